/* rotation.c - who is on duty (SPEC 6): turns handed off at a wall-clock
 * time, restricted to the rotation's hours, overrides on top.
 *
 * Every computation over [from, to) clips its segments to [from, to), so a
 * boundary at from or to may be the clipping's. As in schedule.c, since and
 * until only trust boundaries strictly inside the computed range and widen
 * it otherwise; the compiled table remembers the true boundaries beyond its
 * own edges.
 */
#include <assert.h>
#include <stdlib.h>

#include "civil.h"
#include "hours.h"
#include "interval.h"
#include "rotation.h"
#include "schedule.h"
#include "tz.h"
#include "xmalloc.h"

#define EDGE_MARGIN	(INT64_C(8) * SECS_PER_DAY)

static int
ov_cmp(const void *a, const void *b)
{
	const struct rot_override *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

void
rotation_sort_overrides(struct rot_override *v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof(*v), ov_cmp);
}

static int
time_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* True when A wins over B where both cover an instant. */
static bool
outranks(const struct rot_override *a, const struct rot_override *b)
{
	return ov_cmp(a, b) > 0;
}

static void
segs_add(struct rot_segs *s, int64_t start, int64_t end, uint32_t member,
    bool override)
{
	struct rot_seg *last;

	if (end <= start)
		return;
	last = s->n > 0 ? &s->v[s->n - 1] : NULL;
	if (last != NULL && last->end == start && last->member == member &&
	    last->override == override) {
		last->end = end;
		return;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 8;
		s->v = xreallocarray(s->v, s->cap, sizeof(*s->v));
	}
	s->v[s->n].start = start;
	s->v[s->n].end = end;
	s->v[s->n].member = member;
	s->v[s->n].override = override;
	s->n++;
}

void
rot_segs_free(struct rot_segs *s)
{
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}

/* Days between handoffs for d and w. */
static int64_t
period_days(const struct rotation_rule *r)
{
	return r->unit == ROT_WEEKS ? 7 * r->length : r->length;
}

int64_t
rotation_handoff(const struct rotation_rule *r, int64_t k)
{
	if (r->unit == ROT_HOURS)
		return r->start_utc + k * r->length * 3600;
	/* The clock time of start on the date k periods later, resolved with
	 * SPEC 2's rules: a gap takes the offset before it, an overlap its
	 * first occurrence. */
	return tz_to_utc(r->tz, r->start_local +
	    k * period_days(r) * SECS_PER_DAY);
}

/* The turn in force at T (T >= start_utc). */
static int64_t
turn_at(const struct rotation_rule *r, int64_t t)
{
	int64_t p = r->unit == ROT_HOURS ? r->length * 3600 :
	    period_days(r) * SECS_PER_DAY;
	int64_t k = (t - r->start_utc) / p;

	/* Offsets move a d/w handoff by hours at most: the estimate is off by
	 * one turn at worst. */
	while (k > 0 && rotation_handoff(r, k) > t)
		k--;
	while (rotation_handoff(r, k + 1) <= t)
		k++;
	return k;
}

/* The regular turns inside the hours, over [from, to). */
static void
base_segments(const struct rotation_rule *r, int64_t from, int64_t to,
    struct rot_segs *out)
{
	struct ivset hv = IVSET_INITIALIZER;
	int64_t k, hs, he, a, b;
	size_t i = 0;
	uint32_t m;

	if (from < r->start_utc)
		from = r->start_utc;
	if (to <= from)
		return;
	hours_expand(r->hours, r->tz, from, to, &hv);
	ivset_normalize(&hv);
	ivset_clip(&hv, from, to);
	if (hv.n == 0)
		goto done;
	k = turn_at(r, hv.v[0].start);
	hs = rotation_handoff(r, k);
	for (; i < hv.n; k++, hs = he) {
		he = rotation_handoff(r, k + 1);
		m = r->turns[(size_t)(k % (int64_t)r->nturns)];
		/* Each hours interval meeting turn k, cut to it. */
		for (; i < hv.n && hv.v[i].start < he; i++) {
			a = hv.v[i].start > hs ? hv.v[i].start : hs;
			b = hv.v[i].end < he ? hv.v[i].end : he;
			segs_add(out, a, b, m, false);
			if (hv.v[i].end > he)
				break;	/* continues into the next turn */
		}
	}
done:
	ivset_free(&hv);
}

/*
 * The overrides over [from, to): each elementary piece between two of
 * their boundaries goes to the highest-ranking override covering it.
 */
static void
override_segments(const struct rotation_rule *r, int64_t from, int64_t to,
    struct rot_segs *out)
{
	size_t lo = 0, hi = r->nov, mid, first, i, j, nb = 0, nl = 0;
	const struct rot_override **l = NULL, *w;
	int64_t *bnd, a, b;

