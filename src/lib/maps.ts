/**
 * A link that shows a venue on OpenStreetMap (no account, no tracking script): a search for the
 * address and postcode, which finds the place from the postcode even when the address is loose.
 */
export function mapLink(venue: string | null, postcode: string | null): string | null {
	const query = [venue?.trim(), postcode?.trim()].filter(Boolean).join(', ');
	return query ? `https://www.openstreetmap.org/search?query=${encodeURIComponent(query)}` : null;
}

/** The venue as one line: "Family Centre, Room 2, NE1 4ST". */
export function venueLine(venue: string | null, postcode: string | null): string | null {
	const line = [venue?.trim(), postcode?.trim()].filter(Boolean).join(', ');
	return line || null;
}
