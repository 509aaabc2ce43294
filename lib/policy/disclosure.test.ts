/**
 * Small cells (DOMAIN.md "Aggregates"; statistikkloven § 7, personopplysningsloven art. 5 (1) c
 * and art. 89 (1)): primary and complementary suppression, on tables built to have small cells.
 */
import { applyFilter, checkFilter, protect, protectBlock, toCsv, type CubeRow } from './disclosure';

/** The cube rows of a 2-D table given as a matrix of [count, persons] (totals computed). */
function cube2(rows: string[], cols: string[], m: number[][], persons = m): Omit<CubeRow, 'block'>[] {
  const out: Omit<CubeRow, 'block'>[] = [];
  let all = 0;
  let allP = 0;
  rows.forEach((r, i) => {
    let rt = 0;
    let rp = 0;
    cols.forEach((c, j) => {
      if (m[i]![j]! > 0) out.push({ keys: [r, c], count: m[i]![j]!, persons: persons[i]![j]! });
      rt += m[i]![j]!;
      rp += persons[i]![j]!;
    });
    out.push({ keys: [r, null], count: rt, persons: rp });
    all += rt;
    allP += rp;
  });
  cols.forEach((c, j) => {
    const t = rows.reduce((s, _, i) => s + m[i]![j]!, 0);
    const p = rows.reduce((s, _, i) => s + persons[i]![j]!, 0);
    out.push({ keys: [null, c], count: t, persons: p });
  });
  out.push({ keys: [null, null], count: all, persons: allP });
  return out;
}

/** Each published total minus its published parts: the suppressed cells it leaves, per relation. */
function relationsWithOneUnknown(cells: { keys: (string | null)[]; suppressed: boolean }[]): string[] {
  const bad: string[] = [];
  const known = (keys: (string | null)[]) =>
    cells.find((c) => JSON.stringify(c.keys) === JSON.stringify(keys));
  for (const total of cells.filter((c) => !c.suppressed && c.keys.some((k) => k === null))) {
    for (let d = 0; d < total.keys.length; d++) {
      if (total.keys[d] !== null) continue;
      const parts = cells.filter(
        (c) => c.keys[d] !== null && c.keys.every((k, i) => i === d || k === total.keys[i]),
      );
      const unknown = parts.filter((p) => known(p.keys)?.suppressed);
      if (unknown.length === 1)
        bad.push(`${JSON.stringify(total.keys)} - parts reveals ${JSON.stringify(unknown[0]!.keys)}`);
    }
  }
  return bad;
}

/** Rank of dense vectors (plain Gaussian elimination, independent of the module's sparse one). */
function rank(rows: number[][]): number {
  const m = rows.map((r) => [...r]);
  let r = 0;
  const cols = m[0]?.length ?? 0;
  for (let c = 0; c < cols && r < m.length; c++) {
    let p = r;
    for (let i = r + 1; i < m.length; i++) if (Math.abs(m[i]![c]!) > Math.abs(m[p]![c]!)) p = i;
    if (Math.abs(m[p]![c]!) < 1e-9) continue;
    [m[r], m[p]] = [m[p]!, m[r]!];
    for (let i = 0; i < m.length; i++) {
      if (i === r) continue;
      const f = m[i]![c]! / m[r]![c]!;
      if (f !== 0) for (let j = c; j < cols; j++) m[i]![j]! -= f * m[r]![j]!;
    }
    r++;
  }
  return r;
}

/** The suppressed cells whose count the published cells determine (by any linear combination). */
function determined(cells: ReturnType<typeof protectBlock>): string[] {
  const n = Math.max(...cells.flatMap((c) => [...c.vec.keys()])) + 1;
  const dense = (c: (typeof cells)[number]) => Array.from({ length: n }, (_, i) => c.vec.get(i) ?? 0);
  const published = cells.filter((c) => !c.suppressed).map(dense);
  const base = rank(published);
  return cells
    .filter((c) => c.primary && rank([...published, dense(c)]) === base)
    .map((c) => JSON.stringify(c.keys));
}

/** Small (primary) cells a person alone in a singleton cell could compute with their own count; a complement (5 or more) may be. */
function singletonDisclosures(cells: ReturnType<typeof protectBlock>): string[] {
  const n = Math.max(...cells.flatMap((c) => [...c.vec.keys()])) + 1;
  const dense = (c: (typeof cells)[number]) => Array.from({ length: n }, (_, i) => c.vec.get(i) ?? 0);
  const published = cells.filter((c) => !c.suppressed).map(dense);
  const out: string[] = [];
  for (const s of cells.filter((c) => c.primary && (c.persons ?? c.count) === 1)) {
    const known = [...published, dense(s)];
    const base = rank(known);
    for (const p of cells.filter(
      (c) => c.primary && c !== s && JSON.stringify(dense(c)) !== JSON.stringify(dense(s)),
    ))
      if (rank([...known, dense(p)]) === base)
        out.push(`${JSON.stringify(s.keys)} gives ${JSON.stringify(p.keys)}`);
  }
  return out;
}

