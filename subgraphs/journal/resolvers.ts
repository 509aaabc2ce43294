import { GraphQLError } from 'graphql';
import type { Resolvers, SubgraphContext } from '../../lib/subgraph';
import {
  countJournalEntries, journalEntriesByIds, journalPages, patientsByIds, patientsByNationalIds,
  type JournalEntryRow, type JournalPageKey, type PatientRow,
} from './store';

function patientLoader(ctx: SubgraphContext) {
  return ctx.loader<string, PatientRow | null>('patient', async (ids) => {
    const rows = await patientsByIds(ctx.db, ids);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

function entryLoader(ctx: SubgraphContext) {
  return ctx.loader<string, JournalEntryRow | null>('journalEntry', async (ids) => {
    const rows = await journalEntriesByIds(ctx.db, ids);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

function pageLoader(ctx: SubgraphContext) {
  return ctx.loader<JournalPageKey, JournalEntryRow[]>('journalPage', async (keys) => {
    const rows = await journalPages(ctx.db, keys);
    const pages: JournalEntryRow[][] = keys.map(() => []);
    for (const r of rows) pages[r.page]!.push(r);
    return pages;
  });
}

function countLoader(ctx: SubgraphContext) {
  return ctx.loader<string, number>('journalCount', async (ids) => {
    const counts = await countJournalEntries(ctx.db, ids);
    return ids.map((id) => counts.get(id) ?? 0);
  });
}

function seenPatient(ctx: SubgraphContext, p: PatientRow | null): PatientRow | null {
  if (p) ctx.audit.record(p.id, 'patient', [p.id]);
  return p;
}

function encodeCursor(e: JournalEntryRow): string {
  return Buffer.from(`${e.written_at.toISOString()}|${e.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { writtenAt: string; id: string } {
  const [writtenAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!writtenAt || !id || Number.isNaN(Date.parse(writtenAt))) {
    throw new GraphQLError('invalid cursor', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return { writtenAt, id };
}

const NATIONAL_ID = /^\d{11}$/;

export const resolvers: Resolvers = {
  Query: {
    async patient(_: unknown, { id }: { id: string }, ctx: SubgraphContext) {
      return seenPatient(ctx, await patientLoader(ctx).load(id));
    },
    async patientByNationalId(_: unknown, { nationalId }: { nationalId: string }, ctx: SubgraphContext) {
      if (!NATIONAL_ID.test(nationalId)) {
        throw new GraphQLError('nationalId must be 11 digits', { extensions: { code: 'BAD_USER_INPUT' } });
      }
      const [row] = await patientsByNationalIds(ctx.db, [nationalId]);
      return seenPatient(ctx, row ?? null);
    },
  },
  Patient: {
    async __resolveReference(ref: { id: string }, ctx: SubgraphContext) {
      return seenPatient(ctx, await patientLoader(ctx).load(ref.id));
    },
    nationalId: (p: PatientRow) => p.national_id,
    nationalIds: (p: PatientRow) => (p.national_id ? [p.national_id] : []),
    familyName: (p: PatientRow) => p.family_name,
    givenName: (p: PatientRow) => p.given_name,
    birthDate: (p: PatientRow) => p.birth_date,
    deathDate: (p: PatientRow) => p.death_date,
    async journal(p: PatientRow, args: { first: number; after?: string | null }, ctx: SubgraphContext) {
      if (args.first < 0 || args.first > 1000) {
        throw new GraphQLError('first must be between 0 and 1000', { extensions: { code: 'BAD_USER_INPUT' } });
      }
      const after = args.after ? decodeCursor(args.after) : undefined;
      const [rows, totalCount] = await Promise.all([
        pageLoader(ctx).load({ patientId: p.id, first: args.first, after }),
        countLoader(ctx).load(p.id),
      ]);
      const page = rows.slice(0, args.first);
      ctx.audit.record(p.id, 'journal_entry', page.map((e) => e.id));
      return {
        totalCount,
        edges: page.map((node) => ({ cursor: encodeCursor(node), node })),
        pageInfo: { hasNextPage: rows.length > args.first, endCursor: page.length ? encodeCursor(page[page.length - 1]!) : null },
      };
    },
  },
  JournalEntry: {
    async __resolveReference(ref: { id: string }, ctx: SubgraphContext) {
      const e = await entryLoader(ctx).load(ref.id);
      if (e) ctx.audit.record(e.patient_id, 'journal_entry', [e.id]);
      return e;
    },
    patient: (e: JournalEntryRow, _: unknown, ctx: SubgraphContext) => patientLoader(ctx).load(e.patient_id),
    type: (e: JournalEntryRow) => e.entry_type,
    authorName: (e: JournalEntryRow) => e.author_name,
    writtenAt: (e: JournalEntryRow) => e.written_at.toISOString(),
    sourceSystem: (e: JournalEntryRow) => e.source_system,
    sourceId: (e: JournalEntryRow) => e.source_id,
  },
};
