/**
 * H-numbers (hjelpenummer) outside the journal, stop 35: an H-nummer names a person only within
 * the institution that gave it (lib/national-id.ts; journal migration 021 keeps it per source as
 * Patient.helpNumber). Each test failed on branch identity at c57e324 before its fix. Real
 * PostgreSQL and the gateway (dev/test-stack.ts); the CLI runs as a user runs it (scripts/cli.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { registerAccessRequest } from '../dev/access-requests';
import { NOTES_HEADER, gericaFolder, noteRow } from '../dev/gerica-rows';
import { withCheckDigits } from '../dev/generator';
import { gql, testConfig } from '../dev/services';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { makeSyntheticNationalId } from '../lib/national-id';
import { insertMatter } from '../lib/policy/store';
import { importCoercionPath } from '../subgraphs/coercion/import';
import { runImport } from '../subgraphs/journal/import/run';
import { sourceRecord, writeOtherOrganisationProfil } from '../dev/help-numbers';

const ROOT = join(__dirname, '..');

let dir: string;
let ts: TestStack;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-help35-'));
  ts = await startPostgresTestStack({ research: { ...testConfig({}).research, extractDir: dir } });
}, 120_000);

afterAll(async () => {
  await ts?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type Answer = { errors?: { message: string; extensions?: { code?: string } }[]; data?: any };
const refusal = (body: Answer) => ({
  code: body.errors?.[0]?.extensions?.code,
  message: body.errors?.[0]?.message,
});

describe('a caller naming a person by an H-nummer as a national id', () => {
  // An H-nummer: day 15, month 43 (March + 40), 1985; valid check digits.
  const hNumber = withCheckDigits(154385123);
  const fnr = makeSyntheticNationalId('1985-03-15', 11, true);

  test('pasientjournalloven § 22: an access request filed under an H-nummer (as the patient’s or the requester’s national id) is refused with BAD_USER_INPUT saying to give the patient record id, and nothing is stored; one under a fødselsnummer is registered', async () => {
    // Scenario: a case handler files an innsyn request for "the patient 15438512…", an
    // H-nummer one hospital gave. Found (stop 35): it was taken as a national id, and the
    // request's person (expandPersons over archive.access_request) reached every source's
    // records of the same number, another institution's person among them.
    const token = await ts.stack.token({
      sub: 'saksbehandler-h35',
      role: 'archivist',
      purpose: 'ACCESS_REQUEST',
    });
    const input = {
      patientId: 'p-h35-request',
      patientName: 'Per Hjelpenes',
      requesterName: 'Per Hjelpenes',
      relation: 'PATIENT',
      receivedAt: new Date(Date.now() - 3600_000).toISOString(),
    };
    const m = `mutation ($i: RegisterAccessRequestInput!) { registerAccessRequest(input: $i) { saksmappe { id } } }`;
    const asPatient = await gql(ts.stack.gateway.url, m, {
      token,
      variables: {
        i: { administrativEnhet: 'Helse- og velferdskontor Lerkendal', ...input, patientNationalId: hNumber },
      },
    });
    const asRequester = await gql(ts.stack.gateway.url, m, {
      token,
      variables: {
        i: {
          administrativEnhet: 'Helse- og velferdskontor Lerkendal',
          ...input,
          patientNationalId: fnr,
          requesterName: 'Kari Hjelpenes',
          requesterNationalId: hNumber,
          relation: 'PARENT',
        },
      },
    });
    const stored = await ts.tdb.db.query('SELECT 1 FROM archive.access_request WHERE patient_id = $1', [
      'p-h35-request',
    ]);
    expect({
      asPatient: refusal(asPatient.body),
      asRequester: refusal(asRequester.body),
      stored: stored.rows.length,
    }).toEqual({
      asPatient: { code: 'BAD_USER_INPUT', message: expect.stringMatching(/H-nummer.*patient record id/) },
      asRequester: { code: 'BAD_USER_INPUT', message: expect.stringMatching(/H-nummer.*patient record id/) },
      stored: 0,
    });
    // A fødselsnummer is registered as before.
    await registerAccessRequest(ts.stack.gateway.url, token, { ...input, patientNationalId: fnr });
    const after = await ts.tdb.db.query('SELECT 1 FROM archive.access_request WHERE patient_id = $1', [
      'p-h35-request',
    ]);
    expect(after.rows).toHaveLength(1);
  });

  test('pasientjournalloven § 22: a matter stored as a seed (insertMatter: the test stack, the demo) under an H-nummer is refused, so no legal hold or matter reaches every source’s records of the number; nothing is stored', async () => {
    const seed = {
      id: 'M-h35-seed',
      title: 'Klagesak',
      purpose: 'COMPLAINT',
      patientIds: [],
      nationalIds: [hNumber],
      periodFrom: null,
      periodTo: null,
      members: ['jurist-h35'],
      expiresAt: new Date(Date.now() + 86400_000),
    };
    await expect(insertMatter(ts.tdb.db, seed, 'arkivar-h35')).rejects.toThrow(/H-nummer.*patient record id/);
    const stored = await ts.tdb.db.query('SELECT 1 FROM policy.matter WHERE id = $1', ['M-h35-seed']);
    expect(stored.rows).toHaveLength(0);
    expect(await insertMatter(ts.tdb.db, { ...seed, nationalIds: [fnr] }, 'arkivar-h35')).toBe(true);
  });

  test('pasientjournalloven § 22: a lookup by national id (patientByNationalId, accessLog) of an H-nummer is refused with BAD_USER_INPUT saying to give the patient record id', async () => {
    const token = await ts.stack.token({ sub: 'arkivar-h35', role: 'archivist', purpose: 'ACCESS_REQUEST' });
    const byNid = await gql(
      ts.stack.gateway.url,
      `query ($n: String!) { patientByNationalId(nationalId: $n) { id } }`,
      { token, variables: { n: hNumber } },
    );
    const log = await gql(
      ts.stack.gateway.url,
      `query ($n: String!) { accessLog(nationalId: $n) { totalCount } }`,
      { token, variables: { n: hNumber } },
    );
    expect({ byNid: refusal(byNid.body), log: refusal(log.body) }).toEqual({
      byNid: { code: 'BAD_USER_INPUT', message: expect.stringMatching(/H-nummer.*patient record id/) },
      log: { code: 'BAD_USER_INPUT', message: expect.stringMatching(/H-nummer.*patient record id/) },
    });
  });

  test('pasientjournalloven § 22: the CLI coercion-report given an H-nummer as the national id refuses it, saying to give the patient record id', async () => {
    const user = `cli:${userInfo().username}`;
    await insertMatter(
      ts.tdb.db,
      {
        id: 'M-h35-cli',
        title: 'Klage på tvang',
        purpose: 'COMPLAINT',
        patientIds: ['p-h35-cli'],
        nationalIds: [],
        periodFrom: null,
        periodTo: null,
        members: [user],
        expiresAt: new Date(Date.now() + 86400_000),
      },
      'arkivar-h35',
    );
    const out = spawnSync(
      join(ROOT, 'node_modules', '.bin', 'tsx'),
      [
        join(ROOT, 'scripts', 'cli.ts'),
        'coercion-report',
        hNumber,
        '--matter',
        'M-h35-cli',
        '--purpose',
        'COMPLAINT',
      ],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: ts.tdb.url, LOG_LEVEL: 'silent' }, encoding: 'utf8' },
    );
    expect({ status: out.status, stderr: out.stderr }).toEqual({
      status: expect.any(Number),
      stderr: expect.stringMatching(/H-nummer.*patient record id/),
    });
    expect(out.status).not.toBe(0);
  }, 60_000);
});

/** The patient record a source record was imported as (dev/help-numbers.ts). */
const patientOf = async (sourceSystem: string, localId: string) =>
  sourceRecord(ts.tdb.db, sourceSystem, localId);

