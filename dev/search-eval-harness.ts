import { appendFileSync } from 'node:fs';
/**
 * Runs labelled queries through three methods on whichever search backend the stack has,
 * and summarises recall over everything returned and precision in the top 20, per topic and
 * overall (macro: the mean over topics of the mean over each topic's queries):
 *   standard-match   a plain `match` with no stemming (Elasticsearch: the standard analyzer on
 *                    text.exact; PostgreSQL: the `simple` text search configuration)
 *   norwegian-match  a plain `match`, Norwegian-stemmed (Elasticsearch: Hunspell nb_NO on
 *                    text; PostgreSQL: the `norwegian` Snowball configuration, the embedded
 *                    backend's own stemmer, as PostgreSQL has no Hunspell here)
 *   helsespor        Helsespor's search through the gateway (expansions, vocabulary), with
 *                    the query's scope: Patient.search for a person, Query.search for everyone
 * Used by bench/search-eval.ts and the tests.
 */
import type { Client } from '@elastic/elasticsearch';
import type { Db } from '../lib/db';
import { aliasName } from '../search-index/definition';
import type { UserClaims } from '../lib/auth';
import { gql } from './services';
import { loadDevConfig } from '../lib/config';

/** What the evaluation needs of a running stack (scripts/stack.ts's Stack has it). */
export interface EvalStack {
  gateway: { url: string };
  backend: { name: string };
  db: Db;
  token(claims?: Partial<UserClaims>): Promise<string>;
}

export interface LabelledQuery {
  id: string;
  topic: string;
  /** Whether the topic is one the vocabulary was written for. */
  listed: boolean;
  query: string;
  /** The person's patient record ids (linked records included), and an age window. */
  scope: { records?: string[]; ageFrom?: number; ageTo?: number };
  /** Journal entry ids. */
  relevant: string[];
  tempting: string[];
}

export type Method = 'standard-match' | 'norwegian-match' | 'helsespor';
export const METHODS: Method[] = ['standard-match', 'norwegian-match', 'helsespor'];

export interface EvalResult {
  method: Method;
  backend: string;
  query: string;
  id: string;
  topic: string;
  listed: boolean;
  /** "ages 13–15" for a query scoped to one person's age window (the lawsuit case), else undefined. */
  window?: string;
  retrieved: number;
  relevantRetrieved: number;
  relevant: number;
  /** Over everything the method returns (up to ALL). */
  recall: number;
  /** In the first TOP. */
  precision: number;
  /** Tempting notes retrieved (labelled keys where known, else ids). */
  temptingRetrieved: string[];
  falsePositives: string[];
  /** The false positives within the first TOP, in rank order. */
  topFalsePositives: string[];
  misses: string[];
}

export const TOP = 20;
export const ALL = 200;

async function esMatch(es: Client, index: string, field: string, q: LabelledQuery): Promise<string[]> {
  const filter: object[] = [];
  if (q.scope.records) filter.push({ terms: { patientId: q.scope.records } });
  if (q.scope.ageFrom != null || q.scope.ageTo != null)
    filter.push({ range: { ageAtDate: { gte: q.scope.ageFrom, lte: q.scope.ageTo } } });
  const r = await es.search<{ id: string }>({
    index,
    size: ALL,
    _source: ['id'],
    query: { bool: { must: [{ match: { [field]: q.query } }], filter } },
  });
  return r.hits.hits.map((h) => h._source!.id);
}

async function pgMatch(db: Db, config: 'simple' | 'norwegian', q: LabelledQuery): Promise<string[]> {
  const vector = config === 'simple' ? `to_tsvector('simple', d.text)` : 'd.tsv';
  const r = await db.query<{ id: string }>(
    `SELECT d.id FROM search.document d, plainto_tsquery('${config}', $1) q
      WHERE ${vector} @@ q AND ($2::text[] IS NULL OR d.patient_id = ANY($2::text[]))
        AND ($3::int IS NULL OR d.age_at_date >= $3) AND ($4::int IS NULL OR d.age_at_date <= $4)
      ORDER BY ts_rank(${vector}, q) DESC, d.id LIMIT ${ALL}`,
    [q.query, q.scope.records ?? null, q.scope.ageFrom ?? null, q.scope.ageTo ?? null],
  );
  return r.rows.map((x) => x.id);
}

