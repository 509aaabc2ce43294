#!/usr/bin/env python3
"""Build blind-set-4a.json from src/. Standard library only."""
import glob, json, os, re, sys, datetime

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, 'src')
OUT = os.path.join(HERE, 'blind-set-4a.json')
errors = []

def err(msg):
    errors.append(msg)

# topics
topics = []
for line in open(os.path.join(SRC, 'topics.txt'), encoding='utf-8'):
    line = line.strip()
    if not line or line.startswith('#'):
        continue
    parts = [p.strip() for p in line.split('|')]
    if len(parts) != 6:
        err('topics.txt bad line: ' + line); continue
    code, name, listed, plain, natural, conv = parts
    topics.append(dict(code=code, name=name, listed=(listed == 'true'), plain=plain, natural=natural))
tcode = {t['code']: t for t in topics}

# notes
people, notes = [], []
pkeys = {}
files = sorted(glob.glob(os.path.join(SRC, 'notes_*.txt')))
MIN_D = datetime.datetime(1995, 1, 1)
MAX_D = datetime.datetime(2026, 6, 30, 23, 59)
for fn in files:
    cur_p = None
    cur_n = None
    for ln, raw in enumerate(open(fn, encoding='utf-8'), 1):
        line = raw.rstrip('\n')
        where = '%s:%d' % (os.path.basename(fn), ln)
        if line.startswith('#') and cur_n is None:
            continue
        if line.startswith('== '):
            parts = [p.strip() for p in line[3:].split('|')]
            if len(parts) != 5:
                err(where + ' bad person line'); continue
            k, g, f, b, s = parts
            if k in pkeys:
                err(where + ' duplicate person ' + k)
            try:
                bd = datetime.date.fromisoformat(b)
            except ValueError:
                err(where + ' bad birth date'); continue
            if not (1930 <= bd.year <= 2015):
                err(where + ' birth year out of range')
            if s not in ('F', 'M'):
                err(where + ' bad sex')
            cur_p = dict(key=k, givenName=g, familyName=f, birthDate=b, sex=s, _bd=bd)
            pkeys[k] = cur_p
            people.append(cur_p)
            cur_n = None
            continue
        if line.startswith('@ '):
            parts = [p.strip() for p in line[2:].split('|')]
            if len(parts) != 3:
                err(where + ' bad note header'); continue
            ts, author, labels = parts
            try:
                dt = datetime.datetime.strptime(ts, '%Y-%m-%dT%H:%M')
            except ValueError:
                err(where + ' bad timestamp ' + ts); continue
            if cur_p is None:
                err(where + ' note before person'); continue
            cur_n = dict(person=cur_p['key'], writtenAt=ts, author=author, _dt=dt, _where=where,
                         _labels=labels.split(), _lines=[])
            notes.append(cur_n)
            continue
        if cur_n is not None:
            cur_n['_lines'].append(line)

def age_at(bd, d):
    a = d.year - bd.year
    if (d.month, d.day) < (bd.month, bd.day):
        a -= 1
    return a

for i, n in enumerate(notes, 1):
    n['key'] = 'b4an%04d' % i
    n['text'] = ' '.join(l.strip() for l in n['_lines'] if l.strip())
    p = pkeys[n['person']]
    w = n['_where']
    if not n['text']:
        err(w + ' empty note')
    if not (MIN_D <= n['_dt'] <= MAX_D):
        err(w + ' date out of range')
    if n['_dt'].date() < p['_bd']:
        err(w + ' note before birth')
    age = age_at(p['_bd'], n['_dt'].date())
    n['_age'] = age
    a = n['author'].lower()
    if 'helsestasjon' in a and age > 6:
        err(w + ' helsestasjon but age %d' % age)
    if 'skolehelsetjenesten' in a and not (6 <= age <= 16):
        err(w + ' skolehelsetjenesten but age %d' % age)
    if 'sykehjem' in a and age < 65:
        err(w + ' sykehjem but age %d' % age)
    if not re.match(r'^[^,]+, [^(]+ \([^)]+\)$', n['author']):
        err(w + ' author format: ' + n['author'])
    rel, tem = set(), set()
    for lab in n['_labels']:
        c = lab[1:] if lab.startswith('~') else lab
        if c not in tcode:
            err(w + ' unknown label ' + lab); continue
        (tem if lab.startswith('~') else rel).add(c)
    if rel & tem:
        err(w + ' both relevant and tempting: %s' % (rel & tem))
    n['_rel'], n['_tem'] = rel, tem

# counts
print('%-10s %-7s %5s %5s %5s' % ('code', 'listed', 'rel', 'temp', 'ppl'))
stats = {}
for t in topics:
    c = t['code']
    r = [n for n in notes if c in n['_rel']]
    tm = [n for n in notes if c in n['_tem']]
    ppl = len(set(n['person'] for n in r))
    stats[c] = (len(r), len(tm), ppl)
    print('%-10s %-7s %5d %5d %5d' % (c, t['listed'], len(r), len(tm), ppl))
    if t['listed']:
        if len(r) < 26 or ppl < 8 or len(tm) < 5:
            err('MINIMUM not reached for %s' % c)
    else:
        if len(r) < 22 or ppl < 6 or len(tm) < 3:
            err('MINIMUM not reached for %s' % c)
bg = [n for n in notes if not n['_rel'] and not n['_tem']]
bg_rel = [n for n in notes if not n['_rel']]
print('background notes (no labels): %d; notes with no relevant label: %d' % (len(bg), len(bg_rel)))
if len(bg) < 60:
    err('fewer than 60 background notes')
print('people: %d, notes: %d' % (len(people), len(notes)))

