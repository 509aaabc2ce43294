/**
 * Review s32 of the case archive (subgraphs/archive): the public postjournal, the deposit's
 * offentligJournal.xml, where an access request is filed, and document text. Each test failed
 * on the code before its fix, for the reason its name gives; real PostgreSQL, the gateway, the
 * Noark 5 schemas in ../shared/standards, and real pdfjs-dist, pdftoppm and Tesseract.
 *
 * The deposit extract is the sakarkiv fixture (a municipality's Noark 5 extract), copied and
 * edited here with values a real sakarkiv holds: the Noark 5 code lists (metadatakatalog M087
 * korrespondanseparttype, M502 skjermingMetadata) name every value used below, and the M502
 * comment says what they mean: "Ved midlertidig skjerming skal alle metadata ovenfor
 * skjermes"; "Skjerming av klasseID … er f.eks. aktuelt når identifikasjonen er et
 * fødselsnummer" (objektbasert klassifikasjon of personal cases).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture } from '../dev/fixtures';
import { imagePdf, textPdf } from '../dev/pdf';
import { gql } from '../dev/services';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { DEFAULT_DOCTEXT } from '../lib/config';
import { AccessRequestInput, registerAccessRequest } from '../subgraphs/archive/access-request';
import { noarkSchemaDir } from '../subgraphs/archive/cli';
import { extractDocument } from '../subgraphs/archive/doctext/extract';
import { PdfTextReader } from '../subgraphs/archive/doctext/pdf-text';
import { exportNoark } from '../subgraphs/archive/noark/export';
import { importNoark } from '../subgraphs/archive/noark/import';
import { validateAgainst } from '../subgraphs/archive/noark/validate';

const scratch = mkdtempSync(join(tmpdir(), 'hs-archive-s32-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `from` replaced by `to`, where `from` occurs exactly once in `text` (so an edit cannot miss). */
function once(text: string, from: string, to: string): string {
  const n = text.split(from).length - 1;
  if (n !== 1) throw new Error(`"${from.slice(0, 80)}" occurs ${n} times`);
  return text.replace(from, () => to);
}

/** `edit` applied to the part of `text` from `start` to the first `end` after it. */
function inBlock(text: string, start: string, end: string, edit: (block: string) => string): string {
  const i = text.indexOf(start);
  const j = text.indexOf(end, i);
  if (i < 0 || j < 0) throw new Error(`no block from "${start}" to "${end}"`);
  const block = text.slice(i, j + end.length);
  const changed = edit(block);
  if (changed === block) throw new Error(`the edit of "${start}" changed nothing`);
  return text.slice(0, i) + changed + text.slice(j + end.length);
}

const ACTIVE_ARKIVDEL = '95819b0d-f950-5cd9-9581-07b71e700251';
const CLOSED_ARKIVDEL = '00000000-0000-5000-8000-000000000001';

/** The previous arkivperiode: closed ("Avsluttet periode"), with the same arkivnøkkel, HO-09 included. */
const CLOSED_PERIOD = `  <arkivdel>
    <systemID>${CLOSED_ARKIVDEL}</systemID>
    <tittel>Sakarkiv 2010–2019</tittel>
    <arkivdelstatus>Avsluttet periode</arkivdelstatus>
    <dokumentmedium>Elektronisk arkiv</dokumentmedium>
    <opprettetDato>2010-01-01T00:00:00+01:00</opprettetDato>
    <opprettetAv>Arkivtjenesten</opprettetAv>
    <avsluttetDato>2019-12-31T23:59:00+01:00</avsluttetDato>
    <avsluttetAv>Arkivtjenesten</avsluttetAv>
    <arkivperiodeStartDato>2010-01-01</arkivperiodeStartDato>
    <arkivperiodeSluttDato>2019-12-31</arkivperiodeSluttDato>
    <klassifikasjonssystem>
      <systemID>00000000-0000-5000-8000-000000000002</systemID>
      <klassifikasjonstype>Funksjonsbasert, hierarkisk</klassifikasjonstype>
      <tittel>Kommunens funksjonsbaserte arkivnøkkel (2010–2019)</tittel>
      <klasse>
        <systemID>00000000-0000-5000-8000-000000000009</systemID>
        <klasseID>HO-09</klasseID>
        <tittel>Innsyn i pasient- og brukerjournal</tittel>
      </klasse>
    </klassifikasjonssystem>
  </arkivdel>
`;

