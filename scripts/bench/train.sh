#!/usr/bin/env bash
# Training throughput: DL4J parameter averaging on local Spark (training.mode=spark) vs
# single-machine DL4J MultiLayerNetwork.fit on the driver (training.mode=local), same data
# (the default 284,807 generated rows, 60% train split), same network (jobs/fraud-baseline.conf),
# same minibatch size; plus a FLOP estimate of forward+backward per example -> fraction of the
# machine's assumed peak. Writes bench/results/train.json.
#   EPOCHS (default 2; the last epoch is the warm one reported)
#   PEAK_GFLOPS (default: cores x 2.1 GHz x 32 fp32 FLOP/cycle = 2 FMA pipes x 8 lanes x 2)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$ROOT"
EPOCHS=${EPOCHS:-2}
MACHINE=$(machine_json)
for mode in spark local; do
  out="$SCRATCH/train-$mode"
  rm -rf "$out"
  share_data "$out"
  start=$(date +%s.%N)
  ./scripts/fulcrum train --job jobs/fraud-baseline.conf --set output.dir="\"$out\"" \
    --set training.mode=$mode --set training.epochs="$EPOCHS" > "$SCRATCH/train-$mode.log" 2>&1
  echo "$(date +%s.%N) - $start" | bc > "$SCRATCH/train-$mode.wall"
  cp "$(latest_run "$out")/metrics.json" "$SCRATCH/train-$mode.metrics.json"
done
MACHINE="$MACHINE" EPOCHS="$EPOCHS" python3 - "$SCRATCH" "$RESULTS/train.json" <<'PY'
import json, os, sys
scratch, out = sys.argv[1], sys.argv[2]
m = {mode: json.load(open(f"{scratch}/train-{mode}.metrics.json")) for mode in ("spark", "local")}
hidden, n_in, n_out = [64, 32], m["spark"]["data"]["features"], 1  # jobs/fraud-baseline.conf model.hidden
layers = [n_in] + hidden + [n_out]
macs = sum(a * b for a, b in zip(layers, layers[1:]))
fwd = 2 * macs                      # one multiply + one add per weight
flops = 3 * fwd                     # backward ~ 2x forward (weight grads + input grads)
cores = os.cpu_count()
peak = float(os.environ.get("PEAK_GFLOPS", cores * 2.1 * 32)) * 1e9
res = {"machine": json.loads(os.environ["MACHINE"]), "epochs": int(os.environ["EPOCHS"]),
       "network": f"{n_in}-" + "-".join(map(str, hidden)) + f"-{n_out} MLP, relu, sigmoid output, batch 256, adam",
       "trainExamples": m["spark"]["training"]["examples"]}
for mode in ("spark", "local"):
    ep = m[mode]["training"]["epochs"]
    res[mode] = {"examplesPerSecondLastEpoch": ep[-1]["examplesPerSecond"],
                 "examplesPerSecondByEpoch": [e["examplesPerSecond"] for e in ep],
                 "epochSeconds": [e["seconds"] for e in ep],
                 "testPrAuc": m[mode]["test"]["prAuc"], "testRocAuc": m[mode]["test"]["rocAuc"],
                 "jobWallSeconds": float(open(f"{scratch}/train-{mode}.wall").read())}
sp, lo = res["spark"]["examplesPerSecondLastEpoch"], res["local"]["examplesPerSecondLastEpoch"]
res["ratios"] = {"sparkOverLocalThroughput": sp / lo, "parameterAveragingOverhead": lo / sp}
res["flops"] = {"perExampleForward": fwd, "perExampleForwardBackward": flops,
                "assumedPeakGflops": peak / 1e9,
                "peakAssumption": f"{cores} cores x 2.1 GHz x 32 fp32 FLOP/cycle (2 FMA pipes x 8 fp32 lanes x 2); "
                                  "the updater, activations and data movement are not counted",
                "sparkAchievedGflops": sp * flops / 1e9, "localAchievedGflops": lo * flops / 1e9,
                "sparkFractionOfPeak": sp * flops / peak, "localFractionOfPeak": lo * flops / peak}
json.dump(res, open(out, "w"), indent=2)
print(json.dumps(res["ratios"]), json.dumps(res["flops"]))
PY
