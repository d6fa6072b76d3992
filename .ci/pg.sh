# A throwaway PostgreSQL for the store tests: `source .ci/pg.sh; pg_start` installs
# the Debian package when it is missing, runs initdb + pg_ctl in a temporary
# directory (as user postgres when run as root: initdb refuses root), listens on a
# unix socket only, and exports PROMOCODE_TEST_PG (the admin URI the tests create
# their databases through). `pg_stop` stops it and removes the directory.
# Standalone: `bash .ci/pg.sh start` prints `export PROMOCODE_TEST_PG=...` and
# `bash .ci/pg.sh stop DIR` stops that server.

pg_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  return 1
}

pg_install() {
  pg_bin >/dev/null && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "installing postgresql (apt)" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql) >&2 || return 1
  fi
  pg_bin >/dev/null
}

# As the server's owner: postgres when we are root, else ourselves.
pg_as() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
  pg_install || { echo "postgresql is not installed and could not be installed" >&2; return 1; }
  local bin dir
  bin=$(pg_bin)
  dir=$(mktemp -d /tmp/promocode-pg.XXXXXX)
  chmod 755 "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
  pg_as "$bin/initdb" -D "$dir/data" -A trust -U postgres --no-sync -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; return 1; }
  pg_as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-k $dir -c listen_addresses= -c fsync=on -c max_connections=50 -c shared_buffers=128MB" start >/dev/null ||
    { cat "$dir/server.log" >&2; return 1; }
  PROMOCODE_PG_DIR=$dir
  export PROMOCODE_TEST_PG="postgresql://postgres@/postgres?host=$dir"
}

pg_stop() {
  local dir=${1:-${PROMOCODE_PG_DIR:-}}
  [ -n "$dir" ] && [ -d "$dir/data" ] || return 0
  pg_as "$(pg_bin)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1
  rm -rf "$dir"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  case "${1:-}" in
    start) pg_start && echo "export PROMOCODE_TEST_PG='$PROMOCODE_TEST_PG' PROMOCODE_PG_DIR='$PROMOCODE_PG_DIR'" ;;
    stop) pg_stop "${2:-}" ;;
    *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
  esac
fi
