/** What `npm start` prints in embedded mode: where to go and how to sign in. */
export const DEMO_PASSWORD = 'reflective-demo';

export function demoBanner(url: string, readyMs: number): string {
	return [
		'',
		`Reflective Groups is running at ${url}  (embedded backend ready in ${readyMs} ms)`,
		'',
		`Sign in with any demo account; every password is "${DEMO_PASSWORD}":`,
		'  lead@example.org              clinical lead   → /review',
		'  facilitator1@example.org      facilitator     → /groups  (also facilitator2)',
		'  parent1@example.org           parent          → /my      (parent1 … parent12)',
		'',
		`Emails the app sends appear at ${url}/dev/mail`,
		''
	].join('\n');
}
