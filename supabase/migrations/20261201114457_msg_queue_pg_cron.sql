-- msg_queue_pg_cron: written by hand (a scheduled job is data in pg_cron's tables, not schema,
-- so `npm run db:migration` does not see it).
--
-- Where pg_cron is enabled (hosted Supabase: Database → Extensions → pg_cron), run
-- public.run_scheduled_jobs() every minute as the database's own job, so offers lapse and
-- reminders go out even while no app server is running. Without pg_cron this does nothing and
-- the app's servers do the same work on their timer; both at once is safe (each part of the job
-- is idempotent, and scheduled messages carry dedupe keys). Running this again replaces the job
-- rather than adding a second one. README ("Scheduled work") says how to schedule it by hand
-- when pg_cron is enabled after this has run.

do $$
begin
  if to_regprocedure('cron.schedule(text,text,text)') is not null
     and to_regprocedure('cron.unschedule(bigint)') is not null then
    perform cron.unschedule(j.jobid) from cron.job j where j.jobname = 'reflective-groups-scheduled-jobs';
    perform cron.schedule('reflective-groups-scheduled-jobs', '* * * * *',
      'select public.run_scheduled_jobs()');
  end if;
end
$$;
