import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

// Read on phones by whoever was handed a certificate: nothing here needs client code.
export const csr = false;

/** The form sends ?code=…; its page is /certificates/<code>, as printed on the certificate. */
export const load = (({ url }) => {
	const typed = (url.searchParams.get('code') ?? '').trim();
	if (url.searchParams.has('code')) {
		if (typed) redirect(303, `/certificates/${encodeURIComponent(typed.slice(0, 40))}`);
		return { empty: true };
	}
	return { empty: false };
}) satisfies PageServerLoad;
