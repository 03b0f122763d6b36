#!/usr/bin/env python3
"""Web attack benchmark (issue 14 items 1 and 5): `glossa serve` on a copy
of the shipped glossary takes, for DURATION seconds, 4 clients each
POSTing the 400 KB `/api/check` of issue 14 (100k lines "IA." against
the sample's 6 English lines) in a loop, 2 clients flooding cookie-less
`GET /api/csrf`, and 5 half-sent requests; meanwhile one client times
`GET /api/lookup?q=puce`. Prints lookup latencies, the attack answers'
status codes, whether the translator's session still writes, and the
server's peak RSS.

    benchmarks/web_attack.py [GLOSSA] [DURATION]
"""
import http.client, json, os, shutil, socket, subprocess, sys, tempfile, threading, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
glossa = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "target/release/glossa")
duration = float(sys.argv[2]) if len(sys.argv) > 2 else 20
work = tempfile.mkdtemp()
shutil.copytree(os.path.join(root, "glossary"), os.path.join(work, "glossary"))
p = subprocess.Popen([glossa, "--glossary", os.path.join(work, "glossary"), "serve", "--port", "0"],
                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=work)
addr = p.stdout.readline().decode().split("http://")[1].split("/")[0]
host, port = addr.split(":")
port = int(port)

def conn():
    return http.client.HTTPConnection(host, port, timeout=120)

c = conn()
c.request("GET", "/api/csrf")
r = c.getresponse()
token = json.loads(r.read())["token"]
cookie = r.getheader("set-cookie").split(";")[0]
hdr = {"Cookie": cookie, "X-CSRF-Token": token, "Content-Type": "application/json"}
en = open(os.path.join(root, "data/sample/deepseek.en.txt"), encoding="utf-8").read().split("\n")[:6]
attack = json.dumps({"source": "IA.\n" * 100000, "target": "\n".join(en)})
stop = time.time() + duration
codes, lat, floods = {}, [], [0]
lock = threading.Lock()

def attacker():
    while time.time() < stop:
        try:
            a = conn()
            a.request("POST", "/api/check", body=attack, headers=hdr)
            s = a.getresponse().status
        except Exception as e:
            s = type(e).__name__
        with lock:
            codes[s] = codes.get(s, 0) + 1

def flooder():
    a = conn()
    while time.time() < stop:
        a.request("GET", "/api/csrf")
        a.getresponse().read()
        floods[0] += 1

slow = []
for _ in range(5):
    s = socket.create_connection((host, port))
    s.sendall(b"POST /api/check HTTP/1.1\r\nHost: " + addr.encode() + b"\r\n")
    slow.append(s)
threads = [threading.Thread(target=attacker) for _ in range(4)] + [threading.Thread(target=flooder) for _ in range(2)]
for t in threads:
    t.start()
while time.time() < stop:
    t0 = time.time()
    l = conn()
    l.request("GET", "/api/lookup?q=puce")
    ok = l.getresponse().status
    lat.append((time.time() - t0, ok))
    time.sleep(0.1)
for t in threads:
    t.join()
w = conn()
w.request("POST", "/api/entries", body=json.dumps({"terms": [{"lang": "fr", "text": "grappe"}, {"lang": "en", "text": "cluster"}]}), headers=hdr)
write_status = w.getresponse().status
closed = 0
for s in slow:
    s.settimeout(0.5)
    try:
        closed += s.recv(1) == b""
    except OSError:
        closed += 1
rss = int(open(f"/proc/{p.pid}/status").read().split("VmHWM:")[1].split()[0]) // 1024
p.kill()
shutil.rmtree(work)
ls = sorted(x for x, _ in lat)
print(f"lookups: {len(ls)} answered, {sum(1 for _, s in lat if s == 200)} with 200; "
      f"median {ls[len(ls)//2]*1000:.0f} ms, max {ls[-1]*1000:.0f} ms")
print(f"attack /api/check answers: {codes}")
print(f"cookie-less GET /api/csrf sent: {floods[0]}; translator's write afterwards: {write_status}")
print(f"half-sent requests closed by the server: {closed}/5")
print(f"server peak RSS: {rss} MB")
