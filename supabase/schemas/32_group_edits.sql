-- Changing a group after it was set up, and swapping one of its facilitators.
--
-- public.edit_group: the clinical lead may change a group's name, venue (with postcode), video
-- link, places and funding (funder or fee); the group's own facilitators may change its venue
-- and video link only, and their call is refused (42501) if it would change anything else. The
-- funding may change freely until the first session starts; after that only with a reason. A
-- cancelled or completed group cannot be changed. Places never go below the families holding
-- one (enrolled or offered, as private.check_enrolment counts them) nor above the programme's
-- (private.check_group_capacity); raising them before the start offers the freed places to the
-- waitlist, as a withdrawal does.
--
-- public.swap_facilitator: the lead replaces one of the two facilitators with another, in one
-- transaction (the deferred rule that an open group has exactly two holds at commit, so no one
-- ever sees one). Who may run a group is decided in one place, private.may_facilitate, which the
-- facilitator pathway will grow. Access follows group_facilitators: the one replaced loses the
-- group's pages, register and notes at once, and the new one gains them.
--
-- Every change is kept in public.group_changes (what it was, what it is now, who, when, and the
-- reason when one is given): the audit log holds only ids and column names, but the group page
-- shows the history and a funding change after the start must keep its reason. A change a
-- family would notice (name, venue, postcode, video link, facilitators, funding or fee) is
-- emailed in the same transaction to each family holding a place or an offer, to the waitlist
-- (never the video link, as their pages do not show it), and to the facilitators; a swap also
-- tells the facilitator who was replaced. Places alone and a funder's name alone email no one.

/** A change to a group: what was, what is now, who made it and why. */
create table public.group_changes (
  id uuid primary key default gen_random_uuid(),
  group_id uuid not null references public.groups (id) on delete cascade,
  changed_by uuid references public.profiles (id),
  changed_at timestamptz not null default now(),
  changes jsonb not null check (jsonb_typeof(changes) = 'object' and changes <> '{}'::jsonb),
  reason text check (length(reason) <= 500)
);
comment on table public.group_changes is
  'Each change to a group after it was set up: {field: {was, now}}, who, when, and the reason (needed for funding once it has started).';
comment on column public.group_changes.changes is
  'The fields that changed, each {was, now}: name, venue, venue_postcode, video_link, capacity, funding ({funding, funder, fee_pence}), facilitators (full names).';
create index group_changes_group_idx on public.group_changes (group_id, changed_at);
alter table public.group_changes enable row level security;
revoke insert, update, delete, truncate on public.group_changes from anon, authenticated;
create trigger group_changes_audit after insert or update or delete on public.group_changes
  for each row execute function private.audit_row();

create policy "The lead and the group's facilitators read its changes" on public.group_changes
  for select to authenticated
  using ((select private.is_clinical_lead()) or group_id in (select private.my_group_ids()));

-- Who may be put on a group is private.may_facilitate (94_facilitator_pathway.sql).

/**
 * What a family would notice of a change (public.group_changes.changes), as emails say it: name,
 * venue, postcode, video link, facilitators' first names, and the cost (funding kind and fee; a
 * funder's name alone is not news to a family). Empty when there is nothing to tell.
 */
