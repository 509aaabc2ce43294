-- Research grants, their cohorts and the disclosure log (lib/policy/research.ts).
-- helseforskningsloven §§ 9-10 (REK approval), §§ 33-35 (dispensation from confidentiality,
-- Helsedirektoratet), helsepersonelloven § 29: a researcher reaches only what the approval
-- names, and every disclosure is recorded.

-- One row per version of a grant: amending writes a new version, the old ones stay.
CREATE TABLE policy.research_grant (
  id text NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  project_id text NOT NULL,
  title text NOT NULL,
  rek_number text,
  dispensation_ref text,
  legal_basis text NOT NULL,
  responsible_researcher text NOT NULL,
  -- Users (the token's sub) who may work under the grant; the responsible researcher is one.
  researchers text[] NOT NULL,
  -- The cohort definition as registered (born between, age window, period, sources, services, concepts).
  cohort jsonb NOT NULL,
  variables text[] NOT NULL,
  date_precision text NOT NULL CHECK (date_precision IN ('EXACT', 'MONTH', 'YEAR', 'SHIFTED')),
  free_text boolean NOT NULL,
  output_level text NOT NULL CHECK (output_level IN ('AGGREGATE', 'PSEUDONYMISED_RECORDS')),
  expires_at timestamptz NOT NULL,
  registered_by text NOT NULL,
  registered_at timestamptz NOT NULL DEFAULT now(),
  change_reason text,
  withdrawn_by text,
  withdrawn_at timestamptz,
  withdraw_reason text,
  PRIMARY KEY (id, version),
  CHECK (rek_number IS NOT NULL OR dispensation_ref IS NOT NULL)
);

-- The persons of a grant version's cohort, computed when the version is registered.
-- person_key: the national id when known, else the person's first patient record id.
CREATE TABLE policy.grant_cohort (
  grant_id text NOT NULL,
  version integer NOT NULL,
  person_key text NOT NULL,
  patient_ids text[] NOT NULL,
  national_ids text[] NOT NULL,
  PRIMARY KEY (grant_id, version, person_key),
  FOREIGN KEY (grant_id, version) REFERENCES policy.research_grant (id, version)
);

-- Utleveringslogg: what went to whom under which approval.
CREATE TABLE policy.disclosure_log (
  id bigserial PRIMARY KEY,
  grant_id text NOT NULL,
  version integer NOT NULL,
  approval text NOT NULL,
  recipient text NOT NULL,
  built_by text NOT NULL,
  built_at timestamptz NOT NULL DEFAULT now(),
  variables text[] NOT NULL,
  row_counts jsonb NOT NULL,
  files jsonb NOT NULL,
  manifest_sha256 text NOT NULL,
  FOREIGN KEY (grant_id, version) REFERENCES policy.research_grant (id, version)
);
CREATE INDEX disclosure_log_grant_idx ON policy.disclosure_log (grant_id, built_at);
