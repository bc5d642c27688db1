-- Lint clean: the schema passes Supabase's security linter (splinter), and the rules behind its
-- warnings hold for whatever later migrations add. tests/shared/lint-rules.ts states each rule
-- as a query over the catalog; tests/db/lint.test.ts and tests/pg/lint.test.ts run them on the
-- database built from every migration.
--
-- What the linter and a review found, and what changes here:
-- 1. Functions without `search_path` (27): every function now has `search_path = ''`. Their
--    bodies already name every object by schema (or use pg_catalog), so most only need
--    `alter function ... set search_path = ''`. private.review_groups was a plain SQL function
--    on purpose, so that PostgreSQL inlines it into the lead's rpcs (a SET clause stops that):
--    the per-group facts are now a view, private.review_group_facts, which the rpcs select from
--    (a view has no search_path: its names are bound when it is created).
-- 2. Security definer functions executable by anon (21), and sequences that anon and
--    authenticated could use, select and set (`setval` as anon made every later audited write
--    fail with 23505): anon and PUBLIC lose execute on every function, client roles lose every
--    sequence privilege, and default privileges keep it so for what is created later.
-- 3. Private helpers: only those that policies or security invoker page functions call are
--    executable by authenticated, and each answers only about what the caller may see. The
--    helper that trusted a session row passed to it (a forged row showed unreleased slides) now
--    takes the session's id; invite_person is security definer, so the lookups it needs stay
--    private.
-- 4. Columns a client could forge on a direct insert (a concern's review note, an invitation's
--    dates, who marked the register or wrote the notes) are outside the column grants: 42501.
-- 5. Several permissive policies for one table, role and action (8): one policy each, the same
--    conditions joined by `or`, so exactly the same rows are allowed.

-- Safe by default ---------------------------------------------------------------------------

-- PostgreSQL lets PUBLIC execute every new function unless told otherwise, and only the global
-- form of the default can say otherwise (a per-schema default only adds grants). The project's
-- per-schema defaults also give anon every new function and sequence in public. From here on, a
-- function made by the role that runs migrations is executable by nobody but its owner (and, in
-- public, authenticated and service_role) until a migration grants it; a sequence gives client
-- roles nothing. The embedded bootstrap sets its defaults only on a new database, so these hold.
alter default privileges revoke execute on functions from public;
alter default privileges in schema public revoke execute on functions from anon;
alter default privileges in schema public revoke all on sequences from anon, authenticated;

-- What exists now. Nothing in this app is for signed-out callers: every page function starts by
-- checking the caller's role, and the server's own calls use the service role.
revoke execute on all functions in schema public from public, anon;
revoke execute on all functions in schema private from public, anon, authenticated;
revoke all on all sequences in schema public from anon, authenticated;
revoke all on all sequences in schema private from anon, authenticated;

-- search_path for functions that stay as they are (each body checked: schema-qualified names
-- or pg_catalog only). Security definer helpers already had it.

alter function private.audit_log_is_append_only() set search_path = '';
alter function private.bump_session_revision() set search_path = '';
alter function private.rate(int, int) set search_path = '';
alter function public.custom_access_token_hook(jsonb) set search_path = '';
alter function public.hook_password_verification_attempt(jsonb) set search_path = '';
alter function public.my_profile() set search_path = '';
alter function public.review_home() set search_path = '';
alter function public.facilitator_home() set search_path = '';
alter function public.new_group_form() set search_path = '';
alter function public.interest_page() set search_path = '';
alter function public.curricula_page() set search_path = '';
alter function public.curriculum_page(uuid) set search_path = '';
alter function public.mark_attendance(uuid, uuid, public.attendance_status, text) set search_path = '';
alter function public.raise_concern(uuid, uuid, uuid, public.concern_kind, public.concern_urgency, text)
  set search_path = '';
alter function public.open_concerns() set search_path = '';
alter function public.my_calendar() set search_path = '';

-- Private helpers answer only about what the caller may see --------------------------------

/**
 * Where a group is in its life: draft, open (enrolling), running (from the start of the first
 * session: closed), completed (after the last session), or cancelled. Security invoker: called
 * from a page it sees the group only if the caller may (null otherwise); called from a security
 * definer function or trigger it runs as their owner and sees every group, as they need.
 */
create or replace function private.group_phase(g uuid) returns text
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
 * The group a session belongs to, if the caller may read the session (security invoker, as
 * group_phase: RLS on sessions decides for clients; definer callers see every session).
 */
create or replace function private.session_group(s uuid) returns uuid
language sql stable security invoker set search_path = ''
as $$
  select group_id from public.sessions where id = s
$$;
comment on function private.session_group(uuid) is
  'The group of a session the caller may read, else null; used by the register and notes policies.';

/** Enrolled parents whose two most recent marked sessions were both absences. Group staff only. */
create or replace function private.absent_twice(g uuid) returns jsonb
language sql stable security definer set search_path = ''
as $$
  with ranked as (
    select a.enrolment_id, a.status,
      row_number() over (partition by a.enrolment_id order by s.starts_at desc) as recent
    from public.attendance a join public.sessions s on s.id = a.session_id
    where s.group_id = g and s.status <> 'cancelled'
      and private.is_group_staff(g)
  ), flagged as (
    select r.enrolment_id
    from ranked r join public.enrolments e on e.id = r.enrolment_id and e.status = 'enrolled'
    where r.recent <= 2
    group by r.enrolment_id
    having count(*) = 2 and bool_and(r.status = 'absent')
  )
  select coalesce(jsonb_agg(enrolment_id), '[]') from flagged
$$;
comment on function private.absent_twice(uuid) is
  'Enrolments absent from their last two marked sessions; empty unless the caller is the group''s staff.';

/**
 * A waitlist spot's place in the queue (a parent cannot see the others to count them). Only for
 * the parent whose spot it is and the group's staff; null for anyone else or a spot not waiting.
 */
