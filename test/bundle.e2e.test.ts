/**
 * exportBundle through the gateway (the dossier as a ZIP) and `npm run cli -- bundle`, on real
 * PostgreSQL with npm start's demo data: a legal user's bundle of their matter's person, its access-log rows
 * (the build itself and every record in it), the matter's scope (person and period), and
 * clear errors. The ZIP's contents are tested in lib/bundle/bundle.test.ts.
 * Sources: pasientjournalloven §§ 19, 22 (access within the matter only), pasientjournal-
 * forskriften § 14 (every access logged, the bundle's build too), pasient- og
 * brukerrettighetsloven § 5-1 andre ledd (withheld passages).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { unzipEntry } from '../dev/zip';
import { loadDemoData } from '../dev/demo';
import { createTestDatabase, gql, testConfig, type TestDatabase } from '../dev/services';
import { verifyBundle } from '../lib/bundle/verify';
import { startStack, type Stack } from '../scripts/stack';

const NID = '13889910059'; // the demo's first person (Ida Dahl)
let tdb: TestDatabase;
let stack: Stack;
let dir: string;
let patientId: string;
let otherPatient: string;
let legal: string;

const EXPORT = `mutation($input: ExportBundleInput!) {
  exportBundle(input: $input) {
    id matter fileName path bytes sha256 manifestSha256 batesFirst batesLast pages items withheldItems withheldPassages source
  }
}`;

beforeAll(async () => {
  tdb = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'helsespor-bundles-'));
  stack = await startStack(testConfig({ databaseUrl: tdb.url, bundleDir: dir }), {
    db: tdb.db,
    indexerIntervalMs: 60_000,
  });
  await loadDemoData(tdb.db);
  const ids = (
    await tdb.db.query<{ id: string; national_id: string }>(
      'SELECT id, national_id FROM journal.patient ORDER BY id',
    )
  ).rows;
  patientId = ids.find((r) => r.national_id === NID)!.id;
  otherPatient = ids.find((r) => r.national_id !== NID)!.id;
  legal = await stack.matterToken(
    {
      id: 'M-2025-004',
      nationalIds: [NID],
      periodFrom: '2011-01-01',
      periodTo: '2025-12-31',
      // The CLI reads as role legal within the matter: the matter lists the CLI user.
      members: ['jurist-7', `cli:${userInfo().username}`],
    },
    { sub: 'jurist-7' },
  );
});

afterAll(async () => {
  await stack?.stop();
  await tdb?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function firstEntry(): Promise<{ id: string; text: string }> {
  const r = await gql(
    stack.gateway.url,
    `{ patient(id: "${patientId}") { journal(from: "2011-01-01", to: "2025-12-31", first: 1) { edges { node { id text } } } } }`,
    { token: legal },
  );
  return r.body.data.patient.journal.edges[0].node;
}

describe('exportBundle through the gateway (pasientjournalloven § 22, pasientjournalforskriften § 14)', () => {
  test('a legal user bundles their matter’s person within the matter’s period; the build and every record are logged', async () => {
    const entry = await firstEntry();
    const passage = entry.text.split(' ').slice(0, 3).join(' ');
    const r = await gql(stack.gateway.url, EXPORT, {
      token: legal,
      variables: {
        input: {
          patientId,
          requester: 'Advokat Berg for saksøker',
          // Clipped to the matter's period (2011-01-01 to 2025-12-31).
          window: { to: '2030-12-31' },
          concepts: ['mobbing'],
          withheld: [
            {
              itemId: `JOURNAL_ENTRY:${entry.id}`,
              ground: 'opplysninger om tredjeperson, pbrl. § 5-1 andre ledd',
              text: passage,
            },
          ],
        },
      },
    });
    expect(r.body.errors).toBeUndefined();
    const b = r.body.data.exportBundle;
    expect(b).toMatchObject({
      matter: 'M-2025-004',
      source: 'dossier',
      withheldPassages: expect.any(Number),
    });
    expect(b.withheldPassages).toBeGreaterThanOrEqual(1);
    expect(b.batesFirst).toBe('HS-2025-004-000001');
    expect(b.path.startsWith(dir)).toBe(true);
    expect(existsSync(b.path)).toBe(true);
    const v = await verifyBundle(b.path, { seal: b.manifestSha256 });
    expect(v).toMatchObject({ ok: true, bundleId: b.id });

    // The bundle is the dossier of the matter's period: the same items, in the same order.
    const dossier = await gql(
      stack.gateway.url,
      `{ dossier(patientId: "${patientId}", window: { from: "2011-01-01", to: "2025-12-31" }, concepts: ["mobbing"]) { items { id kind } } }`,
      { token: legal },
    );
    expect(dossier.body.errors).toBeUndefined();
    const items = JSON.parse(await unzipEntry(b.path, 'items.json')).items as { id: string; kind: string }[];
    expect(items.map((i) => i.id)).toEqual(dossier.body.data.dossier.items.map((i: { id: string }) => i.id));
    expect(new Set(items.map((i) => i.kind))).toEqual(
      new Set(dossier.body.data.dossier.items.map((i: { kind: string }) => i.kind.toLowerCase())),
    );
    expect(b.items).toBe(items.length);
    expect(items.some((i) => i.kind !== 'journal_entry' && i.kind !== 'care_contact')).toBe(true);

    // The build, by the dossier subgraph; the records, by their owners under the same request.
    const built = (
      await tdb.db.query<{
        request_id: string;
        entity_ids: string[];
        matter: string;
        outcome: string;
        subgraph: string;
      }>(
        `SELECT request_id, entity_ids, matter, outcome, subgraph FROM audit.access_log
          WHERE user_id = 'jurist-7' AND entity_type = 'evidence_bundle' AND entity_ids[1] = $1`,
        [b.id],
      )
    ).rows;
    expect(built).toEqual([
      expect.objectContaining({ matter: 'M-2025-004', outcome: 'granted', subgraph: 'dossier' }),
    ]);
    expect(built[0]!.entity_ids).toEqual([b.id, `manifest-sha256:${b.manifestSha256}`]);
    const read = await tdb.db.query<{ entity_ids: string[] }>(
      `SELECT entity_ids FROM audit.access_log
        WHERE request_id = $1 AND entity_type = 'journal_entry' AND subgraph = 'journal' AND outcome = 'granted'`,
      [built[0]!.request_id],
    );
    expect(read.rows.flatMap((r) => r.entity_ids)).toContain(entry.id);
  });

  test('a person outside the matter is refused and the attempt logged; no bundle is written', async () => {
    const before = spawnSync('ls', [dir]).stdout.toString();
    const r = await gql(stack.gateway.url, EXPORT, {
      token: legal,
      variables: { input: { patientId: otherPatient, requester: 'Advokat Berg' } },
    });
    expect(r.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(r.body.errors?.[0]?.message).toBe('patient not in matter M-2025-004');
    const denied = await tdb.db.query(
      `SELECT 1 FROM audit.access_log WHERE user_id = 'jurist-7' AND patient_id = $1 AND outcome = 'denied'`,
      [otherPatient],
    );
    expect(denied.rowCount).toBeGreaterThan(0);
    expect(spawnSync('ls', [dir]).stdout.toString()).toBe(before);
  });

  test('another matter than the token’s, and roles without identifying access, are refused', async () => {
    const other = await gql(stack.gateway.url, EXPORT, {
      token: legal,
      variables: { input: { patientId, requester: 'X', matter: 'M-ANNEN' } },
    });
    expect(other.body.errors?.[0]?.message).toMatch(/needs a token on that matter/);
    const researcher = await stack.token({ sub: 'forsker-1', role: 'researcher', purpose: 'RESEARCH' });
    const r = await gql(stack.gateway.url, EXPORT, {
      token: researcher,
      variables: { input: { patientId, requester: 'X' } },
    });
    expect(r.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(r.body.errors?.[0]?.message).toBe('exportBundle needs role legal or archivist');
    const archivist = await stack.token({
      sub: 'arkivar-1',
      role: 'archivist',
      purpose: 'ARCHIVE_ADMINISTRATION',
    });
    const noMatter = await gql(stack.gateway.url, EXPORT, {
      token: archivist,
      variables: { input: { patientId, requester: 'X' } },
    });
    expect(noMatter.body.errors?.[0]).toMatchObject({
      message: 'a bundle belongs to a matter: name it (matter)',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  test('pasientjournalloven § 22: a legal user not on a matter is told nothing of its state: a closed and an unknown matter are refused alike, as the policy refuses them', async () => {
    await stack.matterToken({ id: 'M-BUNDLE-CLOSED', nationalIds: [NID] }, { sub: 'jurist-eier' });
    const archivist = await stack.token({
      sub: 'arkivar-1',
      role: 'archivist',
      purpose: 'ARCHIVE_ADMINISTRATION',
    });
    const closed = await gql(stack.gateway.url, 'mutation { closeMatter(id: "M-BUNDLE-CLOSED") { open } }', {
      token: archivist,
    });
    expect(closed.body.data.closeMatter).toEqual({ open: false });
    const messages: string[] = [];
    for (const matter of ['M-BUNDLE-CLOSED', 'M-BUNDLE-UKJENT']) {
      const outsider = await stack.token({
        sub: 'jurist-utenfor',
        role: 'legal',
        purpose: 'LEGAL_PROCEEDINGS',
        matter,
      });
      const r = await gql(stack.gateway.url, EXPORT, {
        token: outsider,
        variables: { input: { patientId, requester: 'Advokat Berg' } },
      });
      expect(r.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      messages.push(r.body.errors![0]!.message.replaceAll(matter, 'M'));
    }
    // (Before: "matter M is closed", "matter M is not registered".)
    expect(messages).toEqual([
      'user jurist-utenfor does not work on matter M',
      'user jurist-utenfor does not work on matter M',
    ]);
  });

  test('bad input is BAD_USER_INPUT naming the problem', async () => {
    for (const [input, message] of [
      [
        { withheld: [{ itemId: 'finnes-ikke', ground: 'tredjeperson' }] },
        /names item finnes-ikke, which is not in the bundle/,
      ],
      [{ withheld: [{ itemId: 'x', ground: '' }] }, /a legal ground is required/],
      [{ window: { from: '2015-13-01' } }, /from must be a date/],
      [{ prefix: 'små bokstaver' }, /prefix must be 1–40 capital letters/],
      [{ requester: ' ' }, /requester is required/],
    ] as const) {
      const r = await gql(stack.gateway.url, EXPORT, {
        token: legal,
        variables: { input: { patientId, requester: 'Advokat Berg', ...input } },
      });
      expect(r.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(r.body.errors?.[0]?.message).toMatch(message);
    }
  });
});

describe('npm run cli -- bundle', () => {
  test('writes a bundle of a person in a matter, logged as cli:<user>; a bad withheld mark is one line', async () => {
    const out = join(dir, 'cli-bundle.zip');
    const env = { ...process.env, DATABASE_URL: tdb.url, LOG_LEVEL: 'warn' };
    delete (env as Record<string, string | undefined>).ELASTICSEARCH_URL;
    const cli = (args: string[]) =>
      spawnSync(
        process.execPath,
        [require.resolve('tsx/cli'), join(__dirname, '..', 'scripts', 'cli.ts'), ...args],
        {
          encoding: 'utf8',
          env,
        },
      );
    const ok = cli([
      'bundle',
      patientId,
      '--matter',
      'M-2025-004',
      '--requester',
      'Tingretten',
      '--out',
      out,
      '--age-from',
      '13',
      '--age-to',
      '15',
    ]);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^Bundle written: .*cli-bundle\.zip/);
    const seal = /Seal \(manifest SHA-256\) ([0-9a-f]{64})/.exec(ok.stdout)![1]!;
    const custody = JSON.parse(await unzipEntry(out, 'custody.json'));
    expect(custody.request).toMatchObject({ via: 'cli bundle', itemsFrom: 'dossier' });
    expect(custody.builtBy).toEqual({ userId: `cli:${userInfo().username}`, role: 'legal' });
    expect(custody.window.description).toMatch(/13/);
    const verify = cli(['verify-bundle', out, '--seal', seal]);
    expect(verify.status).toBe(0);
    const logged = await tdb.db.query<{ user_id: string; entity_ids: string[] }>(
      `SELECT user_id, entity_ids FROM audit.access_log WHERE entity_type = 'evidence_bundle' AND user_id LIKE 'cli:%'`,
    );
    expect(logged.rows).toEqual([
      expect.objectContaining({ entity_ids: expect.arrayContaining([`manifest-sha256:${seal}`]) }),
    ]);
    // The same --out again is refused before anything is read: the sealed bundle stays as it was
    // (a rename replaced it, and the seal named a file nobody had; review s41).
    const before = readFileSync(out);
    const again = cli([
      'bundle',
      patientId,
      '--matter',
      'M-2025-004',
      '--requester',
      'Tingretten',
      '--out',
      out,
    ]);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain(`--out ${out} exists: an evidence bundle never replaces a file`);
    expect(readFileSync(out).equals(before)).toBe(true);
    expect(cli(['verify-bundle', out, '--seal', seal]).status).toBe(0);

    const marks = join(dir, 'marks.json');
    writeFileSync(marks, JSON.stringify([{ itemId: 'finnes-ikke', ground: 'tredjeperson' }]));
    const bad = cli([
      'bundle',
      patientId,
      '--matter',
      'M-2025-004',
      '--requester',
      'Tingretten',
      '--out',
      join(dir, 'bad.zip'),
      '--withhold',
      marks,
    ]);
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toBe(
      'Error: withheld passage names item finnes-ikke, which is not in the bundle',
    );
    expect(existsSync(join(dir, 'bad.zip'))).toBe(false);
    const outside = cli([
      'bundle',
      otherPatient,
      '--matter',
      'M-2025-004',
      '--requester',
      'Tingretten',
      '--out',
      join(dir, 'x.zip'),
    ]);
    expect(outside.status).toBe(1);
    expect(outside.stderr.trim()).toBe('Error: patient not in matter M-2025-004');
    await stack.matterToken({ id: 'M-ANNEN-SAK', nationalIds: [NID] }, { sub: 'jurist-8' });
    const notMember = cli([
      'bundle',
      patientId,
      '--matter',
      'M-ANNEN-SAK',
      '--requester',
      'Tingretten',
      '--out',
      join(dir, 'y.zip'),
    ]);
    expect(notMember.status).toBe(1);
    expect(notMember.stderr.trim()).toBe(
      `Error: user cli:${userInfo().username} does not work on matter M-ANNEN-SAK`,
    );
    const usage = cli(['bundle', patientId, '--requester', 'Tingretten', '--out', join(dir, 'x.zip')]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/--matter is required/);
  });
});
