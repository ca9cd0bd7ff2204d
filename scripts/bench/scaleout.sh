#!/usr/bin/env bash
# Scale-out of parameter averaging on a real standalone cluster (scripts/local-cluster.sh: master +
# W workers x 1 core, separate JVMs on 127.0.0.1): the default job (jobs/fraud-baseline.conf,
# generated rows) with training.mode = spark, engine = fulcrum, on 1 worker and then on 2 workers,
# same data, same settings; examples/s of the last epoch of each -> the speed-up ratio (goal >= 1.7),
# per averaging frequency. Each epoch's per-worker seconds in fit and waiting for the average (the
# driver's "epoch N: ... fit [...] s, waiting for the average [...] s" lines) are recorded too.
# On this 2-core machine the driver shares the cores with the workers, so 2 workers can never reach 2.
# Writes bench/results/scaleout.json.
#   EPOCHS (default 3)  ENGINE (default fulcrum)  ROWS (default 284807)  FREQS (default "5")
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$ROOT"
ensure_build
# submit.sh runs the cluster jar: rebuild it when the classes are newer
JAR=$(ls target/fulcrum-*-cluster.jar 2>/dev/null | head -1 || true)
if [ -z "$JAR" ] || [ -n "$(find target/classes -newer "$JAR" -name '*.class' -print -quit)" ]; then
  mvn -B -q ${MVN_FLAGS--o} -DskipTests package
fi
EPOCHS=${EPOCHS:-3}
ENGINE=${ENGINE:-fulcrum}
ROWS=${ROWS:-284807}
FREQS=${FREQS:-5}
MACHINE=$(machine_json)
trap 'scripts/local-cluster.sh stop >/dev/null 2>&1 || true' EXIT
runs=()
for F in $FREQS; do
  for W in 1 2; do
    out="$SCRATCH/scaleout-$W-f$F"
    rm -rf "$out"
    if [ "$ROWS" = 284807 ]; then
      share_data "$out"
    else # generated once by the first run, then shared
      mkdir -p "$out" "$SCRATCH/scaleout-data-$ROWS"
      ln -sfn "$SCRATCH/scaleout-data-$ROWS" "$out/data"
    fi
    WORKERS=$W WORKER_CORES=1 WORKER_MEMORY=3g scripts/local-cluster.sh start > "$SCRATCH/scaleout-cluster-$W.log" 2>&1
    env FULCRUM_DRIVER_JAVA_OPTS="-Xmx3g" scripts/submit.sh \
      --master "spark://127.0.0.1:${SPARK_MASTER_PORT:-7077}" --executor-memory 2g --total-executor-cores "$W" -- \
      train --job jobs/fraud-baseline.conf --set output.dir="\"$out\"" --set training.epochs="$EPOCHS" \
      --set data.generate.rows="$ROWS" --set training.averagingFrequency="$F" \
      --set training.mode=spark --set training.engine="$ENGINE" --set training.approach=direct \
      --set training.earlyStopping.patience=0 > "$SCRATCH/scaleout-$W-f$F.log" 2>&1
    scripts/local-cluster.sh stop > /dev/null 2>&1
    runs+=("$W" "$F" "$(latest_run "$out")/metrics.json" "$SCRATCH/scaleout-$W-f$F.log")
  done
done
MACHINE="$MACHINE" ROWS="$ROWS" python3 - "$RESULTS/scaleout.json" "$ENGINE" "${runs[@]}" <<'PY'
import json, os, re, sys
out, engine, args = sys.argv[1], sys.argv[2], sys.argv[3:]
res = {"machine": json.loads(os.environ["MACHINE"]), "engine": engine,
       "job": "jobs/fraud-baseline.conf, data.generate.rows = " + os.environ["ROWS"]
              + ", training.mode = spark, standalone cluster on 127.0.0.1, 1 core per worker",
       "byFrequency": {}}
line = re.compile(r"epoch (\d+): (\d+) workers, (\d+) averaging rounds; per worker fit \[([^\]]*)\] s, "
                  r"waiting for the average \[([^\]]*)\] s")
for i in range(0, len(args), 4):
    w, f, path, log = args[i], args[i + 1], args[i + 2], args[i + 3]
    m = json.load(open(path))
    ep = m["training"]["epochs"]
    split = []
    for l in open(log, errors="replace"):
        g = line.search(l)
        if g:
            split.append({"epoch": int(g.group(1)), "rounds": int(g.group(3)),
                          "fitSeconds": [float(x) for x in g.group(4).split(",")],
                          "waitSeconds": [float(x) for x in g.group(5).split(",")]})
    res["byFrequency"].setdefault(f, {"byWorkers": {}})["byWorkers"][w] = {
        "examplesPerSecondByEpoch": [e["examplesPerSecond"] for e in ep],
        "epochSeconds": [e["seconds"] for e in ep], "testPrAuc": m["test"]["prAuc"],
        "trainExamples": m["training"]["examples"], "workerSecondsByEpoch": split}
for f, r in res["byFrequency"].items():
    a = r["byWorkers"]["1"]["examplesPerSecondByEpoch"][-1]
    b = r["byWorkers"]["2"]["examplesPerSecondByEpoch"][-1]
    r["speedupTwoOverOneWorkerLastEpoch"] = b / a
    print(json.dumps({"averagingFrequency": f, "1 worker": a, "2 workers": b, "speedup": b / a}))
json.dump(res, open(out, "w"), indent=2)
PY
