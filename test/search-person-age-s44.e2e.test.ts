/**
 * Stop 44: a note's age in the search index is the PERSON's age, counted from the person's birth
 * date (the first of their linked records, by id, that states one: lib/policy/grant-store.ts
 * PERSON_FACTS_SQL, the birth date the research cohort and extract count from), not from the
 * birth date of the record the note is on. Before, the journal outbox aged each note by its own
 * record's birth date (subgraphs/journal/outbox.ts birthDateOf), so a person of two linked records
 * whose sources state different birth dates (a typo in a legacy system) had the notes of one
 * record aged by a birth date that is not theirs: an age window over everyone, a person-limited
 * age window and a research grant's window (all over the index's ageAtDate: search-index/filters.ts)
 * missed notes the cohort and the extract place in the window and added notes they place outside it
 * (helseforskningsloven § 33: the cohort and data set approved; pasientjournalloven § 22 and
 * DOMAIN.md case 2: "all care given at ages 13-15"). Each change of the person's birth date (a link,
 * an unlink with the choices it undoes, a birth date chosen, an import that fills one) re-indexes
 * the notes whose age it changes. On both search backends, through the gateway.
 *
 * The person: PT_A (sorts first) states 2004-03-01, PT_B (linked) states 2003-03-01; PT_B's notes
 * are at the person's ages 12, 13 and 15 (PT_B's own birth date says 13, 14 and 16), PT_A's at 14.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gql } from '../dev/services';
import { BOTH_SEARCH_BACKENDS, insertQueuedNote, type TestStack } from '../dev/test-stack';
import { hpPatient, hpPatientRecord, writeHpExport } from '../dev/hp-records';
import { insertPatients } from '../subgraphs/journal/store';
import { runImport } from '../subgraphs/journal/import/run';
import { makeSyntheticNationalId } from '../lib/national-id';

const PT_A = 'pt-s44-a';
const PT_B = 'pt-s44-b';
const NID_A = makeSyntheticNationalId('2004-03-01', 441, true);

/** Notes: id → [patient, date, its own word]. All carry "zqxalder". */
const NOTES: Record<string, [string, string, string]> = {
  'je-s44-b12': [PT_B, '2016-06-01T10:00:00+02:00', 'zqxtolv'],
  'je-s44-b13': [PT_B, '2017-06-01T10:00:00+02:00', 'zqxtretten'],
  'je-s44-b15': [PT_B, '2019-06-01T10:00:00+02:00', 'zqxfemten'],
  'je-s44-a14': [PT_A, '2018-06-01T10:00:00+02:00', 'zqxfjorten'],
};

