import { fail, type ActionFailure } from '@sveltejs/kit';
import { z } from 'zod';

export type FieldErrors = Record<string, string>;

export interface FormFailure {
	values: Record<string, string>;
	errors: FieldErrors;
	message?: string;
}

/** Every field as a string (files and repeats are not used by these forms). */
export function formValues(data: FormData): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [key, value] of data) if (typeof value === 'string') values[key] = value;
	return values;
}

/**
 * Validate a form against a schema. On failure returns `fail(400)` with the values (minus any
 * password) and one plain-English message per field, for the page to show beside each field.
 */
export async function parseForm<S extends z.ZodType>(
	request: Request,
	schema: S
): Promise<
	{ data: z.infer<S>; failure?: never } | { data?: never; failure: ActionFailure<FormFailure> }
> {
	const values = formValues(await request.formData());
	const result = schema.safeParse(values);
	if (result.success) return { data: result.data };
	const errors: FieldErrors = {};
	for (const issue of result.error.issues) {
		const key = String(issue.path[0] ?? 'form');
		errors[key] ??= issue.message;
	}
	return { failure: failWith(values, errors) };
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

/** Reusable field rules with the messages people see. */
export const fields = {
	email: z
		.string()
		.trim()
		.toLowerCase()
		.min(1, 'Enter an email address.')
		.max(254, 'That email address is too long.')
		.pipe(z.email('Enter an email address like name@example.org.')),
	name: z.string().trim().min(1, 'Enter a name.').max(120, 'Keep the name under 120 characters.'),
	newPassword: z
		.string()
		.min(10, 'Use at least 10 characters.')
		.max(72, 'Use at most 72 characters.')
};
