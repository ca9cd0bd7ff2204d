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
ADD_OPENS=(-XX:+IgnoreUnrecognizedVMOptions
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false)
OUT="${1:-bench/results/sampling.json}"
shift || true
OMP_NUM_THREADS="${OMP_NUM_THREADS:-2}" exec java "${ADD_OPENS[@]}" -Xmx6g \
  -Dorg.bytedeco.javacpp.cachedir=target/javacpp \
  -Dlog4j2.configurationFile=conf/log4j2.properties \
  -cp "target/classes:$(cat target/classpath.txt)" \
  dev.fulcrum.sampling.bench.SamplingBench "$OUT" "$@"
