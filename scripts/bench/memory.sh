#!/usr/bin/env bash
# Peak RSS of the driver and of each executor for the default job (jobs/fraud-baseline.conf,
# 284,807 generated rows) on a real standalone cluster on 127.0.0.1 (scripts/local-cluster.sh:
# master + 2 workers, separate JVMs), submitted with scripts/submit.sh in client mode. RSS is read
# from /proc (VmHWM) while the job runs and compared with the heap each JVM was given: the
# difference is what spark.executor.memoryOverhead / a container limit must leave room for (ND4J's
# off-heap buffers, metaspace, threads). Writes bench/results/memory.json.
#   EPOCHS (default 2)  EXECUTOR_MEMORY (default 2g)  DRIVER_HEAP (default 2g)
#   SPARK_MASTER_PORT / SPARK_MASTER_WEBUI_PORT as for local-cluster.sh; extra args go to `fulcrum train`
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$ROOT"
ensure_build
EPOCHS=${EPOCHS:-2}
EXECUTOR_MEMORY=${EXECUTOR_MEMORY:-2g}
DRIVER_HEAP=${DRIVER_HEAP:-2g}
MACHINE=$(machine_json)
out="$SCRATCH/memory"
rm -rf "$out"
share_data "$out"
export WORKERS=2 WORKER_CORES=1 WORKER_MEMORY=${WORKER_MEMORY:-3g}
trap 'scripts/local-cluster.sh stop >/dev/null 2>&1 || true' EXIT
scripts/local-cluster.sh start > "$SCRATCH/memory-cluster.log" 2>&1
start=$(date +%s.%N)
watched memory "$SCRATCH/memory.log" "$SCRATCH/memory.rss.json" --also CoarseGrainedExecutorBackend -- \
  env FULCRUM_DRIVER_JAVA_OPTS="-Xmx$DRIVER_HEAP" scripts/submit.sh \
  --master "spark://127.0.0.1:${SPARK_MASTER_PORT:-7077}" --executor-memory "$EXECUTOR_MEMORY" --total-executor-cores 2 -- \
  train --job jobs/fraud-baseline.conf --set output.dir="\"$out\"" --set training.epochs="$EPOCHS" \
  --set training.approach=direct "$@"
wall=$(echo "$(date +%s.%N) - $start" | bc)
MACHINE="$MACHINE" python3 - "$SCRATCH/memory.rss.json" "$(latest_run "$out")/metrics.json" "$wall" \
  "$EXECUTOR_MEMORY" "$DRIVER_HEAP" "$EPOCHS" "$RESULTS/memory.json" <<'PY'
import json, os, sys
rss, m = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
wall, ex_mem, drv_heap, epochs, out = float(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6], sys.argv[7]
mib = lambda s: float(s[:-1]) * {"g": 1024, "m": 1}[s[-1].lower()]
procs = [p for p in rss["processes"] if p["role"] in ("driver", "executor")]
res = {"machine": json.loads(os.environ["MACHINE"]),
       "job": "jobs/fraud-baseline.conf, training.epochs = " + epochs + ", training.approach = direct, standalone cluster on 127.0.0.1: "
              "2 workers x 1 core, 2 executors, client mode",
       "rows": m["data"]["rows"], "processWallSeconds": wall, "jobSeconds": m["timings"]["total"],
       "driverHeapMiB": mib(drv_heap), "executorHeapMiB": mib(ex_mem),
       "driverPeakRssMiB": rss["byRole"].get("driver", {}).get("maxPeakRssMiB"),
       "executorPeakRssMiB": [p["peakRssMiB"] for p in procs if p["role"] == "executor"],
       "testPrAuc": m["test"]["prAuc"], "processes": procs, "sampleIntervalSeconds": rss["sampleIntervalSeconds"]}
res["driverPeakRssOverHeap"] = res["driverPeakRssMiB"] / res["driverHeapMiB"] if res["driverPeakRssMiB"] else None
res["executorPeakRssOverHeap"] = [r / res["executorHeapMiB"] for r in res["executorPeakRssMiB"]]
json.dump(res, open(out, "w"), indent=2)
print(json.dumps({k: res[k] for k in ("driverPeakRssMiB", "executorPeakRssMiB", "driverPeakRssOverHeap",
                                      "executorPeakRssOverHeap", "jobSeconds")}))
PY
