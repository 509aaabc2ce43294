/**
 * A labelled search evaluation set in JSON (people, notes, queries with the relevant and the
 * tempting notes), loaded through the real importer: the set is written as a Profil XML
 * export (UTF-8, so no character is lost) in a temporary folder, with a valid synthetic
 * fødselsnummer per person (month + 80, two mod-11 check digits: lib/national-id.ts), and
 * imported with `runImport(db, 'profil', …)` like any export.
 *
 *   { "version": 1,
 *     "people":  [{ "key", "givenName", "familyName", "birthDate": "YYYY-MM-DD", "sex": "F"|"M" }],
 *     "notes":   [{ "key", "person", "writtenAt": "YYYY-MM-DDTHH:MM" (Europe/Oslo), "author": "name, role", "text" }],
 *     "queries": [{ "id", "topic", "listed", "query", "scope": { "person"?, "ageFrom"?, "ageTo"? },
 *                   "relevant": [note keys], "tempting": [note keys] }] }
 *
 * dev/search-eval/tuning-set.json is one (written for tuning); the blind set
 * (HELSESPOR_BLIND_SET) is read the same way and never tuned on.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { Db } from '../lib/db';
import { makeSyntheticNationalId } from '../lib/national-id';
import { runImport } from '../subgraphs/journal/import/run';
import { entryIdFor } from '../subgraphs/journal/import/records';
import type { LabelledQuery } from './search-eval-harness';

const Key = z.string().min(1).max(40);
export const LabelledSet = z
  .object({
    version: z.literal(1),
    people: z.array(
      z.object({
        key: Key,
        givenName: z.string().min(1),
        familyName: z.string().min(1),
        birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
        sex: z.enum(['F', 'M']),
      }),
    ),
    notes: z.array(
      z.object({
        key: Key,
        person: Key,
        writtenAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/),
        author: z.string().min(1),
        text: z.string().min(1),
      }),
    ),
    queries: z.array(
      z.object({
        id: Key,
        topic: z.string().min(1),
        listed: z.boolean(),
        query: z.string().min(1),
        scope: z.object({
          person: Key.optional(),
          ageFrom: z.number().int().min(0).optional(),
          ageTo: z.number().int().min(0).optional(),
        }),
        relevant: z.array(Key),
        tempting: z.array(Key).default([]),
      }),
    ),
  })
  .superRefine((s, ctx) => {
    const people = new Set(s.people.map((p) => p.key));
    const notes = new Set(s.notes.map((n) => n.key));
    if (people.size !== s.people.length) ctx.addIssue({ code: 'custom', message: 'duplicate person key' });
    if (notes.size !== s.notes.length) ctx.addIssue({ code: 'custom', message: 'duplicate note key' });
    for (const n of s.notes)
      if (!people.has(n.person)) ctx.addIssue({ code: 'custom', message: `note ${n.key}: unknown person` });
    for (const q of s.queries) {
      if (q.scope.person && !people.has(q.scope.person))
        ctx.addIssue({ code: 'custom', message: `query ${q.id}: unknown person ${q.scope.person}` });
      for (const k of [...q.relevant, ...q.tempting])
        if (!notes.has(k)) ctx.addIssue({ code: 'custom', message: `query ${q.id}: unknown note ${k}` });
    }
  });
export type LabelledSet = z.infer<typeof LabelledSet>;

export function readLabelledSet(path: string): LabelledSet {
  const parsed = LabelledSet.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success)
    throw new Error(
      `${path}: ${parsed.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}`,
    );
  return parsed.data;
}

const xml = (s: string) =>
  s.replace(
    /[&<>"\n\r\t]/g,
    (c) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\n': '&#10;', '\r': '&#13;', '\t': '&#9;' })[
        c
      ]!,
  );
const text = (s: string) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);

export interface ExportIds {
  /** Person key → synthetic national id. */
  nationalIds: Map<string, string>;
  /** Note key → Profil notat id. */
  noteIds: Map<string, string>;
}

