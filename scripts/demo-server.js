// Serve a built app as the demo: the embedded backend with demo data, on loopback unless HOST
// says otherwise. `npm start` runs this on ./build; the e2e tests run it on a private copy.
//
//   node scripts/demo-server.js [build directory]
//
// It wraps adapter-node's handler (rather than `node build`) for two things a demo needs:
// - it answers on both http://localhost:PORT and http://127.0.0.1:PORT: with no ORIGIN set, each
//   request's own Host is its origin, so SvelteKit's cross-site form check passes for either;
// - Ctrl-C and SIGTERM stop it cleanly: stop accepting, let requests finish, close the database
//   (src/hooks.server.ts), exit 0; also when they come while the database is still opening, and
//   when `npm start`'s npm is stopped (npm's shell does not pass the signal on, see below).
import http from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import { refuseSupabaseSettings } from './demo-guard.js';

// V8 sizes its old generation by the machine's memory and, after each full collection, lets it
// grow to up to four times what survived. Here that is garbage: pages waiting their turn for the
// one database thread outlive two young collections and are promoted, and the heap swelled to
// ~325 MB with ~90 MB live (RSS 647 MB under `npm run bench`). Growing by half what survived
// keeps the same work at RSS 445 MB with the same page times. It is read at each collection,
// so setting it here works, and unlike --max-old-space-size it sets no ceiling to crash into.
v8.setFlagsFromString('--heap-growing-percent=50');

refuseSupabaseSettings();
const buildDir = resolve(process.argv[2] ?? 'build');

process.env.REFLECTIVE_DEMO = '1';
process.env.PORT ||= '3000';
// The online training's videos are uploaded through a form action (up to the bucket's 500 MB).
process.env.BODY_SIZE_LIMIT ||= '520M';
const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT);
const PROTOCOL_HEADER = 'x-demo-protocol';
const fixedOrigin = Boolean(process.env.ORIGIN);
if (!fixedOrigin) process.env.PROTOCOL_HEADER = PROTOCOL_HEADER;

// Listened for before the app starts, so a signal while migrations run still closes cleanly.
/** The signal being handled, once one has come. */
let stopping = '';
let listening = false;
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));

// `npm start` runs this under `sh -c`, which does not pass npm's SIGTERM on: when npm goes,
// this process is handed to another parent. Notice that and stop as if signalled.
if (process.env.npm_lifecycle_event) {
	const parent = process.ppid;
	setInterval(() => {
		if (process.ppid !== parent) stop('npm stopped');
	}, 500).unref();
}

// handler.js runs the app's init (opening the database, migrations, demo data) before it returns.
const { handler } = await import(pathToFileURL(resolve(buildDir, 'handler.js')).href);

const server = http.createServer((req, res) => {
	// Set here, never taken from the client: the demo serves plain HTTP.
	if (!fixedOrigin) req.headers[PROTOCOL_HEADER] = 'http';
	handler(req, res);
});
// Keep an idle connection open longer than clients do (Node closes it after 5 s): a client that
// reuses a connection in the moment the server closes it gets ECONNRESET, which the fuzz's long
// runs of requests met on a busy machine. The headers timeout must exceed it.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;

if (stopping) shutDown(stopping);
else
	server.listen(port, host, () => {
		listening = true;
		if (stopping) return stopServer(stopping);
		const shown =
			host === '127.0.0.1'
				? `http://127.0.0.1:${port} and http://localhost:${port}`
				: `${host}:${port}`;
		console.log(`Listening on ${shown}${host === '127.0.0.1' ? ' (this computer only)' : ''}`);
		if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
			console.warn(
				'WARNING: HOST makes the demo reachable from other computers. Its passwords are public.'
			);
		}
	});

function stop(signal) {
	if (stopping) return;
	stopping = signal;
	console.log(`${signal}: stopping…`);
	// Still opening the database: the app stops once it is open (above).
	if (listening) stopServer(signal);
}

function stopServer(signal) {
	server.close(() => shutDown(signal));
	// Keep-alive connections with no request in progress close now; the rest as they finish.
	server.closeIdleConnections();
	// Requests still running after this are cut off; the database is then closed regardless.
	setTimeout(() => server.closeAllConnections(), 5000).unref();
}

/** src/hooks.server.ts closes the database on this, then exits. */
function shutDown(signal) {
	// Never left running with the database open: a close that hangs ends here, and says so.
	setTimeout(() => {
		console.error('The demo did not stop within 10 s; exiting without closing the database.');
		process.exit(1);
	}, 10_000).unref();
	process.emit('sveltekit:shutdown', signal);
}
