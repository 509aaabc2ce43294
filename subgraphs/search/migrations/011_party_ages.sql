-- Each party's age on the record's date, in the order of national_ids (null: birth date
-- unknown), for a record of several persons (a case of several parties): an age window asks
-- the age of the person searched for, not the age of the party whose national id sorts first
-- (search-index/filters.ts pgAgeWindow; pasientjournalloven § 22, helseforskningsloven § 33;
-- found in review). The archive re-announces its records (archive migration 016), so the
-- indexer writes the column for the rows written before.
ALTER TABLE search.document ADD COLUMN party_ages int[];
