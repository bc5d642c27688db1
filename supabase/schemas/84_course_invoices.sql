-- Invoices and payments for course bookings.
--
-- An invoice is issued once per booking (at booking for pay-by-invoice, when the card payment
-- arrives for pay-by-card) with the next number in an unbroken sequence, and keeps a copy of the
-- supplier's and the customer's details as they were that day: an issued invoice does not change
-- when the settings do. Lines are per fee tier, net, with VAT per line.
--
-- Money in and out is in booking_payments (bank transfers, card payments, refunds). A booking's
-- payment state is computed, never stored (private.booking_money): awaiting payment, part paid,
-- paid, refunded or cancelled, with overdue when unpaid past the invoice's due date. Stripe
-- events are kept by id, so a webhook delivered twice changes nothing the second time.

/** The next number of each numbered document (invoices, credit notes): one row each, locked to take one. */
create table public.document_numbers (
  kind text primary key check (kind in ('credit_note', 'invoice')),
  next_number int not null default 1 check (next_number >= 1)
);
comment on table public.document_numbers is
  'The next invoice and credit-note number; taken under a row lock, so the sequence has no gaps or repeats.';
alter table public.document_numbers enable row level security;

/** An invoice for a booking, as issued: numbers, dates, and copies of both parties' details. */
create table public.invoices (
  id uuid primary key default gen_random_uuid(),
  booking_id uuid not null unique references public.course_bookings (id),
  number int not null unique check (number >= 1),
  issued_on date not null,
  due_on date not null,
  supplier jsonb not null check (jsonb_typeof(supplier) = 'object'),
  customer jsonb not null check (jsonb_typeof(customer) = 'object'),
  po_number text check (length(btrim(po_number)) between 1 and 60),
  net_pence int not null check (net_pence >= 0),
  vat_pence int not null check (vat_pence >= 0),
  total_pence int not null check (total_pence = net_pence + vat_pence),
  created_at timestamptz not null default now(),
  check (due_on >= issued_on)
);
comment on table public.invoices is
  'One invoice per booking, numbered in sequence, with the supplier''s and customer''s details as issued.';
comment on column public.invoices.customer is
  'Who is invoiced, as issued: the finance contact (name, email, postal address) and organisation, or the card payer.';
alter table public.invoices enable row level security;

/** An invoice's lines: one per fee tier booked, net, with its VAT. */
create table public.invoice_lines (
  invoice_id uuid not null references public.invoices (id) on delete cascade,
  position int not null check (position between 1 and 50),
  description text not null check (length(btrim(description)) between 1 and 300),
  quantity int not null check (quantity between 1 and 500),
  unit_pence int not null check (unit_pence >= 0),
  vat_percent numeric(5, 2) not null check (vat_percent between 0 and 100),
  net_pence int not null check (net_pence = quantity * unit_pence),
  vat_pence int not null check (vat_pence >= 0),
  primary key (invoice_id, position)
);
comment on table public.invoice_lines is 'An invoice''s lines: quantity of a fee tier at its net price, and the VAT on it.';
alter table public.invoice_lines enable row level security;

/** Money received for a booking, or refunded: bank transfer, card or other. */
create table public.booking_payments (
  id uuid primary key default gen_random_uuid(),
  booking_id uuid not null references public.course_bookings (id),
  kind text not null check (kind in ('payment', 'refund')),
  method text not null check (method in ('bank_transfer', 'card', 'other')),
  amount_pence int not null check (amount_pence between 1 and 100000000),
  received_on date not null,
  reference text check (length(btrim(reference)) between 1 and 140),
  stripe_id text unique check (length(stripe_id) <= 255),
  recorded_by uuid references public.profiles (id) on delete set null,
  note text check (length(note) <= 500),
  created_at timestamptz not null default now()
);
comment on table public.booking_payments is
  'Payments received for bookings and refunds paid out; card ones carry Stripe''s id, once each.';
create index booking_payments_booking_idx on public.booking_payments (booking_id);
alter table public.booking_payments enable row level security;

/** Stripe webhook events already handled, by Stripe's event id: a repeat is ignored. */
create table public.stripe_events (
  id text primary key check (length(id) between 1 and 255),
  type text not null check (length(type) <= 100),
  received_at timestamptz not null default now()
);
comment on table public.stripe_events is
  'Stripe webhook events already processed, by event id, so a redelivered event changes nothing.';
alter table public.stripe_events enable row level security;

revoke insert, update, delete, truncate on public.document_numbers, public.invoices,
  public.invoice_lines, public.booking_payments, public.stripe_events from anon, authenticated;
revoke select on public.document_numbers, public.stripe_events from anon, authenticated;

create trigger invoices_audit after insert or update or delete on public.invoices
  for each row execute function private.audit_row();
