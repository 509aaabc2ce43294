/**
 * Stop 46: gaps stop 45 left in search, on both search backends, through the gateway.
 *
 * 1. On PostgreSQL a near rule's words (its word and its context words) were highlighted
 *    wherever they stood in a note the rule matched (ts_headline marks every word of its query);
 *    Elasticsearch marks the rule's span only (intervals). A reviewer reading the marks took the
 *    lone word for the rule's match (pasientjournalloven § 22; review s44, case 2).
 * 2. Search over a note's earlier versions (helsepersonelloven § 42: a corrected note keeps
 *    what it said; pasientjournalloven § 22: who may search it) had no phrases or near rules:
 *    a note whose earlier text alone said "tatt lua" (a mobbing phrase) or "alene i
 *    friminuttet" (a near rule) was not found by "mobbing" once a correction removed the words.
 *    The earlier spans weigh nothing (boost 0), so no note found before ranks otherwise.
 */
import { gql } from '../dev/services';
import { BOTH_SEARCH_BACKENDS, insertQueuedNote, type TestStack } from '../dev/test-stack';
import { insertPatients } from '../subgraphs/journal/store';

const PT = 'pt-s46';

/** The near rule "alene" within 6 words of "friminuttet" (mobbing) once, and "alene" far from it once. */
const NEAR_NOTE = 'je-s46-near';
const NEAR_TEXT =
  'Hun står alene i friminuttet hver dag. Mor forteller at jenta ellers trives godt hjemme med familien og hunden sin, og at hun liker å lese alene om kvelden.';

/** Earlier texts (corrected away): the phrase, the near rule, and each one's words apart. */
const EARLIER: Record<string, { before: string; after: string }> = {
  'je-s46-e-phrase': {
    before: 'Andre elever har tatt lua hennes igjen. Hun hadde ny lua på seg i går.',
    after: 'Samtale med mor om søvn.',
  },
  'je-s46-e-near': {
    before:
      'Hun sto alene i friminuttet i dag. Mor sier at hun hjemme har mange venner og liker å lese alene om kvelden.',
    after: 'Samtale med mor om mat.',
  },
  'je-s46-e-apart': {
    before:
      'Hun har tatt bussen til byen i dag, og etterpå kjøpte hun ny lua. Hun var alene hjemme, sa mor, og hadde det fint. Etter timen gikk hun ut i friminuttet.',
    after: 'Samtale med mor om skole.',
  },
  // The same current text as je-s46-current, which has no earlier version: the same score.
  'je-s46-e-both': {
    before: 'De har tatt lua hennes på nytt.',
    after: 'Medelever har tatt lua hennes i dag.',
  },
};

