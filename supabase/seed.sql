-- Demo data for the embedded backend (and `supabase db reset` on a local Supabase).
-- Every demo account's password is 'reflective-demo'. Never run this against production.

-- One bcrypt hash at GoTrue's cost (10) shared by every demo account: the password is public
-- anyway, and hashing it once keeps a fresh demo database quick to build.
insert into auth.users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
  confirmation_token, recovery_token
)
with pw as (select extensions.crypt('reflective-demo', extensions.gen_salt('bf', 10)) as hash)
select
  '00000000-0000-0000-0000-000000000000'::uuid, d.id, 'authenticated', 'authenticated', d.email,
  pw.hash, now(),
  '{"provider":"email","providers":["email"]}'::jsonb, '{}'::jsonb, now(), now(), '', ''
from pw, (values
  ('00000000-0000-4000-8000-000000000001'::uuid, 'lead@example.org'),
  ('00000000-0000-4000-8000-000000000101'::uuid, 'facilitator1@example.org'),
  ('00000000-0000-4000-8000-000000000102'::uuid, 'facilitator2@example.org')
) as d (id, email)
union all
select
  '00000000-0000-0000-0000-000000000000'::uuid,
  ('00000000-0000-4000-8000-0000000002' || lpad(n::text, 2, '0'))::uuid,
  'authenticated', 'authenticated', 'parent' || n || '@example.org',
  pw.hash, now(),
  '{"provider":"email","providers":["email"]}', '{}', now(), now(), '', ''
from pw, generate_series(1, 12) as n;

insert into public.profiles (id, email, full_name, role)
select u.id, u.email, d.full_name, d.role::public.app_role
from auth.users u
join (values
  ('lead@example.org', 'Helen Marsh', 'clinical_lead'),
  ('facilitator1@example.org', 'Priya Shah', 'facilitator'),
  ('facilitator2@example.org', 'Tom Ellis', 'facilitator'),
  ('parent1@example.org', 'Margaret Doyle', 'parent'),
  ('parent2@example.org', 'Denise Campbell', 'parent'),
  ('parent3@example.org', 'Grace Adeyemi', 'parent'),
  ('parent4@example.org', 'Joan Whitfield', 'parent'),
  ('parent5@example.org', 'Sandra Kowalski', 'parent'),
  ('parent6@example.org', 'Patricia Nolan', 'parent'),
  ('parent7@example.org', 'Brenda Hughes', 'parent'),
  ('parent8@example.org', 'Yvonne Clarke', 'parent'),
  ('parent9@example.org', 'Carol Mensah', 'parent'),
  ('parent10@example.org', 'Linda Fraser', 'parent'),
  ('parent11@example.org', 'Maureen Patel', 'parent'),
  ('parent12@example.org', 'Janet O''Brien', 'parent')
) as d (email, full_name, role) on d.email = u.email;

-- Demo groups, dated from today so the demo always has one of each:
--   an open funded group starting in two weeks (parents 7-12: 6 of 12 places filled),
--   a running funded group that started three weeks ago (closed; parents 1-6),
--   an open self-funded online group starting in five weeks (nobody yet).
-- All times are London wall-clock times.
insert into public.groups (id, programme_id, name, audience, start_time, venue, video_link,
  capacity, funding, funder, fee_pence, status, created_by)
values
  ('00000000-0000-4000-8000-000000001001', 'reflective-parenting', 'Tuesday mornings',
   'Special Guardians', '10:00', 'Oak Room, Northfield Family Centre, 12 Mill Lane', null,
   12, 'funded', 'Northfield Family Trust', null, 'open', '00000000-0000-4000-8000-000000000001'),
  ('00000000-0000-4000-8000-000000001002', 'reflective-parenting', 'Thursday evenings',
   'Special Guardians', '18:30', 'Community Hall, St Anne''s Road', null,
   12, 'funded', 'Northfield Family Trust', null, 'open', '00000000-0000-4000-8000-000000000001'),
  ('00000000-0000-4000-8000-000000001003', 'reflective-parenting', 'Online – Wednesday evenings',
   'Special Guardians', '19:00', null, 'https://meet.example.org/reflective-wednesday',
   10, 'self_funded', null, 12000, 'open', '00000000-0000-4000-8000-000000000001');

insert into public.group_facilitators (group_id, facilitator_id)
select g, f from unnest(array[
  '00000000-0000-4000-8000-000000001001', '00000000-0000-4000-8000-000000001002',
  '00000000-0000-4000-8000-000000001003']::uuid[]) g
cross join unnest(array['00000000-0000-4000-8000-000000000101',
  '00000000-0000-4000-8000-000000000102']::uuid[]) f;

