/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />

/**
 * Keeps a session's slides working when the venue's Wi-Fi drops.
 *
 * - The app's build files and static files are stored at install and served from the cache
 *   (their names change with every build, so they never go stale).
 * - The presenter and audience pages (/groups/<id>/sessions/<n>/present and /audience) go to the
 *   network first, and the last good copy is kept to fall back on. They hold only the session's
 *   curriculum and the group's name. A 401/403/404 or a redirect (signed out, no longer a
 *   facilitator) removes the stored copy.
 * - Everything else is left to the network and never stored: the other pages hold special-
 *   category personal data about families.
 * - Signing out deletes everything stored: the server answers POST /signout with
 *   `Clear-Site-Data: "cache", "storage"` (src/hooks.server.ts).
 *
 * SvelteKit registers this file itself (from a script covered by the CSP), and it is served as
 * a file from our own origin, so it needs no change to the Content-Security-Policy.
 */
import { build, files, version } from '$service-worker';

const worker = globalThis.self as unknown as ServiceWorkerGlobalScope;

const CACHE = `reflective-groups-${version}`;
const ASSETS = new Set([...build, ...files]);
const DECK_PAGE = /^\/groups\/[0-9a-f-]{36}\/sessions\/\d{1,2}\/(present|audience)$/i;
/** How long a page waits on a slow connection before the stored copy is shown instead. */
const NETWORK_TIMEOUT_MS = 4000;

worker.addEventListener('install', (event) => {
	event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll([...ASSETS])));
});

worker.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
			// Take charge of the page that installed us, so its deck is stored on the first visit.
			await worker.clients.claim();
		})()
	);
});

worker.addEventListener('fetch', (event) => {
	const { request } = event;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== worker.location.origin) return;
	if (ASSETS.has(url.pathname)) {
		event.respondWith(fromCacheFirst(request));
	} else if (DECK_PAGE.test(url.pathname) && !url.search) {
		event.respondWith(fromNetworkFirst(request, event));
	}
	// Anything else: not handled here, so the browser fetches it as usual and nothing is kept.
});

async function fromCacheFirst(request: Request): Promise<Response> {
	const cached = await caches.match(request, { cacheName: CACHE });
	if (cached) return cached;
	// Only after the cache was cleared (sign-out): fetch it again and keep it.
	const response = await fetch(request);
	if (response.ok) {
		const copy = response.clone();
		await caches.open(CACHE).then((cache) => cache.put(request, copy));
	}
	return response;
}

async function fromNetworkFirst(request: Request, event: FetchEvent): Promise<Response> {
	const key = new URL(request.url).href;
	const network = fetch(request).then(async (response) => {
		const cache = await caches.open(CACHE);
		if (isStorable(response)) await cache.put(key, response.clone());
		else if (isRefusal(response)) await cache.delete(key);
		return response;
	});
	// However the race below ends, let the network copy finish being stored.
	event.waitUntil(network.catch(() => undefined));
	const timeout = new Promise<'timeout'>((resolve) =>
		setTimeout(() => resolve('timeout'), NETWORK_TIMEOUT_MS)
	);
	try {
		const first = await Promise.race([network, timeout]);
		if (first !== 'timeout') return first;
		return (await caches.match(key, { cacheName: CACHE })) ?? (await network);
	} catch {
		return (await caches.match(key, { cacheName: CACHE })) ?? Response.error();
	}
}

function isStorable(response: Response): boolean {
	return (
		response.status === 200 &&
		response.type === 'basic' &&
		!response.redirected &&
		(response.headers.get('content-type') ?? '').startsWith('text/html')
	);
}

/** Signed out, no longer allowed, or gone: the stored copy must not outlive that. */
function isRefusal(response: Response): boolean {
	return (
		[401, 403, 404, 410].includes(response.status) ||
		response.type === 'opaqueredirect' ||
		response.redirected
	);
}
