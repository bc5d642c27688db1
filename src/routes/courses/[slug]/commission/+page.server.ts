import { error } from '@sveltejs/kit';
import { askAboutCommissioning } from '$lib/server/commission';
import { view } from '$lib/server/rpc';
import type { Actions, PageServerLoad } from './$types';

export const csr = false;

export const load = (async ({ locals, params }) => {
	const page = await view(locals.supabase, 'course_page', { slug: params.slug });
	if (!page) error(404, 'There is no course at this address. See all courses at /courses.');
	return { course: { slug: page.slug, title: page.title } };
}) satisfies PageServerLoad;

/** The enquiry about one course: the same form, with the course named in it. */
export const actions = {
	default: (event) => askAboutCommissioning(event, event.params.slug)
} satisfies Actions;
