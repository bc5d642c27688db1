import favicon from '../../../static/favicon.svg?inline';

/**
 * Chromium downloads the page's favicon again on every change of URL, even one that only
 * changes the hash, so each slide change would cost a request (from the service worker's cache
 * offline, but a request all the same). While a deck is shown, the icon link points at the same
 * icon inlined as a data: URL, which needs no request (the CSP allows data: images). Returns
 * the cleanup that puts the link back.
 */
export function inlineFavicon(): () => void {
	const link = document.querySelector<HTMLLinkElement>('link[rel~="icon"]');
	const original = link?.getAttribute('href');
	if (!link || original == null || !favicon.startsWith('data:')) return () => {};
	link.setAttribute('href', favicon);
	return () => link.setAttribute('href', original);
}
