/**
 * What bench/search.ts and bench/search-stages.ts share: the generated notes they search (a
 * patient per 100 notes, born 1990–2004, each note two to four of twelve sentences, some about
 * bullying), the age-window concept query both time, the same query as the gateway sends it to
 * the search subgraph (signed), and a GraphQL POST that fails on errors.
 */
import { signInternalToken } from '../lib/auth';
import type { Db } from '../lib/db';
import { insertJournalEntries, insertPatients } from '../subgraphs/journal/store';

const SENTENCES = [
  'Morgenbesøk. Medisiner tatt under tilsyn.',
  'Sårstell venstre legg, såret er rent.',
  'Hoste og lett feber i tre dager.',
  'Forteller at han ble mobbet i friminuttene.',
  'Er plaget av noen i klassen og gruer seg til skolen.',
  'Plaget av hoste om natta.',
  'Blir holdt utenfor av de andre i klassen.',
  'Samtale med mor om søvn og skjermbruk.',
  'Vaksinert etter programmet, ingen reaksjoner.',
  'Utsatt for nettmobbing på sosiale medier.',
  'BT 142/88, puls 76.',
  'Kontroll etter brudd i håndleddet, god bevegelighet.',
];

export const PER_PATIENT = 100;

/** Writes `total` generated notes into the journal (patients `pb-<n>`), drawing from `r`; returns the patient ids. */
export async function loadBenchNotes(db: Db, total: number, r: () => number): Promise<string[]> {
  const ids: string[] = [];
  for (let p = 0; p < Math.ceil(total / PER_PATIENT); p++) {
    const birthYear = 1990 + Math.floor(r() * 15);
    const birthDate = `${birthYear}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
    const id = `pb-${p}`;
    ids.push(id);
    await insertPatients(db, [{ id, nationalId: null, familyName: 'Bench', givenName: `P${p}`, birthDate }]);
    await insertJournalEntries(
      db,
      Array.from({ length: Math.min(PER_PATIENT, total - p * PER_PATIENT) }, (_, n) => ({
        id: `${id}-${n}`,
        patientId: id,
        sourceSystem: (['GERICA', 'PROFIL', 'HELSEPLATTFORMEN'] as const)[n % 3]!,
        sourceId: `${id}-${n}`,
        type: 'Journalnotat',
        authorName: 'Berit Hoel',
        writtenAt: new Date(
          Date.UTC(birthYear + 3 + Math.floor(r() * 25), Math.floor(r() * 12), 1 + Math.floor(r() * 28), 9),
        ).toISOString(),
        text: Array.from(
          { length: 2 + Math.floor(r() * 3) },
          () => SENTENCES[Math.floor(r() * SENTENCES.length)],
        ).join(' '),
      })),
    );
  }
  return ids;
}

const SEARCH = `search(query: "mobbing", ageFrom: 13, ageTo: 15, first: 20) { total hits { score matchedExpansions journalEntry { id } } }`;
/** The age-window concept query through the gateway, and as the gateway sends it to the search subgraph. */
export const GATEWAY_QUERY = `query ($id: ID!) { patient(id: $id) { ${SEARCH} } }`;
const SUBGRAPH_QUERY = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Patient { ${SEARCH} } } }`;

/**
 * The query as the gateway sends it to the search subgraph for patient `pid`: the body and its
 * caller token, bound to the search subgraph and this exact body (lib/auth.ts), as the gateway signs it.
 */
export async function subgraphRequest(
  pid: string,
  requestId: string,
  secret: string,
): Promise<{ body: object; caller: string }> {
  const body = {
    query: SUBGRAPH_QUERY,
    variables: { r: [{ __typename: 'Patient', id: pid, recordIds: [pid] }] },
  };
  const caller = await signInternalToken(
    {
      userId: 'bench',
      role: 'legal',
      purpose: 'LEGAL_PROCEEDINGS',
      matter: 'M-bench-search',
      selfAuthorized: false,
      requestId,
    },
    secret,
    { audience: 'search', body: JSON.stringify(body) },
  );
  return { body, caller };
}

/** POSTs a GraphQL body; throws on GraphQL errors. */
export async function postGraphql(url: string, body: object, headers: Record<string, string>): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { errors?: unknown[] };
  if (json.errors) throw new Error(JSON.stringify(json.errors));
}
