#!/usr/bin/env python3
"""Build and validate /work/blind-3/blind-set-3.json from the sources in src/.

Sources
  src/topics.txt           code | topic | listed | plain query | natural query | convention
  src/notes_*.txt          people and notes with topic labels (see header of notes_01_barn.txt)
  src/scoped_queries.txt   id | topic code | query | person | ageFrom | ageTo | comment

Labels on a note: "code" = relevant (the note is ABOUT that topic for the person),
"~code" = tempting (uses the topic's word / a near-word without being about it).
Every query of a topic is labelled from the same note labels; scoped queries are
computed from the labels + scope (person, whole years of age at the note's local date).

Run:  python3 build.py          (writes blind-set-3.json, exits non-zero on any error)
"""
import glob
import json
import os
import re
import sys
from collections import Counter, defaultdict
from datetime import date, datetime

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "src")
OUT = os.path.join(HERE, "blind-set-3.json")

MIN_DATE = date(1995, 1, 1)
MAX_DATE = date(2026, 6, 30)

errors = []
warnings = []


def err(msg):
    errors.append(msg)


def warn(msg):
    warnings.append(msg)


def age_at(birth: date, d: date) -> int:
    return d.year - birth.year - ((d.month, d.day) < (birth.month, birth.day))


# ---------------------------------------------------------------- topics
topics = []  # list of dicts in file order
topic_by_code = {}
with open(os.path.join(SRC, "topics.txt"), encoding="utf-8") as f:
    for ln, line in enumerate(f, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 6:
            err(f"topics.txt:{ln}: expected 6 fields, got {len(parts)}")
            continue
        code, name, listed, q1, q2, conv = parts
        if code in topic_by_code:
            err(f"topics.txt:{ln}: duplicate topic code {code}")
        t = dict(code=code, topic=name, listed=(listed == "true"), q1=q1, q2=q2, convention=conv)
        if listed not in ("true", "false"):
            err(f"topics.txt:{ln}: listed must be true/false")
        topics.append(t)
        topic_by_code[code] = t

# ---------------------------------------------------------------- people + notes
people = {}
people_order = []
raw_notes = []  # dicts with person, writtenAt, author, text, rel(set), tempt(set), src

HEAD_P = re.compile(r"^==\s*(.+)$")
HEAD_N = re.compile(r"^@\s*(.+)$")

for path in sorted(glob.glob(os.path.join(SRC, "notes_*.txt"))):
    fname = os.path.basename(path)
    cur_person = None
    cur_note = None

    def flush():
        global cur_note
        if cur_note is not None:
            cur_note["text"] = " ".join(x.strip() for x in cur_note["lines"] if x.strip())
            del cur_note["lines"]
            raw_notes.append(cur_note)
        cur_note = None

    with open(path, encoding="utf-8") as f:
        for ln, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line.startswith("#") and cur_note is None:
                continue
            m = HEAD_P.match(line)
            if m:
                flush()
                parts = [p.strip() for p in m.group(1).split("|")]
                if len(parts) == 1 and parts[0] in people:
                    # continuation header: more notes for a person declared in an earlier file
                    cur_person = parts[0]
                    continue
                if len(parts) != 5:
                    err(f"{fname}:{ln}: person header needs 5 fields")
                    continue
                key, given, family, bd, sex = parts
                if key in people:
                    err(f"{fname}:{ln}: duplicate person key {key}")
                if not re.fullmatch(r"b3p\d{2}", key):
                    err(f"{fname}:{ln}: bad person key {key}")
                try:
                    bdate = datetime.strptime(bd, "%Y-%m-%d").date()
                except ValueError:
                    err(f"{fname}:{ln}: bad birthDate {bd}")
                    continue
                if not (date(1935, 1, 1) <= bdate <= date(2015, 12, 31)):
                    err(f"{fname}:{ln}: birthDate {bd} outside 1935-2015")
                if sex not in ("F", "M"):
                    err(f"{fname}:{ln}: sex must be F/M")
                people[key] = dict(key=key, givenName=given, familyName=family, birthDate=bd, sex=sex, _b=bdate)
                people_order.append(key)
                cur_person = key
                continue
            m = HEAD_N.match(line)
            if m:
                flush()
                if cur_person is None:
                    err(f"{fname}:{ln}: note before any person")
                    continue
                parts = [p.strip() for p in m.group(1).split("|")]
                if len(parts) != 3:
                    err(f"{fname}:{ln}: note header needs 3 fields (date | author | labels)")
                    continue
                wa, author, labels = parts
                rel, tempt = set(), set()
                for lab in labels.split():
                    t = lab[1:] if lab.startswith("~") else lab
                    if t not in topic_by_code:
                        err(f"{fname}:{ln}: unknown label {lab}")
                        continue
                    (tempt if lab.startswith("~") else rel).add(t)
                both = rel & tempt
                if both:
                    err(f"{fname}:{ln}: label both relevant and tempting: {both}")
                cur_note = dict(person=cur_person, writtenAt=wa, author=author, rel=rel, tempt=tempt,
                                lines=[], src=f"{fname}:{ln}")
                continue
            if cur_note is not None:
                cur_note["lines"].append(line)
            elif line.strip():
                err(f"{fname}:{ln}: text outside a note: {line[:40]}")
        flush()

# sort notes by person, time; assign keys
raw_notes.sort(key=lambda n: (n["person"], n["writtenAt"]))
for i, n in enumerate(raw_notes, 1):
    n["key"] = f"b3n{i:04d}"

# ---------------------------------------------------------------- validate notes
CTX_RULES = [
    ("helsestasjon", lambda a: a <= 6, "helsestasjon only at age <= 6"),
    ("skolehelsetjenesten", lambda a: 6 <= a <= 16, "school health service only at ages 6-16"),
    ("(sykehjem)", lambda a: a >= 65, "nursing home only at age >= 65"),
    ("(sjukeheim)", lambda a: a >= 65, "nursing home only at age >= 65"),
]
seen_pairs = set()
for n in raw_notes:
    p = people.get(n["person"])
    try:
        dt = datetime.strptime(n["writtenAt"], "%Y-%m-%dT%H:%M")
    except ValueError:
        err(f"{n['src']}: bad writtenAt {n['writtenAt']}")
        continue
    d = dt.date()
    n["_d"] = d
    if not (MIN_DATE <= d <= MAX_DATE):
        err(f"{n['src']}: date {d} outside 1995-01-01..{MAX_DATE}")
    if d <= p["_b"]:
        err(f"{n['src']}: note dated {d} not after birth {p['_b']}")
    a = age_at(p["_b"], d)
    n["_age"] = a
    for needle, ok, why in CTX_RULES:
        if needle in n["author"] and not ok(a):
            err(f"{n['src']}: {why} (age {a}, author {n['author']})")
    if not re.fullmatch(r"[^,]+ [^,]+, .+", n["author"]):
        err(f"{n['src']}: author must be 'Name Surname, role': {n['author']}")
    if not n["text"]:
        err(f"{n['src']}: empty text")
    if "|" in n["text"]:
        err(f"{n['src']}: '|' in text")
    # rough sentence count (ignore abbreviations/decimals by counting '. ' + capital / end)
    sentences = len(re.findall(r"[.!?](?:\"|”)?(?:\s+(?=[A-ZÆØÅ\"«(0-9])|\s*$)", n["text"]))
    if sentences > 7:
        warn(f"{n['src']}: looks long ({sentences} sentences)")
    pair = (n["person"], n["writtenAt"], n["text"])
    if pair in seen_pairs:
        err(f"{n['src']}: duplicate note")
    seen_pairs.add(pair)

keys = [n["key"] for n in raw_notes]
if len(keys) != len(set(keys)):
    err("duplicate note keys")
for k in people:
    if not any(n["person"] == k for n in raw_notes):
        err(f"person {k} has no notes")

# ---------------------------------------------------------------- queries
rel_by_topic = defaultdict(list)
tempt_by_topic = defaultdict(list)
for n in raw_notes:
    for t in sorted(n["rel"]):
        rel_by_topic[t].append(n["key"])
    for t in sorted(n["tempt"]):
        tempt_by_topic[t].append(n["key"])

queries = []
qn = 0
for t in topics:
    for q in (t["q1"], t["q2"]):
        qn += 1
        queries.append(dict(id=f"b3q{qn:02d}", topic=t["topic"], listed=t["listed"], query=q, scope={},
                            relevant=list(rel_by_topic[t["code"]]), tempting=list(tempt_by_topic[t["code"]])))

scoped_meta = []
with open(os.path.join(SRC, "scoped_queries.txt"), encoding="utf-8") as f:
    for ln, line in enumerate(f, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 7:
            err(f"scoped_queries.txt:{ln}: expected 7 fields")
            continue
        qid, code, qtext, person, a1, a2, comment = parts
        if code not in topic_by_code:
            err(f"scoped_queries.txt:{ln}: unknown topic {code}")
            continue
        if person not in people:
            err(f"scoped_queries.txt:{ln}: unknown person {person}")
            continue
        a1, a2 = int(a1), int(a2)
        in_scope = [n for n in raw_notes if n["person"] == person and a1 <= n["_age"] <= a2]
        rel = [n["key"] for n in in_scope if code in n["rel"]]
        tem = [n["key"] for n in in_scope if code in n["tempt"]]
        t = topic_by_code[code]
        queries.append(dict(id=qid, topic=t["topic"], listed=t["listed"], query=qtext,
                            scope=dict(person=person, ageFrom=a1, ageTo=a2), relevant=rel, tempting=tem))
        scoped_meta.append(dict(id=qid, code=code, person=person, a1=a1, a2=a2, comment=comment,
                                n_scope=len(in_scope)))

qids = [q["id"] for q in queries]
if len(qids) != len(set(qids)):
    err("duplicate query ids")
note_keys = set(keys)
for q in queries:
    if not q["relevant"]:
        err(f"query {q['id']} ({q['query']}) has no relevant notes")
    for k in q["relevant"] + q["tempting"]:
        if k not in note_keys:
            err(f"query {q['id']} references unknown note {k}")
    if set(q["relevant"]) & set(q["tempting"]):
        err(f"query {q['id']}: note both relevant and tempting")
    if q["scope"]:
        sc = q["scope"]
        for k in q["relevant"] + q["tempting"]:
            n = next(x for x in raw_notes if x["key"] == k)
            if n["person"] != sc["person"] or not (sc["ageFrom"] <= n["_age"] <= sc["ageTo"]):
                err(f"query {q['id']}: note {k} outside scope")

# ---------------------------------------------------------------- counts per topic
for t in topics:
    r = len(rel_by_topic[t["code"]])
    tm = len(tempt_by_topic[t["code"]])
    lo, hi = (8, 20) if t["listed"] else (8, 15)
    if not (lo <= r <= hi):
        err(f"topic {t['topic']}: {r} relevant notes, expected {lo}-{hi}")
    if not (2 <= tm <= 6):
        err(f"topic {t['topic']}: {tm} tempting notes, expected 2-6")
    npers = len({n["person"] for n in raw_notes if t["code"] in n["rel"]})
    if npers < 3:
        err(f"topic {t['topic']}: relevant notes spread over only {npers} people")

n_listed = sum(t["listed"] for t in topics)
n_unlisted = len(topics) - n_listed
if n_listed != 26 or n_unlisted != 8:
    err(f"expected 26 listed + 8 unlisted topics, got {n_listed} + {n_unlisted}")
if len(scoped_meta) != 8:
    err(f"expected 8 scoped queries, got {len(scoped_meta)}")

# ---------------------------------------------------------------- lawsuit case
law = next((m for m in scoped_meta if m["code"] == "mob" and m["a1"] == 13 and m["a2"] == 15), None)
if law is None:
    err("lawsuit scoped query (mobbing, 13-15) missing")
else:
    lq = next(q for q in queries if q["id"] == law["id"])
    nrel = len(lq["relevant"])
    if not (9 <= nrel <= 14):
        err(f"lawsuit case: {nrel} relevant notes in window, expected 9-14")
    with_word = [k for k in lq["relevant"]
                 if "mobb" in next(n for n in raw_notes if n["key"] == k)["text"].lower()]
    if len(with_word) * 2 >= nrel:
        err("lawsuit case: most in-window bullying notes should NOT contain 'mobb'")
    pn = [n for n in raw_notes if n["person"] == law["person"]]
    outside = [n for n in pn if "mob" in n["rel"] and not (13 <= n["_age"] <= 15)]
    if not outside:
        err("lawsuit case: need bullying notes outside the window")
    mob_ages = sorted({n["_age"] for n in pn if "mob" in n["rel"]})
    if min(mob_ages) > 12 or max(mob_ages) < 17:
        err(f"lawsuit case: bullying should span age 12-17, got ages {mob_ages}")
    other_in_window = [n for n in pn if 13 <= n["_age"] <= 15 and "mob" not in n["rel"]]
    if len(other_in_window) < 4:
        err("lawsuit case: need other (non-bullying) notes in the window")

# ---------------------------------------------------------------- global counts
if not (35 <= len(people) <= 45):
    err(f"{len(people)} people, expected 35-45")
if not (500 <= len(raw_notes) <= 600):
    warn(f"{len(raw_notes)} notes, target 500-600")
background = [n for n in raw_notes if not n["rel"] and not n["tempt"]]
unlabelled_rel = [n for n in raw_notes if not n["rel"]]

# ---------------------------------------------------------------- keyword lint
# A note that contains a topic's word (or a near-word) should be labelled either
# relevant or tempting for that topic. Reported as warnings and reviewed by hand;
# exceptions that were judged and accepted are listed in LINT_OK.
STEMS = {
    "mob": [r"mobb"], "vold": [r"vold"], "sex": [r"overgrep", r"seksuel"], "oms": [r"omsorgssvikt", r"omsorg\b"],
    "tvang": [r"tvang", r"tvung"], "hold": [r"\bhold", r"\bheld", r"\bhald"],
    "skj": [r"skjerm"], "selvsk": [r"selvskad", r"skade seg", r"skader seg"],
    "selvm": [r"selvmord", r"suicid", r"ta livet"], "sovn": [r"\bsove", r"\bsover", r"søvn", r"\bsov\b"],
    "ern": [r"ernæring", r"vekttap", r"næringsdrikk", r"sondeern"], "fall": [r"\bfall", r"\bfalt", r"\bfalle"],
    "trykk": [r"trykk"], "lmavvik": [r"legemiddel"], "smerte": [r"smert", r"vondt", r"hodepine"],
    "angst": [r"angst", r"engstel", r"panikk"], "dep": [r"depresj", r"deprim", r"nedstemt"],
    "skole": [r"fravær", r"skolevegr", r"skulk"], "rus": [r"\brus", r"alkohol", r"beruset", r"promille"],
    "samtykke": [r"samtykk"], "langtid": [r"langtid", r"korttid", r"avlastning"],
    "hjemme": [r"hjemmesykepleie", r"heimesjukepleie", r"trygghetsalarm", r"tryggleiksalarm", r"matombringing",
               r"hjemmebesøk", r"hjemmetjenest"],
    "demens": [r"demens", r"alzheimer"], "delir": [r"delir", r"forvirr"], "utag": [r"utager", r"aggress"],
    "klage": [r"klage", r"klaga"], "slag": [r"\bslag", r"hjerneslag"], "park": [r"parkinson", r"parker"],
    "lunge": [r"lungebetennelse", r"pneumoni", r"pneumokokk"], "allergi": [r"allergi", r"allergisk"],
    "eksem": [r"eksem", r"utslett"], "svimm": [r"svimm"], "stoff": [r"stoff"],
    "overvekt": [r"overvekt", r"normalvekt", r"fedme"],
}
LINT_OK = set()
lint_path = os.path.join(SRC, "lint_ok.txt")
if os.path.exists(lint_path):
    with open(lint_path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#")[0].strip()
            if line:
                person, written, code = line.split()[:3]
                LINT_OK.add((person, written, code))
lint_hits = []
for n in raw_notes:
    low = n["text"].lower()
    for code, pats in STEMS.items():
        if code in n["rel"] or code in n["tempt"]:
            continue
        for pat in pats:
            m = re.search(pat, low)
            if m:
                if (n["person"], n["writtenAt"], code) not in LINT_OK:
                    lint_hits.append(f"{n['src']} [{code}] '{low[max(0, m.start()-25):m.end()+25]}'")
                break
for h in lint_hits:
    warn("keyword without label: " + h)

# ---------------------------------------------------------------- write
out = {
    "version": 1,
    "people": [{k: v for k, v in people[p].items() if not k.startswith("_")} for p in sorted(people)],
    "notes": [dict(key=n["key"], person=n["person"], writtenAt=n["writtenAt"], author=n["author"], text=n["text"])
              for n in raw_notes],
    "queries": queries,
}

if errors:
    print("ERRORS:")
    for e in errors:
        print("  -", e)
    sys.exit(1)

with open(OUT, "w", encoding="utf-8") as f:
    json.dump(out, f, ensure_ascii=False, indent=1)
    f.write("\n")

# re-read and validate structure of the written file
with open(OUT, encoding="utf-8") as f:
    chk = json.load(f)
assert chk["version"] == 1
assert set(chk) == {"version", "people", "notes", "queries"}
for p in chk["people"]:
    assert set(p) == {"key", "givenName", "familyName", "birthDate", "sex"}
for n in chk["notes"]:
    assert set(n) == {"key", "person", "writtenAt", "author", "text"}
for q in chk["queries"]:
    assert set(q) == {"id", "topic", "listed", "query", "scope", "relevant", "tempting"}

for w in warnings:
    print("warning:", w)
print(f"wrote {OUT}")
print(f"people {len(chk['people'])}, notes {len(chk['notes'])}, queries {len(chk['queries'])} "
      f"(unscoped {sum(1 for q in chk['queries'] if not q['scope'])}, scoped {sum(1 for q in chk['queries'] if q['scope'])})")
print(f"notes with no label at all (background): {len(background)}; notes with no relevant label: {len(unlabelled_rel)}")
print(f"{'topic':32s} listed  rel  tempt  people")
for t in topics:
    npers = len({n['person'] for n in raw_notes if t['code'] in n['rel']})
    print(f"{t['topic']:32s} {str(t['listed']):6s} {len(rel_by_topic[t['code']]):4d} {len(tempt_by_topic[t['code']]):6d} {npers:7d}")
print("scoped queries:")
for m in scoped_meta:
    q = next(x for x in chk["queries"] if x["id"] == m["id"])
    p = people[m["person"]]
    print(f"  {m['id']} '{q['query']}' {p['givenName']} {p['familyName']} ({m['person']}) ages {m['a1']}-{m['a2']}: "
          f"{len(q['relevant'])} relevant, {len(q['tempting'])} tempting, {m['n_scope']} notes in scope — {m['comment']}")
