-- Booking a course: the public booking form (quote, book, the confirmation page), the waiting
-- list, card holds and their expiry, invitations of the booker and attendees, linking accounts,
-- and the booker's and trainee's pages.
--
--   public.course_booking_form()   what the form shows (service role: the server reads it)
--   public.quote_booking()         the total before confirming, net, VAT and gross per tier
--   public.book_course()           the booking itself (service role, rate limited per address)
--   public.course_booked()         the confirmation page, safe for whoever holds the link
--   public.join_course_waitlist()  the waiting list of a full course (service role, rate limited)
--   public.my_bookings(), public.booking_page(), public.name_attendee(), public.set_booking_po()
--                                  the booker's pages (/bookings)
--   public.my_training()           the trainee's page (/training)
--
-- The public functions are granted to the service role only: the app's server calls them with
-- the client's address, so the rate limit counts the address SvelteKit saw (the pattern of
-- public.ask_about_next_group). Nothing here is executable by anon.
--
-- Accounts: the booker is invited as `booker`, each named attendee as `trainee` (invited_by
-- null: the service invited them). An email that already has an account is never invited again
-- and its role never changes. Bookings and places are linked to the account with the email
-- when it is a course account (booker or trainee) - now, or when it is created (a trigger on
-- profiles). An email belonging to a staff member or a parent is NOT linked: linking would put a
-- stranger-typed booking into an account whose pages cannot show it anyway, and a parent's
-- account must stay a parent's account; the booking's emails still go to the address.

/** Recent public booking-form submissions per hashed client address: the rate limits. */
create table private.course_form_attempts (
  id bigint generated always as identity primary key,
  kind text not null check (kind in ('booking', 'waitlist')),
  address_key bytea not null,
  attempted_at timestamptz not null default now()
);
comment on table private.course_form_attempts is
  'One row per public course booking or waiting-list request in the last hour, by hashed client address; pruned by private.expire_course_holds.';
create index course_form_attempts_address_idx
  on private.course_form_attempts (kind, address_key, attempted_at);
alter table private.course_form_attempts enable row level security;
revoke all on private.course_form_attempts from public, anon, authenticated;

/**
 * Count one public request from a client address and refuse it (DETAIL `rate_limited`) past
 * `per_hour` in the last hour. Serialised per address, so parallel requests cannot slip past.
 */
create function private.course_form_rate_limit(kind text, client_address text, per_hour int)
returns void
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  key bytea;
begin
  if nullif(btrim(client_address), '') is null then
    raise exception 'The client address is missing.' using errcode = '22023';
  end if;
  key := private.sign_in_key('course_' || kind, private.sign_in_address(client_address));
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended(encode(key, 'hex'), 83));
  if (select count(*) from private.course_form_attempts a
      where a.kind = kind and a.address_key = key and a.attempted_at > now() - interval '1 hour')
      >= per_hour then
    raise exception 'Too many requests have come from your connection in the last hour. Please try again later, or contact us.'
      using errcode = 'P0001', detail = 'rate_limited';
  end if;
  insert into private.course_form_attempts (kind, address_key) values (kind, key);
end
$$;
comment on function private.course_form_rate_limit(text, text, int) is
  'Counts a public course form request per hashed client address and refuses it past the hourly limit (DETAIL rate_limited).';

-- private.course_places_left(course) is in 81_course_pages.sql.

/** Whether a course takes bookings now: open, inside its booking window, not started. */
create function private.course_bookable(c public.courses) returns boolean
language sql stable security definer set search_path = ''
as $$
  select c.status = 'open'
    and (c.booking_opens_at is null or c.booking_opens_at <= now())
    and (c.booking_closes_at is null or c.booking_closes_at > now())
    and coalesce(private.course_starts_at(c.id) > now(), false)
$$;
comment on function private.course_bookable(public.courses) is
  'True when a course takes bookings now: status open, inside its booking window, first day not started.';

/** A course as the booking emails and pages describe it: title, days, venue. */
create function private.course_summary(course uuid) returns jsonb
language sql stable security definer set search_path = ''
as $$
  select jsonb_build_object('id', c.id, 'slug', c.slug, 'title', c.title, 'online', c.online,
    'venue_name', c.venue_name, 'venue_address', c.venue_address,
    'venue_postcode', c.venue_postcode, 'map_url', c.map_url,
    'days', coalesce((select jsonb_agg(jsonb_build_object(
        'day', d.day, 'starts', to_char(d.starts, 'HH24:MI'), 'ends', to_char(d.ends, 'HH24:MI'),
        'starts_at', private.course_day_starts(d.day, d.starts),
        'ends_at', private.course_day_starts(d.day, d.ends)) order by d.day)
      from public.course_days d where d.course_id = c.id), '[]'::jsonb))
  from public.courses c where c.id = course
$$;
comment on function private.course_summary(uuid) is
  'A course for booking emails and pages: id, slug, title, online, venue and its days in London time.';

/** A booking's active places per tier: [{tier_id, name, count}], in the tiers' order. */
create function private.booking_tiers(booking uuid) returns jsonb
language sql stable security definer set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object('tier_id', x.id, 'name', x.name, 'count', x.n)
    order by x.position, x.name), '[]'::jsonb)
  from (select t.id, t.name, t.position, count(*)::int as n
        from public.course_places p join public.course_fee_tiers t on t.id = p.tier_id
        where p.booking_id = booking and p.status = 'active'
        group by t.id, t.name, t.position) x
$$;
comment on function private.booking_tiers(uuid) is
  'A booking''s active places counted per fee tier, in the tiers'' order.';

/**
 * The quote for some places on a course: a line per tier (count, unit price, net, VAT) and the
 * totals, with VAT rounded per line as private.issue_invoice rounds it. Refuses (P0001, hint
 * `places`) places in a tier the course does not have, counts outside 0-50, or 0 or over 50 in all.
 */
create function private.quote_places(course uuid, places jsonb) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
declare
  lines jsonb;
  total int;
