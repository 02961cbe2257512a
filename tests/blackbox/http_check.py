#!/usr/bin/env python3
"""http_check.py - the HTTP interface (SPEC 8) checked against the socket.

Prints "ok - ..." or "FAIL - ..." lines (tests/blackbox/http.sh counts them).
With --ask, sends each line of standard input to --socket and prints the
answers: the shell script's way of asking the socket.
"""
import argparse
import http.client
import json
import os
import select
import signal
import socket
import subprocess
import sys
import time
import urllib.parse

failures = 0


def ok(desc):
    print("ok - " + desc, flush=True)


def fail(desc, detail=""):
    global failures
    failures += 1
    print("FAIL - " + desc, flush=True)
    for line in str(detail).splitlines()[:30]:
        print("\t" + line, flush=True)


def check(cond, desc, detail=""):
    if cond:
        ok(desc)
    else:
        fail(desc, detail)


class Socket:
    """One connection to the daemon's Unix socket."""

    def __init__(self, path):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.s.connect(path)
        self.buf = b""

    def line(self, timeout):
        self.s.settimeout(timeout)
        while b"\n" not in self.buf:
            chunk = self.s.recv(65536)
            if not chunk:
                raise EOFError("socket closed")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line + b"\n"

    def ask(self, request, timeout=10):
        self.s.sendall(request.encode() + b"\n")
        return self.line(timeout)

    def close(self):
        self.s.close()


class Web:
    def __init__(self, url):
        u = urllib.parse.urlsplit(url)
        self.host, self.port = u.hostname, u.port
        self.conn = http.client.HTTPConnection(self.host, self.port,
                                               timeout=10)

    def get(self, path, headers=None, method="GET", body=None):
        self.conn.request(method, path, body=body, headers=headers or {})
        r = self.conn.getresponse()
        data = r.read()
        if r.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port,
                                                   timeout=10)
        return r.status, dict((k.lower(), v) for k, v in r.getheaders()), \
            data


def q(s):
    return urllib.parse.quote(s, safe="")


# Fixed instants: a DST gap and overlap in New York and Paris, a weekend,
# far past and far future.
TIMES = ["2026-11-23T08:00:00Z", "2026-03-08T07:30:00Z",
         "2026-11-01T06:30:00Z", "2026-03-29T01:30:00Z",
         "2026-10-25T00:30:00Z", "2026-11-22T12:00:00Z",
         "1999-12-31T23:59:59Z", "2099-06-01T00:00:00Z", "@0"]


def api_matches_socket(sock, web):
    ids = [e["id"] for e in json.loads(sock.ask("LIST"))["teams"]] + \
        [e["id"] for e in json.loads(sock.ask("LIST"))["routes"]]
    st, hd, body = web.get("/api/v1/list")
    check(st == 200 and body == sock.ask("LIST")
          and hd.get("content-type") == "application/json",
          "GET /api/v1/list is LIST's answer, byte for byte", body)
    st, _, body = web.get("/api/v1/now?at=" + q(TIMES[0]))
    check(st == 200 and body == sock.ask("NOW at=" + TIMES[0]),
          "GET /api/v1/now?at= is NOW at='s answer", body[:200])
    bad = []
    n = 0
    for i in ids:
        for t in TIMES:
            pairs = [
                ("/api/v1/now/%s?at=%s" % (q(i), q(t)),
                 "NOW %s at=%s" % (i, t)),
                ("/api/v1/next/%s?count=7&at=%s" % (q(i), q(t)),
                 "NEXT %s count=7 at=%s" % (i, t)),
                ("/api/v1/next/%s?at=%s&count=3" % (q(i), q(t)),
                 "NEXT %s count=3 at=%s" % (i, t)),
            ]
            if not t.startswith("@"):
                pairs.append(("/api/v1/shifts/%s?from=%s&to=%s" %
                              (q(i), q(t), q("2026-12-31T00:00:00Z")),
                              "SHIFTS %s from=%s to=2026-12-31T00:00:00Z" %
                              (i, t)))
            for path, line in pairs:
                n += 1
                st, _, body = web.get(path)
                want = sock.ask(line)
                want_st = 200 if b'"ok":true' in want[:12] else 400
                if body != want or st != want_st:
                    bad.append("%s -> %d %r\n  want %d %r" %
                               (path, st, body[:120], want_st, want[:120]))
    check(not bad and n > 100,
          "%d API answers are the socket's, byte for byte, over %d ids "
          "and %d fixed instants (DST gaps and overlaps, 1999, 2099)" %
          (n, len(ids), len(TIMES)), "\n".join(bad[:5]))
    # The socket's NOW answer, asked at the same second over both.
    for _ in range(3):
        t0 = int(time.time())
        st, _, body = web.get("/api/v1/now/cpcert")
        want = sock.ask("NOW cpcert")
        if int(time.time()) == t0:
            break
    check(st == 200 and body == want,
          "GET /api/v1/now/<id> without at= answers at now", body[:200])
    return ids


