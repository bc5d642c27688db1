/**
 * SvelteKit's cross-site form check, made here so that one route can be left out of it. A form
 * POST (or PUT, PATCH, DELETE) from another origin, or with no Origin header, is refused, as
 * SvelteKit does by default; the exception is the one-click unsubscribe link in reminders
 * (/unsubscribe/<token>), which RFC 8058 says a mail provider POSTs from its own servers with no
 * session and no CSRF token. That POST can only turn reminders off for the token's owner.
 */
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The one route a cross-site form POST may reach. */
export const ONE_CLICK_UNSUBSCRIBE = /^\/unsubscribe\/[^/]+\/?$/;

function isForm(request: Request): boolean {
	const type = request.headers.get('content-type')?.split(';', 1)[0]?.trim().toLowerCase() ?? '';
	return FORM_TYPES.includes(type);
}

/** Whether a request is a cross-site form submission this app refuses. */
export function isForbiddenCrossSiteForm(request: Request, url: URL): boolean {
	if (!UNSAFE.has(request.method) || !isForm(request)) return false;
	if (request.headers.get('origin') === url.origin) return false;
	return !(request.method === 'POST' && ONE_CLICK_UNSUBSCRIBE.test(url.pathname));
}
