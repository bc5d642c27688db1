import { z } from 'zod';
import { courseDate } from '$lib/courses/format';
import { escapeHtml } from '$lib/html';
import { layout, link } from '../layout';
import type { Renderer } from '../types';

const Payload = z.object({
	name: z.string(),
	course: z.string(),
	first_day: z.string(),
	last_day: z.string(),
	cpd_hours: z.number(),
	code: z.string(),
	pdf_path: z.string(),
	check_path: z.string(),
	copy: z.boolean()
});

/** An attendance certificate was issued: the PDF, and the address anyone can check it at. */
export const certificateIssued: Renderer = (payload, ctx) => {
	const p = Payload.parse(payload);
	const pdf = `${ctx.siteUrl}${p.pdf_path}`;
	const check = `${ctx.siteUrl}${p.check_path}`;
	const dates =
		p.first_day === p.last_day
			? courseDate(p.first_day)
			: `${courseDate(p.first_day)} to ${courseDate(p.last_day)}`;
	const hours = `${Number.isInteger(p.cpd_hours) ? p.cpd_hours : p.cpd_hours.toFixed(2)} CPD hours`;
	const opening = p.copy
		? `${p.name} has been issued a certificate of attendance for ${p.course} (${dates}, ${hours}). You get a copy because you booked the place.`
		: `Your certificate of attendance for ${p.course} (${dates}, ${hours}) is ready.`;
	const checkLine = `Its code is ${p.code}. Anyone can check it at ${check}`;
	return {
		subject: p.copy ? `${p.name}'s certificate for ${p.course}` : 'Your certificate of attendance',
		...layout(
			{
				text: [opening, `Download it (PDF): ${pdf}`, checkLine],
				html: [
					`<p>${escapeHtml(opening)}</p>`,
					`<p>${link(pdf, 'Download the certificate (PDF)')}</p>`,
					`<p>Its code is <strong>${escapeHtml(p.code)}</strong>. Anyone can check it at ${link(check, check)}</p>`
				],
				why: `You get this because ${p.copy ? 'you booked' : 'you attended'} a course at ${ctx.clinic.name}.`
			},
			ctx
		)
	};
};
