-- A matter, a break-the-glass grant or an access request reaches a person's records through
-- the journal: every record linked to a named one (journal.patient_link, not unlinked) and the
-- records that carry a named national id (journal.patient.national_id; lib/policy/store.ts
-- expandPersons). A link made or undone, or a record's national id changed (an import's
-- identity fix, an archivist's link or unlink, an operator's SQL), changes that reach: every
-- process's compiled reach (lib/policy/reach-cache.ts) is dropped by the policy's NOTIFY
-- (policy migration 008, which runs before this room's migrations), as for a matter or an
-- access request (archive migration 025). Before, an unlinked record (two persons) was served
-- to the other person's matter by another process for up to 5 s (pasientjournalloven § 22;
-- task journal, stop 35). A patient's update that leaves its national id as it was (most of an
-- import's) sends nothing, nor does a new patient record (an import's batch of new persons would
-- drop every process's cache for each batch): until the cache expires (5 s) a matter naming its
-- national id is refused the new record, never served one it no longer reaches.
CREATE TRIGGER patient_link_reach_changed AFTER INSERT OR UPDATE OR DELETE ON journal.patient_link
  FOR EACH STATEMENT EXECUTE FUNCTION policy.notify_reach_changed();
CREATE TRIGGER patient_national_id_reach_changed AFTER UPDATE OF national_id ON journal.patient
  FOR EACH ROW WHEN (OLD.national_id IS DISTINCT FROM NEW.national_id)
  EXECUTE FUNCTION policy.notify_reach_changed();
CREATE TRIGGER patient_removed_reach_changed AFTER DELETE ON journal.patient
  FOR EACH STATEMENT EXECUTE FUNCTION policy.notify_reach_changed();
