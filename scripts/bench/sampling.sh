#!/usr/bin/env bash
# Sampling benchmark (issue 4): exact SMOTE on generated data, 1M rows x 30 features, 10,000
# minority rows, local[2]; writes bench/results/sampling.json (rows/s, wall time, approximate
# neighbour recall). Run by `scripts/bench.sh sampling`, or directly. Extra args are passed to
# dev.fulcrum.sampling.bench.SamplingBench: <out.json> [rows] [features] [minorityEvery] [ratio] [master].
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ ! -f target/classes/dev/fulcrum/sampling/bench/SamplingBench.class || ! -f target/classpath.txt ]]; then
  mvn -B -q -o compile -DskipShade=true
fi
# Java 17 flags Spark needs: the one list in conf/java-options.
mapfile -t ADD_OPENS < <(grep -v '^#' conf/java-options | sed '/^$/d')
OUT="${1:-bench/results/sampling.json}"
shift || true
OMP_NUM_THREADS="${OMP_NUM_THREADS:-2}" exec java "${ADD_OPENS[@]}" -Xmx6g \
  -Dorg.bytedeco.javacpp.cachedir=target/javacpp \
  -Dlog4j2.configurationFile=conf/log4j2.properties \
  -cp "target/classes:$(cat target/classpath.txt)" \
  dev.fulcrum.sampling.bench.SamplingBench "$OUT" "$@"
