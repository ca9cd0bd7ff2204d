#!/usr/bin/env bash
# Quality of distributed training: test PR-AUC of the default job (jobs/fraud-baseline.conf,
# 284,807 generated rows) trained locally (MultiLayerNetwork.fit) and with parameter averaging
# (the fulcrum engine and DL4J's), at equal epochs (early stopping off; the best validation epoch
# is kept), over SEEDS (default 1,2,3; each seed one split shared by the three). The goal:
# mean test PR-AUC of parameter averaging >= 0.98 x local. Writes bench/results/train-quality.json.
#   SEEDS (default 1,2,3)  EPOCHS (default: the job's)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$ROOT"
SEEDS=${SEEDS:-1,2,3}
EXTRA=()
[ -n "${EPOCHS:-}" ] && EXTRA+=(--set "training.epochs=$EPOCHS")
share_data "$SCRATCH/quality"
MACHINE=$(machine_json)
bench_java dev.fulcrum.bench.TrainQualityBenchmark jobs/fraud-baseline.conf "$SCRATCH/train-quality.raw.json" "$SEEDS" \
  --set "output.dir=\"$SCRATCH/quality\"" ${EXTRA[@]+"${EXTRA[@]}"} > "$SCRATCH/train-quality.log" 2>&1
MACHINE="$MACHINE" python3 - "$SCRATCH/train-quality.raw.json" "$RESULTS/train-quality.json" <<'PY'
import json, os, sys
r = json.load(open(sys.argv[1]))
r["machine"] = json.loads(os.environ["MACHINE"])
json.dump(r, open(sys.argv[2], "w"), indent=2)
print(json.dumps(r["ratios"]))
PY