/**
 * One H-nummer given by two organisations to two people: the municipality's Gerica (journal
 * notes and tvangsprotokoll.csv from one installation) and Profil (another organisation's
 * system); Helseplattformen's coercion export has an execution under the same number too.
 */
async function twoOrganisationsOneHNumber(tag: string, base: number) {
  const h = withCheckDigits(base);
  await runImport(
    ts.tdb.db,
    'gerica',
    gericaFolder(dir, `gerica-${tag}-journal`, {
      'journalnotater.csv': [NOTES_HEADER, noteRow(`${tag}001`, `${tag}1`, h, 'Gerica H.')],
    }),
  );
  const profil = writeOtherOrganisationProfil(dir, tag, h);
  await runImport(ts.tdb.db, 'profil', profil);
  const coercion = gericaFolder(dir, `gerica-${tag}-coercion`, {
    'tvangsprotokoll.csv': [
      'RegID;VedtakID;PasientID;Fodselsnr;Start;Slutt;Tiltak;UtfortAv;Beskrivelse;Hjemmel',
      `TP-${tag};;${tag}1;${h};12.04.2021 08:05;12.04.2021 08:19;fysisk holding ved stell;10377;"Holdt i armene under stell.";Hol. § 9-5 tredje ledd bokstav c`,
    ],
  });
  const hpCoercion = join(dir, `Coercion-${tag}.ndjson`);
  writeFileSync(
    hpCoercion,
    JSON.stringify({
      kind: 'execution',
      id: `TVG-${tag}`,
      patient: h,
      measure: 'holding',
      start: '2021-06-01T08:10:00+02:00',
      end: '2021-06-01T08:25:00+02:00',
      executedBy: ['9160033'],
      description: 'Holdt i armene i gangen.',
    }) + '\n',
  );
  for (const path of [coercion, hpCoercion])
    for (const s of await importCoercionPath(ts.tdb.db, path)) expect(s.quarantined).toEqual([]);
  return {
    h,
    gerica: (await patientOf('GERICA', `${tag}1`))!,
    profil: (await patientOf('PROFIL', `${tag}02`))!,
  };
}

