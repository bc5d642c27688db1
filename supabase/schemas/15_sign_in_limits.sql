-- Sign-in limits that hold on every Supabase plan.
--
-- The sign-in action asks the database before it tries a password and tells it the outcome
-- afterwards, through two functions only the server (service role) can call:
--
--   public.start_sign_in_attempt(email, address)            counts the attempt, or refuses it
--   public.finish_sign_in_attempt(email, address, outcome)  succeeded | failed | not_tried
--
-- The rules, each over the last 15 minutes (a sliding window):
--   * 5 failures for one email from one client address refuse that pair (email and address);
--   * 20 failures from one address, whatever the emails, refuse that address;
--   * nothing here refuses an account at every address, so a stranger elsewhere can never lock
--     out the right person at their usual address;
--   * a success clears its pair, and takes its own attempt off the address's count.
-- An attempt is counted when it starts, under the key rows' locks, so parallel guesses cannot
-- slip past a limit; the counters work the same whether or not an account exists, so the
-- answers never tell. Keys are HMAC-SHA-256 digests under a secret kept in this database,
-- never plain emails or addresses, and rows untouched for a day are deleted as others pass.
-- An account's owner is emailed (at most once in 24 hours) once 5 attempts from anywhere have
-- failed within 15 minutes. Audit rows are capped: failures are logged while an email has at
-- most 20 in the window (a pair cannot pass 5, an address 20), and one `sign_in_blocked` row is
-- logged per key per 15 minutes.
--
-- The password verification hook (Team and Enterprise plans) is an extra layer where the plan
-- has it, with a ceiling of 100 failures per account in 15 minutes (reachable only by a
-- distributed attack), the same message, and no audit rows of its own.

/**
 * The secret the sign-in limit keys are made with, so a leaked table does not give emails.
 * Its one row is data: the migration that made the table inserts it.
 */
create table private.sign_in_key_secret (
  only_row boolean primary key default true check (only_row),
  secret bytea not null default extensions.gen_random_bytes(32)
);
comment on table private.sign_in_key_secret is 'One row: the HMAC secret behind private.sign_in_limits keys. Never leaves the database.';
alter table private.sign_in_key_secret enable row level security;
revoke all on private.sign_in_key_secret from public, anon, authenticated;

/**
 * Recent sign-in failures per key. `pair` rows (an email from one address) and `address` rows
 * hold the failures of the last 15 minutes, including attempts still in progress (counted when
 * they start); `email` rows only remember when the account's owner was last warned.
 */
create table private.sign_in_limits (
  key bytea primary key,
  kind text not null check (kind in ('pair', 'address', 'email')),
  email_key bytea,
  failures timestamptz[] not null default '{}',
  blocked_logged_at timestamptz,
  notified_at timestamptz,
  touched_at timestamptz not null default now(),
  check ((kind = 'pair') = (email_key is not null))
);
comment on table private.sign_in_limits is 'Sign-in failures per hashed key (email with address, address, email) for the last 15 minutes; rows untouched for a day are deleted.';
create index sign_in_limits_email_key_idx on private.sign_in_limits (email_key)
  where email_key is not null;
create index sign_in_limits_touched_at_idx on private.sign_in_limits (touched_at);
alter table private.sign_in_limits enable row level security;
revoke all on private.sign_in_limits from public, anon, authenticated;

-- Helpers, for the two functions below only.

/** Raise 42501 unless the caller is the app's server, with the service role key. */
create function private.require_service_role() returns void
language plpgsql stable set search_path = ''
as $$
begin
  if (select auth.role()) is distinct from 'service_role' then
    raise exception 'Only the app''s server may do that.' using errcode = '42501';
  end if;
end
$$;
comment on function private.require_service_role() is 'Raises 42501 unless the request carries the service role.';

/** The limit key for a kind and value: an HMAC under the database's secret, never the value. */
create function private.sign_in_key(kind text, value text) returns bytea
language sql stable set search_path = ''
as $$
  select extensions.hmac(convert_to(kind || ':' || value, 'UTF8'), s.secret, 'sha256')
  from private.sign_in_key_secret s
$$;
comment on function private.sign_in_key(text, text) is 'HMAC-SHA-256 of kind:value under private.sign_in_key_secret.';

/**
 * A client address as the limits see it: IPv4 as it is (also when written IPv4-mapped), IPv6 by
 * its /64 network, since one home or phone gets a whole /64; anything unparsable as given.
 */