begin
  if places is null or jsonb_typeof(places) <> 'array' then
    raise exception 'Choose how many places you would like.' using errcode = 'P0001', hint = 'places';
  end if;
  if exists (select 1 from jsonb_array_elements(places) e
      where jsonb_typeof(e) <> 'object' or jsonb_typeof(e -> 'count') is distinct from 'number'
        or (e ->> 'count') !~ '^[0-9]{1,3}$' or (e ->> 'tier_id') !~* '^[0-9a-f-]{36}$'
        or not exists (select 1 from public.course_fee_tiers t
          where t.id = (e ->> 'tier_id')::uuid and t.course_id = course)) then
    raise exception 'Choose a number of places for this course''s fees.'
      using errcode = 'P0001', hint = 'places';
  end if;
  select sum((e ->> 'count')::int) into total from jsonb_array_elements(places) e;
  if coalesce(total, 0) < 1 then
    raise exception 'Choose at least one place.' using errcode = 'P0001', hint = 'places';
  end if;
  if total > 50 then
    raise exception 'One booking can be for up to 50 places.' using errcode = 'P0001', hint = 'places';
  end if;
  select jsonb_agg(jsonb_build_object('tier_id', t.id, 'name', t.name, 'count', q.n,
      'unit_pence', t.price_pence, 'vat_percent', t.vat_percent,
      'net_pence', q.n * t.price_pence,
      'vat_pence', round(q.n * t.price_pence * t.vat_percent / 100)::int) order by t.position, t.name)
  into lines
  from (select (e ->> 'tier_id')::uuid as tier, sum((e ->> 'count')::int)::int as n
        from jsonb_array_elements(places) e group by 1) q
  join public.course_fee_tiers t on t.id = q.tier
  where q.n > 0;
  return jsonb_build_object('lines', lines, 'places', total,
    'net_pence', (select sum((l ->> 'net_pence')::int) from jsonb_array_elements(lines) l),
    'vat_pence', (select sum((l ->> 'vat_pence')::int) from jsonb_array_elements(lines) l),
    'total_pence', (select sum((l ->> 'net_pence')::int + (l ->> 'vat_pence')::int)
      from jsonb_array_elements(lines) l));
end
$$;
comment on function private.quote_places(uuid, jsonb) is
  'The price of some places on a course: a line per tier (net, VAT rounded per line) and totals; refuses unknown tiers and counts outside 1-50.';

/** The open waiting-list offer a token stands for on a course, or null. */
create function private.course_offer(course uuid, offer_token text) returns public.course_waitlist
language sql stable security definer set search_path = ''
as $$
  select w.* from public.course_waitlist w
  where w.course_id = course and w.status = 'offered' and w.offered_until > now()
    and nullif(offer_token, '') is not null
    and w.offer_token_hash = extensions.digest(offer_token, 'sha256')
$$;
comment on function private.course_offer(uuid, text) is
  'The open waiting-list offer on a course that a link''s token stands for (only its hash is stored), or null.';

/**
 * What the public booking form shows: the course (title, days, venue), its tiers with prices,
 * places left, whether it takes bookings now, its booking terms, and any offer the link's token
 * holds (then the form books up to the offer's places even on a full course). Only the app's
 * server calls it (service role); everything in it is what the public course page shows anyway.
 */
create function public.course_booking_form(course_slug text, offer_token text default null)
returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
declare
  c public.courses;
  offer public.course_waitlist;
begin
  perform private.require_service_role();
  select * into c from public.courses where slug = course_slug and status <> 'draft';
  if not found then
    raise exception 'There is no such course.' using errcode = 'P0002';
  end if;
  offer := private.course_offer(c.id, offer_token);
  return private.course_summary(c.id) || jsonb_build_object(
    'status', c.status,
    'bookable', private.course_bookable(c) or (offer.id is not null and c.status in ('open', 'full')
      and coalesce(private.course_starts_at(c.id) > now(), false)),
    'places_left', private.course_places_left(c.id),
    'capacity', c.capacity,
    'tiers', coalesce((select jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name,
        'description', t.description, 'price_pence', t.price_pence, 'vat_percent', t.vat_percent,
        'grants_online_training', t.grants_online_training) order by t.position, t.name)
      from public.course_fee_tiers t where t.course_id = c.id), '[]'::jsonb),
    'terms', jsonb_build_object('po_required', c.po_required,
      'payment_due_days', c.payment_due_days, 'card_hold_minutes', c.card_hold_minutes,
      'transfer_fee_percent', c.transfer_fee_percent,
      'late_transfer_fee_percent', c.late_transfer_fee_percent,
      'late_notice_days', c.late_notice_days,
      'refund_full_notice_days', c.refund_full_notice_days,
      'refund_full_percent', c.refund_full_percent,
      'refund_part_notice_days', c.refund_part_notice_days,
      'refund_part_percent', c.refund_part_percent,
      'waitlist_offer_hours', c.waitlist_offer_hours),
    'offer', case when offer.id is not null then jsonb_build_object('places', offer.places,
      'full_name', offer.full_name, 'offered_until', offer.offered_until) end);
end
$$;
comment on function public.course_booking_form(text, text) is
  'The public booking form''s course: days, venue, tiers, places left, bookable now, terms, and the offer a waiting-list link holds (service role only).';
revoke execute on function public.course_booking_form(text, text) from public, anon, authenticated;
grant execute on function public.course_booking_form(text, text) to service_role;

/** The total of some places on a bookable course, before confirming (service role only). */
create function public.quote_booking(course_slug text, places jsonb) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
declare
  c public.courses;
begin
  perform private.require_service_role();
  select * into c from public.courses where slug = course_slug and status <> 'draft';
  if not found then
    raise exception 'There is no such course.' using errcode = 'P0002';
  end if;
  return private.quote_places(c.id, places);
end
$$;
comment on function public.quote_booking(text, jsonb) is
  'The price of some places on a course before booking: a line per tier, net, VAT and total (service role only).';
revoke execute on function public.quote_booking(text, jsonb) from public, anon, authenticated;
grant execute on function public.quote_booking(text, jsonb) to service_role;

/**
 * Invite someone to a course account (role booker or trainee) unless the email already has an
 * account or an invitation; the email says which course and who booked. Returns the invitation
 * id when one was sent, else null. (private.send_invitation cannot name a course, so this queues
 * the same `invitation` message with the course in its payload.)
 */
