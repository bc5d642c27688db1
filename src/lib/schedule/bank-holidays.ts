import Holidays from 'date-holidays';
import type { Region } from './region';

/**
 * UK bank holidays for the organisation's region: England and Wales share one list; Scotland
 * and Northern Ireland have their own (2 January and St Andrew's Day; St Patrick's Day and
 * 12 July). Server side only: the holiday rules are a large module that parents' phones should
 * not download.
 */
const STATE: Record<Region, string> = {
	england_wales: 'ENG',
	scotland: 'SCT',
	northern_ireland: 'NIR'
};
const calendars = new Map<Region, Holidays>();
const byYear = new Map<string, Map<string, string>>();

function year(region: Region, y: number): Map<string, string> {
	const key = `${region}:${y}`;
	let days = byYear.get(key);
	if (!days) {
		let calendar = calendars.get(region);
		if (!calendar) {
			calendar = new Holidays('GB', STATE[region]);
			calendars.set(region, calendar);
		}
		days = new Map(
			calendar
				.getHolidays(y)
				.filter((h) => h.type === 'public')
				.map((h) => [h.date.slice(0, 10), h.name])
		);
		byYear.set(key, days);
	}
	return days;
}

/** The bank holiday's name on a London date (YYYY-MM-DD) in the region, or null. */
export function bankHoliday(date: string, region: Region = 'england_wales'): string | null {
	return year(region, Number(date.slice(0, 4))).get(date) ?? null;
}

/**
 * Christmas Eve and New Year's Eve are not bank holidays, but families are busy and evening
 * sessions are poorly attended: the schedule flags them too.
 */
export function eveOf(date: string): 'Christmas Eve' | 'New Year’s Eve' | null {
	const day = date.slice(5);
	return day === '12-24' ? 'Christmas Eve' : day === '12-31' ? 'New Year’s Eve' : null;
}

/** The tag the schedule shows beside a session's date, or null for an ordinary day. */
export function dateFlag(date: string, region: Region): string | null {
	const holiday = bankHoliday(date, region);
	return holiday ? `Bank holiday: ${holiday}` : eveOf(date);
}
