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
