/**
 * The labelled evaluation set: queries a legal user would type, over the fixture exports,
 * with the notes that are relevant (every one must be found) and the tempting ones that
 * are not ("plaget av hoste", "tvangstanker", an anti-bullying programme, "ingen mobbing").
 * Keys are `<SOURCE SYSTEM>:<source id>`. Used by test/acceptance/search.test.ts and
 * bench/search-eval.ts, which prints the table for three methods.
 */
import type { Client } from '@elastic/elasticsearch';
import type { Db } from '../lib/db';
import { aliasName } from '../search-index/definition';
import type { UserClaims } from '../lib/auth';
import { entryIdFor } from '../subgraphs/journal/import/records';
import type { SourceSystem } from '../subgraphs/journal/store';
import { gql } from './services';

/** What the evaluation needs of a running stack (scripts/stack.ts's Stack has it). */
interface Stack {
  gateway: { url: string };
  backend: object;
  token(claims?: Partial<UserClaims>): Promise<string>;
}

export interface EvalQuery {
  id: string;
  query: string;
  /** The person (by national id; linked records included), and an age window. */
  scope: { nationalId?: string; ageFrom?: number; ageTo?: number };
  relevant: string[];
  tempting: string[];
}

const JONAS_BULLYING_13_15 = [
  'PROFIL:205372',
  'PROFIL:205395',
  'PROFIL:205420',
  'PROFIL:205465',
  'PROFIL:205510',
  'PROFIL:205563',
  'GERICA:3104190',
];
const LARS_COERCION = [
  'GERICA:3104029',
  'GERICA:3104040',
  'GERICA:3104044',
  'GERICA:3104071',
  'GERICA:3104098',
  'GERICA:3104121',
  'GERICA:3104141',
  'GERICA:3104155',
  'GERICA:3104228',
  'GERICA:3104358',
  'GERICA:3104372',
  'GERICA:3104468',
  'GERICA:3104548',
  'GERICA:3104770',
  // GERICA:3106370 is also in HP as the migrated copy dr-ijky7l7wp7: one note, counted once.
  'GERICA:3106370',
  'HELSEPLATTFORMEN:dr-ctx7yvi58m',
  'HELSEPLATTFORMEN:dr-7e88r5g92k',
  'HELSEPLATTFORMEN:dr-h5z1z2v9w8',
  'HELSEPLATTFORMEN:dr-n87fhd6c0x',
  'HELSEPLATTFORMEN:dr-zez4d3zcqs',
  'HELSEPLATTFORMEN:dr-j1i4pcfovx',
  'HELSEPLATTFORMEN:dr-1pcnmrpjia',
  'HELSEPLATTFORMEN:dr-plybz5dceu',
];

export const EVALUATION: EvalQuery[] = [
  {
    id: 'bullying-jonas-13-15',
    query: 'mobbing',
    scope: { nationalId: '15850053739', ageFrom: 13, ageTo: 15 },
    relevant: JONAS_BULLYING_13_15,
    tempting: ['PROFIL:205447'],
  },
  {
    id: 'bullying-jonas-all-ages',
    query: 'mobbet',
    scope: { nationalId: '15850053739' },
    relevant: [...JONAS_BULLYING_13_15, 'HELSEPLATTFORMEN:dr-kv1fh2sk1d'],
    tempting: ['PROFIL:205447'],
  },
  {
    id: 'bullying-everyone',
    query: 'mobbing',
    scope: {},
    relevant: [...JONAS_BULLYING_13_15, 'HELSEPLATTFORMEN:dr-kv1fh2sk1d'],
    tempting: [
      'PROFIL:205338',
      'PROFIL:205871',
      'GERICA:3104358',
      'PROFIL:205447',
      'GERICA:3104925',
      'GERICA:3105587',
      'HELSEPLATTFORMEN:dr-18ycamwjk1',
    ],
  },
  {
    id: 'coercion-lars',
    query: 'tvang',
    scope: { nationalId: '20888014390' },
    relevant: LARS_COERCION,
    tempting: [],
  },
  {
    id: 'coercion-everyone',
    query: 'tvang',
    scope: {},
    relevant: LARS_COERCION,
    tempting: ['HELSEPLATTFORMEN:dr-s5d9un3pyn', 'HELSEPLATTFORMEN:dr-3ajkbp0x2g', 'GERICA:3104430'],
  },
];

export interface EvalIds {
  /** Patient record ids of each person in scope (linked records included), by national id. */
  records: Map<string, string[]>;
}

