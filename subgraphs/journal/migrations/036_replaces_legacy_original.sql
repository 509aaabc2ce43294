-- A Helseplattformen correction of a migrated legacy note (review s44, case 2; helsepersonelloven
-- § 42, pasientjournalloven § 22): HP supersedes its migrated copy of a Gerica or Profil note and
-- sends the correction as a new document that replaces the copy. The copy is stored as the legacy
-- original (its key, migrated copies README), so the document it replaces is the legacy note, of
-- another source system: `replaces_source_system` names it (NULL: the note's own source system,
-- as every chain before this migration). Every chain that follows `replaces_source_id` (history,
-- earlier versions in search, deletion, move) reads coalesce(replaces_source_system, source_system).
ALTER TABLE journal.journal_entry ADD COLUMN replaces_source_system text;

-- The forward lookup (outbox.ts: the current note that replaces a superseded or deleted one), as
-- migration 014's index served it, now by the system the chain names.
DROP INDEX journal.journal_entry_replaces_idx;
CREATE INDEX journal_entry_replaces_idx
  ON journal.journal_entry ((coalesce(replaces_source_system, source_system)), replaces_source_id)
  WHERE replaces_source_id IS NOT NULL;
