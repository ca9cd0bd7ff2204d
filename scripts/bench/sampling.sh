#!/usr/bin/env bash
# Sampling benchmark (issue 4): exact SMOTE on generated data, 1M rows x 30 features, 10,000
# minority rows, local[2]; writes bench/results/sampling.json (rows/s, wall time, approximate
# neighbour recall). Run by `scripts/bench.sh sampling`, or directly. Extra args are passed to
# dev.fulcrum.bench.SamplingBench (test source): <out.json> [rows] [features] [minorityEvery] [ratio] [master].
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$ROOT"
OUT="${1:-bench/results/sampling.json}"
shift || true
OMP_NUM_THREADS="${OMP_NUM_THREADS:-2}" FULCRUM_DRIVER_MEMORY="${FULCRUM_DRIVER_MEMORY:-6g}" \
  bench_java dev.fulcrum.bench.SamplingBench "$OUT" "$@"
