/**
 * A later Noark 5 extract, review s43 (subgraphs/archive/README.md "A later extract"): the gaps
 * stop 42 left open, as the lead decided them.
 *  1. A journalpost in conflict (changed here and in the source) still takes a party's corrected
 *     national id: the earlier person's link is ended, the corrected person linked; the rest of
 *     ours (the archivist's title) is kept (pasientjournalloven § 22).
 *  2. A party a later extract removes, with no corrected party in its place, no longer concerns
 *     the case: its link is ended the same way (kept, with the reason), nothing deleted.
 *  3. archive.source_record does not grow when the same extract is read again.
 * Real PostgreSQL and Elasticsearch (dev/test-stack.ts), the extract from dev/generator.ts; the
 * tests run in order over one archive, each later extract holding the edits of the ones before.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { generateNoarkExtract, type NoarkExtract } from '../dev/generator';
import { gql } from '../dev/services';
import { startTestStack, type TestStack } from '../dev/test-stack';
import { makeSyntheticNationalId } from '../lib/national-id';
import { noarkSchemaDir } from '../subgraphs/archive/cli';
import { importNoark } from '../subgraphs/archive/noark/import';
import { validateAgainst } from '../subgraphs/archive/noark/validate';
import { nationalIdsBySaksmappeIds } from '../subgraphs/archive/store';

const scratch = mkdtempSync(join(tmpdir(), 'hs-noark-s43-'));
let ts: TestStack;
let archivist: string;

// Four cases (dev/generator.ts): 2023/0101 and 2023/0102 (HO-03, open, a Klient party),
// 2023/0103 (HO-09, closed, a Klient party) and 2023/0104 (NV-02, a business).
/** A relative who is a party of journalpost 2023/0102-1 (registrering/part), by fødselsnummer. */
const JP_PARTY = makeSyntheticNationalId('1960-02-11', 310, true);
const extract = generateNoarkExtract({
  seed: 43,
  saksmapper: 4,
  journalpostParty: { nationalId: JP_PARTY, name: 'Kari Nilsen' },
});
const caseOf = (mappeId: string) => extract.facts.saksmapper.find((s) => s.mappeId === mappeId)!;
const jpOf = (registreringsId: string) =>
  extract.facts.journalposter.find((j) => j.registreringsId === registreringsId)!;
const ORIGINAL = extract.files[0]!.content.toString('utf8');

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
function editJournalpost(c: string, systemId: string, edit: (j: string) => string): string {
  const at = c.indexOf(`<systemID>${systemId}</systemID>`);
  const start = c.lastIndexOf('<registrering', at);
  const end = c.indexOf('</registrering>', at) + '</registrering>'.length;
  const edited = edit(c.slice(start, end));
  if (edited === c.slice(start, end)) throw new Error(`the edit of journalpost ${systemId} changed nothing`);
  return c.slice(0, start) + edited + c.slice(end);
}
/**
 * Puts, in the place of the <part> that has this partID, a party that names no person (no partID):
 * the party is removed while another remains. A record whose extract names no party at all is a
 * party conflict since stop 44 (test/archive-s44.e2e.test.ts), its parties kept linked.
 */
const withOtherPartFor = (x: string, partId: string) => {
  const at = x.indexOf(`<partID>${partId}</partID>`);
  if (at < 0) throw new Error(`no part ${partId}`);
  const start = x.lastIndexOf('<part>', at);
  const lineStart = x.lastIndexOf('\n', start) + 1;
  const end = x.indexOf('</part>', at) + '</part>\n'.length;
  const other = x
    .slice(lineStart, end)
    .replace(/\s*<partID>[^<]*<\/partID>/, '')
    .replace(/<partNavn>[^<]*</, '<partNavn>Advokatfirmaet Lund AS<')
    .replace(/<partRolle>[^<]*</, '<partRolle>Fullmektig<');
  return x.slice(0, lineStart) + other + x.slice(end);
};

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

