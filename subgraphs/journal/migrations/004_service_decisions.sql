-- Service decisions (vedtak om tjenester): allocations of home services, long-term care and
-- refusals, from Gerica's vedtak.csv (rows that are not coercion decisions) and
-- Helseplattformen's Vedtak documents. Coercion decisions stay in the coercion subgraph.
CREATE TABLE journal.service_decision (
  id text PRIMARY KEY,
  patient_id text NOT NULL REFERENCES journal.patient (id),
  source_system text NOT NULL CHECK (source_system IN ('HELSEPLATTFORMEN', 'GERICA', 'PROFIL')),
  source_id text NOT NULL,
  -- Vedtakstype (Gerica) or the service the HP decision names: Langtidsopphold, Hjemmesykepleie, ...
  decision_type text NOT NULL,
  -- What was applied for or allocated (Gerica Tiltak; HP: the decision's heading).
  service text,
  legal_basis text,
  -- The local date of the decision, and the instant when the source has one (HP).
  decided_on date NOT NULL,
  decided_at timestamptz,
  valid_from date,
  valid_to date,
  outcome text NOT NULL CHECK (outcome IN ('GRANTED', 'PARTLY', 'REFUSED')),
  -- Why the outcome is what it is (the source's words, or the rule that read it).
  outcome_basis text NOT NULL,
  justification text,
  -- The whole decision text (HP document), when the source has one beyond the justification.
  text text,
  author_name text,
  author_hpr text,
  author_practitioner_id text,
  -- The unit that made it (HP category, e.g. Helse- og velferdskontor).
  unit text,
  -- "vurdering datert 03.11.2022": the date of the assessment the decision rests on, and the words that name it.
  cited_assessment_date date,
  cited_assessment_text text,
  -- The HP document the decision was read from is also a journal entry (its text is searchable there).
  journal_entry_id text,
  file text,
  content_hash text NOT NULL,
  version integer NOT NULL DEFAULT 1,
  imported_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source_system, source_id)
);
CREATE INDEX service_decision_patient_idx ON journal.service_decision (patient_id, decided_on);

-- Nothing lost: a later source export that changes a decision keeps the row it replaced.
CREATE TABLE journal.service_decision_version (
  decision_id text NOT NULL REFERENCES journal.service_decision (id),
  version integer NOT NULL,
  record jsonb NOT NULL,
  replaced_at timestamptz NOT NULL DEFAULT now(),
  replaced_by text NOT NULL,
  reason text NOT NULL,
  import_run_id bigint REFERENCES journal.import_run (id),
  PRIMARY KEY (decision_id, version)
);