def errors(sock, web):
    cases = [
        ("/api/v1/now/no-such-team", 404, "NOW no-such-team"),
        ("/api/v1/now/cpcert?at=yesterday", 400, "NOW cpcert at=yesterday"),
        ("/api/v1/next/cpcert?count=0", 400, "NEXT cpcert count=0"),
        ("/api/v1/next/cpcert?count=1000000", 400,
         "NEXT cpcert count=1000000"),
        ("/api/v1/shifts/cpcert?from=2026-01-01T00:00:00Z", 400,
         "SHIFTS cpcert from=2026-01-01T00:00:00Z"),
        ("/api/v1/shifts/cpcert?from=2026-01-01T00:00:00Z&to=2030-01-01T00:00:00Z",
         400, "SHIFTS cpcert from=2026-01-01T00:00:00Z "
         "to=2030-01-01T00:00:00Z"),
    ]
    for path, want_st, line in cases:
        st, hd, body = web.get(path)
        want = sock.ask(line)
        check(st == want_st and body == want
              and hd.get("content-type") == "application/json",
              "%s: %d with the socket's error object" % (path, want_st),
              "%d %r\nwant %d %r" % (st, body, want_st, want))

    def code(body):
        try:
            return json.loads(body)["error"]["code"]
        except (ValueError, KeyError, TypeError):
            return None
    own = [
        ("/api/v1/now/cpcert?when=now", 400, "bad_argument",
         "an unknown query parameter"),
        ("/api/v1/now/cpcert?at=@0&at=@1", 400, "bad_argument",
         "a query parameter given twice"),
        ("/api/v1/now/cpcert?at", 400, "bad_argument",
         "a parameter without a value"),
        ("/api/v1/now/cpcert?at=%40", 400, "bad_time",
         "a time that is only '@'"),
        ("/api/v1/now/cpcert?at=%2", 400, "bad_argument",
         "a broken percent escape"),
        ("/api/v1/now/cpcert?at=@0+at=@1", 400, "bad_argument",
         "a space smuggled into a value"),
        ("/api/v1/now/cpcert%20at=@0", 404, "unknown_id",
         "an argument smuggled into an id"),
        ("/api/v1/now/at=@0", 404, "unknown_id", "an id that is an argument"),
        ("/api/v1/now/%00", 404, "unknown_id", "a NUL in an id"),
        ("/api/v1/next", 404, "unknown_command", "NEXT without an id"),
        ("/api/v1/now/cpcert/extra", 404, "unknown_command",
         "a path below an id"),
        ("/api/v1/stats", 404, "unknown_command", "a verb the API lacks"),
        ("/api/v2/now", 404, "unknown_command", "another API version"),
        ("/nothing", 404, "unknown_command", "a path that serves nothing"),
        ("/feeds/no-such-team.ics", 404, "unknown_id", "a feed of no one"),
        ("/feeds/../../etc/passwd.ics", 404, "unknown_id",
         "a feed path that climbs"),
    ]
    for path, want_st, want_code, desc in own:
        st, _, body = web.get(path)
        check(st == want_st and code(body) == want_code,
              "%s: %d %s (%s)" % (path, want_st, want_code, desc),
              "%d %r" % (st, body))
    st, _, body = web.get("/api/v1/now/" + "a" * 5000)
    check(st == 414 and code(body) == "line_too_long",
          "a 5000-byte target: 414 line_too_long", "%d %r" % (st, body))
    st, hd, body = web.get("/api/v1/list", method="POST", body=b"x=1")
    check(st == 405 and code(body) == "unknown_command",
          "POST where only GET is served: 405", "%d %r" % (st, body))
    st, _, body = web.get("/api/v1/list", method="GET", body=b"x" * 100)
    check(st == 400 and code(body) == "bad_argument",
          "a GET with a body: 400", "%d %r" % (st, body))
    st, hd, body = web.get("/api/v1/list", method="HEAD")
    check(st == 200 and body == b"" and
          int(hd.get("content-length", "0")) > 0,
          "HEAD: the headers without the body", "%d %r %r" % (st, hd, body))


