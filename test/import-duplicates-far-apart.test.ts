/**
 * One record twice in one export, more than a batch apart (pasientjournalloven § 22,
 * integritet; subgraphs/journal/import/writer.ts ExportDuplicates): the writer compared two
 * records of one source id only within its batch (about 1,000 records). Two 1,500 records apart
 * were both applied: the earlier written, then kept as a version of the later, and a re-run of
 * the export did it again (two versions a run). They now end as two in one batch do: the later
 * imported, the earlier quarantined as `duplicate-source-id` with its bytes and a reason naming
 * both lines, or, when they say the same, the record sent twice. For each importer that has the
 * check: Helseplattformen (one meta.versionId), Gerica (NotatID, VedtakID) and Profil (notat id).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../dev/services';
import { hpDoc, hpEncounter, hpPatient, writeHpExport } from '../dev/hp-records';
import { NOTES_HEADER, VEDTAK_HEADER, gericaFolder, noteRow, serviceRow } from '../dev/gerica-rows';
import { makeSyntheticNationalId } from '../lib/national-id';
import { migrateSubgraph } from '../lib/subgraph';
import { journalSubgraph } from '../subgraphs/journal';
import { runImport } from '../subgraphs/journal/import/run';

/** Records between the two of one source id: over a batch (1,000) apart. */
const APART = 1500;

let dir: string;
let tdb: TestDatabase;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-import-far-'));
  tdb = await createTestDatabase();
  await migrateSubgraph(tdb.db, journalSubgraph);
}, 60_000);

