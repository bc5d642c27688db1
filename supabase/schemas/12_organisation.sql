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
  updated_at timestamptz not null default now()
);
comment on table public.organisation is
  'The clinic''s details and message settings (one row): name and contact for emails and parents, the concerns deputy, default reminder times.';
comment on column public.organisation.morning_reminder_at is
  'London time of the reminder on the morning of a session; null sends none.';
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
