#!/usr/bin/env bash
# HTTP throughput of l402d next to nginx, on the same machine, in the same run
# (issue 5). wrk POSTs the same small vision request to three targets:
#
#   nginx      a static 402 (same headers and body size as l402d's challenge)
#   challenge  l402d, POST /api/l402/vision without Authorization: a fresh
#              invoice + macaroon per request
#   replay     l402d, the same POST with a paid `Authorization: L402 m:p`
#              whose result is already stored (X-L402-Replay: true)
#   challenge_l402  a second l402d offering L402 alone ([rails] mpp and x402
#              off), the same POST: what the challenge costs without MPP and x402
#
# and prints requests/s for each and the ratios challenge/nginx (target
# >= 0.25), replay/nginx (target >= 0.6) and challenge/challenge_l402 (all
# three rails against L402 alone, target >= 0.9). nginx repeats every header
# of l402d's all-rails 402. The last line of stdout is
# `RESULT {json}`; BENCH_OUT=FILE also writes the full JSON (every round) there.
#
# Environment (all optional):
#   L402D_BIN          l402d binary; default: `./dev build`, then build/release/src/app/l402d
#   WRK_THREADS        wrk -t (default 2)
#   WRK_CONNECTIONS    wrk -c (default 32)
#   WRK_DURATION       wrk -d per measured run (default 10s)
#   WRK_WARMUP         wrk -d of the unmeasured warm-up per target (default 3s; 0 = none)
#   ROUNDS             measured rounds (default 4); odd rounds run nginx, challenge, replay,
#                      even rounds the reverse, so drift of the machine's speed cancels out
#   NGINX_WORKERS      nginx worker_processes (default: L402D_IO_THREADS)
#   NGINX_ACCESS_LOG   on (default: one line per request to a file, like l402d) | off
#   L402D_IO_THREADS   l402d server.io_threads (default 2, l402d's default)
#   L402D_LOG_LEVEL    passed through to l402d (default: l402d's, info = one line per request)
#   IMAGE_SIZE         side of the generated PNG in pixels (default 32: a ~4 KB body)
#   BENCH_OUT          write the summary JSON (with every round) to this file
#   KEEP_TMP=1         keep the temporary directory (configs, logs, data dir, results)
#   PERF=1             run `perf record -g` on l402d during each measured l402d run
#                      (perf.challenge.N.data / perf.replay.N.data in the temp dir; implies KEEP_TMP)
#   PERF_ARGS          perf record options (default "-g"; e.g. "--call-graph dwarf -F 999")
#   RAILS=0            skip challenge_l402 (the second l402d)
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
repo=$(cd "$here/../.." && pwd)

threads=${WRK_THREADS:-2}
connections=${WRK_CONNECTIONS:-32}
duration=${WRK_DURATION:-10s}
warmup=${WRK_WARMUP:-3s}
rounds=${ROUNDS:-4}
io_threads=${L402D_IO_THREADS:-2}
nginx_workers=${NGINX_WORKERS:-$io_threads}
nginx_access_log=${NGINX_ACCESS_LOG:-on}
image_size=${IMAGE_SIZE:-32}
perf_on=${PERF:-0}
rails_on=${RAILS:-1}
[[ $perf_on == 1 ]] && KEEP_TMP=1

log() { printf '==> %s\n' "$*" >&2; }
die() {
  printf 'wrk_vs_nginx: %s\n' "$*" >&2
  exit 1
}

for tool in wrk nginx curl python3; do
  command -v "$tool" >/dev/null || [[ -x /usr/sbin/$tool ]] ||
    die "$tool is not installed (Debian: apt-get install wrk nginx-light curl python3)"
done
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

if [[ -z ${L402D_BIN:-} ]]; then
  log "building l402d (./dev build)"
  "$repo/dev" build >&2
  L402D_BIN=$repo/build/release/src/app/l402d
