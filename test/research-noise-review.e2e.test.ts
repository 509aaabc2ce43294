/**
 * Review of the cell-key noise on an aggregate-only grant's counts (6f4fa32,
 * lib/policy/search-counts.ts): ways a researcher on such a grant still learns an exact count
 * of 1–4 notes or persons, or an exact small difference. Each test states the rule the
 * protection claims and fails while the hole is open. Through the gateway on both backends.
 */
import { gql } from '../dev/services';
import { BOTH_SEARCH_BACKENDS, type TestStack } from '../dev/test-stack';

/** Six persons born 2005 (the "company" of every count below). */
const K = [1, 2, 3, 4, 5, 6].map((i) => ({
  id: `nz-k${i}`,
  nationalId: `0${i}0205000${i}${i}`,
  birth: `2005-02-0${i}`,
}));
/** Four persons of different ages (60, 50, 40 and 30 on 2022-03-10). */
const AGED = [1961, 1971, 1981, 1991].map((y, i) => ({
  id: `nz-a${i + 1}`,
  nationalId: `1506${String(y).slice(2)}0${i + 1}${i + 1}${i + 1}`,
  birth: `${y}-06-15`,
}));

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);

/** [patient, writtenAt, text] */
const NOTES: [string, string, string][] = [
  // Calibration, 2020: zqxkalib, 6 notes in January (one each), then one a month (K in turn):
  // January to month m is 6 + (m − 1) notes, always of the same six persons.
  ...K.map((p): [string, string, string] => [p.id, '2020-01-10T10:00:00+01:00', 'Kontroll zqxkalib.']),
  ...[2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m): [string, string, string] => [
    K[(m - 1) % 6]!.id,
    `2020-${pad(m)}-10T10:00:00+01:00`,
    'Kontroll zqxkalib.',
  ]),
  // Target, 2021: zqxmaalt, one note a month (K in turn): January to month m is m notes.
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m): [string, string, string] => [
    K[(m - 1) % 6]!.id,
    `2021-${pad(m)}-10T10:00:00+01:00`,
    'Samtale zqxmaalt.',
  ]),
  // zqxofte: two notes a month of two persons, January 2017 to November 2021, and one note in
  // December 2021.
  ...Array.from({ length: 59 }, (_, i) => i).flatMap((i): [string, string, string][] => {
    const y = 2017 + Math.floor(i / 12);
    const m = (i % 12) + 1;
    return [0, 1].map((j): [string, string, string] => [
      K[(2 * i + j) % 6]!.id,
      `${y}-${pad(m)}-1${j}T10:00:00+01:00`,
      'Notat zqxofte.',
    ]);
  }),
  [K[0]!.id, '2021-12-10T10:00:00+01:00', 'Notat zqxofte.'],
  // zqxalder: one note each of the four persons of different ages, in March 2022; the
  // 40-year-old's note also names zqxhiv.
  [AGED[0]!.id, '2022-03-10T10:00:00+01:00', 'Vurdering zqxalder.'],
  [AGED[1]!.id, '2022-03-10T10:00:00+01:00', 'Vurdering zqxalder.'],
  [AGED[2]!.id, '2022-03-10T10:00:00+01:00', 'Vurdering zqxalder og zqxhiv.'],
  [AGED[3]!.id, '2022-03-10T10:00:00+01:00', 'Vurdering zqxalder.'],
];

/** The noise of search-counts.ts PTABLE, as published in the code and README. */
const P: [number, number][] = [
  [-2, 0.1],
  [-1, 0.2],
  [0, 0.4],
  [1, 0.2],
  [2, 0.1],
];
/** The distribution of the difference of two independent noises (−4…+4). */
const DIFF = new Map<number, number>();
for (const [a, pa] of P) for (const [b, pb] of P) DIFF.set(a - b, (DIFF.get(a - b) ?? 0) + pa * pb);

