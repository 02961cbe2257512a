/* tz.c - IANA time zones read straight from the system's TZif files
 * (RFC 8536), and the local->UTC resolver of RFC 5545 section 3.3.5.
 *
 * We read the files ourselves rather than going through glibc's TZ, which is
 * process-global state, or libical, whose resolver gets gaps wrong.  At load
 * the file's transitions and those its POSIX TZ footer rule implies up to the
 * end of 2100 become one sorted table of periods, so that every query is a
 * binary search and a zone never changes after tz_load().
 */

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "civil.h"
#include "readfile.h"
#include "tz.h"

#define TZ_DEFAULT_DIR	"/usr/share/zoneinfo"
#define TZ_NAME_MAX	128
#define TZ_FILE_MAX	(1024 * 1024)	/* real zones are under 4 KiB */
#define TZ_FOOTER_MAX	256
#define TZ_ABBR_MAX	16		/* tzdata uses 3..6 chars */
#define TZ_HDR_LEN	44
#define TZ_LAST_YEAR	2100		/* footer rules run to here */

/*
 * Transition times beyond +-2^60 s are refused so that adding an offset to
 * them can never overflow; zic's "big bang" sentinel is -2^59.
 */
#define TZ_TIME_LIMIT	(INT64_C(1) << 60)
#define TZ_CLAMP_LIMIT	(INT64_C(1) << 61)

/* RFC 8536 section 3.2: utoff must lie in [-89999, 93599]. */
#define TZ_OFF_MIN	(-89999)
#define TZ_OFF_MAX	93599

struct ttinfo {
	int32_t	 off;
	int	 isdst;
	char	 abbr[TZ_ABBR_MAX];
};

/*
 * Period i runs from start[i] (start[0] is the beginning of time) up to
 * start[i + 1].  lend[i] is the wall-clock time at which period i ends, read
 * with its own offset, made non-decreasing so it can be binary searched.
 * chg lists only the starts that change the UTC offset, for
 * tz_next_transition(): abbreviation-only changes are not transitions there.
 */
struct tz {
	char		*name;
	struct ttinfo	*types;
	size_t		 ntypes;
	int64_t		*start;
	int64_t		*lend;
	int32_t		*off;
	uint16_t	*type;
	size_t		 nper;
	int64_t		*chg;
	size_t		 nchg;
};

/* Day-of-year rules of a POSIX TZ string. */
enum rule_kind {
	RULE_JULIAN,		/* Jn: 1..365, February 29 never counted */
	RULE_ZERO,		/* n: 0..365, February 29 counted */
	RULE_MONTH		/* Mm.w.d */
};

struct rule {
	enum rule_kind	 kind;
	int		 day;	/* n, or d (0 = Sunday) in Mm.w.d */
	int		 week;
	int		 month;
	int32_t		 time;	/* seconds from local midnight */
};

struct posix_tz {
	struct ttinfo	 std;
	struct ttinfo	 dst;
	int		 hasdst;
	struct rule	 start;	/* in local standard time */
	struct rule	 end;	/* in local daylight time */
};

struct pbuf {
	int64_t		*at;
	uint16_t	*type;
	size_t		 n;
	size_t		 cap;
};

static void	tz_err(char *, size_t, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

static void
tz_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list	ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* Only the tzdata alphabet: this both keeps the lookup inside TZDIR and
 * makes the name safe to quote in a message. */
static int
tz_name_ok(const char *name)
{
	const char	*p;

	if (name[0] == '\0' || name[0] == '/' || strstr(name, "..") != NULL)
		return 0;
	for (p = name; *p != '\0'; p++) {
		if (p - name >= TZ_NAME_MAX)
			return 0;
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '/' || *p == '_' ||
		    *p == '+' || *p == '-')
			continue;
		return 0;
	}
	return 1;
}

