/**
 * The project's one synthetic data generator: it feeds the tests, `npm start`'s demo
 * data and the benchmarks. Deterministic for a given seed. All people are fictional,
 * national ids are synthetic (+80 on the month), text is Norwegian bokmål.
 */
import { makeSyntheticNationalId } from '../lib/national-id';
import type { NewPatient, NewJournalEntry, SourceSystem } from '../subgraphs/journal/store';
import type { NewSaksmappe } from '../subgraphs/archive/store';
import type { NewDecision, NewExecution } from '../subgraphs/coercion/store';

export interface Dataset {
  patients: (NewPatient & { nationalId: string | null })[];
  journalEntries: NewJournalEntry[];
  cases: NewSaksmappe[];
  decisions: NewDecision[];
  executions: NewExecution[];
}

/** Small, fast, seedable PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FAMILY = ['Hansen', 'Johansen', 'Olsen', 'Larsen', 'Andersen', 'Pedersen', 'Nilsen', 'Kristiansen', 'Jensen', 'Karlsen', 'Berg', 'Haugen', 'Hagen', 'Dahl', 'Lie', 'Aasen'];
const GIVEN_F = ['Ingrid', 'Sara', 'Nora', 'Emma', 'Kari', 'Marit', 'Ida', 'Hanne', 'Sofie', 'Astrid'];
const GIVEN_M = ['Jonas', 'Lars', 'Ole', 'Henrik', 'Magnus', 'Erik', 'Knut', 'Anders', 'Jakob', 'Per'];
const AUTHORS = ['Berit Hoel', 'Kjersti Moe', 'Trond Viken', 'Siri Lund', 'Ola Brekke', 'Anne Sæther'];

/** Everyday clinical notes, no sensitive concept in them. */
const ROUTINE = [
  'Kom til konsultasjon sammen med mor. Vekt og høyde målt, følger kurven. Ingen bekymringer.',
  'Vaksinert etter programmet. Ingen reaksjoner observert etter 20 minutter.',
  'Hoste og lett feber i tre dager. Lytter på lungene: fritt. Råd om væske og hvile.',
  'Telefon fra pasienten. Spør om resept på astmamedisin. Fornyet etter avtale med lege.',
  'Hjemmebesøk. Pasienten er i god form, spiser godt og sover godt om natten.',
  'Samtale om søvn og skjermbruk. Avtalt ny time om seks måneder.',
  'Plaget av hoste om natten, ellers i fin form. Anbefalt å heve hodeenden på senga.',
  'Kontroll etter brudd i håndleddet. Gipsen fjernet, god bevegelighet.',
];

/** Notes about bullying, written the many ways legacy notes say it. */
const BULLYING = [
  'Forteller at hun ble mobbet i friminuttene i høst. Avtalt samtale med kontaktlærer.',
  'Er plaget av noen i klassen og gruer seg til å gå på skolen. Mor er bekymret.',
  'Blir holdt utenfor av jentene i klassen, sitter alene i storefri.',
  'Har blitt ertet for klærne sine over lang tid. Vondt i magen om morgenen.',
  'Utsatt for nettmobbing på sosiale medier. Viser skjermbilder av meldinger.',
  'Mobing i klassen fortsetter, ifølge eleven selv. Skolen er varslet.',
];

const MEASURES = ['fysisk holding ved stell', 'tilbakeholdelse i bolig', 'låst kjøleskap', 'følge ved utgang'];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** Oslo offset for a local wall-clock date: CEST (+02:00) from the last Sunday of March to the last Sunday of October. */
export function osloOffset(year: number, month: number, day: number): string {
  const lastSunday = (m: number) => {
    const d = new Date(Date.UTC(year, m, 0));
    return d.getUTCDate() - d.getUTCDay();
  };
  const summer =
    (month > 3 && month < 10) || (month === 3 && day >= lastSunday(3)) || (month === 10 && day < lastSunday(10));
  return summer ? '+02:00' : '+01:00';
}

function localIso(year: number, month: number, day: number, hour: number, minute: number): string {
  return `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:00${osloOffset(year, month, day)}`;
}

export interface GenerateOptions {
  seed?: number;
  patients?: number;
  notesPerPatient?: number;
}

/**
 * A dataset with one bullying-case person (notes at ages 12–17 from Profil, Gerica
 * and Helseplattformen, some about bullying in the many words used for it), one
 * coercion-case person with decisions and executions, and `patients - 2` filler people.
 */
