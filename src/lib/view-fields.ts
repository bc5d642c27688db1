/**
 * Building blocks of the view-model schemas ($lib/<feature>/types.ts): the shapes PostgreSQL's
 * jsonb gives each column type, and the enums as the generated types list them, so a schema
 * says exactly what SQL returns and the contract test (tests/db/view-contract.test.ts) holds
 * every page function to it.
 */
import { z } from 'zod';
import { Constants } from '$lib/database';
import { REGIONS } from '$lib/schedule/region';

const E = Constants.public.Enums;

/** A uuid column. */
export const id = z.uuid();
/** A timestamptz column, as jsonb writes it: `2026-11-12T18:30:00+00:00`. */
export const timestamp = z.iso.datetime({ offset: true });
/** A date column: `2026-11-12`. */
export const date = z.iso.date();
/** A time column: `18:30:00`. */
export const clockTime = z.iso.time();
/** A count(*) or a sum of counts. */
export const count = z.number().int().nonnegative();
/** A percentage from private.rate (one decimal place), null when there is nothing to rate. */
export const rate = z.number().min(0).max(100).nullable();

export const appRole = z.enum(E.app_role);
export const attendanceStatus = z.enum(E.attendance_status);
export const concernKind = z.enum(E.concern_kind);
export const concernUrgency = z.enum(E.concern_urgency);
export const enrolmentStatus = z.enum(E.enrolment_status);
export const fundingKind = z.enum(E.funding_kind);
export const groupStatus = z.enum(E.group_status);
export const sessionStatus = z.enum(E.session_status);

/** Where a group is in its life, from private.group_phase (text, not an enum type, in SQL). */
export const PHASES = ['draft', 'open', 'running', 'completed', 'cancelled'] as const;
export const phase = z.enum(PHASES);
export type Phase = z.infer<typeof phase>;

/** Whose bank holidays the schedule warns about (organisation_settings.region), and its form field. */
export const region = z.enum(REGIONS, 'Choose England and Wales, Scotland or Northern Ireland.');
