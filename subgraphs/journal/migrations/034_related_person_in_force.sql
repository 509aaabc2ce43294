-- Whether a relative's registration is in force (review s43; pasient- og brukerrettighetsloven
-- § 5-1 femte ledd with § 1-3 b, nærmeste pårørende): an HP RelatedPerson's `active` and
-- `period.end`, which the import ignored. An ended nearest-relative registration (an ex-spouse, a
-- relative the patient replaced) then counted as current, and the archive's access-request rules
-- verified that person as the deceased patient's nearest relative. NULL: not sent (in force), or
-- a row stored before this migration (the next export fills them in). A change keeps the earlier
-- row as a version (record_version, the trigger of migration 009), like the other columns.
ALTER TABLE journal.related_person
  ADD COLUMN active boolean,
  ADD COLUMN period_end timestamptz;
