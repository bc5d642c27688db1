-- Message preferences: what each person chooses to be sent, and one-click unsubscribe links.
--
-- Reminders before a session are the only messages a person can turn off: a change to a
-- session, a cancellation and everything else always go, because missing one leaves a family
-- at a closed door. A person reads and changes only their own preferences (RLS), and
-- private.queue_message (70_notifications.sql) skips a reminder for someone who turned them off.
--
-- Every reminder carries its own unsubscribe link (RFC 8058 one-click): a random token, kept
-- here only as its SHA-256 hash, that turns reminders off for the person it was sent to and
-- nothing else. The app's server looks tokens up with the service role, so nobody can try
-- tokens through the public API.

/** What a person has chosen to be sent. No row: the defaults (reminders on). */
create table public.message_preferences (
  profile_id uuid primary key references public.profiles (id) on delete cascade,
  reminders boolean not null default true,
  updated_at timestamptz not null default now()
);
comment on table public.message_preferences is
  'What each person chooses to be sent (reminders on or off); no row means the defaults. Only the person reads or changes it.';
comment on column public.message_preferences.reminders is
  'False: no reminders before sessions. Changes and cancellations are always sent.';
alter table public.message_preferences enable row level security;
revoke all on public.message_preferences from anon;
revoke delete, truncate on public.message_preferences from authenticated;

create policy "People read their own message preferences" on public.message_preferences
  for select to authenticated using (profile_id = (select auth.uid()));
create policy "People set their own message preferences" on public.message_preferences
  for insert to authenticated with check (profile_id = (select auth.uid()));
create policy "People change their own message preferences" on public.message_preferences
  for update to authenticated
  using (profile_id = (select auth.uid())) with check (profile_id = (select auth.uid()));

create trigger message_preferences_audit after insert or update or delete on public.message_preferences
  for each row execute function private.audit_row();

/**
 * One-click unsubscribe tokens, one per reminder sent, stored only as the SHA-256 of the random
 * token (32 bytes, so a hash needs no salt or stretching). A token lasts a year.
 */
create table private.unsubscribe_tokens (
  token_hash bytea primary key,
  profile_id uuid not null references public.profiles (id) on delete cascade,
  created_at timestamptz not null default now(),
  used_at timestamptz
);
comment on table private.unsubscribe_tokens is
  'Hashes of the one-click unsubscribe tokens in reminders, with whose they are; only definer functions read them.';
create index unsubscribe_tokens_profile_idx on private.unsubscribe_tokens (profile_id);
-- Every scheduled run prunes tokens older than a year: without this, a year's tokens at national
-- scale (~400,000) are read in full every 15 seconds on every server (136 ms against 0.04 ms).
create index unsubscribe_tokens_created_idx on private.unsubscribe_tokens (created_at);
alter table private.unsubscribe_tokens enable row level security;

/** Whether a person still wants reminders (no preference row: yes). */
create function private.wants_reminders(who uuid) returns boolean
language sql stable set search_path = ''
as $$
  select coalesce((select p.reminders from public.message_preferences p where p.profile_id = who), true)
$$;
comment on function private.wants_reminders(uuid) is
  'Whether a person wants reminders before sessions (true unless they turned them off).';

/**
 * A new unsubscribe token for a person: 32 random bytes as base64url (43 characters). Only its
 * hash is kept. Called by the function that queues the reminder carrying it.
 */
create function private.new_unsubscribe_token(who uuid) returns text
language plpgsql set search_path = ''
as $$
declare
  token text := translate(encode(extensions.gen_random_bytes(32), 'base64'), '+/=', '-_');
begin
  insert into private.unsubscribe_tokens (token_hash, profile_id)
  values (extensions.digest(token, 'sha256'), who);
  return token;
end
$$;
comment on function private.new_unsubscribe_token(uuid) is
  'Makes a one-click unsubscribe token for a person, keeps its hash, and returns the token.';

