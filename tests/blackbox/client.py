#!/usr/bin/env python3
"""client.py - a raw client of oncalld's socket for tests/blackbox/daemon.sh.

Usage: client.py SOCKET SCENARIO [ARGS...]

Each scenario drives the daemon the way a client (or a broken client) would,
checks every answer is one line of valid JSON, ends by checking that a fresh
connection still gets PING answered, and exits 0 on success or prints
"FAIL: why" and exits 1. "ask" prints the answer to one request instead.
Standard library only.
"""

import json
import os
import random
import socket
import sys
import threading
import time

TIMEOUT = 10.0


class Fail(Exception):
    pass


def parse(raw):
    """One answer line (bytes, without newline) -> dict; Fail otherwise."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise Fail("answer is not UTF-8: %r (%s)" % (raw[:200], e))
    try:
        obj = json.loads(text)
    except ValueError as e:
        raise Fail("answer is not JSON: %r (%s)" % (raw[:200], e))
    if not isinstance(obj, dict):
        raise Fail("answer is not an object: %r" % raw[:200])
    return obj


class Conn:
    def __init__(self, path, timeout=TIMEOUT):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.s.settimeout(timeout)
        self.s.connect(path)
        self.buf = b""

    def send(self, data):
        if isinstance(data, str):
            data = data.encode()
        self.s.sendall(data)

    def line(self):
        """The next line; None at end of stream."""
        while b"\n" not in self.buf:
            try:
                chunk = self.s.recv(65536)
            except ConnectionResetError:
                chunk = b""
            if not chunk:
                if self.buf:
                    raise Fail("unterminated answer at end of stream: %r"
                               % self.buf[:200])
                return None
            self.buf += chunk
        raw, self.buf = self.buf.split(b"\n", 1)
        return raw

    def answer(self):
        raw = self.line()
        if raw is None:
            raise Fail("connection closed before the answer")
        return parse(raw)

    def ask(self, request):
        self.send(request + "\n")
        return self.answer()

    def expect_eof(self):
        raw = self.line()
        if raw is not None:
            raise Fail("expected the connection closed, got %r" % raw[:200])

    def close(self):
        self.s.close()


def ok(obj, what):
    if obj.get("ok") is not True:
        raise Fail("%s: expected ok, got %s" % (what, json.dumps(obj)[:300]))
    return obj


def error(obj, code, what):
    err = obj.get("error")
    if obj.get("ok") is not False or not isinstance(err, dict) or \
            err.get("code") != code or not isinstance(err.get("message"), str):
        raise Fail("%s: expected error %s, got %s"
                   % (what, code, json.dumps(obj)[:300]))
    return obj


def ping(path):
    c = Conn(path)
    ok(c.ask("PING"), "PING on a fresh connection")
    c.close()


# Monday 2026-11-23: 09:00 in New York (CPCERT staffed), then 22:00 the
# evening before (not staffed).
DAY = "2026-11-23T14:00:00Z"
NIGHT = "2026-11-23T03:00:00Z"


def sc_commands(path):
    c = Conn(path)
    a = ok(c.ask("PING"), "PING")
    if a.get("protocol") != 1 or not isinstance(a.get("version"), str):
        raise Fail("PING: %s" % a)
    ok(c.ask("ping"), "lower-case verb")
    c.send("PiNg\r\n")
    ok(c.answer(), "CRLF line end")
    a = ok(c.ask("NOW"), "NOW")
    ids = {t.get("id") for t in a.get("teams", [])}
    if not {"cpcert", "se-cert", "drill"} <= ids or len(a.get("routes", [])) != 3:
        raise Fail("NOW: teams %s, %d routes" % (ids, len(a.get("routes", []))))
    a = ok(c.ask("NOW cpcert at=" + DAY), "NOW cpcert (day)")
    if a.get("kind") != "team" or a.get("id") != "cpcert" or a.get("staffed") is not True:
        raise Fail("NOW cpcert at day: %s" % a)
    a = ok(c.ask("NOW cpcert at=" + NIGHT), "NOW cpcert (night)")
    if a.get("staffed") is not False or not a.get("next_change"):
        raise Fail("NOW cpcert at night: %s" % a)
    a = ok(c.ask("NOW se-cert"), "NOW se-cert")
    if a.get("staffed") is not True or a.get("next_change") is not None:
        raise Fail("NOW se-cert (24/7): %s" % a)
    a = ok(c.ask("NOW schneider-vulnerability at=" + NIGHT), "NOW route")
    tgt = a.get("target") or {}
    if a.get("kind") != "route" or a.get("escalated") is not True or \
            tgt.get("team") != "se-cert":
        raise Fail("NOW route at night: %s" % a)
    a = ok(c.ask("NOW schneider-vulnerability at=@1795442400"), "NOW route @")
    if (a.get("target") or {}).get("team") != "cpcert":
        raise Fail("NOW route at day (@ time): %s" % a)
    a = ok(c.ask("NEXT cpcert count=3 at=" + NIGHT), "NEXT team")
    if len(a.get("changes", [])) != 3:
        raise Fail("NEXT cpcert count=3: %s" % a)
    a = ok(c.ask("NEXT schneider-vulnerability count=2"), "NEXT route")
    if len(a.get("changes", [])) != 2 or "target" not in a["changes"][0]:
        raise Fail("NEXT route: %s" % a)
    a = ok(c.ask("SHIFTS cpcert from=2026-11-23T00:00:00Z "
                 "to=2026-11-30T00:00:00Z"), "SHIFTS team")
    if len(a.get("shifts", [])) != 5:
        raise Fail("SHIFTS cpcert over a week: %s" % a)
    a = ok(c.ask("SHIFTS schneider-vulnerability from=2026-11-23T00:00:00Z "
                 "to=2026-11-24T00:00:00Z"), "SHIFTS route")
    if not a.get("segments"):
        raise Fail("SHIFTS route: %s" % a)
    a = ok(c.ask("ICS cpcert"), "ICS")
    if not str(a.get("ics", "")).startswith("BEGIN:VCALENDAR"):
        raise Fail("ICS cpcert: %s" % json.dumps(a)[:200])
    a = ok(c.ask("LIST"), "LIST")
    if "cpcert" not in json.dumps(a) or "drill-route" not in json.dumps(a):
        raise Fail("LIST: %s" % a)
    ok(c.ask("HELP"), "HELP")
    a = ok(c.ask("STATS"), "STATS")
    for k in ("requests", "connections", "errors"):
        if k not in json.dumps(a):
            raise Fail("STATS lacks %s: %s" % (k, a))
    a = ok(c.ask("QUIT"), "QUIT")
    if a.get("bye") is not True:
        raise Fail("QUIT: %s" % a)
    c.expect_eof()
    c.close()
    ping(path)


def sc_errors(path):
    c = Conn(path)
    error(c.ask("FROBNICATE"), "unknown_command", "unknown verb")
    error(c.ask("NOW no-such-team"), "unknown_id", "unknown id")
    error(c.ask("NEXT cpcert count=many"), "bad_argument", "bad count")
    error(c.ask("NEXT cpcert colour=blue"), "bad_argument", "unknown argument")
    error(c.ask("SHIFTS cpcert"), "bad_argument", "SHIFTS without window")
    error(c.ask("NOW cpcert at=yesterday"), "bad_time", "bad time")
    error(c.ask("NOW cpcert at=2026-02-30T00:00:00Z"), "bad_time", "no such day")
    error(c.ask("NOW cpcert at=@-5"), "bad_time", "before 1970")
    ok(c.ask("PING"), "PING after errors")
    c.close()
    ping(path)


def sc_pipeline(path):
    ids = ["cpcert", "se-cert", "drill", "schneider-incident",
           "schneider-vulnerability", "drill-route", "cpcert", "se-cert",
           "drill", "cpcert"]
    c = Conn(path)
    c.send("".join("NOW %s at=%s\n" % (i, DAY) for i in ids))
    for n, i in enumerate(ids):
        a = ok(c.answer(), "pipelined request %d" % (n + 1))
        if a.get("id") != i:
            raise Fail("answer %d is for %s, expected %s"
                       % (n + 1, a.get("id"), i))
    # Mixed verbs, with an error in the middle, still in order.
    c.send("PING\nNOW nope\nLIST\n\nNEXT cpcert count=1\nHELP\n")
    ok(c.answer(), "PING")
    error(c.answer(), "unknown_id", "pipelined error")
    if "drill-route" not in json.dumps(ok(c.answer(), "LIST")):
        raise Fail("third pipelined answer is not LIST's")
    a = ok(c.answer(), "NEXT after an empty line")
    if a.get("id") != "cpcert":
        raise Fail("empty line was answered, or order broken: %s" % a)
    ok(c.answer(), "HELP")
    c.close()
    ping(path)


def sc_longline(path):
    c = Conn(path)
    c.send(b"PING\n" + b"NOW " + b"x" * 5000 + b"\nPING\n")
    ok(c.answer(), "PING before the long line")
    error(c.answer(), "line_too_long", "long line")
    c.expect_eof()
    c.close()
    # Without any newline at all.
    c = Conn(path)
    try:
        c.send(b"y" * 20000)
    except (BrokenPipeError, ConnectionResetError):
        pass
    error(c.answer(), "line_too_long", "long line without newline")
    c.expect_eof()
    c.close()
    # Exactly at the limit (4096 bytes) is a request, not an error.
    c = Conn(path)
    a = c.ask("NOW " + "z" * 4092)
    error(a, "unknown_id", "line of exactly max_line bytes")
    c.close()
    ping(path)


def sc_garbage(path):
    c = Conn(path)
    c.send(b"\x00\x00\x00\n")
    parse(c.line())
    c.send(b"PI\x00NG\n")
    parse(c.line())
    c.send(b"NOW \x00cpcert\n")
    parse(c.line())
    ok(c.ask("PING"), "PING after NUL bytes")
    c.close()
    rnd = random.Random(2350)
    c = Conn(path)
    lines = 0
    data = bytearray()
    for _ in range(300):
        n = rnd.randrange(0, 200)
        chunk = bytes(rnd.randrange(256) for _ in range(n)).replace(b"\n", b"")
        data += chunk + b"\n"
        lines += 1
    c.send(bytes(data) + b"PING\n")
    got = 0
    while True:
        raw = c.line()
        if raw is None:
            raise Fail("closed after %d garbage answers" % got)
        a = parse(raw)
        if a.get("version"):
            break
        got += 1
    # Lines of only spaces or "\r" get no answer: fewer answers is fine.
    if got > lines:
        raise Fail("%d answers to %d garbage lines" % (got, lines))
    c.close()
    ping(path)


def sc_utf8(path):
    c = Conn(path)
    for req in (b"NOW \xff\xfe\xfd\n", b"NOW caf\xc3\n", b"\xc3\x28 \xa0\xa1\n",
                b"NOW \xed\xa0\x80\n", b"NOW \xf4\x90\x80\x80\n",
                b"NOW \xc3\xa9t\xc3\xa9\n", b"\xe2\x82\n",
                b"NOW cpcert at=\xff\n", "NOW \"\\\u2028\n".encode()):
        c.send(req)
        a = parse(c.line())
        if a.get("ok") is not False:
            raise Fail("%r answered ok: %s" % (req, a))
    ok(c.ask("PING"), "PING after invalid UTF-8")
    c.close()
    ping(path)


def sc_many(path, n):
    n = int(n)
    conns = []
    try:
        for _ in range(n):
            conns.append(Conn(path, timeout=30))
        for c in conns:
            c.send("PING\n")
        for i, c in enumerate(conns):
            ok(c.answer(), "PING on connection %d of %d" % (i + 1, n))
        # All still open: a second round on each.
        for c in conns:
            c.send("NOW se-cert\n")
        for i, c in enumerate(conns):
            ok(c.answer(), "NOW on connection %d of %d" % (i + 1, n))
    finally:
        for c in conns:
            c.close()
    ping(path)


def sc_limit(path, n, served, mode):
    """N connections at once to a daemon that can serve SERVED of them: each
    is answered, PING or too_many_clients and closed, and none is left
    waiting. MODE "exact": exactly SERVED are served; "most": some, and at
    most SERVED."""
    n, served = int(n), int(served)
    conns = []
    got = refused = 0
    try:
        for _ in range(n):
            conns.append(Conn(path))
        for c in conns:
            try:
                c.send("PING\n")
            except (BrokenPipeError, ConnectionResetError):
                pass  # refused and closed already: its answer is waiting
        for i, c in enumerate(conns):
            try:
                a = c.answer()
            except (socket.timeout, Fail) as e:
                raise Fail("connection %d of %d: %s (%d served, %d refused "
                           "before it)" % (i + 1, n, e or "no answer", got,
                                           refused))
            if a.get("ok") is True:
                got += 1
                continue
            error(a, "too_many_clients", "connection %d of %d" % (i + 1, n))
            c.expect_eof()
            refused += 1
    finally:
        for c in conns:
            c.close()
    if (mode == "exact" and got != served) or \
            (mode == "most" and not 0 < got <= served):
        raise Fail("%d of %d connections served, %d refused; expected %s %d"
                   % (got, n, refused, mode, served))
    ping(path)


def sc_noread(path):
    slow = Conn(path)
    slow.s.setblocking(False)
    req = b"ICS cpcert\n" * 200
    sent = 0
    deadline = time.time() + 5
    # Fill every buffer between us and the daemon: it must stop reading us.
    while time.time() < deadline:
        try:
            sent += slow.s.send(req)
        except BlockingIOError:
            time.sleep(0.05)
            try:
                sent += slow.s.send(req)
            except BlockingIOError:
                break
    if sent == 0:
        raise Fail("could not send anything")
    t0 = time.time()
    for _ in range(20):
        ping(path)
    if time.time() - t0 > 5:
        raise Fail("others waited %.1f s behind a client that does not read"
                   % (time.time() - t0))
    c = Conn(path)
    a = ok(c.ask("STATS"), "STATS")
    c.close()
    # Now read a little of the backlog, then go away.
    slow.s.setblocking(True)
    slow.s.settimeout(TIMEOUT)
    got = slow.s.recv(65536)
    if not got.startswith(b'{"ok":true'):
        raise Fail("slow client's first answer: %r" % got[:100])
    slow.close()
    ping(path)


def sc_midline(path):
    for data in (b"NOW cpc", b"SHIFTS cpcert from=2026-11-23T00:00:00Z to=20",
                 b"\xff\xfe", b"PING\nNOW"):
        c = Conn(path)
        c.send(data)
        c.close()
    ping(path)


def sc_midanswer(path):
    for _ in range(5):
        c = Conn(path)
        c.send("ICS cpcert\n" * 50 + "NOW\n" * 50)
        c.s.recv(100)
        c.close()
    c = Conn(path)
    c.send("ICS cpcert\n" * 50)
    c.close()
    ping(path)


def sc_halfclose(path):
    c = Conn(path)
    c.send("PING\nNOW cpcert\n")
    c.s.shutdown(socket.SHUT_WR)
    ok(c.answer(), "PING after SHUT_WR")
    a = ok(c.answer(), "NOW after SHUT_WR")
    if a.get("id") != "cpcert":
        raise Fail("NOW after SHUT_WR: %s" % a)
    c.expect_eof()
    c.close()
    # A last request without its newline is still answered.
    c = Conn(path)
    c.send("PING")
    c.s.shutdown(socket.SHUT_WR)
    ok(c.answer(), "unterminated last line")
    c.expect_eof()
    c.close()
    ping(path)


def write_atomic(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.rename(tmp, path)


def sc_reload(path, conf, valid_a, valid_b, invalid, rounds):
    """Alternates valid and invalid configurations under traffic."""
    texts = [open(p).read() for p in (valid_a, valid_b, invalid)]
    stop = threading.Event()
    problems = []
    seen = set()
    counts = [0]

    def traffic():
        try:
            c = Conn(path)
            while not stop.is_set():
                c.send("NOW se-cert\nPING\n")
                a = ok(c.answer(), "NOW se-cert during reloads")
                if a.get("id") != "se-cert":
                    raise Fail("NOW se-cert during reloads: %s" % a)
                seen.add(a.get("staffed"))
                ok(c.answer(), "PING during reloads")
                counts[0] += 2
            c.close()
        except Exception as e:  # noqa: any failure is the test's result
            problems.append(str(e))

    def pushed_until_reload(w, what):
        """The change events pushed to W up to the next reload event."""
        changes = {}
        while True:
            try:
                raw = w.line()
            except socket.timeout:
                raise Fail("%s: no reload event pushed" % what)
            if raw is None:
                raise Fail("%s: WATCH connection closed" % what)
            ev = parse(raw)
            if ev.get("event") == "reload":
                if ev.get("teams") != 3 or ev.get("routes") != 3:
                    raise Fail("%s: reload event %s" % (what, ev))
                return changes
            if ev.get("event") == "change":
                changes[ev.get("id")] = ev

    threads = [threading.Thread(target=traffic) for _ in range(4)]
    for t in threads:
        t.start()
    try:
        r = Conn(path)
        w = Conn(path)
        ok(w.ask("WATCH"), "WATCH before the reloads")
        want = True  # SE-CERT is 24/7 in the first configuration
        for i in range(int(rounds)):
            write_atomic(conf, texts[2])
            a = error(r.ask("RELOAD"), "config_invalid", "RELOAD (invalid)")
            if not a.get("error", {}).get("diagnostics") and \
                    "diagnostics" not in json.dumps(a):
                raise Fail("config_invalid without diagnostics: %s" % a)
            b = ok(Conn(path).ask("NOW se-cert"), "NOW after a failed RELOAD")
            if b.get("staffed") is not want:
                raise Fail("failed reload %d changed the answer: se-cert "
                           "staffed=%s" % (i + 1, b.get("staffed")))
            write_atomic(conf, texts[1 if i % 2 == 0 else 0])
            ok(r.ask("RELOAD"), "RELOAD (valid)")
            want = i % 2 != 0
            b = ok(Conn(path).ask("NOW se-cert"), "NOW after RELOAD")
            if b.get("staffed") is not want:
                raise Fail("after reload %d se-cert staffed=%s, expected %s"
                           % (i + 1, b.get("staffed"), want))
            # Pushed: what changed, then the reload; a failed reload pushes
            # nothing, so the first reload event is this one's.
            what = "WATCH, reload %d" % (i + 1)
            changes = pushed_until_reload(w, what)
            ev = changes.get("se-cert")
            if ev is None or ev.get("kind") != "team" or \
                    ev.get("staffed") is not want:
                raise Fail("%s: se-cert change pushed: %s" % (what, ev))
            time.sleep(0.05)
        w.close()
        write_atomic(conf, texts[0])
        ok(r.ask("RELOAD"), "RELOAD (back to the first)")
        r.close()
    finally:
        stop.set()
        for t in threads:
            t.join()
    if problems:
        raise Fail("; ".join(problems[:3]))
    if seen != {True, False}:
        raise Fail("traffic never saw the answer change: %s" % seen)
    if counts[0] < 100:
        raise Fail("only %d answers during the reloads" % counts[0])
    ping(path)


def sc_watch(path, wait):
    """WATCH, then wait for the drill team's extra event to begin and end."""
    c = Conn(path, timeout=float(wait))
    a = ok(c.ask("WATCH"), "WATCH")
    if a.get("watching") is not True:
        raise Fail("WATCH: %s" % a)
    want = {("team", True), ("team", False), ("route", True), ("route", False)}
    got = set()
    deadline = time.time() + float(wait)
    while got != want:
        if time.time() > deadline:
            raise Fail("pushed changes seen: %s" % sorted(got))
        try:
            raw = c.line()
        except socket.timeout:
            raise Fail("no push in time; seen: %s" % sorted(got))
        if raw is None:
            raise Fail("WATCH connection closed; seen: %s" % sorted(got))
        ev = parse(raw)
        if ev.get("event") == "change" and ev.get("id") in ("drill",
                                                           "drill-route"):
            if not str(ev.get("at", "")).endswith("Z"):
                raise Fail("event without an RFC 3339 time: %s" % ev)
            got.add((ev.get("kind"), ev.get("staffed")))
    ok(c.ask("PING"), "PING on a WATCH connection")
    c.close()


