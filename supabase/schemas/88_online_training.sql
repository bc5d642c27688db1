-- The online training that comes before a course (the MBT Online training): who may open it
-- and when (its versioned content is in 79_online_content.sql), progress, early access, and the course days' register and
-- certificates that depend on it.
--
-- THE RULE (the organisation's own words: "access to the training will be granted once full
-- payment is received ... one month before the training start date ... we will be able to grant
-- you access [sooner]"), decided in one place, private.online_access(place):
--   the place's tier includes the online training, the place is active, and its booking is paid
--   in full (private.booking_money ->> 'state' = 'paid'); and either today (London) is on or after
--   the first course day less one calendar month, or the training staff granted early access
--   (with a reason) to the attendee who holds the place now. Never while unpaid, whatever else
--   holds; a refund or a cancellation withdraws it. Every page and every storage read asks it.
--
-- Time: private.clock() is now(), moved only by the demo's clock (/dev/clock), so a test can let
-- the opening date pass. Progress is one row per trainee and module: the seconds watched as an
-- int4multirange, merged in SQL, so overlapping and out-of-order reports count once.

/**
 * The time the online-training rule reads: now(), plus the demo clock's offset when the embedded
 * backend sets app.clock_offset_seconds for the request (it does only in the demo; PostgREST
 * lets no client set it).
 */
create function private.clock() returns timestamptz
language sql stable set search_path = ''
as $$
  select now() + make_interval(secs => coalesce(
    nullif(current_setting('app.clock_offset_seconds', true), '')::double precision, 0))
$$;
comment on function private.clock() is
  'Now, as the online-training rule sees it: now() plus the demo clock''s offset (demo only).';
-- Security invoker helpers that signed-in people call (the facilitator pathway's) read it too.
grant execute on function private.clock() to authenticated;

/** Early access, granted by the training staff with a reason, to the attendee of a place. */
create table public.online_early_access (
  id uuid primary key default gen_random_uuid(),
  place_id uuid not null references public.course_places (id) on delete cascade,
  -- The attendee it was granted to: a substitute on the same place does not inherit it.
  attendee_email text not null,
  reason text not null check (length(btrim(reason)) between 3 and 500),
  granted_by uuid references public.profiles (id) on delete set null,
  granted_at timestamptz not null default now(),
  withdrawn_at timestamptz,
  withdrawn_by uuid references public.profiles (id) on delete set null
);
comment on table public.online_early_access is
  'Early access to the online training before the month before the course, granted with a reason to the attendee then holding the place. It never opens an unpaid place.';
create unique index online_early_access_live_idx on public.online_early_access (place_id)
  where withdrawn_at is null;
alter table public.online_early_access enable row level security;

/** A trainee's request for early access, answered by the training staff. */
create table public.online_access_requests (
  id uuid primary key default gen_random_uuid(),
  place_id uuid not null references public.course_places (id) on delete cascade,
  trainee_id uuid not null references public.profiles (id) on delete cascade,
  message text not null default '' check (length(message) <= 1000),
  requested_at timestamptz not null default now(),
  answer text check (answer in ('granted', 'declined')),
  answered_at timestamptz,
  answered_by uuid references public.profiles (id) on delete set null,
  -- Why the staff declined it (required when declining; a grant's reason is on its grant).
  answer_reason text check (length(btrim(answer_reason)) between 3 and 500),
  check ((answer is null) = (answered_at is null))
);
comment on table public.online_access_requests is
  'Trainees'' requests to open the online training early; the training staff grant or decline them.';
comment on column public.online_access_requests.answer_reason is
  'Why the training staff declined the request (required when declining).';
create unique index online_access_requests_open_idx on public.online_access_requests (place_id)
  where answered_at is null;
alter table public.online_access_requests enable row level security;

/** What one trainee has watched of one module: unique seconds, merged. */
create table public.online_progress (
  trainee_id uuid not null references public.profiles (id) on delete cascade,
  module_id uuid not null references public.online_modules (id) on delete cascade,
  -- Seconds of the video played, as ranges [from, to); merging is a multirange union, so a
  -- second counts once however often or in whatever order it is reported.
  watched int4multirange not null default '{}',
  seconds_watched int not null default 0 check (seconds_watched >= 0),
  -- When the trainee last reported (or was given the video): a report may not credit more
  -- seconds than have passed since, so jumping ahead is not watching.
  last_seen_at timestamptz,
  -- "I have watched this" (embedded videos, or without JavaScript): self-declared.
  declared_at timestamptz,
  completed_at timestamptz,
  completed_how text check (completed_how in ('watched', 'declared')),
  primary key (trainee_id, module_id),
  check ((completed_at is null) = (completed_how is null))
);
comment on table public.online_progress is
  'Per trainee and module: the seconds watched (a multirange of unique seconds), when last seen, and when and how it was completed (watched at the training''s threshold, or self-declared).';
create index online_progress_module_idx on public.online_progress (module_id);
alter table public.online_progress enable row level security;

/** The training staff's record that a trainee completed an online training, with the reason. */
create table public.online_completions (
  trainee_id uuid not null references public.profiles (id) on delete cascade,
  training_id uuid not null references public.online_trainings (id) on delete cascade,
  reason text not null check (length(btrim(reason)) between 3 and 500),
  marked_by uuid references public.profiles (id) on delete set null,
  marked_at timestamptz not null default now(),
  primary key (trainee_id, training_id)
);
comment on table public.online_completions is
  'Completion of an online training marked by hand by the training staff, with a reason (e.g. done on paper, or on an earlier version).';
alter table public.online_completions enable row level security;

/** The course days' register: one mark per place per day. */
create table public.course_attendance (
  place_id uuid not null,
  course_id uuid not null,
  day date not null,
  status text not null check (status in ('present', 'late', 'left_early', 'absent')),
  -- When they arrived (late) or left (left early), London time.
  at_time time,
  note text check (length(note) <= 500),
  marked_by uuid references public.profiles (id) on delete set null,
  marked_at timestamptz not null default now(),
  primary key (place_id, day),
  foreign key (place_id, course_id) references public.course_places (id, course_id)
    on delete cascade,
  constraint course_attendance_time_check
    check ((status in ('late', 'left_early')) = (at_time is not null))
);
comment on table public.course_attendance is
  'A course day''s register: present, late (with arrival time), left early (with leaving time) or absent, per place.';
create index course_attendance_course_idx on public.course_attendance (course_id, day);
alter table public.course_attendance enable row level security;

/** Attendance certificates: issued only when the online training and both days are done. */
create table public.course_certificates (
  id uuid primary key default gen_random_uuid(),
  place_id uuid not null references public.course_places (id) on delete cascade,
  code text not null unique check (code ~ '^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$'),
  -- Copies as issued, so the certificate and its check page never change afterwards.
  attendee_name text not null,
  course_title text not null,
  first_day date not null,
  last_day date not null,
  cpd_hours numeric(5, 2) not null check (cpd_hours >= 0),
  issued_at timestamptz not null default now(),
  issued_by uuid references public.profiles (id) on delete set null,
  withdrawn_at timestamptz,
  withdrawn_reason text check (length(btrim(withdrawn_reason)) between 3 and 500),
  check ((withdrawn_at is null) = (withdrawn_reason is null))
);
comment on table public.course_certificates is
  'Attendance certificates with a verification code; a withdrawn one (withheld or replaced by a reissue) no longer verifies.';
create unique index course_certificates_live_idx on public.course_certificates (place_id)
  where withdrawn_at is null;
alter table public.course_certificates enable row level security;

/** A place whose certificate the training staff withhold, with the reason. */
create table public.course_certificate_holds (
  place_id uuid primary key references public.course_places (id) on delete cascade,
  reason text not null check (length(btrim(reason)) between 3 and 500),
  held_by uuid references public.profiles (id) on delete set null,
  held_at timestamptz not null default now()
);
comment on table public.course_certificate_holds is
  'Certificates withheld by the training staff, with the reason; none is issued to the place while held.';
alter table public.course_certificate_holds enable row level security;

-- Clients read through RLS and write only through functions.
revoke insert, update, delete, truncate on public.online_early_access, public.online_access_requests, public.online_progress,
  public.online_completions, public.course_attendance, public.course_certificates,
  public.course_certificate_holds from anon, authenticated;

create trigger online_early_access_audit after insert or update or delete
  on public.online_early_access for each row execute function private.audit_row();
create trigger online_access_requests_audit after insert or update or delete
  on public.online_access_requests for each row execute function private.audit_row();
create trigger online_completions_audit after insert or update or delete
  on public.online_completions for each row execute function private.audit_row();
create trigger course_attendance_audit after insert or update or delete
  on public.course_attendance for each row execute function private.audit_row();
create trigger course_certificates_audit after insert or update or delete
  on public.course_certificates for each row execute function private.audit_row();
create trigger course_certificate_holds_audit after insert or update or delete
  on public.course_certificate_holds for each row execute function private.audit_row();
-- Progress is not audited row by row: a trainee's player reports every few seconds, and the row
-- itself is the record of what was watched.

-- The rule.

/** The day the online training opens for a course starting on first_day: one calendar month before. */
create function private.online_opens_on(first_day date) returns date
language sql immutable set search_path = ''
as $$
  -- PostgreSQL clamps to the month's last day: a course on 31 March opens on 28 (or 29) February.
  select (first_day - interval '1 month')::date
$$;
comment on function private.online_opens_on(date) is
  'When the online training opens: the first course day less one calendar month (31 March -> 28/29 February).';

/**
 * The rule as a pure function of the facts, so it can be proven as a truth table. Order matters:
 * not included, then withdrawn (cancelled, transferred, refunded), then unpaid — which nothing
 * overrides, not even early access — then early access, then the date.
 */
create function private.online_access_verdict(included boolean, place_live boolean,
  money_state text, first_day date, early boolean, today date) returns text
language sql immutable set search_path = ''
as $$
  select case
    when not coalesce(included, false) then 'not_included'
    when not coalesce(place_live, false) or money_state in ('refunded', 'cancelled') then 'withdrawn'
    when money_state is distinct from 'paid' then 'unpaid'
    when first_day is null then 'not_ready'
    when coalesce(early, false) then 'open_early'
    when today >= private.online_opens_on(first_day) then 'open'
    else 'before_opening' end
$$;
comment on function private.online_access_verdict(boolean, boolean, text, date, boolean, date) is
  'The online-training rule on its facts: not_included, withdrawn, unpaid, not_ready, open_early, open or before_opening. Unpaid always wins over early access and the date.';

/**
 * Where one place stands with the online training, from the database's facts now: the verdict,
 * whether it is open, the opening date, the payment state and the early-access grant. The one
 * function every page, storage read and job asks.
 */
create function private.online_access(place uuid) returns jsonb
language sql stable security definer set search_path = ''
as $$
  select jsonb_build_object(
    'state', v.state,
    'open', v.state in ('open', 'open_early'),
    'opens_on', private.online_opens_on(f.first_day),
    'first_day', f.first_day,
    'money_state', f.money_state,
    'training_id', f.training_id,
    'early_granted_at', f.early_at)
  from (
    select p.id,
      t.grants_online_training and c.online_training_id is not null as included,
      -- A card booking held while the booker pays is live but not paid: unpaid, not withdrawn.
      p.status = 'active' and b.status in ('held', 'booked') as live,
      private.booking_money(b.id) ->> 'state' as money_state,
      private.course_first_day(c.id) as first_day,
      c.online_training_id as training_id,
      (select e.granted_at from public.online_early_access e
        where e.place_id = p.id and e.withdrawn_at is null
          and e.attendee_email = p.attendee_email) as early_at
    from public.course_places p
    join public.course_bookings b on b.id = p.booking_id
    join public.course_fee_tiers t on t.id = p.tier_id
    join public.courses c on c.id = p.course_id
    where p.id = place
  ) f
  cross join lateral (select private.online_access_verdict(f.included, f.live, f.money_state,
    f.first_day, f.early_at is not null,
    (private.clock() at time zone 'Europe/London')::date) as state) v
$$;
comment on function private.online_access(uuid) is
  'Where a place stands with the online training: state (the verdict), open, opens_on, first_day, money_state, training_id, early_granted_at. Null for no such place.';
revoke execute on function private.online_access(uuid) from public, anon, authenticated;

/**
 * True when the signed-in person may have a file of the online-training bucket: training staff
 * and the trainers of a course using it always; a trainee while one of their places on a course
 * using that training is open by the rule. Storage's read policy calls it for every file.
 */
create function private.may_open_online_file(object_name text) returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce((select private.manages_training()), false) or exists (
    select 1 from public.online_modules m
    join public.courses c on c.online_training_id = m.training_id
    where (m.video_path = object_name or m.notes_path = object_name)
      and ((select private.trains(c.id)) or exists (
        select 1 from public.course_places p
        where p.course_id = c.id and p.trainee_id = (select auth.uid()) and p.status = 'active'
          and (private.online_access(p.id) ->> 'open')::boolean)))
$$;
comment on function private.may_open_online_file(text) is
  'Whether the signed-in person may read a file of the online-training bucket: training staff, the course''s trainers, or a trainee whose place is open by private.online_access.';
grant execute on function private.may_open_online_file(text) to authenticated;

/**
 * One trainee's progress on one online training version: modules, how many done (watched or
 * declared), seconds watched, and complete (every module done, or marked by the staff).
 */
create function private.online_progress_summary(trainee uuid, training uuid) returns jsonb
language sql stable security definer set search_path = ''
as $$
  select jsonb_build_object(
    'modules', count(m.id),
    'done', count(pr.completed_at),
    'declared', count(*) filter (where pr.completed_how = 'declared'),
    'seconds_watched', coalesce(sum(least(pr.seconds_watched, m.duration_seconds)), 0),
    'seconds_total', coalesce(sum(m.duration_seconds), 0),
    'marked_by_staff', oc.trainee_id is not null,
    'complete', oc.trainee_id is not null or (count(m.id) > 0 and count(pr.completed_at) = count(m.id)))
  from public.online_modules m
  left join public.online_progress pr on pr.module_id = m.id and pr.trainee_id = trainee
  left join public.online_completions oc on oc.trainee_id = trainee and oc.training_id = training
  where m.training_id = training
  group by oc.trainee_id
  union all
  -- A training with no modules yet: nothing to complete unless the staff marked it.
  select jsonb_build_object('modules', 0, 'done', 0, 'declared', 0, 'seconds_watched', 0,
    'seconds_total', 0, 'marked_by_staff', exists (select 1 from public.online_completions oc
      where oc.trainee_id = trainee and oc.training_id = training),
    'complete', exists (select 1 from public.online_completions oc
      where oc.trainee_id = trainee and oc.training_id = training))
  where not exists (select 1 from public.online_modules m where m.training_id = training)
$$;
comment on function private.online_progress_summary(uuid, uuid) is
  'A trainee''s progress on an online training: modules, done, declared, seconds_watched, seconds_total, marked_by_staff, complete.';
revoke execute on function private.online_progress_summary(uuid, uuid) from public, anon, authenticated;

-- Policies. Pages read through security definer functions that check who is asking; these are
-- for anyone reading the tables directly with their own token.

create policy "Training staff, trainers and trainees of courses using it can read an online training"
  on public.online_trainings for select to authenticated
  using ((select private.manages_training()) or id in (
    select c.online_training_id from public.courses c
    where c.id in (select p.course_id from public.course_places p)));
create policy "Those who can read an online training can read its modules" on public.online_modules
  for select to authenticated
  using (training_id in (select t.id from public.online_trainings t));
create policy "Those who can see the place can see its early access" on public.online_early_access
  for select to authenticated
  using (place_id in (select p.id from public.course_places p));
create policy "Trainees see their own requests; training staff see all"
  on public.online_access_requests for select to authenticated
  using (trainee_id = (select auth.uid()) or (select private.manages_training()));
create policy "Trainees see their own progress; training staff see all" on public.online_progress
  for select to authenticated
  using (trainee_id = (select auth.uid()) or (select private.manages_training()));
create policy "Trainees see their own completions; training staff see all"
  on public.online_completions for select to authenticated
  using (trainee_id = (select auth.uid()) or (select private.manages_training()));
create policy "Those who can see the place can see its attendance" on public.course_attendance
  for select to authenticated
  using (place_id in (select p.id from public.course_places p));
create policy "Those who can see the place can see its certificates" on public.course_certificates
  for select to authenticated
  using (place_id in (select p.id from public.course_places p));
create policy "Training staff can see withheld certificates" on public.course_certificate_holds
  for select to authenticated using ((select private.manages_training()));

-- Storage: the online-training bucket's files, read only through the rule and written only by
-- the training staff, and only with a session that has not ended (Storage runs no pre-request
-- hook, so these ask private.session_is_live themselves). (The bucket itself is made by the
-- migration: it is data, not schema.)
create policy "People the online training is open to can read its files"
  on storage.objects for select to authenticated
  using (bucket_id = 'online-training' and (select private.session_is_live())
         and private.may_open_online_file(name));
create policy "Training staff can upload online training files" on storage.objects
  for insert to authenticated
  with check (bucket_id = 'online-training' and (select private.session_is_live())
              and (select private.manages_training()));
create policy "Training staff can replace online training files" on storage.objects
  for update to authenticated
  using (bucket_id = 'online-training' and (select private.session_is_live())
         and (select private.manages_training()));
create policy "Training staff can remove online training files" on storage.objects
  for delete to authenticated
  using (bucket_id = 'online-training' and (select private.session_is_live())
         and (select private.manages_training()));
