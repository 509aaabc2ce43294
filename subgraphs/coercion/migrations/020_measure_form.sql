-- Stop 45: a measure is one measure whatever the source's case, spacing or Unicode form (hol. § 9-5
-- tredje ledd, § 9-7: a decision authorises the measures it lists; subgraphs/coercion/measure.ts
-- measureKey). Compared as exact strings, Gerica's "Låst  Kjøleskap" was not the "låst kjøleskap" a
-- decision lists, and Helseplattformen's "låst kjøleskap" with a decomposed "å" neither. The importers
-- now store the one form (Unicode NFC, white space runs one space, trimmed, lower case); this brings
-- the stored records to it. Only rows whose form differs are written, and each keeps the row it
-- replaced in coercion.record_version (migration 011), named as this migration's change, not a
-- source export's. A decision listing one measure twice in two forms lists it once, in the order of
-- its first.
SELECT set_config('helsespor.changed_by', 'migration 020', true),
       set_config('helsespor.change_reason',
                  'measure written in its one form (case, spaces, Unicode NFC; not a change of the record)', true);

CREATE FUNCTION coercion.measure_key_020(m text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT lower(btrim(regexp_replace(normalize(m, NFC), '[[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+', ' ', 'g')))
$$;

CREATE FUNCTION coercion.measure_keys_020(ms text[]) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
  SELECT array_agg(k ORDER BY first)
    FROM (SELECT coercion.measure_key_020(m) AS k, min(i) AS first
            FROM unnest(ms) WITH ORDINALITY AS u(m, i)
           WHERE coercion.measure_key_020(m) <> ''
           GROUP BY 1) x
$$;

UPDATE coercion.execution SET measure = coercion.measure_key_020(measure)
 WHERE measure <> coercion.measure_key_020(measure);

-- One statement: a decision needing both is one kept version.
UPDATE coercion.decision
   SET measures = coercion.measure_keys_020(measures),
       review_measures = CASE WHEN review_measures IS NULL THEN NULL
                              ELSE coalesce(coercion.measure_keys_020(review_measures), '{}') END
 WHERE measures IS DISTINCT FROM coercion.measure_keys_020(measures)
    OR (review_measures IS NOT NULL
        AND review_measures IS DISTINCT FROM coalesce(coercion.measure_keys_020(review_measures), '{}'));

DROP FUNCTION coercion.measure_keys_020(text[]);
DROP FUNCTION coercion.measure_key_020(text);
