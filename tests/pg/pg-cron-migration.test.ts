/**
 * The pg_cron migration: where cron.schedule and cron.unschedule exist it schedules
 * run_scheduled_jobs every minute, and running it again replaces the job instead of adding a
 * second; where they do not (this test cluster has no pg_cron) it does nothing. pg_cron cannot
 * be preloaded here, so a stand-in `cron` schema with the same two functions and job table
 * records what the migration asks of it.
 */
import { describe, expect, it } from 'vitest';
import { migrations } from '../../src/lib/server/embedded/database';
import { useFreshDatabase } from './harness';

const db = useFreshDatabase({ seed: false });
const cronMigration = () => {
	const m = migrations().find((x) => x.name === 'msg_queue_pg_cron');
	if (!m) throw new Error('the msg_queue_pg_cron migration is missing');
	return m.sql;
};

describe('the pg_cron migration', () => {
	it('did nothing without pg_cron, and the job it would schedule runs', async () => {
		const { rows } = await db().pool.query<{ n: string | null }>(
			"select to_regnamespace('cron')::text as n"
		);
		expect(rows[0]!.n).toBeNull();
		const job = await db().pool.query<{ r: Record<string, number> }>(
			'select public.run_scheduled_jobs() as r'
		);
		expect(Object.keys(job.rows[0]!.r).sort()).toEqual([
			'accreditation_reminders_queued',
			'claims_unknown',
			'concerns_escalated',
			'course_holds',
			'interest_attempts_pruned',
			'invoice_reminders_queued',
			'measure_reminders_queued',
			'offers_lapsed',
			'online_nudges_queued',
			'reminders_queued'
		]);
	});

	it('with pg_cron, schedules run_scheduled_jobs every minute, once however often it runs', async () => {
		const c = await db().pool.connect();
		try {
			await c.query(`
				create schema cron;
				create table cron.job (jobid bigserial primary key, jobname text, schedule text, command text);
				create function cron.schedule(job_name text, schedule text, command text) returns bigint
				language sql as $$
				  insert into cron.job (jobname, schedule, command) values (job_name, schedule, command)
				  returning jobid
				$$;
				create function cron.unschedule(job_id bigint) returns boolean
				language sql as $$ delete from cron.job where jobid = job_id returning true $$;
			`);
			await c.query(cronMigration());
			await c.query(cronMigration());
			const { rows } = await c.query('select jobname, schedule, command from cron.job');
			expect(rows).toEqual([
				{
					jobname: 'reflective-groups-scheduled-jobs',
					schedule: '* * * * *',
					command: 'select public.run_scheduled_jobs()'
				}
			]);
		} finally {
			await c.query('drop schema if exists cron cascade').catch(() => {});
			c.release();
		}
	});
});
