-- The access requests of one case handler, each with its case, for the access policy
-- (lib/policy/policy.ts compileAccessRequests) and the access log. Pasientjournalloven §§ 16
-- and 22 with pasientjournalforskriften § 14: access is logged with who, what and why, and a
-- case handler's read on purpose ACCESS_REQUEST is allowed by one request; the log names it
-- (audit.access_log.matter, the request's saksmappe id), as a legal user's names the matter.
-- open_access_request_persons_of_handler (019) gave the persons only, so a read could not be
-- tied to its request (review s43, case 1: matter NULL on every such row).
--
-- Each request not closed whose saksansvarlig is `handler` (a token subject), and, when
-- `named` (the token's claim matter: the request's saksmappe id or its case number, mappe_id)
-- is one of that handler's requests, that one whatever its state, so a token naming a closed
-- request is told so. Another handler's request, or an
-- unknown id, gives no row: its existence and state are not told to a non-handler. As with 014,
-- 018, 019 and 020, the columns are the contract: no other room reads the archive's tables.
CREATE FUNCTION archive.access_requests_of_handler(handler text, named text)
RETURNS TABLE (saksmappe_id text, mappe_id text, patient_id text, national_id text, closed boolean)
LANGUAGE sql STABLE AS $$
  SELECT a.saksmappe_id::text, s.mappe_id::text, a.patient_id::text, a.patient_national_id::text,
         a.closed_at IS NOT NULL
    FROM archive.access_request a
    JOIN archive.saksmappe s ON s.id = a.saksmappe_id
   WHERE a.saksansvarlig = handler
     AND (a.closed_at IS NULL OR a.saksmappe_id = named OR s.mappe_id = named)
$$;