create trigger booking_payments_audit after insert or update or delete on public.booking_payments
  for each row execute function private.audit_row();

/**
 * Take the next number of a kind of document, under a row lock: no gaps, no repeats. The first
 * of a kind is 1 (its counter row is made then), so the schema holds no data.
 */
create function private.take_document_number(doc text) returns int
language sql volatile security definer set search_path = ''
as $$
  insert into public.document_numbers as d (kind, next_number) values (doc, 2)
  on conflict (kind) do update set next_number = d.next_number + 1
  returning d.next_number - 1
$$;
comment on function private.take_document_number(text) is
  'Takes the next invoice or credit-note number (row lock: an unbroken sequence).';

/**
 * Issue a booking's invoice (once): the next number, today's date, due after the course's
 * payment days but never after its first day, the supplier as the organisation settings say
 * today, the finance contact (or the booker, for card), and a line per fee tier of its active
 * places. Returns the invoice id; a second call returns the same one.
 */
create function private.issue_invoice(booking uuid) returns uuid
language plpgsql security definer set search_path = ''
as $$
declare
  b public.course_bookings;
  c public.courses;
  inv uuid;
  today date := (now() at time zone 'Europe/London')::date;
  starts date;
begin
  select * into b from public.course_bookings where id = booking for update;
  select id into inv from public.invoices where booking_id = booking;
  if inv is not null then
    return inv;
  end if;
  select * into c from public.courses where id = b.course_id;
  starts := (private.course_starts_at(c.id) at time zone 'Europe/London')::date;
  insert into public.invoices (booking_id, number, issued_on, due_on, supplier, customer,
    po_number, net_pence, vat_pence, total_pence)
  values (booking, private.take_document_number('invoice'), today,
    greatest(today, least(today + c.payment_due_days, coalesce(starts - 1, today + c.payment_due_days))),
    private.invoice_supplier(),
    jsonb_build_object(
      'name', coalesce(b.finance_name, b.booker_name),
      'email', coalesce(b.finance_email, b.booker_email),
      'address', b.finance_address,
      'organisation', nullif(b.booker_organisation, '')),
    b.po_number, 0, 0, 0)
  returning id into inv;
  insert into public.invoice_lines (invoice_id, position, description, quantity, unit_pence,
    vat_percent, net_pence, vat_pence)
  select inv, row_number() over (order by t.position, t.name),
    c.title || ' — ' || t.name, count(*), t.price_pence, t.vat_percent,
    count(*) * t.price_pence, round(count(*) * t.price_pence * t.vat_percent / 100)
  from public.course_places p join public.course_fee_tiers t on t.id = p.tier_id
  where p.booking_id = booking and p.status = 'active'
  group by t.id, t.position, t.name, t.price_pence, t.vat_percent;
  update public.invoices i set
    net_pence = coalesce((select sum(l.net_pence) from public.invoice_lines l where l.invoice_id = inv), 0),
    vat_pence = coalesce((select sum(l.vat_pence) from public.invoice_lines l where l.invoice_id = inv), 0),
    total_pence = coalesce((select sum(l.net_pence + l.vat_pence) from public.invoice_lines l
      where l.invoice_id = inv), 0)
  where i.id = inv;
  return inv;
end
$$;
comment on function private.issue_invoice(uuid) is
  'Issues a booking''s invoice once (next number, due date from the terms but before the first day, supplier and customer copied, a line per tier); returns its id.';

/** The supplier's details for a new invoice, from the organisation settings. */
create function private.invoice_supplier() returns jsonb
language sql stable security definer set search_path = ''
as $$
  select coalesce((select jsonb_build_object('name', o.name, 'address', o.postal_address,
      'email', o.email, 'phone', o.phone, 'vat_number', o.vat_number,
      'bank_details', o.bank_details) from public.organisation o),
    jsonb_build_object('name', 'Reflective Groups'))
$$;
comment on function private.invoice_supplier() is
  'The supplier block for a new invoice: the organisation''s name, address, contact, VAT number and bank details.';

/**
 * A credit note against an invoice: money the booking no longer owes (a cancellation's refund
 * under the course's terms, 87_course_terms.sql). Numbered in its own unbroken sequence; net and
 * VAT split at the places' VAT rate. What is due is the invoice less its credit notes; money
 * already paid is paid back by the admin as a payment of kind 'refund'.
 */
