import { expect, request as requests, test, type APIRequestContext } from '@playwright/test';
import { accessFor } from '../../src/lib/server/access';
import { DEMO_PASSWORD, HOMES } from './helpers';
import {
	BAD_PATH_VALUES,
	BAD_VALUES,
	FEW_BAD_VALUES,
	NOBODY_EMAIL,
	PLAUSIBLE_EMAIL,
	UNKNOWN_ID,
	plausible
} from './fuzz-input';
import {
	changes,
	crawl,
	idsByKind,
	read,
	renderedForms,
	type Crawl,
	type Reading
} from './page-data';
import { fill, routeMatcher, routeTree, type Route } from './route-tree';

/**
 * Every form action, query parameter and path parameter the route tree defines (read from the
 * source at test time, see route-tree.ts), sent bad input over real HTTP as every role: a NUL
 * byte, other control characters, 100 KB, impossible dates, unknown ids, other people's ids and
 * garbage in the address. Nothing may answer 5xx, and afterwards every page each role can reach
 * shows exactly the data it showed before.
 */

type Role = keyof typeof HOMES | 'signed out';
const ROLES: Role[] = [
	'lead',
	'facilitator',
	'parent',
	'training',
	'booker',
	'trainee',
	'signed out'
];
const APP_ROLE = {
	lead: 'clinical_lead',
	facilitator: 'facilitator',
	parent: 'parent',
	training: 'training_admin',
	booker: 'booker',
	trainee: 'trainee'
} as const;

/** What the fuzz leaves alone, and why. */
const LEFT_OUT: { route: string; action?: string; query?: string; signedIn?: true; why: string }[] =
	[
		{ route: '/signout', action: 'default', why: 'it signs the person out' },
		{
			route: '/review/settings',
			action: 'test',
			why: 'it has no fields, and emails the lead a test message (tests/e2e/settings.spec.ts)'
		},
		// The demo's own switches for testers: changing how its mail and clock behave is their job.
		{ route: '/dev/mail', action: 'refuse', why: 'it makes the demo refuse mail to an address' },
		{ route: '/dev/mail', action: 'accept', why: 'it undoes refuse' },
		{ route: '/dev/mail', action: 'server', why: "it switches the demo's mail server off" },
		{ route: '/dev/clock', action: 'forward', why: "it moves the demo worker's clock" },
		{ route: '/dev/clock', action: 'reset', why: "it puts the demo worker's clock back" },
		{
			route: '/admin/online-training',
			action: 'draft',
			why: 'its one field is any name, and a new name is a new draft (tests/db/online-admin.test.ts)'
		}
	];

function leftOut(role: Role, route: Route, what: { action: string } | { query: string }) {
	return LEFT_OUT.some(
		(l) =>
			l.route === route.pattern &&
			('action' in what ? l.action === what.action : l.query === what.query) &&
			(!l.signedIn || role !== 'signed out')
	);
}

/**
 * Where the plausible values alone could let a post go through, values that change nothing: a
 * failed sign-in to a real account counts towards its lock and a reset link would be emailed,
 * so an address with no account; a family already waiting on the interest list cannot be added
 * again; the public sign-up is refused without consent; the settings cannot name a deputy who is not a facilitator; there is no message 999999999.
 */
const REFUSED: Record<string, (env: { waitingEmail: string }) => Record<string, string>> = {
	'/signin?/default': () => ({ email: NOBODY_EMAIL, password: 'not-the-password' }),
	'/forgot-password?/default': () => ({ email: NOBODY_EMAIL }),
	'/review/interest?/add': ({ waitingEmail }) => ({ email: waitingEmail }),
	// Without consent the public sign-up stores nothing (and never reaches the rate limit).
	'/next-groups?/ask': () => ({ consent: '' }),
	// With no staff the commissioning enquiry is refused (stores and emails nothing).
	'/courses/commission?/default': () => ({ staff_count: '0' }),
	'/courses/[slug]/commission?/default': () => ({ staff_count: '0' }),
	// Nobody's id as the deputy: the database refuses the save (it must be a facilitator).
	'/review/settings?/save': () => ({ concern_deputy: UNKNOWN_ID }),
	// No such message.
	'/review/settings?/retry': () => ({ id: '999999999' }),
	// Each field refused whichever the other is: no VAT number is two letters, and bank details
	// are at most 300 characters.
	'/admin/invoicing?/default': () => ({ vat_number: 'XX', bank_details: 'x'.repeat(301) })
};

