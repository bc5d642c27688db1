-- Review: every figure the clinical lead sees, defined once here and nowhere else.
--
-- Definitions (per enrolment, within a group):
--   started    the first session has begun and they had a place then: enrolled before it, and
--              still enrolled or withdrawn on or after its date.
--   attended   marks of present or late, on sessions that were not cancelled.
--   completed  started and attended >= the programme's completion threshold (6 of 8).
--   committed  started and attended + apologies >= the threshold.
--   on track   started, still enrolled, and attended + sessions still to come >= the threshold.
-- Per group:
--   filled     before the start: places taken now (enrolled or offered); from the start: started.
--   attendance rate  attended / all marks (present, late, apologies, absent).
--   quarter    the London calendar quarter of the first session.
-- A group is in a date range when its first session's London date is in it.

create index if not exists attendance_session_idx on public.attendance (session_id);
create index if not exists sessions_group_status_idx on public.sessions (group_id, status);

/** Per-group facts for review, filtered; one row per group. Returns nothing to anyone but the lead. */
create function private.review_groups(
  from_date date, to_date date, programme text, funding_kind text, facilitator uuid, funder_name text
) returns table (
  id uuid, name text, programme_id text, programme_name text, funding public.funding_kind,
  funder text, fee_pence int, capacity int, status public.group_status, threshold int,
  first_start timestamptz, last_end timestamptz, phase text, quarter text,
  sessions_planned int, sessions_held int, sessions_past int,
  filled int, started int, completed int, committed int, on_track int,
  attended int, marks int, waitlist int
)
language sql stable security definer set search_path = ''
as $$
  with g as (
    select gr.*, p.name as programme_name, p.completion_threshold as threshold,
      s.first_start, s.last_end, s.planned, s.held, s.past
    from public.groups gr
    join public.programmes p on p.id = gr.programme_id
    cross join lateral (
      select min(x.starts_at) as first_start, max(x.ends_at) as last_end,
        count(*)::int as planned,
        count(*) filter (where x.status = 'held')::int as held,
        count(*) filter (where x.starts_at <= now())::int as past
      from public.sessions x where x.group_id = gr.id and x.status <> 'cancelled'
    ) s
    where private.is_clinical_lead()
      and (programme is null or gr.programme_id = programme)
      and (funding_kind is null or gr.funding::text = funding_kind)
      and (funder_name is null or gr.funder = funder_name)
      and (facilitator is null or exists (select 1 from public.group_facilitators f
             where f.group_id = gr.id and f.facilitator_id = facilitator))
      and (from_date is null or (s.first_start at time zone 'Europe/London')::date >= from_date)
      and (to_date is null or (s.first_start at time zone 'Europe/London')::date <= to_date)
  ),
  e as (
    select en.group_id, en.status,
      (g.first_start <= now() and en.enrolled_at is not null and en.enrolled_at <= g.first_start
        and (en.status = 'enrolled' or (en.status = 'withdrawn'
             and en.withdrawn_on >= (g.first_start at time zone 'Europe/London')::date))) as started,
      coalesce(a.attended, 0) as attended, coalesce(a.apologies, 0) as apologies,
      coalesce(a.marks, 0) as marks, g.threshold, g.planned - g.past as to_come
    from public.enrolments en
    join g on g.id = en.group_id
    left join lateral (
      select count(*) filter (where at.status in ('present', 'late'))::int as attended,
        count(*) filter (where at.status = 'apologies')::int as apologies,
        count(*)::int as marks
      from public.attendance at join public.sessions se on se.id = at.session_id
      where at.enrolment_id = en.id and se.status <> 'cancelled'
    ) a on true
  ),
  agg as (
    select e.group_id,
      count(*) filter (where e.status in ('enrolled', 'offered'))::int as taken_now,
      count(*) filter (where e.started)::int as started,
      count(*) filter (where e.started and e.attended >= e.threshold)::int as completed,
      count(*) filter (where e.started and e.attended + e.apologies >= e.threshold)::int as committed,
      count(*) filter (where e.started and e.status = 'enrolled' and e.attended + e.to_come >= e.threshold)::int as on_track,
      coalesce(sum(e.attended) filter (where e.started), 0)::int as attended,
      coalesce(sum(e.marks) filter (where e.started), 0)::int as marks,
      count(*) filter (where e.status = 'waitlisted')::int as waitlist
    from e group by e.group_id
  )
  select g.id, g.name, g.programme_id, g.programme_name, g.funding, g.funder, g.fee_pence,
    g.capacity, g.status, g.threshold, g.first_start, g.last_end,
    case
      when g.status = 'cancelled' then 'cancelled'
      when g.status = 'draft' then 'draft'
      when now() < g.first_start then 'open'
      when now() < g.last_end then 'running'
      else 'completed'
    end,
    to_char(g.first_start at time zone 'Europe/London', 'YYYY-"Q"Q'),
    g.planned, g.held, g.past,
    case when now() < g.first_start then coalesce(agg.taken_now, 0) else coalesce(agg.started, 0) end,
    coalesce(agg.started, 0), coalesce(agg.completed, 0), coalesce(agg.committed, 0),
    coalesce(agg.on_track, 0), coalesce(agg.attended, 0), coalesce(agg.marks, 0),
    case when g.status = 'open' and now() < g.first_start then coalesce(agg.waitlist, 0) else 0 end
  from g left join agg on agg.group_id = g.id
