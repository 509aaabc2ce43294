-- Issue 5: decisions with one or more provenances, richer executions, quarantine.

-- Who made the decision (HPR number) and where its sources disagree.
ALTER TABLE coercion.decision ADD COLUMN decided_by text;
ALTER TABLE coercion.decision ADD COLUMN discrepancies text[] NOT NULL DEFAULT '{}';

-- One row per source record of a decision. A decision migrated from Gerica into
-- Helseplattformen has two rows here and one in coercion.decision.
-- record: the values as this source states them, normalised (legal basis code, ISO dates).
CREATE TABLE coercion.decision_source (
  source_system text NOT NULL,
  source_id text NOT NULL,
  decision_id text NOT NULL REFERENCES coercion.decision (id),
  record jsonb NOT NULL DEFAULT '{}'::jsonb,
  source_file text,
  imported_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source_system, source_id)
);

CREATE INDEX decision_source_decision_idx ON coercion.decision_source (decision_id);

INSERT INTO coercion.decision_source (source_system, source_id, decision_id)
  SELECT source_system, source_id, id FROM coercion.decision
  ON CONFLICT DO NOTHING;

-- Reported as a § 9-5 a emergency (Gerica: Hjemmel of the execution says bokstav a).
ALTER TABLE coercion.execution ADD COLUMN emergency_reported boolean NOT NULL DEFAULT false;
-- Legal basis the source wrote on the execution, as free text.
ALTER TABLE coercion.execution ADD COLUMN recorded_legal_basis text;
ALTER TABLE coercion.execution ADD COLUMN alternatives_tried text;
ALTER TABLE coercion.execution ADD COLUMN reported_at timestamptz;
-- How ambiguous local times (daylight-saving gap / overlap) were read.
ALTER TABLE coercion.execution ADD COLUMN time_notes text[] NOT NULL DEFAULT '{}';
ALTER TABLE coercion.execution ADD COLUMN source_file text;

CREATE INDEX execution_patient_measure_idx ON coercion.execution (patient_nid, measure, start_at);

-- Records an import could not accept: file (name), line where the record starts, the
-- reason and the record's raw bytes as they were in the file.
CREATE TABLE coercion.quarantine (
  id bigserial PRIMARY KEY,
  source_system text NOT NULL,
  file text NOT NULL,
  line integer NOT NULL,
  source_id text,
  reason text NOT NULL,
  raw bytea NOT NULL,
  raw_sha256 text NOT NULL,
  quarantined_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source_system, file, line, raw_sha256)
);
