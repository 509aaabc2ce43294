/**
 * Earlier versions of the records other than notes, through the gateway on real PostgreSQL
 * (review s41, "nothing lost"): every update of a service decision, a coercion decision or
 * execution, a saksmappe or a journalpost keeps the row it replaced (journal
 * service_decision_version, coercion.record_version, archive.record_version), but only a note
 * showed its earlier versions (`JournalEntry.history`). A legal user building evidence
 * (DOMAIN.md case 1: a refused long-term-care decision and its case handling; case 3: coercion
 * over years) could not see that a decision or a case was changed, when, by what and what it
 * said before. Now each has `history`, oldest first, under the record's own access rule
 * (pasientjournalloven § 22: whoever reads the record reads its versions, a matter's period
 * applying to each version by its own date) and logged as a read of the record
 * (pasientjournalforskriften § 14). Imports run as the CLI runs them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { generateNoarkExtract } from '../dev/generator';
import { gericaFolder, VEDTAK_HEADER } from '../dev/gerica-rows';
import {
  hpEncounter,
  hpPatient,
  hpPatientRecord,
  recordKeeperTokens,
  writeHpExport,
} from '../dev/hp-records';
import { gql } from '../dev/services';
import { startPostgresTestStack, type TestStack } from '../dev/test-stack';
import { makeSyntheticNationalId } from '../lib/national-id';
import { importNoark } from '../subgraphs/archive/noark/import';
import { importCoercionPath } from '../subgraphs/coercion/import';
import { runImport } from '../subgraphs/journal/import/run';
import { decisionIdFor } from '../subgraphs/journal/import/records';

let dir: string;
let ts: TestStack;
let archivist: string;

/** The person of the service decision and the coercion records, and the archive case's client. */
const NID = makeSyntheticNationalId('1941-02-14', 41, false);
/** Another person, the only one of the "other" matter. */
const OTHER_NID = makeSyntheticNationalId('1950-06-06', 42, true);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-record-history-'));
  ts = await startPostgresTestStack();
  ({ archivist } = await recordKeeperTokens(ts.stack, 'hist'));
}, 120_000);

