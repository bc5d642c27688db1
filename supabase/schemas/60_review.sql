-- Review: every figure the clinical lead sees, defined once here and nowhere else.
--
-- Definitions (per enrolment, within a group):
--   started    the first session has begun and they had a place then: enrolled before it, and
--              still enrolled or withdrawn on or after its date.
--   marks      attendance marks on sessions that have started and were not cancelled (apologies
--              sent ahead for a session still to come do not count yet).
--   attended   marks of present or late.
--   completed  started and attended >= the programme's completion threshold (6 of 8).
--   committed  started and attended + apologies >= the threshold.
--   on track   started, still enrolled, and attended + sessions still to come >= the threshold.
-- Per group:
--   filled     before the start: places taken now (enrolled or offered); from the start: started.
--   placed     the dashboard's word for filled, by quarter: families holding a place in a group
--              whose first session is in that quarter, whether or not it has begun yet.
--   delivered  (funder report) a group whose first session has begun; groups still to start
--              are listed apart as planned.
--   attendance rate  attended / all marks (present, late, apologies, absent).
--   quarter    the London calendar quarter of the first session.
-- A group is in a date range when its first session's London date is in it.
--
-- How it stays fast (the dashboard answers in ~20 ms at 2,000 groups): the per-group counts
-- behind these figures are kept in private.review_tallies, recomputed for a group whenever its
-- sessions, enrolments or register change, so the figures read one row per group instead of
-- every register mark (at 2,000 groups, ~150,000 marks). Only what needs the clock is worked
-- out when read: whether the group has begun and how many sessions are still to come. The one
-- count that the clock can change between writes, marks on a session that starts later, is
-- handled by `stale_after`: once that session starts, the group's counts are worked out afresh
-- when read. The lead's rpcs read the figures through one view, private.review_group_facts,
-- which PostgreSQL plans as part of each rpc's statement (a function with a search_path would
-- not be inlined). They are security definer, so the tallies (which no client can read) stay
-- private and RLS lookups per row are skipped, and they check the role before anything else.
-- PL/pgSQL caches a generic plan after five calls, and for these statements (every filter an
-- "x is null or ..." parameter) the generic plan is far slower than one made for the actual
-- arguments, so the rpcs plan each call afresh (plan_cache_mode = force_custom_plan).

/**
 * Per-group counts behind the review figures (see private.review_counts), as of the last write
 * to the group's sessions, enrolments or register. Valid until `stale_after`, the start of the
 * next session that already has marks; null when there is none.
 */
create table private.review_tallies (
  group_id uuid primary key references public.groups (id) on delete cascade,
  first_start timestamptz,
  first_day date,
  quarter text,
  last_start timestamptz,
  last_end timestamptz,
  live_starts timestamptz[] not null,
  planned int not null,
  held int not null,
  taken_now int not null,
  waitlisted int not null,
  placed int not null,
  placed_attended int not null,
  placed_marks int not null,
  attended_at_least int[] not null,
  committed_at_least int[] not null,
  enrolled_at_least int[] not null,
  stale_after timestamptz
);
comment on table private.review_tallies is 'Per-group review counts; maintained by triggers, read through private.review_group_facts.';

/** Stale tallies (a session with marks has started since the last write) are found by index. */
create index review_tallies_stale_after_idx on private.review_tallies (stale_after)
  where stale_after is not null;
alter table private.review_tallies enable row level security;
revoke all on private.review_tallies from public, anon, authenticated;

/**
 * A group's review counts as of `as_of` (private.review_tallies' row): its live sessions, places,
 * waitlist, and for the families who had a place at the first session ("placed": enrolled before
 * it, still enrolled or withdrawn on or after its London date) their marks on live sessions that
 * had started by `as_of`. The *_at_least arrays hold, at [k + 1] for k = 0..20 (the most sessions a
 * programme has), how many placed families reach k, so a threshold is one subscript.
 */
