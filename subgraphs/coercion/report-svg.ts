/**
 * The report's timeline as a printable SVG (A4 landscape): one lane per measure, the
 * validity bars of the decisions authorising it (pale until Statsforvalteren approved
 * them, and pale for days a revision added after the approval), the executions as ticks coloured by verdict, and the totals underneath.
 * Findings are drawn on the lanes and counted in their own table: executions partly
 * outside their decision (a black triangle above the tick), hol. § 9-9 staffing shortfalls
 * (a purple dot under it), repeated § 9-5 a emergencies (a bracket over the run), and
 * UNDETERMINED verdicts as their own tick colour.
 * Ticks that would land on the same pixel column with the same verdict are drawn once,
 * so 27,000 executions still make a small file.
 */
import { addDays, daysBetween } from '../../lib/oslo-time';
import type { CoercionReportData } from './evaluate';
import { reviewingOffice, type Verdict } from './verdict';
import { LEGAL_BASIS_SHORT } from './measure';

const W = 1123;
const H = 794;
const LEFT = 245;
const RIGHT = 30;
const TOP = 90;

const COLOURS: Record<Verdict, string> = {
  VALID: '#1b7f3b',
  NOT_YET_APPROVED: '#e08a00',
  EMERGENCY_A: '#1f5fbf',
  UNDETERMINED: '#8a8a8a',
  NO_VALID_DECISION: '#c62828',
};
const OUTSIDE = '#000000';
const SHORTFALL = '#7b1fa2';
const PATTERN = '#0d3b80';
const DUPLICATE = '#e65100';
const LABELS: Record<Verdict, string> = {
  VALID: 'Gyldig vedtak (VALID)',
  NOT_YET_APPROVED: 'Ikke godkjent ennå (NOT_YET_APPROVED)',
  EMERGENCY_A: 'Nødsituasjon § 9-5 a (EMERGENCY_A)',
  UNDETERMINED: 'Kan ikke avgjøres (UNDETERMINED)',
  NO_VALID_DECISION: 'Uten gyldig vedtak (NO_VALID_DECISION)',
};

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Day number of a calendar date (days since 1970-01-01), for x positions; a report repeats its dates. */
const dayNumbers = new Map<string, number>();
const day = (d: string) => {
  let n = dayNumbers.get(d);
  if (n === undefined) {
    n = daysBetween('1970-01-01', d);
    if (dayNumbers.size > 100_000) dayNumbers.clear();
    dayNumbers.set(d, n);
  }
  return n;
};

function hours(min: number): string {
  return `${Math.floor(min / 60)} t ${min % 60} min`;
}

const VERDICT_ROWS: readonly Verdict[] = [
  'VALID',
  'NOT_YET_APPROVED',
  'EMERGENCY_A',
  'UNDETERMINED',
  'NO_VALID_DECISION',
];

/** The findings table: label, count, minutes (null: not a duration). */
export function findingRows(r: CoercionReportData): [string, number, number | null][] {
  const und = r.byVerdict.find((v) => v.verdict === 'UNDETERMINED');
  return [
    ['UNDETERMINED (kan ikke avgjøres)', und?.count ?? 0, und?.totalMinutes ?? 0],
    ['Delvis utenfor vedtak (min utenfor)', r.partlyOutside.count, r.partlyOutside.minutesOutside],
    ['Færre enn to tjenesteytere (§ 9-9)', r.staffingShortfalls.length, null],
    ['Gjentatte nødsituasjoner (§ 9-5 a)', r.emergencyPatterns.length, null],
    ['Vedtak med feil (§ 9-7 ett år, § 9-8 godkjenning)', r.decisionProblems.length, null],
    [
      'Mulig registrert to ganger (§ 9-7; telt to ganger)',
      r.possibleDuplicates.length,
      r.possibleDuplicates.reduce((a, d) => a + d.minutesOverlap, 0),
    ],
  ];
}

