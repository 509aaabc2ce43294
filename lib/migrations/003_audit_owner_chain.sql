-- An access log the application cannot rewrite (pasientjournalloven § 22,
-- pasientjournalforskriften § 14; Normen 6.0 "Logging og oppfølging av logger").
--
-- 1. The log is owned by helsespor_audit_owner, a role nobody logs in as. The application's
--    login is a member of helsespor_audit_writer only: INSERT and SELECT on the log, nothing
--    else. Not being the owner, it cannot DISABLE TRIGGER, DROP, ALTER, UPDATE, DELETE or
--    TRUNCATE; not being a superuser, it cannot SET session_replication_role = replica.
-- 2. Every row carries the SHA-256 of the row before it (a hash chain): seq is gap-free,
--    prev_hash is the hash of row seq-1, hash covers prev_hash and every field of the row.
--    A BEFORE INSERT trigger (running as the owner) assigns id, seq, logged_at, prev_hash
--    and hash under a row lock on audit.chain_head, so concurrent inserts chain in one line;
--    whatever the inserter puts in those columns is overwritten. `npm run cli -- verify-audit`
--    (lib/audit-chain.ts) recomputes the chain independently of this SQL.
--
-- This migration needs a login that may create roles (a superuser, or a CREATEROLE login):
-- DATABASE_ADMIN_URL, see README.md "Access log". Roles are cluster-wide, so creating them
-- tolerates another database (or a concurrent migration) having created them first.
DO $$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['helsespor_audit_owner', 'helsespor_audit_writer'] LOOP
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
      BEGIN
        EXECUTE format('CREATE ROLE %I NOLOGIN', r);
      EXCEPTION
        WHEN duplicate_object OR unique_violation THEN NULL;
        WHEN insufficient_privilege THEN
          RAISE EXCEPTION 'creating role % needs a login that may create roles: set DATABASE_ADMIN_URL (see README.md, Access log)', r;
      END;
    END IF;
  END LOOP;
  -- A CREATEROLE (non-superuser) migrator must be a member of the owner to hand it the log.
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
     AND NOT pg_has_role(current_user, 'helsespor_audit_owner', 'MEMBER') THEN
    EXECUTE format('GRANT helsespor_audit_owner TO %I', current_user);
  END IF;
END
$$;

ALTER TABLE audit.access_log ADD COLUMN seq bigint;
ALTER TABLE audit.access_log ADD COLUMN prev_hash text;
ALTER TABLE audit.access_log ADD COLUMN hash text;

-- One field of the canonical form: its UTF-8 length, a colon and the text; NULL is 'N'.
CREATE FUNCTION audit.hash_field(v text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN v IS NULL THEN 'N' ELSE octet_length(v)::text || ':' || v END
$$;

-- The hash of a row: SHA-256 (hex) over 'helsespor-audit-v1', prev_hash and every field,
-- each as hash_field, joined by '|'; entity_ids as its element count then each element;
-- logged_at as microseconds since 1970-01-01 UTC. lib/audit-chain.ts computes the same.
CREATE FUNCTION audit.row_hash(r audit.access_log) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(concat_ws('|',
    'helsespor-audit-v1',
    audit.hash_field(r.prev_hash),
    audit.hash_field(r.id::text),
    audit.hash_field(r.seq::text),
    audit.hash_field((extract(epoch FROM r.logged_at) * 1000000)::bigint::text),
    audit.hash_field(r.request_id),
    audit.hash_field(r.user_id),
    audit.hash_field(r.role),
    audit.hash_field(r.purpose),
    audit.hash_field(r.matter),
    audit.hash_field(r.organisation),
    audit.hash_field(CASE WHEN r.self_authorized THEN 't' ELSE 'f' END),
    audit.hash_field(r.subgraph),
    audit.hash_field(r.patient_id),
    audit.hash_field(r.entity_type),
    audit.hash_field(coalesce(cardinality(r.entity_ids), 0)::text),
    coalesce((SELECT string_agg(audit.hash_field(e), '|' ORDER BY n) FROM unnest(r.entity_ids) WITH ORDINALITY AS u(e, n)), ''),
    audit.hash_field(r.outcome),
    audit.hash_field(r.rule)
  ), 'UTF8')), 'hex')
