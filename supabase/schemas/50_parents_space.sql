-- Parents' space: released materials, calendar revisions, and apologies sent by parents.
--
-- A parent sees their own groups' sessions and, once released, the slides, prompts and home
-- practice; never the facilitator notes, and never another family's name or details.

/** Count each change a calendar must hear about. */
create function private.bump_session_revision() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if new.starts_at is distinct from old.starts_at or new.ends_at is distinct from old.ends_at
     or new.status is distinct from old.status then
    new.revision := old.revision + 1;
  end if;
  return new;
end
$$;
comment on function private.bump_session_revision() is
  'Trigger: bumps a session''s revision when its time or status changes, for calendar updates.';
create trigger sessions_revision before update on public.sessions
  for each row execute function private.bump_session_revision();

/** True when the signed-in parent holds a place (enrolled) in the group. */
create function private.attends(g uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.enrolments
    where group_id = g and parent_id = (select auth.uid()) and status = 'enrolled'
  )
$$;
comment on function private.attends(uuid) is
  'True when the signed-in parent holds a place (enrolled) in the group.';

/**
 * What a parent may see of one session: always its number, date and title; the slides,
 * prompts and home practice only once released. Never the facilitator notes. Only for parents
 * with a place in the group and its staff (who see the same parent view); null for anyone
 * else. It looks the session up itself: the row-taking version it replaces showed whatever a
 * caller put in the row it was given, released or not.
 */
create function private.parent_session(session_id uuid) returns jsonb
language sql stable security definer set search_path = ''
as $$
  select jsonb_build_object(
    'id', s.id, 'number', s.number, 'starts_at', s.starts_at, 'ends_at', s.ends_at,
    'status', s.status, 'revision', s.revision, 'released', s.released_at is not null,
    'title', cs.title,
    'my_attendance', (select jsonb_build_object('status', a.status, 'reason', a.reason)
      from public.attendance a join public.enrolments e on e.id = a.enrolment_id
      where a.session_id = s.id and e.parent_id = (select auth.uid())),
    'content', case when s.released_at is not null and s.status <> 'cancelled' then jsonb_build_object(
      'aims', cs.aims, 'slides', cs.slides, 'prompts', cs.prompts, 'home_practice', cs.home_practice) end
  )
  from public.sessions s
  join public.groups g on g.id = s.group_id
  left join public.curriculum_sessions cs on cs.curriculum_id = g.curriculum_id and cs.number = s.number
  where s.id = parent_session.session_id
    and (private.attends(s.group_id) or private.is_group_staff(s.group_id))
$$;
comment on function private.parent_session(uuid) is
  'A session as its parents see it (materials once released); null unless the caller attends the group or is its staff.';
/**
 * How a parent reaches the clinic (the Contact us panel): its name, phone and email, and the
 * facilitators' shared contact when the lead has set one. For signed-in people only.
 */
create function private.clinic_contact() returns jsonb
language sql stable security definer set search_path = ''
as $$
  select jsonb_build_object('name', c ->> 'name', 'phone', c ->> 'phone', 'email', c ->> 'email',
    'staff_contact', c ->> 'staff_contact')
  from (select private.clinic() as c) x
  where (select auth.uid()) is not null
$$;
comment on function private.clinic_contact() is
  'The clinic''s name, phone, email and the facilitators'' shared contact, for the parents'' Contact us panel.';

grant execute on function private.attends(uuid), private.parent_session(uuid),
  private.clinic_contact() to authenticated;

-- API.

/**
 * A parent's home: their groups, offers, waitlist spots and sessions, and for each place the
 * outcome measures and feedback open now and not yet sent (`due`); never other families.
 */
create function public.parent_home() returns jsonb
language plpgsql stable set search_path = ''
as $$
begin
  perform private.require_role('parent');
  return jsonb_build_object(
    'me', public.my_profile(),
    'clinic', private.clinic_contact(),
    'memberships', (
      select coalesce(jsonb_agg(jsonb_build_object(
        'enrolment_id', e.id, 'status', e.status, 'offer_expires_at', e.offer_expires_at,
        'waitlist_position', case when e.status = 'waitlisted' then private.waitlist_position(e.id) end,
        'group', jsonb_build_object('id', g.id, 'name', g.name, 'venue', g.venue,
          'venue_postcode', g.venue_postcode,
          'video_link', case when e.status = 'enrolled' then g.video_link end,
          'phase', private.group_phase(g.id),
          'programme', (select name from public.programmes p where p.id = g.programme_id)),
        'facilitators', private.facilitator_first_names(g.id),
        -- Outcome measures and feedback open now and not yet sent (97_outcome_answers.sql).
        -- family_measures is worked out once per enrolment, not once per branch: each call costs
        -- about a millisecond. offset 0 keeps the planner from copying the call into each use.
        'due', case when e.status = 'enrolled' then (
          select coalesce(jsonb_agg(y.d order by y.d ->> 'due_at'), '[]')
          from (select private.family_measures(e.id) as fm offset 0) x
          cross join lateral (
            select jsonb_build_object('instrument_id', m -> 'instrument' ->> 'id',
                'name', m -> 'instrument' ->> 'name', 'kind', m -> 'instrument' ->> 'kind',
                'at', m ->> 'at', 'due_at', m -> 'due_at', 'closes_at', m -> 'closes_at',
                'started', (m ->> 'answered')::int > 0 or (m ->> 'items')::int > 0
                  and m -> 'instrument' ->> 'kind' = 'goals' and m ->> 'at' = 'before') as d
            from jsonb_array_elements(x.fm -> 'measures') m
            where m ->> 'state' = 'open' and m -> 'instrument' ->> 'item_text_for' = 'everyone'
            union all
            select jsonb_build_object('instrument_id', null, 'name', 'End-of-group feedback',
                'kind', 'feedback', 'at', 'feedback', 'due_at', x.fm -> 'feedback' -> 'due_at',
                'closes_at', x.fm -> 'feedback' -> 'closes_at', 'started', false)
            where x.fm -> 'feedback' ->> 'state' = 'open') y)
          else '[]'::jsonb end,
        'sessions', case when e.status = 'enrolled' then (
          select coalesce(jsonb_agg(private.parent_session(s.id) - 'content' order by s.starts_at), '[]')
          from public.sessions s where s.group_id = g.id)
          else (select coalesce(jsonb_agg(private.session_json(to_jsonb(s)) order by s.starts_at), '[]')
          from public.sessions s where s.group_id = g.id) end)
        order by e.created_at desc), '[]')
      from public.enrolments e join public.groups g on g.id = e.group_id
      where e.parent_id = (select auth.uid()) and e.status in ('enrolled', 'offered', 'waitlisted')
    )
  );
