import { env as privateEnv } from '$env/dynamic/private';
import { env as publicEnv } from '$env/dynamic/public';

/**
 * The two ways this server can run, decided once from the environment so they cannot be mixed
 * up:
 *
 * - **demo**: `npm start` (scripts/demo-server.js) sets REFLECTIVE_DEMO=1. The embedded backend,
 *   demo accounts with published passwords, the outbox at /dev/mail; loopback only by default.
 * - **supabase**: PUBLIC_SUPABASE_URL and its keys are set, and SMTP_URL and MAIL_FROM for mail.
 *   Real accounts, real mail, no /dev.
 *
 * Anything else (no Supabase settings and no demo flag, which is what a bare `node build` on a
 * forgotten server looks like) is refused at start-up: a real install must never fall back to
 * the demo, whose passwords are in the README.
 */

export type Mode = 'demo' | 'supabase';

type Env = Record<string, string | undefined>;

export type ModeCheck = { mode: Mode; problems: [] } | { mode: null; problems: string[] };

/** Settings a Supabase install cannot run without, with what each is for. */
const REQUIRED: [name: string, why: string][] = [
	['PUBLIC_SUPABASE_URL', "your Supabase project's URL"],
	['PUBLIC_SUPABASE_ANON_KEY', "the project's public anon key"],
	['SUPABASE_SERVICE_ROLE_KEY', 'the service role key (server only: invitations, sign-in limits)'],
	['ORIGIN', 'the public address people use, e.g. https://groups.example.org']
];

/** How the app sends its own email (the demo keeps it in its outbox instead). */
const MAIL: [name: string, why: string][] = [
	['SMTP_URL', 'your mail server, e.g. smtps://user:password@smtp.example.org:465'],
	['MAIL_FROM', 'who the emails are from, e.g. "Reflective Groups" <groups@clinic.org.uk>']
];

/** What is wrong with the mail settings that are set (never repeating SMTP_URL: it holds a password). */
function mailProblems(env: Env): string[] {
	const problems: string[] = [];
	if (env.SMTP_URL) {
		let protocol = '';
		try {
			protocol = new URL(env.SMTP_URL).protocol;
		} catch {
			/* not a URL at all */
		}
		if (protocol !== 'smtp:' && protocol !== 'smtps:') {
			problems.push(
				'  SMTP_URL  – must be smtps://user:password@host:465 or smtp://user:password@host:587'
			);
		}
	}
	if (env.MAIL_FROM) {
		const from = env.MAIL_FROM.trim();
		const address = /<([^<>]*)>$/.exec(from)?.[1] ?? from;
		if (!/^[^@\s<>"]+@[^@\s<>"]+\.[^@\s<>"]+$/.test(address)) {
			problems.push(
				'  MAIL_FROM  – must be an address, e.g. "Reflective Groups" <groups@clinic.org.uk>'
			);
		}
	}
	return problems;
}

export function checkMode(env: Env): ModeCheck {
	const demo = env.REFLECTIVE_DEMO === '1';
	if (demo && env.PUBLIC_SUPABASE_URL) {
		return {
			mode: null,
			problems: [
				'REFLECTIVE_DEMO=1 and PUBLIC_SUPABASE_URL are both set. The demo (npm start) runs on ' +
					'its own embedded backend; to use a Supabase project, unset REFLECTIVE_DEMO and run ' +
					'`npm run build && node build`.'
			]
		};
	}
	if (demo) return { mode: 'demo', problems: [] };
	const missing = REQUIRED.filter(([name]) => !env[name]);
	const missingMail = MAIL.filter(([name]) => !env[name]);
	const wrong = mailProblems(env);
	if (missing.length + missingMail.length + wrong.length === 0) {
		return { mode: 'supabase', problems: [] };
	}
	return {
		mode: null,
		problems: [
			missing.length
				? 'Reflective Groups will not start: it has no Supabase project to use.'
				: 'Reflective Groups will not start: it has no way to send email.',
			...(missing.length + missingMail.length
				? ['Set these environment variables (see "Using a Supabase project" in README.md):']
				: []),
			...[...missing, ...missingMail].map(([name, why]) => `  ${name}  – ${why}`),
			...(wrong.length ? ['Correct these (see "Sending email" in README.md):', ...wrong] : []),
			'To try the app with demo data on this computer only, run `npm start` instead.'
		]
	};
}

let decided: Mode | undefined;

/**
 * The mode this process runs in. The server's `init` hook has already refused to start on a bad
 * environment, so the fallback is never the demo.
 */
export function mode(): Mode {
	decided ??= checkMode({ ...privateEnv, ...publicEnv }).mode ?? 'supabase';
	return decided;
}

export function isDemo(): boolean {
	return mode() === 'demo';
}
