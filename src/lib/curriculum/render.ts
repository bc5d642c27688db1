import { Marked, type Tokens } from 'marked';
import { escapeHtml } from '$lib/html';

/**
 * Markdown to HTML that is safe to insert: raw HTML in the source is shown as text (so no
 * <script>, no event-handler attributes can get through), links keep only http(s) and mailto
 * addresses, and images are reduced to their alt text. Curriculum text is written by staff,
 * but a slide must never be able to run code on a parent's phone or the presenter's laptop.
 */
const SAFE_LINK = /^(https?:|mailto:)/i;

const marked = new Marked({
	gfm: true,
	breaks: false,
	renderer: {
		html(token: Tokens.HTML | Tokens.Tag) {
			return escapeHtml(token.text);
		},
		link(token: Tokens.Link) {
			const text = this.parser.parseInline(token.tokens);
			const href = token.href.trim();
			if (!SAFE_LINK.test(href)) return text;
			return `<a href="${escapeHtml(href)}" rel="noopener noreferrer">${text}</a>`;
		},
		image(token: Tokens.Image) {
			return escapeHtml(token.text);
		}
	}
});

export function renderMarkdown(source: string): string {
	return marked.parse(source, { async: false });
}

export function renderInline(source: string): string {
	return marked.parseInline(source, { async: false });
}
