/* calendar.c - closures and extra events: .ics files read with libical and
 * expanded into UTC intervals over the span the engine answers for.
 *
 * libical parses the file (unfolding, escaping, value syntax) and expands
 * RRULEs on wall-clock fields. Every wall-clock -> UTC step is ours: IANA
 * zones and the team's zone go through tz_to_utc(), a VTIMEZONE of the file
 * through the same RFC 5545 3.3.5 rule built on libical's offsets, so that a
 * time in a spring-forward gap means the same thing here as in the hours.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libical/ical.h>

#include "calendar.h"
#include "civil.h"
#include "diag.h"
#include "icsraw.h"
#include "interval.h"
#include "readfile.h"
#include "tz.h"
#include "winzone.h"
#include "xmalloc.h"

#define CAL_MAX_BYTES		(64 * 1024 * 1024)
/*
 * Fuzzing builds (FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION, the macro that
 * libFuzzer projects share) stop expanding far sooner: the same code path
 * refuses the file, and each input stays cheap enough to run millions of
 * times instead of a few dozen a second.
 */
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
#define CAL_MAX_OCCURRENCES	2000
#else
#define CAL_MAX_OCCURRENCES	200000
#endif
/* Steps of the recurrence rules' FREQ a calendar may make libical test,
 * matching or not (see expand_rrule()). */
#define CAL_MAX_STEPS		((int64_t)2 * CAL_MAX_OCCURRENCES)
/* A wall-clock start past this cannot reach into [CIVIL_MIN, CIVIL_MAX):
 * no zone is a day away from UTC. Unbounded rules stop here. */
#define CAL_LOCAL_END		(CIVIL_MAX + 2 * SECS_PER_DAY)

/* How a wall-clock time becomes UTC; neither set means UTC ('Z'). */
struct zref {
	const struct tz	*tz;		/* an IANA zone, or the team's zone */
	icaltimezone	*vtz;		/* a VTIMEZONE of the file */
};

/* A time as written in the file. */
struct ctime {
	int64_t		 local;		/* wall-clock fields, see civil.h */
	bool		 is_date;
	struct zref	 z;
};

/*
 * The length of every occurrence (RFC 5545 3.3.6 and 3.8.5.3). NOMINAL is
 * wall-clock time added to the local start (the days between DATE values,
 * the days and weeks of a DURATION); EXACT is seconds added after that (the
 * difference of a DATE-TIME DTEND and DTSTART, the hours of a DURATION). So
 * a one-day event stays a whole local day across DST, and an event of one
 * hour stays one hour.
 */
struct span {
	int64_t		 nominal;
	int64_t		 exact;
};

/* A TZID met in the file, resolved once. */
struct zent {
	char		*tzid;
	icalcomponent	*cal;		/* whose VTIMEZONEs were searched */
	struct tz	*owned;
	struct zref	 z;
	bool		 known;
};

/* A property of libical and the line of the text it was read from. */
struct pmap {
	icalproperty		*p;
	const struct icsprop	*rp;	/* NULL if not found */
};

struct vev {
	icalcomponent	*comp;
	icalcomponent	*cal;
	const struct icscomp *raw;	/* its text, for lines; may be NULL */
	struct pmap	*pm;		/* its properties' lines */
	size_t		 pmn;
	const char	*uid;		/* borrowed from comp; may be NULL */
	int		 line;
	bool		 bad;		/* an error was reported for it */
	/* Overrides (a RECURRENCE-ID) only. */
	bool		 is_override;
	bool		 used;		/* a master with its UID was seen */
	bool		 cancelled;
	bool		 has_span;
	int		 seq;
	int		 who;		/* calendar_load_tagged(): its tag */
	struct ctime	 rid;
	struct ctime	 start;
	struct span	 span;
};

/* One occurrence of the master being expanded. */
struct occ {
	int64_t		 start;		/* UTC; what a RECURRENCE-ID names */
	int64_t		 lday;		/* local day of the start */
	int64_t		 end;
	struct vev	*ov;		/* the override replacing it, if any */
	bool		 gone;		/* EXDATE */
};

struct cal {
	const char	*path;
	const struct tz	*zone;
	struct diags	*d;
	size_t		 nerr;
	struct zent	*zv;
	size_t		 zn, zcap;
	struct icsraw	 raw;		/* the text's lines */
	struct vev	*ev;
	size_t		 evn, evcap;
	struct vev	**ovx;		/* overrides sorted by UID */
	size_t		 ovn;
	struct occ	*oc;		/* occurrences of the current master */
	size_t		 ocn, occap;
	size_t		 noccur;
	int64_t		 nsteps;	/* FREQ steps given to libical so far */
	bool		 toomany;
	int		 at;		/* line of errors outside events, or 0 */
	struct ivset	 set;
	/* calendar_load_tagged() only. */
	calendar_who_fn	 whofn;
	void		*whoarg;
	struct calendar_occ *tv;
	size_t		 tn, tcap;
};

#define GROW(p, n, cap) do {						\
	if ((n) == (cap)) {						\
		(cap) = (cap) ? (cap) * 2 : 16;				\
		(p) = xreallocarray((p), (cap), sizeof(*(p)));		\
	}								\
} while (0)

static void cal_err(struct cal *, struct vev *, int, const char *, ...)
	__attribute__((format(printf, 4, 5)));

/* An error of event E at LINE (0: the event's first line), or of the file
 * at LINE (0: line c->at) when E is NULL. */
static void
cal_err(struct cal *c, struct vev *e, int line, const char *fmt, ...)
{
	char msg[512], uid[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (line == 0)
		line = e != NULL ? e->line : c->at;
	if (e == NULL)
		diags_add(c->d, c->path, line, "%s", msg);
	else if (e->uid == NULL)
		diags_add(c->d, c->path, line, "event without UID: %s", msg);
	else {
		diag_printable(uid, sizeof(uid), e->uid);
		diags_add(c->d, c->path, line, "UID %s: %s", uid, msg);
	}
	if (e != NULL)
		e->bad = true;
	c->nerr++;
}

static char *
read_file(struct cal *c, size_t *lenp)
{
	char *buf, why[256];
	size_t len;

	if (readfile(c->path, CAL_MAX_BYTES, &buf, &len, why,
	    sizeof(why)) == -1) {
		cal_err(c, NULL, 0, "cannot read calendar: %s", why);
		return NULL;
	}
	/* libical stops at a NUL: the rest of the file would go unread. */
	if (memchr(buf, '\0', len) != NULL) {
		cal_err(c, NULL, 0, "not a calendar: the file contains NUL bytes");
		free(buf);
		return NULL;
	}
	*lenp = len;
	return buf;
}

/*
 * Which raw property each property of libical's component COMP comes from,
 * R being COMP's text: *OUT (caller frees) gets one entry per property, in
 * order. libical keeps the file's order of properties, makes one property
 * of each value of a multi-valued line (EXDATE:a,b), replaces a line it
 * cannot read with an X-LIC-ERROR, and puts the X-LIC-ERROR of a bad
 * parameter after the property it kept: the two lists are walked side by
 * side. Built before any loop over COMP's properties: walking them again
 * would reset libical's one iterator of COMP.
 */
static size_t
prop_map(icalcomponent *comp, const struct icscomp *r, struct pmap **out)
{
	icalproperty *p;
	icalparameter *tp;
	const struct icsprop *cur = NULL;
	const char *name;
	struct pmap *m = NULL;
	size_t i = 0, n = 0, cap = 0;
	int budget = 0;
	bool param;

	for (p = icalcomponent_get_first_property(comp, ICAL_ANY_PROPERTY);
	    p != NULL;
	    p = icalcomponent_get_next_property(comp, ICAL_ANY_PROPERTY)) {
		if (r == NULL)
			cur = NULL;
		else if (icalproperty_isa(p) == ICAL_XLICERROR_PROPERTY) {
			tp = icalproperty_get_first_parameter(p,
			    ICAL_XLICERRORTYPE_PARAMETER);
			param = tp != NULL && (icalparameter_get_xlicerrortype(tp)
			    == ICAL_XLICERRORTYPE_PARAMETERNAMEPARSEERROR ||
			    icalparameter_get_xlicerrortype(tp) ==
			    ICAL_XLICERRORTYPE_PARAMETERVALUEPARSEERROR);
			if (!param || cur == NULL) {
				cur = i < r->pn ? &r->pv[i++] : NULL;
				budget = 0;
			}
		} else {
			name = icalproperty_get_property_name(p);
			if (cur == NULL || budget <= 0 || name == NULL ||
			    strcasecmp(cur->name, name) != 0) {
				while (i < r->pn && name != NULL &&
				    strcasecmp(r->pv[i].name, name) != 0)
					i++;
				cur = i < r->pn ? &r->pv[i++] : NULL;
				budget = cur != NULL ? cur->nvalues : 0;
			}
			budget--;
		}
		GROW(m, n, cap);
		m[n].p = p;
		m[n++].rp = cur;
	}
	*out = m;
	return n;
}

static const struct icsprop *
pmap_find(const struct pmap *m, size_t n, icalproperty *p)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (m[i].p == p)
			return m[i].rp;
	return NULL;
}

