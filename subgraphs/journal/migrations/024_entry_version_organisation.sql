-- A kept version keeps the organisation that held the note (migration 019: HP
-- DocumentReference.custodian, its organisasjonsnummer and name), as it keeps its date and
-- other fields (migration 008, entry_version.fields: 'organisation_number' and
-- 'organisation_name', store.ts VERSION_FIELDS; a version kept before has neither key: not
-- recorded). An import that named another custodian overwrote the earlier one in place, with no
-- version keeping it: the record's custodian decides whose deposit list it is in (avlxml.ts,
-- helsearkivforskriften), and nothing already stored may be lost (pasientjournalloven § 22,
-- integritet; task journal, stop 35). When only the custodian changes (the text and the other
-- fields the same), the import keeps the version it replaces with change 'organisation'.
ALTER TABLE journal.entry_version DROP CONSTRAINT entry_version_change_check;
ALTER TABLE journal.entry_version ADD CONSTRAINT entry_version_change_check
  CHECK (change IN ('import', 'correction', 'deletion', 'conflict-resolution', 'move', 'organisation'));
