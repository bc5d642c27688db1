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

-- Certificates -------------------------------------------------------------------------------

/** A course day as a certificate's reasons name it: "Friday 14 May". */
create function private.day_words(day date) returns text
language sql immutable set search_path = ''
as $$
  select to_char(day, 'FMDay FMDD FMMonth')
$$;
comment on function private.day_words(date) is 'A date as the certificate reasons say it: "Friday 14 May".';

/**
 * Whether a place has earned its attendance certificate, and if not, every reason why in plain
 * words: the place active and paid in full, not withheld; the online training complete when the
 * place's tier includes it; and a mark of present, late or left early on every course day.
 * Late and left early still count: the certificate is of attendance, the trainer records the
 * time so the training staff can see it and withhold with a reason when too much was missed;
 * and the CPD hours written on it are the course's (its days' hours), never the person's.
 */
create function private.certificate_eligible(place uuid) returns jsonb
language sql stable security definer set search_path = ''
as $$
  with p as (
    select x.*, b.status as booking_status, private.online_access(x.id) as access,
      private.booking_money(b.id) ->> 'state' as money_state
    from public.course_places x join public.course_bookings b on b.id = x.booking_id
    where x.id = place
  ), reasons as (
    select 1 as n, 'The place is not active (cancelled or transferred).' as why from p
      where p.status <> 'active' or p.booking_status <> 'booked'
    union all
    select 2, 'The place is not paid for in full.' from p where p.money_state is distinct from 'paid'
    union all
    select 3, 'Withheld: ' || h.reason from p join public.course_certificate_holds h on h.place_id = p.id
    union all
    select 4, 'Has not finished the online training.' from p
      where p.access ->> 'state' <> 'not_included' and not coalesce(
        p.trainee_id is not null and (private.online_progress_summary(p.trainee_id,
          (p.access ->> 'training_id')::uuid) ->> 'complete')::boolean, false)
    union all
    select 5, case when a.status = 'absent' then 'Absent on ' else 'Not marked on ' end
        || private.day_words(d.day)
      from p join public.course_days d on d.course_id = p.course_id
      left join public.course_attendance a on a.place_id = p.id and a.day = d.day
      where a.status is null or a.status = 'absent'
    union all
    select 6, 'The course has no days.' from p
      where not exists (select 1 from public.course_days d where d.course_id = p.course_id)
  )
  select jsonb_build_object('eligible', not exists (select 1 from reasons),
    'reasons', coalesce((select jsonb_agg(r.why order by r.n, r.why) from reasons r), '[]'::jsonb))
  from p
$$;
comment on function private.certificate_eligible(uuid) is
  'Whether a place has earned its certificate ({eligible, reasons[]}): active, paid, not withheld, the online training complete when included, and present, late or left early on every day.';

/** A new verification code: 12 random characters without 0, O, 1 or I, as AAAA-BBBB-CCCC. */
create function private.new_certificate_code() returns text
language plpgsql volatile set search_path = ''
as $$
declare
  -- 32 characters, so each random byte modulo 32 picks one without bias.
  letters constant text := 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  bytes bytea;
  made text;
begin
  loop
    bytes := extensions.gen_random_bytes(12);
    made := '';
    for i in 0..11 loop
      made := made || substr(letters, get_byte(bytes, i) % 32 + 1, 1);
      if i in (3, 7) then made := made || '-'; end if;
    end loop;
    exit when not exists (select 1 from public.course_certificates c where c.code = made);
  end loop;
  return made;
end
$$;
comment on function private.new_certificate_code() is
  'A fresh, unused verification code: AAAA-BBBB-CCCC from 32 unambiguous characters (no 0, O, 1, I).';

/** A course's CPD hours: the sum of its days' hours (ends less starts). */
create function private.course_cpd_hours(course uuid) returns numeric
language sql stable set search_path = ''
as $$
  select coalesce(round((sum(extract(epoch from d.ends - d.starts)) / 3600)::numeric, 2), 0)
  from public.course_days d where d.course_id = course
