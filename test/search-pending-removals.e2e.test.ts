/**
 * A note deleted (helsepersonelloven § 43) or moved to another patient's record (§ 44) is out
 * of search from the moment the deletion or move is committed, not once the indexer has
 * drained the outbox (500 ms by default; as long as it is down or behind). Here the indexer
 * never drains between the change and the searches (the test stack drains only when asked):
 * hits, highlights, totals, the term report, suggested terms, more-like-this seeds, the
 * recall estimate's sample, a search over everyone and a dossier built from search leave the
 * note out, as does the current note whose earlier versions held a deleted version's text.
 * Through the gateway on real PostgreSQL, once with the Elasticsearch backend and once with
 * the PostgreSQL full-text backend.
 */
import { gql } from '../dev/services';
import { BOTH_SEARCH_BACKENDS, insertQueuedNote, type TestStack } from '../dev/test-stack';
import { makeSyntheticNationalId } from '../lib/national-id';
import { drainOutbox } from '../search-index/indexer';
import { journalOutbox } from '../subgraphs/journal/outbox';

type Body = { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };

const P = { id: 'pr-p', nationalId: makeSyntheticNationalId('1979-04-04', 51, true), birth: '1979-04-04' };
const Q = { id: 'pr-q', nationalId: makeSyntheticNationalId('1984-08-08', 52, false), birth: '1984-08-08' };
const FULL_43 = {
  generallyUnobjectionable: true,
  archiveLawAllows: true,
  wrongOrMisleadingAndBurdensome: true,
  obviouslyNotNeededForCare: true,
};

