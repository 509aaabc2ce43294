/**
 * The dossier over generated source exports, through the gateway on real PostgreSQL:
 * - a corrected (amended) Helseplattformen note is dated by the care it documents
 *   (context.period), not by its correction time: it stays in the age window of the
 *   journal, the search filter and the dossier, and shows both dates and the earlier text;
 * - service decisions from Gerica vedtak.csv (coercion rows left to the coercion subgraph,
 *   bad rows quarantined) and an HP Vedtak, each linked to the assessment it cites;
 * - a deleted note appears as its tombstone only; the matter's period narrows every owner;
 *   every owner logs its rows under the dossier's request.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeSyntheticNationalId } from '../lib/national-id';
import { startStack, type Stack } from '../scripts/stack';
import { runImport } from '../subgraphs/journal/import/run';
import type { DossierItem } from '../subgraphs/dossier/types';
import { prng } from '../dev/generator';
import { createTestDatabase, gql, testConfig, type TestDatabase } from '../dev/services';

const BORN = '2001-03-10'; // ages 13–15: 2014-03-10 to 2017-03-09
const NID = makeSyntheticNationalId(BORN, 17, true);
const OTHER = makeSyntheticNationalId('1990-01-02', 3, false);

function csv(rows: string[][]): Buffer {
  const field = (v: string) => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return Buffer.from(rows.map((r) => r.map(field).join(';')).join('\r\n') + '\r\n', 'latin1');
}
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const ddmmyyyy = (d: string) => `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}`;

/** Gerica notes on generated dates between ages 11 and 17, one Vurdering on 2014-02-03. */
function exports(dir: string): { notes: { id: string; date: string }[] } {
  const rnd = prng(1403);
  const notes: { id: string; date: string }[] = [];
  const rows = [
    [
      'NotatID',
      'PasientID',
      'Fodselsnr',
      'Navn',
      'Dato',
      'Klokkeslett',
      'Tjeneste',
      'Notattype',
      'ForfatterHPR',
      'ForfatterNavn',
      'Tekst',
    ],
  ];
  for (let i = 0; i < 40; i++) {
    const day = new Date(Date.UTC(2012, 2, 10) + Math.floor(rnd() * 6 * 365) * 86400000)
      .toISOString()
      .slice(0, 10);
    const id = String(4100000 + i);
    notes.push({ id, date: day });
    rows.push([
      id,
      '55501',
      NID,
      'Lie, Sara',
      ddmmyyyy(day),
      '10:15',
      'Helse- og velferdskontor',
      'Journalnotat',
      '9123456',
      'Kari Nord',
      `Samtale nr ${i}. Hun blir mobbet i friminuttene.`,
    ]);
  }
  rows.push([
    '4100900',
    '55501',
    NID,
    'Lie, Sara',
    '03.02.2014',
    '13:45',
    'Helse- og velferdskontor',
    'Vurdering',
    '9123456',
    'Kari Nord',
    'Vurdering - behov for avlastning.\nFamilien trenger avlastning to helger i måneden.',
  ]);
  notes.push({ id: '4100900', date: '2014-02-03' });
  writeFileSync(join(dir, 'journalnotater.csv'), csv(rows));
  writeFileSync(
    join(dir, 'vedtak.csv'),
    csv([
      [
        'VedtakID',
        'PasientID',
        'Fodselsnr',
        'Vedtakstype',
        'Hjemmel',
        'Tiltak',
        'GyldigFra',
        'GyldigTil',
        'VedtattDato',
        'GodkjentStatsforvalterDato',
        'Begrunnelse',
      ],
      [
        'V-2014-011',
        '55501',
        NID,
        'Avlastning',
        'Hol. § 3-6 første ledd nr. 2',
        'Avlastning to helger i måneden',
        '01.03.2014',
        '28.02.2015',
        '10.02.2014',
        '',
        'Se vurdering 03.02.2014.',
      ],
      [
        'V-2014-012',
        '55501',
        NID,
        'Tvang og makt',
        'Hol. § 9-5 tredje ledd bokstav c',
        'fysisk holding ved stell',
        '01.03.2014',
        '28.02.2015',
        '10.02.2014',
        '20.02.2014',
        'Coercion, left to import-coercion.',
      ],
      [
        'V-2014-013',
        '55501',
        '12345678901',
        'Hjemmesykepleie',
        'Hol. § 3-2',
        'Hjemmesykepleie',
        '01.03.2014',
        '',
        '10.02.2014',
        '',
        'Bad national id.',
      ],
      [
        'V-2014-014',
        '55501',
        NID,
        'Hjemmesykepleie',
        'Hol. § 3-2',
        'Hjemmesykepleie',
        '31.02.2014',
        '',
        '10.02.2014',
        '',
        'Bad date.',
      ],
      [
        'V-2014-015',
        '66601',
        OTHER,
        'Trygghetsalarm',
        'Hol. § 3-1',
        'Trygghetsalarm',
        '01.03.2014',
        '',
        '10.02.2014',
        '',
        'Someone else.',
      ],
    ]),
  );
  const hp = join(dir, 'hp');
  mkdirSync(hp);
  const nd = (rs: object[]) => rs.map((r) => JSON.stringify(r)).join('\n') + '\n';
  writeFileSync(
    join(hp, 'Patient.ndjson'),
    nd([
      {
        resourceType: 'Patient',
        id: 'pt-sara',
        identifier: [{ system: 'urn:oid:2.16.578.1.12.4.1.4.1', value: NID }],
        name: [{ family: 'Lie', given: ['Sara'] }],
        birthDate: BORN,
      },
    ]),
  );
  const period = { start: '2015-06-01T09:10:00+02:00', end: '2015-06-01T09:55:00+02:00' };
  writeFileSync(
    join(hp, 'Encounter.ndjson'),
    nd([
      {
        resourceType: 'Encounter',
        id: 'enc-sara-1',
        subject: { reference: 'Patient/pt-sara' },
        class: { code: 'AMB' },
        serviceType: { text: 'Helsestasjon og skolehelsetjeneste' },
        period,
      },
    ]),
  );
  const doc = (id: string, extra: object) => ({
    resourceType: 'DocumentReference',
    id,
    subject: { reference: 'Patient/pt-sara' },
    type: { text: 'Samtalenotat' },
    category: [{ text: 'Helsestasjon og skolehelsetjeneste' }],
    context: { encounter: [{ reference: 'Encounter/enc-sara-1' }], period },
    ...extra,
  });
  writeFileSync(
    join(hp, 'DocumentReference.ndjson'),
    nd([
      doc('dr-sara-v1', {
        status: 'superseded',
        docStatus: 'final',
        date: '2015-06-01T10:00:00+02:00',
        content: [{ attachment: { data: b64('Hun blir plaget av klassen. Feil navn på læreren.') } }],
      }),
      doc('dr-sara-v2', {
        status: 'current',
        docStatus: 'amended',
        // Corrected eleven years later, when she was 26: outside every window of the case.
        date: '2027-01-10T14:20:00+01:00',
        description: 'Rettet etter krav fra pasienten, jf. pasient- og brukerrettighetsloven § 5-2.',
        relatesTo: [{ code: 'replaces', target: { reference: 'DocumentReference/dr-sara-v1' } }],
        content: [{ attachment: { data: b64('Hun blir plaget av klassen. Kontaktlærer varslet.') } }],
      }),
      {
        resourceType: 'DocumentReference',
        id: 'dr-sara-vedtak',
        status: 'current',
        docStatus: 'final',
        type: { text: 'Vedtak' },
        category: [{ text: 'Helse- og velferdskontor' }],
        subject: { reference: 'Patient/pt-sara' },
        date: '2016-04-04T11:05:00+02:00',
        content: [
          {
            attachment: {
              data: b64(
                'VEDTAK - SØKNAD OM AVLASTNING\nHelse- og velferdskontoret avslår søknaden om utvidet avlastning, jf. helse- og omsorgstjenesteloven § 3-6.\nBegrunnelse: Det vises til vurdering datert 03.02.2014.',
              ),
            },
          },
        ],
      },
    ]),
  );
  return { notes };
}

