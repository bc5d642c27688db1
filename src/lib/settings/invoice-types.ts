import { z } from 'zod';

/** What new invoices say about the supplier (private.invoice_supplier). */
export const InvoiceSupplier = z.object({
	name: z.string(),
	address: z.string().nullable().optional(),
	email: z.string().nullable().optional(),
	phone: z.string().nullable().optional(),
	vat_number: z.string().nullable().optional(),
	bank_details: z.string().nullable().optional()
});
export type InvoiceSupplier = z.infer<typeof InvoiceSupplier>;

/** public.invoice_settings_page: the training staff's invoice details page. */
export const InvoiceSettingsPage = z.object({
	supplier: InvoiceSupplier,
	next_invoice_number: z.number().int().min(1)
});
