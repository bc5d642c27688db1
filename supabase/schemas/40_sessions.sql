-- Running a session: presenting the group's curriculum, releasing materials, the attendance
-- register, session notes, and concerns about families.
--
-- Staff (the group's two facilitators and the clinical lead) write the register and the notes
-- directly, through RLS and column grants, so a forged stamp (who marked it, who wrote it, who
-- reviewed a concern) is refused with 42501 rather than kept; triggers also stamp who and when
-- for every writer. A concern reaches the clinical lead as an email with no details in it.

create type public.attendance_status as enum ('present', 'late', 'apologies', 'absent');
comment on type public.attendance_status is 'A register mark: present, late, apologies (sent ahead) or absent.';

create type public.concern_kind as enum ('safeguarding', 'wellbeing');
comment on type public.concern_kind is 'What a concern is about: safeguarding or wellbeing.';

create type public.concern_urgency as enum ('low', 'medium', 'high');
comment on type public.concern_urgency is 'How soon the clinical lead should look at a concern.';

/** Who came to a session. One row per session and enrolment; marking again replaces it. */
create table public.attendance (
  session_id uuid not null references public.sessions (id) on delete cascade,
  enrolment_id uuid not null references public.enrolments (id) on delete cascade,
  status public.attendance_status not null,
  reason text check (length(reason) <= 300),
  marked_by uuid references public.profiles (id) default auth.uid(),
  marked_at timestamptz not null default now(),
  primary key (session_id, enrolment_id)
);
comment on table public.attendance is 'The register: present, late, apologies or absent, with an optional reason.';
create index attendance_enrolment_idx on public.attendance (enrolment_id);
alter table public.attendance enable row level security;

/** The facilitators' write-up of a session. */
create table public.session_notes (
  session_id uuid primary key references public.sessions (id) on delete cascade,
  covered text not null default '' check (length(covered) <= 5000),
  how_it_went text not null default '' check (length(how_it_went) <= 5000),
  reflection text not null default '' check (length(reflection) <= 5000),
  written_by uuid references public.profiles (id) default auth.uid(),
  updated_at timestamptz not null default now()
);
comment on table public.session_notes is 'What was covered, how the group went, and a reflection; staff only.';
alter table public.session_notes enable row level security;

/** A worry about a family, raised by a facilitator for the clinical lead. */
create table public.concerns (
  id uuid primary key default gen_random_uuid(),
  group_id uuid not null references public.groups (id) on delete cascade,
  enrolment_id uuid references public.enrolments (id) on delete set null,
  session_id uuid references public.sessions (id) on delete set null,
  kind public.concern_kind not null,
  urgency public.concern_urgency not null,
  description text not null check (length(btrim(description)) between 1 and 5000),
  raised_by uuid not null references public.profiles (id) default auth.uid(),
  raised_at timestamptz not null default now(),
  reviewed_at timestamptz,
  reviewed_by uuid references public.profiles (id),
  review_note text check (length(review_note) <= 5000)
);
comment on table public.concerns is 'Safeguarding and wellbeing concerns; only the group''s facilitators and the lead see them.';
create index concerns_group_idx on public.concerns (group_id);
create index concerns_open_idx on public.concerns (urgency) where reviewed_at is null;
alter table public.concerns enable row level security;

-- Columns clients may write directly: column grants, so a forged value is refused (42501)
-- rather than quietly kept. Nothing is deleted, and a concern is reviewed only through
-- public.review_concern (60_review.sql).
revoke insert, update, delete, truncate on public.attendance, public.session_notes,
  public.concerns from anon, authenticated;
-- The register: the mark and its reason; the trigger stamps who marked it and when.
grant insert (session_id, enrolment_id, status, reason) on public.attendance to authenticated;
grant update (session_id, enrolment_id, status, reason) on public.attendance to authenticated;
-- Session notes: the write-up; the trigger stamps who saved it and when.
grant insert (session_id, covered, how_it_went, reflection) on public.session_notes to authenticated;
grant update (covered, how_it_went, reflection) on public.session_notes to authenticated;
-- Concerns: what the concern is about; never who raised it or that it is reviewed.
grant insert (group_id, enrolment_id, session_id, kind, urgency, description)
  on public.concerns to authenticated;

create trigger attendance_audit after insert or update or delete on public.attendance
  for each row execute function private.audit_row();
create trigger session_notes_audit after insert or update or delete on public.session_notes
  for each row execute function private.audit_row();
create trigger concerns_audit after insert or update or delete on public.concerns
  for each row execute function private.audit_row();

-- Triggers that hold for every writer.

/**
 * The register may list only parents who held a place in the session's group when it ran:
 * enrolled before it started, and not withdrawn before its date. A present mark has no reason.
 */
create function private.check_attendance() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  s public.sessions;
  e public.enrolments;
begin
  select * into s from public.sessions where id = new.session_id;
  select * into e from public.enrolments where id = new.enrolment_id;
  if e.group_id is distinct from s.group_id then
    raise exception 'That parent is not in this group.' using errcode = 'P0001';
  end if;
  if s.status = 'cancelled' then
    raise exception 'This session was cancelled.' using errcode = 'P0001';
  end if;
  if not (e.status = 'enrolled' or (e.status = 'withdrawn' and e.withdrawn_on >= (s.starts_at at time zone 'Europe/London')::date))
     or e.enrolled_at is null or e.enrolled_at > s.ends_at then
    raise exception 'Only parents enrolled in the group at this session can be marked.' using errcode = 'P0001';
  end if;
  -- A reason explains why someone was late or missed the session; present needs none, so a
  -- reason never outlives the mark it explained.
  if new.status = 'present' and new.reason is not null then
    raise exception 'A reason is kept only for late, apologies or absent.'
      using errcode = 'P0001', hint = 'reason';
  end if;
  new.marked_by := (select auth.uid());
  new.marked_at := now();
  return new;
end
$$;
comment on function private.check_attendance() is
  'Trigger: the register lists only parents who held a place in the group when the session ran; no reason with present; stamps who marked it and when.';
create trigger attendance_check before insert or update on public.attendance
  for each row execute function private.check_attendance();

/**
 * Tell every clinical lead that a concern was raised. The email carries no details, only its
 * kind and urgency and a link to the concern (/concerns/<id>) behind sign-in.
 */
create function private.notify_concern() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  perform private.queue_message('concern_raised', p.id, jsonb_build_object('concern_id', new.id,
    'group_id', new.group_id, 'urgency', new.urgency, 'kind', new.kind))
  from public.profiles p where p.role = 'clinical_lead';
  return null;
end
$$;
comment on function private.notify_concern() is
  'Trigger: queues an email to every clinical lead that a concern was raised, with no details in it.';
create trigger concerns_notify after insert on public.concerns
  for each row execute function private.notify_concern();

/** Concerns are about a family in the group and stamped with who raised them, when. */
create function private.check_concern() returns trigger
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
create trigger concerns_check before insert on public.concerns
  for each row execute function private.check_concern();

/** Notes say truthfully who saved them last, and when. */
create function private.stamp_session_notes() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  new.written_by := (select auth.uid());
  new.updated_at := now();
  return new;
end
$$;
comment on function private.stamp_session_notes() is
  'Trigger: session notes say truthfully who saved them last, and when.';
create trigger session_notes_stamp before insert or update on public.session_notes
  for each row execute function private.stamp_session_notes();

/**
 * When a register mark makes a parent absent from two sessions in a row (among the sessions
 * marked for them, as the group page counts), tell both facilitators, once for that run of
 * absences: a third absence in the same run sends nothing more, and a new run after they came
 * back sends again. Keyed by the run's first session, and any earlier email about a session of
 * the run counts, so marking an earlier absence late does not send it twice.
 */
create function private.notify_absences() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  e public.enrolments;
  run uuid[];
  f uuid;
  payload jsonb;
begin
  if new.status <> 'absent' or (tg_op = 'UPDATE' and old.status = 'absent') then
    return null;
  end if;
  select * into e from public.enrolments where id = new.enrolment_id;
  if e.status <> 'enrolled' then
    return null;
  end if;
  -- The run of absences this mark is in: consecutive marks (in session order) that are absences.
  with marks as (
    select a.session_id, a.status = 'absent' as absent, x.starts_at,
      row_number() over (order by x.starts_at, x.id) as i,
      row_number() over (partition by a.status = 'absent' order by x.starts_at, x.id) as j
    from public.attendance a join public.sessions x on x.id = a.session_id
    where a.enrolment_id = new.enrolment_id and x.status <> 'cancelled'
  )
  select array_agg(m.session_id order by m.starts_at, m.session_id) into run
  from marks m
  where m.absent and m.i - m.j = (select i - j from marks where session_id = new.session_id);
  if coalesce(cardinality(run), 0) < 2 then
    return null;
  end if;
  if exists (
    select 1 from public.notifications n, unnest(run) sid, public.group_facilitators gf
    where gf.group_id = e.group_id
      and n.dedupe_key = 'absent_twice:' || e.id || ':' || sid || ':' || gf.facilitator_id
  ) then
    return null;
  end if;
  payload := jsonb_build_object(
    'group', (select jsonb_build_object('id', g.id, 'name', g.name) from public.groups g where g.id = e.group_id),
    'enrolment_id', e.id,
    'parent_name', (select full_name from public.profiles where id = e.parent_id),
    'sessions', (select jsonb_agg(jsonb_build_object('number', x.number, 'title', cs.title,
        'starts_at', x.starts_at) order by x.starts_at)
      from public.sessions x join public.groups g on g.id = x.group_id
      left join public.curriculum_sessions cs on cs.curriculum_id = g.curriculum_id and cs.number = x.number
      where x.id = any (run)));
  for f in select facilitator_id from public.group_facilitators where group_id = e.group_id loop
    perform private.queue_message('absent_twice', f, payload,
      'absent_twice:' || e.id || ':' || run[1] || ':' || f);
  end loop;
  return null;
end
$$;
comment on function private.notify_absences() is
  'Trigger: emails both facilitators when a parent is absent from two sessions in a row, once per run of absences.';
create trigger attendance_notify_absences after insert or update of status on public.attendance
  for each row execute function private.notify_absences();

-- Policies. One permissive policy per table, role and action.

create policy "The group's staff and the parent can read a register mark" on public.attendance
  for select to authenticated using (
    (select private.is_clinical_lead())
    or session_id in (select private.my_session_ids())
    or enrolment_id in (select private.my_enrolment_ids())
  );
create policy "Group staff can mark the register" on public.attendance
  for insert to authenticated with check ((select private.is_clinical_lead()) or session_id in (select private.my_session_ids()));
create policy "Group staff can change the register" on public.attendance
  for update to authenticated using ((select private.is_clinical_lead()) or session_id in (select private.my_session_ids()))
  with check ((select private.is_clinical_lead()) or session_id in (select private.my_session_ids()));

create policy "Group staff can read session notes" on public.session_notes
  for select to authenticated using ((select private.is_clinical_lead()) or session_id in (select private.my_session_ids()));
create policy "Group staff can write session notes" on public.session_notes
  for insert to authenticated with check ((select private.is_clinical_lead()) or session_id in (select private.my_session_ids()));
create policy "Group staff can update session notes" on public.session_notes
  for update to authenticated using ((select private.is_clinical_lead()) or session_id in (select private.my_session_ids()))
  with check ((select private.is_clinical_lead()) or session_id in (select private.my_session_ids()));

create policy "Group staff can read the group's concerns" on public.concerns
  for select to authenticated using ((select private.is_clinical_lead()) or group_id in (select private.my_group_ids()));
create policy "Group staff can raise concerns" on public.concerns
  for insert to authenticated with check ((select private.is_clinical_lead()) or group_id in (select private.my_group_ids()));

-- API.

/** The deck for presenting: the session's content from the group's curriculum. Group staff. */
create function public.session_deck(group_id uuid, number int) returns jsonb
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
comment on function public.session_deck(uuid, int) is
  'The deck for presenting a session: its content from the group''s curriculum. Group staff.';

/**
 * A session's page for its staff: register, notes, concerns raised at it, release state, and
 * its fidelity checklist. Security definer, with the group's staff checked first: everything it
 * reads is this one group's, which its staff may see. As invoker each table's policy built the
 * caller's whole set of sessions, enrolments and parents (a facilitator of 700 groups at
 * national scale: ~100 ms a register). The names are the same as RLS would show, except that a
 * concern or checklist by the clinical lead is shown with the lead's name.
 */
create function public.session_page(group_id uuid, number int) returns jsonb
language plpgsql stable security definer set search_path = ''
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
      where c.session_id = s.id),
    -- The fidelity checklist (92_fidelity.sql): the group's curriculum version's items, the
    -- filled checklist if any, and whether the caller may fill it (the group's facilitators).
    'fidelity', jsonb_build_object(
      'can_fill', private.is_facilitator() and private.facilitates(group_id),
      'items', private.fidelity_items((select g.curriculum_id from public.groups g where g.id = group_id)),
      'check', private.session_fidelity(s.id))
  );
