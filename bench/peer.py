#!/usr/bin/python3
"""peer.py - "which of these teams is staffed at T", answered the way a
scripter would without oncalld: from the teams' exported .ics feeds with
Python's icalendar and recurring_ical_events.

Usage:
  peer.py --at UNIX FEED.ics...
      load the feeds, answer once, print "id staffed|closed" per feed
      (timed as a whole process by the benchmark driver)
  peer.py --queries N --from UNIX --to UNIX FEED.ics...
      load the feeds, then answer N questions at random instants in
      [FROM, TO); print "per_query_us=.. load_ms=.."
"""

import argparse
import datetime
import os
import random
import time

import icalendar
import recurring_ical_events

UTC = datetime.timezone.utc


def load(paths):
    cals = []
    for p in paths:
        with open(p, "rb") as f:
            cals.append((os.path.basename(p)[:-4],
                         icalendar.Calendar.from_ical(f.read())))
    return cals


def staffed(cal, at):
    """True when an occurrence of a feed's events contains AT."""
    for ev in recurring_ical_events.of(cal).between(
            at, at + datetime.timedelta(seconds=1)):
        start = ev["DTSTART"].dt
        end = ev["DTEND"].dt if "DTEND" in ev else start + ev["DURATION"].dt
        if start <= at < end:
            return True
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--at", type=int)
    ap.add_argument("--queries", type=int)
    ap.add_argument("--from", dest="lo", type=int)
    ap.add_argument("--to", dest="hi", type=int)
    ap.add_argument("feeds", nargs="+")
    a = ap.parse_args()
    t0 = time.perf_counter()
    cals = load(a.feeds)
    t1 = time.perf_counter()
    if a.at is not None:
        at = datetime.datetime.fromtimestamp(a.at, UTC)
        for tid, cal in cals:
            print(tid, "staffed" if staffed(cal, at) else "closed")
        return
    rng = random.Random(2350)
    t2 = time.perf_counter()
    for _ in range(a.queries):
        at = datetime.datetime.fromtimestamp(rng.randrange(a.lo, a.hi), UTC)
        for _tid, cal in cals:
            staffed(cal, at)
    t3 = time.perf_counter()
    print("per_query_us=%.1f load_ms=%.1f"
          % ((t3 - t2) * 1e6 / a.queries, (t1 - t0) * 1e3))


if __name__ == "__main__":
    main()
