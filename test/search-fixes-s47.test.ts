/**
 * Stop 47 (C3): the vocabulary's rules of signs ("§") on Elasticsearch, the earlier versions'
 * near rules among compound parts, and the clause budget planned before the first request.
 * On every search backend where the behaviour is shared (Elasticsearch the reference).
 * pasientjournalloven § 22 (who may search what, and the same answer whichever backend runs),
 * helsepersonelloven § 42 (a corrected note keeps what it said: SearchQuery.earlierVersions).
 */
import { SEARCH_BACKENDS, rulesSearch, testNote, type BackendHarness } from '../dev/search-backends';

const doc = (id: string, text: string, earlierText?: string[]) =>
  testNote(
    id,
    text,
    { patientId: 'p-s47', type: 'Vedtak', writtenAt: '2020-03-02T11:00:00.000Z', ageAtDate: 40 },
    earlierText,
  );

/** The marked words of a hit's highlights, lower case, in order. */
const marks = (highlights: string[]) =>
  [...highlights.join(' … ').matchAll(/<em>(.*?)<\/em>/g)].flatMap((m) => m[1]!.toLowerCase().split(/\s+/));

describe.each(SEARCH_BACKENDS)('rules of signs (§) on every backend: %s', (_name, make) => {
  let h: BackendHarness;
  const search = (query: string, earlierVersions = false) => rulesSearch(h.backend, query, earlierVersions);
  beforeAll(async () => {
    h = await make();
    await h.backend.ensureReady();
    await h.backend.upsert([
      // The brief's note: "vedtak" within 6 words of "§" (and of "4a" and "tvang").
      doc('s47-brief', 'Vedtak etter § 4A-5 om bruk av tvang ved tannbehandling.'),
      // "§" the only context word near "vedtak": the sign alone makes the rule match.
      doc('s47-sign', 'Vedtak fattet jf. § 9 i loven.'),
      // "§" more than 6 words from "vedtak": no match.
      doc('s47-far', 'Vedtak om skoleplass er klart. Foreldrene har lest mye om reglene i § 9.'),
      // The sign's rule in an earlier version only (a legal caller's search).
      doc('s47-earlier-sign', 'Samtale med pårørende om besøk.', ['Vedtak fattet jf. § 9 i loven.']),
    ]);
    await h.backend.refresh();
  });
  afterAll(async () => {
    await h?.cleanup();
  });

  test('pasientjournalloven § 22: tvang\'s near rule "vedtak" within 6 of "§" finds the same notes on every backend (Elasticsearch\'s analysis drops "§"; before: the sign\'s note was found on PostgreSQL only), named in matchedExpansions and counted in termReport alike, and marked at its span', async () => {
    const r = await search('tvang');
    const of = (id: string) => r.hits.find((x) => x.id === id);
    expect(r.hits.map((x) => x.id).sort()).toEqual(['s47-brief', 's47-sign']);
    expect(of('s47-sign')?.matched).toEqual(['tvang:near:vedtak']);
    expect(of('s47-brief')?.matched).toContain('tvang:near:vedtak');
    expect(r.termReport.find((t) => t.expansion === 'tvang:near:vedtak')?.hits).toBe(2);
    expect(marks(of('s47-sign')!.highlights)).toEqual(['vedtak', '§']);
    expect(of('s47-sign')!.highlights.join(' ')).toContain('jf. <em>§</em> 9');
  });

  test('helsepersonelloven § 42, pasientjournalloven § 22: the rule of "§" in an earlier version alone finds the note for a legal caller on every backend (earlier:tvang:near:vedtak), marked in the earlier text', async () => {
    const r = await search('tvang', true);
    const hit = r.hits.find((x) => x.id === 's47-earlier-sign');
    expect(hit?.matched).toEqual(['earlier:tvang:near:vedtak']);
    expect(hit?.matchedIn).toBe('earlier');
    expect(r.termReport.find((t) => t.expansion === 'earlier:tvang:near:vedtak')?.hits).toBe(1);
    expect(marks(hit!.highlights)).toEqual(['vedtak', '§']);
  });
});

