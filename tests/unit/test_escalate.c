/* test_escalate.c - the escalation core (escalate.c) and the staffed-time
 * clock (schedule_staffed_deadline) on tests/data/escalate/escalate.conf at
 * fixed times.
 *
 * The expected deadlines were computed independently with Python's
 * zoneinfo, walking each local working day (the script's rule: a deadline
 * is the instant the staffed seconds since the start reach the need):
 * New York changes to standard time on Sunday 2026-11-01, Paris to summer
 * time on Sunday 2026-03-29 and back on Sunday 2026-10-25; Kathmandu is
 * UTC+05:45; Paris kept no summer time in 1975.
 */
#include <check.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "diag.h"
#include "escalate.h"
#include "route.h"
#include "schedule.h"
#include "snapshot.h"

#define FIXTURE		"tests/data/escalate/escalate.conf"

static int64_t
utc(int y, unsigned mo, unsigned d, int h, int mi)
{
	return days_from_civil(y, mo, d) * SECS_PER_DAY + h * 3600 + mi * 60;
}

static struct snapshot *
load(int64_t now)
{
	struct diags d = DIAGS_INITIALIZER;
	struct snapshot *snap;
	char buf[512];

	snap = snapshot_load(FIXTURE, now, &d);
	if (snap == NULL) {
		if (d.n > 0)
			diag_format(&d.v[0], buf, sizeof(buf));
		else
			snprintf(buf, sizeof(buf), "no diagnostic");
		ck_abort_msg("%s: %s", FIXTURE, buf);
	}
	diags_free(&d);
	return snap;
}

static const struct route *
route(const struct snapshot *snap, const char *id)
{
	const struct entity *e = snapshot_find(snap, id);

	ck_assert_msg(e != NULL && e->kind == ENTITY_ROUTE, "no route %s", id);
	return &snap->routes[e->index];
}

static const char *
team_of(const struct snapshot *snap, const struct step *st)
{
	return snap->teams[st->team].id;
}

/* The channel schedule of ROUTE's first step. */
static const struct schedule *
first_schedule(const struct snapshot *snap, const char *id)
{
	return route_step_schedule(snap, &route(snap, id)->steps[0]);
}

#define ck_time(got, want) do {						\
	int64_t g_ = (got), w_ = (want);				\
	ck_assert_msg(g_ == w_, "%s: got %" PRId64 ", expected %"	\
	    PRId64 " (%+" PRId64 " s)", #got, g_, w_, g_ - w_);		\
} while (0)

/* ---- durations ------------------------------------------------------ */

