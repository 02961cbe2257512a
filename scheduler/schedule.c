/* schedule.c - compiled staffing functions: a table of exact intervals over
 * a window around the compile time, and the same function computed on
 * demand anywhere else in 1970-2099.
 *
 * staffed = ((hours U extra) \ closures) [ n narrow ]
 *
 * Every computation over [from, to) clips its result to [from, to), so an
 * interval boundary at from or to may be an artifact of the clipping. Code
 * that reports when a state began or ends therefore only trusts boundaries
 * strictly inside the range it computed, and widens the range otherwise.
 */
#include <stdlib.h>

#include "civil.h"
#include "hours.h"
#include "schedule.h"
#include "xmalloc.h"

/* Adds the part of the normalized set FULL inside [from, to) to OUT. */
static void
slice(const struct ivset *full, int64_t from, int64_t to, struct ivset *out)
{
	size_t i;

	ivset_clear(out);
	if (full == NULL)
		return;
	for (i = ivset_search(full, from); i < full->n; i++) {
		if (full->v[i].start >= to)
			break;
		ivset_add(out, full->v[i].start < from ? from : full->v[i].start,
		    full->v[i].end > to ? to : full->v[i].end);
	}
}

/* Replaces OUT's contents with TMP's, and TMP's with OUT's old ones. */
static void
swap(struct ivset *out, struct ivset *tmp)
{
	struct ivset t = *out;

	*out = *tmp;
	*tmp = t;
}

/* OUT = the staffed intervals in [from, to), computed from the inputs. A
 * step whose other operand is empty in the range would only copy its
 * input: it is skipped. */
static void
compute(const struct schedule *s, int64_t from, int64_t to, struct ivset *out)
{
	struct ivset a = IVSET_INITIALIZER, b = IVSET_INITIALIZER;
	struct ivset c = IVSET_INITIALIZER;

	ivset_clear(out);
	if (from < CIVIL_MIN)
		from = CIVIL_MIN;
	if (to > CIVIL_MAX)
		to = CIVIL_MAX;
	if (to <= from)
		return;
	hours_expand(s->hours, s->tz, from, to, out);
	ivset_normalize(out);
	slice(s->extra, from, to, &b);
	if (b.n > 0) {
		ivset_union(&c, out, &b);
		swap(out, &c);
	}
	slice(s->closures, from, to, &b);
	if (b.n > 0 && out->n > 0) {
		ivset_subtract(&c, out, &b);
		swap(out, &c);
	}
	if (s->narrow != NULL && out->n > 0) {
		hours_expand(s->narrow, s->tz, from, to, &a);
		ivset_normalize(&a);
		ivset_intersect(&c, out, &a);
		swap(out, &c);
	}
	ivset_clip(out, from, to);
	ivset_free(&a);
	ivset_free(&b);
	ivset_free(&c);
}

/* Like compute(), from the table when [from, to) lies inside the window. */
static void
range(const struct schedule *s, int64_t from, int64_t to, struct ivset *out)
{
	if (from >= s->win_start && to <= s->win_end)
		slice(&s->table, from, to, out);
	else
		compute(s, from, to, out);
}

/* When the state at T (in 1970..2099) began, or SCHED_ALWAYS: widens
 * backwards until a boundary lies inside (lo, t]. Sets *STAFFED. */
static int64_t
find_since(const struct schedule *s, int64_t t, bool *staffed)
{
	struct ivset iv = IVSET_INITIALIZER;
	int64_t span, lo, since;
	size_t i;

	for (span = 8 * SECS_PER_DAY;; span *= 4) {
		lo = t - span < CIVIL_MIN ? CIVIL_MIN : t - span;
		range(s, lo, t + 1, &iv);
		i = ivset_search(&iv, t);
		*staffed = i < iv.n && iv.v[i].start <= t;
		if (*staffed)
			since = iv.v[i].start;
		else
			since = i > 0 ? iv.v[i - 1].end : lo;
		if (since > lo)
			break;
		if (lo == CIVIL_MIN) {
			since = SCHED_ALWAYS;
			break;
		}
	}
	ivset_free(&iv);
	return since;
}

/* When the state STAFFED at T (in 1970..2099) ends, or SCHED_NEVER: widens
 * forwards until a boundary lies inside (t, hi). */
