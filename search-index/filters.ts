import type { SearchQuery } from './types';

/** Elasticsearch filter clauses for the non-text parts of a query (pushed into the query, so paging stays right). */
export function esFilters(q: SearchQuery): Record<string, unknown>[] {
  const f: Record<string, unknown>[] = [];
  const person: Record<string, unknown>[] = [];
  if (q.patientIds?.length) person.push({ terms: { patientId: q.patientIds } });
  if (q.nationalIds?.length) person.push({ terms: { nationalIds: q.nationalIds } });
  if (person.length) f.push({ bool: { should: person, minimum_should_match: 1 } });
  if (q.from || q.to)
    f.push({ range: { localDate: { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lte: q.to } : {}) } } });
  if (q.ageFrom != null || q.ageTo != null) {
    f.push({
      range: {
        ageAtDate: {
          ...(q.ageFrom != null ? { gte: q.ageFrom } : {}),
          ...(q.ageTo != null ? { lte: q.ageTo } : {}),
        },
      },
    });
  }
  if (q.sources?.length) f.push({ terms: { sourceSystem: q.sources } });
  if (q.kinds?.length) f.push({ terms: { kind: q.kinds } });
  return f;
}

export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string): unknown[] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v)) return v;
  } catch {
    // fall through
  }
  throw new Error('invalid cursor');
}