/** Lists of the same kind of id under another name (an offer is an enrolment). */
const KIND_ALIAS: Record<string, string> = { offer: 'enrolment', curricula: 'curriculum' };

function singular(word: string): string {
	return word.replace(/ies$/, 'y').replace(/s$/, '');
}

/** The kind of record a field (`session_id`: a session) or path parameter (`/groups/[id]`) names. */
function kindOf(route: Route, name: string): string {
	const segments = route.pattern.split('/');
	const at = segments.indexOf(`[${name}]`);
	const kind = at > 0 ? singular(segments[at - 1] as string) : name.replace(/_id$/, '');
	return KIND_ALIAS[kind] ?? kind;
}

/** How fully a role is fuzzed on a route: everything where it may go, one probe elsewhere. */
function reach(route: Route, role: Role): 'full' | 'probe' {
	const access = accessFor(fill(route, Object.fromEntries(route.params.map((p) => [p, '1']))));
	if (access === 'public') return role === 'signed out' ? 'full' : 'probe';
	if (role === 'signed out') return 'probe';
	if (access === 'signed-in') return 'full';
	return access.includes(APP_ROLE[role]) ? 'full' : 'probe';
}

interface Problem {
	role: Role;
	request: string;
	status: number;
}

/** Sends requests a few at a time and keeps every answer of 500 or more. */
class Fuzzer {
	sent = 0;
	accepted = 0;
	problems: Problem[] = [];
	private queue: (() => Promise<void>)[] = [];

	constructor(
		private contexts: Map<Role, APIRequestContext>,
		private width = 4
	) {}

	post(role: Role, path: string, action: string, body: Record<string, string>, label: string) {
		this.queue.push(async () => {
			const js = !label.startsWith('no-js');
			const res = await this.contexts
				.get(role)!
				.post(action === 'default' ? path : `${path}?/${action}`, {
					form: body,
					maxRedirects: 0,
					// A reused keep-alive connection can be reset by the network in the moment it is
					// sent (once in ~15,000 requests in CI); Playwright retries only ECONNRESET, once. An
					// input that makes the server drop the connection drops the retry too, and fails.
					maxRetries: 1,
					// A browser without JavaScript asks for HTML and gets the page rendered after the action.
					headers: js
						? { 'x-sveltekit-action': 'true', accept: 'application/json' }
						: { accept: 'text/html' }
				});
			let status = res.status();
			// An enhanced action answers 200 with the action's own status inside.
			if (js && status === 200) {
				const result = (await res.json().catch(() => null)) as {
					type?: string;
					status?: number;
				} | null;
				if (result?.type === 'success') this.accepted++;
				status = result?.status ?? status;
			}
			this.check(role, `POST ${path}?/${action} ${label}`, status);
		});
	}

	get(role: Role, path: string, label: string) {
		this.queue.push(async () => {
			const res = await this.contexts.get(role)!.get(path, { maxRedirects: 0, maxRetries: 1 });
			this.check(role, `GET ${path.slice(0, 160)} ${label}`, res.status());
		});
	}

	private check(role: Role, request: string, status: number) {
		this.sent++;
		if (status >= 500) this.problems.push({ role, request: request.slice(0, 300), status });
	}

	async run() {
		const next = async (): Promise<void> => {
			const task = this.queue.shift();
			if (!task) return;
			await task();
			return next();
		};
		await Promise.all(Array.from({ length: this.width }, next));
	}
}

/** A family on the interest list not yet invited anywhere, from the lead's interest page. */
function waitingFamily(reading: Reading): string {
	let found = '';
	const walk = (v: unknown) => {
		if (found || !v || typeof v !== 'object') return;
		const o = v as Record<string, unknown>;
		// Removed entries do not count: the same email may be added again.
		if (typeof o.email === 'string' && 'invited_at' in o && o.invited_at === null && !o.removed_at)
			found = o.email;
		Object.values(o).forEach(walk);
	};
	walk(reading.data.get('/review/interest'));
	return found;
}

