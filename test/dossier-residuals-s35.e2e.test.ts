/**
 * Residuals s35 of the dossier review (test/dossier-review-s34.e2e.test.ts shows the setups),
 * on real PostgreSQL (the PostgreSQL full-text search backend) through the stack's own subgraphs.
 *
 * 1. helsepersonelloven § 44 / pasientjournalforskriften § 14: a note moved to another person
 *    while a legal user's bundle is built failed the whole bundle (FORBIDDEN), and the access
 *    log's denied row named that other person, as if the lawyer had tried to read their record.
 * 2. A note corrected while its bundle is built was highlighted from its earlier text.
 * 3. Archive: the GraphQL `Skjerming` showed neither skjermingsvarighet (Noark 5 M504) nor
 *    skjermingOpphoererDato (M505), which setSkjerming stores.
 * 4. A withheld text mixing both Unicode forms (NFC and NFD) within itself was not matched (s34
 *    matched text given wholly in NFC or wholly in NFD).
 * 5. verify-bundle did not check an entry's extra fields: a sealed bundle whose entry carried
 *    an extra field no hash covers was "verified" (as it no longer is for comments, s34).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { generateNoarkExtract } from '../dev/generator';
import { importNoark } from '../subgraphs/archive/noark/import';
import type { BundleContext } from '../lib/bundle/source';
import type { BundleItem } from '../lib/bundle/types';
import { gql, type TestDatabase } from '../dev/services';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { makeSyntheticNationalId } from '../lib/national-id';
import type { Stack } from '../scripts/stack';
import { verifyBundle } from '../lib/bundle/verify';
import { writeBundle } from '../lib/bundle/write';
import { unzipEntry } from '../dev/zip';
import { insertQueuedNote, legalBundleContext, readAll, stackBundleSource } from '../dev/dossier-bundle';
import { correctNow, decideCase, registerCase, type Actor } from '../subgraphs/journal/record-cases';

let tdb: TestDatabase;
let stack: Stack;
let env: TestStack;
let dir: string;

const P = {
  id: 'pat-s35-1',
  birth: '1980-05-06',
  nationalId: makeSyntheticNationalId('1980-05-06', 351, true),
};
const Q = {
  id: 'pat-s35-2',
  birth: '1981-07-08',
  nationalId: makeSyntheticNationalId('1981-07-08', 352, false),
};
const MATTER = 'M-S35-DOSSIER';
const ansvarlig: Actor = { userId: 'journalansvarlig-s35', role: 'journalansvarlig' };
const MOVE_OK = { wrongPerson: true, publicInterestAgainst: false };

const note = (id: string, patientId: string, writtenAt: string, text: string) =>
  insertQueuedNote(tdb.db, id, patientId, writtenAt, text);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'helsespor-s35-dossier-'));
  env = await startPostgresTestStack({ bundleDir: dir });
  ({ tdb, stack } = env);
  for (const p of [P, Q])
    await tdb.db.query(
      `INSERT INTO journal.patient (id, national_id, family_name, given_name, birth_date)
       VALUES ($1, $2, 'Gjennomgang', 'Trettifem', $3)`,
      [p.id, p.nationalId, p.birth],
    );
  await note('je-s35-a', P.id, '2020-02-03T10:00:00+01:00', 'Samtale om skolen. Ingenting nytt.');
  await note(
    'je-s35-wrong',
    P.id,
    '2020-05-06T10:00:00+01:00',
    'Feilført notat: zqxfeilpasient sin hjerteutredning og mobbing.',
  );
  await note(
    'je-s35-corr',
    P.id,
    '2020-06-07T10:00:00+01:00',
    'Moren forteller om zqxgammelord og mobbing i friminuttet.',
  );
  await stack.index();
  await stack.matterToken(
    {
      id: MATTER,
      patientIds: [P.id],
      periodFrom: '2019-01-01',
      periodTo: '2021-12-31',
      members: ['jurist-s35'],
    },
    { sub: 'jurist-s35' },
  );
}, 180_000);

afterAll(async () => {
  await env?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const source = () => stackBundleSource(env);
const legal = (): BundleContext => legalBundleContext('jurist-s35', MATTER);

const args = (concepts: string[]) => ({ patientId: P.id, from: '2019-01-01', to: '2021-12-31', concepts });

describe('records that change while a bundle is built', () => {
  // helsepersonelloven § 44 moves a note written on the wrong person to the right one. An
  // archivist's bundle already leaves such a note out and says so; a legal user's failed whole
  // (the journal refused the note, now outside the matter) and the journal logged a refusal under
  // the other person: pasientjournalforskriften § 14's log then says this lawyer tried to read
  // that person's record, which they never asked for.
  test('helsepersonelloven § 44 and pasientjournalforskriften § 14: a note moved to another person while a legal user builds a bundle is left out and counted, and the other person appears nowhere (no log row, not in the bundle or an error)', async () => {
    const ctx = legal();
    const opened = await source().open(ctx, args([]));
    const c = await registerCase(
      tdb.db,
      {
        entryId: 'je-s35-wrong',
        ground: 'HPL_44',
        requestedBy: 'HEALTH_PERSONNEL',
        claim: 'Feilført på feil pasient',
        rightPatientId: Q.id,
      },
      ansvarlig,
    );
    await decideCase(
      tdb.db,
      c.id,
      { decision: 'DONE', reasons: 'Feilført på feil pasient', assessment: MOVE_OK },
      ansvarlig,
    );
    let items: BundleItem[] = [];
    let error: Error | null = null;
    try {
      items = await readAll(opened.items);
    } catch (err) {
      error = err as Error;
    }
    expect(error?.message ?? null).toBeNull();
    expect(items.map((i) => i.id)).toContain('JOURNAL_ENTRY:je-s35-a');
    expect(items.map((i) => i.id)).not.toContain('JOURNAL_ENTRY:je-s35-wrong');
    const completeness = opened.completeness();
    expect((completeness.notes ?? []).join('\n')).toMatch(/1 records went away/);
    const everything = JSON.stringify({ items, completeness });
    expect(everything).not.toContain('zqxfeilpasient');
    expect(everything).not.toContain(Q.id);
    expect(everything).not.toContain(Q.nationalId);
    const logged = await tdb.db.query<{ patient_id: string; outcome: string }>(
      `SELECT patient_id, outcome FROM audit.access_log WHERE request_id = $1`,
      [ctx.caller.requestId],
    );
    expect(logged.rows.length).toBeGreaterThan(0);
    expect(logged.rows.filter((r) => r.patient_id !== P.id)).toEqual([]);
    expect(logged.rows.filter((r) => r.outcome === 'denied')).toEqual([]);
  });

  // The bundle plans once, with the concepts' search highlights, and hydrates the notes as it
  // writes. A correction (helsepersonelloven § 42) decided meanwhile prints the corrected text,
  // and the highlights were the earlier text's: words the note no longer says, printed as
  // where it says them (the earlier text belongs in the item's history, not its matches).
  test('helsepersonelloven § 42: a note corrected while its bundle is built is highlighted from the corrected (printed) text, never from its earlier text', async () => {
    const opened = await source().open(legal(), args(['mobbing']));
    await correctNow(
      tdb.db,
      {
        entryId: 'je-s35-corr',
        text: 'Moren forteller om erting og mobbing på skoleveien.',
        reason: 'Feil ord',
      },
      ansvarlig,
    );
    const items = await readAll(opened.items);
    const corrected = items.find((i) => i.id === 'JOURNAL_ENTRY:je-s35-corr');
    expect(corrected?.text).toBe('Moren forteller om erting og mobbing på skoleveien.');
    const highlights = (corrected!.concepts ?? []).flatMap((c) => c.highlights ?? []);
    expect(highlights.length).toBeGreaterThan(0);
    expect(highlights.join('\n')).not.toContain('zqxgammelord');
    for (const h of highlights) expect(corrected!.text).toContain(h.replace(/<\/?em>/g, ''));
    expect(highlights.join('\n')).toContain('<em>mobbing</em>');
    // The earlier text stays the item's history.
    expect(JSON.stringify(corrected!.provenance)).toContain('zqxgammelord');
  });
});

describe('Skjerming through GraphQL (Noark 5 arkivstruktur.xsd skjerming, M500–M505)', () => {
  // offentleglova § 13 with forvaltningsloven § 13: a screening lasts for a time
  // (skjermingsvarighet, years) or to a date (skjermingOpphoererDato); setSkjerming validates and
  // stores both, and the type it answers with, and every read of a skjerming, left them out: an
  // archivist could not see when a screening ends.
  test('offentleglova § 13 with fvl. § 13: skjermingsvarighet (M504) and skjermingOpphoererDato (M505) set by setSkjerming are shown by setSkjerming and by reads of the journalpost and the saksmappe', async () => {
    const extract = generateNoarkExtract({ seed: 35, saksmapper: 2, closed: false });
    const scratch = mkdtempSync(join(tmpdir(), 'helsespor-s35-skjerming-'));
    try {
      for (const f of extract.files) {
        mkdirSync(dirname(join(scratch, f.path)), { recursive: true });
        writeFileSync(join(scratch, f.path), f.content);
      }
      await importNoark(stack.db, scratch);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    const jp = extract.facts.journalposter[0]!;
    const token = await stack.token({
      sub: 'arkivar-s35',
      role: 'archivist',
      purpose: 'ARCHIVE_ADMINISTRATION',
    });
    const FIELDS = 'skjerming { skjermingDokument skjermingsvarighet skjermingOpphoererDato }';
    const ground = {
      tilgangsrestriksjon: 'Unntatt offentlighet',
      skjermingshjemmel: 'Offl. § 13 jf. fvl. § 13 (1) nr.1',
      skjermingMetadata: ['Skjerming navn avsender'],
      skjermingsvarighet: 60,
      skjermingOpphoererDato: '2084-12-31',
    };
    const shown = { skjermingDokument: null, skjermingsvarighet: 60, skjermingOpphoererDato: '2084-12-31' };
    const sm = extract.facts.saksmapper[0]!;
    for (const id of [jp.id, sm.id]) {
      const set = await gql(
        stack.gateway.url,
        `mutation ($id: ID!, $s: SkjermingInput) { setSkjerming(id: $id, skjerming: $s) { changed ${FIELDS} } }`,
        { token, variables: { id, s: ground } },
      );
      expect(set.body.errors).toBeUndefined();
      expect(set.body.data.setSkjerming).toEqual({ changed: true, skjerming: shown });
    }
    const read = await gql(
      stack.gateway.url,
      `query ($jp: ID!, $sm: ID!) { journalpost(id: $jp) { ${FIELDS} } saksmappe(id: $sm) { ${FIELDS} } }`,
      { token, variables: { jp: jp.id, sm: sm.id } },
    );
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data).toEqual({ journalpost: { skjerming: shown }, saksmappe: { skjerming: shown } });
  });
});

describe('withheld passages (pasient- og brukerrettighetsloven § 5-1 andre ledd)', () => {
  // "every occurrence in the item" (lib/bundle/README.md). An item put together from several
  // sources (a name typed in one system, pasted into another) can hold one å precomposed and the
  // next as a + combining ring; the mark, copied from the screen, can too. Canonically equivalent
  // text prints alike: every occurrence goes, whatever the form of each character.
  test('pasient- og brukerrettighetsloven § 5-1 andre ledd: a withheld name is removed where the item or the mark mixes NFC and NFD within the name', async () => {
    const nfc = 'Kåre Ødegård';
    const nfd = nfc.normalize('NFD');
    const ring = 'a\u030A';
    // One å of each form, both ways round.
    const mixedA = `K${ring}re Ødegård`;
    const mixedB = `Kåre Ødeg${ring}rd`;
    expect(new Set([nfc, nfd, mixedA, mixedB]).size).toBe(4);
    expect(mixedA.normalize('NFC')).toBe(nfc);
    async function* items(): AsyncGenerator<BundleItem> {
      yield {
        id: 'je-mixed',
        kind: 'journal_entry',
        date: '2020-02-03T10:00:00+01:00',
        sourceSystem: 'GERICA',
        sourceId: '4712',
        title: `Samtale om ${mixedB}`,
        text: `Naboen ${nfc} har ringt. Så ${nfd} igjen, og ${mixedB} truer familien.`,
      };
    }
    const r = await writeBundle({
      request: {
        matter: MATTER,
        requester: 'Tingretten',
        purpose: 'LEGAL_PROCEEDINGS',
        query: 'alle poster',
        window: { from: '2019-01-01', to: '2021-12-31', description: 'datoer' },
      },
      builder: { userId: 'jurist-s35', role: 'legal', requestId: 'req-s35-mixed', via: 'test' },
      items: items(),
      completeness: { summary: 'alt', sources: [], notes: [] },
      withheld: [
        { itemId: 'je-mixed', ground: 'opplysninger om tredjeperson, pbrl. § 5-1 andre ledd', text: mixedA },
      ],
      out: join(dir, 'mixed.zip'),
    });
    const json = await unzipEntry(r.path, 'items.json');
    expect(json.normalize('NFC')).not.toContain(nfc);
    expect(json.normalize('NFC')).not.toMatch(/Ødeg/);
    expect(json).toContain('Naboen');
    expect(json).toContain('truer familien');
    expect(r.withheldPassages).toBe(3);
  });
});

describe('verify-bundle covers every byte of a sealed bundle', () => {
  /** An extra field (ZIP APPNOTE 4.5): id, length, data. */
  const extraField = (id: number, data: Buffer) => {
    const h = Buffer.alloc(4);
    h.writeUInt16LE(id, 0);
    h.writeUInt16LE(data.length, 2);
    return Buffer.concat([h, data]);
  };
  /** The ZIP's central directory records: offset of each, its name and lengths. */
  function centralRecords(zip: Buffer) {
    const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const records: { at: number; name: string; nameLength: number; extraLength: number; size: number }[] = [];
    for (let at = zip.readUInt32LE(eocd + 16); zip.readUInt32LE(at) === 0x02014b50;) {
      const nameLength = zip.readUInt16LE(at + 28);
      const extraLength = zip.readUInt16LE(at + 30);
      const size = 46 + nameLength + extraLength + zip.readUInt16LE(at + 32);
      records.push({
        at,
        name: zip.toString('utf8', at + 46, at + 46 + nameLength),
        nameLength,
        extraLength,
        size,
      });
      at += size;
    }
    return { eocd, records };
  }

  // lib/bundle/README.md: "bytes that belong to no file fail verification". An entry's extra
  // field is such bytes: `zipinfo -v` prints it beside the file, and readers act on some (the
  // Info-ZIP Unicode Path field 0x7075 renames the file). A note put into one after sealing
  // ("side 3 er byttet ut") rode along a bundle that verify-bundle --seal called verified.
  test('an extra field written into an entry of a sealed bundle, in its central record or its local header, fails verification naming the file (it was "verified", matches the seal)', async () => {
    async function* items(): AsyncGenerator<BundleItem> {
      yield {
        id: 'je-1',
        kind: 'journal_entry',
        date: '2020-02-03T10:00:00+01:00',
        sourceSystem: 'HELSEPLATTFORMEN',
        sourceId: 'je-1',
        title: 'Journalnotat',
        text: 'Samtale om skolen.',
      };
    }
    const r = await writeBundle({
      request: {
        matter: MATTER,
        requester: 'Tingretten',
        purpose: 'LEGAL_PROCEEDINGS',
        query: 'alle poster',
        window: { from: '2019-01-01', to: '2021-12-31', description: 'datoer' },
      },
      builder: { userId: 'jurist-s35', role: 'legal', requestId: 'req-s35-extra', via: 'test' },
      items: items(),
      completeness: { summary: 'alt', sources: [], notes: [] },
      out: join(dir, 'extra.zip'),
    });
    expect((await verifyBundle(r.path, { seal: r.manifestSha256 })).ok).toBe(true);
    const zip = readFileSync(r.path);
    const note = extraField(0x4e42, Buffer.from('NB: side 3 er byttet ut'));

    // In bundle.pdf's central directory record (after the writer's own timestamp field).
    const { eocd, records } = centralRecords(zip);
    const pdf = records.find((x) => x.name === 'bundle.pdf')!;
    const insertAt = pdf.at + 46 + pdf.nameLength + pdf.extraLength;
    const central = Buffer.concat([zip.subarray(0, insertAt), note, zip.subarray(insertAt)]);
    central.writeUInt16LE(pdf.extraLength + note.length, pdf.at + 30);
    const eocd1 = eocd + note.length;
    central.writeUInt32LE(central.readUInt32LE(eocd1 + 12) + note.length, eocd1 + 12);
    const centralPath = join(dir, 'extra-central.zip');
    writeFileSync(centralPath, central);

    // In the first entry's local header (the writer writes none there).
    const firstName = zip.toString('utf8', 30, 30 + zip.readUInt16LE(26));
    expect(zip.readUInt16LE(28)).toBe(0);
    const at = 30 + zip.readUInt16LE(26);
    const local = Buffer.concat([zip.subarray(0, at), note, zip.subarray(at)]);
    local.writeUInt16LE(note.length, 28);
    for (const x of records) {
      const off = x.at + note.length;
      const rel = local.readUInt32LE(off + 42);
      if (rel > 0) local.writeUInt32LE(rel + note.length, off + 42);
    }
    local.writeUInt32LE(local.readUInt32LE(eocd + note.length + 16) + note.length, eocd + note.length + 16);
    const localPath = join(dir, 'extra-local.zip');
    writeFileSync(localPath, local);

    for (const [path, file] of [
      [centralPath, 'bundle.pdf'],
      [localPath, firstName],
    ] as const) {
      for (const seal of [r.manifestSha256, undefined]) {
        const v = await verifyBundle(path, { seal });
        expect(v.ok).toBe(false);
        expect(v.problems.map((p) => `${p.file}: ${p.message}`).join('\n')).toMatch(
          new RegExp(`${file.replace('.', '\\.')}.*extra field`),
        );
      }
    }
  });
});
