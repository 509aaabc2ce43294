/**
 * helsearkivforskriften (deposit to Norsk helsearkiv, AVLXML): `npm run cli -- avlxml` as a
 * records officer runs it, against real PostgreSQL, validated against the shared avlxml.xsd.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gericaFolder, NOTES_HEADER } from '../dev/gerica-rows';
import { hpDoc, hpEncounter, hpPatient, hpPatientRecord, writeHpExport } from '../dev/hp-records';
import { makeSyntheticNationalId } from '../lib/national-id';
import { createTestDatabase, type TestDatabase } from '../dev/services';
import { placeLegalHold } from '../lib/policy/legal-hold';
import { insertMatter } from '../lib/policy/store';

const AS_OF = '2026-06-15';
const SCHEMAS = join(__dirname, '..', '..', 'shared', 'standards', 'nha-avlxml');
const AGREEMENT = ['--agreement', '2026.4', '--agreement-date', '2026-01-10'];
const ORG = ['--org-name', 'St. Olavs hospital HF', '--org-number', '883974832'];

let tdb: TestDatabase;
let dir: string;

const cli = (...args: string[]) => {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: tdb.url, LOG_LEVEL: 'info' };
  delete env.ELASTICSEARCH_URL;
  return spawnSync(process.execPath, [join(__dirname, '..', 'bin', 'helsespor.js'), ...args], {
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
};
/** The command with every option given; `extra` replaces one (`--as-of X`, `--schemas Y`, …). */
const deposit = (out: string, ...extra: string[]) => {
  const opts = new Map([
    ['--as-of', AS_OF],
    ['--agreement', AGREEMENT[1]!],
    ['--agreement-date', AGREEMENT[3]!],
    ['--org-name', ORG[1]!],
    ['--org-number', ORG[3]!],
    ['--schemas', SCHEMAS],
  ]);
  for (let i = 0; i < extra.length; i += 2) opts.set(extra[i]!, extra[i + 1]!);
  return cli('avlxml', '--out', out, ...[...opts].flat());
};

const dead = (id: string, birth: string, serial: number, family: string, death: string | null) => ({
  ...hpPatient(id, birth, serial, { family, given: ['Kari'] }),
  gender: 'female',
  ...(death ? { deceasedDateTime: `${death}T12:00:00+01:00` } : {}),
});

beforeAll(async () => {
  tdb = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'hs-avlxml-'));
  const exp = writeHpExport(dir, 'hp', {
    Patient: [
      dead('p-eleven', '1930-04-02', 1, 'Elleveår', '2015-05-20'),
      dead('p-nine', '1931-04-02', 2, 'Niår', '2017-05-20'),
      dead('p-alive', '1932-04-02', 3, 'Levende', null),
      dead('p-held', '1933-04-02', 4, 'Holdt', '2014-01-05'),
      dead('p-case', '1934-04-02', 5, 'Saksbehandlet', '2013-01-05'),
    ],
    DocumentReference: [
      hpDoc('d-eleven-1', 'p-eleven', 'Innlagt medisinsk avdeling.', { date: '2012-03-01T10:00:00+01:00' }),
      hpDoc('d-eleven-2', 'p-eleven', 'Utskrevet.', { date: '2015-05-19T23:30:00+00:00' }),
      hpDoc('d-nine', 'p-nine', 'Poliklinisk kontroll.', { date: '2016-03-01T10:00:00+01:00' }),
      hpDoc('d-alive', 'p-alive', 'Kontroll.', { date: '2016-03-01T10:00:00+01:00' }),
      hpDoc('d-held', 'p-held', 'Innlagt.', { date: '2013-03-01T10:00:00+01:00' }),
      hpDoc('d-case', 'p-case', 'Feilført notat.', { date: '2012-03-01T10:00:00+01:00' }),
    ],
  });
  const imported = cli('import', 'hp', exp);
  if (imported.status !== 0) throw new Error(imported.stderr);
  const held = await hpPatientRecord(tdb.db, 'p-held');
  await insertMatter(
    tdb.db,
    {
      id: 'M-AVL-HOLD',
      title: 'Erstatningssak',
      purpose: 'LEGAL_PROCEEDINGS',
      patientIds: [held],
      nationalIds: [],
      periodFrom: null,
      periodTo: null,
      members: ['jurist-1'],
      expiresAt: new Date(Date.now() + 86_400_000),
    },
    'arkivar-1',
  );
  await placeLegalHold(tdb.db, 'M-AVL-HOLD', 'mulig erstatningssak', 'arkivar-1');
  // An open helsepersonelloven § 43 deletion case on the other patient's note.
  const onCase = await hpPatientRecord(tdb.db, 'p-case');
  await tdb.db.query(
    `INSERT INTO journal.record_case (kind, ground, entry_id, entry_version, patient_id, requested_by, claim, registered_by, registered_role)
     SELECT 'DELETION', 'HPL_43', e.id, e.version, e.patient_id, 'PATIENT', 'uriktig opplysning', 'arkivar-1', 'archivist'
       FROM journal.journal_entry e WHERE e.patient_id = $1`,
    [onCase],
  );
}, 120_000);
afterAll(async () => {
  await tdb?.drop();
});

