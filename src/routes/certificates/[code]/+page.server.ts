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
	code: params.code.slice(0, 40)
})) satisfies PageServerLoad;
