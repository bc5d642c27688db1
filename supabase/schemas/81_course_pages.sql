-- Course pages: what a visitor with no account may see of the training, and the enquiry about
-- commissioning it locally; and the course management the training admin and the lead do.
--
--   public.courses_page()            /courses: upcoming published courses, soonest first
--   public.course_page(slug)         /courses/<slug>: everything the public page shows
--   public.ask_about_commissioning() "Commission this training locally": service role only,
--                                    with the client's address for a rate limit (5 an hour)
--   public.course_enquiries_page()   /admin/enquiries, for the training admin and the lead
--   public.save_course()             create or update a course, its days, tiers and trainers
--   public.course_edit_page(id)      the course form's data
--
-- The public functions are security definer and callable by anon (tests/shared/lint-rules.ts
-- says why): they return only allow-listed keys (tests/db/course-pages.test.ts compares them),
-- never a booker, an attendee or money taken, and a draft course does not exist for them.

/** Places left on a course: its capacity less the places taken (never below 0). */
-- plpgsql, so the body is resolved when called: course_places_taken is in 82_course_bookings.sql.
create function private.course_places_left(course uuid) returns int
language plpgsql stable security definer set search_path = ''
as $$
begin
  return (select greatest(c.capacity - private.course_places_taken(c.id), 0)
    from public.courses c where c.id = course);
end
$$;
comment on function private.course_places_left(uuid) is
  'A course''s places left: capacity less active places and open waiting-list offers, never below 0.';
revoke execute on function private.course_places_left(uuid) from public, anon, authenticated;

/**
 * Why a course cannot be booked just now, or null when it can: 'not_yet_open', 'closed' (the
 * booking window has passed, the course has begun, or the admin closed it), 'full', 'cancelled',
 * 'completed' or 'draft'.
 */
create function private.course_booking_closed_reason(course uuid) returns text
language sql stable security definer set search_path = ''
as $$
  select case
    when c.status in ('draft', 'cancelled', 'completed') then c.status
    when c.status = 'full' or private.course_places_left(c.id) = 0 then 'full'
    when c.status = 'closed' then 'closed'
    when private.course_starts_at(c.id) is null or private.course_starts_at(c.id) <= now()
      then 'closed'
    when c.booking_opens_at is not null and c.booking_opens_at > now() then 'not_yet_open'
    when c.booking_closes_at is not null and c.booking_closes_at <= now() then 'closed'
  end
  from public.courses c where c.id = course
$$;
comment on function private.course_booking_closed_reason(uuid) is
  'Why a course cannot be booked now (not_yet_open, closed, full, cancelled, completed, draft), or null when booking is open.';
revoke execute on function private.course_booking_closed_reason(uuid) from public, anon, authenticated;

/**
 * The public list of courses for /courses: published courses still to come (open or full, and
 * closed ones whose first day is ahead), soonest first. Only what the list shows. Deliberately
 * executable by anon (tests/shared/lint-rules.ts says why).
 */
create function public.courses_page() returns jsonb
language sql stable security definer set search_path = ''
as $$
  select jsonb_build_object(
    'provider', (select jsonb_build_object('name', c ->> 'name', 'email', c ->> 'email',
        'phone', c ->> 'phone') from (select private.clinic() as c) x),
    'courses', coalesce((
      select jsonb_agg(jsonb_build_object(
          'slug', c.slug, 'title', c.title, 'summary', c.summary,
          'first_day', d.first_day, 'last_day', d.last_day, 'day_count', d.day_count,
          'starts', to_char(d.starts, 'HH24:MI'), 'ends', to_char(d.ends, 'HH24:MI'),
          'first_starts_at', private.course_starts_at(c.id),
          'online', c.online,
          'venue_name', case when not c.online then c.venue_name end,
          'area', case when not c.online then split_part(c.venue_postcode, ' ', 1) end,
          'min_net_pence', f.min_net, 'max_net_pence', f.max_net,
          'min_gross_pence', f.min_gross, 'max_gross_pence', f.max_gross,
          'places_left', private.course_places_left(c.id),
          'full', c.status = 'full' or private.course_places_left(c.id) = 0,
          'status', c.status,
          'booking_open', private.course_booking_closed_reason(c.id) is null)
        order by private.course_starts_at(c.id), c.title, c.slug)
      from public.courses c
      cross join lateral (
        select min(x.day) as first_day, max(x.day) as last_day, count(*)::int as day_count,
          (select y.starts from public.course_days y where y.course_id = c.id order by y.day limit 1) as starts,
          (select y.ends from public.course_days y where y.course_id = c.id order by y.day limit 1) as ends
        from public.course_days x where x.course_id = c.id
      ) d
      cross join lateral (
        select min(t.price_pence) as min_net, max(t.price_pence) as max_net,
          min(t.price_pence + round(t.price_pence * t.vat_percent / 100))::int as min_gross,
          max(t.price_pence + round(t.price_pence * t.vat_percent / 100))::int as max_gross
        from public.course_fee_tiers t where t.course_id = c.id
      ) f
      where c.status in ('open', 'full', 'closed')
        and private.course_starts_at(c.id) > now()), '[]'::jsonb))
