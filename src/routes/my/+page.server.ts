import { loadView } from '$lib/server/rpc';
import type { Session } from '$lib/groups/types';
import type { PageServerLoad } from './$types';

export interface Membership {
	enrolment_id: string;
	status: 'enrolled' | 'offered' | 'waitlisted';
	offer_expires_at: string | null;
	waitlist_position: number | null;
	group: {
		id: string;
		name: string;
		venue: string | null;
		video_link: string | null;
		phase: string;
		programme: string;
	};
	facilitators: string[];
	sessions: ParentSession[];
}

/** A session as a parent sees it (public.parent_session without the materials). */
export interface ParentSession extends Session {
	title: string | null;
	released?: boolean;
	revision?: number;
	my_attendance?: { status: string; reason: string | null } | null;
}

interface ParentHome {
	me: { full_name: string };
	memberships: Membership[];
}

export const load = (async ({ locals }) => ({
	home: await loadView<ParentHome>(locals.supabase, 'parent_home')
})) satisfies PageServerLoad;