def feeds(sock, web, ids):
    """Each feed by URL is written as of midnight UTC: a team's expands, as
    a calendar client expands it, to the team's SHIFTS over 60 days from
    there (tests/feed_check.py); every feed has a stable ETag."""
    import icalendar
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
    import feed_check
    day = int(time.time()) // 86400 * 86400
    teams = [e["id"] for e in json.loads(sock.ask("LIST"))["teams"]]
    bad = []
    for i in ids:
        st, hd, body = web.get("/feeds/%s.ics" % i)
        etag = hd.get("etag", "")
        try:
            cal = icalendar.Calendar.from_ical(body)
            name = str(cal.get("X-WR-CALNAME", ""))
        except ValueError as e:
            cal, name = None, "unparsable: %s" % e
        if st != 200 or not hd.get("content-type", "").startswith(
                "text/calendar") or len(etag) < 3 or not name or \
                cal is None:
            bad.append("%s: %d %r etag %r name %r" % (i, st, hd, etag, name))
            continue
        if i in teams:
            got = [tuple(x) for x in
                   feed_check.intervals(cal, day, day + 60 * 86400)]
            ans = json.loads(sock.ask("SHIFTS %s from=@%d to=@%d" %
                                      (i, day, day + 60 * 86400)))
            want = [(feed_check.parse_time(x["start"]),
                     feed_check.parse_time(x["end"]))
                    for x in ans["shifts"]]
            if got != want or not want:
                bad.append("%s: the feed expands to %r..., SHIFTS says "
                           "%r..." % (i, got[:3], want[:3]))
        st2, hd2, body2 = web.get("/feeds/%s.ics" % i)
        st3, hd3, body3 = web.get("/feeds/%s.ics" % i,
                                  {"If-None-Match": etag})
        st4, _, body4 = web.get("/feeds/%s.ics" % i,
                                {"If-None-Match": '"0000000000000000"'})
        if body2 != body or hd2.get("etag") != etag:
            bad.append("%s: a second GET differs" % i)
        if st3 != 304 or body3 != b"" or hd3.get("etag") != etag:
            bad.append("%s: If-None-Match: %d %r" % (i, st3, body3[:50]))
        if st4 != 200 or body4 != body:
            bad.append("%s: a stale ETag: %d" % (i, st4))
    check(not bad, "every feed: text/calendar with a name and a stable "
          "ETag, 304 on If-None-Match; each team's expands to its SHIFTS",
          "\n".join(bad))


def metrics(sock, web, ids):
    st, hd, body = web.get("/metrics")
    text = body.decode()
    check(st == 200 and hd.get("content-type", "").startswith("text/plain"),
          "GET /metrics: 200 text/plain", "%d %r" % (st, hd))
    p = subprocess.run(["promtool", "check", "metrics"], input=body,
                       capture_output=True)
    check(p.returncode == 0, "promtool check metrics accepts /metrics",
          p.stdout.decode() + p.stderr.decode())
    now = json.loads(sock.ask("NOW"))
    want = []
    for t in now["teams"]:
        want.append('oncalld_team_staffed{team="%s"} %d' %
                    (t["id"], 1 if t["staffed"] else 0))
    for r in now["routes"]:
        want.append('oncalld_route_escalated{route="%s"} %d' %
                    (r["id"], 1 if r["escalated"] else 0))
    lines = text.splitlines()
    missing = [w for w in want if w not in lines]
    # The state may change between the two requests; once, at most.
    if missing:
        text = web.get("/metrics")[2].decode()
        missing = [w for w in want if w not in text.splitlines()]
    check(not missing and len(want) == len(ids),
          "oncalld_team_staffed and oncalld_route_escalated agree with NOW",
          "\n".join(missing))
    n1 = [x for x in lines if x.startswith(
        'oncalld_requests_total{interface="http"}')]
    web.get("/api/v1/list")
    web.get("/api/v1/list")
    n2 = [x for x in web.get("/metrics")[2].decode().splitlines()
          if x.startswith('oncalld_requests_total{interface="http"}')]
    check(n1 and n2 and int(n2[0].split()[1]) == int(n1[0].split()[1]) + 3,
          "oncalld_requests_total{interface=\"http\"} counts requests",
          "%r %r" % (n1, n2))


def events(sock_path, web, pid, delay):
    """/events carries what WATCH pushes: a reload, byte for byte."""
    s = socket.create_connection((web.host, web.port), timeout=delay)
    s.sendall(b"GET /events HTTP/1.1\r\nHost: x\r\n\r\n")
    buf = b""
    deadline = time.time() + delay
    while b"retry:" not in buf and time.time() < deadline:
        buf += s.recv(4096)
    head = buf.split(b"\r\n\r\n", 1)[0].decode().lower()
    check("200" in head.split("\r\n")[0] and
          "content-type: text/event-stream" in head,
          "GET /events: 200 text/event-stream", head)
    w = Socket(sock_path)
    first = w.ask("WATCH")
    check(b'"watching":true' in first, "WATCH beside it", first)
    os.kill(pid, signal.SIGHUP)
    pushed = w.line(delay)
    deadline = time.time() + delay
    data = buf.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in buf else b""
    while b"data: " not in data or not data.rstrip(b"\r\n").endswith(b"}") \
            and time.time() < deadline:
        r, _, _ = select.select([s], [], [], max(0, deadline - time.time()))
        if not r:
            break
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    got = [ln[6:] for ln in data.split(b"\n") if ln.startswith(b"data: ")]
    check(got and got[0] + b"\n" == pushed and b'"event":"reload"' in pushed,
          "a reload reaches /events as the WATCH line it pushes",
          "events: %r\nwatch: %r" % (data[-400:], pushed))
    w.close()
    s.close()


