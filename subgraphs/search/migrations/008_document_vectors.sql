-- Document vectors (search-index/vectors.ts), as the Elasticsearch fields `vector` and
-- `vectorModel`: the learned model's SIF-weighted mean word vector of the text (unit length)
-- and the name of the model that made it. No pgvector here: the knn expansion computes an
-- exact cosine in SQL over the caller's scope (bounded by HELSESPOR_KNN_MAX_SCOPE). Rows
-- written before, or by another model, get their vector from the background re-embed pass.
ALTER TABLE search.document
  ADD COLUMN vector real[],
  ADD COLUMN vector_model text;
