-- Nothing lost: every change to a note keeps the version it replaced, and a source
-- update to a note corrected here waits for an archivist instead of overwriting it.

-- What kind of change replaced a kept version: a source re-import, a correction made here
-- (helsepersonelloven § 42), a deletion (§§ 43–44: the text is removed, who/when/why stay),
-- or an archivist's decision on a source conflict.
ALTER TABLE journal.entry_version
  ADD COLUMN change text NOT NULL DEFAULT 'correction'
    CHECK (change IN ('import', 'correction', 'deletion', 'conflict-resolution')),
  ADD COLUMN import_run_id bigint;
UPDATE journal.entry_version SET change = 'import' WHERE replaced_by = 'import';

-- Where the current text comes from: the source export, or a correction made here.
ALTER TABLE journal.journal_entry
  ADD COLUMN text_origin text NOT NULL DEFAULT 'source' CHECK (text_origin IN ('source', 'correction'));
UPDATE journal.journal_entry e SET text_origin = 'correction'
 WHERE e.deleted_at IS NULL
   AND EXISTS (SELECT 1 FROM journal.entry_version v WHERE v.entry_id = e.id AND v.replaced_by <> 'import');

-- A later source version of a note corrected here: stored whole, not applied, until an
-- archivist keeps the correction or takes the source's version.
CREATE TABLE journal.source_conflict (
  id bigserial PRIMARY KEY,
  entry_id text NOT NULL REFERENCES journal.journal_entry (id),
  source_hash text NOT NULL,
  -- The source's version as imported (text and the other fields an import updates).
  source_record jsonb NOT NULL,
  import_run_id bigint REFERENCES journal.import_run (id),
  detected_at timestamptz NOT NULL DEFAULT now(),
  resolution text CHECK (resolution IN ('kept-correction', 'took-source', 'superseded')),
  resolved_by text,
  resolved_at timestamptz,
  resolution_reason text,
  UNIQUE (entry_id, source_hash)
);
CREATE INDEX source_conflict_open_idx ON journal.source_conflict (detected_at, id) WHERE resolved_at IS NULL;

-- An import's state: running, failed (with the error and the counts committed so far), finished.
ALTER TABLE journal.import_run
  ADD COLUMN status text NOT NULL DEFAULT 'finished' CHECK (status IN ('running', 'failed', 'finished')),
  ADD COLUMN error text,
  ADD COLUMN resumes_run_id bigint REFERENCES journal.import_run (id);
UPDATE journal.import_run SET status = 'failed', error = 'interrupted before status was recorded' WHERE finished_at IS NULL;
ALTER TABLE journal.import_run ALTER COLUMN status SET DEFAULT 'running';
