#!/usr/bin/env bash
# Challenges per second and l402d's CPU per challenge with the LND backend,
# next to the builtin node, in the same run. lnsim (tests/lnsim)
# stands in for LND: real TLS with a pinned certificate, real macaroons, real
# signed invoices, and --latency-ms added to every answer.
#
# Two measurements, each wrk -t2 -c$CONNECTIONS POSTing the same vision
# request without credentials (every answer a 402 with a fresh invoice):
#
#   builtin  l402d with the builtin development node
#   lnd      l402d with backend = "lnd" against lnsim (LATENCY_MS per call)
#
# and prints requests/s and l402d's CPU time per challenge (user + system
# from /proc over the run) for each, and the ratio lnd/builtin. The last line
# is `RESULT {json}`.
#
# Environment (all optional):
#   L402D_BIN        l402d binary (default: ./dev build, then build/release/src/app/l402d)
#   LNSIM_BIN        lnsim binary (default: build/release/tests/lnsim/lnsim)
#   LATENCY_MS       lnsim's added latency per call (default 20)
#   CONNECTIONS      wrk -c (default 256)
#   DURATION         wrk -d per measured run (default 10s)
#   WARMUP           wrk -d before each measured run (default 3s)
#   ROUNDS           measured rounds, alternating the order (default 2)
#   L402D_IO_THREADS l402d server.io_threads (default 2)
#   LNSIM_THREADS    lnsim --threads (default 1)
#   BENCH_OUT        also write the summary JSON there
#   PIN=1            l402d on CPU 1, wrk and lnsim on CPU 0 (taskset), for both
#                    servers alike: the stand-in node and the load generator
#                    then no longer share l402d's core and caches, as a real
#                    node on another machine would not. Needs two CPUs.
#   PERF=1           also `perf record` l402d during each measured run and print,
#                    per server, the CPU per challenge by library (l402d, libc,
#                    kernel, libcrypto, ...): where the two differ
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
repo=$(cd "$here/../.." && pwd)
http=$repo/bench/http

latency=${LATENCY_MS:-20}
connections=${CONNECTIONS:-256}
duration=${DURATION:-10s}
warmup=${WARMUP:-3s}
rounds=${ROUNDS:-2}
io_threads=${L402D_IO_THREADS:-2}
lnsim_threads=${LNSIM_THREADS:-1}

log() { printf '==> %s\n' "$*" >&2; }
die() {
  printf 'lnd_challenges: %s\n' "$*" >&2
  exit 1
}
tools=(wrk curl python3)
[[ ${PERF:-0} == 1 ]] && tools+=(perf)
for tool in "${tools[@]}"; do
  command -v "$tool" >/dev/null || die "$tool is not installed (Debian: apt-get install wrk curl python3 linux-perf)"
done
if [[ -z ${L402D_BIN:-} || -z ${LNSIM_BIN:-} ]]; then
  log "building (./dev build)"
  "$repo/dev" build >&2
fi
L402D_BIN=${L402D_BIN:-$repo/build/release/src/app/l402d}
LNSIM_BIN=${LNSIM_BIN:-$repo/build/release/tests/lnsim/lnsim}
[[ -x $L402D_BIN ]] || die "no l402d at $L402D_BIN"
[[ -x $LNSIM_BIN ]] || die "no lnsim at $LNSIM_BIN"

pin_l402d=() pin_harness=()
if [[ ${PIN:-0} == 1 ]]; then
  command -v taskset >/dev/null || die "taskset is not installed (Debian: util-linux)"
  (($(nproc) >= 2)) || die "PIN=1 needs two CPUs"
  pin_l402d=(taskset -c 1) pin_harness=(taskset -c 0)
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/l402d-lnd-bench.XXXXXX")
pids=()
cleanup() {
  local rc=$?
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
  [[ ${KEEP_TMP:-0} == 1 ]] && log "kept $tmp" || rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT

# --- lnsim ---------------------------------------------------------------------
log "starting lnsim (--latency-ms $latency, --threads $lnsim_threads)"
"${pin_harness[@]}" "$LNSIM_BIN" --dir "$tmp/sim" --latency-ms "$latency" --threads "$lnsim_threads" \
  >"$tmp/lnsim.log" 2>&1 &
pids+=($!)
for _ in $(seq 200); do [[ -f $tmp/sim/lnsim.json ]] && break; sleep 0.05; done
[[ -f $tmp/sim/lnsim.json ]] || die "lnsim did not start: $(tail -5 "$tmp/lnsim.log")"
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["lnd"][sys.argv[2]])' \
  "$tmp/sim/lnsim.json" "$1"; }

