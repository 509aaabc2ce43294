/**
 * accessBundle(accessRequestId): what a relative's access request (pbrl. § 5-1, after death
 * with § 1-3 b) rests on, each part read from its owner as the caller: the archive case of
 * the request (and the person's other cases), the service decisions — Helseplattformen's
 * first — with the legacy assessment each cites (the link's basis from the journal room),
 * and the eligibility decision the archive computed for the request.
 */
import { GraphQLError } from 'graphql';
import type { OwnerClient } from './client';
import {
  ARCHIVE,
  DECISION_SHORT_FIELDS,
  archiveItems,
  decisionItem,
  decisionsWhole,
  entryItem,
  personEntries,
  sortKey,
  type Case,
  type Decision,
  type Entry,
} from './build';
import type { DossierItem, DossierWindow } from './types';

const REQUEST = `query ($id: ID!) {
  accessRequest(id: $id) {
    saksmappe { id } patient { id } eligibility legalBasis relation relativeCheck relativeCheckNote
    requesterName receivedOn deadline patientDeceasedOn
  }
}`;

const DECISIONS = `query ($id: ID!) {
  patient(id: $id) { id nationalIds recordIds serviceDecisions { decisions { ${DECISION_SHORT_FIELDS} } } }
}`;

const ALL: DossierWindow = {
  kind: 'ALL',
  from: null,
  to: null,
  description: 'every record',
  assumptions: [],
  leapDayRule: 'MARCH_1',
};

export interface AccessBundle {
  accessRequestId: string;
  patientId: string;
  cases: DossierItem[];
  decisions: DossierItem[];
  assessments: DossierItem[];
  eligibility: {
    eligibility: string;
    legalBasis: string;
    relation: string;
    relativeCheck: string;
    relativeCheckNote: string | null;
    requesterName: string;
    receivedOn: string;
    deadline: string;
    patientDeceasedOn: string | null;
  };
}

export async function buildAccessBundle(client: OwnerClient, accessRequestId: string): Promise<AccessBundle> {
  const { accessRequest: r } = await client.query<{
    accessRequest:
      (AccessBundle['eligibility'] & { saksmappe: { id: string }; patient: { id: string } }) | null;
  }>('archive', REQUEST, { id: accessRequestId });
  if (!r)
    throw new GraphQLError(`no access request ${accessRequestId}`, { extensions: { code: 'NOT_FOUND' } });
  const { patient } = await client.query<{
    patient: {
      id: string;
      nationalIds: string[];
      recordIds: string[];
      serviceDecisions: { decisions: Decision[] };
    } | null;
  }>('journal', DECISIONS, { id: r.patient.id });
  if (!patient) throw new GraphQLError(`no patient ${r.patient.id}`, { extensions: { code: 'NOT_FOUND' } });
  // The archive's Patient.cases @requires the person's record ids: the gateway fills them, but
  // this call goes to the archive subgraph itself, so the representation carries them (a case
  // filed under a linked record's id, pbrl. § 5-1; review s37).
  const rep = {
    __typename: 'Patient',
    id: patient.id,
    nationalIds: patient.nationalIds,
    recordIds: patient.recordIds,
  };
  // The decisions' texts read by decision, a decision too large with its versions a part at a
  // time (build.ts decisionsWhole; s47: listed with their texts in one request, decisions over
  // the journal's text budget together failed the whole bundle, pbrl. § 5-1).
  // Asked of the person (Patient.serviceDecisionsById, fix FX-A 2): a decision moved off the
  // person since it was listed (helsepersonelloven § 44) is left out, not refused or read as
  // another person's.
  const whole = await decisionsWhole(client, patient.id, patient.serviceDecisions.decisions);
  const decisions = [...whole.decisions].sort(
    (a, b) =>
      Number(b.sourceSystem === 'HELSEPLATTFORMEN') - Number(a.sourceSystem === 'HELSEPLATTFORMEN') ||
      b.decidedOn.localeCompare(a.decidedOn),
  );
  // The cited notes as the dossier reads them (build.ts personEntries, as the person's: halved
  // while a batch passes the journal's text budget, a note too large with its earlier versions
  // read a page of versions at a time). Fix FX9: asked in one request with their history, one
  // long cited note (or many together) was refused RESPONSE_TOO_LARGE and failed the whole
  // bundle (pbrl. § 5-1).
  const entryIds = [...new Set(decisions.flatMap((d) => d.assessments.map((a) => a.entry.id)))];
  const [archive, entries] = await Promise.all([
    client.query<{ _entities: ({ cases: Case[] } | null)[] }>('archive', ARCHIVE, { r: [rep] }),
    personEntries(client, patient.id, entryIds),
  ]);
  const cases = (archive._entities[0]?.cases ?? [])
    .sort((a, b) => Number(b.id === r.saksmappe.id) - Number(a.id === r.saksmappe.id))
    .flatMap((c) => archiveItems(c, ALL));
  const { saksmappe, patient: _p, ...eligibility } = r;
  void _p;
  void saksmappe;
  return {
    accessRequestId,
    patientId: patient.id,
    cases,
    decisions: decisions.map(decisionItem),
    assessments: entries
      .filter((e): e is Entry => e !== null)
      .map(entryItem)
      .sort((a, b) => sortKey(a).localeCompare(sortKey(b))),
    eligibility,
  };
}