with starts (group_id, first_day, start_time, minutes) as (values
  ('00000000-0000-4000-8000-000000001001'::uuid,
   date_trunc('week', now() at time zone 'Europe/London')::date + 15, time '10:00', 120),
  ('00000000-0000-4000-8000-000000001002'::uuid,
   date_trunc('week', now() at time zone 'Europe/London')::date - 18, time '18:30', 120),
  ('00000000-0000-4000-8000-000000001003'::uuid,
   date_trunc('week', now() at time zone 'Europe/London')::date + 37, time '19:00', 120)
)
insert into public.sessions (group_id, number, starts_at, ends_at)
select group_id, n,
  ((first_day + 7 * (n - 1)) + start_time) at time zone 'Europe/London',
  ((first_day + 7 * (n - 1)) + start_time + make_interval(mins => minutes)) at time zone 'Europe/London'
from starts cross join generate_series(1, 8) n;

-- The running group's families joined before it started; the closure trigger would (rightly)
-- refuse them today, so it is paused for this one insert.
alter table public.enrolments disable trigger enrolments_check;
insert into public.enrolments (group_id, parent_id, status, enrolled_at, created_by)
select case when n <= 6 then '00000000-0000-4000-8000-000000001002'::uuid
            else '00000000-0000-4000-8000-000000001001'::uuid end,
  ('00000000-0000-4000-8000-0000000002' || lpad(n::text, 2, '0'))::uuid,
  'enrolled'::public.enrolment_status,
  now() - case when n <= 6 then interval '30 days' else interval '2 days' end,
  '00000000-0000-4000-8000-000000000101'::uuid
from generate_series(1, 12) n;
alter table public.enrolments enable trigger enrolments_check;

insert into public.interest_list (full_name, email, note, added_by)
values
  ('Rosa Bennett', 'rosa.bennett@example.org', 'Grandmother, two grandchildren; prefers mornings',
   '00000000-0000-4000-8000-000000000001'),
  ('Kwame Asante', 'kwame.asante@example.org', 'Uncle and Special Guardian since March',
   '00000000-0000-4000-8000-000000000001');

-- The running group's first three sessions have happened: held, materials released, the
-- register taken, notes written, and one concern raised. Written as facilitator 1, so the
-- triggers that stamp who did what record them.
select set_config('request.jwt.claims',
  '{"sub":"00000000-0000-4000-8000-000000000101","role":"authenticated"}', false);

update public.sessions
   set status = 'held', released_at = ends_at,
       released_by = '00000000-0000-4000-8000-000000000101'
 where group_id = '00000000-0000-4000-8000-000000001002' and number <= 3;

insert into public.attendance (session_id, enrolment_id, status, reason)
select s.id, e.id,
  (case
    when p.n = 6 and s.number >= 2 then 'absent'
    when p.n = 5 and s.number = 2 then 'apologies'
    when p.n = 2 and s.number = 3 then 'late'
    else 'present' end)::public.attendance_status,
  case when p.n = 5 and s.number = 2 then 'Hospital appointment' end
from public.sessions s
join public.enrolments e on e.group_id = s.group_id
cross join lateral (select right(e.parent_id::text, 2)::int as n) p
where s.group_id = '00000000-0000-4000-8000-000000001002' and s.number <= 3;

insert into public.session_notes (session_id, covered, how_it_went, reflection)
select id,
  'Welcome, group agreement, the parent map.',
  'Warm start; everyone spoke in the first round. Two carers stayed behind to talk about contact.',
  'Next week allow more time for the parent map: it opened a lot up.'
from public.sessions
where group_id = '00000000-0000-4000-8000-000000001002' and number = 1;

insert into public.concerns (group_id, enrolment_id, session_id, kind, urgency, description)
select e.group_id, e.id, s.id, 'wellbeing', 'medium',
  'Patricia has missed two sessions and did not answer a phone call. Last time she mentioned '
  'feeling worn out since her grandson''s contact arrangements changed.'
from public.enrolments e
join public.sessions s on s.group_id = e.group_id and s.number = 3
where e.parent_id = '00000000-0000-4000-8000-000000000206';

-- The clinic (made up): its details for emails and the parents' pages, and Tom Ellis (the
-- second facilitator) as deputy for concerns.
update public.organisation set
  name = 'Riverside Family Clinic',
  phone = '0191 496 0123',
  email = 'groups@riverside-clinic.example',
  postal_address = 'Riverside Family Clinic, 14 Quayside, Newcastle upon Tyne NE1 3DX',
  reply_to = 'groups@riverside-clinic.example',
  concern_deputy = '00000000-0000-4000-8000-000000000102',
  reminder_days_before = '{2}',
  morning_reminder_at = '08:00',
  staff_contact = 'Priya and Tom: 07700 900123 (call or text, weekdays 9am to 5pm)',
  updated_at = now();

select set_config('request.jwt.claims', '', false);

-- The venues' postcodes, for the map links on the parents' pages and in emails.
update public.groups set venue_postcode = 'NE1 4ST' where id = '00000000-0000-4000-8000-000000001001';
update public.groups set venue_postcode = 'NE6 2DL' where id = '00000000-0000-4000-8000-000000001002';

-- The register history above queued the "absent twice in a row" email to both facilitators;
-- that history predates the demo, so those count as sent long ago rather than going out when
-- the demo starts.
update public.notifications set status = 'sent', sent_at = now()
where kind = 'absent_twice' and sent_at is null;
