import {
	expect,
	test,
	type APIRequestContext,
	type BrowserContext,
	type Page
} from '@playwright/test';
import { readFileSync } from 'node:fs';
import { SignJWT } from 'jose';
import { HOMES, arrived, signIn, visit } from './helpers';

/**
 * What a page costs the backend, counted by the demo's /dev/backend-calls: a signed-in page is
 * one view rpc and no Auth call (the access token is checked locally against the public key
 * set); a form post followed by the page is one write rpc and one view rpc. And a session ended
 * elsewhere is refused by the database, and the person is signed out, not shown an error.
 */

/** The message worker's calls (`jobs`) are counted apart by the backend, so left out here. */
interface Calls {
	auth: number;
	rpc: number;
	rest: number;
	storage: number;
}

async function calls(request: APIRequestContext): Promise<Calls> {
	const response = await request.get('/dev/backend-calls');
	expect(response.status()).toBe(200);
	const { auth, rpc, rest, storage, jobs } = (await response.json()) as Calls & { jobs: number };
	expect(typeof jobs).toBe('number');
	return { auth, rpc, rest, storage };
}

const diff = (a: Calls, b: Calls): Calls => ({
	auth: b.auth - a.auth,
	rpc: b.rpc - a.rpc,
	rest: b.rest - a.rest,
	storage: b.storage - a.storage
});

const PORT = Number(process.env.E2E_PORT ?? 4173);

/** The running demo group (sessions 1–3 held, register taken), which facilitator 1 runs. */
const RUNNING = '00000000-0000-4000-8000-000000001002';

async function signedInAsFacilitator(page: Page, testInfo: Parameters<typeof signIn>[1]) {
	await signIn(page, testInfo, HOMES.facilitator.email, HOMES.facilitator);
}

test('a signed-in page costs one view rpc and no Auth call', async ({
	page,
	request
}, testInfo) => {
	await signedInAsFacilitator(page, testInfo);
	// The first page after start may fetch the public key set once (kept ten minutes).
	await visit(page, testInfo, '/groups', 'My groups');
	for (const [path, heading] of [
		['/groups', 'My groups'],
		[`/groups/${RUNNING}`, 'Thursday evenings'],
		[`/groups/${RUNNING}/sessions/3/register`, 'Register – session 3']
	] as const) {
		const before = await calls(request);
		const response = await page.goto(path);
		expect(response?.status()).toBe(200);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
		const cost = diff(before, await calls(request));
		expect(cost, path).toEqual({ auth: 0, rpc: 1, rest: 0, storage: 0 });
	}
});

test('marking the register, then the page again, costs one write rpc and one view rpc', async ({
	page,
	request
}, testInfo) => {
	await signedInAsFacilitator(page, testInfo);
	const register = `/groups/${RUNNING}/sessions/3/register`;
	await visit(page, testInfo, register, 'Register – session 3');
	// Tap the mark a parent already has, so the demo data is left as it was.
	const pressed = page.locator('main .register > li button[aria-pressed="true"]').first();
	const id = await pressed.getAttribute('id');
	expect(id).toBeTruthy();
	const before = await calls(request);
	// Without JavaScript: the post, then the page it is sent back to; with it: the post, then the
	// page's data. Either way the last request is a GET of the register.
	const reloaded = page.waitForResponse(
		(r) => r.request().method() === 'GET' && r.url().includes('/sessions/3/register')
	);
	await pressed.click();
	await reloaded;
	await expect(page.locator(`#${id}`)).toBeFocused();
	await expect(page.locator(`#${id}`)).toHaveAttribute('aria-pressed', 'true');
	const cost = diff(before, await calls(request));
	expect(cost).toEqual({ auth: 0, rpc: 2, rest: 0, storage: 0 });
});