# --- two l402d ------------------------------------------------------------------
read -r builtin_port lnd_port < <(python3 "$http/helper.py" ports 2)
# challenges_per_minute = 0: wrk asks from one address (docs/access.md).
cat >"$tmp/builtin.toml" <<TOML
log_level = "warn"
[server]
io_threads = $io_threads
[services.vision]
challenges_per_minute = 0
TOML
cat >"$tmp/lnd.toml" <<TOML
log_level = "warn"
[server]
io_threads = $io_threads
[services.vision]
challenges_per_minute = 0
[lightning]
backend = "lnd"
network = "regtest"
[lightning.lnd]
host = "$(field url)"
macaroon_path = "$(field invoice_macaroon)"
tls_cert_path = "$(field tls_cert)"
TOML
start_l402d() { # NAME PORT
  mkdir -p "$tmp/$1"
  "${pin_l402d[@]}" "$L402D_BIN" --config "$tmp/$1.toml" --data-dir "$tmp/$1" --listen "127.0.0.1:$2" serve \
    >"$tmp/$1.log" 2>&1 &
  pids+=($!)
  eval "${1}_pid=$!"
  for _ in $(seq 100); do
    curl -fs "http://127.0.0.1:$2/healthz" >/dev/null 2>&1 && return
    sleep 0.1
  done
  die "l402d ($1) did not start: $(tail -5 "$tmp/$1.log")"
}
start_l402d builtin "$builtin_port"
start_l402d lnd "$lnd_port"

body=$tmp/body.json
python3 "$http/helper.py" body "$body" 32
for name in builtin lnd; do
  port_var=${name}_port
  code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    --data-binary "@$body" "http://127.0.0.1:${!port_var}/api/l402/vision")
  [[ $code == 402 ]] || die "$name: expected a 402, got $code"
done