fi
[[ -x $L402D_BIN ]] || die "no l402d binary at $L402D_BIN"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/l402d-bench.XXXXXX")
nginx_pid=""
l402d_pid=""
l402d_only_pid=""
perf_pid=""
cleanup() {
  local rc=$?
  [[ -n $perf_pid ]] && kill -INT "$perf_pid" 2>/dev/null && wait "$perf_pid" 2>/dev/null
  [[ -n $nginx_pid ]] && kill -TERM "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  [[ -n $l402d_pid ]] && kill -TERM "$l402d_pid" 2>/dev/null && wait "$l402d_pid" 2>/dev/null
  [[ -n $l402d_only_pid ]] && kill -TERM "$l402d_only_pid" 2>/dev/null &&
    wait "$l402d_only_pid" 2>/dev/null
  if [[ ${KEEP_TMP:-0} == 1 ]]; then
    log "kept $tmp"
  else
    rm -rf "$tmp"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

read -r nginx_port l402d_port l402d_only_port < <(python3 "$here/helper.py" ports 3)
body=$tmp/body.json
python3 "$here/helper.py" body "$body" "$image_size"

# --- l402d -------------------------------------------------------------------
# challenges_per_minute = 0: every request comes from 127.0.0.1, and the
# benchmark measures the 402 itself, not the limit (docs/access.md).
cat >"$tmp/l402d.toml" <<EOF
[server]
io_threads = $io_threads
[services.vision]
challenges_per_minute = 0
EOF
# start_l402d NAME PORT CONFIG: prints the pid once /healthz answers
start_l402d() {
  mkdir -p "$tmp/data.$1"
  "$L402D_BIN" --config "$3" --data-dir "$tmp/data.$1" \
    --listen "127.0.0.1:$2" serve >"$tmp/l402d.$1.log" 2>&1 &
  local pid=$!
  for _ in $(seq 100); do
    curl -fs "http://127.0.0.1:$2/healthz" >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || die "l402d ($1) exited: $(tail -5 "$tmp/l402d.$1.log")"
    sleep 0.1
  done
  curl -fs "http://127.0.0.1:$2/healthz" >/dev/null || die "l402d ($1) does not answer /healthz"
  echo "$pid"
}
log "starting l402d on 127.0.0.1:$l402d_port ($io_threads I/O threads)"
l402d_pid=$(start_l402d all "$l402d_port" "$tmp/l402d.toml")
l402d_url=http://127.0.0.1:$l402d_port
l402d_only_url=""
if [[ $rails_on == 1 ]]; then
  {
    cat "$tmp/l402d.toml"
    printf '[rails]\nmpp = false\nx402 = false\n'
  } >"$tmp/l402d-only.toml"
  log "starting l402d with L402 alone on 127.0.0.1:$l402d_only_port"
  l402d_only_pid=$(start_l402d l402 "$l402d_only_port" "$tmp/l402d-only.toml")
  l402d_only_url=http://127.0.0.1:$l402d_only_port
fi

vision=$l402d_url/api/l402/vision
post() { curl -s -X POST -H 'Content-Type: application/json' --data-binary "@$body" "$@"; }

# One challenge: its bytes become nginx's static reply, its invoice gets paid.
post -D "$tmp/challenge.headers" -o "$tmp/challenge.json" "$vision"
grep -q '^HTTP/1.1 402' "$tmp/challenge.headers" ||
  die "expected a 402 from l402d: $(head -1 "$tmp/challenge.headers") $(cat "$tmp/challenge.json")"
invoice=$(python3 "$here/helper.py" field invoice <"$tmp/challenge.json")
macaroon=$(python3 "$here/helper.py" field macaroon <"$tmp/challenge.json")
preimage=$(curl -s -X POST -d "{\"invoice\":\"$invoice\"}" "$l402d_url/dev/pay" |
  python3 "$here/helper.py" field preimage)
authorization="L402 $macaroon:$preimage"

log "first paid request (the engine runs once)"
post -H "Authorization: $authorization" -D "$tmp/paid.headers" -o "$tmp/paid.json" "$vision"
grep -q '^HTTP/1.1 200' "$tmp/paid.headers" ||
  die "the paid request failed: $(head -1 "$tmp/paid.headers") $(cat "$tmp/paid.json")"
post -H "Authorization: $authorization" -D "$tmp/replay.headers" -o /dev/null "$vision"
grep -qi '^X-L402-Replay: true' "$tmp/replay.headers" || die "the second paid request was not a replay"

# --- nginx -------------------------------------------------------------------
user_line=""
((EUID == 0)) && user_line="user $(id -un) $(id -gn);"
access_log="off"
[[ $nginx_access_log == on ]] && access_log="$tmp/nginx-access.log"
python3 "$here/helper.py" nginx "$here/nginx.conf.template" "$tmp/nginx.conf" \
  "USER=$user_line" "WORKERS=$nginx_workers" "TMP=$tmp" "PORT=$nginx_port" \
  "ACCESS_LOG=$access_log" "HEADERS=$tmp/challenge.headers" \
  "BODY=$(cat "$tmp/challenge.json")"
"$nginx_bin" -t -q -p "$tmp" -e "$tmp/nginx-error.log" -c "$tmp/nginx.conf" ||
  die "nginx rejects $tmp/nginx.conf"
log "starting nginx on 127.0.0.1:$nginx_port ($nginx_workers workers)"
"$nginx_bin" -p "$tmp" -e "$tmp/nginx-error.log" -c "$tmp/nginx.conf" &
nginx_pid=$!
nginx_url=http://127.0.0.1:$nginx_port/api/l402/vision
for _ in $(seq 100); do
  [[ $(post -o /dev/null -w '%{http_code}' "$nginx_url" 2>/dev/null) == 402 ]] && break
  sleep 0.1
done
[[ $(post -o /dev/null -w '%{http_code}' "$nginx_url") == 402 ]] || die "nginx does not answer 402"

# --- runs --------------------------------------------------------------------
mkdir -p "$tmp/results"
url_for() {
  case $1 in
    nginx) echo "$nginx_url" ;;
    challenge_l402) echo "$l402d_only_url/api/l402/vision" ;;
    *) echo "$vision" ;;
  esac
}
auth_for() { if [[ $1 == replay ]]; then echo "$authorization"; fi; }