describe.each(BOTH_SEARCH_BACKENDS)(
  'search never serves a deleted or moved note (%s)',
  (backendName, start) => {
    let env: TestStack;
    let archivist: string;
    let ansvarlig: string;
    let legal: string;
    const call = (token: string, query: string, variables?: Record<string, unknown>) =>
      gql(env.stack.gateway.url, query, { token, variables }) as Promise<{ body: Body }>;

    const note = (
      id: string,
      text: string,
      extra: { patient?: string; day?: string; status?: string; replaces?: string } = {},
    ) =>
      insertQueuedNote(env.tdb.db, {
        id,
        text,
        patientId: extra.patient ?? P.id,
        writtenAt: `${extra.day ?? '2022-02-01'}T10:00:00+01:00`,
        status: extra.status,
        replaces: extra.replaces,
      });

    const SEARCH = `query ($q: String!, $like: [ID!]) { patient(id: "${P.id}") {
      search(query: $q, expand: false, first: 50, moreLikeThis: $like) {
        total hits { journalEntry { id } highlights matchedIn } termReport { expansion hits } suggestedTerms { term } } } }`;

    async function search(q: string, like?: string[], token = archivist) {
      const r = await call(token, SEARCH, { q, like });
      expect(r.body.errors).toBeUndefined();
      return r.body.data.patient.search as {
        total: number;
        hits: { journalEntry: { id: string }; highlights: string[]; matchedIn: string }[];
        termReport: { expansion: string; hits: number }[];
        suggestedTerms: { term: string }[];
      };
    }
    const ids = (r: { hits: { journalEntry: { id: string } }[] }) =>
      r.hits.map((h) => h.journalEntry.id).sort();
    /** The term report's rows that match anything (an archivist's also lists `earlier:` rows). */
    const counted = (r: { termReport: { expansion: string; hits: number }[] }) =>
      r.termReport.filter((t) => t.hits);

    async function elusionSample(q: string) {
      const r = await call(
        archivist,
        `{ patient(id: "${P.id}") { searchElusion(query: "${q}", sample: 50, seed: 7, expand: false) {
          found notFound sample { journalEntry { id } highlights } } } }`,
      );
      expect(r.body.errors).toBeUndefined();
      return r.body.data.patient.searchElusion as {
        found: number;
        notFound: number;
        sample: { journalEntry: { id: string } }[];
      };
    }

    async function everyone(q: string) {
      const r = await call(
        archivist,
        `{ search(query: "${q}", expand: false, first: 50) { total hits { journalEntry { id } } } }`,
      );
      expect(r.body.errors).toBeUndefined();
      return r.body.data.search as { total: number; hits: { journalEntry: { id: string } }[] };
    }

    async function dossierConcepts(concept: string) {
      const r = await call(
        archivist,
        `query ($c: [String!]) { dossier(patientId: "${P.id}", concepts: $c) { items { recordId concepts { concept highlights } } } }`,
        { c: [concept] },
      );
      expect(r.body.errors).toBeUndefined();
      return (r.body.data.dossier.items as { recordId: string; concepts: { highlights: string[] }[] }[])
        .filter((i) => i.concepts.length)
        .map((i) => i.recordId)
        .sort();
    }

    async function deleteNote(id: string) {
      const r = await call(
        ansvarlig,
        `mutation ($id: ID!, $a: RecordAssessmentInput!) { deleteJournalEntry(id: $id, legalBasis: "Feil og belastende", assessment: $a) { id } }`,
        { id, a: FULL_43 },
      );
      expect(r.body.errors).toBeUndefined();
    }

    beforeAll(async () => {
      env = await start();
      expect(env.stack.backend.name).toBe(backendName);
      for (const p of [P, Q])
        await env.tdb.db.query(
          `INSERT INTO journal.patient (id, national_id, family_name, given_name, birth_date) VALUES ($1, $2, 'Lerstad', 'Siv', $3)`,
          [p.id, p.nationalId, p.birth],
        );
      archivist = await env.stack.token({
        sub: 'arkivar-pr',
        role: 'archivist',
        purpose: 'ARCHIVE_ADMINISTRATION',
      });
      ansvarlig = await env.stack.token({
        sub: 'ansvarlig-pr',
        role: 'journalansvarlig',
        purpose: 'RECORD_CORRECTION',
      });
      legal = await env.stack.matterToken({ id: 'M-PR', patientIds: [P.id] }, { sub: 'jurist-pr' });
      // Two notes to delete, with a word of their own (zqxhemmelig) and one they share with the rest (zqxfelles).
      await note(
        'pr-del-1',
        'Kaster stoler i fellesrommet, roper zqxhemmelig til personalet og sparker zqxfelles i døra.',
      );
      await note('pr-del-2', 'Samtale om zqxhemmelig uro, zqxfelles tema i samtalen.', { day: '2022-02-02' });
      // Notes that stay: one like the first deleted note (more-like-this), two with the shared word.
      await note('pr-like', 'Roper til personalet i fellesrommet, sparker i døra og kaster stoler igjen.', {
        day: '2022-02-03',
      });
      await note('pr-keep-1', 'Kontroll: zqxfelles funn, ellers rolig.', { day: '2022-02-04' });
      await note('pr-keep-2', 'Samtale: zqxfelles tema tatt opp igjen.', { day: '2022-02-05' });
      // A note written in the wrong patient's record, to be moved to Q's (§ 44).
      await note('pr-move', 'Notat om zqxflytt skrevet i feil journal.', { day: '2022-02-06' });
      // A superseded source version (zqxgammel) and the current note that replaces it: the
      // current note's document holds the superseded text among its earlier versions.
      await note('pr-old', 'Første versjon: zqxgammel nevnt.', { day: '2022-02-07', status: 'superseded' });
      await note('pr-new', 'Rettet versjon av notatet.', { day: '2022-02-07', replaces: 'pr-old' });
      await env.stack.index();
    }, 180_000);

    afterAll(async () => {
      await env?.stop();
    });

    test('helsepersonelloven § 43: from its commit, with the indexer not drained, a deleted note is in no hit, highlight, total, term-report row, suggested term, more-like-this seed, recall-estimate sample, search over everyone or dossier', async () => {
      // Before: every path serves the notes (so the test can fail).
      const before = await search('zqxhemmelig');
      expect(ids(before)).toEqual(['pr-del-1', 'pr-del-2']);
      expect(counted(before)).toEqual([{ expansion: 'word:zqxhemmelig', hits: 2 }]);
      const sharedBefore = await search('zqxfelles');
      expect(ids(sharedBefore)).toEqual(['pr-del-1', 'pr-del-2', 'pr-keep-1', 'pr-keep-2']);
      // Elasticsearch suggests the word, PostgreSQL its lexeme (zqxhemm).
      expect(sharedBefore.suggestedTerms.some((t) => t.term.startsWith('zqxhemm'))).toBe(true);
      expect(ids(await search('zqxingenting', ['pr-del-1']))).toEqual(['pr-like']);
      expect((await elusionSample('zqxkeepnone')).sample.map((h) => h.journalEntry.id)).toContain('pr-del-1');
      expect(ids(await everyone('zqxhemmelig'))).toEqual(['pr-del-1', 'pr-del-2']);
      expect(await dossierConcepts('zqxhemmelig')).toEqual(['pr-del-1', 'pr-del-2']);

      await deleteNote('pr-del-1');
      await deleteNote('pr-del-2');
      // Nothing drained: the outbox rows wait, and the index still holds the documents.
      const waiting = await env.tdb.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM journal.outbox WHERE processed_at IS NULL AND removal`,
      );
      expect(waiting.rows[0]!.n).toBe(2);
      expect(await journalOutbox(env.tdb.db).pendingRemovals!()).toEqual(
        expect.arrayContaining(['pr-del-1', 'pr-del-2']),
      );

      const after = await search('zqxhemmelig');
      expect(after.total).toBe(0);
      expect(after.hits).toEqual([]);
      expect(after.termReport).toContainEqual({ expansion: 'word:zqxhemmelig', hits: 0 });
      expect(counted(after)).toEqual([]);
      const shared = await search('zqxfelles');
      expect(shared.total).toBe(2);
      expect(ids(shared)).toEqual(['pr-keep-1', 'pr-keep-2']);
      expect(shared.hits.flatMap((h) => h.highlights).join(' ')).not.toMatch(/zqxhemmelig|stoler/);
      expect(counted(shared)).toEqual([{ expansion: 'word:zqxfelles', hits: 2 }]);
      expect(shared.suggestedTerms.some((t) => t.term.startsWith('zqxhemm'))).toBe(false);
      // The deleted note as a more-like-this seed shapes nothing.
      const like = await search('zqxingenting', ['pr-del-1']);
      expect(like.hits).toEqual([]);
      expect(like.termReport.find((t) => t.expansion === 'more-like-this')?.hits ?? 0).toBe(0);
      // The recall estimate neither counts it nor samples it.
      const elusion = await elusionSample('zqxkeepnone');
      expect(elusion.sample.map((h) => h.journalEntry.id)).not.toContain('pr-del-1');
      expect(elusion.sample.map((h) => h.journalEntry.id)).not.toContain('pr-del-2');
      expect(elusion.found + elusion.notFound).toBe(5);
      expect((await everyone('zqxhemmelig')).total).toBe(0);
      expect(await dossierConcepts('zqxhemmelig')).toEqual([]);
      // A legal user of the patient's matter alike.
      expect((await search('zqxhemmelig', undefined, legal)).total).toBe(0);

      // Once drained, the index holds none of it and nothing is left out any more.
      await env.stack.index();
      expect(await journalOutbox(env.tdb.db).pendingRemovals!()).toEqual([]);
      expect((await search('zqxhemmelig')).total).toBe(0);
      expect(ids(await search('zqxfelles'))).toEqual(['pr-keep-1', 'pr-keep-2']);
    });

    test('helsepersonelloven § 43: the current note that replaces a deleted source version is left out until written again without that version’s text', async () => {
      const before = await search('zqxgammel', undefined, legal);
      expect(ids(before)).toEqual(['pr-new']);
      expect(before.hits[0]!.matchedIn).toBe('EARLIER_VERSION');
      await deleteNote('pr-old');
      const after = await search('zqxgammel', undefined, legal);
      expect(after.total).toBe(0);
      expect(after.termReport.every((t) => t.hits === 0)).toBe(true);
      await env.stack.index();
      // Written again without it: found by its own text, not by the deleted one.
      expect((await search('zqxgammel', undefined, legal)).total).toBe(0);
      expect(ids(await search('Rettet', undefined, legal))).toEqual(['pr-new']);
    });

    test('helsepersonelloven § 44: from its commit, with the indexer not drained, a note moved to another patient’s record is not served under the patient it was moved from', async () => {
      expect(ids(await search('zqxflytt'))).toEqual(['pr-move']);
      const reg = await call(
        archivist,
        `mutation ($i: RegisterRecordCaseInput!) { registerRecordCase(input: $i) { id } }`,
        {
          i: {
            entryId: 'pr-move',
            ground: 'HPL_44',
            requestedBy: 'HEALTH_PERSONNEL',
            claim: 'Skrevet på feil pasient',
            rightPatientId: Q.id,
          },
        },
      );
      expect(reg.body.errors).toBeUndefined();
      const moved = await call(
        ansvarlig,
        `mutation ($id: ID!, $a: RecordAssessmentInput) { decideRecordCase(id: $id, decision: DONE, reasons: "Gjelder den andre pasienten", assessment: $a) { status } }`,
        { id: reg.body.data.registerRecordCase.id, a: { wrongPerson: true, publicInterestAgainst: false } },
      );
      expect(moved.body.errors).toBeUndefined();
      expect(moved.body.data.decideRecordCase.status).toBe('DONE');
      const after = await search('zqxflytt');
      expect(after.total).toBe(0);
      expect(after.termReport).toContainEqual({ expansion: 'word:zqxflytt', hits: 0 });
      expect(counted(after)).toEqual([]);
      expect((await everyone('zqxflytt')).total).toBe(0);
      expect((await search('zqxflytt', undefined, legal)).total).toBe(0);
      // Drained: found under the right patient only.
      await env.stack.index();
      expect((await search('zqxflytt')).total).toBe(0);
      const right = await call(
        archivist,
        `{ patient(id: "${Q.id}") { search(query: "zqxflytt", expand: false) { hits { journalEntry { id } } } } }`,
      );
      expect(right.body.data.patient.search.hits).toEqual([{ journalEntry: { id: 'pr-move' } }]);
    });

    test('helsepersonelloven § 43: the indexer makes a removal visible in the index before it marks the change processed (no window in which neither leaves the note out)', async () => {
      await note('pr-late', 'Notat om zqxsent som slettes.', { day: '2022-02-08' });
      await env.stack.index();
      expect(ids(await search('zqxsent'))).toEqual(['pr-late']);
      await deleteNote('pr-late');
      // The indexer's own drain, with no refresh after it: the next search must not find the note.
      await drainOutbox(journalOutbox(env.tdb.db), env.stack.backend);
      expect(await journalOutbox(env.tdb.db).pendingRemovals!()).toEqual([]);
      expect((await search('zqxsent')).total).toBe(0);
    });
  },
);
