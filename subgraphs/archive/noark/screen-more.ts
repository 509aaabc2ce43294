/**
 * A later extract's screening of a record in conflict (changed here and in the source since the
 * import last wrote it; import.ts updateStoredCase), review s42.
 *
 * Rule (offentleglova § 13 with forvaltningsloven § 13; offentleglova § 10 on the public journal):
 * screening more is always safe, screening less needs a person. So where the source screens a
 * record more than ours does (a skjerming added, more skjermingMetadata, a whole document screened,
 * a public title that publishes fewer words), the more restrictive of ours and the source's is
 * applied at once, the rest of ours kept and the conflict left open for it; where the source
 * screens less (a skjerming lifted, a value removed, a public title with more words), ours stays
 * until an archivist acts (setSkjerming, changeTittel). Whole-record conflicts otherwise kept
 * the source's added skjerming out of the public postjournal until an archivist acted.
 *
 * `moreScreening` is pure: it returns the record's new `complex` (the skjerming merged) and public
 * title, or null when the source screens nothing more than ours.
 */
import { COMPLEX_ORDER, SCREEN, type Complex, type Fields } from './model';

const TITLE_SCREENING = {
  saksmappe: [SCREEN.temporary, SCREEN.mappeTitle, SCREEN.mappeTitleFirstLine],
  journalpost: [SCREEN.temporary, SCREEN.registreringTitle, SCREEN.registreringTitleFirstLine],
} as const;

