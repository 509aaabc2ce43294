-- Every process's compiled reach (lib/policy/reach-cache.ts) is dropped when a matter, a
-- break-the-glass grant or a research grant is written, by whichever process or operator
-- writes it: access to health records only while its ground holds (pasientjournalloven § 22,
-- helsepersonelloven § 21 a; pasientjournalforskriften § 14 for break-the-glass,
-- helseforskningsloven § 33 for research grants). Until now only the writing process dropped
-- its cache; another process (a second subgraph process, a replica, the CLI's `grant withdraw`)
-- served a closed matter or a grant reviewed NOT_JUSTIFIED for up to 5 s (task s34 residuals).
-- A statement-level trigger sends NOTIFY on channel helsespor_reach_changed (delivered at
-- commit, to every session that LISTENs on the database; PostgreSQL folds identical payloads of
-- one transaction into one). The archive's access requests use the same function (archive
-- migration 025). policy.grant_query_use (counted on every research query) and the disclosure
-- log do not change a reach and send nothing.
CREATE FUNCTION policy.notify_reach_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('helsespor_reach_changed', TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME);
  RETURN NULL;
END $$;

CREATE TRIGGER matter_reach_changed AFTER INSERT OR UPDATE OR DELETE ON policy.matter
  FOR EACH STATEMENT EXECUTE FUNCTION policy.notify_reach_changed();
CREATE TRIGGER matter_patient_reach_changed AFTER INSERT OR UPDATE OR DELETE ON policy.matter_patient
  FOR EACH STATEMENT EXECUTE FUNCTION policy.notify_reach_changed();
CREATE TRIGGER matter_member_reach_changed AFTER INSERT OR UPDATE OR DELETE ON policy.matter_member
  FOR EACH STATEMENT EXECUTE FUNCTION policy.notify_reach_changed();
CREATE TRIGGER break_glass_reach_changed AFTER INSERT OR UPDATE OR DELETE ON policy.break_glass
  FOR EACH STATEMENT EXECUTE FUNCTION policy.notify_reach_changed();
CREATE TRIGGER research_grant_reach_changed AFTER INSERT OR UPDATE OR DELETE ON policy.research_grant
  FOR EACH STATEMENT EXECUTE FUNCTION policy.notify_reach_changed();
CREATE TRIGGER grant_cohort_reach_changed AFTER INSERT OR UPDATE OR DELETE ON policy.grant_cohort
  FOR EACH STATEMENT EXECUTE FUNCTION policy.notify_reach_changed();
