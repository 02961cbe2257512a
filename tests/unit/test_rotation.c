/* test_rotation.c - who is on duty (rotation.c, SPEC 6): handoffs on DST
 * days in New York, London, Sydney, Lord Howe (30-minute shift) and Chatham
 * (45-minute zone); a handoff time inside the spring gap and inside the
 * autumn overlap; "h" lengths across a DST change; hours restricting the
 * turns; overrides across a DST change, overlapping (later start wins, then
 * later in the file), outside the hours; a rotation starting in the future;
 * the table against the on-demand computation far away (1971, 2098).
 *
 * All instants are fixed; expected UTC values were computed independently
 * with Python's zoneinfo.
 */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "hours.h"
#include "rotation.h"
#include "schedule.h"
#include "tz.h"

#define A	0u
#define B	1u
#define C	2u

static int64_t
utc(int y, unsigned mo, unsigned d, int h, int mi)
{
	return days_from_civil(y, mo, d) * SECS_PER_DAY + h * 3600 + mi * 60;
}

/* A rotation in ZONE: turns A, B (and C when NTURNS is 3). */
struct fx {
	struct tz		*tz;
	struct hours		 hours;
	uint32_t		 turns[3];
	struct rot_override	 ov[8];
	struct rotation_rule	 r;
};

static void
fx_init(struct fx *f, const char *zone, const char *hours, int64_t start_local,
    enum rot_unit unit, int64_t n, size_t nturns)
{
	char err[256];

	memset(f, 0, sizeof(*f));
	f->tz = tz_load(zone, err, sizeof(err));
	ck_assert_msg(f->tz != NULL, "%s", err);
	ck_assert_int_eq(hours_parse(hours, &f->hours, err, sizeof(err)), 0);
	f->turns[0] = A;
	f->turns[1] = B;
	f->turns[2] = C;
	f->r.tz = f->tz;
	f->r.hours = &f->hours;
	f->r.start_local = start_local;
	f->r.unit = unit;
	f->r.length = n;
	f->r.turns = f->turns;
	f->r.nturns = nturns;
	f->r.ov = f->ov;
}

static void
fx_free(struct fx *f)
{
	rotation_free(&f->r);
	hours_free(&f->hours);
	tz_free(f->tz);
}

static void
expect(const struct rotation_rule *r, int64_t t, bool on, uint32_t m,
    bool ov, int64_t since, int64_t until)
{
	struct rot_duty d;

	rotation_at(r, t, &d);
	ck_assert_msg(d.on == on, "at %lld: on %d, want %d", (long long)t,
	    d.on, on);
	if (on) {
		ck_assert_msg(d.member == m, "at %lld: member %u, want %u",
		    (long long)t, d.member, m);
		ck_assert_msg(d.override == ov, "at %lld: override %d",
		    (long long)t, d.override);
	}
	ck_assert_msg(d.since == since, "at %lld: since %lld, want %lld",
	    (long long)t, (long long)d.since, (long long)since);
	ck_assert_msg(d.until == until, "at %lld: until %lld, want %lld",
	    (long long)t, (long long)d.until, (long long)until);
}

/* Daily handoffs at local HH:MM in ZONE, from the day before a DST change
 * to the day after: handoffs 1 and 2 at the two expected instants. */
static void
daily_across(const char *zone, int64_t start_local, int64_t h1, int64_t h2)
{
	struct fx f;

	fx_init(&f, zone, "24/7", start_local, ROT_DAYS, 1, 2);
	rotation_compile(&f.r, h1);
	ck_assert_int_eq(rotation_handoff(&f.r, 1), h1);
	ck_assert_int_eq(rotation_handoff(&f.r, 2), h2);
	expect(&f.r, h1 - 1, true, A, false, rotation_handoff(&f.r, 0), h1);
	expect(&f.r, h1, true, B, false, h1, h2);
	expect(&f.r, h2, true, A, false, h2, rotation_handoff(&f.r, 3));
	fx_free(&f);
}

