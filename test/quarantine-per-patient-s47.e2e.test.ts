/**
 * Task s47, defects 1 and 2: quarantined source lines listed under the patient whose record they
 * are (pasientjournalloven § 22, helsepersonelloven § 21: another person's file, line and reason
 * are not shown; pasientjournalforskriften § 14: the read is logged under the person whose record
 * was read).
 * 1. A Profil `notat` holds no patient field (its klient is the element around it). A notat the
 *    importer quarantined and never stored (a malformed date, an id that is no number) was listed
 *    under no one: the Profil importer now records the enclosing klient with the quarantine row
 *    (journal migration 045, subgraphs/journal/quarantine-owner.ts).
 * 2. The coercion importer's quarantine (`coercion.quarantine`) was listed per source system for an
 *    archivist only, never per patient: `Patient.quarantinedCoercionRecords` (coercion subgraph) now
 *    lists a person's lines by each export's own patient field (subgraphs/coercion/quarantine-owner.ts),
 *    asked through the policy and logged under the person.
 * Real importers, real PostgreSQL, through the gateway (dev/test-stack.ts).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallerContext } from '../lib/auth';
import { gericaFolder, VEDTAK_HEADER } from '../dev/gerica-rows';
import { sourceRecord } from '../dev/help-numbers';
import { gql } from '../dev/services';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { makeSyntheticNationalId } from '../lib/national-id';
import { importCoercionPath } from '../subgraphs/coercion/import';
import { runImport } from '../subgraphs/journal/import/run';

/** A: the klient whose notater are quarantined. B: another klient, named in one of A's notater. */
const NID_A = makeSyntheticNationalId('1960-06-06', 4701, false);
const NID_B = makeSyntheticNationalId('1961-07-07', 4702, true);
const MATTER = 'M-S47-Q';
const JURIST = 'jurist-s47-q';

let dir: string;
let ts: TestStack;
let A: string;
let B: string;
let legalToken: string;

const PROTOCOL_HEADER = 'RegID;VedtakID;PasientID;Fodselsnr;Start;Slutt;Tiltak;UtfortAv;Beskrivelse;Hjemmel';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-q47-'));
  ts = await startPostgresTestStack();
  const db = ts.tdb.db;
  const notat = (id: string, dato: string, text: string) =>
    `      <notat id="${id}" dato="${dato}" type="Journalnotat" tjeneste="Hjemmesykepleie" forfatter="Åse Lien">${text}</notat>\n`;
  const profil = join(dir, 'profil-eksport.xml');
  writeFileSync(
    profil,
    '<?xml version="1.0" encoding="UTF-8"?>\n<profil-eksport versjon="4.2" eksportert="2023-05-01T03:00:00" kommunenr="5001" system="Profil">\n' +
      `  <klient klientnr="470001" fnr="${NID_A}" etternavn="Aavik" fornavn="Anne" fodt="1960-06-06" kjonn="K">\n    <journal>\n` +
      notat('4700011', '2023-03-01T10:00', 'Stell utført.') +
      // A day that does not exist: quarantined (date), never stored; it names B's national id.
      notat('4700012', '2023-02-31T10:00', `Naboen (${NID_B}) ringte.`) +
      // An id that is no number: quarantined (identifier), naming no note at all.
      notat('x4700013', '2023-03-02T10:00', 'Feil id.') +
      '    </journal>\n  </klient>\n' +
      `  <klient klientnr="470002" fnr="${NID_B}" etternavn="Bakken" fornavn="Bjørn" fodt="1961-07-07" kjonn="M">\n    <journal>\n` +
      notat('4700021', '2023-03-03T10:00', 'Besøk.') +
      '    </journal>\n  </klient>\n</profil-eksport>\n',
  );
  await runImport(db, 'profil', profil);
  A = (await sourceRecord(db, 'PROFIL', '470001'))!;
  B = (await sourceRecord(db, 'PROFIL', '470002'))!;
  // Coercion exports: A's Gerica protocol row on a day that does not exist (naming B in its
  // description), B's Gerica decision with a validity start that does not exist, B's HP execution
  // whose start is no time (naming A in its description).
  const gerica = gericaFolder(dir, 'gerica-coercion', {
    'vedtak.csv': [
      VEDTAK_HEADER,
      `V-2023-4701;47001;${NID_A};Tvang og makt;Hol. § 9-5 tredje ledd bokstav c;fysisk holding ved stell;01.03.2023;28.02.2024;15.02.2023;26.02.2023;"Begrunnelse."`,
      `V-2023-4702;47002;${NID_B};Tvang og makt;Hol. § 9-5 tredje ledd bokstav c;fysisk holding ved stell;31.02.2023;28.02.2024;15.02.2023;26.02.2023;"Begrunnelse."`,
    ],
    'tvangsprotokoll.csv': [
      PROTOCOL_HEADER,
      `TP-2023-4701;V-2023-4701;47001;${NID_A};31.04.2023 10:00;31.04.2023 10:05;fysisk holding ved stell;1037700;"Naboen ${NID_B} var til stede.";Hol. § 9-5 tredje ledd bokstav c`,
    ],
  });
  const hp = join(dir, 'Coercion-s47.ndjson');
  writeFileSync(
    hp,
    JSON.stringify({
      kind: 'execution',
      id: 'TVG-S47-B1',
      patient: NID_B,
      measure: 'fysisk holding ved stell',
      start: 'i går',
      end: '2023-03-05T10:05:00+01:00',
      executedBy: ['9160033'],
      description: `Datter av ${NID_A}.`,
    }) + '\n',
  );
  for (const path of [gerica, hp]) await importCoercionPath(db, path);
  legalToken = await ts.stack.matterToken(
    {
      id: MATTER,
      title: 'Erstatningssak A',
      purpose: 'LEGAL_PROCEEDINGS',
      nationalIds: [NID_A],
      periodFrom: null,
      periodTo: null,
    },
    { sub: JURIST },
  );
}, 120_000);