create function private.review_counts(g uuid, as_of timestamptz) returns private.review_tallies
language sql stable security definer set search_path = ''
as $$
  with s as (
    select min(x.starts_at) as first_start, max(x.starts_at) as last_start, max(x.ends_at) as last_end,
      coalesce(array_agg(x.starts_at order by x.starts_at), '{}') as live_starts,
      count(*)::int as planned,
      count(*) filter (where x.status = 'held')::int as held
    from public.sessions x where x.group_id = g and x.status <> 'cancelled'
  ),
  e as (
    select en.status,
      coalesce(en.enrolled_at is not null and en.enrolled_at <= s.first_start
        and (en.status = 'enrolled' or (en.status = 'withdrawn'
             and en.withdrawn_on >= (s.first_start at time zone 'Europe/London')::date)), false) as placed,
      coalesce(a.attended, 0) as attended, coalesce(a.apologies, 0) as apologies,
      coalesce(a.marks, 0) as marks, a.next_start
    from public.enrolments en
    cross join s
    left join lateral (
      select count(*) filter (where m.live_start <= as_of and m.status in ('present', 'late'))::int as attended,
        count(*) filter (where m.live_start <= as_of and m.status = 'apologies')::int as apologies,
        count(*) filter (where m.live_start <= as_of)::int as marks,
        min(m.live_start) filter (where m.live_start > as_of) as next_start
      from (
        -- each mark with its session's start (null if cancelled), looked up by key: a plan that
        -- stays cheap even before PGlite's tables have statistics (it has no autovacuum)
        select mk.status, (select se.starts_at from public.sessions se
                           where se.id = mk.session_id and se.status <> 'cancelled') as live_start
        from public.attendance mk where mk.enrolment_id = en.id
      ) m
    ) a on true
    where en.group_id = g
  ),
  k as (
    select array_agg(x.attended order by x.k) as attended, array_agg(x.committed order by x.k) as committed,
      array_agg(x.enrolled order by x.k) as enrolled
    from (
      select n.k, count(*) filter (where e.placed and e.attended >= n.k)::int as attended,
        count(*) filter (where e.placed and e.attended + e.apologies >= n.k)::int as committed,
        count(*) filter (where e.placed and e.status = 'enrolled' and e.attended >= n.k)::int as enrolled
      from generate_series(0, 20) n (k) left join e on true
      group by n.k
    ) x
  )
  select g, s.first_start, (s.first_start at time zone 'Europe/London')::date,
    to_char(s.first_start at time zone 'Europe/London', 'YYYY-"Q"Q'),
    s.last_start, s.last_end, s.live_starts, s.planned, s.held,
    (select count(*) from e where e.status in ('enrolled', 'offered'))::int,
    (select count(*) from e where e.status = 'waitlisted')::int,
    (select count(*) from e where e.placed)::int,
    (select coalesce(sum(e.attended), 0) from e where e.placed)::int,
    (select coalesce(sum(e.marks), 0) from e where e.placed)::int,
    k.attended, k.committed, k.enrolled,
    (select min(e.next_start) from e)
  from s, k
$$;
comment on function private.review_counts(uuid, timestamptz) is
  'A group''s review counts as of a time (a review_tallies row), worked out from its sessions, enrolments and register.';

/** Recompute one group's tally (or drop it with the group). */
create function private.tally_review(g uuid) returns void
language sql security definer set search_path = ''
as $$
  delete from private.review_tallies t
  where t.group_id = g and not exists (select 1 from public.groups where id = g);
  insert into private.review_tallies
  select x.* from private.review_counts(g, now()) x
  where exists (select 1 from public.groups where id = g)
  on conflict (group_id) do update set
    first_start = excluded.first_start, first_day = excluded.first_day, quarter = excluded.quarter,
    last_start = excluded.last_start, last_end = excluded.last_end, live_starts = excluded.live_starts,
    planned = excluded.planned, held = excluded.held, taken_now = excluded.taken_now,
    waitlisted = excluded.waitlisted, placed = excluded.placed, placed_attended = excluded.placed_attended,
    placed_marks = excluded.placed_marks, attended_at_least = excluded.attended_at_least,
    committed_at_least = excluded.committed_at_least, enrolled_at_least = excluded.enrolled_at_least,
    stale_after = excluded.stale_after;
