#!/usr/bin/python3
"""genconf.py - a generated oncalld configuration of N teams for the scale
benchmarks.

Usage: genconf.py N OUT.conf CALENDARS_DIR [SEED] [rotations]

Every team gets a zone drawn from the system's tzdata (zone1970.tab), an
hours shape drawn from the kinds real teams publish (office hours, split
days, several rules, nights past midnight, weekends, 24/7), an e-mail
channel and, for some, a phone channel with narrower hours; a tenth close on
public holidays (the shipped calendars). One route per ten teams chains two
of them. Writes OUT.conf and OUT.ids (one "NOW <id>" request per team).
With "rotations", every team also has eight members and a weekly duty
rotation (handoff on a drawn weekday and time, after-hours hours) with an
overrides calendar, one of ten written beside OUT.conf (OUT-ovK.ics).
Standard library only; the same N and SEED give the same file.
"""

import random
import sys

DAYSPANS = ["Mon-Fri", "Mon-Fri", "Mon-Fri", "Mon-Sat", "Sun-Thu",
            "Tue-Sat", "Mon,Wed,Fri", "Mon-Thu", "Sat-Sun", "Fri-Mon"]


def zones():
    names = []
    with open("/usr/share/zoneinfo/zone1970.tab") as f:
        for line in f:
            if line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) >= 3:
                names.append(parts[2].strip())
    return sorted(set(names))


def hhmm(minutes):
    return "%02d:%02d" % (minutes // 60, minutes % 60)


def office(rng):
    start = rng.choice(range(6 * 60, 11 * 60, 15))
    length = rng.choice(range(6 * 60, 12 * 60, 30))
    return "%s-%s" % (hhmm(start), hhmm(start + length))


def hours(rng):
    k = rng.random()
    if k < 0.08:
        return "24/7", False
    if k < 0.45:
        return "%s %s" % (rng.choice(DAYSPANS), office(rng)), True
    if k < 0.60:
        a = rng.choice(range(7 * 60, 9 * 60 + 1, 30))
        b = rng.choice(range(11 * 60 + 30, 13 * 60 + 1, 30))
        c = b + rng.choice([30, 60, 90])
        e = c + rng.choice(range(3 * 60, 5 * 60 + 1, 30))
        return ("Mon-Fri %s-%s,%s-%s" % (hhmm(a), hhmm(b), hhmm(c), hhmm(e)),
                False)
    if k < 0.80:
        return "Mon-Thu %s; Fri %s" % (office(rng), office(rng)), False
    if k < 0.90:
        start = rng.choice(range(18 * 60, 23 * 60 + 1, 30))
        end = rng.choice(range(5 * 60, 9 * 60 + 1, 30))
        return ("%s %s-%s" % (rng.choice(DAYSPANS), hhmm(start), hhmm(end)),
                False)
    return ("Mon-Fri %s; Sat %s-%s" % (office(rng), "09:00",
            rng.choice(["12:00", "13:00", "14:00"])), False)


def write_overrides(path, rng):
    """Ten overrides over 2026-2027 naming members m1..m8, some
    overlapping, one by ATTENDEE."""
    with open(path, "w") as f:
        f.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
                "PRODID:-//oncalld//bench//EN\r\n")
        for j in range(10):
            month = rng.randrange(1, 13)
            day = rng.randrange(1, 28)
            hours = rng.choice([4, 12, 24, 72])
            f.write("BEGIN:VEVENT\r\nUID:ov%d@bench\r\n"
                    "DTSTAMP:20260101T000000Z\r\n"
                    "DTSTART:%04d%02d%02dT%02d0000Z\r\nDURATION:PT%dH\r\n"
                    % (j, 2026 + j % 2, month, day, rng.randrange(24),
                       hours))
            m = rng.randrange(1, 9)
            if j == 0:
                f.write("SUMMARY:swap\r\nATTENDEE:mailto:m%d@example.org\r\n"
                        % m)
            else:
                f.write("SUMMARY:m%d\r\n" % m)
            f.write("END:VEVENT\r\n")
        f.write("END:VCALENDAR\r\n")


