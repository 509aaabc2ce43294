/**
 * Deposit extract (arkivuttrekk) of one arkivdel: arkivstruktur.xml, endringslogg.xml,
 * loependeJournal.xml, offentligJournal.xml, arkivuttrekk.xml (ADDML with the SHA-256 of
 * every other XML and schema file), the schemas (when a schema folder is available) and
 * DOKUMENT/. Every record is written, whatever its status ("Utgår" included).
 *
 * Korrespondansepart in the two journals: loependeJournal.xsd and offentligJournal.xsd (Noark 5
 * v5.0) require at least one per journalpost, where arkivstruktur.xsd has it optional (its
 * change note 12.4: "Fjernet korrespondansepart som obligatorisk element under journalpost"). A
 * journalpost of an organinternal type (Noark 5 M082 journalposttype "Organinternt dokument for
 * oppfølging" N, "Organinternt dokument uten oppfølging" X, "Saksframlegg" S) may be registered
 * with none: the journals then name its author as M087 korrespondanseparttype "Intern
 * avsender" (the journalpost's forfatter, else the case's saksansvarlig, the saksbehandler),
 * as Noark 5 practice registers an internal note; arkivstruktur.xml is written as stored. An
 * incoming or outgoing document (I, U) with no korrespondansepart has an external sender or
 * recipient that is not registered, and none is made up: the export is refused before anything
 * is written, naming those journalposter (`journalCorrespondents`).
 */
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Db } from '../../../lib/db';
import { log } from '../../../lib/log';
import {
  correspondentScreened,
  journalLines,
  nameScreening,
  publicKlasse,
  publishable,
  PUBLISHABLE_STATUSES,
  render,
  SCREENED,
  type JournalLine,
} from '../postjournal';
import {
  ARKIVSTRUKTUR_NS,
  CHILDREN,
  COLUMNS,
  COMPLEX_ORDER,
  ENTITY_ORDER,
  SCREEN,
  XSI_NS,
  type Complex,
  type EntityKind,
  type Fields,
} from './model';

export class ExportError extends Error {}

const ELEMENT: Record<EntityKind, { name: string; type?: string }> = {
  arkiv: { name: 'arkiv' },
  arkivdel: { name: 'arkivdel' },
  klassifikasjonssystem: { name: 'klassifikasjonssystem' },
  klasse: { name: 'klasse' },
  saksmappe: { name: 'mappe', type: 'saksmappe' },
  journalpost: { name: 'registrering', type: 'journalpost' },
  dokumentbeskrivelse: { name: 'dokumentbeskrivelse' },
  dokumentobjekt: { name: 'dokumentobjekt' },
};

export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

type Row = Record<string, unknown> & { fields: Fields; complex: Complex };

function leaf(name: string, value: string, pad: string): string {
  return `${pad}<${name}>${xmlEscape(value)}</${name}>\n`;
}

function renderComplex(name: string, f: Fields, pad: string): string {
  let out = `${pad}<${name}>\n`;
  for (const el of COMPLEX_ORDER[name]!) for (const v of f[el] ?? []) out += leaf(el, v, pad + '  ');
  return out + `${pad}</${name}>\n`;
}

/** One entity in schema order; `children` is the already rendered XML of its child entities. */
export function renderEntity(kind: EntityKind, row: Row, pad: string, children = '', rootAttrs = ''): string {
  const { name, type } = ELEMENT[kind];
  const byElement = new Map(Object.entries(COLUMNS[kind]));
  let out = `${pad}<${name}${type ? ` xsi:type="${type}"` : ''}${rootAttrs}>\n`;
  const inner = pad + '  ';
  for (const el of ENTITY_ORDER[kind]) {
    if (el === CHILDREN) {
      out += children;
    } else if (COMPLEX_ORDER[el]) {
      for (const c of row.complex[el] ?? []) out += renderComplex(el, c, inner);
    } else if (byElement.has(el)) {
      const v = row[byElement.get(el)!];
      if (v !== null && v !== undefined) out += leaf(el, String(v), inner);
    } else {
      for (const v of row.fields[el] ?? []) out += leaf(el, v, inner);
    }
  }
  return out + `${pad}</${name}>\n`;
}

