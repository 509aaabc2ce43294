/**
 * Review s44, case 2 of the domain brief: a 26-year-old sues the municipality over the care given
 * at ages 13–15 despite known bullying; the municipality documents all care of that period.
 * Walked as the municipality's legal staff would, through the gateway on the source exports
 * (Gerica, Profil with the Helsestasjon-for-ungdom klient registered without a national id and
 * linked by an archivist, Helseplattformen, the Noark 5 archive), on both search backends, with
 * what the exports do not hold for Jonas written in their formats: his parents' complaint case in
 * the archive (a letter with a text layer, a scanned letter read by OCR, a meeting record on the
 * day before his 16th birthday, the reply on the birthday itself) and a later Profil export that
 * changed what a 2013 note says.
 *
 * Found and fixed:
 * 1. A dossier's window was stated as asked ("ages 13–15: 2013-05-15 to 2016-05-14") while every
 *    owner clipped what it answered to the legal user's matter period: a matter from 2014 gave
 *    the notes of 2014–2016 under that heading (the 13th-birthday bullying note of 2013 silently
 *    left out), one from 2020 a dossier with no records at all for those ages.
 * 2. The completeness statement did not add up: the archive documents' pages (and an HP
 *    decision's note) were counted as searched and the same records again as not searchable,
 *    and a document whose text was read and searched was said to be unsearchable.
 * 3. The recall estimate (searchElusion) did not say what it covered: a legal user's estimate
 *    counted the matter period's records only, under an "ages 13–15" question.
 * 4. A note whose text at the time said "mobbet" and was changed since by a later export was no
 *    bullying match of the dossier, its onlyMatching page or its bundle, though the search of the
 *    same window found it (in its earlier version).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithFixtures, fixture } from '../dev/fixtures';
import { imagePdf, textPdf } from '../dev/pdf';
import { gql } from '../dev/services';
import { startPostgresTestStack, startTestStack, type TestStack } from '../dev/test-stack';
import { unzipEntry } from '../dev/zip';
import { importNoark } from '../subgraphs/archive/noark/import';
import { importCoercionPath } from '../subgraphs/coercion/import';
import { runImport } from '../subgraphs/journal/import/run';

const JONAS = '15850053739'; // born 2000-05-15: ages 13–15 are 2013-05-15 to 2016-05-14
const OTHER_JONAS = '27810284531'; // another Jonas Berg (born 2002-01-27), not in the matter
const INGRID = '11823821230'; // case 1's patient: an HP Vedtak and archive cases
const AGES = { from: '2013-05-15', to: '2016-05-14' };

const scratch = mkdtempSync(join(tmpdir(), 'helsespor-case2-s44-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Norwegian text rendered by pdftoppm as a greyscale JPEG: what a scanner gives. */
function scan(lines: string[]): Buffer {
  const src = join(scratch, 'scan-src.pdf');
  writeFileSync(src, textPdf([lines], { fontSize: 18 }));
  const out = join(scratch, 'scan');
  execFileSync('pdftoppm', ['-r', '150', '-gray', '-jpeg', '-singlefile', src, out]);
  return readFileSync(`${out}.jpg`);
}

