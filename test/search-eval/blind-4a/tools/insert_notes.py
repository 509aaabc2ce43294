#!/usr/bin/env python3
"""Helper used while writing: insert notes from an additions file into the person's block in src/,
keeping each person's notes in date order. Additions format: '>> b4apNN' line, then normal note lines."""
import glob, sys, re
adds = {}
cur = None
for line in open(sys.argv[1], encoding='utf-8'):
    if line.startswith('>> '):
        cur = line[3:].strip(); adds.setdefault(cur, []); continue
    if line.startswith('@ '):
        adds[cur].append([line])
    elif adds.get(cur):
        adds[cur][-1].append(line)
done = set()
for fn in sorted(glob.glob('src/notes_*.txt')):
    lines = open(fn, encoding='utf-8').read().split('\n')
    out, i = [], 0
    blocks = []  # list of (prefix_lines, person, notes)
    head = []
    person = None; notes = []; pre = []
    def flush():
        if person is not None:
            blocks.append((pre, person, notes))
    for ln in lines:
        if ln.startswith('== '):
            flush()
            pre = [ln]; person = ln[3:].split('|')[0].strip(); notes = []
        elif person is None:
            head.append(ln)
        elif ln.startswith('@ '):
            notes.append([ln])
        elif notes:
            notes[-1].append(ln)
        else:
            pre.append(ln)
    flush()
    changed = False
    for pre, p, notes in blocks:
        if p in adds:
            for n in adds[p]:
                notes.append([l.rstrip('\n') for l in n])
            done.add(p); changed = True
            # strip trailing blank lines from notes then sort
            for n in notes:
                while len(n) > 1 and n[-1].strip() == '':
                    n.pop()
            notes.sort(key=lambda n: n[0][2:18])
    if changed:
        res = head[:]
        for pre, p, notes in blocks:
            if res and res[-1].strip() != '':
                res.append('')
            res.extend(pre)
            for n in notes:
                res.extend(n)
        open(fn, 'w', encoding='utf-8').write('\n'.join(res).rstrip('\n') + '\n')
missing = set(adds) - done
print('inserted for', sorted(done), 'missing', sorted(missing))
