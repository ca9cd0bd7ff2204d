#!/usr/bin/env bash
# EasyEnsemble (ensemble.members) against one network, what a user gets without a job file:
# conf/defaults.conf plus the data (each ../shared/data/real table's .numeric.csv, and the default
# generated fraud data), evaluation.minPrAucLift = 0 so every model is kept. Per table and
# configuration one `fulcrum train` run (same split, split.seed = 7); test and validation PR-AUC,
# fit seconds. Writes bench/results/ensemble.json.
#   REAL (default ../shared/data/real)  TABLES (default: every <stem>.numeric.csv there, then "generated")
#   CONFIGS (default "single ens10-r1 ens10-r4"): single = members 0; ensN-rR = members N, ratio R
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$ROOT"
ensure_build
REAL=${REAL:-"$ROOT/../shared/data/real"}
if [ -z "${TABLES:-}" ]; then
  TABLES="$(cd "$REAL" && ls -1 *.numeric.csv | sed 's/\.numeric\.csv$//' | tr '\n' ' ') generated"
fi
CONFIGS=${CONFIGS:-"single ens10-r1 ens10-r4"}
MACHINE=$(machine_json)
runs=()
for table in $TABLES; do
  for cfg in $CONFIGS; do
    out="$SCRATCH/ensemble/$table-$cfg"
    rm -rf "$out"
    mkdir -p "$out"
    args=(--set output.dir="\"$out\"" --set evaluation.minPrAucLift=0 --set job.name="$table-$cfg")
    if [ "$table" = generated ]; then
      share_data "$out"
    else
      args+=(--set data.input="\"$(cd "$REAL" && pwd)/$table.numeric.csv\"")
    fi
    if [ "$cfg" != single ]; then
      members=${cfg#ens}; members=${members%%-*}; ratio=${cfg##*-r}
      args+=(--set ensemble.members="$members" --set ensemble.ratio="$ratio")
    fi
    echo "ensemble: $table $cfg -> $out" >&2
    start=$(date +%s.%N)
    ./scripts/fulcrum train "${args[@]}" > "$out.log" 2>&1 || { echo "failed: see $out.log" >&2; exit 1; }
    wall=$(echo "$(date +%s.%N) - $start" | bc)
    runs+=("$table" "$cfg" "$(latest_run "$out")/metrics.json" "$wall")
  done
done
MACHINE="$MACHINE" python3 - "$RESULTS/ensemble.json" "${runs[@]}" <<'PY'
import json, os, sys
out, args = sys.argv[1], sys.argv[2:]
rows = []
for i in range(0, len(args), 4):
    table, cfg, path, wall = args[i], args[i + 1], args[i + 2], float(args[i + 3])
    m = json.load(open(path))
    e = m.get("ensemble")
    rows.append({"table": table, "config": cfg, "testPrAuc": m["test"]["prAuc"], "testRocAuc": m["test"]["rocAuc"],
                 "validationPrAuc": m["validation"]["prAuc"], "testPositives": m["test"]["positives"],
                 "trainSeconds": m["timings"].get("train"), "processWallSeconds": wall,
                 "trainingExamples": m["training"]["examples"], "batchSize": m["training"]["batchSize"],
                 "members": e["members"] if e else 0,
                 "memberBestEpochs": [r["bestEpoch"] for r in e["byMember"]] if e else None,
                 "bayesOptimalPrAuc": (m.get("bayesOptimal") or {}).get("prAuc")})
by = {}
for r in rows:
    by.setdefault(r["table"], {})[r["config"]] = r["testPrAuc"]
json.dump({"machine": json.loads(os.environ["MACHINE"]),
           "setup": "fulcrum train with conf/defaults.conf, data.input = the table (generated: the default fraud data), "
                    "evaluation.minPrAucLift = 0; single = one network, ensN-rR = ensemble.members N, ensemble.ratio R",
           "runs": rows, "testPrAucByTable": by}, open(out, "w"), indent=2)
for t, v in by.items():
    print(t, " ".join(f"{k}={x:.3f}" for k, x in v.items()))
PY
