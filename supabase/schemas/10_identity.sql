-- Identity: profiles with roles, invitations, the append-only audit log, and the Supabase Auth
-- hook that puts the role into access tokens.
--
-- Roles live in public.profiles, never in user metadata, so only SQL can grant one. Accounts
-- exist only by invitation: a new auth user gets a profile only if an invitation for their
-- email exists. Every write to the tables below, and every sign-in, is written to the audit log
-- (ids and column names only, never values). Who may read a parent's or a facilitator's profile
-- depends on the groups they share, so that policy is in 30_groups.sql.

create type public.app_role as enum ('clinical_lead', 'facilitator', 'parent', 'booker', 'trainee',
  'training_admin');
comment on type public.app_role is
  'An account''s role: clinical_lead, facilitator or parent (the groups); training_admin, booker or trainee (the courses).';

/** One row per account. The role lives here, never in user_metadata, so only SQL can grant it. */
create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  email text not null,
  full_name text not null check (length(btrim(full_name)) between 1 and 120),
  role public.app_role not null,
  created_at timestamptz not null default now()
);
comment on table public.profiles is 'One row per account; the role lives here, never in user_metadata.';
create index profiles_role_idx on public.profiles (role);
-- The People page's search box: any part of a name or an email (pg_trgm, 00_foundation.sql).
create index profiles_full_name_trgm_idx on public.profiles using gin (full_name extensions.gin_trgm_ops);
create index profiles_email_trgm_idx on public.profiles using gin (email extensions.gin_trgm_ops);
alter table public.profiles enable row level security;

/** Who has been invited, as what, and by whom. Creating the auth user turns it into a profile. */
create table public.invitations (
  id uuid primary key default gen_random_uuid(),
  email text not null check (email = lower(btrim(email)) and email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  full_name text not null check (length(btrim(full_name)) between 1 and 120),
  role public.app_role not null check (role <> 'clinical_lead'),
  invited_by uuid references public.profiles (id),
  created_at timestamptz not null default now(),
  accepted_at timestamptz,
  sent_at timestamptz,
  token_expires_at timestamptz,
  token_hash bytea unique,
  token_used_at timestamptz
);
comment on table public.invitations is 'Invitations to join; accepted when the invitee sets up their account.';
comment on column public.invitations.invited_by is
  'Who sent it; null when the service itself did (a course booking invites its booker and attendees).';
comment on column public.invitations.token_hash is
  'SHA-256 of the current link''s token (the token itself is only in the email); a new one replaces it.';
comment on column public.invitations.token_expires_at is 'When the current link stops working: 7 days after it was sent.';
comment on column public.invitations.token_used_at is 'When the current link was used to set up the account; it works once.';
comment on column public.invitations.sent_at is 'When the invitation was last sent.';
create unique index invitations_one_per_email_idx on public.invitations (email);
create index invitations_invited_by_idx on public.invitations (invited_by);
alter table public.invitations enable row level security;

/** Append-only record of sign-ins and every write. Holds ids and column names, never values. */
create table public.audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor uuid,
  action text not null,
  table_name text,
  row_id text,
  detail jsonb not null default '{}'
);
comment on table public.audit_log is 'Append-only: who did what, when. Never holds personal values.';
create index audit_log_at_idx on public.audit_log (at desc);
create index audit_log_actor_idx on public.audit_log (actor);
alter table public.audit_log enable row level security;

-- What clients may write directly. The name is the only thing a person changes on their own
-- profile (role, email and id stay as SQL set them); an invitation says who is invited as what,
-- by whom (the policy checks it is the caller), never its dates; nobody writes the audit log.
revoke insert, update, delete, truncate on public.profiles from anon, authenticated;
grant update (full_name) on public.profiles to authenticated;
grant select on public.profiles to supabase_auth_admin;
revoke insert, update, delete, truncate on public.invitations from anon, authenticated;
grant insert (email, full_name, role, invited_by) on public.invitations to authenticated;
revoke insert, update, delete, truncate on public.audit_log from anon, authenticated;

