/**
 * helseforskningsloven § 33, personopplysningsloven art. 89 (1): a researcher's search may
 * not look for a name of the records (lib/policy/research-search.ts). The check reads every
 * record's name parts once per database and keeps them for a time to live, on real
 * PostgreSQL: round trips are counted by the database's own counter (lib/db.ts `stats`).
 */
import { migrateSubgraph } from '../lib/subgraph';
import {
  identifyingQuery,
  identifyingQueryRule,
  knownNameParts,
  NUMBER_QUERY_RULE,
  type TextAnalysis,
} from '../lib/policy/research-search';
import { norwegianLexemes } from '../search-index/postgres';
import { journalSubgraph } from '../subgraphs/journal';
import { archiveSubgraph } from '../subgraphs/archive';
import { createTestDatabase, type TestDatabase } from '../dev/services';

let tdb: TestDatabase;
/**
 * The PostgreSQL backend's analysis (search-index/postgres.ts), on the test database's other
 * connection pool: tdb.db's round trips are then the name reads alone.
 */
let analysis: TextAnalysis;

beforeAll(async () => {
  tdb = await createTestDatabase();
  analysis = { tokens: (texts) => norwegianLexemes(tdb.admin, texts) };
  await migrateSubgraph(tdb.db, journalSubgraph, tdb.admin);
  await migrateSubgraph(tdb.db, archiveSubgraph, tdb.admin);
  await tdb.db.query(
    `INSERT INTO journal.patient (id, family_name, given_name) VALUES ('p1', 'Solbakken', 'Ingrid Marie')`,
  );
  await tdb.db.query(
    `INSERT INTO journal.related_person (source_system, source_id, patient_id, name, relationship_codes, nearest_relative)
     VALUES ('hp', 'r1', 'p1', 'Gunnhild Nordmann', '{MTH}', true)`,
  );
  await tdb.db.query(
    `INSERT INTO journal.practitioner (id, display_name, source_system) VALUES ('pr1', 'Torbjørn Kvalheim', 'hp')`,
  );
  await tdb.db.query(
    `INSERT INTO archive.saksmappe (id, mappe_id, saksaar, sakssekvensnummer, tittel, saksdato, saksstatus)
     VALUES ('s1', '2020/1', 2020, 1, 'Sak', '2020-01-01', 'B')`,
  );
  await tdb.db.query(
    `INSERT INTO archive.part (saksmappe_id, ordinal, part_navn, part_rolle) VALUES ('s1', 1, 'Halvdan Aspelund', 'part')`,
  );
});

