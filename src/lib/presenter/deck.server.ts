import { error } from '@sveltejs/kit';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '$lib/database';
import { renderInline, renderMarkdown } from '$lib/curriculum/render';
import { sessionTime } from '$lib/groups/format';
import { view } from '$lib/server/rpc';
import { parseDeckParams } from './deck';
import type { AudienceDeck, DeckRow, PresenterDeck } from './types';

/**
 * The one database call behind both the presenter and the audience window. The Markdown is
 * rendered here, on the server, so the markdown library never reaches the browser and what
 * reaches it has had raw HTML escaped and unsafe links removed.
 */
async function deckRow(
	supabase: SupabaseClient<Database>,
	params: { id: string; n: string }
): Promise<DeckRow> {
	const deck = parseDeckParams(params);
	if (!deck) error(404, 'No such session.');
	return view(supabase, 'session_deck', {
		group_id: deck.groupId,
		number: deck.number
	});
}

export async function loadAudienceDeck(
	supabase: SupabaseClient<Database>,
	params: { id: string; n: string }
): Promise<AudienceDeck> {
	const row = await deckRow(supabase, params);
	return {
		groupId: row.group.id,
		number: row.session.number,
		title: row.content.title,
		slides: row.content.slides.map((s) => renderMarkdown(s))
	};
}

export async function loadPresenterDeck(
	supabase: SupabaseClient<Database>,
	params: { id: string; n: string }
): Promise<PresenterDeck> {
	const row = await deckRow(supabase, params);
	const { content, session } = row;
	return {
		groupId: row.group.id,
		groupName: row.group.name,
		number: session.number,
		sessionId: session.id,
		sessionCount: row.session_count,
		startsAt: session.starts_at,
		endsAt: session.ends_at,
		when: sessionTime(session.starts_at, session.ends_at),
		title: content.title,
		aims: content.aims.map((a) => renderInline(a)),
		slides: content.slides.map((s) => renderMarkdown(s)),
		prompts: content.prompts.map((p) => renderInline(p)),
		notes: renderMarkdown(content.facilitator_notes),
		homePractice: renderMarkdown(content.home_practice)
	};
}
