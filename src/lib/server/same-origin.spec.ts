import { describe, expect, it } from 'vitest';
import { isForbiddenCrossSiteForm } from './same-origin';

const SITE = 'https://groups.example.org';
const post = (path: string, headers: Record<string, string>, method = 'POST') => {
	const url = new URL(path, SITE);
	return [new Request(url, { method, headers, body: 'a=1' }), url] as const;
};
const form = { 'content-type': 'application/x-www-form-urlencoded' };

describe('isForbiddenCrossSiteForm', () => {
	it('lets the site’s own forms through', () => {
		expect(isForbiddenCrossSiteForm(...post('/account/messages', { ...form, origin: SITE }))).toBe(
			false
		);
	});

	it('refuses a form from another site, or with no Origin, anywhere else', () => {
		for (const origin of ['https://evil.example', null]) {
			const headers = origin ? { ...form, origin } : form;
			expect(isForbiddenCrossSiteForm(...post('/account/messages', headers))).toBe(true);
			expect(isForbiddenCrossSiteForm(...post('/signout', headers))).toBe(true);
			// The public sign-up, which anyone may send, but only from this site's own page.
			expect(isForbiddenCrossSiteForm(...post('/next-groups?/ask', headers))).toBe(true);
			expect(isForbiddenCrossSiteForm(...post('/unsubscribe', headers))).toBe(true);
			expect(isForbiddenCrossSiteForm(...post('/unsubscribe/abc/more', headers))).toBe(true);
		}
		expect(
			isForbiddenCrossSiteForm(
				...post('/x', { 'content-type': 'multipart/form-data; boundary=x', origin: 'https://e.x' })
			)
		).toBe(true);
		expect(
			isForbiddenCrossSiteForm(
				...post('/x', { 'content-type': 'text/plain', origin: 'https://e.x' })
			)
		).toBe(true);
	});

	it('lets a mail provider POST the one-click unsubscribe (RFC 8058) with no session or Origin', () => {
		expect(isForbiddenCrossSiteForm(...post('/unsubscribe/tok_abc-123', form))).toBe(false);
		expect(
			isForbiddenCrossSiteForm(
				...post('/unsubscribe/tok_abc-123', { ...form, origin: 'https://mail.example' })
			)
		).toBe(false);
		// Only POST: a cross-site PUT there is still refused.
		expect(isForbiddenCrossSiteForm(...post('/unsubscribe/tok', form, 'PUT'))).toBe(true);
	});

	it('leaves JSON and safe methods to their own checks', () => {
		expect(
			isForbiddenCrossSiteForm(
				...post('/x', { 'content-type': 'application/json', origin: 'https://e.x' })
			)
		).toBe(false);
		const url = new URL('/x', SITE);
		expect(isForbiddenCrossSiteForm(new Request(url, { headers: form }), url)).toBe(false);
	});
});
