/**
 * Adversarial review s31 ("nothing lost" and hardening): sequences the earlier reviews did not
 * try. Each test is a defect found in this review and FAILS on the code it was written against
 * (main at 0de4ccb); its comment states the scenario, what was found and the behaviour expected,
 * with the rule it rests on. Real PostgreSQL through dev/test-stack.ts; imports run as the CLI
 * runs them (runImport, importCoercionPath, importNoark).
 *
 * Tried and found sound (no test): UTF-8 BOM at the start of HP NDJSON, Coercion.ndjson and a
 * Profil export (imported; Profil's quarantined bytes still start at `<notat`); a Gerica note
 * moved (§ 44) and then re-imported from Gerica or as an HP migrated copy (the move holds); a
 * Gerica note deleted (§ 43) and then re-exported changed or as an HP migrated copy (nothing
 * stored again); at the gateway: fragment cycles, batched (array) bodies, repeated and unknown
 * directives, deep introspection, 2,000 operations in a document, a 100 KB operationName, and
 * search strings of wildcards, regex syntax, unbalanced quotes and brackets, combining marks and
 * emoji (BAD_USER_INPUT or an answer, never an internal error).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestStack, type TestStack } from '../dev/test-stack';
import { hpDoc, hpPatient, writeHpExport } from '../dev/hp-records';
import { runImport } from '../subgraphs/journal/import/run';
import { importCoercionPath } from '../subgraphs/coercion/import';
import { importNoark } from '../subgraphs/archive/noark/import';
import { makeSyntheticNationalId } from '../lib/national-id';
import { fixture } from '../dev/fixtures';
import { NOTES_HEADER, VEDTAK_HEADER, gericaFolder, noteRow, serviceRow } from '../dev/gerica-rows';

let dir: string;
let ts: TestStack;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-rev-s31-'));
  ts = await startTestStack();
}, 120_000);

afterAll(async () => {
  await ts?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const count = async (sql: string, params: unknown[] = []): Promise<number> =>
  (await ts.tdb.db.query<{ n: number }>(sql, params)).rows[0]!.n;

// ---- Gerica exports written by hand (ISO-8859-1, `;`, CRLF, as lib/import/gerica-csv.ts reads them).

const PROTOKOLL_HEADER = 'RegID;VedtakID;PasientID;Fodselsnr;Start;Slutt;Tiltak;UtfortAv;Beskrivelse;Hjemmel';

/** A vedtak.csv "Tvang og makt" row, § 9-5 c, valid through 2015. */
const coercionDecisionRow = (id: string, pasientId: string, fnr: string) =>
  `${id};${pasientId};${fnr};Tvang og makt;Hol. § 9-5 tredje ledd bokstav c;fysisk holding ved stell;01.01.2015;31.12.2015;15.12.2014;20.12.2014;"Andre løsninger er prøvd."`;

