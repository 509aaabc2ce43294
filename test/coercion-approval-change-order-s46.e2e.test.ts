/**
 * Stop 46, fix FX1: two defects a review found in the coercion approval-change mutation
 * (subgraphs/coercion/approval-change.ts, resolvers.ts recordCoercionApprovalChange).
 * 1. pasientjournalforskriften § 14 (pasientjournalloven § 22): a decisionId with surrounding spaces
 *    named the same decision to the write (zod trims) but to no check: the resolver looked it up raw,
 *    found nothing, and neither checked the caller against the decision nor logged the read under
 *    its person, while the change was stored and its data returned. The decision checked and logged
 *    is now the one written (a callback on the locked decision).
 * 2. hol. § 9-11, forvaltningsloven § 35: a source revision stored after a change is flagged
 *    (laterSourceRevisions). Both times defaulted to now(), the transaction's start: an import whose
 *    transaction began before the change's and wrote the revision after it had committed kept a
 *    replaced_at before the change's recorded_at and went unflagged. Both are clock_timestamp() now
 *    (coercion migration 023), so the order the locks impose is the order the times say.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, type Stack } from '../scripts/stack';
import { GRAPHQL_NAMES, recordCheckedApprovalChange } from '../subgraphs/coercion/approval-change';
import { DECISION_LOCK, importCoercionPath } from '../subgraphs/coercion/import';
import { runImport } from '../subgraphs/journal/import/run';
import { describeWithFixtures, fixture } from '../dev/fixtures';
import {
  createTestDatabase,
  dropIndexes,
  gql,
  requireEnv,
  testConfig,
  testIndexPrefix,
  type TestDatabase,
} from '../dev/services';

const LARS = '20888014390';
const REASON = 'Klage fra verge tatt til følge: vilkårene i § 9-5 ikke oppfylt';

const RECORD = `mutation ($input: CoercionApprovalChangeInput!) {
  recordCoercionApprovalChange(input: $input) {
    id decisionId bindsFrom outcome recordedBy recordedAt laterSourceRevisions { version } } }`;

describeWithFixtures(
  'stop 46 FX1: the approval-change mutation checks and logs the decision it writes, and orders a later revision by the locks',
  () => {
    let tdb: TestDatabase;
    let stack: Stack;
    let prefix: string;
    let legal: string;
    let ansvarlig: string;
    let archivist: string;
    let dir: string;

    const call = (as: string, query: string, variables?: Record<string, unknown>) =>
      gql(stack.gateway.url, query, { token: as, variables });

    const changeRows = async () =>
      Number(
        (await tdb.db.query<{ n: string }>('SELECT count(*) AS n FROM coercion.approval_change')).rows[0]!.n,
      );

    const input = (over: Record<string, unknown> = {}) => ({
      decisionId: 'TVD-200214',
      decidedBy: 'NEMNDA',
      outcome: 'REFUSED',
      bindsFrom: '2023-08-15T10:00:00+02:00',
      reason: REASON,
      ...over,
    });

    beforeAll(async () => {
      tdb = await createTestDatabase();
      prefix = testIndexPrefix();
      dir = mkdtempSync(join(tmpdir(), 'hs-s46-fx1-'));
      stack = await startStack(
        testConfig({
          databaseUrl: tdb.url,
          elasticsearchUrl: requireEnv('ELASTICSEARCH_URL'),
          esIndexPrefix: prefix,
          bundleDir: dir,
        }),
        { db: tdb.db, indexerIntervalMs: 60_000 },
      );
      await runImport(tdb.db, 'gerica', fixture('gerica'));
      await runImport(tdb.db, 'hp', fixture('helseplattformen'));
      await importCoercionPath(tdb.db, fixture('gerica'));
      await importCoercionPath(tdb.db, fixture('helseplattformen', 'Coercion.ndjson'));
      await importCoercionPath(tdb.db, fixture('helseplattformen', 'Practitioner.ndjson'));
      legal = await stack.matterToken(
        { id: 'M-s46-fx1', nationalIds: [LARS], purpose: 'COMPLAINT' },
        { sub: 'jurist-s46-fx1', purpose: 'COMPLAINT' },
      );
      ansvarlig = await stack.token({
        sub: 'journalansvarlig-s46-fx1',
        role: 'journalansvarlig',
        purpose: 'RECORD_CORRECTION',
      });
      archivist = await stack.token({
        sub: 'arkivar-s46-fx1',
        role: 'archivist',
        purpose: 'ARCHIVE_ADMINISTRATION',
      });
    }, 180_000);

    afterAll(async () => {
      await stack?.stop();
      await tdb?.drop();
      if (prefix) await dropIndexes(prefix);
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    test('pasientjournalforskriften § 14, hol. § 9-11 (lib/policy ACTIONS recordCoercionApprovalChange): a decisionId with surrounding spaces is checked as the plain id: a legal user is FORBIDDEN and the refusal is logged under the decision’s person, as for the plain id; nothing is stored', async () => {
      for (const decisionId of ['TVD-200214', ' TVD-200214', 'TVD-200214\t ']) {
        const r = await call(legal, RECORD, { input: input({ decisionId }) });
        expect([decisionId, r.body.data?.recordCoercionApprovalChange ?? null]).toEqual([decisionId, null]);
        expect([decisionId, r.body.errors?.[0]]).toMatchObject([
          decisionId,
          {
            message: expect.stringMatching(
              /recordCoercionApprovalChange needs role journalansvarlig or archivist/,
            ),
            extensions: { code: 'FORBIDDEN' },
          },
        ]);
      }
      const denied = await tdb.db.query<{ patient_id: string }>(
        `SELECT patient_id FROM audit.access_log
        WHERE user_id = 'jurist-s46-fx1' AND outcome = 'denied' AND entity_type = 'recordCoercionApprovalChange' ORDER BY id`,
      );
      expect(denied.rows).toEqual([
        { patient_id: `nid:${LARS}` },
        { patient_id: `nid:${LARS}` },
        { patient_id: `nid:${LARS}` },
      ]);
      expect(await changeRows()).toBe(0);
    });

    test('pasientjournalforskriften § 14, hol. § 9-11, forvaltningsloven § 35: the journalansvarlig’s change sent with a padded decisionId (" TVD-200214") is checked against the decision it writes and its read logged under the person, naming the decision', async () => {
      const LOGGED = `SELECT patient_id, entity_ids, outcome FROM audit.access_log
        WHERE user_id = 'journalansvarlig-s46-fx1' AND entity_type = 'coercion_decision' ORDER BY id`;
      const r = await call(ansvarlig, RECORD, { input: input({ decisionId: ' TVD-200214' }) });
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data.recordCoercionApprovalChange).toMatchObject({
        decisionId: 'TVD-200214',
        outcome: 'REFUSED',
        recordedBy: 'journalansvarlig-s46-fx1',
      });
      expect(await changeRows()).toBe(1);
      expect((await tdb.db.query(LOGGED)).rows).toEqual([
        { patient_id: `nid:${LARS}`, entity_ids: ['TVD-200214'], outcome: 'granted' },
      ]);
      // The plain id as well, and a refused change (binds from before the last) is logged too: the
      // refusal quotes the decision.
      const back = await call(ansvarlig, RECORD, {
        input: input({ decisionId: 'TVD-200214 ', outcome: 'APPROVED', bindsFrom: '2023-08-01' }),
      });
      expect(back.body.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/bindsFrom 2023-08-01 is not after 2023-08-15T10:00:00\+02:00/),
        extensions: { code: 'BAD_USER_INPUT' },
      });
      expect(await changeRows()).toBe(1);
      expect((await tdb.db.query(LOGGED)).rows).toHaveLength(2);
      // An unknown decision, padded or not: NOT_FOUND, nothing logged under a person.
      const none = await call(ansvarlig, RECORD, { input: input({ decisionId: ' TVD-NOSUCH ' }) });
      expect(none.body.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/no coercion decision TVD-NOSUCH/),
        extensions: { code: 'NOT_FOUND' },
      });
      expect((await tdb.db.query(LOGGED)).rows).toHaveLength(2);
    });

    test('hol. § 9-11, forvaltningsloven § 35: an HP import whose transaction began before an approval change and wrote the revised decision after the change committed is flagged as a revision after the change (clock_timestamp, coercion migration 023)', async () => {
      const line = readFileSync(fixture('helseplattformen', 'Coercion.ndjson'), 'utf8')
        .split('\n')
        .find((l) => l.includes('"id":"TVD-200214"'))!;
      const revised = { ...JSON.parse(line), validTo: '2024-09-30' };
      revised.measures = [...revised.measures, 'skjerming'];
      writeFileSync(join(dir, 'Coercion.ndjson'), JSON.stringify(revised) + '\n');
      // Another import holds the import's decision lock: this import's transaction begins now and
      // waits for it (import.ts writeDecisions takes it first in the file's transaction).
      const other = await tdb.db.session();
      let imported: ReturnType<typeof importCoercionPath> | undefined;
      try {
        await other.query('BEGIN');
        await other.query('SELECT pg_advisory_xact_lock(hashtext($1))', [DECISION_LOCK]);
        imported = importCoercionPath(tdb.db, join(dir, 'Coercion.ndjson'));
        let waiting = false;
        for (let i = 0; i < 200 && !waiting; i++) {
          const w = await tdb.db.query(
            `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory' AND pid <> pg_backend_pid()`,
          );
          waiting = !!w.rowCount;
          if (!waiting) await new Promise((r) => setTimeout(r, 25));
        }
        expect(waiting).toBe(true);
        // The change is recorded and committed while the import waits.
        const c = await call(archivist, RECORD, {
          input: input({
            decidedBy: 'COURT',
            outcome: 'APPROVED',
            bindsFrom: '2023-09-01',
            reason: 'Tingretten',
          }),
        });
        expect(c.body.errors).toBeUndefined();
        expect(c.body.data.recordCoercionApprovalChange.laterSourceRevisions).toEqual([]);
      } finally {
        await other.query('COMMIT');
        other.release();
      }
      const [res] = await imported!;
      expect(res!.quarantined).toEqual([]);
      // The revision was stored after the change: flagged beside it, and in the archivist's list.
      const x = await call(
        legal,
        `query ($nid: String!) { patientByNationalId(nationalId: $nid) {
        coercionDecisions(from: "2023-08-01", to: "2023-08-31") { id
          approvalChanges { decidedBy outcome laterSourceRevisions { version reason } } } } }`,
        { nid: LARS },
      );
      expect(x.body.errors).toBeUndefined();
      const d = x.body.data.patientByNationalId.coercionDecisions.find(
        (e: { id: string }) => e.id === 'TVD-200214',
      );
      expect(d.approvalChanges.map((a: { decidedBy: string }) => a.decidedBy)).toEqual(['NEMNDA', 'COURT']);
      expect(d.approvalChanges[1].laterSourceRevisions).toEqual([
        { version: expect.any(Number), reason: expect.stringMatching(/later source export/) },
      ]);
      const l = await call(
        archivist,
        `{ coercionApprovalChangeConflicts { decisionId change { decidedBy outcome } laterSourceRevisions { version } } }`,
      );
      expect(l.body.errors).toBeUndefined();
      expect(l.body.data.coercionApprovalChangeConflicts).toEqual(
        expect.arrayContaining([
          {
            decisionId: 'TVD-200214',
            change: { decidedBy: 'COURT', outcome: 'APPROVED' },
            laterSourceRevisions: [{ version: d.approvalChanges[1].laterSourceRevisions[0].version }],
          },
        ]),
      );
      // The times themselves: the revision's replaced_at after the change's recorded_at.
      const t = await tdb.db.query<{ later: boolean }>(
        `SELECT (SELECT max(replaced_at) FROM coercion.record_version WHERE record_table = 'decision' AND record_key = 'TVD-200214')
            > (SELECT max(recorded_at) FROM coercion.approval_change WHERE decision_id = 'TVD-200214') AS later`,
      );
      expect(t.rows[0]!.later).toBe(true);
    });

    test('hol. § 9-11, forvaltningsloven § 35: an HP import that began before an approval change and waited on the decision row the change locked is flagged as a revision after it (the row lock orders them: clock_timestamp, coercion migration 023)', async () => {
      const line = readFileSync(fixture('helseplattformen', 'Coercion.ndjson'), 'utf8')
        .split('\n')
        .find((l) => l.includes('"id":"TVD-200214"'))!;
      const revised = { ...JSON.parse(line), validTo: '2024-10-31' };
      revised.measures = [...revised.measures, 'skjerming'];
      writeFileSync(join(dir, 'Coercion.ndjson'), JSON.stringify(revised) + '\n');
      const waitFor = async (sql: string) => {
        for (let i = 0; i < 200; i++) {
          if ((await tdb.db.query(sql)).rowCount) return true;
          await new Promise((r) => setTimeout(r, 25));
        }
        return false;
      };
      // The import's transaction begins first (T0) and waits for the import's decision lock.
      const other = await tdb.db.session();
      let imported: ReturnType<typeof importCoercionPath> | undefined;
      let change: ReturnType<typeof recordCheckedApprovalChange> | undefined;
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      try {
        await other.query('BEGIN');
        await other.query('SELECT pg_advisory_xact_lock(hashtext($1))', [DECISION_LOCK]);
        imported = importCoercionPath(tdb.db, join(dir, 'Coercion.ndjson'));
        expect(
          await waitFor(
            `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory' AND pid <> pg_backend_pid()`,
          ),
        ).toBe(true);
        // The change's transaction begins later (T1 > T0) and locks the decision row; it holds it
        // (onDecision waits) while the import, let go, waits on that row.
        let locked!: () => void;
        const lockedNow = new Promise<void>((r) => (locked = r));
        change = recordCheckedApprovalChange(
          tdb.db,
          input({
            decidedBy: 'NEMNDA',
            outcome: 'REFUSED',
            bindsFrom: '2023-10-02',
            reason: 'Nemnda på ny',
          }),
          'test-s46-fx1',
          GRAPHQL_NAMES,
          async () => {
            locked();
            await held;
          },
        );
        await lockedNow;
        await other.query('COMMIT');
        expect(
          await waitFor(
            `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event IN ('transactionid', 'tuple') AND pid <> pg_backend_pid()`,
          ),
        ).toBe(true);
      } finally {
        release();
        other.release();
      }
      await change!;
      const [res] = await imported!;
      expect(res!.quarantined).toEqual([]);
      const x = await call(
        legal,
        `query ($nid: String!) { patientByNationalId(nationalId: $nid) {
        coercionDecisions(from: "2023-08-01", to: "2023-08-31") { id
          approvalChanges { bindsFrom laterSourceRevisions { version } } } } }`,
        { nid: LARS },
      );
      expect(x.body.errors).toBeUndefined();
      const d = x.body.data.patientByNationalId.coercionDecisions.find(
        (e: { id: string }) => e.id === 'TVD-200214',
      );
      const last = d.approvalChanges.at(-1);
      expect(last.bindsFrom).toBe('2023-10-02T00:00:00+02:00');
      expect(last.laterSourceRevisions).toEqual([{ version: expect.any(Number) }]);
    });
  },
);
