/**
 * What an email is, once rendered, and what a template needs to render one. A message is queued
 * in SQL with a complete payload (private.queue_message); the worker claims it and renders it with
 * the template for its kind (./templates/index.ts), adding the recipient and the clinic.
 */

/** A file attached to an email, e.g. a calendar update. */
export interface Attachment {
	filename: string;
	contentType: string;
	content: string;
}

/** One email, ready for the transport (SMTP in production, the outbox in the demo). */
export interface Mail {
	to: string;
	subject: string;
	/** Plain text for every mail program; the html is the same words. */
	text: string;
	html: string;
	attachments?: Attachment[];
	/** Extra headers, e.g. List-Unsubscribe on reminders. */
	headers?: Record<string, string>;
	replyTo?: string;
}

/** The organisation's details, from public.organisation (private.clinic()). */
export interface Clinic {
	name: string;
	phone: string | null;
	email: string | null;
	postal_address: string | null;
	reply_to: string | null;
	staff_contact: string | null;
}

export interface Recipient {
	email: string;
	full_name: string;
	role: string | null;
}

export interface MessageContext {
	recipient: Recipient;
	clinic: Clinic;
	/** The app's public address, for links: no trailing slash. */
	siteUrl: string;
}

/** A template: payload (as queued, validated by the template) and context to an email. */
export type Renderer = (payload: unknown, context: MessageContext) => Omit<Mail, 'to'>;
