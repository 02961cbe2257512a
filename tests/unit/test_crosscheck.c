/* test_crosscheck.c - the time engine (hours.c, tz.c, schedule.c) against an
 * independent brute-force oracle built on glibc's localtime_r().
 *
 * For thousands of pseudo-random cases (fixed-seed LCG) - a zone among eight
 * with odd offsets and DST rules, a random hours shape (day masks, wrapping
 * spans, overnight ranges, 24:00 ends, several rules and ranges), a random
 * instant in 1970..2099, often near an offset change or on a boundary, and a
 * compile time near T or years away - the engine's schedule_state(),
 * schedule_changes() and schedule_shifts() must agree with the oracle.
 *
 * The oracle converts a local wall time W to UTC the RFC 5545 way from
 * glibc's offsets alone: u1 = the first instant whose wall time is >= W.
 * If its wall time is W, that is W's first occurrence (an overlap time
 * means its first occurrence). Otherwise W fell in a gap that ends at u1,
 * and W is read with the offset in force before it: W - offset(u1 - 1).
 * The offsets come from a table of transitions found by sampling
 * localtime_r() and bisecting; one case in 32 also checks its first
 * conversions against a plain minute-by-minute scan. mktime() is not used.
 */
#include <check.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "civil.h"
#include "hours.h"
#include "interval.h"
#include "schedule.h"
#include "tz.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
/* check's ck_assert() reports every passing assertion to the runner, which
 * costs a write each: the hot loops below test with this instead. */
#define REQUIRE(c)	do { if (!(c)) ck_abort_msg("%s:%d: %s", __FILE__, \
			    __LINE__, #c); } while (0)
#define CHECK_MSG(c, ...) do { if (!(c)) ck_abort_msg(__VA_ARGS__); } while (0)
#define DAY		INT64_C(86400)
#define CASES_PER_ZONE	1000
#define SPAN_DAYS	14	/* the oracle is exact within T +- this */

static const char *const zones[] = {
	"America/New_York", "Europe/Paris", "Australia/Sydney",
	"Australia/Lord_Howe", "Asia/Kolkata", "Europe/Moscow",
	"America/Sao_Paulo", "Pacific/Chatham"
};

static const char *const day_names[7] = {
	"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"
};

/* ---- pseudo-random numbers ---------------------------------------- */

static uint64_t rng_state = UINT64_C(0x2545f4914f6cdd1d);

static uint64_t
rnd(uint64_t n)
{
	rng_state = rng_state * UINT64_C(6364136223846793005) +
	    UINT64_C(1442695040888963407);
	return (rng_state >> 33) % n;
}

static int64_t
rnd_range(int64_t lo, int64_t hi)		/* [lo, hi) */
{
	uint64_t span = (uint64_t)(hi - lo), r;

	r = (rnd(UINT64_C(1) << 31) << 31) | rnd(UINT64_C(1) << 31);
	return lo + (int64_t)(r % span);
}

/* ---- the glibc oracle --------------------------------------------- */

static void
use_zone(const char *name)
{
	char buf[128];

	snprintf(buf, sizeof(buf), ":%s", name);
	REQUIRE(setenv("TZ", buf, 1) == 0);
	tzset();
}

static int64_t
g_off(int64_t u)
{
	time_t t = (time_t)u;
	struct tm tm;

	REQUIRE(localtime_r(&t, &tm) != NULL);
	return tm.tm_gmtoff;
}

/* The offsets over [lo, hi): segment i is [at[i], at[i + 1]) with offset
 * off[i]; at[0] = lo and at[n] = hi. */
struct segs {
	int64_t	at[64];
	int64_t	off[64];
	size_t	n;
};

/* No two changes of these zones since 1970 lie within six hours of each
 * other; glibc's localtime_r() is slow past a zone file's last transition
 * (it parses the POSIX rule at every call), so sample sparingly. */
#define SAMPLE	(6 * 3600)

static void
segs_build(struct segs *s, int64_t lo, int64_t hi)
{
	int64_t u, a, b, m, o, ob;

	s->n = 0;
	s->at[0] = lo;
	s->off[0] = o = g_off(lo);
	for (u = lo; u < hi; u += SAMPLE) {
		b = u + SAMPLE < hi ? u + SAMPLE : hi;
		ob = g_off(b);
		if (ob == o)
			continue;
		/* The offset changes in (u, b]: bisect to the second. */
		a = u;
		while (b - a > 1) {
			m = a + (b - a) / 2;
			if (g_off(m) == o)
				a = m;
			else
				b = m;
		}
		REQUIRE(s->n + 2 < NELEM(s->at));
		s->n++;
		s->at[s->n] = b;
		s->off[s->n] = o = g_off(b);
		u = b - SAMPLE;		/* resume sampling from the change */
	}
	s->n++;
	s->at[s->n] = hi;
}

