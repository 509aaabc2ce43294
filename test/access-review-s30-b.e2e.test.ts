/**
 * Three access findings of a review (who may see what), through the gateway on real
 * PostgreSQL and Elasticsearch with npm start's demo data. Each test failed before its fix.
 * Test names carry the rule's legal source, as the modules do:
 * - pasientjournalloven § 22 (a matter's persons within its period): a case's merknader, and a
 *   journalpost's, are cut to the matter's period by their merknadsdato, as its journalposts are;
 * - pasientjournalloven § 22 and pasientjournalforskriften § 14: a matter is read only while it
 *   gives access (a closed or expired matter's staff read nothing of it, its patients'
 *   ids least of all), and every read of a matter is logged under its patients;
 * - statistikkloven § 7 and personopplysningsloven art. 5 (1) c: a category label taken from
 *   the source's own words (unit, measure, decision type) is published only when the category
 *   counts more than 4 records and 4 people over the whole table; otherwise it is "annet".
 */
import { loadDemoData } from '../dev/demo';
import type { Stack } from '../scripts/stack';
import { gql, type TestDatabase } from '../dev/services';
import { startTestStack, type TestStack } from '../dev/test-stack';
import { insertExecutions, type NewExecution } from '../subgraphs/coercion/store';

let tdb: TestDatabase;
let stack: Stack;
let env: TestStack;
let archivist: string;
let reporting: string;

beforeAll(async () => {
  env = await startTestStack();
  ({ tdb, stack } = env);
  await loadDemoData(tdb.db);
  await stack.index();
  archivist = await stack.token({ sub: 'arkivar-s30', role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });
  reporting = await stack.token({ sub: 'rapport-s30', role: 'reporting', purpose: 'MANAGEMENT_STATISTICS' });
}, 180_000);

afterAll(async () => {
  await env?.stop();
});

const forbiddenMessages = (body: { errors?: { message: string; extensions?: { code?: string } }[] }) =>
  (body.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.message);

/** The access-log rows of a request (by the gateway's x-request-id) or of a user. */
async function logRows(where: 'request_id' | 'user_id', value: string) {
  return (
    await tdb.db.query<{
      patient_id: string;
      entity_type: string;
      entity_ids: string[];
      outcome: string;
      rule: string | null;
    }>(
      `SELECT patient_id, entity_type, entity_ids, outcome, rule FROM audit.access_log
        WHERE ${where} = $1 ORDER BY id`,
      [value],
    )
  ).rows;
}

