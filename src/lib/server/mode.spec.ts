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
		expect(
			checkMode({
				...supabase,
				SMTP_URL: 'smtp://smtp.example.org:587',
				MAIL_FROM: 'groups@clinic.org.uk'
			}).mode
		).toBe('supabase');
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

describe('checkMode: mail settings', () => {
	const mail = {
		SMTP_URL: 'smtps://groups:secret@smtp.example.org:465',
		MAIL_FROM: '"Reflective Groups" <groups@clinic.org.uk>'
	};

	it('a Supabase install needs SMTP_URL and MAIL_FROM, and says so', () => {
		const check = checkMode(supabase);
		expect(check.mode).toBeNull();
		const text = check.problems.join('\n');
		expect(text).toContain('it has no way to send email');
		expect(text).toContain('SMTP_URL');
		expect(text).toContain('MAIL_FROM');
		expect(text).not.toContain('PUBLIC_SUPABASE_URL');
	});

	it('runs with both', () => {
		expect(checkMode({ ...supabase, ...mail }).mode).toBe('supabase');
		expect(checkMode({ ...supabase, ...mail, MAIL_FROM: 'groups@clinic.org.uk' }).mode).toBe(
			'supabase'
		);
	});

	it('refuses an SMTP_URL that is not smtp:// or smtps://, without repeating its password', () => {
		for (const SMTP_URL of ['https://groups:secret@mail.example.org', 'smtp.example.org:465']) {
			const check = checkMode({ ...supabase, ...mail, SMTP_URL });
			expect(check.mode, SMTP_URL).toBeNull();
			const text = check.problems.join('\n');
			expect(text).toContain('SMTP_URL');
			expect(text).not.toContain('secret');
		}
	});

	it('refuses a MAIL_FROM that holds no address', () => {
		for (const MAIL_FROM of ['Reflective Groups', '"Groups" <groups>', 'a b@c.d']) {
			expect(checkMode({ ...supabase, ...mail, MAIL_FROM }).mode, MAIL_FROM).toBeNull();
		}
	});

	it('the demo needs neither: it keeps its mail in the outbox', () => {
		expect(checkMode({ REFLECTIVE_DEMO: '1' }).mode).toBe('demo');
	});
});