create or replace function private.waitlist_position(enrolment uuid) returns int
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

/**
 * What a parent may see of one session: always its number, date and title; the slides,
 * prompts and home practice only once released. Never the facilitator notes. Only for parents
 * with a place in the group and its staff (who see the same parent view); null for anyone
 * else. It looks the session up itself: the row-taking version it replaces showed whatever a
 * caller put in the row it was given, released or not.
 */
create function private.parent_session(session_id uuid) returns jsonb
language sql stable security definer set search_path = ''
as $$
  select jsonb_build_object(
    'id', s.id, 'number', s.number, 'starts_at', s.starts_at, 'ends_at', s.ends_at,
    'status', s.status, 'revision', s.revision, 'released', s.released_at is not null,
    'title', cs.title,
    'my_attendance', (select jsonb_build_object('status', a.status, 'reason', a.reason)
      from public.attendance a join public.enrolments e on e.id = a.enrolment_id
      where a.session_id = s.id and e.parent_id = (select auth.uid())),
    'content', case when s.released_at is not null and s.status <> 'cancelled' then jsonb_build_object(
      'aims', cs.aims, 'slides', cs.slides, 'prompts', cs.prompts, 'home_practice', cs.home_practice) end
  )
  from public.sessions s
  join public.groups g on g.id = s.group_id
  left join public.curriculum_sessions cs on cs.curriculum_id = g.curriculum_id and cs.number = s.number
  where s.id = parent_session.session_id
    and (private.attends(s.group_id) or private.is_group_staff(s.group_id))
$$;
comment on function private.parent_session(uuid) is
  'A session as its parents see it (materials once released); null unless the caller attends the group or is its staff.';
drop function private.parent_session(public.sessions);

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

/** Concerns are about a family in the group and stamped with who raised them, when. */
create or replace function private.check_concern() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if new.enrolment_id is not null
     and (select group_id from public.enrolments where id = new.enrolment_id) is distinct from new.group_id then
    raise exception 'That family is not in this group.' using errcode = 'P0001', hint = 'enrolment_id';
  end if;
  if new.session_id is not null and private.session_group(new.session_id) is distinct from new.group_id then
    raise exception 'That session is not in this group.' using errcode = 'P0001';
  end if;
  new.raised_by := (select auth.uid());
  new.raised_at := now();
  -- a new concern is never already reviewed, whoever writes it (clients cannot set these)
  new.reviewed_at := null;
  new.reviewed_by := null;
  new.review_note := null;
  return new;
end
$$;
comment on function private.check_concern() is
  'Trigger: a concern''s family and session belong to its group; raised_* stamped, reviewed_* cleared.';

-- Page and write functions that used the changed helpers ------------------------------------

/**
 * Record an invitation. Security definer, so the lookups it needs (is the email registered,
 * who sent its invitation) stay private. The role check comes first, then the same rule as the
 * insert policy: the lead invites facilitators and parents, a facilitator only parents (and
 * nobody is invited as clinical lead: the table's check refuses it). The app then asks Auth to
 * send the email.
 */
create or replace function public.invite_person(email text, full_name text, role public.app_role) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_column
declare
  who uuid := private.require_role('clinical_lead', 'facilitator');
  inv public.invitations;
  clean_email text := lower(btrim(invite_person.email));
begin
  if invite_person.role is distinct from 'parent' and not private.is_clinical_lead() then
    raise exception 'Only the clinical lead can invite a %.', invite_person.role using errcode = '42501';
  end if;
  if private.email_is_registered(clean_email) then
    raise exception 'There is already an account for %.', clean_email
      using errcode = 'P0001', hint = 'email';
  end if;
  -- Asking again re-sends the same invitation; someone else's stays theirs.
  inv := private.invitation_for(clean_email);
  if inv.id is not null and (inv.invited_by <> who or inv.role <> invite_person.role) then
    raise exception '% has already been invited.', clean_email using errcode = 'P0001', hint = 'email';
  end if;
  if inv.id is null then
    insert into public.invitations (email, full_name, role, invited_by)
    values (clean_email, btrim(invite_person.full_name), invite_person.role, who)
    returning * into inv;
  end if;
  return jsonb_build_object('id', inv.id, 'email', inv.email, 'role', inv.role);
end
$$;
comment on function public.invite_person(text, text, public.app_role) is
  'Record an invitation (lead: facilitators and parents; facilitator: parents); repeats re-send the same one.';

/** Groups list: a facilitator's own groups, or every group for the lead, with filters. */
create or replace function public.groups_page(
  status text default null, programme_id text default null, funding text default null,
  facilitator_id uuid default null
) returns jsonb
language plpgsql stable set search_path = ''
as $$
#variable_conflict use_variable
declare
  me uuid := private.require_role('facilitator', 'clinical_lead');
  lead boolean := private.is_clinical_lead();
