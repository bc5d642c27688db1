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

/**
 * /admin/enquiries: the commissioning enquiries, 25 a page, newest first, for the training admin
 * and the lead; searched by organisation, contact, email, area or course, and narrowed to new or
 * replied ones. A few thousand over years at most, so the search scans.
 */
create function public.course_enquiries_page(
  enquiry_status text default null, search text default null, page int default 1
) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  pattern text := private.search_pattern(search);
  size constant int := 25;
  result jsonb;
begin
  perform private.require_role('training_admin', 'clinical_lead');
  with matching as (
    select e.*, c.title as course_title, c.slug as course_slug
    from public.course_enquiries e left join public.courses c on c.id = e.course_id
    where (enquiry_status is null or e.status = enquiry_status)
      and (pattern is null or e.organisation ilike pattern or e.contact_name ilike pattern
        or e.email ilike pattern or e.area ilike pattern or c.title ilike pattern)
  ),
  total as (select count(*) as n from matching),
  win as (select w.page, w.skip from total,
    private.page_window(course_enquiries_page.page, total.n, size) w),
  rows as (
    select m.* from matching m order by m.created_at desc, m.id
    limit size offset (select skip from win)
  )
  select jsonb_build_object(
    'paging', private.paging_json((select win.page from win), size, (select n from total)),
    'enquiries', (select coalesce(jsonb_agg(jsonb_build_object(
        'id', e.id, 'organisation', e.organisation, 'contact_name', e.contact_name,
        'email', e.email, 'phone', e.phone, 'staff_count', e.staff_count, 'area', e.area,
        'message', e.message, 'status', e.status, 'created_at', e.created_at,
        'course_title', e.course_title, 'course_slug', e.course_slug)
      order by e.created_at desc, e.id), '[]'::jsonb)
      from rows e))
  into result;
  return result;
end
$$;
comment on function public.course_enquiries_page(text, text, int) is
  'The commissioning enquiries, 25 a page, newest first, searched and narrowed by status, for the training admin and the clinical lead.';
revoke execute on function public.course_enquiries_page(text, text, int) from public, anon;
grant execute on function public.course_enquiries_page(text, text, int) to authenticated;

-- Course management ------------------------------------------------------------------------

/**
 * Create (course_id null) or update a course with its days, fee tiers and trainers, for the
 * training admin and the clinical lead. Rules, each a P0001 whose hint names the form's field:
 * a published course (not draft) needs at least one day, one fee tier, and a venue (name and
 * postcode) or online; cancelled and completed are final; a course with places taken cannot go
 * back to draft; a tier that has places cannot be removed; trainers are staff accounts
 * (facilitator, clinical lead or training admin). A slug another course uses is a 23505 with
 * hint `slug`. Days are a jsonb array of {day, starts, ends} (London wall-clock); tiers of
 * {id (to keep an existing tier), name, description, price_pence, vat_percent,
 * grants_online_training}, in the order shown.
 */
create function public.save_course(course_id uuid, slug text, title text, summary text,
  about text, suitable_for text, aims text, online boolean, venue_name text, venue_address text,
  venue_postcode text, map_url text, capacity int, booking_opens_at timestamptz,
  booking_closes_at timestamptz, status text, po_required boolean, days jsonb, tiers jsonb,
  trainers uuid[], payment_due_days int default 21, card_hold_minutes int default 30,
  waitlist_offer_hours int default 48, transfer_fee_percent numeric default 10,
  late_transfer_fee_percent numeric default 50, late_notice_days int default 14,
  refund_full_notice_days int default 28, refund_full_percent numeric default 90,
  refund_part_notice_days int default 14, refund_part_percent numeric default 50)
  returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_role('training_admin', 'clinical_lead');
  old public.courses;
  saved uuid;
  clean_slug text := lower(btrim(coalesce(slug, '')));
  clean_postcode text := nullif(upper(btrim(coalesce(venue_postcode, ''))), '');
  d jsonb;
  t jsonb;
  i int;
  tier_id uuid;
  kept uuid[] := '{}';
  gone record;
  bad uuid;