test('helsearkivforskriften: dead eleven years is listed and the file validates; dead nine years and alive are not; a legal hold and an open § 43 case are left out and counted', async () => {
  const out = join(dir, 'out');
  const r = deposit(out);
  expect(r.stderr).not.toMatch(/Error/);
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(
    /^1 patient journal\(s\) listed as of 2026-06-15 .*; left out: 1 legal-hold, 1 open-record-case$/m,
  );
  expect(r.stdout).toMatch(/valid against .*avlxml\.xsd/);
  const xml = readFileSync(join(out, 'avlxml.xml'), 'utf8');
  const journals = xml.match(/<pasientjournal>[\s\S]*?<\/pasientjournal>/g) ?? [];
  expect(journals).toHaveLength(1);
  const j = journals[0]!;
  expect(j).toContain(
    `<journalidentifikator>${await hpPatientRecord(tdb.db, 'p-eleven')}</journalidentifikator>`,
  );
  expect(j).toContain('<pasientnavn>Elleveår, Kari</pasientnavn>');
  expect(j).toContain('<fodtdato>1930-04-02</fodtdato>');
  expect(j).toContain('<morsdato>2015-05-20</morsdato>');
  expect(j).toContain('<kjonn>K</kjonn>');
  expect(j).toContain('<forstekontakt>2012-03-01</forstekontakt>');
  // 23:30 UTC is the next day in Oslo.
  expect(j).toContain('<sistekontakt>2015-05-20</sistekontakt>');
  expect(j).toContain('<arkivskaper>St. Olavs hospital HF</arkivskaper>');
  for (const name of ['Niår', 'Levende', 'Holdt', 'Saksbehandlet']) expect(xml).not.toContain(name);
  // Counts only in the log and on the terminal: no names, no national ids.
  const logged = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{"'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(logged.find((l) => l.msg === 'avlxml deposit list written')).toMatchObject({
    asOf: AS_OF,
    listed: 1,
    leftOut: { 'legal-hold': 1, 'open-record-case': 1, 'open-complaint': 0, 'no-birth-date': 0 },
    valid: true,
  });
  const nid = /<fodselsnummer>(\d{11})<\/fodselsnummer>/.exec(j)?.[1];
  expect(nid).toBeDefined();
  expect(r.stdout + r.stderr).not.toContain(nid!);
  expect(r.stdout + r.stderr).not.toContain('Elleveår');
  // As of the day the nine-years patient reaches ten years, it is listed too.
  const later = deposit(join(dir, 'later'), '--as-of', '2027-05-20');
  expect(later.status).toBe(0);
  expect(later.stdout).toMatch(/^2 patient journal\(s\) listed as of 2027-05-20/m);
  expect(readFileSync(join(dir, 'later', 'avlxml.xml'), 'utf8')).not.toContain('Levende');
});

