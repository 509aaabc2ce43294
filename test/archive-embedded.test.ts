/**
 * The archive on the embedded database (PGlite), as `npm start` runs it: import, a
 * document download through the gateway byte for byte, the postjournal, an access request,
 * a title change, and an export that imports back to the same archive.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { generateNoarkExtract } from '../dev/generator';
import { createPgliteDb } from '../lib/db';
import { migrateSubgraph } from '../lib/subgraph';
import { startStack, type Stack } from '../scripts/stack';
import { archiveSubgraph } from '../subgraphs/archive';
import { exportNoark } from '../subgraphs/archive/noark/export';
import { importNoark } from '../subgraphs/archive/noark/import';
import { archiveSnapshot } from '../subgraphs/archive/noark/snapshot';
import { gql, testConfig } from '../dev/services';

const scratch = mkdtempSync(join(tmpdir(), 'helsespor-archive-embedded-'));
let stack: Stack;
const extract = generateNoarkExtract({ seed: 31, saksmapper: 4, closed: true });

beforeAll(async () => {
  stack = await startStack(testConfig({ databaseUrl: undefined, elasticsearchUrl: undefined }), {
    indexerIntervalMs: 60_000,
  });
  for (const f of extract.files) {
    mkdirSync(dirname(join(scratch, 'src', f.path)), { recursive: true });
    writeFileSync(join(scratch, 'src', f.path), f.content);
  }
});

afterAll(async () => {
  await stack?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

test('embedded: import, byte-exact document download, postjournal, access request, title change, and an export that imports back the same', async () => {
  expect(stack.db.kind).toBe('pglite');
  const r = await importNoark(stack.db, join(scratch, 'src'));
  expect(r.saksmapper).toEqual({ inserted: 4, updated: 0, unchanged: 0, held: 0, quarantined: 0 });

  const jp = extract.facts.journalposter[0]!;
  const token = await stack.token({ role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });
  // Access requests are handled under their own purpose (pasient- og brukerrettighetsloven § 5-1).
  const innsyn = await stack.token({ role: 'archivist', purpose: 'ACCESS_REQUEST' });
  const { body } = await gql(
    stack.gateway.url,
    `query ($r: String) { journalpost(registreringsId: $r) { documents { fileName contentBase64 } } }`,
    { token, variables: { r: jp.registreringsId } },
  );
  expect(body.errors).toBeUndefined();
  const doc = body.data.journalpost.documents[0];
  const file = extract.files.find((f) => f.path === doc.fileName)!;
  expect(Buffer.from(doc.contentBase64, 'base64').equals(file.content)).toBe(true);

  // The year's postjournal month by month: one journal covers at most a month (POSTJOURNAL_MAX_DAYS).
  const listed: string[] = [];
  for (let m = 1; m <= 12; m++) {
    const month = `2023-${String(m).padStart(2, '0')}`;
    const pj = await gql(
      stack.gateway.url,
      `query ($f: String!, $t: String!) { postjournal(from: $f, to: $t) { entries { registreringsId dokumentetsDato } } }`,
      { token, variables: { f: `${month}-01`, t: `${month}-${new Date(2023, m, 0).getDate()}` } },
    );
    expect(pj.body.errors).toBeUndefined();
    listed.push(
      ...pj.body.data.postjournal.entries.map((e: { registreringsId: string }) => e.registreringsId),
    );
  }
  // offentleglova § 10 / Noark 5 journalstatus: a cancelled ("Utgår") registration is not published.
  const published = extract.facts.journalposter.filter((j) => j.status !== 'Utgår');
  expect(published.length).toBeLessThan(extract.facts.journalposter.length);
  expect(listed.sort()).toEqual(published.map((j) => j.registreringsId).sort());

  const ar = await gql(
    stack.gateway.url,
    `mutation ($i: RegisterAccessRequestInput!) { registerAccessRequest(input: $i) {
      mappeId receivedAt receivedOn deadline eligibility daysLeft(asOf: "2024-02-01") } }`,
    {
      token: innsyn,
      variables: {
        i: {
          patientId: 'pt-x',
          patientNationalId: '11823821230',
          patientDeceasedOn: '2023-12-24',
          requesterName: 'Per Aasen',
          requesterNationalId: '03876538341',
          relation: 'NEAREST_RELATIVE',
          receivedAt: '2024-01-31T08:00:00+01:00',
          administrativEnhet: 'HVK',
        },
      },
    },
  );
  expect(ar.body.errors).toBeUndefined();
  expect(ar.body.data.registerAccessRequest).toEqual({
    mappeId: '2024/0001',
    receivedAt: '2024-01-31T07:00:00.000Z',
    receivedOn: '2024-01-31',
    deadline: '2024-02-29',
    eligibility: 'ELIGIBLE',
    daysLeft: 28,
  });
  const arId = (
    await stack.db.query<{ saksmappe_id: string }>('SELECT saksmappe_id FROM archive.access_request')
  ).rows[0]!.saksmappe_id;
  const cl = await gql(
    stack.gateway.url,
    `mutation ($id: ID!) { closeAccessRequest(saksmappeId: $id, decision: { outcome: GRANTED, handedOut: "Kopi av journalen" }) { closedAt saksmappe { saksstatus } } }`,
    { token: innsyn, variables: { id: arId } },
  );
  expect(cl.body.errors).toBeUndefined();
  expect(cl.body.data.closeAccessRequest).toMatchObject({
    closedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    saksmappe: { saksstatus: 'Avsluttet' },
  });
  const closed = extract.facts.saksmapper[0]!;
  const ch = await gql(
    stack.gateway.url,
    `mutation ($id: ID!) { changeTittel(id: $id, tittel: "Ny tittel") { loggedInEndringslogg } }`,
    { token, variables: { id: closed.id } },
  );
  expect(ch.body.data.changeTittel).toEqual({ loggedInEndringslogg: true });

  await exportNoark(stack.db, extract.facts.arkivdelId, join(scratch, 'out'));
  const other = await createPgliteDb();
  try {
    await migrateSubgraph(other, archiveSubgraph);
    await importNoark(other, join(scratch, 'out'));
    expect(await archiveSnapshot(other)).toEqual(await archiveSnapshot(stack.db));
  } finally {
    await other.close();
  }
});
