-- Programmes and their curricula: what is delivered as a group (the Reflective Parenting
-- group) and the content of each session, in versions. Courses for professionals are not
-- programmes: they are in 80_courses.sql.
--
-- A curriculum version is a draft until the lead publishes it; only a draft can be edited, and
-- new groups get the programme's latest published version (a trigger in 30_groups.sql), while
-- groups keep the version they started with. The default curriculum is data: it is written as
-- Markdown in curriculum/ and installed by migrations that `npm run curriculum:sql` generates.

/** What is delivered as a group: the Reflective Parenting group. */
create table public.programmes (
  id text primary key,
  name text not null,
  kind text not null check (kind in ('group', 'course')),
  audience text not null,
  session_count int not null check (session_count between 1 and 20),
  session_minutes int not null check (session_minutes between 30 and 480),
  cadence text not null check (cadence in ('weekly', 'daily')),
  places int not null check (places between 1 and 30),
  completion_threshold int not null,
  check (completion_threshold between 1 and session_count)
);
comment on table public.programmes is 'Programmes and their shape: sessions, length, places, completion threshold.';
alter table public.programmes enable row level security;

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

-- Clients read through RLS and write only through the functions below.
revoke insert, update, delete, truncate on public.programmes, public.curricula,
  public.curriculum_sessions from anon, authenticated;

create trigger curricula_audit after insert or update or delete on public.curricula
  for each row execute function private.audit_row();
create trigger curriculum_sessions_audit after insert or update or delete on public.curriculum_sessions
  for each row execute function private.audit_row();

-- Policies.

create policy "People in the groups service can read programmes" on public.programmes
  for select to authenticated
  using ((select private.current_app_role()) in ('clinical_lead', 'facilitator', 'parent'));
create policy "Staff can read curricula" on public.curricula
  for select to authenticated using ((select private.current_app_role()) in ('clinical_lead', 'facilitator'));
create policy "Staff can read curriculum sessions" on public.curriculum_sessions
  for select to authenticated using ((select private.current_app_role()) in ('clinical_lead', 'facilitator'));

-- Curriculum API.

/**
 * Install a curriculum version as published, numbered after the programme's latest. Only its
 * owner may call it: the migrations that `npm run curriculum:sql` writes install the default.
 */
create function private.install_curriculum(programme text, content jsonb) returns uuid
language plpgsql security definer set search_path = ''
as $$
declare
  c uuid;
  s jsonb;
  previous uuid := (select id from public.curricula x where x.programme_id = programme
                    and x.status = 'published' order by x.version desc limit 1);
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
  -- The fidelity checklist (92_fidelity.sql) carries over from the version before.
  insert into public.curriculum_fidelity_items (curriculum_id, number, wording)
  select c, i.number, i.wording from public.curriculum_fidelity_items i where i.curriculum_id = previous;
  update public.groups set curriculum_id = c where programme_id = programme and curriculum_id is null;
  return c;
end
$$;
comment on function private.install_curriculum(text, jsonb) is
  'Installs a curriculum as the programme''s next published version, with the previous version''s fidelity checklist; called by the curriculum migrations only.';

/** The curricula page: every version of each programme's curriculum. Staff. */
create function public.curricula_page() returns jsonb
language plpgsql stable set search_path = ''
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
comment on function public.curricula_page() is
  'The curricula page: every version of each programme''s curriculum. Staff.';

/** One curriculum version with all its sessions and its fidelity checklist items. Staff. */
create function public.curriculum_page(curriculum_id uuid) returns jsonb
language plpgsql stable set search_path = ''
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
      from public.curriculum_sessions s where s.curriculum_id = c.id),
    'fidelity_items', private.fidelity_items(c.id))
  into result
  from public.curricula c join public.programmes p on p.id = c.programme_id
  where c.id = curriculum_id;
  if result is null then
    raise exception 'No such curriculum.' using errcode = 'P0002';
  end if;
  return result;
end
$$;
comment on function public.curriculum_page(uuid) is
  'One curriculum version with all its sessions and its fidelity checklist items. Staff.';

/**
 * Start a new draft from the latest published version, its sessions and fidelity checklist
 * items copied (lead). Returns the draft's id.
 */
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
  insert into public.curriculum_fidelity_items (curriculum_id, number, wording)
  select draft, number, wording from public.curriculum_fidelity_items where curriculum_id = source;
  return jsonb_build_object('id', draft);
end
$$;
comment on function public.draft_curriculum(text) is
  'Starts a new draft from the latest published version (sessions and checklist items), or returns the open draft (lead). Returns the draft''s id.';

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
comment on function public.save_curriculum_session(uuid, int, text, jsonb, jsonb, jsonb, text, text) is
  'Saves one session of a draft curriculum (lead); a published version cannot be edited.';

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
comment on function public.publish_curriculum(uuid) is
  'Publishes a draft: groups created from now on use it; existing groups keep theirs (lead).';
