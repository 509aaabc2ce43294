/**
 * Review s44 (case 2: all care at ages 13–15, every version of every note): a legacy note
 * migrated into Helseplattformen and later corrected there (helsepersonelloven §§ 42–44,
 * pasientjournalloven § 22). The exports, in the fixtures' formats: a Profil note; HP's export
 * with its migrated copy (tag urn:example:migrering profil, the legacy id as identifier); then
 * HP's export with that copy `superseded` and a new DocumentReference that `replaces` it (FHIR
 * relatesTo), the correction.
 *
 * Found: the superseded copy was quarantined as `migrated-copy-differs`, the correction was a
 * note of its own with no history, and the legacy original stayed current and unmarked: two
 * unlinked current notes of one contact, and nothing said the legacy note was corrected.
 * Expected (§ 42: a correction keeps what was there, marked, and the record shows the current
 * text): one current note, the correction's text, its history holding the legacy original's text
 * (source, document, when); the original no longer a current note of its own, in the journal or
 * the search, and its text found as the correction's earlier version; nothing quarantined lost;
 * re-importing the same exports changes nothing. The chain stops at the patient's edge.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hpDoc, writeHpExport } from '../dev/hp-records';
import { gql } from '../dev/services';
import { BOTH_SEARCH_BACKENDS, type TestStack } from '../dev/test-stack';
import { makeSyntheticNationalId } from '../lib/national-id';
import { runImport } from '../subgraphs/journal/import/run';

const BORN = '2001-03-10'; // ages 13–15: 2014-03-10 to 2017-03-09
const FNR = makeSyntheticNationalId(BORN, 44, true);
const OTHER = makeSyntheticNationalId('2001-04-11', 45, false);
const LEGACY_TEXT = 'Samtale på helsestasjonen. Eleven forteller om qzxlegacyS44 i friminuttene.';
const CORRECTED_TEXT = 'Samtale på helsestasjonen. Eleven forteller om qzxrettetS44 i friminuttene.';

function profilExport(
  dir: string,
  name = 'profil',
  fnr = FNR,
  klientnr = '604401',
  notat = '644001',
  text = LEGACY_TEXT,
): string {
  const d = join(dir, name);
  mkdirSync(d);
  writeFileSync(
    join(d, 'profil-eksport.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>
<profil-eksport versjon="4.2" eksportert="2019-11-10T03:15:00" kommunenr="5001" system="Profil">
  <klient klientnr="${klientnr}" fnr="${fnr}" etternavn="Sporvik" fornavn="Tone" fodt="${BORN}" kjonn="K" opprettet="${BORN}">
    <journal>
      <notat id="${notat}" dato="2015-09-01T10:00" type="Konsultasjon" tjeneste="Skolehelsetjenesten" forfatter-hpr="9034411" forfatter="Berit Hoel">${text}</notat>
    </journal>
  </klient>
</profil-eksport>
`,
  );
  return d;
}

const patient = (id: string, fnr: string, birthDate: string) => ({
  resourceType: 'Patient',
  id,
  identifier: [{ system: 'urn:oid:2.16.578.1.12.4.1.4.1', value: fnr }],
  name: [{ family: 'Sporvik', given: ['Tone'] }],
  birthDate,
});

/** HP's migrated copy of a Profil note (as HP migrated it: the same text, Oslo time). */
const copy = (
  status: 'current' | 'superseded',
  o: { id?: string; patient?: string; notat?: string; text?: string } = {},
) =>
  hpDoc(o.id ?? 'dr-s44-mig-copy', o.patient ?? 'pt-s44-mig', o.text ?? LEGACY_TEXT, {
    status,
    meta: { tag: [{ system: 'urn:example:migrering', code: 'profil' }] },
    identifier: [{ system: 'urn:example:migrering:profil', value: o.notat ?? '644001' }],
    type: { text: 'Konsultasjon' },
    date: '2015-09-01T10:00:00+02:00',
  });

/** The correction made in HP: a new document replacing the migrated copy. */
const correctionOf = (id: string, patientId: string, copyId: string, text: string) =>
  hpDoc(id, patientId, text, {
    type: { text: 'Konsultasjon' },
    date: '2021-06-02T09:00:00+02:00',
    docStatus: 'amended',
    context: { period: { start: '2015-09-01T10:00:00+02:00' } },
    description: 'Rettet feil ord',
    relatesTo: [{ code: 'replaces', target: { reference: `DocumentReference/${copyId}` } }],
  });
const correction = correctionOf('dr-s44-mig-fix', 'pt-s44-mig', 'dr-s44-mig-copy', CORRECTED_TEXT);