/* A refused name may hold anything, newlines included: quote it tamely. */
static void
tz_quote(const char *name, char *buf, size_t len)
{
	size_t	i;

	for (i = 0; i + 1 < len && name[i] != '\0'; i++)
		buf[i] = name[i] >= 0x20 && name[i] < 0x7f ? name[i] : '?';
	buf[i] = '\0';
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static int64_t
be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

static int
is_alpha(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Reads an unsigned number of at most MAXDIG digits; NULL if none. */
static const char *
ptz_num(const char *p, int maxdig, int *v)
{
	int	n = 0;

	if (!is_digit(*p))
		return NULL;
	*v = 0;
	while (is_digit(*p) && n < maxdig) {
		*v = *v * 10 + (*p++ - '0');
		n++;
	}
	return is_digit(*p) ? NULL : p;
}

/* std or dst name: three or more letters, or <...> of [A-Za-z0-9+-]. */
static const char *
ptz_name(const char *p, char *abbr)
{
	const char	*q;
	size_t		 len;

	if (*p == '<') {
		q = ++p;
		while (is_alpha(*p) || is_digit(*p) || *p == '+' || *p == '-')
			p++;
		if (*p != '>')
			return NULL;
		len = (size_t)(p++ - q);
	} else {
		q = p;
		while (is_alpha(*p))
			p++;
		len = (size_t)(p - q);
	}
	if (len < 3 || len >= TZ_ABBR_MAX)
		return NULL;
	memcpy(abbr, q, len);
	abbr[len] = '\0';
	return p;
}

/* [+-]hh[:mm[:ss]] with hh <= MAXH, in seconds. */
static const char *
ptz_hms(const char *p, int maxh, int32_t *secs)
{
	int	sign = 1, h, m = 0, s = 0;

	if (*p == '+' || *p == '-')
		sign = *p++ == '-' ? -1 : 1;
	if ((p = ptz_num(p, 3, &h)) == NULL || h > maxh)
		return NULL;
	if (*p == ':') {
		if ((p = ptz_num(p + 1, 2, &m)) == NULL || m > 59)
			return NULL;
		if (*p == ':') {
			if ((p = ptz_num(p + 1, 2, &s)) == NULL || s > 59)
				return NULL;
		}
	}
	*secs = sign * (h * 3600 + m * 60 + s);
	return p;
}

static const char *
ptz_rule(const char *p, struct rule *r)
{
	if (*p == 'J') {
		r->kind = RULE_JULIAN;
		if ((p = ptz_num(p + 1, 3, &r->day)) == NULL ||
		    r->day < 1 || r->day > 365)
			return NULL;
	} else if (*p == 'M') {
		r->kind = RULE_MONTH;
		if ((p = ptz_num(p + 1, 2, &r->month)) == NULL ||
		    r->month < 1 || r->month > 12 || *p++ != '.' ||
		    (p = ptz_num(p, 1, &r->week)) == NULL ||
		    r->week < 1 || r->week > 5 || *p++ != '.' ||
		    (p = ptz_num(p, 1, &r->day)) == NULL || r->day > 6)
			return NULL;
	} else {
		r->kind = RULE_ZERO;
		if ((p = ptz_num(p, 3, &r->day)) == NULL || r->day > 365)
			return NULL;
	}
	r->time = 2 * 3600;
	if (*p == '/') {
		/* RFC 8536 section 3.3.1 widens the hour to -167..167. */
		if ((p = ptz_hms(p + 1, 167, &r->time)) == NULL)
			return NULL;
	}
	return p;
}

/* POSIX offsets count west of Greenwich; we keep them east. */
static int
ptz_parse(const char *s, struct posix_tz *ptz)
{
	const char	*p = s;
	int32_t		 west;

	memset(ptz, 0, sizeof(*ptz));
	if ((p = ptz_name(p, ptz->std.abbr)) == NULL ||
	    (p = ptz_hms(p, 24, &west)) == NULL)
		return -1;
	ptz->std.off = -west;
	if (*p == '\0')
		return 0;
	ptz->hasdst = 1;
	ptz->dst.isdst = 1;
	if ((p = ptz_name(p, ptz->dst.abbr)) == NULL)
		return -1;
	ptz->dst.off = ptz->std.off + 3600;
	if (*p != ',' && *p != '\0') {
		if ((p = ptz_hms(p, 24, &west)) == NULL)
			return -1;
		ptz->dst.off = -west;
	}
	/* A TZif footer always spells the rules out; a default would be a
	 * guess about some other country's law. */
	if (*p++ != ',' || (p = ptz_rule(p, &ptz->start)) == NULL ||
	    *p++ != ',' || (p = ptz_rule(p, &ptz->end)) == NULL || *p != '\0')
		return -1;
	return 0;
}

/* The local seconds at which rule R fires in year Y. */
static int64_t
rule_local(const struct rule *r, int y)
{
	int64_t	jan1, first, days, mlen;
	int	wd;

	jan1 = days_from_civil(y, 1, 1);
	switch (r->kind) {
	case RULE_JULIAN:
		days = jan1 + r->day - 1 +
		    (is_leap_year(y) && r->day >= 60 ? 1 : 0);
		break;
	case RULE_ZERO:
		days = jan1 + r->day;
		break;
	case RULE_MONTH:
	default:
		first = days_from_civil(y, (unsigned)r->month, 1);
		mlen = (r->month == 12 ? days_from_civil(y + 1, 1, 1) :
		    days_from_civil(y, (unsigned)r->month + 1, 1)) - first;
		wd = (weekday_of_days(first) + 1) % 7;	/* 0 = Sunday */
		days = first + (r->day - wd + 7) % 7 + 7 * (r->week - 1);
		while (days >= first + mlen)
			days -= 7;
		break;
	}
	return days * SECS_PER_DAY + r->time;
}

static int
pb_push(struct pbuf *pb, int64_t at, unsigned type)
{
	void	*p;
	size_t	 ncap;

	if (pb->n == pb->cap) {
		ncap = pb->cap ? pb->cap * 2 : 64;
		if ((p = reallocarray(pb->at, ncap, sizeof(*pb->at))) == NULL)
			return -1;
		pb->at = p;
		if ((p = reallocarray(pb->type, ncap,
		    sizeof(*pb->type))) == NULL)
			return -1;
		pb->type = p;
		pb->cap = ncap;
	}
	pb->at[pb->n] = at;
	pb->type[pb->n] = (uint16_t)type;
	pb->n++;
	return 0;
}

/* The footer's types are usually already in the file; reuse them. */
static unsigned
type_find(struct tz *tz, const struct ttinfo *t)
{
	size_t	i;

	for (i = 0; i < tz->ntypes; i++)
		if (tz->types[i].off == t->off &&
		    tz->types[i].isdst == t->isdst &&
		    strcmp(tz->types[i].abbr, t->abbr) == 0)
			return (unsigned)i;
	tz->types[tz->ntypes] = *t;
	return (unsigned)tz->ntypes++;
}

/* The two failures of tzif_parse() that do not mean a corrupt file. */
static const char	why_nomem[] = "out of memory";
static const char	why_leap[] =
    "leap-second (\"right/\") zones are not supported";

struct fevent {
	int64_t		 at;
	unsigned	 seq;	/* rule order, to break ties */
	unsigned	 type;
};

static int
fevent_cmp(const void *a, const void *b)
{
	const struct fevent	*x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * Appends the transitions the footer rule implies after LAST (the last
 * transition the file lists) up to the end of TZ_LAST_YEAR.  They are
 * sorted rather than taken year by year: the end of DST comes first in the
 * southern hemisphere and with negative DST, and a rule time up to 167
 * hours may push a change into the next year.  Two changes at one instant
 * (RFC 8536's DST all year, "EST5EDT,0/0,J365/25") leave the later rule in
 * force.
 */
static int
footer_expand(struct tz *tz, struct pbuf *pb, const struct posix_tz *ptz,
    int64_t last, int havelast)
{
	struct fevent	*ev;
	size_t		 nev = 0, i;
	unsigned	 stdt, dstt, mo, d;
	int		 y, y0 = 1900, rv = 0;

	stdt = type_find(tz, &ptz->std);
	dstt = type_find(tz, &ptz->dst);
	if (havelast && last >= days_from_civil(TZ_LAST_YEAR + 1, 1, 1) *
	    SECS_PER_DAY)
		return 0;
	if (havelast && last > days_from_civil(1901, 1, 1) * SECS_PER_DAY) {
		civil_from_days(days_of(last), &y0, &mo, &d);
		y0--;
	}
	if ((ev = calloc((size_t)(TZ_LAST_YEAR - y0 + 1) * 2,
	    sizeof(*ev))) == NULL)
		return -1;
	for (y = y0; y <= TZ_LAST_YEAR; y++) {
		ev[nev].at = rule_local(&ptz->start, y) - ptz->std.off;
		ev[nev].seq = (unsigned)nev;
		ev[nev++].type = dstt;
		ev[nev].at = rule_local(&ptz->end, y) - ptz->dst.off;
		ev[nev].seq = (unsigned)nev;
		ev[nev++].type = stdt;
	}
	qsort(ev, nev, sizeof(*ev), fevent_cmp);
	for (i = 0; i < nev && rv == 0; i++) {
		if (havelast && ev[i].at <= last)
			continue;
		if (pb->at[pb->n - 1] == ev[i].at)
			pb->type[pb->n - 1] = (uint16_t)ev[i].type;
		else
			rv = pb_push(pb, ev[i].at, ev[i].type);
	}
	free(ev);
	return rv;
}

static int
same_type(const struct ttinfo *a, const struct ttinfo *b)
{
	return a->off == b->off && a->isdst == b->isdst &&
	    strcmp(a->abbr, b->abbr) == 0;
}

/* Turns the raw transition list into the query tables. */
static int
tz_build(struct tz *tz, const struct pbuf *pb)
{
	size_t	i, n;
	int64_t	e;

	n = pb->n;
	if ((tz->start = calloc(n, sizeof(*tz->start))) == NULL ||
	    (tz->lend = calloc(n, sizeof(*tz->lend))) == NULL ||
	    (tz->off = calloc(n, sizeof(*tz->off))) == NULL ||
	    (tz->type = calloc(n, sizeof(*tz->type))) == NULL ||
	    (tz->chg = calloc(n, sizeof(*tz->chg))) == NULL)
		return -1;
	tz->nper = 0;
	for (i = 0; i < n; i++) {
		if (tz->nper > 0 && same_type(&tz->types[pb->type[i]],
		    &tz->types[tz->type[tz->nper - 1]]))
			continue;
		tz->start[tz->nper] = pb->at[i];
		tz->type[tz->nper] = pb->type[i];
		tz->off[tz->nper] = tz->types[pb->type[i]].off;
		tz->nper++;
	}
	tz->start[0] = INT64_MIN;
	tz->nchg = 0;
	for (i = 0; i < tz->nper; i++) {
		if (i + 1 < tz->nper) {
			e = tz->start[i + 1] + tz->off[i];
			tz->lend[i] = i > 0 && tz->lend[i - 1] > e ?
			    tz->lend[i - 1] : e;
		} else
			tz->lend[i] = INT64_MAX;
		if (i > 0 && tz->off[i] != tz->off[i - 1] &&
		    tz->start[i] < CIVIL_MAX)
			tz->chg[tz->nchg++] = tz->start[i];
	}
	return 0;
}

/*
 * Checks and decodes a whole TZif file.  Only the version 2+ data block is
 * used; the version 1 block is merely checked for size and skipped.
 * Returns NULL on success, else what is wrong with the file.
 */
static const char *
tzif_parse(struct tz *tz, const unsigned char *buf, size_t len)
{
	const unsigned char	*h, *p, *times, *idx, *tt, *chars, *f, *nl;
	uint32_t		 isutcnt, isstdcnt, leapcnt, timecnt, typecnt;
	uint32_t		 charcnt, i;
	unsigned		 ty0;
	size_t			 v1len, v2len;
	struct pbuf		 pb = { NULL, NULL, 0, 0 };
	struct posix_tz		 ptz;
	char			 footer[TZ_FOOTER_MAX];
	const char		*why = NULL;
	int64_t			 prev = 0;

	memset(&ptz, 0, sizeof(ptz));
	if (len < TZ_HDR_LEN || memcmp(buf, "TZif", 4) != 0)
		return "not a TZif file";
	if (buf[4] == '\0')
		return "TZif version 1 has no 64-bit data";
	if (buf[4] < '2' || buf[4] > '9')
		return "unknown TZif version";
	h = buf;
	v1len = (size_t)be32(h + 32) * 5 + (size_t)be32(h + 36) * 6 +
	    be32(h + 40) + (size_t)be32(h + 28) * 8 + be32(h + 24) +
	    be32(h + 20);
	if (v1len > len - TZ_HDR_LEN || len - TZ_HDR_LEN - v1len < TZ_HDR_LEN)
		return "truncated";
	h = buf + TZ_HDR_LEN + v1len;
	if (memcmp(h, "TZif", 4) != 0 || h[4] != buf[4])
		return "bad second header";
	isutcnt = be32(h + 20);
	isstdcnt = be32(h + 24);
	leapcnt = be32(h + 28);
	timecnt = be32(h + 32);
	typecnt = be32(h + 36);
	charcnt = be32(h + 40);
	if (typecnt == 0 || typecnt > 256 || charcnt == 0 ||
	    (isutcnt != 0 && isutcnt != typecnt) ||
	    (isstdcnt != 0 && isstdcnt != typecnt))
		return "bad counts";
	if (leapcnt != 0)
		return why_leap;
	p = h + TZ_HDR_LEN;
	if (timecnt > (len - (size_t)(p - buf)) / 9)
		return "truncated";
	v2len = (size_t)timecnt * 9 + (size_t)typecnt * 6 + charcnt +
	    isstdcnt + isutcnt;
	if (v2len > len - (size_t)(p - buf))
		return "truncated";
	times = p;
	idx = times + (size_t)timecnt * 8;
	tt = idx + timecnt;
	chars = tt + (size_t)typecnt * 6;
	f = chars + charcnt + isstdcnt + isutcnt;
	for (i = 0; i < isstdcnt + isutcnt; i++)
		if (chars[charcnt + i] > 1)
			return "bad standard/UT indicator";
	if (chars[charcnt - 1] != '\0')
		return "unterminated abbreviation";

	/* Footer: "\n" TZ-string "\n" closes the file. */
	if ((size_t)(buf + len - f) < 2 || f[0] != '\n' ||
	    buf[len - 1] != '\n')
		return "missing footer";
	nl = memchr(f + 1, '\n', (size_t)(buf + len - f - 1));
	if (nl != buf + len - 1 || (size_t)(nl - f - 1) >= sizeof(footer) ||
	    memchr(f + 1, '\0', (size_t)(nl - f - 1)) != NULL)
		return "bad footer";
	memcpy(footer, f + 1, (size_t)(nl - f - 1));
	footer[nl - f - 1] = '\0';
	if (footer[0] != '\0' && ptz_parse(footer, &ptz) == -1)
		return "bad TZ string in footer";

	/* Two spare slots for the footer's own types. */
	if ((tz->types = calloc(typecnt + 2, sizeof(*tz->types))) == NULL)
		return why_nomem;
	tz->ntypes = typecnt;
	for (i = 0; i < typecnt; i++) {
		const unsigned char	*t = tt + (size_t)i * 6;
		size_t			 alen;

		tz->types[i].off = (int32_t)be32(t);
		if (tz->types[i].off < TZ_OFF_MIN ||
		    tz->types[i].off > TZ_OFF_MAX)
			return "UTC offset out of range";
		if (t[4] > 1)
			return "bad isdst";
		tz->types[i].isdst = t[4];
		if (t[5] >= charcnt)
			return "abbreviation index out of range";
		alen = strlen((const char *)chars + t[5]);
		if (alen >= TZ_ABBR_MAX)
			return "abbreviation too long";
		memcpy(tz->types[i].abbr, chars + t[5], alen + 1);
	}

	/*
	 * Times before the first transition use type 0 (RFC 8536 3.2), but a
	 * file without transitions leaves every instant to its footer, as
	 * glibc reads it too.
	 */
	ty0 = timecnt == 0 && footer[0] != '\0' ? type_find(tz, &ptz.std) : 0;
	if (pb_push(&pb, INT64_MIN, ty0) == -1) {
		why = why_nomem;
		goto done;
	}
	for (i = 0; i < timecnt; i++) {
		int64_t	at = be64(times + (size_t)i * 8);

		if (at < -TZ_TIME_LIMIT || at > TZ_TIME_LIMIT ||
		    (i > 0 && at <= prev)) {
			why = "transition times out of order or range";
			goto done;
		}
		if (idx[i] >= typecnt) {
			why = "type index out of range";
			goto done;
		}
		if (pb_push(&pb, at, idx[i]) == -1) {
			why = why_nomem;
			goto done;
		}
		prev = at;
	}
	if (footer[0] != '\0' && ptz.hasdst &&
	    footer_expand(tz, &pb, &ptz, prev, timecnt > 0) == -1) {
		why = why_nomem;
		goto done;
	}
	if (tz_build(tz, &pb) == -1)
		why = why_nomem;
done:
	free(pb.at);
	free(pb.type);
	return why;
}

/* "UTC" works even without tzdata installed. */
static int
tz_utc(struct tz *tz)
{
	struct pbuf	pb = { NULL, NULL, 0, 0 };
	int		rv;

	if ((tz->types = calloc(1, sizeof(*tz->types))) == NULL)
		return -1;
	tz->ntypes = 1;
	memcpy(tz->types[0].abbr, "UTC", sizeof("UTC"));
	rv = pb_push(&pb, INT64_MIN, 0) == -1 ? -1 : tz_build(tz, &pb);
	free(pb.at);
	free(pb.type);
	return rv;
}

struct tz *
tz_load(const char *name, char *err, size_t errlen)
{
	struct tz	*tz;
	const char	*dir, *why;
	char		 path[PATH_MAX], q[TZ_NAME_MAX + 1];
	unsigned char	*buf;
	char		*text, why_read[128];
	size_t		 len;
	int		 n;

	if (name == NULL || !tz_name_ok(name)) {
		tz_quote(name == NULL ? "" : name, q, sizeof(q));
		tz_err(err, errlen, "time zone \"%s\": invalid name", q);
		return NULL;
	}
	if ((tz = calloc(1, sizeof(*tz))) == NULL ||
	    (tz->name = strdup(name)) == NULL) {
		free(tz);
		tz_err(err, errlen, "time zone \"%s\": out of memory", name);
		return NULL;
	}
	if (strcmp(name, "UTC") == 0) {
		if (tz_utc(tz) == -1) {
			tz_free(tz);
			tz_err(err, errlen, "time zone \"%s\": out of memory",
			    name);
			return NULL;
		}
		return tz;
	}

	if ((dir = getenv("TZDIR")) == NULL || dir[0] == '\0')
		dir = TZ_DEFAULT_DIR;
	n = snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		tz_free(tz);
		tz_err(err, errlen, "time zone \"%s\": path too long", name);
		return NULL;
	}
	if (readfile(path, TZ_FILE_MAX, &text, &len, why_read,
	    sizeof(why_read)) == -1) {
		tz_err(err, errlen, "time zone \"%s\": %s: %s", name, path,
		    errno == ENOENT ? "unknown zone (no such file)" :
		    errno == EISDIR ? "not a zone file" : why_read);
		tz_free(tz);
		return NULL;
	}
	buf = (unsigned char *)text;
	why = tzif_parse(tz, buf, len);
	free(buf);
	if (why != NULL) {
		tz_err(err, errlen, "time zone \"%s\": %s: %s%s", name, path,
		    why == why_nomem || why == why_leap ? "" :
		    "corrupt TZif file: ", why);
		tz_free(tz);
		return NULL;
	}
	return tz;
}

void
tz_free(struct tz *tz)
{
	if (tz == NULL)
		return;
	free(tz->name);
	free(tz->types);
	free(tz->start);
	free(tz->lend);
	free(tz->off);
	free(tz->type);
	free(tz->chg);
	free(tz);
}

const char *
tz_name(const struct tz *tz)
{
	return tz->name;
}

/* The period in force at UTC: the last whose start is <= UTC. */
static size_t
tz_period(const struct tz *tz, int64_t utc)
{
	size_t	lo = 1, hi = tz->nper, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (tz->start[mid] <= utc)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo - 1;
}

int32_t
tz_offset(const struct tz *tz, int64_t utc)
{
	return tz->off[tz_period(tz, utc)];
}

const char *
tz_abbr(const struct tz *tz, int64_t utc)
{
	return tz->types[tz->type[tz_period(tz, utc)]].abbr;
}

/*
 * The first period k whose local end lies after LOCAL is the first period in
 * which LOCAL could occur, so in an overlap it is the first occurrence.  If
 * LOCAL read with k's offset falls before k starts, LOCAL is in the gap that
 * opened when k began, and RFC 5545 reads it with the offset of k - 1: the
 * result lands after the transition, "as if the clock had not yet been
 * moved".  A change of standard offset is just another transition here.
 */
int64_t
tz_to_utc(const struct tz *tz, int64_t local)
{
	size_t	lo = 0, hi = tz->nper - 1, mid;

	/* Keeps local - offset from overflowing on absurd input. */
	if (local > TZ_CLAMP_LIMIT)
		local = TZ_CLAMP_LIMIT;
	else if (local < -TZ_CLAMP_LIMIT)
		local = -TZ_CLAMP_LIMIT;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (tz->lend[mid] > local)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (lo > 0 && local - tz->off[lo] < tz->start[lo])
		return local - tz->off[lo - 1];
	return local - tz->off[lo];
}

int64_t
tz_next_transition(const struct tz *tz, int64_t utc)
{
	size_t	lo = 0, hi = tz->nchg, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (tz->chg[mid] <= utc)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < tz->nchg ? tz->chg[lo] : INT64_MAX;
}
