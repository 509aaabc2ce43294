#!/usr/bin/env python3
"""Build blind-set-4b.json from src/. Standard library only."""
import glob, json, os, re, sys, datetime

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, 'src')
OUT = os.path.join(HERE, 'blind-set-4b.json')
errors = []

def err(msg):
    errors.append(msg)

# ---------- topics
topics = []  # list of dicts
for ln in open(os.path.join(SRC, 'topics.txt'), encoding='utf-8'):
    ln = ln.strip()
    if not ln or ln.startswith('#'):
        continue
    parts = [p.strip() for p in ln.split('|')]
    if len(parts) != 6:
        err('topics.txt bad line: ' + ln); continue
    code, name, listed, plain, natural, conv = parts
    topics.append(dict(code=code, name=name, listed=(listed == 'true'), plain=plain, natural=natural, conv=conv))
codes = {t['code']: t for t in topics}
for t in topics:
    nw = len(t['natural'].split())
    if not (3 <= nw <= 7):
        err('natural query for %s has %d words (want 3-7)' % (t['code'], nw))

# ---------- notes
people = []
pkeys = {}
notes = []
files = sorted(glob.glob(os.path.join(SRC, 'notes_*.txt')))
for fn in files:
    cur_person = None
    cur_note = None
    for i, raw in enumerate(open(fn, encoding='utf-8'), 1):
        ln = raw.rstrip('\n')
        where = '%s:%d' % (os.path.basename(fn), i)
        if ln.startswith('#'):
            continue
        if ln.startswith('== '):
            parts = [p.strip() for p in ln[3:].split('|')]
            if len(parts) == 1 and parts[0] in pkeys:
                # re-open an existing person (additions in later files)
                cur_person = pkeys[parts[0]]; cur_note = None
                continue
            if len(parts) != 5:
                err(where + ' bad person line'); continue
            key, given, family, bd, sex = parts
            if key in pkeys:
                err(where + ' duplicate person ' + key)
            try:
                bdd = datetime.date.fromisoformat(bd)
            except ValueError:
                err(where + ' bad birth date'); continue
            if not (1930 <= bdd.year <= 2015):
                err(where + ' birth year out of range')
            if sex not in ('F', 'M'):
                err(where + ' bad sex')
            p = dict(key=key, givenName=given, familyName=family, birthDate=bd, sex=sex, _bd=bdd)
            people.append(p); pkeys[key] = p
            cur_person = p; cur_note = None
            continue
        if ln.startswith('@ '):
            parts = [p.strip() for p in ln[2:].split('|')]
            if len(parts) != 3:
                err(where + ' bad note header'); continue
            if cur_person is None:
                err(where + ' note before person'); continue
            ts, author, labs = parts
            try:
                dt = datetime.datetime.strptime(ts, '%Y-%m-%dT%H:%M')
            except ValueError:
                err(where + ' bad timestamp ' + ts); continue
            rel, tem = [], []
            for l in labs.split():
                if l.startswith('~'):
                    tem.append(l[1:])
                else:
                    rel.append(l)
            for c in rel + tem:
                if c not in codes:
                    err(where + ' unknown label ' + c)
            if set(rel) & set(tem):
                err(where + ' label both relevant and tempting')
            cur_note = dict(person=cur_person['key'], writtenAt=ts, author=author, _dt=dt,
                            _rel=rel, _tem=tem, _lines=[], _where=where)
            notes.append(cur_note)
            continue
        if ln.strip() == '':
            continue
        if cur_note is None:
            err(where + ' text outside note'); continue
        cur_note['_lines'].append(ln.strip())

def age_at(bd, d):
    return d.year - bd.year - ((d.month, d.day) < (bd.month, bd.day))

