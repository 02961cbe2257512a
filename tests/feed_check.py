#!/usr/bin/env python3
"""feed_check.py - expands an .ics feed the way a calendar client does
(Python's icalendar and recurring_ical_events) and prints the merged UTC
intervals it covers over a horizon, one "START END" line each in Unix
seconds (with --iso: RFC 3339). Used to check SPEC 3.4's property: the
feed expands to exactly the engine's shifts.

usage: feed_check.py [--iso] FILE FROM TO
  FROM, TO: "@<unix seconds>" or RFC 3339 UTC ("2026-11-23T08:00:00Z");
  FILE "-" reads standard input.
"""
import datetime
import sys

import icalendar
import recurring_ical_events

UTC = datetime.timezone.utc

# Occurrences are asked for over the horizon widened by this much, so that
# one that starts before it and ends inside is not missed; the result is
# clipped to the horizon.
MARGIN = 3 * 86400


def parse_time(s):
    if s.startswith("@"):
        return int(s[1:])
    if s.endswith("Z") or s.endswith("z"):
        s = s[:-1] + "+00:00"
    return int(datetime.datetime.fromisoformat(s).timestamp())


def seconds(value):
    if not isinstance(value, datetime.datetime):
        raise SystemExit("feed_check: all-day value %r: the feeds never "
                         "write one" % (value,))
    if value.tzinfo is None:
        raise SystemExit("feed_check: floating time %s" % value)
    return int(value.timestamp())


def iso(t):
    return datetime.datetime.fromtimestamp(t, UTC).strftime(
        "%Y-%m-%dT%H:%M:%SZ")


def intervals(cal, start, end):
    lo = datetime.datetime.fromtimestamp(start - MARGIN, UTC)
    hi = datetime.datetime.fromtimestamp(end + MARGIN, UTC)
    out = []
    for ev in recurring_ical_events.of(cal).between(lo, hi):
        s = seconds(ev["DTSTART"].dt)
        e = seconds(ev["DTEND"].dt)
        s, e = max(s, start), min(e, end)
        if s < e:
            out.append((s, e))
    return merge(out)


def merge(out):
    """The (start, end) pairs of OUT, sorted, overlapping and adjacent
    ones merged."""
    merged = []
    for s, e in sorted(out):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return merged


def main(argv):
    args = argv[1:]
    as_iso = False
    if args and args[0] == "--iso":
        as_iso = True
        args = args[1:]
    if len(args) != 3:
        sys.stderr.write(__doc__)
        return 64
    path, start, end = args[0], parse_time(args[1]), parse_time(args[2])
    if path == "-":
        data = sys.stdin.buffer.read()
    else:
        with open(path, "rb") as f:
            data = f.read()
    cal = icalendar.Calendar.from_ical(data)
    for s, e in intervals(cal, start, end):
        if as_iso:
            print(iso(s), iso(e))
        else:
            print(s, e)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
