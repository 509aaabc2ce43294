-- An access request registered, handed over or closed changes whom its case handler reaches
-- (pasientjournalloven § 22 with helsepersonelloven § 21 a, pasient- og
-- brukerrettighetsloven § 5-1; lib/policy compileAccessRequests): every process's compiled
-- reach is dropped, by the policy's NOTIFY (policy migration 008, which runs before this room's
-- migrations), whichever process or operator wrote it (task s34 residuals).
CREATE TRIGGER access_request_reach_changed AFTER INSERT OR UPDATE OR DELETE ON archive.access_request
  FOR EACH STATEMENT EXECUTE FUNCTION policy.notify_reach_changed();
