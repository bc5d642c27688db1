import { z } from 'zod';
import { date, id, timestamp } from '$lib/view-fields';

/** certificate_check: the public answer for a code, never more than what the certificate says. */
export const CertificateCheck = z.union([
	z.object({
		valid: z.literal(true),
		name: z.string(),
		course: z.string(),
		first_day: date,
		last_day: date
	}),
	z.object({
		valid: z.literal(false),
		withdrawn: z.literal(true).optional(),
		message: z.string().optional()
	})
]);
export type CertificateCheck = z.infer<typeof CertificateCheck>;

/** certificate_page: a live certificate for its PDF (null: not theirs, or not live). */
export const CertificatePage = z
	.object({
		organisation: z.string(),
		name: z.string(),
		course: z.string(),
		first_day: date,
		last_day: date,
		cpd_hours: z.number().nonnegative(),
		code: z.string(),
		issued_at: timestamp
	})
	.nullable();
export type CertificatePage = z.infer<typeof CertificatePage>;

/** course_certificates_page: each place of a course, whether it has earned its certificate. */
export const CourseCertificatesPage = z.object({
	course: z.object({
		id,
		title: z.string(),
		first_day: date.nullable(),
		last_day: date.nullable(),
		cpd_hours: z.number().nonnegative()
	}),
	places: z.array(
		z.object({
			place_id: id,
			name: z.string(),
			organisation: z.string().nullable(),
			eligible: z.boolean(),
			/** Why not, in plain words: "Has not finished the online training.", "Absent on Friday 14 May". */
			reasons: z.array(z.string()),
			certificate: z.object({ code: z.string(), issued_at: timestamp }).nullable(),
			held: z.string().nullable()
		})
	)
});
export type CourseCertificatesPage = z.infer<typeof CourseCertificatesPage>;

/** my_certificates: the signed-in trainee's (or booker's attendees') live certificates. */
export const MyCertificates = z.array(
	z.object({
		place_id: id,
		code: z.string(),
		name: z.string(),
		course: z.string(),
		first_day: date,
		last_day: date,
		/** The trainee's own (false: an attendee the booker booked). */
		mine: z.boolean(),
		pdf_path: z.string()
	})
);
export type MyCertificates = z.infer<typeof MyCertificates>;
