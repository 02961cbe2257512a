/* feed.h - iCalendar export of a team's staffed hours, and of who handles a
 * route when.
 *
 * A feed expanded by a standard RFC 5545 expander over the export horizon
 * yields exactly the engine's shifts over that horizon.
 */
#ifndef FEED_H
#define FEED_H

#include <stdint.h>

struct snapshot;
struct team;
struct route;
struct rotation;
struct entity;

/*
 * The horizon a feed is exact over: [now - FEED_BEFORE, now + FEED_AFTER).
 * Fuzzing builds (see calendar.c) write the same feeds over a shorter
 * horizon: a route's feed holds one event per change of its answer, and
 * 431 days of them cost a fuzzed input a fifth of a second.
 */
#define FEED_BEFORE	(INT64_C(31) * 86400)
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
#define FEED_AFTER	(INT64_C(40) * 86400)
#else
#define FEED_AFTER	(INT64_C(400) * 86400)
#endif

/* VCALENDAR text with CRLF line ends; caller frees. NULL only when out of
 * memory. */
char	*feed_team(const struct snapshot *, const struct team *, int64_t now);
char	*feed_route(const struct snapshot *, const struct route *, int64_t now);
/* The feed of any id: a team, a route, a rotation or a member. */
char	*feed_entity(const struct snapshot *, const struct entity *,
	    int64_t now);
/* Who is on duty in rotation R of team T, one event per turn (SUMMARY names
 * the member); with MEMBER >= 0, only that member's turns ("my shifts"). */
char	*feed_rotation(const struct team *, const struct rotation *, int member,
	    int64_t now);

#endif