describe.each(SEARCH_BACKENDS)('near rules among compound parts, earlier versions: %s', (_name, make) => {
  let h: BackendHarness;
  const search = (query: string, earlierVersions = false) => rulesSearch(h.backend, query, earlierVersions);
  beforeAll(async () => {
    h = await make();
    await h.backend.ensureReady();
    await h.backend.upsert([
      doc('s47-parts-one', 'Samtale med datter om hagen.', ['Kveldsbesøket gikk fint, hun sov godt.']),
      doc('s47-parts-apart', 'Samtale med sønn om bilen.', [
        'Kveldsmaten var god, og hun sov godt hele natten uten uro. Legebesøket ble utsatt.',
      ]),
      doc('s47-parts-current', 'Kveldsbesøket gikk fint, hun sov godt.'),
      doc(
        's47-parts-current-apart',
        'Kveldsmaten var god, og hun sov godt hele natten uten uro. Legebesøket ble utsatt.',
      ),
    ]);
    await h.backend.refresh();
  });
  afterAll(async () => {
    await h?.cleanup();
  });

  test("helsepersonelloven § 42, pasientjournalloven § 22: a near rule matched only among an earlier version's compound parts finds the same notes on every backend, without a distance (the parts have no positions on Elasticsearch), and its hit shows the earlier text unmarked on every backend (before: Elasticsearch showed nothing)", async () => {
    const r = await search('hjemmetjenester', true);
    const of = (id: string) => r.hits.find((x) => x.id === id);
    for (const id of ['s47-parts-one', 's47-parts-apart']) {
      expect(of(id)?.matched).toEqual(['earlier:hjemmetjenester:near:besøk']);
      expect(of(id)?.matchedIn).toBe('earlier');
    }
    expect(r.termReport.find((t) => t.expansion === 'earlier:hjemmetjenester:near:besøk')?.hits).toBe(2);
    expect(of('s47-parts-one')!.highlights.join(' ')).toContain('Kveldsbesøket gikk fint');
    expect(of('s47-parts-apart')!.highlights.join(' ')).toContain('Kveldsmaten var god');
    expect(marks([...of('s47-parts-one')!.highlights, ...of('s47-parts-apart')!.highlights])).toEqual([]);
  });

  test("pasientjournalloven § 22: a near rule matched only among the current text's compound parts, the same on every backend: found without a distance, its hit showing the text unmarked (before: Elasticsearch showed nothing)", async () => {
    const r = await search('hjemmetjenester');
    const of = (id: string) => r.hits.find((x) => x.id === id);
    for (const id of ['s47-parts-current', 's47-parts-current-apart'])
      expect(of(id)?.matched).toEqual(['hjemmetjenester:near:besøk']);
    expect(of('s47-parts-current')!.highlights.join(' ')).toContain('Kveldsbesøket gikk fint');
    expect(of('s47-parts-current-apart')!.highlights.join(' ')).toContain('Kveldsmaten var god');
    expect(
      marks([...of('s47-parts-current')!.highlights, ...of('s47-parts-current-apart')!.highlights]),
    ).toEqual([]);
  });
});

describe.each(SEARCH_BACKENDS)(
  'a sign joined to the word after it (§9), review of stop 47: %s',
  (_name, make) => {
    let h: BackendHarness;
    const search = (query: string, earlierVersions = false) => rulesSearch(h.backend, query, earlierVersions);
    beforeAll(async () => {
      h = await make();
      await h.backend.ensureReady();
      await h.backend.upsert([
        // "§" directly followed by a digit: the sign is still a word of its own to the rule.
        doc('s47-joined', 'Vedtak fattet jf. §9 i loven.'),
        // ... and by a letter, the sign then the only context word near "vedtak".
        doc('s47-joined-letter', 'Vedtak fattet etter §B i forskriften.'),
        // The same in an earlier version only.
        doc('s47-joined-earlier', 'Samtale med pårørende om besøk.', ['Vedtak fattet jf. §9 i loven.']),
        // A sign joined, but more than 6 words from "vedtak": no match.
        doc('s47-joined-far', 'Vedtak om skoleplass er klart. Foreldrene har lest mye om reglene i §9.'),
      ]);
      await h.backend.refresh();
    });
    afterAll(async () => {
      await h?.cleanup();
    });

    test('pasientjournalloven § 22: tvang\'s near rule "vedtak" within 6 of "§" finds a note with "§9" / "§B" (the sign directly before a digit or letter) on every backend, the same expansion named (before: Elasticsearch found it, PostgreSQL did not)', async () => {
      const r = await search('tvang');
      const of = (id: string) => r.hits.find((x) => x.id === id);
      expect(r.hits.map((x) => x.id).sort()).toEqual(['s47-joined', 's47-joined-letter']);
      expect(of('s47-joined')?.matched).toEqual(['tvang:near:vedtak']);
      expect(of('s47-joined-letter')?.matched).toEqual(['tvang:near:vedtak']);
      expect(r.termReport.find((t) => t.expansion === 'tvang:near:vedtak')?.hits).toBe(2);
      expect(marks(of('s47-joined')!.highlights)).toEqual(['vedtak', '§']);
    });

    test('helsepersonelloven § 42, pasientjournalloven § 22: the rule of "§" joined to a digit in an earlier version alone finds the note for a legal caller on every backend (earlier:tvang:near:vedtak)', async () => {
      const r = await search('tvang', true);
      const hit = r.hits.find((x) => x.id === 's47-joined-earlier');
      expect(hit?.matched).toEqual(['earlier:tvang:near:vedtak']);
      expect(hit?.matchedIn).toBe('earlier');
    });
  },
);