afterAll(async () => {
  await ts?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const call = (token: string, query: string, variables?: Record<string, unknown>) =>
  gql(ts.stack.gateway.url, query, { token, variables });

/** A legal user's token on a matter over `nationalIds` in `from`..`to`. */
const legal = (id: string, nationalIds: string[], from: string | null = null, to: string | null = null) =>
  ts.stack.matterToken(
    { id, nationalIds, periodFrom: from, periodTo: to, purpose: 'LEGAL_PROCEEDINGS' },
    { sub: `jurist-${id}` },
  );

/** The granted access-log rows of a user: entity type and ids, under whom. */
const logged = async (userId: string) =>
  (
    await ts.tdb.db.query<{ patient_id: string; entity_type: string; entity_ids: string[]; outcome: string }>(
      `SELECT patient_id, entity_type, entity_ids, outcome FROM audit.access_log WHERE user_id = $1 ORDER BY seq`,
      [userId],
    )
  ).rows;

// ---- journal: service decisions ----

/** A Gerica vedtak.csv row of a long-term-care decision (Langtidsopphold), Begrunnelse quoted. */
const careRow = (id: string, text: string) =>
  `${id};41001;${NID};Langtidsopphold;Hol. § 3-2 a;Langtidsopphold i sykehjem;01.03.2019;;20.02.2019;;"${text}"`;

const DECISION = decisionIdFor('GERICA', 'V-2019-041');

const DECISION_HISTORY = `query ($id: ID!) { serviceDecision(id: $id) { id outcome justification version
  history { version replacedAt replacedBy reason decisionType service legalBasis decidedOn validFrom validTo
            outcome outcomeBasis justification } } }`;

describe('service decisions (journal)', () => {
  beforeAll(async () => {
    await runImport(
      ts.tdb.db,
      'gerica-vedtak',
      gericaFolder(dir, 'vedtak-1', {
        'vedtak.csv': [VEDTAK_HEADER, careRow('V-2019-041', 'Søknad om langtidsopphold innvilges.')],
      }),
    );
    const again = await runImport(
      ts.tdb.db,
      'gerica-vedtak',
      gericaFolder(dir, 'vedtak-2', {
        'vedtak.csv': [
          VEDTAK_HEADER,
          careRow('V-2019-041', 'Søknad om langtidsopphold avslås: behovet dekkes av hjemmesykepleie.'),
        ],
      }),
    );
    expect(again.counts.decisions).toEqual({ accepted: 0, updated: 1, unchanged: 0 });
  }, 120_000);

  test('pasientjournalloven § 22 with forvaltningsloven § 18: a Gerica service decision re-imported with another outcome shows the earlier outcome and text in ServiceDecision.history, with when, by what and why it was replaced', async () => {
    const r = await call(archivist, DECISION_HISTORY, { id: DECISION });
    expect(r.body.errors).toBeUndefined();
    const d = r.body.data.serviceDecision;
    expect(d).toMatchObject({
      id: DECISION,
      outcome: 'REFUSED',
      justification: 'Søknad om langtidsopphold avslås: behovet dekkes av hjemmesykepleie.',
      version: 2,
    });
    expect(d.history).toHaveLength(1);
    expect(d.history[0]).toMatchObject({
      version: 1,
      replacedBy: 'import',
      reason: 'changed in a later source export',
      decisionType: 'Langtidsopphold',
      service: 'Langtidsopphold i sykehjem',
      legalBasis: 'Hol. § 3-2 a',
      decidedOn: '2019-02-20',
      validFrom: '2019-03-01',
      validTo: null,
      outcome: 'GRANTED',
      justification: 'Søknad om langtidsopphold innvilges.',
    });
    expect(d.history[0].replacedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$/);
    expect(d.history[0].outcomeBasis).toContain('innvilges');
  }, 120_000);

  test('pasientjournalloven § 22 with pasientjournalforskriften § 14: a legal user on a matter over the person reads the decision’s history, logged under the person as a read of the decision; one whose matter does not reach the person gets the record’s own refusal', async () => {
    const own = await legal('M-HIST-SD', [NID], '2019-01-01', '2019-12-31');
    const r = await call(own, DECISION_HISTORY, { id: DECISION });
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.serviceDecision.history.map((v: { outcome: string }) => v.outcome)).toEqual([
      'GRANTED',
    ]);
    const patientId = (
      await ts.tdb.db.query<{ patient_id: string }>(
        'SELECT patient_id FROM journal.service_decision WHERE id = $1',
        [DECISION],
      )
    ).rows[0]!.patient_id;
    expect(await logged('jurist-M-HIST-SD')).toContainEqual({
      patient_id: patientId,
      entity_type: 'service_decision',
      entity_ids: [DECISION],
      outcome: 'granted',
    });

    const other = await legal('M-HIST-SD-X', [OTHER_NID]);
    const plain = await call(other, `query ($id: ID!) { serviceDecision(id: $id) { id } }`, { id: DECISION });
    const withHistory = await call(other, DECISION_HISTORY, { id: DECISION });
    expect(plain.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(withHistory.body.errors?.[0]?.message).toBe(plain.body.errors?.[0]?.message);
    expect(withHistory.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(withHistory.body.data?.serviceDecision ?? null).toBeNull();
    const rows = await logged('jurist-M-HIST-SD-X');
    expect(rows.filter((x) => x.outcome === 'granted')).toEqual([]);
    expect(rows.filter((x) => x.outcome === 'denied').length).toBeGreaterThan(0);
  }, 120_000);
});

// ---- coercion: decisions and executions ----

const writeNdjson = (name: string, records: object[]): string => {
  const p = join(dir, name);
  writeFileSync(p, records.map((x) => JSON.stringify(x)).join('\n') + '\n');
  return p;
};

const hpDecision = (extra: object) => ({
  kind: 'decision',
  id: 'TVD-HIST-1',
  patient: NID,
  legalBasis: 'hol-9-5c',
  measures: ['skjerming'],
  validFrom: '2020-01-01',
  validTo: '2020-12-31',
  decidedAt: '2019-12-20T10:00:00+01:00',
  approvedByStatsforvalterAt: '2019-12-28T10:00:00+01:00',
  justification: 'Andre løsninger er prøvd.',
  ...extra,
});

const hpExecution = (extra: object) => ({
  kind: 'execution',
  id: 'TVG-HIST-1',
  patient: NID,
  decisionId: 'TVD-HIST-1',
  measure: 'skjerming',
  start: '2021-03-01T10:00:00+01:00',
  end: '2021-03-01T10:20:00+01:00',
  executedBy: ['9160033', '10588'],
  description: 'Skjermet på rommet.',
  ...extra,
});

/** The execution with its history, and the decision it is judged under with its history. */
const readCoercion = (token: string) =>
  call(
    token,
    `query ($id: ID!) { coercionExecution(id: $id) { id measure end decision { id measures validFrom validTo
      history { version replacedAt replacedBy reason legalBasis measures validFrom validTo decidedAt
                approvedByStatsforvalterAt justification } }
      history { version replacedAt replacedBy reason measure start end durationMinutes executedByIds description
                recordedDecisionId } } }`,
    { id: 'TVG-HIST-1' },
  );

describe('coercion decisions and executions', () => {
  beforeAll(async () => {
    // First export: the decision with the wrong year (2020) and one measure; the execution 20 minutes.
    const [first] = await importCoercionPath(
      ts.tdb.db,
      writeNdjson('Coercion-1.ndjson', [hpDecision({}), hpExecution({})]),
    );
    expect(first!.quarantined).toEqual([]);
    // A later export corrects the period to 2021 and adds a measure; the execution ran 35 minutes.
    const [second] = await importCoercionPath(
      ts.tdb.db,
      writeNdjson('Coercion-2.ndjson', [
        hpDecision({
          measures: ['skjerming', 'holding'],
          validFrom: '2021-01-01',
          validTo: '2021-12-31',
          decidedAt: '2020-12-20T10:00:00+01:00',
          approvedByStatsforvalterAt: '2020-12-28T10:00:00+01:00',
        }),
        hpExecution({ end: '2021-03-01T10:35:00+01:00' }),
      ]),
    );
    expect(second!.quarantined).toEqual([]);
    expect(second!.decisions.written).toBe(1);
    expect(second!.executions.written).toBe(1);
  }, 120_000);

  test('helse- og omsorgstjenesteloven § 9-7 with pasientjournalloven § 22: a coercion decision re-imported with another period and measures, and its execution with another end, show what they said before in history, with when, by what and why', async () => {
    const r = await readCoercion(archivist);
    expect(r.body.errors).toBeUndefined();
    const e = r.body.data.coercionExecution;
    expect(e).toMatchObject({ id: 'TVG-HIST-1', end: '2021-03-01T10:35:00+01:00' });
    expect(e.history).toEqual([
      {
        version: 1,
        replacedAt: expect.any(String),
        replacedBy: 'import',
        reason: 'changed in a later source export',
        measure: 'skjerming',
        start: '2021-03-01T10:00:00+01:00',
        end: '2021-03-01T10:20:00+01:00',
        durationMinutes: 20,
        executedByIds: ['9160033', '10588'],
        description: 'Skjermet på rommet.',
        recordedDecisionId: 'TVD-HIST-1',
      },
    ]);
    const d = e.decision;
    expect(d).toMatchObject({
      id: 'TVD-HIST-1',
      validFrom: '2021-01-01',
      measures: ['skjerming', 'holding'],
    });
    expect(d.history).toEqual([
      {
        version: 1,
        replacedAt: expect.any(String),
        replacedBy: 'import',
        reason: 'changed in a later source export',
        legalBasis: 'hol-9-5c',
        measures: ['skjerming'],
        validFrom: '2020-01-01',
        validTo: '2020-12-31',
        decidedAt: '2019-12-20T10:00:00+01:00',
        approvedByStatsforvalterAt: '2019-12-28T10:00:00+01:00',
        justification: 'Andre løsninger er prøvd.',
      },
    ]);
  }, 120_000);

  test('pasientjournalloven § 22 with pasientjournalforskriften § 14: a legal user’s matter period applies to each earlier version of a coercion decision by its own period (2021 only: the 2020 version is left out; 2020–2021: shown), every read logged under the person as a read of the record; a matter not over the person gets the record’s refusal', async () => {
    const only2021 = await legal('M-HIST-TV-21', [NID], '2021-01-01', '2021-12-31');
    const narrow = await readCoercion(only2021);
    expect(narrow.body.errors).toBeUndefined();
    expect(narrow.body.data.coercionExecution.decision.history).toEqual([]);
    expect(narrow.body.data.coercionExecution.history).toHaveLength(1);

    const both = await legal('M-HIST-TV-2021', [NID], '2020-01-01', '2021-12-31');
    const wide = await readCoercion(both);
    expect(wide.body.errors).toBeUndefined();
    expect(
      wide.body.data.coercionExecution.decision.history.map((v: { validFrom: string }) => v.validFrom),
    ).toEqual(['2020-01-01']);
    const rows = await logged('jurist-M-HIST-TV-2021');
    expect(rows).toContainEqual({
      patient_id: `nid:${NID}`,
      entity_type: 'coercion_decision',
      entity_ids: ['TVD-HIST-1'],
      outcome: 'granted',
    });
    expect(rows).toContainEqual({
      patient_id: `nid:${NID}`,
      entity_type: 'coercion_execution',
      entity_ids: ['TVG-HIST-1'],
      outcome: 'granted',
    });

    const other = await legal('M-HIST-TV-X', [OTHER_NID]);
    const plain = await call(other, `query ($id: ID!) { coercionExecution(id: $id) { id } }`, {
      id: 'TVG-HIST-1',
    });
    const withHistory = await readCoercion(other);
    expect(plain.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(withHistory.body.errors?.[0]?.message).toBe(plain.body.errors?.[0]?.message);
    expect(withHistory.body.data?.coercionExecution ?? null).toBeNull();
    expect((await logged('jurist-M-HIST-TV-X')).filter((x) => x.outcome === 'granted')).toEqual([]);
  }, 120_000);
});

// ---- archive: saksmappe and journalpost ----

describe('archive cases and journalposter', () => {
  const extract = generateNoarkExtract({
    seed: 41,
    saksmapper: 2,
    clients: [{ nationalId: NID, name: 'Ingrid Historiesen' }],
  });
  const sak = extract.facts.saksmapper[0]!;
  const jp = extract.facts.journalposter.find((j) => j.registreringsId.startsWith(`${sak.mappeId}-`))!;
  let firstTitle: string;
  let firstJpTitle: string;
  let firstPublicTitle: string | null;

  const CASE_HISTORY = `query ($id: ID!) { saksmappe(id: $id) { id tittel offentligTittel
    history { version replacedAt replacedBy reason tittel offentligTittel saksdato saksstatus }
    journalposter { id tittel history { version replacedAt replacedBy reason tittel journaldato journalstatus } } } }`;

  beforeAll(async () => {
    const d = join(dir, 'noark');
    for (const f of extract.files) {
      mkdirSync(dirname(join(d, f.path)), { recursive: true });
      writeFileSync(join(d, f.path), f.content);
    }
    const s = await importNoark(ts.tdb.db, d);
    expect(s.saksmapper).toMatchObject({ quarantined: 0 });
    expect(sak.partNationalIds).toContain(NID);
    const before = await call(archivist, CASE_HISTORY.replace(/history \{[^}]*\}/g, ''), { id: sak.id });
    expect(before.body.errors).toBeUndefined();
    firstTitle = before.body.data.saksmappe.tittel;
    firstPublicTitle = before.body.data.saksmappe.offentligTittel;
    firstJpTitle = before.body.data.saksmappe.journalposter.find(
      (j: { id: string }) => j.id === jp.id,
    ).tittel;
    for (const [id, tittel] of [
      [sak.id, 'Klage på avslag om langtidsopphold - Ingrid'],
      [jp.id, 'Søknad om langtidsopphold (rettet tittel)'],
    ] as const) {
      const r = await call(
        archivist,
        `mutation ($id: ID!, $t: String!) { changeTittel(id: $id, tittel: $t) { id entityType } }`,
        { id, t: tittel },
      );
      expect(r.body.errors).toBeUndefined();
    }
  }, 120_000);

  test('arkivlova § 5 with pasientjournalloven § 22: a saksmappe and a journalpost whose tittel an archivist changed show the earlier title in history, replaced by the archivist, reason "title changed"', async () => {
    const r = await call(archivist, CASE_HISTORY, { id: sak.id });
    expect(r.body.errors).toBeUndefined();
    const c = r.body.data.saksmappe;
    expect(c.tittel).toBe('Klage på avslag om langtidsopphold - Ingrid');
    expect(c.history).toEqual([
      {
        version: 1,
        replacedAt: expect.any(String),
        replacedBy: 'arkivar-hist',
        reason: 'title changed',
        tittel: firstTitle,
        offentligTittel: firstPublicTitle,
        saksdato: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        saksstatus: expect.any(String),
      },
    ]);
    const j = c.journalposter.find((x: { id: string }) => x.id === jp.id);
    expect(j.tittel).toBe('Søknad om langtidsopphold (rettet tittel)');
    expect(j.history).toEqual([
      {
        version: 1,
        replacedAt: expect.any(String),
        replacedBy: 'arkivar-hist',
        reason: 'title changed',
        tittel: firstJpTitle,
        journaldato: jp.journaldato,
        journalstatus: jp.status,
      },
    ]);
  }, 120_000);

  test('pasientjournalloven § 22 with pasientjournalforskriften § 14: a legal user on a matter over the client reads the case history, logged under the client as a read of the saksmappe and journalpost; a matter not over the client gets the record’s refusal and nothing logged as read', async () => {
    const own = await legal('M-HIST-AR', [NID]);
    const r = await call(own, CASE_HISTORY, { id: sak.id });
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.saksmappe.history.map((v: { tittel: string }) => v.tittel)).toEqual([firstTitle]);
    const rows = await logged('jurist-M-HIST-AR');
    expect(rows).toContainEqual(
      expect.objectContaining({
        patient_id: `nid:${NID}`,
        entity_type: 'saksmappe',
        entity_ids: [sak.id],
        outcome: 'granted',
      }),
    );
    expect(rows).toContainEqual(
      expect.objectContaining({
        patient_id: `nid:${NID}`,
        entity_type: 'journalpost',
        outcome: 'granted',
        entity_ids: expect.arrayContaining([jp.id]),
      }),
    );

    const other = await legal('M-HIST-AR-X', [OTHER_NID]);
    const plain = await call(other, `query ($id: ID!) { saksmappe(id: $id) { id } }`, { id: sak.id });
    const withHistory = await call(other, CASE_HISTORY, { id: sak.id });
    expect(plain.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(withHistory.body.errors?.[0]?.message).toBe(plain.body.errors?.[0]?.message);
    expect(withHistory.body.data?.saksmappe ?? null).toBeNull();
    expect((await logged('jurist-M-HIST-AR-X')).filter((x) => x.outcome === 'granted')).toEqual([]);
  }, 120_000);
});

// ---- journal: care contacts ----

describe('care contacts (journal)', () => {
  const patient = hpPatient('pt-hist-cc', '1944-04-04', 43);
  const CC_NID = patient.identifier[0]!.value;
  const encounter = (period: object) => ({ ...hpEncounter('enc-hist-1', 'pt-hist-cc'), period });
  let patientId: string;

  const CONTACTS = `query ($p: ID!) { patient(id: $p) { careContacts { contacts { id start end
    history { version replacedAt replacedBy reason service start end } } } } }`;

  beforeAll(async () => {
    await runImport(
      ts.tdb.db,
      'hp',
      writeHpExport(dir, 'hp-cc-1', {
        Patient: [patient],
        Encounter: [encounter({ start: '2022-03-01T09:00:00+01:00', end: '2022-03-01T10:00:00+01:00' })],
      }),
    );
    await runImport(
      ts.tdb.db,
      'hp',
      writeHpExport(dir, 'hp-cc-2', {
        Patient: [patient],
        Encounter: [encounter({ start: '2022-03-02T09:00:00+01:00', end: '2022-03-02T11:00:00+01:00' })],
      }),
    );
    patientId = await hpPatientRecord(ts.tdb.db, 'pt-hist-cc');
  }, 120_000);

  test('pasientjournalloven § 22 with pasientjournalforskriften § 14: a care contact whose period a later HP export changed shows its earlier period in history; a matter period that does not reach the earlier period leaves that version out; the read is logged as a read of the contact', async () => {
    const r = await call(archivist, CONTACTS, { p: patientId });
    expect(r.body.errors).toBeUndefined();
    const [c] = r.body.data.patient.careContacts.contacts;
    expect(c).toMatchObject({ start: '2022-03-02T09:00:00+01:00', end: '2022-03-02T11:00:00+01:00' });
    expect(c.history).toEqual([
      {
        version: 1,
        replacedAt: expect.any(String),
        replacedBy: 'import',
        reason: 'changed in a later source export',
        service: 'Helsestasjon',
        start: '2022-03-01T09:00:00+01:00',
        end: '2022-03-01T10:00:00+01:00',
      },
    ]);

    const wide = await legal('M-HIST-CC', [CC_NID], '2022-01-01', '2022-12-31');
    const seen = await call(wide, CONTACTS, { p: patientId });
    expect(seen.body.errors).toBeUndefined();
    expect(seen.body.data.patient.careContacts.contacts[0].history).toHaveLength(1);
    expect(await logged('jurist-M-HIST-CC')).toContainEqual({
      patient_id: patientId,
      entity_type: 'care_contact',
      entity_ids: [c.id],
      outcome: 'granted',
    });
    const narrow = await legal('M-HIST-CC-2', [CC_NID], '2022-03-02', '2022-12-31');
    const later = await call(narrow, CONTACTS, { p: patientId });
    expect(later.body.errors).toBeUndefined();
    expect(later.body.data.patient.careContacts.contacts[0].history).toEqual([]);
  }, 120_000);
});