/** The set as a Profil export: one klient per person, one notat per note. */
export function toProfilXml(set: LabelledSet): { xml: string; ids: ExportIds } {
  const nationalIds = new Map<string, string>();
  const used = new Set<string>();
  set.people.forEach((p, i) => {
    let start = i * 7;
    let nid = makeSyntheticNationalId(p.birthDate, start, p.sex === 'F');
    while (used.has(nid)) nid = makeSyntheticNationalId(p.birthDate, (start += 2), p.sex === 'F');
    used.add(nid);
    nationalIds.set(p.key, nid);
  });
  const noteIds = new Map(set.notes.map((n, i) => [n.key, String(800_000 + i)]));
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<profil-eksport versjon="4.2" eksportert="2026-01-01T00:00:00" kommunenr="5001" system="Profil">',
  ];
  set.people.forEach((p, i) => {
    lines.push(
      `  <klient klientnr="${String(700_000 + i)}" fnr="${nationalIds.get(p.key)}" etternavn="${xml(p.familyName)}" fornavn="${xml(p.givenName)}" fodt="${p.birthDate}" kjonn="${p.sex === 'F' ? 'K' : 'M'}" opprettet="${p.birthDate}">`,
      '    <journal>',
    );
    for (const n of set.notes.filter((x) => x.person === p.key)) {
      const [name, role] = n.author.split(/,\s*/, 2);
      lines.push(
        `      <notat id="${noteIds.get(n.key)}" dato="${n.writtenAt}" type="Journalnotat" tjeneste="${xml(role || 'Ukjent tjeneste')}" forfatter="${xml(name!)}">${text(n.text)}</notat>`,
      );
    }
    lines.push('    </journal>', '  </klient>');
  });
  lines.push('</profil-eksport>', '');
  return { xml: lines.join('\n'), ids: { nationalIds, noteIds } };
}

/**
 * Imports the set through the Profil importer and returns its queries with journal entry ids
 * and patient record ids. Every note must be accepted: a quarantined one is an error here.
 */
export async function importLabelledSet(db: Db, set: LabelledSet): Promise<LabelledQuery[]> {
  const { xml: body, ids } = toProfilXml(set);
  const dir = mkdtempSync(join(tmpdir(), 'helsespor-eval-'));
  try {
    const file = join(dir, 'profil-eksport.xml');
    writeFileSync(file, body);
    const report = await runImport(db, 'profil', file);
    const quarantined = Object.values(report.quarantined ?? {}).reduce((n: number, x) => n + Number(x), 0);
    if (quarantined) throw new Error(`labelled set: ${quarantined} records quarantined by the importer`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const r = await db.query<{ national_id: string; id: string }>(
    'SELECT national_id, id FROM journal.patient WHERE national_id = ANY($1::text[])',
    [[...ids.nationalIds.values()]],
  );
  const records = new Map(r.rows.map((x) => [x.national_id, x.id]));
  const entry = (key: string) => entryIdFor('PROFIL', ids.noteIds.get(key)!);
  return set.queries.map((q) => ({
    id: q.id,
    topic: q.topic,
    listed: q.listed,
    query: q.query,
    scope: {
      ...(q.scope.person ? { records: [records.get(ids.nationalIds.get(q.scope.person)!)!] } : {}),
      ageFrom: q.scope.ageFrom,
      ageTo: q.scope.ageTo,
    },
    relevant: q.relevant.map(entry),
    tempting: q.tempting.map(entry),
  }));
}

/** Note key of a journal entry id, for readable reports. */
export function noteKeyLabel(set: LabelledSet): (id: string) => string {
  const byEntry = new Map(set.notes.map((n, i) => [entryIdFor('PROFIL', String(800_000 + i)), n.key]));
  return (id) => byEntry.get(id) ?? id;
}
