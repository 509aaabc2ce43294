-- A remapped staff identifier (an employee number or HPR number now naming another person)
-- keeps the mapping it replaced, as every other coercion record does (migration 011): past
-- executions show who carried them out as the mapping then said (found in review: it changed
-- silently).
CREATE TRIGGER staff_identity_keep_version BEFORE UPDATE ON coercion.staff_identity
  FOR EACH ROW WHEN (OLD IS DISTINCT FROM NEW) EXECUTE FUNCTION coercion.keep_record_version('staff_id');
