/**
 * A later Noark 5 extract, review s42 (subgraphs/archive/README.md "A later extract"): what the
 * lead decided after review s41b.
 *  1. A skjerming the source adds reaches the public postjournal at once, also for a record in
 *     conflict (changed here and in the source): offentleglova § 13 with forvaltningsloven § 13,
 *     screening more is always safe, screening less needs a person.
 *  2. An older extract imported after a newer one does not roll values back.
 *  3. A party's national id corrected by a later extract ends the link to the earlier person.
 *  4. The conflict baseline moves when an archivist adopts the source's value by hand.
 * Real PostgreSQL and Elasticsearch (dev/test-stack.ts), the extract from dev/generator.ts; the
 * tests run in order over one archive, each later extract holding the edits of the ones before.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { NOTES_HEADER, gericaFolder, noteRow } from '../dev/gerica-rows';
import { generateNoarkExtract, type NoarkExtract } from '../dev/generator';
import { gql } from '../dev/services';
import { startTestStack, type TestStack } from '../dev/test-stack';
import { makeSyntheticNationalId } from '../lib/national-id';
import { importNoark } from '../subgraphs/archive/noark/import';
import { nationalIdsBySaksmappeIds } from '../subgraphs/archive/store';
import { runImport } from '../subgraphs/journal/import/run';

const scratch = mkdtempSync(join(tmpdir(), 'hs-noark-s42-'));
let ts: TestStack;
let archivist: string;

// Four cases (dev/generator.ts numbers them klasse by klasse): 2023/0101 and 2023/0102 (HO-03,
// open, a Klient party, screened), 2023/0103 (HO-09, closed, a Klient party, screened) and
// 2023/0104 (NV-02, open, a business, no skjerming).
/** A relative who is a party of journalpost 2023/0102-1 (registrering/part), by fødselsnummer. */
const JP_PARTY = makeSyntheticNationalId('1960-02-11', 310, true);
const extract = generateNoarkExtract({
  seed: 41,
  saksmapper: 4,
  journalpostParty: { nationalId: JP_PARTY, name: 'Kari Nilsen' },
});
const caseOf = (mappeId: string) => extract.facts.saksmapper.find((s) => s.mappeId === mappeId)!;
const jpOf = (registreringsId: string) =>
  extract.facts.journalposter.find((j) => j.registreringsId === registreringsId)!;
const ORIGINAL = extract.files[0]!.content.toString('utf8');

/** The span of one saksmappe in the XML, by its mappeID. */
function caseSpan(xml: string, mappeId: string): [number, number] {
  const at = xml.indexOf(`<mappeID>${mappeId}</mappeID>`);
  if (at < 0) throw new Error(`no case ${mappeId}`);
  return [xml.lastIndexOf('<mappe ', at), xml.indexOf('</mappe>', at) + '</mappe>'.length];
}
function editCase(xml: string, mappeId: string, edit: (c: string) => string): string {
  const [a, b] = caseSpan(xml, mappeId);
  const edited = edit(xml.slice(a, b));
  if (edited === xml.slice(a, b)) throw new Error(`the edit of ${mappeId} changed nothing`);
  return xml.slice(0, a) + edited + xml.slice(b);
}
/** One journalpost's span inside a case's XML, by its systemID. */
function editJournalpost(c: string, systemId: string, edit: (j: string) => string): string {
  const at = c.indexOf(`<systemID>${systemId}</systemID>`);
  const start = c.lastIndexOf('<registrering', at);
  const end = c.indexOf('</registrering>', at) + '</registrering>'.length;
  const edited = edit(c.slice(start, end));
  if (edited === c.slice(start, end)) throw new Error(`the edit of journalpost ${systemId} changed nothing`);
  return c.slice(0, start) + edited + c.slice(end);
}

/** An arkivuttrekk.xml (ADDML 8.3) that gives the extract's own time and no checksums. */
const arkivuttrekk = (extractionDate: string) =>
  Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<addml xmlns="http://www.arkivverket.no/standarder/addml" name="Noark 5 arkivuttrekk">
  <dataset name="Sakarkiv 2020–2024">
    <reference>
      <context>
        <additionalElements>
          <additionalElement name="systemType"><value>Noark 5</value></additionalElement>
          <additionalElement name="extractionDate"><value>${extractionDate}</value></additionalElement>
        </additionalElements>
      </context>
    </reference>
  </dataset>
