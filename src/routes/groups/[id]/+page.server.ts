import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { fields, failWith, parseForm } from '$lib/server/form';
import { clockProblem, isCalendarDate, shiftDate, today } from '$lib/input/dates';
import { inviteForGroup } from '$lib/server/invitations';
import { deliverNotifications } from '$lib/server/notifications';
import { view, write } from '$lib/server/rpc';
import { dateFlag } from '$lib/schedule/bank-holidays';
import { dateWarnings, usualWeekday } from '$lib/schedule/date-warnings';
import { londonDate, londonTime } from '$lib/schedule/london';
import type { Actions, PageServerLoad } from './$types';

// 500 characters: the limit the database checks on every stored reason.
const reason = fields.text(500, {
	required: 'Give a reason.',
	tooLong: 'Keep it under 500 characters.'
});

const Enrol = z.object({
	email: fields.email,
	full_name: fields.text(120, { tooLong: 'Keep the name under 120 characters.' }),
	interest_id: fields.id().optional(),
	// Ticked after enrol_parent warned that the family holds a place in an overlapping group.
	confirm_overlap: z
		.string()
		.optional()
		.transform((v) => v === 'yes')
});
const Withdraw = z.object({
	enrolment_id: fields.id(),
	reason,
	// Usually a day just gone; the database refuses more than a year ahead.
	withdrawn_on: fields.date({
		min: () => shiftDate(today(), { years: -2 }),
		max: () => shiftDate(today(), { years: 1 }),
		tooEarly: 'That is more than two years ago. Check the year.',
		tooLate: 'That is more than a year from now. Check the year.',
		missing: 'Enter the date they left.'
	})
});
const Move = z.object({
	session_id: fields.id(),
	date: fields.date({
		min: today,
		max: () => shiftDate(today(), { years: 2 }),
		tooEarly: 'Choose a date from today onwards.',
		tooLate: 'Choose a date within the next two years.'
	}),
	time: fields.time(),
	// "Yes, keep this date": the date the warning was about (a changed date is warned afresh).
	keep_date: fields.text(10).optional()
});
const Resend = z.object({ invitation_id: fields.id() });
const CancelSession = z.object({ session_id: fields.id(), reason });
const CancelGroup = z.object({ reason });
/** "3, 1" or "2" or nothing: the days before each session a group's reminders go. */
const daysBefore = z
	.string()
	.trim()
	.max(40, 'Up to three numbers, such as “3, 1”.')
	.transform((v, ctx) => {
		const parts = v ? v.split(/[\s,]+/).filter(Boolean) : [];
		const days = parts.map(Number);
		if (parts.length > 3 || days.some((d) => !Number.isInteger(d) || d < 1 || d > 14)) {
			ctx.addIssue({
				code: 'custom',
				message: 'Up to three whole numbers from 1 to 14, such as “3, 1”.'
			});
			return z.NEVER;
		}
		return days;
	});
const Reminders = z.object({
	own: z.enum(['clinic', 'own'], { message: 'Choose whose times to use.' }),
	days_before: daysBefore,
	// Empty: no reminder on the morning.
	morning_at: z.string().superRefine((v, ctx) => {
		const problem = v === '' ? null : clockProblem(v);
		if (problem) ctx.addIssue({ code: 'custom', message: problem });
	})
});

function groupId(params: { id: string }): string {
	if (!z.string().uuid().safeParse(params.id).success) error(404, 'No such group.');
	return params.id;
}

export const load = (async ({ locals, params, url }) => {
	const page = await view(locals.supabase, 'group_page', {
		group_id: groupId(params)
	});
	return {
		page: {
			...page,
			sessions: page.sessions.map((s) => ({
				...s,
				// Bank holidays of the organisation's region, Christmas Eve and New Year's Eve.
				date_flag: dateFlag(londonDate(new Date(s.starts_at)), page.region)
			}))
		},
		created: url.searchParams.has('created'),
		// Set by the new-group form's redirect; anything that is not a date is not shown.
		skipped: (url.searchParams.get('skipped') ?? '').split(',').filter(isCalendarDate).slice(0, 20),
		today: londonDate(new Date())
	};
}) satisfies PageServerLoad;

/**
 * Enrol by email. A family without an account (enrol_parent says `no_account`) is invited first
 * (the database checks that the signed-in person may invite parents), then enrolled, or
 * waitlisted if the group is full; the enrolment queues their email (an invitation naming the
 * group for a new family, else the welcome or waitlist email). When the family already holds a
 * place in a group whose dates overlap, enrol_parent refuses (`overlap`) with the other group's
 * name and dates beside the "Yes, enrol anyway" box, and enrols only when it comes back ticked.
 */
async function enrol(event: RequestEvent<{ id: string }>) {
	const id = groupId(event.params);
	const { values, data, failure } = await parseForm(event.request, Enrol, { form: 'enrol' });
	if (failure) return failure;
	const supabase = event.locals.supabase;
	const args = { group_id: id, email: data.email, confirm_overlap: data.confirm_overlap };
	let enrolled = await write(supabase, 'enrol_parent', args, values);
	if (enrolled.reason === 'no_account') {
		if (!data.full_name) {
			return failWith(values, {
				full_name: `There is no account for ${data.email} yet. Add their full name and we will invite them.`
			});
		}
		const invited = await inviteForGroup(
			supabase,
			{ email: data.email, full_name: data.full_name },
			id,
			values
		);
		if (invited.failure) return invited.failure;
		enrolled = await write(supabase, 'enrol_parent', args, values);
	}
	if (enrolled.failure) return enrolled.failure;
	// The enrolment queued its email (invitation, welcome or waitlist): send it now.
	await deliverNotifications();
	if (data.interest_id) {
		// The family is enrolled either way; the interest list just keeps showing them. (What
		// went wrong is logged by the plumbing when it is the server's fault; values are not.)
		const marked = await write(
			supabase,
			'mark_interest_invited',
			{ interest_id: data.interest_id, group_id: id },
			values
		);
		if (marked.failure) console.error('[mark_interest_invited] refused', marked.failure.status);
	}
	const r = enrolled.data;
	return {
		form: 'enrol',
		done:
			r.status === 'enrolled'
				? `${r.full_name} now has a place in the group.`
				: `The group is full, so ${r.full_name} is number ${r.position} on the waitlist.`
	};
}

