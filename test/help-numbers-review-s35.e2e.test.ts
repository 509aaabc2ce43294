/**
 * H-numbers (hjelpenummer), review of stop 35: an H-nummer names a person only within the
 * institution that gave it (lib/national-id.ts; pasientjournalloven § 22). The coercion search
 * documents under one carry their source's key and journal patient (subgraphs/coercion/outbox.ts);
 * a stored seed (access request, matter) holding a bare H-nummer reaches no one by it
 * (lib/policy/store.ts seedPersons). Each test failed on branch ident2 before its fix. Real
 * PostgreSQL and the gateway (dev/test-stack.ts).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerAccessRequest } from '../dev/access-requests';
import { NOTES_HEADER, gericaFolder, noteRow } from '../dev/gerica-rows';
import { withCheckDigits } from '../dev/generator';
import { gql } from '../dev/services';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { makeSyntheticNationalId } from '../lib/national-id';
import { reconcile } from '../search-index/maintenance';
import { importCoercionPath } from '../subgraphs/coercion/import';
import { coercionOutbox } from '../subgraphs/coercion/outbox';
import { runImport } from '../subgraphs/journal/import/run';
import { searchSources } from '../subgraphs/search/sources';
import { sourceRecord } from '../dev/help-numbers';

const ROOT = join(__dirname, '..');

let dir: string;
let ts: TestStack;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-help35r-'));
  ts = await startPostgresTestStack();
}, 120_000);

afterAll(async () => {
  await ts?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const TP_HEADER = 'RegID;VedtakID;PasientID;Fodselsnr;Start;Slutt;Tiltak;UtfortAv;Beskrivelse;Hjemmel';
const tpRow = (tag: string, h: string) =>
  `TP-${tag};;${tag}1;${h};12.04.2021 08:05;12.04.2021 08:19;fysisk holding ved stell;10377;"Holdt i armene under stell.";Hol. § 9-5 tredje ledd bokstav c`;

/** The patient record a source record was imported as (dev/help-numbers.ts). */
const patientOf = async (sourceSystem: string, localId: string) =>
  sourceRecord(ts.tdb.db, sourceSystem, localId);

/** The executions a matter over this patient record finds in search ("armene"). */
async function foundInMatter(patientId: string, matter: string): Promise<string[]> {
  const token = await ts.stack.matterToken({
    id: matter,
    patientIds: [patientId],
    purpose: 'LEGAL_PROCEEDINGS',
  });
  const r = await gql(
    ts.stack.gateway.url,
    `query ($id: ID!) { patient(id: $id) { search(query: "armene", kinds: ["coercion_execution"]) { hits { coercionExecution { id } } } } }`,
    { token, variables: { id: patientId } },
  );
  expect(r.body.errors).toBeUndefined();
  return r.body.data.patient.search.hits.map(
    (x: { coercionExecution: { id: string } }) => x.coercionExecution.id,
  );
}

/**
 * A Gerica execution under an H-nummer indexed without its patient, its journal patient then
 * stored with nothing queued: as when the coercion import committed while the journal import
 * creating that patient was open (its requeue, inside that import, saw no execution yet; the
 * outbox drained while the patient was not visible). With `preStop35`, its document is as the
 * indexer wrote it before stop 35: the bare number as a national id, no patient, the old version.
 */