$$;
comment on function private.tally_review(uuid) is
  'Recomputes one group''s review tally (or drops it with the group).';

/** Retally the groups a write touches (a register mark counts for its enrolment's group). */
create function private.retally_review() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  g uuid;
begin
  if tg_table_name = 'groups' then
    perform private.tally_review(new.id);
  elsif tg_table_name = 'sessions' then
    if tg_op = 'UPDATE' and new.group_id = old.group_id and new.starts_at = old.starts_at
       and new.ends_at = old.ends_at and new.status = old.status then
      return null;
    end if;
    for g in
      select x from unnest(array[old.group_id, new.group_id]) x where x is not null
      union
      -- marks on this session, should any belong to another group's enrolments
      select e.group_id from public.attendance a join public.enrolments e on e.id = a.enrolment_id
      where a.session_id in (old.id, new.id)
    loop
      perform private.tally_review(g);
    end loop;
  elsif tg_table_name = 'enrolments' then
    if tg_op = 'UPDATE' and new.group_id = old.group_id and new.status = old.status
       and new.enrolled_at is not distinct from old.enrolled_at
       and new.withdrawn_on is not distinct from old.withdrawn_on then
      return null;
    end if;
    for g in select x from unnest(array[old.group_id, new.group_id]) x where x is not null
    loop
      perform private.tally_review(g);
    end loop;
  elsif tg_table_name = 'attendance' then
    if tg_op = 'UPDATE' and new.session_id = old.session_id and new.enrolment_id = old.enrolment_id
       and new.status = old.status then
      return null;
    end if;
    for g in
      select e.group_id from public.enrolments e where e.id in (old.enrolment_id, new.enrolment_id)
    loop
      perform private.tally_review(g);
    end loop;
  end if;
  return null;
end
$$;
comment on function private.retally_review() is
  'Trigger: recomputes the review tallies of the groups a write touches.';

create trigger groups_review_tally after insert on public.groups
  for each row execute function private.retally_review();
create trigger sessions_review_tally after insert or update or delete on public.sessions
  for each row execute function private.retally_review();
create trigger enrolments_review_tally after insert or update or delete on public.enrolments
  for each row execute function private.retally_review();
create trigger attendance_review_tally after insert or update or delete on public.attendance
  for each row execute function private.retally_review();

/** The rate as a percentage with one decimal, or null when nothing was marked. */
create function private.rate(part int, whole int) returns numeric
language sql immutable set search_path = ''
as $$
  select case when whole > 0 then round(100.0 * part / whole, 1) end
$$;
comment on function private.rate(int, int) is
  'A rate as a percentage with one decimal, or null when the whole is 0.';

/**
 * Each group's first session start and last session end (its live sessions, as the tallies'
 * triggers keep them), for the groups the caller may see: the lead every group, a facilitator
 * theirs. The groups list (public.groups_page, 30_groups.sql) reads its phases from here, one
 * hash join, instead of aggregating every group's sessions on every page view.
 */
create function private.visible_group_spans()
returns table (group_id uuid, first_start timestamptz, last_end timestamptz)
language sql stable security definer set search_path = ''
as $$
  select t.group_id, t.first_start, t.last_end from private.review_tallies t
  where (select private.is_clinical_lead()) or t.group_id in (select private.my_group_ids())
$$;
comment on function private.visible_group_spans() is
  'First session start and last session end of each group the caller may see (lead: all; facilitator: theirs), from the review tallies.';
grant execute on function private.visible_group_spans() to authenticated;

