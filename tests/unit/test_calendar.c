/* test_calendar.c - calendar_load(): small .ics fixtures in, exact UTC
 * intervals out, and every malformed file reported with file, line and UID.
 *
 * Expected instants were worked out by hand from the zone rules (Paris is
 * +01 in winter, +02 from 2026-03-29 01:00Z to 2026-10-25 01:00Z; New York
 * is -05, and -04 from 2026-03-08 07:00Z to 2026-11-01 06:00Z) and are
 * written as literals, each with the time it stands for. Run from the top
 * of the source tree: the fixtures are read from tests/data/calendars/.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calendar.h"
#include "diag.h"
#include "interval.h"
#include "tz.h"

#define DATA	"tests/data/calendars/"
#define SHIPPED	"calendars/"

static struct tz	*paris, *newyork;
static struct ivset	 set;
static struct diags	 d;

static void
setup(void)
{
	char err[256];

	paris = tz_load("Europe/Paris", err, sizeof(err));
	ck_assert_msg(paris != NULL, "Europe/Paris: %s", err);
	newyork = tz_load("America/New_York", err, sizeof(err));
	ck_assert_msg(newyork != NULL, "America/New_York: %s", err);
	ivset_init(&set);
	memset(&d, 0, sizeof(d));
}

static void
teardown(void)
{
	ivset_free(&set);
	diags_free(&d);
	tz_free(paris);
	tz_free(newyork);
}

static void
dump_diags(void)
{
	char buf[1024];
	size_t i;

	for (i = 0; i < d.n; i++) {
		diag_format(&d.v[i], buf, sizeof(buf));
		fprintf(stderr, "  diag: %s\n", buf);
	}
}

/* Loads a fixture that must be valid. */
static void
load_ok(const char *path, const struct tz *zone)
{
	int rc;

	rc = calendar_load(path, zone, &set, &d);
	if (rc != 0 || d.n != 0)
		dump_diags();
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(d.n, 0);
}

static void
expect_set(const int64_t (*want)[2], size_t n)
{
	size_t i;

	for (i = 0; i < set.n && i < n; i++) {
		ck_assert_msg(set.v[i].start == want[i][0] &&
		    set.v[i].end == want[i][1],
		    "interval %zu: got [%lld, %lld), want [%lld, %lld)", i,
		    (long long)set.v[i].start, (long long)set.v[i].end,
		    (long long)want[i][0], (long long)want[i][1]);
	}
	ck_assert_uint_eq(set.n, n);
}

#define EXPECT(...) do {						\
	static const int64_t want_[][2] = { __VA_ARGS__ };		\
	expect_set(want_, sizeof(want_) / sizeof(want_[0]));		\
} while (0)

static void
expect_diag(size_t i, const char *path, int line, const char *text)
{
	ck_assert_uint_gt(d.n, i);
	ck_assert_ptr_nonnull(d.v[i].file);
	ck_assert_str_eq(d.v[i].file, path);
	ck_assert_int_eq(d.v[i].line, line);
	ck_assert_msg(strstr(d.v[i].text, text) != NULL,
	    "diagnostic \"%s\" lacks \"%s\"", d.v[i].text, text);
}

/* Loads a fixture that must fail: OUT keeps what it had, and the first
 * diagnostic names the file, the line of the event and the problem. */
static void
load_bad(const char *path, int line, const char *text)
{
	ivset_add(&set, 100, 200);
	ck_assert_int_eq(calendar_load(path, paris, &set, &d), -1);
	ck_assert_uint_eq(set.n, 1);
	ck_assert_int_eq(set.v[0].start, 100);
	ck_assert_int_eq(set.v[0].end, 200);
	ck_assert_uint_ge(d.n, 1);
	expect_diag(0, path, line, text);
}

START_TEST(test_allday_paris)
{
	load_ok(DATA "allday.ics", paris);
	EXPECT(
	    /* 2026-03-28 00:00 CET .. 2026-03-30 00:00 CEST: 47 hours */
	    { 1774652400, 1774821600 },	/* 03-27T23:00Z .. 03-29T22:00Z */
	    { 1783980000, 1784066400 },	/* 07-13T22:00Z .. 07-14T22:00Z */
	    { 1798153200, 1798239600 });	/* 12-24T23:00Z .. 25T23:00Z */
}
END_TEST

