#!/usr/bin/env python3
"""storm.py - one round of tests/blackbox/durability.sh: ALERT and ACK
requests pipelined on several connections until the daemon dies (the
script kills it with SIGKILL at a random moment), then every answered
write is checked against the restarted daemon.

    storm.py write SOCKET LOG ROUND   until the connection breaks; appends
                                      each answered write to LOG, and
                                      creates LOG.started at the first
    storm.py verify SOCKET LOG        every write in LOG is in the store
"""
import json
import socket
import sys
import threading


def write(path, log, rnd, conns=4, depth=16):
    lock = threading.Lock()
    out = open(log, "a")
    started = []

    def worker(w):
        try:
            s = socket.socket(socket.AF_UNIX)
            s.connect(path)
            f = s.makefile("rb")
        except OSError:
            return
        n = 0
        while True:
            lines = []
            for k in range(depth):
                key = "r%d-c%d-%d" % (rnd, w, n)
                n += 1
                lines.append(('ALERT storm key="%s" summary="round %d"'
                              % (key, rnd)).encode() + b"\n")
            try:
                s.sendall(b"".join(lines))
                ids = []
                for k in range(depth):
                    raw = f.readline()
                    if not raw:
                        return
                    a = json.loads(raw)
                    if not a.get("ok"):
                        continue
                    al = a["alert"]
                    with lock:
                        out.write("alert %d %s\n" % (al["id"], al["key"]))
                        out.flush()
                        if not started:
                            open(log + ".started", "w").close()
                            started.append(True)
                    ids.append(al["id"])
                # Acknowledge every other one.
                acks = ids[::2]
                s.sendall(b"".join(b"ACK %d by=storm\n" % i for i in acks))
                for i in acks:
                    raw = f.readline()
                    if not raw:
                        return
                    a = json.loads(raw)
                    if a.get("ok"):
                        with lock:
                            out.write("ack %d\n" % a["alert"]["id"])
                with lock:
                    out.flush()
            except (OSError, ValueError):
                return

    ts = [threading.Thread(target=worker, args=(w,)) for w in range(conns)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    out.close()


def verify(path, log):
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
    f = s.makefile("rb")
    s.sendall(b"ALERTS state=all route=storm\n")
    a = json.loads(f.readline())
    have = {x["id"]: x for x in a["alerts"]}
    alerts = acks = 0
    bad = []
    for line in open(log):
        w = line.split()
        if w[0] == "alert":
            alerts += 1
            x = have.get(int(w[1]))
            if x is None or x["key"] != w[2]:
                bad.append("alert %s (%s) lost" % (w[1], w[2]))
        else:
            acks += 1
            x = have.get(int(w[1]))
            if x is None or x["state"] == "triggered":
                bad.append("ack of %s lost" % w[1])
    print("%d answered ALERTs and %d answered ACKs checked, %d stored"
          % (alerts, acks, len(have)))
    for b in bad[:20]:
        print("LOST:", b)
    return 1 if bad or alerts == 0 else 0


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        sys.exit(0)
    sys.exit(verify(sys.argv[2], sys.argv[3]))
