import { z } from 'zod';
import { escapeHtml } from '$lib/html';
import { layout, link } from '../layout';
import type { Renderer } from '../types';

const Payload = z.object({ requested_at: z.iso.datetime({ offset: true }) });

/** 20270301T090000Z: a UTC time as a calendar file writes it. */
function icsTime(d: Date): string {
	return d
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d{3}/, '');
}

/**
 * The test email the lead sends from the settings page: it checks that mail reaches them with
 * the clinic's details as they now stand, and that an attachment (a sample calendar entry, as
 * session emails carry) arrives intact.
 */
export const settingsTest: Renderer = (payload, ctx) => {
	const { requested_at } = Payload.parse(payload);
	const asked = new Date(requested_at);
	const start = new Date(asked.getTime() + 24 * 60 * 60 * 1000);
	const end = new Date(start.getTime() + 60 * 60 * 1000);
	const href = `${ctx.siteUrl}/review/settings`;
	const lines = [
		`This is the test email you asked for from the settings page. If you can read it, ${ctx.clinic.name}'s email is working.`,
		'It carries a sample calendar entry (test.ics), as the session emails do: opening it should offer to add a one-hour "Test entry" to your calendar tomorrow. You do not need to keep it.'
	];
	const ics = [
		'BEGIN:VCALENDAR',
		'VERSION:2.0',
		'PRODID:-//Reflective Groups//Test email//EN',
		'METHOD:PUBLISH',
		'BEGIN:VEVENT',
		`UID:settings-test-${icsTime(asked)}@reflective-groups`,
		`DTSTAMP:${icsTime(asked)}`,
		`DTSTART:${icsTime(start)}`,
		`DTEND:${icsTime(end)}`,
		'SUMMARY:Test entry (Reflective Groups)',
		'END:VEVENT',
		'END:VCALENDAR',
		''
	].join('\r\n');
	return {
		subject: `Test email from ${ctx.clinic.name}`,
		...layout(
			{
				text: [...lines, `The settings page: ${href}`],
				html: [
					...lines.map((l) => `<p>${escapeHtml(l)}</p>`),
					`<p>${link(href, 'The settings page')}</p>`
				],
				why: 'You get this because you asked for a test email on the settings page.'
			},
			ctx
		),
		attachments: [
			{ filename: 'test.ics', contentType: 'text/calendar; charset=utf-8', content: ics }
		],
		headers: { 'X-Reflective-Groups-Test': 'yes' }
	};
};
