-- An access request for a patient known only by a patient record (pasient- og
-- brukerrettighetsloven § 5-1: the right of access does not depend on a Norwegian id). A person
-- the journal knows only by an H-nummer (journal migration 021: journal.patient.help_number, no
-- national_id) cannot give a fødselsnummer or D-number, and an H-nummer is refused as one (it
-- names a person within one institution only; lib/national-id.ts H_NUMBER_ERROR,
-- pasientjournalloven § 22). Such a request is filed under its patient record id alone:
-- patient_national_id is NULL, and only where the record (with the records linked to it) has no
-- national id (subgraphs/archive/resolvers.ts registerAccessRequest). Rows already stored keep
-- their national id; nothing is rewritten.
ALTER TABLE archive.access_request ALTER COLUMN patient_national_id DROP NOT NULL;

-- Whom a case concerns (015): an access request's case concerns its patient alone. `<>` with a
-- NULL patient national id is NULL, so NOT EXISTS held and every person linked to such a case
-- (the requester, by national id) would have become a person it concerns, opening the
-- patient's case to the requester's matter. IS DISTINCT FROM: such a case concerns no one by
-- national id. Same columns, so every reader of the view is unchanged.
CREATE OR REPLACE VIEW archive.subject_link AS
  SELECT l.* FROM archive.person_link l
   WHERE NOT EXISTS (SELECT 1 FROM archive.access_request a
                      WHERE a.saksmappe_id = l.saksmappe_id AND a.patient_national_id IS DISTINCT FROM l.national_id);

-- The cases whose patient is known by patient record id only (the requests above), with that
-- record id: every read path that asks whom a case concerns reads this beside subject_link and
-- subject_part (access to the case, its search documents and coverage, Patient.cases, the
-- access log). A request with a national id is not listed: its case concerns its patient by
-- that national id, as before.
CREATE VIEW archive.subject_record AS
  SELECT a.saksmappe_id, a.patient_id
    FROM archive.access_request a
   WHERE a.patient_national_id IS NULL;
