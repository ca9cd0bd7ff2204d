#!/usr/bin/env bash
# Issue 14's goal, measured: per table, `fulcrum tune` with its default budget against the baselines
# users pick instead (MLlib LR, MLlib GBT, XGBoost4J-Spark) from one `fulcrum compare` on the same
# split (split.seed = 7 in both; compare seed 7 = split 7). What a user gets without a job file:
# conf/defaults.conf plus the data (each ../shared/data/real table's .numeric.csv, and the default
# generated fraud data), evaluation.minPrAucLift = 0. Test PR-AUC of the tuned, retrained and
# published winner vs each baseline's; wall seconds of each command. Writes bench/results/tune.json.
#   REAL (default ../shared/data/real)  TABLES (default: every <stem>.numeric.csv there, then "generated")
#   TUNE_SETS: extra --set arguments for tune and compare alike (space-separated key=value)
#   SUFFIX (default .numeric.csv): which file of each table; .csv = the raw strings and empty cells
#   OUT (default tune): the result's name, bench/results/$OUT.json
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$ROOT"
ensure_build
REAL=${REAL:-"$ROOT/../shared/data/real"}
SUFFIX=${SUFFIX:-.numeric.csv}
if [ -z "${TABLES:-}" ]; then
  TABLES="$(cd "$REAL" && ls -1 *.numeric.csv | sed 's/\.numeric\.csv$//' | tr '\n' ' ') generated"
fi
MACHINE=$(machine_json)
runs=()
for table in $TABLES; do
  out="$SCRATCH/${OUT:-tune}/$table"
  rm -rf "$out"
  mkdir -p "$out"
  args=(--set output.dir="\"$out\"" --set evaluation.minPrAucLift=0 --set job.name="$table")
  if [ "$table" = generated ]; then
    share_data "$out"
  else
    args+=(--set data.input="\"$(cd "$REAL" && pwd)/$table$SUFFIX\"")
  fi
  for kv in ${TUNE_SETS:-}; do args+=(--set "$kv"); done
  echo "tune: $table compare -> $out" >&2
  start=$(date +%s.%N)
  ./scripts/fulcrum compare "${args[@]}" --set 'compare.seeds=[7]' \
    --set 'compare.baselines=[logistic-regression, gbt, xgboost]' > "$out/compare.log" 2>&1 \
    || { echo "failed: see $out/compare.log" >&2; exit 1; }
  compareWall=$(echo "$(date +%s.%N) - $start" | bc)
  echo "tune: $table tune" >&2
  start=$(date +%s.%N)
  ./scripts/fulcrum tune "${args[@]}" > "$out/tune.log" 2>&1 || { echo "failed: see $out/tune.log" >&2; exit 1; }
  tuneWall=$(echo "$(date +%s.%N) - $start" | bc)
  runs+=("$table" "$(find "$out" -name compare.json | head -1)" "$compareWall" \
    "$(find "$out" -name tune.json | head -1)" "$tuneWall")
done
MACHINE="$MACHINE" SUFFIX="$SUFFIX" python3 - "$RESULTS/${OUT:-tune}.json" "${runs[@]}" <<'PY'
import json, os, sys
out, args = sys.argv[1], sys.argv[2:]
rows = []
for i in range(0, len(args), 5):
    table, cpath, cwall, tpath, twall = args[i:i + 5]
    c, t = json.load(open(cpath)), json.load(open(tpath))
    by = {e["name"]: e["runs"][0]["prAuc"] for e in c["leaderboard"] if e["runs"]}
    baselines = {k: v for k, v in by.items() if k in ("logistic-regression", "gbt", "xgboost")}
    network = {k: v for k, v in by.items() if k not in baselines}
    best = max(baselines, key=baselines.get)
    tuned = t["published"]["testPrAuc"]
    win = t["trials"][t["winner"]]
    rows.append({"table": table, "testPositives": c["splits"][0]["testPositives"],
                 "tunedTestPrAuc": tuned, "tunedValidationPrAuc": t["published"]["validationPrAuc"],
                 "tunedOverBayes": t["published"].get("testPrAucOverBayes"),
                 "baselineTestPrAuc": baselines, "defaultNetworkTestPrAuc": network,
                 "bestBaseline": best, "tunedOverBestBaseline": tuned / baselines[best] if baselines[best] > 0 else None,
                 "tunedAtLeastBestBaseline": tuned >= baselines[best],
                 "winner": win["config"], "winnerOverrides": win["overrides"], "trialsRun": len(t["trials"]),
                 "stoppedBy": t["stoppedBy"], "searchedOnSample": t.get("sample") is not None,
                 "compareWallSeconds": float(cwall), "tuneWallSeconds": float(twall)})
json.dump({"machine": json.loads(os.environ["MACHINE"]),
           "setup": "per table: fulcrum compare (compare.seeds = [7], baselines LR, GBT, XGBoost, one default network "
                    "cell) and fulcrum tune with the default budget, both with conf/defaults.conf, data.input = the "
                    "table (generated: the default fraud data), evaluation.minPrAucLift = 0; same split (seed 7)",
           "tableFile": "<stem>" + os.environ["SUFFIX"],
           "tuneSets": os.environ.get("TUNE_SETS", ""), "runs": rows}, open(out, "w"), indent=2)
for r in rows:
    b = r["baselineTestPrAuc"]
    print(f"{r['table']}: tuned {r['tunedTestPrAuc']:.3f} vs " + ", ".join(f"{k} {v:.3f}" for k, v in b.items())
          + (" WIN" if r["tunedAtLeastBestBaseline"] else " loss"))
PY
