#!/usr/bin/env bash
# Scoring throughput: trains a small model (20k generated rows, 2 epochs, local fit), generates
# ROWS (default 1,000,000) fraud-like rows as Parquet and times `fulcrum score` on them end to end
# (bundle verification, validation pass, scaling, network on the executors, Parquet write, count).
# Writes bench/results/scoring.json.   MASTER (default local[2]), ROWS, BENCH_DIR.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK=${BENCH_DIR:-$ROOT/target/bench-scoring}
ROWS=${ROWS:-1000000}
MASTER=${MASTER:-local[2]}
F="$ROOT/scripts/fulcrum"
export FULCRUM_DRIVER_MEMORY=${FULCRUM_DRIVER_MEMORY:-4g}
mkdir -p "$WORK"
if [ ! -f "$WORK/runs/latest" ]; then
  "$F" train --job "$ROOT/jobs/fraud-baseline.conf" --set "output.dir=\"$WORK/runs\"" --set job.name=bench \
    --set data.generate.rows=20000 --set data.generate.fraudRate=0.02 --set data.generate.partitions=2 \
    --set training.mode=local --set training.epochs=2 --set "spark.master=\"$MASTER\""
fi
INPUT="$WORK/input-$ROWS.parquet"
[ -d "$INPUT" ] || "$F" generate --rows "$ROWS" --output "$INPUT" --format parquet --partitions 8 \
  --no-bayes-column --master "$MASTER"
T0=$(date +%s.%N)
"$F" score --model "$WORK/runs" --input "$INPUT" --output "$WORK/scored" --format parquet --overwrite \
  --set "spark.master=\"$MASTER\""
T1=$(date +%s.%N)
python3 - "$WORK/scored/_scoring.json" "$ROOT/bench/results/scoring.json" "$MASTER" "$T0" "$T1" <<'PY'
import json, sys, os, platform, datetime
s = json.load(open(sys.argv[1]))
wall = float(sys.argv[5]) - float(sys.argv[4])
out = {
  "what": "fulcrum score end to end on generated fraud-like Parquet (30 features, 30-64-32-1 MLP)",
  "date": datetime.datetime.utcnow().isoformat(timespec="seconds") + "Z",
  "master": sys.argv[3], "cores": os.cpu_count(), "machineLoadAvg1m": os.getloadavg()[0],
  "rows": s["rows"], "decisionPositives": s["decisionPositives"],
  "jobSeconds": round(s["seconds"], 2), "rowsPerSecond": round(s["rowsPerSecond"]),
  "processWallSeconds": round(wall, 2), "rowsPerSecondIncludingJvmAndSparkStartup": round(s["rows"] / wall),
  "note": "jobSeconds covers bundle verification, the validation pass, scaling, scoring, the write and a count;"
          " the machine was shared with other builds (see machineLoadAvg1m)",
}
json.dump(out, open(sys.argv[2], "w"), indent=2)
print(json.dumps(out, indent=2))
PY
