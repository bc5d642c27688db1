-- Review at national scale: the lead's dashboard answers in ~20 ms at 2,000 groups.
--
-- The figures are unchanged (they are still defined once, in private.review_counts and
-- private.review_groups); what changes is how they are read. Measured in PGlite at 2,000
-- groups, three costs dominated after the tallies (see 20261122000600_review.sql):
--
-- 1. private.review_groups was `security definer set search_path = ''`. A set-returning SQL
--    function with a SET clause is run one row per call, and every call saves and restores the
--    setting: ~5 µs a row, 10 ms of the 14 ms the figures took. It is now a plain SQL function,
--    which PostgreSQL inlines into the statement that calls it. Only the lead's rpcs call it;
--    they are security definer (so the tallies, which no client can read, stay private) and
--    check the role before anything else, and execute on it is revoked from clients.
-- 2. Reading through RLS: the concerns policy runs a lookup per row. The lead can read every
--    row anyway, so the rpcs now read as their owner after `require_role('clinical_lead')`.
-- 3. The dashboard listed every group (2,000 rows of JSON). It now lists one page of 50,
--    newest first; the figures still cover every group that matches the filters.
--
-- Also: PL/pgSQL caches a generic plan after five calls, and for these statements (every
-- filter an "x is null or ..." parameter) the generic plan cost 36 ms where a plan made for
-- the actual arguments costs 25 ms including planning, so the rpcs plan each call afresh.

/** Stale tallies (a session with marks has started since the last write) are found by index. */
create index review_tallies_stale_after_idx on private.review_tallies (stale_after)
  where stale_after is not null;

/**
 * Per-group facts for review, filtered; one row per group (or just `only_group`). Returns
 * nothing to anyone but the lead. A plain SQL function so that it is inlined into the lead's
 * rpcs; clients cannot call it. Every group has a tally (a trigger adds it with the group): the
 * stored counts are read as they are, and the few that a started session has made stale are
 * worked out now.
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
language sql stable
as $$
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
      g.first_start, g.quarter, g.last_start, g.last_end, g.planned, g.held, g.taken_now,
      g.waitlisted, g.placed, g.placed_attended, g.placed_marks, g.attended_at_least,
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
      and (only_group is null or gr.id = only_group)
      and (programme is null or gr.programme_id = programme)
      and (funding_kind is null or gr.funding::text = funding_kind)
      and (funder_name is null or gr.funder = funder_name)
      and (facilitator is null or exists (select 1 from public.group_facilitators f
             where f.group_id = gr.id and f.facilitator_id = facilitator))
      and (from_date is null or g.first_day >= from_date)
      and (to_date is null or g.first_day <= to_date)
  )
  select c.id, c.name, c.programme_id, c.programme_name, c.funding, c.funder, c.fee_pence,
    c.capacity, c.status, c.threshold, c.first_start, c.last_end,
    case
      when c.status = 'cancelled' then 'cancelled'
      when c.status = 'draft' then 'draft'
      when now() < c.first_start then 'open'
      when now() < c.last_end then 'running'
      else 'completed'
    end,
    c.quarter,
    c.planned, c.held, c.past,
    case when now() < c.first_start then coalesce(c.taken_now, 0)
         when c.begun then c.placed else 0 end,
    case when c.begun then c.placed else 0 end,
    case when c.begun then c.attended_at_least[least(c.threshold, 20) + 1] else 0 end,
    case when c.begun then c.committed_at_least[least(c.threshold, 20) + 1] else 0 end,
    case when c.begun
      then c.enrolled_at_least[least(greatest(c.threshold - (c.planned - c.past), 0), 20) + 1] else 0 end,
    case when c.begun then c.placed_attended else 0 end,
    case when c.begun then c.placed_marks else 0 end,
    case when c.status = 'open' and now() < c.first_start then coalesce(c.waitlisted, 0) else 0 end
  from c
$$;
revoke execute on function private.review_groups(date, date, text, text, uuid, text, uuid)
  from public, anon, authenticated;

drop function public.review_dashboard(date, date, text, text, uuid);

/**
 * The clinical lead's dashboard, in one call: groups by status, places, families started and
 * completed, attendance, funded vs self-funded per quarter, waitlist and interest list, open
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
      select r.id, r.name, r.phase, r.programme_name, r.funding, r.funder, r.quarter,
        r.first_start, r.capacity, r.filled, r.started, r.completed, r.committed, r.on_track,
        r.waitlist, r.attended, r.marks, r.sessions_held, r.sessions_planned
      from private.review_groups(from_date, to_date, programme_id, funding, facilitator_id, null) r
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
revoke execute on function public.review_dashboard(date, date, text, text, uuid, int) from public, anon;
grant execute on function public.review_dashboard(date, date, text, text, uuid, int) to authenticated;

-- The drill-down and the funder report read the same facts, so they too run as their owner
-- once the role is checked (their first statement), with plans made for the arguments given.
alter function public.group_review(uuid)
  security definer set search_path = '' set plan_cache_mode = force_custom_plan;
alter function public.funder_report(date, date, text)
  security definer set search_path = '' set plan_cache_mode = force_custom_plan;
