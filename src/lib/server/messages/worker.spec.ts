import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sendFailure } from './transport';
import { renderMessage, type ClaimedMessage } from './worker';
import type { Clinic } from './types';

const clinic: Clinic = {
	name: 'Riverside Family Clinic',
	phone: '020 7946 0321',
	email: 'groups@riverside.example',
	postal_address: null,
	reply_to: 'replies@riverside.example',
	staff_contact: null
};
const options = { siteUrl: 'https://groups.example.org', domain: 'riverside.example' };

function claimed(over: Partial<ClaimedMessage> = {}): ClaimedMessage {
	return {
		id: 42,
		kind: 'sign_in_attempts',
		payload: {},
		attempts: 1,
		to: 'lead@example.org',
		full_name: 'Ruth <Lead> Okafor',
		role: 'clinical_lead',
		...over
	};
}

describe('renderMessage', () => {
	it('writes the sign-in warning to its owner in plain words, with no details', () => {
		const r = renderMessage(claimed(), clinic, options);
		expect(r.problem).toBeUndefined();
		const mail = r.mail!;
		expect(mail.to).toBe('lead@example.org');
		expect(mail.subject).toBe('Someone has been trying to sign in to your account');
		expect(mail.html).toContain('<p>Dear Ruth,</p>');
		expect(mail.html).toContain(
			'<a href="https://groups.example.org/forgot-password">Reset your password</a>'
		);
		const words = mail.text.replace(/020 7946 0321/, '');
		expect(words).not.toMatch(/\d/);
	});

	it('adds the clinic reply-to, a Message-ID that stays the same on every try, and Auto-Submitted', () => {
		const mail = renderMessage(claimed(), clinic, options).mail!;
		expect(mail.replyTo).toBe('replies@riverside.example');
		expect(mail.messageId).toBe('<message-42@riverside.example>');
		expect(mail.headers).toMatchObject({ 'Auto-Submitted': 'auto-generated' });
		expect(renderMessage(claimed({ attempts: 3 }), clinic, options).mail!.messageId).toBe(
			mail.messageId
		);
	});

	it('gives a reason, not an exception, for a kind with no template', () => {
		const r = renderMessage(claimed({ kind: 'no_such_kind' }), clinic, options);
		expect(r.mail).toBeUndefined();
		expect(r.problem).toBe('There is no email template for messages of kind "no_such_kind".');
		// Not fooled by the names every object has.
		expect(renderMessage(claimed({ kind: 'toString' }), clinic, options).problem).toContain(
			'no email template'
		);
	});

	it('gives the reason when a template throws on its payload', () => {
		const templates = {
			boom: () => {
				throw new Error('the group has no sessions');
			},
			strict: (p: unknown) => {
				z.object({ group_name: z.string() }).parse(p);
				return { subject: 's', text: 't', html: 'h' };
			}
		};
		const boom = renderMessage(claimed({ kind: 'boom' }), clinic, { ...options, templates });
		expect(boom.problem).toBe(
			'The email could not be written from what was queued: the group has no sessions'
		);
		const strict = renderMessage(claimed({ kind: 'strict', payload: {} }), clinic, {
			...options,
			templates
		});
		expect(strict.problem).toContain('group_name');
	});

	it('writes the settings test email with a calendar attachment', () => {
		const mail = renderMessage(
			claimed({ kind: 'settings_test', payload: { requested_at: '2027-03-01T09:00:00+00:00' } }),
			clinic,
			options
		).mail!;
		expect(mail.subject).toBe('Test email from Riverside Family Clinic');
		expect(mail.attachments).toHaveLength(1);
		expect(mail.attachments![0]).toMatchObject({ filename: 'test.ics' });
		expect(mail.attachments![0]!.content).toContain('DTSTART:20270302T090000Z');
	});
});

describe('sendFailure', () => {
	it('treats a 5xx refusal of the recipient or the message as permanent, about the message', () => {
		const f = sendFailure(
			Object.assign(new Error("Can't send mail - all recipients were rejected"), {
				code: 'EENVELOPE',
				responseCode: 550,
				permanent: true,
				response: '550 5.1.1 <nobody@example.org>: Recipient address rejected '
			})
		);
		expect(f).toEqual({
			permanent: true,
			scope: 'message',
			reason: '550 5.1.1 <nobody@example.org>: Recipient address rejected'
		});
	});

	it('retries a 4xx refusal of the message', () => {
		const f = sendFailure(
			Object.assign(new Error('x'), { code: 'EENVELOPE', responseCode: 451, response: '451 later' })
		);
		expect(f).toMatchObject({ permanent: false, scope: 'message', reason: '451 later' });
	});

	it('retries when the server is down or refuses our login, and stops the batch', () => {
		expect(
			sendFailure(
				Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { code: 'ESOCKET' })
			)
		).toEqual({
			permanent: false,
			scope: 'server',
			reason: 'ESOCKET: connect ECONNREFUSED 127.0.0.1:25'
		});
		expect(
			sendFailure(
				Object.assign(new Error('Invalid login'), {
					code: 'EAUTH',
					responseCode: 535,
					permanent: true,
					response: '535 5.7.8 Authentication failed'
				})
			)
		).toMatchObject({ permanent: false, scope: 'server' });
	});
});
