/**
 * Source exports of journal notes in the three systems' own formats, written by the
 * project's generator: Gerica journalnotater.csv (ISO-8859-1, `;`, CRLF, quoted multi-line
 * fields), Profil profil-eksport.xml, and a Helseplattformen FHIR NDJSON export with
 * migrated copies of legacy notes. Streams to disk, so it makes exports of any size.
 * Deterministic for a seed. Optionally plants defective Gerica records.
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync, writeFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { makeSyntheticNationalId } from '../lib/national-id';
import { osloLocalToIso } from '../lib/oslo-time';
import { prng, type Dataset } from './generator';

const FAMILY = [
  'Hansen',
  'Johansen',
  'Olsen',
  'Larsen',
  'Andersen',
  'Pedersen',
  'Nilsen',
  'Berg',
  'Haugen',
  'Dahl',
  'Lie',
  'Sæther',
  'Rønning',
  'Aasen',
  'Østby',
];
const GIVEN = ['Ingrid', 'Sara', 'Nora', 'Kari', 'Jonas', 'Lars', 'Ole', 'Henrik', 'Åse', 'Øystein'];
const AUTHORS: [string, string][] = [
  ['9034411', 'Berit Hoel'],
  ['9112090', 'Gunn Ystad'],
  ['', 'Kristin Ås'],
  ['9160033', 'Ole Bakken'],
];
const SENTENCES = [
  'Morgenbesøk. Medisiner tatt under tilsyn.',
  'Sårstell venstre legg; såret er rent med granulasjonsvev.',
  'Pas. sier at natta har vært rolig, "sov godt".',
  'Forteller at han ble mobbet i friminuttene.',
  'Er plaget av noen i klassen og gruer seg til skolen.',
  'Hoste og lett feber i tre dager. Råd om væske og hvile.',
  'BT 142/88, puls 76. Kompresjonsstrømper tatt på.',
  'Blir holdt utenfor av de andre i klassen.',
  'Samtale med mor om søvn og skjermbruk.',
];

export interface JournalExportOptions {
  seed?: number;
  patients: number;
  /** Notes per patient in each of Gerica and Profil; HP gets half as many native notes. */
  notesPerPatient: number;
  /** Share of legacy notes that also appear in HP as migrated copies. */
  migratedShare?: number;
  /** Plant one defective Gerica record of each kind (encoding, quoting, column count, date, identifier). */
  defects?: boolean;
}

export interface JournalExportSummary {
  dir: string;
  patients: number;
  gericaNotes: number;
  profilNotes: number;
  hpNotes: number;
  migratedCopies: number;
  defects: number;
  /** Distinct notes a correct import stores (migrated copies counted once). */
  distinctNotes: number;
}

async function write(out: WriteStream, chunk: string | Buffer): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

async function close(out: WriteStream): Promise<void> {
  out.end();
  await once(out, 'finish');
}

