-- i14_reflective_fostering_to_courses: written by hand (data, not schema).
--
-- Reflective Fostering is a course for professionals, not a parents' group, but until now it was
-- a row in public.programmes (a 20-place "group"). This moves it out, keeping any data:
--   * every group that was run as that programme becomes a course with the same name, days
--     (each session's London date and times), venue, places and facilitators as trainers,
--     cancelled, completed or closed to bookings as the group was, so its history reads the same
--     in the courses pages;
--   * the group itself is left as it is, with its people, register and notes: deleting records
--     about people is not a migration's call. The programme row goes only once no group uses it
--     (in the demo and in every database so far, none does).
with old as (
  select g.*, (select min(s.starts_at) from public.sessions s where s.group_id = g.id) as first_start,
    (select max(s.ends_at) from public.sessions s where s.group_id = g.id) as last_end
  from public.groups g where g.programme_id = 'reflective-fostering'
),
made as (
  insert into public.courses (slug, title, summary, online, venue_name, venue_postcode, capacity,
    status, created_by, created_at)
  select 'reflective-fostering-' || coalesce(to_char(first_start at time zone 'Europe/London',
      'YYYY-MM-DD'), 'undated') || '-' || left(replace(id::text, '-', ''), 6),
    name, 'Moved from the group of the same name.',
    nullif(btrim(venue), '') is null, nullif(left(btrim(venue), 200), ''),
    case when nullif(btrim(venue), '') is not null then venue_postcode end,
    least(greatest(capacity, 1), 500),
    case when status = 'cancelled' then 'cancelled'
         when last_end < now() then 'completed' else 'closed' end,
    created_by, created_at
  from old
  returning id, slug
)
insert into public.course_days (course_id, day, starts, ends)
select m.id, (s.starts_at at time zone 'Europe/London')::date,
  min((s.starts_at at time zone 'Europe/London')::time),
  max((s.ends_at at time zone 'Europe/London')::time)
from made m
join old o on m.slug like 'reflective-fostering-%-' || left(replace(o.id::text, '-', ''), 6)
join public.sessions s on s.group_id = o.id and s.status <> 'cancelled'
group by m.id, (s.starts_at at time zone 'Europe/London')::date;

insert into public.course_trainers (course_id, trainer_id)
select c.id, f.facilitator_id
from public.groups g
join public.courses c on c.slug like 'reflective-fostering-%-' || left(replace(g.id::text, '-', ''), 6)
join public.group_facilitators f on f.group_id = g.id
where g.programme_id = 'reflective-fostering'
on conflict do nothing;

delete from public.programmes p
where p.id = 'reflective-fostering'
  and not exists (select 1 from public.groups g where g.programme_id = p.id)
  and not exists (select 1 from public.curricula c where c.programme_id = p.id);
