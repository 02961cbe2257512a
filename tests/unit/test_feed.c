/* test_feed.c - the .ics export (SPEC 3.4): a feed expanded by a standard
 * expander over the horizon gives exactly the engine's shifts.
 *
 * Two expanders read each feed back: libical, driven here the way a client
 * drives it (recurrence iterator, EXDATE, RECURRENCE-ID overrides, the
 * exact duration of DTSTART/DTEND), and Python's recurring_ical_events
 * through tests/feed_check.py. Both must agree with schedule_shifts() to
 * the second, at fixed instants whose horizons span DST changes.
 */
#include <check.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libical/ical.h>

#include "civil.h"
#include "feed.h"
#include "hours.h"
#include "interval.h"
#include "route.h"
#include "schedule.h"
#include "snapshot.h"
#include "tz.h"

#define NNOWS	(sizeof(nows) / sizeof(nows[0]))

#ifndef FEED_RANDOM_CASES
#define FEED_RANDOM_CASES	200
#endif

/* Fixed instants; the horizons of the first three each span both the
 * spring and the autumn change of Europe, the US and Lord Howe. */
static const int64_t nows[] = {
	INT64_C(1772366400),	/* 2026-03-01T12:00:00Z */
	INT64_C(1779840000),	/* 2026-05-27T00:00:00Z */
	INT64_C(1795423324),	/* 2026-11-23T08:42:04Z */
	INT64_C(1761438600),	/* 2025-10-26T00:30:00Z: Europe falls back */
	INT64_C(1774747800),	/* 2026-03-29T01:30:00Z: Paris springs on */
};

static const char *python;	/* with icalendar and recurring_ical_events */

/* ---- building teams by hand --------------------------------------- */

static struct snapshot	snap;
static struct team	teams[4];
static struct channel	chans[4];
static struct step	steps[2];
static struct route	route;

static void
team_init(struct team *t, const char *id, const char *zone, const char *hours)
{
	char err[256];

	memset(t, 0, sizeof(*t));
	t->id = strdup(id);
	t->short_name = strdup(id);
	t->name = strdup(id);
	t->timezone = strdup(zone);
	t->tz = tz_load(zone, err, sizeof(err));
	ck_assert_msg(t->tz != NULL, "%s", err);
	ck_assert_msg(hours_parse(hours, &t->hours, err, sizeof(err)) == 0,
	    "%s", err);
	t->hours_text = strdup(hours);
	ivset_init(&t->extra);
	ivset_init(&t->closures);
}

static void
team_compile(struct team *t, int64_t now)
{
	ivset_normalize(&t->extra);
	ivset_normalize(&t->closures);
	schedule_free(&t->sched);
	t->sched.tz = t->tz;
	t->sched.hours = &t->hours;
	t->sched.narrow = NULL;
	t->sched.extra = &t->extra;
	t->sched.closures = &t->closures;
	schedule_compile(&t->sched, now);
}

static void
team_fini(struct team *t)
{
	free(t->id);
	free(t->short_name);
	free(t->name);
	free(t->timezone);
	free(t->hours_text);
	tz_free(t->tz);
	hours_free(&t->hours);
	ivset_free(&t->extra);
	ivset_free(&t->closures);
	schedule_free(&t->sched);
	memset(t, 0, sizeof(*t));
}

/* The UTC instant of a wall-clock time in T's zone. */
static int64_t
wall(const struct team *t, int y, unsigned mo, unsigned d, int h, int mi)
{
	return tz_to_utc(t->tz, days_from_civil(y, mo, d) * SECS_PER_DAY +
	    h * 3600 + mi * 60);
}

static int64_t
utc(int y, unsigned mo, unsigned d, int h, int mi)
{
	return days_from_civil(y, mo, d) * SECS_PER_DAY + h * 3600 + mi * 60;
}

/* ---- comparing ---------------------------------------------------- */

