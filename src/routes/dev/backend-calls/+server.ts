import { json } from '@sveltejs/kit';
import { embeddedBackend } from '$lib/server/supabase';
import type { RequestHandler } from './$types';

/**
 * Demo only (hooks.server.ts answers 404 for /dev/ outside it): how many requests the embedded
 * backend has served since it started, by kind, as JSON `{ auth, rpc, rest, storage, jobs }` (`jobs`:
 * the message worker's own calls, apart). The bench reads it before and after a page to show
 * what the page cost: one view rpc, no Auth call.
 */
export const GET: RequestHandler = async () => {
	const backend = await embeddedBackend();
	return json(backend.stats(), { headers: { 'cache-control': 'no-store' } });
};
