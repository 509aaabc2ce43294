/**
 * Acceptance on the outside source exports: the lawsuit person's dossier (case 2 of the domain
 * brief) for ages 13–15 holds every record of that period from all three systems and none
 * outside, the school-year window (ungdomsskolen) adds the records it should and drops the
 * ones it should; the relative's access bundle (case 1) holds the case, the Helseplattformen
 * decision and the Gerica assessment it rests on — through the gateway, on real PostgreSQL
 * and Elasticsearch, with every owner's access-log rows under the request.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { osloDate } from '../../lib/oslo-time';
import { startStack, type Stack } from '../../scripts/stack';
import { importNoark } from '../../subgraphs/archive/noark/import';
import { importCoercionPath } from '../../subgraphs/coercion/import';
import { runImport } from '../../subgraphs/journal/import/run';
import type { DossierItem } from '../../subgraphs/dossier/types';
import { describeWithFixtures, fixture } from '../../dev/fixtures';
import {
  createTestDatabase,
  dropIndexes,
  gql,
  requireEnv,
  testConfig,
  testIndexPrefix,
  type TestDatabase,
} from '../../dev/services';

const JONAS = '15850053739';
const INGRID = '11823821230';
const PER = '03876538341';
const AGES = { from: '2013-05-15', to: '2016-05-14' }; // ages 13–15, born 2000-05-15
const SCHOOL = { from: '2013-08-01', to: '2016-06-30' }; // grades 8–10: August 2013 to June 2016

/** Jonas's notes straight from the three exports: key and local date (the duplicate klient included). */
function jonasNotes(): { key: string; date: string }[] {
  const out: { key: string; date: string }[] = [];
  const gerica = parseCsv(readFileSync(fixture('gerica', 'journalnotater.csv')).toString('latin1'), {
    delimiter: ';',
    columns: true,
    record_delimiter: '\r\n',
  }) as Record<string, string>[];
  for (const r of gerica) {
    if (r.Fodselsnr !== JONAS) continue;
    const [d, m, y] = r.Dato!.split('.');
    out.push({ key: `GERICA:${r.NotatID}`, date: `${y}-${m}-${d}` });
  }
  const xml = readFileSync(fixture('profil', 'profil-eksport.xml'), 'utf8');
  for (const k of xml.split('<klient ').slice(1)) {
    const head = k.slice(0, k.indexOf('>'));
    const isJonas =
      head.includes(`fnr="${JONAS}"`) ||
      (!head.includes('fnr=') && head.includes('fornavn="Jonas"') && head.includes('fodt="2000-05-15"'));
    if (!isJonas) continue;
    for (const m of k.matchAll(/<notat id="(\d+)" dato="(\d{4}-\d{2}-\d{2})T/g))
      out.push({ key: `PROFIL:${m[1]}`, date: m[2]! });
  }
  const hp = readFileSync(fixture('helseplattformen', 'Patient.ndjson'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .find((p) => p.identifier[0].value === JONAS);
  for (const l of readFileSync(fixture('helseplattformen', 'DocumentReference.ndjson'), 'utf8')
    .split('\n')
    .filter(Boolean)) {
    const d = JSON.parse(l);
    if (d.subject.reference !== `Patient/${hp.id}` || d.status !== 'current') continue;
    const legacy = d.identifier?.[0];
    const key = legacy
      ? `${legacy.system.endsWith('gerica') ? 'GERICA' : 'PROFIL'}:${legacy.value}`
      : `HELSEPLATTFORMEN:${d.id}`;
    // An amended document is dated by the care it documents.
    const at = d.docStatus === 'amended' && d.context?.period?.start ? d.context.period.start : d.date;
    out.push({ key, date: osloDate(new Date(at)) });
  }
  return [...new Map(out.map((o) => [o.key, o])).values()];
}

const DOSSIER = `query ($id: ID!, $w: DossierWindowInput, $c: [String!]) {
  dossier(patientId: $id, window: $w, concepts: $c) {
    patientId window { kind from to description assumptions leapDayRule } concepts
    items { id kind recordId at date end recordedAt sourceSystem sourceId title text author unit
      provenance { copies { sourceSystem sourceId kind } corrections { at by reason change earlierText } file }
      concepts { concept expansions highlights } tombstone { deletedBy } details { label value }
      links { relation kind recordId basis } }
    completeness { systems { sourceSystem coversFrom coversTo recordsInWindow byKind { kind count } searched
      notSearchable { reason count } quarantined linkedRecordsIncluded } patientRecordIds nationalIds notes }
  }
}`;

describeWithFixtures('fixtures: the legal dossier and the access bundle', () => {
  let tdb: TestDatabase;
  let stack: Stack;
  let prefix: string;
  let jonasId: string;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    prefix = testIndexPrefix();
    stack = await startStack(
      testConfig({
        databaseUrl: tdb.url,
        elasticsearchUrl: requireEnv('ELASTICSEARCH_URL'),
        esIndexPrefix: prefix,
      }),
      { db: tdb.db, indexerIntervalMs: 60_000 },
    );
    await runImport(tdb.db, 'gerica', fixture('gerica'));
    await runImport(tdb.db, 'gerica', fixture('gerica', 'bad', 'journalnotater_feil.csv'));
    await runImport(tdb.db, 'gerica-vedtak', fixture('gerica'));
    await runImport(tdb.db, 'profil', fixture('profil'));
    await runImport(tdb.db, 'hp', fixture('helseplattformen'));
    await importNoark(tdb.db, fixture('sakarkiv'));
    await importCoercionPath(tdb.db, fixture('gerica'));
    await importCoercionPath(tdb.db, fixture('helseplattformen', 'Coercion.ndjson'));
    await stack.index();
    // The Profil client registered without a national id is Jonas (an archivist links it).
    const archivist = await stack.token({
      sub: 'arkivar-1',
      role: 'archivist',
      purpose: 'ARCHIVE_ADMINISTRATION',
    });
    const dup = await gql(
      stack.gateway.url,
      '{ duplicateCandidates { a { id nationalId } b { id nationalId } } }',
      {
        token: archivist,
      },
    );
    const cand = dup.body.data.duplicateCandidates.find(
      (c: any) => c.a.nationalId === JONAS || c.b.nationalId === JONAS,
    );
    const [main, other] = cand.a.nationalId === JONAS ? [cand.a, cand.b] : [cand.b, cand.a];
    jonasId = main.id;
    const link = await gql(
      stack.gateway.url,
      `mutation ($a: ID!, $b: ID!) { linkPatients(a: $a, b: $b, reason: "Samme navn og fødselsdato") { id } }`,
      { token: archivist, variables: { a: main.id, b: other.id } },
    );
    expect(link.body.errors).toBeUndefined();
  });
  afterAll(async () => {
    await stack?.stop();
    await tdb?.drop();
    if (prefix) await dropIndexes(prefix);
  });

  const keys = (items: DossierItem[]) =>
    items.filter((i) => i.kind === 'JOURNAL_ENTRY').map((i) => `${i.sourceSystem}:${i.sourceId}`);

  test('ages 13–15: every record of the period from all three systems, none outside, the window stated', async () => {
    const token = await stack.matterToken({ id: 'M-2025-004', nationalIds: [JONAS] }, { sub: 'jurist-7' });
    const r = await gql(stack.gateway.url, DOSSIER, {
      token,
      variables: { id: jonasId, w: { ageFrom: 13, ageTo: 15 }, c: ['mobbing'] },
    });
    expect(r.body.errors).toBeUndefined();
    const d = r.body.data.dossier;
    expect(d.window).toMatchObject({ kind: 'AGES', ...AGES, leapDayRule: 'MARCH_1' });
    expect(d.window.description).toContain('ages 13–15: 2013-05-15 to 2016-05-14');
    expect(d.window.assumptions.join('\n')).toMatch(/care period/);
    const all = jonasNotes();
    const inside = all.filter((n) => n.date >= AGES.from && n.date <= AGES.to).map((n) => n.key);
    expect(inside.length).toBeGreaterThan(5);
    expect(keys(d.items).sort()).toEqual([...inside].sort());
    // None outside: every item's date (or, for periods, its overlap) is in the window.
    for (const i of d.items as DossierItem[])
      expect(i.date <= AGES.to && (i.end ? i.end.slice(0, 10) >= AGES.from : i.date >= AGES.from)).toBe(true);
    // The whole record spans all three systems; the window holds Gerica's and Profil's (HP went live in 2022).
    expect(new Set(all.map((n) => n.key.split(':')[0]))).toEqual(
      new Set(['GERICA', 'PROFIL', 'HELSEPLATTFORMEN']),
    );
    const systems = Object.fromEntries(d.completeness.systems.map((s: any) => [s.sourceSystem, s]));
    expect(Object.keys(systems).sort()).toEqual(['GERICA', 'HELSEPLATTFORMEN', 'PROFIL', 'SAKARKIV']);
    expect(systems.HELSEPLATTFORMEN.recordsInWindow).toBe(0);
    expect(systems.HELSEPLATTFORMEN.coversFrom <= '2022-11-12').toBe(true);
    expect(systems.PROFIL.recordsInWindow).toBe(inside.filter((k) => k.startsWith('PROFIL')).length);
    expect(systems.PROFIL.linkedRecordsIncluded).toBe(1);
    // Gerica's export covers 2010–2022-11-11 (its oldest decision, V-2009-212, is from 2009).
    expect(systems.GERICA.coversFrom <= '2010-12-31' && systems.GERICA.coversTo <= '2022-11-11').toBe(true);
    // Chronological, each with source, author and unit.
    const ats = d.items.map((i: DossierItem) =>
      new Date(i.at.length === 10 ? `${i.at}T12:00:00Z` : i.at).getTime(),
    );
    expect([...ats].sort((a, b) => a - b)).toEqual(ats);
    for (const i of d.items as DossierItem[]) {
      expect(i.sourceId).toBeTruthy();
      expect(i.unit).toBeTruthy();
    }
    // The concept search marks the bullying notes, with highlights.
    const marked = d.items.filter((i: DossierItem) => i.concepts.length);
    expect(marked.length).toBeGreaterThan(0);
    expect(marked[0].concepts[0].highlights.join(' ')).toMatch(/<em>/);
    // Every owner logged its rows under this request.
    const log = await tdb.db.query<{ subgraph: string; entity_type: string }>(
      `SELECT DISTINCT subgraph, entity_type FROM audit.access_log WHERE user_id = 'jurist-7' AND outcome = 'granted'`,
    );
    const logged = log.rows.map((x) => `${x.subgraph}:${x.entity_type}`);
    expect(logged).toEqual(expect.arrayContaining(['journal:journal_entry', 'journal:patient']));
  });

  test('ungdomsskolen (grades 8–10) adds the notes of summer 2016 and drops those before August 2013', async () => {
    const token = await stack.matterToken({ id: 'M-2025-004b', nationalIds: [JONAS] }, { sub: 'jurist-8' });
    const ask = (w: object) => gql(stack.gateway.url, DOSSIER, { token, variables: { id: jonasId, w } });
    const [ages, school] = await Promise.all([
      ask({ ageFrom: 13, ageTo: 15 }),
      ask({ schoolStage: 'UNGDOMSSKOLEN' }),
    ]);
    expect(school.body.errors).toBeUndefined();
    const w = school.body.data.dossier.window;
    expect(w).toMatchObject({ kind: 'SCHOOL_YEARS', ...SCHOOL });
    expect(w.assumptions.join('\n')).toMatch(/opplæringslova § 2-1/);
    const all = jonasNotes();
    const a = new Set(keys(ages.body.data.dossier.items));
    const s = new Set(keys(school.body.data.dossier.items));
    const added = [...s].filter((k) => !a.has(k)).sort();
    const dropped = [...a].filter((k) => !s.has(k)).sort();
    const expectAdded = all.filter((n) => n.date > AGES.to && n.date <= SCHOOL.to).map((n) => n.key);
    const expectDropped = all.filter((n) => n.date >= AGES.from && n.date < SCHOOL.from).map((n) => n.key);
    expect(expectAdded.length).toBeGreaterThan(0); // Gerica 15.05.2016 and Profil 20.05.2016: 10th grade, age 16
    expect(added).toEqual(expectAdded.sort());
    expect(dropped).toEqual(expectDropped.sort());
  });

  test("the relative's access bundle holds the case, the HP decision and the Gerica assessment it rests on", async () => {
    const hp = readFileSync(fixture('helseplattformen', 'Patient.ndjson'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .find((p) => p.identifier[0].value === INGRID);
    const token = await stack.matterToken(
      { id: 'M-innsyn-ingrid', nationalIds: [INGRID], purpose: 'ACCESS_REQUEST' },
      { sub: 'saksbehandler-2' },
    );
    const ingrid = await gql(stack.gateway.url, `{ patientByNationalId(nationalId: "${INGRID}") { id } }`, {
      token,
    });
    const reg = await gql(
      stack.gateway.url,
      `mutation ($i: RegisterAccessRequestInput!) { registerAccessRequest(input: $i) { saksmappe { id } mappeId eligibility } }`,
      {
        token,
        variables: {
          i: {
            patientId: ingrid.body.data.patientByNationalId.id,
            patientNationalId: INGRID,
            patientDeceasedOn: hp.deceasedDateTime.slice(0, 10),
            requesterName: 'Per Aasen',
            requesterNationalId: PER,
            relation: 'NEAREST_RELATIVE',
            receivedAt: '2024-09-16T09:41:00+02:00',
            administrativEnhet: 'Helse- og velferdskontor Byåsen',
          },
        },
      },
    );
    expect(reg.body.errors).toBeUndefined();
    const id = reg.body.data.registerAccessRequest.saksmappe.id;
    const r = await gql(
      stack.gateway.url,
      `query ($id: ID!) { accessBundle(accessRequestId: $id) {
        accessRequestId patientId
        cases { kind recordId sourceId title }
        decisions { kind sourceSystem sourceId title details { label value } links { relation recordId basis } }
        assessments { kind sourceSystem sourceId author text provenance { copies { sourceSystem sourceId } } }
        eligibility { eligibility legalBasis relation relativeCheck requesterName deadline }
      } }`,
      { token, variables: { id } },
    );
    expect(r.body.errors).toBeUndefined();
    const b = r.body.data.accessBundle;
    // The case: the request's own, first, and the archive's case about the refusal (2023/1234).
    expect(b.cases[0]).toMatchObject({ kind: 'SAKSMAPPE', recordId: id });
    expect(b.cases.map((c: any) => c.sourceId)).toEqual(expect.arrayContaining(['2023/1234']));
    // The HP decision: the refused long-term care place, first.
    expect(b.decisions[0]).toMatchObject({ sourceSystem: 'HELSEPLATTFORMEN', sourceId: 'dr-p8v2fpp7t9' });
    expect(b.decisions[0].details).toEqual(expect.arrayContaining([{ label: 'outcome', value: 'REFUSED' }]));
    expect(b.decisions[0].links[0].basis).toMatch(/vurdering datert 03\.11\.2022.*GERICA 3106343/);
    // The Gerica assessment behind it, with its migrated HP copy.
    expect(b.assessments).toHaveLength(1);
    expect(b.assessments[0]).toMatchObject({
      sourceSystem: 'GERICA',
      sourceId: '3106343',
      author: 'Marte Sand',
    });
    expect(b.assessments[0].text).toMatch(/langtidsopphold/i);
    expect(b.assessments[0].provenance.copies[0].sourceSystem).toBe('HELSEPLATTFORMEN');
    expect(b.eligibility).toMatchObject({
      eligibility: 'ELIGIBLE',
      relation: 'NEAREST_RELATIVE',
      relativeCheck: 'VERIFIED',
    });
  });

  test('a legal user outside the matter gets FORBIDDEN naming the rule, logged as denied', async () => {
    const token = await stack.matterToken({ id: 'M-other', nationalIds: [INGRID] }, { sub: 'jurist-9' });
    const r = await gql(stack.gateway.url, DOSSIER, {
      token,
      variables: { id: jonasId, w: { ageFrom: 13, ageTo: 15 } },
    });
    expect(r.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(r.body.errors?.[0]?.message).toMatch(/not in matter M-other/);
    const denied = await tdb.db.query(
      `SELECT 1 FROM audit.access_log WHERE user_id = 'jurist-9' AND outcome = 'denied'`,
    );
    expect(denied.rowCount).toBeGreaterThan(0);
  });
});