test('helsearkivforskriften: an invalid list exits 1 naming the schema error; a missing schema folder exits 1 and writes nothing', () => {
  // An empty list fails the schema (pasientjournal is mandatory at least once).
  const empty = deposit(join(dir, 'empty'), '--as-of', '2020-01-01');
  expect(empty.status).toBe(1);
  expect(empty.stdout).toMatch(/^0 patient journal\(s\) listed/m);
  expect(empty.stderr).toMatch(
    /Error: .*avlxml\.xml is not valid against .*avlxml\.xsd; do not send it:\n.*pasientjournal/,
  );
  const noSchemas = deposit(join(dir, 'none'), '--schemas', join(dir, 'no-such-folder'));
  expect(noSchemas.status).toBe(1);
  expect(noSchemas.stderr).toMatch(
    /Error: the AVLXML schema .*no-such-folder.*avlxml\.xsd is not there; give the folder with --schemas/,
  );
  expect(existsSync(join(dir, 'none'))).toBe(false);
});

test('helsearkivforskriften: bad input exits 2 with a clear error (an as-of day that does not exist, no --out)', () => {
  const feb30 = deposit(join(dir, 'bad'), '--as-of', '2024-02-30');
  expect(feb30.status).toBe(2);
  expect(feb30.stderr).toMatch(
    /--as-of 2024-02-30 is not a date \(YYYY-MM-DD, a day that exists\)[\s\S]*Usage: npm run cli -- avlxml/,
  );
  const noOut = cli('avlxml', '--as-of', AS_OF, ...AGREEMENT, ...ORG);
  expect(noOut.status).toBe(2);
  expect(noOut.stderr).toMatch(/--out <folder> is required/);
  const badOrg = deposit(join(dir, 'bad'), '--org-number', '12345');
  expect(badOrg.status).toBe(2);
  expect(badOrg.stderr).toMatch(/organisasjonsnummer, 9 digits/);
});

test('helsearkivforskriften: ten years after a death on 29 February is 1 March (as of 28 February the patient is not listed)', () => {
  const exp = writeHpExport(dir, 'hp-leap', {
    Patient: [dead('p-leap', '1935-04-02', 6, 'Skuddår', '2016-02-29')],
    DocumentReference: [hpDoc('d-leap', 'p-leap', 'Innlagt.', { date: '2016-02-20T10:00:00+01:00' })],
  });
  expect(cli('import', 'hp', exp).status).toBe(0);
  const feb28 = deposit(join(dir, 'feb28'), '--as-of', '2026-02-28');
  expect(feb28.status).toBe(0);
  expect(readFileSync(join(dir, 'feb28', 'avlxml.xml'), 'utf8')).not.toContain('Skuddår');
  const mar1 = deposit(join(dir, 'mar1'), '--as-of', '2026-03-01');
  expect(mar1.status).toBe(0);
  expect(readFileSync(join(dir, 'mar1', 'avlxml.xml'), 'utf8')).toContain('<morsdato>2016-02-29</morsdato>');
});

test("helsearkivforskriften: municipal (Gerica) notes of a deposited patient are not the deposit's: its first contact stays the hospital record's", () => {
  const nid = makeSyntheticNationalId('1930-04-02', 1, true);
  const folder = gericaFolder(dir, 'gerica', {
    'journalnotater.csv': [
      NOTES_HEADER,
      `9000001;70001;${nid};Elleveår, Kari;01.03.2005;10:00;Hjemmetjeneste;Journalnotat;;Kari Holm;"Hjemmebesøk."`,
    ],
  });
  const imported = cli('import', 'gerica', folder);
  expect(imported.stderr).not.toMatch(/Error/);
  expect(imported.status).toBe(0);
  expect(imported.stdout).toMatch(/entries\s+1\s+0\s+0/);
  const r = deposit(join(dir, 'with-gerica'));
  expect(r.status).toBe(0);
  const xml = readFileSync(join(dir, 'with-gerica', 'avlxml.xml'), 'utf8');
  expect(xml).toContain('<pasientnavn>Elleveår, Kari</pasientnavn>');
  expect(xml).toContain('<forstekontakt>2012-03-01</forstekontakt>');
  expect(xml).not.toContain('2005-03-01');
});

