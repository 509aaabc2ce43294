/**
 * Fix FX8 (review of stop 46): recordCoercionApprovalChange on the embedded database (`npm start`,
 * PGlite). The mutation's check of the decision (the policy check and the read logged under the
 * person: pasientjournalforskriften § 14 with pasientjournalloven § 22) runs inside the decision's
 * transaction (approval-change.ts recordCheckedApprovalChange). It looked the person up through
 * ctx.db, not the transaction: on PGlite a query outside the open transaction waits for the lock the
 * transaction holds, and never finishes (the whole process waits behind it). The lookup the request
 * had not cached: a migrated decision (two source systems) under an H-nummer, whose read is logged
 * once per source system (resolvers.ts auditSubjectsWith). Before the fix the mutation never
 * answered (the jest timeout below).
 */
import { withCheckDigits } from '../dev/generator';
import { gql, testConfig } from '../dev/services';
import { startStack, type Stack } from '../scripts/stack';

let stack: Stack;

const H = withCheckDigits(184_270_670);
const DECISION = 'V-2021-FX8';

beforeAll(async () => {
  stack = await startStack(testConfig({ databaseUrl: undefined, elasticsearchUrl: undefined }), {
    indexerIntervalMs: 3_600_000,
  });
  // A decision migrated from Gerica into Helseplattformen (two rows in decision_source) under an
  // H-nummer: its number is neither system's key (same-execution.ts rowHelpKey returns null).
  await stack.db.query(
    `INSERT INTO coercion.decision (id, patient_nid, legal_basis, measures, valid_from, valid_to, decided_at, approved_at, source_system, source_id)
     VALUES ($1, $2, 'Hol. § 9-5 tredje ledd bokstav c', ARRAY['fysisk holding ved stell'], '2021-03-01', '2022-02-28',
             '2021-02-15T10:00:00+01:00', '2021-02-26T10:00:00+01:00', 'GERICA', 'FX8-G')`,
    [DECISION, H],
  );
  await stack.db.query(
    `INSERT INTO coercion.decision_source (source_system, source_id, decision_id)
     VALUES ('GERICA', 'FX8-G', $1), ('HELSEPLATTFORMEN', 'FX8-HP', $1) ON CONFLICT DO NOTHING`,
    [DECISION],
  );
}, 180_000);

afterAll(async () => {
  await stack?.stop();
}, 30_000);

test('pasientjournalforskriften § 14, pasientjournalloven § 22, hol. § 9-11: on PGlite a change of the approval of a migrated decision under an H-nummer is recorded (no lock-up inside its transaction) and the read is logged once per source system', async () => {
  expect(stack.db.kind).toBe('pglite');
  const ansvarlig = await stack.token({
    sub: 'journalansvarlig-fx8',
    role: 'journalansvarlig',
    purpose: 'RECORD_CORRECTION',
  });
  const r = await gql(
    stack.gateway.url,
    `mutation ($input: CoercionApprovalChangeInput!) {
       recordCoercionApprovalChange(input: $input) { decisionId decidedBy outcome } }`,
    {
      token: ansvarlig,
      variables: {
        input: {
          decisionId: DECISION,
          decidedBy: 'NEMNDA',
          outcome: 'REFUSED',
          bindsFrom: '2021-06-01',
          reason: 'Klage tatt til følge',
        },
      },
    },
  );
  expect(r.body.errors).toBeUndefined();
  expect(r.body.data.recordCoercionApprovalChange).toEqual({
    decisionId: DECISION,
    decidedBy: 'NEMNDA',
    outcome: 'REFUSED',
  });
  const logged = await stack.db.query<{ patient_id: string; entity_ids: string[] }>(
    `SELECT patient_id, entity_ids FROM audit.access_log
      WHERE user_id = 'journalansvarlig-fx8' AND outcome = 'granted' AND entity_type = 'coercion_decision'
      ORDER BY patient_id`,
  );
  expect(logged.rows).toEqual([
    { patient_id: `nid:GERICA:${H}`, entity_ids: [DECISION] },
    { patient_id: `nid:HELSEPLATTFORMEN:${H}`, entity_ids: [DECISION] },
  ]);
  const stored = await stack.db.query(`SELECT 1 FROM coercion.approval_change WHERE decision_id = $1`, [
    DECISION,
  ]);
  expect(stored.rowCount).toBe(1);
}, 30_000);
