#!/usr/bin/env python3
"""What returning fewer notes would cost: recall and P@20 of Helsespor's hits when cut.

Reads the hits bench:search-eval dumps (EVAL_DUMP, one JSON line per query) and the labelled
sets they came from (for each query's topic), and prints, per set, macro recall over
everything returned and macro P@20 (per topic, then over topics, as the harness does) for
listed and unlisted topics:
  - as returned;
  - keeping only hits scoring at least a share of the query's best score;
  - without the hits that only kNN matched (every matched expansion a knn:… one), with how
    many of those were relevant;
and, for listed topics, P@20 and recall per group of queries (over everyone, about one person)
beside the best a page of 20 could hold, min(relevant, 20) / 20, and the hits only the
classifier matched by score (its tier), relevant of all. Run it on a dump made with concept
directions trained without the set (EVAL_CONCEPT_EXAMPLES from `npm run concept-examples --
--out F` over the other sets): the committed classifier learned the tuning sets.
Tuning data only: a cut chosen on a blind set would be tuned on it.

  EVAL_DUMP=/tmp/hits.jsonl EVAL_SETS=tuning EVAL_BACKENDS=elasticsearch \\
    HELSESPOR_TUNING_SET=dev/search-eval/tuning-set-3.json,dev/search-eval/tuning-set-3-phrasings.json \\
    npx tsx bench/search-eval.ts
  python3 dev/search-eval/hit-cuts.py /tmp/hits.jsonl dev/search-eval/tuning-set-3.json dev/search-eval/tuning-set-3-phrasings.json
"""
import collections
import json
import sys

TOP = 20


def knn_only(hit):
    return bool(hit["exp"]) and all(e.startswith("knn:") for e in hit["exp"])


def macro(rows, keep):
    per_topic = collections.defaultdict(list)
    for r in rows:
        relevant = set(r["relevant"])
        got = [h["id"] for h in r["hits"] if keep(h, r)]
        top = got[:TOP]
        recall = sum(i in relevant for i in got) / len(relevant) if relevant else 1.0
        p20 = sum(i in relevant for i in top) / len(top) if top else 0.0
        per_topic[(r["topic"], r["listed"])].append((recall, p20))
    out = {}
    for listed in (True, False):
        topics = [v for (_, l), v in per_topic.items() if l == listed]
        if topics:
            mean = lambda k: sum(sum(x[k] for x in v) / len(v) for v in topics) / len(topics)
            out[listed] = (mean(0), mean(1))
    return out


def main(dump, sets):
    topic = {}
    for path in sets:
        for q in json.load(open(path))["queries"]:
            topic[q["id"]] = (path, q["topic"])
    by_set = collections.defaultdict(list)
    for line in open(dump):
        r = json.loads(line)
        if r["id"] in topic:
            path, r["topic"] = topic[r["id"]]
            by_set[path].append(r)
    best = lambda r: max((h["score"] for h in r["hits"]), default=0)
    cuts = [("as returned", lambda h, r: True)]
    cuts += [
        (f"score >= {f:.2f} x best", (lambda f: lambda h, r: h["score"] >= f * best(r))(f))
        for f in (0.02, 0.05, 0.1, 0.2, 0.3)
    ]
    cuts.append(("without kNN-only hits", lambda h, r: not knn_only(h)))
    for path, rows in by_set.items():
        print(f"== {path}: {len(rows)} queries (recall / P@20, macro over topics)")
        for name, keep in cuts:
            m = macro(rows, keep)
            cells = "   ".join(
                f"{'listed' if l else 'unlisted'} {v[0]:.2f} / {v[1]:.2f}" for l, v in m.items()
            )
            print(f"  {name:24s} {cells}")
        for scoped in (False, True):
            group = [r for r in rows if r["listed"] and r["scoped"] == scoped]
            if not group:
                continue
            mean = lambda xs: sum(xs) / len(xs)
            per = [
                (
                    sum(i in set(r["relevant"]) for i in [h["id"] for h in r["hits"]][:TOP])
                    / max(1, min(TOP, len(r["hits"]))),
                    sum(h["id"] in set(r["relevant"]) for h in r["hits"]) / max(1, len(r["relevant"])),
                    min(len(r["relevant"]), TOP) / TOP,
                    len(r["relevant"]),
                    len(r["hits"]),
                )
                for r in group
            ]
            print(
                f"  listed, {'about one person' if scoped else 'over everyone'}: {len(group)} queries, "
                f"P@20 {mean([x[0] for x in per]):.2f} recall {mean([x[1] for x in per]):.2f} "
                f"(a page of 20 holds at best {mean([x[2] for x in per]):.2f}; "
                f"relevant {mean([x[3] for x in per]):.1f}, returned {mean([x[4] for x in per]):.1f} a query)"
            )
        tiers = collections.Counter()
        for r in rows:
            if r["listed"]:
                for h in r["hits"]:
                    if h["exp"] and all(e.startswith("classifier:") for e in h["exp"]):
                        tiers[(round(h["score"], 2), h["id"] in set(r["relevant"]))] += 1
        for score in sorted({s for s, _ in tiers}):
            print(
                f"  classifier-only hits at score {score:.2f}: "
                f"{tiers[(score, True)]} relevant of {tiers[(score, True)] + tiers[(score, False)]}"
            )
        for listed in (True, False):
            hits = [(h, set(r["relevant"])) for r in rows if r["listed"] == listed for h in r["hits"]]
            only = [h["id"] in rel for h, rel in hits if knn_only(h)]
            print(
                f"  kNN-only hits, {'listed' if listed else 'unlisted'} topics: "
                f"{sum(only)} relevant of {len(only)}"
            )


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
