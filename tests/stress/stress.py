#!/usr/bin/python3
"""stress.py - load and fault generator for oncalld (tests/stress/run.sh).

Usage:
  stress.py load SOCKET PID SECONDS CLIENTS SLOW CONF VALID_A VALID_B INVALID
  stress.py fdlimit SOCKET PID LOG
  stress.py feedwatch DIR SECONDS
  stress.py reloads SOCKET COUNT

Every scenario is bounded in time and count, uses only the Unix socket it
is given, and prints its figures. Each well-formed request must get one
line of valid JSON with "ok":true; anything else counts as a failure and
the scenario exits 1. Standard library only.
"""

import errno
import json
import os
import random
import selectors
import signal
import socket
import sys
import threading
import time

# Monday 2026-11-23, 09:00 in New York.
AT = "2026-11-23T14:00:00Z"

# Well-formed requests, valid in every configuration the load swaps in.
REQUESTS = [
    b"PING\n",
    b"NOW\n",
    b"NOW cpcert\n",
    b"NOW se-cert at=" + AT.encode() + b"\n",
    b"NOW schneider-vulnerability at=@1795420800\n",
    b"NOW thales-incident\n",
    b"NEXT cpcert count=20\n",
    b"NEXT thales-incident count=5 at=" + AT.encode() + b"\n",
    b"SHIFTS cpcert from=2026-11-01T00:00:00Z to=2026-12-01T00:00:00Z\n",
    b"SHIFTS thales-incident from=2026-11-23T00:00:00Z "
    b"to=2026-11-30T00:00:00Z\n",
    b"LIST\n",
    b"ICS cpcert\n",
    b"STATS\n",
    b"HELP\n",
]


def rss_kib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return -1


def nfds(pid):
    try:
        return len(os.listdir("/proc/%d/fd" % pid))
    except OSError:
        return -1


def check_answer(raw):
    """True when RAW (one line without newline) is an ok JSON object."""
    try:
        obj = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return False
    return isinstance(obj, dict) and obj.get("ok") is True


def connect(path, timeout=None):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    s.connect(path)
    s.settimeout(timeout)
    return s


def ask(path, line, timeout=10):
    """One request on a fresh connection; the decoded answer."""
    s = connect(path, timeout)
    try:
        s.sendall(line.encode() + b"\n")
        buf = b""
        while b"\n" not in buf:
            chunk = s.recv(65536)
            if not chunk:
                raise OSError("connection closed before the answer")
            buf += chunk
        return json.loads(buf.split(b"\n", 1)[0].decode())
    finally:
        s.close()


class Client:
    """A well-behaved client: one request at a time, reads every answer."""

    def __init__(self, path):
        self.s = connect(path)
        self.s.setblocking(False)
        self.inbuf = b""
        self.out = b""
        self.pending = 0
        self.done = 0
        self.reconnect_at = random.randint(25, 75)


