-- The course days' register (trainers mark each attendee present, late, left early or absent,
-- beside where they stand with the online training), the attendance certificates that depend on
-- both, and the online training's nudges.

/** Whether the signed-in person may keep a course's register: its trainers and the training staff. */
create function private.keeps_course_register(course uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce(private.trains(course), false) or coalesce(private.manages_training(), false)
$$;
comment on function private.keeps_course_register(uuid) is
  'True for the course''s trainers and the training staff: those who keep its days'' register.';

/** The online training's state and progress in the words the register and certificates show. */
create function private.online_words(place uuid) returns text
language sql stable security definer set search_path = ''
as $$
  select case
    when a ->> 'state' = 'not_included' then 'Not included'
    when a ->> 'state' = 'withdrawn' then 'Withdrawn'
    when a ->> 'state' = 'unpaid' then 'Unpaid'
    when p.trainee_id is null then 'No account yet'
    when (s ->> 'complete')::boolean then 'Finished'
    else format('%s of %s', s ->> 'done', s ->> 'modules') end
  from public.course_places p
  cross join lateral (select private.online_access(p.id) as a) x
  cross join lateral (select case when p.trainee_id is not null and x.a ->> 'training_id' is not null
    then private.online_progress_summary(p.trainee_id, (x.a ->> 'training_id')::uuid) end as s) y
  where p.id = place
$$;
comment on function private.online_words(uuid) is
  'A place''s online training in a word or two: Finished, "4 of 9", Unpaid, Not included, Withdrawn, No account yet.';

/**
 * One day's register of a course for its trainers and the training staff: the course and its
 * days (for links between them), and each active named place with the attendee's name,
 * organisation, the online training's state and progress side by side, and the day's mark.
 */
create function public.course_register_page(course uuid, day date) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  c public.courses;
  d public.course_days;
begin
  if (select auth.uid()) is null or not private.keeps_course_register(course) then
    raise exception 'You do not have permission to keep this register.' using errcode = '42501';
  end if;
  select * into c from public.courses x where x.id = course;
  select * into d from public.course_days x where x.course_id = course and x.day = day;
  if c.id is null or d.day is null then
    raise exception 'The course does not run on that day.' using errcode = 'P0002';
  end if;
  return jsonb_build_object(
    'course', jsonb_build_object('id', c.id, 'title', c.title, 'slug', c.slug),
    'day', jsonb_build_object('day', d.day, 'starts', to_char(d.starts, 'HH24:MI'),
      'ends', to_char(d.ends, 'HH24:MI'),
      'future', d.day > (private.clock() at time zone 'Europe/London')::date),
    'days', (select jsonb_agg(jsonb_build_object('day', y.day, 'starts', to_char(y.starts, 'HH24:MI'),
        'ends', to_char(y.ends, 'HH24:MI')) order by y.day)
      from public.course_days y where y.course_id = c.id),
    'register', coalesce((select jsonb_agg(jsonb_build_object(
        'place_id', p.id,
        'name', p.attendee_name,
        'organisation', coalesce(p.attendee_organisation, b.booker_organisation),
        'online_state', private.online_access(p.id) ->> 'state',
        'online', private.online_words(p.id),
        'status', a.status,
        'at_time', to_char(a.at_time, 'HH24:MI'),
        'note', a.note) order by p.attendee_name, p.id)
      from public.course_places p
      join public.course_bookings b on b.id = p.booking_id
      left join public.course_attendance a on a.place_id = p.id and a.day = d.day
      where p.course_id = c.id and p.status = 'active' and b.status = 'booked'
        and p.attendee_name is not null), '[]'::jsonb));
end
$$;
comment on function public.course_register_page(uuid, date) is
  'A course day''s register: each active named place with organisation, online training state and progress, and the day''s mark. The course''s trainers and the training staff.';
grant execute on function public.course_register_page(uuid, date) to authenticated;

/**
 * Check a register write: the caller keeps the course's register, the day is one of its days and
 * not in the future (London, by private.clock). Returns the day.
 */
create function private.register_day(course uuid, day date) returns public.course_days
language plpgsql stable security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  d public.course_days;
begin
  if (select auth.uid()) is null or not private.keeps_course_register(course) then
    raise exception 'You do not have permission to keep this register.' using errcode = '42501';
  end if;
  select * into d from public.course_days x where x.course_id = course and x.day = day;
  if d.day is null then
    raise exception 'The course does not run on that day.' using errcode = 'P0002';
  end if;
  if d.day > (private.clock() at time zone 'Europe/London')::date then
    raise exception 'This day has not happened yet: the register opens on the day.'
      using errcode = 'P0001', hint = 'day';
  end if;
  return d;
end
$$;
comment on function private.register_day(uuid, date) is
  'Checks that the caller keeps the course''s register and that the day is one of its days, not in the future; returns the day.';

/**
 * Mark one attendee for one course day: present, late (arrival time), left early (leaving time)
 * or absent; marking again replaces the mark. The time is HH:MM, within the day's hours, and only
 * for late or left early. The course's trainers and the training staff.
 */
create function public.mark_course_attendance(place uuid, day date, status text, at_time text,
  note text) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  p public.course_places;
  d public.course_days;
  t time;
begin
  select * into p from public.course_places x where x.id = place;
  if p.id is null then
    if (select auth.uid()) is null then
      raise exception 'You do not have permission to keep this register.' using errcode = '42501';
    end if;
    raise exception 'There is no such place.' using errcode = 'P0002';
  end if;
  d := private.register_day(p.course_id, day);
  if p.status <> 'active' or p.attendee_name is null then
    raise exception 'This place is not on the register.' using errcode = 'P0001', hint = 'status';
  end if;
  if status is null or status not in ('present', 'late', 'left_early', 'absent') then
    raise exception 'Choose present, late, left early or absent.'
      using errcode = 'P0001', hint = 'status';
  end if;
  if status in ('late', 'left_early') then
    if coalesce(btrim(at_time), '') !~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' then
      raise exception '%', case status when 'late' then 'Give the time they arrived, like 10:15.'
        else 'Give the time they left, like 15:30.' end using errcode = 'P0001', hint = 'at_time';
    end if;
    t := btrim(at_time)::time;
    if t <= d.starts or t >= d.ends then
      raise exception 'The time must be between % and %, the day''s hours.',
        to_char(d.starts, 'HH24:MI'), to_char(d.ends, 'HH24:MI')
        using errcode = 'P0001', hint = 'at_time';
    end if;
  elsif nullif(btrim(at_time), '') is not null then
    raise exception 'A time is kept only for late or left early.'
      using errcode = 'P0001', hint = 'at_time';
  end if;
  if length(note) > 500 then
    raise exception 'Keep the note under 500 characters.' using errcode = 'P0001', hint = 'note';
  end if;
  insert into public.course_attendance (place_id, course_id, day, status, at_time, note, marked_by,
    marked_at)
  values (p.id, p.course_id, d.day, status, t, nullif(btrim(note), ''), (select auth.uid()), now())
  on conflict on constraint course_attendance_pkey do update
    set status = excluded.status, at_time = excluded.at_time, note = excluded.note,
      marked_by = excluded.marked_by, marked_at = excluded.marked_at;
  return jsonb_build_object('place_id', p.id, 'day', d.day, 'status', status,
    'at_time', to_char(t, 'HH24:MI'));
end
$$;
comment on function public.mark_course_attendance(uuid, date, text, text, text) is
  'Marks one attendee for a course day (present, late or left early with a time within the day, absent); marking again replaces it. Trainers and training staff; not for a future day.';
grant execute on function public.mark_course_attendance(uuid, date, text, text, text) to authenticated;

/**
 * Everyone on a day's register without a mark yet, as present (the one button on a tablet); a
 * mark already made is never overwritten. Says how many it marked.
 */
create function public.mark_course_day_all_present(course uuid, day date) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  d public.course_days;
  n int;
begin
  d := private.register_day(course, day);
  insert into public.course_attendance (place_id, course_id, day, status, marked_by)
  select p.id, p.course_id, d.day, 'present', (select auth.uid())
  from public.course_places p
  join public.course_bookings b on b.id = p.booking_id
  where p.course_id = course and p.status = 'active' and b.status = 'booked'
    and p.attendee_name is not null
  on conflict on constraint course_attendance_pkey do nothing;
  get diagnostics n = row_count;
  return jsonb_build_object('marked', n);
end
$$;
comment on function public.mark_course_day_all_present(uuid, date) is
  'Marks everyone on a course day''s register who has no mark yet as present; never overwrites a mark. Trainers and training staff.';
grant execute on function public.mark_course_day_all_present(uuid, date) to authenticated;
