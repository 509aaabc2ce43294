/**
 * Stop 46, fix FX7 (defect 2): an access-request case's search documents carry the national ids
 * of its patient record's person as the journal links it (archive outbox.ts caseSubjectSql,
 * migration 038 request_patient_national_ids; pasientjournalloven § 22 with
 * pasientjournalforskriften § 14, pasient- og brukerrettighetsloven § 5-1), so every change of
 * the person queues them again (open-requests.ts queueRequestCasesOfRecords):
 * 1. The import's link (writer.ts writePatients: a D-number replaced by a fødselsnummer of the same
 *    birth date links the record to the one the new number names; a first national id filled)
 *    queued nothing: the case was not found by the person's new number until a reconcile.
 * 2. registerAccessRequest running beside unlinkPatients: the unlink queued the cases it saw (not
 *    the new one, uncommitted), the new case was indexed under the person before the unlink, and
 *    nothing queued it again. Now the registration takes the person lock of its record (the lock
 *    link, unlink and the import's link take: journal mutations.ts lockPersons), so the two run
 *    one after the other.
 * Real importers, real PostgreSQL (its search backend), through the gateway. The interleaving is
 * forced: a transaction of the test holds the link's row, so the unlink stops at its UPDATE with
 * its person locks held and its queueing done.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { LERKENDAL } from '../dev/access-requests';
import { gql } from '../dev/services';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { makeSyntheticNationalId } from '../lib/national-id';
import { runImport } from '../subgraphs/journal/import/run';
import { linkPatients, unlinkPatients } from '../subgraphs/journal/mutations';
import { insertPatients } from '../subgraphs/journal/store';

function profilExport(dir: string, name: string, nid: string, klientnr: string, born: string): string {
  const d = join(dir, name);
  mkdirSync(d);
  writeFileSync(
    join(d, 'profil-eksport.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>
<profil-eksport versjon="4.2" eksportert="2019-11-10T03:15:00" kommunenr="5001" system="Profil">
  <klient klientnr="${klientnr}" fnr="${nid}" etternavn="Lysvik" fornavn="Mari" fodt="${born}" kjonn="K" opprettet="${born}">
    <journal>
      <notat id="7${klientnr}" dato="2016-09-01T10:00" type="Konsultasjon" tjeneste="Skolehelsetjenesten" forfatter-hpr="9034411" forfatter="Berit Hoel">Notat.</notat>
    </journal>
  </klient>
</profil-eksport>
`,
  );
  return d;
}

describe('access-request cases queued again when the person changes (FX7)', () => {
  let env: TestStack;
  let dir: string;

  beforeAll(async () => {
    env = await startPostgresTestStack();
    dir = mkdtempSync(join(tmpdir(), 'hs-fx7-'));
  }, 180_000);
  afterAll(async () => {
    await env?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const call = async (token: string, query: string, variables?: Record<string, unknown>) =>
    (await gql(env.stack.gateway.url, query, { token, variables })).body;
  const ok = (b: { errors?: unknown; data?: unknown }) => {
    expect(b.errors).toBeUndefined();
    return b.data as Record<string, any>;
  };
  const REGISTER = `mutation ($i: RegisterAccessRequestInput!) {
    registerAccessRequest(input: $i) { saksmappe { id } } }`;
  const handler = () =>
    env.stack.token({ sub: 'saksbehandler-fx7', role: 'archivist', purpose: 'ACCESS_REQUEST' });
  const register = async (patientId: string, patientNationalId: string, name: string, receivedAt: string) =>
    ok(
      await call(await handler(), REGISTER, {
        i: {
          administrativEnhet: LERKENDAL,
          patientId,
          patientNationalId,
          patientName: name,
          requesterName: name,
          relation: 'PATIENT',
          receivedAt,
        },
      }),
    ).registerAccessRequest.saksmappe.id as string;
  /** Whether a search on a matter of these national ids finds the case. */
  const foundBy = async (matter: string, nationalIds: string[], id: string) => {
    const token = await env.stack.matterToken({ id: matter, nationalIds }, { sub: `jurist-${matter}` });
    const hits = ok(
      await call(
        token,
        '{ search(query: "innsyn", expand: false, first: 50) { hits { saksmappe { id } } } }',
      ),
    );
    return JSON.stringify(hits.search.hits).includes(id);
  };
  const queued = async (id: string) =>
    (
      await env.tdb.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM archive.outbox o JOIN archive.journalpost j ON j.id = o.entity_id
          WHERE j.saksmappe_id = $1 AND o.processed_at IS NULL`,
        [id],
      )
    ).rows[0]!.n;

  test('pasientjournalloven § 22 with pasientjournalforskriften § 14, pbrl. § 5-1: a link the import makes (a D-number replaced by a fødselsnummer) queues the person’s request cases again, in the import’s transaction, and the case is found by the new number', async () => {
    const born = '1988-06-07';
    const dnr = makeSyntheticNationalId(born, 471, false, true);
    const fnr = makeSyntheticNationalId(born, 472, false);
    await runImport(env.tdb.db, 'profil', profilExport(dir, 'imp-1', dnr, '647101', born));
    const o = (
      await env.tdb.db.query<{ id: string }>('SELECT id FROM journal.patient WHERE national_id = $1', [dnr])
    ).rows[0]!.id;
    const id = await register(o, dnr, 'Mari Lysvik', '2024-10-01T09:00:00+02:00');
    await env.stack.index();
    expect(await queued(id)).toBe(0);
    // The source now sends the record with her fødselsnummer: the import links O to its record.
    await runImport(env.tdb.db, 'profil', profilExport(dir, 'imp-2', fnr, '647101', born));
    const links = await env.tdb.db.query(
      `SELECT linked_by FROM journal.patient_link WHERE (patient_a = $1 OR patient_b = $1) AND unlinked_at IS NULL`,
      [o],
    );
    expect(links.rows).toEqual([{ linked_by: 'import' }]);
    const n = await queued(id);
    await env.stack.index();
    // The case's indexed documents (the search backend's own table) carry the person's numbers now:
    // a search by either national id finds them (search-index/postgres.ts: national_ids &&).
    const docs = await env.tdb.db.query<{ national_ids: string[] }>(
      `SELECT DISTINCT d.national_ids FROM search.document d
        WHERE d.id IN (SELECT 'journalpost:' || j.id FROM archive.journalpost j WHERE j.saksmappe_id = $1)`,
      [id],
    );
    expect({ queued: n > 0, documents: docs.rows.map((r) => [...r.national_ids].sort()) }).toEqual({
      queued: true,
      documents: [[dnr, fnr].sort()],
    });
    expect(await foundBy('M-fx7-fnr', [fnr], id)).toBe(true);
  });

  test('pasientjournalloven § 22 with pasientjournalforskriften § 14, pbrl. § 5-1: registerAccessRequest beside an unlink of the patient’s person waits for it (the person lock), so the new case is indexed under the patient’s own person, not the one before the unlink', async () => {
    const NID_K = makeSyntheticNationalId('1962-03-14', 481, false);
    const NID_L = makeSyntheticNationalId('1959-03-15', 482, true);
    const [K, L] = ['pt-fx7-k', 'pt-fx7-l'];
    await insertPatients(env.tdb.db, [
      { id: K, nationalId: NID_K, familyName: 'Kvam', givenName: 'Karin', birthDate: '1962-03-14' },
      { id: L, nationalId: NID_L, familyName: 'Lie', givenName: 'Leif', birthDate: '1959-03-15' },
    ]);
    await linkPatients(env.tdb.db, K, L, 'samme person', 'arkivar-fx7');
    await env.stack.index();

    // The test holds the link's row: the unlink stops at its UPDATE, its person locks held and the
    // cases it sees queued, its change not committed.
    const holder = new Client({ connectionString: env.tdb.url });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query(
      'SELECT 1 FROM journal.patient_link WHERE patient_a = least($1, $2) AND patient_b = greatest($1, $2) FOR UPDATE',
      [K, L],
    );
    const waiters = async (advisory: boolean) =>
      (
        await holder.query<{ n: number }>(
          `SELECT count(DISTINCT pid)::int AS n FROM pg_locks
            WHERE NOT granted AND pid <> pg_backend_pid() AND ($1 = false OR locktype = 'advisory')`,
          [advisory],
        )
      ).rows[0]!.n;
    const until = async (what: string, cond: () => Promise<boolean>) => {
      for (let i = 0; i < 200; i++) {
        if (await cond()) return;
        await new Promise((res) => setTimeout(res, 25));
      }
      throw new Error(`${what} never happened`);
    };
    let unlink: Promise<void>;
    let registered: Promise<string>;
    let registerDone = false;
    try {
      unlink = unlinkPatients(env.tdb.db, K, L, 'to personer', 'arkivar-fx7');
      await until('the unlink waiting', async () => (await waiters(false)) >= 1);
      registered = register(L, NID_L, 'Leif Lie', '2024-10-02T09:00:00+02:00').finally(() => {
        registerDone = true;
      });
      // Registered while the unlink is open (before: it committed and was indexed under K and L
      // together), or waiting for the person lock the unlink holds (now).
      await until('the registration done or waiting', async () => registerDone || (await waiters(true)) >= 1);
      // It waits (the same person lock): registered meanwhile, it would be indexed here.
      expect(registerDone).toBe(false);
      await env.stack.index();
    } finally {
      await holder.query('COMMIT');
      await holder.end();
    }
    await unlink!;
    const id = await registered!;
    await env.stack.index();
    expect({
      byLeif: await foundBy('M-fx7-leif', [NID_L], id),
      byKarin: await foundBy('M-fx7-karin', [NID_K], id),
    }).toEqual({ byLeif: true, byKarin: false });
  });
});