/** The sakarkiv fixture with the screening values and the closed period of the tests below. */
function editedDeposit(): string {
  const dir = join(scratch, 'deposit');
  cpSync(fixture('sakarkiv'), dir, { recursive: true });
  const file = join(dir, 'arkivstruktur.xml');
  let xml = readFileSync(file, 'utf8');
  // 2024/0457 (a request for access after Ingrid Aasen's death, from Per Aasen): temporarily
  // screened, case and journalpost, until its screening is assessed.
  xml = inBlock(xml, '<mappeID>2024/0457</mappeID>', '</mappe>', (b) =>
    b.replace(
      /<skjermingMetadata>[^<]*<\/skjermingMetadata>(\s*<skjermingMetadata>[^<]*<\/skjermingMetadata>)*/g,
      '<skjermingMetadata>Midlertidig skjerming</skjermingMetadata>',
    ),
  );
  // 2023/1234: titles of two lines, the second naming the patient, screened "unntatt første
  // linje" (no offentligTittel: the first line is the public title).
  xml = inBlock(xml, '<mappeID>2023/1234</mappeID>', '</mappe>', (b) => {
    let c = once(
      b,
      '<tittel>Søknad om langtidsopphold – Ingrid Aasen</tittel>\n          <offentligTittel>Søknad om langtidsopphold – *****</offentligTittel>',
      '<tittel>Søknad om langtidsopphold\nIngrid Aasen, Byåsen sykehjem</tittel>',
    );
    c = once(
      c,
      '<skjermingMetadata>Skjerming tittel mappe - utvalgte ord</skjermingMetadata>',
      '<skjermingMetadata>Skjerming tittel mappe - unntatt første linje</skjermingMetadata>',
    );
    c = once(
      c,
      '<skjermingMetadata>Skjerming tittel registrering - utvalgte ord</skjermingMetadata>\n              <skjermingDokument>',
      '<skjermingMetadata>Skjerming tittel registrering - unntatt første linje</skjermingMetadata>\n              <skjermingDokument>',
    );
    // 2023/1234-3 (the complaint from Per Aasen, a party): his name as the sender was written
    // "Etternavn, Fornavn", and its only name screening is the case's "Skjerming navn part i sak".
    c = once(
      c,
      '<korrespondansepartNavn>Per Aasen</korrespondansepartNavn>',
      '<korrespondansepartNavn>Aasen, Per</korrespondansepartNavn>',
    );
    c = c.replace(/\s*<skjermingMetadata>Skjerming navn avsender<\/skjermingMetadata>/g, '');
    return once(
      c,
      '<tittel>Oversendelse av klagesak om langtidsopphold – Ingrid Aasen</tittel>\n            <offentligTittel>Oversendelse av klagesak om langtidsopphold – *****</offentligTittel>',
      '<tittel>Oversendelse av klagesak om langtidsopphold\nIngrid Aasen</tittel>',
    );
  });
  // 2023/1187-2 ("Skjerming navn mottaker"): the decision went to Hanne Vik with a copy to her
  // daughter.
  xml = inBlock(xml, '<registreringsID>2023/1187-2</registreringsID>', '</korrespondansepart>', (b) =>
    b.replace(
      /<\/korrespondansepart>$/,
      `</korrespondansepart>
            <korrespondansepart>
              <korrespondanseparttype>Kopimottaker</korrespondanseparttype>
              <korrespondansepartNavn>Kari Vik</korrespondansepartNavn>
            </korrespondansepart>`,
    ),
  );
  // Object-based classification: Hanne Vik's cases are filed under her fødselsnummer, with
  // her name as the klasse's title, both screened.
  xml = once(
    xml,
    '<klasseID>BO-04</klasseID>\n        <tittel>Startlån og tilskudd</tittel>',
    '<klasseID>21868534602</klasseID>\n        <tittel>Hanne Vik</tittel>',
  );
  xml = once(
    xml,
    '<opprettetAv>Arkivtjenesten</opprettetAv>\n        <mappe xsi:type="saksmappe">\n          <systemID>9272719f',
    `<opprettetAv>Arkivtjenesten</opprettetAv>
        <skjerming>
          <tilgangsrestriksjon>Unntatt offentlighet</tilgangsrestriksjon>
          <skjermingshjemmel>Offl. § 13 jf. fvl. § 13 (1) nr.1</skjermingshjemmel>
          <skjermingMetadata>Skjerming klasseID</skjermingMetadata>
          <skjermingMetadata>Skjerming tittel klasse</skjermingMetadata>
        </skjerming>
        <mappe xsi:type="saksmappe">
          <systemID>9272719f`,
  );
  xml = once(xml, '  </arkivdel>\n</arkiv>', `  </arkivdel>\n${CLOSED_PERIOD}</arkiv>`);
  writeFileSync(file, xml);
  return dir;
}