test('helsearkivforskriften with AVLXML pasientjournal: a D-nummer record linked to the fødselsnummer record is one patient, both identifiers kept (fodselsnummer, and the linked record in merknad), its contacts from both; the file validates', async () => {
  const dnr = makeSyntheticNationalId('1936-04-02', 7, true, true);
  const fnr = makeSyntheticNationalId('1936-04-02', 7, true);
  const exp = writeHpExport(dir, 'hp-linked', {
    Patient: [
      {
        ...dead('p-linked-d', '1936-04-02', 7, 'Koblet', '2014-08-01'),
        identifier: [{ system: 'urn:oid:2.16.578.1.12.4.1.4.2', value: dnr }],
      },
      dead('p-linked-f', '1936-04-02', 7, 'Koblet', '2014-08-01'),
    ],
    DocumentReference: [
      hpDoc('d-linked-1', 'p-linked-d', 'Innlagt under D-nummer.', { date: '2009-05-01T10:00:00+02:00' }),
      hpDoc('d-linked-2', 'p-linked-f', 'Siste innleggelse.', { date: '2014-07-30T10:00:00+02:00' }),
    ],
  });
  const imported = cli('import', 'hp', exp);
  expect(imported.stderr).not.toMatch(/Error/);
  expect(imported.status).toBe(0);
  const dRecord = await hpPatientRecord(tdb.db, 'p-linked-d');
  const fRecord = await hpPatientRecord(tdb.db, 'p-linked-f');
  expect(dRecord).not.toBe(fRecord);
  await tdb.db.query(
    `INSERT INTO journal.patient_link (patient_a, patient_b, linked_by, reason)
     VALUES (least($1, $2), greatest($1, $2), 'arkivar-1', 'D-nummer erstattet av fødselsnummer')`,
    [dRecord, fRecord],
  );
  const r = deposit(join(dir, 'linked'));
  expect(r.stderr).not.toMatch(/Error/);
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/valid against .*avlxml\.xsd/);
  const xml = readFileSync(join(dir, 'linked', 'avlxml.xml'), 'utf8');
  const koblet = (xml.match(/<pasientjournal>[\s\S]*?<\/pasientjournal>/g) ?? []).filter((j) =>
    j.includes('Koblet'),
  );
  expect(koblet).toHaveLength(1);
  const j = koblet[0]!;
  expect(j).toContain(`<journalidentifikator>${fRecord}</journalidentifikator>`);
  expect(j).toContain(`<fodselsnummer>${fnr}</fodselsnummer>`);
  expect(j).toContain(`<merknad>Samme person, koblet pasientjournal: ${dRecord} (D-nummer ${dnr})</merknad>`);
  expect(j).toContain('<forstekontakt>2009-05-01</forstekontakt>');
  expect(j).toContain('<sistekontakt>2014-07-30</sistekontakt>');
  // Both records are in the access log as read for the list.
  const logged = await tdb.db.query<{ patient_id: string }>(
    `SELECT DISTINCT patient_id FROM audit.access_log WHERE entity_type = 'deposit_list' AND patient_id = ANY($1::text[])`,
    [[dRecord, fRecord]],
  );
  expect(logged.rows.map((x) => x.patient_id).sort()).toEqual([dRecord, fRecord].sort());
});

