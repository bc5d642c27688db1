import { layout, link } from '../layout';
import type { Renderer } from '../types';

/**
 * Sent once a day at most when several sign-ins to the account have failed. It says nothing
 * about when, where from or how often: only what to do.
 */
export const signInAttempts: Renderer = (_payload, ctx) => {
	const href = `${ctx.siteUrl}/forgot-password`;
	const lines = [
		'Someone has been trying to sign in to your Reflective Groups account.',
		'If it was you, there is nothing you need to do.',
		'If it was not you, your account is still safe as long as nobody else knows your password. To be sure, you can choose a new one.'
	];
	return {
		subject: 'Someone has been trying to sign in to your account',
		...layout(
			{
				text: [...lines, `Reset your password: ${href}`],
				html: [...lines.map((l) => `<p>${l}</p>`), `<p>${link(href, 'Reset your password')}</p>`],
				why: 'You get this because it is your account.'
			},
			ctx
		)
	};
};
