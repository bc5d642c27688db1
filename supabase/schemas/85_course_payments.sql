-- Course money for the training admin (issue 14 points 4 and 7): the admin's pages (courses,
-- a course's bookings, one booking), bank-transfer payments and refunds, the invoice as a page
-- (for its booker, the training staff, and anyone holding the link emailed to the finance
-- contact), overdue reminders, card payments from Stripe's webhook, bank-statement matching and
-- the revenue report.
--
-- Invoices, payments and the payment state are in 84_course_invoices.sql; this file only reads
-- them through private.booking_money and writes payments through one checked path
-- (private.add_booking_payment), so an overpayment or a refund beyond what was paid is refused
-- however the money arrives (the admin's form, a bank statement, or Stripe).

/** Raises 42501 unless the caller runs the training (training admin or clinical lead). */
create function private.require_training_staff() returns uuid
language plpgsql stable security definer set search_path = ''
as $$
begin
  if not private.manages_training() then
    raise exception 'You do not have permission to do that.' using errcode = '42501';
  end if;
  return (select auth.uid());
end
$$;
comment on function private.require_training_staff() is
  'Raises 42501 unless the training admin or the clinical lead is signed in; returns their id.';

/** Pence as people read money: £1,234.50. */
create function private.pounds(pence bigint) returns text
language sql immutable set search_path = ''
as $$
  select case when pence < 0 then '-' else '' end || '£'
    || to_char(abs(pence) / 100.0, 'FM999,999,999,990.00')
$$;
comment on function private.pounds(bigint) is 'Pence as pounds for messages: £1,234.50.';

/** An invoice's number as printed: INV-000042. */
create function private.invoice_label(number int) returns text
language sql immutable set search_path = ''
as $$
  select 'INV-' || lpad(number::text, 6, '0')
$$;
comment on function private.invoice_label(int) is 'An invoice number as printed and quoted on transfers: INV-000042.';

/** A course's days, in order, as the pages show them. */
create function private.course_days_json(course uuid) returns jsonb
language sql stable set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object('day', d.day, 'starts', to_char(d.starts, 'HH24:MI'),
      'ends', to_char(d.ends, 'HH24:MI')) order by d.day), '[]')
  from public.course_days d where d.course_id = course
$$;
comment on function private.course_days_json(uuid) is 'A course''s days (date, London start and end times) as a jsonb array.';

-- Payments and refunds -----------------------------------------------------------------------

/**
 * The one way money is recorded against a booking: locks the booking, refuses a payment above
 * the balance or a refund above what is paid in, and inserts the row (audited by the trigger on
 * booking_payments). Returns the payment's id.
 */
create function private.add_booking_payment(booking uuid, kind text, method text, amount int,
  received date, ref text, note text, stripe_id text, recorded_by uuid) returns uuid
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  b public.course_bookings;
  m jsonb;
  held int;
  paid_id uuid;
begin
  select * into b from public.course_bookings x where x.id = booking for update;
  if b.id is null then
    raise exception 'There is no such booking.' using errcode = 'P0002';
  end if;
  if amount is null or amount < 1 then
    raise exception 'Give an amount of at least 1p.' using errcode = 'P0001', hint = 'amount';
  end if;
  if received is null or received > (now() at time zone 'Europe/London')::date then
    raise exception 'The date cannot be in the future.' using errcode = 'P0001', hint = 'received_on';
  end if;
  if received < (now() at time zone 'Europe/London')::date - 3650 then
    raise exception 'The date is more than ten years ago.' using errcode = 'P0001', hint = 'received_on';
  end if;
  m := private.booking_money(booking);
  held := (m ->> 'paid_pence')::int - (m ->> 'refunded_pence')::int;
  if kind = 'payment' and method <> 'card' and amount > (m ->> 'balance_pence')::int then
    raise exception '% is more than the % still owed on this booking.', private.pounds(amount),
      private.pounds(greatest((m ->> 'balance_pence')::int, 0))
      using errcode = 'P0001', hint = 'amount', detail = 'overpayment';
  end if;
  if kind = 'refund' and amount > held then
    raise exception '% is more than the % paid in (less refunds) on this booking.',
      private.pounds(amount), private.pounds(held)
      using errcode = 'P0001', hint = 'amount', detail = 'refund_exceeds_paid';
  end if;
  insert into public.booking_payments (booking_id, kind, method, amount_pence, received_on,
    reference, stripe_id, recorded_by, note)
  values (booking, kind, method, amount, received, nullif(btrim(ref), ''), stripe_id,
    recorded_by, nullif(btrim(note), ''))
  returning id into paid_id;
  return paid_id;
end
$$;
comment on function private.add_booking_payment(uuid, text, text, int, date, text, text, text, uuid) is
  'Records a payment or refund against a booking under its row lock; refuses an overpayment (bank) or a refund above what was paid in.';

/**
 * The training staff record a bank transfer received for a booking, in full or in part:
 * amount in pence, the date it arrived and the bank's reference. More than the balance is
 * refused. Returns the payment's id and the booking's payment state after it.
 */
create function public.record_booking_payment(booking_id uuid, amount_pence int, received_on date,
  reference text) returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
  me uuid := private.require_training_staff();
  b public.course_bookings;
  paid uuid;
