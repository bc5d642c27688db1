-- Professional training courses: what is offered (title, the page's Markdown sections, days,
-- venue or online, trainers, capacity, fee tiers) and on what booking terms.
--
-- Managed by the training admin and the clinical lead (private.manages_training). Anyone may read
-- a course once it is out of draft, through the public page functions (81_course_pages.sql);
-- bookings, places and money are in 82_course_bookings.sql and 84_course_invoices.sql.
--
-- Times are London wall-clock: a day is a date with start and end times, and
-- private.course_day_starts() turns them into instants, so a summer course is not an hour out.
-- Money is whole pence, prices net of VAT; each tier has its own VAT rate.

/** True for the people who run the training: the training admin and the clinical lead. */
create function private.manages_training() returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce(private.current_app_role() in ('training_admin', 'clinical_lead'), false)
$$;
comment on function private.manages_training() is
  'True for the training admin and the clinical lead, who manage courses, bookings and payments.';
grant execute on function private.manages_training() to authenticated;

/** A course as its public page describes it, with its booking terms. */
create table public.courses (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique
    check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) between 3 and 80
      and slug <> 'commission'),
  title text not null check (length(btrim(title)) between 1 and 200),
  summary text not null default '' check (length(summary) <= 600),
  about text not null default '' check (length(about) <= 20000),
  suitable_for text not null default '' check (length(suitable_for) <= 20000),
  aims text not null default '' check (length(aims) <= 20000),
  online boolean not null default false,
  venue_name text check (length(btrim(venue_name)) between 1 and 200),
  venue_address text check (length(btrim(venue_address)) between 1 and 300),
  venue_postcode text check (venue_postcode ~ '^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$'),
  map_url text check (map_url ~ '^https://[^\s]+$' and length(map_url) <= 500),
  capacity int not null check (capacity between 1 and 500),
  booking_opens_at timestamptz,
  booking_closes_at timestamptz,
  status text not null default 'draft'
    check (status in ('draft', 'open', 'full', 'closed', 'cancelled', 'completed')),
  -- Booking terms (defaults from common UK training terms).
  po_required boolean not null default false,
  payment_due_days int not null default 21 check (payment_due_days between 0 and 120),
  card_hold_minutes int not null default 30 check (card_hold_minutes between 5 and 1440),
  waitlist_offer_hours int not null default 48 check (waitlist_offer_hours between 1 and 336),
  transfer_fee_percent numeric(5, 2) not null default 10
    check (transfer_fee_percent between 0 and 100),
  late_transfer_fee_percent numeric(5, 2) not null default 50
    check (late_transfer_fee_percent between 0 and 100),
  late_notice_days int not null default 14 check (late_notice_days between 0 and 365),
  refund_full_notice_days int not null default 28 check (refund_full_notice_days between 0 and 365),
  refund_full_percent numeric(5, 2) not null default 90 check (refund_full_percent between 0 and 100),
  refund_part_notice_days int not null default 14 check (refund_part_notice_days between 0 and 365),
  refund_part_percent numeric(5, 2) not null default 50 check (refund_part_percent between 0 and 100),
  created_by uuid references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  online_training_id uuid references public.online_trainings (id),
  constraint courses_booking_window_check
    check (booking_opens_at is null or booking_closes_at is null
      or booking_opens_at < booking_closes_at),
  constraint courses_venue_or_online_check
    check (online or status = 'draft' or (venue_name is not null and venue_postcode is not null)),
  constraint courses_refund_bands_check
    check (refund_part_notice_days <= refund_full_notice_days
      and refund_part_percent <= refund_full_percent)
);
comment on table public.courses is
  'Professional training courses: the public page''s content, venue or online, capacity, status and booking terms.';
comment on column public.courses.slug is
  'The course''s web address, /courses/<slug>; never "commission", which is the enquiry form''s.';
comment on column public.courses.po_required is
  'True: an invoice booking must give its purchase-order number; false: "to follow" is allowed.';
comment on column public.courses.card_hold_minutes is
  'How long a card booking''s places are held while the booker pays; unpaid after that, they are released.';
comment on column public.courses.late_notice_days is
  'A transfer with fewer days'' notice than this before the first day costs late_transfer_fee_percent.';
comment on column public.courses.refund_full_notice_days is
  'Cancelling with at least this many days'' notice refunds refund_full_percent; at least refund_part_notice_days, refund_part_percent; less, nothing.';
comment on column public.courses.online_training_id is
  'The online training version the course''s places with grants_online_training include.';
create index courses_status_idx on public.courses (status);
create index courses_online_training_idx on public.courses (online_training_id);
alter table public.courses enable row level security;

