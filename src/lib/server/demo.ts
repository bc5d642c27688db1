/** What `npm start` prints: that this is a demo, where to go, how to sign in, the API. */
export const DEMO_PASSWORD = 'reflective-demo';

export function demoBanner(o: { url: string; readyMs: number; anonKey: string }): string {
	return [
		'',
		'  DEMO ONLY. Every account below has the password published in README.md, and',
		'  the outbox shows every email. Never put real families or staff into it.',
		'',
		`Reflective Groups demo is running at ${o.url}  (embedded backend ready in ${o.readyMs} ms)`,
		'',
		`Sign in with any demo account; every password is "${DEMO_PASSWORD}":`,
		'  lead@example.org              clinical lead   → /review',
		'  facilitator1@example.org      facilitator     → /groups  (facilitator1 … facilitator4)',
		'  parent1@example.org           parent          → /my      (parent1 … parent25)',
		'  training@example.org          training admin  → /admin/courses',
		'  booker@example.org            booker          → /bookings',
		'  trainee1@example.org          trainee         → /training  (trainee1 … trainee5)',
		`Courses anyone can book: ${o.url}/courses`,
		'',
		`Emails the app sends appear at ${o.url}/dev/mail`,
		'',
		'The embedded Supabase API (for scripts, as `supabase status` prints it):',
		`  API URL:   ${o.url}/supabase`,
		`  anon key:  ${o.anonKey}`,
		''
	].join('\n');
}
