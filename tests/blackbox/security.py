#!/usr/bin/env python3
"""security.py - the attacker's and the unlucky operator's side of
tests/blackbox/security.sh. Standard library only.

Usage:
  security.py race DIR NAME TARGET COUNTFILE
      Watches DIR with inotify; each time NAME is created there, swaps it
      for a symbolic link to TARGET (as the user this runs as), the attack
      of issue 15 point 1. Writes "ready" to COUNTFILE once watching, then
      the number of swaps after each one. Runs until killed.
  security.py teams N FILE [EXPORT_DIR]
      Writes a configuration of N teams and N routes to FILE, exporting
      their feeds to EXPORT_DIR if given.
  security.py watch-closed SOCKET SECONDS
      Connects, asks WATCH, then reads until the daemon closes the
      connection; exits 0 if it did within SECONDS after the last line
      "forbidden", printing the lines; 1 otherwise.
  security.py flood SOCKET N REQUESTS LIMIT
      Opens N connections, each sending REQUESTS "ICS thales-incident"
      lines and never reading (issue 15 point 6); then 10 fresh clients
      PING, 0.1 s apart. Prints the PING latencies; exits 1 if any took
      longer than LIMIT seconds.
  security.py hold SOCKET N
      Opens N connections, each asking WATCH; then one more, which must be
      refused with too_many_clients; prints "ok" and exits 0, else 1.
"""

import ctypes
import os
import socket
import struct
import sys
import time

IN_CREATE = 0x100
IN_MOVED_TO = 0x80


def race(d, name, target, countfile):
    libc = ctypes.CDLL(None, use_errno=True)
    fd = libc.inotify_init1(0)
    if fd < 0:
        sys.exit("inotify_init1 failed")
    if libc.inotify_add_watch(fd, d.encode(), IN_CREATE) < 0:
        sys.exit("inotify_add_watch %s failed" % d)
    with open(countfile, "w") as f:
        f.write("ready\n")
    swaps = 0
    link = os.path.join(d, ".swap")
    while True:
        buf = os.read(fd, 65536)
        off = 0
        while off < len(buf):
            _, mask, _, ln = struct.unpack_from("iIII", buf, off)
            ev = buf[off + 16:off + 16 + ln].rstrip(b"\0").decode()
            off += 16 + ln
            if ev != name or not mask & IN_CREATE:
                continue
            try:
                os.symlink(target, link)
                os.rename(link, os.path.join(d, name))
                swaps += 1
            except OSError:
                pass
            with open(countfile, "w") as f:
                f.write("%d\n" % swaps)


def teams(n, path, export=None):
    with open(path, "w") as f:
        f.write('daemon = { socket_mode = "0666"; max_clients = 100;%s };\n'
                "teams = (\n" % (' export_dir = "%s";' % export
                                  if export else ""))
        zones = ["Europe/Paris", "America/New_York", "Asia/Kolkata",
                 "Australia/Adelaide", "Asia/Kathmandu"]
        for i in range(n):
            f.write('{ id = "t%d"; name = "Team %d"; short_name = "T%d";\n'
                    '  timezone = "%s"; hours = "Mon-Fri 08:00-17:00; '
                    'Sat 10:00-12:00";\n'
                    '  channels = ( { id = "email"; type = "email"; '
                    'address = "t%d@example.org"; } ); }%s\n'
                    % (i, i, i, zones[i % len(zones)], i,
                       "," if i + 1 < n else ""))
        f.write(");\nroutes = (\n")
        for i in range(n):
            f.write('{ id = "r%d"; steps = [ "t%d/email", "t%d/email" ]; }%s\n'
                    % (i, i, (i + 1) % n, "," if i + 1 < n else ""))
        f.write(");\n")


def connect(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    s.connect(path)
    return s


def lines_until_eof(s, seconds):
    s.settimeout(seconds)
    buf = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                return buf.decode(errors="replace").splitlines(), True
            buf += chunk
    except (socket.timeout, ConnectionResetError):
        return buf.decode(errors="replace").splitlines(), False


def watch_closed(path, seconds):
    s = connect(path)
    s.sendall(b"WATCH\n")
    lines, closed = lines_until_eof(s, seconds)
    print("\n".join(lines))
    if not closed:
        print("FAIL: still open after %s s" % seconds)
        return 1
    if not lines or '"forbidden"' not in lines[-1]:
        print("FAIL: closed without a forbidden error")
        return 1
    return 0


def hold(path, n):
    held = []
    for i in range(n):
        s = connect(path)
        s.sendall(b"WATCH\n")
        line = s.makefile("rb").readline()
        if b'"watching":true' not in line:
            print("FAIL: WATCH %d answered %r" % (i + 1, line))
            return 1
        held.append(s)
    s = connect(path)
    line = s.makefile("rb").readline()
    if b'"too_many_clients"' not in line:
        print("FAIL: connection %d answered %r" % (n + 1, line))
        return 1
    print("ok")
    return 0


def flood(path, n, reqs, limit):
    line = b"ICS thales-incident\n" * reqs
    socks = []
    for _ in range(n):
        s = connect(path)
        s.setblocking(False)
        socks.append([s, line])
    deadline = time.time() + 10
    while time.time() < deadline and any(e[1] for e in socks):
        for e in socks:
            if e[1]:
                try:
                    e[1] = e[1][e[0].send(e[1]):]
                except BlockingIOError:
                    pass
        time.sleep(0.01)
    lat = []
    for _ in range(10):
        t = time.time()
        p = connect(path)
        p.sendall(b"PING\n")
        if not p.recv(100).startswith(b'{"ok":true'):
            print("FAIL: PING not answered")
            return 1
        lat.append(time.time() - t)
        p.close()
        time.sleep(0.1)
    print("flood: %d clients x %d ICS, never reading: fresh PING max "
          "%.3f s, median %.3f s" % (n, reqs, max(lat), sorted(lat)[5]))
    for s, _ in socks:
        s.close()
    return 1 if max(lat) > limit else 0


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "race":
        race(*args)
    elif cmd == "teams":
        teams(int(args[0]), *args[1:])
    elif cmd == "watch-closed":
        sys.exit(watch_closed(args[0], float(args[1])))
    elif cmd == "flood":
        sys.exit(flood(args[0], int(args[1]), int(args[2]), float(args[3])))
    elif cmd == "hold":
        sys.exit(hold(args[0], int(args[1])))
    else:
        sys.exit("unknown command %s" % cmd)


if __name__ == "__main__":
    main()
