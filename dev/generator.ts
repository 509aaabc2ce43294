/**
 * The project's one synthetic data generator: it feeds the tests, `npm start`'s demo
 * data and the benchmarks. Deterministic for a given seed. All people are fictional,
 * national ids are synthetic (+80 on the month), text is Norwegian bokmål.
 */
import { createHash } from 'node:crypto';
import { makeSyntheticNationalId } from '../lib/national-id';
import { generateCareNotes } from './care-notes';
import { osloLocalToIso } from '../lib/oslo-time';
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

import { prng } from '../lib/prng';
export { prng };

const FAMILY = [
  'Hansen',
  'Johansen',
  'Olsen',
  'Larsen',
  'Andersen',
  'Pedersen',
  'Nilsen',
  'Kristiansen',
  'Jensen',
  'Karlsen',
  'Berg',
  'Haugen',
  'Hagen',
  'Dahl',
  'Lie',
  'Aasen',
];
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

const MEASURES = [
  'fysisk holding ved stell',
  'tilbakeholdelse i bolig',
  'låst kjøleskap',
  'følge ved utgang',
];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

function localIso(year: number, month: number, day: number, hour: number, minute: number): string {
  return osloLocalToIso(`${year}-${pad(month)}-${pad(day)}`, `${pad(hour)}:${pad(minute)}`)!;
}

export interface GenerateOptions {
  seed?: number;
  patients?: number;
  notesPerPatient?: number;
  /**
   * Varied everyday care notes (dev/care-notes.ts) spread over the filler people, from a
   * PRNG of their own so that the rest of the dataset stays as it was; default 0. The demo
   * writes them as the training corpus of the learned query expansion.
   */
  careNotes?: number;
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
      id: `je-${source.toLowerCase().slice(0, 2)}-${pad(n, 7)}`,
      patientId,
      sourceSystem: source,
      sourceId,
      type,
      authorName: pick(r, AUTHORS),
      writtenAt: when,
      text,
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
      id,
      nationalId,
      familyName: pick(r, FAMILY),
      givenName: pick(r, female ? GIVEN_F : GIVEN_M),
      birthDate,
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
      addNote(
        id,
        'HELSEPLATTFORMEN',
        localIso(2023, 5, 20, 11, 5),
        'Journalnotat',
        'Pasienten forteller at hun ble mobbet på ungdomsskolen og fortsatt har søvnvansker.',
      );
      ds.cases.push({
        id: 'sm-demo-0001',
        mappeId: '2023/1234',
        tittel: `Innsynsbegjæring i pasientjournal - ${ds.patients[0]!.givenName}`,
        offentligTittel: 'Innsynsbegjæring i pasientjournal - *****',
        saksdato: '2023-05-02',
        saksstatus: 'Under behandling',
        parts: [
          {
            partId: nationalId,
            name: `${ds.patients[0]!.givenName} ${ds.patients[0]!.familyName}`,
            role: 'Klient',
          },
        ],
      });
      continue;
    }

    for (let n = 0; n < notesPer; n++) {
      const y = Math.min(2025, year + 20 + Math.floor(r() * 60));
      const source: SourceSystem = y >= 2023 ? 'HELSEPLATTFORMEN' : r() < 0.5 ? 'GERICA' : 'PROFIL';
      addNote(
        id,
        source,
        localIso(
          y,
          1 + Math.floor(r() * 12),
          1 + Math.floor(r() * 28),
          8 + Math.floor(r() * 10),
          Math.floor(r() * 60),
        ),
        source === 'GERICA' ? 'Journalnotat' : 'Konsultasjon',
        pick(r, ROUTINE),
      );
    }

    if (i === 1) {
      addNote(
        id,
        'HELSEPLATTFORMEN',
        localIso(2023, 2, 14, 7, 50),
        'Rapport',
        'Urolig natt. Motsatte seg stell om morgenen, roet seg etter at personalet holdt avstand.',
      );
      ds.cases.push({
        id: 'sm-demo-0002',
        mappeId: '2024/0457',
        tittel: `Klage på vedtak om bruk av tvang - ${ds.patients[1]!.givenName}`,
        offentligTittel: 'Klage på vedtak om bruk av tvang - *****',
        saksdato: '2024-02-01',
        saksstatus: 'Avsluttet',
        parts: [
          {
            partId: nationalId,
            name: `${ds.patients[1]!.givenName} ${ds.patients[1]!.familyName}`,
            role: 'Klient',
          },
        ],
      });
      // The coercion case: two consecutive § 9-5 c decisions and executions under them.
      ds.decisions.push(
        {
          id: 'TV-demo-1',
          patientNid: nationalId,
          legalBasis: 'hol-9-5c',
          measures: MEASURES.slice(0, 2),
          validFrom: '2021-01-01',
          validTo: '2021-12-31',
          decidedAt: '2020-12-15T00:00:00+01:00',
          approvedAt: '2020-12-28T00:00:00+01:00',
          justification: 'Nødvendig for å dekke grunnleggende behov for hygiene.',
          sourceSystem: 'GERICA',
          sourceId: 'V-2020-101',
        },
        {
          id: 'TV-demo-2',
          patientNid: nationalId,
          legalBasis: 'hol-9-5c',
          measures: MEASURES.slice(0, 3),
          validFrom: '2022-01-01',
          validTo: '2022-12-31',
          decidedAt: '2021-12-14T00:00:00+01:00',
          approvedAt: '2021-12-30T00:00:00+01:00',
          justification: 'Videreføring av tiltak etter evaluering.',
          sourceSystem: 'GERICA',
          sourceId: 'V-2021-088',
        },
      );
      for (let k = 0; k < 8; k++) {
        const m = 1 + k;
        const start = localIso(2022, m, 10, 22, 40);
        const end = localIso(2022, m, 10, 23, 10 + k);
        ds.executions.push({
          id: `TP-demo-${k + 1}`,
          patientNid: nationalId,
          recordedDecisionId: 'TV-demo-2',
          measure: MEASURES[k % 3]!,
          start,
          end,
          executedBy: ['10234', '10588'],
          description: 'Motsatte seg stell. Holdt armene rolig mens stell ble gjennomført.',
          sourceSystem: 'GERICA',
          sourceId: `TP-2022-${pad(k + 1, 3)}`,
        });
      }
    }
  }
  const fillers = ds.patients.slice(2);
  if (opts.careNotes && fillers.length) {
    const cr = prng((opts.seed ?? 42) + 1);
    generateCareNotes(opts.careNotes, { seed: (opts.seed ?? 42) + 2 }).forEach((note, k) => {
      const p = fillers[k % fillers.length]!;
      const y = Math.min(2025, Number((p.birthDate ?? '1960').slice(0, 4)) + 18 + Math.floor(cr() * 60));
      const source: SourceSystem = y >= 2023 ? 'HELSEPLATTFORMEN' : cr() < 0.5 ? 'GERICA' : 'PROFIL';
      const when = localIso(
        y,
        1 + Math.floor(cr() * 12),
        1 + Math.floor(cr() * 28),
        7 + Math.floor(cr() * 14),
        Math.floor(cr() * 60),
      );
      addNote(p.id, source, when, source === 'GERICA' ? 'Journalnotat' : 'Konsultasjon', note.text);
    });
  }
  return ds;
}