/**
 * Per-group facts for review, one row per group; no rows for anyone but the lead. The lead's
 * rpcs (security definer, role checked first) select from it with their filters, and
 * PostgreSQL plans it as part of their statement (a view has no search_path to stop it). Every
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
  'Per-group review figures (defined in supabase/schemas/60_review.sql), for the lead only; read by the lead''s rpcs.';
revoke all on private.review_group_facts from public, anon, authenticated;

/**
 * The per-group facts, filtered; one row per group (or just `only_group`). Returns nothing to
 * anyone but the lead, and no client may call it. The lead's rpcs read the view directly, since
 * a function with a search_path is not inlined; this stays for scripts and checks. PL/pgSQL,
 * planning each call for its arguments: as a SQL function it settled on a generic plan after
 * five calls, and for these "x is null or ..." filters that took ~2 s at 2,000 groups where a
 * plan for the arguments given takes tens of milliseconds.
 */
create function private.review_groups(
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

-- API: the lead's pages.

/**
 * The clinical lead's dashboard, in one call: groups by status, places, families started and
 * completed, attendance, funded vs self-funded families placed and started per quarter,
 * waitlist and interest list, open
 * concerns by urgency and groups per facilitator, over every group that matches the filters;
 * and one page of those groups (50, newest first). A page past the last shows the last.
 */
create function public.review_dashboard(
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
      select r.id, r.name, r.phase, r.programme_id, r.programme_name, r.funding, r.funder, r.quarter,
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
    -- every group's outcome tallies, worked out once and joined by hash: planned inside the
    -- join, its row estimate (a few) made PostgreSQL loop over it for each group (~5x slower)
    outcome_tallies as materialized (select * from private.outcome_tally_rows),
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
        'interest_list', (select count(*) from public.interest_list i
          where i.invited_at is null and i.removed_at is null)),
      'quarters', (select coalesce(jsonb_agg(q order by q.quarter), '[]') from (
        select r.quarter,
          count(*) filter (where r.funding = 'funded') as funded_groups,
          coalesce(sum(r.filled) filter (where r.funding = 'funded'), 0) as funded_placed,
          coalesce(sum(r.started) filter (where r.funding = 'funded'), 0) as funded_started,
          count(*) filter (where r.funding = 'self_funded') as self_funded_groups,
          coalesce(sum(r.filled) filter (where r.funding = 'self_funded'), 0) as self_funded_placed,
          coalesce(sum(r.started) filter (where r.funding = 'self_funded'), 0) as self_funded_started
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
      -- Outcomes by programme and quarter per instrument over the groups that have begun
      -- (98_outcome_results.sql defines the figures); and the end-of-group feedback likewise.
      'outcomes', jsonb_build_object(
        'measures', (select coalesce(jsonb_agg(x order by x.programme, x.quarter, x.name), '[]') from (
          select r.programme_name as programme, r.quarter, o.instrument_id, o.name, o.short_name,
            o.higher_is_better, o.reliable_change, count(*)::int as groups,
            private.outcome_figures(sum(r.started)::int, sum(o.with_before)::int, sum(o.paired)::int,
              sum(o.before_sum), sum(o.after_sum), sum(o.improved)::int, sum(o.reliable_improved)::int,
              sum(o.reliable_deteriorated)::int, o.reliable_change, false) as figures
          from r join outcome_tallies o on o.group_id = r.id
          where r.phase in ('running', 'completed')
          group by r.programme_name, r.quarter, o.instrument_id, o.name, o.short_name,
            o.higher_is_better, o.reliable_change) x),
        'feedback', (select coalesce(jsonb_agg(x order by x.programme, x.quarter), '[]') from (
          select r.programme_name as programme, r.quarter, count(*)::int as groups,
            private.feedback_figures(coalesce(sum(t.answered), 0)::int, coalesce(sum(t.helpful_n), 0)::int,
              coalesce(sum(t.helpful_sum), 0)::int, coalesce(sum(t.recommend_n), 0)::int,
              coalesce(sum(t.recommend_yes), 0)::int, false) as figures
          from r left join private.outcome_totals t on t.group_id = r.id
          where r.phase in ('running', 'completed')
          group by r.programme_name, r.quarter
          having coalesce(sum(t.answered), 0) > 0) x)),
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
comment on function public.review_dashboard(date, date, text, text, uuid, int) is
  'The clinical lead''s dashboard: figures (and outcomes) over every group matching the filters, and one page of 50 of those groups (lead).';

/**
 * One group for the lead: the register grid (parents × sessions), completion per parent,
 * notes, concerns with who raised them, and a fidelity checklist per session.
 */
create function public.group_review(group_id uuid) returns jsonb
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
          from public.session_notes n where n.session_id = s.id),
        'fidelity', private.session_fidelity(s.id))
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
      from public.concerns c where c.group_id = g.id),
    'consultations', (select count(*) from public.group_consultations c where c.group_id = g.id),
    -- The group's outcome figures per instrument (98_outcome_results.sql).
    'outcomes', private.group_outcome_summary(g.id)
  );
