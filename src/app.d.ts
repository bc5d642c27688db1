import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '$lib/database';
import type { SessionUser } from '$lib/server/session';

declare global {
	namespace App {
		interface Error {
			message: string;
		}
		interface Locals {
			supabase: SupabaseClient<Database>;
			/** Verified on the server for this request; null when signed out. */
			user: SessionUser | null;
			/** The session was ended on this request: idle too long, or too old. */
			sessionEnded: boolean;
		}
		interface PageData {
			user?: { email: string; role: SessionUser['role'] } | null;
		}
	}
}

export {};