def page(web):
    for path, ctype in [("/", "text/html"), ("/index.html", "text/html"),
                        ("/style.css", "text/css"),
                        ("/app.js", "text/javascript")]:
        st, hd, body = web.get(path)
        csp = hd.get("content-security-policy", "")
        check(st == 200 and hd.get("content-type", "").startswith(ctype)
              and "default-src 'self'" in csp and len(body) > 100,
              "GET %s: %s with a same-origin Content-Security-Policy" %
              (path, ctype), "%d %r" % (st, hd))
    st, _, body = web.get("/")
    html = body.decode()
    external = [x for x in ("http://", "https://", "//")
                if ('src="' + x) in html or ('href="' + x) in html]
    check(not external, "the page loads nothing from another host",
          external)


def limits(web, sock_path, per_ip, timeout, delay):
    # Idle connections are closed after the timeout, and cost nothing
    # meanwhile: a slowloris client sends one header byte at a time.
    slow = []
    for _ in range(per_ip // 2):
        c = socket.create_connection((web.host, web.port), timeout=delay)
        c.sendall(b"GET /api/v1/list HTTP/1.1\r\nX-Slow: ")
        slow.append(c)
    st, _, body = Web("http://%s:%d" % (web.host, web.port)).get(
        "/api/v1/list")
    check(st == 200, "answered while %d slow clients hold connections" %
          len(slow), st)
    t0 = time.time()
    closed = 0
    for c in slow:
        c.settimeout(timeout + delay)
        try:
            while c.recv(4096):
                pass
            closed += 1
        except (socket.timeout, ConnectionError):
            pass
        c.close()
    took = time.time() - t0
    check(closed == len(slow) and took < timeout + delay,
          "slow clients are closed after the %d s timeout (%d of %d, "
          "%.1f s)" % (timeout, closed, len(slow), took))
    # One address may hold per_ip connections; the next is refused.
    held = []
    for _ in range(per_ip):
        c = socket.create_connection((web.host, web.port), timeout=delay)
        held.append(c)
    time.sleep(0.2)
    extra = socket.create_connection((web.host, web.port), timeout=delay)
    try:
        extra.sendall(b"GET /api/v1/list HTTP/1.1\r\nHost: x\r\n\r\n")
        refused = extra.recv(4096) == b""
    except (ConnectionError, socket.timeout):
        refused = True
    extra.close()
    for c in held:
        c.close()
    check(refused, "connection %d from one address is refused" %
          (per_ip + 1))
    # A request larger than max_request is refused, not buffered.
    time.sleep(0.2)
    c = socket.create_connection((web.host, web.port), timeout=delay)
    try:
        c.sendall(b"GET /api/v1/list HTTP/1.1\r\nHost: x\r\nX-Big: " +
                  b"a" * 20000 + b"\r\n\r\n")
        got = c.recv(4096)
    except ConnectionError:
        got = b""
    c.close()
    check(got == b"" or got.split(b" ")[1] in (b"413", b"414", b"431",
                                                b"400"),
          "a 20 kB header is refused", got[:100])
    w = Sock = Socket(sock_path)
    check(b'"ok":true' in Sock.ask("PING"),
          "the socket answers after the HTTP limits were hit")
    w.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--socket", required=True)
    ap.add_argument("--url")
    ap.add_argument("--pid", type=int)
    ap.add_argument("--delay", type=float, default=5)
    ap.add_argument("--per-ip", type=int, default=16)
    ap.add_argument("--timeout", type=int, default=2)
    ap.add_argument("--tmp")
    ap.add_argument("--ask", action="store_true")
    a = ap.parse_args()
    if a.ask:
        s = Socket(a.socket)
        for line in sys.stdin:
            sys.stdout.buffer.write(s.ask(line.rstrip("\n")))
        return 0
    sock = Socket(a.socket)
    web = Web(a.url)
    ids = api_matches_socket(sock, web)
    errors(sock, web)
    feeds(sock, web, ids)
    metrics(sock, web, ids)
    page(web)
    events(a.socket, web, a.pid, a.delay)
    limits(web, a.socket, a.per_ip, a.timeout, a.delay)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