begin
  select * into b from public.course_bookings x where x.id = record_booking_payment.booking_id;
  if b.id is null then
    raise exception 'There is no such booking.' using errcode = 'P0002';
  end if;
  if b.status = 'held' then
    raise exception 'This booking is waiting for a card payment; it cannot take a bank transfer until it is booked.'
      using errcode = 'P0001';
  end if;
  if length(btrim(coalesce(reference, ''))) = 0 then
    raise exception 'Give the bank''s reference for the transfer.' using errcode = 'P0001', hint = 'reference';
  end if;
  if b.status = 'booked' then
    perform private.issue_invoice(b.id);
  end if;
  paid := private.add_booking_payment(b.id, 'payment', 'bank_transfer', amount_pence, received_on,
    reference, null, null, me);
  return jsonb_build_object('id', paid, 'state', private.booking_money(b.id) ->> 'state');
end
$$;
comment on function public.record_booking_payment(uuid, int, date, text) is
  'Training staff: records a bank transfer for a booking (full or part); refuses more than the balance.';
grant execute on function public.record_booking_payment(uuid, int, date, text) to authenticated;

/**
 * The training staff record a refund paid out for a booking: amount, date, reference and why.
 * More than was paid in (less earlier refunds) is refused.
 */
create function public.record_booking_refund(booking_id uuid, amount_pence int, refunded_on date,
  reference text, reason text) returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
  me uuid := private.require_training_staff();
  paid uuid;
begin
  if not exists (select 1 from public.course_bookings x where x.id = record_booking_refund.booking_id) then
    raise exception 'There is no such booking.' using errcode = 'P0002';
  end if;
  if length(btrim(coalesce(reason, ''))) = 0 then
    raise exception 'Say why the money is refunded.' using errcode = 'P0001', hint = 'reason';
  end if;
  paid := private.add_booking_payment(record_booking_refund.booking_id, 'refund', 'bank_transfer',
    amount_pence, refunded_on, reference, reason, null, me);
  return jsonb_build_object('id', paid,
    'state', private.booking_money(record_booking_refund.booking_id) ->> 'state');
end
$$;
comment on function public.record_booking_refund(uuid, int, date, text, text) is
  'Training staff: records a refund paid out for a booking; refuses more than was paid in.';
grant execute on function public.record_booking_refund(uuid, int, date, text, text) to authenticated;

-- The admin's pages --------------------------------------------------------------------------

/**
 * The training admin's home: the courses, 25 a page, as two lists, upcoming (soonest first) and
 * past (latest first), with how many courses each has; searched by title, address name (slug),
 * venue or postcode, and narrowed by status and by online or in person. Each row has its dates,
 * status, capacity, places taken and left, bookings, and the money of its live bookings by
 * payment state (how many, and how much: paid in, or still owed). A course with no days yet is
 * upcoming. Courses are a few hundred at most, so the search scans (no trigram index).
 */
create function public.admin_courses_page(
  list text default 'upcoming', course_status text default null, format text default null,
  search text default null, page int default 1
) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  pattern text := private.search_pattern(search);
  size constant int := 25;
  shown text := case when list = 'past' then 'past' else 'upcoming' end;
  result jsonb;
begin
  perform private.require_training_staff();
  with matching as (
    -- Each course's first start from one pass over the days (course_starts_at's rule), not a
    -- call per course.
    select c.*, s.starts, coalesce(s.starts >= now() - interval '1 day', true) as upcoming
    from public.courses c
    left join (select d.course_id, min(private.course_day_starts(d.day, d.starts)) as starts
      from public.course_days d group by d.course_id) s on s.course_id = c.id
    where (course_status is null or c.status = course_status)
      and (format is null or c.online = (format = 'online'))
      and (pattern is null or c.title ilike pattern or c.slug ilike pattern
        or c.venue_name ilike pattern or c.venue_postcode ilike pattern)
  ),
  counts as (select count(*) filter (where m.upcoming) as upcoming,
    count(*) filter (where not m.upcoming) as past from matching m),
  total as (select case shown when 'upcoming' then c.upcoming else c.past end as n from counts c),
  win as (select w.page, w.skip from total,
    private.page_window(admin_courses_page.page, total.n, size) w),
  rows as (
    select m.* from matching m where m.upcoming = (shown = 'upcoming')
    order by case when shown = 'upcoming' then m.starts end asc,
      case when shown = 'past' then m.starts end desc, m.title, m.id
    limit size offset (select skip from win)
  ),
  money as (select * from private.courses_money(array(select r.id from rows r)))
  select jsonb_build_object(
    'list', shown,
    'counts', (select jsonb_build_object('upcoming', c.upcoming, 'past', c.past) from counts c),
    'paging', private.paging_json((select win.page from win), size, (select n from total)),
    'courses', (select coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'slug', c.slug,
        'title', c.title, 'status', c.status, 'online', c.online, 'venue_name', c.venue_name,
        'days', private.course_days_json(c.id), 'starts_at', c.starts, 'upcoming', c.upcoming,
        'capacity', c.capacity, 'taken', private.course_places_taken(c.id),
        'left', greatest(c.capacity - private.course_places_taken(c.id), 0),
        'bookings', (select count(*) from public.course_bookings b
                      where b.course_id = c.id and b.status in ('held', 'booked')),
        'money', cm.money)
      order by case when shown = 'upcoming' then c.starts end asc,
        case when shown = 'past' then c.starts end desc, c.title, c.id), '[]')
      from rows c left join money cm on cm.course_id = c.id))
  into result;
  return result;
