-- Groups: closed cohorts of at most 12 with two facilitators, their weekly schedule, enrolment
-- with a waitlist and time-limited offers, and the central interest list.
--
-- Reads go through RLS (security invoker page functions). Writes to the lifecycle tables go
-- only through security definer functions that check who is asking and take a row lock on the
-- group: clients have no direct write privileges, so no client can step around the state
-- machine, and triggers re-check capacity and closure for every writer, service role included.
-- A group's places are capped by its programme (12 for the Reflective Parenting group): the
-- table allows at most 30 and private.check_group_capacity() holds each group to its programme.

create type public.funding_kind as enum ('funded', 'self_funded');
comment on type public.funding_kind is 'How a group is paid for: by a funder, or by each family (self_funded, with a fee).';

create type public.group_status as enum ('draft', 'open', 'cancelled');
comment on type public.group_status is 'The lead''s decisions about a group; running and completed follow from its sessions'' times.';

create type public.session_status as enum ('scheduled', 'held', 'cancelled');
comment on type public.session_status is 'A session is scheduled, held, or cancelled (and replaced a week later).';

create type public.enrolment_status as enum
  ('enrolled', 'waitlisted', 'offered', 'withdrawn', 'declined', 'lapsed');
comment on type public.enrolment_status is 'A parent in a group: enrolled, waitlisted, offered a place, or withdrawn, declined, lapsed.';

/** A closed cohort. Status holds the lead's decisions; running/completed follow the clock. */
create table public.groups (
  id uuid primary key default gen_random_uuid(),
  programme_id text not null references public.programmes (id),
  name text not null check (length(btrim(name)) between 1 and 120),
  audience text not null check (length(btrim(audience)) between 1 and 120),
  start_time time not null,
  venue text check (length(venue) <= 300),
  video_link text check (video_link ~ '^https://[^\s]+$' and length(video_link) <= 500),
  capacity int not null default 12 check (capacity between 1 and 30),
  funding public.funding_kind not null,
  funder text check (length(funder) <= 120),
  fee_pence int check (fee_pence between 0 and 1000000),
  status public.group_status not null default 'draft',
  cancelled_reason text check (length(cancelled_reason) <= 500),
  cancelled_at timestamptz,
  created_by uuid references public.profiles (id),
  created_at timestamptz not null default now(),
  curriculum_id uuid references public.curricula (id),
  morning_reminder_at time,
  reminder_days_before int[]
    check (cardinality(reminder_days_before) <= 3 and 1 <= all (reminder_days_before)
      and 14 >= all (reminder_days_before)),
  venue_postcode text check (venue_postcode ~ '^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$'),
  check (nullif(btrim(venue), '') is not null or video_link is not null),
  check (
    (funding = 'funded' and nullif(btrim(funder), '') is not null and fee_pence is null)
    or (funding = 'self_funded' and fee_pence is not null and funder is null)
  ),
  check ((status = 'cancelled') = (cancelled_reason is not null)),
  -- Named, as a later unnamed check would take the next generated name.
  constraint groups_morning_reminder_check
    check (reminder_days_before is not null or morning_reminder_at is null),
  constraint groups_venue_postcode_needs_venue
    check (venue_postcode is null or nullif(btrim(venue), '') is not null)
);
comment on table public.groups is 'Closed cohorts: places capped by the programme (12 for a group), two facilitators, funded or self-funded.';
comment on column public.groups.curriculum_id is 'The curriculum version the group started with; set at creation.';
comment on column public.groups.reminder_days_before is
  'The group''s own reminders, days before each session (empty: none); null uses the organisation''s.';
comment on column public.groups.morning_reminder_at is
  'With the group''s own reminders: the London time of one on the morning of each session; null sends none.';
comment on column public.groups.venue_postcode is
  'The venue''s UK postcode, upper case with one space (SW1A 1AA), for maps and directions.';
create index groups_programme_idx on public.groups (programme_id);
create index groups_status_idx on public.groups (status);
create index groups_curriculum_idx on public.groups (curriculum_id);
alter table public.groups enable row level security;

/** The two facilitators who run a group. */
create table public.group_facilitators (
  group_id uuid not null references public.groups (id) on delete cascade,
  facilitator_id uuid not null references public.profiles (id),
  primary key (group_id, facilitator_id)
);
comment on table public.group_facilitators is 'Exactly two per group before it can open.';
create index group_facilitators_facilitator_idx on public.group_facilitators (facilitator_id);
alter table public.group_facilitators enable row level security;

/**
 * A group's meetings. `number` is the curriculum session; a cancelled one is replaced. Its
 * materials reach the group's parents once released (40_sessions.sql), and `revision` counts
 * the changes a calendar must hear about (50_parents_space.sql).
 */
create table public.sessions (
  id uuid primary key default gen_random_uuid(),
  group_id uuid not null references public.groups (id) on delete cascade,
  number int not null check (number between 1 and 20),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  status public.session_status not null default 'scheduled',
  cancelled_reason text check (length(cancelled_reason) <= 500),
  released_at timestamptz,
  released_by uuid references public.profiles (id),
  revision int not null default 0,
  check (ends_at > starts_at)
);
comment on table public.sessions is 'Scheduled meetings; exactly one live (not cancelled) row per session number.';
comment on column public.sessions.released_at is 'When the session''s materials were released to the group''s parents.';
comment on column public.sessions.revision is 'Bumped when the time or status changes: the calendar SEQUENCE, so re-imports update.';
create unique index sessions_one_live_per_number_idx on public.sessions (group_id, number)
  where status <> 'cancelled';
create index sessions_group_starts_idx on public.sessions (group_id, starts_at);
-- Reminders look for scheduled sessions starting in the next fortnight (75_session_messages.sql).
create index sessions_scheduled_starts_idx on public.sessions (starts_at) where status = 'scheduled';
alter table public.sessions enable row level security;

/** A parent's place in a group, on its waitlist, or offered a place that came free. */
create table public.enrolments (
  id uuid primary key default gen_random_uuid(),
  group_id uuid not null references public.groups (id) on delete cascade,
  parent_id uuid not null references public.profiles (id),
  status public.enrolment_status not null,
  waitlisted_at timestamptz,
  offered_at timestamptz,
  offer_expires_at timestamptz,
  enrolled_at timestamptz,
  withdrawn_on date,
  withdrawal_reason text check (length(withdrawal_reason) <= 500),
  created_by uuid references public.profiles (id),
  created_at timestamptz not null default now(),
  unique (group_id, parent_id),
  check (status <> 'offered' or offer_expires_at is not null),
  check (status <> 'withdrawn' or (withdrawn_on is not null and withdrawal_reason is not null))
);
comment on table public.enrolments is 'Places, waitlist (ordered by waitlisted_at) and offers; never more taken than capacity.';
create index enrolments_parent_idx on public.enrolments (parent_id);
create index enrolments_group_status_idx on public.enrolments (group_id, status);
alter table public.enrolments enable row level security;

/**
 * Families who asked about the next group: added by staff, or from the public "Tell me about the
 * next group" form (35_public_pages.sql). Removing an entry is a soft delete (`removed_at`), so a
 * slip can be undone; a removed entry counts for nothing else.
 */
