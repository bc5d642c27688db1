import type { PGlite } from '@electric-sql/pglite';
import { escapeHtml } from '../../html';
import inviteTemplate from '../../../../supabase/templates/invite.html?raw';
import recoveryTemplate from '../../../../supabase/templates/recovery.html?raw';

/** A file attached to a stored message. */
export interface StoredAttachment {
	filename: string;
	contentType: string;
	content: string;
}

/** One message in the outbox, as listed. */
export interface MailSummary {
	id: number;
	to_address: string;
	subject: string;
	/** The html, for tests that follow a link in the newest message. */
	html: string;
	sent_at: string;
	attachments: number;
}

/** One message in the outbox, whole: what an SMTP server would have been given. */
export interface MailMessage {
	id: number;
	from_address: string | null;
	to_address: string;
	reply_to: string | null;
	subject: string;
	/** The plain-text part; null for Supabase Auth's own emails, which are html only. */
	text: string | null;
	html: string;
	headers: Record<string, string>;
	attachments: StoredAttachment[];
	sent_at: string;
}

/** What the outbox is given to keep. */
export interface OutboxMail {
	from?: string;
	to: string;
	replyTo?: string;
	subject: string;
	text?: string;
	html: string;
	headers?: Record<string, string>;
	attachments?: StoredAttachment[];
}

/** The same templates and subjects that supabase/config.toml gives a real project. */
const templates = {
	invite: { subject: "You're invited to Reflective Groups", html: inviteTemplate },
	recovery: { subject: 'Reset your Reflective Groups password', html: recoveryTemplate }
} as const;

export type TemplateName = keyof typeof templates;

/** Fill a Supabase (Go template) email template's {{ .Name }} fields. */
export function renderTemplate(html: string, fields: Record<string, string>): string {
	return html.replace(/\{\{\s*\.(\w+)\s*\}\}/g, (whole, name: string) =>
		name in fields ? escapeHtml(fields[name] ?? '') : whole
	);
}

/** How many messages the outbox lists at once (newest first). */
export const LIST_LIMIT = 200;

const COLUMNS = `id, from_address, to_address, reply_to, subject, text, html, headers, attachments,
	sent_at::text`;

/** Where mail goes in embedded mode: a table, shown at /dev/mail, like Supabase's local Mailpit. */
export class Outbox {
	constructor(private readonly db: PGlite) {}

	/** Supabase Auth's own emails (invitation, password reset), as GoTrue would send them. */
	async sendTemplate(
		to: string,
		name: TemplateName,
		fields: Record<string, string>
	): Promise<void> {
		const t = templates[name];
		await this.send({
			to,
			subject: t.subject,
			html: renderTemplate(t.html, { Email: to, ...fields })
		});
	}

	/** Keep one message; returns its id. */
	async send(mail: OutboxMail): Promise<number> {
		const { rows } = await this.db.query<{ id: number }>(
			`insert into embedded.mail_outbox
			   (from_address, to_address, reply_to, subject, text, html, headers, attachments)
			 values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
			[
				mail.from ?? null,
				mail.to,
				mail.replyTo ?? null,
				mail.subject,
				mail.text ?? null,
				mail.html,
				JSON.stringify(mail.headers ?? {}),
				JSON.stringify(mail.attachments ?? [])
			]
		);
		return Number(rows[0]?.id);
	}

	/** The newest `limit` messages, only those to `to` (any case) when it is given. */
	async list({ to, limit = LIST_LIMIT }: { to?: string; limit?: number } = {}): Promise<
		MailSummary[]
	> {
		const { rows } = await this.db.query<MailSummary>(
			`select id, to_address, subject, html, sent_at::text, jsonb_array_length(attachments) as attachments
			 from embedded.mail_outbox where $1::text is null or lower(to_address) = lower($1)
			 order by id desc limit $2`,
			[to || null, limit]
		);
		return rows;
	}

	async get(id: number): Promise<MailMessage | undefined> {
		const { rows } = await this.db.query<MailMessage>(
			`select ${COLUMNS} from embedded.mail_outbox where id = $1`,
			[id]
		);
		return rows[0];
	}
}