end
$$;
comment on function public.session_page(uuid, int) is
  'A session''s page for its staff: register, notes, concerns raised at it, release state, fidelity checklist.';
revoke execute on function public.session_page(uuid, int) from public, anon;
grant execute on function public.session_page(uuid, int) to authenticated;

/**
 * Mark one parent on the register; marking again replaces the mark. Group staff. The reason
 * typed beside the marks goes with them, except with present, which needs none (it is dropped).
 */
create function public.mark_attendance(session_id uuid, enrolment_id uuid, status public.attendance_status, reason text default null)
returns jsonb
language plpgsql set search_path = ''
as $$
#variable_conflict use_variable
begin
  if not private.is_group_staff(private.session_group(session_id)) then
    raise exception 'You do not have permission to mark this register.' using errcode = '42501';
  end if;
  insert into public.attendance (session_id, enrolment_id, status, reason)
  values (session_id, enrolment_id, status,
    case when status <> 'present' then nullif(btrim(reason), '') end)
  on conflict on constraint attendance_pkey do update
    set status = excluded.status, reason = excluded.reason;
  return jsonb_build_object('session_id', session_id, 'enrolment_id', enrolment_id, 'status', status);
end
$$;
comment on function public.mark_attendance(uuid, uuid, public.attendance_status, text) is
  'Marks one parent on the register; marking again replaces the mark (a present mark keeps no reason). Group staff.';

