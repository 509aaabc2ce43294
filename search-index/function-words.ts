/**
 * Norwegian function words (bokmål and nynorsk) that are never offered as suggested terms
 * (`suggestedTerms`, review s44 case 2: a bullying search over a person's notes suggested
 * "ham", "tre" and "lei", words that say nothing of what the notes are about).
 *
 * Where the list comes from: `STOP_WORDS` (query.ts) is the Snowball Norwegian stop list, the
 * same list as Lucene's `_norwegian_` stop set (NorwegianAnalyzer, core Lucene: it runs on the
 * core-only distribution; `_analyze` with `{"type":"stop","stopwords":"_norwegian_"}` on
 * 9.3.2 keeps "ham", "tre", "lei") and PostgreSQL's `tsearch_data/norwegian.stop` (176 lines),
 * with a few words of the notes' own ("pasienten"). Neither is readable where the suggestions
 * are built (Elasticsearch's list is inside the node, PostgreSQL's stop file on the server's
 * disk, PGlite's in its WebAssembly image), and both lack the forms below, which are written
 * here: the snowball words missing from STOP_WORDS ("blei", "båe"), object and possessive
 * pronouns, determiners and quantifiers, prepositions, conjunctions and subjunctions,
 * auxiliaries and their forms, numerals written in words, and common adverbs, in both written
 * standards. Words of one or two letters and tokens with a digit are never suggested anyway.
 *
 * Only the suggestions shown to the user are filtered: what a search matches and its order,
 * the query's segments (STOP_WORDS), the classifier's features and the feedback pass's
 * candidates (`SearchQuery.suggestFunctionWords`, feedback.ts) are as before.
 *
 * "lei": alone it says nothing of the topic ("lei av", "leie"); in "lei seg" it does: since
 * stop 45 two-word phrases are offered after the words (phrase-suggestions.ts), "lei seg" among
 * them, while "lei" alone stays out.
 */
import { STOP_WORDS } from './query';

// First the Snowball words STOP_WORDS lacks.
const MORE = (
  'blei båe ' +
  // Pronouns: personal, object, possessive, reflexive, reciprocal (bokmål, nynorsk).
  'ham henne hennes dens dets deres våre vårt mitt mine dine dine sitt sine seg selv hverandre kvarandre ' +
  'ho honom hennar hans dykk dykkar deira dokker meg deg oss dem dei deim eg ein eit vi me ' +
  // Determiners, quantifiers.
  'den det denne dette disse hin hine hele heile alt all alle annen annet andre anna ' +
  'enhver ethvert ingen intet ingenting ingenting noe noen noko nokon nokre mye mykje lite litt færre fleire ' +
  'flere flest mest minst flesteparten somme slike slikt sånne sånt samme same visse ' +
  // Prepositions.
  'av etter foran forbi fra frå gjennom hos innen inni langs med mellom mot om omkring over ' +
  'på rundt siden sidan til under unntatt uten utan ved via bak blant hjå attmed attende ' +
  // Conjunctions, subjunctions.
  'og eller men for fordi at om hvis dersom når da då mens medan enn som så skjønt selv ' +
  'både verken hverken enten samt altså derfor difor likevel ' +
  // Auxiliaries and their forms.
  'er var vært vore være vere ble blitt blir bli vert vart verte vorte har hadde hatt ha ' +
  'kan kunne kunnet skal skulle skullet vil ville villet må måtte måttet bør burde burdet får fikk fått ' +
  'går gikk gått gjør gjorde gjort gjer gjorde sier sa sagt seier ' +
  // Numerals in words (cardinal and ordinal, both standards).
  'null en ei et to tre fire fem seks sju syv åtte ni ti elleve tolv tretten fjorten femten seksten ' +
  'sytten atten nitten tjue tjueen tretti førti femti seksti sytti åtti nitti hundre tusen ' +
  'første andre tredje fjerde femte sjette sjuende syvende åttende niende tiende ' +
  'fyrste tredje halv halvt halve begge ' +
  // Common adverbs (time, degree, place, stance).
  'ikke ikkje aldri alltid allerede allereie ofte sjelden ofte snart straks nå no da ' +
  'igjen att enda endå ennå fortsatt framleis også óg bare berre kun veldig svært ganske nokså ' +
  'litt mer meir mest helt heilt nesten omtrent ca cirka akkurat her der hit dit hvor kvar ' +
  'hvordan korleis hvorfor kvifor hva kva hvem kven hvilken hvilke kva slags også dessuten ' +
  'kanskje visst vel jo nok lei ja nei sånn slik slik ut inn opp ned fram frem bort borte ' +
  'ute inne oppe nede først sist senere seinare tidligere tidlegare etterpå ' +
  'før deretter derfra dermed derimot faktisk egentlig eigentleg'
).split(/\s+/);

/** The function words never offered as suggested terms (lower case). */
export const FUNCTION_WORDS: readonly string[] = [...new Set([...STOP_WORDS, ...MORE.filter(Boolean)])];
const SET: ReadonlySet<string> = new Set(FUNCTION_WORDS);

/** Whether a suggested term says something: letters only, three or more, no function word. */
export function suggestable(term: string): boolean {
  const t = term.toLowerCase();
  return /^\p{L}{3,}$/u.test(t) && !SET.has(t);
}
