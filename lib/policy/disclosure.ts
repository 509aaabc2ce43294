/**
 * Statistical disclosure control for the `reporting` role: aggregate tables in which no
 * count lets anyone single a person out.
 *
 * Rule (DOMAIN.md "Aggregates"; personopplysningsloven art. 5 (1) c and art. 89 (1),
 * statistikkloven § 7 (taushetsplikt: no statistics that can identify a person), and
 * helseregisterloven § 6): counts from 1 to 4 are suppressed, and so are the cells from
 * which a suppressed count could be recomputed.
 *
 * The algorithm, per **block** (one month, or one year for yearly tables), over every cell
 * of the block's cross-table *and its totals* (all margins: each dimension either a
 * category or "total"):
 *
 * 1. **Primary suppression** (threshold rule, Eurostat/ESSnet "Handbook on Statistical
 *    Disclosure Control" (Hundepool et al., 2010), ch. 4.2.2; SSB's practice, "Statistisk
 *    konfidensialitet i SSB" / the R package `GaussSuppression`, primaryFunction
 *    `PrimaryFromRiskyDefault`): a cell — inner cell or total — is suppressed when its
 *    count is 1–4, or when the *people* behind it number 1–4 (a cell of 30 executions of
 *    two persons is about two persons; the distinct-person count comes from SQL, margins
 *    included, through `GROUP BY … CUBE`). Zero is published (it singles out no one).
 * 2. **Secondary (complementary) suppression** by Gaussian elimination, as SSB's
 *    `GaussSuppression` does (Langsrud, Ø. (2024), "Secondary Cell Suppression by Gaussian
 *    Elimination: An Algorithm Suitable for Handling Issues with Zeros and Singletons",
 *    Privacy in Statistical Databases 2024, LNCS 14915): every cell is a 0/1 vector over
 *    the block's inner cells (a total sums the inner cells under it). A suppressed cell is
 *    disclosed exactly when its vector lies in the linear span of the published cells'
 *    vectors (row/column totals minus the other cells, and every longer combination in
 *    a many-dimensional table). Cells are offered for publication in a fixed order — the
 *    zeros, then the block total, then totals over more dimensions before fewer, then
 *    larger counts before smaller, ties by key — and a cell is published only when, after
 *    adding it, no primary-suppressed cell's vector is in the span; otherwise it is
 *    suppressed as a complement. The result: no suppressed count can be recomputed from the
 *    published cells of its block by any linear combination. (Exact disclosure is what this
 *    guarantees; it does not compute interval protection: with non-negative counts a
 *    suppressed cell is known to lie between 0 and the smallest total over it, as with
 *    τ-ARGUS' "hypercube" method, Eurostat handbook § 4.4.) Elimination runs in floating
 *    point on sparse vectors with a tolerance of 1e-9; the entries are small integers.
 *
 * **Overlapping queries (differencing).** The table each query answers from is fixed: the
 * blocks are calendar months (years), protected one by one over all their data, whatever
 * the query's filters; no total *across* blocks is published (a caller may add published
 * months up, never subtract a suppressed one out of a published sum). A period filter
 * selects whole blocks (`YYYY-MM`; a day is `BAD_USER_INPUT`, so "A..B" and "A..B + 1 day"
 * cannot differ), and unit/measure filters select cells of the already protected blocks.
 * Two overlapping queries therefore answer identical numbers for every cell they share, and
 * their difference is always a set of published cells: it can isolate no one. This is the
 * "fixed granularity" choice over keeping a record of each caller's answers: a record per
 * caller does not stop two callers (or one caller with two tokens) from pooling answers,
 * while a fixed publication is safe whoever combines it (Eurostat handbook § 4.3,
 * "linked tables": protect the tables that are published together as one).
 * What it does not stop: a block whose data change between two queries (a late import, a
 * correction) is protected afresh, and the difference of the two answers concerns the
 * changed records; reporting on closed months that no longer change avoids it.
 *
 * **Singletons.** A person alone in a suppressed cell knows its count (their own); when the
 * published cells and that one count together give another suppressed cell, that person
 * could compute it (Langsrud 2024, "singleton problem"). So a cell is also held back when,
 * after publishing it, some other suppressed cell lies in the span of the published cells
 * plus one such singleton cell (a cell of one person, or of one record where the records
 * name no one). Two singletons pooling what they know are not considered.
 */
