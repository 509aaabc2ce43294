CREATE SCHEMA IF NOT EXISTS coercion;

-- Tvangsvedtak. patient_nid is the fødselsnummer / D-nummer the sources key on.
CREATE TABLE coercion.decision (
  id text PRIMARY KEY,
  patient_nid text NOT NULL,
  legal_basis text NOT NULL,
  measures text[] NOT NULL,
  valid_from date NOT NULL,
  valid_to date,
  decided_at timestamptz NOT NULL,
  approved_at timestamptz,
  justification text NOT NULL DEFAULT '',
  source_system text NOT NULL,
  source_id text NOT NULL,
  UNIQUE (source_system, source_id)
);

CREATE INDEX decision_patient_idx ON coercion.decision (patient_nid, valid_from);

-- Gjennomføring av tvang.
CREATE TABLE coercion.execution (
  id text PRIMARY KEY,
  patient_nid text NOT NULL,
  recorded_decision_id text,
  measure text NOT NULL,
  start_at timestamptz NOT NULL,
  end_at timestamptz NOT NULL CHECK (end_at >= start_at),
  executed_by text[] NOT NULL,
  description text NOT NULL DEFAULT '',
  source_system text NOT NULL,
  source_id text NOT NULL,
  UNIQUE (source_system, source_id)
);

CREATE INDEX execution_patient_idx ON coercion.execution (patient_nid, start_at);