START_TEST(test_allday_newyork)
{
	/* The same file in another team's zone: other instants. */
	load_ok(DATA "allday.ics", newyork);
	EXPECT(
	    { 1774670400, 1774843200 },	/* 03-28T04:00Z .. 03-30T04:00Z */
	    { 1784001600, 1784088000 },	/* 07-14T04:00Z .. 07-15T04:00Z */
	    { 1798174800, 1798261200 });	/* 12-25T05:00Z .. 26T05:00Z */
}
END_TEST

START_TEST(test_allday_rrule)
{
	load_ok(DATA "allday-rrule.ics", paris);
	EXPECT(
	    /* weekly P2D from Sat 10-24: 10-24 00:00 CEST .. 10-26 00:00
	     * CET, 49 hours; then 10-31 .. 11-02, UNTIL 11-01 */
	    { 1792792800, 1792969200 },	/* 10-23T22:00Z .. 25T23:00Z */
	    { 1793401200, 1793574000 },	/* 10-30T23:00Z .. 11-01T23:00Z */
	    /* 12-24 .. 12-26 yearly x3, EXDATE;VALUE=DATE 2027 */
	    { 1798066800, 1798239600 },	/* 2026-12-23T23:00Z .. 25T23:00Z */
	    { 1861225200, 1861398000 });	/* 2028-12-23T23:00Z .. 25T23:00Z */
}
END_TEST

START_TEST(test_tzid_iana)
{
	/* The team zone must not matter: every time has a TZID. */
	load_ok(DATA "tzid-iana.ics", paris);
	EXPECT(
	    { 1768485600, 1768514400 },	/* NY 09:00-17:00 EST: 14:00Z-22:00Z */
	    /* Tokyo 09:00 (+09) .. Paris 03:00 (+02): 00:00Z .. 01:00Z */
	    { 1784160000, 1784163600 });
}
END_TEST

START_TEST(test_tzid_prefixed)
{
	/* "/citadel.org/20190101_1/Europe/Paris" ends with an IANA name: read
	 * through tzdata. libical's own conversion of the gap time would
	 * give 00:30Z. */
	load_ok(DATA "tzid-prefixed.ics", newyork);
	EXPECT(
	    { 1774747800, 1774751400 },	/* 03-29 02:30 (gap) = 01:30Z, 1 h */
	    { 1782892800, 1782898200 });	/* 07-01 10:00-11:30 CEST */
}
END_TEST

START_TEST(test_vtimezone_outlook)
{
	load_ok(DATA "outlook.ics", newyork);
	EXPECT(
	    { 1768464000, 1768467600 },	/* 01-15 09:00-10:00 +01 */
	    /* 03-29 02:30 is in the gap: the offset before, +01: 01:30Z;
	     * 04:00 is +02: 02:00Z */
	    { 1774747800, 1774749600 },
	    { 1784098800, 1784102400 },	/* 07-15 09:00-10:00 +02 */
	    /* 10-25 02:30 happens twice: the first, +02: 00:30Z; 04:00 +01 */
	    { 1792888200, 1792897200 },
	    { 2224836000, 2224839600 });	/* 2040-07-02 12:00-13:00 +02 */
}
END_TEST

START_TEST(test_utc)
{
	load_ok(DATA "utc.ics", paris);
	EXPECT(
	    { 1772366400, 1772371800 },	/* 03-01 12:00Z + PT1H30M */
	    { 1772492400, 1772499600 });	/* 03-02T23:00Z .. 03T01:00Z */
}
END_TEST

START_TEST(test_rrule)
{
	load_ok(DATA "rrule.ics", paris);
	EXPECT(
	    /* COUNT=3 weekly, Paris 09:00 across the change to CEST */
	    { 1774252800, 1774256400 },	/* 03-23 08:00Z */
	    { 1774854000, 1774857600 },	/* 03-30 07:00Z */
	    { 1775458800, 1775462400 },	/* 04-06 07:00Z */
	    /* daily 08:00 CEST x5, EXDATE 06-02 and 06-04 by TZID, 06-05 in
	     * UTC: 06-01 and 06-03 06:00Z remain */
	    { 1780293600, 1780297200 },
	    { 1780466400, 1780470000 },
	    /* NY 09:00 daily until 11-02 13:59:59Z: 10-30 and 10-31 13:00Z
	     * (EDT), 11-01 14:00Z (EST); 11-02 14:00Z is past UNTIL */
	    { 1793365200, 1793367000 },
	    { 1793451600, 1793453400 },
	    { 1793541600, 1793543400 });
}
END_TEST