begin
  return jsonb_build_object(
    'is_lead', lead,
    'programmes', (select coalesce(jsonb_agg(jsonb_build_object('id', p.id, 'name', p.name) order by p.name), '[]') from public.programmes p),
    'facilitators', case when lead then (
      select coalesce(jsonb_agg(jsonb_build_object('id', p.id, 'full_name', p.full_name) order by p.full_name), '[]')
      from public.profiles p where p.role = 'facilitator') else '[]'::jsonb end,
    'groups', (
      select coalesce(jsonb_agg(item order by item ->> 'first_session'), '[]')
      from (
        select jsonb_build_object(
          'id', g.id, 'name', g.name, 'programme', p.name, 'funding', g.funding, 'funder', g.funder,
          'phase', private.group_phase(g.id), 'capacity', g.capacity,
          'filled', (select count(*) from public.enrolments e where e.group_id = g.id and e.status in ('enrolled', 'offered')),
          'waitlist', (select count(*) from public.enrolments e where e.group_id = g.id and e.status = 'waitlisted'),
          'first_session', (select min(s.starts_at) from public.sessions s where s.group_id = g.id and s.status <> 'cancelled'),
          'next_session', (select private.session_json(to_jsonb(s)) from public.sessions s
             where s.group_id = g.id and s.status = 'scheduled' and s.ends_at > now() order by s.starts_at limit 1),
          'facilitators', (select coalesce(jsonb_agg(f.full_name order by f.full_name), '[]')
             from public.group_facilitators gf join public.profiles f on f.id = gf.facilitator_id
             where gf.group_id = g.id)
        ) as item
        from public.groups g join public.programmes p on p.id = g.programme_id
        where (lead or private.facilitates(g.id))
          and (groups_page.programme_id is null or g.programme_id = groups_page.programme_id)
          and (groups_page.funding is null or g.funding::text = groups_page.funding)
          and (groups_page.facilitator_id is null or exists (
                select 1 from public.group_facilitators gf
                where gf.group_id = g.id and gf.facilitator_id = groups_page.facilitator_id))
          and (groups_page.status is null or private.group_phase(g.id) = groups_page.status)
      ) rows
    )
  );
end
$$;

/** One offer, for the parent it was made to. */
create or replace function public.offer_page(enrolment_id uuid) returns jsonb
language plpgsql stable set search_path = ''
as $$
#variable_conflict use_variable
declare
  result jsonb;
begin
  perform private.require_role('parent');
  select jsonb_build_object('id', e.id, 'status', e.status, 'offer_expires_at', e.offer_expires_at,
      'group', jsonb_build_object('name', g.name, 'venue', g.venue, 'phase', private.group_phase(g.id)),
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

/** The deck for presenting: the session's content from the group's curriculum. Group staff. */
create or replace function public.session_deck(group_id uuid, number int) returns jsonb
language plpgsql stable set search_path = ''
as $$
#variable_conflict use_variable
declare
  result jsonb;
begin
  if not private.is_group_staff(group_id) then
    raise exception 'You do not have permission to present this session.' using errcode = '42501';
  end if;
  select jsonb_build_object(
      'group', jsonb_build_object('id', g.id, 'name', g.name),
      'session', private.session_json(to_jsonb(s)) || jsonb_build_object('released_at', s.released_at),
      'content', to_jsonb(cs) - 'curriculum_id',
      'session_count', (select count(*) from public.sessions x where x.group_id = g.id and x.status <> 'cancelled'))
    into result
  from public.groups g
  join public.sessions s on s.group_id = g.id and s.number = session_deck.number and s.status <> 'cancelled'
  join public.curriculum_sessions cs on cs.curriculum_id = g.curriculum_id and cs.number = session_deck.number
  where g.id = group_id;
  if result is null then
    raise exception 'No such session.' using errcode = 'P0002';
  end if;
  return result;
end
$$;

/** A session's page for its staff: register, notes, concerns raised at it, release state. */
create or replace function public.session_page(group_id uuid, number int) returns jsonb
language plpgsql stable set search_path = ''
as $$
#variable_conflict use_variable
declare
  s public.sessions;
begin
  if not private.is_group_staff(group_id) then
    raise exception 'You do not have permission to see this session.' using errcode = '42501';
  end if;
  select * into s from public.sessions x
  where x.group_id = session_page.group_id and x.number = session_page.number and x.status <> 'cancelled';
  if not found then
    raise exception 'No such session.' using errcode = 'P0002';
  end if;
  return jsonb_build_object(
    'group', (select jsonb_build_object('id', g.id, 'name', g.name, 'phase', private.group_phase(g.id)) from public.groups g where g.id = group_id),
    'session', private.session_json(to_jsonb(s)) || jsonb_build_object('released_at', s.released_at),
    'title', (select cs.title from public.curriculum_sessions cs join public.groups g on g.curriculum_id = cs.curriculum_id
              where g.id = group_id and cs.number = s.number),
    'register', (
      select coalesce(jsonb_agg(jsonb_build_object('enrolment_id', e.id, 'full_name', p.full_name,
        'status', a.status, 'reason', a.reason, 'marked_at', a.marked_at) order by p.full_name), '[]')
      from public.enrolments e
      join public.profiles p on p.id = e.parent_id
      left join public.attendance a on a.enrolment_id = e.id and a.session_id = s.id
      where e.group_id = group_id and e.enrolled_at is not null and e.enrolled_at <= s.ends_at
        and (e.status = 'enrolled' or (e.status = 'withdrawn' and e.withdrawn_on >= (s.starts_at at time zone 'Europe/London')::date))),
    'notes', (select to_jsonb(n) - 'session_id' from public.session_notes n where n.session_id = s.id),
    'concerns', (select coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'kind', c.kind, 'urgency', c.urgency,
        'description', c.description, 'raised_at', c.raised_at, 'family', p.full_name,
        'raised_by', (select full_name from public.profiles r where r.id = c.raised_by)) order by c.raised_at desc), '[]')
      from public.concerns c left join public.enrolments e on e.id = c.enrolment_id
      left join public.profiles p on p.id = e.parent_id
      where c.session_id = s.id)
  );
end
$$;

/**
 * Save the session's notes (one shared write-up). Group staff. Who saved them and when are
 * stamped by a trigger; clients may not write those columns.
 */
create or replace function public.save_session_notes(session_id uuid, covered text, how_it_went text, reflection text)
returns jsonb
language plpgsql set search_path = ''
as $$
#variable_conflict use_variable
begin
  if not private.is_group_staff(private.session_group(session_id)) then
    raise exception 'You do not have permission to write these notes.' using errcode = '42501';
  end if;
  insert into public.session_notes (session_id, covered, how_it_went, reflection)
  values (session_id, coalesce(covered, ''), coalesce(how_it_went, ''), coalesce(reflection, ''))
  on conflict on constraint session_notes_pkey do update
    set covered = excluded.covered, how_it_went = excluded.how_it_went, reflection = excluded.reflection;
  return jsonb_build_object('session_id', session_id);