/**
 * Why the new date might be a mistake (a bank holiday in the organisation's region, Christmas Eve
 * or New Year's Eve, not the weekday the group's other sessions keep): advice, asked before the
 * move, which the person may confirm. The move itself is the database's to allow.
 */
async function moveWarnings(
	supabase: App.Locals['supabase'],
	group: string,
	move: { session_id: string; date: string; time: string }
): Promise<string[]> {
	const page = await view(supabase, 'group_page', { group_id: group });
	const others = page.sessions.filter((s) => s.status !== 'cancelled' && s.id !== move.session_id);
	return dateWarnings({
		date: move.date,
		time: move.time,
		region: page.region,
		// A daily course has no weekday of its own.
		usualWeekday:
			page.group.programme.cadence === 'weekly'
				? usualWeekday(others.map((s) => new Date(s.starts_at)))
				: null
	});
}

export const actions = {
	enrol,
	/** A new invitation link for a family who has not set up their account (the old one dies). */
	resend: async ({ request, locals, params }) => {
		const { values, data, failure } = await parseForm(request, Resend, { form: 'resend' });
		if (failure) return failure;
		const w = await write(
			locals.supabase,
			'resend_invitation',
			{ invitation_id: data.invitation_id, group_id: groupId(params) },
			values
		);
		if (w.failure) return w.failure;
		await deliverNotifications();
		return {
			form: 'resend',
			done: `A new invitation has been sent to ${w.data.full_name} (${w.data.email}). The link in the earlier email no longer works.`
		};
	},
	withdraw: async ({ request, locals }) => {
		const { values, data, failure } = await parseForm(request, Withdraw, { form: 'withdraw' });
		if (failure) return failure;
		const w = await write(locals.supabase, 'withdraw_enrolment', data, values);
		if (w.failure) return w.failure;
		await deliverNotifications();
		return {
			form: 'withdraw',
			done: 'Recorded. If a family was waiting, they have been offered the place.'
		};
	},
	move: async ({ request, locals, params }) => {
		const { values, data, failure } = await parseForm(request, Move, { form: 'move' });
		if (failure) return failure;
		if (data.keep_date !== data.date) {
			const warnings = await moveWarnings(locals.supabase, groupId(params), data);
			if (warnings.length) {
				return failWith(values, {
					date: warnings.join(' '),
					keep_date: 'To move it there anyway, tick “Yes, keep this date” and move it again.'
				});
			}
		}
		const startsAt = new Date(londonTime(data.date, data.time).getTime()).toISOString();
		const w = await write(
			locals.supabase,
			'move_session',
			{ session_id: data.session_id, starts_at: startsAt },
			values
		);
		if (w.failure) return w.failure;
		// The families and facilitators were told in the same transaction: send it now.
		await deliverNotifications();
		return {
			form: 'move',
			done: 'The session has been moved. Its families and facilitators have been emailed.'
		};
	},
	cancel_session: async ({ request, locals }) => {
		const { values, data, failure } = await parseForm(request, CancelSession, {
			form: 'cancel_session'
		});
		if (failure) return failure;
		const w = await write(locals.supabase, 'cancel_session', data, values);
		if (w.failure) return w.failure;
		await deliverNotifications();
		return {
			form: 'cancel_session',
			done: 'Cancelled. The session now runs a week later and the later sessions have moved back a week. Its families and facilitators have been emailed.'
		};
	},
	reminders: async ({ request, locals, params }) => {
		const { values, data, failure } = await parseForm(request, Reminders, { form: 'reminders' });
		if (failure) return failure;
		const own = data.own === 'own';
		const w = await write(
			locals.supabase,
			'set_group_reminders',
			{
				group_id: groupId(params),
				days_before: own ? data.days_before : null,
				morning_at: own && data.morning_at ? data.morning_at : null
			},
			values
		);
		if (w.failure) return w.failure;
		return {
			form: 'reminders',
			done: own
				? 'Saved: this group now sends its own reminders.'
				: 'Saved: this group uses the clinic’s reminder times.'
		};
	},
	open: async ({ locals, params }) => {
		const w = await write(
			locals.supabase,
			'open_group',
			{ group_id: groupId(params) },
			{ form: 'open' }
		);
		return w.failure ?? { form: 'open', done: 'The group is open for enrolment.' };
	},
	cancel_group: async ({ request, locals, params }) => {
		const { values, data, failure } = await parseForm(request, CancelGroup, {
			form: 'cancel_group'
		});
		if (failure) return failure;
		const w = await write(
			locals.supabase,
			'cancel_group',
			{ group_id: groupId(params), reason: data.reason },
			values
		);
		if (w.failure) return w.failure;
		await deliverNotifications();
		redirect(303, `/groups/${groupId(params)}`);
	}
} satisfies Actions;