tck=$(getconf CLK_TCK)
cpu_s() { # PID: user + system seconds
  local stat
  stat=$(<"/proc/$1/stat")
  stat=${stat##*) }
  read -r -a f <<<"$stat"
  awk -v t="$((f[11] + f[12]))" -v hz="$tck" 'BEGIN { printf "%.3f\n", t / hz }'
}
challenges() { # PORT: 402s counted by l402d for the vision route
  curl -s "http://127.0.0.1:$1/metrics" | awk '
    /^l402d_requests_total/ && /route="\/api\/l402\/vision"/ && /status="402"/ { n += $NF }
    END { printf "%d\n", n }'
}
perf_by_library() { # PERF_DATA CHALLENGES NAME: sampled CPU per challenge by library
  perf report -i "$1" --no-children --sort dso -g none -F sample,dso 2>/dev/null |
    awk -v n="$2" -v name="$3" -v hz=999 '
      /^#/ || NF < 2 { next }
      { us = $1 / hz / n * 1e6; total += us; if (us >= 0.5) line[$2] = us }
      END {
        printf "==> perf %s: %.1f us sampled per challenge:", name, total
        for (d in line) printf " %s %.1f", d, line[d]
        printf "\n"
      }' >&2
}
run() { # NAME DURATION RESULT
  local port_var=${1}_port pid_var=${1}_pid
  local port=${!port_var} pid=${!pid_var}
  local c0 n0 c1 n1
  local perf_pid=
  c0=$(cpu_s "$pid")
  n0=$(challenges "$port")
  if [[ ${PERF:-0} == 1 && $3 != *warmup* ]]; then
    perf record -F 999 -o "$3.perf" -p "$pid" >/dev/null 2>&1 &
    perf_pid=$!
  fi
  BENCH_BODY=$body BENCH_RESULT=$3 "${pin_harness[@]}" wrk -t2 -c"$connections" -d"$2" --latency \
    -s "$http/post.lua" "http://127.0.0.1:$port/api/l402/vision" >"$3.txt" 2>&1 ||
    die "wrk failed: $(cat "$3.txt")"
  [[ -n $perf_pid ]] && kill -INT "$perf_pid" && wait "$perf_pid" || true
  sleep 1
  c1=$(cpu_s "$pid")
  n1=$(challenges "$port")
  [[ -n $perf_pid ]] && perf_by_library "$3.perf" "$((n1 - n0))" "$1"
  python3 - "$3" "$c0" "$c1" "$n0" "$n1" <<'PY'
import json, sys
path, c0, c1, n0, n1 = sys.argv[1], *map(float, sys.argv[2:])
r = json.load(open(path))
r["challenges"] = int(n1 - n0)
r["l402d_cpu_s"] = round(c1 - c0, 3)
r["cpu_us_per_challenge"] = round((c1 - c0) / max(1, n1 - n0) * 1e6, 1)
json.dump(r, open(path, "w"))
PY
}

mkdir -p "$tmp/results"
for name in builtin lnd; do
  log "warm-up $name ($warmup)"
  run "$name" "$warmup" "$tmp/results/warmup.$name.json"
done
for round in $(seq "$rounds"); do
  order=(builtin lnd)
  ((round % 2 == 0)) && order=(lnd builtin)
  for name in "${order[@]}"; do
    out=$tmp/results/$name.$round.json
    run "$name" "$duration" "$out"
    log "round $round: $name $(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("%.0f req/s, %s us CPU per challenge, %d challenges, errors %s" % (r["rps"], r["cpu_us_per_challenge"], r["challenges"], r["errors"]))' "$out")"
  done
done

python3 - "$tmp/results" "$rounds" "$latency" "$connections" "$duration" <<'PY' | tee "$tmp/summary.txt"
import json, os, statistics, sys
d, rounds, latency, conns, duration = sys.argv[1], int(sys.argv[2]), *sys.argv[3:]
runs = {n: [json.load(open(os.path.join(d, f"{n}.{r}.json"))) for r in range(1, rounds + 1)]
        for n in ("builtin", "lnd")}
med = lambda n, k: statistics.median(x[k] for x in runs[n])
s = {"latency_ms": int(latency), "connections": int(conns), "duration": duration,
     "pinned": os.environ.get("PIN", "0") == "1",
     "rps": {n: round(med(n, "rps"), 1) for n in runs},
     "cpu_us_per_challenge": {n: med(n, "cpu_us_per_challenge") for n in runs}}
s["cpu_ratio_lnd_over_builtin"] = round(s["cpu_us_per_challenge"]["lnd"] /
                                        s["cpu_us_per_challenge"]["builtin"], 3)
s["pass"] = {"cpu_ratio_at_most_1.3": s["cpu_ratio_lnd_over_builtin"] <= 1.3,
             "lnd_at_least_8000_per_s": s["rps"]["lnd"] >= 8000}
print(f"builtin: {s['rps']['builtin']:.0f} challenges/s, {s['cpu_us_per_challenge']['builtin']} us l402d CPU each")
print(f"lnd ({latency} ms per call, -c{conns}): {s['rps']['lnd']:.0f} challenges/s, "
      f"{s['cpu_us_per_challenge']['lnd']} us l402d CPU each")
print(f"CPU per challenge lnd/builtin: {s['cpu_ratio_lnd_over_builtin']} (target <= 1.3)")
print("RESULT " + json.dumps(s))
PY
[[ -n ${BENCH_OUT:-} ]] && python3 -c 'import sys; print(open(sys.argv[1]).read().splitlines()[-1][7:])' "$tmp/summary.txt" >"$BENCH_OUT"
exit 0
