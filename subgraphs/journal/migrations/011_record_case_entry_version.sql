-- helsepersonelloven § 42 (record-cases.ts, "A correction over a newer source version"): a
-- correction case is asked for, and its text written, over the note as it stood when the case
-- was registered. The note's version then is kept with the case, so a decision taken after a
-- source export changed the note does not silently replace the source's newer text (found in
-- review s30): the correction is made and the source's version waits as a source conflict,
-- which names the case that raised it.
ALTER TABLE journal.record_case ADD COLUMN entry_version integer;
-- Cases registered before: the first version kept after the registration is the one the case
-- saw; none kept since, the current one.
UPDATE journal.record_case c SET entry_version = coalesce(
  (SELECT min(v.version) FROM journal.entry_version v WHERE v.entry_id = c.entry_id AND v.replaced_at >= c.registered_at),
  (SELECT e.version FROM journal.journal_entry e WHERE e.id = c.entry_id));
ALTER TABLE journal.record_case ALTER COLUMN entry_version SET NOT NULL;

-- A source conflict raised by deciding a correction case over a newer source version (null:
-- raised by an import).
ALTER TABLE journal.source_conflict ADD COLUMN case_id bigint REFERENCES journal.record_case (id);
