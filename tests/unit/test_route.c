/* test_route.c - escalation chains (route.c) on loaded configurations: the
 * first staffed step, escalation, "until" (the next change of the answer),
 * the unstaffed step and "opens"; the fixture tests/data/route/route.conf
 * (three steps over two zones, a channel narrowing its team's hours, a
 * route never staffed) and the shipped config/oncalld.conf at fixed times.
 *
 * Paths are relative to the top of the source tree, where "make check"
 * runs the tests. Expected instants are literal UTC date-times; in November
 * Paris is UTC+1 and New York UTC-5, in July New York is UTC-4.
 */
#include <check.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "diag.h"
#include "route.h"
#include "schedule.h"
#include "snapshot.h"

#define FIXTURE		"tests/data/route/route.conf"
#define SHIPPED		"config/oncalld.conf"
/* Monday 2026-11-23T08:42:04Z, the compile time. */
#define NOW		INT64_C(1795423324)

static int64_t
utc(int y, unsigned mo, unsigned d, int h, int mi)
{
	return days_from_civil(y, mo, d) * SECS_PER_DAY + h * 3600 + mi * 60;
}

static struct snapshot *
load(const char *path, int64_t now)
{
	struct diags d = DIAGS_INITIALIZER;
	struct snapshot *snap;
	char buf[512];

	snap = snapshot_load(path, now, &d);
	if (snap == NULL) {
		if (d.n > 0)
			diag_format(&d.v[0], buf, sizeof(buf));
		else
			snprintf(buf, sizeof(buf), "no diagnostic");
		ck_abort_msg("%s: %s", path, buf);
	}
	diags_free(&d);
	return snap;
}

static const struct route *
find_route(const struct snapshot *snap, const char *id)
{
	const struct entity *e = snapshot_find(snap, id);

	ck_assert_msg(e != NULL && e->kind == ENTITY_ROUTE, "no route %s", id);
	return &snap->routes[e->index];
}

/* "team/channel" of the step the answer RS names. */
static const char *
target_name(const struct snapshot *snap, const struct route *r,
    const struct route_state *rs, char *buf, size_t len)
{
	const struct step *st = route_target(r, rs);
	const struct team *t = &snap->teams[st->team];

	snprintf(buf, len, "%s/%s", t->id, t->channels[st->channel].id);
	return buf;
}

static void
resolves_at(const struct snapshot *snap, const char *route, int64_t t,
    const char *target, bool staffed, bool escalated, int64_t until,
    int64_t opens, int line)
{
	const struct route *r = find_route(snap, route);
	struct route_state rs;
	char buf[128];

	route_resolve(snap, r, t, &rs, NULL);
	target_name(snap, r, &rs, buf, sizeof(buf));
	ck_assert_msg(strcmp(buf, target) == 0, "line %d: target %s, want %s",
	    line, buf, target);
	ck_assert_msg(rs.staffed == staffed, "line %d: staffed %d", line,
	    rs.staffed);
	ck_assert_msg(rs.escalated == escalated, "line %d: escalated %d",
	    line, rs.escalated);
	ck_assert_msg(rs.until == until, "line %d: until %" PRId64 ", want %"
	    PRId64, line, rs.until, until);
	ck_assert_msg(rs.opens == opens, "line %d: opens %" PRId64 ", want %"
	    PRId64, line, rs.opens, opens);
}

#define resolves(snap, route, t, target, staffed, escalated, until, opens) \
	resolves_at(snap, route, t, target, staffed, escalated, until, opens, \
	    __LINE__)

/* ---- the fixture -------------------------------------------------- */

