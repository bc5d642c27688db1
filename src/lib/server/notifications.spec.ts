import { describe, expect, it } from 'vitest';
import { renderNotification } from './notifications';
import { siteUrl } from './supabase';

describe('the "someone has been trying to sign in" email', () => {
	const mail = renderNotification({
		id: 1,
		kind: 'sign_in_attempts',
		to: 'lead@example.org',
		full_name: 'Ruth <Lead> Okafor',
		payload: {}
	});

	it('goes to the owner and says what happened in plain words', () => {
		expect(mail.to).toBe('lead@example.org');
		expect(mail.subject).toBe('Someone has been trying to sign in to your account');
		expect(mail.html).toContain('<p>Dear Ruth,</p>');
		expect(mail.html).toContain('Someone has been trying to sign in to your');
	});

	it('links to the page for choosing a new password', () => {
		expect(mail.html).toContain(`<a href="${siteUrl()}/forgot-password">Reset your password</a>`);
	});

	it('gives no details: no times, addresses or counts', () => {
		const text = mail.html.replace(/<[^>]+>/g, ' ');
		expect(text).not.toMatch(/\d/);
	});
});