create function private.invite_for_course(email text, full_name text, role public.app_role,
  booking uuid) returns uuid
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  clean text := lower(btrim(email));
  inv uuid;
  token text;
  b public.course_bookings;
begin
  if exists (select 1 from public.profiles p where p.email = clean)
     or exists (select 1 from auth.users u where lower(u.email) = clean)
     or exists (select 1 from public.invitations i where i.email = clean) then
    return null;
  end if;
  insert into public.invitations (email, full_name, role, invited_by)
  values (clean, btrim(full_name), role, null)
  on conflict do nothing
  returning id into inv;
  if inv is null then
    return null;
  end if;
  select * into b from public.course_bookings where id = booking;
  token := private.issue_invitation_token(inv);
  perform private.queue_message_to_email('invitation', clean, btrim(full_name), jsonb_build_object(
    'token', token,
    'expires_at', (select i.token_expires_at from public.invitations i where i.id = inv),
    'role', role,
    'invited_by', null,
    'course', private.course_summary(b.course_id) || jsonb_build_object(
      'booked_by', b.booker_name, 'organisation', nullif(b.booker_organisation, ''),
      'reference', b.reference)));
  return inv;
end
$$;
comment on function private.invite_for_course(text, text, public.app_role, uuid) is
  'Invites a booker or attendee to a course account (invited by the service) unless the email has an account or invitation; the email names the course.';

/** The course account (booker or trainee) with an email, or null: only these are linked. */
create function private.course_account(candidate text) returns uuid
language sql stable security definer set search_path = ''
as $$
  select p.id from public.profiles p
  where p.email = lower(btrim(candidate)) and p.role in ('booker', 'trainee')
$$;
comment on function private.course_account(text) is
  'The booker or trainee account with an email, or null; staff and parent accounts are never linked to bookings.';

/** What a booking's confirmation email says: course, days, venue, places per tier, payment. */
create function private.booking_summary(booking uuid) returns jsonb
language sql stable security definer set search_path = ''
as $$
  select jsonb_build_object('reference', b.reference, 'status', b.status, 'pay_by', b.pay_by,
    'po_number', b.po_number, 'held_until', b.held_until,
    'course', private.course_summary(b.course_id), 'tiers', private.booking_tiers(b.id),
    'places', (select count(*) from public.course_places p
      where p.booking_id = b.id and p.status = 'active'),
    'named', (select count(*) from public.course_places p
      where p.booking_id = b.id and p.status = 'active' and p.attendee_email is not null),
    'payment_due_days', c.payment_due_days)
  from public.course_bookings b join public.courses c on c.id = b.course_id
  where b.id = booking
$$;
comment on function private.booking_summary(uuid) is
  'A booking as its emails describe it: reference, course, days, venue, places per tier, how it is paid.';

/**
 * Queue the `booking_confirmed` email to the booker (once per booking). Invoice bookings get it
 * when they book; money's card webhook calls this once the card payment arrives.
 */
create function private.send_booking_confirmed(booking uuid) returns bigint
language sql volatile security definer set search_path = ''
as $$
  select private.queue_message_to_email('booking_confirmed', b.booker_email, b.booker_name,
    private.booking_summary(b.id), 'booking_confirmed:' || b.id)
  from public.course_bookings b where b.id = booking
$$;
comment on function private.send_booking_confirmed(uuid) is
  'Queues the booking confirmation to the booker, once per booking.';

/** A text field from a form, trimmed; null when empty. */
create function private.form_text(value text) returns text
language sql immutable set search_path = ''
as $$
  select nullif(btrim(value), '')
$$;
comment on function private.form_text(text) is 'A form''s text trimmed, null when empty.';

/** Refuse (P0001, hint = field) unless an email is shaped like one. */
create function private.require_email(value text, field text, label text) returns text
language plpgsql immutable set search_path = ''
as $$
declare
  clean text := lower(btrim(coalesce(value, '')));
begin
  if clean !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' or length(clean) > 254 then
    raise exception '%', label using errcode = 'P0001', hint = field;
  end if;
  return clean;
end
$$;
comment on function private.require_email(text, text, text) is
  'Returns an email lower-cased and trimmed, or refuses it beside the field when it is not shaped like one.';

/**
 * Book places on a course (the public form; service role only, 10 an hour per client address).
 * Places per tier [{tier_id, count}] (1-50 in all); attendees [{tier_id?, name, email, role,
 * organisation}], none up to the places, each email once; pay by invoice (PO when the course
 * requires it, else null = to follow; finance name, email and address) or by card (only when the
 * server says card payment is available). A waiting-list offer's token lets its holder book up
 * to the offered places on a full course: the offer is used in the same transaction, so its
 * places pass to the booking and are not counted twice.
 *
 * Invoice: booked, invoiced, the booker emailed. Card: held for the course's card_hold_minutes
 * (private.expire_course_holds releases it unpaid). The booker is invited as booker, each named
 * attendee as trainee (unless they have an account); course accounts are linked.
 * Refusals: P0001 with the field as hint (`course_full` when there are not enough places,
 * `course` when the course is not taking bookings), DETAIL rate_limited past the limit.
 */
create function public.book_course(course_slug text, booker_name text, booker_email text,
  booker_organisation text, places jsonb, attendees jsonb, pay_by text, po_number text,
  finance_name text, finance_email text, finance_address text, card_available boolean,
  client_address text, offer_token text default null) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  c public.courses;
  offer public.course_waitlist;
  quote jsonb;
  total int;
  left_over int;
  clean_booker text;
  clean_finance text;
  clean_po text := private.form_text(po_number);
  booking public.course_bookings;
  a jsonb;
  line jsonb;
  remaining jsonb := '{}'::jsonb;
  tier uuid;
  n int;
  emails text[] := '{}';
  clean_attendee text;
  hint text;
