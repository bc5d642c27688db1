import { bankHoliday, eveOf } from './bank-holidays';
import { REGION_LABEL, type Region } from './region';
import { calendarDay, londonDate, longDate } from './london';

/** 0 (Sunday) to 6 (Saturday). */
export function weekdayOf(date: string): number {
	return calendarDay(date).getDay();
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * The weekday a group usually meets on: the commonest London weekday among its sessions' starts
 * (the earliest session's weekday on a tie), or null with no sessions.
 */
export function usualWeekday(starts: Date[]): number | null {
	const counts = new Map<number, number>();
	const sorted = [...starts].sort((a, b) => a.getTime() - b.getTime());
	for (const at of sorted) {
		const day = weekdayOf(londonDate(at));
		counts.set(day, (counts.get(day) ?? 0) + 1);
	}
	let best: number | null = null;
	for (const [day, n] of counts) if (best === null || n > counts.get(best)!) best = day;
	return best;
}

export interface DateCheck {
	/** YYYY-MM-DD, London. */
	date: string;
	/** HH:MM, London: an evening session on Christmas Eve or New Year's Eve is worded so. */
	time?: string;
	region: Region;
	/** The group's usual weekday (0–6), when it has one to keep to. */
	usualWeekday?: number | null;
}

/**
 * Why a date might be a mistake, in plain words for the form: a bank holiday in the
 * organisation's region, Christmas Eve or New Year's Eve, or not the group's usual weekday.
 * Advice only: the person may keep the date once they have seen it.
 */
export function dateWarnings({ date, time, region, usualWeekday }: DateCheck): string[] {
	const warnings: string[] = [];
	const day = longDate(date);
	const holiday = bankHoliday(date, region);
	if (holiday) {
		warnings.push(`${day} is a bank holiday in ${REGION_LABEL[region]} (${holiday}).`);
	}
	const eve = eveOf(date);
	if (eve) {
		const evening = time !== undefined && time >= '17:00';
		warnings.push(
			evening
				? `${day} is ${eve}: many families are busy, and an evening session is often missed.`
				: `${day} is ${eve}: many families are busy that day.`
		);
	}
	if (usualWeekday !== undefined && usualWeekday !== null && weekdayOf(date) !== usualWeekday) {
		warnings.push(
			`The group usually meets on ${WEEKDAYS[usualWeekday]}s; this date is a ${WEEKDAYS[weekdayOf(date)]}.`
		);
	}
	return warnings;
}

/**
 * Warnings for a new group's sessions after the first (its first date is checked on its own):
 * with bank holidays kept, a session on one is named here before the group is created, not
 * flagged afterwards; Christmas Eve and New Year's Eve are never skipped, so they are named too.
 */
export function laterSessionWarnings(
	sessions: { number: number; startsAt: Date }[],
	time: string,
	region: Region
): string[] {
	return sessions
		.filter((s) => s.number > 1)
		.flatMap((s) => {
			const warnings = dateWarnings({ date: londonDate(s.startsAt), time, region });
			return warnings.length ? [`Session ${s.number}: ${warnings.join(' ')}`] : [];
		});
}