def sc_idle(path):
    """Daemon with idle_timeout = 1 and max_clients = 2."""
    w = Conn(path)
    ok(w.ask("WATCH"), "WATCH")
    b = Conn(path)
    ok(b.ask("PING"), "PING")
    time.sleep(2.5)
    b.expect_eof()
    b.close()
    ok(w.ask("PING"), "WATCH connection after the idle timeout")
    b = Conn(path)
    ok(b.ask("PING"), "second client")
    c = Conn(path)
    error(c.answer(), "too_many_clients", "third client")
    c.expect_eof()
    c.close()
    b.close()
    w.close()
    time.sleep(0.2)
    ping(path)


def sc_forbidden_reload(path):
    c = Conn(path)
    error(c.ask("RELOAD"), "forbidden", "RELOAD by another user")
    ok(c.ask("PING"), "PING after forbidden RELOAD")
    c.close()


def sc_forbidden_connect(path):
    c = Conn(path)
    error(c.answer(), "forbidden", "connection outside the allow-list")
    c.expect_eof()
    c.close()


def sc_stats(path, conns, reloads, failures):
    """STATS counts at least the given connections, reloads and failures."""
    c = Conn(path)
    a = ok(c.ask("STATS"), "STATS")
    c.close()
    for key, least in (("connections", conns), ("reloads", reloads),
                       ("reload_failures", failures), ("requests", conns),
                       ("errors", 1)):
        if not isinstance(a.get(key), int) or a[key] < int(least):
            raise Fail("STATS %s = %s, expected at least %s: %s"
                       % (key, a.get(key), least, a))
    # This client, and the WATCH client if it still waits.
    if a.get("clients") not in (1, 2) or a.get("watchers") not in (0, 1):
        raise Fail("STATS clients/watchers: %s" % a)