# run TARGET DURATION RESULT_FILE
run_wrk() {
  BENCH_BODY=$body BENCH_AUTHORIZATION=$(auth_for "$1") BENCH_RESULT=$3 \
    wrk -t"$threads" -c"$connections" -d"$2" --latency -s "$here/post.lua" "$(url_for "$1")" \
    >"$3.txt" 2>&1 || die "wrk failed on $1: $(cat "$3.txt")"
}

# CPU time, to tell where a request's cost goes: the server's (l402d, or
# nginx's workers) from /proc, wrk's from this shell's children total, which
# `times` prints only in this shell, not in a $(...) subshell: hence
# `times >file` first, then children_cpu_s reads the file.
tck=$(getconf CLK_TCK)
server_cpu_s() { # PID...: their user + system time in seconds
  local ticks=0 p stat
  for p in "$@"; do
    stat=$(<"/proc/$p/stat") || continue
    stat=${stat##*) } # fields from the 3rd on; the name may hold spaces
    read -r -a f <<<"$stat"
    ticks=$((ticks + f[11] + f[12]))
  done
  awk -v t="$ticks" -v hz="$tck" 'BEGIN { printf "%.3f\n", t / hz }'
}
children_cpu_s() {
  awk 'NR == 2 {
    n = 0
    for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); n += a[1] * 60 + a[2] }
    printf "%.3f\n", n
  }' "$tmp/times.txt"
}

metric_sum() {  # STATUS [URL]: sum of l402d_requests_total for the vision route with STATUS
  curl -s "${2:-$l402d_url}/metrics" | awk -v s="status=\"$1\"" '
    /^l402d_requests_total/ && /route="\/api\/l402\/vision"/ && index($0, s) { n += $NF }
    END { printf "%d\n", n }'
}

if [[ $warmup != 0 && $warmup != 0s ]]; then
  for target in nginx challenge replay ${l402d_only_url:+challenge_l402}; do
    log "warm-up $target ($warmup)"
    run_wrk "$target" "$warmup" "$tmp/results/warmup.$target.json"
  done
