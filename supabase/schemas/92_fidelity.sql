-- Fidelity to the model: a few checklist items per curriculum version (they change with it), and
-- one checklist per session, filled by the group's facilitators after the session, each item
-- answered yes, partly or no with a note. The lead sees it beside attendance and notes; the
-- facilitator pathway (94_facilitator_pathway.sql) counts the sessions that have one.

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
  updated_at timestamptz not null default now()
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