async function executionIndexedWithoutPatient(tag: string, base: number, preStop35: boolean) {
  const h = withCheckDigits(base);
  const coercion = gericaFolder(dir, `gerica-${tag}-coercion`, {
    'tvangsprotokoll.csv': [TP_HEADER, tpRow(tag, h)],
  });
  for (const s of await importCoercionPath(ts.tdb.db, coercion)) expect(s.quarantined).toEqual([]);
  await ts.stack.index();
  await runImport(
    ts.tdb.db,
    'gerica',
    gericaFolder(dir, `gerica-${tag}-journal`, {
      'journalnotater.csv': [NOTES_HEADER, noteRow(`${tag}001`, `${tag}1`, h, 'Gerica H.')],
    }),
  );
  // The journal import's requeue of the execution did not happen (the race) or does not exist
  // (before stop 35): nothing of coercion waits in the outbox.
  await ts.tdb.db.query('UPDATE coercion.outbox SET processed_at = now() WHERE processed_at IS NULL');
  if (preStop35) {
    const [doc] = await coercionOutbox(ts.tdb.db).load([`coercion_execution:TP-${tag}`]);
    const old = (
      await ts.tdb.db.query<{ v: number }>(
        `SELECT ('x' || substr(md5(e.measure || '|' || e.description || '|' || e.start_at::text || '|' || e.patient_nid), 1, 7))::bit(28)::int AS v
           FROM coercion.execution e WHERE e.id = $1`,
        [`TP-${tag}`],
      )
    ).rows[0]!.v;
    await ts.stack.backend.upsert([{ ...doc!, patientId: null, nationalIds: [h], version: old }]);
    await ts.stack.backend.refresh();
  }
  const gerica = (await patientOf('GERICA', `${tag}1`))!;
  expect(gerica).toBeDefined();
  return { h, gerica };
}

describe('an execution under an H-nummer indexed without its patient', () => {
  test('pasientjournalloven § 22: an execution indexed without its H-nummer patient (as before stop 35, or committed while the journal import creating that patient was open) is repaired by reconcile and found by a matter over that patient', async () => {
    const race = await executionIndexedWithoutPatient('3511', 184_270_660, false);
    const old = await executionIndexedWithoutPatient('3512', 184_270_670, true);
    const before = {
      race: await foundInMatter(race.gerica, 'M-h35r-race-0'),
      old: await foundInMatter(old.gerica, 'M-h35r-old-0'),
    };
    expect(before).toEqual({ race: [], old: [] });
    const r = await reconcile(searchSources(ts.tdb.db), ts.stack.backend);
    expect(r.examples.stale).toEqual(
      expect.arrayContaining(['coercion_execution:TP-3511', 'coercion_execution:TP-3512']),
    );
    expect({
      race: await foundInMatter(race.gerica, 'M-h35r-race-1'),
      old: await foundInMatter(old.gerica, 'M-h35r-old-1'),
    }).toEqual({ race: ['TP-3511'], old: ['TP-3512'] });
    // Reconciled: nothing left to repair.
    expect((await reconcile(searchSources(ts.tdb.db), ts.stack.backend, { check: true })).stale).toBe(0);
  }, 90_000);

  test('pasientjournalloven § 22: coercion migration 017 queues every execution under an H-nummer, so an upgrade writes them again with their patient without waiting for a reconcile', async () => {
    const old = await executionIndexedWithoutPatient('3513', 184_270_680, true);
    expect(await foundInMatter(old.gerica, 'M-h35r-mig-0')).toEqual([]);
    await ts.tdb.db.query(
      readFileSync(
        join(ROOT, 'subgraphs/coercion/migrations/017_help_number_executions_reindex.sql'),
        'utf8',
      ),
    );
    await ts.stack.index();
    expect(await foundInMatter(old.gerica, 'M-h35r-mig-1')).toEqual(['TP-3513']);
  }, 90_000);
});

