import type { PGlite } from '@electric-sql/pglite';
import { escapeHtml } from '../../html';
import inviteTemplate from '../../../../supabase/templates/invite.html?raw';
import recoveryTemplate from '../../../../supabase/templates/recovery.html?raw';

export interface MailMessage {
	id: number;
	to_address: string;
	subject: string;
	html: string;
	sent_at: string;
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

/** Where mail goes in embedded mode: a table, shown at /dev/mail, like Supabase's local Mailpit. */
export class Outbox {
	constructor(private readonly db: PGlite) {}

	async sendTemplate(
		to: string,
		name: TemplateName,
		fields: Record<string, string>
	): Promise<void> {
		const t = templates[name];
		await this.send(to, t.subject, renderTemplate(t.html, { Email: to, ...fields }));
	}

	async send(to: string, subject: string, html: string): Promise<void> {
		await this.db.query(
			'insert into embedded.mail_outbox (to_address, subject, html) values ($1, $2, $3)',
			[to, subject, html]
		);
	}

	async list(): Promise<MailMessage[]> {
		const { rows } = await this.db.query<MailMessage>(
			'select id, to_address, subject, html, sent_at::text from embedded.mail_outbox order by id desc limit 200'
		);
		return rows;
	}

	async get(id: number): Promise<MailMessage | undefined> {
		const { rows } = await this.db.query<MailMessage>(
			'select id, to_address, subject, html, sent_at::text from embedded.mail_outbox where id = $1',
			[id]
		);
		return rows[0];
	}
}
