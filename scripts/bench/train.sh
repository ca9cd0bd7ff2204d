#!/usr/bin/env bash
# Training throughput: parameter averaging on local Spark (training.mode=spark; the fulcrum engine,
# and DL4J's ParameterAveragingTrainingMaster as "dl4j"; the fulcrum engine also over averaging
# frequency 1/5/20/50 x batch 256/1024) vs
# single-machine DL4J MultiLayerNetwork.fit on the driver (training.mode=local): the same scaled
# training split of generated fraud-like data (pipeline prepare; only training is timed), same
# network and minibatches (jobs/fraud-baseline.conf), same epochs; plus a FLOP estimate of
# forward+backward per example -> fraction of the machine's assumed peak. Writes
# bench/results/train.json.
#   ROWS (default 170000, the default job's train split)  EPOCHS (default 2; the last is reported)
#   PEAK_GFLOPS (default: cores x 2.1 GHz x 32 fp32 FLOP/cycle = 2 FMA pipes x 8 lanes x 2)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$ROOT"
ROWS=${ROWS:-170000}
EPOCHS=${EPOCHS:-2}
MACHINE=$(machine_json)
bench_java dev.fulcrum.bench.TrainBenchmark jobs/fraud-baseline.conf "$ROWS" "$EPOCHS" "$SCRATCH/train.raw.json" \
  > "$SCRATCH/train.log" 2>&1
MACHINE="$MACHINE" python3 - "$SCRATCH/train.raw.json" "$RESULTS/train.json" <<'PY'
import json, os, sys
r = json.load(open(sys.argv[1]))
layers = [r["features"]] + r["hidden"] + [1]
macs = sum(a * b for a, b in zip(layers, layers[1:]))
fwd = 2 * macs                      # one multiply + one add per weight
flops = 3 * fwd                     # backward ~ 2x forward (weight grads + input grads)
cores = os.cpu_count()
peak = float(os.environ.get("PEAK_GFLOPS", cores * 2.1 * 32)) * 1e9
sp = r["spark"]["examplesPerSecondByEpoch"][-1]
lo = r["local"]["examplesPerSecondByEpoch"][-1]
d4 = r["dl4j"]["examplesPerSecondByEpoch"][-1]
r["machine"] = json.loads(os.environ["MACHINE"])
r["ratios"] = {"sparkOverLocalThroughputLastEpoch": sp / lo, "parameterAveragingOverheadLastEpoch": lo / sp,
               "dl4jOverLocalThroughputLastEpoch": d4 / lo, "fulcrumOverDl4jThroughputLastEpoch": sp / d4,
               "curveOverLocalLastEpoch": {f'batch{c["batchSize"]}-freq{c["averagingFrequency"]}':
                                           c["examplesPerSecondByEpoch"][-1] / lo for c in r["fulcrumCurve"]}}
r["flops"] = {"perExampleForward": fwd, "perExampleForwardBackward": flops, "assumedPeakGflops": peak / 1e9,
              "peakAssumption": f"{cores} cores x 2.1 GHz x 32 fp32 FLOP/cycle (2 FMA pipes x 8 fp32 lanes x 2); "
                                "the updater, activations and data movement are not counted",
              "sparkAchievedGflops": sp * flops / 1e9, "localAchievedGflops": lo * flops / 1e9,
              "sparkFractionOfPeak": sp * flops / peak, "localFractionOfPeak": lo * flops / peak}
json.dump(r, open(sys.argv[2], "w"), indent=2)
print(json.dumps(r["ratios"]), json.dumps(r["flops"]))
PY