/** A query through the gateway with its request id (for its access-log rows). */
async function post(token: string, query: string) {
  const res = await fetch(stack.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  return {
    requestId: res.headers.get('x-request-id')!,
    body: (await res.json()) as {
      data?: any;
      errors?: { message: string; extensions?: { code?: string } }[];
    },
  };
}

const merknad = (text: string, date: string) => ({
  merknadstekst: [text],
  merknadstype: ['Merknad fra saksbehandler'],
  merknadsdato: [date],
  merknadRegistrertAv: ['Marte Sand'],
});

describe('merknader and the period of a matter', () => {
  test("pasientjournalloven § 22: a case's merknader, and a journalpost's, are cut to the matter's period by their merknadsdato, as its journalposts are (found in review)", async () => {
    // A case of a person with a journal, with letters on more than two dates.
    const row = (
      await tdb.db.query<{ id: string; person: string; nid: string }>(
        `SELECT s.id, p.id AS person, p.national_id AS nid
           FROM archive.saksmappe s
           JOIN archive.part pt ON pt.saksmappe_id = s.id
           JOIN journal.patient p ON p.national_id = pt.part_id
          WHERE (SELECT count(DISTINCT journaldato) FROM archive.journalpost j WHERE j.saksmappe_id = s.id) > 2
          ORDER BY s.id LIMIT 1`,
      )
    ).rows[0]!;
    const jps = (
      await tdb.db.query<{ id: string; d: string }>(
        `SELECT id, to_char(journaldato, 'YYYY-MM-DD') AS d FROM archive.journalpost
          WHERE saksmappe_id = $1 ORDER BY journaldato, id`,
        [row.id],
      )
    ).rows;
    const dates = [...new Set(jps.map((j) => j.d))].sort();
    const mid = dates[1]!;
    const inPeriod = jps.find((j) => j.d === mid)!;
    // Merknader before, inside (a time of day, Oslo: the date is the local one) and after the period.
    const caseNotes = [
      merknad('Før perioden: purring fra søker', `${dates[0]}T12:00:00+01:00`),
      merknad('I perioden: samtale med søker', `${mid}T12:00:00+01:00`),
      merknad('Etter perioden: klage mottatt', `${dates[dates.length - 1]}T12:00:00+01:00`),
    ];
    const postNotes = [
      merknad('Journalpost i perioden: kopi sendt', `${mid}T13:00:00+01:00`),
      merknad('Journalpost etter perioden: ny opplysning', `${dates[dates.length - 1]}T13:00:00+01:00`),
    ];
    await tdb.db.query(
      `UPDATE archive.saksmappe SET complex = coalesce(complex, '{}'::jsonb) || jsonb_build_object('merknad', $2::jsonb)
        WHERE id = $1`,
      [row.id, JSON.stringify(caseNotes)],
    );
    await tdb.db.query(
      `UPDATE archive.journalpost SET complex = coalesce(complex, '{}'::jsonb) || jsonb_build_object('merknad', $2::jsonb)
        WHERE id = $1`,
      [inPeriod.id, JSON.stringify(postNotes)],
    );
    const token = await stack.matterToken(
      { id: 'M-s30-merknad', nationalIds: [row.nid], periodFrom: mid, periodTo: mid },
      { sub: 'jurist-s30-merknad' },
    );
    const q = `{ saksmappe(id: "${row.id}") { merknader { merknadstekst } journalposter { id merknader { merknadstekst } } } }`;
    const legal = await gql(stack.gateway.url, q, { token });
    expect(legal.body.errors).toBeUndefined();
    const s = legal.body.data.saksmappe;
    expect(s.merknader).toEqual([{ merknadstekst: 'I perioden: samtale med søker' }]);
    expect(s.journalposter.map((j: any) => j.id)).toContain(inPeriod.id);
    expect(s.journalposter.find((j: any) => j.id === inPeriod.id).merknader).toEqual([
      { merknadstekst: 'Journalpost i perioden: kopi sendt' },
    ]);
    // The same case through Patient.cases: the same cut.
    const viaPatient = await gql(
      stack.gateway.url,
      `{ patient(id: "${row.person}") { cases { id merknader { merknadstekst } } } }`,
      { token },
    );
    expect(viaPatient.body.errors).toBeUndefined();
    const c = viaPatient.body.data.patient.cases.find((x: any) => x.id === row.id);
    expect(c.merknader).toEqual([{ merknadstekst: 'I perioden: samtale med søker' }]);
    expect(JSON.stringify([legal.body, viaPatient.body])).not.toMatch(
      /perioden: (purring|klage|ny opplysning)/,
    );
    // The archivist (no period) reads every merknad.
    const all = await gql(stack.gateway.url, q, { token: archivist });
    expect(all.body.data.saksmappe.merknader).toHaveLength(3);
    expect(
      all.body.data.saksmappe.journalposter.find((j: any) => j.id === inPeriod.id).merknader,
    ).toHaveLength(2);
  });
});

describe('a matter is read only while it gives access, and every read is logged', () => {
  test('pasientjournalloven § 22 and pasientjournalforskriften § 14: a closed or expired matter is FORBIDDEN to its legal staff with its rule, nothing of it (its patients least of all) in the answer, and the refusal is logged (found in review)', async () => {
    const p = (
      await tdb.db.query<{ id: string; national_id: string }>(
        'SELECT id, national_id FROM journal.patient WHERE national_id IS NOT NULL ORDER BY id LIMIT 1',
      )
    ).rows[0]!;
    const q = (id: string) => `{ matter(id: "${id}") { id title patientIds nationalIds open } }`;
    const closedToken = await stack.matterToken(
      { id: 'M-s30-closed', patientIds: [p.id], nationalIds: [p.national_id] },
      { sub: 'jurist-s30-closed' },
    );
    const open = await gql(stack.gateway.url, q('M-s30-closed'), { token: closedToken });
    expect(open.body.errors).toBeUndefined();
    expect(open.body.data.matter).toMatchObject({ id: 'M-s30-closed', patientIds: [p.id], open: true });
    const closing = await gql(stack.gateway.url, 'mutation { closeMatter(id: "M-s30-closed") { open } }', {
      token: archivist,
    });
    expect(closing.body.data.closeMatter).toEqual({ open: false });

    const expiredToken = await stack.matterToken(
      { id: 'M-s30-expired', patientIds: [p.id], nationalIds: [p.national_id] },
      { sub: 'jurist-s30-expired' },
    );
    await tdb.db.query(
      `UPDATE policy.matter SET expires_at = now() - interval '1 minute' WHERE id = 'M-s30-expired'`,
    );
    for (const [id, token, user, rule] of [
      ['M-s30-closed', closedToken, 'jurist-s30-closed', /^matter M-s30-closed is closed$/],
      ['M-s30-expired', expiredToken, 'jurist-s30-expired', /^matter M-s30-expired expired at /],
    ] as const) {
      const r = await gql(stack.gateway.url, q(id), { token });
      expect(r.body.data?.matter ?? null).toBeNull();
      const messages = forbiddenMessages(r.body);
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatch(rule);
      const text = JSON.stringify(r.body);
      expect(text).not.toContain(p.id);
      expect(text).not.toContain(p.national_id);
      expect((await logRows('user_id', user)).filter((x) => x.outcome === 'denied')).toEqual([
        {
          patient_id: '*',
          entity_type: 'matter',
          entity_ids: [],
          outcome: 'denied',
          rule: expect.stringMatching(rule),
        },
      ]);
    }
    // Another user, or an unknown matter: the same refusal as before (it names no state).
    const stranger = await stack.matterToken(
      { id: 'M-s30-other', patientIds: [p.id] },
      { sub: 'jurist-s30-x' },
    );
    for (const id of ['M-s30-closed', 'M-s30-unknown']) {
      const r = await gql(stack.gateway.url, q(id), { token: stranger });
      expect(forbiddenMessages(r.body)).toEqual([
        `matter ${id} needs role archivist or membership of the matter`,
      ]);
    }
    // The archivist who closed it still reads it.
    const a = await gql(stack.gateway.url, q('M-s30-closed'), { token: archivist });
    expect(a.body.data.matter).toMatchObject({ id: 'M-s30-closed', open: false, patientIds: [p.id] });
  });

  test('pasientjournalforskriften § 14: every read of a matter (matter(id), matters) is logged under each of its patients, as other reads of their data are (found in review: it wrote no row)', async () => {
    const [p1, p2] = (
      await tdb.db.query<{ id: string; national_id: string }>(
        'SELECT id, national_id FROM journal.patient WHERE national_id IS NOT NULL ORDER BY id LIMIT 2',
      )
    ).rows as [{ id: string; national_id: string }, { id: string; national_id: string }];
    const token = await stack.matterToken(
      { id: 'M-s30-log', patientIds: [p1.id], nationalIds: [p2.national_id] },
      { sub: 'jurist-s30-log' },
    );
    const legal = await post(token, '{ matter(id: "M-s30-log") { id title } }');
    expect(legal.body.errors).toBeUndefined();
    const granted = (rows: Awaited<ReturnType<typeof logRows>>) =>
      rows
        .filter((x) => x.entity_type === 'matter' && x.outcome === 'granted')
        .map((x) => [x.patient_id, x.entity_ids]);
    expect(granted(await logRows('request_id', legal.requestId))).toEqual(
      expect.arrayContaining([
        [p1.id, ['M-s30-log']],
        [`nid:${p2.national_id}`, ['M-s30-log']],
      ]),
    );
    const one = await post(archivist, '{ matter(id: "M-s30-log") { id } }');
    expect(one.body.errors).toBeUndefined();
    expect(granted(await logRows('request_id', one.requestId))).toEqual(
      expect.arrayContaining([
        [p1.id, ['M-s30-log']],
        [`nid:${p2.national_id}`, ['M-s30-log']],
      ]),
    );
    const list = await post(archivist, '{ matters(openOnly: false) { id } }');
    expect(list.body.errors).toBeUndefined();
    const rows = granted(await logRows('request_id', list.requestId));
    expect(rows).toContainEqual([p1.id, expect.arrayContaining(['M-s30-log'])]);
    expect(rows).toContainEqual([`nid:${p2.national_id}`, expect.arrayContaining(['M-s30-log'])]);
    // No national id or record text in the entity ids: the matter id only.
    for (const [, ids] of rows) for (const id of ids as string[]) expect(id).toMatch(/^M-/);
  });
});

describe('category labels of the statistics tables', () => {
  const nid = (i: number) => `8${String(i).padStart(10, '0')}`;
  const ex = (p: number, unit: string, measure: string, day: string): NewExecution => ({
    id: `s30-ex-${p}-${day}-${unit.length}-${measure.length}`,
    patientNid: nid(p),
    measure,
    start: `${day}T10:00:00+01:00`,
    end: `${day}T10:10:00+01:00`,
    executedBy: ['1000001'],
    sourceSystem: 'HELSEPLATTFORMEN',
    sourceId: `s30-ex-${p}-${day}-${unit.length}-${measure.length}`,
    emergencyReported: false,
    unit,
  });
  const RARE_UNIT = 'Bolig Kari Nordmann';
  const RARE_MEASURE = 'holdt fast av Ola Hansen i gangen';
  const SPREAD_UNIT = 'Enhet Spredt';
  const RARE_SD_UNIT = 'Bofellesskap Per Olsen';

  beforeAll(async () => {
    const executions: NewExecution[] = [];
    // A common unit and measure: 12 persons, January and March 2023.
    for (let p = 0; p < 12; p++)
      for (const day of ['2023-01-10', '2023-03-10']) executions.push(ex(p, 'Enhet Lade', 'skjerming', day));
    // A unit named after the one person it serves: 3 executions of 1 person in January.
    for (const day of ['2023-01-11', '2023-01-12', '2023-01-13'])
      executions.push(ex(20, RARE_UNIT, 'skjerming', day));
    // A free-text measure, once.
    executions.push(ex(3, 'Enhet Lade', RARE_MEASURE, '2023-01-14'));
    // A unit of 3 persons in January and 3 others in March: 6 over the table.
    for (const p of [30, 31, 32]) executions.push(ex(p, SPREAD_UNIT, 'skjerming', '2023-01-15'));
    for (const p of [33, 34, 35]) executions.push(ex(p, SPREAD_UNIT, 'skjerming', '2023-03-15'));
    await insertExecutions(tdb.db, executions);
    // Service decisions: a unit named after a person (1 person), beside 8 persons of a common unit.
    for (let i = 0; i < 9; i++) {
      const patientId = `s30-sd-p${i}`;
      await tdb.db.query(
        `INSERT INTO journal.patient (id, national_id, family_name, given_name) VALUES ($1, $2, 'Vedtak', 'Test')`,
        [patientId, nid(100 + i)],
      );
      await tdb.db.query(
        `INSERT INTO journal.service_decision
           (id, patient_id, source_system, source_id, decision_type, decided_on, outcome, outcome_basis, unit, content_hash)
         VALUES ($1, $2, 'GERICA', $1, 'Hjemmesykepleie', '2023-02-10', 'GRANTED', 'test', $3, $1)`,
        [`s30-sd-${i}`, patientId, i === 8 ? RARE_SD_UNIT : 'Helse- og velferdskontor Lade'],
      );
    }
  });

  const CELLS = 'cells { block keys count suppressed } csv';

  test('statistikkloven § 7, personopplysningsloven art. 5 (1) c: a unit or measure of 1–4 people over the whole table is published as "annet", never by its own words, suppressed cell or not (found in review)', async () => {
    const r = await gql(
      stack.gateway.url,
      `{ coercionStatistics(filter: { from: "2023-01", to: "2023-03" }) { ${CELLS} } }`,
      { token: reporting },
    );
    expect(r.body.errors).toBeUndefined();
    const t = r.body.data.coercionStatistics;
    const text = JSON.stringify(r.body);
    expect(text).not.toContain('Kari Nordmann');
    expect(text).not.toContain('Ola Hansen');
    const jan = (t.cells as { block: string; keys: (string | null)[] }[]).filter(
      (c) => c.block === '2023-01',
    );
    const units = new Set(jan.map((c) => c.keys[2]));
    const measures = new Set(jan.map((c) => c.keys[0]));
    expect(units).toContain('annet');
    expect(measures).toContain('annet');
    expect(units).toContain('Enhet Lade');
    expect(measures).toContain('skjerming');
    // The rule counts the whole table, not the period asked: 3 persons in January and 3 in
    // March keep their unit's name in a January-only answer, which is the same cells.
    const onlyJan = await gql(
      stack.gateway.url,
      `{ coercionStatistics(filter: { from: "2023-01", to: "2023-01" }) { ${CELLS} } }`,
      { token: reporting },
    );
    expect(onlyJan.body.errors).toBeUndefined();
    expect(new Set(onlyJan.body.data.coercionStatistics.cells.map((c: any) => c.keys[2]))).toContain(
      SPREAD_UNIT,
    );
    expect(onlyJan.body.data.coercionStatistics.cells).toEqual(jan);
    // A filter by the rare unit's name finds nothing, as an unknown name does.
    for (const unit of [RARE_UNIT, 'Enhet Som Ikke Finnes']) {
      const f = await gql(
        stack.gateway.url,
        `{ coercionStatistics(filter: { from: "2023-01", to: "2023-03", units: ["${unit}"] }) { cells { keys } } }`,
        { token: reporting },
      );
      expect(f.body.errors).toBeUndefined();
      expect(f.body.data.coercionStatistics.cells).toEqual([]);
    }
    // Service decisions: the unit named after one person is "annet" as well.
    const sd = await gql(
      stack.gateway.url,
      `{ serviceDecisionStatistics(filter: { from: "2023-02", to: "2023-02" }) { ${CELLS} } }`,
      { token: reporting },
    );
    expect(sd.body.errors).toBeUndefined();
    expect(JSON.stringify(sd.body)).not.toContain('Per Olsen');
    const sdUnits = new Set(sd.body.data.serviceDecisionStatistics.cells.map((c: any) => c.keys[2]));
    expect(sdUnits).toContain('annet');
    expect(sdUnits).toContain('Helse- og velferdskontor Lade');
  });
});
