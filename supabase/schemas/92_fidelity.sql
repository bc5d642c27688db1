-- Fidelity to the model: a few checklist items per curriculum version (they change with it), and
-- one checklist per session, filled by the group's facilitators after the session, each item
-- answered yes, partly or no with a note. The lead sees it beside attendance and notes; the
-- facilitator pathway (94_facilitator_pathway.sql) counts the sessions that have one.
--
-- Clients write nothing directly: the lead edits a draft's items (save_fidelity_items), a
-- group's facilitator fills a session's checklist (save_fidelity_check), both security definer
-- with the role checked first. A published version's items are frozen by a trigger, whoever
-- writes. Re-saving a checklist replaces its answers and keeps filled_by (the first to fill it);
-- updated_by and updated_at say who saved it last, and when.

/** The checklist items of one curriculum version, in order. */
create table public.curriculum_fidelity_items (
  curriculum_id uuid not null references public.curricula (id) on delete cascade,
  number int not null check (number between 1 and 20),
  wording text not null check (length(btrim(wording)) between 1 and 300),
  primary key (curriculum_id, number)
);
comment on table public.curriculum_fidelity_items is
  'The fidelity checklist''s items for one curriculum version, in order; a new version copies them and may change them.';
alter table public.curriculum_fidelity_items enable row level security;

/** One session's fidelity checklist: who filled it and when. Its answers are in the next table. */
create table public.session_fidelity_checks (
  session_id uuid primary key references public.sessions (id) on delete cascade,
  filled_by uuid not null references public.profiles (id),
  filled_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  updated_by uuid not null references public.profiles (id)
);
comment on table public.session_fidelity_checks is
  'A session''s fidelity checklist, filled by one of the group''s facilitators after the session; staff only.';
alter table public.session_fidelity_checks enable row level security;

/** One answer on a session's checklist: the item's wording is copied, so it reads as it was asked. */
create table public.session_fidelity_answers (
  session_id uuid not null references public.session_fidelity_checks (session_id) on delete cascade,
  number int not null check (number between 1 and 20),
  wording text not null check (length(btrim(wording)) between 1 and 300),
  answer text not null check (answer in ('yes', 'partly', 'no')),
  note text not null default '' check (length(note) <= 2000),
  primary key (session_id, number)
);
comment on table public.session_fidelity_answers is
  'Each item of a session''s fidelity checklist answered yes, partly or no, with a note; the wording as it was asked.';
alter table public.session_fidelity_answers enable row level security;

revoke insert, update, delete, truncate on public.curriculum_fidelity_items,
  public.session_fidelity_checks, public.session_fidelity_answers from anon, authenticated;

create trigger curriculum_fidelity_items_audit after insert or update or delete
  on public.curriculum_fidelity_items for each row execute function private.audit_row();
create trigger session_fidelity_checks_audit after insert or update or delete
  on public.session_fidelity_checks for each row execute function private.audit_row();
create trigger session_fidelity_answers_audit after insert or update or delete
  on public.session_fidelity_answers for each row execute function private.audit_row();

/**
 * A published version's checklist items cannot change, whoever writes: only a draft's may (and
 * a version's own, in the transaction that installs it published, as install_curriculum does).
 */
create function private.freeze_published_fidelity_items() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  c public.curricula;
begin
  select * into c from public.curricula where id = coalesce(new.curriculum_id, old.curriculum_id);
  if c.status = 'published' and c.published_at < now() then
    raise exception 'A published curriculum''s checklist cannot be changed. Start a new version to change it.'
      using errcode = 'P0001', hint = 'items';
  end if;
  return coalesce(new, old);
end
$$;
comment on function private.freeze_published_fidelity_items() is
  'Trigger: refuses any change to the checklist items of a published curriculum version, whoever writes.';
create trigger curriculum_fidelity_items_frozen before insert or update or delete
  on public.curriculum_fidelity_items for each row execute function private.freeze_published_fidelity_items();

-- Policies. One permissive policy per table, role and action.

create policy "Staff can read fidelity checklist items" on public.curriculum_fidelity_items
  for select to authenticated
  using ((select private.current_app_role()) in ('clinical_lead', 'facilitator'));
