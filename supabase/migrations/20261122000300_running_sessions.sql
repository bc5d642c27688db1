-- Running a session: versioned curricula (slides, prompts, notes, home practice), releasing
-- materials, the attendance register, session notes and concerns about families.

/** A version of a programme's curriculum. Groups keep the version they started with. */
create table public.curricula (
  id uuid primary key default gen_random_uuid(),
  programme_id text not null references public.programmes (id),
  version int not null check (version >= 1),
  status text not null default 'draft' check (status in ('draft', 'published')),
  published_at timestamptz,
  created_by uuid references public.profiles (id),
  created_at timestamptz not null default now(),
  unique (programme_id, version),
  check ((status = 'published') = (published_at is not null))
);
comment on table public.curricula is 'Curriculum versions; only a draft can be edited, and publishing makes it the one new groups get.';
create unique index curricula_one_draft_idx on public.curricula (programme_id) where status = 'draft';
alter table public.curricula enable row level security;

/** One session of a curriculum: slides in Markdown, prompts, facilitator notes, home practice. */
create table public.curriculum_sessions (
  curriculum_id uuid not null references public.curricula (id) on delete cascade,
  number int not null check (number between 1 and 20),
  title text not null check (length(btrim(title)) between 1 and 120),
  aims jsonb not null default '[]' check (jsonb_typeof(aims) = 'array'),
  slides jsonb not null default '[]' check (jsonb_typeof(slides) = 'array'),
  prompts jsonb not null default '[]' check (jsonb_typeof(prompts) = 'array'),
  facilitator_notes text not null default '',
  home_practice text not null default '',
  primary key (curriculum_id, number)
);
comment on table public.curriculum_sessions is 'Session content; slides is an array of Markdown strings, one per slide.';
alter table public.curriculum_sessions enable row level security;

alter table public.groups add column curriculum_id uuid references public.curricula (id);
comment on column public.groups.curriculum_id is 'The curriculum version the group started with; set at creation.';
create index groups_curriculum_idx on public.groups (curriculum_id);

alter table public.sessions
  add column released_at timestamptz,
  add column released_by uuid references public.profiles (id);
comment on column public.sessions.released_at is 'When the session''s materials were released to the group''s parents.';

create type public.attendance_status as enum ('present', 'late', 'apologies', 'absent');

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

create type public.concern_kind as enum ('safeguarding', 'wellbeing');
create type public.concern_urgency as enum ('low', 'medium', 'high');

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

alter table public.notifications drop constraint notifications_kind_check;
alter table public.notifications add constraint notifications_kind_check
  check (kind in ('place_offered', 'concern_raised'));

revoke insert, update, delete, truncate on public.curricula, public.curriculum_sessions
  from anon, authenticated;
revoke delete, truncate on public.attendance, public.session_notes, public.concerns
  from anon, authenticated;
revoke update on public.concerns from anon, authenticated;

create trigger curricula_audit after insert or update or delete on public.curricula
  for each row execute function private.audit_row();
create trigger curriculum_sessions_audit after insert or update or delete on public.curriculum_sessions
  for each row execute function private.audit_row();
create trigger attendance_audit after insert or update or delete on public.attendance
  for each row execute function private.audit_row();
create trigger session_notes_audit after insert or update or delete on public.session_notes
  for each row execute function private.audit_row();
create trigger concerns_audit after insert or update or delete on public.concerns
  for each row execute function private.audit_row();

-- Helpers.

/** The group a session belongs to. */
create function private.session_group(s uuid) returns uuid
language sql stable security definer set search_path = ''
as $$
  select group_id from public.sessions where id = s
$$;
grant execute on function private.session_group(uuid) to authenticated;

