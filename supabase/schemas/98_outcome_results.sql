-- Outcome results: what changed for the families, for the group's staff, the lead's dashboard
-- and the funder report. Every figure is defined here, once, and read from here.
--
-- Definitions (per family, i.e. enrolment, and instrument):
--   before, after, follow_up   the score of the family's SUBMITTED response at that time point
--                              (null when there is none or it could not be scored).
--   paired          both before and after.  change = after - before.
--   improved        change in the better direction (> 0 when higher_is_better, < 0 otherwise).
--   reliable improvement     change in the better direction of at least the instrument's
--                            reliable_change (undefined, null, when it has none); reliable
--                            deterioration likewise in the worse direction.
--   clinical before/after    the score at the cut-off or on its worse side (null without one),
--                            as private.score_values says.
-- Per set of families (a group, or groups by programme and quarter, or a funder's groups):
--   families started   private.review_tallies.placed of the groups that have begun (the
--                      review's "started", 60_review.sql); a group still to start counts 0.
--   families with before, families paired: counts of the families above.
--   mean before, mean after, mean change: over the PAIRED families, two decimals.
--   % improved, % reliable improvement (null without a reliable_change), % reliable
--   deterioration: of the paired families, one decimal.  completeness = paired / started (%).
--   Feedback: answered (submitted), mean helpfulness (1-5, of those who rated it, two decimals),
--   % would recommend (answered "yes", of those who answered the question).
-- Suppression (the funder report's page and CSV only; the staff's own pages show real numbers):
--   a cell computed from 1-4 families is the words 'fewer than 5'; from 0 it is 0 (means and
--   percentages null, shown blank); from 5 or more the figure. Families started uses its own n,
--   families with before its own n, every paired figure (families paired, means, change, %s,
--   completeness) the paired n, and the feedback figures the number who answered. The figures
--   leave the database already suppressed (private.outcome_cell).
--
-- Cost: the dashboard reads every group the filters keep. Per-group figures are worked out from
-- the group's enrolments (enrolments_group_status_idx) and their submitted responses (the
-- unique (enrolment_id, instrument_id, at) index), so each group costs a few index lookups;
-- the started counts come from private.review_group_facts as 60 reads them.

/** Per family and instrument: the submitted scores at each time point and what they show. */
create view private.outcome_family_rows as
  with s as (
    select e.group_id, r.enrolment_id, r.instrument_id,
      max(r.score) filter (where r.at = 'before') as before,
      max(r.score) filter (where r.at = 'after') as after,
      max(r.score) filter (where r.at = 'follow_up') as follow_up
    from public.outcome_responses r
    join public.enrolments e on e.id = r.enrolment_id
    where r.submitted_at is not null
    group by e.group_id, r.enrolment_id, r.instrument_id
  )
  select s.group_id, s.enrolment_id, s.instrument_id, s.before, s.after, s.follow_up,
    s.after - s.before as change,
    case when s.before is null or s.after is null then null
         when i.higher_is_better then s.after > s.before
         else s.after < s.before end as improved,
    case when s.before is null or s.after is null or i.reliable_change is null then null
         else (case when i.higher_is_better then s.after - s.before else s.before - s.after end)
              >= i.reliable_change end as reliable_improvement,
    case when s.before is null or s.after is null or i.reliable_change is null then null
         else (case when i.higher_is_better then s.before - s.after else s.after - s.before end)
              >= i.reliable_change end as reliable_deterioration,
    case when i.cutoff is null or s.before is null then null
         when i.higher_is_better then s.before <= i.cutoff else s.before >= i.cutoff end as clinical_before,
    case when i.cutoff is null or s.after is null then null
         when i.higher_is_better then s.after <= i.cutoff else s.after >= i.cutoff end as clinical_after
  from s
  join public.outcome_instruments i on i.id = s.instrument_id;
comment on view private.outcome_family_rows is
  'Per family and instrument: submitted before/after/follow-up scores, change, improved, reliable change, clinical range (98_outcome_results.sql). Read by definer functions only.';
revoke all on private.outcome_family_rows from public, anon, authenticated;

/**
 * Per group and instrument (each instrument its programme uses, and any its families have
 * answered): the counts and sums the figures are made from, over the families of the group.
 */
create view private.outcome_group_tallies as
  -- Set-based, not a lateral per group: the dashboard and the funder report read every group,
  -- and one aggregate over all the responses costs far less than 2,000 small ones; a single
  -- group's page filters on group_id, which PostgreSQL pushes down into both parts.
  with t as (
    select f.group_id, f.instrument_id,
      count(f.before)::int as with_before,
      count(*) filter (where f.before is not null and f.after is not null)::int as paired,
      coalesce(sum(f.before) filter (where f.after is not null), 0) as before_sum,
      coalesce(sum(f.after) filter (where f.before is not null), 0) as after_sum,
      count(*) filter (where f.improved)::int as improved,
      count(*) filter (where f.reliable_improvement)::int as reliable_improved,
      count(*) filter (where f.reliable_deterioration)::int as reliable_deteriorated
    from private.outcome_family_rows f
    group by f.group_id, f.instrument_id
  ),
  x as (
    select t.group_id, t.instrument_id, t.with_before, t.paired, t.before_sum, t.after_sum,
      t.improved, t.reliable_improved, t.reliable_deteriorated
    from t
    union all
    -- each instrument the group's programme uses (at any time point: once) that nobody in it
    -- has answered yet
    select distinct g.id, m.instrument_id, 0, 0, 0, 0, 0, 0, 0
    from public.groups g join public.programme_measures m on m.programme_id = g.programme_id
    where not exists (select 1 from private.outcome_family_rows f
                      where f.group_id = g.id and f.instrument_id = m.instrument_id)
  )
  select x.group_id, i.id as instrument_id, i.name, i.short_name, i.higher_is_better,
    i.reliable_change, i.cutoff, x.with_before, x.paired, x.before_sum, x.after_sum, x.improved,
    x.reliable_improved, x.reliable_deteriorated
  from x join public.outcome_instruments i on i.id = x.instrument_id;
comment on view private.outcome_group_tallies is
  'Per group and instrument: families with before, paired, sums of paired scores, improved and reliable-change counts. Read by definer functions only.';
revoke all on private.outcome_group_tallies from public, anon, authenticated;

/** Per group: the end-of-group feedback counts the feedback figures are made from. */
create view private.outcome_feedback_tallies as
  select e.group_id,
    count(*)::int as answered,
    count(f.helpful)::int as helpful_n,
    coalesce(sum(f.helpful), 0)::int as helpful_sum,
    count(f.recommend)::int as recommend_n,
    count(*) filter (where f.recommend = 'yes')::int as recommend_yes
  from public.group_feedback f
  join public.enrolments e on e.id = f.enrolment_id
  where f.submitted_at is not null
  group by e.group_id;
comment on view private.outcome_feedback_tallies is
  'Per group: submitted end-of-group feedback, helpfulness ratings and would-recommend answers. Read by definer functions only.';
revoke all on private.outcome_feedback_tallies from public, anon, authenticated;

/** Per group: the families paired (before and after) on at least one instrument. */
create view private.outcome_paired_families as
  select f.group_id, count(distinct f.enrolment_id)::int as families_paired
  from private.outcome_family_rows f
  where f.before is not null and f.after is not null
  group by f.group_id;
comment on view private.outcome_paired_families is
  'Per group: the families with a scored, submitted response before and after on one instrument (the pathway''s measures criterion). Read by definer functions only.';
revoke all on private.outcome_paired_families from public, anon, authenticated;

-- The tallies kept. The three views above are the definitions; at national scale aggregating
-- every response on each read of the dashboard or funder report cost ~75 ms, so their rows are
-- kept in two tables, recomputed for a group whenever something they are made from changes:
--   outcome_responses  (a submitted score, its time point, instrument or family; a response's
--                      score follows its answers by the rescoring trigger, so answers are
--                      covered through it, and goals feed no count)
--   group_feedback     (submitted, helpfulness, would recommend)
--   enrolments         (a family moved to another group, or removed with its responses)
--   groups             (added, or its programme changed: the measures it schedules)
--   programme_measures (a programme's schedule: the instruments its groups show at 0)
--   outcome_instruments (higher_is_better or reliable_change: improved and reliable counts)
-- None of it depends on the clock. tests/db/outcome-tallies checks the tables against the views.
-- (The tables are defined in 62_outcome_measures.sql, before the pathway's measures criterion
-- that reads them.)

/** The kept tallies with their instruments: what the readers use (the rows of outcome_group_tallies). */
create view private.outcome_tally_rows as
  select o.group_id, i.id as instrument_id, i.name, i.short_name, i.higher_is_better,
    i.reliable_change, i.cutoff, o.with_before, o.paired, o.before_sum, o.after_sum, o.improved,
    o.reliable_improved, o.reliable_deteriorated
  from private.outcome_tallies o join public.outcome_instruments i on i.id = o.instrument_id;
comment on view private.outcome_tally_rows is
  'The kept per-group outcome tallies with each instrument''s name and rules: the same rows as private.outcome_group_tallies. Read by definer functions only.';
revoke all on private.outcome_tally_rows from public, anon, authenticated;

/** Recompute the outcome tallies of these groups from the views (a group that is gone: none). */
create function private.tally_outcomes(gs uuid[]) returns void
language sql security definer set search_path = ''
as $$
  delete from private.outcome_tallies t where t.group_id = any(gs);
  insert into private.outcome_tallies (group_id, instrument_id, with_before, paired, before_sum,
    after_sum, improved, reliable_improved, reliable_deteriorated)
  select o.group_id, o.instrument_id, o.with_before, o.paired, o.before_sum, o.after_sum,
    o.improved, o.reliable_improved, o.reliable_deteriorated
  from private.outcome_group_tallies o
  where o.group_id = any(gs) and exists (select 1 from public.groups g where g.id = o.group_id);
  insert into private.outcome_totals (group_id, families_paired, answered, helpful_n, helpful_sum,
    recommend_n, recommend_yes)
  select g.id, coalesce(p.families_paired, 0), coalesce(f.answered, 0), coalesce(f.helpful_n, 0),
    coalesce(f.helpful_sum, 0), coalesce(f.recommend_n, 0), coalesce(f.recommend_yes, 0)
  from public.groups g
  left join (select * from private.outcome_paired_families x where x.group_id = any(gs)) p
    on p.group_id = g.id
  left join (select * from private.outcome_feedback_tallies x where x.group_id = any(gs)) f
    on f.group_id = g.id
  where g.id = any(gs)
  on conflict (group_id) do update set families_paired = excluded.families_paired,
    answered = excluded.answered, helpful_n = excluded.helpful_n,
    helpful_sum = excluded.helpful_sum, recommend_n = excluded.recommend_n,
    recommend_yes = excluded.recommend_yes;
$$;
comment on function private.tally_outcomes(uuid[]) is
  'Recomputes the outcome tallies and totals of the given groups from their definitions (the views).';

/**
 * Recompute every group's outcome tallies: for data loaded with the triggers off (the demo seed's
 * end, scripts/bench/generate.js) and the migration's backfill. Not callable by clients.
 */
create function private.retally_outcomes() returns void
language sql security definer set search_path = ''
as $$
  delete from private.outcome_tallies;
  delete from private.outcome_totals;
  select private.tally_outcomes(array(select g.id from public.groups g));
$$;
comment on function private.retally_outcomes() is
  'Recomputes every group''s outcome tallies and totals (after a bulk load with triggers off).';

/** Trigger: retally the groups a write to the outcome sources touches (see above). */
create function private.retally_outcome_rows() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  gs uuid[];
begin
  if tg_table_name = 'outcome_responses' then
    if tg_op = 'UPDATE' and new.enrolment_id = old.enrolment_id
       and new.instrument_id = old.instrument_id and new.at = old.at
       and new.submitted_at is not distinct from old.submitted_at
       and new.score is not distinct from old.score then
      return null;
    end if;
    gs := array(select e.group_id from public.enrolments e
                where e.id in (old.enrolment_id, new.enrolment_id));
  elsif tg_table_name = 'group_feedback' then
    if tg_op = 'UPDATE' and new.enrolment_id = old.enrolment_id
       and new.submitted_at is not distinct from old.submitted_at
       and new.helpful is not distinct from old.helpful
       and new.recommend is not distinct from old.recommend then
      return null;
    end if;
    gs := array(select e.group_id from public.enrolments e
                where e.id in (old.enrolment_id, new.enrolment_id));
  elsif tg_table_name = 'enrolments' then
    -- an update that moves the family, or a delete (its responses went with it)
    if tg_op = 'UPDATE' and new.group_id = old.group_id then
      return null;
    end if;
    gs := array(select x from unnest(array[old.group_id, new.group_id]) x where x is not null);
  elsif tg_table_name = 'groups' then
    if tg_op = 'UPDATE' and new.programme_id is not distinct from old.programme_id then
      return null;
    end if;
    gs := array[new.id];
  elsif tg_table_name = 'outcome_instruments' then
    if new.higher_is_better = old.higher_is_better
       and new.reliable_change is not distinct from old.reliable_change then
      return null;
    end if;
    gs := array(select distinct e.group_id from public.outcome_responses r
                join public.enrolments e on e.id = r.enrolment_id
                where r.instrument_id = new.id and r.submitted_at is not null);
  end if;
  perform private.tally_outcomes(gs);
  return null;
end
$$;
comment on function private.retally_outcome_rows() is
  'Trigger: recomputes the outcome tallies of the groups a write to responses, feedback, enrolments, groups or instruments touches.';

create trigger outcome_responses_outcome_tally after insert or update or delete on public.outcome_responses
  for each row execute function private.retally_outcome_rows();
create trigger group_feedback_outcome_tally after insert or update or delete on public.group_feedback
  for each row execute function private.retally_outcome_rows();
create trigger enrolments_outcome_tally after update or delete on public.enrolments
  for each row execute function private.retally_outcome_rows();
create trigger groups_outcome_tally after insert or update on public.groups
  for each row execute function private.retally_outcome_rows();
create trigger outcome_instruments_outcome_tally after update on public.outcome_instruments
  for each row execute function private.retally_outcome_rows();

/**
 * Trigger (per statement, with its transition table): a programme's schedule changed, so
 * retally its groups once, however many measures the statement wrote.
 */
create function private.retally_programme_outcomes() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    perform private.tally_outcomes(array(select g.id from public.groups g
      where g.programme_id in (select n.programme_id from new_rows n)));
  elsif tg_op = 'DELETE' then
    perform private.tally_outcomes(array(select g.id from public.groups g
      where g.programme_id in (select o.programme_id from old_rows o)));
  else
    perform private.tally_outcomes(array(select g.id from public.groups g
      where g.programme_id in (select o.programme_id from old_rows o
                               union select n.programme_id from new_rows n)));
  end if;
  return null;
end
$$;
comment on function private.retally_programme_outcomes() is
  'Trigger (per statement): recomputes the outcome tallies of the groups whose programme''s measures changed.';

create trigger programme_measures_outcome_tally_insert after insert on public.programme_measures
  referencing new table as new_rows
  for each statement execute function private.retally_programme_outcomes();
create trigger programme_measures_outcome_tally_update after update on public.programme_measures
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.retally_programme_outcomes();
create trigger programme_measures_outcome_tally_delete after delete on public.programme_measures
  referencing old table as old_rows
  for each statement execute function private.retally_programme_outcomes();

/**
 * A suppressed cell: the words 'fewer than 5' when it is computed from 1 to 4 families, else the
 * value (0 families: the value as it is, a count of 0 or a null mean).
 */
create function private.outcome_cell(n int, value numeric) returns jsonb
language sql immutable set search_path = ''
as $$
  select case when n between 1 and 4 then to_jsonb('fewer than 5'::text) else to_jsonb(value) end
$$;
comment on function private.outcome_cell(int, numeric) is
  'A funder-report cell: ''fewer than 5'' when computed from 1-4 families, else the value.';

/**
 * The outcome figures of a set of families from its counts and sums (see the definitions at the
 * top of this file); `suppress` makes each a funder-report cell, by private.outcome_cell's rule.
 * The funder report calls this once per group and measure, so it calls no other function: each
 * call of a function with a search_path costs a settings change, and 14 per row made the report
 * at 2,000 groups several times slower. The rule (1-4 families: 'fewer than 5') is applied once
 * per count below, and tests/db/outcome-results checks it against outcome_cell's at 0, 4 and 5.
 */
create function private.outcome_figures(started int, with_before int, paired int,
  before_sum numeric, after_sum numeric, improved int, reliable_improved int,
  reliable_deteriorated int, reliable_change numeric, suppress boolean) returns jsonb
language sql immutable set search_path = ''
as $$
  with v as (
    select
      case when paired > 0 then round(before_sum / paired, 2) end as mean_before,
      case when paired > 0 then round(after_sum / paired, 2) end as mean_after,
      case when paired > 0 then round((after_sum - before_sum) / paired, 2) end as mean_change,
      case when paired > 0 then round(100.0 * improved / paired, 1) end as improved_pct,
      case when paired > 0 and reliable_change is not null
        then round(100.0 * reliable_improved / paired, 1) end as reliable_improvement_pct,
      case when paired > 0 and reliable_change is not null
        then round(100.0 * reliable_deteriorated / paired, 1) end as reliable_deterioration_pct,
      case when started > 0 then round(100.0 * paired / started, 1) end as completeness_pct,
      -- which counts are too small to show (private.outcome_cell's rule)
      suppress and started between 1 and 4 as started_hidden,
      suppress and with_before between 1 and 4 as before_hidden,
      suppress and paired between 1 and 4 as paired_hidden
  )
  select jsonb_build_object(
      'families_started', case when v.started_hidden then to_jsonb('fewer than 5'::text) else to_jsonb(started) end,
      'families_with_before', case when v.before_hidden then to_jsonb('fewer than 5'::text) else to_jsonb(with_before) end,
      'families_paired', case when v.paired_hidden then to_jsonb('fewer than 5'::text) else to_jsonb(paired) end,
      'mean_before', case when v.paired_hidden then to_jsonb('fewer than 5'::text) else to_jsonb(v.mean_before) end,
      'mean_after', case when v.paired_hidden then to_jsonb('fewer than 5'::text) else to_jsonb(v.mean_after) end,
      'mean_change', case when v.paired_hidden then to_jsonb('fewer than 5'::text) else to_jsonb(v.mean_change) end,
      'improved_pct', case when v.paired_hidden then to_jsonb('fewer than 5'::text) else to_jsonb(v.improved_pct) end,
      'reliable_improvement_pct', case when v.paired_hidden then to_jsonb('fewer than 5'::text)
        else to_jsonb(v.reliable_improvement_pct) end,
      'reliable_deterioration_pct', case when v.paired_hidden then to_jsonb('fewer than 5'::text)
        else to_jsonb(v.reliable_deterioration_pct) end,
      'completeness_pct', case when v.paired_hidden then to_jsonb('fewer than 5'::text)
        else to_jsonb(v.completeness_pct) end)
  from v
$$;
comment on function private.outcome_figures(int, int, int, numeric, numeric, int, int, int, numeric, boolean) is
  'Outcome figures (means over paired families, % improved, reliable change, completeness) from counts; suppressed for the funder report when asked.';

/** The feedback figures of a set of families from its counts; `suppress` as outcome_figures. */
create function private.feedback_figures(answered int, helpful_n int, helpful_sum int,
  recommend_n int, recommend_yes int, suppress boolean) returns jsonb
language sql immutable set search_path = ''
as $$
  select case when suppress then jsonb_build_object(
      'answered', private.outcome_cell(answered, answered),
      'mean_helpful', private.outcome_cell(answered,
        case when helpful_n > 0 then round(helpful_sum::numeric / helpful_n, 2) end),
      'recommend_pct', private.outcome_cell(answered, private.rate(recommend_yes, recommend_n)))
    else jsonb_build_object(
      'answered', answered,
      'mean_helpful', case when helpful_n > 0 then round(helpful_sum::numeric / helpful_n, 2) end,
      'recommend_pct', private.rate(recommend_yes, recommend_n)) end
$$;
comment on function private.feedback_figures(int, int, int, int, int, boolean) is
  'End-of-group feedback figures (answered, mean helpfulness, % would recommend) from counts; suppressed when asked.';

/**
 * A group's outcome summary per instrument, for its staff (the group page, the lead's review of
 * it and the outcomes page): the figures over its families, real numbers. Families started are
 * the review's (placed, once the first session has begun; a tally's placed does not go stale).
 */
create function private.group_outcome_summary(g uuid) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
declare
  started int;
begin
  perform private.require_group_staff(g);
  select case when t.first_start <= now() then t.placed else 0 end into started
  from private.review_tallies t where t.group_id = g;
  return (select coalesce(jsonb_agg(jsonb_build_object('instrument_id', o.instrument_id,
      'name', o.name, 'short_name', o.short_name, 'higher_is_better', o.higher_is_better,
      'reliable_change', o.reliable_change,
      'figures', private.outcome_figures(coalesce(started, 0), o.with_before, o.paired,
        o.before_sum, o.after_sum, o.improved, o.reliable_improved, o.reliable_deteriorated,
        o.reliable_change, false)) order by o.name), '[]')
    from private.outcome_tally_rows o where o.group_id = g);
end
$$;
comment on function private.group_outcome_summary(uuid) is
  'A group''s outcome figures per instrument (families paired of started, means, change, %s), for its staff only.';
grant execute on function private.group_outcome_summary(uuid) to authenticated;

-- API.

/**
 * A group's outcomes for its facilitators and the lead: each family's scores per instrument at
 * each time point (whether entered on paper, or still in progress), their goals with each
 * rating, the summary figures, and the end-of-group feedback with both comments (the lead marks
 * quotes).
 */
create function public.group_outcomes_page(group_id uuid) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  g public.groups;
begin
  perform private.require_group_staff(group_id);
  select * into g from public.groups x where x.id = group_id;
  if g.id is null then
    raise exception 'No such group.' using errcode = 'P0002';
  end if;
  return jsonb_build_object(
    'group', jsonb_build_object('id', g.id, 'name', g.name, 'phase', private.group_phase(g.id),
      'programme', (select p.name from public.programmes p where p.id = g.programme_id),
      'funding', g.funding, 'funder', g.funder),
    'is_lead', private.is_clinical_lead(),
    'instruments', (select coalesce(jsonb_agg(jsonb_build_object('id', i.id, 'name', i.name,
        'short_name', i.short_name, 'kind', i.kind, 'higher_is_better', i.higher_is_better,
        'min_score', i.min_score, 'max_score', i.max_score, 'cutoff', i.cutoff,
        'reliable_change', i.reliable_change,
        'measures', (select coalesce(jsonb_agg(m.at order by array_position(
            array['before', 'after', 'follow_up'], m.at)), '[]')
          from public.programme_measures m where m.programme_id = g.programme_id and m.instrument_id = i.id))
        order by i.name), '[]')
      from public.outcome_instruments i
      where i.id in (select o.instrument_id from private.outcome_tallies o where o.group_id = g.id)),
    'families', (select coalesce(jsonb_agg(jsonb_build_object(
        'enrolment_id', e.id, 'full_name', p.full_name, 'status', e.status,
        'scores', (select coalesce(jsonb_agg(jsonb_build_object('instrument_id', r.instrument_id,
            'at', r.at, 'status', case when r.submitted_at is null then 'in_progress' else 'submitted' end,
            'score', case when r.submitted_at is not null then r.score end, 'on_paper', r.on_paper)
            order by r.instrument_id, array_position(array['before', 'after', 'follow_up'], r.at)), '[]')
          from public.outcome_responses r where r.enrolment_id = e.id),
        'results', (select coalesce(jsonb_agg(jsonb_build_object('instrument_id', f.instrument_id,
            'change', f.change, 'improved', f.improved,
            'reliable_improvement', f.reliable_improvement,
            'reliable_deterioration', f.reliable_deterioration,
            'clinical_before', f.clinical_before, 'clinical_after', f.clinical_after)
            order by f.instrument_id), '[]')
          from private.outcome_family_rows f where f.enrolment_id = e.id),
        'goals', (select coalesce(jsonb_agg(jsonb_build_object('instrument_id', o.instrument_id,
            'number', o.number, 'goal', o.goal,
            'ratings', (select coalesce(jsonb_object_agg(r.at, a.value), '{}')
              from public.outcome_responses r
              join public.outcome_answers a on a.response_id = r.id and a.number = o.number
              where r.enrolment_id = e.id and r.instrument_id = o.instrument_id
                and r.submitted_at is not null))
            order by o.instrument_id, o.number), '[]')
          from public.outcome_goals o where o.enrolment_id = e.id),
        'feedback', (select jsonb_build_object('submitted', fb.submitted_at is not null,
            'on_paper', fb.on_paper, 'helpful', fb.helpful, 'recommend', fb.recommend,
            'helped_most', fb.helped_most, 'could_be_better', fb.could_be_better,
            'helped_most_quote', fb.helped_most_quote, 'could_be_better_quote', fb.could_be_better_quote)
          from public.group_feedback fb where fb.enrolment_id = e.id))
        order by p.full_name, e.id), '[]')
      from public.enrolments e join public.profiles p on p.id = e.parent_id
      where e.group_id = g.id
        and ((e.status in ('enrolled', 'withdrawn') and e.enrolled_at is not null)
             or exists (select 1 from public.outcome_responses r where r.enrolment_id = e.id))),
    'summary', private.group_outcome_summary(g.id),
    'feedback', (select private.feedback_figures(coalesce(t.answered, 0), coalesce(t.helpful_n, 0),
        coalesce(t.helpful_sum, 0), coalesce(t.recommend_n, 0), coalesce(t.recommend_yes, 0), false)
      from (select 1) one left join private.outcome_totals t on t.group_id = g.id)
  );
end
$$;
comment on function public.group_outcomes_page(uuid) is
  'A group''s outcomes for its facilitators and the lead: each family''s scores, goals and ratings, feedback, and the group''s figures.';

/**
 * The lead marks (or unmarks) a family's feedback comment as a quote for the funder report,
 * which shows it without a name. `field` is 'helped_most' or 'could_be_better'; only a
 * submitted, non-empty comment can be marked.
 */
create function public.mark_feedback_quote(enrolment_id uuid, field text, quote boolean) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_role('clinical_lead');
  f public.group_feedback;
begin
  if field is null or field not in ('helped_most', 'could_be_better') then
    raise exception 'Choose the comment: what helped most or what could be better.'
      using errcode = 'P0001', hint = 'field';
  end if;
  if quote is null then
    raise exception 'Say whether to use it as a quote.' using errcode = 'P0001', hint = 'quote';
  end if;
  select * into f from public.group_feedback x where x.enrolment_id = enrolment_id for update;
  if f.enrolment_id is null then
    raise exception 'No such feedback.' using errcode = 'P0002';
  end if;
  if quote and (f.submitted_at is null
     or btrim(case when field = 'helped_most' then f.helped_most else f.could_be_better end) = '') then
    raise exception 'Only a comment the family has sent can be used as a quote.'
      using errcode = 'P0001', hint = 'quote';
  end if;
  update public.group_feedback x set
    helped_most_quote = case when field = 'helped_most' then quote else x.helped_most_quote end,
    could_be_better_quote = case when field = 'could_be_better' then quote else x.could_be_better_quote end,
    quote_marked_by = who, quote_marked_at = now()
  where x.enrolment_id = f.enrolment_id;
  return jsonb_build_object('enrolment_id', f.enrolment_id, 'field', field, 'quote', quote);
end
$$;
comment on function public.mark_feedback_quote(uuid, text, boolean) is
  'The lead marks or unmarks a submitted feedback comment as a quote for the funder report (shown without a name).';
