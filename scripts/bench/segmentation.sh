#!/usr/bin/env bash
# Segmentation training throughput: the U-Net (depth 3, 8 base filters, batch norm) on 64x64
# images, single-JVM ComputationGraph.fit (training.mode = local) vs DL4J parameter averaging
# (SparkComputationGraph, training.mode = spark) on local[2], same images, batch and epochs; only
# training is timed. Writes bench/results/segmentation.json (images/s per mode, spark/local ratio).
#   IMAGES (default 128)  EPOCHS (default 3)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$ROOT"
IMAGES=${IMAGES:-128}
EPOCHS=${EPOCHS:-3}
bench_java dev.fulcrum.bench.SegThroughputBench "$IMAGES" "$EPOCHS" "$RESULTS/segmentation.json" \
  > "$SCRATCH/segmentation.log" 2>&1
grep -E "images/s" "$SCRATCH/segmentation.log"
