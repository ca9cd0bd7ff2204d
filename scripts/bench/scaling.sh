#!/usr/bin/env bash
# The default job (jobs/fraud-baseline.conf) at growing sizes: generated data of each size, the
# same split/scaling/network/batch, EPOCHS epochs (default 1: the per-row cost of an epoch is what
# grows with the data; more epochs multiply the train stage only). Per stage: seconds and rows/s,
# and per size step the growth ratio time/rows (1.0 = linear). The job's JVM peak RSS (driver and
# local executors are one process in local mode) is read from /proc while it runs.
# Writes bench/results/scaling.json.
#   SIZES (default "1000000 10000000")  EPOCHS (default 1)  extra args go to `fulcrum train`
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$ROOT"
ensure_build
SIZES=${SIZES:-"1000000 10000000"}
EPOCHS=${EPOCHS:-1}
MACHINE=$(machine_json)
runs=()
for n in $SIZES; do
  out="$SCRATCH/scaling-$n"
  rm -rf "$out"
  echo "scaling: $n rows, $EPOCHS epoch(s) -> $out (log $SCRATCH/scaling-$n.log)" >&2
  start=$(date +%s.%N)
  watched scaling "$SCRATCH/scaling-$n.log" "$SCRATCH/scaling-$n.rss.json" -- \
    ./scripts/fulcrum train --job jobs/fraud-baseline.conf --set output.dir="\"$out\"" \
    --set data.generate.rows="$n" --set training.epochs="$EPOCHS" "$@"
  wall=$(echo "$(date +%s.%N) - $start" | bc)
  runs+=("$(latest_run "$out")/metrics.json" "$wall" "$SCRATCH/scaling-$n.rss.json")
done
MACHINE="$MACHINE" EPOCHS="$EPOCHS" python3 - "$RESULTS/scaling.json" "${runs[@]}" <<'PY'
import json, os, sys
out, args = sys.argv[1], sys.argv[2:]
sizes = []
for i in range(0, len(args), 3):
    m, wall, rss = json.load(open(args[i])), float(args[i + 1]), json.load(open(args[i + 2]))
    t, rows = m["timings"], m["data"]["rows"]
    split = next(s for s in m["stages"] if s["stage"] == "split: train")
    train_rows = split["out"]["negatives"] + split["out"]["positives"]
    stages = {k: v for k, v in t.items() if k != "total" and v > 0}
    per_stage = {}
    for k, v in stages.items():
        # rows each stage touches: every epoch passes over the train split; evaluate scores the
        # validation and test splits; the data stages see every row
        n = train_rows * int(os.environ["EPOCHS"]) if k == "train" else rows - train_rows if k == "evaluate" \
            else 1 if k == "write" else rows
        per_stage[k] = {"seconds": v, "rowsCounted": n, "rowsPerSecond": n / v} if k != "write" else {"seconds": v}
    sizes.append({"rows": rows, "positives": m["data"]["positives"], "trainRows": train_rows,
                  "processWallSeconds": wall, "jobSeconds": t["total"], "stages": per_stage,
                  "rowsPerSecondEndToEnd": rows / wall,
                  "trainExamplesPerSecondByEpoch": [e["examplesPerSecond"] for e in m["training"]["epochs"]],
                  "peakRssMiB": rss["byRole"].get("driver", {}).get("maxPeakRssMiB"),
                  "testPrAuc": m["test"]["prAuc"], "testRocAuc": m["test"]["rocAuc"],
                  "bayesOptimalPrAuc": m.get("bayesOptimal", {}).get("prAuc")})
growth = []
for a, b in zip(sizes, sizes[1:]):
    r = b["rows"] / a["rows"]
    g = {"fromRows": a["rows"], "toRows": b["rows"], "rowsRatio": r,
         "jobTimeRatio": b["jobSeconds"] / a["jobSeconds"],
         "jobTimeRatioOverRowsRatio": b["jobSeconds"] / a["jobSeconds"] / r,
         "stageTimeRatioOverRowsRatio": {k: (b["stages"][k]["seconds"] / a["stages"][k]["seconds"] / r)
                                         for k in a["stages"] if k in b["stages"] and a["stages"][k]["seconds"] > 0},
         "peakRssRatio": (b["peakRssMiB"] / a["peakRssMiB"]) if a["peakRssMiB"] else None}
    growth.append(g)
res = {"machine": json.loads(os.environ["MACHINE"]),
       "job": "jobs/fraud-baseline.conf, data.generate.rows = each size, training.epochs = " + os.environ["EPOCHS"],
       "sizes": sizes, "growth": growth,
       "reading": "stageTimeRatioOverRowsRatio 1.0 = the stage grows linearly with the rows; < 1 = fixed costs "
                  "(Spark jobs, JVM warm-up) still dominate the smaller size; > 1 = super-linear"}
json.dump(res, open(out, "w"), indent=2)
print(json.dumps([{k: s[k] for k in ("rows", "jobSeconds", "peakRssMiB")} for s in sizes]))
print(json.dumps([{k: g[k] for k in ("rowsRatio", "jobTimeRatioOverRowsRatio")} for g in growth]))
PY
