-- Notifications: the outbox of emails the database decides to send.
--
-- The function or trigger that makes a change queues its email in the same transaction: an
-- offer of a place (30_groups.sql), a concern raised (40_sessions.sql, to every clinical lead,
-- with no details), someone trying to sign in to an account (15_sign_in_limits.sql). The app's
-- server takes a batch with public.take_notifications() and sends them; no client can read them.

/** Emails the database decided to send (e.g. an offer); the app server delivers them. */
create table public.notifications (
  id bigint generated always as identity primary key,
  to_profile uuid not null references public.profiles (id),
  kind text not null check (kind in ('place_offered', 'concern_raised', 'sign_in_attempts')),
  payload jsonb not null default '{}',
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
comment on table public.notifications is 'Outbox of app emails; no client can read it, the server drains it.';
create index notifications_pending_idx on public.notifications (id) where sent_at is null;
alter table public.notifications enable row level security;
revoke select, insert, update, delete, truncate on public.notifications from anon, authenticated;

/** Hand the server the emails to send, marking them sent. Service role only. */
create function public.take_notifications() returns jsonb
language sql security definer set search_path = ''
as $$
  with taken as (
    update public.notifications set sent_at = now()
    where id in (select id from public.notifications where sent_at is null order by id limit 100 for update skip locked)
    returning id, to_profile, kind, payload
  )
  select coalesce(jsonb_agg(jsonb_build_object(
    'id', t.id, 'kind', t.kind, 'to', p.email, 'full_name', p.full_name,
    'payload', t.payload || case when t.kind = 'place_offered' then (
      select jsonb_build_object('group_name', g.name, 'offer_expires_at', e.offer_expires_at,
        'first_session', (select min(starts_at) from public.sessions s where s.group_id = g.id and s.status <> 'cancelled'))
      from public.enrolments e join public.groups g on g.id = e.group_id
      where e.id = (t.payload ->> 'enrolment_id')::uuid
    ) else '{}'::jsonb end
  ) order by t.id), '[]')
  from taken t join public.profiles p on p.id = t.to_profile
$$;
comment on function public.take_notifications() is
  'Hands the app''s server up to 100 emails to send, marking them sent. Service role only.';
revoke execute on function public.take_notifications() from public, anon, authenticated;
grant execute on function public.take_notifications() to service_role;
