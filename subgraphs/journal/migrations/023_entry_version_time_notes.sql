-- A kept version keeps its time notes (migration 020: how a local time in a daylight-saving gap
-- or overlap was read), as it keeps its date (migration 008, fields.written_at): an import that
-- changes a note's time, a correction, a conflict resolution, a deletion or a move kept the
-- earlier time without the note saying how it was read, so the history showed a time the source
-- never wrote as if it had (pasientjournalloven § 22, integritet; task identity, stop 34).
-- NULL: a version kept before this column (its notes were not recorded and cannot be derived:
-- the read instant does not tell whether the source wrote it or a gap was read so); '{}': none.
ALTER TABLE journal.entry_version ADD COLUMN time_notes text[];
