/* test_schedule.c - compiled staffing functions (schedule.c): state, since
 * and next from the precomputed table and far outside it (1971, 2098), at
 * the window's clipped edges (a schedule compiled at NOW and one compiled
 * five years away must answer every T identically), 24/7 and never, hours
 * plus extra events minus closures (built by hand as interval sets), a
 * closure spanning months, narrowing hours, NEXT over 1000 changes against
 * schedule_shifts(), and the merging of adjacent intervals.
 *
 * All instants are fixed; expected values are literal UTC date-times.
 */
#include <check.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "hours.h"
#include "interval.h"
#include "schedule.h"
#include "tz.h"

/* The compile time of most tests: Monday 2026-11-23T08:42:04Z. Its window
 * is [2026-11-15T08:42:04Z, 2027-01-02T08:42:04Z). */
#define NOW		INT64_C(1795423324)
#define FIVE_YEARS	(INT64_C(5) * 365 * 86400)

static int64_t
utc(int y, unsigned mo, unsigned d, int h, int mi)
{
	return days_from_civil(y, mo, d) * SECS_PER_DAY + h * 3600 + mi * 60;
}

static const char *
fmt(int64_t t, char *buf, size_t len)
{
	int64_t days, rem;
	unsigned m, d;
	int y;

	if (t == SCHED_ALWAYS)
		return "ALWAYS";
	if (t == SCHED_NEVER)
		return "NEVER";
	days = days_of(t);
	rem = t - days * SECS_PER_DAY;
	civil_from_days(days, &y, &m, &d);
	snprintf(buf, len, "%04d-%02u-%02uT%02d:%02d:%02dZ", y, m, d,
	    (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
	return buf;
}

/* ---- fixtures ----------------------------------------------------- */

struct fixture {
	struct tz	*tz;
	struct hours	 hours;
	struct hours	 narrow;
	bool		 narrowed;
	struct ivset	 extra;
	struct ivset	 closures;
	struct schedule	 s;
};

static void
fx_init(struct fixture *fx, const char *zone, const char *hours,
    const char *narrow)
{
	char err[256];

	memset(fx, 0, sizeof(*fx));
	fx->tz = tz_load(zone, err, sizeof(err));
	ck_assert_msg(fx->tz != NULL, "%s", err);
	ck_assert_msg(hours_parse(hours, &fx->hours, err, sizeof(err)) == 0,
	    "%s", err);
	if (narrow != NULL) {
		ck_assert_msg(hours_parse(narrow, &fx->narrow, err,
		    sizeof(err)) == 0, "%s", err);
		fx->narrowed = true;
	}
	ivset_init(&fx->extra);
	ivset_init(&fx->closures);
}

/* A schedule over FX's inputs compiled at NOW into S. */
static void
sched_at(const struct fixture *fx, struct schedule *s, int64_t now)
{
	memset(s, 0, sizeof(*s));
	s->tz = fx->tz;
	s->hours = &fx->hours;
	s->narrow = fx->narrowed ? &fx->narrow : NULL;
	s->extra = &fx->extra;
	s->closures = &fx->closures;
	schedule_compile(s, now);
}

static void
fx_compile(struct fixture *fx, int64_t now)
{
	ivset_normalize(&fx->extra);
	ivset_normalize(&fx->closures);
	schedule_free(&fx->s);
	sched_at(fx, &fx->s, now);
}

static void
fx_fini(struct fixture *fx)
{
	schedule_free(&fx->s);
	ivset_free(&fx->extra);
	ivset_free(&fx->closures);
	hours_free(&fx->hours);
	hours_free(&fx->narrow);
	tz_free(fx->tz);
}

static void
state_is_at(const struct schedule *s, int64_t t, bool staffed, int64_t since,
    int64_t next, int line)
{
	struct sched_state st;
	char a[32], b[32], c[32], d[32], e[32];

	schedule_state(s, t, &st);
	ck_assert_msg(st.staffed == staffed && st.since == since &&
	    st.next == next, "line %d: at %s: got %s since %s next %s, want "
	    "%s since %s next %s", line, fmt(t, e, sizeof(e)),
	    st.staffed ? "staffed" : "closed", fmt(st.since, a, sizeof(a)),
	    fmt(st.next, b, sizeof(b)), staffed ? "staffed" : "closed",
	    fmt(since, c, sizeof(c)), fmt(next, d, sizeof(d)));
}

#define state_is(s, t, staffed, since, next) \
	state_is_at(s, t, staffed, since, next, __LINE__)

/* The two schedules answer T identically. */
static void
same_state(const struct schedule *a, const struct schedule *b, int64_t t)
{
	struct sched_state x, y;
	char c[32], d[32], e[32], f[32], g[32];

	schedule_state(a, t, &x);
	schedule_state(b, t, &y);
	ck_assert_msg(x.staffed == y.staffed && x.since == y.since &&
	    x.next == y.next, "at %s: %d %s..%s vs %d %s..%s",
	    fmt(t, g, sizeof(g)), x.staffed, fmt(x.since, c, sizeof(c)),
	    fmt(x.next, d, sizeof(d)), y.staffed, fmt(y.since, e, sizeof(e)),
	    fmt(y.next, f, sizeof(f)));
}

/* ---- the table and far away --------------------------------------- */

START_TEST(test_weekly)
{
	struct fixture fx;

	fx_init(&fx, "America/New_York", "Mon-Fri 08:00-17:00", NULL);
	fx_compile(&fx, NOW);
	/* Monday 2026-11-23 14:00Z = 09:00 EST: open 13:00Z..22:00Z. */
	state_is(&fx.s, utc(2026, 11, 23, 14, 0), true,
	    utc(2026, 11, 23, 13, 0), utc(2026, 11, 23, 22, 0));
	/* Half-open: open at 13:00Z exactly, closed at 22:00Z exactly. */
	state_is(&fx.s, utc(2026, 11, 23, 13, 0), true,
	    utc(2026, 11, 23, 13, 0), utc(2026, 11, 23, 22, 0));
	state_is(&fx.s, utc(2026, 11, 23, 22, 0), false,
	    utc(2026, 11, 23, 22, 0), utc(2026, 11, 24, 13, 0));
	state_is(&fx.s, utc(2026, 11, 23, 12, 59) + 59, false,
	    utc(2026, 11, 20, 22, 0), utc(2026, 11, 23, 13, 0));
	/* Saturday 2026-11-28: closed from Friday 22:00Z to Monday. */
	state_is(&fx.s, utc(2026, 11, 28, 14, 0), false,
	    utc(2026, 11, 27, 22, 0), utc(2026, 11, 30, 13, 0));
	/* The first Monday of EDT, 2027-03-15, outside the window. */
	state_is(&fx.s, utc(2027, 3, 13, 0, 0), false,
	    utc(2027, 3, 12, 22, 0), utc(2027, 3, 15, 12, 0));
	/* 1971, EDT: Monday 1971-06-14 08:00-17:00 = 12:00Z..21:00Z. */
	state_is(&fx.s, utc(1971, 6, 14, 14, 0), true,
	    utc(1971, 6, 14, 12, 0), utc(1971, 6, 14, 21, 0));
	/* 2098, EST: Saturday 2098-11-22, Monday 2098-11-24 13:00Z. */
	state_is(&fx.s, utc(2098, 11, 22, 14, 0), false,
	    utc(2098, 11, 21, 22, 0), utc(2098, 11, 24, 13, 0));
	/* The domain's ends: Wednesday 1969-12-31 22:00Z closed before 1970
	 * began, so the first state held "always"; Thursday 2099-12-31
	 * closes at 22:00Z and Friday opens after 2099. */
	state_is(&fx.s, 0, false, SCHED_ALWAYS, utc(1970, 1, 1, 13, 0));
	state_is(&fx.s, utc(2099, 12, 31, 23, 0), false,
	    utc(2099, 12, 31, 22, 0), SCHED_NEVER);
	state_is(&fx.s, CIVIL_MAX - 1, false, utc(2099, 12, 31, 22, 0),
	    SCHED_NEVER);
	/* Outside 1970-2099 nothing is staffed, nothing changes. */
	state_is(&fx.s, -1, false, SCHED_ALWAYS, SCHED_NEVER);
	state_is(&fx.s, CIVIL_MAX, false, SCHED_ALWAYS, SCHED_NEVER);
	fx_fini(&fx);
}
END_TEST

START_TEST(test_always_never)
{
	struct fixture fx;
	int64_t at[4];
	bool st[4];
	static const int64_t ts[] = {
		0, 86400 * 400, INT64_C(1795423324) - 8 * 86400,
		INT64_C(1795423324), INT64_C(1795423324) + 40 * 86400,
		INT64_C(3100000000), INT64_C(4102444799)
	};
	size_t i;

	fx_init(&fx, "UTC", "24/7", NULL);
	fx_compile(&fx, NOW);
	for (i = 0; i < sizeof(ts) / sizeof(ts[0]); i++)
		state_is(&fx.s, ts[i], true, SCHED_ALWAYS, SCHED_NEVER);
	ck_assert_uint_eq(schedule_changes(&fx.s, NOW, 4, at, st), 0);
	ck_assert_uint_eq(schedule_changes(&fx.s, 0, 4, at, st), 0);
	fx_fini(&fx);

	fx_init(&fx, "Europe/Paris", "never", NULL);
	fx_compile(&fx, NOW);
	for (i = 0; i < sizeof(ts) / sizeof(ts[0]); i++)
		state_is(&fx.s, ts[i], false, SCHED_ALWAYS, SCHED_NEVER);
	ck_assert_uint_eq(schedule_changes(&fx.s, NOW, 4, at, st), 0);
	fx_fini(&fx);

	/* A 24/7 team compiled at the ends of the span. */
	fx_init(&fx, "UTC", "24/7", NULL);
	fx_compile(&fx, 0);
	state_is(&fx.s, 0, true, SCHED_ALWAYS, SCHED_NEVER);
	state_is(&fx.s, 3600, true, SCHED_ALWAYS, SCHED_NEVER);
	fx_compile(&fx, CIVIL_MAX - 3600);
	state_is(&fx.s, CIVIL_MAX - 1, true, SCHED_ALWAYS, SCHED_NEVER);
	fx_fini(&fx);
}
END_TEST

/* ---- the window's edges ------------------------------------------- */

START_TEST(test_window_edges)
{
	struct fixture fx;
	struct schedule later, earlier;
	int64_t ws = NOW - SCHEDULE_WINDOW_BEFORE, we = NOW +
	    SCHEDULE_WINDOW_AFTER, t;

	fx_init(&fx, "America/New_York", "Mon-Fri 08:00-17:00", NULL);
	fx_compile(&fx, NOW);
	ck_assert_int_eq(fx.s.win_start, ws);
	ck_assert_int_eq(fx.s.win_end, we);
	/* Sunday 2026-11-15 08:42:05Z, just inside: the previous change
	 * (Friday 22:00Z) lies before the window. */
	state_is(&fx.s, ws + 1, false, utc(2026, 11, 13, 22, 0),
	    utc(2026, 11, 16, 13, 0));
	state_is(&fx.s, ws, false, utc(2026, 11, 13, 22, 0),
	    utc(2026, 11, 16, 13, 0));
	/* Saturday 2027-01-02 08:42Z: the next change lies after it. */
	state_is(&fx.s, we - 1, false, utc(2027, 1, 1, 22, 0),
	    utc(2027, 1, 4, 13, 0));
	state_is(&fx.s, we, false, utc(2027, 1, 1, 22, 0),
	    utc(2027, 1, 4, 13, 0));
	fx_fini(&fx);

	/* A shift clipped by the window on each side: 08:00-17:00 UTC every
	 * day, and the window opens and closes at 08:42:04Z. */
	fx_init(&fx, "UTC", "Mon-Sun 08:00-17:00", NULL);
	fx_compile(&fx, NOW);
	state_is(&fx.s, ws + 1, true, utc(2026, 11, 15, 8, 0),
	    utc(2026, 11, 15, 17, 0));
	state_is(&fx.s, we - 1, true, utc(2027, 1, 2, 8, 0),
	    utc(2027, 1, 2, 17, 0));
	/* A closure across each edge, and an extra across the end. */
	ivset_add(&fx.closures, utc(2026, 11, 14, 12, 0),
	    utc(2026, 11, 15, 12, 0));
	ivset_add(&fx.extra, utc(2027, 1, 2, 17, 0), utc(2027, 1, 3, 3, 0));
	fx_compile(&fx, NOW);
	state_is(&fx.s, ws + 1, false, utc(2026, 11, 14, 12, 0),
	    utc(2026, 11, 15, 12, 0));
	state_is(&fx.s, we - 1, true, utc(2027, 1, 2, 8, 0),
	    utc(2027, 1, 3, 3, 0));

	/* Every 7 minutes from 3 days before the window to 3 days after,
	 * the same answers as schedules compiled 5 years later and earlier
	 * (for which all of it is computed on demand). */
	sched_at(&fx, &later, NOW + FIVE_YEARS);
	sched_at(&fx, &earlier, NOW - FIVE_YEARS);
	for (t = ws - 3 * 86400; t < we + 3 * 86400; t += 7 * 60) {
		same_state(&fx.s, &later, t);
		same_state(&fx.s, &earlier, t);
	}
	/* And to the second around each edge. */
	for (t = ws - 90; t < ws + 90; t++)
		same_state(&fx.s, &later, t);
	for (t = we - 90; t < we + 90; t++)
		same_state(&fx.s, &later, t);
	schedule_free(&later);
	schedule_free(&earlier);
	fx_fini(&fx);
}
END_TEST

/* The same sweep for Paris office hours with closures and extras at the
 * window's edges, a DST change inside it and on-demand answers. */
START_TEST(test_window_sweep)
{
	struct fixture fx;
	struct schedule later;
	/* Compiled on Tuesday 2026-10-20 16:00Z: the window holds 10-25. */
	int64_t now = utc(2026, 10, 20, 16, 0), t;
	int64_t ws = now - SCHEDULE_WINDOW_BEFORE, we = now +
	    SCHEDULE_WINDOW_AFTER;

	fx_init(&fx, "Europe/Paris", "Mon-Fri 09:00-18:00; Sat 10:00-12:00",
	    NULL);
	ivset_add(&fx.closures, ws - 3600, ws + 3600);
	ivset_add(&fx.closures, we - 86400, we + 86400);
	ivset_add(&fx.extra, ws - 7200, ws + 7200);
	ivset_add(&fx.extra, we - 2 * 86400, we - 86400 + 1);
	fx_compile(&fx, now);
	sched_at(&fx, &later, now + FIVE_YEARS);
	for (t = ws - 4 * 86400; t < we + 4 * 86400; t += 11 * 60)
		same_state(&fx.s, &later, t);
	schedule_free(&later);
	fx_fini(&fx);
}
END_TEST

/* ---- closures, extras, narrowing ---------------------------------- */

START_TEST(test_closures_extras)
{
	struct fixture fx;

	fx_init(&fx, "America/New_York", "Mon-Fri 08:00-17:00", NULL);
	/* A closure in the middle of Monday's shift. */
	ivset_add(&fx.closures, utc(2026, 11, 23, 15, 0),
	    utc(2026, 11, 23, 16, 0));
	/* A Saturday extra, and one that extends Tuesday's shift. */
	ivset_add(&fx.extra, utc(2026, 11, 28, 10, 0), utc(2026, 11, 28, 12, 0));
	ivset_add(&fx.extra, utc(2026, 11, 24, 22, 0), utc(2026, 11, 24, 23, 0));
	/* An extra entirely inside a closure stays closed. */
	ivset_add(&fx.closures, utc(2026, 11, 29, 0, 0), utc(2026, 11, 30, 0, 0));
	ivset_add(&fx.extra, utc(2026, 11, 29, 10, 0), utc(2026, 11, 29, 12, 0));
	fx_compile(&fx, NOW);
	state_is(&fx.s, utc(2026, 11, 23, 14, 0), true,
	    utc(2026, 11, 23, 13, 0), utc(2026, 11, 23, 15, 0));
	state_is(&fx.s, utc(2026, 11, 23, 15, 30), false,
	    utc(2026, 11, 23, 15, 0), utc(2026, 11, 23, 16, 0));
	state_is(&fx.s, utc(2026, 11, 23, 16, 0), true,
	    utc(2026, 11, 23, 16, 0), utc(2026, 11, 23, 22, 0));
	/* Adjacent extra merges: Tuesday runs 13:00Z..23:00Z. */
	state_is(&fx.s, utc(2026, 11, 24, 14, 0), true,
	    utc(2026, 11, 24, 13, 0), utc(2026, 11, 24, 23, 0));
	state_is(&fx.s, utc(2026, 11, 28, 11, 0), true,
	    utc(2026, 11, 28, 10, 0), utc(2026, 11, 28, 12, 0));
	state_is(&fx.s, utc(2026, 11, 28, 14, 0), false,
	    utc(2026, 11, 28, 12, 0), utc(2026, 11, 30, 13, 0));
	state_is(&fx.s, utc(2026, 11, 29, 11, 0), false,
	    utc(2026, 11, 28, 12, 0), utc(2026, 11, 30, 13, 0));
	fx_fini(&fx);
}
END_TEST

START_TEST(test_long_closure)
{
	struct fixture fx;
	struct schedule far;
	int64_t at[3];
	bool st[3];

	/* Closed 2026-12-01T00:00Z .. 2027-03-01T00:00Z, across the end of
	 * the window (2027-01-02) and a year's end. */
	fx_init(&fx, "America/New_York", "Mon-Fri 08:00-17:00", NULL);
	ivset_add(&fx.closures, utc(2026, 12, 1, 0, 0), utc(2027, 3, 1, 0, 0));
	fx_compile(&fx, NOW);
	sched_at(&fx, &far, NOW + FIVE_YEARS);
	/* Closed since Monday 11-30 22:00Z; opens Monday 2027-03-01 08:00
	 * EST = 13:00Z. */
	state_is(&fx.s, utc(2026, 12, 10, 14, 0), false,
	    utc(2026, 11, 30, 22, 0), utc(2027, 3, 1, 13, 0));
	state_is(&fx.s, utc(2027, 2, 10, 14, 0), false,
	    utc(2026, 11, 30, 22, 0), utc(2027, 3, 1, 13, 0));
	state_is(&far, utc(2026, 12, 10, 14, 0), false,
	    utc(2026, 11, 30, 22, 0), utc(2027, 3, 1, 13, 0));
	state_is(&far, utc(2027, 2, 28, 23, 59), false,
	    utc(2026, 11, 30, 22, 0), utc(2027, 3, 1, 13, 0));
	ck_assert_uint_eq(schedule_changes(&fx.s, utc(2026, 11, 30, 14, 0), 3,
	    at, st), 3);
	ck_assert_int_eq(at[0], utc(2026, 11, 30, 22, 0));
	ck_assert(!st[0]);
	ck_assert_int_eq(at[1], utc(2027, 3, 1, 13, 0));
	ck_assert(st[1]);
	ck_assert_int_eq(at[2], utc(2027, 3, 1, 22, 0));
	ck_assert(!st[2]);
	schedule_free(&far);
	fx_fini(&fx);

	/* A closure of several years: 1975..1990 and 2090..2100. */
	fx_init(&fx, "Europe/Paris", "Mon-Fri 09:00-18:00", NULL);
	ivset_add(&fx.closures, utc(1975, 1, 1, 0, 0), utc(1990, 1, 1, 0, 0));
	ivset_add(&fx.closures, utc(2090, 1, 1, 0, 0), CIVIL_MAX);
	fx_compile(&fx, NOW);
	/* Tue 1974-12-31 09:00-18:00 CET = 08:00Z..17:00Z; Monday
	 * 1990-01-01 09:00 CET (08:00Z) opens again. */
	state_is(&fx.s, utc(1982, 6, 1, 0, 0), false,
	    utc(1974, 12, 31, 17, 0), utc(1990, 1, 1, 8, 0));
	/* Fri 2089-12-30 closes at 17:00Z, never to open again. */
	state_is(&fx.s, utc(2095, 6, 1, 0, 0), false,
	    utc(2089, 12, 30, 17, 0), SCHED_NEVER);
	ck_assert_uint_eq(schedule_changes(&fx.s, utc(2089, 12, 30, 12, 0), 3,
	    at, st), 1);
	ck_assert_int_eq(at[0], utc(2089, 12, 30, 17, 0));
	fx_fini(&fx);
}
END_TEST

START_TEST(test_narrow)
{
	struct fixture fx;

	/* Team 08:00-17:00 New York; the channel only 09:00-12:00. */
	fx_init(&fx, "America/New_York", "Mon-Fri 08:00-17:00",
	    "Mon-Fri 09:00-12:00");
	/* An extra on Saturday is outside the channel's hours... */
	ivset_add(&fx.extra, utc(2026, 11, 28, 14, 0), utc(2026, 11, 28, 16, 0));
	/* ...and a closure narrows it further on Tuesday. */
	ivset_add(&fx.closures, utc(2026, 11, 24, 15, 0),
	    utc(2026, 11, 24, 18, 0));
	fx_compile(&fx, NOW);
	state_is(&fx.s, utc(2026, 11, 23, 13, 30), false,
	    utc(2026, 11, 20, 17, 0), utc(2026, 11, 23, 14, 0));
	state_is(&fx.s, utc(2026, 11, 23, 15, 0), true,
	    utc(2026, 11, 23, 14, 0), utc(2026, 11, 23, 17, 0));
	state_is(&fx.s, utc(2026, 11, 24, 14, 30), true,
	    utc(2026, 11, 24, 14, 0), utc(2026, 11, 24, 15, 0));
	state_is(&fx.s, utc(2026, 11, 28, 15, 0), false,
	    utc(2026, 11, 27, 17, 0), utc(2026, 11, 30, 14, 0));
	/* Far away: Monday 2098-11-24, 09:00 EST = 14:00Z. */
	state_is(&fx.s, utc(2098, 11, 24, 15, 0), true,
	    utc(2098, 11, 24, 14, 0), utc(2098, 11, 24, 17, 0));
	fx_fini(&fx);

	/* Narrowing hours wider than the team's change nothing; a narrow
	 * "never" closes the channel for good. */
	fx_init(&fx, "Europe/Paris", "Mon-Fri 09:00-18:00", "24/7");
	fx_compile(&fx, NOW);
	state_is(&fx.s, utc(2026, 11, 23, 9, 0), true,
	    utc(2026, 11, 23, 8, 0), utc(2026, 11, 23, 17, 0));
	fx_fini(&fx);
	fx_init(&fx, "Europe/Paris", "Mon-Fri 09:00-18:00", "never");
	fx_compile(&fx, NOW);
	state_is(&fx.s, utc(2026, 11, 23, 9, 0), false, SCHED_ALWAYS,
	    SCHED_NEVER);
	fx_fini(&fx);
}
END_TEST

/* ---- changes ------------------------------------------------------ */

START_TEST(test_changes_week)
{
	struct fixture fx;
	int64_t at[12];
	bool st[12];
	/* Monday 2026-11-23 from 14:00Z: the week's changes, EST. */
	const int64_t want[] = {
		utc(2026, 11, 23, 22, 0), utc(2026, 11, 24, 13, 0),
		utc(2026, 11, 24, 22, 0), utc(2026, 11, 25, 13, 0),
		utc(2026, 11, 25, 22, 0), utc(2026, 11, 26, 13, 0),
		utc(2026, 11, 26, 22, 0), utc(2026, 11, 27, 13, 0),
		utc(2026, 11, 27, 22, 0), utc(2026, 11, 30, 13, 0),
	};
	size_t i, n;

	fx_init(&fx, "America/New_York", "Mon-Fri 08:00-17:00", NULL);
	fx_compile(&fx, NOW);
	n = schedule_changes(&fx.s, utc(2026, 11, 23, 14, 0), 10, at, st);
	ck_assert_uint_eq(n, 10);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(at[i], want[i]);
		ck_assert(st[i] == (i % 2 == 1));
	}
	/* Strictly after T: from 13:00Z itself the first is 22:00Z. */
	n = schedule_changes(&fx.s, utc(2026, 11, 23, 13, 0), 1, at, st);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(at[0], utc(2026, 11, 23, 22, 0));
	/* At the end of the span: Thursday 2099-12-31 closes at 22:00Z and
	 * nothing after 2099 is reported. */
	n = schedule_changes(&fx.s, utc(2099, 12, 31, 12, 0), 12, at, st);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(at[0], utc(2099, 12, 31, 13, 0));
	ck_assert_int_eq(at[1], utc(2099, 12, 31, 22, 0));
	/* From before 1970: the first opening, Thursday 1970-01-01. */
	n = schedule_changes(&fx.s, -86400, 1, at, st);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(at[0], utc(1970, 1, 1, 13, 0));
	ck_assert(st[0]);
	fx_fini(&fx);
}
END_TEST

/* The changes after T are exactly the boundaries of the shifts between T
 * and the last change. */
static void
changes_match_shifts(const struct schedule *s, int64_t t)
{
	static int64_t at[1000], want[2100];
	static bool st[1000], wst[2100];
	struct ivset iv = IVSET_INITIALIZER;
	size_t n, m = 0, i;
	char a[32], b[32];

	n = schedule_changes(s, t, 1000, at, st);
	ck_assert_uint_eq(n, 1000);
	for (i = 1; i < n; i++) {
		ck_assert_int_gt(at[i], at[i - 1]);
		ck_assert(st[i] != st[i - 1]);
	}
	schedule_shifts(s, t, at[n - 1] + 1, &iv);
	for (i = 0; i < iv.n; i++) {
		if (iv.v[i].start > t) {
			want[m] = iv.v[i].start;
			wst[m++] = true;
		}
		if (iv.v[i].end <= at[n - 1]) {
			want[m] = iv.v[i].end;
			wst[m++] = false;
		}
	}
	ck_assert_uint_eq(m, n);
	for (i = 0; i < n; i++)
		ck_assert_msg(at[i] == want[i] && st[i] == wst[i],
		    "change %zu: %s %d, shifts say %s %d", i,
		    fmt(at[i], a, sizeof(a)), st[i], fmt(want[i], b, sizeof(b)),
		    wst[i]);
	ivset_free(&iv);
}

START_TEST(test_changes_1000)
{
	struct fixture fx;

	/* 10 changes a week: 1000 run about two years, across the window's
	 * end and four DST changes. */
	fx_init(&fx, "America/New_York", "Mon-Fri 08:00-17:00", NULL);
	fx_compile(&fx, NOW);
	changes_match_shifts(&fx.s, NOW);
	changes_match_shifts(&fx.s, utc(2026, 11, 23, 14, 0));
	changes_match_shifts(&fx.s, utc(1975, 3, 1, 0, 0));
	fx_fini(&fx);

	fx_init(&fx, "Europe/Paris",
	    "Mon-Thu 07:30-16:00; Fri 07:30-16:30; Sat 22:00-02:00", NULL);
	ivset_add(&fx.closures, utc(2026, 12, 24, 0, 0), utc(2027, 1, 4, 0, 0));
	ivset_add(&fx.extra, utc(2027, 2, 6, 8, 0), utc(2027, 2, 6, 12, 0));
	fx_compile(&fx, NOW);
	changes_match_shifts(&fx.s, NOW - 86400);
	changes_match_shifts(&fx.s, utc(2090, 1, 1, 0, 0));
	fx_fini(&fx);
}
END_TEST

START_TEST(test_shifts)
{
	struct fixture fx;
	struct ivset iv = IVSET_INITIALIZER;

	fx_init(&fx, "America/New_York", "Mon-Fri 08:00-17:00", NULL);
	fx_compile(&fx, NOW);
	/* Clipped to [Mon 15:00Z, Tue 14:00Z). */
	schedule_shifts(&fx.s, utc(2026, 11, 23, 15, 0),
	    utc(2026, 11, 24, 14, 0), &iv);
	ck_assert_uint_eq(iv.n, 2);
	ck_assert_int_eq(iv.v[0].start, utc(2026, 11, 23, 15, 0));
	ck_assert_int_eq(iv.v[0].end, utc(2026, 11, 23, 22, 0));
	ck_assert_int_eq(iv.v[1].start, utc(2026, 11, 24, 13, 0));
	ck_assert_int_eq(iv.v[1].end, utc(2026, 11, 24, 14, 0));
	/* The same from outside the window. */
	schedule_shifts(&fx.s, utc(2098, 11, 24, 15, 0),
	    utc(2098, 11, 25, 14, 0), &iv);
	ck_assert_uint_eq(iv.n, 2);
	ck_assert_int_eq(iv.v[0].end, utc(2098, 11, 24, 22, 0));
	ck_assert_int_eq(iv.v[1].start, utc(2098, 11, 25, 13, 0));
	/* An empty or inverted range. */
	schedule_shifts(&fx.s, NOW, NOW, &iv);
	ck_assert_uint_eq(iv.n, 0);
	schedule_shifts(&fx.s, NOW, NOW - 86400, &iv);
	ck_assert_uint_eq(iv.n, 0);
	ivset_free(&iv);
	fx_fini(&fx);
}
END_TEST

/* ---- merging ------------------------------------------------------ */

START_TEST(test_merge_full_days)
{
	struct fixture a, b;
	struct ivset x = IVSET_INITIALIZER, y = IVSET_INITIALIZER;
	static const int64_t ts[] = {
		0, 1, 86400 * 40,
		INT64_C(1772956800),	/* 2026-03-08T08:00Z, NY springs forward */
		INT64_C(1793512800),	/* 2026-11-01T06:00Z, NY falls back */
		INT64_C(1795423324), INT64_C(4102444799)
	};
	int64_t at[2];
	bool st[2];
	size_t i;

	/* Midnight to midnight every day, through every DST change, merges
	 * into one stretch: the same as 24/7 over the whole span. */
	fx_init(&a, "America/New_York", "Mon-Sun 00:00-24:00", NULL);
	fx_init(&b, "America/New_York", "24/7", NULL);
	fx_compile(&a, NOW);
	fx_compile(&b, NOW);
	for (i = 0; i < sizeof(ts) / sizeof(ts[0]); i++) {
		state_is(&a.s, ts[i], true, SCHED_ALWAYS, SCHED_NEVER);
		same_state(&a.s, &b.s, ts[i]);
	}
	ck_assert_uint_eq(schedule_changes(&a.s, 0, 2, at, st), 0);
	/* Shifts over 2026 are a single interval. */
	schedule_shifts(&a.s, utc(2026, 1, 1, 0, 0), utc(2027, 1, 1, 0, 0), &x);
	schedule_shifts(&b.s, utc(2026, 1, 1, 0, 0), utc(2027, 1, 1, 0, 0), &y);
	ck_assert_uint_eq(x.n, 1);
	ck_assert_uint_eq(y.n, 1);
	ck_assert_int_eq(x.v[0].start, y.v[0].start);
	ck_assert_int_eq(x.v[0].end, y.v[0].end);
	/* Except at the domain's edges: the hours cover 1969-12-31 19:00 EST
	 * onwards, but the engine answers only from 1970 to 2099, so the
	 * edges are clipped the same way. */
	schedule_shifts(&a.s, -86400, 86400, &x);
	ck_assert_uint_eq(x.n, 1);
	ck_assert_int_eq(x.v[0].start, 0);
	schedule_shifts(&a.s, CIVIL_MAX - 86400, CIVIL_MAX + 86400, &x);
	ck_assert_uint_eq(x.n, 1);
	ck_assert_int_eq(x.v[0].end, CIVIL_MAX);
	state_is(&a.s, -1, false, SCHED_ALWAYS, SCHED_NEVER);
	state_is(&a.s, CIVIL_MAX, false, SCHED_ALWAYS, SCHED_NEVER);
	fx_fini(&a);
	fx_fini(&b);

	/* Overnight 24-hour ranges chain the same way in Paris. */
	fx_init(&a, "Europe/Paris", "Mon-Sun 02:30-02:30", NULL);
	fx_compile(&a, NOW);
	state_is(&a.s, utc(2026, 3, 29, 1, 30), true, SCHED_ALWAYS,
	    SCHED_NEVER);
	state_is(&a.s, utc(2026, 10, 25, 0, 30), true, SCHED_ALWAYS,
	    SCHED_NEVER);
	fx_fini(&a);
	ivset_free(&x);
	ivset_free(&y);
}
END_TEST

START_TEST(test_merge_pieces)
{
	struct fixture fx;

	/* Nights Fri-Mon and days Mon-Fri touch: Friday 06:00 runs on to
	 * Saturday 06:00, Sunday 22:00 to Tuesday 22:00. Saturday and Sunday
	 * days and the nights of Tue, Wed and Thu stay closed, so these two
	 * rules alone do not cover the week. (UTC.) */
	fx_init(&fx, "UTC", "Fri-Mon 22:00-06:00; Mon-Fri 06:00-22:00", NULL);
	fx_compile(&fx, NOW);
	state_is(&fx.s, utc(2026, 11, 27, 23, 0), true,
	    utc(2026, 11, 27, 6, 0), utc(2026, 11, 28, 6, 0));
	state_is(&fx.s, utc(2026, 11, 23, 12, 0), true,
	    utc(2026, 11, 22, 22, 0), utc(2026, 11, 24, 22, 0));
	state_is(&fx.s, utc(2026, 11, 24, 23, 0), false,
	    utc(2026, 11, 24, 22, 0), utc(2026, 11, 25, 6, 0));
	state_is(&fx.s, utc(2026, 11, 28, 12, 0), false,
	    utc(2026, 11, 28, 6, 0), utc(2026, 11, 28, 22, 0));
	fx_fini(&fx);

	/* With the missing days and nights the week is covered: 24/7 in a
	 * zone with DST, across both changes. */
	fx_init(&fx, "Europe/Paris", "Fri-Mon 22:00-06:00; Mon-Fri 06:00-22:00; "
	    "Sat-Sun 06:00-22:00; Tue-Thu 22:00-06:00", NULL);
	fx_compile(&fx, NOW);
	state_is(&fx.s, utc(2026, 11, 28, 12, 0), true, SCHED_ALWAYS,
	    SCHED_NEVER);
	state_is(&fx.s, utc(2026, 3, 29, 1, 0), true, SCHED_ALWAYS,
	    SCHED_NEVER);
	state_is(&fx.s, utc(1980, 9, 28, 1, 0), true, SCHED_ALWAYS,
	    SCHED_NEVER);
	fx_fini(&fx);

	/* Two ranges of one day that touch merge; a one-minute gap does not. */
	fx_init(&fx, "UTC", "Mon 08:00-12:00,12:00-17:00; Tue 08:00-12:00,"
	    "12:01-17:00", NULL);
	fx_compile(&fx, NOW);
	state_is(&fx.s, utc(2026, 11, 23, 12, 0), true,
	    utc(2026, 11, 23, 8, 0), utc(2026, 11, 23, 17, 0));
	state_is(&fx.s, utc(2026, 11, 24, 12, 0), false,
	    utc(2026, 11, 24, 12, 0), utc(2026, 11, 24, 12, 1));
	fx_fini(&fx);
}
END_TEST

static Suite *
schedule_suite(void)
{
	Suite *s = suite_create("schedule");
	TCase *tc = tcase_create("state");
	TCase *tw = tcase_create("window");
	TCase *tn = tcase_create("changes");

	tcase_add_test(tc, test_weekly);
	tcase_add_test(tc, test_always_never);
	tcase_add_test(tc, test_closures_extras);
	tcase_add_test(tc, test_long_closure);
	tcase_add_test(tc, test_narrow);
	tcase_add_test(tc, test_merge_full_days);
	tcase_add_test(tc, test_merge_pieces);
	suite_add_tcase(s, tc);
	tcase_set_timeout(tw, 60);
	tcase_add_test(tw, test_window_edges);
	tcase_add_test(tw, test_window_sweep);
	suite_add_tcase(s, tw);
	tcase_set_timeout(tn, 60);
	tcase_add_test(tn, test_changes_week);
	tcase_add_test(tn, test_changes_1000);
	tcase_add_test(tn, test_shifts);
	suite_add_tcase(s, tn);
	return s;
}

int
main(void)
{
	SRunner *sr;
	int failed;

	sr = srunner_create(schedule_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
