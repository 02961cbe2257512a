/* timefmt.c - RFC 3339 and "@seconds" times for the protocol and the CLI. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "timefmt.h"

static int
digits(const char *s, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

/* An instant must lie in [1970, 2100); the end of a half-open window may
 * be 2100-01-01T00:00:00Z itself (IS_END set). */
static int
out_of_span(int64_t t, int is_end, char *err, size_t errlen, const char *s)
{
	if (t < CIVIL_MIN || t > CIVIL_MAX || (t == CIVIL_MAX && !is_end)) {
		snprintf(err, errlen, "time \"%.40s\" is outside 1970-2099%s",
		    s, is_end ? " (a window may end at 2100-01-01T00:00:00Z)" :
		    "");
		return -1;
	}
	return 0;
}

static int
parse(const char *s, int is_end, int64_t *out, char *err, size_t errlen)
{
	int y, mo, d, h, mi, sec, oh, om, days_in, leap;
	unsigned um, ud;
	int64_t t, off = 0;
	const char *p;
	char *end;
	long long v;

	if (s[0] == '@') {
		if (!isdigit((unsigned char)s[1]) && s[1] != '-')
			goto bad;
		errno = 0;
		v = strtoll(s + 1, &end, 10);
		if (errno != 0 || *end != '\0')
			goto bad;
		if (out_of_span(v, is_end, err, errlen, s) == -1)
			return -1;
		*out = v;
		return 0;
	}
	if (strlen(s) < 20 || digits(s, 4, &y) || s[4] != '-' ||
	    digits(s + 5, 2, &mo) || s[7] != '-' || digits(s + 8, 2, &d) ||
	    (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
	    digits(s + 11, 2, &h) || s[13] != ':' || digits(s + 14, 2, &mi) ||
	    s[16] != ':' || digits(s + 17, 2, &sec))
		goto bad;
	if (mo < 1 || mo > 12 || h > 23 || mi > 59 || sec > 60)
		goto range;
	days_in = mo == 2 ? 28 + is_leap_year(y) :
	    (mo == 4 || mo == 6 || mo == 9 || mo == 11) ? 30 : 31;
	if (d < 1 || d > days_in)
		goto range;
	leap = sec == 60;
	if (leap)		/* a leap second: POSIX time has none */
		sec = 59;
	p = s + 19;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			goto bad;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if ((*p == 'Z' || *p == 'z') && p[1] == '\0')
		off = 0;
	else if ((*p == '+' || *p == '-') && strlen(p) == 6 &&
	    digits(p + 1, 2, &oh) == 0 && p[3] == ':' &&
	    digits(p + 4, 2, &om) == 0) {
		if (oh > 23 || om > 59)
			goto range;
		off = (int64_t)oh * 3600 + om * 60;
		if (*p == '-')
			off = -off;
	} else
		goto bad;
	t = days_from_civil(y, (unsigned)mo, (unsigned)d) * SECS_PER_DAY +
	    h * 3600 + mi * 60 + sec - off;
	if (out_of_span(t, is_end, err, errlen, s) == -1)
		return -1;
	/*
	 * RFC 3339 (5.7) allows second 60 only where a leap second may be:
	 * at 23:59:60 UTC at the end of June or December (whatever the
	 * offset it is written with). It reads as 23:59:59.
	 */
	if (leap) {
		civil_from_days(days_of(t), &y, &um, &ud);
		if (t - days_of(t) * SECS_PER_DAY != SECS_PER_DAY - 1 ||
		    !((um == 6 && ud == 30) || (um == 12 && ud == 31))) {
			snprintf(err, errlen, "time \"%.40s\": second 60 is "
			    "a leap second, only at 23:59:60 UTC on June 30 or "
			    "December 31", s);
			return -1;
		}
	}
	*out = t;
	return 0;
range:
	snprintf(err, errlen, "time \"%.40s\" has a field out of range", s);
	return -1;
bad:
	snprintf(err, errlen, "bad time \"%.40s\": expected RFC 3339 "
	    "(2026-11-23T08:00:00Z, 2026-11-23T03:00:00-05:00) or @<unix "
	    "seconds>", s);
	return -1;
}

int
time_parse(const char *s, int64_t *out, char *err, size_t errlen)
{
	return parse(s, 0, out, err, errlen);
}

int
time_parse_end(const char *s, int64_t *out, char *err, size_t errlen)
{
	return parse(s, 1, out, err, errlen);
}

static void
format(int64_t t, int32_t offset, char buf[TIMEFMT_LEN], int utc)
{
	int64_t local = t + offset, days = days_of(local);
	int64_t rem = local - days * SECS_PER_DAY;
	int y;
	unsigned m, d;
	int32_t a = offset < 0 ? -offset : offset;

	civil_from_days(days, &y, &m, &d);
	if (utc)
		snprintf(buf, TIMEFMT_LEN, "%04d-%02u-%02uT%02d:%02d:%02dZ", y,
		    m, d, (int)(rem / 3600), (int)(rem / 60 % 60),
		    (int)(rem % 60));
	else
		snprintf(buf, TIMEFMT_LEN,
		    "%04d-%02u-%02uT%02d:%02d:%02d%c%02d:%02d", y, m, d,
		    (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60),
		    offset < 0 ? '-' : '+', (int)(a / 3600),
		    (int)(a / 60 % 60));
}

void
time_format_utc(int64_t t, char buf[TIMEFMT_LEN])
{
	format(t, 0, buf, 1);
}

void
time_format_local(int64_t t, int32_t offset, char buf[TIMEFMT_LEN])
{
	format(t, offset, buf, 0);
}

void
time_format_span(int64_t secs, char *buf, size_t len)
{
	int64_t d, h, m;

	if (secs < 0)
		secs = -secs;
	d = secs / SECS_PER_DAY;
	h = secs / 3600 % 24;
	m = secs / 60 % 60;
	if (d > 0)
		snprintf(buf, len, "%" PRId64 "d%" PRId64 "h", d, h);
	else if (h > 0)
		snprintf(buf, len, "%" PRId64 "h%02" PRId64 "m", h, m);
	else if (m > 0)
		snprintf(buf, len, "%" PRId64 "m", m);
	else
		snprintf(buf, len, "%" PRId64 "s", secs % 60);
}