describe('search documents of coercion records under an H-nummer', () => {
  test('pasientjournalloven § 22, helsepersonelloven § 21: a Gerica execution under an H-nummer is found by search and counted by searchCoverage in a matter over the Gerica journal patient with that number; never in one over another organisation’s patient of the same number, and the HP execution under the number is neither’s', async () => {
    // Found (stop 35): the execution's search document carried the bare H-nummer as a
    // national id and no patient record, so a matter over the Gerica patient (whose
    // Patient.nationalIds no longer holds the number, journal migration 021) found nothing of
    // it in search and coverage, while the bare number named every organisation's person.
    const { gerica, profil } = await twoOrganisationsOneHNumber('3501', 184_270_620);
    await ts.stack.index();
    const seen = async (patientId: string, matter: string) => {
      const token = await ts.stack.matterToken({
        id: matter,
        patientIds: [patientId],
        purpose: 'LEGAL_PROCEEDINGS',
      });
      const r = await gql(
        ts.stack.gateway.url,
        `query ($id: ID!) { patient(id: $id) {
           search(query: "armene", kinds: ["coercion_execution"]) { total hits { coercionExecution { id } } }
           searchCoverage { systems { sourceSystem kind records indexed } } } }`,
        { token, variables: { id: patientId } },
      );
      expect(r.body.errors).toBeUndefined();
      const p = r.body.data.patient;
      return {
        found: p.search.hits.map(
          (h: { coercionExecution: { id: string } | null }) => h.coercionExecution?.id ?? null,
        ),
        coverage: p.searchCoverage.systems.filter((s: { kind: string }) => s.kind === 'coercion_execution'),
      };
    };
    expect({
      gerica: await seen(gerica, 'M-h35-search-g'),
      profil: await seen(profil, 'M-h35-search-p'),
    }).toEqual({
      gerica: {
        found: ['TP-3501'],
        coverage: [{ sourceSystem: 'GERICA', kind: 'coercion_execution', records: 1, indexed: 1 }],
      },
      profil: { found: [], coverage: [] },
    });
  }, 60_000);
});

