/* rotation.h - who is on duty: a rotation's turns, restricted by its hours,
 * with calendar overrides on top (SPEC 6), as segments of UTC time each
 * carrying its member.
 *
 * Like a schedule (schedule.h), a rotation keeps a table of exact segments
 * over a window around the compile time, so that "who is on duty now" is a
 * binary search, and computes the same segments on demand anywhere else in
 * 1970-2099. Nothing here touches a clock, a file or a recurrence library:
 * handoffs are wall-clock arithmetic resolved by tz_to_utc(), and the
 * overrides arrive already expanded (calendar.c).
 *
 * Runtime overrides (OVERRIDE verbs, kept in the alerts store) rank above
 * calendar overrides. They fit in without changing this interface's shape:
 * give each override a RANK (calendar = 0, runtime = 1) compared before its
 * start and order in outranks(), append the runtime ones to the same sorted
 * array, and recompile the rotation into a new snapshot when the store
 * changes, as a reload does.
 */
#ifndef ROTATION_H
#define ROTATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tz;
struct hours;

enum rot_unit {
	ROT_HOURS,	/* elapsed time: start + k*N*3600 s */
	ROT_DAYS,	/* the local clock time of start, every N days */
	ROT_WEEKS	/* the same, every 7*N days */
};

/* One override occurrence. Where overrides overlap, the later START wins,
 * then the later ORDER (position in the calendar file). */
struct rot_override {
	int64_t		start;		/* UTC, half-open [start, end) */
	int64_t		end;
	uint32_t	member;		/* index in the team's members */
	uint32_t	order;
};

/* A stretch of time with one person on duty. */
struct rot_seg {
	int64_t		start;
	int64_t		end;
	uint32_t	member;
	bool		override;
};

struct rot_segs {
	struct rot_seg	*v;
	size_t		 n;
	size_t		 cap;
};

#define ROT_SEGS_INITIALIZER	{ NULL, 0, 0 }

/* The state at an instant: who is on duty (if anyone), since when and until
 * when it stays so. SINCE is INT64_MIN when it held since 1970, UNTIL
 * INT64_MAX when it never changes again (the schedule.h sentinels). */
struct rot_duty {
	bool		on;
	bool		override;
	uint32_t	member;		/* when ON */
	int64_t		since;
	int64_t		until;
};

struct rotation_rule {
	/* Inputs, borrowed; set before rotation_compile(). */
	const struct tz			*tz;
	const struct hours		*hours;
	int64_t				 start_local;	/* civil.h local seconds */
	enum rot_unit			 unit;
	int64_t				 length;	/* N >= 1 */
	const uint32_t			*turns;		/* member of turn k mod nturns */
	size_t				 nturns;	/* >= 1 */
	const struct rot_override	*ov;		/* sorted by start */
	size_t				 nov;
	/* Compiled. */
	int64_t				 start_utc;	/* handoff 0 */
	int64_t				 ov_maxlen;	/* longest override */
	int64_t				 win_start;
	int64_t				 win_end;
	int64_t				 tab_lo;	/* the table covers [tab_lo, tab_hi) */
	int64_t				 tab_hi;
	struct rot_segs			 table;
	int64_t				 edge_since;
	int64_t				 edge_until;
};

/* Sorts overrides into the order rotation_rule.ov needs. */
void	rotation_sort_overrides(struct rot_override *, size_t n);
/* Handoff K (K >= 0) in UTC. */
int64_t	rotation_handoff(const struct rotation_rule *, int64_t k);
/* Fills the table for the window around NOW (schedule.h's window). */
void	rotation_compile(struct rotation_rule *, int64_t now);
void	rotation_free(struct rotation_rule *);

void	rot_segs_free(struct rot_segs *);
/* The segments overlapping [from, to), clipped to it, in order, adjacent
 * ones of the same member and kind merged; replaces OUT's contents. */
void	rotation_segments(const struct rotation_rule *, int64_t from,
	    int64_t to, struct rot_segs *out);
/* Who is on duty at T. */
void	rotation_at(const struct rotation_rule *, int64_t t, struct rot_duty *);
/* Up to N changes of duty (someone starts or stops, the member or the kind
 * changes) strictly after T; fills AT and the state from then on in DUTY.
 * Returns how many. */
size_t	rotation_changes(const struct rotation_rule *, int64_t t, size_t n,
	    int64_t *at, struct rot_duty *duty);

#endif