lo = datetime.datetime(1995, 1, 1); hi = datetime.datetime(2026, 6, 30, 23, 59)
for n, nt in enumerate(notes, 1):
    nt['key'] = 'b4bn%04d' % n
    nt['text'] = ' '.join(nt['_lines'])
    w = nt['_where']
    if not nt['text']:
        err(w + ' empty note')
    p = pkeys[nt['person']]
    if not (lo <= nt['_dt'] <= hi):
        err(w + ' date out of range')
    if nt['_dt'].date() < p['_bd']:
        err(w + ' note before birth')
    age = age_at(p['_bd'], nt['_dt'].date())
    nt['_age'] = age
    a = nt['author'].lower()
    if 'helsestasjon' in a and age > 6:
        err(w + ' helsestasjon at age %d' % age)
    if 'skolehelsetjenesten' in a and not (6 <= age <= 16):
        err(w + ' skolehelsetjenesten at age %d' % age)
    if ('sykehjem' in a or 'sjukeheim' in a) and age < 65:
        err(w + ' sykehjem at age %d' % age)
    if not re.match(r'^[^,]+, [^()]+ \([^()]+\)$', nt['author']):
        err(w + ' author format: ' + nt['author'])
    t2 = re.sub(r'\b(pas|us|ua|obs|kl|hø|ve|dvs|ca|mnd|inkl|bl\.a|ang|vedr|pga|iht|mht|jf|pbrl|nr|dr|s\.l|sc|tlf|ev|evt|bilat|osv|min|stk|tbl|f\.eks|kap|avd|pol|med|hhv|dgl|ift)\.', 'X', nt['text'], flags=re.I)
    sent = len(re.findall(r'[.!?](\s|$)', t2))
    if sent > 8:
        print('WARN %s long note (%d sentences)' % (w, sent))

# ---------- counts
print('%-8s %-6s %5s %5s %5s' % ('code', 'listed', 'rel', 'temp', 'pers'))
stats = {}
for t in topics:
    c = t['code']
    rel = [x for x in notes if c in x['_rel']]
    tem = [x for x in notes if c in x['_tem']]
    pers = len({x['person'] for x in rel})
    stats[c] = (len(rel), len(tem), pers)
    if t['listed']:
        ok = len(rel) >= 26 and pers >= 8 and len(tem) >= 5
    else:
        ok = len(rel) >= 22 and pers >= 6 and len(tem) >= 3
    print('%-8s %-6s %5d %5d %5d %s' % (c, t['listed'], len(rel), len(tem), pers, '' if ok else 'FAIL'))
    if not ok:
        err('minimum not reached for ' + c)
bg = [x for x in notes if not x['_rel'] and not x['_tem']]
print('background notes (no labels):', len(bg), '' if len(bg) >= 60 else 'FAIL')
if len(bg) < 60:
    err('background < 60')
print('people:', len(people), 'notes:', len(notes))
if not (40 <= len(people) <= 60):
    err('people count out of 40..60')

# ---------- queries
queries = []
qn = 0
for t in topics:
    rel = [x['key'] for x in notes if t['code'] in x['_rel']]
    tem = [x['key'] for x in notes if t['code'] in x['_tem']]
    for q in (t['plain'], t['natural']):
        qn += 1
        queries.append(dict(id='b4bq%02d' % qn, topic=t['name'], listed=t['listed'], query=q,
                            scope={}, relevant=rel, tempting=tem))
sq = os.path.join(SRC, 'scoped_queries.txt')
if os.path.exists(sq):
    for ln in open(sq, encoding='utf-8'):
        ln = ln.strip()
        if not ln or ln.startswith('#'):
            continue
        parts = [p.strip() for p in ln.split('|')]
        if len(parts) != 7:
            err('scoped bad line ' + ln); continue
        sid, code, qtext, pk, af, at, comment = parts
        af, at = int(af), int(at)
        if code not in codes or pk not in pkeys:
            err('scoped bad code/person ' + ln); continue
        inwin = [x for x in notes if x['person'] == pk and af <= x['_age'] <= at]
        rel = [x['key'] for x in inwin if code in x['_rel']]
        tem = [x['key'] for x in inwin if code in x['_tem']]
        outside = [x for x in notes if x['person'] == pk and code in x['_rel'] and not (af <= x['_age'] <= at)]
        need = 10 if sid == 'S1' else 6
        print('scoped %s %s %s %d-%d: relevant %d (outside window %d)' % (sid, code, pk, af, at, len(rel), len(outside)))
        if len(rel) < need:
            err('scoped %s too few relevant' % sid)
        if sid == 'S1' and not outside:
            err('scoped S1 needs relevant notes outside window')
        qn += 1
        queries.append(dict(id='b4bq%02d' % qn, topic=codes[code]['name'], listed=codes[code]['listed'],
                            query=qtext, scope=dict(person=pk, ageFrom=af, ageTo=at), relevant=rel, tempting=tem))