describe('a coercion record under an H-nummer imported before its journal patient', () => {
  test('pasientjournalloven § 22: a Gerica execution indexed before the Gerica journal record of its H-nummer is imported is written again when that record arrives, and a matter over the patient then finds it in search', async () => {
    // Found (stop 35, after the search documents carried the patient): the journal import did
    // not announce the executions its new H-nummer record is the patient of, so the document
    // written before kept no patient and stayed out of the patient's search.
    const h = withCheckDigits(184_270_650);
    const coercion = gericaFolder(dir, 'gerica-3505-coercion', {
      'tvangsprotokoll.csv': [
        'RegID;VedtakID;PasientID;Fodselsnr;Start;Slutt;Tiltak;UtfortAv;Beskrivelse;Hjemmel',
        `TP-3505;;35051;${h};12.04.2021 08:05;12.04.2021 08:19;fysisk holding ved stell;10377;"Holdt i armene under stell.";Hol. § 9-5 tredje ledd bokstav c`,
      ],
    });
    for (const s of await importCoercionPath(ts.tdb.db, coercion)) expect(s.quarantined).toEqual([]);
    await ts.stack.index();
    await runImport(
      ts.tdb.db,
      'gerica',
      gericaFolder(dir, 'gerica-3505-journal', {
        'journalnotater.csv': [NOTES_HEADER, noteRow('3505001', '35051', h, 'Gerica H.')],
      }),
    );
    await ts.stack.index();
    const gerica = (await patientOf('GERICA', '35051'))!;
    const token = await ts.stack.matterToken({
      id: 'M-h35-late',
      patientIds: [gerica],
      purpose: 'LEGAL_PROCEEDINGS',
    });
    const r = await gql(
      ts.stack.gateway.url,
      `query ($id: ID!) { patient(id: $id) { search(query: "armene", kinds: ["coercion_execution"]) { hits { coercionExecution { id } } } } }`,
      { token, variables: { id: gerica } },
    );
    expect(r.body.errors).toBeUndefined();
    expect(
      r.body.data.patient.search.hits.map(
        (x: { coercionExecution: { id: string } }) => x.coercionExecution.id,
      ),
    ).toEqual(['TP-3505']);
  }, 60_000);
});