/**
 * Save the reason beside a parent's mark on its own, as it is typed: the mark stays as it is.
 * Only a late, apologies or absent mark has a reason, so a parent not marked yet (or present) is
 * refused with a message saying so; an empty reason clears it. Group staff.
 */
create function public.save_attendance_reason(session_id uuid, enrolment_id uuid, reason text)
returns jsonb
language plpgsql set search_path = ''
as $$
#variable_conflict use_variable
declare
  now_status public.attendance_status;
begin
  if not private.is_group_staff(private.session_group(session_id)) then
    raise exception 'You do not have permission to mark this register.' using errcode = '42501';
  end if;
  select a.status into now_status from public.attendance a
  where a.session_id = session_id and a.enrolment_id = enrolment_id
  for update;
  if not found then
    raise exception 'Choose late, apologies or absent first; the reason is saved with it.'
      using errcode = 'P0001', hint = 'reason';
  end if;
  if now_status = 'present' and nullif(btrim(reason), '') is not null then
    raise exception 'A reason is kept only for late, apologies or absent.'
      using errcode = 'P0001', hint = 'reason';
  end if;
  update public.attendance a set reason = nullif(btrim(reason), '')
  where a.session_id = session_id and a.enrolment_id = enrolment_id;
  return jsonb_build_object('session_id', session_id, 'enrolment_id', enrolment_id,
    'status', now_status, 'reason', nullif(btrim(reason), ''));
