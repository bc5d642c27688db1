import { describe, expect, it } from 'vitest';
import { CONTROL_MESSAGE, ONE_LINE_MESSAGE, characterProblem } from './characters';

describe('characterProblem', () => {
	it.each([
		['NUL', 'a\u0000b'],
		['bell', 'a\u0007b'],
		['backspace', 'a\u0008b'],
		['vertical tab', 'a\u000bb'],
		['escape', '\u001b[31m'],
		['delete', 'a\u007fb'],
		['a C1 control (NEL)', 'a\u0085b'],
		['a C1 control (CSI)', 'a\u009bb']
	])('refuses %s anywhere, even in several lines', (_, value) => {
		expect(characterProblem(value)).toBe(CONTROL_MESSAGE);
		expect(characterProblem(value, { multiLine: true })).toBe(CONTROL_MESSAGE);
	});

	it('allows tab and line breaks only in multi-line fields', () => {
		for (const value of ['a\tb', 'a\nb', 'a\r\nb']) {
			expect(characterProblem(value)).toBe(ONE_LINE_MESSAGE);
			expect(characterProblem(value, { multiLine: true })).toBeNull();
		}
	});

	it('accepts ordinary text in any language, with accents, emoji and symbols', () => {
		for (const value of ['Zoë O’Brien-Ng', 'Łódź', '£95.50 – “quotes”', 'مرحبا', '👪', '']) {
			expect(characterProblem(value)).toBeNull();
		}
	});
});
