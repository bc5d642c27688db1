-- The organisation: the clinic's own details, used in every email and on the parents' pages,
-- and how it wants messages sent (who deputises for the lead on concerns, when reminders go).
--
-- One row. Only the clinical lead reads or changes it (the settings page); everyone else gets
-- what they need of it through the functions that build their pages and emails
-- (private.clinic()).

/** The clinic's details and message settings: exactly one row. */
create table public.organisation (
  id boolean primary key default true check (id),
  name text not null default 'Reflective Groups' check (length(btrim(name)) between 1 and 120),
  phone text check (length(phone) <= 40),
  email text check (email = lower(btrim(email)) and email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  postal_address text check (length(postal_address) <= 300),
  reply_to text check (reply_to = lower(btrim(reply_to)) and reply_to ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  concern_deputy uuid references public.profiles (id) on delete set null,
  reminder_days_before int[] not null default '{2}'
    check (cardinality(reminder_days_before) <= 3 and 1 <= all (reminder_days_before)
      and 14 >= all (reminder_days_before)),
  morning_reminder_at time default '08:00',
  staff_contact text check (length(staff_contact) <= 300),
  updated_at timestamptz not null default now(),
  region text not null default 'england_wales'
    constraint organisation_region_check
    check (region in ('england_wales', 'scotland', 'northern_ireland')),
  bank_details text check (length(bank_details) <= 300),
  vat_number text check (vat_number ~ '^[A-Z]{2}[0-9A-Z ]{5,15}$')
);
comment on table public.organisation is
  'The clinic''s details and message settings (one row): name and contact for emails and parents, the concerns deputy, default reminder times.';
comment on column public.organisation.morning_reminder_at is
  'London time of the reminder on the morning of a session; null sends none.';
comment on column public.organisation.region is
  'Where the groups run, for bank holidays: england_wales, scotland or northern_ireland.';
comment on column public.organisation.bank_details is
  'How to pay an invoice by bank transfer (account name, sort code, account number), printed on invoices.';
comment on column public.organisation.vat_number is
  'The clinic''s VAT registration number (e.g. GB123456789), printed on invoices.';
comment on column public.organisation.staff_contact is
  'A shared contact for the facilitators, shown to parents when set.';
alter table public.organisation enable row level security;
revoke insert, update, delete, truncate on public.organisation from anon, authenticated;

create policy "The clinical lead can read the organisation settings" on public.organisation
  for select to authenticated using ((select private.is_clinical_lead()));

create trigger organisation_audit after insert or update or delete on public.organisation
  for each row execute function private.audit_row();

/** The clinic's public details, for email payloads and parents' pages (anyone may be told them). */
create function private.clinic() returns jsonb
language sql stable security definer set search_path = ''
as $$
  select coalesce(
    (select jsonb_build_object('name', o.name, 'phone', o.phone, 'email', o.email,
       'postal_address', o.postal_address, 'reply_to', o.reply_to, 'staff_contact', o.staff_contact)
     from public.organisation o),
    jsonb_build_object('name', 'Reflective Groups', 'phone', null, 'email', null,
      'postal_address', null, 'reply_to', null, 'staff_contact', null))
$$;
comment on function private.clinic() is
  'The clinic''s name and contact details as jsonb (defaults when unset), for emails and pages.';

/**
 * The organisation's region (whose bank holidays the schedule warns about), for every staff page
 * that plans dates; england_wales until the lead says otherwise.
 */
create function private.region() returns text
language sql stable security definer set search_path = ''
as $$
  select coalesce((select o.region from public.organisation o), 'england_wales')
$$;
comment on function private.region() is
  'The organisation''s region for bank holidays (england_wales, scotland or northern_ireland).';
-- Staff pages (security invoker) call it for facilitators, who cannot read the settings row.
grant execute on function private.region() to authenticated;

/**
 * Save the organisation's settings (lead only): the clinic's details, the deputy for concerns
 * (a facilitator, or nobody), the default reminders and the facilitators' shared contact. Empty
 * text means not set; emails are kept lower-case; reminder days are kept once each, furthest
 * first. The region decides whose bank holidays the schedule warns about.
 */
create function public.save_organisation_settings(name text, phone text, email text,
  postal_address text, reply_to text, concern_deputy uuid, reminder_days_before int[],
  morning_reminder_at time, staff_contact text, region text) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  days int[] := array(select distinct d from unnest(coalesce(reminder_days_before, '{}')) d
                      where d is not null order by d desc);
begin
  perform private.require_role('clinical_lead');
  if concern_deputy is not null and not exists (
    select 1 from public.profiles p where p.id = concern_deputy and p.role = 'facilitator'
  ) then
    raise exception 'The deputy for concerns must be one of the facilitators.'
      using errcode = 'P0001', hint = 'concern_deputy';
  end if;
  if region is null or region not in ('england_wales', 'scotland', 'northern_ireland') then
    raise exception 'Choose England and Wales, Scotland or Northern Ireland.'
      using errcode = 'P0001', hint = 'region';
  end if;
  insert into public.organisation as o (id, name, phone, email, postal_address, reply_to,
    concern_deputy, reminder_days_before, morning_reminder_at, staff_contact, updated_at, region)
  values (true, btrim(name), nullif(btrim(phone), ''), nullif(lower(btrim(email)), ''),
    nullif(btrim(postal_address), ''), nullif(lower(btrim(reply_to)), ''), concern_deputy, days,
    morning_reminder_at, nullif(btrim(staff_contact), ''), now(), region)
  on conflict (id) do update set
    name = excluded.name, phone = excluded.phone, email = excluded.email,
    postal_address = excluded.postal_address, reply_to = excluded.reply_to,
    concern_deputy = excluded.concern_deputy, reminder_days_before = excluded.reminder_days_before,
    morning_reminder_at = excluded.morning_reminder_at, staff_contact = excluded.staff_contact,
    updated_at = excluded.updated_at, region = excluded.region;
  return jsonb_build_object('saved', true);
end
$$;
comment on function public.save_organisation_settings(text, text, text, text, text, uuid, int[], time, text, text) is
  'Saves the organisation''s settings (lead only); the deputy must be a facilitator; the region is one of three.';
