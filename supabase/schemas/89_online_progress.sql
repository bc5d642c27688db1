-- A trainee's side of the online training: the list of modules, one module's page, progress
-- reports from the player (unique seconds, merged as a multirange), "I have watched this", and
-- asking for early access. Who may do any of it is private.online_access (88_online_training.sql).
--
-- What one report costs: one row lock on (trainee, module), a multirange union of at most 50
-- ranges with the stored one (a handful of ranges: played seconds merge into few intervals), and
-- one update. A four-hour training is at most one row per module.

/** The number of seconds a multirange of whole seconds covers. */
create function private.multirange_seconds(ranges int4multirange) returns int
language sql immutable set search_path = ''
as $$
  select coalesce(sum(upper(r) - lower(r)), 0)::int from pg_catalog.unnest(ranges) as r
$$;
comment on function private.multirange_seconds(int4multirange) is
  'How many seconds a multirange of [from, to) seconds covers (the sum of its ranges'' lengths).';

/**
 * The signed-in trainee's place through which a module is open to them now (by the rule), or
 * null: an active place on a course whose online training has the module.
 */
create function private.open_place_for_module(module uuid) returns uuid
language sql stable security definer set search_path = ''
as $$
  select p.id from public.course_places p
  join public.courses c on c.id = p.course_id
  join public.online_modules m on m.training_id = c.online_training_id
  where m.id = module and p.trainee_id = (select auth.uid()) and p.status = 'active'
    and coalesce((private.online_access(p.id) ->> 'open')::boolean, false)
  order by p.created_at
  limit 1
$$;
comment on function private.open_place_for_module(uuid) is
  'The signed-in trainee''s place through which the module is open by private.online_access, or null.';
revoke execute on function private.open_place_for_module(uuid) from public, anon, authenticated;

/** One trainee's progress row on one module, as the pages show it. */
create function private.module_progress(pr public.online_progress, m public.online_modules)
returns jsonb
language sql stable set search_path = ''
as $$
  select jsonb_build_object(
    'seconds_watched', coalesce(pr.seconds_watched, 0),
    'percent', least(100, coalesce(pr.seconds_watched, 0) * 100 / m.duration_seconds),
    'complete', pr.completed_at is not null,
    'completed_how', pr.completed_how,
    'declared', pr.declared_at is not null)
$$;
comment on function private.module_progress(public.online_progress, public.online_modules) is
  'A progress row as the pages show it: seconds_watched, percent (of the module''s length), complete, completed_how, declared.';

/**
 * The player's report of what was played of a stored film: `intervals` is a JSON array of at
 * most 50 [from, to] pairs of seconds. They are clamped to the film, rounded to whole seconds and
 * merged with what was watched before, so a second counts once however often or in whatever order
 * it is reported. Seeking ahead does not count: a report may add at most 2 x the seconds since
 * the last report + 5 new seconds (2 is the fastest playback rate; 15 for the first report of a
 * sitting); past that it is refused and nothing changes. `[]` starts a sitting. A module is
 * complete once the training's completion_percent of it has been watched, and stays complete.
 */
create function public.report_online_progress(module uuid, intervals jsonb) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_role('trainee');
  at_now timestamptz := private.clock();
  m public.online_modules;
  threshold int;
  pr public.online_progress;
  pair jsonb;
  from_s int;
  to_s int;
  added int4multirange := '{}';
  merged int4multirange;
  before_s int;
  after_s int;
  elapsed double precision;
  allowance int;
