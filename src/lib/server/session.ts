import type { AppRole } from '$lib/database.types';

/** The signed-in person as the server verified them for this request. */
export interface SessionUser {
	id: string;
	email: string;
	/** From the access token's `user_role` claim, set by SQL; null for an account with no profile. */
	role: AppRole | null;
}

export const HOME: Record<AppRole, string> = {
	clinical_lead: '/review',
	facilitator: '/groups',
	parent: '/my'
};

export const ROLE_LABEL: Record<AppRole, string> = {
	clinical_lead: 'Clinical lead',
	facilitator: 'Facilitator',
	parent: 'Parent'
};

export function isAppRole(value: unknown): value is AppRole {
	return value === 'clinical_lead' || value === 'facilitator' || value === 'parent';
}

/** A `next` address from a query string, kept only if it stays on this site. */
export function safeNext(next: string | null | undefined): string | null {
	return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')
		? next
		: null;
}