describe('research and the CLI report of coercion records under an H-nummer', () => {
  test('helseforskningsloven § 33, pasientjournalloven § 22: a research cohort’s subjects and extract join a Gerica execution under an H-nummer to the Gerica journal patient with that number (its source’s key), never to another organisation’s patient of the number, and never the HP execution under it', async () => {
    // Found (stop 35): the extract and ResearchSubject joined coercion records by the cohort
    // person's national ids only; a person known by an H-nummer (Patient.helpNumber, journal
    // migration 021) had none of their coercion records in the research data.
    await twoOrganisationsOneHNumber('3502', 184_270_630);
    const gericaHelp = Number(
      (
        await ts.tdb.db.query<{ n: string }>(
          `SELECT count(DISTINCT p.id) AS n FROM journal.patient p JOIN journal.patient_identity i ON i.patient_id = p.id
            WHERE i.source_system = 'GERICA' AND p.help_number IS NOT NULL`,
        )
      ).rows[0]!.n,
    );
    const archivist = await ts.stack.token({
      sub: 'arkivar-h35r',
      role: 'archivist',
      purpose: 'ARCHIVE_ADMINISTRATION',
    });
    const reg = await gql(
      ts.stack.gateway.url,
      `mutation ($i: RegisterGrantInput!) { registerGrant(input: $i) { id } }`,
      {
        token: archivist,
        variables: {
          i: {
            id: 'G-h35',
            projectId: 'P-h35',
            title: 'Tvang i hjemmetjenesten',
            rekNumber: '2025/123456',
            legalBasis: 'helseforskningsloven § 33',
            responsibleResearcher: 'forsker-h35',
            cohort: { sources: ['GERICA', 'PROFIL'] },
            variables: ['PERSON_BIRTH_YEAR', 'EXECUTION_MEASURE', 'EXECUTION_START'],
            datePrecision: 'MONTH',
            freeText: false,
            outputLevel: 'PSEUDONYMISED_RECORDS',
            expiresAt: new Date(Date.now() + 90 * 24 * 3600 * 1000).toISOString(),
          },
        },
      },
    );
    expect(reg.body.errors).toBeUndefined();
    const researcher = await ts.stack.token({
      sub: 'forsker-h35',
      role: 'researcher',
      purpose: 'RESEARCH',
      grant: 'G-h35',
    });
    const cohort = await gql(
      ts.stack.gateway.url,
      '{ researchCohort { subjects(first: 50) { pseudonym coercionExecutions { measure start } } } }',
      { token: researcher },
    );
    expect(cohort.body.errors).toBeUndefined();
    const perSubject = cohort.body.data.researchCohort.subjects
      .map((s: { coercionExecutions: { measure: string; start: string }[] }) =>
        s.coercionExecutions.map((e) => `${e.measure} ${e.start}`),
      )
      .filter((l: string[]) => l.length);
    const x = await gql(ts.stack.gateway.url, 'mutation { extract(grantId: "G-h35") { manifest } }', {
      token: researcher,
    });
    expect(x.body.errors).toBeUndefined();
    expect({
      perSubject,
      extracted: JSON.parse(x.body.data.extract.manifest).rowCounts.executions,
    }).toEqual({
      // Each Gerica person of an H-nummer has their one Gerica execution (April 2021); the
      // Profil persons none; the HP execution (June 2021, 'holding') is no one's here.
      perSubject: Array.from({ length: gericaHelp }, () => ['fysisk holding ved stell 2021-04']),
      extracted: gericaHelp,
    });
    expect(gericaHelp).toBeGreaterThan(0);
  }, 60_000);

  test('pasientjournalloven § 22: the CLI coercion-report given the patient record id of a person known by an H-nummer reports their own source’s executions under it, and for another organisation’s patient of the same number none', async () => {
    const { gerica, profil } = await twoOrganisationsOneHNumber('3503', 184_270_640);
    const user = `cli:${userInfo().username}`;
    const report = async (patientId: string, matter: string) => {
      await insertMatter(
        ts.tdb.db,
        {
          id: matter,
          title: 'Klage på tvang',
          purpose: 'COMPLAINT',
          patientIds: [patientId],
          nationalIds: [],
          periodFrom: null,
          periodTo: null,
          members: [user],
          expiresAt: new Date(Date.now() + 86400_000),
        },
        'arkivar-h35',
      );
      const out = spawnSync(
        join(ROOT, 'node_modules', '.bin', 'tsx'),
        [
          join(ROOT, 'scripts', 'cli.ts'),
          'coercion-report',
          patientId,
          '--matter',
          matter,
          '--purpose',
          'COMPLAINT',
        ],
        {
          cwd: ROOT,
          env: { ...process.env, DATABASE_URL: ts.tdb.url, LOG_LEVEL: 'silent' },
          encoding: 'utf8',
        },
      );
      return { status: out.status, period: /^Period: .*$/m.exec(out.stdout)?.[0] ?? out.stderr };
    };
    expect({
      gerica: await report(gerica, 'M-h35-cli-g'),
      profil: await report(profil, 'M-h35-cli-p'),
    }).toEqual({
      gerica: { status: 0, period: expect.stringMatching(/; 1 executions, 14 minutes/) },
      profil: { status: 0, period: expect.stringMatching(/; 0 executions/) },
    });
  }, 90_000);
});