/** The edited arkivstruktur.xml is still Noark 5 (the schema for an archive with open cases). */
async function expectValid(dir: string) {
  const schemaDir = noarkSchemaDir();
  expect(schemaDir).toBeDefined();
  const check = await validateAgainst(
    join(dir, 'arkivstruktur.xml'),
    join(schemaDir!, 'v5.0-for-testdata'),
    'arkivstruktur.xsd',
  );
  expect(check.errors).toEqual([]);
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

/** Whom the case concerns (archive.subject_link and subject_part, as every reader asks). */
const concerns = async (saksmappeId: string) =>
  [...new Set((await nationalIdsBySaksmappeIds(ts.tdb.db, [saksmappeId])).map((r) => r.national_id))].sort();
const links = async (entityType: string, entityId: string) =>
  (
    await ts.tdb.db.query<{ national_id: string }>(
      'SELECT national_id FROM archive.person_link WHERE entity_type = $1 AND entity_id = $2 ORDER BY national_id',
      [entityType, entityId],
    )
  ).rows.map((r) => r.national_id);
const unlinked = async (entityType: string, entityId: string) =>
  (
    await ts.tdb.db.query<{ national_id: string; reason: string }>(
      'SELECT national_id, reason FROM archive.unlinked_person_link WHERE entity_type = $1 AND entity_id = $2 ORDER BY id',
      [entityType, entityId],
    )
  ).rows;

let current = ORIGINAL;

beforeAll(async () => {
  ts = await startTestStack();
  archivist = await ts.stack.token({
    sub: 'arkivar-43',
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
  });
  const dir = writeExtract(ORIGINAL);
  await expectValid(dir);
  const first = await importNoark(ts.tdb.db, dir);
  expect(first.saksmapper).toMatchObject({ inserted: 4, quarantined: 0 });
}, 120_000);

afterAll(async () => {
  await ts?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

test("pasientjournalloven § 22: a journalpost in conflict (changed here and in the source) still takes a party's corrected national id: the earlier person's link is ended and kept, the corrected person linked, the archivist's title kept", async () => {
  const sak = caseOf('2023/0102');
  const jp = jpOf('2023/0102-1');
  const fixed = makeSyntheticNationalId('1960-02-12', 310, true);
  expect(await concerns(sak.id)).toContain(JP_PARTY);
  // The archive corrects the title here; the source changes the title too, and corrects the
  // relative's fødselsnummer.
  await changeTittel(jp.id, 'Søknad om innsyn – rettet av arkivet');
  current = editCase(current, '2023/0102', (c) =>
    editJournalpost(c, jp.id, (j) =>
      j
        .replace(
          /(<registreringsID>2023\/0102-1<\/registreringsID>\s*<tittel>)[^<]*/,
          '$1Søknad – kildens tittel',
        )
        .replace(`<partID>${JP_PARTY}</partID>`, `<partID>${fixed}</partID>`),
    ),
  );
  const dir = writeExtract(current);
  await expectValid(dir);
  const s = await importNoark(ts.tdb.db, dir);
  expect(s.laterExtract).toMatchObject({ conflicts: 1, recordsUpdated: 0, partiesCorrected: 1 });

  // The earlier person no longer reaches the case; the corrected one does.
  expect(await links('journalpost', jp.id)).toEqual([fixed]);
  expect(await concerns(sak.id)).toEqual([...sak.partNationalIds, fixed].sort());
  expect(await unlinked('journalpost', jp.id)).toEqual([
    { national_id: JP_PARTY, reason: expect.stringMatching(/corrected/) },
  ]);
  // Ours is kept (the archivist's title, the conflict open); the parties it shows are the source's.
  const r = await ok('query ($id: ID!) { journalpost(id: $id) { tittel } }', archivist, { id: jp.id });
  expect(r.journalpost.tittel).toBe('Søknad om innsyn – rettet av arkivet');
  const stored = (
    await ts.tdb.db.query<{ complex: { part?: { partID: string[] }[] } }>(
      'SELECT complex FROM archive.journalpost WHERE id = $1',
      [jp.id],
    )
  ).rows[0]!;
  expect(stored.complex.part?.map((p) => p.partID[0])).toEqual([fixed]);
  // Every earlier row kept: the import's, the archivist's (before the parties were applied).
  const v = await ts.tdb.db.query<{ replaced_by: string; reason: string }>(
    `SELECT replaced_by, reason FROM archive.record_version WHERE record_table = 'journalpost' AND record_key = $1 ORDER BY id`,
    [jp.id],
  );
  expect(v.rows.map((x) => [x.replaced_by, x.reason])).toEqual([
    ['arkivar-43', 'title changed'],
    ['import-noark', 'parties of a later extract applied in conflict (pasientjournalloven § 22)'],
  ]);
  // The same extract again: nothing new.
  const again = await importNoark(ts.tdb.db, writeExtract(current));
  expect(again.laterExtract).toMatchObject({ conflicts: 0, partiesCorrected: 0 });
  expect(await unlinked('journalpost', jp.id)).toHaveLength(1);
});

test('pasientjournalloven § 22: a case party a later extract removes, with no corrected party in its place (another party remains), no longer concerns the case: its link is ended and kept with the reason, its part row stays as exported', async () => {
  const sak = caseOf('2023/0103');
  const client = sak.partNationalIds[0]!;
  expect(await concerns(sak.id)).toContain(client);
  current = editCase(current, '2023/0103', (c) => withOtherPartFor(c, client));
  const dir = writeExtract(current);
  await expectValid(dir);
  const s = await importNoark(ts.tdb.db, dir);
  expect(s.laterExtract).toMatchObject({ partiesRemoved: 1, partiesCorrected: 0 });
  expect(await concerns(sak.id)).not.toContain(client);
  expect(await links('saksmappe', sak.id)).toEqual([]);
  expect(await unlinked('saksmappe', sak.id)).toEqual([
    { national_id: client, reason: expect.stringMatching(/removed/) },
  ]);
  // Nothing deleted: the part row stays, named as ended.
  const parts = await ts.tdb.db.query(
    `SELECT p.part_id, e.reason FROM archive.part p
       LEFT JOIN archive.ended_part e USING (saksmappe_id, ordinal) WHERE p.saksmappe_id = $1 ORDER BY p.ordinal`,
    [sak.id],
  );
  expect(parts.rows).toEqual([
    { part_id: client, reason: expect.stringMatching(/removed/) },
    { part_id: null, reason: null },
  ]);
  // The same extract again ends nothing more.
  const again = await importNoark(ts.tdb.db, writeExtract(current));
  expect(again.laterExtract).toMatchObject({ partiesRemoved: 0 });
  expect(await unlinked('saksmappe', sak.id)).toHaveLength(1);
});

test('pasientjournalloven § 22: a case party the source names again after a later extract removed it concerns the case again (a new part row and link; the ended ones stay as history)', async () => {
  const sak = caseOf('2023/0103');
  const client = sak.partNationalIds[0]!;
  expect(await concerns(sak.id)).not.toContain(client);
  // The source puts the party back as it was (the removal was its mistake).
  const [a, b] = caseSpan(ORIGINAL, '2023/0103');
  const original = ORIGINAL.slice(a, b);
  const at = original.indexOf(`<partID>${client}</partID>`);
  const partXml = original.slice(
    original.lastIndexOf('\n', original.lastIndexOf('<part>', at)) + 1,
    original.indexOf('</part>', at) + '</part>\n'.length,
  );
  // Back where it stood: before the element that followed it in the original.
  const follows = `${
    original
      .slice(original.indexOf(partXml) + partXml.length)
      .trimStart()
      .split('>')[0]!
  }>`;
  current = editCase(current, '2023/0103', (c) => {
    const lineStart = c.lastIndexOf('\n', c.indexOf(follows)) + 1;
    return c.slice(0, lineStart) + partXml + c.slice(lineStart);
  });
  const dir = writeExtract(current);
  await expectValid(dir);
  const s = await importNoark(ts.tdb.db, dir);
  expect(s.laterExtract).toMatchObject({ partiesRemoved: 0, partiesCorrected: 0 });
  expect(await concerns(sak.id)).toContain(client);
  expect(await links('saksmappe', sak.id)).toEqual([client]);
  const parts = await ts.tdb.db.query(
    `SELECT p.part_id, e.reason IS NOT NULL AS ended FROM archive.part p
       LEFT JOIN archive.ended_part e USING (saksmappe_id, ordinal) WHERE p.saksmappe_id = $1 ORDER BY p.ordinal`,
    [sak.id],
  );
  expect(parts.rows).toEqual([
    { part_id: client, ended: true },
    { part_id: null, ended: false },
    { part_id: client, ended: false },
  ]);
});

test('pasientjournalloven § 22: a journalpost party a later extract removes (the journalpost in conflict; another party remains) no longer concerns the case: its link is ended and kept with the reason', async () => {
  const sak = caseOf('2023/0102');
  const jp = jpOf('2023/0102-1');
  const fixed = makeSyntheticNationalId('1960-02-12', 310, true);
  expect(await links('journalpost', jp.id)).toEqual([fixed]);
  current = editCase(current, '2023/0102', (c) =>
    editJournalpost(c, jp.id, (j) => withOtherPartFor(j, fixed)),
  );
  const dir = writeExtract(current);
  await expectValid(dir);
  const s = await importNoark(ts.tdb.db, dir);
  expect(s.laterExtract).toMatchObject({ partiesRemoved: 1 });
  expect(await links('journalpost', jp.id)).toEqual([]);
  expect(await concerns(sak.id)).toEqual([...sak.partNationalIds].sort());
  expect((await unlinked('journalpost', jp.id)).map((u) => [u.national_id, u.reason])).toEqual([
    [JP_PARTY, expect.stringMatching(/corrected/)],
    [fixed, expect.stringMatching(/removed/)],
  ]);
  // The conflict is still the archivist's to settle, and settles: the source's title adopted by
  // hand, the source's next change applies (the parties applied do not hold it open).
  await changeTittel(jp.id, 'Søknad – kildens tittel');
  current = editCase(current, '2023/0102', (c) =>
    editJournalpost(c, jp.id, (j) =>
      j.replace(
        /(<registreringsID>2023\/0102-1<\/registreringsID>\s*<tittel>)[^<]*/,
        '$1Søknad – kildens nye tittel',
      ),
    ),
  );
  const next = await importNoark(ts.tdb.db, writeExtract(current));
  expect(next.laterExtract).toMatchObject({ conflicts: 0, recordsUpdated: 1 });
  const r = await ok('query ($id: ID!) { journalpost(id: $id) { tittel } }', archivist, { id: jp.id });
  expect(r.journalpost.tittel).toBe('Søknad – kildens nye tittel');
});

test('archive.source_record: the same extract read three times adds no row (with and without extractionDate), nor does unchanged content under a later extractionDate (stop 44: its latest row notes it, last_seen_extraction; test/archive-s44.e2e.test.ts)', async () => {
  const count = async () =>
    (await ts.tdb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM archive.source_record')).rows[0]!.n;
  // A change, so the extract is new once; then the same extract three times.
  current = editCase(current, '2023/0104', (c) =>
    c.replace(/(<mappeID>2023\/0104<\/mappeID>\s*<tittel>)[^<]*/, '$1Serveringsbevilling – ny tittel'),
  );
  for (const extractionDate of [undefined, '2026-01-10T02:00:00+01:00']) {
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      const s = await importNoark(ts.tdb.db, writeExtract(current, { extractionDate }));
      expect(s.saksmapper.quarantined).toBe(0);
      seen.push(await count());
    }
    expect(seen).toEqual([seen[0], seen[0], seen[0]]);
  }
  const before = await count();
  const uppers = (
    await ts.tdb.db.query<{ n: number }>(
      'SELECT count(DISTINCT (record_table, record_key))::int AS n FROM archive.source_record WHERE saksmappe_id IS NULL',
    )
  ).rows[0]!.n;
  await importNoark(ts.tdb.db, writeExtract(current, { extractionDate: '2026-01-11T02:00:00+01:00' }));
  expect(await count()).toBe(before);
  const seenAgain = await ts.tdb.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM archive.source_record WHERE last_seen_extraction = '2026-01-11T02:00:00+01:00'`,
  );
  expect(seenAgain.rows[0]!.n).toBe(extract.facts.saksmapper.length + uppers);
});