end
$$;
comment on function public.save_attendance_reason(uuid, uuid, text) is
  'Saves the reason for a late, apologies or absent mark on its own, leaving the mark. Group staff.';

/**
 * Mark everyone on the register who has no mark yet as present, in one statement: a mark made
 * meanwhile (an apology typed on another tablet) is never overwritten, because a row that exists
 * when the insert reaches it is left alone (on conflict do nothing waits for a concurrent insert
 * of the same row and then skips it). Says how many it marked. Group staff.
 */
create function public.mark_rest_present(session_id uuid)
returns jsonb
language plpgsql set search_path = ''
as $$
#variable_conflict use_variable
declare
  s public.sessions;
  marked int;
begin
  if not private.is_group_staff(private.session_group(session_id)) then
    raise exception 'You do not have permission to mark this register.' using errcode = '42501';
  end if;
  select * into s from public.sessions x where x.id = session_id;
  -- The register's own list (session_page): parents who held a place when the session ran.
  insert into public.attendance (session_id, enrolment_id, status)
  select s.id, e.id, 'present'
  from public.enrolments e
  where e.group_id = s.group_id and e.enrolled_at is not null and e.enrolled_at <= s.ends_at
    and (e.status = 'enrolled' or (e.status = 'withdrawn' and e.withdrawn_on >= (s.starts_at at time zone 'Europe/London')::date))
    and not exists (select 1 from public.attendance a where a.session_id = s.id and a.enrolment_id = e.id)
  on conflict on constraint attendance_pkey do nothing;
  get diagnostics marked = row_count;
  return jsonb_build_object('session_id', session_id, 'marked', marked);