START_TEST(durations)
{
	char err[160];
	int64_t s;
	bool st;

	ck_assert_int_eq(escalate_parse_duration("30m", &s, &st, err,
	    sizeof(err)), 0);
	ck_time(s, 1800);
	ck_assert(!st);
	ck_assert_int_eq(escalate_parse_duration("1d staffed", &s, &st, err,
	    sizeof(err)), 0);
	ck_time(s, 86400);
	ck_assert(st);
	ck_assert_int_eq(escalate_parse_duration("45s", &s, &st, err,
	    sizeof(err)), 0);
	ck_time(s, 45);
	ck_assert_int_eq(escalate_parse_duration("2h", &s, &st, err,
	    sizeof(err)), 0);
	ck_time(s, 7200);
	ck_assert_int_eq(escalate_parse_duration("366d", &s, &st, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(escalate_parse_duration("367d", &s, &st, err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "\"367d\" is out of range (1s to 366d)");
	ck_assert_int_eq(escalate_parse_duration("0s", &s, &st, err,
	    sizeof(err)), -1);
	ck_assert_int_eq(escalate_parse_duration("99999999999999999999d", &s,
	    &st, err, sizeof(err)), -1);
	ck_assert_int_eq(escalate_parse_duration("-5m", &s, &st, err,
	    sizeof(err)), -1);
	ck_assert_int_eq(escalate_parse_duration("5", &s, &st, err,
	    sizeof(err)), -1);
	ck_assert_int_eq(escalate_parse_duration("5 m", &s, &st, err,
	    sizeof(err)), -1);
	ck_assert_int_eq(escalate_parse_duration("5mstaffed", &s, &st, err,
	    sizeof(err)), -1);
	ck_assert_int_eq(escalate_parse_duration("5m staffed!", &s, &st, err,
	    sizeof(err)), -1);
	ck_assert_int_eq(escalate_parse_duration("", &s, &st, err,
	    sizeof(err)), -1);
}
END_TEST

/* ---- the staffed-time clock ---------------------------------------- */

/* Each case twice: from the precomputed table (compiled near the start)
 * and computed on demand (compiled years away). */
static void
check_deadline(const char *rid, int64_t start, int64_t need, int64_t want)
{
	struct snapshot *near = load(start), *far = load(utc(2040, 1, 1, 0,
	    0));

	ck_time(schedule_staffed_deadline(first_schedule(near, rid), start,
	    need), want);
	ck_time(schedule_staffed_deadline(first_schedule(far, rid), start,
	    need), want);
	snapshot_free(near);
	snapshot_free(far);
}

START_TEST(weekend_and_us_dst)
{
	/* Friday 16:00 EDT: one hour left; Monday opens at 08:00 EST. */
	check_deadline("vuln", utc(2026, 10, 30, 20, 0), 9 * 3600,
	    utc(2026, 11, 2, 21, 0));
}
END_TEST

START_TEST(spring_forward)
{
	check_deadline("paris", utc(2026, 3, 27, 16, 0), 4 * 3600,
	    utc(2026, 3, 30, 10, 0));
}
END_TEST

START_TEST(fall_back)
{
	check_deadline("paris", utc(2026, 10, 23, 15, 0), 4 * 3600,
	    utc(2026, 10, 26, 11, 0));
}
END_TEST

START_TEST(closure)
{
	/* Thursday 24th two hours, Friday 25th closed, Monday 28th. */
	check_deadline("paris", utc(2026, 12, 24, 15, 0), 4 * 3600,
	    utc(2026, 12, 28, 10, 0));
}
END_TEST

START_TEST(quarter_hour_zone)
{
	check_deadline("kathmandu", utc(2026, 11, 27, 10, 45), 2 * 3600,
	    utc(2026, 11, 30, 5, 45));
}
END_TEST

START_TEST(far_past_and_future)
{
	check_deadline("paris", utc(1975, 6, 6, 16, 0), 4 * 3600,
	    utc(1975, 6, 9, 11, 0));
	check_deadline("paris", utc(2090, 10, 27, 15, 0), 20 * 3600,
	    utc(2090, 11, 1, 9, 0));
}
END_TEST

START_TEST(edges)
{
	struct snapshot *snap = load(utc(2026, 11, 23, 8, 0));
	const struct schedule *s = first_schedule(snap, "paris");
	int64_t mon9 = utc(2026, 11, 23, 8, 0);	/* 09:00 CET */

	ck_time(schedule_staffed_deadline(s, mon9, 0), mon9);
	/* A whole day's hours end exactly at closing time, not at the
	 * next opening. */
	ck_time(schedule_staffed_deadline(s, mon9, 9 * 3600),
	    utc(2026, 11, 23, 17, 0));
	ck_time(schedule_staffed_deadline(s, mon9, 9 * 3600 + 1),
	    utc(2026, 11, 24, 8, 0) + 1);
	/* From a closed instant the clock starts at the opening. */
	ck_time(schedule_staffed_deadline(s, utc(2026, 11, 21, 12, 0), 60),
	    utc(2026, 11, 23, 8, 1));
	/* Never staffed again before 2100. */
	ck_time(schedule_staffed_deadline(s, utc(2099, 12, 31, 17, 0),
	    2 * 86400), SCHED_NEVER);
	snapshot_free(snap);
}
END_TEST

/* By definition: the deadline U is where the shifts from T sum to NEED.
 * Summed here from schedule_shifts() over the table's whole window, at
 * many instants and needs, against the binary search on prefix sums. */
START_TEST(table_against_shifts)
{
	static const char *const ids[] = { "paris", "vuln", "kathmandu", "wait" };
	static const int64_t needs[] = { 1, 3599, 4 * 3600, 9 * 3600 + 17,
	    3 * 86400 };
	int64_t now = utc(2026, 10, 20, 0, 0), t, need, u, want, left;
	struct snapshot *snap = load(now);
	struct ivset iv = IVSET_INITIALIZER;
	const struct schedule *s;
	size_t k, n, i, checked = 0;

	for (k = 0; k < sizeof(ids) / sizeof(ids[0]); k++) {
		s = first_schedule(snap, ids[k]);
		for (t = s->win_start; t < s->win_end - 20 * 86400;
		    t += 97 * 60 + 13) {
			for (n = 0; n < sizeof(needs) / sizeof(needs[0]); n++) {
				need = needs[n];
				schedule_shifts(s, t, t + 60 * 86400, &iv);
				want = SCHED_NEVER;
				left = need;
				for (i = 0; i < iv.n; i++) {
					if (iv.v[i].end - iv.v[i].start >=
					    left) {
						want = iv.v[i].start + left;
						break;
					}
					left -= iv.v[i].end - iv.v[i].start;
				}
				u = schedule_staffed_deadline(s, t, need);
				ck_assert_msg(u == want, "%s t=%" PRId64
				    " need=%" PRId64 ": %" PRId64 " != %"
				    PRId64, ids[k], t, need, u, want);
				checked++;
			}
		}
	}
	ck_assert_uint_gt(checked, 5000);
	ivset_free(&iv);
	snapshot_free(snap);
}
END_TEST

/* ---- moves ---------------------------------------------------------- */

START_TEST(escalates_then_repeats_then_exhausts)
{
	int64_t t0 = utc(2026, 10, 30, 20, 0);
	struct snapshot *snap = load(t0);
	const struct route *r = route(snap, "vuln");
	struct escalation e;

	escalate_open(snap, r, t0, &e);
	ck_assert_uint_eq(e.step, 0);
	ck_assert_str_eq(team_of(snap, escalate_step(r, &e)), "ny");
	ck_time(e.due, utc(2026, 11, 2, 21, 0));

	ck_assert(escalate_move(snap, r, &e));
	ck_assert_uint_eq(e.step, 1);
	ck_assert_str_eq(team_of(snap, escalate_step(r, &e)), "always");
	ck_time(e.since, utc(2026, 11, 2, 21, 0));
	ck_time(e.due, utc(2026, 11, 2, 21, 30));

	/* Past the last step: the second round starts at the first step,
	 * staffed at 16:30 EST with half an hour left that day. */
	ck_assert(escalate_move(snap, r, &e));
	ck_assert_uint_eq(e.step, 0);
	ck_assert_int_eq(e.round, 1);
	ck_time(e.due, utc(2026, 11, 3, 21, 30));

	ck_assert(escalate_move(snap, r, &e));
	ck_assert_uint_eq(e.step, 1);
	ck_time(e.due, utc(2026, 11, 3, 22, 0));

	ck_assert(escalate_move(snap, r, &e));
	ck_assert(e.exhausted);
	ck_assert_uint_eq(e.step, 1);
	ck_time(e.due, SCHED_NEVER);
	ck_assert(!escalate_move(snap, r, &e));
	snapshot_free(snap);
}
END_TEST

START_TEST(skips_closed_steps)
{
	int64_t t0 = utc(2026, 11, 25, 12, 0);	/* Wednesday */
	struct snapshot *snap = load(t0);
	const struct route *r = route(snap, "skip");
	struct escalation e;

	escalate_open(snap, r, t0, &e);
	ck_assert_uint_eq(e.step, 0);
	ck_time(e.due, utc(2026, 11, 25, 13, 0));
	/* The night team is closed at 13:00 UTC: straight to Paris. */
	ck_assert(escalate_move(snap, r, &e));
	ck_assert_uint_eq(e.step, 2);
	ck_assert_str_eq(team_of(snap, escalate_step(r, &e)), "fr");
	ck_time(e.due, utc(2026, 11, 25, 15, 0));
	snapshot_free(snap);
}
END_TEST

START_TEST(waits_on_unstaffed_step)
{
	int64_t t0 = utc(2026, 11, 28, 12, 0);	/* Saturday */
	struct snapshot *snap = load(t0);
	const struct route *r = route(snap, "wait");
	struct escalation e;

	/* Nothing staffed: it waits at the unstaffed step (the first), whose
	 * staffed clock starts when it opens at 22:00. */
	escalate_open(snap, r, t0, &e);
	ck_assert_uint_eq(e.step, 0);
	ck_time(e.due, utc(2026, 11, 29, 0, 0));
	/* Paris is closed on Sunday and there is no second round. */
	ck_assert(escalate_move(snap, r, &e));
	ck_assert(e.exhausted);
	ck_assert_uint_eq(e.step, 0);
	snapshot_free(snap);
}
END_TEST

START_TEST(waits_outside_the_chain)
{
	int64_t t0 = utc(2026, 11, 28, 12, 0);	/* Saturday */
	struct snapshot *snap = load(t0);
	const struct route *r = route(snap, "outside");
	struct escalation e;

	escalate_open(snap, r, t0, &e);
	ck_assert_uint_eq(e.step, r->nsteps);
	ck_assert_str_eq(team_of(snap, escalate_step(r, &e)), "always");
	/* It moves when the chain opens: Monday 09:00 in Paris. */
	ck_time(e.due, utc(2026, 11, 30, 8, 0));
	ck_assert(escalate_move(snap, r, &e));
	ck_assert_uint_eq(e.step, 0);
	ck_assert_int_eq(e.round, 0);
	ck_time(e.due, utc(2026, 11, 30, 9, 0));
	snapshot_free(snap);
}
END_TEST

START_TEST(plain_steps_wait)
{
	int64_t t0 = utc(2026, 11, 25, 12, 0);
	struct snapshot *snap = load(t0);
	const struct route *r = route(snap, "plain");
	struct escalation e;

	escalate_open(snap, r, t0, &e);
	ck_assert_uint_eq(e.step, 0);
	ck_time(e.due, SCHED_NEVER);
	ck_assert(!escalate_move(snap, r, &e));
	ck_assert(!e.exhausted);
	snapshot_free(snap);
}
END_TEST

START_TEST(rebase_on_reload)
{
	int64_t t0 = utc(2026, 11, 25, 12, 0);
	struct snapshot *snap = load(t0);
	struct route shorter = *route(snap, "skip");
	struct escalation e;

	escalate_open(snap, &shorter, t0, &e);
	ck_assert(escalate_move(snap, &shorter, &e));
	ck_assert_uint_eq(e.step, 2);
	/* The reloaded route has one step left: the alert continues from
	 * it, its due time counted from when it reached its step. */
	shorter.nsteps = 1;
	e.step = 5;
	escalate_rebase(snap, &shorter, &e);
	ck_assert_uint_eq(e.step, 0);
	ck_time(e.due, e.since + 3600);
	/* Rounds past the new repeat: exhausted. */
	e.round = 3;
	escalate_rebase(snap, &shorter, &e);
	ck_assert(e.exhausted);
	ck_time(e.due, SCHED_NEVER);
	snapshot_free(snap);
}
END_TEST

static Suite *
escalate_suite(void)
{
	Suite *s = suite_create("escalate");
	TCase *tc;

	tc = tcase_create("durations");
	tcase_add_test(tc, durations);
	suite_add_tcase(s, tc);

	tc = tcase_create("staffed clock");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, weekend_and_us_dst);
	tcase_add_test(tc, spring_forward);
	tcase_add_test(tc, fall_back);
	tcase_add_test(tc, closure);
	tcase_add_test(tc, quarter_hour_zone);
	tcase_add_test(tc, far_past_and_future);
	tcase_add_test(tc, edges);
	tcase_add_test(tc, table_against_shifts);
	suite_add_tcase(s, tc);

	tc = tcase_create("moves");
	tcase_add_test(tc, escalates_then_repeats_then_exhausts);
	tcase_add_test(tc, skips_closed_steps);
	tcase_add_test(tc, waits_on_unstaffed_step);
	tcase_add_test(tc, waits_outside_the_chain);
	tcase_add_test(tc, plain_steps_wait);
	tcase_add_test(tc, rebase_on_reload);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(escalate_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
