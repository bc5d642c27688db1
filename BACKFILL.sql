-- i18 scale-sql: backfill the outcome tallies (private.outcome_tallies, private.outcome_totals)
-- for the groups that exist before the triggers that keep them. Append at the end of the
-- issue's migration, after the tables, functions and triggers.
select private.retally_outcomes();
