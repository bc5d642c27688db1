import { describe, expect, it } from 'vitest';
import { migrations } from './database';
import { renderTemplate } from './mail';
import { statusForSqlState } from './rest';

describe('statusForSqlState (PostgREST mapping)', () => {
	it('maps permission errors by role', () => {
		expect(statusForSqlState('42501', 'anon')).toBe(401);
		expect(statusForSqlState('42501', 'authenticated')).toBe(403);
	});
	it('maps raised exceptions, conflicts and custom PT codes', () => {
		expect(statusForSqlState('P0001', 'authenticated')).toBe(400);
		expect(statusForSqlState('23505', 'authenticated')).toBe(409);
		expect(statusForSqlState('PT422', 'authenticated')).toBe(422);
		expect(statusForSqlState('42883', 'authenticated')).toBe(404);
		expect(statusForSqlState('XX000', 'authenticated')).toBe(500);
	});
});

describe('renderTemplate', () => {
	it('fills Supabase template fields and escapes them', () => {
		expect(
			renderTemplate('<a href="{{ .SiteURL }}/x?t={{ .TokenHash }}">', {
				SiteURL: 'http://a.test',
				TokenHash: 'abc'
			})
		).toBe('<a href="http://a.test/x?t=abc">');
		expect(renderTemplate('{{ .Email }}', { Email: '<b>' })).toBe('&#60;b&#62;');
		expect(renderTemplate('{{ .Unknown }}', {})).toBe('{{ .Unknown }}');
	});
});

describe('migrations', () => {
	it('are ordered by their timestamp and named', () => {
		const list = migrations();
		expect(list.length).toBeGreaterThan(0);
		expect(list.map((m) => m.version)).toEqual([...list.map((m) => m.version)].sort());
		expect(list.every((m) => /^\d{14}$/.test(m.version) && m.name.length > 0)).toBe(true);
	});
});
