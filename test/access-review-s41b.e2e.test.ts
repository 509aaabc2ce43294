/**
 * Access review s41b (reviewer acc41b): who may see what on the paths added in review s41
 * (record history, what each source said about a patient, archive documents in the evidence
 * bundle, later Noark extracts). Each test FAILS on the code as reviewed (main at 1ef027f), for
 * the reason its comment gives. Real PostgreSQL through the gateway (dev/test-stack.ts), the
 * bundle writer with a stub document reader.
 *
 * Not repeated here: the earlier review files (test/*review*.test.ts) and record-history.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hpPatient, hpPatientRecord, recordKeeperTokens, writeHpExport } from '../dev/hp-records';
import { gql } from '../dev/services';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { unzipAll } from '../dev/zip';
import type { BundleItem, DocumentReader } from '../lib/bundle/types';
import { writeBundle } from '../lib/bundle/write';
import { makeSyntheticNationalId } from '../lib/national-id';
import { runImport } from '../subgraphs/journal/import/run';

let dir: string;
let ts: TestStack;
let archivist: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-access-s41b-'));
  ts = await startPostgresTestStack();
  ({ archivist } = await recordKeeperTokens(ts.stack, 's41b'));
}, 120_000);

afterAll(async () => {
  await ts?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const call = (token: string, query: string, variables?: Record<string, unknown>) =>
  gql(ts.stack.gateway.url, query, { token, variables });

/** The access-log rows of a user. */
const logged = async (userId: string) =>
  (
    await ts.tdb.db.query<{ patient_id: string; entity_type: string; entity_ids: string[]; outcome: string }>(
      `SELECT patient_id, entity_type, entity_ids, outcome FROM audit.access_log WHERE user_id = $1 ORDER BY seq`,
      [userId],
    )
  ).rows;

// ---- Patient.identities { sourceDetails }: a source record now filed under another person ----

// Attack: an HP export files local patient id pt-s41b-a under Anne Aasen (national id A); a
// later export sends the same local id with another person's fødselsnummer (B), name and birth
// date. The import does not move the record or link the two (not a D-number replaced by its
// fødselsnummer: writer.ts sameSourcePerson; linking "would open one person's record to the
// other's matters") and keeps the change for an archivist (journal.identity_change). But since
// migration 029 the same import writes the later statement into Anne's patient_identity row,
// and Patient.identities { sourceDetails } shows it under Anne's record: a legal user whose
// matter is Anne alone reads Bodil Bjerke's name and birth date, and nothing is logged under
// Bodil. Linked by an archivist as one person, then unlinked (two persons after all), the
// statement stayed under Anne's record for every matter of hers.
describe('Patient.identities: a source statement naming another person', () => {
  const NID_A = makeSyntheticNationalId('1971-03-03', 411, true);
  const anne = hpPatient('pt-s41b-a', '1971-03-03', 411, { family: 'Aasen', given: ['Anne'] });
  const bodil = {
    ...hpPatient('pt-s41b-a', '1988-08-08', 412, { family: 'Bjerke', given: ['Bodil'] }),
    birthDate: '1988-08-08',
  };
  const NID_B = bodil.identifier[0]!.value;
  let recordA: string;
  let recordB: string;
  const QUERY = `query ($id: ID!) { patient(id: $id) { id familyName
    identities { sourceSystem localId differsIn sourceDetails { familyName givenName birthDate } } } }`;

  beforeAll(async () => {
    expect(anne.identifier[0]!.value).toBe(NID_A);
    await runImport(ts.tdb.db, 'hp', writeHpExport(dir, 'hp-a-1', { Patient: [anne] }));
    recordA = await hpPatientRecord(ts.tdb.db, 'pt-s41b-a');
    await runImport(ts.tdb.db, 'hp', writeHpExport(dir, 'hp-a-2', { Patient: [bodil] }));
    const r = await ts.tdb.db.query<{ id: string }>('SELECT id FROM journal.patient WHERE national_id = $1', [
      NID_B,
    ]);
    recordB = r.rows[0]!.id;
    // The import left the record where it was and kept the change for an archivist.
    expect(await hpPatientRecord(ts.tdb.db, 'pt-s41b-a')).toBe(recordA);
    const changes = await ts.tdb.db.query(
      'SELECT 1 FROM journal.identity_change WHERE old_patient_id = $1 AND new_patient_id = $2',
      [recordA, recordB],
    );
    expect(changes.rowCount).toBe(1);
  }, 120_000);

  test('pasientjournalloven § 22 with pasientjournalforskriften § 14: a legal user whose matter is the record’s person does not read what its source now says of another person (name, birth date); an archivist does, logged under that person’s record; linked and then unlinked, the statement follows the link', async () => {
    const legal = await ts.stack.matterToken(
      { id: 'M-S41B-SRC', nationalIds: [NID_A], purpose: 'LEGAL_PROCEEDINGS' },
      { sub: 'jurist-s41b-src' },
    );
    const r = await call(legal, QUERY, { id: recordA });
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.patient.familyName).toBe('Aasen');
    const text = JSON.stringify(r.body.data);
    expect(text).not.toContain('Bjerke');
    expect(text).not.toContain('Bodil');
    expect(text).not.toContain('1988-08-08');
    const [identity] = r.body.data.patient.identities;
    expect(identity).toMatchObject({ localId: 'pt-s41b-a', sourceDetails: null, differsIn: ['nationalId'] });

    // The archivist, who reaches everyone, reads it, and the read is in Bodil's access log.
    const a = await call(archivist, QUERY, { id: recordA });
    expect(a.body.errors).toBeUndefined();
    expect(a.body.data.patient.identities[0].sourceDetails).toMatchObject({
      familyName: 'Bjerke',
      givenName: 'Bodil',
      birthDate: '1988-08-08',
    });
    expect(await logged('arkivar-s41b')).toContainEqual({
      patient_id: recordB,
      entity_type: 'patient',
      entity_ids: [recordB],
      outcome: 'granted',
    });

    // An archivist decides they are one person: the statement is the person's, and read by her matter.
    const link = await call(
      archivist,
      `mutation ($a: ID!, $b: ID!) { linkPatients(a: $a, b: $b, reason: "samme person: rettet fødselsnummer") { id } }`,
      { a: recordA, b: recordB },
    );
    expect(link.body.errors).toBeUndefined();
    const linked = await call(legal, QUERY, { id: recordA });
    expect(linked.body.errors).toBeUndefined();
    expect(linked.body.data.patient.identities[0].sourceDetails).toMatchObject({ familyName: 'Bjerke' });
    // Two persons after all: unlinked, her matter no longer reads it.
    const unlink = await call(
      archivist,
      `mutation ($a: ID!, $b: ID!) { unlinkPatients(a: $a, b: $b, reason: "to personer") { id } }`,
      { a: recordA, b: recordB },
    );
    expect(unlink.body.errors).toBeUndefined();
    const after = await call(legal, QUERY, { id: recordA });
    expect(after.body.errors).toBeUndefined();
    expect(JSON.stringify(after.body.data)).not.toContain('Bjerke');
  }, 120_000);
});