/* RFC 5545 local -> UTC from the segment table. */
static int64_t
oracle_to_utc(const struct segs *s, int64_t w)
{
	int64_t cand;
	size_t j;

	for (j = 0; j < s->n; j++) {
		cand = w - s->off[j];
		if (cand < s->at[j])
			cand = s->at[j];
		if (cand >= s->at[j + 1])
			continue;
		if (cand + s->off[j] == w)
			return cand;		/* first occurrence */
		/* A gap ends at at[j]: read W with the offset before it. */
		REQUIRE(j > 0);
		REQUIRE(cand == s->at[j]);
		return w - s->off[j - 1];
	}
	ck_abort_msg("local time %" PRId64 " outside the oracle's table", w);
	return 0;
}

/* The same, literally: scan minute by minute. Offsets in these zones are
 * whole minutes since 1970 and W is a whole minute, so every candidate
 * instant W - offset is on the grid. */
static int64_t
scan_to_utc(int64_t w)
{
	int64_t u;

	for (u = w - 15 * 3600; u <= w + 15 * 3600; u += 60) {
		if (u + g_off(u) < w)
			continue;
		if (u + g_off(u) == w)
			return u;
		return w - g_off(u - 1);
	}
	ck_abort_msg("no instant for local time %" PRId64, w);
	return 0;
}

/* ---- random hours ------------------------------------------------- */

struct rule {
	uint8_t	mask;
	int	n;
	int	start[3];
	int	end[3];		/* minutes, 0..1440 */
};

struct shape {
	struct rule	r[3];
	int		n;
	char		text[256];
};

static int
pick_minute(bool end)
{
	/* Wall times where the zones above change their clocks. */
	static const int special[] = {
		0, 30, 60, 90, 120, 135, 150, 165, 180, 195, 210, 225, 240,
		1380, 1410
	};

	switch (rnd(10)) {
	case 0: case 1: case 2: case 3:
		return special[rnd(NELEM(special))];
	case 4: case 5: case 6: case 7:
		return (int)rnd(96) * 15;
	case 8:
		return (int)rnd(1440);
	default:
		return end ? 1440 : (int)rnd(24) * 60;
	}
}

static void
random_shape(struct shape *sh)
{
	size_t o = 0;
	int i, j, k, a, b, d;

	/* Mostly one or two rules of one or two ranges: dense shapes that
	 * cover the whole week are kept, but few (they make the engine walk
	 * the whole span, which is slow by nature). */
	sh->n = rnd(3) == 0 ? 2 + (int)rnd(2) : 1;
	sh->text[0] = '\0';
	for (i = 0; i < sh->n; i++) {
		struct rule *r = &sh->r[i];
		int nspans = 1 + (int)rnd(2);

		if (i > 0)
			o += (size_t)snprintf(sh->text + o, sizeof(sh->text) - o,
			    "; ");
		r->mask = 0;
		for (k = 0; k < nspans; k++) {
			a = (int)rnd(7);
			b = rnd(3) == 0 ? a : (int)rnd(7);
			for (d = a;; d = (d + 1) % 7) {
				r->mask |= (uint8_t)(1u << d);
				if (d == b)
					break;
			}
			if (a == b)
				o += (size_t)snprintf(sh->text + o,
				    sizeof(sh->text) - o, "%s%s", k ? "," : "",
				    day_names[a]);
			else
				o += (size_t)snprintf(sh->text + o,
				    sizeof(sh->text) - o, "%s%s-%s",
				    k ? "," : "", day_names[a], day_names[b]);
		}
		r->n = rnd(4) == 0 ? 2 + (int)rnd(2) : 1;
		for (j = 0; j < r->n; j++) {
			r->start[j] = pick_minute(false);
			if (r->start[j] == 1440)
				r->start[j] = 0;
			r->end[j] = pick_minute(true);
			o += (size_t)snprintf(sh->text + o, sizeof(sh->text) - o,
			    "%s%02d:%02d-%02d:%02d", j ? "," : " ",
			    r->start[j] / 60, r->start[j] % 60, r->end[j] / 60,
			    r->end[j] % 60);
		}
	}
	REQUIRE(o < sizeof(sh->text));
}