print('queries:', len(queries))

# ---------- lint
KW = {
 'lmavvik': r'avvik|feil ?dose|dobbeltdose|dobbel dose|glemt|legemiddelgjennomgang|multidose|dosett|forveksl|ikke gitt|to ganger|for mye',
 'smerter': r'smert|vondt|verk|hodepine|migrene|trykk (i|over|midt i|bak) bryst|brysttrykk|mageplager',
 'angst': r'angst|panikk|redd|engstel|uro\b|urolig|hjertebank|gruer|tør ikke|tør ikkje|unngå',
 'depr': r'depresj|deprimert|nedstemt|tungsinn|\bPHQ|MADRS|EPDS|antidepress|trist|gråt|glede|lei seg',
 'skole': r'skolevegr|fravær|skulk|fråvær|ikke møtt|ikkje møtt|borte .{0,25}dager',
 'rus': r'\brus|alkohol|promille|\bLAR\b|narkotik|cannabis|hasj|amfetamin|AUDIT|drikk|øl\b|vin\b|beruset|marihuana|heroin|metadon|buprenorfin|diazepam|Vival|piller|sprit|brennevin',
 'samtykke': r'samtykke|kompetan|ta stilling',
 'langtid': r'langtid|sykehjemsplass|sjukeheimsplass|korttid|avlastning|fast plass|varig plass|institusjon',
 'hjemme': r'hjemmesykepl|hjemmetjenest|heimeteneste|heimesjukepl|trygghetsalarm|tryggleiksalarm|praktisk bistand|hjemmebesøk|matombring|middag levert|alarm',
 'demens': r'demens|kognitiv|MMSE|MoCA|glemsk|hukommelse|gløym|Alzheimer|vandr|desorient|finner ikke',
 'delir': r'delir|forvirr|plukk|svingende|svinger',
 'utager': r'utager|aggress|truende|truet|sinneutbrudd|slo\b|slår|sparket|kastet|kløp|\bbet\b|dyttet|sint\b',
 'klage': r'klage|klagd|klaga|misfornøyd|Statsforvalter|brukerombud',
 'nyre': r'nyre|kreatinin|eGFR|dialyse',
 'gikt': r'gikt|artritt|revmat|hoven|hovne|stiv|ledd',
 'forst': r'forstopp|obstipa|treg mage|laksant|avføring|bæsj|på do|Movicol|Microlax|Klyx|laktulose|klyster',
 'aut': r'autis|asperger|\bASD\b|\bASF\b|ADOS|M-CHAT|særinteress',
}
okset = set()
lf = os.path.join(SRC, 'lint_ok.txt')
if os.path.exists(lf):
    for ln in open(lf, encoding='utf-8'):
        ln = ln.strip()
        if ln and not ln.startswith('#'):
            parts = [p.strip() for p in ln.split('|')]
            okset.add((parts[0], parts[1], parts[2]))
hits = 0
for x in notes:
    for c, rx in KW.items():
        if c not in codes:
            continue
        if re.search(rx, x['text'], re.I) and c not in x['_rel'] and c not in x['_tem']:
            if (x['person'], x['writtenAt'], c) in okset:
                continue
            hits += 1
            if '-q' not in sys.argv:
                print('LINT %s %s %s %s | %s' % (x['person'], x['writtenAt'], c, x['_where'], x['text'][:140]))
print('lint hits not accepted:', hits)

# ---------- write
out = {"version": 1,
       "people": [{k: p[k] for k in ('key', 'givenName', 'familyName', 'birthDate', 'sex')} for p in people],
       "notes": [{k: x[k] for k in ('key', 'person', 'writtenAt', 'author', 'text')} for x in notes],
       "queries": queries}
with open(OUT, 'w', encoding='utf-8') as f:
    json.dump(out, f, ensure_ascii=False, indent=1)
back = json.load(open(OUT, encoding='utf-8'))
if len(back['notes']) != len(notes) or len(back['queries']) != len(queries):
    err('re-read mismatch')
keys = [n['key'] for n in back['notes']]
if len(set(keys)) != len(keys):
    err('duplicate note keys')
for q in back['queries']:
    for k in q['relevant'] + q['tempting']:
        if k not in set(keys):
            err('query refers to unknown note')
if errors:
    for e in errors:
        print('ERROR', e)
    sys.exit(1)
print('OK')
