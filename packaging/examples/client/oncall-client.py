#!/usr/bin/python3
"""The oncalld socket protocol in ten lines: one request line, one JSON line back."""
import json, os, socket, sys

with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
    s.connect(os.environ.get("ONCALLD_SOCKET", "/run/oncalld/oncalld.sock"))
    f = s.makefile("rw", encoding="utf-8", newline="\n")
    for request in sys.argv[1:] or ["NOW"]:   # e.g. "NOW thales-incident"
        f.write(request + "\n"); f.flush()   # requests may be pipelined
        answer = json.loads(f.readline())     # exactly one line per request
        print(json.dumps(answer, indent=2))
        if not answer["ok"]: sys.exit(1)      # {"ok":false,"error":{"code":..}}