end
$$;

/**
 * A group's page for its facilitators and the lead: schedule, places, waitlist, offers,
 * parents absent from two sessions in a row, and open concerns.
 */
create or replace function public.group_page(group_id uuid) returns jsonb
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
    'facilitators', (select coalesce(jsonb_agg(jsonb_build_object('id', p.id, 'full_name', p.full_name) order by p.full_name), '[]')
      from public.group_facilitators gf join public.profiles p on p.id = gf.facilitator_id where gf.group_id = g.id),
    'sessions', (select coalesce(jsonb_agg(private.session_json(to_jsonb(s)) order by s.number, s.starts_at), '[]')
      from public.sessions s where s.group_id = g.id),
    'enrolments', (select coalesce(jsonb_agg(jsonb_build_object(
        'id', e.id, 'status', e.status, 'full_name', p.full_name, 'email', p.email,
        'enrolled_at', e.enrolled_at, 'waitlisted_at', e.waitlisted_at, 'offered_at', e.offered_at,
        'offer_expires_at', e.offer_expires_at, 'withdrawn_on', e.withdrawn_on,
        'withdrawal_reason', e.withdrawal_reason)
        order by e.status, coalesce(e.waitlisted_at, e.enrolled_at, e.created_at), p.full_name), '[]')
      from public.enrolments e join public.profiles p on p.id = e.parent_id where e.group_id = g.id),
    'absent_twice', private.absent_twice(g.id),
    'open_concerns', (select count(*) from public.concerns c where c.group_id = g.id and c.reviewed_at is null),
    'interest', case when lead then (
      select coalesce(jsonb_agg(jsonb_build_object('id', i.id, 'full_name', i.full_name, 'email', i.email,
        'note', i.note, 'created_at', i.created_at) order by i.created_at), '[]')
      from public.interest_list i where i.invited_at is null) else '[]'::jsonb end
  );
end
$$;

/** A parent's home: their groups, offers, waitlist spots and sessions; never other families. */
create or replace function public.parent_home() returns jsonb
language plpgsql stable set search_path = ''
as $$
begin
  perform private.require_role('parent');
  return jsonb_build_object(
    'me', public.my_profile(),
    'memberships', (
      select coalesce(jsonb_agg(jsonb_build_object(
        'enrolment_id', e.id, 'status', e.status, 'offer_expires_at', e.offer_expires_at,
        'waitlist_position', case when e.status = 'waitlisted' then private.waitlist_position(e.id) end,
        'group', jsonb_build_object('id', g.id, 'name', g.name, 'venue', g.venue,
          'video_link', case when e.status = 'enrolled' then g.video_link end,
          'phase', private.group_phase(g.id),
          'programme', (select name from public.programmes p where p.id = g.programme_id)),
        'facilitators', private.facilitator_first_names(g.id),
        'sessions', case when e.status = 'enrolled' then (
          select coalesce(jsonb_agg(private.parent_session(s.id) - 'content' order by s.starts_at), '[]')
          from public.sessions s where s.group_id = g.id)
          else (select coalesce(jsonb_agg(private.session_json(to_jsonb(s)) order by s.starts_at), '[]')
          from public.sessions s where s.group_id = g.id) end)
        order by e.created_at desc), '[]')
      from public.enrolments e join public.groups g on g.id = e.group_id
      where e.parent_id = (select auth.uid()) and e.status in ('enrolled', 'offered', 'waitlisted')
    )
  );
end
$$;

/** One session for a parent in the group: materials if released, else title and date. */
create or replace function public.my_session(session_id uuid) returns jsonb
language plpgsql stable set search_path = ''
as $$
#variable_conflict use_variable
declare
  result jsonb;
begin
  perform private.require_role('parent');
  select private.parent_session(s.id) || jsonb_build_object(
      'group', jsonb_build_object('id', g.id, 'name', g.name, 'venue', g.venue, 'video_link', g.video_link),
      'facilitators', private.facilitator_first_names(g.id))
    into result
  from public.sessions s join public.groups g on g.id = s.group_id
  where s.id = session_id and private.attends(s.group_id);
  if result is null then
    raise exception 'No such session.' using errcode = 'P0002';
  end if;
  return result;
end
$$;

drop function private.session_json(public.sessions);

-- The lead's review reads the per-group facts from a view ----------------------------------

/**
 * Per-group facts for review, one row per group; no rows for anyone but the lead. The lead's
 * rpcs (security definer, role checked first) select from it with their filters, and
 * PostgreSQL plans it as part of their statement, as it did the inlined review_groups. Every
 * group has a tally (a trigger adds it with the group): the stored counts are read as they are,
 * and the few that a started session has made stale are worked out now. No client may read it.
 */
