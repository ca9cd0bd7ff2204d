#!/usr/bin/env bash
# Benchmark dispatcher: `scripts/bench.sh <name>` runs scripts/bench/<name>.sh;
# `scripts/bench.sh all` runs every script in scripts/bench/ in name order. Afterwards
# bench/results/SUMMARY.md is regenerated from every result file present (scripts/bench/lib/summary.py).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
usage() {
    echo "usage: scripts/bench.sh <name>|all; names: $(cd "$here/bench" && ls -1 *.sh 2>/dev/null | sed 's/\.sh$//' | tr '\n' ' ')" >&2
}
if [ $# -lt 1 ]; then
    usage
    exit 2
fi
name="$1"
shift
if [ "$name" = "all" ]; then
    for script in "$here"/bench/*.sh; do
        echo "== bench $(basename "$script" .sh)"
        bash "$script" "$@"
    done
elif [ -f "$here/bench/$name.sh" ]; then
    bash "$here/bench/$name.sh" "$@"
else
    echo "scripts/bench.sh: no benchmark named '$name'" >&2
    usage
    exit 2
fi
python3 "$here/bench/lib/summary.py" && echo "summary: bench/results/SUMMARY.md"