$$;
comment on function private.course_cpd_hours(uuid) is 'A course''s CPD hours: the sum over its days of ends less starts.';

/**
 * Issue a place's certificate with the current details and tell the trainee (and the booker,
 * when someone else): no checks of eligibility here, the callers make them. Returns the code.
 */
create function private.issue_certificate(place uuid, by_whom uuid) returns text
language plpgsql volatile security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  c public.course_certificates;
  p public.course_places;
  b public.course_bookings;
  payload jsonb;
begin
  select * into p from public.course_places x where x.id = place;
  select * into b from public.course_bookings x where x.id = p.booking_id;
  insert into public.course_certificates (place_id, code, attendee_name, course_title, first_day,
    last_day, cpd_hours, issued_by)
  select p.id, private.new_certificate_code(), p.attendee_name, k.title,
    (select min(d.day) from public.course_days d where d.course_id = k.id),
    (select max(d.day) from public.course_days d where d.course_id = k.id),
    private.course_cpd_hours(k.id), by_whom
  from public.courses k where k.id = p.course_id
  returning * into c;
  payload := jsonb_build_object('name', c.attendee_name, 'course', c.course_title,
    'first_day', c.first_day, 'last_day', c.last_day, 'cpd_hours', c.cpd_hours, 'code', c.code,
    'pdf_path', '/training/certificates/' || c.code || '.pdf',
    'check_path', '/certificates/' || c.code);
  if p.trainee_id is not null then
    perform private.queue_message('certificate_issued', p.trainee_id,
      payload || jsonb_build_object('copy', false), 'certificate_issued:' || c.code);
  else
    perform private.queue_message_to_email('certificate_issued', p.attendee_email,
      p.attendee_name, payload || jsonb_build_object('copy', false), 'certificate_issued:' || c.code);
  end if;
  if b.booker_email is distinct from p.attendee_email then
    perform private.queue_message_to_email('certificate_issued', b.booker_email, b.booker_name,
      payload || jsonb_build_object('copy', true), 'certificate_issued:' || c.code || ':booker');
  end if;
  return c.code;
end
$$;
comment on function private.issue_certificate(uuid, uuid) is
  'Issues a place''s certificate (a new code, copies of the current details) and queues certificate_issued to the trainee and a copy to the booker. Callers check eligibility.';

/** Issue every eligible place of a course that has no live certificate; returns the codes issued. */
create function private.issue_due_certificates(course uuid, by_whom uuid) returns int
language plpgsql volatile security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  n int := 0;
  p record;
begin
  for p in select x.id from public.course_places x
    where x.course_id = course and x.status = 'active'
      and not exists (select 1 from public.course_certificates c
        where c.place_id = x.id and c.withdrawn_at is null)
    order by x.attendee_name, x.id
    for update of x
  loop
    if (private.certificate_eligible(p.id) ->> 'eligible')::boolean then
      perform private.issue_certificate(p.id, by_whom);
      n := n + 1;
    end if;
  end loop;
  return n;
end
$$;
comment on function private.issue_due_certificates(uuid, uuid) is
  'Issues a certificate to each eligible active place of the course without a live one; returns how many.';

/** Training staff: issue the certificates of every eligible place of a course. */
create function public.issue_course_certificates(course uuid) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_training_staff();
begin
  if not exists (select 1 from public.courses c where c.id = course) then
    raise exception 'There is no such course.' using errcode = 'P0002';
  end if;
  return jsonb_build_object('issued', private.issue_due_certificates(course, who));
end
$$;
comment on function public.issue_course_certificates(uuid) is
  'Training staff: issues a certificate to every eligible place of the course that has none, and emails them. Returns {issued}.';
grant execute on function public.issue_course_certificates(uuid) to authenticated;


