-- The facilitator pathway: who is trained to run Reflective Parenting groups, who is on the way
-- (co-facilitating alongside an accredited facilitator), who is accredited and until when, and
-- who is paused. The rule that every group is led by someone accredited lives here too, with the
-- accreditation criteria (settable by the lead) and each person's progress against them,
-- computed from what the app already holds: groups led, fidelity checklists (92_fidelity.sql)
-- and consultations (93_consultations.sql). Renewal reminders go through the message queue.
--
-- A person's stage is computed, never stored, so it cannot go stale:
--   untrained        no training recorded (cannot lead a group)
--   trained          training recorded (by our course's certificate, or elsewhere with evidence)
--   co_facilitating  trained, and on a group alongside an accredited facilitator
--   accredited       the lead confirmed it, and it is before the renewal date
--   lapsed           accredited, but the renewal date has passed
--   paused           the lead paused them (with a reason), whatever else is true
-- A lapsed, paused or untrained person cannot be put on a group; a group that is already
-- running keeps them (the register tells the lead).

/** The accreditation criteria and the renewal period: one row, set by the lead. */
create table public.accreditation_criteria (
  id boolean primary key default true check (id),
  groups_required int not null default 2 check (groups_required between 1 and 10),
  checklist_percent int not null default 75 check (checklist_percent between 0 and 100),
  consultations_per_group int not null default 2 check (consultations_per_group between 0 and 10),
  measures_required boolean not null default true,
  renewal_months int not null default 24 check (renewal_months between 6 and 120),
  updated_by uuid references public.profiles (id) on delete set null,
  updated_at timestamptz not null default now()
);
comment on table public.accreditation_criteria is
  'What accreditation asks (groups co-facilitated, share of sessions with a fidelity checklist, consultations per group, outcome measures) and how long it lasts; one row, the lead''s.';
alter table public.accreditation_criteria enable row level security;

/** A facilitator's training and accreditation: one row per person who has been trained. */
create table public.facilitator_records (
  person_id uuid primary key references public.profiles (id) on delete cascade,
  trained_on date not null,
  trained_how text not null check (trained_how in ('course', 'elsewhere')),
  certificate_id uuid references public.course_certificates (id),
  training_evidence text not null check (length(btrim(training_evidence)) between 3 and 2000),
  accredited_on date,
  accredited_how text check (accredited_how in ('criteria', 'elsewhere')),
  accreditation_evidence text check (length(accreditation_evidence) <= 2000),
  renew_by date,
  paused_on date,
  pause_reason text check (length(btrim(pause_reason)) between 3 and 500),
  updated_at timestamptz not null default now(),
  check ((trained_how = 'course') = (certificate_id is not null)),
  check ((accredited_on is null) = (accredited_how is null)
    and (accredited_on is null) = (renew_by is null)),
  check (renew_by > accredited_on),
  check (accredited_on >= trained_on),
  check ((paused_on is null) = (pause_reason is null))
);
comment on table public.facilitator_records is
  'Each trained facilitator: how and when trained (our course''s certificate or evidence of training elsewhere), accreditation and its renewal date, and any pause.';
alter table public.facilitator_records enable row level security;

/** What happened on a facilitator's pathway, in order (append-only, for the record page). */
create table public.facilitator_events (
  id bigint generated always as identity primary key,
  person_id uuid not null references public.profiles (id) on delete cascade,
  event text not null check (event in ('trained', 'accredited', 'renewed', 'paused', 'resumed')),
  on_date date not null,
  note text not null default '' check (length(note) <= 2000),
  recorded_by uuid references public.profiles (id) on delete set null,
  recorded_at timestamptz not null default now()
);
comment on table public.facilitator_events is
  'The history of a facilitator''s pathway: trained, accredited, renewed, paused, resumed, with dates and who recorded it.';
create index facilitator_events_person_idx on public.facilitator_events (person_id, id);
alter table public.facilitator_events enable row level security;

revoke insert, update, delete, truncate on public.accreditation_criteria,
  public.facilitator_records, public.facilitator_events from anon, authenticated;

create trigger facilitator_records_audit after insert or update or delete on public.facilitator_records
  for each row execute function private.audit_row();
create trigger accreditation_criteria_audit after insert or update or delete on public.accreditation_criteria
  for each row execute function private.audit_row();

create policy "The lead reads the accreditation criteria; facilitators read them too"
  on public.accreditation_criteria for select to authenticated
  using ((select private.current_app_role()) in ('clinical_lead', 'facilitator'));
create policy "The lead reads every facilitator record; a facilitator reads their own"
  on public.facilitator_records for select to authenticated
  using ((select private.is_clinical_lead()) or person_id = (select auth.uid()));
create policy "The lead reads every pathway event; a facilitator reads their own"
  on public.facilitator_events for select to authenticated
  using ((select private.is_clinical_lead()) or person_id = (select auth.uid()));

/** Today in London on the app's clock (the demo can move it). */
create function private.london_today() returns date
language sql stable security definer set search_path = ''
as $$
  select (private.clock() at time zone 'Europe/London')::date
$$;
comment on function private.london_today() is
  'Today''s date in Europe/London by private.clock() (now(), or the demo''s moved clock); definer, as private.clock is the owner''s.';

/**
 * The one definition of "co-facilitated": the non-cancelled groups a person runs alongside a
 * facilitator who has been accredited. Security invoker: only groups the caller may read.
 * `most` stops after that many (1 to ask whether there is any): a set function's rows are all
 * made before the caller reads one, and a trainee at national scale has hundreds (~10 ms).
 */
create function private.co_facilitated_group_ids(person uuid, most int default null)
  returns setof uuid
language sql stable security invoker set search_path = ''
as $$
  select gf.group_id
  from public.group_facilitators gf
  join public.groups g on g.id = gf.group_id and g.status <> 'cancelled'
  where gf.facilitator_id = person
    and exists (select 1 from public.group_facilitators o
                join public.facilitator_records r on r.person_id = o.facilitator_id
                where o.group_id = gf.group_id and o.facilitator_id <> person
                  and r.accredited_on is not null)
  limit most
$$;
comment on function private.co_facilitated_group_ids(uuid, int) is
  'The non-cancelled groups a person runs alongside a facilitator who has been accredited (at most `most`; all when null); security invoker.';

/** A person's stage on the pathway (see the top of this file). Security invoker. */
create function private.facilitator_stage(person uuid) returns text
language sql stable security invoker set search_path = ''
as $$
  select case
    when r.person_id is null then 'untrained'
    when r.paused_on is not null then 'paused'
    when r.accredited_on is not null and r.renew_by <= private.london_today() then 'lapsed'
    when r.accredited_on is not null then 'accredited'
    when exists (select 1 from private.co_facilitated_group_ids(x.id, 1)) then 'co_facilitating'
    else 'trained' end
  from (select person as id) x
  left join public.facilitator_records r on r.person_id = x.id
$$;
comment on function private.facilitator_stage(uuid) is
  'untrained, trained, co_facilitating, accredited, lapsed or paused, computed from the record and the groups; security invoker.';

/**
 * Why a person cannot be put on a group now, as a sentence for the lead, or null when they can:
 * a facilitator account that is trained, co-facilitating or accredited (not paused, not lapsed).
 */
create function private.facilitator_refusal(person uuid) returns text
language sql stable security invoker set search_path = ''
as $$
  select case
    when p.id is null or p.role <> 'facilitator' then 'Only facilitator accounts can run a group.'
    else case private.facilitator_stage(p.id)
      when 'untrained' then format('%s has no facilitator training recorded, so cannot lead a group yet.', p.full_name)
      when 'paused' then format('%s is paused from facilitating, so cannot be put on a group.', p.full_name)
      when 'lapsed' then format('%s''s accreditation lapsed on %s: renew it before they lead a new group.',
        p.full_name, to_char(r.renew_by, 'FMDD FMMonth YYYY'))
      end end
  from (select person as id) x
  left join public.profiles p on p.id = x.id
  left join public.facilitator_records r on r.person_id = x.id
$$;
comment on function private.facilitator_refusal(uuid) is
  'Null when the person may be put on a group (a trained, co-facilitating or accredited facilitator account); otherwise why not, in a sentence.';

/**
 * Whether an account may be put on a group: every check (the new-group trigger, a swap, the
 * lists the forms offer) asks here. Security invoker: a client learns only about records it may
 * read already (the lead reads all; the trigger runs as the owner).
 */
create function private.may_facilitate(person uuid) returns boolean
language sql stable security invoker set search_path = ''
as $$
  select private.facilitator_refusal(person) is null
$$;
comment on function private.may_facilitate(uuid) is
  'Whether an account may be put on a group: a facilitator account that is trained, co-facilitating or accredited, not paused or lapsed.';
grant execute on function private.london_today(), private.co_facilitated_group_ids(uuid, int),
  private.facilitator_stage(uuid), private.facilitator_refusal(uuid),
  private.may_facilitate(uuid) to authenticated;

/**
 * The rule: a group's facilitators include at least one accredited facilitator. Raised with the
 * form field the caller names, so create_group and swap_facilitator point at the right field;
 * the constraint trigger below calls it too, for any other writer.
 */
create function private.require_accredited_facilitator(g uuid, field text) returns void
language plpgsql stable security definer set search_path = ''
as $$
begin
  if (select status from public.groups where id = g) is distinct from 'cancelled'
     and not exists (select 1 from public.group_facilitators f
                     where f.group_id = g and private.facilitator_stage(f.facilitator_id) = 'accredited') then
    raise exception 'Every group needs at least one accredited facilitator: choose one for this group.'
      using errcode = 'P0001', hint = field;
  end if;
end
$$;
comment on function private.require_accredited_facilitator(uuid, text) is
  'Raises P0001 (hinting the given field) unless the group has an accredited facilitator; cancelled groups are exempt.';

/** Constraint trigger (at commit): a group given a facilitator has an accredited one. */
create function private.check_group_has_accredited() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  perform private.require_accredited_facilitator(new.group_id, 'facilitators');
  return null;
end
$$;
comment on function private.check_group_has_accredited() is
  'Constraint trigger (at commit, on a new facilitator row): the group has at least one accredited facilitator.';
create constraint trigger group_facilitators_accredited
  after insert on public.group_facilitators deferrable initially deferred
  for each row execute function private.check_group_has_accredited();

/** Each criterion's target, progress and whether it is met, for one person. */
create function private.facilitator_progress(person uuid) returns jsonb
language sql stable security definer set search_path = ''
as $$
  with c as (select * from public.accreditation_criteria where id),
  -- The groups a person runs alongside an accredited facilitator, with how far each has got:
  -- sessions started (not cancelled), those with a fidelity checklist, consultations, whether
  -- it has finished by private.clock() (now(), or the demo's moved clock, so a journey can let a
  -- group finish), and how complete its measures are. A facilitator at national scale has
  -- hundreds of groups, so each fact is one set-based read over all of them: the first start,
  -- last end and live session starts and the families who started (placed) from each group's
  -- review tally (private.review_tallies, kept by triggers), the families with a scored response
  -- before and after (private.outcome_totals.families_paired, 98_outcome_results.sql), and the
  -- partners, checklists and consultations counted per group in one pass each.
  ids as materialized (select x.id from private.co_facilitated_group_ids(person) x (id)),
  -- read once: private.clock() has a SET clause, so in a query it would run per row
  clock as materialized (select private.clock() as at_time),
  partners as (
    select o.group_id, string_agg(p.full_name, ' and ' order by p.full_name) as names
    from public.group_facilitators o
    join public.facilitator_records r on r.person_id = o.facilitator_id and r.accredited_on is not null
    join public.profiles p on p.id = o.facilitator_id
    where o.group_id in (select ids.id from ids) and o.facilitator_id <> person
    group by o.group_id
  ),
  checks as (
    select x.group_id, count(*)::int as n
    from public.sessions x join public.session_fidelity_checks k on k.session_id = x.id
    where x.group_id in (select ids.id from ids) and x.status <> 'cancelled'
    group by x.group_id
  ),
  consults as (
    select k.group_id, count(*)::int as n from public.group_consultations k
    where k.group_id in (select ids.id from ids)
    group by k.group_id
  ),
  g as (
    select gr.id as group_id, gr.name, pa.names as partner, t.first_start as first_session,
      coalesce(t.last_end < clock.at_time, false) as finished,
      coalesce((select count(*) from unnest(t.live_starts) s where s <= clock.at_time), 0)::int
        as sessions_started,
      coalesce(ck.n, 0) as checklists, coalesce(cs.n, 0) as consultations,
      coalesce(t.placed, 0) as families_started, coalesce(o.families_paired, 0) as families_paired
    from ids
    join public.groups gr on gr.id = ids.id
    cross join clock
    left join private.review_tallies t on t.group_id = gr.id
    left join partners pa on pa.group_id = gr.id
    left join checks ck on ck.group_id = gr.id
    left join consults cs on cs.group_id = gr.id
    left join private.outcome_totals o on o.group_id = gr.id
  ),
  finished as (select * from g where g.finished),
  -- measures: at least half the families who started each finished group answered before and
  -- after (a group nobody started asks nothing)
  m as (
    select f.group_id, f.families_started as started, f.families_paired as paired,
      (f.families_started = 0 or 2 * f.families_paired >= f.families_started) as met
    from finished f
  ),
  t as (
    select (select count(*) from finished)::int as groups_done,
      coalesce((select sum(sessions_started) from g), 0)::int as started,
      coalesce((select sum(least(checklists, sessions_started)) from g), 0)::int as checked
  )
  select jsonb_build_object(
    'groups', (select coalesce(jsonb_agg(jsonb_build_object('id', g.group_id, 'name', g.name,
        'partner', g.partner, 'first_session', g.first_session, 'finished', g.finished,
        'sessions_started', g.sessions_started, 'checklists', least(g.checklists, g.sessions_started),
        'consultations', g.consultations,
        'consultations_met', g.consultations >= c.consultations_per_group,
        'families_started', g.families_started, 'families_paired', g.families_paired)
        order by g.first_session), '[]'::jsonb)
      from g),
    'criteria', jsonb_build_array(
      jsonb_build_object('key', 'groups', 'target', c.groups_required, 'done', t.groups_done,
        'running', (select count(*) from g where not g.finished)::int,
        'met', t.groups_done >= c.groups_required),
      jsonb_build_object('key', 'checklists', 'target', c.checklist_percent,
        'sessions', t.started, 'checked', t.checked,
        'percent', case when t.started > 0 then floor(100.0 * t.checked / t.started)::int end,
        'met', t.started > 0 and 100 * t.checked >= c.checklist_percent * t.started),
      jsonb_build_object('key', 'consultations', 'target', c.consultations_per_group,
        'groups_met', (select count(*) from finished f where f.consultations >= c.consultations_per_group)::int,
        'groups', t.groups_done,
        'met', t.groups_done > 0 and not exists (
          select 1 from finished f where f.consultations < c.consultations_per_group)),
      jsonb_build_object('key', 'measures', 'required', c.measures_required, 'available', true,
        'groups', t.groups_done, 'groups_met', (select count(*) from m where m.met)::int,
        'met', not c.measures_required or (t.groups_done > 0 and not exists (select 1 from m where not m.met)))),
    'all_met', t.groups_done >= c.groups_required
      and t.started > 0 and 100 * t.checked >= c.checklist_percent * t.started
      and not exists (select 1 from finished f where f.consultations < c.consultations_per_group)
      and (not c.measures_required or not exists (select 1 from m where not m.met)))
  from c, t
$$;
comment on function private.facilitator_progress(uuid) is
  'A person''s progress against each accreditation criterion, from their co-facilitated groups, checklists and consultations; callers check who may see it.';

/** The date a person reached their current stage, for the register. */
create function private.facilitator_stage_since(person uuid, stage text) returns date
language sql stable security definer set search_path = ''
as $$
  select case stage
    when 'trained' then r.trained_on
    -- the first live session of those groups: each group's review tally keeps its first start
    when 'co_facilitating' then (select (min(t.first_start) at time zone 'Europe/London')::date
      from private.review_tallies t
      where t.group_id in (select private.co_facilitated_group_ids(person)))
    when 'accredited' then coalesce((select max(e.on_date) from public.facilitator_events e
      where e.person_id = person and e.event in ('accredited', 'renewed', 'resumed')), r.accredited_on)
    when 'lapsed' then r.renew_by
    when 'paused' then r.paused_on end
  from public.facilitator_records r where r.person_id = person
$$;
comment on function private.facilitator_stage_since(uuid, text) is
  'When a person reached the stage given: trained on, first co-facilitated session, accredited or renewed on, lapsed on, paused on.';

/** Refuses unless the person is a facilitator account; returns their profile. */
create function private.require_facilitator_account(person uuid) returns public.profiles
language plpgsql stable security definer set search_path = ''
as $$
declare
  p public.profiles;
begin
  select * into p from public.profiles where id = person;
  if p.id is null or p.role <> 'facilitator' then
    raise exception 'No such facilitator.' using errcode = 'P0002';
  end if;
  return p;
end
$$;
comment on function private.require_facilitator_account(uuid) is
  'The profile of a facilitator account, or P0002.';

/** A date the lead gives for something that has happened: not in the future, not absurdly old. */
create function private.require_past_date(value date, field text, what text) returns date
language plpgsql stable security definer set search_path = ''
as $$
begin
  if value is null then
    raise exception 'Give the date %.', what using errcode = 'P0001', hint = field;
  end if;
  if value > private.london_today() then
    raise exception 'The date % cannot be in the future.', what using errcode = 'P0001', hint = field;
  end if;
  if value < date '1990-01-01' then
    raise exception 'Check the date %: it is too long ago.', what using errcode = 'P0001', hint = field;
  end if;
  return value;
end
$$;
comment on function private.require_past_date(date, text, text) is
  'Refuses a missing, future or pre-1990 date with P0001 hinting the field; returns it.';

-- The register ----------------------------------------------------------------------------------

/**
 * The register of facilitators, one page of 50 at a time (ordered by name), searched and
 * filtered. The lead: everyone with a facilitator account, their stage and since when, renewal
 * date, how many criteria are met, groups running; warnings (lapsed with a group still running,
 * renewals due within 60 days, paused: over everyone, whatever the page); and the criteria. A
 * facilitator: names and stages only, and which row is theirs. `search` matches part of a name
 * (and for the lead an email), case-insensitively (ilike); `stage` keeps one stage; `page` past
 * the last shows the last. Returns the total and the number of pages.
 */
create function public.facilitator_register_page(search text default null, stage text default null,
  page int default 1) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  me uuid := private.require_role('clinical_lead', 'facilitator');
  lead boolean := private.is_clinical_lead();
  today date := private.london_today();
  -- Read once: private.clock() has a SET clause, so in a query it would run per row.
  at_time timestamptz := private.clock();
  page_size constant int := 50;
  q text := nullif(btrim(search), '');
  -- % and _ in what was typed are matched as themselves
  pattern text := '%' || replace(replace(replace(nullif(btrim(search), ''), '\', '\\'), '%', '\%'), '_', '\_') || '%';
begin
  if length(q) > 100 then
    raise exception 'Search for fewer than 100 characters.' using errcode = 'P0001', hint = 'search';
  end if;
  if stage is not null and stage not in ('untrained', 'trained', 'co_facilitating', 'accredited',
      'lapsed', 'paused') then
    raise exception 'Choose a stage from the list.' using errcode = 'P0001', hint = 'stage';
  end if;
  return (
    with x as materialized (
      select y.id, y.full_name, y.email, y.stage
      from (select p.id, p.full_name, p.email, private.facilitator_stage(p.id) as stage
            from public.profiles p
            where p.role = 'facilitator'
              and (q is null or p.full_name ilike pattern or (lead and p.email ilike pattern))) y
      where stage is null or y.stage = stage
    ),
    n as (select count(*)::int as total from x),
    shown as (
      select n.total, greatest(ceil(n.total / page_size::numeric)::int, 1) as pages,
        least(greatest(coalesce(page, 1), 1), greatest(ceil(n.total / page_size::numeric)::int, 1)) as page
      from n
    )
  select jsonb_build_object(
    'is_lead', lead,
    'me', me,
    'today', today,
    'search', coalesce(q, ''),
    'stage', stage,
    'page', shown.page, 'pages', shown.pages, 'page_size', page_size, 'total', shown.total,
    'criteria', (select to_jsonb(c) - 'id' - 'updated_by' from public.accreditation_criteria c where c.id),
    'people', (select coalesce(jsonb_agg(case when lead then jsonb_build_object(
        'id', x.id, 'full_name', x.full_name, 'email', x.email, 'stage', x.stage,
        -- Co-facilitating since the first start of those groups, as facilitator_stage_since
        -- has it, read from the progress already worked out (each reads all of their groups).
        'since', case when x.stage = 'co_facilitating' then
            (select (min((gr ->> 'first_session')::timestamptz) at time zone 'Europe/London')::date
             from jsonb_array_elements(pr.progress -> 'groups') gr)
          else private.facilitator_stage_since(x.id, x.stage) end,
        'renew_by', r.renew_by,
        'criteria_met', case when pr.progress is null then 0 else
          (select count(*) from jsonb_array_elements(pr.progress -> 'criteria') k
            where (k ->> 'met')::boolean and (k ->> 'required' is null or (k ->> 'required')::boolean))::int
          end,
        -- a group still running has a live session ending later: its review tally's last_end
        'groups_running', (select count(*) from public.group_facilitators gf
          join public.groups g on g.id = gf.group_id
          join private.review_tallies t on t.group_id = gf.group_id
          where gf.facilitator_id = x.id and g.status <> 'cancelled' and t.last_end > at_time)::int)
      else jsonb_build_object('id', x.id, 'full_name', x.full_name, 'stage', x.stage) end
      order by x.full_name, x.id), '[]'::jsonb)
      from (select * from x order by x.full_name, x.id
            limit page_size offset (shown.page - 1) * page_size) x
      left join public.facilitator_records r on r.person_id = x.id
      -- Progress only for the lead, and only for those on the way: it reads every group they run.
      -- Offset 0 keeps it one call a person: a subquery pulled up into this one would put the
      -- call in each place that reads it.
      left join lateral (select private.facilitator_progress(x.id) as progress
        where lead and x.stage in ('trained', 'co_facilitating') offset 0) pr on true),
    'alerts', case when lead then (select coalesce(jsonb_agg(a order by a ->> 'on', a ->> 'full_name'), '[]'::jsonb) from (
        select jsonb_build_object('kind', 'lapsed_running', 'person_id', p.id, 'full_name', p.full_name,
          'on', r.renew_by, 'groups', jsonb_agg(g.name order by g.name)) as a
        from public.facilitator_records r
        join public.profiles p on p.id = r.person_id
        join public.group_facilitators gf on gf.facilitator_id = r.person_id
        join public.groups g on g.id = gf.group_id and g.status <> 'cancelled'
        join private.review_tallies t on t.group_id = g.id
        where r.accredited_on is not null and r.paused_on is null and r.renew_by <= today
          and t.last_end > at_time
        group by p.id, p.full_name, r.renew_by
        union all
        select jsonb_build_object('kind', 'renewal_due', 'person_id', p.id, 'full_name', p.full_name,
          'on', r.renew_by, 'days', r.renew_by - today)
        from public.facilitator_records r join public.profiles p on p.id = r.person_id
        where r.accredited_on is not null and r.paused_on is null
          and r.renew_by > today and r.renew_by <= today + 60) y)
      else '[]'::jsonb end)
  from shown);
end
$$;
comment on function public.facilitator_register_page(text, text, int) is
  'The facilitator register, 50 a page, searched by name (the lead: or email) and filtered by stage: for the lead each facilitator''s stage, since when, renewal, criteria met and groups running, with warnings and the criteria; for a facilitator names and stages only.';

/**
 * One facilitator's record: their stage, training, accreditation and renewal, the pathway's
 * history, progress against each criterion with the groups behind it, and for the lead the
 * live course certificates in the person's name or email (to record training on our course).
 * The lead sees anyone's; a facilitator only their own.
 */
create function public.facilitator_record_page(person_id uuid) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  me uuid := private.require_role('clinical_lead', 'facilitator');
  lead boolean := private.is_clinical_lead();
  p public.profiles;
  r public.facilitator_records;
  stage text;
begin
  if not lead and person_id is distinct from me then
    raise exception 'You can see only your own record.' using errcode = '42501';
  end if;
  p := private.require_facilitator_account(person_id);
  select * into r from public.facilitator_records x where x.person_id = p.id;
  stage := private.facilitator_stage(p.id);
  return jsonb_build_object(
    'is_lead', lead,
    'today', private.london_today(),
    'person', jsonb_build_object('id', p.id, 'full_name', p.full_name, 'email', p.email),
    'stage', stage,
    'since', private.facilitator_stage_since(p.id, stage),
    'record', case when r.person_id is not null then jsonb_build_object(
      'trained_on', r.trained_on, 'trained_how', r.trained_how,
      'certificate', (select jsonb_build_object('code', c.code, 'course_title', c.course_title,
          'last_day', c.last_day) from public.course_certificates c where c.id = r.certificate_id),
      'training_evidence', r.training_evidence,
      'accredited_on', r.accredited_on, 'accredited_how', r.accredited_how,
      'accreditation_evidence', r.accreditation_evidence, 'renew_by', r.renew_by,
      'paused_on', r.paused_on, 'pause_reason', r.pause_reason) end,
    'events', (select coalesce(jsonb_agg(jsonb_build_object('event', e.event, 'on_date', e.on_date,
        'note', e.note, 'recorded_by', b.full_name) order by e.id desc), '[]'::jsonb)
      from public.facilitator_events e left join public.profiles b on b.id = e.recorded_by
      where e.person_id = p.id),
    'progress', private.facilitator_progress(p.id),
    'criteria', (select to_jsonb(c) - 'id' - 'updated_by' from public.accreditation_criteria c where c.id),
    'certificates', case when lead and r.person_id is null then (
      select coalesce(jsonb_agg(jsonb_build_object('code', c.code, 'course_title', c.course_title,
          'attendee_name', c.attendee_name, 'last_day', c.last_day) order by c.last_day desc), '[]'::jsonb)
      from public.course_certificates c join public.course_places cp on cp.id = c.place_id
      where c.withdrawn_at is null
        and (lower(cp.attendee_email) = lower(p.email) or lower(c.attendee_name) = lower(p.full_name)))
      else '[]'::jsonb end);
end
$$;
comment on function public.facilitator_record_page(uuid) is
  'One facilitator''s record, history and progress against the criteria; the lead sees anyone''s (with matching course certificates), a facilitator only their own.';

-- The lead's writes -----------------------------------------------------------------------------

/** Locks a facilitator's record row (or the profile when there is none yet) for a change. */
create function private.lock_facilitator(person uuid) returns public.facilitator_records
language plpgsql volatile security definer set search_path = ''
as $$
declare
  r public.facilitator_records;
begin
  perform private.require_facilitator_account(person);
  perform 1 from public.profiles where id = person for update;
  select * into r from public.facilitator_records where person_id = person for update;
  return r;
end
$$;
comment on function private.lock_facilitator(uuid) is
  'Locks a facilitator''s profile and record for a change; returns the record (null fields when untrained).';

/**
 * Record a person's facilitator training (lead): on our course, by the code of a live
 * certificate in their name or email; or elsewhere, with the evidence seen (what and where).
 */
create function public.record_facilitator_training(person_id uuid, trained_on date, how text,
  certificate_code text default null, evidence text default null) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_role('clinical_lead');
  r public.facilitator_records;
  p public.profiles;
  cert public.course_certificates;
  words text;
begin
  r := private.lock_facilitator(person_id);
  select * into p from public.profiles x where x.id = person_id;
  if r.person_id is not null then
    raise exception '% already has training recorded.', p.full_name using errcode = 'P0001', hint = 'how';
  end if;
  if how is null or how not in ('course', 'elsewhere') then
    raise exception 'Say where they trained: on our course or elsewhere.' using errcode = 'P0001', hint = 'how';
  end if;
  if how = 'course' then
    select c.* into cert from public.course_certificates c
      join public.course_places cp on cp.id = c.place_id
     where c.code = upper(btrim(certificate_code)) and c.withdrawn_at is null;
    if cert.id is null then
      raise exception 'There is no live certificate with that code.' using errcode = 'P0001', hint = 'certificate_code';
    end if;
    if not exists (select 1 from public.course_places cp where cp.id = cert.place_id
                   and (lower(cp.attendee_email) = lower(p.email) or lower(cert.attendee_name) = lower(p.full_name))) then
      raise exception 'That certificate is in someone else''s name.' using errcode = 'P0001', hint = 'certificate_code';
    end if;
    trained_on := coalesce(trained_on, cert.last_day);
    words := format('%s, certificate %s', cert.course_title, cert.code);
  else
    words := btrim(evidence);
    if words is null or length(words) < 3 then
      raise exception 'Describe the evidence of their training: what it was, who ran it and when.'
        using errcode = 'P0001', hint = 'evidence';
    end if;
    if length(words) > 2000 then
      raise exception 'Keep the evidence under 2,000 characters.' using errcode = 'P0001', hint = 'evidence';
    end if;
  end if;
  perform private.require_past_date(trained_on, 'trained_on', 'they finished training');
  insert into public.facilitator_records (person_id, trained_on, trained_how, certificate_id, training_evidence)
  values (person_id, trained_on, how, cert.id, words);
  insert into public.facilitator_events (person_id, event, on_date, note, recorded_by)
  values (person_id, 'trained', trained_on, words, who);
  return jsonb_build_object('id', person_id, 'stage', private.facilitator_stage(person_id));
end
$$;
comment on function public.record_facilitator_training(uuid, date, text, text, text) is
  'Records a facilitator''s training (lead): our course by a live certificate in their name, or elsewhere with evidence.';

/**
 * Accredit a facilitator (lead only). By the criteria: every criterion must be met now. Or
 * accredited elsewhere (an experienced clinician already accredited by the model's trainers),
 * with the evidence. The renewal date is the accreditation date plus the renewal period.
 */
create function public.accredit_facilitator(person_id uuid, accredited_on date, how text,
  evidence text default null) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_role('clinical_lead');
  r public.facilitator_records;
  months int := (select renewal_months from public.accreditation_criteria where id);
  stage text;
begin
  r := private.lock_facilitator(person_id);
  stage := private.facilitator_stage(person_id);
  if r.person_id is null then
    raise exception 'Record their training first.' using errcode = 'P0001', hint = 'how';
  end if;
  if r.accredited_on is not null then
    raise exception 'They are already accredited: renew the accreditation instead.' using errcode = 'P0001', hint = 'how';
  end if;
  if stage = 'paused' then
    raise exception 'They are paused: resume them first.' using errcode = 'P0001', hint = 'how';
  end if;
  if how is null or how not in ('criteria', 'elsewhere') then
    raise exception 'Say how they are accredited: by meeting the criteria here, or elsewhere.'
      using errcode = 'P0001', hint = 'how';
  end if;
  if how = 'criteria' and not (private.facilitator_progress(person_id) ->> 'all_met')::boolean then
    raise exception 'They have not met every criterion yet: see their progress.' using errcode = 'P0001', hint = 'how';
  end if;
  evidence := nullif(btrim(evidence), '');
  if how = 'elsewhere' and (evidence is null or length(evidence) < 3) then
    raise exception 'Describe the evidence of their accreditation: who accredited them and when.'
      using errcode = 'P0001', hint = 'evidence';
  end if;
  if length(evidence) > 2000 then
    raise exception 'Keep the evidence under 2,000 characters.' using errcode = 'P0001', hint = 'evidence';
  end if;
  perform private.require_past_date(accredited_on, 'accredited_on', 'of accreditation');
  if accredited_on < r.trained_on then
    raise exception 'Accreditation cannot come before their training (%).', to_char(r.trained_on, 'FMDD FMMonth YYYY')
      using errcode = 'P0001', hint = 'accredited_on';
  end if;
  update public.facilitator_records x
     set accredited_on = accredit_facilitator.accredited_on, accredited_how = how,
         accreditation_evidence = evidence,
         renew_by = (accredit_facilitator.accredited_on + make_interval(months => months))::date,
         updated_at = now()
   where x.person_id = accredit_facilitator.person_id;
  insert into public.facilitator_events (person_id, event, on_date, note, recorded_by)
  values (person_id, 'accredited', accredited_on,
    case when how = 'criteria' then 'Met the criteria.' else evidence end, who);
  return jsonb_build_object('id', person_id, 'stage', private.facilitator_stage(person_id));
end
$$;
comment on function public.accredit_facilitator(uuid, date, text, text) is
  'Accredits a facilitator (lead): by the criteria, all met now, or elsewhere with evidence; sets the renewal date.';

/** Renew an accreditation, current or lapsed (lead): the new renewal date runs from the renewal. */
create function public.renew_accreditation(person_id uuid, renewed_on date, note text) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_role('clinical_lead');
  r public.facilitator_records;
  months int := (select renewal_months from public.accreditation_criteria where id);
  why text := private.require_reason(note, 'note');
begin
  r := private.lock_facilitator(person_id);
  if r.accredited_on is null then
    raise exception 'Only an accreditation can be renewed.' using errcode = 'P0001', hint = 'renewed_on';
  end if;
  perform private.require_past_date(renewed_on, 'renewed_on', 'of renewal');
  if renewed_on < r.accredited_on then
    raise exception 'The renewal cannot come before the accreditation.' using errcode = 'P0001', hint = 'renewed_on';
  end if;
  update public.facilitator_records x
     set renew_by = (renewed_on + make_interval(months => months))::date, updated_at = now()
   where x.person_id = renew_accreditation.person_id;
  insert into public.facilitator_events (person_id, event, on_date, note, recorded_by)
  values (person_id, 'renewed', renewed_on, why, who);
  return jsonb_build_object('id', person_id, 'stage', private.facilitator_stage(person_id));
end
$$;
comment on function public.renew_accreditation(uuid, date, text) is
  'Renews an accreditation, current or lapsed (lead), with what was reviewed; the new renewal date runs from the renewal.';

/** Pause a facilitator (lead), with the reason: they cannot be put on a group meanwhile. */
create function public.pause_facilitator(person_id uuid, reason text) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_role('clinical_lead');
  r public.facilitator_records;
  why text := private.require_reason(reason, 'reason');
begin
  r := private.lock_facilitator(person_id);
  if r.person_id is null then
    raise exception 'Only a trained facilitator can be paused.' using errcode = 'P0001', hint = 'reason';
  end if;
  if r.paused_on is not null then
    return jsonb_build_object('id', person_id, 'stage', 'paused');
  end if;
  update public.facilitator_records x
     set paused_on = private.london_today(), pause_reason = why, updated_at = now()
   where x.person_id = pause_facilitator.person_id;
  insert into public.facilitator_events (person_id, event, on_date, note, recorded_by)
  values (person_id, 'paused', private.london_today(), why, who);
  return jsonb_build_object('id', person_id, 'stage', 'paused');
end
$$;
comment on function public.pause_facilitator(uuid, text) is
  'Pauses a trained facilitator (lead) with a reason: they cannot be put on a group until resumed. Pausing twice changes nothing.';

/** Resume a paused facilitator (lead). */
create function public.resume_facilitator(person_id uuid) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_role('clinical_lead');
  r public.facilitator_records;
begin
  r := private.lock_facilitator(person_id);
  if r.paused_on is null then
    return jsonb_build_object('id', person_id, 'stage', private.facilitator_stage(person_id));
  end if;
  update public.facilitator_records x set paused_on = null, pause_reason = null, updated_at = now()
   where x.person_id = resume_facilitator.person_id;
  insert into public.facilitator_events (person_id, event, on_date, note, recorded_by)
  values (person_id, 'resumed', private.london_today(), '', who);
  return jsonb_build_object('id', person_id, 'stage', private.facilitator_stage(person_id));
end
$$;
comment on function public.resume_facilitator(uuid) is
  'Resumes a paused facilitator (lead). Resuming someone not paused changes nothing.';

/** Set the accreditation criteria and renewal period (lead). Existing renewal dates stay. */
create function public.save_accreditation_criteria(groups_required int, checklist_percent int,
  consultations_per_group int, measures_required boolean, renewal_months int) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_role('clinical_lead');
begin
  if groups_required is null or groups_required not between 1 and 10 then
    raise exception 'Groups co-facilitated: give a whole number from 1 to 10.' using errcode = 'P0001', hint = 'groups_required';
  end if;
  if checklist_percent is null or checklist_percent not between 0 and 100 then
    raise exception 'Sessions with a checklist: give a percentage from 0 to 100.' using errcode = 'P0001', hint = 'checklist_percent';
  end if;
  if consultations_per_group is null or consultations_per_group not between 0 and 10 then
    raise exception 'Consultations per group: give a whole number from 0 to 10.' using errcode = 'P0001', hint = 'consultations_per_group';
  end if;
  if renewal_months is null or renewal_months not between 6 and 120 then
    raise exception 'Renewal: give a number of months from 6 to 120.' using errcode = 'P0001', hint = 'renewal_months';
  end if;
  update public.accreditation_criteria c
     set groups_required = save_accreditation_criteria.groups_required,
         checklist_percent = save_accreditation_criteria.checklist_percent,
         consultations_per_group = save_accreditation_criteria.consultations_per_group,
         measures_required = coalesce(save_accreditation_criteria.measures_required, false),
         renewal_months = save_accreditation_criteria.renewal_months,
         updated_by = who, updated_at = now()
   where c.id;
  return jsonb_build_object('saved', true);
end
$$;
comment on function public.save_accreditation_criteria(int, int, int, boolean, int) is
  'Sets the accreditation criteria and the renewal period (lead); renewal dates already set stay as they are.';

-- Renewal reminders ----------------------------------------------------------------------------

/**
 * Queue the renewal reminders due as of a moment: 60 and 14 days before an accreditation's
 * renewal date, and on the day it lapses, to the person and to every clinical lead. Each is
 * queued once per renewal date (the dedupe key), so a job that missed a day still sends it.
 */
create function private.accreditation_reminders(as_of timestamptz) returns int
language plpgsql volatile security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  today date := (coalesce(as_of, now()) at time zone 'Europe/London')::date;
  n int := 0;
  x record;
  lead record;
  payload jsonb;
begin
  for x in
    select r.person_id, p.full_name, r.renew_by, r.renew_by - today as days,
      case when r.renew_by <= today then 'lapsed'
           when r.renew_by - today <= 14 then '14'
           else '60' end as step
    from public.facilitator_records r join public.profiles p on p.id = r.person_id
    where r.accredited_on is not null and r.paused_on is null
      and r.renew_by - today <= 60 and r.renew_by > today - 7
  loop
    payload := jsonb_build_object('name', x.full_name, 'renew_by', x.renew_by, 'days', x.days,
      'lapsed', x.step = 'lapsed', 'record_path', '/review/facilitators/' || x.person_id);
    if private.queue_message('accreditation_renewal', x.person_id, payload || '{"to_lead": false}',
         format('accreditation_renewal:%s:%s:%s', x.person_id, x.renew_by, x.step)) is not null then
      n := n + 1;
    end if;
    for lead in select id from public.profiles where role = 'clinical_lead' loop
      if private.queue_message('accreditation_renewal', lead.id, payload || '{"to_lead": true}',
           format('accreditation_renewal:%s:%s:%s:%s', x.person_id, x.renew_by, x.step, lead.id)) is not null then
        n := n + 1;
      end if;
    end loop;
  end loop;
  return n;
end
$$;
comment on function private.accreditation_reminders(timestamptz) is
  'Queues accreditation renewal reminders 60 and 14 days before, and on lapsing, to the person and the leads, once each per renewal date; returns how many.';