end
$$;
comment on function public.admin_courses_page(text, text, text, text, int) is
  'Training staff: the upcoming or past courses, 25 a page, searched and filtered by status and format, each with dates, status, places taken and left, bookings and money by payment state.';
revoke execute on function public.admin_courses_page(text, text, text, text, int) from public, anon;
grant execute on function public.admin_courses_page(text, text, text, text, int) to authenticated;

/**
 * Courses' money by payment state, each a count and pence (paid in for paid; owed for the
 * rest): every booked booking's money from one pass (private.bookings_money, not booking_money
 * per booking: a page of the course list at national scale has hundreds).
 */
create function private.courses_money(courses uuid[]) returns table (course_id uuid, money jsonb)
language plpgsql stable security definer set search_path = ''
as $$
-- PL/pgSQL, so its query is planned once a session.
#variable_conflict use_column
begin
  return query
  with m as (
    select b.course_id, bm.money as m
    from private.bookings_money(array(select b.id from public.course_bookings b
      where b.course_id = any(courses) and b.status = 'booked')) bm
    join public.course_bookings b on b.id = bm.booking_id),
  s as (
    select m.course_id, m ->> 'state' as state, (m ->> 'overdue')::boolean as overdue,
      (m ->> 'paid_pence')::int - (m ->> 'refunded_pence')::int as held,
      greatest((m ->> 'balance_pence')::int, 0) as owed
    from m)
  select k.id, jsonb_build_object(
    'paid', jsonb_build_object('count', count(*) filter (where s.state = 'paid'),
      'pence', coalesce(sum(s.held) filter (where s.state = 'paid'), 0)),
    'awaiting', jsonb_build_object('count', count(*) filter (where s.state = 'awaiting payment'),
      'pence', coalesce(sum(s.owed) filter (where s.state = 'awaiting payment'), 0)),
    'part_paid', jsonb_build_object('count', count(*) filter (where s.state = 'part paid'),
      'pence', coalesce(sum(s.owed) filter (where s.state = 'part paid'), 0)),
    'overdue', jsonb_build_object('count', count(*) filter (where s.overdue),
      'pence', coalesce(sum(s.owed) filter (where s.overdue), 0)))
  from unnest(courses) k(id)
  left join s on s.course_id = k.id
  group by k.id;
end
$$;
comment on function private.courses_money(uuid[]) is
  'Each course''s booked money by state: paid (paid in), awaiting, part paid and overdue (still owed), each a count and pence.';

/** One course's money (private.courses_money). */
create function private.course_money(course uuid) returns jsonb
language sql stable security definer set search_path = ''
as $$
  select m.money from private.courses_money(array[course]) m
$$;
comment on function private.course_money(uuid) is
  'A course''s booked money by state: paid (paid in), awaiting, part paid and overdue (still owed), each a count and pence.';

/** One booking's row on the admin's course page. */
create function private.admin_booking_row(b public.course_bookings) returns jsonb
language sql stable security definer set search_path = ''
as $$
  select jsonb_build_object('id', b.id, 'reference', b.reference, 'booker_name', b.booker_name,
    'booker_email', b.booker_email, 'organisation', b.booker_organisation, 'pay_by', b.pay_by,
    'po_number', b.po_number, 'status', b.status, 'created_at', b.created_at,
    'places', (select coalesce(jsonb_agg(jsonb_build_object('tier', t.tier, 'count', t.n)
        order by t.position), '[]')
      from (select ft.name as tier, ft.position, count(*) as n from public.course_places p
            join public.course_fee_tiers ft on ft.id = p.tier_id
            where p.booking_id = b.id and p.status = 'active' group by ft.id, ft.name, ft.position) t),
    'named', (select count(*) from public.course_places p
              where p.booking_id = b.id and p.status = 'active' and p.attendee_email is not null),
    'unnamed', (select count(*) from public.course_places p
                where p.booking_id = b.id and p.status = 'active' and p.attendee_email is null),
    'invoice_number', (select private.invoice_label(i.number) from public.invoices i where i.booking_id = b.id),
    'money', private.booking_money(b.id),
    -- Money paid in on a booking that is no longer live (a card payment after its hold
    -- expired, say): the admin decides whether to refund it or find the places.
    'needs_attention', b.status in ('cancelled', 'expired') and exists (
      select 1 from public.booking_payments bp where bp.booking_id = b.id and bp.kind = 'payment')
      and (private.booking_money(b.id) ->> 'state') <> 'refunded')
$$;
comment on function private.admin_booking_row(public.course_bookings) is
  'A booking as the admin''s course page lists it: who, places per tier, named or not, PO, state and money.';

/** A course's bookings for the training staff: who booked, places, PO, state, due date, balance. */
create function public.admin_course_page(course_id uuid) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
declare
  c public.courses;
