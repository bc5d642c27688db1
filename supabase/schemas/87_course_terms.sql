-- Booking terms in action: cancelling places, transferring them to a later course, and
-- substituting an attendee, each priced from the course's own terms (80_courses.sql).
--
-- private.booking_change_quote() is the one calculation: pure (it reads, never writes), so the
-- page shows the booker exactly what the action will then do, and the db tests check it against
-- hand-worked examples. The actions call it again inside their own transaction, after locking
-- the booking, and refuse whatever the quote refuses.
--
-- Notice is whole days from a London date (today) to the course's first day. "At least N days"
-- includes N. Each place's amount is worked out on its own and rounded to whole pence, half a
-- penny up, then the places' amounts are added: cancelling two places at once costs what
-- cancelling them one by one would.
--
-- Accounting, the simplest that stays correct:
-- - Cancellation: a credit note against the booking's invoice for the refundable amount (the
--   rest of the place's price is the cancellation charge, still owed). What is due falls by the
--   credit (private.booking_money); money already paid is refunded by the admin as a payment of
--   kind 'refund'.
-- - Transfer: the original invoice keeps paying for the places, which move to a new booking on
--   the later course. That booking gets its own invoice for the fee (and for any difference when
--   the new tier costs more; a cheaper tier gives nothing back), with a zero-priced line naming
--   the places carried over. A transferred place cannot be transferred again or cancelled.
-- - Substitution: free, nothing changes in money.

/** Each transfer of a place: the old place, the new one on the later course, and the fee. */
create table public.course_place_transfers (
  from_place_id uuid primary key references public.course_places (id),
  to_place_id uuid not null unique references public.course_places (id),
  fee_pence int not null check (fee_pence >= 0),
  reason text check (length(reason) <= 500),
  transferred_by uuid references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  check (from_place_id <> to_place_id)
);
comment on table public.course_place_transfers is
  'Places transferred to a later course: one row per place (from, to, fee); a place that came by transfer cannot move again.';
alter table public.course_place_transfers enable row level security;
revoke insert, update, delete, truncate on public.course_place_transfers from anon, authenticated;
create trigger course_place_transfers_audit after insert or update or delete
  on public.course_place_transfers for each row execute function private.audit_row();
create policy "Bookers see their places' transfers; training staff see all"
  on public.course_place_transfers for select to authenticated
  using (from_place_id in (select p.id from public.course_places p));

/** A course's first day, as a London date (null without days). */
create function private.course_first_day(course uuid) returns date
language sql stable set search_path = ''
as $$
  select (private.course_starts_at(course) at time zone 'Europe/London')::date
$$;
comment on function private.course_first_day(uuid) is
  'The London date a course begins on (its first day), or null when it has no days yet.';

/**
 * What one place cost, VAT included, in pence: from the booking's invoice line for its tier when
 * the booking has been invoiced (the price agreed), otherwise from the tier as it is now.
 */
create function private.course_place_gross(place uuid) returns int
language sql stable set search_path = ''
as $$
  select coalesce(
    (select round(l.unit_pence * (1 + l.vat_percent / 100))::int
       from public.invoices i join public.invoice_lines l on l.invoice_id = i.id
      where i.booking_id = p.booking_id and l.description = c.title || ' — ' || t.name
      order by l.position limit 1),
    round(t.price_pence * (1 + t.vat_percent / 100))::int)
  from public.course_places p
  join public.course_fee_tiers t on t.id = p.tier_id
  join public.courses c on c.id = p.course_id
  where p.id = place
$$;
comment on function private.course_place_gross(uuid) is
  'A place''s price with VAT, in pence: its invoice line''s when invoiced, otherwise its tier''s.';

/** Pence as pounds for a sentence: 57000 → £570.00. */
create function private.pounds(pence int) returns text
language sql immutable set search_path = ''
as $$
  select '£' || to_char(pence / 100.0, 'FM999,999,990.00')
$$;
comment on function private.pounds(int) is 'Pence written as pounds for messages: 57000 is £570.00.';

/**
 * The quote for changing some of a booking's places, as of a London date: `kind` is 'cancel',
 * 'transfer' (to `to_course`, in the tier of the same name or `to_tier`) or 'substitute' (one
 * named place). Returns jsonb: the notice in days and the band of the terms that applies (in
 * words and as a percentage), each place with its price, the price of all of them, the fee (a
 * transfer), the refund credited (a cancellation), the booking's balance before and after and
 * what the booker will then owe or be owed, and `refusal` ({code, message, field}) when the
 * change is not allowed. Reads only; the actions call it under their locks.
 */