describe('small cells (statistikkloven § 7; personopplysningsloven art. 5 (1) c)', () => {
  test('a count of 1–4 is suppressed, and the complements that would give it back from the totals', () => {
    const m = [
      [20, 3, 15],
      [12, 30, 9],
      [8, 11, 25],
    ];
    const cells = protectBlock(2, cube2(['a', 'b', 'c'], ['x', 'y', 'z'], m));
    const s = (r: string | null, c: string | null) =>
      cells.find((x) => x.keys[0] === r && x.keys[1] === c)!.suppressed;
    expect(s('a', 'y')).toBe(true); // primary: 3
    // Row a and column y each need a second suppressed cell, and those need a fourth (at
    // least: the order is greedy, larger counts published first, and this table takes six).
    const inner = cells.filter((c) => c.suppressed && c.keys.every((k) => k !== null));
    expect(inner.length).toBeGreaterThanOrEqual(4);
    expect(inner.length).toBeLessThanOrEqual(6);
    expect(inner.filter((c) => c.keys[0] === 'a').length).toBeGreaterThanOrEqual(2);
    expect(inner.filter((c) => c.keys[1] === 'y').length).toBeGreaterThanOrEqual(2);
    expect(relationsWithOneUnknown(cells)).toEqual([]);
    // The totals stay published.
    expect(s(null, null)).toBe(false);
    expect(s('a', null)).toBe(false);
    expect(s(null, 'y')).toBe(false);
  });

  test('without complements the small cell is the row total minus the others (the attack the rule stops)', () => {
    const m = [
      [20, 3, 15],
      [12, 30, 9],
    ];
    const rows = cube2(['a', 'b'], ['x', 'y', 'z'], m);
    const onlyPrimary = protectBlock(2, rows).map((c) => ({ ...c, suppressed: c.primary }));
    expect(relationsWithOneUnknown(onlyPrimary).length).toBeGreaterThan(0);
    expect(relationsWithOneUnknown(protectBlock(2, rows))).toEqual([]);
  });

  test('a person alone in a suppressed cell cannot compute another from their own count (singletons)', () => {
    const m = [
      [1, 3, 20, 12],
      [14, 30, 9, 11],
      [8, 11, 25, 16],
    ];
    const cells = protectBlock(2, cube2(['a', 'b', 'c'], ['w', 'x', 'y', 'z'], m));
    expect(determined(cells)).toEqual([]);
    expect(singletonDisclosures(cells)).toEqual([]);
    // Row a's total stays published, so row a has a third suppressed cell: 1 and 3 alone would tell the 1 the 3.
    const rowA = cells.filter((c) => c.keys[0] === 'a' && c.keys[1] !== null && c.suppressed);
    expect(rowA.length).toBeGreaterThanOrEqual(3);
  });

  test('a cell of many records from fewer than five people is suppressed (people, not only records)', () => {
    const m = [
      [40, 25],
      [30, 22],
    ];
    const persons = [
      [2, 9],
      [12, 10],
    ];
    const cells = protectBlock(2, cube2(['u1', 'u2'], ['holding', 'skjerming'], m, persons));
    const c = cells.find((x) => x.keys[0] === 'u1' && x.keys[1] === 'holding')!;
    expect(c.primary).toBe(true);
    expect(relationsWithOneUnknown(cells)).toEqual([]);
  });

  test('a small total is suppressed too, and a total cannot be rebuilt from its published parts', () => {
    // Row b: 2 + 1 = 3 in total: every cell of it and the row total are small.
    const m = [
      [20, 30],
      [2, 1],
      [15, 16],
    ];
    const cells = protectBlock(2, cube2(['a', 'b', 'c'], ['x', 'y'], m));
    expect(cells.find((x) => x.keys[0] === 'b' && x.keys[1] === null)!.suppressed).toBe(true);
    expect(relationsWithOneUnknown(cells)).toEqual([]);
  });

  test('three dimensions: no suppressed count is a linear combination of the published cells', () => {
    // Random 3 × 3 × 2 tables with small cells; checked by brute force over every relation.
    let seed = 7;
    const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let t = 0; t < 20; t++) {
      const A = ['a1', 'a2', 'a3'];
      const B = ['b1', 'b2', 'b3'];
      const C = ['c1', 'c2'];
      const inner = new Map<string, number>();
      for (const a of A)
        for (const b of B)
          for (const c of C)
            inner.set(
              JSON.stringify([a, b, c]),
              Math.floor(rnd() * 3) === 0 ? 1 + Math.floor(rnd() * 4) : Math.floor(rnd() * 30),
            );
      const rows: Omit<CubeRow, 'block'>[] = [];
      for (const a of [...A, null])
        for (const b of [...B, null])
          for (const c of [...C, null]) {
            let n = 0;
            for (const [k, v] of inner) {
              const [x, y, z] = JSON.parse(k) as string[];
              if ((a === null || a === x) && (b === null || b === y) && (c === null || c === z)) n += v;
            }
            if (n > 0) rows.push({ keys: [a, b, c], count: n, persons: n });
          }
      const cells = protectBlock(3, rows);
      expect(relationsWithOneUnknown(cells)).toEqual([]);
      expect(cells.filter((c) => c.primary).every((c) => c.suppressed)).toBe(true);
      // Checked independently: no primary cell is in the span of the published cells.
      expect(determined(cells)).toEqual([]);
      expect(singletonDisclosures(cells)).toEqual([]);
      // And the check can fail: publishing every complement gives the small cells back.
      const naive = cells.map((c) => ({ ...c, suppressed: c.primary }));
      if (naive.some((c) => c.primary)) expect(determined(naive).length).toBeGreaterThan(0);
    }
  });

  test('each block is protected on its own and filters select cells of it (the same numbers whatever the filter)', () => {
    const rows: CubeRow[] = [];
    for (const block of ['2024-01', '2024-02'])
      for (const r of cube2(
        ['u1', 'u2', 'u3'],
        ['m1', 'm2'],
        [
          [10, 2],
          [7, 9],
          [12, 14],
        ],
      ))
        rows.push({ block, ...r });
    const spec = { title: 't', unit: 'executions', blockDimension: 'month', dimensions: ['unit', 'measure'] };
    const all = protect(spec, rows);
    const u1 = applyFilter(all, { units: ['u1'] });
    for (const c of u1.cells) {
      expect(c.keys[0]).toBe('u1');
      expect(all.cells).toContainEqual(c);
    }
    expect(u1.cells.length).toBeGreaterThan(0);
    const csv = toCsv(u1);
    expect(csv.split('\r\n')[0]).toBe('month;unit;measure;executions');
    expect(csv).toContain('2024-01;u1;m2;:');
  });

  test('periods are whole months or years; a day, a bad month or a filter the table lacks is BAD_USER_INPUT', () => {
    expect(checkFilter({ from: '2024-01', to: '2024-03' }, 'month', ['unit'])).toEqual({
      from: '2024-01',
      to: '2024-03',
    });
    for (const f of [{ to: '2024-03-01' }, { from: '2024-13' }, { from: '2024-03', to: '2024-01' }])
      expect(() => checkFilter(f, 'month', ['unit'])).toThrow(/must|after/);
    expect(() => checkFilter({ from: '2024-01' }, 'year', [])).toThrow(/a year YYYY/);
    expect(() => checkFilter({ measures: ['x'] }, 'month', ['unit'])).toThrow(/no measure dimension/);
    expect(() => checkFilter({ units: [] }, 'month', ['unit'])).toThrow(/1 to 100/);
  });
});

test("personopplysningsloven art. 32: a category from the source that starts like a spreadsheet formula is written as text in the CSV (found in review: a unit '=HYPERLINK(…)' went out as a formula)", () => {
  const rows: CubeRow[] = cube2(
    ['=HYPERLINK("http://x";"klikk")', '+47 enhet', 'Byåsen'],
    ['m1'],
    [[6], [7], [8]],
  ).map((r) => ({ block: '2024-01', ...r }));
  const csv = toCsv(
    protect(
      { title: 't', unit: 'executions', blockDimension: 'month', dimensions: ['unit', 'measure'] },
      rows,
    ),
  );
  expect(csv).toContain(`"'=HYPERLINK(""http://x"";""klikk"")";m1;6`);
  expect(csv).toContain(`'+47 enhet;m1;7`);
  expect(csv).toContain('Byåsen;m1;8');
  for (const line of csv.trimEnd().split('\r\n'))
    for (const cell of line.split(';')) expect(cell).not.toMatch(/^[=+@-]/);
});
