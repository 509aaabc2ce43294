/**
 * Stop 46: the gaps stop 45 left in journal versions and corrections (helsepersonelloven §§ 42–44,
 * pasientjournalloven § 22). Background: test/journal-gaps-s45.e2e.test.ts (each earlier version
 * names its source system, `JournalEntryVersion.sourceSystem`).
 *
 * 1. The evidence bundle (PDF and items.json) names the source system of each earlier version, as
 *    the dossier API does.
 * 2. Versions kept before stop 45 whose text was HP's migrated copy's: migration 040 derives it
 *    from the import runs that wrote them (`fields.text_from_copy`); an HP run that kept the text
 *    as it was (a superseded legacy original) did not write it, and a version kept after the
 *    stop-45 release is left as the live code kept it (FX4).
 * 3. A search filtered by source finds a note by an earlier version of that source (the Profil
 *    wording of a note now Helseplattformen's), on both search backends.
 * 4. An HP correction stored before its migrated copy, whose legacy original was moved (§ 44)
 *    before the copy came, is not linked, and that is recorded for an archivist
 *    (`migrated-copy-original-moved`, listed in `quarantinedRecords`).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hpDoc, writeHpExport } from '../dev/hp-records';
import { gql } from '../dev/services';
import { startPostgresTestStack, startTestStack, type TestStack } from '../dev/test-stack';
import { unzipEntry, unzipEntryBytes } from '../dev/zip';
import { makeSyntheticNationalId } from '../lib/national-id';
import { runImport } from '../subgraphs/journal/import/run';
import { decideCase, registerCase, type Actor } from '../subgraphs/journal/record-cases';

const BORN = '2003-03-17';
const LEGACY = 'Samtale med eleven. Forteller om qzxlegacyS46 i friminuttene.';
const FIXED = 'Samtale med eleven. Forteller om qzxrettetS46 i friminuttene.';
const ansvarlig: Actor = { userId: 'journalansvarlig-s46', role: 'journalansvarlig' };
const MIGRATION_040 = join(__dirname, '../subgraphs/journal/migrations/040_version_text_from_copy.sql');

function profilExport(
  dir: string,
  name: string,
  fnr: string,
  klientnr: string,
  notat: string,
  text = LEGACY,
): string {
  const d = join(dir, name);
  mkdirSync(d);
  writeFileSync(
    join(d, 'profil-eksport.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>
<profil-eksport versjon="4.2" kommunenr="5001" system="Profil">
  <klient klientnr="${klientnr}" fnr="${fnr}" etternavn="Brattli" fornavn="Siri" fodt="${BORN}" kjonn="K" opprettet="${BORN}">
    <journal>
      <notat id="${notat}" dato="2017-10-03T10:00" type="Konsultasjon" tjeneste="Skolehelsetjenesten" forfatter-hpr="9034411" forfatter="Berit Hoel">${text}</notat>
    </journal>
  </klient>
</profil-eksport>
`,
  );
  return d;
}

const patient = (id: string, fnr: string) => ({
  resourceType: 'Patient',
  id,
  identifier: [{ system: 'urn:oid:2.16.578.1.12.4.1.4.1', value: fnr }],
  name: [{ family: 'Brattli', given: ['Siri'] }],
  birthDate: BORN,
});

const copy = (
  status: 'current' | 'superseded',
  id: string,
  patientId: string,
  notat: string,
  text = LEGACY,
) =>
  hpDoc(id, patientId, text, {
    status,
    meta: { tag: [{ system: 'urn:example:migrering', code: 'profil' }] },
    identifier: [{ system: 'urn:example:migrering:profil', value: notat }],
    type: { text: 'Konsultasjon' },
    date: '2017-10-03T10:00:00+02:00',
  });

const correctionOf = (id: string, patientId: string, copyId: string, text = FIXED) =>
  hpDoc(id, patientId, text, {
    type: { text: 'Konsultasjon' },
    date: '2022-01-12T09:00:00+01:00',
    docStatus: 'amended',
    context: { period: { start: '2017-10-03T10:00:00+02:00' } },
    description: 'Rettet feil ord',
    relatesTo: [{ code: 'replaces', target: { reference: `DocumentReference/${copyId}` } }],
  });

const EXPORT = `mutation ($input: ExportBundleInput!) { exportBundle(input: $input) { path items } }`;

const bundleDir = mkdtempSync(join(tmpdir(), 'hs-s46-bundles-'));
const BACKENDS: [string, () => Promise<TestStack>][] = [
  ['elasticsearch', () => startTestStack({ bundleDir: join(bundleDir, 'es') })],
  ['postgres', () => startPostgresTestStack({ bundleDir: join(bundleDir, 'pg') })],
];

afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

describe.each(BACKENDS)('%s', (backend, start) => {
  let ts: TestStack;
  let dir: string;
  let seq = 0;
  const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
    (await ts.tdb.db.query(text, params)).rows as T[];
  const hp = (name: string, p: object, docs: object[]) =>
    writeHpExport(dir, `${name}-${++seq}`, { Patient: [p], DocumentReference: docs });
  const fnr = (n: number) => makeSyntheticNationalId(BORN, n * 4, false);
  const patientOf = async (nid: string) =>
    (await sql<{ id: string }>('SELECT id FROM journal.patient WHERE national_id = $1', [nid]))[0]!.id;
  const legalToken = (id: string, nids: string[]) =>
    ts.stack.matterToken({ id, nationalIds: nids }, { sub: `jurist-${id}` });

  // A: a Profil note that HP corrected (Profil, HP correction, HP's superseded copy): the current
  // note is Helseplattformen's, its version 1 the Profil text, its version 2 HP's kept version.
  const nidA = fnr(10);
  const pA = patient('pt-s46-a', nidA);

  beforeAll(async () => {
    ts = await start();
    expect(ts.stack.backend.name).toBe(backend);
    dir = mkdtempSync(join(tmpdir(), 'hs-s46-gaps-'));
    mkdirSync(ts.config.bundleDir, { recursive: true });
    await runImport(ts.tdb.db, 'profil', profilExport(dir, 'a-profil', nidA, '704610', '746100'));
    await runImport(
      ts.tdb.db,
      'hp',
      hp('a-hp-1', pA, [correctionOf('dr-s46-a-fix', pA.id, 'dr-s46-a-copy')]),
    );
    await runImport(
      ts.tdb.db,
      'hp',
      hp('a-hp-2', pA, [copy('superseded', 'dr-s46-a-copy', pA.id, '746100')]),
    );
    await ts.stack.index();
  }, 180_000);

  afterAll(async () => {
    await ts?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  // ------------------------------------------------------------------ 1. the bundle names it

  test('helsepersonelloven § 42, pasientjournalloven § 22: the evidence bundle names the source system of each earlier version (the legacy original PROFIL, HP’s kept version HELSEPLATTFORMEN), in the PDF and items.json', async () => {
    const token = await legalToken('M-S46-BUNDLE', [nidA]);
    const r = await gql(ts.stack.gateway.url, EXPORT, {
      token,
      variables: { input: { patientId: await patientOf(nidA), requester: 'Tingretten' } },
    });
    expect(r.body.errors).toBeUndefined();
    const path = r.body.data.exportBundle.path as string;
    const items = JSON.parse(await unzipEntry(path, 'items.json')).items as {
      id: string;
      provenance?: { what: string; sourceSystem?: string; earlierText?: string }[];
    }[];
    const item = items.find((i) => i.id === 'JOURNAL_ENTRY:je-hp-dr-s46-a-fix');
    expect(
      item?.provenance?.map((p) => ({
        what: p.what,
        sourceSystem: p.sourceSystem,
        earlierText: p.earlierText,
      })),
    ).toEqual([
      { what: 'source', sourceSystem: 'PROFIL', earlierText: LEGACY },
      { what: 'import', sourceSystem: 'HELSEPLATTFORMEN', earlierText: FIXED },
    ]);
    const pdf = join(dir, `bundle-${backend}.pdf`);
    writeFileSync(pdf, await unzipEntryBytes(path, 'bundle.pdf'));
    const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString('utf8').replace(/\s+/g, ' ');
    // Each earlier version's line names its system, before the text it held.
    expect(text).toMatch(
      /Opphav: source \([^)]*\), fra PROFIL: .*Tidligere tekst: Samtale med eleven\. Forteller om qzxlegacyS46/,
    );
    expect(text).toMatch(
      /Opphav: import \([^)]*\), fra HELSEPLATTFORMEN: .*Tidligere tekst: Samtale med eleven\. Forteller om qzxrettetS46/,
    );
  });

  // ------------------------------------------------------------------ 3. the source filter

  const SEARCH = `query ($p: ID!, $q: String!, $s: [String!]) { patient(id: $p) { search(query: $q, sources: $s, expand: false, disabledExpansions: ["knn"]) {
      total hits { matchedIn journalEntry { id sourceSystem } } } } }`;
  const search = async (token: string, q: string, sources: string[] | null) => {
    const r = await gql(ts.stack.gateway.url, SEARCH, {
      token,
      variables: { p: await patientOf(nidA), q, s: sources },
    });
    expect(r.body.errors).toBeUndefined();
    return r.body.data.patient.search as {
      total: number;
      hits: { matchedIn: string; journalEntry: { id: string; sourceSystem: string } }[];
    };
  };

  test('helsepersonelloven § 42, pasientjournalloven § 22: a search filtered on PROFIL finds the Profil wording that is now the earlier version of a Helseplattformen note; another source does not', async () => {
    const token = await legalToken('M-S46-SEARCH', [nidA]);
    const profil = await search(token, 'qzxlegacyS46', ['PROFIL']);
    expect(profil.hits).toEqual([
      {
        matchedIn: 'EARLIER_VERSION',
        journalEntry: { id: 'je-hp-dr-s46-a-fix', sourceSystem: 'HELSEPLATTFORMEN' },
      },
    ]);
    expect(profil.total).toBe(1);
    // Unfiltered and on the note's own system as before; on a system none of its versions came from, nothing.
    expect((await search(token, 'qzxlegacyS46', null)).total).toBe(1);
    expect((await search(token, 'qzxlegacyS46', ['HELSEPLATTFORMEN'])).total).toBe(1);
    expect((await search(token, 'qzxlegacyS46', ['GERICA'])).total).toBe(0);
    // The current text: found filtered on Helseplattformen.
    expect((await search(token, 'qzxrettetS46', ['HELSEPLATTFORMEN'])).hits).toEqual([
      {
        matchedIn: 'CURRENT_VERSION',
        journalEntry: { id: 'je-hp-dr-s46-a-fix', sourceSystem: 'HELSEPLATTFORMEN' },
      },
    ]);
  });

  test('helsepersonelloven § 42, pasientjournalloven § 22, helseforskningsloven § 33: the earlier version’s source counts only where earlier versions are searched: an archivist finds it, with earlier versions switched off nothing is given by it', async () => {
    const token = await ts.stack.token({
      sub: 'arkivar-s46',
      role: 'archivist',
      purpose: 'ARCHIVE_ADMINISTRATION',
    });
    // An archivist may search earlier versions: found.
    expect((await search(token, 'qzxlegacyS46', ['PROFIL'])).total).toBe(1);
    // Earlier versions switched off by the caller: the earlier source does not count either.
    const r = await gql(
      ts.stack.gateway.url,
      `query ($p: ID!) { patient(id: $p) { search(query: "qzxrettetS46", sources: ["PROFIL"], expand: false, disabledExpansions: ["knn", "earlier"]) { total } } }`,
      { token, variables: { p: await patientOf(nidA) } },
    );
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.patient.search.total).toBe(0);
  });

  test('helseforskningsloven § 33, helsepersonelloven § 42: a researcher, whose policy searches no earlier version, filtering on PROFIL does not find the Profil wording that is now the earlier version of a Helseplattformen note; the current text is found', async () => {
    const archivist = await ts.stack.token({
      sub: 'arkivar-s46-grant',
      role: 'archivist',
      purpose: 'ARCHIVE_ADMINISTRATION',
    });
    const expiresAt = new Date(Date.now() + 90 * 86_400_000).toISOString();
    const g = await gql(
      ts.stack.gateway.url,
      `mutation { registerGrant(input: {
        id: "G-S46-SOURCES", projectId: "P-S46-SOURCES", title: "Stop 46 kilder", rekNumber: "2025/4647",
        legalBasis: "helseforskningsloven § 33", responsibleResearcher: "forsker-s46-sources",
        cohort: { ageFrom: 0, ageTo: 120 },
        variables: [JOURNAL_WRITTEN_AT, JOURNAL_AGE, JOURNAL_TEXT, JOURNAL_SOURCE_SYSTEM],
        datePrecision: EXACT, freeText: true, outputLevel: PSEUDONYMISED_RECORDS,
        expiresAt: "${expiresAt}" }) { id cohortSize } }`,
      { token: archivist },
    );
    expect(g.body.errors).toBeUndefined();
    expect(g.body.data.registerGrant.cohortSize).toBeGreaterThan(0);
    const researcher = await ts.stack.token({
      sub: 'forsker-s46-sources',
      role: 'researcher',
      purpose: 'RESEARCH',
      grant: 'G-S46-SOURCES',
    });
    const total = async (q: string, sources: string[]) => {
      const r = await gql(
        ts.stack.gateway.url,
        `query ($q: String!, $s: [String!]) { search(query: $q, sources: $s, expand: false, kinds: ["journal_entry"]) { total } }`,
        { token: researcher, variables: { q, s: sources } },
      );
      expect(r.body.errors).toBeUndefined();
      return r.body.data.search.total as number;
    };
    // The earlier version's wording and its source count for no researcher.
    expect(await total('qzxlegacyS46', ['PROFIL'])).toBe(0);
    expect(await total('qzxlegacyS46', ['HELSEPLATTFORMEN'])).toBe(0);
    // The note itself is in the grant's reach: its current text is found on its own source.
    expect(await total('qzxrettetS46', ['HELSEPLATTFORMEN'])).toBe(1);
    expect(await total('qzxrettetS46', ['PROFIL'])).toBe(0);
  });

  // ------------------------------------------------------------------ 4. original moved before the copy

  test('helsepersonelloven §§ 42 and 44: an HP correction stored before its migrated copy, whose legacy original was moved to the right patient before the copy came, is not linked and is recorded for an archivist (migrated-copy-original-moved, in quarantinedRecords); a re-run records nothing again', async () => {
    const [nidE, nidF] = [fnr(20), fnr(21)];
    const pE = patient('pt-s46-moved', nidE);
    await runImport(ts.tdb.db, 'profil', profilExport(dir, 'e-profil', nidE, '704620', '746200'));
    await runImport(
      ts.tdb.db,
      'profil',
      profilExport(dir, 'f-profil', nidF, '704621', '746201', 'Annet notat.'),
    );
    await runImport(
      ts.tdb.db,
      'hp',
      hp('e-hp-1', pE, [correctionOf('dr-s46-moved-fix', pE.id, 'dr-s46-moved-copy')]),
    );
    const c = await registerCase(
      ts.tdb.db,
      {
        entryId: 'je-profil-746200',
        ground: 'HPL_44',
        requestedBy: 'HEALTH_PERSONNEL',
        claim: 'Skrevet i feil journal',
        rightPatientId: await patientOf(nidF),
      },
      ansvarlig,
    );
    await decideCase(
      ts.tdb.db,
      c.id,
      {
        decision: 'DONE',
        reasons: 'Feil pasient',
        assessment: { wrongPerson: true, publicInterestAgainst: false },
      },
      ansvarlig,
    );
    const copyRun = hp('e-hp-2', pE, [copy('superseded', 'dr-s46-moved-copy', pE.id, '746200')]);
    const run = await runImport(ts.tdb.db, 'hp', copyRun);
    expect(run.quarantined).toEqual({ 'migrated-copy-original-moved': 1 });
    // Not linked: the correction stays a note of its own on the record HP filed it under.
    expect(
      await sql(
        `SELECT id, status, patient_id, replaces_source_system, replaces_source_id FROM journal.journal_entry
          WHERE id = ANY($1::text[]) ORDER BY id`,
        [['je-hp-dr-s46-moved-fix', 'je-profil-746200']],
      ),
    ).toEqual([
      {
        id: 'je-hp-dr-s46-moved-fix',
        status: 'current',
        patient_id: await patientOf(nidE),
        replaces_source_system: null,
        replaces_source_id: 'dr-s46-moved-copy',
      },
      {
        id: 'je-profil-746200',
        status: 'current',
        patient_id: await patientOf(nidF),
        replaces_source_system: null,
        replaces_source_id: null,
      },
    ]);
    const [row] = await sql<{ reason: string; detail: string; entry_id: string }>(
      `SELECT reason, detail, entry_id FROM journal.quarantine WHERE reason = 'migrated-copy-original-moved' AND detail LIKE '%dr-s46-moved-fix%'`,
    );
    expect(row).toEqual({
      reason: 'migrated-copy-original-moved',
      entry_id: 'je-profil-746200',
      detail: expect.stringMatching(/dr-s46-moved-fix.*dr-s46-moved-copy.*PROFIL 746200.*moved.*§ 44/),
    });
    // Listed for an archivist under the record the correction is on.
    const archivist = await ts.stack.token({
      sub: 'arkivar-s46-q',
      role: 'archivist',
      purpose: 'ARCHIVE_ADMINISTRATION',
    });
    const q = await gql(
      ts.stack.gateway.url,
      `query ($p: ID!) { patient(id: $p) { quarantinedRecords { source reason } } }`,
      { token: archivist, variables: { p: await patientOf(nidE) } },
    );
    expect(q.body.errors).toBeUndefined();
    expect(q.body.data.patient.quarantinedRecords).toEqual(
      expect.arrayContaining([{ source: 'hp', reason: 'migrated-copy-original-moved' }]),
    );
    // And under the record the original was moved to (the line is linked to the original).
    const qF = await gql(
      ts.stack.gateway.url,
      `query ($p: ID!) { patient(id: $p) { quarantinedRecords { source reason } } }`,
      { token: archivist, variables: { p: await patientOf(nidF) } },
    );
    expect(qF.body.errors).toBeUndefined();
    expect(qF.body.data.patient.quarantinedRecords).toEqual(
      expect.arrayContaining([{ source: 'hp', reason: 'migrated-copy-original-moved' }]),
    );
    // The same export again: nothing new.
    const again = await runImport(ts.tdb.db, 'hp', copyRun);
    expect(again.counts.entries.updated).toBe(0);
    expect(
      (
        await sql(
          `SELECT 1 FROM journal.quarantine WHERE reason = 'migrated-copy-original-moved' AND detail LIKE '%dr-s46-moved-fix%'`,
        )
      ).length,
    ).toBe(1);
  });
});

// ------------------------------------------------------------------ 2. versions kept before stop 45
// A database of its own (the journal's migration; either search backend reads the same rows): the
// rule for a version 1 reads which import runs had started before the copy was recorded.

describe('migration 040', () => {
  let ts: TestStack;
  let dir: string;
  let seq = 0;
  const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
    (await ts.tdb.db.query(text, params)).rows as T[];
  const hp = (name: string, p: object, docs: object[]) =>
    writeHpExport(dir, `${name}-${++seq}`, { Patient: [p], DocumentReference: docs });
  const fnr = (n: number) => makeSyntheticNationalId(BORN, n * 4, false);

  // Migration 040 re-derives only versions kept before the stop-45 release was applied (the
  // earliest applied_at of journal migrations 037–039): a version kept after is the live code's.
  // (public.schema_migrations is the admin login's to change.)
  const stop45ReleaseAppliedNow = () =>
    ts.tdb.admin.query(
      `UPDATE public.schema_migrations SET applied_at = clock_timestamp()
        WHERE scope = 'journal' AND name IN ('037_leap_day_ages_reindex.sql', '038_related_person_source_as_of.sql', '039_care_contact_source_as_of.sql')`,
    );
  const fromCopyOf = async (ids: string[]) =>
    sql(
      `SELECT entry_id, version, change, coalesce((fields->>'text_from_copy')::boolean, false) AS from_copy
         FROM journal.entry_version WHERE entry_id = ANY($1::text[]) ORDER BY 1, 2`,
      [ids],
    );

  beforeAll(async () => {
    ts = await startPostgresTestStack();
    dir = mkdtempSync(join(tmpdir(), 'hs-s46-mig-'));
  }, 180_000);

  afterAll(async () => {
    await ts?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('pasientjournalloven § 22, helsepersonelloven § 42: migration 040 names HELSEPLATTFORMEN for a version kept before stop 45 whose text HP’s migrated copy wrote (derived from the import runs), and leaves a version the legacy source wrote, or one the runs do not tell about, its note’s', async () => {
    const [nidB, nidC, nidD, nidE] = [fnr(11), fnr(12), fnr(13), fnr(14)];
    const [pB, pC, pE] = [patient('pt-s46-b', nidB), patient('pt-s46-c', nidC), patient('pt-s46-e', nidE)];
    // B: HP's migrated copy before the Profil original (the copy's text kept as version 1).
    await runImport(
      ts.tdb.db,
      'hp',
      hp('b-hp', pB, [copy('current', 'dr-s46-b-copy', pB.id, '746101', `${LEGACY} Migrert qzxkopiS46.`)]),
    );
    // C: HP's copy, then a changed copy (version 1: the first copy), then the original (version 2:
    // the changed copy), then a changed Profil export (version 3: the original's text).
    await runImport(
      ts.tdb.db,
      'hp',
      hp('c-hp-1', pC, [copy('current', 'dr-s46-c-copy', pC.id, '746102', 'Kopi en.')]),
    );
    await runImport(
      ts.tdb.db,
      'hp',
      hp('c-hp-2', pC, [copy('current', 'dr-s46-c-copy', pC.id, '746102', 'Kopi to.')]),
    );
    await runImport(ts.tdb.db, 'profil', profilExport(dir, 'b-profil', nidB, '704611', '746101'));
    await runImport(
      ts.tdb.db,
      'profil',
      profilExport(dir, 'c-profil-1', nidC, '704612', '746102', 'Original en.'),
    );
    await runImport(
      ts.tdb.db,
      'profil',
      profilExport(dir, 'c-profil-2', nidC, '704612', '746102', 'Original to.'),
    );
    // D: the Profil original first, then a changed Profil export (version 1: the original's).
    await runImport(
      ts.tdb.db,
      'profil',
      profilExport(dir, 'd-profil-1', nidD, '704613', '746103', 'Første.'),
    );
    await runImport(ts.tdb.db, 'profil', profilExport(dir, 'd-profil-2', nidD, '704613', '746103', 'Andre.'));
    // E: HP's copy before its original, but after Profil runs of other notes had started: whether
    // one of them held this note the runs do not say (version 1 is the copy's, not derived).
    await runImport(
      ts.tdb.db,
      'hp',
      hp('e-hp', pE, [copy('current', 'dr-s46-e-copy', pE.id, '746104', 'Kopi E.')]),
    );
    await runImport(
      ts.tdb.db,
      'profil',
      profilExport(dir, 'e-profil', nidE, '704614', '746104', 'Original E.'),
    );

    const ids = ['je-profil-746101', 'je-profil-746102', 'je-profil-746103', 'je-profil-746104'];
    const fromCopy = async () =>
      sql(
        `SELECT entry_id, version, coalesce((fields->>'text_from_copy')::boolean, false) AS from_copy
           FROM journal.entry_version WHERE entry_id = ANY($1::text[]) ORDER BY 1, 2`,
        [ids],
      );
    const asKept = [
      { entry_id: 'je-profil-746101', version: 1, from_copy: true },
      { entry_id: 'je-profil-746102', version: 1, from_copy: true },
      { entry_id: 'je-profil-746102', version: 2, from_copy: true },
      { entry_id: 'je-profil-746102', version: 3, from_copy: false },
      { entry_id: 'je-profil-746103', version: 1, from_copy: false },
      { entry_id: 'je-profil-746104', version: 1, from_copy: true },
    ];
    // As stop 45 keeps them.
    expect(await fromCopy()).toEqual(asKept);
    // As they were kept before stop 45: no text_from_copy in their fields.
    await sql(
      `UPDATE journal.entry_version SET fields = fields - 'text_from_copy' WHERE entry_id = ANY($1::text[])`,
      [ids],
    );
    // The stop-45 release (journal migrations 037–039, with the code that records text_from_copy)
    // was applied after these versions were kept.
    await stop45ReleaseAppliedNow();
    await sql(`DELETE FROM journal.outbox`);
    await ts.tdb.db.query(readFileSync(MIGRATION_040, 'utf8'));
    // E's version 1 is not derived: it names its note's system, as before.
    expect(await fromCopy()).toEqual(
      asKept.map((v) => (v.entry_id === 'je-profil-746104' ? { ...v, from_copy: false } : v)),
    );
    // The notes whose versions it named are queued for the index (their earlier sources changed).
    expect(
      (await sql<{ entity_id: string }>(`SELECT DISTINCT entity_id FROM journal.outbox ORDER BY 1`)).map(
        (r) => r.entity_id,
      ),
    ).toEqual(['je-profil-746101', 'je-profil-746102']);
    // Again: nothing changes, nothing queued.
    await sql(`DELETE FROM journal.outbox`);
    await ts.tdb.db.query(readFileSync(MIGRATION_040, 'utf8'));
    expect((await sql(`SELECT 1 FROM journal.outbox`)).length).toBe(0);
    // And the API says so.
    const token = await ts.stack.matterToken(
      { id: 'M-S46-MIG', nationalIds: [nidB] },
      { sub: 'jurist-s46-mig' },
    );
    const r = await gql(
      ts.stack.gateway.url,
      `query ($p: ID!) { patient(id: $p) { entriesById(ids: ["je-profil-746101"]) { history { version sourceSystem } } } }`,
      {
        token,
        variables: {
          p: (await sql<{ id: string }>('SELECT id FROM journal.patient WHERE national_id = $1', [nidB]))[0]!
            .id,
        },
      },
    );
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.patient.entriesById[0].history).toEqual([
      { version: 1, sourceSystem: 'HELSEPLATTFORMEN' },
    ]);
  });

  test('pasientjournalloven § 22, helsepersonelloven § 42: migration 040 leaves a superseded legacy original’s later version its note’s (the HP run that superseded it kept the text as it was), and never changes a version kept after the stop-45 release (the live code judged it)', async () => {
    const [nidF, nidG, nidH] = [fnr(15), fnr(16), fnr(17)];
    const [pF, pG, pH] = [patient('pt-s46-f', nidF), patient('pt-s46-g', nidG), patient('pt-s46-h', nidH)];
    // The Profil original P (text T); an HP correction of its migrated copy supersedes it (version
    // 1 kept by the HP run, change import, text T unchanged); then a later Profil run changes the
    // text (version 2 kept by the Profil run: text T, the original's).
    const supersededThenChanged = async (
      tag: string,
      p: typeof pF,
      nid: string,
      klientnr: string,
      notat: string,
    ) => {
      await runImport(ts.tdb.db, 'profil', profilExport(dir, `${tag}-profil-1`, nid, klientnr, notat));
      await runImport(
        ts.tdb.db,
        'hp',
        hp(`${tag}-hp-1`, p, [correctionOf(`dr-s46-${tag}-fix`, p.id, `dr-s46-${tag}-copy`)]),
      );
      await runImport(
        ts.tdb.db,
        'hp',
        hp(`${tag}-hp-2`, p, [copy('superseded', `dr-s46-${tag}-copy`, p.id, notat)]),
      );
      await runImport(
        ts.tdb.db,
        'profil',
        profilExport(dir, `${tag}-profil-2`, nid, klientnr, notat, `${LEGACY} Endret i Profil.`),
      );
    };
    // F: before the stop-45 release.
    await supersededThenChanged('f', pF, nidF, '704615', '746105');
    const F = ['je-profil-746105'];
    const keptF = [
      { entry_id: 'je-profil-746105', version: 1, change: 'import', from_copy: false },
      { entry_id: 'je-profil-746105', version: 2, change: 'import', from_copy: false },
    ];
    expect(await fromCopyOf(F)).toEqual(keptF);
    await sql(
      `UPDATE journal.entry_version SET fields = fields - 'text_from_copy' WHERE entry_id = ANY($1::text[])`,
      [F],
    );
    await stop45ReleaseAppliedNow();
    // After the release, the live code keeps G's versions (the same history: not the copy's) and
    // H's (HP's copy, a changed copy, then the original: versions 1 and 2 the copy's). H's
    // versions without the key stand for versions the live code judged not the copy's: 040 does
    // not judge them again (the runs would say version 2 is the copy's, as C's).
    await supersededThenChanged('g', pG, nidG, '704616', '746106');
    await runImport(
      ts.tdb.db,
      'hp',
      hp('h-hp-1', pH, [copy('current', 'dr-s46-h-copy', pH.id, '746107', 'Kopi H en.')]),
    );
    await runImport(
      ts.tdb.db,
      'hp',
      hp('h-hp-2', pH, [copy('current', 'dr-s46-h-copy', pH.id, '746107', 'Kopi H to.')]),
    );
    await runImport(
      ts.tdb.db,
      'profil',
      profilExport(dir, 'h-profil', nidH, '704617', '746107', 'Original H.'),
    );
    const GH = ['je-profil-746106', 'je-profil-746107'];
    const keptGH = [
      { entry_id: 'je-profil-746106', version: 1, change: 'import', from_copy: false },
      { entry_id: 'je-profil-746106', version: 2, change: 'import', from_copy: false },
      { entry_id: 'je-profil-746107', version: 1, change: 'import', from_copy: true },
      { entry_id: 'je-profil-746107', version: 2, change: 'import', from_copy: true },
    ];
    expect(await fromCopyOf(GH)).toEqual(keptGH);
    await sql(
      `UPDATE journal.entry_version SET fields = fields - 'text_from_copy' WHERE entry_id = 'je-profil-746107'`,
    );
    const liveGH = keptGH.map((v) => ({ ...v, from_copy: false }));
    await sql(`DELETE FROM journal.outbox`);
    await ts.tdb.db.query(readFileSync(MIGRATION_040, 'utf8'));
    expect({ F: await fromCopyOf(F), GH: await fromCopyOf(GH) }).toEqual({ F: keptF, GH: liveGH });
    expect(
      (await sql(`SELECT 1 FROM journal.outbox WHERE entity_id = ANY($1::text[])`, [[...F, ...GH]])).length,
    ).toBe(0);
    // And the API names PROFIL for F's version 2 (Profil's wording), not HELSEPLATTFORMEN.
    const token = await ts.stack.matterToken(
      { id: 'M-S46-MIG-F', nationalIds: [nidF] },
      { sub: 'jurist-s46-mig-f' },
    );
    const r = await gql(
      ts.stack.gateway.url,
      `query ($p: ID!) { patient(id: $p) { entriesById(ids: ["je-profil-746105"]) { id history { version sourceSystem } } } }`,
      {
        token,
        variables: {
          p: (await sql<{ id: string }>('SELECT id FROM journal.patient WHERE national_id = $1', [nidF]))[0]!
            .id,
        },
      },
    );
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.patient.entriesById).toEqual([
      {
        id: 'je-profil-746105',
        history: [
          { version: 1, sourceSystem: 'PROFIL' },
          { version: 2, sourceSystem: 'PROFIL' },
        ],
      },
    ]);
  });
});
