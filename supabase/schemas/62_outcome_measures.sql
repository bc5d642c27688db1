-- Outcome measures: does the group help? An instrument (a questionnaire, or Goal-Based Outcomes)
-- is data: its items, one response scale, which items are reverse-scored, subscales, how it is
-- scored (sum, mean, or a lookup from the raw total), its range, an optional clinical cut-off and
-- reliable-change threshold, its licence, and whether parents may read its items. GBO is built in
-- (installed by this issue's migration); the lead adds the instruments the clinic is licensed for
-- from a definition file (private.install_instrument judges it). No licensed item text is in the
-- project.
--
-- A programme chooses which instruments it uses and when (programme_measures): before (by
-- session 1), after (at the last session) and an optional follow-up some weeks later. When each
-- may be answered is worked out from the group's live sessions (private.measure_window), never
-- stored, so a rescheduled session moves it. A family answers once per instrument and time point
-- (outcome_responses, with its answers in outcome_answers; GBO's goals, in the family's own words,
-- in outcome_goals), saving as they go and submitting at the end; a facilitator may enter a paper
-- form for them, which is marked. Every write is refused outside the window, whoever writes (a
-- trigger), and only families with a place answer.
--
-- Scores are worked out in SQL (private.score_values), kept on the response by a trigger as its
-- answers change, and read by the figures (98_outcome_results.sql). End-of-group feedback is in
-- group_feedback, answered in the after window; the lead may mark a comment as a quote for the
-- funder report, which shows it without a name.
--
-- Who sees what (special-category data): a parent only their own; a group's facilitators their
-- group's; the lead everything; nobody else anything. Item text of an instrument whose licence
-- keeps it to staff is readable by staff only, and such an instrument is entered from paper.
-- Clients write nothing directly: every write is a security definer function (97_outcome_answers
-- and this file's lead functions), and every table is audited.

/** An instrument: how it is answered and scored, and what its licence allows. */
create table public.outcome_instruments (
  id text primary key check (id ~ '^[a-z][a-z0-9_]{1,39}$'),
  name text not null check (length(btrim(name)) between 1 and 120),
  short_name text not null check (length(btrim(short_name)) between 1 and 30),
  description text not null default '' check (length(description) <= 2000),
  kind text not null check (kind in ('goals', 'questionnaire')),
  scoring text not null check (scoring in ('sum', 'mean', 'lookup')),
  min_score numeric not null,
  max_score numeric not null,
  higher_is_better boolean not null,
  cutoff numeric,
  reliable_change numeric check (reliable_change > 0),
  lookup jsonb check (jsonb_typeof(lookup) = 'object'),
  min_answered int not null check (min_answered >= 1),
  licence text not null default '' check (length(licence) <= 1000),
  item_text_for text not null default 'everyone' check (item_text_for in ('everyone', 'staff')),
  built_in boolean not null default false,
  created_by uuid references public.profiles (id),
  created_at timestamptz not null default now(),
  check (min_score < max_score),
  check (cutoff is null or cutoff between min_score and max_score),
  check ((scoring = 'lookup') = (lookup is not null)),
  check (kind = 'questionnaire' or scoring = 'mean')
);
comment on table public.outcome_instruments is
  'Outcome instruments (GBO built in; others added by the lead from a definition): scoring, range, cut-off, reliable change, licence.';
comment on column public.outcome_instruments.cutoff is
  'The clinical cut-off: a score at it or on its worse side (by higher_is_better) is in the clinical range.';
comment on column public.outcome_instruments.min_answered is
  'The fewest items answered (not "prefer not to say") for a score; fewer leaves the response unscored.';
comment on column public.outcome_instruments.item_text_for is
  'Who may read the items: everyone (parents answer online) or staff (the licence keeps them off parents'' screens: entered from paper).';
alter table public.outcome_instruments enable row level security;

/** An instrument's items, in order. For GBO, one per goal (the goal itself is the family's). */
create table public.outcome_items (
  instrument_id text not null references public.outcome_instruments (id) on delete cascade,
  number int not null check (number between 1 and 100),
  wording text not null check (length(btrim(wording)) between 1 and 500),
  subscale text check (length(btrim(subscale)) between 1 and 60),
  reverse boolean not null default false,
  primary key (instrument_id, number)
);
comment on table public.outcome_items is
  'Each item of an instrument, in order, with its subscale and whether it is reverse-scored.';
alter table public.outcome_items enable row level security;

/** The one response scale every item of an instrument is answered on. */
create table public.outcome_options (
  instrument_id text not null references public.outcome_instruments (id) on delete cascade,
  value int not null check (value between 0 and 100),
  label text not null check (length(btrim(label)) between 1 and 80),
  primary key (instrument_id, value)
);
comment on table public.outcome_options is
  'An instrument''s response options (its one scale): the value scored and the words shown.';
alter table public.outcome_options enable row level security;

/** Which instruments a programme uses and when. */
create table public.programme_measures (
  programme_id text not null references public.programmes (id) on delete cascade,
  instrument_id text not null references public.outcome_instruments (id),
  at text not null check (at in ('before', 'after', 'follow_up')),
  follow_up_weeks int check (follow_up_weeks between 4 and 52),
  primary key (programme_id, instrument_id, at),
  check ((at = 'follow_up') = (follow_up_weeks is not null))
);
comment on table public.programme_measures is
  'A programme''s outcome measures: each instrument before (by session 1), after (at the last session) or at a follow-up weeks later.';
create index programme_measures_instrument_idx on public.programme_measures (instrument_id);
alter table public.programme_measures enable row level security;

/** One family's answers to one instrument at one time point: in progress until submitted. */
create table public.outcome_responses (
  id uuid primary key default gen_random_uuid(),
  enrolment_id uuid not null references public.enrolments (id) on delete cascade,
  instrument_id text not null references public.outcome_instruments (id),
  at text not null check (at in ('before', 'after', 'follow_up')),
  on_paper boolean not null default false,
  entered_by uuid not null references public.profiles (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  submitted_at timestamptz,
  score numeric,
  subscale_scores jsonb not null default '{}' check (jsonb_typeof(subscale_scores) = 'object'),
  unique (enrolment_id, instrument_id, at)
);
comment on table public.outcome_responses is
  'A family''s response to an instrument at a time point; on_paper when staff entered it from a paper form; score kept by a trigger.';
create index outcome_responses_instrument_idx on public.outcome_responses (instrument_id, at)
  where submitted_at is not null;
alter table public.outcome_responses enable row level security;

/** One answer: the option's value, or null for "prefer not to say". Unanswered items have no row. */
create table public.outcome_answers (
  response_id uuid not null references public.outcome_responses (id) on delete cascade,
  number int not null check (number between 1 and 100),
  value int check (value between 0 and 100),
  primary key (response_id, number)
);
comment on table public.outcome_answers is
  'Each answered item of a response: the value chosen, or null for "prefer not to say".';
alter table public.outcome_answers enable row level security;

/** A family's goals for a goals instrument (GBO), in their own words, set before the group. */
create table public.outcome_goals (
  enrolment_id uuid not null references public.enrolments (id) on delete cascade,
  instrument_id text not null references public.outcome_instruments (id),
  number int not null check (number between 1 and 3),
  goal text not null check (length(btrim(goal)) between 1 and 300),
  set_by uuid not null references public.profiles (id),
  set_at timestamptz not null default now(),
  primary key (enrolment_id, instrument_id, number)
);
comment on table public.outcome_goals is
  'Up to three goals a family sets for a goals instrument (GBO), rated 0-10 at each time point.';
alter table public.outcome_goals enable row level security;

/** A family's end-of-group feedback; the lead may mark either comment as a quote. */
create table public.group_feedback (
  enrolment_id uuid primary key references public.enrolments (id) on delete cascade,
  helpful int check (helpful between 1 and 5),
  recommend text check (recommend in ('yes', 'not_sure', 'no')),
  helped_most text not null default '' check (length(helped_most) <= 2000),
  could_be_better text not null default '' check (length(could_be_better) <= 2000),
  on_paper boolean not null default false,
  entered_by uuid not null references public.profiles (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  submitted_at timestamptz,
  helped_most_quote boolean not null default false,
  could_be_better_quote boolean not null default false,
  quote_marked_by uuid references public.profiles (id),
  quote_marked_at timestamptz
);
comment on table public.group_feedback is
  'End-of-group feedback: how helpful (1-5), would you recommend, what helped most, what could be better; quotes marked by the lead.';
comment on column public.group_feedback.helpful is
  '1 (not at all helpful) to 5 (very helpful); null when not answered or "prefer not to say".';
alter table public.group_feedback enable row level security;

revoke insert, update, delete, truncate on public.outcome_instruments, public.outcome_items,
  public.outcome_options, public.programme_measures, public.outcome_responses,
  public.outcome_answers, public.outcome_goals, public.group_feedback from anon, authenticated;

create trigger outcome_instruments_audit after insert or update or delete on public.outcome_instruments
  for each row execute function private.audit_row();
create trigger outcome_items_audit after insert or update or delete on public.outcome_items
  for each row execute function private.audit_row();
create trigger outcome_options_audit after insert or update or delete on public.outcome_options
  for each row execute function private.audit_row();
create trigger programme_measures_audit after insert or update or delete on public.programme_measures
  for each row execute function private.audit_row();
create trigger outcome_responses_audit after insert or update or delete on public.outcome_responses
  for each row execute function private.audit_row();
create trigger outcome_answers_audit after insert or update or delete on public.outcome_answers
  for each row execute function private.audit_row();
create trigger outcome_goals_audit after insert or update or delete on public.outcome_goals
  for each row execute function private.audit_row();
create trigger group_feedback_audit after insert or update or delete on public.group_feedback
  for each row execute function private.audit_row();

-- Who may see a family's outcomes.

/**
 * The enrolments whose outcomes the caller may read, as a set worked out once per query (policies
 * use `enrolment_id in (select ...)`): a parent's own, a facilitator's groups' families. The lead
 * reads everything through the policy's own check, so the set stays small for everyone.
 */
create function private.outcome_enrolment_ids() returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select e.id from public.enrolments e where e.parent_id = (select auth.uid())
  union all
  select e.id from public.enrolments e
  join public.group_facilitators f on f.group_id = e.group_id
  where f.facilitator_id = (select auth.uid())
$$;
comment on function private.outcome_enrolment_ids() is
  'The enrolments whose outcomes the caller may read: their own as a parent, their groups'' as a facilitator.';
grant execute on function private.outcome_enrolment_ids() to authenticated;

-- Policies. One permissive policy per table, role and action.

create policy "The groups service can read instruments" on public.outcome_instruments
  for select to authenticated
  using ((select private.current_app_role()) in ('clinical_lead', 'facilitator', 'parent'));
create policy "The groups service can read response options" on public.outcome_options
  for select to authenticated
  using ((select private.current_app_role()) in ('clinical_lead', 'facilitator', 'parent'));
create policy "Staff read every item; parents only items their licence lets them see" on public.outcome_items
  for select to authenticated
  using ((select private.current_app_role()) in ('clinical_lead', 'facilitator')
    or ((select private.current_app_role()) = 'parent'
        and instrument_id in (select i.id from public.outcome_instruments i where i.item_text_for = 'everyone')));
create policy "The groups service can read the programmes' measures" on public.programme_measures
  for select to authenticated
  using ((select private.current_app_role()) in ('clinical_lead', 'facilitator', 'parent'));
create policy "Own, their groups' or (the lead) every response" on public.outcome_responses
  for select to authenticated
  using ((select private.is_clinical_lead()) or enrolment_id in (select private.outcome_enrolment_ids()));
-- The answers follow their response: the subquery reads outcome_responses under its own policy.
create policy "The answers of responses the caller may read" on public.outcome_answers
  for select to authenticated
  using (response_id in (select r.id from public.outcome_responses r));
create policy "Own, their groups' or (the lead) every family's goals" on public.outcome_goals
  for select to authenticated
  using ((select private.is_clinical_lead()) or enrolment_id in (select private.outcome_enrolment_ids()));
create policy "Own, their groups' or (the lead) every family's feedback" on public.group_feedback
  for select to authenticated
  using ((select private.is_clinical_lead()) or enrolment_id in (select private.outcome_enrolment_ids()));

-- Scoring.

/**
 * The score of a set of answers to an instrument: `answers` maps item number to the value chosen,
 * or null for "prefer not to say". Reverse-scored items count as (lowest + highest option - value).
 * With at least min_answered items answered, the mean of the answered items is the mean score;
 * the sum is that mean times the number of items (prorated, so a missing item does not lower it),
 * and a lookup converts the sum, rounded to a whole number, through the instrument's table.
 * Goals instruments (GBO) score the mean of the goals rated. Subscales are scored the same way
 * (sum or mean; a lookup instrument's subscales are sums). Returns {score, subscales, answered,
 * items, clinical}: clinical says whether the score is at the cut-off or on its worse side (null
 * without a cut-off or a score). The one definition of a score; tests/db/outcome-scoring works
 * through examples by hand.
 */
create function private.score_values(instrument text, answers jsonb) returns jsonb
language sql stable security definer set search_path = ''
as $$
  with i as (
    select x.*, (select min(o.value) + max(o.value) from public.outcome_options o
                 where o.instrument_id = x.id) as flip
    from public.outcome_instruments x where x.id = instrument
  ),
  v as (
    -- each answered item's scored value; goals instruments count the goals given
    select it.number, it.subscale,
      case when it.reverse then i.flip - (answers ->> it.number::text)::numeric
           else (answers ->> it.number::text)::numeric end as value
    from i join public.outcome_items it on it.instrument_id = i.id
    where answers ? it.number::text
  ),
  n as (
    select case when i.kind = 'goals' then (select count(*) from v)
                else (select count(*) from public.outcome_items it where it.instrument_id = i.id)
           end::int as items,
      (select count(value) from v)::int as answered,
      (select avg(value) from v) as mean
    from i
  ),
  s as (
    select case when n.answered < i.min_answered or n.answered = 0 then null
                when i.scoring = 'mean' then round(n.mean, 2)
                when i.scoring = 'sum' then round(n.mean * n.items, 2)
                else (i.lookup ->> round(n.mean * n.items)::int::text)::numeric end as score
    from i, n
  ),
  sub as (
    select v.subscale, count(v.value) as answered, count(*) as given, avg(v.value) as mean,
      (select count(*) from public.outcome_items it
       where it.instrument_id = instrument and it.subscale = v.subscale) as items
    from v where v.subscale is not null group by v.subscale
  )
  select jsonb_build_object(
    'score', s.score,
    'subscales', (select coalesce(jsonb_object_agg(sub.subscale,
        case when sub.answered < sub.items then null
             when i.scoring = 'mean' then round(sub.mean, 2)
             else round(sub.mean * sub.items, 2) end), '{}'::jsonb) from sub),
    'answered', n.answered, 'items', n.items,
    'clinical', case when i.cutoff is null or s.score is null then null
                     when i.higher_is_better then s.score <= i.cutoff
                     else s.score >= i.cutoff end)
  from i, n, s
$$;
comment on function private.score_values(text, jsonb) is
  'Scores answers (item number -> value, null for prefer not to say) by the instrument''s rule: sum, mean or lookup, reverse items, subscales, cut-off.';

/** Keeps a response's score and subscale scores in step with its answers (any writer). */
create function private.rescore_response() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  r uuid;
  scored jsonb;
begin
  for r in select x from unnest(array[old.response_id, new.response_id]) x where x is not null
  loop
    select private.score_values(o.instrument_id,
        coalesce((select jsonb_object_agg(a.number::text, a.value) from public.outcome_answers a
                  where a.response_id = o.id), '{}'::jsonb))
      into scored
    from public.outcome_responses o where o.id = r;
    update public.outcome_responses o
    set score = (scored ->> 'score')::numeric, subscale_scores = coalesce(scored -> 'subscales', '{}')
    where o.id = r and (o.score is distinct from (scored ->> 'score')::numeric
      or o.subscale_scores is distinct from coalesce(scored -> 'subscales', '{}'));
  end loop;
  return null;
end
$$;
comment on function private.rescore_response() is
  'Trigger: recomputes the score of the responses whose answers a write touched.';
create trigger outcome_answers_rescore after insert or update or delete on public.outcome_answers
  for each row execute function private.rescore_response();

-- When a measure may be answered.

/**
 * When a measure of a group may be answered, from its live sessions (cancelled ones do not
 * count): before opens 21 days before the first session, is due at its start and closes at the
 * start of the second session (so a paper form filled at session 1 can still be entered); after
 * opens 7 days before the last session, is due at its end and closes 28 days later; a follow-up
 * is due `weeks` after the last session ends, opens 14 days earlier and closes 28 days later.
 * End-of-group feedback keeps the after window. Null times for a group with no live sessions.
 */
create function private.measure_window(g uuid, at text, weeks int default null)
returns table (opens_at timestamptz, due_at timestamptz, closes_at timestamptz)
language sql stable security definer set search_path = ''
as $$
  with s as (
    select min(x.starts_at) as first_start,
      (select y.starts_at from public.sessions y where y.group_id = g and y.status <> 'cancelled'
       order by y.starts_at offset 1 limit 1) as second_start,
      min(x.ends_at) as first_end, max(x.starts_at) as last_start, max(x.ends_at) as last_end
    from public.sessions x where x.group_id = g and x.status <> 'cancelled'
  )
  select
    case at when 'before' then s.first_start - interval '21 days'
            when 'after' then s.last_start - interval '7 days'
            else s.last_end + make_interval(days => 7 * weeks - 14) end,
    case at when 'before' then s.first_start
            when 'after' then s.last_end
            else s.last_end + make_interval(days => 7 * weeks) end,
    case at when 'before' then coalesce(s.second_start, s.first_end + interval '7 days')
            when 'after' then s.last_end + interval '28 days'
            else s.last_end + make_interval(days => 7 * weeks + 28) end
  from s
$$;
comment on function private.measure_window(uuid, text, int) is
  'When a group''s measure (before, after, follow-up) opens, is due and closes, from its live sessions.';

/**
 * Refuses, whoever writes, an answer, goal or response outside its measure's window (by the app's
 * clock), for a family without a place, or for a measure the programme does not use; and a
 * submitted response cannot go back to in progress. Feedback keeps the after window.
 */
create function private.require_measure_open() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  enrolment uuid;
  instrument text;
  point text;
  weeks int;
  e public.enrolments;
  w record;
  at_time timestamptz := (select private.clock());
begin
  if tg_table_name = 'outcome_answers' then
    select o.enrolment_id, o.instrument_id, o.at into enrolment, instrument, point
    from public.outcome_responses o where o.id = coalesce(new.response_id, old.response_id);
  elsif tg_table_name = 'outcome_responses' then
    enrolment := coalesce(new.enrolment_id, old.enrolment_id);
    instrument := coalesce(new.instrument_id, old.instrument_id);
    point := coalesce(new.at, old.at);
    if tg_op = 'UPDATE' and old.submitted_at is not null and new.submitted_at is null then
      raise exception 'This has already been sent and cannot be reopened.' using errcode = 'P0001';
    end if;
    -- the trigger that keeps the score up to date writes only the score
    if tg_op = 'UPDATE' and (new.score is distinct from old.score
         or new.subscale_scores is distinct from old.subscale_scores)
       and (to_jsonb(new) - 'score' - 'subscale_scores') = (to_jsonb(old) - 'score' - 'subscale_scores') then
      return new;
    end if;
  elsif tg_table_name = 'outcome_goals' then
    enrolment := coalesce(new.enrolment_id, old.enrolment_id);
    instrument := coalesce(new.instrument_id, old.instrument_id);
    point := 'before';
  else
    enrolment := coalesce(new.enrolment_id, old.enrolment_id);
    point := 'feedback';
    -- the lead's quote marks are not answers: they may be set whenever
    if tg_op = 'UPDATE' and (to_jsonb(new) - 'helped_most_quote' - 'could_be_better_quote'
         - 'quote_marked_by' - 'quote_marked_at')
       = (to_jsonb(old) - 'helped_most_quote' - 'could_be_better_quote' - 'quote_marked_by' - 'quote_marked_at') then
      return new;
    end if;
  end if;
  select * into e from public.enrolments x where x.id = enrolment;
  -- a cascade from a deleted enrolment (or response) deletes what hung from it
  if tg_op = 'DELETE' and e.id is null then
    return old;
  end if;
  if e.status is distinct from 'enrolled' then
    raise exception 'Only a family with a place in the group can answer its measures.'
      using errcode = 'P0001';
  end if;
  if point <> 'feedback' then
    select m.follow_up_weeks into weeks from public.programme_measures m
    join public.groups g on g.programme_id = m.programme_id
    where g.id = e.group_id and m.instrument_id = instrument and m.at = point;
    if not found then
      raise exception 'This group''s programme does not use this measure then.' using errcode = 'P0001';
    end if;
  end if;
  select * into w from private.measure_window(e.group_id,
    case when point = 'feedback' then 'after' else point end, weeks);
  if w.opens_at is null or at_time < w.opens_at then
    raise exception 'This is not open yet. It opens on %.',
      to_char(w.opens_at at time zone 'Europe/London', 'FMDay FMDD FMMonth YYYY')
      using errcode = 'P0001';
  end if;
  if at_time >= w.closes_at then
    raise exception 'This closed on %, so it can no longer be answered or changed.',
      to_char(w.closes_at at time zone 'Europe/London', 'FMDay FMDD FMMonth YYYY')
      using errcode = 'P0001';
  end if;
  return coalesce(new, old);
end
$$;
comment on function private.require_measure_open() is
  'Trigger: refuses a measure''s answers, goals or feedback outside the window, for a family without a place, or a measure not used.';
create trigger outcome_responses_open before insert or update or delete on public.outcome_responses
  for each row execute function private.require_measure_open();
create trigger outcome_answers_open before insert or update or delete on public.outcome_answers
  for each row execute function private.require_measure_open();
create trigger outcome_goals_open before insert or update or delete on public.outcome_goals
  for each row execute function private.require_measure_open();
create trigger group_feedback_open before insert or update or delete on public.group_feedback
  for each row execute function private.require_measure_open();

-- Instruments: installing one from a definition.

/**
 * Installs an instrument from its definition (the JSON a lead uploads; the README shows one).
 * Judges everything a definition can get wrong, with the field in the hint: an id not in use,
 * names, scoring, range, cut-off in range, at least two options, at least one item, subscales,
 * a lookup covering every whole raw total, the score range reachable. Returns the id.
 */
create function private.install_instrument(def jsonb, by uuid, built_in boolean default false) returns text
language plpgsql security definer set search_path = ''
as $$
declare
  new_id text := btrim(def ->> 'id');
  scoring text := def ->> 'scoring';
  kind text := coalesce(def ->> 'kind', 'questionnaire');
  lo numeric;
  hi numeric;
  items int;
  low_option int;
  high_option int;
  k int;
begin
  if jsonb_typeof(def) is distinct from 'object' then
    raise exception 'The definition must be a JSON object.' using errcode = 'P0001', hint = 'definition';
  end if;
  if new_id is null or new_id !~ '^[a-z][a-z0-9_]{1,39}$' then
    raise exception 'The id must be 2 to 40 lower-case letters, digits or _, starting with a letter.'
      using errcode = 'P0001', hint = 'id';
  end if;
  if exists (select 1 from public.outcome_instruments i where i.id = new_id) then
    raise exception 'An instrument with the id "%" is already installed.', new_id
      using errcode = 'P0001', hint = 'id';
  end if;
  if kind not in ('goals', 'questionnaire') or (kind = 'goals' and not built_in) then
    raise exception 'The kind must be "questionnaire".' using errcode = 'P0001', hint = 'kind';
  end if;
  if scoring is null or scoring not in ('sum', 'mean', 'lookup') then
    raise exception 'The scoring must be "sum", "mean" or "lookup".' using errcode = 'P0001', hint = 'scoring';
  end if;
  if jsonb_typeof(def -> 'options') is distinct from 'array' or jsonb_array_length(def -> 'options') < 2
     or exists (select 1 from jsonb_array_elements(def -> 'options') o
                where jsonb_typeof(o -> 'value') is distinct from 'number'
                   or (o ->> 'value')::numeric <> floor((o ->> 'value')::numeric)
                   or (o ->> 'value')::numeric not between 0 and 100
                   or nullif(btrim(o ->> 'label'), '') is null or length(o ->> 'label') > 80)
     or (select count(distinct (o ->> 'value')) from jsonb_array_elements(def -> 'options') o)
        <> jsonb_array_length(def -> 'options') then
    raise exception 'Give at least two response options, each a different whole number from 0 to 100 with a label of up to 80 characters.'
      using errcode = 'P0001', hint = 'options';
  end if;
  if jsonb_typeof(def -> 'items') is distinct from 'array' or jsonb_array_length(def -> 'items') not between 1 and 100
     or exists (select 1 from jsonb_array_elements(def -> 'items') it
                where nullif(btrim(it ->> 'wording'), '') is null or length(it ->> 'wording') > 500
                   or (it ? 'reverse' and jsonb_typeof(it -> 'reverse') <> 'boolean')
                   or (it ? 'subscale' and jsonb_typeof(it -> 'subscale') <> 'null'
                       and (jsonb_typeof(it -> 'subscale') <> 'string'
                            or length(btrim(it ->> 'subscale')) not between 1 and 60))) then
    raise exception 'Give 1 to 100 items, each with wording of up to 500 characters (and reverse true or false, subscale a name).'
      using errcode = 'P0001', hint = 'items';
  end if;
  items := jsonb_array_length(def -> 'items');
  select min((o ->> 'value')::int), max((o ->> 'value')::int) into low_option, high_option
  from jsonb_array_elements(def -> 'options') o;
  if jsonb_typeof(def -> 'range' -> 'min') is distinct from 'number'
     or jsonb_typeof(def -> 'range' -> 'max') is distinct from 'number'
     or (def -> 'range' ->> 'min')::numeric >= (def -> 'range' ->> 'max')::numeric then
    raise exception 'Give the score''s range as {"min": …, "max": …}, the lowest below the highest.'
      using errcode = 'P0001', hint = 'range';
  end if;
  lo := (def -> 'range' ->> 'min')::numeric;
  hi := (def -> 'range' ->> 'max')::numeric;
  if (scoring = 'sum' and (lo <> low_option * items or hi <> high_option * items))
     or (scoring = 'mean' and (lo <> low_option or hi <> high_option)) then
    raise exception 'The range does not match the options and items: by % it is % to %.', scoring,
      case when scoring = 'sum' then low_option * items else low_option end,
      case when scoring = 'sum' then high_option * items else high_option end
      using errcode = 'P0001', hint = 'range';
  end if;
  if scoring = 'lookup' then
    if jsonb_typeof(def -> 'lookup') is distinct from 'object' then
      raise exception 'A lookup instrument needs a "lookup" table from raw total to score.'
        using errcode = 'P0001', hint = 'lookup';
    end if;
    for k in low_option * items .. high_option * items loop
      if jsonb_typeof(def -> 'lookup' -> k::text) is distinct from 'number'
         or (def -> 'lookup' ->> k::text)::numeric not between lo and hi then
        raise exception 'The lookup table needs a score within the range for every raw total from % to % (% is missing or out of range).',
          low_option * items, high_option * items, k using errcode = 'P0001', hint = 'lookup';
      end if;
    end loop;
  elsif def ? 'lookup' and jsonb_typeof(def -> 'lookup') <> 'null' then
    raise exception 'Only an instrument scored by "lookup" has a lookup table.' using errcode = 'P0001', hint = 'lookup';
  end if;
  if jsonb_typeof(def -> 'higher_is_better') is distinct from 'boolean' then
    raise exception 'Say whether a higher score is better: "higher_is_better": true or false.'
      using errcode = 'P0001', hint = 'higher_is_better';
  end if;
  if def ? 'cutoff' and jsonb_typeof(def -> 'cutoff') <> 'null'
     and (jsonb_typeof(def -> 'cutoff') <> 'number' or (def ->> 'cutoff')::numeric not between lo and hi) then
    raise exception 'The cut-off must be a number within the range (% to %).', lo, hi
      using errcode = 'P0001', hint = 'cutoff';
  end if;
  if def ? 'reliable_change' and jsonb_typeof(def -> 'reliable_change') <> 'null'
     and (jsonb_typeof(def -> 'reliable_change') <> 'number' or (def ->> 'reliable_change')::numeric <= 0
          or (def ->> 'reliable_change')::numeric > hi - lo) then
    raise exception 'The reliable change must be a number above 0 and no more than the range''s width.'
      using errcode = 'P0001', hint = 'reliable_change';
  end if;
  if def ? 'min_answered' and (jsonb_typeof(def -> 'min_answered') <> 'number'
     or (def ->> 'min_answered')::numeric not between 1 and items
     or (def ->> 'min_answered')::numeric <> floor((def ->> 'min_answered')::numeric)) then
    raise exception 'min_answered must be a whole number from 1 to the number of items (%).', items
      using errcode = 'P0001', hint = 'min_answered';
  end if;
  if coalesce(def ->> 'item_text_for', 'everyone') not in ('everyone', 'staff') then
    raise exception 'item_text_for must be "everyone" (parents answer online) or "staff" (entered from paper).'
      using errcode = 'P0001', hint = 'item_text_for';
  end if;
  if nullif(btrim(def ->> 'name'), '') is null or length(def ->> 'name') > 120 then
    raise exception 'Give the instrument a name of up to 120 characters.' using errcode = 'P0001', hint = 'name';
  end if;
  if nullif(btrim(def ->> 'short_name'), '') is null or length(def ->> 'short_name') > 30 then
    raise exception 'Give a short name of up to 30 characters (for tables and charts).'
      using errcode = 'P0001', hint = 'short_name';
  end if;
  if length(coalesce(def ->> 'description', '')) > 2000 or length(coalesce(def ->> 'licence', '')) > 1000 then
    raise exception 'Keep the description under 2,000 characters and the licence note under 1,000.'
      using errcode = 'P0001', hint = 'description';
  end if;

  insert into public.outcome_instruments (id, name, short_name, description, kind, scoring,
    min_score, max_score, higher_is_better, cutoff, reliable_change, lookup, min_answered,
    licence, item_text_for, built_in, created_by)
  values (new_id, btrim(def ->> 'name'), btrim(def ->> 'short_name'),
    btrim(coalesce(def ->> 'description', '')), kind, scoring, lo, hi,
    (def ->> 'higher_is_better')::boolean, (def ->> 'cutoff')::numeric,
    (def ->> 'reliable_change')::numeric, case when scoring = 'lookup' then def -> 'lookup' end,
    coalesce((def ->> 'min_answered')::int, case when kind = 'goals' then 1 else items end),
    btrim(coalesce(def ->> 'licence', '')), coalesce(def ->> 'item_text_for', 'everyone'),
    built_in, by);
  insert into public.outcome_options (instrument_id, value, label)
  select new_id, (o ->> 'value')::int, btrim(o ->> 'label') from jsonb_array_elements(def -> 'options') o;
  insert into public.outcome_items (instrument_id, number, wording, subscale, reverse)
  select new_id, n::int, btrim(it ->> 'wording'), nullif(btrim(it ->> 'subscale'), ''),
    coalesce((it ->> 'reverse')::boolean, false)
  from jsonb_array_elements(def -> 'items') with ordinality as x (it, n);
  return new_id;
end
$$;
comment on function private.install_instrument(jsonb, uuid, boolean) is
  'Installs an instrument from its definition (JSON), judging every field; the id, or an error naming the field.';

-- API: the lead's instruments and each programme's schedule.

/**
 * The lead's measures page: every instrument (with its items, options and how often it has been
 * answered), and each group programme's schedule. Lead only.
 */
create function public.outcome_measures_page() returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
begin
  perform private.require_role('clinical_lead');
  return jsonb_build_object(
    'instruments', (select coalesce(jsonb_agg(jsonb_build_object(
        'id', i.id, 'name', i.name, 'short_name', i.short_name, 'description', i.description,
        'kind', i.kind, 'scoring', i.scoring, 'min_score', i.min_score, 'max_score', i.max_score,
        'higher_is_better', i.higher_is_better, 'cutoff', i.cutoff,
        'reliable_change', i.reliable_change, 'min_answered', i.min_answered,
        'licence', i.licence, 'item_text_for', i.item_text_for, 'built_in', i.built_in,
        'created_at', i.created_at,
        'items', (select coalesce(jsonb_agg(jsonb_build_object('number', it.number,
            'wording', it.wording, 'subscale', it.subscale, 'reverse', it.reverse)
            order by it.number), '[]') from public.outcome_items it where it.instrument_id = i.id),
        'options', (select coalesce(jsonb_agg(jsonb_build_object('value', o.value, 'label', o.label)
            order by o.value), '[]') from public.outcome_options o where o.instrument_id = i.id),
        'responses', (select count(*) from public.outcome_responses r where r.instrument_id = i.id)::int)
        order by i.built_in desc, i.name), '[]') from public.outcome_instruments i),
    'programmes', (select coalesce(jsonb_agg(jsonb_build_object('id', p.id, 'name', p.name,
        'measures', (select coalesce(jsonb_agg(jsonb_build_object('instrument_id', m.instrument_id,
            'at', m.at, 'follow_up_weeks', m.follow_up_weeks)
            order by m.instrument_id, array_position(array['before', 'after', 'follow_up'], m.at)), '[]')
          from public.programme_measures m where m.programme_id = p.id))
        order by p.name), '[]') from public.programmes p where p.kind = 'group')
  );
end
$$;
comment on function public.outcome_measures_page() is
  'The lead''s measures page: the instruments with their items and options, and each group programme''s schedule.';

/** The lead adds an instrument from its definition file (JSON). Returns its id. */
create function public.add_outcome_instrument(definition jsonb) returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
  who uuid := private.require_role('clinical_lead');
begin
  return jsonb_build_object('id', private.install_instrument(definition, who, false));
end
$$;
comment on function public.add_outcome_instrument(jsonb) is
  'The lead installs an instrument from its definition (JSON, judged field by field); returns its id.';

/** The lead removes an instrument nobody has answered and no programme uses. GBO stays. */
create function public.remove_outcome_instrument(instrument_id text) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  i public.outcome_instruments;
begin
  perform private.require_role('clinical_lead');
  select * into i from public.outcome_instruments x where x.id = instrument_id for update;
  if i.id is null then
    raise exception 'No such instrument.' using errcode = 'P0002';
  end if;
  if i.built_in then
    raise exception '% is built in and cannot be removed.', i.name using errcode = 'P0001';
  end if;
  if exists (select 1 from public.programme_measures m where m.instrument_id = i.id) then
    raise exception 'A programme uses %. Take it off the programme''s schedule first.', i.name
      using errcode = 'P0001';
  end if;
  if exists (select 1 from public.outcome_responses r where r.instrument_id = i.id) then
    raise exception 'Families have answered %, so it stays with their answers.', i.name
      using errcode = 'P0001';
  end if;
  delete from public.outcome_instruments x where x.id = i.id;
  return jsonb_build_object('id', i.id);
end
$$;
comment on function public.remove_outcome_instrument(text) is
  'The lead removes an instrument nobody has answered and no programme uses (not a built-in one).';

/**
 * The lead sets a group programme's schedule: `measures` is an array of {instrument_id, at,
 * follow_up_weeks}, replacing what it had. Answers already given stay; a measure taken off the
 * schedule simply cannot be answered any more.
 */
create function public.save_programme_measures(programme_id text, measures jsonb) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  p public.programmes;
begin
  perform private.require_role('clinical_lead');
  select * into p from public.programmes x where x.id = programme_id and x.kind = 'group' for update;
  if p.id is null then
    raise exception 'No such group programme.' using errcode = 'P0002';
  end if;
  if jsonb_typeof(measures) is distinct from 'array' or jsonb_array_length(measures) > 30 then
    raise exception 'Choose up to 30 measures.' using errcode = 'P0001', hint = 'measures';
  end if;
  if exists (select 1 from jsonb_array_elements(measures) m
             where m ->> 'at' is null or m ->> 'at' not in ('before', 'after', 'follow_up')
                or not exists (select 1 from public.outcome_instruments i where i.id = m ->> 'instrument_id')) then
    raise exception 'Each measure needs an installed instrument and a time: before, after or follow-up.'
      using errcode = 'P0001', hint = 'measures';
  end if;
  if exists (select 1 from jsonb_array_elements(measures) m
             where (m ->> 'at' = 'follow_up') <> (coalesce(m ->> 'follow_up_weeks', '') <> '')
                or (m ->> 'at' = 'follow_up' and (m ->> 'follow_up_weeks' !~ '^\d{1,2}$'
                    or (m ->> 'follow_up_weeks')::int not between 4 and 52))) then
    raise exception 'A follow-up is 4 to 52 weeks after the last session.'
      using errcode = 'P0001', hint = 'follow_up_weeks';
  end if;
  if exists (select 1 from jsonb_array_elements(measures) m
             group by m ->> 'instrument_id', m ->> 'at' having count(*) > 1) then
    raise exception 'Each instrument can be used once at each time.' using errcode = 'P0001', hint = 'measures';
  end if;
  delete from public.programme_measures m where m.programme_id = p.id
    and not exists (select 1 from jsonb_array_elements(measures) x
                    where x ->> 'instrument_id' = m.instrument_id and x ->> 'at' = m.at
                      and (x ->> 'follow_up_weeks')::int is not distinct from m.follow_up_weeks);
  insert into public.programme_measures (programme_id, instrument_id, at, follow_up_weeks)
  select p.id, m ->> 'instrument_id', m ->> 'at', (m ->> 'follow_up_weeks')::int
  from jsonb_array_elements(measures) m
  on conflict on constraint programme_measures_pkey do nothing;
  return jsonb_build_object('programme_id', p.id,
    'measures', (select count(*) from public.programme_measures m where m.programme_id = p.id));
end
$$;
comment on function public.save_programme_measures(text, jsonb) is
  'The lead sets which instruments a group programme uses before, after and at follow-up (replacing its schedule).';

-- The outcome tallies (98_outcome_results.sql defines them, from its views, and keeps them by
-- triggers): here, before the facilitator pathway's measures criterion (94) reads them.

/** Per group and instrument: private.outcome_group_tallies' counts, kept by triggers. */
create table private.outcome_tallies (
  group_id uuid not null references public.groups (id) on delete cascade,
  instrument_id text not null references public.outcome_instruments (id),
  with_before int not null,
  paired int not null,
  before_sum numeric not null,
  after_sum numeric not null,
  improved int not null,
  reliable_improved int not null,
  reliable_deteriorated int not null,
  primary key (group_id, instrument_id)
);
comment on table private.outcome_tallies is
  'Per group and instrument: the outcome counts and sums (private.outcome_group_tallies), kept by triggers; read by definer functions only.';
create index outcome_tallies_instrument_idx on private.outcome_tallies (instrument_id);
alter table private.outcome_tallies enable row level security;
revoke all on private.outcome_tallies from public, anon, authenticated;

/** Per group: feedback counts (private.outcome_feedback_tallies) and families paired. */
create table private.outcome_totals (
  group_id uuid primary key references public.groups (id) on delete cascade,
  families_paired int not null,
  answered int not null,
  helpful_n int not null,
  helpful_sum int not null,
  recommend_n int not null,
  recommend_yes int not null
);
comment on table private.outcome_totals is
  'Per group: families paired on any instrument and the end-of-group feedback counts, kept by triggers; read by definer functions only.';
alter table private.outcome_totals enable row level security;
revoke all on private.outcome_totals from public, anon, authenticated;
