import type { Renderer } from '../types';
import { absentTwice } from './absent-twice';
import { accreditationRenewal } from './accreditation-renewal';
import { bookingChanged } from './booking-changed';
import { bookingConfirmed } from './booking-confirmed';
import { certificateIssued } from './certificate-issued';
import { concernEscalated } from './concern-escalated';
import { concernRaised } from './concern-raised';
import { courseEnquiry } from './course-enquiry';
import { coursePlaceOffered } from './course-place-offered';
import { courseWaitlisted } from './course-waitlisted';
import { groupCancelled } from './group-cancelled';
import { groupChanged } from './group-changed';
import { interestSignup } from './interest-signup';
import { invitation } from './invitation';
import { invoiceIssued } from './invoice-issued';
import { invoiceOverdue } from './invoice-overdue';
import { measureOpen } from './measure-open';
import { onlineAccessRequested } from './online-access-requested';
import { onlineEarlyAccess } from './online-early-access';
import { onlineTrainingOpen } from './online-training-open';
import { onlineTrainingReminder } from './online-training-reminder';
import { onlineTrainingTrainers } from './online-training-trainers';
import { placeGiven } from './place-given';
import { placeOffered } from './place-offered';
import { sessionChanged } from './session-changed';
import { sessionReminder } from './session-reminder';
import { settingsTest } from './settings-test';
import { signInAttempts } from './sign-in-attempts';
import { waitlisted } from './waitlisted';

/**
 * The template for each kind of message (public.notifications.kind). One line per kind, sorted;
 * a kind queued in SQL without a template here is marked failed by the worker, never lost.
 */
export const templates: Record<string, Renderer> = {
	absent_twice: absentTwice,
	accreditation_renewal: accreditationRenewal,
	booking_changed: bookingChanged,
	booking_confirmed: bookingConfirmed,
	certificate_issued: certificateIssued,
	concern_escalated: concernEscalated,
	concern_raised: concernRaised,
	course_enquiry: courseEnquiry,
	course_place_offered: coursePlaceOffered,
	course_waitlisted: courseWaitlisted,
	group_cancelled: groupCancelled,
	group_changed: groupChanged,
	interest_signup: interestSignup,
	invitation,
	invoice_issued: invoiceIssued,
	invoice_overdue: invoiceOverdue,
	measure_open: measureOpen,
	online_access_requested: onlineAccessRequested,
	online_early_access: onlineEarlyAccess,
	online_training_open: onlineTrainingOpen,
	online_training_reminder: onlineTrainingReminder,
	online_training_trainers: onlineTrainingTrainers,
	place_given: placeGiven,
	place_offered: placeOffered,
	session_changed: sessionChanged,
	session_reminder: sessionReminder,
	settings_test: settingsTest,
	sign_in_attempts: signInAttempts,
	waitlisted
};
