#!/usr/bin/env python3
"""LSP benchmark (issue 14 item 4): `glossa lsp` with the shipped glossary
gets a didOpen of a one-line French document of SIZE bytes (the sample
article's sentences repeated with no line break), then a hover at the
line's last term. Prints the seconds from didOpen to the diagnostics and
to the hover answer, and the server's peak RSS. Target: 10 MB answers
hover in <= 2 s.

    benchmarks/lsp_bench.py [GLOSSA] [SIZE_MB ...]
"""
import json, os, resource, subprocess, sys, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
glossa = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "target/release/glossa")
sizes = [float(x) for x in sys.argv[2:]] or [0.25, 1, 2, 10]
# The French article: every glossary term in it is a diagnostic (a hint
# with the English equivalent), so positions are converted many times.
para = open(os.path.join(root, "data/sample/deepseek.fr.txt"), encoding="utf-8").read()
para = " ".join(para.split())

def send(p, obj):
    body = json.dumps(obj).encode()
    p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    p.stdin.flush()

def recv(p):
    n = None
    while True:
        line = p.stdout.readline()
        if not line:
            raise SystemExit("server closed")
        line = line.strip()
        if not line:
            break
        k, _, v = line.partition(b":")
        if k.lower() == b"content-length":
            n = int(v)
    return json.loads(p.stdout.read(n))

print(f"{'size_MB':>8} {'diagnostics_s':>14} {'hover_s':>8} {'n_diags':>8}")
for mb in sizes:
    text = (para + " ") * int(mb * 2**20 / (len(para) + 1) + 1)
    text = text[: int(mb * 2**20)].rsplit(" ", 1)[0]
    p = subprocess.Popen([glossa, "--glossary", os.path.join(root, "glossary"), "lsp"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    send(p, {"jsonrpc": "2.0", "id": 1, "method": "initialize",
             "params": {"processId": None, "rootUri": None, "capabilities": {}}})
    while recv(p).get("id") != 1:
        pass
    send(p, {"jsonrpc": "2.0", "method": "initialized", "params": {}})
    t0 = time.time()
    send(p, {"jsonrpc": "2.0", "method": "textDocument/didOpen",
             "params": {"textDocument": {"uri": "file:///big.fr.md", "languageId": "markdown",
                                          "version": 1, "text": text}}})
    col = len(text.encode("utf-16-le")) // 2 - 3
    send(p, {"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover",
             "params": {"textDocument": {"uri": "file:///big.fr.md"},
                        "position": {"line": 0, "character": col}}})
    t_diag = None
    ndiag = 0
    while True:
        m = recv(p)
        if m.get("method") == "textDocument/publishDiagnostics" and t_diag is None:
            t_diag = time.time() - t0
            ndiag = len(m["params"]["diagnostics"])
        if m.get("id") == 2:
            t_hover = time.time() - t0
            break
    send(p, {"jsonrpc": "2.0", "id": 3, "method": "shutdown"})
    send(p, {"jsonrpc": "2.0", "method": "exit"})
    p.wait()
    print(f"{mb:>8} {t_diag or 0:>14.2f} {t_hover:>8.2f} {ndiag:>8}")
print(f"peak RSS of the largest server: {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024} MB")
