-- Messages: the queue of emails the database decides to send, their delivery exactly once, and
-- the work done on a schedule.
--
-- The function or trigger that makes a change queues its email in the same transaction, through
-- private.queue_message (or queue_message_to_email for someone with no account yet), with a
-- payload that holds everything the email says: an offer of a place (30_groups.sql), a concern
-- raised (40_sessions.sql, to every clinical lead, with no details), someone trying to sign in
-- to an account (15_sign_in_limits.sql). No client can read the queue; the clinical lead sees
-- the messages that could not be sent on the settings page and may send one again.
--
-- Delivery: each of the app's servers runs a worker (src/lib/server/messages/worker.ts) that
-- claims a batch with public.claim_messages (`for update skip locked`, so two servers never
-- claim the same message), sends each one, and reports it with public.message_sent or
-- public.message_failed. A message moves through these states:
--
--   queued ──claim──► sending ──sent──► sent
--     ▲                 │  └──failed, permanent or out of tries──► failed ──lead retries──┐
--     └──failed, retry──┘                                                                  │
--     ▲  (after 1, 5, 30 min, 2 h, 12 h)                                                   │
--     │             sending, not reported within 10 minutes ──► unknown ──lead retries─────┤
--     └────────────────────────────────────────────────────────────────────────────────────┘
--
-- "Exactly once" is kept by never sending a message twice on our own: a claim that a server
-- never reported (it died mid-send, so the email may or may not have gone) becomes `unknown`
-- and stays there until the lead decides. A late report from that server still counts.
--
-- Scheduled work: public.run_scheduled_jobs, every minute, from the app's timer and from
-- pg_cron where it is enabled (both at once is safe: each part is idempotent, and scheduled
-- messages carry dedupe keys).

create type public.message_status as enum ('queued', 'sending', 'sent', 'failed', 'unknown');
comment on type public.message_status is
  'Where a message is: queued (waiting, or waiting to be retried), sending (claimed by a server), sent, failed (given up: permanent refusal or out of tries), unknown (claimed but never reported).';

/**
 * Emails the database decided to send. Queued only through private.queue_message by the
 * function that makes the change, in its transaction, with a complete payload; the app's
 * servers deliver them (claim_messages, message_sent, message_failed).
 */
