import type { Outbox } from '../embedded/mail';
import type { Transport } from './transport';

/**
 * The demo's transport: each message goes into the outbox at /dev/mail, whole (text, html,
 * headers, attachments). A tester can make it fail as a real provider does (the switches on
 * /dev/mail, kept in this server's memory): refuse an address with a 550, as a provider refuses
 * one that does not exist, or be unreachable, as when the mail server is down.
 */
export const demoMailFaults = {
	/** Addresses refused with a permanent 550 reply. */
	refused: new Set<string>(),
	/** Every send fails as if the mail server could not be reached (retried later). */
	down: false
};

export function outboxTransport(outbox: Outbox, from: string): Transport {
	return {
		async send(mail) {
			if (demoMailFaults.down) {
				throw Object.assign(
					new Error('Connection refused: the demo mail server is switched off.'),
					{
						code: 'ESOCKET'
					}
				);
			}
			const to = mail.to.toLowerCase();
			if (demoMailFaults.refused.has(to)) {
				const response = `550 5.1.1 <${to}>: Recipient address rejected: User unknown (refused by the demo, /dev/mail)`;
				throw Object.assign(new Error(`Recipient refused: ${response}`), {
					code: 'EENVELOPE',
					responseCode: 550,
					permanent: true,
					response
				});
			}
			const id = await outbox.send({
				from,
				to: mail.to,
				replyTo: mail.replyTo,
				subject: mail.subject,
				text: mail.text,
				html: mail.html,
				headers: { 'Message-ID': mail.messageId, ...mail.headers },
				attachments: mail.attachments
			});
			return { response: `250 Kept in the demo outbox as message ${id}` };
		}
	};
}
