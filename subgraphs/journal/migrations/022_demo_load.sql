-- npm start's demo data (dev/demo.ts): started when the first start of an empty database
-- begins loading it, finished when every demo export is imported. A start that finds it
-- started and not finished (stopped mid-load: Ctrl-C, a crash) loads it again (the importers
-- leave what was committed unchanged) instead of taking the database for loaded because it
-- holds patients (found in review s33: the README example then answered 1 note of 12 for good).
-- No row: the demo was never loaded here, or loaded before this table existed.
CREATE TABLE journal.demo_load (
  id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
