import { z } from 'zod';
import { escapeHtml } from '$lib/html';
import { pounds } from '$lib/groups/format';
import { layout, link } from '../layout';
import { calendarFile, GroupFacts, SessionFacts } from '../session-facts';
import type { Attachment, Renderer } from '../types';

const Text = z.string().nullable();
const Was = <T extends z.ZodType>(t: T) => z.object({ was: t, now: t });
const Cost = z.object({
	funding: z.enum(['funded', 'self_funded']),
	fee_pence: z.number().int().nullable()
});

/** As private.group_change_news (supabase/schemas/32_group_edits.sql) builds it. */
const Payload = z.object({
	group: GroupFacts.extend({ video_link: z.string().nullable().optional() }),
	audience: z.enum(['parent', 'facilitator', 'former_facilitator']),
	/** The family's enrolment status; null for facilitators. */
	status: z.string().nullable(),
	changes: z
		.object({
			name: Was(Text),
			venue: Was(Text),
			venue_postcode: Was(Text),
			video_link: Was(Text),
			facilitators: Was(z.array(z.string())),
			cost: Was(Cost)
		})
		.partial(),
	/** When the name or where it meets changed: the sessions still to come, for a calendar update. */
	sessions: z.array(SessionFacts).nullable().optional()
});

/** "Priya and Sam"; "Priya, Sam and Tom". */
function names(list: string[]): string {
	return list.length < 2
		? (list[0] ?? 'nobody')
		: `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`;
}

function cost(c: z.infer<typeof Cost>): string {
	return c.funding === 'funded'
		? 'no cost to families (funded)'
		: `${pounds(c.fee_pence)} per family`;
}

const none = (v: string | null) => v ?? 'none';

/**
 * A group changed (public.edit_group, public.swap_facilitator): one email per person with each
 * change a family would notice, old and new side by side, and the link to their page. The
 * facilitator who was replaced is told they no longer run the group.
 */
export const groupChanged: Renderer = (payload, ctx) => {
	const p = Payload.parse(payload);
	const g = p.group;
	const c = p.changes;
	const lines: string[] = [];
	if (c.name) lines.push(`The group's name: was ${none(c.name.was)}, now ${none(c.name.now)}.`);
	if (c.venue) lines.push(`Where it meets: was ${none(c.venue.was)}, now ${none(c.venue.now)}.`);
	if (c.venue_postcode)
		lines.push(
			`The venue's postcode: was ${none(c.venue_postcode.was)}, now ${none(c.venue_postcode.now)}.`
		);
	if (c.video_link)
		lines.push(
			`The video-call link: was ${none(c.video_link.was)}, now ${none(c.video_link.now)}.`
		);
	if (c.facilitators)
		lines.push(
			`The facilitators: were ${names(c.facilitators.was)}, now ${names(c.facilitators.now)}.`
		);
	if (c.cost) lines.push(`The cost: was ${cost(c.cost.was)}, now ${cost(c.cost.now)}.`);

	const former = p.audience === 'former_facilitator';
	const opening = former
		? `You no longer facilitate ${g.name}. What has changed:`
		: `There has been a change to ${g.name}:`;
	const href =
		p.audience === 'parent'
			? `${ctx.siteUrl}/my`
			: former
				? `${ctx.siteUrl}/groups`
				: `${ctx.siteUrl}/groups/${g.id}`;
	const label = p.audience === 'parent' ? 'Your page' : former ? 'Your groups' : "The group's page";
	const ask =
		p.audience === 'parent'
			? 'If this makes it hard for you to come, please get in touch with us.'
			: null;
	// Calendars need the video link, which the waitlist's copy (with no calendar) leaves out.
	const attachments: Attachment[] = p.sessions?.length
		? [calendarFile('REQUEST', p.sessions, { ...g, video_link: g.video_link ?? null }, ctx)]
		: [];
	const calendars = attachments.length
		? 'The calendar file attached updates the sessions in your calendar.'
		: '';
	const why =
		p.audience === 'parent'
			? `You get this because you are listed in ${g.name}. We always tell you when it changes.`
			: former
				? `You get this because you facilitated ${g.name}.`
				: `You get this because you facilitate ${g.name}.`;
	return {
		subject: former ? `You no longer facilitate ${g.name}` : `${g.name}: a change to the group`,
		...layout(
			{
				text: [
					opening,
					lines.map((l) => `- ${l}`).join('\n'),
					ask ?? '',
					calendars,
					`${label}: ${href}`
				].filter(Boolean),
				html: [
					`<p>${escapeHtml(opening)}</p>`,
					`<ul>${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`,
					ask ? `<p>${escapeHtml(ask)}</p>` : '',
					calendars ? `<p>${escapeHtml(calendars)}</p>` : '',
					`<p>${link(href, label)}</p>`
				].filter(Boolean),
				why
			},
			ctx
		),
		attachments
	};
};