/* The line of property P of event E, or 0 (the event's). */
static int
prop_line(const struct vev *e, icalproperty *p)
{
	const struct icsprop *rp = pmap_find(e->pm, e->pmn, p);

	return rp != NULL ? rp->line : 0;
}

/*
 * Whether property NAME may have an empty value. TEXT is zero or more
 * characters (RFC 5545 3.3.11): Google, Exchange and AWS write
 * "DESCRIPTION:" and "LOCATION:". Thunderbird writes "CLASS:", holiday
 * sites "RRULE:" (no rule at all). Only the properties that place an event
 * in time must have a value; an empty one of those is an error.
 */
static bool
empty_allowed(const char *name)
{
	static const char *const timed[] = {
		"DTSTART", "DTEND", "DURATION", "RDATE", "EXDATE",
		"RECURRENCE-ID", "TZID", "TZOFFSETFROM", "TZOFFSETTO",
		"STATUS", "UID",
	};
	size_t i;

	for (i = 0; i < sizeof(timed) / sizeof(timed[0]); i++)
		if (strcasecmp(name, timed[i]) == 0)
			return false;
	return true;
}

/* What value property NAME takes, in words. */
static const char *
value_words(const char *name)
{
	switch (icalproperty_kind_to_value_kind(
	    icalproperty_string_to_kind(name))) {
	case ICAL_DATETIME_VALUE:
	case ICAL_DATETIMEDATE_VALUE:
	case ICAL_DATETIMEPERIOD_VALUE:
		return "a date or date-time";
	case ICAL_RECUR_VALUE:
		return "a recurrence rule";
	case ICAL_DURATION_VALUE:
		return "a duration";
	case ICAL_TRIGGER_VALUE:
		return "a duration or date-time";
	case ICAL_INTEGER_VALUE:
		return "an integer";
	case ICAL_PERIOD_VALUE:
		return "a period";
	case ICAL_GEO_VALUE:
		return "two numbers (latitude;longitude)";
	case ICAL_UTCOFFSET_VALUE:
		return "a UTC offset (+hhmm)";
	default:
		return "a value of its type";
	}
}

/*
 * libical turns each line it cannot read into an X-LIC-ERROR property of
 * the component it was in, and drops the line (or keeps it without a bad
 * parameter). Each is an error, said in words at the line it came from,
 * except an empty value where one is allowed. An X-LIC-ERROR line of the
 * file itself (Thunderbird writes them) is an X- property like any other.
 */
static void
report_parse_errors(struct cal *c, icalcomponent *comp,
    const struct icscomp *r, struct vev *e, const char *where, bool recurse)
{
	icalproperty *p;
	icalparameter *tp;
	icalcomponent *sub;
	const struct icsprop *rp;
	const struct icscomp *rsub;
	const char *kind;
	char name[48], value[120], pre[220];
	struct { const char *name; size_t n; } kinds[8];
	struct pmap *m;
	size_t k, nk = 0, i, n;
	int line;

	n = prop_map(comp, r, &m);
	for (i = 0; i < n; i++) {
		p = m[i].p;
		if (icalproperty_isa(p) != ICAL_XLICERROR_PROPERTY)
			continue;
		rp = m[i].rp;
		if (rp != NULL && strcmp(rp->name, "X-LIC-ERROR") == 0)
			continue;	/* the file's own */
		tp = icalproperty_get_first_parameter(p,
		    ICAL_XLICERRORTYPE_PARAMETER);
		if (tp != NULL && icalparameter_get_xlicerrortype(tp) ==
		    ICAL_XLICERRORTYPE_VALUEPARSEERROR && rp != NULL &&
		    rp->empty && empty_allowed(rp->name))
			continue;
		line = rp != NULL ? rp->line : (r != NULL ? r->line : 0);
		diag_printable(name, sizeof(name), rp != NULL ? rp->name : "?");
		diag_printable(value, sizeof(value),
		    rp != NULL && rp->value != NULL ? rp->value : "");
		snprintf(pre, sizeof(pre), "%s%s", where != NULL ? where : "",
		    where != NULL ? ": " : "");
		switch (tp != NULL ? icalparameter_get_xlicerrortype(tp) :
		    ICAL_XLICERRORTYPE_NONE) {
		case ICAL_XLICERRORTYPE_VALUEPARSEERROR:
			if (rp != NULL && rp->empty)
				cal_err(c, e, line, "%s%s has no value (it "
				    "must be %s)", pre, name, value_words(name));
			else
				cal_err(c, e, line, "%s%s: \"%s\" is not %s",
				    pre, name, value, value_words(name));
			break;
		case ICAL_XLICERRORTYPE_PARAMETERNAMEPARSEERROR:
		case ICAL_XLICERRORTYPE_PARAMETERVALUEPARSEERROR:
			cal_err(c, e, line, "%s%s: a parameter is malformed "
			    "(expected ;NAME=value before the ':')", pre, name);
			break;
		case ICAL_XLICERRORTYPE_COMPONENTPARSEERROR:
		case ICAL_XLICERRORTYPE_PROPERTYPARSEERROR:
			cal_err(c, e, line, "%sthis line is not a property "
			    "(NAME:value): \"%s\"", pre, value);
			break;
		default:
			cal_err(c, e, line, "%s%s: this line cannot be read",
			    pre, name);
			break;
		}
	}
	free(m);
	/* Sub-components keep their order: the Nth VALARM is the Nth one of
	 * the text. (Counted here: a nested walk would reset libical's
	 * iterator of COMP.) */
	for (sub = icalcomponent_get_first_component(comp, ICAL_ANY_COMPONENT);
	    sub != NULL && recurse;
	    sub = icalcomponent_get_next_component(comp, ICAL_ANY_COMPONENT)) {
		kind = icalcomponent_kind_to_string(icalcomponent_isa(sub));
		for (k = 0; k < nk && strcmp(kinds[k].name, kind) != 0; k++)
			;
		if (k == nk && nk < sizeof(kinds) / sizeof(kinds[0])) {
			kinds[nk].name = kind;
			kinds[nk++].n = 0;
		}
		rsub = k < nk && kind != NULL ?
		    icsraw_child(r, kind, kinds[k].n++) : NULL;
		report_parse_errors(c, sub, rsub, e, where, true);
	}
}

