#!/bin/sh
# The compose stack's PostgreSQL runs this once, on an empty data volume: it makes the
# service's two roles and its database with deploy/postgres/roles.sql, named as in the
# DATABASE_OWNER_URL and DATABASE_URL of .env (postgres://role:password@host:port/database;
# passwords without URL escapes).
set -eu

# One part of a postgres:// URL: 1 the role, 2 its password, 3 the database.
part() {
  printf '%s' "$1" | sed -n "s|^postgres[a-z]*://\([^:/@]*\):\([^@]*\)@[^/]*/\([^?]*\).*$|\\$2|p"
}

for name in DATABASE_URL DATABASE_OWNER_URL; do
  eval "value=\${$name:-}"
  if [ -z "$(part "$value" 1)" ] || [ -z "$(part "$value" 2)" ]; then
    echo "initdb: $name must be postgres://role:password@host:port/database" >&2
    exit 1
  fi
done

psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
  -v owner="$(part "$DATABASE_OWNER_URL" 1)" \
  -v owner_password="$(part "$DATABASE_OWNER_URL" 2)" \
  -v app="$(part "$DATABASE_URL" 1)" \
  -v app_password="$(part "$DATABASE_URL" 2)" \
  -v database="$(part "$DATABASE_URL" 3)" \
  -f "${ROLES_SQL:-/deploy/roles.sql}"
