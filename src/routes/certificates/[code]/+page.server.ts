import type { CertificateCheck } from '$lib/certificates/types';
import { view } from '$lib/server/rpc';
import type { PageServerLoad } from './$types';

// Read on phones by whoever was handed a certificate: nothing here needs client code.
export const csr = false;

export const load = (async ({ locals, params }) => ({
	// The database tidies the code (case, spaces, dashes); anything too long cannot be one.
	check: (params.code.length > 40
		? { valid: false }
		: await view(locals.supabase, 'certificate_check', { code: params.code })) as CertificateCheck,
	code: params.code.slice(0, 40),
	// The code as printed (AAAA-BBBB-CCCC), however it was typed.
	printed: (
		params.code
			.toUpperCase()
			.replace(/[^A-Z0-9]/g, '')
			.match(/.{1,4}/g) ?? []
	).join('-')
})) satisfies PageServerLoad;