	/* Overrides starting before TO; of those, the ones still running
	 * after FROM can start no earlier than from - ov_maxlen. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (r->ov[mid].start < to)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (first = lo; first > 0 &&
	    r->ov[first - 1].start > from - r->ov_maxlen - 1; first--)
		;
	for (i = first; i < lo; i++)
		if (r->ov[i].end > from)
			nl++;
	if (nl == 0)
		return;
	l = xcalloc(nl, sizeof(*l));
	bnd = xcalloc(2 * nl + 2, sizeof(*bnd));
	nl = 0;
	for (i = first; i < lo; i++) {
		if (r->ov[i].end <= from)
			continue;
		l[nl++] = &r->ov[i];
		bnd[nb++] = r->ov[i].start < from ? from : r->ov[i].start;
		bnd[nb++] = r->ov[i].end > to ? to : r->ov[i].end;
	}
	qsort(bnd, nb, sizeof(*bnd), time_cmp);
	for (i = 0; i + 1 < nb; i++) {
		a = bnd[i];
		b = bnd[i + 1];
		if (a == b)
			continue;
		w = NULL;
		for (j = 0; j < nl; j++)
			if (l[j]->start <= a && l[j]->end >= b &&
			    (w == NULL || outranks(l[j], w)))
				w = l[j];
		if (w != NULL)
			segs_add(out, a, b, w->member, true);
	}
	free(l);
	free(bnd);
}

/* OUT = the duty segments over [from, to), computed from the inputs: the
 * regular turns where no override covers them, and the overrides. */
static void
compute(const struct rotation_rule *r, int64_t from, int64_t to,
    struct rot_segs *out)
{
	struct rot_segs base = ROT_SEGS_INITIALIZER, ov = ROT_SEGS_INITIALIZER;
	size_t i, j = 0, k = 0;
	int64_t cur;