$$;
revoke execute on function private.review_groups(date, date, text, text, uuid, text) from public;
grant execute on function private.review_groups(date, date, text, text, uuid, text) to authenticated;

/** The rate as a percentage with one decimal, or null when nothing was marked. */
create function private.rate(part int, whole int) returns numeric
language sql immutable
as $$
  select case when whole > 0 then round(100.0 * part / whole, 1) end
$$;
grant execute on function private.rate(int, int) to authenticated;

/**
 * The clinical lead's dashboard, in one call: groups by status, places, families started and
 * completed, attendance, funded vs self-funded per quarter, waitlist and interest list,
 * open concerns by urgency, groups per facilitator, and a row per group.
 */
create function public.review_dashboard(
  from_date date default null, to_date date default null, programme_id text default null,
  funding text default null, facilitator_id uuid default null
) returns jsonb
language plpgsql stable
as $$
#variable_conflict use_variable
begin
  perform private.require_role('clinical_lead');
  return (
    with r as (
      select * from private.review_groups(from_date, to_date, programme_id, funding, facilitator_id, null)
    ),
    live as (select * from r where r.phase <> 'cancelled')
    select jsonb_build_object(
      'filters', jsonb_build_object('from_date', from_date, 'to_date', to_date,
        'programme_id', programme_id, 'funding', funding, 'facilitator_id', facilitator_id),
      'by_status', (select jsonb_object_agg(s, (select count(*) from r where r.phase = s))
        from unnest(array['draft', 'open', 'running', 'completed', 'cancelled']) s),
      'totals', (select jsonb_build_object(
        'groups', (select count(*) from r),
        'places_offered', coalesce(sum(capacity), 0),
        'places_filled', coalesce(sum(filled), 0),
        'families_started', coalesce(sum(started), 0),
        'families_completed', coalesce(sum(completed), 0),
        'families_committed', coalesce(sum(committed), 0),
        'families_on_track', coalesce(sum(on_track), 0),
        'attendance_rate', private.rate(coalesce(sum(attended), 0)::int, coalesce(sum(marks), 0)::int),
        'waitlist', coalesce(sum(waitlist), 0),
        'interest_list', (select count(*) from public.interest_list i where i.invited_at is null)
      ) from live),
      'quarters', (select coalesce(jsonb_agg(q order by q ->> 'quarter'), '[]') from (
        select jsonb_build_object('quarter', live.quarter,
          'funded_groups', count(*) filter (where live.funding = 'funded'),
          'funded_families', coalesce(sum(live.started) filter (where live.funding = 'funded'), 0),
          'self_funded_groups', count(*) filter (where live.funding = 'self_funded'),
          'self_funded_families', coalesce(sum(live.started) filter (where live.funding = 'self_funded'), 0)) as q
        from live group by live.quarter) qs),
      'concerns', (select jsonb_build_object(
        'high', count(*) filter (where c.urgency = 'high'),
        'medium', count(*) filter (where c.urgency = 'medium'),
        'low', count(*) filter (where c.urgency = 'low'))
        from public.concerns c join r on r.id = c.group_id where c.reviewed_at is null),
      'facilitators', (select coalesce(jsonb_agg(jsonb_build_object('id', p.id, 'full_name', p.full_name,
          'groups', (select count(*) from public.group_facilitators f join live on live.id = f.group_id
                     where f.facilitator_id = p.id)) order by p.full_name), '[]')
        from public.profiles p where p.role = 'facilitator'),
      'programmes', (select jsonb_agg(jsonb_build_object('id', p.id, 'name', p.name) order by p.name)
        from public.programmes p),
      'groups', (select coalesce(jsonb_agg(jsonb_build_object(
          'id', r.id, 'name', r.name, 'phase', r.phase, 'programme', r.programme_name,
          'funding', r.funding, 'funder', r.funder, 'quarter', r.quarter, 'first_start', r.first_start,
          'capacity', r.capacity, 'filled', r.filled, 'started', r.started, 'completed', r.completed,
          'committed', r.committed, 'on_track', r.on_track, 'waitlist', r.waitlist,
          'attendance_rate', private.rate(r.attended, r.marks),
          'sessions_held', r.sessions_held, 'sessions_planned', r.sessions_planned)
          order by r.first_start desc nulls last), '[]') from r)
    )
  );