end
$$;
comment on function public.mark_rest_present(uuid) is
  'Marks everyone on the register not yet marked as present, never changing a mark already made. Group staff.';

/**
 * Save the session's notes (one shared write-up). Group staff. Who saved them and when are
 * stamped by a trigger; clients may not write those columns.
 */
create function public.save_session_notes(session_id uuid, covered text, how_it_went text, reflection text)
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
comment on function public.save_session_notes(uuid, text, text, text) is
  'Saves the session''s notes (one shared write-up). Group staff.';

/** Release a session's materials to its parents (recorded once). Group staff. */
create function public.release_materials(session_id uuid) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
begin
  if private.session_group(session_id) is null then
    raise exception 'No such session.' using errcode = 'P0002';
  end if;
  perform private.require_group_staff(private.session_group(session_id));
  update public.sessions s set released_at = now(), released_by = (select auth.uid())
  where s.id = session_id and s.released_at is null and s.status <> 'cancelled';
  return jsonb_build_object('session_id', session_id);
end
$$;
comment on function public.release_materials(uuid) is
  'Releases a session''s materials to the group''s parents (recorded once). Group staff.';

/** Mark a session as held once it has started; releases its materials if not yet released. */
create function public.mark_session_held(session_id uuid) returns jsonb
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
  if s.status = 'cancelled' then
    raise exception 'A cancelled session cannot be marked held.' using errcode = 'P0001';
  end if;
  if s.starts_at > now() then
    raise exception 'A session can be marked held once it has started.' using errcode = 'P0001';
  end if;
  update public.sessions x set status = 'held',
    released_at = coalesce(x.released_at, now()),
    released_by = coalesce(x.released_by, (select auth.uid()))
  where x.id = session_id;
  return jsonb_build_object('session_id', session_id);
end
$$;
comment on function public.mark_session_held(uuid) is
  'Marks a session as held once it has started, releasing its materials if not yet released. Group staff.';

/** Raise a concern about a family (or the group). Reaches the lead by email. Group staff. */
create function public.raise_concern(group_id uuid, enrolment_id uuid, session_id uuid,
  kind public.concern_kind, urgency public.concern_urgency, description text)
returns jsonb
language plpgsql set search_path = ''
as $$
#variable_conflict use_variable
declare
  c uuid;
begin
  if not private.is_group_staff(group_id) then
    raise exception 'You do not have permission to raise a concern for this group.' using errcode = '42501';
  end if;
  insert into public.concerns (group_id, enrolment_id, session_id, kind, urgency, description)
  values (group_id, enrolment_id, session_id, kind, urgency, btrim(description))
  returning id into c;
  return jsonb_build_object('id', c);
end
$$;
comment on function public.raise_concern(uuid, uuid, uuid, public.concern_kind, public.concern_urgency, text) is
  'Raises a concern about a family (or the group) for the clinical lead. Group staff.';

/** Enrolled parents whose two most recent marked sessions were both absences. Group staff only. */
create function private.absent_twice(g uuid) returns jsonb
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
grant execute on function private.absent_twice(uuid) to authenticated;

/** Every concern not yet reviewed, most urgent first (clinical lead). */
create function public.open_concerns(
  urgency text default null, search text default null, page int default 1
) returns jsonb
language plpgsql stable set search_path = ''
as $$
#variable_conflict use_variable
declare
  pattern text := private.search_pattern(search);
  size constant int := 50;
  result jsonb;
