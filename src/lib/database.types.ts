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
			open_concerns: { Args: Record<PropertyKey, never>; Returns: Json };
			facilitator_home: { Args: Record<PropertyKey, never>; Returns: Json };
			parent_home: { Args: Record<PropertyKey, never>; Returns: Json };
			groups_page: {
				Args: {
					status?: string | null;
					programme_id?: string | null;
					funding?: string | null;
					facilitator_id?: string | null;
				};
				Returns: Json;
			};
			group_page: { Args: { group_id: string }; Returns: Json };
			new_group_form: { Args: Record<PropertyKey, never>; Returns: Json };
			interest_page: { Args: Record<PropertyKey, never>; Returns: Json };
			offer_page: { Args: { enrolment_id: string }; Returns: Json };
			create_group: {
				Args: {
					name: string;
					programme_id: string;
					audience: string;
					start_time: string;
					venue: string | null;
					video_link: string | null;
					capacity: number;
					funding: Database['public']['Enums']['funding_kind'];
					funder: string | null;
					fee_pence: number | null;
					facilitator_ids: string[];
					sessions: Json;
					open_now?: boolean;
				};
				Returns: Json;
			};
			open_group: { Args: { group_id: string }; Returns: Json };
			cancel_group: { Args: { group_id: string; reason: string }; Returns: Json };
			enrol_parent: { Args: { group_id: string; email: string }; Returns: Json };
			withdraw_enrolment: {
				Args: { enrolment_id: string; reason: string; withdrawn_on: string };
				Returns: Json;
			};
			respond_to_offer: { Args: { enrolment_id: string; accept: boolean }; Returns: Json };
			move_session: { Args: { session_id: string; starts_at: string }; Returns: Json };
			cancel_session: { Args: { session_id: string; reason: string }; Returns: Json };
			add_interest: {
				Args: { full_name: string; email: string; note: string | null };
				Returns: Json;
			};
			remove_interest: { Args: { interest_id: string }; Returns: Json };
			mark_interest_invited: { Args: { interest_id: string; group_id: string }; Returns: Json };
			session_deck: { Args: { group_id: string; number: number }; Returns: Json };
			session_page: { Args: { group_id: string; number: number }; Returns: Json };
			mark_attendance: {
				Args: { session_id: string; enrolment_id: string; status: string; reason?: string | null };
				Returns: Json;
			};
			save_session_notes: {
				Args: { session_id: string; covered: string; how_it_went: string; reflection: string };
				Returns: Json;
			};
			release_materials: { Args: { session_id: string }; Returns: Json };
			mark_session_held: { Args: { session_id: string }; Returns: Json };
			raise_concern: {
				Args: {
					group_id: string;
					enrolment_id: string | null;
					session_id: string | null;
					kind: string;
					urgency: string;
					description: string;
				};
				Returns: Json;
			};
			curricula_page: { Args: Record<PropertyKey, never>; Returns: Json };
			curriculum_page: { Args: { curriculum_id: string }; Returns: Json };
			draft_curriculum: { Args: { programme_id: string }; Returns: Json };
			save_curriculum_session: {
				Args: {
					curriculum_id: string;
					number: number;
					title: string;
					aims: Json;
					slides: Json;
					prompts: Json;
					facilitator_notes: string;
					home_practice: string;
				};
				Returns: Json;
			};
			publish_curriculum: { Args: { curriculum_id: string }; Returns: Json };
			my_session: { Args: { session_id: string }; Returns: Json };
			my_calendar: { Args: Record<PropertyKey, never>; Returns: Json };
			send_apologies: { Args: { session_id: string; reason?: string | null }; Returns: Json };
			withdraw_apologies: { Args: { session_id: string }; Returns: Json };
			review_dashboard: {
				Args: {
					from_date?: string | null;
					to_date?: string | null;
					programme_id?: string | null;
					funding?: string | null;
					facilitator_id?: string | null;
					page?: number;
				};
				Returns: Json;
			};
			group_review: { Args: { group_id: string }; Returns: Json };
			review_concern: { Args: { concern_id: string; note: string }; Returns: Json };
			funder_report: {
				Args: { from_date: string; to_date: string; funder?: string | null };
				Returns: Json;
			};
			lapse_offers: { Args: Record<PropertyKey, never>; Returns: number };
			take_notifications: { Args: Record<PropertyKey, never>; Returns: Json };
			start_sign_in_attempt: { Args: { email: string; address: string }; Returns: Json };
			finish_sign_in_attempt: {
				Args: { email: string; address: string; outcome: 'succeeded' | 'failed' | 'not_tried' };
				Returns: Json;
			};
		};
		Enums: { app_role: AppRole; funding_kind: 'funded' | 'self_funded' };
		CompositeTypes: { [_ in never]: never };
	};
}