begin
  perform private.require_service_role();
  perform private.course_form_rate_limit('booking', client_address, 10);
  -- The course row lock: bookings of one course count their places one after another.
  select * into c from public.courses where slug = course_slug and status <> 'draft' for update;
  if not found then
    raise exception 'There is no such course.' using errcode = 'P0002';
  end if;
  offer := private.course_offer(c.id, offer_token);
  if nullif(offer_token, '') is not null and offer.id is null then
    raise exception 'This offer of a place has expired or has been used. You can join the waiting list again.'
      using errcode = 'P0001', hint = 'offer';
  end if;
  if not (private.course_bookable(c) or (offer.id is not null and c.status in ('open', 'full')
      and coalesce(private.course_starts_at(c.id) > now(), false))) then
    if c.status = 'full' then
      raise exception 'This course is full. You can join its waiting list.'
        using errcode = 'P0001', hint = 'course_full';
    end if;
    raise exception 'This course is not taking bookings.' using errcode = 'P0001', hint = 'course';
  end if;

  -- The booker.
  if private.form_text(booker_name) is null or length(btrim(booker_name)) > 120 then
    raise exception 'Give your name (up to 120 characters).' using errcode = 'P0001', hint = 'booker_name';
  end if;
  clean_booker := private.require_email(booker_email, 'booker_email', 'Give your email address, like name@example.org.');
  if length(coalesce(booker_organisation, '')) > 200 then
    raise exception 'The organisation can be up to 200 characters.' using errcode = 'P0001', hint = 'booker_organisation';
  end if;

  -- The places and their price.
  quote := private.quote_places(c.id, places);
  total := (quote ->> 'places')::int;
  if offer.id is not null and total > offer.places then
    raise exception 'Your offer is for % place%.', offer.places, case when offer.places = 1 then '' else 's' end
      using errcode = 'P0001', hint = 'places';
  end if;

  -- The attendees named now.
  if attendees is null then
    attendees := '[]'::jsonb;
  end if;
  if jsonb_typeof(attendees) <> 'array' then
    raise exception 'The attendees are not in a form we can read.' using errcode = 'P0001', hint = 'attendees';
  end if;
  if jsonb_array_length(attendees) > total then
    raise exception 'You have named more attendees than places.' using errcode = 'P0001', hint = 'attendees';
  end if;
  for line in select * from jsonb_array_elements(quote -> 'lines') loop
    remaining := remaining || jsonb_build_object(line ->> 'tier_id', (line ->> 'count')::int);
  end loop;
  for a in select * from jsonb_array_elements(attendees) loop
    if jsonb_typeof(a) <> 'object' or private.form_text(a ->> 'name') is null
        or length(btrim(a ->> 'name')) > 120 then
      raise exception 'Give each attendee''s name and email, or leave both blank to name them later.'
        using errcode = 'P0001', hint = 'attendees';
    end if;
    clean_attendee := private.require_email(a ->> 'email', 'attendees',
      'Give each attendee''s email address, like name@example.org.');
    if clean_attendee = any (emails) then
      raise exception 'Each attendee needs their own email address: % is given twice.', clean_attendee
        using errcode = 'P0001', hint = 'attendees';
    end if;
    emails := emails || clean_attendee;
    if length(coalesce(a ->> 'role', '')) > 120 or length(coalesce(a ->> 'organisation', '')) > 200 then
      raise exception 'An attendee''s role can be up to 120 characters and organisation up to 200.'
        using errcode = 'P0001', hint = 'attendees';
    end if;
    if private.form_text(a ->> 'tier_id') is not null then
      if not coalesce((remaining ->> (a ->> 'tier_id'))::int, 0) > 0 then
        raise exception 'More attendees are named for a fee than places booked at it.'
          using errcode = 'P0001', hint = 'attendees';
      end if;
      remaining := jsonb_set(remaining, array[a ->> 'tier_id'],
        to_jsonb((remaining ->> (a ->> 'tier_id'))::int - 1));
    end if;
    if exists (select 1 from public.course_places p where p.course_id = c.id
        and p.status = 'active' and p.attendee_email = clean_attendee) then
      raise exception '% already has a place on this course.', clean_attendee
        using errcode = 'P0001', hint = 'attendees';
    end if;
  end loop;

  -- How they pay.
  if pay_by = 'card' then
    if card_available is not true then
      raise exception 'Card payment is not available. Please choose to pay by invoice.'
        using errcode = 'P0001', hint = 'pay_by';
    end if;
  elsif pay_by = 'invoice' then
    if clean_po is null and c.po_required then
      raise exception 'This course needs a purchase-order number to book.' using errcode = 'P0001', hint = 'po_number';
    end if;
    if length(coalesce(clean_po, '')) > 60 then
      raise exception 'The purchase-order number can be up to 60 characters.' using errcode = 'P0001', hint = 'po_number';
    end if;
    if private.form_text(finance_name) is null or length(btrim(finance_name)) > 120 then
      raise exception 'Give the name of the person or team who pays invoices.' using errcode = 'P0001', hint = 'finance_name';
    end if;
    clean_finance := private.require_email(finance_email, 'finance_email', 'Give the email address invoices go to, like invoices@example.org.');
    if private.form_text(finance_address) is null or length(btrim(finance_address)) > 500 then
      raise exception 'Give the postal address for the invoice (up to 500 characters).' using errcode = 'P0001', hint = 'finance_address';
    end if;
  else
    raise exception 'Choose how you will pay.' using errcode = 'P0001', hint = 'pay_by';
  end if;

  -- The offer's places pass to this booking: used first, so they are not counted twice.
  if offer.id is not null then
    update public.course_waitlist set status = 'booked', offered_until = null where id = offer.id;
  end if;
  left_over := private.course_places_left(c.id);
  if left_over < total then
    raise exception '%', case when left_over = 0 then 'Sorry, this course has just filled up. You can join its waiting list.'
      else format('Only %s place%s left. Please choose fewer places.', left_over,
        case when left_over = 1 then ' is' else 's are' end) end
      using errcode = 'P0001', hint = 'course_full';
  end if;

  insert into public.course_bookings (course_id, booker_id, booker_name, booker_email,
    booker_organisation, pay_by, po_number, finance_name, finance_email, finance_address, status,
    held_until)
  values (c.id, private.course_account(clean_booker), btrim(booker_name), clean_booker,
    coalesce(btrim(booker_organisation), ''), pay_by,
    case when pay_by = 'invoice' then clean_po end,
    case when pay_by = 'invoice' then btrim(finance_name) end,
    clean_finance,
    case when pay_by = 'invoice' then btrim(finance_address) end,
    case when pay_by = 'card' then 'held' else 'booked' end,
    case when pay_by = 'card' then now() + make_interval(mins => c.card_hold_minutes) end)
  returning * into booking;

  begin
    -- Named attendees first: those given a tier in it, the rest in the first tier with room.
    for a in select * from jsonb_array_elements(attendees) loop
      tier := (select (l ->> 'tier_id')::uuid from jsonb_array_elements(quote -> 'lines') l
        where private.form_text(a ->> 'tier_id') is null
          and coalesce((remaining ->> (l ->> 'tier_id'))::int, 0) > 0
        order by (select t.position from public.course_fee_tiers t where t.id = (l ->> 'tier_id')::uuid)
        limit 1);
      if tier is not null then
        remaining := jsonb_set(remaining, array[tier::text], to_jsonb((remaining ->> tier::text)::int - 1));
      else
        tier := (a ->> 'tier_id')::uuid;
      end if;
      insert into public.course_places (booking_id, course_id, tier_id, attendee_name,
        attendee_email, attendee_role, attendee_organisation, trainee_id)
      values (booking.id, c.id, tier, btrim(a ->> 'name'), lower(btrim(a ->> 'email')),
        private.form_text(a ->> 'role'), private.form_text(a ->> 'organisation'),
        private.course_account(a ->> 'email'));
    end loop;
    -- Then the places to be named later.
    for line in select * from jsonb_array_elements(quote -> 'lines') loop
      n := (remaining ->> (line ->> 'tier_id'))::int;
      insert into public.course_places (booking_id, course_id, tier_id)
      select booking.id, c.id, (line ->> 'tier_id')::uuid from generate_series(1, n);
    end loop;
  exception
    when unique_violation then
      raise exception 'One of the attendees already has a place on this course.'
        using errcode = 'P0001', hint = 'attendees';
    when sqlstate 'P0001' then
      get stacked diagnostics hint = pg_exception_hint;
      if hint = 'course_full' then
        left_over := private.course_places_left(c.id);
        raise exception 'Only % place% left. Please choose fewer places.', left_over,
          case when left_over = 1 then ' is' else 's are' end
          using errcode = 'P0001', hint = 'course_full';
      end if;
      raise;
  end;

  -- Accounts: the booker as booker, the attendees as trainees (unless they have one).
  perform private.invite_for_course(clean_booker, booker_name, 'booker', booking.id);
  perform private.invite_for_course(p.attendee_email, p.attendee_name, 'trainee', booking.id)
  from public.course_places p where p.booking_id = booking.id and p.attendee_email is not null
  order by p.created_at, p.id;

  if pay_by = 'invoice' then
    perform private.issue_invoice(booking.id);
    -- Money's function emails the invoice to the finance contact; resolved at run time, so this
    -- works before and after it lands.
    if pg_catalog.to_regprocedure('private.send_invoice(uuid)') is not null then
      execute 'select private.send_invoice($1)' using booking.id;
    end if;
    perform private.send_booking_confirmed(booking.id);
  end if;
  return jsonb_build_object('id', booking.id, 'reference', booking.reference,
    'status', booking.status, 'slug', c.slug, 'held_until', booking.held_until);