export function generateDataset(opts: GenerateOptions = {}): Dataset {
  const r = prng(opts.seed ?? 42);
  const patientCount = Math.max(2, opts.patients ?? 6);
  const notesPer = opts.notesPerPatient ?? 12;
  const ds: Dataset = { patients: [], journalEntries: [], cases: [], decisions: [], executions: [] };
  let noteSeq = 1;

  const addNote = (patientId: string, source: SourceSystem, when: string, type: string, text: string) => {
    const n = noteSeq++;
    const sourceId = source === 'HELSEPLATTFORMEN' ? `dr-demo${pad(n, 6)}` : String(2000000 + n);
    ds.journalEntries.push({
      id: `je-${source.toLowerCase().slice(0, 2)}-${pad(n, 7)}`, patientId, sourceSystem: source, sourceId,
      type, authorName: pick(r, AUTHORS), writtenAt: when, text,
    });
  };

  for (let i = 0; i < patientCount; i++) {
    const female = i === 0 || r() < 0.5;
    const year = i === 0 ? 1999 : i === 1 ? 1958 : 1940 + Math.floor(r() * 75);
    const month = 1 + Math.floor(r() * 12);
    const day = 1 + Math.floor(r() * 28);
    const birthDate = `${year}-${pad(month)}-${pad(day)}`;
    const nationalId = makeSyntheticNationalId(birthDate, 100 + i * 7, female);
    const id = `pt-demo${pad(i, 4)}`;
    ds.patients.push({
      id, nationalId, familyName: pick(r, FAMILY), givenName: pick(r, female ? GIVEN_F : GIVEN_M), birthDate,
      deathDate: null,
    });

    if (i === 0) {
      // The bullying case: school health notes (Profil) at ages 12–16, some bullying among them.
      for (let age = 12; age <= 16; age++) {
        const y = year + age;
        addNote(id, 'PROFIL', localIso(y, 3, 10, 10, 15), 'Helsesamtale', pick(r, ROUTINE));
        addNote(id, 'PROFIL', localIso(y, 10, 2, 13, 0), 'Samtale', BULLYING[(age - 12) % BULLYING.length]!);
      }
      addNote(id, 'GERICA', localIso(year + 14, 6, 5, 9, 30), 'Journalnotat', BULLYING[5]!);
      addNote(id, 'HELSEPLATTFORMEN', localIso(2023, 5, 20, 11, 5), 'Journalnotat',
        'Pasienten forteller at hun ble mobbet på ungdomsskolen og fortsatt har søvnvansker.');
      ds.cases.push({
        id: 'sm-demo-0001', mappeId: '2023/1234', tittel: `Innsynsbegjæring i pasientjournal - ${ds.patients[0]!.givenName}`,
        offentligTittel: 'Innsynsbegjæring i pasientjournal - *****', saksdato: '2023-05-02', saksstatus: 'Under behandling',
        parts: [{ partId: nationalId, name: `${ds.patients[0]!.givenName} ${ds.patients[0]!.familyName}`, role: 'Klient' }],
      });
      continue;
    }

    for (let n = 0; n < notesPer; n++) {
      const y = Math.min(2025, year + 20 + Math.floor(r() * 60));
      const source: SourceSystem = y >= 2023 ? 'HELSEPLATTFORMEN' : r() < 0.5 ? 'GERICA' : 'PROFIL';
      addNote(id, source, localIso(y, 1 + Math.floor(r() * 12), 1 + Math.floor(r() * 28), 8 + Math.floor(r() * 10), Math.floor(r() * 60)),
        source === 'GERICA' ? 'Journalnotat' : 'Konsultasjon', pick(r, ROUTINE));
    }

    if (i === 1) {
      addNote(id, 'HELSEPLATTFORMEN', localIso(2023, 2, 14, 7, 50), 'Rapport',
        'Urolig natt. Motsatte seg stell om morgenen, roet seg etter at personalet holdt avstand.');
      ds.cases.push({
        id: 'sm-demo-0002', mappeId: '2024/0457', tittel: `Klage på vedtak om bruk av tvang - ${ds.patients[1]!.givenName}`,
        offentligTittel: 'Klage på vedtak om bruk av tvang - *****', saksdato: '2024-02-01', saksstatus: 'Avsluttet',
        parts: [{ partId: nationalId, name: `${ds.patients[1]!.givenName} ${ds.patients[1]!.familyName}`, role: 'Klient' }],
      });
      // The coercion case: two consecutive § 9-5 c decisions and executions under them.
      ds.decisions.push(
        { id: 'TV-demo-1', patientNid: nationalId, legalBasis: 'hol-9-5c', measures: MEASURES.slice(0, 2), validFrom: '2021-01-01',
          validTo: '2021-12-31', decidedAt: '2020-12-15T00:00:00+01:00', approvedAt: '2020-12-28T00:00:00+01:00',
          justification: 'Nødvendig for å dekke grunnleggende behov for hygiene.', sourceSystem: 'GERICA', sourceId: 'V-2020-101' },
        { id: 'TV-demo-2', patientNid: nationalId, legalBasis: 'hol-9-5c', measures: MEASURES.slice(0, 3), validFrom: '2022-01-01',
          validTo: '2022-12-31', decidedAt: '2021-12-14T00:00:00+01:00', approvedAt: '2021-12-30T00:00:00+01:00',
          justification: 'Videreføring av tiltak etter evaluering.', sourceSystem: 'GERICA', sourceId: 'V-2021-088' },
      );
      for (let k = 0; k < 8; k++) {
        const m = 1 + k;
        const start = localIso(2022, m, 10, 22, 40);
        const end = localIso(2022, m, 10, 23, 10 + k);
        ds.executions.push({
          id: `TP-demo-${k + 1}`, patientNid: nationalId, recordedDecisionId: 'TV-demo-2', measure: MEASURES[k % 3]!, start, end,
          executedBy: ['10234', '10588'], description: 'Motsatte seg stell. Holdt armene rolig mens stell ble gjennomført.',
          sourceSystem: 'GERICA', sourceId: `TP-2022-${pad(k + 1, 3)}`,
        });
      }
    }
  }
  return ds;
}
