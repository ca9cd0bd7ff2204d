# Shared by the benchmarks that compare configurations on the real tables the way a user meets them:
# conf/defaults.conf plus the data (each ../shared/data/real table's .numeric.csv, and the default
# generated fraud data), evaluation.minPrAucLift = 0 so every model is kept, one `fulcrum train` run
# per table and configuration on the same split (split.seed = 7).
# The caller sources common.sh, defines config_args <cfg> (prints one --set argument per line) and
# calls run_table_configs <name> <setup sentence> <default configs>; it writes bench/results/<name>.json.
#   REAL (default ../shared/data/real)  TABLES (default: every <stem>.numeric.csv there, then "generated")
#   CONFIGS (default: the caller's)
#   SUFFIX (default .numeric.csv): which file of each table, e.g. .csv for the raw strings and empty cells
run_table_configs() {
  local name=$1 setup=$2 configs=${CONFIGS:-$3}
  cd "$ROOT"
  ensure_build
  local real=${REAL:-"$ROOT/../shared/data/real"} tables=${TABLES:-} suffix=${SUFFIX:-.numeric.csv}
  if [ -z "$tables" ]; then
    tables="$(cd "$real" && ls -1 *.numeric.csv | sed 's/\.numeric\.csv$//' | tr '\n' ' ') generated"
  fi
  local machine runs=() table cfg out start wall extra
  machine=$(machine_json)
  for table in $tables; do
    for cfg in $configs; do
      out="$SCRATCH/$name/$table-$cfg"
      rm -rf "$out"
      mkdir -p "$out"
      local args=(--set output.dir="\"$out\"" --set evaluation.minPrAucLift=0 --set job.name="$table-$cfg")
      if [ "$table" = generated ]; then
        share_data "$out"
      else
        args+=(--set data.input="\"$(cd "$real" && pwd)/$table$suffix\"")
      fi
      while IFS= read -r extra; do
        [ -n "$extra" ] && args+=(--set "$extra")
      done < <(config_args "$cfg")
      echo "$name: $table $cfg -> $out" >&2
      start=$(date +%s.%N)
      ./scripts/fulcrum train "${args[@]}" > "$out.log" 2>&1 || { echo "failed: see $out.log" >&2; exit 1; }
      wall=$(echo "$(date +%s.%N) - $start" | bc)
      runs+=("$table" "$cfg" "$(latest_run "$out")/metrics.json" "$wall")
    done
  done
  MACHINE="$machine" SETUP="$setup" python3 - "$RESULTS/$name.json" "${runs[@]}" <<'PY'
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
json.dump({"machine": json.loads(os.environ["MACHINE"]), "setup": os.environ["SETUP"],
           "runs": rows, "testPrAucByTable": by}, open(out, "w"), indent=2)
for t, v in by.items():
    print(t, " ".join(f"{k}={x:.3f}" for k, x in v.items()))
PY
}
