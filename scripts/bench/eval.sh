#!/usr/bin/env bash
# Exact distributed evaluation (Fulcrum's BinaryEvaluator) vs MLlib BinaryClassificationMetrics
# (exact, numBins=0) on the same cached synthetic (score, label) rows; each timed twice, the warm
# (second) run is the headline. Writes bench/results/eval.json.
#   ROWS (default 10000000)  PARTITIONS (default 2 x cores)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$ROOT"
ROWS=${ROWS:-10000000}
PARTITIONS=${PARTITIONS:-$(( 2 * $(nproc) ))}
MACHINE=$(machine_json)
bench_java dev.fulcrum.bench.EvalBenchmark "$ROWS" "$PARTITIONS" "$SCRATCH/eval.raw.json" \
  > "$SCRATCH/eval.log" 2>&1
MACHINE="$MACHINE" python3 - "$SCRATCH/eval.raw.json" "$RESULTS/eval.json" <<'PY'
import json, os, sys
r = json.load(open(sys.argv[1]))
r["machine"] = json.loads(os.environ["MACHINE"])
json.dump(r, open(sys.argv[2], "w"), indent=2)
print(json.dumps({k: r[k] for k in ("rows", "fulcrumSeconds", "mllibSeconds", "fulcrumOverMllibTimeRatioWarm")}))
PY
