import { ServerResponse } from 'node:http';

/**
 * adapter-node serves build/client (scripts, styles, icons) with sirv *before* SvelteKit's
 * `handle` hook runs, so headers set there never reach static files. Adding `nosniff` where every
 * response is written is the one place that covers them in a plain `node build`, without a custom
 * server. Only headers that are right for every response belong here.
 */
let installed = false;

export function sendNosniffEverywhere(): void {
	if (installed) return;
	installed = true;
	const writeHead = ServerResponse.prototype.writeHead;
	ServerResponse.prototype.writeHead = function (this: ServerResponse, ...args: unknown[]) {
		if (!this.headersSent && !this.hasHeader('x-content-type-options')) {
			this.setHeader('X-Content-Type-Options', 'nosniff');
		}
		return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
	} as typeof writeHead;
}