create table public.notifications (
  id bigint generated always as identity primary key,
  to_profile uuid references public.profiles (id),
  kind text not null check (kind in ('absent_twice', 'accreditation_renewal', 'booking_changed', 'booking_confirmed',
    'certificate_issued', 'concern_escalated', 'concern_raised', 'course_enquiry',
    'course_place_offered', 'course_waitlisted', 'group_cancelled', 'group_changed',
    'interest_signup', 'invitation', 'invoice_issued', 'invoice_overdue', 'measure_open',
    'online_access_requested', 'online_early_access', 'online_training_open',
    'online_training_reminder', 'online_training_trainers', 'place_given', 'place_offered',
    'session_changed', 'session_reminder', 'settings_test', 'sign_in_attempts', 'waitlisted')),
  payload jsonb not null default '{}',
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  dedupe_key text unique,
  to_email text check (to_email = lower(btrim(to_email)) and to_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  to_name text check (length(to_name) <= 120),
  -- Delivery (added together, in the order migrations add columns: by name).
  attempts int not null default 0 check (attempts >= 0),
  claimed_at timestamptz,
  claimed_by text check (length(claimed_by) <= 200),
  last_error text check (length(last_error) <= 2000),
  next_attempt_at timestamptz not null default now(),
  provider_response text check (length(provider_response) <= 2000),
  status public.message_status not null default 'queued',
  check (to_profile is not null or to_email is not null),
  constraint notifications_sent_when_sent check ((status = 'sent') = (sent_at is not null)),
  constraint notifications_claimed_by_someone
    check (status not in ('sending', 'unknown') or (claimed_at is not null and claimed_by is not null))
);
comment on table public.notifications is
  'The queue of app emails, each with its delivery state; no client writes it, and the clinical lead reads only the ones that failed.';
comment on column public.notifications.to_email is
  'For someone with no account yet (an invitation): where to send it. Otherwise the profile''s email is used.';
comment on column public.notifications.dedupe_key is
  'Set by scheduled work so that running it twice queues a message once.';
comment on column public.notifications.attempts is 'How many times a server has claimed it to send.';
comment on column public.notifications.next_attempt_at is
  'A queued message is not claimed before this (now when queued; later when a failure is retried).';
comment on column public.notifications.claimed_at is 'When a server last claimed it (the last attempt).';
comment on column public.notifications.claimed_by is 'Which server (worker id) last claimed it.';
comment on column public.notifications.last_error is 'Why the last attempt failed: the provider''s answer (an SMTP refusal), or the worker''s words.';
comment on column public.notifications.provider_response is 'What the mail provider answered when it accepted it.';
create index notifications_due_idx on public.notifications (next_attempt_at, id) where status = 'queued';
create index notifications_sending_idx on public.notifications (claimed_at) where status = 'sending';
create index notifications_trouble_idx on public.notifications (created_at desc, id desc)
  where status in ('failed', 'unknown');
alter table public.notifications enable row level security;
revoke select, insert, update, delete, truncate on public.notifications from anon, authenticated;
-- The lead's settings page lists failures (and counts those waiting to be retried): who, what,
-- when and why, never the payload.
grant select (id, to_profile, kind, created_at, to_email, to_name, status, attempts, claimed_at,
  last_error, provider_response) on public.notifications to authenticated;

create policy "The clinical lead can read the messages that could not be sent" on public.notifications
  for select to authenticated
  using ((select private.is_clinical_lead())
    and (status in ('failed', 'unknown') or (status = 'queued' and attempts > 0)));

/**
 * Queue one email to a person, in the caller's transaction. Returns the message's id, or null
 * when it was not queued: the dedupe key was used before, or the person has chosen not to get
 * this kind (reminders only: before a session, and a measure to answer; changes and
 * cancellations always go).
 */
create function private.queue_message(kind text, to_profile uuid, payload jsonb,
  dedupe_key text default null) returns bigint
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  queued bigint;
begin
  -- Preferences (opting out of reminders) are checked here (72_message_preferences.sql).
  if kind in ('session_reminder', 'measure_open') and not private.wants_reminders(to_profile) then
    return null;
  end if;
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

-- Delivery (the app's servers, with the service role key) ----------------------------------

/**
 * How long to wait before trying again after `attempts` failed tries: 1, 5 and 30 minutes,
 * 2 and 12 hours; null after the sixth, when the message has failed.
 */
create function private.retry_delay(attempts int) returns interval
language sql immutable set search_path = ''
as $$
  select (array[interval '1 minute', interval '5 minutes', interval '30 minutes',
    interval '2 hours', interval '12 hours'])[attempts]
$$;
comment on function private.retry_delay(int) is
  'The wait before the next try after that many failed tries (1, 5, 30 min, 2 h, 12 h); null when there is none.';

/**
 * Claim up to `max` (at most 100) messages due by `as_of` for one worker, oldest due first,
 * skipping any another worker holds: each comes with its recipient (email, name, role), kind
 * and payload, and the batch with the clinic's details. Service role only.
 *
 * `as_of` (here and in message_sent, message_failed, run_scheduled_jobs) is the worker's clock,
 * given only when it is injected (tests, the demo's /dev/clock); otherwise the database's clock
 * decides, so servers whose clocks disagree still agree on what is due.
 */
create function public.claim_messages(worker text, max int default 20, as_of timestamptz default now())
returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  claimed jsonb;
begin
  perform private.require_service_role();
  if worker is null or btrim(worker) = '' or length(worker) > 200 then
    raise exception 'A worker must say who it is (at most 200 characters).' using errcode = '22023';
  end if;
  with picked as (
    select n.id from public.notifications n
    where n.status = 'queued' and n.next_attempt_at <= coalesce(as_of, now())
    order by n.next_attempt_at, n.id
    limit least(greatest(coalesce(max, 20), 0), 100)
    for update skip locked
  ), taken as (
    update public.notifications n
       set status = 'sending', claimed_at = coalesce(as_of, now()), claimed_by = worker,
           attempts = n.attempts + 1
      from picked where n.id = picked.id
    returning n.id, n.kind, n.payload, n.to_profile, n.to_email, n.to_name, n.attempts
  )
  select coalesce(jsonb_agg(jsonb_build_object(
      'id', t.id, 'kind', t.kind, 'payload', t.payload, 'attempts', t.attempts,
      'to', coalesce(p.email, t.to_email), 'full_name', coalesce(p.full_name, t.to_name, ''),
      'role', p.role
    ) order by t.id), '[]')
    into claimed
  from taken t left join public.profiles p on p.id = t.to_profile;
  return jsonb_build_object('clinic', private.clinic(), 'messages', claimed);
end
$$;
comment on function public.claim_messages(text, int, timestamptz) is
  'Claims a batch of due messages for one worker (for update skip locked), with recipients and the clinic''s details. Service role only.';

/**
 * The worker that claimed a message reports it sent, with the provider's answer. Also accepted
 * after the claim was marked unknown: then we know. False when it was not this worker's.
 */
create function public.message_sent(id bigint, worker text, response text default null,
  as_of timestamptz default now())
returns boolean
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
begin
  perform private.require_service_role();
  update public.notifications n
     set status = 'sent', sent_at = coalesce(as_of, now()), provider_response = left(response, 2000),
         last_error = null
   where n.id = id and n.claimed_by = worker and n.status in ('sending', 'unknown');
  return found;
end
$$;
comment on function public.message_sent(bigint, text, text, timestamptz) is
  'Records a claimed message as sent, with the provider''s answer; false when it was not this worker''s claim. Service role only.';

/**
 * The worker that claimed a message reports that sending it failed. A permanent failure (the
 * provider refused the address or the message, a template that cannot render it) fails it at
 * once; otherwise it is queued again after private.retry_delay, and fails after the sixth try.
 * Returns the message's new status, or null when it was not this worker's claim.
 */
create function public.message_failed(id bigint, worker text, error text,
  permanent boolean default false, as_of timestamptz default now())
returns public.message_status
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  tries int;
  wait interval;
  became public.message_status;
begin
  perform private.require_service_role();
  select n.attempts into tries from public.notifications n
   where n.id = id and n.claimed_by = worker and n.status in ('sending', 'unknown')
   for update;
  if not found then
    return null;
  end if;
  wait := case when coalesce(permanent, false) then null else private.retry_delay(tries) end;
  update public.notifications n
     set status = case when wait is null then 'failed'::public.message_status else 'queued' end,
         next_attempt_at = case when wait is null then n.next_attempt_at else coalesce(as_of, now()) + wait end,
         last_error = left(coalesce(nullif(btrim(error), ''), 'No reason was given.'), 2000)
   where n.id = id
  returning n.status into became;
  return became;
end
$$;
comment on function public.message_failed(bigint, text, text, boolean, timestamptz) is
  'Records a failed send: permanent fails it at once, otherwise it is retried after 1, 5, 30 min, 2 h, 12 h, then fails. Service role only.';

revoke execute on function
  public.claim_messages(text, int, timestamptz),
  public.message_sent(bigint, text, text, timestamptz),
  public.message_failed(bigint, text, text, boolean, timestamptz)
  from public, anon, authenticated;
grant execute on function
  public.claim_messages(text, int, timestamptz),
  public.message_sent(bigint, text, text, timestamptz),
  public.message_failed(bigint, text, text, boolean, timestamptz)
  to service_role;

-- Scheduled work (every minute: the app's timer, and pg_cron where enabled) -----------------

/**
 * Raise 42501 unless the caller is the app's server (service role) or a direct database
 * session with no request behind it, which is how pg_cron runs a job (as the role that
 * scheduled it). PostgREST always sets request claims, so no API caller is the second kind.
 */
create function private.require_scheduler() returns void
language plpgsql stable set search_path = ''
as $$
begin
  if coalesce((select auth.role()), 'direct') not in ('service_role', 'direct') then
    raise exception 'Only the app''s server or the database''s scheduler may do that.' using errcode = '42501';
  end if;
end
$$;
comment on function private.require_scheduler() is
  'Raises 42501 unless the caller is the service role or a direct database session (pg_cron).';

-- private.queue_due_reminders(as_of), which run_scheduled_jobs calls, is in 75_session_messages.sql.

-- private.escalate_concerns(as_of) is defined with the concerns, in 95_concern_escalation.sql.

/**
 * Everything that happens because time passed, as of `as_of` (now, or the demo's moved clock):
 * lapse overdue offers and pass the places on, mark claims never reported within 10 minutes as
 * unknown, queue due reminders and concern escalations, forget public sign-ups older than the
 * rate limit's hour. Returns how many of each. Safe to run twice, or from two places at once.
 */
create function public.run_scheduled_jobs(as_of timestamptz default now()) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  at_time timestamptz := coalesce(as_of, now());
  lapsed int;
  stale int;
begin
  perform private.require_scheduler();
  -- Offers lapse by the database's own clock, as the enrolment writes that also lapse them do.
  lapsed := private.lapse_expired_offers(null);
  update public.notifications n
     set status = 'unknown',
         last_error = 'The server sending it stopped before saying whether it was sent, so it may or may not have arrived.'
   where n.status = 'sending' and n.claimed_at <= at_time - interval '10 minutes';
  get diagnostics stale = row_count;
  return jsonb_build_object(
    'offers_lapsed', lapsed,
    'claims_unknown', stale,
    'reminders_queued', private.queue_due_reminders(at_time),
    'concerns_escalated', private.escalate_concerns(at_time),
    'interest_attempts_pruned', private.prune_interest_attempts(at_time),
    'course_holds', private.expire_course_holds(),
    'invoice_reminders_queued', private.send_overdue_reminders(at_time),
    -- Defined in 91_course_days.sql (the online training's emails, and certificates).
    'online_nudges_queued', private.online_training_nudges(at_time),
    -- Defined in 94_facilitator_pathway.sql.
    'accreditation_reminders_queued', private.accreditation_reminders(at_time),
    -- Defined in 97_outcome_answers.sql.
    'measure_reminders_queued', private.measure_reminders(at_time));
end
$$;
comment on function public.run_scheduled_jobs(timestamptz) is
  'Runs the time-driven work as of a moment: lapses offers, marks unreported claims unknown, queues reminders and escalations; returns counts. Service role or pg_cron.';
revoke execute on function public.run_scheduled_jobs(timestamptz) from public, anon, authenticated;
grant execute on function public.run_scheduled_jobs(timestamptz) to service_role;

-- The clinical lead's settings page: the organisation's settings (12_organisation.sql) and the
-- messages that could not be sent ------------------------------------------------------------

/**
 * The settings page (lead only): the organisation's settings, the facilitators who can be the
 * deputy for concerns, and the messages that failed or whose fate is unknown, newest first,
 * 20 a page, with the provider's answer.
 */
create function public.settings_page(page int default 1) returns jsonb
language plpgsql stable set search_path = ''
as $$
#variable_conflict use_variable
declare
  page_size constant int := 20;
  wanted int := greatest(coalesce(page, 1), 1);
begin
  perform private.require_role('clinical_lead');
  return jsonb_build_object(
    'settings', (
      -- The one row (a migration inserts it); the table's defaults should it be missing.
      select jsonb_build_object('name', coalesce(o.name, 'Reflective Groups'), 'phone', o.phone,
        'email', o.email, 'postal_address', o.postal_address, 'reply_to', o.reply_to,
        'concern_deputy', o.concern_deputy,
        'reminder_days_before', to_jsonb(coalesce(o.reminder_days_before, '{2}')),
        'morning_reminder_at', case when o.id is null then '08:00'
          else to_char(o.morning_reminder_at, 'HH24:MI') end,
        'staff_contact', o.staff_contact, 'updated_at', o.updated_at,
        'region', coalesce(o.region, 'england_wales'))
      from (select) one left join public.organisation o on true),
    'deputies', (
      select coalesce(jsonb_agg(jsonb_build_object('id', p.id, 'full_name', p.full_name,
        'email', p.email) order by p.full_name, p.id), '[]')
      from public.profiles p where p.role = 'facilitator'),
    'failures', (
      select jsonb_build_object(
        'page', wanted,
        'page_size', page_size,
        'total', (select count(*) from public.notifications n where n.status in ('failed', 'unknown')),
        'items', coalesce((
          select jsonb_agg(jsonb_build_object('id', f.id, 'kind', f.kind, 'status', f.status,
              'to_email', f.to_email, 'to_name', f.to_name, 'created_at', f.created_at,
              'last_attempt_at', f.claimed_at, 'attempts', f.attempts,
              'last_error', f.last_error, 'provider_response', f.provider_response)
            order by f.created_at desc, f.id desc)
          from (
            select n.id, n.kind, n.status, coalesce(p.email, n.to_email) as to_email,
              coalesce(p.full_name, n.to_name) as to_name, n.created_at, n.claimed_at, n.attempts,
              n.last_error, n.provider_response
            from public.notifications n left join public.profiles p on p.id = n.to_profile
            where n.status in ('failed', 'unknown')
            order by n.created_at desc, n.id desc
            limit page_size offset (wanted - 1) * page_size
          ) f), '[]'))),
    'retrying', (
      select count(*) from public.notifications n where n.status = 'queued' and n.attempts > 0)
  );
end
$$;
comment on function public.settings_page(int) is
  'The lead''s settings page: organisation settings, possible deputies, and failed or unknown messages (20 a page, newest first).';

/**
 * Send a failed message, or one whose fate is unknown, again (lead only): it is queued now and
 * gets its six tries afresh. For an unknown one the lead accepts it may arrive twice.
 */
create function public.retry_message(id bigint) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_role('clinical_lead');
  was public.message_status;
begin
  select n.status into was from public.notifications n where n.id = id for update;
  if not found then
    raise exception 'There is no such message.' using errcode = 'P0002';
  end if;
  if was not in ('failed', 'unknown') then
    raise exception 'That message is already queued or sent, so there is nothing to retry.'
      using errcode = 'P0001';
  end if;
  update public.notifications n
     set status = 'queued', attempts = 0, next_attempt_at = now()
   where n.id = id;
  insert into public.audit_log (actor, action, table_name, row_id, detail)
  values (who, 'retry_message', 'notifications', id::text, jsonb_build_object('was', was));
  return jsonb_build_object('id', id, 'was', was);
end
$$;
comment on function public.retry_message(bigint) is
  'Queues a failed or unknown message again, with fresh tries (lead only); audited.';

/**
 * Queue a test email to the lead who asks, with the clinic's details as they stand and a sample
 * calendar file attached, to check that mail (and attachments) arrive.
 */
create function public.send_test_message() returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
  who uuid := private.require_role('clinical_lead');
begin
  return jsonb_build_object('id', private.queue_message('settings_test', who,
    jsonb_build_object('requested_at', now())));
end
$$;
comment on function public.send_test_message() is
  'Queues a test email (with a sample calendar file) to the clinical lead who asks.';
