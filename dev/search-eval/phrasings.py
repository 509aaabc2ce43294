#!/usr/bin/env python3
"""Natural phrasings of the tuning sets' topics, as queries of their own.

phrasings.json: three multi-word queries per topic (3-8 words: lists with "og"/"eller" and
commas, verb phrases, function words, lay and clinical wording), written by a helper who saw
neither the vocabulary, the notes nor the labelled sets, from the topic names alone
(2026-12-02). This script writes tuning-set-N-phrasings.json: set N's people and notes, and
one query per phrasing with the labels of the topic's unscoped queries (the same for every
unscoped query of a topic in sets 2 and 3). Tuning data: tuned on, never a blind measure.

  python3 dev/search-eval/phrasings.py && npx prettier --write dev/search-eval/tuning-set-*-phrasings.json
  HELSESPOR_BLIND_SET=/nonexistent EVAL_SETS=tuning \
    HELSESPOR_TUNING_SET=dev/search-eval/tuning-set-3-phrasings.json npm run bench:search-eval
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
phrasings = json.load(open(os.path.join(HERE, "phrasings.json"), encoding="utf-8"))
for n in (2, 3):
    data = json.load(open(os.path.join(HERE, f"tuning-set-{n}.json"), encoding="utf-8"))
    first = {}
    for q in data["queries"]:
        if not q["scope"]:
            first.setdefault(q["topic"], q)
    queries = [
        {**q, "id": f"{q['id']}p{i}", "query": p}
        for topic, q in first.items()
        for i, p in enumerate(phrasings.get(topic, []))
    ]
    data["queries"] = queries
    out = os.path.join(HERE, f"tuning-set-{n}-phrasings.json")
    json.dump(data, open(out, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
    print(out, len(queries), "queries")