create view private.review_group_facts as
  with g as (
    select t.group_id as id, t.first_start, t.first_day, t.quarter, t.last_start, t.last_end,
      t.live_starts, t.planned, t.held, t.taken_now, t.waitlisted, t.placed, t.placed_attended,
      t.placed_marks, t.attended_at_least, t.committed_at_least, t.enrolled_at_least
    from private.review_tallies t
    where t.stale_after is null or t.stale_after > now()
    union all
    select n.group_id, n.first_start, n.first_day, n.quarter, n.last_start, n.last_end,
      n.live_starts, n.planned, n.held, n.taken_now, n.waitlisted, n.placed, n.placed_attended,
      n.placed_marks, n.attended_at_least, n.committed_at_least, n.enrolled_at_least
    from private.review_tallies t
    cross join lateral private.review_counts(t.group_id, now()) n
    where t.stale_after <= now()
  ),
  c as (
    select gr.id, gr.name, gr.programme_id, p.name as programme_name, gr.funding, gr.funder,
      gr.fee_pence, gr.capacity, gr.status, p.completion_threshold as threshold,
      g.first_start, g.first_day, g.quarter, g.last_start, g.last_end, g.planned, g.held,
      g.taken_now, g.waitlisted, g.placed, g.placed_attended, g.placed_marks, g.attended_at_least,
      g.committed_at_least, g.enrolled_at_least,
      coalesce(g.first_start <= now(), false) as begun,
      -- live sessions started by now: none before the first, all from the last
      case when not coalesce(g.first_start <= now(), false) then 0
           when now() >= g.last_start then g.planned
           else (select count(*)::int from unnest(g.live_starts) s where s <= now()) end as past
    from g
    join public.groups gr on gr.id = g.id
    join public.programmes p on p.id = gr.programme_id
    where private.is_clinical_lead()
  )
  select c.id, c.name, c.programme_id, c.programme_name, c.funding, c.funder, c.fee_pence,
    c.capacity, c.status, c.threshold, c.first_start, c.last_end,
    case
      when c.status = 'cancelled' then 'cancelled'
      when c.status = 'draft' then 'draft'
      when now() < c.first_start then 'open'
      when now() < c.last_end then 'running'
      else 'completed'
    end as phase,
    c.quarter,
    c.planned as sessions_planned, c.held as sessions_held, c.past as sessions_past,
    case when now() < c.first_start then coalesce(c.taken_now, 0)
         when c.begun then c.placed else 0 end as filled,
    case when c.begun then c.placed else 0 end as started,
    case when c.begun then c.attended_at_least[least(c.threshold, 20) + 1] else 0 end as completed,
    case when c.begun then c.committed_at_least[least(c.threshold, 20) + 1] else 0 end as committed,
    case when c.begun
      then c.enrolled_at_least[least(greatest(c.threshold - (c.planned - c.past), 0), 20) + 1]
      else 0 end as on_track,
    case when c.begun then c.placed_attended else 0 end as attended,
    case when c.begun then c.placed_marks else 0 end as marks,
    case when c.status = 'open' and now() < c.first_start then coalesce(c.waitlisted, 0) else 0 end
      as waitlist,
    c.first_day
  from c;
comment on view private.review_group_facts is
  'Per-group review figures (defined in 20261122000600_review.sql), for the lead only; read by the lead''s rpcs.';
revoke all on private.review_group_facts from public, anon, authenticated;

/**
 * The per-group facts, filtered; one row per group (or just `only_group`). Returns nothing to
 * anyone but the lead, and no client may call it. The lead's rpcs read the view directly, since
 * a function with a search_path is not inlined; this stays for scripts and checks. PL/pgSQL,
 * planning each call for its arguments: as a SQL function it settled on a generic plan after
 * five calls, and for these "x is null or ..." filters that took ~2 s at 2,000 groups where a
 * plan for the arguments given takes tens of milliseconds.
 */
create or replace function private.review_groups(
  from_date date, to_date date, programme text, funding_kind text, facilitator uuid, funder_name text,
  only_group uuid default null
) returns table (
  id uuid, name text, programme_id text, programme_name text, funding public.funding_kind,
  funder text, fee_pence int, capacity int, status public.group_status, threshold int,
  first_start timestamptz, last_end timestamptz, phase text, quarter text,
  sessions_planned int, sessions_held int, sessions_past int,
  filled int, started int, completed int, committed int, on_track int,
  attended int, marks int, waitlist int
)
language plpgsql stable set search_path = '' set plan_cache_mode = force_custom_plan
as $$
begin
  return query
  select r.id, r.name, r.programme_id, r.programme_name, r.funding, r.funder, r.fee_pence,
    r.capacity, r.status, r.threshold, r.first_start, r.last_end, r.phase, r.quarter,
    r.sessions_planned, r.sessions_held, r.sessions_past, r.filled, r.started, r.completed,
    r.committed, r.on_track, r.attended, r.marks, r.waitlist
  from private.review_group_facts r
  where (review_groups.only_group is null or r.id = review_groups.only_group)
    and (review_groups.programme is null or r.programme_id = review_groups.programme)
    and (review_groups.funding_kind is null or r.funding::text = review_groups.funding_kind)
    and (review_groups.funder_name is null or r.funder = review_groups.funder_name)
    and (review_groups.facilitator is null or exists (select 1 from public.group_facilitators f
           where f.group_id = r.id and f.facilitator_id = review_groups.facilitator))
    and (review_groups.from_date is null or r.first_day >= review_groups.from_date)
    and (review_groups.to_date is null or r.first_day <= review_groups.to_date);
end
$$;
comment on function private.review_groups(date, date, text, text, uuid, text, uuid) is
  'Per-group review facts, filtered; lead only, not callable by clients (the rpcs read private.review_group_facts).';

/**
 * The clinical lead's dashboard, in one call: groups by status, places, families started and
 * completed, attendance, funded vs self-funded per quarter, waitlist and interest list, open
 * concerns by urgency and groups per facilitator, over every group that matches the filters;
 * and one page of those groups (50, newest first). A page past the last shows the last.
 */
create or replace function public.review_dashboard(
  from_date date default null, to_date date default null, programme_id text default null,
  funding text default null, facilitator_id uuid default null, page int default 1
) returns jsonb
language plpgsql stable security definer set search_path = '' set plan_cache_mode = force_custom_plan
as $$
#variable_conflict use_variable
declare
  page_size constant int := 50;
