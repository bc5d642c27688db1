// Plain values the pages show, without zod, so a browser bundle that needs a label does not
// carry the view models' schemas (./types.ts builds those from these values).

/** What each kind of message is, in the words the failures list uses. */
const KINDS: Record<string, string> = {
	concern_raised: 'A concern was raised',
	place_offered: 'A place offered',
	settings_test: 'Test email',
	sign_in_attempts: 'Failed sign-ins warning'
};

export function kindLabel(kind: string): string {
	const words = kind.replace(/_/g, ' ');
	return KINDS[kind] ?? words.charAt(0).toUpperCase() + words.slice(1);
}
