import { z } from 'zod';
import { longDay } from '$lib/groups/format';
import { escapeHtml } from '$lib/html';
import { atLabel, measureTitle } from '$lib/answers/format';
import { layout, link } from '../layout';
import type { Renderer } from '../types';

const Payload = z.object({
	group: z.object({ id: z.string(), name: z.string() }),
	instrument: z.object({ id: z.string(), name: z.string(), kind: z.string() }),
	at: z.enum(['before', 'after', 'follow_up']),
	due_at: z.string(),
	closes_at: z.string(),
	/** /my/measures/<enrolment>/<instrument>/<at>: signed out, it goes through sign-in and back. */
	path: z.string().startsWith('/my/measures/'),
	unsubscribe_token: z.string().min(1)
});

/**
 * A measure is open for a family (private.measure_reminders, 97_outcome_answers.sql): what to
 * answer, by when, and the link. Once per family, measure and time point. A reminder, so it
 * carries the one-click unsubscribe as session reminders do.
 */
export const measureOpen: Renderer = (payload, ctx) => {
	const p = Payload.parse(payload);
	const href = `${ctx.siteUrl}${p.path}`;
	const unsubscribe = `${ctx.siteUrl}/unsubscribe/${encodeURIComponent(p.unsubscribe_token)}`;
	const choose = `${ctx.siteUrl}/account/messages`;
	const what = measureTitle({ ...p.instrument, at: p.at });
	const due = new Date(p.due_at).getTime() > Date.now() ? p.due_at : p.closes_at;
	const lines = [
		`${atLabel(p.at)} (${p.group.name}): we would like to ask you a few short questions — ${what.toLowerCase()}. It helps us know whether the group helps.`,
		`It takes about five minutes on your phone. Please answer by ${longDay(due)}. You can save and finish later, and "Prefer not to say" is always an answer.`
	];
	const stop = 'Rather not have reminders? Stop them with one click';
	const { text, html } = layout(
		{
			text: [
				...lines,
				`Answer now: ${href}`,
				`${stop}: ${unsubscribe}\nOr choose what we send you: ${choose}`
			],
			html: [
				...lines.map((l) => `<p>${escapeHtml(l)}</p>`),
				`<p>${link(href, 'Answer now')}</p>`,
				`<p>${link(unsubscribe, stop)}, or ${link(choose, 'choose what we send you')}.</p>`
			],
			why: `You get this because you have a place in ${p.group.name}. Reminders you can stop.`
		},
		ctx
	);
	return {
		subject: `${what}: a few questions for ${p.group.name}`,
		text,
		html,
		headers: {
			'List-Unsubscribe': `<${unsubscribe}>`,
			'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click'
		}
	};
};