/** The place a certificate write is about, locked; P0002 when there is none. */
create function private.certificate_place(place uuid) returns public.course_places
language plpgsql volatile security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  p public.course_places;
begin
  select * into p from public.course_places x where x.id = place for update;
  if p.id is null then
    raise exception 'There is no such place.' using errcode = 'P0002';
  end if;
  return p;
end
$$;
comment on function private.certificate_place(uuid) is 'Locks and returns a place for a certificate write; P0002 when it does not exist.';

/** Training staff: withhold a place's certificate with a reason; a live one is withdrawn. */
create function public.withhold_course_certificate(place uuid, reason text) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_training_staff();
  p public.course_places := private.certificate_place(place);
  why text := private.require_reason(reason);
  withdrawn int;
begin
  insert into public.course_certificate_holds (place_id, reason, held_by)
  values (p.id, why, who)
  on conflict (place_id) do update set reason = excluded.reason, held_by = excluded.held_by,
    held_at = now();
  update public.course_certificates c set withdrawn_at = now(), withdrawn_reason = why
  where c.place_id = p.id and c.withdrawn_at is null;
  get diagnostics withdrawn = row_count;
  return jsonb_build_object('withdrawn', withdrawn);
end
$$;
comment on function public.withhold_course_certificate(uuid, text) is
  'Training staff: withholds a place''s certificate with a reason and withdraws a live one (its code no longer verifies).';
grant execute on function public.withhold_course_certificate(uuid, text) to authenticated;

/** Training staff: release a withheld certificate (it is issued again by the next issue, if eligible). */
create function public.release_course_certificate(place uuid) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_training_staff();
  p public.course_places := private.certificate_place(place);
begin
  delete from public.course_certificate_holds h where h.place_id = p.id;
  if not found then
    raise exception 'This certificate is not withheld.' using errcode = 'P0001';
  end if;
  return jsonb_build_object('released', true, 'eligible',
    (private.certificate_eligible(p.id) ->> 'eligible')::boolean);
end
$$;
comment on function public.release_course_certificate(uuid) is
  'Training staff: lifts the hold on a place''s certificate; issuing again gives it a new code when eligible.';
grant execute on function public.release_course_certificate(uuid) to authenticated;

/**
 * Training staff: replace a place's live certificate (a name spelt wrong, say): the old code is
 * withdrawn with the reason and a new one issued with the current details, and emailed.
 */
create function public.reissue_course_certificate(place uuid, reason text) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_training_staff();
  p public.course_places := private.certificate_place(place);
  why text := private.require_reason(reason);
begin
  update public.course_certificates c set withdrawn_at = now(), withdrawn_reason = why
  where c.place_id = p.id and c.withdrawn_at is null;
  if not found then
    raise exception 'There is no certificate to reissue: issue it first.' using errcode = 'P0001';
  end if;
  return jsonb_build_object('code', private.issue_certificate(p.id, who));
end
$$;
comment on function public.reissue_course_certificate(uuid, text) is
  'Training staff: withdraws a place''s live certificate with a reason and issues a new code with the current details.';
grant execute on function public.reissue_course_certificate(uuid, text) to authenticated;

/** A typed code, tidied: trimmed, upper case, dashes and spaces optional; null when not a code. */
create function private.certificate_code(typed text) returns text
language sql immutable set search_path = ''
as $$
  select case when t ~ '^[A-Z0-9]{12}$'
    then substr(t, 1, 4) || '-' || substr(t, 5, 4) || '-' || substr(t, 9, 4) end
  from (select upper(regexp_replace(coalesce(typed, ''), '[\s-]', '', 'g')) as t) x
$$;
comment on function private.certificate_code(text) is 'A typed certificate code as stored (AAAA-BBBB-CCCC), or null when it cannot be one.';

/**
 * The public check of a certificate code: anyone (signed in or not) learns only whether it is
 * valid and, if so, the name, course and dates on it — nothing else about the person.
 */
