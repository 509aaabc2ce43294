-- Break the glass again after a NOT_JUSTIFIED review (lib/policy/resolvers.ts breakGlass):
-- pasientjournalloven § 16 (no one reads health information without a need the work gives),
-- § 22 (the data controller's access control), and Normen's guide to access control
-- (selvautorisering is followed up afterwards, and a misuse found ends the access): a user whose
-- grant for a person was found NOT_JUSTIFIED could open the same person again at once with a
-- new reason (found in review). Such a grant now bars that user from breaking the glass for that
-- person (any of the person's linked records) until the journalansvarlig, who answers for the
-- record (helsepersonelloven § 39 andre ledd), clears it with a note: clearBreakGlass, four eyes
-- (never the user who opened it). Clearing does not reopen the old grant; it allows a new one,
-- reviewed as any other.
ALTER TABLE policy.break_glass
  ADD COLUMN cleared_by text,
  ADD COLUMN cleared_at timestamptz,
  ADD COLUMN clearance_note text,
  ADD CONSTRAINT break_glass_clearance
    CHECK ((cleared_at IS NULL) OR (review_outcome = 'NOT_JUSTIFIED' AND cleared_by IS NOT NULL
           AND cleared_by <> user_id AND length(btrim(clearance_note)) > 0));

CREATE INDEX break_glass_barred_idx ON policy.break_glass (user_id, patient_id)
  WHERE review_outcome = 'NOT_JUSTIFIED' AND cleared_at IS NULL;