/** True for the group's facilitators and the clinical lead. */
create function private.is_group_staff(g uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select private.is_clinical_lead() or private.facilitates(g)
$$;
grant execute on function private.is_group_staff(uuid) to authenticated;

/** New groups get the programme's latest published curriculum. */
create function private.default_curriculum() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if new.curriculum_id is null then
    select id into new.curriculum_id from public.curricula
    where programme_id = new.programme_id and status = 'published'
    order by version desc limit 1;
  end if;
  return new;
end
$$;
create trigger groups_default_curriculum before insert on public.groups
  for each row execute function private.default_curriculum();

/**
 * The register may list only parents who held a place in the session's group when it ran:
 * enrolled before it started, and not withdrawn before its date.
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
  new.marked_by := (select auth.uid());
  new.marked_at := now();
  return new;
end
$$;
create trigger attendance_check before insert or update on public.attendance
  for each row execute function private.check_attendance();

/** Tell every clinical lead that a concern was raised (the email carries no details). */
create function private.notify_concern() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  insert into public.notifications (to_profile, kind, payload)
  select p.id, 'concern_raised', jsonb_build_object('concern_id', new.id, 'group_id', new.group_id,
    'urgency', new.urgency, 'kind', new.kind)
  from public.profiles p where p.role = 'clinical_lead';
  return null;
end
$$;
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
  new.reviewed_at := null;
  new.reviewed_by := null;
  return new;
end
$$;
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
create trigger session_notes_stamp before insert or update on public.session_notes
  for each row execute function private.stamp_session_notes();

-- Policies.

create policy "Staff can read curricula" on public.curricula
  for select to authenticated using ((select private.current_app_role()) in ('clinical_lead', 'facilitator'));
create policy "Staff can read curriculum sessions" on public.curriculum_sessions
  for select to authenticated using ((select private.current_app_role()) in ('clinical_lead', 'facilitator'));

create policy "Group staff can read the register" on public.attendance
  for select to authenticated using ((select private.is_group_staff(private.session_group(session_id))));
create policy "Parents can read their own attendance" on public.attendance
  for select to authenticated using (
    exists (select 1 from public.enrolments e where e.id = enrolment_id and e.parent_id = (select auth.uid())));
create policy "Group staff can mark the register" on public.attendance
  for insert to authenticated with check ((select private.is_group_staff(private.session_group(session_id))));
create policy "Group staff can change the register" on public.attendance
  for update to authenticated using ((select private.is_group_staff(private.session_group(session_id))))
  with check ((select private.is_group_staff(private.session_group(session_id))));

create policy "Group staff can read session notes" on public.session_notes
  for select to authenticated using ((select private.is_group_staff(private.session_group(session_id))));
create policy "Group staff can write session notes" on public.session_notes
  for insert to authenticated with check ((select private.is_group_staff(private.session_group(session_id))));
create policy "Group staff can update session notes" on public.session_notes
  for update to authenticated using ((select private.is_group_staff(private.session_group(session_id))))
  with check ((select private.is_group_staff(private.session_group(session_id))));

create policy "Group staff can read the group's concerns" on public.concerns
  for select to authenticated using ((select private.is_group_staff(group_id)));
create policy "Group staff can raise concerns" on public.concerns
  for insert to authenticated with check ((select private.is_group_staff(group_id)));

-- Curriculum API.

/** Install a curriculum version as published (service role: the default content loader). */
create function private.install_curriculum(programme text, content jsonb) returns uuid
language plpgsql security definer set search_path = ''
as $$
declare
  c uuid;
  s jsonb;
begin
  insert into public.curricula (programme_id, version, status, published_at)
  values (programme, coalesce((select max(version) from public.curricula where programme_id = programme), 0) + 1,
    'published', now())
  returning id into c;
  for s in select * from jsonb_array_elements(content) loop
    insert into public.curriculum_sessions (curriculum_id, number, title, aims, slides, prompts,
      facilitator_notes, home_practice)
    values (c, (s ->> 'number')::int, s ->> 'title', s -> 'aims', s -> 'slides', s -> 'prompts',
      coalesce(s ->> 'facilitator_notes', ''), coalesce(s ->> 'home_practice', ''));
  end loop;
  update public.groups set curriculum_id = c where programme_id = programme and curriculum_id is null;
  return c;
end
$$;
revoke execute on function private.install_curriculum(text, jsonb) from public, authenticated;

/** The curricula page: every version of each programme's curriculum. Staff. */
create function public.curricula_page() returns jsonb
language plpgsql stable
as $$
begin
  perform private.require_role('clinical_lead', 'facilitator');
  return jsonb_build_object('is_lead', private.is_clinical_lead(), 'curricula', (
    select coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'programme', p.name, 'version', c.version,
      'status', c.status, 'published_at', c.published_at,
      'groups', (select count(*) from public.groups g where g.curriculum_id = c.id))
      order by p.name, c.version desc), '[]')
    from public.curricula c join public.programmes p on p.id = c.programme_id));
end
$$;

/** One curriculum version with all its sessions. Staff. */
create function public.curriculum_page(curriculum_id uuid) returns jsonb
language plpgsql stable
as $$
#variable_conflict use_variable
declare
  result jsonb;
