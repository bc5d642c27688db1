-- Managing the online training and teaching a course: the training staff edit versions of the
-- online training (a draft's modules; publishing freezes it), choose which published version a
-- course uses, and on /teaching/<course> see every attendee's prerequisite, progress, attendance
-- and certificate beside each other; they grant or withdraw early access, answer requests and
-- mark the training complete by hand, each with a reason. A course's trainers see the same table
-- read-only.
--
-- Access is never decided here: every row asks private.online_access(place), and completion is
-- private.online_progress_summary(trainee, training) (88_online_training.sql).

/** Raise P0001 unless the online training version is a draft; P0002 when there is none. */
create function private.require_online_draft(training uuid) returns void
language plpgsql stable security definer set search_path = ''
as $$
declare
  s text;
begin
  select t.status into s from public.online_trainings t where t.id = training;
  if s is null then
    raise exception 'There is no such online training.' using errcode = 'P0002';
  end if;
  if s <> 'draft' then
    raise exception 'This version is published, so it cannot be changed. Make a new draft.'
      using errcode = 'P0001';
  end if;
end
$$;
comment on function private.require_online_draft(uuid) is
  'Raises P0001 unless the online training version is a draft (only drafts change), P0002 when there is no such version.';

/** A reason the staff give for an action: trimmed, 3 to 500 characters, or P0001 on the field. */
create function private.require_reason(value text, field text default 'reason') returns text
language plpgsql immutable set search_path = ''
as $$
declare
  clean text := btrim(coalesce(value, ''));
begin
  if length(clean) < 3 then
    raise exception 'Give a reason (a few words).' using errcode = 'P0001', hint = field;
  end if;
  if length(clean) > 500 then
    raise exception 'Keep the reason under 500 characters.' using errcode = 'P0001', hint = field;
  end if;
  return clean;
end
$$;
comment on function private.require_reason(text, text) is
  'A staff action''s reason, trimmed; P0001 (hint = the field) when under 3 or over 500 characters.';

-- Content -------------------------------------------------------------------------------------

/** The online training versions page: every version, its modules, length and courses. Staff. */
create function public.online_trainings_page() returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
begin
  perform private.require_training_staff();
  return jsonb_build_object('trainings', coalesce((select jsonb_agg(jsonb_build_object(
      'id', t.id, 'name', t.name, 'version', t.version, 'status', t.status,
      'published_at', t.published_at,
      'modules', (select count(*) from public.online_modules m where m.training_id = t.id),
      'seconds_total', (select coalesce(sum(m.duration_seconds), 0) from public.online_modules m
        where m.training_id = t.id),
      'courses', coalesce((select jsonb_agg(jsonb_build_object('id', c.id, 'title', c.title,
          'first_day', private.course_first_day(c.id))
          order by c.title) from public.courses c where c.online_training_id = t.id), '[]'))
      order by t.name, t.version desc)
    from public.online_trainings t), '[]'));
end
$$;
comment on function public.online_trainings_page() is
  'Training staff: every online training version (name, version, status, modules, total seconds, the courses using it).';
grant execute on function public.online_trainings_page() to authenticated;

/**
 * Start a new draft of an online training: a copy of its latest published version (modules,
 * files and all), or an empty version 1 for a new name. The open draft, if there is one, instead.
 */
create function public.new_online_training_draft(name text) returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
  who uuid := private.require_training_staff();
  clean text := btrim(coalesce(new_online_training_draft.name, ''));
  source public.online_trainings;
  draft uuid;
begin
  if length(clean) = 0 or length(clean) > 200 then
    raise exception 'Give the training a name (up to 200 characters).'
      using errcode = 'P0001', hint = 'name';
  end if;
  select t.id into draft from public.online_trainings t
  where t.name = clean and t.status = 'draft';
  if draft is not null then
    return jsonb_build_object('id', draft, 'created', false);
  end if;
  select * into source from public.online_trainings t
  where t.name = clean and t.status = 'published' order by t.version desc limit 1;
  insert into public.online_trainings (name, version, summary, completion_percent, created_by)
  values (clean,
    coalesce((select max(t.version) from public.online_trainings t where t.name = clean), 0) + 1,
    coalesce(source.summary, ''), coalesce(source.completion_percent, 90), who)
  returning id into draft;
  -- The copy points at the same stored files: they are never overwritten, because a new upload
  -- goes under the new module's own id.
  insert into public.online_modules (training_id, position, title, description, duration_seconds,
    video_kind, video_path, video_url, notes_path, notes_name)
  select draft, m.position, m.title, m.description, m.duration_seconds, m.video_kind,
    m.video_path, m.video_url, m.notes_path, m.notes_name
  from public.online_modules m where m.training_id = source.id;
  return jsonb_build_object('id', draft, 'created', true);
end
$$;
comment on function public.new_online_training_draft(text) is
  'Training staff: a new draft of the named online training, copied from its latest published version (or empty); the open draft if one exists. Returns its id.';
grant execute on function public.new_online_training_draft(text) to authenticated;

/** One version of an online training with its modules in order, for viewing or editing. Staff. */
create function public.online_training_version_page(training_id uuid) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
declare
  t public.online_trainings;
begin
  perform private.require_training_staff();
  select * into t from public.online_trainings x where x.id = online_training_version_page.training_id;
  if t.id is null then
    raise exception 'There is no such online training.' using errcode = 'P0002';
  end if;
  return jsonb_build_object(
    'training', jsonb_build_object('id', t.id, 'name', t.name, 'version', t.version,
      'status', t.status, 'summary', t.summary, 'completion_percent', t.completion_percent,
      'published_at', t.published_at),
    'modules', coalesce((select jsonb_agg(jsonb_build_object('id', m.id, 'position', m.position,
        'title', m.title, 'description', m.description, 'duration_seconds', m.duration_seconds,
        'video_kind', m.video_kind, 'video_path', m.video_path, 'video_url', m.video_url,
        'notes_path', m.notes_path, 'notes_name', m.notes_name) order by m.position)
      from public.online_modules m where m.training_id = t.id), '[]'),
    'courses', coalesce((select jsonb_agg(jsonb_build_object('id', c.id, 'title', c.title,
          'first_day', private.course_first_day(c.id))
        order by c.title) from public.courses c where c.online_training_id = t.id), '[]'));
end
$$;
comment on function public.online_training_version_page(uuid) is
  'Training staff: one online training version (name, version, status, completion percent) with its modules in order and the courses using it.';
grant execute on function public.online_training_version_page(uuid) to authenticated;

/**
 * Add or change one module of a draft. module_id is chosen by the app for a new module, because
 * its stored file is named after it (<training>/<module>/<file>) and is uploaded first. For a
 * stored video a null video_path keeps the one already stored; notes likewise keep their file
 * unless remove_notes.
 */
create function public.save_online_module(training_id uuid, module_id uuid, title text,
  description text, duration_seconds int, video_kind text, video_path text, video_url text,
  notes_path text, notes_name text, remove_notes boolean default false) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  m public.online_modules;
  prefix text := training_id::text || '/' || module_id::text || '/';
  path text;
  npath text;
  nname text := nullif(btrim(coalesce(notes_name, '')), '');
begin
  perform private.require_training_staff();
  perform private.require_online_draft(training_id);
  select * into m from public.online_modules x where x.id = module_id;
  if m.id is not null and m.training_id <> training_id then
    raise exception 'That module belongs to another version.' using errcode = 'P0002';
  end if;
  if length(btrim(coalesce(title, ''))) = 0 then
    raise exception 'Give the module a title.' using errcode = 'P0001', hint = 'title';
  end if;
  if duration_seconds is null or duration_seconds < 1 or duration_seconds > 36000 then
    raise exception 'Give the length: at least a second, at most 10 hours.'
      using errcode = 'P0001', hint = 'minutes';
  end if;
  if video_kind not in ('file', 'embed') then
    raise exception 'Choose a stored video or an embedded one.' using errcode = 'P0001',
      hint = 'video_kind';
  end if;
  if video_path is not null and left(video_path, length(prefix)) <> prefix then
    raise exception 'The video must be stored under its own module.' using errcode = 'P0001',
      hint = 'video_file';
  end if;
  if notes_path is not null and left(notes_path, length(prefix)) <> prefix then
    raise exception 'The notes must be stored under their own module.' using errcode = 'P0001',
      hint = 'notes_file';
  end if;
  if video_kind = 'file' then
    path := coalesce(video_path, case when m.video_kind = 'file' then m.video_path end);
  elsif video_url is null then
    raise exception 'Paste the video''s address.' using errcode = 'P0001', hint = 'video_url';
  end if;
  if remove_notes then
    npath := null;
    nname := null;
  else
    npath := coalesce(notes_path, m.notes_path);
    if npath is not null and nname is null then
      nname := coalesce(m.notes_name, 'Notes');
    end if;
    if npath is null then
      nname := null;
    end if;
  end if;
  if m.id is null then
    insert into public.online_modules (id, training_id, position, title, description,
      duration_seconds, video_kind, video_path, video_url, notes_path, notes_name)
    values (module_id, training_id,
      coalesce((select max(x.position) from public.online_modules x
        where x.training_id = training_id), 0) + 1,
      btrim(title), btrim(coalesce(description, '')), duration_seconds, video_kind, path,
      case when video_kind = 'embed' then video_url end, npath, nname);
  else
    update public.online_modules x set title = btrim(save_online_module.title),
      description = btrim(coalesce(save_online_module.description, '')),
      duration_seconds = save_online_module.duration_seconds,
      video_kind = save_online_module.video_kind, video_path = path,
      video_url = case when save_online_module.video_kind = 'embed'
        then save_online_module.video_url end,
      notes_path = npath, notes_name = nname
    where x.id = module_id;
  end if;
  return jsonb_build_object('id', module_id, 'created', m.id is null);
end
$$;
comment on function public.save_online_module(uuid, uuid, text, text, int, text, text, text, text, text, boolean) is
  'Training staff: add (at the end) or change a module of a draft online training: title, description, length, the stored video''s path or an embed address, and optional notes.';
grant execute on function public.save_online_module(uuid, uuid, text, text, int, text, text, text, text, text, boolean) to authenticated;

/** Move a draft's module one place up or down, swapping it with its neighbour. */
create function public.move_online_module(module_id uuid, direction text) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  m public.online_modules;
  other public.online_modules;
begin
  perform private.require_training_staff();
  select * into m from public.online_modules x where x.id = module_id;
  if m.id is null then
    raise exception 'There is no such module.' using errcode = 'P0002';
  end if;
  perform private.require_online_draft(m.training_id);
  if direction not in ('up', 'down') then
    raise exception 'Move it up or down.' using errcode = 'P0001';
  end if;
  select * into other from public.online_modules x where x.training_id = m.training_id
    and case when direction = 'up' then x.position < m.position else x.position > m.position end
  order by case when direction = 'up' then -x.position else x.position end limit 1;
  if other.id is null then
    return jsonb_build_object('moved', false);
  end if;
  set constraints public.online_modules_training_id_position_key deferred;
  update public.online_modules x set position = case when x.id = m.id then other.position
    else m.position end where x.id in (m.id, other.id);
  return jsonb_build_object('moved', true);
end
$$;
comment on function public.move_online_module(uuid, text) is
  'Training staff: move a draft''s module up or down one place.';
grant execute on function public.move_online_module(uuid, text) to authenticated;

/** Remove a module from a draft; the ones after it move up. */
create function public.remove_online_module(module_id uuid) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  m public.online_modules;
begin
  perform private.require_training_staff();
  select * into m from public.online_modules x where x.id = module_id;
  if m.id is null then
    raise exception 'There is no such module.' using errcode = 'P0002';
  end if;
  perform private.require_online_draft(m.training_id);
  delete from public.online_modules x where x.id = m.id;
  set constraints public.online_modules_training_id_position_key deferred;
  update public.online_modules x set position = x.position - 1
  where x.training_id = m.training_id and x.position > m.position;
  return jsonb_build_object('removed', true);
end
$$;
comment on function public.remove_online_module(uuid) is
  'Training staff: remove a module from a draft online training (later modules move up).';
grant execute on function public.remove_online_module(uuid) to authenticated;

/** Set a draft's completion threshold: the share of a served video that counts as watched. */
create function public.save_online_training_settings(training_id uuid, completion_percent int)
returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
begin
  perform private.require_training_staff();
  perform private.require_online_draft(training_id);
  if completion_percent is null or completion_percent < 50 or completion_percent > 100 then
    raise exception 'Choose between 50 and 100 per cent.' using errcode = 'P0001',
      hint = 'completion_percent';
  end if;
  update public.online_trainings t set completion_percent = save_online_training_settings.completion_percent
  where t.id = training_id;
  return jsonb_build_object('completion_percent', completion_percent);
end
$$;
comment on function public.save_online_training_settings(uuid, int) is
  'Training staff: set a draft online training''s completion percent (50 to 100).';
grant execute on function public.save_online_training_settings(uuid, int) to authenticated;

/** Publish a draft: it needs at least one module, and every stored module its file. */
create function public.publish_online_training(training_id uuid) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  missing text;
begin
  perform private.require_training_staff();
  perform private.require_online_draft(training_id);
  if not exists (select 1 from public.online_modules m where m.training_id = training_id) then
    raise exception 'Add at least one module before publishing.' using errcode = 'P0001';
  end if;
  select m.title into missing from public.online_modules m
  where m.training_id = training_id and m.video_kind = 'file' and m.video_path is null
  order by m.position limit 1;
  if missing is not null then
    raise exception 'Upload the video for "%" before publishing.', missing using errcode = 'P0001';
  end if;
  update public.online_trainings t set status = 'published', published_at = now()
  where t.id = training_id;
  return jsonb_build_object('id', training_id);
end
$$;
comment on function public.publish_online_training(uuid) is
  'Training staff: publish a draft online training (refused with no modules, or a stored module with no file); it is read-only from then on.';
grant execute on function public.publish_online_training(uuid) to authenticated;

/** Choose the published online training version a course's places include (null: none). */
create function public.set_course_online_training(course uuid, training uuid) returns jsonb
language plpgsql security definer set search_path = ''
as $$
begin
  perform private.require_training_staff();
  if not exists (select 1 from public.courses c where c.id = course) then
    raise exception 'There is no such course.' using errcode = 'P0002';
  end if;
  if training is not null and not exists (select 1 from public.online_trainings t
      where t.id = training and t.status = 'published') then
    raise exception 'Choose a published version of the online training.'
      using errcode = 'P0001', hint = 'training';
  end if;
  update public.courses c set online_training_id = training where c.id = course;
  return jsonb_build_object('id', course, 'training', training);
end
$$;
comment on function public.set_course_online_training(uuid, uuid) is
  'Training staff: choose the published online training version a course uses (or none).';
grant execute on function public.set_course_online_training(uuid, uuid) to authenticated;

/** The online training a course uses, for the admin course page: version and the choices. */
create function private.course_online_training_json(course uuid) returns jsonb
language sql stable security definer set search_path = ''
as $$
  select jsonb_build_object(
    'chosen', (select jsonb_build_object('id', t.id, 'name', t.name, 'version', t.version)
      from public.courses c join public.online_trainings t on t.id = c.online_training_id
      where c.id = course),
    'tier_grants', exists (select 1 from public.course_fee_tiers f
      where f.course_id = course and f.grants_online_training),
    'choices', coalesce((select jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name,
        'version', t.version) order by t.name, t.version desc)
      from public.online_trainings t where t.status = 'published'), '[]'))
