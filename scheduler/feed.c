/* feed.c - iCalendar export (SPEC 3.4): a team's staffed hours as weekly
 * recurring events, and who handles a route when.
 *
 * The feed must expand, in any RFC 5545 expander, to exactly the engine's
 * shifts over the horizon. The engine's shifts are the truth; the recurring
 * events are only a compact way of writing most of them:
 *
 *	S	the engine's shifts around the horizon
 *	E(o)	the engine's interval of occurrence o of an hours range
 *	N(o)	what an expander makes of o: its start plus the exact
 *		duration of the master's DTSTART/DTEND pair
 *
 * For each occurrence o covered by a recurrence, the pieces P = S n E(o)
 * decide: none is an EXDATE, exactly N(o) is nothing to write, anything
 * else is a RECURRENCE-ID override carrying the first piece, the others
 * becoming standalone events. Whatever of S no recurrence covers (extra
 * events, 24/7 hours, occurrences no expander agrees on) is written as
 * standalone events in UTC.
 *
 * Expanders disagree on local times that do not exist or exist twice:
 * libical reads spring-forward gaps its own way and then drifts (libical
 * issue 1402), pytz-based ones take the second of two ambiguous times where
 * RFC 5545 takes the first. So a recurrence never generates such a time: an
 * occurrence whose start falls in a gap or an overlap ends the recurrence
 * (UNTIL) and is written in UTC, and a new recurrence starts after it. The
 * same goes for an occurrence libical itself would misplace: its iterator
 * takes wall-clock times from ICU's zone data, which can be older than the
 * system's, and its VTIMEZONE reading is wrong for some zones and years;
 * both are checked against libical here, at export time. A recurrence's
 * master occurrence is one whose exact duration equals its wall-clock
 * duration, so that N(o) is the wall-clock range everywhere the offset does
 * not change inside o.
 */
#include <assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

#include "civil.h"
#include "feed.h"
#include "hours.h"
#include "interval.h"
#include "route.h"
#include "schedule.h"
#include "snapshot.h"
#include "tz.h"
#include "xmalloc.h"

/* Margin around the horizon over which the engine's shifts are computed,
 * more than any occurrence (at most a day and a DST change) sticks out. */
#define FEED_MARGIN	(INT64_C(3) * SECS_PER_DAY)

/* UNTIL lies this far after the last occurrence's start: some expanders
 * compare UNTIL with occurrences computed with the master's UTC offset, so
 * UNTIL must clear the last one by more than any offset change and stay
 * short of the next one, which starts at least a local day later. */
#define FEED_UNTIL_SLACK	(INT64_C(12) * 3600)

static const char *const ical_days[7] = {
	"MO", "TU", "WE", "TH", "FR", "SA", "SU"
};

/* One occurrence of an hours range. */
struct occ {
	int64_t	ls, le;		/* local seconds (civil.h) */
	int64_t	us, ue;		/* the engine's UTC interval E(o) */
	bool	start_ok;	/* the local start exists exactly once */
	bool	master_ok;	/* the end too, and no offset change inside */
};

struct feed {
	icalcomponent		*cal;
	const struct team	*team;
	const struct tz		*tz;
	int64_t			 now;
	int64_t			 h0, h1;	/* the horizon */
	bool			 utc;		/* the zone is UTC: no TZID */
	icaltimezone		*zone;		/* libical's, for its iterator */
	struct ivset		 shifts;	/* S, horizon and margins */
	struct ivset		 covered;	/* E(o) under some recurrence */
	struct ivset		 loose;		/* left to standalone events */
};

static struct icaltimetype
ical_time(int64_t secs, bool utc)
{
	struct icaltimetype t = icaltime_null_time();
	int64_t days = days_of(secs), rem = secs - days * SECS_PER_DAY;
	unsigned m, d;
	int y;

	civil_from_days(days, &y, &m, &d);
	t.year = y;
	t.month = (int)m;
	t.day = (int)d;
	t.hour = (int)(rem / 3600);
	t.minute = (int)(rem / 60 % 60);
	t.second = (int)(rem % 60);
	t.is_date = 0;
	t.is_daylight = 0;
	t.zone = utc ? icaltimezone_get_utc_timezone() : NULL;
	return t;
}

