#!/usr/bin/env python3
"""Count the library's public items: `pub` fns, methods, structs, enums,
traits, types, consts, statics and modules (not fields or variants) in
files whose module path is public from `src/lib.rs` (a `pub mod` chain),
leaving out `src/cli`, `src/main.rs`, `#[cfg(test)]` code and modules
compiled only under a `#[cfg(...)]` (the dev-only `synth` generators).

Usage: benchmarks/public_items.py [SRC] [--list]
"""
import os, re, sys

ITEM = re.compile(r'^\s*pub\s+(?:(?:const|async|unsafe)\s+)*(fn|struct|enum|trait|type|const|static|mod)\s+(\w+)')
MOD = re.compile(r'^\s*(pub(?:\([^)]*\))?\s+)?mod\s+(\w+)\s*;')


def public_files(src):
    """(file, module path) for every module reachable through `pub mod`."""
    out, todo = [], [(os.path.join(src, 'lib.rs'), 'glossa')]
    while todo:
        path, name = todo.pop()
        out.append((path, name))
        text = strip_tests(open(path, encoding='utf-8').read())
        base = os.path.dirname(path) if path.endswith(('lib.rs', 'mod.rs')) \
            else path[:-3]
        prev = ''
        for line in text.split('\n'):
            m = MOD.match(line)
            gated = prev
            if not line.strip().startswith(('#[', '///')):
                prev = ''
            elif line.strip().startswith('#[cfg('):
                prev = line
            if not m or not m.group(1) or '(' in m.group(1) or gated:
                continue
            child = m.group(2)
            for cand in (os.path.join(base, child + '.rs'), os.path.join(base, child, 'mod.rs')):
                if os.path.exists(cand):
                    todo.append((cand, f'{name}::{child}'))
    return out


def strip_tests(text):
    i = text.find('#[cfg(test)]\nmod tests')
    return text if i < 0 else text[:i]


def main():
    args = [a for a in sys.argv[1:] if a != '--list']
    src = args[0] if args else 'src'
    total, rows = 0, []
    for path, name in public_files(src):
        for line in strip_tests(open(path, encoding='utf-8').read()).split('\n'):
            m = ITEM.match(line)
            if m:
                total += 1
                rows.append(f'{name}::{m.group(2)} ({m.group(1)})')
    if '--list' in sys.argv:
        print('\n'.join(rows))
    print(f'{total} public items')


if __name__ == '__main__':
    main()
