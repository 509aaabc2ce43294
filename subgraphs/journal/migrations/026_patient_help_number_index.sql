-- The records of an H-nummer (subgraphs/journal/help-numbers.ts): every coercion record under an
-- H-nummer is resolved to its source's journal record by the number (helpNumberPatients), and a
-- key two records hold is no one's (ONLY_RECORD_OF_KEY, pasientjournalloven § 22), each a lookup
-- of journal.patient by help_number. Without an index each was a scan of every patient record.
-- Partial: only the few records known by an H-nummer are in it.
CREATE INDEX IF NOT EXISTS patient_help_number_idx ON journal.patient (help_number)
  WHERE help_number IS NOT NULL;