end
$$;
comment on function public.group_review(uuid) is
  'One group for the lead: register grid, completion per parent, notes, concerns, fidelity checklist and outcome figures.';

/**
 * The lead (or the deputy for concerns, in the organisation's settings) marks a concern
 * reviewed, with a note of what was done.
 */
create function public.review_concern(concern_id uuid, note text) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_role('clinical_lead', 'facilitator');
begin
  if not (private.is_clinical_lead() or private.is_concern_deputy()) then
    raise exception 'Only the clinical lead or their deputy can review a concern.' using errcode = '42501';
  end if;
  if nullif(btrim(note), '') is null then
    raise exception 'Say what was done or decided.' using errcode = 'P0001', hint = 'note';
  end if;
  if length(note) > 5000 then
    raise exception 'Keep the note under 5,000 characters.' using errcode = 'P0001', hint = 'note';
  end if;
  update public.concerns c set reviewed_at = now(), reviewed_by = who, review_note = btrim(note)
  where c.id = concern_id and c.reviewed_at is null;
  if not found then
    raise exception 'This concern does not exist or has already been reviewed.' using errcode = 'P0001';
  end if;
  return jsonb_build_object('id', concern_id);
end
$$;
comment on function public.review_concern(uuid, text) is
  'The lead or the deputy for concerns marks a concern reviewed, with a note of what was done or decided.';

/**
 * The donor's report for a date range and funder: funded groups delivered (not cancelled,
 * first session in range and begun) with families started and completed, attendance rate and
 * sessions held, and apart from them the groups planned (first session still to come) with
 * their places taken; self-funded groups in their own section with fees. Lead only.
 * Every total (each section's and each outcome measure's, the feedback and the quotes) is over
 * the whole period; the per-group rows (the groups delivered and their outcome and feedback
 * rows) are one page of 50 groups, funded first, then by first session, name and id, so every
 * group is on exactly one page (`page` past the last shows the last). `every_row` (the CSV)
 * returns every group's rows on one page instead.
 */
create function public.funder_report(from_date date, to_date date, funder text default null,
  page int default 1, every_row boolean default false) returns jsonb
language plpgsql stable security definer set search_path = '' set plan_cache_mode = force_custom_plan
as $$
#variable_conflict use_variable
declare
  size constant int := 50;