const csvField = (v: string) => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const xmlEscape = (v: string) =>
  v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export async function writeJournalExports(
  dir: string,
  o: JournalExportOptions,
): Promise<JournalExportSummary> {
  const r = prng(o.seed ?? 11);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  for (const d of ['gerica', 'profil', 'helseplattformen']) mkdirSync(join(dir, d), { recursive: true });
  const gerica = createWriteStream(join(dir, 'gerica', 'journalnotater.csv'));
  const profil = createWriteStream(join(dir, 'profil', 'profil-eksport.xml'));
  const hpPatients = createWriteStream(join(dir, 'helseplattformen', 'Patient.ndjson'));
  const hpDocs = createWriteStream(join(dir, 'helseplattformen', 'DocumentReference.ndjson'));
  const s: JournalExportSummary = {
    dir,
    patients: o.patients,
    gericaNotes: 0,
    profilNotes: 0,
    hpNotes: 0,
    migratedCopies: 0,
    defects: 0,
    distinctNotes: 0,
  };
  const migratedShare = o.migratedShare ?? 0.05;

  await write(
    gerica,
    Buffer.from(
      'NotatID;PasientID;Fodselsnr;Navn;Dato;Klokkeslett;Tjeneste;Notattype;ForfatterHPR;ForfatterNavn;Tekst\r\n',
      'latin1',
    ),
  );
  await write(
    profil,
    '<?xml version="1.0" encoding="UTF-8"?>\n<profil-eksport versjon="4.2" eksportert="2022-11-08T03:15:00" kommunenr="5001" system="Profil">\n',
  );
  let notatId = 3000000;
  let profilId = 100000;
  let docId = 0;

  const text = () => {
    const n = 1 + Math.floor(r() * 3);
    const parts = Array.from({ length: n }, () => pick(SENTENCES));
    return r() < 0.3 ? parts.join('\r\n') : parts.join(' ');
  };

  for (let p = 0; p < o.patients; p++) {
    const year = 1940 + Math.floor(r() * 70);
    const birthDate = `${year}-${pad(1 + Math.floor(r() * 12))}-${pad(1 + Math.floor(r() * 28))}`;
    const female = r() < 0.5;
    const fnr = makeSyntheticNationalId(birthDate, p % 400, female);
    const family = pick(FAMILY);
    const given = pick(GIVEN);
    const hpId = `pt-gen${pad(p, 7)}`;
    await write(
      hpPatients,
      JSON.stringify({
        resourceType: 'Patient',
        id: hpId,
        identifier: [{ system: 'urn:oid:2.16.578.1.12.4.1.4.1', value: fnr }],
        name: [{ use: 'official', family, given: [given] }],
        gender: female ? 'female' : 'male',
        birthDate,
      }) + '\n',
    );
    await write(
      profil,
      `  <klient klientnr="${pad(100000 + p, 6)}" fnr="${fnr}" etternavn="${xmlEscape(family)}" fornavn="${xmlEscape(given)}" fodt="${birthDate}" kjonn="${female ? 'K' : 'M'}" opprettet="${birthDate}">\n    <journal>\n`,
    );
    const migrate = async (
      system: 'gerica' | 'profil',
      legacyId: string,
      date: string,
      type: string,
      service: string,
      body: string,
      // The original's author, as the migration carries it over: a copy that names another author
      // than its original is a change of the note when the original comes (review s38).
      by: { name: string; hpr: string | null },
    ) => {
      s.migratedCopies++;
      await write(
        hpDocs,
        JSON.stringify({
          resourceType: 'DocumentReference',
          id: `dr-gen${pad(docId++, 8)}`,
          meta: { versionId: '1', tag: [{ system: 'urn:example:migrering', code: system }] },
          identifier: [{ system: `urn:example:migrering:${system}`, value: legacyId }],
          status: 'current',
          docStatus: 'final',
          type: { text: type },
          category: [{ text: service }],
          author: [
            {
              display: by.name,
              ...(by.hpr ? { identifier: { system: 'urn:oid:2.16.578.1.12.4.1.4.4', value: by.hpr } } : {}),
            },
          ],
          subject: { reference: `Patient/${hpId}` },
          date,
          content: [
            {
              attachment: {
                contentType: 'text/plain; charset=utf-8',
                data: Buffer.from(body.replace(/\r\n/g, '\n'), 'utf8').toString('base64'),
              },
            },
          ],
        }) + '\n',
      );
    };
    for (let n = 0; n < o.notesPerPatient; n++) {
      const y = Math.min(2022, year + 1 + Math.floor(r() * 70));
      const date = `${pad(1 + Math.floor(r() * 28))}.${pad(1 + Math.floor(r() * 12))}.${y}`;
      const time = `${pad(7 + Math.floor(r() * 14))}:${pad(Math.floor(r() * 60))}`;
      const [hpr, author] = pick(AUTHORS);
      const body = text();
      const id = String(notatId++);
      await write(
        gerica,
        Buffer.from(
          [
            id,
            pad(10000 + p, 5),
            fnr,
            `${family}, ${given}`,
            date,
            time,
            'Hjemmesykepleie',
            'Journalnotat',
            hpr,
            author,
            csvField(body),
          ].join(';') + '\r\n',
          'latin1',
        ),
      );
      s.gericaNotes++;
      const [dd, mm, yyyy] = date.split('.');
      if (r() < migratedShare)
        await migrate(
          'gerica',
          id,
          osloLocalToIso(`${yyyy}-${mm}-${dd}`, time)!,
          'Journalnotat',
          'Hjemmesykepleie',
          body,
          { name: author, hpr: hpr || null },
        );

      const pd = `${Math.min(2022, year + 1 + Math.floor(r() * 20))}-${pad(1 + Math.floor(r() * 12))}-${pad(1 + Math.floor(r() * 28))}`;
      const pt = `${pad(8 + Math.floor(r() * 8))}:${pad(Math.floor(r() * 60))}`;
      const pbody = text().replace(/\r\n/g, '\n');
      const pid = String(profilId++);
      await write(
        profil,
        `      <notat id="${pid}" dato="${pd}T${pt}" type="Helsesamtale" tjeneste="Skolehelsetjenesten ungdomsskole" forfatter="Berit Hoel">${xmlEscape(pbody)}</notat>\n`,
      );
      s.profilNotes++;
      if (r() < migratedShare)
        await migrate(
          'profil',
          pid,
          osloLocalToIso(pd, pt)!,
          'Helsesamtale',
          'Skolehelsetjenesten ungdomsskole',
          pbody,
          { name: 'Berit Hoel', hpr: null },
        );

      if (n % 2 === 0) {
        await write(
          hpDocs,
          JSON.stringify({
            resourceType: 'DocumentReference',
            id: `dr-gen${pad(docId++, 8)}`,
            meta: { versionId: '1' },
            status: 'current',
            docStatus: 'final',
            type: { text: 'Journalnotat' },
            category: [{ text: 'Hjemmesykepleie' }],
            subject: { reference: `Patient/${hpId}` },
            date: osloLocalToIso(`2023-${pad(1 + (n % 12))}-${pad(1 + (p % 28))}`, '10:15')!,
            content: [
              {
                attachment: {
                  contentType: 'text/plain; charset=utf-8',
                  data: Buffer.from(text().replace(/\r\n/g, '\n'), 'utf8').toString('base64'),
                },
              },
            ],
          }) + '\n',
        );
        s.hpNotes++;
      }
    }
    await write(profil, '    </journal>\n  </klient>\n');
  }
  if (o.defects) {
    const fnr = makeSyntheticNationalId('1950-01-01', 3, true);
    const bad = [
      Buffer.concat([
        Buffer.from(
          `3999001;19001;${fnr};Lie, Kari;01.02.2020;10:00;Hjemmesykepleie;Journalnotat;;Kari;"`,
          'latin1',
        ),
        Buffer.from('Morgenbesøk', 'utf8'),
        Buffer.from('."\r\n', 'latin1'),
      ]),
      Buffer.from(
        `3999002;19001;${fnr};Lie, Kari;31.02.2020;10:00;Hjemmesykepleie;Journalnotat;;Kari;"Etterregistrert."\r\n`,
        'latin1',
      ),
      Buffer.from(
        `3999003;19001;${fnr};Lie, Kari;02.02.2020;10:00;Hjemmesykepleie;Journalnotat;;Kari;BT 140/80; puls 70.\r\n`,
        'latin1',
      ),
      Buffer.from(
        `3999004;19001;${fnr.slice(0, 10)}${(Number(fnr[10]) + 1) % 10};Lie, Kari;03.02.2020;10:00;Hjemmesykepleie;Journalnotat;;Kari;"Tekst."\r\n`,
        'latin1',
      ),
      Buffer.from(
        `3999005;19001;${fnr};Lie, Kari;04.02.2020;10:00;Hjemmesykepleie;Journalnotat;;Kari;"Ikke lukket sitat.\r\n`,
        'latin1',
      ),
    ];
    for (const b of bad) await write(gerica, b);
    // A good record after the unclosed quote: it must survive.
    await write(
      gerica,
      Buffer.from(
        `3999006;19001;${fnr};Lie, Kari;05.02.2020;10:00;Hjemmesykepleie;Journalnotat;;Kari;"Kveldsbesøk."\r\n`,
        'latin1',
      ),
    );
    s.gericaNotes++;
    s.defects = bad.length;
  }
  await write(profil, '</profil-eksport>\n');
  await Promise.all([close(gerica), close(profil), close(hpPatients), close(hpDocs)]);
  s.distinctNotes = s.gericaNotes + s.profilNotes + s.hpNotes;
  return s;
}