import { GraphQLError } from 'graphql';
import { isRealDate } from '../oslo-time';
import { csvCell } from '../csv';

/** The threshold: counts (and people) from 1 to this are suppressed. */
export const SMALL_CELL_MAX = 4;

/** One row of the SQL cube: `keys[i]` null = the total over dimension i. */
export interface CubeRow {
  block: string;
  keys: (string | null)[];
  count: number;
  /** Distinct people behind the count; null when the records name no person (quarantine). */
  persons: number | null;
}

export interface PublishedCell {
  block: string;
  /** One per dimension; null = total over that dimension. */
  keys: (string | null)[];
  /** null when suppressed. */
  count: number | null;
  suppressed: boolean;
}

export interface ProtectedTable {
  title: string;
  /** What one count is (e.g. "executions"). */
  unit: string;
  /** The block dimension ("month" or "year"), then the cell dimensions. */
  blockDimension: string;
  dimensions: string[];
  /** Blocks oldest first; within a block, totals first then by keys. Inner cells of 0 are left out. */
  cells: PublishedCell[];
  suppressedCells: number;
  method: string;
}

export const METHOD =
  `Counts of 1–${SMALL_CELL_MAX} (records or people) are suppressed, and so is every cell from which one could be recomputed ` +
  '(Gaussian elimination over the block and its totals, as SSB’s GaussSuppression). Each month (year) is protected on its own ' +
  'over all its data; filters select cells of it; no total across months is published. Suppressed: ":" (SSB). ' +
  'Inner cells not listed are 0.';

export const badInput = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

// ---------------------------------------------------------------- linear algebra

type Vec = Map<number, number>;
const EPS = 1e-9;

function axpy(v: Vec, a: number, b: Vec): Vec {
  const out = new Map(v);
  for (const [i, x] of b) {
    const y = (out.get(i) ?? 0) - a * x;
    if (Math.abs(y) < EPS) out.delete(i);
    else out.set(i, y);
  }
  return out;
}

class Span {
  private readonly basis: { pivot: number; v: Vec }[] = [];

  reduce(v: Vec): Vec {
    let r = v;
    for (const b of this.basis) {
      const c = r.get(b.pivot);
      if (c !== undefined) r = axpy(r, c / b.v.get(b.pivot)!, b.v);
    }
    return r;
  }

  /** Adds a reduced, non-zero vector with its pivot (an index where it is not 0). */
  add(r: Vec, pivot: number): void {
    this.basis.push({ pivot, v: r });
  }
}

// ---------------------------------------------------------------- suppression

interface Cell {
  keys: (string | null)[];
  count: number;
  persons: number | null;
  vec: Vec;
  primary: boolean;
  suppressed: boolean;
}

const small = (n: number | null) => n !== null && n >= 1 && n <= SMALL_CELL_MAX;
const keyOf = (keys: readonly (string | null)[]) => JSON.stringify(keys);

/**
 * Protects one block: every combination of its categories and totals, from the SQL cube's
 * rows (missing combinations are 0). Returns the cells with their suppression.
 */
