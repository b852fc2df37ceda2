#!/usr/bin/env bash
# l402d forwarding paid requests next to nginx's own proxy_pass, to the same
# upstream, in the same run (issue 15). Three processes serve:
#
#   upstream   nginx serving a small JSON file and a 100 MB file
#   nginx      a second nginx: proxy_pass to the upstream, keep-alive pool
#   l402d      [services.api] upstream = the same; every request carries one
#              paid reusable token (Authorization: L402 m:p)
#
# and reports, per proxied request, the CPU time of the proxy alone (l402d's
# process, or the proxy nginx's master and workers) and wrk's median latency
# at moderate load, then streams the 100 MB file through l402d and reports
# how much its resident memory grew. Targets: CPU ratio <= 1.5, median
# latency + <= 1 ms, RSS growth < 16 MB. The last line is `RESULT {json}`.
#
# Environment (all optional):
#   L402D_BIN        l402d binary; default: `./dev build`, then build/release/src/app/l402d
#   WRK_CONNECTIONS  wrk -c (default 8: moderate load)
#   WRK_THREADS      wrk -t (default 1)
#   WRK_DURATION     per measured run (default 10s)
#   ROUNDS           measured rounds, alternating the order (default 3)
#   PROXY_THREADS    l402d io_threads and the proxy nginx's workers (default 1)
#   PIN=1            l402d / proxy nginx on CPU 1, wrk and the upstream on CPU 0
#   KEEP_TMP=1       keep the temporary directory
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
repo=$(cd "$here/../.." && pwd)
helper=$repo/bench/http/helper.py

connections=${WRK_CONNECTIONS:-8}
threads=${WRK_THREADS:-1}
duration=${WRK_DURATION:-10s}
rounds=${ROUNDS:-3}
proxy_threads=${PROXY_THREADS:-1}

log() { printf '==> %s\n' "$*" >&2; }
die() {
  printf 'proxy_vs_nginx: %s\n' "$*" >&2
  exit 1
}
for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || die "$tool is not installed (Debian: apt-get install wrk curl python3)"
done
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
[[ -x $nginx_bin ]] || die "nginx is not installed (Debian: apt-get install nginx-light)"
if [[ -z ${L402D_BIN:-} ]]; then
  "$repo/dev" build >&2
  L402D_BIN=$repo/build/release/src/app/l402d
fi

pin_proxy=() pin_load=()
if [[ ${PIN:-0} == 1 ]]; then
  pin_proxy=(taskset -c 1)
  pin_load=(taskset -c 0)
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/l402d-proxy-bench.XXXXXX")
pids=()
cleanup() {
  local rc=$? p
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
  [[ ${KEEP_TMP:-0} == 1 ]] && log "kept $tmp" || rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT

read -r upstream_port nginx_port l402d_port < <(python3 "$helper" ports 3)
mkdir -p "$tmp/www" "$tmp/up" "$tmp/px"
printf '{"id":"chatcmpl-1","object":"chat.completion","choices":[{"message":{"role":"assistant","content":"Hello there, how can I help you today?"}}]}' >"$tmp/www/small.json"
head -c 100000000 /dev/zero >"$tmp/www/big.bin"

user_line=""
((EUID == 0)) && user_line="user $(id -un) $(id -gn);"
# nginx_conf DIR WORKERS SERVER_BODY
nginx_conf() {
  cat <<CONF
$user_line
worker_processes $2;
daemon off;
pid $1/nginx.pid;
error_log $1/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $1/body;
  proxy_temp_path $1/proxy;
  fastcgi_temp_path $1/fastcgi;
  uwsgi_temp_path $1/uwsgi;
  scgi_temp_path $1/scgi;
  keepalive_requests 100000000;
  types { application/json json; application/octet-stream bin; }
  $3
}
CONF
}
nginx_conf "$tmp/up" 1 "server { listen 127.0.0.1:$upstream_port backlog=4096; root $tmp/www; }" >"$tmp/up/nginx.conf"
# The proxy as nginx's docs recommend for keep-alive upstreams.
nginx_conf "$tmp/px" "$proxy_threads" "upstream api { server 127.0.0.1:$upstream_port; keepalive 64; }
  server {
    listen 127.0.0.1:$nginx_port backlog=4096;
    location / {
      proxy_pass http://api;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_buffering off;
    }
  }" >"$tmp/px/nginx.conf"

"${pin_load[@]}" "$nginx_bin" -p "$tmp/up" -c "$tmp/up/nginx.conf" &
pids+=($!)
"${pin_proxy[@]}" "$nginx_bin" -p "$tmp/px" -c "$tmp/px/nginx.conf" &
nginx_pid=$!
pids+=("$nginx_pid")

cat >"$tmp/l402d.toml" <<CONF
log_level = "warn"
[server]
io_threads = $proxy_threads
[services.api]
upstream = "http://127.0.0.1:$upstream_port"
match = "/"
price_sats = 1
CONF
mkdir -p "$tmp/data"
"${pin_proxy[@]}" "$L402D_BIN" --config "$tmp/l402d.toml" --data-dir "$tmp/data" \
  --listen "127.0.0.1:$l402d_port" serve >"$tmp/l402d.log" 2>&1 &