/*
 * libical expands a VTIMEZONE's rules from each observance's DTSTART (often
 * 1601) up to the year asked for, through ICU, one candidate at a time. A
 * rule other than FREQ=YEARLY with BYMONTH, BYDAY, BYMONTHDAY or BYSETPOS
 * (an hourly one, or BYHOUR lists) means millions of candidates: seconds
 * to minutes of work on one reload. Time zones do not change that often.
 * Such a VTIMEZONE is an error (reported when C is not NULL) and is never
 * used. Returns whether every rule is bounded.
 */
static bool
check_observances(struct cal *c, icalcomponent *vtz, const struct icscomp *rz,
    const char *where)
{
	bool ok = true;
	struct icalrecurrencetype r;
	icalcomponent *ob;
	icalproperty *p;
	const struct icsprop *rp;
	const char *kind, *rule;
	char text[200];
	struct pmap *m;
	size_t i, n, nd = 0, ns = 0;

	for (ob = icalcomponent_get_first_component(vtz, ICAL_ANY_COMPONENT);
	    ob != NULL;
	    ob = icalcomponent_get_next_component(vtz, ICAL_ANY_COMPONENT)) {
		if (icalcomponent_isa(ob) == ICAL_XDAYLIGHT_COMPONENT)
			kind = "DAYLIGHT";
		else if (icalcomponent_isa(ob) == ICAL_XSTANDARD_COMPONENT)
			kind = "STANDARD";
		else
			continue;
		n = prop_map(ob, icsraw_child(rz, kind,
		    kind[0] == 'D' ? nd++ : ns++), &m);
		for (i = 0; i < n; i++) {
			p = m[i].p;
			if (icalproperty_isa(p) != ICAL_RRULE_PROPERTY)
				continue;
			r = icalproperty_get_rrule(p);
			if (r.freq == ICAL_YEARLY_RECURRENCE &&
			    r.by_second[0] == ICAL_RECURRENCE_ARRAY_MAX &&
			    r.by_minute[0] == ICAL_RECURRENCE_ARRAY_MAX &&
			    r.by_hour[0] == ICAL_RECURRENCE_ARRAY_MAX &&
			    r.by_year_day[0] == ICAL_RECURRENCE_ARRAY_MAX &&
			    r.by_week_no[0] == ICAL_RECURRENCE_ARRAY_MAX)
				continue;
			ok = false;
			if (c == NULL)
				break;
			/* NULL for a rule libical could not read. */
			rule = icalrecurrencetype_as_string(&r);
			diag_printable(text, sizeof(text), rule ? rule : "?");
			rp = m[i].rp;
			cal_err(c, NULL, rp != NULL ? rp->line : 0, "%s: %s: "
			    "RRULE \"%s\": a time zone rule must be FREQ=YEARLY "
			    "with at most BYMONTH, BYDAY, BYMONTHDAY and "
			    "BYSETPOS", where, kind, text);
		}
		free(m);
		if (!ok && c == NULL)
			break;
	}
	return ok;
}

/* Offset east of UTC in force at instant UTC in a VTIMEZONE of the file. */
static int64_t
vtz_offset(icaltimezone *z, int64_t utc)
{
	struct icaltimetype tt;
	int dst;

	tt = icaltime_from_timet_with_zone((time_t)utc, 0,
	    icaltimezone_get_utc_timezone());
	return icaltimezone_get_utc_offset_of_utc_time(z, &tt, &dst);
}

/*
 * libical's own local -> UTC step reads a time in a spring-forward gap with
 * the offset after the change; RFC 5545 3.3.5 wants the one before, and an
 * ambiguous time in an overlap means its first occurrence. Offsets a day
 * before and after bracket any single change.
 */
static int64_t
vtz_to_utc(icaltimezone *z, int64_t local)
{
	int64_t before, after, u1, u2;
	bool ok1, ok2;

	before = vtz_offset(z, local - SECS_PER_DAY);
	after = vtz_offset(z, local + SECS_PER_DAY);
	u1 = local - before;
	u2 = local - after;
	ok1 = vtz_offset(z, u1) == before;
	ok2 = vtz_offset(z, u2) == after;
	if (ok1 && ok2)
		return u1 < u2 ? u1 : u2;
	if (ok2)
		return u2;
	return u1;
}

static int64_t
to_utc(const struct zref *z, int64_t local)
{
	if (z->tz != NULL)
		return tz_to_utc(z->tz, local);
	if (z->vtz != NULL)
		return vtz_to_utc(z->vtz, local);
	return local;
}

/*
 * A TZID that is an IANA name, or ends with one as the ones Mozilla, Citadel
 * or libical write ("/citadel.org/20190101_1/Europe/Paris"), resolves
 * through the system's tzdata whatever VTIMEZONE comes with it: it is the
 * same data the team's hours use. A name without a '/' ("EST", "CET") is a
 * legacy tzdata zone that may not mean what the file's author meant, so the
 * file's own VTIMEZONE of that name goes first. A Windows zone name as
 * Outlook and Exchange write it ("W. Europe Standard Time") is the IANA
 * zone CLDR maps it to: their VTIMEZONE holds only today's rule, back to
 * 1601, and sometimes no offset at all. Anything else needs its VTIMEZONE.
 * Nothing ever falls back to UTC.
 */
static const struct zref *
resolve_tzid(struct cal *c, icalcomponent *cal, const char *tzid)
{
	struct zent *ze;
	const char *s;
	char err[256];
	icaltimezone *vtz;
	icalcomponent *vc;
	size_t i;

	for (i = 0; i < c->zn; i++)
		if (c->zv[i].cal == cal && strcmp(c->zv[i].tzid, tzid) == 0)
			return c->zv[i].known ? &c->zv[i].z : NULL;
	GROW(c->zv, c->zn, c->zcap);
	ze = &c->zv[c->zn++];
	memset(ze, 0, sizeof(*ze));
	ze->tzid = xstrdup(tzid);
	ze->cal = cal;
	/* A VTIMEZONE without a single offset would read as UTC; one with an
	 * unbounded rule was refused by collect(). */
	if ((vtz = icalcomponent_get_timezone(cal, tzid)) != NULL &&
	    ((vc = icaltimezone_get_component(vtz)) == NULL ||
	    (icalcomponent_get_first_component(vc, ICAL_XSTANDARD_COMPONENT)
	    == NULL &&
	    icalcomponent_get_first_component(vc, ICAL_XDAYLIGHT_COMPONENT)
	    == NULL) || !check_observances(NULL, vc, NULL, NULL)))
		vtz = NULL;
	if ((s = winzone_iana(tzid)) != NULL)
		ze->owned = tz_load(s, err, sizeof(err));
	for (s = tzid; s != NULL && ze->owned == NULL;
	    s = strchr(s, '/') != NULL ? strchr(s, '/') + 1 : NULL) {
		if (*s == '\0' || *s == '/' || (vtz != NULL &&
		    strchr(s, '/') == NULL))
			continue;
		ze->owned = tz_load(s, err, sizeof(err));
	}
	if (ze->owned != NULL) {
		ze->z.tz = ze->owned;
		ze->known = true;
	} else if (vtz != NULL) {
		ze->z.vtz = vtz;
		ze->known = true;
	}
	return ze->known ? &ze->z : NULL;
}

