/* schedule.h - a compiled staffing function: the staffed instants of a team
 * (hours, plus extra events, minus closures) or of a channel (the same,
 * narrowed by the channel's own hours).
 *
 * A table of exact intervals is precomputed over a window around the load
 * time, so that the questions asked about "now" are binary searches. Outside
 * the window the same function is computed on demand from the inputs, so the
 * answers are the same for any instant from 1970 to 2099.
 */
#ifndef SCHEDULE_H
#define SCHEDULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "interval.h"

struct tz;
struct hours;

/* Precomputed window around the compile time. */
#define SCHEDULE_WINDOW_BEFORE	(INT64_C(8) * 86400)
#define SCHEDULE_WINDOW_AFTER	(INT64_C(40) * 86400)

/* Sentinels of struct sched_state. */
#define SCHED_NEVER	INT64_MAX	/* next: the state never changes again */
#define SCHED_ALWAYS	INT64_MIN	/* since: the state held since 1970 */

struct schedule {
	const struct tz		*tz;		/* borrowed */
	const struct hours	*hours;		/* borrowed */
	const struct hours	*narrow;	/* borrowed; NULL: no narrowing */
	const struct ivset	*extra;		/* borrowed; normalized; may be NULL */
	const struct ivset	*closures;	/* borrowed; normalized; may be NULL */
	int64_t			 win_start;
	int64_t			 win_end;
	struct ivset		 table;		/* exact inside the window */
	int64_t			*staffed_before; /* per table interval: staffed
						  * seconds of the table before it */
	int64_t			 edge_since;	/* since of the state at win_start */
	int64_t			 edge_next;	/* next of the state at win_end - 1 */
};

struct sched_state {
	bool	staffed;
	int64_t	since;		/* start of the current state, or SCHED_ALWAYS */
	int64_t	next;		/* next change, or SCHED_NEVER */
};

/* The precomputed window around NOW, inside 1970-2099. */
void	schedule_window(int64_t now, int64_t *start, int64_t *end);
/* Fills the table for the window around NOW. The borrowed inputs must be set
 * and outlive the schedule. */
void	schedule_compile(struct schedule *, int64_t now);
void	schedule_free(struct schedule *);

/* The staffed intervals overlapping [from, to), clipped to it, normalized,
 * replacing OUT's contents. */
void	schedule_shifts(const struct schedule *, int64_t from, int64_t to,
	    struct ivset *out);
/* State at T, with when it began and when it next changes. */
void	schedule_state(const struct schedule *, int64_t t, struct sched_state *);
/* The earliest instant U >= T such that [T, U) holds NEED seconds of
 * staffed time (a business-hours clock), or SCHED_NEVER when the schedule
 * is not staffed that long again before 2100. O(log n) inside the window. */
int64_t	schedule_staffed_deadline(const struct schedule *, int64_t t,
	    int64_t need);
/* Up to N state changes strictly after T, in order; returns how many.
 * Changes past 2099 are not reported. */
size_t	schedule_changes(const struct schedule *, int64_t t, size_t n,
	    int64_t *at, bool *staffed);

#endif
