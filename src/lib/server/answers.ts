/**
 * The answering forms' input (parents online, staff from paper): `answer_<n>` is an option's
 * value or `skip` ("Prefer not to say"); `goal_1`…`goal_3` the family's goals when the form
 * carries them (`has_goals`); `intent` which button was pressed. SQL judges the values against
 * the instrument (97_outcome_answers.sql: save_measure); here only the shape.
 */
import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { RECOMMEND } from '$lib/answers/types';
import { SKIP } from '$lib/answers/values';
import { fields } from '$lib/server/form';

const ITEM_NUMBERS = Array.from({ length: 100 }, (_, i) => i + 1);
const CHOOSE = 'Choose one of the answers, or “Prefer not to say”.';
const answerRule = z
	.string()
	.regex(/^(\d{1,3}|skip)$/, CHOOSE)
	.optional();
const goalRule = fields.text(300, { tooLong: 'Keep each goal under 300 characters.' }).optional();

const itemFields: Record<string, z.ZodType> = Object.fromEntries(
	ITEM_NUMBERS.map((n) => [`answer_${n}`, answerRule])
);

export const AnswersForm = z
	.object({
		intent: z.enum(['continue', 'later', 'send', 'save'], 'Please use one of the buttons.'),
		has_goals: z.literal('1').optional(),
		goal_1: goalRule,
		goal_2: goalRule,
		goal_3: goalRule
	})
	.extend(itemFields)
	.superRefine((v, ctx) => {
		if (v.has_goals && ![v.goal_1, v.goal_2, v.goal_3].some((g) => g))
			ctx.addIssue({ code: 'custom', path: ['goal_1'], message: 'Write at least one goal.' });
	})
	.transform((raw) => {
		const v = raw as Record<string, string | undefined> & { intent: string; has_goals?: '1' };
		const answers: Record<string, number | null> = {};
		for (const n of ITEM_NUMBERS) {
			const a = v[`answer_${n}`];
			if (a !== undefined) answers[String(n)] = a === SKIP ? null : Number(a);
		}
		const goals = v.has_goals
			? [v.goal_1, v.goal_2, v.goal_3].filter((g): g is string => !!g)
			: null;
		return { intent: v.intent as 'continue' | 'later' | 'send' | 'save', answers, goals };
	});

const helpfulRule = z.enum(['1', '2', '3', '4', '5', SKIP], 'Choose one, or “Prefer not to say”.');
const recommendRule = z.enum([...RECOMMEND, SKIP], 'Choose one, or “Prefer not to say”.');
const comment = fields.multiLine(2000, { tooLong: 'Keep it under 2,000 characters.' }).default('');

export const FeedbackForm = z
	.object({
		helpful: helpfulRule,
		recommend: recommendRule,
		helped_most: comment,
		could_be_better: comment
	})
	.transform((v) => ({
		helpful: v.helpful === SKIP ? null : Number(v.helpful),
		recommend: v.recommend === SKIP ? null : v.recommend,
		helped_most: v.helped_most,
		could_be_better: v.could_be_better
	}));

/** A measure's address: the enrolment, instrument and time point, or a 404. */
export function measureParams(p: { enrolment: string; instrument: string; at: string }) {
	return {
		enrolment_id: enrolmentParam(p.enrolment),
		instrument_id: /^[a-z][a-z0-9_]{1,39}$/.test(p.instrument) ? p.instrument : notFound(),
		at: (['before', 'after', 'follow_up'] as const).find((a) => a === p.at) ?? notFound()
	};
}

export function enrolmentParam(id: string): string {
	return z.uuid().safeParse(id).success ? id : notFound();
}

/**
 * A paper-entry page (staff entering a family's measure or feedback from a form): the family must
 * be in the group of the address, and the page the staff's (a parent is sent to theirs), or 404.
 */
export function paperEntryPage<P extends { group: { id: string }; viewer: string }>(
	page: P,
	groupId: string
): P {
	if (page.group.id !== groupId || page.viewer !== 'staff')
		error(404, 'No such family in this group.');
	return page;
}

function notFound(): never {
	error(404, 'No such measure.');
}
