/* escalate.c - the escalation of one alert along its route (SPEC 7), as a
 * pure function of the configuration and the time.
 *
 * A "staffed" ack_within is a business-hours clock: the deadline is the
 * instant the step's channel has been staffed for that long since the alert
 * reached it, so a report received on Friday evening by a team working
 * Monday to Friday falls due during the following week, and a DST change
 * or a closure moves the deadline exactly as it moves the team's hours.
 */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escalate.h"
#include "route.h"
#include "schedule.h"
#include "snapshot.h"

int
escalate_parse_duration(const char *text, int64_t *secs, bool *staffed,
    char *err, size_t errlen)
{
	const char *p = text;
	char *end;
	long long v;
	int64_t unit;

	if (*p < '0' || *p > '9') {
		snprintf(err, errlen, "\"%s\" must be an integer then s, m, h "
		    "or d, optionally followed by \" staffed\"", text);
		return -1;
	}
	errno = 0;
	v = strtoll(p, &end, 10);
	switch (*end) {
	case 's':
		unit = 1;
		break;
	case 'm':
		unit = 60;
		break;
	case 'h':
		unit = 3600;
		break;
	case 'd':
		unit = 86400;
		break;
	default:
		snprintf(err, errlen, "\"%s\": the number must be followed by "
		    "s, m, h or d", text);
		return -1;
	}
	p = end + 1;
	*staffed = false;
	if (*p == ' ') {
		while (*p == ' ')
			p++;
		if (strcmp(p, "staffed") != 0) {
			snprintf(err, errlen, "\"%s\": only \"staffed\" may "
			    "follow the duration", text);
			return -1;
		}
		*staffed = true;
	} else if (*p != '\0') {
		snprintf(err, errlen, "\"%s\": only \" staffed\" may follow "
		    "the duration", text);
		return -1;
	}
	if (errno != 0 || v <= 0 || v > ESCALATE_MAX_DURATION / unit) {
		snprintf(err, errlen, "\"%s\" is out of range (1s to %lldd)",
		    text, (long long)(ESCALATE_MAX_DURATION / 86400));
		return -1;
	}
	*secs = (int64_t)v * unit;
	return 0;
}

static bool
same_step(const struct step *a, const struct step *b)
{
	return a->team == b->team && a->channel == b->channel;
}

/* The position the route answers at T: its first staffed step, else its
 * unstaffed step (one of the steps when it is one, else nsteps). */
static size_t
answer_at(const struct snapshot *snap, const struct route *r, int64_t t)
{
	struct route_state rs;
	size_t i;

	route_resolve(snap, r, t, &rs, NULL);
	if (rs.staffed)
		return rs.target;
	for (i = 0; i < r->nsteps; i++)
		if (same_step(&r->steps[i], &r->unstaffed))
			return i;
	return r->nsteps;
}

int64_t
escalate_due(const struct snapshot *snap, const struct route *r, size_t step,
    int64_t since)
{
	const struct step *st;
	struct route_state rs;

	if (step >= r->nsteps) {
		/* Waiting on an unstaffed step outside the chain: it moves
		 * as soon as a step opens. */
		route_resolve(snap, r, since, &rs, NULL);
		return rs.staffed ? since : rs.until;
	}
	st = &r->steps[step];
	if (st->ack_within <= 0)
		return SCHED_NEVER;
	if (st->ack_staffed)
		return schedule_staffed_deadline(route_step_schedule(snap, st),
		    since, st->ack_within);
	return since > SCHED_NEVER - st->ack_within ? SCHED_NEVER :
	    since + st->ack_within;
}

void
escalate_open(const struct snapshot *snap, const struct route *r, int64_t t,
    struct escalation *e)
{
	assert(r->nsteps > 0);
	memset(e, 0, sizeof(*e));
	e->step = answer_at(snap, r, t);
	e->since = t;
	e->due = escalate_due(snap, r, e->step, t);
}

bool
escalate_move(const struct snapshot *snap, const struct route *r,
    struct escalation *e)
{
	struct sched_state st;
	int64_t at = e->due;
	size_t j;

	if (e->exhausted || at == SCHED_NEVER)
		return false;
	if (e->step >= r->nsteps) {
		e->step = answer_at(snap, r, at);
		goto moved;
	}
	for (j = e->step + 1; j < r->nsteps; j++) {
		schedule_state(route_step_schedule(snap, &r->steps[j]), at,
		    &st);
		if (st.staffed) {
			e->step = j;
			goto moved;
		}
	}
	if (e->round >= r->repeat) {
		e->exhausted = true;
		e->due = SCHED_NEVER;
		return true;
	}
	e->round++;
	e->step = answer_at(snap, r, at);
moved:
	e->since = at;
	e->due = escalate_due(snap, r, e->step, at);
	/* A waiting alert whose step never opens again stays put. */
	if (e->due != SCHED_NEVER && e->due < at)
		e->due = at;
	return true;
}

const struct step *
escalate_step(const struct route *r, const struct escalation *e)
{
	return e->step < r->nsteps ? &r->steps[e->step] : &r->unstaffed;
}

void
escalate_rebase(const struct snapshot *snap, const struct route *r,
    struct escalation *e)
{
	if (e->step > r->nsteps)
		e->step = r->nsteps - 1;
	if (e->round > r->repeat)
		e->exhausted = true;
	e->due = e->exhausted ? SCHED_NEVER :
	    escalate_due(snap, r, e->step, e->since);
}
