# A throwaway PostgreSQL cluster for the cluster load and fault scripts: initdb in a
# temporary folder, a free port on 127.0.0.1, run as the `postgres` user when we are root
# (PostgreSQL refuses root). Source after common.sh. Sets PG_URL (database "frontline").
PG_BIN="${FRONTLINE_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"

pg_as() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# start_pg FOLDER: initdb + start; sets PG_DIR, PG_PORT, PG_URL.
start_pg() {
  [ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL binaries not found (Scripts/setup installs Debian's postgresql)" >&2; exit 1; }
  PG_DIR="$1/pg"
  mkdir -p "$PG_DIR"
  [ "$(id -u)" -eq 0 ] && chown postgres "$PG_DIR"
  PG_PORT=$(free_port)
  pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
  pg_start
  pg_as psql -X -q -h "$PG_DIR" -p "$PG_PORT" -U postgres -c "CREATE DATABASE frontline" >/dev/null
  # Statement counts (round trips) for the scripts' per-message numbers.
  pg_as psql -X -q -h "$PG_DIR" -p "$PG_PORT" -U postgres -d frontline -c "CREATE EXTENSION pg_stat_statements" >/dev/null
  PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/frontline"
  export PG_URL
}

pg_start() {
  pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_preload_libraries=pg_stat_statements" start >/dev/null
}

pg_restart_fast() {
  pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -w -t 60 -m fast restart >/dev/null
}

stop_pg() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ]; then
    pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -w -t 60 -m fast stop >/dev/null 2>&1 || true
  fi
}

# pg_sql SQL: prints the result unaligned, tuples only.
pg_sql() {
  pg_as psql -X -q -At -h "$PG_DIR" -p "$PG_PORT" -U postgres -d frontline -c "$1"
}