test('saving email choices costs one write rpc and one view rpc', async ({
	page,
	request
}, testInfo) => {
	await signIn(page, testInfo, HOMES.parent.email, HOMES.parent);
	await visit(page, testInfo, '/account/messages', 'Your emails');
	// Save the choice already made, so the demo data is left as it was.
	const before = await calls(request);
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText(/^Saved\./)).toBeVisible();
	await page.waitForLoadState('networkidle');
	const cost = diff(before, await calls(request));
	expect(cost).toEqual({ auth: 0, rpc: 2, rest: 0, storage: 0 });
});

test('a session signed out elsewhere is signed out here at its next page, not an error', async ({
	browser
}, testInfo) => {
	const phone = await browser.newContext();
	const laptop = await browser.newContext();
	try {
		const onPhone = await phone.newPage();
		const onLaptop = await laptop.newPage();
		await signIn(onPhone, testInfo, HOMES.parent.email, HOMES.parent);
		await signIn(onLaptop, testInfo, HOMES.parent.email, HOMES.parent);
		// Everywhere: the laptop's session (whose access token has an hour left) ends too.
		const response = await onPhone.request.post('/supabase/auth/v1/logout?scope=global', {
			headers: {
				apikey: await anonKey(),
				authorization: `Bearer ${await accessToken(phone)}`
			}
		});
		expect(response.status()).toBe(204);
		await onLaptop.goto('/my?from=laptop');
		await arrived(onLaptop, testInfo, '/signin', 'Sign in');
		expect(new URL(onLaptop.url()).searchParams.get('ended')).toBe('1');
		expect(new URL(onLaptop.url()).searchParams.get('next')).toBe('/my?from=laptop');
		await expect(onLaptop.getByRole('status')).toContainText('ended elsewhere');
		// Its session cookies are emptied, so the next page asks for a sign-in again.
		const session = (await laptop.cookies()).filter((c) => c.name.startsWith('sb-') && c.value);
		expect(session).toEqual([]);
		await onLaptop.goto('/my');
		await arrived(onLaptop, testInfo, '/signin', 'Sign in');
		expect(new URL(onLaptop.url()).searchParams.get('ended')).toBeNull();
	} finally {
		await phone.close();
		await laptop.close();
	}
});

/** The demo's anon key, as the server derives it from its data directory's secret. */
function anonKey(): Promise<string> {
	const secret = readFileSync(`.data-e2e-${PORT}/db/jwt-secret`, 'utf8').trim();
	return new SignJWT({ iss: 'supabase', ref: 'embedded', role: 'anon' })
		.setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
		.setIssuedAt(1767225600)
		.setExpirationTime(1767225600 + 20 * 365 * 24 * 3600)
		.sign(new TextEncoder().encode(secret));
}

test('an HS256 token signed with the real secret is not a session (alg confusion) @js', async ({
	request
}) => {
	const secret = readFileSync(`.data-e2e-${PORT}/db/jwt-secret`, 'utf8').trim();
	const forged = await new SignJWT({
		role: 'authenticated',
		sub: '00000000-0000-4000-8000-000000000001',
		session_id: '00000000-0000-4000-8000-000000000009'
	})
		.setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
		.setIssuedAt()
		.setExpirationTime('1h')
		.sign(new TextEncoder().encode(secret));
	const response = await request.post('/supabase/rest/v1/rpc/review_home', {
		data: {},
		headers: { apikey: await anonKey(), authorization: `Bearer ${forged}` }
	});
	expect(response.status()).toBe(401);
	expect(await response.json()).toMatchObject({ code: 'PGRST301' });
});

async function accessToken(context: BrowserContext): Promise<string> {
	const auth = (await context.cookies())
		.filter((c) => c.name.startsWith('sb-') && c.name.includes('auth-token'))
		.sort((a, b) => a.name.localeCompare(b.name));
	const joined = auth.map((c) => c.value).join('');
	const json = Buffer.from(joined.replace(/^base64-/, ''), 'base64url').toString('utf8');
	return (JSON.parse(json) as { access_token: string }).access_token;
}