create table public.interest_list (
  id uuid primary key default gen_random_uuid(),
  full_name text not null check (length(btrim(full_name)) between 1 and 120),
  email text check (email = lower(btrim(email)) and email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  note text check (length(note) <= 500),
  added_by uuid references public.profiles (id),
  created_at timestamptz not null default now(),
  invited_to uuid references public.groups (id) on delete set null,
  invited_at timestamptz,
  -- Added together, in the order migrations add columns: by name.
  area text check (length(btrim(area)) between 1 and 120),
  caring_role text check (caring_role in
    ('special_guardian', 'kinship_carer', 'foster_carer', 'adoptive_parent', 'other')),
  consent_at timestamptz,
  phone text check (phone ~ '^\+?[0-9][0-9 ()-]{5,22}[0-9]$'),
  removed_at timestamptz,
  removed_by uuid references public.profiles (id),
  source text not null default 'staff' check (source in ('public', 'staff')),
  constraint interest_list_email_or_phone check (email is not null or phone is not null),
  -- The public form cannot be sent without consent, so every entry from it records when.
  constraint interest_list_public_consent check (source = 'staff' or consent_at is not null),
  constraint interest_list_removed_by_whom check ((removed_at is null) = (removed_by is null))
);
comment on table public.interest_list is
  'Families who asked about the next group (from staff or the public form); the lead and facilitators invite from it. Removal is soft.';
comment on column public.interest_list.source is 'Where the entry came from: public (the next-groups form) or staff.';
comment on column public.interest_list.consent_at is 'When the family agreed on the public form to be contacted.';
comment on column public.interest_list.caring_role is 'How they care for the child, as they said on the form.';
comment on column public.interest_list.area is 'The town or area they gave, to match them to a group near them.';
comment on column public.interest_list.removed_at is 'Set when staff take the entry off the list; cleared by Restore.';
create unique index interest_list_email_idx on public.interest_list (email)
  where invited_at is null and removed_at is null;
create unique index interest_list_phone_idx on public.interest_list (phone)
  where email is null and invited_at is null and removed_at is null;
create index interest_list_removed_by_idx on public.interest_list (removed_by);
-- Who has waited longest (a group's page shows the first ten).
create index interest_list_waiting_idx on public.interest_list (created_at, id)
  where invited_at is null and removed_at is null;
-- The interest list's search box: any part of a name, an email or an area (pg_trgm).
create index interest_list_full_name_trgm_idx on public.interest_list
  using gin (full_name extensions.gin_trgm_ops);
create index interest_list_email_trgm_idx on public.interest_list
  using gin (email extensions.gin_trgm_ops);
alter table public.interest_list enable row level security;

-- Clients read through RLS and write only through the functions below.
revoke insert, update, delete, truncate on public.groups, public.group_facilitators,
  public.sessions, public.enrolments, public.interest_list from anon, authenticated;

create trigger groups_audit after insert or update or delete on public.groups
  for each row execute function private.audit_row();
create trigger group_facilitators_audit after insert or update or delete on public.group_facilitators
  for each row execute function private.audit_row();
create trigger sessions_audit after insert or update or delete on public.sessions
  for each row execute function private.audit_row();
create trigger enrolments_audit after insert or update or delete on public.enrolments
  for each row execute function private.audit_row();
create trigger interest_list_audit after insert or update or delete on public.interest_list
  for each row execute function private.audit_row();

-- Role helpers. Policies and security invoker page functions call them, so signed-in clients
-- may too; each answers only about the caller or what the caller may see.

/** True when the signed-in person facilitates the group. */
create function private.facilitates(g uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.group_facilitators
    where group_id = g and facilitator_id = (select auth.uid())
  )
$$;
comment on function private.facilitates(uuid) is
  'True when the signed-in person facilitates the group.';

/** True when the signed-in person has a place, an offer or a waitlist spot in the group. */
create function private.belongs_to(g uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.enrolments
    where group_id = g and parent_id = (select auth.uid())
      and status in ('enrolled', 'offered', 'waitlisted')
  )
$$;
comment on function private.belongs_to(uuid) is
  'True when the signed-in person has a place, an offer or a waitlist spot in the group.';

/** True when the signed-in person facilitates a group the parent is (or was) listed in. */
create function private.facilitates_parent(parent uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.enrolments e
    join public.group_facilitators f on f.group_id = e.group_id
    where e.parent_id = parent and f.facilitator_id = (select auth.uid())
  )
$$;
comment on function private.facilitates_parent(uuid) is
  'True when the signed-in person facilitates a group the parent is (or was) listed in.';

-- Set-returning helpers for policies: `group_id in (select private.my_group_ids())` runs the
-- helper once per query (a hashed subplan), where `private.facilitates(group_id)` ran once per
-- row. At national scale that was the difference between 5 ms and 450 ms for a facilitator
-- reading their sessions. Security definer, so the policies do not recurse into each other.

/** The groups the signed-in person facilitates. */
create function private.my_group_ids() returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select group_id from public.group_facilitators where facilitator_id = (select auth.uid())
$$;
comment on function private.my_group_ids() is
  'The groups the signed-in person facilitates, as a set (for policies: once per query).';

/** The groups the signed-in person has a place, an offer or a waitlist spot in. */
create function private.my_family_group_ids() returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select group_id from public.enrolments
  where parent_id = (select auth.uid()) and status in ('enrolled', 'offered', 'waitlisted')
$$;
comment on function private.my_family_group_ids() is
  'The groups the signed-in person has a place, an offer or a waitlist spot in, as a set.';

/** The sessions of the groups the signed-in person facilitates. */
create function private.my_session_ids() returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select s.id from public.sessions s
  join public.group_facilitators f on f.group_id = s.group_id
  where f.facilitator_id = (select auth.uid())
$$;
comment on function private.my_session_ids() is
  'The sessions of the groups the signed-in person facilitates, as a set.';

/** The signed-in person's own enrolments (as a parent). */
create function private.my_enrolment_ids() returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select id from public.enrolments where parent_id = (select auth.uid())
$$;
comment on function private.my_enrolment_ids() is
  'The signed-in person''s own enrolments, as a set.';

/** The parents listed (now or before) in the groups the signed-in person facilitates. */
create function private.my_parent_ids() returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select e.parent_id from public.enrolments e
  join public.group_facilitators f on f.group_id = e.group_id
  where f.facilitator_id = (select auth.uid())
$$;
comment on function private.my_parent_ids() is
  'The parents in the groups the signed-in person facilitates, as a set.';

/**
 * A search box's text as an `ilike` pattern that matches it anywhere: its own % and _ are
 * literal, so "50%" finds "50%", not everything. Null for no search (blank or spaces).
 */
create function private.search_pattern(search text) returns text
language sql immutable set search_path = ''
as $$
  select case when nullif(btrim(search), '') is not null then
    '%' || replace(replace(replace(btrim(search), '\', '\\'), '%', '\%'), '_', '\_') || '%' end
$$;
comment on function private.search_pattern(text) is
  'A search text as an ilike pattern matching it anywhere, with its own wildcards escaped; null when blank.';

/**
 * Which page of a list to show, as (page, offset): the page asked for, kept within 1 and the
 * last page of `total` rows, so a stale link past the end shows the last page, not nothing.
 */
create function private.page_window(requested int, total bigint, size int, out page int, out skip int)
language sql immutable set search_path = ''
as $$
  select p, (p - 1) * size
  from (select greatest(1, least(coalesce(requested, 1), ceil(greatest(total, 1)::numeric / size)::int)) as p) x
$$;
comment on function private.page_window(int, bigint, int) is
  'The page to show of a list (clamped to 1..last) and the rows to skip before it.';

/** The paging facts a list's view model carries, for its page links. */
create function private.paging_json(page int, size int, total bigint) returns jsonb
language sql immutable set search_path = ''
as $$
  select jsonb_build_object('page', page, 'page_size', size, 'total', total)
$$;
comment on function private.paging_json(int, int, bigint) is
  'A list''s paging facts (page, page_size, total) for its view model.';

/** Lead or one of the group's facilitators: may manage the group. Raises 42501 otherwise. */
create function private.require_group_staff(g uuid) returns uuid
language plpgsql stable security definer set search_path = ''
as $$
begin
  if not (private.is_clinical_lead() or private.facilitates(g)) then
    raise exception 'You do not have permission to manage this group.' using errcode = '42501';
  end if;
  return (select auth.uid());
end
$$;
comment on function private.require_group_staff(uuid) is
  'Raises 42501 unless the caller is the clinical lead or one of the group''s facilitators; returns their id.';

/** True for the group's facilitators and the clinical lead. */
create function private.is_group_staff(g uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select private.is_clinical_lead() or private.facilitates(g)
$$;
comment on function private.is_group_staff(uuid) is
  'True for the group''s facilitators and the clinical lead.';

/**
 * The group a session belongs to, if the caller may read the session (security invoker, as
 * group_phase: RLS on sessions decides for clients; definer callers see every session).
 */
create function private.session_group(s uuid) returns uuid
language sql stable security invoker set search_path = ''
as $$
  select group_id from public.sessions where id = s
$$;
comment on function private.session_group(uuid) is
  'The group of a session the caller may read, else null; used by the register and notes policies.';

/**
 * Where a group is in its life: draft, open (enrolling), running (from the start of the first
 * session: closed), completed (after the last session), or cancelled. Security invoker: called
 * from a page it sees the group only if the caller may (null otherwise); called from a security
 * definer function or trigger it runs as their owner and sees every group, as they need.
 */
create function private.group_phase(g uuid) returns text
language sql stable security invoker set search_path = ''
as $$
  select case
    when gr.status = 'cancelled' then 'cancelled'
    when gr.status = 'draft' then 'draft'
    when now() < s.first_start then 'open'
    when now() < s.last_end then 'running'
    else 'completed'
  end
  from public.groups gr
  cross join lateral (
    select min(starts_at) as first_start, max(ends_at) as last_end
    from public.sessions where group_id = gr.id and status <> 'cancelled'
  ) s
  where gr.id = g
$$;
comment on function private.group_phase(uuid) is
  'A group''s phase (draft, open, running, completed, cancelled); null when the caller cannot see the group.';
/**
 * Whether an invited person has set up their account (chosen a password), and their invitation
 * and when it was last sent, for the place cards and the People page. Null unless the caller is
 * the lead, sent the invitation, or runs a group the parent is listed in: it must not tell
 * anyone else which emails have accounts.
 */
create function private.account_state(person_email text) returns jsonb
language sql stable security definer set search_path = ''
as $$
  select jsonb_build_object('set_up', private.email_is_registered(e.email),
    'invitation_id', i.id, 'invited_at', coalesce(i.sent_at, i.created_at))
  from (select lower(person_email) as email) e
  left join public.invitations i on i.email = e.email
  where private.is_clinical_lead()
    or i.invited_by = (select auth.uid())
    or exists (select 1 from public.profiles p
               where p.email = e.email and p.role = 'parent' and private.facilitates_parent(p.id))
$$;
comment on function private.account_state(text) is
  'Whether an invited person has set up their account, with their invitation; only for the lead, the inviter and their facilitators.';

/**
 * The same for a parent by their profile's id, for group_page's list of families: the account
 * is looked up by primary key and the invitation by its unique email, where account_state's
 * case-blind email match reads every account (at 24,000 families, 315 ms for one group's 12).
 */
create function private.parent_account_state(parent uuid) returns jsonb
language sql stable security definer set search_path = ''
as $$
  select jsonb_build_object(
    'set_up', exists (select 1 from auth.users u where u.id = p.id and u.email_confirmed_at is not null),
    'invitation_id', i.id, 'invited_at', coalesce(i.sent_at, i.created_at))
  from public.profiles p
  left join public.invitations i on i.email = lower(p.email)
  where p.id = parent
    and (private.is_clinical_lead()
      or i.invited_by = (select auth.uid())
      or (p.role = 'parent' and private.facilitates_parent(p.id)))
$$;
comment on function private.parent_account_state(uuid) is
  'Whether a parent has set up their account, with their invitation, by profile id; only for the lead, the inviter and their facilitators.';

grant execute on function private.facilitates(uuid), private.belongs_to(uuid),
  private.facilitates_parent(uuid), private.require_group_staff(uuid),
  private.is_group_staff(uuid), private.session_group(uuid), private.group_phase(uuid),
  private.account_state(text), private.parent_account_state(uuid), private.my_group_ids(),
  private.my_family_group_ids(),
  private.my_session_ids(), private.my_enrolment_ids(), private.my_parent_ids(),
  private.search_pattern(text), private.page_window(int, bigint, int),
  private.paging_json(int, int, bigint)
  to authenticated;

-- Read policies. One permissive policy per table, role and action.

create policy "The lead, the group's staff and its families can read a group" on public.groups
  for select to authenticated using (
    (select private.is_clinical_lead())
    or id in (select private.my_group_ids())
    or id in (select private.my_family_group_ids())
  );
create policy "The lead, the group's staff and its families see who runs it"
  on public.group_facilitators
  for select to authenticated using (
    (select private.is_clinical_lead())
    or group_id in (select private.my_group_ids())
    or group_id in (select private.my_family_group_ids())
  );
create policy "The lead, the group's staff and its families read its sessions" on public.sessions
  for select to authenticated using (
    (select private.is_clinical_lead())
    or group_id in (select private.my_group_ids())
    or group_id in (select private.my_family_group_ids())
  );
create policy "The lead, the group's staff and the parent read an enrolment" on public.enrolments
  for select to authenticated using (
    (select private.is_clinical_lead())
    or group_id in (select private.my_group_ids())
    or parent_id = (select auth.uid())
  );
create policy "The clinical lead and facilitators can read the interest list" on public.interest_list
  for select to authenticated
  using ((select private.is_clinical_lead()) or (select private.is_facilitator()));

-- Profiles (10_identity.sql): everyone reads their own; the lead reads all; a facilitator reads
-- the parents in their groups and, like the lead, every facilitator.
create policy "People read their own profile; staff, those their work needs" on public.profiles
  for select to authenticated using (
    id = (select auth.uid())
    or (select private.is_clinical_lead())
    or (role = 'parent' and id in (select private.my_parent_ids()))
    or (role = 'facilitator'
        and (select private.current_app_role()) in ('facilitator', 'clinical_lead'))
  );

-- Triggers that hold for every writer.

/** Capacity must not exceed the programme's places. */
create function private.check_group_capacity() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if new.capacity > (select places from public.programmes where id = new.programme_id) then
    raise exception 'A % has at most % places.',
      (select name from public.programmes where id = new.programme_id),
      (select places from public.programmes where id = new.programme_id)
      using errcode = 'P0001', hint = 'capacity';
  end if;
  return new;
end
$$;
comment on function private.check_group_capacity() is
  'Trigger: a group has no more places than its programme allows (12 for the Reflective Parenting group).';
create trigger groups_capacity before insert or update of capacity, programme_id on public.groups
  for each row execute function private.check_group_capacity();

/** At most two facilitators, each a facilitator account; the group row is locked meanwhile. */
create function private.check_group_facilitator() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  perform 1 from public.groups where id = new.group_id for update;
  -- Who may be put on a group is decided in one place (94_facilitator_pathway.sql).
  if not private.may_facilitate(new.facilitator_id) then
    raise exception '%', private.facilitator_refusal(new.facilitator_id)
      using errcode = 'P0001', hint = 'facilitators';
  end if;
  if (select count(*) from public.group_facilitators where group_id = new.group_id) >= 2 then
    raise exception 'A group has exactly two facilitators.' using errcode = 'P0001', hint = 'facilitators';
  end if;
  return new;
end
$$;
comment on function private.check_group_facilitator() is
  'Trigger: at most two facilitators per group, each a facilitator account; locks the group row.';
create trigger group_facilitators_check before insert on public.group_facilitators
  for each row execute function private.check_group_facilitator();

/** An open group always has exactly two facilitators (checked at commit). */
create function private.check_open_group_has_two() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  g uuid := coalesce(new.group_id, old.group_id);
begin
  if (select status from public.groups where id = g) = 'open'
     and (select count(*) from public.group_facilitators where group_id = g) <> 2 then
    raise exception 'An open group must have exactly two facilitators.' using errcode = 'P0001', hint = 'facilitators';
  end if;
  return null;
end
$$;
comment on function private.check_open_group_has_two() is
  'Constraint trigger (at commit): an open group has exactly two facilitators.';
create constraint trigger group_facilitators_two_when_open
  after insert or delete on public.group_facilitators deferrable initially deferred
  for each row execute function private.check_open_group_has_two();

/** Opening needs two facilitators and a first session still to come. */
create function private.check_group_opening() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if new.status = 'open' and old.status is distinct from 'open' then
    if (select count(*) from public.group_facilitators where group_id = new.id) <> 2 then
      raise exception 'A group cannot open for enrolment without two facilitators.'
        using errcode = 'P0001', hint = 'facilitators';
    end if;
    if (select min(starts_at) from public.sessions where group_id = new.id and status <> 'cancelled') <= now() then
      raise exception 'This group has already started, so it cannot open for enrolment.'
        using errcode = 'P0001';
    end if;
  end if;
  if old.status = 'cancelled' and new.status <> 'cancelled' then
    raise exception 'A cancelled group cannot be reopened.' using errcode = 'P0001';
  end if;
  return new;
end
$$;
comment on function private.check_group_opening() is
  'Trigger: opening needs two facilitators and a first session still to come; a cancelled group stays cancelled.';
create trigger groups_opening before update of status on public.groups
  for each row execute function private.check_group_opening();

/**
 * Places and closure, for every writer: new places, waitlist spots and offers only while the
 * group is open (before its first session starts), and never more places taken than capacity.
 * Takes the group's row lock so concurrent enrolments are counted one at a time.
 */
create function private.check_enrolment() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  cap int;
  taken int;
  takes_place boolean := new.status in ('enrolled', 'offered');
  took_place boolean := tg_op = 'UPDATE' and old.status in ('enrolled', 'offered');
begin
  select capacity into cap from public.groups where id = new.group_id for update;
  if new.status in ('enrolled', 'waitlisted', 'offered')
     and (tg_op = 'INSERT' or old.status is distinct from new.status)
     and private.group_phase(new.group_id) <> 'open' then
    raise exception 'This group is closed: it is not taking enrolments.' using errcode = 'P0001';
  end if;
  if (select role from public.profiles where id = new.parent_id) is distinct from 'parent' then
    raise exception 'Only parent accounts can be enrolled.' using errcode = 'P0001', hint = 'email';
  end if;
  if takes_place and not took_place then
    select count(*) into taken from public.enrolments
    where group_id = new.group_id and status in ('enrolled', 'offered') and id <> new.id;
    if taken >= cap then
      raise exception 'This group is full.' using errcode = 'P0001';
    end if;
  end if;
  return new;
end
$$;
comment on function private.check_enrolment() is
  'Trigger: places, waitlist spots and offers only while the group is open, never more places taken than capacity, parents only; locks the group row.';
create trigger enrolments_check before insert or update on public.enrolments
  for each row execute function private.check_enrolment();

/** New groups get the programme's latest published curriculum. */
create function private.default_curriculum() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if new.curriculum_id is null then
    select id into new.curriculum_id from public.curricula
    where programme_id = new.programme_id and status = 'published'
    order by version desc limit 1;
  end if;
  return new;
end
$$;
comment on function private.default_curriculum() is
  'Trigger: a new group gets its programme''s latest published curriculum.';
create trigger groups_default_curriculum before insert on public.groups
  for each row execute function private.default_curriculum();

-- What emails about a group say. The payload is complete when queued: what the email says is
-- what was true at the change, and the worker never reads the group again.

/**
 * A group as every email about it describes it: name, programme, venue with postcode (or video
 * link), the facilitators' first names, and every session still on, with its curriculum title.
 */
create function private.group_message(g uuid) returns jsonb
language sql stable security definer set search_path = ''
as $$
  select jsonb_build_object(
    'group', jsonb_build_object('id', gr.id, 'name', gr.name, 'programme', p.name,
      'venue', gr.venue, 'venue_postcode', gr.venue_postcode, 'video_link', gr.video_link),
    'facilitators', (select coalesce(jsonb_agg(split_part(f.full_name, ' ', 1) order by f.full_name), '[]')
      from public.group_facilitators gf join public.profiles f on f.id = gf.facilitator_id
      where gf.group_id = gr.id),
    'sessions', (select coalesce(jsonb_agg(jsonb_build_object('id', s.id, 'number', s.number,
        'title', cs.title, 'starts_at', s.starts_at, 'ends_at', s.ends_at, 'revision', s.revision)
        order by s.starts_at), '[]')
      from public.sessions s
      left join public.curriculum_sessions cs on cs.curriculum_id = gr.curriculum_id and cs.number = s.number
      where s.group_id = gr.id and s.status <> 'cancelled'))
  from public.groups gr join public.programmes p on p.id = gr.programme_id
  where gr.id = g
$$;
comment on function private.group_message(uuid) is
  'A group as emails describe it: name, venue and postcode or video link, facilitators'' first names, sessions with titles.';

/**
 * A family's place as emails describe it: the group (private.group_message) and what they have,
 * a place, an offer (until when) or a waitlist spot (which number). The video link goes only to
 * a family with a place or an offer, as on their pages.
 */
create function private.place_message(enrolment uuid) returns jsonb
language sql stable security definer set search_path = ''
as $$
  select case when e.status in ('enrolled', 'offered') then m.message
              else m.message #- '{group,video_link}' end
    || jsonb_build_object('enrolment_id', e.id, 'status', e.status,
      'offer_expires_at', e.offer_expires_at,
      'position', case when e.status = 'waitlisted' then (
        select count(*)::int from public.enrolments w
        where w.group_id = e.group_id and w.status = 'waitlisted'
          and (w.waitlisted_at, w.id) <= (e.waitlisted_at, e.id)) end)
  from public.enrolments e
  cross join lateral (select private.group_message(e.group_id) as message) m
  where e.id = enrolment
$$;
comment on function private.place_message(uuid) is
  'A family''s place as emails describe it: the group and their place, offer (until when) or waitlist number.';

/**
 * Queue the email for a family's new place, offer or waitlist spot, once per enrolment and kind.
 * A family who has not yet set up their account is sent their invitation instead, saying what
 * they have been given, or for an offer the offer email with a fresh invitation link that sets
 * their password first and then opens the offer.
 */
create function private.queue_place_message(enrolment uuid) returns bigint
language plpgsql security definer set search_path = ''
as $$
declare
  e public.enrolments;
  parent public.profiles;
  inv uuid;
  kind text;
begin
  select * into e from public.enrolments where id = enrolment;
  select * into parent from public.profiles where id = e.parent_id;
  kind := case e.status when 'enrolled' then 'place_given' when 'offered' then 'place_offered'
    when 'waitlisted' then 'waitlisted' end;
  if kind is null then return null; end if;
  if not private.email_is_registered(parent.email) then
    select id into inv from public.invitations where email = parent.email;
  end if;
  if inv is null then
    return private.queue_message(kind, parent.id, private.place_message(e.id), kind || ':' || e.id);
  end if;
  -- An offer comes after the invitation they have not used yet: the same offer email, whose
  -- link sets their password first and then opens the offer.
  if kind = 'place_offered' then
    return private.queue_message(kind, parent.id, private.place_message(e.id)
      || jsonb_build_object('welcome_token', private.issue_invitation_token(inv)), kind || ':' || e.id);
  end if;
  return private.send_invitation(inv, e.id);
end
$$;
comment on function private.queue_place_message(uuid) is
  'Queues the email for a new place, offer or waitlist spot (once each); a family not yet set up gets a link to set a password first.';

-- Offers.

/** Offer free places, first come first served, to the waitlist of an open group. */
create function private.offer_free_places(g uuid) returns void
language plpgsql security definer set search_path = ''
as $$
declare
  free int;
  next_in_line public.enrolments;
begin
  if private.group_phase(g) <> 'open' then return; end if;
  perform 1 from public.groups where id = g for update;
  select gr.capacity - count(e.id) into free
  from public.groups gr
  left join public.enrolments e on e.group_id = gr.id and e.status in ('enrolled', 'offered')
  where gr.id = g group by gr.capacity;
  while free > 0 loop
    select * into next_in_line from public.enrolments
    where group_id = g and status = 'waitlisted'
    order by waitlisted_at, id limit 1;
    exit when not found;
    update public.enrolments
       set status = 'offered', offered_at = now(),
           offer_expires_at = least(now() + interval '7 days',
             (select min(starts_at) from public.sessions where group_id = g and status <> 'cancelled'))
     where id = next_in_line.id;
    perform private.queue_place_message(next_in_line.id);
    free := free - 1;
  end loop;
end
$$;
comment on function private.offer_free_places(uuid) is
  'Offers an open group''s free places to its waitlist, first come first served, and queues the emails.';

/**
 * Lapse offers past their deadline and pass the places on. Safe to call at any time. Locks
 * each group before its enrolments, the same order as every other writer, so it cannot
 * deadlock with an enrolment or a reply happening at the same moment.
 */
create function private.lapse_expired_offers(g uuid default null) returns int
language plpgsql security definer set search_path = ''
as $$
declare
  due uuid;
  changed int;
  n int := 0;
begin
  for due in
    select distinct group_id from public.enrolments
    where status = 'offered' and offer_expires_at <= now() and (g is null or group_id = g)
    order by group_id
  loop
    perform 1 from public.groups where id = due for update;
    update public.enrolments set status = 'lapsed'
    where group_id = due and status = 'offered' and offer_expires_at <= now();
    get diagnostics changed = row_count;
    n := n + changed;
    perform private.offer_free_places(due);
  end loop;
  return n;
end
$$;
comment on function private.lapse_expired_offers(uuid) is
  'Lapses offers past their deadline (in one group, or all) and passes the places on; returns how many lapsed.';

-- Write API (security definer: each checks the caller first).

/**
 * A UK postcode as the venue column keeps it: upper case, one space before the last three
 * characters (sw1a1aa and "SW1A  1AA" are both SW1A 1AA). Null for nothing; refuses (P0001,
 * beside the field) what is not shaped like a postcode.
 */
create function private.uk_postcode(raw text) returns text
language plpgsql immutable set search_path = ''
as $$
declare
  squeezed text := upper(regexp_replace(coalesce(raw, ''), '\s', '', 'g'));
begin
  if squeezed = '' then return null; end if;
  if squeezed !~ '^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$' then
    raise exception 'Enter the venue''s postcode, like NE1 4ST.' using errcode = 'P0001', hint = 'venue_postcode';
  end if;
  return left(squeezed, -3) || ' ' || right(squeezed, 3);
end
$$;
comment on function private.uk_postcode(text) is
  'A UK postcode tidied as the venue column keeps it (upper case, one space), null for none; refuses other text.';

/**
 * Create a group with its sessions and two facilitators. `sessions` is a JSON array of
 * {starts_at, ends_at}, computed by the app from the first date, weekday and time in
 * Europe/London (skipping bank holidays if asked); SQL checks the count, order and length.
 */
create function public.create_group(
  name text, programme_id text, audience text, start_time text, venue text, video_link text,
  capacity int, funding public.funding_kind, funder text, fee_pence int,
  facilitator_ids uuid[], sessions jsonb, open_now boolean default true,
  venue_postcode text default null
) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_role('clinical_lead');
  prog public.programmes;
  g uuid;
  s jsonb;
  n int := 0;
  prev timestamptz;
begin
  select * into prog from public.programmes p where p.id = programme_id;
  if not found then
    raise exception 'Choose a programme.' using errcode = 'P0001', hint = 'programme_id';
  end if;
  if facilitator_ids is null or cardinality(facilitator_ids) <> 2
     or facilitator_ids[1] = facilitator_ids[2] then
    raise exception 'Choose two different facilitators.' using errcode = 'P0001', hint = 'facilitators';
  end if;
  if jsonb_typeof(sessions) <> 'array' or jsonb_array_length(sessions) <> prog.session_count then
    raise exception 'A % has % sessions.', prog.name, prog.session_count using errcode = 'P0001', hint = 'first_date';
  end if;

  if private.uk_postcode(venue_postcode) is not null and nullif(btrim(venue), '') is null then
    raise exception 'Give the venue''s address with its postcode.' using errcode = 'P0001', hint = 'venue';
  end if;

  insert into public.groups (programme_id, name, audience, start_time, venue, video_link,
    capacity, funding, funder, fee_pence, created_by, venue_postcode)
  values (programme_id, btrim(name), btrim(audience), start_time::time, nullif(btrim(venue), ''),
    nullif(btrim(video_link), ''), coalesce(capacity, prog.places), funding,
    case when funding = 'funded' then nullif(btrim(funder), '') end,
    case when funding = 'self_funded' then fee_pence end, who, private.uk_postcode(venue_postcode))
  returning id into g;

  for s in select * from jsonb_array_elements(sessions) loop
    n := n + 1;
    if (s ->> 'starts_at')::timestamptz <= now() then
      raise exception 'Sessions must be in the future.' using errcode = 'P0001', hint = 'first_date';
    end if;
    if prev is not null and (s ->> 'starts_at')::timestamptz < prev + interval '20 hours' then
      raise exception 'Sessions must be on different days, in order.' using errcode = 'P0001', hint = 'first_date';
    end if;
    if (s ->> 'ends_at')::timestamptz - (s ->> 'starts_at')::timestamptz
       <> make_interval(mins => prog.session_minutes) then
      raise exception 'Each session lasts % minutes.', prog.session_minutes using errcode = 'P0001', hint = 'start_time';
    end if;
    insert into public.sessions (group_id, number, starts_at, ends_at)
    values (g, n, (s ->> 'starts_at')::timestamptz, (s ->> 'ends_at')::timestamptz);
    prev := (s ->> 'starts_at')::timestamptz;
  end loop;

  insert into public.group_facilitators (group_id, facilitator_id)
  select g, unnest(facilitator_ids);
  -- The rule (94_facilitator_pathway.sql), now rather than at commit, to name the field.
  perform private.require_accredited_facilitator(g, 'facilitators');

  if open_now then
    update public.groups set status = 'open' where id = g;
  end if;
  return jsonb_build_object('id', g);
end
$$;
comment on function public.create_group(text, text, text, text, text, text, int, public.funding_kind, text, int, uuid[], jsonb, boolean, text) is
  'Creates a group with its sessions, two facilitators and the venue''s postcode, and opens it if asked (lead).';

/** Open a draft group for enrolment (needs two facilitators; see the trigger). */
create function public.open_group(group_id uuid) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
begin
  perform private.require_role('clinical_lead');
  update public.groups set status = 'open' where id = group_id and status = 'draft';
  if not found then
    raise exception 'Only a draft group can be opened.' using errcode = 'P0001';
  end if;
  return jsonb_build_object('id', group_id);
end
$$;
comment on function public.open_group(uuid) is
  'Opens a draft group for enrolment (lead); needs two facilitators and a first session still to come.';

/**
 * Cancel a group with a reason. Its people stay listed for the record. Its families and
 * facilitators get one email saying so, with the reason and every session that will not now
 * take place, in the same transaction.
 */
create function public.cancel_group(group_id uuid, reason text) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  called_off uuid[];
begin
  perform private.require_role('clinical_lead');
  if nullif(btrim(reason), '') is null then
    raise exception 'Give a reason for cancelling.' using errcode = 'P0001', hint = 'reason';
  end if;
  if private.group_phase(group_id) = 'completed' then
    raise exception 'A completed group cannot be cancelled.' using errcode = 'P0001';
  end if;
  update public.groups set status = 'cancelled', cancelled_reason = btrim(reason), cancelled_at = now()
  where id = group_id and status <> 'cancelled';
  if not found then
    raise exception 'No such group, or it is already cancelled.' using errcode = 'P0001';
  end if;
  with cancelled as (
    update public.sessions set status = 'cancelled', cancelled_reason = 'Group cancelled'
    where sessions.group_id = group_id and status = 'scheduled'
    returning id, starts_at
  )
  select coalesce(array_agg(id order by starts_at) filter (where starts_at > now()), '{}')
    into called_off
  from cancelled;
  perform private.announce_session_change(group_id, 'group_cancelled',
    jsonb_build_object('reason', btrim(reason), 'cancelled', (
      select coalesce(jsonb_agg(private.session_facts(c.id) order by c.n), '[]')
      from unnest(called_off) with ordinality c (id, n))),
    'group_cancelled:' || group_id);
  return jsonb_build_object('id', group_id);
end
$$;
comment on function public.cancel_group(uuid, text) is
  'Cancels a group and its remaining sessions, with a reason (lead), and tells its families and facilitators. Its people stay listed for the record.';

/** A group's London dates: the day of its first session and of its last, cancelled ones aside. */
create function private.group_span(g uuid) returns table (first_day date, last_day date)
language sql stable security invoker set search_path = ''
as $$
  select min((s.starts_at at time zone 'Europe/London')::date),
    max((s.ends_at at time zone 'Europe/London')::date)
  from public.sessions s
  where s.group_id = g and s.status <> 'cancelled'
$$;
comment on function private.group_span(uuid) is
  'A group''s first and last session days in London, cancelled sessions aside (null without sessions).';

/**
 * The family's places in other groups whose dates (London day of the first session to that of
 * the last, cancelled sessions aside) overlap this group's, as a phrase for enrol_parent's
 * warning: "already has a place in “A” (5 Oct 2026 to 23 Nov 2026)" or "is on the waitlist
 * for …", joined with "; and". Null when there is none. Withdrawn, declined and lapsed places
 * and cancelled groups do not count.
 */
create function private.overlapping_places(this_group uuid, parent uuid) returns text
language sql stable security invoker set search_path = ''
as $$
  select string_agg(
    case when x.status = 'waitlisted' then 'is on the waitlist for “' else 'already has a place in “' end
      || o.name || '” (' || to_char(os.first_day, 'FMDD Mon YYYY') || ' to '
      || to_char(os.last_day, 'FMDD Mon YYYY') || ')',
    '; and ' order by os.first_day, o.name)
  from public.enrolments x
  join public.groups o on o.id = x.group_id
  -- each group's span read by its own sessions (index on group_id), not every group's
  cross join lateral private.group_span(o.id) os
  cross join lateral private.group_span(this_group) ts
  where x.parent_id = parent
    and x.group_id <> this_group
    and x.status in ('enrolled', 'offered', 'waitlisted')
    and o.status <> 'cancelled'
    and os.first_day <= ts.last_day and ts.first_day <= os.last_day
$$;
comment on function private.overlapping_places(uuid, uuid) is
  'The family''s places (or waitlist entries) in other live groups whose dates overlap this one, as words for a warning; null when none.';

/**
 * Give a parent a place in a group, or a waitlist spot when it is full. The parent is found by
 * email among parent accounts; when there is none the refusal's detail is 'no_account', and the
 * app invites the family first. Race-safe: the group row is locked while places are counted.
 */
create function public.enrol_parent(group_id uuid, email text, confirm_overlap boolean default false)
returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_group_staff(group_id);
  parent public.profiles;
  cap int;
  taken int;
  e public.enrolments;
  clash text;
begin
  select capacity into cap from public.groups g where g.id = group_id for update;
  if not found then
    raise exception 'No such group.' using errcode = 'P0002';
  end if;
  perform private.lapse_expired_offers(group_id);
  if private.group_phase(group_id) <> 'open' then
    raise exception 'This group is not open for enrolment.' using errcode = 'P0001';
  end if;
  select * into parent from public.profiles p where p.email = lower(btrim(email));
  if not found or parent.role <> 'parent' then
    raise exception 'There is no parent account for %.', lower(btrim(email))
      using errcode = 'P0001', hint = 'email', detail = 'no_account';
  end if;
  if exists (select 1 from public.enrolments x where x.group_id = group_id and x.parent_id = parent.id) then
    raise exception '% is already listed in this group.', parent.full_name using errcode = 'P0001', hint = 'email';
  end if;
  -- A family in two groups at once spends two places (often two funded ones): staff are told
  -- which group and when, and enrol only when they say so.
  if not coalesce(confirm_overlap, false) then
    clash := private.overlapping_places(group_id, parent.id);
    if clash is not null then
      raise exception '% %. Tick “Yes, enrol anyway” if they should have a place in this group too.',
        parent.full_name, clash
        using errcode = 'P0001', hint = 'confirm_overlap', detail = 'overlap';
    end if;
  end if;
  select count(*) into taken from public.enrolments x
  where x.group_id = group_id and x.status in ('enrolled', 'offered');
  insert into public.enrolments (group_id, parent_id, status, enrolled_at, waitlisted_at, created_by)
  values (group_id, parent.id,
    case when taken < cap then 'enrolled' else 'waitlisted' end::public.enrolment_status,
    case when taken < cap then now() end,
    case when taken >= cap then clock_timestamp() end,
    who)
  returning * into e;
  perform private.queue_place_message(e.id);
  return jsonb_build_object(
    'id', e.id, 'status', e.status, 'full_name', parent.full_name,
    'position', case when e.status = 'waitlisted' then
      (select count(*) from public.enrolments x where x.group_id = group_id and x.status = 'waitlisted') end
  );
end
$$;
comment on function public.enrol_parent(uuid, text, boolean) is
  'Enrol a parent by email (staff of the group), or waitlist them when full, and email them; detail no_account when there is no parent account, detail overlap (unless confirm_overlap) when they hold a place in a group whose dates overlap.';

/**
 * Record that a parent has left (or come off the waitlist), with a reason and date. Before the
 * group starts a freed place is offered to the first on the waitlist; after, it stays empty.
 */
create function public.withdraw_enrolment(enrolment_id uuid, reason text, withdrawn_on date) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  e public.enrolments;
begin
  select * into e from public.enrolments x where x.id = enrolment_id;
  if not found then
    raise exception 'No such enrolment.' using errcode = 'P0002';
  end if;
  perform private.require_group_staff(e.group_id);
  perform 1 from public.groups where id = e.group_id for update;
  if nullif(btrim(reason), '') is null then
    raise exception 'Give a reason.' using errcode = 'P0001', hint = 'reason';
  end if;
  if withdrawn_on is null or withdrawn_on > current_date + 366 then
    raise exception 'Give the date they left.' using errcode = 'P0001', hint = 'withdrawn_on';
  end if;
  update public.enrolments x
     set status = 'withdrawn', withdrawal_reason = btrim(reason), withdrawn_on = withdraw_enrolment.withdrawn_on
   where x.id = enrolment_id and x.status in ('enrolled', 'waitlisted', 'offered');
  if not found then
    raise exception 'They have already left this group.' using errcode = 'P0001';
  end if;
  perform private.offer_free_places(e.group_id);
  return jsonb_build_object('id', enrolment_id, 'status', 'withdrawn');
end
$$;
comment on function public.withdraw_enrolment(uuid, text, date) is
  'Records that a parent has left, with a reason and date; before the start the place is offered to the waitlist. Group staff.';

/** The parent accepts or declines a place offered to them, before the offer lapses. */
create function public.respond_to_offer(enrolment_id uuid, accept boolean) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  e public.enrolments;
begin
  perform private.require_role('parent');
  select * into e from public.enrolments x
  where x.id = enrolment_id and x.parent_id = (select auth.uid());
  if not found then
    raise exception 'This offer is not for you.' using errcode = '42501';
  end if;
  perform 1 from public.groups where id = e.group_id for update;
  perform private.lapse_expired_offers(e.group_id);
  select * into e from public.enrolments x where x.id = enrolment_id;
  if e.status <> 'offered' then
    raise exception 'This offer is no longer open.' using errcode = 'P0001';
  end if;
  if accept then
    update public.enrolments set status = 'enrolled', enrolled_at = now() where id = enrolment_id;
    perform private.queue_place_message(enrolment_id);
  else
    update public.enrolments set status = 'declined' where id = enrolment_id;
    perform private.offer_free_places(e.group_id);
  end if;
  return jsonb_build_object('id', enrolment_id, 'status', case when accept then 'enrolled' else 'declined' end);
end
$$;
comment on function public.respond_to_offer(uuid, boolean) is
  'The parent accepts (and is sent their welcome) or declines a place offered to them, before the offer lapses.';

/**
 * Move a future session, keeping it between its neighbours and its London wall-clock length.
 * Its families and facilitators are told, in the same transaction (75_session_messages.sql).
 */
create function public.move_session(session_id uuid, starts_at timestamptz) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  s public.sessions;
begin
  select * into s from public.sessions x where x.id = session_id;
  if not found then
    raise exception 'No such session.' using errcode = 'P0002';
  end if;
  perform private.require_group_staff(s.group_id);
  perform 1 from public.groups where id = s.group_id for update;
  if s.status <> 'scheduled' or s.starts_at <= now() then
    raise exception 'Only a future session can be moved.' using errcode = 'P0001';
  end if;
  if starts_at <= now() then
    raise exception 'Choose a date in the future.' using errcode = 'P0001', hint = 'date';
  end if;
  if exists (
    select 1 from public.sessions o
    where o.group_id = s.group_id and o.status <> 'cancelled' and o.id <> s.id
      and ((o.number < s.number and o.starts_at + interval '20 hours' > starts_at)
        or (o.number > s.number and o.starts_at - interval '20 hours' < starts_at))
  ) then
    raise exception 'Keep the session after the one before it and before the one after it, on a different day.'
      using errcode = 'P0001', hint = 'date';
  end if;
  if starts_at = s.starts_at then
    -- Nothing changes, so there is nothing to tell anyone.
    return jsonb_build_object('id', session_id);
  end if;
  update public.sessions x set starts_at = move_session.starts_at,
    ends_at = move_session.starts_at + (s.ends_at - s.starts_at)
  where x.id = session_id;
  perform private.announce_session_change(s.group_id, 'session_changed',
    jsonb_build_object('change', 'moved', 'reason', null, 'cancelled', null,
      'moved', jsonb_build_array(private.session_facts(session_id)
        || jsonb_build_object('was_starts_at', s.starts_at, 'was_ends_at', s.ends_at))),
    'moved:' || session_id || ':' || (select revision from public.sessions x where x.id = session_id));
  return jsonb_build_object('id', session_id);
end
$$;
comment on function public.move_session(uuid, timestamptz) is
  'Moves a future session, keeping it between its neighbours and its length, and tells its families and facilitators. Group staff.';

/**
 * Cancel a future session and reschedule it: the same session runs a week later and every
 * later session moves back a week, at the same London time, so the group keeps all its
 * sessions in order. Its families and facilitators get one email listing every session that
 * moved, in the same transaction.
 */
create function public.cancel_session(session_id uuid, reason text) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  s public.sessions;
  replacement uuid;
  was jsonb;
begin
  select * into s from public.sessions x where x.id = session_id;
  if not found then
    raise exception 'No such session.' using errcode = 'P0002';
  end if;
  perform private.require_group_staff(s.group_id);
  perform 1 from public.groups where id = s.group_id for update;
  if s.status <> 'scheduled' or s.starts_at <= now() then
    raise exception 'Only a future session can be cancelled.' using errcode = 'P0001';
  end if;
  if nullif(btrim(reason), '') is null then
    raise exception 'Give a reason.' using errcode = 'P0001', hint = 'reason';
  end if;
  -- The later sessions' times as calendars have them now, for the email's "Was".
  select coalesce(jsonb_agg(jsonb_build_object('id', x.id, 'starts_at', x.starts_at,
      'ends_at', x.ends_at)), '[]')
    into was
  from public.sessions x
  where x.group_id = s.group_id and x.status = 'scheduled' and x.number > s.number;
  update public.sessions set status = 'cancelled', cancelled_reason = btrim(reason) where id = s.id;
  update public.sessions x
     set starts_at = ((x.starts_at at time zone 'Europe/London') + interval '7 days') at time zone 'Europe/London',
         ends_at = ((x.ends_at at time zone 'Europe/London') + interval '7 days') at time zone 'Europe/London'
   where x.group_id = s.group_id and x.status = 'scheduled' and x.number > s.number;
  insert into public.sessions (group_id, number, starts_at, ends_at)
  values (s.group_id, s.number,
    ((s.starts_at at time zone 'Europe/London') + interval '7 days') at time zone 'Europe/London',
    ((s.ends_at at time zone 'Europe/London') + interval '7 days') at time zone 'Europe/London')
  returning id into replacement;
  perform private.announce_session_change(s.group_id, 'session_changed',
    jsonb_build_object('change', 'rescheduled', 'reason', btrim(reason),
      'cancelled', private.session_facts(s.id),
      'moved', (
        select jsonb_agg(private.session_facts((w ->> 'id')::uuid)
          || jsonb_build_object('was_starts_at', w -> 'starts_at', 'was_ends_at', w -> 'ends_at')
          order by (w ->> 'starts_at')::timestamptz)
        from jsonb_array_elements(jsonb_build_array(jsonb_build_object('id', replacement,
          'starts_at', s.starts_at, 'ends_at', s.ends_at)) || was) w)),
    'rescheduled:' || s.id);
  return jsonb_build_object('id', replacement);
end
$$;
comment on function public.cancel_session(uuid, text) is
  'Cancels a future session and runs it a week later, moving the later ones back a week, and tells its families and facilitators. Group staff.';

/** Add a family to the central interest list (the lead or a facilitator). */
create function public.add_interest(full_name text, email text, note text) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_role('clinical_lead', 'facilitator');
  i uuid;
begin
  if exists (select 1 from public.interest_list x where x.email = lower(btrim(email))
             and x.invited_at is null and x.removed_at is null) then
    raise exception '% is already on the interest list.', lower(btrim(email)) using errcode = 'P0001', hint = 'email';
  end if;
  insert into public.interest_list (full_name, email, note, added_by, source)
  values (btrim(full_name), lower(btrim(email)), nullif(btrim(note), ''), who, 'staff')
  returning id into i;
  return jsonb_build_object('id', i);
end
$$;
comment on function public.add_interest(text, text, text) is
  'Adds a family to the central interest list (lead or facilitator).';

/**
 * Take a family off the interest list (the lead or a facilitator): a soft delete, shown in the
 * page's Removed list until restored. Removing what is already removed changes nothing.
 */
create function public.remove_interest(interest_id uuid) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_role('clinical_lead', 'facilitator');
begin
  update public.interest_list set removed_at = now(), removed_by = who
  where id = interest_id and removed_at is null;
  if not found and not exists (select 1 from public.interest_list x where x.id = interest_id) then
    raise exception 'That entry is not on the interest list.' using errcode = 'P0002';
  end if;
  -- The name, for the page to say who went (the entry leaves the waiting list it shows).
  return (select jsonb_build_object('id', x.id, 'full_name', x.full_name)
          from public.interest_list x where x.id = interest_id);
end
$$;
comment on function public.remove_interest(uuid) is
  'Takes a family off the interest list (lead or facilitator): soft, undone by restore_interest.';

/** Put a removed family back on the interest list (the lead or a facilitator). */
create function public.restore_interest(interest_id uuid) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  x public.interest_list;
begin
  perform private.require_role('clinical_lead', 'facilitator');
  select * into x from public.interest_list i where i.id = interest_id for update;
  if not found then
    raise exception 'That entry is not on the interest list.' using errcode = 'P0002';
  end if;
  if x.removed_at is null then
    return jsonb_build_object('id', interest_id, 'full_name', x.full_name);
  end if;
  -- The family may have asked again since: then the newer entry stands.
  if x.invited_at is null and exists (
    select 1 from public.interest_list o
    where o.id <> x.id and o.invited_at is null and o.removed_at is null
      and (o.email = x.email or (x.email is null and o.email is null and o.phone = x.phone))
  ) then
    raise exception '% is on the list again already, so this older entry stays removed.', x.full_name
      using errcode = 'P0001';
  end if;
  update public.interest_list set removed_at = null, removed_by = null where id = interest_id;
  return jsonb_build_object('id', interest_id, 'full_name', x.full_name);
end
$$;
comment on function public.restore_interest(uuid) is
  'Puts a removed family back on the interest list (lead or facilitator), unless they are on it again.';

/**
 * Mark an interest-list family as invited to a group, once they are enrolled or waitlisted (the
 * lead, or a facilitator of that group).
 */
create function public.mark_interest_invited(interest_id uuid, group_id uuid) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
begin
  perform private.require_group_staff(group_id);
  update public.interest_list set invited_to = group_id, invited_at = now()
  where id = interest_id and invited_at is null and removed_at is null;
  return jsonb_build_object('id', interest_id);
end
$$;
comment on function public.mark_interest_invited(uuid, uuid) is
  'Marks an interest-list family as invited to a group (the lead or the group''s facilitators).';

-- Page functions (security invoker: RLS decides what each person sees).

/**
 * One session as pages show it, from the session row as jsonb (`to_jsonb(s)`): the fields a
 * page may show, never who released it. Takes jsonb rather than the row type so that no helper
 * clients can call takes a table row.
 */
create function private.session_json(s jsonb) returns jsonb
language sql immutable set search_path = ''
as $$
  select jsonb_build_object('id', s -> 'id', 'number', s -> 'number', 'starts_at', s -> 'starts_at',
    'ends_at', s -> 'ends_at', 'status', s -> 'status', 'cancelled_reason', s -> 'cancelled_reason',
    'released_at', s -> 'released_at')
$$;
comment on function private.session_json(jsonb) is
  'A session as pages show it, from to_jsonb(session): id, number, times, status, cancellation reason, release time.';

/** First names of a group's facilitators, for its parents (who cannot read staff profiles). */
create function private.facilitator_first_names(g uuid) returns jsonb
language sql stable security definer set search_path = ''
as $$
  select coalesce(jsonb_agg(split_part(p.full_name, ' ', 1) order by p.full_name), '[]')
  from public.group_facilitators gf join public.profiles p on p.id = gf.facilitator_id
  where gf.group_id = g and (private.belongs_to(g) or private.facilitates(g) or private.is_clinical_lead())
$$;
comment on function private.facilitator_first_names(uuid) is
  'First names of a group''s facilitators, for its parents and staff (parents cannot read staff profiles).';

/**
 * A waitlist spot's place in the queue (a parent cannot see the others to count them). Only for
 * the parent whose spot it is and the group's staff; null for anyone else or a spot not waiting.
 */
create function private.waitlist_position(enrolment uuid) returns int
language sql stable security definer set search_path = ''
as $$
  select case when e.parent_id = (select auth.uid()) or private.is_group_staff(e.group_id) then (
    select count(*)::int from public.enrolments w
    where w.group_id = e.group_id and w.status = 'waitlisted'
      and (w.waitlisted_at, w.id) <= (e.waitlisted_at, e.id)
  ) end
  from public.enrolments e
  where e.id = enrolment and e.status = 'waitlisted'
$$;
comment on function private.waitlist_position(uuid) is
  'Place in the waitlist queue, for the parent whose spot it is or the group''s staff.';
grant execute on function private.session_json(jsonb), private.facilitator_first_names(uuid),
  private.waitlist_position(uuid) to authenticated;

/**
 * Groups list: a facilitator's own groups, or every group for the lead, with filters and a
 * search (group name, venue, funder or a facilitator's name), 25 to a page. Running groups come
 * first, then those to come (soonest first), drafts, then finished and cancelled ones (latest
 * first); the group's id breaks ties, so every group appears on exactly one page. The whole
 * filtered list is read once (phases from each group's session span), and only the page's rows
 * are built into JSON.
 */
create function public.groups_page(
  status text default null, programme_id text default null, funding text default null,
  facilitator_id uuid default null, search text default null, page int default 1
) returns jsonb
-- Security definer: it keeps a facilitator to their own groups itself (`lead or g.id in
-- my_group_ids()`) and reads only those groups' places, sessions and facilitators' names, which
-- the policies would allow them. As invoker every table's policy built its own set over a
-- facilitator's hundreds of groups, the parents' one (8,000 at national scale) for the
-- facilitators' names: 54 -> 25 ms for a facilitator of 723 groups.
language plpgsql stable security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  me uuid := private.require_role('facilitator', 'clinical_lead');
  lead boolean := private.is_clinical_lead();
  pattern text := private.search_pattern(search);
  size constant int := 25;
  listed jsonb;
begin
  with matching as (
    select g.id, g.name, g.funding, g.funder, g.capacity, p.name as programme, sp.first_start, ph.phase,
      case ph.phase when 'running' then 1 when 'open' then 2 when 'draft' then 3
        when 'completed' then 4 else 5 end as rank
    from public.groups g
    join public.programmes p on p.id = g.programme_id
    -- Each group's session span from the review tallies (60_review.sql), kept by triggers.
    left join private.visible_group_spans() sp on sp.group_id = g.id
    cross join lateral (select case
      when g.status = 'cancelled' then 'cancelled'
      when g.status = 'draft' then 'draft'
      when now() < sp.first_start then 'open'
      when now() < sp.last_end then 'running'
      else 'completed' end as phase) ph
    where (lead or g.id in (select private.my_group_ids()))
      and (groups_page.programme_id is null or g.programme_id = groups_page.programme_id)
      and (groups_page.funding is null or g.funding::text = groups_page.funding)
      and (groups_page.facilitator_id is null or g.id in (
            select gf.group_id from public.group_facilitators gf
            where gf.facilitator_id = groups_page.facilitator_id))
      and (groups_page.status is null or ph.phase = groups_page.status)
      and (pattern is null or g.name ilike pattern or g.venue ilike pattern or g.funder ilike pattern
           or g.id in (select gf.group_id from public.group_facilitators gf
                       join public.profiles f on f.id = gf.facilitator_id
                       where f.full_name ilike pattern))
  ),
  counted as (select count(*) as n from matching),
  win as (select w.page, w.skip from counted, private.page_window(groups_page.page, counted.n, size) w),
  shown as (
    select m.* from matching m
    order by m.rank, case when m.rank <= 3 then m.first_start end, m.first_start desc nulls last, m.id
    limit size offset (select skip from win)
  )
  select jsonb_build_object(
    'paging', private.paging_json((select win.page from win), size, (select n from counted)),
    'groups', (
      select coalesce(jsonb_agg(jsonb_build_object(
        'id', m.id, 'name', m.name, 'programme', m.programme, 'funding', m.funding, 'funder', m.funder,
        'phase', m.phase, 'capacity', m.capacity,
        'filled', (select count(*) from public.enrolments e where e.group_id = m.id and e.status in ('enrolled', 'offered')),
        'waitlist', (select count(*) from public.enrolments e where e.group_id = m.id and e.status = 'waitlisted'),
        'first_session', m.first_start,
        'next_session', (select private.session_json(to_jsonb(s)) from public.sessions s
           where s.group_id = m.id and s.status = 'scheduled' and s.ends_at > now() order by s.starts_at limit 1),
        'facilitators', (select coalesce(jsonb_agg(f.full_name order by f.full_name), '[]')
           from public.group_facilitators gf join public.profiles f on f.id = gf.facilitator_id
           where gf.group_id = m.id)
      ) order by m.rank, case when m.rank <= 3 then m.first_start end, m.first_start desc nulls last, m.id), '[]')
      from shown m
    ))
  into listed;
  return jsonb_build_object(
    'is_lead', lead,
    'programmes', (select coalesce(jsonb_agg(jsonb_build_object('id', p.id, 'name', p.name) order by p.name), '[]') from public.programmes p),
    'facilitators', case when lead then (
      select coalesce(jsonb_agg(jsonb_build_object('id', p.id, 'full_name', p.full_name) order by p.full_name), '[]')
      from public.profiles p where p.role = 'facilitator') else '[]'::jsonb end,
    -- Groups the caller is the named consultant for (93_consultations.sql): only their link.
    'consulting', private.consulted_groups()
  ) || listed;
end
$$;
comment on function public.groups_page(text, text, text, uuid, text, int) is
  'The groups list: a facilitator''s own groups, or every group for the lead, filtered, searched and paged (25 a page); and the groups they consult for.';
revoke execute on function public.groups_page(text, text, text, uuid, text, int) from public, anon;
grant execute on function public.groups_page(text, text, text, uuid, text, int) to authenticated;

/** What the new-group form needs: programmes, facilitators and the interest list. */
create function public.new_group_form() returns jsonb
language plpgsql stable set search_path = ''
as $$
begin
  perform private.require_role('clinical_lead');
  return jsonb_build_object(
    'programmes', (select jsonb_agg(to_jsonb(p) order by p.name) from public.programmes p),
    'region', private.region(),
    -- Each with their stage on the pathway (94_facilitator_pathway.sql); the form offers only
    -- those who may be put on a group, and SQL checks again on create.
    'facilitators', (select coalesce(jsonb_agg(jsonb_build_object('id', p.id, 'full_name', p.full_name,
        'stage', private.facilitator_stage(p.id)) order by p.full_name), '[]')
      from public.profiles p where p.role = 'facilitator' and private.may_facilitate(p.id))
  );
end
$$;
comment on function public.new_group_form() is
  'What the new-group form needs: programmes and facilitators (lead).';

/**
 * The central interest list (the lead and facilitators): everyone on it, invited or removed,
 * with where each entry came from. Contact details stay behind sign-in.
 */
/**
 * Security definer, with the role checked first: the lead and every facilitator may read the
 * whole list anyway (its policy), and under a row-level policy PostgreSQL will not use the
 * trigram indexes for the search (ilike is not leakproof).
 */
create function public.interest_page(
  state text default 'waiting', search text default null, page int default 1
) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  pattern text := private.search_pattern(search);
  size constant int := 50;
  shown text := case when state in ('waiting', 'invited', 'removed') then state else 'waiting' end;
  result jsonb;
begin
  perform private.require_role('clinical_lead', 'facilitator');
  with matching as (
    select i.*, case when i.invited_at is not null then 'invited'
      when i.removed_at is not null then 'removed' else 'waiting' end as state
    from public.interest_list i
    where pattern is null or i.full_name ilike pattern or i.email ilike pattern
      or i.area ilike pattern or i.phone ilike pattern
  ),
  counts as (select
    count(*) filter (where m.state = 'waiting') as waiting,
    count(*) filter (where m.state = 'invited') as invited,
    count(*) filter (where m.state = 'removed') as removed
    from matching m),
  total as (select case shown when 'waiting' then c.waiting when 'invited' then c.invited
    else c.removed end as n from counts c),
  win as (select w.page, w.skip from total, private.page_window(interest_page.page, total.n, size) w),
  rows as (
    select m.* from matching m where m.state = shown
    -- Waiting: the longest-waiting first; invited and removed: the latest first.
    order by case when shown = 'waiting' then m.created_at end,
      coalesce(m.invited_at, m.removed_at) desc, m.id
    limit size offset (select skip from win)
  )
  select jsonb_build_object(
    'state', shown,
    'counts', (select jsonb_build_object('waiting', c.waiting, 'invited', c.invited, 'removed', c.removed) from counts c),
    'paging', private.paging_json((select win.page from win), size, (select n from total)),
    'entries', (select coalesce(jsonb_agg(jsonb_build_object('id', i.id, 'full_name', i.full_name, 'email', i.email,
      'phone', i.phone, 'caring_role', i.caring_role, 'area', i.area, 'source', i.source,
      'consent_at', i.consent_at, 'note', i.note, 'created_at', i.created_at,
      'invited_at', i.invited_at, 'removed_at', i.removed_at,
      'invited_to', (select name from public.groups g where g.id = i.invited_to))
      order by case when shown = 'waiting' then i.created_at end,
        coalesce(i.invited_at, i.removed_at) desc, i.id), '[]')
      from rows i))
  into result;
  return result;
end
$$;
comment on function public.interest_page(text, text, int) is
  'The central interest list (lead and facilitators): waiting, invited or removed entries, searched by name, email, area or phone, 50 a page, with the count of each.';

/** One offer, for the parent it was made to. */
create function public.offer_page(enrolment_id uuid) returns jsonb
language plpgsql stable set search_path = ''
as $$
#variable_conflict use_variable
declare
  result jsonb;
begin
  perform private.require_role('parent');
  select jsonb_build_object('id', e.id, 'status', e.status, 'offer_expires_at', e.offer_expires_at,
      'group', jsonb_build_object('name', g.name, 'venue', g.venue, 'venue_postcode', g.venue_postcode,
        'phase', private.group_phase(g.id)),
      'facilitators', private.facilitator_first_names(g.id),
      'sessions', (select coalesce(jsonb_agg(private.session_json(to_jsonb(s)) order by s.starts_at), '[]')
        from public.sessions s where s.group_id = g.id and s.status <> 'cancelled'))
    into result
  from public.enrolments e join public.groups g on g.id = e.group_id
  where e.id = enrolment_id and e.parent_id = (select auth.uid());
  if result is null then
    raise exception 'No such offer.' using errcode = 'P0002';
  end if;
  return result;
end
$$;
comment on function public.offer_page(uuid) is
  'One offer of a place, for the parent it was made to.';

/**
 * A group's page for its facilitators and the lead: schedule, places, waitlist, offers,
 * parents absent from two sessions in a row, and open concerns.
 */
create function public.group_page(group_id uuid) returns jsonb
language plpgsql stable set search_path = ''
as $$
#variable_conflict use_variable
declare
  g public.groups;
  lead boolean;
begin
  perform private.require_group_staff(group_id);
  lead := private.is_clinical_lead();
  select * into g from public.groups x where x.id = group_id;
  if not found then
    raise exception 'No such group.' using errcode = 'P0002';
  end if;
  return jsonb_build_object(
    'group', to_jsonb(g) || jsonb_build_object(
      'phase', private.group_phase(g.id),
      'programme', (select to_jsonb(p) from public.programmes p where p.id = g.programme_id)),
    'is_lead', lead,
    'region', private.region(),
    'facilitators', (select coalesce(jsonb_agg(jsonb_build_object('id', p.id, 'full_name', p.full_name) order by p.full_name), '[]')
      from public.group_facilitators gf join public.profiles p on p.id = gf.facilitator_id where gf.group_id = g.id),
    'sessions', (select coalesce(jsonb_agg(private.session_json(to_jsonb(s)) order by s.number, s.starts_at), '[]')
      from public.sessions s where s.group_id = g.id),
    'enrolments', (select coalesce(jsonb_agg(jsonb_build_object(
        'id', e.id, 'status', e.status, 'full_name', p.full_name, 'email', p.email,
        'enrolled_at', e.enrolled_at, 'waitlisted_at', e.waitlisted_at, 'offered_at', e.offered_at,
        'offer_expires_at', e.offer_expires_at, 'withdrawn_on', e.withdrawn_on,
        'withdrawal_reason', e.withdrawal_reason, 'account', private.parent_account_state(p.id))
        order by e.status, coalesce(e.waitlisted_at, e.enrolled_at, e.created_at), p.full_name), '[]')
      from public.enrolments e join public.profiles p on p.id = e.parent_id where e.group_id = g.id),
    'absent_twice', private.absent_twice(g.id),
    'reminders', private.group_reminders(g.id),
    'open_concerns', (select count(*) from public.concerns c where c.group_id = g.id and c.reviewed_at is null),
    -- Consultations recorded on the group (93_consultations.sql), for the link to them.
    'consultations', (select count(*) from public.group_consultations c where c.group_id = g.id),
    -- The ten families who have waited longest, and how many wait in all: at national scale the
    -- list is thousands long, and the interest list page searches and pages it.
    'interest', (
      select coalesce(jsonb_agg(jsonb_build_object('id', i.id, 'full_name', i.full_name, 'email', i.email,
        'phone', i.phone, 'area', i.area, 'note', i.note, 'created_at', i.created_at)
        order by i.created_at, i.id), '[]')
      from (select * from public.interest_list w where w.invited_at is null and w.removed_at is null
            order by w.created_at, w.id limit 10) i),
    'interest_waiting', (select count(*) from public.interest_list w
      where w.invited_at is null and w.removed_at is null),
    -- What has been changed since it was set up, newest first (32_group_edits.sql).
    'changes', (select coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'changed_at', c.changed_at,
        -- Only the lead and facilitators make changes, and facilitators cannot read the lead's
        -- profile: a name they cannot see is the lead's.
        'changed_by', case when c.changed_by is not null then coalesce(
          (select p.full_name from public.profiles p where p.id = c.changed_by), 'The clinical lead') end,
        'changes', c.changes, 'reason', c.reason) order by c.changed_at desc), '[]')
      from public.group_changes c where c.group_id = g.id),
    -- The group's outcome figures per instrument (98_outcome_results.sql).
    'outcomes', private.group_outcome_summary(g.id)
  );
end
$$;
comment on function public.group_page(uuid) is
  'A group''s page for its staff: schedule, places (with whether each family''s account is set up), waitlist, offers, parents absent twice, open concerns, consultations, reminder times, its history of changes and its outcome figures.';
