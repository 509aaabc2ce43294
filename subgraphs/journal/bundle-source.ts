/**
 * The evidence bundle's items from the journal room: a person's journal entries (with
 * corrections, migrated copies and tombstones) and care contacts in the window, every linked
 * patient record included, read through the caller's policy and logged. Entries are read
 * 500 at a time while the bundle is written. This is what exportBundle uses until the dossier
 * (issue 14) gathers every source; its completeness statement says what it does not cover.
 */
import { GraphQLError } from 'graphql';
import { resolveWindow, WindowError, type LeapDayRule } from '../../lib/age-window';
import { forbidden } from '../../lib/policy/policy';
import { osloDate, osloIso } from '../../lib/oslo-time';
import type { BundleContext, BundleSource, SourceArgs } from '../../lib/bundle/source';
import type { BundleItem, ProvenanceEntry } from '../../lib/bundle/types';
import {
  journalPages,
  patientsByIds,
  personGroups,
  type JournalEntryRow,
  type JournalPageKey,
} from './store';

const PAGE = 500;
const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

interface ContactRow {
  id: string;
  service: string | null;
  contact_class: string | null;
  period_start: Date;
  period_end: Date | null;
  location: string | null;
  source_system: string;
  source_id: string;
}

async function window(ctx: BundleContext, args: SourceArgs) {
  const w = ctx.policy.window(ctx.audit, 'journal_entry', { patientIds: [args.patientId] }, args);
  if ('rule' in w) throw forbidden(w.rule);
  const group = (await personGroups(ctx.db, [args.patientId])).get(args.patientId) ?? [args.patientId];
  const people = await patientsByIds(ctx.db, group);
  const birth =
    people.find((p) => p.id === args.patientId)?.birth_date ?? people.find((p) => p.birth_date)?.birth_date;
  const rule: LeapDayRule = 'MARCH_1';
  try {
    return { group, w: resolveWindow({ ...args, from: w.from, to: w.to }, birth ?? null, rule) };
  } catch (err) {
    if (err instanceof WindowError) throw badInput(err.message);
    throw err;
  }
}

async function extras(ctx: BundleContext, ids: string[]) {
  const [copies, versions, tombs] = await Promise.all([
    ctx.db.query<{ entry_id: string; source_system: string; source_id: string; kind: string }>(
      'SELECT entry_id, source_system, source_id, kind FROM journal.entry_provenance WHERE entry_id = ANY($1::text[]) ORDER BY source_system, source_id',
      [ids],
    ),
    ctx.db.query<{
      entry_id: string;
      version: number;
      text: string | null;
      replaced_at: Date;
      replaced_by: string;
      reason: string;
      change: string;
    }>(
      'SELECT entry_id, version, text, replaced_at, replaced_by, reason, change FROM journal.entry_version WHERE entry_id = ANY($1::text[]) ORDER BY entry_id, version',
      [ids],
    ),
    ctx.db.query<{ entry_id: string; deleted_by: string; deleted_at: Date; legal_basis: string }>(
      'SELECT entry_id, deleted_by, deleted_at, legal_basis FROM journal.tombstone WHERE entry_id = ANY($1::text[])',
      [ids],
    ),
  ]);
  const prov = new Map<string, ProvenanceEntry[]>();
  const add = (id: string, p: ProvenanceEntry) => prov.set(id, [...(prov.get(id) ?? []), p]);
  for (const c of copies.rows)
    add(c.entry_id, {
      what: c.kind,
      detail: `${c.kind.replace(/_/g, ' ')} in ${c.source_system} ${c.source_id}`,
    });
  for (const v of versions.rows)
    add(v.entry_id, {
      what: v.change,
      at: osloIso(v.replaced_at),
      by: v.replaced_by,
      detail: v.reason,
      earlierText: v.change === 'deletion' ? null : v.text,
    });
  const tomb = new Map(tombs.rows.map((t) => [t.entry_id, t]));
  return { prov, tomb };
}

function entryItem(e: JournalEntryRow, x: Awaited<ReturnType<typeof extras>>): BundleItem {
  const t = x.tomb.get(e.id);
  return {
    id: e.id,
    kind: 'journal_entry',
    date: osloIso(e.written_at),
    sourceSystem: e.source_system,
    sourceId: e.source_id,
    title: [e.entry_type, e.service].filter(Boolean).join(', ') || null,
    text: t ? null : e.text,
    author: e.author_name ?? e.author_hpr ?? null,
    unit: e.service ?? null,
    provenance: x.prov.get(e.id) ?? [],
    details: t
      ? { Slettet: `${osloIso(t.deleted_at)} av ${t.deleted_by}; hjemmel: ${t.legal_basis}` }
      : e.correction_reason
        ? { Korrigert: e.correction_reason }
        : undefined,
  };
}