begin
  perform private.require_training_staff();
  select * into c from public.courses x where x.id = admin_course_page.course_id;
  if c.id is null then
    raise exception 'There is no such course.' using errcode = 'P0002';
  end if;
  return jsonb_build_object(
    'course', jsonb_build_object('id', c.id, 'slug', c.slug, 'title', c.title, 'status', c.status,
      'days', private.course_days_json(c.id), 'capacity', c.capacity,
      'taken', private.course_places_taken(c.id),
      'left', greatest(c.capacity - private.course_places_taken(c.id), 0),
      'money', private.course_money(c.id)),
    -- The online training version it uses and the choices (90_online_admin.sql).
    'online', private.course_online_training_json(c.id),
    'bookings', coalesce((select jsonb_agg(private.admin_booking_row(b)
        order by b.status = 'booked' desc, b.created_at)
      from public.course_bookings b where b.course_id = c.id), '[]'));
end
$$;
comment on function public.admin_course_page(uuid) is
  'Training staff: a course and its bookings (reference, booker, places per tier, PO, state, due date, overdue, balance) and its online training version.';
grant execute on function public.admin_course_page(uuid) to authenticated;

/** One booking for the training staff: its places and attendees, invoice, payments and refunds. */
create function public.admin_booking_page(booking_id uuid) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
declare
  b public.course_bookings;
  c public.courses;
begin
  perform private.require_training_staff();
  select * into b from public.course_bookings x where x.id = admin_booking_page.booking_id;
  if b.id is null then
    raise exception 'There is no such booking.' using errcode = 'P0002';
  end if;
  select * into c from public.courses x where x.id = b.course_id;
  return jsonb_build_object(
    'booking', private.admin_booking_row(b) || jsonb_build_object(
      'finance_name', b.finance_name, 'finance_email', b.finance_email,
      'finance_address', b.finance_address, 'held_until', b.held_until,
      'cancelled_at', b.cancelled_at, 'cancel_reason', b.cancel_reason),
    'course', jsonb_build_object('id', c.id, 'slug', c.slug, 'title', c.title,
      'days', private.course_days_json(c.id)),
    'places', coalesce((select jsonb_agg(jsonb_build_object('id', p.id, 'tier', t.name,
        'status', p.status, 'attendee_name', p.attendee_name, 'attendee_email', p.attendee_email,
        'attendee_role', p.attendee_role, 'attendee_organisation', p.attendee_organisation)
        order by p.status, t.position, p.attendee_name nulls last, p.created_at)
      from public.course_places p join public.course_fee_tiers t on t.id = p.tier_id
      where p.booking_id = b.id), '[]'),
    'invoice', (select jsonb_build_object('id', i.id, 'number', private.invoice_label(i.number),
        'issued_on', i.issued_on, 'due_on', i.due_on, 'net_pence', i.net_pence,
        'vat_pence', i.vat_pence, 'total_pence', i.total_pence)
      from public.invoices i where i.booking_id = b.id),
    'payments', coalesce((select jsonb_agg(jsonb_build_object('id', p.id, 'kind', p.kind,
        'method', p.method, 'amount_pence', p.amount_pence, 'received_on', p.received_on,
        'reference', p.reference, 'note', p.note, 'created_at', p.created_at)
        order by p.received_on, p.created_at)
      from public.booking_payments p where p.booking_id = b.id), '[]'));
end
$$;
comment on function public.admin_booking_page(uuid) is
  'Training staff: one booking with its places and attendees, invoice summary, payments and refunds.';
grant execute on function public.admin_booking_page(uuid) to authenticated;

-- The invoice --------------------------------------------------------------------------------

/** An invoice as printed: numbers, dates, both parties, PO, course, lines, totals and payments. */
create function private.invoice_view(invoice uuid) returns jsonb
language sql stable security definer set search_path = ''
as $$
  select jsonb_build_object(
    'id', i.id, 'number', private.invoice_label(i.number), 'issued_on', i.issued_on,
    'due_on', i.due_on, 'supplier', i.supplier, 'customer', i.customer, 'po_number', i.po_number,
    'booking', jsonb_build_object('id', b.id, 'reference', b.reference, 'status', b.status),
    'course', jsonb_build_object('title', c.title, 'days', private.course_days_json(c.id),
      'online', c.online, 'venue_name', c.venue_name, 'venue_postcode', c.venue_postcode),
    'lines', coalesce((select jsonb_agg(jsonb_build_object('description', l.description,
        'quantity', l.quantity, 'unit_pence', l.unit_pence, 'vat_percent', l.vat_percent,
        'net_pence', l.net_pence, 'vat_pence', l.vat_pence) order by l.position)
      from public.invoice_lines l where l.invoice_id = i.id), '[]'),
    'net_pence', i.net_pence, 'vat_pence', i.vat_pence, 'total_pence', i.total_pence,
    'payments', coalesce((select jsonb_agg(jsonb_build_object('kind', p.kind, 'method', p.method,
        'amount_pence', p.amount_pence, 'received_on', p.received_on)
        order by p.received_on, p.created_at)
      from public.booking_payments p where p.booking_id = b.id), '[]'),
    'money', private.booking_money(b.id))
  from public.invoices i
  join public.course_bookings b on b.id = i.booking_id
  join public.courses c on c.id = b.course_id
  where i.id = invoice
$$;
comment on function private.invoice_view(uuid) is
  'An invoice as its page and PDF print it: number, dates, supplier, bill-to, PO, course, lines, totals, payments and balance.';

