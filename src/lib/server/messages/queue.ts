import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '$lib/database';
import type { MessageQueue } from './worker';

/**
 * The queue's functions through supabase-js with the service role key: how the app's servers
 * reach them, on a Supabase project and on the demo's embedded backend alike.
 */
export function supabaseQueue(client: SupabaseClient<Database>): MessageQueue {
	async function call<T>(p: PromiseLike<{ data: T; error: { message: string } | null }>) {
		const { data, error } = await p;
		if (error) throw Object.assign(new Error(error.message), error);
		return data;
	}
	return {
		claim: (worker, max, asOf) => call(client.rpc('claim_messages', { worker, max, as_of: asOf })),
		sent: (id, worker, response, asOf) =>
			call(client.rpc('message_sent', { id, worker, response, as_of: asOf })),
		failed: (id, worker, error, permanent, asOf) =>
			call(client.rpc('message_failed', { id, worker, error, permanent, as_of: asOf })),
		runScheduledJobs: (asOf) => call(client.rpc('run_scheduled_jobs', { as_of: asOf }))
	};
}
