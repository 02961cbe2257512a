/* interval.h - sorted sets of half-open UTC intervals [start, end).
 *
 * The engine's whole answer to "is it staffed at T" is a lookup in one of
 * these. A normalized set is sorted, non-empty intervals, none touching or
 * overlapping another: adjacent intervals are merged, so a change of state
 * happens exactly at every start and every end.
 */
#ifndef INTERVAL_H
#define INTERVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct interval {
	int64_t	start;
	int64_t	end;
};

struct ivset {
	struct interval	*v;
	size_t		 n;
	size_t		 cap;
};

#define IVSET_INITIALIZER	{ NULL, 0, 0 }

void	ivset_init(struct ivset *);
void	ivset_free(struct ivset *);
void	ivset_clear(struct ivset *);
/* Appends without normalizing; empty intervals are dropped. */
void	ivset_add(struct ivset *, int64_t start, int64_t end);
/* Sorts and merges overlapping or adjacent intervals. */
void	ivset_normalize(struct ivset *);
void	ivset_copy(struct ivset *dst, const struct ivset *src);

/* The set operations take normalized inputs and replace OUT (which must not
 * alias an input) with a normalized result. */
void	ivset_union(struct ivset *out, const struct ivset *, const struct ivset *);
void	ivset_subtract(struct ivset *out, const struct ivset *, const struct ivset *);
void	ivset_intersect(struct ivset *out, const struct ivset *, const struct ivset *);
/* Keeps only the parts inside [from, to), in place. */
void	ivset_clip(struct ivset *, int64_t from, int64_t to);

/* Index of the first interval whose end is after T, or n: the interval that
 * contains T if any, else the next one. O(log n). */
size_t	ivset_search(const struct ivset *, int64_t t);
bool	ivset_contains(const struct ivset *, int64_t t);

#endif
