/** "Session 2", "Sessions 2 and 3", "Sessions 1, 2 and 4"; null when none were reviewed. */
export function sessionsLabel(numbers: readonly number[]): string | null {
	if (numbers.length === 0) return null;
	if (numbers.length === 1) return `Session ${numbers[0]}`;
	return `Sessions ${numbers.slice(0, -1).join(', ')} and ${numbers.at(-1)}`;
}
