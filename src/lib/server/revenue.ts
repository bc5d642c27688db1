import { z } from 'zod';

const today = () => new Date().toISOString().slice(0, 10);

/** The report's period from the query string: this calendar year by default. */
export function revenuePeriod(url: URL): { from_date: string; to_date: string } | null {
	const year = today().slice(0, 4);
	const from = url.searchParams.get('from') || `${year}-01-01`;
	const to = url.searchParams.get('to') || `${year}-12-31`;
	const ok = z.iso.date().safeParse(from).success && z.iso.date().safeParse(to).success;
	return ok ? { from_date: from, to_date: to } : null;
}