describe('coercion: a record is its source system and source id', () => {
  test('helse- og omsorgstjenesteloven kapittel 9, pasientjournalloven § 22: an HP execution whose id a Gerica execution also has does not replace the Gerica execution', async () => {
    // Scenario: Gerica's tvangsprotokoll.csv holds execution TP-2015-001 (12 April 2015, under
    // decision V-2015-001). Helseplattformen's Coercion.ndjson holds an execution of its own whose
    // id is the same string (HP ids are free text to the importer: z.string().min(1)); it is
    // another execution, in 2023. Found: coercion.execution is keyed on `id` alone, and
    // upsertExecutions (store.ts, ON CONFLICT (id) DO UPDATE) overwrites the Gerica row, source
    // system included: the 2015 execution is no longer an execution of the person (only a row of
    // coercion.record_version), so the 10–15-year documentation of case 3 (DOMAIN.md) silently
    // loses it and the report counts one execution instead of two. The README says the natural
    // key is "source system + source id" (subgraphs/coercion/README.md, Import). Expected: both
    // executions are stored, each under its own source system (or the HP line is quarantined with
    // a reason naming the clash); the Gerica execution stays. The same holds for decisions
    // (upsertDecisions, ON CONFLICT (id)): an HP decision without legacySource whose id is a
    // Gerica VedtakID. Fix: subgraphs/coercion/store.ts (key executions and decisions by source
    // system and source id, or give imported rows an id that carries the source system).
    const nid = makeSyntheticNationalId('1980-01-01', 31, false);
    await importCoercionPath(
      ts.tdb.db,
      gericaFolder(dir, 'c-collide', {
        'vedtak.csv': [VEDTAK_HEADER, coercionDecisionRow('V-2015-001', '81001', nid)],
        'tvangsprotokoll.csv': [
          PROTOKOLL_HEADER,
          `TP-2015-001;V-2015-001;81001;${nid};12.04.2015 08:05;12.04.2015 08:19;fysisk holding ved stell;10377,10588;"Holdt i armene.";Hol. § 9-5 tredje ledd bokstav c`,
        ],
      }),
    );
    const hp = join(dir, 'c-collide.ndjson');
    writeFileSync(
      hp,
      JSON.stringify({
        kind: 'execution',
        id: 'TP-2015-001',
        patient: nid,
        decisionId: null,
        measure: 'fysisk holding ved stell',
        start: '2023-01-15T19:00:00+01:00',
        end: '2023-01-15T19:03:00+01:00',
        executedBy: ['9240702', '10966'],
        description: 'En annen hendelse.',
      }) + '\n',
    );
    await importCoercionPath(ts.tdb.db, hp);
    const rows = await ts.tdb.db.query<{ source_system: string; start_at: Date }>(
      `SELECT source_system, start_at FROM coercion.execution WHERE source_id = 'TP-2015-001' ORDER BY source_system`,
    );
    const quarantined = await count(
      `SELECT count(*)::int AS n FROM coercion.quarantine WHERE source_system = 'HELSEPLATTFORMEN' AND source_id = 'TP-2015-001'`,
    );
    expect({
      gericaExecutionKept: rows.rows.some(
        (r) => r.source_system === 'GERICA' && r.start_at.toISOString() === '2015-04-12T06:05:00.000Z',
      ),
      hpExecutionStoredOrQuarantined:
        rows.rows.some((r) => r.source_system === 'HELSEPLATTFORMEN') || quarantined > 0,
    }).toEqual({ gericaExecutionKept: true, hpExecutionStoredOrQuarantined: true });
  });

  test('helse- og omsorgstjenesteloven kapittel 9, helsepersonelloven § 44: a decision re-sent under another person does not move silently away from the executions recorded under it', async () => {
    // Scenario: Gerica exports decision V-2015-061 for person A, and A's execution TP-2015-061
    // under it. A later vedtak.csv files V-2015-061 under person B (a source mistake, or a
    // correction in Gerica). Found: upsertDecisions overwrites patient_nid; the decision is now
    // B's, and A's stored execution still claims it. The import quarantines an execution whose
    // decision "belongs to another patient" (import.ts writeExecutions), yet leaves exactly that
    // state in the database, with no quarantine row, no warning and no case; A's execution now
    // judges as without a valid decision (a breach), B gets a decision he never had. The journal
    // holds a note the source refiles under another patient as a § 44 case for the
    // journalansvarlig (README, "patientChangesHeld"; DOMAIN.md: a note in the wrong patient's
    // record is moved to the right one by the person responsible). Expected: the re-sent row is
    // not applied while executions of A claim the decision; it is quarantined (or held) with a
    // reason naming the person change, and the decision stays A's until someone decides.
    // Fix: subgraphs/coercion/import.ts (writeDecisions / mergeDecision: compare the stored
    // patient_nid) and store.ts.
    const a = makeSyntheticNationalId('1980-01-01', 61, false);
    const b = makeSyntheticNationalId('1981-02-02', 62, true);
    await importCoercionPath(
      ts.tdb.db,
      gericaFolder(dir, 'c-refile-1', {
        'vedtak.csv': [VEDTAK_HEADER, coercionDecisionRow('V-2015-061', '81061', a)],
        'tvangsprotokoll.csv': [
          PROTOKOLL_HEADER,
          `TP-2015-061;V-2015-061;81061;${a};12.04.2015 08:05;12.04.2015 08:19;fysisk holding ved stell;10377,10588;"Holdt i armene.";Hol. § 9-5 tredje ledd bokstav c`,
        ],
      }),
    );
    await importCoercionPath(
      ts.tdb.db,
      gericaFolder(dir, 'c-refile-2', {
        'vedtak.csv': [VEDTAK_HEADER, coercionDecisionRow('V-2015-061', '81062', b)],
        'tvangsprotokoll.csv': [PROTOKOLL_HEADER],
      }),
    );
    const decisionOf = (
      await ts.tdb.db.query<{ patient_nid: string }>(
        `SELECT patient_nid FROM coercion.decision WHERE id = 'V-2015-061'`,
      )
    ).rows[0]?.patient_nid;
    const orphaned = await count(
      `SELECT count(*)::int AS n FROM coercion.execution e JOIN coercion.decision d ON d.id = e.recorded_decision_id
        WHERE e.patient_nid <> d.patient_nid`,
    );
    const held = await count(
      `SELECT count(*)::int AS n FROM coercion.quarantine WHERE source_id = 'V-2015-061'`,
    );
    expect({
      decisionStaysWithA: decisionOf === a,
      executionsClaimingAnotherPersonsDecision: orphaned,
      held: held > 0,
    }).toEqual({
      decisionStaysWithA: true,
      executionsClaimingAnotherPersonsDecision: 0,
      held: true,
    });
  });
});

