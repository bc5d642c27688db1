-- Consultation (supervision) for groups: the lead, or a consultant the lead names for a group,
-- records each consultation: when, which sessions or moments were reviewed, themes and actions.
-- The group's facilitators, its consultant and the lead read them; nobody else does. The
-- facilitator pathway (94_facilitator_pathway.sql) counts them per group.

/** The consultant the lead names for a group (an accredited facilitator who does not run it). */
create table public.group_consultants (
  group_id uuid primary key references public.groups (id) on delete cascade,
  consultant_id uuid not null references public.profiles (id),
  named_by uuid not null references public.profiles (id),
  named_at timestamptz not null default now()
);
comment on table public.group_consultants is
  'The consultant named for a group by the lead: they may record and read its consultations.';
create index group_consultants_consultant_idx on public.group_consultants (consultant_id);
alter table public.group_consultants enable row level security;

/** One consultation about a group. */
create table public.group_consultations (
  id uuid primary key default gen_random_uuid(),
  group_id uuid not null references public.groups (id) on delete cascade,
  held_on date not null,
  consultant_id uuid not null references public.profiles (id),
  sessions_reviewed int[] not null default '{}',
  moments text not null default '' check (length(moments) <= 5000),
  themes text not null default '' check (length(themes) <= 5000),
  actions text not null default '' check (length(actions) <= 5000),
  recorded_by uuid not null references public.profiles (id),
  recorded_at timestamptz not null default now()
);
comment on table public.group_consultations is
  'A consultation on a group: date, who consulted, the sessions and moments reviewed, themes and actions.';
create index group_consultations_group_idx on public.group_consultations (group_id, held_on);
alter table public.group_consultations enable row level security;

revoke insert, update, delete, truncate on public.group_consultants, public.group_consultations
  from anon, authenticated;

create trigger group_consultants_audit after insert or update or delete on public.group_consultants
  for each row execute function private.audit_row();
create trigger group_consultations_audit after insert or update or delete
  on public.group_consultations
  for each row execute function private.audit_row();

-- Who reads them. The consultant is not one of the group's staff: they read its consultations
-- (and who consults), nothing else of it, so the groups, sessions and other policies leave them
-- out and the consultations page is a security definer function that checks first.

/** True when the signed-in person is the consultant the lead named for the group. */
create function private.consults(g uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.group_consultants
    where group_id = g and consultant_id = (select auth.uid())
  )
$$;
comment on function private.consults(uuid) is
  'True when the signed-in person is the consultant named for the group (they read and record its consultations).';

/**
 * The groups the signed-in person is the named consultant for: id and name only, for the link
 * to each one's consultations on the groups list (they cannot read the groups themselves).
 */
create function private.consulted_groups() returns jsonb
language sql stable security definer set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object('id', g.id, 'name', g.name) order by g.name), '[]')
  from public.group_consultants c join public.groups g on g.id = c.group_id
  where c.consultant_id = (select auth.uid())
$$;
comment on function private.consulted_groups() is
  'The groups the caller is the named consultant for (id and name), for the groups list.';
grant execute on function private.consults(uuid), private.consulted_groups() to authenticated;

create policy "The lead, the group's facilitators and its consultant see who consults"
  on public.group_consultants
  for select to authenticated using (
    (select private.is_clinical_lead())
    or group_id in (select private.my_group_ids())
    or consultant_id = (select auth.uid())
  );
create policy "The lead, the group's facilitators and its consultant read its consultations"
  on public.group_consultations
  for select to authenticated using (
    (select private.is_clinical_lead())
    or group_id in (select private.my_group_ids())
    or group_id in (select c.group_id from public.group_consultants c
                    where c.consultant_id = (select auth.uid()))
  );

-- Naming the consultant (the lead).

/**
 * The lead names a group's consultant: a facilitator account that does not run the group
 * (naming another replaces them). Not for a cancelled group. Locks the group row.
 */
create function public.name_group_consultant(group_id uuid, consultant_id uuid) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_role('clinical_lead');
  g public.groups;
  person public.profiles;
