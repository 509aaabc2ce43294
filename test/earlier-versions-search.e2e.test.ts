/**
 * Search over a note's earlier versions (helsepersonelloven § 42: a corrected note keeps what
 * it said; pasientjournalloven § 22: who may search it). The index holds, with each current
 * note, the text of its earlier versions (kept by a correction made here, an import that
 * changed it, or a superseded source document it replaces) in a field of its own; a legal
 * or archive user's search matches it through the expansion `earlier:<word>`, the hit says
 * it matched there only (`matchedIn: EARLIER_VERSION`), ranks below a note that says the
 * word now, and its highlight is the earlier text. A researcher never matches it
 * (lib/policy AccessPolicy.earlierVersions). A deleted note (§ 43) leaves none of its
 * versions' text in the index, and a note with no earlier version is indexed exactly as
 * before (no new field). Through the gateway on real PostgreSQL, once with the
 * Elasticsearch backend and once with the PostgreSQL full-text backend.
 */
import { Client } from '@elastic/elasticsearch';
import { gql } from '../dev/services';
import { BOTH_SEARCH_BACKENDS, insertQueuedNote, type TestStack } from '../dev/test-stack';
import { journalOutbox } from '../subgraphs/journal/outbox';
import { makeSyntheticNationalId } from '../lib/national-id';