end
$$;
comment on function public.book_course(text, text, text, text, jsonb, jsonb, text, text, text, text, text, boolean, text, text) is
  'The public booking (service role only, rate limited): places per tier, attendees now or later, invoice or card; capacity held across tiers; invites booker and attendees.';
revoke execute on function public.book_course(text, text, text, text, jsonb, jsonb, text, text, text, text, text, boolean, text, text)
  from public, anon, authenticated;
grant execute on function public.book_course(text, text, text, text, jsonb, jsonb, text, text, text, text, text, boolean, text, text)
  to service_role;

/** An email shown half hidden: k•••@example.org. */
create function private.masked_email(email text) returns text
language sql immutable set search_path = ''
as $$
  select left(email, 1) || '•••@' || split_part(email, '@', 2)
$$;
comment on function private.masked_email(text) is 'An email with all but its first letter hidden, for pages anyone with the link may see.';

/**
 * The confirmation page, for whoever has its link (course slug and reference): only what is safe
 * to show them - the course, the number of places, the reference, the state, and the booker's
 * email half hidden. Service role only.
 */
create function public.course_booked(course_slug text, reference text) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  b public.course_bookings;
begin
  perform private.require_service_role();
  select bk.* into b from public.course_bookings bk join public.courses c on c.id = bk.course_id
  where c.slug = course_slug and bk.reference = upper(btrim(reference));
  if not found then
    raise exception 'There is no such booking.' using errcode = 'P0002';
  end if;
  return jsonb_build_object('reference', b.reference, 'status', b.status, 'pay_by', b.pay_by,
    'held_until', b.held_until, 'email', private.masked_email(b.booker_email),
    'places', (select count(*) from public.course_places p
      where p.booking_id = b.id and p.status = 'active'),
    'course', private.course_summary(b.course_id) - 'id');
end
$$;
comment on function public.course_booked(text, text) is
  'The booking confirmation page (service role only): course, places, reference, state and the booker''s email half hidden.';
revoke execute on function public.course_booked(text, text) from public, anon, authenticated;
grant execute on function public.course_booked(text, text) to service_role;

/**
 * Join a full course's waiting list (the public form; service role only, 10 an hour per client
 * address). Someone already waiting with the email is left as they are, with the same answer,
 * so the form never says who is on the list. Queues `course_waitlisted` to them (once).
 */
create function public.join_course_waitlist(course_slug text, full_name text, email text,
  organisation text, places int, client_address text) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  c public.courses;
  clean text;
  entry uuid;