static int64_t
find_next(const struct schedule *s, int64_t t, bool staffed)
{
	struct ivset iv = IVSET_INITIALIZER;
	int64_t span, hi, next;
	size_t i;

	for (span = 40 * SECS_PER_DAY;; span *= 4) {
		hi = t + span > CIVIL_MAX ? CIVIL_MAX : t + span;
		range(s, t, hi, &iv);
		i = ivset_search(&iv, t);
		if (staffed)
			next = i < iv.n ? iv.v[i].end : t;
		else
			next = i < iv.n ? iv.v[i].start : hi;
		if (next < hi)
			break;
		if (hi == CIVIL_MAX) {
			next = SCHED_NEVER;
			break;
		}
	}
	ivset_free(&iv);
	return next;
}

/*
 * Fills the table and the edges from one computation over the window and a
 * week and a day on each side: a weekly schedule changes state within any
 * eight days, so its edges are found there, with the same rule as
 * find_since() and find_next() (a boundary counts only strictly inside the
 * computed range). Only states longer than that take the widening search.
 */
#define EDGE_MARGIN	(INT64_C(8) * SECS_PER_DAY)

static void
compile_window(struct schedule *s)
{
	struct ivset wide = IVSET_INITIALIZER;
	int64_t lo, hi, t;
	bool staffed;
	size_t i;

	lo = s->win_start - EDGE_MARGIN < CIVIL_MIN ? CIVIL_MIN :
	    s->win_start - EDGE_MARGIN;
	hi = s->win_end + EDGE_MARGIN > CIVIL_MAX ? CIVIL_MAX :
	    s->win_end + EDGE_MARGIN;
	compute(s, lo, hi, &wide);
	slice(&wide, s->win_start, s->win_end, &s->table);

	t = s->win_start;
	i = ivset_search(&wide, t);
	staffed = i < wide.n && wide.v[i].start <= t;
	s->edge_since = staffed ? wide.v[i].start : i > 0 ? wide.v[i - 1].end :
	    lo;
	if (s->edge_since <= lo)
		s->edge_since = lo == CIVIL_MIN ? SCHED_ALWAYS :
		    find_since(s, t, &staffed);

	t = s->win_end - 1;
	i = ivset_search(&wide, t);
	staffed = i < wide.n && wide.v[i].start <= t;
	s->edge_next = staffed ? wide.v[i].end : i < wide.n ?
	    wide.v[i].start : hi;
	if (s->edge_next >= hi)
		s->edge_next = hi == CIVIL_MAX ? SCHED_NEVER :
		    find_next(s, t, staffed);
	ivset_free(&wide);
}

void
schedule_window(int64_t now, int64_t *start, int64_t *end)
{
	*start = now - SCHEDULE_WINDOW_BEFORE;
	*end = now + SCHEDULE_WINDOW_AFTER;
	if (*start < CIVIL_MIN)
		*start = CIVIL_MIN;
	if (*end > CIVIL_MAX)
		*end = CIVIL_MAX;
	if (*end < *start)
		*end = *start;
}

void
schedule_compile(struct schedule *s, int64_t now)
{
	size_t i;

	schedule_window(now, &s->win_start, &s->win_end);
	ivset_init(&s->table);
	/* The true boundaries beyond the window's edges, found once here so
	 * that every state inside the window is a lookup: without them a
	 * state that began before the window (a 24/7 shape written as
	 * ranges, a long closure) would be widened from scratch, back to
	 * 1970 and on to 2099, at every request. */
	s->edge_since = SCHED_ALWAYS;
	s->edge_next = SCHED_NEVER;
	if (s->win_end > s->win_start)
		compile_window(s);
	/* Give back what the set operations over-allocated. */
	if (s->table.n > 0 && s->table.n < s->table.cap) {
		struct interval *v = realloc(s->table.v,
		    s->table.n * sizeof(*v));

		if (v != NULL) {
			s->table.v = v;
			s->table.cap = s->table.n;
		}
	}
	/* Prefix sums of staffed time: a business-hours deadline is then a
	 * binary search, not a walk over the shifts. */
	s->staffed_before = xcalloc(s->table.n + 1,
	    sizeof(*s->staffed_before));
	for (i = 0; i < s->table.n; i++)
		s->staffed_before[i + 1] = s->staffed_before[i] +
		    (s->table.v[i].end - s->table.v[i].start);
}

void
schedule_free(struct schedule *s)
{
	ivset_free(&s->table);
	free(s->staffed_before);
	s->staffed_before = NULL;
}

void
schedule_shifts(const struct schedule *s, int64_t from, int64_t to,
    struct ivset *out)
{
	range(s, from, to, out);
}

/* Looks T up in the table; returns 0 when T lies inside the window. A
 * boundary on the window's edge may be the clipping's: the true one beyond
 * it was found at compile time. */