class Load:
    def __init__(self, path, pid, seconds, nclients, nslow, conf, valid_a,
                 valid_b, invalid):
        self.path = path
        self.pid = pid
        self.seconds = seconds
        self.nclients = nclients
        self.nslow = nslow
        self.conf = conf
        # SIGHUP: valid, invalid; RELOAD: valid, invalid; and again.
        self.confs = [valid_a, invalid, valid_b, invalid]
        self.sent = 0
        self.answered = 0
        self.failed = 0
        self.failures = []
        self.reconnects = 0
        self.hups = 0
        self.reloads_ok = 0
        self.reloads_refused = 0
        self.reload_bad = 0
        self.killed = 0
        self.slow_bytes = 0
        self.stop = threading.Event()
        self.lock = threading.Lock()

    def fail(self, why):
        with self.lock:
            self.failed += 1
            if len(self.failures) < 10:
                self.failures.append(why)

    # -- reload storm: SIGHUP bursts and RELOADs, valid and invalid in turn
    def swap_config(self, src):
        tmp = self.conf + ".tmp"
        with open(src, "rb") as f:
            data = f.read()
        with open(tmp, "wb") as f:
            f.write(data)
        os.rename(tmp, self.conf)

    def reloader(self):
        i = 0
        while not self.stop.wait(0.25) and i < 100000:
            src = self.confs[i % len(self.confs)]
            valid = i % 2 == 0
            self.swap_config(src)
            if (i // 2) % 2 == 0:
                # A storm: several signals before the daemon runs once.
                for _ in range(random.randint(1, 20)):
                    os.kill(self.pid, signal.SIGHUP)
                    self.hups += 1
            else:
                try:
                    a = ask(self.path, "RELOAD")
                except (OSError, ValueError) as e:
                    self.fail("RELOAD: %s" % e)
                    a = {}
                if a.get("ok") is True and valid:
                    self.reloads_ok += 1
                elif (a.get("ok") is False and not valid and
                      a.get("error", {}).get("code") == "config_invalid"):
                    self.reloads_refused += 1
                else:
                    self.reload_bad += 1
                    self.fail("RELOAD (%s config): %s" %
                              ("valid" if valid else "invalid",
                               json.dumps(a)[:200]))
            i += 1
        self.swap_config(self.confs[0])
        os.kill(self.pid, signal.SIGHUP)

    # -- clients killed in the middle of a request or of an answer
    def killer(self):
        n = 0
        while not self.stop.wait(0.1) and n < 10000:
            pid = os.fork()
            if pid == 0:
                try:
                    s = connect(self.path)
                    s.sendall(random.choice([
                        b"NOW cpc",
                        b"SHIFTS cpcert from=2026-01-01T00:00:00Z "
                        b"to=2027-01-01T00:00:00Z\n" * 50,
                        b"ICS tha-cert\n" * 100,
                        b"NEXT cpcert count=1000\nNOW",
                    ]))
                    time.sleep(5)
                finally:
                    os._exit(0)
            time.sleep(random.uniform(0, 0.05))
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            self.killed += 1
            n += 1

    def run(self):
        sel = selectors.DefaultSelector()
        clients = []
        for _ in range(self.nclients):
            c = Client(self.path)
            clients.append(c)
            sel.register(c.s, selectors.EVENT_READ, c)
        slow = []
        for _ in range(self.nslow):
            s = connect(self.path)
            s.setblocking(False)
            slow.append(s)
        rss_start = rss_kib(self.pid)
        fds_start = nfds(self.pid)
        threads = [threading.Thread(target=self.reloader),
                   threading.Thread(target=self.killer)]
        for t in threads:
            t.start()

        t0 = time.time()
        end = t0 + self.seconds
        next_trickle = t0
        trickle = b"PING\n"
        tpos = 0
        rss_samples = []
        next_sample = t0 + 5
        for c in clients:
            self.send(c, sel)
        while True:
            now = time.time()
            if now >= end + 30:
                break
            if now >= end and all(c.pending == 0 for c in clients):
                break
            if now >= next_trickle and now < end:
                # One byte a second on each slow client, never reading.
                for s in slow:
                    try:
                        s.send(trickle[tpos:tpos + 1])
                        self.slow_bytes += 1
                    except BlockingIOError:
                        pass
                    except OSError as e:
                        self.fail("slow client: %s" % e)
                tpos = (tpos + 1) % len(trickle)
                next_trickle += 1
            if now >= next_sample:
                rss_samples.append(rss_kib(self.pid))
                next_sample += 5
            for key, ev in sel.select(timeout=0.2):
                c = key.data
                if ev & selectors.EVENT_WRITE:
                    self.flush(c, sel)
                if ev & selectors.EVENT_READ:
                    self.read(c, sel, now < end)
        self.stop.set()
        for t in threads:
            t.join(timeout=30)
        lost = sum(c.pending for c in clients)
        if lost:
            self.fail("%d requests never answered" % lost)
        for c in clients:
            c.s.close()
        for s in slow:
            s.close()
        time.sleep(1)
        # A fresh client still gets an answer.
        try:
            if ask(self.path, "PING").get("ok") is not True:
                self.fail("PING after the load")
        except (OSError, ValueError) as e:
            self.fail("PING after the load: %s" % e)
        time.sleep(1)
        rss_end = rss_kib(self.pid)
        fds_end = nfds(self.pid)
        elapsed = time.time() - t0
        print("load: %d clients + %d slow for %.0f s" %
              (self.nclients, self.nslow, self.seconds))
        print("requests sent:      %d" % self.sent)
        print("answers received:   %d" % self.answered)
        print("failed answers:     %d" % self.failed)
        print("requests/s:         %.0f" % (self.answered / elapsed))
        print("reconnects:         %d" % self.reconnects)
        print("slow-client bytes:  %d" % self.slow_bytes)
        print("SIGHUPs:            %d" % self.hups)
        print("RELOAD ok/refused:  %d/%d (unexpected %d)" %
              (self.reloads_ok, self.reloads_refused, self.reload_bad))
        print("clients killed:     %d" % self.killed)
        print("RSS start/end KiB:  %d/%d (samples: %s)" %
              (rss_start, rss_end, " ".join(str(x) for x in rss_samples)))
        print("fds start/end:      %d/%d" % (fds_start, fds_end))
        for f in self.failures:
            print("FAIL: %s" % f)
        ok = (self.failed == 0 and self.sent == self.answered and
              self.sent > 0)
        # Flat memory: after the warm-up sample, growth stays small.
        base = rss_samples[0] if rss_samples else rss_start
        if rss_end > base + max(base // 4, 8192):
            print("FAIL: RSS grew from %d KiB to %d KiB" % (base, rss_end))
            ok = False
        if fds_end > fds_start:
            print("FAIL: descriptors leaked: %d -> %d" % (fds_start, fds_end))
            ok = False
        return 0 if ok else 1

    def send(self, c, sel):
        req = random.choice(REQUESTS)
        c.out += req
        c.pending += 1
        self.sent += 1
        self.flush(c, sel)

    def flush(self, c, sel):
        try:
            while c.out:
                n = c.s.send(c.out)
                c.out = c.out[n:]
        except BlockingIOError:
            pass
        except OSError as e:
            self.fail("send: %s" % e)
            c.out = b""
        sel.modify(c.s, selectors.EVENT_READ |
                   (selectors.EVENT_WRITE if c.out else 0), c)

    def read(self, c, sel, more):
        try:
            chunk = c.s.recv(262144)
        except BlockingIOError:
            return
        except OSError as e:
            chunk = b""
            self.fail("recv: %s" % e)
        if not chunk:
            if c.pending:
                self.fail("connection closed with %d requests pending"
                          % c.pending)
                c.pending = 0
            sel.unregister(c.s)
            return
        c.inbuf += chunk
        while b"\n" in c.inbuf and c.pending:
            line, c.inbuf = c.inbuf.split(b"\n", 1)
            c.pending -= 1
            self.answered += 1
            if not check_answer(line):
                self.fail("bad answer: %r" % line[:200])
        if c.pending == 0 and c.inbuf:
            self.fail("unrequested bytes: %r" % c.inbuf[:200])
            c.inbuf = b""
        if c.pending == 0 and more:
            c.done += 1
            if c.done == c.reconnect_at:
                # Reconnect now and then, each client at its own pace so
                # that reconnections do not come in waves: accept keeps
                # working too.
                c.done = 0
                c.reconnect_at = random.randint(25, 75)
                sel.unregister(c.s)
                c.s.close()
                try:
                    c.s = connect(self.path)
                    c.s.setblocking(False)
                    self.reconnects += 1
                except OSError as e:
                    self.fail("reconnect: %s" % e)
                    return
                sel.register(c.s, selectors.EVENT_READ, c)
            self.send(c, sel)


def sc_load(path, pid, seconds, nclients, nslow, conf, a, b, invalid):
    return Load(path, int(pid), float(seconds), int(nclients), int(nslow),
                conf, a, b, invalid).run()


def sc_fdlimit(path, pid, log):
    """The daemon runs with few descriptors (soft and hard limit): fill
    them, check that every client over the limit is told too_many_clients
    at once rather than left waiting, that the connected clients are still
    served and the shortage is logged, then free them and check that new
    clients are served."""
    pid = int(pid)
    sent = answered = failed = 0
    keep = [connect(path, 5) for _ in range(5)]

    def ping(s):
        nonlocal sent, answered, failed
        sent += 1
        s.sendall(b"PING\n")
        buf = b""
        while b"\n" not in buf:
            chunk = s.recv(4096)
            if not chunk:
                break
            buf += chunk
        if buf.endswith(b"\n") and check_answer(buf[:-1]):
            answered += 1
        else:
            failed += 1

    for s in keep:
        ping(s)
    # Open connections until the daemon refuses one (bounded).
    extra = []
    refused_at = None
    for i in range(200):
        s = connect(path, 2)
        extra.append(s)
        try:
            s.sendall(b"PING\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # refused and closed already: the answer is waiting
        try:
            buf = s.recv(4096)
        except socket.timeout:
            print("FAIL: connection %d neither served nor refused" % i)
            return 1
        if b'"too_many_clients"' in buf:
            refused_at = i
            break
        if not check_answer(buf.rstrip(b"\n")):
            failed += 1
    if refused_at is None:
        print("FAIL: the daemon accepted 200 connections: limit not reached")
        return 1
    # Over the limit, each new client is told so and closed, none waits.
    refused = 0
    for _ in range(5):
        s = connect(path, 2)
        try:
            buf = s.recv(4096)
        except socket.timeout:
            buf = b""
        if b'"too_many_clients"' in buf:
            refused += 1
        s.close()
    # Established clients are still served meanwhile.
    for _ in range(3):
        for s in keep:
            ping(s)
    logged = False
    for _ in range(50):
        with open(log, errors="replace") as f:
            if "out of file descriptors" in f.read():
                logged = True
                break
        time.sleep(0.1)
    # Free the descriptors: new clients are served again.
    for s in extra:
        s.close()
    time.sleep(0.2)
    fresh = ask(path, "PING").get("ok") is True
    for s in keep:
        ping(s)
        s.close()
    print("fdlimit: served %d connections before the limit" % refused_at)
    print("requests sent:      %d" % sent)
    print("answers received:   %d" % answered)
    print("failed answers:     %d" % failed)
    print("shortage logged:    %s" % ("yes" if logged else "no"))
    print("clients over the limit told too_many_clients: %d of 6" %
          (refused + 1))
    print("fresh client served: %s" % ("yes" if fresh else "no"))
    ok = (failed == 0 and sent == answered and logged and fresh and
          refused == 5)
    return 0 if ok else 1


def feed_complete(data):
    return (data.startswith(b"BEGIN:VCALENDAR\r\n") and
            data.endswith(b"END:VCALENDAR\r\n"))


def sc_feedwatch(folder, seconds):
    """Reads every visible feed over and over: none may ever be partial."""
    end = time.time() + float(seconds)
    reads = partial = 0
    while time.time() < end:
        try:
            names = os.listdir(folder)
        except OSError:
            names = []
        for n in names:
            if not n.endswith(".ics") or n.startswith("."):
                continue
            try:
                with open(os.path.join(folder, n), "rb") as f:
                    data = f.read()
            except FileNotFoundError:
                continue
            reads += 1
            if not feed_complete(data):
                partial += 1
                print("FAIL: partial feed %s (%d bytes)" % (n, len(data)))
        time.sleep(0.005)
    print("feed reads: %d, partial: %d" % (reads, partial))
    return 0 if partial == 0 and reads > 0 else 1


def sc_reloads(path, count):
    """RELOADs, one after the other, until COUNT or the daemon dies."""
    n = 0
    for _ in range(int(count)):
        try:
            ask(path, "RELOAD", 5)
            n += 1
        except (OSError, ValueError):
            break
    return 0


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 64
    name, args = sys.argv[1], sys.argv[2:]
    fn = {"load": sc_load, "fdlimit": sc_fdlimit, "feedwatch": sc_feedwatch,
          "reloads": sc_reloads}.get(name)
    if fn is None:
        print(__doc__, file=sys.stderr)
        return 64
    return fn(*args)


if __name__ == "__main__":
    sys.exit(main())
