-- Outcome measures, answering: a parent answers their measures and end-of-group feedback on
-- their phone, saving as they go; the group's facilitators (and the lead) enter a paper form for
-- a family, which is marked; a reminder email goes once when a measure opens for a family.
--
-- The tables, their read policies, the scoring and the windows are in 96_outcomes.sql: every
-- write here still passes 96's trigger (private.require_measure_open), which refuses anything
-- outside the window, for a family without a place, or for a measure the programme does not use.
-- Its refusals carry no hint, so they reach the form as a form-level message.
--
-- Who may write: the family's own parent (until they send it), and the group's staff (the
-- group's facilitators and the lead), who may also correct a sent form while it is open. A
-- parent never answers an instrument whose licence keeps its items to staff: "Your facilitator
-- will give you this one on paper."

/** Where a measure stands at `t`: done once sent; otherwise not_open, open or closed by its window. */
create function private.measure_state(opens_at timestamptz, closes_at timestamptz,
  submitted_at timestamptz, t timestamptz) returns text
language sql immutable set search_path = ''
as $$
  select case when submitted_at is not null then 'done'
              when opens_at is null or t < opens_at then 'not_open'
              when t >= closes_at then 'closed'
              else 'open' end
$$;
comment on function private.measure_state(timestamptz, timestamptz, timestamptz, timestamptz) is
  'A measure''s state at a moment: done (sent), not_open, open or closed (by its window).';

/**
 * One enrolment's measures: every measure of its programme's schedule and the end-of-group
 * feedback, with when each opens, is due and closes and where it stands. The one shape the
 * answering pages (97) and the results (98) read; keep it stable:
 *
 *   { enrolment_id, group_id, status (the enrolment's),
 *     measures: [{ instrument: {id, name, short_name, kind, item_text_for},
 *                  at: 'before' | 'after' | 'follow_up', follow_up_weeks,
 *                  opens_at, due_at, closes_at,
 *                  state: 'not_open' | 'open' | 'done' | 'closed' (closed without being sent),
 *                  answered (answers saved, "prefer not to say" included),
 *                  items (to answer: a questionnaire's items; for goals, the goals set),
 *                  submitted_at, on_paper, score }],   -- before, after, follow-up; by name
 *     feedback: { opens_at, due_at, closes_at, state, submitted_at, on_paper } }
 *
 * States are by the app's clock (private.clock()); a group with no live sessions is not_open.
 * Null unless the caller is the family's parent or the group's staff (or no one is signed in:
 * the owner's scheduled work).
 */
create function private.family_measures(enrolment uuid) returns jsonb
language sql stable security definer set search_path = ''
as $$
  with e as (
    select x.* from public.enrolments x
    where x.id = enrolment
      and ((select auth.uid()) is null or x.parent_id = (select auth.uid())
           or private.is_group_staff(x.group_id))
  ),
  now_ as (select private.clock() as t),
  m as (
    select pm.instrument_id, pm.at, pm.follow_up_weeks, i.name, i.short_name, i.kind, i.item_text_for,
      w.opens_at, w.due_at, w.closes_at, r.id as response_id, r.submitted_at, r.on_paper, r.score,
      (select count(*) from public.outcome_answers a where a.response_id = r.id)::int as answered,
      case when i.kind = 'goals'
           then (select count(*) from public.outcome_goals og
                 where og.enrolment_id = e.id and og.instrument_id = i.id)
           else (select count(*) from public.outcome_items it where it.instrument_id = i.id)
      end::int as items
    from e
    join public.groups g on g.id = e.group_id
    join public.programme_measures pm on pm.programme_id = g.programme_id
    join public.outcome_instruments i on i.id = pm.instrument_id
    cross join lateral private.measure_window(e.group_id, pm.at, pm.follow_up_weeks) w
    left join public.outcome_responses r
      on r.enrolment_id = e.id and r.instrument_id = pm.instrument_id and r.at = pm.at
  ),
  f as (
    select w.opens_at, w.due_at, w.closes_at, gf.submitted_at, gf.on_paper
    from e
    cross join lateral private.measure_window(e.group_id, 'after') w
    left join public.group_feedback gf on gf.enrolment_id = e.id
  )
  select jsonb_build_object(
    'enrolment_id', e.id, 'group_id', e.group_id, 'status', e.status,
    'measures', (select coalesce(jsonb_agg(jsonb_build_object(
        'instrument', jsonb_build_object('id', m.instrument_id, 'name', m.name,
          'short_name', m.short_name, 'kind', m.kind, 'item_text_for', m.item_text_for),
        'at', m.at, 'follow_up_weeks', m.follow_up_weeks,
        'opens_at', m.opens_at, 'due_at', m.due_at, 'closes_at', m.closes_at,
        'state', private.measure_state(m.opens_at, m.closes_at, m.submitted_at, now_.t),
        'answered', m.answered, 'items', m.items,
        'submitted_at', m.submitted_at, 'on_paper', coalesce(m.on_paper, false), 'score', m.score)
        order by array_position(array['before', 'after', 'follow_up'], m.at), m.name), '[]')
      from m, now_),
    'feedback', (select jsonb_build_object('opens_at', f.opens_at, 'due_at', f.due_at,
        'closes_at', f.closes_at,
        'state', private.measure_state(f.opens_at, f.closes_at, f.submitted_at, now_.t),
        'submitted_at', f.submitted_at, 'on_paper', coalesce(f.on_paper, false))
      from f, now_))
  from e
$$;
comment on function private.family_measures(uuid) is
  'One enrolment''s measures and feedback: windows, state (not_open, open, done, closed), progress; null unless the caller is the family or the group''s staff.';
grant execute on function private.family_measures(uuid) to authenticated;


/**
 * The enrolment a measure page or save is about, for the caller: the family's parent or the
 * group's staff. Returns the enrolment row and whether the caller is staff; P0002 for an
 * enrolment that does not exist or is not theirs (so nobody learns whose it is). `lock` locks
 * the enrolment row, so two saves of one family's answers queue up.
 */
create function private.measure_enrolment(enrolment uuid, lock boolean,
  out e public.enrolments, out staff boolean)
language plpgsql volatile security definer set search_path = ''
as $$
declare
  who uuid := private.require_role('parent', 'facilitator', 'clinical_lead');
begin
  if lock then
    select * into e from public.enrolments x where x.id = enrolment for update;
  else
    select * into e from public.enrolments x where x.id = enrolment;
  end if;
  if e.id is null then
    raise exception 'No such family in this group.' using errcode = 'P0002';
  end if;
  if e.parent_id = who then
    staff := false;
  elsif private.is_group_staff(e.group_id) then
    staff := true;
  else
    raise exception 'No such family in this group.' using errcode = 'P0002';
  end if;
end
$$;
comment on function private.measure_enrolment(uuid, boolean) is
  'The enrolment a measure is about, if the caller is its parent or the group''s staff (and whether staff); P0002 otherwise.';

/**
 * The measure of a family's programme (instrument and time point) with its window, or P0002 when
 * the programme does not use it; and, to a parent, P0001 for an instrument entered from paper.
 */
create function private.family_measure(e public.enrolments, instrument text, point text,
  staff boolean) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
declare
  m jsonb;
begin
  select x into m from jsonb_array_elements(private.family_measures(e.id) -> 'measures') x
  where x -> 'instrument' ->> 'id' = instrument and x ->> 'at' = point;
  if m is null then
    raise exception 'This group does not use that measure then.' using errcode = 'P0002';
  end if;
  if not staff and m -> 'instrument' ->> 'item_text_for' <> 'everyone' then
    raise exception 'Your facilitator will give you this one on paper.' using errcode = 'P0001';
  end if;
  return m;
end
$$;
comment on function private.family_measure(public.enrolments, text, text, boolean) is
  'One measure of a family''s schedule (from private.family_measures); P0002 if not used, P0001 to a parent for a paper-only instrument.';

-- API: the parent's pages.

/**
 * A parent's measures (/my/measures): for each group they hold a place in, its measures and
 * feedback (private.family_measures) and their own goals with each time point's rating
 * (null: "prefer not to say"; missing: not rated), and each sent measure's score.
 */
create function public.my_measures_page() returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
declare
  me uuid := private.require_role('parent');
begin
  return jsonb_build_object('groups', (
    select coalesce(jsonb_agg(jsonb_build_object(
        'enrolment_id', e.id,
        'group', jsonb_build_object('id', g.id, 'name', g.name),
        'measures', fm -> 'measures',
        'feedback', fm -> 'feedback',
        'goals', (select coalesce(jsonb_agg(jsonb_build_object(
            'instrument_id', og.instrument_id, 'number', og.number, 'goal', og.goal,
            'ratings', (select coalesce(jsonb_agg(jsonb_build_object('at', r.at, 'value', a.value,
                'submitted', r.submitted_at is not null)
                order by array_position(array['before', 'after', 'follow_up'], r.at)), '[]')
              from public.outcome_responses r
              join public.outcome_answers a on a.response_id = r.id and a.number = og.number
              where r.enrolment_id = e.id and r.instrument_id = og.instrument_id))
            order by og.instrument_id, og.number), '[]')
          from public.outcome_goals og where og.enrolment_id = e.id))
        order by g.created_at desc), '[]')
    from public.enrolments e
    join public.groups g on g.id = e.group_id
    cross join lateral private.family_measures(e.id) fm
    where e.parent_id = me and e.status = 'enrolled'));
end
$$;
comment on function public.my_measures_page() is
  'A parent''s measures: per group, what is due and done, their goals with each rating, and scores; only their own.';

/**
 * One measure to answer: for the family's parent online, or the group's staff entering a paper
 * form. The group, the family's name (staff only), the instrument and its options, the items
 * (a parent only ever gets an instrument whose items everyone may read: others are refused
 * with "Your facilitator will give you this one on paper."), the family's goals (goals
 * instruments), the answers saved so far, the window and state. P0002 for anyone else.
 */
create function public.measure_page(enrolment_id uuid, instrument_id text, at text) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_role('parent', 'facilitator', 'clinical_lead');
  x record;
  m jsonb;
  r public.outcome_responses;
begin
  select * into x from private.measure_enrolment(enrolment_id, false);
  m := private.family_measure(x.e, instrument_id, at, x.staff);
  select * into r from public.outcome_responses o
  where o.enrolment_id = (x.e).id and o.instrument_id = instrument_id and o.at = at;
  return jsonb_build_object(
    'viewer', case when x.staff then 'staff' else 'parent' end,
    'me', (select p.full_name from public.profiles p where p.id = who),
    'group', (select jsonb_build_object('id', g.id, 'name', g.name)
              from public.groups g where g.id = (x.e).group_id),
    'family', jsonb_build_object('enrolment_id', (x.e).id,
      'name', case when x.staff then (select p.full_name from public.profiles p where p.id = (x.e).parent_id) end),
    'instrument', (select jsonb_build_object('id', i.id, 'name', i.name, 'short_name', i.short_name,
        'description', i.description, 'kind', i.kind,
        'options', (select coalesce(jsonb_agg(jsonb_build_object('value', o.value, 'label', o.label)
            order by o.value), '[]') from public.outcome_options o where o.instrument_id = i.id))
      from public.outcome_instruments i where i.id = instrument_id),
    'items', (select coalesce(jsonb_agg(jsonb_build_object('number', it.number, 'wording', it.wording)
        order by it.number), '[]')
      from public.outcome_items it where it.instrument_id = instrument_id),
    'goals', (select coalesce(jsonb_agg(jsonb_build_object('number', og.number, 'goal', og.goal)
        order by og.number), '[]')
      from public.outcome_goals og where og.enrolment_id = (x.e).id and og.instrument_id = instrument_id),
    'answers', (select coalesce(jsonb_agg(jsonb_build_object('number', a.number, 'value', a.value)
        order by a.number), '[]')
      from public.outcome_answers a where a.response_id = r.id),
    'at', at, 'follow_up_weeks', m -> 'follow_up_weeks',
    'opens_at', m -> 'opens_at', 'due_at', m -> 'due_at', 'closes_at', m -> 'closes_at',
    'state', m ->> 'state',
    -- open for this caller: in its window, and (for a parent) not yet sent
    'may_answer', coalesce((select private.clock()) >= (m ->> 'opens_at')::timestamptz
      and (select private.clock()) < (m ->> 'closes_at')::timestamptz
      and (x.staff or r.submitted_at is null), false),
    'submitted_at', r.submitted_at, 'on_paper', coalesce(r.on_paper, false),
    'entered_by', (select p.full_name from public.profiles p where p.id = r.entered_by));
end
$$;
comment on function public.measure_page(uuid, text, text) is
  'One measure to answer (parent online, or staff from paper): instrument, options, items, goals, saved answers, window and state.';

/**
 * Saves a family's answers to one measure (save and continue): `answers` maps item number to
 * an option's value, or null for "prefer not to say" ({"1": 7, "2": null}); items not given are
 * left as they were. `goals` (a goals instrument, before the group only) replaces the family's
 * goals: 1 to 3, each 1 to 300 characters, in order. Staff entering it are recorded (on_paper,
 * entered_by). `submit` sends it, only when every item (for goals, every goal) has an answer or
 * "prefer not to say". A parent may change it until it is sent; staff may correct a sent form
 * while it is open. The window is 96's trigger's. Returns {response_id, submitted}.
 */
create function public.save_measure(enrolment_id uuid, instrument_id text, at text,
  answers jsonb default null, goals jsonb default null, submit boolean default false) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_role('parent', 'facilitator', 'clinical_lead');
  x record;
  i public.outcome_instruments;
  r public.outcome_responses;
  n int;
  bad text;
  goal_count int;
begin
  select * into x from private.measure_enrolment(enrolment_id, true);
  perform private.family_measure(x.e, instrument_id, at, x.staff);
  select * into i from public.outcome_instruments o where o.id = instrument_id;
  select * into r from public.outcome_responses o
  where o.enrolment_id = (x.e).id and o.instrument_id = i.id and o.at = at for update;
  if r.submitted_at is not null and not x.staff then
    raise exception 'You have already sent this, so it cannot be changed. Your facilitator can correct it if something is wrong.'
      using errcode = 'P0001';
  end if;

  if answers is not null and jsonb_typeof(answers) <> 'object' then
    raise exception 'The answers could not be read. Please try again.' using errcode = 'P0001', hint = 'answers';
  end if;
  if goals is not null then
    if i.kind <> 'goals' then
      raise exception 'This measure has no goals.' using errcode = 'P0001', hint = 'goals';
    end if;
    if at <> 'before' then
      raise exception 'Goals are set before the group; now you say how close you are to them.'
        using errcode = 'P0001', hint = 'goals';
    end if;
    if jsonb_typeof(goals) <> 'array' or jsonb_array_length(goals) not between 1 and 3
       or exists (select 1 from jsonb_array_elements(goals) g where jsonb_typeof(g) <> 'string') then
      raise exception 'Write one, two or three goals.' using errcode = 'P0001', hint = 'goal_1';
    end if;
    select 'goal_' || k into bad from jsonb_array_elements_text(goals) with ordinality g (t, k)
    where length(btrim(g.t)) not between 1 and 300 order by k limit 1;
    if bad is not null then
      raise exception 'Write the goal in up to 300 characters.' using errcode = 'P0001', hint = bad;
    end if;
    delete from public.outcome_goals og
    where og.enrolment_id = (x.e).id and og.instrument_id = i.id and og.number > jsonb_array_length(goals);
    insert into public.outcome_goals as og (enrolment_id, instrument_id, number, goal, set_by)
    select (x.e).id, i.id, k::int, btrim(g.t), who
    from jsonb_array_elements_text(goals) with ordinality g (t, k)
    -- by the constraint's name: under use_variable, enrolment_id would be the parameter
    on conflict on constraint outcome_goals_pkey do update
      set goal = excluded.goal, set_by = excluded.set_by, set_at = now()
      where og.goal is distinct from excluded.goal;
  end if;
  if i.kind = 'goals' then
    select count(*) into goal_count from public.outcome_goals og
    where og.enrolment_id = (x.e).id and og.instrument_id = i.id;
  end if;

  if answers is not null then
    -- every key an item's number (a goal's, for goals), every value an option or null
    select 'answer_' || a.key into bad from jsonb_each(answers) a
    where case when a.key !~ '^\d{1,3}$' then true
               when i.kind = 'goals' then a.key::int not between 1 and coalesce(goal_count, 0)
               else not exists (select 1 from public.outcome_items it
                                where it.instrument_id = i.id and it.number = a.key::int) end
       or case when jsonb_typeof(a.value) = 'null' then false
               when jsonb_typeof(a.value) <> 'number' then true
               else not exists (select 1 from public.outcome_options o
                                where o.instrument_id = i.id and o.value::numeric = (a.value #>> '{}')::numeric) end
    order by a.key limit 1;
    if bad is not null then
      raise exception 'Choose one of the answers given.' using errcode = 'P0001',
        hint = case when bad ~ '^answer_\d{1,3}$' then bad else 'answers' end;
    end if;
  end if;

  if r.id is null then
    insert into public.outcome_responses as o (enrolment_id, instrument_id, at, on_paper, entered_by)
    values ((x.e).id, i.id, at, x.staff, who)
    returning * into r;
  else
    update public.outcome_responses o
    set updated_at = now(), on_paper = o.on_paper or x.staff, entered_by = who
    where o.id = r.id
    returning * into r;
  end if;
  if i.kind = 'goals' then
    -- a goal taken away takes its rating with it
    delete from public.outcome_answers a where a.response_id = r.id and a.number > goal_count;
  end if;
  if answers is not null then
    insert into public.outcome_answers as a (response_id, number, value)
    select r.id, k::int, (v #>> '{}')::numeric::int from jsonb_each(answers) y (k, v)
    on conflict on constraint outcome_answers_pkey do update set value = excluded.value
      where a.value is distinct from excluded.value;
  end if;

  if submit and r.submitted_at is null then
    select count(*) into n from public.outcome_answers a where a.response_id = r.id;
    if (i.kind = 'goals' and (goal_count = 0 or n < goal_count))
       or (i.kind <> 'goals' and n < (select count(*) from public.outcome_items it where it.instrument_id = i.id)) then
      raise exception '%', case when i.kind = 'goals' and goal_count = 0
          then 'Write at least one goal before you send this.'
          else 'Answer every question (or choose "Prefer not to say") before you send this.' end
        using errcode = 'P0001', hint = 'answers';
    end if;
    update public.outcome_responses o set submitted_at = private.clock() where o.id = r.id
    returning * into r;
  end if;
  return jsonb_build_object('response_id', r.id, 'submitted', r.submitted_at is not null);
end
$$;
comment on function public.save_measure(uuid, text, text, jsonb, jsonb, boolean) is
  'Saves (and with submit, sends) a family''s answers and goals to a measure: the parent online, or staff from paper (marked).';

/**
 * The end-of-group feedback form: for the family's parent, or the group's staff entering a
 * paper form. The group, the family's name (staff only), the after window and state, and what
 * was saved.
 */
create function public.feedback_page(enrolment_id uuid) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_role('parent', 'facilitator', 'clinical_lead');
  x record;
  f jsonb;
  gf public.group_feedback;
begin
  select * into x from private.measure_enrolment(enrolment_id, false);
  f := private.family_measures((x.e).id) -> 'feedback';
  select * into gf from public.group_feedback g where g.enrolment_id = (x.e).id;
  return jsonb_build_object(
    'viewer', case when x.staff then 'staff' else 'parent' end,
    'me', (select p.full_name from public.profiles p where p.id = who),
    'group', (select jsonb_build_object('id', g.id, 'name', g.name)
              from public.groups g where g.id = (x.e).group_id),
    'family', jsonb_build_object('enrolment_id', (x.e).id,
      'name', case when x.staff then (select p.full_name from public.profiles p where p.id = (x.e).parent_id) end),
    'opens_at', f -> 'opens_at', 'due_at', f -> 'due_at', 'closes_at', f -> 'closes_at',
    'state', f ->> 'state',
    'may_answer', coalesce((select private.clock()) >= (f ->> 'opens_at')::timestamptz
      and (select private.clock()) < (f ->> 'closes_at')::timestamptz
      and (x.staff or gf.submitted_at is null), false),
    'feedback', case when gf.enrolment_id is not null then jsonb_build_object(
      'helpful', gf.helpful, 'recommend', gf.recommend, 'helped_most', gf.helped_most,
      'could_be_better', gf.could_be_better, 'submitted_at', gf.submitted_at,
      'on_paper', gf.on_paper,
      'entered_by', (select p.full_name from public.profiles p where p.id = gf.entered_by)) end);
end
$$;
comment on function public.feedback_page(uuid) is
  'The end-of-group feedback form for the family''s parent or the group''s staff (from paper): window, state, what was saved.';

/**
 * Saves a family's end-of-group feedback: how helpful (1 to 5, or null: "prefer not to say"),
 * would they recommend it (yes, not_sure, no, or null), what helped most and what could be
 * better (up to 2,000 characters each). The parent until they send it; the group's staff from
 * paper (marked) while it is open. Returns {submitted}.
 */
create function public.save_group_feedback(enrolment_id uuid, helpful int default null,
  recommend text default null, helped_most text default '', could_be_better text default '',
  submit boolean default true) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_role('parent', 'facilitator', 'clinical_lead');
  x record;
  gf public.group_feedback;
begin
  select * into x from private.measure_enrolment(enrolment_id, true);
  select * into gf from public.group_feedback g where g.enrolment_id = (x.e).id for update;
  if gf.submitted_at is not null and not x.staff then
    raise exception 'You have already sent your feedback. Thank you.' using errcode = 'P0001';
  end if;
  if helpful is not null and helpful not between 1 and 5 then
    raise exception 'Choose how helpful the group was, from 1 to 5.' using errcode = 'P0001', hint = 'helpful';
  end if;
  if recommend is not null and recommend not in ('yes', 'not_sure', 'no') then
    raise exception 'Choose yes, not sure or no.' using errcode = 'P0001', hint = 'recommend';
  end if;
  if length(coalesce(helped_most, '')) > 2000 then
    raise exception 'Keep it under 2,000 characters.' using errcode = 'P0001', hint = 'helped_most';
  end if;
  if length(coalesce(could_be_better, '')) > 2000 then
    raise exception 'Keep it under 2,000 characters.' using errcode = 'P0001', hint = 'could_be_better';
  end if;
  insert into public.group_feedback as g (enrolment_id, helpful, recommend, helped_most,
    could_be_better, on_paper, entered_by, submitted_at)
  values ((x.e).id, helpful, recommend, btrim(coalesce(helped_most, '')),
    btrim(coalesce(could_be_better, '')), x.staff, who,
    case when submit then private.clock() end)
  on conflict on constraint group_feedback_pkey do update
    set helpful = excluded.helpful, recommend = excluded.recommend,
        helped_most = excluded.helped_most, could_be_better = excluded.could_be_better,
        on_paper = g.on_paper or excluded.on_paper, entered_by = excluded.entered_by,
        updated_at = now(), submitted_at = coalesce(g.submitted_at, excluded.submitted_at)
  returning * into gf;
  return jsonb_build_object('submitted', gf.submitted_at is not null);
end
$$;
comment on function public.save_group_feedback(uuid, int, text, text, text, boolean) is
  'Saves (and with submit, sends) a family''s end-of-group feedback: the parent online, or staff from paper (marked).';

-- API: staff.

/**
 * A group's families and where each of their measures and the feedback stands, for its staff to
 * find a family's paper form (/groups/[id]/measures). The group's facilitators and the lead.
 */
create function public.group_measures_page(group_id uuid) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  g public.groups;
begin
  perform private.require_role('facilitator', 'clinical_lead');
  select * into g from public.groups x where x.id = group_id;
  if g.id is null or not private.is_group_staff(g.id) then
    raise exception 'No such group.' using errcode = 'P0002';
  end if;
  return jsonb_build_object(
    'group', jsonb_build_object('id', g.id, 'name', g.name),
    'families', (select coalesce(jsonb_agg(jsonb_build_object(
        'enrolment_id', e.id, 'name', p.full_name,
        'measures', fm -> 'measures', 'feedback', fm -> 'feedback')
        order by p.full_name, e.id), '[]')
      from public.enrolments e
      join public.profiles p on p.id = e.parent_id
      cross join lateral private.family_measures(e.id) fm
      where e.group_id = g.id and e.status = 'enrolled'));
end
$$;
comment on function public.group_measures_page(uuid) is
  'A group''s families with the state of each measure and the feedback, for its staff to enter paper forms.';

-- Reminders.

/**
 * Queues, as of `as_of`, a 'measure_open' email to each family with a place whose measure is
 * open and not yet sent, once per family, measure and time point (its dedupe key), with a link
 * to answer it. Only instruments parents answer online (a paper-only one is the facilitators'
 * job), and only for parents who want reminders (private.queue_message). Returns how many.
 */
create function private.measure_reminders(as_of timestamptz) returns int
language plpgsql volatile security definer set search_path = ''
as $$
declare
  x record;
  token text;
  n int := 0;
begin
  if as_of is null then
    return 0;
  end if;
  for x in
    -- Each group's windows first, once a group and measure (not once a family: at national
    -- scale that was 24,000 window computations a worker pass), then the families in those open.
    with open_windows as materialized (
      select g.id as group_id, g.name as group_name, i.id as instrument_id,
        i.name as instrument_name, i.kind, pm.at, w.due_at, w.closes_at
      from public.groups g
      join public.programme_measures pm on pm.programme_id = g.programme_id
      join public.outcome_instruments i on i.id = pm.instrument_id and i.item_text_for = 'everyone'
      cross join lateral private.measure_window(g.id, pm.at, pm.follow_up_weeks) w
      where g.status <> 'cancelled'
        -- groups with a session in the last 60 weeks: a follow-up is at most 52 weeks and 28 days on
        and exists (select 1 from public.sessions s where s.group_id = g.id and s.status <> 'cancelled'
                    and s.ends_at > as_of - interval '60 weeks')
        and w.opens_at <= as_of and as_of < w.closes_at)
    select e.id as enrolment_id, e.parent_id, o.group_id, o.group_name, o.instrument_id,
      o.instrument_name, o.kind, o.at, o.due_at, o.closes_at
    from open_windows o
    join public.enrolments e on e.group_id = o.group_id and e.status = 'enrolled'
    where not exists (select 1 from public.outcome_responses r where r.enrolment_id = e.id
                      and r.instrument_id = o.instrument_id and r.at = o.at
                      and r.submitted_at is not null)
      and not exists (select 1 from public.notifications q
                      where q.dedupe_key = private.measure_reminder_key(e.id, o.instrument_id, o.at))
      and private.wants_reminders(e.parent_id)
    order by o.due_at, e.id
  loop
    token := private.new_unsubscribe_token(x.parent_id);
    if private.queue_message('measure_open', x.parent_id, jsonb_build_object(
         'group', jsonb_build_object('id', x.group_id, 'name', x.group_name),
         'instrument', jsonb_build_object('id', x.instrument_id, 'name', x.instrument_name, 'kind', x.kind),
         'at', x.at, 'due_at', x.due_at, 'closes_at', x.closes_at,
         'path', '/my/measures/' || x.enrolment_id || '/' || x.instrument_id || '/' || x.at,
         'unsubscribe_token', token),
       private.measure_reminder_key(x.enrolment_id, x.instrument_id, x.at)) is not null then
      n := n + 1;
    else
      delete from private.unsubscribe_tokens where token_hash = extensions.digest(token, 'sha256');
    end if;
  end loop;
  return n;
end
$$;
comment on function private.measure_reminders(timestamptz) is
  'Queues a reminder once per family, measure and time point when its window is open and it is not sent; returns how many.';

/** The dedupe key of a measure's reminder: the family, the instrument and the time point. */
create function private.measure_reminder_key(enrolment uuid, instrument text, point text) returns text
language sql immutable set search_path = ''
as $$
  select 'measure_open:' || enrolment || ':' || instrument || ':' || point
$$;
comment on function private.measure_reminder_key(uuid, text, text) is
  'The dedupe key of one measure reminder: enrolment, instrument and time point.';
