-- Rule hints: a refusal the app must tell apart from the others says so in its DETAIL, so that
-- no code matches the words of a message (which are for people, and may change).
--
-- Changes one object: public.enrol_parent(uuid, text). "There is no parent account for …" now
-- carries detail 'no_account' (hint 'email' as before), which the enrol form reads to invite
-- the family first. Everything else about the function is as in 20261122000200_groups.sql.

/**
 * Give a parent a place in a group, or a waitlist spot when it is full. The parent is found by
 * email among parent accounts; when there is none the refusal's detail is 'no_account', and the
 * app invites the family first. Race-safe: the group row is locked while places are counted.
 */
create or replace function public.enrol_parent(group_id uuid, email text) returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  who uuid := private.require_group_staff(group_id);
  parent public.profiles;
  cap int;
  taken int;
  e public.enrolments;
begin
  select capacity into cap from public.groups g where g.id = group_id for update;
  if not found then
    raise exception 'No such group.' using errcode = 'P0002';
  end if;
  perform private.lapse_expired_offers(group_id);
  if private.group_phase(group_id) <> 'open' then
    raise exception 'This group is not open for enrolment.' using errcode = 'P0001';
  end if;
  select * into parent from public.profiles p where p.email = lower(btrim(email));
  if not found or parent.role <> 'parent' then
    raise exception 'There is no parent account for %.', lower(btrim(email))
      using errcode = 'P0001', hint = 'email', detail = 'no_account';
  end if;
  if exists (select 1 from public.enrolments x where x.group_id = group_id and x.parent_id = parent.id) then
    raise exception '% is already listed in this group.', parent.full_name using errcode = 'P0001', hint = 'email';
  end if;
  select count(*) into taken from public.enrolments x
  where x.group_id = group_id and x.status in ('enrolled', 'offered');
  insert into public.enrolments (group_id, parent_id, status, enrolled_at, waitlisted_at, created_by)
  values (group_id, parent.id,
    case when taken < cap then 'enrolled' else 'waitlisted' end::public.enrolment_status,
    case when taken < cap then now() end,
    case when taken >= cap then clock_timestamp() end,
    who)
  returning * into e;
  return jsonb_build_object(
    'id', e.id, 'status', e.status, 'full_name', parent.full_name,
    'position', case when e.status = 'waitlisted' then
      (select count(*) from public.enrolments x where x.group_id = group_id and x.status = 'waitlisted') end
  );
end
$$;
comment on function public.enrol_parent(uuid, text) is
  'Enrol a parent by email (staff of the group), or waitlist them when full; detail no_account when there is no parent account.';
