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
import { Client } from 'pg';
import { hpDoc, writeHpExport } from '../dev/hp-records';
import { gql } from '../dev/services';
import { BOTH_SEARCH_BACKENDS, type TestStack } from '../dev/test-stack';
import { makeSyntheticNationalId } from '../lib/national-id';
import { runImport } from '../subgraphs/journal/import/run';
import { choosePersonDetail, linkPatients } from '../subgraphs/journal/mutations';
import { personBirthDates } from '../subgraphs/journal/outbox';
import { decideCase, registerCase, type Actor } from '../subgraphs/journal/record-cases';

const BORN = '2002-02-14';
const LEGACY = 'Samtale med eleven. Forteller om qzxlegacyS45 i gymtimene.';
const FIXED = 'Samtale med eleven. Forteller om qzxrettetS45 i gymtimene.';
const FIXED2 = 'Samtale med eleven. Forteller om qzxannenrettS45 i gymtimene.';
const ansvarlig: Actor = { userId: 'journalansvarlig-s45', role: 'journalansvarlig' };

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

  // ------------------------------------------------------------------ 3. two replacing, moved, deleted

  const journalOf = async (token: string, nid: string) => {
    const r = await gql(
      ts.stack.gateway.url,
      `query ($id: ID!) { patient(id: $id) { journal(first: 50) { edges { node { id text history { sourceId text } } } } } }`,
      { token, variables: { id: await patientOf(nid) } },
    );
    expect(r.body.errors).toBeUndefined();
    return r.body.data.patient.journal.edges.map((e: { node: object }) => e.node);
  };

  test.each([
    ['in one export', true],
    ['in two exports', false],
  ])(
    'helsepersonelloven § 42, pasientjournalloven § 22: two HP documents replacing one migrated copy (%s): the first is the correction, the second is quarantined with its bytes naming both (no note current twice), re-imports changing nothing',
    async (_what, together) => {
      const n = together ? 1 : 2;
      const nid = fnr(70 + n);
      const p = patient(`pt-s45-two-${n}`, nid);
      const [copyId, notat] = [`dr-s45-two-copy-${n}`, `64570${n}`];
      const a = correctionOf(`dr-s45-two-a-${n}`, p.id, copyId, FIXED, '2021-06-02T09:00:00+02:00');
      const b = correctionOf(`dr-s45-two-b-${n}`, p.id, copyId, FIXED2, '2021-06-03T09:00:00+02:00');
      const runs: [string, string][] = [
        ['profil', profilExport(dir, `two-profil-${n}`, nid, `60470${n}`, notat)],
        ['hp', hp('two-hp-1', p, [copy('current', copyId, p.id, notat)])],
        // The later document first in the file: which is the correction does not depend on the order.
        ...(together
          ? ([['hp', hp('two-hp-2', p, [copy('superseded', copyId, p.id, notat), b, a])]] as [
              string,
              string,
            ][])
          : ([
              ['hp', hp('two-hp-2', p, [copy('superseded', copyId, p.id, notat), a])],
              ['hp', hp('two-hp-3', p, [copy('superseded', copyId, p.id, notat), b])],
            ] as [string, string][])),
      ];
      for (const [source, path] of runs) await runImport(ts.tdb.db, source as 'profil' | 'hp', path);
      await ts.stack.index();
      const token = await legalToken(`M-S45-TWO-${n}`, [nid]);
      // One current note: the first correction, the legacy original its version 1.
      expect(await journalOf(token, nid)).toEqual([
        { id: `je-hp-dr-s45-two-a-${n}`, text: FIXED, history: [{ sourceId: notat, text: LEGACY }] },
      ]);
      expect(
        await sql(`SELECT id, status FROM journal.journal_entry WHERE id = ANY($1::text[]) ORDER BY id`, [
          [`je-hp-dr-s45-two-a-${n}`, `je-hp-dr-s45-two-b-${n}`, `je-profil-${notat}`],
        ]),
      ).toEqual([
        { id: `je-hp-dr-s45-two-a-${n}`, status: 'current' },
        { id: `je-profil-${notat}`, status: 'superseded' },
      ]);
      // The second is kept with its bytes, the conflict named, for the archivist (quarantinedRecords).
      const quarantined = await sql<{ reason: string; detail: string; raw: string; entry_id: string }>(
        `SELECT reason, detail, convert_from(raw, 'UTF8') AS raw, entry_id FROM journal.quarantine
          WHERE position($1 in convert_from(raw, 'UTF8')) > 0 ORDER BY id`,
        [`"id":"dr-s45-two-b-${n}"`],
      );
      expect(
        quarantined.map((r) => ({
          ...r,
          raw: Buffer.from(JSON.parse(r.raw).content[0].attachment.data, 'base64').toString('utf8'),
        })),
      ).toEqual([
        {
          reason: 'migrated-copy-replaced-twice',
          detail: expect.stringMatching(new RegExp(`${copyId}.*PROFIL ${notat}.*dr-s45-two-a-${n}`)),
          raw: FIXED2,
          entry_id: `je-profil-${notat}`,
        },
      ]);
      const search = await gql(
        ts.stack.gateway.url,
        `query ($id: ID!) { patient(id: $id) { search(query: "qzxlegacyS45", first: 50) { hits { matchedIn journalEntry { id } } } } }`,
        { token, variables: { id: await patientOf(nid) } },
      );
      expect(search.body.data.patient.search.hits).toEqual([
        { matchedIn: 'EARLIER_VERSION', journalEntry: { id: `je-hp-dr-s45-two-a-${n}` } },
      ]);
      const state = async () => ({
        entries: await sql(
          `SELECT id, status, version FROM journal.journal_entry WHERE patient_id = $1 ORDER BY id`,
          [await patientOf(nid)],
        ),
        quarantine: await sql(`SELECT reason, raw_hash FROM journal.quarantine ORDER BY id`),
      });
      const before = await state();
      for (const [source, path] of runs) await runImport(ts.tdb.db, source as 'profil' | 'hp', path);
      expect(await state()).toEqual(before);
    },
  );

  test('helsepersonelloven § 42, pasientjournalloven § 22: two HP corrections stored before the migrated copy they replace is met: the first is linked when the copy comes, the second stays a note of its own, unlinked, the conflict recorded with the copy’s line; re-imports changing nothing', async () => {
    const nid = fnr(75);
    const p = patient('pt-s45-two-late', nid);
    const [copyId, notat] = ['dr-s45-twolate-copy', '645750'];
    const runs: [string, string][] = [
      ['profil', profilExport(dir, 'twolate-profil', nid, '604575', notat)],
      [
        'hp',
        hp('twolate-hp-1', p, [
          correctionOf('dr-s45-twolate-b', p.id, copyId, FIXED2, '2021-06-03T09:00:00+02:00'),
          correctionOf('dr-s45-twolate-a', p.id, copyId, FIXED, '2021-06-02T09:00:00+02:00'),
        ]),
      ],
      ['hp', hp('twolate-hp-2', p, [copy('superseded', copyId, p.id, notat)])],
    ];
    for (const [source, path] of runs) await runImport(ts.tdb.db, source as 'profil' | 'hp', path);
    await ts.stack.index();
    const token = await legalToken('M-S45-TWOLATE', [nid]);
    expect(await journalOf(token, nid)).toEqual([
      {
        id: 'je-hp-dr-s45-twolate-a',
        text: FIXED,
        history: [
          { sourceId: notat, text: LEGACY },
          { sourceId: null, text: FIXED },
        ],
      },
      { id: 'je-hp-dr-s45-twolate-b', text: FIXED2, history: [] },
    ]);
    expect(
      await sql(
        `SELECT id, status, replaces_source_system, replaces_source_id FROM journal.journal_entry
          WHERE id = ANY($1::text[]) ORDER BY id`,
        [['je-hp-dr-s45-twolate-a', 'je-hp-dr-s45-twolate-b', `je-profil-${notat}`]],
      ),
    ).toEqual([
      {
        id: 'je-hp-dr-s45-twolate-a',
        status: 'current',
        replaces_source_system: 'PROFIL',
        replaces_source_id: notat,
      },
      {
        id: 'je-hp-dr-s45-twolate-b',
        status: 'current',
        replaces_source_system: null,
        replaces_source_id: copyId,
      },
      {
        id: `je-profil-${notat}`,
        status: 'superseded',
        replaces_source_system: null,
        replaces_source_id: null,
      },
    ]);
    expect(
      await sql(
        `SELECT reason, detail, entry_id, position($2 in convert_from(raw, 'UTF8')) > 0 AS copy_line FROM journal.quarantine
          WHERE reason = 'migrated-copy-replaced-twice' AND entry_id = $1`,
        [`je-profil-${notat}`, `"id":"${copyId}"`],
      ),
    ).toEqual([
      {
        reason: 'migrated-copy-replaced-twice',
        detail: expect.stringMatching(
          new RegExp(
            `dr-s45-twolate-b replaces ${copyId}.*PROFIL ${notat}.*dr-s45-twolate-a replaces already`,
          ),
        ),
        entry_id: `je-profil-${notat}`,
        copy_line: true,
      },
    ]);
    const search = await gql(
      ts.stack.gateway.url,
      `query ($id: ID!) { patient(id: $id) { search(query: "qzxlegacyS45", first: 50) { hits { matchedIn journalEntry { id } } } } }`,
      { token, variables: { id: await patientOf(nid) } },
    );
    expect(search.body.data.patient.search.hits).toEqual([
      { matchedIn: 'EARLIER_VERSION', journalEntry: { id: 'je-hp-dr-s45-twolate-a' } },
    ]);
    const state = async () => ({
      entries: await sql(
        `SELECT id, status, version, replaces_source_id FROM journal.journal_entry WHERE patient_id = $1 ORDER BY id`,
        [await patientOf(nid)],
      ),
      versions: await sql(
        `SELECT v.entry_id, v.version FROM journal.entry_version v JOIN journal.journal_entry e ON e.id = v.entry_id
          WHERE e.patient_id = $1 ORDER BY 1, 2`,
        [await patientOf(nid)],
      ),
      quarantine: await sql(`SELECT reason, raw_hash FROM journal.quarantine ORDER BY id`),
    });
    const before = await state();
    const updated = [];
    for (const [source, path] of runs)
      updated.push((await runImport(ts.tdb.db, source as 'profil' | 'hp', path)).counts.entries.updated);
    expect({ updated, state: await state() }).toEqual({ updated: [0, 0, 0], state: before });
  });

  test('helsepersonelloven §§ 42 and 44: an HP correction of a legacy note moved to the right patient follows it there: current on that record with the legacy original its version 1, the wrong record holding neither', async () => {
    const [nidA, nidB] = [fnr(80), fnr(81)];
    const pA = patient('pt-s45-moved', nidA);
    await runImport(ts.tdb.db, 'profil', profilExport(dir, 'moved-profil-a', nidA, '604580', '645800'));
    await runImport(
      ts.tdb.db,
      'profil',
      profilExport(dir, 'moved-profil-b', nidB, '604581', '645801', 'Annet notat.'),
    );
    await runImport(
      ts.tdb.db,
      'hp',
      hp('moved-hp-1', pA, [copy('current', 'dr-s45-moved-copy', pA.id, '645800')]),
    );
    const c = await registerCase(
      ts.tdb.db,
      {
        entryId: 'je-profil-645800',
        ground: 'HPL_44',
        requestedBy: 'HEALTH_PERSONNEL',
        claim: 'Skrevet i feil journal',
        rightPatientId: await patientOf(nidB),
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
    const run = await runImport(
      ts.tdb.db,
      'hp',
      hp('moved-hp-2', pA, [
        copy('superseded', 'dr-s45-moved-copy', pA.id, '645800'),
        correctionOf('dr-s45-moved-fix', pA.id, 'dr-s45-moved-copy'),
      ]),
    );
    expect(run.quarantined).toEqual({});
    await ts.stack.index();
    const token = await legalToken('M-S45-MOVED', [nidA, nidB]);
    expect((await journalOf(token, nidA)).map((e: { id: string }) => e.id)).toEqual([]);
    // Its history: the legacy original, then the correction as HP filed it, kept by the move.
    expect(await journalOf(token, nidB)).toEqual(
      expect.arrayContaining([
        {
          id: 'je-hp-dr-s45-moved-fix',
          text: FIXED,
          history: [
            { sourceId: '645800', text: LEGACY },
            { sourceId: null, text: FIXED },
          ],
        },
      ]),
    );
    expect(
      await sql(
        `SELECT id, status, patient_id FROM journal.journal_entry WHERE id = ANY($1::text[]) ORDER BY id`,
        [['je-hp-dr-s45-moved-fix', 'je-profil-645800']],
      ),
    ).toEqual([
      { id: 'je-hp-dr-s45-moved-fix', status: 'current', patient_id: await patientOf(nidB) },
      { id: 'je-profil-645800', status: 'superseded', patient_id: await patientOf(nidB) },
    ]);
  });

  test('helsepersonelloven §§ 42 and 43: an HP correction of a legacy note deleted here is deleted with it as the same note: its text stored nowhere, no current note, the tombstone naming the deletion', async () => {
    const nid = fnr(90);
    const p = patient('pt-s45-deleted', nid);
    await runImport(ts.tdb.db, 'profil', profilExport(dir, 'deleted-profil', nid, '604590', '645900'));
    await runImport(
      ts.tdb.db,
      'hp',
      hp('deleted-hp-1', p, [copy('current', 'dr-s45-deleted-copy', p.id, '645900')]),
    );
    const c = await registerCase(
      ts.tdb.db,
      {
        entryId: 'je-profil-645900',
        ground: 'HPL_43',
        requestedBy: 'HEALTH_PERSONNEL',
        claim: 'Feil og belastende',
      },
      ansvarlig,
    );
    await decideCase(
      ts.tdb.db,
      c.id,
      {
        decision: 'DONE',
        reasons: 'Feil og belastende',
        assessment: {
          generallyUnobjectionable: true,
          archiveLawAllows: true,
          wrongOrMisleadingAndBurdensome: true,
          obviouslyNotNeededForCare: false,
        },
      },
      ansvarlig,
    );
    const run = await runImport(
      ts.tdb.db,
      'hp',
      hp('deleted-hp-2', p, [
        copy('superseded', 'dr-s45-deleted-copy', p.id, '645900'),
        correctionOf('dr-s45-deleted-fix', p.id, 'dr-s45-deleted-copy'),
      ]),
    );
    expect(run.deletionsFollowed).toBe(1);
    await ts.stack.index();
    const token = await legalToken('M-S45-DELETED', [nid]);
    // Both tombstones, no text in them or their history.
    expect(JSON.stringify(await journalOf(token, nid))).not.toMatch(/qzx/);
    expect(
      await sql(
        `SELECT e.id, e.status, e.text, t.case_id::text AS case_id FROM journal.journal_entry e
           LEFT JOIN journal.tombstone t ON t.entry_id = e.id WHERE e.id = ANY($1::text[]) ORDER BY e.id`,
        [['je-hp-dr-s45-deleted-fix', 'je-profil-645900']],
      ),
    ).toEqual([
      { id: 'je-hp-dr-s45-deleted-fix', status: 'current', text: null, case_id: c.id },
      { id: 'je-profil-645900', status: 'current', text: null, case_id: c.id },
    ]);
    const stored = await sql<{ n: number }>(
      `SELECT (SELECT count(*) FROM journal.entry_version WHERE text LIKE '%qzxrettetS45%' AND entry_id LIKE '%deleted%')
            + (SELECT count(*) FROM journal.quarantine WHERE position('dr-s45-deleted-fix' in convert_from(raw, 'UTF8')) > 0)
            + (SELECT count(*) FROM journal.journal_entry WHERE id LIKE '%deleted%' AND text IS NOT NULL) AS n`,
    );
    expect(stored).toEqual([{ n: 0 }]);
  });

  // ------------------------------------------------------------------ 4. two links at once

  test('pasientjournalloven § 22, helseforskningsloven § 33: two links committing at once on overlapping persons re-age every note whose age changes (the second waits for the first and reads the person it made)', async () => {
    // Three records of one person, each stating another birth date (a legacy typo each); the
    // person's is the first record's by id (outbox.ts personBirthDates).
    const births = ['2002-02-14', '2002-03-15', '2002-04-16'];
    const nids = births.map((b, k) => makeSyntheticNationalId(b, 400 + k * 4, false));
    for (const [k, nid] of nids.entries())
      await runImport(
        ts.tdb.db,
        'profil',
        profilExport(dir, `race-profil-${k}`, nid, `60460${k}`, `64600${k}`, `Notat ${k}.`, births[k]),
      );
    const [p1, p2, p3] = (await Promise.all(nids.map(patientOf))).sort();
    const born = await personBirthDates(ts.tdb.db, [p1!, p2!, p3!]);
    expect(new Set([born.get(p1!), born.get(p2!), born.get(p3!)]).size).toBe(3);
    const noteOf = async (p: string) =>
      (await sql<{ id: string }>(`SELECT id FROM journal.journal_entry WHERE patient_id = $1`, [p]))[0]!.id;
    const mark = (
      await sql<{ seq: string }>(`SELECT coalesce(max(seq), 0)::text AS seq FROM journal.outbox`)
    )[0]!.seq;

    // Hold the outbox from a transaction of the test: each link stops at its announcement (the
    // last thing it does), its link written and not committed, so the two run side by side.
    const holder = new Client({ connectionString: ts.tdb.url });
    await holder.connect();
    const waiting = async (n: number) => {
      for (let i = 0; i < 200; i++) {
        const r = await holder.query<{ n: number }>(
          // Waiting for the outbox (the announcement) or for an advisory lock (a person's links).
          `SELECT count(DISTINCT l.pid)::int AS n FROM pg_locks l
            WHERE NOT l.granted AND l.pid <> pg_backend_pid()
              AND (l.relation = 'journal.outbox'::regclass OR l.locktype = 'advisory')`,
        );
        if (r.rows[0]!.n >= n) return;
        await new Promise((res) => setTimeout(res, 50));
      }
      throw new Error(`${n} link(s) never waited`);
    };
    let first: Promise<void>;
    let second: Promise<void>;
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE journal.outbox IN SHARE MODE');
      first = linkPatients(ts.tdb.db, p1!, p3!, 'Samme person (1)', 'arkivar-s45');
      await waiting(1);
      second = linkPatients(ts.tdb.db, p2!, p3!, 'Samme person (2)', 'arkivar-s45');
      await waiting(2);
    } finally {
      await holder.query('COMMIT');
      await holder.end();
    }
    await Promise.all([first!, second!]);

    // One person, aged by p1's birth date: every record whose notes' age changed is announced.
    const after = await personBirthDates(ts.tdb.db, [p1!]);
    expect([after.get(p1!), after.get(p2!), after.get(p3!)]).toEqual([
      born.get(p1!),
      born.get(p1!),
      born.get(p1!),
    ]);
    const announced = (
      await sql<{ entity_id: string }>(
        `SELECT DISTINCT entity_id FROM journal.outbox WHERE seq > $1::bigint AND entity_type = 'journal_entry' ORDER BY 1`,
        [mark],
      )
    ).map((r) => r.entity_id);
    expect(announced).toEqual(expect.arrayContaining([await noteOf(p2!), await noteOf(p3!)]));
  });

  test('pasientjournalloven § 22, helseforskningsloven § 33: a birth date chosen while a link joins another record to the person re-ages that record’s notes after both (the link waits for the choice and reads the birth date it chose)', async () => {
    const births = ['2002-05-17', '2002-06-18', '2002-07-19'];
    const nids = births.map((b, k) => makeSyntheticNationalId(b, 440 + k * 4, false));
    const klient = new Map<string, string>();
    for (const [k, nid] of nids.entries()) {
      await runImport(
        ts.tdb.db,
        'profil',
        profilExport(dir, `choice-profil-${k}`, nid, `60490${k}`, `64700${k}`, `Notat ${k}.`, births[k]),
      );
      klient.set(await patientOf(nid), `60490${k}`);
    }
    const [p1, p2, p3] = [...klient.keys()].sort();
    // p1 and p2 one person already, aged by p1's birth date; p3 a person of its own.
    await linkPatients(ts.tdb.db, p1!, p2!, 'Samme person', 'arkivar-s45');
    // The birth date p2's own record states: the one the archivist chooses for the person.
    const chosen = (
      await sql<{ chosen: string }>(
        `SELECT to_char(birth_date, 'YYYY-MM-DD') AS chosen FROM journal.patient WHERE id = $1`,
        [p2],
      )
    )[0]!.chosen;
    expect((await personBirthDates(ts.tdb.db, [p1!])).get(p1!)).not.toBe(chosen);
    const noteOf = async (p: string) =>
      (await sql<{ id: string }>(`SELECT id FROM journal.journal_entry WHERE patient_id = $1`, [p]))[0]!.id;

    // The choice (p1 takes p2's statement's birth date) stops after its announcement, before it
    // records the choice: the test holds journal.patient_detail_choice.
    const holder = new Client({ connectionString: ts.tdb.url });
    await holder.connect();
    const waitingFor = async (what: string, n: number) => {
      for (let i = 0; i < 200; i++) {
        const r = await holder.query<{ n: number }>(
          `SELECT count(DISTINCT l.pid)::int AS n FROM pg_locks l
            WHERE NOT l.granted AND l.pid <> pg_backend_pid()
              AND (l.relation = 'journal.patient_detail_choice'::regclass OR l.locktype = 'advisory')`,
        );
        if (r.rows[0]!.n >= n) return;
        await new Promise((res) => setTimeout(res, 50));
      }
      throw new Error(`${what} never waited`);
    };
    let choice: Promise<unknown>;
    let link: Promise<void>;
    let mark: string;
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE journal.patient_detail_choice IN SHARE MODE');
      choice = choosePersonDetail(
        ts.tdb.db,
        {
          patientId: p1!,
          field: 'BIRTH_DATE',
          sourceSystem: 'PROFIL',
          localId: klient.get(p2!)!,
          reason: 'Riktig dato',
        },
        'arkivar-s45',
      );
      await waitingFor('the choice', 1);
      // Meanwhile p3 is linked to the person (by p2) and the indexer runs.
      link = linkPatients(ts.tdb.db, p2!, p3!, 'Samme person', 'arkivar-s45');
      const settled = await Promise.race([
        link.then(() => 'committed'),
        waitingFor('the link', 2).then(() => 'waiting'),
      ]);
      expect(['committed', 'waiting']).toContain(settled);
      await ts.stack.index();
      mark = (await sql<{ seq: string }>(`SELECT coalesce(max(seq), 0)::text AS seq FROM journal.outbox`))[0]!
        .seq;
    } finally {
      await holder.query('COMMIT');
      await holder.end();
    }
    await Promise.all([choice!, link!]);

    // One person, aged by the birth date chosen for p1 (p2's): p3's notes announced after it.
    const after = await personBirthDates(ts.tdb.db, [p1!]);
    expect([after.get(p1!), after.get(p2!), after.get(p3!)]).toEqual([chosen, chosen, chosen]);
    const announced = (
      await sql<{ entity_id: string }>(
        `SELECT DISTINCT entity_id FROM journal.outbox WHERE seq > $1::bigint AND entity_type = 'journal_entry' ORDER BY 1`,
        [mark!],
      )
    ).map((r) => r.entity_id);
    expect(announced).toEqual(expect.arrayContaining([await noteOf(p3!)]));
  });
});
