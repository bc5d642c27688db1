import { fail, type ActionFailure } from '@sveltejs/kit';
import { z } from 'zod';
import { characterProblem } from '$lib/input/characters';
import { clockProblem, dateProblem, type DateRule } from '$lib/input/dates';

export type FieldErrors = Record<string, string>;

export interface FormFailure {
	values: Record<string, string>;
	errors: FieldErrors;
	message?: string;
}

/**
 * The longest value any field may hold, whatever its own rule says: a backstop for fields whose
 * rule has no maximum (the longest real one, a session's slides, is 50,000 characters).
 */
export const MAX_FIELD_LENGTH = 60_000;

/** Every field as a string (files and repeats are not used by these forms). */
export function formValues(data: FormData): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [key, value] of data) if (typeof value === 'string') values[key] = value;
	return values;
}

/** Rules written as several lines (tab and line breaks allowed), made by `fields.multiLine`. */
const multiLineRules = z.registry<{ multiLine: true }>();

/** Whether a field's rule (under any `.optional()` or `.default()`) is a multi-line one. */
function isMultiLine(rule: z.ZodType | undefined): boolean {
	for (let r = rule; r;) {
		if (multiLineRules.has(r)) return true;
		const def = r._zod.def as { innerType?: z.ZodType; in?: z.ZodType };
		r = def.innerType ?? def.in;
	}
	return false;
}

/**
 * Checks made on every field before its own rule, so that no rule can forget them: no control
 * characters, no tabs or line breaks outside multi-line fields, nothing absurdly long.
 */
function characterErrors(values: Record<string, string>, schema: z.ZodType): FieldErrors {
	const shape: Record<string, z.ZodType> = schema instanceof z.ZodObject ? schema.shape : {};
	const errors: FieldErrors = {};
	for (const [key, value] of Object.entries(values)) {
		const problem =
			characterProblem(value, { multiLine: isMultiLine(shape[key]) }) ??
			(value.length > MAX_FIELD_LENGTH ? 'This is far too long.' : null);
		if (problem) errors[key] = problem;
	}
	return errors;
}

/**
 * Validate a form against a schema, before anything reaches the database. On failure returns
 * `fail(400)` with the values (minus any password) and one plain-English message per field,
 * for the page to show beside each field. `form` names which of a page's forms was sent; it is
 * added to the values so the page can show the failure in the right place.
 */
export async function parseForm<S extends z.ZodType>(
	request: Request,
	schema: S,
	{ form }: { form?: string } = {}
): Promise<
	| { data: z.infer<S>; values: Record<string, string>; failure?: never; errors?: never }
	| {
			data?: never;
			values: Record<string, string>;
			failure: ActionFailure<FormFailure>;
			errors: FieldErrors;
	  }
> {
	let values: Record<string, string>;
	try {
		values = formValues(await request.formData());
	} catch {
		// A body that claims to be a form but is not one (a broken multipart upload, say).
		const failure = failWith({}, {}, 'The form could not be read. Please try again.');
		return { values: {}, failure, errors: {} };
	}
	if (form) values.form = form;
	return checkValues(values, schema);
}

/**
 * `parseForm`'s checks on values already read: for an action that reads the form itself
 * because it also carries files (which `formValues` leaves out).
 */
export function checkValues<S extends z.ZodType>(
	values: Record<string, string>,
	schema: S
):
	| { data: z.infer<S>; values: Record<string, string>; failure?: never; errors?: never }
	| {
			data?: never;
			values: Record<string, string>;
			failure: ActionFailure<FormFailure>;
			errors: FieldErrors;
	  } {
	const errors = characterErrors(values, schema);
	const result = schema.safeParse(values);
	if (!result.success) {
		for (const issue of result.error.issues)
			errors[String(issue.path[0] ?? 'form')] ??= issue.message;
	}
	if (result.success && Object.keys(errors).length === 0) return { data: result.data, values };
	return { values, errors, failure: failWith(values, errors) };
}

export function failWith(
	values: Record<string, string>,
	errors: FieldErrors,
	message?: string,
	status = 400
): ActionFailure<FormFailure> {
	// Never send a typed password back to the page, whatever the field is called.
	const safe = Object.fromEntries(
		Object.entries(values).filter(([k]) => !/password|confirm|token/i.test(k))
	);
	return fail(status, { values: safe, errors, message });
}

const thousands = new Intl.NumberFormat('en-GB');

/** The same character rule as the form-wide check, for rules used outside `parseForm` too. */
function plainCharacters(multiLine: boolean) {
	return (value: string, ctx: z.RefinementCtx) => {
		const problem = characterProblem(value, { multiLine });
		if (problem) ctx.addIssue({ code: 'custom', message: problem });
	};
}

interface TextMessages {
	/** Given, the field must not be empty (after trimming) and this says so. */
	required?: string;
	tooLong?: string;
}

function textRule(max: number, multiLine: boolean, { required, tooLong }: TextMessages) {
	const rule = z
		.string()
		.superRefine(plainCharacters(multiLine))
		.trim()
		.max(max, tooLong ?? `Keep it under ${thousands.format(max)} characters.`);
	return required ? rule.min(1, required) : rule;
}

/** Reusable field rules with the messages people see. */
export const fields = {
	/** One line of text (no tabs or line breaks), trimmed, at most `max` characters. */
	text: (max: number, messages: TextMessages = {}) => textRule(max, false, messages),
	/** Text written as several lines (notes, descriptions), trimmed, at most `max` characters. */
	multiLine: (max: number, messages: TextMessages = {}) => {
		const rule = textRule(max, true, messages);
		multiLineRules.add(rule, { multiLine: true });
		return rule;
	},
	/** A real calendar date, `yyyy-MM-dd`, within the rule's bounds. */
	date: (rule: DateRule) =>
		z.string().superRefine((value, ctx) => {
			const problem = dateProblem(value, rule);
			if (problem) ctx.addIssue({ code: 'custom', message: problem });
		}),
	/** A 24-hour time, `HH:mm`. */
	time: (message?: string) =>
		z.string().superRefine((value, ctx) => {
			const problem = clockProblem(value);
			if (problem) ctx.addIssue({ code: 'custom', message: message ?? problem });
		}),
	/** The id of a record, carried in a hidden field: only a page that is out of date gets it wrong. */
	id: (message = 'Something was missing from the form. Please reload the page.') =>
		z.string().uuid(message),
	email: z
		.string()
		.trim()
		.toLowerCase()
		.min(1, 'Enter an email address.')
		.max(254, 'That email address is too long.')
		.pipe(z.email('Enter an email address like name@example.org.')),
	name: textRule(120, false, {
		required: 'Enter a name.',
		tooLong: 'Keep the name under 120 characters.'
	}),
	newPassword: z
		.string()
		.min(10, 'Use at least 10 characters.')
		.max(72, 'Use at most 72 characters.')
};