$$;

-- Chain the rows written before this migration, in id order.
ALTER TABLE audit.access_log DISABLE TRIGGER access_log_append_only;

DO $$
DECLARE
  r audit.access_log;
  prev text := repeat('0', 64);
  n bigint := 0;
BEGIN
  FOR r IN SELECT * FROM audit.access_log ORDER BY id LOOP
    n := n + 1;
    r.seq := n;
    r.prev_hash := prev;
    r.hash := audit.row_hash(r);
    UPDATE audit.access_log SET seq = r.seq, prev_hash = r.prev_hash, hash = r.hash WHERE id = r.id;
    prev := r.hash;
  END LOOP;
END
$$;

ALTER TABLE audit.access_log ENABLE TRIGGER access_log_append_only;

ALTER TABLE audit.access_log ALTER COLUMN seq SET NOT NULL;
ALTER TABLE audit.access_log ALTER COLUMN prev_hash SET NOT NULL;
ALTER TABLE audit.access_log ALTER COLUMN hash SET NOT NULL;
ALTER TABLE audit.access_log ADD CONSTRAINT access_log_seq_key UNIQUE (seq);
-- The trigger assigns id from the sequence; the inserter needs no right on the sequence.
ALTER TABLE audit.access_log ALTER COLUMN id DROP DEFAULT;

-- The head of the chain: the last seq and its hash (one row). Also lets verify-audit see
-- that rows were cut off the end.
CREATE TABLE audit.chain_head (
  id int PRIMARY KEY CHECK (id = 1),
  last_seq bigint NOT NULL,
  last_hash text NOT NULL
);

INSERT INTO audit.chain_head (id, last_seq, last_hash)
SELECT 1, coalesce(max(seq), 0),
       coalesce((SELECT hash FROM audit.access_log ORDER BY seq DESC LIMIT 1), repeat('0', 64))
  FROM audit.access_log;

CREATE FUNCTION audit.chain_row() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  head audit.chain_head;
BEGIN
  -- The row lock serialises writers until commit; under READ COMMITTED a waiter then reads
  -- the head its predecessor wrote, so the chain has one line however many write at once.
  SELECT * INTO head FROM audit.chain_head WHERE id = 1 FOR UPDATE;
  NEW.id := nextval('audit.access_log_id_seq');
  NEW.seq := head.last_seq + 1;
  NEW.logged_at := clock_timestamp();
  NEW.prev_hash := head.last_hash;
  NEW.hash := audit.row_hash(NEW);
  UPDATE audit.chain_head SET last_seq = NEW.seq, last_hash = NEW.hash WHERE id = 1;
  RETURN NEW;
END;
$$;

CREATE TRIGGER access_log_chain
  BEFORE INSERT ON audit.access_log
  FOR EACH ROW EXECUTE FUNCTION audit.chain_row();

-- Hand everything to the owner; the writer gets INSERT and SELECT on the log, SELECT on
-- the head, and nothing on the functions beyond what PUBLIC has.
ALTER SCHEMA audit OWNER TO helsespor_audit_owner;
ALTER TABLE audit.access_log OWNER TO helsespor_audit_owner;
ALTER TABLE audit.chain_head OWNER TO helsespor_audit_owner;
ALTER FUNCTION audit.refuse_change() OWNER TO helsespor_audit_owner;
ALTER FUNCTION audit.hash_field(text) OWNER TO helsespor_audit_owner;
ALTER FUNCTION audit.row_hash(audit.access_log) OWNER TO helsespor_audit_owner;
ALTER FUNCTION audit.chain_row() OWNER TO helsespor_audit_owner;
REVOKE ALL ON SCHEMA audit FROM PUBLIC;
REVOKE ALL ON audit.access_log, audit.chain_head FROM PUBLIC;
REVOKE ALL ON FUNCTION audit.chain_row() FROM PUBLIC;
GRANT USAGE ON SCHEMA audit TO helsespor_audit_writer;
GRANT SELECT, INSERT ON audit.access_log TO helsespor_audit_writer;
GRANT SELECT ON audit.chain_head TO helsespor_audit_writer;
