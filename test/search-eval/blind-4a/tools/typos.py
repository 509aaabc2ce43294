#!/usr/bin/env python3
"""One-off helper: inject a deliberate typo (two adjacent interior letters swapped, or a dropped
letter) into roughly every 10th note, in an ordinary word that is not a topic keyword."""
import glob, re, sys
sys.path.insert(0, '.')
src = open('build.py', encoding='utf-8').read()
lint_block = src[src.index('LINT = {'):src.index('}\n', src.index('LINT = {')) + 1]
ns = {}; exec(lint_block, {}, ns); LINT = ns['LINT']
idx = 0; changed = 0
for fn in sorted(glob.glob('src/notes_*.txt')):
    lines = open(fn, encoding='utf-8').read().split('\n')
    i = 0
    while i < len(lines):
        if lines[i].startswith('@ '):
            idx += 1
            j = i + 1
            if idx % 10 == 6 and j < len(lines) and lines[j].strip():
                words = re.findall(r'[A-Za-zæøåÆØÅ]{7,}', lines[j])
                words = [w for w in words if not any(re.search(rx, w, re.I) for rx in LINT.values())]
                if words:
                    w = sorted(words, key=len)[len(words) // 2]
                    k = len(w) // 2
                    if changed % 3 == 2:
                        t = w[:k] + w[k + 1:]          # dropped letter
                    else:
                        t = w[:k] + w[k + 1] + w[k] + w[k + 2:]  # swapped letters
                    lines[j] = lines[j].replace(w, t, 1)
                    changed += 1
                    print(fn, idx, w, '->', t)
        i += 1
    open(fn, 'w', encoding='utf-8').write('\n'.join(lines))
print('typos', changed)
