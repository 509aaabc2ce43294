/**
 * `npm run bench:averaging [trials=4000] [seed=1]`: what the averaging attack of the noise
 * review learns from n pairs of queries, for the figures of the query budget's default
 * (lib/policy/query-budget.ts). Each pair is two counts that differ by the same notes (true
 * difference 1) with independent noise from PTABLE (search-counts.ts); the attacker knows the
 * table and weighs the differences 0–4 equally before. A pair is two counts whichever field
 * carries them (two totals, or two term-report rows of one word: each row has its own noise),
 * and the budget's unit is a count. Printed per number of pairs: the counts it takes, the median posterior of the true difference, and how often it reaches
 * 0.99 and 0.9999. Pure computation: no database.
 */
import { PTABLE } from '../lib/policy/search-counts';
import { prng } from '../lib/prng';

const trials = Number(process.argv[2] ?? 4000);
const rand = prng(Number(process.argv[3] ?? 1));

const probs = PTABLE.map(([noise, below], i) => [noise, below - (i ? PTABLE[i - 1]![1] : 0)] as const);
const draw = () => {
  const r = rand();
  return PTABLE.find(([, below]) => r < below)![0];
};
/** The difference of two independent noises: −4…+4. */
const diff = new Map<number, number>();
for (const [a, pa] of probs) for (const [b, pb] of probs) diff.set(a - b, (diff.get(a - b) ?? 0) + pa * pb);

const HYPOTHESES = [0, 1, 2, 3, 4];
const TRUE = 1;

function posterior(pairs: number): number {
  const ll = HYPOTHESES.map(() => 0);
  for (let i = 0; i < pairs; i++) {
    const d = TRUE + draw() - draw();
    HYPOTHESES.forEach((h, j) => {
      const p = diff.get(d - h) ?? 0;
      ll[j]! += p > 0 ? Math.log(p) : -Infinity;
    });
  }
  const max = Math.max(...ll);
  const sum = ll.reduce((s, v) => s + Math.exp(v - max), 0);
  return Math.exp(ll[HYPOTHESES.indexOf(TRUE)]! - max) / sum;
}

console.log(`pairs\tcounts\tmedian posterior\tP(>=0.99)\tP(>=0.9999)\t(${trials} trials)`);
for (const pairs of [5, 10, 20, 30, 40, 50, 55, 75, 100]) {
  const ps = Array.from({ length: trials }, () => posterior(pairs)).sort((a, b) => a - b);
  const share = (t: number) => (ps.filter((p) => p >= t).length / trials).toFixed(3);
  console.log(
    `${pairs}\t${2 * pairs}\t${ps[Math.floor(trials / 2)]!.toFixed(4)}\t\t\t${share(0.99)}\t\t${share(0.9999)}`,
  );
}
