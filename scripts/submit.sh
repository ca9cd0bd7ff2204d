#!/usr/bin/env bash
# Submits a Fulcrum command to a Spark cluster with spark-submit semantics.
#   scripts/submit.sh [--master URL] [--deploy-mode client|cluster] [--executor-memory 4g]
#                     [--executor-cores 1] [--num-executors N] [--conf k=v ...] -- <fulcrum args>
# e.g. scripts/submit.sh --master spark://127.0.0.1:7077 -- train --job jobs/fraud-baseline.conf
# Uses $SPARK_HOME/bin/spark-submit when SPARK_HOME is set, else Spark's SparkSubmit class from the
# Maven classpath (no Spark download needed). The cluster jar is target/fulcrum-*-cluster.jar
# (built by `mvn package`); Spark/Hadoop are provided by the cluster.
# FULCRUM_EXECUTOR_JAVA_OPTS is appended to the executors' extraJavaOptions (e.g. ND4J's off-heap
# bounds -Dorg.bytedeco.javacpp.maxbytes=1G -Dorg.bytedeco.javacpp.maxphysicalbytes=2G).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SUBMIT_ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --) shift; break ;;
    --master|--deploy-mode|--executor-memory|--executor-cores|--num-executors|--driver-memory|--conf|--total-executor-cores|--files|--name)
      SUBMIT_ARGS+=("$1" "$2"); shift 2 ;;
    *) echo "submit.sh: unknown option $1 (put fulcrum arguments after --)" >&2; exit 2 ;;
  esac
done
JAR=$(ls "$ROOT"/target/fulcrum-*-cluster.jar 2>/dev/null | head -1 || true)
if [ -z "$JAR" ]; then
  echo "submit.sh: building the cluster jar ..." >&2
  (cd "$ROOT" && mvn -B -q -DskipTests package)
  JAR=$(ls "$ROOT"/target/fulcrum-*-cluster.jar | head -1)
fi
OPENS=$(grep -v '^#' "$ROOT/conf/java-options" | sed '/^$/d' | tr '\n' ' ')
DEFAULTS=(
  --conf "spark.driver.extraJavaOptions=$OPENS"
  --conf "spark.executor.extraJavaOptions=$OPENS -Dorg.bytedeco.javacpp.cachedir=/tmp/fulcrum-javacpp ${FULCRUM_EXECUTOR_JAVA_OPTS:-}"
  --properties-file "$ROOT/conf/spark-defaults.conf"
  # one ND4J OpenMP thread per task: an executor already runs one task per core (see scripts/fulcrum);
  # a --conf given to this script comes later on the command line and wins
  --conf "spark.executorEnv.OMP_NUM_THREADS=1"
)
if [ -n "${SPARK_HOME:-}" ] && [ -x "$SPARK_HOME/bin/spark-submit" ]; then
  exec "$SPARK_HOME/bin/spark-submit" "${DEFAULTS[@]}" "${SUBMIT_ARGS[@]}" --class dev.fulcrum.cli.FulcrumCli "$JAR" "$@"
fi
[ -f "$ROOT/target/classpath.txt" ] || (cd "$ROOT" && mvn -B -q -DskipTests -DskipShade=true package)
mapfile -t JAVA_OPTS < <(grep -v '^#' "$ROOT/conf/java-options" | sed '/^$/d')
exec java "${JAVA_OPTS[@]}" -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
  -Dorg.bytedeco.javacpp.cachedir="$ROOT/target/javacpp" ${FULCRUM_DRIVER_JAVA_OPTS:-} \
  -cp "$(cat "$ROOT/target/classpath.txt")" org.apache.spark.deploy.SparkSubmit \
  "${DEFAULTS[@]}" "${SUBMIT_ARGS[@]}" --class dev.fulcrum.cli.FulcrumCli "$JAR" "$@"
