/* test_timefmt.c - the protocol's time syntax, cross-checked with glibc. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "timefmt.h"

static int64_t
parse_ok(const char *s)
{
	char err[256];
	int64_t t = -1;

	ck_assert_msg(time_parse(s, &t, err, sizeof(err)) == 0, "%s: %s", s,
	    err);
	return t;
}

static void
parse_bad(const char *s, const char *needle)
{
	char err[256];
	int64_t t;

	ck_assert_msg(time_parse(s, &t, err, sizeof(err)) == -1, "%s parsed",
	    s);
	ck_assert_msg(strstr(err, needle) != NULL, "%s: \"%s\" lacks \"%s\"",
	    s, err, needle);
}

START_TEST(parses_rfc3339_and_seconds)
{
	/* 2026-11-23T08:00:00Z = 1795420800 */
	ck_assert_int_eq(parse_ok("2026-11-23T08:00:00Z"), 1795420800);
	ck_assert_int_eq(parse_ok("2026-11-23t08:00:00z"), 1795420800);
	ck_assert_int_eq(parse_ok("2026-11-23 08:00:00Z"), 1795420800);
	ck_assert_int_eq(parse_ok("2026-11-23T03:00:00-05:00"), 1795420800);
	ck_assert_int_eq(parse_ok("2026-11-23T13:30:00+05:30"), 1795420800);
	ck_assert_int_eq(parse_ok("2026-11-23T08:00:00.999Z"), 1795420800);
	ck_assert_int_eq(parse_ok("@1795420800"), 1795420800);
	ck_assert_int_eq(parse_ok("1970-01-01T00:00:00Z"), 0);
	ck_assert_int_eq(parse_ok("2099-12-31T23:59:59Z"), 4102444799);
	ck_assert_int_eq(parse_ok("2028-02-29T00:00:00Z"), 1835395200);
}
END_TEST

START_TEST(rejects_bad_times)
{
	parse_bad("", "bad time");
	parse_bad("tomorrow", "bad time");
	parse_bad("2026-11-23", "bad time");
	parse_bad("2026-11-23T08:00:00", "bad time");
	parse_bad("2026-11-23T08:00Z", "bad time");
	parse_bad("2026-11-23T08:00:00+0500", "bad time");
	parse_bad("2026-11-23T08:00:00Zjunk", "bad time");
	parse_bad("2026-02-30T08:00:00Z", "out of range");
	parse_bad("2027-02-29T08:00:00Z", "out of range");
	parse_bad("2026-13-01T08:00:00Z", "out of range");
	parse_bad("2026-11-23T24:00:00Z", "out of range");
	parse_bad("1969-12-31T23:59:59Z", "outside 1970-2099");
	parse_bad("2100-01-01T00:00:00Z", "outside 1970-2099");
	parse_bad("1970-01-01T00:00:00+00:01", "outside 1970-2099");
	parse_bad("@-1", "outside 1970-2099");
	parse_bad("@99999999999999999999", "bad time");
	parse_bad("@12x", "bad time");
	parse_bad("@", "bad time");
}
END_TEST

/* The end of a half-open window may be 2100-01-01T00:00:00Z: it covers up
 * to the end of 2099 and no further. */
