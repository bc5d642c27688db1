import { z } from 'zod';
import { courseDate } from '$lib/courses/format';
import { escapeHtml } from '$lib/html';
import { layout, link } from '../layout';
import type { Renderer } from '../types';

const Payload = z.object({
	name: z.string(),
	renew_by: z.string(),
	days: z.number().int(),
	lapsed: z.boolean(),
	to_lead: z.boolean(),
	record_path: z.string()
});

/**
 * 60 and 14 days before a facilitator's accreditation is due for renewal, and on the day it
 * lapses: to the facilitator, and to the clinical lead, who renews it (94_facilitator_pathway.sql).
 */
export const accreditationRenewal: Renderer = (payload, ctx) => {
	const p = Payload.parse(payload);
	const href = `${ctx.siteUrl}${p.record_path}`;
	const date = courseDate(p.renew_by);
	const whose = p.to_lead ? `${p.name}'s` : 'Your';
	const lines = p.lapsed
		? [
				`${whose} accreditation as a Reflective Parenting facilitator lapsed on ${date}.`,
				p.to_lead
					? `Groups ${p.name} already runs carry on, but they cannot be put on a new group until you renew it.`
					: 'Groups you already run carry on, but you cannot be put on a new group until it is renewed. Please talk to the clinical lead.'
			]
		: [
				`${whose} accreditation as a Reflective Parenting facilitator is due for renewal on ${date}, in ${p.days} days.`,
				p.to_lead
					? 'You can renew it on their record once you have reviewed their recent practice.'
					: 'The clinical lead renews it after reviewing your recent practice; please arrange a time with them.'
			];
	return {
		subject: p.lapsed
			? `${p.to_lead ? `${p.name}'s` : 'Your'} accreditation has lapsed`
			: `${p.to_lead ? `${p.name}'s` : 'Your'} accreditation is due for renewal on ${date}`,
		...layout(
			{
				text: [...lines, `${p.to_lead ? 'Their' : 'Your'} record: ${href}`],
				html: [
					...lines.map((l) => `<p>${escapeHtml(l)}</p>`),
					`<p>${link(href, p.to_lead ? 'Open their record' : 'Open your record')}</p>`
				],
				why: p.to_lead
					? `You get this because you are the clinical lead at ${ctx.clinic.name}.`
					: `You get this because you are a facilitator at ${ctx.clinic.name}.`
			},
			ctx
		)
	};
};