begin
  perform private.require_role('clinical_lead', 'facilitator');
  select jsonb_build_object('id', c.id, 'programme_id', c.programme_id, 'programme', p.name,
    'version', c.version, 'status', c.status, 'published_at', c.published_at,
    'is_lead', private.is_clinical_lead(),
    'sessions', (select coalesce(jsonb_agg(to_jsonb(s) - 'curriculum_id' order by s.number), '[]')
      from public.curriculum_sessions s where s.curriculum_id = c.id))
  into result
  from public.curricula c join public.programmes p on p.id = c.programme_id
  where c.id = curriculum_id;
  if result is null then
    raise exception 'No such curriculum.' using errcode = 'P0002';
  end if;
  return result;
end
$$;

/** Start a new draft from the latest published version (lead). Returns the draft's id. */
create function public.draft_curriculum(programme_id text) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_role('clinical_lead');
  source uuid;
  draft uuid;
begin
  select id into draft from public.curricula c where c.programme_id = programme_id and c.status = 'draft';
  if draft is not null then
    return jsonb_build_object('id', draft);
  end if;
  select id into source from public.curricula c
  where c.programme_id = programme_id and c.status = 'published' order by c.version desc limit 1;
  if source is null then
    raise exception 'There is no curriculum to start from.' using errcode = 'P0001';
  end if;
  insert into public.curricula (programme_id, version, status, created_by)
  values (programme_id, (select max(version) + 1 from public.curricula c where c.programme_id = programme_id), 'draft', who)
  returning id into draft;
  insert into public.curriculum_sessions (curriculum_id, number, title, aims, slides, prompts, facilitator_notes, home_practice)
  select draft, number, title, aims, slides, prompts, facilitator_notes, home_practice
  from public.curriculum_sessions where curriculum_id = source;
  return jsonb_build_object('id', draft);
end
$$;

/** Save one session of a draft curriculum (lead). */
create function public.save_curriculum_session(
  curriculum_id uuid, number int, title text, aims jsonb, slides jsonb, prompts jsonb,
  facilitator_notes text, home_practice text
) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
begin
  perform private.require_role('clinical_lead');
  if (select status from public.curricula c where c.id = curriculum_id) is distinct from 'draft' then
    raise exception 'Only a draft can be edited. Start a new version to make changes.' using errcode = 'P0001';
  end if;
  if jsonb_typeof(slides) <> 'array' or jsonb_array_length(slides) = 0 then
    raise exception 'A session needs at least one slide.' using errcode = 'P0001', hint = 'slides';
  end if;
  if exists (select 1 from jsonb_array_elements(slides || coalesce(aims, '[]') || coalesce(prompts, '[]')) x
             where jsonb_typeof(x) <> 'string') then
    raise exception 'Slides, aims and prompts must be text.' using errcode = 'P0001', hint = 'slides';
  end if;
  if jsonb_typeof(aims) <> 'array' or jsonb_typeof(prompts) <> 'array' then
    raise exception 'Aims and prompts must be lists.' using errcode = 'P0001', hint = 'aims';
  end if;
  update public.curriculum_sessions s
     set title = btrim(save_curriculum_session.title), aims = save_curriculum_session.aims,
         slides = save_curriculum_session.slides, prompts = save_curriculum_session.prompts,
         facilitator_notes = save_curriculum_session.facilitator_notes,
         home_practice = save_curriculum_session.home_practice
   where s.curriculum_id = save_curriculum_session.curriculum_id and s.number = save_curriculum_session.number;
  if not found then
    raise exception 'No such session.' using errcode = 'P0002';
  end if;
  return jsonb_build_object('number', number);
end
$$;

/** Publish a draft: groups created from now on use it; existing groups keep theirs (lead). */
create function public.publish_curriculum(curriculum_id uuid) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
begin
  perform private.require_role('clinical_lead');
  update public.curricula c set status = 'published', published_at = now()
  where c.id = curriculum_id and c.status = 'draft';
  if not found then
    raise exception 'Only a draft can be published.' using errcode = 'P0001';
  end if;
  return jsonb_build_object('id', curriculum_id);
end
$$;

-- Running a session.

/** The deck for presenting: the session's content from the group's curriculum. Group staff. */
create function public.session_deck(group_id uuid, number int) returns jsonb
language plpgsql stable
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
      'session', private.session_json(s) || jsonb_build_object('released_at', s.released_at),
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
create function public.session_page(group_id uuid, number int) returns jsonb
language plpgsql stable
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
    'session', private.session_json(s) || jsonb_build_object('released_at', s.released_at),
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

