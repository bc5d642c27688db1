-- Session messages: every change to a session announced, and reminders before each session.
--
-- A session moved (public.move_session), cancelled and rescheduled (public.cancel_session) or a
-- whole group cancelled (public.cancel_group, all in 30_groups.sql) queues one email to each
-- family with a place at that moment and to both facilitators, in the same transaction: a
-- refused change queues nothing. Each payload is complete when queued (what the email says is
-- what was true at the change): the group, each session's number, curriculum title, old and
-- new times and calendar revision (the SEQUENCE of the .ics update the email carries).
--
-- Reminders go to each family with a place, by default 2 days before each session (at the
-- session's own London time) and at 08:00 London on its morning, from the organisation's
-- settings unless the group sets its own (groups.reminder_days_before, morning_reminder_at).
-- private.queue_due_reminders(as_of), called every minute, queues each one once (its dedupe
-- key names the session, the person and the moment), never for a cancelled or past session,
-- never to someone who sent apologies for it or turned reminders off, and never late: one whose
-- moment passed more than an hour ago (the server was down) is skipped, not sent at 3am.

/** The group as every session email names it. */
create function private.group_facts(g uuid) returns jsonb
language sql stable set search_path = ''
as $$
  select jsonb_build_object('id', gr.id, 'name', gr.name, 'venue', gr.venue,
    'video_link', gr.video_link, 'session_count', p.session_count)
  from public.groups gr join public.programmes p on p.id = gr.programme_id
  where gr.id = g
$$;
comment on function private.group_facts(uuid) is
  'A group as session emails name it: id, name, venue, video link, number of sessions.';

/** A session as every session email and its calendar update describe it. */
create function private.session_facts(session_id uuid) returns jsonb
language sql stable set search_path = ''
as $$
  select jsonb_build_object('id', s.id, 'number', s.number, 'title', cs.title,
    'starts_at', s.starts_at, 'ends_at', s.ends_at, 'status', s.status, 'revision', s.revision)
  from public.sessions s
  join public.groups g on g.id = s.group_id
  left join public.curriculum_sessions cs on cs.curriculum_id = g.curriculum_id and cs.number = s.number
  where s.id = session_id
$$;
comment on function private.session_facts(uuid) is
  'A session as emails describe it: number, curriculum title, times, status and calendar revision.';

/**
 * Queue one email about a change to each family with a place in the group and each of its
 * facilitators, in the caller's transaction. The payload gets the group and who it is for
 * (`audience`: parent or facilitator, which decides the link); the dedupe key gets the person.
 * Returns how many were queued.
 */
create function private.announce_session_change(g uuid, kind text, payload jsonb, dedupe text)
returns int
language plpgsql set search_path = ''
as $$
declare
  group_facts jsonb := private.group_facts(g);
  r record;
  n int := 0;
begin
  for r in
    select e.parent_id as who, 'parent' as audience
    from public.enrolments e where e.group_id = g and e.status = 'enrolled'
    union all
    select f.facilitator_id, 'facilitator' from public.group_facilitators f where f.group_id = g
    order by 2 desc, 1
  loop
    if private.queue_message(kind, r.who,
         payload || jsonb_build_object('group', group_facts, 'audience', r.audience),
         dedupe || ':' || r.who) is not null then
      n := n + 1;
    end if;
  end loop;
  return n;
end
$$;
comment on function private.announce_session_change(uuid, text, jsonb, text) is
  'Queues one email about a change to each family with a place and each facilitator of a group; returns how many.';

/**
 * When a group sends reminders: its own settings if it has them, else the organisation's
 * (2 days before and 08:00 on the morning, if the settings row is missing).
 */
create function private.reminder_plan(g uuid, out days_before int[], out morning_at time,
  out own boolean)
language sql stable set search_path = ''
as $$
  select coalesce(gr.reminder_days_before, o.reminder_days_before, '{2}'),
    case when gr.reminder_days_before is not null then gr.morning_reminder_at
         when o.id is null then '08:00'::time
         else o.morning_reminder_at end,
    gr.reminder_days_before is not null
  from public.groups gr left join public.organisation o on true
  where gr.id = g
$$;
comment on function private.reminder_plan(uuid) is
  'When a group sends reminders (days before, morning time, and whether they are its own settings).';

/**
 * The moments a session's reminders fall due, in London time: `days_before` days before at the
 * session's own time of day, and on its morning at `morning_at` (days_before 0) if that is
 * before it starts.
 */
create function private.reminder_moments(starts_at timestamptz, days_before int[], morning_at time)
returns table (due_at timestamptz, days int)
language sql stable set search_path = ''
as $$
  select ((starts_at at time zone 'Europe/London') - make_interval(days => d)) at time zone 'Europe/London', d
  from unnest(days_before) d
  union all
  select m.due, 0
  from (select (((starts_at at time zone 'Europe/London')::date + morning_at)
    at time zone 'Europe/London') as due) m
  where morning_at is not null and m.due < starts_at
$$;
comment on function private.reminder_moments(timestamptz, int[], time) is
  'When a session''s reminders fall due: days before at its London time, and on its morning (days 0).';

/**
 * A group's reminder times as its pages show them: the effective days and morning time,
 * whether they are the group's own, and the organisation's for comparison. Only for the
 * group's staff and families; null for anyone else.
 */
create function private.group_reminders(g uuid) returns jsonb
language sql stable security definer set search_path = ''
as $$
  select jsonb_build_object('own', p.own, 'days_before', to_jsonb(p.days_before),
    'morning_at', to_char(p.morning_at, 'HH24:MI'),
    'clinic', jsonb_build_object(
      'days_before', to_jsonb(coalesce(o.reminder_days_before, '{2}')),
      'morning_at', case when o.id is null then '08:00' else to_char(o.morning_reminder_at, 'HH24:MI') end))
  from private.reminder_plan(g) p left join public.organisation o on true
  where p.days_before is not null and (private.is_group_staff(g) or private.belongs_to(g))
$$;
comment on function private.group_reminders(uuid) is
  'A group''s reminder times (effective, own or the organisation''s) for its staff and families; null for anyone else.';
grant execute on function private.group_reminders(uuid) to authenticated;

/**
 * Queue every reminder due at `as_of` (public.run_scheduled_jobs calls this every minute; it
 * may run twice, or on two servers at once: the dedupe key queues each reminder once). A
 * reminder is due from its moment until an hour after; later than that it is skipped.
 * Returns how many were queued.
 */
create function private.queue_due_reminders(as_of timestamptz) returns int
language plpgsql security definer set search_path = ''
as $$
declare
  due record;
  token text;
  n int := 0;
begin
  if as_of is null then
    return 0;
  end if;
  delete from private.unsubscribe_tokens where created_at < now() - interval '1 year';
  for due in
    select s.id as session_id, s.group_id, m.due_at, m.days, e.parent_id
    from public.sessions s
    join public.groups g on g.id = s.group_id
    cross join lateral private.reminder_plan(g.id) plan
    cross join lateral private.reminder_moments(s.starts_at, plan.days_before, plan.morning_at) m
    join public.enrolments e on e.group_id = s.group_id and e.status = 'enrolled'
    where s.status = 'scheduled' and g.status <> 'cancelled'
      and s.starts_at > as_of and s.starts_at <= as_of + interval '15 days'
      and m.due_at <= as_of and m.due_at > as_of - interval '1 hour'
      and private.wants_reminders(e.parent_id)
      and not exists (
        select 1 from public.attendance a
        where a.session_id = s.id and a.enrolment_id = e.id and a.status = 'apologies')
      and not exists (
        select 1 from public.notifications q
        where q.dedupe_key = private.reminder_key(s.id, e.parent_id, m.due_at))
    order by s.starts_at, e.parent_id, m.due_at
  loop
    token := private.new_unsubscribe_token(due.parent_id);
    if private.queue_message('session_reminder', due.parent_id, jsonb_build_object(
         'group', private.group_facts(due.group_id),
         'session', private.session_facts(due.session_id),
         'days_before', due.days,
         'unsubscribe_token', token),
       private.reminder_key(due.session_id, due.parent_id, due.due_at)) is not null then
      n := n + 1;
    else
      -- Queued meanwhile by another server: its email carries its own token.
      delete from private.unsubscribe_tokens where token_hash = extensions.digest(token, 'sha256');
    end if;
  end loop;
  return n;
end
$$;
comment on function private.queue_due_reminders(timestamptz) is
  'Queues each reminder due at as_of (within the hour after its moment) once, to families with a place who want them; returns how many.';

/** The dedupe key of one reminder: the session, the person and the moment it falls due. */
create function private.reminder_key(session_id uuid, who uuid, due_at timestamptz) returns text
language sql stable set search_path = ''
as $$
  select 'session_reminder:' || session_id || ':' || who || ':'
    || to_char(due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"')
$$;
comment on function private.reminder_key(uuid, uuid, timestamptz) is
  'The dedupe key of one reminder: session, person and the moment it falls due (UTC).';

-- API.

/**
 * The group's staff set its reminders: `days_before` null goes back to the organisation's
 * settings; otherwise up to three numbers of days (1 to 14; empty for none) and a London time
 * on the morning of each session (null for none).
 */
create function public.set_group_reminders(group_id uuid, days_before int[], morning_at time)
returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
begin
  perform private.require_group_staff(group_id);
  perform 1 from public.groups g where g.id = group_id for update;
  if not found then
    raise exception 'No such group.' using errcode = 'P0002';
  end if;
  if (select status from public.groups g where g.id = group_id) = 'cancelled' then
    raise exception 'This group is cancelled: it sends no reminders.' using errcode = 'P0001';
  end if;
  if days_before is null and morning_at is not null then
    raise exception 'Choose this group''s own reminder times to set a morning time.'
      using errcode = 'P0001', hint = 'morning_at';
  end if;
  if cardinality(days_before) > 3 then
    raise exception 'Choose at most three reminders before each session.'
      using errcode = 'P0001', hint = 'days_before';
  end if;
  if exists (select 1 from unnest(days_before) d where d is null or d not between 1 and 14) then
    raise exception 'Each reminder is between 1 and 14 days before the session.'
      using errcode = 'P0001', hint = 'days_before';
  end if;
  update public.groups g
     set reminder_days_before = case when days_before is not null then (
           select coalesce(array_agg(distinct d order by d desc), '{}') from unnest(days_before) d) end,
         morning_reminder_at = morning_at
   where g.id = group_id;
  return jsonb_build_object('id', group_id);
end
$$;
comment on function public.set_group_reminders(uuid, int[], time) is
  'Sets a group''s own reminder times, or (days_before null) goes back to the organisation''s. Group staff.';
