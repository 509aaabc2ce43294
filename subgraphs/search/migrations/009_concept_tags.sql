-- Concept tags (search-index/concepts.ts conceptTags), as the Elasticsearch fields `concepts`
-- and `conceptModel`: the learned concept classifier run at index time, one tag
-- `<concept>@<recall target>` per target whose threshold the note's vector reaches, and the
-- classifier that wrote them (model name + trainedAt). The `classifier:<C>` expansion filters
-- on them. Rows written before, or tagged by another classifier (after train-concepts), are
-- tagged by the background re-embed pass.
ALTER TABLE search.document
  ADD COLUMN concepts text[],
  ADD COLUMN concept_model text;
CREATE INDEX document_concepts_idx ON search.document USING gin (concepts);
