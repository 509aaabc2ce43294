/**
 * Fix FX-A (review of s47-access): whose quarantined source line is it (pasientjournalloven § 22,
 * helsepersonelloven § 21: another person's file, line and reason are not shown;
 * pasientjournalforskriften § 14: the read is logged under the person whose record was read).
 * Real importers, real PostgreSQL, through the gateway (dev/test-stack.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gericaFolder } from '../dev/gerica-rows';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { makeSyntheticNationalId } from '../lib/national-id';
import { importCoercionPath } from '../subgraphs/coercion/import';

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
