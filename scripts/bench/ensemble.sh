#!/usr/bin/env bash
# EasyEnsemble (ensemble.members) against one network on the real tables and the generated data
# (scripts/bench/lib/tables.sh says how each run is set up); test and validation PR-AUC, fit seconds.
# Writes bench/results/ensemble.json.
#   CONFIGS (default "single ens10-r1 ens10-r4"): single = members 0; ensN-rR = members N, ratio R
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/tables.sh"
config_args() {
  [ "$1" = single ] && return 0
  local members=${1#ens} ratio=${1##*-r}
  echo "ensemble.members=${members%%-*}"
  echo "ensemble.ratio=$ratio"
}
run_table_configs ensemble "fulcrum train with conf/defaults.conf, data.input = the table (generated: the default \
fraud data), evaluation.minPrAucLift = 0; single = one network, ensN-rR = ensemble.members N, ensemble.ratio R" \
  "single ens10-r1 ens10-r4"