// ---------------------------------------------------------------- coercion (issue 5)

const LEGAL_BASIS_TEXT: Record<string, string> = {
  'hol-9-5a': 'Hol. § 9-5 tredje ledd bokstav a',
  'hol-9-5b': 'Hol. § 9-5 tredje ledd bokstav b',
  'hol-9-5c': 'Hol. § 9-5 tredje ledd bokstav c',
  'pbrl-4A': 'Pbrl. kap. 4A',
};

/** `YYYY-MM-DD…` (a date, or an Oslo local time with offset) as Gerica writes it: `dd.mm.yyyy[ HH:MM]`. */
function gericaWallClock(iso: string, withTime: boolean): string {
  const d = `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
  return withTime ? `${d} ${iso.slice(11, 16)}` : d;
}

/**
 * A dataset's coercion decisions and executions as Gerica writes them (vedtak.csv and
 * tvangsprotokoll.csv), for the importer to read: ids become the Gerica ids (`sourceId`).
 */
export function gericaCoercionExports(ds: Dataset): { vedtakCsv: Buffer; protokollCsv: Buffer } {
  const pasientId = (nid: string) => String(40000 + ds.patients.findIndex((p) => p.nationalId === nid));
  const sourceIdOf = new Map(ds.decisions.map((d) => [d.id, d.sourceId]));
  const vedtak = [
    [
      'VedtakID',
      'PasientID',
      'Fodselsnr',
      'Vedtakstype',
      'Hjemmel',
      'Tiltak',
      'GyldigFra',
      'GyldigTil',
      'VedtattDato',
      'GodkjentStatsforvalterDato',
      'Begrunnelse',
    ],
    ...ds.decisions.map((d) => [
      sourceIdOf.get(d.id)!,
      pasientId(d.patientNid),
      d.patientNid,
      'Tvang og makt',
      LEGAL_BASIS_TEXT[d.legalBasis]!,
      d.measures.join(', '),
      gericaWallClock(d.validFrom, false),
      d.validTo ? gericaWallClock(d.validTo, false) : '',
      gericaWallClock(d.decidedAt, false),
      d.approvedAt ? gericaWallClock(d.approvedAt, false) : '',
      d.justification ?? '',
    ]),
  ];
  const protokoll = [
    [
      'RegID',
      'VedtakID',
      'PasientID',
      'Fodselsnr',
      'Start',
      'Slutt',
      'Tiltak',
      'UtfortAv',
      'Beskrivelse',
      'Hjemmel',
    ],
    ...ds.executions.map((e) => {
      const decision = ds.decisions.find((d) => d.id === e.recordedDecisionId);
      return [
        e.sourceId,
        decision ? sourceIdOf.get(decision.id)! : '',
        pasientId(e.patientNid),
        e.patientNid,
        gericaWallClock(e.start, true),
        gericaWallClock(e.end, true),
        e.measure,
        e.executedBy.join(','),
        e.description ?? '',
        decision ? LEGAL_BASIS_TEXT[decision.legalBasis]! : '',
      ];
    }),
  ];
  return { vedtakCsv: gericaCsv(vedtak), protokollCsv: gericaCsv(protokoll) };
}

export interface CoercionExports {
  patient: NewPatient & { nationalId: string };
  /** Gerica vedtak.csv: ISO-8859-1, `;`, CRLF, quoted multi-line fields. */
  vedtakCsv: Buffer;
  /** Gerica tvangsprotokoll.csv, same dialect. */
  protokollCsv: Buffer;
  /** Helseplattformen Coercion.ndjson (UTF-8, LF). */
  coercionNdjson: string;
  /** Helseplattformen Practitioner.ndjson: which HPR and employee numbers are one person. */
  practitionerNdjson: string;
}

function csvField(v: string): string {
  return /[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function gericaCsv(rows: string[][]): Buffer {
  return Buffer.from(rows.map((r) => r.map(csvField).join(';')).join('\r\n') + '\r\n', 'latin1');
}

/**
 * Source exports for one coercion-case person in the formats of Gerica and the HP
 * coercion module, with the situations the verdict rules must get right (a decision
 * under the old sosialtjenesteloven, a decision migrated to HP, an execution before
 * approval, an emergency, an expired recorded decision, across midnight, in both
 * daylight-saving changes) and defective records that must be quarantined.
 * The scenario is fixed (not random): tests assert its outcome record by record.
 */
export function generateCoercionExports(): CoercionExports {
  const nationalId = makeSyntheticNationalId('1975-06-14', 211, false);
  const other = makeSyntheticNationalId('1980-02-02', 300, true);
  const patient = {
    id: 'pt-tvang0001',
    nationalId,
    familyName: 'Aasen',
    givenName: 'Per',
    birthDate: '1975-06-14',
    deathDate: null,
  };
  const pid = '40001';
  const why =
    'Per motsetter seg nødvendig stell; andre løsninger er prøvd.\r\nSe "plan for tiltak" i journalen.';
  const vedtak = [
    [
      'VedtakID',
      'PasientID',
      'Fodselsnr',
      'Vedtakstype',
      'Hjemmel',
      'Tiltak',
      'GyldigFra',
      'GyldigTil',
      'VedtattDato',
      'GodkjentStatsforvalterDato',
      'Begrunnelse',
    ],
    [
      'V-2011-001',
      pid,
      nationalId,
      'Tvang og makt',
      'Sotjl. § 4A-5 tredje ledd bokstav c',
      'fysisk holding ved stell',
      '01.03.2011',
      '29.02.2012',
      '10.02.2011',
      '20.02.2011',
      why,
    ],
    [
      'V-2011-050',
      pid,
      nationalId,
      'Praktisk bistand og opplæring',
      'Sotjl. § 4-2 bokstav a',
      'Heldøgns bistand',
      '01.01.2011',
      '',
      '01.12.2010',
      '',
      'Bistand i bofellesskap.',
    ],
    [
      'V-2019-001',
      pid,
      nationalId,
      'Tvang og makt',
      'Hol. § 9-5 tredje ledd bokstav c',
      'fysisk holding ved stell, låst kjøleskap',
      '01.03.2019',
      '29.02.2020',
      '15.02.2019',
      '08.03.2019',
      why,
    ],
    [
      'V-2019-002',
      pid,
      nationalId,
      'Tvang og makt',
      'Hol. § 9-5 tredje ledd bokstav b',
      'tilbakeholdelse i bolig',
      '01.10.2019',
      '30.09.2020',
      '20.09.2019',
      '25.09.2019',
      'Løper ut i trafikken.',
    ],
    [
      'V-2022-001',
      pid,
      nationalId,
      'Tvang og makt',
      'Hol. § 9-5 tredje ledd bokstav c',
      'fysisk holding ved stell, låst kjøleskap',
      '01.03.2022',
      '28.02.2023',
      '14.02.2022',
      '22.02.2022',
      why,
    ],
    // Defective: validity ends before it starts; bad national id; too few fields.
    [
      'V-2020-900',
      pid,
      nationalId,
      'Tvang og makt',
      'Hol. § 9-5 tredje ledd bokstav c',
      'låst kjøleskap',
      '01.03.2020',
      '28.02.2020',
      '14.02.2020',
      '22.02.2020',
      'Feil datoer.',
    ],
    [
      'V-2020-901',
      pid,
      '12345678901',
      'Tvang og makt',
      'Hol. § 9-5 tredje ledd bokstav c',
      'låst kjøleskap',
      '01.03.2020',
      '28.02.2021',
      '14.02.2020',
      '22.02.2020',
      'Feil fnr.',
    ],
    ['V-2020-902', pid, nationalId, 'Tvang og makt'],
  ];
  const staff = '10234,10588';
  const protokoll = [
    [
      'RegID',
      'VedtakID',
      'PasientID',
      'Fodselsnr',
      'Start',
      'Slutt',
      'Tiltak',
      'UtfortAv',
      'Beskrivelse',
      'Hjemmel',
    ],
    [
      'TP-2011-001',
      'V-2011-001',
      pid,
      nationalId,
      '12.04.2011 08:05',
      '12.04.2011 08:19',
      'fysisk holding ved stell',
      staff,
      'Motsatte seg stell.\r\nHoldt i armene; ingen skader.',
      'Sotjl. § 4A-5 tredje ledd bokstav c',
    ],
    // Leap day, last day of validity.
    [
      'TP-2012-001',
      'V-2011-001',
      pid,
      nationalId,
      '29.02.2012 19:45',
      '29.02.2012 19:58',
      'fysisk holding ved stell',
      staff,
      'Kveldsstell.',
      'Sotjl. § 4A-5 tredje ledd bokstav c',
    ],
    // Before Statsforvalteren approved (08.03.2019).
    [
      'TP-2019-001',
      'V-2019-001',
      pid,
      nationalId,
      '05.03.2019 08:00',
      '05.03.2019 08:16',
      'fysisk holding ved stell',
      staff,
      'Stell.',
      'Hol. § 9-5 tredje ledd bokstav c',
    ],
    // Across the spring daylight-saving change: 01:50 CET → 03:15 CEST is 25 minutes.
    [
      'TP-2019-002',
      'V-2019-001',
      pid,
      nationalId,
      '31.03.2019 01:50',
      '31.03.2019 03:15',
      'fysisk holding ved stell',
      '10603,10719',
      'Nattlig stell.',
      'Hol. § 9-5 tredje ledd bokstav c',
    ],
    // Starts in the hour that did not exist (02:30 on 31.03.2019): read as 01:30Z.
    [
      'TP-2019-003',
      'V-2019-001',
      pid,
      nationalId,
      '31.03.2019 02:30',
      '31.03.2019 03:40',
      'fysisk holding ved stell',
      '10603,10719',
      'Nattlig stell.',
      'Hol. § 9-5 tredje ledd bokstav c',
    ],
    // Autumn change: 02:50 (first pass) → 02:10 (second pass) is 20 minutes.
    [
      'TP-2019-004',
      'V-2019-002',
      pid,
      nationalId,
      '27.10.2019 02:50',
      '27.10.2019 02:10',
      'tilbakeholdelse i bolig',
      '10412',
      'Ville ut om natten.',
      'Hol. § 9-5 tredje ledd bokstav b',
    ],
    // Autumn change: 01:40 → 03:10 is 2 h 30 min of real time.
    [
      'TP-2019-005',
      'V-2019-002',
      pid,
      nationalId,
      '27.10.2019 01:40',
      '27.10.2019 03:10',
      'tilbakeholdelse i bolig',
      '10412',
      'Ville ut om natten.',
      'Hol. § 9-5 tredje ledd bokstav b',
    ],
    // Across midnight and new year.
    [
      'TP-2019-006',
      'V-2019-001',
      pid,
      nationalId,
      '31.12.2019 23:40',
      '01.01.2020 00:25',
      'låst kjøleskap',
      staff,
      'Nyttårsaften.',
      'Hol. § 9-5 tredje ledd bokstav c',
    ],
    // Emergency without decision, reported under § 9-5 a.
    [
      'TP-2018-001',
      '',
      pid,
      nationalId,
      '14.08.2018 14:05',
      '14.08.2018 14:25',
      'tilbakeholdelse i bolig',
      '10412,10588',
      'Nødsituasjon: løp mot veien.',
      'Hol. § 9-5 tredje ledd bokstav a',
    ],
    // Recorded under a decision that does not authorise the measure, none other valid; not an emergency.
    [
      'TP-2020-001',
      'V-2019-001',
      pid,
      nationalId,
      '15.01.2020 10:00',
      '15.01.2020 10:30',
      'følge ved utgang',
      staff,
      'Tur.',
      'Hol. § 9-5 tredje ledd bokstav c',
    ],
    // Recorded under the old decision although the new one was valid: the claim fails, the valid one matches.
    [
      'TP-2022-001',
      'V-2019-001',
      pid,
      nationalId,
      '10.03.2022 08:00',
      '10.03.2022 08:12',
      'låst kjøleskap',
      staff,
      'Kjøleskap.',
      'Hol. § 9-5 tredje ledd bokstav c',
    ],
    // Defective: end before start; unknown decision id; unparseable time; bad national id; decision of another patient.
    [
      'TP-2019-901',
      'V-2019-001',
      pid,
      nationalId,
      '01.06.2019 10:00',
      '01.06.2019 09:00',
      'fysisk holding ved stell',
      staff,
      'Feil tid.',
      'Hol. § 9-5 tredje ledd bokstav c',
    ],
    [
      'TP-2019-902',
      'V-1999-999',
      pid,
      nationalId,
      '02.06.2019 10:00',
      '02.06.2019 10:10',
      'fysisk holding ved stell',
      staff,
      'Ukjent vedtak.',
      'Hol. § 9-5 tredje ledd bokstav c',
    ],
    [
      'TP-2019-903',
      'V-2019-001',
      pid,
      nationalId,
      '31.02.2019 10:00',
      '31.02.2019 10:10',
      'fysisk holding ved stell',
      staff,
      'Ugyldig dato.',
      'Hol. § 9-5 tredje ledd bokstav c',
    ],
    [
      'TP-2019-904',
      'V-2019-001',
      pid,
      '01010112345',
      '03.06.2019 10:00',
      '03.06.2019 10:10',
      'fysisk holding ved stell',
      staff,
      'Ugyldig fnr.',
      'Hol. § 9-5 tredje ledd bokstav c',
    ],
    [
      'TP-2019-905',
      'V-2019-001',
      '40002',
      other,
      '04.06.2019 10:00',
      '04.06.2019 10:10',
      'fysisk holding ved stell',
      staff,
      'Feil pasient.',
      'Hol. § 9-5 tredje ledd bokstav c',
    ],
  ];
  const hp = (o: Record<string, unknown>) => JSON.stringify(o);
  const lines = [
    hp({
      kind: 'decision',
      id: 'TVD-900001',
      patient: nationalId,
      legalBasis: 'hol-9-5c',
      measures: ['fysisk holding ved stell', 'låst kjøleskap'],
      validFrom: '2022-03-01',
      validTo: '2023-02-28',
      decidedAt: '2022-02-14T00:00:00+01:00',
      decidedBy: '9098765',
      approvedByStatsforvalterAt: '2022-02-22T00:00:00+01:00',
      legacySource: { system: 'gerica', id: 'V-2022-001', migratedAt: '2022-11-12' },
      justification: 'Hol. § 9-5 tredje ledd bokstav c. Per motsetter seg nødvendig stell.',
    }),
    hp({
      kind: 'decision',
      id: 'TVD-900002',
      patient: nationalId,
      legalBasis: 'hol-9-5c',
      measures: ['fysisk holding ved stell', 'låst kjøleskap', 'følge ved utgang'],
      validFrom: '2023-03-01',
      validTo: '2024-02-29',
      decidedAt: '2023-02-13T14:05:00+01:00',
      decidedBy: '9098765',
      approvedByStatsforvalterAt: '2023-02-24T09:30:00+01:00',
      legacySource: null,
      justification: 'Videreføring.',
    }),
    hp({
      kind: 'decision',
      id: 'TVD-900003',
      patient: nationalId,
      legalBasis: 'pbrl-4A',
      measures: ['holding av arm ved blodprøvetaking'],
      validFrom: '2023-06-01',
      validTo: '2023-11-30',
      decidedAt: '2023-05-20T10:00:00+02:00',
      decidedBy: '9310245',
      approvedByStatsforvalterAt: null,
      legacySource: null,
      justification: 'Blodprøver.',
    }),
    hp({
      kind: 'execution',
      id: 'TVG-900001',
      patient: nationalId,
      decisionId: 'TVD-900001',
      measure: 'fysisk holding ved stell',
      start: '2022-11-20T08:10:00+01:00',
      end: '2022-11-20T08:25:00+01:00',
      executedBy: ['9160033', '10588'],
      alternativesTried: 'Ventet og prøvde igjen.',
      description: 'Stell.',
      reportedAt: '2022-11-20T10:03:00+01:00',
    }),
    // Recorded under the expired decision (ended 2023-02-28); the next one starts 2023-03-01 with approval 2023-02-24.
    hp({
      kind: 'execution',
      id: 'TVG-900002',
      patient: nationalId,
      decisionId: 'TVD-900001',
      measure: 'låst kjøleskap',
      start: '2023-03-05T19:00:00+01:00',
      end: '2023-03-05T19:03:00+01:00',
      executedBy: ['9240702', '10966'],
      description: 'Kjøleskap.',
      reportedAt: '2023-03-05T21:15:00+01:00',
    }),
    // pbrl-4A needs no approval by Statsforvalteren.
    hp({
      kind: 'execution',
      id: 'TVG-900003',
      patient: nationalId,
      decisionId: 'TVD-900003',
      measure: 'holding av arm ved blodprøvetaking',
      start: '2023-09-12T09:15:00+02:00',
      end: '2023-09-12T09:55:00+02:00',
      executedBy: ['9310245', '9206184'],
      description: 'Blodprøve.',
      reportedAt: '2023-09-12T11:52:00+02:00',
    }),
    // After the last decision expired (2024-02-29).
    hp({
      kind: 'execution',
      id: 'TVG-900004',
      patient: nationalId,
      decisionId: 'TVD-900002',
      measure: 'fysisk holding ved stell',
      start: '2024-03-02T08:05:00+01:00',
      end: '2024-03-02T08:20:00+01:00',
      executedBy: ['9160033', '10588'],
      description: 'Stell.',
      reportedAt: '2024-03-02T09:12:00+01:00',
    }),
    // Defective: not JSON; end before start; unknown decision id; unknown kind.
    '{"kind": "execution", "id": "TVG-900901", ',
    hp({
      kind: 'execution',
      id: 'TVG-900902',
      patient: nationalId,
      decisionId: 'TVD-900002',
      measure: 'låst kjøleskap',
      start: '2023-05-05T19:00:00+02:00',
      end: '2023-05-05T18:00:00+02:00',
      executedBy: ['10966'],
      description: 'x',
      reportedAt: '2023-05-05T21:00:00+02:00',
    }),
    hp({
      kind: 'execution',
      id: 'TVG-900903',
      patient: nationalId,
      decisionId: 'TVD-000000',
      measure: 'låst kjøleskap',
      start: '2023-05-06T19:00:00+02:00',
      end: '2023-05-06T19:05:00+02:00',
      executedBy: ['10966'],
      description: 'x',
      reportedAt: '2023-05-06T21:00:00+02:00',
    }),
    hp({ kind: 'note', id: 'X-1' }),
  ];
  const prac = (
    id: string,
    hpr: string | null,
    employee: string | null,
    family: string,
    given: string,
    role: string,
  ) =>
    JSON.stringify({
      resourceType: 'Practitioner',
      id,
      active: true,
      identifier: [
        ...(hpr ? [{ system: 'urn:oid:2.16.578.1.12.4.1.4.4', value: hpr }] : []),
        ...(employee ? [{ system: 'urn:example:trondheim-kommune:ansattnummer', value: employee }] : []),
      ],
      name: [{ family, given: [given] }],
      qualification: [{ code: { text: role } }],
    });
  const practitioners = [
    // Gerica names her by employee number (TP-2019-002/003), HP by HPR number (TVG-900003): one person.
    prac('prac-gen-0001', '9206184', '10603', 'Moe', 'Kjersti', 'Sykepleier'),
    prac('prac-gen-0002', null, '10588', 'Lund', 'Siri', 'Assistent'),
    prac('prac-gen-0003', '9160033', null, 'Viken', 'Trond', 'Vernepleier'),
    '{"resourceType": "Practitioner", "id": "prac-gen-bad", "identifier": [{"system": "urn:oid:2.16.578.1.12.4.1.4.4", "value": "12345"}]}',
  ];
  return {
    patient,
    vedtakCsv: gericaCsv(vedtak),
    protokollCsv: gericaCsv(protokoll),
    coercionNdjson: lines.join('\n') + '\n',
    practitionerNdjson: practitioners.join('\n') + '\n',
  };
}

export interface CoercionHistoryOptions {
  seed?: number;
  years?: number;
  perDay?: number;
  /** First year of the history. */
  fromYear?: number;
}

/**
 * Coercion over many years for one person, for benchmarks: a yearly § 9-5 c decision
 * (three measures, approved a few days before it starts, one year approved late) and a
 * yearly § 9-5 b decision for one measure, and `perDay` executions a day by two staff.
 */
export function generateCoercionHistory(opts: CoercionHistoryOptions = {}): {
  patient: NewPatient & { nationalId: string };
  decisions: NewDecision[];
  executions: NewExecution[];
} {
  const r = prng(opts.seed ?? 5);
  const years = opts.years ?? 15;
  const perDay = opts.perDay ?? 5;
  const fromYear = opts.fromYear ?? 2010;
  const nationalId = makeSyntheticNationalId('1970-04-03', 401, false);
  const patient = {
    id: 'pt-bench-tvang',
    nationalId,
    familyName: 'Lie',
    givenName: 'Ole',
    birthDate: '1970-04-03',
    deathDate: null,
  };
  const decisions: NewDecision[] = [];
  const executions: NewExecution[] = [];
  const staffPool = [
    '10234',
    '10377',
    '10412',
    '10588',
    '10603',
    '10719',
    '10845',
    '10966',
    '9144271',
    '9160033',
  ];
  for (let y = fromYear; y < fromYear + years; y++) {
    const lateApproval = (y - fromYear) % 5 === 3;
    decisions.push({
      id: `TVB-${y}-C`,
      patientNid: nationalId,
      legalBasis: 'hol-9-5c',
      measures: MEASURES.filter((m) => m !== 'tilbakeholdelse i bolig'),
      validFrom: `${y}-03-01`,
      validTo: `${y + 1}-02-${(y + 1) % 4 === 0 ? 29 : 28}`,
      decidedAt: localIso(y, 2, 10, 0, 0),
      approvedAt: lateApproval ? localIso(y, 3, 20, 0, 0) : localIso(y, 2, 25, 0, 0),
      justification: 'Grunnleggende behov.',
      sourceSystem: y < 2022 ? 'GERICA' : 'HELSEPLATTFORMEN',
      sourceId: `TVB-${y}-C`,
    });
    decisions.push({
      id: `TVB-${y}-B`,
      patientNid: nationalId,
      legalBasis: 'hol-9-5b',
      measures: ['tilbakeholdelse i bolig'],
      validFrom: `${y}-06-01`,
      validTo: `${y + 1}-03-31`,
      decidedAt: localIso(y, 5, 10, 0, 0),
      approvedAt: localIso(y, 5, 28, 0, 0),
      justification: 'Gjentatte nødsituasjoner.',
      sourceSystem: y < 2022 ? 'GERICA' : 'HELSEPLATTFORMEN',
      sourceId: `TVB-${y}-B`,
    });
  }
  let n = 0;
  for (let t = Date.UTC(fromYear, 0, 1); t < Date.UTC(fromYear + years, 0, 1); t += 86_400_000) {
    const d = new Date(t);
    const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
    for (let k = 0; k < perDay; k++) {
      const hour = 7 + Math.floor((k * 15) / perDay);
      const minute = Math.floor(r() * 50);
      const measure = MEASURES[Math.floor(r() * MEASURES.length)]!;
      const len = 3 + Math.floor(r() * 40);
      const start = localIso(y, m, day, hour, minute);
      const endMin = minute + len;
      const end = localIso(y, m, day, hour + Math.floor(endMin / 60), endMin % 60);
      const a = staffPool[Math.floor(r() * staffPool.length)]!;
      const b = staffPool[Math.floor(r() * staffPool.length)]!;
      const id = `TPB-${y}-${pad(++n, 6)}`;
      executions.push({
        id,
        patientNid: nationalId,
        recordedDecisionId:
          r() < 0.9 ? `TVB-${y}-${measure === 'tilbakeholdelse i bolig' ? 'B' : 'C'}` : null,
        measure,
        start,
        end,
        executedBy: a === b ? [a] : [a, b],
        description: 'Gjennomført etter plan.',
        sourceSystem: y < 2022 ? 'GERICA' : 'HELSEPLATTFORMEN',
        sourceId: id,
        emergencyReported: r() < 0.02,
      });
    }
  }
  return { patient, decisions, executions };
}

/** A generated Noark 5 extract: arkivstruktur.xml and its document files, relative paths. */
export interface NoarkExtract {
  files: { path: string; content: Buffer }[];
  /** What the extract holds, for assertions. */
  facts: {
    arkivdelId: string;
    saksmapper: { id: string; mappeId: string; closed: boolean; partNationalIds: string[] }[];
    journalposter: {
      id: string;
      registreringsId: string;
      journaldato: string;
      dokumentetsDato: string | null;
      screened: boolean;
      status: string;
    }[];
  };
}

export interface NoarkExtractOptions {
  seed?: number;
  saksmapper?: number;
  /** Close every case and archive every journalpost, as a deposit requires. */
  closed?: boolean;
  /** National ids to use as the client party of the first cases. */
  clients?: { nationalId: string; name: string }[];
  /** A person who is a party of the first journalpost of the second case only (registrering/part). */
  journalpostParty?: { nationalId: string; name: string };
  /** Cases to write as they are (saksmapper without journalposter) ahead of the generated ones. */
  cases?: NewSaksmappe[];
  /**
   * The document file of a journalpost (case number 1.., journalpost 1..), with its file
   * extension; undefined keeps the default tiny PDF without pages.
   */
  documentFile?: (c: {
    sak: number;
    journalpost: number;
    title: string;
  }) => { content: Buffer; ext: string } | undefined;
}

/**
 * A synthetic Noark 5 v5.0 extract in the shape of a municipal case archive: one arkiv,
 * one arkivdel, a few klasser, saksmapper with parties, journalposter (some screened,
 * one without a document date, one with status "Utgår") and one PDF per journalpost with
 * its SHA-256. Deterministic for a given seed.
 */
export function generateNoarkExtract(opts: NoarkExtractOptions = {}): NoarkExtract {
  const r = prng(opts.seed ?? 4);
  // Deterministic UUID-shaped ids.
  let uuidSeq = 0;
  const uuid = () => {
    const h = (n: number) =>
      Math.floor(r() * 16 ** n)
        .toString(16)
        .padStart(n, '0');
    uuidSeq++;
    return `${h(8)}-${h(4)}-4${h(3)}-a${h(3)}-${String(uuidSeq).padStart(12, '0')}`;
  };
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const el = (name: string, v: string | number | null | undefined, pad: string) =>
    v === null || v === undefined ? '' : `${pad}<${name}>${esc(String(v))}</${name}>\n`;
  const closed = opts.closed ?? false;
  const count = opts.saksmapper ?? 4;
  const files: NoarkExtract['files'] = [];
  const facts: NoarkExtract['facts'] = { arkivdelId: '', saksmapper: [], journalposter: [] };
  const klasser = [
    {
      id: 'HO-03',
      tittel: 'Tildeling av helse- og omsorgstjenester',
      unit: 'Helse- og velferdskontor Lerkendal',
    },
    { id: 'HO-09', tittel: 'Innsyn i pasient- og brukerjournal', unit: 'Helse- og velferdskontor Lerkendal' },
    { id: 'NV-02', tittel: 'Skjenke- og serveringsbevillinger', unit: 'Skjenkekontoret' },
  ];
  const skjermingXml = (pad: string, metadata: string[], dokument: boolean) =>
    `${pad}<skjerming>\n${el('tilgangsrestriksjon', 'Unntatt offentlighet', pad + '  ')}${el('skjermingshjemmel', 'Offl. § 13 jf. fvl. § 13 (1) nr.1', pad + '  ')}` +
    metadata.map((m) => el('skjermingMetadata', m, pad + '  ')).join('') +
    (dokument ? el('skjermingDokument', 'Skjerming av hele dokumentet', pad + '  ') : '') +
    `${pad}</skjerming>\n`;
  const arkivClose = closed
    ? `${el('avsluttetDato', '2025-01-01T00:00:00+01:00', '  ')}${el('avsluttetAv', 'Arkivtjenesten', '  ')}`
    : '';
  const arkivdelId = uuid();
  facts.arkivdelId = arkivdelId;
  let x = `<?xml version="1.0" encoding="UTF-8"?>
<arkiv xmlns="http://www.arkivverket.no/standarder/noark5/arkivstruktur" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
${el('systemID', uuid(), '  ')}${el('tittel', 'Demo kommune – sakarkiv', '  ')}${el('arkivstatus', closed ? 'Avsluttet' : 'Opprettet', '  ')}${el('dokumentmedium', 'Elektronisk arkiv', '  ')}${el('opprettetDato', '2020-01-01T00:00:00+01:00', '  ')}${el('opprettetAv', 'Arkivtjenesten', '  ')}${arkivClose}  <arkivskaper>
${el('arkivskaperID', 'KOMM-9999', '    ')}${el('arkivskaperNavn', 'Demo kommune', '    ')}  </arkivskaper>
  <arkivdel>
${el('systemID', arkivdelId, '    ')}${el('tittel', 'Sakarkiv 2020–2024', '    ')}${el('arkivdelstatus', closed ? 'Avsluttet periode' : 'Aktiv periode', '    ')}${el('opprettetDato', '2020-01-01T00:00:00+01:00', '    ')}${el('opprettetAv', 'Arkivtjenesten', '    ')}${closed ? el('avsluttetDato', '2025-01-01T00:00:00+01:00', '    ') + el('avsluttetAv', 'Arkivtjenesten', '    ') : ''}${el('arkivperiodeStartDato', '2020-01-01', '    ')}    <klassifikasjonssystem>
${el('systemID', uuid(), '      ')}${el('klassifikasjonstype', 'Funksjonsbasert, hierarkisk', '      ')}${el('tittel', 'Arkivnøkkel', '      ')}${el('opprettetDato', '2020-01-01T00:00:00+01:00', '      ')}${el('opprettetAv', 'Arkivtjenesten', '      ')}`;
  let sak = 0;
  let journalSeq = 1000;
  for (let k = 0; k < klasser.length; k++) {
    const kl = klasser[k]!;
    x += `      <klasse>\n${el('systemID', uuid(), '        ')}${el('klasseID', kl.id, '        ')}${el('tittel', kl.tittel, '        ')}${el('opprettetDato', '2020-01-01T00:00:00+01:00', '        ')}${el('opprettetAv', 'Arkivtjenesten', '        ')}`;
    if (kl.id === 'HO-09') {
      for (const c of opts.cases ?? []) {
        const pad8 = '          ';
        // A UUID-shaped systemID derived from the case id, so the given cases leave the generated ones as they were.
        const h = createHash('sha256').update(c.id).digest('hex');
        const sakId = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
        const [saksaar, seq] = c.mappeId.split('/');
        x += `        <mappe xsi:type="saksmappe">\n${el('systemID', sakId, pad8)}${el('mappeID', c.mappeId, pad8)}`;
        x +=
          el('tittel', c.tittel, pad8) +
          el('offentligTittel', c.offentligTittel, pad8) +
          el('dokumentmedium', 'Elektronisk arkiv', pad8) +
          el('opprettetDato', `${c.saksdato}T09:00:00+01:00`, pad8) +
          el('opprettetAv', 'Marte Sand', pad8);
        for (const p of c.parts)
          x += `${pad8}<part>\n${el('partID', p.partId, pad8 + '  ')}${el('partNavn', p.name, pad8 + '  ')}${el('partRolle', p.role, pad8 + '  ')}${pad8}</part>\n`;
        if (c.offentligTittel)
          x += skjermingXml(
            pad8,
            ['Skjerming tittel mappe - utvalgte ord', 'Skjerming navn part i sak'],
            false,
          );
        x +=
          el('saksaar', Number(saksaar), pad8) +
          el('sakssekvensnummer', Number(seq), pad8) +
          el('saksdato', c.saksdato, pad8) +
          el('administrativEnhet', kl.unit, pad8) +
          el('saksansvarlig', 'Marte Sand', pad8) +
          el('journalenhet', 'SENTRAL', pad8) +
          el('saksstatus', c.saksstatus, pad8) +
          '        </mappe>\n';
        facts.saksmapper.push({
          id: sakId,
          mappeId: c.mappeId,
          closed: c.saksstatus === 'Avsluttet',
          partNationalIds: c.parts.flatMap((p) => (p.partId ? [p.partId] : [])),
        });
      }
    }
    for (let m = k; m < count; m += klasser.length) {
      sak++;
      const person = kl.id.startsWith('HO');
      const client =
        opts.clients?.[sak - 1] ??
        (person
          ? {
              nationalId: makeSyntheticNationalId(
                `19${40 + Math.floor(r() * 50)}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`,
                200 + sak,
                r() < 0.5,
              ),
              name: `${pick(r, GIVEN_F)} ${pick(r, FAMILY)}`,
            }
          : null);
      const org = `${pick(r, ['Kafé', 'Restaurant', 'Bar'])} ${pick(r, FAMILY)} AS`;
      const who = client?.name ?? org;
      const seq = 100 + sak;
      const mappeId = `2023/${String(seq).padStart(4, '0')}`;
      const month = 2 + (sak % 9);
      const saksdato = `2023-${pad(month)}-0${1 + (sak % 8)}`;
      const sakId = uuid();
      const caseClosed = closed || sak % 3 === 0;
      const pad8 = '          ';
      x += `        <mappe xsi:type="saksmappe">\n${el('systemID', sakId, pad8)}${el('mappeID', mappeId, pad8)}`;
      const sakTittel = person
        ? `Søknad om langtidsopphold – ${who}`
        : `Søknad om serveringsbevilling – ${who}`;
      x +=
        el('tittel', sakTittel, pad8) +
        (client ? el('offentligTittel', 'Søknad om langtidsopphold – *****', pad8) : '');
      x +=
        el('dokumentmedium', 'Elektronisk arkiv', pad8) +
        el('opprettetDato', `${saksdato}T09:00:00+01:00`, pad8) +
        el('opprettetAv', 'Marte Sand', pad8);
      if (caseClosed)
        x += el('avsluttetDato', '2024-06-01T12:00:00+02:00', pad8) + el('avsluttetAv', 'Marte Sand', pad8);
      if (client) {
        x += `${pad8}<part>\n${el('partID', client.nationalId, pad8 + '  ')}${el('partNavn', client.name, pad8 + '  ')}${el('partRolle', 'Klient', pad8 + '  ')}${pad8}</part>\n`;
      }
      const merknad = (pad: string, text: string, date: string) =>
        `${pad}<merknad>\n${el('merknadstekst', text, pad + '  ')}${el('merknadstype', 'Merknad fra saksbehandler', pad + '  ')}${el('merknadsdato', date, pad + '  ')}${el('merknadRegistrertAv', 'Marte Sand', pad + '  ')}${pad}</merknad>\n`;
      if (sak === 1)
        x += merknad(
          pad8,
          'Søker har bedt om rask behandling & svar per brev.',
          `${saksdato}T12:00:00+01:00`,
        );
      if (client)
        x += skjermingXml(
          pad8,
          ['Skjerming tittel mappe - utvalgte ord', 'Skjerming navn part i sak'],
          false,
        );
      facts.saksmapper.push({
        id: sakId,
        mappeId,
        closed: caseClosed,
        partNationalIds: client ? [client.nationalId] : [],
      });
      for (let j = 1; j <= 2 + (sak % 2); j++) {
        const jpId = uuid();
        const day = Math.min(28, 1 + (sak % 8) + j * 3);
        const journaldato = `2023-${pad(month)}-${pad(day)}`;
        const undated = sak === 1 && j === 1;
        const utgaar = sak === 2 && j === 2;
        const incoming = j % 2 === 1;
        const status = utgaar ? 'Utgår' : caseClosed || j === 1 ? 'Arkivert' : 'Journalført';
        const archived = closed || status === 'Arkivert';
        const pad10 = '            ';
        const title = incoming ? `${person ? 'Søknad' : 'Søknad om bevilling'} – ${who}` : `Vedtak – ${who}`;
        x += `${pad8}<registrering xsi:type="journalpost">\n${el('systemID', jpId, pad10)}${el('opprettetDato', `${journaldato}T10:00:00+01:00`, pad10)}${el('opprettetAv', 'Marte Sand', pad10)}`;
        if (archived)
          x +=
            el('arkivertDato', `${journaldato}T15:30:00+01:00`, pad10) +
            el('arkivertAv', 'Arkivtjenesten', pad10);
        if (sak === 2 && j === 1 && opts.journalpostParty) {
          x += `${pad10}<part>\n${el('partID', opts.journalpostParty.nationalId, pad10 + '  ')}${el('partNavn', opts.journalpostParty.name, pad10 + '  ')}${el('partRolle', 'Pårørende', pad10 + '  ')}${pad10}</part>\n`;
        }
        if (client)
          x += skjermingXml(
            pad10,
            [
              'Skjerming tittel registrering - utvalgte ord',
              incoming ? 'Skjerming navn avsender' : 'Skjerming navn mottaker',
            ],
            true,
          );
        const custom = opts.documentFile?.({ sak, journalpost: j, title });
        const content =
          custom?.content ??
          Buffer.from(
            `%PDF-1.4\n% Helsespor demo\n1 0 obj << /Type /Catalog >> endobj\n% ${mappeId}-${j} ${title}\n%%EOF\n`,
            'utf8',
          );
        const path = `DOKUMENT/2023-${String(seq).padStart(4, '0')}-${j}.${custom?.ext ?? 'pdf'}`;
        files.push({ path, content });
        const sha = createHash('sha256').update(content).digest('hex');
        const pad12 = pad10 + '  ';
        const pad14 = pad12 + '  ';
        x += `${pad10}<dokumentbeskrivelse>\n${el('systemID', uuid(), pad12)}${el('dokumenttype', 'Brev', pad12)}${el('dokumentstatus', 'Dokumentet er ferdigstilt', pad12)}${el('tittel', title, pad12)}${el('opprettetDato', `${journaldato}T10:00:00+01:00`, pad12)}${el('opprettetAv', 'Marte Sand', pad12)}${el('tilknyttetRegistreringSom', 'Hoveddokument', pad12)}${el('dokumentnummer', 1, pad12)}${el('tilknyttetDato', `${journaldato}T10:00:00+01:00`, pad12)}${el('tilknyttetAv', 'Marte Sand', pad12)}`;
        x += `${pad12}<dokumentobjekt>\n${el('systemID', uuid(), pad14)}${el('versjonsnummer', 1, pad14)}${el('variantformat', 'Produksjonsformat', pad14)}${el('format', 'fmt/18', pad14)}${el('formatDetaljer', 'PDF 1.4', pad14)}${el('opprettetDato', `${journaldato}T10:00:00+01:00`, pad14)}${el('opprettetAv', 'Marte Sand', pad14)}${el('referanseDokumentfil', path, pad14)}${el('sjekksum', sha, pad14)}${el('sjekksumAlgoritme', 'SHA256', pad14)}${el('filstoerrelse', content.length, pad14)}${pad12}</dokumentobjekt>\n${pad10}</dokumentbeskrivelse>\n`;
        const regId = `${mappeId}-${j}`;
        x +=
          el('registreringsID', regId, pad10) +
          el('tittel', title, pad10) +
          (client ? el('offentligTittel', `${incoming ? 'Søknad' : 'Vedtak'} – *****`, pad10) : '');
        if (sak === 1 && j === 2)
          x += merknad(pad10, 'Vedtaket sendt også til fastlege.', `${journaldato}T14:00:00+01:00`);
        x += `${pad10}<korrespondansepart>\n${el('korrespondanseparttype', incoming ? 'Avsender' : 'Mottaker', pad10 + '  ')}${el('korrespondansepartNavn', who, pad10 + '  ')}${pad10}</korrespondansepart>\n`;
        x +=
          el('journalaar', 2023, pad10) +
          el('journalsekvensnummer', journalSeq++, pad10) +
          el('journalpostnummer', j, pad10) +
          el('journalposttype', incoming ? 'Inngående dokument' : 'Utgående dokument', pad10) +
          el('journalstatus', status, pad10) +
          el('journaldato', journaldato, pad10) +
          (undated ? '' : el('dokumentetsDato', journaldato, pad10)) +
          el('journalenhet', 'SENTRAL', pad10) +
          `${pad8}</registrering>\n`;
        facts.journalposter.push({
          id: jpId,
          registreringsId: regId,
          journaldato,
          dokumentetsDato: undated ? null : journaldato,
          screened: Boolean(client),
          status,
        });
      }
      x +=
        el('saksaar', 2023, pad8) +
        el('sakssekvensnummer', seq, pad8) +
        el('saksdato', saksdato, pad8) +
        el('administrativEnhet', kl.unit, pad8) +
        el('saksansvarlig', 'Marte Sand', pad8) +
        el('journalenhet', 'SENTRAL', pad8) +
        el('saksstatus', caseClosed ? 'Avsluttet' : 'Under behandling', pad8) +
        '        </mappe>\n';
    }
    x += '      </klasse>\n';
  }
  x += '    </klassifikasjonssystem>\n  </arkivdel>\n</arkiv>\n';
  files.unshift({ path: 'arkivstruktur.xml', content: Buffer.from(x, 'utf8') });
  return { files, facts };
}

/** The first 11-digit number from `nine` upwards (9 digits) whose two mod-11 check digits fit. */
export function withCheckDigits(nine: number): string {
  const k = (ds: number[], w: number[]) => {
    const r = 11 - (w.reduce((a, x, i) => a + x * ds[i]!, 0) % 11);
    return r === 11 ? 0 : r === 10 ? null : r;
  };
  for (let n = nine; ; n++) {
    const d = [...String(n)].map(Number);
    const k1 = k(d, [3, 7, 6, 1, 8, 9, 4, 5, 2]);
    const k2 = k1 === null ? null : k([...d, k1], [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
    if (k2 !== null) return `${n}${k1}${k2}`;
  }
}
