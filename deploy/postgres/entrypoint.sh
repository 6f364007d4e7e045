#!/bin/sh
# First start: initdb with the superuser POSTGRES_USER (default postgres) whose password is read
# from POSTGRES_PASSWORD_FILE (never from the environment), create POSTGRES_DB, and allow
# password (scram-sha-256) connections from the container network. Then run postgres in the
# foreground as PID 1, so `docker stop` reaches it directly.
set -eu
user=${POSTGRES_USER:-postgres}
db=${POSTGRES_DB:-$user}
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  [ -n "${POSTGRES_PASSWORD_FILE:-}" ] && [ -s "$POSTGRES_PASSWORD_FILE" ] || {
    echo "postgres-entrypoint: POSTGRES_PASSWORD_FILE must name a non-empty file" >&2; exit 78; }
  initdb -D "$PGDATA" -U "$user" --pwfile="$POSTGRES_PASSWORD_FILE" --auth-local=trust \
    --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  if [ "$db" != postgres ]; then
    pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -k /run/postgresql" -w start >/dev/null
    createdb -h /run/postgresql -U "$user" "$db"
    pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  fi
  echo "postgres-entrypoint: initialised $PGDATA (user $user, database $db)"
fi
exec postgres -D "$PGDATA" -c listen_addresses='*' -k /run/postgresql "$@"
