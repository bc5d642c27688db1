/** What public.session_deck returns (supabase/migrations/*_running_sessions.sql). */
export interface DeckRow {
	group: { id: string; name: string };
	session: {
		id: string;
		number: number;
		starts_at: string;
		ends_at: string;
		status: 'scheduled' | 'held' | 'cancelled';
		cancelled_reason: string | null;
		released_at: string | null;
	};
	content: {
		number: number;
		title: string;
		aims: string[];
		slides: string[];
		prompts: string[];
		facilitator_notes: string;
		home_practice: string;
	};
	session_count: number;
}

/** What the audience window needs: the slides, already rendered to safe HTML on the server. */
export interface AudienceDeck {
	groupId: string;
	number: number;
	title: string;
	slides: string[];
}

/** The presenter's view: the slides plus what only the facilitators see. */
export interface PresenterDeck extends AudienceDeck {
	groupName: string;
	sessionId: string;
	sessionCount: number;
	startsAt: string;
	endsAt: string;
	/** "Thu 20 Nov 2026, 18:30–20:30", London time. */
	when: string;
	/** Inline HTML, one per aim and per prompt. */
	aims: string[];
	prompts: string[];
	notes: string;
	homePractice: string;
}
