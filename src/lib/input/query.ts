import { characterProblem } from './characters';
import { dateProblem, type DateRule } from './dates';

/**
 * Query-string parameters checked the way form fields are, for loads whose query string the
 * person chose (filters, a report's period): the value to use, or what is wrong with it to show
 * beside the field. Nothing that fails reaches the database.
 */
export interface QueryValue {
	/** The value to use; null when it was not given or is not usable. */
	value: string | null;
	error: string | null;
}

function raw(url: URL, name: string): string {
	return url.searchParams.get(name) ?? '';
}

/** An optional date (`yyyy-MM-dd`, real, within the rule's bounds); empty means not given. */
export function queryDate(url: URL, name: string, rule: DateRule): QueryValue {
	const value = raw(url, name);
	if (value === '') return { value: null, error: null };
	const error = characterProblem(value) ?? dateProblem(value, rule);
	return error ? { value: null, error } : { value, error: null };
}

/** Optional one-line text of at most `max` characters (a choice from a list, say). */
export function queryText(url: URL, name: string, max: number, message: string): QueryValue {
	const value = raw(url, name).trim();
	if (value === '') return { value: null, error: null };
	if (characterProblem(value) || value.length > max) return { value: null, error: message };
	return { value, error: null };
}

/** The errors of several parameters by name, leaving out those without one. */
export function queryErrors(values: Record<string, QueryValue>): Record<string, string> {
	return Object.fromEntries(
		Object.entries(values).flatMap(([name, v]) => (v.error ? [[name, v.error]] : []))
	);
}
