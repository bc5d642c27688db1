import type { LayoutServerLoad } from './$types';

export const load = (({ locals }) => ({
	user: locals.user ? { email: locals.user.email, role: locals.user.role } : null
})) satisfies LayoutServerLoad;
