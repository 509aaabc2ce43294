/**
 * Fix FX-A (review of s47-access): whose quarantined source line is it (pasientjournalloven § 22,
 * helsepersonelloven § 21: another person's file, line and reason are not shown;
 * pasientjournalforskriften § 14: the read is logged under the person whose record was read).
 * Real importers, real PostgreSQL, through the gateway (dev/test-stack.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { gericaFolder } from '../dev/gerica-rows';
import { sourceRecord } from '../dev/help-numbers';
import { gql } from '../dev/services';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { makeSyntheticNationalId } from '../lib/national-id';
import { importCoercionPath } from '../subgraphs/coercion/import';
import { runImport } from '../subgraphs/journal/import/run';

/** P: the patient of the protocol row. G: P's guardian, named in a column of its own. */
const NID_P = makeSyntheticNationalId('1962-08-08', 4751, false);
const NID_G = makeSyntheticNationalId('1963-09-09', 4752, true);

let dir: string;
let ts: TestStack;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-fxa-'));
  ts = await startPostgresTestStack();
}, 120_000);

afterAll(async () => {
  await ts?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('pasientjournalloven § 22, helsepersonelloven § 21: a quarantined Gerica tvangsprotokoll row is the patient’s its header names Fodselsnr, read by header as the importer reads it (fix FX-A 3)', () => {
  const protocol = async (name: string, header: string, row: string) => {
    const folder = gericaFolder(dir, name, { 'tvangsprotokoll.csv': [header, row] });
    await importCoercionPath(ts.tdb.db, folder);
    const r = await ts.tdb.db.query<{ patient_nid: string | null }>(
      `SELECT patient_nid FROM coercion.quarantine WHERE source_id = $1`,
      [row.split(';')[0]],
    );
    return r.rows.map((x) => x.patient_nid);
  };

  test('pasientjournalloven § 22: columns in another order (Fodselsnr third, PasientID fourth): the row is the Fodselsnr’s (before: the fourth field, the PasientID, no one’s)', async () => {
    expect(
      await protocol(
        'gerica-order',
        'RegID;VedtakID;Fodselsnr;PasientID;Start;Slutt;Tiltak;UtfortAv;Beskrivelse;Hjemmel',
        `TP-2023-4751;V-2023-4751;${NID_P};47051;31.04.2023 10:00;31.04.2023 10:05;fysisk holding ved stell;1037700;"Beskrivelse.";Hol. § 9-5 tredje ledd bokstav c`,
      ),
    ).toEqual([NID_P]);
  });

  test('helsepersonelloven § 21: an extra VergeFodselsnr column before Fodselsnr: the row is the patient’s, not the guardian’s (before: listed under the guardian)', async () => {
    expect(
      await protocol(
        'gerica-guardian',
        'RegID;VedtakID;PasientID;VergeFodselsnr;Fodselsnr;Start;Slutt;Tiltak;UtfortAv;Beskrivelse;Hjemmel',
        `TP-2023-4752;V-2023-4752;47051;${NID_G};${NID_P};31.04.2023 10:00;31.04.2023 10:05;fysisk holding ved stell;1037700;"Beskrivelse.";Hol. § 9-5 tredje ledd bokstav c`,
      ),
    ).toEqual([NID_P]);
  });
});

test('pasientjournalloven § 22, pasientjournalforskriften § 14: a Profil klient known by an H-nummer whose own start tag is quarantined (an older export’s statement, older-source-version; a later export’s klient with a birth date that is no date) is listed under that patient by its klientnr (fix FX-A 5; before: the klient’s own line recorded no owner and an H-nummer is no national id, so it was listed under no one)', async () => {
  const H = '01456000041';
  const klient = (exported: string, etternavn: string, fodt: string) =>
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<profil-eksport versjon="4.2" eksportert="${exported}" kommunenr="5001" system="Profil">\n` +
    `  <klient klientnr="470501" fnr="${H}" etternavn="${etternavn}" fornavn="Hanne" fodt="${fodt}" kjonn="K">\n    <journal>\n` +
    '    </journal>\n  </klient>\n</profil-eksport>\n';
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const db = ts.tdb.db;
  await runImport(db, 'profil', write('profil-h-1.xml', klient('2023-05-01T03:00:00', 'Haug', '1960-05-01')));
  // An older export stating the klient otherwise: its start tag quarantined (writer).
  await runImport(
    db,
    'profil',
    write('profil-h-0.xml', klient('2023-04-01T03:00:00', 'Haugen', '1960-05-01')),
  );
  // A later export whose klient's birth date is no date: its start tag quarantined (reader).
  await runImport(db, 'profil', write('profil-h-2.xml', klient('2023-06-01T03:00:00', 'Haug', '1960-13-01')));
  const P = (await sourceRecord(db, 'PROFIL', '470501'))!;
  const token = await ts.stack.token({
    sub: `arkivar-fxa5-${randomUUID()}`,
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
  });
  const r = await gql(
    ts.stack.gateway.url,
    `query ($id: ID!) { patient(id: $id) { quarantinedRecords { file reason } } }`,
    {
      token,
      variables: { id: P },
    },
  );
  expect(r.body.errors).toBeUndefined();
  expect(r.body.data.patient.quarantinedRecords).toEqual([
    { file: 'profil-h-0.xml', reason: 'older-source-version' },
    { file: 'profil-h-2.xml', reason: 'date' },
  ]);
  const owners = await db.query(
    `SELECT file, owner_source_system, owner_local_id FROM journal.quarantine WHERE file LIKE 'profil-h-%' ORDER BY file`,
  );
  expect(owners.rows).toEqual([
    { file: 'profil-h-0.xml', owner_source_system: 'PROFIL', owner_local_id: '470501' },
    { file: 'profil-h-2.xml', owner_source_system: 'PROFIL', owner_local_id: '470501' },
  ]);
});

test('pasientjournalloven § 22: two Profil klienter with byte-identical bad notater each keep their own quarantine row, listed under each; a row stored before journal migration 047 without owner gets the owner of its own line, not one picked at random (fix FX-A 6; before: unique on (source, file, raw_hash, reason), the second klient’s row was never stored)', async () => {
  const db = ts.tdb.db;
  const same =
    '      <notat id="x4790001" dato="2023-03-02T10:00" type="Journalnotat" tjeneste="Hjemmesykepleie" forfatter="Åse Lien">Feil id.</notat>\n';
  const klient = (nr: string, fnr: string, name: string, born: string) =>
    `  <klient klientnr="${nr}" fnr="${fnr}" etternavn="${name}" fornavn="Ola" fodt="${born}" kjonn="M">\n    <journal>\n` +
    same +
    '    </journal>\n  </klient>\n';
  const path = join(dir, 'profil-same.xml');
  writeFileSync(
    path,
    '<?xml version="1.0" encoding="UTF-8"?>\n<profil-eksport versjon="4.2" eksportert="2023-05-01T03:00:00" kommunenr="5001" system="Profil">\n' +
      klient('479001', makeSyntheticNationalId('1950-01-01', 4791, false), 'Eik', '1950-01-01') +
      klient('479002', makeSyntheticNationalId('1951-02-02', 4792, false), 'Lind', '1951-02-02') +
      '</profil-eksport>\n',
  );
  await runImport(db, 'profil', path);
  const rows = async () =>
    (
      await db.query<{ line: number; owner_local_id: string | null }>(
        `SELECT line, owner_local_id FROM journal.quarantine WHERE file = 'profil-same.xml' ORDER BY line`,
      )
    ).rows;
  expect(await rows()).toEqual([
    { line: 5, owner_local_id: '479001' },
    { line: 10, owner_local_id: '479002' },
  ]);
  const token = await ts.stack.token({
    sub: `arkivar-fxa6-${randomUUID()}`,
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
  });
  for (const nr of ['479001', '479002']) {
    const id = (await sourceRecord(db, 'PROFIL', nr))!;
    const r = await gql(
      ts.stack.gateway.url,
      `query ($id: ID!) { patient(id: $id) { quarantinedRecords { file line reason } } }`,
      {
        token,
        variables: { id },
      },
    );
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.patient.quarantinedRecords).toEqual([
      { file: 'profil-same.xml', line: nr === '479001' ? 5 : 10, reason: 'identifier' },
    ]);
  }
  // As rows stored before migration 047 were: one row of these bytes, without owner. Rows are
  // never deleted, so the first klient's is moved out of the file's rows (another file name), and
  // the second klient's loses its owner: imported again, it must take the owner of its own line
  // (479002), not the first match of its bytes (479001), and the first klient's line is stored anew.
  await db.query(
    `UPDATE journal.quarantine SET file = 'profil-same-old.xml' WHERE file = 'profil-same.xml' AND line = 5`,
  );
  await db.query(
    `UPDATE journal.quarantine SET owner_source_system = NULL, owner_local_id = NULL WHERE file = 'profil-same.xml'`,
  );
  expect(await rows()).toEqual([{ line: 10, owner_local_id: null }]);
  await runImport(db, 'profil', path);
  expect(await rows()).toEqual([
    { line: 5, owner_local_id: '479001' },
    { line: 10, owner_local_id: '479002' },
  ]);
});
