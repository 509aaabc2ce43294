/**
 * The labelled evaluation set: queries a legal user would type, over the fixture exports,
 * with the notes that are relevant (every one must be found) and the tempting ones that
 * are not ("plaget av hoste", "tvangstanker", an anti-bullying programme, "ingen mobbing").
 * Keys are `<SOURCE SYSTEM>:<source id>`. Used by test/acceptance/search.test.ts and
 * bench/search-eval.ts, which prints the table for three methods (dev/search-eval-harness.ts).
 */
import type { Db } from '../lib/db';
import { entryIdFor } from '../subgraphs/journal/import/records';
import type { SourceSystem } from '../subgraphs/journal/store';
import { evaluateQueries, type EvalResult, type EvalStack, type LabelledQuery } from './search-eval-harness';

export type { EvalResult } from './search-eval-harness';

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

const TOPIC: Record<string, string> = { bullying: 'mobbing', coercion: 'tvang' };

/** The fixture evaluation as labelled queries (entry ids, the person's record ids). */
export function fixtureQueries(ids: EvalIds): LabelledQuery[] {
  return EVALUATION.map((q) => {
    const records = q.scope.nationalId ? ids.records.get(q.scope.nationalId) : undefined;
    if (q.scope.nationalId && !records) throw new Error(`no patient ${q.scope.nationalId}`);
    return {
      id: q.id,
      topic: TOPIC[q.id.split('-')[0]!] ?? q.id,
      listed: true,
      query: q.query,
      scope: { records, ageFrom: q.scope.ageFrom, ageTo: q.scope.ageTo },
      relevant: q.relevant.map(toId),
      tempting: q.tempting.map(toId),
    };
  });
}

/** Entry id → fixture key (SOURCE:id), for readable reports. */
export function fixtureLabel(): (id: string) => string {
  const keys = new Map(
    EVALUATION.flatMap((q) => [...q.relevant, ...q.tempting]).map((k) => [toId(k), k] as const),
  );
  return (id) => keys.get(id) ?? id;
}

export async function evaluate(stack: EvalStack, ids: EvalIds, prefix?: string): Promise<EvalResult[]> {
  return evaluateQueries(stack, fixtureQueries(ids), {
    prefix,
    label: fixtureLabel(),
    methods: prefix || stack.backend.name !== 'elasticsearch' ? undefined : ['helsespor'],
  });
}
