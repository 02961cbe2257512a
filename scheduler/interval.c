/* interval.c - sorted sets of half-open UTC intervals. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "interval.h"
#include "xmalloc.h"

void
ivset_init(struct ivset *s)
{
	s->v = NULL;
	s->n = s->cap = 0;
}

void
ivset_free(struct ivset *s)
{
	free(s->v);
	ivset_init(s);
}

void
ivset_clear(struct ivset *s)
{
	s->n = 0;
}

static void
ivset_reserve(struct ivset *s, size_t n)
{
	if (n <= s->cap)
		return;
	s->cap = s->cap ? s->cap : 8;
	while (s->cap < n)
		s->cap *= 2;
	s->v = xreallocarray(s->v, s->cap, sizeof(*s->v));
}

void
ivset_add(struct ivset *s, int64_t start, int64_t end)
{
	if (end <= start)
		return;
	ivset_reserve(s, s->n + 1);
	s->v[s->n].start = start;
	s->v[s->n].end = end;
	s->n++;
}

static int
interval_cmp(const void *a, const void *b)
{
	const struct interval *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return 0;
}

void
ivset_normalize(struct ivset *s)
{
	size_t i, o;
	int sorted = 1;

	for (i = 1; i < s->n && sorted; i++)
		if (s->v[i].start < s->v[i - 1].start)
			sorted = 0;
	if (!sorted)
		qsort(s->v, s->n, sizeof(*s->v), interval_cmp);
	for (i = 0, o = 0; i < s->n; i++) {
		if (s->v[i].end <= s->v[i].start)
			continue;
		if (o > 0 && s->v[i].start <= s->v[o - 1].end) {
			if (s->v[i].end > s->v[o - 1].end)
				s->v[o - 1].end = s->v[i].end;
			continue;
		}
		s->v[o++] = s->v[i];
	}
	s->n = o;
}

void
ivset_copy(struct ivset *dst, const struct ivset *src)
{
	assert(dst != src);
	ivset_clear(dst);
	ivset_reserve(dst, src->n);
	if (src->n > 0)
		memcpy(dst->v, src->v, src->n * sizeof(*src->v));
	dst->n = src->n;
}

void
ivset_union(struct ivset *out, const struct ivset *a, const struct ivset *b)
{
	size_t i = 0, j = 0;

	assert(out != a && out != b);
	ivset_clear(out);
	ivset_reserve(out, a->n + b->n);
	/* Merge by start; ivset_normalize() then only coalesces. */
	while (i < a->n || j < b->n) {
		if (j >= b->n || (i < a->n && a->v[i].start <= b->v[j].start))
			out->v[out->n++] = a->v[i++];
		else
			out->v[out->n++] = b->v[j++];
	}
	ivset_normalize(out);
}

void
ivset_subtract(struct ivset *out, const struct ivset *a, const struct ivset *b)
{
	size_t i, j = 0;
	int64_t cur, end;

	assert(out != a && out != b);
	ivset_clear(out);
	for (i = 0; i < a->n; i++) {
		cur = a->v[i].start;
		end = a->v[i].end;
		while (j < b->n && b->v[j].end <= cur)
			j++;
		/* Every cut of B that begins before END splits what is left. */
		for (size_t k = j; k < b->n && b->v[k].start < end; k++) {
			if (b->v[k].start > cur)
				ivset_add(out, cur, b->v[k].start);
			if (b->v[k].end > cur)
				cur = b->v[k].end;
			if (cur >= end)
				break;
		}
		if (cur < end)
			ivset_add(out, cur, end);
	}
}

void
ivset_intersect(struct ivset *out, const struct ivset *a, const struct ivset *b)
{
	size_t i = 0, j = 0;
	int64_t s, e;

	assert(out != a && out != b);
	ivset_clear(out);
	while (i < a->n && j < b->n) {
		s = a->v[i].start > b->v[j].start ? a->v[i].start : b->v[j].start;
		e = a->v[i].end < b->v[j].end ? a->v[i].end : b->v[j].end;
		if (s < e)
			ivset_add(out, s, e);
		if (a->v[i].end < b->v[j].end)
			i++;
		else
			j++;
	}
}

void
ivset_clip(struct ivset *s, int64_t from, int64_t to)
{
	size_t i, o;

	for (i = 0, o = 0; i < s->n; i++) {
		struct interval iv = s->v[i];

		if (iv.start < from)
			iv.start = from;
		if (iv.end > to)
			iv.end = to;
		if (iv.start < iv.end)
			s->v[o++] = iv;
	}
	s->n = o;
}

size_t
ivset_search(const struct ivset *s, int64_t t)
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

bool
ivset_contains(const struct ivset *s, int64_t t)
{
	size_t i = ivset_search(s, t);

	return i < s->n && s->v[i].start <= t;
}
