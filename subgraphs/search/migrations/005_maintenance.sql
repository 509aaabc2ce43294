-- When index maintenance last ran (e.g. the expunge of deleted documents), for searchCoverage.
CREATE TABLE search.maintenance (
  name text PRIMARY KEY,
  ran_at timestamptz NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}'
);