create function private.booking_change_quote(booking uuid, kind text, places uuid[],
  to_course uuid default null, on_date date default (now() at time zone 'Europe/London')::date,
  to_tier uuid default null) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  b public.course_bookings;
  c public.courses;
  t public.courses;
  first_day date;
  notice int;
  pct numeric := 0;
  band text;
  items jsonb := '[]';
  price int := 0;
  fee int := 0;
  refund int := 0;
  difference int := 0;
  money jsonb;
  balance int;
  after_change int;
  owes int := 0;
  target jsonb;
  refusal jsonb;
  wanted uuid[] := coalesce((select array_agg(distinct x) from unnest(places) x), '{}');
  n int;
  place record;
  target_left int;
  target_first date;
begin
  select * into b from public.course_bookings where id = booking;
  if b.id is null then
    raise exception 'There is no such booking.' using errcode = 'P0002';
  end if;
  select * into c from public.courses where id = b.course_id;
  first_day := private.course_first_day(c.id);
  notice := first_day - on_date;
  n := cardinality(wanted);

  -- Each chosen place, with its price and, for a transfer, the tier it would move to.
  for place in
    select p.id, p.status, p.attendee_name, p.attendee_email, p.booking_id, ft.name as tier_name,
      private.course_place_gross(p.id) as gross,
      exists (select 1 from public.course_place_transfers x where x.to_place_id = p.id) as came_by_transfer,
      (select tt.id from public.course_fee_tiers tt where tt.course_id = to_course
         and (tt.id = to_tier or (to_tier is null and tt.name = ft.name))) as to_tier_id
    from public.course_places p join public.course_fee_tiers ft on ft.id = p.tier_id
    where p.id = any (wanted) order by p.created_at, p.id
  loop
    if place.booking_id <> booking then
      continue;
    end if;
    price := price + place.gross;
    items := items || jsonb_build_object('id', place.id, 'attendee_name', place.attendee_name,
      'tier_name', place.tier_name, 'status', place.status, 'gross_pence', place.gross,
      'came_by_transfer', place.came_by_transfer);
    if refusal is null and place.status = 'cancelled' then
      refusal := jsonb_build_object('code', 'place_cancelled', 'field', 'places',
        'message', 'One of these places has already been cancelled.');
    elsif refusal is null and place.status = 'transferred' then
      refusal := jsonb_build_object('code', 'place_transferred', 'field', 'places',
        'message', 'One of these places has already been transferred to another course.');
    elsif refusal is null and kind in ('transfer', 'cancel') and place.came_by_transfer then
      refusal := jsonb_build_object('code', 'one_transfer', 'field', 'places',
        'message', case kind when 'transfer'
          then 'A place can be transferred once. ' || coalesce(place.attendee_name, 'This place')
            || '''s place has already been transferred to this course.'
          else 'A place that has been transferred cannot be cancelled or refunded.' end);
    elsif refusal is null and kind = 'substitute' and place.attendee_email is null then
      refusal := jsonb_build_object('code', 'place_unnamed', 'field', 'places',
        'message', 'This place has no attendee yet: name them on the booking page instead.');
    end if;
    if kind = 'transfer' and to_course is not null and place.to_tier_id is null and refusal is null then
      refusal := jsonb_build_object('code', 'target_tier', 'field', 'to_tier',
        'message', 'The new course has no fee tier called "' || place.tier_name || '". Choose one of its tiers.');
    end if;
    if kind = 'transfer' and place.to_tier_id is not null then
      difference := difference + greatest(0, (select round(tt.price_pence * (1 + tt.vat_percent / 100))::int
        from public.course_fee_tiers tt where tt.id = place.to_tier_id) - place.gross);
    end if;
    if kind = 'cancel' then
      pct := case when notice >= c.refund_full_notice_days then c.refund_full_percent
        when notice >= c.refund_part_notice_days then c.refund_part_percent else 0 end;
      refund := refund + round(place.gross * pct / 100)::int;
    elsif kind = 'transfer' then
      pct := case when notice >= c.late_notice_days then c.transfer_fee_percent
        else c.late_transfer_fee_percent end;
      fee := fee + round(place.gross * pct / 100)::int;
    end if;
  end loop;

  -- Refusals about the change as a whole come before those about one place.
  refusal := coalesce(
    case
      when kind not in ('cancel', 'transfer', 'substitute') then jsonb_build_object('code', 'kind',
        'field', 'kind', 'message', 'Choose to cancel, transfer or substitute.')
      when b.status <> 'booked' then jsonb_build_object('code', 'booking_not_booked', 'field', null,
        'message', case b.status when 'held' then 'This booking is not paid for yet, so there is nothing to change.'
          else 'This booking has been cancelled.' end)
      when n = 0 then jsonb_build_object('code', 'no_places', 'field', 'places',
        'message', 'Choose at least one place.')
      when jsonb_array_length(items) <> n then jsonb_build_object('code', 'place_not_in_booking',
        'field', 'places', 'message', 'Those places are not all on this booking.')
      when kind = 'substitute' and n <> 1 then jsonb_build_object('code', 'one_place',
        'field', 'places', 'message', 'Choose the one place whose attendee is changing.')
      when first_day is null then jsonb_build_object('code', 'no_days', 'field', null,
        'message', 'The course has no dates yet.')
      when kind in ('cancel', 'transfer') and notice <= 0 then jsonb_build_object('code',
        'course_started', 'field', null,
        'message', 'The course has started, so places can no longer be cancelled or transferred.')
      when kind = 'substitute' and notice < 0 then jsonb_build_object('code', 'course_started',
        'field', null, 'message', 'The course has started, so the attendee can no longer change.')
    end, refusal);

  if kind = 'transfer' then
    select * into t from public.courses where id = to_course;
    target_first := private.course_first_day(t.id);
    target_left := t.capacity - private.course_places_taken(t.id);
    if t.id is not null then
      target := jsonb_build_object('id', t.id, 'title', t.title, 'first_day', target_first,
        'places_left', greatest(target_left, 0),
        'tier', (select jsonb_build_object('id', tt.id, 'name', tt.name) from public.course_fee_tiers tt
          where tt.id = to_tier and tt.course_id = t.id));
    end if;
    refusal := coalesce(
      case
        when refusal is not null and refusal->>'code' <> 'target_tier' then refusal
        when t.id is null then jsonb_build_object('code', 'target_missing', 'field', 'to_course',
          'message', 'Choose the course to transfer to.')
        when t.id = c.id or target_first is null or target_first <= first_day then
          jsonb_build_object('code', 'target_not_later', 'field', 'to_course',
            'message', 'Places can only move to a later course.')
        when t.status <> 'open' or (t.booking_closes_at is not null and t.booking_closes_at <= now())
          or (t.booking_opens_at is not null and t.booking_opens_at > now()) then
          jsonb_build_object('code', 'target_not_open', 'field', 'to_course',
            'message', 'That course is not taking bookings.')
        when target_left < n then jsonb_build_object('code', 'target_full', 'field', 'to_course',
          'message', 'That course has ' || greatest(target_left, 0) || ' places left, not enough for '
            || n || '.')
        when to_tier is not null and not exists (select 1 from public.course_fee_tiers tt
          where tt.id = to_tier and tt.course_id = t.id) then jsonb_build_object('code', 'target_tier',
            'field', 'to_tier', 'message', 'Choose one of the new course''s tiers.')
      end, refusal);
  end if;

  band := case kind
    when 'cancel' then case
      when notice >= c.refund_full_notice_days then 'At least ' || c.refund_full_notice_days
        || ' days'' notice: ' || trim_scale(c.refund_full_percent) || '% of the price is refunded'
      when notice >= c.refund_part_notice_days then 'At least ' || c.refund_part_notice_days
        || ' days'' notice: ' || trim_scale(c.refund_part_percent) || '% of the price is refunded'
      else 'Fewer than ' || c.refund_part_notice_days || ' days'' notice: nothing is refunded' end
    when 'transfer' then case
      when notice >= c.late_notice_days then 'At least ' || c.late_notice_days
        || ' days'' notice: the transfer fee is ' || trim_scale(c.transfer_fee_percent) || '% of the price'
      else 'Fewer than ' || c.late_notice_days || ' days'' notice: the transfer fee is '
        || trim_scale(c.late_transfer_fee_percent) || '% of the price' end
    when 'substitute' then 'Changing who attends is free'
  end;
  if kind = 'substitute' then
    pct := 0;
  end if;

  money := private.booking_money(booking);
  balance := (money->>'balance_pence')::int;
  after_change := balance - refund;
  owes := greatest(after_change, 0) + fee + difference;

  return jsonb_build_object(
    'booking_id', b.id, 'reference', b.reference, 'kind', kind,
    'course', jsonb_build_object('id', c.id, 'title', c.title, 'first_day', first_day),
    'on_date', on_date, 'notice_days', notice, 'band', band, 'percent', pct,
    'places', items, 'price_pence', price, 'fee_pence', fee, 'difference_pence', difference,
    'refund_pence', refund, 'balance_before_pence', balance, 'balance_after_pence', after_change,
    'owes_pence', owes, 'owed_pence', greatest(-after_change, 0),
    'to_course', target,
    'rounding', 'Each place''s amount is rounded to the nearest penny (half a penny up), then added.',
    'refusal', refusal);
end
$$;
comment on function private.booking_change_quote(uuid, text, uuid[], uuid, date, uuid) is
  'The price of cancelling, transferring or substituting some of a booking''s places on a London date, from the course''s terms: notice, band, prices, fee, refund, balance before and after, and any refusal. Reads only.';

/** Raise the quote's refusal, if any, as a rule the form shows beside its field. */
create function private.refuse_unless_allowed(quote jsonb) returns void
language plpgsql immutable set search_path = ''
as $$
begin
  if quote->'refusal' is not null and jsonb_typeof(quote->'refusal') = 'object' then
    raise exception '%', quote->'refusal'->>'message' using errcode = 'P0001',
      hint = coalesce(quote->'refusal'->>'field', ''), detail = quote->'refusal'->>'code';
  end if;
end
$$;
comment on function private.refuse_unless_allowed(jsonb) is
  'Raises a quote''s refusal (P0001, hint the field, detail the code); does nothing when the change is allowed.';

/** Raise 42501 unless the signed-in person booked this booking or runs the training. */
create function private.require_booking_changer(booking uuid) returns uuid
language plpgsql stable security definer set search_path = ''
as $$
declare
  who uuid := (select auth.uid());
begin
  if who is null or not (private.booked(booking) or private.manages_training()) then
    raise exception 'You do not have permission to do that.' using errcode = '42501';
  end if;
  if not exists (select 1 from public.course_bookings where id = booking) then
    raise exception 'There is no such booking.' using errcode = 'P0002';
  end if;
  return who;
end
$$;
comment on function private.require_booking_changer(uuid) is
  'Raises 42501 unless the caller is the booking''s booker, the training admin or the lead; returns their id.';

/** Tell the booker what changed (booking_changed), by account or, without one, by email. */
create function private.queue_booking_changed(booking uuid, payload jsonb) returns bigint
language plpgsql security definer set search_path = ''
as $$
declare
  b public.course_bookings;
  body jsonb;
begin
  select * into b from public.course_bookings where id = booking;
  body := payload || jsonb_build_object('booking', jsonb_build_object('id', b.id,
    'reference', b.reference, 'booker_name', b.booker_name),
    'course', (select jsonb_build_object('id', c.id, 'title', c.title,
      'first_day', private.course_first_day(c.id)) from public.courses c where c.id = b.course_id));
  if b.booker_id is not null then
    return private.queue_message('booking_changed', b.booker_id, body);
  end if;
  return private.queue_message_to_email('booking_changed', b.booker_email, b.booker_name, body);
end
$$;
comment on function private.queue_booking_changed(uuid, jsonb) is
  'Queues the booking_changed email to the booker (their account, or their address when they have none).';

/** The quote a booker or training staff see before they confirm a change. */
create function public.quote_booking_change(booking uuid, kind text, places uuid[],
  to_course uuid default null, to_tier uuid default null) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
begin
  perform private.require_booking_changer(booking);
  return private.booking_change_quote(booking, kind, places, to_course,
    (now() at time zone 'Europe/London')::date, to_tier);
end
$$;
comment on function public.quote_booking_change(uuid, text, uuid[], uuid, uuid) is
  'The quote for cancelling, transferring or substituting places today, for the booking''s booker and training staff.';
grant execute on function public.quote_booking_change(uuid, text, uuid[], uuid, uuid) to authenticated;

/**
 * Cancel some of a booking's places under the course's terms: the places become cancelled (the
 * booking too when none is left), a credit note is issued for the refundable amount, the freed
 * places go to the waiting list, and the booker is told. Returns the quote it acted on, with the
 * credit note's number.
 */
create function public.cancel_booking_places(booking uuid, places uuid[], reason text)
returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
  who uuid := private.require_booking_changer(booking);
  b public.course_bookings;
  quote jsonb;
  inv uuid;
  note public.credit_notes;
  why text := nullif(btrim(coalesce(reason, '')), '');
begin
  select * into b from public.course_bookings where id = booking for update;
  perform 1 from public.courses where id = b.course_id for update;
  quote := private.booking_change_quote(booking, 'cancel', places);
  perform private.refuse_unless_allowed(quote);
  if why is null or length(why) > 500 then
    raise exception 'Say why the places are being cancelled (up to 500 characters).'
      using errcode = 'P0001', hint = 'reason';
  end if;
  -- Invoice first if it never was, so the credit has something to stand against.
  inv := private.issue_invoice(booking);
  update public.course_places set status = 'cancelled'
  where id in (select (x->>'id')::uuid from jsonb_array_elements(quote->'places') x);
  if (quote->>'refund_pence')::int > 0 then
    insert into public.credit_notes (invoice_id, number, issued_on, net_pence, vat_pence,
      total_pence, reason, places, issued_by)
    select inv, private.take_document_number('credit_note'),
      (now() at time zone 'Europe/London')::date, sum(s.net), sum(s.gross - s.net), sum(s.gross),
      why, array_agg(s.id), who
    from (
      select p.id, r.gross, round(r.gross * 100 / (100 + t.vat_percent))::int as net
      from public.course_places p join public.course_fee_tiers t on t.id = p.tier_id
      cross join lateral (select round(private.course_place_gross(p.id)
        * (quote->>'percent')::numeric / 100)::int as gross) r
      where p.id in (select (x->>'id')::uuid from jsonb_array_elements(quote->'places') x)
    ) s
    returning * into note;
  end if;
  if not exists (select 1 from public.course_places where booking_id = booking and status = 'active') then
    update public.course_bookings set status = 'cancelled', cancelled_at = now(), cancel_reason = why
    where id = booking;
  end if;
  perform private.offer_freed_course_places(b.course_id);
  quote := quote || jsonb_build_object('credit_note', case when note.id is not null then
    jsonb_build_object('id', note.id, 'number', note.number, 'total_pence', note.total_pence) end);
  perform private.queue_booking_changed(booking, jsonb_build_object('change', 'cancel',
    'places', (select jsonb_agg(coalesce(x->>'attendee_name', 'A place to be named'))
      from jsonb_array_elements(quote->'places') x),
    'refund_pence', (quote->>'refund_pence')::int, 'band', quote->>'band',
    'credit_note_number', note.number, 'reason', why));
  return quote;
end
$$;
comment on function public.cancel_booking_places(uuid, uuid[], text) is
  'Cancels places under the course''s terms (booking cancelled when none is left), issues a credit note for the refund, offers the freed places and tells the booker.';
grant execute on function public.cancel_booking_places(uuid, uuid[], text) to authenticated;

/**
 * Transfer some of a booking's places, once each, to a later open course with room: the places
 * become transferred, a new booking on that course holds them for the same booker and attendees
 * (the capacity trigger holds there), with an invoice for the fee (and any price difference);
 * the original invoice keeps paying for them. Returns the quote with the new booking.
 */
create function public.transfer_booking_places(booking uuid, places uuid[], to_course uuid,
  reason text, to_tier uuid default null) returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
  who uuid := private.require_booking_changer(booking);
  b public.course_bookings;
  c public.courses;
  t public.courses;
  quote jsonb;
  nb uuid;
  inv uuid;
  old_inv public.invoices;
  np uuid;
  place record;
  today date := (now() at time zone 'Europe/London')::date;
  starts date;
  pos int := 0;
  why text := nullif(btrim(coalesce(reason, '')), '');
  lines record;
begin
  select * into b from public.course_bookings where id = booking for update;
  -- Lock both courses in a fixed order, so two transfers the other way cannot deadlock.
  perform 1 from public.courses where id in (b.course_id, to_course) order by id for update;
  select * into c from public.courses where id = b.course_id;
  select * into t from public.courses where id = to_course;
  quote := private.booking_change_quote(booking, 'transfer', places, to_course, today, to_tier);
  perform private.refuse_unless_allowed(quote);
  if why is not null and length(why) > 500 then
    raise exception 'Keep the reason to 500 characters.' using errcode = 'P0001', hint = 'reason';
  end if;
  perform private.issue_invoice(booking);
  select * into old_inv from public.invoices where booking_id = booking;

  insert into public.course_bookings (course_id, booker_id, booker_name, booker_email,
    booker_organisation, pay_by, po_number, finance_name, finance_email, finance_address)
  values (t.id, b.booker_id, b.booker_name, b.booker_email, b.booker_organisation, b.pay_by,
    b.po_number, b.finance_name, b.finance_email, b.finance_address)
  returning id into nb;

  for place in
    select p.*, private.course_place_gross(p.id) as gross, ft.name as tier_name
    from public.course_places p join public.course_fee_tiers ft on ft.id = p.tier_id
    where p.id in (select (x->>'id')::uuid from jsonb_array_elements(quote->'places') x)
    order by p.created_at, p.id
  loop
    update public.course_places set status = 'transferred' where id = place.id;
    insert into public.course_places (booking_id, course_id, tier_id, attendee_name,
      attendee_email, attendee_role, attendee_organisation, trainee_id)
    values (nb, t.id, (select tt.id from public.course_fee_tiers tt where tt.course_id = t.id
        and (tt.id = to_tier or (to_tier is null and tt.name = place.tier_name))),
      place.attendee_name, place.attendee_email, place.attendee_role, place.attendee_organisation,
      place.trainee_id)
    returning id into np;
    insert into public.course_place_transfers (from_place_id, to_place_id, fee_pence, reason,
      transferred_by)
    values (place.id, np, round(place.gross * (quote->>'percent')::numeric / 100)::int, why, who);
  end loop;

  -- The new booking's invoice: the places carried over at no charge, then the fee, then any
  -- difference; each money line split into net and VAT at its tier's rate.
  starts := private.course_first_day(t.id);
  insert into public.invoices (booking_id, number, issued_on, due_on, supplier, customer,
    po_number, net_pence, vat_pence, total_pence)
  values (nb, private.take_document_number('invoice'), today,
    greatest(today, least(today + t.payment_due_days, coalesce(starts - 1, today + t.payment_due_days))),
    private.invoice_supplier(), old_inv.customer, b.po_number, 0, 0, 0)
  returning id into inv;
  for lines in
    select tt.name, tt.vat_percent, count(*)::int as qty, sum(x.fee_pence)::int as fee,
      sum(greatest(0, round(tt.price_pence * (1 + tt.vat_percent / 100))::int
        - private.course_place_gross(x.from_place_id)))::int as diff
    from public.course_place_transfers x
    join public.course_places np2 on np2.id = x.to_place_id
    join public.course_fee_tiers tt on tt.id = np2.tier_id
    where np2.booking_id = nb
    group by tt.id, tt.position, tt.name, tt.vat_percent order by tt.position, tt.name
  loop
    pos := pos + 1;
    insert into public.invoice_lines (invoice_id, position, description, quantity, unit_pence,
      vat_percent, net_pence, vat_pence)
    values (inv, pos, t.title || ' — ' || lines.name || ' (transferred from booking '
      || b.reference || ', paid on invoice ' || old_inv.number || ')', lines.qty, 0,
      lines.vat_percent, 0, 0);
    if lines.fee > 0 then
      pos := pos + 1;
      insert into public.invoice_lines (invoice_id, position, description, quantity, unit_pence,
        vat_percent, net_pence, vat_pence)
      values (inv, pos, 'Transfer fee, ' || trim_scale((quote->>'percent')::numeric) || '% of the price of '
        || lines.qty || case lines.qty when 1 then ' place' else ' places' end, 1,
        round(lines.fee * 100 / (100 + lines.vat_percent))::int, lines.vat_percent,
        round(lines.fee * 100 / (100 + lines.vat_percent))::int,
        lines.fee - round(lines.fee * 100 / (100 + lines.vat_percent))::int);
    end if;
    if lines.diff > 0 then
      pos := pos + 1;
      insert into public.invoice_lines (invoice_id, position, description, quantity, unit_pence,
        vat_percent, net_pence, vat_pence)
      values (inv, pos, 'Difference in price for the ' || lines.name || ' tier', 1,
        round(lines.diff * 100 / (100 + lines.vat_percent))::int, lines.vat_percent,
        round(lines.diff * 100 / (100 + lines.vat_percent))::int,
        lines.diff - round(lines.diff * 100 / (100 + lines.vat_percent))::int);
    end if;
  end loop;
  update public.invoices i set
    net_pence = (select coalesce(sum(l.net_pence), 0) from public.invoice_lines l where l.invoice_id = inv),
    vat_pence = (select coalesce(sum(l.vat_pence), 0) from public.invoice_lines l where l.invoice_id = inv),
    total_pence = (select coalesce(sum(l.net_pence + l.vat_pence), 0) from public.invoice_lines l
      where l.invoice_id = inv)
  where i.id = inv;

  perform private.offer_freed_course_places(c.id);
  quote := quote || jsonb_build_object('new_booking', (select jsonb_build_object('id', nb2.id,
    'reference', nb2.reference) from public.course_bookings nb2 where nb2.id = nb),
    'new_invoice', (select jsonb_build_object('id', i.id, 'number', i.number,
      'total_pence', i.total_pence) from public.invoices i where i.id = inv));
  perform private.queue_booking_changed(booking, jsonb_build_object('change', 'transfer',
    'places', (select jsonb_agg(coalesce(x->>'attendee_name', 'A place to be named'))
      from jsonb_array_elements(quote->'places') x),
    'fee_pence', (quote->>'fee_pence')::int + (quote->>'difference_pence')::int,
    'band', quote->>'band', 'to_course', quote->'to_course', 'new_booking', quote->'new_booking',
    'reason', why));
  return quote;
end
$$;
comment on function public.transfer_booking_places(uuid, uuid[], uuid, text, uuid) is
  'Transfers places once each to a later open course with room: a new booking there for the same booker and attendees, invoiced for the fee; the original invoice keeps paying for the places.';
grant execute on function public.transfer_booking_places(uuid, uuid[], uuid, text, uuid) to authenticated;

/**
 * Substitute the attendee of a named place, free: the new attendee's details replace the old,
 * the old attendee's account is unlinked, and the new one is linked to their trainee account or
 * invited to one. Returns the quote it acted on.
 */
create function public.substitute_attendee(place uuid, name text, email text, role text,
  organisation text) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_column
declare
  p public.course_places;
  who uuid;
  quote jsonb;
  addr text := lower(btrim(coalesce(email, '')));
  full_name text := btrim(coalesce(name, ''));
  job text := nullif(btrim(coalesce(role, '')), '');
  org text := nullif(btrim(coalesce(organisation, '')), '');
  existing public.profiles;
  inv uuid;
  old_name text;
begin
  select * into p from public.course_places where id = place;
  -- Only training staff are told a place does not exist; anyone else is simply not allowed.
  if p.id is null then
    if not private.manages_training() then
      raise exception 'You do not have permission to do that.' using errcode = '42501';
    end if;
    raise exception 'There is no such place.' using errcode = 'P0002';
  end if;
  who := private.require_booking_changer(p.booking_id);
  perform 1 from public.course_bookings where id = p.booking_id for update;
  quote := private.booking_change_quote(p.booking_id, 'substitute', array[place]);
  perform private.refuse_unless_allowed(quote);
  if length(full_name) not between 1 and 120 then
    raise exception 'Give the new attendee''s name.' using errcode = 'P0001', hint = 'name';
  end if;
  if addr !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' or length(addr) > 254 then
    raise exception 'Give the new attendee''s email address.' using errcode = 'P0001', hint = 'email';
  end if;
  if addr = p.attendee_email then
    raise exception 'That is the attendee already on this place.' using errcode = 'P0001', hint = 'email';
  end if;
  if exists (select 1 from public.course_places o where o.course_id = p.course_id
      and o.status = 'active' and o.attendee_email = addr) then
    raise exception 'Someone with that email already has a place on this course.'
      using errcode = 'P0001', hint = 'email';
  end if;
  if length(job) > 120 or length(org) > 200 then
    raise exception 'Keep the role to 120 characters and the organisation to 200.'
      using errcode = 'P0001', hint = case when length(job) > 120 then 'role' else 'organisation' end;
  end if;
  old_name := p.attendee_name;
  select * into existing from public.profiles where email = addr;
  update public.course_places set attendee_name = full_name, attendee_email = addr,
    attendee_role = job, attendee_organisation = org,
    trainee_id = case when existing.role = 'trainee' then existing.id end
  where id = place;
  -- Someone new gets an invitation to a trainee account (sent by the service, not a person).
  -- An address that already has another kind of account is not linked: staff sort that out.
  if existing.id is null then
    insert into public.invitations (email, full_name, role, invited_by)
    values (addr, full_name, 'trainee', null)
    on conflict (email) do nothing
    returning id into inv;
    if inv is null then
      select id into inv from public.invitations where email = addr and role = 'trainee'
        and accepted_at is null;
    end if;
    if inv is not null then
      perform private.send_invitation(inv);
    end if;
  end if;
  perform private.queue_booking_changed(p.booking_id, jsonb_build_object('change', 'substitute',
    'places', jsonb_build_array(full_name), 'replaced', old_name,
    'grants_online_training', (select t.grants_online_training from public.course_fee_tiers t
      where t.id = p.tier_id)));
  return quote || jsonb_build_object('invited', inv is not null);
end
$$;
comment on function public.substitute_attendee(uuid, text, text, text, text) is
  'Replaces a named place''s attendee, free: new details, old account unlinked, the new attendee linked to their trainee account or invited to one; tells the booker.';
grant execute on function public.substitute_attendee(uuid, text, text, text, text) to authenticated;

/**
 * The change page of a booking, for its booker and training staff: the booking and course, each
 * place (who, tier, state, whether it came by transfer), the course's terms, the courses its
 * places could move to (later, open, with room, and their tiers), its money and credit notes.
 */
create function public.booking_change_page(booking uuid) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
declare
  b public.course_bookings;
  c public.courses;
  first_day date;
begin
  perform private.require_booking_changer(booking);
  select * into b from public.course_bookings where id = booking;
  select * into c from public.courses where id = b.course_id;
  first_day := private.course_first_day(c.id);
  return jsonb_build_object(
    'staff', private.manages_training(),
    'today', (now() at time zone 'Europe/London')::date,
    'booking', jsonb_build_object('id', b.id, 'reference', b.reference, 'status', b.status,
      'booker_name', b.booker_name, 'booker_organisation', b.booker_organisation,
      'pay_by', b.pay_by),
    'course', jsonb_build_object('id', c.id, 'slug', c.slug, 'title', c.title,
      'first_day', first_day,
      'notice_days', first_day - (now() at time zone 'Europe/London')::date),
    'terms', jsonb_build_object(
      'transfer_fee_percent', c.transfer_fee_percent,
      'late_transfer_fee_percent', c.late_transfer_fee_percent,
      'late_notice_days', c.late_notice_days,
      'refund_full_percent', c.refund_full_percent,
      'refund_full_notice_days', c.refund_full_notice_days,
      'refund_part_percent', c.refund_part_percent,
      'refund_part_notice_days', c.refund_part_notice_days),
    'places', coalesce((select jsonb_agg(jsonb_build_object('id', p.id,
        'attendee_name', p.attendee_name, 'attendee_email', p.attendee_email,
        'attendee_role', p.attendee_role, 'attendee_organisation', p.attendee_organisation,
        'tier_name', t.name, 'grants_online_training', t.grants_online_training,
        'status', p.status, 'gross_pence', private.course_place_gross(p.id),
        'came_by_transfer', exists (select 1 from public.course_place_transfers x
          where x.to_place_id = p.id),
        'moved_to', (select jsonb_build_object('booking_id', nb.id, 'reference', nb.reference,
            'course_title', nc.title)
          from public.course_place_transfers x
          join public.course_places np on np.id = x.to_place_id
          join public.course_bookings nb on nb.id = np.booking_id
          join public.courses nc on nc.id = nb.course_id
          where x.from_place_id = p.id))
        order by p.attendee_name nulls last, p.created_at, p.id)
      from public.course_places p join public.course_fee_tiers t on t.id = p.tier_id
      where p.booking_id = b.id), '[]'),
    'courses', coalesce((select jsonb_agg(jsonb_build_object('id', o.id, 'title', o.title,
        'first_day', private.course_first_day(o.id),
        'places_left', greatest(o.capacity - private.course_places_taken(o.id), 0),
        'tiers', (select jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name,
            'gross_pence', round(t.price_pence * (1 + t.vat_percent / 100))::int)
          order by t.position, t.name) from public.course_fee_tiers t where t.course_id = o.id))
        order by private.course_first_day(o.id), o.title)
      from public.courses o
      where o.id <> c.id and o.status = 'open'
        and private.course_first_day(o.id) > first_day
        and (o.booking_closes_at is null or o.booking_closes_at > now())
        and (o.booking_opens_at is null or o.booking_opens_at <= now())
        and exists (select 1 from public.course_fee_tiers t where t.course_id = o.id)), '[]'),
    'money', private.booking_money(b.id),
    'credit_notes', coalesce((select jsonb_agg(jsonb_build_object('number', n.number,
        'issued_on', n.issued_on, 'total_pence', n.total_pence, 'reason', n.reason)
        order by n.number)
      from public.credit_notes n join public.invoices i on i.id = n.invoice_id
      where i.booking_id = b.id), '[]'));
end
$$;
comment on function public.booking_change_page(uuid) is
  'The booking change page for its booker and training staff: places, terms, courses to transfer to, money and credit notes.';
grant execute on function public.booking_change_page(uuid) to authenticated;
