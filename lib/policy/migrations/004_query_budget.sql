-- A query budget per aggregate-only research grant (lib/policy/query-budget.ts): GDPR art. 89
-- nr. 1 (personopplysningsloven § 1) safeguards and helseforskningsloven § 33 against learning
-- one person's notes by averaging the noise of many counts (search-counts.ts).

-- The budget of each version: the counted queries the grant's users may make in all (over
-- every version, see grant_query_use). Only a version approved for aggregate output has one;
-- a row-level version reads the records themselves and is not counted.
ALTER TABLE policy.research_grant ADD COLUMN query_budget integer CHECK (query_budget >= 1);
-- Versions written before the budget: the default of query-budget.ts (DEFAULT_QUERY_BUDGET).
UPDATE policy.research_grant SET query_budget = 200 WHERE output_level = 'AGGREGATE';
ALTER TABLE policy.research_grant
  ADD CONSTRAINT research_grant_query_budget_level
  CHECK ((output_level = 'AGGREGATE') = (query_budget IS NOT NULL));

-- The counted queries used, per grant (not per version: an amendment does not give the spent
-- queries back). Charged with UPDATE … SET used = used + 1 WHERE used < budget, so concurrent
-- queries cannot overspend; never lowered.
CREATE TABLE policy.grant_query_use (
  grant_id text PRIMARY KEY,
  used integer NOT NULL DEFAULT 0 CHECK (used >= 0),
  last_charged_at timestamptz
);
INSERT INTO policy.grant_query_use (grant_id) SELECT DISTINCT id FROM policy.research_grant;