/* ---- the oracle's answer ------------------------------------------ */

struct brute {
	struct interval	v[512];
	size_t		n;
	int64_t		lo, hi;		/* exact within [lo, hi) */
};

static int
iv_cmp(const void *a, const void *b)
{
	const struct interval *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->end > y->end) - (x->end < y->end);
}

static int
weekday(int64_t day)
{
	time_t t = (time_t)(day * DAY);
	struct tm tm;

	REQUIRE(gmtime_r(&t, &tm) != NULL);
	return (tm.tm_wday + 6) % 7;		/* Monday = 0 */
}

/* The staffed intervals around T, merged and cut to 1970..2099. */
static void
brute_build(struct brute *br, const struct shape *sh, const struct segs *sg,
    int64_t t, int64_t span, int scan)
{
	int64_t d0 = t >= 0 ? t / DAY : -((-t + DAY - 1) / DAY), d, ls, le;
	int64_t us, ue;
	size_t i, o;
	int k, j, wd;

	br->n = 0;
	for (d = d0 - span - 4; d <= d0 + span + 4; d++) {
		wd = weekday(d);
		for (k = 0; k < sh->n; k++) {
			const struct rule *r = &sh->r[k];

			if (!(r->mask & (1u << wd)))
				continue;
			for (j = 0; j < r->n; j++) {
				ls = d * DAY + r->start[j] * 60;
				le = (r->end[j] <= r->start[j] ? d + 1 : d) *
				    DAY + r->end[j] * 60;
				us = oracle_to_utc(sg, ls);
				ue = oracle_to_utc(sg, le);
				if (scan > 0) {
					scan--;
					REQUIRE(us == scan_to_utc(ls));
					REQUIRE(ue == scan_to_utc(le));
				}
				if (us < CIVIL_MIN)
					us = CIVIL_MIN;
				if (ue > CIVIL_MAX)
					ue = CIVIL_MAX;
				if (ue <= us)
					continue;
				REQUIRE(br->n < NELEM(br->v));
				br->v[br->n].start = us;
				br->v[br->n++].end = ue;
			}
		}
	}
	qsort(br->v, br->n, sizeof(br->v[0]), iv_cmp);
	for (i = 0, o = 0; i < br->n; i++) {
		if (o > 0 && br->v[i].start <= br->v[o - 1].end) {
			if (br->v[i].end > br->v[o - 1].end)
				br->v[o - 1].end = br->v[i].end;
		} else
			br->v[o++] = br->v[i];
	}
	br->n = o;
	br->lo = t - span * DAY;
	br->hi = t + span * DAY;
}

/* State at T: boundaries strictly inside 1970..2099 are changes. */
static void
brute_state(const struct brute *br, int64_t t, struct sched_state *st)
{
	size_t i;
	int64_t b[2];
	int k;

	st->staffed = false;
	st->since = br->lo <= CIVIL_MIN ? SCHED_ALWAYS : INT64_MIN + 1;
	st->next = br->hi >= CIVIL_MAX ? SCHED_NEVER : INT64_MAX - 1;
	for (i = 0; i < br->n; i++) {
		if (br->v[i].start <= t && t < br->v[i].end)
			st->staffed = true;
		b[0] = br->v[i].start;
		b[1] = br->v[i].end;
		for (k = 0; k < 2; k++) {
			if (b[k] <= CIVIL_MIN || b[k] >= CIVIL_MAX ||
			    b[k] < br->lo || b[k] >= br->hi)
				continue;
			if (b[k] <= t && (st->since == SCHED_ALWAYS ||
			    st->since == INT64_MIN + 1 || b[k] > st->since))
				st->since = b[k];
			if (b[k] > t && (st->next == SCHED_NEVER ||
			    st->next == INT64_MAX - 1 || b[k] < st->next))
				st->next = b[k];
		}
	}
}

/* No change within SPAN_DAYS of T. While the offset stays constant a weekly
 * wall-clock shape then has no change at all (two weeks without one mean
 * the week is covered), but a change of offset can open a gap: a range
 * ending at 03:00 and the next starting at 02:45, read after a spring-forward
 * 02:00 -> 03:00, leave 03:00..03:45 closed. So look near every offset
 * change, walking away from T in DIR, for the nearest change of state. */
