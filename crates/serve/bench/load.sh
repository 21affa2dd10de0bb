#!/usr/bin/env bash
# Load test of `attache serve` on loopback over a store of N synthetic events (default 100k):
# requests/s and latency percentiles (wrk, from Debian) for the event list, a filtered page and
# one event page, then the server's peak memory. Bounded: 10 s per endpoint, 8 connections.
#   crates/serve/bench/load.sh [N]
set -euo pipefail
cd "$(dirname "$0")/../../.."
n=${1:-100000}
db=${TMPDIR:-/tmp}/attache-load-$n.db
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release -q -p attache -p attache-serve --example synth_store
[ -f "$db" ] || ./target/release/examples/synth_store "$db" "$n"
out=$(mktemp)
./target/release/attache serve --db "$db" --bind 127.0.0.1:0 >"$out" 2>/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null; rm -f "$out"' EXIT
for _ in $(seq 50); do [ -s "$out" ] && break; sleep 0.1; done
base=$(head -1 "$out")
mid=$((n / 2))
for path in "api/events" "api/events?country=RUS&type=VISIT&page=3" "api/events/E$mid?text=1"; do
  echo "== GET /$path"
  wrk -t2 -c8 -d10s --latency "$base$path" | grep -E "Requests/sec|  50%|  99%|Non-2xx"
done
grep -E "VmHWM" /proc/$pid/status
