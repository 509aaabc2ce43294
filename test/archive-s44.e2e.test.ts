/**
 * A later Noark 5 extract, stop 44 (subgraphs/archive/README.md "A later extract"):
 *  1. A later extract that names no party of a saksmappe (or journalpost) that had parties is far
 *     more likely a partial or faulty extract than every party removed on purpose: the parties stay
 *     linked, the rest of the extract is applied, and a party conflict is opened for the archivist
 *     (`partyConflicts`, `resolvePartyConflict`), counted `partiesVanished`. Accepting the removal
 *     ends the links as a removed party's are (archive.ended_part, archive.unlinked_person_link);
 *     keeping the parties leaves them, and the same empty list does not open it again; a later
 *     extract that names parties again is applied as any (pasientjournalloven § 22; arkivlova § 5).
 *  2. Unchanged content under a later extractionDate moves the time the older-extract rule reads
 *     (archive.source_record.last_seen_extraction, migration 033) instead of adding a row a
 *     saksmappe and upper entity on every nightly re-delivery; an older extract is still told older.
 * Real PostgreSQL and Elasticsearch (dev/test-stack.ts), the extract from dev/generator.ts; the
 * tests run in order over one archive, each later extract holding the edits of the ones before.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { generateNoarkExtract, type NoarkExtract } from '../dev/generator';
import { gql, testConfig } from '../dev/services';
import { startTestStack, type TestStack } from '../dev/test-stack';
import { makeSyntheticNationalId } from '../lib/national-id';
import { commands, noarkSchemaDir } from '../subgraphs/archive/cli';
import { importNoark } from '../subgraphs/archive/noark/import';
import { validateAgainst } from '../subgraphs/archive/noark/validate';
import { nationalIdsBySaksmappeIds } from '../subgraphs/archive/store';

const scratch = mkdtempSync(join(tmpdir(), 'hs-noark-s44-'));
let ts: TestStack;
let archivist: string;

// Four cases (dev/generator.ts): 2023/0101 and 2023/0102 (HO-03, open, a Klient party),
// 2023/0103 (HO-09, closed, a Klient party) and 2023/0104 (NV-02, a business).
/** A relative who is a party of journalpost 2023/0102-1 (registrering/part), by fødselsnummer. */
const JP_PARTY = makeSyntheticNationalId('1960-02-11', 310, true);
const extract = generateNoarkExtract({
  seed: 44,
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
/** The <part> element (with its leading indentation and line end) that has this partID. */
function partXml(x: string, partId: string): string {
  const at = x.indexOf(`<partID>${partId}</partID>`);
  if (at < 0) throw new Error(`no part ${partId}`);
  const lineStart = x.lastIndexOf('\n', x.lastIndexOf('<part>', at)) + 1;
  return x.slice(lineStart, x.indexOf('</part>', at) + '</part>\n'.length);
}
const withoutPart = (x: string, partId: string) => x.replace(partXml(x, partId), '');
/** The case's part put back where the original had it: before the element that followed it. */
function withPartBack(c: string, mappeId: string, partId: string): string {
  const [a, b] = caseSpan(ORIGINAL, mappeId);
  const original = ORIGINAL.slice(a, b);
  const part = partXml(original, partId);
  const follows = `${
    original
      .slice(original.indexOf(part) + part.length)
      .trimStart()
      .split('>')[0]!
  }>`;
  const lineStart = c.lastIndexOf('\n', c.indexOf(follows)) + 1;
  return c.slice(0, lineStart) + part + c.slice(lineStart);
}
const retitle = (c: string, mappeId: string, tittel: string) =>
  c.replace(new RegExp(`(<mappeID>${mappeId}</mappeID>\\s*<tittel>)[^<]*`), `$1${tittel}`);
const retitleJp = (j: string, registreringsId: string, tittel: string) =>
  j.replace(
    new RegExp(`(<registreringsID>${registreringsId}</registreringsID>\\s*<tittel>)[^<]*`),
    `$1${tittel}`,
  );

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

/** Runs `import-noark` as the CLI does: its exit code and the line it printed. */
async function cli(dir: string): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const so = jest.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out.push(String(s));
    return true;
  });
  try {
    const code = await commands['import-noark']!.run([dir], {
      db: ts.tdb.db,
      config: testConfig({ databaseUrl: ts.tdb.url }),
    });
    return { code, out: out.join('') };
  } finally {
    so.mockRestore();
  }
}

