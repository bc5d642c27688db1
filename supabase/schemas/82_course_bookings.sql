-- Course bookings: who booked (often not an attendee), how they pay, the places they hold (one
-- row per place, in a fee tier, with the attendee named now or later), and the waiting list.
--
-- The rule that protects money and people here is capacity: a course never has more places
-- taken than it has, across all its tiers. A place is taken while it is active (its booking held
-- awaiting card payment, or booked) and while a waiting-list offer for it is open. The trigger
-- private.check_course_capacity() re-counts under a row lock on the course for every writer
-- (service role included), so concurrent bookings for the last places cannot both succeed.
--
-- Bookers and trainees see only their own; the training admin and the lead see all; trainers see
-- their courses' attendees. Nobody writes these tables directly: functions do (83_booking.sql).

/** A booking: the booker, how they pay, and its state. Its places are in course_places. */
create table public.course_bookings (
  id uuid primary key default gen_random_uuid(),
  reference text not null unique default upper(encode(extensions.gen_random_bytes(4), 'hex'))
    check (reference ~ '^[A-Z0-9]{6,12}$'),
  course_id uuid not null references public.courses (id),
  booker_id uuid references public.profiles (id) on delete set null,
  booker_name text not null check (length(btrim(booker_name)) between 1 and 120),
  booker_email text not null
    check (booker_email = lower(btrim(booker_email)) and booker_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  booker_organisation text not null default '' check (length(booker_organisation) <= 200),
  pay_by text not null check (pay_by in ('invoice', 'card')),
  po_number text check (length(btrim(po_number)) between 1 and 60),
  finance_name text check (length(btrim(finance_name)) between 1 and 120),
  finance_email text
    check (finance_email = lower(btrim(finance_email)) and finance_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  finance_address text check (length(btrim(finance_address)) between 1 and 500),
  status text not null default 'booked' check (status in ('held', 'booked', 'cancelled', 'expired')),
  held_until timestamptz,
  created_at timestamptz not null default now(),
  cancelled_at timestamptz,
  cancel_reason text check (length(cancel_reason) <= 500),
  unique (id, course_id),
  constraint course_bookings_invoice_contact_check
    check (pay_by = 'card' or (finance_name is not null and finance_email is not null
      and finance_address is not null)),
  constraint course_bookings_held_check check ((status = 'held') = (held_until is not null)),
  constraint course_bookings_cancelled_check
    check ((status in ('cancelled', 'expired')) = (cancelled_at is not null))
);
comment on table public.course_bookings is
  'Course bookings: booker, payment method (invoice with PO and finance contact, or card), and state (held awaiting card payment, booked, cancelled, expired).';
comment on column public.course_bookings.reference is
  'The booking''s reference, for the booker, the invoice and bank transfers.';
comment on column public.course_bookings.po_number is
  'The purchase-order number; null means "to follow", which the course may refuse (po_required).';
comment on column public.course_bookings.held_until is
  'A card booking''s places are held until then while the booker pays; null once booked.';
create index course_bookings_course_idx on public.course_bookings (course_id);
create index course_bookings_booker_idx on public.course_bookings (booker_id);
create index course_bookings_booker_email_idx on public.course_bookings (booker_email);
create index course_bookings_held_idx on public.course_bookings (held_until) where status = 'held';
alter table public.course_bookings enable row level security;

/** One place on a course, in a fee tier; the attendee may be named later. */
create table public.course_places (
  id uuid primary key default gen_random_uuid(),
  booking_id uuid not null,
  course_id uuid not null,
  tier_id uuid not null,
  attendee_name text check (length(btrim(attendee_name)) between 1 and 120),
  attendee_email text
    check (attendee_email = lower(btrim(attendee_email)) and attendee_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  attendee_role text check (length(btrim(attendee_role)) between 1 and 120),
  attendee_organisation text check (length(btrim(attendee_organisation)) between 1 and 200),
  trainee_id uuid references public.profiles (id) on delete set null,
  status text not null default 'active' check (status in ('active', 'cancelled', 'transferred')),
  created_at timestamptz not null default now(),
  foreign key (booking_id, course_id) references public.course_bookings (id, course_id)
    on delete cascade,
  foreign key (tier_id, course_id) references public.course_fee_tiers (id, course_id),
  constraint course_places_named_check
    check ((attendee_name is null) = (attendee_email is null)),
  unique (id, course_id)
);
comment on table public.course_places is
  'Places on a course, one row each, in a fee tier; the attendee (name, email, role, organisation) is named now or later.';
comment on column public.course_places.trainee_id is
  'The attendee''s account (role trainee), once they have one.';
create index course_places_booking_idx on public.course_places (booking_id);
create index course_places_course_idx on public.course_places (course_id) where status = 'active';
create index course_places_trainee_idx on public.course_places (trainee_id);
create unique index course_places_one_per_attendee_idx
  on public.course_places (course_id, attendee_email) where status = 'active';
alter table public.course_places enable row level security;

/** A full course's waiting list, in order; a freed place is offered for a limited time. */
create table public.course_waitlist (
  id uuid primary key default gen_random_uuid(),
  course_id uuid not null references public.courses (id) on delete cascade,
  full_name text not null check (length(btrim(full_name)) between 1 and 120),
  email text not null check (email = lower(btrim(email)) and email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  organisation text not null default '' check (length(organisation) <= 200),
  places int not null default 1 check (places between 1 and 50),
  status text not null default 'waiting'
    check (status in ('waiting', 'offered', 'booked', 'withdrawn', 'expired')),
  offered_until timestamptz,
  offer_token_hash bytea unique,
  created_at timestamptz not null default now(),
  constraint course_waitlist_offer_check check ((status = 'offered') = (offered_until is not null))
);
comment on table public.course_waitlist is
  'A course''s waiting list, first come first served; an open offer holds its places until offered_until.';
create index course_waitlist_course_idx on public.course_waitlist (course_id, created_at);
create unique index course_waitlist_one_per_email_idx
  on public.course_waitlist (course_id, email) where status in ('waiting', 'offered');
alter table public.course_waitlist enable row level security;

revoke insert, update, delete, truncate on public.course_bookings, public.course_places,
  public.course_waitlist from anon, authenticated;

create trigger course_bookings_audit after insert or update or delete on public.course_bookings
  for each row execute function private.audit_row();
create trigger course_places_audit after insert or update or delete on public.course_places
  for each row execute function private.audit_row();
create trigger course_waitlist_audit after insert or update or delete on public.course_waitlist
  for each row execute function private.audit_row();

/** How many of a course's places are taken: active places plus open waiting-list offers. */
create function private.course_places_taken(course uuid) returns int
language sql stable security definer set search_path = ''
as $$
  select (select count(*) from public.course_places p
           where p.course_id = course and p.status = 'active')::int
       + coalesce((select sum(w.places) from public.course_waitlist w
           where w.course_id = course and w.status = 'offered' and w.offered_until > now()), 0)::int
$$;
comment on function private.course_places_taken(uuid) is
  'Places taken on a course: active places plus open waiting-list offers (the capacity rule counts these).';

/**
 * Trigger: never more places taken than the course has, across all its tiers. Locks the course
 * row first, so concurrent writers count one after another (each statement then sees the
 * places the one before it committed).
 */
create function private.check_course_capacity() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  cap int;
  course uuid := new.course_id;
begin
  select c.capacity into cap from public.courses c where c.id = course for update;
  if private.course_places_taken(course) > cap then
    raise exception 'This course has no more places: all % are taken.', cap
      using errcode = 'P0001', hint = 'course_full';
  end if;
  return null;
end
$$;
comment on function private.check_course_capacity() is
  'Trigger: a course never has more places taken (active places and open offers) than its capacity, under a row lock on the course.';
create trigger course_places_capacity after insert or update of status, course_id on public.course_places
  for each row when (new.status = 'active') execute function private.check_course_capacity();
create trigger course_waitlist_capacity after insert or update of status, offered_until, places
  on public.course_waitlist
  for each row when (new.status = 'offered') execute function private.check_course_capacity();

/** Trigger: a course's capacity cannot go below the places already taken. */
create function private.check_course_capacity_change() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if private.course_places_taken(new.id) > new.capacity then
    raise exception 'The course has % places taken, so it cannot have fewer places than that.',
      private.course_places_taken(new.id) using errcode = 'P0001', hint = 'capacity_below_taken';
  end if;
  return null;
end
$$;
comment on function private.check_course_capacity_change() is
  'Trigger: a course''s capacity never goes below the places already taken.';
create trigger courses_capacity after update of capacity on public.courses
  for each row execute function private.check_course_capacity_change();

/**
 * Offer a course's free places to its waiting list, in order, and return how many were offered.
 * Called whenever places are freed (a cancellation, a transfer, an expired hold or offer).
 * First come, first offered: each waiting entry, oldest first, is offered its places when that
 * many are free; one wanting more than are free keeps its turn (it is offered first as soon as
 * enough are) while later, smaller entries that fit are offered meanwhile, so no place stays empty
 * while someone who could take it waits. An offer holds its places for the course's
 * waitlist_offer_hours (never past the first day's start); its link's token is emailed and only
 * its hash kept. Nothing is offered once the course has started or is not open or full.
 */
create function private.offer_freed_course_places(course uuid) returns int
language plpgsql security definer set search_path = ''
as $$
declare
  c public.courses;
  starts timestamptz;
  free int;
  entry public.course_waitlist;
  token text;
  offered int := 0;
begin
  select * into c from public.courses where id = course for update;
  starts := private.course_starts_at(c.id);
  if c.id is null or c.status not in ('open', 'full') or coalesce(starts <= now(), true) then
    return 0;
  end if;
  free := c.capacity - private.course_places_taken(c.id);
  for entry in
    select * from public.course_waitlist w
    where w.course_id = c.id and w.status = 'waiting'
    order by w.created_at, w.id
  loop
    exit when free <= 0;
    continue when entry.places > free;
    token := encode(extensions.gen_random_bytes(32), 'hex');
    update public.course_waitlist set status = 'offered',
      offered_until = least(now() + make_interval(hours => c.waitlist_offer_hours), starts),
      offer_token_hash = extensions.digest(token, 'sha256')
    where id = entry.id;
    perform private.queue_message_to_email('course_place_offered', entry.email, entry.full_name,
      jsonb_build_object('token', token, 'places', entry.places,
        'offered_until', least(now() + make_interval(hours => c.waitlist_offer_hours), starts),
        'course', jsonb_build_object('slug', c.slug, 'title', c.title)));
    free := free - entry.places;
    offered := offered + entry.places;
  end loop;
  return offered;
end
$$;
comment on function private.offer_freed_course_places(uuid) is
  'Offers a course''s free places to its waiting list in order; returns how many were offered.';

/** True when the signed-in person made the booking. */
create function private.booked(booking uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from public.course_bookings b
    where b.id = booking and b.booker_id = (select auth.uid()))
$$;
comment on function private.booked(uuid) is
  'True when the signed-in person is the booking''s booker (security definer, so policies do not recurse).';
grant execute on function private.booked(uuid) to authenticated;

/** The bookings the signed-in person made, as a set (policies: once per query, not per row). */
create function private.my_booking_ids() returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select b.id from public.course_bookings b where b.booker_id = (select auth.uid())
$$;
comment on function private.my_booking_ids() is
  'The bookings the signed-in person made, as a set (for policies: once per query).';
grant execute on function private.my_booking_ids() to authenticated;

-- Policies.

create policy "Bookers see their bookings; training staff see all" on public.course_bookings
  for select to authenticated
  using (booker_id = (select auth.uid()) or (select private.manages_training()));
create policy "Attendees, their bookers, the course's trainers and training staff see places"
  on public.course_places for select to authenticated
  using (trainee_id = (select auth.uid()) or booking_id in (select private.my_booking_ids())
    or course_id in (select private.my_course_ids()) or (select private.manages_training()));
create policy "Training staff can read the waiting lists" on public.course_waitlist
  for select to authenticated using ((select private.manages_training()));
