import { describe, expect, it } from 'vitest';
import { accessFor } from './access';
import { landingFor, safeNext } from './session';

describe('accessFor', () => {
	it('gives each area to its roles', () => {
		expect(accessFor('/review')).toEqual(['clinical_lead']);
		expect(accessFor('/review/groups/1')).toEqual(['clinical_lead']);
		expect(accessFor('/groups')).toEqual(['facilitator', 'clinical_lead']);
		expect(accessFor('/my')).toEqual(['parent']);
		expect(accessFor('/review/interest')).toEqual(['clinical_lead', 'facilitator']);
	});

	it('keeps measures to the family (answering, and the reminder email’s link) and the group’s staff (paper forms)', () => {
		expect(accessFor('/my/measures')).toEqual(['parent']);
		expect(accessFor('/my/measures/e/gbo/before')).toEqual(['parent']);
		expect(accessFor('/my/measures/e/feedback')).toEqual(['parent']);
		expect(accessFor('/groups/1/measures')).toEqual(['facilitator', 'clinical_lead']);
		expect(accessFor('/groups/1/measures/e/gbo/after')).toEqual(['facilitator', 'clinical_lead']);
		// Signed out, the email's link goes through sign-in and back to the question.
		expect(landingFor('parent', '/my/measures/e/gbo/before')).toBe('/my/measures/e/gbo/before');
	});

	it('does not confuse a prefix with a longer word', () => {
		expect(accessFor('/myself')).toBe('signed-in');
		expect(accessFor('/reviewers')).toBe('signed-in');
	});

	it('leaves sign-in and emailed links open and closes anything unlisted', () => {
		expect(accessFor('/signin')).toBe('public');
		expect(accessFor('/')).toBe('public');
		expect(accessFor('/next-groups')).toBe('public');
		expect(accessFor('/next-groups/thanks')).toBe('public');
		expect(accessFor('/auth/confirm')).toBe('public');
		expect(accessFor('/unsubscribe/tok_abc')).toBe('public');
		// The groups' emails page is the groups' roles'; a password is anyone's.
		expect(accessFor('/account/messages')).toEqual(['clinical_lead', 'facilitator', 'parent']);
		expect(accessFor('/account/password')).toBe('signed-in');
		expect(accessFor('/something-new')).toBe('signed-in');
	});
});

describe('safeNext', () => {
	const site = 'https://groups.example.org';
	it('keeps addresses on this site as a path', () => {
		expect(safeNext('/groups/1', site)).toBe('/groups/1');
		expect(safeNext('/review?funding=funded#groups', site)).toBe('/review?funding=funded#groups');
		expect(safeNext('https://groups.example.org/my', site)).toBe('/my');
		expect(safeNext('groups', site)).toBe('/groups');
	});
	it('sends anything that leaves the site home', () => {
		expect(safeNext('//evil.example', site)).toBeNull();
		expect(safeNext('/\\evil.example', site)).toBeNull();
		expect(safeNext('https://evil.example', site)).toBeNull();
		expect(safeNext('javascript:alert(1)', site)).toBeNull();
		expect(safeNext('http://groups.example.org/my', site)).toBeNull();
		expect(safeNext(null, site)).toBeNull();
		expect(safeNext('', site)).toBeNull();
	});
	it('reads tabs and newlines as browsers do, so they cannot smuggle in another host', () => {
		// The finding: /signin?next=%2F%09%2Fevil.example%2F went to evil.example.
		expect(safeNext('/\t/evil.example/', site)).toBeNull();
		expect(safeNext('/\n/evil.example', site)).toBeNull();
		expect(safeNext('/\r\n/evil.example', site)).toBeNull();
		expect(safeNext('/gr\noups', site)).toBe('/groups');
	});
	it('never returns a path a browser would read as another host', () => {
		expect(safeNext('https://groups.example.org//evil.example/x', site)).toBe('/evil.example/x');
		expect(safeNext('/%2F/evil.example', site)).toBe('/%2F/evil.example');
		for (const tricky of ['/\\/evil.example', '///evil.example', '/.//evil.example']) {
			const next = safeNext(tricky, site);
			if (next !== null) expect(new URL(next, site).origin).toBe(site);
		}
	});
	it('gives a header-safe value for any input', () => {
		for (const raw of ['/a\u0000b', '/é', '/a b', '/%0d%0aSet-Cookie:x=1', '/\u2028']) {
			const next = safeNext(raw, site);
			if (next !== null) expect(next).toMatch(/^\/[\x21-\x7e]*$/);
		}
	});
});

describe('landingFor', () => {
	it('goes to next when the role may open it', () => {
		expect(landingFor('clinical_lead', '/review?funding=funded')).toBe('/review?funding=funded');
		expect(landingFor('parent', '/my/sessions/1')).toBe('/my/sessions/1');
		expect(landingFor('parent', '/account/password')).toBe('/account/password');
	});
	it("goes home instead of to another role's page", () => {
		expect(landingFor('parent', '/review')).toBe('/my');
		expect(landingFor('facilitator', '/groups/new')).toBe('/groups');
		expect(landingFor('clinical_lead', '/my')).toBe('/review');
		expect(landingFor('facilitator', null)).toBe('/groups');
		expect(landingFor('parent', '/')).toBe('/my');
	});
});
