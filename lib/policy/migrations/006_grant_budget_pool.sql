-- Grants over the same cohort share one query budget (lib/policy/query-budget.ts, "One cohort,
-- one budget"; GDPR art. 89 nr. 1 through personopplysningsloven § 1, helseforskningsloven
-- § 33): two aggregate-only grants over the same persons each had their own budget, so whoever
-- held both doubled the counts averaging could use against one person of the cohort.
--
-- The grants whose counts are charged together with `of_grant`'s: itself and every grant whose
-- latest version has the same cohort definition (jsonb equality: the same conditions whatever
-- their order) or the same persons (the person keys of the latest versions' stored cohorts,
-- compared as sets). Every state counts (withdrawn, expired, row-level now): what a grant
-- published while it was aggregate was published about the same persons.
CREATE FUNCTION policy.grant_budget_pool(of_grant text)
RETURNS SETOF text
LANGUAGE sql STABLE AS $$
  WITH latest AS (
    SELECT DISTINCT ON (g.id) g.id, g.version, g.cohort
      FROM policy.research_grant g ORDER BY g.id, g.version DESC),
  me AS (SELECT * FROM latest WHERE id = of_grant),
  mine AS (
    SELECT c.person_key FROM policy.grant_cohort c JOIN me ON c.grant_id = me.id AND c.version = me.version),
  sizes AS (
    SELECT l.id, l.version, l.cohort,
           (SELECT count(*) FROM policy.grant_cohort c WHERE c.grant_id = l.id AND c.version = l.version) AS n
      FROM latest l)
  SELECT s.id FROM sizes s, me
   WHERE s.id = me.id
      OR s.cohort = me.cohort
      OR (s.n = (SELECT count(*) FROM mine)
          AND NOT EXISTS (
            SELECT c.person_key FROM policy.grant_cohort c WHERE c.grant_id = s.id AND c.version = s.version
            EXCEPT SELECT person_key FROM mine))
$$;
