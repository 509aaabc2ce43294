-- Legal hold (issue 14): an archivist places a matter's patients on hold; while the hold
-- lasts, deleting their records is refused with the hold as the reason
-- (subgraphs/journal/record-cases.ts asks through lib/policy/legal-hold.ts). Lifting it is
-- recorded: who, when, why. Rows are never deleted.
CREATE TABLE policy.legal_hold (
  id bigserial PRIMARY KEY,
  matter_id text NOT NULL REFERENCES policy.matter (id),
  reason text NOT NULL CHECK (length(btrim(reason)) >= 5),
  placed_by text NOT NULL,
  placed_at timestamptz NOT NULL DEFAULT now(),
  lifted_by text,
  lifted_at timestamptz,
  lift_reason text,
  CHECK ((lifted_at IS NULL) = (lifted_by IS NULL) AND (lifted_at IS NULL) = (lift_reason IS NULL))
);
-- One live hold per matter.
CREATE UNIQUE INDEX legal_hold_live_idx ON policy.legal_hold (matter_id) WHERE lifted_at IS NULL;
