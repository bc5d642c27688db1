-- Foundation: what every feature relies on.
--
-- The schema files in supabase/schemas/ hold the current definition of every object, once, one
-- feature per file, applied in the order of their numbers to a database that already has what
-- a Supabase project has (supabase/embedded-bootstrap.sql recreates it for the demo and tests).
-- They are for reading and for making migrations: edit a file here, run
-- `npm run db:migration -- <name>`, read the migration it writes, commit both. What is deployed
-- is supabase/migrations/; the pg suite checks that both build the same database.
--
-- Reference data (the programmes, the default curriculum, the sign-in key secret) is data, not
-- schema: the migrations insert it, and nothing here depends on it.

-- Trigram indexes make the lists' search boxes fast: any part of a name or an email, matched by
-- `ilike`, read from an index rather than every row. Supabase offers pg_trgm and installs
-- extensions in the schema `extensions`; PGlite ships it as a contrib module.
create extension if not exists pg_trgm with schema extensions;

-- Helpers that policies and functions call, out of the API's reach (PostgREST serves public).
create schema private;
grant usage on schema private to authenticated, supabase_auth_admin;

-- Safe by default ---------------------------------------------------------------------------

-- PostgreSQL lets PUBLIC execute every new function unless told otherwise, and only the global
-- form of the default can say otherwise (a per-schema default only adds grants). The project's
-- per-schema defaults also give anon every new function and sequence in public. So a function
-- made by the role that runs migrations is executable by nobody but its owner (and, in public,
-- authenticated and service_role) until it is granted; a sequence gives client roles nothing.
-- Nothing in this app is for signed-out callers: every page function starts by checking the
-- caller's role, and the server's own calls use the service role.
alter default privileges revoke execute on functions from public;
alter default privileges in schema public revoke execute on functions from anon;
alter default privileges in schema public revoke all on sequences from anon, authenticated;
