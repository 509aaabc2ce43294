CREATE SCHEMA IF NOT EXISTS archive;

-- Saksmappe (Noark 5 case file).
CREATE TABLE archive.saksmappe (
  id text PRIMARY KEY,
  mappe_id text NOT NULL UNIQUE,
  saksaar integer NOT NULL,
  sakssekvensnummer integer NOT NULL,
  tittel text NOT NULL,
  offentlig_tittel text,
  saksdato date NOT NULL,
  saksstatus text NOT NULL,
  UNIQUE (saksaar, sakssekvensnummer)
);

-- Part i sak. part_id is the fødselsnummer / D-nummer when the party is a person.
CREATE TABLE archive.part (
  saksmappe_id text NOT NULL REFERENCES archive.saksmappe (id),
  ordinal integer NOT NULL,
  part_id text,
  part_navn text NOT NULL,
  part_rolle text NOT NULL,
  PRIMARY KEY (saksmappe_id, ordinal)
);

CREATE INDEX part_part_id_idx ON archive.part (part_id);