/* COUNT counts occurrences, not the steps of FREQ (libical is given an
 * UNTIL instead and the count is kept here). */
START_TEST(test_count)
{
	load_ok(DATA "count.ics", paris);
	EXPECT(
	    /* monthly on the 31st x3: January, March, May */
	    { 1769850000, 1769853600 },
	    /* minutely x3, one minute each: merged */
	    { 1769904000, 1769904180 },
	    { 1774947600, 1774951200 },
	    { 1780218000, 1780221600 });
}
END_TEST

START_TEST(test_rdate)
{
	load_ok(DATA "rdate.ics", paris);
	EXPECT(
	    { 1767625200, 1767628800 },	/* DTSTART 01-05 10:00 EST */
	    { 1769940000, 1769943600 },	/* DTSTART 02-01 10:00Z, 1 h */
	    /* RDATE;TZID=America/New_York 07-10 10:00 EDT = 14:00Z, with
	     * the event's hour (libical alone would read 10:00 as UTC) */
	    { 1783692000, 1783695600 },
	    /* PERIOD;TZID=Europe/Paris 08-01 10:00-12:30 CEST */
	    { 1785571200, 1785580200 },
	    { 1788256800, 1788264000 });	/* PERIOD 09-01 10:00Z/PT2H */
}
END_TEST

START_TEST(test_override)
{
	load_ok(DATA "override.ics", newyork);
	EXPECT(
	    { 1788782400, 1788786000 },	/* Mon 09-07 14:00 CEST = 12:00Z */
	    /* 09-14 moved to Tue 09-15 16:00-17:00 CEST */
	    { 1789480800, 1789484400 },
	    { 1789992000, 1789995600 },	/* Mon 09-21 12:00Z */
	    /* daily 09:00 CEST from 10-05 x3, 10-06 cancelled */
	    { 1791183600, 1791187200 },
	    { 1791356400, 1791360000 },
	    /* an override whose series is not in the file stands alone */
	    { 1794304800, 1794308400 });	/* 11-10 10:00Z-11:00Z */
	/* The cancelled event of 12-01 left nothing. */
}
END_TEST

START_TEST(test_folded)
{
	load_ok(DATA "folded.ics", newyork);
	EXPECT(
	    { 1794387600, 1794391200 },	/* 2026-11-11 10:00 CET = 09:00Z */
	    { 1825923600, 1825927200 });	/* 2027-11-11 09:00Z */
}
END_TEST

START_TEST(test_gap)
{
	load_ok(DATA "gap.ics", paris);
	EXPECT(
	    /* daily 02:30 x3, 30 min: 03-28 +01 = 01:30Z ... */
	    { 1774661400, 1774663200 },
	    /* ... 03-29 02:30 does not exist: +01, 01:30Z (RFC 5545
	     * 3.3.5); the TZID event of 1 h and the floating one, read in
	     * the team's zone, fall at the same instant and merge */
	    { 1774747800, 1774751400 },
	    /* ... 03-30 +02 = 00:30Z */
	    { 1774830600, 1774832400 });
}
END_TEST

START_TEST(test_appends)
{
	/* A second calendar adds to what OUT holds, normalized. */
	load_ok(DATA "utc.ics", paris);
	load_ok(DATA "folded.ics", paris);
	ck_assert_uint_eq(set.n, 4);
	ck_assert_int_eq(set.v[0].start, 1772366400);
	ck_assert_int_eq(set.v[3].start, 1825923600);
}
END_TEST