create policy "The group's staff can read a session's fidelity checklist" on public.session_fidelity_checks
  for select to authenticated using ((select private.is_clinical_lead()) or session_id in (select private.my_session_ids()));
create policy "The group's staff can read a session's fidelity answers" on public.session_fidelity_answers
  for select to authenticated using ((select private.is_clinical_lead()) or session_id in (select private.my_session_ids()));

-- API.

/**
 * A session's filled checklist as its pages show it (null when not filled): who filled it and
 * who saved it last, with when, the count of each answer, and the answers in order. Called only
 * by security definer pages that have checked the caller (session_page, group_review).
 */
create function private.session_fidelity(s uuid) returns jsonb
language sql stable security invoker set search_path = ''
as $$
  select jsonb_build_object(
    'filled_by', (select p.full_name from public.profiles p where p.id = c.filled_by),
    'filled_at', c.filled_at,
    'updated_by', (select p.full_name from public.profiles p where p.id = c.updated_by),
    'updated_at', c.updated_at,
    'counts', (select jsonb_build_object(
        'yes', count(*) filter (where a.answer = 'yes'),
        'partly', count(*) filter (where a.answer = 'partly'),
        'no', count(*) filter (where a.answer = 'no'))
      from public.session_fidelity_answers a where a.session_id = c.session_id),
    'answers', (select coalesce(jsonb_agg(jsonb_build_object('number', a.number, 'wording', a.wording,
        'answer', a.answer, 'note', a.note) order by a.number), '[]')
      from public.session_fidelity_answers a where a.session_id = c.session_id))
  from public.session_fidelity_checks c
  where c.session_id = s
$$;
comment on function private.session_fidelity(uuid) is
  'A session''s filled fidelity checklist for its pages, or null; for pages that have checked the caller.';
revoke execute on function private.session_fidelity(uuid) from public, anon, authenticated;

/** The checklist items of one curriculum version, in order, as its pages show them. */
create function private.fidelity_items(c uuid) returns jsonb
language sql stable security invoker set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object('number', i.number, 'wording', i.wording)
    order by i.number), '[]')
  from public.curriculum_fidelity_items i where i.curriculum_id = c
$$;
comment on function private.fidelity_items(uuid) is
  'A curriculum version''s fidelity checklist items in order; security invoker, so RLS decides for clients.';
grant execute on function private.fidelity_items(uuid) to authenticated;

/**
 * Replace a draft curriculum's checklist items with `items`, a list of 1 to 10 wordings in order
 * (each 1 to 300 characters once trimmed). Lead only; a published version cannot change.
 */
