/**
 * Hardening residuals of review s40, through the gateway on real PostgreSQL (the PostgreSQL
 * full-text backend) or on the importers directly. The name says what must hold, the
 * parenthesis what happened before the fix.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { generateNoarkExtract } from '../dev/generator';
import { importNoark } from '../subgraphs/archive/noark/import';
import { gql } from '../dev/services';
import { insertPatients } from '../subgraphs/journal/store';

let env: TestStack;
const scratch = mkdtempSync(join(tmpdir(), 'hs-s40-'));

const NOTE = (id: string, patient: string) =>
  env.tdb.db.query(
    `INSERT INTO journal.journal_entry (id, patient_id, source_system, source_id, entry_type, written_at, text, status)
     VALUES ($1, $2, 'HELSEPLATTFORMEN', $1, 'Journalnotat', '2012-05-01T10:00:00+02:00', 'Et notat.', 'current')`,
    [id, patient],
  );

beforeAll(async () => {
  env = await startPostgresTestStack();
  await insertPatients(env.tdb.db, [
    {
      id: 'pat-s40-1',
      nationalId: '20888014390',
      familyName: 'Nordmann',
      givenName: 'Kari',
      birthDate: '1980-08-20',
    },
    {
      id: 'pat-s40-2',
      nationalId: '13889910059',
      familyName: 'Dahl',
      givenName: 'Ida',
      birthDate: '1999-08-13',
    },
  ] as never);
  await NOTE('s40-note-1', 'pat-s40-1');
  await NOTE('s40-note-2', 'pat-s40-1');
}, 120_000);
afterAll(async () => {
  await env?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe('Noark 5 import: an endring of endringslogg.xml is stored only with an endretDato that is a time', () => {
  it('an endretDato that is no xs:dateTime (a Norwegian date, 30 February, 24:00, a date alone) is quarantined naming endretDato with its source bytes, and the good endring of the file is imported (they were stored as text as they came: sorted as text among the real times, and carried by export-noark into an endringslogg.xml that endringslogg.xsd, M682 xs:dateTime, refuses)', async () => {
    const ex = generateNoarkExtract({ seed: 40, saksmapper: 1 });
    const dir = join(scratch, 'endringslogg-dates');
    for (const f of ex.files) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.content);
    }
    const ref = /<systemID>([^<]+)<\/systemID>/.exec(ex.files[0]!.content.toString('utf8'))![1]!;
    const endring = (dato: string) =>
      '<endring>\n' +
      `    <referanseArkivenhet>${ref}</referanseArkivenhet>\n` +
      '    <referanseMetadata>tittel</referanseMetadata>\n' +
      `    <endretDato>${dato}</endretDato>\n` +
      '    <endretAv>Arkivar</endretAv>\n' +
      `    <tidligereVerdi>Gammel ${dato}</tidligereVerdi>\n` +
      `    <nyVerdi>Ny ${dato}</nyVerdi>\n` +
      '  </endring>';
    const bad = ['10.01.2023 kl 10', '2023-02-30T10:00:00+01:00', '2023-01-10T24:00:00Z', '2023-01-10'];
    writeFileSync(
      join(dir, 'endringslogg.xml'),
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<endringslogg xmlns="http://www.arkivverket.no/standarder/noark5/endringslogg">\n' +
        [...bad, '2023-01-10T10:00:00+01:00'].map((d) => `  ${endring(d)}\n`).join('') +
        '</endringslogg>\n',
    );
    const r = await importNoark(env.tdb.db, dir);
    expect(r.endringslogg).toBe(1);
    const stored = await env.tdb.db.query<{ endret_dato: string }>(
      'SELECT endret_dato FROM archive.endringslogg WHERE referanse_arkivenhet = $1',
      [ref],
    );
    expect(stored.rows).toEqual([{ endret_dato: '2023-01-10T10:00:00+01:00' }]);
    const q = await env.tdb.db.query<{ reason: string; raw: Buffer }>(
      `SELECT reason, raw FROM archive.quarantine WHERE source_file = 'endringslogg.xml' ORDER BY line`,
    );
    expect(q.rows.map((x) => x.reason)).toEqual(bad.map(() => expect.stringMatching(/endretDato/)));
    expect(q.rows.map((x) => x.raw.toString('utf8'))).toEqual(bad.map(endring));
  }, 120_000);
});

describe('free text of the journal and policy mutations has a length cap', () => {
  const HUGE = 'a'.repeat(900_000); // about 900 KB: under the gateway's 1 MiB body cap
  const written = async () =>
    (
      await env.tdb.db.query<{ n: string }>(
        `SELECT (SELECT count(*) FROM journal.patient_link) + (SELECT count(*) FROM journal.record_case)
              + (SELECT count(*) FROM journal.entry_version) + (SELECT count(*) FROM policy.break_glass)
              + (SELECT count(*) FROM policy.legal_hold) AS n`,
      )
    ).rows[0]!.n;
  const tokens = async () => ({
    archivist: await env.stack.token({
      sub: 'arkivar-s40',
      role: 'archivist',
      purpose: 'ARCHIVE_ADMINISTRATION',
    }),
    ansvarlig: await env.stack.token({
      sub: 'ansvarlig-s40',
      role: 'journalansvarlig',
      purpose: 'RECORD_CORRECTION',
    }),
    legal: await env.stack.matterToken({ id: 'M-S40-1', patientIds: ['pat-s40-1'] }, { sub: 'jurist-s40' }),
  });
  type Who = keyof Awaited<ReturnType<typeof tokens>>;
  const cases: [string, Who, string, Record<string, unknown>, RegExp][] = [
    [
      'linkPatients reason',
      'archivist',
      `mutation ($r: String!) { linkPatients(a: "pat-s40-1", b: "pat-s40-2", reason: $r) { id } }`,
      { r: HUGE },
      /^reason is longer than 4000 characters/,
    ],
    [
      'breakGlass reason',
      'legal',
      `mutation ($r: String!) { breakGlass(patientId: "pat-s40-2", reason: $r) { id } }`,
      { r: HUGE },
      /^reason is longer than 4000 characters/,
    ],
    [
      'placeLegalHold reason',
      'archivist',
      `mutation ($r: String!) { placeLegalHold(matterId: "M-S40-1", reason: $r) { id } }`,
      { r: HUGE },
      /^reason is longer than 4000 characters/,
    ],
    [
      'registerRecordCase claim',
      'archivist',
      `mutation ($r: String!) { registerRecordCase(input: { entryId: "s40-note-1", ground: HPL_43,
          requestedBy: HEALTH_PERSONNEL, claim: $r }) { id } }`,
      { r: HUGE },
      /^claim is longer than 4000 characters/,
    ],
    [
      'registerRecordCase requesterName',
      'archivist',
      `mutation ($r: String!) { registerRecordCase(input: { entryId: "s40-note-1", ground: HPL_43,
          requestedBy: PATIENT, requesterName: $r, claim: "Feil opplysning" }) { id } }`,
      { r: HUGE },
      /^requesterName is longer than 200 characters/,
    ],
    [
      'correctJournalEntry reason',
      'ansvarlig',
      `mutation ($r: String!) { correctJournalEntry(id: "s40-note-1", text: "Rettet notat.", reason: $r) { id } }`,
      { r: HUGE },
      /^reason is longer than 4000 characters/,
    ],
    [
      'deleteJournalEntry legalBasis',
      'ansvarlig',
      `mutation ($r: String!) { deleteJournalEntry(id: "s40-note-2", legalBasis: $r, assessment: {
          generallyUnobjectionable: true, archiveLawAllows: true, obviouslyNotNeededForCare: true }) { id } }`,
      { r: HUGE },
      /^legalBasis is longer than 4000 characters/,
    ],
  ];
  it.each(cases)(
    "%s over its cap is BAD_USER_INPUT naming it, and nothing is written (about 900 KB was stored, and a deletion's legalBasis again on every version, service decision and quarantined line of the note)",
    async (_, who, mutation, variables, message) => {
      const token = (await tokens())[who];
      const before = await written();
      const res = await gql(env.stack.gateway.url, mutation, { token, variables });
      expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.body.errors?.[0]?.message).toMatch(message);
      expect(await written()).toBe(before);
      const note = await env.tdb.db.query(`SELECT text FROM journal.journal_entry WHERE id = 's40-note-2'`);
      expect(note.rows[0]).toEqual({ text: 'Et notat.' });
    },
    120_000,
  );

  it('a reason of 4,000 characters is stored', async () => {
    const { archivist } = await tokens();
    const res = await gql(
      env.stack.gateway.url,
      `mutation ($r: String!) { placeLegalHold(matterId: "M-S40-1", reason: $r) { id } }`,
      { token: archivist, variables: { r: 'Ø'.repeat(4000) } },
    );
    expect(res.body.errors).toBeUndefined();
  }, 120_000);
});

describe('the cost estimate: the items of a list with a slicing argument have lists of their own', () => {
  let researcher: string;
  beforeAll(async () => {
    const archivist = await env.stack.token({
      sub: 'arkivar-s40',
      role: 'archivist',
      purpose: 'ARCHIVE_ADMINISTRATION',
    });
    const grant = await gql(
      env.stack.gateway.url,
      `mutation { registerGrant(input: { id: "G-S40-1", projectId: "P-S40", title: "Studie",
          rekNumber: "2025/40", legalBasis: "helseforskningsloven § 33", responsibleResearcher: "forsker-s40",
          cohort: { bornFrom: "1980-01-01", bornTo: "1999-12-31" }, variables: [PERSON_BIRTH_YEAR, CONTACT_START,
            CONTACT_SERVICE, CONTACT_CLASS, DECISION_LEGAL_BASIS, DECISION_MEASURES, DECISION_VALID_FROM,
            DECISION_VALID_TO, EXECUTION_MEASURE, EXECUTION_START, EXECUTION_MINUTES, EXECUTION_DESCRIPTION,
            CASE_DATE, CASE_STATUS, CASE_CLASS, CASE_TITLE],
          datePrecision: YEAR, freeText: true, outputLevel: PSEUDONYMISED_RECORDS,
          expiresAt: "${new Date(Date.now() + 30 * 86_400_000).toISOString()}" }) { id } }`,
      { token: archivist },
    );
    expect(grant.body.errors).toBeUndefined();
    researcher = await env.stack.token({
      sub: 'forsker-s40',
      role: 'researcher',
      purpose: 'RESEARCH',
      grant: 'G-S40-1',
    });
  }, 120_000);

  it("researchCohort { subjects(first: 1000) { careContacts cases coercionExecutions coercionDecisions } } is QUERY_TOO_COMPLEX: each subject's lists are lists, not the slice (priced as one item each, about 20,000, it was run: four queries per subject, 4,000 from one request and 8,000 from two aliases)", async () => {
    const res = await gql(
      env.stack.gateway.url,
      `{ researchCohort { subjects(first: 1000) { pseudonym
          careContacts { start service contactClass } cases { saksdato saksstatus klasse tittel }
          coercionExecutions { measure start minutes description } coercionDecisions { legalBasis measures validFrom validTo } } } }`,
      { token: researcher },
    );
    expect(res.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(res.body.data ?? null).toBeNull();
    // A page of a hundred subjects with their lists is answered.
    const ok = await gql(
      env.stack.gateway.url,
      `{ researchCohort { subjects(first: 100) { pseudonym careContacts { start } cases { saksdato } } } }`,
      { token: researcher },
    );
    expect(ok.body.errors).toBeUndefined();
  }, 120_000);
});

describe('postjournal and løpende journal: a unit no case is registered under is a clear error, not an empty journal', () => {
  const UNIT = 'Helse- og velferdskontor S40';
  let DAY = '2024-03-04';
  beforeAll(async () => {
    const token = await env.stack.token({ sub: 'arkivar-s40', role: 'archivist', purpose: 'ACCESS_REQUEST' });
    const res = await gql(
      env.stack.gateway.url,
      `mutation ($i: RegisterAccessRequestInput!) { registerAccessRequest(input: $i) { mappeId } }`,
      {
        token,
        variables: {
          i: {
            patientId: 'pat-s40-1',
            patientNationalId: '20888014390',
            requesterName: 'Kari Nordmann',
            relation: 'PATIENT',
            receivedAt: '2024-03-04T10:00:00+01:00',
            administrativEnhet: UNIT,
          },
        },
      },
    );
    expect(res.body.errors).toBeUndefined();
    // The journalpost of the request is registered on its journaldato.
    DAY = (
      await env.tdb.db.query<{ d: string }>(
        `SELECT j.journaldato::text AS d FROM archive.journalpost j JOIN archive.saksmappe s ON s.id = j.saksmappe_id
          WHERE s.administrativ_enhet = $1 LIMIT 1`,
        [UNIT],
      )
    ).rows[0]!.d;
  }, 120_000);

  it('a unit that is no administrativEnhet of any case (a typo, another case) is BAD_USER_INPUT naming the units there are, in the GraphQL postjournal and løpende journal, and exit 2 with no file written from the CLI (an empty journal was answered, and written to the file with exit 0: "Wrote 0 journalposter")', async () => {
    const archivist = await env.stack.token({
      sub: 'arkivar-s40',
      role: 'archivist',
      purpose: 'ARCHIVE_ADMINISTRATION',
    });
    for (const field of ['postjournal', 'loependeJournal'])
      for (const unit of [UNIT.toLowerCase(), '']) {
        const res = await gql(
          env.stack.gateway.url,
          `query ($u: String) { ${field}(from: "${DAY}", to: "${DAY}", unit: $u) { entries { journalpostId } } }`,
          { token: archivist, variables: { u: unit } },
        );
        expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(res.body.errors?.[0]?.message).toMatch(/^unit .* is no administrativEnhet of any case/);
        expect(res.body.errors?.[0]?.message).toContain(UNIT);
        const ok = await gql(
          env.stack.gateway.url,
          `query ($u: String) { ${field}(from: "${DAY}", to: "${DAY}", unit: $u) { entries { journalpostId } } }`,
          { token: archivist, variables: { u: UNIT } },
        );
        expect(ok.body.errors).toBeUndefined();
        expect(ok.body.data[field].entries.length).toBeGreaterThan(0);
      }
    const e: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: env.tdb.url, LOG_LEVEL: 'error' };
    delete e.ELASTICSEARCH_URL;
    const file = join(scratch, 'pj-unknown-unit.html');
    const r = spawnSync(
      process.execPath,
      [join(__dirname, '..', 'bin', 'helsespor.js'), 'postjournal', DAY, DAY, file, 'Ukjent enhet'],
      { env: e, encoding: 'utf8', timeout: 60_000 },
    );
    expect({ status: r.status, file: existsSync(file) }).toEqual({ status: 2, file: false });
    expect(r.stderr).toMatch(/unit Ukjent enhet is no administrativEnhet of any case/);
    expect(r.stderr).toContain(UNIT);
  }, 120_000);
});