describe('a seed stored with a bare H-nummer', () => {
  test('pasientjournalloven § 22: an open access request / a matter stored with a bare H-nummer reaches no other source’s coercion execution or search hit under that number', async () => {
    // Found in review of stop 35: an access request registered before 2c33faf, or a matter
    // before 09a41ec, could hold an H-nummer as the patient's national id. The policy took it as
    // one (any national id matches), and a coercion record under the number named it bare, so the
    // seed reached every organisation's executions of that number (here Helseplattformen's).
    const h = withCheckDigits(184_270_690);
    await runImport(
      ts.tdb.db,
      'gerica',
      gericaFolder(dir, 'gerica-3521-journal', {
        'journalnotater.csv': [NOTES_HEADER, noteRow('3521001', '35211', h, 'Gerica H.')],
      }),
    );
    const hpCoercion = join(dir, 'Coercion-3521.ndjson');
    writeFileSync(
      hpCoercion,
      JSON.stringify({
        kind: 'execution',
        id: 'TVG-3521',
        patient: h,
        measure: 'holding',
        start: '2021-06-01T08:10:00+02:00',
        end: '2021-06-01T08:25:00+02:00',
        executedBy: ['9160033'],
        description: 'Holdt i armene i gangen.',
      }) + '\n',
    );
    const gericaCoercion = gericaFolder(dir, 'gerica-3521-coercion', {
      'tvangsprotokoll.csv': [TP_HEADER, tpRow('3521', h)],
    });
    for (const path of [gericaCoercion, hpCoercion])
      for (const s of await importCoercionPath(ts.tdb.db, path)) expect(s.quarantined).toEqual([]);
    await ts.stack.index();
    const gerica = (await patientOf('GERICA', '35211'))!;
    expect(gerica).toBeDefined();

    // A matter stored with the bare number as its only person (as before 09a41ec).
    await ts.tdb.db.query(
      `INSERT INTO policy.matter (id, title, purpose, expires_at, registered_by)
       VALUES ('M-h35r-bare', 'Klagesak', 'LEGAL_PROCEEDINGS', now() + interval '1 day', 'arkivar-h35r')`,
    );
    await ts.tdb.db.query(
      `INSERT INTO policy.matter_patient (matter_id, national_id) VALUES ('M-h35r-bare', $1)`,
      [h],
    );
    await ts.tdb.db.query(
      `INSERT INTO policy.matter_member (matter_id, user_id) VALUES ('M-h35r-bare', 'jurist-h35r')`,
    );
    const legal = await ts.stack.token({
      sub: 'jurist-h35r',
      role: 'legal',
      purpose: 'LEGAL_PROCEEDINGS',
      matter: 'M-h35r-bare',
    });
    // An open access request for the Gerica patient record stored with the bare number as the
    // patient's national id (as before 2c33faf): registered today under a fødselsnummer and a
    // record of no one, then written as the old row was.
    const archivist = await ts.stack.token({
      sub: 'saksbehandler-h35r',
      role: 'archivist',
      purpose: 'ACCESS_REQUEST',
    });
    await registerAccessRequest(ts.stack.gateway.url, archivist, {
      patientId: 'p-h35r-request',
      patientNationalId: makeSyntheticNationalId('1970-02-18', 21, true),
      patientName: 'Per Hjelpenes',
      requesterName: 'Per Hjelpenes',
      relation: 'PATIENT',
      receivedAt: new Date(Date.now() - 3600_000).toISOString(),
    });
    await ts.tdb.db.query(
      `UPDATE archive.access_request SET patient_id = $1, patient_national_id = $2 WHERE patient_id = 'p-h35r-request'`,
      [gerica, h],
    );
    // The reach is compiled again on the NOTIFY of the update (archive migration 025).
    await new Promise((r) => setTimeout(r, 500));

    const reach = async (token: string) => {
      const one = async (id: string) => {
        const r = await gql(ts.stack.gateway.url, `query ($id: ID!) { coercionExecution(id: $id) { id } }`, {
          token,
          variables: { id },
        });
        return r.body.data?.coercionExecution?.id ?? r.body.errors?.[0]?.extensions?.code ?? null;
      };
      const s = await gql(
        ts.stack.gateway.url,
        `{ search(query: "armene", kinds: ["coercion_execution"]) { hits { coercionExecution { id } } } }`,
        { token },
      );
      expect(s.body.errors).toBeUndefined();
      return {
        gerica: await one('TP-3521'),
        hp: await one('TVG-3521'),
        search: s.body.data.search.hits.map(
          (x: { coercionExecution: { id: string } }) => x.coercionExecution.id,
        ),
      };
    };
    expect({ accessRequest: await reach(archivist), matter: await reach(legal) }).toEqual({
      // The request's patient record reaches its own source's execution; the number reaches nothing.
      accessRequest: { gerica: 'TP-3521', hp: 'FORBIDDEN', search: ['TP-3521'] },
      matter: { gerica: 'FORBIDDEN', hp: 'FORBIDDEN', search: [] },
    });
  }, 90_000);
});