const DOSSIER = `query ($id: ID!, $w: DossierWindowInput, $c: [String!]) {
  dossier(patientId: $id, window: $w, concepts: $c) {
    window { kind from to }
    items { id kind recordId at date recordedAt sourceSystem sourceId text author unit
      provenance { corrections { at by reason change earlierText } }
      concepts { concept highlights } tombstone { deletedBy legalBasis } details { label value }
      links { relation recordId basis } }
    completeness { systems { sourceSystem recordsInWindow quarantined notSearchable { reason count } } }
  }
}`;

describe('dossier over generated exports', () => {
  let tdb: TestDatabase;
  let stack: Stack;
  let dir: string;
  let notes: { id: string; date: string }[];
  let patientId: string;
  let archivist: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'helsespor-dossier-'));
    notes = exports(dir).notes;
    tdb = await createTestDatabase();
    stack = await startStack(testConfig({ databaseUrl: tdb.url }), { db: tdb.db, indexerIntervalMs: 60_000 });
    await runImport(tdb.db, 'gerica', join(dir, 'journalnotater.csv'));
    await runImport(tdb.db, 'gerica-vedtak', dir);
    await runImport(tdb.db, 'hp', join(dir, 'hp'));
    await stack.index();
    archivist = await stack.token({ sub: 'arkivar-1', role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });
    const p = await gql(stack.gateway.url, `{ patientByNationalId(nationalId: "${NID}") { id } }`, {
      token: archivist,
    });
    patientId = p.body.data.patientByNationalId.id;
  });
  afterAll(async () => {
    await stack?.stop();
    await tdb?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('vedtak.csv: service rows imported, the coercion row left, bad rows quarantined with their reasons', async () => {
    const again = await runImport(tdb.db, 'gerica-vedtak', dir);
    expect(again.counts.decisions).toEqual({ accepted: 0, updated: 0, unchanged: 2 });
    expect(again.coercionDecisionsLeft).toBe(1);
    const q = await tdb.db.query<{ reason: string }>(
      `SELECT reason FROM journal.quarantine WHERE file = 'vedtak.csv' ORDER BY line`,
    );
    expect(q.rows.map((r) => r.reason)).toEqual(['national-id', 'date']);
  });

  test('an amended HP note is dated by its care period in the journal window, the search filter and the dossier, with both dates', async () => {
    const j = await gql(
      stack.gateway.url,
      `{ patient(id: "${patientId}") { journal(ageFrom: 13, ageTo: 15, sources: [HELSEPLATTFORMEN], first: 50) {
          edges { node { sourceId writtenAt careStart datedAt amended history { text change } } } } } }`,
      { token: archivist },
    );
    const node = j.body.data.patient.journal.edges
      .map((e: any) => e.node)
      .find((n: any) => n.sourceId === 'dr-sara-v2');
    expect(node).toMatchObject({
      writtenAt: '2027-01-10T14:20:00+01:00',
      careStart: '2015-06-01T09:10:00+02:00',
      datedAt: '2015-06-01T09:10:00+02:00',
      amended: true,
    });
    expect(node.history[0]).toMatchObject({
      text: 'Hun blir plaget av klassen. Feil navn på læreren.',
      change: 'source',
    });
    const s = await gql(
      stack.gateway.url,
      `{ patient(id: "${patientId}") { search(query: "kontaktlærer", ageFrom: 13, ageTo: 15) { total hits { journalEntry { id } } } } }`,
      { token: archivist },
    );
    expect(s.body.data.patient.search.hits.map((h: any) => h.journalEntry.id)).toContain('je-hp-dr-sara-v2');
    const d = await gql(stack.gateway.url, DOSSIER, {
      token: archivist,
      variables: { id: patientId, w: { ageFrom: 13, ageTo: 15 }, c: ['mobbing'] },
    });
    expect(d.body.errors).toBeUndefined();
    const item = d.body.data.dossier.items.find((i: DossierItem) => i.sourceId === 'dr-sara-v2');
    expect(item).toMatchObject({
      at: '2015-06-01T09:10:00+02:00',
      date: '2015-06-01',
      recordedAt: '2027-01-10T14:20:00+01:00',
    });
    expect(item.provenance.corrections[0]).toMatchObject({
      earlierText: 'Hun blir plaget av klassen. Feil navn på læreren.',
      reason: expect.stringMatching(/§ 5-2/),
    });
    // "plaget" near "klassen" is bullying in the vocabulary.
    expect(item.concepts.map((c: any) => c.concept)).toEqual(['mobbing']);
  });

  test('decisions link to the assessment they cite; the HP Vedtak appears once, as a decision', async () => {
    const d = await gql(stack.gateway.url, DOSSIER, {
      token: archivist,
      variables: { id: patientId, w: { from: '2014-01-01', to: '2016-12-31' } },
    });
    const items: DossierItem[] = d.body.data.dossier.items;
    const decisions = items.filter((i) => i.kind === 'SERVICE_DECISION');
    expect(decisions.map((i) => `${i.sourceSystem}:${i.sourceId}`).sort()).toEqual([
      'GERICA:V-2014-011',
      'HELSEPLATTFORMEN:dr-sara-vedtak',
    ]);
    for (const dec of decisions) {
      expect(dec.links).toEqual([
        expect.objectContaining({
          relation: 'assessment',
          recordId: 'je-gerica-4100900',
          basis: expect.stringMatching(/03\.02\.2014/),
        }),
      ]);
    }
    expect(decisions.find((i) => i.sourceSystem === 'HELSEPLATTFORMEN')!.details).toEqual(
      expect.arrayContaining([{ label: 'outcome', value: 'REFUSED' }]),
    );
    expect(items.filter((i) => i.sourceId === 'dr-sara-vedtak')).toHaveLength(1);
    expect(items.some((i) => i.kind === 'CARE_CONTACT' && i.sourceId === 'enc-sara-1')).toBe(true);
  });

  test("a deleted note shows only its tombstone; a legal user's matter period narrows every owner, and each logs under the request", async () => {
    const inWindow = notes.filter(
      (n) => n.date >= '2014-06-01' && n.date <= '2016-12-31' && n.id !== '4100900',
    );
    const gone = inWindow[0]!;
    const ansvarlig = await stack.token({
      sub: 'journalansvarlig-1',
      role: 'journalansvarlig',
      purpose: 'RECORD_CORRECTION',
    });
    const del = await gql(
      stack.gateway.url,
      `mutation { deleteJournalEntry(id: "je-gerica-${gone.id}", legalBasis: "helsepersonelloven § 43", assessment: {
        generallyUnobjectionable: true, archiveLawAllows: true, obviouslyNotNeededForCare: true }) { id } }`,
      { token: ansvarlig },
    );
    expect(del.body.errors).toBeUndefined();
    const token = await stack.matterToken(
      { id: 'M-sara', nationalIds: [NID], periodFrom: '2014-06-01', periodTo: '2016-12-31' },
      { sub: 'jurist-3' },
    );
    const d = await gql(stack.gateway.url, DOSSIER, {
      token,
      variables: { id: patientId, w: { ageFrom: 13, ageTo: 15 } },
    });
    expect(d.body.errors).toBeUndefined();
    const items: DossierItem[] = d.body.data.dossier.items;
    for (const i of items) expect(i.date >= '2014-06-01' && i.date <= '2016-12-31').toBe(true);
    const expected = notes.filter(
      (n) => n.date >= '2014-06-01' && n.date <= '2017-03-09' && n.date <= '2016-12-31',
    );
    const got = items.filter((i) => i.kind === 'JOURNAL_ENTRY' && i.sourceSystem === 'GERICA');
    expect(got.map((i) => i.sourceId).sort()).toEqual(expected.map((n) => n.id).sort());
    const tomb = got.find((i) => i.sourceId === gone.id)!;
    expect(tomb).toMatchObject({
      text: null,
      tombstone: {
        deletedBy: 'journalansvarlig-1',
        legalBasis: expect.stringMatching(/^helsepersonelloven § 43/),
      },
    });
    const quarantined = d.body.data.dossier.completeness.systems.find(
      (s: any) => s.sourceSystem === 'GERICA',
    ).quarantined;
    expect(quarantined).toBe(1); // the bad-date row carries her national id; the bad-id row does not
    const rows = await tdb.db.query<{ request_id: string; subgraph: string; entity_type: string }>(
      `SELECT DISTINCT request_id, subgraph, entity_type FROM audit.access_log WHERE user_id = 'jurist-3' AND outcome = 'granted'`,
    );
    expect(new Set(rows.rows.map((r) => r.request_id)).size).toBe(1);
    expect(rows.rows.map((r) => `${r.subgraph}:${r.entity_type}`)).toEqual(
      expect.arrayContaining(['journal:journal_entry', 'journal:service_decision', 'journal:care_contact']),
    );
  });

  test('bad windows are BAD_USER_INPUT with the reason; a researcher may not ask for a dossier (logged)', async () => {
    const bad = await gql(stack.gateway.url, DOSSIER, {
      token: archivist,
      variables: { id: patientId, w: { ageFrom: 13, schoolStage: 'UNGDOMSSKOLEN' } },
    });
    expect(bad.body.errors?.[0]).toMatchObject({
      message: 'give ages or school years, not both',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const grades = await gql(stack.gateway.url, DOSSIER, {
      token: archivist,
      variables: { id: patientId, w: { gradeFrom: 10, gradeTo: 8 } },
    });
    expect(grades.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const researcher = await stack.token({ sub: 'forsker-1', role: 'researcher', purpose: 'RESEARCH' });
    const r = await gql(stack.gateway.url, DOSSIER, { token: researcher, variables: { id: patientId } });
    expect(r.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const denied = await tdb.db.query(
      `SELECT 1 FROM audit.access_log WHERE user_id = 'forsker-1' AND outcome = 'denied' AND subgraph = 'dossier'`,
    );
    expect(denied.rowCount).toBe(1);
  });

  test('the timeline pages: pages joined are the whole timeline, totals and completeness cover the whole window; bad page arguments are BAD_USER_INPUT', async () => {
    const PAGED = `query ($id: ID!, $c: [String!], $first: Int, $after: String, $only: Boolean) {
      dossier(patientId: $id, concepts: $c, first: $first, after: $after, onlyMatching: $only) {
        totalItems pageInfo { hasNextPage endCursor }
        items { id kind text concepts { concept } provenance { corrections { change } } }
        completeness { systems { sourceSystem recordsInWindow } }
      } }`;
    const all = await gql(stack.gateway.url, PAGED, { token: archivist, variables: { id: patientId } });
    expect(all.body.errors).toBeUndefined();
    const whole = all.body.data.dossier;
    expect(whole.items.length).toBe(whole.totalItems);
    expect(whole.items.length).toBeGreaterThan(20);
    expect(whole.pageInfo.hasNextPage).toBe(false);
    const seen: unknown[] = [];
    let after: string | null = null;
    for (let n = 0; n < 100; n++) {
      const page: any = await gql(stack.gateway.url, PAGED, {
        token: archivist,
        variables: { id: patientId, first: 7, after },
      });
      expect(page.body.errors).toBeUndefined();
      const d = page.body.data.dossier;
      expect(d.items.length).toBeLessThanOrEqual(7);
      expect(d.totalItems).toBe(whole.totalItems);
      expect(d.completeness).toEqual(whole.completeness);
      seen.push(...d.items);
      if (!d.pageInfo.hasNextPage) break;
      after = d.pageInfo.endCursor;
    }
    // The same items, whole (texts, provenance), in the same order.
    expect(seen).toEqual(whole.items);

    const matching = await gql(stack.gateway.url, PAGED, {
      token: archivist,
      variables: { id: patientId, c: ['mobbing'], only: true, first: 200 },
    });
    expect(matching.body.errors).toBeUndefined();
    const m = matching.body.data.dossier;
    expect(m.items.length).toBeGreaterThan(0);
    expect(m.totalItems).toBe(m.items.length);
    for (const i of m.items) expect(i.concepts.map((c: any) => c.concept)).toContain('mobbing');

    for (const variables of [
      { id: patientId, first: 0 },
      { id: patientId, first: -5 },
      { id: patientId, first: 5, after: 'not-a-cursor' },
    ]) {
      const bad = await gql(stack.gateway.url, PAGED, { token: archivist, variables });
      expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  test("journalTimeline follows the journal's policy: a matter's period narrows it, outside the matter is FORBIDDEN, and it is logged", async () => {
    const TIMELINE = `query ($id: ID!) { patient(id: $id) { journalTimeline { id datedAt sourceSystem deleted } } }`;
    const token = await stack.matterToken(
      { id: 'M-timeline', nationalIds: [NID], periodFrom: '2014-06-01', periodTo: '2016-12-31' },
      { sub: 'jurist-9' },
    );
    const t = await gql(stack.gateway.url, TIMELINE, { token, variables: { id: patientId } });
    expect(t.body.errors).toBeUndefined();
    const places: { id: string; datedAt: string }[] = t.body.data.patient.journalTimeline;
    expect(places.length).toBeGreaterThan(0);
    for (const p of places)
      expect(p.datedAt.slice(0, 10) >= '2014-06-01' && p.datedAt.slice(0, 10) <= '2016-12-31').toBe(true);
    const logged = await tdb.db.query<{ entity_ids: string[] }>(
      `SELECT entity_ids FROM audit.access_log WHERE user_id = 'jurist-9' AND entity_type = 'journal_entry' AND outcome = 'granted'`,
    );
    expect(logged.rows.flatMap((r) => r.entity_ids).sort()).toEqual(places.map((p) => p.id).sort());
    const outsider = await stack.matterToken({ id: 'M-other', nationalIds: [OTHER] }, { sub: 'jurist-10' });
    const refused = await gql(stack.gateway.url, TIMELINE, { token: outsider, variables: { id: patientId } });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refused.body.data?.patient?.journalTimeline ?? null).toBeNull();
    // Reporting sees aggregates only: no note's place either.
    const reporting = await stack.token({ role: 'reporting', purpose: 'MANAGEMENT_STATISTICS' });
    const agg = await gql(stack.gateway.url, TIMELINE, { token: reporting, variables: { id: patientId } });
    expect(agg.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(agg.body.data?.patient?.journalTimeline ?? null).toBeNull();
  });
});