static bool
valid_fields(struct icaltimetype t)
{
	static const unsigned char mdays[] =
	    { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (t.year < 1 || t.year > 9999 || t.month < 1 || t.month > 12 ||
	    t.day < 1 || t.day > mdays[t.month - 1] ||
	    (t.month == 2 && t.day == 29 && !is_leap_year(t.year)))
		return false;
	if (t.is_date)
		return true;
	return t.hour >= 0 && t.hour <= 23 && t.minute >= 0 &&
	    t.minute <= 59 && t.second >= 0 && t.second <= 60;
}

static int64_t
local_of(struct icaltimetype t)
{
	int64_t s;

	s = days_from_civil(t.year, (unsigned)t.month, (unsigned)t.day) *
	    SECS_PER_DAY;
	if (!t.is_date)
		s += t.hour * 3600 + t.minute * 60 + t.second;
	return s;
}

/* Reads time T, the value of property P (named WHAT in messages), with the
 * TZID parameter of P: libical ignores it on RDATE and EXDATE. */
static bool
read_time(struct cal *c, struct vev *e, icalproperty *p,
    struct icaltimetype t, const char *what, struct ctime *out)
{
	icalparameter *tp;
	const struct zref *z;
	const struct icsprop *rp;
	const char *tzid = NULL;
	char name[160];

	if (icaltime_is_null_time(t) || !valid_fields(t)) {
		cal_err(c, e, prop_line(e, p), "%s: invalid date or time", what);
		return false;
	}
	/* libical reads the value by its look and drops VALUE=: a date-time
	 * under VALUE=DATE would become a UTC time of its own. */
	rp = pmap_find(e->pm, e->pmn, p);
	if (rp != NULL && ((rp->value_date && !t.is_date) ||
	    (rp->value_date_time && t.is_date))) {
		cal_err(c, e, rp->line, "%s: VALUE=%s but the value is a %s",
		    what, t.is_date ? "DATE-TIME" : "DATE",
		    t.is_date ? "date" : "date-time");
		return false;
	}
	out->local = local_of(t);
	out->is_date = t.is_date;
	out->z.tz = NULL;
	out->z.vtz = NULL;
	if ((tp = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER))
	    != NULL)
		tzid = icalparameter_get_tzid(tp);
	if (!t.is_date && icaltime_is_utc(t))
		return true;
	if (!t.is_date && tzid != NULL) {
		if ((z = resolve_tzid(c, e->cal, tzid)) == NULL) {
			diag_printable(name, sizeof(name), tzid);
			cal_err(c, e, prop_line(e, p), "%s: unknown TZID \"%s\" (neither a "
			    "time zone name nor a usable VTIMEZONE of the "
			    "file)", what, name);
			return false;
		}
		out->z = *z;
		return true;
	}
	/* A floating time or a whole day: the team's own wall clock. */
	if (c->zone == NULL) {
		cal_err(c, e, prop_line(e, p), "%s: %s needs the team's timezone", what,
		    t.is_date ? "an all-day date" : "a floating time");
		return false;
	}
	out->z.tz = c->zone;
	return true;
}

static int64_t
span_end(const struct ctime *s, int64_t start, const struct span *sp)
{
	int64_t end;

	end = sp->nominal != 0 ? to_utc(&s->z, s->local + sp->nominal) : start;
	return end + sp->exact;
}

static bool
duration_span(struct cal *c, struct vev *e, int line,
    struct icaldurationtype du, const char *what, struct span *sp)
{
	if (du.is_neg) {
		cal_err(c, e, line, "%s: negative duration", what);
		return false;
	}
	sp->nominal = ((int64_t)du.weeks * 7 + du.days) * SECS_PER_DAY;
	sp->exact = (int64_t)du.hours * 3600 + (int64_t)du.minutes * 60 +
	    du.seconds;
	return true;
}

/* The end of event E starting at DS: 1 with *SP set, 0 when E has neither
 * DTEND nor DURATION, -1 on error. */
static int
event_span(struct cal *c, struct vev *e, const struct ctime *ds,
    struct span *sp)
{
	icalproperty *pe, *pd;
	struct ctime de;
	int64_t s, t;

	pe = icalcomponent_get_first_property(e->comp, ICAL_DTEND_PROPERTY);
	pd = icalcomponent_get_first_property(e->comp, ICAL_DURATION_PROPERTY);
	/* RFC 5545 3.6.1: one or the other. The later line is the one to
	 * remove. */
	if (pe != NULL && pd != NULL) {
		cal_err(c, e, prop_line(e, pe) > prop_line(e, pd) ?
		    prop_line(e, pe) : prop_line(e, pd), "both DTEND and "
		    "DURATION: an event has one or the other");
		return -1;
	}
	if (pd != NULL)
		return duration_span(c, e, prop_line(e, pd),
		    icalproperty_get_duration(pd), "DURATION", sp) ? 1 : -1;
	if (pe == NULL)
		return 0;
	if (!read_time(c, e, pe, icalproperty_get_dtend(pe), "DTEND", &de))
		return -1;
	if (de.is_date != ds->is_date) {
		cal_err(c, e, prop_line(e, pe), "DTSTART and DTEND are not both dates or both "
		    "date-times");
		return -1;
	}
	if (ds->is_date) {
		sp->nominal = de.local - ds->local;
		sp->exact = 0;
		if (sp->nominal < 0) {
			cal_err(c, e, prop_line(e, pe), "DTEND is before DTSTART");
			return -1;
		}
		/* Holiday sites write a one-day event as DTEND = DTSTART;
		 * calendar programs show it as that day, and so it is. */
		if (sp->nominal == 0)
			sp->nominal = SECS_PER_DAY;
		return 1;
	}
	s = to_utc(&ds->z, ds->local);
	t = to_utc(&de.z, de.local);
	if (t < s) {
		cal_err(c, e, prop_line(e, pe), "DTEND is before DTSTART");
		return -1;
	}
	sp->nominal = 0;
	sp->exact = t - s;
	return 1;
}

static bool
event_start(struct cal *c, struct vev *e, struct ctime *ds)
{
	icalproperty *p;

	if ((p = icalcomponent_get_first_property(e->comp,
	    ICAL_DTSTART_PROPERTY)) == NULL) {
		cal_err(c, e, 0, "no DTSTART");
		return false;
	}
	return read_time(c, e, p, icalproperty_get_dtstart(p), "DTSTART", ds);
}

static bool
is_cancelled(icalcomponent *comp)
{
	icalproperty *p;

	p = icalcomponent_get_first_property(comp, ICAL_STATUS_PROPERTY);
	return p != NULL && icalproperty_get_status(p) == ICAL_STATUS_CANCELLED;
}