-- Role helpers. Security definer so policies can ask about roles without recursing into RLS.

/** The signed-in person's role, or null. */
create function private.current_app_role() returns public.app_role
language sql stable security definer set search_path = ''
as $$
  select role from public.profiles where id = (select auth.uid())
$$;
comment on function private.current_app_role() is
  'The signed-in person''s role, or null. Security definer, so policies can ask without recursing into RLS.';

/** True when the signed-in person is the clinical lead. */
create function private.is_clinical_lead() returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce(private.current_app_role() = 'clinical_lead', false)
$$;
comment on function private.is_clinical_lead() is
  'True when the signed-in person is the clinical lead.';

/** True when the signed-in person is a facilitator. */
create function private.is_facilitator() returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce(private.current_app_role() = 'facilitator', false)
$$;
comment on function private.is_facilitator() is 'True when the signed-in person is a facilitator.';

/** Raise 42501 unless someone is signed in with one of the given roles; returns their id. */
create function private.require_role(variadic allowed public.app_role[]) returns uuid
language plpgsql stable security definer set search_path = ''
as $$
declare
  who uuid := (select auth.uid());
begin
  if who is null or private.current_app_role() is null
     or not (private.current_app_role() = any (allowed)) then
    raise exception 'You do not have permission to do that.' using errcode = '42501';
  end if;
  return who;
end
$$;
comment on function private.require_role(variadic public.app_role[]) is
  'Raises 42501 unless someone is signed in with one of the given roles; returns their id.';
grant execute on function private.current_app_role(), private.is_clinical_lead(),
  private.is_facilitator(), private.require_role(variadic public.app_role[]) to authenticated;

-- Audit: one trigger function for every table, security definer so the log stays unwritable
-- by clients yet records every write they make.

/** Append an audit row for a write; records the changed column names for updates. */
create function private.audit_row() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  changed text[];
  rec jsonb := to_jsonb(coalesce(new, old));
begin
  if tg_op = 'UPDATE' then
    select array_agg(n.key order by n.key) into changed
    from jsonb_each(to_jsonb(new)) n
    join jsonb_each(to_jsonb(old)) o using (key)
    where n.value is distinct from o.value;
  end if;
  insert into public.audit_log (actor, action, table_name, row_id, detail)
  values (
    (select auth.uid()),
    lower(tg_op),
    tg_table_name,
    -- the row's id, or for a table keyed otherwise (an answer, a goal) its primary key's values
    coalesce(rec ->> 'id', (
      select string_agg(rec ->> a.attname, ',' order by k.n)
      from pg_catalog.pg_index i
      cross join lateral unnest(i.indkey) with ordinality k (attnum, n)
      join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
      where i.indrelid = tg_relid and i.indisprimary)),
    case when changed is null then '{}'::jsonb else jsonb_build_object('columns', changed) end
  );
  return null;
end
$$;
comment on function private.audit_row() is
  'Trigger: appends an audit row for each write (the row''s id or primary key, and changed column names, never values).';

/** Refuse to change or remove audit rows, whoever asks. */
create function private.audit_log_is_append_only() returns trigger
language plpgsql set search_path = ''
as $$
begin
  raise exception 'The audit log is append-only.' using errcode = '42501';
end
$$;
comment on function private.audit_log_is_append_only() is
  'Trigger: refuses to change, delete or truncate audit rows, whoever asks.';

create trigger audit_log_no_update before update or delete on public.audit_log
  for each row execute function private.audit_log_is_append_only();
create trigger audit_log_no_truncate before truncate on public.audit_log
  for each statement execute function private.audit_log_is_append_only();

create trigger profiles_audit after insert or update or delete on public.profiles
  for each row execute function private.audit_row();
create trigger invitations_audit after insert or update or delete on public.invitations
  for each row execute function private.audit_row();

-- Accounts come into being only through an invitation: the profile and its role are taken from
-- the invitation, so a self-registered or admin-created account without one gets no access.

