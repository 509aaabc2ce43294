-- HP quarantine rows named the file by the path it was read from (review s41): the same export
-- imported again from another folder added each quarantined line again, since the table is
-- unique on (source, file, raw_hash, reason). The reader now keeps the file's name only, as the
-- Gerica and Profil readers always did. Rows stored before take the name too, unless a row of
-- that name and the same line already exists (the same line quarantined from two folders):
-- such a row keeps its path. Nothing is deleted.
UPDATE journal.quarantine q
   SET file = regexp_replace(q.file, '^.*/', '')
 WHERE q.source = 'hp'
   AND q.file LIKE '%/%'
   AND NOT EXISTS (
         SELECT 1 FROM journal.quarantine o
          WHERE o.source = q.source
            AND o.file = regexp_replace(q.file, '^.*/', '')
            AND o.raw_hash = q.raw_hash
            AND o.reason = q.reason)
   AND q.id = (
         SELECT min(d.id) FROM journal.quarantine d
          WHERE d.source = q.source
            AND regexp_replace(d.file, '^.*/', '') = regexp_replace(q.file, '^.*/', '')
            AND d.raw_hash = q.raw_hash
            AND d.reason = q.reason);