function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    let l = m.get(k);
    if (!l) m.set(k, (l = []));
    l.push(r);
  }
  return m;
}

export interface ExportSummary {
  folder: string;
  arkivdelId: string;
  saksmapper: number;
  journalposter: number;
  documents: number;
  endringer: number;
  files: { name: string; sha256: string }[];
}

export interface ExportOptions {
  /** Folder with the Noark 5 deposit schemas (arkivstruktur.xsd, metadatakatalog.xsd, ..., addml-8.3/addml.xsd); copied into the package. */
  schemaDir?: string;
}

export const SCHEMA_FILES = [
  'arkivstruktur.xsd',
  'metadatakatalog.xsd',
  'endringslogg.xsd',
  'loependeJournal.xsd',
  'offentligJournal.xsd',
];

async function writeArkivstruktur(
  db: Db,
  path: string,
  arkivdel: Row,
  docs: { ref: string; content: Buffer }[],
  flushDocs: (docs: { ref: string; content: Buffer }[]) => Promise<void>,
): Promise<{ mapper: number; journalposter: number }> {
  const arkiv = (await db.query<Row>('SELECT * FROM archive.arkiv WHERE id = $1', [arkivdel.arkiv_id]))
    .rows[0]!;
  const systems = (
    await db.query<Row>(
      'SELECT * FROM archive.klassifikasjonssystem WHERE arkivdel_id = $1 ORDER BY ordinal, id',
      [arkivdel.id],
    )
  ).rows;
  const klasser = (
    await db.query<Row>(
      'SELECT * FROM archive.klasse WHERE klassifikasjonssystem_id = ANY($1::text[]) ORDER BY ordinal, id',
      [systems.map((s) => s.id)],
    )
  ).rows;
  const out = createWriteStream(path, { encoding: 'utf8' });
  let failed: Error | null = null;
  out.on('error', (err) => {
    failed = err;
  });
  const write = async (s: string) => {
    if (failed) throw failed;
    if (!out.write(s)) await new Promise<void>((res) => out.once('drain', res));
  };
  let mapper = 0;
  let journalposter = 0;
  await write(`<?xml version="1.0" encoding="UTF-8"?>\n`);
  // arkiv: its leaves and arkivskaper, then this arkivdel only.
  const arkivXml = renderEntity(
    'arkiv',
    arkiv,
    '',
    '\u0000',
    ` xmlns="${ARKIVSTRUKTUR_NS}" xmlns:xsi="${XSI_NS}" xsi:schemaLocation="${ARKIVSTRUKTUR_NS} arkivstruktur.xsd"`,
  );
  const [head, tail] = arkivXml.split('\u0000') as [string, string];
  const arkivdelXml = renderEntity('arkivdel', arkivdel, '  ', '\u0000');
  const [dhead, dtail] = arkivdelXml.split('\u0000') as [string, string];
  await write(head + dhead);

  const klasseByParent = groupBy(klasser, (k) =>
    String(k.parent_klasse_id ?? `sys:${k.klassifikasjonssystem_id}`),
  );
  const renderKlasse = async (k: Row, pad: string): Promise<void> => {
    const kXml = renderEntity('klasse', k, pad, '\u0000');
    const [kh, kt] = kXml.split('\u0000') as [string, string];
    await write(kh);
    for (const sub of klasseByParent.get(String(k.id)) ?? []) await renderKlasse(sub, pad + '  ');
    const allIds = (
      await db.query<{ id: string }>(
        'SELECT id FROM archive.saksmappe WHERE klasse_ref = $1 ORDER BY ordinal, mappe_id',
        [k.id],
      )
    ).rows.map((r) => r.id);
    // A chunk of cases at a time, so memory stays flat however large the arkivdel is.
    for (let c = 0; c < allIds.length; c += 200) {
      const chunk = allIds.slice(c, c + 200);
      const unordered = (
        await db.query<Row>('SELECT * FROM archive.saksmappe WHERE id = ANY($1::text[])', [chunk])
      ).rows;
      const saker = chunk.map((id) => unordered.find((r) => r.id === id)!);
      const ids = saker.map((s) => s.id);
      const parts = groupBy(
        (
          await db.query<Row & { saksmappe_id: string }>(
            'SELECT * FROM archive.part WHERE saksmappe_id = ANY($1::text[]) ORDER BY ordinal',
            [ids],
          )
        ).rows,
        (p) => p.saksmappe_id,
      );
      const jps = (
        await db.query<Row & { saksmappe_id: string }>(
          'SELECT * FROM archive.journalpost WHERE saksmappe_id = ANY($1::text[]) ORDER BY ordinal, journalpostnummer',
          [ids],
        )
      ).rows;
      const dbs = (
        await db.query<Row & { journalpost_id: string }>(
          'SELECT * FROM archive.dokumentbeskrivelse WHERE journalpost_id = ANY($1::text[]) ORDER BY ordinal, dokumentnummer',
          [jps.map((j) => j.id)],
        )
      ).rows;
      const objs = (
        await db.query<Row & { dokumentbeskrivelse_id: string; content: Buffer | null }>(
          'SELECT * FROM archive.dokumentobjekt WHERE dokumentbeskrivelse_id = ANY($1::text[]) ORDER BY ordinal, id',
          [dbs.map((d) => d.id)],
        )
      ).rows;
      const missing = objs.filter((o) => !o.content);
      if (missing.length) {
        throw new ExportError(
          `${missing.length} document(s) in saksmappe(s) of klasse ${k.klasse_id} have no verified content (quarantined at import): ` +
            missing.map((o) => o.referanse_dokumentfil).join(', '),
        );
      }
      const jpBySak = groupBy(jps, (j) => j.saksmappe_id);
      const dbByJp = groupBy(dbs, (d) => d.journalpost_id);
      const objByDb = groupBy(objs, (o) => o.dokumentbeskrivelse_id);
      for (const s of saker) {
        const jpXml = (jpBySak.get(String(s.id)) ?? [])
          .map((j) => {
            journalposter++;
            const dXml = (dbByJp.get(String(j.id)) ?? [])
              .map((d) => {
                const oXml = (objByDb.get(String(d.id)) ?? [])
                  .map((o) => {
                    docs.push({ ref: String(o.referanse_dokumentfil), content: o.content! });
                    return renderEntity('dokumentobjekt', o, pad + '        ');
                  })
                  .join('');
                for (const o of objByDb.get(String(d.id)) ?? []) o.content = null;
                return renderEntity('dokumentbeskrivelse', d, pad + '      ', oXml);
              })
              .join('');
            return renderEntity('journalpost', j, pad + '    ', dXml);
          })
          .join('');
        const partRows = (parts.get(String(s.id)) ?? []).map((p) => ({
          ...(p.fields as Fields),
          ...(p.part_id ? { partID: [String(p.part_id)] } : {}),
          partNavn: [String(p.part_navn)],
          partRolle: [String(p.part_rolle)],
        }));
        const sakRow: Row = {
          ...s,
          complex: { ...s.complex, ...(partRows.length ? { part: partRows } : {}) },
        };
        await write(renderEntity('saksmappe', sakRow, pad + '  ', jpXml));
        mapper++;
      }
      await flushDocs(docs);
    }
    await write(kt);
  };
  for (const sys of systems) {
    const sXml = renderEntity('klassifikasjonssystem', sys, '    ', '\u0000');
    const [sh, st] = sXml.split('\u0000') as [string, string];
    await write(sh);
    for (const k of klasseByParent.get(`sys:${sys.id}`) ?? []) await renderKlasse(k, '      ');
    await write(st);
  }
  await write(dtail + tail);
  await new Promise<void>((res, rej) => out.end((err?: Error | null) => (err ? rej(err) : res())));
  return { mapper, journalposter };
}

