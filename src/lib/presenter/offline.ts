/**
 * Makes sure the service worker (src/service-worker.ts) holds this deck's pages, so the audience
 * window opens, and either window reloads, with no network. Fetching a page through the worker
 * is what stores it; only the presenter and audience pages are ever stored.
 *
 * `pages` is fetched once. Resolves true when every page was stored, false if the network or
 * the server said no; never resolves in a browser without service workers (nothing to do).
 */
export async function keepForOffline(pages: string[]): Promise<boolean> {
	if (!('serviceWorker' in navigator)) return new Promise(() => {});
	const container = navigator.serviceWorker;
	await container.ready;
	// On the very first visit the worker is installed after the page loaded; it takes control
	// (clients.claim) once active. Fetches made before that would bypass it.
	if (!container.controller) {
		await new Promise<void>((resolve) =>
			container.addEventListener('controllerchange', () => resolve(), { once: true })
		);
	}
	const results = await Promise.all(
		pages.map((page) =>
			fetch(page, { credentials: 'same-origin', headers: { accept: 'text/html' } })
				.then((response) => response.ok && !response.redirected)
				.catch(() => false)
		)
	);
	return results.every(Boolean);
}