/** The days a course runs, each with London start and end times. */
create table public.course_days (
  course_id uuid not null references public.courses (id) on delete cascade,
  day date not null,
  starts time not null,
  ends time not null,
  primary key (course_id, day),
  check (starts < ends)
);
comment on table public.course_days is 'The days a course runs; starts and ends are London wall-clock times.';
alter table public.course_days enable row level security;

/** Who teaches a course: staff accounts, shown on the page by name. */
create table public.course_trainers (
  course_id uuid not null references public.courses (id) on delete cascade,
  trainer_id uuid not null references public.profiles (id),
  primary key (course_id, trainer_id)
);
comment on table public.course_trainers is
  'The trainers of a course (staff accounts); they may see its attendees.';
create index course_trainers_trainer_idx on public.course_trainers (trainer_id);
alter table public.course_trainers enable row level security;

/** The prices a course is sold at: each tier's net price, VAT rate and what it includes. */
create table public.course_fee_tiers (
  id uuid primary key default gen_random_uuid(),
  course_id uuid not null references public.courses (id) on delete cascade,
  position int not null default 1 check (position between 1 and 20),
  name text not null check (length(btrim(name)) between 1 and 120),
  description text not null default '' check (length(description) <= 1000),
  price_pence int not null check (price_pence between 0 and 10000000),
  vat_percent numeric(5, 2) not null default 20 check (vat_percent between 0 and 100),
  grants_online_training boolean not null default false,
  unique (course_id, name),
  unique (id, course_id)
);
comment on table public.course_fee_tiers is
  'A course''s fee tiers: net price in pence, VAT rate, and whether the place includes the online training.';
alter table public.course_fee_tiers enable row level security;

-- Clients read through RLS and write only through functions.
revoke insert, update, delete, truncate on public.courses, public.course_days,
  public.course_trainers, public.course_fee_tiers from anon, authenticated;

create trigger courses_audit after insert or update or delete on public.courses
  for each row execute function private.audit_row();
create trigger course_days_audit after insert or update or delete on public.course_days
  for each row execute function private.audit_row();
create trigger course_trainers_audit after insert or update or delete on public.course_trainers
  for each row execute function private.audit_row();
create trigger course_fee_tiers_audit after insert or update or delete on public.course_fee_tiers
  for each row execute function private.audit_row();

/** True when the signed-in person is one of the course's trainers. */
create function private.trains(course uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from public.course_trainers t
    where t.course_id = course and t.trainer_id = (select auth.uid()))
$$;
comment on function private.trains(uuid) is
  'True when the signed-in person trains the course (security definer, so policies do not recurse).';
grant execute on function private.trains(uuid) to authenticated;

/** The courses the signed-in person trains, as a set (policies: once per query, not per row). */
create function private.my_course_ids() returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select t.course_id from public.course_trainers t where t.trainer_id = (select auth.uid())
$$;
comment on function private.my_course_ids() is
  'The courses the signed-in person trains, as a set (for policies: once per query).';
grant execute on function private.my_course_ids() to authenticated;

/** When a course day starts, as an instant: its date and time read in London. */
create function private.course_day_starts(day date, starts time) returns timestamptz
language sql immutable set search_path = ''
as $$
  select (day + starts) at time zone 'Europe/London'
$$;
comment on function private.course_day_starts(date, time) is
  'A course day''s start as an instant: the London wall-clock date and time.';

/** The first instant of a course (its first day's start), or null when it has no days. */
create function private.course_starts_at(course uuid) returns timestamptz
language sql stable set search_path = ''
as $$
  select min(private.course_day_starts(d.day, d.starts)) from public.course_days d
  where d.course_id = course
$$;
comment on function private.course_starts_at(uuid) is
  'When a course begins: its first day''s start time in London, as an instant.';

-- Policies. A course out of draft is public; a draft only for those who run it and its trainers.

-- Two policies, one per API role, because anon may not call the helpers that say who is staff.
create policy "Visitors can read courses out of draft" on public.courses
  for select to anon using (status <> 'draft');
create policy "Signed-in people can read courses out of draft, training staff and trainers drafts too"
  on public.courses for select to authenticated
  using (status <> 'draft' or (select private.manages_training())
    or id in (select private.my_course_ids()));
create policy "Anyone can read the days of courses they can see" on public.course_days
  for select to anon, authenticated
  using (course_id in (select c.id from public.courses c));
create policy "Anyone can read the fee tiers of courses they can see" on public.course_fee_tiers
  for select to anon, authenticated
  using (course_id in (select c.id from public.courses c));
create policy "Training staff and a course's trainers can read who trains it" on public.course_trainers
  for select to authenticated
  using ((select private.manages_training()) or trainer_id = (select auth.uid()));
