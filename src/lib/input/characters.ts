/**
 * Characters a person cannot mean to type. PostgreSQL refuses NUL in text outright (SQLSTATE
 * 22P05), and the other control codes (escape, backspace, bell, the C1 range) only arrive by
 * pasting from somewhere odd or from a crafted request, so they are refused everywhere, before
 * any database call. Tab and line breaks belong only in fields written as several lines.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LINE_BREAK_OR_TAB = /[\t\n\r]/;

export const CONTROL_MESSAGE =
	'This has a hidden control character in it (often from copying and pasting). Please type it again.';
export const ONE_LINE_MESSAGE = 'Keep this to one line, without tabs or line breaks.';

/** What is wrong with the characters in a field's value, or null when they are all fine. */
export function characterProblem(value: string, { multiLine = false } = {}): string | null {
	if (CONTROL.test(value)) return CONTROL_MESSAGE;
	if (!multiLine && LINE_BREAK_OR_TAB.test(value)) return ONE_LINE_MESSAGE;
	return null;
}
