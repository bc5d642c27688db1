import { describe, expect, it } from 'vitest';
import { csv, csvCell } from './csv';

describe('csv', () => {
	it('quotes every cell and doubles quotes', () => {
		expect(csv([['a "b"', 12.5]])).toBe('"a ""b""","12.5"\r\n');
	});
	it('keeps formulas as text', () => {
		for (const bad of ['=1+1', '+44', '-2', '@SUM(A1)', '\tx'])
			expect(csvCell(bad)).toBe(`"'${bad}"`);
		// Numbers are numbers, negative or not.
		expect(csvCell(-20)).toBe('"-20"');
	});
});