describe.each(SEARCH_BACKENDS)(
  'an earlier-text hit with nothing to mark, review of stop 47: %s',
  (_name, make) => {
    let h: BackendHarness;
    beforeAll(async () => {
      h = await make();
      await h.backend.ensureReady();
      await h.backend.upsert([
        // "fall" only by its compound stem ("fallul*") in the earlier text: nothing in it to mark.
        doc('s47-earlier-parts', 'Samtale med datter om hagen.', [
          'Fallulykkesrapporten fra badet er skrevet i natt.',
        ]),
      ]);
      await h.backend.refresh();
    });
    afterAll(async () => {
      await h?.cleanup();
    });

    test('helsepersonelloven § 42, pasientjournalloven § 22: a hit matched only in the earlier text, not by a phrase or near rule and with nothing to mark, shows the start of the earlier text unmarked on every backend (before: Elasticsearch showed nothing)', async () => {
      const r = await rulesSearch(h.backend, 'fall', true);
      const hit = r.hits.find((x) => x.id === 's47-earlier-parts');
      expect(hit?.matchedIn).toBe('earlier');
      expect(hit?.matched.every((m) => m.startsWith('earlier:'))).toBe(true);
      expect(hit?.matched.some((m) => /:(phrase|near):/.test(m))).toBe(false);
      expect(hit!.highlights.join(' ')).toContain('Fallulykkesrapporten fra badet');
      expect(marks(hit!.highlights)).toEqual([]);
    });
  },
);

describe.each(SEARCH_BACKENDS)(
  'a note that spells the sign itself ("u00a7"), review of stop 47: %s',
  (_name, make) => {
    let h: BackendHarness;
    beforeAll(async () => {
      h = await make();
      await h.backend.ensureReady();
      await h.backend.upsert([
        // A literal "u00a7" near "vedtak", no "§": not the sign.
        doc('s47-literal', 'Vedtak fattet, koden u00a7 betyr noe annet.'),
        // A literal "u00a7" near "vedtak", a "§" more than 6 words away: not the sign either.
        doc(
          's47-literal-far-sign',
          'Vedtak fattet, koden u00a7 betyr noe annet. Foreldrene har lest mye om reglene i loven, jf. § 9.',
        ),
        // The sign near "vedtak", and a literal "u00a7": found, the literal shown as written.
        doc('s47-literal-shown', 'Vedtak fattet jf. § 9, og koden u00a7 står i brevet.'),
      ]);
      await h.backend.refresh();
    });
    afterAll(async () => {
      await h?.cleanup();
    });

    test('pasientjournalloven § 22: a literal "u00a7" in a note is not "§" to tvang\'s near rule on any backend, and a hit of the rule shows the literal as written (before: on Elasticsearch the literal counted as "§" and was shown as "§")', async () => {
      const r = await rulesSearch(h.backend, 'tvang');
      expect(r.hits.map((x) => x.id).sort()).toEqual(['s47-literal-shown']);
      const shown = r.hits[0]!.highlights.join(' ');
      expect(shown).toContain('koden u00a7 står');
      expect(shown).toContain('jf. <em>§</em> 9');
    });
  },
);
