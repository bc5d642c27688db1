/** "Prefer not to say" as a form sends it (the database keeps it as a null value). */
export const SKIP = 'skip';

/** Saved answers as the form's values: `answer_<n>` is the option's value, or "skip". */
export function savedValues(
	answers: { number: number; value: number | null }[]
): Record<string, string> {
	return Object.fromEntries(
		answers.map((a) => [`answer_${a.number}`, a.value === null ? SKIP : String(a.value)])
	);
}
