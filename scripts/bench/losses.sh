#!/usr/bin/env bash
# JMH: score+gradient of every dev.fulcrum.loss loss on 4096x1 (sigmoid) and 4096x2 (softmax)
# minibatches, as a ratio to DL4J's LossBinaryXENT measured in the same run.
# Writes bench/results/losses.json (raw JMH output: target/jmh-losses.json). ~2-3 minutes.
# Env: MVN_FLAGS (default "-o", offline), JMH_ARGS (override the short JMH settings).
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q ${MVN_FLAGS--o} test-compile dependency:build-classpath -DskipShade=true \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
cp="target/test-classes:target/classes:$(cat target/test-classpath.txt)"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
java -cp "$cp" -Dorg.bytedeco.javacpp.cachedir=target/javacpp org.openjdk.jmh.Main \
    'dev.fulcrum.loss.bench.LossBenchmark' ${JMH_ARGS:--f 1 -wi 3 -w 300ms -i 8 -r 300ms} \
    -jvmArgs "-Xmx2g -Dorg.bytedeco.javacpp.cachedir=target/javacpp" \
    -rf json -rff target/jmh-losses.json
mkdir -p bench/results
/usr/bin/python3 - target/jmh-losses.json bench/results/losses.json <<'PY'
import json, os, platform, subprocess, sys, datetime
raw = json.load(open(sys.argv[1]))
rows = {}
for b in raw:
    p = b["params"]
    m = b["primaryMetric"]
    sec = b.get("secondaryMetrics", {})
    its = sorted(x for fork in m["rawData"] for x in fork)
    cpu_ns = sum(x for fork in sec["cpuNanos"]["rawData"] for x in fork)
    calls = sum(x for fork in sec["calls"]["rawData"] for x in fork)
    rows[(p["loss"], int(p["columns"]))] = {
        "cpu": cpu_ns / calls / 1000.0, "calls": calls,
        "mean": m["score"], "error": m["scoreError"], "min": its[0], "median": its[len(its) // 2]}
# The 2 cores are shared with other builds: wall-clock time mostly measures waiting. The primary
# ratio uses the thread CPU time per call (ND4J runs these small ops on the calling thread with
# OMP_NUM_THREADS=1); wall-clock ratios (fastest iteration, median, mean) are reported next to it.
results = []
ok = True
for (loss, cols), m in sorted(rows.items(), key=lambda kv: (kv[0][1], kv[0][0] != "xent", kv[0][0])):
    base = rows[("xent", cols)]
    ratio = m["cpu"] / base["cpu"]
    if loss != "xent":
        ok = ok and ratio <= 2.0
    results.append({
        "loss": loss,
        "shape": "4096x%d" % cols,
        "activation": "sigmoid" if cols == 1 else "softmax",
        "cpuUsPerOp": round(m["cpu"], 1),
        "calls": int(m["calls"]),
        "ratioToLossBinaryXENT": round(ratio, 3),
        "wallUsPerOpMin": round(m["min"], 1),
        "wallUsPerOpMedian": round(m["median"], 1),
        "wallUsPerOpMean": round(m["mean"], 1),
        "wallRatioOfMin": round(m["min"] / base["min"], 3),
        "wallRatioOfMedians": round(m["median"] / base["median"], 3),
    })
try:
    rev = subprocess.check_output(["git", "rev-parse", "--short", "HEAD"], text=True).strip()
except Exception:
    rev = None
out = {
    "benchmark": "dev.fulcrum.loss.bench.LossBenchmark.scoreAndGradient (computeGradientAndScore, float, average=true)",
    "baseline": "org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT (DL4J 1.0.0-M2), same run",
    "target": "every loss within 2x of LossBinaryXENT",
    "allWithinTarget": ok,
    "unit": "us/op",
    "ratioDefinition": "ratioToLossBinaryXENT = calling-thread CPU time per call of the loss / that of LossBinaryXENT (same shape, same run); wall-clock ratios alongside (disturbed by other processes on the shared machine)",
    "loadAverage1m": os.getloadavg()[0],
    "jmh": {"forks": raw[0]["forks"], "warmupIterations": raw[0]["warmupIterations"],
            "measurementIterations": raw[0]["measurementIterations"],
            "measurementTime": raw[0]["measurementTime"], "jvm": raw[0]["vmVersion"],
            "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS")},
    "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
    "gitRevision": rev,
    "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "results": results,
}
json.dump(out, open(sys.argv[2], "w"), indent=2)
print(json.dumps(results, indent=1))
PY
