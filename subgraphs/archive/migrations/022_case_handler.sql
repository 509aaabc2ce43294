-- The case handlers the archive knows (pasientjournalloven § 22 with helsepersonelloven § 21a:
-- the reach of purpose ACCESS_REQUEST follows the saksansvarlig, so a request handed over must
-- go to someone who handles access requests). handOverAccessRequest accepted any non-empty
-- name: a typo, or a name nobody signs in with, left the request with no one who reaches its
-- patient (found in review).
--
-- A case handler is a user id (the token subject) that is or was saksansvarlig of an access
-- request, or has signed in as one: an archivist token on purpose ACCESS_REQUEST (the identity
-- provider's word that the user handles access requests), noted by the access policy when it
-- compiles such a token's reach (lib/policy/policy.ts compileAccessRequests, through
-- note_case_handler below; the columns and the function are the contract, as in 014, 018-020).
CREATE TABLE archive.case_handler (
  user_id text PRIMARY KEY,
  -- 'access_request': saksansvarlig of a request when this table was made; 'token': signed in.
  known_from text NOT NULL CHECK (known_from IN ('access_request', 'token')),
  known_since timestamptz NOT NULL DEFAULT now()
);

INSERT INTO archive.case_handler (user_id, known_from)
SELECT DISTINCT saksansvarlig, 'access_request' FROM archive.access_request;

CREATE FUNCTION archive.note_case_handler(handler text)
RETURNS void
LANGUAGE sql VOLATILE AS $$
  INSERT INTO archive.case_handler (user_id, known_from) VALUES (handler, 'token')
  ON CONFLICT (user_id) DO NOTHING
$$;