START_TEST(test_dst_handoffs)
{
	/* New York, weekly, Monday 09:00: EST then EDT (2026-03-08). */
	struct fx f;

	fx_init(&f, "America/New_York", "24/7", utc(2026, 3, 2, 9, 0),
	    ROT_WEEKS, 1, 2);
	rotation_compile(&f.r, utc(2026, 3, 5, 0, 0));
	ck_assert_int_eq(f.r.start_utc, 1772460000);	/* 14:00Z */
	ck_assert_int_eq(rotation_handoff(&f.r, 1), 1773061200); /* 13:00Z */
	expect(&f.r, utc(2026, 3, 9, 12, 59), true, A, false, 1772460000,
	    1773061200);
	expect(&f.r, utc(2026, 3, 9, 13, 0), true, B, false, 1773061200,
	    rotation_handoff(&f.r, 2));
	fx_free(&f);

	/* The day before each change is 0, the change day is 1. */
	daily_across("Europe/London", utc(2026, 3, 27, 9, 0), 1774688400,
	    1774771200);
	daily_across("Australia/Sydney", utc(2026, 4, 3, 9, 0), 1775253600,
	    1775343600);
	/* Lord Howe moves by 30 minutes: 22:00Z then 22:30Z. */
	daily_across("Australia/Lord_Howe", utc(2026, 4, 3, 9, 0), 1775253600,
	    1775341800);
	/* Chatham, +13:45 then +12:45. */
	daily_across("Pacific/Chatham", utc(2026, 4, 3, 12, 0), 1775254500,
	    1775344500);
}
END_TEST

START_TEST(test_gap_overlap)
{
	struct fx f;

	/* 02:30 does not exist in New York on 2026-03-08: read with the
	 * offset before the change (EST), 07:30Z, as on the day before. */
	fx_init(&f, "America/New_York", "24/7", utc(2026, 3, 7, 2, 30),
	    ROT_DAYS, 1, 2);
	rotation_compile(&f.r, utc(2026, 3, 8, 0, 0));
	ck_assert_int_eq(f.r.start_utc, 1772868600);
	ck_assert_int_eq(rotation_handoff(&f.r, 1), 1772868600 + 86400);
	ck_assert_int_eq(rotation_handoff(&f.r, 2), 1773037800);
	expect(&f.r, 1772955000, true, B, false, 1772955000, 1773037800);
	fx_free(&f);

	/* 01:30 happens twice on 2026-11-01: the first (EDT), 05:30Z. */
	fx_init(&f, "America/New_York", "24/7", utc(2026, 10, 31, 1, 30),
	    ROT_DAYS, 1, 2);
	rotation_compile(&f.r, utc(2026, 11, 1, 0, 0));
	ck_assert_int_eq(f.r.start_utc, 1793424600);
	ck_assert_int_eq(rotation_handoff(&f.r, 1), 1793511000);
	ck_assert_int_eq(rotation_handoff(&f.r, 2), 1793601000);
	/* The turn of the fall-back day lasts 25 hours. */
	expect(&f.r, 1793511000 + 3600, true, B, false, 1793511000,
	    1793601000);
	fx_free(&f);
}
END_TEST

START_TEST(test_hours_length)
{
	struct fx f;

	/* 12 elapsed hours from 2026-03-07 20:00 EST (01:00Z): the
	 * handoffs stay 12 h apart across the change, 21:00 EDT after it. */
	fx_init(&f, "America/New_York", "24/7", utc(2026, 3, 7, 20, 0),
	    ROT_HOURS, 12, 3);
	rotation_compile(&f.r, utc(2026, 3, 8, 0, 0));
	ck_assert_int_eq(f.r.start_utc, 1772931600);
	ck_assert_int_eq(rotation_handoff(&f.r, 1), 1772931600 + 43200);
	ck_assert_int_eq(rotation_handoff(&f.r, 2), utc(2026, 3, 9, 1, 0));
	expect(&f.r, utc(2026, 3, 8, 12, 59), true, A, false, 1772931600,
	    utc(2026, 3, 8, 13, 0));
	expect(&f.r, utc(2026, 3, 8, 13, 0), true, B, false,
	    utc(2026, 3, 8, 13, 0), utc(2026, 3, 9, 1, 0));
	expect(&f.r, utc(2026, 3, 9, 1, 0), true, C, false,
	    utc(2026, 3, 9, 1, 0), utc(2026, 3, 9, 13, 0));
	/* Turn 6 wraps to A again. */
	expect(&f.r, utc(2026, 3, 11, 1, 0), true, A, false,
	    utc(2026, 3, 11, 1, 0), utc(2026, 3, 11, 13, 0));
	fx_free(&f);
}
END_TEST