test('helsearkivforskriften: the morsdato written is the death date the ten years were counted from (the earliest of the fødselsnummer records), not whichever linked record sorts first', async () => {
  // One person, two linked fødselsnummer records whose death dates differ (registered twice):
  // the list is due from the earliest (2015-01-10, more than ten years before the as-of date);
  // s35 wrote the first record's (2016-09-01): the list said the patient died under ten years ago.
  const exp = writeHpExport(dir, 'hp-two-deaths', {
    Patient: [
      dead('p-twodeath-a', '1939-04-02', 11, 'Todødsdato', '2016-09-01'),
      dead('p-twodeath-b', '1939-04-02', 41, 'Todødsdato', '2015-01-10'),
    ],
    DocumentReference: [
      hpDoc('d-twodeath-a', 'p-twodeath-a', 'Innlagt.', { date: '2014-05-01T10:00:00+02:00' }),
      hpDoc('d-twodeath-b', 'p-twodeath-b', 'Kontroll.', { date: '2013-05-01T10:00:00+02:00' }),
    ],
  });
  const imported = cli('import', 'hp', exp);
  expect(imported.status).toBe(0);
  const [a, b] = [
    await hpPatientRecord(tdb.db, 'p-twodeath-a'),
    await hpPatientRecord(tdb.db, 'p-twodeath-b'),
  ];
  await tdb.db.query(
    `INSERT INTO journal.patient_link (patient_a, patient_b, linked_by, reason)
     VALUES (least($1, $2), greatest($1, $2), 'arkivar-1', 'Samme person registrert to ganger')`,
    [a, b],
  );
  // Each death date on the record that sorts first, in turn: the written date never depends on it.
  for (const [first, later] of [
    ['2016-09-01', '2015-01-10'],
    ['2015-01-10', '2016-09-01'],
  ] as const) {
    await tdb.db.query(`UPDATE journal.patient SET death_date = $1 WHERE id = least($2, $3)`, [first, a, b]);
    await tdb.db.query(`UPDATE journal.patient SET death_date = $1 WHERE id = greatest($2, $3)`, [
      later,
      a,
      b,
    ]);
    const out = join(dir, `two-deaths-${first}`);
    const r = deposit(out);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.status).toBe(0);
    const xml = readFileSync(join(out, 'avlxml.xml'), 'utf8');
    const j = (xml.match(/<pasientjournal>[\s\S]*?<\/pasientjournal>/g) ?? []).filter((x) =>
      x.includes('Todødsdato'),
    );
    expect(j).toHaveLength(1);
    expect(j[0]).toContain('<morsdato>2015-01-10</morsdato>');
  }
});