/** Create the profile for a new auth user from their pending invitation. */
create function private.handle_new_user() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  inv public.invitations;
begin
  select * into inv from public.invitations where email = lower(new.email);
  if found then
    insert into public.profiles (id, email, full_name, role)
    values (new.id, lower(new.email), inv.full_name, inv.role)
    on conflict (id) do nothing;
  end if;
  return new;
end
$$;
comment on function private.handle_new_user() is
  'Trigger on auth.users: creates a new account''s profile from its invitation; no invitation, no profile.';

/** Mark the invitation accepted once the invitee has confirmed their email. */
create function private.handle_user_confirmed() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  update public.invitations set accepted_at = now()
  where email = lower(new.email) and accepted_at is null;
  return new;
end
$$;
comment on function private.handle_user_confirmed() is
  'Trigger on auth.users: marks the invitation accepted once the invitee has confirmed their email.';

create trigger on_auth_user_created after insert on auth.users
  for each row execute function private.handle_new_user();
create trigger on_auth_user_confirmed after update of email_confirmed_at on auth.users
  for each row when (old.email_confirmed_at is null and new.email_confirmed_at is not null)
  execute function private.handle_user_confirmed();

-- Policies. One permissive policy per table, role and action.

create policy "People can change their own name" on public.profiles
  for update to authenticated using (id = (select auth.uid())) with check (id = (select auth.uid()));
create policy "The auth server can read roles for access tokens" on public.profiles
  for select to supabase_auth_admin using (true);

create policy "The lead reads every invitation; facilitators, those they sent" on public.invitations
  for select to authenticated using (
    (select private.is_clinical_lead()) or invited_by = (select auth.uid())
  );
create policy "Staff invite parents, and the lead also invites facilitators" on public.invitations
  for insert to authenticated with check (
    invited_by = (select auth.uid())
    and ((select private.is_clinical_lead())
         or ((select private.is_facilitator()) and role = 'parent'))
  );

create policy "The clinical lead can read the audit log" on public.audit_log
  for select to authenticated using ((select private.is_clinical_lead()));

-- The custom access token hook (configured in supabase/config.toml; the embedded backend calls
-- it too). Only the Auth server may run it.

/** Custom access token hook: adds the profile's role as the `user_role` claim, for routing. */
create function public.custom_access_token_hook(event jsonb) returns jsonb
language plpgsql stable set search_path = ''
as $$
declare
  claims jsonb := event -> 'claims';
  r public.app_role;
begin
  select role into r from public.profiles where id = (event ->> 'user_id')::uuid;
  claims := jsonb_set(claims, '{user_role}', coalesce(to_jsonb(r), 'null'::jsonb));
  return jsonb_build_object('claims', claims);
end
$$;
comment on function public.custom_access_token_hook(jsonb) is
  'Supabase Auth custom access token hook: adds the profile''s role as the user_role claim (routing only; SQL re-checks the table).';
revoke execute on function public.custom_access_token_hook(jsonb) from public, anon, authenticated;
grant execute on function public.custom_access_token_hook(jsonb) to supabase_auth_admin;

-- API: each page's load is one of these.

/** The signed-in person's own profile. */
create function public.my_profile() returns jsonb
language sql stable set search_path = ''
as $$
  select to_jsonb(p) from public.profiles p where p.id = (select auth.uid())
$$;
comment on function public.my_profile() is 'The signed-in person''s own profile.';

/** True when someone has already set up an account with the email. */
create function private.email_is_registered(candidate text) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from auth.users u
    where lower(u.email) = lower(candidate) and u.email_confirmed_at is not null
  )
$$;
comment on function private.email_is_registered(text) is
  'True when someone has already set up an account with the email.';

/** The invitation for an email whoever sent it (RLS would hide other people's). */
create function private.invitation_for(candidate text) returns public.invitations
language sql stable security definer set search_path = ''
as $$
  select * from public.invitations where email = lower(candidate)
$$;
comment on function private.invitation_for(text) is
  'The invitation for an email, whoever sent it (RLS would hide other people''s); for invite_person.';

