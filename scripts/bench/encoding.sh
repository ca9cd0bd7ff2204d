#!/usr/bin/env bash
# Piecewise-linear encoding of the numeric columns (scaling.bins) against the plain scaled columns on
# the real tables and the generated data (scripts/bench/lib/tables.sh says how each run is set up);
# test and validation PR-AUC, fit seconds. Writes bench/results/encoding.json.
#   CONFIGS (default "bins0 bins8 bins16"): binsN = scaling.bins N (0 = off)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/tables.sh"
config_args() {
  echo "scaling.bins=${1#bins}"
}
run_table_configs encoding "fulcrum train with conf/defaults.conf, data.input = the table (generated: the default \
fraud data), evaluation.minPrAucLift = 0; binsN = scaling.bins N (piecewise-linear encoding over N train-split \
quantile bins; 0 = off)" "bins0 bins8 bins16"
