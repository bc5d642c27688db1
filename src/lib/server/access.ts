import type { AppRole } from '$lib/database';

/**
 * Which roles may open which part of the site. Anything not listed needs a signed-in person
 * with a role; the database checks again inside every function, so this is for clear pages,
 * not the security boundary.
 */
const AREAS: { prefix: string; roles: AppRole[] | 'public' | 'signed-in' }[] = [
	{ prefix: '/signin', roles: 'public' },
	{ prefix: '/forgot-password', roles: 'public' },
	{ prefix: '/auth/confirm', roles: 'public' },
	{ prefix: '/welcome', roles: 'public' },
	{ prefix: '/dev/', roles: 'public' },
	{ prefix: '/signout', roles: 'public' },
	// A reminder's one-click unsubscribe link: its token says whose reminders to stop.
	{ prefix: '/unsubscribe', roles: 'public' },
	// The public pages for families looking for a group, and their sign-up form.
	{ prefix: '/next-groups', roles: 'public' },
	// The public course pages: the list, each course, booking, the waiting list and enquiries.
	{ prefix: '/courses', roles: 'public' },
	// A certificate's check page: anyone with its code sees the name, course and date.
	{ prefix: '/certificates', roles: 'public' },
	// An invoice emailed to a finance contact: its link's token opens it, no account needed.
	{ prefix: '/invoices', roles: 'public' },
	// Stripe's webhook: Stripe's signature, checked by the route, says it is Stripe.
	{ prefix: '/stripe/webhook', roles: 'public' },
	// The groups' reminders and messages; the training roles' emails are about their bookings.
	{ prefix: '/account/messages', roles: ['clinical_lead', 'facilitator', 'parent'] },
	{ prefix: '/account', roles: 'signed-in' },
	// Before /review: the first matching prefix wins.
	{ prefix: '/review/interest', roles: ['clinical_lead', 'facilitator'] },
	// The register of names and stages, and a facilitator's own record (SQL refuses others').
	{ prefix: '/review/facilitators', roles: ['clinical_lead', 'facilitator'] },
	{ prefix: '/review', roles: ['clinical_lead'] },
	{ prefix: '/groups/new', roles: ['clinical_lead'] },
	// Includes /groups/[id]/measures: the group's staff enter paper forms (SQL: its staff only).
	{ prefix: '/groups', roles: ['facilitator', 'clinical_lead'] },
	// Includes /my/measures, where a reminder email's link lands after sign-in.
	{ prefix: '/my', roles: ['parent'] },
	{ prefix: '/curriculum', roles: ['facilitator', 'clinical_lead'] },
	{ prefix: '/concerns', roles: ['facilitator', 'clinical_lead'] },
	{ prefix: '/admin', roles: ['training_admin', 'clinical_lead'] },
	// A course's attendees and day registers: its trainers (staff accounts) and the training staff.
	{ prefix: '/teaching', roles: ['facilitator', 'clinical_lead', 'training_admin'] },
	// A trainee may book for themselves (then manages that booking) and a booker may book themselves
	// a place (then sees it as a trainee does): the functions behind both pages take both roles.
	{ prefix: '/bookings', roles: ['booker', 'trainee'] },
	{ prefix: '/training', roles: ['trainee', 'booker'] }
];

function within(pathname: string, prefix: string): boolean {
	return prefix.endsWith('/')
		? pathname.startsWith(prefix)
		: pathname === prefix || pathname.startsWith(prefix + '/');
}

export type Access = 'public' | 'signed-in' | AppRole[];

export function accessFor(pathname: string): Access {
	if (pathname === '/') return 'public';
	return AREAS.find((a) => within(pathname, a.prefix))?.roles ?? 'signed-in';
}