begin
  perform private.require_role('clinical_lead');
  return (
    -- the per-group facts once; each part below reads them
    with r as materialized (
      select r.id, r.name, r.phase, r.programme_name, r.funding, r.funder, r.quarter,
        r.first_start, r.capacity, r.filled, r.started, r.completed, r.committed, r.on_track,
        r.waitlist, r.attended, r.marks, r.sessions_held, r.sessions_planned
      from private.review_group_facts r
      where (programme_id is null or r.programme_id = programme_id)
        and (funding is null or r.funding::text = funding)
        and (facilitator_id is null or exists (select 1 from public.group_facilitators f
               where f.group_id = r.id and f.facilitator_id = facilitator_id))
        and (from_date is null or r.first_day >= from_date)
        and (to_date is null or r.first_day <= to_date)
    ),
    t as (
      select count(*) as groups,
        count(*) filter (where r.phase = 'draft') as draft,
        count(*) filter (where r.phase = 'open') as open,
        count(*) filter (where r.phase = 'running') as running,
        count(*) filter (where r.phase = 'completed') as completed,
        count(*) filter (where r.phase = 'cancelled') as cancelled,
        coalesce(sum(r.capacity) filter (where r.phase <> 'cancelled'), 0) as places_offered,
        coalesce(sum(r.filled) filter (where r.phase <> 'cancelled'), 0) as places_filled,
        coalesce(sum(r.started) filter (where r.phase <> 'cancelled'), 0) as families_started,
        coalesce(sum(r.completed) filter (where r.phase <> 'cancelled'), 0) as families_completed,
        coalesce(sum(r.committed) filter (where r.phase <> 'cancelled'), 0) as families_committed,
        coalesce(sum(r.on_track) filter (where r.phase <> 'cancelled'), 0) as families_on_track,
        coalesce(sum(r.attended) filter (where r.phase <> 'cancelled'), 0)::int as attended,
        coalesce(sum(r.marks) filter (where r.phase <> 'cancelled'), 0)::int as marks,
        coalesce(sum(r.waitlist) filter (where r.phase <> 'cancelled'), 0) as waitlist
      from r
    ),
    paged as (
      select greatest(ceil(t.groups / page_size::numeric)::int, 1) as pages from t
    ),
    shown as (
      select least(greatest(coalesce(page, 1), 1), paged.pages) as page, paged.pages from paged
    )
    select jsonb_build_object(
      'filters', jsonb_build_object('from_date', from_date, 'to_date', to_date,
        'programme_id', programme_id, 'funding', funding, 'facilitator_id', facilitator_id),
      'by_status', jsonb_build_object('draft', t.draft, 'open', t.open, 'running', t.running,
        'completed', t.completed, 'cancelled', t.cancelled),
      'totals', jsonb_build_object(
        'groups', t.groups, 'places_offered', t.places_offered, 'places_filled', t.places_filled,
        'families_started', t.families_started, 'families_completed', t.families_completed,
        'families_committed', t.families_committed, 'families_on_track', t.families_on_track,
        'attendance_rate', private.rate(t.attended, t.marks), 'waitlist', t.waitlist,
        'interest_list', (select count(*) from public.interest_list i where i.invited_at is null)),
      'quarters', (select coalesce(jsonb_agg(q order by q.quarter), '[]') from (
        select r.quarter,
          count(*) filter (where r.funding = 'funded') as funded_groups,
          coalesce(sum(r.started) filter (where r.funding = 'funded'), 0) as funded_families,
          count(*) filter (where r.funding = 'self_funded') as self_funded_groups,
          coalesce(sum(r.started) filter (where r.funding = 'self_funded'), 0) as self_funded_families
        from r where r.phase <> 'cancelled' group by r.quarter) q),
      'concerns', (select jsonb_build_object(
        'high', count(*) filter (where c.urgency = 'high'),
        'medium', count(*) filter (where c.urgency = 'medium'),
        'low', count(*) filter (where c.urgency = 'low'))
        from public.concerns c join r on r.id = c.group_id where c.reviewed_at is null),
      'facilitators', (select coalesce(jsonb_agg(jsonb_build_object('id', p.id, 'full_name', p.full_name,
          'groups', coalesce(n.groups, 0)) order by p.full_name), '[]')
        from public.profiles p
        left join (select f.facilitator_id, count(*) as groups
                   from public.group_facilitators f join r on r.id = f.group_id
                   where r.phase <> 'cancelled' group by f.facilitator_id) n on n.facilitator_id = p.id
        where p.role = 'facilitator'),
      'programmes', (select jsonb_agg(jsonb_build_object('id', p.id, 'name', p.name) order by p.name)
        from public.programmes p),
      'page', shown.page, 'pages', shown.pages, 'page_size', page_size,
      -- jsonb_agg of rows builds the same objects as of jsonb_build_object(...), at half the cost.
      'groups', (select coalesce(jsonb_agg(x order by x.first_start desc nulls last, x.id), '[]') from (
          select r.id, r.name, r.phase, r.programme_name as programme, r.funding, r.funder, r.quarter,
            r.first_start, r.capacity, r.filled, r.started, r.completed, r.committed, r.on_track,
            r.waitlist, private.rate(r.attended, r.marks) as attendance_rate,
            r.sessions_held, r.sessions_planned
          from r order by r.first_start desc nulls last, r.id
          limit page_size offset (shown.page - 1) * page_size) x)
    )
    from t, shown
  );
end
$$;

/**
 * One group for the lead: the register grid (parents × sessions), completion per parent,
 * notes, concerns with who raised them, and a fidelity checklist per session.
 */
create or replace function public.group_review(group_id uuid) returns jsonb
language plpgsql stable security definer set search_path = '' set plan_cache_mode = force_custom_plan
as $$
#variable_conflict use_variable
declare
  g record;
