import type { TZDate } from '@date-fns/tz';
import { addDays, addMinutes, addWeeks } from 'date-fns';
import { bankHoliday } from './bank-holidays';
import { londonDate, londonTime } from './london';
import type { Region } from './region';

export interface PlannedSession {
	number: number;
	startsAt: Date;
	endsAt: Date;
}

export interface SkippedDate {
	date: string;
	name: string;
}

export interface ScheduleRequest {
	/** The first session's date, YYYY-MM-DD, in London. */
	firstDate: string;
	/** Start time, HH:MM, London wall clock. */
	time: string;
	count: number;
	minutes: number;
	cadence: 'weekly' | 'daily';
	/** Leave out UK bank holidays, pushing the remaining sessions back one step each. */
	skipBankHolidays: boolean;
	/** Whose bank holidays: England and Wales unless the organisation says otherwise. */
	region?: Region;
}

/**
 * Sessions every week (or every day) from the first date at the same London time, so a 10:00
 * group stays at 10:00 across the clock changes. Bank holidays are skipped when asked: that
 * session moves to the following week and so does every one after it.
 */
export function planSessions(req: ScheduleRequest): {
	sessions: PlannedSession[];
	skipped: SkippedDate[];
} {
	const step = (d: TZDate, n: number) =>
		req.cadence === 'weekly' ? addWeeks(d, n) : addDays(d, n);
	const sessions: PlannedSession[] = [];
	const skipped: SkippedDate[] = [];
	let at = londonTime(req.firstDate, req.time);
	// A bound on skips keeps a pathological calendar from looping for ever.
	for (let guard = 0; sessions.length < req.count && guard < req.count + 20; guard++) {
		const holiday = req.skipBankHolidays ? bankHoliday(londonDate(at), req.region) : null;
		if (holiday) {
			skipped.push({ date: londonDate(at), name: holiday });
		} else {
			sessions.push({
				number: sessions.length + 1,
				startsAt: new Date(at.getTime()),
				endsAt: new Date(addMinutes(at, req.minutes).getTime())
			});
		}
		at = step(at, 1);
	}
	return { sessions, skipped };
}