l402d_pid=$!
pids+=("$l402d_pid")
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$l402d_port/healthz" >/dev/null 2>&1 &&
    curl -fs "http://127.0.0.1:$nginx_port/small.json" >/dev/null 2>&1 && break
  sleep 0.1
done

l402d_url=http://127.0.0.1:$l402d_port
curl -s -o "$tmp/challenge.json" "$l402d_url/small.json"
invoice=$(python3 "$helper" field invoice <"$tmp/challenge.json")
macaroon=$(python3 "$helper" field macaroon <"$tmp/challenge.json")
preimage=$(curl -s -X POST -d "{\"invoice\":\"$invoice\"}" "$l402d_url/dev/pay" |
  python3 "$helper" field preimage)
authorization="L402 $macaroon:$preimage"
[[ $(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: $authorization" "$l402d_url/small.json") == 200 ]] ||
  die "a paid request through l402d failed: $(tail -5 "$tmp/l402d.log")"

tck=$(getconf CLK_TCK)
cpu_ticks() {
  local ticks=0 p stat
  for p in "$@"; do
    stat=$(<"/proc/$p/stat") || continue
    stat=${stat##*) }
    read -r -a f <<<"$stat"
    ticks=$((ticks + f[11] + f[12]))
  done
  echo "$ticks"
}

# measure NAME URL PIDS...: one wrk run; appends "NAME requests cpu_s median_ms" to results
measure() {
  local name=$1 url=$2
  shift 2
  local before after out
  before=$(cpu_ticks "$@")
  out=$("${pin_load[@]}" wrk -t"$threads" -c"$connections" -d"$duration" --latency \
    -H "Authorization: $authorization" "$url")
  after=$(cpu_ticks "$@")
  awk -v name="$name" -v ticks=$((after - before)) -v hz="$tck" '
    /requests in/ { requests = $1 }
    /^ +50%/ { v = $2; unit = v; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v)
               ms = unit == "us" ? v / 1000 : unit == "s" ? v * 1000 : v }
    /Non-2xx/ { bad = $NF }
    END { if (bad > 0) { print "non-2xx answers: " bad > "/dev/stderr"; exit 1 }
          printf "%s %d %.3f %.3f\n", name, requests, ticks / hz, ms }' <<<"$out" >>"$tmp/results"
}

log "warm-up"
measure warmup_nginx "http://127.0.0.1:$nginx_port/small.json" "$nginx_pid" >/dev/null
measure warmup_l402d "$l402d_url/small.json" "$l402d_pid" >/dev/null
: >"$tmp/results"
for round in $(seq "$rounds"); do
  nginx_workers=$(pgrep -P "$nginx_pid" | tr '\n' ' ')
  if ((round % 2)); then
    # shellcheck disable=SC2086
    measure nginx "http://127.0.0.1:$nginx_port/small.json" "$nginx_pid" $nginx_workers
    measure l402d "$l402d_url/small.json" "$l402d_pid"
  else
    measure l402d "$l402d_url/small.json" "$l402d_pid"
    # shellcheck disable=SC2086
    measure nginx "http://127.0.0.1:$nginx_port/small.json" "$nginx_pid" $nginx_workers
  fi
  log "round $round: $(tail -2 "$tmp/results" | tr '\n' ' ')"
done

log "streaming 100 MB through l402d"
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$l402d_pid/status"; }
rss_before=$(rss_kb)
rss_peak=$rss_before
curl -s -o /dev/null -H "Authorization: $authorization" --limit-rate 50M "$l402d_url/big.bin" &
curl_pid=$!
while kill -0 "$curl_pid" 2>/dev/null; do
  now=$(rss_kb)
  ((now > rss_peak)) && rss_peak=$now
  sleep 0.05
done
wait "$curl_pid" || die "the 100 MB download through l402d failed"

python3 - "$tmp/results" "$rss_before" "$rss_peak" <<'PY'
import json, statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
def per(name):
    r = [x for x in rows if x[0] == name]
    reqs = sum(int(x[1]) for x in r)
    cpu = sum(float(x[2]) for x in r)
    return {"requests": reqs, "cpu_us_per_request": 1e6 * cpu / reqs,
            "median_ms": statistics.median(float(x[3]) for x in r)}
n, l = per("nginx"), per("l402d")
growth_mb = (int(sys.argv[3]) - int(sys.argv[2])) / 1024
result = {"nginx": n, "l402d": l,
          "cpu_ratio": l["cpu_us_per_request"] / n["cpu_us_per_request"],
          "added_median_ms": l["median_ms"] - n["median_ms"],
          "stream_100mb_rss_growth_mb": growth_mb}
print(f"nginx proxy_pass  {n['cpu_us_per_request']:7.1f} us CPU/request, median {n['median_ms']:.3f} ms")
print(f"l402d (paid)      {l['cpu_us_per_request']:7.1f} us CPU/request, median {l['median_ms']:.3f} ms")
print(f"CPU ratio {result['cpu_ratio']:.2f} (target <= 1.5), added median "
      f"{result['added_median_ms']:.3f} ms (target <= 1), 100 MB stream: RSS +{growth_mb:.1f} MB (target < 16)")
print("RESULT " + json.dumps(result))
PY
