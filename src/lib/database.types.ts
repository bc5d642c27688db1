/**
 * Types in the shape `supabase gen types typescript` produces, for the functions the app calls.
 * Regenerate with `supabase gen types typescript --linked > src/lib/database.types.ts` against a
 * linked project, or edit by hand alongside each migration.
 */
export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[];

export type AppRole = 'clinical_lead' | 'facilitator' | 'parent';

export interface Database {
	public: {
		Tables: {
			profiles: {
				Row: { id: string; email: string; full_name: string; role: AppRole; created_at: string };
				Insert: {
					id: string;
					email: string;
					full_name: string;
					role: AppRole;
					created_at?: string;
				};
				Update: { full_name?: string };
				Relationships: [];
			};
		};
		Views: { [_ in never]: never };
		Functions: {
			my_profile: { Args: Record<PropertyKey, never>; Returns: Json };
			invite_person: {
				Args: { email: string; full_name: string; role: AppRole };
				Returns: Json;
			};
			review_home: { Args: Record<PropertyKey, never>; Returns: Json };
			facilitator_home: { Args: Record<PropertyKey, never>; Returns: Json };
			parent_home: { Args: Record<PropertyKey, never>; Returns: Json };
		};
		Enums: { app_role: AppRole };
		CompositeTypes: { [_ in never]: never };
	};
}