create function private.sign_in_address(address text) returns text
language plpgsql immutable set search_path = ''
as $$
declare
  clean text := lower(btrim(coalesce(address, '')));
  parsed inet;
begin
  if clean like '::ffff:%.%' then
    clean := substr(clean, 8);
  end if;
  begin
    parsed := clean::inet;
  exception when invalid_text_representation then
    return clean;
  end;
  if family(parsed) = 6 then
    return network(set_masklen(parsed, 64))::text;
  end if;
  return host(parsed);
end
$$;
comment on function private.sign_in_address(text) is 'Normalises a client address for the sign-in limits: IPv4 host, IPv6 /64 network.';

/** The account with this (already trimmed, lower-case) email, or null. */
create function private.sign_in_account(clean_email text) returns uuid
language sql stable set search_path = ''
as $$
  select u.id from auth.users u
  where lower(u.email) = clean_email and u.deleted_at is null
  limit 1
$$;
comment on function private.sign_in_account(text) is 'The auth user id for an email, or null; used for audit actors and warnings only.';

/**
 * Lock the pair's and the address's rows, creating them if new, in key order so that
 * concurrent attempts never deadlock; forget failures older than 15 minutes; say how many are
 * left on each.
 */
create function private.lock_sign_in_keys(
  pair_key bytea, pair_email_key bytea, address_key bytea, out pair_failures int, out address_failures int
)
language plpgsql volatile set search_path = ''
as $$
declare
  k bytea;
begin
  for k in select unnest(array[pair_key, address_key]) order by 1 loop
    insert into private.sign_in_limits as l (key, kind, email_key)
    values (
      k,
      case when k = pair_key then 'pair' else 'address' end,
      case when k = pair_key then pair_email_key end
    )
    on conflict (key) do update set
      failures = array(
        select t from unnest(l.failures) t where t > now() - interval '15 minutes' order by t
      ),
      touched_at = now();
  end loop;
  select cardinality(l.failures) into pair_failures
  from private.sign_in_limits l where l.key = pair_key;
  select cardinality(l.failures) into address_failures
  from private.sign_in_limits l where l.key = address_key;
end
$$;
comment on function private.lock_sign_in_keys(bytea, bytea, bytea) is 'Locks (creating) the pair and address rows in key order and prunes failures older than 15 minutes.';

/** Audit that a key is refusing attempts: at most one row per key per 15 minutes. */
create function private.log_sign_in_block(limit_key bytea, who uuid, limit_name text)
returns void
language plpgsql volatile set search_path = ''
as $$
begin
  update private.sign_in_limits set blocked_logged_at = now()
  where key = limit_key
    and (blocked_logged_at is null or blocked_logged_at <= now() - interval '15 minutes');
  if found then
    insert into public.audit_log (actor, action, detail)
    values (who, 'sign_in_blocked', jsonb_build_object('limit', limit_name));
  end if;
end
$$;
comment on function private.log_sign_in_block(bytea, uuid, text) is 'Writes one sign_in_blocked audit row per key per 15 minutes.';

/**
 * Queue the "someone has been trying to sign in" email for an account's owner, at most once in
 * 24 hours. The email row is locked, so parallel failures queue it once.
 */
create function private.warn_account_owner(owner_key bytea, account uuid) returns void
language plpgsql volatile set search_path = ''
as $$
declare
  last_warned timestamptz;
begin
  insert into private.sign_in_limits as l (key, kind) values (owner_key, 'email')
  on conflict (key) do update set touched_at = now()
  returning l.notified_at into last_warned;
  if last_warned is null or last_warned <= now() - interval '24 hours' then
    insert into public.notifications (to_profile, kind)
    select p.id, 'sign_in_attempts' from public.profiles p where p.id = account;
    if found then
      update private.sign_in_limits set notified_at = now() where key = owner_key;
    end if;
  end if;
end
$$;
comment on function private.warn_account_owner(bytea, uuid) is 'Queues one sign_in_attempts email to the account owner per 24 hours.';

-- API: the app's server calls these around every password sign-in.

/**
 * Before trying a password: count the attempt (as a failure until told otherwise), or refuse it
 * when the email has failed 5 times from this address, or the address 20 times, in the last 15
 * minutes. Answers {"allowed": boolean}, the same for real and unknown emails. Service role only.
 */