begin
  select * into m from public.online_modules om where om.id = module;
  if not found or private.open_place_for_module(module) is null then
    raise exception 'The online training is not open to you.' using errcode = '42501';
  end if;
  if m.video_kind <> 'file' then
    -- Another site plays an embedded film: nothing here can see what was played.
    raise exception 'This film plays on another site: say when you have watched it.'
      using errcode = 'P0001', hint = 'intervals';
  end if;
  if intervals is null or jsonb_typeof(intervals) <> 'array' or jsonb_array_length(intervals) > 50
  then
    raise exception 'The report of what was watched is not valid.'
      using errcode = 'P0001', hint = 'intervals';
  end if;
  for pair in select * from jsonb_array_elements(intervals) loop
    if jsonb_typeof(pair) <> 'array' or jsonb_array_length(pair) <> 2
       or jsonb_typeof(pair -> 0) <> 'number' or jsonb_typeof(pair -> 1) <> 'number'
       or (pair ->> 0)::numeric < 0 or (pair ->> 0)::numeric >= (pair ->> 1)::numeric
       or (pair ->> 1)::numeric > 1000000 then
      raise exception 'The report of what was watched is not valid.'
        using errcode = 'P0001', hint = 'intervals';
    end if;
    from_s := least(round((pair ->> 0)::numeric), m.duration_seconds)::int;
    to_s := least(round((pair ->> 1)::numeric), m.duration_seconds)::int;
    if from_s < to_s then
      added := added + int4multirange(int4range(from_s, to_s));
    end if;
  end loop;

  -- The row lock: two reports of one module (two tabs) merge one after the other.
  insert into public.online_progress (trainee_id, module_id) values (who, module)
  on conflict (trainee_id, module_id) do nothing;
  select * into pr from public.online_progress op
  where op.trainee_id = who and op.module_id = module for update;

  merged := pr.watched + added;
  before_s := private.multirange_seconds(pr.watched);
  after_s := private.multirange_seconds(merged);
  if pr.last_seen_at is null then
    allowance := 15;
  else
    -- A sitting's pause counts for at most five minutes, so a film left for a day cannot then
    -- be skipped through; the player starts each sitting with [].
    elapsed := least(greatest(extract(epoch from at_now - pr.last_seen_at), 0), 300);
    allowance := floor(2 * elapsed)::int + 5;
  end if;
  if after_s - before_s > allowance then
    raise exception 'That is more of the film than has played since the last report.'
      using errcode = 'P0001', hint = 'intervals';
  end if;

  select t.completion_percent into threshold from public.online_trainings t
  where t.id = m.training_id;
  update public.online_progress op set watched = merged, seconds_watched = after_s,
    last_seen_at = at_now,
    completed_at = coalesce(op.completed_at,
      case when after_s * 100 >= threshold * m.duration_seconds then at_now end),
    completed_how = coalesce(op.completed_how,
      case when after_s * 100 >= threshold * m.duration_seconds then 'watched' end)
  where op.trainee_id = who and op.module_id = module
  returning * into pr;
  return private.module_progress(pr, m) - 'completed_how' - 'declared';
end
$$;
comment on function public.report_online_progress(uuid, jsonb) is
  'The player''s report of seconds played of a stored film ([[from, to], ...], at most 50): merged as unique seconds, capped at what could have played since the last report, complete at the training''s completion_percent. Returns seconds_watched, percent, complete.';
revoke execute on function public.report_online_progress(uuid, jsonb) from public, anon;
grant execute on function public.report_online_progress(uuid, jsonb) to authenticated;

/** "I have watched this": the trainee's own word, for embedded films and without JavaScript. */
create function public.declare_module_watched(module uuid) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_role('trainee');
  at_now timestamptz := private.clock();
  m public.online_modules;
  pr public.online_progress;
begin
  select * into m from public.online_modules om where om.id = module;
  if not found or private.open_place_for_module(module) is null then
    raise exception 'The online training is not open to you.' using errcode = '42501';
  end if;
  insert into public.online_progress as op (trainee_id, module_id, declared_at, completed_at,
    completed_how)
  values (who, module, at_now, at_now, 'declared')
  on conflict (trainee_id, module_id) do update
    set declared_at = coalesce(op.declared_at, excluded.declared_at),
      completed_at = coalesce(op.completed_at, excluded.completed_at),
      completed_how = coalesce(op.completed_how, excluded.completed_how)
  returning * into pr;
  return private.module_progress(pr, m);
end
$$;
comment on function public.declare_module_watched(uuid) is
  'The trainee says they watched a module (embedded films, or without JavaScript): recorded as declared, and complete if it was not already.';
revoke execute on function public.declare_module_watched(uuid) from public, anon;
grant execute on function public.declare_module_watched(uuid) to authenticated;

/**
 * A trainee asks to open the online training before the month before the course (their own
 * place, before the opening date or not yet paid): one open request per place, emailed to every
 * training admin.
 */
create function public.request_early_access(place uuid, message text) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_role('trainee');
  p public.course_places;
  access jsonb;
  added public.online_access_requests;
  course_title text;