/** A booking's invoice for its booker or the training staff; 404 before one is issued. */
create function public.invoice_page(booking_id uuid) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
declare
  inv uuid;
begin
  if not (private.manages_training() or (private.current_app_role() = 'booker'
      and private.booked(invoice_page.booking_id))) then
    raise exception 'You do not have permission to see this invoice.' using errcode = '42501';
  end if;
  select i.id into inv from public.invoices i where i.booking_id = invoice_page.booking_id;
  if inv is null then
    raise exception 'This booking has no invoice yet.' using errcode = 'P0002';
  end if;
  return private.invoice_view(inv);
end
$$;
comment on function public.invoice_page(uuid) is
  'A booking''s invoice, for the booker who made it or the training staff.';
grant execute on function public.invoice_page(uuid) to authenticated;

/**
 * Links to invoices that work without an account, as emailed to the finance contact: each email
 * carries its own random token (32 bytes, base64url); only its SHA-256 is kept.
 */
create table private.invoice_link_tokens (
  token_hash bytea primary key,
  invoice_id uuid not null references public.invoices (id) on delete cascade,
  created_at timestamptz not null default now()
);
comment on table private.invoice_link_tokens is
  'Hashes of the tokens in emailed invoice links (/invoices/<id>?t=…), with their invoice; only definer functions read them.';
create index invoice_link_tokens_invoice_idx on private.invoice_link_tokens (invoice_id);
alter table private.invoice_link_tokens enable row level security;

/** A new link token for an invoice: its hash is kept, the token returned for the email. */
create function private.new_invoice_token(invoice uuid) returns text
language plpgsql set search_path = ''
as $$
declare
  token text := rtrim(translate(encode(extensions.gen_random_bytes(32), 'base64'), '+/', '-_'), '=');
begin
  insert into private.invoice_link_tokens (token_hash, invoice_id)
  values (extensions.digest(token, 'sha256'), invoice);
  return token;
end
$$;
comment on function private.new_invoice_token(uuid) is
  'Makes a token for an emailed invoice link, keeps its hash, returns the token.';

/**
 * An invoice through its emailed link (the server's alone, service role): the invoice when the
 * token is one made for it, otherwise P0002, the same for a wrong token and a wrong invoice.
 */
create function public.invoice_link_page(invoice_id uuid, token text) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
begin
  if coalesce((select auth.role()), '') <> 'service_role' then
    raise exception 'Only the app''s server may do that.' using errcode = '42501';
  end if;
  if not exists (select 1 from private.invoice_link_tokens t
      where t.token_hash = extensions.digest(coalesce(token, ''), 'sha256')
        and t.invoice_id = invoice_link_page.invoice_id) then
    raise exception 'This link is not valid.' using errcode = 'P0002';
  end if;
  return private.invoice_view(invoice_link_page.invoice_id);
end
$$;
comment on function public.invoice_link_page(uuid, text) is
  'Service role: the invoice an emailed link names, when its token is one made for it; P0002 otherwise.';
revoke execute on function public.invoice_link_page(uuid, text) from public, anon, authenticated;
grant execute on function public.invoice_link_page(uuid, text) to service_role;

/** The facts an invoice email needs, with a fresh link token. */
create function private.invoice_mail_payload(invoice uuid) returns jsonb
language sql volatile security definer set search_path = ''
as $$
  select jsonb_build_object('invoice_id', i.id, 'number', private.invoice_label(i.number),
    'issued_on', i.issued_on, 'due_on', i.due_on, 'total_pence', i.total_pence,
    'balance_pence', (private.booking_money(b.id) ->> 'balance_pence')::int,
    'po_number', i.po_number, 'reference', b.reference, 'course_title', c.title,
    'supplier_name', i.supplier ->> 'name', 'bank_details', i.supplier ->> 'bank_details',
    'token', private.new_invoice_token(i.id))
  from public.invoices i
  join public.course_bookings b on b.id = i.booking_id
  join public.courses c on c.id = b.course_id
  where i.id = invoice
$$;
comment on function private.invoice_mail_payload(uuid) is
  'An invoice email''s payload: number, dates, total, balance, PO, reference, how to pay, and a new link token.';

/**
 * Send a booking's invoice to its finance contact (the booker for card): issues it if need be,
 * queues `invoice_issued` once per invoice, with a link that works without an account.
 * Returns the queued message's id, or null when it was already sent.
 */
create function private.send_invoice(booking uuid) returns bigint
language plpgsql security definer set search_path = ''
as $$
declare
  inv uuid := private.issue_invoice(booking);
  i public.invoices;
  queued bigint;
begin
  select * into i from public.invoices x where x.id = inv;
  if exists (select 1 from public.notifications n where n.dedupe_key = 'invoice_issued:' || inv) then
    return null;
  end if;
  queued := private.queue_message_to_email('invoice_issued', i.customer ->> 'email',
    left(coalesce(i.customer ->> 'name', ''), 120), private.invoice_mail_payload(inv),
    'invoice_issued:' || inv);
  return queued;
end
$$;
comment on function private.send_invoice(uuid) is
  'Issues a booking''s invoice if need be and queues invoice_issued to its finance contact once, with a capability link.';

