# Shared by scripts/bench/*.sh (sourced, not a benchmark itself).
# ROOT: repository root; results go to bench/results/<name>.json, scratch to bench/tmp/ (ignored).
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
RESULTS="$ROOT/bench/results"
SCRATCH="$ROOT/bench/tmp"
mkdir -p "$RESULTS" "$SCRATCH"
GENERATED=fraud-284807-r0_00172-seed42.csv

# Main and test classes (the benchmark mains live in src/test/java/dev/fulcrum/bench, so they never
# ship in the jar) plus target/classpath.txt (compile scope, for scripts/fulcrum) and
# target/test-classpath.txt (test scope, for bench_java). Rebuilds when a source or the pom is newer
# than the last bench build. MVN_FLAGS (default "-o", offline).
ensure_build() {
  local stamp="$ROOT/target/.bench-build"
  if [ ! -f "$stamp" ] || [ ! -f "$ROOT/target/classpath.txt" ] || [ ! -f "$ROOT/target/test-classpath.txt" ] \
      || [ -n "$(find "$ROOT/src" "$ROOT/pom.xml" -newer "$stamp" -print -quit)" ]; then
    (cd "$ROOT" && mvn -B -q ${MVN_FLAGS--o} test-compile dependency:build-classpath -DskipShade=true \
      -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt) && touch "$stamp"
  fi
}

# Reuse the default generated data (284,807 rows) if a previous job wrote it under runs/data/,
# so a benchmark that does not measure generation does not pay for it: link it into <dir>/data/.
share_data() {
  local dir=$1
  mkdir -p "$dir/data"
  for src in "$ROOT/runs/data/$GENERATED" "$SCRATCH"/*/data/"$GENERATED"; do
    if [ -e "$src" ] && [ ! -e "$dir/data/$GENERATED" ] && [ "$(dirname "$src")" != "$dir/data" ]; then
      ln -s "$(cd "$(dirname "$src")" && pwd)/$GENERATED" "$dir/data/$GENERATED"
      return
    fi
  done
}

# java with the same flags as scripts/fulcrum, any main or test-source class (e.g.
# dev.fulcrum.bench.EvalBenchmark), on the test-scope classpath: bench_java <class> [args...]
bench_java() {
  ensure_build
  mapfile -t JAVA_OPTS < <(grep -v '^#' "$ROOT/conf/java-options" | sed '/^$/d')
  OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} java "${JAVA_OPTS[@]}" -Xmx"${FULCRUM_DRIVER_MEMORY:-8g}" \
    -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
    -Dorg.bytedeco.javacpp.cachedir="$ROOT/target/javacpp" \
    -cp "$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$ROOT/target/test-classpath.txt")" "$@"
}

# Runs a job while scripts/bench/lib/rss_watch.py records the peak RSS of its JVMs; fails (naming
# the log) when the job fails.  watched <name> <log> <rss.json> [rss_watch options] -- <command...>
watched() {
  local name=$1 log=$2 rss=$3
  shift 3
  local opts=()
  while [ "$1" != "--" ]; do opts+=("$1"); shift; done
  shift
  "$@" > "$log" 2>&1 &
  local pid=$!
  python3 "$ROOT/scripts/bench/lib/rss_watch.py" "$rss" "$pid" ${opts[@]+"${opts[@]}"}
  wait "$pid" || { echo "$name: the job failed; see $log" >&2; return 1; }
}

# The run directory a train job just published under an output dir (its `latest`).
latest_run() {
  echo "$1/$(cat "$1/latest")"
}

machine_json() {
  python3 - <<PY
import json, os, platform
model = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), '?')
print(json.dumps({"cpu": model, "cores": os.cpu_count(), "loadAverage1mAtStart": os.getloadavg()[0],
                  "memGiB": round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30, 1),
                  "java": os.popen('java -version 2>&1 | head -1').read().strip()}))
PY
}
