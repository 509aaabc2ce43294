/**
 * Importer identity and time residuals left by review s33 (test/import-review-s33.e2e.test.ts):
 * local times in a daylight-saving gap or overlap in journal notes, FH-numbers and H-numbers.
 * Each test failed on main at ae9f3d2. Real PostgreSQL and the gateway (dev/test-stack.ts);
 * imports run as the CLI runs them (runImport).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NOTES_HEADER, gericaFolder, noteRow } from '../dev/gerica-rows';
import { hpDoc, recordKeeperTokens, writeHpExport } from '../dev/hp-records';
import { gql } from '../dev/services';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { makeSyntheticNationalId, parseNationalId } from '../lib/national-id';
import { runImport } from '../subgraphs/journal/import/run';
import { withCheckDigits } from '../dev/generator';

let dir: string;
let ts: TestStack;
let archivist: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-imp2-'));
  ts = await startPostgresTestStack();
  ({ archivist } = await recordKeeperTokens(ts.stack, 'imp2'));
}, 120_000);

afterAll(async () => {
  await ts?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const call = (query: string, variables?: Record<string, unknown>) =>
  gql(ts.stack.gateway.url, query, { token: archivist, variables });

/** The patient record a source record was imported as (undefined: none). */
const patientOf = async (sourceSystem: string, localId: string) =>
  (
    await ts.tdb.db.query<{ id: string; national_id: string | null; birth_date: string | null }>(
      `SELECT p.id, p.national_id, to_char(p.birth_date, 'YYYY-MM-DD') AS birth_date
         FROM journal.patient_identity i JOIN journal.patient p ON p.id = i.patient_id
        WHERE i.source_system = $1 AND i.local_id = $2`,
      [sourceSystem, localId],
    )
  ).rows[0];

/** A patient's notes as the gateway shows them to an archivist: id, writtenAt, timeNotes. */
const notesShown = async (patientId: string) => {
  const r = await call(
    `query ($id: ID!) { patient(id: $id) { journal { edges { node { id writtenAt timeNotes } } } } }`,
    { id: patientId },
  );
  expect(r.body.errors).toBeUndefined();
  return (
    r.body.data.patient.journal.edges as { node: { id: string; writtenAt: string; timeNotes: string[] } }[]
  )
    .map((e) => e.node)
    .sort((a, b) => a.id.localeCompare(b.id));
};

const gericaRow = (notatId: string, pasientId: string, fnr: string, dato: string, klokke: string) =>
  `${notatId};${pasientId};${fnr};Sommertid, Siri;${dato};${klokke};Hjemmetjeneste;Journalnotat;;Kari Holm;"Tilsyn natt."`;

