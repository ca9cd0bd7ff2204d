#!/usr/bin/env bash
# data.encoding on the raw real tables (<stem>.csv: string categorical columns and empty cells as they
# come, detected by data.categorical = auto), one `fulcrum train` per table and encoding with every
# other key at its default (scripts/bench/lib/tables.sh says how each run is set up); test and
# validation PR-AUC. Writes bench/results/categorical.json.
#   TABLES (default: the tables with string columns)
#   CONFIGS (default "onehot target target5 target80"): targetM = data.targetSmoothing M
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/tables.sh"
config_args() {
  case "$1" in
    onehot) echo "data.encoding=onehot" ;;
    target) echo "data.encoding=target" ;;
    target*) echo "data.encoding=target"; echo "data.targetSmoothing=${1#target}" ;;
    *) echo "categorical.sh: unknown config $1" >&2; exit 2 ;;
  esac
}
export SUFFIX=.csv
export TABLES=${TABLES:-"breast_cancer credit_data credit_g mlc_churn"}
run_table_configs categorical "fulcrum train with conf/defaults.conf, data.input = the raw table <stem>.csv \
(strings and empty cells; data.categorical = auto), evaluation.minPrAucLift = 0; onehot = data.encoding onehot, \
target = data.encoding target (data.targetSmoothing 20), targetM = target with data.targetSmoothing M" \
"onehot target target5 target80"
