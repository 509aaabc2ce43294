-- A quarantined line is kept once per owner (fix FX-A 6; pasientjournalloven § 22: a person's
-- record lists its own quarantined lines). The table was unique on (source, file, raw_hash,
-- reason): two Profil klienter with byte-identical bad notater (the same template note, the same
-- wrong id) kept one row, under the first klient, and the second klient's line was listed under no
-- one. The key now includes the owner (migration 045), a missing owner as the empty string, so a
-- line without owner is still kept once; the writer's ON CONFLICT names the same key
-- (subgraphs/journal/import/writer.ts writeQuarantine). Nothing is deleted or changed: the new key
-- is looser than the old one, so every stored row satisfies it.
ALTER TABLE journal.quarantine DROP CONSTRAINT quarantine_source_file_raw_hash_reason_key;
CREATE UNIQUE INDEX quarantine_line_per_owner ON journal.quarantine
  (source, file, raw_hash, reason, COALESCE(owner_source_system, ''), COALESCE(owner_local_id, ''));
