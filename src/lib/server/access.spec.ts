import { describe, expect, it } from 'vitest';
import { accessFor } from './access';
import { safeNext } from './session';

describe('accessFor', () => {
	it('gives each area to its roles', () => {
		expect(accessFor('/review')).toEqual(['clinical_lead']);
		expect(accessFor('/review/groups/1')).toEqual(['clinical_lead']);
		expect(accessFor('/groups')).toEqual(['facilitator', 'clinical_lead']);
		expect(accessFor('/my')).toEqual(['parent']);
	});

	it('does not confuse a prefix with a longer word', () => {
		expect(accessFor('/myself')).toBe('signed-in');
		expect(accessFor('/reviewers')).toBe('signed-in');
	});

	it('leaves sign-in and emailed links open and closes anything unlisted', () => {
		expect(accessFor('/signin')).toBe('public');
		expect(accessFor('/auth/confirm')).toBe('public');
		expect(accessFor('/account/password')).toBe('signed-in');
		expect(accessFor('/something-new')).toBe('signed-in');
	});
});

describe('safeNext', () => {
	it('keeps only addresses on this site', () => {
		expect(safeNext('/groups/1')).toBe('/groups/1');
		expect(safeNext('//evil.example')).toBeNull();
		expect(safeNext('/\\evil.example')).toBeNull();
		expect(safeNext('https://evil.example')).toBeNull();
		expect(safeNext(null)).toBeNull();
	});
});
