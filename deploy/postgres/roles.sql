-- The service's two database roles (docs/security.md, "The database roles").
--
--   owner: owns the database, its schema and every table; migrations run as this role.
--   app:   what the web application, the workers and the commands connect as. It may read
--          and write rows, nothing more: it cannot alter, truncate or drop a table, nor
--          disable a trigger, because only a table's owner (or a superuser) may.
--
-- Run once per database server as a superuser, with psql; it is safe to run again:
--
--   psql -v ON_ERROR_STOP=1 -v owner=statsbidrag_owner -v app=statsbidrag_app \
--        -v owner_password='…' -v app_password='…' -v database=statsbidrag \
--        -f deploy/postgres/roles.sql "postgres://postgres@host:5432/postgres"

SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'owner', :'owner_password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'owner') \gexec
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'app', :'app_password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app') \gexec
-- The application's role has no power beyond the rows it is granted.
ALTER ROLE :"app" NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT;

SELECT format('CREATE DATABASE %I OWNER %I', :'database', :'owner')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'database') \gexec
ALTER DATABASE :"database" OWNER TO :"owner";

\connect :"database"
-- Nobody but the owner creates objects in the schema.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app";
-- Every table and sequence the owner's migrations create is readable and writable by the
-- application, row by row: no TRUNCATE, REFERENCES or TRIGGER privilege, and no ownership.
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO :"app";
-- The same for what exists already (an upgrade, or a second run).
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app";
