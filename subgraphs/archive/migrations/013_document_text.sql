-- The text of archive documents, page by page, with where it came from (subgraphs/archive/doctext):
-- the PDF's text layer ('pdf-text'), OCR of a scanned page or image ('ocr', with Tesseract's
-- mean word confidence), or nothing ('none', with the reason). Extraction runs off the
-- request path: a stored document file is queued here (status 'pending') by trigger, in the
-- transaction that stored it, and the extractor job takes it from there.
CREATE TABLE archive.document_text (
  dokumentobjekt_id text PRIMARY KEY REFERENCES archive.dokumentobjekt (id),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done')),
  -- Format told by the file's first bytes: pdf, png, jpeg, tiff, unknown.
  format text,
  -- Pages the document has, when that could be told (more than the pages examined when over the page limit).
  page_count integer,
  -- Set when the document could not be read at all (encrypted, too large, unsupported format, …).
  reason text,
  detail text,
  attempts integer NOT NULL DEFAULT 0,
  claimed_at timestamptz,
  extracted_at timestamptz,
  ms integer
);

CREATE INDEX document_text_todo_idx ON archive.document_text (dokumentobjekt_id) WHERE status <> 'done';

CREATE TABLE archive.document_page_text (
  dokumentobjekt_id text NOT NULL REFERENCES archive.document_text (dokumentobjekt_id) ON DELETE CASCADE,
  page integer NOT NULL CHECK (page >= 1),
  origin text NOT NULL CHECK (origin IN ('pdf-text', 'ocr', 'none')),
  text text NOT NULL DEFAULT '',
  ocr_confidence real CHECK (ocr_confidence IS NULL OR (ocr_confidence >= 0 AND ocr_confidence <= 100)),
  reason text,
  PRIMARY KEY (dokumentobjekt_id, page),
  CHECK ((origin = 'none') = (reason IS NOT NULL))
);

-- A document file stored (at import, or later when a quarantined file is verified) is queued.
CREATE FUNCTION archive.queue_document_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.content IS NOT NULL AND (TG_OP = 'INSERT' OR OLD.content IS DISTINCT FROM NEW.content) THEN
    INSERT INTO archive.document_text (dokumentobjekt_id) VALUES (NEW.id)
      ON CONFLICT (dokumentobjekt_id) DO UPDATE
        SET status = 'pending', attempts = 0, claimed_at = NULL, reason = NULL, detail = NULL;
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER dokumentobjekt_document_text AFTER INSERT OR UPDATE OF content ON archive.dokumentobjekt
  FOR EACH ROW EXECUTE FUNCTION archive.queue_document_text();

INSERT INTO archive.document_text (dokumentobjekt_id)
  SELECT id FROM archive.dokumentobjekt WHERE content IS NOT NULL;

-- Outbox of document pages for the search index (drained through subgraphs/archive/doctext/outbox.ts):
-- a document's extracted text changed, or its journalpost (title, date, parties) did.
CREATE TABLE archive.document_outbox (
  seq bigserial PRIMARY KEY,
  entity_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz
);
CREATE INDEX archive_document_outbox_pending_idx ON archive.document_outbox (seq) WHERE processed_at IS NULL;

CREATE FUNCTION archive.outbox_document_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO archive.document_outbox (entity_id) VALUES (OLD.dokumentobjekt_id);
  ELSIF NEW.status = 'done' THEN
    INSERT INTO archive.document_outbox (entity_id) VALUES (NEW.dokumentobjekt_id);
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER document_text_outbox AFTER INSERT OR UPDATE OR DELETE ON archive.document_text
  FOR EACH ROW EXECUTE FUNCTION archive.outbox_document_text();

-- Whatever announces a journalpost to the index announces its documents' pages too.
CREATE FUNCTION archive.outbox_journalpost_documents() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO archive.document_outbox (entity_id)
    SELECT t.dokumentobjekt_id
      FROM archive.dokumentbeskrivelse b
      JOIN archive.dokumentobjekt o ON o.dokumentbeskrivelse_id = b.id
      JOIN archive.document_text t ON t.dokumentobjekt_id = o.id
     WHERE b.journalpost_id = NEW.entity_id AND t.status = 'done';
  RETURN NULL;
END;
$$;
CREATE TRIGGER outbox_documents AFTER INSERT ON archive.outbox
  FOR EACH ROW EXECUTE FUNCTION archive.outbox_journalpost_documents();
