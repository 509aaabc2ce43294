-- The dossier subgraph stores nothing: it assembles answers from the owning subgraphs.
CREATE SCHEMA IF NOT EXISTS dossier;
