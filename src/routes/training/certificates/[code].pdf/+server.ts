import { error } from '@sveltejs/kit';
import { certificatePdf } from '$lib/server/certificates/pdf';
import { view } from '$lib/server/rpc';
import { siteUrl } from '$lib/server/supabase';
import type { RequestHandler } from './$types';

/** A trainee's certificate (or their booker's copy) as a PDF; anyone else gets a 404. */
export const GET: RequestHandler = async ({ locals, params }) => {
	if (params.code.length > 40) error(404, 'There is no such certificate.');
	const c = await view(locals.supabase, 'certificate_page', { code: params.code });
	if (!c) error(404, 'There is no such certificate.');
	const pdf = await certificatePdf(c, `${siteUrl()}/certificates/${c.code}`);
	return new Response(pdf as BodyInit, {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `inline; filename="certificate-${c.code}.pdf"`,
			'cache-control': 'private, no-store'
		}
	});
};
