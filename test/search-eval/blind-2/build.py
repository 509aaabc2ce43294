#!/usr/bin/env python3
"""Assemble blind-set-2.json from hand-written sources in src/ and validate it.
Only joins, numbers keys and computes query relevant/tempting lists from labels; no text generated."""
import json, os, sys, datetime, glob
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "src")
sys.path.insert(0, SRC)
from topics import TOPICS, SCOPED, KEYWORDS

errors = []
def err(m): errors.append(m)

people = []
pmap = {}
for line in open(os.path.join(SRC, "people.txt"), encoding="utf-8"):
    line = line.strip()
    if not line or line.startswith("#"): continue
    key, gn, fn, bd, sex = line.split("|")
    b = datetime.date.fromisoformat(bd)
    if key in pmap: err("dup person " + key)
    if sex not in ("F", "M"): err("sex " + key)
    if not (1935 <= b.year <= 2015): err("birth year " + key)
    pmap[key] = b
    people.append({"key": key, "givenName": gn, "familyName": fn, "birthDate": bd, "sex": sex})

def age_at(birth, d):
    return d.year - birth.year - ((d.month, d.day) < (birth.month, birth.day))

raw = []
for fn in sorted(glob.glob(os.path.join(SRC, "notes_*.txt"))):
    for i, line in enumerate(open(fn, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"): continue
        parts = line.split("|")
        if len(parts) != 6:
            err(f"{os.path.basename(fn)}:{i} has {len(parts)} fields"); continue
        person, dt, author, rel, tmp, text = parts
        rel = [x for x in rel.split(",") if x]
        tmp = [x for x in tmp.split(",") if x]
        for a in rel + tmp:
            if a not in TOPICS: err(f"{os.path.basename(fn)}:{i} unknown topic {a}")
        if set(rel) & set(tmp): err(f"{os.path.basename(fn)}:{i} topic both relevant and tempting")
        if person not in pmap: err(f"{os.path.basename(fn)}:{i} unknown person {person}"); continue
        try:
            d = datetime.datetime.strptime(dt, "%Y-%m-%d %H:%M")
        except ValueError:
            err(f"{os.path.basename(fn)}:{i} bad date {dt}"); continue
        raw.append((person, d, author.strip(), rel, tmp, text.strip(), f"{os.path.basename(fn)}:{i}"))

# deterministic order: person key, then time, then source position
raw.sort(key=lambda r: (r[0], r[1], r[6]))
notes = []
labels = {}
texts = {}
for n, (person, d, author, rel, tmp, text, src) in enumerate(raw, 1):
    key = f"b2n{n:04d}"
    b = pmap[person]
    if d.date() <= b: err(f"{src} note before/at birth")
    if not (1990 <= d.year <= 2026): err(f"{src} year {d.year} outside 1990-2026")
    if d > datetime.datetime(2026, 12, 2): err(f"{src} in the future")
    age = age_at(b, d.date())
    al = author.lower()
    if ("helsesykepleier" in al or "helsesøster" in al) and "helsestasjon" not in al and not (6 <= age <= 16):
        err(f"{src} school-health note at age {age}")
    if "helsestasjon" in al and age > 6: err(f"{src} helsestasjon note at age {age}")
    if "sykehjem" in al and age < 65: err(f"{src} nursing-home note at age {age}")
    if not text or "|" in text: err(f"{src} bad text")
    if len(author.split(", ")) < 2: err(f"{src} author lacks role: {author}")
    notes.append({"key": key, "person": person, "writtenAt": d.strftime("%Y-%m-%dT%H:%M"),
                  "author": author, "text": text})
    labels[key] = (person, age, set(rel), set(tmp))
    texts[key] = text.lower()

queries = []
qn = 0
def mkq(alias, query, scope):
    global qn
    qn += 1
    name, listed, _, _ = TOPICS[alias]
    def inscope(k):
        p, age, _, _ = labels[k]
        if "person" in scope and p != scope["person"]: return False
        if "ageFrom" in scope and age < scope["ageFrom"]: return False
        if "ageTo" in scope and age > scope["ageTo"]: return False
        return True
    relv = [k for k in labels if alias in labels[k][2] and inscope(k)]
    tmpt = [k for k in labels if alias in labels[k][3] and inscope(k)]
    if not relv: err(f"query {qn} ({query}) has no relevant notes")
    queries.append({"id": f"b2q{qn:02d}", "topic": name, "listed": listed, "query": query,
                    "scope": scope, "relevant": relv, "tempting": tmpt})

for alias, (name, listed, qs, _) in TOPICS.items():
    for q in qs: mkq(alias, q, {})
for alias, q, person, a, b in SCOPED:
    if person not in pmap: err("scoped person " + person)
    mkq(alias, q, {"person": person, "ageFrom": a, "ageTo": b})

# key checks
allkeys = [p["key"] for p in people] + [n["key"] for n in notes] + [q["id"] for q in queries]
for k, c in Counter(allkeys).items():
    if c > 1: err("duplicate key " + k)
    if len(k) > 40: err("key too long " + k)
nk = set(labels)
for q in queries:
    for k in q["relevant"] + q["tempting"]:
        if k not in nk: err("query refers to missing note " + k)

# per-topic counts
print(f"people {len(people)}  notes {len(notes)}  queries {len(queries)}")
bg = sum(1 for k in labels if not labels[k][2])
print(f"notes with no relevant label (background/tempting-only): {bg}")
print(f"{'topic':32s} listed rel  tmp  people  no-keyword-share")
for alias, (name, listed, qs, _) in TOPICS.items():
    rel = [k for k in labels if alias in labels[k][2]]
    tmp = [k for k in labels if alias in labels[k][3]]
    ppl = len({labels[k][0] for k in rel})
    nokw = sum(1 for k in rel if not any(w in texts[k] for w in KEYWORDS[alias]))
    share = nokw / len(rel) if rel else 0
    lo, hi = (8, 20) if listed else (8, 15)
    flag = ""
    if not (lo <= len(rel) <= hi): flag += " REL-RANGE"
    if not (2 <= len(tmp) <= 6): flag += " TMP-RANGE"
    if ppl < 2: flag += " FEW-PEOPLE"
    if share < 1/3: flag += " KEYWORD-HEAVY"
    print(f"{name:32s} {str(listed):6s} {len(rel):3d} {len(tmp):4d} {ppl:5d}   {share:5.2f}{flag}")
sc = [q for q in queries if q["scope"]]
for q in sc:
    print(f"scoped {q['id']} {q['topic']} {q['scope']} rel={len(q['relevant'])} tmp={len(q['tempting'])}")

out = {"version": 1, "people": people, "notes": notes, "queries": queries}
if errors:
    print("ERRORS:"); [print("  " + e) for e in errors]; sys.exit(1)
with open(os.path.join(HERE, "blind-set-2.json"), "w", encoding="utf-8") as f:
    json.dump(out, f, ensure_ascii=False, indent=1)
print("wrote blind-set-2.json, validation OK")