-- Invitations are the app's own: a random token, stored only as its hash, valid for 7 days and
-- used once, in a link to /welcome/<token> where the person sets their password. (Supabase's
-- own invite link lasts at most otp_expiry, a day, and its email knows nothing of groups.) The
-- email is queued here, in the transaction that records the invitation.

/**
 * A new link for an invitation: a random token valid for 7 days, of which only the hash is
 * kept; any earlier link stops working. Returns the token, for the email.
 */
create function private.issue_invitation_token(invitation uuid) returns text
language plpgsql security definer set search_path = ''
as $$
declare
  token text := encode(extensions.gen_random_bytes(32), 'hex');
begin
  update public.invitations
     set token_hash = extensions.digest(token, 'sha256'),
         token_expires_at = now() + interval '7 days', token_used_at = null, sent_at = now()
   where id = invitation;
  return token;
end
$$;
comment on function private.issue_invitation_token(uuid) is
  'Gives an invitation a new link (random token, hash kept, 7 days, single use), killing the old one; returns the token.';

/**
 * Queue the invitation email with a new link. With an enrolment it says what the family has
 * been given (a place, a waitlist spot or an offer, with the group's dates, venue and
 * facilitators); the payload names who invited them. Returns the message id.
 */
create function private.send_invitation(invitation uuid, enrolment uuid default null) returns bigint
language plpgsql security definer set search_path = ''
as $$
declare
  inv public.invitations;
  inviter public.profiles;
  token text;
begin
  select * into inv from public.invitations where id = invitation;
  select * into inviter from public.profiles where id = inv.invited_by;
  token := private.issue_invitation_token(inv.id);
  return private.queue_message_to_email('invitation', inv.email, inv.full_name, jsonb_build_object(
    'token', token,
    'expires_at', (select token_expires_at from public.invitations where id = inv.id),
    'role', inv.role,
    'invited_by', jsonb_build_object('full_name', inviter.full_name,
      'first_name', split_part(inviter.full_name, ' ', 1), 'role', inviter.role),
    'place', case when enrolment is not null then private.place_message(enrolment) end));
end
$$;
comment on function private.send_invitation(uuid, uuid) is
  'Queues an invitation email with a new link; with an enrolment, it says what place the family has been given.';

/**
 * Record an invitation and queue its email. Security definer, so the lookups it needs (is the
 * email registered, who sent its invitation) stay private. The role check comes first, then
 * the same rule as the insert policy: the lead invites facilitators and parents, a facilitator
 * only parents (and nobody is invited as clinical lead: the table's check refuses it). Asking
 * again sends a new link (the old one stops working). With `for_group` the invitation is for a
 * family about to be enrolled there: the enrolment sends the email, naming the group.
 */
create function public.invite_person(email text, full_name text, role public.app_role,
  for_group uuid default null) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_column
declare
  who uuid := private.require_role('clinical_lead', 'facilitator');
  inv public.invitations;
  clean_email text := lower(btrim(invite_person.email));
begin
  if invite_person.role is distinct from 'parent' and not private.is_clinical_lead() then
    raise exception 'Only the clinical lead can invite a %.', invite_person.role using errcode = '42501';
  end if;
  if for_group is not null then
    perform private.require_group_staff(for_group);
  end if;
  if private.email_is_registered(clean_email) then
    raise exception 'There is already an account for %.', clean_email
      using errcode = 'P0001', hint = 'email';
  end if;
  -- Asking again re-sends the same invitation; someone else's stays theirs.
  inv := private.invitation_for(clean_email);
  if inv.id is not null and (inv.invited_by <> who or inv.role <> invite_person.role) then
    raise exception '% has already been invited.', clean_email using errcode = 'P0001', hint = 'email';
  end if;
  if inv.id is null then
    insert into public.invitations (email, full_name, role, invited_by)
    values (clean_email, btrim(invite_person.full_name), invite_person.role, who)
    returning * into inv;
  end if;
  if for_group is null then
    perform private.send_invitation(inv.id);
  end if;
  return jsonb_build_object('id', inv.id, 'email', inv.email, 'role', inv.role);
