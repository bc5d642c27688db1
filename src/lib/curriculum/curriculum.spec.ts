import { describe, expect, it } from 'vitest';
import { parseSessionFile, splitSlideText } from './parse.js';
import { renderInline, renderMarkdown } from './render';

const FILE = `# What we bring

## Aims

- Meet each other
- Agree how we work

## Slides

### Welcome

Glad you are here.

---

### The parent map

- What we bring
- What we hope for

## Discussion prompts

- What brought you here?
- What do you hope for?

## Facilitator notes

Start gently.

Keep time.

## Home practice

Notice one feeling each day.
`;

describe('parseSessionFile', () => {
	it('reads the title, aims, slides, prompts, notes and home practice', () => {
		const s = parseSessionFile(FILE, 1);
		expect(s.title).toBe('What we bring');
		expect(s.aims).toEqual(['Meet each other', 'Agree how we work']);
		expect(s.slides).toEqual([
			'### Welcome\n\nGlad you are here.',
			'### The parent map\n\n- What we bring\n- What we hope for'
		]);
		expect(s.prompts).toEqual(['What brought you here?', 'What do you hope for?']);
		expect(s.facilitator_notes).toBe('Start gently.\n\nKeep time.');
		expect(s.home_practice).toBe('Notice one feeling each day.');
	});

	it('refuses a file with a missing or unknown section', () => {
		expect(() => parseSessionFile(FILE.replace('## Home practice', '## Homework'), 2)).toThrow(
			/unknown section "Homework"/
		);
		expect(() =>
			parseSessionFile(FILE.replace(/## Aims[\s\S]*?## Slides/, '## Slides'), 3)
		).toThrow(/missing section "Aims"/);
	});

	it('splits an edited textarea back into slides', () => {
		expect(splitSlideText('### A\n\none\n\n---\n\n### B\r\n---\r\n### C\n')).toEqual([
			'### A\n\none',
			'### B',
			'### C'
		]);
	});
});

describe('renderMarkdown', () => {
	it('renders ordinary Markdown', () => {
		expect(renderMarkdown('### Title\n\n- **one**\n- two')).toBe(
			'<h3>Title</h3>\n<ul>\n<li><strong>one</strong></li>\n<li>two</li>\n</ul>\n'
		);
	});

	it('renders a script tag inert, as text', () => {
		const html = renderMarkdown('Hello <script>alert(1)</script>\n\n<script>alert(2)</script>');
		expect(html).not.toMatch(/<script/i);
		expect(html).toContain('&#60;script&#62;alert(2)&#60;/script&#62;');
	});

	it('drops event-handler attributes with the raw HTML they came in', () => {
		const html = renderMarkdown('<img src=x onerror="alert(1)"> and <b onclick="x()">bold</b>');
		expect(html).not.toMatch(/<img|<b /i);
		expect(html).not.toMatch(/<[^>]+onerror/i);
		expect(html).not.toMatch(/<[^>]+onclick/i);
	});

	it('keeps safe links and makes javascript: links plain text', () => {
		expect(renderInline('[site](https://example.org)')).toBe(
			'<a href="https://example.org" rel="noopener noreferrer">site</a>'
		);
		const bad = renderInline(
			'[click](javascript:alert(1)) [x](JaVaScRiPt:alert(2)) [d](data:text/html,hi)'
		);
		expect(bad).not.toMatch(/href/i);
		expect(bad).toContain('click');
	});

	it('reduces images to their alt text', () => {
		expect(renderInline('![a cat](https://example.org/cat.png)')).toBe('a cat');
	});
});
