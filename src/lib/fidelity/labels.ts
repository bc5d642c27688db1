// Plain values the pages show, without zod, so a browser bundle that needs a label does not
// carry the view models' schemas (./types.ts builds those from these values).

export const FIDELITY_ANSWERS = ['yes', 'partly', 'no'] as const;
export type FidelityAnswer = (typeof FIDELITY_ANSWERS)[number];

/** How each answer reads on the pages. */
export const FIDELITY_ANSWER_LABEL: Record<FidelityAnswer, string> = {
	yes: 'Yes',
	partly: 'Partly',
	no: 'No'
};

/** "4 yes, 1 partly": the answers counted, leaving out those nobody gave. */
export function fidelitySummary(counts: Record<FidelityAnswer, number>): string {
	return FIDELITY_ANSWERS.filter((a) => counts[a] > 0)
		.map((a) => `${counts[a]} ${a}`)
		.join(', ');
}
