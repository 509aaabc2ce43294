-- Nothing lost: a kept version holds the note's other fields as they were, not only its text.
-- An import that changes a note's date, type, status, service or care period (and maybe not
-- its text), or an archivist's decision on a source conflict that takes the source's fields,
-- replaced them with nothing kept: the old date decides periods and age windows (found in
-- review). NULL: a version kept before this column, or one of a change to the text alone.
ALTER TABLE journal.entry_version ADD COLUMN fields jsonb;
