-- A consent that arrives after the request (helsepersonelloven § 22 første ledd: while the
-- patient lives, another person gets access only with the patient's consent). Until now consent
-- was taken only at registration (patient_consent), and a CONSENT_REQUIRED request may not be
-- closed granted (s44), so a consent that came later left the case handler nothing but REFUSED:
-- the same letter cannot be registered twice while its case is open. recordAccessRequestConsent
-- records it on the open case: the date the patient gave it, who recorded it and when, and the
-- incoming journalpost (I) that files the consent in the case. The eligibility and legal basis
-- it replaces are kept beside the new ones (*_before_consent).
ALTER TABLE archive.access_request
  ADD COLUMN consent_given_on date,
  ADD COLUMN consent_recorded_by text,
  ADD COLUMN consent_recorded_at timestamptz,
  ADD COLUMN consent_journalpost_id text REFERENCES archive.journalpost (id),
  -- What the request said before the consent changed it (nothing stored is lost).
  ADD COLUMN eligibility_before_consent text,
  ADD COLUMN legal_basis_before_consent text;