end
$$;

/**
 * One group for the lead: the register grid (parents × sessions), completion per parent,
 * notes, concerns with who raised them, and a fidelity checklist per session.
 */
create function public.group_review(group_id uuid) returns jsonb
language plpgsql stable
as $$
#variable_conflict use_variable
declare
  g record;
begin
  perform private.require_role('clinical_lead');
  select * into g from private.review_groups(null, null, null, null, null, null) r where r.id = group_id;
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
        'marks', (select coalesce(jsonb_object_agg(a.session_id, a.status), '{}')
          from public.attendance a where a.enrolment_id = e.id),
        'attended', (select count(*) from public.attendance a join public.sessions s on s.id = a.session_id
          where a.enrolment_id = e.id and s.status <> 'cancelled' and a.status in ('present', 'late')),
        'apologies', (select count(*) from public.attendance a join public.sessions s on s.id = a.session_id
          where a.enrolment_id = e.id and s.status <> 'cancelled' and a.status = 'apologies'))
        order by p.full_name), '[]')
      from public.enrolments e join public.profiles p on p.id = e.parent_id
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

/** The lead marks a concern reviewed, with a note of what was done. */
create function public.review_concern(concern_id uuid, note text) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_role('clinical_lead');
begin
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

/**
 * The donor's report for a date range and funder: funded groups delivered (not cancelled,
 * first session in range) with families started and completed, attendance rate and sessions
 * held; self-funded groups in their own section with fees. Lead only.
 */
create function public.funder_report(from_date date, to_date date, funder text default null) returns jsonb
language plpgsql stable
as $$
#variable_conflict use_variable
begin
  perform private.require_role('clinical_lead');
  if from_date is null or to_date is null or from_date > to_date then
    raise exception 'Choose a start date on or before the end date.' using errcode = 'P0001', hint = 'from_date';
  end if;
  return (
    with r as (
      select * from private.review_groups(from_date, to_date, null, null, null, null) x
      where x.phase <> 'cancelled'
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
