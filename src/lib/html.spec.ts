import { describe, expect, it } from 'vitest';
import { escapeHtml } from './html';

describe('escapeHtml', () => {
	it('turns each character HTML gives meaning to into a character reference', () => {
		expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
			'&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;'
		);
	});

	it('leaves other text, accents and line breaks as they are', () => {
		expect(escapeHtml('Siân O’Neill\n£120 – 10:00')).toBe('Siân O’Neill\n£120 – 10:00');
	});
});