/** Jonas's parents' complaint (case 2015/0210), as a Noark 5 extract of the municipality's earlier archive. */
function complaintCase(dir: string): string {
  const root = join(dir, 'sakarkiv-2015');
  mkdirSync(join(root, 'DOKUMENT'), { recursive: true });
  const id = (s: string) => {
    const h = createHash('sha256').update(`s44-${s}`).digest('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  };
  const posts = [
    {
      n: 1,
      type: 'Inngående dokument',
      title: 'Klage på oppfølging i skolehelsetjenesten – Jonas Berg',
      date: '2015-02-10',
      pdf: textPdf([
        [
          'Til Trondheim kommune, helse og velferd',
          'Klage på oppfølgingen av Jonas Berg i skolehelsetjenesten',
          'Jonas har blitt mobbet av medelever siden vinteren 2013.',
          'Han blir holdt utenfor og får stygge meldinger på nett.',
        ],
      ]),
    },
    {
      n: 2,
      type: 'Inngående dokument',
      title: 'Brev fra skolen om Jonas Berg',
      date: '2015-03-02',
      pdf: imagePdf([
        scan([
          'Huseby ungdomsskole',
          'Skolen bekrefter at Jonas er blitt mobbet',
          'i friminuttene dette skoleåret.',
        ]),
      ]),
    },
    {
      n: 3,
      type: 'Organinternt dokument uten oppfølging',
      title: 'Referat fra møte om Jonas Berg',
      date: '2016-05-14',
      pdf: textPdf([['Referat fra møte', 'Rektor orienterte om tiltak mot mobbing i klassen.']]),
    },
    {
      n: 4,
      type: 'Utgående dokument',
      title: 'Svar på klage – Jonas Berg',
      date: '2016-05-15', // his 16th birthday: outside ages 13–15
      pdf: textPdf([['Svar på klage', 'Kommunen beklager og har satt inn tiltak.']]),
    },
  ];
  const registreringer = posts
    .map((p) => {
      const file = `DOKUMENT/2015-0210-${p.n}.pdf`;
      writeFileSync(join(root, file), p.pdf);
      return `<registrering xsi:type="journalpost">
  <systemID>${id(`jp${p.n}`)}</systemID>
  <opprettetDato>${p.date}T10:00:00+01:00</opprettetDato>
  <opprettetAv>Marte Sand</opprettetAv>
  <dokumentbeskrivelse>
    <systemID>${id(`db${p.n}`)}</systemID>
    <dokumenttype>Brev</dokumenttype>
    <dokumentstatus>Dokumentet er ferdigstilt</dokumentstatus>
    <tittel>${p.title}</tittel>
    <opprettetDato>${p.date}T10:00:00+01:00</opprettetDato>
    <opprettetAv>Marte Sand</opprettetAv>
    <tilknyttetRegistreringSom>Hoveddokument</tilknyttetRegistreringSom>
    <dokumentnummer>1</dokumentnummer>
    <tilknyttetDato>${p.date}T10:00:00+01:00</tilknyttetDato>
    <tilknyttetAv>Marte Sand</tilknyttetAv>
    <dokumentobjekt>
      <systemID>${id(`do${p.n}`)}</systemID>
      <versjonsnummer>1</versjonsnummer>
      <variantformat>Produksjonsformat</variantformat>
      <format>fmt/18</format>
      <formatDetaljer>PDF 1.4</formatDetaljer>
      <opprettetDato>${p.date}T10:00:00+01:00</opprettetDato>
      <opprettetAv>Marte Sand</opprettetAv>
      <referanseDokumentfil>${file}</referanseDokumentfil>
      <sjekksum>${createHash('sha256').update(p.pdf).digest('hex')}</sjekksum>
      <sjekksumAlgoritme>SHA256</sjekksumAlgoritme>
      <filstoerrelse>${p.pdf.length}</filstoerrelse>
    </dokumentobjekt>
  </dokumentbeskrivelse>
  <registreringsID>2015/0210-${p.n}</registreringsID>
  <tittel>${p.title}</tittel>
  <korrespondansepart>
    <korrespondanseparttype>${p.type.startsWith('Inng') ? 'Avsender' : 'Mottaker'}</korrespondanseparttype>
    <korrespondansepartNavn>Kari Berg</korrespondansepartNavn>
  </korrespondansepart>
  <journalaar>${p.date.slice(0, 4)}</journalaar>
  <journalsekvensnummer>${1200 + p.n}</journalsekvensnummer>
  <journalpostnummer>${p.n}</journalpostnummer>
  <journalposttype>${p.type}</journalposttype>
  <journalstatus>Journalført</journalstatus>
  <journaldato>${p.date}</journaldato>
  <dokumentetsDato>${p.date}</dokumentetsDato>
  <journalenhet>SENTRAL</journalenhet>
</registrering>`;
    })
    .join('\n');
  const created = (d: string) =>
    `<opprettetDato>${d}T00:00:00+01:00</opprettetDato><opprettetAv>Arkivtjenesten</opprettetAv>`;
  writeFileSync(
    join(root, 'arkivstruktur.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>
<arkiv xmlns="http://www.arkivverket.no/standarder/noark5/arkivstruktur" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<systemID>${id('arkiv')}</systemID><tittel>Trondheim kommune – sakarkiv 2010–2019</tittel>
<arkivstatus>Opprettet</arkivstatus><dokumentmedium>Elektronisk arkiv</dokumentmedium>${created('2010-01-01')}
<arkivskaper><arkivskaperID>KOMM-5001</arkivskaperID><arkivskaperNavn>Trondheim kommune</arkivskaperNavn></arkivskaper>
<arkivdel><systemID>${id('arkivdel')}</systemID><tittel>Sakarkiv 2010–2019</tittel><arkivdelstatus>Aktiv periode</arkivdelstatus>
<dokumentmedium>Elektronisk arkiv</dokumentmedium>${created('2010-01-01')}<arkivperiodeStartDato>2010-01-01</arkivperiodeStartDato>
<klassifikasjonssystem><systemID>${id('ks')}</systemID><klassifikasjonstype>Funksjonsbasert, hierarkisk</klassifikasjonstype>
<tittel>Arkivnøkkel</tittel>${created('2010-01-01')}
<klasse><systemID>${id('klasse')}</systemID><klasseID>HO-03</klasseID><tittel>Klager på helsetjenester</tittel>${created('2010-01-01')}
<mappe xsi:type="saksmappe">
  <systemID>${id('mappe')}</systemID><mappeID>2015/0210</mappeID>
  <tittel>Klage på skolehelsetjenesten – Jonas Berg</tittel><dokumentmedium>Elektronisk arkiv</dokumentmedium>
  <opprettetDato>2015-02-10T10:00:00+01:00</opprettetDato><opprettetAv>Marte Sand</opprettetAv>
  <part><partID>${JONAS}</partID><partNavn>Jonas Berg</partNavn><partRolle>Klient</partRolle></part>
${registreringer}
  <saksaar>2015</saksaar><sakssekvensnummer>210</sakssekvensnummer><saksdato>2015-02-10</saksdato>
  <administrativEnhet>Helse- og velferdskontor Midtbyen</administrativEnhet><saksansvarlig>Marte Sand</saksansvarlig>
  <journalenhet>SENTRAL</journalenhet><saksstatus>Under behandling</saksstatus>
</mappe></klasse></klassifikasjonssystem></arkivdel></arkiv>
`,
  );
  return root;
}

/**
 * A later Profil export of Jonas's klient: note 205372 (his 13th birthday, "Forteller at han ble
 * mobbet i friminuttene …") now says something else; the text of the time is kept as its earlier
 * version (helsepersonelloven § 42).
 */
function laterProfilExport(dir: string): string {
  const d = join(dir, 'profil-senere');
  mkdirSync(d);
  writeFileSync(
    join(d, 'profil-eksport.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>
<profil-eksport versjon="4.2" eksportert="2022-11-10T03:15:00" kommunenr="5001" system="Profil">
  <klient klientnr="104233" fnr="${JONAS}" etternavn="Berg" fornavn="Jonas" fodt="2000-05-15" kjonn="M" opprettet="2000-05-15">
    <journal>
      <notat id="205372" dato="2013-05-15T12:40" type="Konsultasjon" tjeneste="Skolehelsetjenesten barneskole" forfatter-hpr="9034411" forfatter="Berit Hoel">Oppfølging. Jonas fyller 13 år i dag. Forteller at han har hatt det vanskelig i friminuttene hele vinteren.
Avtalt at kontaktlærer følger ekstra med i friminuttene.</notat>
    </journal>
  </klient>
</profil-eksport>
`,
  );
  return d;
}

const DOSSIER = `query ($id: ID!, $w: DossierWindowInput, $c: [String!], $only: Boolean) {
  dossier(patientId: $id, window: $w, concepts: $c, onlyMatching: $only) {
    totalItems window { kind from to description assumptions }
    items { id kind recordId date sourceSystem sourceId
      concepts { concept expansions highlights MATCHED_IN }
      provenance { corrections { change earlierText } } }
    completeness { systems { sourceSystem recordsInWindow byKind { kind count } searched notSearchable { reason count } } notes }
  }
}`;

/** The dossier query; with `matchedIn` on each concept match (review s44) when `earlier`. */
const dossierQuery = (earlier = false) => DOSSIER.replace('MATCHED_IN', earlier ? 'matchedIn' : '');

interface System {
  sourceSystem: string;
  recordsInWindow: number;
  searched: number;
  notSearchable: { reason: string; count: number }[];
}
const unsearched = (s: System) => s.notSearchable.reduce((n, r) => n + r.count, 0);

const BACKENDS: [string, (o: { bundleDir: string }) => Promise<TestStack>][] = [
  ['elasticsearch', (o) => startTestStack(o)],
  ['postgres', (o) => startPostgresTestStack(o)],
];

describeWithFixtures('review s44: case 2, the lawsuit over ages 13–15', () => {
  describe.each(BACKENDS)('%s', (backendName, start) => {
    let env: TestStack;
    let url: string;
    let jonas: string;
    let otherJonas: string;
    let legal: string;
    let stackRef: TestStack['stack'];
    const bundleDir = join(scratch, `bundles-${backendName}`);
    const q = (token: string, query: string, variables: Record<string, unknown> = {}) =>
      gql(url, query, { token, variables }).then((r) => r.body);

    beforeAll(async () => {
      env = await start({ bundleDir });
      const { tdb, stack } = env;
      url = stack.gateway.url;
      const dir = join(scratch, backendName);
      mkdirSync(dir);
      await runImport(tdb.db, 'gerica', fixture('gerica'));
      await runImport(tdb.db, 'gerica', fixture('gerica', 'bad', 'journalnotater_feil.csv'));
      await runImport(tdb.db, 'gerica-vedtak', fixture('gerica'));
      await runImport(tdb.db, 'profil', fixture('profil'));
      await runImport(tdb.db, 'hp', fixture('helseplattformen'));
      await importNoark(tdb.db, fixture('sakarkiv'));
      await importCoercionPath(tdb.db, fixture('gerica'));
      await importCoercionPath(tdb.db, fixture('helseplattformen', 'Coercion.ndjson'));
      await importNoark(tdb.db, complaintCase(dir));
      await runImport(tdb.db, 'profil', laterProfilExport(dir));
      await stack.extractDocuments();
      await stack.index();
      // The Helsestasjon-for-ungdom klient registered without a national id is Jonas.
      const archivist = await stack.token({
        sub: 'arkivar-s44',
        role: 'archivist',
        purpose: 'ARCHIVE_ADMINISTRATION',
      });
      const dup = await q(archivist, '{ duplicateCandidates { a { id nationalId } b { id nationalId } } }');
      const c = dup.data.duplicateCandidates.find(
        (x: any) => x.a.nationalId === JONAS || x.b.nationalId === JONAS,
      );
      const [main, other] = c.a.nationalId === JONAS ? [c.a, c.b] : [c.b, c.a];
      jonas = main.id;
      otherJonas = (await q(archivist, `{ patientByNationalId(nationalId: "${OTHER_JONAS}") { id } }`)).data
        .patientByNationalId.id;
      stackRef = stack;
      const link = await q(
        archivist,
        `mutation ($a: ID!, $b: ID!) { linkPatients(a: $a, b: $b, reason: "Samme navn og fødselsdato") { id } }`,
        { a: main.id, b: other.id },
      );
      expect(link.errors).toBeUndefined();
      await stack.index();
      legal = await stack.matterToken({ id: 'M-S44-CASE2', nationalIds: [JONAS] }, { sub: 'jurist-s44' });
    });
    afterAll(() => env?.stop());

    test('what was checked and found right: ages 13–15 hold the same records in the journal, the dossier, the search coverage and the recall estimate — the Legevakt note at 23:40 on the day before the 16th birthday in, the one at 00:25 on the birthday out, the linked klient’s notes in, the other Jonas Berg nowhere', async () => {
      const j = await q(
        legal,
        `query ($id: ID!) { patient(id: $id) { journal(ageFrom: 13, ageTo: 15, first: 200) { totalCount edges { node { sourceSystem sourceId } } }
           searchCoverage(ageFrom: 13, ageTo: 15) { systems { sourceSystem kind records } }
           searchElusion(query: "mobbing", ageFrom: 13, ageTo: 15, sample: 5, seed: 44) { found notFound sample { journalEntry { id } registreringsId } } } }`,
        { id: jonas },
      );
      expect(j.errors).toBeUndefined();
      const notes = j.data.patient.journal.edges.map((e: any) => `${e.node.sourceSystem}:${e.node.sourceId}`);
      expect(notes).toContain('GERICA:3104190'); // 14.05.2016 23:40
      expect(notes).not.toContain('GERICA:3104224'); // 15.05.2016 00:25
      expect(notes).toEqual(expect.arrayContaining(['PROFIL:205420', 'PROFIL:205494'])); // the linked klient
      expect(notes).not.toContain('PROFIL:205447'); // the other Jonas Berg's
      const d = await q(legal, dossierQuery(), { id: jonas, w: { ageFrom: 13, ageTo: 15 }, c: ['mobbing'] });
      expect(d.errors).toBeUndefined();
      const items = d.data.dossier.items;
      expect(items.filter((i: any) => i.kind === 'JOURNAL_ENTRY').length).toBe(
        j.data.patient.journal.totalCount,
      );
      const cov = j.data.patient.searchCoverage.systems;
      const covNotes = cov
        .filter((s: any) => s.kind === 'journal_entry')
        .reduce((n: number, s: any) => n + s.records, 0);
      expect(covNotes).toBe(j.data.patient.journal.totalCount);
      // The archive: the complaint, the scanned letter and the meeting record; not the reply of the 16th birthday.
      const posts = items.filter((i: any) => i.kind === 'JOURNALPOST').map((i: any) => i.sourceId);
      expect(posts.sort()).toEqual(['2015/0210-1', '2015/0210-2', '2015/0210-3']);
      for (const i of items) expect(i.date >= AGES.from && i.date <= AGES.to).toBe(true);
      // The recall estimate counts every searchable record of the window once.
      const e = j.data.patient.searchElusion;
      const indexed = cov.reduce((n: number, s: any) => n + s.records, 0);
      expect(e.found + e.notFound).toBe(indexed);
      // Reproducible: the same seed draws the same sample.
      const again = await q(
        legal,
        `query ($id: ID!) { patient(id: $id) { searchElusion(query: "mobbing", ageFrom: 13, ageTo: 15, sample: 5, seed: 44) { sample { journalEntry { id } registreringsId } } } }`,
        { id: jonas },
      );
      expect(again.data.patient.searchElusion.sample).toEqual(e.sample);
      // The matter reaches Jonas only, on every path.
      for (const query of [
        `{ patientByNationalId(nationalId: "${OTHER_JONAS}") { id } }`,
        `{ patient(id: "${otherJonas}") { journal { totalCount } } }`,
        `{ dossier(patientId: "${otherJonas}") { totalItems } }`,
        `{ search(query: "plaget", patientId: "${otherJonas}") { total } }`,
        `mutation { exportBundle(input: { patientId: "${otherJonas}", requester: "Tingretten" }) { id } }`,
      ]) {
        const r = await q(legal, query);
        expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
        expect(r.errors?.[0]?.message).toBe('patient not in matter M-S44-CASE2');
      }
      const all = await q(legal, '{ search(query: "plaget", first: 200) { hits { journalEntry { id } } } }');
      expect(all.errors).toBeUndefined();
      expect(all.data.search.hits.map((h: any) => h.journalEntry?.id)).not.toContain('je-profil-205447');
    });

    test('pasientjournalloven § 22, tvisteloven § 21-4: a dossier of ages 13–15 in a matter whose period begins in 2014 states that the period cut its window, and one whose period begins after them is refused, not answered with no records', async () => {
      const m2014 = await stackRef.matterToken(
        { id: 'M-S44-FRA-2014', nationalIds: [JONAS], periodFrom: '2014-01-01', periodTo: '2025-12-31' },
        { sub: 'jurist-s44-b' },
      );
      const d = await q(m2014, dossierQuery(), { id: jonas, w: { ageFrom: 13, ageTo: 15 }, c: ['mobbing'] });
      expect(d.errors).toBeUndefined();
      const w = d.data.dossier.window;
      // Before: { from: '2013-05-15', description: 'ages 13–15: 2013-05-15 to 2016-05-14' } over
      // the records of 2014-01-01 on: the notes of 2013 (his 13th birthday: "mobbet i
      // friminuttene") left out with nothing said.
      expect(w).toMatchObject({ kind: 'AGES', from: '2014-01-01', to: AGES.to });
      expect(w.description).toContain('ages 13–15: 2013-05-15 to 2016-05-14');
      expect(w.description).toContain(
        'cut to 2014-01-01 to 2016-05-14 by the period of matter M-S44-FRA-2014',
      );
      expect(w.assumptions[0]).toMatch(/pasientjournalloven § 22/);
      const items = d.data.dossier.items;
      expect(items.length).toBeGreaterThan(0);
      for (const i of items) expect(i.date >= '2014-01-01' && i.date <= AGES.to).toBe(true);
      // The bundle of the same matter says it as well.
      const b = await q(
        m2014,
        `mutation ($i: ExportBundleInput!) { exportBundle(input: $i) { path items } }`,
        {
          i: {
            patientId: jonas,
            requester: 'Tingretten',
            window: { ageFrom: 13, ageTo: 15 },
            concepts: ['mobbing'],
          },
        },
      );
      expect(b.errors).toBeUndefined();
      expect(b.data.exportBundle.items).toBe(d.data.dossier.totalItems);
      const custody = JSON.parse(await unzipEntry(b.data.exportBundle.path, 'custody.json'));
      expect(custody.window.from).toBe('2014-01-01');
      // A matter whose period begins after the 16th birthday reaches nothing of ages 13–15.
      const m2020 = await stackRef.matterToken(
        { id: 'M-S44-FRA-2020', nationalIds: [JONAS], periodFrom: '2020-01-01', periodTo: '2025-12-31' },
        { sub: 'jurist-s44-c' },
      );
      const none = await q(m2020, dossierQuery(), {
        id: jonas,
        w: { ageFrom: 13, ageTo: 15 },
        c: ['mobbing'],
      });
      // Before: a dossier "ages 13–15: 2013-05-15 to 2016-05-14" with totalItems 0 and every
      // system's recordsInWindow 0, as if no care had been given.
      expect(none.data?.dossier).toBeUndefined();
      expect(none.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(none.errors?.[0]?.message).toMatch(
        /ages 13–15: 2013-05-15 to 2016-05-14\) lies wholly outside the period of matter M-S44-FRA-2020 \(2020-01-01 to 2025-12-31\)/,
      );
      const noBundle = await q(
        m2020,
        `mutation ($i: ExportBundleInput!) { exportBundle(input: $i) { path } }`,
        {
          i: { patientId: jonas, requester: 'Tingretten', window: { ageFrom: 13, ageTo: 15 } },
        },
      );
      // Before: BAD_USER_INPUT "window.from must not be after window.to", dates the user never gave.
      expect(noBundle.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(noBundle.errors?.[0]?.message).toMatch(
        /the window lies wholly outside the period of matter M-S44-FRA-2020 \(2020-01-01 to 2025-12-31\)/,
      );
      const denied = await env.tdb.db.query(
        `SELECT 1 FROM audit.access_log WHERE user_id = 'jurist-s44-c' AND subgraph = 'dossier' AND outcome = 'denied'`,
      );
      expect(denied.rowCount).toBe(2); // the dossier's and the bundle's
      // Ages and dates that do not overlap are a clear error too, not an empty dossier.
      const empty = await q(legal, dossierQuery(), {
        id: jonas,
        w: { ageFrom: 13, ageTo: 15, from: '2020-01-01' },
      });
      expect(empty.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(empty.errors?.[0]?.message).toMatch(/the window is empty/);
    });

    test('tvisteloven § 21-4: the completeness statement counts each record of the window once — searched and not searchable add up to the records, and an archive document whose text was read and searched is not called unsearchable', async () => {
      const d = await q(legal, dossierQuery(), { id: jonas, w: { ageFrom: 13, ageTo: 15 }, c: ['mobbing'] });
      expect(d.errors).toBeUndefined();
      const systems: System[] = d.data.dossier.completeness.systems;
      // Before: SAKARKIV 7 records, searched 6 (three journalposts and three document pages) and
      // not searchable 4 (every document file, though all three were read, and the case): 10.
      for (const s of systems)
        expect({ s: s.sourceSystem, n: s.searched + unsearched(s) }).toEqual({
          s: s.sourceSystem,
          n: s.recordsInWindow,
        });
      const archive = systems.find((s) => s.sourceSystem === 'SAKARKIV')!;
      expect(archive.recordsInWindow).toBe(7); // the case, three journalposts, three documents
      const docs = await q(
        legal,
        `query ($id: ID!) { patient(id: $id) { searchCoverage(ageFrom: 13, ageTo: 15) { systems { kind documents { documents read partlyRead notRead { reason count } pending } } } } }`,
        { id: jonas },
      );
      const dc = docs.data.patient.searchCoverage.systems.find(
        (s: any) => s.kind === 'archive_document',
      ).documents;
      expect(dc.documents).toBe(3);
      const unread = dc.documents - dc.read - dc.partlyRead;
      const docReasons = archive.notSearchable.filter((r) => r.reason.startsWith('document file'));
      expect(docReasons.reduce((n, r) => n + r.count, 0)).toBe(unread);
      expect(archive.searched).toBe(3 + dc.read + dc.partlyRead);
      // Case 1's person: a Helseplattformen Vedtak is searched through its note, once.
      const archivist = await stackRef.token({
        sub: 'arkivar-s44b',
        role: 'archivist',
        purpose: 'ARCHIVE_ADMINISTRATION',
      });
      const ingrid = (await q(archivist, `{ patientByNationalId(nationalId: "${INGRID}") { id } }`)).data
        .patientByNationalId.id;
      const i = await q(archivist, dossierQuery(), { id: ingrid, c: ['langtidsopphold'] });
      expect(i.errors).toBeUndefined();
      for (const s of i.data.dossier.completeness.systems as System[])
        expect({ s: s.sourceSystem, n: s.searched + unsearched(s) }).toEqual({
          s: s.sourceSystem,
          n: s.recordsInWindow,
        });
      // The court's copy says the same.
      const b = await q(legal, `mutation ($i: ExportBundleInput!) { exportBundle(input: $i) { path } }`, {
        i: {
          patientId: jonas,
          requester: 'Tingretten',
          window: { ageFrom: 13, ageTo: 15 },
          concepts: ['mobbing'],
        },
      });
      expect(b.errors).toBeUndefined();
      const statement = JSON.parse(await unzipEntry(b.data.exportBundle.path, 'completeness.json'));
      for (const s of statement.sources) {
        const not =
          s['ikke søkbare'] === 'ingen'
            ? 0
            : [...String(s['ikke søkbare']).matchAll(/: (\d+)(?:;|$)/g)].reduce(
                (n, m) => n + Number(m[1]),
                0,
              );
        expect({ s: s.sourceSystem, n: s['søkt (søkbar tekst)'] + not }).toEqual({
          s: s.sourceSystem,
          n: s['poster i vinduet'],
        });
      }
    });

    test('tvisteloven § 21-4: the recall estimate states what it covers — its records, its dates as the matter’s period cut them, its ages, query and seed', async () => {
      const m2014 = await stackRef.matterToken(
        { id: 'M-S44-FRA-2014B', nationalIds: [JONAS], periodFrom: '2014-01-01', periodTo: '2025-12-31' },
        { sub: 'jurist-s44-d' },
      );
      const ask = (token: string) =>
        q(
          token,
          `query ($id: ID!) { patient(id: $id) { searchElusion(query: "mobbing", ageFrom: 13, ageTo: 15, sample: 3, seed: 7) {
             found notFound records from to ageFrom ageTo covers } } }`,
          { id: jonas },
        );
      const cut = await ask(m2014);
      // Before: no such fields; the answer was counts only.
      expect(cut.errors).toBeUndefined();
      const e = cut.data.patient.searchElusion;
      expect(e.records).toBe(e.found + e.notFound);
      expect(e).toMatchObject({ from: '2014-01-01', to: '2025-12-31', ageFrom: 13, ageTo: 15 });
      expect(e.covers).toContain('"mobbing"');
      expect(e.covers).toContain('ages 13–15');
      expect(e.covers).toContain('cut to the period of matter M-S44-FRA-2014B, 2014-01-01 to 2025-12-31');
      expect(e.covers).toContain(`${e.records} records, ${e.found} found, ${e.notFound} not found`);
      expect(e.covers).toContain('seed 7');
      // Without a period the estimate covers more, and says nothing was cut.
      const whole = (await ask(legal)).data.patient.searchElusion;
      expect(whole.records).toBeGreaterThan(e.records);
      expect(whole).toMatchObject({ from: null, to: null });
      expect(whole.covers).not.toContain('cut to');
    });

    test('helsepersonelloven § 42: the note of his 13th birthday, which said "mobbet" until a later export changed it, is a bullying match of the dossier, its onlyMatching page and its bundle, marked as found in the earlier version, as the search finds it', async () => {
      const s = await q(
        legal,
        `query ($id: ID!) { patient(id: $id) { search(query: "mobbing", from: "${AGES.from}", to: "${AGES.to}", first: 200) {
           total hits { matchedIn journalEntry { id } } } } }`,
        { id: jonas },
      );
      expect(s.errors).toBeUndefined();
      const hit = s.data.patient.search.hits.find((h: any) => h.journalEntry?.id === 'je-profil-205372');
      expect(hit?.matchedIn).toBe('EARLIER_VERSION');
      // Before: not on the onlyMatching page (no concept row), though the search of the window found it.
      const page = await q(legal, dossierQuery(), {
        id: jonas,
        w: { ageFrom: 13, ageTo: 15 },
        c: ['mobbing'],
        only: true,
      });
      expect(page.errors).toBeUndefined();
      expect(page.data.dossier.items.map((i: any) => i.id)).toContain('JOURNAL_ENTRY:je-profil-205372');
      const d = await q(legal, dossierQuery(true), {
        id: jonas,
        w: { ageFrom: 13, ageTo: 15 },
        c: ['mobbing'],
        only: true,
      });
      expect(d.errors).toBeUndefined();
      const item = d.data.dossier.items.find((i: any) => i.id === 'JOURNAL_ENTRY:je-profil-205372');
      expect(item.concepts).toEqual([
        expect.objectContaining({ concept: 'mobbing', matchedIn: 'EARLIER_VERSION' }),
      ]);
      expect(item.concepts[0].highlights.join(' ')).toMatch(/<em>mobbet<\/em>/);
      // The highlight is the earlier text's, which the item's provenance holds, never the note's now.
      expect(item.provenance.corrections.map((c: any) => c.earlierText).join(' ')).toContain(
        'ble mobbet i friminuttene',
      );
      // Every hit of the search is on the dossier's matched page (a document page on its journalpost).
      expect(d.data.dossier.totalItems).toBe(s.data.patient.search.total);
      const b = await q(legal, `mutation ($i: ExportBundleInput!) { exportBundle(input: $i) { path } }`, {
        i: {
          patientId: jonas,
          requester: 'Tingretten',
          window: { ageFrom: 13, ageTo: 15 },
          concepts: ['mobbing'],
        },
      });
      expect(b.errors).toBeUndefined();
      const items = JSON.parse(await unzipEntry(b.data.exportBundle.path, 'items.json')).items;
      const printed = items.find((i: any) => i.id === 'JOURNAL_ENTRY:je-profil-205372');
      expect(printed.concepts).toEqual([
        expect.objectContaining({ concept: 'mobbing', earlierVersion: true }),
      ]);
      expect(printed.text).not.toContain('mobbet');
    });
  });
});
