-- Revoked sessions: the one place a signed-out session is refused.
--
-- The app checks access tokens locally (getClaims() with the project's public ES256 key), with no
-- Auth call per page, so a token stays valid until it expires (an hour) after its session ends:
-- signing out, a password change (which ends every other session), or the idle and age limits.
-- The database refuses such a token instead, once per request, before any function runs:
-- PostgREST calls this function right after switching to the request's role (its
-- db-pre-request hook), and the demo's embedded PostgREST (src/lib/server/embedded/rest.ts)
-- calls it the same way. It costs one primary-key lookup in auth.sessions.
--
-- PostgREST runs it for every request as the request's role, anon and service_role too, so they
-- may use the private schema: only what is granted to them there (for anon, this function alone)
-- is reachable by them.
grant usage on schema private to anon, service_role;

/**
 * Whether the request's JWT names a session that still exists (true for API keys, which carry
 * none). Storage does not run PostgREST's pre-request hook, so the storage.objects policies ask
 * this too: a signed-out session's token cannot sign, upload or remove a file either.
 */
create function private.session_is_live() returns boolean
language plpgsql stable security definer set search_path = ''
as $$
declare
  sid text := nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'session_id';
begin
  -- API keys (anon, service_role) carry no session: nothing to check.
  if sid is null then
    return true;
  end if;
  return sid ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
    and exists (select 1 from auth.sessions s where s.id = sid::uuid);
end
$$;
comment on function private.session_is_live() is
  'True unless the request''s JWT names a session no longer in auth.sessions (signed out, password changed, expired); API keys pass. Behind check_session and the storage.objects policies.';
grant execute on function private.session_is_live() to authenticated;

/** Refuse (28000) a request whose JWT names a session that no longer exists. */
create function private.check_session() returns void
language plpgsql stable security definer set search_path = ''
as $$
begin
  if not private.session_is_live() then
    raise exception 'Your session has ended. Please sign in again.'
      using errcode = '28000', detail = 'session_ended';
  end if;
end
$$;
comment on function private.check_session() is
  'PostgREST''s db-pre-request hook: refuses (28000, detail session_ended) a JWT whose session_id is no longer in auth.sessions (signed out, password changed, expired), so a locally verified access token dies with its session. One primary-key lookup; API keys pass.';
grant execute on function private.check_session() to anon, authenticated, service_role;

-- On a Supabase project PostgREST connects as authenticator; the demo and tests have no such role.
do $$
begin
  if exists (select from pg_catalog.pg_roles where rolname = 'authenticator') then
    execute 'alter role authenticator set pgrst.db_pre_request = ''private.check_session''';
    notify pgrst, 'reload config';
  end if;
end
$$;