describe('journal: what a source export says is kept, once', () => {
  const fnr = makeSyntheticNationalId('1970-05-05', 21, true);

  test('pasientjournalloven § 22 (integritet): a NotatID twice in one Gerica export keeps the text of both records (the first was stored nowhere and counted unchanged)', async () => {
    // Scenario: a Gerica journalnotater.csv holds NotatID 3300001 twice, with different texts
    // (an export that wrote a note and its edit, or two notes given one id). Found: the writer
    // keeps one record per natural key in a batch (writer.ts writeEntries, newerOf: without a
    // source version the later wins) and counts the other as `unchanged`: its text is in no
    // table (journal_entry, entry_version, quarantine), and the report says nothing was
    // quarantined. Had the two records fallen in different batches, the first would have been
    // stored and kept as a version: what is kept depends on the batch boundary. The same happens
    // to two HP lines of one note with the same meta.versionId and different texts. Coercion
    // quarantines "a source id a second time in the same file (the reason names the line of the
    // first)" (coercion README). Expected (README: "puts what it cannot accept in a quarantine
    // table (file, line, reason, the raw bytes)"; "Nothing stored is lost"): the record not
    // applied is quarantined with its bytes and a reason naming the other line, or kept as a
    // version; never dropped. Fix: subgraphs/journal/import/writer.ts writeEntries (the `dupes`
    // of byKey whose content differs).
    const r = await runImport(
      ts.tdb.db,
      'gerica',
      gericaFolder(dir, 'j-dup', {
        'journalnotater.csv': [
          NOTES_HEADER,
          noteRow('3300001', '73001', fnr, 'Første tekst qzxforsteS31.'),
          noteRow('3300001', '73001', fnr, 'Andre tekst qzxandreS31.'),
        ],
      }),
    );
    const kept = await count(
      `SELECT (SELECT count(*) FROM journal.journal_entry WHERE text LIKE '%qzxforsteS31%')
            + (SELECT count(*) FROM journal.entry_version WHERE text LIKE '%qzxforsteS31%')
            + (SELECT count(*) FROM journal.quarantine WHERE position('qzxforsteS31' in convert_from(raw, 'LATIN1')) > 0) AS n`,
    );
    expect({ firstTextKept: kept > 0, counts: r.counts.entries, quarantined: r.quarantined }).toEqual({
      firstTextKept: true,
      counts: expect.objectContaining({ accepted: 1 }),
      quarantined: expect.anything(),
    });
  });

  test('pasientjournalloven § 22 (integritet): re-importing an unchanged Gerica export and an unchanged HP export that holds its migrated copy changes nothing (each run wrote a new version)', async () => {
    // Scenario: Gerica note 3100001 was migrated into Helseplattformen; HP's copy (tagged
    // urn:example:migrering gerica, legacy id 3100001) has a slightly different text (HP changed
    // "glad." to "glad!"). Both exports are imported, then each is imported again, unchanged,
    // as an operator re-running the documented import commands does. Found: the copy is keyed by
    // the legacy note (README: "Migrated HP copies of legacy notes are stored once, as provenance
    // on the legacy original"), and every import overwrites the note with its own text: Gerica,
    // HP, Gerica, HP, Gerica are five `updated` runs, and the note has five versions for two
    // texts; which text is current depends on which command ran last, and a re-run of an
    // unchanged file changes the record. README ("Running it again changes nothing") and the
    // journal README (re-import is idempotent, natural keys). Expected: once both exports are
    // imported, importing either again is `unchanged` and adds no version; where the legacy
    // original and its migrated copy disagree, the difference is shown (as coercion lists
    // `discrepancies`, or a source conflict for an archivist), not applied back and forth.
    // Fix: subgraphs/journal/import/writer.ts (a migrated copy's text against the legacy
    // original's) and hp.ts (the copy's provenance).
    const g = gericaFolder(dir, 'j-copy', {
      'journalnotater.csv': [NOTES_HEADER, noteRow('3100001', '71001', fnr, 'Besøk. Tone var glad.')],
    });
    const patient = hpPatient('pt-s31-copy', '1970-05-05', 21);
    patient.identifier[0]!.value = fnr;
    const h = writeHpExport(dir, 'j-copy-hp', {
      Patient: [patient],
      DocumentReference: [
        hpDoc('dr-s31-copy', 'pt-s31-copy', 'Besøk. Tone var glad!', {
          meta: { tag: [{ system: 'urn:example:migrering', code: 'gerica' }] },
          identifier: [{ system: 'urn:example:migrering:gerica', value: '3100001' }],
          date: '2015-03-01T10:00:00+01:00',
        }),
      ],
    });
    await runImport(ts.tdb.db, 'gerica', g);
    await runImport(ts.tdb.db, 'hp', h);
    const versions = () =>
      count(`SELECT count(*)::int AS n FROM journal.entry_version WHERE entry_id = 'je-gerica-3100001'`);
    const before = await versions();
    const again = [];
    for (const [source, path] of [
      ['gerica', g],
      ['hp', h],
      ['gerica', g],
    ] as const)
      again.push((await runImport(ts.tdb.db, source, path)).counts.entries.updated);
    expect({ updatedByReRuns: again, versionsAdded: (await versions()) - before }).toEqual({
      updatedByReRuns: [0, 0, 0],
      versionsAdded: 0,
    });
  });
});