begin
  perform private.require_role('clinical_lead');
  select * into g from private.review_group_facts r where r.id = group_id;
  if g.id is null then
    raise exception 'No such group.' using errcode = 'P0002';
  end if;
  return jsonb_build_object(
    'group', jsonb_build_object('id', g.id, 'name', g.name, 'phase', g.phase, 'programme', g.programme_name,
      'funding', g.funding, 'funder', g.funder, 'fee_pence', g.fee_pence, 'capacity', g.capacity,
      'threshold', g.threshold, 'filled', g.filled, 'started', g.started, 'completed', g.completed,
      'committed', g.committed, 'on_track', g.on_track, 'attendance_rate', private.rate(g.attended, g.marks),
      'facilitators', (select coalesce(jsonb_agg(p.full_name order by p.full_name), '[]')
        from public.group_facilitators f join public.profiles p on p.id = f.facilitator_id where f.group_id = g.id)),
    'sessions', (select coalesce(jsonb_agg(jsonb_build_object(
        'id', s.id, 'number', s.number, 'starts_at', s.starts_at, 'status', s.status,
        'held', s.status = 'held', 'released', s.released_at is not null,
        'notes_written', exists (select 1 from public.session_notes n where n.session_id = s.id
          and (n.covered <> '' or n.how_it_went <> '' or n.reflection <> '')),
        'notes', (select to_jsonb(n) - 'session_id' - 'written_by' || jsonb_build_object('written_by',
            (select full_name from public.profiles w where w.id = n.written_by))
          from public.session_notes n where n.session_id = s.id))
        order by s.starts_at), '[]')
      from public.sessions s where s.group_id = g.id and s.status <> 'cancelled'),
    'parents', (select coalesce(jsonb_agg(jsonb_build_object(
        'enrolment_id', e.id, 'full_name', p.full_name, 'status', e.status,
        'withdrawn_on', e.withdrawn_on, 'withdrawal_reason', e.withdrawal_reason,
        'marks', m.marks, 'attended', m.attended, 'apologies', m.apologies)
        order by p.full_name), '[]')
      from public.enrolments e join public.profiles p on p.id = e.parent_id
      -- each parent's marks read once: all of them, and attended/apologies as the figures count
      -- (each mark's session looked up by key, null if cancelled, as in private.review_counts)
      cross join lateral (
        select coalesce(jsonb_object_agg(a.session_id, a.status), '{}') as marks,
          count(*) filter (where a.live_start <= now() and a.status in ('present', 'late')) as attended,
          count(*) filter (where a.live_start <= now() and a.status = 'apologies') as apologies
        from (
          select x.session_id, x.status, (select s.starts_at from public.sessions s
                                          where s.id = x.session_id and s.status <> 'cancelled') as live_start
          from public.attendance x where x.enrolment_id = e.id
        ) a
      ) m
      where e.group_id = g.id and e.status in ('enrolled', 'withdrawn') and e.enrolled_at is not null),
    'concerns', (select coalesce(jsonb_agg(jsonb_build_object(
        'id', c.id, 'kind', c.kind, 'urgency', c.urgency, 'description', c.description,
        'raised_at', c.raised_at, 'raised_by', (select full_name from public.profiles r where r.id = c.raised_by),
        'family', (select p.full_name from public.enrolments e join public.profiles p on p.id = e.parent_id
                   where e.id = c.enrolment_id),
        'session_number', (select number from public.sessions s where s.id = c.session_id),
        'reviewed_at', c.reviewed_at, 'review_note', c.review_note,
        'reviewed_by', (select full_name from public.profiles r where r.id = c.reviewed_by))
        order by c.reviewed_at nulls first, c.raised_at desc), '[]')
      from public.concerns c where c.group_id = g.id)
  );
end
$$;

/**
 * The donor's report for a date range and funder: funded groups delivered (not cancelled,
 * first session in range) with families started and completed, attendance rate and sessions
 * held; self-funded groups in their own section with fees. Lead only.
 */
create or replace function public.funder_report(from_date date, to_date date, funder text default null) returns jsonb
language plpgsql stable security definer set search_path = '' set plan_cache_mode = force_custom_plan
as $$
#variable_conflict use_variable
begin
  perform private.require_role('clinical_lead');
  if from_date is null or to_date is null or from_date > to_date then
    raise exception 'Choose a start date on or before the end date.' using errcode = 'P0001', hint = 'from_date';
  end if;
  return (
    with r as (
      select * from private.review_group_facts x
      where x.first_day >= from_date and x.first_day <= to_date and x.phase <> 'cancelled'
    ),
    section as (
      select r.funding, jsonb_build_object(
        'groups', count(*), 'families_started', coalesce(sum(r.started), 0),
        'families_completed', coalesce(sum(r.completed), 0),
        'attendance_rate', private.rate(coalesce(sum(r.attended), 0)::int, coalesce(sum(r.marks), 0)::int),
        'sessions_held', coalesce(sum(r.sessions_held), 0),
        'fees_pence', coalesce(sum(r.fee_pence::bigint * r.started), 0),
        'rows', coalesce(jsonb_agg(jsonb_build_object('id', r.id, 'name', r.name, 'funder', r.funder,
          'fee_pence', r.fee_pence, 'first_start', r.first_start, 'phase', r.phase,
          'families_started', r.started, 'families_completed', r.completed,
          'attendance_rate', private.rate(r.attended, r.marks), 'sessions_held', r.sessions_held)
          order by r.first_start), '[]')) as body
      from r
      where r.funding = 'self_funded' or funder is null or r.funder = funder
      group by r.funding
    )
    select jsonb_build_object(
      'from_date', from_date, 'to_date', to_date, 'funder', funder,
      'funders', (select coalesce(jsonb_agg(distinct g.funder), '[]') from public.groups g where g.funder is not null),
      'funded', coalesce((select body from section where section.funding = 'funded'),
        jsonb_build_object('groups', 0, 'families_started', 0, 'families_completed', 0,
          'attendance_rate', null, 'sessions_held', 0, 'fees_pence', 0, 'rows', '[]'::jsonb)),
      'self_funded', coalesce((select body from section where section.funding = 'self_funded'),
        jsonb_build_object('groups', 0, 'families_started', 0, 'families_completed', 0,
          'attendance_rate', null, 'sessions_held', 0, 'fees_pence', 0, 'rows', '[]'::jsonb))
    )
  );
end
$$;

-- Which private helpers signed-in clients may call: those that policies or security invoker
-- page functions call, each answering only about the caller or what the caller may see.

grant execute on function
  private.current_app_role(),
  private.is_clinical_lead(),
  private.is_facilitator(),
  private.require_role(variadic public.app_role[]),
  private.facilitates(uuid),
  private.belongs_to(uuid),
  private.facilitates_parent(uuid),
  private.attends(uuid),
  private.is_group_staff(uuid),
  private.require_group_staff(uuid),
  private.session_group(uuid),
  private.group_phase(uuid),
  private.facilitator_first_names(uuid),
  private.waitlist_position(uuid),
  private.absent_twice(uuid),
  private.parent_session(uuid),
  private.session_json(jsonb)
to authenticated;

-- Columns clients may write directly ---------------------------------------------------------
-- Column grants, so a forged value is refused (42501) rather than quietly kept. The stamps
-- (who, when) are also set by triggers for every writer.

-- Concerns: a client says what the concern is about; never who raised it or that it is reviewed.
revoke insert on public.concerns from anon, authenticated;
grant insert (group_id, enrolment_id, session_id, kind, urgency, description)
  on public.concerns to authenticated;

-- Invitations: who is invited as what, by whom (the policy checks it is the caller).
revoke insert on public.invitations from anon, authenticated;
grant insert (email, full_name, role, invited_by) on public.invitations to authenticated;

-- The register: the mark and its reason; the trigger stamps who marked it and when.
revoke insert, update on public.attendance from anon, authenticated;
grant insert (session_id, enrolment_id, status, reason) on public.attendance to authenticated;
grant update (session_id, enrolment_id, status, reason) on public.attendance to authenticated;

-- Session notes: the write-up; the trigger stamps who saved it and when.
revoke insert, update on public.session_notes from anon, authenticated;
grant insert (session_id, covered, how_it_went, reflection) on public.session_notes to authenticated;
grant update (covered, how_it_went, reflection) on public.session_notes to authenticated;

-- One permissive policy per table, role and action -------------------------------------------
-- Each replaces several whose conditions it joins with `or`: the same rows are allowed.

drop policy "People can read their own profile" on public.profiles;
drop policy "The clinical lead can read every profile" on public.profiles;
drop policy "Facilitators can read the parents in their groups" on public.profiles;
drop policy "Staff can read facilitators' profiles" on public.profiles;
create policy "People read their own profile; staff, those their work needs" on public.profiles
  for select to authenticated using (
    id = (select auth.uid())
    or (select private.is_clinical_lead())
    or (role = 'parent' and (select private.facilitates_parent(id)))
    or (role = 'facilitator'
        and (select private.current_app_role()) in ('facilitator', 'clinical_lead'))
  );

drop policy "The clinical lead can read every invitation" on public.invitations;
drop policy "Facilitators can read the invitations they sent" on public.invitations;
create policy "The lead reads every invitation; facilitators, those they sent" on public.invitations
  for select to authenticated using (
    (select private.is_clinical_lead()) or invited_by = (select auth.uid())
  );

drop policy "The clinical lead can invite facilitators and parents" on public.invitations;
drop policy "Facilitators can invite parents" on public.invitations;
create policy "Staff invite parents, and the lead also invites facilitators" on public.invitations
  for insert to authenticated with check (
    invited_by = (select auth.uid())
    and ((select private.is_clinical_lead())
         or ((select private.is_facilitator()) and role = 'parent'))
  );

drop policy "The clinical lead can read every group" on public.groups;
drop policy "Facilitators can read their groups" on public.groups;
drop policy "Parents can read the groups they belong to" on public.groups;
create policy "The lead, the group's staff and its families can read a group" on public.groups
  for select to authenticated using (
    (select private.is_clinical_lead())
    or (select private.facilitates(id))
    or (select private.belongs_to(id))
  );

drop policy "The clinical lead can read every group's facilitators" on public.group_facilitators;
drop policy "Facilitators can read who runs their groups" on public.group_facilitators;
drop policy "Parents can read who runs their group" on public.group_facilitators;
create policy "The lead, the group's staff and its families see who runs it"
  on public.group_facilitators
  for select to authenticated using (
    (select private.is_clinical_lead())
    or (select private.facilitates(group_id))
    or (select private.belongs_to(group_id))
  );

drop policy "The clinical lead can read every session" on public.sessions;
drop policy "Facilitators can read their groups' sessions" on public.sessions;
drop policy "Parents can read their group's sessions" on public.sessions;
create policy "The lead, the group's staff and its families read its sessions" on public.sessions
  for select to authenticated using (
    (select private.is_clinical_lead())
    or (select private.facilitates(group_id))
    or (select private.belongs_to(group_id))
  );

drop policy "The clinical lead can read every enrolment" on public.enrolments;
drop policy "Facilitators can read their groups' enrolments" on public.enrolments;
drop policy "Parents can read their own enrolments" on public.enrolments;
create policy "The lead, the group's staff and the parent read an enrolment" on public.enrolments
  for select to authenticated using (
    (select private.is_clinical_lead())
    or (select private.facilitates(group_id))
    or parent_id = (select auth.uid())
  );

drop policy "Group staff can read the register" on public.attendance;
drop policy "Parents can read their own attendance" on public.attendance;
create policy "The group's staff and the parent can read a register mark" on public.attendance
  for select to authenticated using (
    (select private.is_group_staff(private.session_group(session_id)))
    or exists (select 1 from public.enrolments e
               where e.id = enrolment_id and e.parent_id = (select auth.uid()))
  );