def rotation(i, rng, base):
    """Members m1..m8 and a weekly after-hours duty rotation."""
    ms = ",\n      ".join(
        '{ id = "m%d"; name = "Member %d"; email = "m%d@example.org"; '
        'phone = "+1 555 %03d%04d"; }' % (k, k, k, i % 1000, k)
        for k in range(1, 9))
    order = ", ".join('"m%d"' % k for k in rng.sample(range(1, 9), 8))
    return (';\n    members = (\n      %s );\n'
            '    rotations = ( { id = "duty"; members = [ %s ];\n'
            '      start = "2026-01-%02d %02d:00"; length = "1w";\n'
            '      hours = "Mon-Fri 00:00-09:00,17:00-24:00; Sat-Sun '
            '00:00-24:00";\n      overrides = "%s-ov%d.ics"; '
            'contact = "phone"; } );\n'
            % (ms, order, rng.randrange(5, 12), rng.randrange(6, 12),
               base.rsplit("/", 1)[-1], i % 10))


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    caldir = sys.argv[3].rstrip("/")
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 2350
    rng = random.Random(seed)
    rotations = len(sys.argv) > 5 and sys.argv[5] == "rotations"
    # Its own generator: the teams are the same with and without rotations.
    rrng = random.Random(seed + 1)
    base = out[:-5] if out.endswith(".conf") else out
    if rotations:
        for k in range(10):
            write_overrides("%s-ov%d.ics" % (base, k), rrng)
    zs = zones()
    cals = [caldir + "/us-federal-holidays.ics",
            caldir + "/fr-public-holidays.ics"]
    ids = []
    with open(out, "w") as f:
        f.write("# generated by bench/genconf.py: %d teams\n" % n)
        f.write("daemon = { max_clients = 1024; };\n")
        f.write("teams = (\n")
        for i in range(n):
            tid = "team-%05d" % i
            ids.append(tid)
            h, office_hours = hours(rng)
            f.write('  { id = "%s"; name = "Team %d"; short_name = "T%d";\n'
                    % (tid, i, i))
            f.write('    timezone = "%s"; hours = "%s";\n'
                    % (rng.choice(zs), h))
            if i % 10 == 3:
                f.write('    closures = [ "%s" ];\n' % cals[(i // 10) % 2])
            f.write('    channels = ( { id = "email"; type = "email"; '
                    'address = "cert@team%d.example"; '
                    'encryption = "preferred"; }' % i)
            # Phone lines narrowed to core hours inside the team's own:
            # a channel never staffed is a configuration mistake.
            if i % 5 == 1 and office_hours and h.startswith("Mon-Fri "):
                f.write(',\n      { id = "phone"; type = "phone"; '
                        'address = "+1 555 %07d"; hours = "Mon-Fri '
                        '10:45-12:00"; }' % i)
            f.write(" )")
            if rotations:
                f.write(rotation(i, rrng, base))
            f.write(" }%s\n" % ("," if i < n - 1 else ""))
        f.write(");\n")
        nroutes = max(1, n // 10)
        f.write("routes = (\n")
        for r in range(nroutes):
            a, b = rng.sample(range(n), 2) if n > 1 else (0, 0)
            f.write('  { id = "route-%05d"; steps = [ "%s/email", '
                    '"%s/email" ]; }%s\n'
                    % (r, ids[a], ids[b], "," if r < nroutes - 1 else ""))
            ids.append("route-%05d" % r)
        f.write(");\n")
    with open(out[:-5] + ".ids" if out.endswith(".conf") else out + ".ids",
              "w") as f:
        for tid in ids:
            if tid.startswith("team-"):
                f.write("NOW %s\n" % tid)


if __name__ == "__main__":
    main()