create function private.group_change_news(changes jsonb) returns jsonb
language sql immutable set search_path = ''
as $$
  select coalesce(jsonb_object_agg(k, v), '{}'::jsonb)
  from (values
    ('name', changes -> 'name'),
    ('venue', changes -> 'venue'),
    ('venue_postcode', changes -> 'venue_postcode'),
    ('video_link', changes -> 'video_link'),
    ('facilitators', case when changes ? 'facilitators' then jsonb_build_object(
      'was', (select jsonb_agg(split_part(x, ' ', 1)) from jsonb_array_elements_text(changes #> '{facilitators,was}') x),
      'now', (select jsonb_agg(split_part(x, ' ', 1)) from jsonb_array_elements_text(changes #> '{facilitators,now}') x)) end),
    ('cost', case when changes ? 'funding'
      and (changes #> '{funding,was,funding}', changes #> '{funding,was,fee_pence}')
        is distinct from (changes #> '{funding,now,funding}', changes #> '{funding,now,fee_pence}')
      then jsonb_build_object(
        'was', (changes #> '{funding,was}') - 'funder', 'now', (changes #> '{funding,now}') - 'funder') end)
  ) news (k, v)
  where v is not null
$$;
comment on function private.group_change_news(jsonb) is
  'The part of a group change a family would notice (name, venue, postcode, video link, facilitators'' first names, cost), for emails.';

/**
 * Email a change to a group to everyone it matters to, in the caller's transaction: each family
 * with a place or an offer, each family on the waitlist (not for the video link alone, which
 * their pages do not show), and the group's facilitators; only what private.group_change_news
 * says a family would notice. When the name or where it meets changed, the sessions still to
 * come go with it for a calendar update (not to the waitlist). One email per person per change
 * (the dedupe key names the change and the person). Returns how many were queued.
 */
create function private.announce_group_change(g uuid, change_id uuid, changes jsonb) returns int
language plpgsql security definer set search_path = ''
as $$
declare
  facts jsonb := private.group_facts(g);
  noticed jsonb := private.group_change_news(changes);
  calendar boolean := changes ?| array['name', 'venue', 'venue_postcode', 'video_link'];
  sessions jsonb;
  r record;
  said jsonb;
  n int := 0;
begin
  if noticed = '{}'::jsonb then return 0; end if;
  select coalesce(jsonb_agg(private.session_facts(s.id) order by s.starts_at), '[]'::jsonb) into sessions
  from public.sessions s where s.group_id = g and s.status = 'scheduled' and s.ends_at > now();
  for r in
    select e.parent_id as who, 'parent' as audience, e.status::text as status
    from public.enrolments e
    where e.group_id = g and e.status in ('enrolled', 'offered', 'waitlisted')
    union all
    select f.facilitator_id, 'facilitator', null from public.group_facilitators f where f.group_id = g
    order by 2 desc, 1
  loop
    said := noticed;
    if r.status = 'waitlisted' then
      said := said - 'video_link';
      if said = '{}'::jsonb then continue; end if;
    end if;
    if private.queue_message('group_changed', r.who,
         jsonb_build_object('group', case when r.status = 'waitlisted' then facts - 'video_link' else facts end,
           'audience', r.audience, 'status', r.status, 'changes', said,
           -- A calendar update for those whose calendars hold the sessions.
           'sessions', case when r.status is distinct from 'waitlisted' and calendar then sessions end),
         'group_changed:' || change_id || ':' || r.who) is not null then
      n := n + 1;
    end if;
  end loop;
  return n;
end
$$;
comment on function private.announce_group_change(uuid, uuid, jsonb) is
  'Emails what a family would notice of a change to a group to its families (places, offers, waitlist) and facilitators, once per person; returns how many.';

/**
 * The group, locked for a change (edit_group, swap_facilitator, which have checked who is
 * asking): refuses one that does not exist, has been cancelled or has finished.
 */
create function private.lock_changeable_group(group_id uuid) returns public.groups
language plpgsql set search_path = ''
as $$
#variable_conflict use_variable
declare
  g public.groups;
begin
  select * into g from public.groups x where x.id = group_id for update;
  if not found then
    raise exception 'No such group.' using errcode = 'P0002';
  end if;
  case private.group_phase(g.id)
    when 'cancelled' then
      raise exception 'This group has been cancelled, so it cannot be changed.' using errcode = 'P0001';
    when 'completed' then
      raise exception 'This group has finished, so it cannot be changed.' using errcode = 'P0001';
    else
      null;
  end case;
  return g;
end
$$;
comment on function private.lock_changeable_group(uuid) is
  'Locks a group for a change and refuses one that does not exist, is cancelled or has finished; for edit_group and swap_facilitator.';

/**
 * Change a group's details. Venue, postcode and video link are always given (the form shows
 * them to the group's staff); name, places and funding are null to keep them, and only the lead
 * may change them. Funding is the kind with its funder (funded) or fee in pence (self-funded);
 * once the first session has started it changes only with a reason. Returns what changed, how
 * many waitlisted families were offered a place and how many emails were queued.
 */
create function public.edit_group(
  group_id uuid, venue text, venue_postcode text, video_link text,
  name text default null, capacity int default null, funding public.funding_kind default null,
  funder text default null, fee_pence int default null, reason text default null
) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_group_staff(group_id);
  lead boolean := private.is_clinical_lead();
  g public.groups;
  n public.groups;
  taken int;
  changes jsonb := '{}'::jsonb;
  change_id uuid;
  offered int := 0;
  emailed int := 0;
  why text := nullif(btrim(reason), '');
begin
  g := private.lock_changeable_group(group_id);

  n := g;
  n.venue := nullif(btrim(venue), '');
  n.venue_postcode := private.uk_postcode(venue_postcode);
  n.video_link := nullif(btrim(video_link), '');
  if name is not null then n.name := btrim(name); end if;
  if capacity is not null then n.capacity := capacity; end if;
  if funding is not null then
    n.funding := funding;
    n.funder := case when funding = 'funded' then nullif(btrim(funder), '') end;
    n.fee_pence := case when funding = 'self_funded' then fee_pence end;
  end if;

  if not lead and (n.name, n.capacity, n.funding, n.funder, n.fee_pence)
       is distinct from (g.name, g.capacity, g.funding, g.funder, g.fee_pence) then
    raise exception 'Only the clinical lead can change a group''s name, places or funding.'
      using errcode = '42501';
  end if;

  if n.name = '' then
    raise exception 'Give the group a name.' using errcode = 'P0001', hint = 'name';
  elsif length(n.name) > 120 then
    raise exception 'Keep the name under 120 characters.' using errcode = 'P0001', hint = 'name';
  end if;
  if n.venue is null and n.video_link is null then
    raise exception 'Give a venue or a video-call link.' using errcode = 'P0001', hint = 'venue';
  elsif length(n.venue) > 300 then
    raise exception 'Keep the venue under 300 characters.' using errcode = 'P0001', hint = 'venue';
  elsif n.venue_postcode is not null and n.venue is null then
    raise exception 'Give the venue''s address with its postcode.' using errcode = 'P0001', hint = 'venue';
  end if;
  if n.video_link !~ '^https://[^\s]+$' or length(n.video_link) > 500 then
    raise exception 'Enter a link starting https://' using errcode = 'P0001', hint = 'video_link';
  end if;
  if n.funding = 'funded' and n.funder is null then
    raise exception 'Name the funder.' using errcode = 'P0001', hint = 'funder';
  elsif length(n.funder) > 120 then
    raise exception 'Keep the funder''s name under 120 characters.' using errcode = 'P0001', hint = 'funder';
  elsif n.funding = 'self_funded' and (n.fee_pence is null or n.fee_pence not between 0 and 1000000) then
    raise exception 'Enter the fee per family in pounds, like 120 or 95.50.' using errcode = 'P0001', hint = 'fee';
  end if;
  if length(why) > 500 then
    raise exception 'Keep the reason under 500 characters.' using errcode = 'P0001', hint = 'reason';
  end if;

  if n.capacity is distinct from g.capacity then
    if n.capacity < 1 then
      raise exception 'A group needs at least 1 place.' using errcode = 'P0001', hint = 'capacity';
    end if;
    -- Offers past their deadline no longer hold a place.
    perform private.lapse_expired_offers(g.id);
    select count(*) into taken from public.enrolments e
    where e.group_id = g.id and e.status in ('enrolled', 'offered');
    if n.capacity < taken then
      raise exception '% families hold places (with a place or an offer), so the group needs at least % places.',
        taken, taken using errcode = 'P0001', hint = 'capacity';
    end if;
  end if;

  if (n.funding, n.funder, n.fee_pence) is distinct from (g.funding, g.funder, g.fee_pence) then
    if why is null and exists (select 1 from public.sessions s where s.group_id = g.id
                               and s.status <> 'cancelled' and s.starts_at <= now()) then
      raise exception 'The group has started, so say why its funding is changing.'
        using errcode = 'P0001', hint = 'reason';
    end if;
    changes := changes || jsonb_build_object('funding', jsonb_build_object(
      'was', jsonb_build_object('funding', g.funding, 'funder', g.funder, 'fee_pence', g.fee_pence),
      'now', jsonb_build_object('funding', n.funding, 'funder', n.funder, 'fee_pence', n.fee_pence)));
  end if;
  select changes || coalesce(jsonb_object_agg(f.key, jsonb_build_object('was', f.was, 'now', f.now)), '{}'::jsonb)
    into changes
  from (values
    ('name', to_jsonb(g.name), to_jsonb(n.name)),
    ('venue', to_jsonb(g.venue), to_jsonb(n.venue)),
    ('venue_postcode', to_jsonb(g.venue_postcode), to_jsonb(n.venue_postcode)),
    ('video_link', to_jsonb(g.video_link), to_jsonb(n.video_link)),
    ('capacity', to_jsonb(g.capacity), to_jsonb(n.capacity))
  ) f (key, was, now)
  where f.was is distinct from f.now;

  -- Nothing to change (a second submit of the same form): nothing recorded, nobody emailed.
  if changes = '{}'::jsonb then
    return jsonb_build_object('id', g.id, 'changed', '[]'::jsonb, 'offered', 0, 'emailed', 0);
  end if;

  update public.groups x
     set name = n.name, venue = n.venue, venue_postcode = n.venue_postcode,
         video_link = n.video_link, capacity = n.capacity, funding = n.funding,
         funder = n.funder, fee_pence = n.fee_pence
   where x.id = g.id;
  insert into public.group_changes (group_id, changed_by, changes, reason)
  values (g.id, who, changes, why)
  returning id into change_id;
  -- Calendars show the group's name and where it meets: a new revision (SEQUENCE) for each
  -- session still to come lets the email's calendar file, and re-imports, update them.
  if changes ?| array['name', 'venue', 'venue_postcode', 'video_link'] then
    update public.sessions s set revision = s.revision + 1
    where s.group_id = g.id and s.status = 'scheduled' and s.ends_at > now();
  end if;

  if n.capacity > g.capacity then
    select count(*) into offered from public.enrolments e where e.group_id = g.id and e.status = 'offered';
    perform private.offer_free_places(g.id);
    select count(*) - offered into offered from public.enrolments e
    where e.group_id = g.id and e.status = 'offered';
  end if;
  emailed := private.announce_group_change(g.id, change_id, changes);
  return jsonb_build_object('id', g.id,
    'changed', (select jsonb_agg(k order by k) from jsonb_object_keys(changes) k),
    'offered', offered, 'emailed', emailed);
end
$$;
comment on function public.edit_group(uuid, text, text, text, text, int, public.funding_kind, text, int, text) is
  'Changes a group''s venue and video link (its staff) or also its name, places and funding (lead; funding after the start only with a reason), records it, offers freed places and emails what families would notice.';

/**
 * Replace one of a group's two facilitators (lead only), at any time before it is cancelled or
 * finished. One transaction: the replaced one loses access as the new one gains it. Asking for
 * what is already so (the old one is off the group and the new one on it: a second submit)
 * changes nothing and emails no one.
 */
create function public.swap_facilitator(group_id uuid, old_facilitator_id uuid,
  new_facilitator_id uuid) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_role('clinical_lead');
  g public.groups;
  was jsonb;
  change_id uuid;
  emailed int;
  news jsonb;
begin
  g := private.lock_changeable_group(group_id);
  if new_facilitator_id is not null and old_facilitator_id is distinct from new_facilitator_id
     and not exists (select 1 from public.group_facilitators f
                     where f.group_id = g.id and f.facilitator_id = old_facilitator_id)
     and exists (select 1 from public.group_facilitators f
                 where f.group_id = g.id and f.facilitator_id = new_facilitator_id) then
    return jsonb_build_object('id', g.id, 'emailed', 0);
  end if;
  if not exists (select 1 from public.group_facilitators f
                 where f.group_id = g.id and f.facilitator_id = old_facilitator_id) then
    raise exception 'Choose which of the group''s facilitators to replace.'
      using errcode = 'P0001', hint = 'old_facilitator_id';
  end if;
  if new_facilitator_id is null then
    raise exception 'Choose who takes their place.' using errcode = 'P0001', hint = 'new_facilitator_id';
  end if;
  if exists (select 1 from public.group_facilitators f
             where f.group_id = g.id and f.facilitator_id = new_facilitator_id) then
    raise exception 'They already facilitate this group: choose someone else.'
      using errcode = 'P0001', hint = 'new_facilitator_id';
  end if;
  if private.facilitator_refusal(new_facilitator_id) is not null then
    raise exception '%', private.facilitator_refusal(new_facilitator_id)
      using errcode = 'P0001', hint = 'new_facilitator_id';
  end if;

  select jsonb_agg(p.full_name order by p.full_name) into was
  from public.group_facilitators f join public.profiles p on p.id = f.facilitator_id
  where f.group_id = g.id;
  delete from public.group_facilitators f
  where f.group_id = g.id and f.facilitator_id = old_facilitator_id;
  insert into public.group_facilitators (group_id, facilitator_id) values (g.id, new_facilitator_id);
  -- Someone who now runs the group is no longer its outside consultant (93_consultations.sql).
  delete from public.group_consultants c where c.group_id = g.id and c.consultant_id = new_facilitator_id;
  -- The rule (94_facilitator_pathway.sql), now rather than at commit, to name the field.
  perform private.require_accredited_facilitator(g.id, 'new_facilitator_id');
  insert into public.group_changes (group_id, changed_by, changes)
  select g.id, who, jsonb_build_object('facilitators', jsonb_build_object('was', was,
    'now', jsonb_agg(p.full_name order by p.full_name)))
  from public.group_facilitators f join public.profiles p on p.id = f.facilitator_id
  where f.group_id = g.id
  returning id into change_id;

  -- The families and the two who now run it; then the one replaced, who no longer does.
  select c.changes into news from public.group_changes c where c.id = change_id;
  emailed := private.announce_group_change(g.id, change_id, news);
  if private.queue_message('group_changed', old_facilitator_id,
       jsonb_build_object('group', private.group_facts(g.id), 'audience', 'former_facilitator',
         'status', null, 'changes', private.group_change_news(news)),
       'group_changed:' || change_id || ':' || old_facilitator_id) is not null then
    emailed := emailed + 1;
  end if;
  return jsonb_build_object('id', g.id, 'emailed', emailed);
end
$$;
comment on function public.swap_facilitator(uuid, uuid, uuid) is
  'Replaces one of a group''s facilitators with another facilitator account in one transaction (lead), records it and tells its families and the three facilitators.';

/**
 * What the edit page needs: the group's details, whether the caller is the lead, whether it has
 * started, how many hold places, its facilitators, and (for the lead) who could step in.
 */
create function public.edit_group_page(group_id uuid) returns jsonb
language plpgsql stable set search_path = ''
as $$
#variable_conflict use_variable
declare
  lead boolean;
  result jsonb;
begin
  perform private.require_group_staff(group_id);
  lead := private.is_clinical_lead();
  select jsonb_build_object(
      'group', jsonb_build_object('id', g.id, 'name', g.name, 'venue', g.venue,
        'venue_postcode', g.venue_postcode, 'video_link', g.video_link, 'capacity', g.capacity,
        'funding', g.funding, 'funder', g.funder, 'fee_pence', g.fee_pence,
        'phase', private.group_phase(g.id)),
      'programme', jsonb_build_object('name', p.name, 'places', p.places),
      'is_lead', lead,
      'started', exists (select 1 from public.sessions s where s.group_id = g.id
        and s.status <> 'cancelled' and s.starts_at <= now()),
      'taken', (select count(*) from public.enrolments e
        where e.group_id = g.id and e.status in ('enrolled', 'offered')),
      'waitlist', (select count(*) from public.enrolments e
        where e.group_id = g.id and e.status = 'waitlisted'),
      'facilitators', (select coalesce(jsonb_agg(jsonb_build_object('id', f.id, 'full_name', f.full_name)
          order by f.full_name), '[]'::jsonb)
        from public.group_facilitators gf join public.profiles f on f.id = gf.facilitator_id
        where gf.group_id = g.id),
      'candidates', case when lead then (
        select coalesce(jsonb_agg(jsonb_build_object('id', f.id, 'full_name', f.full_name)
          order by f.full_name), '[]'::jsonb)
        from public.profiles f
        where f.role = 'facilitator' and private.may_facilitate(f.id)
          and not exists (select 1 from public.group_facilitators gf
                          where gf.group_id = g.id and gf.facilitator_id = f.id))
        else '[]'::jsonb end)
    into result
  from public.groups g join public.programmes p on p.id = g.programme_id
  where g.id = group_id;
  if result is null then
    raise exception 'No such group.' using errcode = 'P0002';
  end if;
  return result;
end
$$;
comment on function public.edit_group_page(uuid) is
  'The edit-a-group page: details, places held, facilitators and (lead) who could replace one; for the group''s staff.';
