-- Issue 16 (reporting): the unit (enhet) that carried out an execution, when the source
-- names it (Helseplattformen's Coercion.ndjson `unit`); null when it does not (Gerica's
-- tvangsprotokoll has no such column). Coercion statistics count those as 'ukjent enhet'.
ALTER TABLE coercion.execution ADD COLUMN unit text;

CREATE INDEX execution_start_idx ON coercion.execution (start_at);
