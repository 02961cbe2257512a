#!/usr/bin/python3
"""oncall-webhook.py - an Alertmanager webhook receiver that sends each
alert to whoever staffs its oncalld route right now.

Alertmanager POSTs a JSON notification (version 4) for a group of alerts.
Each alert names its route in the label "oncall_route" (else the group's
common labels do, else --route gives a default). For each route the
receiver asks oncalld "NOW <route>" on its socket and takes the route's
target: the first staffed step, or the route's "unstaffed" step when no
step is staffed (the alert then waits there; "opens" says until when).

With --deliver CMD, CMD runs once per route with the alerts' text on its
standard input and the target in its environment: ONCALL_ROUTE,
ONCALL_ADDRESS, ONCALL_TYPE, ONCALL_TEAM, ONCALL_CHANNEL, ONCALL_STAFFED
("true"/"false"), ONCALL_SUBJECT. For example:
    --deliver 'mail -s "$ONCALL_SUBJECT" "$ONCALL_ADDRESS"'
Without it the decisions are only logged.

The answer to Alertmanager is a JSON object listing the decisions: 200 when
every alert was routed, 400 for a notification that cannot be routed (bad
JSON, no route, unknown route: resending would not help), 503 when oncalld
cannot be reached or delivery failed (Alertmanager retries).

alertmanager.yml:
    receivers:
      - name: oncall
        webhook_configs:
          - url: http://127.0.0.1:9095/alert
    route:
      receiver: oncall
      group_by: [oncall_route, alertname]

Only the Python standard library is used.
"""
import argparse
import json
import os
import socket
import subprocess
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DEFAULT_SOCKET = "/run/oncalld/oncalld.sock"
MAX_BODY = 4 * 1024 * 1024


class Unreachable(Exception):
    pass


class Unroutable(Exception):
    pass


def ask(sock_path, request):
    """One request line to oncalld, one JSON answer back."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(10)
            s.connect(sock_path)
            s.sendall(request.encode() + b"\n")
            line = s.makefile("rb").readline()
    except OSError as e:
        raise Unreachable(f"oncalld at {sock_path}: {e}") from e
    if not line:
        raise Unreachable(f"oncalld at {sock_path} closed the connection")
    return json.loads(line)


def route_of(alert, notification, default):
    labels = alert.get("labels") or {}
    common = notification.get("commonLabels") or {}
    return labels.get("oncall_route") or common.get("oncall_route") or default


def alert_text(alert):
    labels = alert.get("labels") or {}
    notes = alert.get("annotations") or {}
    name = labels.get("alertname", "alert")
    text = notes.get("summary") or notes.get("description") or ""
    extra = ", ".join(f"{k}={v}" for k, v in sorted(labels.items())
                      if k not in ("alertname", "oncall_route"))
    return (f"[{alert.get('status', 'firing')}] {name}: {text}\n"
            f"  labels: {extra}\n  since: {alert.get('startsAt', '?')}\n")


def decide(notification, sock_path, default_route):
    """The routing decisions for one notification: one per route."""
    if not isinstance(notification, dict) or \
            not isinstance(notification.get("alerts"), list):
        raise Unroutable("not an Alertmanager notification")
    by_route = {}
    for alert in notification["alerts"]:
        if not isinstance(alert, dict):
            raise Unroutable("an alert is not an object")
        route = route_of(alert, notification, default_route)
        if not route:
            raise Unroutable("an alert has no oncall_route label and no "
                             "default route was given")
        by_route.setdefault(route, []).append(alert)

    decisions = []
    for route, alerts in by_route.items():
        if any(c.isspace() for c in route):
            raise Unroutable(f"bad route name {route!r}")
        answer = ask(sock_path, f"NOW {route}")
        if not answer.get("ok"):
            err = answer.get("error", {})
            if err.get("code") == "unknown_id":
                raise Unroutable(err.get("message", route))
            raise Unreachable(err.get("message", "oncalld error"))
        if answer.get("kind") != "route":
            raise Unroutable(f"{route} is a team, not a route")
        target = answer["target"]
        firing = sum(1 for a in alerts if a.get("status") != "resolved")
        names = sorted({(a.get("labels") or {}).get("alertname", "alert")
                        for a in alerts})
        subject = f"[{'FIRING' if firing else 'RESOLVED'}:{len(alerts)}] " \
                  f"{', '.join(names)}"
        critical = any((a.get("labels") or {}).get("severity") == "critical"
                       for a in alerts)
        if firing and critical and target.get("urgent_subject_prefix"):
            subject = f"{target['urgent_subject_prefix']} {subject}"
        decisions.append({
            "route": route,
            "staffed": answer["staffed"],
            "escalated": answer.get("escalated", False),
            "opens": answer.get("opens"),
            "target": target,
            "subject": subject,
            "alerts": len(alerts),
            "text": "".join(alert_text(a) for a in alerts),
        })
    return decisions


def deliver(command, d):
    env = dict(os.environ,
               ONCALL_ROUTE=d["route"],
               ONCALL_ADDRESS=d["target"]["address"],
               ONCALL_TYPE=d["target"]["type"],
               ONCALL_TEAM=d["target"]["team"],
               ONCALL_CHANNEL=d["target"]["channel"],
               ONCALL_STAFFED="true" if d["staffed"] else "false",
               ONCALL_SUBJECT=d["subject"])
    r = subprocess.run(["/bin/sh", "-c", command], input=d["text"].encode(),
                       env=env, timeout=60, check=False)
    if r.returncode != 0:
        raise Unreachable(f"delivery to {d['target']['address']} exited "
                          f"{r.returncode}")


class Handler(BaseHTTPRequestHandler):
    server_version = "oncall-webhook/1"

    def reply(self, status, obj):
        body = json.dumps(obj).encode() + b"\n"
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        opts = self.server.opts
        try:
            n = int(self.headers.get("Content-Length", "0"))
            if n < 0 or n > MAX_BODY:
                raise Unroutable("body too large")
            notification = json.loads(self.rfile.read(n) or b"null")
            decisions = decide(notification, opts.socket, opts.route)
            for d in decisions:
                self.log_message("%s -> %s/%s %s (%s)", d["route"],
                                 d["target"]["team"], d["target"]["channel"],
                                 d["target"]["address"],
                                 "staffed" if d["staffed"] else "queued")
                if opts.deliver:
                    deliver(opts.deliver, d)
        except (ValueError, Unroutable) as e:
            self.reply(400, {"ok": False, "error": str(e)})
            return
        except (Unreachable, subprocess.TimeoutExpired) as e:
            self.reply(503, {"ok": False, "error": str(e)})
            return
        self.reply(200, {"ok": True, "decisions": [
            {k: v for k, v in d.items() if k != "text"} for d in decisions]})

    def log_message(self, fmt, *args):
        sys.stderr.write("oncall-webhook: " + (fmt % args) + "\n")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("-l", "--listen", default="127.0.0.1:9095",
                   help="ADDRESS:PORT to listen on (port 0: any free one)")
    p.add_argument("-s", "--socket",
                   default=os.environ.get("ONCALLD_SOCKET", DEFAULT_SOCKET),
                   help="oncalld's socket")
    p.add_argument("-r", "--route",
                   help="route for alerts without an oncall_route label")
    p.add_argument("--deliver", metavar="CMD",
                   help="shell command run once per route (see above)")
    opts = p.parse_args()
    host, _, port = opts.listen.rpartition(":")
    server = ThreadingHTTPServer((host or "127.0.0.1", int(port)), Handler)
    server.opts = opts
    print(f"listening on {server.server_address[0]}:"
          f"{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
