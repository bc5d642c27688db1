import PDFDocument from 'pdfkit';
import { courseDates, printedDate } from '$lib/money/format';
import { money } from '$lib/courses/money';

/**
 * Money for the PDF: the built-in Helvetica is WinAnsi-encoded, which has no "−" (U+2212) for a
 * negative balance, so a plain hyphen stands in.
 */
const amount = (pence: number) => money(pence).replace('\u2212', '-');
import type { InvoicePage } from '$lib/money/types';

/**
 * An invoice as an A4 PDF, with the same content as its page (pdfkit and its built-in
 * Helvetica: no font files to ship, and every character an invoice prints — £, en and em
 * dashes — is in the font's encoding).
 */
export function invoicePdf(i: InvoicePage): Promise<Uint8Array> {
	const doc = new PDFDocument({
		size: 'A4',
		margin: 50,
		info: { Title: `Invoice ${i.number}`, Author: i.supplier.name }
	});
	const chunks: Buffer[] = [];
	doc.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<Uint8Array>((resolve, reject) => {
		doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
		doc.on('error', reject);
	});

	const left = doc.page.margins.left;
	const width = doc.page.width - left - doc.page.margins.right;
	const top = doc.y;

	// Supplier, left; the invoice's number and dates, right.
	doc
		.font('Helvetica-Bold')
		.fontSize(14)
		.text(i.supplier.name, left, top, { width: width / 2 });
	doc.font('Helvetica').fontSize(9);
	for (const line of [
		i.supplier.address,
		[i.supplier.email, i.supplier.phone].filter(Boolean).join(' · '),
		i.supplier.vat_number ? `VAT number ${i.supplier.vat_number}` : null
	])
		if (line) doc.text(line, { width: width / 2 });
	const supplierEnd = doc.y;

	const rightX = left + width / 2 + 20;
	const rightW = width / 2 - 20;
	doc
		.font('Helvetica-Bold')
		.fontSize(18)
		.text(`Invoice ${i.number}`, rightX, top, { width: rightW });
	doc.fontSize(9);
	for (const [label, value] of [
		['Issued', printedDate(i.issued_on)],
		['Due', printedDate(i.due_on)],
		['Purchase order', i.po_number ?? 'To follow'],
		['Booking reference', i.booking.reference]
	] as const) {
		const y = doc.y;
		doc.font('Helvetica-Bold').text(label, rightX, y, { width: 100 });
		doc.font('Helvetica').text(value, rightX + 100, y, { width: rightW - 100 });
	}
	doc.y = Math.max(doc.y, supplierEnd) + 20;

	doc.font('Helvetica-Bold').fontSize(11).text('Bill to', left);
	doc.font('Helvetica').fontSize(9);
	for (const line of [
		i.customer.name,
		i.customer.organisation,
		i.customer.address,
		i.customer.email
	])
		if (line) doc.text(line, left, doc.y, { width: width / 2 });
	doc.moveDown();

	const where = i.course.online
		? 'online'
		: [i.course.venue_name, i.course.venue_postcode].filter(Boolean).join(' ');
	doc
		.font('Helvetica-Bold')
		.text(i.course.title, left, doc.y, { continued: true, width })
		.font('Helvetica')
		.text(`: ${courseDates(i.course.days)}${where ? `, ${where}` : ''}.`);
	doc.moveDown();

	// The lines: description, then five right-aligned columns.
	const cols = [
		{ title: 'Description', w: width - 5 * 70, align: 'left' as const },
		...['Qty', 'Unit (net)', 'VAT', 'Net', 'VAT amount'].map((title) => ({
			title,
			w: 70,
			align: 'right' as const
		}))
	];
	const row = (cells: string[], bold = false) => {
		const y = doc.y;
		let x = left;
		let bottom = y;
		doc.font(bold ? 'Helvetica-Bold' : 'Helvetica');
		cells.forEach((cell, n) => {
			const col = cols[n]!;
			doc.text(cell, x + 2, y, { width: col.w - 4, align: col.align });
			bottom = Math.max(bottom, doc.y);
			x += col.w;
		});
		doc
			.moveTo(left, bottom + 3)
			.lineTo(left + width, bottom + 3)
			.strokeColor('#cccccc')
			.lineWidth(0.5)
			.stroke();
		doc.y = bottom + 6;
	};
	row(
		cols.map((c) => c.title),
		true
	);
	for (const l of i.lines)
		row([
			l.description,
			String(l.quantity),
			amount(l.unit_pence),
			`${Number(l.vat_percent.toFixed(2))}%`,
			amount(l.net_pence),
			amount(l.vat_pence)
		]);

	const sum = (label: string, value: string, bold = false) => {
		const y = doc.y;
		doc.font(bold ? 'Helvetica-Bold' : 'Helvetica');
		doc.text(label, left, y, { width: width - 90, align: 'right' });
		doc.text(value, left + width - 88, y, { width: 86, align: 'right' });
		doc.y += 3;
	};
	doc.moveDown(0.5);
	sum('Net', amount(i.net_pence));
	sum('VAT', amount(i.vat_pence));
	sum('Total', amount(i.total_pence), true);
	for (const p of i.payments)
		sum(
			`${p.kind === 'refund' ? 'Refunded' : 'Received'} ${printedDate(p.received_on)}${p.method === 'card' ? ' (card)' : ''}`,
			`${p.kind === 'refund' ? '' : '-'}${amount(p.amount_pence)}`
		);
	sum('Balance to pay', amount(i.money.balance_pence), true);

	if (i.supplier.bank_details) {
		doc.moveDown();
		doc.font('Helvetica-Bold').fontSize(11).text('How to pay', left, doc.y, { width });
		doc
			.font('Helvetica')
			.fontSize(9)
			.text(
				`By bank transfer to ${i.supplier.bank_details}. Please quote ${i.number} or ${i.booking.reference} as the reference.`,
				{ width }
			);
	}
	doc.end();
	return done;
}

/** The PDF as a download: application/pdf, named for the invoice, never cached. */
export function pdfResponse(i: InvoicePage, pdf: Uint8Array): Response {
	return new Response(pdf as BodyInit, {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="invoice-${i.number}.pdf"`,
			'cache-control': 'private, no-store'
		}
	});
}
