// Reads a curriculum session file (see curriculum/README.md for the format) into the shape
// stored in public.curriculum_sessions. Plain JS so the generator script runs on Node 20
// without a TypeScript loader; the app imports it too.
import { Lexer } from 'marked';

/**
 * @typedef {{ number: number, title: string, aims: string[], slides: string[], prompts: string[],
 *   facilitator_notes: string, home_practice: string }} CurriculumSession
 */

const SECTIONS = ['Aims', 'Slides', 'Discussion prompts', 'Facilitator notes', 'Home practice'];

/**
 * @param {string} markdown the file's text
 * @param {number} number the session number
 * @returns {CurriculumSession}
 */
export function parseSessionFile(markdown, number) {
	const tokens = Lexer.lex(markdown.replace(/\r\n/g, '\n'));
	let title = '';
	/** @type {Record<string, import('marked').Token[]>} */
	const sections = {};
	/** @type {import('marked').Token[] | null} */
	let current = null;
	for (const token of tokens) {
		if (token.type === 'heading' && token.depth === 1) {
			if (title) throw new Error(`session ${number}: more than one level-1 heading`);
			title = token.text.trim();
		} else if (token.type === 'heading' && token.depth === 2) {
			const name = token.text.trim();
			if (!SECTIONS.includes(name)) throw new Error(`session ${number}: unknown section "${name}"`);
			current = sections[name] = [];
		} else if (current) {
			current.push(token);
		} else if (token.type !== 'space') {
			throw new Error(`session ${number}: text before the first section`);
		}
	}
	for (const name of SECTIONS) {
		if (!sections[name]) throw new Error(`session ${number}: missing section "${name}"`);
	}
	if (!title) throw new Error(`session ${number}: missing title`);
	const slides = splitSlides(sections['Slides'] ?? []);
	if (slides.length === 0) throw new Error(`session ${number}: no slides`);
	return {
		number,
		title,
		aims: listItems(sections['Aims'] ?? [], number, 'Aims'),
		slides,
		prompts: listItems(sections['Discussion prompts'] ?? [], number, 'Discussion prompts'),
		facilitator_notes: raw(sections['Facilitator notes'] ?? []),
		home_practice: raw(sections['Home practice'] ?? [])
	};
}

/** @param {import('marked').Token[]} tokens */
function raw(tokens) {
	return tokens
		.map((t) => t.raw)
		.join('')
		.trim();
}

/** @param {import('marked').Token[]} tokens */
function splitSlides(tokens) {
	/** @type {string[]} */
	const slides = [];
	/** @type {import('marked').Token[]} */
	let slide = [];
	for (const t of [...tokens, /** @type {import('marked').Token} */ ({ type: 'hr', raw: '' })]) {
		if (t.type === 'hr') {
			const text = raw(slide);
			if (text) slides.push(text);
			slide = [];
		} else {
			slide.push(t);
		}
	}
	return slides;
}

/**
 * @param {import('marked').Token[]} tokens
 * @param {number} number
 * @param {string} section
 */
function listItems(tokens, number, section) {
	const lists = tokens.filter((t) => t.type === 'list');
	if (lists.length !== 1)
		throw new Error(`session ${number}: "${section}" must be one bullet list`);
	const list = /** @type {import('marked').Tokens.List} */ (lists[0]);
	return list.items.map((item) => item.text.trim());
}

/** Slides as edited in one textarea: separated by a line with only `---`. */
export const SLIDE_SEPARATOR = '\n\n---\n\n';

/** @param {string} text */
export function splitSlideText(text) {
	return text
		.replace(/\r\n/g, '\n')
		.split(/\n\s*---\s*\n/)
		.map((s) => s.trim())
		.filter(Boolean);
}
