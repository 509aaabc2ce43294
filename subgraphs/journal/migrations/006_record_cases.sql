-- Retting og sletting as cases (issue 15; subgraphs/journal/record-cases.ts states the law):
-- who asked, on which ground (helsepersonelloven § 42 correction, § 43 deletion, § 44 a
-- record on the wrong person), who decided what, with which assessment and reasons, the
-- appeal route, and who the note had been disclosed to (they get notice of the change).
CREATE TABLE journal.record_case (
  id bigserial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('CORRECTION', 'DELETION', 'MOVE')),
  ground text NOT NULL CHECK (ground IN ('HPL_42', 'HPL_43', 'HPL_44')),
  entry_id text NOT NULL REFERENCES journal.journal_entry (id),
  -- The patient whose record held the note when the case was registered.
  patient_id text NOT NULL REFERENCES journal.patient (id),
  requested_by text NOT NULL CHECK (requested_by IN ('PATIENT', 'REPRESENTATIVE', 'MENTIONED_PERSON', 'HEALTH_PERSONNEL')),
  requester_name text,
  requester_relation text,
  -- What was asked for and why (the claim as received).
  claim text NOT NULL,
  -- A correction: the text asked for. A move: the patient the note belongs to.
  proposed_text text,
  right_patient_id text REFERENCES journal.patient (id),
  registered_by text NOT NULL,
  registered_role text NOT NULL,
  registered_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'DONE', 'REFUSED')),
  decided_by text,
  decided_at timestamptz,
  reasons text,
  -- The conditions as the decider assessed them (§ 43 første ledd, § 44 første punktum).
  assessment jsonb,
  appeal_route text,
  -- Everyone the note had been disclosed to before the decision (access log), for notice.
  notice_recipients jsonb NOT NULL DEFAULT '[]',
  CHECK ((status = 'OPEN') = (decided_at IS NULL)),
  CHECK (status = 'OPEN' OR (decided_by IS NOT NULL AND reasons IS NOT NULL)),
  -- A refusal names the appeal route (hpl. § 42 andre ledd, § 43, § 44; pbrl. § 7-2).
  CHECK (status <> 'REFUSED' OR appeal_route IS NOT NULL)
);
CREATE INDEX record_case_patient_idx ON journal.record_case (patient_id, registered_at);
CREATE INDEX record_case_entry_idx ON journal.record_case (entry_id);
CREATE INDEX record_case_open_idx ON journal.record_case (registered_at) WHERE status = 'OPEN';

-- Everything that happened to a case, oldest first: registered, blocked (a deletion refused
-- while a legal hold, an open access request or a complaint lasted), decided, moved.
CREATE TABLE journal.record_case_event (
  id bigserial PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES journal.record_case (id),
  at timestamptz NOT NULL DEFAULT now(),
  by_user text NOT NULL,
  event text NOT NULL CHECK (event IN ('registered', 'blocked', 'decided', 'moved')),
  detail text NOT NULL
);
CREATE INDEX record_case_event_case_idx ON journal.record_case_event (case_id, id);

-- A tombstone names the case that decided the deletion.
ALTER TABLE journal.tombstone ADD COLUMN case_id bigint REFERENCES journal.record_case (id);
