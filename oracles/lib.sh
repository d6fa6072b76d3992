# Shared by the oracle scripts: install what is missing, start and stop a throwaway
# MariaDB (temp dir, unix socket only). Source it; it sets $ORACLE_TMP.

ORACLE_TMP=${ORACLE_TMP:-$(mktemp -d /tmp/promocode-oracles.XXXXXX)}
MYSQL_PID=""

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi; }

# need PKG...: installs the Debian packages that are missing (one apt-get update).
need() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing ${missing[*]}" >&2
  as_root apt-get update -qq >&2 && as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

start_mariadb() {
  local d=$ORACLE_TMP/mariadb
  mkdir -p "$d"
  local user=root
  [ "$(id -u)" -eq 0 ] || user=$(id -un)
  mariadb-install-db --no-defaults --datadir="$d/data" --user="$user" \
    --auth-root-authentication-method=normal >"$d/install.log" 2>&1 || { cat "$d/install.log" >&2; return 1; }
  mariadbd --no-defaults --datadir="$d/data" --socket="$d/sock" --skip-networking --user="$user" \
    --pid-file="$d/pid" --skip-log-bin --innodb-buffer-pool-size=64M >"$d/server.log" 2>&1 &
  MYSQL_PID=$!
  for _ in $(seq 1 100); do
    sql "select 1" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  cat "$d/server.log" >&2
  return 1
}

sql() { mariadb --no-defaults -S "$ORACLE_TMP/mariadb/sock" -u root -N -B -D test --default-character-set=utf8mb4 -e "$1"; }

stop_mariadb() {
  if [ -n "$MYSQL_PID" ]; then
    kill "$MYSQL_PID" 2>/dev/null
    wait "$MYSQL_PID" 2>/dev/null
    MYSQL_PID=""
  fi
}