end
$$;
comment on function public.invite_person(text, text, public.app_role, uuid) is
  'Record an invitation and queue its email (lead: facilitators and parents; facilitator: parents); repeats send a new link.';

/**
 * Send an invitation again with a new link (the old one stops working), until the account is
 * set up. The lead may resend any; a facilitator, a parent's: one they invited, or one with a
 * place, offer or waitlist spot in a group they run (`group_id`, from the place card). When the
 * family is in a group the email says so (that group's, or else their latest).
 */
create function public.resend_invitation(invitation_id uuid, group_id uuid default null) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_role('clinical_lead', 'facilitator');
  inv public.invitations;
  place uuid;
begin
  select * into inv from public.invitations i where i.id = invitation_id for update;
  if not found then
    raise exception 'No such invitation.' using errcode = 'P0002';
  end if;
  select e.id into place
  from public.enrolments e join public.profiles p on p.id = e.parent_id
  where p.email = inv.email and e.status in ('enrolled', 'offered', 'waitlisted')
    and (group_id is null or e.group_id = group_id)
  order by e.created_at desc limit 1;
  if not private.is_clinical_lead() and (inv.role <> 'parent' or (inv.invited_by <> who
      and not (group_id is not null and place is not null and private.facilitates(group_id)))) then
    raise exception 'You do not have permission to resend this invitation.' using errcode = '42501';
  end if;
  if private.email_is_registered(inv.email) then
    raise exception '% has already set up their account.', inv.full_name using errcode = 'P0001';
  end if;
  perform private.send_invitation(inv.id, place);
  return jsonb_build_object('id', inv.id, 'email', inv.email, 'full_name', inv.full_name);
end
$$;
comment on function public.resend_invitation(uuid, uuid) is
  'Sends an invitation again with a new link, the old one dead (lead: any; facilitator: parents they invited or in their group).';

/** Where an invitation link stands: valid, expired, used or unknown, from its token. */
create function private.invitation_status(inv public.invitations) returns text
language sql stable security definer set search_path = ''
as $$
  select case
    when inv.id is null then 'unknown'
    when inv.token_used_at is not null or private.email_is_registered(inv.email) then 'used'
    when inv.token_expires_at <= now() then 'expired'
    else 'valid'
  end
$$;
comment on function private.invitation_status(public.invitations) is
  'Where an invitation link stands: valid, expired, used (or the account is set up) or unknown.';

/**
 * What the welcome page shows for a link: whether it can still be used and, if it can, who it is
 * for (the name to prefill) and whether their sign-in account exists yet. Service role only:
 * the app's server calls it for a visitor who is not signed in.
 */
create function public.invitation_by_token(token text) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  inv public.invitations;
  state text;
begin
  select * into inv from public.invitations i
  where i.token_hash = extensions.digest(coalesce(token, ''), 'sha256');
  state := private.invitation_status(inv);
  if state <> 'valid' then
    return jsonb_build_object('status', state);
  end if;
  return jsonb_build_object('status', state, 'email', inv.email, 'full_name', inv.full_name,
    'role', inv.role, 'expires_at', inv.token_expires_at,
    'user_id', (select u.id from auth.users u where lower(u.email) = inv.email));
end
$$;
comment on function public.invitation_by_token(text) is
  'The welcome page''s view of an invitation link: valid (with who it is for) or expired, used, unknown. Service role only.';
revoke execute on function public.invitation_by_token(text) from public, anon, authenticated;
grant execute on function public.invitation_by_token(text) to service_role;

/**
 * Use an invitation link, once: marks it used and the invitation accepted, and keeps the name
 * the person gave (on the invitation and their profile). The server calls it after the Auth
 * server has set their password, so a password Auth refuses does not spend the link. Refuses a
 * link that is not valid with P0001 and its state (expired, used, unknown) in the detail.
 */
create function public.accept_invitation(token text, full_name text) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  inv public.invitations;
  state text;
  name text := btrim(coalesce(full_name, ''));
