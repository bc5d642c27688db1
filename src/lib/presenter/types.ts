import { z } from 'zod';
import { CurriculumSession } from '$lib/curriculum/types';
import { Session } from '$lib/groups/types';
import { count, id } from '$lib/view-fields';

/** What public.session_deck returns (supabase/migrations/*_running_sessions.sql). */
export const DeckRow = z.object({
	group: z.object({ id, name: z.string() }),
	session: Session,
	/** The curriculum session. */
	content: CurriculumSession,
	/** How many sessions the group has (cancelled ones apart). */
	session_count: count
});
export type DeckRow = z.infer<typeof DeckRow>;

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