describe.each(BOTH_SEARCH_BACKENDS)('a note is aged by its person’s birth date (%s)', (_backend, start) => {
  let env: TestStack;
  let archivist: string;
  let ansvarlig: string;
  let legal: string;
  const call = (token: string, query: string, variables?: Record<string, unknown>) =>
    gql(env.stack.gateway.url, query, { token, variables });
  const expiresAt = () => new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString();

  beforeAll(async () => {
    env = await start();
    const db = env.tdb.db;
    await insertPatients(db, [
      { id: PT_A, nationalId: NID_A, familyName: 'Vik', givenName: 'Mia', birthDate: '2004-03-01' },
      { id: PT_B, familyName: 'Vik', givenName: 'Mia', birthDate: '2003-03-01' },
    ]);
    // A second source record of PT_A's, whose statement gives another birth date (choosePersonDetail).
    await db.query(
      `INSERT INTO journal.patient_identity (source_system, local_id, patient_id, source_details, source_details_at)
       VALUES ('PROFIL', 's44-a-profil', $1, $2::jsonb, now())`,
      [
        PT_A,
        JSON.stringify({ nationalId: NID_A, familyName: 'Vik', givenName: 'Mia', birthDate: '2004-09-01' }),
      ],
    );
    for (const [id, [patientId, writtenAt, word]] of Object.entries(NOTES))
      await insertQueuedNote(db, { id, patientId, writtenAt, text: `Samtale: zqxalder og ${word} nevnt.` });
    // Indexed before the link: each record its own person, its notes aged by its own birth date.
    await env.stack.index();
    archivist = await env.stack.token({
      sub: 'arkivar-s44',
      role: 'archivist',
      purpose: 'ARCHIVE_ADMINISTRATION',
    });
    ansvarlig = await env.stack.token({
      sub: 'ansvarlig-s44',
      role: 'journalansvarlig',
      purpose: 'RECORD_CORRECTION',
    });
    legal = await env.stack.matterToken({ id: 'M-S44', patientIds: [PT_A, PT_B] }, { sub: 'jurist-s44' });
    const link = await call(
      archivist,
      `mutation { linkPatients(a: "${PT_A}", b: "${PT_B}", reason: "samme person, fødselsdato feilregistrert i kilden") { id } }`,
    );
    expect(link.body.errors).toBeUndefined();
    await env.stack.index();
  }, 180_000);

  afterAll(async () => {
    await env?.stop();
  });

  const ids = (hits: { journalEntry: { id: string } }[]) => hits.map((h) => h.journalEntry.id).sort();

  /** The notes an age window over everyone finds (a journalansvarlig's search). */
  async function overEveryone(ageFrom: number, ageTo: number, q = 'zqxalder'): Promise<string[]> {
    const r = await call(
      ansvarlig,
      `query ($q: String!, $f: Int, $t: Int) { search(query: $q, expand: false, ageFrom: $f, ageTo: $t, first: 50) {
         hits { journalEntry { id } } } }`,
      { q, f: ageFrom, t: ageTo },
    );
    expect(r.body.errors).toBeUndefined();
    return ids(r.body.data.search.hits);
  }

  /** The notes a person-limited age window finds, asked through record `p` (a legal matter over the person). */
  async function ofPerson(p: string, ageFrom: number, ageTo: number, q = 'zqxalder'): Promise<string[]> {
    const r = await call(
      legal,
      `query ($p: ID!, $q: String!, $f: Int, $t: Int) { patient(id: $p) {
         search(query: $q, expand: false, ageFrom: $f, ageTo: $t, first: 50) { hits { journalEntry { id } } } } }`,
      { p, q, f: ageFrom, t: ageTo },
    );
    expect(r.body.errors).toBeUndefined();
    return ids(r.body.data.patient.search.hits);
  }

  test('pasientjournalloven § 22, DOMAIN.md case 2: a linked record’s notes are found by the person’s age window (over everyone and person-limited), aged by the first record that states a birth date', async () => {
    // Person born 2004-03-01 (PT_A): b12 at 12 (out), b13 at 13, a14 at 14, b15 at 15.
    const want = ['je-s44-a14', 'je-s44-b13', 'je-s44-b15'];
    expect(await overEveryone(13, 15)).toEqual(want);
    expect(await ofPerson(PT_A, 13, 15)).toEqual(want);
    expect(await ofPerson(PT_B, 13, 15)).toEqual(want);
    // The brief's note: on PT_B, written when the person was 13 (PT_B's own birth date says 14).
    expect(await overEveryone(13, 13)).toEqual(['je-s44-b13']);
    expect(await ofPerson(PT_B, 13, 13)).toEqual(['je-s44-b13']);
  });

  // Found at the merge (stop 44): search aged the notes by the person's birth date, but
  // Patient.journal's and the dossier's age windows started from the birth date of the record
  // asked about, so the same window asked through PT_B held other notes than search gave.
  test('pasientjournalloven § 22, DOMAIN.md case 2: the journal’s and the dossier’s age windows count from the person’s birth date too, through either record', async () => {
    const want = ['je-s44-a14', 'je-s44-b13', 'je-s44-b15'];
    for (const p of [PT_A, PT_B]) {
      const j = await call(
        legal,
        `query ($p: ID!) { patient(id: $p) { journal(ageFrom: 13, ageTo: 15, first: 50) { edges { node { id } } } } }`,
        { p },
      );
      expect(j.body.errors).toBeUndefined();
      expect(
        j.body.data.patient.journal.edges.map((e: { node: { id: string } }) => e.node.id).sort(),
      ).toEqual(want);
      const d = await call(
        legal,
        `query ($p: ID!) { dossier(patientId: $p, window: { ageFrom: 13, ageTo: 15 }) {
           window { from to } items { kind recordId } } }`,
        { p },
      );
      expect(d.body.errors).toBeUndefined();
      expect(d.body.data.dossier.window).toEqual({ from: '2017-03-01', to: '2020-02-29' });
      expect(
        d.body.data.dossier.items
          .filter((i: { kind: string }) => i.kind === 'JOURNAL_ENTRY')
          .map((i: { recordId: string }) => i.recordId)
          .sort(),
      ).toEqual(want);
    }
  });

  test('helseforskningsloven § 33: a researcher’s age window counts the notes the cohort and the data set place in it (research search over the grant’s cohort)', async () => {
    const register = async (id: string, cohort: string) => {
      const r = await call(
        archivist,
        `mutation { registerGrant(input: {
          id: "${id}", projectId: "P-S44", title: "Stop 44", rekNumber: "2025/44",
          legalBasis: "helseforskningsloven § 33", responsibleResearcher: "forsker-s44",
          cohort: { ${cohort} },
          variables: [PERSON_BIRTH_YEAR, JOURNAL_WRITTEN_AT, JOURNAL_AGE, JOURNAL_TEXT],
          datePrecision: EXACT, freeText: true, outputLevel: PSEUDONYMISED_RECORDS,
          expiresAt: "${expiresAt()}" }) { cohortSize } }`,
      );
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data.registerGrant.cohortSize).toBe(1);
      return env.stack.token({ sub: 'forsker-s44', role: 'researcher', purpose: 'RESEARCH', grant: id });
    };
    const total = async (token: string, q: string, window = 'ageFrom: 13, ageTo: 15') => {
      const r = await call(token, `{ search(query: "${q}", expand: false, ${window}) { total } }`);
      expect(r.body.errors).toBeUndefined();
      return r.body.data.search.total as number;
    };
    // The person (born 2004 by their first record) in a cohort of those born in 2004.
    const born = await register('G-S44-BORN04', 'bornFrom: "2004-01-01", bornTo: "2004-12-31"');
    // The data set's ages (PERSON_FACTS_SQL): the search's window counts the same notes.
    const cohort = await call(
      born,
      '{ researchCohort { subjects { birthYear journal { entries { age text } } } } }',
    );
    expect(cohort.body.errors).toBeUndefined();
    const subject = cohort.body.data.researchCohort.subjects[0];
    expect(subject.birthYear).toBe(2004);
    const ages = Object.fromEntries(
      (subject.journal.entries as { age: number; text: string }[]).map((e) => [
        /zqx(?!alder)\w+/.exec(e.text)![0],
        e.age,
      ]),
    );
    expect(ages).toEqual({ zqxtolv: 12, zqxtretten: 13, zqxfjorten: 14, zqxfemten: 15 });
    const counts: Record<string, number> = {};
    for (const w of Object.keys(ages)) counts[w] = await total(born, w);
    expect(counts).toEqual({ zqxtolv: 0, zqxtretten: 1, zqxfjorten: 1, zqxfemten: 1 });
    // A cohort of those with a note at 15: the person, by PT_B's note; their search finds it.
    const at15 = await register('G-S44-AGE15', 'ageFrom: 15, ageTo: 15');
    expect(await total(at15, 'zqxalder', 'first: 0')).toBe(1);
    expect(await total(at15, 'zqxfemten', 'first: 0')).toBe(1);
  });

  test('pasientjournalloven § 22: a birth date chosen for the first record re-ages the notes of every record of the person', async () => {
    const r = await call(
      archivist,
      `mutation { choosePersonDetail(patientId: "${PT_A}", field: BIRTH_DATE, sourceSystem: PROFIL,
         localId: "s44-a-profil", reason: "Folkeregisteret: født 2004-09-01") { birthDate } }`,
    );
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.choosePersonDetail.birthDate).toBe('2004-09-01');
    await env.stack.index();
    // Person born 2004-09-01: b12 at 11, b13 at 12, a14 at 13, b15 at 14.
    expect(await overEveryone(13, 15)).toEqual(['je-s44-a14', 'je-s44-b15']);
    expect(await ofPerson(PT_B, 13, 15)).toEqual(['je-s44-a14', 'je-s44-b15']);
  });

  test('pasientjournalloven § 22: after an unlink each record’s notes are aged by its own birth date again', async () => {
    // Linked: the person's birth date (PT_A's, 2004-09-01 since the choice above).
    expect(await overEveryone(14, 14)).toEqual(['je-s44-b15']);
    const r = await call(
      archivist,
      `mutation { unlinkPatients(a: "${PT_A}", b: "${PT_B}", reason: "to personer etter sjekk i Folkeregisteret") { id } }`,
    );
    expect(r.body.errors).toBeUndefined();
    await env.stack.index();
    // PT_B by its own 2003-03-01: b12 at 13, b13 at 14, b15 at 16. PT_A (2004-09-01): a14 at 13.
    expect(await overEveryone(13, 15)).toEqual(['je-s44-a14', 'je-s44-b12', 'je-s44-b13']);
    expect(await overEveryone(14, 14)).toEqual(['je-s44-b13']);
    expect(await ofPerson(PT_B, 13, 15)).toEqual(['je-s44-b12', 'je-s44-b13']);
    expect(await ofPerson(PT_A, 13, 15)).toEqual(['je-s44-a14']);
  });

  test('pasientjournalloven § 22: an import that fills the first record’s birth date re-ages the notes of the records linked to it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hs-s44-'));
    try {
      const db = env.tdb.db;
      // X: a Helseplattformen patient sent first without a birth date (FHIR Patient.birthDate is
      // 0..1); its record (pat-…) sorts before Q (pt-…), which states 2003-03-01 and holds the note.
      const x = hpPatient('s44-x', '2004-03-01', 460);
      expect(x.identifier[0]!.value).not.toBe(NID_A);
      const { birthDate: _b, ...withoutBirth } = x;
      void _b;
      await runImport(db, 'hp', writeHpExport(dir, 'x1', { Patient: [withoutBirth] }));
      const X = await hpPatientRecord(db, 's44-x');
      const Q = 'pt-s44-q';
      expect(X < Q).toBe(true);
      await insertPatients(db, [
        { id: Q, familyName: 'Sporvik', givenName: 'Tone', birthDate: '2003-03-01' },
      ]);
      await insertQueuedNote(db, {
        id: 'je-s44-q15',
        patientId: Q,
        writtenAt: '2019-06-01T10:00:00+02:00',
        text: 'Samtale: zqxfyll nevnt.',
      });
      const link = await call(
        archivist,
        `mutation { linkPatients(a: "${X}", b: "${Q}", reason: "samme person") { id } }`,
      );
      expect(link.body.errors).toBeUndefined();
      await env.stack.index();
      // No record of the person but Q states a birth date: the note at 16.
      expect(await overEveryone(16, 16, 'zqxfyll')).toEqual(['je-s44-q15']);
      // X's next export states 2004-03-01: the person's birth date (X sorts first), the note at 15.
      await runImport(db, 'hp', writeHpExport(dir, 'x2', { Patient: [x] }));
      await env.stack.index();
      expect(await overEveryone(15, 15, 'zqxfyll')).toEqual(['je-s44-q15']);
      expect(await overEveryone(16, 16, 'zqxfyll')).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