$$;
comment on function public.courses_page() is
  'The public list of upcoming courses (dates, times, venue name and postcode district or online, fee range, places left, whether booking is open) and the provider''s contact. Anyone may call it.';
revoke execute on function public.courses_page() from public;
grant execute on function public.courses_page() to anon, authenticated;

/**
 * Everything a course's public page shows, or null when there is no such course or it is a
 * draft. Trainers by name only; never a booker, an attendee or money taken. Deliberately
 * executable by anon (tests/shared/lint-rules.ts says why).
 */
create function public.course_page(slug text) returns jsonb
language sql stable security definer set search_path = ''
as $$
  select jsonb_build_object(
    'provider', (select jsonb_build_object('name', x.c ->> 'name', 'email', x.c ->> 'email',
        'phone', x.c ->> 'phone') from (select private.clinic() as c) x),
    'slug', c.slug, 'title', c.title, 'summary', c.summary,
    'about', c.about, 'suitable_for', c.suitable_for, 'aims', c.aims,
    'days', coalesce((select jsonb_agg(jsonb_build_object(
        'day', d.day, 'starts', to_char(d.starts, 'HH24:MI'), 'ends', to_char(d.ends, 'HH24:MI'),
        'starts_at', private.course_day_starts(d.day, d.starts),
        'ends_at', private.course_day_starts(d.day, d.ends)) order by d.day)
      from public.course_days d where d.course_id = c.id), '[]'::jsonb),
    'online', c.online,
    'venue', case when not c.online and c.venue_name is not null then jsonb_build_object(
        'name', c.venue_name, 'address', c.venue_address, 'postcode', c.venue_postcode,
        'map_url', c.map_url) end,
    'trainers', coalesce((select jsonb_agg(p.full_name order by p.full_name)
      from public.course_trainers t join public.profiles p on p.id = t.trainer_id
      where t.course_id = c.id), '[]'::jsonb),
    'tiers', coalesce((select jsonb_agg(jsonb_build_object(
        'name', t.name, 'description', t.description, 'price_pence', t.price_pence,
        'vat_percent', t.vat_percent,
        'gross_pence', (t.price_pence + round(t.price_pence * t.vat_percent / 100))::int,
        'grants_online_training', t.grants_online_training) order by t.position, t.name)
      from public.course_fee_tiers t where t.course_id = c.id), '[]'::jsonb),
    'capacity', c.capacity,
    'places_left', private.course_places_left(c.id),
    'full', c.status = 'full' or private.course_places_left(c.id) = 0,
    'status', c.status,
    'booking_open', private.course_booking_closed_reason(c.id) is null,
    'booking_closed_reason', private.course_booking_closed_reason(c.id),
    'booking_opens_at', c.booking_opens_at,
    'booking_closes_at', c.booking_closes_at,
    'po_required', c.po_required,
    'waitlist_open', c.status in ('open', 'full') and private.course_places_left(c.id) = 0
      and coalesce(private.course_starts_at(c.id) > now(), false))
  from public.courses c
  where c.slug = course_page.slug and c.status <> 'draft'
$$;
comment on function public.course_page(text) is
  'A published course''s public page: content, days in London time, venue or online, trainers by name, fee tiers, places left and whether (or why not) it can be booked. Null for a draft or unknown course. Anyone may call it.';
revoke execute on function public.course_page(text) from public;
grant execute on function public.course_page(text) to anon, authenticated;

-- Commissioning enquiries --------------------------------------------------------------------