/**
 * Remind finance contacts of overdue invoices (unpaid or part paid past the due date, as of
 * `as_of` in London), at most once per invoice in any 7 days. Called by run_scheduled_jobs.
 */
create function private.send_overdue_reminders(as_of timestamptz) returns int
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  i public.invoices;
  today date := (coalesce(as_of, now()) at time zone 'Europe/London')::date;
  n int := 0;
begin
  for i in
    select x.* from public.invoices x join public.course_bookings b on b.id = x.booking_id
    where b.status = 'booked' and x.due_on < today
      and private.booking_money(b.id) ->> 'state' in ('awaiting payment', 'part paid')
      and not exists (select 1 from public.notifications m
        where m.kind = 'invoice_overdue' and m.payload ->> 'invoice_id' = x.id::text
          and m.created_at > coalesce(as_of, now()) - interval '7 days')
    order by x.number
  loop
    if private.queue_message_to_email('invoice_overdue', i.customer ->> 'email',
        left(coalesce(i.customer ->> 'name', ''), 120), private.invoice_mail_payload(i.id),
        'invoice_overdue:' || i.id || ':' || today) is not null then
      n := n + 1;
    end if;
  end loop;
  return n;
end
$$;
comment on function private.send_overdue_reminders(timestamptz) is
  'Queues invoice_overdue to the finance contact of each overdue invoice, at most once per invoice in 7 days; returns how many.';

-- Card payments (Stripe's webhook, through the app's server) ---------------------------------

/**
 * A completed Stripe Checkout for a booking (service role: the webhook route, after checking
 * Stripe's signature). Each event id is handled once: a repeat returns 'duplicate' and changes
 * nothing. A held booking becomes booked, its invoice is issued and sent, and the payment is
 * recorded with the payment intent's id. A payment after the hold expired is still recorded:
 * the places are taken back if still free ('late_booked'); if they are gone the booking stays
 * expired and the admin's pages flag it for a refund ('late_no_place').
 */
create function public.record_card_payment(event_id text, event_type text, booking_id uuid,
  amount_pence int, payment_intent text) returns text
language plpgsql security definer set search_path = ''
as $$
declare
  b public.course_bookings;
  outcome text := 'recorded';
  inserted text;
begin
  if coalesce((select auth.role()), '') <> 'service_role' then
    raise exception 'Only the app''s server may do that.' using errcode = '42501';
  end if;
  insert into public.stripe_events (id, type) values (event_id, event_type)
  on conflict (id) do nothing returning id into inserted;
  if inserted is null then
    return 'duplicate';
  end if;
  select * into b from public.course_bookings x where x.id = record_card_payment.booking_id for update;
  if b.id is null then
    return 'unknown_booking';
  end if;
  if exists (select 1 from public.booking_payments p where p.stripe_id = payment_intent) then
    return 'duplicate';
  end if;
  if b.status = 'held' then
    update public.course_bookings set status = 'booked', held_until = null where id = b.id;
  elsif b.status in ('expired', 'cancelled') then
    begin
      update public.course_bookings set status = 'booked', held_until = null, cancelled_at = null
      where id = b.id;
      update public.course_places set status = 'active'
      where course_places.booking_id = b.id and status = 'cancelled';
      outcome := 'late_booked';
    exception when raise_exception or unique_violation then
      -- The places went to someone else: keep the booking as it was, and the money.
      outcome := 'late_no_place';
    end;
  end if;
  if outcome <> 'late_no_place' then
    perform private.issue_invoice(b.id);
  end if;
  perform private.add_booking_payment(b.id, 'payment', 'card', amount_pence,
    (now() at time zone 'Europe/London')::date, payment_intent,
    case outcome when 'late_no_place' then 'Paid by card after the hold expired and the places had gone: refund it, or find places.'
      when 'late_booked' then 'Paid by card after the hold expired; the places were still free and are booked again.' end,
    payment_intent, null);
  if outcome <> 'late_no_place' then
    perform private.send_invoice(b.id);
  end if;
  return outcome;
end
$$;
comment on function public.record_card_payment(text, text, uuid, int, text) is
  'Service role (Stripe webhook): records a completed card payment once per event id; books a held booking, issues and sends its invoice; flags payments after an expired hold.';
revoke execute on function public.record_card_payment(text, text, uuid, int, text) from public, anon, authenticated;
grant execute on function public.record_card_payment(text, text, uuid, int, text) to service_role;

/** The Checkout Session's contents for a held booking (service role): its places by tier. */
create function public.card_checkout(reference text) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
declare
  b public.course_bookings;
  c public.courses;
begin
  if coalesce((select auth.role()), '') <> 'service_role' then
    raise exception 'Only the app''s server may do that.' using errcode = '42501';
  end if;
  select * into b from public.course_bookings x where x.reference = upper(card_checkout.reference);
  if b.id is null or b.pay_by <> 'card' or b.status <> 'held' or b.held_until <= now() then
    raise exception 'There is no booking waiting for a card payment with that reference.' using errcode = 'P0002';
  end if;
  select * into c from public.courses x where x.id = b.course_id;
  return jsonb_build_object('booking_id', b.id, 'reference', b.reference, 'slug', c.slug,
    'email', b.booker_email, 'held_until', b.held_until,
    'lines', (select coalesce(jsonb_agg(jsonb_build_object('name', c.title || ' — ' || t.name,
        'quantity', t.n, 'unit_pence', round(t.price_pence * (1 + t.vat_percent / 100))::int)
        order by t.position), '[]')
      from (select ft.name, ft.position, ft.price_pence, ft.vat_percent, count(*) as n
            from public.course_places p join public.course_fee_tiers ft on ft.id = p.tier_id
            where p.booking_id = b.id and p.status = 'active'
            group by ft.id, ft.name, ft.position, ft.price_pence, ft.vat_percent) t));