describe('daylight-saving times in journal notes', () => {
  test('pasientjournalloven § 22 (integritet): a Gerica or Profil note written at a local time in the spring gap or the autumn overlap keeps the note saying how it was read, shown as timeNotes, as coercion does', async () => {
    // Scenario: Gerica writes Dato/Klokkeslett and Profil dato in Oslo local time without an
    // offset. 26.03.2023 02:30 never happened (clocks went 02:00 → 03:00); 29.10.2023 02:30
    // happened twice. Found: the journal stores the instant lib/oslo-time reads (03:30+02:00 and
    // the first 02:30+02:00) and drops the explanation the coercion importer keeps
    // (coercion.execution.time_notes), so the journal shows 03:30, a time the source never
    // wrote. Expected: the same reading, and the note kept and shown; none on a plain time.
    const fnr = makeSyntheticNationalId('1940-06-06', 40, true);
    const gerica = gericaFolder(dir, 'gerica-dst', {
      'journalnotater.csv': [
        NOTES_HEADER,
        gericaRow('4400001', '44001', fnr, '26.03.2023', '02:30'),
        gericaRow('4400002', '44001', fnr, '29.10.2023', '02:30'),
        gericaRow('4400003', '44001', fnr, '29.10.2023', '04:30'),
      ],
    });
    await runImport(ts.tdb.db, 'gerica', gerica);
    const profil = join(dir, 'profil-dst.xml');
    writeFileSync(
      profil,
      '<?xml version="1.0" encoding="UTF-8"?>\n<profil-eksport versjon="4.2" system="Profil">\n' +
        `  <klient klientnr="440002" fnr="${fnr}" etternavn="Sommertid" fornavn="Siri" fodt="1940-06-06" kjonn="K">\n` +
        '    <journal>\n' +
        '      <notat id="4400021" dato="2023-03-26T02:15" type="Journalnotat" tjeneste="Hjemmesykepleie" forfatter="Åse Lien">Tilsyn natt.</notat>\n' +
        '    </journal>\n  </klient>\n</profil-eksport>\n',
    );
    await runImport(ts.tdb.db, 'profil', profil);
    const p = await patientOf('GERICA', '44001');
    expect(p).toBeDefined();
    expect(await notesShown(p!.id)).toEqual([
      {
        id: 'je-gerica-4400001',
        writtenAt: '2023-03-26T03:30:00+02:00',
        timeNotes: [
          'Klokkeslett: 02:30 local time does not exist (daylight-saving change); read as 2023-03-26T03:30:00+02:00',
        ],
      },
      {
        id: 'je-gerica-4400002',
        writtenAt: '2023-10-29T02:30:00+02:00',
        timeNotes: [
          'Klokkeslett: 02:30 local time occurred twice (daylight-saving change); read as the first occurrence, 2023-10-29T02:30:00+02:00',
        ],
      },
      { id: 'je-gerica-4400003', writtenAt: '2023-10-29T04:30:00+01:00', timeNotes: [] },
      {
        id: 'je-profil-4400021',
        writtenAt: '2023-03-26T03:15:00+02:00',
        timeNotes: [
          'dato: 02:15 local time does not exist (daylight-saving change); read as 2023-03-26T03:15:00+02:00',
        ],
      },
    ]);
    // A note stored before the note was kept (migration 020) gets it when the same export comes
    // again, with no new version (the source's content did not change).
    await ts.tdb.db.query(
      `UPDATE journal.journal_entry SET time_notes = '{}' WHERE id = 'je-gerica-4400001'`,
    );
    await runImport(ts.tdb.db, 'gerica', gerica);
    const again = (
      await ts.tdb.db.query<{ time_notes: string[]; version: number }>(
        `SELECT time_notes, version FROM journal.journal_entry WHERE id = 'je-gerica-4400001'`,
      )
    ).rows[0];
    expect(again).toEqual({
      time_notes: [
        'Klokkeslett: 02:30 local time does not exist (daylight-saving change); read as 2023-03-26T03:30:00+02:00',
      ],
      version: 1,
    });
  });
});

const quarantined = async (file: string) =>
  (
    await ts.tdb.db.query<{ reason: string; detail: string }>(
      'SELECT reason, detail FROM journal.quarantine WHERE file = $1 ORDER BY id',
      [file],
    )
  ).rows;

