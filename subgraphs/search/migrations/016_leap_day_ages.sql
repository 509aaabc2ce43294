-- The age under leapDayRule FEBRUARY_28 (a 29 February birthday on 28 February in a year
-- without one; lib/age-window.ts) where it differs from age_at_date (MARCH_1, the default):
-- only a record dated 28 February of such a year, of a person born 29 February (-1: the
-- parties' ages under that rule differ). party_ages_feb28 is the same per party, aligned with
-- national_ids (null: as party_ages there; the column NULL when no party's differs). An age
-- window under FEBRUARY_28 reads coalesce(age_at_date_feb28, age_at_date), so search answers
-- as the journal and the dossier with that rule (search-index/filters.ts pgAgeWindow;
-- pasientjournalloven § 22; stop 45). A row written before has none, as if its ages were the
-- same under both rules: `npm run cli -- reindex` once writes them.
ALTER TABLE search.document ADD COLUMN age_at_date_feb28 int, ADD COLUMN party_ages_feb28 int[];