create function public.start_sign_in_attempt(email text, address text) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  clean_email text := lower(btrim(coalesce(start_sign_in_attempt.email, '')));
  clean_address text := private.sign_in_address(start_sign_in_attempt.address);
  k_email bytea;
  k_pair bytea;
  k_address bytea;
  counts record;
begin
  perform private.require_service_role();
  k_email := private.sign_in_key('email', clean_email);
  k_pair := private.sign_in_key('pair', jsonb_build_array(clean_email, clean_address)::text);
  k_address := private.sign_in_key('address', clean_address);

  -- Keep the table small: a few stale rows at a time, skipping any another attempt holds.
  delete from private.sign_in_limits
  where key in (
    select l.key from private.sign_in_limits l
    where l.touched_at < now() - interval '1 day'
    order by l.touched_at limit 100
    for update skip locked
  );

  select * into counts from private.lock_sign_in_keys(k_pair, k_email, k_address);
  if counts.pair_failures >= 5 or counts.address_failures >= 20 then
    if counts.pair_failures >= 5 then
      perform private.log_sign_in_block(
        k_pair, private.sign_in_account(clean_email), 'email_and_address'
      );
    end if;
    if counts.address_failures >= 20 then
      perform private.log_sign_in_block(k_address, null, 'address');
    end if;
    -- A refused attempt leaves nothing behind, so a flood of them cannot fill the table.
    delete from private.sign_in_limits
    where key = k_pair and cardinality(failures) = 0 and blocked_logged_at is null;
    return jsonb_build_object('allowed', false);
  end if;

  update private.sign_in_limits set failures = failures || now()
  where key in (k_pair, k_address);
  return jsonb_build_object('allowed', true);
end
$$;
comment on function public.start_sign_in_attempt(text, text) is 'Sign-in limits, before the password is tried: counts the attempt or refuses it ({"allowed": false}). Service role only.';

/**
 * After trying a password, with what happened: `succeeded` clears the pair and takes the attempt
 * off the address; `failed` leaves it counted, audits it (capped), warns the owner after 5
 * failures from anywhere; `not_tried` (the Auth server refused without saying the password was
 * wrong: its own rate limit, an outage) takes the attempt off both. Answers {"limited": boolean},
 * whether to tell the person to wait: the same for real and unknown emails, except once the
 * verification hook refuses an account outright (which the Auth server's answer shows anyway).
 * Service role only.
 */
create function public.finish_sign_in_attempt(email text, address text, outcome text)
returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  clean_email text := lower(btrim(coalesce(finish_sign_in_attempt.email, '')));
  clean_address text := private.sign_in_address(finish_sign_in_attempt.address);
  k_email bytea;
  k_pair bytea;
  k_address bytea;
  counts record;
  account uuid;
  email_failures int;
begin
  perform private.require_service_role();
  if outcome is null or outcome not in ('succeeded', 'failed', 'not_tried') then
    raise exception 'The outcome must be succeeded, failed or not_tried.' using errcode = '22023';
  end if;
  k_email := private.sign_in_key('email', clean_email);
  k_pair := private.sign_in_key('pair', jsonb_build_array(clean_email, clean_address)::text);
  k_address := private.sign_in_key('address', clean_address);
  select * into counts from private.lock_sign_in_keys(k_pair, k_email, k_address);
  account := private.sign_in_account(clean_email);

  if outcome = 'succeeded' then
    update private.sign_in_limits set failures = '{}' where key = k_pair;
    update private.sign_in_limits set failures = failures[1:cardinality(failures) - 1]
    where key = k_address;
    insert into public.audit_log (actor, action) values (account, 'sign_in');
    return jsonb_build_object('limited', false);
  elsif outcome = 'not_tried' then
    update private.sign_in_limits set failures = failures[1:cardinality(failures) - 1]
    where key in (k_pair, k_address);
    return jsonb_build_object('limited', false);
  end if;

  -- A failure was counted when the attempt started; here it is audited and acted on.
  select count(*) into email_failures
  from private.sign_in_limits l, unnest(l.failures) t
  where l.email_key = k_email and t > now() - interval '15 minutes';
  if email_failures <= 20 then
    insert into public.audit_log (actor, action) values (account, 'sign_in_failed');
  end if;
  if counts.pair_failures >= 5 then
    perform private.log_sign_in_block(k_pair, account, 'email_and_address');
  end if;
  if counts.address_failures >= 20 then
    perform private.log_sign_in_block(k_address, null, 'address');
  end if;
  if email_failures >= 5 and account is not null then
    perform private.warn_account_owner(k_email, account);
  end if;
  -- 100 from anywhere is where the password verification hook starts refusing the account
  -- (counted here through the app, there also from direct calls to the Auth server): then even
  -- the right password fails, and its owner should be told to wait, not that it is wrong.
  return jsonb_build_object(
    'limited',
    counts.pair_failures >= 5 or counts.address_failures >= 20 or email_failures >= 100
      or (
        select count(*) >= 100 from private.sign_in_attempts a
        where a.user_id = account and a.outcome = 'failed'
          and a.at > now() - interval '15 minutes'
      )
  );
