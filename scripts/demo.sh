#!/usr/bin/env bash
# The main job end to end on an embedded default: builds Fulcrum if needed, generates 284,807
# fraud-like rows (0.172% positives) under runs/data/, trains the baseline MLP with DL4J parameter
# averaging on local Spark, prints the test metrics and the run directory.
# Extra arguments go to `fulcrum train`, e.g. ./scripts/demo.sh --set training.epochs=2
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
start=$(date +%s)
./scripts/fulcrum train --job jobs/fraud-baseline.conf "$@"
echo "demo wall time: $(( $(date +%s) - start ))s"
