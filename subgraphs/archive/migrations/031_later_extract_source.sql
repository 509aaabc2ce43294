-- A later extract, continued (import-noark; subgraphs/archive/README.md "A later extract", review
-- s42). Three things the import now needs to know or to end.
--
-- 1. What the source said of each record, and when (archive.source_record). Every saksmappe,
--    journalpost and dokumentbeskrivelse an extract gives is written here as the extract gave it
--    (the compared values: noark/import.ts COMPARED) when it is new or differs from what the source
--    said before, with the extract's own time (arkivuttrekk.xml `extractionDate`, when it gives one)
--    and the latest date-time the case's records carry in the extract (`as_of`). So is an arkiv,
--    arkivdel, klassifikasjonssystem or klasse (its row as written, with the extract's time).
--    - An extract older than the one a stored record was last read from is told by these times and
--      leaves the record as it is (an older extract does not roll values back; reported
--      `olderExtract`).
--    - The conflict baseline is the latest row: a record whose stored values equal what the source
--      last said (never changed here, or an archivist adopted the source's value by hand) is not in
--      conflict, and the source's next change is applied to it.
--    Insert-only: a row is never changed or deleted (nothing lost; the history of what the source
--    said, beside archive.record_version's history of what was stored).
CREATE TABLE archive.source_record (
  id bigserial PRIMARY KEY,
  record_table text NOT NULL,
  record_key text NOT NULL,
  saksmappe_id text,
  record jsonb NOT NULL,
  extracted_at timestamptz,
  as_of timestamptz,
  read_at timestamptz NOT NULL DEFAULT now(),
  source_file text NOT NULL
);
CREATE INDEX source_record_key_idx ON archive.source_record (record_table, record_key, id);

CREATE FUNCTION archive.source_record_insert_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'archive.source_record is insert-only: what a source said is never changed or deleted';
END $$;
CREATE TRIGGER source_record_insert_only BEFORE UPDATE OR DELETE ON archive.source_record
  FOR EACH ROW EXECUTE FUNCTION archive.source_record_insert_only();

-- 2. A party whose national id a later extract corrects (the same party, by name and role, under
--    another fødselsnummer or D-number) no longer concerns the earlier person: the part row stays
--    as exported (the deposit writes back what was received), and is named here as ended, with when
--    and why; the person link (archive.person_link) is moved to archive.unlinked_person_link, as
--    migration 027 moved H-nummer links. Every reader of whom a case concerns reads the views, so
--    the ended party reaches no one on any path: Patient.cases, a case's persons for the policy,
--    search documents, coverage, research (pasientjournalloven § 22: a case about one person is
--    not another's).
CREATE TABLE archive.ended_part (
  saksmappe_id text NOT NULL,
  ordinal integer NOT NULL,
  part_id text,
  ended_at timestamptz NOT NULL DEFAULT now(),
  ended_by text NOT NULL,
  reason text NOT NULL,
  PRIMARY KEY (saksmappe_id, ordinal),
  FOREIGN KEY (saksmappe_id, ordinal) REFERENCES archive.part (saksmappe_id, ordinal)
);

CREATE OR REPLACE VIEW archive.subject_part AS
  SELECT p.* FROM archive.part p
   WHERE archive.is_h_number(p.part_id) IS NOT TRUE
     AND NOT EXISTS (SELECT 1 FROM archive.access_request a
                      WHERE a.saksmappe_id = p.saksmappe_id AND a.patient_national_id IS DISTINCT FROM p.part_id)
     AND NOT EXISTS (SELECT 1 FROM archive.ended_part e
                      WHERE e.saksmappe_id = p.saksmappe_id AND e.ordinal = p.ordinal);

-- A link may be ended more than once (linked again by a later extract, ended again): each ending
-- is a row of its own.
ALTER TABLE archive.unlinked_person_link DROP CONSTRAINT unlinked_person_link_pkey;
ALTER TABLE archive.unlinked_person_link ADD COLUMN id bigserial PRIMARY KEY;
CREATE INDEX unlinked_person_link_key_idx ON archive.unlinked_person_link (national_id, entity_type, entity_id);
