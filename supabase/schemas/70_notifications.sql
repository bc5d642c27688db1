-- Notifications: the outbox of emails the database decides to send.
--
-- The function or trigger that makes a change queues its email in the same transaction: an
-- offer of a place (30_groups.sql), a concern raised (40_sessions.sql, to every clinical lead,
-- with no details), someone trying to sign in to an account (15_sign_in_limits.sql). The app's
-- server takes a batch with public.take_notifications() and sends them; no client can read them.

/**
 * Emails the database decided to send. Queued only through private.queue_message by the
 * function that makes the change, in its transaction, with a complete payload; the app's server
 * delivers them.
 */
create table public.notifications (
  id bigint generated always as identity primary key,
  to_profile uuid references public.profiles (id),
  kind text not null check (kind in ('absent_twice', 'concern_escalated', 'concern_raised',
    'invitation', 'place_given', 'place_offered', 'sign_in_attempts', 'waitlisted')),
  payload jsonb not null default '{}',
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  dedupe_key text unique,
  to_email text check (to_email = lower(btrim(to_email)) and to_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  to_name text check (length(to_name) <= 120),
  check (to_profile is not null or to_email is not null)
);
comment on table public.notifications is 'Outbox of app emails; no client can read it, the server drains it.';
comment on column public.notifications.to_email is
  'For someone with no account yet (an invitation): where to send it. Otherwise the profile''s email is used.';
comment on column public.notifications.dedupe_key is
  'Set by scheduled work so that running it twice queues a message once.';
create index notifications_pending_idx on public.notifications (id) where sent_at is null;
alter table public.notifications enable row level security;
revoke select, insert, update, delete, truncate on public.notifications from anon, authenticated;

/**
 * Queue one email to a person, in the caller's transaction. Returns the message's id, or null
 * when it was not queued: the dedupe key was used before, or the person has chosen not to get
 * this kind (reminders only; changes and cancellations always go).
 */
create function private.queue_message(kind text, to_profile uuid, payload jsonb,
  dedupe_key text default null) returns bigint
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  queued bigint;
begin
  -- Preferences (opting out of reminders) are checked here.
  insert into public.notifications (kind, to_profile, payload, dedupe_key)
  values (kind, to_profile, coalesce(payload, '{}'::jsonb), dedupe_key)
  on conflict on constraint notifications_dedupe_key_key do nothing
  returning id into queued;
  return queued;
end
$$;
comment on function private.queue_message(text, uuid, jsonb, text) is
  'Queues one email to a profile in the caller''s transaction; null when deduplicated or opted out.';

/** Queue one email to someone with no account yet (an invitation), by address. */
create function private.queue_message_to_email(kind text, to_email text, to_name text,
  payload jsonb, dedupe_key text default null) returns bigint
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  queued bigint;
begin
  insert into public.notifications (kind, to_email, to_name, payload, dedupe_key)
  values (kind, lower(btrim(to_email)), to_name, coalesce(payload, '{}'::jsonb), dedupe_key)
  on conflict on constraint notifications_dedupe_key_key do nothing
  returning id into queued;
  return queued;
end
$$;
comment on function private.queue_message_to_email(text, text, text, jsonb, text) is
  'Queues one email to an address (someone with no account yet) in the caller''s transaction.';

/** Hand the server the emails to send, marking them sent. Service role only. */
create function public.take_notifications() returns jsonb
language sql security definer set search_path = ''
as $$
  with taken as (
    update public.notifications set sent_at = now()
    where id in (select id from public.notifications where sent_at is null order by id limit 100 for update skip locked)
    returning id, to_profile, to_email, to_name, kind, payload
  )
  select coalesce(jsonb_agg(jsonb_build_object(
    'id', t.id, 'kind', t.kind, 'to', coalesce(p.email, t.to_email),
    'full_name', coalesce(p.full_name, t.to_name, ''),
    'payload', t.payload || case when t.kind = 'place_offered' then (
      select jsonb_build_object('group_name', g.name, 'offer_expires_at', e.offer_expires_at,
        'first_session', (select min(starts_at) from public.sessions s where s.group_id = g.id and s.status <> 'cancelled'))
      from public.enrolments e join public.groups g on g.id = e.group_id
      where e.id = (t.payload ->> 'enrolment_id')::uuid
    ) else '{}'::jsonb end
  ) order by t.id), '[]')
  from taken t left join public.profiles p on p.id = t.to_profile
$$;
comment on function public.take_notifications() is
  'Hands the app''s server up to 100 emails to send, marking them sent. Service role only.';
revoke execute on function public.take_notifications() from public, anon, authenticated;
grant execute on function public.take_notifications() to service_role;