afterAll(async () => {
  await ts?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const archivist = (sub: string) =>
  ts.stack.token({ sub, role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });

/** The patients whose access log holds a read of `kinds` by `user` (denials left out). */
async function readUnder(user: string, kinds: string[]): Promise<string[]> {
  const r = await ts.tdb.db.query<{ patient_id: string }>(
    `SELECT DISTINCT patient_id FROM audit.access_log
      WHERE user_id = $1 AND entity_type = ANY($2::text[]) AND outcome IS DISTINCT FROM 'denied' ORDER BY 1`,
    [user, kinds],
  );
  return r.rows.map((x) => x.patient_id);
}

test('pasientjournalloven § 22, pasientjournalforskriften § 14: a Profil notat quarantined and never stored (a day that does not exist, an id that is no number) is listed under its klient A, not under B whom it names, and its read logged under A (task s47, defect 1)', async () => {
  const db = ts.tdb.db;
  // As the importer left it: both of A's malformed notater quarantined, none of them a stored note.
  const held = await db.query<{ reason: string; stored: boolean }>(
    `SELECT reason, EXISTS (SELECT 1 FROM journal.journal_entry e WHERE e.id = q.entry_id) AS stored
       FROM journal.quarantine q WHERE source = 'profil' ORDER BY line`,
  );
  expect(held.rows).toEqual([
    { reason: 'date', stored: false },
    { reason: 'identifier', stored: false },
  ]);
  const user = `arkivar-q47-${randomUUID()}`;
  const token = await archivist(user);
  const QUERY = `query ($id: ID!) { patient(id: $id) { quarantinedRecords { source file line reason } } }`;
  const ofA = await gql(ts.stack.gateway.url, QUERY, { token, variables: { id: A } });
  expect(ofA.body.errors).toBeUndefined();
  expect(ofA.body.data.patient.quarantinedRecords).toEqual([
    { source: 'profil', file: 'profil-eksport.xml', line: 6, reason: 'date' },
    { source: 'profil', file: 'profil-eksport.xml', line: 7, reason: 'identifier' },
  ]);
  const ofB = await gql(ts.stack.gateway.url, QUERY, { token, variables: { id: B } });
  expect(ofB.body.errors).toBeUndefined();
  expect(ofB.body.data.patient.quarantinedRecords).toEqual([]);
  // The row names the klient's record in Profil (source system and klientnr), never a national id.
  const owners = await db.query<{ owner_source_system: string; owner_local_id: string }>(
    `SELECT owner_source_system, owner_local_id FROM journal.quarantine WHERE source = 'profil' ORDER BY line`,
  );
  expect(owners.rows).toEqual([
    { owner_source_system: 'PROFIL', owner_local_id: '470001' },
    { owner_source_system: 'PROFIL', owner_local_id: '470001' },
  ]);
  // Read under A (A's list) and B (B's empty list): A's lines under A; nothing of A's under B but
  // the read of B's own (empty) list.
  expect(await readUnder(user, ['journal_entry'])).toEqual([A, B].sort());
  // A row quarantined before migration 045 (no owner recorded) gets its owner when the export is
  // imported again, and is then listed under A.
  await db.query(
    `UPDATE journal.quarantine SET owner_source_system = NULL, owner_local_id = NULL WHERE source = 'profil'`,
  );
  const before = await gql(ts.stack.gateway.url, QUERY, { token, variables: { id: A } });
  expect(before.body.data.patient.quarantinedRecords).toEqual([]);
  await runImport(db, 'profil', join(dir, 'profil-eksport.xml'));
  const again = await db.query<{ n: number; owned: number }>(
    `SELECT count(*)::int AS n, count(owner_local_id)::int AS owned FROM journal.quarantine WHERE source = 'profil'`,
  );
  expect(again.rows[0]).toEqual({ n: 2, owned: 2 });
  const legal = await gql(ts.stack.gateway.url, QUERY, { token: legalToken, variables: { id: A } });
  expect(legal.body.errors).toBeUndefined();
  expect(legal.body.data.patient.quarantinedRecords.map((r: { reason: string }) => r.reason)).toEqual([
    'date',
    'identifier',
  ]);
});

const COERCION = `query ($id: ID!) { patient(id: $id) { quarantinedCoercionRecords { sourceSystem file line sourceId } } }`;

test('pasientjournalloven § 22, helsepersonelloven § 21, pasientjournalforskriften § 14: quarantined coercion source lines are listed under the patient the export names in its patient field (Gerica Fodselsnr, HP patient), not under a person named in the text, and logged under that patient (task s47, defect 2)', async () => {
  const user = `arkivar-c47-${randomUUID()}`;
  const token = await archivist(user);
  const ofA = await gql(ts.stack.gateway.url, COERCION, { token, variables: { id: A } });
  expect(ofA.body.errors).toBeUndefined();
  expect(ofA.body.data.patient.quarantinedCoercionRecords).toEqual([
    { sourceSystem: 'GERICA', file: 'tvangsprotokoll.csv', line: 2, sourceId: 'TP-2023-4701' },
  ]);
  const ofB = await gql(ts.stack.gateway.url, COERCION, { token, variables: { id: B } });
  expect(ofB.body.errors).toBeUndefined();
  expect(
    (ofB.body.data.patient.quarantinedCoercionRecords as { sourceSystem: string; file: string }[])
      .map((r) => `${r.sourceSystem} ${r.file}`)
      .sort(),
  ).toEqual(['GERICA vedtak.csv', 'HELSEPLATTFORMEN Coercion-s47.ndjson']);
  expect(await readUnder(user, ['coercion_decision', 'coercion_execution'])).toEqual([A, B].sort());
  // A row quarantined before coercion migration 026 (no patient field stored) gets it when the
  // export is imported again, and is then listed under its patient.
  const db = ts.tdb.db;
  await db.query(`UPDATE coercion.quarantine SET patient_nid = NULL, record_kind = NULL`);
  const none = await gql(ts.stack.gateway.url, COERCION, { token, variables: { id: A } });
  expect(none.body.data.patient.quarantinedCoercionRecords).toEqual([]);
  for (const path of [join(dir, 'gerica-coercion'), join(dir, 'Coercion-s47.ndjson')])
    await importCoercionPath(db, path);
  const filled = await db.query<{ file: string; patient_nid: string; record_kind: string }>(
    `SELECT file, patient_nid, record_kind FROM coercion.quarantine ORDER BY file`,
  );
  expect(filled.rows).toEqual([
    { file: 'Coercion-s47.ndjson', patient_nid: NID_B, record_kind: 'execution' },
    { file: 'tvangsprotokoll.csv', patient_nid: NID_A, record_kind: 'execution' },
    { file: 'vedtak.csv', patient_nid: NID_B, record_kind: 'decision' },
  ]);
});

test('pasientjournalloven § 22, pasientjournalforskriften § 14: a legal user whose matter is A gets A’s quarantined coercion lines, and B’s are refused through the gateway and at the coercion subgraph, the attempt logged as denied under B (task s47, defect 2)', async () => {
  const ofA = await gql(ts.stack.gateway.url, COERCION, { token: legalToken, variables: { id: A } });
  expect(ofA.body.errors).toBeUndefined();
  expect(
    ofA.body.data.patient.quarantinedCoercionRecords.map((r: { sourceId: string }) => r.sourceId),
  ).toEqual(['TP-2023-4701']);
  const ofB = await gql(ts.stack.gateway.url, COERCION, { token: legalToken, variables: { id: B } });
  expect(ofB.body.data?.patient ?? null).toBeNull();
  expect(ofB.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  expect(JSON.stringify(ofB.body)).not.toContain('vedtak.csv');
  // The coercion subgraph's own check, as the gateway calls it for a Patient of B.
  const caller: CallerContext = {
    userId: JURIST,
    role: 'legal',
    purpose: 'LEGAL_PROCEEDINGS',
    matter: MATTER,
    selfAuthorized: false,
    requestId: randomUUID(),
  };
  const sub = ts.stack.subgraphs.find((s) => s.name === 'coercion')!;
  const direct = await gql(
    sub.url,
    `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Patient { quarantinedCoercionRecords { file } } } }`,
    {
      variables: { r: [{ __typename: 'Patient', id: B, nationalIds: [NID_B] }] },
      caller: { caller, secret: ts.config.internalSecret, subgraph: 'coercion' },
    },
  );
  expect(JSON.stringify(direct.body)).not.toContain('vedtak.csv');
  expect(direct.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  const denied = await ts.tdb.db.query<{ patient_id: string; outcome: string }>(
    `SELECT patient_id, outcome FROM audit.access_log WHERE request_id = $1 AND entity_type LIKE 'coercion_%'`,
    [caller.requestId],
  );
  expect(denied.rows).toEqual([{ patient_id: B, outcome: 'denied' }]);
});