def sc_ask(path, *words):
    c = Conn(path)
    c.send(" ".join(words) + "\n")
    raw = c.line()
    if raw is None:
        raise Fail("no answer")
    parse(raw)
    sys.stdout.write(raw.decode() + "\n")
    c.close()


def sc_stale(path):
    """Leaves a socket file nobody listens on, as a crashed daemon does."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(path)
    s.close()


def sc_notify(path, seconds):
    """Listens as systemd's notify socket; prints each datagram's lines."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(path)
    s.settimeout(0.2)
    deadline = time.time() + float(seconds)
    with open(path + ".ready", "w"):
        pass
    while time.time() < deadline:
        try:
            msg = s.recv(4096)
        except socket.timeout:
            continue
        for part in msg.decode().split("\n"):
            # Values that vary from run to run are left out.
            if part.startswith(("MONOTONIC_USEC=", "STATUS=")):
                part = part.split("=")[0]
            print(part, flush=True)
        if msg.startswith(b"STOPPING=1"):
            break
    s.close()
    os.unlink(path)


def sc_activate(path, oncalld, conf):
    """Socket activation as systemd does it: the daemon gets the bound
    socket as fd 3 with LISTEN_PID/LISTEN_FDS, and leaves the file at exit."""
    ls = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    ls.bind(path)
    ls.listen(16)
    pid = os.fork()
    if pid == 0:
        try:
            os.dup2(ls.fileno(), 3)
            os.set_inheritable(3, True)
            env = dict(os.environ, LISTEN_PID=str(os.getpid()),
                       LISTEN_FDS="1", LISTEN_FDNAMES="oncalld.socket")
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 2)
            os.execve(oncalld, [oncalld, "-c", conf, "-s", path + ".unused"],
                      env)
        finally:
            os._exit(127)
    ls.close()
    try:
        deadline = time.time() + 5
        while True:
            try:
                ping(path)
                break
            except (Fail, OSError):
                if time.time() > deadline:
                    raise Fail("no answer on the socket passed by systemd")
                time.sleep(0.05)
        if os.path.exists(path + ".unused"):
            raise Fail("bound -s although a socket was passed")
    finally:
        os.kill(pid, 15)
        _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise Fail("exit status %d after SIGTERM"
                   % os.waitstatus_to_exitcode(status))
    if not os.path.exists(path):
        raise Fail("removed the socket systemd owns")


