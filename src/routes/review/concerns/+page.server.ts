import { loadView } from '$lib/server/rpc';
import type { PageServerLoad } from './$types';

type OpenConcerns = {
	id: string;
	group_id: string;
	group_name: string;
	kind: 'safeguarding' | 'wellbeing';
	urgency: 'low' | 'medium' | 'high';
	description: string;
	raised_at: string;
	family: string | null;
	raised_by: string;
	session_number: number | null;
}[];

export const load = (async ({ locals }) => ({
	concerns: await loadView<OpenConcerns>(locals.supabase, 'open_concerns')
})) satisfies PageServerLoad;
