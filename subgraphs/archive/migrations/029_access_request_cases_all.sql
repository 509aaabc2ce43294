-- Every access-request case (innsynssak), open or closed, with its case handler, for the access
-- policy's search scope of a role that reads no access request (lib/policy/policy.ts
-- compileReach, AccessPolicy.readsNoRequests and searchExcludedCases). pasient- og
-- brukerrettighetsloven § 5-1 with pasientjournalloven § 22: a request and its case (the
-- requester, the legal interest, the letters) are read by those who answer it or build a matter
-- on it; a journalansvarlig, who reaches every patient to decide corrections, deletions and moves
-- (helsepersonelloven § 39 andre ledd), does not, and the archive refuses the cases on its own
-- paths (subgraphs/archive/resolvers.ts reachableCase). As with 020, the columns are the
-- contract: no other room reads the archive's tables.
CREATE FUNCTION archive.access_request_cases()
RETURNS TABLE (saksmappe_id text, saksansvarlig text)
LANGUAGE sql STABLE AS $$
  SELECT a.saksmappe_id, a.saksansvarlig FROM archive.access_request a
$$;
