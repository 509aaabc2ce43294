-- Outbox for the search index: every change to an execution is announced here in the
-- same transaction (by trigger). Drained through subgraphs/coercion/outbox.ts.
CREATE TABLE coercion.outbox (
  seq bigserial PRIMARY KEY,
  entity_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz
);
CREATE INDEX coercion_outbox_pending_idx ON coercion.outbox (seq) WHERE processed_at IS NULL;

CREATE FUNCTION coercion.outbox_execution() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO coercion.outbox (entity_id) VALUES (CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END);
  RETURN NULL;
END;
$$;
CREATE TRIGGER execution_outbox AFTER INSERT OR UPDATE OR DELETE ON coercion.execution
  FOR EACH ROW EXECUTE FUNCTION coercion.outbox_execution();