$$;
comment on function private.course_online_training_json(uuid) is
  'A course''s chosen online training version, whether any tier grants it, and the published versions to choose from.';

-- Teaching ------------------------------------------------------------------------------------

/**
 * The courses the signed-in trainer trains (training staff: every published course), 25 a page,
 * upcoming soonest first, then past ones latest first; searched by title, venue or postcode.
 */
create function public.teaching_page(search text default null, page int default 1) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  staff boolean;
  pattern text := private.search_pattern(search);
  size constant int := 25;
  today date;
  result jsonb;
begin
  perform private.require_role('facilitator', 'clinical_lead', 'training_admin');
  staff := private.manages_training();
  today := (private.clock() at time zone 'Europe/London')::date;
  with matching as (
    select c.*, private.course_first_day(c.id) as first_day
    from public.courses c
    where c.status <> 'draft' and (staff or private.trains(c.id))
      and (pattern is null or c.title ilike pattern or c.venue_name ilike pattern
        or c.venue_postcode ilike pattern)
  ),
  total as (select count(*) as n from matching),
  win as (select w.page, w.skip from total, private.page_window(teaching_page.page, total.n, size) w),
  rows as (
    select m.* from matching m
    order by m.first_day < today, case when m.first_day >= today then m.first_day end,
      m.first_day desc nulls last, m.title, m.id
    limit size offset (select skip from win)
  )
  select jsonb_build_object('is_staff', staff,
    'paging', private.paging_json((select win.page from win), size, (select n from total)),
    'courses', (select coalesce(jsonb_agg(jsonb_build_object(
        'id', c.id, 'slug', c.slug, 'title', c.title, 'status', c.status,
        'days', private.course_days_json(c.id),
        'first_day', c.first_day,
        'attendees', (select count(*) from public.course_places p
          where p.course_id = c.id and p.status = 'active' and p.attendee_email is not null))
      order by c.first_day < today, case when c.first_day >= today then c.first_day end,
        c.first_day desc nulls last, c.title, c.id), '[]')
      from rows c))
  into result;
  return result;