SCENARIOS = {
    "commands": sc_commands, "errors": sc_errors, "pipeline": sc_pipeline,
    "longline": sc_longline, "garbage": sc_garbage, "utf8": sc_utf8,
    "many": sc_many, "limit": sc_limit, "noread": sc_noread,
    "midline": sc_midline,
    "midanswer": sc_midanswer, "halfclose": sc_halfclose,
    "reload": sc_reload, "watch": sc_watch, "idle": sc_idle,
    "forbidden-reload": sc_forbidden_reload,
    "forbidden-connect": sc_forbidden_connect, "ask": sc_ask,
    "ping": ping, "stale": sc_stale, "stats": sc_stats, "notify": sc_notify,
    "activate": sc_activate,
}


def main():
    if len(sys.argv) < 3 or sys.argv[2] not in SCENARIOS:
        sys.stderr.write("usage: client.py SOCKET SCENARIO [ARGS...]\n"
                         "scenarios: %s\n" % " ".join(sorted(SCENARIOS)))
        return 2
    try:
        SCENARIOS[sys.argv[2]](sys.argv[1], *sys.argv[3:])
    except Fail as e:
        print("FAIL: %s" % e)
        return 1
    except (OSError, socket.timeout) as e:
        print("FAIL: %s: %s" % (type(e).__name__, e))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
