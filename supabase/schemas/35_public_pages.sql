-- Public pages: what a visitor with no account may see and do.
--
--   public.next_groups()           the groups open for enrolment, as /next-groups shows them
--                                  (and the clinic's contact for /): anon may call it
--   public.ask_about_next_group()  "Tell me about the next group": puts a family on the
--                                  interest list (30_groups.sql); only the app's server (service
--                                  role) may call it, passing the client's address, so the
--                                  address cannot be made up by the caller
--
-- next_groups returns only the fields the page shows (a db test compares its keys with an
-- allow-list): never a full address, a video link, a facilitator or a family. The sign-up never
-- says whether someone is on the list already (a repeat changes nothing and gets the same
-- answer), allows 5 sign-ups an hour from one client address (keyed by an HMAC of the address,
-- never the address itself; rows older than an hour are pruned by public.run_scheduled_jobs),
-- and tells each clinical lead by email, at most once an hour, without the family's details.

/** Recent public sign-ups per client address (an HMAC, never the address): the rate limit. */
create table private.interest_signup_attempts (
  id bigint generated always as identity primary key,
  address_key bytea not null,
  attempted_at timestamptz not null default now()
);
comment on table private.interest_signup_attempts is
  'One row per public interest-list sign-up in the last hour, by hashed client address; pruned by run_scheduled_jobs.';
create index interest_signup_attempts_address_idx
  on private.interest_signup_attempts (address_key, attempted_at);
create index interest_signup_attempts_attempted_idx on private.interest_signup_attempts (attempted_at);
alter table private.interest_signup_attempts enable row level security;
revoke all on private.interest_signup_attempts from public, anon, authenticated;

/**
 * The groups a family could still join, for the public /next-groups page (and the clinic's
 * contact for /): open groups whose first session has not started, soonest first. Only what the
 * page shows: the venue's area is the postcode district, never the address or video link.
 * Deliberately executable by anon (tests/shared/lint-rules.ts says why).
 */
create function public.next_groups() returns jsonb
language sql stable security definer set search_path = ''
as $$
  select jsonb_build_object(
    'clinic', (select jsonb_build_object('name', c ->> 'name', 'phone', c ->> 'phone',
        'email', c ->> 'email') from (select private.clinic() as c) x),
    'groups', coalesce((
      select jsonb_agg(jsonb_build_object(
          'name', g.name, 'audience', g.audience, 'programme', p.name,
          'session_count', p.session_count, 'session_minutes', p.session_minutes,
          'first_starts_at', s.first_start, 'first_ends_at', s.first_end,
          'online', nullif(btrim(g.venue), '') is null,
          'area', case when nullif(btrim(g.venue), '') is not null
            then split_part(g.venue_postcode, ' ', 1) end,
          'places_left', greatest(g.capacity - (select count(*) from public.enrolments e
            where e.group_id = g.id and e.status in ('enrolled', 'offered')), 0),
          'funded', g.funding = 'funded', 'funder', g.funder, 'fee_pence', g.fee_pence)
        order by s.first_start, g.name)
      from public.groups g
      join public.programmes p on p.id = g.programme_id
      cross join lateral (
        select min(x.starts_at) as first_start,
          (select y.ends_at from public.sessions y where y.group_id = g.id and y.status <> 'cancelled'
           order by y.starts_at limit 1) as first_end
        from public.sessions x where x.group_id = g.id and x.status <> 'cancelled'
      ) s
      where g.status = 'open' and s.first_start > now()), '[]'::jsonb))
$$;
comment on function public.next_groups() is
  'The public list of groups open for enrolment that have not started (day, time, area or online, places left, audience, funding) and the clinic''s contact. Anyone may call it.';
revoke execute on function public.next_groups() from public;
grant execute on function public.next_groups() to anon, authenticated;

/**
 * "Tell me about the next group" from the public page. Only the app's server calls it (service
 * role), with the client's address. Refuses a 6th sign-up within an hour from one address
 * (DETAIL `rate_limited`). A family already waiting on the list (same email, or same phone
 * without an email) is left as they are, with the same answer, so the form never reveals who is
 * on the list. Queues an email to each clinical lead (at most one an hour) saying only that
 * someone asked.
 */
create function public.ask_about_next_group(full_name text, email text, phone text,
  caring_role text, area text, note text, consent boolean, client_address text) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  key bytea;
  clean_email text := nullif(lower(btrim(email)), '');
  clean_phone text := nullif(btrim(phone), '');
  added uuid;
  this_hour text := to_char(now() at time zone 'Europe/London', 'YYYY-MM-DD"T"HH24');
begin
  perform private.require_service_role();
  if nullif(btrim(client_address), '') is null then
    raise exception 'The client address is missing.' using errcode = '22023';
  end if;
  if consent is not true then
    raise exception 'Tick the box to say the clinic may contact you.'
      using errcode = 'P0001', hint = 'consent';
  end if;
  if clean_email is null and clean_phone is null then
    raise exception 'Give an email address or a phone number, so the clinic can reach you.'
      using errcode = 'P0001', hint = 'email';
  end if;
  key := private.sign_in_key('interest', private.sign_in_address(client_address));
  -- One sign-up at a time per address, so parallel requests cannot slip past the count.
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended(encode(key, 'hex'), 35));
  if (select count(*) from private.interest_signup_attempts a
      where a.address_key = key and a.attempted_at > now() - interval '1 hour') >= 5 then
    raise exception 'Too many requests have come from your connection in the last hour. Please try again later, or contact the clinic.'
      using errcode = 'P0001', detail = 'rate_limited';
  end if;
  insert into private.interest_signup_attempts (address_key) values (key);
  if not exists (
    select 1 from public.interest_list x
    where x.invited_at is null and x.removed_at is null
      and (x.email = clean_email or (clean_email is null and x.email is null and x.phone = clean_phone))
  ) then
    insert into public.interest_list (full_name, email, phone, caring_role, area, note, consent_at, source)
    values (btrim(full_name), clean_email, clean_phone, caring_role, nullif(btrim(area), ''),
      nullif(btrim(note), ''), now(), 'public')
    on conflict do nothing
    returning id into added;
  end if;
  if added is not null then
    perform private.queue_message('interest_signup', p.id,
      jsonb_build_object('asked_at', now()),
      'interest_signup:' || p.id || ':' || this_hour)
    from public.profiles p where p.role = 'clinical_lead';
  end if;
  return jsonb_build_object('received', true);
end
$$;
comment on function public.ask_about_next_group(text, text, text, text, text, text, boolean, text) is
  'The public "Tell me about the next group" sign-up (service role only): rate-limited per client address, silent about who is on the list, tells the lead.';
revoke execute on function public.ask_about_next_group(text, text, text, text, text, text, boolean, text)
  from public, anon, authenticated;
grant execute on function public.ask_about_next_group(text, text, text, text, text, text, boolean, text)
  to service_role;

/** Forget public sign-ups older than an hour (the rate limit's window); returns how many. */
create function private.prune_interest_attempts(as_of timestamptz) returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  n int;
begin
  delete from private.interest_signup_attempts a where a.attempted_at <= as_of - interval '1 hour';
  get diagnostics n = row_count;
  return n;
end
$$;
comment on function private.prune_interest_attempts(timestamptz) is
  'Deletes public sign-up attempts older than an hour (the rate limit''s window); called by run_scheduled_jobs.';
revoke execute on function private.prune_interest_attempts(timestamptz) from public, anon, authenticated;
