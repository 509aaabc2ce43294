-- Access requests under the law (issue 15): request type, the requester's relation and
-- the facts eligibility was decided on (age, capacity, registered relatives), deadlines
-- with extension notices, the journalposts of the request and the reply, and the outcome.
ALTER TABLE archive.access_request
  ADD COLUMN request_type text NOT NULL DEFAULT 'PBRL_5_1',
  ADD COLUMN requester_kinship text,
  ADD COLUMN patient_birth_date date,
  ADD COLUMN patient_age_at_receipt integer,
  ADD COLUMN patient_lacks_capacity boolean NOT NULL DEFAULT false,
  ADD COLUMN patient_consent boolean NOT NULL DEFAULT false,
  ADD COLUMN legal_interest text,
  -- VERIFIED | CONTRADICTED | NOT_REGISTERED | UNVERIFIED | NOT_APPLICABLE, with what was checked.
  ADD COLUMN relative_check text NOT NULL DEFAULT 'NOT_APPLICABLE',
  ADD COLUMN relative_check_note text,
  ADD COLUMN facts_source text,
  ADD COLUMN deadline_rule text,
  ADD COLUMN original_deadline date,
  ADD COLUMN extension_notice_on date,
  ADD COLUMN extension_reasons text,
  ADD COLUMN extension_months integer,
  ADD COLUMN extended_by text,
  ADD COLUMN incoming_journalpost_id text REFERENCES archive.journalpost (id),
  ADD COLUMN reply_journalpost_id text REFERENCES archive.journalpost (id),
  ADD COLUMN outcome text CHECK (outcome IN ('GRANTED', 'PARTLY_GRANTED', 'REFUSED')),
  ADD COLUMN withheld jsonb NOT NULL DEFAULT '[]',
  ADD COLUMN outcome_reasons text,
  ADD COLUMN appeal_route text,
  ADD COLUMN handed_out text,
  ADD COLUMN closed_by text;

UPDATE archive.access_request SET original_deadline = deadline WHERE original_deadline IS NULL;