static bool
add_occ(struct cal *c, struct vev *e, int64_t start, int64_t lday,
    int64_t end)
{
	struct occ *o;

	if (c->toomany)
		return false;
	if (++c->noccur > CAL_MAX_OCCURRENCES) {
		cal_err(c, e, 0, "calendar expands to too many occurrences "
		    "(more than %d before 2100)", CAL_MAX_OCCURRENCES);
		c->toomany = true;
		return false;
	}
	GROW(c->oc, c->ocn, c->occap);
	o = &c->oc[c->ocn++];
	o->start = start;
	o->lday = lday;
	o->end = end;
	o->ov = NULL;
	o->gone = false;
	return true;
}

/* One occurrence starting at wall-clock LOCAL in the zone of DS. */
static bool
add_local(struct cal *c, struct vev *e, const struct ctime *ds, int64_t local,
    const struct span *sp)
{
	struct ctime t = *ds;
	int64_t start;

	t.local = local;
	start = to_utc(&t.z, local);
	return add_occ(c, e, start, days_of(local), span_end(&t, start, sp));
}

/* Whether some BY part of R can leave a FREQ step without an occurrence:
 * any but those finer than FREQ, which only add occurrences to a step. */
static bool
rule_filters(const struct icalrecurrencetype *r)
{
#define HAS(a)	((a)[0] != ICAL_RECURRENCE_ARRAY_MAX)
	if (HAS(r->by_set_pos) || HAS(r->by_month) || HAS(r->by_week_no) ||
	    HAS(r->by_year_day) || HAS(r->by_month_day))
		return true;
	switch (r->freq) {
	case ICAL_WEEKLY_RECURRENCE:
		return false;
	case ICAL_DAILY_RECURRENCE:
		return HAS(r->by_day);
	case ICAL_HOURLY_RECURRENCE:
		return HAS(r->by_day) || HAS(r->by_hour);
	case ICAL_MINUTELY_RECURRENCE:
		return HAS(r->by_day) || HAS(r->by_hour) || HAS(r->by_minute);
	default:
		return true;
	}
#undef HAS
}

/* Whether some month of BYMONTH (any month without one) has a day of
 * BYMONTHDAY. libical's MONTHLY iterator looks for one up to the year 2582
 * whatever UNTIL says: 0.7 s for one FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30.
 * Months of another RSCALE are not Gregorian ones: not checked. */