create function public.certificate_check(code text) returns jsonb
language sql stable security definer set search_path = ''
as $$
  select coalesce(
    (select case when c.withdrawn_at is null
        then jsonb_build_object('valid', true, 'name', c.attendee_name, 'course', c.course_title,
          'first_day', c.first_day, 'last_day', c.last_day)
        else jsonb_build_object('valid', false, 'withdrawn', true,
          'message', 'This certificate was withdrawn') end
      from public.course_certificates c where c.code = private.certificate_code(certificate_check.code)),
    jsonb_build_object('valid', false))
$$;
comment on function public.certificate_check(text) is
  'Anyone: whether a certificate code is valid, with only the name, course and dates on a live one; {valid:false} otherwise.';
grant execute on function public.certificate_check(text) to anon, authenticated;

/**
 * A certificate for its PDF: the trainee's own or their booker's, live. Training staff may open
 * any (to check one before sending it on).
 */
create function public.certificate_page(code text) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_role('trainee', 'booker', 'training_admin', 'clinical_lead');
  c public.course_certificates;
begin
  select x.* into c from public.course_certificates x
  join public.course_places p on p.id = x.place_id
  join public.course_bookings b on b.id = p.booking_id
  where x.code = private.certificate_code(code) and x.withdrawn_at is null
    and (p.trainee_id = who or b.booker_id = who or private.manages_training());
  -- Null (a 404 page) for a code that is not theirs, not live or not a code: the same answer
  -- for each, so the page tells nobody whether someone else's code exists.
  if c.id is null then
    return null;
  end if;
  return jsonb_build_object('organisation', private.clinic() ->> 'name',
    'name', c.attendee_name, 'course', c.course_title, 'first_day', c.first_day,
    'last_day', c.last_day, 'cpd_hours', c.cpd_hours, 'code', c.code,
    'issued_at', c.issued_at);
end
$$;
comment on function public.certificate_page(text) is
  'A live certificate for its PDF: the trainee''s own, their booker''s, or any for the training staff; null otherwise.';
grant execute on function public.certificate_page(text) to authenticated;

/**
 * The training staff's certificates page of a course: each place, whether it is eligible and
 * why not, its live certificate, a hold; and how many could be issued now.
 */
create function public.course_certificates_page(course uuid) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  k public.courses;
begin
  perform private.require_training_staff();
  select * into k from public.courses x where x.id = course;
  if k.id is null then
    raise exception 'There is no such course.' using errcode = 'P0002';
  end if;
  return jsonb_build_object(
    'course', jsonb_build_object('id', k.id, 'title', k.title,
      'first_day', (select min(d.day) from public.course_days d where d.course_id = k.id),
      'last_day', (select max(d.day) from public.course_days d where d.course_id = k.id),
      'cpd_hours', private.course_cpd_hours(k.id)),
    'places', coalesce((select jsonb_agg(jsonb_build_object(
        'place_id', p.id, 'name', p.attendee_name, 'organisation', p.attendee_organisation,
        'eligible', (e.v ->> 'eligible')::boolean, 'reasons', e.v -> 'reasons',
        'certificate', (select jsonb_build_object('code', c.code, 'issued_at', c.issued_at)
          from public.course_certificates c where c.place_id = p.id and c.withdrawn_at is null),
        'held', (select h.reason from public.course_certificate_holds h where h.place_id = p.id))
        order by p.attendee_name, p.id)
      from public.course_places p
      cross join lateral (select private.certificate_eligible(p.id) as v) e
      where p.course_id = k.id and p.status = 'active' and p.attendee_name is not null),
      '[]'::jsonb));
end
$$;
comment on function public.course_certificates_page(uuid) is
  'Training staff: a course''s places with whether each has earned its certificate and why not, the live certificate and any hold.';
grant execute on function public.course_certificates_page(uuid) to authenticated;

-- Nudges -------------------------------------------------------------------------------------