async function helsespor(
  stack: EvalStack,
  token: string,
  q: LabelledQuery,
  disabled: string[] = [],
): Promise<string[]> {
  const args = `query: $q, ageFrom: $af, ageTo: $at, first: ${ALL}, disabledExpansions: $off`;
  const vars = { q: q.query, af: q.scope.ageFrom ?? null, at: q.scope.ageTo ?? null, off: disabled };
  // Patient.search takes one record id and follows its links.
  const record = q.scope.records ? [...q.scope.records].sort()[0] : undefined;
  const { body } = record
    ? await gql(
        stack.gateway.url,
        `query ($id: ID!, $q: String!, $af: Int, $at: Int, $off: [String!]) { patient(id: $id) { search(${args}) { hits { score matchedExpansions journalEntry { id } } } } }`,
        { token, variables: { id: record, ...vars } },
      )
    : await gql(
        stack.gateway.url,
        `query ($q: String!, $af: Int, $at: Int, $off: [String!]) { search(${args}) { hits { score matchedExpansions journalEntry { id } } } }`,
        { token, variables: vars },
      );
  if (body.errors) throw new Error(`${q.id}: ${body.errors[0]!.message}`);
  const result = record ? body.data.patient.search : body.data.search;
  const dump = loadDevConfig().evalDump;
  if (dump)
    appendFileSync(
      dump,
      JSON.stringify({
        id: q.id,
        query: q.query,
        listed: q.listed,
        scoped: Boolean(record),
        relevant: q.relevant,
        tempting: q.tempting,
        hits: result.hits.map(
          (h: { score: number; matchedExpansions: string[]; journalEntry: { id: string } | null }) => ({
            id: h.journalEntry?.id,
            score: h.score,
            exp: h.matchedExpansions,
          }),
        ),
      }) + '\n',
    );
  return result.hits.flatMap((h: { journalEntry: { id: string } | null }) =>
    h.journalEntry ? [h.journalEntry.id] : [],
  );
}

export async function evaluateQueries(
  stack: EvalStack,
  queries: LabelledQuery[],
  opts: {
    prefix?: string;
    methods?: Method[];
    label?: (id: string) => string;
    /** Expansions (names, kinds, concepts) Helsespor's search leaves out, e.g. ["learned"]. */
    disabled?: string[];
  } = {},
): Promise<EvalResult[]> {
  const es = (stack.backend as unknown as { client?: Client }).client;
  const index = aliasName(opts.prefix ?? 'helsespor');
  // Search quality over every record: an archivist sees them all (lib/policy).
  const token = await stack.token({
    sub: 'evaluation',
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
  });
  const run: Record<Method, (q: LabelledQuery) => Promise<string[]>> =
    stack.backend.name === 'elasticsearch'
      ? {
          'standard-match': (q) => esMatch(es!, index, 'text.exact', q),
          'norwegian-match': (q) => esMatch(es!, index, 'text', q),
          helsespor: (q) => helsespor(stack, token, q, opts.disabled),
        }
      : {
          'standard-match': (q) => pgMatch(stack.db, 'simple', q),
          'norwegian-match': (q) => pgMatch(stack.db, 'norwegian', q),
          helsespor: (q) => helsespor(stack, token, q, opts.disabled),
        };
  const label = opts.label ?? ((id: string) => id);
  const out: EvalResult[] = [];
  for (const q of queries) {
    const relevant = new Set(q.relevant);
    const tempting = new Set(q.tempting);
    for (const method of opts.methods ?? METHODS) {
      const got = await run[method](q);
      const top = got.slice(0, TOP);
      const hit = got.filter((id) => relevant.has(id)).length;
      const topHit = top.filter((id) => relevant.has(id)).length;
      out.push({
        method,
        // The embedded database named apart: the same backend, on PGlite.
        backend: stack.db.kind === 'pglite' ? `${stack.backend.name} on PGlite` : stack.backend.name,
        query: q.query,
        id: q.id,
        topic: q.topic,
        listed: q.listed,
        window:
          q.scope.ageFrom != null || q.scope.ageTo != null
            ? `ages ${q.scope.ageFrom ?? 0}–${q.scope.ageTo ?? '…'}`
            : undefined,
        retrieved: got.length,
        relevantRetrieved: hit,
        relevant: relevant.size,
        recall: relevant.size ? hit / relevant.size : 1,
        precision: top.length ? topHit / top.length : 0,
        temptingRetrieved: got.filter((id) => tempting.has(id)).map(label),
        falsePositives: got.filter((id) => !relevant.has(id)).map(label),
        topFalsePositives: top.filter((id) => !relevant.has(id)).map(label),
        misses: [...relevant].filter((id) => !got.includes(id)).map(label),
      });
    }
  }
  return out;
}