describe('journal: a Gerica service decision (vedtak.csv) is kept as the source sent it', () => {
  const a = makeSyntheticNationalId('1970-05-05', 91, true);
  const b = makeSyntheticNationalId('1971-06-06', 92, false);

  beforeAll(async () => {
    await runImport(
      ts.tdb.db,
      'gerica',
      gericaFolder(dir, 'v-patients', {
        'journalnotater.csv': [
          NOTES_HEADER,
          noteRow('3500001', '75001', a, 'Notat om A.'),
          noteRow('3500002', '75002', b, 'Notat om B.'),
        ],
      }),
    );
  });

  test('helsepersonelloven § 44: a Gerica service decision re-sent under another patient is held for the journalansvarlig, not moved (it moved silently, the report said `updated`)', async () => {
    // Scenario: vedtak.csv grants patient A (PasientID 75001) home help, V-2015-900. A later
    // export files V-2015-900 under patient B (75002). Found: writer.ts writeDecisions upserts
    // the decision with the patient the row names: it is now B's, A's record no longer has the
    // decision that was made about A, the import reports `decisions.updated: 1` and
    // `patientChangesHeld: 0`. A formal decision (vedtak) is part of the record the legal users
    // must document for A (DOMAIN.md case 1: a refused long-term-care decision). A note the
    // source refiles under another patient is held as a § 44 case for the journalansvarlig and
    // stays where it is until decided (README "patientChangesHeld"; journal README, Correction,
    // deletion and moves), and a decision read from a note stays with the note's patient
    // (writeDecisions' comment). Expected: the same for a decision from vedtak.csv: it stays A's,
    // and the source's refiling is held (a § 44 case, or quarantined with a reason naming the
    // patient change), visible in the report. Fix: subgraphs/journal/import/writer.ts
    // writeDecisions (compare the stored decision's patient, as writeEntries step 1b does).
    const H =
      'VedtakID;PasientID;Fodselsnr;Vedtakstype;Hjemmel;Tiltak;GyldigFra;GyldigTil;VedtattDato;GodkjentStatsforvalterDato;Begrunnelse';
    await runImport(
      ts.tdb.db,
      'gerica-vedtak',
      gericaFolder(dir, 'v-refile-1', {
        'vedtak.csv': [H, serviceRow('V-2015-900', '75001', a, 'Innvilget hjemmehjelp.')],
      }),
    );
    const patientOf = async () =>
      (
        await ts.tdb.db.query<{ national_id: string }>(
          `SELECT p.national_id FROM journal.service_decision d JOIN journal.patient p ON p.id = d.patient_id
            WHERE d.source_system = 'GERICA' AND d.source_id = 'V-2015-900'`,
        )
      ).rows[0]?.national_id;
    expect(await patientOf()).toBe(a);
    const r = await runImport(
      ts.tdb.db,
      'gerica-vedtak',
      gericaFolder(dir, 'v-refile-2', {
        'vedtak.csv': [H, serviceRow('V-2015-900', '75002', b, 'Innvilget hjemmehjelp.')],
      }),
    );
    const quarantined = Object.values(r.quarantined).reduce((x, y) => x + y, 0);
    expect({
      decisionStaysWithA: (await patientOf()) === a,
      heldOrQuarantined: r.patientChangesHeld + quarantined > 0,
    }).toEqual({ decisionStaysWithA: true, heldOrQuarantined: true });
  });

  test('pasientjournalloven § 22 (integritet): a VedtakID twice in one Gerica vedtak.csv keeps the text of both rows (the first was stored nowhere)', async () => {
    // Scenario: vedtak.csv holds V-2015-901 twice with different Begrunnelse. Found: the same
    // loss as for notes above, in writer.ts writeDecisions (byKey, newerOf: without a source
    // version the later row wins): the first row's text is in no table (service_decision,
    // service_decision_version, quarantine) and the report quarantines nothing. Expected: the
    // row not applied is quarantined with its bytes and a reason naming the other line (as
    // coercion does for "a source id a second time in the same file"), or kept as a version.
    // Fix: subgraphs/journal/import/writer.ts writeDecisions.
    const H =
      'VedtakID;PasientID;Fodselsnr;Vedtakstype;Hjemmel;Tiltak;GyldigFra;GyldigTil;VedtattDato;GodkjentStatsforvalterDato;Begrunnelse';
    await runImport(
      ts.tdb.db,
      'gerica-vedtak',
      gericaFolder(dir, 'v-dup', {
        'vedtak.csv': [
          H,
          serviceRow('V-2015-901', '75001', a, 'Første begrunnelse qzxvforsteS31.'),
          serviceRow('V-2015-901', '75001', a, 'Andre begrunnelse qzxvandreS31.'),
        ],
      }),
    );
    const kept = await count(
      `SELECT (SELECT count(*) FROM journal.service_decision d WHERE to_jsonb(d)::text LIKE '%qzxvforsteS31%')
            + (SELECT count(*) FROM journal.service_decision_version v WHERE v.record::text LIKE '%qzxvforsteS31%')
            + (SELECT count(*) FROM journal.quarantine WHERE position('qzxvforsteS31' in convert_from(raw, 'LATIN1')) > 0) AS n`,
    );
    expect({ firstRowKept: kept > 0 }).toEqual({ firstRowKept: true });
  });
});