test('helsearkivforskriften with AVLXML avtale/virksomhet: records of two submitting bodies (HP custodian, or the serviceProvider of the care contact) make one list per body, each under its own agreement and valid; a body without an agreement given stops the run with nothing written', async () => {
  const OTHER = {
    identifier: { system: 'urn:oid:2.16.578.1.12.4.1.4.101', value: '997005562' },
    display: 'Helse Møre og Romsdal HF',
  };
  const OWN = {
    identifier: { system: 'urn:oid:2.16.578.1.12.4.1.4.101', value: '883974832' },
    display: 'St. Olavs hospital HF',
  };
  const exp = writeHpExport(dir, 'hp-orgs', {
    Patient: [
      dead('p-orgs', '1937-04-02', 8, 'Toforetak', '2013-02-01'),
      dead('p-orgs-other', '1938-04-02', 9, 'Bareålesund', '2013-02-01'),
    ],
    Encounter: [
      {
        ...hpEncounter('e-orgs', 'p-orgs'),
        period: { start: '2012-09-03T10:00:00+02:00', end: '2012-09-05T12:00:00+02:00' },
        serviceProvider: OTHER,
      },
    ],
    DocumentReference: [
      hpDoc('d-orgs-1', 'p-orgs', 'Innlagt St. Olav.', { date: '2008-01-10T10:00:00+01:00', custodian: OWN }),
      hpDoc('d-orgs-2', 'p-orgs', 'Poliklinikk Ålesund.', {
        date: '2011-06-01T10:00:00+02:00',
        custodian: OTHER,
      }),
      // No custodian: the note belongs to its care contact's serviceProvider.
      hpDoc('d-orgs-3', 'p-orgs', 'Innlagt Ålesund.', {
        date: '2012-09-04T10:00:00+02:00',
        context: { encounter: [{ reference: 'Encounter/e-orgs' }] },
      }),
      hpDoc('d-orgs-4', 'p-orgs-other', 'Kontroll Ålesund.', {
        date: '2010-02-01T10:00:00+01:00',
        custodian: OTHER,
      }),
    ],
  });
  const imported = cli('import', 'hp', exp);
  expect(imported.stderr).not.toMatch(/Error/);
  expect(imported.status).toBe(0);

  const refused = deposit(join(dir, 'orgs-refused'));
  expect(refused.status).toBe(2);
  expect(refused.stderr).toContain(
    'Error: 2 patient journal(s) held by organisation 997005562 (Helse Møre og Romsdal HF) are due: give its deposit agreement with --agreement-for 997005562:<agreement id>:<agreement date>. Nothing was written.',
  );
  expect(existsSync(join(dir, 'orgs-refused'))).toBe(false);

  const r = deposit(join(dir, 'orgs'), '--agreement-for', '997005562:2026.9:2026-02-01');
  expect(r.stderr).not.toMatch(/Error/);
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(
    /^2 patient journal\(s\) listed as of 2026-06-15 in .*avlxml-997005562\.xml for Helse Møre og Romsdal HF \(997005562\)$/m,
  );
  expect(r.stdout.match(/^valid against .*avlxml\.xsd$/gm)).toHaveLength(2);
  const journal = (xml: string, name: string) =>
    (xml.match(/<pasientjournal>[\s\S]*?<\/pasientjournal>/g) ?? []).filter((j) => j.includes(name));

  const own = readFileSync(join(dir, 'orgs', 'avlxml.xml'), 'utf8');
  expect(own).toContain('<organisasjonsnummer>883974832</organisasjonsnummer>');
  expect(journal(own, 'Bareålesund')).toHaveLength(0);
  const [atOwn] = journal(own, 'Toforetak');
  expect(atOwn).toContain('<arkivskaper>St. Olavs hospital HF</arkivskaper>');
  expect(atOwn).toContain('<forstekontakt>2008-01-10</forstekontakt>');
  expect(atOwn).toContain('<sistekontakt>2008-01-10</sistekontakt>');

  const other = readFileSync(join(dir, 'orgs', 'avlxml-997005562.xml'), 'utf8');
  expect(other).toMatch(
    /<arkivskaper>Helse Møre og Romsdal HF<\/arkivskaper>\s*<avtale>\s*<avtaleidentifikator>2026\.9<\/avtaleidentifikator>\s*<avtaledato>2026-02-01<\/avtaledato>[\s\S]*<virksomhetsnavn>Helse Møre og Romsdal HF<\/virksomhetsnavn>\s*<organisasjonsnummer>997005562<\/organisasjonsnummer>/,
  );
  expect(other).not.toContain('Elleveår');
  expect(journal(other, 'Bareålesund')).toHaveLength(1);
  const [atOther] = journal(other, 'Toforetak');
  expect(atOther).toContain('<arkivskaper>Helse Møre og Romsdal HF</arkivskaper>');
  expect(atOther).toContain('<forstekontakt>2011-06-01</forstekontakt>');
  expect(atOther).toContain('<sistekontakt>2012-09-05</sistekontakt>');
  expect(atOther).toContain(
    `<journalidentifikator>${await hpPatientRecord(tdb.db, 'p-orgs')}</journalidentifikator>`,
  );
});