const JOURNAL = `query ($f: String!, $t: String!) {
  postjournal(from: $f, to: $t) {
    entries { registreringsId mappeId saksTittel tittel screened korrespondanseparter { type name nameScreened } }
    html
  }
}`;

interface Entry {
  registreringsId: string;
  mappeId: string;
  saksTittel: string;
  tittel: string;
  screened: boolean;
  korrespondanseparter: { type: string; name: string | null; nameScreened: boolean }[];
}

describe('the case archive, review s32 (PostgreSQL, through the gateway)', () => {
  let env: TestStack;
  let anyone: string;

  beforeAll(async () => {
    env = await startPostgresTestStack();
    const s = await importNoark(env.tdb.db, editedDeposit());
    expect({ quarantined: s.saksmapper.quarantined, documents: s.documents.quarantined }).toEqual({
      quarantined: 0,
      documents: 0,
    });
    anyone = await env.stack.token({ role: 'reporting', purpose: 'MANAGEMENT_STATISTICS' });
  });

  afterAll(async () => {
    await env?.stop();
  });

  /** The public postjournal of one day: its entries of the case, and the printable page. */
  const postjournal = async (day: string, mappeId: string) => {
    const r = await gql(env.stack.gateway.url, JOURNAL, { token: anyone, variables: { f: day, t: day } });
    expect(r.body.errors).toBeUndefined();
    const entries = (r.body.data.postjournal.entries as Entry[]).filter((e) => e.mappeId === mappeId);
    expect(entries.length).toBeGreaterThan(0);
    return { entries, html: r.body.data.postjournal.html as string };
  };

  test('offentleglova § 13 with fvl. § 13 (Noark 5 M502 "Midlertidig skjerming"): a temporarily screened case and journalpost show no party’s name, in no title and no sender, in the public postjournal', async () => {
    // Noark 5 M502: "Ved midlertidig skjerming skal alle metadata ovenfor skjermes" — titles of
    // the case and the registration, and the names of the party, sender and recipient, until
    // the screening is assessed. The postjournal knew only the "utvalgte ord" and name values,
    // so the case title, the journalpost title and the sender (Per Aasen, a relative asking for
    // the journal of the deceased Ingrid Aasen) were all published.
    const { entries, html } = await postjournal('2024-09-16', '2024/0457');
    for (const e of entries) {
      expect(e.screened).toBe(true);
      expect(JSON.stringify(e)).not.toMatch(/Ingrid|Aasen/);
      expect(e.korrespondanseparter).toEqual([{ type: 'Avsender', name: null, nameScreened: true }]);
    }
    expect(html).not.toMatch(/Ingrid|Aasen/);
  });

  test('offentleglova § 13 with fvl. § 13 (Noark 5 M502 "Skjerming tittel … - unntatt første linje"): only the first line of a screened case or journalpost title is published', async () => {
    // The title's first line says what the case is about; the lines after it name the person
    // and are screened. The postjournal knew only "utvalgte ord" and published the whole title.
    const { entries, html } = await postjournal('2023-07-01', '2023/1234');
    expect(entries.map((e) => [e.registreringsId, e.saksTittel, e.tittel])).toEqual([
      ['2023/1234-4', 'Søknad om langtidsopphold', 'Oversendelse av klagesak om langtidsopphold'],
    ]);
    expect(html).not.toContain('Ingrid Aasen');
  });

  test('offentleglova § 13 with fvl. § 13 (Noark 5 M087 and M502 "Skjerming navn mottaker"): a copy recipient (Kopimottaker) is withheld as the recipient is', async () => {
    // A copy recipient receives the letter: "Skjerming navn mottaker" covers them. Only
    // "Mottaker" was withheld, so the patient's daughter, copied on a decision about her
    // mother's loan, was named in the public journal.
    const { entries, html } = await postjournal('2023-06-01', '2023/1187');
    expect(entries.map((e) => e.korrespondanseparter)).toEqual([
      [
        { type: 'Mottaker', name: null, nameScreened: true },
        { type: 'Kopimottaker', name: null, nameScreened: true },
      ],
    ]);
    expect(html).not.toContain('Kari Vik');
  });

  test('offentleglova § 13 with fvl. § 13 (Noark 5 M502 "Skjerming navn part i sak"): a party written "Etternavn, Fornavn" as the sender is withheld as the party "Fornavn Etternavn" is', async () => {
    // The party rule matched a correspondent to the case's parties by the name as written, so
    // the same person in the usual register form ("Aasen, Per") was published as the sender of
    // a complaint in a case whose parties' names are screened.
    const { entries, html } = await postjournal('2023-06-10', '2023/1234');
    expect(entries.map((e) => [e.registreringsId, e.korrespondanseparter])).toEqual([
      ['2023/1234-3', [{ type: 'Avsender', name: null, nameScreened: true }]],
    ]);
    expect(html).not.toContain('Aasen, Per');
  });

  test('offentleglova § 13 with fvl. § 13 første ledd nr. 1 (Noark 5 M502 "Skjerming klasseID", "Skjerming tittel klasse"): the deposit’s offentligJournal.xml does not publish a screened klasse — a fødselsnummer as klasseID and the patient’s name as its title — and still validates', async () => {
    // offentligJournal.xml is the public journal of the deposit; it wrote every line's klasse
    // (klasseID and title) as stored, screening or not, so Hanne Vik's fødselsnummer and name
    // were in it. The løpende journal (internal) keeps them.
    const schemaDir = noarkSchemaDir();
    expect(schemaDir).toBeDefined();
    const out = join(scratch, 'export');
    await exportNoark(env.tdb.db, ACTIVE_ARKIVDEL, out, { schemaDir });
    const offentlig = readFileSync(join(out, 'offentligJournal.xml'), 'utf8');
    expect(offentlig).toContain('<mappeID>2023/1187</mappeID>');
    expect(offentlig).not.toContain('21868534602');
    expect(offentlig).not.toContain('Hanne Vik');
    const check = await validateAgainst(
      join(out, 'offentligJournal.xml'),
      schemaDir!,
      'offentligJournal.xsd',
    );
    expect(check.errors).toEqual([]);
    expect(readFileSync(join(out, 'loependeJournal.xml'), 'utf8')).toContain(
      '<klasseID>21868534602</klasseID>',
    );
  });

  test('Noark 5 periodisering (an arkivdel with arkivdelstatus "Avsluttet periode" takes no new mapper): an access request is filed under the active period’s klasse, not under the same klasseID of a closed period', async () => {
    // The klasse was taken by klasseID alone, the first by systemID: with the previous period's
    // arkivnøkkel in the archive, a new request went into the closed (and deposited) arkivdel
    // and was missing from the active one's deposit.
    const input = AccessRequestInput.parse({
      patientId: 'review-s32-patient',
      patientNationalId: '21868534602',
      patientName: 'Hanne Vik',
      requesterName: 'Hanne Vik',
      relation: 'PATIENT',
      receivedAt: '2025-03-17T09:00:00+01:00',
      administrativEnhet: 'Helse- og velferdskontor Lerkendal',
    });
    const row = await registerAccessRequest(env.tdb.db, input, 'arkivar-s32', null);
    const filed = (
      await env.tdb.db.query<{ arkivdel_id: string; klasse_id: string }>(
        `SELECT ks.arkivdel_id, k.klasse_id FROM archive.saksmappe s
           JOIN archive.klasse k ON k.id = s.klasse_ref
           JOIN archive.klassifikasjonssystem ks ON ks.id = k.klassifikasjonssystem_id
          WHERE s.id = $1`,
        [row.saksmappe_id],
      )
    ).rows;
    expect(filed).toEqual([{ arkivdel_id: ACTIVE_ARKIVDEL, klasse_id: 'HO-09' }]);
  });
});