afterAll(async () => {
  await tdb?.drop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("helseforskningsloven § 33, personopplysningsloven art. 89 (1): a researcher's search does not look for a name of the records", () => {
  test('every record kind’s names are caught (any case, one edit away), and 50 searches read the names once', async () => {
    const before = tdb.db.stats.queries;
    const refused = [
      'solbakken',
      'INGRID',
      'marie',
      'Gunnhild',
      'nordmann',
      'kvalheim',
      'Torbjørn',
      'aspelund',
      'halvdan',
      'solbakkan', // one edit away
      'mobbet Solbakken',
      'sol bakken', // a name in parts: each word matches the compound parts of the notes (found in review)
      'mobbet kval heim',
    ];
    const passed = ['mobbet', 'friminuttet', 'søvnvansker', 'angst depresjon'];
    // 25 at once (one read in flight, the others wait for it), then 25 one after another.
    const first = await Promise.all(
      [...refused, ...passed, ...refused.slice(0, 8)].map((q) => identifyingQuery(tdb.db, q, analysis)),
    );
    expect(first).toHaveLength(25);
    for (const q of [...refused, ...passed, ...refused.slice(0, 8)]) {
      expect([q, await identifyingQuery(tdb.db, q, analysis)]).toEqual([q, refused.includes(q)]);
    }
    expect(first.slice(0, refused.length)).toEqual(refused.map(() => true));
    expect(first.slice(refused.length, refused.length + passed.length)).toEqual(passed.map(() => false));
    // Before: one round trip per search (50).
    expect(tdb.db.stats.queries - before).toBe(1);
  });

  test('a name inflected two or more edits away, which the backend stems to the name, is caught, and the names are analysed once per read (review s38)', async () => {
    // Stems of PostgreSQL's Norwegian Snowball stemmer: solbakkane, solbakken → solbakk;
    // kvalheimene, kvalheim → kvalheim; aspelundene → aspelund; gunnhildene → gunnhild.
    const refused = ['solbakkane', 'kvalheimene', 'mobbet av aspelundene', 'gunnhildene', 'kval heimene'];
    const passed = ['mobbingene', 'friminuttene', 'søvnvanskene'];
    const counted = { queries: 0 };
    const counting: TextAnalysis = {
      tokens: (texts) => {
        counted.queries++;
        return analysis.tokens(texts);
      },
    };
    const answers = await Promise.all(
      [...refused, ...passed].map((q) => identifyingQuery(tdb.db, q, counting)),
    );
    expect(Object.fromEntries([...refused, ...passed].map((q, i) => [q, answers[i]]))).toEqual({
      ...Object.fromEntries(refused.map((q) => [q, true])),
      ...Object.fromEntries(passed.map((q) => [q, false])),
    });
    // One analysis of the names (the first search's, which the others wait for) and one of each query.
    expect(counted.queries).toBe(1 + refused.length + passed.length);
  });

  test('a number of 4 digits or more is refused with its own rule (review s38); a code such as F32 passes', async () => {
    for (const q of ['240573', '9223', 'ring 2405', 'F3212']) {
      expect([q, await identifyingQueryRule(tdb.db, q, analysis)]).toEqual([q, NUMBER_QUERY_RULE]);
    }
    for (const q of ['F32', 'F32.1 depresjon', 'P76', '13 år']) {
      expect([q, await identifyingQueryRule(tdb.db, q, analysis)]).toEqual([q, null]);
    }
  });

  test('a name an import adds is caught once the time to live has passed, with one read for many concurrent searches', async () => {
    const ttl = 1;
    expect(await identifyingQuery(tdb.db, 'Vindheimsdal', analysis, ttl)).toBe(false);
    await tdb.db.query(
      `INSERT INTO journal.patient (id, family_name, given_name) VALUES ('p2', 'Vindheimsdal', 'Oddveig')`,
    );
    await sleep(ttl * 1000 + 50);
    const before = tdb.db.stats.queries;
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        identifyingQuery(tdb.db, i % 2 ? 'vindheimsdal' : 'oddveig', analysis, ttl),
      ),
    );
    expect(answers).toEqual(answers.map(() => true));
    expect(tdb.db.stats.queries - before).toBe(1);
    // The set is every record's: read with a time to live of 0 it is read again each time.
    const zero = tdb.db.stats.queries;
    expect(await identifyingQuery(tdb.db, 'oddveig', analysis, 0)).toBe(true);
    expect(await identifyingQuery(tdb.db, 'oddveig', analysis, 0)).toBe(true);
    expect(tdb.db.stats.queries - zero).toBe(2);
  });

  test('a read that fails fails the search (never passes the query unchecked), and the next search reads again', async () => {
    const other = await createTestDatabase(); // no journal or archive tables yet
    try {
      await expect(identifyingQuery(other.db, 'solbakken', analysis)).rejects.toThrow(/does not exist/);
      await migrateSubgraph(other.db, journalSubgraph, other.admin);
      await migrateSubgraph(other.db, archiveSubgraph, other.admin);
      await other.db.query(
        `INSERT INTO journal.patient (id, family_name, given_name) VALUES ('p1', 'Solbakken', 'Ingrid')`,
      );
      expect(await identifyingQuery(other.db, 'solbakken', analysis)).toBe(true);
      // Each database has its own set: a name of this one is not one of the other's.
      await other.db.query(
        `INSERT INTO journal.patient (id, family_name, given_name) VALUES ('p9', 'Ulvestad', 'Kari')`,
      );
      expect((await knownNameParts(other.db, 0)).exact.has('ulvestad')).toBe(true);
      expect(await identifyingQuery(tdb.db, 'ulvestad', analysis)).toBe(false);
    } finally {
      await other.drop();
    }
  });
});