# queries
queries = []
qi = 0
for t in topics:
    rel = [n['key'] for n in notes if t['code'] in n['_rel']]
    tem = [n['key'] for n in notes if t['code'] in n['_tem']]
    for q in (t['plain'], t['natural']):
        qi += 1
        queries.append(dict(id='b4aq%02d' % qi, topic=t['name'], listed=t['listed'], query=q,
                            scope={}, relevant=rel, tempting=tem))
for line in open(os.path.join(SRC, 'scoped_queries.txt'), encoding='utf-8'):
    line = line.strip()
    if not line or line.startswith('#'):
        continue
    parts = [p.strip() for p in line.split('|')]
    if len(parts) != 7:
        err('scoped bad line ' + line); continue
    sid, code, qtext, pk, af, at, comment = parts
    af, at = int(af), int(at)
    if code not in tcode or pk not in pkeys:
        err('scoped bad ref ' + line); continue
    t = tcode[code]
    sel = [n for n in notes if n['person'] == pk and af <= n['_age'] <= at]
    rel = [n['key'] for n in sel if code in n['_rel']]
    tem = [n['key'] for n in sel if code in n['_tem']]
    outside = [n for n in notes if n['person'] == pk and code in n['_rel'] and not (af <= n['_age'] <= at)]
    print('scoped %s %s %s %d-%d: relevant %d, tempting %d, outside-window relevant %d'
          % (sid, code, pk, af, at, len(rel), len(tem), len(outside)))
    need = 12 if sid == '1' else 6
    if len(rel) < need:
        err('scoped query %s has only %d relevant' % (sid, len(rel)))
    qi += 1
    queries.append(dict(id='b4aq%02d' % qi, topic=t['name'], listed=t['listed'], query=qtext,
                        scope=dict(person=pk, ageFrom=af, ageTo=at), relevant=rel, tempting=tem))

out = {"version": 1,
       "people": [dict(key=p['key'], givenName=p['givenName'], familyName=p['familyName'],
                       birthDate=p['birthDate'], sex=p['sex']) for p in people],
       "notes": [dict(key=n['key'], person=n['person'], writtenAt=n['writtenAt'], author=n['author'],
                      text=n['text']) for n in notes],
       "queries": queries}

# keyword lint
LINT = {
 'mobb': r'mobb|utestengt|\berting|\bertet|\bplaget|plaging|\bhets',
 'vold': r'\bvold(?!tekt)|\bslag\b|\bslo (?!hodet|bakhodet|hovudet|bakhovudet|knyttneven|ve\.|hø\.)|sparket|\bspark|\bdytt|kvelertak|mishandl|juling',
 'overgrep': r'overgrep|misbruk|seksuell|voldtekt|beføl',
 'omsorg': r'omsorgssvikt|bekymringsmelding|vanskjøtt|selvforsøm|uflidd|ustelt',
 'tvang': r'tvang|\bTUD\b|§ ?3-|kap\.? ?4A|kap\.? ?9|\bbelte|vedtak',
 'hold': r'\bholdt|\bholde fast|\bholding|pasifiser',
 'skjerm': r'skjerm',
 'selvsk': r'selvskad|\bkutt|\brisp|skade seg selv|skadet seg selv|brennmerk',
 'selvm': r'selvmord|suicid|ta livet|dødsønsk|overdose|ikke leve|tok livet',
 'sovn': r'søvn|\bsove|\bsover|\bsov\b|mareritt|innsovn|zopiklon|imovane|melatonin',
 'ern': r'\bvekt|ernæring|næringsdrikk|\bsonde|\bBMI\b|matlyst|spiser lite|appetitt|svelg',
 'fall': r'\bfall(?!matte)|\bfalt|\bfaller|\bdatt\b|\bdetta',
 'trykk': r'trykksår|liggesår|trykkskade|trykk',
 'kols': r'kols|\bcopd\b|spirometri|tungpust|inhalator|oksygen',
 'psyk': r'psykos|psykot|hallusin|vrangfor|\bstemmer\b|antipsyk',
 'blodp': r'blodpropp|tromb|emboli|\bDVT\b|blodfortynn|fragmin|eliquis|xarelto|marevan',
 'hjrys': r'hjernerystelse|commotio|slo hodet|hodeskade|slått i hodet|slo bakhodet|hovudskade|slo (bak)?hovudet',
}
ok = set()
okf = os.path.join(SRC, 'lint_ok.txt')
if os.path.exists(okf):
    for line in open(okf, encoding='utf-8'):
        line = line.strip()
        if line and not line.startswith('#'):
            ok.add(tuple(x.strip() for x in line.split('|')[:2]))
hits = 0
for n in notes:
    for c, rx in LINT.items():
        m = re.search(rx, n['text'], re.I)
        if m and c not in n['_rel'] and c not in n['_tem']:
            sig = n['text'][:40]
            if (c, sig) in ok or (c, n['writtenAt'] + ' ' + n['person']) in ok:
                continue
            hits += 1
            if '--lint' in sys.argv:
                print('LINT %s [%s] %s %s %s: %s' % (c, m.group(0), n['key'], n['person'], n['writtenAt'], n['text'][:150]))
print('lint hits not accepted: %d (run with --lint to list)' % hits)

with open(OUT, 'w', encoding='utf-8') as f:
    json.dump(out, f, ensure_ascii=False, indent=1)
# re-read
try:
    back = json.load(open(OUT, encoding='utf-8'))
    assert len(back['notes']) == len(notes) and len(back['queries']) == len(queries)
    assert all(r in {n['key'] for n in back['notes']} for q in back['queries'] for r in q['relevant'] + q['tempting'])
except Exception as e:
    err('re-read failed: %r' % e)
print('queries: %d' % len(queries))
if errors:
    for e in errors:
        print('ERROR', e)
    sys.exit(1)
print('OK')
