import { z } from 'zod';
import { escapeHtml } from '$lib/html';
import { layout, link } from '../layout';
import { GroupFacts, hour, named, place, SessionFacts, when } from '../session-facts';
import type { Renderer } from '../types';

const Payload = z.object({
	group: GroupFacts,
	session: SessionFacts,
	/** 0: the reminder on the morning of the session. */
	days_before: z.number().int().min(0),
	unsubscribe_token: z.string().min(1)
});

/**
 * A reminder before a session (private.queue_due_reminders): when, where or the video link, and
 * the "I can't make it" page. It carries a one-click unsubscribe (RFC 8058): the
 * List-Unsubscribe address takes a POST with no session, which turns reminders off.
 */
export const sessionReminder: Renderer = (payload, ctx) => {
	const p = Payload.parse(payload);
	const g = p.group;
	const s = p.session;
	const where = place(g);
	const cant = `${ctx.siteUrl}/my/sessions/${s.id}`;
	const unsubscribe = `${ctx.siteUrl}/unsubscribe/${encodeURIComponent(p.unsubscribe_token)}`;
	const choose = `${ctx.siteUrl}/account/messages`;
	const time = when(s.starts_at, s.ends_at);
	const subject =
		p.days_before === 0
			? `Today at ${hour(s.starts_at)}: ${named(s, g)}`
			: `Reminder: ${named(s, g)}, ${time}`;
	const opening =
		p.days_before === 0
			? `A reminder that ${g.name} meets today.`
			: `A reminder that ${g.name} meets ${p.days_before === 1 ? 'tomorrow' : `in ${p.days_before} days`}.`;
	const cantText = "If you can't make it, please let the facilitators know";
	const at = where.href ? link(where.href, where.text) : escapeHtml(where.text);
	const stop = 'Rather not have reminders? Stop them with one click';
	const { text, html } = layout(
		{
			text: [
				opening,
				`${named(s, g)}\n${time}\n${where.text}`,
				`${cantText}: ${cant}`,
				`${stop}: ${unsubscribe}\nOr choose what we send you: ${choose}`
			],
			html: [
				`<p>${escapeHtml(opening)}</p>`,
				`<p><strong>${escapeHtml(named(s, g))}</strong><br>${escapeHtml(time)}<br>${at}</p>`,
				`<p>${link(cant, cantText)}</p>`,
				`<p>${link(unsubscribe, stop)}, or ${link(choose, 'choose what we send you')}.</p>`
			],
			why: `You get this because you have a place in ${g.name}. Changes to a session are always sent; reminders you can stop.`
		},
		ctx
	);
	return {
		subject,
		text,
		html,
		headers: {
			'List-Unsubscribe': `<${unsubscribe}>`,
			'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click'
		}
	};
};
