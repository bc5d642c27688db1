import { error } from '@sveltejs/kit';
import { renderMarkdown } from '$lib/curriculum/render';
import { courseJsonLd, serialiseJsonLd } from '$lib/courses/json-ld';
import { view } from '$lib/server/rpc';
import { siteUrl } from '$lib/server/supabase';
import type { PageServerLoad } from './$types';

// The page is read on phones and shared as a link: it ships no JavaScript (forms are plain posts).
export const csr = false;

/**
 * One course's public page. The Markdown sections are rendered here, on the server, with the
 * project's safe renderer (raw HTML escaped, only http(s)/mailto links), so no library reaches
 * the browser; a draft or unknown course is a 404.
 */
export const load = (async ({ locals, params }) => {
	const page = await view(locals.supabase, 'course_page', { slug: params.slug });
	if (!page) error(404, 'There is no course at this address. See all courses at /courses.');
	const canonical = `${siteUrl()}/courses/${page.slug}`;
	return {
		page,
		canonical,
		html: {
			about: renderMarkdown(page.about),
			suitable_for: renderMarkdown(page.suitable_for),
			aims: renderMarkdown(page.aims)
		},
		jsonLd: serialiseJsonLd(courseJsonLd(page, canonical))
	};
}) satisfies PageServerLoad;
