import { z } from 'zod';
import { escapeHtml } from '$lib/html';
import { layout, link } from '../layout';
import type { Renderer } from '../types';

const Payload = z.object({ asked_at: z.string() });

/**
 * Someone asked about the next group on the public page. The email says only that: the family's
 * details stay behind sign-in, on the interest list. At most one an hour (its dedupe key), so a
 * flood of sign-ups is not a flood of email.
 */
export const interestSignup: Renderer = (payload, ctx) => {
	Payload.parse(payload);
	const href = `${ctx.siteUrl}/review/interest`;
	const what =
		'Someone has asked about the next group on the clinic’s website and is now on the interest list.';
	const more =
		'If more people ask within the hour, they are on the list too; this email is sent once an hour at most.';
	return {
		subject: 'Someone asked about the next group',
		...layout(
			{
				text: [what, more, `See the interest list: ${href}`],
				html: [
					`<p>${escapeHtml(what)}</p>`,
					`<p>${escapeHtml(more)}</p>`,
					`<p>${link(href, 'See the interest list')}</p>`
				],
				why: 'You get this because you are the clinical lead.'
			},
			ctx
		)
	};
};
