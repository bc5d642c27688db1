import { describe, expect, it } from 'vitest';
import { duration, safeFileName } from './format';

describe('duration', () => {
	it.each([
		[20, '20 s'],
		[60, '1 min'],
		[2120, '35 min 20 s'],
		[3600, '1 h'],
		[15120, '4 h 12 min']
	])('%i → %s', (s, text) => expect(duration(s)).toBe(text));
});

describe('safeFileName', () => {
	it.each([
		['Module 1 – intro.webm', 'Module-1-intro.webm'],
		['../../etc/passwd', 'etc-passwd'],
		['café notes.pdf', 'cafe-notes.pdf'],
		['***', 'file']
	])('%j → %j', (name, safe) => expect(safeFileName(name)).toBe(safe));
});
