/**
 * exportBundle: an evidence bundle of one person in one matter, built for the caller
 * (GraphQL mutation through the gateway, or `npm run cli -- bundle`). The bundle belongs to a
 * matter: the caller's own (a legal token's `matter`) or, for an archivist, the one named; the
 * matter must be registered, open and unexpired (a legal user not on it is told only that,
 * whatever its state: pasientjournalloven § 22), the person must be one of its persons, and
 * the window is clipped to its period. Everything the source reads goes through the caller's
 * policy and into the access log; the build itself is logged (record kind `evidence_bundle`,
 * the bundle id and its manifest's SHA-256) before the bundle takes its name: no log row, no
 * bundle.
 *
 * Sources: pasientjournalloven §§ 19, 22 (access for the purpose only); pasientjournal-
 * forskriften § 14 (every access logged); pasient- og brukerrettighetsloven § 5-1 andre ledd
 * (withheld information, lib/bundle/withhold.ts).
 */
import { mkdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { isRealDate } from '../oslo-time';
import { forbidden } from '../policy/policy';
import { expandPersons, matterById } from '../policy/store';
import type { BundleContext, BundleSource } from './source';
import type { WithheldMark } from './types';
import { BundleInputError } from './withhold';
import { defaultPrefix, writeBundle, type BundleResult } from './write';

/** Set at start from BUNDLE_DIR (scripts/stack.ts), like the policy's settings. */
/** Set by the stack from its config: where bundles go, and Tesseract's language for redacted copies. */
export const bundleSettings = { dir: '.bundles', ocrLang: 'nor' };

/** The access log's record kind for building a bundle. */
export const BUNDLE_KIND = 'evidence_bundle';

export interface ExportInput {
  patientId: string;
  /** The matter; a legal caller's token names it (a different one here is refused). */
  matter?: string | null;
  requester: string;
  from?: string | null;
  to?: string | null;
  ageFrom?: number | null;
  ageTo?: number | null;
  gradeFrom?: number | null;
  gradeTo?: number | null;
  schoolStage?: string | null;
  leapDayRule?: string | null;
  concepts?: readonly string[] | null;
  prefix?: string | null;
  firstNumber?: number | null;
  withheld?: readonly WithheldMark[] | null;
}

export interface ExportResult extends BundleResult {
  fileName: string;
  source: string;
  matter: string;
}

const MAX_MARKS = 10_000;
const MAX_CONCEPTS = 32;

function later(a: string | null, b: string | null): string | null {
  return a && b ? (a > b ? a : b) : (a ?? b);
}
function earlier(a: string | null, b: string | null): string | null {
  return a && b ? (a < b ? a : b) : (a ?? b);
}

export async function exportBundle(
  ctx: BundleContext,
  input: ExportInput,
  opts: { source: BundleSource; via: string; dir?: string; out?: string; now?: Date },
): Promise<ExportResult> {
  const subject = { patientIds: [input.patientId] };
  ctx.policy.requireAction(ctx.audit, 'exportBundle', subject);
  if (!input.patientId?.trim()) throw new BundleInputError('patientId is required');
  if ((input.withheld?.length ?? 0) > MAX_MARKS)
    throw new BundleInputError(`at most ${MAX_MARKS} withheld passages in one bundle`);
  if ((input.concepts?.length ?? 0) > MAX_CONCEPTS)
    throw new BundleInputError(`at most ${MAX_CONCEPTS} concepts in one bundle`);
  const own = ctx.caller.matter ?? null;
  if (ctx.caller.role === 'legal' && input.matter && input.matter !== own) {
    const rule = `a bundle for matter ${input.matter} needs a token on that matter (this one is on ${own ?? 'none'})`;
    ctx.audit.denied(input.patientId, BUNDLE_KIND, rule);
    throw forbidden(rule);
  }
  const matterId = own ?? input.matter ?? null;
  if (!matterId) throw new BundleInputError('a bundle belongs to a matter: name it (matter)');
  // The legal caller's own policy first (membership, state, purpose, the matter's persons and
  // period): a matter's existence and state are told only to its members (pasientjournalloven
  // § 22; lib/policy compileReach checks membership first), so a user not on the matter gets
  // the policy's one refusal, not "closed" or "not registered" from the checks below.
  ctx.policy.require(ctx.audit, 'patient', subject);
  const m = await matterById(ctx.db, matterId);
  const refuse = (rule: string) => {
    ctx.audit.denied(input.patientId, BUNDLE_KIND, rule);
    return forbidden(rule);
  };
  if (!m) throw refuse(`matter ${matterId} is not registered`);
  if (m.closed_at) throw refuse(`matter ${m.id} is closed`);
  if (m.expires_at.getTime() <= Date.now())
    throw refuse(`matter ${m.id} expired at ${m.expires_at.toISOString()}`);
  const persons = (
    await expandPersons(ctx.db, [{ group: 0, patientIds: m.patient_ids, nationalIds: m.national_ids }])
  ).get(0)!;
  if (!persons.patientIds.has(input.patientId)) throw refuse(`patient not in matter ${m.id}`);
  for (const [k, d] of [
    ['from', input.from],
    ['to', input.to],
  ] as const)
    if (d != null && (!/^\d{4}-\d{2}-\d{2}$/.test(d) || !isRealDate(d)))
      throw new BundleInputError(`${k} must be a date YYYY-MM-DD`);
  const from = later(input.from ?? null, m.period_from);
  const to = earlier(input.to ?? null, m.period_to);
  const concepts = [...new Set((input.concepts ?? []).map((c) => c.trim()).filter(Boolean))];
  const open = opts.source.open(ctx, {
    patientId: input.patientId,
    from,
    to,
    ageFrom: input.ageFrom ?? null,
    ageTo: input.ageTo ?? null,
    gradeFrom: input.gradeFrom ?? null,
    gradeTo: input.gradeTo ?? null,
    schoolStage: input.schoolStage ?? null,
    leapDayRule: input.leapDayRule ?? null,
    concepts,
  });
  // Ages or school years wholly outside the matter's period: the source finds the window empty
  // ("window.from must not be after window.to" before review s44), and the dates that emptied it
  // are the matter's, not the caller's: said so, and refused as the dossier refuses it
  // (subgraphs/dossier/caller-period.ts; pasientjournalloven § 22).
  const cut = (from !== (input.from ?? null) || to !== (input.to ?? null)) && (m.period_from || m.period_to);
  const opened = await open.catch((err: unknown) => {
    if (cut && err instanceof Error && /the window is empty/.test(err.message))
      throw refuse(
        `the window lies wholly outside the period of matter ${m.id} (${m.period_from ?? '…'} to ${m.period_to ?? '…'}): no record in it is within reach`,
      );
    throw err;
  });
  const dir = resolve(opts.out ? dirname(opts.out) : (opts.dir ?? bundleSettings.dir));
  await mkdir(dir, { recursive: true });
  const prefix = input.prefix ?? defaultPrefix(m.id);
  const stamp = (opts.now ?? new Date())
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const fileName = opts.out
    ? basename(opts.out)
    : `${prefix}_${stamp}_${ctx.caller.requestId.slice(0, 8)}.zip`.replace(/[^A-Za-z0-9._-]/g, '-');
  const result = await writeBundle({
    request: {
      matter: m.id,
      requester: input.requester,
      purpose:
        m.purpose === ctx.caller.purpose
          ? m.purpose
          : `${m.purpose} (saken); laget under ${ctx.caller.purpose}`,
      subject: input.patientId,
      window: { from: opened.window.from, to: opened.window.to, description: opened.window.description },
      query: concepts.length ? concepts.join(', ') : 'alle poster i perioden (ingen begreper)',
      prefix,
      firstNumber: input.firstNumber ?? null,
    },
    builder: {
      userId: ctx.caller.userId,
      role: ctx.caller.role,
      requestId: ctx.caller.requestId,
      via: opts.via,
      source: opts.source.name,
    },
    items: opened.items,
    documents: opened.documents,
    redactFiles: { ocrLang: bundleSettings.ocrLang },
    // Read when the items have been read to the end: the counts are then complete.
    completeness: {
      get summary() {
        return opened.completeness().summary;
      },
      get sources() {
        return opened.completeness().sources;
      },
      get notes() {
        return opened.completeness().notes;
      },
    },
    withheld: input.withheld ?? [],
    out: join(dir, fileName),
    now: opts.now,
    beforePublish: async (r) => {
      // The matter again, as the bundle is done: a build takes minutes, and one closed or
      // expired meanwhile gets no bundle (pasientjournalloven §§ 19, 22: access for the matter
      // ends with it). A legal user's reads stop there (the owners refuse the closed matter's
      // token); an archivist's are not bound to the matter, and the bundle was published
      // (found in review s34).
      const now = await matterById(ctx.db, m.id);
      const ended = !now
        ? `matter ${m.id} is not registered`
        : now.closed_at
          ? `matter ${m.id} is closed`
          : now.expires_at.getTime() <= Date.now()
            ? `matter ${m.id} expired at ${now.expires_at.toISOString()}`
            : null;
      if (ended) {
        const err = refuse(`${ended} (while the bundle was built; no bundle is given)`);
        await ctx.audit.flush(ctx.db);
        throw err;
      }
      ctx.audit.record(input.patientId, BUNDLE_KIND, [r.bundleId, `manifest-sha256:${r.manifestSha256}`]);
      await ctx.audit.flush(ctx.db);
    },
  });
  return { ...result, fileName, source: opts.source.name, matter: m.id };
}
