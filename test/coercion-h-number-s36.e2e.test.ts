/**
 * Coercion records under an H-nummer, stop 36: an H-nummer names a person within the
 * organisation that gave it only (lib/national-id.ts; pasientjournalloven § 22), so a read of
 * such a record is logged under that organisation's person (the access log,
 * pasientjournalforskriften § 14: subgraphs/coercion/resolvers.ts auditSubjectsOf), and the
 * coercion table counts two organisations' persons of one number as two
 * (subgraphs/coercion/statistics.ts helpNumberPersons). Each test failed on branch hcoer at
 * bae9407, before its fix. Real PostgreSQL and the gateway (dev/test-stack.ts).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NOTES_HEADER, VEDTAK_HEADER, gericaFolder, noteRow } from '../dev/gerica-rows';
import { withCheckDigits } from '../dev/generator';
import { makeSyntheticNationalId } from '../lib/national-id';
import { gql } from '../dev/services';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { importCoercionPath } from '../subgraphs/coercion/import';
import { coercionStatisticsTables } from '../subgraphs/coercion/statistics';
import { runImport } from '../subgraphs/journal/import/run';
import { sourceRecord, writeOtherOrganisationProfil } from '../dev/help-numbers';

let dir: string;
let ts: TestStack;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-hcoer36-'));
  ts = await startPostgresTestStack();
}, 120_000);

afterAll(async () => {
  await ts?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const PROTOCOL_HEADER = 'RegID;VedtakID;PasientID;Fodselsnr;Start;Slutt;Tiltak;UtfortAv;Beskrivelse;Hjemmel';

/** The patient record a source record was imported as (dev/help-numbers.ts). */
const patientOf = async (sourceSystem: string, localId: string) =>
  sourceRecord(ts.tdb.db, sourceSystem, localId);

/** The municipality's Gerica journal record of patient `${tag}1` under H-nummer h. */
const gericaJournal = (tag: string, h: string) =>
  runImport(
    ts.tdb.db,
    'gerica',
    gericaFolder(dir, `gerica-${tag}-journal-${randomUUID()}`, {
      'journalnotater.csv': [NOTES_HEADER, noteRow(`${tag}001`, `${tag}1`, h, 'Gerica H.')],
    }),
  );

/** Profil (another organisation's system) has its own person `${tag}02` under the same number. */
async function profilJournal(tag: string, h: string) {
  const profil = writeOtherOrganisationProfil(dir, tag, h);
  await runImport(ts.tdb.db, 'profil', profil);
}

/** Coercion exports: `gerica` protocol rows (under decision V-2021-<tag>), `hp` executions. */
async function coercion(tag: string, h: string, gerica: string[], hp: object[]) {
  const paths = [
    gericaFolder(dir, `gerica-${tag}-coercion-${randomUUID()}`, {
      'vedtak.csv': [
        VEDTAK_HEADER,
        `V-2021-${tag};${tag}1;${h};Tvang og makt;Hol. § 9-5 tredje ledd bokstav c;fysisk holding ved stell;01.03.2021;28.02.2022;15.02.2021;26.02.2021;"Begrunnelse."`,
      ],
      'tvangsprotokoll.csv': [PROTOCOL_HEADER, ...gerica],
    }),
  ];
  if (hp.length) {
    const file = join(dir, `Coercion-${tag}.ndjson`);
    writeFileSync(file, hp.map((x) => JSON.stringify(x)).join('\n') + '\n');
    paths.push(file);
  }
  for (const path of paths)
    for (const s of await importCoercionPath(ts.tdb.db, path)) expect(s.quarantined).toEqual([]);
}

const protocolRow = (id: string, tag: string, h: string, start: string, end: string) =>
  `${id};V-2021-${tag};${tag}1;${h};${start};${end};fysisk holding ved stell;10377,10588;"Holdt i armene.";Hol. § 9-5 tredje ledd bokstav c`;

const hpExecution = (id: string, h: string, start: string, end: string) => ({
  kind: 'execution',
  id,
  patient: h,
  measure: 'fysisk holding ved stell',
  start,
  end,
  executedBy: ['9160033'],
  description: 'Holdt i armene.',
  unit: 'Sengepost HP36',
});

const archivist = () =>
  ts.stack.token({
    sub: `arkivar-h36-${randomUUID()}`,
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
  });

/** The coercion rows of a person's access log (Query.accessLog by patient record id). */
async function coercionLog(patientId: string) {
  const r = await gql(
    ts.stack.gateway.url,
    `query ($id: ID!) { accessLog(patientId: $id) { entries { recordKind recordIds subject outcome } } }`,
    { token: await archivist(), variables: { id: patientId } },
  );
  expect(r.body.errors).toBeUndefined();
  return (
    r.body.data.accessLog.entries as {
      recordKind: string;
      recordIds: string[];
      subject: string;
      outcome: string;
    }[]
  )
    .filter((e) => e.recordKind.startsWith('coercion_'))
    .map((e) => `${e.recordKind} ${[...e.recordIds].sort().join(',')} ${e.subject}`)
    .sort();
}

