#!/usr/bin/env bash
# The messaging figures of bench/README.md, in one run: starts wscd (2 workers) on a free
# loopback port, runs wsc-bench's scenarios against it, and writes each result as JSON into
# bench/results/. Also prints the CPU time the hypervisor took from this machine (steal):
# figures taken under heavy steal are not comparable with quiet ones.
#
#   bench/messaging.sh [BUILD_DIR]        (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
port=${PORT:-18600}
token=bench-token-$$
results=bench/results
mkdir -p "$results"

"$build/src/wscd" --set host=127.0.0.1 --set port="$port" --set api.tokens="$token" \
    --set log.level=warn &
wscd_pid=$!
trap 'kill $wscd_pid 2>/dev/null; wait $wscd_pid 2>/dev/null' EXIT
sleep 0.5

steal_ticks() { awk '/^cpu / {print $9}' /proc/stat; }
total_ticks() { awk '/^cpu / {s=0; for (i=2;i<=NF;i++) s+=$i; print s}' /proc/stat; }

run() {
    local name=$1
    shift
    local s0 t0 s1 t1
    s0=$(steal_ticks)
    t0=$(total_ticks)
    "$build/bench/wsc-bench/wsc-bench" "$@" --port "$port" --token "$token" --no-progress \
        --json "$results/$name.json" | sed 1d
    s1=$(steal_ticks)
    t1=$(total_ticks)
    echo "  steal        $(( 100 * (s1 - s0) / (t1 - t0 + 1) ))% of CPU time ($name)"
}

echo "== p2p: 20,000 msg/s, one API request each, to 10,000 users"
run p2p-20k p2p -c 10000 -r 20000 -d 10
echo "== API send, single, as fast as the server answers"
run api-single p2p -c 10000 -r 0 -d 10
echo "== API send, batches of 100"
run api-batch p2p -c 10000 -r 0 -d 10 --batch 100
echo "== broadcast to 10,000 connections, 10 per second"
run broadcast-10k broadcast -c 10000 -r 10 -d 10
