#!/usr/bin/env python3
"""List pairs of library modules that import each other (src/: file
modules such as `check`, `suggest`, `align::document`, `tm::store`).

Usage: benchmarks/module_cycles.py [SRC]   (exit 1 when a pair is found)

A module "imports" another when its files name `crate::other` (in `use`
or in a path), `super::other` from a sibling, or `glossa::other`; tests
(`#[cfg(test)]` modules) are left out.
"""
import os, re, sys


def module_of(rel):
    parts = rel[:-3].split('/')
    if parts[-1] in ('mod', 'lib', 'main'):
        parts = parts[:-1]
    return parts


def code_without_tests(text):
    i = text.find('#[cfg(test)]')
    return text if i < 0 else text[:i]


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else 'src'
    mods = {}
    for d, _, files in os.walk(src):
        for f in files:
            if f.endswith('.rs'):
                p = os.path.join(d, f)
                rel = os.path.relpath(p, src)
                if rel in ('main.rs',) or rel.startswith('cli/') or rel == 'bin':
                    continue
                mods[p] = module_of(rel)
    known = set()
    for parts in mods.values():
        for k in range(1, min(2, len(parts)) + 1):
            known.add('::'.join(parts[:k]))
    edges = set()
    for p, parts in mods.items():
        me = '::'.join(parts[:2]) if len(parts) >= 2 else '::'.join(parts)
        text = code_without_tests(open(p, encoding='utf-8').read())
        text = re.sub(r'//[^\n]*', '', text)
        refs = set()
        for m in re.finditer(r'\bcrate::(\w+)(?:::(\w+))?', text):
            refs.add((m.group(1), m.group(2)))
        if len(parts) >= 2:
            for m in re.finditer(r'\bsuper::(\w+)', text):
                refs.add((parts[0], m.group(1)))
        for a, b in refs:
            two = f'{a}::{b}' if b and f'{a}::{b}' in known else a
            for target in {a, two}:
                if target in known and not me.startswith(target) and not target.startswith(me + '::') and target != me:
                    edges.add((me, target))
    pairs = sorted((a, b) for a, b in edges if a < b and (b, a) in edges)
    for a, b in pairs:
        print(f'{a} <-> {b}')
    print(f'{len(pairs)} pair(s) of modules importing each other', file=sys.stderr)
    return 1 if pairs else 0


if __name__ == '__main__':
    sys.exit(main())