begin
  select * into g from public.groups x where x.id = group_id for update;
  if not found then
    raise exception 'No such group.' using errcode = 'P0002';
  end if;
  if g.status = 'cancelled' then
    raise exception 'This group was cancelled, so it has no consultant.' using errcode = 'P0001';
  end if;
  select * into person from public.profiles p where p.id = consultant_id;
  if consultant_id is null or not found then
    raise exception 'Choose who will be the consultant.' using errcode = 'P0001', hint = 'consultant_id';
  end if;
  if person.role <> 'facilitator' then
    raise exception 'The consultant must have a facilitator account.'
      using errcode = 'P0001', hint = 'consultant_id';
  end if;
  -- Consultants are accredited facilitators (the pathway, 94_facilitator_pathway.sql).
  if private.facilitator_stage(person.id) <> 'accredited' then
    raise exception 'The consultant must be an accredited facilitator.'
      using errcode = 'P0001', hint = 'consultant_id';
  end if;
  if exists (select 1 from public.group_facilitators f
             where f.group_id = g.id and f.facilitator_id = person.id) then
    raise exception '% runs this group: choose someone who does not.', person.full_name
      using errcode = 'P0001', hint = 'consultant_id';
  end if;
  insert into public.group_consultants (group_id, consultant_id, named_by)
  values (g.id, person.id, who)
  on conflict on constraint group_consultants_pkey do update
    set consultant_id = excluded.consultant_id, named_by = excluded.named_by, named_at = now()
    where public.group_consultants.consultant_id is distinct from excluded.consultant_id;
  return jsonb_build_object('group_id', g.id, 'consultant_id', person.id);
end
$$;
comment on function public.name_group_consultant(uuid, uuid) is
  'The lead names a group''s consultant (a facilitator account not running it), replacing any other. Lead only.';

/** The lead removes a group's consultant; their consultations stay. Locks the group row. */
create function public.remove_group_consultant(group_id uuid) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  g uuid;
  removed int;
begin
  perform private.require_role('clinical_lead');
  select x.id into g from public.groups x where x.id = group_id for update;
  if not found then
    raise exception 'No such group.' using errcode = 'P0002';
  end if;
  delete from public.group_consultants c where c.group_id = g;
  get diagnostics removed = row_count;
  return jsonb_build_object('group_id', g, 'removed', removed > 0);
end
$$;
comment on function public.remove_group_consultant(uuid) is
  'The lead removes a group''s consultant (their consultations are kept). Lead only.';