describe.each(BOTH_SEARCH_BACKENDS)(
  'review of the noise on an aggregate-only grant (%s)',
  (backendName, start) => {
    let env: TestStack;
    const call = (token: string, query: string) => gql(env.stack.gateway.url, query, { token });
    const researcher = (grant: string) =>
      env.stack.token({ sub: 'forsker-nz', role: 'researcher', purpose: 'RESEARCH', grant });
    const archivistToken = () =>
      env.stack.token({ sub: 'arkivar-nz', role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });

    async function register(id: string, outputLevel: 'AGGREGATE' | 'PSEUDONYMISED_RECORDS', period = '') {
      const r = await call(
        await archivistToken(),
        `mutation { registerGrant(input: {
        id: "${id}", projectId: "P-${id}", title: "Støy", rekNumber: "2025/888888",
        legalBasis: "helseforskningsloven § 33", responsibleResearcher: "forsker-nz",
        cohort: { bornFrom: "1950-01-01", bornTo: "2005-12-31"${period} },
        variables: [PERSON_BIRTH_YEAR, JOURNAL_WRITTEN_AT, JOURNAL_AGE, JOURNAL_TEXT], datePrecision: MONTH,
        freeText: true, outputLevel: ${outputLevel},
        expiresAt: "${new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString()}" }) { id } }`,
      );
      expect(r.body.errors).toBeUndefined();
    }

    type Count = { total: number | null; totalSuppressed: boolean };
    async function count(token: string, query: string, args: string): Promise<Count> {
      const r = await call(
        token,
        `{ search(query: "${query}", expand: false, ${args}) { total totalSuppressed } }`,
      );
      expect(r.body.errors).toBeUndefined();
      return r.body.data.search as Count;
    }

    beforeAll(async () => {
      env = await start();
      expect(env.stack.backend.name).toBe(backendName);
      for (const p of [...K, ...AGED])
        await env.tdb.db.query(
          `INSERT INTO journal.patient (id, national_id, family_name, given_name, birth_date) VALUES ($1, $2, 'Støyesen', 'Kari', $3)`,
          [p.id, p.nationalId, p.birth],
        );
      for (const [i, [patient, writtenAt, text]] of NOTES.entries()) {
        await env.tdb.db.query(
          `INSERT INTO journal.journal_entry (id, patient_id, source_system, source_id, entry_type, written_at, text)
         VALUES ($1, $2, 'HELSEPLATTFORMEN', $1, 'Journalnotat', $3, $4)`,
          [`nz-note-${i}`, patient, writtenAt, text],
        );
        await env.tdb.db.query(
          `INSERT INTO journal.outbox (entity_type, entity_id) VALUES ('journal_entry', $1)`,
          [`nz-note-${i}`],
        );
      }
      await env.stack.index();
      await register('G-NZ-AGG', 'AGGREGATE');
      // The same researcher's row-level grant over the same persons, for 2020 only.
      await register('G-NZ-ROWS2020', 'PSEUDONYMISED_RECORDS', ', periodTo: "2020-12-31"');
    }, 300_000);

    afterAll(async () => {
      await env?.stop();
    });

    test("personopplysningsloven art. 89 (1), helseforskningsloven § 33: an aggregate-only grant's noise cannot be learned from exact counts of other notes (cell key of the notes, not of the count and persons: a row-level grant's 2020 counts calibrate the aggregate grant's 2021 counts exactly)", async () => {
      const agg = await researcher('G-NZ-AGG');
      const rows = await researcher('G-NZ-ROWS2020');
      // Calibration: the same 2020 notes through both grants give (exact count → published count)
      // for the six persons; the cell key (count, persons) does not name the notes.
      const table = new Map<number, number>();
      for (let m = 1; m <= 12; m++) {
        const args = `from: "2020-01-01", to: "${lastDay(2020, m)}"`;
        const exact = (await count(rows, 'zqxkalib', args)).total!;
        expect(exact).toBe(5 + m);
        const published = (await count(agg, 'zqxkalib', args)).total!;
        table.set(exact, published);
      }
      // Target: 2021, which the row-level grant does not reach: January to month m, m notes of the six.
      const published = new Map<number, number>();
      for (let m = 6; m <= 12; m++)
        published.set(
          m,
          (await count(agg, 'zqxmaalt', `from: "2021-01-01", to: "${lastDay(2021, m)}"`)).total!,
        );
      // The attacker: candidates within ±2 of what is published, at least 6 (the six persons the
      // calibration is of), and agreeing with the calibration where it has the count.
      const learned: number[] = [];
      for (const [m, v] of published) {
        const c: number[] = [];
        for (let x = Math.max(6, v - 2); x <= v + 2; x++) if (!table.has(x) || table.get(x) === v) c.push(x);
        if (c.length === 1 && c[0] === m) learned.push(m);
      }
      // Each month's note is the step between two exact counts.
      const months = learned.filter((m) => learned.includes(m - 1));
      // The root: the same count of other notes of the same persons is published the same
      // (2021's counts are 2020's table), as the cell key names the count and persons, not the notes.
      const predicted = [...published].filter(([m, v]) => table.get(m) === v).length;
      const told =
        predicted === published.size
          ? `every 2021 count is its 2020 table entry; exact: January to ${learned.join(', ')}; the single note of month ${months.join(', ')}`
          : null;
      expect(told).toBeNull();
    });

    // The review's third attack, averaging the noise over pairs of from/to ("from month a to
    // November" and "… to December", 55 earlier months a), still works: noise raises the cost of
    // differencing from two queries to dozens, it does not stop it. A known residual, written in
    // lib/policy/search-counts.ts ("What the noise does not stop"); no test here asserts it.

    test('helseforskningsloven § 33, helseregisterloven § 6: an aggregate-only grant learns no exact count of 1–4 persons from counts it is given: four disjoint age windows each not 0 inside one suppressed window are one person each (0 published exactly beside small cells)', async () => {
      const agg = await researcher('G-NZ-AGG');
      const march = 'from: "2022-03-01", to: "2022-03-31"';
      // Ages at a note in one month: a person is in at most two consecutive years, so windows
      // five years apart share no person.
      const windows = [
        [28, 32],
        [38, 42],
        [48, 52],
        [58, 62],
      ];
      const parts: Count[] = [];
      for (const [a, b] of windows)
        parts.push(await count(agg, 'zqxalder', `${march}, ageFrom: ${a}, ageTo: ${b}`));
      // What a window without any note gives (0 today): a part answered otherwise is not empty.
      const empty = await count(agg, 'zqxalder', `${march}, ageFrom: 70, ageTo: 74`);
      const same = (a: Count, b: Count) => a.total === b.total && a.totalSuppressed === b.totalSuppressed;
      const union = await count(agg, 'zqxalder', `${march}, ageFrom: 28, ageTo: 62`);
      // Each part is not empty and the whole is 1–4 persons (suppressed: the persons rule, 0 apart):
      // four disjoint non-empty parts within at most four persons are exactly one person each.
      const nonEmpty = parts.filter((p) => !same(p, empty)).length;
      const exactOnePersonEach = nonEmpty === windows.length && union.totalSuppressed && !same(union, empty);
      // And then that one person's attribute: the 40-year-old's note names zqxhiv, the 30-year-old's not.
      const hiv = await count(agg, 'zqxalder zqxhiv', `${march}, ageFrom: 38, ageTo: 42`);
      const noHiv = await count(agg, 'zqxalder zqxhiv', `${march}, ageFrom: 28, ageTo: 32`);
      expect({ exactOnePersonEach, hivOfThatOnePersonTold: !same(hiv, noHiv) }).toEqual({
        exactOnePersonEach: false,
        hivOfThatOnePersonTold: false,
      });
    });
  },
);