begin
  perform private.require_role('clinical_lead');
  with matching as (
    select c.id, c.group_id, g.name as group_name, c.kind, c.urgency, c.description, c.raised_at,
      fam.full_name as family, r.full_name as raised_by, s.number as session_number
    from public.concerns c
    join public.groups g on g.id = c.group_id
    join public.profiles r on r.id = c.raised_by
    left join public.enrolments e on e.id = c.enrolment_id
    left join public.profiles fam on fam.id = e.parent_id
    left join public.sessions s on s.id = c.session_id
    where c.reviewed_at is null
      and (open_concerns.urgency is null or c.urgency::text = open_concerns.urgency)
      and (pattern is null or g.name ilike pattern or fam.full_name ilike pattern
           or r.full_name ilike pattern or c.description ilike pattern)
  ),
  counted as (select count(*) as n from matching),
  win as (select w.page, w.skip from counted, private.page_window(open_concerns.page, counted.n, size) w),
  rows as (
    select m.* from matching m order by m.urgency desc, m.raised_at, m.id
    limit size offset (select skip from win)
  )
  select jsonb_build_object(
    'paging', private.paging_json((select win.page from win), size, (select n from counted)),
    'concerns', (select coalesce(jsonb_agg(jsonb_build_object(
      'id', m.id, 'group_id', m.group_id, 'group_name', m.group_name, 'kind', m.kind, 'urgency', m.urgency,
      'description', m.description, 'raised_at', m.raised_at, 'family', m.family,
      'raised_by', m.raised_by, 'session_number', m.session_number
    ) order by m.urgency desc, m.raised_at, m.id), '[]') from rows m))
  into result;
  return result;
end
$$;
comment on function public.open_concerns(text, text, int) is
  'Concerns not yet reviewed (lead), most urgent and oldest first, filtered by urgency and searched by group, family, who raised it or what it says, 50 a page.';

-- Concerns that reach the right person: each email links to the concern's own page; a concern
-- marked high urgency and still not reviewed a day later goes to the deputy the lead names in
-- the organisation's settings (public.organisation.concern_deputy), who may read and review it.

/** True when the signed-in person is the organisation's deputy for concerns. */
create function private.is_concern_deputy() returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from public.organisation o where o.concern_deputy = (select auth.uid()))
$$;
comment on function private.is_concern_deputy() is
  'True when the signed-in person is the organisation''s deputy for concerns (settings).';

/**
 * One concern, for the page its emails link to: the lead, the group's facilitators and the
 * deputy for concerns may read it; the lead and the deputy may review it. Security definer, as
 * the deputy need not run the group; the role is checked first.
 */
create function public.concern_page(concern_id uuid) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  c public.concerns;
  reviewer boolean;
begin
  perform private.require_role('clinical_lead', 'facilitator');
  reviewer := private.is_clinical_lead() or private.is_concern_deputy();
  select * into c from public.concerns x where x.id = concern_id;
  if not found then
    raise exception 'No such concern.' using errcode = 'P0002';
  end if;
  if not (reviewer or private.facilitates(c.group_id)) then
    raise exception 'You do not have permission to read this concern.' using errcode = '42501';
  end if;
  return jsonb_build_object(
    'id', c.id, 'kind', c.kind, 'urgency', c.urgency, 'description', c.description,
    'raised_at', c.raised_at,
    'raised_by', (select full_name from public.profiles r where r.id = c.raised_by),
    'family', (select p.full_name from public.enrolments e join public.profiles p on p.id = e.parent_id
               where e.id = c.enrolment_id),
    'session_number', (select number from public.sessions s where s.id = c.session_id),
    'group', (select jsonb_build_object('id', g.id, 'name', g.name) from public.groups g where g.id = c.group_id),
    'reviewed_at', c.reviewed_at, 'review_note', c.review_note,
    'reviewed_by', (select full_name from public.profiles r where r.id = c.reviewed_by),
    'can_review', reviewer, 'is_lead', private.is_clinical_lead());
end
$$;
comment on function public.concern_page(uuid) is
  'One concern, for the page its emails link to: the lead, the group''s facilitators and the deputy for concerns.';
