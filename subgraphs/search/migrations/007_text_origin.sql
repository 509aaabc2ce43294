-- Archive document pages (kind archive_document): where the page's text came from, as the
-- Elasticsearch field `textOrigin`: {"origin": "pdf-text" | "ocr", "page": n, "ocrConfidence": x}.
ALTER TABLE search.document ADD COLUMN text_origin jsonb;
