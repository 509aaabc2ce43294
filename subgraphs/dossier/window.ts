/**
 * The dossier's window: local dates, ages or school years, resolved to local dates once,
 * with the assumptions the answer states. Ages: lib/age-window (13th birthday to the day
 * before the 16th, by Europe/Oslo date); school years: lib/age-window's schoolYearWindow
 * (opplæringslova § 2-1; August to June).
 */
import {
  resolveWindow,
  schoolYearWindow,
  SCHOOL_STAGES,
  WindowError,
  type LeapDayRule,
  type SchoolStage,
} from '../../lib/age-window';
import type { DossierWindow, DossierWindowInput } from './types';

/** Which date of each kind of record the window is applied to. */
export const DATING_RULES = [
  'journal entries by the care they document: a corrected (amended) Helseplattformen note by its care period (context.period), every other note by the time written; local Europe/Oslo dates',
  'care contacts and coercion decisions when their period overlaps the window',
  'service decisions by the date of the decision; coercion executions by their start',
  'archive journalposts and their documents by journaldato; a case when its saksdato or one of its journalposts is in the window',
];

/** The period of the person's records the caller may reach (lib/policy reach), and what sets it. */
export interface CallerPeriod {
  from: string | null;
  to: string | null;
  /** E.g. `matter M-2025-004`. */
  by: string;
}

/**
 * The window cut to the caller's period, saying so. A legal user reaches a person's records
 * within their matter's period only (pasientjournalloven § 22), and every owner clips what it
 * answers to that period; a window that reaches past it was stated as asked ("ages 13–15:
 * 2013-05-15 to 2016-05-14") over the records of the matter's period alone, so a dossier of a
 * matter from 2014 said it held all care at ages 13–15 while the notes of 2013 were silently
 * left out, and one of a matter from 2020 answered no records at all for those ages (found in
 * review s44, case 2). What the municipality states to a court of what it found must be true
 * (tvisteloven § 21-4). `outside` when the window lies wholly outside the period: there is
 * nothing of it the caller may see.
 */
export function limitToCallerPeriod(
  w: DossierWindow,
  p: CallerPeriod | null,
): { window: DossierWindow } | { outside: string } {
  if (!p || (!p.from && !p.to)) return { window: w };
  const from = p.from && (!w.from || p.from > w.from) ? p.from : w.from;
  const to = p.to && (!w.to || p.to < w.to) ? p.to : w.to;
  if (from === w.from && to === w.to) return { window: w };
  const period = `${p.from ?? '…'} to ${p.to ?? '…'}`;
  if (from && to && from > to)
    return {
      outside: `the window (${w.description}) lies wholly outside the period of ${p.by} (${period}): no record in it is within reach`,
    };
  return {
    window: {
      ...w,
      from,
      to,
      description: `${w.description}; cut to ${from ?? '…'} to ${to ?? '…'} by the period of ${p.by} (${period}): records outside it are not shown`,
      assumptions: [
        `the caller reaches the person's records within the period of ${p.by} only (${period}; pasientjournalloven § 22): the window is cut to ${from ?? '…'} to ${to ?? '…'}, and the counts below cover that part`,
        ...w.assumptions,
      ],
    },
  };
}

export function resolveDossierWindow(
  input: DossierWindowInput | null | undefined,
  birthDate: string | null,
): DossierWindow {
  const w = resolveAsked(input, birthDate);
  // Ages or school years and dates that do not overlap (ageFrom 13 with from after the 16th
  // birthday): the dossier answered no records for the ages, as if there were none (review s44).
  if (w.from && w.to && w.from > w.to)
    throw new WindowError(
      `the window is empty: ${w.description} (its first day is after its last); give dates that overlap the ages or school years`,
    );
  return w;
}

function resolveAsked(input: DossierWindowInput | null | undefined, birthDate: string | null): DossierWindow {
  const w = input ?? {};
  const rule = (w.leapDayRule ?? 'MARCH_1') as LeapDayRule;
  if (rule !== 'MARCH_1' && rule !== 'FEBRUARY_28')
    throw new WindowError('leapDayRule must be MARCH_1 or FEBRUARY_28');
  const hasAge = w.ageFrom != null || w.ageTo != null;
  const stage = w.schoolStage ? SCHOOL_STAGES[w.schoolStage as SchoolStage] : null;
  if (w.schoolStage && !stage) throw new WindowError(`unknown school stage ${w.schoolStage}`);
  const hasGrades = w.gradeFrom != null || w.gradeTo != null || stage != null;
  if (hasAge && hasGrades) throw new WindowError('give ages or school years, not both');
  if (stage && (w.gradeFrom != null || w.gradeTo != null))
    throw new WindowError('give schoolStage or gradeFrom/gradeTo, not both');
  const assumptions = [...DATING_RULES];
  const dates = resolveWindow({ from: w.from, to: w.to }, null, rule);
  const narrow = (from: string, to: string) => ({
    from: dates.fromDate && dates.fromDate > from ? dates.fromDate : from,
    to: dates.toDate && dates.toDate < to ? dates.toDate : to,
  });
  const datesNote = w.from || w.to ? `, within ${w.from ?? '…'} to ${w.to ?? '…'}` : '';
  if (hasGrades) {
    if (!birthDate)
      throw new WindowError('a school-year window needs the person’s birth date, and none is known');
    const gradeFrom = stage ? stage[0] : (w.gradeFrom ?? w.gradeTo)!;
    const gradeTo = stage ? stage[1] : (w.gradeTo ?? w.gradeFrom)!;
    const s = schoolYearWindow(birthDate, gradeFrom, gradeTo);
    const { from, to } = narrow(s.fromDate, s.toDate);
    const name = stage
      ? `${w.schoolStage!.toLowerCase()} (grades ${gradeFrom}–${gradeTo})`
      : `grades ${gradeFrom}–${gradeTo}`;
    return {
      kind: 'SCHOOL_YEARS',
      from,
      to,
      description: `school years, ${name}: ${from} to ${to}${datesNote}`,
      assumptions: [...s.assumptions, `birth date ${birthDate}`, ...assumptions],
      leapDayRule: rule,
    };
  }
  if (hasAge) {
    if (!birthDate) throw new WindowError('an age window needs the person’s birth date, and none is known');
    const a = resolveWindow({ from: w.from, to: w.to, ageFrom: w.ageFrom, ageTo: w.ageTo }, birthDate, rule);
    const ages = `${w.ageFrom ?? 0}–${w.ageTo ?? '…'}`;
    return {
      kind: 'AGES',
      from: a.fromDate,
      to: a.toDate,
      description: `ages ${ages}: ${a.fromDate ?? '…'} to ${a.toDate ?? '…'}${datesNote}`,
      assumptions: [
        `ages in whole years at the record's local date, from birth date ${birthDate}: age ${w.ageFrom ?? 0} from the birthday, up to the day before birthday ${(w.ageTo ?? 0) + 1}`,
        `a 29 February birthday falls on ${rule === 'MARCH_1' ? '1 March' : '28 February'} in other years (${rule})`,
        ...assumptions,
      ],
      leapDayRule: rule,
    };
  }
  if (dates.fromDate || dates.toDate)
    return {
      kind: 'DATES',
      from: dates.fromDate,
      to: dates.toDate,
      description: `dates ${dates.fromDate ?? '…'} to ${dates.toDate ?? '…'} (inclusive)`,
      assumptions,
      leapDayRule: rule,
    };
  return {
    kind: 'ALL',
    from: null,
    to: null,
    description: 'every record, no window',
    assumptions,
    leapDayRule: rule,
  };
}
