-- The full Noark 5 hierarchy (arkiv → arkivdel → klassifikasjonssystem → klasse →
-- saksmappe → journalpost → dokumentbeskrivelse → dokumentobjekt), quarantine,
-- endringslogg and access-request cases.
--
-- Every entity keeps its Noark systemID as id. Leaf elements that have no column of
-- their own are kept verbatim in `fields` ({"element": ["value", ...]}); complex
-- children without a table of their own (skjerming, korrespondansepart, merknad,
-- kassasjon, ...) in `complex` ({"element": [{"leaf": ["value"]}, ...]}). Dates and
-- times stay the exact text of the source, so an export writes back what came in.

CREATE TABLE archive.arkiv (
  id text PRIMARY KEY,
  parent_id text REFERENCES archive.arkiv (id),
  ordinal integer NOT NULL,
  tittel text NOT NULL,
  fields jsonb NOT NULL DEFAULT '{}',
  complex jsonb NOT NULL DEFAULT '{}'
);

CREATE TABLE archive.arkivdel (
  id text PRIMARY KEY,
  arkiv_id text NOT NULL REFERENCES archive.arkiv (id),
  ordinal integer NOT NULL,
  tittel text NOT NULL,
  fields jsonb NOT NULL DEFAULT '{}',
  complex jsonb NOT NULL DEFAULT '{}'
);

CREATE TABLE archive.klassifikasjonssystem (
  id text PRIMARY KEY,
  arkivdel_id text NOT NULL REFERENCES archive.arkivdel (id),
  ordinal integer NOT NULL,
  tittel text NOT NULL,
  fields jsonb NOT NULL DEFAULT '{}',
  complex jsonb NOT NULL DEFAULT '{}'
);

CREATE TABLE archive.klasse (
  id text PRIMARY KEY,
  klassifikasjonssystem_id text NOT NULL REFERENCES archive.klassifikasjonssystem (id),
  parent_klasse_id text REFERENCES archive.klasse (id),
  ordinal integer NOT NULL,
  klasse_id text NOT NULL,
  tittel text NOT NULL,
  fields jsonb NOT NULL DEFAULT '{}',
  complex jsonb NOT NULL DEFAULT '{}'
);

-- Saksmappe: the first cut's table, extended. Rows without klasse_ref (demo data,
-- or cases registered before any arkivdel exists) are queryable but not exported.
ALTER TABLE archive.saksmappe
  ADD COLUMN klasse_ref text REFERENCES archive.klasse (id),
  ADD COLUMN ordinal integer NOT NULL DEFAULT 0,
  ADD COLUMN administrativ_enhet text,
  ADD COLUMN fields jsonb NOT NULL DEFAULT '{}',
  ADD COLUMN complex jsonb NOT NULL DEFAULT '{}',
  -- sha256 of the imported source record; re-importing the same record is a no-op.
  ADD COLUMN source_hash text;

ALTER TABLE archive.part ADD COLUMN fields jsonb NOT NULL DEFAULT '{}';

CREATE TABLE archive.journalpost (
  id text PRIMARY KEY,
  saksmappe_id text NOT NULL REFERENCES archive.saksmappe (id),
  ordinal integer NOT NULL,
  registrerings_id text,
  journalaar integer NOT NULL,
  journalsekvensnummer integer NOT NULL,
  journalpostnummer integer NOT NULL,
  journalposttype text NOT NULL,
  journalstatus text NOT NULL,
  journaldato date NOT NULL,
  dokumentets_dato date,
  tittel text NOT NULL,
  offentlig_tittel text,
  fields jsonb NOT NULL DEFAULT '{}',
  complex jsonb NOT NULL DEFAULT '{}',
  UNIQUE (saksmappe_id, journalpostnummer)
);

CREATE INDEX journalpost_journaldato_idx ON archive.journalpost (journaldato);

CREATE TABLE archive.dokumentbeskrivelse (
  id text PRIMARY KEY,
  journalpost_id text NOT NULL REFERENCES archive.journalpost (id),
  ordinal integer NOT NULL,
  dokumentnummer integer NOT NULL,
  tittel text NOT NULL,
  fields jsonb NOT NULL DEFAULT '{}',
  complex jsonb NOT NULL DEFAULT '{}'
);

CREATE INDEX dokumentbeskrivelse_journalpost_idx ON archive.dokumentbeskrivelse (journalpost_id);

-- content is NULL while the file is quarantined (missing, wrong size or checksum).
CREATE TABLE archive.dokumentobjekt (
  id text PRIMARY KEY,
  dokumentbeskrivelse_id text NOT NULL REFERENCES archive.dokumentbeskrivelse (id),
  ordinal integer NOT NULL,
  referanse_dokumentfil text NOT NULL,
  format text NOT NULL,
  sjekksum text NOT NULL,
  filstoerrelse bigint NOT NULL,
  content bytea,
  fields jsonb NOT NULL DEFAULT '{}',
  complex jsonb NOT NULL DEFAULT '{}'
);

CREATE INDEX dokumentobjekt_beskrivelse_idx ON archive.dokumentobjekt (dokumentbeskrivelse_id);

-- Which person (national id) is a party of which saksmappe or journalpost.
CREATE TABLE archive.person_link (
  national_id text NOT NULL,
  entity_type text NOT NULL CHECK (entity_type IN ('saksmappe', 'journalpost')),
  entity_id text NOT NULL,
  saksmappe_id text NOT NULL REFERENCES archive.saksmappe (id),
  PRIMARY KEY (national_id, entity_type, entity_id)
);

CREATE INDEX person_link_saksmappe_idx ON archive.person_link (saksmappe_id);

-- What an import could not accept: the file, where in it, why, and the raw bytes.
CREATE TABLE archive.quarantine (
  id bigserial PRIMARY KEY,
  quarantined_at timestamptz NOT NULL DEFAULT now(),
  source_file text NOT NULL,
  ref text NOT NULL,
  reason text NOT NULL,
  raw bytea,
  raw_sha256 text NOT NULL DEFAULT '',
  UNIQUE (source_file, ref, reason, raw_sha256)
);

-- Endringslogg (Noark 5): changes to metadata after a case was closed / a record archived.
CREATE TABLE archive.endringslogg (
  id bigserial PRIMARY KEY,
  referanse_arkivenhet text NOT NULL,
  referanse_metadata text NOT NULL,
  endret_dato text NOT NULL,
  endret_av text NOT NULL,
  tidligere_verdi text NOT NULL,
  ny_verdi text NOT NULL,
  UNIQUE (referanse_arkivenhet, referanse_metadata, endret_dato, ny_verdi)
);

-- Innsynsbegjæring: one saksmappe per request, with the facts the decision was made on.
CREATE TABLE archive.access_request (
  saksmappe_id text PRIMARY KEY REFERENCES archive.saksmappe (id),
  patient_id text NOT NULL,
  patient_national_id text NOT NULL,
  patient_deceased_on date,
  requester_name text NOT NULL,
  requester_national_id text,
  relation text NOT NULL,
  received_at timestamptz NOT NULL,
  received_on date NOT NULL,
  deadline date NOT NULL,
  eligibility text NOT NULL,
  legal_basis text NOT NULL,
  registered_by text NOT NULL,
  closed_at timestamptz
);

CREATE INDEX access_request_open_idx ON archive.access_request (deadline) WHERE closed_at IS NULL;