end
$$;
comment on function public.card_checkout(text) is
  'Service role: a held card booking''s Checkout lines (gross per place, by tier), its id and course slug.';
revoke execute on function public.card_checkout(text) from public, anon, authenticated;
grant execute on function public.card_checkout(text) to service_role;

-- Bank statements ----------------------------------------------------------------------------

/** Bank-statement lines already recorded as payments, by a hash of date, amount and reference. */
create table public.applied_bank_lines (
  line_hash bytea primary key,
  payment_id uuid not null references public.booking_payments (id),
  applied_at timestamptz not null default now(),
  applied_by uuid references public.profiles (id) on delete set null
);
comment on table public.applied_bank_lines is
  'Bank-statement lines already applied as payments (SHA-256 of date, amount and reference), so a statement uploaded twice pays nothing twice.';
alter table public.applied_bank_lines enable row level security;
revoke all on public.applied_bank_lines from anon, authenticated;

/** A bank line's identity: SHA-256 of its date, amount in pence and reference text. */
create function private.bank_line_hash(line jsonb) returns bytea
language sql immutable set search_path = ''
as $$
  select extensions.digest(concat_ws('|', line ->> 'date', line ->> 'amount_pence',
    upper(btrim(line ->> 'reference'))), 'sha256')
$$;
comment on function private.bank_line_hash(jsonb) is 'A bank-statement line''s hash: its date, amount and reference.';

/** The live booking a bank reference names, by invoice number (INV-000042) or booking reference. */
create function private.bank_line_booking(ref text) returns uuid
language sql stable security definer set search_path = ''
as $$
  select coalesce(
    (select i.booking_id from public.invoices i
      where i.number = nullif(substring(upper(ref) from 'INV-?0*([0-9]{1,9})'), '')::int),
    (select b.id from public.course_bookings b
      where upper(ref) ~ ('(^|[^A-Z0-9])' || b.reference || '($|[^A-Z0-9])')
      order by b.created_at desc limit 1))
$$;
comment on function private.bank_line_booking(text) is
  'The booking a bank transfer''s reference names: an invoice number first, else a booking reference as a word.';

/**
 * Proposes a booking for each bank-statement line (training staff; changes nothing): by the
 * invoice number or booking reference in its text, 'exact' when the amount is the balance,
 * 'partial' when less, otherwise 'none' with the reason; lines already applied are 'applied'.
 * Lines: [{date: 'yyyy-mm-dd', reference, amount_pence}].
 */
create function public.match_bank_lines(lines jsonb) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
begin
  perform private.require_training_staff();
  if jsonb_typeof(lines) is distinct from 'array' or jsonb_array_length(lines) > 2000 then
    raise exception 'Give at most 2,000 statement lines.' using errcode = 'P0001', hint = 'file';
  end if;
  return jsonb_build_object('lines', coalesce((
    select jsonb_agg(jsonb_build_object('index', l.n - 1, 'date', l.line ->> 'date',
        'reference', l.line ->> 'reference', 'amount_pence', (l.line ->> 'amount_pence')::int,
        'match', case
          when exists (select 1 from public.applied_bank_lines a
                        where a.line_hash = private.bank_line_hash(l.line)) then 'applied'
          when b.id is null or b.status <> 'booked' then 'none'
          when (l.line ->> 'amount_pence')::int = (m.m ->> 'balance_pence')::int then 'exact'
          when (l.line ->> 'amount_pence')::int < (m.m ->> 'balance_pence')::int then 'partial'
          else 'none' end,
        'reason', case
          when b.id is null then 'No booking reference or invoice number found.'
          when b.status <> 'booked' then 'Booking ' || b.reference || ' is ' || b.status || '.'
          when (l.line ->> 'amount_pence')::int > (m.m ->> 'balance_pence')::int then
            'More than the ' || private.pounds(greatest((m.m ->> 'balance_pence')::int, 0))
            || ' owed on ' || b.reference || '.'
          end,
        'booking_id', b.id, 'booking_reference', b.reference, 'booker', b.booker_organisation,
        'invoice_number', (select private.invoice_label(i.number) from public.invoices i where i.booking_id = b.id),
        'balance_pence', (m.m ->> 'balance_pence')::int) order by l.n)
    from jsonb_array_elements(lines) with ordinality as l (line, n)
    left join public.course_bookings b on b.id = private.bank_line_booking(l.line ->> 'reference')
    left join lateral (select private.booking_money(b.id) as m) m on b.id is not null), '[]'));
end
$$;
comment on function public.match_bank_lines(jsonb) is
  'Training staff: proposes a booking per bank-statement line by reference and amount (exact, partial, none, applied); changes nothing.';
