#!/usr/bin/env bash
# Instructions and simulated cache misses per challenge, LND backend against
# the builtin node, under callgrind: deterministic where the CPU-time figures
# of lnd_challenges.sh swing with the VM. Each server runs under
# `valgrind --tool=callgrind --cache-sim=yes` (LL sized as this machine's
# per-core L2 by default), is warmed by a wrk run with -c256 (LND: lnsim with
# 20 ms per call, so many calls are in flight), then measured over a second
# run; the last line is `RESULT {json}` with, per server, challenges and per
# challenge: Ir (instructions), I1mr, D1mr, D1mw (L1 misses), ILmr, DLmr,
# DLmw (LL misses).
#
# Environment (all optional): L402D_BIN, LNSIM_BIN (default build/release),
# DURATION (wrk -d of the measured run, default 20s), WARMUP (default 15s),
# LL ("size,assoc,line" for --LL, default 1048576,16,64).
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
repo=$(cd "$here/../.." && pwd)
http=$repo/bench/http
L402D_BIN=${L402D_BIN:-$repo/build/release/src/app/l402d}
LNSIM_BIN=${LNSIM_BIN:-$repo/build/release/tests/lnsim/lnsim}
duration=${DURATION:-20s}
warmup=${WARMUP:-15s}
ll=${LL:-1048576,16,64}

die() {
  printf 'callgrind_challenges: %s\n' "$*" >&2
  exit 1
}
for tool in valgrind callgrind_annotate callgrind_control wrk curl python3; do
  command -v "$tool" >/dev/null || die "$tool is not installed (Debian: valgrind wrk curl python3)"
done
[[ -x $L402D_BIN && -x $LNSIM_BIN ]] || die "build first (./dev build)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/l402d-callgrind.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT

body=$tmp/body.json
python3 "$http/helper.py" body "$body" 32
challenges() {
  curl -s "http://127.0.0.1:$1/metrics" | awk '
    /^l402d_requests_total/ && /route="\/api\/l402\/vision"/ && /status="402"/ { n += $NF }
    END { printf "%d\n", n }'
}
load() { # PORT DURATION
  BENCH_BODY=$body BENCH_RESULT=$tmp/wrk.json wrk -t1 -c256 -d"$2" -s "$http/post.lua" \
    "http://127.0.0.1:$1/api/l402/vision" >/dev/null
}

measure() { # NAME
  local name=$1 dir=$tmp/$1 port
  mkdir -p "$dir"
  # challenges_per_minute = 0: wrk asks from one address (docs/access.md).
  printf 'log_level = "warn"\n[server]\nio_threads = 2\n[services.vision]\nchallenges_per_minute = 0\n' \
    >"$dir/config.toml"
  if [[ $name == lnd ]]; then
    "$LNSIM_BIN" --dir "$dir/sim" --latency-ms 20 --threads 1 >"$dir/lnsim.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 200); do [[ -f $dir/sim/lnsim.json ]] && break; sleep 0.05; done
    field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["lnd"][sys.argv[2]])' \
      "$dir/sim/lnsim.json" "$1"; }
    cat >>"$dir/config.toml" <<TOML
[lightning]
backend = "lnd"
network = "regtest"
[lightning.lnd]
host = "$(field url)"
macaroon_path = "$(field invoice_macaroon)"
tls_cert_path = "$(field tls_cert)"
TOML
  fi
  port=$(python3 "$http/helper.py" ports 1)
  # The engine re-executes itself to set these; valgrind cannot follow that.
  OMP_THREAD_LIMIT=1 OPENCV_IO_MAX_IMAGE_PIXELS=50000000 valgrind --tool=callgrind \
    --callgrind-out-file="$dir/cg.out" --instr-atstart=no --cache-sim=yes --LL="$ll" \
    "$L402D_BIN" --config "$dir/config.toml" --data-dir "$dir/data" --listen "127.0.0.1:$port" \
    serve >"$dir/l402d.log" 2>&1 &
  local pid=$!
  pids+=($pid)
  for _ in $(seq 600); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.2
  done
  load "$port" "$warmup"
  callgrind_control -i on "$pid" >/dev/null
  local n0 n1
  n0=$(challenges "$port")
  load "$port" "$duration"
  n1=$(challenges "$port")
  callgrind_control -i off "$pid" >/dev/null
  kill -TERM "$pid"
  wait "$pid" 2>/dev/null || true
  callgrind_annotate "$dir/cg.out" | awk -v n="$((n1 - n0))" -v name="$name" '
    /PROGRAM TOTALS/ {
      gsub(",", "")
      printf "\"%s\": {\"challenges\": %d, \"Ir\": %.0f, \"I1mr\": %.0f, \"D1mr\": %.0f, \"D1mw\": %.0f, \"ILmr\": %.0f, \"DLmr\": %.0f, \"DLmw\": %.0f}\n",
        name, n, $1 / n, $7 / n, $9 / n, $11 / n, $13 / n, $15 / n, $17 / n
    }' >"$tmp/$name.result"
  cat "$tmp/$name.result" >&2
}

measure builtin
measure lnd
printf 'RESULT {%s, %s}\n' "$(cat "$tmp/builtin.result")" "$(cat "$tmp/lnd.result")"