export function renderReportSvg(
  r: CoercionReportData,
  title = 'Tvangsbruk: vedtak og gjennomføringer',
): string {
  const execs = r.timeline.executions;
  const decs = r.timeline.decisions;
  const dates = [
    ...execs.map((e) => e.start.slice(0, 10)),
    ...decs.flatMap((d) => [d.validFrom, d.barLastDay ?? d.validFrom]),
  ].sort();
  const from = r.from ?? dates[0] ?? '2000-01-01';
  const to = r.to ?? dates[dates.length - 1] ?? from;
  const d0 = day(from);
  const d1 = Math.max(day(to) + 1, d0 + 1);
  const plotW = W - LEFT - RIGHT;
  const x = (d: number) => LEFT + Math.min(Math.max((d - d0) / (d1 - d0), 0), 1) * plotW;
  const measures = [...new Set([...decs.flatMap((d) => d.measures), ...execs.map((e) => e.measure)])].sort(
    (a, b) => a.localeCompare(b, 'nb'),
  );
  const laneH = Math.min(70, Math.max(34, 330 / Math.max(measures.length, 1)));
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="297mm" height="210mm" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="11">`,
  );
  out.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  out.push(`<text x="30" y="36" font-size="18" font-weight="bold">${esc(title)}</text>`);
  out.push(
    `<text x="30" y="58" font-size="12">Periode: ${esc(r.from ?? 'fra første registrering')} – ${esc(r.to ?? 'til siste registrering')}. Tider i Europe/Oslo. ${r.totals.executions} gjennomføringer, ${esc(hours(r.totals.totalMinutes))} i alt${r.possibleDuplicates.length ? ` (${r.possibleDuplicates.length} par kan være samme gjennomføring registrert to ganger)` : ''}.</text>`,
  );

  // Year ticks.
  const y0 = Number(from.slice(0, 4));
  const y1 = Number(to.slice(0, 4));
  const axisY = TOP + measures.length * laneH + 8;
  const step = Math.max(1, Math.ceil((y1 - y0 + 1) / 16));
  for (let y = y0; y <= y1 + 1; y += 1) {
    const xx = x(day(`${y}-01-01`));
    if (xx <= LEFT || xx >= W - RIGHT) continue;
    out.push(
      `<line x1="${xx.toFixed(1)}" y1="${TOP - 6}" x2="${xx.toFixed(1)}" y2="${axisY}" stroke="#ddd"/>`,
    );
    if ((y - y0) % step === 0)
      out.push(`<text x="${xx.toFixed(1)}" y="${axisY + 14}" text-anchor="middle">${y}</text>`);
  }

  measures.forEach((m, i) => {
    const top = TOP + i * laneH;
    out.push(
      `<rect x="${LEFT}" y="${top}" width="${plotW}" height="${laneH - 4}" fill="${i % 2 ? '#fafafa' : '#f2f2f2'}"/>`,
    );
    out.push(
      `<text x="${LEFT - 8}" y="${top + laneH / 2}" text-anchor="end" dominant-baseline="middle">${esc(m)}</text>`,
    );
    // Decision validity bars, pale until approved, to the last day authorised as judged (one
    // year at most, hol. § 9-7; review s41: a decision without an end date ran to the chart's end).
    for (const d of decs.filter((d) => d.measures.includes(m))) {
      const a = x(day(d.validFrom));
      const b = x(d.barLastDay ? day(d.barLastDay) + 1 : d1);
      // A replaced approval still covers the measures its version stated (hol. § 9-8; review s42).
      // A measure the current approval leaves out (approved in part, added by a revision under the
      // same approval) is not approved (hol. § 9-8; review s42 law).
      const unapproved = !d.approvedFromByMeasure?.[m] && !!d.unapprovedMeasures?.includes(m);
      const approvedAt = d.approvedFromByMeasure?.[m] ?? (unapproved ? null : d.approvedByStatsforvalterAt);
      const approved = approvedAt ? day(approvedAt.slice(0, 10)) : null;
      const needs = d.legalBasis === 'hol-9-5b' || d.legalBasis === 'hol-9-5c';
      const okFrom = !needs ? a : approved === null ? b : Math.max(a, Math.min(b, x(approved)));
      const barY = top + 4;
      if (okFrom > a)
        out.push(
          `<rect x="${a.toFixed(1)}" y="${barY}" width="${(okFrom - a).toFixed(1)}" height="10" fill="#f3d9a4"><title>${esc(`${d.decisionId} ${d.legalBasis}: gyldig fra ${d.validFrom}, ${d.refusedAt ? `ikke godkjent: Statsforvalteren avslo ${d.refusedAt.slice(0, 10)}` : unapproved ? `ikke godkjent for «${m}»` : 'ikke godkjent ennå'}`)}</title></rect>`,
        );
      // Days a revision added under the same approval (an earlier start, a later end) are not
      // approved (hol. § 9-8, verdict.ts approvedPeriod): pale, named as an extension. A measure an
      // earlier approval covers: the days that approval covers count too (review s43: it was drawn
      // approved to the new end). One not approved at all is drawn as above.
      const p =
        needs && approved !== null
          ? d.approvedFromByMeasure?.[m]
            ? d.approvedPeriodByMeasure?.[m]
            : d.approvedPeriod
          : undefined;
      if (p) {
        const pa = Math.min(b, Math.max(okFrom, x(day(p.from))));
        const pb = p.lastDay === null ? b : Math.max(pa, Math.min(b, x(day(p.lastDay) + 1)));
        const approvedText = `godkjent ${p.from} – ${p.lastDay ?? 'åpen'}`;
        const pale = (from: number, to: number, first: string, last: string | null) =>
          out.push(
            `<rect x="${from.toFixed(1)}" y="${barY}" width="${(to - from).toFixed(1)}" height="10" fill="#f3d9a4"><title>${esc(`${d.decisionId} ${d.legalBasis}: ${first} – ${last ?? 'åpen'} ikke godkjent: perioden ble utvidet etter godkjenningen (${approvedText})`)}</title></rect>`,
          );
        if (pa > okFrom) pale(okFrom, pa, d.validFrom, addDays(p.from, -1));
        if (pb > pa)
          out.push(
            `<rect x="${pa.toFixed(1)}" y="${barY}" width="${(pb - pa).toFixed(1)}" height="10" fill="#8fb9e8"><title>${esc(`${d.decisionId} ${d.legalBasis}: ${p.from} – ${p.lastDay ?? 'åpen'} (godkjent periode; vedtaket gjelder til ${d.lastValidDay ?? 'åpen'})`)}</title></rect>`,
          );
        if (b > pb && p.lastDay !== null) pale(pb, b, addDays(p.lastDay, 1), d.lastValidDay);
      } else if (b > okFrom) {
        // pbrl. kap. 4A: a review binds from its time (pbrl. §§ 4A-7, 4A-8; verdict.ts withdrawnFrom):
        // the measures it took away are not authorised from that day (review s44: drawn valid to
        // the end beside an execution after the refusal judged NO_VALID_DECISION).
        // A review recorded with a time of day binds from that time (verdict.ts validUntilReview;
        // stop 45): the bar is valid into that day, to that time, as the verdicts judge it.
        // A later change of the approval (d.withdrawn.by; hol. § 9-11, fvl. § 35) cuts a b/c bar too (stop 45).
        const w = (!needs || d.withdrawn?.by) && d.withdrawn?.measures.includes(m) ? d.withdrawn : undefined;
        const clock = w && w.at.slice(11, 19) !== '00:00:00' ? w.at.slice(11, 16) : null;
        const fraction = clock ? (Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5))) / 1440 : 0;
        const cut = w ? Math.max(okFrom, Math.min(b, x(day(w.at.slice(0, 10)) + fraction))) : b;
        const until = clock && d.lastValidDay === w!.at.slice(0, 10) ? ` kl. ${clock}` : '';
        if (cut > okFrom)
          out.push(
            `<rect x="${okFrom.toFixed(1)}" y="${barY}" width="${(cut - okFrom).toFixed(1)}" height="10" fill="#8fb9e8"><title>${esc(`${d.decisionId} ${d.legalBasis}: ${d.validFrom} – ${d.validTo ?? 'åpen'}${d.lastValidDay !== d.validTo ? ` (gyldig til ${d.lastValidDay}${until})` : ''}`)}</title></rect>`,
          );
        if (w && b > cut) {
          const on = `${w.at.slice(0, 10)}${clock ? ` kl. ${clock}` : ''}`;
          const what = w.measures.length === d.measures.length ? 'vedtaket' : `vedtaket for «${m}»`;
          out.push(
            `<rect x="${cut.toFixed(1)}" y="${barY}" width="${(b - cut).toFixed(1)}" height="10" fill="#f3d9a4"><title>${esc(`${d.decisionId} ${d.legalBasis}: ${on} – ${d.barLastDay ?? 'åpen'} ikke gyldig: ${w.by ?? reviewingOffice(w.at.slice(0, 10))} opphevet ${what} ${on}`)}</title></rect>`,
          );
        }
      }
      out.push(
        `<line x1="${a.toFixed(1)}" y1="${barY - 2}" x2="${a.toFixed(1)}" y2="${barY + 12}" stroke="#555"/>`,
      );
      if (decs.length <= 40 && b - a > 40)
        out.push(
          `<text x="${(a + 2).toFixed(1)}" y="${barY + 8.5}" font-size="7.5">${esc(d.decisionId)}</text>`,
        );
    }
    // Execution ticks, one per pixel column and verdict.
    const seen = new Set<string>();
    for (const e of execs) {
      if (e.measure !== m) continue;
      const xx = Math.round(x(day(e.start.slice(0, 10))));
      const key = `${xx}:${e.verdict}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const rows = VERDICT_ROWS.length;
      const row = VERDICT_ROWS.indexOf(e.verdict);
      const ty = top + 18 + row * Math.max((laneH - 26) / rows, 3);
      out.push(
        `<rect x="${xx - 1}" y="${ty.toFixed(1)}" width="2" height="${Math.max((laneH - 26) / rows - 1, 3).toFixed(1)}" fill="${COLOURS[e.verdict]}"/>`,
      );
    }
    // Findings: partly outside (triangle), staffing shortfall (dot), emergency patterns (bracket).
    const marked = new Set<string>();
    for (const e of execs) {
      if (e.measure !== m || (!e.minutesOutside && !e.staffingShortfall)) continue;
      const xx = Math.round(x(day(e.start.slice(0, 10))));
      if (e.minutesOutside && !marked.has(`o${xx}`)) {
        marked.add(`o${xx}`);
        out.push(
          `<path d="M${xx - 4} ${top + 8} L${xx + 4} ${top + 8} L${xx} ${top + 15} Z" fill="${OUTSIDE}"><title>${esc(`${e.executionId}: ${e.minutesOutside} min utenfor vedtakets gyldighet`)}</title></path>`,
        );
      }
      if (e.staffingShortfall && !marked.has(`s${xx}`)) {
        marked.add(`s${xx}`);
        out.push(
          `<circle cx="${xx}" cy="${(top + laneH - 8).toFixed(1)}" r="3" fill="${SHORTFALL}"><title>${esc(`${e.executionId}: færre enn to tjenesteytere (hol. § 9-9)`)}</title></circle>`,
        );
      }
    }
    // Possibly one execution registered twice (hol. § 9-7; review s44): a ring around the pair's day.
    for (const p of r.possibleDuplicates.filter((p) => p.measure === m)) {
      const xx = Math.round(x(day(p.starts[1].slice(0, 10))));
      out.push(
        `<rect x="${xx - 4}" y="${top + 16}" width="8" height="${(laneH - 22).toFixed(1)}" fill="none" stroke="${DUPLICATE}" stroke-width="1.2"><title>${esc(`${p.executionIds[0]} (${p.sourceSystems[0]}) og ${p.executionIds[1]} (${p.sourceSystems[1]}): samme tiltak til samme tid, ${p.minutesOverlap} min overlapp – kan være én gjennomføring registrert to ganger (begge er telt)`)}</title></rect>`,
      );
    }
    for (const p of r.emergencyPatterns.filter((p) => p.measure === m)) {
      const a = x(day(p.first.slice(0, 10)));
      const b = Math.max(x(day(p.last.slice(0, 10))), a + 2);
      out.push(
        `<path d="M${a.toFixed(1)} ${top + 20} L${a.toFixed(1)} ${top + 16} L${b.toFixed(1)} ${top + 16} L${b.toFixed(1)} ${top + 20}" stroke="${PATTERN}" stroke-width="1.5" fill="none"><title>${esc(`${p.count} nødsituasjoner (§ 9-5 a) ${p.first.slice(0, 10)} – ${p.last.slice(0, 10)}${p.beganBeforePeriod ? ' (mønsteret begynte før perioden)' : ''}: gjentatt bruk krever vedtak etter bokstav b`)}</title></path>`,
      );
    }
  });

  // Legend.
  let ly = axisY + 36;
  let lx = 30;
  for (const v of Object.keys(COLOURS) as Verdict[]) {
    out.push(
      `<rect x="${lx}" y="${ly - 9}" width="10" height="10" fill="${COLOURS[v]}"/><text x="${lx + 14}" y="${ly}">${esc(LABELS[v])}</text>`,
    );
    lx += 215;
  }
  ly += 18;
  out.push(
    `<path d="M30 ${ly - 9} L40 ${ly - 9} L35 ${ly - 1} Z" fill="${OUTSIDE}"/><text x="44" y="${ly}">Delvis utenfor vedtakets gyldighet</text>`,
    `<circle cx="285" cy="${ly - 4}" r="4" fill="${SHORTFALL}"/><text x="294" y="${ly}">Færre enn to tjenesteytere (hol. § 9-9)</text>`,
    `<path d="M540 ${ly} L540 ${ly - 8} L560 ${ly - 8} L560 ${ly}" stroke="${PATTERN}" stroke-width="1.5" fill="none"/><text x="566" y="${ly}">Gjentatt nødsituasjon: trenger vedtak etter § 9-5 b</text>`,
  );
  ly += 18;
  out.push(
    `<rect x="30" y="${ly - 9}" width="18" height="10" fill="#8fb9e8"/><text x="52" y="${ly}">Vedtak gyldig og godkjent</text>`,
  );
  out.push(
    `<rect x="280" y="${ly - 9}" width="18" height="10" fill="#f3d9a4"/><text x="302" y="${ly}">Vedtak ikke godkjent av Statsforvalteren (ennå), eller avslått eller opphevet</text>`,
    `<rect x="810" y="${ly - 10}" width="8" height="11" fill="none" stroke="${DUPLICATE}" stroke-width="1.2"/><text x="824" y="${ly}">Mulig registrert to ganger</text>`,
  );

  // Totals tables.
  ly += 28;
  const tableTop = ly;
  out.push(`<text x="30" y="${ly}" font-weight="bold">Per vurdering</text>`);
  for (const v of r.byVerdict) {
    ly += 15;
    out.push(
      `<text x="30" y="${ly}">${esc(v.verdict)}</text><text x="230" y="${ly}" text-anchor="end">${v.count}</text><text x="330" y="${ly}" text-anchor="end">${esc(hours(v.totalMinutes))}</text>`,
    );
  }
  ly += 15;
  out.push(
    `<text x="30" y="${ly}" font-weight="bold">Sum</text><text x="230" y="${ly}" text-anchor="end" font-weight="bold">${r.totals.executions}</text><text x="330" y="${ly}" text-anchor="end" font-weight="bold">${esc(hours(r.totals.totalMinutes))}</text>`,
  );
  ly += 22;
  out.push(`<text x="30" y="${ly}" font-weight="bold">Funn</text>`);
  for (const [label, count, minutes] of findingRows(r)) {
    ly += 15;
    out.push(
      `<text x="30" y="${ly}">${esc(label)}</text><text x="230" y="${ly}" text-anchor="end">${count}</text><text x="330" y="${ly}" text-anchor="end">${minutes === null ? '' : esc(hours(minutes))}</text>`,
    );
  }
  let my = tableTop;
  out.push(
    `<text x="380" y="${my}" font-weight="bold">Per tiltak</text><text x="640" y="${my}" text-anchor="end">antall</text><text x="735" y="${my}" text-anchor="end">tid i alt</text><text x="810" y="${my}" text-anchor="end">lengste</text>`,
  );
  for (const m of r.byMeasure) {
    my += 15;
    if (my > H - 20) break;
    out.push(
      `<text x="380" y="${my}">${esc(m.measure)}</text><text x="640" y="${my}" text-anchor="end">${m.count}</text><text x="735" y="${my}" text-anchor="end">${esc(hours(m.totalMinutes))}</text><text x="810" y="${my}" text-anchor="end">${m.longestMinutes} min</text>`,
    );
    // hol. § 9-5 tredje ledd a (nødssituasjoner) apart from b/c (planlagte tiltak): one line each (stop 45).
    for (const b of m.byLegalBasis) {
      my += 13;
      if (my > H - 20) break;
      out.push(
        `<text x="392" y="${my}" font-size="9" fill="#555">${esc(b.legalBasis === null ? 'hjemmel ikke angitt' : (LEGAL_BASIS_SHORT[b.legalBasis] ?? b.legalBasis))}</text><text x="640" y="${my}" text-anchor="end" font-size="9" fill="#555">${b.count}</text><text x="735" y="${my}" text-anchor="end" font-size="9" fill="#555">${esc(hours(b.totalMinutes))}</text><text x="810" y="${my}" text-anchor="end" font-size="9" fill="#555">${b.longestMinutes} min</text>`,
      );
    }
  }
  let sy = tableTop;
  out.push(
    `<text x="850" y="${sy}" font-weight="bold">Per tjenesteyter</text><text x="1020" y="${sy}" text-anchor="end">antall</text><text x="1105" y="${sy}" text-anchor="end">tid i alt</text>`,
  );
  const room = Math.max(0, Math.floor((H - 20 - sy) / 15) - 1);
  const staff = [...r.byStaff].sort((a, b) => b.count - a.count || a.staffId.localeCompare(b.staffId));
  for (const s of staff.slice(0, staff.length > room ? room - 1 : room)) {
    sy += 15;
    out.push(
      `<text x="850" y="${sy}">${esc(s.staffIds.join('/'))}</text><text x="1020" y="${sy}" text-anchor="end">${s.count}</text><text x="1105" y="${sy}" text-anchor="end">${esc(hours(s.totalMinutes))}</text>`,
    );
  }
  if (staff.length > room)
    out.push(`<text x="850" y="${sy + 15}">… ${staff.length - room + 1} til (se rapportdata)</text>`);
  out.push('</svg>');
  return out.join('\n');
}