export function protectBlock(dimensions: number, rows: readonly Omit<CubeRow, 'block'>[]): Cell[] {
  const cats: string[][] = Array.from({ length: dimensions }, () => []);
  const seen = Array.from({ length: dimensions }, () => new Set<string>());
  for (const r of rows)
    r.keys.forEach((k, i) => {
      if (k !== null && !seen[i]!.has(k)) seen[i]!.add(k);
    });
  seen.forEach((s, i) => cats[i]!.push(...[...s].sort()));
  const byKey = new Map(rows.map((r) => [keyOf(r.keys), r]));

  // Inner cells: the cartesian product of the categories, numbered.
  const inner: string[][] = [[]];
  for (const c of cats) {
    const next: string[][] = [];
    for (const prefix of inner) for (const x of c) next.push([...prefix, x]);
    inner.splice(0, inner.length, ...next);
  }
  const innerIndex = new Map(inner.map((k, i) => [keyOf(k), i]));

  // Every cell: each dimension a category or null (total).
  let all: (string | null)[][] = [[]];
  for (const c of cats) all = all.flatMap((prefix) => [...c, null].map((x) => [...prefix, x]));
  const cells: Cell[] = all.map((keys) => {
    const vec: Vec = new Map();
    for (const k of inner)
      if (keys.every((x, i) => x === null || x === k[i])) vec.set(innerIndex.get(keyOf(k))!, 1);
    const row = byKey.get(keyOf(keys));
    const count = row?.count ?? 0;
    const persons = row ? row.persons : 0;
    return { keys, count, persons, vec, primary: small(count) || small(persons), suppressed: false };
  });

  const primaries = cells.filter((c) => c.primary);
  for (const p of primaries) p.suppressed = true;
  if (primaries.length === 0) return cells;

  const span = new Span();
  let residuals = primaries.map((p) => p.vec);
  // Singletons: a primary cell of one person knows its own count; a cell the published ones
  // would give away together with it is disclosed to that person (Langsrud 2024).
  const singletons = primaries.flatMap((p, i) => ((p.persons ?? p.count) === 1 ? [i] : []));
  const sameVec = (a: Vec, b: Vec) => a.size === b.size && [...a].every(([k, x]) => b.get(k) === x);
  const parallel = (a: Vec, b: Vec) => {
    if (a.size !== b.size || a.size === 0) return false;
    const [k, x] = a.entries().next().value as [number, number];
    const y = b.get(k);
    if (y === undefined) return false;
    const f = y / x;
    return [...a].every(([i, v]) => Math.abs((b.get(i) ?? 0) - f * v) < EPS);
  };
  const givenAway = (rs: Vec[]) =>
    singletons.some((si) =>
      rs.some(
        (r, pj) => pj !== si && !sameVec(primaries[pj]!.vec, primaries[si]!.vec) && parallel(rs[si]!, r),
      ),
    );
  const totals = (c: Cell) => c.keys.filter((k) => k === null).length;
  const order = cells
    .filter((c) => !c.primary)
    .sort(
      (a, b) =>
        Number(b.count === 0) - Number(a.count === 0) ||
        totals(b) - totals(a) ||
        b.count - a.count ||
        keyOf(a.keys).localeCompare(keyOf(b.keys)),
    );
  for (const c of order) {
    const r = span.reduce(c.vec);
    if (r.size === 0) continue; // already determined by what is published: publishing it adds nothing
    const pivot = (() => {
      let p = -1;
      let best = 0;
      for (const [i, x] of r)
        if (Math.abs(x) > best + EPS) {
          best = Math.abs(x);
          p = i;
        }
      return p;
    })();
    const next = residuals.map((v) => {
      const a = v.get(pivot);
      return a === undefined ? v : axpy(v, a / r.get(pivot)!, r);
    });
    if (next.some((v) => v.size === 0) || givenAway(next)) {
      c.suppressed = true; // publishing it would let a suppressed count be recomputed
      continue;
    }
    // Commit with the same pivot the residuals were reduced by.
    span.add(r, pivot);
    residuals = next;
  }
  return cells;
}

/** Protects every block of a cube and lists its cells (blocks oldest first). */
export function protect(
  spec: { title: string; unit: string; blockDimension: string; dimensions: string[] },
  rows: readonly CubeRow[],
): ProtectedTable {
  const blocks = new Map<string, Omit<CubeRow, 'block'>[]>();
  for (const r of rows) {
    let b = blocks.get(r.block);
    if (!b) blocks.set(r.block, (b = []));
    b.push({ keys: r.keys, count: r.count, persons: r.persons });
  }
  const cells: PublishedCell[] = [];
  for (const block of [...blocks.keys()].sort()) {
    const protectedCells = protectBlock(spec.dimensions.length, blocks.get(block)!);
    const listed = protectedCells
      .filter((c) => c.suppressed || c.count > 0 || c.keys.some((k) => k === null))
      .sort(
        (a, b) =>
          b.keys.filter((k) => k === null).length - a.keys.filter((k) => k === null).length ||
          keyOf(a.keys).localeCompare(keyOf(b.keys)),
      );
    for (const c of listed)
      cells.push({ block, keys: c.keys, count: c.suppressed ? null : c.count, suppressed: c.suppressed });
  }
  return {
    ...spec,
    cells,
    suppressedCells: cells.filter((c) => c.suppressed).length,
    method: METHOD,
  };
}

