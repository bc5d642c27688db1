import { z } from 'zod';
import { day } from '$lib/groups/format';
import { escapeHtml } from '$lib/html';
import { layout, link } from '../layout';
import type { Renderer } from '../types';

const Payload = z.object({
	group: z.object({ id: z.string(), name: z.string() }),
	enrolment_id: z.string(),
	parent_name: z.string(),
	sessions: z.array(
		z.object({ number: z.number(), title: z.string().nullish(), starts_at: z.string() })
	)
});

/** To both facilitators: a parent has been absent from two sessions in a row (once per run). */
export const absentTwice: Renderer = (payload, ctx) => {
	const p = Payload.parse(payload);
	const href = `${ctx.siteUrl}/groups/${p.group.id}`;
	const missed = p.sessions.map((s) => `session ${s.number} (${day(s.starts_at)})`);
	const list =
		missed.length > 1
			? `${missed.slice(0, -1).join(', ')} and ${missed[missed.length - 1]}`
			: missed[0];
	const what = `${p.parent_name} was marked absent from ${list} of ${p.group.name}.`;
	const next = 'It may help to get in touch before the next session.';
	return {
		subject: `${p.parent_name} has missed two sessions in a row`,
		...layout(
			{
				text: [what, next, `The group: ${href}`],
				html: [
					`<p>${escapeHtml(what)}</p>`,
					`<p>${escapeHtml(next)}</p>`,
					`<p>${link(href, 'Open the group')}</p>`
				],
				why: 'You get this because you facilitate this group.'
			},
			ctx
		)
	};
};
