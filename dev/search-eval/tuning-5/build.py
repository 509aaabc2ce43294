#!/usr/bin/env python3
"""Build tuning-set-5.json from src/. Standard library only."""
import glob, json, os, re, sys
from datetime import date, datetime

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "src")
OUT = os.path.join(HERE, "..", "tuning-set-5.json")
errors = []

def err(m):
    errors.append(m)

# topics
topics = []
for ln in open(os.path.join(SRC, "topics.txt"), encoding="utf-8"):
    if not ln.strip() or ln.startswith("#"):
        continue
    p = [x.strip() for x in ln.split("|")]
    if len(p) < 6:
        err("bad topic line: " + ln); continue
    topics.append(dict(code=p[0], name=p[1], listed=p[2] == "true", plain=p[3], natural=p[4]))
codes = {t["code"]: t for t in topics}

# notes
people, notes = [], []
pmap = {}
files = sorted(glob.glob(os.path.join(SRC, "notes_*.txt")))
cur_p = None
cur_n = None
for fn in files:
    cur_p = None
    cur_n = None
    for i, ln in enumerate(open(fn, encoding="utf-8"), 1):
        ln = ln.rstrip("\n")
        where = "%s:%d" % (os.path.basename(fn), i)
        if ln.startswith("== "):
            p = [x.strip() for x in ln[3:].split("|")]
            if len(p) != 5:
                err(where + " bad person line"); continue
            key, g, f, b, s = p
            if key in pmap:
                err(where + " duplicate person " + key)
            try:
                bd = date.fromisoformat(b)
            except ValueError:
                err(where + " bad birth date"); continue
            if not (1930 <= bd.year <= 2015):
                err(where + " birth year out of range")
            if s not in ("F", "M"):
                err(where + " bad sex")
            cur_p = dict(key=key, givenName=g, familyName=f, birthDate=b, sex=s, _bd=bd, _where=where)
            pmap[key] = cur_p; people.append(cur_p); cur_n = None
        elif ln.startswith("=+ "):
            key = ln[3:].split("#")[0].strip()
            if key not in pmap:
                err(where + " continuation of unknown person " + key)
                continue
            cur_p = pmap[key]; cur_n = None
        elif ln.startswith("@ "):
            p = [x.strip() for x in ln[2:].split("|")]
            if len(p) != 3:
                err(where + " bad note header"); cur_n = None; continue
            if cur_p is None:
                err(where + " note before person"); continue
            try:
                dt = datetime.strptime(p[0], "%Y-%m-%dT%H:%M")
            except ValueError:
                err(where + " bad datetime"); cur_n = None; continue
            labs = p[2].split()
            rel, tem = set(), set()
            for l in labs:
                c = l[1:] if l.startswith("~") else l
                if c not in codes:
                    err(where + " unknown label " + l)
                (tem if l.startswith("~") else rel).add(c)
            if rel & tem:
                err(where + " label both relevant and tempting: %s" % (rel & tem))
            cur_n = dict(person=cur_p["key"], writtenAt=p[0], author=p[1], _dt=dt, _rel=rel, _tem=tem,
                         _lines=[], _where=where)
            notes.append(cur_n)
        elif ln.startswith("#") and cur_n is None:
            continue
        else:
            if cur_n is not None:
                if ln.strip():
                    cur_n["_lines"].append(ln.strip())
            elif ln.strip():
                err(where + " stray text")

def age_at(bd, d):
    a = d.year - bd.year
    if (d.month, d.day) < (bd.month, bd.day):
        a -= 1
    return a

LO, HI = datetime(1995, 1, 1), datetime(2026, 6, 30, 23, 59)
for k, n in enumerate(notes, 1):
    n["key"] = "t5n%04d" % k
    n["text"] = " ".join(n["_lines"])
    w = n["_where"]
    if not n["text"]:
        err(w + " empty note")
    if not (LO <= n["_dt"] <= HI):
        err(w + " date out of range")
    p = pmap[n["person"]]
    if n["_dt"].date() < p["_bd"]:
        err(w + " note before birth")
    age = age_at(p["_bd"], n["_dt"].date())
    n["_age"] = age
    a = n["author"].lower()
    if "helsestasjon" in a and age > 6:
        err(w + " helsestasjon at age %d" % age)
    if "skolehelsetjenesten" in a and not (6 <= age <= 16):
        err(w + " skolehelsetjenesten at age %d" % age)
    if "sykehjem" in a and age < 65:
        err(w + " sykehjem at age %d" % age)
    if not re.match(r"^[^,]+, [^()]+ \([^()]+\)$", n["author"]):
        err(w + " author format: " + n["author"])
    ns = len(re.findall(r"[.!?](\s|$)", n["text"]))
    if ns > 8:
        err(w + " note too long (%d sentences)" % ns)

# counts
print("%-10s %-30s %6s %5s %5s %6s" % ("code", "topic", "listed", "rel", "temp", "people"))
rows = []
for t in topics:
    c = t["code"]
    rel = [n for n in notes if c in n["_rel"]]
    tem = [n for n in notes if c in n["_tem"]]
    ppl = len({n["person"] for n in rel})
    mr, mp, mt = (22, 7, 4) if t["listed"] else (20, 5, 3)
    ok = len(rel) >= mr and ppl >= mp and len(tem) >= mt
    rows.append((c, t["name"], t["listed"], len(rel), len(tem), ppl, ok))
    print("%-10s %-30s %6s %5d %5d %6d %s" % (c, t["name"], t["listed"], len(rel), len(tem), ppl, "" if ok else "FAIL"))
    if not ok:
        err("minimum not reached for " + c)
