-- Outbox for the search index: every change to a journalpost, its case's title or its
-- person links is announced here, in the same transaction (by trigger, so no write path
-- can forget it). Drained by search-index/indexer.ts through subgraphs/archive/outbox.ts.
CREATE TABLE archive.outbox (
  seq bigserial PRIMARY KEY,
  entity_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz
);
CREATE INDEX archive_outbox_pending_idx ON archive.outbox (seq) WHERE processed_at IS NULL;

CREATE FUNCTION archive.outbox_journalpost() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO archive.outbox (entity_id) VALUES (CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END);
  RETURN NULL;
END;
$$;
CREATE TRIGGER journalpost_outbox AFTER INSERT OR UPDATE OR DELETE ON archive.journalpost
  FOR EACH ROW EXECUTE FUNCTION archive.outbox_journalpost();

CREATE FUNCTION archive.outbox_saksmappe() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.tittel IS DISTINCT FROM OLD.tittel THEN
    INSERT INTO archive.outbox (entity_id) SELECT id FROM archive.journalpost WHERE saksmappe_id = NEW.id;
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER saksmappe_outbox AFTER UPDATE ON archive.saksmappe
  FOR EACH ROW EXECUTE FUNCTION archive.outbox_saksmappe();

CREATE FUNCTION archive.outbox_person_link() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  l archive.person_link;
BEGIN
  l := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  INSERT INTO archive.outbox (entity_id) SELECT id FROM archive.journalpost WHERE saksmappe_id = l.saksmappe_id;
  RETURN NULL;
END;
$$;
CREATE TRIGGER person_link_outbox AFTER INSERT OR DELETE ON archive.person_link
  FOR EACH ROW EXECUTE FUNCTION archive.outbox_person_link();
