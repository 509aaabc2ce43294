-- helsepersonelloven § 44 (record-cases.ts withdrawSourcePatientChanges): the § 44 case an import
-- registers when the source files a stored note under another patient is the source's own
-- request. When a later export files the note under its stored patient again, or under yet
-- another patient, the source no longer asks for it: the import closes the case as WITHDRAWN,
-- with the reason, by `import` (a `withdrawn` event). Nothing was decided, so no appeal route;
-- a withdrawn case cannot be decided (found in review s30: DONE moved the note to a patient the
-- source no longer named).
ALTER TABLE journal.record_case DROP CONSTRAINT record_case_status_check,
  ADD CONSTRAINT record_case_status_check CHECK (status IN ('OPEN', 'DONE', 'REFUSED', 'WITHDRAWN'));
ALTER TABLE journal.record_case_event DROP CONSTRAINT record_case_event_event_check,
  ADD CONSTRAINT record_case_event_event_check
  CHECK (event IN ('registered', 'blocked', 'decided', 'moved', 'withdrawn'));