describe('FH-nummer (felles hjelpenummer)', () => {
  test('pasientjournalloven § 22, helsepersonelloven § 40: a Gerica row and an HP Patient identified by an FH-nummer are one person, imported with the birth date the HP record gives, and age windows use it', async () => {
    // Scenario: a person without a known fødselsnummer or D-number is given an FH-nummer (first
    // digit 8 or 9, two check digits, no birth date), the same in every health service. Gerica
    // and HP export it in the national-id column / under the fødselsnummer OID. Found: both were
    // quarantined as `national-id` with "national id encodes no real date" (read as a D-number
    // of day 40+), and every note of the person with them. Expected: accepted as an identifier
    // of its own kind, one person across sources, the birth date from the record (HP's; Gerica
    // has no column for it), the age windows on that date.
    const fh = withCheckDigits(812_345_678);
    const gerica = gericaFolder(dir, 'gerica-fh', {
      'journalnotater.csv': [NOTES_HEADER, noteRow('4500001', '45001', fh, 'Hjemmebesøk FH.')],
    });
    await runImport(ts.tdb.db, 'gerica', gerica);
    const hp = writeHpExport(dir, 'hp-fh', {
      Patient: [
        {
          resourceType: 'Patient',
          id: 'p-imp2-fh',
          identifier: [{ system: 'urn:oid:2.16.578.1.12.4.1.4.1', value: fh }],
          name: [{ family: 'Hjelpevik', given: ['Frida'] }],
          gender: 'female',
          birthDate: '1950-02-02',
        },
      ],
      DocumentReference: [hpDoc('d-imp2-fh', 'p-imp2-fh', 'Poliklinisk kontroll FH.')],
    });
    await runImport(ts.tdb.db, 'hp', hp);
    expect(await quarantined('journalnotater.csv')).toEqual([]);
    expect(await quarantined(join(hp, 'Patient.ndjson'))).toEqual([]);
    const g = await patientOf('GERICA', '45001');
    const h = await patientOf('HELSEPLATTFORMEN', 'p-imp2-fh');
    expect({ gerica: g, samePerson: g?.id === h?.id }).toEqual({
      gerica: { id: h?.id, national_id: fh, birth_date: '1950-02-02' },
      samePerson: true,
    });
    // Gerica's note of 01.03.2015 at 65, HP's of 01.03.2022 at 72.
    const atAge = async (age: number) => {
      const r = await call(
        `query ($id: ID!, $a: Int!) { patient(id: $id) { journal(ageFrom: $a, ageTo: $a) { edges { node { id } } } } }`,
        { id: g!.id, a: age },
      );
      expect(r.body.errors).toBeUndefined();
      return r.body.data.patient.journal.edges.map((e: { node: { id: string } }) => e.node.id);
    };
    expect({ 65: await atAge(65), 72: await atAge(72) }).toEqual({
      65: ['je-gerica-4500001'],
      72: ['je-hp-d-imp2-fh'],
    });
  });

  test('pasientjournalloven § 22: an FH-nummer passes nowhere a fødselsnummer or D-number is required: parseNationalId refuses it saying what it is, and a Gerica record whose FH-nummer is replaced by a fødselsnummer is not linked by the import but left to an archivist', async () => {
    // Scenario: the coercion import, access requests and research cohorts take national ids
    // (parseNationalId); the import links a record whose number changes only from a D-number to a
    // fødselsnummer of the same birth date. An FH-nummer has no birth date to compare.
    const fh = withCheckDigits(912_345_678);
    expect(parseNationalId(fh)).toEqual({
      error: expect.stringMatching(/^FH-nummer \(felles hjelpenummer\): /),
    });
    const fnr = makeSyntheticNationalId('1951-03-03', 45, false);
    await runImport(
      ts.tdb.db,
      'gerica',
      gericaFolder(dir, 'gerica-fh-then-fnr-1', {
        'journalnotater.csv': [NOTES_HEADER, noteRow('4500011', '45002', fh, 'Første notat.')],
      }),
    );
    const before = await patientOf('GERICA', '45002');
    await runImport(
      ts.tdb.db,
      'gerica',
      gericaFolder(dir, 'gerica-fh-then-fnr-2', {
        'journalnotater.csv': [NOTES_HEADER, noteRow('4500012', '45002', fnr, 'Andre notat.')],
      }),
    );
    const held = await ts.tdb.db.query(
      `SELECT 1 FROM journal.identity_change WHERE source_system = 'GERICA' AND local_id = '45002'`,
    );
    const linked = await ts.tdb.db.query(
      `SELECT 1 FROM journal.patient_link WHERE $1 IN (patient_a, patient_b)`,
      [before!.id],
    );
    expect({
      national_id: before?.national_id,
      heldForArchivist: held.rowCount,
      linked: linked.rowCount,
    }).toEqual({
      national_id: fh,
      heldForArchivist: 1,
      linked: 0,
    });
  });
});

