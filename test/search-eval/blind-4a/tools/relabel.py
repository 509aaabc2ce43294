#!/usr/bin/env python3
"""Helper used while writing: apply label edits. Input lines: 'personkey YYYY-MM-DDTHH:MM +lab -lab ...'"""
import glob, sys
edits = {}
for line in open(sys.argv[1], encoding='utf-8'):
    parts = line.split('#')[0].split()
    if len(parts) >= 3:
        edits[(parts[0], parts[1])] = parts[2:]
used = set()
for fn in sorted(glob.glob('src/notes_*.txt')):
    lines = open(fn, encoding='utf-8').read().split('\n')
    person = None
    for i, ln in enumerate(lines):
        if ln.startswith('== '):
            person = ln[3:].split('|')[0].strip()
        elif ln.startswith('@ '):
            ts, author, labels = [p.strip() for p in ln[2:].split('|')]
            k = (person, ts)
            if k in edits:
                labs = labels.split()
                for e in edits[k]:
                    if e.startswith('+'):
                        if e[1:] not in labs: labs.append(e[1:])
                    elif e.startswith('-'):
                        labs = [l for l in labs if l != e[1:]]
                lines[i] = '@ %s | %s | %s' % (ts, author, ' '.join(labs))
                used.add(k)
    open(fn, 'w', encoding='utf-8').write('\n'.join(lines))
print('applied', len(used), 'of', len(edits), 'missing:', [k for k in edits if k not in used])
