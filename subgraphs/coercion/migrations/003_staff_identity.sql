-- Which staff identifiers are one person. Coercion records name staff by HPR number
-- (authorised personnel) or employee number (everyone, in Gerica); Helseplattformen's
-- Practitioner export lists both for each person. Only the identifiers are kept here:
-- names and roles belong to the journal subgraph's Practitioner.
CREATE TABLE coercion.staff_identity (
  staff_id text PRIMARY KEY,
  -- The source's id of the person both identifiers belong to (HP Practitioner.id).
  person_key text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('hpr', 'employee')),
  source_file text
);

CREATE INDEX staff_identity_person_idx ON coercion.staff_identity (person_key);