async function ok(query: string, token: string, variables: Record<string, unknown> = {}) {
  const r = await gql(ts.stack.gateway.url, query, { token, variables });
  expect(r.body.errors).toBeUndefined();
  return r.body.data;
}

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
const endedParts = async (saksmappeId: string) =>
  (
    await ts.tdb.db.query<{ part_id: string; ended_by: string; reason: string }>(
      'SELECT part_id, ended_by, reason FROM archive.ended_part WHERE saksmappe_id = $1 ORDER BY ordinal',
      [saksmappeId],
    )
  ).rows;
/** What a legal user on a matter over one person gets of the case: its id, or the refusal's code. */
async function legalReach(matter: string, nationalId: string, saksmappeId: string) {
  const token = await ts.stack.matterToken({ id: matter, nationalIds: [nationalId] });
  const r = await gql(ts.stack.gateway.url, 'query ($id: ID!) { saksmappe(id: $id) { id } }', {
    token,
    variables: { id: saksmappeId },
  });
  return r.body.data?.saksmappe?.id ?? r.body.errors?.[0]?.extensions?.code ?? null;
}

const CONFLICT_FIELDS = `id entityType entityId partiesKept reason openedAt resolution resolvedBy resolvedAt
  resolutionReason sourceNamedPartiesAt saksmappe { id mappeId } journalpost { id } parties { name role }`;
interface Conflict {
  id: string;
  entityType: string;
  entityId: string;
  partiesKept: number;
  reason: string;
  resolution: string | null;
  resolvedBy: string | null;
  resolutionReason: string | null;
  sourceNamedPartiesAt: string | null;
  saksmappe: { id: string; mappeId: string };
  journalpost: { id: string } | null;
  parties: { name: string; role: string }[];
}
const conflicts = async (includeResolved = false): Promise<Conflict[]> =>
  (
    await ok(
      `query ($all: Boolean) { partyConflicts(includeResolved: $all) { ${CONFLICT_FIELDS} } }`,
      archivist,
      { all: includeResolved },
    )
  ).partyConflicts;
const resolve = (id: string, resolution: string, reason: string) =>
  gql(
    ts.stack.gateway.url,
    `mutation ($id: ID!, $r: PartyConflictResolution!, $why: String!) {
       resolvePartyConflict(id: $id, resolution: $r, reason: $why) { ${CONFLICT_FIELDS} } }`,
    { token: archivist, variables: { id, r: resolution, why: reason } },
  );

let current = ORIGINAL;