START_TEST(window_end_2100)
{
	char err[256];
	int64_t t = -1;

	ck_assert_int_eq(time_parse_end("2100-01-01T00:00:00Z", &t, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(t, 4102444800);
	ck_assert_int_eq(time_parse_end("@4102444800", &t, err, sizeof(err)),
	    0);
	ck_assert_int_eq(t, 4102444800);
	ck_assert_int_eq(time_parse_end("2099-12-31T19:00:00-05:00", &t, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(t, 4102444800);
	ck_assert_int_eq(time_parse_end("2026-11-23T08:00:00Z", &t, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(t, 1795420800);
	ck_assert_int_eq(time_parse_end("2100-01-01T00:00:01Z", &t, err,
	    sizeof(err)), -1);
	ck_assert_msg(strstr(err, "a window may end at 2100-01-01T00:00:00Z")
	    != NULL, "%s", err);
	ck_assert_int_eq(time_parse_end("@4102444801", &t, err, sizeof(err)),
	    -1);
	ck_assert_int_eq(time_parse_end("1969-12-31T23:59:59Z", &t, err,
	    sizeof(err)), -1);
}
END_TEST

/* Second 60 only where a leap second can be (RFC 3339 5.7): 23:59:60 UTC
 * on June 30 or December 31, read as 23:59:59. Before, any :60 was taken:
 * 2026-06-30T23:59:60+23:59 became 00:00:59Z. */
START_TEST(leap_second)
{
	/* 2016-12-31T23:59:59Z = 1483228799 (a real leap second). */
	ck_assert_int_eq(parse_ok("2016-12-31T23:59:60Z"), 1483228799);
	ck_assert_int_eq(parse_ok("2016-12-31T18:59:60-05:00"), 1483228799);
	ck_assert_int_eq(parse_ok("2017-01-01T05:29:60+05:30"), 1483228799);
	/* 2026-06-30T23:59:59Z = 1782863999 */
	ck_assert_int_eq(parse_ok("2026-06-30T23:59:60Z"), 1782863999);
	parse_bad("2026-06-30T23:59:60+23:59", "second 60 is a leap second");
	parse_bad("2026-06-30T12:00:60Z", "second 60 is a leap second");
	parse_bad("2026-11-23T23:59:60Z", "second 60 is a leap second");
	parse_bad("2026-12-31T23:58:60Z", "second 60 is a leap second");
	parse_bad("2026-12-31T23:59:61Z", "out of range");
}
END_TEST

START_TEST(formats)
{
	char buf[TIMEFMT_LEN];

	time_format_utc(1795420800, buf);
	ck_assert_str_eq(buf, "2026-11-23T08:00:00Z");
	time_format_local(1795420800, -5 * 3600, buf);
	ck_assert_str_eq(buf, "2026-11-23T03:00:00-05:00");
	time_format_local(1795420800, 5 * 3600 + 1800, buf);
	ck_assert_str_eq(buf, "2026-11-23T13:30:00+05:30");
	time_format_local(0, -9 * 3600 - 1800, buf);
	ck_assert_str_eq(buf, "1969-12-31T14:30:00-09:30");
	time_format_span(4 * 3600 + 18 * 60, buf, sizeof(buf));
	ck_assert_str_eq(buf, "4h18m");
	time_format_span(3 * 86400 + 2 * 3600 + 5, buf, sizeof(buf));
	ck_assert_str_eq(buf, "3d2h");
	time_format_span(45, buf, sizeof(buf));
	ck_assert_str_eq(buf, "45s");
}
END_TEST

/* Round trips at pseudo-random instants against glibc's gmtime_r. */
START_TEST(round_trip_against_glibc)
{
	unsigned long long seed = 42;
	char buf[TIMEFMT_LEN], want[TIMEFMT_LEN];
	struct tm tm;
	time_t tt;
	int64_t t;
	int i;

	for (i = 0; i < 20000; i++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		t = (int64_t)((seed >> 20) % 4102444800ULL);
		tt = (time_t)t;
		gmtime_r(&tt, &tm);
		strftime(want, sizeof(want), "%Y-%m-%dT%H:%M:%SZ", &tm);
		time_format_utc(t, buf);
		ck_assert_str_eq(buf, want);
		ck_assert_int_eq(parse_ok(buf), t);
	}
}
END_TEST

static Suite *
timefmt_suite(void)
{
	Suite *s = suite_create("timefmt");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, parses_rfc3339_and_seconds);
	tcase_add_test(tc, rejects_bad_times);
	tcase_add_test(tc, window_end_2100);
	tcase_add_test(tc, leap_second);
	tcase_add_test(tc, formats);
	tcase_add_test(tc, round_trip_against_glibc);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(timefmt_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
