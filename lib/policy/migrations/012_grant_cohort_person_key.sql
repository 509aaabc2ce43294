-- The person key of a grant's cohort is looked up across the grants of a pseudonym scope (stop 46,
-- fix FX6): grant-store.ts PERSON_KEY_SQL gives a person the key an earlier version of the grant or
-- another grant of the project gave them, by one of their national ids or records, in
-- computeCohort (every person of a version written) and in COHORT_TODAY_SQL (a part of a stored
-- person split off by an unlink, read on every request of a researcher). personopplysningsloven
-- art. 89 (1), GDPR art. 4 (5): pseudonyms stable within a project. Without this index each
-- lookup read every cohort row of every grant.
CREATE INDEX grant_cohort_person_key_idx ON policy.grant_cohort (person_key);
-- The scope's rules (grant-store.ts checkPseudonymScope: one date precision per scope, joining a
-- project of another approval is explicit) and the grants sharing a scope (ResearchGrant
-- pseudonymScopeGrants) read the grants of a scope.
CREATE INDEX research_grant_pseudonym_scope_idx ON policy.research_grant (pseudonym_scope);