create function public.save_fidelity_items(curriculum_id uuid, items jsonb) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  c public.curricula;
begin
  perform private.require_role('clinical_lead');
  select * into c from public.curricula x where x.id = curriculum_id for update;
  if not found then
    raise exception 'No such curriculum.' using errcode = 'P0002';
  end if;
  if c.status <> 'draft' then
    raise exception 'Only a draft can be edited. Start a new version to make changes.'
      using errcode = 'P0001', hint = 'items';
  end if;
  if items is null or jsonb_typeof(items) <> 'array' or jsonb_array_length(items) not between 1 and 10 then
    raise exception 'The checklist needs between 1 and 10 items.' using errcode = 'P0001', hint = 'items';
  end if;
  if exists (select 1 from jsonb_array_elements(items) x
             where jsonb_typeof(x) <> 'string' or length(btrim(x #>> '{}')) not between 1 and 300) then
    raise exception 'Each item is a line of 1 to 300 characters.' using errcode = 'P0001', hint = 'items';
  end if;
  delete from public.curriculum_fidelity_items i where i.curriculum_id = c.id;
  insert into public.curriculum_fidelity_items (curriculum_id, number, wording)
  select c.id, x.n, btrim(x.item #>> '{}')
  from jsonb_array_elements(items) with ordinality as x (item, n);
  return jsonb_build_object('curriculum_id', c.id, 'items', jsonb_array_length(items));
end
$$;
comment on function public.save_fidelity_items(uuid, jsonb) is
  'Replaces a draft curriculum''s fidelity checklist items (1 to 10 wordings, in order). Lead only.';

/**
 * Fill (or re-save) a session's fidelity checklist: `answers` is a list of {number, answer:
 * yes|partly|no, note}, one for every item of the group's curriculum version. Only the group's
 * facilitators, once the session has started and unless it was cancelled. Re-saving replaces
 * the answers; filled_by stays the first to fill it, updated_by/updated_at say who saved it last.
 * The items' wording is copied into the answers.
 */
create function public.save_fidelity_check(session_id uuid, answers jsonb) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_role('facilitator');
  s public.sessions;
  curriculum uuid;
begin
  -- One save at a time per session: the answers are replaced as a whole.
  select * into s from public.sessions x where x.id = session_id for update;
  if not found then
    raise exception 'No such session.' using errcode = 'P0002';
  end if;
  if not private.facilitates(s.group_id) then
    raise exception 'Only the group''s facilitators can fill its fidelity checklist.' using errcode = '42501';
  end if;
  if s.status = 'cancelled' then
    raise exception 'This session was cancelled.' using errcode = 'P0001';
  end if;
  if s.starts_at > now() then
    raise exception 'The checklist can be filled once the session has started.' using errcode = 'P0001';
  end if;
  select g.curriculum_id into curriculum from public.groups g where g.id = s.group_id;
  if not exists (select 1 from public.curriculum_fidelity_items i where i.curriculum_id = curriculum) then
    raise exception 'This group''s curriculum version has no fidelity checklist.' using errcode = 'P0001';
  end if;
  if answers is null or jsonb_typeof(answers) <> 'array' or exists (
       select 1 from jsonb_array_elements(answers) a
       where jsonb_typeof(a) <> 'object'
          or jsonb_typeof(a -> 'number') is distinct from 'number' or (a ->> 'number') !~ '^[0-9]{1,2}$'
          or coalesce(a ->> 'answer', '') not in ('yes', 'partly', 'no')
          or coalesce(jsonb_typeof(a -> 'note'), 'null') not in ('string', 'null')
          or length(coalesce(a ->> 'note', '')) > 2000) then
    raise exception 'Answer each item yes, partly or no; a note is at most 2,000 characters.'
      using errcode = 'P0001', hint = 'answers';
  end if;
  if exists (select 1 from jsonb_array_elements(answers) a
             where not exists (select 1 from public.curriculum_fidelity_items i
                               where i.curriculum_id = curriculum and i.number = (a ->> 'number')::int)) then
    raise exception 'The checklist has no such item. Reload the page to see its items.'
      using errcode = 'P0001', hint = 'answers';
  end if;
  if (select count(*) from jsonb_array_elements(answers)) <> (select count(distinct (a ->> 'number')::int) from jsonb_array_elements(answers) a) then
    raise exception 'Answer each item once.' using errcode = 'P0001', hint = 'answers';
  end if;
  if exists (select 1 from public.curriculum_fidelity_items i
             where i.curriculum_id = curriculum and not exists (
               select 1 from jsonb_array_elements(answers) a where (a ->> 'number')::int = i.number)) then
    raise exception 'Answer every item on the checklist.' using errcode = 'P0001', hint = 'answers';
  end if;
  insert into public.session_fidelity_checks (session_id, filled_by, updated_by)
  values (s.id, who, who)
  on conflict on constraint session_fidelity_checks_pkey do update
    set updated_by = excluded.updated_by, updated_at = now();
  delete from public.session_fidelity_answers a where a.session_id = s.id;
  insert into public.session_fidelity_answers (session_id, number, wording, answer, note)
  select s.id, i.number, i.wording, a ->> 'answer', btrim(coalesce(a ->> 'note', ''))
  from jsonb_array_elements(answers) a
  join public.curriculum_fidelity_items i on i.curriculum_id = curriculum and i.number = (a ->> 'number')::int;
  return jsonb_build_object('session_id', s.id);
end
$$;
comment on function public.save_fidelity_check(uuid, jsonb) is
  'Fills or re-saves a session''s fidelity checklist, every item answered once. The group''s facilitators, once the session has started.';