START_TEST(test_hours_restrict)
{
	struct fx f;
	struct rot_segs s = ROT_SEGS_INITIALIZER;

	/* Weekly from Monday 2026-01-05 09:00 New York, nights and weekends
	 * only: Tuesday 2026-01-13 12:00 EST is office time, nobody. */
	fx_init(&f, "America/New_York",
	    "Mon-Fri 00:00-08:00,17:00-24:00; Sat-Sun 00:00-24:00",
	    utc(2026, 1, 5, 9, 0), ROT_WEEKS, 1, 2);
	rotation_compile(&f.r, utc(2026, 1, 13, 0, 0));
	expect(&f.r, utc(2026, 1, 13, 17, 0), false, 0, false,
	    utc(2026, 1, 13, 13, 0), utc(2026, 1, 13, 22, 0));
	expect(&f.r, utc(2026, 1, 13, 23, 0), true, B, false,
	    utc(2026, 1, 13, 22, 0), utc(2026, 1, 14, 13, 0));
	/* The handoff on Monday 09:00 falls in office time: B's last night
	 * ends 08:00, A's first evening starts 17:00. */
	rotation_segments(&f.r, utc(2026, 1, 19, 0, 0), utc(2026, 1, 20, 0, 0),
	    &s);
	ck_assert_int_eq(s.n, 2);
	ck_assert_int_eq(s.v[0].member, B);
	ck_assert_int_eq(s.v[0].end, utc(2026, 1, 19, 13, 0));
	ck_assert_int_eq(s.v[1].member, A);
	ck_assert_int_eq(s.v[1].start, utc(2026, 1, 19, 22, 0));
	rot_segs_free(&s);
	fx_free(&f);
}
END_TEST

START_TEST(test_overrides)
{
	struct fx f;
	struct rot_segs s = ROT_SEGS_INITIALIZER;

	fx_init(&f, "America/New_York", "Mon-Fri 17:00-08:00",
	    utc(2026, 3, 2, 9, 0), ROT_WEEKS, 1, 2);
	/* C across the DST change, Saturday to Monday. */
	f.ov[0] = (struct rot_override){ utc(2026, 3, 7, 12, 0),
	    utc(2026, 3, 9, 12, 0), C, 0 };
	/* Overlapping: B from Tuesday 2026-03-10 00:00Z to 12:00Z (file
	 * position 1), C inside it from 03:00Z (later start wins), and A
	 * from the same 03:00Z but earlier in the file (loses to C). */
	f.ov[1] = (struct rot_override){ utc(2026, 3, 10, 0, 0),
	    utc(2026, 3, 10, 12, 0), B, 1 };
	f.ov[2] = (struct rot_override){ utc(2026, 3, 10, 3, 0),
	    utc(2026, 3, 10, 6, 0), C, 3 };
	f.ov[3] = (struct rot_override){ utc(2026, 3, 10, 3, 0),
	    utc(2026, 3, 10, 9, 0), A, 2 };
	/* Outside hours: Wednesday 2026-03-11 12:00 EDT (16:00Z). */
	f.ov[4] = (struct rot_override){ utc(2026, 3, 11, 16, 0),
	    utc(2026, 3, 11, 17, 0), A, 4 };
	rotation_sort_overrides(f.ov, 5);
	f.r.nov = 5;
	rotation_compile(&f.r, utc(2026, 3, 9, 0, 0));

	/* Saturday and Sunday are outside the hours: C only. */
	expect(&f.r, utc(2026, 3, 8, 12, 0), true, C, true,
	    utc(2026, 3, 7, 12, 0), utc(2026, 3, 9, 12, 0));
	/* Friday night A (turn 0) until C takes over. */
	expect(&f.r, utc(2026, 3, 7, 11, 0), true, A, false,
	    utc(2026, 3, 6, 22, 0), utc(2026, 3, 7, 12, 0));
	/* After C: Monday 08:00 EDT has passed, nobody until 17:00 EDT. */
	expect(&f.r, utc(2026, 3, 9, 12, 0), false, 0, false,
	    utc(2026, 3, 9, 12, 0), utc(2026, 3, 9, 21, 0));
	expect(&f.r, utc(2026, 3, 10, 1, 0), true, B, true,
	    utc(2026, 3, 10, 0, 0), utc(2026, 3, 10, 3, 0));
	expect(&f.r, utc(2026, 3, 10, 4, 0), true, C, true,
	    utc(2026, 3, 10, 3, 0), utc(2026, 3, 10, 6, 0));
	/* C ended; A (03:00-09:00, earlier in the file) now outranks B
	 * (started earlier). */
	expect(&f.r, utc(2026, 3, 10, 7, 0), true, A, true,
	    utc(2026, 3, 10, 6, 0), utc(2026, 3, 10, 9, 0));
	expect(&f.r, utc(2026, 3, 10, 10, 0), true, B, true,
	    utc(2026, 3, 10, 9, 0), utc(2026, 3, 10, 12, 0));
	expect(&f.r, utc(2026, 3, 11, 16, 30), true, A, true,
	    utc(2026, 3, 11, 16, 0), utc(2026, 3, 11, 17, 0));

	/* Far away (on demand), the same answers. */
	rotation_free(&f.r);
	rotation_compile(&f.r, utc(2098, 1, 1, 0, 0));
	expect(&f.r, utc(2026, 3, 10, 4, 0), true, C, true,
	    utc(2026, 3, 10, 3, 0), utc(2026, 3, 10, 6, 0));
	rotation_segments(&f.r, utc(2026, 3, 9, 20, 0), utc(2026, 3, 10, 13, 0),
	    &s);
	ck_assert_int_eq(s.n, 5);
	ck_assert_int_eq(s.v[0].member, B);	/* B's regular turn */
	ck_assert(!s.v[0].override);
	ck_assert_int_eq(s.v[0].start, utc(2026, 3, 9, 21, 0));
	ck_assert_int_eq(s.v[1].member, B);	/* then B's override */
	ck_assert(s.v[1].override);
	ck_assert_int_eq(s.v[4].member, B);
	ck_assert(s.v[4].override);
	ck_assert_int_eq(s.v[4].end, utc(2026, 3, 10, 12, 0));
	rot_segs_free(&s);
	fx_free(&f);
}
END_TEST

