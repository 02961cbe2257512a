/* test_hours.c - the operating-hours grammar of SPEC 2 (hours_parse,
 * hours_format, every error and its message) and hours_expand in UTC,
 * America/New_York and Europe/Paris: ordinary weeks, the DST days of 2026,
 * ranges that start in a spring-forward gap (RFC 5545: the offset before the
 * transition) or end in a fall-back overlap (the first occurrence), overnight
 * ranges across a change, and dates in 1970 and 2099.
 *
 * Expected intervals are literal UTC date-times, worked out by hand from
 * the zone rules (NY: EST -5, EDT -4, changes at 02:00 local; Paris: CET +1,
 * CEST +2, changes at 01:00Z).
 */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "hours.h"
#include "interval.h"
#include "tz.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static int64_t
utc(int y, unsigned mo, unsigned d, int h, int mi)
{
	return days_from_civil(y, mo, d) * SECS_PER_DAY + h * 3600 + mi * 60;
}

/* A literal interval: from y-mo-d h:mi Z to y2-mo2-d2 h2:mi2 Z. */
#define IV(y, mo, d, h, mi, y2, mo2, d2, h2, mi2) \
	{ utc(y, mo, d, h, mi), utc(y2, mo2, d2, h2, mi2) }

static const char *
fmt(int64_t t, char *buf, size_t len)
{
	int64_t days = days_of(t), rem = t - days * SECS_PER_DAY;
	unsigned m, d;
	int y;

	civil_from_days(days, &y, &m, &d);
	snprintf(buf, len, "%04d-%02u-%02uT%02d:%02dZ", y, m, d,
	    (int)(rem / 3600), (int)(rem / 60 % 60));
	return buf;
}

/* ---- grammar ------------------------------------------------------ */

/* Parses TEXT, which must succeed and format as CANON; the canonical text
 * must parse back to the same ranges. */
static void
parse_ok(const char *text, const char *canon)
{
	struct hours h, h2;
	char err[256], buf[256], buf2[256];

	ck_assert_msg(hours_parse(text, &h, err, sizeof(err)) == 0,
	    "\"%s\": %s", text, err);
	hours_format(&h, buf, sizeof(buf));
	ck_assert_msg(strcmp(buf, canon) == 0, "\"%s\" formats as \"%s\", "
	    "want \"%s\"", text, buf, canon);
	ck_assert_msg(hours_parse(buf, &h2, err, sizeof(err)) == 0,
	    "canonical \"%s\": %s", buf, err);
	hours_format(&h2, buf2, sizeof(buf2));
	ck_assert_str_eq(buf, buf2);
	ck_assert_int_eq(h.kind, h2.kind);
	ck_assert_uint_eq(h.n, h2.n);
	hours_free(&h);
	hours_free(&h2);
}

/* Parses TEXT, which must fail with a message containing QUOTE. */
static void
parse_bad(const char *text, const char *quote)
{
	struct hours h;
	char err[256];

	err[0] = '\0';
	ck_assert_msg(hours_parse(text, &h, err, sizeof(err)) == -1,
	    "\"%s\" was accepted", text);
	ck_assert_msg(strstr(err, quote) != NULL, "\"%s\": message \"%s\" "
	    "does not quote \"%s\"", text, err, quote);
	ck_assert_uint_eq(h.n, 0);
	ck_assert_ptr_null(h.r);
}

START_TEST(test_spec_examples)
{
	parse_ok("Mon-Fri 08:00-17:00", "Mon-Fri 08:00-17:00");
	parse_ok("Mon-Thu 07:30-16:00; Fri 07:30-16:30",
	    "Mon-Thu 07:30-16:00; Fri 07:30-16:30");
	parse_ok("Mon-Sun 08:00-21:00", "Mon-Sun 08:00-21:00");
	parse_ok("Mon-Fri 08:00-12:00,13:00-17:00",
	    "Mon-Fri 08:00-12:00,13:00-17:00");
	/* A wrapping span is written out from Monday. */
	parse_ok("Fri-Mon 22:00-06:00", "Fri-Mon 22:00-06:00");
	parse_ok("Sun-Mon 09:00-10:00", "Mon,Sun 09:00-10:00");
	parse_ok("Sat-Mon,Wed 09:00-10:00", "Sat-Mon,Wed 09:00-10:00");
	parse_ok("Mon-Sun 09:00-10:00", "Mon-Sun 09:00-10:00");
	parse_ok("Thu-Tue 09:00-10:00", "Thu-Tue 09:00-10:00");
}
END_TEST