static const char *
fmt(int64_t t, char *buf, size_t len)
{
	int64_t days = days_of(t), rem = t - days * SECS_PER_DAY;
	unsigned m, d;
	int y;

	civil_from_days(days, &y, &m, &d);
	snprintf(buf, len, "%04d-%02u-%02uT%02d:%02d:%02dZ", y, m, d,
	    (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
	return buf;
}

static void
assert_same(const char *who, const struct team *t, int64_t now,
    const struct ivset *want, const struct ivset *got)
{
	char a[32], b[32], c[32], d[32], n[32];
	size_t i;

	for (i = 0; i < want->n && i < got->n; i++) {
		if (want->v[i].start != got->v[i].start ||
		    want->v[i].end != got->v[i].end)
			break;
	}
	if (i == want->n && i == got->n)
		return;
	if (i < want->n && i < got->n)
		ck_abort_msg("%s: %s %s (%s) now %s: shift %zu: engine %s..%s, "
		    "feed %s..%s", who, t->id, t->timezone, t->hours_text,
		    fmt(now, n, sizeof(n)),
		    i, fmt(want->v[i].start, a, sizeof(a)),
		    fmt(want->v[i].end, b, sizeof(b)),
		    fmt(got->v[i].start, c, sizeof(c)),
		    fmt(got->v[i].end, d, sizeof(d)));
	else if (i < want->n)
		ck_abort_msg("%s: %s (%s) now %s: engine shift %s..%s missing "
		    "from the feed", who, t->id, t->hours_text,
		    fmt(now, n, sizeof(n)),
		    fmt(want->v[i].start, a, sizeof(a)),
		    fmt(want->v[i].end, b, sizeof(b)));
	else
		ck_abort_msg("%s: %s (%s) now %s: feed has %s..%s, the engine "
		    "has not", who, t->id, t->hours_text,
		    fmt(now, n, sizeof(n)),
		    fmt(got->v[i].start, a, sizeof(a)),
		    fmt(got->v[i].end, b, sizeof(b)));
}

/* ---- a libical client --------------------------------------------- */

struct override {
	const char	*uid;
	int64_t		 rid;
	int64_t		 start, end;
	bool		 used;
};

static int64_t
to_utc(icalcomponent *cal, icalproperty *p, struct icaltimetype t)
{
	icalparameter *par;
	icaltimezone *z = NULL;

	ck_assert(!t.is_date);
	if (icaltime_is_utc(t))
		return (int64_t)icaltime_as_timet_with_zone(t,
		    icaltimezone_get_utc_timezone());
	if (t.zone != NULL)
		return (int64_t)icaltime_as_timet_with_zone(t, t.zone);
	par = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
	ck_assert_msg(par != NULL, "floating time in %s",
	    icalproperty_as_ical_string(p));
	z = icalcomponent_get_timezone(cal, icalparameter_get_tzid(par));
	ck_assert_msg(z != NULL, "no VTIMEZONE for %s",
	    icalparameter_get_tzid(par));
	return (int64_t)icaltime_as_timet_with_zone(t, z);
}

static int64_t
prop_utc(icalcomponent *cal, icalcomponent *ev, icalproperty_kind kind)
{
	icalproperty *p = icalcomponent_get_first_property(ev, kind);

	ck_assert(p != NULL);
	return to_utc(cal, p,
	    icalvalue_get_datetime(icalproperty_get_value(p)));
}

static bool
excluded(icalcomponent *cal, icalcomponent *ev, int64_t u)
{
	icalproperty *p;

	for (p = icalcomponent_get_first_property(ev, ICAL_EXDATE_PROPERTY);
	    p != NULL;
	    p = icalcomponent_get_next_property(ev, ICAL_EXDATE_PROPERTY))
		if (to_utc(cal, p, icalproperty_get_exdate(p)) == u)
			return true;
	return false;
}

/* Expands every VEVENT of ICS over [from, to) into OUT, normalized and
 * clipped. An override that matches no generated occurrence fails. */
static void
expand_libical(const char *ics, int64_t from, int64_t to, struct ivset *out)
{
	icalcomponent *cal, *ev;
	icalproperty *rp;
	struct override ov[512];
	size_t nov = 0, i;
	int64_t s, e, u, dur;

	ivset_clear(out);
	cal = icalparser_parse_string(ics);
	ck_assert(cal != NULL);
	ck_assert(icalcomponent_isa(cal) == ICAL_VCALENDAR_COMPONENT);
	for (ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	    ev != NULL;
	    ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
		if (icalcomponent_get_first_property(ev,
		    ICAL_RECURRENCEID_PROPERTY) == NULL)
			continue;
		ck_assert(nov < sizeof(ov) / sizeof(ov[0]));
		ov[nov].uid = icalcomponent_get_uid(ev);
		ov[nov].rid = prop_utc(cal, ev, ICAL_RECURRENCEID_PROPERTY);
		ov[nov].start = prop_utc(cal, ev, ICAL_DTSTART_PROPERTY);
		ov[nov].end = prop_utc(cal, ev, ICAL_DTEND_PROPERTY);
		ov[nov].used = false;
		nov++;
	}
	for (ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	    ev != NULL;
	    ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
		struct icaltimetype dtstart, t;
		icalrecur_iterator *it;

		if (icalcomponent_get_first_property(ev,
		    ICAL_RECURRENCEID_PROPERTY) != NULL)
			continue;
		ck_assert(icalcomponent_get_first_property(ev,
		    ICAL_TRANSP_PROPERTY) != NULL);
		s = prop_utc(cal, ev, ICAL_DTSTART_PROPERTY);
		e = prop_utc(cal, ev, ICAL_DTEND_PROPERTY);
		dur = e - s;	/* RFC 5545's exact duration */
		rp = icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY);
		if (rp == NULL) {
			ivset_add(out, s, e);
			continue;
		}
		dtstart = icalcomponent_get_dtstart(ev);
		ck_assert(dtstart.zone != NULL || icaltime_is_utc(dtstart));
		it = icalrecur_iterator_new(icalproperty_get_rrule(rp),
		    dtstart);
		ck_assert(it != NULL);
		for (t = icalrecur_iterator_next(it); !icaltime_is_null_time(t);
		    t = icalrecur_iterator_next(it)) {
			u = (int64_t)icaltime_as_timet_with_zone(t,
			    dtstart.zone != NULL ? dtstart.zone :
			    icaltimezone_get_utc_timezone());
			if (u >= to)
				break;
			if (excluded(cal, ev, u))
				continue;
			for (i = 0; i < nov; i++)
				if (ov[i].rid == u && strcmp(ov[i].uid,
				    icalcomponent_get_uid(ev)) == 0)
					break;
			if (i < nov) {
				ck_assert(!ov[i].used);
				ov[i].used = true;
				ivset_add(out, ov[i].start, ov[i].end);
			} else
				ivset_add(out, u, u + dur);
		}
		icalrecur_iterator_free(it);
	}
	for (i = 0; i < nov; i++)
		ck_assert_msg(ov[i].used || ov[i].rid >= to,
		    "override %s at %" PRId64 " matches no occurrence",
		    ov[i].uid, ov[i].rid);
	icalcomponent_free(cal);
	ivset_normalize(out);
	ivset_clip(out, from, to);
}

/* ---- a Python client ---------------------------------------------- */

static const char *
find_python(void)
{
	static const char *const cand[] = { "python3", "/usr/bin/python3" };
	char cmd[512];
	const char *env = getenv("PYTHON");
	size_t i;

	if (env != NULL && *env != '\0')
		return env;
	for (i = 0; i < sizeof(cand) / sizeof(cand[0]); i++) {
		snprintf(cmd, sizeof(cmd), "%s -c 'import icalendar, "
		    "recurring_ical_events' >/dev/null 2>&1", cand[i]);
		if (system(cmd) == 0)
			return cand[i];
	}
	return NULL;
}

static void
expand_python(const char *ics, int64_t from, int64_t to, struct ivset *out)
{
	char in[] = "/tmp/test_feed.XXXXXX", cmd[1024], line[256];
	const char *script = getenv("FEED_CHECK");
	long long a, b;
	FILE *fp;
	int fd;

	ivset_clear(out);
	ck_assert_msg(python != NULL, "no python3 with icalendar and "
	    "recurring_ical_events (apt-get install python3-icalendar "
	    "python3-recurring-ical-events, or set PYTHON)");
	if (script == NULL)
		script = "tests/feed_check.py";
	ck_assert((fd = mkstemp(in)) != -1);
	ck_assert(write(fd, ics, strlen(ics)) == (ssize_t)strlen(ics));
	close(fd);
	snprintf(cmd, sizeof(cmd), "%s %s %s @%" PRId64 " @%" PRId64, python,
	    script, in, from, to);
	fp = popen(cmd, "r");
	ck_assert(fp != NULL);
	while (fgets(line, sizeof(line), fp) != NULL) {
		ck_assert_msg(sscanf(line, "%lld %lld", &a, &b) == 2,
		    "feed_check.py: %s", line);
		ivset_add(out, a, b);
	}
	ck_assert_msg(pclose(fp) == 0, "%s failed", cmd);
	unlink(in);
	ivset_normalize(out);
}

/* ---- the property ------------------------------------------------- */

static void
horizon(int64_t now, int64_t *h0, int64_t *h1)
{
	*h0 = now - FEED_BEFORE;
	*h1 = now + FEED_AFTER;
}

/* Feeds T at NOW, expands it with both clients, compares with the engine;
 * returns the feed for further checks (caller frees). */
static char *
round_trip(struct team *t, int64_t now, bool with_python)
{
	struct ivset want = IVSET_INITIALIZER, got = IVSET_INITIALIZER;
	int64_t h0, h1;
	char *ics;

	team_compile(t, now);
	horizon(now, &h0, &h1);
	ics = feed_team(&snap, t, now);
	ck_assert(ics != NULL);
	schedule_shifts(&t->sched, h0, h1, &want);
	expand_libical(ics, h0, h1, &got);
	assert_same("libical", t, now, &want, &got);
	if (with_python) {
		expand_python(ics, h0, h1, &got);
		assert_same("recurring_ical_events", t, now, &want, &got);
	}
	ivset_free(&want);
	ivset_free(&got);
	return ics;
}

static void
round_trips(struct team *t)
{
	size_t i;

	for (i = 0; i < NNOWS; i++)
		free(round_trip(t, nows[i], true));
}

static void
hours_case(const char *id, const char *zone, const char *hours)
{
	team_init(&teams[0], id, zone, hours);
	round_trips(&teams[0]);
	team_fini(&teams[0]);
}

/* ICS with its folded lines joined, in place. */
static char *
unfold(char *ics)
{
	char *r = ics, *w = ics;

	while (*r != '\0') {
		if (r[0] == '\r' && r[1] == '\n' && (r[2] == ' ' ||
		    r[2] == '\t'))
			r += 3;
		else
			*w++ = *r++;
	}
	*w = '\0';
	return ics;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

START_TEST(test_cpcert)
{
	hours_case("cpcert", "America/New_York", "Mon-Fri 08:00-17:00");
}
END_TEST

START_TEST(test_paris)
{
	hours_case("tha-cert", "Europe/Paris", "Mon-Fri 09:00-18:00");
}
END_TEST

START_TEST(test_always)
{
	char *ics;

	team_init(&teams[0], "se-cert", "UTC", "24/7");
	round_trips(&teams[0]);
	/* One event covering the horizon, no recurrence, no VTIMEZONE. */
	ics = round_trip(&teams[0], nows[0], false);
	ck_assert_uint_eq(count(ics, "BEGIN:VEVENT"), 1);
	ck_assert_ptr_null(strstr(ics, "RRULE"));
	ck_assert_ptr_null(strstr(ics, "VTIMEZONE"));
	free(ics);
	team_fini(&teams[0]);
}
END_TEST

START_TEST(test_never)
{
	char *ics;

	team_init(&teams[0], "idle", "Europe/Paris", "never");
	ics = round_trip(&teams[0], nows[0], true);
	ck_assert_uint_eq(count(ics, "BEGIN:VEVENT"), 0);
	free(ics);
	/* An extra event is all there is. */
	ivset_add(&teams[0].extra, wall(&teams[0], 2026, 3, 7, 10, 0),
	    wall(&teams[0], 2026, 3, 7, 14, 0));
	ics = round_trip(&teams[0], nows[0], true);
	ck_assert_uint_eq(count(ics, "BEGIN:VEVENT"), 1);
	free(ics);
	team_fini(&teams[0]);
}
END_TEST

START_TEST(test_utc_weekly)
{
	hours_case("utc", "UTC", "Mon-Fri 09:00-17:00; Sat 22:00-02:00");
}
END_TEST

/* Saturday night crosses the last Sunday of March and of October. */
START_TEST(test_overnight_dst)
{
	hours_case("night", "Europe/Paris", "Fri-Mon 22:00-06:00");
}
END_TEST

START_TEST(test_overnight_dst_us)
{
	hours_case("night", "America/New_York", "Sat-Sun 20:00-08:00");
}
END_TEST

/* 02:30 does not exist on the spring-forward Sunday (both zones) and exists
 * twice on the autumn one in Paris. */
START_TEST(test_gap_start)
{
	hours_case("gap", "America/New_York", "Mon-Sun 02:30-09:00");
	hours_case("gap", "Europe/Paris", "Sun 02:30-04:00");
	hours_case("gap", "Europe/Paris", "Sat-Sun 01:00-02:30");
	hours_case("gap", "America/New_York", "Sun 01:30-03:00");
	/* Ranges the gap swallows: empty on that night. */
	hours_case("gap", "America/New_York", "Sun 02:30-03:00");
	hours_case("gap", "Europe/Paris", "Sat-Sun 02:00-03:00");
}
END_TEST

/* Lord Howe moves its clocks by half an hour, at 02:00 local. */
START_TEST(test_lord_howe)
{
	hours_case("lhi", "Australia/Lord_Howe", "Mon-Fri 09:00-17:00");
	hours_case("lhi", "Australia/Lord_Howe", "Mon-Sun 01:45-02:15");
	hours_case("lhi", "Australia/Lord_Howe", "Sat-Sun 00:00-24:00");
}
END_TEST

/* No DST; a fixed offset; Chile changes its clocks at midnight, so a
 * range starting at 00:00 starts in a gap once a year. */
START_TEST(test_other_zones)
{
	hours_case("in", "Asia/Kolkata", "Mon-Fri 09:30-18:00");
	hours_case("fixed", "Etc/GMT+5", "Sun-Thu 23:00-07:00");
	hours_case("cl", "America/Santiago",
	    "Mon-Sun 00:00-08:00; Sat 20:00-24:00");
}
END_TEST

START_TEST(test_split_ranges)
{
	hours_case("split", "Europe/Paris", "Mon-Fri 08:00-12:00,13:00-17:00");
	hours_case("split", "America/New_York",
	    "Mon-Thu 07:30-16:00; Fri 07:30-16:30");
}
END_TEST

/* Ranges that touch or overlap: the engine merges, so must the check. */
START_TEST(test_touching)
{
	hours_case("days", "Europe/Paris", "Mon-Sun 00:00-24:00");
	hours_case("ovl", "America/New_York",
	    "Mon-Fri 08:00-13:00,12:00-17:00");
	hours_case("eve", "Europe/Paris", "Mon-Sun 18:00-06:00");
}
END_TEST

START_TEST(test_closures_extras)
{
	struct team *t = &teams[0];
	char *ics;
	size_t i;

	team_init(t, "cpcert", "America/New_York", "Mon-Fri 08:00-17:00");
	/* A whole day (a Monday), half a shift, a lunch break, a closure
	 * over the spring change, one before and one inside every horizon. */
	ivset_add(&t->closures, wall(t, 2026, 1, 19, 0, 0),
	    wall(t, 2026, 1, 20, 0, 0));
	ivset_add(&t->closures, wall(t, 2026, 3, 3, 12, 30),
	    wall(t, 2026, 3, 3, 18, 0));
	ivset_add(&t->closures, wall(t, 2026, 3, 5, 12, 0),
	    wall(t, 2026, 3, 5, 13, 0));
	ivset_add(&t->closures, wall(t, 2026, 3, 6, 12, 0),
	    wall(t, 2026, 3, 9, 10, 0));
	ivset_add(&t->closures, wall(t, 2026, 11, 26, 0, 0),
	    wall(t, 2026, 11, 28, 0, 0));
	ivset_add(&t->closures, wall(t, 2026, 12, 24, 13, 0),
	    wall(t, 2027, 1, 2, 0, 0));
	/* A Saturday, a late evening next to a shift, one overlapping a
	 * shift, one across the autumn change. */
	ivset_add(&t->extra, wall(t, 2026, 3, 14, 10, 0),
	    wall(t, 2026, 3, 14, 14, 0));
	ivset_add(&t->extra, wall(t, 2026, 3, 10, 17, 0),
	    wall(t, 2026, 3, 10, 19, 0));
	ivset_add(&t->extra, wall(t, 2026, 3, 11, 16, 0),
	    wall(t, 2026, 3, 11, 20, 0));
	ivset_add(&t->extra, wall(t, 2026, 10, 31, 20, 0),
	    wall(t, 2026, 11, 1, 12, 0));
	ivset_add(&t->extra, wall(t, 2025, 11, 15, 9, 0),
	    wall(t, 2025, 11, 15, 12, 0));
	round_trips(t);
	ics = unfold(round_trip(t, nows[0], false));
	ck_assert_ptr_nonnull(strstr(ics, "EXDATE;TZID=America/New_York:"
	    "20261126T080000"));
	ck_assert_ptr_nonnull(strstr(ics, "RECURRENCE-ID;TZID=America/"
	    "New_York:20260303T080000"));
	ck_assert_ptr_nonnull(strstr(ics, "UID:cpcert-x20260314T140000Z"
	    "@oncalld"));
	free(ics);
	team_fini(t);

	/* A 24/7 team with closures, in a zone. */
	team_init(t, "se-cert", "Europe/Paris", "24/7");
	ivset_add(&t->closures, wall(t, 2026, 3, 29, 1, 0),
	    wall(t, 2026, 3, 29, 4, 0));
	ivset_add(&t->closures, wall(t, 2026, 12, 25, 0, 0),
	    wall(t, 2026, 12, 26, 0, 0));
	round_trips(t);
	team_fini(t);

	/* Closures inside the overnight range over the DST nights. */
	team_init(t, "night", "Europe/Paris", "Fri-Mon 22:00-06:00");
	ivset_add(&t->closures, wall(t, 2026, 3, 29, 1, 0),
	    wall(t, 2026, 3, 29, 4, 0));
	ivset_add(&t->closures, wall(t, 2026, 10, 25, 2, 30),
	    wall(t, 2026, 10, 25, 5, 0));
	for (i = 0; i < NNOWS; i++)
		free(round_trip(t, nows[i], true));
	team_fini(t);
}
END_TEST

static uint64_t rng = UINT64_C(0x9e3779b97f4a7c15);

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* Random hours, zones, closures and instants (a fixed seed), read back by
 * libical only: Python is too slow for this many. */
START_TEST(test_random)
{
	static const char *const zones[] = {
		"America/New_York", "Europe/Paris", "Australia/Lord_Howe",
		"America/Santiago", "Asia/Kolkata", "Europe/London",
		"America/Sao_Paulo", "Asia/Tehran", "Pacific/Auckland",
		"Europe/Dublin", "Africa/Casablanca", "Antarctica/Troll",
		"Asia/Gaza", "Pacific/Chatham", "America/Havana", "UTC",
	};
	static const char *const days[] = { "Mon", "Tue", "Wed", "Thu",
		"Fri", "Sat", "Sun" };
	struct team *t = &teams[0];
	char hours[256], err[128];
	size_t o, c, k, nrules, nr;
	int64_t now, a;
	char *ics;

	(void)err;
	for (c = 0; c < FEED_RANDOM_CASES; c++) {
		o = 0;
		nrules = 1 + rnd(3);
		for (k = 0; k < nrules; k++) {
			unsigned d0 = rnd(7), d1 = rnd(7), s, e;

			o += (size_t)snprintf(hours + o, sizeof(hours) - o,
			    "%s%s-%s ", k ? "; " : "", days[d0], days[d1]);
			for (nr = 1 + rnd(2); nr > 0; nr--) {
				s = rnd(96) * 15;
				e = (1 + rnd(96)) * 15;
				o += (size_t)snprintf(hours + o,
				    sizeof(hours) - o, "%02u:%02u-%02u:%02u%s",
				    s / 60, s % 60, e / 60, e % 60,
				    nr > 1 ? "," : "");
			}
		}
		team_init(t, "rnd", zones[rnd(sizeof(zones) /
		    sizeof(zones[0]))], hours);
		now = utc(1971 + (int)rnd(127), 1 + rnd(12), 1 + rnd(28),
		    (int)rnd(24), (int)rnd(60)) + rnd(60);
		for (k = rnd(4); k > 0; k--) {
			a = now - FEED_BEFORE + (int64_t)rnd(431) * SECS_PER_DAY +
			    (int64_t)rnd(96) * 900;
			ivset_add(&t->closures, a, a + (1 + rnd(200)) * 900);
			a = now - FEED_BEFORE + (int64_t)rnd(431) * SECS_PER_DAY +
			    (int64_t)rnd(96) * 900;
			ivset_add(&t->extra, a, a + (1 + rnd(100)) * 900);
		}
		ics = round_trip(t, now, false);
		free(ics);
		team_fini(t);
	}
}
END_TEST

/* A feed is a function of the inputs and now, in RFC 5545's syntax. */
START_TEST(test_format)
{
	struct team *t = &teams[0];
	const char *p, *eol;
	char *a, *b;

	team_init(t, "cpcert", "America/New_York", "Mon-Fri 08:00-17:00");
	free(t->short_name);
	t->short_name = strdup("CPCERT");
	team_compile(t, nows[2]);
	a = feed_team(&snap, t, nows[2]);
	b = feed_team(&snap, t, nows[2]);
	ck_assert_str_eq(a, b);
	ck_assert(strncmp(a, "BEGIN:VCALENDAR\r\n", 17) == 0);
	for (p = a; *p != '\0'; p = eol + 2) {
		eol = strstr(p, "\r\n");
		ck_assert_ptr_nonnull(eol);
		ck_assert_msg(eol - p <= 75, "line over 75 octets: %.*s",
		    (int)(eol - p), p);
		ck_assert(memchr(p, '\n', (size_t)(eol - p)) == NULL);
	}
	ck_assert_ptr_nonnull(strstr(a, "\r\nVERSION:2.0\r\n"));
	ck_assert_ptr_nonnull(strstr(a, "\r\nPRODID:-//oncalld//oncalld "
	    ONCALLD_VERSION "//EN\r\n"));
	ck_assert_ptr_nonnull(strstr(a, "\r\nCALSCALE:GREGORIAN\r\n"));
	ck_assert_ptr_nonnull(strstr(a, "\r\nMETHOD:PUBLISH\r\n"));
	ck_assert_ptr_nonnull(strstr(a,
	    "\r\nX-WR-CALNAME:CPCERT staffed hours\r\n"));
	ck_assert_ptr_null(strstr(a, "X-WR-TIMEZONE"));
	ck_assert_ptr_nonnull(strstr(a, "\r\nTZID:America/New_York\r\n"));
	ck_assert_ptr_nonnull(strstr(a,
	    "\r\nDTSTART;TZID=America/New_York:20261023T080000\r\n"));
	ck_assert_ptr_nonnull(strstr(a,
	    "\r\nDTEND;TZID=America/New_York:20261023T170000\r\n"));
	ck_assert_ptr_nonnull(strstr(a, "\r\nRRULE:FREQ=WEEKLY;"));
	ck_assert_ptr_nonnull(strstr(a, ";BYDAY=MO,TU,WE,TH,FR\r\n"));
	ck_assert_ptr_nonnull(strstr(a, "\r\nUID:cpcert-r0@oncalld\r\n"));
	ck_assert_ptr_nonnull(strstr(a, "\r\nSUMMARY:CPCERT staffed\r\n"));
	ck_assert_ptr_nonnull(strstr(a, "\r\nDTSTAMP:20261123T084204Z\r\n"));
	ck_assert_uint_eq(count(a, "BEGIN:VEVENT"),
	    count(a, "TRANSP:TRANSPARENT"));
	ck_assert_ptr_null(strstr(a, "freeassociation"));
	free(a);
	free(b);
	team_fini(t);
}
END_TEST

/* ---- routes ------------------------------------------------------- */

static void
route_setup(void)
{
	team_init(&teams[0], "cpcert", "America/New_York",
	    "Mon-Fri 08:00-17:00");
	team_init(&teams[1], "se-cert", "UTC", "Mon-Sat 06:00-22:00");
	free(teams[0].short_name);
	teams[0].short_name = strdup("CPCERT");
	free(teams[1].short_name);
	teams[1].short_name = strdup("SE-CERT");
	memset(chans, 0, sizeof(chans));
	chans[0].id = strdup("email");
	chans[0].address = strdup("cpcert@se.com");
	chans[1].id = strdup("email");
	chans[1].address = strdup("cert@se.com");
	teams[0].channels = &chans[0];
	teams[0].nchannels = 1;
	teams[1].channels = &chans[1];
	teams[1].nchannels = 1;
	steps[0].team = 0;
	steps[0].channel = 0;
	steps[1].team = 1;
	steps[1].channel = 0;
	memset(&route, 0, sizeof(route));
	route.id = strdup("schneider-vulnerability");
	route.steps = steps;
	route.nsteps = 2;
	route.unstaffed = steps[0];
	snap.teams = teams;
	snap.nteams = 2;
	snap.routes = &route;
	snap.nroutes = 1;
}

static void
route_teardown(void)
{
	team_fini(&teams[0]);
	team_fini(&teams[1]);
	free(chans[0].id);
	free(chans[0].address);
	free(chans[1].id);
	free(chans[1].address);
	free(route.id);
	memset(&snap, 0, sizeof(snap));
}

START_TEST(test_route)
{
	struct route_state rs;
	icalcomponent *cal, *ev;
	int64_t now = nows[2], h0, h1, s, e, prev;
	const char *want;
	char *ics, *last = NULL;
	size_t n = 0;

	route_setup();
	team_compile(&teams[0], now);
	team_compile(&teams[1], now);
	horizon(now, &h0, &h1);
	ics = feed_route(&snap, &route, now);
	ck_assert_ptr_nonnull(ics);
	cal = icalparser_parse_string(ics);
	ck_assert_ptr_nonnull(cal);
	unfold(ics);
	ck_assert_ptr_nonnull(strstr(ics, "X-WR-CALNAME:schneider-"
	    "vulnerability handling\r\n"));
	ck_assert_ptr_nonnull(strstr(ics, "SUMMARY:schneider-vulnerability: "
	    "CPCERT email (cpcert@se.com)\r\n"));
	ck_assert_ptr_nonnull(strstr(ics, "SUMMARY:schneider-vulnerability: "
	    "SE-CERT email (cert@se.com) (escalated)\r\n"));
	ck_assert_ptr_nonnull(strstr(ics, "SUMMARY:schneider-vulnerability: "
	    "nothing staffed: queued to CPCERT email (cpcert@se.com)\r\n"));

	/* The events tile the horizon; each says what route_resolve()
	 * answers over all of it; neighbours differ. */
	prev = h0;
	for (ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	    ev != NULL;
	    ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
		const char *sum = icalcomponent_get_summary(ev);
		const struct step *st;
		int64_t probe[3];
		size_t k;

		s = prop_utc(cal, ev, ICAL_DTSTART_PROPERTY);
		e = prop_utc(cal, ev, ICAL_DTEND_PROPERTY);
		ck_assert_int_eq(s, prev);
		ck_assert_int_lt(s, e);
		probe[0] = s;
		probe[1] = s + (e - s) / 2;
		probe[2] = e - 1;
		for (k = 0; k < 3; k++) {
			route_resolve(&snap, &route, probe[k], &rs, NULL);
			st = route_target(&route, &rs);
			ck_assert_ptr_nonnull(strstr(sum,
			    snap.teams[st->team].short_name));
			ck_assert((strstr(sum, "(escalated)") != NULL) ==
			    rs.escalated);
			ck_assert((strstr(sum, "nothing staffed") != NULL) ==
			    !rs.staffed);
		}
		if (last != NULL)
			ck_assert_str_ne(last, sum);
		free(last);
		last = strdup(sum);
		prev = e;
		n++;
	}
	ck_assert_int_eq(prev, h1);
	ck_assert_uint_gt(n, 100);
	free(last);
	icalcomponent_free(cal);

	/* Monday 2026-11-23 15:00Z is 10:00 in New York. */
	route_resolve(&snap, &route, utc(2026, 11, 23, 15, 0), &rs, NULL);
	ck_assert(rs.staffed && !rs.escalated);
	want = "UID:schneider-vulnerability-20261123T130000Z@oncalld\r\n";
	ck_assert_ptr_nonnull(strstr(ics, want));
	free(ics);
	route_teardown();
}
END_TEST

static Suite *
feed_suite(void)
{
	Suite *s = suite_create("feed");
	TCase *tc = tcase_create("round trip");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_cpcert);
	tcase_add_test(tc, test_paris);
	tcase_add_test(tc, test_always);
	tcase_add_test(tc, test_never);
	tcase_add_test(tc, test_utc_weekly);
	tcase_add_test(tc, test_overnight_dst);
	tcase_add_test(tc, test_overnight_dst_us);
	tcase_add_test(tc, test_gap_start);
	tcase_add_test(tc, test_lord_howe);
	tcase_add_test(tc, test_other_zones);
	tcase_add_test(tc, test_split_ranges);
	tcase_add_test(tc, test_touching);
	tcase_add_test(tc, test_closures_extras);
	tcase_add_test(tc, test_random);
	tcase_add_test(tc, test_format);
	tcase_add_test(tc, test_route);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr;
	int failed;

	python = find_python();
	sr = srunner_create(feed_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
