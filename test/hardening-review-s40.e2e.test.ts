/**
 * Hardening residuals of review s40, through the gateway on real PostgreSQL (the PostgreSQL
 * full-text backend) or on the importers directly. The name says what must hold, the
 * parenthesis what happened before the fix.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { generateNoarkExtract } from '../dev/generator';
import { importNoark } from '../subgraphs/archive/noark/import';
import { insertPatients } from '../subgraphs/journal/store';

let env: TestStack;
const scratch = mkdtempSync(join(tmpdir(), 'hs-s40-'));

const NOTE = (id: string, patient: string) =>
  env.tdb.db.query(
    `INSERT INTO journal.journal_entry (id, patient_id, source_system, source_id, entry_type, written_at, text, status)
     VALUES ($1, $2, 'HELSEPLATTFORMEN', $1, 'Journalnotat', '2012-05-01T10:00:00+02:00', 'Et notat.', 'current')`,
    [id, patient],
  );

beforeAll(async () => {
  env = await startPostgresTestStack();
  await insertPatients(env.tdb.db, [
    {
      id: 'pat-s40-1',
      nationalId: '20888014390',
      familyName: 'Nordmann',
      givenName: 'Kari',
      birthDate: '1980-08-20',
    },
    {
      id: 'pat-s40-2',
      nationalId: '13889910059',
      familyName: 'Dahl',
      givenName: 'Ida',
      birthDate: '1999-08-13',
    },
  ] as never);
  await NOTE('s40-note-1', 'pat-s40-1');
  await NOTE('s40-note-2', 'pat-s40-1');
}, 120_000);
afterAll(async () => {
  await env?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe('Noark 5 import: an endring of endringslogg.xml is stored only with an endretDato that is a time', () => {
  it('an endretDato that is no xs:dateTime (a Norwegian date, 30 February, 24:00, a date alone) is quarantined naming endretDato with its source bytes, and the good endring of the file is imported (they were stored as text as they came: sorted as text among the real times, and carried by export-noark into an endringslogg.xml that endringslogg.xsd, M682 xs:dateTime, refuses)', async () => {
    const ex = generateNoarkExtract({ seed: 40, saksmapper: 1 });
    const dir = join(scratch, 'endringslogg-dates');
    for (const f of ex.files) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.content);
    }
    const ref = /<systemID>([^<]+)<\/systemID>/.exec(ex.files[0]!.content.toString('utf8'))![1]!;
    const endring = (dato: string) =>
      '<endring>\n' +
      `    <referanseArkivenhet>${ref}</referanseArkivenhet>\n` +
      '    <referanseMetadata>tittel</referanseMetadata>\n' +
      `    <endretDato>${dato}</endretDato>\n` +
      '    <endretAv>Arkivar</endretAv>\n' +
      `    <tidligereVerdi>Gammel ${dato}</tidligereVerdi>\n` +
      `    <nyVerdi>Ny ${dato}</nyVerdi>\n` +
      '  </endring>';
    const bad = ['10.01.2023 kl 10', '2023-02-30T10:00:00+01:00', '2023-01-10T24:00:00Z', '2023-01-10'];
    writeFileSync(
      join(dir, 'endringslogg.xml'),
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<endringslogg xmlns="http://www.arkivverket.no/standarder/noark5/endringslogg">\n' +
        [...bad, '2023-01-10T10:00:00+01:00'].map((d) => `  ${endring(d)}\n`).join('') +
        '</endringslogg>\n',
    );
    const r = await importNoark(env.tdb.db, dir);
    expect(r.endringslogg).toBe(1);
    const stored = await env.tdb.db.query<{ endret_dato: string }>(
      'SELECT endret_dato FROM archive.endringslogg WHERE referanse_arkivenhet = $1',
      [ref],
    );
    expect(stored.rows).toEqual([{ endret_dato: '2023-01-10T10:00:00+01:00' }]);
    const q = await env.tdb.db.query<{ reason: string; raw: Buffer }>(
      `SELECT reason, raw FROM archive.quarantine WHERE source_file = 'endringslogg.xml' ORDER BY line`,
    );
    expect(q.rows.map((x) => x.reason)).toEqual(bad.map(() => expect.stringMatching(/endretDato/)));
    expect(q.rows.map((x) => x.raw.toString('utf8'))).toEqual(bad.map(endring));
  }, 120_000);
});