/** The coercion subgraph's rows naming these records, as `kind ids subject`. */
async function coercionRows(ids: string[]) {
  return (
    await ts.tdb.db.query<{ row: string }>(
      `SELECT entity_type || ' ' || array_to_string(ARRAY(SELECT unnest(entity_ids) ORDER BY 1), ',') || ' ' || patient_id AS row
         FROM audit.access_log WHERE subgraph = 'coercion' AND outcome = 'granted' AND entity_ids && $1::text[]
        ORDER BY 1`,
      [ids],
    )
  ).rows.map((r) => r.row);
}

describe('the access log of coercion records under an H-nummer', () => {
  test('pasientjournalforskriften § 14: a read of a coercion execution/decision under an H-nummer is logged under that person, never the bare number; the patient’s access log (by record id) lists it, and the other source’s person of the same number has no such row', async () => {
    // Scenario: the municipality's Gerica keeps a person under H-nummer h with a coercion
    // decision and an execution; Profil, another organisation, has its own person under the same
    // number; Helseplattformen registered an execution under it too (no journal patient of its
    // own). Found (stop 36): every read was logged as nid:<h>, the bare number: the Gerica
    // patient's access log (asked by record id; by national id an H-nummer is refused) listed
    // none of them, and the row could not tell which organisation's person was read.
    const tag = '3601';
    const h = withCheckDigits(184_270_660);
    await gericaJournal(tag, h);
    await profilJournal(tag, h);
    await coercion(
      tag,
      h,
      [protocolRow(`TP-${tag}`, tag, h, '12.04.2021 08:05', '12.04.2021 08:19')],
      [hpExecution(`TVG-${tag}`, h, '2021-04-14T08:10:00+02:00', '2021-04-14T08:25:00+02:00')],
    );
    const gerica = (await patientOf('GERICA', `${tag}1`))!;
    const profil = (await patientOf('PROFIL', `${tag}02`))!;
    expect([gerica, profil].every(Boolean)).toBe(true);

    // Through the gateway: an execution by id and the decision it reaches.
    const read = await gql(
      ts.stack.gateway.url,
      `{ g: coercionExecution(id: "TP-${tag}") { id decision { id } } hp: coercionExecution(id: "TVG-${tag}") { id } }`,
      { token: await archivist() },
    );
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data).toEqual({
      g: { id: `TP-${tag}`, decision: { id: `V-2021-${tag}` } },
      hp: { id: `TVG-${tag}` },
    });
    // As the dossier and a search hit reach them: entity references, straight to the subgraph.
    const sub = ts.stack.subgraphs.find((s) => s.name === 'coercion')!;
    const refs = await gql(
      sub.url,
      `query ($r: [_Any!]!) { _entities(representations: $r) {
         ... on CoercionDecision { id executions { id } } ... on CoercionExecution { id } } }`,
      {
        variables: {
          r: [
            { __typename: 'CoercionDecision', id: `V-2021-${tag}` },
            { __typename: 'CoercionExecution', id: `TP-${tag}` },
          ],
        },
        caller: {
          caller: {
            userId: 'arkivar-h36-ref',
            role: 'archivist',
            purpose: 'ARCHIVE_ADMINISTRATION',
            selfAuthorized: false,
            requestId: randomUUID(),
          },
          secret: ts.config.internalSecret,
          subgraph: 'coercion',
        },
      },
    );
    expect(refs.body.errors).toBeUndefined();
    expect(refs.body.data._entities).toEqual([
      { id: `V-2021-${tag}`, executions: [{ id: `TP-${tag}` }] },
      { id: `TP-${tag}` },
    ]);

    expect({
      rows: await coercionRows([`TP-${tag}`, `V-2021-${tag}`, `TVG-${tag}`]),
      gericaLog: await coercionLog(gerica),
      profilLog: await coercionLog(profil),
    }).toEqual({
      // Each read under the Gerica patient record; the HP execution under HP's key for the
      // number (no journal record of HP's has it); never nid:<h>.
      rows: [
        `coercion_decision V-2021-${tag} ${gerica}`,
        `coercion_decision V-2021-${tag} ${gerica}`,
        `coercion_execution TP-${tag} ${gerica}`,
        `coercion_execution TP-${tag} ${gerica}`,
        `coercion_execution TVG-${tag} nid:HELSEPLATTFORMEN:${h}`,
      ],
      gericaLog: [
        `coercion_decision V-2021-${tag} ${gerica}`,
        `coercion_decision V-2021-${tag} ${gerica}`,
        `coercion_execution TP-${tag} ${gerica}`,
        `coercion_execution TP-${tag} ${gerica}`,
      ],
      profilLog: [],
    });
  }, 60_000);

  test('pasientjournalforskriften § 14: a coercion execution under an H-nummer read before its source’s journal record of that number is imported is logged under the source’s key (never the bare number), and the patient’s access log lists it once the record is there', async () => {
    // The Gerica execution is imported and read while the journal knows no Gerica record of h
    // (the coercion export came first); the row then names GERICA:<h>. Found (stop 36): it named
    // the bare number, which no patient's access log is asked by.
    const tag = '3602';
    const h = withCheckDigits(184_270_670);
    await coercion(tag, h, [protocolRow(`TP-${tag}`, tag, h, '13.04.2021 08:05', '13.04.2021 08:19')], []);
    const read = await gql(ts.stack.gateway.url, `{ coercionExecution(id: "TP-${tag}") { id } }`, {
      token: await archivist(),
    });
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data.coercionExecution).toEqual({ id: `TP-${tag}` });
    expect(await coercionRows([`TP-${tag}`])).toEqual([`coercion_execution TP-${tag} nid:GERICA:${h}`]);

    await gericaJournal(tag, h);
    await profilJournal(tag, h);
    const gerica = (await patientOf('GERICA', `${tag}1`))!;
    const profil = (await patientOf('PROFIL', `${tag}02`))!;
    expect({ gericaLog: await coercionLog(gerica), profilLog: await coercionLog(profil) }).toEqual({
      gericaLog: [`coercion_execution TP-${tag} nid:GERICA:${h}`],
      profilLog: [],
    });
  }, 60_000);
});