end
$$;
comment on function public.teaching_page(text, int) is
  'Facilitators, the lead and the training admin: the courses they train (training staff: all published ones), 25 a page, searched, upcoming soonest first, then past ones.';
revoke execute on function public.teaching_page(text, int) from public, anon;
grant execute on function public.teaching_page(text, int) to authenticated;

/**
 * One course's attendee table for its trainers and the training staff: every active place with a
 * named attendee, their payment state, where they stand with the online training (the rule) and
 * their progress, each day's attendance, the certificate, and any early access or request.
 */
create function public.teaching_course_page(course_id uuid) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  c public.courses;
  staff boolean := coalesce(private.manages_training(), false);
begin
  if (select auth.uid()) is null or not (staff or private.trains(course_id)) then
    raise exception 'You do not have permission to see this course''s attendees.'
      using errcode = '42501';
  end if;
  select * into c from public.courses x where x.id = course_id;
  if c.id is null then
    raise exception 'There is no such course.' using errcode = 'P0002';
  end if;
  return jsonb_build_object(
    'is_staff', staff,
    'course', jsonb_build_object('id', c.id, 'slug', c.slug, 'title', c.title,
      'status', c.status, 'days', private.course_days_json(c.id),
      'online_training', (select jsonb_build_object('id', t.id, 'name', t.name,
          'version', t.version) from public.online_trainings t where t.id = c.online_training_id)),
    'attendees', coalesce((select jsonb_agg(a.row order by a.name) from (
      select p.attendee_name as name, jsonb_build_object(
        'place_id', p.id, 'name', p.attendee_name, 'email', p.attendee_email,
        'organisation', coalesce(p.attendee_organisation, nullif(b.booker_organisation, '')),
        'booking_id', b.id, 'reference', b.reference, 'has_account', p.trainee_id is not null,
        'access', private.online_access(p.id),
        'progress', case when p.trainee_id is not null and c.online_training_id is not null
          then private.online_progress_summary(p.trainee_id, c.online_training_id) end,
        'marked', (select jsonb_build_object('by', pr.full_name, 'reason', oc.reason,
            'at', oc.marked_at)
          from public.online_completions oc left join public.profiles pr on pr.id = oc.marked_by
          where oc.trainee_id = p.trainee_id and oc.training_id = c.online_training_id),
        'early', (select jsonb_build_object('granted_at', e.granted_at, 'reason', e.reason,
            'email', e.attendee_email)
          from public.online_early_access e where e.place_id = p.id and e.withdrawn_at is null),
        'request', (select jsonb_build_object('id', r.id, 'message', r.message,
            'requested_at', r.requested_at)
          from public.online_access_requests r
          where r.place_id = p.id and r.answered_at is null),
        'attendance', coalesce((select jsonb_agg(jsonb_build_object('day', d.day,
            'status', ca.status, 'at_time', to_char(ca.at_time, 'HH24:MI')) order by d.day)
          from public.course_days d
          left join public.course_attendance ca on ca.place_id = p.id and ca.day = d.day
          where d.course_id = c.id), '[]'),
        'certificate', (select jsonb_build_object('code', cc.code, 'issued_at', cc.issued_at)
          from public.course_certificates cc
          where cc.place_id = p.id and cc.withdrawn_at is null),
        'withheld', exists (select 1 from public.course_certificate_holds h
          where h.place_id = p.id)) as row
      from public.course_places p
      join public.course_bookings b on b.id = p.booking_id
      where p.course_id = c.id and p.status = 'active' and p.attendee_email is not null) a), '[]'));