/** "Commission this training locally": an organisation asking for a course for its staff. */
create table public.course_enquiries (
  id uuid primary key default gen_random_uuid(),
  course_id uuid references public.courses (id) on delete set null,
  organisation text not null check (length(btrim(organisation)) between 1 and 200),
  contact_name text not null check (length(btrim(contact_name)) between 1 and 120),
  email text not null check (email = lower(btrim(email)) and email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  phone text check (phone ~ '^\+?[0-9][0-9 ()-]{5,22}[0-9]$'),
  staff_count int not null check (staff_count between 1 and 1000),
  area text not null check (length(btrim(area)) between 1 and 120),
  message text not null default '' check (length(message) <= 2000),
  status text not null default 'new' check (status in ('new', 'replied')),
  created_at timestamptz not null default now()
);
comment on table public.course_enquiries is
  'Enquiries from organisations about commissioning a course locally, from the public form; the training admin and the lead read them.';
create index course_enquiries_created_idx on public.course_enquiries (created_at desc);
alter table public.course_enquiries enable row level security;
revoke insert, update, delete, truncate on public.course_enquiries from anon, authenticated;
create trigger course_enquiries_audit after insert or update or delete on public.course_enquiries
  for each row execute function private.audit_row();
create policy "Training staff can read commissioning enquiries" on public.course_enquiries
  for select to authenticated
  using ((select private.manages_training()));

/**
 * The public "commission this training locally" form. Only the app's server calls it (service
 * role), with the client's address: a 6th enquiry within an hour from one address is refused
 * (DETAIL `rate_limited`). The attempts share private.interest_signup_attempts with the groups'
 * sign-up under their own HMAC kind, so each form has its own count and the same hourly pruning.
 * Emails each training admin the enquiry (it goes to staff, who need it to reply).
 */
create function public.ask_about_commissioning(organisation text, contact_name text, email text,
  phone text, staff_count int, area text, message text, course_slug text, client_address text)
  returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  key bytea;
  course uuid;
  course_title text;
  added public.course_enquiries;
begin
  perform private.require_service_role();
  if nullif(btrim(client_address), '') is null then
    raise exception 'The client address is missing.' using errcode = '22023';
  end if;
  if staff_count is null or staff_count not between 1 and 1000 then
    raise exception 'Give the number of staff as a whole number from 1 to 1000.'
      using errcode = 'P0001', hint = 'staff_count';
  end if;
  if nullif(btrim(course_slug), '') is not null then
    select c.id, c.title into course, course_title from public.courses c
    where c.slug = btrim(course_slug) and c.status <> 'draft';
  end if;
  key := private.sign_in_key('commission', private.sign_in_address(client_address));
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended(encode(key, 'hex'), 81));
  if (select count(*) from private.interest_signup_attempts a
      where a.address_key = key and a.attempted_at > now() - interval '1 hour') >= 5 then
    raise exception 'Too many enquiries have come from your connection in the last hour. Please try again later, or email us.'
      using errcode = 'P0001', detail = 'rate_limited';
  end if;
  insert into private.interest_signup_attempts (address_key) values (key);
  insert into public.course_enquiries (course_id, organisation, contact_name, email, phone,
    staff_count, area, message)
  values (course, btrim(organisation), btrim(contact_name), lower(btrim(email)),
    nullif(btrim(phone), ''), staff_count, btrim(area), coalesce(btrim(message), ''))
  returning * into added;
  perform private.queue_message('course_enquiry', p.id,
    jsonb_build_object('enquiry_id', added.id, 'organisation', added.organisation,
      'contact_name', added.contact_name, 'email', added.email, 'phone', added.phone,
      'staff_count', added.staff_count, 'area', added.area, 'message', added.message,
      'course_title', course_title),
    'course_enquiry:' || added.id || ':' || p.id)
  from public.profiles p where p.role = 'training_admin';
  return jsonb_build_object('received', true);
end
$$;
comment on function public.ask_about_commissioning(text, text, text, text, int, text, text, text, text) is
  'The public "commission this training locally" enquiry (service role only): rate-limited per client address, stored for training staff, emailed to each training admin.';
revoke execute on function public.ask_about_commissioning(text, text, text, text, int, text, text, text, text)
  from public, anon, authenticated;
grant execute on function public.ask_about_commissioning(text, text, text, text, int, text, text, text, text)
  to service_role;

/** /admin/enquiries: every commissioning enquiry, newest first, for the training admin and lead. */
create function public.course_enquiries_page() returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
begin
  perform private.require_role('training_admin', 'clinical_lead');
  return jsonb_build_object('enquiries', coalesce((
    select jsonb_agg(jsonb_build_object(
        'id', e.id, 'organisation', e.organisation, 'contact_name', e.contact_name,
        'email', e.email, 'phone', e.phone, 'staff_count', e.staff_count, 'area', e.area,
        'message', e.message, 'status', e.status, 'created_at', e.created_at,
        'course_title', c.title, 'course_slug', c.slug)
      order by e.created_at desc)
    from public.course_enquiries e left join public.courses c on c.id = e.course_id), '[]'::jsonb));
end
$$;
comment on function public.course_enquiries_page() is
  'The commissioning enquiries, newest first, for the training admin and the clinical lead.';
revoke execute on function public.course_enquiries_page() from public, anon;
grant execute on function public.course_enquiries_page() to authenticated;
