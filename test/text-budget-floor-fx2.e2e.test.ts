/**
 * Fix FX2 (review of stop 46): the text budget's floor against the record cap. The record cap
 * (IMPORT_MAX_RECORD_BYTES) counts a record's source bytes; the text budget
 * (RESPONSE_MAX_TEXT_BYTES, lib/text-budget.ts) counts the stored text's UTF-8 bytes. A Gerica
 * export is ISO-8859-1, where æ, ø and å are one byte and two in UTF-8; a Profil export may be
 * Windows-1252 (declared "iso-8859-1" too: WHATWG reads that label as Windows-1252), where €, “
 * and ” are one byte and three in UTF-8. With the floor at the record cap, a note as long as the
 * import allowed answered RESPONSE_TOO_LARGE in every request. The test takes the lowest budget
 * the configuration accepts for a record cap of N bytes, imports a note of N bytes from each
 * source through the real importer, and reads its text whole through the gateway.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_LIMITS, loadConfig } from '../lib/config';
import { gql } from '../dev/services';
import { startTestStack, type TestStack } from '../dev/test-stack';
import { runImport } from '../subgraphs/journal/import/run';

const N = 2048;
/** The lowest RESPONSE_MAX_TEXT_BYTES lib/config.ts accepts with IMPORT_MAX_RECORD_BYTES=N. */
function lowestAcceptedBudget(): number {
  for (let budget = N; ; budget += 1) {
    try {
      loadConfig({
        IMPORT_MAX_RECORD_BYTES: String(N),
        RESPONSE_MAX_TEXT_BYTES: String(budget),
      } as NodeJS.ProcessEnv);
      return budget;
    } catch {
      // under the floor: try one byte more
    }
  }
}

let ts: TestStack;
let dir: string;
let archivist: string;
const GERICA_HEAD =
  'NotatID;PasientID;Fodselsnr;Navn;Dato;Klokkeslett;Tjeneste;Notattype;ForfatterHPR;ForfatterNavn;Tekst\r\n';
const GERICA_PREFIX =
  '3104901;31901;20888014390;Dahl, Lars;10.02.2010;13:30;Bo- og miljøtjeneste;Vurdering;9144271;Kari Holm;"';
/** A Gerica record of exactly N Latin-1 bytes whose text is almost all æ, ø and å. */
const gericaText = () => {
  const room = N - Buffer.byteLength(GERICA_PREFIX, 'latin1') - '"\r\n'.length;
  return 'æøåÆØÅ '.repeat(Math.ceil(room / 7)).slice(0, room - 1) + '.';
};
const PROFIL_HEAD =
  '<?xml version="1.0" encoding="windows-1252"?>\n<profil-eksport versjon="4.2" eksportert="2022-11-08T03:15:00" kommunenr="5001" system="Profil">\n' +
  '  <klient klientnr="097901" fnr="11889916860" etternavn="Solheim" fornavn="Ida" fodt="1999-08-11" kjonn="K" opprettet="1999-08-11">\n    <journal>\n      ';
const PROFIL_OPEN =
  '<notat id="905901" dato="2012-02-14T10:00" type="Konsultasjon" tjeneste="Helsestasjon" forfatter-hpr="9034411" forfatter="Berit Hoel">';
const PROFIL_CLOSE = '</notat>';
/** A Profil notat of exactly N Windows-1252 bytes whose text is almost all €, “ and ”. */
const profilText = () => {
  const room = N - Buffer.byteLength(PROFIL_OPEN) - Buffer.byteLength(PROFIL_CLOSE);
  return '“€”'.repeat(Math.ceil(room / 3)).slice(0, room - 1) + '.';
};
/** Windows-1252 bytes of a string of ASCII, æøå, €, “ and ”. */
const cp1252 = (s: string) =>
  Buffer.from([...s].map((c) => ({ '€': 0x80, '“': 0x93, '”': 0x94 })[c as '€'] ?? c.charCodeAt(0)));

beforeAll(async () => {
  ts = await startTestStack({
    limits: { ...DEFAULT_LIMITS, importMaxRecordBytes: N, responseTextBytes: lowestAcceptedBudget() },
  });
  dir = mkdtempSync(join(tmpdir(), 'hs-fx2-floor-'));
  mkdirSync(join(dir, 'gerica'));
  writeFileSync(
    join(dir, 'gerica', 'journalnotater.csv'),
    Buffer.from(GERICA_HEAD + GERICA_PREFIX + gericaText() + '"\r\n', 'latin1'),
  );
  mkdirSync(join(dir, 'profil'));
  writeFileSync(
    join(dir, 'profil', 'profil-eksport.xml'),
    Buffer.concat([
      cp1252(PROFIL_HEAD + PROFIL_OPEN + profilText() + PROFIL_CLOSE),
      Buffer.from('\n    </journal>\n  </klient>\n</profil-eksport>\n'),
    ]),
  );
  archivist = await ts.stack.token({ role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });
}, 180_000);

afterAll(async () => {
  await ts?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const readNote = async (sourceSystem: string, sourceId: string) => {
  const row = (
    await ts.tdb.db.query<{ id: string; patient_id: string; text: string }>(
      `SELECT id, patient_id, text FROM journal.journal_entry WHERE source_system = $1 AND source_id = $2`,
      [sourceSystem, sourceId],
    )
  ).rows[0];
  expect(row).toBeDefined();
  const res = await gql(
    ts.stack.gateway.url,
    `{ patient(id: "${row!.patient_id}") { entriesById(ids: ["${row!.id}"]) { text } } }`,
    { token: archivist },
  );
  return { stored: row!.text, res: res.body as { data?: any; errors?: { message: string }[] } };
};

test('arkivlova § 5, pasientjournalloven § 22: a Gerica note of the whole record cap (N Latin-1 bytes, æøå) is readable whole with the lowest budget the configuration accepts (fix FX2: the floor was N; its UTF-8 text is ~2N)', async () => {
  const r = await runImport(ts.tdb.db, 'gerica', join(dir, 'gerica'), undefined, { maxRecordBytes: N });
  expect(r.quarantined).toEqual({});
  const { stored, res } = await readNote('GERICA', '3104901');
  expect(Buffer.byteLength(stored)).toBeGreaterThan(1.5 * N);
  expect(res.errors?.map((e) => e.message)).toBeUndefined();
  expect(res.data.patient.entriesById[0].text).toBe(stored);
});

test('arkivlova § 5, pasientjournalloven § 22: a Profil notat of the whole record cap in Windows-1252 (€, “, ”) is readable whole with the lowest budget the configuration accepts (fix FX2: its UTF-8 text is ~3N)', async () => {
  const r = await runImport(ts.tdb.db, 'profil', join(dir, 'profil'), undefined, { maxRecordBytes: N });
  expect(r.quarantined).toEqual({});
  const { stored, res } = await readNote('PROFIL', '905901');
  expect(Buffer.byteLength(stored)).toBeGreaterThan(2.5 * N);
  expect(res.errors?.map((e) => e.message)).toBeUndefined();
  expect(res.data.patient.entriesById[0].text).toBe(stored);
});