/** Whose a token is, while it lasts (a year); null for a token that is not one of ours. */
create function private.unsubscribe_token_owner(token text) returns uuid
language sql stable set search_path = ''
as $$
  select t.profile_id from private.unsubscribe_tokens t
  where t.token_hash = extensions.digest(token, 'sha256') and t.created_at > now() - interval '1 year'
$$;
comment on function private.unsubscribe_token_owner(text) is
  'The person an unsubscribe token was made for, while it lasts (a year); null otherwise.';

-- API.

/**
 * What the signed-in person is sent, for /account/messages: their role (the page lists the
 * kinds that reach it), whether they get reminders, and for a parent, when each of their
 * groups sends them.
 */
create function public.my_messages() returns jsonb
language plpgsql stable set search_path = ''
as $$
declare
  me uuid := private.require_role('clinical_lead', 'facilitator', 'parent');
begin
  return jsonb_build_object(
    'role', private.current_app_role(),
    'reminders', coalesce((select p.reminders from public.message_preferences p where p.profile_id = me), true),
    'groups', (
      select coalesce(jsonb_agg(jsonb_build_object('id', g.id, 'name', g.name,
          'reminders', private.group_reminders(g.id)) order by g.name), '[]')
      from public.enrolments e join public.groups g on g.id = e.group_id
      where e.parent_id = me and e.status = 'enrolled'
        and private.group_phase(g.id) in ('open', 'running'))
  );
end
$$;
comment on function public.my_messages() is
  'What the signed-in person is sent: their role, whether they get reminders, and when their groups send them.';

/**
 * A parent turns reminders on or off for themselves (staff are sent none). Security invoker:
 * RLS lets a person write only their own row.
 */
create function public.save_message_preferences(reminders boolean) returns jsonb
language plpgsql set search_path = ''
as $$
#variable_conflict use_variable
declare
  me uuid := private.require_role('parent');
begin
  if reminders is null then
    raise exception 'Choose whether to get reminders.' using errcode = 'P0001', hint = 'reminders';
  end if;
  insert into public.message_preferences (profile_id, reminders, updated_at)
  values (me, reminders, now())
  on conflict (profile_id) do update set reminders = excluded.reminders, updated_at = excluded.updated_at;
  return jsonb_build_object('reminders', reminders);
end
$$;
comment on function public.save_message_preferences(boolean) is
  'A parent turns their reminders on or off (their own row only, by RLS).';

/**
 * What the unsubscribe page shows for a token (GET changes nothing: mail scanners follow
 * links). Service role only: the app's server asks, so tokens cannot be tried through the API.
 */
create function public.unsubscribe_page(token text) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid;
begin
  perform private.require_service_role();
  who := private.unsubscribe_token_owner(token);
  return jsonb_build_object('valid', who is not null,
    'reminders', case when who is not null then private.wants_reminders(who) end);
end
$$;
comment on function public.unsubscribe_page(text) is
  'Whether an unsubscribe token is valid and its person still gets reminders. Service role only.';

/** One-click unsubscribe (RFC 8058): turn reminders off for the token's person. Service role only. */
create function public.unsubscribe(token text) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid;
begin
  perform private.require_service_role();
  who := private.unsubscribe_token_owner(token);
  if who is null then
    raise exception 'This link is not valid or has expired.' using errcode = 'P0002';
  end if;
  insert into public.message_preferences (profile_id, reminders, updated_at)
  values (who, false, now())
  on conflict (profile_id) do update set reminders = false, updated_at = now();
  update private.unsubscribe_tokens set used_at = coalesce(used_at, now())
  where token_hash = extensions.digest(token, 'sha256');
  return jsonb_build_object('reminders', false);
end
$$;
comment on function public.unsubscribe(text) is
  'One-click unsubscribe: turns reminders off for the person the token was sent to. Service role only.';
revoke execute on function public.unsubscribe_page(text), public.unsubscribe(text)
  from public, anon, authenticated;
grant execute on function public.unsubscribe_page(text), public.unsubscribe(text) to service_role;
