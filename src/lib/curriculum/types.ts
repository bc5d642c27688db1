export interface CurriculumSession {
	number: number;
	title: string;
	aims: string[];
	slides: string[];
	prompts: string[];
	facilitator_notes: string;
	home_practice: string;
}

export interface CurriculumVersion {
	id: string;
	programme_id: string;
	programme: string;
	version: number;
	status: 'draft' | 'published';
	published_at: string | null;
	is_lead: boolean;
	sessions: CurriculumSession[];
}