beforeAll(async () => {
  ts = await startTestStack();
  archivist = await ts.stack.token({
    sub: 'arkivar-44',
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

describe('pasientjournalloven § 22 with arkivlova § 5: a later extract that names no party of a case that had parties', () => {
  const sak = caseOf('2023/0101');
  const client = sak.partNationalIds[0]!;

  test('keeps the parties linked, applies the rest of the extract, opens a party conflict for the archivist and counts it (partiesVanished)', async () => {
    expect(await links('saksmappe', sak.id)).toEqual([client]);
    expect(await legalReach('M-S44-A', client, sak.id)).toBe(sak.id);
    // A system that exported its saksmapper without their part elements; the title changed too.
    current = editCase(current, '2023/0101', (c) =>
      retitle(withoutPart(c, client), '2023/0101', 'Søknad om hjemmetjenester – endret'),
    );
    const dir = writeExtract(current);
    await expectValid(dir);
    const run = await cli(dir);
    // A conflict for the archivist: exit 3, and the line says what happened.
    expect(run.code).toBe(3);
    expect(run.out).toMatch(/1 saksmapper and journalposter the extract names no party of/);

    // The rest of the extract is applied: the title.
    const r = await ok('query ($id: ID!) { saksmappe(id: $id) { tittel } }', archivist, { id: sak.id });
    expect(r.saksmappe.tittel).toBe('Søknad om hjemmetjenester – endret');
    // The parties stay linked: the case still concerns the client, a legal matter over them reaches it.
    expect(await links('saksmappe', sak.id)).toEqual([client]);
    expect(await concerns(sak.id)).toEqual([client]);
    expect(await unlinked('saksmappe', sak.id)).toEqual([]);
    expect(await endedParts(sak.id)).toEqual([]);
    expect(await legalReach('M-S44-B', client, sak.id)).toBe(sak.id);

    // The conflict, listed for the archivist; the source's saksmappe kept in the quarantine.
    const open = await conflicts();
    expect(open).toEqual([
      expect.objectContaining({
        entityType: 'saksmappe',
        entityId: sak.id,
        partiesKept: 1,
        resolution: null,
        saksmappe: { id: sak.id, mappeId: '2023/0101' },
        journalpost: null,
        parties: [{ name: expect.any(String), role: 'Klient' }],
        reason: expect.stringMatching(/names no party/),
      }),
    ]);
    const q = await ts.tdb.db.query<{ ref: string; reason: string }>(
      `SELECT ref, reason FROM archive.quarantine WHERE reason LIKE 'conflict: the later extract names no party%'`,
    );
    expect(q.rows).toEqual([
      { ref: 'mappe 2023/0101', reason: expect.stringMatching(/resolvePartyConflict/) },
    ]);
  });

  test('the same extract again, and a later one with the same empty list and another change, open no second conflict and end nothing', async () => {
    const again = await importNoark(ts.tdb.db, writeExtract(current));
    expect(again.laterExtract).toMatchObject({ partiesVanished: 0, partiesRemoved: 0 });
    current = editCase(current, '2023/0101', (c) =>
      retitle(c, '2023/0101', 'Søknad om hjemmetjenester – igjen'),
    );
    const later = await importNoark(ts.tdb.db, writeExtract(current));
    expect(later.laterExtract).toMatchObject({ partiesVanished: 0, partiesRemoved: 0, recordsUpdated: 1 });
    expect(await links('saksmappe', sak.id)).toEqual([client]);
    expect(await conflicts()).toHaveLength(1);
  });

  test('accepting the removal ends the links as a removed party is ended (ended_part, unlinked_person_link, by the archivist); it is resolved once', async () => {
    const [c] = await conflicts();
    const bad = await resolve(c!.id, 'ACCEPT_REMOVAL', ' ');
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await links('saksmappe', sak.id)).toEqual([client]);

    const r = await resolve(c!.id, 'ACCEPT_REMOVAL', 'Klienten er flyttet; saken gjelder ikke lenger henne');
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.resolvePartyConflict).toMatchObject({
      resolution: 'ACCEPT_REMOVAL',
      resolvedBy: 'arkivar-44',
      resolutionReason: 'Klienten er flyttet; saken gjelder ikke lenger henne',
    });
    expect(await links('saksmappe', sak.id)).toEqual([]);
    expect(await concerns(sak.id)).toEqual([]);
    expect(await unlinked('saksmappe', sak.id)).toEqual([
      { national_id: client, reason: expect.stringMatching(/accepted/) },
    ]);
    expect(await endedParts(sak.id)).toEqual([
      { part_id: client, ended_by: 'arkivar-44', reason: expect.stringMatching(/accepted/) },
    ]);
    expect(await legalReach('M-S44-C', client, sak.id)).toBe('FORBIDDEN');
    // Resolved: no longer open, listed with the resolved ones; not resolved twice. Its parties'
    // names, read there, are logged under the person, whom the case no longer concerns.
    expect(await conflicts()).toEqual([]);
    const logged = async () =>
      (
        await ts.tdb.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM audit.access_log
            WHERE user_id = 'arkivar-44' AND patient_id = $1 AND entity_type = 'saksmappe' AND $2 = ANY(entity_ids)`,
          [`nid:${client}`, sak.id],
        )
      ).rows[0]!.n;
    const before = await logged();
    expect((await conflicts(true)).map((x) => x.resolution)).toEqual(['ACCEPT_REMOVAL']);
    expect(await logged()).toBeGreaterThan(before);
    const twice = await resolve(c!.id, 'KEEP_PARTIES', 'Likevel behold');
    expect(twice.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(twice.body.errors?.[0]?.message).toMatch(/already resolved/);
    // A later extract with the same empty list: nothing left to end, no conflict.
    current = editCase(current, '2023/0101', (c) =>
      retitle(c, '2023/0101', 'Søknad om hjemmetjenester – tredje'),
    );
    const later = await importNoark(ts.tdb.db, writeExtract(current));
    expect(later.laterExtract).toMatchObject({ partiesVanished: 0, partiesRemoved: 0 });
    expect(await conflicts()).toEqual([]);
  });
});

describe('pasientjournalloven § 22: keeping the parties of a case the extract names none of', () => {
  const sak = caseOf('2023/0103');
  const client = sak.partNationalIds[0]!;

  test('keep: the links stay; the same empty list in a later extract does not open the conflict again; a later extract that names parties again is applied as any, and one that names none after it opens a new conflict', async () => {
    current = editCase(current, '2023/0103', (c) => withoutPart(c, client));
    const first = await importNoark(
      ts.tdb.db,
      writeExtract(current, { extractionDate: '2026-02-01T02:00:00+01:00' }),
    );
    expect(first.laterExtract).toMatchObject({ partiesVanished: 1, partiesRemoved: 0 });
    const [c] = (await conflicts()).filter((x) => x.entityId === sak.id);
    const r = await resolve(
      c!.id,
      'KEEP_PARTIES',
      'Uttrekket manglet sakspartene; klienten er fortsatt part',
    );
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.resolvePartyConflict).toMatchObject({
      resolution: 'KEEP_PARTIES',
      resolvedBy: 'arkivar-44',
    });
    expect(await links('saksmappe', sak.id)).toEqual([client]);
    expect(await endedParts(sak.id)).toEqual([]);

    // The same empty list: from a later extractionDate, and with another change.
    const same = await importNoark(
      ts.tdb.db,
      writeExtract(current, { extractionDate: '2026-02-02T02:00:00+01:00' }),
    );
    expect(same.laterExtract).toMatchObject({ partiesVanished: 0, partiesRemoved: 0 });
    current = editCase(current, '2023/0103', (c) =>
      retitle(c, '2023/0103', 'Innsyn i journal – endret tittel'),
    );
    const changed = await importNoark(
      ts.tdb.db,
      writeExtract(current, { extractionDate: '2026-02-03T02:00:00+01:00' }),
    );
    expect(changed.laterExtract).toMatchObject({
      partiesVanished: 0,
      partiesRemoved: 0,
      recordsUpdated: 1,
      conflicts: 0,
    });
    expect(await links('saksmappe', sak.id)).toEqual([client]);
    expect((await conflicts()).filter((x) => x.entityId === sak.id)).toEqual([]);

    // The source names the party again: applied as any extract (nothing to add, nothing ended),
    // and the kept conflict is over (the source named parties again).
    current = editCase(current, '2023/0103', (c) => withPartBack(c, '2023/0103', client));
    const back = await importNoark(
      ts.tdb.db,
      writeExtract(current, { extractionDate: '2026-02-04T02:00:00+01:00' }),
    );
    expect(back.laterExtract).toMatchObject({ partiesVanished: 0, partiesRemoved: 0 });
    expect(await links('saksmappe', sak.id)).toEqual([client]);
    const all = (await conflicts(true)).filter((x) => x.entityId === sak.id);
    expect(all).toEqual([
      expect.objectContaining({ resolution: 'KEEP_PARTIES', sourceNamedPartiesAt: expect.any(String) }),
    ]);

    // None again after that: a new vanishing, a new conflict.
    current = editCase(current, '2023/0103', (c) => withoutPart(c, client));
    const again = await importNoark(
      ts.tdb.db,
      writeExtract(current, { extractionDate: '2026-02-05T02:00:00+01:00' }),
    );
    expect(again.laterExtract).toMatchObject({ partiesVanished: 1, partiesRemoved: 0 });
    expect(await links('saksmappe', sak.id)).toEqual([client]);
    expect((await conflicts()).filter((x) => x.entityId === sak.id)).toHaveLength(1);
  });
});

describe('pasientjournalloven § 22: a later extract that names no party of a journalpost that had one', () => {
  const sak = caseOf('2023/0102');
  const jp = jpOf('2023/0102-1');
  const storedParts = async () =>
    (
      await ts.tdb.db.query<{ complex: { part?: { partID: string[] }[] } }>(
        'SELECT complex FROM archive.journalpost WHERE id = $1',
        [jp.id],
      )
    ).rows[0]!.complex.part?.map((p) => p.partID[0]) ?? [];

  test("keeps the journalpost's party (its link and its part element), applies the rest, opens a conflict; later changes of it are applied without a record conflict; accepting the removal ends the link and takes the part out", async () => {
    expect(await links('journalpost', jp.id)).toEqual([JP_PARTY]);
    current = editCase(current, '2023/0102', (c) =>
      editJournalpost(c, jp.id, (j) =>
        retitleJp(withoutPart(j, JP_PARTY), '2023/0102-1', 'Søknad – ny tittel'),
      ),
    );
    const dir = writeExtract(current);
    await expectValid(dir);
    const s = await importNoark(ts.tdb.db, dir);
    expect(s.laterExtract).toMatchObject({
      partiesVanished: 1,
      partiesRemoved: 0,
      recordsUpdated: 1,
      conflicts: 0,
    });
    expect(await links('journalpost', jp.id)).toEqual([JP_PARTY]);
    expect(await concerns(sak.id)).toEqual([...sak.partNationalIds, JP_PARTY].sort());
    expect(await storedParts()).toEqual([JP_PARTY]);
    const r = await ok('query ($id: ID!) { journalpost(id: $id) { tittel } }', archivist, { id: jp.id });
    expect(r.journalpost.tittel).toBe('Søknad – ny tittel');
    const [c] = (await conflicts()).filter((x) => x.entityType === 'journalpost');
    expect(c).toMatchObject({
      entityId: jp.id,
      partiesKept: 1,
      saksmappe: { id: sak.id },
      journalpost: { id: jp.id },
      parties: [{ name: 'Kari Nilsen', role: 'Pårørende' }],
    });

    // A later change of the journalpost, still without its party: applied, no record conflict, the party kept.
    current = editCase(current, '2023/0102', (x) =>
      editJournalpost(x, jp.id, (j) => retitleJp(j, '2023/0102-1', 'Søknad – enda en tittel')),
    );
    const next = await importNoark(ts.tdb.db, writeExtract(current));
    expect(next.laterExtract).toMatchObject({
      partiesVanished: 0,
      recordsUpdated: 1,
      conflicts: 0,
      partiesRemoved: 0,
    });
    expect(await storedParts()).toEqual([JP_PARTY]);
    expect(await links('journalpost', jp.id)).toEqual([JP_PARTY]);

    // Accepted: the link ended (kept with why), the part out of the stored journalpost (the row kept).
    const a = await resolve(c!.id, 'ACCEPT_REMOVAL', 'Pårørende er ikke lenger part i brevet');
    expect(a.body.errors).toBeUndefined();
    expect(await links('journalpost', jp.id)).toEqual([]);
    expect(await concerns(sak.id)).toEqual([...sak.partNationalIds].sort());
    expect(await unlinked('journalpost', jp.id)).toEqual([
      { national_id: JP_PARTY, reason: expect.stringMatching(/accepted/) },
    ]);
    expect(await storedParts()).toEqual([]);
    const v = await ts.tdb.db.query<{ replaced_by: string; record: { complex: { part?: unknown[] } } }>(
      `SELECT replaced_by, record FROM archive.record_version WHERE record_table = 'journalpost' AND record_key = $1 ORDER BY id DESC LIMIT 1`,
      [jp.id],
    );
    expect(v.rows[0]).toMatchObject({ replaced_by: 'arkivar-44' });
    expect(v.rows[0]!.record.complex.part).toHaveLength(1);

    // The source's next change applies as to any record (what is stored is what the source last said).
    current = editCase(current, '2023/0102', (x) =>
      editJournalpost(x, jp.id, (j) => retitleJp(j, '2023/0102-1', 'Søknad – fjerde tittel')),
    );
    const after = await importNoark(ts.tdb.db, writeExtract(current));
    expect(after.laterExtract).toMatchObject({
      partiesVanished: 0,
      recordsUpdated: 1,
      conflicts: 0,
      partiesRemoved: 0,
    });
  });
});

test('only an archivist administering the archive lists and resolves party conflicts', async () => {
  const handler = await ts.stack.token({
    sub: 'arkivar-innsyn',
    role: 'archivist',
    purpose: 'ACCESS_REQUEST',
  });
  const legal = await ts.stack.matterToken({ id: 'M-S44-D', nationalIds: [JP_PARTY] });
  for (const token of [handler, legal]) {
    const l = await gql(ts.stack.gateway.url, '{ partyConflicts { id } }', { token });
    expect(l.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const m = await gql(
      ts.stack.gateway.url,
      'mutation { resolvePartyConflict(id: "1", resolution: KEEP_PARTIES, reason: "Behold partene") { id } }',
      { token },
    );
    expect(m.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  }
  const unknown = await resolve('999999', 'KEEP_PARTIES', 'Behold partene');
  expect(unknown.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
});

describe('archive.source_record: unchanged content under later extractionDates', () => {
  const count = async () =>
    (await ts.tdb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM archive.source_record')).rows[0]!.n;

  test('the same content under three later extractionDates leaves the row count as after the first, and an older extract after that is still told older', async () => {
    const sak = caseOf('2023/0104');
    // The content, once, under a date of its own.
    current = editCase(current, '2023/0104', (c) => retitle(c, '2023/0104', 'Serveringsbevilling – s44'));
    await importNoark(ts.tdb.db, writeExtract(current, { extractionDate: '2026-03-01T02:00:00+01:00' }));
    const after = await count();
    for (const day of ['02', '03', '04']) {
      const s = await importNoark(
        ts.tdb.db,
        writeExtract(current, { extractionDate: `2026-03-${day}T02:00:00+01:00` }),
      );
      expect(s.saksmapper).toMatchObject({ quarantined: 0, updated: 0 });
      expect(await count()).toBe(after);
    }
    // The time the rule reads moved on: an extract of 3 March (between the first and the last
    // delivery) that changes the case is older than what the case was last read from.
    const between = editCase(current, '2023/0104', (c) =>
      retitle(c, '2023/0104', 'Serveringsbevilling – eldre'),
    );
    const older = await importNoark(
      ts.tdb.db,
      writeExtract(between, { extractionDate: '2026-03-03T12:00:00+01:00' }),
    );
    expect(older.laterExtract).toMatchObject({ olderExtract: 1, recordsUpdated: 0 });
    const r = await ok('query ($id: ID!) { saksmappe(id: $id) { tittel } }', archivist, { id: sak.id });
    expect(r.saksmappe.tittel).toBe('Serveringsbevilling – s44');
    expect(await count()).toBe(after);
    // What the source said is still never changed or deleted: only when it was last seen moves on.
    const latest = `(SELECT max(id) FROM archive.source_record WHERE record_table = 'saksmappe' AND record_key = $1)`;
    for (const sql of [
      `UPDATE archive.source_record SET record = '{}'::jsonb WHERE id = ${latest}`,
      `UPDATE archive.source_record SET last_seen_extraction = '2026-01-01T00:00:00Z', last_seen_at = now() WHERE id = ${latest}`,
      `DELETE FROM archive.source_record WHERE id = ${latest}`,
    ])
      await expect(ts.tdb.db.query(sql, [sak.id])).rejects.toThrow(/insert-only/);
    // And a later one still applies.
    const newer = await importNoark(
      ts.tdb.db,
      writeExtract(between, { extractionDate: '2026-03-05T02:00:00+01:00' }),
    );
    expect(newer.laterExtract).toMatchObject({ olderExtract: 0, recordsUpdated: 1 });
  });
});
