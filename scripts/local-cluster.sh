#!/usr/bin/env bash
# A real Spark standalone cluster on loopback, from the Spark jars Maven already has (no Spark
# download): one master and two workers, each its own JVM, bound to 127.0.0.1.
#   scripts/local-cluster.sh start|stop|status
# Master spark://127.0.0.1:${SPARK_MASTER_PORT:-7077}, UI/JSON on 127.0.0.1:${SPARK_MASTER_WEBUI_PORT:-8080}.
# Workers: ${WORKERS:-2} x ${WORKER_CORES:-1} core x ${WORKER_MEMORY:-2g}. Submit with
#   scripts/submit.sh --master spark://127.0.0.1:7077 --executor-memory 1g -- <fulcrum args>
# Workers launch executors from a SPARK_HOME-like dir, target/spark-home (jars/ = symlinks to the
# Spark/Hadoop/Scala jars of target/classpath.txt; DL4J and the rest come with the cluster jar, as on
# a real cluster). pids and logs: target/local-cluster/. `stop` ends only the processes it started.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIR="$ROOT/target/local-cluster"
SH="$ROOT/target/spark-home"
MASTER_PORT=${SPARK_MASTER_PORT:-7077}
UI_PORT=${SPARK_MASTER_WEBUI_PORT:-8080}
WORKERS=${WORKERS:-2}
WORKER_CORES=${WORKER_CORES:-1}
WORKER_MEMORY=${WORKER_MEMORY:-2g}
START_TIMEOUT=${START_TIMEOUT:-180}
export SPARK_HOME="$SH" SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=127.0.0.1 SPARK_LOCAL_HOSTNAME=127.0.0.1
export SPARK_CONF_DIR="$SH/conf"
JSON_URL="http://127.0.0.1:$UI_PORT/json/"

json() { curl -fsSL --max-time 5 "$JSON_URL" 2>/dev/null; }
alive_workers() {
  json | python3 -c 'import json,sys; print(sum(1 for w in json.load(sys.stdin)["workers"] if w["state"]=="ALIVE"))' 2>/dev/null || echo 0
}
running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

build_spark_home() {
  [ -f "$ROOT/target/classpath.txt" ] || (cd "$ROOT" && mvn -B -q -o -DskipTests -DskipShade=true package)
  rm -rf "$SH"; mkdir -p "$SH/jars" "$SH/conf" "$SH/bin"
  tr ':' '\n' < "$ROOT/target/classpath.txt" | while read -r jar; do
    case "$jar" in
      */org/deeplearning4j/*|*/org/nd4j/*|*/org/bytedeco/*|*/org/datavec/*|*/info/picocli/*|*/org/knowm/*) continue ;;
    esac
    [ -f "$jar" ] && ln -sf "$jar" "$SH/jars/$(basename "$jar")"
  done
  echo "spark.master.rest.enabled false" > "$SH/conf/spark-defaults.conf"
  cp "$ROOT/conf/log4j2.properties" "$SH/conf/log4j2.properties" 2>/dev/null || true
}

daemon() { # name class args...
  local name=$1; shift
  mapfile -t OPENS < <(grep -v '^#' "$ROOT/conf/java-options" | sed '/^$/d')
  setsid nohup java "${OPENS[@]}" -Xmx512m -cp "$SH/conf:$SH/jars/*" \
    -Dlog4j2.configurationFile="$SH/conf/log4j2.properties" "$@" > "$DIR/$name.log" 2>&1 &
  echo $! > "$DIR/$name.pid"
}

wait_for() { # description seconds command...
  local what=$1 limit=$2; shift 2
  local t=0
  until "$@"; do
    sleep 2; t=$((t + 2))
    if [ $t -ge "$limit" ]; then echo "local-cluster: timed out after ${limit}s waiting for $what (logs: $DIR)" >&2; return 1; fi
  done
}

start() {
  mkdir -p "$DIR"
  if running "$DIR/master.pid"; then echo "local-cluster: already running (master pid $(cat "$DIR/master.pid"))" >&2; status; return 0; fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$MASTER_PORT") 2>/dev/null; then
    echo "local-cluster: 127.0.0.1:$MASTER_PORT is already in use by another process; set SPARK_MASTER_PORT" >&2; exit 1
  fi
  build_spark_home
  daemon master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$MASTER_PORT" --webui-port "$UI_PORT"
  wait_for "the master's JSON at $JSON_URL" "$START_TIMEOUT" json >/dev/null || { stop; exit 1; }
  for i in $(seq 1 "$WORKERS"); do
    mkdir -p "$DIR/work-$i"
    daemon "worker-$i" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --webui-port 0 \
      --cores "$WORKER_CORES" --memory "$WORKER_MEMORY" --work-dir "$DIR/work-$i" "spark://127.0.0.1:$MASTER_PORT"
  done
  wait_for "$WORKERS alive workers" "$START_TIMEOUT" test_workers || { stop; exit 1; }
  status
}
test_workers() { [ "$(alive_workers)" -ge "$WORKERS" ]; }

status() {
  local j
  if ! j=$(json); then echo "local-cluster: master not reachable at $JSON_URL"; return 3; fi
  echo "$j" | python3 -c '
import json, sys
m = json.load(sys.stdin)
alive = [w for w in m["workers"] if w["state"] == "ALIVE"]
print("master %s status %s; alive workers %d (cores %d, memory %d MB); running apps %d" % (
    m["url"], m["status"], len(alive), m["cores"], m["memory"], len(m.get("activeapps", []))))
for w in alive:
    print("  worker %s %s cores %d/%d memory %d/%d MB" % (w["id"], w["host"], w["coresused"], w["cores"], w["memoryused"], w["memory"]))'
}

stop_pid() { # pidfile
  local f=$1 pid kids
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kids=$(pgrep -P "$pid" || true) # executor JVMs a worker launched
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
    for k in $kids; do kill -9 "$k" 2>/dev/null || true; done
  fi
  rm -f "$f"
}

stop() {
  mkdir -p "$DIR"
  for f in "$DIR"/worker-*.pid; do [ -e "$f" ] && stop_pid "$f"; done
  stop_pid "$DIR/master.pid"
  echo "local-cluster: stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
