import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { MAX_BANK_LINES, parseBankCsv, type BankLine } from '$lib/money/bank-csv';
import { viewOrProblem, write } from '$lib/server/rpc';
import type { Actions } from './$types';

const MAX_BYTES = 1_000_000;

const Lines = z
	.array(
		z.object({
			date: z.iso.date(),
			reference: z.string().min(1).max(140),
			amount_pence: z.number().int().positive()
		})
	)
	.max(MAX_BANK_LINES);

/** The lines carried from the preview to the confirmation, as the preview showed them. */
function carriedLines(value: FormDataEntryValue | null): BankLine[] | null {
	if (typeof value !== 'string') return null;
	try {
		const r = Lines.safeParse(JSON.parse(value));
		return r.success ? r.data : null;
	} catch {
		return null;
	}
}

async function readForm(request: Request): Promise<FormData | null> {
	try {
		return await request.formData();
	} catch {
		return null;
	}
}

/**
 * A bank statement: upload (preview: the database proposes a booking for each line, nothing is
 * recorded), then confirm the ticked lines (recorded as bank transfers, each line only once).
 */
export const actions = {
	preview: async ({ request, locals }) => {
		const form = await readForm(request);
		const file = form?.get('file');
		if (!(file instanceof File) || file.size === 0)
			return fail(400, { problem: 'Choose the statement’s CSV file.' });
		if (file.size > MAX_BYTES)
			return fail(400, { problem: 'The file is larger than 1 MB: upload a shorter statement.' });
		const parsed = parseBankCsv(await file.text());
		if ('problem' in parsed) return fail(400, { problem: parsed.problem });
		if (parsed.lines.length === 0) return fail(400, { problem: 'The file has no money paid in.' });
		const r = await viewOrProblem(locals.supabase, 'match_bank_lines', { lines: parsed.lines });
		if (r.problem) return fail(400, { problem: r.problem.message });
		return { matches: r.view.lines, lines: JSON.stringify(parsed.lines), skipped: parsed.skipped };
	},
	apply: async ({ request, locals }) => {
		const form = await readForm(request);
		const lines = carriedLines(form?.get('lines') ?? null);
		if (!form || !lines)
			return fail(400, { problem: 'The statement could not be read again. Upload it again.' });
		const chosen = new Set(
			form
				.getAll('line')
				.flatMap((v) => (typeof v === 'string' && /^\d{1,4}$/.test(v) ? [Number(v)] : []))
		);
		// Match again rather than trust what came back from the browser.
		const r = await viewOrProblem(locals.supabase, 'match_bank_lines', { lines });
		if (r.problem) return fail(400, { problem: r.problem.message });
		const apply = r.view.lines.filter(
			(l) => chosen.has(l.index) && l.booking_id && (l.match === 'exact' || l.match === 'partial')
		);
		if (apply.length === 0)
			return fail(400, {
				problem: 'Tick at least one matched line to record.',
				matches: r.view.lines,
				lines: JSON.stringify(lines)
			});
		const w = await write(
			locals.supabase,
			'apply_bank_lines',
			{
				lines: apply.map((l) => ({
					date: l.date,
					reference: l.reference,
					amount_pence: l.amount_pence,
					booking_id: l.booking_id
				}))
			},
			{}
		);
		if (w.failure)
			return fail(400, {
				problem: w.failure.data.message ?? 'Nothing was recorded.',
				matches: r.view.lines,
				lines: JSON.stringify(lines)
			});
		return {
			done: `${w.data.applied} ${w.data.applied === 1 ? 'payment' : 'payments'} recorded.`
		};
	}
} satisfies Actions;
