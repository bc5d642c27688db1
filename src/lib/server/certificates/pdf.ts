import PDFDocument from 'pdfkit';
import { printedDate } from '$lib/money/format';
import type { CertificatePage } from '$lib/certificates/types';

type Certificate = NonNullable<CertificatePage>;

/** "14 CPD hours", "6.5 CPD hours", "1 CPD hour". */
export function cpdHours(hours: number): string {
	const n = Number.isInteger(hours) ? String(hours) : String(Math.round(hours * 100) / 100);
	return `${n} CPD ${hours === 1 ? 'hour' : 'hours'}`;
}

/** "1 and 2 September 2026" style dates, as printed: one day, or from one to the other. */
export function certificateDates(c: Pick<Certificate, 'first_day' | 'last_day'>): string {
	return c.first_day === c.last_day
		? printedDate(c.first_day)
		: `${printedDate(c.first_day)} to ${printedDate(c.last_day)}`;
}

/**
 * A certificate of attendance as an A4 landscape PDF: the organisation, the person, the course,
 * its dates and CPD hours, and the code with the address anyone can check it at (pdfkit's
 * built-in Helvetica, as the invoices use: nothing to ship).
 */
export function certificatePdf(c: Certificate, checkUrl: string): Promise<Uint8Array> {
	const doc = new PDFDocument({
		size: 'A4',
		layout: 'landscape',
		margin: 60,
		info: { Title: `Certificate of attendance ${c.code}`, Author: c.organisation }
	});
	const chunks: Buffer[] = [];
	doc.on('data', (b: Buffer) => chunks.push(b));
	const done = new Promise<Uint8Array>((resolve, reject) => {
		doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
		doc.on('error', reject);
	});
	const left = doc.page.margins.left;
	const width = doc.page.width - left - doc.page.margins.right;
	const centred = { width, align: 'center' as const };

	doc
		.rect(30, 30, doc.page.width - 60, doc.page.height - 60)
		.lineWidth(2)
		.stroke('#1f4e5f');
	doc
		.fillColor('#1f4e5f')
		.font('Helvetica-Bold')
		.fontSize(16)
		.text(c.organisation, left, 80, centred);
	doc.moveDown(1.5).fillColor('#000').font('Helvetica').fontSize(30);
	doc.text('Certificate of attendance', centred);
	doc.moveDown(1).fontSize(13).text('This is to certify that', centred);
	doc.moveDown(0.6).font('Helvetica-Bold').fontSize(26).text(c.name, centred);
	doc.moveDown(0.6).font('Helvetica').fontSize(13).text('attended', centred);
	doc.moveDown(0.6).font('Helvetica-Bold').fontSize(17).text(c.course, centred);
	doc.moveDown(0.8).font('Helvetica').fontSize(13).text(certificateDates(c), centred);
	doc.moveDown(0.4).text(cpdHours(c.cpd_hours), centred);

	doc
		.fontSize(10)
		.fillColor('#444')
		.text(`Certificate code ${c.code}`, left, doc.page.height - 120, centred)
		.text(`Check it at ${checkUrl}`, centred);
	doc.end();
	return done;
}
