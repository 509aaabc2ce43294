-- The organisation that holds each specialist record, as the source says it (Helseplattformen,
-- FHIR R4: DocumentReference.custodian, "Organization which maintains the document", and
-- Encounter.serviceProvider, "The organization that is primarily responsible for this
-- Encounter's services"): its organisasjonsnummer (identifier of system
-- urn:oid:2.16.578.1.12.4.1.4.101, Enhetsregisteret) and its name (display). The deposit to
-- Norsk helsearkiv is one list per submitting body (helsearkivforskriften; avlxml.ts): a note
-- belongs to its custodian, else to the serviceProvider of its care contact; a record whose
-- source names neither goes to the body given on the command line, as every record did before.
-- Provenance, not the note's content: no new version of a note when only this changes.
ALTER TABLE journal.journal_entry
  ADD COLUMN organisation_number text,
  ADD COLUMN organisation_name text;
ALTER TABLE journal.care_contact
  ADD COLUMN organisation_number text,
  ADD COLUMN organisation_name text;