begin
  select * into p from public.course_places cp
  where cp.id = place and cp.trainee_id = who and cp.status = 'active';
  if not found then
    raise exception 'There is no such place.' using errcode = 'P0002';
  end if;
  access := private.online_access(place);
  if access ->> 'state' in ('open', 'open_early') then
    raise exception 'The online training is already open to you.' using errcode = 'P0001';
  elsif access ->> 'state' = 'not_included' then
    raise exception 'Your place does not include the online training.' using errcode = 'P0001';
  elsif access ->> 'state' not in ('before_opening', 'unpaid') then
    raise exception 'The online training cannot be opened for this place. Please contact the training team.'
      using errcode = 'P0001';
  end if;
  if length(coalesce(message, '')) > 1000 then
    raise exception 'Please keep your message to 1000 characters.'
      using errcode = 'P0001', hint = 'message';
  end if;
  if exists (select 1 from public.online_access_requests r
      where r.place_id = place and r.answered_at is null) then
    raise exception 'You have already asked. The training team will reply by email.'
      using errcode = 'P0001', detail = 'already_asked';
  end if;
  begin
    insert into public.online_access_requests (place_id, trainee_id, message, requested_at)
    values (place, who, btrim(coalesce(message, '')), private.clock())
    returning * into added;
  exception when unique_violation then
    -- Two submissions at once: the other one asked.
    raise exception 'You have already asked. The training team will reply by email.'
      using errcode = 'P0001', detail = 'already_asked';
  end;
  select c.title into course_title from public.courses c where c.id = p.course_id;
  perform private.queue_message('online_access_requested', a.id,
    jsonb_build_object('request_id', added.id, 'course_id', p.course_id,
      'course_title', course_title, 'trainee_name', p.attendee_name,
      'trainee_email', p.attendee_email, 'opens_on', access ->> 'opens_on',
      'paid', access ->> 'money_state' = 'paid', 'message', added.message),
    'online_access_requested:' || added.id || ':' || a.id)
  from public.profiles a where a.role = 'training_admin';
  return jsonb_build_object('id', added.id, 'requested_at', added.requested_at);
end
$$;
comment on function public.request_early_access(uuid, text) is
  'A trainee asks for the online training early on their own place (before the opening date, or unpaid): one open request per place, emailed to each training admin.';
revoke execute on function public.request_early_access(uuid, text) from public, anon;
grant execute on function public.request_early_access(uuid, text) to authenticated;

/** A place's latest request for early access, as the trainee's pages show it (or null). */
create function private.latest_access_request(place uuid) returns jsonb
language sql stable security definer set search_path = ''
as $$
  select jsonb_build_object('requested_at', r.requested_at, 'answer', r.answer,
    'answered_at', r.answered_at)
  from public.online_access_requests r where r.place_id = place
  order by r.requested_at desc limit 1
$$;
comment on function private.latest_access_request(uuid) is
  'A place''s latest early-access request: requested_at, answer (granted, declined or null while open), answered_at.';
revoke execute on function private.latest_access_request(uuid) from public, anon, authenticated;

/** Where a place stands with the online training, for the trainee's and booker's pages. */
create function private.place_online_status(place uuid) returns jsonb
language sql stable security definer set search_path = ''
as $$
  select case when c.online_training_id is null and not t.grants_online_training then null
    else jsonb_build_object(
      'state', a ->> 'state',
      'open', (a ->> 'open')::boolean,
      'opens_on', a ->> 'opens_on',
      -- Whether the opening date has come (by private.clock), for the words of an unpaid place.
      'date_reached', (private.clock() at time zone 'Europe/London')::date
        >= (a ->> 'opens_on')::date,
      'money_state', a ->> 'money_state',
      'modules', coalesce((s ->> 'modules')::int, 0),
      'done', coalesce((s ->> 'done')::int, 0),
      'complete', coalesce((s ->> 'complete')::boolean, false),
      'request', private.latest_access_request(p.id)) end
  from public.course_places p
  join public.course_fee_tiers t on t.id = p.tier_id
  join public.courses c on c.id = p.course_id
  cross join lateral (select private.online_access(p.id) as a) x
  cross join lateral (select case when p.trainee_id is not null and c.online_training_id is not null
    then private.online_progress_summary(p.trainee_id, c.online_training_id) end as s) y
  where p.id = place
