-- The records of each cohort person that met the cohort definition when the version was
-- written (its seeds; the person's other records joined it through links of that day).
-- helseforskningsloven § 33: the cohort is the persons the approval names. An unlink
-- (journal.patient_link.unlinked_at) decides that two records are two persons: the cohort
-- person is then the records still linked to a seed (grant-store.ts COHORT_TODAY_SQL), the
-- other person's records leave the cohort. NULL on rows written before this column: the seed
-- is then the record the person_key names (its national id or record id).
ALTER TABLE policy.grant_cohort ADD COLUMN matched_ids text[];