static bool
month_days_possible(const struct icalrecurrencetype *r)
{
	static const short mdays[] =
	    { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	const short *bm = r->by_month, *bd = r->by_month_day;
	int i, j, m;

	if (bd[0] == ICAL_RECURRENCE_ARRAY_MAX || (r->rscale != NULL &&
	    r->rscale[0] != '\0' && strcasecmp(r->rscale, "GREGORIAN") != 0))
		return true;
	for (m = 1; m <= 12; m++) {
		for (j = 0; j < ICAL_BY_MONTH_SIZE &&
		    bm[j] != ICAL_RECURRENCE_ARRAY_MAX && bm[j] != m; j++)
			;
		if (j > 0 && (j == ICAL_BY_MONTH_SIZE ||
		    bm[j] == ICAL_RECURRENCE_ARRAY_MAX))
			continue;		/* not one of BYMONTH */
		for (i = 0; i < ICAL_BY_MONTHDAY_SIZE &&
		    bd[i] != ICAL_RECURRENCE_ARRAY_MAX; i++)
			if (bd[i] != 0 && abs(bd[i]) <= mdays[m - 1])
				return true;
	}
	return false;
}

/* The FREQ steps libical makes from local FROM to local TO (COUNT when
 * every step has an occurrence and COUNT comes first). */
static int64_t
rule_steps(const struct icalrecurrencetype *r, int count, int64_t from,
    int64_t to)
{
	int64_t unit, n;

	switch (r->freq) {
	case ICAL_SECONDLY_RECURRENCE:	unit = 1;			break;
	case ICAL_MINUTELY_RECURRENCE:	unit = 60;			break;
	case ICAL_HOURLY_RECURRENCE:	unit = 3600;			break;
	case ICAL_DAILY_RECURRENCE:	unit = SECS_PER_DAY;		break;
	case ICAL_WEEKLY_RECURRENCE:	unit = 7 * SECS_PER_DAY;	break;
	case ICAL_MONTHLY_RECURRENCE:	unit = 28 * SECS_PER_DAY;	break;
	default:			unit = 365 * SECS_PER_DAY;	break;
	}
	unit *= r->interval > 1 ? r->interval : 1;
	n = to > from ? (to - from) / unit + 1 : 1;
	if (count > 0 && count < n && !rule_filters(r))
		n = count;
	return n;
}

/*
 * The iterator runs on the wall-clock DTSTART with no zone, so it never
 * converts anything; UNTIL is taken out of the rule and checked here,
 * because libical would compare a UTC UNTIL with those zoneless times.
 *
 * libical tests every FREQ step from DTSTART on, matching or not, and a
 * rule that stops matching (FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30) would run
 * on to the year 2582: 20 seconds of work through ICU for one line of a
 * file, hours for a MINUTELY one. So the iterator gets an UNTIL two days
 * past the last wall-clock time that can matter, which it checks between
 * steps; COUNT, which it refuses next to UNTIL, is counted here instead.
 * The steps up to there, over the whole file, are limited as the
 * occurrences are.
 */
static void
expand_rrule(struct cal *c, struct vev *e, icalproperty *p,
    const struct ctime *ds, const struct span *sp)
{
	struct icalrecurrencetype r;
	struct icaltimetype until, start, t;
	icalrecur_iterator *it;
	int64_t local, ulimit = 0, bound, steps, n = 0;
	unsigned mo, da;
	int y, count;
	char text[200], before[64];
	const char *rule;

	r = icalproperty_get_rrule(p);
	if (r.freq == ICAL_NO_RECURRENCE) {
		cal_err(c, e, prop_line(e, p), "RRULE without a valid FREQ");
		return;
	}
	until = r.until;
	r.until = icaltime_null_time();
	count = r.count;
	r.count = 0;
	if (!icaltime_is_null_time(until)) {
		if (!valid_fields(until)) {
			cal_err(c, e, prop_line(e, p), "RRULE: invalid UNTIL");
			return;
		}
		ulimit = local_of(until);	/* UTC or wall clock, below */
	}
	/*
	 * libical computes RSCALE=CHINESE (and the Korean DANGI) through ICU,
	 * whose Chinese calendar puts some new moons close to midnight on the
	 * wrong day: Chinese New Year 2027 would come out on 02-07 instead of
	 * 02-06. Refused rather than answered wrong.
	 */
	if (r.rscale != NULL && (strcasecmp(r.rscale, "CHINESE") == 0 ||
	    strcasecmp(r.rscale, "DANGI") == 0)) {
		cal_err(c, e, prop_line(e, p), "RRULE: RSCALE=%s is not "
		    "supported: the lunisolar calendar library available "
		    "(ICU) places some new moons near midnight on the wrong "
		    "day (Chinese New Year 2027 on 02-07, not 02-06); list "
		    "the dates with RDATE instead",
		    strcasecmp(r.rscale, "DANGI") == 0 ? "DANGI" : "CHINESE");
		return;
	}
	if (!month_days_possible(&r)) {
		cal_err(c, e, prop_line(e, p), "RRULE cannot be expanded (no date can match "
		    "it): no month of BYMONTH has a day of BYMONTHDAY");
		return;
	}
	bound = CAL_LOCAL_END;
	if (!icaltime_is_null_time(until) && ulimit < bound - 2 * SECS_PER_DAY)
		bound = ulimit + 2 * SECS_PER_DAY;
	steps = rule_steps(&r, count, ds->local, bound);
	if (steps > CAL_MAX_STEPS - c->nsteps) {
		rule = icalproperty_get_value_as_string(p);
		diag_printable(text, sizeof(text), rule ? rule : "?");
		snprintf(before, sizeof(before), ", and %lld for the rules "
		    "before it,", (long long)c->nsteps);
		cal_err(c, e, prop_line(e, p), "RRULE \"%s\": %lld steps of its FREQ from "
		    "DTSTART to %s%s are more than a calendar may test "
		    "(%lld): give it %s UNTIL, a larger INTERVAL or a coarser "
		    "FREQ", text, (long long)steps,
		    icaltime_is_null_time(until) ? "2100" : "its UNTIL",
		    c->nsteps > 0 ? before : "", (long long)CAL_MAX_STEPS,
		    icaltime_is_null_time(until) ? "an" : "an earlier");
		return;
	}
	c->nsteps += steps;
	civil_from_days(days_of(bound), &y, &mo, &da);
	r.until = icaltime_null_time();
	r.until.year = y;
	r.until.month = (int)mo;
	r.until.day = (int)da;
	r.until.is_date = ds->is_date;
	civil_from_days(days_of(ds->local), &y, &mo, &da);
	start = icaltime_null_time();
	start.year = y;
	start.month = (int)mo;
	start.day = (int)da;
	start.is_date = ds->is_date;
	if (!ds->is_date) {
		int64_t sod = ds->local - days_of(ds->local) * SECS_PER_DAY;

		start.hour = (int)(sod / 3600);
		start.minute = (int)(sod / 60 % 60);
		start.second = (int)(sod % 60);
	}
	if ((it = icalrecur_iterator_new(r, start)) == NULL) {
		cal_err(c, e, prop_line(e, p), "RRULE cannot be expanded (no date can match "
		    "it)");
		return;
	}
	while (!icaltime_is_null_time(t = icalrecur_iterator_next(it))) {
		if (!valid_fields(t))
			break;
		local = local_of(t);
		if (local >= CAL_LOCAL_END)
			break;
		if (!icaltime_is_null_time(until)) {
			if (until.is_date) {
				if (days_of(local) > days_of(ulimit))
					break;
			} else if (icaltime_is_utc(until)) {
				struct ctime o = *ds;

				o.local = local;
				if (to_utc(&o.z, local) > ulimit)
					break;
			} else if (local > ulimit)
				break;
		}
		if (!add_local(c, e, ds, local, sp) ||
		    (count > 0 && ++n >= count))
			break;
	}
	icalrecur_iterator_free(it);
}

static void
expand_rdate(struct cal *c, struct vev *e, icalproperty *p,
    const struct ctime *ds, const struct span *sp)
{
	struct icaldatetimeperiodtype v;
	struct ctime s, t;
	struct span psp;
	int64_t start, end;

	v = icalproperty_get_rdate(p);
	if (icalperiodtype_is_null_period(v.period)) {
		if (!read_time(c, e, p, v.time, "RDATE", &s))
			return;
		if (s.is_date != ds->is_date) {
			cal_err(c, e, prop_line(e, p), "RDATE and DTSTART are not both dates or "
			    "both date-times");
			return;
		}
		start = to_utc(&s.z, s.local);
		add_occ(c, e, start, days_of(s.local), span_end(&s, start, sp));
		return;
	}
	if (!read_time(c, e, p, v.period.start, "RDATE period", &s))
		return;
	start = to_utc(&s.z, s.local);
	if (!icaltime_is_null_time(v.period.end)) {
		if (!read_time(c, e, p, v.period.end, "RDATE period end", &t))
			return;
		end = to_utc(&t.z, t.local);
		if (end < start) {
			cal_err(c, e, prop_line(e, p), "RDATE period ends before it starts");
			return;
		}
	} else {
		if (!duration_span(c, e, prop_line(e, p), v.period.duration,
		    "RDATE period",
		    &psp))
			return;
		end = span_end(&s, start, &psp);
	}
	add_occ(c, e, start, days_of(s.local), end);
}

static int
occ_cmp(const void *a, const void *b)
{
	const struct occ *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end > y->end ? -1 : 1;	/* longest first */
	return 0;
}

/* The occurrence of the current master that T names: same UTC start, or
 * the same local day when one of them is a date and the other not. */
static struct occ *
find_occ(struct cal *c, const struct ctime *t, bool master_is_date)
{
	size_t lo = 0, hi = c->ocn, mid, i;
	int64_t key;

	if (t->is_date != master_is_date) {
		for (i = 0; i < c->ocn; i++)
			if (c->oc[i].lday == days_of(t->local))
				return &c->oc[i];
		return NULL;
	}
	key = to_utc(&t->z, t->local);
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (c->oc[mid].start < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->ocn && c->oc[lo].start == key ? &c->oc[lo] : NULL;
}

static void
apply_exdate(struct cal *c, struct vev *e, icalproperty *p, bool is_date)
{
	struct ctime t;
	struct occ *o;

	if (!read_time(c, e, p, icalproperty_get_exdate(p), "EXDATE", &t))
		return;
	if ((o = find_occ(c, &t, is_date)) != NULL)
		o->gone = true;
}

static int
ovx_cmp(const void *a, const void *b)
{
	const struct vev *x = *(struct vev *const *)a;
	const struct vev *y = *(struct vev *const *)b;
	int r;

	if (x->uid == NULL || y->uid == NULL)
		r = (x->uid == NULL) - (y->uid == NULL);
	else
		r = strcmp(x->uid, y->uid);
	if (r != 0)
		return r;
	return x < y ? -1 : x > y;	/* file order */
}

/* The overrides of master M: [*first, *last) of the sorted index. */
static void
overrides_of(struct cal *c, const struct vev *m, size_t *first, size_t *last)
{
	size_t lo = 0, hi = c->ovn, mid;

	*first = *last = c->ovn;
	if (m->uid == NULL)
		return;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (c->ovx[mid]->uid != NULL &&
		    strcmp(c->ovx[mid]->uid, m->uid) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = *last = lo;
	while (*last < c->ovn && c->ovx[*last]->uid != NULL &&
	    strcmp(c->ovx[*last]->uid, m->uid) == 0)
		(*last)++;
}

/* Reads what an override says; its RECURRENCE-ID is matched later. */
static void
prepare_override(struct cal *c, struct vev *e)
{
	icalproperty *p;
	icalparameter *rp;
	int r;

	p = icalcomponent_get_first_property(e->comp,
	    ICAL_RECURRENCEID_PROPERTY);
	rp = icalproperty_get_first_parameter(p, ICAL_RANGE_PARAMETER);
	if (rp != NULL &&
	    icalparameter_get_range(rp) == ICAL_RANGE_THISANDFUTURE) {
		cal_err(c, e, prop_line(e, p), "RECURRENCE-ID;RANGE=THISANDFUTURE is not "
		    "supported");
		return;
	}
	if (!read_time(c, e, p, icalproperty_get_recurrenceid(p),
	    "RECURRENCE-ID", &e->rid))
		return;
	e->cancelled = is_cancelled(e->comp);
	if ((p = icalcomponent_get_first_property(e->comp,
	    ICAL_SEQUENCE_PROPERTY)) != NULL)
		e->seq = icalproperty_get_sequence(p);
	if (e->cancelled)
		return;
	if (icalcomponent_get_first_property(e->comp, ICAL_DTSTART_PROPERTY)
	    == NULL)
		e->start = e->rid;
	else if (!event_start(c, e, &e->start))
		return;
	if ((r = event_span(c, e, &e->start, &e->span)) < 0)
		return;
	e->has_span = r == 1;
}

/* One occurrence of event E, from START to END (UTC). */
static void
put(struct cal *c, struct vev *e, int64_t start, int64_t end)
{
	struct calendar_occ *t;

	ivset_add(&c->set, start, end);
	if (c->whofn == NULL || end <= start)
		return;
	GROW(c->tv, c->tn, c->tcap);
	t = &c->tv[c->tn++];
	t->start = start;
	t->end = end;
	t->who = e->who;
	t->order = (size_t)(e - c->ev);
}

static void
emit_override(struct cal *c, struct vev *o, const struct span *fallback)
{
	struct span sp;
	int64_t start;

	if (o->cancelled || o->bad)
		return;
	if (o->has_span)
		sp = o->span;
	else if (fallback != NULL)
		sp = *fallback;
	else if (o->start.is_date) {
		sp.nominal = SECS_PER_DAY;
		sp.exact = 0;
	} else {
		cal_err(c, o, 0, "DTSTART is a date-time and there is neither "
		    "DTEND nor DURATION");
		return;
	}
	start = to_utc(&o->start.z, o->start.local);
	put(c, o, start, span_end(&o->start, start, &sp));
}

/*
 * Overrides of the master being expanded replace the occurrence their
 * RECURRENCE-ID names (the highest SEQUENCE wins, then the later one); one
 * that names no occurrence, or an EXDATEd one, stands alone, as RFC 5545
 * and the other expanders (Apple's, Thunderbird's, Python's) have it.
 */
static void
apply_overrides(struct cal *c, struct vev *m, bool is_date,
    const struct span *sp)
{
	struct vev *o;
	struct occ *oc;
	size_t i, first, last;

	overrides_of(c, m, &first, &last);
	for (i = first; i < last; i++) {
		o = c->ovx[i];
		if (o->bad)
			continue;
		if ((oc = find_occ(c, &o->rid, is_date)) == NULL) {
			emit_override(c, o, sp);
			continue;
		}
		if (oc->ov == NULL || o->seq >= oc->ov->seq)
			oc->ov = o;
	}
}

static void
expand_event(struct cal *c, struct vev *e)
{
	icalproperty *p;
	struct ctime ds;
	struct span sp;
	size_t i, j, nerr = c->nerr;
	int r;

	if (is_cancelled(e->comp))
		return;
	if (!event_start(c, e, &ds))
		return;
	if ((r = event_span(c, e, &ds, &sp)) < 0)
		return;
	if (r == 0) {
		if (!ds.is_date) {
			cal_err(c, e, prop_line(e,
			    icalcomponent_get_first_property(e->comp,
			    ICAL_DTSTART_PROPERTY)), "DTSTART is a date-time "
			    "and there is "
			    "neither DTEND nor DURATION");
			return;
		}
		sp.nominal = SECS_PER_DAY;	/* a date alone: that day */
		sp.exact = 0;
	}
	c->ocn = 0;
	/* DTSTART is always the first occurrence (RFC 5545 3.8.5.3). */
	if (!add_local(c, e, &ds, ds.local, &sp))
		return;
	for (p = icalcomponent_get_first_property(e->comp, ICAL_RRULE_PROPERTY);
	    p != NULL && !c->toomany;
	    p = icalcomponent_get_next_property(e->comp, ICAL_RRULE_PROPERTY))
		expand_rrule(c, e, p, &ds, &sp);
	for (p = icalcomponent_get_first_property(e->comp, ICAL_RDATE_PROPERTY);
	    p != NULL && !c->toomany;
	    p = icalcomponent_get_next_property(e->comp, ICAL_RDATE_PROPERTY))
		expand_rdate(c, e, p, &ds, &sp);
	if (c->nerr != nerr)
		return;
	qsort(c->oc, c->ocn, sizeof(*c->oc), occ_cmp);
	for (i = j = 0; i < c->ocn; i++)
		if (j == 0 || c->oc[j - 1].start != c->oc[i].start)
			c->oc[j++] = c->oc[i];
	c->ocn = j;
	for (p = icalcomponent_get_first_property(e->comp,
	    ICAL_EXDATE_PROPERTY); p != NULL;
	    p = icalcomponent_get_next_property(e->comp, ICAL_EXDATE_PROPERTY))
		apply_exdate(c, e, p, ds.is_date);
	apply_overrides(c, e, ds.is_date, &sp);
	if (c->nerr != nerr)
		return;
	/* An EXDATEd occurrence leaves the set; an override of it names no
	 * occurrence left and stands alone (RFC 5545 3.8.5.1, 3.8.4.4). */
	for (i = 0; i < c->ocn; i++) {
		if (c->oc[i].gone && c->oc[i].ov == NULL)
			continue;
		if (c->oc[i].ov != NULL)
			emit_override(c, c->oc[i].ov, &sp);
		else
			put(c, e, c->oc[i].start, c->oc[i].end);
	}
}

/* Asks the caller whom event E names (SUMMARY, ATTENDEE mailto:). */
static void
tag_event(struct cal *c, struct vev *e)
{
	icalproperty *p, *sp;
	const char *summary = NULL, *a, **att = NULL;
	size_t n = 0;

	sp = icalcomponent_get_first_property(e->comp, ICAL_SUMMARY_PROPERTY);
	if (sp != NULL)
		summary = icalproperty_get_summary(sp);
	for (p = icalcomponent_get_first_property(e->comp,
	    ICAL_ATTENDEE_PROPERTY); p != NULL;
	    p = icalcomponent_get_next_property(e->comp,
	    ICAL_ATTENDEE_PROPERTY)) {
		if ((a = icalproperty_get_attendee(p)) == NULL)
			continue;
		if (strncasecmp(a, "mailto:", 7) == 0)
			a += 7;
		att = xreallocarray(att, n + 1, sizeof(*att));
		att[n++] = a;
	}
	e->who = c->whofn(c->whoarg, summary, att, n);
	free(att);
	if (e->who < 0) {
		char name[160];

		diag_printable(name, sizeof(name), summary != NULL ? summary :
		    "");
		cal_err(c, e, sp != NULL ? prop_line(e, sp) : 0,
		    "SUMMARY \"%s\"%s names no member of the "
		    "rotation", name, n > 0 ? " and no ATTENDEE" : "");
	}
}

/* Calendar CAL of the file, whose text is R (NULL if not found). */
static void
collect(struct cal *c, icalcomponent *cal, const struct icscomp *r)
{
	icalcomponent *sub;
	struct vev *e;
	icalproperty *p;
	const struct icscomp *rz;
	const char *tzid;
	char where[200], name[160];
	size_t nev = 0;

	c->at = r != NULL ? r->line : 0;
	report_parse_errors(c, cal, r, NULL, "VCALENDAR", false);
	for (sub = icalcomponent_get_first_component(cal, ICAL_ANY_COMPONENT);
	    sub != NULL;
	    sub = icalcomponent_get_next_component(cal, ICAL_ANY_COMPONENT)) {
		switch (icalcomponent_isa(sub)) {
		case ICAL_VTIMEZONE_COMPONENT:
			p = icalcomponent_get_first_property(sub,
			    ICAL_TZID_PROPERTY);
			tzid = p != NULL ? icalproperty_get_tzid(p) : NULL;
			diag_printable(name, sizeof(name), tzid ? tzid : "?");
			snprintf(where, sizeof(where), "VTIMEZONE %s", name);
			rz = icsraw_child_by_id(r, "VTIMEZONE", tzid);
			c->at = rz != NULL ? rz->line : c->at;
			report_parse_errors(c, sub, rz, NULL, where, true);
			check_observances(c, sub, rz, where);
			c->at = r != NULL ? r->line : 0;
			break;
		case ICAL_VEVENT_COMPONENT:
			GROW(c->ev, c->evn, c->evcap);
			e = &c->ev[c->evn];
			memset(e, 0, sizeof(*e));
			e->comp = sub;
			e->cal = cal;
			p = icalcomponent_get_first_property(sub,
			    ICAL_UID_PROPERTY);
			e->uid = p != NULL ? icalproperty_get_uid(p) : NULL;
			/* The Nth event of the text, unless its UID says
			 * otherwise (libical reorders nothing but time
			 * zones, but a line it could not read may hide a
			 * BEGIN). */
			e->raw = icsraw_child(r, "VEVENT", nev++);
			if (e->raw != NULL && (e->uid == NULL ?
			    e->raw->id != NULL : e->raw->id == NULL ||
			    strcmp(e->raw->id, e->uid) != 0))
				e->raw = icsraw_child_by_id(r, "VEVENT",
				    e->uid);
			e->line = e->raw != NULL ? e->raw->line : c->at;
			e->pmn = prop_map(sub, e->raw, &e->pm);
			e->is_override = icalcomponent_get_first_property(sub,
			    ICAL_RECURRENCEID_PROPERTY) != NULL;
			c->evn++;
			report_parse_errors(c, sub, e->raw, e, NULL, true);
			if (c->whofn != NULL)
				tag_event(c, e);
			break;
		default:
			break;	/* VTODO, VJOURNAL, VFREEBUSY: not events */
		}
	}
}

static void
cal_free(struct cal *c)
{
	size_t i;

	for (i = 0; i < c->zn; i++) {
		free(c->zv[i].tzid);
		if (c->zv[i].owned != NULL)
			tz_free(c->zv[i].owned);
	}
	icsraw_free(&c->raw);
	for (i = 0; i < c->evn; i++)
		free(c->ev[i].pm);
	free(c->zv);
	free(c->ev);
	free(c->ovx);
	free(c->oc);
	free(c->tv);
	ivset_free(&c->set);
}

static int
load(struct cal *cp, const char *path, const struct tz *zone,
    struct ivset *out, struct diags *d)
{
	struct cal c = *cp;
	icalcomponent *root = NULL, *sub;
	char *buf;
	size_t len, i, first, last;
	int ncal = 0, rc;

	c.path = path;
	c.zone = zone;
	c.d = d;
	ivset_init(&c.set);
	if ((buf = read_file(&c, &len)) == NULL)
		goto done;
	c.nerr += icsraw_scan(&c.raw, buf, len, path, d);
	if (c.raw.bad_nesting) {
		free(buf);
		goto done;
	}
	/* Debian's libical reports errors in icalerrno; a build where they
	 * abort would let any bad file stop the daemon. */
	icalerror_set_errors_are_fatal(0);
	root = icalparser_parse_string(buf + c.raw.skip);
	free(buf);
	if (root != NULL &&
	    icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT) {
		collect(&c, root, icsraw_child(&c.raw.root, "VCALENDAR", 0));
		ncal++;
	} else if (root != NULL &&
	    icalcomponent_isa(root) == ICAL_XROOT_COMPONENT) {
		/* Several top-level components: take every VCALENDAR. */
		for (sub = icalcomponent_get_first_component(root,
		    ICAL_VCALENDAR_COMPONENT); sub != NULL;
		    sub = icalcomponent_get_next_component(root,
		    ICAL_VCALENDAR_COMPONENT)) {
			collect(&c, sub, icsraw_child(&c.raw.root,
			    "VCALENDAR", (size_t)ncal));
			ncal++;
		}
	}
	if (ncal == 0) {
		/* libical returns nothing for an unbalanced file. */
		if (c.raw.saw_vcalendar)
			cal_err(&c, NULL, 0, "incomplete calendar: a BEGIN has no "
			    "matching END (truncated file?)");
		else
			cal_err(&c, NULL, 0, "not a calendar: no BEGIN:VCALENDAR");
		goto done;
	}

	/* Overrides first, so that each master finds its own by UID. */
	c.ovx = xreallocarray(NULL, c.evn + 1, sizeof(*c.ovx));
	for (i = 0; i < c.evn; i++) {
		if (!c.ev[i].is_override)
			continue;
		if (!c.ev[i].bad)
			prepare_override(&c, &c.ev[i]);
		c.ovx[c.ovn++] = &c.ev[i];
	}
	if (c.ovn > 0)
		qsort(c.ovx, c.ovn, sizeof(*c.ovx), ovx_cmp);
	for (i = 0; i < c.evn; i++) {
		if (c.ev[i].is_override)
			continue;
		overrides_of(&c, &c.ev[i], &first, &last);
		while (first < last)
			c.ovx[first++]->used = true;
		if (!c.ev[i].bad && !c.toomany)
			expand_event(&c, &c.ev[i]);
	}
	/* An override whose master is not in the file is an event of its
	 * own (a single invited occurrence). */
	for (i = 0; i < c.ovn; i++)
		if (!c.ovx[i]->used)
			emit_override(&c, c.ovx[i], NULL);

done:
	if (root != NULL)
		icalcomponent_free(root);
	if (c.nerr == 0) {
		ivset_normalize(&c.set);
		ivset_clip(&c.set, CIVIL_MIN, CIVIL_MAX);
		for (i = 0; i < c.set.n; i++)
			ivset_add(out, c.set.v[i].start, c.set.v[i].end);
		ivset_normalize(out);
	}
	rc = c.nerr == 0 ? 0 : -1;
	*cp = c;
	return rc;
}

int
calendar_load(const char *path, const struct tz *zone, struct ivset *out,
    struct diags *d)
{
	struct cal c;
	int rc;

	memset(&c, 0, sizeof(c));
	rc = load(&c, path, zone, out, d);
	cal_free(&c);
	return rc;
}

int
calendar_load_tagged(const char *path, const struct tz *zone,
    calendar_who_fn who, void *arg, struct calendar_occ **occ, size_t *nocc,
    struct diags *d)
{
	struct ivset all = IVSET_INITIALIZER;
	struct cal c;
	size_t i, o;
	int rc;

	memset(&c, 0, sizeof(c));
	c.whofn = who;
	c.whoarg = arg;
	rc = load(&c, path, zone, &all, d);
	ivset_free(&all);
	*occ = NULL;
	*nocc = 0;
	if (rc == 0) {
		for (i = o = 0; i < c.tn; i++) {
			if (c.tv[i].start < CIVIL_MIN)
				c.tv[i].start = CIVIL_MIN;
			if (c.tv[i].end > CIVIL_MAX)
				c.tv[i].end = CIVIL_MAX;
			if (c.tv[i].start < c.tv[i].end)
				c.tv[o++] = c.tv[i];
		}
		*occ = c.tv;
		*nocc = o;
		c.tv = NULL;
	}
	cal_free(&c);
	return rc;
}