create table public.credit_notes (
  id uuid primary key default gen_random_uuid(),
  invoice_id uuid not null references public.invoices (id),
  number int not null unique check (number >= 1),
  issued_on date not null,
  net_pence int not null check (net_pence >= 0),
  vat_pence int not null check (vat_pence >= 0),
  total_pence int not null check (total_pence = net_pence + vat_pence and total_pence > 0),
  reason text not null check (length(btrim(reason)) between 1 and 500),
  places uuid[] not null default '{}',
  issued_by uuid references public.profiles (id) on delete set null,
  created_at timestamptz not null default now()
);
comment on table public.credit_notes is
  'Credit notes against invoices (a cancellation''s refundable amount), numbered in sequence; what is due is the invoice less these.';
comment on column public.credit_notes.places is 'The places the credit is for (course_places ids).';
create index credit_notes_invoice_idx on public.credit_notes (invoice_id);
alter table public.credit_notes enable row level security;
revoke insert, update, delete, truncate on public.credit_notes from anon, authenticated;
create trigger credit_notes_audit after insert or update or delete on public.credit_notes
  for each row execute function private.audit_row();

/**
 * A booking's money: what is due (the invoice total less its credit notes, or the places'
 * price before one is issued), paid, refunded, the balance, its payment state and whether it is
 * overdue.
 *   cancelled        cancelled or expired with nothing paid, or fully credited and unpaid
 *   refunded         cancelled or expired, and the money paid was paid back
 *   paid             paid in at least what is due
 *   part paid        something paid, less than is due
 *   awaiting payment nothing paid yet
 */
create function private.money_json(booking_status text, invoice_pence int, credited_pence int,
  placed_pence int, received_pence int, refunded_pence int, due_on date) returns jsonb
language plpgsql stable set search_path = ''
as $$
-- PL/pgSQL of plain expressions (no query): called once a booking, for hundreds in a course list.
declare
  -- Due: the invoice less its credit notes; before an invoice, the places' prices with VAT.
  due int := coalesce(invoice_pence - credited_pence, placed_pence, 0);
  held int := received_pence - refunded_pence;
  state text;
begin
  state := case
    -- Refunded is an end state: a live booking whose money was paid back still owes it.
    when refunded_pence > 0 and held <= 0 and booking_status in ('cancelled', 'expired')
      then 'refunded'
    when booking_status in ('cancelled', 'expired') and held <= 0 then 'cancelled'
    when due <= 0 and credited_pence > 0 and held <= 0 then 'cancelled'
    when due > 0 and held >= due then 'paid'
    when due = 0 and booking_status = 'booked' then 'paid'
    when held > 0 then 'part paid'
    else 'awaiting payment' end;
  return jsonb_build_object(
    'due_pence', due, 'paid_pence', received_pence, 'refunded_pence', refunded_pence,
    'balance_pence', due - held,
    'state', state,
    'due_on', due_on,
    'overdue', state in ('awaiting payment', 'part paid') and booking_status = 'booked'
      and coalesce(due_on < (now() at time zone 'Europe/London')::date, false));
end
$$;
comment on function private.money_json(text, int, int, int, int, int, date) is
  'The payment rule on a booking''s facts (status, invoice total, credited, the places'' price, received, refunded, due date): due, paid, refunded, balance, state and overdue, as booking_money returns them.';

/**
 * Bookings' money, one row a booking: every booking's facts read in one pass (a page of
 * bookings, or every booked booking of a page of courses), judged by the one rule, money_json.
 * PL/pgSQL, so its query is planned once a session rather than at every call.
 */
create function private.bookings_money(bookings uuid[]) returns table (booking_id uuid, money jsonb)
language plpgsql stable security definer set search_path = ''
as $$
#variable_conflict use_column
begin
  return query
  with b as (select b.id, b.status from public.course_bookings b where b.id = any(bookings)),
  placed as (
    select p.booking_id, sum(round(t.price_pence * (1 + t.vat_percent / 100)))::int as pence
    from public.course_places p join public.course_fee_tiers t on t.id = p.tier_id
    where p.booking_id = any(bookings) and p.status = 'active' group by p.booking_id),
  paid as (
    select bp.booking_id,
      coalesce(sum(bp.amount_pence) filter (where bp.kind = 'payment'), 0)::int as received,
      coalesce(sum(bp.amount_pence) filter (where bp.kind = 'refund'), 0)::int as refunded
    from public.booking_payments bp where bp.booking_id = any(bookings)
    group by bp.booking_id)
  select b.id, private.money_json(b.status, i.total_pence,
    coalesce((select sum(n.total_pence)::int from public.credit_notes n where n.invoice_id = i.id), 0),
    pl.pence, coalesce(pd.received, 0), coalesce(pd.refunded, 0), i.due_on)
  from b
  left join public.invoices i on i.booking_id = b.id
  left join placed pl on pl.booking_id = b.id
  left join paid pd on pd.booking_id = b.id;
end
$$;
comment on function private.bookings_money(uuid[]) is
  'Each booking''s money (as booking_money returns it), the facts of all of them read in one pass.';

