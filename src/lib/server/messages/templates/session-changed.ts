import { z } from 'zod';
import { escapeHtml } from '$lib/html';
import { layout, link } from '../layout';
import {
	Audience,
	calendarFile,
	GroupFacts,
	MovedSession,
	named,
	place,
	SessionFacts,
	sessionHref,
	when,
	why
} from '../session-facts';
import type { Attachment, Renderer } from '../types';

const Payload = z.discriminatedUnion('change', [
	z.object({
		change: z.literal('moved'),
		group: GroupFacts,
		audience: Audience,
		moved: z.array(MovedSession).length(1)
	}),
	z.object({
		change: z.literal('rescheduled'),
		group: GroupFacts,
		audience: Audience,
		reason: z.string(),
		cancelled: SessionFacts,
		/** The session that replaces it a week later, then every later one, in order. */
		moved: z.array(MovedSession).min(1)
	})
]);

/** "Was: Thursday 4 December, 6–8pm · Now: Tuesday 9 December, 10am–12pm". */
function wasNow(m: MovedSession): string {
	return `Was: ${when(m.was_starts_at, m.was_ends_at)} · Now: ${when(m.starts_at, m.ends_at)}`;
}

/**
 * A session moved, or cancelled and run a week later with every later session moving back a
 * week (public.move_session, public.cancel_session). One email per person per change, with old
 * and new times side by side and calendar files that update the events already in calendars:
 * REQUEST for each session that moved, and CANCEL for the one cancelled.
 */
export const sessionChanged: Renderer = (payload, ctx) => {
	const p = Payload.parse(payload);
	const g = p.group;
	const where = place(g);
	const first = p.moved[0]!;
	const href = sessionHref(ctx, p.audience, g, first);
	const attachments: Attachment[] = [];
	const text: string[] = [];
	const html: string[] = [];
	let subject: string;

	if (p.change === 'moved') {
		subject = `${g.name}: ${named(first, g)} has moved to ${when(first.starts_at, first.ends_at)}`;
		text.push(`${named(first, g)} has moved to a new time.`, wasNow(first));
		html.push(
			`<p><strong>${escapeHtml(named(first, g))}</strong> has moved to a new time.</p>`,
			`<p>${escapeHtml(wasNow(first))}</p>`
		);
	} else {
		const c = p.cancelled;
		subject = `${g.name}: ${named(c, g)} is cancelled and will run a week later`;
		const cancelled = `${named(c, g)} on ${when(c.starts_at, c.ends_at)} is cancelled: ${p.reason}`;
		const later =
			p.moved.length > 1
				? 'It will run a week later instead, and every later session moves back a week:'
				: 'It will run a week later instead:';
		const list = p.moved.map((m) => `${named(m, g)}. ${wasNow(m)}`);
		text.push(cancelled, later, list.map((l) => `- ${l}`).join('\n'));
		html.push(
			`<p>${escapeHtml(cancelled)}</p>`,
			`<p>${escapeHtml(later)}</p>`,
			`<ul>${list.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`
		);
		attachments.push(calendarFile('CANCEL', [c], g, ctx));
	}
	attachments.push(calendarFile('REQUEST', p.moved, g, ctx));

	const at = where.href ? link(where.href, where.text) : escapeHtml(where.text);
	const calendars = 'The calendar file attached updates the sessions in your calendar.';
	const cant =
		p.audience === 'parent'
			? `If you can't make the new time, let the facilitators know: ${href}`
			: `See the session: ${href}`;
	text.push(where.text, cant, calendars);
	html.push(
		`<p>${at}</p>`,
		`<p>${link(href, p.audience === 'parent' ? "If you can't make the new time, let the facilitators know" : 'See the session')}</p>`,
		`<p>${escapeHtml(calendars)}</p>`
	);
	return {
		subject,
		...layout({ text, html, why: why(p.audience, g) }, ctx),
		attachments
	};
};
