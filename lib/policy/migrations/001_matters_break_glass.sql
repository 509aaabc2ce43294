-- The policy room's own tables (lib/policy). Applied by the migration runner under scope
-- 'policy' before every subgraph's own migrations.
CREATE SCHEMA IF NOT EXISTS policy;

-- A matter (sak): the legal case file a legal user works on. Registered and closed by an
-- archivist. Inside the matter: everything about its patients within its period
-- (pasientjournalloven § 19: only what the purpose needs).
CREATE TABLE policy.matter (
  id text PRIMARY KEY,
  title text NOT NULL,
  purpose text NOT NULL,
  -- Local (Europe/Oslo) dates, inclusive; null = open.
  period_from date,
  period_to date,
  expires_at timestamptz NOT NULL,
  registered_by text NOT NULL,
  registered_at timestamptz NOT NULL DEFAULT now(),
  closed_by text,
  closed_at timestamptz,
  CHECK (period_from IS NULL OR period_to IS NULL OR period_from <= period_to)
);

-- The patients a matter concerns: a patient record id (linked records follow) or a
-- national id (for persons known to the archive or coercion records only).
CREATE TABLE policy.matter_patient (
  matter_id text NOT NULL REFERENCES policy.matter (id),
  patient_id text,
  national_id text,
  CHECK ((patient_id IS NULL) <> (national_id IS NULL))
);
CREATE INDEX matter_patient_matter_idx ON policy.matter_patient (matter_id);

-- Who may work on the matter (user ids, the token's sub).
CREATE TABLE policy.matter_member (
  matter_id text NOT NULL REFERENCES policy.matter (id),
  user_id text NOT NULL,
  PRIMARY KEY (matter_id, user_id)
);

-- Break the glass (selvautorisering): a legal user opens a patient outside the matter
-- with a written reason, for a limited time; an archivist reviews every one.
CREATE TABLE policy.break_glass (
  id bigserial PRIMARY KEY,
  user_id text NOT NULL,
  matter_id text,
  patient_id text NOT NULL,
  reason text NOT NULL CHECK (length(btrim(reason)) >= 10),
  opened_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  request_id text NOT NULL,
  reviewed_by text,
  reviewed_at timestamptz,
  review_outcome text CHECK (review_outcome IN ('JUSTIFIED', 'NOT_JUSTIFIED')),
  review_note text
);
CREATE INDEX break_glass_user_idx ON policy.break_glass (user_id, expires_at);