begin
  perform private.require_service_role();
  perform private.course_form_rate_limit('waitlist', client_address, 10);
  select * into c from public.courses where slug = course_slug and status <> 'draft' for update;
  if not found then
    raise exception 'There is no such course.' using errcode = 'P0002';
  end if;
  if c.status not in ('open', 'full') or not coalesce(private.course_starts_at(c.id) > now(), false) then
    raise exception 'This course is not taking bookings.' using errcode = 'P0001', hint = 'course';
  end if;
  if c.status = 'open' and private.course_places_left(c.id) > 0 then
    raise exception 'This course still has places: you can book one.' using errcode = 'P0001', hint = 'course';
  end if;
  if private.form_text(full_name) is null or length(btrim(full_name)) > 120 then
    raise exception 'Give your name (up to 120 characters).' using errcode = 'P0001', hint = 'full_name';
  end if;
  clean := private.require_email(email, 'email', 'Give your email address, like name@example.org.');
  if length(coalesce(organisation, '')) > 200 then
    raise exception 'The organisation can be up to 200 characters.' using errcode = 'P0001', hint = 'organisation';
  end if;
  if places is null or places not between 1 and 50 then
    raise exception 'Choose between 1 and 50 places.' using errcode = 'P0001', hint = 'places';
  end if;
  insert into public.course_waitlist (course_id, full_name, email, organisation, places)
  values (c.id, btrim(full_name), clean, coalesce(btrim(organisation), ''), places)
  on conflict do nothing
  returning id into entry;
  if entry is not null then
    perform private.queue_message_to_email('course_waitlisted', clean, btrim(full_name),
      jsonb_build_object('course', private.course_summary(c.id), 'places', places,
        'offer_hours', c.waitlist_offer_hours), 'course_waitlisted:' || entry);
  end if;
  return jsonb_build_object('received', true);
end
$$;
comment on function public.join_course_waitlist(text, text, text, text, int, text) is
  'Joins a full course''s waiting list (service role only, rate limited; silent about who is already on it); emails a confirmation.';
revoke execute on function public.join_course_waitlist(text, text, text, text, int, text)
  from public, anon, authenticated;
grant execute on function public.join_course_waitlist(text, text, text, text, int, text) to service_role;

/**
 * Hold released unpaid card bookings and lapsed offers, then offer the freed places: held
 * bookings past held_until become expired (their places cancelled), open offers past
 * offered_until expire, and each course with waiting entries is offered its free places. Also
 * forgets public form requests older than the rate limits' hour. Returns the counts.
 */
create function private.expire_course_holds() returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  holds int := 0;
  offers int := 0;
  offered int := 0;
  n int;
  course uuid;
begin
  for course in
    select distinct x.course_id from (
      select b.course_id from public.course_bookings b
      where b.status = 'held' and b.held_until <= now()
      union
      select w.course_id from public.course_waitlist w
      where (w.status = 'offered' and w.offered_until <= now()) or w.status = 'waiting') x
    order by 1
  loop
    -- The course first, as every booking writer locks it.
    perform 1 from public.courses where id = course for update;
    update public.course_places p set status = 'cancelled'
    from public.course_bookings b
    where p.booking_id = b.id and b.course_id = course and b.status = 'held'
      and b.held_until <= now() and p.status = 'active';
    update public.course_bookings set status = 'expired', held_until = null, cancelled_at = now(),
      cancel_reason = 'The card payment was not completed in time.'
    where course_id = course and status = 'held' and held_until <= now();
    get diagnostics n = row_count;
    holds := holds + n;
    update public.course_waitlist set status = 'expired', offered_until = null
    where course_id = course and status = 'offered' and offered_until <= now();
    get diagnostics n = row_count;
    offers := offers + n;
    offered := offered + private.offer_freed_course_places(course);
  end loop;
  delete from private.course_form_attempts where attempted_at <= now() - interval '1 hour';
  return jsonb_build_object('holds_expired', holds, 'offers_expired', offers,
    'places_offered', offered);
end
$$;
comment on function private.expire_course_holds() is
  'Expires unpaid card holds and lapsed waiting-list offers, offers the freed places in order, prunes old form requests; returns counts.';
revoke execute on function private.expire_course_holds() from public, anon, authenticated;

-- Accounts created later: link the bookings and places that carry the new account's email.

/** Trigger on profiles: a new booker or trainee account takes over its email's bookings and places. */
create function private.link_course_account() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if new.role in ('booker', 'trainee') then
    update public.course_bookings set booker_id = new.id
    where booker_email = lower(new.email) and booker_id is null;
    update public.course_places set trainee_id = new.id
    where attendee_email = lower(new.email) and trainee_id is null;
  end if;
  return null;
end
$$;
comment on function private.link_course_account() is
  'Trigger: a new booker or trainee account is linked to the bookings it made and the places it holds, by email.';
create trigger profiles_link_course_account after insert on public.profiles
  for each row execute function private.link_course_account();

-- The booker's pages.

/** A booking's payment state in plain words, from its status, how it is paid and its money's state. */
create function private.money_words(booking_status text, pay_by text, money_state text) returns text
language sql immutable set search_path = ''
as $$
  select case
    when booking_status = 'held' then 'Waiting for your card payment'
    when money_state = 'paid' then 'Paid'
    when money_state = 'part paid' then 'Part paid'
    when money_state = 'refunded' then 'Refunded'
    when money_state = 'cancelled' then 'Cancelled'
    when pay_by = 'invoice' then 'Invoice awaiting payment'
    else 'Awaiting payment' end
$$;
comment on function private.money_words(text, text, text) is
  'A booking''s payment state in plain words (paid, part paid, invoice awaiting payment, ...) from its status, pay_by and private.booking_money''s state.';

/** A booking's payment state in plain words (private.money_words of private.booking_money). */
create function private.payment_words(booking uuid) returns text
language plpgsql stable security definer set search_path = ''
as $$
declare
  b public.course_bookings;
begin
  -- plpgsql, not sql: private.booking_money is defined after this file (84_course_invoices.sql).
  select * into b from public.course_bookings where id = booking;
  return private.money_words(b.status, b.pay_by, private.booking_money(booking) ->> 'state');
end
$$;
comment on function private.payment_words(uuid) is
  'A booking''s payment state in plain words (paid, part paid, invoice awaiting payment, ...).';

/**
 * The signed-in person's bookings, 20 a page, the latest course first: /bookings. An employer
 * books teams over years, so the list is searched by booking reference, course title or the
 * name or email of someone on a place. Only the caller's own bookings are ever read.
 */
