#!/usr/bin/env bash
# The soak (issue 21): one l402d selling a proxied API (a small JSON file
# served by nginx) to CONNECTIONS keep-alive buyers for SOAK_SECONDS, with mixed
# challenges, new purchases (challenge, /dev/pay, the paid request) and
# replays of paid requests (bench/soak/load.py). It reports errors, latency
# percentiles and the server's RSS growth after the first minute (targets: no
# errors, growth under 10 %). Memory that may grow by design is bounded by
# configuration: the result cache (`result_cache_bytes`, set below) and the
# open challenges (`[l402] open_challenges`). The last line is `RESULT {json}`.
#
# Environment (all optional):
#   L402D_BIN     l402d binary; default: `./dev build`, then build/release/src/app/l402d
#   CONNECTIONS   keep-alive buyers (default 1000)
#   SOAK_SECONDS  how long (default 600)
#   INTERVAL      seconds between progress lines (default 30)
#   CACHE_BYTES   result_cache_bytes (default 16 MiB, so the soak fills it)
#   KEEP_TMP=1    keep the temporary directory
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
repo=$(cd "$here/../.." && pwd)
helper=$repo/bench/http/helper.py
# shellcheck source=../support/nginx_upstream.sh
source "$repo/bench/support/nginx_upstream.sh"
connections=${CONNECTIONS:-1000}
seconds=${SOAK_SECONDS:-600}
interval=${INTERVAL:-30}
cache_bytes=${CACHE_BYTES:-16777216}

log() { printf '==> %s\n' "$*" >&2; }
die() {
  printf 'soak: %s\n' "$*" >&2
  exit 1
}
for tool in curl python3; do
  command -v "$tool" >/dev/null || die "$tool is not installed (Debian: apt-get install $tool)"
done
if [[ -z ${L402D_BIN:-} ]]; then
  "$repo/dev" build >&2
  L402D_BIN=$repo/build/release/src/app/l402d
fi
# The buyers' sockets and the server's, beyond the usual 1,024.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/l402d-soak.XXXXXX")
chmod 755 "$tmp"
pids=()
cleanup() {
  local rc=$? p
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
  [[ ${KEEP_TMP:-0} == 1 ]] && log "kept $tmp" || rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT

read -r upstream_port port < <(python3 "$helper" ports 2)

mkdir -p "$tmp/www"
printf '{"id":"chatcmpl-1","choices":[{"message":{"content":"Hello there."}}]}' >"$tmp/www/small.json"
start_nginx_upstream "$tmp" "$upstream_port"
pids+=("$nginx_upstream_pid")

# Every buyer comes from 127.0.0.1, so the per-client challenge limit is off.
cat >"$tmp/l402d.toml" <<CONF
log_level = "warn"
[server]
result_cache_bytes = $cache_bytes
[services.api]
upstream = "http://127.0.0.1:$upstream_port"
match = "/small.json"
price_sats = 1
challenges_per_minute = 0
CONF
"$L402D_BIN" --config "$tmp/l402d.toml" --data-dir "$tmp/data" --listen "127.0.0.1:$port" serve \
  >"$tmp/l402d.log" 2>&1 &
l402d_pid=$!
pids=("$l402d_pid" "${pids[@]}")
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fs "http://127.0.0.1:$port/healthz" >/dev/null || die "l402d did not start: $(tail -5 "$tmp/l402d.log")"

log "$connections buyers for ${seconds}s against l402d (pid $l402d_pid)"
python3 "$here/load.py" "$port" "$l402d_pid" /small.json "$connections" "$seconds" "$interval"
kill -0 "$l402d_pid" 2>/dev/null || die "l402d died: $(tail -20 "$tmp/l402d.log")"
# What the server said of trouble, each kind once with its count (timestamps cut).
if grep -qiE '\[(warning|error|critical)\]' "$tmp/l402d.log"; then
  log "l402d logged warnings or errors:"
  grep -iE '\[(warning|error|critical)\]' "$tmp/l402d.log" | cut -d' ' -f3- | sort | uniq -c |
    sort -rn | head -20 >&2
fi
