import { z } from 'zod';
import { escapeHtml } from '$lib/html';
import { layout, link } from '../layout';
import {
	Audience,
	calendarFile,
	GroupFacts,
	named,
	SessionFacts,
	when,
	why
} from '../session-facts';
import type { Renderer } from '../types';

const Payload = z.object({
	group: GroupFacts,
	audience: Audience,
	reason: z.string(),
	/** Every session that will not now take place, in order (empty if none were left). */
	cancelled: z.array(SessionFacts)
});

/**
 * A whole group cancelled (public.cancel_group): one email saying so, with the reason, the
 * sessions that will not now take place, and a calendar file that removes them all.
 */
export const groupCancelled: Renderer = (payload, ctx) => {
	const p = Payload.parse(payload);
	const g = p.group;
	const href = p.audience === 'parent' ? `${ctx.siteUrl}/my` : `${ctx.siteUrl}/groups/${g.id}`;
	const said = `We are sorry to tell you that ${g.name} has been cancelled. The reason: ${p.reason}`;
	const list = p.cancelled.map((s) => `${named(s, g)}, ${when(s.starts_at, s.ends_at)}`);
	const none = list.length
		? 'These sessions will not now take place:'
		: 'It had no sessions left to run.';
	const next =
		p.audience === 'parent'
			? `We will be in touch about other groups. Your page: ${href}`
			: `The group's page: ${href}`;
	return {
		subject: `${g.name} is cancelled`,
		...layout(
			{
				text: [said, none, list.map((l) => `- ${l}`).join('\n'), next].filter(Boolean),
				html: [
					`<p>${escapeHtml(said)}</p>`,
					`<p>${escapeHtml(none)}</p>`,
					list.length ? `<ul>${list.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>` : '',
					`<p>${link(href, p.audience === 'parent' ? 'Your page' : "The group's page")}</p>`
				].filter(Boolean),
				why: why(p.audience, g)
			},
			ctx
		),
		attachments: p.cancelled.length ? [calendarFile('CANCEL', p.cancelled, g, ctx)] : []
	};
};
