/**
 * Stop 46 (task F): a later decision changing a coercion decision's approval — the barneverns- og
 * helsenemnda on a complaint against Statsforvalteren's decision or a court (hol. § 9-11), or
 * Statsforvalteren reversing its own (forvaltningsloven § 35) — as a real, audited operation:
 * 1. the GraphQL mutation recordCoercionApprovalChange (journalansvarlig or archivist, lib/policy
 *    ACTIONS), zod-validated, a required reason, logged, the same effect as the CLI
 *    coercion-approval-change (one shared code path: approval-change.ts), a new row, never an update;
 * 2. the dossier and the evidence bundle list each change explicitly (who, when, what, legal basis);
 * 3. a source revision of the decision stored after a change: the change still applies (it stands
 *    until a new decision), and the conflict is flagged for an archivist
 *    (CoercionApprovalChange.laterSourceRevisions, coercionApprovalChangeConflicts).
 * The tests run in order: each builds on the state the one before left.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, type Stack } from '../scripts/stack';
import { importCoercionPath } from '../subgraphs/coercion/import';
import { runImport } from '../subgraphs/journal/import/run';
import { describeWithFixtures, fixture } from '../dev/fixtures';
import { unzipAll } from '../dev/zip';
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
    id decisionId decidedBy body law bindsFrom outcome measures validTo reason recordedBy recordedAt
    laterSourceRevisions { version storedAt reason } } }`;

describeWithFixtures('stop 46: a change of a coercion approval as a real, audited operation', () => {
  let tdb: TestDatabase;
  let stack: Stack;
  let prefix: string;
  let legal: string;
  let ansvarlig: string;
  let archivist: string;
  let archivistOnRequest: string;
  let dir: string;

  const call = (as: string, query: string, variables?: Record<string, unknown>) =>
    gql(stack.gateway.url, query, { token: as, variables });

  const changeRows = async () =>
    Number(
      (await tdb.db.query<{ n: string }>('SELECT count(*) AS n FROM coercion.approval_change')).rows[0]!.n,
    );

  const decisionVersions = async () =>
    Number(
      (
        await tdb.db.query<{ n: string }>(
          `SELECT count(*) AS n FROM coercion.record_version WHERE record_table = 'decision' AND record_key = 'TVD-200214'`,
        )
      ).rows[0]!.n,
    );

  async function verdicts(): Promise<Map<string, string>> {
    const r = await call(
      legal,
      `query ($nid: String!) { patientByNationalId(nationalId: $nid) {
        coercionExecutions(from: "2023-01-01", to: "2023-12-31") { id verdict } } }`,
      { nid: LARS },
    );
    expect(r.body.errors).toBeUndefined();
    return new Map(
      r.body.data.patientByNationalId.coercionExecutions.map((e: { id: string; verdict: string }) => [
        e.id,
        e.verdict,
      ]),
    );
  }

  async function patientId(): Promise<string> {
    const r = await call(legal, `{ patientByNationalId(nationalId: "${LARS}") { id } }`);
    return r.body.data.patientByNationalId.id as string;
  }

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
    dir = mkdtempSync(join(tmpdir(), 'hs-s46-approval-'));
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
      { id: 'M-s46-approval', nationalIds: [LARS], purpose: 'COMPLAINT' },
      { sub: 'jurist-s46-approval', purpose: 'COMPLAINT' },
    );
    ansvarlig = await stack.token({
      sub: 'journalansvarlig-s46',
      role: 'journalansvarlig',
      purpose: 'RECORD_CORRECTION',
    });
    archivist = await stack.token({
      sub: 'arkivar-s46',
      role: 'archivist',
      purpose: 'ARCHIVE_ADMINISTRATION',
    });
    archivistOnRequest = await stack.token({
      sub: 'arkivar-s46-innsyn',
      role: 'archivist',
      purpose: 'ACCESS_REQUEST',
    });
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await tdb?.drop();
    if (prefix) await dropIndexes(prefix);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('hol. § 9-11, forvaltningsloven § 35 (lib/policy ACTIONS recordCoercionApprovalChange): a legal user, and an archivist not administering the archive, are FORBIDDEN and the refusal is logged under the person; nothing is stored', async () => {
    for (const [token, rule] of [
      [legal, /recordCoercionApprovalChange needs role journalansvarlig or archivist/],
      [archivistOnRequest, /recordCoercionApprovalChange needs purpose ARCHIVE_ADMINISTRATION/],
    ] as const) {
      const r = await call(token, RECORD, { input: input() });
      expect(r.body.data?.recordCoercionApprovalChange ?? null).toBeNull();
      expect(r.body.errors?.[0]).toMatchObject({
        message: expect.stringMatching(rule),
        extensions: { code: 'FORBIDDEN' },
      });
    }
    const denied = await tdb.db.query<{ user_id: string; patient_id: string }>(
      `SELECT user_id, patient_id FROM audit.access_log
        WHERE outcome = 'denied' AND entity_type = 'recordCoercionApprovalChange' ORDER BY user_id`,
    );
    expect(denied.rows).toEqual([
      { user_id: 'arkivar-s46-innsyn', patient_id: `nid:${LARS}` },
      { user_id: 'jurist-s46-approval', patient_id: `nid:${LARS}` },
    ]);
    expect(await changeRows()).toBe(0);
  });

  test('hol. § 9-11, forvaltningsloven § 35, helsepersonelloven § 42: bad input is BAD_USER_INPUT naming what is wrong, an unknown decision NOT_FOUND, and nothing is stored', async () => {
    const cases: [Record<string, unknown>, RegExp, string][] = [
      [{ reason: '   ' }, /reason is required: why the approval was changed/, 'BAD_USER_INPUT'],
      [
        { decidedBy: 'KOMMUNEN' },
        /decidedBy must be one of NEMNDA, COURT, STATSFORVALTEREN/,
        'BAD_USER_INPUT',
      ],
      [
        { bindsFrom: '2023-02-30' },
        /bindsFrom must be a date YYYY-MM-DD or an ISO 8601 time with offset/,
        'BAD_USER_INPUT',
      ],
      [
        { bindsFrom: '2023-03-01' },
        /bindsFrom 2023-03-01 is not after 2023-03-17T09:30:00\+01:00, the approval or review in force: a change binds from its own time, never back/,
        'BAD_USER_INPUT',
      ],
      [{ bindsFrom: '2099-01-01' }, /bindsFrom 2099-01-01 is in the future/, 'BAD_USER_INPUT'],
      [
        { outcome: 'APPROVED_IN_PART' },
        /APPROVED_IN_PART needs measures \(the measures approved\)/,
        'BAD_USER_INPUT',
      ],
      [
        { outcome: 'APPROVED_IN_PART', measures: ['skjerming'] },
        /measures: TVD-200214 does not authorise "skjerming"/,
        'BAD_USER_INPUT',
      ],
      [
        { outcome: 'SHORTENED', validTo: '2023-13-01' },
        /SHORTENED needs validTo YYYY-MM-DD/,
        'BAD_USER_INPUT',
      ],
      [{ reason: 'x'.repeat(4001) }, /reason is longer than 4000 characters/, 'BAD_USER_INPUT'],
      [{ decisionId: 'TVD-NOSUCH' }, /no coercion decision TVD-NOSUCH/, 'NOT_FOUND'],
    ];
    for (const [over, message, code] of cases) {
      const r = await call(ansvarlig, RECORD, { input: input(over) });
      expect([over, r.body.data?.recordCoercionApprovalChange ?? null]).toEqual([over, null]);
      expect([over, r.body.errors?.[0]]).toMatchObject([
        over,
        { message: expect.stringMatching(message), extensions: { code } },
      ]);
    }
    expect(await changeRows()).toBe(0);
  });

  test('hol. § 9-11, forvaltningsloven § 35, helsepersonelloven § 42: the journalansvarlig records the nemnda refusing an approval; it binds from its own time as the CLI records it, is a new row beside the approval (never an update of the decision), and the record is logged under the person', async () => {
    const before = await verdicts();
    expect(before.get('TVG-300113')).toBe('VALID');
    expect(before.get('TVG-300166')).toBe('VALID');
    const versions = await decisionVersions();
    const LOGGED = `SELECT patient_id, entity_ids, role, purpose FROM audit.access_log
        WHERE user_id = 'journalansvarlig-s46' AND outcome = 'granted' AND entity_type = 'coercion_decision'`;
    const loggedBefore = (await tdb.db.query(LOGGED)).rows.length;
    const r = await call(ansvarlig, RECORD, { input: input() });
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.recordCoercionApprovalChange).toMatchObject({
      decisionId: 'TVD-200214',
      decidedBy: 'NEMNDA',
      body: 'barneverns- og helsenemnda',
      law: 'hol. § 9-11',
      bindsFrom: '2023-08-15T10:00:00+02:00',
      outcome: 'REFUSED',
      measures: null,
      validTo: null,
      reason: REASON,
      recordedBy: 'journalansvarlig-s46',
      laterSourceRevisions: [],
    });
    // The same effect as the CLI (test/coercion-gaps-s45.e2e.test.ts): before it as approved, after it refused.
    const after = await verdicts();
    expect(after.get('TVG-300113')).toBe('VALID');
    expect(after.get('TVG-300166')).toBe('NO_VALID_DECISION');
    // A new row; the decision itself is not rewritten (no version kept of it), its approval kept.
    expect(await changeRows()).toBe(1);
    expect(await decisionVersions()).toBe(versions);
    const d = await tdb.db.query<{ approved_at: Date }>(
      `SELECT approved_at FROM coercion.decision WHERE id = 'TVD-200214'`,
    );
    expect(d.rows[0]!.approved_at.toISOString()).toBe('2023-03-17T08:30:00.000Z');
    // Logged: the journalansvarlig's write, under the person, naming the decision.
    const logged = await tdb.db.query<{
      patient_id: string;
      entity_ids: string[];
      role: string;
      purpose: string;
    }>(`${LOGGED} ORDER BY id OFFSET ${loggedBefore}`);
    expect(logged.rows).toEqual([
      {
        patient_id: `nid:${LARS}`,
        entity_ids: ['TVD-200214'],
        role: 'journalansvarlig',
        purpose: 'RECORD_CORRECTION',
      },
    ]);
    // A second change not after the first is refused, naming it (as the CLI).
    const back = await call(archivist, RECORD, {
      input: input({ outcome: 'APPROVED', bindsFrom: '2023-08-01' }),
    });
    expect(back.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(
        /bindsFrom 2023-08-01 is not after 2023-08-15T10:00:00\+02:00, the last change recorded: a change binds from its own time, never back/,
      ),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(await changeRows()).toBe(1);
  });

  test('hol. § 9-11, forvaltningsloven § 35: the dossier lists each approval change of a decision explicitly (who, when, what, legal basis, why, who recorded it), through the gateway, and the evidence bundle prints it', async () => {
    const pid = await patientId();
    const r = await call(
      legal,
      `query ($pid: ID!) { dossier(patientId: $pid, window: { from: "2023-01-01", to: "2023-12-31" }) {
        items { recordId details { label value } } } }`,
      { pid },
    );
    expect(r.body.errors).toBeUndefined();
    const item = (
      r.body.data.dossier.items as { recordId: string; details: { label: string; value: string }[] }[]
    ).find((i) => i.recordId === 'TVD-200214')!;
    const expected = `barneverns- og helsenemnda (hol. § 9-11) 2023-08-15T10:00:00+02:00: REFUSED, binding from then; reason: ${REASON}; recorded by journalansvarlig-s46 `;
    const change = item.details.find((d) => d.label === 'approval change 1');
    expect(change?.value.startsWith(expected)).toBe(true);
    const b = await call(
      legal,
      `mutation ($input: ExportBundleInput!) { exportBundle(input: $input) { path } }`,
      {
        input: {
          patientId: pid,
          requester: 'Statsforvalteren',
          window: { from: '2023-01-01', to: '2023-12-31' },
        },
      },
    );
    expect(b.body.errors).toBeUndefined();
    const files = await unzipAll(b.body.data.exportBundle.path);
    const it = JSON.parse(files.get('items.json')!.toString('utf8')).items.find(
      (i: { id: string }) => i.id === 'COERCION_DECISION:TVD-200214',
    );
    expect(String(it.details['approval change 1']).startsWith(expected)).toBe(true);
  });

  test('hol. § 9-11, forvaltningsloven § 35, helsepersonelloven § 42: a source revision of the decision stored after an approval change does not undo it (the change stands until a new decision), and the conflict is flagged for an archivist (laterSourceRevisions, coercionApprovalChangeConflicts, the dossier)', async () => {
    const line = readFileSync(fixture('helseplattformen', 'Coercion.ndjson'), 'utf8')
      .split('\n')
      .find((l) => l.includes('"id":"TVD-200214"'))!;
    const LIST = `{ coercionApprovalChangeConflicts { decisionId change { decidedBy bindsFrom outcome }
      laterSourceRevisions { version } rule } }`;
    // The decision again, only its responsible person corrected: a version is kept, but it says the
    // same of what the body decided on (legal basis, measures, period, approval), so no conflict.
    writeFileSync(
      join(dir, 'Coercion-resent.ndjson'),
      JSON.stringify({ ...JSON.parse(line), decidedBy: '9144271' }) + '\n',
    );
    const versions = await decisionVersions();
    await importCoercionPath(tdb.db, join(dir, 'Coercion-resent.ndjson'));
    expect(await decisionVersions()).toBe(versions + 1);
    const same = await call(archivist, LIST);
    expect(same.body.errors).toBeUndefined();
    expect(same.body.data.coercionApprovalChangeConflicts).toEqual([]);
    // Helseplattformen exports the decision again, revised: valid to 2024-09-30, one measure more.
    const revised = { ...JSON.parse(line), validTo: '2024-09-30' };
    revised.measures = [...revised.measures, 'skjerming'];
    writeFileSync(join(dir, 'Coercion.ndjson'), JSON.stringify(revised) + '\n');
    const [res] = await importCoercionPath(tdb.db, join(dir, 'Coercion.ndjson'));
    expect(res!.quarantined).toEqual([]);
    // The change still applies: the execution after it stays without a valid decision.
    expect((await verdicts()).get('TVG-300166')).toBe('NO_VALID_DECISION');
    const x = await call(
      legal,
      `query ($nid: String!) { patientByNationalId(nationalId: $nid) {
        coercionDecisions(from: "2023-08-01", to: "2023-08-31") { id lastValidDay
          approvalChanges { outcome laterSourceRevisions { version storedAt reason } } } } }`,
      { nid: LARS },
    );
    expect(x.body.errors).toBeUndefined();
    const d = x.body.data.patientByNationalId.coercionDecisions.find(
      (e: { id: string }) => e.id === 'TVD-200214',
    );
    expect(d.lastValidDay).toBe('2023-08-15');
    expect(d.approvalChanges).toHaveLength(1);
    expect(d.approvalChanges[0].laterSourceRevisions).toEqual([
      {
        version: expect.any(Number),
        storedAt: expect.any(String),
        reason: expect.stringMatching(/later source export/),
      },
    ]);
    const version = d.approvalChanges[0].laterSourceRevisions[0].version as number;
    // Numbered as the decision's history: the current version, one after the last kept.
    const h = await call(
      legal,
      `query ($nid: String!) { patientByNationalId(nationalId: $nid) {
        coercionDecisions(from: "2023-08-01", to: "2023-08-31") { id history { version } } } }`,
      { nid: LARS },
    );
    expect(h.body.errors).toBeUndefined();
    const history = h.body.data.patientByNationalId.coercionDecisions.find(
      (e: { id: string }) => e.id === 'TVD-200214',
    ).history as { version: number }[];
    expect(version).toBe(history.at(-1)!.version + 1);
    // The archivist's listing.
    const ARCHIVIST_LOG = `SELECT patient_id, entity_ids FROM audit.access_log
        WHERE user_id = 'arkivar-s46' AND outcome = 'granted' AND entity_type = 'coercion_decision' ORDER BY id`;
    const loggedBefore = (await tdb.db.query(ARCHIVIST_LOG)).rows.length;
    const l = await call(archivist, LIST);
    expect(l.body.errors).toBeUndefined();
    expect(l.body.data.coercionApprovalChangeConflicts).toEqual([
      {
        decisionId: 'TVD-200214',
        change: { decidedBy: 'NEMNDA', bindsFrom: '2023-08-15T10:00:00+02:00', outcome: 'REFUSED' },
        laterSourceRevisions: [{ version }],
        rule: expect.stringMatching(/still applies/),
      },
    ]);
    const logged = await tdb.db.query<{ patient_id: string; entity_ids: string[] }>(
      `${ARCHIVIST_LOG} OFFSET ${loggedBefore}`,
    );
    expect(logged.rows).toEqual([{ patient_id: `nid:${LARS}`, entity_ids: ['TVD-200214'] }]);
    // Not a legal user's list.
    const refused = await call(legal, LIST);
    expect(refused.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/coercionApprovalChangeConflicts needs role archivist/),
      extensions: { code: 'FORBIDDEN' },
    });
    // The dossier says it beside the change.
    const r = await call(
      legal,
      `query ($pid: ID!) { dossier(patientId: $pid, window: { from: "2023-01-01", to: "2023-12-31" }) {
        items { recordId details { label value } } } }`,
      { pid: await patientId() },
    );
    expect(r.body.errors).toBeUndefined();
    const item = (
      r.body.data.dossier.items as { recordId: string; details: { label: string; value: string }[] }[]
    ).find((i) => i.recordId === 'TVD-200214')!;
    expect(item.details.find((t) => t.label === 'approval change 1')?.value).toMatch(
      new RegExp(`the source revised the decision after it was recorded \\(version ${version}, `),
    );
  });

  test('hol. § 9-11, forvaltningsloven § 35: two changes recorded at once are checked in turn: one waits for the other, then is refused when it binds from before it (each binds from its own time, never back)', async () => {
    // Another writer records a change binding from 1 September and has not committed yet; the
    // decision row is locked as recordCheckedApprovalChange locks it.
    const other = await tdb.db.session();
    try {
      await other.query('BEGIN');
      await other.query(`SELECT 1 FROM coercion.decision WHERE id = 'TVD-200214' FOR UPDATE`);
      await other.query(
        `INSERT INTO coercion.approval_change (decision_id, decided_by, binds_from, outcome, reason, recorded_by)
         VALUES ('TVD-200214', 'COURT', '2023-09-01T00:00:00+02:00', 'REFUSED', 'Tingretten', 'test-s46')`,
      );
      const pending = call(ansvarlig, RECORD, {
        input: input({ outcome: 'APPROVED', bindsFrom: '2023-08-20', reason: 'Nemnda omgjør' }),
      });
      // The mutation waits for the lock (it read nothing yet of the other change).
      for (let i = 0; i < 100; i++) {
        const w = await tdb.db.query(
          `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%FOR UPDATE%' AND pid <> pg_backend_pid()`,
        );
        if (w.rowCount) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await other.query('COMMIT');
      const r = await pending;
      expect(r.body.data?.recordCoercionApprovalChange ?? null).toBeNull();
      expect(r.body.errors?.[0]).toMatchObject({
        message: expect.stringMatching(
          /bindsFrom 2023-08-20 is not after 2023-09-01T00:00:00\+02:00, the last change recorded/,
        ),
        extensions: { code: 'BAD_USER_INPUT' },
      });
    } finally {
      other.release();
    }
    const binds = await tdb.db.query<{ binds_from: Date }>(
      `SELECT binds_from FROM coercion.approval_change WHERE decision_id = 'TVD-200214' ORDER BY id`,
    );
    expect(binds.rows.map((b) => b.binds_from.toISOString())).toEqual([
      '2023-08-15T08:00:00.000Z',
      '2023-08-31T22:00:00.000Z',
    ]);
  });
});
