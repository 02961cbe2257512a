/* route.h - escalation chains: the first staffed step of a route, and when
 * the answer changes. */
#ifndef ROUTE_H
#define ROUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "schedule.h"

struct snapshot;
struct route;
struct step;

struct route_state {
	bool		 staffed;	/* some step is staffed */
	bool		 escalated;	/* the target is not the first step */
	size_t		 target;	/* index of the step answered; nsteps = the unstaffed step */
	int64_t		 until;		/* next change of the answer, or SCHED_NEVER */
	int64_t		 opens;		/* when nothing is staffed: the first step's next opening */
};

/* The step's channel schedule (borrowed). */
const struct schedule *route_step_schedule(const struct snapshot *,
	    const struct step *);
/* Resolves ROUTE at T. STEPS, if not NULL, receives each step's state
 * (route->nsteps entries). */
void	route_resolve(const struct snapshot *, const struct route *, int64_t t,
	    struct route_state *, struct sched_state *steps);
/* The step answered for state RS: a step of the route or its unstaffed step. */
const struct step *route_target(const struct route *, const struct route_state *);

#endif
