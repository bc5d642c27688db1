-- i14_training_roles: written by hand (migra cannot add values to an enum in place).
--
-- The courses' three roles: the training admin, who runs courses and bookings; the booker, who
-- books and pays for places (often an employer booking a team); the trainee, who attends. Added
-- in a migration of their own because PostgreSQL lets no statement use a new enum value until
-- the transaction that added it has committed, and the migrations after this one use them.
alter type public.app_role add value if not exists 'booker';
alter type public.app_role add value if not exists 'trainee';
alter type public.app_role add value if not exists 'training_admin';
comment on type public.app_role is
  'An account''s role: clinical_lead, facilitator or parent (the groups); training_admin, booker or trainee (the courses).';

-- A course booking invites its booker and attendees itself: nobody on the staff sent those.
alter table public.invitations alter column invited_by drop not null;
comment on column public.invitations.invited_by is
  'Who sent it; null when the service itself did (a course booking invites its booker and attendees).';