START_TEST(test_no_zone)
{
	/* A team without a zone (24/7) can use UTC calendars... */
	ck_assert_int_eq(calendar_load(DATA "utc.ics", NULL, &set, &d), 0);
	ck_assert_uint_eq(set.n, 2);
	/* ...but not all-day ones: whose midnight would it be? */
	ck_assert_int_eq(calendar_load(DATA "allday.ics", NULL, &set, &d), -1);
	ck_assert_uint_eq(set.n, 2);
	expect_diag(0, DATA "allday.ics", 7, "UID allday-bastille@test");
	expect_diag(0, DATA "allday.ics", 7, "needs the team's timezone");
}
END_TEST

START_TEST(test_bad_missing)
{
	load_bad(DATA "does-not-exist.ics", 0, "cannot read calendar: No such file");
}
END_TEST

START_TEST(test_bad_garbage)
{
	load_bad(DATA "bad-garbage.ics", 0, "not a calendar");
	ck_assert_uint_eq(d.n, 1);
}
END_TEST

START_TEST(test_bad_truncated)
{
	load_bad(DATA "bad-truncated.ics", 0, "incomplete calendar");
}
END_TEST

/*
 * A VTIMEZONE rule that is not yearly made libical expand millions of
 * candidates from 1601 on (found by fuzzing: over 20 s for one file). It is
 * refused, and the zone is not used.
 */
START_TEST(test_bad_vtimezone_rule)
{
	load_bad(DATA "bad-vtimezone-hourly.ics", 14, "VTIMEZONE W. Europe "
	    "Standard Time: DAYLIGHT: RRULE \"FREQ=HOURLY;BYDAY=-1SU;"
	    "BYMONTH=3\": a time zone rule must be FREQ=YEARLY");
	/* The event itself reads its Windows zone name as Europe/Berlin. */
	ck_assert_uint_eq(d.n, 1);
}
END_TEST

/* A refused VTIMEZONE is reported at its BEGIN line, the second one here
 * (the first is used by the event). */
START_TEST(test_bad_vtimezone_second)
{
	load_bad(DATA "bad-vtimezone-second.ics", 29, "VTIMEZONE Custom Daily: "
	    "STANDARD: RRULE \"FREQ=DAILY\": a time zone rule must be "
	    "FREQ=YEARLY");
	ck_assert_uint_eq(d.n, 1);
}
END_TEST

/* An END with no BEGIN is refused with its line, and nothing reaches
 * stderr (libical itself would only print a warning there). */
START_TEST(test_bad_stray_end)
{
	FILE *err = tmpfile();
	int saved = dup(STDERR_FILENO);
	long written;

	ck_assert_ptr_nonnull(err);
	ck_assert_int_ge(saved, 0);
	fflush(stderr);
	ck_assert_int_ge(dup2(fileno(err), STDERR_FILENO), 0);
	load_bad(DATA "bad-stray-end.ics", 10,
	    "END:VEVENT does not close BEGIN:VCALENDAR of line 1");
	fflush(stderr);
	ck_assert_int_ge(dup2(saved, STDERR_FILENO), 0);
	close(saved);
	ck_assert_int_eq(fseek(err, 0, SEEK_END), 0);
	written = ftell(err);
	fclose(err);
	ck_assert_int_eq(written, 0);
	ck_assert_uint_eq(d.n, 1);
}
END_TEST

START_TEST(test_bad_end_first)
{
	load_bad(DATA "bad-end-first.ics", 1,
	    "END:VEVENT without a matching BEGIN");
	ck_assert_uint_eq(d.n, 1);
}
END_TEST

START_TEST(test_bad_nodtstart)
{
	load_bad(DATA "bad-nodtstart.ics", 10, "UID nodt@test: no DTSTART");
	ck_assert_uint_eq(d.n, 1);
}
END_TEST

START_TEST(test_bad_tzid)
{
	load_bad(DATA "bad-tzid.ics", 7,
	    "UID mars@test: DTSTART: unknown TZID \"Mars/Olympus_Mons\"");
	expect_diag(1, DATA "bad-tzid.ics", 13,
	    "UID romance@test: DTSTART: unknown TZID "
	    "\"(UTC+01:00) Brussels, Copenhagen, Madrid, Paris\"");
	ck_assert_uint_eq(d.n, 2);
}
END_TEST

