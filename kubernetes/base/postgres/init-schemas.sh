#!/usr/bin/env bash
# Gives every service its own corner of the shared database: a LOGIN role named like the service, owning the schema
# of the same name in POSTGRES_DB, so a service can neither read nor change another's tables (the schema is its
# owner's alone, and no grants are made). Flyway then creates the tables inside as that role.
#
# One copy serves docker compose and Kubernetes: the official postgres image runs it from /docker-entrypoint-initdb.d
# on its first start, against its temporary socket-only server as POSTGRES_USER. Running it again converges (a role
# or schema that exists is kept, the password is set to the current one), so a changed Secret can be applied with
#   kubectl exec -n healthcheck postgres-0 -- /docker-entrypoint-initdb.d/init-schemas.sh
# It also works against any server reached through libpq's PGHOST/PGPORT (the tests, a managed PostgreSQL), run as a
# superuser or as an administrator allowed to create roles and schemas owned by them.
#
# Reads POSTGRES_DB and SCHEDULE_DB_PASSWORD, RESERVATION_DB_PASSWORD, DELIVERY_DB_PASSWORD, CUSTOMERCENTER_DB_PASSWORD.

# A subshell, because the image sources rather than runs an init script without the executable bit (a read-only
# bind mount keeps whatever mode the checkout has): its own shell must not inherit these options or end on an exit.
(
    set -euo pipefail

    : "${POSTGRES_DB:?POSTGRES_DB must name the database that is to hold the service schemas}"

    services=(schedule reservation delivery customercenter)

    # all checked before anything is created, so a missing one leaves no half-initialised database behind
    for service in "${services[@]}"; do
        password_variable="${service^^}_DB_PASSWORD"
        if [[ -z "${!password_variable:-}" ]]; then
            echo "init-schemas: $password_variable is not set; refusing to create role $service without a password" >&2
            exit 1
        fi
    done

    for service in "${services[@]}"; do
        password_variable="${service^^}_DB_PASSWORD"
        # The password travels in the environment and is read with \getenv, never on psql's command line (which
        # every process in the container can list), and reaches SQL only as the quoted literal :'password'.
        psql --no-psqlrc --quiet --set ON_ERROR_STOP=1 \
            --username "${POSTGRES_USER:-postgres}" --dbname "$POSTGRES_DB" \
            --set role="$service" --set password_variable="$password_variable" <<'SQL'
\getenv password :password_variable
SET client_min_messages TO warning;
SELECT format('CREATE ROLE %I', :'role') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
ALTER ROLE :"role" WITH LOGIN PASSWORD :'password';
CREATE SCHEMA IF NOT EXISTS :"role" AUTHORIZATION :"role";
-- a schema made earlier by someone else (a superuser's Flyway run) must still end up the service's own
ALTER SCHEMA :"role" OWNER TO :"role";
SQL
        echo "init-schemas: role and schema $service ready in database $POSTGRES_DB"
    done
)