begin
  select * into inv from public.invitations i
  where i.token_hash = extensions.digest(coalesce(token, ''), 'sha256') for update;
  state := private.invitation_status(inv);
  -- Auth has just confirmed the account, which is what makes a valid link read as used.
  if state = 'used' and inv.token_used_at is null then
    state := case when inv.token_expires_at <= now() then 'expired' else 'valid' end;
  end if;
  if state <> 'valid' then
    raise exception 'This link can no longer be used.' using errcode = 'P0001', detail = state;
  end if;
  if length(name) not between 1 and 120 then
    raise exception 'Enter your full name.' using errcode = 'P0001', hint = 'full_name';
  end if;
  update public.invitations i
     set token_used_at = now(), accepted_at = coalesce(i.accepted_at, now()), full_name = name
   where i.id = inv.id;
  update public.profiles p set full_name = name where p.email = inv.email and p.full_name <> name;
  return jsonb_build_object('email', inv.email, 'role', inv.role, 'full_name', name);
end
$$;
comment on function public.accept_invitation(text, text) is
  'Uses an invitation link once (after Auth set the password): marks it used and keeps the person''s name. Service role only.';
revoke execute on function public.accept_invitation(text, text) from public, anon, authenticated;
grant execute on function public.accept_invitation(text, text) to service_role;

/**
 * The lead's People page: accounts and invitations, searched and paged.
 * Security definer, with the role checked first: the lead may read every profile and invitation
 * anyway, and PostgreSQL will not use an index for a search (ilike is not leakproof) under a
 * row-level policy, so as invoker the search would read all 24,000 profiles.
 */
create function public.review_home(
  role text default null, search text default null, page int default 1
) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  pattern text := private.search_pattern(search);
  size constant int := 50;
  result jsonb;
begin
  perform private.require_role('clinical_lead');
  with matching as (
    select p.id, p.full_name, p.email, p.role,
      case p.role when 'clinical_lead' then 1 when 'facilitator' then 2 when 'training_admin' then 3
        when 'parent' then 4 else 5 end as rank
    from public.profiles p
    where (review_home.role is null or p.role::text = review_home.role)
      and (pattern is null or p.full_name ilike pattern or p.email ilike pattern)
  ),
  counted as (select count(*) as n from matching),
  win as (select w.page, w.skip from counted, private.page_window(review_home.page, counted.n, size) w),
  rows as (
    select m.* from matching m order by m.rank, m.full_name, m.id
    limit size offset (select skip from win)
  ),
  -- Invitations, newest first: the recent ones are those someone may need to resend; the
  -- search finds any other.
  invited as (
    select i.* from public.invitations i
    where pattern is null or i.full_name ilike pattern or i.email ilike pattern
  )
  select jsonb_build_object(
    'counts', (select coalesce(jsonb_object_agg(c.role, c.n), '{}') from (
      select p.role, count(*) as n from public.profiles p group by p.role) c),
    'paging', private.paging_json((select win.page from win), size, (select n from counted)),
    'people', (select coalesce(jsonb_agg(jsonb_build_object(
      'id', m.id, 'full_name', m.full_name, 'email', m.email, 'role', m.role
    ) order by m.rank, m.full_name, m.id), '[]') from rows m),
    'invitations_total', (select count(*) from invited),
    'invitations', (select coalesce(jsonb_agg(jsonb_build_object(
        'id', i.id, 'email', i.email, 'full_name', i.full_name, 'role', i.role,
        'created_at', i.created_at, 'accepted_at', i.accepted_at, 'sent_at', i.sent_at,
        'set_up', coalesce((private.account_state(i.email) ->> 'set_up')::boolean, false)
      ) order by i.created_at desc, i.id), '[]')
      from (select * from invited w order by w.created_at desc, w.id limit 20) i)
  )
  into result;
  return result;
end
$$;
comment on function public.review_home(text, text, int) is
  'The lead''s People page: everyone with an account, by role and searched by name or email, 50 a page; how many of each role; and the 20 newest invitations (searched too), with how many match.';