end
$$;
comment on function public.teaching_course_page(uuid) is
  'A course''s trainers and the training staff: every named attendee with payment and online-training state (private.online_access), progress, attendance per day, certificate, early access and open request.';
grant execute on function public.teaching_course_page(uuid) to authenticated;

/**
 * Grant early access to the attendee now holding a place, with a reason, and answer their open
 * request. It never opens an unpaid place: the rule still says unpaid until it is paid, and the
 * email says so.
 */
create function public.grant_online_early_access(place uuid, reason text) returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
  who uuid := private.require_training_staff();
  why text := private.require_reason(reason);
  p public.course_places;
  c public.courses;
  access jsonb;
begin
  select * into p from public.course_places x where x.id = place;
  if p.id is null then
    raise exception 'There is no such place.' using errcode = 'P0002';
  end if;
  if p.status <> 'active' or p.attendee_email is null then
    raise exception 'Only a place with a named attendee can be given early access.'
      using errcode = 'P0001';
  end if;
  select * into c from public.courses x where x.id = p.course_id;
  if c.online_training_id is null then
    raise exception 'This course has no online training chosen yet.' using errcode = 'P0001';
  end if;
  if exists (select 1 from public.online_early_access e where e.place_id = p.id
      and e.withdrawn_at is null and e.attendee_email = p.attendee_email) then
    raise exception 'This attendee already has early access.' using errcode = 'P0001';
  end if;
  -- A grant to the place's previous attendee (before a substitution) no longer applies.
  update public.online_early_access e set withdrawn_at = now(), withdrawn_by = who
  where e.place_id = p.id and e.withdrawn_at is null;
  insert into public.online_early_access (place_id, attendee_email, reason, granted_by)
  values (p.id, p.attendee_email, why, who);
  update public.online_access_requests r set answer = 'granted', answered_at = now(),
    answered_by = who
  where r.place_id = p.id and r.answered_at is null;
  access := private.online_access(p.id);
  perform case when p.trainee_id is not null then
      private.queue_message('online_early_access', p.trainee_id, jsonb_build_object(
        'course', c.title, 'open', (access ->> 'open')::boolean, 'state', access ->> 'state',
        'first_day', access ->> 'first_day', 'place_id', p.id))
    else private.queue_message_to_email('online_early_access', p.attendee_email, p.attendee_name,
      jsonb_build_object('course', c.title, 'open', (access ->> 'open')::boolean,
        'state', access ->> 'state', 'first_day', access ->> 'first_day', 'place_id', p.id)) end;
  return jsonb_build_object('state', access ->> 'state', 'open', (access ->> 'open')::boolean);