static int
state_from_table(const struct schedule *s, int64_t t, struct sched_state *st)
{
	const struct ivset *tb = &s->table;
	size_t i;

	if (t < s->win_start || t >= s->win_end)
		return -1;
	i = ivset_search(tb, t);
	st->staffed = i < tb->n && tb->v[i].start <= t;
	if (st->staffed) {
		st->since = tb->v[i].start;
		st->next = tb->v[i].end;
	} else {
		st->since = i > 0 ? tb->v[i - 1].end : s->win_start;
		st->next = i < tb->n ? tb->v[i].start : s->win_end;
	}
	if (st->since <= s->win_start)
		st->since = s->edge_since;
	if (st->next >= s->win_end)
		st->next = s->edge_next;
	return 0;
}

void
schedule_state(const struct schedule *s, int64_t t, struct sched_state *st)
{
	if (state_from_table(s, t, st) == 0)
		return;
	if (t < CIVIL_MIN || t >= CIVIL_MAX) {
		st->staffed = false;
		st->since = SCHED_ALWAYS;
		st->next = SCHED_NEVER;
		return;
	}
	st->since = find_since(s, t, &st->staffed);
	st->next = find_next(s, t, st->staffed);
}

size_t
schedule_changes(const struct schedule *s, int64_t t, size_t n, int64_t *at,
    bool *staffed)
{
	struct ivset iv = IVSET_INITIALIZER;
	int64_t cur = t, hi, chunk = 64 * SECS_PER_DAY;
	size_t count = 0, i;

	if (cur < CIVIL_MIN)
		cur = CIVIL_MIN;
	/* Each pass computes [cur - 1, hi + 1): a boundary strictly inside it
	 * is a real change, and those in (cur, hi] are taken. */
	while (count < n && cur < CIVIL_MAX) {
		hi = cur + chunk > CIVIL_MAX ? CIVIL_MAX : cur + chunk;
		range(s, cur - 1, hi + 1, &iv);
		for (i = 0; i < iv.n && count < n; i++) {
			if (iv.v[i].start > cur && iv.v[i].start <= hi) {
				at[count] = iv.v[i].start;
				staffed[count++] = true;
			}
			if (count < n && iv.v[i].end > cur && iv.v[i].end <= hi &&
			    iv.v[i].end < CIVIL_MAX) {
				at[count] = iv.v[i].end;
				staffed[count++] = false;
			}
		}
		cur = hi;
		if (chunk < 4096 * SECS_PER_DAY)
			chunk *= 2;
	}
	ivset_free(&iv);
	return count;
}

/* Walks the staffed intervals from T in growing chunks, computed on demand,
 * until NEED seconds have passed. */
static int64_t
deadline_computed(const struct schedule *s, int64_t t, int64_t need)
{
	struct ivset iv = IVSET_INITIALIZER;
	int64_t cur = t, hi, len, chunk = 64 * SECS_PER_DAY, u = SCHED_NEVER;
	size_t i;

	if (cur < CIVIL_MIN)
		cur = CIVIL_MIN;
	while (cur < CIVIL_MAX) {
		hi = cur + chunk > CIVIL_MAX ? CIVIL_MAX : cur + chunk;
		range(s, cur, hi, &iv);
		for (i = 0; i < iv.n; i++) {
			len = iv.v[i].end - iv.v[i].start;
			if (len >= need) {
				u = iv.v[i].start + need;
				goto done;
			}
			need -= len;
		}
		cur = hi;
		if (chunk < 4096 * SECS_PER_DAY)
			chunk *= 2;
	}
done:
	ivset_free(&iv);
	return u;
}

int64_t
schedule_staffed_deadline(const struct schedule *s, int64_t t, int64_t need)
{
	const struct ivset *tb = &s->table;
	int64_t before, target;
	size_t i, lo, hi, mid;

	if (need <= 0)
		return t;
	if (t < s->win_start || t >= s->win_end || s->staffed_before == NULL)
		return deadline_computed(s, t, need);
	/* Staffed seconds of the table before T, then the first interval
	 * whose end reaches BEFORE + NEED. */
	i = ivset_search(tb, t);
	before = s->staffed_before[i];
	if (i < tb->n && tb->v[i].start < t)
		before += t - tb->v[i].start;
	target = before + need;
	if (target > s->staffed_before[tb->n])
		return deadline_computed(s, s->win_end,
		    target - s->staffed_before[tb->n]);
	lo = i;
	hi = tb->n - 1;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (s->staffed_before[mid + 1] >= target)
			hi = mid;
		else
			lo = mid + 1;
	}
	return tb->v[lo].start + (target - s->staffed_before[lo]);
}