START_TEST(test_bad_end)
{
	load_bad(DATA "bad-end.ics", 8,
	    "UID backwards@test: DTEND is before DTSTART");
	expect_diag(1, DATA "bad-end.ics", 13,
	    "UID noend@test: DTSTART is a date-time and there is neither "
	    "DTEND nor DURATION");
	ck_assert_uint_eq(d.n, 2);
}
END_TEST

START_TEST(test_bad_rrule)
{
	/* libical drops the line and leaves an X-LIC-ERROR in its place. */
	load_bad(DATA "bad-rrule.ics", 9, "UID sometimes@test: RRULE: "
	    "\"FREQ=SOMETIMES;COUNT=3\" is not a recurrence rule");
	/* Parsed, but no date can match it. */
	expect_diag(1, DATA "bad-rrule.ics", 16,
	    "UID feb30@test: RRULE cannot be expanded");
	ck_assert_uint_eq(d.n, 2);
}
END_TEST

START_TEST(test_bad_line)
{
	load_bad(DATA "bad-line.ics", 13, "UID junk@test: this line is not a "
	    "property (NAME:value): \"this line is not a property\"");
	ck_assert_uint_eq(d.n, 1);
}
END_TEST

/* A rule that matches a few days in four years keeps libical testing every
 * hour in between (3 s to 2100, and up to the year 2582 once it matches no
 * more): refused at once for its number of steps, the hours from DTSTART
 * to 2100-01-03T00:00 (the last local time that can matter), both ends
 * counted. */
START_TEST(test_bad_steps)
{
	load_bad(DATA "bad-steps.ics", 9, "UID feb-29-hourly@test: RRULE "
	    "\"FREQ=HOURLY;BYMONTHDAY=29;BYMONTH=2\": 647293 steps of its "
	    "FREQ from DTSTART to 2100 are more than a calendar may test "
	    "(400000)");
	ck_assert_uint_eq(d.n, 1);
}
END_TEST

/* libical's MONTHLY iterator would look for a February 30th up to the year
 * 2582 whatever UNTIL says (0.7 s a rule): refused before it starts. */
START_TEST(test_bad_monthday)
{
	load_bad(DATA "bad-monthday.ics", 9, "UID feb-30@test: RRULE cannot be "
	    "expanded (no date can match it): no month of BYMONTH has a day "
	    "of BYMONTHDAY");
	ck_assert_uint_eq(d.n, 1);
}
END_TEST

/* libical reads "END;..." as an END whatever follows: it would close the
 * VEVENT early and warn on stderr at the last END. */
START_TEST(test_bad_end_params)
{
	load_bad(DATA "bad-end-params.ics", 9, "END takes no parameters");
	ck_assert_uint_eq(d.n, 1);
}
END_TEST

START_TEST(test_bad_toomany)
{
	load_bad(DATA "bad-toomany.ics", 4,
	    "UID every-minute@test: calendar expands to too many occurrences");
	ck_assert_uint_eq(d.n, 1);
}
END_TEST

/* Calendars as real programs write them (SPEC 9). */

/* Google, Exchange and AWS write DESCRIPTION:, LOCATION: and X-WR-CALDESC:
 * with nothing after the colon: TEXT may be empty (RFC 5545 3.3.11). */
START_TEST(test_empty_values)
{
	load_ok(DATA "empty-values.ics", paris);
	EXPECT({ 1798066800, 1798326000 });	/* 12-24..12-27 00:00 CET */
}
END_TEST

/* Thunderbird writes back the X-LIC-ERROR lines of an imported calendar:
 * in a file they are X- properties like any other. */
START_TEST(test_x_lic_error)
{
	load_ok(DATA "x-lic-error.ics", paris);
	EXPECT({ 1773176400, 1773190800 });	/* 03-10 22:00-02:00 CET */
}
END_TEST

/* A UTF-8 byte order mark before BEGIN:VCALENDAR, blanks on line 1. */
START_TEST(test_bom_and_blanks)
{
	load_ok(DATA "bom.ics", paris);
	EXPECT({ 1775030400, 1775034000 });	/* 2026-04-01T08:00Z, 1 h */
	ivset_free(&set);
	ivset_init(&set);
	load_ok(DATA "leading-blanks.ics", paris);
	EXPECT({ 1775116800, 1775120400 });	/* 2026-04-02T08:00Z, 1 h */
}
END_TEST

