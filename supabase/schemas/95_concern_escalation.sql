-- Concerns escalated to the deputy (issue 12).
--
-- private.escalate_concerns(as_of) is called every minute by public.run_scheduled_jobs (the
-- queue's scheduled work, whose branch creates a stub of it). Schema files define each object
-- once, so when the branches meet this body replaces the stub (delete the stub's definition);
-- the signature is the stub's: (as_of timestamptz) returns integer.

/**
 * Send the deputy for concerns each high-urgency concern still not reviewed 24 hours after it
 * was raised (as of `as_of`), once per concern. Nothing without a deputy. Called every minute by
 * public.run_scheduled_jobs; returns how many it queued. The email has no details in it.
 */
create function private.escalate_concerns(as_of timestamptz) returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  deputy uuid := (select o.concern_deputy from public.organisation o
                  join public.profiles p on p.id = o.concern_deputy
                  where p.role in ('clinical_lead', 'facilitator'));
  c public.concerns;
  n int := 0;
begin
  if deputy is null then
    return 0;
  end if;
  for c in
    select * from public.concerns x
    where x.urgency = 'high' and x.reviewed_at is null and x.raised_at <= as_of - interval '24 hours'
      and not exists (select 1 from public.notifications m where m.dedupe_key = 'concern_escalated:' || x.id)
    order by x.raised_at
  loop
    if private.queue_message('concern_escalated', deputy, jsonb_build_object('concern_id', c.id,
        'kind', c.kind, 'urgency', c.urgency, 'raised_at', c.raised_at),
        'concern_escalated:' || c.id) is not null then
      n := n + 1;
    end if;
  end loop;
  return n;
end
$$;
comment on function private.escalate_concerns(timestamptz) is
  'Queues, once per concern, an email to the deputy for each high-urgency concern unreviewed after 24 hours; returns how many.';
