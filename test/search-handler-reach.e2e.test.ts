/**
 * Search and another case handler's access request (pasientjournalloven § 22 with
 * helsepersonelloven § 21a; lib/policy AccessPolicy.requestHandlerRule): an archivist A on
 * purpose ACCESS_REQUEST with a request of their own for patient P reaches P, but not the
 * case of another handler's request for P (its journalposts, its documents), on any search
 * path: hits, highlights, totals, the term report, suggested terms, more-like-this from a
 * marked page, the recall estimate's sample, coverage counts, nor the hit's saksmappe through
 * federation. The archive refuses that case on its own paths (subgraphs/archive/resolvers.ts
 * reachableCase); search scoped per patient only and found it (found in review). Through the
 * gateway on real PostgreSQL, once with the Elasticsearch backend and once with the
 * PostgreSQL full-text backend.
 */
import { randomUUID } from 'node:crypto';
import { createHash } from 'node:crypto';
import { textPdf } from '../dev/pdf';
import { gql } from '../dev/services';
import { registerAccessRequest } from '../dev/access-requests';
import { BOTH_SEARCH_BACKENDS, type TestStack } from '../dev/test-stack';
import { makeSyntheticNationalId } from '../lib/national-id';

type Body = { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
const codes = (body: Body) => (body.errors ?? []).map((e) => e.extensions?.code);

const RULE =
  'an archivist on purpose ACCESS_REQUEST handles only the access requests they are saksansvarlig for';

describe.each(BOTH_SEARCH_BACKENDS)(
  'pasientjournalloven § 22 with helsepersonelloven § 21a: search gives a case handler nothing of another handler’s access request for the same patient (%s)',
  (backendName, start) => {
    let env: TestStack;
    const P = {
      id: 'shr-p',
      nationalId: makeSyntheticNationalId('1981-04-12', 31, true),
      birth: '1981-04-12',
    };
    const subA = 'shr-handler-a';
    const subB = 'shr-handler-b';
    const subC = 'shr-handler-c';
    let a: string;
    let b: string;
    let admin: string;
    let caseA: string;
    let caseB: string;
    let caseC: string;
    const docB = 'shr-doc-b';
    const call = (token: string, query: string, variables?: Record<string, unknown>) =>
      gql(env.stack.gateway.url, query, { token, variables });

    const register = (token: string, requesterName: string) =>
      registerAccessRequest(env.stack.gateway.url, token, {
        patientId: P.id,
        patientNationalId: P.nationalId,
        requesterName,
        relation: 'THIRD_PARTY',
        legalInterest: 'Erstatningssak',
        patientConsent: true,
        receivedAt: new Date(Date.now() - 3600 * 1000).toISOString(),
      });

    beforeAll(async () => {
      env = await start();
      expect(env.stack.backend.name).toBe(backendName);
      const db = env.tdb.db;
      await db.query(
        `INSERT INTO journal.patient (id, national_id, family_name, given_name, birth_date) VALUES ($1, $2, 'Testesen', 'Kari', $3)`,
        [P.id, P.nationalId, P.birth],
      );
      await db.query(
        `INSERT INTO journal.journal_entry (id, patient_id, source_system, source_id, entry_type, written_at, text)
         VALUES ('shr-note', $1, 'HELSEPLATTFORMEN', 'shr-note', 'Journalnotat', '2024-03-01T10:00:00+01:00', 'Samtale om zqxeigennotat og søvn.')`,
        [P.id],
      );
      await db.query(
        `INSERT INTO journal.outbox (entity_type, entity_id) VALUES ('journal_entry', 'shr-note')`,
      );
      // More of P's notes, none about the request: the background suggested terms stand out from.
      for (let i = 0; i < 20; i++) {
        await db.query(
          `INSERT INTO journal.journal_entry (id, patient_id, source_system, source_id, entry_type, written_at, text)
           VALUES ($1, $2, 'HELSEPLATTFORMEN', $1, 'Journalnotat', $3, $4)`,
          [
            `shr-fill-${i}`,
            P.id,
            `2023-0${1 + (i % 9)}-1${i % 10}T10:00:00+01:00`,
            `Tilsyn ${i}: spiste middag, gikk tur, sov godt.`,
          ],
        );
        await db.query(`INSERT INTO journal.outbox (entity_type, entity_id) VALUES ('journal_entry', $1)`, [
          `shr-fill-${i}`,
        ]);
      }
      a = await env.stack.token({ sub: subA, role: 'archivist', purpose: 'ACCESS_REQUEST' });
      b = await env.stack.token({ sub: subB, role: 'archivist', purpose: 'ACCESS_REQUEST' });
      const c = await env.stack.token({ sub: subC, role: 'archivist', purpose: 'ACCESS_REQUEST' });
      admin = await env.stack.token({
        sub: 'shr-admin',
        role: 'archivist',
        purpose: 'ARCHIVE_ADMINISTRATION',
      });
      caseA = await register(a, 'Zqxalfasen');
      caseB = await register(b, 'Zqxbetasen');
      // C's request for P, already closed: the archive refuses it to A as well (reachableCase).
      caseC = await register(c, 'Zqxgammasen');
      const closed = await call(
        c,
        `mutation { closeAccessRequest(saksmappeId: "${caseC}", decision: { outcome: GRANTED, handedOut: "Kopi av journalen" }) { closedAt } }`,
      );
      expect(closed.body.errors).toBeUndefined();
      // A document of B's case (the request letter, three pages), read by the real extractor.
      const jp = (
        await db.query<{ id: string }>(
          'SELECT incoming_journalpost_id AS id FROM archive.access_request WHERE saksmappe_id = $1',
          [caseB],
        )
      ).rows[0]!.id;
      const pdf = textPdf([
        ['Begjæring om innsyn fra Zqxbetasen', 'zqxbetadok gjelder erstatningskrav etter behandlingen'],
        ['Om denne begjæring: zqxbetadok side to', 'advokaten ber om kopi av epikriser og røntgenbilder'],
        ['Tredje side zqxbetadok, begjæring signert', 'fullmakt fra pasienten datert i fjor høst'],
      ]);
      await db.query(
        `INSERT INTO archive.dokumentbeskrivelse (id, journalpost_id, ordinal, dokumentnummer, tittel) VALUES ($1, $2, 0, 1, 'Begjæring')`,
        [`${docB}-b`, jp],
      );
      await db.query(
        `INSERT INTO archive.dokumentobjekt (id, dokumentbeskrivelse_id, ordinal, referanse_dokumentfil, format, sjekksum, filstoerrelse, content)
         VALUES ($1, $2, 0, 'DOKUMENT/begjaering.pdf', 'PDF', $3, $4, $5)`,
        [docB, `${docB}-b`, createHash('sha256').update(pdf).digest('hex'), pdf.length, pdf],
      );
      await env.stack.extractDocuments();
      await env.stack.index();
    });

    afterAll(async () => {
      await env?.stop();
    });

    const searchAll = (token: string, query: string, extra = '') =>
      call(
        token,
        `{ search(query: ${JSON.stringify(query)}, first: 50${extra}) { total hits { kind highlights documentId saksmappe { id } } termReport { kind hits } } }`,
      );

    test('the index holds B’s case (as the archive’s administrator finds it): the attack has something to find', async () => {
      const r = await searchAll(admin, 'Zqxbetasen');
      expect(r.body.errors).toBeUndefined();
      const kinds = (r.body.data.search.hits as { kind: string }[]).map((h) => h.kind).sort();
      expect(kinds).toEqual(['archive_document', 'journalpost']);
      const pages = await searchAll(admin, 'zqxbetadok');
      expect(pages.body.data.search.hits.map((h: { documentId: string }) => h.documentId)).toEqual([
        docB,
        docB,
        docB,
      ]);
      // A's own case and P's notes are A's (the scope works for A).
      const own = await searchAll(a, 'Zqxalfasen');
      expect(own.body.errors).toBeUndefined();
      expect(own.body.data.search.total).toBe(1);
      expect(own.body.data.search.hits[0].saksmappe).toEqual({ id: caseA });
      const note = await searchAll(a, 'zqxeigennotat');
      expect(note.body.data.search.total).toBe(1);
    });

    test('pasientjournalloven § 22 with helsepersonelloven § 21a: a word only in another handler’s request case (journalpost and document pages) gives A no hit, highlight or count, over everything, for the patient, and on Patient.search', async () => {
      for (const word of ['Zqxbetasen', 'zqxbetadok', 'Zqxgammasen']) {
        for (const extra of ['', ', kinds: ["journalpost", "archive_document"]']) {
          const r = await searchAll(a, word, extra);
          expect([word, extra, r.body.errors]).toEqual([word, extra, undefined]);
          expect([word, extra, r.body.data.search.total, r.body.data.search.hits]).toEqual([
            word,
            extra,
            0,
            [],
          ]);
          for (const row of r.body.data.search.termReport)
            expect([word, row]).toEqual([word, { ...row, hits: 0 }]);
        }
        const onPatient = await call(
          a,
          `{ patient(id: "${P.id}") { search(query: ${JSON.stringify(word)}, first: 50) { total hits { documentId highlights } } } }`,
        );
        expect(onPatient.body.errors).toBeUndefined();
        expect([word, onPatient.body.data.patient.search]).toEqual([word, { total: 0, hits: [] }]);
      }
      // B, likewise, gets nothing of A's case.
      const rb = await searchAll(b, 'Zqxalfasen');
      expect(rb.body.errors).toBeUndefined();
      expect(rb.body.data.search.total).toBe(0);
    });

    test('pasientjournalloven § 22 with helsepersonelloven § 21a: suggested terms over the patient’s records are not words of another handler’s request case', async () => {
      const r = await call(
        a,
        `{ search(query: "begjæring", first: 50) { total hits { saksmappe { id } } suggestedTerms { term docs } } }`,
      );
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data.search.hits).toEqual([{ saksmappe: { id: caseA } }]);
      const terms = (r.body.data.search.suggestedTerms as { term: string }[]).map((t) =>
        t.term.toLowerCase(),
      );
      expect(terms.filter((t) => /zqxbeta|zqxgamma|erstatningskrav/.test(t))).toEqual([]);
      // The same search by the archive's administrator does suggest them (the check can fail).
      const all = await call(
        admin,
        `{ patient(id: "${P.id}") { search(query: "begjæring", first: 50) { suggestedTerms { term } } } }`,
      );
      expect(
        (all.body.data.patient.search.suggestedTerms as { term: string }[]).some((t) =>
          /zqxbeta|erstatningskrav/i.test(t.term),
        ),
      ).toBe(true);
    });

    test('pasientjournalloven § 22 with helsepersonelloven § 21a: a page of another handler’s request case marked for more-like-this shapes nothing', async () => {
      const like = [`document:${docB}:1`];
      const r = await call(
        a,
        `query ($like: [ID!]) { search(query: "zqxingentingher", moreLikeThis: $like, first: 50) { total hits { documentId } termReport { kind hits } } }`,
        { like },
      );
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data.search.total).toBe(0);
      expect(r.body.data.search.hits).toEqual([]);
      // The archive's administrator marking the same page finds its other pages (the check can fail).
      const all = await call(
        admin,
        `query ($like: [ID!]) { search(query: "zqxingentingher", moreLikeThis: $like, first: 50) { total } }`,
        { like },
      );
      expect(all.body.data.search.total).toBeGreaterThan(0);
    });

    test('pasientjournalloven § 22 with helsepersonelloven § 21a: the recall estimate counts and samples none of another handler’s request case', async () => {
      const r = await call(
        a,
        `{ patient(id: "${P.id}") { searchElusion(query: "Zqxalfasen", sample: 50) { found notFound possiblyRelevant sample { kind documentId saksmappe { id } journalEntry { id } } } } }`,
      );
      expect(r.body.errors).toBeUndefined();
      const e = r.body.data.patient.searchElusion;
      // Found: A's journalpost; not found: P's 21 notes. Nothing of B's or C's case.
      expect(e.found).toBe(1);
      expect(e.notFound).toBe(21);
      expect(e.sample).toHaveLength(21);
      for (const h of e.sample)
        expect(h).toEqual({
          kind: 'journal_entry',
          documentId: null,
          saksmappe: null,
          journalEntry: { id: expect.stringMatching(/^shr-/) },
        });
    });

    test('pasientjournalloven § 22 with helsepersonelloven § 21a: search coverage counts none of another handler’s request case', async () => {
      const q = `{ patient(id: "${P.id}") { searchCoverage { systems { kind sourceSystem records searchable indexed documents { documents } } } } }`;
      const r = await call(a, q);
      expect(r.body.errors).toBeUndefined();
      const systems = r.body.data.patient.searchCoverage.systems as {
        kind: string;
        records: number;
        indexed: number;
      }[];
      const archive = systems.filter((s) => s.kind !== 'journal_entry');
      // A's case: one journalpost; B's and C's journalposts and B's document are not counted.
      expect(archive).toEqual([
        {
          kind: 'journalpost',
          sourceSystem: 'SAKARKIV',
          records: 1,
          searchable: 1,
          indexed: 1,
          documents: null,
        },
      ]);
      const all = await call(admin, q);
      const allArchive = (
        all.body.data.patient.searchCoverage.systems as { kind: string; records: number }[]
      ).filter((s) => s.kind !== 'journal_entry');
      expect(allArchive.find((s) => s.kind === 'journalpost')!.records).toBeGreaterThan(1);
      expect(allArchive.some((s) => s.kind === 'archive_document')).toBe(true);
    });

    test('pasientjournalloven § 22 with helsepersonelloven § 21a: the access log names no read of another handler’s case by A, and the hidden hits are silent (as the per-patient scope is)', async () => {
      const ids = (
        await env.tdb.db.query<{ id: string }>(
          'SELECT id FROM archive.journalpost WHERE saksmappe_id = ANY($1::text[])',
          [[caseB, caseC]],
        )
      ).rows.map((r) => r.id);
      const rows = await env.tdb.db.query<{ entity_ids: string[]; outcome: string; rule: string | null }>(
        `SELECT entity_ids, outcome, rule FROM audit.access_log WHERE user_id = $1 AND subgraph = 'search'`,
        [subA],
      );
      expect(rows.rows.length).toBeGreaterThan(0);
      const named = rows.rows.filter((r) => (r.entity_ids ?? []).some((e) => ids.includes(e) || e === docB));
      expect(named).toEqual([]);
      expect(rows.rows.filter((r) => r.outcome === 'denied')).toEqual([]);
    });

    test('pasientjournalloven § 22 with helsepersonelloven § 21a: a search hit’s saksmappe of another handler’s request is refused through federation, as saksmappe(id) is', async () => {
      const byId = await call(a, `{ saksmappe(id: "${caseB}") { id tittel } }`);
      expect(byId.body.data?.saksmappe ?? null).toBeNull();
      expect(byId.body.errors?.map((e) => e.message)).toEqual([RULE]);
      // The reference a search hit carries, resolved by the archive subgraph as the gateway asks it.
      const archive = env.stack.subgraphs.find((s) => s.name === 'archive')!;
      const r = await gql(
        archive.url,
        'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Saksmappe { id tittel } } }',
        {
          variables: { r: [{ __typename: 'Saksmappe', id: caseB }] },
          caller: {
            caller: {
              userId: subA,
              role: 'archivist',
              purpose: 'ACCESS_REQUEST',
              selfAuthorized: false,
              requestId: randomUUID(),
            },
            secret: env.config.internalSecret,
            subgraph: 'archive',
          },
        },
      );
      expect(JSON.stringify(r.body.data ?? {})).not.toContain('Zqxbetasen');
      expect(codes(r.body)).toEqual(['FORBIDDEN']);
    });

    test('pasientjournalloven § 22 with helsepersonelloven § 21a: handing B’s request over to A (handOverAccessRequest) moves its case into A’s search at once, without reindexing, and out of B’s', async () => {
      const h = await call(
        admin,
        `mutation { handOverAccessRequest(saksmappeId: "${caseB}", saksansvarlig: "${subA}") { saksansvarlig } }`,
      );
      expect(h.body.errors).toBeUndefined();
      // A now handles two open requests for P: a search over A's patients says which request
      // it serves (pasientjournalforskriften § 14; test/access-request-basis-s44.e2e.test.ts).
      const unnamed = await searchAll(a, 'Zqxbetasen');
      expect(codes(unnamed.body)).toEqual(['FORBIDDEN']);
      expect(unnamed.body.errors?.[0]?.message).toMatch(/more than one open access request/);
      const onB = await env.stack.token({
        sub: subA,
        role: 'archivist',
        purpose: 'ACCESS_REQUEST',
        matter: caseB,
      });
      expect((await searchAll(onB, 'Zqxbetasen')).body.data.search.total).toBe(2);
      const r = await searchAll(onB, 'zqxbetadok');
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data.search.total).toBe(3);
      const hits = r.body.data.search.hits as {
        saksmappe: { id: string } | null;
        documentId: string | null;
      }[];
      expect(new Set(hits.map((x) => x.saksmappe?.id))).toEqual(new Set([caseB]));
      expect(hits.filter((x) => x.documentId === docB)).toHaveLength(3);
      // B has no request left: no one is reached.
      const rb = await searchAll(b, 'Zqxbetasen');
      expect(codes(rb.body)).toEqual(['FORBIDDEN']);
      // C's closed request stays C's.
      expect((await searchAll(onB, 'Zqxgammasen')).body.data.search.total).toBe(0);
    });
  },
);
