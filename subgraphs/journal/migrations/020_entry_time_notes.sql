-- How a note's local time without offset (Gerica Dato/Klokkeslett, Profil dato; Oslo wall clock)
-- was read when it falls in the spring gap (02:00–03:00 on the last Sunday of March: it never
-- happened) or the autumn overlap (02:00–03:00 on the last Sunday of October: it happened
-- twice). The rule is lib/oslo-time.ts's, the coercion importer's (coercion.execution.time_notes):
-- a gap is read with the winter offset, an overlap as its first occurrence; the note says so, so
-- the journal never shows a time the source did not write without saying why
-- (pasientjournalloven § 22, integritet). Empty for every other note.
ALTER TABLE journal.journal_entry
  ADD COLUMN time_notes text[] NOT NULL DEFAULT '{}';
