-- Whom a case concerns, for access: its parties and linked persons, except that an access
-- request's case (innsynssak) concerns its patient alone. The request is for the patient's
-- record (pasient- og brukerrettighetsloven § 5-1, pasientjournalloven § 22); a relative or
-- third party who asked is a party of the case, but their own matter does not open the
-- patient's case (helsepersonelloven § 21: that the patient is in care is confidential).
-- Before, Patient(requester).cases, saksmappe(id) and search under the requester's matter
-- reached the case while accessRequest(id) refused it. Every read path of the archive that
-- asks "which cases concern this person" or "whom does this case concern" reads these
-- views; person_link and part keep every row as registered (nothing is deleted).
CREATE VIEW archive.subject_link AS
  SELECT l.* FROM archive.person_link l
   WHERE NOT EXISTS (SELECT 1 FROM archive.access_request a
                      WHERE a.saksmappe_id = l.saksmappe_id AND a.patient_national_id <> l.national_id);

CREATE VIEW archive.subject_part AS
  SELECT p.* FROM archive.part p
   WHERE NOT EXISTS (SELECT 1 FROM archive.access_request a
                      WHERE a.saksmappe_id = p.saksmappe_id AND a.patient_national_id IS DISTINCT FROM p.part_id);

-- The search documents of existing access-request cases named the requester too: index them again.
INSERT INTO archive.outbox (entity_id)
  SELECT j.id FROM archive.journalpost j JOIN archive.access_request a ON a.saksmappe_id = j.saksmappe_id;
INSERT INTO archive.document_outbox (entity_id)
  SELECT o.id FROM archive.dokumentobjekt o
    JOIN archive.dokumentbeskrivelse b ON b.id = o.dokumentbeskrivelse_id
    JOIN archive.journalpost j ON j.id = b.journalpost_id
    JOIN archive.access_request a ON a.saksmappe_id = j.saksmappe_id;
