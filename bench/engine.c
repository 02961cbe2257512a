/* engine.c - the engine in-process, without sockets: status lookups and
 * next-change queries at random instants, the compile time per team, and
 * the same teams' weekly hours expanded by libical's recurrence iterator
 * over the same window, for comparison.
 *
 *	engine -c CONFIG [-t NOW] [-l SECONDS]
 *
 * Prints key=value lines:
 *	teams, rules (weekly hours ranges given to libical)
 *	lookups_per_s    schedule_state() at random instants in the window
 *	next_per_s       schedule_changes(.., 1, ..) at random instants
 *	rot_lookups_per_s  rotation_at() ("who is on duty") at random
 *	                 (rotation, instant) pairs in the window, when the
 *	                 configuration has rotations
 *	                 (both: best of three runs)
 *	compile_us_per_team   snapshot_compile() of every team (hours,
 *	                 closures, extras, channel narrowing), best of 3
 *	libical_us_per_team   icalcomponent_foreach_recurrence() over the
 *	                 same window for every weekly rule, summed per team
 *	libical_ratio    libical time / compile time
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libical/ical.h>

#include "civil.h"
#include "diag.h"
#include "hours.h"
#include "schedule.h"
#include "snapshot.h"
#include "tz.h"

static uint64_t rng = 0x2545f4914f6cdd1du;

static inline uint64_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double
cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Lookups at random (team, instant) pairs for about SECS seconds. */
static double
bench_lookups(const struct snapshot *snap, double secs, unsigned *sink)
{
	const uint64_t batch = 1 << 20;
	struct sched_state st;
	uint64_t n = 0, i, span;
	double t0 = now_s(), t;
	const struct schedule *s;

	do {
		for (i = 0; i < batch; i++) {
			uint64_t r = rnd();

			s = &snap->teams[(r >> 32) % snap->nteams].sched;
			span = (uint64_t)(s->win_end - s->win_start);
			schedule_state(s, s->win_start + (int64_t)(r % span),
			    &st);
			*sink += st.staffed + (unsigned)st.next;
		}
		n += batch;
		t = now_s() - t0;
	} while (t < secs);
	return (double)n / t;
}

/* "Who is on duty" at random (rotation, instant) pairs: the rotations are
 * gathered first so that a lookup is one table search, as the daemon's. */
static double
bench_rotations(const struct snapshot *snap, double secs, unsigned *sink)
{
	const uint64_t batch = 1 << 20;
	const struct rotation_rule **rv;
	struct rot_duty d;
	uint64_t n = 0, i, span;
	size_t nr = 0, a, b;
	double t0, t;

	for (a = 0; a < snap->nteams; a++)
		nr += snap->teams[a].nrotations;
	if (nr == 0)
		return 0;
	rv = calloc(nr, sizeof(*rv));
	nr = 0;
	for (a = 0; a < snap->nteams; a++)
		for (b = 0; b < snap->teams[a].nrotations; b++)
			rv[nr++] = &snap->teams[a].rotations[b].rule;
	t0 = now_s();
	do {
		for (i = 0; i < batch; i++) {
			uint64_t r = rnd();
			const struct rotation_rule *ru = rv[(r >> 32) % nr];

			span = (uint64_t)(ru->win_end - ru->win_start);
			rotation_at(ru, ru->win_start + (int64_t)(r % span), &d);
			*sink += d.member + (unsigned)d.until;
		}
		n += batch;
		t = now_s() - t0;
	} while (t < secs);
	free(rv);
	return (double)n / t;
}

static double
bench_next(const struct snapshot *snap, double secs, unsigned *sink)
{
	const uint64_t batch = 1 << 12;
	uint64_t n = 0, i, span;
	double t0 = now_s(), t;
	const struct schedule *s;
	int64_t at;
	bool staffed;

	do {
		for (i = 0; i < batch; i++) {
			uint64_t r = rnd();

			s = &snap->teams[(r >> 32) % snap->nteams].sched;
			span = (uint64_t)(s->win_end - s->win_start);
			*sink += (unsigned)schedule_changes(s, s->win_start +
			    (int64_t)(r % span), 1, &at, &staffed);
			*sink += (unsigned)at;
		}
		n += batch;
		t = now_s() - t0;
	} while (t < secs);
	return (double)n / t;
}

static void
count_cb(icalcomponent *comp, struct icaltime_span *span, void *data)
{
	(void)comp;
	(void)span;
	(*(size_t *)data)++;
}

/* One VEVENT per weekly range: DTSTART at the range's local start on the
 * Monday before the window, in the team's zone, RRULE:FREQ=WEEKLY with the
 * range's days; the duration as written (a range past midnight ends the
 * next day). */
