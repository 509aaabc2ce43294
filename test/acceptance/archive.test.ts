/**
 * Acceptance on the outside Noark 5 extract (fixtures/sakarkiv) and the official schemas
 * (standards/noark5): import, postjournal for May 2023, løpende journal, Patient.cases,
 * access requests decided on the facts in the Helseplattformen export, and the deposit
 * package validated with a real XML Schema validator (libxml2) and imported back.
 */
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  mkdirSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { generateNoarkExtract } from '../../dev/generator';
import { migrateSubgraph } from '../../lib/subgraph';
import { startStack, type Stack } from '../../scripts/stack';
import { archiveSubgraph } from '../../subgraphs/archive';
import { exportNoark } from '../../subgraphs/archive/noark/export';
import { importNoark } from '../../subgraphs/archive/noark/import';
import { archiveSnapshot } from '../../subgraphs/archive/noark/snapshot';
import { changeTittel } from '../../subgraphs/archive/store';
import { validateAgainst, validatePackage } from '../../subgraphs/archive/noark/validate';
import { describeWithFixtures, fixture, FIXTURES_DIR } from '../../dev/fixtures';
import { createTestDatabase, gql, testConfig, type TestDatabase } from '../../dev/services';
import { everyoneMatterToken } from '../../dev/policy';

const EXTRACT = fixture('sakarkiv');
const SCHEMAS = join(FIXTURES_DIR, '..', 'standards', 'noark5');
const TESTDATA_SCHEMAS = join(SCHEMAS, 'v5.0-for-testdata');
const INGRID = '11823821230';
const PER = '03876538341';

interface HpFacts {
  patientId: string;
  deceasedOn: string | null;
  nearestRelatives: string[];
}

