import { describe, expect, it } from 'vitest';
import { readDefinition } from './definition';

const GOOD = {
	id: 'made_up_scale',
	name: 'Made-up scale',
	short_name: 'MUS',
	scoring: 'sum',
	range: { min: 2, max: 10 },
	higher_is_better: true,
	options: [1, 2, 3, 4, 5].map((value) => ({ value, label: `Option ${value}` })),
	items: [{ wording: 'I felt calm.' }, { wording: 'I felt on edge.', reverse: true }]
};
const read = (o: unknown) => readDefinition(JSON.stringify(o));

describe('readDefinition', () => {
	it('accepts a well-formed definition as it is', () => {
		expect(read(GOOD).definition).toEqual(GOOD);
	});
	it('says when the file is empty or not JSON', () => {
		expect(readDefinition('  ').problem).toBe('Choose the definition file, or paste it in.');
		expect(readDefinition('{"id": ').problem).toMatch(/^The definition is not valid JSON/);
	});
	it('names a misspelt field rather than ignoring it', () => {
		expect(read({ ...GOOD, reliable_chnage: 3 }).problem).toBe(
			'The definition has "reliable_chnage", which an instrument does not have.'
		);
		expect(
			read({ ...GOOD, items: [{ wording: 'A.', reversed: true }, ...GOOD.items] }).problem
		).toBe('The definition has "reversed", which an instrument does not have (in items[1]).');
	});
	it('says where a value has the wrong type, counting items from 1', () => {
		expect(
			read({ ...GOOD, items: [...GOOD.items, { wording: 'C.', reverse: 'yes' }] }).problem
		).toBe('"reverse" must be true or false. (at items[3].reverse)');
		expect(read({ ...GOOD, scoring: 'median' }).problem).toBe(
			'"scoring" must be "sum", "mean" or "lookup". (at scoring)'
		);
	});
	it('wants two options and at least one item', () => {
		expect(read({ ...GOOD, options: [{ value: 1, label: 'Only' }] }).problem).toBe(
			'Give at least two response options. (at options)'
		);
		expect(read({ ...GOOD, items: [] }).problem).toBe('Give at least one item. (at items)');
	});
	it('refuses a file far larger than any instrument', () => {
		expect(readDefinition(' '.repeat(200_001) + '{}').problem).toMatch(/larger than 200 KB/);
	});
});