/* Apple writes a moved occurrence as an override and its original date
 * as an EXDATE of the series: the EXDATE removes the instance, and the
 * override, naming no remaining instance, stands (RFC 5545). */
START_TEST(test_exdate_override)
{
	load_ok(DATA "exdate-override.ics", paris);
	EXPECT(
	    { 1788782400, 1788786000 },	/* Mon 09-07 14:00 CEST */
	    { 1789480800, 1789484400 },	/* moved to Tue 09-15 16:00 CEST */
	    { 1789992000, 1789995600 });	/* Mon 09-21 14:00 CEST */
}
END_TEST

/* An empty value where one is needed is an error, at its own line. */
/* Outlook and Exchange write Windows zone names in TZID, with a VTIMEZONE
 * of today's rule back to 1601, or one without any offset: the name is
 * read as the IANA zone CLDR maps it to. */
START_TEST(test_windows_zones)
{
	load_ok(DATA "windows-zones.ics", paris);
	EXPECT(
	    /* W. Europe Standard Time = Europe/Berlin: 2026-03-02 09:00 CET */
	    { 1772438400, 1772442000 },
	    /* China Standard Time, a VTIMEZONE without offsets:
	     * Asia/Shanghai, 2026-10-05 10:00 CST = 02:00Z */
	    { 1791165600, 1791169200 });
}
END_TEST

START_TEST(test_bad_empty_dtend)
{
	load_bad(DATA "bad-empty-dtend.ics", 9, "UID empty-end@test: DTEND "
	    "has no value (it must be a date or date-time)");
	ck_assert_uint_eq(d.n, 1);
}
END_TEST

/* Messages name the offending property's line, not the event's. */
START_TEST(test_bad_dtend_duration)
{
	load_bad(DATA "bad-dtend-duration.ics", 10, "UID both@test: both "
	    "DTEND and DURATION");
	ck_assert_uint_eq(d.n, 1);
}
END_TEST

/* libical would read 20240101T000000 under VALUE=DATE as a date-time. */
START_TEST(test_bad_value_date)
{
	load_bad(DATA "bad-value-date.ics", 8, "UID not-a-date@test: DTSTART: "
	    "VALUE=DATE but the value is a date-time");
	ck_assert_uint_eq(d.n, 1);
}
END_TEST

/* ICU's Chinese calendar puts Chinese New Year 2027 on 02-07, not 02-06:
 * refused rather than answered wrong. */
START_TEST(test_bad_rscale_chinese)
{
	load_bad(DATA "bad-rscale-chinese.ics", 9, "UID lunar-new-year@test: "
	    "RRULE: RSCALE=CHINESE is not supported");
	expect_diag(0, DATA "bad-rscale-chinese.ics", 9, "02-07, not 02-06");
	ck_assert_uint_eq(d.n, 1);
}
END_TEST

/*
 * The shipped holiday calendars (calendars/holidays/, generated from
 * date-holidays; tests/blackbox/holidays.sh checks them against the
 * library): the old names still load, and a few dates worked out by hand
 * are closed, the whole local day of the team.
 */
START_TEST(test_us_federal)
{
	load_ok(SHIPPED "us-federal-holidays.ics", newyork);
	/* 2026-2035: 11 federal holidays a year; the weekday a holiday on
	 * a weekend is observed on joins it into one interval. */
	ck_assert_uint_eq(set.n, 110);
	/* Independence Day 2026 is a Saturday: observed Friday 07-03 */
	ck_assert(ivset_contains(&set, 1783051200));	/* 07-03T04:00Z */
	/* Juneteenth 2027 (Sat) on 06-18, Christmas 2027 (Sat) on 12-24 */
	ck_assert(ivset_contains(&set, 1813291200));	/* 2027-06-18T04:00Z */
	ck_assert(ivset_contains(&set, 1829624400));	/* 2027-12-24T05:00Z */
	/* New Year's Day 2028 (Sat) is observed on Friday 2027-12-31 */
	ck_assert(ivset_contains(&set, 1830229200));	/* 2027-12-31T05:00Z */
	/* Thanksgiving 2035: Thursday 11-22, 00:00 EST = 05:00Z */
	ck_assert(ivset_contains(&set, 2079320400));
	ck_assert(!ivset_contains(&set, 2079320400 - 1));
	/* An ordinary Wednesday, 2026-07-08 12:00Z, is open */
	ck_assert(!ivset_contains(&set, 1783512000));
}
END_TEST

