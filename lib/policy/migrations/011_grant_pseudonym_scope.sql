-- Research pseudonyms are stable within a project and unlinkable across projects (DOMAIN.md
-- "Research"; personopplysningsloven art. 89 (1), GDPR art. 4 (5) pseudonymisation,
-- helseforskningsloven § 33 / § 35: data to the project the approval names).
--
-- Until this migration a pseudonym was HMAC(key, 'pseudonym', grant id, person key): two grants
-- of one project (a REK approval and a later one for another source, a renewal after expiry)
-- gave a person two pseudonyms, and the project could not link its own extracts. Now it is
-- HMAC(key, 'pseudonym', pseudonym_scope, person key) (lib/policy/research.ts pseudonym), and
-- the date shift of a SHIFTED grant is keyed the same way (shiftDays).
--
-- pseudonym_scope of a grant registered from now on: 'project:' followed by its project id,
-- trimmed and case-folded (research.ts pseudonymScopeOf); every version of a grant keeps the
-- scope of its first (grant-store.ts insertGrantVersion), whatever an amendment does to the
-- project id. A grant id cannot hold ':' (research.ts GRANT_ID), so no project scope is ever a
-- grant id.
--
-- Every grant registered before: its own grant id, exactly the HMAC input of before, so the
-- pseudonyms (and date shifts) its extracts already carry do not change. Such a grant stays
-- unlinked to the other grants of its project (lib/policy/README.md "Pseudonym scope").
ALTER TABLE policy.research_grant ADD COLUMN pseudonym_scope text;
UPDATE policy.research_grant SET pseudonym_scope = id;
ALTER TABLE policy.research_grant ALTER COLUMN pseudonym_scope SET NOT NULL;
