import { describe, expect, it } from 'vitest';
import { embedAddress } from './embed';

const YT = 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ';
/** The CHECK on online_modules.video_url, copied from 88_online_training.sql. */
const CHECK =
	/^https:\/\/(www\.youtube-nocookie\.com\/embed\/|player\.vimeo\.com\/video\/)[A-Za-z0-9_-]{1,64}$/;

describe('embedAddress', () => {
	it.each([
		['https://www.youtube.com/watch?v=dQw4w9WgXcQ', YT],
		['https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s&list=PL1', YT],
		['https://m.youtube.com/watch?v=dQw4w9WgXcQ', YT],
		['www.youtube.com/watch?v=dQw4w9WgXcQ', YT],
		['  https://youtu.be/dQw4w9WgXcQ?si=abc  ', YT],
		['https://www.youtube.com/embed/dQw4w9WgXcQ', YT],
		['https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ', YT],
		['https://vimeo.com/76979871', 'https://player.vimeo.com/video/76979871'],
		['https://vimeo.com/channels/staffpicks/76979871', 'https://player.vimeo.com/video/76979871'],
		['https://player.vimeo.com/video/76979871?h=abc', 'https://player.vimeo.com/video/76979871']
	])('%s → %s', (pasted, url) => {
		const r = embedAddress(pasted);
		expect(r).toEqual({ url });
		expect(r.url).toMatch(CHECK);
	});

	it.each([
		['', 'Paste the video’s address.'],
		['not a url at all', /YouTube or Vimeo/],
		['https://example.org/video.mp4', /YouTube or Vimeo/],
		['javascript:alert(1)', /YouTube or Vimeo/],
		['https://www.youtube.com/watch?list=PL1', /no video in it/],
		['https://www.youtube.com/watch?v=<script>', /no video in it/],
		['https://vimeo.com/about', /YouTube or Vimeo|no video number/],
		['https://player.vimeo.com/video/abc', /no video number/]
	])('refuses %j', (pasted, message) => {
		const r = embedAddress(pasted);
		expect(r.url).toBeUndefined();
		expect(r.error).toMatch(message);
	});
});