test.describe('bad input @js', () => {
	// @js: plain HTTP, no browser; once is enough.
	// Ten minutes: a busy 2-core machine runs its thousands of requests at a third of the usual speed.
	test.setTimeout(600_000);

	test('never gives a 5xx or changes what anyone sees', async ({ baseURL }, testInfo) => {
		const started = Date.now();
		const routes = routeTree().sort((a, b) => a.params.length - b.params.length);
		const routeOf = (path: string) => {
			const pathname = new URL(path, 'http://x').pathname;
			return routes.find((r) => routeMatcher(r).test(pathname));
		};

		const contexts = new Map<Role, APIRequestContext>();
		for (const role of ROLES) {
			// SvelteKit refuses cross-site form posts: every request says it comes from the site. The
			// fuzz has a client address of its own, so its failed sign-ins count against nobody else.
			const ctx = await requests.newContext({
				baseURL,
				extraHTTPHeaders: { origin: baseURL!, 'x-forwarded-for': '192.0.2.77' }
			});
			if (role !== 'signed out') {
				const res = await ctx.post('/signin', {
					form: { email: HOMES[role].email, password: DEMO_PASSWORD },
					headers: { accept: 'text/html' },
					maxRedirects: 0
				});
				expect(res.status(), `sign-in as ${role}`).toBe(303);
			}
			contexts.set(role, ctx);
		}

		// What each role can see, read twice (what moves between two readings is not data).
		const crawls = new Map<Role, Crawl>();
		for (const role of ROLES) {
			const home = role === 'signed out' ? '/signin' : HOMES[role].path;
			crawls.set(role, await crawl(contexts.get(role)!, home));
		}
		const readAll = async () => {
			const readings = new Map<Role, Reading>();
			for (const role of ROLES) {
				readings.set(role, await read(contexts.get(role)!, crawls.get(role)!.pages));
			}
			return readings;
		};
		const first = await readAll();
		const before = await readAll();
		const outbox = () => read(contexts.get('signed out')!, ['/dev/mail']);
		const mailBefore = await outbox();

		// Every form rendered anywhere posts to an action the route tree knows, with known fields.
		const undiscovered: string[] = [];
		for (const c of crawls.values()) {
			for (const [path, html] of c.html) {
				const route = routeOf(path);
				for (const form of renderedForms(html)) {
					const action = route?.actions.find((a) => a.name === form.action);
					const missing = form.names.filter(
						(n) =>
							!action?.fields.includes(n) && !action?.patterns.some((p) => new RegExp(p).test(n))
					);
					if (!action || missing.length) {
						undiscovered.push(`${route?.pattern ?? path}?/${form.action}: ${missing.join(', ')}`);
					}
				}
			}
		}
		expect([...new Set(undiscovered)], 'forms the route tree reading missed').toEqual([]);

		// Other people's ids: everything the lead sees that the role does not.
		const leadIds = idsByKind(before.get('lead')!, crawls.get('lead')!.pages);
		const foreign = (role: Role, kind: string): string[] => {
			if (role === 'lead' || role === 'signed out') return [];
			const mine = new Set(
				[...idsByKind(before.get(role)!, crawls.get(role)!.pages).values()].flatMap((s) => [...s])
			);
			const theirs = (ids: Iterable<string>) => [...ids].filter((id) => !mine.has(id));
			const ofKind = theirs(leadIds.get(kind) ?? []);
			const any = theirs(new Set([...leadIds.values()].flatMap((s) => [...s])));
			return (ofKind.length ? ofKind : any).slice(0, 2);
		};
		const waitingEmail = waitingFamily(before.get('lead')!);
		expect(waitingEmail, 'a family waiting on the interest list (seed data)').not.toBe('');

		const fuzz = new Fuzzer(contexts);
		for (const role of ROLES) {
			const c = crawls.get(role)!;
			for (const route of routes) {
				const full = reach(route, role) === 'full';
				const safePath = fill(
					route,
					Object.fromEntries(route.params.map((p) => [p, plausible(p)]))
				);

				// Form actions, always at an address whose records the role may not change.
				for (const action of route.actions) {
					if (leftOut(role, route, { action: action.name })) continue;
					const key = `${route.pattern}?/${action.name}`;
					const base = {
						...Object.fromEntries(action.fields.map((f) => [f, plausible(f)])),
						...REFUSED[key]?.({ waitingEmail })
					};
					// Sign-in has rate limits (per account and per address): only a few posts, all
					// signed out, so this test never locks anyone out of the tests that follow.
					const few = route.pattern === '/signin';
					if (!full) {
						if (!few) fuzz.post(role, safePath, action.name, base, 'probe');
						continue;
					}
					const values = Object.entries(BAD_VALUES).filter(
						([l]) => !few || FEW_BAD_VALUES.includes(l)
					);
					for (const field of action.fields) {
						const theirs = foreign(role, kindOf(route, field)).map((id) => [`their ${field}`, id]);
						for (const [label, value] of [...values, ...theirs]) {
							fuzz.post(
								role,
								safePath,
								action.name,
								{ ...base, [field]: value! },
								`${field}=${label}`
							);
						}
					}
					if (action.fields.length === 0) {
						fuzz.post(role, safePath, action.name, { extra: BAD_VALUES.nul! }, 'extra=nul');
					}
					for (const param of route.params) {
						const theirs = foreign(role, kindOf(route, param));
						for (const value of [...BAD_PATH_VALUES, UNKNOWN_ID, ...theirs]) {
							const path = fill(route, {
								...Object.fromEntries(route.params.map((p) => [p, plausible(p)])),
								[param]: value
							});
							fuzz.post(role, path, action.name, base, `[${param}]=${value.slice(0, 20)}`);
						}
					}
					// Without JavaScript the page is rendered after the action: that must hold too.
					const firstField = action.fields[0] ?? 'extra';
					fuzz.post(
						role,
						safePath,
						action.name,
						{ ...base, [firstField]: BAD_VALUES.nul! },
						'no-js nul'
					);
				}

				// Loads: query parameters and path parameters.
				if (!route.isPage && !route.endpoints.includes('GET')) continue;
				const mine = [...c.pages, ...c.files].filter((p) =>
					routeMatcher(route).test(new URL(p, 'http://x').pathname)
				);
				const real = mine[0] ? new URL(mine[0], 'http://x').pathname : safePath;
				if (!full) {
					fuzz.get(role, `${real}?${route.query.map((q) => `${q}=%00`).join('&')}`, 'probe');
					continue;
				}
				const seenQuery = mine.flatMap((p) => [...new URL(p, 'http://x').searchParams.keys()]);
				const names = [...new Set([...route.query, ...seenQuery])].filter(
					(q) => !leftOut(role, route, { query: q })
				);
				for (const name of names) {
					for (const [label, value] of Object.entries(BAD_VALUES)) {
						const query = new URLSearchParams(
							names.map((n) => [n, n === name ? value : plausible(n)])
						);
						fuzz.get(role, `${real}?${query}`, `${name}=${label}`);
					}
				}
				for (const param of route.params) {
					const realParams = routeMatcher(route).exec(real)?.slice(1) ?? [];
					for (const value of [
						...BAD_PATH_VALUES,
						UNKNOWN_ID,
						...foreign(role, kindOf(route, param))
					]) {
						const path = fill(route, {
							...Object.fromEntries(route.params.map((p, i) => [p, realParams[i] ?? plausible(p)])),
							[param]: value
						});
						fuzz.get(role, path, `[${param}]=${value.slice(0, 20)}`);
					}
				}
			}
		}
		await fuzz.run();

		const after = await readAll();
		const mailAfter = await outbox();
		const seconds = Math.round((Date.now() - started) / 1000);
		const actions = routes.flatMap((r) => r.actions);
		const summary =
			`${fuzz.sent} fuzzed requests (${fuzz.accepted} accepted by an action) in ${seconds} s, ` +
			`over ${routes.length} routes, ${actions.length} actions with ` +
			`${actions.reduce((n, a) => n + a.fields.length, 0)} fields and ` +
			`${routes.reduce((n, r) => n + r.query.length, 0)} query parameters`;
		console.log(`[fuzz] ${summary}`);
		testInfo.annotations.push({ type: 'fuzz', description: summary });

		const report = fuzz.problems.map((p) => `${p.status} as ${p.role}: ${p.request}`);
		expect.soft(report, 'requests answered with a server error').toEqual([]);
		for (const role of ROLES) {
			expect
				.soft(
					changes(first.get(role)!, before.get(role)!, after.get(role)!),
					`what the ${role} sees changed`
				)
				.toEqual([]);
		}
		// The outbox: the server's one-minute timer may send what was queued before the fuzz (the
		// demo's seeded concern, say), so what counts is mail to any address the fuzz typed.
		const typed = [PLAUSIBLE_EMAIL, NOBODY_EMAIL, waitingEmail];
		const sentTo = (r: Reading) =>
			((r.data.get('/dev/mail') as { messages?: { id: number; to_address: string }[] }[])[1]
				?.messages ?? []) as { id: number; to_address: string }[];
		const earlier = new Set(sentTo(mailBefore).map((m) => m.id));
		const mailed = sentTo(mailAfter).filter(
			(m) => !earlier.has(m.id) && typed.includes(m.to_address)
		);
		expect.soft(mailed, 'mail sent to an address the fuzz typed').toEqual([]);
		for (const ctx of contexts.values()) await ctx.dispose();
	});
});