START_TEST(test_fr_public)
{
	size_t i;

	load_ok(SHIPPED "fr-public-holidays.ics", paris);
	ck_assert_uint_eq(set.n, 110);	/* 11 a year, 2026-2035 */
	/* Easter Monday 2027 (Easter 03-28): 03-29 00:00 CEST */
	i = ivset_search(&set, 1806271200);
	ck_assert_int_eq(set.v[i].start, 1806271200);	/* 03-28T22:00Z */
	ck_assert_int_eq(set.v[i].end, 1806271200 + 86400);
	/* Ascension 2028 (Easter 04-16): 05-25; Whit Monday 2030: 06-10 */
	ck_assert(ivset_contains(&set, 1842818400));	/* 2028-05-24T22:00Z */
	ck_assert(ivset_contains(&set, 1907272800));	/* 2030-06-09T22:00Z */
	/* Easter Monday 2035 (Easter 03-25): 03-26, still CET: 03-25T23:00Z */
	ck_assert(ivset_contains(&set, 2058476400));
}
END_TEST

static Suite *
calendar_suite(void)
{
	Suite *s = suite_create("calendar");
	TCase *tc;

	tc = tcase_create("events");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_allday_paris);
	tcase_add_test(tc, test_allday_newyork);
	tcase_add_test(tc, test_allday_rrule);
	tcase_add_test(tc, test_tzid_iana);
	tcase_add_test(tc, test_tzid_prefixed);
	tcase_add_test(tc, test_vtimezone_outlook);
	tcase_add_test(tc, test_utc);
	tcase_add_test(tc, test_rrule);
	tcase_add_test(tc, test_count);
	tcase_add_test(tc, test_rdate);
	tcase_add_test(tc, test_override);
	tcase_add_test(tc, test_folded);
	tcase_add_test(tc, test_gap);
	tcase_add_test(tc, test_appends);
	tcase_add_test(tc, test_no_zone);
	suite_add_tcase(s, tc);

	tc = tcase_create("malformed");
	tcase_add_checked_fixture(tc, setup, teardown);
	/* 200000 occurrences through libical: slow under the sanitizers. */
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_bad_missing);
	tcase_add_test(tc, test_bad_garbage);
	tcase_add_test(tc, test_bad_truncated);
	tcase_add_test(tc, test_bad_stray_end);
	tcase_add_test(tc, test_bad_vtimezone_rule);
	tcase_add_test(tc, test_bad_vtimezone_second);
	tcase_add_test(tc, test_bad_end_first);
	tcase_add_test(tc, test_bad_nodtstart);
	tcase_add_test(tc, test_bad_tzid);
	tcase_add_test(tc, test_bad_end);
	tcase_add_test(tc, test_bad_rrule);
	tcase_add_test(tc, test_bad_line);
	tcase_add_test(tc, test_bad_toomany);
	tcase_add_test(tc, test_bad_steps);
	tcase_add_test(tc, test_bad_monthday);
	tcase_add_test(tc, test_bad_end_params);
	suite_add_tcase(s, tc);

	tc = tcase_create("real-world");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_empty_values);
	tcase_add_test(tc, test_x_lic_error);
	tcase_add_test(tc, test_bom_and_blanks);
	tcase_add_test(tc, test_exdate_override);
	tcase_add_test(tc, test_windows_zones);
	tcase_add_test(tc, test_bad_empty_dtend);
	tcase_add_test(tc, test_bad_dtend_duration);
	tcase_add_test(tc, test_bad_value_date);
	tcase_add_test(tc, test_bad_rscale_chinese);
	suite_add_tcase(s, tc);

	tc = tcase_create("shipped");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_us_federal);
	tcase_add_test(tc, test_fr_public);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr;
	int failed;

	sr = srunner_create(calendar_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
