/**
 * The gateway's price of the earlier-version lists (`history`: JournalEntry, CareContact, ServiceDecision,
 * CoercionDecision, CoercionExecution, Saksmappe, Journalpost; review s41): each is an ordinary
 * list (gateway/limits.ts: `listSize` items, no weight of its own), as JournalEntry.history is.
 * Each subgraph answers it with one query per request for every record asked (a DataLoader), so a
 * page of records with their history costs one round trip more, whatever the page; a weight of
 * its own would refuse requests that cost the subgraph nothing more. A record has few versions
 * (one per change). Priced on the composed supergraph, as the gateway prices a request.
 */
import { buildSchema, isObjectType, parse } from 'graphql';
import { composeSupergraph } from './compose';
import { ENTRY_WEIGHT, SIZE_ARGUMENT, fieldWeights, listCaps, operationCost } from './limits';
import { DEFAULT_LIMITS } from '../lib/config';

const NAMES = ['journal', 'archive', 'coercion', 'search', 'dossier'];
const schema = buildSchema(
  composeSupergraph(NAMES.map((name) => ({ name, url: `http://127.0.0.1/${name}` }))),
  { assumeValidSDL: true },
);
const weights = fieldWeights(DEFAULT_LIMITS);
const caps = listCaps(DEFAULT_LIMITS);
const cost = (q: string) => operationCost(schema, parse(q), undefined, {}, 10, weights, caps);

/** What `history { version replacedAt }` adds to a selection at `at` (one record). */
const added = (at: (inner: string) => string) =>
  cost(`{ ${at('id history { version replacedAt }')} }`) - cost(`{ ${at('id')} }`);

const HISTORY = [
  'JournalEntry.history',
  'CareContact.history',
  'ServiceDecision.history',
  'CoercionDecision.history',
  'CoercionExecution.history',
  'Saksmappe.history',
  'Journalpost.history',
];

test('every history list is an ordinary list: no weight, cap or size argument of its own', () => {
  for (const f of HISTORY) {
    const [type, field] = f.split('.') as [string, string];
    const t = schema.getType(type);
    expect([f, isObjectType(t) && field in t.getFields()]).toEqual([f, true]);
    const priced = f in weights || f in ENTRY_WEIGHT || f in SIZE_ARGUMENT || f in caps;
    expect([f, priced]).toEqual([f, false]);
  }
});

test('a record’s history costs what a note’s does: 1 + listSize × its fields', () => {
  const note = added((i) => `patient(id: "p") { journal(first: 1) { edges { node { ${i} } } } }`);
  expect(note).toBe(1 + 10 * 2);
  expect({
    serviceDecision: added((i) => `serviceDecision(id: "d") { ${i} }`),
    careContact: added(
      (i) =>
        `journalEntry: patient(id: "p") { journal(first: 1) { edges { node { careContact { ${i} } } } } }`,
    ),
    coercionExecution: added((i) => `coercionExecution(id: "e") { ${i} }`),
    coercionDecision: added((i) => `coercionExecution(id: "e") { decision { ${i} } }`),
    saksmappe: added((i) => `saksmappe(id: "s") { ${i} }`),
    journalpost: added((i) => `journalpost(id: "j") { ${i} }`),
  }).toEqual({
    serviceDecision: note,
    careContact: note,
    coercionExecution: note,
    coercionDecision: note,
    saksmappe: note,
    journalpost: note,
  });
});

test('the history of every execution a coercion list may judge is priced by listSize, not by the cap (one query answers them all), and the request is accepted', () => {
  const q = `{ patient(id: "p") { coercionExecutions { id history { version end } decision { history { version validTo } } } } }`;
  expect(cost(q)).toBeLessThan(DEFAULT_LIMITS.maxCost);
});