afterAll(async () => {
  await tdb?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const quarantined = async (reason: string, file: string) =>
  (
    await tdb.db.query<{ line: number; detail: string; raw: Buffer; entry_id: string | null }>(
      `SELECT line, detail, raw, entry_id FROM journal.quarantine WHERE reason = $1 AND file LIKE $2 ORDER BY id`,
      [reason, `%${file}`],
    )
  ).rows;

const entry = async (id: string) =>
  (await tdb.db.query<{ text: string }>('SELECT text FROM journal.journal_entry WHERE id = $1', [id])).rows[0]
    ?.text;

const versions = async (id: string) =>
  (
    await tdb.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM journal.entry_version WHERE entry_id = $1',
      [id],
    )
  ).rows[0]!.n;

const filler = <T>(n: number, row: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => row(i));

test('pasientjournalloven § 22 (integritet): two HP lines of one note and one meta.versionId 1,500 lines apart with different texts end as in one batch: the later imported, the earlier quarantined naming both lines; a re-run changes nothing', async () => {
  const meta = { versionId: '4', lastUpdated: '2023-03-01T10:00:00+01:00' };
  const h = writeHpExport(dir, 'hp-far', {
    Patient: [hpPatient('pt-far-1', '1973-03-03', 13)],
    DocumentReference: [
      hpDoc('dr-far-1', 'pt-far-1', 'Første tekst qzxfarA.', { meta }),
      ...filler(APART, (i) => hpDoc(`dr-far-fill-${i}`, 'pt-far-1', `Fyll ${i}.`)),
      hpDoc('dr-far-1', 'pt-far-1', 'Andre tekst qzxfarB.', { meta }),
    ],
  });
  const r = await runImport(tdb.db, 'hp', h);
  const rows = await quarantined('duplicate-source-id', 'DocumentReference.ndjson');
  expect({
    current: await entry('je-hp-dr-far-1'),
    versions: await versions('je-hp-dr-far-1'),
    entries: r.counts.entries,
    quarantined: r.quarantined,
    rows: rows.map((x) => ({ line: x.line, detail: x.detail, entry: x.entry_id })),
    firstTextKept: rows.some((x) =>
      x.raw.toString('utf8').includes(Buffer.from('Første tekst qzxfarA.', 'utf8').toString('base64')),
    ),
  }).toEqual({
    current: 'Andre tekst qzxfarB.',
    versions: 0,
    entries: { accepted: APART + 1, updated: 0, unchanged: 0 },
    quarantined: { 'duplicate-source-id': 1 },
    rows: [
      {
        line: 1,
        detail: `HELSEPLATTFORMEN note dr-far-1 is in this export twice with different content: line ${APART + 2}, the later, is imported; this one (line 1) is kept here`,
        entry: 'je-hp-dr-far-1',
      },
    ],
    firstTextKept: true,
  });
  const again = await runImport(tdb.db, 'hp', h);
  expect({
    entries: again.counts.entries,
    rows: (await quarantined('duplicate-source-id', 'DocumentReference.ndjson')).length,
    versions: await versions('je-hp-dr-far-1'),
    current: await entry('je-hp-dr-far-1'),
  }).toEqual({
    entries: { accepted: 0, updated: 0, unchanged: APART + 1 },
    rows: 1,
    versions: 0,
    current: 'Andre tekst qzxfarB.',
  });
}, 120_000);

test('pasientjournalloven § 22 (integritet): a Gerica NotatID twice 1,500 rows apart with different texts ends as in one batch; sent twice alike, the second is the same record (counted unchanged, nothing quarantined)', async () => {
  const fnr = makeSyntheticNationalId('1974-04-04', 14, true);
  const folder = gericaFolder(dir, 'g-far', {
    'journalnotater.csv': [
      NOTES_HEADER,
      noteRow('3500001', '76001', fnr, 'Første notat qzxgfarA.'),
      noteRow('3500002', '76001', fnr, 'Samme notat to ganger.'),
      ...filler(APART, (i) => noteRow(String(3600000 + i), '76001', fnr, `Fyll ${i}.`)),
      noteRow('3500001', '76001', fnr, 'Andre notat qzxgfarB.'),
      noteRow('3500002', '76001', fnr, 'Samme notat to ganger.'),
    ],
  });
  const r = await runImport(tdb.db, 'gerica', folder);
  const rows = await quarantined('duplicate-source-id', 'journalnotater.csv');
  expect({
    current: await entry('je-gerica-3500001'),
    versions: await versions('je-gerica-3500001'),
    alike: await versions('je-gerica-3500002'),
    entries: r.counts.entries,
    quarantined: r.quarantined,
    rows: rows.map((x) => ({ detail: x.detail, entry: x.entry_id })),
    firstTextKept: rows.some((x) => x.raw.toString('latin1').includes('Første notat qzxgfarA.')),
  }).toEqual({
    current: 'Andre notat qzxgfarB.',
    versions: 0,
    alike: 0,
    entries: { accepted: APART + 2, updated: 0, unchanged: 1 },
    quarantined: { 'duplicate-source-id': 1 },
    rows: [
      {
        detail: `GERICA note 3500001 is in this export twice with different content: line ${APART + 4} (record ${APART + 3}), the later, is imported; this one (line 2 (record 1)) is kept here`,
        entry: 'je-gerica-3500001',
      },
    ],
    firstTextKept: true,
  });
  const again = await runImport(tdb.db, 'gerica', folder);
  expect({
    updated: again.counts.entries.updated,
    rows: (await quarantined('duplicate-source-id', 'journalnotater.csv')).length,
    versions: await versions('je-gerica-3500001'),
  }).toEqual({ updated: 0, rows: 1, versions: 0 });
}, 120_000);

test('pasientjournalloven § 22 (integritet): a Gerica VedtakID twice 1,500 rows apart with different Begrunnelse ends as in one batch: the later row is the decision, the earlier quarantined with its bytes', async () => {
  const fnr = makeSyntheticNationalId('1975-05-05', 15, true);
  const folder = gericaFolder(dir, 'v-far', {
    'vedtak.csv': [
      VEDTAK_HEADER,
      serviceRow('V-2016-001', '77001', fnr, 'Første begrunnelse qzxvfarA.'),
      ...filler(APART, (i) =>
        serviceRow(
          `V-${2017 + Math.floor(i / 1000)}-${String(i % 1000).padStart(3, '0')}`,
          '77001',
          fnr,
          `Fyll ${i}.`,
        ),
      ),
      serviceRow('V-2016-001', '77001', fnr, 'Andre begrunnelse qzxvfarB.'),
    ],
  });
  const r = await runImport(tdb.db, 'gerica-vedtak', folder);
  const decision = async () =>
    (
      await tdb.db.query<{ justification: string; versions: number }>(
        `SELECT d.justification, (SELECT count(*)::int FROM journal.service_decision_version v WHERE v.decision_id = d.id) AS versions
           FROM journal.service_decision d WHERE d.source_system = 'GERICA' AND d.source_id = 'V-2016-001'`,
      )
    ).rows[0];
  const rows = await quarantined('duplicate-source-id', 'vedtak.csv');
  expect({
    decision: await decision(),
    decisions: r.counts.decisions,
    quarantined: r.quarantined,
    rows: rows.map((x) => x.detail),
    firstTextKept: rows.some((x) => x.raw.toString('latin1').includes('Første begrunnelse qzxvfarA.')),
  }).toEqual({
    decision: { justification: 'Andre begrunnelse qzxvfarB.', versions: 0 },
    decisions: { accepted: APART + 1, updated: 0, unchanged: 0 },
    quarantined: { 'duplicate-source-id': 1 },
    rows: [
      `GERICA service decision V-2016-001 is in this export twice with different content: line ${APART + 3} (record ${APART + 2}), the later, is imported; this one (line 2 (record 1)) is kept here`,
    ],
    firstTextKept: true,
  });
  const again = await runImport(tdb.db, 'gerica-vedtak', folder);
  expect({
    updated: again.counts.decisions?.updated,
    rows: (await quarantined('duplicate-source-id', 'vedtak.csv')).length,
    decision: await decision(),
  }).toEqual({
    updated: 0,
    rows: 1,
    decision: { justification: 'Andre begrunnelse qzxvfarB.', versions: 0 },
  });
}, 120_000);

test('pasientjournalloven § 22 (integritet): a Profil notat id twice 1,500 notater apart with different texts ends as in one batch: the later imported, the earlier quarantined with its bytes', async () => {
  const notat = (id: string, text: string) =>
    `<notat id="${id}" dato="2021-01-01T10:00" type="Helsesamtale" tjeneste="X" forfatter="Y">${text}</notat>`;
  const file = join(dir, 'profil-far.xml');
  writeFileSync(
    file,
    '<?xml version="1.0" encoding="UTF-8"?>\n<profil-eksport versjon="4.2">\n' +
      '  <klient klientnr="200401" etternavn="Fjern" fornavn="Frida" fodt="1950-03-04" kjonn="K">\n    <journal>\n' +
      [
        notat('4400001', 'Første notat qzxpfarA.'),
        ...filler(APART, (i) => notat(String(4500000 + i), `Fyll ${i}.`)),
        notat('4400001', 'Andre notat qzxpfarB.'),
      ]
        .map((x) => `      ${x}\n`)
        .join('') +
      '    </journal>\n  </klient>\n</profil-eksport>\n',
  );
  const r = await runImport(tdb.db, 'profil', file);
  const rows = await quarantined('duplicate-source-id', 'profil-far.xml');
  expect({
    current: await entry('je-profil-4400001'),
    versions: await versions('je-profil-4400001'),
    entries: r.counts.entries,
    quarantined: r.quarantined,
    rows: rows.map((x) => ({ line: x.line, entry: x.entry_id })),
    firstTextKept: rows.some((x) => x.raw.toString('utf8').includes('Første notat qzxpfarA.')),
  }).toEqual({
    current: 'Andre notat qzxpfarB.',
    versions: 0,
    entries: { accepted: APART + 1, updated: 0, unchanged: 0 },
    quarantined: { 'duplicate-source-id': 1 },
    rows: [{ line: 5, entry: 'je-profil-4400001' }],
    firstTextKept: true,
  });
  expect(rows[0]!.detail).toMatch(
    /^PROFIL note 4400001 is in this export twice with different content: line \d+ \(record \d+\), the later, is imported; this one \(line 5 \(record \d+\)\) is kept here$/,
  );
  const again = await runImport(tdb.db, 'profil', file);
  expect({
    updated: again.counts.entries.updated,
    rows: (await quarantined('duplicate-source-id', 'profil-far.xml')).length,
    versions: await versions('je-profil-4400001'),
  }).toEqual({ updated: 0, rows: 1, versions: 0 });
}, 120_000);

// Found in review s41: the writer compared care contacts, relatives and practitioners within a
// batch only (lastOfEach); two of one id over a batch apart were both written, the earlier then
// kept as a version of the later, and every re-run of the export added two versions.
test('pasientjournalloven § 22 (integritet): an HP Encounter twice 1,500 lines apart with other content ends as in one batch: the later written, the earlier quarantined naming both lines; a RelatedPerson sent twice alike is one record; a re-run keeps no version', async () => {
  const relative = (id: string) => ({
    resourceType: 'RelatedPerson',
    id,
    patient: { reference: 'Patient/pt-far-c' },
    name: [{ family: 'Fjern', given: ['Mor'] }],
    relationship: [{ text: 'mor' }],
  });
  const encounter = (id: string, service: string) => ({
    ...hpEncounter(id, 'pt-far-c'),
    serviceType: { text: service },
  });
  const h = writeHpExport(dir, 'hp-far-contacts', {
    Patient: [hpPatient('pt-far-c', '1975-05-05', 15)],
    RelatedPerson: [
      relative('rp-far-1'),
      ...filler(APART, (i) => relative(`rp-far-fill-${i}`)),
      relative('rp-far-1'),
    ],
    Encounter: [
      encounter('enc-far-1', 'Helsestasjon qzxfarA'),
      ...filler(APART, (i) => encounter(`enc-far-fill-${i}`, 'Fyll')),
      encounter('enc-far-1', 'Skolehelsetjenesten qzxfarB'),
    ],
  });
  const contactVersions = async () =>
    (
      await tdb.db.query<{ table: string; n: number }>(
        `SELECT record_table AS table, count(*)::int AS n FROM journal.record_version
          WHERE record_key IN ('cc-hp-enc-far-1', (SELECT id::text FROM journal.related_person WHERE source_id = 'rp-far-1'))
          GROUP BY record_table ORDER BY 1`,
      )
    ).rows;
  const service = async () =>
    (
      await tdb.db.query<{ service: string }>(
        `SELECT service FROM journal.care_contact WHERE id = 'cc-hp-enc-far-1'`,
      )
    ).rows[0]?.service;
  const r = await runImport(tdb.db, 'hp', h);
  const rows = await quarantined('duplicate-source-id', 'Encounter.ndjson');
  expect({
    service: await service(),
    versions: await contactVersions(),
    contacts: r.counts.contacts,
    relatives: r.counts.relatives,
    quarantined: r.quarantined,
    rows: rows.map((x) => ({ line: x.line, detail: x.detail })),
    firstKept: rows.some((x) => x.raw.toString('utf8').includes('Helsestasjon qzxfarA')),
  }).toEqual({
    service: 'Skolehelsetjenesten qzxfarB',
    versions: [],
    contacts: { accepted: APART + 1, updated: 0, unchanged: 0 },
    relatives: { accepted: APART + 1, updated: 0, unchanged: 1 },
    quarantined: { 'duplicate-source-id': 1 },
    rows: [
      {
        line: 1,
        detail: `care contact HELSEPLATTFORMEN enc-far-1 is in this export twice with different content: line ${APART + 2}, the later, is imported; this one (line 1) is kept here`,
      },
    ],
    firstKept: true,
  });
  const again = await runImport(tdb.db, 'hp', h);
  expect({
    contacts: again.counts.contacts.updated,
    relatives: again.counts.relatives.updated,
    rows: (await quarantined('duplicate-source-id', 'Encounter.ndjson')).length,
    versions: await contactVersions(),
    service: await service(),
  }).toEqual({ contacts: 0, relatives: 0, rows: 1, versions: [], service: 'Skolehelsetjenesten qzxfarB' });
}, 180_000);
