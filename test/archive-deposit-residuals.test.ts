/**
 * The case archive's deposit package (subgraphs/archive/noark/export.ts) on the sakarkiv
 * fixture (a municipality's Noark 5 extract), copied and edited here, against real PostgreSQL
 * and validated with libxml2 against the official Noark 5 v5.0 schemas in ../shared/standards.
 * Each test failed on the code before its change, for the reason its name gives.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithFixtures, fixture, FIXTURES_DIR } from '../dev/fixtures';
import { createTestDatabase, type TestDatabase } from '../dev/services';
import { migrateSubgraph } from '../lib/subgraph';
import { archiveSubgraph } from '../subgraphs/archive';
import { ExportError, exportNoark } from '../subgraphs/archive/noark/export';
import { importNoark } from '../subgraphs/archive/noark/import';
import { validateAgainst } from '../subgraphs/archive/noark/validate';
import { changeTittel } from '../subgraphs/archive/store';

const SCHEMAS = join(FIXTURES_DIR, '..', 'standards', 'noark5');
const ARKIVDEL = '95819b0d-f950-5cd9-9581-07b71e700251';
/** Fagmøter hjemmetjenesten Byåsen 2023 (2023/1102): its referater are internal notes (X). */
const NOTE_1 = 'e5c32af1-07ba-501d-9416-9ff6634e6dde';
const NOTE_2 = '0bf8edec-4a7f-56ba-a3dc-c2ae397edc64';
/** Søknad om startlån – Hanne Vik (2023/1187): closed 2023-06-02, screened. */
const CLOSED_CASE = '9272719f-3260-5135-a1c1-5f9c9dbd340d';
/** Fagmøter hjemmetjenesten Byåsen 2023 (2023/1102): Under behandling. */
const OPEN_CASE = '4c128bb4-2fef-5876-b049-b45a566aedb7';

/** `edit` applied to the part of `text` from `start` to the first `end` after it; it must change something. */
function inBlock(text: string, start: string, end: string, edit: (block: string) => string): string {
  const i = text.indexOf(start);
  const j = text.indexOf(end, i);
  if (i < 0 || j < 0) throw new Error(`no block from "${start}" to "${end}"`);
  const block = text.slice(i, j + end.length);
  const changed = edit(block);
  if (changed === block) throw new Error(`the edit of "${start}" changed nothing`);
  return text.slice(0, i) + changed + text.slice(j + end.length);
}

const withoutCorrespondents = (block: string) =>
  block.replace(/\s*<korrespondansepart>[\s\S]*?<\/korrespondansepart>/g, '');

/** The journalregistrering of one journalpost (by systemID) in a journal file. */
function registration(xml: string, systemId: string): string {
  const i = xml.indexOf(`<systemID>${systemId}</systemID>`);
  if (i < 0) throw new Error(`${systemId} is not in the journal`);
  return xml.slice(xml.lastIndexOf('<journalregistrering>', i), xml.indexOf('</journalregistrering>', i));
}

