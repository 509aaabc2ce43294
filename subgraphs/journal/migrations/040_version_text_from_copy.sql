-- Which source system a kept version's text came from (JournalEntryVersion.sourceSystem;
-- pasientjournalloven § 22, helsepersonelloven § 42). Since stop 45 a version of a legacy note
-- (Gerica, Profil) whose text was Helseplattformen's migrated copy's (migration 017: the copy's
-- text is the note's until the original is imported) says so in its `fields` (`text_from_copy`,
-- store.ts VERSION_FIELDS) and names HELSEPLATTFORMEN. A version kept before says nothing and
-- named its note's system. This sets it where the import runs that wrote the text tell it
-- (nothing is guessed; a version they do not tell about stays as it was, its note's system):
--
-- * Version n > 1 was written by the change that kept version n - 1: an `import` by its run
--   (`entry_version.import_run_id`): a run of `hp` that changed the text wrote it only as the
--   migrated copy (HP keys a copy by its original, writer.ts step 0c); a run of `hp` that left
--   the text as it was (version n's text IS NOT DISTINCT FROM version n - 1's) did not write it:
--   the text keeps version n - 1's origin (writer.ts supersedeLegacyOriginals: an HP correction
--   of the copy keeps the Profil/Gerica original as a version, `import` by the HP run, its text
--   unchanged; review s46 FX4: the version a later Profil run kept of it named HELSEPLATTFORMEN
--   for Profil's wording). A run of the note's own source wrote the original's. An
--   `organisation` change or a § 44 `move` leaves the text as it was (the version before's
--   origin). A correction or a conflict resolution made here is not HP's (left as it was). A
--   version kept before migration 003 has no run: left as it was.
-- * Version 1 is the note as first written. It was the copy's when the copy was recorded
--   (`entry_provenance` `migrated_copy`, written in the copy's own import transaction) no later
--   than that version was kept, and no import run of the note's legacy source (`profil` for
--   PROFIL, `gerica` for GERICA) had started before the copy was recorded: the original cannot
--   have been written first. When such a run had started, the runs do not say whether it held
--   this note (a run records no notes; the note no creation time): left as it was (its note's
--   system), and subgraphs/journal/README.md says so.
--
-- * Only versions kept before the stop-45 release was applied: that release's code
--   (store.ts VERSION_FIELDS) judges each version it keeps and writes `text_from_copy` only when
--   true, so a version it kept without the key was judged not the copy's and is not judged
--   again here. The release is told by its journal migrations (037–039, applied when its code
--   first started): a version whose `replaced_at` is before the earliest of their `applied_at`
--   was kept by the code before. A version kept in a rolling deployment by a process still
--   running the code before, after those migrations were applied, is left as it was (its note's
--   system: nothing is guessed). A database created since (every migration applied at once) has
--   no version before them: nothing changes.
--
-- Migration 040 was corrected in place in stop 46 (FX4: the superseded original and the
-- stop-45 cut-off), before any release held it.
--
-- The notes whose versions it names are queued for the search index (their earlier versions'
-- source systems are in their documents, search migration 017; a superseded original re-indexes
-- the note that replaces it). Forward only; running it again changes nothing.
WITH RECURSIVE stop45 AS (
  SELECT min(m.applied_at) AS applied_at FROM public.schema_migrations m
   WHERE m.scope = 'journal'
     AND m.name IN ('037_leap_day_ages_reindex.sql', '038_related_person_source_as_of.sql', '039_care_contact_source_as_of.sql')
),
legacy AS (
  SELECT v.entry_id, v.version, v.change, v.import_run_id, v.replaced_at, v.text, lower(e.source_system) AS run_source
    FROM journal.entry_version v JOIN journal.journal_entry e ON e.id = v.entry_id
   WHERE e.source_system IN ('GERICA', 'PROFIL')
),
origin(entry_id, version, from_copy) AS (
  SELECT l.entry_id, l.version,
         EXISTS (SELECT 1 FROM journal.entry_provenance pr
                  WHERE pr.entry_id = l.entry_id AND pr.kind = 'migrated_copy' AND pr.source_system = 'HELSEPLATTFORMEN'
                    AND pr.recorded_at <= l.replaced_at
                    AND NOT EXISTS (SELECT 1 FROM journal.import_run r
                                     WHERE r.source = l.run_source AND r.started_at < pr.recorded_at))
    FROM legacy l WHERE l.version = 1
  UNION ALL
  SELECT n.entry_id, n.version,
         CASE p.change
           WHEN 'import' THEN coalesce((SELECT r.source = 'hp' FROM journal.import_run r WHERE r.id = p.import_run_id), false)
                              AND (n.text IS DISTINCT FROM p.text OR o.from_copy)
           WHEN 'organisation' THEN o.from_copy
           WHEN 'move' THEN o.from_copy
           ELSE false END
    FROM origin o
    JOIN legacy p ON p.entry_id = o.entry_id AND p.version = o.version
    JOIN legacy n ON n.entry_id = o.entry_id AND n.version = o.version + 1
),
named AS (
  UPDATE journal.entry_version v
     SET fields = coalesce(v.fields, '{}'::jsonb) || jsonb_build_object('text_from_copy', true)
    FROM origin o, stop45 s
   WHERE o.entry_id = v.entry_id AND o.version = v.version AND o.from_copy
     AND v.replaced_at < s.applied_at
     AND NOT coalesce(v.fields ? 'text_from_copy', false)
  RETURNING v.entry_id
)
INSERT INTO journal.outbox (entity_type, entity_id)
SELECT DISTINCT 'journal_entry', entry_id FROM named;