/**
 * The online training's emails that fall due as of a moment, each queued once (dedupe keys):
 * "your online training is open" when a place's access opens; reminders 14 and 3 days before the
 * first day (London dates) to each attendee not finished (the unpaid too: the words differ), with
 * a copy to the booker when someone else; and from 07:00 London on day one, one email to each
 * trainer listing who has not finished. Also issues the certificates of courses whose last day
 * has ended. Returns how many emails it queued (the copies included).
 */
create function private.online_training_nudges(as_of timestamptz) returns int
language plpgsql volatile security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  london timestamp := coalesce(as_of, now()) at time zone 'Europe/London';
  today date := london::date;
  n int := 0;
  r record;
  q bigint;
  kind text;
  payload jsonb;
begin
  -- The places of courses not yet over whose tier includes the online training. Nothing here
  -- falls due before the opening date except with early access, so the places of courses
  -- further off are not asked at all: they are chosen first (materialized, so the planner
  -- cannot ask online_access of every place before the filter, as it did), and online_access
  -- judges the rest. At national scale most courses are months away.
  for r in
    with candidates as materialized (
      select p.id, p.attendee_name, p.attendee_email, p.trainee_id, b.booker_email, b.booker_name,
        k.id as course_id, k.title, f.first_day
      from public.course_places p
      join public.course_bookings b on b.id = p.booking_id
      join public.courses k on k.id = p.course_id
      cross join lateral (select private.course_first_day(k.id) as first_day) f
      where p.status = 'active' and b.status = 'booked' and p.attendee_email is not null
        and k.online_training_id is not null and k.status <> 'cancelled'
        and f.first_day >= today
        and (private.online_opens_on(f.first_day) <= today
          or exists (select 1 from public.online_early_access e
                     where e.place_id = p.id and e.withdrawn_at is null)))
    select c.*, a,
      case when c.trainee_id is not null and a ->> 'training_id' is not null then
        coalesce((private.online_progress_summary(c.trainee_id, (a ->> 'training_id')::uuid)
          ->> 'complete')::boolean, false) else false end as complete
    from candidates c
    cross join lateral (select private.online_access(c.id) as a) x
    where a ->> 'state' not in ('not_included', 'withdrawn', 'not_ready')
  loop
    payload := jsonb_build_object('name', r.attendee_name, 'course', r.title,
      'first_day', r.first_day, 'opens_on', r.a ->> 'opens_on', 'link', '/training');
    -- Open: once per attendee of the place (a substitute is told too).
    if (r.a ->> 'open')::boolean and not r.complete then
      q := case when r.trainee_id is not null
        then private.queue_message('online_training_open', r.trainee_id, payload,
          'online_training_open:' || r.id || ':' || r.attendee_email)
        else private.queue_message_to_email('online_training_open', r.attendee_email,
          r.attendee_name, payload, 'online_training_open:' || r.id || ':' || r.attendee_email) end;
      n := n + (q is not null)::int;
    end if;
    -- Reminders: the 14-day one until 3 days before, then the 3-day one, never after day one.
    kind := case when not r.complete and today >= r.first_day - 3 and today < r.first_day then '3'
      when not r.complete and today >= r.first_day - 14 and today < r.first_day - 3 then '14' end;
    if kind is not null then
      payload := payload || jsonb_build_object('days', kind::int,
        'unpaid', r.a ->> 'state' = 'unpaid', 'state', r.a ->> 'state', 'copy', false);
      q := case when r.trainee_id is not null
        then private.queue_message('online_training_reminder', r.trainee_id, payload,
          'online_training_reminder:' || kind || ':' || r.id || ':' || r.attendee_email)
        else private.queue_message_to_email('online_training_reminder', r.attendee_email,
          r.attendee_name, payload,
          'online_training_reminder:' || kind || ':' || r.id || ':' || r.attendee_email) end;
      n := n + (q is not null)::int;
      if r.booker_email is distinct from r.attendee_email then
        q := private.queue_message_to_email('online_training_reminder', r.booker_email,
          r.booker_name, payload || jsonb_build_object('copy', true),
          'online_training_reminder:' || kind || ':' || r.id || ':' || r.attendee_email || ':booker');
        n := n + (q is not null)::int;
      end if;
    end if;
  end loop;

  -- Day one, from 07:00 London: each trainer gets the list of who has not finished.
  if london::time >= time '07:00' then
    for r in
      select k.id, k.title, t.trainer_id,
        coalesce(jsonb_agg(s.attendee_name order by s.attendee_name)
          filter (where not s.complete), '[]'::jsonb) as not_done,
        count(s.id) as total, count(s.id) filter (where s.complete) as done
      from public.courses k
      join public.course_trainers t on t.course_id = k.id
      left join lateral (
        select p.id, p.attendee_name,
          p.trainee_id is not null and coalesce((private.online_progress_summary(p.trainee_id,
            k.online_training_id) ->> 'complete')::boolean, false) as complete
        from public.course_places p
        join public.course_bookings b on b.id = p.booking_id
        join public.course_fee_tiers ft on ft.id = p.tier_id
        where p.course_id = k.id and p.status = 'active' and b.status = 'booked'
          and p.attendee_name is not null and ft.grants_online_training) s on true
      where k.online_training_id is not null and k.status <> 'cancelled'
        and private.course_first_day(k.id) = today
      group by k.id, k.title, t.trainer_id
    loop
      q := private.queue_message('online_training_trainers', r.trainer_id,
        jsonb_build_object('course', r.title, 'course_id', r.id, 'first_day', today,
          'not_done', r.not_done, 'total', r.total, 'done', r.done,
          'link', '/teaching/' || r.id),
        'online_training_trainers:' || r.id || ':' || r.trainer_id);
      n := n + (q is not null)::int;
    end loop;
  end if;

  -- Certificates of the courses whose last day has ended, for everyone who has earned one: of
  -- the courses that ended in the last 90 days (a register put right or an online training
  -- finished after the course), not of every course ever held, whose every uncertified place was
  -- judged again at each pass (2 s a pass at national scale). Older ones: "Issue certificates"
  -- on the course's certificates page (issue_course_certificates).
  for r in
    select k.id from public.courses k
    join (select d.course_id, max(d.day + d.ends) as ended from public.course_days d
          group by d.course_id) e on e.course_id = k.id
    where k.status <> 'cancelled' and e.ended <= london and e.ended > london - interval '90 days'
  loop
    perform private.issue_due_certificates(r.id, null);
  end loop;
  return n;