begin
  if status is null or status not in ('draft', 'open', 'full', 'closed', 'cancelled', 'completed') then
    raise exception 'Choose a status.' using errcode = 'P0001', hint = 'status';
  end if;
  if clean_slug !~ '^[a-z0-9]+(-[a-z0-9]+)*$' or length(clean_slug) not between 3 and 80 then
    raise exception 'The web address must be 3 to 80 lower-case letters, digits and single hyphens, like reflective-fostering.'
      using errcode = 'P0001', hint = 'slug';
  end if;
  if clean_slug = 'commission' then
    raise exception 'The web address “commission” is the enquiry form''s. Choose another.'
      using errcode = 'P0001', hint = 'slug';
  end if;
  if nullif(btrim(coalesce(title, '')), '') is null then
    raise exception 'Enter the course''s title.' using errcode = 'P0001', hint = 'title';
  end if;
  if jsonb_typeof(coalesce(days, '[]'::jsonb)) <> 'array' or jsonb_typeof(coalesce(tiers, '[]'::jsonb)) <> 'array' then
    raise exception 'The days and fee tiers must be lists.' using errcode = '22023';
  end if;
  if clean_postcode is not null and clean_postcode !~ '^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$' then
    raise exception 'Enter a UK postcode with its space, like N1 9JH.'
      using errcode = 'P0001', hint = 'venue_postcode';
  end if;
  if status <> 'draft' then
    if jsonb_array_length(coalesce(days, '[]'::jsonb)) = 0 then
      raise exception 'Add at least one day before publishing the course.'
        using errcode = 'P0001', hint = 'days';
    end if;
    if jsonb_array_length(coalesce(tiers, '[]'::jsonb)) = 0 then
      raise exception 'Add at least one fee tier before publishing the course.'
        using errcode = 'P0001', hint = 'tiers';
    end if;
    if not coalesce(online, false) and nullif(btrim(coalesce(venue_name, '')), '') is null then
      raise exception 'Give the venue''s name, or make the course online, before publishing it.'
        using errcode = 'P0001', hint = 'venue_name';
    end if;
    if not coalesce(online, false) and clean_postcode is null then
      raise exception 'Give the venue''s postcode, or make the course online, before publishing it.'
        using errcode = 'P0001', hint = 'venue_postcode';
    end if;
  end if;
  select * into bad from unnest(coalesce(trainers, '{}'::uuid[])) as x (id)
  where not exists (select 1 from public.profiles p where p.id = x.id
    and p.role in ('facilitator', 'clinical_lead', 'training_admin'))
  limit 1;
  if bad is not null then
    raise exception 'A trainer must be a member of staff: a facilitator, the clinical lead or a training admin.'
      using errcode = 'P0001', hint = 'trainers';
  end if;

  if course_id is not null then
    select * into old from public.courses c where c.id = course_id for update;
    if not found then
      raise exception 'There is no such course.' using errcode = 'P0002';
    end if;
    if old.status in ('cancelled', 'completed') and status <> old.status then
      raise exception 'This course is %, which is final: its status cannot change.', old.status
        using errcode = 'P0001', hint = 'status';
    end if;
    if status = 'draft' and old.status <> 'draft' and private.course_places_taken(old.id) > 0 then
      raise exception 'People have places on this course, so it cannot go back to draft. Close or cancel it instead.'
        using errcode = 'P0001', hint = 'status';
    end if;
  end if;

  begin
    if course_id is null then
      insert into public.courses (slug, title, created_by, capacity, status)
      values (clean_slug, btrim(title), who, capacity, 'draft')
      returning id into saved;
    else
      saved := course_id;
    end if;
    update public.courses c set
      slug = clean_slug, title = btrim(title), summary = coalesce(btrim(summary), ''),
      about = coalesce(about, ''), suitable_for = coalesce(suitable_for, ''), aims = coalesce(aims, ''),
      online = coalesce(online, false),
      venue_name = case when coalesce(online, false) then null else nullif(btrim(coalesce(venue_name, '')), '') end,
      venue_address = case when coalesce(online, false) then null else nullif(btrim(coalesce(venue_address, '')), '') end,
      venue_postcode = case when coalesce(online, false) then null else clean_postcode end,
      map_url = case when coalesce(online, false) then null else nullif(btrim(coalesce(map_url, '')), '') end,
      capacity = capacity, booking_opens_at = booking_opens_at, booking_closes_at = booking_closes_at,
      po_required = coalesce(po_required, false), payment_due_days = payment_due_days,
      card_hold_minutes = card_hold_minutes, waitlist_offer_hours = waitlist_offer_hours,
      transfer_fee_percent = transfer_fee_percent, late_transfer_fee_percent = late_transfer_fee_percent,
      late_notice_days = late_notice_days, refund_full_notice_days = refund_full_notice_days,
      refund_full_percent = refund_full_percent, refund_part_notice_days = refund_part_notice_days,
      refund_part_percent = refund_part_percent, updated_at = now()
    where c.id = saved;
  exception when unique_violation then
    raise exception 'Another course already uses the web address “%”. Choose another.', clean_slug
      using errcode = '23505', hint = 'slug';
  end;

  -- Days: replaced as given.
  delete from public.course_days cd where cd.course_id = saved;
  for d in select * from jsonb_array_elements(coalesce(days, '[]'::jsonb)) loop
    if (d ->> 'starts')::time >= (d ->> 'ends')::time then
      raise exception 'Each day must end after it starts (%).', d ->> 'day'
        using errcode = 'P0001', hint = 'days';
    end if;
    begin
      insert into public.course_days (course_id, day, starts, ends)
      values (saved, (d ->> 'day')::date, (d ->> 'starts')::time, (d ->> 'ends')::time);
    exception when unique_violation then
      raise exception 'The day % is listed twice.', d ->> 'day' using errcode = 'P0001', hint = 'days';
    end;
  end loop;

  -- Tiers: kept by id, added without one; a removed tier that has places is refused.
  for t, i in select e.value, e.ordinality from jsonb_array_elements(coalesce(tiers, '[]'::jsonb))
      with ordinality as e loop
    if nullif(t ->> 'id', '') is not null then
      kept := kept || (t ->> 'id')::uuid;
    end if;
  end loop;
  for gone in select ft.id, ft.name from public.course_fee_tiers ft
      where ft.course_id = saved and not (ft.id = any (kept)) loop
    if exists (select 1 from public.course_places p where p.tier_id = gone.id) then
      raise exception 'The fee tier “%” has places booked, so it cannot be removed.', gone.name
        using errcode = 'P0001', hint = 'tiers';
    end if;
    delete from public.course_fee_tiers ft where ft.id = gone.id;
  end loop;
  -- Names are unique per course: park the kept tiers' names first, so tiers can swap names.
  update public.course_fee_tiers ft set name = ft.id::text where ft.course_id = saved;
  for t, i in select e.value, e.ordinality from jsonb_array_elements(coalesce(tiers, '[]'::jsonb))
      with ordinality as e loop
    if nullif(btrim(coalesce(t ->> 'name', '')), '') is null then
      raise exception 'Give each fee tier a name.' using errcode = 'P0001', hint = 'tiers';
    end if;
    tier_id := nullif(t ->> 'id', '')::uuid;
    begin
      if tier_id is null then
        insert into public.course_fee_tiers (course_id, position, name, description, price_pence,
          vat_percent, grants_online_training)
        values (saved, i, btrim(t ->> 'name'), coalesce(btrim(t ->> 'description'), ''),
          (t ->> 'price_pence')::int, coalesce((t ->> 'vat_percent')::numeric, 20),
          coalesce((t ->> 'grants_online_training')::boolean, false));
      else
        update public.course_fee_tiers ft set position = i, name = btrim(t ->> 'name'),
          description = coalesce(btrim(t ->> 'description'), ''),
          price_pence = (t ->> 'price_pence')::int,
          vat_percent = coalesce((t ->> 'vat_percent')::numeric, 20),
          grants_online_training = coalesce((t ->> 'grants_online_training')::boolean, false)
        where ft.id = tier_id and ft.course_id = saved;
        if not found then
          raise exception 'A fee tier on the form is not one of this course''s. Reload the page.'
            using errcode = 'P0001', hint = 'tiers';
        end if;
      end if;
    exception when unique_violation then
      raise exception 'Two fee tiers are called “%”. Give each its own name.', btrim(t ->> 'name')
        using errcode = 'P0001', hint = 'tiers';
    end;
  end loop;

  delete from public.course_trainers ct where ct.course_id = saved;
  insert into public.course_trainers (course_id, trainer_id)
  select distinct saved, x from unnest(coalesce(trainers, '{}'::uuid[])) as x;

  -- The status last, so the table's own checks (venue or online) see the finished course.
  update public.courses c set status = status where c.id = saved and c.status is distinct from status;
  return jsonb_build_object('id', saved, 'slug', clean_slug);
