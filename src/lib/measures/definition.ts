/**
 * An instrument's definition file (JSON), as the lead uploads it on /review/measures. This checks
 * its shape only, so that a typo gets a message naming the field before anything is sent;
 * private.install_instrument (62_outcome_measures.sql) judges everything else (ranges, lookups, ids in
 * use) and is the only judge. The README shows an example with made-up items.
 */
import { z } from 'zod';

/** The largest definition file accepted: a 100-item instrument with a lookup is ~20 KB. */
export const MAX_DEFINITION_BYTES = 200_000;

const number = (what: string) => z.number({ error: `${what} must be a number.` });

export const Definition = z
	.object({
		id: z.string({ error: 'Give the instrument an "id".' }),
		name: z.string({ error: 'Give the instrument a "name".' }),
		short_name: z.string({ error: 'Give the instrument a "short_name" (for tables and charts).' }),
		description: z.string().optional(),
		scoring: z.enum(['sum', 'mean', 'lookup'], {
			error: '"scoring" must be "sum", "mean" or "lookup".'
		}),
		range: z.object(
			{ min: number('"range.min"'), max: number('"range.max"') },
			{ error: 'Give the score\'s "range" as {"min": …, "max": …}.' }
		),
		higher_is_better: z.boolean({ error: '"higher_is_better" must be true or false.' }),
		cutoff: number('"cutoff"').nullable().optional(),
		reliable_change: number('"reliable_change"').nullable().optional(),
		min_answered: z
			.number({ error: '"min_answered" must be a whole number.' })
			.int('"min_answered" must be a whole number.')
			.optional(),
		licence: z.string().optional(),
		item_text_for: z
			.enum(['everyone', 'staff'], { error: '"item_text_for" must be "everyone" or "staff".' })
			.optional(),
		options: z
			.array(
				z
					.object({
						value: z.number().int('Each option\'s "value" must be a whole number.'),
						label: z.string({ error: 'Each option needs a "label".' })
					})
					.strict(),
				{ error: 'Give the response "options" as a list of {"value": …, "label": …}.' }
			)
			.min(2, 'Give at least two response options.'),
		items: z
			.array(
				z
					.object({
						wording: z.string({ error: 'Each item needs its "wording".' }),
						reverse: z.boolean({ error: '"reverse" must be true or false.' }).optional(),
						subscale: z.string().nullable().optional()
					})
					.strict(),
				{ error: 'Give the "items" as a list of {"wording": …}.' }
			)
			.min(1, 'Give at least one item.')
			.max(100, 'An instrument has at most 100 items.'),
		lookup: z.record(z.string(), number('Each score in "lookup"')).optional()
	})
	.strict();
export type Definition = z.infer<typeof Definition>;

/** The definition read from a file's text, or one sentence saying what is wrong with it. */
export function readDefinition(
	text: string
): { definition: Definition; problem?: never } | { definition?: never; problem: string } {
	if (text.trim() === '') return { problem: 'Choose the definition file, or paste it in.' };
	if (text.length > MAX_DEFINITION_BYTES)
		return { problem: 'The definition is larger than 200 KB: is it the right file?' };
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (e) {
		return { problem: `The definition is not valid JSON (${(e as Error).message}).` };
	}
	const r = Definition.safeParse(json);
	if (r.success) return { definition: r.data };
	const issue = r.error.issues[0]!;
	if (issue.code === 'unrecognized_keys')
		return {
			problem: `The definition has ${issue.keys.map((k) => `"${k}"`).join(', ')}, which an instrument does not have${issue.path.length ? ` (in ${where(issue.path)})` : ''}.`
		};
	return {
		problem: issue.path.length ? `${issue.message} (at ${where(issue.path)})` : issue.message
	};
}

/** A path in the JSON as a reader would write it: items[3].wording (counting from 1). */
function where(path: PropertyKey[]): string {
	return path
		.map((p, i) => (typeof p === 'number' ? `[${p + 1}]` : `${i ? '.' : ''}${String(p)}`))
		.join('');
}