-- Recording consultations (the lead or the group's consultant).

/**
 * The checks a consultation's details must pass, for the group `g` (locked by the caller); raises
 * P0001 with the field to fix. Returns the sessions reviewed, each once, in order. Owner only:
 * called by record_consultation and update_consultation.
 */
create function private.checked_consultation(g uuid, held_on date, sessions_reviewed int[],
  moments text, themes text, actions text) returns int[]
language plpgsql stable set search_path = ''
as $$
#variable_conflict use_variable
declare
  earliest date;
  bad int;
  bad_day date;
begin
  -- Missing, future (by the app's clock) or absurdly old: the pathway's one check (94).
  perform private.require_past_date(held_on, 'held_on', 'of the consultation');
  select coalesce(min((s.starts_at at time zone 'Europe/London')::date),
                  (gr.created_at at time zone 'Europe/London')::date) - 30
    into earliest
  from public.groups gr
  left join public.sessions s on s.group_id = gr.id and s.status <> 'cancelled'
  where gr.id = g
  group by gr.created_at;
  if held_on < earliest then
    raise exception 'That is more than 30 days before the group''s first session. Check the date.'
      using errcode = 'P0001', hint = 'held_on';
  end if;
  if cardinality(sessions_reviewed) > 20 or array_position(sessions_reviewed, null) is not null then
    raise exception 'Choose sessions from the list.' using errcode = 'P0001', hint = 'sessions_reviewed';
  end if;
  select n into bad from unnest(coalesce(sessions_reviewed, '{}')) n
  where not exists (select 1 from public.sessions s
                    where s.group_id = g and s.number = n and s.status <> 'cancelled')
  order by n limit 1;
  if bad is not null then
    raise exception 'This group has no session %.', bad using errcode = 'P0001', hint = 'sessions_reviewed';
  end if;
  select s.number, (s.starts_at at time zone 'Europe/London')::date into bad, bad_day
  from public.sessions s
  where s.group_id = g and s.status <> 'cancelled' and s.number = any (sessions_reviewed)
    and (s.starts_at > now() or (s.starts_at at time zone 'Europe/London')::date > held_on)
  order by s.number limit 1;
  if bad is not null then
    raise exception 'Session % is on %, after the consultation: only sessions that had taken place can be reviewed.',
      bad, to_char(bad_day, 'FMDD FMMonth YYYY')
      using errcode = 'P0001', hint = 'sessions_reviewed';
  end if;
  if length(moments) > 5000 then
    raise exception 'Keep this under 5,000 characters.' using errcode = 'P0001', hint = 'moments';
  end if;
  if length(themes) > 5000 then
    raise exception 'Keep this under 5,000 characters.' using errcode = 'P0001', hint = 'themes';
  end if;
  if length(actions) > 5000 then
    raise exception 'Keep this under 5,000 characters.' using errcode = 'P0001', hint = 'actions';
  end if;
  if coalesce(btrim(moments, E' \t\r\n'), '') = '' and coalesce(btrim(themes, E' \t\r\n'), '') = ''
     and coalesce(btrim(actions, E' \t\r\n'), '') = '' then
    raise exception 'Write down the moments reviewed, the themes or the actions.'
      using errcode = 'P0001', hint = 'moments';
  end if;
  return array(select distinct n from unnest(coalesce(sessions_reviewed, '{}')) n order by n);
end
$$;
comment on function private.checked_consultation(uuid, date, int[], text, text, text) is
  'Checks a consultation''s date, sessions and text for a group (P0001 with the field); returns the sessions, once each, in order. Owner only.';

/**
 * Record a consultation on a group, as its consultant: the lead or the consultant the lead named.
 * The date is not in the future nor over 30 days before the first session; the sessions reviewed
 * are the group's, and had taken place by then; something is written. Not for a cancelled group.
 */
create function public.record_consultation(group_id uuid, held_on date, sessions_reviewed int[],
  moments text, themes text, actions text) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_role('clinical_lead', 'facilitator');
  g public.groups;
  reviewed int[];
  made uuid;
begin
  if not (private.is_clinical_lead() or private.consults(group_id)) then
    raise exception 'Only the clinical lead or the group''s consultant can record a consultation.'
      using errcode = '42501';
  end if;
  select * into g from public.groups x where x.id = group_id for update;
  if not found then
    raise exception 'No such group.' using errcode = 'P0002';
  end if;
  -- Named or removed while we waited for the lock: ask again.
  if not (private.is_clinical_lead() or private.consults(g.id)) then
    raise exception 'Only the clinical lead or the group''s consultant can record a consultation.'
      using errcode = '42501';
  end if;
  if g.status = 'cancelled' then
    raise exception 'This group was cancelled: no more consultations can be recorded.'
      using errcode = 'P0001';
  end if;
  reviewed := private.checked_consultation(g.id, held_on, sessions_reviewed, moments, themes, actions);
  insert into public.group_consultations (group_id, held_on, consultant_id, sessions_reviewed,
    moments, themes, actions, recorded_by)
  values (g.id, held_on, who, reviewed, coalesce(btrim(moments, E' \t\r\n'), ''),
    coalesce(btrim(themes, E' \t\r\n'), ''), coalesce(btrim(actions, E' \t\r\n'), ''), who)
  returning id into made;
  return jsonb_build_object('id', made);
end
$$;
comment on function public.record_consultation(uuid, date, int[], text, text, text) is
  'Records a consultation on a group (date, sessions and moments reviewed, themes, actions). The lead or the group''s consultant.';

/**
 * Whether the signed-in person may change or delete a consultation: the lead, or whoever
 * recorded it while they are still the group's consultant. Owner only (the write functions and
 * the page, which are security definer).
 */
create function private.may_change_consultation(c public.group_consultations) returns boolean
language sql stable set search_path = ''
as $$
  select private.is_clinical_lead()
    or (c.recorded_by = (select auth.uid()) and private.consults(c.group_id))
$$;
comment on function private.may_change_consultation(public.group_consultations) is
  'Whether the caller may change or delete a consultation: the lead, or its recorder while still the group''s consultant. Owner only.';

/** Change a consultation: the lead, or whoever recorded it while still the group's consultant. */
create function public.update_consultation(consultation_id uuid, held_on date, sessions_reviewed int[],
  moments text, themes text, actions text) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  c public.group_consultations;
  reviewed int[];
begin
  perform private.require_role('clinical_lead', 'facilitator');
  select * into c from public.group_consultations x where x.id = consultation_id;
  if not found then
    raise exception 'No such consultation.' using errcode = 'P0002';
  end if;
  perform 1 from public.groups x where x.id = c.group_id for update;
  select * into c from public.group_consultations x where x.id = consultation_id for update;
  if not found then
    raise exception 'No such consultation.' using errcode = 'P0002';
  end if;
  if not private.may_change_consultation(c) then
    raise exception 'Only the clinical lead or whoever recorded it can change a consultation.'
      using errcode = '42501';
  end if;
  reviewed := private.checked_consultation(c.group_id, held_on, sessions_reviewed, moments, themes, actions);
  update public.group_consultations x
     set held_on = update_consultation.held_on, sessions_reviewed = reviewed,
         moments = coalesce(btrim(update_consultation.moments, E' \t\r\n'), ''),
         themes = coalesce(btrim(update_consultation.themes, E' \t\r\n'), ''),
         actions = coalesce(btrim(update_consultation.actions, E' \t\r\n'), '')
   where x.id = c.id;
  return jsonb_build_object('id', c.id);
end
$$;
comment on function public.update_consultation(uuid, date, int[], text, text, text) is
  'Changes a consultation''s date, sessions, moments, themes and actions. The lead, or its recorder while still the group''s consultant.';

/** Delete a consultation: the lead, or whoever recorded it while still the group's consultant. */
create function public.delete_consultation(consultation_id uuid) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  c public.group_consultations;
begin
  perform private.require_role('clinical_lead', 'facilitator');
  select * into c from public.group_consultations x where x.id = consultation_id;
  if not found then
    raise exception 'No such consultation.' using errcode = 'P0002';
  end if;
  perform 1 from public.groups x where x.id = c.group_id for update;
  select * into c from public.group_consultations x where x.id = consultation_id for update;
  if not found then
    raise exception 'No such consultation.' using errcode = 'P0002';
  end if;
  if not private.may_change_consultation(c) then
    raise exception 'Only the clinical lead or whoever recorded it can delete a consultation.'
      using errcode = '42501';
  end if;
  delete from public.group_consultations x where x.id = c.id;
  return jsonb_build_object('id', c.id);
end
$$;
comment on function public.delete_consultation(uuid) is
  'Deletes a consultation. The lead, or its recorder while still the group''s consultant.';

-- The page.

/**
 * A group's consultations page, for the lead, the group's facilitators and its consultant (and
 * nobody else): the group's name and sessions, its consultant, whether the caller may record,
 * the facilitators the lead may name, and the consultations, newest first. Security definer, as
 * the consultant may not read the group or its sessions otherwise (nor facilitators the lead's
 * name); it checks the caller first and returns nothing else of the group.
 */
create function public.group_consultations_page(group_id uuid) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  lead boolean;
  g public.groups;
begin
  perform private.require_role('clinical_lead', 'facilitator');
  lead := private.is_clinical_lead();
  if not (lead or private.facilitates(group_id) or private.consults(group_id)) then
    raise exception 'You do not have permission to see this group''s consultations.'
      using errcode = '42501';
  end if;
  select * into g from public.groups x where x.id = group_id;
  if not found then
    raise exception 'No such group.' using errcode = 'P0002';
  end if;
  return jsonb_build_object(
    'group', jsonb_build_object('id', g.id, 'name', g.name, 'phase', private.group_phase(g.id),
      'sessions', (select coalesce(jsonb_agg(jsonb_build_object('number', s.number,
          'starts_at', s.starts_at, 'started', s.starts_at <= now()) order by s.number), '[]')
        from public.sessions s where s.group_id = g.id and s.status <> 'cancelled')),
    'is_lead', lead,
    -- Whether the caller may open the group's own page (its consultant may not).
    'sees_group', lead or private.facilitates(g.id),
    'may_record', (lead or private.consults(g.id)) and g.status <> 'cancelled',
    'consultant', (select jsonb_build_object('id', p.id, 'full_name', p.full_name, 'named_at', c.named_at)
      from public.group_consultants c join public.profiles p on p.id = c.consultant_id
      where c.group_id = g.id),
    'candidates', case when lead then (
      select coalesce(jsonb_agg(jsonb_build_object('id', p.id, 'full_name', p.full_name)
          order by p.full_name), '[]')
      from public.profiles p
      where p.role = 'facilitator' and private.facilitator_stage(p.id) = 'accredited'
        and not exists (select 1 from public.group_facilitators f
                        where f.group_id = g.id and f.facilitator_id = p.id)) else '[]'::jsonb end,
    'consultations', (select coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'held_on', c.held_on,
        'consultant', (select p.full_name from public.profiles p where p.id = c.consultant_id),
        'sessions_reviewed', to_jsonb(c.sessions_reviewed), 'moments', c.moments,
        'themes', c.themes, 'actions', c.actions,
        'recorded_by', (select p.full_name from public.profiles p where p.id = c.recorded_by),
        'recorded_at', c.recorded_at, 'may_change', private.may_change_consultation(c))
        order by c.held_on desc, c.recorded_at desc), '[]')
      from public.group_consultations c where c.group_id = g.id)
  );
end
$$;
comment on function public.group_consultations_page(uuid) is
  'A group''s consultations for the lead, its facilitators and its consultant: sessions, consultant, who may record, candidates (lead) and each consultation, newest first.';
