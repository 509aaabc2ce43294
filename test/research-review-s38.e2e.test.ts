/**
 * Review s38 of the researcher's area (test/rev-research-stem-name, attacking with a researcher
 * token), on both search backends:
 * - personopplysningsloven art. 89 (1), helseforskningsloven § 33: a researcher's search may
 *   not count what de-identification masks (lib/policy/research-search.ts). A name's inflected
 *   form two or more edits away ("fjellheimene") passed the name check, and the PostgreSQL
 *   backend stems it to the name's stem ("fjellheim") and counted the note naming him; on
 *   Elasticsearch the index's hunspell analysis does the same for a name that is also a word
 *   ("bakkene" → bakke). Pieces of a masked national id or phone number ("240573", "9223")
 *   counted the note whose text shows [FNR] / [TLF].
 * - pasientjournalforskriften § 14 (every use of a record is logged under its person):
 *   `journal(first: 0) { totalCount }` said 0 (and past the end too) and logged nothing; the
 *   cohort's listing (`subjects { pseudonym }`) wrote no row; a refused `grant(id)` was not
 *   logged as denied.
 * Each test failed before its fix.
 */
import { gql } from '../dev/services';
import { BOTH_SEARCH_BACKENDS, type TestStack } from '../dev/test-stack';

describe.each(BOTH_SEARCH_BACKENDS)('research review s38 (%s)', (backend, start) => {
  let env: TestStack;
  const call = (token: string, query: string) => gql(env.stack.gateway.url, query, { token });
  const researcher = () =>
    env.stack.token({ sub: 'forsker-st', role: 'researcher', purpose: 'RESEARCH', grant: 'G-ST' });

  beforeAll(async () => {
    env = await start();
    const db = env.tdb.db;
    // Cohort: two children born 2005. Ola Fjellheim is a patient of the records (born 1990,
    // outside the cohort); the first child's mother, father and uncle are related persons of her
    // record, so the text a researcher reads masks their names.
    await db.query(
      `INSERT INTO journal.patient (id, national_id, family_name, given_name, birth_date) VALUES
         ('st-p1', '01010512345', 'Testesen', 'Kari', '2005-01-01'),
         ('st-p2', '02010512345', 'Prøvesen', 'Per', '2005-01-02'),
         ('st-x', '01019000077', 'Fjellheim', 'Ola', '1990-01-01')`,
    );
    await db.query(
      `INSERT INTO journal.related_person (source_system, source_id, patient_id, name, relationship_codes, nearest_relative)
       VALUES ('HELSEPLATTFORMEN', 'st-r1', 'st-p1', 'Gunnhild Fjellheim', '{MTH}', true),
              ('HELSEPLATTFORMEN', 'st-r2', 'st-p1', 'Arne Bakke', '{FTH}', false),
              ('HELSEPLATTFORMEN', 'st-r3', 'st-p1', 'Nils Solbakken Johansen', '{UNCLE}', false)`,
    );
    const notes: [string, string, string][] = [
      [
        'st-n1',
        'st-p1',
        'Ble mobbet av Fjellheim i friminuttet. Hentet av Bakke. Hos Solbakken og Johansen.',
      ],
      ['st-n2', 'st-p2', 'Samtale om søvn. Vurdert F32.'],
      ['st-n3', 'st-p2', 'Mors fnr 24057312345 (også skrevet 240573-12345). Ring 9223 3444.'],
    ];
    for (const [id, patient, text] of notes) {
      await db.query(
        `INSERT INTO journal.journal_entry (id, patient_id, source_system, source_id, entry_type, written_at, text)
         VALUES ($1, $2, 'HELSEPLATTFORMEN', $1, 'Journalnotat', '2020-03-10T10:00:00+01:00', $3)`,
        [id, patient, text],
      );
      await db.query(`INSERT INTO journal.outbox (entity_type, entity_id) VALUES ('journal_entry', $1)`, [
        id,
      ]);
    }
    await env.stack.index();
    const archivist = await env.stack.token({
      sub: 'arkivar-st',
      role: 'archivist',
      purpose: 'ARCHIVE_ADMINISTRATION',
    });
    for (const id of ['G-ST', 'G-WD']) {
      const r = await call(
        archivist,
        `mutation { registerGrant(input: {
          id: "${id}", projectId: "P-ST", title: "Stem", rekNumber: "2025/1",
          legalBasis: "helseforskningsloven § 33", responsibleResearcher: "forsker-st",
          cohort: { bornFrom: "2005-01-01", bornTo: "2005-12-31" },
          variables: [PERSON_BIRTH_YEAR, JOURNAL_TEXT], datePrecision: YEAR,
          freeText: true, outputLevel: PSEUDONYMISED_RECORDS,
          expiresAt: "${new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString()}" }) { id cohortSize } }`,
      );
      expect(r.body.errors).toBeUndefined();
    }
    const w = await call(
      archivist,
      'mutation { withdrawGrant(id: "G-WD", reason: "REK trakk den") { active } }',
    );
    expect(w.body.errors).toBeUndefined();
  }, 180_000);

  afterAll(async () => {
    await env?.stop();
  });

  const maxLogId = async () =>
    (await env.tdb.db.query<{ id: string }>('SELECT coalesce(max(id), 0)::text AS id FROM audit.access_log'))
      .rows[0]!.id;
  const logSince = async (id: string, user: string) =>
    (
      await env.tdb.db.query<{
        patient_id: string;
        entity_type: string;
        outcome: string;
        entity_ids: string[];
      }>(
        `SELECT patient_id, entity_type, outcome, entity_ids FROM audit.access_log
          WHERE user_id = $2 AND id > $1::bigint ORDER BY patient_id, entity_type`,
        [id, user],
      )
    ).rows;

  /** The answer of a researcher's search: its refusal's code, else its total. */
  const searchAnswer = async (token: string, q: string) => {
    const r = await call(token, `{ search(query: "${q}", expand: false) { total } }`);
    return (
      (r.body.errors?.[0]?.extensions?.code as string | undefined) ?? (r.body.data.search.total as number)
    );
  };

  test('personopplysningsloven art. 89 (1), helseforskningsloven § 33: a known name inflected past one edit, which the backend stems to the name, is refused (FORBIDDEN), and no inflected form counts the note naming the person', async () => {
    const token = await researcher();
    // The text the researcher reads masks the names.
    const text = await call(token, '{ researchCohort { subjects { journal { entries { text } } } } }');
    expect(JSON.stringify(text.body.data)).toContain(
      'Ble mobbet av [NAVN] i friminuttet. Hentet av [NAVN]. Hos [NAVN] og [NAVN].',
    );
    const out: Record<string, unknown> = {};
    for (const q of [
      'fjellheim',
      'fjellheimene',
      'solbakkane',
      'johansenes',
      'bakkene',
      'bakker',
      'friminuttet',
    ])
      out[q] = await searchAnswer(token, q);
    // "bakkene" is the name Bakke as each backend analyses it (PostgreSQL's Snowball stem bakk,
    // Elasticsearch's hunspell stems bakke/bakk), two edits away: refused on both ("bakker", one
    // edit away, was refused before).
    // "fjellheimene", "solbakkane" and "johansenes" stem to the name on PostgreSQL (refused);
    // Elasticsearch's hunspell leaves them as they are, so they match no name there and count
    // nothing: what the backend would match is what is refused.
    const stemmedOnPostgres = backend === 'postgres' ? 'FORBIDDEN' : 0;
    expect(out).toEqual({
      fjellheim: 'FORBIDDEN',
      fjellheimene: stemmedOnPostgres,
      solbakkane: stemmedOnPostgres,
      johansenes: stemmedOnPostgres,
      bakkene: 'FORBIDDEN',
      bakker: 'FORBIDDEN',
      // A word of the note that is no name's form is counted as before.
      friminuttet: 1,
    });
  });

  test('personopplysningsloven art. 89 (1), helseforskningsloven § 33: a researcher search holding a number of 4 digits or more (a piece of a masked national id or phone number) is refused (FORBIDDEN, logged); a code such as F32 is counted', async () => {
    const token = await researcher();
    const before = await maxLogId();
    const refused: Record<string, unknown> = {};
    for (const q of [
      '24057312345',
      '240573 12345',
      '240573',
      '12345 240573',
      '9223',
      '3444 9223',
      'ring 2405',
    ])
      refused[q] = await searchAnswer(token, q);
    expect(refused).toEqual({
      '24057312345': 'FORBIDDEN',
      '240573 12345': 'FORBIDDEN',
      '240573': 'FORBIDDEN',
      '12345 240573': 'FORBIDDEN',
      '9223': 'FORBIDDEN',
      '3444 9223': 'FORBIDDEN',
      'ring 2405': 'FORBIDDEN',
    });
    const piece = await call(token, '{ search(query: "9223", expand: false) { total } }');
    expect(piece.body.errors?.[0]?.message).toMatch(/4 digits or more/);
    expect((await logSince(before, 'forsker-st')).every((r) => r.outcome === 'denied')).toBe(true);
    expect(await logSince(before, 'forsker-st')).toContainEqual(
      expect.objectContaining({ patient_id: '*', entity_type: 'search_hit', outcome: 'denied' }),
    );
    // The masked text: what the search would have counted.
    const text = await call(token, '{ researchCohort { subjects { journal { entries { text } } } } }');
    expect(JSON.stringify(text.body.data)).toContain('Ring [TLF].');
    expect(await searchAnswer(token, 'F32')).toBe(1);
  });

  test('pasientjournalforskriften § 14: journal(first: 0).totalCount is the person’s number of notes (also past the end) and its read is logged under the person', async () => {
    const token = await researcher();
    const before = await maxLogId();
    const r = await call(
      token,
      `{ researchCohort { subjects(first: 100) {
          count: journal(first: 0) { totalCount pageInfo { hasNextPage endCursor } }
          past: journal(first: 5, after: "7") { totalCount entries { age } pageInfo { hasNextPage } } } } }`,
    );
    expect(r.body.errors).toBeUndefined();
    const subjects = r.body.data.researchCohort.subjects as {
      count: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
      past: { totalCount: number; entries: unknown[]; pageInfo: { hasNextPage: boolean } };
    }[];
    expect(subjects.map((s) => s.count.totalCount).sort()).toEqual([1, 2]);
    expect(subjects.every((s) => s.count.pageInfo.hasNextPage && s.count.pageInfo.endCursor === null)).toBe(
      true,
    );
    expect(subjects.map((s) => s.past.totalCount).sort()).toEqual([1, 2]);
    expect(subjects.every((s) => s.past.entries.length === 0 && !s.past.pageInfo.hasNextPage)).toBe(true);
    // Each person's count was read: one row under each, of their notes (no note returned).
    const rows = (await logSince(before, 'forsker-st')).filter((x) => x.entity_type === 'journal_entry');
    expect(rows).toEqual([
      { patient_id: 'st-p1', entity_type: 'journal_entry', outcome: 'granted', entity_ids: [] },
      { patient_id: 'st-p2', entity_type: 'journal_entry', outcome: 'granted', entity_ids: [] },
    ]);
  });

  test('a journal cursor the journal did not give is refused with BAD_USER_INPUT (20 digits reached OFFSET out of bigint range: an internal error)', async () => {
    const token = await researcher();
    for (const after of ['99999999999999999999', 'abc', '-1', '1e3']) {
      const r = await call(
        token,
        `{ researchCohort { subjects(first: 1) { journal(first: 5, after: "${after}") { totalCount } } } }`,
      );
      expect(r.body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(r.body.errors?.[0]?.message).toContain('endCursor');
    }
  });

  test('pasientjournalforskriften § 14: listing the cohort’s subjects (pseudonyms only) is logged under each person listed, as the cohort’s size is', async () => {
    const token = await researcher();
    const before = await maxLogId();
    const r = await call(token, '{ researchCohort { subjects(first: 100) { pseudonym } } }');
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.researchCohort.subjects).toHaveLength(2);
    expect(await logSince(before, 'forsker-st')).toEqual([
      { patient_id: 'st-p1', entity_type: 'research', outcome: 'granted', entity_ids: [] },
      { patient_id: 'st-p2', entity_type: 'research', outcome: 'granted', entity_ids: [] },
    ]);
    // A page lists its own persons only.
    const before2 = await maxLogId();
    const one = await call(token, '{ researchCohort { subjects(first: 1) { pseudonym } } }');
    expect(one.body.data.researchCohort.subjects).toHaveLength(1);
    expect((await logSince(before2, 'forsker-st')).map((x) => x.entity_type)).toEqual(['research']);
  });

  test('pasientjournalforskriften § 14: a refused grant(id) — another grant, a grant out of force, a reporting token — is logged as denied', async () => {
    const cases: [string, string, Promise<string>][] = [
      ['forsker-st', 'G-OTHER', researcher()],
      ['forsker-st', 'G-ST', researcher()],
      [
        'forsker-st',
        'G-WD',
        env.stack.token({ sub: 'forsker-st', role: 'researcher', purpose: 'RESEARCH', grant: 'G-WD' }),
      ],
      [
        'rapport-st',
        'G-ST',
        env.stack.token({ sub: 'rapport-st', role: 'reporting', purpose: 'MANAGEMENT_STATISTICS' }),
      ],
    ];
    for (const [user, id, token] of cases) {
      const before = await maxLogId();
      const r = await call(await token, `{ grant(id: "${id}") { id } }`);
      if (id === 'G-ST' && user === 'forsker-st') {
        // The researcher's own grant in force is answered.
        expect(r.body.errors).toBeUndefined();
        continue;
      }
      expect([id, r.body.errors?.[0]?.extensions?.code]).toEqual([id, 'FORBIDDEN']);
      expect([id, await logSince(before, user)]).toEqual([
        id,
        [expect.objectContaining({ patient_id: '*', entity_type: 'research', outcome: 'denied' })],
      ]);
    }
  });
});
