-- A party named by an H-nummer (hjelpenummer) names no person here (pasientjournalloven § 22).
-- An H-nummer is the number one institution gives a person it cannot identify by fødselsnummer
-- or D-number (the third digit + 4, month + 40; lib/national-id.ts H_NUMBER_ERROR), meaningful
-- only within that institution. A Noark 5 case archive cannot tell which institution's person a
-- partID names, yet the import linked the case to it as a national id (archive.person_link), so
-- the policy's reach, the search documents (outbox.ts, doctext/outbox.ts) and coverage took it
-- as one person everywhere: a caller reaching one organisation's person of the number reached a
-- case whose party was another's (stop 36). The import links no such party now (noark/import.ts).
--
-- The number as an SQL test, as journal migration 021 and coercion migration 017 read it: day
-- 01-39 (a D-number's day is 41-71), month 41-52 (a synthetic number's is 81-92).
CREATE FUNCTION archive.is_h_number(id text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT id ~ '^[0-3][0-9](4[1-9]|5[0-2])[0-9]{7}$' $$;

-- Every read path asks "whom does this case concern" through these views (015). A party's
-- partID stays in archive.part as exported (the deposit writes it back), so the views leave an
-- H-nummer out: it reaches no one on any path that reads them, and no later writer of
-- person_link can bring it back (a reader-side rule, as lib/policy/store.ts seedPersons for a
-- stored seed). An access request's case concerns its patient alone, IS DISTINCT FROM as 026
-- wrote it (a request filed under a record id only has no national id).
CREATE OR REPLACE VIEW archive.subject_link AS
  SELECT l.* FROM archive.person_link l
   WHERE archive.is_h_number(l.national_id) IS NOT TRUE
     AND NOT EXISTS (SELECT 1 FROM archive.access_request a
                      WHERE a.saksmappe_id = l.saksmappe_id AND a.patient_national_id IS DISTINCT FROM l.national_id);

CREATE OR REPLACE VIEW archive.subject_part AS
  SELECT p.* FROM archive.part p
   WHERE archive.is_h_number(p.part_id) IS NOT TRUE
     AND NOT EXISTS (SELECT 1 FROM archive.access_request a
                      WHERE a.saksmappe_id = p.saksmappe_id AND a.patient_national_id IS DISTINCT FROM p.part_id);

-- The links earlier imports stored under an H-nummer leave person_link (which now holds links
-- to persons only, for any reader of the table itself) and are kept here as they were written,
-- with when and why (nothing is deleted; arkivlova § 6).
CREATE TABLE archive.unlinked_person_link (
  national_id text NOT NULL,
  entity_type text NOT NULL CHECK (entity_type IN ('saksmappe', 'journalpost')),
  entity_id text NOT NULL,
  saksmappe_id text NOT NULL REFERENCES archive.saksmappe (id),
  unlinked_at timestamptz NOT NULL DEFAULT now(),
  reason text NOT NULL,
  PRIMARY KEY (national_id, entity_type, entity_id)
);

-- Their cases' document pages carried the number as a national id (doctext/outbox.ts): queued
-- again. The journalposters are queued by person_link's delete trigger (010).
INSERT INTO archive.document_outbox (entity_id)
  SELECT o.id FROM archive.dokumentobjekt o
    JOIN archive.dokumentbeskrivelse b ON b.id = o.dokumentbeskrivelse_id
    JOIN archive.journalpost j ON j.id = b.journalpost_id
   WHERE j.saksmappe_id IN (SELECT saksmappe_id FROM archive.person_link WHERE archive.is_h_number(national_id));

WITH moved AS (
  DELETE FROM archive.person_link WHERE archive.is_h_number(national_id) RETURNING *)
INSERT INTO archive.unlinked_person_link (national_id, entity_type, entity_id, saksmappe_id, reason)
SELECT national_id, entity_type, entity_id, saksmappe_id,
       'H-nummer: names a person within one institution only, and the case archive cannot tell whose (pasientjournalloven § 22); unlinked by archive migration 027'
  FROM moved;