START_TEST(test_ranges)
{
	struct hours h;
	char err[256];

	/* Fri-Mon wraps past Sunday: Fri Sat Sun Mon = bits 4 5 6 0. */
	ck_assert_int_eq(hours_parse("Fri-Mon 22:00-06:00", &h, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(h.kind, HOURS_WEEKLY);
	ck_assert_uint_eq(h.n, 1);
	ck_assert_uint_eq(h.r[0].days, 0x71);
	ck_assert_uint_eq(h.r[0].start, 22 * 60);
	ck_assert_uint_eq(h.r[0].end, 6 * 60);
	hours_free(&h);

	/* Sun-Sat wraps all the way round: every day. */
	ck_assert_int_eq(hours_parse("Sun-Sat 10:00-11:00", &h, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(h.r[0].days, 0x7f);
	hours_free(&h);

	/* Two ranges on one rule, then a second rule. */
	ck_assert_int_eq(hours_parse("Mon,Wed 08:00-12:00,13:00-17:00; "
	    "Sat 09:00-24:00", &h, err, sizeof(err)), 0);
	ck_assert_uint_eq(h.n, 3);
	ck_assert_uint_eq(h.r[0].days, 0x05);
	ck_assert_uint_eq(h.r[1].days, 0x05);
	ck_assert_uint_eq(h.r[1].start, 13 * 60);
	ck_assert_uint_eq(h.r[1].end, 17 * 60);
	ck_assert_uint_eq(h.r[2].days, 0x20);
	ck_assert_uint_eq(h.r[2].end, 1440);
	hours_free(&h);

	/* An end of 00:00 is the next midnight, the same as 24:00. */
	ck_assert_int_eq(hours_parse("Mon 18:00-00:00", &h, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(h.r[0].end, 1440);
	hours_free(&h);
}
END_TEST

START_TEST(test_forms)
{
	/* Any case for days and "never"; "24/7" as is. */
	parse_ok("mon-FRI 08:00-17:00", "Mon-Fri 08:00-17:00");
	parse_ok("MON-fri 08:00-17:00", "Mon-Fri 08:00-17:00");
	parse_ok("24/7", "24/7");
	parse_ok("  24/7  ", "24/7");
	parse_ok("never", "never");
	parse_ok("Never", "never");
	parse_ok("Mon-Sun 00:00-24:00", "Mon-Sun 00:00-24:00");
	parse_ok("Sat 09:00-24:00", "Sat 09:00-24:00");
	parse_ok("Mon 18:00-00:00", "Mon 18:00-24:00");
	/* end <= start runs past midnight; equal ends are 24 hours. */
	parse_ok("Mon-Fri 22:00-06:00", "Mon-Fri 22:00-06:00");
	parse_ok("Tue 08:00-08:00", "Tue 08:00-08:00");
	parse_ok("Mon-Fri 08:00-17:00; Sat 09:00-12:00; Sun 10:00-11:00",
	    "Mon-Fri 08:00-17:00; Sat 09:00-12:00; Sun 10:00-11:00");
	parse_ok("Mon,Wed,Fri 09:00-10:00", "Mon,Wed,Fri 09:00-10:00");
	parse_ok("Mon, Wed-Thu 09:00-10:00", "Mon,Wed-Thu 09:00-10:00");
	parse_ok("Sat-Sun 10:00-11:00", "Sat-Sun 10:00-11:00");
	parse_ok("Sun-Tue 10:00-11:00", "Sun-Tue 10:00-11:00");
	/* Whitespace: spaces and tabs around every token, a trailing ';'. */
	parse_ok("  Mon - Fri \t08:00 - 12:00 , 13:00-17:00 ;\tSat 09:00-12:00 ",
	    "Mon-Fri 08:00-12:00,13:00-17:00; Sat 09:00-12:00");
	parse_ok("Mon-Fri 08:00-17:00;", "Mon-Fri 08:00-17:00");
	/* Consecutive rules with the same days share one day list. */
	parse_ok("Mon-Fri 08:00-12:00; Mon-Fri 13:00-17:00",
	    "Mon-Fri 08:00-12:00,13:00-17:00");
}
END_TEST

START_TEST(test_errors)
{
	parse_bad("", "empty");
	parse_bad("   \t ", "empty");
	parse_bad("Mon-Fry 08:00-17:00", "\"Fry 08:00-17:00\"");
	parse_bad("Xyz 08:00-17:00", "\"Xyz 08:00-17:00\"");
	parse_bad("Monday 08:00-17:00", "\"Monday 08:00-17:00\"");
	parse_bad("Mon-Fri 25:00-26:00", "\"25:00-26:00\"");
	parse_bad("Mon-Fri 08:00-25:00", "\"25:00\"");
	parse_bad("Mon-Fri 08:60-17:00", "\"08:60-17:00\"");
	parse_bad("Mon-Fri 08:00-24:01", "\"24:01\"");
	parse_bad("Mon-Fri 8:00-17:00", "\"8:00-17:00\"");
	parse_bad("Mon-Fri 08:00-17:000", "\"17:000\"");
	parse_bad("Mon-Fri 24:00-08:00", "\"24:00-08:00\"");
	parse_bad("Mon-Fri 24:00-08:00", "24:00");
	/* A missing range or half of one. */
	parse_bad("Mon-Fri", "\"Mon-Fri\"");
	parse_bad("Mon-Fri 08:00", "\"Mon-Fri 08:00\"");
	parse_bad("Mon-Fri 08:00-", "\"Mon-Fri 08:00-\"");
	parse_bad("08:00-17:00", "\"08:00-17:00\"");
	/* Trailing junk. */
	parse_bad("Mon-Fri 08:00-17:00 x", "\"x\"");
	parse_bad("Mon-Fri 08:00-17:00 and more", "\"and more\"");
	parse_bad("Mon-Fri 08:00-17:00; junk", "\"junk\"");
	parse_bad("Mon-Fri 08:00-17:00,", "\"Mon-Fri 08:00-17:00,\"");
	parse_bad("24/7 please", "\"24/7 please\"");
	parse_bad("never ever", "\"never ever\"");
	parse_bad("24/7; Mon 08:00-09:00", "\"24/7");
}
END_TEST

START_TEST(test_format_truncates)
{
	struct hours h;
	char err[64], buf[12];

	ck_assert_int_eq(hours_parse("Mon-Fri 08:00-17:00", &h, err,
	    sizeof(err)), 0);
	hours_format(&h, buf, sizeof(buf));
	ck_assert_str_eq(buf, "Mon-Fri 08:");
	hours_format(&h, buf, 1);
	ck_assert_str_eq(buf, "");
	hours_free(&h);
}
END_TEST

/* ---- expansion ---------------------------------------------------- */

/* Expands HOURS in ZONE over [from, to) and compares, once normalized,
 * with WANT. */
static void
expect(const char *zone, const char *text, int64_t from, int64_t to,
    const struct interval *want, size_t n)
{
	struct hours h;
	struct ivset got = IVSET_INITIALIZER;
	struct tz *tz;
	char err[256], a[32], b[32], c[32], d[32];
	size_t i;

	tz = tz_load(zone, err, sizeof(err));
	ck_assert_msg(tz != NULL, "%s", err);
	ck_assert_msg(hours_parse(text, &h, err, sizeof(err)) == 0, "%s", err);
	hours_expand(&h, tz, from, to, &got);
	ivset_normalize(&got);
	for (i = 0; i < n && i < got.n; i++)
		ck_assert_msg(got.v[i].start == want[i].start &&
		    got.v[i].end == want[i].end,
		    "%s \"%s\" [%zu]: got %s..%s, want %s..%s", zone, text, i,
		    fmt(got.v[i].start, a, sizeof(a)),
		    fmt(got.v[i].end, b, sizeof(b)),
		    fmt(want[i].start, c, sizeof(c)),
		    fmt(want[i].end, d, sizeof(d)));
	ck_assert_msg(got.n == n, "%s \"%s\": %zu intervals, want %zu%s%s",
	    zone, text, got.n, n, got.n > n ? "; extra from " : "",
	    got.n > n ? fmt(got.v[n].start, a, sizeof(a)) : "");
	ivset_free(&got);
	hours_free(&h);
	tz_free(tz);
}

START_TEST(test_expand_utc)
{
	/* Monday 2026-11-23 to Monday 2026-11-30. */
	const struct interval week[] = {
		IV(2026, 11, 23, 8, 0, 2026, 11, 23, 17, 0),
		IV(2026, 11, 24, 8, 0, 2026, 11, 24, 17, 0),
		IV(2026, 11, 25, 8, 0, 2026, 11, 25, 17, 0),
		IV(2026, 11, 26, 8, 0, 2026, 11, 26, 17, 0),
		IV(2026, 11, 27, 8, 0, 2026, 11, 27, 17, 0),
	};
	/* Fri-Mon 22:00-06:00 over the same week: each night is its own
	 * interval, from Sunday's (which ends on Monday) to Sunday's. */
	const struct interval nights[] = {
		IV(2026, 11, 22, 22, 0, 2026, 11, 23, 6, 0),	/* Sun night */
		IV(2026, 11, 23, 22, 0, 2026, 11, 24, 6, 0),	/* Mon night */
		IV(2026, 11, 27, 22, 0, 2026, 11, 28, 6, 0),	/* Fri */
		IV(2026, 11, 28, 22, 0, 2026, 11, 29, 6, 0),	/* Sat */
		IV(2026, 11, 29, 22, 0, 2026, 11, 30, 6, 0),	/* Sun */
	};
	const struct interval split[] = {
		IV(2026, 11, 23, 8, 0, 2026, 11, 23, 12, 0),
		IV(2026, 11, 23, 13, 0, 2026, 11, 23, 17, 0),
	};
	/* Mon-Sun 00:00-24:00 merges into one stretch. */
	const struct interval all[] = {
		IV(2026, 11, 23, 0, 0, 2026, 11, 30, 0, 0),
	};
	const struct interval always[] = {
		IV(2026, 11, 23, 5, 0, 2026, 11, 24, 7, 0),
	};

	expect("UTC", "Mon-Fri 08:00-17:00", utc(2026, 11, 23, 0, 0),
	    utc(2026, 11, 30, 0, 0), week, NELEM(week));
	expect("UTC", "Fri-Mon 22:00-06:00", utc(2026, 11, 23, 0, 0),
	    utc(2026, 11, 30, 0, 0), nights, NELEM(nights));
	/* Only Monday's ranges overlap [Mon 09:00, Mon 14:00). */
	expect("UTC", "Mon-Fri 08:00-12:00,13:00-17:00",
	    utc(2026, 11, 23, 9, 0), utc(2026, 11, 23, 14, 0), split,
	    NELEM(split));
	expect("UTC", "Mon-Sun 00:00-24:00", utc(2026, 11, 23, 0, 0),
	    utc(2026, 11, 30, 0, 0), all, NELEM(all));
	/* 24/7 is [from, to) itself; never is nothing; from == to too. */
	expect("UTC", "24/7", utc(2026, 11, 23, 5, 0), utc(2026, 11, 24, 7, 0),
	    always, NELEM(always));
	expect("UTC", "never", utc(2026, 11, 23, 0, 0),
	    utc(2026, 11, 30, 0, 0), NULL, 0);
	expect("UTC", "Mon-Fri 08:00-17:00", utc(2026, 11, 23, 9, 0),
	    utc(2026, 11, 23, 9, 0), NULL, 0);
	/* A range touching [from, to) only at an end does not overlap. */
	expect("UTC", "Mon 08:00-17:00", utc(2026, 11, 23, 17, 0),
	    utc(2026, 11, 24, 8, 0), NULL, 0);
	expect("UTC", "Tue 08:00-17:00", utc(2026, 11, 23, 17, 0),
	    utc(2026, 11, 24, 8, 0), NULL, 0);
}
END_TEST

START_TEST(test_expand_new_york)
{
	/* A winter week, EST (-5): 08:00-17:00 local is 13:00-22:00Z. */
	const struct interval winter[] = {
		IV(2026, 11, 23, 13, 0, 2026, 11, 23, 22, 0),
		IV(2026, 11, 24, 13, 0, 2026, 11, 24, 22, 0),
		IV(2026, 11, 25, 13, 0, 2026, 11, 25, 22, 0),
		IV(2026, 11, 26, 13, 0, 2026, 11, 26, 22, 0),
		IV(2026, 11, 27, 13, 0, 2026, 11, 27, 22, 0),
	};
	/* A summer week, EDT (-4): 12:00-21:00Z. */
	const struct interval summer[] = {
		IV(2026, 7, 13, 12, 0, 2026, 7, 13, 21, 0),
		IV(2026, 7, 14, 12, 0, 2026, 7, 14, 21, 0),
		IV(2026, 7, 15, 12, 0, 2026, 7, 15, 21, 0),
		IV(2026, 7, 16, 12, 0, 2026, 7, 16, 21, 0),
		IV(2026, 7, 17, 12, 0, 2026, 7, 17, 21, 0),
	};
	/* Around Sunday 2026-03-08, 02:00 EST -> 03:00 EDT (07:00Z). */
	const struct interval spring_days[] = {
		IV(2026, 3, 6, 13, 0, 2026, 3, 6, 22, 0),	/* Fri, EST */
		IV(2026, 3, 7, 13, 0, 2026, 3, 7, 22, 0),	/* Sat, EST */
		IV(2026, 3, 8, 12, 0, 2026, 3, 8, 21, 0),	/* Sun, EDT */
		IV(2026, 3, 9, 12, 0, 2026, 3, 9, 21, 0),	/* Mon, EDT */
	};
	/* 00:00 EST (05:00Z) to 24:00 EDT (04:00Z): a 23-hour day. */
	const struct interval spring_whole[] = {
		IV(2026, 3, 8, 5, 0, 2026, 3, 9, 4, 0),
	};
	/* 02:30 does not exist; read with EST it is 07:30Z (03:30 EDT). */
	const struct interval gap_start[] = {
		IV(2026, 3, 8, 7, 30, 2026, 3, 8, 8, 0),
	};
	/* 01:00 EST (06:00Z) to 02:30 read as EST (07:30Z). */
	const struct interval gap_end[] = {
		IV(2026, 3, 8, 6, 0, 2026, 3, 8, 7, 30),
	};
	/* Overnight across the change: 22:00 EST Sat to 06:00 EDT Sun,
	 * seven hours. */
	const struct interval spring_night[] = {
		IV(2026, 3, 8, 3, 0, 2026, 3, 8, 10, 0),
	};
	/* Sunday 2026-11-01, 02:00 EDT -> 01:00 EST (06:00Z): 01:xx happens
	 * twice, first at 05:xxZ (EDT). */
	const struct interval overlap_end[] = {
		IV(2026, 11, 1, 4, 0, 2026, 11, 1, 5, 30),
	};
	/* Starts at the first 01:30 (05:30Z), ends 03:00 EST (08:00Z). */
	const struct interval overlap_start[] = {
		IV(2026, 11, 1, 5, 30, 2026, 11, 1, 8, 0),
	};
	/* 00:00 EDT (04:00Z) to 24:00 EST (05:00Z next day): 25 hours. */
	const struct interval fall_whole[] = {
		IV(2026, 11, 1, 4, 0, 2026, 11, 2, 5, 0),
	};
	/* 22:00 EDT Sat (02:00Z) to 06:00 EST Sun (11:00Z): nine hours. */
	const struct interval fall_night[] = {
		IV(2026, 11, 1, 2, 0, 2026, 11, 1, 11, 0),
	};

	expect("America/New_York", "Mon-Fri 08:00-17:00",
	    utc(2026, 11, 23, 0, 0), utc(2026, 11, 30, 0, 0), winter,
	    NELEM(winter));
	expect("America/New_York", "Mon-Fri 08:00-17:00",
	    utc(2026, 7, 13, 0, 0), utc(2026, 7, 20, 0, 0), summer,
	    NELEM(summer));
	expect("America/New_York", "Mon-Sun 08:00-17:00",
	    utc(2026, 3, 6, 0, 0), utc(2026, 3, 10, 0, 0), spring_days,
	    NELEM(spring_days));
	expect("America/New_York", "Sun 00:00-24:00", utc(2026, 3, 5, 0, 0),
	    utc(2026, 3, 12, 0, 0), spring_whole, NELEM(spring_whole));
	expect("America/New_York", "Sun 02:30-04:00", utc(2026, 3, 5, 0, 0),
	    utc(2026, 3, 12, 0, 0), gap_start, NELEM(gap_start));
	expect("America/New_York", "Sun 01:00-02:30", utc(2026, 3, 5, 0, 0),
	    utc(2026, 3, 12, 0, 0), gap_end, NELEM(gap_end));
	/* 02:00-03:00 is the gap itself: 07:00Z to 07:00Z, empty. */
	expect("America/New_York", "Sun 02:00-03:00", utc(2026, 3, 5, 0, 0),
	    utc(2026, 3, 12, 0, 0), NULL, 0);
	expect("America/New_York", "Sat 22:00-06:00", utc(2026, 3, 7, 12, 0),
	    utc(2026, 3, 9, 0, 0), spring_night, NELEM(spring_night));
	expect("America/New_York", "Sun 00:00-01:30", utc(2026, 10, 29, 0, 0),
	    utc(2026, 11, 5, 0, 0), overlap_end, NELEM(overlap_end));
	expect("America/New_York", "Sun 01:30-03:00", utc(2026, 10, 29, 0, 0),
	    utc(2026, 11, 5, 0, 0), overlap_start, NELEM(overlap_start));
	expect("America/New_York", "Sun 00:00-24:00", utc(2026, 10, 29, 0, 0),
	    utc(2026, 11, 5, 0, 0), fall_whole, NELEM(fall_whole));
	expect("America/New_York", "Sat 22:00-06:00", utc(2026, 10, 31, 12, 0),
	    utc(2026, 11, 2, 0, 0), fall_night, NELEM(fall_night));
}
END_TEST

START_TEST(test_expand_paris)
{
	/* Mon 2026-03-23 .. Mon 2026-03-30; CET (+1) until Sunday 29th
	 * 01:00Z, CEST (+2) after. */
	const struct interval spring_week[] = {
		IV(2026, 3, 23, 8, 0, 2026, 3, 23, 17, 0),
		IV(2026, 3, 24, 8, 0, 2026, 3, 24, 17, 0),
		IV(2026, 3, 25, 8, 0, 2026, 3, 25, 17, 0),
		IV(2026, 3, 26, 8, 0, 2026, 3, 26, 17, 0),
		IV(2026, 3, 27, 8, 0, 2026, 3, 27, 17, 0),
		IV(2026, 3, 30, 7, 0, 2026, 3, 30, 16, 0),
	};
	/* 02:30 on 2026-03-29 does not exist: read with CET, 01:30Z. */
	const struct interval gap_start[] = {
		IV(2026, 3, 29, 1, 30, 2026, 3, 29, 2, 0),
	};
	/* 22:00 CET Sat (21:00Z) to 06:00 CEST Sun (04:00Z): seven hours. */
	const struct interval spring_night[] = {
		IV(2026, 3, 28, 21, 0, 2026, 3, 29, 4, 0),
	};
	/* Sunday 2026-10-25: 03:00 CEST -> 02:00 CET at 01:00Z; 02:30 is
	 * first at 00:30Z (CEST). */
	const struct interval overlap_end[] = {
		IV(2026, 10, 24, 23, 0, 2026, 10, 25, 0, 30),
	};
	/* 22:00 CEST Sat (20:00Z) to 06:00 CET Sun (05:00Z): nine hours. */
	const struct interval fall_night[] = {
		IV(2026, 10, 24, 20, 0, 2026, 10, 25, 5, 0),
	};
	/* Office hours the week of the change, CEST then CET. */
	const struct interval fall_week[] = {
		IV(2026, 10, 22, 7, 0, 2026, 10, 22, 16, 0),	/* Thu */
		IV(2026, 10, 23, 7, 0, 2026, 10, 23, 16, 0),	/* Fri */
		IV(2026, 10, 26, 8, 0, 2026, 10, 26, 17, 0),	/* Mon */
	};

	expect("Europe/Paris", "Mon-Fri 09:00-18:00", utc(2026, 3, 23, 0, 0),
	    utc(2026, 3, 31, 0, 0), spring_week, NELEM(spring_week));
	expect("Europe/Paris", "Sun 02:30-04:00", utc(2026, 3, 26, 0, 0),
	    utc(2026, 4, 2, 0, 0), gap_start, NELEM(gap_start));
	expect("Europe/Paris", "Sat 22:00-06:00", utc(2026, 3, 28, 12, 0),
	    utc(2026, 3, 30, 0, 0), spring_night, NELEM(spring_night));
	expect("Europe/Paris", "Sun 01:00-02:30", utc(2026, 10, 22, 0, 0),
	    utc(2026, 10, 29, 0, 0), overlap_end, NELEM(overlap_end));
	expect("Europe/Paris", "Sat 22:00-06:00", utc(2026, 10, 24, 12, 0),
	    utc(2026, 10, 26, 0, 0), fall_night, NELEM(fall_night));
	expect("Europe/Paris", "Mon-Fri 09:00-18:00", utc(2026, 10, 22, 0, 0),
	    utc(2026, 10, 27, 0, 0), fall_week, NELEM(fall_week));
}
END_TEST

START_TEST(test_expand_edges)
{
	/* 1970-01-01 was a Thursday. */
	const struct interval utc1970[] = {
		IV(1970, 1, 1, 8, 0, 1970, 1, 1, 17, 0),
		IV(1970, 1, 2, 8, 0, 1970, 1, 2, 17, 0),
		IV(1970, 1, 5, 8, 0, 1970, 1, 5, 17, 0),
	};
	/* EST in January 1970; Wed 1969-12-31 22:00 EST is 03:00Z on the
	 * 1st, so the night of the 31st already overlaps 1970. */
	const struct interval ny1970[] = {
		IV(1970, 1, 1, 3, 0, 1970, 1, 1, 11, 0),
		IV(1970, 1, 2, 3, 0, 1970, 1, 2, 11, 0),
	};
	/* Paris kept CET all of 1970: no summer time before 1976. */
	const struct interval paris1970[] = {
		IV(1970, 7, 1, 8, 0, 1970, 7, 1, 17, 0),	/* Wed */
	};
	/* NY had summer time in 1970 (EDT 1970-04-26..10-25). */
	const struct interval ny1970s[] = {
		IV(1970, 7, 1, 12, 0, 1970, 7, 1, 21, 0),	/* Wed */
	};
	/* The last days of the span: Thu 2099-12-31, EST; the range on
	 * Thursday night runs past 2100-01-01T00:00Z, unclipped here. */
	const struct interval ny2099[] = {
		IV(2099, 12, 30, 13, 0, 2099, 12, 30, 22, 0),	/* Wed */
		IV(2099, 12, 31, 13, 0, 2099, 12, 31, 22, 0),	/* Thu */
	};
	const struct interval ny2099n[] = {
		IV(2100, 1, 1, 3, 0, 2100, 1, 1, 11, 0),	/* Thu night */
	};
	/* Summer 2099 from the zone's POSIX rule: EDT and CEST. */
	const struct interval ny2099s[] = {
		IV(2099, 7, 1, 12, 0, 2099, 7, 1, 21, 0),	/* Wed */
	};
	const struct interval paris2099s[] = {
		IV(2099, 7, 1, 7, 0, 2099, 7, 1, 16, 0),
	};
	/* 2099's changes: NY Sun 03-08 and 11-01, Paris Sun 03-29 and
	 * 10-25 (the same calendar as 2026 and 2071). */
	const struct interval ny2099gap[] = {
		IV(2099, 3, 8, 7, 30, 2099, 3, 8, 8, 0),
	};
	const struct interval paris2099ov[] = {
		IV(2099, 10, 24, 23, 0, 2099, 10, 25, 0, 30),
	};

	expect("UTC", "Mon-Fri 08:00-17:00", utc(1970, 1, 1, 0, 0),
	    utc(1970, 1, 6, 0, 0), utc1970, NELEM(utc1970));
	expect("America/New_York", "Wed-Thu 22:00-06:00", utc(1970, 1, 1, 0, 0),
	    utc(1970, 1, 3, 0, 0), ny1970, NELEM(ny1970));
	expect("Europe/Paris", "Wed 09:00-18:00", utc(1970, 7, 1, 0, 0),
	    utc(1970, 7, 2, 0, 0), paris1970, NELEM(paris1970));
	expect("America/New_York", "Wed 08:00-17:00", utc(1970, 7, 1, 0, 0),
	    utc(1970, 7, 2, 0, 0), ny1970s, NELEM(ny1970s));
	expect("America/New_York", "Mon-Fri 08:00-17:00",
	    utc(2099, 12, 30, 0, 0), utc(2100, 1, 1, 0, 0), ny2099,
	    NELEM(ny2099));
	expect("America/New_York", "Thu 22:00-06:00", utc(2099, 12, 31, 0, 0),
	    utc(2100, 1, 1, 4, 0), ny2099n, NELEM(ny2099n));
	expect("America/New_York", "Wed 08:00-17:00", utc(2099, 7, 1, 0, 0),
	    utc(2099, 7, 2, 0, 0), ny2099s, NELEM(ny2099s));
	expect("Europe/Paris", "Wed 09:00-18:00", utc(2099, 7, 1, 0, 0),
	    utc(2099, 7, 2, 0, 0), paris2099s, NELEM(paris2099s));
	expect("America/New_York", "Sun 02:30-04:00", utc(2099, 3, 5, 0, 0),
	    utc(2099, 3, 12, 0, 0), ny2099gap, NELEM(ny2099gap));
	expect("Europe/Paris", "Sun 01:00-02:30", utc(2099, 10, 22, 0, 0),
	    utc(2099, 10, 29, 0, 0), paris2099ov, NELEM(paris2099ov));
}
END_TEST

/* Every day's ranges line up with the local calendar through a whole year
 * of changes: each interval starts and ends at the local wall times, and
 * the days it covers are those of the mask. */
START_TEST(test_expand_year)
{
	static const char *const zones[] = {
		"UTC", "America/New_York", "Europe/Paris"
	};
	struct hours h;
	struct ivset got = IVSET_INITIALIZER;
	struct tz *tz;
	char err[256];
	int64_t from = utc(2026, 1, 1, 0, 0), to = utc(2027, 1, 1, 0, 0);
	int64_t ls;
	size_t z, i;

	ck_assert_int_eq(hours_parse("Mon-Fri 08:00-17:00", &h, err,
	    sizeof(err)), 0);
	for (z = 0; z < NELEM(zones); z++) {
		tz = tz_load(zones[z], err, sizeof(err));
		ck_assert_msg(tz != NULL, "%s", err);
		ivset_clear(&got);
		hours_expand(&h, tz, from, to, &got);
		ivset_normalize(&got);
		/* 2026 has 261 weekdays. */
		ck_assert_uint_eq(got.n, 261);
		for (i = 0; i < got.n; i++) {
			ls = got.v[i].start + tz_offset(tz, got.v[i].start);
			ck_assert_int_eq(ls % SECS_PER_DAY, 8 * 3600);
			ck_assert_int_lt(weekday_of_days(days_of(ls)), 5);
			ck_assert_int_eq((got.v[i].end +
			    tz_offset(tz, got.v[i].end)) - ls, 9 * 3600);
		}
		tz_free(tz);
	}
	ivset_free(&got);
	hours_free(&h);
}
END_TEST

static Suite *
hours_suite(void)
{
	Suite *s = suite_create("hours");
	TCase *tp = tcase_create("grammar");
	TCase *te = tcase_create("expand");

	tcase_add_test(tp, test_spec_examples);
	tcase_add_test(tp, test_ranges);
	tcase_add_test(tp, test_forms);
	tcase_add_test(tp, test_errors);
	tcase_add_test(tp, test_format_truncates);
	suite_add_tcase(s, tp);
	tcase_add_test(te, test_expand_utc);
	tcase_add_test(te, test_expand_new_york);
	tcase_add_test(te, test_expand_paris);
	tcase_add_test(te, test_expand_edges);
	tcase_add_test(te, test_expand_year);
	suite_add_tcase(s, te);
	return s;
}

int
main(void)
{
	SRunner *sr;
	int failed;

	sr = srunner_create(hours_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
