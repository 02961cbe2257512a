#!/usr/bin/env python3
# make-holidays.py - writes the shipped holiday calendars (US federal,
# French public holidays) as all-day closure events, so that extending them
# to later years is one command: ./make-holidays.py FIRST LAST
#
# Standard library only; the output is stable (fixed DTSTAMP, UIDs derived
# from the date) so that regenerating changes nothing but new years.

import datetime
import sys

DTSTAMP = "20260101T000000Z"


def nth_weekday(year, month, weekday, n):
    """The Nth WEEKDAY (0 = Monday) of the month; n = -1 is the last."""
    if n > 0:
        d = datetime.date(year, month, 1)
        d += datetime.timedelta(days=(weekday - d.weekday()) % 7)
        return d + datetime.timedelta(weeks=n - 1)
    nxt = datetime.date(year + month // 12, month % 12 + 1, 1)
    d = nxt - datetime.timedelta(days=1)
    return d - datetime.timedelta(days=(d.weekday() - weekday) % 7)


def observed(d):
    """5 U.S.C. 6103(b): Saturday -> Friday before, Sunday -> Monday after."""
    if d.weekday() == 5:
        return d - datetime.timedelta(days=1)
    if d.weekday() == 6:
        return d + datetime.timedelta(days=1)
    return d


def us_federal(year):
    fixed = [
        ("New Year's Day", datetime.date(year, 1, 1)),
        ("Juneteenth National Independence Day", datetime.date(year, 6, 19)),
        ("Independence Day", datetime.date(year, 7, 4)),
        ("Veterans Day", datetime.date(year, 11, 11)),
        ("Christmas Day", datetime.date(year, 12, 25)),
    ]
    floating = [
        ("Birthday of Martin Luther King, Jr.", nth_weekday(year, 1, 0, 3)),
        ("Washington's Birthday", nth_weekday(year, 2, 0, 3)),
        ("Memorial Day", nth_weekday(year, 5, 0, -1)),
        ("Labor Day", nth_weekday(year, 9, 0, 1)),
        ("Columbus Day", nth_weekday(year, 10, 0, 2)),
        ("Thanksgiving Day", nth_weekday(year, 11, 3, 4)),
    ]
    out = []
    for name, d in fixed:
        o = observed(d)
        out.append((o, name if o == d else name + " (observed)"))
    out += [(d, name) for name, d in floating]
    return sorted(out)


def easter(year):
    """Gregorian Easter Sunday: the Anonymous Gregorian algorithm."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def fr_public(year):
    """Code du travail L3133-1, metropolitan France (Alsace-Moselle adds
    Good Friday and 26 December: not included)."""
    e = easter(year)
    day = datetime.timedelta(days=1)
    return sorted([
        (datetime.date(year, 1, 1), "Jour de l'an"),
        (e + day, "Lundi de Pâques"),
        (datetime.date(year, 5, 1), "Fête du Travail"),
        (datetime.date(year, 5, 8), "Victoire 1945"),
        (e + 39 * day, "Ascension"),
        (e + 50 * day, "Lundi de Pentecôte"),
        (datetime.date(year, 7, 14), "Fête nationale"),
        (datetime.date(year, 8, 15), "Assomption"),
        (datetime.date(year, 11, 1), "Toussaint"),
        (datetime.date(year, 11, 11), "Armistice 1918"),
        (datetime.date(year, 12, 25), "Noël"),
    ])


def fold(line):
    """RFC 5545 3.1: lines of at most 75 octets, never splitting a
    UTF-8 sequence."""
    raw = line.encode("utf-8")
    out, cur = [], b""
    for ch in line:
        b = ch.encode("utf-8")
        if len(cur) + len(b) > (75 if not out else 74):
            out.append(cur)
            cur = b""
        cur += b
    out.append(cur)
    assert b"".join(out) == raw
    return b"\r\n ".join(out).decode("utf-8")


def escape(text):
    return (text.replace("\\", "\\\\").replace(";", "\\;")
            .replace(",", "\\,").replace("\n", "\\n"))


def write(path, prodid, calname, desc, uidprefix, events):
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:" + prodid,
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + escape(calname),
        "X-WR-CALDESC:" + escape(desc),
    ]
    for d, name in events:
        end = d + datetime.timedelta(days=1)
        lines += [
            "BEGIN:VEVENT",
            "UID:%s-%s@oncalld" % (uidprefix, d.isoformat()),
            "DTSTAMP:" + DTSTAMP,
            "DTSTART;VALUE=DATE:" + d.strftime("%Y%m%d"),
            "DTEND;VALUE=DATE:" + end.strftime("%Y%m%d"),
            "SUMMARY:" + escape(name),
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("".join(fold(l) + "\r\n" for l in lines))


def main():
    first, last = (int(a) for a in sys.argv[1:3]) if len(sys.argv) == 3 \
        else (2026, 2030)
    years = range(first, last + 1)
    span = "%d-%d" % (first, last)
    write("us-federal-holidays.ics", "-//oncalld//US federal holidays//EN",
          "US federal holidays",
          "US federal holidays %s, observed dates (5 U.S.C. 6103)" % span,
          "us-federal", [e for y in years for e in us_federal(y)])
    write("fr-public-holidays.ics", "-//oncalld//French public holidays//FR",
          "Jours fériés (France métropolitaine)",
          "French public holidays %s (Code du travail, L3133-1)" % span,
          "fr-public", [e for y in years for e in fr_public(y)])


if __name__ == "__main__":
    main()
