#!/usr/bin/env bash
# Paid requests on the PostgreSQL store next to the SQLite store, in the same
# run (issue 18): two l402d instances, one per store, each selling the same
# nginx file as a proxied service whose token is good for a billion uses, so
# that every paid request makes one store write (its use) besides the
# forwarding. wrk drives each in turn with TOKENS paid tokens of its own,
# used in turn as many buyers would (tokens.lua); the script
# reports requests per second and p99 latency for both and the ratio
# PostgreSQL / SQLite (target >= 0.7). Each round then also drives two
# instances on the one PostgreSQL database at once (half the connections each,
# the same tokens, so uses of one token race across instances) and compares
# their combined rate with the one instance's: more instances must not make a
# request slower. The last line is `RESULT {json}`.
#
# PostgreSQL is a private cluster started here (initdb in a temporary
# directory, Debian's server binaries, as the `postgres` account when run as
# root), with its durable defaults (fsync on): the comparison is with SQLite's
# own durable settings.
#
# Environment (all optional):
#   L402D_BIN        l402d binary; default: `./dev build`, then build/release/src/app/l402d
#   WRK_CONNECTIONS  wrk -c (default 32)
#   WRK_DURATION     per measured run (default 10s)
#   ROUNDS           measured rounds, alternating the order (default 3)
#   STORE_THREADS    [pools] store_threads of every instance (default: l402d's)
#   TOKENS           paid tokens per instance (default 32; 1: every request
#                    takes a use of one token, the worst case for row locks)
#   KEEP_TMP=1       keep the temporary directory
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
repo=$(cd "$here/../.." && pwd)
helper=$repo/bench/http/helper.py
# shellcheck source=../support/nginx_upstream.sh
source "$repo/bench/support/nginx_upstream.sh"
pgbin=/usr/lib/postgresql/15/bin

connections=${WRK_CONNECTIONS:-32}
duration=${WRK_DURATION:-10s}
rounds=${ROUNDS:-3}
tokens=${TOKENS:-32}