static int64_t
brute_far(const struct shape *sh, int64_t t, int dir)
{
	static struct brute far;
	struct sched_state st;
	struct segs sg;
	int64_t u, a, b, m, o, c, step = DAY;

	u = t + dir * SPAN_DAYS * DAY;
	o = g_off(u);
	for (;;) {
		u += dir * step;
		if (u < CIVIL_MIN - 2 * DAY)
			return SCHED_ALWAYS;
		if (u > CIVIL_MAX + 2 * DAY)
			return SCHED_NEVER;
		if (g_off(u) == o)
			continue;
		a = dir > 0 ? u - step : u;
		b = dir > 0 ? u : u + step;
		while (b - a > 1) {
			m = a + (b - a) / 2;
			if (g_off(m) == g_off(a))
				a = m;
			else
				b = m;
		}
		c = b;
		o = g_off(u);
		segs_build(&sg, c - 12 * DAY, c + 12 * DAY);
		brute_build(&far, sh, &sg, c, 3, 0);
		/* Nothing changes between T and C -+ 3 days. */
		brute_state(&far, dir > 0 ? c - 3 * DAY : c + 3 * DAY - 1, &st);
		if (dir > 0 && st.next != INT64_MAX - 1 && st.next != SCHED_NEVER)
			return st.next;
		if (dir < 0 && st.since != INT64_MIN + 1 &&
		    st.since != SCHED_ALWAYS)
			return st.since;
	}
}

/* ---- choosing instants -------------------------------------------- */

