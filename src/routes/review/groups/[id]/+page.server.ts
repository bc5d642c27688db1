import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { fields, failWith, parseForm } from '$lib/server/form';
import { callWrite } from '$lib/server/groups';
import { loadView } from '$lib/server/rpc';
import type { Actions, PageServerLoad } from './$types';

export interface GroupReview {
	group: {
		id: string;
		name: string;
		phase: 'draft' | 'open' | 'running' | 'completed' | 'cancelled';
		programme: string;
		funding: 'funded' | 'self_funded';
		funder: string | null;
		fee_pence: number | null;
		capacity: number;
		threshold: number;
		filled: number;
		started: number;
		completed: number;
		committed: number;
		on_track: number;
		attendance_rate: number | null;
		facilitators: string[];
	};
	sessions: {
		id: string;
		number: number;
		starts_at: string;
		status: 'scheduled' | 'held';
		held: boolean;
		released: boolean;
		notes_written: boolean;
		notes: {
			covered: string;
			how_it_went: string;
			reflection: string;
			updated_at: string;
			written_by: string | null;
		} | null;
	}[];
	parents: {
		enrolment_id: string;
		full_name: string;
		status: 'enrolled' | 'withdrawn';
		withdrawn_on: string | null;
		withdrawal_reason: string | null;
		marks: Record<string, 'present' | 'late' | 'apologies' | 'absent'>;
		attended: number;
		apologies: number;
	}[];
	concerns: {
		id: string;
		kind: string;
		urgency: 'low' | 'medium' | 'high';
		description: string;
		raised_at: string;
		raised_by: string;
		family: string | null;
		session_number: number | null;
		reviewed_at: string | null;
		review_note: string | null;
		reviewed_by: string | null;
	}[];
}

function groupId(id: string) {
	if (!z.string().uuid().safeParse(id).success) error(404, 'No such group.');
	return id;
}

const Review = z.object({
	concern_id: fields.id(),
	note: fields.multiLine(5000, {
		required: 'Say what was done or decided.',
		tooLong: 'Keep it under 5,000 characters.'
	})
});

export const load = (async ({ locals, params }) => ({
	review: await loadView<GroupReview>(locals.supabase, 'group_review', {
		group_id: groupId(params.id)
	})
})) satisfies PageServerLoad;

export const actions = {
	review: async ({ request, locals }) => {
		const { data, values, errors } = await parseForm(request, Review);
		// Shown beside the note of the concern the form was for.
		if (errors) return failWith(values, { note: Object.values(errors)[0] ?? 'Check the note.' });
		const w = await callWrite(locals.supabase, 'review_concern', data, values);
		return w.failure ?? { done: 'The concern is marked as reviewed.' };
	}
} satisfies Actions;