describe('document text, review s32 (pdfjs-dist, pdftoppm, Tesseract)', () => {
  const reader = new PdfTextReader();
  afterAll(() => reader.close());

  test('issue 13 (archive documents searchable): a scanned page that carries a short text layer (a receipt stamp) is OCR’d; its scanned text is not dropped as if the stamp were the page', async () => {
    // A scan stamped on receipt ("Mottatt …", a document number) has a text layer of a few
    // dozen letters over an image that fills the page. Sixteen letters made a page "text", so
    // the letter itself was never read: the page was PDF_TEXT with the stamp only, no reason
    // given, and the complaint in it could not be found.
    const src = join(scratch, 'letter.pdf');
    writeFileSync(
      src,
      textPdf([['Datteren klager på manglende', 'nattevakt ved sykehjemmet.']], { fontSize: 18 }),
    );
    execFileSync('pdftoppm', ['-r', '150', '-gray', '-jpeg', '-singlefile', src, join(scratch, 'letter')]);
    const jpeg = readFileSync(join(scratch, 'letter.jpg'));
    const stamped = imagePdf([jpeg], {
      stamp: 'Mottatt Trondheim kommune 12.03.2025, journalpost 2023/1187-1',
    });
    const r = await extractDocument(stamped, DEFAULT_DOCTEXT, reader);
    expect(r.reason).toBeNull();
    expect(r.pages.map((p) => p.origin)).toEqual(['ocr']);
    expect(r.pages[0]!.text.toLowerCase()).toContain('nattevakt');
    expect(r.pages[0]!.ocrConfidence).toBeGreaterThan(50);
  }, 120_000);
});
