import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';

export const THURSDAY_GROUP = '00000000-0000-4000-8000-000000001002';

/**
 * The demo seed gives the running "Thursday evenings" group a history (sessions held, a
 * register, notes, a concern) so the demo looks lived-in. Tests that build their own history
 * on that group start by clearing it, as the database owner.
 */
export async function clearRunningGroupHistory(backend: EmbeddedBackend): Promise<void> {
	await backend.db.exec(`
		delete from public.attendance a using public.sessions s
		 where s.id = a.session_id and s.group_id = '${THURSDAY_GROUP}';
		delete from public.session_notes n using public.sessions s
		 where s.id = n.session_id and s.group_id = '${THURSDAY_GROUP}';
		delete from public.concerns where group_id = '${THURSDAY_GROUP}';
		delete from public.notifications where kind = 'concern_raised';
		-- The seed's register history emailed about some families' absences; with that history
		-- gone, so are its emails (their dedupe keys would otherwise hold back a new run's).
		delete from public.notifications where kind = 'absent_twice';
		update public.sessions set status = 'scheduled', released_at = null, released_by = null
		 where group_id = '${THURSDAY_GROUP}' and status = 'held';
	`);
}
