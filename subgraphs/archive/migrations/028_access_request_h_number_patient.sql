-- An access request stored with an H-nummer as its patient's national id is filed under its
-- patient record (pasient- og brukerrettighetsloven § 5-1: the request is the patient's, and its
-- case must concern them). Until 2c33faf the input check took an H-nummer as patientNationalId,
-- so such requests are stored: patient_id the record the institution keeps under the number,
-- patient_national_id the number, the Klient part's partID the number and a person_link row
-- under it. An H-nummer names a person within one institution only (pasientjournalloven § 22;
-- lib/national-id.ts H_NUMBER_ERROR): migration 027 moved that link out of person_link and left
-- the number out of subject_link and subject_part, and subject_record (026) listed only requests
-- without a national id. So the case concerned no one: its case handler was refused it, the
-- record's Patient.cases and search left it out, and its reads were logged under no person.
--
-- Whom the case concerns is read the way 026 files a request without a national id: its patient
-- record (and, through the journal's links, the records linked to it), never the number, which
-- would reach every institution's person of it. Same columns, so every reader of the view (the
-- case, its journalposts and documents, Patient.cases, search documents, coverage, the
-- postjournal's filter, the access log, the deposit's audit) is unchanged. Nothing stored is
-- rewritten: the request, its part and the link 027 kept in archive.unlinked_person_link keep
-- the number as registered.
CREATE OR REPLACE VIEW archive.subject_record AS
  SELECT a.saksmappe_id, a.patient_id
    FROM archive.access_request a
   WHERE a.patient_national_id IS NULL OR archive.is_h_number(a.patient_national_id);

-- Their cases' search documents carried no person (outbox.ts, doctext/outbox.ts read the record
-- from subject_record): queued again.
INSERT INTO archive.outbox (entity_id)
  SELECT j.id FROM archive.journalpost j JOIN archive.access_request a ON a.saksmappe_id = j.saksmappe_id
   WHERE archive.is_h_number(a.patient_national_id);
INSERT INTO archive.document_outbox (entity_id)
  SELECT o.id FROM archive.dokumentobjekt o
    JOIN archive.dokumentbeskrivelse b ON b.id = o.dokumentbeskrivelse_id
    JOIN archive.journalpost j ON j.id = b.journalpost_id
    JOIN archive.access_request a ON a.saksmappe_id = j.saksmappe_id
   WHERE archive.is_h_number(a.patient_national_id);
