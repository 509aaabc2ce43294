-- pasientjournalloven § 22 (integritet), writer.ts step 0c: a legacy note (Gerica, Profil) and
-- its HP migrated copy are one note, keyed by the legacy original. The original is the record
-- of the note: a copy whose content differs from the original's is not applied over it but
-- quarantined as `migrated-copy-differs` with its bytes (found in review s31: each import
-- overwrote the other, a version every run). Until the original is imported, the copy's text
-- is the note's and a later copy is applied as before; this column says which it is.
-- Notes stored before: the text is taken as the original's (false); a changed copy of a note
-- only HP exported is then quarantined for an archivist instead of applied (nothing is lost).
ALTER TABLE journal.journal_entry ADD COLUMN text_from_copy boolean NOT NULL DEFAULT false;