</addml>
`);

let n = 0;
function writeExtract(xml: string, opts: { extractionDate?: string } = {}): string {
  const dir = join(scratch, `x${++n}`);
  const files: NoarkExtract['files'] = [
    { path: 'arkivstruktur.xml', content: Buffer.from(xml) },
    ...extract.files.slice(1),
    ...(opts.extractionDate
      ? [{ path: 'arkivuttrekk.xml', content: arkivuttrekk(opts.extractionDate) }]
      : []),
  ];
  for (const f of files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.content);
  }
  return dir;
}

async function ok(query: string, token: string, variables: Record<string, unknown> = {}) {
  const r = await gql(ts.stack.gateway.url, query, { token, variables });
  expect(r.body.errors).toBeUndefined();
  return r.body.data;
}
const changeTittel = (id: string, tittel: string) =>
  ok('mutation ($id: ID!, $t: String!) { changeTittel(id: $id, tittel: $t) { id } }', archivist, {
    id,
    t: tittel,
  });

/** The earlier rows of a record, oldest first (archive.record_version). */
async function versions(table: string, id: string) {
  return (
    await ts.tdb.db.query<{ record: Record<string, unknown>; replaced_by: string; reason: string }>(
      `SELECT record, replaced_by, reason FROM archive.record_version
        WHERE record_table = $1 AND record_key = $2 ORDER BY id`,
      [table, id],
    )
  ).rows;
}

/** The archive's XML as the source has it now: each test adds its edits. */
let current = ORIGINAL;

beforeAll(async () => {
  ts = await startTestStack();
  archivist = await ts.stack.token({
    sub: 'arkivar-42',
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
  });
  const first = await importNoark(ts.tdb.db, writeExtract(ORIGINAL));
  expect(first.saksmapper).toMatchObject({ inserted: 4, quarantined: 0 });
}, 120_000);

afterAll(async () => {
  await ts?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

test('offentleglova § 13 with forvaltningsloven § 13: a skjerming a later extract adds reaches the public postjournal at once, also for a case and journalpost changed here (in conflict); the rest of ours is kept, the conflict stays open, every version is kept', async () => {
  const sak = caseOf('2023/0104');
  const jp = jpOf('2023/0104-1');
  const [a, b] = caseSpan(current, '2023/0104');
  const sender = /<korrespondansepartNavn>([^<]+)<\/korrespondansepartNavn>/.exec(current.slice(a, b))![1]!;
  // The archive corrects both titles (a typo): the case and the journalpost are changed here.
  const ourCase = `Søknad om serveringsbevilling – ${sender} (rettet)`;
  const ourJp = `Søknad om bevilling – ${sender} (rettet)`;
  await changeTittel(sak.id, ourCase);
  await changeTittel(jp.id, ourJp);

  // The source screens the case's title and the journalpost's title and sender (a person's
  // business, fvl. § 13 første ledd nr. 1): a skjerming added, public titles given.
  const skjerming = (pad: string, metadata: string[]) =>
    `${pad}<skjerming>\n${pad}  <tilgangsrestriksjon>Unntatt offentlighet</tilgangsrestriksjon>\n` +
    `${pad}  <skjermingshjemmel>Offl. § 13 jf. fvl. § 13 (1) nr.1</skjermingshjemmel>\n` +
    metadata.map((m) => `${pad}  <skjermingMetadata>${m}</skjermingMetadata>\n`).join('') +
    `${pad}</skjerming>\n`;
  current = editCase(current, '2023/0104', (c) =>
    editJournalpost(
      c
        .replace(
          /(<mappeID>2023\/0104<\/mappeID>\s*<tittel>[^<]*<\/tittel>)/,
          '$1\n          <offentligTittel>Søknad om serveringsbevilling – *****</offentligTittel>',
        )
        .replace(
          '<opprettetAv>Marte Sand</opprettetAv>\n',
          '<opprettetAv>Marte Sand</opprettetAv>\n' +
            skjerming('          ', ['Skjerming tittel mappe - utvalgte ord']),
        ),
      jp.id,
      (j) =>
        j
          .replace(
            '<opprettetAv>Marte Sand</opprettetAv>\n',
            '<opprettetAv>Marte Sand</opprettetAv>\n' +
              skjerming('            ', [
                'Skjerming tittel registrering - utvalgte ord',
                'Skjerming navn avsender',
              ]),
          )
          .replace(
            /(<registreringsID>2023\/0104-1<\/registreringsID>\s*<tittel>[^<]*<\/tittel>)/,
            '$1\n            <offentligTittel>Søknad om bevilling – *****</offentligTittel>',
          ),
    ),
  );
  const s = await importNoark(ts.tdb.db, writeExtract(current));

  // The public postjournal of that day: neither the sender's name nor the screened words.
  const day = jp.journaldato;
  const pub = await ok(
    `query ($d: String!) { postjournal(from: $d, to: $d) { entries { registreringsId tittel saksTittel
       korrespondanseparter { type name nameScreened } skjermingMetadata } html } }`,
    archivist,
    { d: day },
  );
  const entry = pub.postjournal.entries.find(
    (e: { registreringsId: string }) => e.registreringsId === '2023/0104-1',
  );
  expect(entry).toEqual({
    registreringsId: '2023/0104-1',
    tittel: 'Søknad om bevilling – *****',
    saksTittel: 'Søknad om serveringsbevilling – *****',
    korrespondanseparter: [{ type: 'Avsender', name: null, nameScreened: true }],
    skjermingMetadata: [
      'Skjerming tittel mappe - utvalgte ord',
      'Skjerming tittel registrering - utvalgte ord',
      'Skjerming navn avsender',
    ],
  });
  expect(JSON.stringify(pub.postjournal.entries)).not.toContain(sender);
  expect(pub.postjournal.html).not.toContain(sender);
  // Reported: both records in conflict, the source's screening applied to both.
  expect(s.laterExtract).toMatchObject({ conflicts: 2, screeningApplied: 2, recordsUpdated: 0 });

  // The rest of ours is kept: the titles the archive corrected (the løpende journal).
  const full = await ok(
    `query ($d: String!) { loependeJournal(from: $d, to: $d) { entries { registreringsId tittel saksTittel } } }`,
    archivist,
    { d: day },
  );
  expect(full.loependeJournal.entries).toContainEqual({
    registreringsId: '2023/0104-1',
    tittel: ourJp,
    saksTittel: ourCase,
  });
  // The conflict is open: the source's case is quarantined, naming the conflict.
  const q = (
    await ts.tdb.db.query<{ reason: string }>(
      "SELECT reason FROM archive.quarantine WHERE ref IN ('mappe 2023/0104', 'registrering 2023/0104-1') ORDER BY id",
    )
  ).rows;
  expect(q.map((r) => r.reason.slice(0, 20))).toEqual(['conflict: saksmappe ', 'conflict: journalpos']);
  // Every prior version is kept: the import's row, the archivist's, the screening's.
  expect((await versions('journalpost', jp.id)).map((v) => [v.replaced_by, v.reason])).toEqual([
    ['arkivar-42', 'title changed'],
    ['import-noark', 'skjerming of a later extract applied in conflict (offentleglova § 13)'],
  ]);
  const v = await versions('journalpost', jp.id);
  expect(v[0]!.record).toMatchObject({ tittel: `Søknad om bevilling – ${sender}`, offentlig_tittel: null });
  expect(v[1]!.record).toMatchObject({ tittel: ourJp, offentlig_tittel: null });

  // A later source change to the same records is still a conflict (ours kept): nothing was adopted.
  current = editCase(current, '2023/0104', (c) =>
    editJournalpost(c, jp.id, (j) =>
      j.replace(/(<registreringsID>2023\/0104-1<\/registreringsID>\s*<tittel>)[^<]*/, '$1Søknad – kilden'),
    ),
  );
  const again = await importNoark(ts.tdb.db, writeExtract(current));
  expect(again.laterExtract).toMatchObject({ conflicts: 1, screeningApplied: 0, recordsUpdated: 0 });
  const now = await ok(
    `query ($d: String!) { loependeJournal(from: $d, to: $d) { entries { registreringsId tittel } } }`,
    archivist,
    { d: day },
  );
  expect(now.loependeJournal.entries).toContainEqual({ registreringsId: '2023/0104-1', tittel: ourJp });
});

test("the conflict baseline moves when an archivist adopts the source's value by hand: no longer in conflict, and the source's next change applies", async () => {
  const jp = jpOf('2023/0103-2');
  await changeTittel(jp.id, 'Vedtak – rettet av arkivet');
  const sourceTitle = (t: string) =>
    editCase(current, '2023/0103', (c) =>
      editJournalpost(c, jp.id, (j) =>
        j.replace(/(<registreringsID>2023\/0103-2<\/registreringsID>\s*<tittel>)[^<]*/, `$1${t}`),
      ),
    );
  current = sourceTitle('Vedtak – kildens tittel');
  const conflict = await importNoark(ts.tdb.db, writeExtract(current));
  expect(conflict.laterExtract).toMatchObject({ conflicts: 1, recordsUpdated: 0 });

  // The archivist takes the source's title by hand.
  await changeTittel(jp.id, 'Vedtak – kildens tittel');
  current = sourceTitle('Vedtak – kildens tittel, endret igjen');
  const next = await importNoark(ts.tdb.db, writeExtract(current));
  expect(next.laterExtract).toMatchObject({ conflicts: 0, recordsUpdated: 1 });
  const r = await ok('query ($id: ID!) { journalpost(id: $id) { tittel } }', archivist, { id: jp.id });
  expect(r.journalpost.tittel).toBe('Vedtak – kildens tittel, endret igjen');
  // Every version kept: the archivist's two changes and the import's.
  expect((await versions('journalpost', jp.id)).map((v) => [v.replaced_by, v.record.tittel])).toEqual([
    ['arkivar-42', expect.stringMatching(/^Vedtak – /)],
    ['arkivar-42', 'Vedtak – rettet av arkivet'],
    ['import-noark', 'Vedtak – kildens tittel'],
  ]);
});

describe("pasientjournalloven § 22: a party's national id corrected by a later extract", () => {
  const sak = caseOf('2023/0103');
  const earlier = sak.partNationalIds[0]!;
  const corrected = makeSyntheticNationalId('1951-06-14', 420, true);
  /** The case and its journalposter: what a dossier item of it names as its record. */
  const ofCase = [
    sak.id,
    ...extract.facts.journalposter
      .filter((j) => j.registreringsId.startsWith(`${sak.mappeId}-`))
      .map((j) => j.id),
  ];

  /** What a legal caller on a matter over one person reaches of the case, through the gateway. */
  async function view(matter: string, nationalId: string) {
    const token = await ts.stack.matterToken({ id: matter, nationalIds: [nationalId] });
    const byId = await gql(ts.stack.gateway.url, 'query ($id: ID!) { saksmappe(id: $id) { id } }', {
      token,
      variables: { id: sak.id },
    });
    const p = await ok(
      'query ($n: String!) { patientByNationalId(nationalId: $n) { id cases { id } } }',
      token,
      { n: nationalId },
    );
    const d = await ok('query ($p: ID!) { dossier(patientId: $p) { items { kind recordId } } }', token, {
      p: p.patientByNationalId.id,
    });
    const s = await ok(
      `{ search(query: "langtidsopphold", kinds: ["journalpost"], expand: false) { hits { saksmappe { id } } } }`,
      token,
    );
    return {
      byId: byId.body.data?.saksmappe?.id ?? byId.body.errors?.[0]?.extensions?.code ?? null,
      cases: p.patientByNationalId.cases.map((c: { id: string }) => c.id).includes(sak.id),
      dossier: d.dossier.items.some((i: { recordId: string }) => ofCase.includes(i.recordId)),
      hits: s.search.hits.some((h: { saksmappe: { id: string } | null }) => h.saksmappe?.id === sak.id),
    };
  }

  beforeAll(async () => {
    // Both persons are known to the journal (a note each), so Patient.cases can be asked.
    await runImport(
      ts.tdb.db,
      'gerica',
      gericaFolder(scratch, 'gerica-s42', {
        'journalnotater.csv': [
          NOTES_HEADER,
          noteRow('4201001', '42011', earlier, 'Besøk, ingen merknader.'),
          noteRow('4201002', '42012', corrected, 'Besøk, ingen merknader.'),
        ],
      }),
    );
    await ts.stack.index();
  }, 60_000);

  test('pasientjournalloven § 22: the link to the earlier person is ended (kept as history), the earlier person no longer reaches the case (Patient.cases, dossier, saksmappe, search), the corrected person does', async () => {
    expect(await view('M-S42-EARLIER-1', earlier)).toEqual({
      byId: sak.id,
      cases: true,
      dossier: true,
      hits: true,
    });
    expect(await view('M-S42-CORRECTED-1', corrected)).toEqual({
      byId: 'FORBIDDEN',
      cases: false,
      dossier: false,
      hits: false,
    });

    current = editCase(current, '2023/0103', (c) =>
      c.replace(`<partID>${earlier}</partID>`, `<partID>${corrected}</partID>`),
    );
    const s = await importNoark(ts.tdb.db, writeExtract(current));
    await ts.stack.index();

    expect(await view('M-S42-EARLIER-2', earlier)).toEqual({
      byId: 'FORBIDDEN',
      cases: false,
      dossier: false,
      hits: false,
    });
    expect(await view('M-S42-CORRECTED-2', corrected)).toEqual({
      byId: sak.id,
      cases: true,
      dossier: true,
      hits: true,
    });
    expect(s.laterExtract).toMatchObject({ partiesCorrected: 1 });

    // Nothing deleted: both parts stay as exported, the earlier one named as ended, its link kept.
    const parts = await ts.tdb.db.query(
      `SELECT p.part_id, p.part_navn, e.reason IS NOT NULL AS ended FROM archive.part p
         LEFT JOIN archive.ended_part e USING (saksmappe_id, ordinal) WHERE p.saksmappe_id = $1 ORDER BY p.ordinal`,
      [sak.id],
    );
    expect(parts.rows.map((r) => [r.part_id, r.ended])).toEqual([
      [earlier, true],
      [corrected, false],
    ]);
    const unlinked = await ts.tdb.db.query(
      'SELECT national_id, entity_type, reason FROM archive.unlinked_person_link WHERE saksmappe_id = $1',
      [sak.id],
    );
    expect(unlinked.rows).toEqual([
      { national_id: earlier, entity_type: 'saksmappe', reason: expect.stringMatching(/corrected/) },
    ]);
  });
});

test("pasientjournalloven § 22: a journalpost party whose national id a later extract corrects: the earlier person's link to it is ended and kept, the case no longer concerns them", async () => {
  const sak = caseOf('2023/0102');
  const jp = jpOf('2023/0102-1');
  const fixed = makeSyntheticNationalId('1960-02-12', 310, true);
  const concerns = async () =>
    [...new Set((await nationalIdsBySaksmappeIds(ts.tdb.db, [sak.id])).map((r) => r.national_id))].sort();
  expect(await concerns()).toContain(JP_PARTY);
  current = editCase(current, '2023/0102', (c) =>
    c.replace(`<partID>${JP_PARTY}</partID>`, `<partID>${fixed}</partID>`),
  );
  const s = await importNoark(ts.tdb.db, writeExtract(current));
  expect(await concerns()).toEqual([...sak.partNationalIds, fixed].sort());
  const links = await ts.tdb.db.query(
    "SELECT national_id FROM archive.person_link WHERE entity_type = 'journalpost' AND entity_id = $1",
    [jp.id],
  );
  expect(links.rows).toEqual([{ national_id: fixed }]);
  const unlinked = await ts.tdb.db.query(
    "SELECT national_id, reason FROM archive.unlinked_person_link WHERE entity_type = 'journalpost' AND entity_id = $1",
    [jp.id],
  );
  expect(unlinked.rows).toEqual([{ national_id: JP_PARTY, reason: expect.stringMatching(/corrected/) }]);
  expect(s.laterExtract).toMatchObject({ partiesCorrected: 1, recordsUpdated: 1 });
});

test('an older extract imported after a newer one does not roll values back (told by the extraction time arkivuttrekk.xml gives): the case is left as is and reported', async () => {
  const sak = caseOf('2023/0102');
  const jp = jpOf('2023/0102-2');
  const before = current;
  current = editCase(current, '2023/0102', (c) =>
    editJournalpost(
      c.replace(/(<mappeID>2023\/0102<\/mappeID>\s*<tittel>)[^<]*/, '$1Innsyn – kildens nyere tittel'),
      jp.id,
      (j) => j.replace(/<journalstatus>[^<]*<\/journalstatus>/, '<journalstatus>Ekspedert</journalstatus>'),
    ),
  );
  const newer = await importNoark(
    ts.tdb.db,
    writeExtract(current, { extractionDate: '2025-10-15T02:00:00+02:00' }),
  );
  expect(newer.laterExtract).toMatchObject({ recordsUpdated: 2 });
  const kept = (await ts.tdb.db.query('SELECT count(*)::int AS n FROM archive.record_version')).rows[0];

  const older = await importNoark(
    ts.tdb.db,
    writeExtract(before, { extractionDate: '2025-09-01T02:00:00+02:00' }),
  );
  expect(older.saksmapper).toMatchObject({ updated: 0, quarantined: 0 });
  const r = await ok(
    'query ($id: ID!) { saksmappe(id: $id) { tittel journalposter { id journalstatus } } }',
    archivist,
    { id: sak.id },
  );
  expect(r.saksmappe.tittel).toBe('Innsyn – kildens nyere tittel');
  expect(r.saksmappe.journalposter.find((j: { id: string }) => j.id === jp.id).journalstatus).toBe(
    'Ekspedert',
  );
  // Reported: the case left as is, by name.
  expect(older.laterExtract).toMatchObject({ recordsUpdated: 0, conflicts: 0, olderExtract: 1 });
  // Nothing written: no version row for a roll-back.
  expect((await ts.tdb.db.query('SELECT count(*)::int AS n FROM archive.record_version')).rows[0]).toEqual(
    kept,
  );
});

test('an older extract without arkivuttrekk.xml is told by the per-record change dates: a case the newer extract closed, with a merknad, stays so', async () => {
  const sak = caseOf('2023/0101');
  const before = current;
  const reply = jpOf('2023/0101-3');
  // The newer extract: 2023/0101 closed, with a merknad dated after everything the older has.
  current = editCase(current, '2023/0101', (c) =>
    editJournalpost(
      c.replace('<saksstatus>Under behandling</saksstatus>', '<saksstatus>Avsluttet</saksstatus>'),
      reply.id,
      (j) =>
        j.replace(
          '<korrespondansepart>',
          `<merknad>\n              <merknadstekst>Saken avsluttet.</merknadstekst>\n              <merknadstype>Merknad fra saksbehandler</merknadstype>\n              <merknadsdato>2024-02-01T10:00:00+01:00</merknadsdato>\n              <merknadRegistrertAv>Marte Sand</merknadRegistrertAv>\n            </merknad>\n            <korrespondansepart>`,
        ),
    ),
  );
  const newer = await importNoark(ts.tdb.db, writeExtract(current));
  expect(newer.saksmapper).toMatchObject({ updated: expect.any(Number), quarantined: 0 });
  const older = await importNoark(ts.tdb.db, writeExtract(before));
  const r = await ok(
    'query ($id: ID!) { saksmappe(id: $id) { saksstatus journalposter { id merknader { merknadstekst } } } }',
    archivist,
    { id: sak.id },
  );
  expect(r.saksmappe.saksstatus).toBe('Avsluttet');
  expect(r.saksmappe.journalposter.find((j: { id: string }) => j.id === reply.id).merknader).toEqual([
    { merknadstekst: 'Saken avsluttet.' },
  ]);
  expect(older.laterExtract).toMatchObject({ recordsUpdated: 0, olderExtract: 1 });
});