end
$$;
comment on function public.parent_home() is
  'A parent''s home: their groups, offers, waitlist spots and sessions, the measures due, and how to reach the clinic; never other families.';

/** One session for a parent in the group: materials if released, else title and date. */
create function public.my_session(session_id uuid) returns jsonb
language plpgsql stable set search_path = ''
as $$
#variable_conflict use_variable
declare
  result jsonb;
begin
  perform private.require_role('parent');
  select private.parent_session(s.id) || jsonb_build_object(
      'group', jsonb_build_object('id', g.id, 'name', g.name, 'venue', g.venue,
        'venue_postcode', g.venue_postcode, 'video_link', g.video_link),
      'facilitators', private.facilitator_first_names(g.id))
    into result
  from public.sessions s join public.groups g on g.id = s.group_id
  where s.id = session_id and private.attends(s.group_id);
  if result is null then
    raise exception 'No such session.' using errcode = 'P0002';
  end if;
  return result;
end
$$;
comment on function public.my_session(uuid) is
  'One session for a parent in the group: its materials once released, else its title and date.';

/**
 * Every session of the parent's groups, for their calendar file: the same facts, title
 * included, that the emails' calendar updates carry (75_session_messages.sql), so the two agree.
 * Parents cannot read the curriculum, so the title comes through private.parent_session.
 */
create function public.my_calendar() returns jsonb
language plpgsql stable set search_path = ''
as $$
begin
  perform private.require_role('parent');
  return (
    select coalesce(jsonb_agg(jsonb_build_object(
      'id', s.id, 'number', s.number, 'starts_at', s.starts_at, 'ends_at', s.ends_at,
      'status', s.status, 'revision', s.revision, 'group_name', g.name, 'venue', g.venue,
      'video_link', g.video_link, 'title', private.parent_session(s.id) ->> 'title',
      'session_count', p.session_count)
      order by s.starts_at), '[]')
    from public.enrolments e
    join public.groups g on g.id = e.group_id
    join public.programmes p on p.id = g.programme_id
    join public.sessions s on s.group_id = g.id
    where e.parent_id = (select auth.uid()) and e.status = 'enrolled'
  );
end
$$;
comment on function public.my_calendar() is
  'Every session of the parent''s groups, with its title, for their calendar file.';

/**
 * "I can't make it": the signed-in parent sends apologies for an upcoming session of their own
 * group, with an optional reason. Only for themselves: the enrolment comes from auth.uid().
 */
create function public.send_apologies(session_id uuid, reason text default null) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  s public.sessions;
  e public.enrolments;
begin
  perform private.require_role('parent');
  select * into s from public.sessions x where x.id = session_id;
  select * into e from public.enrolments x
  where x.group_id = s.group_id and x.parent_id = (select auth.uid()) and x.status = 'enrolled';
  if s.id is null or e.id is null then
    raise exception 'No such session.' using errcode = 'P0002';
  end if;
  if s.status <> 'scheduled' or s.starts_at <= now() then
    raise exception 'You can only send apologies before a session starts.' using errcode = 'P0001';
  end if;
  if length(reason) > 300 then
    raise exception 'Keep the reason under 300 characters.' using errcode = 'P0001', hint = 'reason';
  end if;
  insert into public.attendance (session_id, enrolment_id, status, reason)
  values (s.id, e.id, 'apologies', nullif(btrim(reason), ''))
  on conflict on constraint attendance_pkey do update set status = 'apologies', reason = excluded.reason;
  return jsonb_build_object('session_id', s.id, 'status', 'apologies');
end
$$;
comment on function public.send_apologies(uuid, text) is
  'The signed-in parent''s apologies for an upcoming session of their group, with an optional reason.';

/** Take back apologies before the session starts (only apologies the parent sent). */
create function public.withdraw_apologies(session_id uuid) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  s public.sessions;
begin
  perform private.require_role('parent');
  select * into s from public.sessions x where x.id = session_id;
  if s.id is null or s.starts_at <= now() then
    raise exception 'Apologies can only be withdrawn before the session starts.' using errcode = 'P0001';
  end if;
  delete from public.attendance a
  using public.enrolments e
  where a.session_id = s.id and a.enrolment_id = e.id and e.parent_id = (select auth.uid())
    and a.status = 'apologies';
  if not found then
    raise exception 'There are no apologies to withdraw for this session.' using errcode = 'P0001';
  end if;
  return jsonb_build_object('session_id', s.id);
end
$$;
comment on function public.withdraw_apologies(uuid) is
  'Takes back the apologies the parent sent, before the session starts.';