/**
 * One booking's money: its facts read by key, judged by private.money_json. The same facts as
 * private.bookings_money reads for many at once (tests/db/bookings-money checks they agree);
 * by key it costs a quarter of a call to that for one booking, and pages ask it per row.
 */
create function private.booking_money(booking uuid) returns jsonb
language sql stable security definer set search_path = ''
as $$
  select private.money_json(b.status,
    i.total_pence,
    (select coalesce(sum(n.total_pence), 0)::int from public.credit_notes n where n.invoice_id = i.id),
    (select sum(round(t.price_pence * (1 + t.vat_percent / 100)))::int
      from public.course_places p join public.course_fee_tiers t on t.id = p.tier_id
      where p.booking_id = b.id and p.status = 'active'),
    (select coalesce(sum(bp.amount_pence), 0)::int from public.booking_payments bp
      where bp.booking_id = b.id and bp.kind = 'payment'),
    (select coalesce(sum(bp.amount_pence), 0)::int from public.booking_payments bp
      where bp.booking_id = b.id and bp.kind = 'refund'),
    i.due_on)
  from public.course_bookings b
  left join public.invoices i on i.booking_id = b.id
  where b.id = booking
$$;
comment on function private.booking_money(uuid) is
  'A booking''s money as jsonb: due (invoice less credit notes), paid, refunded, balance, state (awaiting payment, part paid, paid, refunded, cancelled) and overdue.';

-- Policies: a booking's invoice and payments are its booker's and the training staff's.

create policy "Bookers see their invoices; training staff see all" on public.invoices
  for select to authenticated
  using (booking_id in (select private.my_booking_ids()) or (select private.manages_training()));
create policy "Bookers see their invoices' lines; training staff see all" on public.invoice_lines
  for select to authenticated
  using (invoice_id in (select i.id from public.invoices i));
create policy "Bookers see their payments; training staff see all" on public.booking_payments
  for select to authenticated
  using (booking_id in (select private.my_booking_ids()) or (select private.manages_training()));
create policy "Bookers see their credit notes; training staff see all" on public.credit_notes
  for select to authenticated
  using (invoice_id in (select i.id from public.invoices i));

-- The supplier's details on invoices: the clinic's name, address and contact are the lead's
-- settings (12_organisation.sql); the VAT number and bank details are set here by the training
-- staff, who issue the invoices.

/** The invoice details page: what new invoices will say about the supplier (training staff). */
create function public.invoice_settings_page() returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
begin
  if not private.manages_training() then
    raise exception 'Only the training admin or the clinical lead can see the invoice details.'
      using errcode = '42501';
  end if;
  return jsonb_build_object('supplier', private.invoice_supplier(),
    'next_invoice_number', coalesce(
      (select next_number from public.document_numbers where kind = 'invoice'), 1));
end
$$;
comment on function public.invoice_settings_page() is
  'The invoice details page (training staff): the supplier block new invoices get, and the next invoice number.';

/**
 * Save the VAT number and bank details printed on new invoices (training staff). Empty means
 * not shown. A VAT number is kept in capitals without spaces.
 * Invoices already issued keep the details they were issued with.
 */
create function public.save_invoice_settings(vat_number text, bank_details text) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  vat text := nullif(upper(regexp_replace(coalesce(vat_number, ''), '\s', '', 'g')), '');
  bank text := nullif(btrim(coalesce(bank_details, '')), '');
begin
  if not private.manages_training() then
    raise exception 'Only the training admin or the clinical lead can change the invoice details.'
      using errcode = '42501';
  end if;
  -- A UK number is GB (or XI) and 9 or 12 digits; another country's, two letters and at least
  -- five digits among letters.
  if vat is not null and not (vat ~ '^(GB|XI)([0-9]{9}|[0-9]{12})$'
      or (vat ~ '^[A-Z]{2}[0-9A-Z]{5,13}$' and vat !~ '^(GB|XI)'
        and length(regexp_replace(vat, '[^0-9]', '', 'g')) >= 5)) then
    raise exception 'Enter the VAT number as it is registered, like GB123456789.'
      using errcode = 'P0001', hint = 'vat_number';
  end if;
  if length(bank) > 300 then
    raise exception 'Keep the bank details under 300 characters.'
      using errcode = 'P0001', hint = 'bank_details';
  end if;
  insert into public.organisation as o (id, vat_number, bank_details, updated_at)
  values (true, vat, bank, now())
  on conflict (id) do update set vat_number = excluded.vat_number,
    bank_details = excluded.bank_details, updated_at = excluded.updated_at;
  return jsonb_build_object('saved', true);
end
$$;
comment on function public.save_invoice_settings(text, text) is
  'Saves the VAT number and bank details printed on new invoices (training staff only).';
