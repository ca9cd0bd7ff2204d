#!/usr/bin/env bash
# Scale-out of parameter averaging on a real standalone cluster (scripts/local-cluster.sh: master +
# WORKERS x 1 core, separate JVMs on 127.0.0.1): the default job (jobs/fraud-baseline.conf, 284,807
# generated rows) with training.mode = spark, engine = fulcrum, on 1 worker and then on 2 workers,
# same data, same settings; examples/s of the last epoch of each -> the speed-up ratio (goal >= 1.7).
# On this 2-core machine the driver shares the cores with the workers, so 2 workers can never reach 2.
# Writes bench/results/scaleout.json.   EPOCHS (default 3)  ENGINE (default fulcrum)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$ROOT"
ensure_build
EPOCHS=${EPOCHS:-3}
ENGINE=${ENGINE:-fulcrum}
MACHINE=$(machine_json)
trap 'scripts/local-cluster.sh stop >/dev/null 2>&1 || true' EXIT
runs=()
for W in 1 2; do
  out="$SCRATCH/scaleout-$W"
  rm -rf "$out"
  share_data "$out"
  WORKERS=$W WORKER_CORES=1 WORKER_MEMORY=3g scripts/local-cluster.sh start > "$SCRATCH/scaleout-cluster-$W.log" 2>&1
  env FULCRUM_DRIVER_JAVA_OPTS="-Xmx3g" scripts/submit.sh \
    --master "spark://127.0.0.1:${SPARK_MASTER_PORT:-7077}" --executor-memory 2g --total-executor-cores "$W" -- \
    train --job jobs/fraud-baseline.conf --set output.dir="\"$out\"" --set training.epochs="$EPOCHS" \
    --set training.mode=spark --set training.engine="$ENGINE" --set training.approach=direct \
    --set training.earlyStopping.patience=0 > "$SCRATCH/scaleout-$W.log" 2>&1
  scripts/local-cluster.sh stop > /dev/null 2>&1
  runs+=("$(latest_run "$out")/metrics.json")
done
MACHINE="$MACHINE" python3 - "$RESULTS/scaleout.json" "$ENGINE" "${runs[@]}" <<'PY'
import json, os, sys
out, engine, paths = sys.argv[1], sys.argv[2], sys.argv[3:]
res = {"machine": json.loads(os.environ["MACHINE"]), "engine": engine,
       "job": "jobs/fraud-baseline.conf, training.mode = spark, standalone cluster on 127.0.0.1, 1 core per worker",
       "byWorkers": {}}
for w, p in zip((1, 2), paths):
    m = json.load(open(p))
    ep = m["training"]["epochs"]
    res["byWorkers"][str(w)] = {"examplesPerSecondByEpoch": [e["examplesPerSecond"] for e in ep],
                                "epochSeconds": [e["seconds"] for e in ep], "testPrAuc": m["test"]["prAuc"],
                                "trainExamples": m["training"]["examples"]}
a = res["byWorkers"]["1"]["examplesPerSecondByEpoch"][-1]
b = res["byWorkers"]["2"]["examplesPerSecondByEpoch"][-1]
res["speedupTwoOverOneWorkerLastEpoch"] = b / a
json.dump(res, open(out, "w"), indent=2)
print(json.dumps({"1 worker": a, "2 workers": b, "speedup": b / a}))
PY
