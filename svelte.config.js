import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// Scripts and styles are written .br and .gz beside each file at build time and served by
		// adapter-node (sirv) to browsers that accept them, with Vary: Accept-Encoding. Dynamic
		// responses are compressed per request in src/lib/server/compression.ts.
		adapter: adapter({ precompress: true }),
		// The cross-site form check is made in src/hooks.server.ts (src/lib/server/same-origin.ts),
		// the same as SvelteKit's but leaving out the one-click unsubscribe route (RFC 8058), which
		// a mail provider POSTs from its own servers. '*' turns SvelteKit's own check off.
		csrf: { trustedOrigins: ['*'] },
		// A strict policy: no inline script except SvelteKit's own (hashed), no third-party origins,
		// and no framing, because the pages show special-category data about families.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				// Online-training films: stored ones from Storage's signed addresses (the Supabase
				// project's origin is added per request in hooks.server.ts; the demo serves them on its
				// own origin), embedded ones from the two hosts the app knows, in privacy mode.
				'media-src': ['self'],
				'frame-src': ['https://www.youtube-nocookie.com', 'https://player.vimeo.com'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
