-- Denied attempts are logged too (pasientjournalforskriften § 14; Normen): a row says
-- whether the access was granted or denied, and for a denial the rule that refused it.
-- A denial may concern no known patient (the caller asked for one that is not theirs to
-- know about): patient_id is then the key the caller asked with.
ALTER TABLE audit.access_log ADD COLUMN outcome text NOT NULL DEFAULT 'granted'
  CHECK (outcome IN ('granted', 'denied'));
ALTER TABLE audit.access_log ADD COLUMN rule text;