log() { printf '==> %s\n' "$*" >&2; }
die() {
  printf 'postgres_vs_sqlite: %s\n' "$*" >&2
  exit 1
}
for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || die "$tool is not installed (Debian: apt-get install wrk curl python3)"
done
[[ -x $pgbin/postgres ]] || die "PostgreSQL 15 is not installed (Debian: apt-get install postgresql)"
if [[ -z ${L402D_BIN:-} ]]; then
  "$repo/dev" build >&2
  L402D_BIN=$repo/build/release/src/app/l402d
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/l402d-store-bench.XXXXXX")
chmod 755 "$tmp"
pids=()
cleanup() {
  local rc=$? p i
  # Newest first: PostgreSQL's shutdown waits for l402d's connections to go.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    p=${pids[i]}
    kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null
  done
  [[ ${KEEP_TMP:-0} == 1 ]] && log "kept $tmp" || rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT

read -r upstream_port pg_port sqlite_port postgres_port postgres2_port < <(python3 "$helper" ports 5)

# The upstream: nginx serving one small JSON file.
mkdir -p "$tmp/www"
printf '{"id":"chatcmpl-1","choices":[{"message":{"content":"Hello there."}}]}' >"$tmp/www/small.json"
start_nginx_upstream "$tmp" "$upstream_port"
pids+=("$nginx_upstream_pid")

# PostgreSQL: a private cluster, as `postgres` when we are root (it refuses root).
as_owner=()
if ((EUID == 0)); then
  id postgres >/dev/null 2>&1 || die "no postgres account (the Debian package creates it)"
  as_owner=(setpriv --reuid=postgres --regid=postgres --init-groups)
fi
mkdir -p "$tmp/pg"
((EUID == 0)) && chown postgres:postgres "$tmp/pg"
log "initdb"
"${as_owner[@]}" "$pgbin/initdb" -D "$tmp/pg/data" -U postgres -A trust >"$tmp/pg/initdb.log" 2>&1 ||
  die "initdb failed: $(tail -5 "$tmp/pg/initdb.log")"
"${as_owner[@]}" "$pgbin/postgres" -D "$tmp/pg/data" -p "$pg_port" -k "$tmp/pg" \
  -c listen_addresses=127.0.0.1 -c max_connections=100 >"$tmp/pg/server.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  "$pgbin/pg_isready" -q -h 127.0.0.1 -p "$pg_port" && break
  sleep 0.1
done
"${as_owner[@]}" psql -q -h "$tmp/pg" -p "$pg_port" -U postgres -c "CREATE DATABASE l402d" ||
  die "cannot create the database"

# l402d NAME PORT STORE_TOML: one instance selling the file.
start_l402d() {
  local name=$1 port=$2 store=$3
  mkdir -p "$tmp/$name"
  cat >"$tmp/$name/l402d.toml" <<CONF
log_level = "warn"
[server]
io_threads = 1
${STORE_THREADS:+[pools]
store_threads = $STORE_THREADS}
$store
[services.api]
upstream = "http://127.0.0.1:$upstream_port"
match = "/"
price_sats = 1
uses = 1000000000
CONF
  "$L402D_BIN" --config "$tmp/$name/l402d.toml" --data-dir "$tmp/$name/data" \
    --listen "127.0.0.1:$port" serve >"$tmp/$name/l402d.log" 2>&1 &
  pids+=($!)
  eval "${name}_pid=$!"
  for _ in $(seq 100); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  die "l402d ($name) did not start: $(tail -5 "$tmp/$name/l402d.log")"
}
start_l402d sqlite "$sqlite_port" ""
postgres_store="[store]
backend = \"postgres\"
[store.postgres]
url = \"postgresql://postgres@127.0.0.1:$pg_port/l402d\"
pool_size = 8"
start_l402d postgres "$postgres_port" "$postgres_store"
start_l402d postgres2 "$postgres2_port" "$postgres_store"

# buy PORT: a paid Authorization header for that instance.
buy() {
  local url=http://127.0.0.1:$1 invoice macaroon preimage
  curl -s -o "$tmp/challenge.json" "$url/small.json"
  invoice=$(python3 "$helper" field invoice <"$tmp/challenge.json")
  macaroon=$(python3 "$helper" field macaroon <"$tmp/challenge.json")
  preimage=$(curl -s -X POST -d "{\"invoice\":\"$invoice\"}" "$url/dev/pay" |
    python3 "$helper" field preimage)
  local auth="L402 $macaroon:$preimage"
  [[ $(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: $auth" "$url/small.json") == 200 ]] ||
    die "a paid request at port $1 failed"
  echo "$auth"
}
for _ in $(seq "$tokens"); do
  buy "$sqlite_port" >>"$tmp/sqlite.auth"
  buy "$postgres_port" >>"$tmp/postgres.auth"
done

# wrk_run CONNECTIONS PORT AUTH_FILE: one wrk run's report on stdout.
wrk_run() {
  AUTH_FILE=$3 wrk -t1 -c"$1" -d"$duration" --latency -s "$here/tokens.lua" \
    "http://127.0.0.1:$2/small.json"
}

# summarize NAME: appends "NAME requests_per_s p99_ms" from the wrk reports on
# stdin (several at once: their rates add up, the worst p99 counts).
summarize() {
  awk -v name="$1" '
    function ms(v,   unit) { unit = v; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v)
                            return unit == "us" ? v / 1000 : unit == "s" ? v * 1000 : v }
    /^Requests\/sec/ { rps += $2 }
    /^ +99%/ { if (ms($2) > p99) p99 = ms($2) }
    /Non-2xx/ { bad += $NF }
    END { if (bad > 0) { print name ": non-2xx answers: " bad > "/dev/stderr"; exit 1 }
          printf "%s %.0f %.3f\n", name, rps, p99 }' >>"$tmp/results"
}

# measure NAME PORT AUTH_FILE: one instance.
measure() { wrk_run "$connections" "$2" "$3" | summarize "$1"; }

# measure_two NAME: both PostgreSQL instances at once, half the connections each.
measure_two() {
  local half=$((connections / 2))
  wrk_run "$half" "$postgres_port" "$tmp/postgres.auth" >"$tmp/two.a" &
  local first=$!
  wrk_run "$half" "$postgres2_port" "$tmp/postgres.auth" >"$tmp/two.b"
  wait "$first"
  cat "$tmp/two.a" "$tmp/two.b" | summarize "$1"
}

log "warm-up"
measure warmup "$sqlite_port" "$tmp/sqlite.auth"
measure warmup "$postgres_port" "$tmp/postgres.auth"
measure_two warmup
: >"$tmp/results"
for round in $(seq "$rounds"); do
  if ((round % 2)); then
    measure sqlite "$sqlite_port" "$tmp/sqlite.auth"
    measure postgres "$postgres_port" "$tmp/postgres.auth"
  else
    measure postgres "$postgres_port" "$tmp/postgres.auth"
    measure sqlite "$sqlite_port" "$tmp/sqlite.auth"
  fi
  measure_two two
  log "round $round: $(tail -3 "$tmp/results" | tr '\n' ' ')"
done

python3 - "$tmp/results" "$connections" "$tokens" <<'PY'
import json, statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
def median(name, col):
    return statistics.median(float(r[col]) for r in rows if r[0] == name)
out = {
    "connections": int(sys.argv[2]), "tokens": int(sys.argv[3]),
    "sqlite_rps": median("sqlite", 1), "postgres_rps": median("postgres", 1),
    "sqlite_p99_ms": median("sqlite", 2), "postgres_p99_ms": median("postgres", 2),
}
out["ratio"] = round(out["postgres_rps"] / out["sqlite_rps"], 3)
out["two_instances_rps"] = median("two", 1)
out["two_instances_p99_ms"] = median("two", 2)
out["two_vs_one"] = round(out["two_instances_rps"] / out["postgres_rps"], 3)
print(f"SQLite     {out['sqlite_rps']:>8.0f} paid requests/s, p99 {out['sqlite_p99_ms']:.2f} ms")
print(f"PostgreSQL {out['postgres_rps']:>8.0f} paid requests/s, p99 {out['postgres_p99_ms']:.2f} ms")
print(f"ratio {out['ratio']} (target >= 0.7)")
print(f"two PostgreSQL instances {out['two_instances_rps']:>8.0f} paid requests/s together,"
      f" p99 {out['two_instances_p99_ms']:.2f} ms: {out['two_vs_one']} of one instance")
print("RESULT " + json.dumps(out))
PY
