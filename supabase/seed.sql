-- Demo data for the embedded backend (and `supabase db reset` on a local Supabase).
-- Every demo account's password is 'reflective-demo'. Never run this against production.

insert into auth.users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
  confirmation_token, recovery_token
)
select
  '00000000-0000-0000-0000-000000000000'::uuid, d.id, 'authenticated', 'authenticated', d.email,
  extensions.crypt('reflective-demo', extensions.gen_salt('bf')), now(),
  '{"provider":"email","providers":["email"]}'::jsonb, '{}'::jsonb, now(), now(), '', ''
from (values
  ('00000000-0000-4000-8000-000000000001'::uuid, 'lead@example.org'),
  ('00000000-0000-4000-8000-000000000101'::uuid, 'facilitator1@example.org'),
  ('00000000-0000-4000-8000-000000000102'::uuid, 'facilitator2@example.org')
) as d (id, email)
union all
select
  '00000000-0000-0000-0000-000000000000'::uuid,
  ('00000000-0000-4000-8000-0000000002' || lpad(n::text, 2, '0'))::uuid,
  'authenticated', 'authenticated', 'parent' || n || '@example.org',
  extensions.crypt('reflective-demo', extensions.gen_salt('bf')), now(),
  '{"provider":"email","providers":["email"]}', '{}', now(), now(), '', ''
from generate_series(1, 12) as n;

insert into public.profiles (id, email, full_name, role)
select u.id, u.email, d.full_name, d.role::public.app_role
from auth.users u
join (values
  ('lead@example.org', 'Helen Marsh', 'clinical_lead'),
  ('facilitator1@example.org', 'Priya Shah', 'facilitator'),
  ('facilitator2@example.org', 'Tom Ellis', 'facilitator'),
  ('parent1@example.org', 'Margaret Doyle', 'parent'),
  ('parent2@example.org', 'Denise Campbell', 'parent'),
  ('parent3@example.org', 'Grace Adeyemi', 'parent'),
  ('parent4@example.org', 'Joan Whitfield', 'parent'),
  ('parent5@example.org', 'Sandra Kowalski', 'parent'),
  ('parent6@example.org', 'Patricia Nolan', 'parent'),
  ('parent7@example.org', 'Brenda Hughes', 'parent'),
  ('parent8@example.org', 'Yvonne Clarke', 'parent'),
  ('parent9@example.org', 'Carol Mensah', 'parent'),
  ('parent10@example.org', 'Linda Fraser', 'parent'),
  ('parent11@example.org', 'Maureen Patel', 'parent'),
  ('parent12@example.org', 'Janet O''Brien', 'parent')
) as d (email, full_name, role) on d.email = u.email;