/** Noark 5 M082 journalposttype of documents made inside the body (code and full text). */
const INTERNAL_JOURNALPOST_TYPES: ReadonlySet<string> = new Set([
  'N',
  'X',
  'S',
  'Organinternt dokument for oppfølging',
  'Organinternt dokument uten oppfølging',
  'Saksframlegg',
]);

/** Noark 5 M087 korrespondanseparttype of the author of an internal document. */
export const INTERNAL_SENDER = 'Intern avsender';

/**
 * The korrespondanseparter the journals write for a journal line (see the header): those
 * registered; for an internal document with none, its author as "Intern avsender"; null when
 * there is none to write (an incoming or outgoing document without one, or an internal one
 * whose author is not known).
 */
export function journalCorrespondents(l: JournalLine): { type: string; name: string }[] | null {
  if (l.korrespondanseparter.length) return l.korrespondanseparter;
  if (!INTERNAL_JOURNALPOST_TYPES.has(l.journalposttype.trim())) return null;
  const author = [l.forfatter, l.saksansvarlig].find((n) => n && n.trim());
  return author ? [{ type: INTERNAL_SENDER, name: author.trim() }] : null;
}

function journalXml(
  rootName: 'loependeJournal' | 'offentligJournal',
  lines: JournalLine[],
  arkivskapere: Fields[],
): string {
  const ns = `http://www.arkivverket.no/standarder/noark5/${rootName}`;
  const pub = rootName === 'offentligJournal';
  const dates = lines.map((l) => l.journaldato).sort();
  let x = `<?xml version="1.0" encoding="UTF-8"?>\n<${rootName} xmlns="${ns}" xmlns:xsi="${XSI_NS}" xsi:schemaLocation="${ns} ${rootName}.xsd">\n`;
  x += '  <journalhode>\n';
  x +=
    leaf('journalStartDato', dates[0]!, '    ') + leaf('journalSluttDato', dates[dates.length - 1]!, '    ');
  x += leaf('antallJournalposter', String(lines.length), '    ');
  for (const a of arkivskapere) {
    x += '    <arkivskaper>\n';
    x +=
      leaf('arkivskaperID', a.arkivskaperID?.[0] ?? '', '      ') +
      leaf('arkivskaperNavn', a.arkivskaperNavn?.[0] ?? '', '      ');
    if (a.beskrivelse?.[0]) x += leaf('beskrivelse', a.beskrivelse[0], '      ');
    x += '    </arkivskaper>\n';
  }
  x += '  </journalhode>\n';
  for (const l of lines) {
    const r = render(l, pub ? 'public' : 'full');
    const p = '      ';
    x += '  <journalregistrering>\n';
    // The public journal names a klasse as its screening allows (postjournal.ts publicKlasse).
    const klasse = pub
      ? publicKlasse(l)
      : l.klasseId
        ? { klasseId: l.klasseId, tittel: l.klasseTittel ?? '' }
        : null;
    if (klasse)
      x += `    <klasse>\n${leaf('klasseID', klasse.klasseId, p)}${leaf('tittel', klasse.tittel, p)}    </klasse>\n`;
    x +=
      '    <saksmappe>\n' +
      leaf('mappeID', l.mappeId, p) +
      leaf('saksaar', String(l.saksaar), p) +
      leaf('sakssekvensnummer', String(l.sakssekvensnummer), p);
    if (pub) {
      x += leaf('offentligTittel', r.saksTittel, p);
    } else {
      x += leaf('tittel', l.saksTittel, p);
      if (l.saksOffentligTittel) x += leaf('offentligTittel', l.saksOffentligTittel, p);
      const m =
        l.saksSkjerming?.metadata.find((v) => v === SCREEN.mappeTitle) ?? l.saksSkjerming?.metadata[0];
      if (m) x += leaf('skjermingMetadata', m, p);
    }
    if (l.administrativEnhet) x += leaf('administrativEnhet', l.administrativEnhet, p);
    if (l.saksansvarlig) x += leaf('saksansvarlig', l.saksansvarlig, p);
    if (pub && l.saksSkjerming) {
      if (l.saksSkjerming.tilgangsrestriksjon)
        x += leaf('tilgangsrestriksjon', l.saksSkjerming.tilgangsrestriksjon, p);
      if (l.saksSkjerming.skjermingshjemmel)
        x += leaf('skjermingshjemmel', l.saksSkjerming.skjermingshjemmel, p);
    }
    x += '    </saksmappe>\n    <journalpost>\n';
    x += leaf('systemID', l.journalpostId, p);
    if (l.registreringsId) x += leaf('registreringsID', l.registreringsId, p);
    x +=
      leaf('journalaar', String(l.journalaar), p) +
      leaf('journalsekvensnummer', String(l.journalsekvensnummer), p) +
      leaf('journalpostnummer', String(l.journalpostnummer), p);
    if (pub) {
      x += leaf('offentligTittel', r.tittel, p);
    } else {
      x += leaf('tittel', l.tittel, p);
      if (l.offentligTittel) x += leaf('offentligTittel', l.offentligTittel, p);
    }
    const jm = l.skjerming?.metadata.find((v) => v === SCREEN.registreringTitle) ?? l.skjerming?.metadata[0];
    if (jm) x += leaf('skjermingMetadata', jm, p);
    x += leaf('journaldato', l.journaldato, p);
    if (l.dokumentetsDato) x += leaf('dokumentetsDato', l.dokumentetsDato, p);
    if (!pub && l.journalenhet) x += leaf('journalenhet', l.journalenhet, p);
    if (l.skjerming?.tilgangsrestriksjon)
      x += leaf('tilgangsrestriksjon', l.skjerming.tilgangsrestriksjon, p);
    if (l.skjerming?.skjermingshjemmel) x += leaf('skjermingshjemmel', l.skjerming.skjermingshjemmel, p);
    for (const k of journalCorrespondents(l) ?? []) {
      const hidden = correspondentScreened(l, k);
      x += '      <korrespondansepart>\n' + leaf('korrespondanseparttype', k.type, p + '  ');
      // The schema requires a name; the public journal writes the screening mark instead of it.
      x += leaf('korrespondansepartNavn', pub && hidden ? SCREENED : k.name, p + '  ');
      if (!pub && hidden)
        x += leaf(
          'skjermingMetadata',
          nameScreening(k.type, l.skjerming) ??
            nameScreening(k.type, l.saksSkjerming) ??
            (k.type.trim() === 'Avsender' ? SCREEN.senderName : SCREEN.recipientName),
          p + '  ',
        );
      x += '      </korrespondansepart>\n';
    }
    x += '    </journalpost>\n  </journalregistrering>\n';
  }
  return x + `</${rootName}>\n`;
}

