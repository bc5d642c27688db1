import { describe, expect, it } from 'vitest';
import { courseJsonLd, serialiseJsonLd } from './json-ld';
import type { CoursePage } from './types';

const page: CoursePage = {
	provider: { name: 'Riverside Family Clinic', email: null, phone: null },
	slug: 'reflective-fostering',
	title: 'Reflective Fostering',
	summary: 'Two days.',
	about: '',
	suitable_for: '',
	aims: '',
	days: [
		{
			day: '2027-01-28',
			starts: '09:30',
			ends: '16:30',
			starts_at: '2027-01-28T09:30:00+00:00',
			ends_at: '2027-01-28T16:30:00+00:00'
		},
		{
			day: '2027-01-29',
			starts: '09:30',
			ends: '16:30',
			starts_at: '2027-01-29T09:30:00+00:00',
			ends_at: '2027-01-29T16:30:00+00:00'
		}
	],
	online: false,
	venue: { name: 'Kantor Centre', address: '4–8 Rodney Street', postcode: 'N1 9JH', map_url: null },
	trainers: ['Helen Marsh'],
	tiers: [
		{
			name: 'Without online training',
			description: '',
			price_pence: 39500,
			vat_percent: 20,
			gross_pence: 47400,
			grants_online_training: false
		}
	],
	capacity: 24,
	places_left: 20,
	full: false,
	status: 'open',
	booking_open: true,
	booking_closed_reason: null,
	booking_opens_at: null,
	booking_closes_at: null,
	po_required: true,
	waitlist_open: false
};

describe('a course page’s JSON-LD', () => {
	it('is a Course with an instance: dates, a postal address, offers in GBP', () => {
		const ld = courseJsonLd(page, 'https://example.org/courses/reflective-fostering');
		const instance = ld.hasCourseInstance as Record<string, unknown>;
		expect(ld['@type']).toBe('Course');
		expect(ld.name).toBe('Reflective Fostering');
		expect(instance.startDate).toBe('2027-01-28T09:30:00+00:00');
		expect(instance.endDate).toBe('2027-01-29T16:30:00+00:00');
		expect(instance.location).toMatchObject({
			'@type': 'Place',
			address: { '@type': 'PostalAddress', postalCode: 'N1 9JH' }
		});
		expect(instance.offers).toEqual([
			expect.objectContaining({
				price: '474.00',
				priceCurrency: 'GBP',
				availability: 'https://schema.org/InStock'
			})
		]);
	});

	it('an online, full course has a virtual location and sold-out offers', () => {
		const ld = courseJsonLd({ ...page, online: true, venue: null, full: true }, 'https://x.test/c');
		const instance = ld.hasCourseInstance as {
			location: unknown;
			offers: { availability: string }[];
		};
		expect(instance.location).toEqual({ '@type': 'VirtualLocation', url: 'https://x.test/c' });
		expect(instance.offers[0]!.availability).toBe('https://schema.org/SoldOut');
	});

	it('cannot be broken out of: </script> in a title stays inside the JSON', () => {
		const title = 'Evil </script><script>alert(1)</script> & <!-- course';
		const text = serialiseJsonLd(courseJsonLd({ ...page, title }, 'https://x.test/c'));
		expect(text).not.toContain('<');
		expect(text).not.toContain('>');
		expect(text.toLowerCase()).not.toContain('</script');
		// Still the same data when parsed.
		expect(JSON.parse(text).name).toBe(title);
		expect(serialiseJsonLd('\u2028')).toBe('"\\u2028"');
	});
});
