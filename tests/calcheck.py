#!/usr/bin/env python3
"""calcheck.py - runs each calendar of a test set through the build and an
independent RFC 5545 expander, and compares.

usage: calcheck.py CALEXPAND MANIFEST

MANIFEST lists one calendar a line, beside it:
    FILE  ZONE  ok
    FILE  ZONE  error LINE UID
(# starts a comment). For "ok", CALEXPAND ZONE FILE must load it and print
exactly the merged UTC intervals that Python's icalendar with
recurring_ical_events gives over 1970-2099, all-day dates and floating
times read in ZONE (the team's zone). For "error", CALEXPAND must refuse
it, and its first message must be "FILE:LINE: UID UID: ...".
Prints one line per file and exits 1 if any disagrees.
"""
import datetime
import os
import subprocess
import sys
import zoneinfo

import icalendar
import recurring_ical_events

from feed_check import merge

UTC = datetime.timezone.utc
IANA = zoneinfo.available_timezones()
LO = datetime.datetime(1970, 1, 1, tzinfo=UTC)
HI = datetime.datetime(2100, 1, 1, tzinfo=UTC)
# A wall-clock time is looked up with this much margin, so that an event
# starting just before 1970 in UTC terms is not missed; then clipped.
MARGIN = datetime.timedelta(days=3)


def seconds(value, zone):
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=zone)
        elif getattr(value.tzinfo, "zone", None) in IANA:
            # icalendar 4 localizes with pytz, which reads a time in a
            # fall-back overlap as its second occurrence; RFC 5545 3.3.5
            # means the first (fold=0), as zoneinfo does.
            value = value.replace(tzinfo=None).replace(
                tzinfo=zoneinfo.ZoneInfo(value.tzinfo.zone))
        return int(value.timestamp())
    # A date: the team's local midnight.
    return int(datetime.datetime(value.year, value.month, value.day,
                                 tzinfo=zone).timestamp())


def masters(cal, zone):
    """Per UID: the exact length of the series' occurrences when its master
    has a date-time DTEND (RFC 5545 3.8.5.3: "the same exact duration will
    apply to all the members", which recurring_ical_events 2.0 does not
    do across a DST change), whether it has no end at all, and the starts
    of its overrides (which keep their own end)."""
    info = {}
    for comp in cal.walk("VEVENT"):
        uid = str(comp.get("UID"))
        m = info.setdefault(uid, {"exact": None, "noend": False,
                                  "overrides": set()})
        start = comp["DTSTART"].dt
        if "RECURRENCE-ID" in comp:
            m["overrides"].add(seconds(start, zone))
            continue
        if "DTEND" in comp and isinstance(start, datetime.datetime):
            m["exact"] = (seconds(comp["DTEND"].dt, zone) -
                          seconds(start, zone))
        m["noend"] = ("DURATION" not in comp and ("DTEND" not in comp or
                      (not isinstance(start, datetime.datetime) and
                       comp["DTEND"].dt == start)))
    return info


def expand(path, zone):
    with open(path, "rb") as f:
        data = f.read()
    # What icalendar 4 cannot read, though RFC 5545 programs write it: a
    # byte order mark and blanks before BEGIN:VCALENDAR.
    data = data.lstrip(b"\xef\xbb\xbf \t")
    cal = icalendar.Calendar.from_ical(data)
    info = masters(cal, zone)
    out = []
    for ev in recurring_ical_events.of(cal).between(LO - MARGIN,
                                                    HI + MARGIN):
        # recurring_ical_events 2.0 keeps cancelled events and cancelled
        # instances (STATUS:CANCELLED overrides, as Google writes them).
        if str(ev.get("STATUS", "")).upper() == "CANCELLED":
            continue
        start = ev["DTSTART"].dt
        s = seconds(start, zone)
        m = info.get(str(ev.get("UID")))
        own = m is None or s in m["overrides"]
        if not own and m["exact"] is not None:
            e = s + m["exact"]
        elif not own and m["noend"] and not isinstance(start,
                                                       datetime.datetime):
            # A date alone is that whole day (RFC 5545 3.6.1); so is one
            # whose DTEND equals it, as holiday sites write them.
            e = seconds(start + datetime.timedelta(days=1), zone)
        elif "DTEND" in ev:
            e = seconds(ev["DTEND"].dt, zone)
        elif "DURATION" in ev:
            e = s + int(ev["DURATION"].dt.total_seconds())
        else:
            e = s
        s, e = max(s, int(LO.timestamp())), min(e, int(HI.timestamp()))
        if s < e:
            out.append((s, e))
    return merge(out)


def build(calexpand, zone, path):
    r = subprocess.run([calexpand, zone, path], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    return r.returncode, r.stdout


def fmt(iv):
    def one(t):
        return datetime.datetime.fromtimestamp(t, UTC).strftime(
            "%Y-%m-%dT%H:%M:%SZ")
    return "[%s, %s)" % (one(iv[0]), one(iv[1]))


def check(calexpand, top, line):
    words = line.split()
    path, zone, want = os.path.join(top, words[0]), words[1], words[2]
    rc, text = build(calexpand, zone, path)
    if want == "error":
        line_no, uid = words[3], words[4]
        first = text.splitlines()[0] if text else ""
        prefix = "%s:%s: UID %s: " % (path, line_no, uid)
        if rc != 1 or not first.startswith(prefix):
            return False, "expected refusal \"%s...\", got exit %d: %s" % (
                prefix, rc, text.strip())
        return True, "refused: %s" % first[len(path) + 1:]
    if rc != 0:
        return False, "refused: " + text.strip()
    got = [tuple(int(x) for x in l.split()) for l in text.splitlines()]
    try:
        ref = [tuple(iv) for iv in expand(path, zoneinfo.ZoneInfo(zone))]
    except Exception as e:      # the reference cannot read it
        return False, "icalendar: %s: %s" % (type(e).__name__, e)
    if got != ref:
        for i, (a, b) in enumerate(zip(got, ref)):
            if a != b:
                return False, ("interval %d: build %s, icalendar %s "
                               "(%d and %d intervals)" % (
                                   i, fmt(a), fmt(b), len(got), len(ref)))
        return False, "build %d intervals, icalendar %d" % (len(got),
                                                             len(ref))
    years = sorted({datetime.datetime.fromtimestamp(t, UTC).year
                    for iv in got for t in iv})
    span = "%d-%d" % (years[0], years[-1]) if years else "none"
    return True, "%d intervals agree (%s)" % (len(got), span)


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 64
    calexpand, manifest = argv[1], argv[2]
    top = os.path.dirname(manifest)
    failed = n = 0
    with open(manifest) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            n += 1
            ok, why = check(calexpand, top, line)
            print("%s - %s: %s" % ("ok" if ok else "FAIL", line.split()[0],
                                   why))
            failed += not ok
    print("%d calendars, %d agree, %d failed" % (n, n - failed, failed))
    return 1 if failed or n == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
