#!/usr/bin/env bash
# The full default job end to end (jobs/fraud-baseline.conf: 284,807 generated rows, 5 epochs of
# parameter averaging) from a fresh output directory; wall time split by stage from metrics.json
# `timings`, and the JVM's peak RSS. Writes bench/results/e2e.json. Extra args go to `fulcrum train` (e.g. --set
# training.epochs=2).
#   E2E_GENERATE=1  also time data generation (default: reuse runs/data/ if a job generated it)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$ROOT"
MACHINE=$(machine_json)
out="$SCRATCH/e2e"
rm -rf "$out"
[ "${E2E_GENERATE:-0}" = 1 ] || share_data "$out"
start=$(date +%s.%N)
watched e2e "$SCRATCH/e2e.log" "$SCRATCH/e2e.rss.json" -- \
  ./scripts/fulcrum train --job jobs/fraud-baseline.conf --set output.dir="\"$out\"" "$@"
wall=$(echo "$(date +%s.%N) - $start" | bc)
MACHINE="$MACHINE" python3 - "$(latest_run "$out")/metrics.json" "$wall" "$RESULTS/e2e.json" "$*" "$SCRATCH/e2e.rss.json" <<'PY'
import json, os, sys
m, wall, out, args = json.load(open(sys.argv[1])), float(sys.argv[2]), sys.argv[3], sys.argv[4]
rss = json.load(open(sys.argv[5]))
t = m["timings"]
total = t["total"]
res = {"machine": json.loads(os.environ["MACHINE"]), "job": "jobs/fraud-baseline.conf " + args,
       "rows": m["data"]["rows"], "positives": m["data"]["positives"],
       "processWallSeconds": wall, "jobSeconds": total,
       "jvmAndSessionStartSeconds": wall - total,
       "stageSeconds": {k: v for k, v in t.items() if k != "total"},
       "stageFractionOfJob": {k: v / total for k, v in t.items() if k != "total"},
       "rowsPerSecondEndToEnd": m["data"]["rows"] / wall,
       "trainExamplesPerSecondByEpoch": [e["examplesPerSecond"] for e in m["training"]["epochs"]],
       "testPrAuc": m["test"]["prAuc"], "testRocAuc": m["test"]["rocAuc"],
       "bayesOptimalPrAuc": m.get("bayesOptimal", {}).get("prAuc"),
       # local mode: the driver and the local executors are one JVM
       "peakRssMiB": rss["byRole"].get("driver", {}).get("maxPeakRssMiB")}
json.dump(res, open(out, "w"), indent=2)
print(json.dumps({k: res[k] for k in ("processWallSeconds", "stageSeconds", "peakRssMiB")}))
PY