type Body = { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
type Hit = {
  journalEntry: { id: string } | null;
  matchedIn: string;
  matchedExpansions: string[];
  highlights: string[];
  score: number;
};

const P = { id: 'ev-p', nationalId: makeSyntheticNationalId('1980-05-05', 41, true), birth: '1980-05-05' };
const FULL_43 = {
  generallyUnobjectionable: true,
  archiveLawAllows: true,
  wrongOrMisleadingAndBurdensome: true,
  obviouslyNotNeededForCare: true,
};

describe.each(BOTH_SEARCH_BACKENDS)('search over earlier versions of notes (%s)', (backendName, start) => {
  let env: TestStack;
  let legal: string;
  let archivist: string;
  let ansvarlig: string;
  const call = (token: string, query: string, variables?: Record<string, unknown>) =>
    gql(env.stack.gateway.url, query, { token, variables }) as Promise<{ body: Body }>;

  const note = (
    id: string,
    text: string,
    extra: { writtenAt?: string; status?: string; replaces?: string; patient?: string } = {},
  ) =>
    insertQueuedNote(env.tdb.db, {
      id,
      text,
      patientId: extra.patient ?? P.id,
      writtenAt: extra.writtenAt ?? '2021-03-01T10:00:00+01:00',
      status: extra.status,
      replaces: extra.replaces,
    });

  async function correct(id: string, text: string) {
    const r = await call(
      ansvarlig,
      'mutation ($id: ID!, $t: String!) { correctJournalEntry(id: $id, text: $t, reason: "feil ord") { version } }',
      { id, t: text },
    );
    expect(r.body.errors).toBeUndefined();
  }

  const SEARCH = `query ($q: String!) { patient(id: "${P.id}") { search(query: $q, expand: false) {
      total hits { score matchedIn matchedExpansions highlights journalEntry { id } }
      termReport { expansion kind hits } } } }`;

  async function search(token: string, q: string) {
    const r = await call(token, SEARCH, { q });
    expect(r.body.errors).toBeUndefined();
    return r.body.data.patient.search as {
      total: number;
      hits: Hit[];
      termReport: { expansion: string; kind: string; hits: number }[];
    };
  }

  /** Index documents (or rows) whose stored text of earlier versions contains `word`. */
  async function indexedEarlier(word: string): Promise<string[]> {
    if (backendName === 'postgres')
      return (
        await env.tdb.db.query<{ id: string }>(
          `SELECT id FROM search.document WHERE earlier_text ILIKE $1 OR text ILIKE $1 ORDER BY id`,
          [`%${word}%`],
        )
      ).rows.map((r) => r.id);
    const client = new Client({ node: process.env.ELASTICSEARCH_URL! });
    try {
      const r = await client.search<{ id: string }>({
        index: `${env.prefix}-records`,
        size: 100,
        query: { query_string: { query: `*${word}*`, fields: ['text', 'earlierText'] } },
      });
      return r.hits.hits.map((h) => h._source!.id).sort();
    } finally {
      await client.close();
    }
  }

  /** The document as stored in the index (Elasticsearch _source; the PostgreSQL row's earlier columns). */
  async function stored(id: string): Promise<Record<string, unknown>> {
    if (backendName === 'postgres')
      return (
        await env.tdb.db.query<Record<string, unknown>>(
          'SELECT earlier_text, earlier_versions FROM search.document WHERE id = $1',
          [id],
        )
      ).rows[0]!;
    const client = new Client({ node: process.env.ELASTICSEARCH_URL! });
    try {
      const r = await client.get<Record<string, unknown>>({ index: `${env.prefix}-records`, id });
      return r._source!;
    } finally {
      await client.close();
    }
  }

  beforeAll(async () => {
    env = await start();
    expect(env.stack.backend.name).toBe(backendName);
    await env.tdb.db.query(
      `INSERT INTO journal.patient (id, national_id, family_name, given_name, birth_date) VALUES ($1, $2, 'Sporvik', 'Tone', $3)`,
      [P.id, P.nationalId, P.birth],
    );
    ansvarlig = await env.stack.token({
      sub: 'journalansvarlig-ev',
      role: 'journalansvarlig',
      purpose: 'RECORD_CORRECTION',
    });
    archivist = await env.stack.token({
      sub: 'arkivar-ev',
      role: 'archivist',
      purpose: 'ARCHIVE_ADMINISTRATION',
    });
    legal = await env.stack.matterToken({ id: 'M-EV', patientIds: [P.id] }, { sub: 'jurist-ev' });
    // A note corrected here: it said zqxblåmerke; it says it no more.
    await note('ev-a', 'Samtale: pasienten har zqxblåmerke på armen.');
    // A note that says zqxblåmerke now.
    await note('ev-b', 'Kontroll: zqxblåmerke synlig ved tilsyn, ellers rolig.', {
      writtenAt: '2021-03-02T10:00:00+01:00',
    });
    // A Helseplattformen document superseded by a corrected one (same day): zqxgammelord was in the first.
    await note('ev-c-old', 'Første versjon: zqxgammelord nevnt i samtalen.', { status: 'superseded' });
    await note('ev-c-new', 'Rettet versjon av samtalen.', { replaces: 'ev-c-old' });
    // A superseded document dated on another day than the one that replaces it.
    await note('ev-e-old', 'Tidlig versjon: zqxannendag.', {
      status: 'superseded',
      writtenAt: '2020-01-10T10:00:00+01:00',
    });
    await note('ev-e-new', 'Senere versjon.', {
      replaces: 'ev-e-old',
      writtenAt: '2021-06-01T10:00:00+02:00',
    });
    // A note corrected here and then deleted (§ 43).
    await note('ev-d', 'Notat med zqxsletteord som ble rettet.');
    // A note with no earlier version.
    await note('ev-plain', 'Vanlig notat om søvn og matlyst.');
    await env.stack.index();
    await correct('ev-a', 'Samtale: pasienten har et sår på armen.');
    await correct('ev-d', 'Notat som ble rettet.');
    await env.stack.index();
  }, 180_000);

  afterAll(async () => {
    await env?.stop();
  });

  test('helsepersonelloven § 42, pasientjournalloven § 22: a legal user finds a corrected note by what it said before; the hit is marked EARLIER_VERSION, named earlier:<word>, highlighted from the earlier text and ranked below a note that says the word now', async () => {
    const r = await search(legal, 'zqxblåmerke');
    expect(r.hits.map((h) => h.journalEntry?.id)).toEqual(['ev-b', 'ev-a']);
    const [now, before] = r.hits as [Hit, Hit];
    expect(now.matchedIn).toBe('CURRENT_VERSION');
    expect(now.matchedExpansions).toEqual(['word:zqxblåmerke']);
    expect(before.matchedIn).toBe('EARLIER_VERSION');
    expect(before.matchedExpansions).toEqual(['earlier:zqxblåmerke']);
    expect(before.score).toBeLessThan(now.score);
    // The highlight is the earlier text, not the current one.
    expect(before.highlights.join(' ')).toContain('<em>zqxblåmerke</em>');
    expect(before.highlights.join(' ')).not.toContain('sår');
    expect(r.termReport).toEqual(
      expect.arrayContaining([
        { expansion: 'word:zqxblåmerke', kind: 'word', hits: 1 },
        { expansion: 'earlier:zqxblåmerke', kind: 'earlier', hits: 1 },
      ]),
    );
    // The current text still finds it.
    expect((await search(legal, 'sår')).hits.map((h) => h.journalEntry?.id)).toEqual(['ev-a']);
    // A superseded source document's text is found with the document that replaced it (not as a hit of its own).
    const c = await search(legal, 'zqxgammelord');
    expect(c.hits.map((h) => [h.journalEntry?.id, h.matchedIn])).toEqual([['ev-c-new', 'EARLIER_VERSION']]);
    // An archivist administering the archive finds it too.
    expect((await search(archivist, 'zqxblåmerke')).hits.map((h) => h.journalEntry?.id)).toEqual([
      'ev-b',
      'ev-a',
    ]);
    // An earlier version dated on another day than its note is not searched with it: the index
    // dates a note by one day, and a caller's period could leave that version out
    // (JournalEntry.history does); searchCoverage counts it (below).
    expect((await search(legal, 'zqxannendag')).total).toBe(0);
    // disabledExpansions switches it off like any kind.
    const off = await call(
      legal,
      `{ patient(id: "${P.id}") { search(query: "zqxblåmerke", expand: false, disabledExpansions: ["earlier"]) { hits { journalEntry { id } } } } }`,
    );
    expect(off.body.errors).toBeUndefined();
    expect(off.body.data.patient.search.hits.map((h: Hit) => h.journalEntry?.id)).toEqual(['ev-b']);
  });

  test("helsepersonelloven § 42, pasientjournalloven § 22: the earlier text is searched with the word's inflections and compound parts and the vocabulary's terms, each named earlier:<expansion>, ranked below every note that says it now", async () => {
    // A patient of their own, so that the counts of the other tests stay as they are.
    const P2 = { id: 'ev-p2', nationalId: makeSyntheticNationalId('1981-06-06', 42, false) };
    await env.tdb.db.query(
      `INSERT INTO journal.patient (id, national_id, family_name, given_name, birth_date) VALUES ($1, $2, 'Sporvik', 'Per', '1981-06-06')`,
      [P2.id, P2.nationalId],
    );
    const said = {
      'ev2-term': ['Eleven ble mobbet av medelever i friminuttet.', 'Eleven var ute i friminuttet.'],
      'ev2-parts': ['Mor er bekymret for alkoholbruken hans i helgene.', 'Mor er bekymret for helgene.'],
      'ev2-inflected': ['Kom inn med sykkelen sin i dag.', 'Kom inn i dag.'],
    };
    for (const [id, [before]] of Object.entries(said)) await note(id, before!, { patient: P2.id });
    await note('ev2-now', 'Fortsatt mobbing i klassen, og alkohol i helgene.', { patient: P2.id });
    await env.stack.index();
    for (const [id, [, after]] of Object.entries(said)) await correct(id, after!);
    await env.stack.index();
    const legal2 = await env.stack.matterToken({ id: 'M-EV2', patientIds: [P2.id] }, { sub: 'jurist-ev2' });
    const find = async (w: string) => {
      const r = await call(
        legal2,
        `query ($q: String!) { patient(id: "${P2.id}") { search(query: $q) {
           hits { score matchedIn matchedExpansions highlights journalEntry { id } } } } }`,
        { q: w },
      );
      expect(r.body.errors).toBeUndefined();
      return r.body.data.patient.search.hits as Hit[];
    };
    // The vocabulary's term (mobbet, of the concept mobbing) in the earlier text, below the note that says mobbing now.
    const bullying = await find('mobbing');
    expect(bullying.map((h) => [h.journalEntry?.id, h.matchedIn])).toEqual([
      ['ev2-now', 'CURRENT_VERSION'],
      ['ev2-term', 'EARLIER_VERSION'],
    ]);
    expect(bullying[1]!.matchedExpansions).toContain('earlier:mobbing:term');
    expect(bullying[1]!.matchedExpansions.every((n) => n.startsWith('earlier:'))).toBe(true);
    expect(bullying[1]!.score).toBeLessThan(bullying[0]!.score);
    expect(bullying[1]!.highlights.join(' ')).toContain('<em>mobbet</em>');
    // A compound part of the earlier text (alkoholbruken: alkohol), below the note that says alkohol now.
    const alcohol = await find('alkohol');
    expect(alcohol.map((h) => [h.journalEntry?.id, h.matchedIn])).toEqual([
      ['ev2-now', 'CURRENT_VERSION'],
      ['ev2-parts', 'EARLIER_VERSION'],
    ]);
    expect(alcohol[1]!.matchedExpansions).toContain('earlier:compound:alkohol');
    // The word's inflection (sykkelen: sykkel), as before.
    const bike = await find('sykkel');
    expect(bike.map((h) => [h.journalEntry?.id, h.matchedIn, h.matchedExpansions])).toEqual([
      ['ev2-inflected', 'EARLIER_VERSION', ['earlier:sykkel']],
    ]);
  });

  test('helseforskningsloven § 33, pasientjournalloven § 22: a researcher never matches a note on the text of its earlier versions, where a legal user does', async () => {
    const reg = await call(
      archivist,
      `mutation { registerGrant(input: {
        id: "G-EV-${backendName}", projectId: "P-EV", title: "Tidligere versjoner", rekNumber: "2025/888888",
        legalBasis: "helseforskningsloven § 33", responsibleResearcher: "forsker-ev",
        cohort: { bornFrom: "1980-01-01", bornTo: "1980-12-31" },
        variables: [PERSON_BIRTH_YEAR, JOURNAL_WRITTEN_AT, JOURNAL_TEXT], datePrecision: MONTH,
        freeText: true, outputLevel: PSEUDONYMISED_RECORDS,
        expiresAt: "${new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString()}" }) { id cohortSize } }`,
    );
    expect(reg.body.errors).toBeUndefined();
    expect(reg.body.data.registerGrant.cohortSize).toBe(1);
    const researcher = await env.stack.token({
      sub: 'forsker-ev',
      role: 'researcher',
      purpose: 'RESEARCH',
      grant: `G-EV-${backendName}`,
    });
    const q = (w: string) =>
      `{ search(query: "${w}", expand: false) { total hits { kind matchedExpansions } termReport { expansion kind hits } } }`;
    // The legal user's search finds two notes, one through its earlier text.
    expect((await search(legal, 'zqxblåmerke')).total).toBe(2);
    const r = await call(researcher, q('zqxblåmerke'));
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.search.total).toBe(1);
    expect(r.body.data.search.hits).toEqual([
      { kind: 'journal_entry', matchedExpansions: ['word:zqxblåmerke'] },
    ]);
    expect(r.body.data.search.termReport.map((t: { kind: string }) => t.kind)).not.toContain('earlier');
    // A word only earlier versions hold: nothing, no term-report row of it.
    for (const w of ['zqxgammelord', 'zqxsletteord']) {
      const only = await call(researcher, q(w));
      expect(only.body.errors).toBeUndefined();
      expect(only.body.data.search.total).toBe(0);
      expect(only.body.data.search.termReport).toEqual([{ expansion: `word:${w}`, kind: 'word', hits: 0 }]);
    }
  });

  test('pasientjournalloven § 22: an earlier version dated on another day than its note is not searched with it, since a caller whose matter period holds the note but not that day does not see the version in its history', async () => {
    // ev-e-new (2021-06-01) replaces ev-e-old (2020-01-10), which said zqxannendag.
    const inPeriod = await env.stack.matterToken(
      { id: 'M-EV-2021', patientIds: [P.id], periodFrom: '2021-01-01', periodTo: '2021-12-31' },
      { sub: 'jurist-ev-2021' },
    );
    const history = async (token: string) => {
      const r = await call(
        token,
        `{ patient(id: "${P.id}") { search(query: "Senere", expand: false) { hits { journalEntry { id history { text } } } } } }`,
      );
      expect(r.body.errors).toBeUndefined();
      const [hit] = r.body.data.patient.search.hits;
      expect(hit.journalEntry.id).toBe('ev-e-new');
      return hit.journalEntry.history.map((v: { text: string | null }) => v.text);
    };
    // The period's caller sees the note and not the 2020 version; a caller with no period sees both.
    expect(await history(inPeriod)).not.toContain('Tidlig versjon: zqxannendag.');
    expect(await history(legal)).toContain('Tidlig versjon: zqxannendag.');
    // Held in the note's earlier text, the period's caller would find the note by the hidden
    // version's word (and read it highlighted): it is held by neither backend, for any caller
    // (searchCoverage counts it as not searched, below).
    expect((await search(inPeriod, 'zqxannendag')).total).toBe(0);
    expect((await search(legal, 'zqxannendag')).total).toBe(0);
    expect(await indexedEarlier('zqxannendag')).toEqual([]);
  });

  test('searchCoverage counts the earlier versions held in the index with their notes, and the ones not searched', async () => {
    const r = await call(
      legal,
      `{ patient(id: "${P.id}") { searchCoverage { inStep systems { sourceSystem kind records searchable indexed
          earlierVersions earlierVersionsIndexed notSearchable { reason count } } } } }`,
    );
    expect(r.body.errors).toBeUndefined();
    const cov = r.body.data.patient.searchCoverage;
    expect(cov.inStep).toBe(true);
    const hp = cov.systems.find(
      (s: { kind: string; sourceSystem: string }) =>
        s.kind === 'journal_entry' && s.sourceSystem === 'HELSEPLATTFORMEN',
    );
    // ev-a's and ev-d's text before the correction, ev-c-old's text with ev-c-new.
    expect(hp).toMatchObject({
      records: 8,
      searchable: 6,
      indexed: 6,
      earlierVersions: 3,
      earlierVersionsIndexed: 3,
    });
    expect(hp.notSearchable).toEqual(
      expect.arrayContaining([
        { reason: 'superseded version (history of a corrected note)', count: 2 },
        { reason: 'earlier version dated on another day than its note (shown in its history)', count: 1 },
      ]),
    );
  });

  test('notes without an earlier version are indexed exactly as before: no field for earlier versions', async () => {
    const [plain] = await journalOutbox(env.tdb.db).load(['ev-plain']);
    expect(Object.keys(plain!)).not.toContain('earlierText');
    expect(Object.keys(plain!)).not.toContain('earlierVersions');
    const [a] = await journalOutbox(env.tdb.db).load(['ev-a']);
    expect(a!.earlierText).toEqual(['Samtale: pasienten har zqxblåmerke på armen.']);
    expect(a!.earlierVersions).toBe(1);
    const doc = await stored('ev-plain');
    if (backendName === 'postgres') expect(doc).toEqual({ earlier_text: null, earlier_versions: null });
    else {
      expect(Object.keys(doc)).not.toContain('earlierText');
      expect(Object.keys(doc)).not.toContain('earlierVersions');
    }
  });

  test('helsepersonelloven § 43: a deleted note leaves none of its versions’ text in the index, nor does a deleted superseded version in the note that replaced it', async () => {
    expect(await indexedEarlier('zqxsletteord')).toEqual(['ev-d']);
    const del = await call(
      ansvarlig,
      `mutation ($a: RecordAssessmentInput!) { deleteJournalEntry(id: "ev-d", legalBasis: "Feil og belastende", assessment: $a) { id } }`,
      { a: FULL_43 },
    );
    expect(del.body.errors).toBeUndefined();
    // The superseded version alone: the note that replaced it stays, without that text.
    expect(await indexedEarlier('zqxgammelord')).toEqual(['ev-c-new']);
    const delOld = await call(
      ansvarlig,
      `mutation ($a: RecordAssessmentInput!) { deleteJournalEntry(id: "ev-c-old", legalBasis: "Feil og belastende", assessment: $a) { id } }`,
      { a: FULL_43 },
    );
    expect(delOld.body.errors).toBeUndefined();
    await env.stack.index();
    expect(await indexedEarlier('zqxsletteord')).toEqual([]);
    expect(await indexedEarlier('zqxgammelord')).toEqual([]);
    expect((await search(legal, 'zqxsletteord')).total).toBe(0);
    expect((await search(legal, 'zqxgammelord')).total).toBe(0);
    // The note that replaced the deleted version is still found by its own text, with no earlier field left.
    expect((await search(legal, 'Rettet')).hits.map((h) => h.journalEntry?.id)).toContain('ev-c-new');
    const doc = await stored('ev-c-new');
    if (backendName === 'postgres') expect(doc).toEqual({ earlier_text: null, earlier_versions: null });
    else expect(Object.keys(doc)).not.toContain('earlierText');
  });
});
