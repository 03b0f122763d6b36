#!/usr/bin/env python3
"""List Rust functions in src/ longer than a limit (default 120 lines).

Usage: benchmarks/long_fns.py [--max N] [DIR]   (exit 1 when any is found)

A function spans from its `fn` line to the line that closes its body's
brace; strings, chars and comments are skipped when matching braces.
"""
import os, re, sys

FN = re.compile(r'^\s*(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?(extern\s+"[^"]*"\s+)?fn\s+(\w+)')


def strip(line, state):
    """Return the line's code with strings/comments blanked; state carries block comments and strings."""
    out, i, n = [], 0, len(line)
    while i < n:
        c = line[i]
        if state['block']:
            if line.startswith('*/', i):
                state['block'] -= 1; i += 2
            elif line.startswith('/*', i):
                state['block'] += 1; i += 2
            else:
                i += 1
            continue
        if state['str']:
            if c == '\\' and not state['raw']:
                i += 2; continue
            if c == '"' and line.startswith('"' + '#' * state['hashes'], i):
                state['str'] = False; i += 1 + state['hashes']; continue
            i += 1; continue
        if line.startswith('//', i):
            break
        if line.startswith('/*', i):
            state['block'] = 1; i += 2; continue
        m = re.match(r'b?r(#*)"', line[i:])
        if m and (i == 0 or not (line[i-1].isalnum() or line[i-1] == '_')):
            state.update(str=True, raw=True, hashes=len(m.group(1))); i += len(m.group(0)); continue
        if c == '"':
            state.update(str=True, raw=False, hashes=0); i += 1; continue
        if c == "'":
            m = re.match(r"'(\\.|\\u\{[0-9a-fA-F]+\}|\\x..|[^\\'])'", line[i:])
            if m:
                i += len(m.group(0)); continue
        out.append(c); i += 1
    return ''.join(out)


def functions(path):
    lines = open(path, encoding='utf-8').read().split('\n')
    state = dict(block=0, str=False, raw=False, hashes=0)
    code = [strip(l, state) for l in lines]
    found = []
    for start, l in enumerate(code):
        m = FN.match(l)
        if not m:
            continue
        depth, opened = 0, False
        for end in range(start, len(code)):
            for ch in code[end]:
                if ch == '{':
                    depth += 1; opened = True
                elif ch == '}':
                    depth -= 1
                elif ch == ';' and not opened and depth == 0:
                    break  # declaration without a body
            else:
                if opened and depth == 0:
                    found.append((m.group(7), start + 1, end - start + 1))
                    break
                continue
            break
    return found


def main():
    args = sys.argv[1:]
    limit = 120
    if args[:1] == ['--max']:
        limit = int(args[1]); args = args[2:]
    root = args[0] if args else 'src'
    long = []
    for d, _, files in os.walk(root):
        for f in files:
            if f.endswith('.rs'):
                p = os.path.join(d, f)
                long += [(n, p, s, name) for name, s, n in functions(p) if n > limit]
    for n, p, s, name in sorted(long, reverse=True):
        print(f'{n:5} {p}:{s} {name}')
    print(f'{len(long)} function(s) over {limit} lines', file=sys.stderr)
    return 1 if long else 0


if __name__ == '__main__':
    sys.exit(main())
