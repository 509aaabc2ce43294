/**
 * Review s41 of the dossier, the evidence bundle (lib/bundle) and the case archive, on real
 * PostgreSQL and Elasticsearch through the stack's own gateway and subgraphs: a person with
 * Helseplattformen notes and an archive case (imported from a Noark 5 extract) whose
 * journalposter a matter's period cuts.
 *
 * 1. pasientjournalloven § 22: an archivist's bundle of a matter (an archivist's reach has no
 *    period) stated in its completeness statement the dates of the person's archive records
 *    outside the matter's period ("perioden systemet dekker" for SAKARKIV ran to a journalpost
 *    after the period), where a legal user's bundle of the same matter states the period's.
 * 2. Two builds to the same output path at once (the CLI's --out, a retry while the first still
 *    runs) shared one `<out>.partial`: the ZIP published was the two interleaved, failing
 *    verify-bundle, while both builders were told it was done (with a seal and an access-log
 *    row), or one failed on a file the other had renamed away.
 * 3. The bundle did not say in what order its items are: a judge reads a case dated before the
 *    period first, a journalpost's document before the journalpost, a corrected note by its care
 *    period; the order is the timeline's (instant, a local date at its Oslo midnight, then id),
 *    stated nowhere in the PDF, items.json or completeness.json.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { generateNoarkExtract } from '../dev/generator';
import { importNoark } from '../subgraphs/archive/noark/import';
import { makeSyntheticNationalId } from '../lib/national-id';
import { insertQueuedNote } from '../dev/dossier-bundle';
import { execFileSync } from 'node:child_process';
import { unzipEntry, unzipEntryBytes } from '../dev/zip';
import { osloMidnight } from '../lib/oslo-time';
import { gql, type TestDatabase } from '../dev/services';
import { startTestStack, type TestStack } from '../dev/test-stack';
import type { Stack } from '../scripts/stack';
import type { BundleItem } from '../lib/bundle/types';
import { verifyBundle } from '../lib/bundle/verify';
import { writeBundle } from '../lib/bundle/write';

let tdb: TestDatabase;
let stack: Stack;
let env: TestStack;
let dir: string;
let facts: ReturnType<typeof generateNoarkExtract>['facts'];
const P = {
  id: 'pat-s41-1',
  birth: '1980-05-06',
  nationalId: makeSyntheticNationalId('1980-05-06', 411, false),
};

const EXPORT = `mutation($input: ExportBundleInput!) {
  exportBundle(input: $input) {
    id matter fileName path bytes sha256 manifestSha256 batesFirst batesLast pages items withheldItems withheldPassages source
  }
}`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'helsespor-s41-review-'));
  env = await startTestStack({ bundleDir: dir });
  ({ tdb, stack } = env);
  // A person with archive cases (journalposter in 2023) and notes around them.
  await tdb.db.query(
    `INSERT INTO journal.patient (id, national_id, family_name, given_name, birth_date)
     VALUES ($1, $2, 'Sørås', 'Åse', $3)`,
    [P.id, P.nationalId, P.birth],
  );
  await insertQueuedNote(tdb.db, 'je-s41-a', P.id, '2023-01-15T10:00:00+01:00', 'Notat i januar.');
  await insertQueuedNote(tdb.db, 'je-s41-b', P.id, '2023-08-15T10:00:00+02:00', 'Notat i august.');
  const extract = generateNoarkExtract({
    seed: 411,
    saksmapper: 8,
    clients: [{ nationalId: P.nationalId, name: 'Åse Sørås' }],
  });
  facts = extract.facts;
  const scratch = mkdtempSync(join(tmpdir(), 'helsespor-s41-noark-'));
  try {
    for (const f of extract.files) {
      mkdirSync(dirname(join(scratch, f.path)), { recursive: true });
      writeFileSync(join(scratch, f.path), f.content);
    }
    await importNoark(stack.db, scratch);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  await stack.index();
}, 300_000);

afterAll(async () => {
  await env?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a matter whose period cuts a case (pasientjournalloven § 22)', () => {
  test('pasientjournalloven § 22: an archivist’s bundle of a matter states no archive date outside the matter’s period in its completeness statement; it is the legal user’s bundle of the same matter', async () => {
    // The case's journalposter are dated 2023-03-05, 2023-03-08 and 2023-03-11; the period
    // holds the second only.
    const sm = facts.saksmapper.find((c) => c.partNationalIds.includes(P.nationalId))!;
    expect(sm).toBeDefined();
    const legalToken = await stack.matterToken(
      {
        id: 'M-S41-CUT',
        patientIds: [P.id],
        periodFrom: '2023-03-06',
        periodTo: '2023-03-09',
        members: ['jurist-s41-cut'],
      },
      { sub: 'jurist-s41-cut' },
    );
    const archivist = await stack.token({
      sub: 'arkivar-s41',
      role: 'archivist',
      purpose: 'ARCHIVE_ADMINISTRATION',
    });
    const built: { items: Record<string, unknown>[]; sources: Record<string, unknown>[] }[] = [];
    for (const [token, input] of [
      [legalToken, { patientId: P.id, requester: 'Tingretten' }],
      [archivist, { patientId: P.id, requester: 'Tingretten', matter: 'M-S41-CUT' }],
    ] as const) {
      const r = await gql(stack.gateway.url, EXPORT, { token, variables: { input } });
      expect(r.body.errors).toBeUndefined();
      const b = r.body.data.exportBundle;
      built.push({
        items: JSON.parse(await unzipEntry(b.path, 'items.json')).items,
        sources: JSON.parse(await unzipEntry(b.path, 'completeness.json')).sources,
      });
    }
    const [legal, archive] = built as [(typeof built)[0], (typeof built)[0]];
    // The premise: the case and its one journalpost in the period, in both bundles alike.
    const kinds = (x: Record<string, unknown>[]) => x.map((i) => `${i.kind} ${i.date}`);
    expect(kinds(legal.items)).toEqual(
      expect.arrayContaining(['saksmappe 2023-03-02', 'journalpost 2023-03-08']),
    );
    expect(kinds(legal.items).filter((k) => /2023-03-(05|11)/.test(k))).toEqual([]);
    const strip = (x: Record<string, unknown>[]) => x.map(({ page: _p, ...i }) => i);
    expect(strip(archive.items)).toEqual(strip(legal.items));
    // The completeness statement: the archive's dates are those the bundle holds, for either builder.
    const sakarkiv = (x: Record<string, unknown>[]) => x.find((s) => s.sourceSystem === 'SAKARKIV');
    expect(sakarkiv(legal.sources)).toMatchObject({ 'perioden systemet dekker': '2023-03-02 – 2023-03-08' });
    expect(sakarkiv(archive.sources)).toEqual(sakarkiv(legal.sources));
    expect(JSON.stringify(archive.sources)).not.toContain('2023-03-11');
  });
});

describe('concurrent builds', () => {
  test('two bundles built at once to the same path: the file there is one whole bundle that verifies, and it is the one its builder was told of; the other builder is told the path is taken', async () => {
    const request = {
      matter: 'M-S41-RACE',
      requester: 'Tingretten',
      purpose: 'LEGAL_PROCEEDINGS',
      window: { from: null, to: null },
      query: 'alle poster',
    };
    const builder = { userId: 'jurist-s41', role: 'legal', requestId: 'req-s41-race', via: 'test' };
    async function* items(tag: string): AsyncGenerator<BundleItem> {
      for (let i = 0; i < 300; i++)
        yield {
          id: `je-${i}`,
          kind: 'journal_entry',
          date: '2013-01-01',
          sourceSystem: 'GERICA',
          sourceId: String(i),
          text: `${tag}: Pasienten forteller om søvnvansker (${i}). `.repeat(20),
        };
    }
    const race = join(dir, 'race');
    mkdirSync(race, { recursive: true });
    for (let round = 0; round < 3; round++) {
      const out = join(race, `bundle-${round}.zip`);
      const results = await Promise.allSettled(
        ['A', 'B'].map((tag) =>
          writeBundle({
            request,
            builder,
            items: items(tag),
            completeness: { summary: 's', sources: [] },
            out,
          }),
        ),
      );
      // One build takes the path; the other is told it is taken (a bundle never replaces a file).
      const mine = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      const refused = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
      expect(mine).toHaveLength(1);
      expect(refused).toEqual([expect.stringMatching(/exists: an evidence bundle never replaces a file/)]);
      const v = await verifyBundle(out, {});
      expect(v.problems).toEqual([]);
      const disk = createHash('sha256').update(readFileSync(out)).digest('hex');
      expect(mine[0]!.sha256).toBe(disk);
      expect(mine[0]!.bundleId).toBe(v.bundleId);
    }
    expect(readdirSync(race).sort()).toEqual(['bundle-0.zip', 'bundle-1.zip', 'bundle-2.zip']);
  });

  // Nothing already stored is lost: `bundle --out` to the path of an earlier bundle replaced it,
  // and the earlier bundle's seal (and its access-log row) named a file nobody had (review s41).
  test('a bundle is never written over an earlier one: the path is refused, the earlier bundle stays byte for byte', async () => {
    const out = join(dir, 'kept', 'bundle.zip');
    mkdirSync(dirname(out), { recursive: true });
    const build = (tag: string) =>
      writeBundle({
        request: {
          matter: 'M-S41-KEPT',
          requester: 'Tingretten',
          purpose: 'LEGAL_PROCEEDINGS',
          window: { from: null, to: null },
          query: 'alle poster',
        },
        builder: { userId: 'jurist-s41', role: 'legal', requestId: `req-s41-${tag}`, via: 'test' },
        items: (async function* (): AsyncGenerator<BundleItem> {
          yield {
            id: 'je-1',
            kind: 'journal_entry',
            date: '2013-01-01',
            sourceSystem: 'GERICA',
            sourceId: '1',
            text: tag,
          };
        })(),
        completeness: { summary: 's', sources: [] },
        out,
      });
    const first = await build('første');
    const before = readFileSync(out);
    await expect(build('andre')).rejects.toThrow(`${out} exists: an evidence bundle never replaces a file`);
    expect(readFileSync(out).equals(before)).toBe(true);
    expect((await verifyBundle(out, { seal: first.manifestSha256 })).problems).toEqual([]);
    expect(readdirSync(dirname(out))).toEqual(['bundle.zip']);
  });
});

describe('the order stated', () => {
  test('the bundle states the order of its items, in completeness.json and in the PDF, and the items are in that order', async () => {
    const token = await stack.matterToken(
      {
        id: 'M-S41-ORDER',
        patientIds: [P.id],
        periodFrom: '2023-01-01',
        periodTo: '2023-12-31',
        members: ['jurist-s41-o'],
      },
      { sub: 'jurist-s41-o' },
    );
    const r = await gql(stack.gateway.url, EXPORT, {
      token,
      variables: { input: { patientId: P.id, requester: 'Tingretten' } },
    });
    expect(r.body.errors).toBeUndefined();
    const b = r.body.data.exportBundle;
    const notes = JSON.parse(await unzipEntry(b.path, 'completeness.json')).notes as string[];
    const order = notes.find((n) => n.startsWith('Order:'));
    expect(order).toContain('Europe/Oslo midnight');
    const pdf = join(dir, 'order.pdf');
    writeFileSync(pdf, await unzipEntryBytes(b.path, 'bundle.pdf'));
    const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString('utf8').replace(/\s+/g, ' ');
    expect(text).toContain('Order: the items are in time order');
    // The items are in the order stated: by instant (a date at its Oslo midnight), then by id.
    const items = JSON.parse(await unzipEntry(b.path, 'items.json')).items as { id: string; date: string }[];
    const key = (i: { id: string; date: string }) =>
      `${(i.date.length === 10 ? osloMidnight(i.date) : new Date(i.date)).toISOString()} ${i.id}`;
    expect(items.map(key)).toEqual(items.map(key).sort());
    expect(items.length).toBeGreaterThan(3);
  });
});