begin
  perform private.require_role('clinical_lead');
  if from_date is null or to_date is null or from_date > to_date then
    raise exception 'Choose a start date on or before the end date.' using errcode = 'P0001', hint = 'from_date';
  end if;
  return (
    with r as materialized (
      select x.id, x.name, x.funding, x.funder, x.fee_pence, x.first_start, x.phase, x.quarter,
        x.filled, x.capacity, x.started, x.completed, x.attended, x.marks, x.sessions_held
      from private.review_group_facts x
      where x.first_day >= from_date and x.first_day <= to_date and x.phase <> 'cancelled'
        and (x.funding = 'self_funded' or funder is null or x.funder = funder)
    ),
    -- the groups delivered in the report: every total below is over these
    reported as materialized (select * from r where r.phase in ('running', 'completed')),
    counted as (select count(*) as n from reported),
    win as (select w.page, w.skip from counted, private.page_window(page, counted.n, size) w),
    -- the page's groups: only these are built into rows
    shown as materialized (
      select * from reported r order by r.funding, r.first_start, r.name, r.id
      limit case when every_row then null else size end
      offset case when every_row then 0 else (select win.skip from win) end
    ),
    planned as materialized (
      select r.funding, coalesce(jsonb_agg(jsonb_build_object('id', r.id, 'name', r.name,
          'funder', r.funder, 'fee_pence', r.fee_pence, 'first_start', r.first_start,
          'phase', r.phase, 'places_taken', r.filled, 'capacity', r.capacity)
          order by r.first_start nulls last, r.name), '[]') as rows
      from r
      where r.phase in ('draft', 'open')
      group by r.funding
    ),
    section as materialized (
      select r.funding, jsonb_build_object(
        'groups', count(*), 'families_started', coalesce(sum(r.started), 0),
        'families_completed', coalesce(sum(r.completed), 0),
        'attendance_rate', private.rate(coalesce(sum(r.attended), 0)::int, coalesce(sum(r.marks), 0)::int),
        'sessions_held', coalesce(sum(r.sessions_held), 0),
        'fees_pence', coalesce(sum(r.fee_pence::bigint * r.started), 0)) as body
      from reported r
      group by r.funding
    ),
    section_rows as materialized (
      select r.funding, jsonb_agg(jsonb_build_object('id', r.id, 'name', r.name, 'funder', r.funder,
          'fee_pence', r.fee_pence, 'first_start', r.first_start, 'phase', r.phase,
          'families_started', r.started, 'families_completed', r.completed,
          'attendance_rate', private.rate(r.attended, r.marks), 'sessions_held', r.sessions_held)
          order by r.first_start, r.name, r.id) as rows
      from shown r
      group by r.funding
    ),
    -- Outcomes (98_outcome_results.sql): every cell suppressed below 5 families, in SQL. The
    -- tallies are worked out once and joined by hash (see review_dashboard); each part is
    -- worked out once for both sections (materialized: inlined, it ran once per section).
    outcome_tallies as materialized (select * from private.outcome_tally_rows),
    measure_totals as materialized (
      select r.funding, o.instrument_id, o.name, o.short_name, o.higher_is_better, o.reliable_change,
        private.outcome_figures(sum(r.started)::int, sum(o.with_before)::int, sum(o.paired)::int,
          sum(o.before_sum), sum(o.after_sum), sum(o.improved)::int, sum(o.reliable_improved)::int,
          sum(o.reliable_deteriorated)::int, o.reliable_change, true) as totals
      from reported r join outcome_tallies o on o.group_id = r.id
      group by r.funding, o.instrument_id, o.name, o.short_name, o.higher_is_better, o.reliable_change
    ),
    measure_rows as materialized (
      select r.funding, o.instrument_id,
        jsonb_agg(jsonb_build_object('id', r.id, 'name', r.name, 'quarter', r.quarter,
          'figures', private.outcome_figures(r.started, o.with_before, o.paired, o.before_sum,
            o.after_sum, o.improved, o.reliable_improved, o.reliable_deteriorated,
            o.reliable_change, true)) order by r.first_start, r.name, r.id) as rows
      from shown r join outcome_tallies o on o.group_id = r.id
      group by r.funding, o.instrument_id
    ),
    measures as (
      select t.funding, jsonb_agg(jsonb_build_object('instrument_id', t.instrument_id,
          'name', t.name, 'short_name', t.short_name, 'higher_is_better', t.higher_is_better,
          'reliable_change', t.reliable_change, 'totals', t.totals,
          'rows', coalesce(m.rows, '[]'::jsonb)) order by t.name) as body
      from measure_totals t
      left join measure_rows m on m.funding = t.funding and m.instrument_id = t.instrument_id
      group by t.funding
    ),
    feedback_totals as materialized (
      select r.funding, private.feedback_figures(coalesce(sum(t.answered), 0)::int,
          coalesce(sum(t.helpful_n), 0)::int, coalesce(sum(t.helpful_sum), 0)::int,
          coalesce(sum(t.recommend_n), 0)::int, coalesce(sum(t.recommend_yes), 0)::int, true) as totals
      from reported r left join private.outcome_totals t on t.group_id = r.id
      group by r.funding
    ),
    feedback_rows as materialized (
      select r.funding, jsonb_agg(jsonb_build_object('id', r.id, 'name', r.name, 'quarter', r.quarter,
          'figures', private.feedback_figures(coalesce(t.answered, 0), coalesce(t.helpful_n, 0),
            coalesce(t.helpful_sum, 0), coalesce(t.recommend_n, 0), coalesce(t.recommend_yes, 0), true))
          order by r.first_start, r.name, r.id) as rows
      from shown r left join private.outcome_totals t on t.group_id = r.id
      group by r.funding
    ),
    -- The lead's chosen quotes (over the whole period): the words only, never a name, with the
    -- group and quarter.
    quotes as materialized (
      select r.funding, jsonb_agg(jsonb_build_object('text', q.text, 'group', r.name,
          'quarter', r.quarter) order by r.first_start, r.name, q.text) as body
      from reported r
      join public.enrolments e on e.group_id = r.id
      join public.group_feedback f on f.enrolment_id = e.id and f.submitted_at is not null
      cross join lateral (
        select btrim(f.helped_most) as text where f.helped_most_quote and btrim(f.helped_most) <> ''
        union all
        select btrim(f.could_be_better) where f.could_be_better_quote and btrim(f.could_be_better) <> ''
      ) q
      group by r.funding
    ),
    kinds as (select k.funding from (values ('funded'::public.funding_kind),
      ('self_funded'::public.funding_kind)) k (funding)),
    outcomes as (
      select k.funding, jsonb_build_object(
        'measures', coalesce((select m.body from measures m where m.funding = k.funding), '[]'::jsonb),
        'feedback', jsonb_build_object(
          'totals', coalesce((select f.totals from feedback_totals f where f.funding = k.funding),
            private.feedback_figures(0, 0, 0, 0, 0, true)),
          'rows', coalesce((select f.rows from feedback_rows f where f.funding = k.funding), '[]'::jsonb)),
        'quotes', coalesce((select q.body from quotes q where q.funding = k.funding), '[]'::jsonb)) as body
      from kinds k
    ),
    sections as (
      select k.funding, coalesce((select s.body from section s where s.funding = k.funding),
          jsonb_build_object('groups', 0, 'families_started', 0, 'families_completed', 0,
            'attendance_rate', null, 'sessions_held', 0, 'fees_pence', 0))
        || jsonb_build_object(
          'rows', coalesce((select s.rows from section_rows s where s.funding = k.funding), '[]'::jsonb),
          'planned', coalesce((select p.rows from planned p where p.funding = k.funding), '[]'::jsonb))
        as body
      from kinds k
    )
    select jsonb_build_object(
      'outcomes', jsonb_build_object(
        'funded', (select o.body from outcomes o where o.funding = 'funded'),
        'self_funded', (select o.body from outcomes o where o.funding = 'self_funded')),
      'from_date', from_date, 'to_date', to_date, 'funder', funder,
      'funders', (select coalesce(jsonb_agg(distinct g.funder), '[]') from public.groups g where g.funder is not null),
      'funded', (select s.body from sections s where s.funding = 'funded'),
      'self_funded', (select s.body from sections s where s.funding = 'self_funded'),
      'paging', case when every_row then private.paging_json(1, greatest(counted.n, 1)::int, counted.n)
        else private.paging_json(win.page, size, counted.n) end
    )
    from counted, win
  );
end
$$;
comment on function public.funder_report(date, date, text, int, boolean) is
  'The funder report for a date range (and funder): funded groups delivered and planned, self-funded groups with fees, and outcomes suppressed below 5 families with the chosen quotes, totals over the period and one page of 50 groups'' rows (every row for the CSV) (lead).';
