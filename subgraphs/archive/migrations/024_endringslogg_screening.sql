-- Endringslogg (Noark 5 M680–M685; arkivforskrifta, the deposit's endringslogg.xml): a change
-- after a saksmappe is closed (avsluttetDato, or saksstatus "Avsluttet") or a journalpost is
-- archived (arkivertDato, journalstatus "Arkivert", or its saksmappe closed) to its title, its
-- public title (offentligTittel) or its skjerming (each leaf: tilgangsrestriksjon,
-- skjermingshjemmel, skjermingMetadata, skjermingDokument, skjermingsvarighet,
-- skjermingOpphoererDato) is written to archive.endringslogg: which record, which element,
-- when (UTC), by whom (set_config('helsespor.changed_by', ..., true), else the database user),
-- the old and the new value. A trigger, so every path is covered: changeTittel, and a change of
-- skjerming, which no mutation makes (an operator's SQL). Until now changeTittel wrote the log
-- itself and skipped a public title set where there was none or removed, and a change of
-- skjerming was not logged at all (task res-archive).
-- endringslogg.xsd requires tidligereVerdi and nyVerdi, each at least one character: a value
-- that was not there, or is no longer, is written as '(ingen verdi)'. Several values of one
-- element (skjermingMetadata) are joined with '; ' in their order.
CREATE FUNCTION archive.endringslogg_value(v jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(
    nullif(CASE jsonb_typeof(v)
             WHEN 'array' THEN (SELECT string_agg(e, '; ' ORDER BY n) FROM jsonb_array_elements_text(v) WITH ORDINALITY AS t (e, n))
             WHEN 'string' THEN v #>> '{}'
           END, ''),
    '(ingen verdi)')
$$;

CREATE FUNCTION archive.log_change_after_closing() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  o jsonb := to_jsonb(OLD);
  n jsonb := to_jsonb(NEW);
  closed boolean;
  at text := to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
  who text := coalesce(nullif(current_setting('helsespor.changed_by', true), ''), 'databasebruker ' || session_user);
  el text;
  before text;
  after text;
BEGIN
  IF TG_TABLE_NAME = 'saksmappe' THEN
    closed := (o -> 'fields') ? 'avsluttetDato' OR o ->> 'saksstatus' = 'Avsluttet';
  ELSE
    closed := (o -> 'fields') ? 'arkivertDato' OR o ->> 'journalstatus' = 'Arkivert'
      OR EXISTS (SELECT 1 FROM archive.saksmappe s
                  WHERE s.id = o ->> 'saksmappe_id' AND (s.fields ? 'avsluttetDato' OR s.saksstatus = 'Avsluttet'));
  END IF;
  IF NOT closed THEN
    RETURN NULL;
  END IF;
  FOR el, before, after IN
    SELECT 'tittel', archive.endringslogg_value(o -> 'tittel'), archive.endringslogg_value(n -> 'tittel')
    UNION ALL
    SELECT 'offentligTittel', archive.endringslogg_value(o -> 'offentlig_tittel'), archive.endringslogg_value(n -> 'offentlig_tittel')
    UNION ALL
    SELECT leaf, archive.endringslogg_value(o #> ARRAY['complex', 'skjerming', '0', leaf]),
                 archive.endringslogg_value(n #> ARRAY['complex', 'skjerming', '0', leaf])
      FROM unnest(ARRAY['tilgangsrestriksjon', 'skjermingshjemmel', 'skjermingMetadata', 'skjermingDokument',
                        'skjermingsvarighet', 'skjermingOpphoererDato']) AS leaf
  LOOP
    IF before IS DISTINCT FROM after THEN
      INSERT INTO archive.endringslogg (referanse_arkivenhet, referanse_metadata, endret_dato, endret_av, tidligere_verdi, ny_verdi)
      VALUES (NEW.id, el, at, who, before, after)
      ON CONFLICT DO NOTHING;
    END IF;
  END LOOP;
  RETURN NULL;
END $$;

CREATE TRIGGER saksmappe_log_change_after_closing AFTER UPDATE ON archive.saksmappe
  FOR EACH ROW WHEN (OLD.tittel IS DISTINCT FROM NEW.tittel
                     OR OLD.offentlig_tittel IS DISTINCT FROM NEW.offentlig_tittel
                     OR OLD.complex -> 'skjerming' IS DISTINCT FROM NEW.complex -> 'skjerming')
  EXECUTE FUNCTION archive.log_change_after_closing();

CREATE TRIGGER journalpost_log_change_after_closing AFTER UPDATE ON archive.journalpost
  FOR EACH ROW WHEN (OLD.tittel IS DISTINCT FROM NEW.tittel
                     OR OLD.offentlig_tittel IS DISTINCT FROM NEW.offentlig_tittel
                     OR OLD.complex -> 'skjerming' IS DISTINCT FROM NEW.complex -> 'skjerming')
  EXECUTE FUNCTION archive.log_change_after_closing();
