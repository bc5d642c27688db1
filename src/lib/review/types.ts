/** The view model of public.review_dashboard (figures are defined in its migration). */
export interface Dashboard {
	filters: {
		from_date: string | null;
		to_date: string | null;
		programme_id: string | null;
		funding: string | null;
		facilitator_id: string | null;
	};
	by_status: Record<'draft' | 'open' | 'running' | 'completed' | 'cancelled', number>;
	totals: {
		groups: number;
		places_offered: number;
		places_filled: number;
		families_started: number;
		families_completed: number;
		families_committed: number;
		families_on_track: number;
		attendance_rate: number | null;
		waitlist: number;
		interest_list: number;
	};
	quarters: {
		quarter: string;
		funded_groups: number;
		funded_families: number;
		self_funded_groups: number;
		self_funded_families: number;
	}[];
	concerns: { high: number; medium: number; low: number };
	facilitators: { id: string; full_name: string; groups: number }[];
	programmes: { id: string; name: string }[];
	/** The page of `groups` shown (1-based, clamped to the last), of `pages` of `page_size`. */
	page: number;
	pages: number;
	page_size: number;
	/** One page of the groups the figures cover, newest first; totals.groups counts them all. */
	groups: {
		id: string;
		name: string;
		phase: 'draft' | 'open' | 'running' | 'completed' | 'cancelled';
		programme: string;
		funding: 'funded' | 'self_funded';
		funder: string | null;
		quarter: string | null;
		first_start: string | null;
		capacity: number;
		filled: number;
		started: number;
		completed: number;
		committed: number;
		on_track: number;
		waitlist: number;
		attendance_rate: number | null;
		sessions_held: number;
		sessions_planned: number;
	}[];
}

export interface BarSeries {
	label: string;
	values: number[];
	/** A colour with at least 3:1 contrast against white, as WCAG asks of chart marks. */
	colour: string;
}