async function endringsloggXml(db: Db, arkivdelId: string): Promise<{ xml: string; count: number }> {
  // Changes to any entity of this arkivdel (the log references entities by systemID).
  const { rows } = await db.query<{
    referanse_arkivenhet: string;
    referanse_metadata: string;
    endret_dato: string;
    endret_av: string;
    tidligere_verdi: string;
    ny_verdi: string;
  }>(
    `WITH RECURSIVE kl AS (
       SELECT k.id FROM archive.klasse k JOIN archive.klassifikasjonssystem s ON s.id = k.klassifikasjonssystem_id WHERE s.arkivdel_id = $1),
     ids AS (
       SELECT id FROM kl
       UNION SELECT sm.id FROM archive.saksmappe sm WHERE sm.klasse_ref IN (SELECT id FROM kl)
       UNION SELECT j.id FROM archive.journalpost j JOIN archive.saksmappe sm ON sm.id = j.saksmappe_id WHERE sm.klasse_ref IN (SELECT id FROM kl)
       UNION SELECT $1)
     SELECT e.* FROM archive.endringslogg e WHERE e.referanse_arkivenhet IN (SELECT id FROM ids) ORDER BY e.endret_dato, e.id`,
    [arkivdelId],
  );
  const ns = 'http://www.arkivverket.no/standarder/noark5/endringslogg';
  let x = `<?xml version="1.0" encoding="UTF-8"?>\n<endringslogg xmlns="${ns}" xmlns:xsi="${XSI_NS}" xsi:schemaLocation="${ns} endringslogg.xsd">\n`;
  for (const r of rows) {
    x +=
      '  <endring>\n' +
      leaf('referanseArkivenhet', r.referanse_arkivenhet, '    ') +
      leaf('referanseMetadata', r.referanse_metadata, '    ') +
      leaf('endretDato', r.endret_dato, '    ') +
      leaf('endretAv', r.endret_av, '    ') +
      leaf('tidligereVerdi', r.tidligere_verdi, '    ') +
      leaf('nyVerdi', r.ny_verdi, '    ') +
      '  </endring>\n';
  }
  return { xml: x + '</endringslogg>\n', count: rows.length };
}

