import { createTransport } from 'nodemailer';
import type { Mail } from './types';

/**
 * Where rendered emails go: SMTP in production (nodemailer), the outbox in the demo. A transport
 * resolves with the provider's answer once the provider has taken the message, and throws when
 * it has not; `sendFailure` reads the error to decide whether trying again could help.
 */
export interface Transport {
	send(mail: OutgoingMail): Promise<{ response: string }>;
	close?(): void;
}

/** An email as the worker hands it over: the rendered mail plus its envelope. */
export interface OutgoingMail extends Mail {
	/** Our id for it, stable across retries: `<message-42@host>`, so a resend is one email. */
	messageId: string;
}

/** What a failed send means for the message. */
export interface SendFailure {
	/** Trying again would be refused again: the address or the message itself was refused. */
	permanent: boolean;
	/**
	 * `message`: this message or its recipient (the next message may well go); `server`: the
	 * mail server could not be reached or would not let us in, so nothing else will go now.
	 */
	scope: 'message' | 'server';
	/** What happened, in the provider's words when it answered (an SMTP reply). */
	reason: string;
}

/** The parts of a nodemailer error this reads (nodemailer's `NodemailerError`). */
interface SmtpError {
	code?: string;
	message?: string;
	response?: string;
	responseCode?: number;
	permanent?: boolean;
}

/**
 * Only a refusal of this recipient or this message is permanent (an SMTP 5xx reply to RCPT TO
 * or DATA, which nodemailer marks `permanent` with code EENVELOPE or EMESSAGE). A refused login,
 * a bad setting or a server that cannot be reached is about our side, not the message: it is
 * retried, so the messages go once the setting is put right.
 */
const MESSAGE_CODES = new Set(['EENVELOPE', 'EMESSAGE']);

export function sendFailure(e: unknown): SendFailure {
	const err = (e ?? {}) as SmtpError;
	const aboutMessage = MESSAGE_CODES.has(err.code ?? '');
	const reply = typeof err.response === 'string' ? err.response.trim() : '';
	const said = reply || (typeof err.message === 'string' ? err.message : String(e));
	return {
		permanent: aboutMessage && err.permanent === true,
		scope: aboutMessage ? 'message' : 'server',
		reason: err.code && !reply ? `${err.code}: ${said}` : said
	};
}

/** The host part of an address in MAIL_FROM (`"Name" <groups@clinic.org.uk>`), for Message-IDs. */
export function fromDomain(from: string): string {
	const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
	return address.split('@').pop()?.trim().toLowerCase() || 'localhost';
}

/**
 * SMTP through nodemailer: `url` is SMTP_URL (`smtps://user:pass@smtp.example.org:465`, or
 * `smtp://…:587` for STARTTLS), `from` is MAIL_FROM. Timeouts are short because a person may be
 * waiting on the action that sent it; an unreachable server is retried later anyway.
 */
export function smtpTransport(url: string, from: string): Transport {
	const mailer = createTransport(
		{ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 },
		{ from }
	);
	return {
		async send(mail) {
			const info = await mailer.sendMail({
				to: mail.to,
				replyTo: mail.replyTo,
				subject: mail.subject,
				text: mail.text,
				html: mail.html,
				headers: mail.headers,
				messageId: mail.messageId,
				attachments: mail.attachments?.map((a) => ({
					filename: a.filename,
					contentType: a.contentType,
					content: a.content
				}))
			});
			// A server that takes the message but refuses its only recipient: not delivered.
			const rejected = info.rejected ?? [];
			if (rejected.length && !(info.accepted ?? []).length) {
				throw Object.assign(new Error('The recipient was refused.'), {
					code: 'EENVELOPE',
					permanent: true,
					response: info.rejectedErrors?.[0]?.response ?? info.response
				});
			}
			return { response: String(info.response ?? 'accepted') };
		},
		close: () => mailer.close()
	};
}