$$;
comment on function private.place_online_status(uuid) is
  'A place''s online training for /training and /bookings: state, open, opens_on, date_reached, money_state, modules, done, complete, the latest early-access request; null when the course has none and the tier grants none.';
revoke execute on function private.place_online_status(uuid) from public, anon, authenticated;

/** The signed-in trainee's place, or P0002 (someone else's place is not found, not forbidden). */
create function private.own_place(place uuid) returns public.course_places
language plpgsql stable security definer set search_path = ''
as $$
declare
  who uuid := private.require_role('trainee');
  p public.course_places;
begin
  select * into p from public.course_places cp where cp.id = place and cp.trainee_id = who;
  if not found then
    raise exception 'There is no such place.' using errcode = 'P0002';
  end if;
  return p;
end
$$;
comment on function private.own_place(uuid) is
  'The signed-in trainee''s own place, or P0002 (42501 for anyone but a trainee).';
revoke execute on function private.own_place(uuid) from public, anon, authenticated;

/** /training/online/[place]: the online training's modules in order, with the trainee's progress. */
create function public.online_training_page(place uuid) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  p public.course_places := private.own_place(place);
  training uuid;
begin
  select c.online_training_id into training from public.courses c where c.id = p.course_id;
  return jsonb_build_object('place_id', p.id,
    'course', private.course_summary(p.course_id) - 'id',
    'status', private.place_online_status(p.id),
    'training', (select jsonb_build_object('name', t.name, 'summary', t.summary,
        'completion_percent', t.completion_percent)
      from public.online_trainings t where t.id = training),
    'modules', coalesce((select jsonb_agg(jsonb_build_object('id', m.id, 'position', m.position,
        'title', m.title, 'duration_seconds', m.duration_seconds, 'video_kind', m.video_kind,
        'progress', private.module_progress(pr, m)) order by m.position)
      from public.online_modules m
      left join public.online_progress pr on pr.module_id = m.id and pr.trainee_id = p.trainee_id
      where m.training_id = training), '[]'::jsonb));
end
$$;
comment on function public.online_training_page(uuid) is
  'The trainee''s online training for one of their places: where they stand, and each module in order with its length and their progress.';
revoke execute on function public.online_training_page(uuid) from public, anon;
grant execute on function public.online_training_page(uuid) to authenticated;

/** /training/online/[place]/[module]: one module, only while the training is open to the place. */
create function public.online_module_page(place uuid, module uuid) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  p public.course_places := private.own_place(place);
  m public.online_modules;
  pr public.online_progress;
begin
  select om.* into m from public.online_modules om
  join public.courses c on c.online_training_id = om.training_id
  where om.id = module and c.id = p.course_id;
  if not found then
    raise exception 'There is no such module.' using errcode = 'P0002';
  end if;
  if not coalesce((private.online_access(p.id) ->> 'open')::boolean, false) then
    raise exception 'The online training is not open to you.' using errcode = '42501';
  end if;
  select * into pr from public.online_progress op
  where op.trainee_id = p.trainee_id and op.module_id = m.id;
  return jsonb_build_object('place_id', p.id,
    'course_title', (select c.title from public.courses c where c.id = p.course_id),
    'modules', (select count(*) from public.online_modules o where o.training_id = m.training_id),
    'module', jsonb_build_object('id', m.id, 'position', m.position, 'title', m.title,
      'description', m.description, 'duration_seconds', m.duration_seconds,
      'video_kind', m.video_kind, 'video_path', m.video_path, 'video_url', m.video_url,
      'notes_path', m.notes_path, 'notes_name', m.notes_name),
    'progress', private.module_progress(pr, m),
    'previous', (select jsonb_build_object('id', o.id, 'title', o.title)
      from public.online_modules o where o.training_id = m.training_id and o.position < m.position
      order by o.position desc limit 1),
    'next', (select jsonb_build_object('id', o.id, 'title', o.title)
      from public.online_modules o where o.training_id = m.training_id and o.position > m.position
      order by o.position limit 1));
end
$$;
comment on function public.online_module_page(uuid, uuid) is
  'One module of the trainee''s online training (its film, notes, their progress, the previous and next modules); 42501 unless the training is open to the place.';
revoke execute on function public.online_module_page(uuid, uuid) from public, anon;
grant execute on function public.online_module_page(uuid, uuid) to authenticated;
