import { describe, expect, it } from 'vitest';
import { checkMode } from './mode';

const supabase = {
	PUBLIC_SUPABASE_URL: 'https://abc.supabase.co',
	PUBLIC_SUPABASE_ANON_KEY: 'anon',
	SUPABASE_SERVICE_ROLE_KEY: 'service',
	ORIGIN: 'https://groups.example.org'
};

describe('checkMode', () => {
	it('runs the demo only when npm start asked for it', () => {
		expect(checkMode({ REFLECTIVE_DEMO: '1' }).mode).toBe('demo');
	});
	it('runs against Supabase when every setting is there', () => {
		expect(checkMode(supabase).mode).toBe('supabase');
	});
	it('refuses to start with no settings at all, saying what to set and that npm start is the demo', () => {
		const check = checkMode({});
		expect(check.mode).toBeNull();
		const text = check.problems.join('\n');
		for (const name of Object.keys(supabase)) expect(text).toContain(name);
		expect(text).toContain('npm start');
	});
	it('names just the settings that are missing', () => {
		const text = checkMode({ ...supabase, SUPABASE_SERVICE_ROLE_KEY: '' }).problems.join('\n');
		expect(text).toContain('SUPABASE_SERVICE_ROLE_KEY');
		expect(text).not.toContain('PUBLIC_SUPABASE_ANON_KEY');
	});
	it('refuses a demo flag next to a Supabase project', () => {
		expect(checkMode({ ...supabase, REFLECTIVE_DEMO: '1' }).mode).toBeNull();
	});
});
