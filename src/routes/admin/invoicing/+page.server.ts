import { z } from 'zod';
import { fields, parseForm } from '$lib/server/form';
import { view, write } from '$lib/server/rpc';
import type { Actions, PageServerLoad } from './$types';

const InvoiceSettings = z.object({
	vat_number: fields
		.text(20, { tooLong: 'A VAT number is at most 14 characters, like GB123456789.' })
		.transform((v) => v.replace(/\s/g, '').toUpperCase())
		// The shape only; the database judges (a UK number is GB and 9 or 12 digits).
		.refine((v) => v === '' || /^[A-Z]{2}[0-9A-Z]{5,13}$/.test(v), {
			message: 'Enter the VAT number as it is registered, like GB123456789.'
		}),
	bank_details: fields.multiLine(300, { tooLong: 'Keep the bank details under 300 characters.' })
});

export const load = (async ({ locals }) => ({
	page: await view(locals.supabase, 'invoice_settings_page')
})) satisfies PageServerLoad;

export const actions = {
	default: async ({ request, locals }) => {
		const { data, values, failure } = await parseForm(request, InvoiceSettings);
		if (failure) return failure;
		const w = await write(locals.supabase, 'save_invoice_settings', data, values);
		return w.failure ?? { saved: true };
	}
} satisfies Actions;
