/**
 * Task s46, defect 2: an access request's case follows the patient whose record is requested
 * (lib/policy accessRequestSubject; review s45, test/access-review-s45b.e2e.test.ts) on the paths
 * that still read the national id it was filed with. Karin Kvam and Leif Lie, spouses, were linked
 * as one person by mistake; while linked, Karin asked for Leif's record, and the request was filed
 * under Leif's record (PT_L) with the national id the linked person showed (Karin's). After the
 * unlink: (1) search indexed the case's journalposts and pages under Karin's national id, so a search
 * by Leif's own matter did not find them, though saksmappe(id) and the dossier did; (2) the journal's
 * deletion check (helsepersonelloven § 43, record-cases.ts deletionBlockers) refused Karin's deletions
 * for Leif's open request; (3) the access-request statistics counted the request as Karin's, so her
 * own request and Leif's were one person. Real PostgreSQL and both search backends, through the
 * gateway.
 */
import { gql } from '../dev/services';
import { LERKENDAL } from '../dev/access-requests';
import { BOTH_SEARCH_BACKENDS, type TestStack } from '../dev/test-stack';
import { insertPatients } from '../subgraphs/journal/store';
import { deletionBlockers } from '../subgraphs/journal/record-cases';
import { archiveStatisticsTables } from '../subgraphs/archive/statistics';
import { makeSyntheticNationalId } from '../lib/national-id';

describe.each(BOTH_SEARCH_BACKENDS)('search backend %s', (backend, start) => {
  const NID_K = makeSyntheticNationalId('1962-03-14', 461, false);
  const NID_L = makeSyntheticNationalId('1959-03-15', 462, true);
  const PT_K = `pt-s46-k-${backend}`;
  const PT_L = `pt-s46-l-${backend}`;
  let env: TestStack;

  beforeAll(async () => {
    env = await start();
    await insertPatients(env.tdb.db, [
      { id: PT_K, nationalId: NID_K, familyName: 'Kvam', givenName: 'Karin', birthDate: '1962-03-14' },
      { id: PT_L, nationalId: NID_L, familyName: 'Lie', givenName: 'Leif', birthDate: '1959-03-15' },
    ]);
  }, 120_000);
  afterAll(async () => {
    await env?.stop();
  });

  const call = async (token: string, query: string, variables?: Record<string, unknown>) =>
    (await gql(env.stack.gateway.url, query, { token, variables })).body;
  const ok = (b: { errors?: unknown; data?: unknown }) => {
    expect(b.errors).toBeUndefined();
    return b.data as Record<string, any>;
  };
  const admin = () =>
    env.stack.token({ sub: 'arkivar-s46', role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });
  const REGISTER = `mutation ($i: RegisterAccessRequestInput!) {
    registerAccessRequest(input: $i) { saksmappe { id } } }`;

  test('pasientjournalloven § 22 with pasientjournalforskriften § 14, pbrl. § 5-1, helsepersonelloven § 43: after an unlink an access-request case is found by a search of the patient’s own matter (re-indexed at the unlink), not the relative’s; it stops the patient’s deletions only, and counts as the patient’s in the statistics', async () => {
    const db = env.tdb.db;
    ok(
      await call(
        await admin(),
        `mutation { linkPatients(a: "${PT_K}", b: "${PT_L}", reason: "samme person") { id } }`,
      ),
    );
    const handler = await env.stack.token({
      sub: 'saksbehandler-s46',
      role: 'archivist',
      purpose: 'ACCESS_REQUEST',
    });
    const id: string = ok(
      await call(handler, REGISTER, {
        i: {
          administrativEnhet: LERKENDAL,
          patientId: PT_L,
          patientNationalId: NID_K,
          patientName: 'Leif Lie',
          requesterName: 'Karin Kvam',
          requesterKinship: 'SPOUSE_OR_PARTNER',
          relation: 'OTHER_RELATIVE',
          receivedAt: '2024-09-16T09:10:00+02:00',
        },
      }),
    ).registerAccessRequest.saksmappe.id;
    // Indexed while the two records were one person.
    await env.stack.index();
    ok(
      await call(
        await admin(),
        `mutation { unlinkPatients(a: "${PT_K}", b: "${PT_L}", reason: "to personer") { id } }`,
      ),
    );
    // The unlink queued the case's search documents again (they name the person).
    const queued = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM archive.outbox o JOIN archive.journalpost j ON j.id = o.entity_id
        WHERE j.saksmappe_id = $1 AND o.processed_at IS NULL`,
      [id],
    );
    expect(queued.rows[0]!.n).toBeGreaterThan(0);
    await env.stack.index();

    const found = async (token: string) => {
      const hits = ok(
        await call(
          token,
          '{ search(query: "innsyn", expand: false, first: 50) { hits { saksmappe { id } } } }',
        ),
      );
      const byId = await call(token, `{ saksmappe(id: "${id}") { id } }`);
      return {
        hit: JSON.stringify(hits.search.hits).includes(id),
        saksmappe: byId.data?.saksmappe?.id === id,
      };
    };
    const onLeif = await env.stack.matterToken(
      { id: `M-s46-leif-${backend}`, patientIds: [PT_L] },
      { sub: 'jurist-s46-l' },
    );
    const onKarin = await env.stack.matterToken(
      { id: `M-s46-karin-${backend}`, nationalIds: [NID_K] },
      { sub: 'jurist-s46-k' },
    );
    // Every path of the patient's own matter finds it, search too; the relative's matter none.
    expect({ leif: await found(onLeif), karin: await found(onKarin) }).toEqual({
      leif: { hit: true, saksmappe: true },
      karin: { hit: false, saksmappe: false },
    });

    // The deletion check: Leif's open request stops deletions in Leif's record, not in Karin's.
    expect((await deletionBlockers(db, PT_L)).join('\n')).toMatch(/open access request/);
    expect(await deletionBlockers(db, PT_K)).toEqual([]);

    // Statistics: Karin's own request beside Leif's is two persons' requests.
    ok(
      await call(handler, REGISTER, {
        i: {
          administrativEnhet: LERKENDAL,
          patientId: PT_K,
          patientNationalId: NID_K,
          patientName: 'Karin Kvam',
          requesterName: 'Karin Kvam',
          relation: 'PATIENT',
          receivedAt: '2024-09-17T09:10:00+02:00',
        },
      }),
    );
    const total = (
      await archiveStatisticsTables['access-requests'].load(db, { from: '2024-09', to: '2024-09' })
    )
      .filter((r) => r.keys.every((k) => k === null))
      .map((r) => ({ count: r.count, persons: r.persons }));
    expect(total).toEqual([{ count: 2, persons: 2 }]);
  });
});