describe('the coercion table under an H-nummer', () => {
  test('statistikkloven § 7, pasientjournalloven § 22 (reporting): the coercion table counts two organisations’ persons of one H-nummer as two', async () => {
    // Gerica's person under h has two executions in June 2021, Helseplattformen's person under
    // the same number one. Found (stop 36): the cell's persons were counted by the bare number,
    // so the two organisations' persons counted as one (too few persons behind a cell).
    const tag = '3603';
    const h = withCheckDigits(184_270_680);
    await gericaJournal(tag, h);
    await coercion(
      tag,
      h,
      [
        protocolRow(`TP-${tag}-1`, tag, h, '12.06.2021 08:05', '12.06.2021 08:19'),
        protocolRow(`TP-${tag}-2`, tag, h, '19.06.2021 08:05', '19.06.2021 08:19'),
      ],
      [hpExecution(`TVG-${tag}`, h, '2021-06-14T08:10:00+02:00', '2021-06-14T08:25:00+02:00')],
    );
    const rows = await coercionStatisticsTables.coercion.load(ts.tdb.db, { from: '2021-06', to: '2021-06' });
    // The month's total over every measure, verdict and unit.
    const total = rows.filter((r) => r.keys.every((k) => k === null)).map((r) => [r.count, r.persons]);
    expect(total).toEqual([[3, 2]]);
  }, 60_000);

  test('statistikkloven § 7, pasientjournalloven § 22 (reporting): an H-nummer person whose record is linked to their fødselsnummer record counts once with the executions under that fødselsnummer', async () => {
    // Gerica's person under h (two executions in May 2021) is linked to the journal record of
    // their fødselsnummer n, under which Helseplattformen recorded a third: one person. The
    // statistics name an H-number person by a national id of theirs when they have one
    // (statistics.ts helpNumberPersons; review s36: no test took that branch).
    const tag = '3604';
    const h = withCheckDigits(194_270_680);
    const n = makeSyntheticNationalId('1970-07-19', 361, false);
    await gericaJournal(tag, h);
    const gerica = (await patientOf('GERICA', `${tag}1`))!;
    await ts.tdb.db.query(
      `INSERT INTO journal.patient (id, national_id, family_name, given_name, birth_date)
       VALUES ('pat-s36-linked', $1, 'Lenket', 'Hans', '1970-07-19')`,
      [n],
    );
    await ts.tdb.db.query(
      `INSERT INTO journal.patient_link (patient_a, patient_b, linked_by, reason)
       VALUES (least($1, 'pat-s36-linked'), greatest($1, 'pat-s36-linked'), 'arkivar-1', 'Samme person')`,
      [gerica],
    );
    await coercion(
      tag,
      h,
      [
        protocolRow(`TP-${tag}-1`, tag, h, '12.05.2021 08:05', '12.05.2021 08:19'),
        protocolRow(`TP-${tag}-2`, tag, h, '19.05.2021 08:05', '19.05.2021 08:19'),
      ],
      [hpExecution(`TVG-${tag}`, n, '2021-05-14T08:10:00+02:00', '2021-05-14T08:25:00+02:00')],
    );
    const rows = await coercionStatisticsTables.coercion.load(ts.tdb.db, { from: '2021-05', to: '2021-05' });
    const total = rows.filter((r) => r.keys.every((k) => k === null)).map((r) => [r.count, r.persons]);
    expect(total).toEqual([[3, 1]]);
  }, 60_000);
});