// ---------------------------------------------------------------- filters

export interface StatisticsFilterInput {
  from?: string | null;
  to?: string | null;
  units?: readonly string[] | null;
  measures?: readonly string[] | null;
}

/** A period of whole blocks: months `YYYY-MM` or years `YYYY`, inclusive. */
export interface BlockPeriod {
  from: string | null;
  to: string | null;
}

/**
 * Checks the filter for a table whose blocks are `grain` and whose dimensions are named;
 * `units` / `measures` only where the table has a dimension `unit` / `measure`.
 */
export function checkFilter(
  f: StatisticsFilterInput | null | undefined,
  grain: 'month' | 'year',
  dimensions: readonly string[],
): BlockPeriod {
  const pattern = grain === 'month' ? /^\d{4}-(0[1-9]|1[0-2])$/ : /^\d{4}$/;
  const shape = grain === 'month' ? 'a month YYYY-MM' : 'a year YYYY';
  for (const k of ['from', 'to'] as const) {
    const v = f?.[k];
    if (v == null) continue;
    if (!pattern.test(v))
      throw badInput(
        `${k} must be ${shape}: this report is published for whole ${grain}s only, so that two periods cannot be subtracted to single anyone out`,
      );
    if (!isRealDate(grain === 'month' ? `${v}-01` : `${v}-01-01`))
      throw badInput(`${k} must be a real ${grain}`);
  }
  if (f?.from && f?.to && f.from > f.to) throw badInput('from must not be after to');
  for (const [k, dim] of [
    ['units', 'unit'],
    ['measures', 'measure'],
  ] as const) {
    const v = f?.[k];
    if (v == null) continue;
    if (!dimensions.includes(dim)) throw badInput(`${k}: this report has no ${dim} dimension`);
    if (v.length === 0 || v.length > 100) throw badInput(`${k} must name 1 to 100 values`);
    if (v.some((x) => !x.trim() || x.length > 200)) throw badInput(`${k} must be non-empty names`);
  }
  return { from: f?.from ?? null, to: f?.to ?? null };
}

/** The cells of a protected table that the unit/measure filters select (totals over a filtered dimension left out). */
export function applyFilter(t: ProtectedTable, f: StatisticsFilterInput | null | undefined): ProtectedTable {
  const sets: [number, Set<string>][] = [];
  for (const [k, dim] of [
    ['units', 'unit'],
    ['measures', 'measure'],
  ] as const) {
    const v = f?.[k];
    const i = t.dimensions.indexOf(dim);
    if (v && i >= 0) sets.push([i, new Set(v)]);
  }
  if (!sets.length) return t;
  const cells = t.cells.filter((c) => sets.every(([i, s]) => c.keys[i] !== null && s.has(c.keys[i]!)));
  return { ...t, cells, suppressedCells: cells.filter((c) => c.suppressed).length };
}

// ---------------------------------------------------------------- CSV

const TOTAL_LABEL = 'I alt';
/** SSB's symbol for a figure not published for confidentiality. */
export const SUPPRESSED_SYMBOL = ':';

/** One cell: a category from the source data (a unit's name, a reason) never runs as a formula (lib/csv.ts; found in review). */
const cell = (v: string) => csvCell(v, ';');

/** The table as CSV (semicolon-separated, UTF-8): one line per cell; totals "I alt", suppressed ":". */
export function toCsv(t: ProtectedTable): string {
  const lines = [[t.blockDimension, ...t.dimensions, t.unit].map(cell).join(';')];
  for (const c of t.cells)
    lines.push(
      [c.block, ...c.keys.map((k) => k ?? TOTAL_LABEL), c.suppressed ? SUPPRESSED_SYMBOL : String(c.count)]
        .map(cell)
        .join(';'),
    );
  return lines.join('\r\n') + '\r\n';
}