export async function resolveEvalIds(db: Db): Promise<EvalIds> {
  const nids = [...new Set(EVALUATION.flatMap((e) => (e.scope.nationalId ? [e.scope.nationalId] : [])))];
  const r = await db.query<{ national_id: string; ids: string[] }>(
    `SELECT p.national_id, array_agg(DISTINCT x) AS ids FROM journal.patient p
       CROSS JOIN LATERAL (SELECT p.id AS x UNION SELECT CASE WHEN l.patient_a = p.id THEN l.patient_b ELSE l.patient_a END
                             FROM journal.patient_link l WHERE l.unlinked_at IS NULL AND p.id IN (l.patient_a, l.patient_b)) y
      WHERE p.national_id = ANY($1::text[]) GROUP BY p.national_id`,
    [nids],
  );
  return { records: new Map(r.rows.map((x) => [x.national_id, x.ids])) };
}

const toId = (key: string) => {
  const i = key.indexOf(':');
  return entryIdFor(key.slice(0, i) as SourceSystem, key.slice(i + 1));
};

export interface EvalResult {
  method: 'standard-match' | 'norwegian-match' | 'helsespor';
  query: string;
  id: string;
  retrieved: number;
  relevantRetrieved: number;
  relevant: number;
  /** Over everything the method returns (up to ALL). */
  recall: number;
  /** In the first TOP. */
  precision: number;
  temptingRetrieved: string[];
  /** Retrieved ids that are not labelled relevant. */
  falsePositives: string[];
  /** Relevant ids the method did not return. */
  misses: string[];
}

const TOP = 20;
const ALL = 200;

async function plainMatch(
  es: Client,
  index: string,
  field: string,
  q: EvalQuery,
  records?: string[],
): Promise<string[]> {
  const filter: object[] = [];
  if (records) filter.push({ terms: { patientId: records } });
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

async function ours(stack: Stack, q: EvalQuery, records?: string[]): Promise<string[]> {
  // Search quality over every record: an archivist sees them all (lib/policy).
  const token = await stack.token({
    sub: 'evaluation',
    role: 'archivist',
    purpose: 'ARCHIVE_ADMINISTRATION',
  });
  const args = `query: $q, ageFrom: $af, ageTo: $at, first: ${ALL}`;
  const body = records
    ? (
        await gql(
          stack.gateway.url,
          `query ($id: ID!, $q: String!, $af: Int, $at: Int) { patient(id: $id) { search(${args}) { hits { journalEntry { id } } } } }`,
          {
            token,
            variables: { id: records[0], q: q.query, af: q.scope.ageFrom ?? null, at: q.scope.ageTo ?? null },
          },
        )
      ).body
    : (
        await gql(
          stack.gateway.url,
          `query ($q: String!, $af: Int, $at: Int) { search(${args}) { hits { journalEntry { id } } } }`,
          { token, variables: { q: q.query, af: q.scope.ageFrom ?? null, at: q.scope.ageTo ?? null } },
        )
      ).body;
  if (body.errors) throw new Error(body.errors[0]!.message);
  const result = records ? body.data.patient.search : body.data.search;
  return result.hits.map((h: { journalEntry: { id: string } }) => h.journalEntry.id);
}

export async function evaluate(stack: Stack, ids: EvalIds, prefix?: string): Promise<EvalResult[]> {
  const es = (stack.backend as unknown as { client?: Client }).client;
  const index = aliasName(prefix ?? 'helsespor');
  const out: EvalResult[] = [];
  for (const q of EVALUATION) {
    const records = q.scope.nationalId ? ids.records.get(q.scope.nationalId) : undefined;
    if (q.scope.nationalId && !records) throw new Error(`no patient ${q.scope.nationalId}`);
    // Patient.search takes one record id and follows its links; the plain matches filter on all of them.
    const methods: [EvalResult['method'], () => Promise<string[]>][] = [
      ['helsespor', () => ours(stack, q, records ? [records.sort()[0]!] : undefined)],
    ];
    if (es && prefix) {
      methods.unshift(
        ['standard-match', () => plainMatch(es, index, 'text.exact', q, records)],
        ['norwegian-match', () => plainMatch(es, index, 'text', q, records)],
      );
    }
    const relevant = new Set(q.relevant.map(toId));
    const tempting = new Map(q.tempting.map((k) => [toId(k), k]));
    for (const [method, run] of methods) {
      const got = await run();
      const top = got.slice(0, TOP);
      const hit = got.filter((id) => relevant.has(id)).length;
      const topHit = top.filter((id) => relevant.has(id)).length;
      out.push({
        method,
        query: q.query,
        id: q.id,
        retrieved: got.length,
        relevantRetrieved: hit,
        relevant: relevant.size,
        recall: hit / relevant.size,
        precision: top.length ? topHit / top.length : 0,
        temptingRetrieved: got.filter((id) => tempting.has(id)).map((id) => tempting.get(id)!),
        falsePositives: got.filter((id) => !relevant.has(id)),
        misses: [...relevant].filter((id) => !got.includes(id)),
      });
    }
  }
  return out;
}