function prop(name: string, value: string | null, inner = '', pad = ''): string {
  return `${pad}<property name="${xmlEscape(name)}">${value !== null ? `<value>${xmlEscape(value)}</value>` : ''}${inner ? `<properties>${inner}</properties>` : ''}</property>`;
}

function fileProps(name: string, type: string, sum: string, extra = ''): string {
  return prop(
    'file',
    null,
    prop('name', name) +
      prop('format', name.endsWith('.xsd') ? 'XML Schema' : 'XML') +
      prop('type', type) +
      prop('typeVersion', '5.0') +
      prop('checksum', null, prop('algorithm', 'SHA256') + prop('value', sum)) +
      extra,
  );
}

function addmlXml(a: {
  arkivskapere: Fields[];
  arkivdel: Row;
  files: { name: string; sha256: string; type: string }[];
  counts: Record<string, number>;
  exportedAt: string;
}): string {
  const creators = a.arkivskapere
    .map(
      (c) =>
        `<additionalElement name="recordCreator"><properties>${prop('name', c.arkivskaperNavn?.[0] ?? '')}${prop('id', c.arkivskaperID?.[0] ?? '')}</properties></additionalElement>`,
    )
    .join('');
  const start = a.arkivdel.fields.arkivperiodeStartDato?.[0];
  const end = a.arkivdel.fields.arkivperiodeSluttDato?.[0];
  const objects = a.files
    .map(
      (f) =>
        `<dataObject name="${xmlEscape(f.name)}"><properties>${fileProps(f.name, f.type, f.sha256)}</properties></dataObject>`,
    )
    .join('\n        ');
  const counts = Object.entries(a.counts)
    .map(([k, v]) => prop(k, String(v)))
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<addml xmlns="http://www.arkivverket.no/standarder/addml" xmlns:xsi="${XSI_NS}" xsi:schemaLocation="http://www.arkivverket.no/standarder/addml addml.xsd" name="Noark 5 arkivuttrekk">
  <dataset name="${xmlEscape(String(a.arkivdel.tittel))}">
    <description>Noark 5 arkivuttrekk av arkivdel ${xmlEscape(String(a.arkivdel.id))}, produsert ${xmlEscape(a.exportedAt)}</description>
    <reference>
      <context>
        <additionalElements>
          <additionalElement name="recordCreators"><additionalElements>${creators}</additionalElements></additionalElement>
          <additionalElement name="systemType"><value>Noark 5</value></additionalElement>
          <additionalElement name="systemName"><value>Helsespor</value></additionalElement>
          <additionalElement name="extractionDate"><value>${xmlEscape(a.exportedAt)}</value></additionalElement>
        </additionalElements>
      </context>
      <content>
        <additionalElements>
          <additionalElement name="archivalPeriod"><properties>${prop('startDate', start ?? '')}${prop('endDate', end ?? '')}</properties></additionalElement>
          <additionalElement name="numberOfOccurrences"><properties>${counts}</properties></additionalElement>
        </additionalElements>
      </content>
    </reference>
    <dataObjects>
      <dataObject name="Noark 5 arkivuttrekk">
        <dataObjects>
        ${objects}
        </dataObjects>
      </dataObject>
    </dataObjects>
  </dataset>
</addml>
`;
}

/** Writes the deposit package of one arkivdel (by systemID or title) into `folder` (created; must be empty). */
export async function exportNoark(
  db: Db,
  arkivdelRef: string,
  folder: string,
  opts: ExportOptions = {},
): Promise<ExportSummary> {
  const matches = (
    await db.query<Row>('SELECT * FROM archive.arkivdel WHERE id = $1 OR tittel = $1', [arkivdelRef])
  ).rows;
  if (matches.length === 0) throw new ExportError(`no arkivdel with systemID or title "${arkivdelRef}"`);
  if (matches.length > 1)
    throw new ExportError(`"${arkivdelRef}" matches ${matches.length} arkivdeler; give the systemID`);
  const arkivdel = matches[0]!;
  const quarantined = (
    await db.query<{ referanse_dokumentfil: string }>(
      `SELECT o.referanse_dokumentfil FROM archive.dokumentobjekt o
       JOIN archive.dokumentbeskrivelse b ON b.id = o.dokumentbeskrivelse_id
       JOIN archive.journalpost j ON j.id = b.journalpost_id
       JOIN archive.saksmappe s ON s.id = j.saksmappe_id
       JOIN archive.klasse k ON k.id = s.klasse_ref
       JOIN archive.klassifikasjonssystem ks ON ks.id = k.klassifikasjonssystem_id
      WHERE ks.arkivdel_id = $1 AND o.content IS NULL ORDER BY 1`,
      [arkivdel.id],
    )
  ).rows;
  if (quarantined.length) {
    throw new ExportError(
      `${quarantined.length} document(s) of arkivdel ${arkivdel.id} have no verified content (quarantined at import): ` +
        quarantined.map((q) => q.referanse_dokumentfil).join(', '),
    );
  }
  // The two journals need at least one journalregistrering each (loependeJournal.xsd,
  // offentligJournal.xsd): checked before anything is written, so a refused export leaves no
  // half-written package behind.
  const lines = await journalLines(db, { arkivdelId: String(arkivdel.id) });
  if (lines.length === 0)
    throw new ExportError(
      `arkivdel ${arkivdel.id} has no journalposter: the journals of a deposit need at least one`,
    );
  const unnamed = lines.filter((l) => !journalCorrespondents(l));
  if (unnamed.length)
    throw new ExportError(
      `${unnamed.length} journalpost(er) of arkivdel ${arkivdel.id} have no korrespondansepart, which ` +
        'loependeJournal.xsd and offentligJournal.xsd require for each journalpost: ' +
        unnamed
          .map(
            (l) => `${l.registreringsId ?? l.journalpostId} (${l.journalposttype || 'no journalposttype'})`,
          )
          .join(', ') +
        '. Register the sender or recipient of an incoming or outgoing document; an internal document ' +
        '(Organinternt dokument, Saksframlegg) is written with its forfatter or the saksansvarlig as Intern avsender',
    );
  const publicLines = lines.filter((l) => publishable(l.journalstatus));
  if (publicLines.length === 0)
    throw new ExportError(
      `arkivdel ${arkivdel.id} has no journalpost whose journalstatus allows the public journal ` +
        `(${[...PUBLISHABLE_STATUSES].join(', ')}): offentligJournal.xml needs at least one`,
    );
  const dir = resolve(folder);
  if (existsSync(dir) && readdirSync(dir).length > 0)
    throw new ExportError(`${folder} is not empty; export into a new folder`);
  mkdirSync(dir, { recursive: true });

  const docs: { ref: string; content: Buffer }[] = [];
  let documents = 0;
  // Document files are written as each chunk of cases is done, then let go.
  const flushDocs = async (pending: { ref: string; content: Buffer }[]) => {
    for (const d of pending.splice(0)) {
      const target = resolve(dir, d.ref);
      if (!target.startsWith(dir + sep))
        throw new ExportError(`referanseDokumentfil ${d.ref} points outside the package`);
      mkdirSync(dirname(target), { recursive: true });
      await writeFile(target, d.content);
      documents++;
    }
  };
  const { mapper, journalposter } = await writeArkivstruktur(
    db,
    join(dir, 'arkivstruktur.xml'),
    arkivdel,
    docs,
    flushDocs,
  );
  const arkiv = (await db.query<Row>('SELECT * FROM archive.arkiv WHERE id = $1', [arkivdel.arkiv_id]))
    .rows[0]!;
  const arkivskapere = arkiv.complex.arkivskaper ?? [];
  await writeFile(join(dir, 'loependeJournal.xml'), journalXml('loependeJournal', lines, arkivskapere));
  // The public journal: only registrations whose journal status allows publication (postjournal.ts).
  await writeFile(
    join(dir, 'offentligJournal.xml'),
    journalXml('offentligJournal', publicLines, arkivskapere),
  );
  const endringslogg = await endringsloggXml(db, String(arkivdel.id));
  await writeFile(join(dir, 'endringslogg.xml'), endringslogg.xml);

  const files: { name: string; sha256: string; type: string }[] = [];
  const add = async (name: string, type: string) =>
    files.push({ name, type, sha256: sha256(await readFile(join(dir, name))) });
  await add('arkivstruktur.xml', 'Noark 5 arkivstruktur');
  await add('endringslogg.xml', 'Noark 5 endringslogg');
  await add('loependeJournal.xml', 'Noark 5 løpende journal');
  await add('offentligJournal.xml', 'Noark 5 offentlig journal');
  if (opts.schemaDir) {
    for (const f of SCHEMA_FILES) {
      const src = join(opts.schemaDir, f);
      if (!existsSync(src)) throw new ExportError(`schema ${src} not found`);
      await copyFile(src, join(dir, f));
      await add(f, 'Noark 5 skjema');
    }
    const addml = join(opts.schemaDir, 'addml-8.3', 'addml.xsd');
    if (existsSync(addml)) {
      await copyFile(addml, join(dir, 'addml.xsd'));
      await add('addml.xsd', 'ADDML skjema');
    }
  }
  await writeFile(
    join(dir, 'arkivuttrekk.xml'),
    addmlXml({
      arkivskapere,
      arkivdel,
      files,
      counts: {
        mappe: mapper,
        registrering: journalposter,
        dokumentobjekt: documents,
        endring: endringslogg.count,
      },
      exportedAt: new Date().toISOString(),
    }),
  );
  log.info({ arkivdel: arkivdel.id, folder: dir, mapper, journalposter, documents }, 'noark export done');
  return {
    folder: dir,
    arkivdelId: String(arkivdel.id),
    saksmapper: mapper,
    journalposter,
    documents,
    endringer: endringslogg.count,
    files: files.map(({ name, sha256: s }) => ({ name, sha256: s })),
  };
}