end
$$;
comment on function public.grant_online_early_access(uuid, text) is
  'Training staff: grant early access to the attendee now on a place, with a reason; answers their open request and emails them (open now if paid, or once paid). Never opens an unpaid place.';
grant execute on function public.grant_online_early_access(uuid, text) to authenticated;

/** Withdraw a place's early access. */
create function public.withdraw_online_early_access(place uuid) returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
  who uuid := private.require_training_staff();
begin
  update public.online_early_access e set withdrawn_at = now(), withdrawn_by = who
  where e.place_id = place and e.withdrawn_at is null;
  if not found then
    raise exception 'This place has no early access to withdraw.' using errcode = 'P0001';
  end if;
  return jsonb_build_object('state', private.online_access(place) ->> 'state');
end
$$;
comment on function public.withdraw_online_early_access(uuid) is
  'Training staff: withdraw a place''s early access to the online training.';
grant execute on function public.withdraw_online_early_access(uuid) to authenticated;

/** Decline an open request for early access, with the reason. */
create function public.decline_online_access_request(request uuid, reason text) returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
  who uuid := private.require_training_staff();
  why text := private.require_reason(reason);
begin
  update public.online_access_requests r set answer = 'declined', answered_at = now(),
    answered_by = who, answer_reason = why
  where r.id = request and r.answered_at is null;
  if not found then
    raise exception 'This request has already been answered.' using errcode = 'P0001';
  end if;
  return jsonb_build_object('id', request);