fi

log "measuring: wrk -t$threads -c$connections -d$duration, $rounds round(s)"
for round in $(seq "$rounds"); do
  order=(nginx challenge ${l402d_only_url:+challenge_l402} replay)
  ((round % 2 == 0)) && order=(replay ${l402d_only_url:+challenge_l402} challenge nginx)
  for target in "${order[@]}"; do
    result=$tmp/results/$target.$round.json
    before402=0 before200=0
    metrics_url=$l402d_url
    [[ $target == challenge_l402 ]] && metrics_url=$l402d_only_url
    if [[ $target != nginx ]]; then
      before402=$(metric_sum 402 "$metrics_url")
      before200=$(metric_sum 200 "$metrics_url")
      if [[ $perf_on == 1 ]]; then
        # shellcheck disable=SC2086
        perf record ${PERF_ARGS:--g} -o "$tmp/perf.$target.$round.data" -p "$l402d_pid" >/dev/null 2>&1 &
        perf_pid=$!
        sleep 0.5
      fi
    fi
    server_pids=$l402d_pid
    [[ $target == challenge_l402 ]] && server_pids=$l402d_only_pid
    [[ $target == nginx ]] && server_pids=$(pgrep -P "$nginx_pid" | tr '\n' ' ')
    # shellcheck disable=SC2086
    server_before=$(server_cpu_s $server_pids)
    times >"$tmp/times.txt"
    wrk_before=$(children_cpu_s)
    run_wrk "$target" "$duration" "$result"
    # shellcheck disable=SC2086
    server_after=$(server_cpu_s $server_pids)
    times >"$tmp/times.txt"
    wrk_after=$(children_cpu_s)
    awk -v s="$server_after" -v s0="$server_before" -v w="$wrk_after" -v w0="$wrk_before" \
      'BEGIN { printf "{\"server_cpu_s\":%.3f,\"wrk_cpu_s\":%.3f}\n", s - s0, w - w0 }' \
      >"$result.cpu"
    sleep 1 # wrk stops without waiting: let cut-off requests finish before the next count
    if [[ -n $perf_pid ]]; then
      kill -INT "$perf_pid" 2>/dev/null || true
      wait "$perf_pid" 2>/dev/null || true
      perf_pid=""
    fi
    rps=$(python3 -c 'import json,sys; print(round(json.load(open(sys.argv[1]))["rps"]))' "$result")
    line="round $round: $target $rps req/s"
    if [[ $target != nginx ]]; then
      # Every answer must be the one measured: 402 challenges, 200 replays.
      got402=$(($(metric_sum 402 "$metrics_url") - before402))
      got200=$(($(metric_sum 200 "$metrics_url") - before200))
      line+=" (l402d counted $got402 x 402, $got200 x 200)"
      total=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["requests"])' "$result")
      want=$got402
      [[ $target == replay ]] && want=$got200
      # wrk may cut off a few in-flight requests at the end of the run.
      ((want + connections >= total)) ||
        die "$target: only $want of $total answers had the expected status"
    fi
    log "$line"
  done
done

meta=$(python3 -c '
import json, os, platform, sys
cpu = ""
try:
    for l in open("/proc/cpuinfo"):
        if l.startswith("model name"):
            cpu = l.split(":", 1)[1].strip(); break
except OSError:
    pass
print(json.dumps({"date": sys.argv[1], "host": platform.node(), "cpu": cpu,
                  "cpus": os.cpu_count(), "wrk": {"threads": int(sys.argv[2]),
                  "connections": int(sys.argv[3]), "duration": sys.argv[4]},
                  "nginx_workers": int(sys.argv[5]), "l402d_io_threads": int(sys.argv[6]),
                  "body_bytes": os.path.getsize(sys.argv[7])}))
' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$threads" "$connections" "$duration" "$nginx_workers" \
  "$io_threads" "$body")
python3 "$here/helper.py" summary "$tmp/results" "$rounds" "$meta"
[[ -n ${BENCH_OUT:-} ]] && cp "$tmp/results/summary.json" "$BENCH_OUT"
exit 0