describe('archive: a deposit with a duplicate systemID', () => {
  test('arkivlova § 5: a klasse whose systemID another klasse of the deposit has is not dropped silently, and its saksmapper are not filed under the other klasse', async () => {
    // Scenario: an arkivstruktur.xml (the fixture's, copied) in which the second klasse
    // (HO-01 "Fagutvikling og møter i helse og omsorg") carries the systemID of the first
    // (BO-04 "Startlån og tilskudd"): a duplicate id in a deposit. Found: writeUpper inserts
    // arkiv, arkivdel, klassifikasjonssystem and klasse with ON CONFLICT (id) DO NOTHING, so
    // HO-01 is stored nowhere (not in archive.klasse, not in archive.quarantine), the import
    // reports no quarantine, and its saksmappe "Fagmøter hjemmetjenesten Byåsen 2023" is stored
    // with klasse_ref pointing at BO-04: filed under the wrong class, and so written under it
    // in every later arkivuttrekk. A saksmappe with a duplicate id is quarantined with its bytes
    // (archive README), and the archive keeps what it received (arkivlova § 5, arkivforskrifta;
    // README "Quarantine keeps the source bytes"). The same ON CONFLICT drops a later deposit's
    // change to a stored klasse's title or klasseID without a trace. Expected: the duplicate
    // klasse is quarantined with its source bytes and a reason naming the systemID (its
    // saksmapper with it), or the import stops with an error naming it; no saksmappe is filed
    // under another klasse. Fix: subgraphs/archive/noark/import.ts writeUpper.
    const extract = join(dir, 'n-dup');
    cpSync(fixture('sakarkiv'), extract, { recursive: true });
    const file = join(extract, 'arkivstruktur.xml');
    const first = '88668e7d-e28c-595d-b931-932ba76268e6';
    const second = '1ab24e7f-54fa-5dd6-bafa-677ec8f97592';
    const xml = readFileSync(file, 'utf8');
    expect(xml).toContain(`<systemID>${second}</systemID>`);
    writeFileSync(file, xml.replace(`<systemID>${second}</systemID>`, `<systemID>${first}</systemID>`));
    let refused: string | null = null;
    try {
      await importNoark(ts.tdb.db, extract);
    } catch (err) {
      refused = (err as Error).message;
    }
    const filedUnder = (
      await ts.tdb.db.query<{ klasse_id: string }>(
        `SELECT k.klasse_id FROM archive.saksmappe s JOIN archive.klasse k ON k.id = s.klasse_ref
          WHERE s.tittel = 'Fagmøter hjemmetjenesten Byåsen 2023'`,
      )
    ).rows.map((r) => r.klasse_id);
    const quarantined = await count(
      `SELECT count(*)::int AS n FROM archive.quarantine
        WHERE reason LIKE $1 OR position(convert_to('HO-01', 'UTF8') in coalesce(raw, ''::bytea)) > 0`,
      [`%${first}%`],
    );
    expect({
      filedUnderAnotherKlasse: filedUnder.includes('BO-04'),
      keptOrRefused: refused !== null || quarantined > 0,
    }).toEqual({ filedUnderAnotherKlasse: false, keptOrRefused: true });
  });
});
