-- The online training's content: versions of a training (e.g. the MBT Online training) and their
-- modules, each a short video stored in the online-training bucket or played from an embeddable
-- host. Here, before 80_courses.sql, because a course names the version it uses; who may read
-- them, and everything about access and progress, is in 88_online_training.sql.

/** One version of an online training: its name, whether published, when a module counts as done. */
create table public.online_trainings (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(btrim(name)) between 1 and 200),
  version int not null check (version >= 1),
  summary text not null default '' check (length(summary) <= 2000),
  status text not null default 'draft' check (status in ('draft', 'published')),
  completion_percent int not null default 90 check (completion_percent between 50 and 100),
  published_at timestamptz,
  created_by uuid references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  unique (name, version),
  check ((status = 'published') = (published_at is not null))
);
comment on table public.online_trainings is
  'Versions of an online training (e.g. the MBT Online training); only a draft is edited, and a course uses a published version.';
comment on column public.online_trainings.completion_percent is
  'A served video counts as watched once this share of its seconds has been played (default 90).';
create unique index online_trainings_one_draft_idx on public.online_trainings (name)
  where status = 'draft';
alter table public.online_trainings enable row level security;

/** One module (a short video) of an online training version, in order. */
create table public.online_modules (
  id uuid primary key default gen_random_uuid(),
  training_id uuid not null references public.online_trainings (id) on delete cascade,
  position int not null check (position between 1 and 100),
  title text not null check (length(btrim(title)) between 1 and 200),
  description text not null default '' check (length(description) <= 4000),
  duration_seconds int not null check (duration_seconds between 1 and 36000),
  video_kind text not null check (video_kind in ('file', 'embed')),
  -- A file in the online-training bucket, named <training id>/<module id>/<file name>.
  video_path text check (length(video_path) <= 500),
  -- An embeddable player's address on a host the app knows (YouTube's privacy mode, Vimeo).
  video_url text check (video_url ~ '^https://(www\.youtube-nocookie\.com/embed/|player\.vimeo\.com/video/)[A-Za-z0-9_-]{1,64}$'),
  notes_path text check (length(notes_path) <= 500),
  notes_name text check (length(btrim(notes_name)) between 1 and 200),
  unique (training_id, position) deferrable initially immediate,
  constraint online_modules_video_check check (
    (video_kind = 'file' and video_url is null) or (video_kind = 'embed' and video_path is null
      and video_url is not null)),
  constraint online_modules_notes_check check ((notes_path is null) = (notes_name is null))
);
comment on table public.online_modules is
  'The modules of an online training version: title, description, length, the video (a stored file or an embeddable host''s player) and optional notes to download.';
comment on column public.online_modules.video_path is
  'The stored video''s name in the online-training bucket (<training id>/<module id>/<file>); null until uploaded.';
create index online_modules_training_idx on public.online_modules (training_id, position);
alter table public.online_modules enable row level security;

-- Clients read through RLS (policies in 88_online_training.sql) and write only through functions.
revoke insert, update, delete, truncate on public.online_trainings, public.online_modules
  from anon, authenticated;

create trigger online_trainings_audit after insert or update or delete on public.online_trainings
  for each row execute function private.audit_row();
create trigger online_modules_audit after insert or update or delete on public.online_modules
  for each row execute function private.audit_row();