describe.each(BOTH_SEARCH_BACKENDS)('search gaps of stop 46 (%s)', (_backend, start) => {
  let env: TestStack;
  let legal: string;
  let ansvarlig: string;
  const call = async (token: string, query: string, variables?: Record<string, unknown>) => {
    const r = await gql(env.stack.gateway.url, query, { token, variables });
    expect(r.body.errors).toBeUndefined();
    return r.body.data;
  };
  type Hit = {
    journalEntry: { id: string };
    highlights: string[];
    matchedExpansions: string[];
    matchedIn: string;
    score: number;
  };
  const mobbing = async (): Promise<Hit[]> =>
    (
      await call(
        legal,
        `query ($p: ID!) { patient(id: $p) {
           search(query: "mobbing", disabledExpansions: ["prf", "learned", "knn", "classifier"], first: 50) {
             hits { journalEntry { id } highlights matchedExpansions matchedIn score } } } }`,
        { p: PT },
      )
    ).patient.search.hits;

  beforeAll(async () => {
    env = await start();
    const db = env.tdb.db;
    await insertPatients(db, [{ id: PT, familyName: 'Nærvik', givenName: 'Siri', birthDate: '2006-04-04' }]);
    await insertQueuedNote(db, {
      id: NEAR_NOTE,
      patientId: PT,
      writtenAt: '2019-05-02T12:00:00+02:00',
      text: NEAR_TEXT,
    });
    await insertQueuedNote(db, {
      id: 'je-s46-current',
      patientId: PT,
      writtenAt: '2019-06-03T12:00:00+02:00',
      text: 'Medelever har tatt lua hennes i dag.',
    });
    for (const [i, [id, t]] of Object.entries(EARLIER).entries())
      await insertQueuedNote(db, {
        id,
        patientId: PT,
        writtenAt: `2019-0${6 + i}-14T12:00:00+02:00`,
        text: t.before,
      });
    ansvarlig = await env.stack.token({
      sub: 'ansvarlig-s46',
      role: 'journalansvarlig',
      purpose: 'RECORD_CORRECTION',
    });
    for (const [id, t] of Object.entries(EARLIER)) {
      const r = await gql(
        env.stack.gateway.url,
        'mutation ($id: ID!, $t: String!) { correctJournalEntry(id: $id, text: $t, reason: "feil ord") { version } }',
        { token: ansvarlig, variables: { id, t: t.after } },
      );
      expect(r.body.errors).toBeUndefined();
    }
    await env.stack.index();
    legal = await env.stack.matterToken({ id: 'M-S46', patientIds: [PT] }, { sub: 'jurist-s46' });
  }, 180_000);

  afterAll(async () => {
    await env?.stop();
  });

  test('pasientjournalloven § 22, review s44 case 2: a near rule is highlighted where its words stand within the rule’s distance, not its words elsewhere in the note', async () => {
    const hit = (await mobbing()).find((h) => h.journalEntry.id === NEAR_NOTE);
    expect(hit).toBeDefined();
    expect(hit!.matchedExpansions).toContain('mobbing:near:alene');
    const text = hit!.highlights.join(' … ');
    // The words marked, one by one (a backend may mark the span as one or word by word).
    const marked = [...text.matchAll(/<em>(.*?)<\/em>/g)].flatMap((m) => m[1]!.toLowerCase().split(/\s+/));
    expect(marked.filter((w) => w === 'alene')).toEqual(['alene']);
    expect(marked.filter((w) => w === 'friminuttet')).toEqual(['friminuttet']);
    expect(text).toMatch(/<em>alene( i friminuttet)?<\/em>/);
    expect(text).not.toMatch(/<em>alene<\/em> om kvelden/);
  });

  test('helsepersonelloven § 42, pasientjournalloven § 22: a note whose earlier version alone said a concept’s phrase or near rule is found by the concept, matched in its earlier version', async () => {
    const hits = await mobbing();
    const byId = new Map(hits.map((h) => [h.journalEntry.id, h]));
    const phrase = byId.get('je-s46-e-phrase');
    expect(phrase?.matchedIn).toBe('EARLIER_VERSION');
    expect(phrase?.matchedExpansions).toContain('earlier:mobbing:phrase:tatt lua');
    // Highlighted from the earlier text, the phrase where it stands, not its word elsewhere.
    const phraseText = phrase!.highlights.join(' … ');
    expect(phraseText).toMatch(/<em>tatt( lua)?<\/em>( <em>lua<\/em>)? hennes/);
    expect(phraseText).not.toMatch(/<em>lua<\/em> på/);
    const near = byId.get('je-s46-e-near');
    expect(near?.matchedIn).toBe('EARLIER_VERSION');
    expect(near?.matchedExpansions).toContain('earlier:mobbing:near:alene');
    const nearText = near!.highlights.join(' … ');
    expect(nearText).toMatch(/<em>alene( i friminuttet)?<\/em>/);
    expect(nearText).not.toMatch(/<em>alene<\/em> om kvelden/);
    // The words apart are no phrase and no near rule: not found.
    expect(byId.has('je-s46-e-apart')).toBe(false);
  });

  test('helsepersonelloven § 42: an earlier version’s phrase or near rule moves no score: a note found by its current text ranks as the same text without an earlier version, and an earlier-only hit ranks below every current match', async () => {
    const hits = await mobbing();
    const byId = new Map(hits.map((h) => [h.journalEntry.id, h]));
    const both = byId.get('je-s46-e-both')!;
    expect(both.matchedIn).toBe('CURRENT_VERSION');
    expect(both.matchedExpansions).toContain('earlier:mobbing:phrase:tatt lua');
    expect(both.score).toBe(byId.get('je-s46-current')!.score);
    const current = hits.filter((h) => h.matchedIn === 'CURRENT_VERSION').map((h) => h.score);
    for (const id of ['je-s46-e-phrase', 'je-s46-e-near'])
      expect(byId.get(id)!.score).toBeLessThan(Math.min(...current));
  });
});