end
$$;
comment on function public.decline_online_access_request(uuid, text) is
  'Training staff: decline an open request for early access, with the reason.';
grant execute on function public.decline_online_access_request(uuid, text) to authenticated;

/** Mark a place's trainee as having completed the course's online training, with a reason. */
create function public.mark_online_training_complete(place uuid, reason text) returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
  who uuid := private.require_training_staff();
  why text := private.require_reason(reason);
  p public.course_places;
  training uuid;
begin
  select * into p from public.course_places x where x.id = place;
  if p.id is null then
    raise exception 'There is no such place.' using errcode = 'P0002';
  end if;
  if p.trainee_id is null then
    raise exception 'This attendee has no account yet, so there is nothing to mark.'
      using errcode = 'P0001', detail = 'no_account';
  end if;
  select c.online_training_id into training from public.courses c where c.id = p.course_id;
  if training is null then
    raise exception 'This course has no online training chosen yet.' using errcode = 'P0001';
  end if;
  insert into public.online_completions (trainee_id, training_id, reason, marked_by)
  values (p.trainee_id, training, why, who)
  on conflict (trainee_id, training_id) do nothing;
  if not found then
    raise exception 'This training is already marked finished.' using errcode = 'P0001';
  end if;
  return jsonb_build_object('complete', true);
end
$$;
comment on function public.mark_online_training_complete(uuid, text) is
  'Training staff: record that a place''s trainee completed the course''s online training, with a reason; refused for an attendee with no account.';
grant execute on function public.mark_online_training_complete(uuid, text) to authenticated;

/** Undo a completion marked by hand (the trainee's own progress is untouched). */
create function public.undo_online_training_complete(place uuid) returns jsonb
language plpgsql security definer set search_path = ''
as $$
begin
  perform private.require_training_staff();
  delete from public.online_completions oc
  using public.course_places p join public.courses c on c.id = p.course_id
  where p.id = place and oc.trainee_id = p.trainee_id and oc.training_id = c.online_training_id;
  if not found then
    raise exception 'This training was not marked finished by hand.' using errcode = 'P0001';
  end if;
  return jsonb_build_object('complete', false);
end
$$;
comment on function public.undo_online_training_complete(uuid) is
  'Training staff: undo a hand-marked completion of a place''s online training.';
grant execute on function public.undo_online_training_complete(uuid) to authenticated;
