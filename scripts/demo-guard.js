/** The demo must not start with a Supabase project configured: one or the other, never both. */
export function refuseSupabaseSettings() {
	if (!process.env.PUBLIC_SUPABASE_URL) return;
	console.error(
		'\nnpm start runs the demo on its own embedded backend, but PUBLIC_SUPABASE_URL is set.\n' +
			'To run against your Supabase project: npm run build && node build\n'
	);
	process.exit(1);
}
