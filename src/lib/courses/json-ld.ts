// Structured data for a course page (schema.org Course with a CourseInstance, which is an Event),
// so a shared or searched-for link shows the dates, place and prices. Built from the public view
// model only, and serialised so that nothing in a title can end the <script> element early.
import type { CoursePage } from './types';

/** Pence as the decimal string schema.org prices use: 39500 → "395.00". */
function amount(pence: number): string {
	return (pence / 100).toFixed(2);
}

export function courseJsonLd(page: CoursePage, url: string): Record<string, unknown> {
	const first = page.days[0];
	const last = page.days[page.days.length - 1];
	const location = page.online
		? { '@type': 'VirtualLocation', url }
		: page.venue
			? {
					'@type': 'Place',
					name: page.venue.name,
					address: {
						'@type': 'PostalAddress',
						streetAddress: page.venue.address ?? undefined,
						postalCode: page.venue.postcode ?? undefined,
						addressCountry: 'GB'
					}
				}
			: undefined;
	const provider = { '@type': 'Organization', name: page.provider.name };
	return {
		'@context': 'https://schema.org',
		'@type': 'Course',
		name: page.title,
		description: page.summary,
		url,
		provider,
		hasCourseInstance: {
			'@type': 'CourseInstance',
			name: page.title,
			courseMode: page.online ? 'online' : 'onsite',
			startDate: first?.starts_at,
			endDate: last?.ends_at,
			eventStatus:
				page.status === 'cancelled'
					? 'https://schema.org/EventCancelled'
					: 'https://schema.org/EventScheduled',
			eventAttendanceMode: page.online
				? 'https://schema.org/OnlineEventAttendanceMode'
				: 'https://schema.org/OfflineEventAttendanceMode',
			location,
			instructor: page.trainers.map((name) => ({ '@type': 'Person', name })),
			organizer: provider,
			offers: page.tiers.map((t) => ({
				'@type': 'Offer',
				name: t.name,
				description: t.description || undefined,
				// The price a buyer pays, VAT included (what schema.org readers show).
				price: amount(t.gross_pence),
				priceCurrency: 'GBP',
				availability: page.full ? 'https://schema.org/SoldOut' : 'https://schema.org/InStock',
				url
			}))
		}
	};
}

/**
 * JSON for inside <script type="application/ld+json">: `<`, `>` and `&` become \u escapes (still
 * the same JSON), so "</script>" or "<!--" in a title cannot close or confuse the element; the
 * line separators U+2028/2029 too, for old parsers.
 */
export function serialiseJsonLd(data: unknown): string {
	return JSON.stringify(data).replace(/[<>&\u2028\u2029]/g, (c) => {
		return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
	});
}
