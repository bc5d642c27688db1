/**
 * Every page function (a `stable` public function that returns a view model) and the schema of
 * what it returns. The plumbing parses each result with its schema, so a load's data is typed
 * by it; tests/db/view-contract.test.ts calls each one as every role that may, on the demo
 * data, and checks that this list is exactly the page functions the database has.
 */
import type { z } from 'zod';
import type { FunctionName } from '$lib/database';
import { FeedbackPage, GroupMeasuresPage, MeasurePage, MyMeasuresPage } from '$lib/answers/types';
import { BookingPage, MyBookings, MyTraining } from '$lib/bookings/types';
import {
	CertificateCheck,
	CertificatePage,
	CourseCertificatesPage,
	MyCertificates
} from '$lib/certificates/types';
import { ConcernPage } from '$lib/concerns/types';
import { GroupConsultationsPage } from '$lib/consultations/types';
import { CurriculaPage, CurriculumVersion } from '$lib/curriculum/types';
import { CourseEditPage } from '$lib/courses/edit-types';
import { CourseRegisterPage } from '$lib/course-days/types';
import { CourseEnquiriesPage, CoursePage, CoursesPage } from '$lib/courses/types';
import { EditGroupPage } from '$lib/groups/edit-types';
import { FacilitatorRecordPage, FacilitatorRegister } from '$lib/facilitators/types';
import { GroupPage, GroupsPage, NewGroupForm } from '$lib/groups/types';
import { OutcomeMeasuresPage } from '$lib/measures/types';
import { MyMessages } from '$lib/messages/types';
import { GroupOutcomesPage } from '$lib/outcomes/results-types';
import { OnlineTrainingsPage, OnlineTrainingVersionPage } from '$lib/online-admin/types';
import {
	AdminBookingPage,
	AdminCoursePage,
	AdminCoursesPage,
	BankMatches,
	InvoicePage,
	RevenueReport
} from '$lib/money/types';
import { MyCalendar, MySession, OfferPage, ParentHome } from '$lib/parents/types';
import { MyProfile, ReviewHome } from '$lib/people/types';
import { NextGroups } from '$lib/public/types';
import { OnlineModulePage, OnlineTrainingPage } from '$lib/online/types';
import { DeckRow } from '$lib/presenter/types';
import {
	Dashboard,
	FunderReport,
	GroupReview,
	InterestPage,
	OpenConcerns
} from '$lib/review/types';
import { SessionPage } from '$lib/sessions/types';
import { InvoiceSettingsPage } from '$lib/settings/invoice-types';
import { SettingsPage } from '$lib/settings/types';
import { TeachingCoursePage, TeachingPage } from '$lib/teaching/types';
import { BookingChangePage, BookingChangeQuote } from '$lib/terms/types';

const schemas = {
	admin_booking_page: AdminBookingPage,
	admin_course_page: AdminCoursePage,
	admin_courses_page: AdminCoursesPage,
	booking_change_page: BookingChangePage,
	booking_page: BookingPage,
	certificate_check: CertificateCheck,
	certificate_page: CertificatePage,
	concern_page: ConcernPage,
	course_certificates_page: CourseCertificatesPage,
	course_edit_page: CourseEditPage,
	course_enquiries_page: CourseEnquiriesPage,
	// Null for a draft or unknown course: the page is a 404.
	course_page: CoursePage.nullable(),
	course_register_page: CourseRegisterPage,
	courses_page: CoursesPage,
	curricula_page: CurriculaPage,
	curriculum_page: CurriculumVersion,
	edit_group_page: EditGroupPage,
	facilitator_record_page: FacilitatorRecordPage,
	facilitator_register_page: FacilitatorRegister,
	feedback_page: FeedbackPage,
	funder_report: FunderReport,
	group_consultations_page: GroupConsultationsPage,
	group_measures_page: GroupMeasuresPage,
	group_outcomes_page: GroupOutcomesPage,
	group_page: GroupPage,
	group_review: GroupReview,
	groups_page: GroupsPage,
	interest_page: InterestPage,
	invoice_settings_page: InvoiceSettingsPage,
	my_bookings: MyBookings,
	invoice_page: InvoicePage,
	match_bank_lines: BankMatches,
	measure_page: MeasurePage,
	my_calendar: MyCalendar,
	my_certificates: MyCertificates,
	my_measures_page: MyMeasuresPage,
	my_messages: MyMessages,
	my_profile: MyProfile,
	my_session: MySession,
	my_training: MyTraining,
	new_group_form: NewGroupForm,
	next_groups: NextGroups,
	offer_page: OfferPage,
	online_module_page: OnlineModulePage,
	online_training_page: OnlineTrainingPage,
	online_training_version_page: OnlineTrainingVersionPage,
	online_trainings_page: OnlineTrainingsPage,
	open_concerns: OpenConcerns,
	outcome_measures_page: OutcomeMeasuresPage,
	parent_home: ParentHome,
	quote_booking_change: BookingChangeQuote,
	review_dashboard: Dashboard,
	review_home: ReviewHome,
	revenue_report: RevenueReport,
	session_deck: DeckRow,
	session_page: SessionPage,
	settings_page: SettingsPage,
	teaching_course_page: TeachingCoursePage,
	teaching_page: TeachingPage
} satisfies { [F in FunctionName]?: z.ZodType };

export type ViewName = keyof typeof schemas;
/** What a page function returns, as its schema types it. */
export type ViewModel<F extends ViewName> = z.infer<(typeof schemas)[F]>;

/** The schemas by name, typed so that looking one up by a generic name keeps its type. */
export const VIEWS: { [F in ViewName]: z.ZodType<ViewModel<F>> } = schemas;
