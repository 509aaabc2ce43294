#!/usr/bin/env python3
"""Validate /work/blind-set/blind-set.json and print counts per topic."""
import json, sys, re, datetime, collections, os
P = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'blind-set.json')
d = json.load(open(P, encoding='utf-8'))
err = []; warn = []
def E(m): err.append(m)
def W(m): warn.append(m)

if d.get('version') != 1: E('version must be 1')
people = {}
for p in d['people']:
    if p['key'] in people: E(f"duplicate person {p['key']}")
    try: b = datetime.date.fromisoformat(p['birthDate'])
    except Exception: E(f"bad birthDate {p}"); continue
    if not 1940 <= b.year <= 2015: E(f"{p['key']} born {b.year} outside 1940-2015")
    if p['sex'] not in ('F', 'M'): E(f"bad sex {p}")
    if not p['givenName'] or not p['familyName']: E(f"missing name {p}")
    people[p['key']] = b
if len(people) < 25: E(f'only {len(people)} people')

def age_at(b, d):
    return d.year - b.year - ((d.month, d.day) < (b.month, b.day))

notes = {}
for n in d['notes']:
    k = n['key']
    if k in notes: E(f'duplicate note {k}')
    if n['person'] not in people: E(f"{k}: unknown person {n['person']}"); continue
    if not re.fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\d', n['writtenAt']): E(f"{k}: bad writtenAt format {n['writtenAt']}")
    try: dt = datetime.datetime.fromisoformat(n['writtenAt'])
    except Exception: E(f"{k}: invalid date {n['writtenAt']}"); continue
    b = people[n['person']]
    if dt.date() < b: E(f'{k}: written before birth')
    if not (2000 <= dt.year <= 2025): E(f'{k}: year {dt.year} outside 2000-2025')
    if not n['text'].strip() or not n['author'].strip(): E(f'{k}: empty text/author')
    a = age_at(b, dt.date())
    role = n['author'].lower()
    if ('helsesykepleier' in role or 'skolelege' in role) and 'helsestasjon' not in role and not 6 <= a <= 16:
        E(f"{k}: school health note at age {a}")
    if ('sykehjem' in role) and a < 65:
        W(f"{k}: nursing-home note at age {a}")
    n['_age'] = a; n['_date'] = dt.date()
    notes[k] = n
if len(notes) < 600: E(f'only {len(notes)} notes')

LISTED = ['mobbing/krenkelser', 'vold', 'seksuelle overgrep', 'omsorgssvikt', 'tvang', 'fysisk holding',
          'skjerming', 'selvskading', 'selvmordstanker', 'søvnvansker', 'ernæring/vekttap', 'fall', 'trykksår',
          'legemiddelavvik', 'hodesmerter', 'brystsmerter', 'magesmerter', 'angst', 'depresjon',
          'skolevegring/fravær', 'rus og alkohol', 'samtykkekompetanse', 'langtidsopphold', 'hjemmetjenester',
          'demens/kognitiv svikt', 'delirium', 'utagering', 'klage']
qids = set(); topic_rel = collections.defaultdict(set); topic_tmp = collections.defaultdict(set)
topic_listed = {}; scoped = 0; topic_queries = collections.defaultdict(list)
for q in d['queries']:
    if q['id'] in qids: E(f"duplicate query id {q['id']}")
    qids.add(q['id'])
    t = q['topic']
    if t in topic_listed and topic_listed[t] != q['listed']: E(f'{t}: inconsistent listed flag')
    topic_listed[t] = q['listed']
    if q['listed'] and t not in LISTED: E(f'{t} marked listed but not in listed set')
    if not q['listed'] and t in LISTED: E(f'{t} is a listed topic but marked unlisted')
    if not 1 <= len(q['query'].split()) <= 3: E(f"{q['id']}: query must be 1-3 words")
    rel, tmp = q['relevant'], q['tempting']
    if len(set(rel)) != len(rel) or len(set(tmp)) != len(tmp): E(f"{q['id']}: duplicate ids in lists")
    if set(rel) & set(tmp): E(f"{q['id']}: note both relevant and tempting")
    for k in rel + tmp:
        if k not in notes: E(f"{q['id']}: unknown note {k}")
    sc = q['scope']
    topic_queries[t].append(q['query'] + (f" [{sc['person']} {sc['ageFrom']}-{sc['ageTo']}]" if sc else ''))
    if sc:
        scoped += 1
        if sc['person'] not in people: E(f"{q['id']}: scope person unknown")
        for k in rel + tmp:
            n = notes.get(k)
            if n and (n['person'] != sc['person'] or not sc['ageFrom'] <= n['_age'] <= sc['ageTo']):
                E(f"{q['id']}: {k} outside scope (person {n['person']}, age {n['_age']})")
        if not rel: E(f"{q['id']}: scoped query has no relevant notes")
    else:
        topic_rel[t] |= set(rel); topic_tmp[t] |= set(tmp)
# consistency: unscoped queries of the same topic share the relevant set; scoped = restriction of it
for q in d['queries']:
    t = q['topic']
    if not q['scope'] and set(q['relevant']) != topic_rel[t]: E(f"{q['id']}: relevant differs from other queries of {t}")
    if q['scope']:
        sc = q['scope']
        expect = {k for k in topic_rel[t] if notes[k]['person'] == sc['person'] and sc['ageFrom'] <= notes[k]['_age'] <= sc['ageTo']}
        if set(q['relevant']) != expect: E(f"{q['id']}: scoped relevant is not the in-window subset of the topic")
for t in LISTED:
    if t not in topic_listed: E(f'listed topic {t} has no query')
unl = [t for t, l in topic_listed.items() if not l]
if len(unl) < 8: E(f'only {len(unl)} unlisted topics')
if scoped < 6: E(f'only {scoped} scoped queries')
for t in topic_listed:
    if len(topic_rel[t]) < 8: E(f'{t}: only {len(topic_rel[t])} relevant')
    if len(topic_tmp[t]) < 2: E(f'{t}: only {len(topic_tmp[t])} tempting')
    if len(topic_rel[t]) > 15: W(f'{t}: {len(topic_rel[t])} relevant (>15, due to multi-topic labelling)')

print(f"people {len(people)}, notes {len(notes)}, queries {len(qids)} ({scoped} scoped), topics {len(topic_listed)} ({len(unl)} unlisted)")
labelled = set().union(*topic_rel.values()); tempting_only = set().union(*topic_tmp.values()) - labelled
print(f"notes relevant to >=1 topic: {len(labelled)}, tempting-only: {len(tempting_only)}, filler: {len(notes) - len(labelled) - len(tempting_only)}")
print(f"{'topic':24s} {'listed':6s} {'rel':>4s} {'tmp':>4s}  queries")
for t in sorted(topic_listed, key=lambda x: (not topic_listed[x], x)):
    print(f"{t:24s} {str(topic_listed[t]):6s} {len(topic_rel[t]):4d} {len(topic_tmp[t]):4d}  {'; '.join(topic_queries[t])}")
print('scoped queries:')
for q in d['queries']:
    if q['scope']:
        print(f"  {q['id']} '{q['query']}' {q['scope']} rel={len(q['relevant'])} tmp={len(q['tempting'])}")
for w in warn: print('WARN', w)
for e in err: print('ERROR', e)
print('OK' if not err else f'{len(err)} errors')
sys.exit(1 if err else 0)