/* A random instant, often within days of one of the zone's changes. */
static int64_t
pick_instant(void)
{
	int64_t x = rnd_range(CIVIL_MIN, CIVIL_MAX), u, a, b, m, o;

	if (rnd(5) < 2)
		return x;
	o = g_off(x);
	for (u = x; u < x + 400 * DAY && u < CIVIL_MAX; u += DAY) {
		if (g_off(u) == o)
			continue;
		a = u - DAY;
		b = u;
		while (b - a > 1) {
			m = a + (b - a) / 2;
			if (g_off(m) == o)
				a = m;
			else
				b = m;
		}
		x = b + rnd_range(-3 * DAY, 3 * DAY);
		break;
	}
	if (x < CIVIL_MIN)
		x = CIVIL_MIN;
	if (x >= CIVIL_MAX)
		x = CIVIL_MAX - 1;
	return x;
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
	rem = t - days * DAY;
	civil_from_days(days, &y, &m, &d);
	snprintf(buf, len, "%04d-%02u-%02uT%02d:%02d:%02dZ", y, m, d,
	    (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
	return buf;
}

/* ---- the test ----------------------------------------------------- */

static size_t checked, near_boundary, scanned, in_window, far, covered;

static void
check_case(const char *zone, struct tz *tz, int casen)
{
	struct shape sh;
	struct hours h;
	struct schedule s;
	struct segs sg;
	struct brute br;
	struct sched_state want, got;
	struct ivset iv = IVSET_INITIALIZER;
	char err[256], a[32], b[32], c[32], e[32], f[32];
	int64_t t, now, at[2], lo, hi;
	bool st[2], scan = casen % 32 == 0;
	size_t n, i, j;

	t = pick_instant();
	segs_build(&sg, t - (SPAN_DAYS + 8) * DAY, t + (SPAN_DAYS + 8) * DAY);
	for (;;) {
		random_shape(&sh);
		brute_build(&br, &sh, &sg, t, SPAN_DAYS, scan ? 8 : 0);
		/* Keep one in four shapes that cover all of +-SPAN_DAYS. */
		if (!(br.n == 1 && br.v[0].start <= br.lo &&
		    br.v[0].end >= br.hi) || rnd(4) == 0)
			break;
	}
	if (br.n == 1 && br.v[0].start <= br.lo && br.v[0].end >= br.hi)
		covered++;
	CHECK_MSG(hours_parse(sh.text, &h, err, sizeof(err)) == 0,
	    "\"%s\": %s", sh.text, err);
	/* One case in four sits on a boundary, or a second either side. */
	if (rnd(4) == 0 && br.n > 0) {
		i = (size_t)rnd(br.n);
		t = (rnd(2) ? br.v[i].start : br.v[i].end) +
		    (int64_t)rnd(3) - 1;
		if (t < CIVIL_MIN)
			t = CIVIL_MIN;
		if (t >= CIVIL_MAX)
			t = CIVIL_MAX - 1;
		segs_build(&sg, t - (SPAN_DAYS + 8) * DAY,
		    t + (SPAN_DAYS + 8) * DAY);
		brute_build(&br, &sh, &sg, t, SPAN_DAYS, 0);
		near_boundary++;
	}
	brute_state(&br, t, &want);
	if (want.since == INT64_MIN + 1) {
		want.since = brute_far(&sh, t, -1);
		far++;
	}
	if (want.next == INT64_MAX - 1) {
		want.next = brute_far(&sh, t, 1);
		far++;
	}
	if (scan)
		scanned++;

	/* Compiled at T, near it, or years away. */
	switch (rnd(4)) {
	case 0:
		now = t;
		break;
	case 1:
		now = t + rnd_range(-SCHEDULE_WINDOW_AFTER - DAY,
		    SCHEDULE_WINDOW_BEFORE + DAY);
		break;
	case 2:
		now = t + rnd_range(-60 * DAY, 60 * DAY);
		break;
	default:
		now = rnd_range(CIVIL_MIN, CIVIL_MAX);
		break;
	}
	if (now < CIVIL_MIN)
		now = CIVIL_MIN;
	if (now >= CIVIL_MAX)
		now = CIVIL_MAX - 1;
	memset(&s, 0, sizeof(s));
	s.tz = tz;
	s.hours = &h;
	schedule_compile(&s, now);
	if (t > s.win_start && t < s.win_end)
		in_window++;

	schedule_state(&s, t, &got);
	CHECK_MSG(got.staffed == want.staffed && got.since == want.since &&
	    got.next == want.next, "case %d %s \"%s\" at %s (compiled at %s): "
	    "engine %s since %s next %s; oracle %s since %s next %s", casen,
	    zone, sh.text, fmt(t, a, sizeof(a)), fmt(now, f, sizeof(f)),
	    got.staffed ? "staffed" : "closed", fmt(got.since, b, sizeof(b)),
	    fmt(got.next, c, sizeof(c)), want.staffed ? "staffed" : "closed",
	    fmt(want.since, e, sizeof(e)), fmt(want.next, err, sizeof(err)));

	/* NEXT: the first change is the oracle's next. */
	n = schedule_changes(&s, t, 1, at, st);
	if (want.next == SCHED_NEVER)
		REQUIRE(n == 0);
	else {
		REQUIRE(n == 1);
		REQUIRE(at[0] == want.next);
		REQUIRE(st[0] == !want.staffed);
	}

	/* SHIFTS over four days around T, clipped. */
	lo = t - 2 * DAY;
	hi = t + 2 * DAY;
	schedule_shifts(&s, lo, hi, &iv);
	for (i = 0, j = 0; i < br.n; i++) {
		int64_t x = br.v[i].start > lo ? br.v[i].start : lo;
		int64_t y = br.v[i].end < hi ? br.v[i].end : hi;

		if (x >= y)
			continue;
		CHECK_MSG(j < iv.n && iv.v[j].start == x &&
		    iv.v[j].end == y, "case %d %s \"%s\": shift %zu: oracle "
		    "%s..%s, engine %s..%s", casen, zone, sh.text, j,
		    fmt(x, a, sizeof(a)), fmt(y, b, sizeof(b)),
		    j < iv.n ? fmt(iv.v[j].start, c, sizeof(c)) : "none",
		    j < iv.n ? fmt(iv.v[j].end, e, sizeof(e)) : "none");
		j++;
	}
	REQUIRE(j == iv.n);

	ivset_free(&iv);
	schedule_free(&s);
	hours_free(&h);
	checked++;
}

START_TEST(test_crosscheck)
{
	struct tz *tz;
	char err[256];
	size_t z;
	int i;

	for (z = 0; z < NELEM(zones); z++) {
		tz = tz_load(zones[z], err, sizeof(err));
		ck_assert_msg(tz != NULL, "%s", err);
		use_zone(zones[z]);
		for (i = 0; i < CASES_PER_ZONE; i++)
			check_case(zones[z], tz, i);
		tz_free(tz);
	}
	printf("crosscheck: %zu cases agree (%zu on a boundary, %zu inside "
	    "the window, %zu also minute-scanned, %zu changes found more than "
	    "%d days away, %zu covering +-%d days)\n", checked, near_boundary,
	    in_window, scanned, far, SPAN_DAYS, covered, SPAN_DAYS);
}
END_TEST

static Suite *
crosscheck_suite(void)
{
	Suite *s = suite_create("crosscheck");
	TCase *tc = tcase_create("random");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_crosscheck);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr;
	int failed;

	sr = srunner_create(crosscheck_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