static void
utc_stamp(int64_t t, char *buf, size_t len)
{
	int64_t days = days_of(t), rem = t - days * SECS_PER_DAY;
	unsigned m, d;
	int y;

	civil_from_days(days, &y, &m, &d);
	snprintf(buf, len, "%04d%02u%02uT%02d%02d%02dZ", y, m, d,
	    (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
}

/* P (DTSTART, DTEND, EXDATE, RECURRENCE-ID) holds wall-clock time: it names
 * the team's zone, whose VTIMEZONE has the same TZID. */
static icalproperty *
local_prop(const struct feed *f, icalproperty *p)
{
	if (!f->utc)
		icalproperty_add_parameter(p,
		    icalparameter_new_tzid(tz_name(f->tz)));
	return p;
}

/* True when the wall-clock time LOCAL names exactly one instant: it is in
 * no gap and no overlap of the zone. */
static bool
local_unique(const struct tz *tz, int64_t local)
{
	int64_t u = tz_to_utc(tz, local), t = u - 2 * SECS_PER_DAY;
	int32_t before, after, lo, hi;

	while ((t = tz_next_transition(tz, t)) < u + 2 * SECS_PER_DAY) {
		before = tz_offset(tz, t - 1);
		after = tz_offset(tz, t);
		lo = before < after ? before : after;
		hi = before < after ? after : before;
		if (local >= t + lo && local < t + hi)
			return false;
	}
	return true;
}

/* OUT = the parts of the normalized set S inside [start, end). */
static void
pieces(const struct ivset *s, int64_t start, int64_t end, struct ivset *out)
{
	size_t i;

	ivset_clear(out);
	for (i = ivset_search(s, start); i < s->n && s->v[i].start < end; i++)
		ivset_add(out, s->v[i].start < start ? start : s->v[i].start,
		    s->v[i].end > end ? end : s->v[i].end);
}

/* DTSTAMP is NOW, so that a feed is a function of its inputs and NOW. */
static icalcomponent *
new_event(int64_t now, const char *uid, const char *summary)
{
	icalcomponent *ev = icalcomponent_new_vevent();
	struct icaltimetype stamp = ical_time(now, true);

	icalcomponent_add_property(ev, icalproperty_new_uid(uid));
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(stamp));
	icalcomponent_add_property(ev, icalproperty_new_summary(summary));
	icalcomponent_add_property(ev,
	    icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
	return ev;
}

static void
add_utc_span(icalcomponent *ev, int64_t start, int64_t end)
{
	icalcomponent_add_property(ev,
	    icalproperty_new_dtstart(ical_time(start, true)));
	icalcomponent_add_property(ev,
	    icalproperty_new_dtend(ical_time(end, true)));
}

static void
team_summary(const struct team *t, char *buf, size_t len)
{
	snprintf(buf, len, "%s staffed", t->short_name != NULL ?
	    t->short_name : t->id);
}

/*
 * Writes one recurrence (RULE) of range RI over OCC[0..n): the master is
 * OCC[0]; every occurrence's pieces are compared with what an expander
 * generates.
 */
static void
emit_run(struct feed *f, size_t ri, const char *rule, const struct occ *occ,
    size_t n, bool first_run)
{
	struct ivset p = IVSET_INITIALIZER;
	icalcomponent *master, *ov;
	char uid[256], summary[256];
	int64_t dur = occ[0].ue - occ[0].us;
	size_t i, k;

	if (first_run)
		snprintf(uid, sizeof(uid), "%s-r%zu@oncalld", f->team->id, ri);
	else {
		struct icaltimetype d = ical_time(occ[0].ls, false);

		snprintf(uid, sizeof(uid), "%s-r%zu-%04d%02d%02d@oncalld",
		    f->team->id, ri, d.year, d.month, d.day);
	}
	team_summary(f->team, summary, sizeof(summary));
	master = new_event(f->now, uid, summary);
	icalcomponent_add_property(master, local_prop(f,
	    icalproperty_new_dtstart(ical_time(occ[0].ls, f->utc))));
	icalcomponent_add_property(master, local_prop(f,
	    icalproperty_new_dtend(ical_time(occ[0].le, f->utc))));
	icalcomponent_add_property(master,
	    icalproperty_new_rrule(icalrecurrencetype_from_string(rule)));
	icalcomponent_add_component(f->cal, master);

	for (i = 0; i < n; i++) {
		ivset_add(&f->covered, occ[i].us, occ[i].ue);
		pieces(&f->shifts, occ[i].us, occ[i].ue, &p);
		if (p.n == 0) {
			icalcomponent_add_property(master, local_prop(f,
			    icalproperty_new_exdate(ical_time(occ[i].ls,
			    f->utc))));
			continue;
		}
		if (p.n == 1 && p.v[0].start == occ[i].us &&
		    p.v[0].end == occ[i].us + dur)
			continue;
		/* Closed in part, or the offset changes inside it. */
		ov = new_event(f->now, uid, summary);
		icalcomponent_add_property(ov, local_prop(f,
		    icalproperty_new_recurrenceid(ical_time(occ[i].ls,
		    f->utc))));
		add_utc_span(ov, p.v[0].start, p.v[0].end);
		icalcomponent_add_component(f->cal, ov);
		for (k = 1; k < p.n; k++)
			ivset_add(&f->loose, p.v[k].start, p.v[k].end);
	}
	ivset_free(&p);
}

/*
 * LOCAL in UTC as libical reads it through the VTIMEZONE it builds from the
 * system's tzdata. It gets some periods wrong (Asia/Tehran before 2000,
 * America/Santiago, Asia/Gaza, Lord Howe after 2038...): an occurrence it
 * reads differently from tz_to_utc() is written in UTC instead.
 */
static int64_t
libical_utc(const struct feed *f, int64_t local)
{
	struct icaltimetype t;

	if (f->utc)
		return local;
	t = ical_time(local, false);
	t.zone = f->zone;
	return (int64_t)icaltime_as_timet_with_zone(t, f->zone);
}

/* The RRULE of a recurrence of R whose last occurrence is LAST. */
static void
run_rule(const struct hours_range *r, const struct occ *last, char *buf,
    size_t len)
{
	char until[32];
	size_t o, k;
	int day;

	utc_stamp(last->us + FEED_UNTIL_SLACK, until, sizeof(until));
	o = (size_t)snprintf(buf, len, "FREQ=WEEKLY;UNTIL=%s;BYDAY=", until);
	for (day = 0, k = 0; day < 7 && o < len; day++) {
		if (!(r->days & (1u << day)))
			continue;
		o += (size_t)snprintf(buf + o, len - o, "%s%s", k++ ? "," : "",
		    ical_days[day]);
	}
}

/*
 * libical's recurrence iterator computes wall-clock times with ICU, whose
 * zone data may be older than the system's: it moves an occurrence out of
 * what ICU thinks is a gap, and the next one with it (libical issue 1402).
 * Returns how many of OCC[0..n) it generates as written (n - 1 when it
 * generates more).
 */
static size_t
iterator_agrees(const struct feed *f, const char *rule, const struct occ *occ,
    size_t n)
{
	struct icaltimetype start = ical_time(occ[0].ls, f->utc), t;
	icalrecur_iterator *it;
	size_t i;

	start.zone = f->zone;
	it = icalrecur_iterator_new(icalrecurrencetype_from_string(rule), start);
	if (it == NULL)
		return 0;
	for (i = 0; i < n; i++) {
		t = icalrecur_iterator_next(it);
		if (icaltime_is_null_time(t) ||
		    days_from_civil(t.year, (unsigned)t.month,
		    (unsigned)t.day) * SECS_PER_DAY + t.hour * 3600 +
		    t.minute * 60 + t.second != occ[i].ls)
			break;
	}
	if (i == n && !icaltime_is_null_time(icalrecur_iterator_next(it)))
		i = n - 1;
	icalrecur_iterator_free(it);
	return i;
}

/* Splits the occurrences of range R around the horizon into recurrences. */
static void
emit_range(struct feed *f, size_t ri, const struct hours_range *r)
{
	struct occ *occ = NULL;
	size_t n = 0, cap = 0, i, k, start;
	int64_t day, first, last;
	bool first_run = true;
	char rule[128];

	first = days_of(f->h0) - 2;
	last = days_of(f->h1) + 2;
	for (day = first; day <= last; day++) {
		struct occ o;

		if (!(r->days & (1u << weekday_of_days(day))))
			continue;
		o.ls = day * SECS_PER_DAY + (int64_t)r->start * 60;
		o.le = (r->end <= r->start ? day + 1 : day) * SECS_PER_DAY +
		    (int64_t)r->end * 60;
		o.us = tz_to_utc(f->tz, o.ls);
		o.ue = tz_to_utc(f->tz, o.le);
		/* An occurrence that is empty in the engine (02:30-03:00 on
		 * a spring-forward night) is still one an expander makes: it
		 * stays, to end the recurrence around it. */
		if (o.us >= f->h1 || (o.ue <= f->h0 && o.us <= f->h0))
			continue;
		o.start_ok = local_unique(f->tz, o.ls) &&
		    libical_utc(f, o.ls) == o.us;
		o.master_ok = o.start_ok && local_unique(f->tz, o.le) &&
		    libical_utc(f, o.le) == o.ue && o.ue - o.us == o.le - o.ls;
		if (n == cap)
			occ = xreallocarray(occ, cap = cap ? cap * 2 : 64,
			    sizeof(*occ));
		occ[n++] = o;
	}

	/*
	 * A recurrence starts at an occurrence fit to be a master and runs
	 * until the next occurrence whose start is not unique, or that
	 * libical would generate elsewhere. Occurrences outside every
	 * recurrence are left to the standalone events.
	 */
	for (i = 0; i < n;) {
		if (!occ[i].master_ok) {
			i++;
			continue;
		}
		start = i;
		while (i < n && occ[i].start_ok)
			i++;
		run_rule(r, &occ[i - 1], rule, sizeof(rule));
		k = iterator_agrees(f, rule, occ + start, i - start);
		if (k < i - start) {
			occ[start + k].start_ok = occ[start + k].master_ok =
			    false;
			i = start;
			continue;
		}
		emit_run(f, ri, rule, occ + start, i - start, first_run);
		first_run = false;
	}
	free(occ);
}

static void
emit_loose(struct feed *f)
{
	struct ivset rest = IVSET_INITIALIZER, all = IVSET_INITIALIZER;
	icalcomponent *ev;
	char uid[256], summary[256], stamp[32];
	size_t i;

	ivset_normalize(&f->covered);
	ivset_subtract(&rest, &f->shifts, &f->covered);
	ivset_normalize(&f->loose);
	ivset_union(&all, &rest, &f->loose);
	ivset_clip(&all, f->h0, f->h1);
	team_summary(f->team, summary, sizeof(summary));
	for (i = 0; i < all.n; i++) {
		utc_stamp(all.v[i].start, stamp, sizeof(stamp));
		snprintf(uid, sizeof(uid), "%s-x%s@oncalld", f->team->id,
		    stamp);
		ev = new_event(f->now, uid, summary);
		add_utc_span(ev, all.v[i].start, all.v[i].end);
		icalcomponent_add_component(f->cal, ev);
	}
	ivset_free(&rest);
	ivset_free(&all);
}

/*
 * No X-WR-TIMEZONE: clients that honour it (Google's convention, Python's
 * x_wr_timezone under recurring_ical_events) move every UTC time into that
 * zone and read it back as wall-clock time, which turns an event starting
 * in the first pass of a fall-back hour into one an hour later. The UTC
 * events are what keeps the feed exact, so the calendar names no zone.
 */
static icalcomponent *
new_calendar(const char *name)
{
	icalcomponent *cal = icalcomponent_new_vcalendar();
	icalproperty *p;

	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal, icalproperty_new_prodid(
	    "-//oncalld//oncalld " ONCALLD_VERSION "//EN"));
	icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
	icalcomponent_add_property(cal,
	    icalproperty_new_method(ICAL_METHOD_PUBLISH));
	p = icalproperty_new_x(name);
	icalproperty_set_x_name(p, "X-WR-CALNAME");
	icalcomponent_add_property(cal, p);
	return cal;
}

/*
 * The zone's VTIMEZONE as libical builds it from the system's tzdata, with
 * the TZID renamed from libical's "/freeassociation.sourceforge.net/..." to
 * the plain IANA name, which clients also resolve without the VTIMEZONE.
 * NULL when libical does not know the zone.
 */
static icalcomponent *
vtimezone(const char *name, icaltimezone **zone)
{
	icaltimezone *z;
	icalcomponent *c;
	icalproperty *p;

	if ((z = icaltimezone_get_builtin_timezone(name)) == NULL ||
	    (c = icaltimezone_get_component(z)) == NULL)
		return NULL;
	*zone = z;
	c = icalcomponent_new_clone(c);
	if ((p = icalcomponent_get_first_property(c, ICAL_TZID_PROPERTY))
	    != NULL)
		icalproperty_set_tzid(p, name);
	return c;
}

/* Serializes CAL (libical folds lines at 75 octets, ends them with CRLF)
 * into a buffer the caller frees with free(), and frees CAL. */
static char *
finish(icalcomponent *cal)
{
	char *s, *out;

	s = icalcomponent_as_ical_string_r(cal);
	icalcomponent_free(cal);
	if (s == NULL)
		return NULL;
	out = strdup(s);
	icalmemory_free_buffer(s);
	return out;
}

static void
horizon(int64_t now, int64_t *h0, int64_t *h1)
{
	*h0 = now - FEED_BEFORE;
	*h1 = now + FEED_AFTER;
	if (*h0 < CIVIL_MIN)
		*h0 = CIVIL_MIN;
	if (*h1 > CIVIL_MAX)
		*h1 = CIVIL_MAX;
	if (*h1 < *h0)
		*h1 = *h0;
}

char *
feed_team(const struct snapshot *snap, const struct team *team, int64_t now)
{
	struct feed f;
	icalcomponent *vtz = NULL;
	char name[256];
	size_t i;

	(void)snap;
	memset(&f, 0, sizeof(f));
	f.team = team;
	f.tz = team->tz;
	f.now = now;
	horizon(now, &f.h0, &f.h1);
	snprintf(name, sizeof(name), "%s staffed hours",
	    team->short_name != NULL ? team->short_name : team->id);
	f.cal = new_calendar(name);
	schedule_shifts(&team->sched, f.h0 - FEED_MARGIN, f.h1 + FEED_MARGIN,
	    &f.shifts);

	/* Without a VTIMEZONE libical can give, everything goes out in UTC:
	 * still exact, only less compact. */
	if (team->hours.kind == HOURS_WEEKLY && f.tz != NULL) {
		f.utc = strcmp(tz_name(f.tz), "UTC") == 0;
		f.zone = icaltimezone_get_utc_timezone();
		if (f.utc || (vtz = vtimezone(tz_name(f.tz), &f.zone)) != NULL) {
			if (vtz != NULL)
				icalcomponent_add_component(f.cal, vtz);
			for (i = 0; i < team->hours.n; i++)
				emit_range(&f, i, &team->hours.r[i]);
		}
	}
	emit_loose(&f);
	ivset_free(&f.shifts);
	ivset_free(&f.covered);
	ivset_free(&f.loose);
	return finish(f.cal);
}

static void
route_summary(const struct snapshot *snap, const struct route *r,
    const struct route_state *rs, int64_t at, char *buf, size_t len)
{
	const struct step *st = route_target(r, rs);
	const struct team *t = &snap->teams[st->team];
	const struct channel *ch = &t->channels[st->channel];
	const char *who = t->short_name != NULL ? t->short_name : t->id;
	const char *addr = channel_address(t, ch, at);

	if (addr == NULL)
		addr = "";

	if (!rs->staffed)
		snprintf(buf, len, "%s: nothing staffed: queued to %s %s (%s)",
		    r->id, who, ch->id, addr);
	else
		snprintf(buf, len, "%s: %s %s (%s)%s", r->id, who, ch->id,
		    addr, rs->escalated ? " (escalated)" : "");
}

char *
feed_route(const struct snapshot *snap, const struct route *route,
    int64_t now)
{
	icalcomponent *cal, *ev;
	struct route_state rs;
	char name[256], summary[512], next[512], uid[256], stamp[32];
	int64_t h0, h1, t, end;

	horizon(now, &h0, &h1);
	snprintf(name, sizeof(name), "%s handling", route->id);
	cal = new_calendar(name);
	if (h0 >= h1)
		return finish(cal);
	route_resolve(snap, route, h0, &rs, NULL);
	route_summary(snap, route, &rs, h0, summary, sizeof(summary));
	next[0] = '\0';
	for (t = h0; t < h1;) {
		/* The answer may change in a way the summary does not show
		 * (the state of a later step): such segments are joined. */
		end = t;
		do {
			assert(rs.until > end);
			end = rs.until < h1 ? rs.until : h1;
			if (end >= h1)
				break;
			route_resolve(snap, route, end, &rs, NULL);
			route_summary(snap, route, &rs, end, next,
			    sizeof(next));
		} while (strcmp(next, summary) == 0);
		utc_stamp(t, stamp, sizeof(stamp));
		snprintf(uid, sizeof(uid), "%s-%s@oncalld", route->id, stamp);
		ev = new_event(now, uid, summary);
		add_utc_span(ev, t, end);
		icalcomponent_add_component(cal, ev);
		memcpy(summary, next, sizeof(summary));
		t = end;
	}
	return finish(cal);
}

/* A member's name for a summary: "Alice Martin (alice)". */
static void
member_label(const struct member *m, char *buf, size_t len)
{
	if (m->name != NULL)
		snprintf(buf, len, "%s (%s)", m->name, m->id);
	else
		snprintf(buf, len, "%s", m->id);
}

char *
feed_rotation(const struct team *t, const struct rotation *r, int member,
    int64_t now)
{
	struct rot_segs segs = ROT_SEGS_INITIALIZER;
	icalcomponent *cal, *ev;
	char name[256], summary[512], who[300], uid[256], stamp[32];
	const char *addr;
	int64_t h0, h1;
	size_t i;

	horizon(now, &h0, &h1);
	if (member >= 0)
		snprintf(name, sizeof(name), "%s %s: shifts of %s",
		    t->short_name != NULL ? t->short_name : t->id, r->id,
		    t->members[member].id);
	else
		snprintf(name, sizeof(name), "%s %s on duty",
		    t->short_name != NULL ? t->short_name : t->id, r->id);
	cal = new_calendar(name);
	if (h0 < h1)
		rotation_segments(&r->rule, h0, h1, &segs);
	for (i = 0; i < segs.n; i++) {
		const struct member *m = &t->members[segs.v[i].member];

		if (member >= 0 && segs.v[i].member != (uint32_t)member)
			continue;
		member_label(m, who, sizeof(who));
		addr = member_address(r, m);
		snprintf(summary, sizeof(summary), "%s %s: %s%s%s%s",
		    t->short_name != NULL ? t->short_name : t->id, r->id, who,
		    addr != NULL ? " " : "", addr != NULL ? addr : "",
		    segs.v[i].override ? " (override)" : "");
		utc_stamp(segs.v[i].start, stamp, sizeof(stamp));
		snprintf(uid, sizeof(uid), "%s-%s-%s@oncalld", r->path_id,
		    m->id, stamp);
		ev = new_event(now, uid, summary);
		add_utc_span(ev, segs.v[i].start, segs.v[i].end);
		icalcomponent_add_component(cal, ev);
	}
	rot_segs_free(&segs);
	return finish(cal);
}

char *
feed_entity(const struct snapshot *snap, const struct entity *e, int64_t now)
{
	const struct team *t;

	switch (e->kind) {
	case ENTITY_TEAM:
		return feed_team(snap, &snap->teams[e->index], now);
	case ENTITY_ROUTE:
		return feed_route(snap, &snap->routes[e->index], now);
	case ENTITY_ROTATION:
	case ENTITY_MEMBER:
		break;
	}
	t = &snap->teams[e->index];
	return feed_rotation(t, &t->rotations[e->rotation],
	    e->kind == ENTITY_MEMBER ? (int)e->member : -1, now);
}
