import Holidays from 'date-holidays';

/**
 * UK bank holidays for England and Wales (the organisation's groups run in England). Server
 * side only: the holiday rules are a large module that parents' phones should not download.
 */
const holidays = new Holidays('GB', 'ENG');
const byYear = new Map<number, Map<string, string>>();

function year(y: number): Map<string, string> {
	let days = byYear.get(y);
	if (!days) {
		days = new Map(
			holidays
				.getHolidays(y)
				.filter((h) => h.type === 'public')
				.map((h) => [h.date.slice(0, 10), h.name])
		);
		byYear.set(y, days);
	}
	return days;
}

/** The bank holiday's name on a London date (YYYY-MM-DD), or null. */
export function bankHoliday(date: string): string | null {
	return year(Number(date.slice(0, 4))).get(date) ?? null;
}