end
$$;
comment on function private.online_training_nudges(timestamptz) is
  'Queues the online training''s due emails once each (open, 14- and 3-day reminders with a copy to the booker, the trainers'' list on day one) and issues certificates of courses that have ended; returns how many emails.';

/**
 * The signed-in trainee's live certificates, and those of the attendees a booker booked: the
 * code and the PDF's address, for /training to link to.
 */
create function public.my_certificates() returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
declare
  who uuid := private.require_role('trainee', 'booker');
begin
  return coalesce((select jsonb_agg(jsonb_build_object('place_id', p.id, 'code', c.code,
      'name', c.attendee_name, 'course', c.course_title, 'first_day', c.first_day,
      'last_day', c.last_day, 'mine', p.trainee_id = who,
      'pdf_path', '/training/certificates/' || c.code || '.pdf') order by c.first_day desc, c.code)
    from public.course_certificates c
    join public.course_places p on p.id = c.place_id
    join public.course_bookings b on b.id = p.booking_id
    where c.withdrawn_at is null and (p.trainee_id = who or b.booker_id = who)), '[]'::jsonb);
end
$$;
comment on function public.my_certificates() is
  'A trainee''s live certificates and those of the places a booker booked: code, name, course, dates and the PDF''s address.';
grant execute on function public.my_certificates() to authenticated;