START_TEST(test_future_start)
{
	struct fx f;
	int64_t at[4];
	struct rot_duty d[4];

	/* Starts 2027-01-04 09:00 Paris; asked in 2026 and 1971. */
	fx_init(&f, "Europe/Paris", "24/7", utc(2027, 1, 4, 9, 0), ROT_WEEKS,
	    2, 2);
	rotation_compile(&f.r, utc(2026, 12, 1, 0, 0));
	expect(&f.r, utc(2026, 12, 1, 0, 0), false, 0, false, SCHED_ALWAYS,
	    utc(2027, 1, 4, 8, 0));
	expect(&f.r, utc(1971, 6, 1, 0, 0), false, 0, false, SCHED_ALWAYS,
	    utc(2027, 1, 4, 8, 0));
	ck_assert_int_eq(rotation_changes(&f.r, utc(2026, 12, 1, 0, 0), 2, at,
	    d), 2);
	ck_assert_int_eq(at[0], utc(2027, 1, 4, 8, 0));
	ck_assert(d[0].on && d[0].member == A);
	/* Two weeks later, B: 2027-01-18 09:00 CET. */
	ck_assert_int_eq(at[1], utc(2027, 1, 18, 8, 0));
	ck_assert(d[1].on && d[1].member == B);
	fx_free(&f);
}
END_TEST

/* Every hour over two years: the table compiled at one time and the
 * on-demand computation (a rotation compiled decades away) agree. */
START_TEST(test_window_vs_demand)
{
	struct fx near, far;
	struct rot_duty a, b;
	int64_t t, now = utc(2026, 11, 23, 8, 42);

	fx_init(&near, "Australia/Lord_Howe", "Mon-Fri 18:00-08:30; Sat 00:00-24:00",
	    utc(2025, 12, 29, 8, 30), ROT_DAYS, 3, 3);
	fx_init(&far, "Australia/Lord_Howe", "Mon-Fri 18:00-08:30; Sat 00:00-24:00",
	    utc(2025, 12, 29, 8, 30), ROT_DAYS, 3, 3);
	near.ov[0] = (struct rot_override){ utc(2026, 11, 20, 0, 0),
	    utc(2026, 12, 2, 0, 0), C, 0 };
	far.ov[0] = near.ov[0];
	near.r.nov = far.r.nov = 1;
	rotation_compile(&near.r, now);
	rotation_compile(&far.r, utc(2095, 1, 1, 0, 0));
	for (t = now - 30 * 86400; t < now + 60 * 86400; t += 1800) {
		rotation_at(&near.r, t, &a);
		rotation_at(&far.r, t, &b);
		ck_assert_msg(a.on == b.on && a.member == b.member &&
		    a.override == b.override && a.since == b.since &&
		    a.until == b.until, "at %lld: table and demand differ",
		    (long long)t);
	}
	fx_free(&near);
	fx_free(&far);
}
END_TEST

static Suite *
rotation_suite(void)
{
	Suite *s = suite_create("rotation");
	TCase *tc = tcase_create("rotation");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_dst_handoffs);
	tcase_add_test(tc, test_gap_overlap);
	tcase_add_test(tc, test_hours_length);
	tcase_add_test(tc, test_hours_restrict);
	tcase_add_test(tc, test_overrides);
	tcase_add_test(tc, test_future_start);
	tcase_add_test(tc, test_window_vs_demand);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr;
	int failed;

	sr = srunner_create(rotation_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
