/**
 * Enrolling a family who already holds a place (or a waitlist entry) in another group whose
 * dates overlap (30_groups.sql: enrol_parent's confirm_overlap, private.overlapping_places).
 *
 * Groups, all weekly from 10:00 London, 8 sessions (7 weeks from first to last):
 *   X  first session in 14 days (to day 63)          the group families already have places in
 *   Y  first session in 35 days: overlaps X           where they are enrolled next
 *   Z  first session in 91 days: after X and Y end    no overlap
 *   W  first session in 21 days, 1 place: overlaps Y  one family enrolled, one on its waitlist
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { startBackend } from './harness';
import {
	clients,
	createGroup,
	createParents,
	londonParts,
	ok,
	rpc,
	statusCounts,
	weeklySessions,
	type Account,
	type Session
} from './groups-fixtures';

let backend: EmbeddedBackend;
const as = clients(() => backend);
const lead = () => as('lead@example.org');

const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
/** A session's London day as the warning writes it, e.g. "5 Oct 2026". */
const day = (at: string) => {
	const p = londonParts(at);
	return `${p.day} ${MONTHS[p.month - 1]} ${p.year}`;
};

const sessions: Record<'X' | 'Y' | 'Z' | 'W', Session[]> = {
	X: weeklySessions(8, 14),
	Y: weeklySessions(8, 35),
	Z: weeklySessions(8, 91),
	W: weeklySessions(8, 21)
};
const group: Record<'X' | 'Y' | 'Z' | 'W', string> = { X: '', Y: '', Z: '', W: '' };
let families: Account[] = [];

async function enrol(groupId: string, who: Account, confirm_overlap?: boolean) {
	return rpc<{ id: string; status: string }>(await lead(), 'enrol_parent', {
		group_id: groupId,
		email: who.email,
		...(confirm_overlap === undefined ? {} : { confirm_overlap })
	});
}

beforeAll(async () => {
	backend = await startBackend();
	for (const k of ['X', 'Y', 'Z', 'W'] as const) {
		group[k] = await createGroup(await lead(), {
			name: `Group ${k}`,
			sessions: sessions[k],
			capacity: k === 'W' ? 1 : 12
		});
	}
	families = await createParents(backend, 5);
});

afterAll(async () => {
	await backend?.close();
});

describe('enrol_parent warns of a place in an overlapping group', () => {
	it('refuses without confirmation, naming the other group and its dates, and changes nothing', async () => {
		const [ann] = families;
		expect((await enrol(group.X, ann!)).error).toBeNull();
		const before = await statusCounts(backend, group.Y);

		const refused = await enrol(group.Y, ann!);
		expect(refused.data).toBeNull();
		expect(refused.error).toMatchObject({
			code: 'P0001',
			hint: 'confirm_overlap',
			details: 'overlap'
		});
		const x = sessions.X;
		expect(refused.error!.message).toContain(
			`already has a place in “Group X” (${day(x[0]!.starts_at)} to ${day(x[7]!.ends_at)})`
		);
		expect(refused.error!.message).toContain(ann!.full_name);
		expect(await statusCounts(backend, group.Y)).toEqual(before);

		// An explicit false is the same as leaving it out.
		expect((await enrol(group.Y, ann!, false)).error?.hint).toBe('confirm_overlap');
	});

	it('enrols once confirmed', async () => {
		const [ann] = families;
		const confirmed = await enrol(group.Y, ann!, true);
		expect(confirmed.error).toBeNull();
		expect(confirmed.data).toMatchObject({ status: 'enrolled' });
	});

	it('names a waitlist entry as such, and every overlapping group', async () => {
		const [ann, bea, cal] = families;
		expect((await enrol(group.W, bea!)).data).toMatchObject({ status: 'enrolled' });
		expect((await enrol(group.W, cal!)).data).toMatchObject({ status: 'waitlisted' });

		const refused = await enrol(group.Y, cal!);
		expect(refused.error?.hint).toBe('confirm_overlap');
		const w = sessions.W;
		expect(refused.error!.message).toContain(
			`is on the waitlist for “Group W” (${day(w[0]!.starts_at)} to ${day(w[7]!.ends_at)})`
		);

		// Ann holds places in X and Y, both overlapping W: both are named, earliest first.
		const both = await enrol(group.W, ann!);
		expect(both.error?.hint).toBe('confirm_overlap');
		const message = both.error!.message;
		expect(message.indexOf('“Group X”')).toBeGreaterThan(-1);
		expect(message.indexOf('“Group Y”')).toBeGreaterThan(message.indexOf('“Group X”'));
	});

	it('does not warn about a group whose dates do not overlap', async () => {
		const [ann] = families;
		const z = await enrol(group.Z, ann!);
		expect(z.error).toBeNull();
		expect(z.data).toMatchObject({ status: 'enrolled' });
	});

	it('does not warn about a place the family has left', async () => {
		const dee = families[3]!;
		const placed = await enrol(group.X, dee);
		expect(placed.error).toBeNull();
		await ok(await lead(), 'withdraw_enrolment', {
			enrolment_id: placed.data!.id,
			reason: 'Moved away',
			withdrawn_on: new Date().toISOString().slice(0, 10)
		});
		const y = await enrol(group.Y, dee);
		expect(y.error).toBeNull();
	});

	it('does not warn about a cancelled group', async () => {
		const eve = families[4]!;
		expect((await enrol(group.Z, eve)).error).toBeNull();
		await ok(await lead(), 'cancel_group', { group_id: group.Z, reason: 'Venue closed' });
		// A group overlapping Z (its sessions from day 91) but not X or Y.
		const after = await createGroup(await lead(), {
			name: 'Group V',
			sessions: weeklySessions(8, 98)
		});
		expect((await enrol(after, eve)).error).toBeNull();
	});
});
