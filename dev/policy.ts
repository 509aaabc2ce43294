/**
 * Tokens for tests that are not about the policy: a legal user on a matter registered over
 * every person the test database knows (journal patients, archive parties, coercion
 * patients), with an open period. Tests about the policy register narrow matters instead.
 */
import { randomBytes } from 'node:crypto';
import type { UserClaims } from '../lib/auth';
import type { Queryable } from '../lib/db';
import type { NewMatter } from '../lib/policy/store';
import { isHNumber } from '../lib/national-id';

/** What this needs of a running stack (scripts/stack.ts): its database and matter tokens. */
interface Stack {
  db: Queryable;
  matterToken(matter: Partial<NewMatter> & { id: string }, claims?: Partial<UserClaims>): Promise<string>;
}

export async function everyoneMatterToken(
  stack: Stack,
  claims: Partial<UserClaims> = {},
  purpose = 'LEGAL_PROCEEDINGS',
): Promise<string> {
  const q = async (sql: string) => {
    try {
      return (await stack.db.query<{ v: string }>(sql)).rows.map((r) => r.v);
    } catch {
      return [];
    }
  };
  const patientIds = await q('SELECT id AS v FROM journal.patient');
  const nationalIds = [
    ...new Set([
      ...(await q('SELECT national_id AS v FROM journal.patient WHERE national_id IS NOT NULL')),
      ...(await q(`SELECT part_id AS v FROM archive.part WHERE part_id ~ '^[0-9]{11}$'`)),
      ...(await q('SELECT national_id AS v FROM archive.person_link')),
      ...(await q(
        'SELECT patient_nid AS v FROM coercion.decision UNION SELECT patient_nid FROM coercion.execution',
      )),
    ]),
    // An H-nummer is no national id a matter may name (insertMatter refuses it): its person is
    // reached through the journal record its source keeps under it (patientIds).
  ].filter((n) => !isHNumber(n));
  return stack.matterToken(
    { id: `M-test-${randomBytes(4).toString('hex')}`, patientIds, nationalIds, purpose },
    { ...claims, purpose },
  );
}
