/* escalate.h - where an alert stands on its route and when it moves next
 * (SPEC 7). Pure: no clock, no I/O; every instant is a parameter.
 *
 * An alert is at one step of its route. It was sent there at "since"; if
 * nobody acknowledges it by "due" it moves to the next step after it that
 * is staffed at that moment; past the last step it starts again from the
 * first, "repeat" times, then stays where it is, exhausted.
 */
#ifndef ESCALATE_H
#define ESCALATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct snapshot;
struct route;
struct step;

/* The longest ack_within: a year. */
#define ESCALATE_MAX_DURATION	(INT64_C(366) * 86400)

struct escalation {
	size_t	step;		/* index in the route's steps; nsteps: the
				 * route's unstaffed step when it is none of
				 * them */
	long	round;		/* 0 on the first pass over the steps */
	int64_t	since;		/* when the alert reached this step */
	int64_t	due;		/* next move, or SCHED_NEVER */
	bool	exhausted;	/* no move left: stays here */
};

/*
 * Reads a duration: an integer then s, m, h or d, optionally followed by
 * " staffed". Returns 0 with *SECS and *STAFFED set, or -1 with a message
 * in ERR.
 */
int	escalate_parse_duration(const char *text, int64_t *secs, bool *staffed,
	    char *err, size_t errlen);

/* An alert opened at T: the route's answer at T (the first staffed step,
 * else the unstaffed step, where it waits). */
void	escalate_open(const struct snapshot *, const struct route *, int64_t t,
	    struct escalation *);
/* The move at E->due: E becomes the next position (since = the old due).
 * Returns false when E had no move due (due is SCHED_NEVER). */
bool	escalate_move(const struct snapshot *, const struct route *,
	    struct escalation *);
/* When the alert that reached step STEP at SINCE moves on, or SCHED_NEVER:
 * SINCE + ack_within, or with "staffed" the instant the step's channel has
 * been staffed that long (found on its interval table). */
int64_t	escalate_due(const struct snapshot *, const struct route *,
	    size_t step, int64_t since);
/* The step the alert is sent to at E (borrowed). */
const struct step *escalate_step(const struct route *,
	    const struct escalation *);
/*
 * Puts E back on ROUTE as a reloaded configuration defines it: a step past
 * the route's end becomes its last step, and the due time is recomputed
 * from "since" with the step's new ack_within. Rounds beyond the new repeat
 * leave it exhausted.
 */
void	escalate_rebase(const struct snapshot *, const struct route *,
	    struct escalation *);

#endif