end
$$;
comment on function public.finish_sign_in_attempt(text, text, text) is 'Sign-in limits, after the password was tried: records the outcome, audits, warns the owner; says whether to tell the person to wait. Service role only.';
revoke execute on function
  public.start_sign_in_attempt(text, text),
  public.finish_sign_in_attempt(text, text, text)
  from public, anon, authenticated;
grant execute on function
  public.start_sign_in_attempt(text, text),
  public.finish_sign_in_attempt(text, text, text)
  to service_role;

-- The password verification hook (Team and Enterprise plans): an extra layer only. It sees the
-- account but not the address, so its ceiling is high enough that only many addresses at once
-- can reach it; its message is the app's; the server-side functions above do the auditing.

/** Password sign-in failures per account, for the hook's ceiling. */
create table private.sign_in_attempts (
  id bigint generated always as identity primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  at timestamptz not null default now(),
  outcome text not null check (outcome in ('succeeded', 'failed', 'blocked'))
);
comment on table private.sign_in_attempts is 'Failed password attempts per account seen by the password verification hook (its 100-in-15-minutes ceiling); rows older than a day are deleted.';
create index sign_in_attempts_user_at_idx on private.sign_in_attempts (user_id, at desc);
alter table private.sign_in_attempts enable row level security;
revoke all on private.sign_in_attempts from public, anon, authenticated;

/** Decide a password attempt for the hook: refuse an account after 100 failures in 15 minutes. */
create function private.sign_in_decision(who uuid, valid boolean) returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
  recent_failures int;
  limited jsonb := jsonb_build_object(
    'decision', 'reject',
    'message', 'Too many failed sign-in attempts. Please wait 15 minutes before you try again, '
      'or reset your password if you have forgotten it.'
  );
begin
  -- Serialise attempts on one account so parallel guesses cannot slip past the count.
  perform 1 from auth.users where id = who for update;
  delete from private.sign_in_attempts
  where id in (
    select a.id from private.sign_in_attempts a
    where a.at < now() - interval '1 day'
    order by a.id limit 100
    for update skip locked
  );
  select count(*) into recent_failures from private.sign_in_attempts
  where user_id = who and outcome = 'failed' and at > now() - interval '15 minutes';

  if recent_failures >= 100 then
    return limited;
  elsif valid then
    return jsonb_build_object('decision', 'continue');
  end if;
  insert into private.sign_in_attempts (user_id, outcome) values (who, 'failed');
  if recent_failures + 1 >= 100 then
    return limited;
  end if;
  return jsonb_build_object('decision', 'continue');
end
$$;
comment on function private.sign_in_decision(uuid, boolean) is 'Password verification hook logic: refuses an account after 100 failures in 15 minutes from anywhere; no audit rows.';
grant execute on function private.sign_in_decision(uuid, boolean) to supabase_auth_admin;

/** Password verification attempt hook (Supabase Auth): defers to private.sign_in_decision. */
create function public.hook_password_verification_attempt(event jsonb) returns jsonb
language sql set search_path = ''
as $$
  select private.sign_in_decision((event ->> 'user_id')::uuid, (event ->> 'valid')::boolean)
$$;
comment on function public.hook_password_verification_attempt(jsonb) is 'Supabase Auth password verification hook (Team/Enterprise plans): defers to private.sign_in_decision.';
revoke execute on function public.hook_password_verification_attempt(jsonb)
  from public, anon, authenticated;
grant execute on function public.hook_password_verification_attempt(jsonb) to supabase_auth_admin;