START_TEST(test_chain)
{
	struct snapshot *snap = load(FIXTURE, NOW);

	/* 09:00Z = 10:00 in Paris: the phone (09:00-12:00 Paris). */
	resolves(snap, "chain", utc(2026, 11, 23, 9, 0), "alpha/phone", true,
	    false, utc(2026, 11, 23, 11, 0), SCHED_NEVER);
	/* 12:00Z: the phone closed at 11:00Z; e-mail until 17:00Z. */
	resolves(snap, "chain", utc(2026, 11, 23, 12, 0), "alpha/email", true,
	    true, utc(2026, 11, 23, 17, 0), SCHED_NEVER);
	/* 18:00Z: Alpha has gone home, Beta (13:00-22:00Z) answers. */
	resolves(snap, "chain", utc(2026, 11, 23, 18, 0), "beta/email", true,
	    true, utc(2026, 11, 23, 22, 0), SCHED_NEVER);
	/* 23:00Z: nobody; the unstaffed step; the phone opens on Tuesday
	 * 08:00Z, which is also when the answer changes. */
	resolves(snap, "chain", utc(2026, 11, 23, 23, 0), "gamma/email",
	    false, false, utc(2026, 11, 24, 8, 0), utc(2026, 11, 24, 8, 0));
	/* Saturday: opens Monday 2026-11-30 08:00Z. */
	resolves(snap, "chain", utc(2026, 11, 28, 12, 0), "gamma/email",
	    false, false, utc(2026, 11, 30, 8, 0), utc(2026, 11, 30, 8, 0));
	/* The edges are half-open. */
	resolves(snap, "chain", utc(2026, 11, 23, 11, 0), "alpha/email", true,
	    true, utc(2026, 11, 23, 17, 0), SCHED_NEVER);
	resolves(snap, "chain", utc(2026, 11, 23, 11, 0) - 1, "alpha/phone",
	    true, false, utc(2026, 11, 23, 11, 0), SCHED_NEVER);
	resolves(snap, "chain", utc(2026, 11, 23, 22, 0), "gamma/email",
	    false, false, utc(2026, 11, 24, 8, 0), utc(2026, 11, 24, 8, 0));
	/* Far from the compile time: Monday 2098-11-24, same shape. */
	resolves(snap, "chain", utc(2098, 11, 24, 12, 0), "alpha/email", true,
	    true, utc(2098, 11, 24, 17, 0), SCHED_NEVER);
	/* A route that is never staffed: its first step, forever. */
	resolves(snap, "dead", utc(2026, 11, 23, 12, 0), "gamma/email", false,
	    false, SCHED_NEVER, SCHED_NEVER);
	snapshot_free(snap);
}
END_TEST

START_TEST(test_step_states)
{
	struct snapshot *snap = load(FIXTURE, NOW);
	const struct route *r = find_route(snap, "chain");
	struct sched_state st[3];
	struct route_state rs;

	ck_assert_uint_eq(r->nsteps, 3);
	route_resolve(snap, r, utc(2026, 11, 23, 12, 0), &rs, st);
	ck_assert_uint_eq(rs.target, 1);
	/* Every step's state, also past the answered one. */
	ck_assert(!st[0].staffed);
	ck_assert_int_eq(st[0].since, utc(2026, 11, 23, 11, 0));
	ck_assert_int_eq(st[0].next, utc(2026, 11, 24, 8, 0));
	ck_assert(st[1].staffed);
	ck_assert_int_eq(st[1].since, utc(2026, 11, 23, 8, 0));
	ck_assert_int_eq(st[1].next, utc(2026, 11, 23, 17, 0));
	ck_assert(!st[2].staffed);
	ck_assert_int_eq(st[2].since, utc(2026, 11, 20, 22, 0));
	ck_assert_int_eq(st[2].next, utc(2026, 11, 23, 13, 0));
	/* The narrowing channel has a schedule of its own; e-mail shares
	 * the team's. */
	ck_assert_ptr_ne(route_step_schedule(snap, &r->steps[0]),
	    &snap->teams[r->steps[0].team].sched);
	ck_assert_ptr_eq(route_step_schedule(snap, &r->steps[1]),
	    &snap->teams[r->steps[1].team].sched);
	snapshot_free(snap);
}
END_TEST

/* Over ten days in 7-minute steps, the answer is the first staffed step,
 * holds until "until" and changes there. */
START_TEST(test_until_sweep)
{
	struct snapshot *snap = load(FIXTURE, NOW);
	const struct route *r = find_route(snap, "chain");
	struct route_state rs, before, at;
	struct sched_state st[3];
	int64_t t;
	size_t i, first;

	for (t = utc(2026, 11, 20, 0, 0); t < utc(2026, 11, 30, 0, 0);
	    t += 7 * 60) {
		route_resolve(snap, r, t, &rs, st);
		for (first = 0; first < 3 && !st[first].staffed; first++)
			;
		ck_assert_uint_eq(rs.target, first);
		ck_assert(rs.staffed == (first < 3));
		ck_assert(rs.escalated == (first > 0 && first < 3));
		ck_assert(rs.opens == (first < 3 ? SCHED_NEVER : st[0].next));
		ck_assert_int_gt(rs.until, t);
		ck_assert(rs.until != SCHED_NEVER);
		route_resolve(snap, r, rs.until - 1, &before, NULL);
		route_resolve(snap, r, rs.until, &at, NULL);
		ck_assert_uint_eq(before.target, rs.target);
		ck_assert_uint_ne(at.target, rs.target);
		for (i = 0; i <= first && i < 3; i++)
			ck_assert_int_le(rs.until, st[i].next);
	}
	snapshot_free(snap);
}
END_TEST