describe('H-nummer (hjelpenummer)', () => {
  const profilKlient = (klientnr: string, fnr: string, family: string, notatId: string) =>
    '<?xml version="1.0" encoding="UTF-8"?>\n<profil-eksport versjon="4.2" system="Profil">\n' +
    `  <klient klientnr="${klientnr}" fnr="${fnr}" etternavn="${family}" fornavn="Per" fodt="1960-02-15" kjonn="M">\n` +
    `    <journal>\n      <notat id="${notatId}" dato="2021-05-04T10:15" type="Journalnotat" tjeneste="Hjemmesykepleie" forfatter="Åse Lien">Notat.</notat>\n` +
    '    </journal>\n  </klient>\n</profil-eksport>\n';

  test("pasientjournalloven § 22, helsepersonelloven § 21: two sources whose H-numbers are equal are two patients, never linked by the import; the number is kept as the record's helpNumber, not a national id", async () => {
    // Scenario: a home-care service (Gerica) and a health station (Profil) each give an
    // H-nummer (third digit + 4) to a person they cannot identify; the two institutions' numbers
    // happen to be equal and name two different people. Found: parseNationalId took an H-number
    // for a fødselsnummer and records.ts derived the patient id from it, so the two people were
    // one patient record: each one's notes shown in a matter over the other (taushetsplikt).
    // Expected: one patient per source, the H-number kept on each (helpNumber), no link.
    const h = withCheckDigits(154_260_123);
    expect(parseNationalId(h)).toEqual({ kind: 'h-nummer', synthetic: false, birthDate: '1960-02-15' });
    await runImport(
      ts.tdb.db,
      'gerica',
      gericaFolder(dir, 'gerica-h', {
        'journalnotater.csv': [NOTES_HEADER, noteRow('4600001', '46001', h, 'Gerica H.')],
      }),
    );
    const profil = join(dir, 'profil-h.xml');
    writeFileSync(profil, profilKlient('460002', h, 'Annenvik', '4600021'));
    await runImport(ts.tdb.db, 'profil', profil);
    const g = await patientOf('GERICA', '46001');
    const p = await patientOf('PROFIL', '460002');
    const shown = async (id: string) => {
      const r = await call(
        `query ($id: ID!) { patient(id: $id) { nationalId helpNumber journal { edges { node { id } } } } }`,
        {
          id,
        },
      );
      expect(r.body.errors).toBeUndefined();
      const x = r.body.data.patient;
      return {
        nationalId: x.nationalId,
        helpNumber: x.helpNumber,
        notes: x.journal.edges.map((e: { node: { id: string } }) => e.node.id),
      };
    };
    const links = await ts.tdb.db.query(
      'SELECT 1 FROM journal.patient_link WHERE $1 IN (patient_a, patient_b) OR $2 IN (patient_a, patient_b)',
      [g!.id, p!.id],
    );
    expect({
      two: g!.id !== p!.id,
      gerica: await shown(g!.id),
      profil: await shown(p!.id),
      links: links.rowCount,
    }).toEqual({
      two: true,
      gerica: { nationalId: null, helpNumber: h, notes: ['je-gerica-4600001'] },
      profil: { nationalId: null, helpNumber: h, notes: ['je-profil-4600021'] },
      links: 0,
    });
    // A later fødselsnummer of the same birth date for the Gerica record: the import links it
    // (the existing rule for a record's first national id), the Profil record stays apart.
    const fnr = makeSyntheticNationalId('1960-02-15', 46, false);
    await runImport(
      ts.tdb.db,
      'gerica',
      gericaFolder(dir, 'gerica-h-then-fnr', {
        'journalnotater.csv': [NOTES_HEADER, noteRow('4600002', '46001', fnr, 'Gerica fnr.')],
      }),
    );
    const linked = await ts.tdb.db.query<{ a: string; b: string }>(
      `SELECT patient_a AS a, patient_b AS b FROM journal.patient_link WHERE linked_by = 'import' AND ($1 IN (patient_a, patient_b) OR $2 IN (patient_a, patient_b))`,
      [g!.id, p!.id],
    );
    expect(linked.rows.map((r) => [r.a, r.b].includes(g!.id) && ![r.a, r.b].includes(p!.id))).toEqual([true]);
  });

  test("pasientjournalloven § 22: records stored before (journal migration 021) keep every row: one source's H-number record stays that source's; one holding two sources' records is not reused, each source gets its own and the change is left to an archivist, the notes where they were", async () => {
    // The state migration 021 leaves: the patient id derived from the H-number as from a
    // national id, the number moved to help_number. Written here as the old import stored it.
    const h1 = withCheckDigits(164_260_200);
    const h2 = withCheckDigits(174_260_300);
    const oldId = (n: string) => `pat-old-${n}`;
    const db = ts.tdb.db;
    for (const [n, identities] of [
      [h1, [['GERICA', '46009']]],
      [
        h2,
        [
          ['GERICA', '46010'],
          ['PROFIL', '460010'],
        ],
      ],
    ] as const) {
      await db.query(
        `INSERT INTO journal.patient (id, help_number, family_name, given_name, birth_date) VALUES ($1, $2, 'Tidligvik', 'Per', '1960-02-16')`,
        [oldId(n), n],
      );
      for (const [s, l] of identities)
        await db.query(
          'INSERT INTO journal.patient_identity (source_system, local_id, patient_id) VALUES ($1, $2, $3)',
          [s, l, oldId(n)],
        );
    }
    await db.query(
      `INSERT INTO journal.journal_entry (id, patient_id, source_system, source_id, entry_type, written_at, text)
       VALUES ('je-profil-4600101', $1, 'PROFIL', '4600101', 'Journalnotat', '2020-01-01T10:00:00+01:00', 'Stored before.')`,
      [oldId(h2)],
    );
    await runImport(
      db,
      'gerica',
      gericaFolder(dir, 'gerica-h-stored', {
        'journalnotater.csv': [
          NOTES_HEADER,
          noteRow('4600091', '46009', h1, 'One source.'),
          noteRow('4600101', '46010', h2, 'Two sources.'),
        ],
      }),
    );
    const profil = join(dir, 'profil-h-stored.xml');
    writeFileSync(profil, profilKlient('460010', h2, 'Tidligvik', '4600101'));
    await runImport(db, 'profil', profil);
    const changes = await db.query<{ local_id: string; old_patient_id: string }>(
      `SELECT local_id, old_patient_id FROM journal.identity_change WHERE old_patient_id = ANY($1) ORDER BY local_id COLLATE "C"`,
      [[oldId(h1), oldId(h2)]],
    );
    const notes = await db.query<{ id: string; patient_id: string }>(
      `SELECT id, patient_id FROM journal.journal_entry WHERE id IN ('je-gerica-4600091', 'je-gerica-4600101', 'je-profil-4600101') ORDER BY id`,
    );
    const rows = await db.query<{ id: string }>(
      'SELECT id FROM journal.patient WHERE id = ANY($1) ORDER BY id',
      [[oldId(h1), oldId(h2)]],
    );
    expect({
      oneSource: (await patientOf('GERICA', '46009'))?.id,
      changes: changes.rows,
      notes: notes.rows,
      rows: rows.rows.map((r) => r.id),
    }).toEqual({
      oneSource: oldId(h1),
      changes: [
        { local_id: '460010', old_patient_id: oldId(h2) },
        { local_id: '46010', old_patient_id: oldId(h2) },
      ],
      notes: [
        { id: 'je-gerica-4600091', patient_id: oldId(h1) },
        { id: 'je-gerica-4600101', patient_id: oldId(h2) },
        { id: 'je-profil-4600101', patient_id: oldId(h2) },
      ],
      rows: [oldId(h1), oldId(h2)].sort(),
    });
  });
});