/**
 * A generated dataset's patients and journal notes as the three systems export them
 * (`gerica/`, `profil/`, `helseplattformen/` under `dir`), for the importers to read:
 * each note in the system its `sourceSystem` names, under its `sourceId`. Every patient
 * is in Helseplattformen's Patient export; Gerica and Profil hold those with notes there.
 */
export function writeDatasetExports(
  dir: string,
  ds: { patients: Dataset['patients']; journalEntries: Dataset['journalEntries'] },
): void {
  for (const d of ['gerica', 'profil', 'helseplattformen']) mkdirSync(join(dir, d), { recursive: true });
  // Notes carry their Oslo local time with its offset: `YYYY-MM-DDTHH:MM…+hh:mm`.
  const local = (iso: string) => ({ date: iso.slice(0, 10), time: iso.slice(11, 16) });
  const gerica = [
    'NotatID;PasientID;Fodselsnr;Navn;Dato;Klokkeslett;Tjeneste;Notattype;ForfatterHPR;ForfatterNavn;Tekst',
  ];
  let profil =
    '<?xml version="1.0" encoding="UTF-8"?>\n<profil-eksport versjon="4.2" eksportert="2025-01-01T03:15:00" kommunenr="5001" system="Profil">\n';
  const hpPatients: string[] = [];
  const hpDocs: string[] = [];
  ds.patients.forEach((p, i) => {
    const notes = ds.journalEntries.filter((e) => e.patientId === p.id);
    const female = p.nationalId ? Number(p.nationalId[8]) % 2 === 0 : null;
    hpPatients.push(
      JSON.stringify({
        resourceType: 'Patient',
        id: p.id,
        identifier: p.nationalId ? [{ system: 'urn:oid:2.16.578.1.12.4.1.4.1', value: p.nationalId }] : [],
        name: [{ use: 'official', family: p.familyName, given: [p.givenName] }],
        ...(female === null ? {} : { gender: female ? 'female' : 'male' }),
        birthDate: p.birthDate,
      }),
    );
    const profilNotes = notes.filter((e) => e.sourceSystem === 'PROFIL');
    if (profilNotes.length) {
      profil += `  <klient klientnr="${pad(100000 + i, 6)}" fnr="${p.nationalId ?? ''}" etternavn="${xmlEscape(p.familyName)}" fornavn="${xmlEscape(p.givenName)}" fodt="${p.birthDate}" kjonn="${female ? 'K' : 'M'}" opprettet="${p.birthDate}">\n    <journal>\n`;
      for (const e of profilNotes) {
        const { date, time } = local(e.writtenAt);
        profil += `      <notat id="${e.sourceId}" dato="${date}T${time}" type="${xmlEscape(e.type)}" tjeneste="Skolehelsetjenesten" forfatter="${xmlEscape(e.authorName ?? 'Ukjent')}">${xmlEscape(e.text)}</notat>\n`;
      }
      profil += '    </journal>\n  </klient>\n';
    }
    for (const e of notes.filter((e) => e.sourceSystem === 'GERICA')) {
      const { date, time } = local(e.writtenAt);
      gerica.push(
        [
          e.sourceId,
          pad(10000 + i, 5),
          p.nationalId ?? '',
          `${p.familyName}, ${p.givenName}`,
          `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`,
          time,
          'Hjemmesykepleie',
          e.type,
          '',
          e.authorName ?? '',
          e.text,
        ]
          .map(csvField)
          .join(';'),
      );
    }
    for (const e of notes.filter((e) => e.sourceSystem === 'HELSEPLATTFORMEN')) {
      hpDocs.push(
        JSON.stringify({
          resourceType: 'DocumentReference',
          id: e.sourceId,
          meta: { versionId: '1' },
          status: 'current',
          docStatus: 'final',
          type: { text: e.type },
          category: [{ text: 'Helsestasjon' }],
          subject: { reference: `Patient/${p.id}` },
          date: e.writtenAt,
          ...(e.authorName ? { author: [{ display: e.authorName }] } : {}),
          content: [
            {
              attachment: {
                contentType: 'text/plain; charset=utf-8',
                data: Buffer.from(e.text, 'utf8').toString('base64'),
              },
            },
          ],
        }),
      );
    }
  });
  writeFileSync(
    join(dir, 'gerica', 'journalnotater.csv'),
    Buffer.from(gerica.join('\r\n') + '\r\n', 'latin1'),
  );
  writeFileSync(join(dir, 'profil', 'profil-eksport.xml'), profil + '</profil-eksport>\n');
  writeFileSync(join(dir, 'helseplattformen', 'Patient.ndjson'), hpPatients.join('\n') + '\n');
  writeFileSync(join(dir, 'helseplattformen', 'DocumentReference.ndjson'), hpDocs.join('\n') + '\n');
}
