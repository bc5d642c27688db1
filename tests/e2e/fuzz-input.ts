import { randomUUID } from 'node:crypto';

/**
 * Bad input for the fuzz (tests/e2e/fuzz.spec.ts), and plausible values for the fields around
 * the one being fuzzed. Plausible values are chosen so that no post can succeed: every id is
 * one that does not exist (or the person may not touch), and where a form has no id the
 * database is known to refuse the rest (an email that already has an account, say).
 */

/** Unknown to the database: well-formed version-4 uuids nobody has. */
export const UNKNOWN_ID = randomUUID();
export const OTHER_UNKNOWN_ID = randomUUID();

/** An address with an account, never sent mail by the app's own notifications. */
export const PLAUSIBLE_EMAIL = 'facilitator2@example.org';
/** An address with no account: signing in or asking for a reset link with it does nothing. */
export const NOBODY_EMAIL = 'fuzz-nobody@example.org';

/** What every field (and query parameter) is sent, one at a time. */
export const BAD_VALUES: Record<string, string> = {
	nul: 'fuzz\u0000value',
	control: 'fuzz\u0001\u0008\u001b[31m\u007f\u0085\u009b value',
	'line breaks': 'fuzz\tvalue\r\nsecond line',
	'100 KB': 'x'.repeat(100 * 1024),
	'30 February': '2026-02-30',
	'month 13': '2026-13-01',
	'year 0': '0000-01-01',
	'year 9999': '9999-12-31',
	'unknown id': UNKNOWN_ID,
	'not an id': 'not-an-id',
	empty: '',
	negative: '-1',
	huge: '1e400'
};

/** A few, for sign-in, which counts failures (the rest are covered by the unit tests). */
export const FEW_BAD_VALUES = ['nul', '100 KB'];

/** Garbage for a path parameter (`[id]`, `[n]`). */
export const BAD_PATH_VALUES = [
	'not-an-id',
	'%00',
	'-1',
	'0',
	'99999999999999999999',
	'x'.repeat(300)
];

/** A date a month from now, `yyyy-MM-dd` (plausible for any date field). */
function nextMonth(): string {
	return new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
}

/** Plausible values by field name; first match wins. Anything else gets "Fuzz text". */
const PLAUSIBLE: [RegExp, () => string][] = [
	// Already has an account: an invitation to it is refused, and enrolment needs a real group.
	[/^email$/, () => PLAUSIBLE_EMAIL],
	// Never the same, so a password change cannot go through.
	[/password/, () => 'fuzz-password-1'],
	[/^confirm$/, () => 'fuzz-password-2'],
	[/^programme_id$/, () => 'reflective-parenting'],
	[/^facilitator_2$/, () => OTHER_UNKNOWN_ID],
	[/^id$|_id$|^facilitator_\d$/, () => UNKNOWN_ID],
	[/date|_on$|^skipped$/, nextMonth],
	[/time$/, () => '10:00'],
	[/^(capacity|page|n)$/, () => '1'],
	[/^fee$/, () => '100'],
	[/^funding$/, () => 'funded'],
	[/^kind$/, () => 'wellbeing'],
	[/^urgency$/, () => 'low'],
	[/^status$/, () => 'present'],
	[/^role$/, () => 'parent'],
	[/^type$/, () => 'invite'],
	[/^token_hash$/, () => 'fuzz-token-that-is-not-real'],
	[/^video_link$/, () => 'https://example.org/fuzz'],
	[/^(open_now|skip_bank_holidays|created|published)$/, () => 'on'],
	[/^next$/, () => '/'],
	[/^welcome$/, () => 'invite'],
	[/^place$/, () => 'accepted']
];

export function plausible(name: string): string {
	return PLAUSIBLE.find(([re]) => re.test(name))?.[1]() ?? 'Fuzz text';
}
