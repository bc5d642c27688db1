import { defineConfig } from '@playwright/test';

// E2E_PORT lets two runs share a machine (each gets its own server and database).
const PORT = Number(process.env.E2E_PORT ?? 4173);
const DATA = `.data-e2e-${PORT}`;
const baseURL = `http://localhost:${PORT}`;
/** Specs that move the demo clock far ahead: see the journeys project. */
const JOURNEYS = /\.journey\.spec\.ts$/;

/**
 * End-to-end tests against the built app (`npm run test:e2e` builds first), served by `node build`
 * on a fresh embedded database each run. Debian's Chromium; never `npx playwright install`.
 */
export default defineConfig({
	testDir: 'tests/e2e',
	outputDir: `test-results/${PORT}`,
	fullyParallel: false,
	// One PGlite database behind one server: run one test at a time.
	workers: 1,
	forbidOnly: !!process.env.CI,
	retries: 0,
	timeout: 30_000,
	expect: { timeout: 10_000 },
	reporter: 'list',
	use: {
		baseURL,
		viewport: { width: 1280, height: 800 },
		locale: 'en-GB',
		timezoneId: 'Europe/London',
		// Recording a trace of every test costs time even when it passes; .ci/run turns it off
		// to stay well inside its time limit (E2E_TRACE=off), and a failure there says what failed.
		trace: process.env.E2E_TRACE === 'off' ? 'off' : 'retain-on-failure',
		// The server reads each client's address from X-Forwarded-For, as behind a proxy (below),
		// so the sign-in limit tests can come from addresses of their own.
		extraHTTPHeaders: { 'x-forwarded-for': '127.0.0.1' },
		launchOptions: {
			executablePath: '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run',
				'--disable-quic'
			]
		}
	},
	projects: [
		// Tests tagged @js or @nojs belong to one project only, so nothing is ever skipped.
		{ name: 'js', use: { javaScriptEnabled: true }, grepInvert: /@nojs/, testIgnore: JOURNEYS },
		{
			name: 'no-js',
			use: { javaScriptEnabled: false },
			grepInvert: /@js\b/,
			testIgnore: JOURNEYS
		},
		// Journeys that move the demo clock weeks ahead (a course's opening date, then its days):
		// they run after every other spec, so nothing else sees what the moved clock made happen.
		{
			name: 'journeys',
			use: { javaScriptEnabled: true },
			testMatch: JOURNEYS,
			dependencies: ['js', 'no-js']
		}
	],
	webServer: {
		// The server runs from a private copy of build/, so another `vite build` in the same
		// checkout (a colleague, or `npm start`) cannot swap the chunks under a running test.
		command:
			`rm -rf ${DATA} && mkdir -p ${DATA} && cp -r build ${DATA}/app && ` +
			`DATA_DIR=${DATA}/db PORT=${PORT} ORIGIN=${baseURL} node scripts/demo-server.js ${DATA}/app`,
		url: `${baseURL}/signin`,
		reuseExistingServer: false,
		timeout: 120_000,
		stdout: 'ignore',
		stderr: 'pipe',
		// Client addresses come from X-Forwarded-For (see extraHTTPHeaders), as behind a proxy.
		env: { ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1' }
	}
});