static icalcomponent *
rule_event(const struct team *t, const struct hours_range *r, int64_t from,
    icaltimezone *zone)
{
	static const char *const days[7] = { "MO", "TU", "WE", "TH", "FR",
	    "SA", "SU" };
	struct icaltimetype dt;
	struct icaldurationtype dur;
	struct icalrecurrencetype rec;
	icalcomponent *ev;
	char rrule[64];
	int64_t d = days_of(from) - 1;
	int y, i, len;
	unsigned m, dd, minutes;

	(void)t;
	d -= weekday_of_days(d);		/* the Monday before */
	civil_from_days(d, &y, &m, &dd);
	dt = icaltime_null_time();
	dt.year = y;
	dt.month = (int)m;
	dt.day = (int)dd;
	dt.hour = r->start / 60;
	dt.minute = r->start % 60;
	dt = icaltime_set_timezone(&dt, zone);
	minutes = r->end > r->start ? (unsigned)(r->end - r->start) :
	    (unsigned)(1440 - r->start + r->end);
	dur = icaldurationtype_null_duration();
	dur.hours = minutes / 60;
	dur.minutes = minutes % 60;
	len = snprintf(rrule, sizeof(rrule), "FREQ=WEEKLY;BYDAY=");
	for (i = 0; i < 7; i++)
		if (r->days & (1u << i))
			len += snprintf(rrule + len, sizeof(rrule) - (size_t)len,
			    "%s%s", rrule[len - 1] == '=' ? "" : ",", days[i]);
	rec = icalrecurrencetype_from_string(rrule);
	ev = icalcomponent_vanew(ICAL_VEVENT_COMPONENT,
	    icalproperty_new_uid("bench"), icalproperty_new_rrule(rec), 0);
	icalcomponent_set_dtstart(ev, dt);
	icalcomponent_set_duration(ev, dur);
	return ev;
}

int
main(int argc, char *argv[])
{
	struct diags d = DIAGS_INITIALIZER;
	struct snapshot *snap;
	const char *path = NULL;
	double secs = 1.0, t0, best = 1e30, lib = 0, lookups, next, rot;
	int64_t now = (int64_t)time(NULL);
	icalcomponent **evs = NULL;
	size_t i, j, nev = 0, cap = 0, occ = 0, weekly = 0;
	unsigned sink = 0;
	int ch, k;

	while ((ch = getopt(argc, argv, "c:l:t:")) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		case 'l':
			secs = strtod(optarg, NULL);
			break;
		case 't':
			now = strtoll(optarg, NULL, 10);
			break;
		default:
			goto usage;
		}
	}
	if (path == NULL)
		goto usage;
	if ((snap = snapshot_load(path, now, &d)) == NULL) {
		diags_print(&d, stderr);
		return 78;
	}
	printf("teams=%zu\n", snap->nteams);

	for (k = 0; k < 3; k++) {
		t0 = cpu_s();
		snapshot_compile(snap, now);
		t0 = cpu_s() - t0;
		if (t0 < best)
			best = t0;
	}

	/* Best of three runs: other processes on a shared machine only ever
	 * slow a run down. */
	lookups = next = 0;
	for (k = 0; k < 3; k++) {
		double l = bench_lookups(snap, secs / 3, &sink);
		double x = bench_next(snap, secs / 6, &sink);

		if (l > lookups)
			lookups = l;
		if (x > next)
			next = x;
	}
	printf("lookups_per_s=%.0f\nlookup_ns=%.1f\n", lookups, 1e9 / lookups);
	printf("next_per_s=%.0f\nnext_ns=%.1f\n", next, 1e9 / next);
	rot = 0;
	for (k = 0; k < 3; k++) {
		double x = bench_rotations(snap, secs / 3, &sink);

		if (x > rot)
			rot = x;
	}
	if (rot > 0)
		printf("rot_lookups_per_s=%.0f\nrot_lookup_ns=%.1f\n", rot,
		    1e9 / rot);

	/* libical over the same window, on the same weekly rules. The
	 * components are built before the clock starts. */
	for (i = 0; i < snap->nteams; i++) {
		const struct team *t = &snap->teams[i];
		icaltimezone *zone;

		if (t->hours.kind != HOURS_WEEKLY)
			continue;
		weekly++;
		zone = icaltimezone_get_builtin_timezone(t->timezone);
		if (zone == NULL) {
			fprintf(stderr, "libical has no zone %s\n", t->timezone);
			return 1;
		}
		for (j = 0; j < t->hours.n; j++) {
			if (nev == cap) {
				cap = cap ? cap * 2 : 256;
				evs = realloc(evs, cap * sizeof(*evs));
				if (evs == NULL)
					abort();
			}
			evs[nev++] = rule_event(t, &t->hours.r[j],
			    t->sched.win_start, zone);
		}
	}
	{
		struct icaltimetype from, to;
		const struct schedule *s0 = &snap->teams[0].sched;

		from = icaltime_from_timet_with_zone((time_t)s0->win_start, 0,
		    icaltimezone_get_utc_timezone());
		to = icaltime_from_timet_with_zone((time_t)s0->win_end, 0,
		    icaltimezone_get_utc_timezone());
		t0 = cpu_s();
		for (i = 0; i < nev; i++)
			icalcomponent_foreach_recurrence(evs[i], from, to,
			    count_cb, &occ);
		lib = cpu_s() - t0;
	}
	printf("weekly_teams=%zu\nrules=%zu\nlibical_occurrences=%zu\n",
	    weekly, nev, occ);
	printf("compile_ms_all=%.3f\ncompile_us_per_team=%.3f\n", best * 1e3,
	    best * 1e6 / (double)snap->nteams);
	printf("libical_ms_all=%.3f\nlibical_us_per_team=%.3f\n", lib * 1e3,
	    weekly ? lib * 1e6 / (double)weekly : 0.0);
	printf("libical_ratio=%.1f\n", best > 0 ? lib / best : 0.0);
	printf("sink=%u\n", sink);
	for (i = 0; i < nev; i++)
		icalcomponent_free(evs[i]);
	free(evs);
	snapshot_free(snap);
	return 0;

usage:
	fprintf(stderr, "usage: engine -c config [-t now] [-l seconds]\n");
	return 64;
}