/* ---- the shipped configuration ------------------------------------ */

START_TEST(test_shipped)
{
	struct snapshot *snap = load(SHIPPED, NOW);
	const struct entity *e = snapshot_find(snap, "cpcert");
	struct sched_state st;

	ck_assert(e != NULL && e->kind == ENTITY_TEAM);
	/* CPCERT, Monday 08:00-17:00 New York. */
	schedule_state(&snap->teams[e->index].sched, utc(2026, 11, 23, 14, 0),
	    &st);
	ck_assert(st.staffed);
	ck_assert_int_eq(st.since, utc(2026, 11, 23, 13, 0));
	ck_assert_int_eq(st.next, utc(2026, 11, 23, 22, 0));
	schedule_state(&snap->teams[e->index].sched, utc(2026, 11, 28, 14, 0),
	    &st);
	ck_assert(!st.staffed);

	/* Product vulnerabilities: CPCERT while it is in... */
	resolves(snap, "schneider-vulnerability", utc(2026, 11, 23, 14, 0),
	    "cpcert/email", true, false, utc(2026, 11, 23, 22, 0),
	    SCHED_NEVER);
	/* ...in summer too (EDT, computed outside the window)... */
	resolves(snap, "schneider-vulnerability", utc(2026, 7, 13, 12, 30),
	    "cpcert/email", true, false, utc(2026, 7, 13, 21, 0),
	    SCHED_NEVER);
	/* ...else SE-CERT, until CPCERT opens on Monday 08:00 EST. */
	resolves(snap, "schneider-vulnerability", utc(2026, 11, 28, 14, 0),
	    "se-cert/email", true, true, utc(2026, 11, 30, 13, 0),
	    SCHED_NEVER);
	resolves(snap, "schneider-vulnerability", utc(2026, 11, 23, 22, 0),
	    "se-cert/email", true, true, utc(2026, 11, 24, 13, 0),
	    SCHED_NEVER);
	/* Incidents: SE-CERT around the clock, the answer never changes. */
	resolves(snap, "schneider-incident", utc(2026, 11, 28, 14, 0),
	    "se-cert/email", true, false, SCHED_NEVER, SCHED_NEVER);
	resolves(snap, "schneider-incident", utc(1971, 1, 1, 0, 0),
	    "se-cert/email", true, false, SCHED_NEVER, SCHED_NEVER);
	/* Thales: the switchboard in office hours (09:00-18:00 Paris)... */
	resolves(snap, "thales-incident", utc(2026, 11, 23, 9, 0),
	    "tha-cert/phone", true, false, utc(2026, 11, 23, 17, 0),
	    SCHED_NEVER);
	/* ...and out of hours e-mail, unstaffed, opening Monday 08:00Z. */
	resolves(snap, "thales-incident", utc(2026, 11, 28, 14, 0),
	    "tha-cert/email", false, false, utc(2026, 11, 30, 8, 0),
	    utc(2026, 11, 30, 8, 0));
	/* In summer (CEST) it opens at 07:00Z: Saturday 2026-07-18. */
	resolves(snap, "thales-incident", utc(2026, 7, 18, 14, 0),
	    "tha-cert/email", false, false, utc(2026, 7, 20, 7, 0),
	    utc(2026, 7, 20, 7, 0));
	snapshot_free(snap);
}
END_TEST

/* A snapshot compiled five years later gives the same answers. */
START_TEST(test_compile_time)
{
	struct snapshot *a = load(SHIPPED, NOW);
	struct snapshot *b = load(SHIPPED, NOW + INT64_C(5) * 365 * 86400);
	struct route_state x, y;
	int64_t t;
	size_t i;

	for (i = 0; i < a->nroutes; i++) {
		for (t = NOW - 10 * 86400; t < NOW + 45 * 86400; t += 3907) {
			route_resolve(a, &a->routes[i], t, &x, NULL);
			route_resolve(b, &b->routes[i], t, &y, NULL);
			ck_assert_uint_eq(x.target, y.target);
			ck_assert(x.staffed == y.staffed);
			ck_assert_int_eq(x.until, y.until);
			ck_assert_int_eq(x.opens, y.opens);
		}
	}
	snapshot_free(a);
	snapshot_free(b);
}
END_TEST

static Suite *
route_suite(void)
{
	Suite *s = suite_create("route");
	TCase *tc = tcase_create("resolve");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_chain);
	tcase_add_test(tc, test_step_states);
	tcase_add_test(tc, test_until_sweep);
	tcase_add_test(tc, test_shipped);
	tcase_add_test(tc, test_compile_time);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr;
	int failed;

	sr = srunner_create(route_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
