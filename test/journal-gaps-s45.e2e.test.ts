/**
 * Stop 45: the gaps stop 44 left in the journal (helsepersonelloven §§ 42–44, pasientjournalloven
 * § 22). Background: test/journal-migrated-correction-s44.e2e.test.ts (an HP correction of a
 * migrated Profil/Gerica note supersedes the legacy original, which becomes its version 1) and
 * test/search-person-age-s44.e2e.test.ts (a note's age is its person's).
 *
 * 1. A correction stored before the migrated copy it replaces is met is linked to the legacy
 *    original when the copy comes: that change of the note keeps a version (§ 42: nothing stored
 *    is lost).
 * 2. JournalEntryVersion.sourceSystem: which system a version came from (the legacy original's
 *    Profil, HP's kept versions Helseplattformen), in the API and the dossier.
 * 3. Two HP documents replacing one migrated copy; a correction of a moved (§ 44) or deleted
 *    (§ 43) original.
 * 4. Two links committing at once on overlapping persons each re-age the notes they change.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hpDoc, writeHpExport } from '../dev/hp-records';
import { gql } from '../dev/services';
import { BOTH_SEARCH_BACKENDS, type TestStack } from '../dev/test-stack';
import { makeSyntheticNationalId } from '../lib/national-id';
import { runImport } from '../subgraphs/journal/import/run';

const BORN = '2002-02-14';
const LEGACY = 'Samtale med eleven. Forteller om qzxlegacyS45 i gymtimene.';
const FIXED = 'Samtale med eleven. Forteller om qzxrettetS45 i gymtimene.';

function profilExport(
  dir: string,
  name: string,
  fnr: string,
  klientnr: string,
  notat: string,
  text = LEGACY,
  born = BORN,
): string {
  const d = join(dir, name);
  mkdirSync(d);
  writeFileSync(
    join(d, 'profil-eksport.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>
<profil-eksport versjon="4.2" eksportert="2019-11-10T03:15:00" kommunenr="5001" system="Profil">
  <klient klientnr="${klientnr}" fnr="${fnr}" etternavn="Lysvik" fornavn="Mari" fodt="${born}" kjonn="K" opprettet="${born}">
    <journal>
      <notat id="${notat}" dato="2016-09-01T10:00" type="Konsultasjon" tjeneste="Skolehelsetjenesten" forfatter-hpr="9034411" forfatter="Berit Hoel">${text}</notat>
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
  name: [{ family: 'Lysvik', given: ['Mari'] }],
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
    date: '2016-09-01T10:00:00+02:00',
  });

const correctionOf = (
  id: string,
  patientId: string,
  copyId: string,
  text = FIXED,
  date = '2021-06-02T09:00:00+02:00',
) =>
  hpDoc(id, patientId, text, {
    type: { text: 'Konsultasjon' },
    date,
    docStatus: 'amended',
    context: { period: { start: '2016-09-01T10:00:00+02:00' } },
    description: 'Rettet feil ord',
    relatesTo: [{ code: 'replaces', target: { reference: `DocumentReference/${copyId}` } }],
  });

describe.each(BOTH_SEARCH_BACKENDS)('%s', (_backend, start) => {
  let ts: TestStack;
  let dir: string;
  let seq = 0;
  const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
    (await ts.tdb.db.query(text, params)).rows as T[];
  const hp = (name: string, p: object, docs: object[]) =>
    writeHpExport(dir, `${name}-${++seq}`, { Patient: [p], DocumentReference: docs });
  // A distinct national id for each n (makeSyntheticNationalId gives the next valid one from its
  // start, so two starts close together can give one person).
  const fnr = (n: number) => makeSyntheticNationalId(BORN, n * 4, false);
  const patientOf = async (nid: string) =>
    (await sql<{ id: string }>('SELECT id FROM journal.patient WHERE national_id = $1', [nid]))[0]!.id;
  const legalToken = (id: string, nids: string[]) =>
    ts.stack.matterToken({ id, nationalIds: nids }, { sub: `jurist-${id}` });

  beforeAll(async () => {
    ts = await start();
    dir = mkdtempSync(join(tmpdir(), 'hs-s45-gaps-'));
  }, 180_000);

  afterAll(async () => {
    await ts?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  // ------------------------------------------------------------------ 1. a late link keeps a version

  test.each([
    ['the copy alone in the later export', false],
    ['the correction sent again before the copy', true],
  ])(
    'helsepersonelloven § 42: a correction linked late to its legacy original keeps the note as it was (%s): the chain it named kept as a version, re-imports changing nothing',
    async (_what, again) => {
      const n = again ? 2 : 1;
      const nid = fnr(50 + n);
      const p = patient(`pt-s45-late-${n}`, nid);
      const [copyId, fixId, notat] = [`dr-s45-late-copy-${n}`, `dr-s45-late-fix-${n}`, `64510${n}`];
      const fix = correctionOf(fixId, p.id, copyId);
      const runs: [string, string][] = [
        ['profil', profilExport(dir, `late-profil-${n}`, nid, `60450${n}`, notat)],
        ['hp', hp('late-hp-1', p, [fix])],
        [
          'hp',
          hp(
            'late-hp-2',
            p,
            again
              ? [fix, copy('superseded', copyId, p.id, notat)]
              : [copy('superseded', copyId, p.id, notat)],
          ),
        ],
      ];
      for (const [source, path] of runs) await runImport(ts.tdb.db, source as 'profil' | 'hp', path);
      const entry = `je-hp-${fixId}`;
      expect(
        await sql(
          `SELECT status, text, replaces_source_system, replaces_source_id, version FROM journal.journal_entry WHERE id = $1`,
          [entry],
        ),
      ).toEqual([
        {
          status: 'current',
          text: FIXED,
          replaces_source_system: 'PROFIL',
          replaces_source_id: notat,
          version: 2,
        },
      ]);
      // The note as it stood before the link: the HP id it named, unresolved, kept.
      expect(
        await sql(
          `SELECT version, text, change, replaced_by, reason, fields->>'replaces_source_id' AS replaces,
                  fields ? 'replaces_source_system' AS had_system, fields->>'status' AS status
             FROM journal.entry_version WHERE entry_id = $1 ORDER BY version`,
          [entry],
        ),
      ).toEqual([
        {
          version: 1,
          text: FIXED,
          change: 'import',
          replaced_by: 'import',
          reason: expect.stringMatching(new RegExp(`${copyId}.*migrated copy.*PROFIL ${notat}`)),
          replaces: copyId,
          had_system: false,
          status: 'current',
        },
      ]);
      const state = async () => ({
        entries: await sql(
          `SELECT id, status, version, replaces_source_id, replaces_source_system FROM journal.journal_entry
            WHERE id = ANY($1::text[]) ORDER BY id`,
          [[entry, `je-profil-${notat}`]],
        ),
        versions: await sql(
          `SELECT entry_id, version FROM journal.entry_version WHERE entry_id = ANY($1::text[]) ORDER BY 1, 2`,
          [[entry, `je-profil-${notat}`]],
        ),
      });
      const before = await state();
      const updated = [];
      for (const [source, path] of runs)
        updated.push((await runImport(ts.tdb.db, source as 'profil' | 'hp', path)).counts.entries.updated);
      expect({ updated, state: await state() }).toEqual({ updated: [0, 0, 0], state: before });
    },
  );

  // ------------------------------------------------------------------ 2. the version's source system

  test('helsepersonelloven § 42, pasientjournalloven § 22: each earlier version names its source system (the legacy original Profil, HP’s kept versions and migrated copy Helseplattformen), in the API and the dossier', async () => {
    // A: in order (Profil, HP copy, HP correction) then linked late (the HP note's own kept version).
    const nidA = fnr(60);
    const pA = patient('pt-s45-sys-a', nidA);
    await runImport(ts.tdb.db, 'profil', profilExport(dir, 'sys-profil-a', nidA, '604560', '645600'));
    await runImport(
      ts.tdb.db,
      'hp',
      hp('sys-hp-a1', pA, [correctionOf('dr-s45-sys-fix', pA.id, 'dr-s45-sys-copy')]),
    );
    await runImport(
      ts.tdb.db,
      'hp',
      hp('sys-hp-a2', pA, [copy('superseded', 'dr-s45-sys-copy', pA.id, '645600')]),
    );
    // B: HP's migrated copy (its text changed by the migration) before the Profil original.
    const nidB = fnr(61);
    const pB = patient('pt-s45-sys-b', nidB);
    await runImport(
      ts.tdb.db,
      'hp',
      hp('sys-hp-b', pB, [
        copy('current', 'dr-s45-sys-copy-b', pB.id, '645601', `${LEGACY} Migrert qzxkopiS45.`),
      ]),
    );
    await runImport(ts.tdb.db, 'profil', profilExport(dir, 'sys-profil-b', nidB, '604561', '645601'));
    await ts.stack.index();

    const token = await legalToken('M-S45-SYS', [nidA, nidB]);
    const history = async (nid: string, id: string) => {
      const r = await gql(
        ts.stack.gateway.url,
        `query ($p: ID!, $id: ID!) { patient(id: $p) { entriesById(ids: [$id]) { sourceSystem history { version sourceSystem sourceId change text } } } }`,
        { token, variables: { p: await patientOf(nid), id } },
      );
      expect(r.body.errors).toBeUndefined();
      return r.body.data.patient.entriesById[0];
    };
    expect(await history(nidA, 'je-hp-dr-s45-sys-fix')).toEqual({
      sourceSystem: 'HELSEPLATTFORMEN',
      history: [
        { version: 1, sourceSystem: 'PROFIL', sourceId: '645600', change: 'source', text: LEGACY },
        { version: 2, sourceSystem: 'HELSEPLATTFORMEN', sourceId: null, change: 'import', text: FIXED },
      ],
    });
    expect(await history(nidB, 'je-profil-645601')).toEqual({
      sourceSystem: 'PROFIL',
      history: [
        {
          version: 1,
          sourceSystem: 'HELSEPLATTFORMEN',
          sourceId: null,
          change: 'import',
          text: `${LEGACY} Migrert qzxkopiS45.`,
        },
      ],
    });

    // The dossier's corrections of the item say the same.
    const d = await gql(
      ts.stack.gateway.url,
      `query ($id: ID!) { dossier(patientId: $id) { items { id sourceSystem provenance { corrections { sourceSystem change earlierText } } } } }`,
      { token, variables: { id: await patientOf(nidA) } },
    );
    expect(d.body.errors).toBeUndefined();
    const item = d.body.data.dossier.items.find(
      (i: { id: string }) => i.id === 'JOURNAL_ENTRY:je-hp-dr-s45-sys-fix',
    );
    expect(item).toEqual({
      id: 'JOURNAL_ENTRY:je-hp-dr-s45-sys-fix',
      sourceSystem: 'HELSEPLATTFORMEN',
      provenance: {
        corrections: [
          { sourceSystem: 'PROFIL', change: 'source', earlierText: LEGACY },
          { sourceSystem: 'HELSEPLATTFORMEN', change: 'import', earlierText: FIXED },
        ],
      },
    });
  });
});
