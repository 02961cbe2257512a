/* route.c - escalation chains resolved at an instant.
 *
 * The answer is the first staffed step. It changes exactly when a step up to
 * and including the answered one changes state (an earlier step opens, or
 * the answered one closes), and, when nothing is staffed, when any step
 * opens; so "until" is the earliest next change among those steps. A
 * rotation's channel also changes when the person on duty does.
 */
#include <assert.h>

#include "route.h"
#include "snapshot.h"

const struct schedule *
route_step_schedule(const struct snapshot *snap, const struct step *st)
{
	const struct team *t = &snap->teams[st->team];

	return channel_schedule(t, &t->channels[st->channel]);
}

void
route_resolve(const struct snapshot *snap, const struct route *r, int64_t t,
    struct route_state *rs, struct sched_state *steps)
{
	struct sched_state st, first = { false, SCHED_ALWAYS, SCHED_NEVER };
	size_t i;

	assert(r->nsteps > 0);
	rs->staffed = false;
	rs->escalated = false;
	rs->target = r->nsteps;
	rs->until = SCHED_NEVER;
	rs->opens = SCHED_NEVER;
	for (i = 0; i < r->nsteps; i++) {
		/* Past the answered step only the caller's per-step view
		 * needs the states. */
		if (rs->staffed && steps == NULL)
			break;
		channel_state(&snap->teams[r->steps[i].team],
		    &snap->teams[r->steps[i].team].channels[r->steps[i].channel],
		    t, &st, NULL);
		if (steps != NULL)
			steps[i] = st;
		if (i == 0)
			first = st;
		if (rs->staffed)
			continue;
		if (st.next < rs->until)
			rs->until = st.next;
		if (st.staffed) {
			rs->staffed = true;
			rs->target = i;
			rs->escalated = i > 0;
		}
	}
	if (!rs->staffed)
		rs->opens = first.next;
}

const struct step *
route_target(const struct route *r, const struct route_state *rs)
{
	return rs->target < r->nsteps ? &r->steps[rs->target] : &r->unstaffed;
}