describe.each(BOTH_SEARCH_BACKENDS)('%s', (_backend, start) => {
  let ts: TestStack;
  let dir: string;
  let exports: [string, string][];
  const sql = async <T>(text: string, params: unknown[] = []) =>
    (await ts.tdb.db.query(text, params)).rows as T[];

  beforeAll(async () => {
    ts = await start();
    dir = mkdtempSync(join(tmpdir(), 'hs-s44-migrated-'));
    exports = [
      ['profil', profilExport(dir)],
      [
        'hp',
        writeHpExport(dir, 'hp-1', {
          Patient: [patient('pt-s44-mig', FNR, BORN)],
          DocumentReference: [copy('current')],
        }),
      ],
      [
        'hp',
        writeHpExport(dir, 'hp-2', {
          Patient: [patient('pt-s44-mig', FNR, BORN)],
          DocumentReference: [copy('superseded'), correction],
        }),
      ],
    ];
    for (const [source, path] of exports) await runImport(ts.tdb.db, source as 'profil' | 'hp', path);
    await ts.stack.index();
  }, 180_000);

  afterAll(async () => {
    await ts?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('helsepersonelloven § 42, pasientjournalloven § 22: a migrated legacy note corrected in HP is one current note with the correction’s text, the legacy original its earlier version (journal, history, search), nothing quarantined lost, and re-importing changes nothing', async () => {
    const token = await ts.stack.matterToken(
      { id: 'M-S44-MIGRATED', nationalIds: [FNR] },
      { sub: 'jurist-s44-mig' },
    );
    const id = (
      await gql(ts.stack.gateway.url, `{ patientByNationalId(nationalId: "${FNR}") { id } }`, { token })
    ).body.data.patientByNationalId.id;
    const j = await gql(
      ts.stack.gateway.url,
      `query ($id: ID!) { patient(id: $id) { journal(first: 50) { edges { node { id text sourceSystem sourceId
         history { version text sourceId change replacedBy reason datedOn } } } } } }`,
      { token, variables: { id } },
    );
    expect(j.body.errors).toBeUndefined();
    const notes = j.body.data.patient.journal.edges.map((e: { node: object }) => e.node);
    expect(notes).toEqual([
      {
        id: 'je-hp-dr-s44-mig-fix',
        text: CORRECTED_TEXT,
        sourceSystem: 'HELSEPLATTFORMEN',
        sourceId: 'dr-s44-mig-fix',
        history: [
          expect.objectContaining({
            version: 1,
            text: LEGACY_TEXT,
            sourceId: '644001',
            change: 'source',
            replacedBy: 'source system',
            reason: 'Rettet feil ord',
            datedOn: '2015-09-01',
          }),
        ],
      },
    ]);
    // The legacy original is kept, marked superseded (not a current note of its own), its text intact.
    const [original] = await sql<{ status: string; text: string }>(
      `SELECT status, text FROM journal.journal_entry WHERE id = 'je-profil-644001'`,
    );
    expect(original).toEqual({ status: 'superseded', text: LEGACY_TEXT });
    // Its state before is kept as a version, naming the document that replaced it.
    expect(
      await sql(`SELECT version, text, change, reason, fields->>'status' AS status FROM journal.entry_version
                  WHERE entry_id = 'je-profil-644001'`),
    ).toEqual([
      {
        version: 1,
        text: LEGACY_TEXT,
        change: 'import',
        reason: expect.stringContaining('document dr-s44-mig-fix replaces its migrated copy'),
        status: 'current',
      },
    ]);
    // Nothing quarantined lost: no quarantine row was removed, and no note dropped or stored twice.
    const search = async (query: string) =>
      (
        await gql(
          ts.stack.gateway.url,
          `query ($id: ID!) { patient(id: $id) { search(query: "${query}", first: 50) { hits { matchedIn journalEntry { id } } } } }`,
          { token, variables: { id } },
        )
      ).body;
    const corrected = await search('qzxrettetS44');
    expect(corrected.errors).toBeUndefined();
    expect(corrected.data.patient.search.hits).toEqual([
      { matchedIn: 'CURRENT_VERSION', journalEntry: { id: 'je-hp-dr-s44-mig-fix' } },
    ]);
    const legacy = await search('qzxlegacyS44');
    expect(legacy.data.patient.search.hits).toEqual([
      { matchedIn: 'EARLIER_VERSION', journalEntry: { id: 'je-hp-dr-s44-mig-fix' } },
    ]);

    // Re-importing the same exports, in the same order, changes nothing.
    const state = async () => ({
      entries: await sql(
        `SELECT id, status, text, version, content_hash, replaces_source_id FROM journal.journal_entry ORDER BY id`,
      ),
      versions: await sql(
        `SELECT entry_id, version, text FROM journal.entry_version ORDER BY entry_id, version`,
      ),
      quarantine: await sql(`SELECT source, reason, raw_hash FROM journal.quarantine ORDER BY id`),
      provenance: await sql(
        `SELECT source_system, source_id, entry_id, kind FROM journal.entry_provenance ORDER BY 1, 2`,
      ),
    });
    const before = await state();
    const updated = [];
    for (const [source, path] of exports)
      updated.push((await runImport(ts.tdb.db, source as 'profil' | 'hp', path)).counts.entries.updated);
    expect({ updated, state: await state() }).toEqual({ updated: [0, 0, 0], state: before });
  });

  test('the chain stops at the patient’s edge: another patient’s document replacing the migrated copy is not linked to the legacy note', async () => {
    const h = writeHpExport(dir, 'hp-other', {
      Patient: [patient('pt-s44-mig-other', OTHER, '2001-04-11')],
      DocumentReference: [
        hpDoc('dr-s44-mig-other', 'pt-s44-mig-other', 'Annen pasient qzxannenS44.', {
          relatesTo: [{ code: 'replaces', target: { reference: 'DocumentReference/dr-s44-mig-copy' } }],
        }),
      ],
    });
    await runImport(ts.tdb.db, 'hp', h);
    const rows = await sql<{ id: string; status: string; replaces_source_id: string | null }>(
      `SELECT id, status, replaces_source_id FROM journal.journal_entry
        WHERE id IN ('je-profil-644001', 'je-hp-dr-s44-mig-fix', 'je-hp-dr-s44-mig-other') ORDER BY id`,
    );
    expect(rows.map((r) => [r.id, r.status])).toEqual([
      ['je-hp-dr-s44-mig-fix', 'current'],
      ['je-hp-dr-s44-mig-other', 'current'],
      ['je-profil-644001', 'superseded'],
    ]);
    // Not resolved to the legacy note: the reference stays as HP sent it, and no chain reaches it.
    expect(rows.find((r) => r.id === 'je-hp-dr-s44-mig-other')?.replaces_source_id).toBe('dr-s44-mig-copy');
    const other = await sql<{ replaces_source_system: string | null }>(
      `SELECT replaces_source_system FROM journal.journal_entry WHERE id = 'je-hp-dr-s44-mig-other'`,
    );
    expect(other).toEqual([{ replaces_source_system: null }]);
  });
  const entries = (ids: string[]) =>
    sql<{ id: string; status: string; text: string }>(
      `SELECT id, status, text FROM journal.journal_entry WHERE id = ANY($1::text[]) ORDER BY id`,
      [ids],
    );
  const historyTexts = async (id: string) =>
    (
      await sql<{ text: string }>(
        `SELECT p.text FROM journal.journal_entry n
           JOIN journal.journal_entry p ON p.source_system = coalesce(n.replaces_source_system, n.source_system)
                                       AND p.source_id = n.replaces_source_id AND p.patient_id = n.patient_id
          WHERE n.id = $1`,
        [id],
      )
    ).map((r) => r.text);

  test('helsepersonelloven § 42: HP’s exports imported before the Profil export give the same record: the correction current, the legacy original superseded, re-imports changing nothing', async () => {
    const fnr = makeSyntheticNationalId(BORN, 46, true);
    const p = patient('pt-s44-mig-late', fnr, BORN);
    const o = { id: 'dr-s44-late-copy', patient: 'pt-s44-mig-late', notat: '644002' };
    const runs: [string, string][] = [
      ['hp', writeHpExport(dir, 'late-hp-1', { Patient: [p], DocumentReference: [copy('current', o)] })],
      [
        'hp',
        writeHpExport(dir, 'late-hp-2', {
          Patient: [p],
          DocumentReference: [
            copy('superseded', o),
            correctionOf('dr-s44-late-fix', 'pt-s44-mig-late', 'dr-s44-late-copy', CORRECTED_TEXT),
          ],
        }),
      ],
      ['profil', profilExport(dir, 'late-profil', fnr, '604402', '644002')],
    ];
    for (const [source, path] of runs) await runImport(ts.tdb.db, source as 'profil' | 'hp', path);
    const ids = ['je-hp-dr-s44-late-fix', 'je-profil-644002'];
    expect(await entries(ids)).toEqual([
      { id: 'je-hp-dr-s44-late-fix', status: 'current', text: CORRECTED_TEXT },
      { id: 'je-profil-644002', status: 'superseded', text: LEGACY_TEXT },
    ]);
    expect(await historyTexts('je-hp-dr-s44-late-fix')).toEqual([LEGACY_TEXT]);
    const versions = () =>
      sql(`SELECT entry_id, version FROM journal.entry_version WHERE entry_id = ANY($1::text[])`, [ids]);
    const before = await versions();
    const updated = [];
    for (const [source, path] of runs)
      updated.push((await runImport(ts.tdb.db, source as 'profil' | 'hp', path)).counts.entries.updated);
    expect({ updated, versions: await versions() }).toEqual({ updated: [0, 0, 0], versions: before });
  });

  test('helsepersonelloven § 42: an HP correction stored before the migrated copy it replaces is met is linked to the legacy original when the copy comes', async () => {
    const fnr = makeSyntheticNationalId(BORN, 48, true);
    const p = patient('pt-s44-mig-order', fnr, BORN);
    const o = { id: 'dr-s44-order-copy', patient: 'pt-s44-mig-order', notat: '644004' };
    const runs: [string, string][] = [
      ['profil', profilExport(dir, 'order-profil', fnr, '604404', '644004')],
      [
        'hp',
        writeHpExport(dir, 'order-hp-1', {
          Patient: [p],
          DocumentReference: [
            correctionOf('dr-s44-order-fix', 'pt-s44-mig-order', 'dr-s44-order-copy', CORRECTED_TEXT),
          ],
        }),
      ],
      [
        'hp',
        writeHpExport(dir, 'order-hp-2', {
          Patient: [p],
          DocumentReference: [
            correctionOf('dr-s44-order-fix', 'pt-s44-mig-order', 'dr-s44-order-copy', CORRECTED_TEXT),
            copy('superseded', o),
          ],
        }),
      ],
    ];
    // The correction is stored before the copy it replaces is met.
    for (const [source, path] of runs) await runImport(ts.tdb.db, source as 'profil' | 'hp', path);
    const ids = ['je-hp-dr-s44-order-fix', 'je-profil-644004'];
    expect(await entries(ids)).toEqual([
      { id: 'je-hp-dr-s44-order-fix', status: 'current', text: CORRECTED_TEXT },
      { id: 'je-profil-644004', status: 'superseded', text: LEGACY_TEXT },
    ]);
    expect(await historyTexts('je-hp-dr-s44-order-fix')).toEqual([LEGACY_TEXT]);
    const versions = () =>
      sql(`SELECT entry_id, version FROM journal.entry_version WHERE entry_id = ANY($1::text[])`, [ids]);
    const before = await versions();
    const updated = [];
    for (const [source, path] of runs)
      updated.push((await runImport(ts.tdb.db, source as 'profil' | 'hp', path)).counts.entries.updated);
    expect({ updated, versions: await versions() }).toEqual({ updated: [0, 0, 0], versions: before });
  });

  test('pasientjournalloven § 22: a migrated copy HP changed before correcting it is still quarantined with its bytes as migrated-copy-differs (the original the record), and the correction still supersedes the original', async () => {
    const fnr = makeSyntheticNationalId(BORN, 47, false);
    const p = patient('pt-s44-mig-diff', fnr, BORN);
    const o = {
      id: 'dr-s44-diff-copy',
      patient: 'pt-s44-mig-diff',
      notat: '644003',
      text: `${LEGACY_TEXT} Endret i HP qzxkopiS44.`,
    };
    await runImport(ts.tdb.db, 'profil', profilExport(dir, 'diff-profil', fnr, '604403', '644003'));
    await runImport(
      ts.tdb.db,
      'hp',
      writeHpExport(dir, 'diff-hp-1', { Patient: [p], DocumentReference: [copy('current', o)] }),
    );
    await runImport(
      ts.tdb.db,
      'hp',
      writeHpExport(dir, 'diff-hp-2', {
        Patient: [p],
        DocumentReference: [
          copy('superseded', o),
          correctionOf('dr-s44-diff-fix', 'pt-s44-mig-diff', 'dr-s44-diff-copy', CORRECTED_TEXT),
        ],
      }),
    );
    expect(await entries(['je-hp-dr-s44-diff-fix', 'je-profil-644003'])).toEqual([
      { id: 'je-hp-dr-s44-diff-fix', status: 'current', text: CORRECTED_TEXT },
      { id: 'je-profil-644003', status: 'superseded', text: LEGACY_TEXT },
    ]);
    expect(await historyTexts('je-hp-dr-s44-diff-fix')).toEqual([LEGACY_TEXT]);
    const quarantined = await sql<{ reason: string; current: boolean }>(
      `SELECT reason, position('"status":"current"' in convert_from(raw, 'UTF8')) > 0 AS current FROM journal.quarantine
        WHERE position('"id":"dr-s44-diff-copy"' in convert_from(raw, 'UTF8')) > 0 ORDER BY id`,
    );
    expect(quarantined).toEqual([
      { reason: 'migrated-copy-differs', current: true },
      { reason: 'migrated-copy-differs', current: false },
    ]);
  });
});