grant execute on function public.match_bank_lines(jsonb) to authenticated;

/**
 * Records the bank lines the admin confirmed as bank-transfer payments (training staff), each
 * through the same checks as a payment by hand; refuses the whole set if any line was applied
 * before. Lines: [{date, reference, amount_pence, booking_id}]. Returns how many were applied.
 */
create function public.apply_bank_lines(lines jsonb) returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
  me uuid := private.require_training_staff();
  l jsonb;
  paid uuid;
  n int := 0;
begin
  if jsonb_typeof(lines) is distinct from 'array' or jsonb_array_length(lines) = 0 then
    raise exception 'Choose at least one line to record.' using errcode = 'P0001';
  end if;
  for l in select value from jsonb_array_elements(lines) loop
    if exists (select 1 from public.applied_bank_lines a where a.line_hash = private.bank_line_hash(l)) then
      raise exception 'The line of % for % (%) was recorded before; nothing was recorded.',
        l ->> 'date', private.pounds((l ->> 'amount_pence')::int), l ->> 'reference'
        using errcode = 'P0001', detail = 'already_applied';
    end if;
    if (select b.status from public.course_bookings b where b.id = (l ->> 'booking_id')::uuid)
        is distinct from 'booked' then
      raise exception 'The line of % (%) is not for a live booking; nothing was recorded.',
        private.pounds((l ->> 'amount_pence')::int), l ->> 'reference' using errcode = 'P0001';
    end if;
    perform private.issue_invoice((l ->> 'booking_id')::uuid);
    paid := private.add_booking_payment((l ->> 'booking_id')::uuid, 'payment', 'bank_transfer',
      (l ->> 'amount_pence')::int, (l ->> 'date')::date, left(l ->> 'reference', 140),
      'From a bank statement', null, me);
    insert into public.applied_bank_lines (line_hash, payment_id, applied_by)
    values (private.bank_line_hash(l), paid, me);
    n := n + 1;
  end loop;
  return jsonb_build_object('applied', n);
end
$$;
comment on function public.apply_bank_lines(jsonb) is
  'Training staff: records confirmed bank-statement lines as bank-transfer payments; refuses all if any was applied before.';
grant execute on function public.apply_bank_lines(jsonb) to authenticated;

-- Revenue ------------------------------------------------------------------------------------

/**
 * Revenue by course and month between two dates (training staff): net, VAT and gross invoiced
 * (by issue date), received and refunded (by the date the money moved), and what is still
 * outstanding on the invoices issued that month.
 */
create function public.revenue_report(from_date date, to_date date) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
begin
  perform private.require_training_staff();
  if from_date is null or to_date is null or to_date < from_date then
    raise exception 'The end date must be on or after the start date.' using errcode = 'P0001', hint = 'to';
  end if;
  if to_date - from_date > 3660 then
    raise exception 'Choose at most ten years.' using errcode = 'P0001', hint = 'to';
  end if;
  return (with ev as (
      select b.course_id, date_trunc('month', i.issued_on)::date as month, i.net_pence as net,
        i.vat_pence as vat, i.total_pence as gross, 0 as received, 0 as refunded,
        greatest((private.booking_money(b.id) ->> 'balance_pence')::int, 0) as outstanding
      from public.invoices i join public.course_bookings b on b.id = i.booking_id
      where i.issued_on between from_date and to_date
      union all
      select b.course_id, date_trunc('month', p.received_on)::date, 0, 0, 0,
        case when p.kind = 'payment' then p.amount_pence else 0 end,
        case when p.kind = 'refund' then p.amount_pence else 0 end, 0
      from public.booking_payments p join public.course_bookings b on b.id = p.booking_id
      where p.received_on between from_date and to_date),
    r as (
      select ev.course_id, c.title, ev.month, sum(net)::bigint as net, sum(vat)::bigint as vat,
        sum(gross)::bigint as gross, sum(received)::bigint as received,
        sum(refunded)::bigint as refunded, sum(outstanding)::bigint as outstanding
      from ev join public.courses c on c.id = ev.course_id
      group by ev.course_id, c.title, ev.month)
    select jsonb_build_object('from', from_date, 'to', to_date,
      'rows', coalesce((select jsonb_agg(jsonb_build_object('course_id', r.course_id,
          'course_title', r.title, 'month', to_char(r.month, 'YYYY-MM'), 'net_pence', r.net,
          'vat_pence', r.vat, 'gross_pence', r.gross, 'received_pence', r.received,
          'refunded_pence', r.refunded, 'outstanding_pence', r.outstanding)
          order by r.month, r.title) from r), '[]'),
      'totals', (select jsonb_build_object('net_pence', coalesce(sum(r.net), 0),
          'vat_pence', coalesce(sum(r.vat), 0), 'gross_pence', coalesce(sum(r.gross), 0),
          'received_pence', coalesce(sum(r.received), 0),
          'refunded_pence', coalesce(sum(r.refunded), 0),
          'outstanding_pence', coalesce(sum(r.outstanding), 0)) from r)));
end
$$;
comment on function public.revenue_report(date, date) is
  'Training staff: by course and month, net/VAT/gross invoiced, received, refunded and outstanding, between two dates.';
grant execute on function public.revenue_report(date, date) to authenticated;