	out->n = 0;
	if (from < CIVIL_MIN)
		from = CIVIL_MIN;
	if (to > CIVIL_MAX)
		to = CIVIL_MAX;
	if (to <= from)
		return;
	base_segments(r, from, to, &base);
	if (r->nov > 0)
		override_segments(r, from, to, &ov);
	/* Merge by start: the parts of each regular segment outside every
	 * override, and the overrides themselves. */
	for (i = 0; i < base.n; i++) {
		cur = base.v[i].start;
		while (cur < base.v[i].end) {
			while (k < ov.n && ov.v[k].end <= cur)
				k++;
			while (j < ov.n && ov.v[j].start <= cur) {
				segs_add(out, ov.v[j].start, ov.v[j].end,
				    ov.v[j].member, true);
				j++;
			}
			if (k < ov.n && ov.v[k].start <= cur) {
				cur = ov.v[k].end;
				continue;
			}
			if (k < ov.n && ov.v[k].start < base.v[i].end) {
				segs_add(out, cur, ov.v[k].start,
				    base.v[i].member, false);
				cur = ov.v[k].start;
				continue;
			}
			segs_add(out, cur, base.v[i].end, base.v[i].member,
			    false);
			cur = base.v[i].end;
		}
	}
	for (; j < ov.n; j++)
		segs_add(out, ov.v[j].start, ov.v[j].end, ov.v[j].member, true);
	rot_segs_free(&base);
	rot_segs_free(&ov);
}

/* Index of the first segment whose end is after T. */
static size_t
seg_search(const struct rot_segs *s, int64_t t)
{
	size_t lo = 0, hi = s->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (s->v[mid].end <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The state at T from segments S computed over [lo, hi); boundaries at lo
 * or hi are reported as lo or hi for the caller to judge. */
static void
state_in(const struct rot_segs *s, int64_t lo, int64_t hi, int64_t t,
    struct rot_duty *d)
{
	size_t i = seg_search(s, t);

	d->on = i < s->n && s->v[i].start <= t;
	d->override = d->on && s->v[i].override;
	d->member = d->on ? s->v[i].member : 0;
	if (d->on) {
		d->since = s->v[i].start;
		d->until = s->v[i].end;
	} else {
		d->since = i > 0 ? s->v[i - 1].end : lo;
		d->until = i < s->n ? s->v[i].start : hi;
	}
}

/* The state at T (in 1970..2099) computed on demand, widening the range
 * until both boundaries lie strictly inside it. */
static void
state_slow(const struct rotation_rule *r, int64_t t, struct rot_duty *d)
{
	struct rot_segs s = ROT_SEGS_INITIALIZER;
	struct rot_duty x;
	int64_t span, lo, hi;

	for (span = 8 * SECS_PER_DAY;; span *= 4) {
		lo = t - span < CIVIL_MIN ? CIVIL_MIN : t - span;
		compute(r, lo, t + 1, &s);
		state_in(&s, lo, t + 1, t, d);
		if (d->since > lo)
			break;
		if (lo == CIVIL_MIN) {
			d->since = SCHED_ALWAYS;
			break;
		}
	}
	for (span = 40 * SECS_PER_DAY;; span *= 4) {
		hi = t + span > CIVIL_MAX ? CIVIL_MAX : t + span;
		compute(r, t, hi, &s);
		state_in(&s, t, hi, t, &x);
		d->until = x.until;
		if (d->until < hi)
			break;
		if (hi == CIVIL_MAX) {
			d->until = SCHED_NEVER;
			break;
		}
	}
	rot_segs_free(&s);
}

void
rotation_compile(struct rotation_rule *r, int64_t now)
{
	struct rot_duty d;
	size_t i;

	assert(r->nturns > 0 && r->length > 0);
	r->start_utc = tz_to_utc(r->tz, r->start_local);
	r->ov_maxlen = 0;
	for (i = 0; i < r->nov; i++)
		if (r->ov[i].end - r->ov[i].start > r->ov_maxlen)
			r->ov_maxlen = r->ov[i].end - r->ov[i].start;
	schedule_window(now, &r->win_start, &r->win_end);
	r->table.v = NULL;
	r->table.n = r->table.cap = 0;
	r->tab_lo = r->tab_hi = r->win_start;
	r->edge_since = SCHED_ALWAYS;
	r->edge_until = SCHED_NEVER;
	if (r->win_end == r->win_start)
		return;
	r->tab_lo = r->win_start - EDGE_MARGIN < CIVIL_MIN ? CIVIL_MIN :
	    r->win_start - EDGE_MARGIN;
	r->tab_hi = r->win_end + EDGE_MARGIN > CIVIL_MAX ? CIVIL_MAX :
	    r->win_end + EDGE_MARGIN;
	compute(r, r->tab_lo, r->tab_hi, &r->table);
	/* Give back what the doubling over-allocated. */
	if (r->table.n > 0 && r->table.n < r->table.cap) {
		struct rot_seg *v = realloc(r->table.v, r->table.n *
		    sizeof(*v));

		if (v != NULL) {
			r->table.v = v;
			r->table.cap = r->table.n;
		}
	}
	/* The true boundaries of the states at the window's edges, once, so
	 * that every state inside the window is a lookup. */
	state_slow(r, r->win_start, &d);
	r->edge_since = d.since;
	state_slow(r, r->win_end - 1, &d);
	r->edge_until = d.until;
}

void
rotation_free(struct rotation_rule *r)
{
	rot_segs_free(&r->table);
}

void
rotation_segments(const struct rotation_rule *r, int64_t from, int64_t to,
    struct rot_segs *out)
{
	size_t i;

	out->n = 0;
	if (from >= r->tab_lo && to <= r->tab_hi && r->tab_hi > r->tab_lo) {
		for (i = seg_search(&r->table, from); i < r->table.n &&
		    r->table.v[i].start < to; i++)
			segs_add(out, r->table.v[i].start < from ? from :
			    r->table.v[i].start, r->table.v[i].end > to ? to :
			    r->table.v[i].end, r->table.v[i].member,
			    r->table.v[i].override);
		return;
	}
	compute(r, from, to, out);
}

void
rotation_at(const struct rotation_rule *r, int64_t t, struct rot_duty *d)
{
	if (t >= r->win_start && t < r->win_end) {
		state_in(&r->table, r->tab_lo, r->tab_hi, t, d);
		/* A state reaching the table's edge reaches the window's
		 * edge too: its true boundary was found at compile time. */
		if (d->since <= r->tab_lo)
			d->since = r->edge_since;
		if (d->until >= r->tab_hi)
			d->until = r->edge_until;
		return;
	}
	if (t < CIVIL_MIN || t >= CIVIL_MAX) {
		d->on = d->override = false;
		d->member = 0;
		d->since = SCHED_ALWAYS;
		d->until = SCHED_NEVER;
		return;
	}
	state_slow(r, t, d);
}

size_t
rotation_changes(const struct rotation_rule *r, int64_t t, size_t n,
    int64_t *at, struct rot_duty *duty)
{
	struct rot_duty d;
	size_t count = 0;

	rotation_at(r, t, &d);
	while (count < n && d.until != SCHED_NEVER && d.until < CIVIL_MAX) {
		t = d.until;
		rotation_at(r, t, &d);
		at[count] = t;
		duty[count++] = d;
	}
	return count;
}