/** What a caseworker looks up in Helseplattformen: death date and registered nearest relatives (v2-0131 code N). */
function hpFacts(nationalId: string): HpFacts {
  const patients = readFileSync(fixture('helseplattformen', 'Patient.ndjson'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  const p = patients.find((x: any) => x.identifier[0].value === nationalId);
  const related = readFileSync(fixture('helseplattformen', 'RelatedPerson.ndjson'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  const deceased: string | undefined = p.deceasedDateTime;
  return {
    patientId: p.id,
    // The local date of death (the timestamp carries its Oslo offset).
    deceasedOn: deceased ? deceased.slice(0, 10) : null,
    nearestRelatives: related
      .filter(
        (r: any) =>
          r.patient.reference === `Patient/${p.id}` &&
          r.relationship[0].coding.some((c: any) => c.code === 'N'),
      )
      .map((r: any) => r.identifier?.[0]?.value)
      .filter(Boolean),
  };
}

describeWithFixtures('fixtures: Noark 5 case archive', () => {
  let tdb: TestDatabase;
  let stack: Stack;
  const scratch = mkdtempSync(join(tmpdir(), 'helsespor-archive-acc-'));

  beforeAll(async () => {
    tdb = await createTestDatabase();
    stack = await startStack(testConfig({ databaseUrl: tdb.url }), { db: tdb.db, indexerIntervalMs: 60_000 });
  });

  afterAll(async () => {
    await stack?.stop();
    await tdb?.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  test("the extract validates against Arkivverket's test-data schemas (as its README says)", async () => {
    const r = await validateAgainst(
      join(EXTRACT, 'arkivstruktur.xml'),
      TESTDATA_SCHEMAS,
      'arkivstruktur.xsd',
    );
    expect(r).toMatchObject({ valid: true, errors: [] });
  });

  test('imports 6 saksmapper, 15 journalposter and 15 verified documents; re-import changes nothing', async () => {
    const first = await importNoark(tdb.db, EXTRACT);
    expect(first).toEqual({
      saksmapper: { inserted: 6, updated: 0, unchanged: 0, held: 0, quarantined: 0 },
      journalposter: 15,
      documents: { stored: 15, quarantined: 0 },
      endringslogg: 0,
      upperQuarantined: 0,
      hNumberParties: 0,
      laterExtract: {
        journalposterAdded: 0,
        recordsUpdated: 0,
        conflicts: 0,
        changedDocuments: 0,
        notInExtract: 0,
        screeningApplied: 0,
        olderExtract: 0,
        partiesCorrected: 0,
        partiesRemoved: 0,
        partiesVanished: 0,
      },
    });
    const before = await archiveSnapshot(tdb.db);
    const again = await importNoark(tdb.db, EXTRACT);
    expect(again.saksmapper).toEqual({ inserted: 0, updated: 0, unchanged: 6, held: 0, quarantined: 0 });
    expect(again.upperQuarantined).toBe(0);
    expect(await archiveSnapshot(tdb.db)).toEqual(before);
  });

  test('a changed document file is quarantined with its reason, not accepted', async () => {
    const copy = join(scratch, 'tampered');
    cpSync(EXTRACT, copy, { recursive: true });
    const pdf = join(copy, 'DOKUMENT', '2023-1290-1.pdf');
    // The shared fixtures may be read-only (CI); the copy must not be.
    chmodSync(copy, 0o755);
    chmodSync(join(copy, 'DOKUMENT'), 0o755);
    chmodSync(pdf, 0o644);
    const original = readFileSync(pdf);
    writeFileSync(pdf, Buffer.concat([original, Buffer.from('\n% appended\n')]));
    const other = await createTestDatabase();
    try {
      await migrateSubgraph(other.db, archiveSubgraph);
      const r = await importNoark(other.db, copy);
      expect(r.documents).toEqual({ stored: 14, quarantined: 1 });
      const q = (await other.db.query<{ reason: string }>('SELECT reason FROM archive.quarantine')).rows;
      expect(q).toEqual([
        {
          reason: `size mismatch for DOKUMENT/2023-1290-1.pdf: extract says 950 bytes, file has ${original.length + 12}`,
        },
      ]);
      // The archivist sees it through the gateway (here: the same stack's database holds none).
      const archivist = await stack.token({ role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });
      const none = await gql(stack.gateway.url, '{ archiveQuarantine { ref } }', { token: archivist });
      expect(none.body.data.archiveQuarantine).toEqual([]);
    } finally {
      await other.drop();
    }
  });

  const JOURNAL_Q = `query ($f: String!, $t: String!, $u: String) { J(from: $f, to: $t, unit: $u) { entries { registreringsId tittel saksTittel journaldato
    dokumentetsDato screened skjermingshjemmel korrespondanseparter { type name nameScreened } } html } }`;

  test('postjournal for May 2023: screened titles with *****, screened names omitted, "Udatert", screening basis shown; any role', async () => {
    const token = await stack.token({ role: 'reporting', purpose: 'MANAGEMENT_STATISTICS' });
    const { body } = await gql(stack.gateway.url, JOURNAL_Q.replace('J(', 'postjournal('), {
      token,
      variables: { f: '2023-05-01', t: '2023-05-31' },
    });
    expect(body.errors).toBeUndefined();
    const entries = body.data.postjournal.entries;
    expect(entries.map((e: any) => e.registreringsId)).toEqual([
      '2023/1234-1',
      '2023/0988-3',
      '2023/1187-1',
      '2023/1234-2',
      '2023/1102-4',
      '2023/1290-1',
    ]);
    const byId = Object.fromEntries(entries.map((e: any) => [e.registreringsId, e]));
    expect(byId['2023/1234-1']).toEqual({
      registreringsId: '2023/1234-1',
      tittel: 'Søknad om langtidsopphold – *****',
      saksTittel: 'Søknad om langtidsopphold – *****',
      journaldato: '2023-05-02',
      dokumentetsDato: 'Udatert',
      screened: true,
      skjermingshjemmel: 'Offl. § 13 jf. fvl. § 13 (1) nr.1',
      korrespondanseparter: [{ type: 'Avsender', name: null, nameScreened: true }],
    });
    expect(byId['2023/1234-2'].korrespondanseparter).toEqual([
      { type: 'Mottaker', name: null, nameScreened: true },
    ]);
    expect(byId['2023/1234-2'].tittel).toBe('Vedtak om avslag på søknad om langtidsopphold – *****');
    expect(byId['2023/1187-1'].dokumentetsDato).toBe('2023-05-09');
    expect(byId['2023/0988-3']).toMatchObject({
      tittel: 'Vedtak om serveringsbevilling – Kafé Nidelven AS',
      screened: false,
      skjermingshjemmel: null,
      korrespondanseparter: [{ type: 'Mottaker', name: 'Kafé Nidelven AS', nameScreened: false }],
    });
    expect(byId['2023/1102-4'].korrespondanseparter.map((k: any) => k.name)).toEqual([
      'Jorunn Dahle',
      'Hjemmetjenesten Byåsen',
    ]);
    const everything = JSON.stringify(body.data);
    for (const name of ['Ingrid Aasen', 'Hanne Vik', 'Arne Lund']) expect(everything).not.toContain(name);
    const html: string = body.data.postjournal.html;
    expect(html).toContain('Søknad om langtidsopphold – *****');
    expect(html).toContain('Udatert');
    expect(html).toContain('Offl. § 13 jf. fvl. § 13 (1) nr.1');
    expect(html).toContain(
      '<p class="meta">Trondheim kommune · Journaldato 01.05.2023–31.05.2023 · 6 journalposter</p>',
    );

    const unit = await gql(stack.gateway.url, JOURNAL_Q.replace('J(', 'postjournal('), {
      token,
      variables: { f: '2023-05-01', t: '2023-05-31', u: 'Helse- og velferdskontor Byåsen' },
    });
    expect(unit.body.data.postjournal.entries.map((e: any) => e.registreringsId)).toEqual([
      '2023/1234-1',
      '2023/1234-2',
    ]);
  });

  test('the løpende journal shows full titles and names to an archivist and is refused to a non-archivist', async () => {
    for (const role of ['legal', 'researcher', 'reporting'] as const) {
      const purpose = {
        legal: 'LEGAL_PROCEEDINGS',
        researcher: 'RESEARCH',
        reporting: 'MANAGEMENT_STATISTICS',
      }[role];
      const token = await stack.token({ role, purpose });
      const r = await gql(stack.gateway.url, JOURNAL_Q.replace('J(', 'loependeJournal('), {
        token,
        variables: { f: '2023-05-01', t: '2023-05-31' },
      });
      expect(r.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(r.body.data).toBeNull();
    }
    const token = await stack.token({
      sub: 'arkivar-1',
      role: 'archivist',
      purpose: 'ARCHIVE_ADMINISTRATION',
    });
    const res = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: JOURNAL_Q.replace('J(', 'loependeJournal('),
        variables: { f: '2023-05-01', t: '2023-05-31' },
      }),
    });
    const body = (await res.json()) as any;
    expect(body.errors).toBeUndefined();
    const e = body.data.loependeJournal.entries.find((x: any) => x.registreringsId === '2023/1234-1');
    expect(e).toMatchObject({
      tittel: 'Søknad om langtidsopphold – Ingrid Aasen',
      dokumentetsDato: 'Udatert',
      korrespondanseparter: [{ type: 'Avsender', name: 'Ingrid Aasen', nameScreened: true }],
    });
    expect(body.data.loependeJournal.html).toContain('Løpende journal');
    const log = (
      await tdb.db.query<{ patient_id: string }>(
        "SELECT DISTINCT patient_id FROM audit.access_log WHERE request_id = $1 AND entity_type = 'journalpost' ORDER BY patient_id",
        [res.headers.get('x-request-id')],
      )
    ).rows.map((r) => r.patient_id);
    expect(log).toEqual([PER, INGRID, '15814919398', '21868534602'].sort().map((nid) => `nid:${nid}`));
  });

  test('Patient.cases links a patient to the saksmapper where they are a party', async () => {
    const archive = stack.subgraphs.find((s) => s.name === 'archive')!;
    const caller = {
      caller: {
        userId: 'u',
        role: 'archivist' as const,
        purpose: 'ARCHIVE_ADMINISTRATION',
        selfAuthorized: false,
        requestId: 'acc-cases',
      },
      secret: testConfig({}).internalSecret,
      subgraph: 'archive',
    };
    const { body } = await gql(
      archive.url,
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Patient { id cases { mappeId parts { role } } } } }`,
      {
        caller,
        variables: {
          r: [
            { __typename: 'Patient', id: 'pt-ingrid', nationalIds: [INGRID] },
            { __typename: 'Patient', id: 'pt-hanne', nationalIds: ['21868534602'] },
            { __typename: 'Patient', id: 'pt-nobody', nationalIds: ['15850053739'] },
          ],
        },
      },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data._entities.map((p: any) => [p.id, p.cases.map((c: any) => c.mappeId)])).toEqual([
      ['pt-ingrid', ['2023/1234', '2024/0457']],
      ['pt-hanne', ['2023/1187']],
      ['pt-nobody', []],
    ]);
  });

  test('access request from the nearest relative of a deceased patient is eligible with the § 148 deadline; another relative goes to manual assessment', async () => {
    const facts = hpFacts(INGRID);
    expect(facts.deceasedOn).toBe('2024-03-10');
    expect(facts.nearestRelatives).toEqual([PER]);
    const token = await stack.matterToken(
      {
        id: 'M-innsyn-ingrid',
        patientIds: [facts.patientId],
        nationalIds: [INGRID],
        purpose: 'ACCESS_REQUEST',
      },
      { sub: 'saksbehandler-2' },
    );
    const m = `mutation ($i: RegisterAccessRequestInput!) { registerAccessRequest(input: $i) {
      mappeId receivedOn deadline eligibility legalBasis daysLeft(asOf: "2024-10-01") saksmappe { klasseId saksstatus } } }`;
    const request = (requester: string | null, name: string) => ({
      patientId: facts.patientId,
      patientNationalId: INGRID,
      patientDeceasedOn: facts.deceasedOn,
      requesterName: name,
      requesterNationalId: requester,
      relation:
        requester && facts.nearestRelatives.includes(requester) ? 'NEAREST_RELATIVE' : 'OTHER_RELATIVE',
      receivedAt: '2024-09-16T09:41:00+02:00',
      administrativEnhet: 'Helse- og velferdskontor Byåsen',
    });
    const per = await gql(stack.gateway.url, m, { token, variables: { i: request(PER, 'Per Aasen') } });
    expect(per.body.errors).toBeUndefined();
    expect(per.body.data.registerAccessRequest).toMatchObject({
      mappeId: '2024/0458',
      receivedOn: '2024-09-16',
      deadline: '2024-10-16',
      eligibility: 'ELIGIBLE',
      daysLeft: 15,
      saksmappe: { klasseId: 'HO-09', saksstatus: 'Under behandling' },
    });
    expect(per.body.data.registerAccessRequest.legalBasis).toMatch(/§ 5-1.*etter pasientens død/);
    const other = await gql(stack.gateway.url, m, { token, variables: { i: request(null, 'Liv Aasen') } });
    expect(other.body.data.registerAccessRequest).toMatchObject({
      mappeId: '2024/0459',
      deadline: '2024-10-16',
      eligibility: 'MANUAL_ASSESSMENT',
    });
    const open = await gql(
      stack.gateway.url,
      '{ openAccessRequests { mappeId eligibility daysLeft(asOf: "2024-10-20") } }',
      { token },
    );
    expect(open.body.data.openAccessRequests).toEqual([
      { mappeId: '2024/0458', eligibility: 'ELIGIBLE', daysLeft: -4 },
      { mappeId: '2024/0459', eligibility: 'MANUAL_ASSESSMENT', daysLeft: -4 },
    ]);
  });

  test('deposit package: endringslogg carries a title change after closing, every XML validates against the official schemas, and it imports back to the same archive', async () => {
    const archivist = await stack.token({
      sub: 'arkivar-2',
      role: 'archivist',
      purpose: 'ARCHIVE_ADMINISTRATION',
    });
    const change = await gql(
      stack.gateway.url,
      `mutation { changeTittel(id: "9272719f-3260-5135-a1c1-5f9c9dbd340d", tittel: "Søknad om startlån og tilskudd – Hanne Vik") { entityType loggedInEndringslogg } }`,
      { token: archivist },
    );
    expect(change.body.data.changeTittel).toEqual({ entityType: 'saksmappe', loggedInEndringslogg: true });
    const legal = await everyoneMatterToken(stack, {}, 'LEGAL_PROCEEDINGS');
    const refused = await gql(
      stack.gateway.url,
      `mutation { changeTittel(id: "9272719f-3260-5135-a1c1-5f9c9dbd340d", tittel: "x") { entityType } }`,
      { token: legal },
    );
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const out = join(scratch, 'avlevering');
    const s = await exportNoark(tdb.db, 'Sakarkiv 2020–', out, { schemaDir: SCHEMAS });
    // The two access requests registered above are in klasse HO-09 too, each with its
    // incoming journalpost (issue 15: the request is registered as a journalpost I).
    expect(s).toMatchObject({ saksmapper: 8, journalposter: 17, documents: 15, endringer: 1 });
    const log = readFileSync(join(out, 'endringslogg.xml'), 'utf8');
    expect(log).toContain('<tidligereVerdi>Søknad om startlån – Hanne Vik</tidligereVerdi>');
    expect(log).toContain('<nyVerdi>Søknad om startlån og tilskudd – Hanne Vik</nyVerdi>');

    // ADDML lists the SHA-256 of every other XML file and of every schema in the package.
    const addml = readFileSync(join(out, 'arkivuttrekk.xml'), 'utf8');
    const listed = readdirSync(out)
      .filter((f) => /\.(xml|xsd)$/.test(f) && f !== 'arkivuttrekk.xml')
      .sort();
    expect(listed).toEqual([
      'addml.xsd',
      'arkivstruktur.xml',
      'arkivstruktur.xsd',
      'endringslogg.xml',
      'endringslogg.xsd',
      'loependeJournal.xml',
      'loependeJournal.xsd',
      'metadatakatalog.xsd',
      'offentligJournal.xml',
      'offentligJournal.xsd',
    ]);
    for (const f of listed) {
      const sum = createHash('sha256')
        .update(readFileSync(join(out, f)))
        .digest('hex');
      expect(addml).toContain(
        `<dataObject name="${f}"><properties><property name="file"><properties><property name="name"><value>${f}</value></property>`,
      );
      expect(addml).toContain(`<property name="value"><value>${sum}</value></property>`);
    }
    // The schema files are Arkivverket's, byte for byte.
    expect(
      readFileSync(join(out, 'arkivstruktur.xsd')).equals(readFileSync(join(SCHEMAS, 'arkivstruktur.xsd'))),
    ).toBe(true);
    expect(readdirSync(join(out, 'DOKUMENT')).sort()).toEqual(readdirSync(join(EXTRACT, 'DOKUMENT')).sort());

    const results = await validatePackage(out, {
      schemaDir: SCHEMAS,
      arkivstrukturSchemaDir: TESTDATA_SCHEMAS,
    });
    expect(results.map((r) => [r.file, r.valid, r.errors])).toEqual([
      ['arkivstruktur.xml', true, []],
      ['endringslogg.xml', true, []],
      ['loependeJournal.xml', true, []],
      ['offentligJournal.xml', true, []],
      ['arkivuttrekk.xml', true, []],
    ]);
    // Against the deposit schema the only deviations are the open entities' missing closing/archiving elements.
    const strict = await validateAgainst(join(out, 'arkivstruktur.xml'), SCHEMAS, 'arkivstruktur.xsd');
    expect(strict.valid).toBe(false);
    for (const e of strict.errors) expect(e).toMatch(/avsluttetDato|arkivertDato/);

    const back = await createTestDatabase();
    try {
      await migrateSubgraph(back.db, archiveSubgraph);
      const r = await importNoark(back.db, out);
      expect(r.saksmapper).toEqual({ inserted: 8, updated: 0, unchanged: 0, held: 0, quarantined: 0 });
      expect(r.endringslogg).toBe(1);
      const original = await archiveSnapshot(tdb.db);
      const reimported = await archiveSnapshot(back.db);
      expect(reimported).toEqual(original);
    } finally {
      await back.drop();
    }
  });

  test('a closed arkivdel (generated) exports a package whose arkivstruktur.xml validates against the strict deposit schema', async () => {
    const extract = generateNoarkExtract({
      seed: 21,
      saksmapper: 5,
      closed: true,
      journalpostParty: { nationalId: '03876538341', name: 'Per Aasen' },
    });
    const src = join(scratch, 'closed-src');
    for (const f of extract.files) {
      mkdirSync(dirname(join(src, f.path)), { recursive: true });
      writeFileSync(join(src, f.path), f.content);
    }
    const db = await createTestDatabase();
    try {
      await migrateSubgraph(db.db, archiveSubgraph);
      await importNoark(db.db, src);
      await changeTittel(db.db, extract.facts.journalposter[0]!.id, 'Endret tittel', undefined, 'arkivar-3');
      const out = join(scratch, 'closed-out');
      await exportNoark(db.db, extract.facts.arkivdelId, out, { schemaDir: SCHEMAS });
      const results = await validatePackage(out, { schemaDir: SCHEMAS });
      expect(results.map((r) => [r.file, r.valid, r.errors])).toEqual([
        ['arkivstruktur.xml', true, []],
        ['endringslogg.xml', true, []],
        ['loependeJournal.xml', true, []],
        ['offentligJournal.xml', true, []],
        ['arkivuttrekk.xml', true, []],
      ]);
    } finally {
      await db.drop();
    }
  });
});