/** The words a public title publishes (`*****` and punctuation are none), lower-cased, with repeats. */
function words(s: string): string[] {
  return s
    .toLocaleLowerCase('nb')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Whether `a` publishes no word that `b` does not (as a multiset). */
function publishesNoMore(a: string, b: string): boolean {
  const left = new Map<string, number>();
  for (const w of words(b)) left.set(w, (left.get(w) ?? 0) + 1);
  for (const w of words(a)) {
    const n = left.get(w) ?? 0;
    if (!n) return false;
    left.set(w, n - 1);
  }
  return true;
}

/**
 * A title as its screening publishes it (postjournal.ts screenedTitle, Noark 5 M502): whole;
 * `*****` under "Midlertidig skjerming"; the offentligTittel (else `*****`) under "utvalgte ord";
 * the first line (or the offentligTittel) under "unntatt første linje".
 */
function published(
  kind: 'saksmappe' | 'journalpost',
  metadata: string[],
  tittel: string,
  pub: string | null,
) {
  const [temporary, selected, firstLine] = TITLE_SCREENING[kind];
  const given = pub && pub.trim() ? pub : null;
  if (metadata.includes(temporary)) return '';
  if (metadata.includes(selected)) return given ?? '';
  if (metadata.includes(firstLine)) return given ?? tittel.split(/\r?\n/)[0]!;
  return tittel;
}

const first = (f: Fields | undefined, el: string) => f?.[el]?.[0];

/** The skjerming element of ours and the source's merged to the more restrictive of each value. */
function mergeSkjerming(ours: Fields | undefined, src: Fields): Fields {
  if (!ours) return src;
  const out: Fields = {};
  const set = (el: string, v: string | undefined) => {
    if (v !== undefined) out[el] = [v];
  };
  set('tilgangsrestriksjon', first(ours, 'tilgangsrestriksjon') ?? first(src, 'tilgangsrestriksjon'));
  set('skjermingshjemmel', first(ours, 'skjermingshjemmel') ?? first(src, 'skjermingshjemmel'));
  const metadata = [...(ours.skjermingMetadata ?? [])];
  for (const m of src.skjermingMetadata ?? []) if (!metadata.includes(m)) metadata.push(m);
  if (metadata.length) out.skjermingMetadata = metadata;
  const dok = [first(ours, 'skjermingDokument'), first(src, 'skjermingDokument')];
  set('skjermingDokument', dok.includes(SCREEN.wholeDocument) ? SCREEN.wholeDocument : (dok[0] ?? dok[1]));
  // A screening without an end is the more restrictive: an end or a duration is kept only when both
  // give one, and then the later end and the longer duration.
  const years = [first(ours, 'skjermingsvarighet'), first(src, 'skjermingsvarighet')];
  if (years[0] !== undefined && years[1] !== undefined)
    set('skjermingsvarighet', String(Math.max(Number(years[0]), Number(years[1]))));
  const ends = [first(ours, 'skjermingOpphoererDato'), first(src, 'skjermingOpphoererDato')];
  if (ends[0] !== undefined && ends[1] !== undefined)
    set('skjermingOpphoererDato', ends[0] > ends[1] ? ends[0] : ends[1]);
  // Elements outside the code the archive reads stay ours.
  for (const [el, v] of Object.entries(ours))
    if (!(el in out) && !COMPLEX_ORDER.skjerming!.includes(el)) out[el] = v;
  // In schema order.
  const ordered: Fields = {};
  for (const el of [...COMPLEX_ORDER.skjerming!, ...Object.keys(out)])
    if (out[el] && !ordered[el]) ordered[el] = out[el]!;
  return ordered;
}

const canon = (v: unknown): string =>
  JSON.stringify(v ?? null, (_k, x) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(
          Object.keys(x)
            .sort()
            .map((k) => [k, (x as Record<string, unknown>)[k]]),
        )
      : x,
  );

export interface Screenable {
  tittel?: unknown;
  offentlig_tittel?: unknown;
  complex?: unknown;
}

/**
 * The record `ours` screened at least as much as `src` screens it, or null when `src` screens
 * nothing more. `kind` is the record's table; a dokumentbeskrivelse has a skjerming and no public
 * title.
 */
export function moreScreening(
  kind: 'saksmappe' | 'journalpost' | 'dokumentbeskrivelse',
  ours: Screenable,
  src: Screenable,
): { complex: Complex; offentlig_tittel: string | null } | null {
  const oursComplex = (ours.complex ?? {}) as Complex;
  const srcComplex = (src.complex ?? {}) as Complex;
  const srcSkjerming = srcComplex.skjerming?.[0];
  const oursSkjerming = oursComplex.skjerming?.[0];
  const merged = srcSkjerming ? mergeSkjerming(oursSkjerming, srcSkjerming) : oursSkjerming;
  const complex: Complex = { ...oursComplex };
  if (merged) complex.skjerming = [merged];
  let pub = (ours.offentlig_tittel as string | null | undefined) ?? null;
  if (kind !== 'dokumentbeskrivelse') {
    // The source's public title is taken when it publishes no word ours publishes not: ours as
    // our own screening publishes it, and the source's under the merged screening.
    const srcPub = (src.offentlig_tittel as string | null | undefined) ?? null;
    const tittel = String(ours.tittel ?? '');
    const oursShown = published(kind, oursSkjerming?.skjermingMetadata ?? [], tittel, pub);
    const mergedMeta = merged?.skjermingMetadata ?? [];
    const titleScreened = TITLE_SCREENING[kind].slice(1).some((m) => mergedMeta.includes(m));
    if (
      titleScreened &&
      srcPub &&
      srcPub !== pub &&
      publishesNoMore(published(kind, mergedMeta, tittel, srcPub), oursShown)
    )
      pub = srcPub;
    // And never more than the source publishes under the merged screening: our stored public title
    // may be the whole title (many systems fill offentligTittel so while nothing is screened), which
    // "utvalgte ord" would print as it is where the source gives no public title (review s42, law:
    // the public journal named the person the source screened). Then the source's, or none
    // (`*****`) where neither publishes only words the other does.
    if (titleScreened) {
      const srcShown = published(kind, mergedMeta, String(src.tittel ?? tittel), srcPub);
      if (!publishesNoMore(published(kind, mergedMeta, tittel, pub), srcShown))
        pub =
          srcPub !== null && publishesNoMore(published(kind, mergedMeta, tittel, srcPub), srcShown)
            ? srcPub
            : null;
    }
  }
  const changed =
    canon(complex.skjerming) !== canon(oursComplex.skjerming) ||
    pub !== ((ours.offentlig_tittel as string | null | undefined) ?? null);
  return changed ? { complex, offentlig_tittel: pub } : null;
}