// ---- the evidence bundle: a document with a withheld passage ----

// Attack: a legal user builds a bundle and withholds one passage of a letter (a third party's
// name: pasient- og brukerrettighetsloven § 5-1 andre ledd). The writer prints the letter's text
// with the passage cut out, and then puts the original file, passage and all, in the ZIP under
// documents/ (lib/bundle/documents.ts takeDocument: only a document withheld whole is left out;
// test/bundle-documents.e2e.test.ts even expects the file of its letter with a withheld passage).
describe('evidence bundle: a document with a withheld passage', () => {
  const THIRD_PARTY = 'Naboen Kari Nilsen ringte inn bekymringen.';
  const LETTER = Buffer.from(
    `%PDF-1.4\n% Datteren skriver at moren ikke klarer seg hjemme. ${THIRD_PARTY}\n%%EOF\n`,
  );
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  const item: BundleItem = {
    id: 'ARCHIVE_DOCUMENT:d-s41b',
    kind: 'archive_document',
    date: '2023-03-05',
    sourceSystem: 'SAKARKIV',
    sourceId: 'DOKUMENT/brev.pdf',
    title: 'Dokument: Søknad om langtidsopphold',
    document: { ref: 'jp/d-s41b', fileName: 'DOKUMENT/brev.pdf', sha256: sha(LETTER), bytes: LETTER.length },
  };
  const read: string[] = [];
  const reader: DocumentReader = {
    async file(ref, dest) {
      read.push(`file ${ref}`);
      writeFileSync(dest, LETTER);
      return { written: true };
    },
    async text(ref) {
      read.push(`text ${ref}`);
      return {
        status: 'DONE',
        pages: [
          {
            page: 1,
            origin: 'PDF_TEXT',
            text: `Datteren skriver at moren ikke klarer seg hjemme. ${THIRD_PARTY}`,
          },
        ],
      };
    },
  };
  async function* items(): AsyncGenerator<BundleItem> {
    yield item;
  }

  test('pasient- og brukerrettighetsloven § 5-1 andre ledd: a document with a withheld passage is not given as its original file (which holds the passage); its text is printed without it and its item says why it has no file', async () => {
    const out = join(dir, 'withheld-passage.zip');
    await writeBundle({
      request: {
        matter: 'M-S41B',
        requester: 'Advokat for motparten',
        purpose: 'LEGAL_PROCEEDINGS',
        window: { from: null, to: null },
        query: 'alle',
      },
      builder: { userId: 'jurist-s41b', role: 'legal', requestId: 'r-s41b', via: 'test' },
      completeness: { sources: [{ sourceSystem: 'SAKARKIV' }] },
      items: items(),
      withheld: [{ itemId: item.id, ground: 'opplysninger om tredjeperson', text: 'Kari Nilsen' }],
      documents: reader,
      out,
    });
    const files = await unzipAll(out);
    for (const [name, bytes] of files) expect([name, bytes.includes('Kari Nilsen')]).toEqual([name, false]);
    expect([...files.keys()].filter((n) => n.startsWith('documents/'))).toEqual([]);
    const [it] = JSON.parse(files.get('items.json')!.toString('utf8')).items;
    expect(it.document).toMatchObject({ file: null, missing: 'tilbakeholdt' });
    expect(it.text).toContain('Datteren skriver at moren ikke klarer seg hjemme.');
    // The file is not read at all.
    expect(read).toEqual(['text jp/d-s41b']);
  });
});
