import { z } from 'zod';
import { courseDays, courseWhere } from '$lib/bookings/format';
import { CourseSummary } from '$lib/bookings/types';
import { clock, day } from '$lib/groups/format';
import { escapeHtml } from '$lib/html';
import { layout, link } from '../layout';
import { calendarAttachment, firstSession, Place, schedule, whereAndWho } from '../place';
import type { Renderer } from '../types';

const Payload = z.object({
	token: z.string(),
	expires_at: z.string(),
	role: z.enum(['facilitator', 'parent', 'booker', 'trainee', 'training_admin']),
	/** Null when the service invited them (a course booking); its full_name is null for a deleted inviter. */
	invited_by: z
		.object({ full_name: z.string().nullable(), first_name: z.string().nullish() })
		.nullable(),
	place: Place.nullish(),
	/** A course booking's invitation: the course, who booked, and the booking's reference. */
	course: CourseSummary.extend({
		booked_by: z.string(),
		organisation: z.string().nullable(),
		reference: z.string()
	}).nullish()
});

/**
 * A personal invitation: who invited them, to which clinic, and (when it comes from enrolling
 * a family) the group with its dates, venue and facilitators. The link opens /welcome/<token>,
 * where they set a password; it works once, for 7 days.
 */
export const invitation: Renderer = (payload, ctx) => {
	const p = Payload.parse(payload);
	const clinic = ctx.clinic.name;
	if (p.course) return courseInvitation(p, p.course, ctx);
	const by = p.invited_by?.full_name ?? clinic;
	const href = `${ctx.siteUrl}/welcome/${p.token}`;
	const until = `${day(p.expires_at)} at ${clock(p.expires_at)}`;
	const place = p.place;
	const group = place?.group.name;

	let subject: string;
	let opening: string;
	if (place?.status === 'enrolled') {
		subject = `Your place in ${group} at ${clinic}`;
		opening = `${by} at ${clinic} has given you a place in ${group}, a Reflective Parenting group.`;
	} else if (place?.status === 'offered') {
		subject = `A place for you in ${group} at ${clinic}`;
		opening = `${by} at ${clinic} is offering you a place in ${group}, a Reflective Parenting group.`;
	} else if (place?.status === 'waitlisted') {
		subject = `You are on the waiting list for ${group} at ${clinic}`;
		opening = `${by} at ${clinic} has put you on the waiting list for ${group}, a Reflective Parenting group${place.position ? `: you are number ${place.position}` : ''}.`;
	} else if (p.role === 'training_admin') {
		subject = `${by} has invited you to run the training at ${clinic}`;
		opening = `${by} has invited you to join ${clinic} as the training admin. Once your account is set up you can manage courses, bookings and payments.`;
	} else if (p.role === 'facilitator') {
		subject = `${by} has invited you to run groups at ${clinic}`;
		opening = `${by} has invited you to join ${clinic} as a facilitator. Once your account is set up you can run groups, take registers and share session materials.`;
	} else {
		subject = `${by} has invited you to ${clinic}'s parents' groups`;
		opening = `${by} has invited you to join ${clinic}'s parents' groups. Once your account is set up you can see your group's sessions and materials.`;
	}

	const text = [opening];
	const html = [`<p>${escapeHtml(opening)}</p>`];
	if (place && place.sessions.length) {
		const starts = firstSession(place);
		const intro = `The group meets ${place.sessions.length} times${starts ? `, starting ${starts}` : ''}:`;
		const s = schedule(place);
		text.push(intro, s.text);
		html.push(`<p>${escapeHtml(intro)}</p>`, s.html);
		const w = whereAndWho(place);
		text.push(...w.text);
		html.push(...w.html);
	}
	const setUp = 'Set up your account by choosing a password:';
	const limits = `This link is just for you. It works once, until ${until}. If it has stopped working, ask ${p.invited_by?.first_name ?? by} or the clinic to send a new one.`;
	text.push(`${setUp} ${href}`, limits);
	html.push(`<p>${link(href, 'Set up your account')}</p>`, `<p>${escapeHtml(limits)}</p>`);

	return {
		subject,
		...layout(
			{
				text,
				html,
				why: `You get this because ${by} at ${clinic} invited you.`
			},
			ctx
		),
		attachments:
			place?.status === 'enrolled' && place.sessions.length
				? [calendarAttachment(place, ctx)]
				: undefined
	};
};

type Course = NonNullable<z.infer<typeof Payload>['course']>;

/**
 * A course booking's invitation, sent by the service: the booker to manage their booking
 * ("You booked 3 places on …"), an attendee to see their place ("Karen Lowe booked you a place
 * on …"). Either way, the link sets up their account.
 */
function courseInvitation(p: z.infer<typeof Payload>, c: Course, ctx: Parameters<Renderer>[1]) {
	const clinic = ctx.clinic.name;
	const href = `${ctx.siteUrl}/welcome/${p.token}`;
	const until = `${day(p.expires_at)} at ${clock(p.expires_at)}`;
	const booker = p.role === 'booker';
	const by = c.organisation ? `${c.booked_by} (${c.organisation})` : c.booked_by;
	const subject = booker
		? `Set up your account to manage your booking ${c.reference}`
		: `${c.booked_by} booked you a place on ${c.title}`;
	const opening = booker
		? `Thank you for booking ${c.title} with ${clinic} (reference ${c.reference}). With an account you can see your booking, name attendees and add a purchase-order number.`
		: `${by} booked you a place on ${c.title}, run by ${clinic}. With an account you can see your place and the course details.`;
	const days = courseDays(c);
	const where = `Where: ${courseWhere(c)}`;
	const setUp = 'Set up your account by choosing a password:';
	const limits = `This link is just for you. It works once, until ${until}. If it has stopped working, contact ${clinic} for a new one.`;
	return {
		subject,
		...layout(
			{
				text: [opening, 'The days:', ...days, where, `${setUp} ${href}`, limits],
				html: [
					`<p>${escapeHtml(opening)}</p>`,
					`<p>The days:</p><ul>${days.map((d) => `<li>${escapeHtml(d)}</li>`).join('')}</ul>`,
					`<p>${escapeHtml(where)}</p>`,
					`<p>${link(href, 'Set up your account')}</p>`,
					`<p>${escapeHtml(limits)}</p>`
				],
				why: booker
					? `You get this because you booked a course with ${clinic}.`
					: `You get this because ${c.booked_by} booked you a place on a course at ${clinic}.`
			},
			ctx
		)
	};
}
