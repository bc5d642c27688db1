import { describe, expect, it } from 'vitest';
import { judgeSession, readActivity, signActivity } from './activity';
import { readSessionLimits } from './session-limits';

const secret = 'a-server-secret';
const limits = { idleSeconds: 12 * 3600, maxSeconds: 30 * 86400 };
const t0 = 1_800_000_000;

describe('session activity cookie', () => {
	it('reads back what it signed, for the same session only', () => {
		const value = signActivity(secret, 'session-a', { startedAt: t0, seenAt: t0 + 60 });
		expect(readActivity(secret, 'session-a', value)).toEqual({ startedAt: t0, seenAt: t0 + 60 });
		expect(readActivity(secret, 'session-b', value)).toBeNull();
		expect(readActivity('another-secret', 'session-a', value)).toBeNull();
	});

	it('refuses a cookie whose times were edited, or that is malformed', () => {
		const value = signActivity(secret, 's', { startedAt: t0, seenAt: t0 });
		const [, , mac] = value.split('.');
		expect(readActivity(secret, 's', `${t0}.${t0 + 3600}.${mac}`)).toBeNull();
		for (const bad of [undefined, '', 'x', `${t0}.${t0}`, `${t0}.${t0}.${mac}x`, '1.2.3']) {
			expect(readActivity(secret, 's', bad)).toBeNull();
		}
	});
});

describe('judgeSession', () => {
	it('keeps a session in use', () => {
		expect(judgeSession({ startedAt: t0, seenAt: t0 }, t0 + 11 * 3600, limits)).toBe('live');
	});
	it('ends one left idle for more than 12 hours', () => {
		expect(judgeSession({ startedAt: t0, seenAt: t0 }, t0 + 12 * 3600 + 1, limits)).toBe('idle');
	});
	it('ends one more than 30 days old however busy it is', () => {
		const now = t0 + 30 * 86400 + 1;
		expect(judgeSession({ startedAt: t0, seenAt: now - 5 }, now, limits)).toBe('too-old');
	});
	it('ends one with no record of its own (fails closed)', () => {
		expect(judgeSession(null, t0, limits)).toBe('unknown');
	});
});

describe('readSessionLimits', () => {
	it('defaults to 12 hours idle and 30 days in all', () => {
		expect(readSessionLimits({})).toEqual(limits);
	});
	it('takes hours and days from the environment', () => {
		expect(readSessionLimits({ SESSION_IDLE_HOURS: '0.5', SESSION_MAX_DAYS: '7' })).toEqual({
			idleSeconds: 1800,
			maxSeconds: 7 * 86400
		});
	});
	it('refuses nonsense rather than guessing', () => {
		expect(() => readSessionLimits({ SESSION_IDLE_HOURS: 'soon' })).toThrow(/SESSION_IDLE_HOURS/);
		expect(() => readSessionLimits({ SESSION_MAX_DAYS: '0' })).toThrow(/SESSION_MAX_DAYS/);
	});
});
