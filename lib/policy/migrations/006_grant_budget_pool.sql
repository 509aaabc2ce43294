-- Grants over the same cohort share one query budget (lib/policy/query-budget.ts, "One cohort,
-- one budget"; GDPR art. 89 nr. 1 through personopplysningsloven § 1, helseforskningsloven
-- § 33): two aggregate-only grants over the same persons each had their own budget, so whoever
-- held both doubled the counts averaging could use against one person of the cohort.

-- The persons of a version's stored cohort as one value: md5 of its sorted person keys (written
-- with the cohort, grant-store.ts insertGrantVersion), so that grants over the same persons are
-- found without comparing their cohorts row by row.
ALTER TABLE policy.research_grant ADD COLUMN cohort_digest text;
UPDATE policy.research_grant g
   SET cohort_digest = (SELECT md5(coalesce(string_agg(c.person_key, E'\n' ORDER BY c.person_key), ''))
                          FROM policy.grant_cohort c WHERE c.grant_id = g.id AND c.version = g.version);
CREATE INDEX research_grant_cohort_digest_idx ON policy.research_grant (cohort_digest);

-- The grants whose counts are charged together with `of_grant`'s: itself and every grant whose
-- latest version has the same cohort definition (jsonb equality: the same conditions whatever
-- their order) or the same persons (the same cohort_digest). Every state counts (withdrawn,
-- expired, row-level now): what a grant published while it was aggregate was published about
-- the same persons.
CREATE FUNCTION policy.grant_budget_pool(of_grant text)
RETURNS SETOF text
LANGUAGE sql STABLE AS $$
  WITH latest AS (
    SELECT DISTINCT ON (g.id) g.id, g.cohort, g.cohort_digest
      FROM policy.research_grant g ORDER BY g.id, g.version DESC),
  me AS (SELECT * FROM latest WHERE id = of_grant)
  SELECT l.id FROM latest l, me
   WHERE l.id = me.id OR l.cohort = me.cohort OR l.cohort_digest = me.cohort_digest
$$;
