#!/usr/bin/env python3
"""rotation_check.py - an independent computation of who is on duty (SPEC 6).

Reads a rotation's rules given on the command line (not through oncalld's
parser), computes the on-duty member with Python's zoneinfo and the
icalendar module, and compares it with the SHIFTS answer of the daemon's
code (JSON from `oncall-now -j --from --to`, on standard input) at many
random instants. Prints the disagreements and exits 1 if there is any.

usage: rotation_check.py ZONE START LENGTH HOURS MEMBERS OVERRIDES.ics|- SEED N
  START  "YYYY-MM-DD HH:MM" local;  LENGTH  N then h, d or w
  HOURS  the hours grammar or 24/7;  MEMBERS  comma-separated ids
"""
import json
import random
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def to_utc(zone, naive):
    """RFC 5545 3.3.5: a time in a gap takes the offset before it, an
    ambiguous one its first occurrence; both are zoneinfo's fold=0."""
    return int(naive.replace(tzinfo=zone, fold=0).timestamp())


def parse_hours(text):
    """[(weekday set, start min, end min)] or None for 24/7."""
    if text.strip() == "24/7":
        return None
    rules = []
    for rule in text.split(";"):
        days_part, ranges = rule.strip().split(" ", 1)
        days = set()
        for span in days_part.split(","):
            a, _, b = span.partition("-")
            i = DAYS.index(a.lower())
            j = DAYS.index((b or a).lower())
            while True:
                days.add(i)
                if i == j:
                    break
                i = (i + 1) % 7
        for r in ranges.split(","):
            s, e = r.strip().split("-")
            sm = int(s[:2]) * 60 + int(s[3:])
            em = int(e[:2]) * 60 + int(e[3:])
            rules.append((days, sm, em))
    return rules


def in_hours(zone, rules, t):
    """Whether UTC instant T lies inside the hours: each range evaluated on
    the local dates around T, its ends resolved on their own."""
    if rules is None:
        return True
    local = datetime.fromtimestamp(t, timezone.utc).astimezone(zone)
    d0 = local.date()
    for delta in (-2, -1, 0, 1):
        d = d0 + timedelta(days=delta)
        for days, sm, em in rules:
            if d.weekday() not in days:
                continue
            base = datetime(d.year, d.month, d.day)
            s = to_utc(zone, base + timedelta(minutes=sm))
            end_day = base + timedelta(days=1) if em <= sm else base
            e = to_utc(zone, end_day + timedelta(minutes=em))
            if s <= t < e:
                return True
    return False


def handoff(zone, start, unit, n, k):
    if unit == "h":
        return to_utc(zone, start) + k * n * 3600
    step = n * (7 if unit == "w" else 1)
    return to_utc(zone, start + timedelta(days=k * step))


def load_overrides(path, members):
    if path == "-":
        return []
    import icalendar
    cal = icalendar.Calendar.from_ical(open(path, "rb").read())
    out = []
    for order, ev in enumerate(cal.walk("VEVENT")):
        who = str(ev.get("SUMMARY", "")).strip()
        if who not in members:
            att = ev.get("ATTENDEE")
            att = att if isinstance(att, list) else [att] if att else []
            who = None
            for a in att:
                mail = str(a).lower().removeprefix("mailto:")
                for m in members:
                    if mail == f"{m}@example.org":
                        who = m
        s = int(ev.decoded("DTSTART").timestamp())
        e = int(ev.decoded("DTEND").timestamp())
        out.append((s, order, e, who))
    return out


def on_duty(zone, start, unit, n, rules, members, overrides, t):
    best = None
    for s, order, e, who in overrides:
        if s <= t < e and (best is None or (s, order) > best[0]):
            best = ((s, order), who, True)
    if best:
        return best[1], True
    t0 = to_utc(zone, start)
    if t < t0 or not in_hours(zone, rules, t):
        return None, False
    p = n * 3600 if unit == "h" else n * (7 if unit == "w" else 1) * 86400
    k = max(0, (t - t0) // p - 1)
    while handoff(zone, start, unit, n, k + 1) <= t:
        k += 1
    return members[k % len(members)], False


def main():
    zone_name, start_s, length, hours, members_s, ov_path, seed, count = \
        sys.argv[1:9]
    zone = ZoneInfo(zone_name)
    start = datetime.strptime(start_s, "%Y-%m-%d %H:%M")
    unit, n = length[-1], int(length[:-1])
    rules = parse_hours(hours)
    members = members_s.split(",")
    overrides = load_overrides(ov_path, members)
    answers = [json.loads(line) for line in sys.stdin if line.strip()]
    rng = random.Random(int(seed))
    bad = checked = 0
    for a in answers:
        lo = int(datetime.fromisoformat(a["from"].replace("Z", "+00:00"))
                 .timestamp())
        hi = int(datetime.fromisoformat(a["to"].replace("Z", "+00:00"))
                 .timestamp())
        shifts = [(int(datetime.fromisoformat(s["start"].replace(
            "Z", "+00:00")).timestamp()), int(datetime.fromisoformat(
                s["end"].replace("Z", "+00:00")).timestamp()), s["member"],
            s["override"]) for s in a["shifts"]]
        # Random instants, and every boundary and the second before it.
        instants = [rng.randrange(lo, hi) for _ in range(int(count))]
        for s, e, _, _ in shifts:
            instants += [x for x in (s - 1, s, e - 1, e) if lo <= x < hi]
        for t in instants:
            got = (None, False)
            for s, e, m, ov in shifts:
                if s <= t < e:
                    got = (m, ov)
            want = on_duty(zone, start, unit, n, rules, members, overrides,
                           t)
            checked += 1
            if got != want:
                bad += 1
                if bad <= 20:
                    print(f"{datetime.fromtimestamp(t, timezone.utc)}: "
                          f"oncalld {got}, independent {want}")
    print(f"{checked} instants, {bad} disagreements")
    return 1 if bad or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