function contactItem(c: ContactRow): BundleItem {
  return {
    id: c.id,
    kind: 'care_contact',
    date: osloIso(c.period_start),
    sourceSystem: c.source_system,
    sourceId: c.source_id,
    title: [c.contact_class, c.service].filter(Boolean).join(', ') || null,
    unit: c.service,
    details: {
      Slutt: c.period_end ? osloIso(c.period_end) : null,
      Sted: c.location,
    },
  };
}

export const journalBundleSource: BundleSource = {
  name: 'journal',
  async open(ctx, args) {
    const { group, w } = await window(ctx, args);
    const counts = new Map<string, { entries: number; contacts: number; noText: number }>();
    const count = (s: string) => {
      let c = counts.get(s);
      if (!c) counts.set(s, (c = { entries: 0, contacts: 0, noText: 0 }));
      return c;
    };
    const contacts = w.empty
      ? []
      : (
          await ctx.db.query<ContactRow>(
            `SELECT id, service, contact_class, period_start, period_end, location, source_system, source_id
               FROM journal.care_contact
              WHERE patient_id = ANY($1::text[])
                AND ($3::timestamptz IS NULL OR period_start < $3)
                AND ($2::timestamptz IS NULL OR coalesce(period_end, period_start) >= $2)
              ORDER BY period_start, id`,
            [group, w.startInstant, w.endInstant],
          )
        ).rows.filter((c) =>
          ctx.policy.visible(
            'care_contact',
            { patientIds: [args.patientId] },
            {
              from: osloDate(c.period_start),
              to: c.period_end ? osloDate(c.period_end) : osloDate(c.period_start),
            },
          ),
        );
    ctx.audit.record(
      args.patientId,
      'care_contact',
      contacts.map((c) => c.id),
    );
    async function* entries(): AsyncGenerator<BundleItem> {
      if (w.empty) return;
      let after: JournalPageKey['after'];
      for (;;) {
        const rows = await journalPages(ctx.db, [
          {
            patientIds: group,
            startInstant: w.startInstant,
            endInstant: w.endInstant,
            sources: null,
            types: null,
            first: PAGE,
            after,
          },
        ]);
        const page = rows.slice(0, PAGE);
        if (!page.length) return;
        ctx.audit.record(
          args.patientId,
          'journal_entry',
          page.map((e) => e.id),
        );
        const x = await extras(
          ctx,
          page.map((e) => e.id),
        );
        for (const e of page) yield entryItem(e, x);
        if (rows.length <= PAGE) return;
        const last = page[page.length - 1]!;
        after = { writtenAt: new Date(last.written_at).toISOString(), id: last.id };
      }
    }
    async function* merged(): AsyncGenerator<BundleItem> {
      let i = 0;
      for await (const e of entries()) {
        while (i < contacts.length && osloIso(contacts[i]!.period_start) <= e.date) {
          const c = contactItem(contacts[i++]!);
          count(c.sourceSystem).contacts++;
          yield c;
        }
        const c = count(e.sourceSystem);
        c.entries++;
        if (!e.text) c.noText++;
        yield e;
      }
      while (i < contacts.length) {
        const c = contactItem(contacts[i++]!);
        count(c.sourceSystem).contacts++;
        yield c;
      }
    }
    const description = `${w.fromDate ?? 'fra start'} – ${w.toDate ?? 'til i dag'}${
      args.ageFrom != null || args.ageTo != null ? ` (alder ${args.ageFrom ?? 0}–${args.ageTo ?? '…'})` : ''
    }`;
    return {
      items: merged(),
      window: { from: w.fromDate, to: w.toDate, description },
      completeness: () => ({
        summary:
          `Journalnotater og kontakter for pasienten og journaler koblet til samme person (${group.length} pasientjournal(er)) i perioden ${description}. ` +
          'Kilde: journalrommet (Helseplattformen, Gerica, Profil).',
        sources: [...counts.entries()].map(([sourceSystem, c]) => ({
          sourceSystem,
          'journalnotater i perioden': c.entries,
          'kontakter i perioden': c.contacts,
          'uten tekst (slettet eller tomme)': c.noText,
        })),
        notes: [
          'Alle journalnotater og kontakter i perioden er tatt med; begrepssøk er ikke brukt til å velge ut' +
            (args.concepts.length ? ` (spurt: ${args.concepts.join(', ')})` : '') +
            '.',
          'Ikke med i denne bundelen: tjenestevedtak, tvangsvedtak og -gjennomføringer, arkivsaker og dokumenter (dossieret samler dem).',
          'Datoer er lokal tid Europe/Oslo; en periode etter alder regnes fra fødselsdagen til dagen før neste (29. februar: 1. mars).',
        ],
      }),
    };
  },
};
