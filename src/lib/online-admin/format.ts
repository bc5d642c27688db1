/** A length in seconds as people read it: "20 s", "35 min 20 s", "4 h 12 min". */
export function duration(seconds: number): string {
	const h = Math.floor(seconds / 3600);
	const m = Math.floor((seconds % 3600) / 60);
	const s = seconds % 60;
	if (h) return m ? `${h} h ${m} min` : `${h} h`;
	if (m) return s ? `${m} min ${s} s` : `${m} min`;
	return `${s} s`;
}

/** A file's name made safe for a storage path: letters, digits, dot, dash and underscore. */
export function safeFileName(name: string): string {
	const clean = name
		.normalize('NFKD')
		.replace(/[^A-Za-z0-9._-]+/g, '-')
		.replace(/^[-.]+|-+$/g, '')
		.slice(-100);
	return clean || 'file';
}