create function public.my_bookings(search text default null, page int default 1) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_role('booker', 'trainee');
  pattern text := private.search_pattern(search);
  size constant int := 20;
  result jsonb;
begin
  -- One pass for the page, not a rule function a booking or a place: each booking's money from
  -- private.bookings_money, its course's start from the grouped days, and the online training
  -- asked only of the places whose tier includes it (a booker of a team at national scale waited
  -- 200 ms when every place asked private.place_online_status, and with it the money again).
  with matching as (
    select b.*, (s.first + s.starts) at time zone 'Europe/London' as starts
    from public.course_bookings b
    left join lateral (select d.day as first, d.starts from public.course_days d
      where d.course_id = b.course_id order by d.day, d.starts limit 1) s on true
    where b.booker_id = who
      and (pattern is null or b.reference ilike pattern
        or exists (select 1 from public.courses c where c.id = b.course_id and c.title ilike pattern)
        or exists (select 1 from public.course_places p where p.booking_id = b.id
          and (p.attendee_name ilike pattern or p.attendee_email ilike pattern)))
  ),
  total as (select count(*) as n from matching),
  win as (select w.page, w.skip from total, private.page_window(my_bookings.page, total.n, size) w),
  rows as (
    select m.* from matching m
    order by m.starts desc nulls last, m.created_at desc, m.id
    limit size offset (select skip from win)
  ),
  money as (select * from private.bookings_money(array(select r.id from rows r))),
  places as (
    select p.booking_id, count(*) as active,
      count(*) filter (where p.attendee_email is not null) as named,
      -- The places whose tier includes the online training (online_access's "included"), and
      -- of those, how many have finished it.
      count(*) filter (where t.grants_online_training and c.online_training_id is not null)
        as online,
      count(*) filter (where t.grants_online_training and c.online_training_id is not null
        and p.trainee_id is not null and coalesce((private.online_progress_summary(p.trainee_id,
          c.online_training_id) ->> 'complete')::boolean, false)) as finished
    from public.course_places p
    join public.course_fee_tiers t on t.id = p.tier_id
    join public.courses c on c.id = p.course_id
    where p.booking_id in (select r.id from rows r) and p.status = 'active'
    group by p.booking_id
  )
  select jsonb_build_object(
    'paging', private.paging_json((select win.page from win), size, (select n from total)),
    'bookings', (select coalesce(jsonb_agg(jsonb_build_object('id', b.id, 'reference', b.reference,
        'status', b.status, 'pay_by', b.pay_by, 'course', private.course_summary(b.course_id) - 'id',
        'places', coalesce(pl.active, 0),
        'named', coalesce(pl.named, 0),
        'payment', private.money_words(b.status, b.pay_by, m.money ->> 'state'),
        'overdue', coalesce((m.money ->> 'overdue')::boolean, false),
        'due_on', m.money ->> 'due_on',
        'online_training', case when coalesce(pl.online, 0) = 0 then null
          else jsonb_build_object('places', pl.online, 'finished', pl.finished) end)
      order by b.starts desc nulls last, b.created_at desc, b.id), '[]'::jsonb)
      from rows b
      left join money m on m.booking_id = b.id
      left join places pl on pl.booking_id = b.id))
  into result;
  return result;
end
$$;
comment on function public.my_bookings(text, int) is
  'The signed-in booker''s bookings, 20 a page, searched by reference, course or attendee: course, dates, places, how many named, payment state in plain words, overdue, and how many have finished the online training.';
revoke execute on function public.my_bookings(text, int) from public, anon;
grant execute on function public.my_bookings(text, int) to authenticated;

/** One of the signed-in person's bookings with its places and attendees: /bookings/[id]. */
create function public.booking_page(booking_id uuid) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_role('booker', 'trainee');
  b public.course_bookings;
  m jsonb;
begin
  select * into b from public.course_bookings bk where bk.id = booking_id and bk.booker_id = who;
  if not found then
    raise exception 'There is no such booking.' using errcode = 'P0002';
  end if;
  m := private.booking_money(b.id);
  return jsonb_build_object('id', b.id, 'reference', b.reference, 'status', b.status,
    'pay_by', b.pay_by, 'po_number', b.po_number, 'held_until', b.held_until,
    'booker_organisation', b.booker_organisation,
    'finance_name', b.finance_name, 'finance_email', b.finance_email,
    'course', private.course_summary(b.course_id) - 'id',
    'payment', private.payment_words(b.id),
    'money', jsonb_build_object('due_pence', (m ->> 'due_pence')::int,
      'balance_pence', (m ->> 'balance_pence')::int, 'due_on', m ->> 'due_on',
      'overdue', coalesce((m ->> 'overdue')::boolean, false)),
    'has_invoice', exists (select 1 from public.invoices i where i.booking_id = b.id),
    'places', coalesce((select jsonb_agg(jsonb_build_object('id', p.id, 'tier', t.name,
        'status', p.status, 'name', p.attendee_name, 'email', p.attendee_email,
        'role', p.attendee_role, 'organisation', p.attendee_organisation,
        'has_account', p.trainee_id is not null or exists (
          select 1 from auth.users u where lower(u.email) = p.attendee_email
            and u.email_confirmed_at is not null),
        -- The attendee's progress, not what they watched when.
        'online_training', private.place_online_status(p.id) - 'request')
        order by t.position, p.attendee_name nulls last,
        p.created_at, p.id)
      from public.course_places p join public.course_fee_tiers t on t.id = p.tier_id
      where p.booking_id = b.id and p.status = 'active'), '[]'::jsonb));
end
$$;
comment on function public.booking_page(uuid) is
  'One of the signed-in booker''s bookings: course, payment state, PO, and its places with their attendees and their online-training progress.';
revoke execute on function public.booking_page(uuid) from public, anon;
grant execute on function public.booking_page(uuid) to authenticated;

/**
 * Name the attendee of one of the signed-in booker's places, or correct one who has not set up
 * their account: the new attendee is invited as a trainee. A corrected attendee's unused
 * invitation is withdrawn when nothing else of theirs needs it (its link stops working).
 */
create function public.name_attendee(place_id uuid, name text, email text, role text,
  organisation text) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_role('booker', 'trainee');
  p public.course_places;
  clean text;
  old_email text;
begin
  select cp.* into p from public.course_places cp
  join public.course_bookings b on b.id = cp.booking_id
  where cp.id = place_id and b.booker_id = who and cp.status = 'active';
  if not found then
    raise exception 'There is no such place.' using errcode = 'P0002';
  end if;
  -- The course first, as every booking writer locks it; then the place.
  perform 1 from public.courses c where c.id = p.course_id for update;
  select * into p from public.course_places cp where cp.id = place_id for update;
  if p.trainee_id is not null then
    raise exception 'This attendee has set up their account, so their place cannot be given to someone else here.'
      using errcode = 'P0001', hint = 'email';
  end if;
  if private.form_text(name) is null or length(btrim(name)) > 120 then
    raise exception 'Give the attendee''s name (up to 120 characters).' using errcode = 'P0001', hint = 'name';
  end if;
  clean := private.require_email(email, 'email', 'Give the attendee''s email address, like name@example.org.');
  if length(coalesce(role, '')) > 120 then
    raise exception 'The role can be up to 120 characters.' using errcode = 'P0001', hint = 'role';
  end if;
  if length(coalesce(organisation, '')) > 200 then
    raise exception 'The organisation can be up to 200 characters.' using errcode = 'P0001', hint = 'organisation';
  end if;
  if exists (select 1 from public.course_places x where x.course_id = p.course_id
      and x.status = 'active' and x.attendee_email = clean and x.id <> p.id) then
    raise exception '% already has a place on this course.', clean using errcode = 'P0001', hint = 'email';
  end if;
  old_email := p.attendee_email;
  update public.course_places set attendee_name = btrim(name), attendee_email = clean,
    attendee_role = private.form_text(role), attendee_organisation = private.form_text(organisation),
    trainee_id = private.course_account(clean)
  where id = p.id;
  if old_email is not null and old_email <> clean then
    delete from public.invitations i
    where i.email = old_email and i.invited_by is null and i.role = 'trainee' and i.accepted_at is null
      and not private.email_is_registered(old_email)
      and not exists (select 1 from public.course_places x where x.attendee_email = old_email
        and x.status = 'active')
      and not exists (select 1 from public.course_bookings b where b.booker_email = old_email);
  end if;
  perform private.invite_for_course(clean, name, 'trainee', p.booking_id);
  return jsonb_build_object('id', p.id, 'email', clean);
end
$$;
comment on function public.name_attendee(uuid, text, text, text, text) is
  'Names (or corrects, before their account exists) the attendee of one of the booker''s places, and invites them as a trainee.';
revoke execute on function public.name_attendee(uuid, text, text, text, text) from public, anon;
grant execute on function public.name_attendee(uuid, text, text, text, text) to authenticated;

/** Give the purchase-order number of one of the booker's invoice bookings, when it was "to follow". */
create function public.set_booking_po(booking_id uuid, po_number text) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_role('booker', 'trainee');
  b public.course_bookings;
  clean text := private.form_text(po_number);
begin
  select * into b from public.course_bookings bk where bk.id = booking_id and bk.booker_id = who
  for update;
  if not found then
    raise exception 'There is no such booking.' using errcode = 'P0002';
  end if;
  if b.pay_by <> 'invoice' or b.status <> 'booked' then
    raise exception 'Only a booked invoice booking has a purchase-order number.' using errcode = 'P0001', hint = 'po_number';
  end if;
  if b.po_number is not null then
    raise exception 'This booking has its purchase-order number already. To change it, contact us.'
      using errcode = 'P0001', hint = 'po_number';
  end if;
  if clean is null or length(clean) > 60 then
    raise exception 'Give the purchase-order number (up to 60 characters).' using errcode = 'P0001', hint = 'po_number';
  end if;
  update public.course_bookings set po_number = clean where id = b.id;
  update public.invoices set po_number = clean where invoices.booking_id = b.id;
  return jsonb_build_object('id', b.id, 'po_number', clean);
end
$$;
comment on function public.set_booking_po(uuid, text) is
  'Adds the purchase-order number to one of the booker''s invoice bookings (and its invoice) when it was "to follow".';
revoke execute on function public.set_booking_po(uuid, text) from public, anon;
grant execute on function public.set_booking_po(uuid, text) to authenticated;

-- The trainee's page.

/**
 * The signed-in person's own places: /training. Whether each is paid for, in plain words, but
 * never the money or the booker's finance details.
 */
create function public.my_training() returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
declare
  who uuid := private.require_role('trainee', 'booker');
begin
  return jsonb_build_object('places', coalesce((
    select jsonb_agg(jsonb_build_object('id', p.id, 'tier', t.name,
        'grants_online_training', t.grants_online_training,
        'course', private.course_summary(p.course_id) - 'id',
        'booked_by', case when b.booker_id = who then null else b.booker_name end,
        'organisation', nullif(b.booker_organisation, ''),
        'held', b.status = 'held',
        'paid', case
          when b.status = 'held' then 'Waiting for the card payment'
          when private.booking_money(b.id) ->> 'state' = 'paid' then 'Paid'
          when b.booker_id = who then 'Awaiting payment'
          else 'Your employer''s invoice is awaiting payment' end,
        -- Where the place stands with the online training (89_online_progress.sql); the page
        -- words it.
        'online_training', private.place_online_status(p.id),
        -- The live attendance certificate's code, once issued (91_course_days.sql).
        'certificate', (select c.code from public.course_certificates c
          where c.place_id = p.id and c.withdrawn_at is null))
      order by private.course_starts_at(p.course_id), p.created_at)
    from public.course_places p
    join public.course_bookings b on b.id = p.booking_id
    join public.course_fee_tiers t on t.id = p.tier_id
    where p.trainee_id = who and p.status = 'active' and b.status in ('held', 'booked')), '[]'::jsonb));
end
$$;
comment on function public.my_training() is
  'The signed-in trainee''s own places: course, days, venue, tier, whether the place is paid for in plain words (no amounts), where it stands with the online training, and its certificate''s code once issued.';
revoke execute on function public.my_training() from public, anon;
grant execute on function public.my_training() to authenticated;