export interface Summary {
  method: Method;
  topic: string;
  listed: boolean;
  queries: number;
  recall: number;
  precision: number;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** Per topic and method, then macro rows: listed topics, unlisted topics, all. */
export function summarise(results: EvalResult[]): Summary[] {
  const out: Summary[] = [];
  const methods = [...new Set(results.map((r) => r.method))];
  const topics = [...new Set(results.map((r) => r.topic))].sort();
  for (const method of methods) {
    const per: Summary[] = [];
    for (const topic of topics) {
      const rs = results.filter((r) => r.method === method && r.topic === topic);
      if (!rs.length) continue;
      per.push({
        method,
        topic,
        listed: rs[0]!.listed,
        queries: rs.length,
        recall: mean(rs.map((r) => r.recall)),
        precision: mean(rs.map((r) => r.precision)),
      });
    }
    out.push(...per);
    const macro = (topic: string, rows: Summary[]) =>
      rows.length &&
      out.push({
        method,
        topic,
        listed: rows.every((r) => r.listed),
        queries: rows.reduce((n, r) => n + r.queries, 0),
        recall: mean(rows.map((r) => r.recall)),
        precision: mean(rows.map((r) => r.precision)),
      });
    const listed = per.filter((r) => r.listed);
    const unlisted = per.filter((r) => !r.listed);
    if (listed.length && unlisted.length) {
      macro('(macro, listed topics)', listed);
      macro('(macro, topics not in the vocabulary)', unlisted);
    }
    macro('(macro, all topics)', per);
  }
  return out;
}

/** A table: one row per topic, recall and P@20 per method side by side. */
export function formatTable(title: string, results: EvalResult[], verbose = false): string {
  const sum = summarise(results);
  const methods = [...new Set(sum.map((s) => s.method))];
  const topics = [...new Set(sum.map((s) => s.topic))];
  const lines = [
    `== ${title} (${results[0]?.backend ?? '?'}) ==`,
    `${'topic'.padEnd(40)} ${'q'.padStart(3)}  ${methods.map((m) => `${m.padStart(16)} R  P@20`).join('  ')}`,
  ];
  for (const t of topics) {
    const row = methods.map((m) => sum.find((s) => s.method === m && s.topic === t));
    const first = row.find(Boolean)!;
    const name = t.startsWith('(') ? t : `${t}${first.listed ? '' : ' *'}`;
    lines.push(
      `${name.padEnd(40)} ${String(first.queries).padStart(3)}  ${row
        .map((s) =>
          s ? `${s.recall.toFixed(2).padStart(18)} ${s.precision.toFixed(2).padStart(5)}` : ' '.repeat(24),
        )
        .join('  ')}`,
    );
  }
  if (topics.some((t) => !t.startsWith('(') && !sum.find((s) => s.topic === t)!.listed))
    lines.push('  * topic not in the vocabulary');
  // The issue's lawsuit case is a one-person age-window query: each is reported on its own,
  // as found-of-relevant, since "complete" means every relevant note of the window.
  for (const r of results.filter((x) => x.method === 'helsespor' && x.window))
    lines.push(
      `  ${r.id} "${r.query}", one person, ${r.window}: ${r.relevantRetrieved} of ${r.relevant} found` +
        `${r.relevantRetrieved === r.relevant ? ' (complete)' : ''}, P@20 ${r.precision.toFixed(2)}`,
    );
  lines.push(...precisionBounds(results));
  if (verbose) {
    for (const r of results.filter((x) => x.method === 'helsespor')) {
      lines.push(
        `  ${r.id} "${r.query}": recall ${r.recall.toFixed(2)} P@20 ${r.precision.toFixed(2)} retrieved ${r.retrieved}` +
          (r.misses.length ? ` | misses ${r.misses.join(' ')}` : '') +
          (r.temptingRetrieved.length ? ` | tempting ${r.temptingRetrieved.join(' ')}` : '') +
          (r.topFalsePositives.length ? ` | others in the top ${TOP} ${r.topFalsePositives.join(' ')}` : ''),
      );
    }
  }
  return lines.join('\n');
}

/**
 * What P@20 could be, beside what it is (Helsespor's rows, macro over topics as above):
 * - "same notes, best order": each query's returned notes with the relevant ones first,
 *   min(relevant returned, shown) / shown: the gain a re-ranking alone could give;
 * - "at least 20 returned": a perfect ranking that shows 20 notes, min(relevant, 20) / 20:
 *   where a topic has fewer than 20 relevant notes, a page of 20 holds others whatever the
 *   order, and only returning fewer notes (at a risk to recall) raises P@20 further;
 * - "where 20 can be relevant": P@20 over the queries with at least 20 relevant notes only,
 *   the queries where a perfect ranking reaches 1 (blind set 4, stop 47, was written so that
 *   every unscoped query of a listed topic is one).
 */
function precisionBounds(results: EvalResult[]): string[] {
  const own = results.filter((r) => r.method === 'helsespor');
  if (!own.length) return [];
  const macro = (rows: EvalResult[], f: (r: EvalResult) => number) => {
    const topics = [...new Set(rows.map((r) => r.topic))];
    return mean(topics.map((t) => mean(rows.filter((r) => r.topic === t).map(f))));
  };
  const shown = (r: EvalResult) => Math.min(TOP, r.retrieved);
  const bestOrder = (r: EvalResult) => (shown(r) ? Math.min(r.relevantRetrieved, shown(r)) / shown(r) : 0);
  const atLeast20 = (r: EvalResult) => Math.min(r.relevant, TOP) / TOP;
  const groups: [string, EvalResult[]][] = [
    ['listed topics', own.filter((r) => r.listed)],
    ['topics not in the vocabulary', own.filter((r) => !r.listed)],
  ];
  return groups
    .filter(([, rows]) => rows.length)
    .map(([name, rows]) => {
      const full = rows.filter((r) => r.relevant >= TOP);
      return (
        `  helsespor P@20, ${name}: ${macro(rows, (r) => r.precision).toFixed(2)}; ` +
        `same notes, best order ${macro(rows, bestOrder).toFixed(2)}; ` +
        `a perfect ranking of at least 20 notes ${macro(rows, atLeast20).toFixed(2)}; ` +
        (full.length
          ? `where 20 can be relevant (${full.length} of ${rows.length} queries) ${macro(full, (r) => r.precision).toFixed(2)}`
          : 'no query with 20 relevant notes')
      );
    });
}