end
$$;
comment on function public.save_course(uuid, text, text, text, text, text, text, boolean, text, text,
  text, text, int, timestamptz, timestamptz, text, boolean, jsonb, jsonb, uuid[], int, int, int,
  numeric, numeric, int, int, numeric, int, numeric) is
  'Creates or updates a course with its days, fee tiers and trainers (training admin and clinical lead), with clear refusals for publishing without days, tiers or a venue, final statuses, and tiers that have places.';
revoke execute on function public.save_course(uuid, text, text, text, text, text, text, boolean, text,
  text, text, text, int, timestamptz, timestamptz, text, boolean, jsonb, jsonb, uuid[], int, int, int,
  numeric, numeric, int, int, numeric, int, numeric) from public, anon;
grant execute on function public.save_course(uuid, text, text, text, text, text, text, boolean, text,
  text, text, text, int, timestamptz, timestamptz, text, boolean, jsonb, jsonb, uuid[], int, int, int,
  numeric, numeric, int, int, numeric, int, numeric) to authenticated;

/**
 * The course form's data: the course with its days, tiers (and how many places each has, so
 * the form says which cannot be removed) and trainers, or null for a new course; and the staff
 * who may train. Training admin and clinical lead only.
 */
create function public.course_edit_page(course_id uuid default null) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  course jsonb;
begin
  perform private.require_role('training_admin', 'clinical_lead');
  if course_id is not null then
    select jsonb_build_object(
        'id', c.id, 'slug', c.slug, 'title', c.title, 'summary', c.summary, 'about', c.about,
        'suitable_for', c.suitable_for, 'aims', c.aims, 'online', c.online,
        'venue_name', c.venue_name, 'venue_address', c.venue_address,
        'venue_postcode', c.venue_postcode, 'map_url', c.map_url, 'capacity', c.capacity,
        'booking_opens_at', c.booking_opens_at, 'booking_closes_at', c.booking_closes_at,
        'status', c.status, 'po_required', c.po_required, 'payment_due_days', c.payment_due_days,
        'card_hold_minutes', c.card_hold_minutes, 'waitlist_offer_hours', c.waitlist_offer_hours,
        'transfer_fee_percent', c.transfer_fee_percent,
        'late_transfer_fee_percent', c.late_transfer_fee_percent,
        'late_notice_days', c.late_notice_days, 'refund_full_notice_days', c.refund_full_notice_days,
        'refund_full_percent', c.refund_full_percent,
        'refund_part_notice_days', c.refund_part_notice_days,
        'refund_part_percent', c.refund_part_percent,
        'places_taken', private.course_places_taken(c.id),
        'days', coalesce((select jsonb_agg(jsonb_build_object('day', d.day,
            'starts', to_char(d.starts, 'HH24:MI'), 'ends', to_char(d.ends, 'HH24:MI')) order by d.day)
          from public.course_days d where d.course_id = c.id), '[]'::jsonb),
        'tiers', coalesce((select jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name,
            'description', t.description, 'price_pence', t.price_pence,
            'vat_percent', t.vat_percent, 'grants_online_training', t.grants_online_training,
            'places', (select count(*) from public.course_places p where p.tier_id = t.id))
            order by t.position, t.name)
          from public.course_fee_tiers t where t.course_id = c.id), '[]'::jsonb),
        'trainers', coalesce((select jsonb_agg(t.trainer_id order by t.trainer_id)
          from public.course_trainers t where t.course_id = c.id), '[]'::jsonb))
    into course
    from public.courses c where c.id = course_id;
    if course is null then
      raise exception 'There is no such course.' using errcode = 'P0002';
    end if;
  end if;
  return jsonb_build_object(
    'course', course,
    'trainer_options', coalesce((select jsonb_agg(jsonb_build_object('id', p.id,
        'full_name', p.full_name, 'role', p.role) order by p.full_name)
      from public.profiles p where p.role in ('facilitator', 'clinical_lead', 'training_admin')),
      '[]'::jsonb));
end
$$;
comment on function public.course_edit_page(uuid) is
  'The course form: a course with its days, tiers (with places booked) and trainers, or null for a new one, and the staff who may train. Training admin and clinical lead only.';
revoke execute on function public.course_edit_page(uuid) from public, anon;
grant execute on function public.course_edit_page(uuid) to authenticated;