/** Mark one parent on the register; marking again replaces the mark. Group staff. */
create function public.mark_attendance(session_id uuid, enrolment_id uuid, status public.attendance_status, reason text default null)
returns jsonb
language plpgsql
as $$
#variable_conflict use_variable
begin
  if not private.is_group_staff(private.session_group(session_id)) then
    raise exception 'You do not have permission to mark this register.' using errcode = '42501';
  end if;
  insert into public.attendance (session_id, enrolment_id, status, reason)
  values (session_id, enrolment_id, status, nullif(btrim(reason), ''))
  on conflict on constraint attendance_pkey do update
    set status = excluded.status, reason = excluded.reason;
  return jsonb_build_object('session_id', session_id, 'enrolment_id', enrolment_id, 'status', status);
end
$$;

/** Save the session's notes (one shared write-up). Group staff. */
create function public.save_session_notes(session_id uuid, covered text, how_it_went text, reflection text)
returns jsonb
language plpgsql
as $$
#variable_conflict use_variable
begin
  if not private.is_group_staff(private.session_group(session_id)) then
    raise exception 'You do not have permission to write these notes.' using errcode = '42501';
  end if;
  insert into public.session_notes (session_id, covered, how_it_went, reflection, written_by, updated_at)
  values (session_id, coalesce(covered, ''), coalesce(how_it_went, ''), coalesce(reflection, ''), (select auth.uid()), now())
  on conflict on constraint session_notes_pkey do update
    set covered = excluded.covered, how_it_went = excluded.how_it_went, reflection = excluded.reflection,
        written_by = excluded.written_by, updated_at = now();
  return jsonb_build_object('session_id', session_id);
end
$$;

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

/** Raise a concern about a family (or the group). Reaches the lead by email. Group staff. */
create function public.raise_concern(group_id uuid, enrolment_id uuid, session_id uuid,
  kind public.concern_kind, urgency public.concern_urgency, description text)
returns jsonb
language plpgsql
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

/** Enrolled parents whose two most recent marked sessions were both absences. */
create function private.absent_twice(g uuid) returns jsonb
language sql stable security definer set search_path = ''
as $$
  with ranked as (
    select a.enrolment_id, a.status,
      row_number() over (partition by a.enrolment_id order by s.starts_at desc) as recent
    from public.attendance a join public.sessions s on s.id = a.session_id
    where s.group_id = g and s.status <> 'cancelled'
  ), flagged as (
    select r.enrolment_id
    from ranked r join public.enrolments e on e.id = r.enrolment_id and e.status = 'enrolled'
    where r.recent <= 2
    group by r.enrolment_id
    having count(*) = 2 and bool_and(r.status = 'absent')
  )
  select coalesce(jsonb_agg(enrolment_id), '[]') from flagged
$$;
grant execute on function private.absent_twice(uuid) to authenticated;

/** One session as pages show it, now with when its materials were released. */
create or replace function private.session_json(s public.sessions) returns jsonb
language sql stable
as $$
  select jsonb_build_object('id', s.id, 'number', s.number, 'starts_at', s.starts_at,
    'ends_at', s.ends_at, 'status', s.status, 'cancelled_reason', s.cancelled_reason,
    'released_at', s.released_at)
$$;

/**
 * A group's page for its facilitators and the lead: schedule, places, waitlist, offers,
 * parents absent from two sessions in a row, and open concerns.
 */
create function public.group_page(group_id uuid) returns jsonb
language plpgsql stable
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
    'sessions', (select coalesce(jsonb_agg(private.session_json(s) order by s.number, s.starts_at), '[]')
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

/** Every concern not yet reviewed, most urgent first (clinical lead). */
create function public.open_concerns() returns jsonb
language plpgsql stable
as $$
begin
  perform private.require_role('clinical_lead');
  return (
    select coalesce(jsonb_agg(jsonb_build_object(
      'id', c.id, 'group_id', g.id, 'group_name', g.name, 'kind', c.kind, 'urgency', c.urgency,
      'description', c.description, 'raised_at', c.raised_at, 'family', fam.full_name,
      'raised_by', r.full_name, 'session_number', s.number
    ) order by c.urgency desc, c.raised_at), '[]')
    from public.concerns c
    join public.groups g on g.id = c.group_id
    join public.profiles r on r.id = c.raised_by
    left join public.enrolments e on e.id = c.enrolment_id
    left join public.profiles fam on fam.id = e.parent_id
    left join public.sessions s on s.id = c.session_id
    where c.reviewed_at is null
  );
end
$$;