describeWithFixtures('case archive deposit residuals', () => {
  let tdb: TestDatabase;
  const scratch = mkdtempSync(join(tmpdir(), 'hs-archive-residuals-'));

  beforeAll(async () => {
    tdb = await createTestDatabase();
    await migrateSubgraph(tdb.db, archiveSubgraph);
    // The two fagmøte referater as a system that registers an internal note without parties
    // writes them: no korrespondansepart; the second names its author (forfatter).
    const extract = join(scratch, 'extract');
    cpSync(fixture('sakarkiv'), extract, { recursive: true });
    let xml = readFileSync(join(extract, 'arkivstruktur.xml'), 'utf8');
    xml = inBlock(xml, `<systemID>${NOTE_1}</systemID>`, '</registrering>', withoutCorrespondents);
    xml = inBlock(xml, `<systemID>${NOTE_2}</systemID>`, '</registrering>', (b) =>
      withoutCorrespondents(b).replace(
        '<tittel>Referat fra fagmøte 22.02.2023</tittel>\n            <journalaar>',
        '<tittel>Referat fra fagmøte 22.02.2023</tittel>\n            <forfatter>Siri Lyng</forfatter>\n            <journalaar>',
      ),
    );
    writeFileSync(join(extract, 'arkivstruktur.xml'), xml);
    const r = await importNoark(tdb.db, extract);
    expect(r.saksmapper).toEqual({ inserted: 6, updated: 0, unchanged: 0, held: 0, quarantined: 0 });
  }, 120_000);

  afterAll(async () => {
    await tdb?.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  test('Noark 5 loependeJournal.xsd / offentligJournal.xsd with M087 "Intern avsender": an internal note registered without korrespondansepart is deposited with its author as internal sender, and both journals validate', async () => {
    const out = join(scratch, 'internal-notes');
    await exportNoark(tdb.db, ARKIVDEL, out, { schemaDir: SCHEMAS });
    for (const [file, xsd] of [
      ['loependeJournal.xml', 'loependeJournal.xsd'],
      ['offentligJournal.xml', 'offentligJournal.xsd'],
    ] as const) {
      const v = await validateAgainst(join(out, file), SCHEMAS, xsd);
      expect({ file, valid: v.valid, errors: v.errors }).toEqual({ file, valid: true, errors: [] });
      const xml = readFileSync(join(out, file), 'utf8');
      // No forfatter: the case's saksansvarlig, the saksbehandler (Jorunn Dahle).
      expect(registration(xml, NOTE_1)).toMatch(
        /<korrespondansepart>\s*<korrespondanseparttype>Intern avsender<\/korrespondanseparttype>\s*<korrespondansepartNavn>Jorunn Dahle<\/korrespondansepartNavn>\s*<\/korrespondansepart>\s*<\/journalpost>/,
      );
      expect(registration(xml, NOTE_2)).toMatch(
        /<korrespondanseparttype>Intern avsender<\/korrespondanseparttype>\s*<korrespondansepartNavn>Siri Lyng<\/korrespondansepartNavn>/,
      );
      expect(registration(xml, NOTE_1).match(/<korrespondansepart>/g)).toHaveLength(1);
    }
    // arkivstruktur.xml is written as stored: the notes still have no korrespondansepart.
    const structure = readFileSync(join(out, 'arkivstruktur.xml'), 'utf8');
    const note = structure.slice(
      structure.indexOf(`<systemID>${NOTE_1}</systemID>`),
      structure.indexOf('</registrering>', structure.indexOf(`<systemID>${NOTE_1}</systemID>`)),
    );
    expect(note).toContain('<journalposttype>Organinternt dokument uten oppfølging</journalposttype>');
    expect(note).not.toContain('<korrespondansepart>');
  });

  test('Noark 5 loependeJournal.xsd: an incoming document without korrespondansepart is refused before anything is written, naming it; no sender is made up', async () => {
    const { rows } = await tdb.db.query<{ id: string; complex: unknown }>(
      `SELECT id, complex FROM archive.journalpost WHERE registrerings_id = '2023/1187-1'`,
    );
    const incoming = rows[0]!;
    await tdb.db.query(
      `UPDATE archive.journalpost SET complex = complex - 'korrespondansepart' WHERE id = $1`,
      [incoming.id],
    );
    try {
      const out = join(scratch, 'incoming-without-sender');
      await expect(exportNoark(tdb.db, ARKIVDEL, out, { schemaDir: SCHEMAS })).rejects.toThrow(ExportError);
      await expect(exportNoark(tdb.db, ARKIVDEL, out, { schemaDir: SCHEMAS })).rejects.toThrow(
        /1 journalpost\(er\) of arkivdel .* have no korrespondansepart, .*: 2023\/1187-1 \(Inngående dokument\)\. Register the sender or recipient/,
      );
      expect(existsSync(out)).toBe(false);
    } finally {
      await tdb.db.query('UPDATE archive.journalpost SET complex = $2 WHERE id = $1', [
        incoming.id,
        JSON.stringify(incoming.complex),
      ]);
    }
  });

  test('Noark 5 endringslogg.xsd (M680–M685) with arkivforskrifta: a change of skjerming and of a public title after closing is in endringslogg.xml with when, by whom and the old value, and it validates', async () => {
    // The public title of the decision letter (2023/1187-2, archived) removed, by changeTittel.
    const letter = (
      await tdb.db.query<{ id: string }>(
        `SELECT id FROM archive.journalpost WHERE registrerings_id = '2023/1187-2'`,
      )
    ).rows[0]!.id;
    expect(await changeTittel(tdb.db, letter, 'Vedtak om startlån – Hanne Vik', null, 'arkivar-7')).toEqual({
      entityType: 'journalpost',
      logged: true,
    });
    // The closed case's screening changed by an operator (no mutation changes skjerming):
    // "Skjerming navn part i sak" dropped. The open case's screening changed too: not logged.
    const screening = async (id: string, change: Record<string, string[]>, by: string) =>
      tdb.db.transaction(async (tx) => {
        await tx.query(`SELECT set_config('helsespor.changed_by', $1, true)`, [by]);
        await tx.query(
          `UPDATE archive.saksmappe
              SET complex = jsonb_set(complex, '{skjerming}',
                                      jsonb_build_array(coalesce(complex #> '{skjerming,0}', '{}') || $2::jsonb))
            WHERE id = $1`,
          [id, JSON.stringify(change)],
        );
      });
    await screening(
      CLOSED_CASE,
      { skjermingMetadata: ['Skjerming tittel mappe - utvalgte ord'] },
      'arkivar-8',
    );
    await screening(
      OPEN_CASE,
      {
        tilgangsrestriksjon: ['Unntatt offentlighet'],
        skjermingshjemmel: ['Offl. § 13 jf. fvl. § 13 (1) nr.1'],
        skjermingMetadata: ['Skjerming navn part i sak'],
      },
      'arkivar-8',
    );

    const out = join(scratch, 'endringslogg');
    const s = await exportNoark(tdb.db, ARKIVDEL, out, { schemaDir: SCHEMAS });
    expect(s.endringer).toBe(2);
    const v = await validateAgainst(join(out, 'endringslogg.xml'), SCHEMAS, 'endringslogg.xsd');
    expect({ valid: v.valid, errors: v.errors }).toEqual({ valid: true, errors: [] });
    const entries = (
      readFileSync(join(out, 'endringslogg.xml'), 'utf8').match(/<endring>[\s\S]*?<\/endring>/g) ?? []
    ).map((e) =>
      Object.fromEntries(
        [...e.matchAll(/<(\w+)>([^<]*)<\/\1>/g)].map((m) => [m[1]!, m[2]!.replace(/&amp;/g, '&')]),
      ),
    );
    const when = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
    expect(entries).toEqual([
      {
        referanseArkivenhet: letter,
        referanseMetadata: 'offentligTittel',
        endretDato: expect.stringMatching(when),
        endretAv: 'arkivar-7',
        tidligereVerdi: 'Vedtak om startlån – *****',
        // endringslogg.xsd requires a nyVerdi of at least one character.
        nyVerdi: '(ingen verdi)',
      },
      {
        referanseArkivenhet: CLOSED_CASE,
        referanseMetadata: 'skjermingMetadata',
        endretDato: expect.stringMatching(when),
        endretAv: 'arkivar-8',
        tidligereVerdi: 'Skjerming tittel mappe - utvalgte ord; Skjerming navn part i sak',
        nyVerdi: 'Skjerming tittel mappe - utvalgte ord',
      },
    ]);
  });
});