bg = [n for n in notes if not n["_rel"]]
bgp = [p for p in people if not any(n["_rel"] for n in notes if n["person"] == p["key"])]
print("background notes (no relevant label): %d; people without any relevant note: %d" % (len(bg), len(bgp)))
if len(bg) < 60:
    err("fewer than 60 background notes")
print("people: %d, notes: %d" % (len(people), len(notes)))

# queries
queries = []
qn = 0
for t in topics:
    c = t["code"]
    rel = [n["key"] for n in notes if c in n["_rel"]]
    tem = [n["key"] for n in notes if c in n["_tem"]]
    for q in (t["plain"], t["natural"]):
        qn += 1
        queries.append({"id": "t5q%02d" % qn, "topic": t["name"], "listed": t["listed"], "query": q,
                        "scope": {}, "relevant": rel, "tempting": tem})
sq = os.path.join(SRC, "scoped_queries.txt")
if os.path.exists(sq):
    for ln in open(sq, encoding="utf-8"):
        if not ln.strip() or ln.startswith("#"):
            continue
        p = [x.strip() for x in ln.split("|")]
        qid, c, q, pk, af, at = p[:6]
        if c not in codes or pk not in pmap:
            err("bad scoped query " + ln); continue
        af, at = int(af), int(at)
        sel = [n for n in notes if n["person"] == pk and af <= n["_age"] <= at]
        rel = [n["key"] for n in sel if c in n["_rel"]]
        tem = [n["key"] for n in sel if c in n["_tem"]]
        outside = [n for n in notes if n["person"] == pk and c in n["_rel"] and not (af <= n["_age"] <= at)]
        need = 12 if qid == "t5q61" else 6
        print("scoped %s %s %s %d-%d: relevant %d, tempting %d, relevant outside window %d" %
              (qid, c, pk, af, at, len(rel), len(tem), len(outside)))
        if len(rel) < need:
            err("scoped query %s has only %d relevant" % (qid, len(rel)))
        queries.append({"id": qid, "topic": codes[c]["name"], "listed": codes[c]["listed"], "query": q,
                        "scope": {"person": pk, "ageFrom": af, "ageTo": at}, "relevant": rel, "tempting": tem})

# lint
LINT = {
    "mobb": r"mobb|utestengt|utestenging|plaging", "vold": r"\bvold\b|voldelig|\bslo\b|\bslått|spark|kvele", "overgrep": r"overgrep|seksuell",
    "omsorg": r"omsorgssvikt|bekymringsmelding|vanskjøt|selvforsøm", "tvang": r"tvang|§ ?3-|kap\. ?4a|kap\. ?9|belte|TUD",
    "holding": r"holdt|holde fast|holding", "skjerm": r"skjerm", "selvskad": r"selvskad|kutte[rt]? seg|kuttskad|rispe[rt]? seg|ripe[rt]? seg", "selvmord": r"selvmord|suicid",
    "sovn": r"søvn|sove|sover|\bsov\b|mareritt", "ern": r"ernæring|vekttap|næringsdrikk|sonde|vekt ned|ned i vekt", "fall": r"\bfall\b|\bfallet|falt\b|\bfalle",
    "trykk": r"trykksår|liggesår|trykk", "lmavvik": r"avvik|dobbeltdose|feil dose|feil med", "smerte": r"smert|vondt|hodepine",
    "angst": r"angst|panikk|redd", "depr": r"depresj|deprimert|nedstemt", "skole": r"fravær|skulk|skolevegr",
    "rus": r"\brus|alkohol|promille|cannabis|hasj|amfetamin", "samtykke": r"samtykke", "langtid": r"langtid",
    "hjemme": r"hjemmesykepl|hjemmetjenest|trygghetsalarm|praktisk bistand|hjemmebesøk", "demens": r"demens|kognitiv svikt|MMSE",
    "delir": r"delir|forvirr", "utag": r"utager|aggress|truende", "klage": r"klage", "bt": r"blodtrykk|\bBT\b|hypertensj",
    "rygg": r"rygg(smert|plag)|korsrygg|isjias|prolaps|nakkesmert|vondt i (ryggen|nakken)", "tinn": r"tinnitus|øresus", "bihule": r"bihule|sinusitt",
}
okset = set()
lp = os.path.join(SRC, "lint_ok.txt")
if os.path.exists(lp):
    for ln in open(lp, encoding="utf-8"):
        if ln.strip() and not ln.startswith("#"):
            p = ln.split("|")
            okset.add((p[0].strip(), p[1].strip()))
hits = 0
for n in notes:
    for c, rx in LINT.items():
        if c in n["_rel"] or c in n["_tem"]:
            continue
        if re.search(rx, n["text"], re.I):
            sig = n["writtenAt"] + "/" + n["person"]
            if (sig, c) in okset:
                continue
            hits += 1
            if "-v" in sys.argv or "--lint" in sys.argv:
                print("LINT %s %s %s [%s]: %s" % (n["_where"], c, sig, " ".join(sorted(n["_rel"])), n["text"][:160]))
print("lint hits not accepted: %d (run with --lint to list)" % hits)

out = {"version": 1,
       "people": [{k: p[k] for k in ("key", "givenName", "familyName", "birthDate", "sex")} for p in people],
       "notes": [{k: n[k] for k in ("key", "person", "writtenAt", "author", "text")} for n in notes],
       "queries": queries}
if errors:
    for e in errors[:80]:
        print("ERROR:", e)
    print("FAILED with %d errors" % len(errors))
with open(OUT, "w", encoding="utf-8") as f:
    json.dump(out, f, ensure_ascii=False, indent=1)
back = json.load(open(OUT, encoding="utf-8"))
assert len(back["notes"]) == len(notes) and len(back["queries"]) == len(queries)
sys.exit(1 if errors else 0)
