/* hours.c - the weekly operating-hours grammar (SPEC 2) and its expansion
 * into UTC intervals.
 *
 *	hours   = "24/7" | "never" | rule *( ";" rule )
 *	rule    = days SP range *( "," range )
 *	days    = dayspan *( "," dayspan )
 *	dayspan = day [ "-" day ]		; may wrap: Fri-Mon
 *	range   = HH:MM "-" HH:MM		; 00:00..24:00; end <= start: next day
 *
 * Expansion works on wall-clock "local seconds" (civil.h) and converts each
 * start and end on its own with tz_to_utc(), so a range keeps its wall-clock
 * meaning across DST changes: 08:00-17:00 is nine hours on most days, and
 * eight or ten on the day of a change that falls inside it.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "civil.h"
#include "hours.h"
#include "tz.h"
#include "xmalloc.h"

static const char *const day_names[7] = {
	"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"
};

struct parser {
	const char	*p;
	const char	*text;
	char		*err;
	size_t		 errlen;
	struct hours	*out;
	size_t		 cap;
};

static void
skip_space(struct parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t')
		ps->p++;
}

/* Quotes at most a short piece of the text where parsing stopped. */
static int
fail(struct parser *ps, const char *what)
{
	size_t n = strcspn(ps->p, ";,");

	if (*ps->p == '\0')
		snprintf(ps->err, ps->errlen, "%s at end of \"%s\"", what,
		    ps->text);
	else
		snprintf(ps->err, ps->errlen, "%s at \"%.*s\" in \"%s\"", what,
		    (int)(n > 0 && n < 24 ? n : 1), ps->p, ps->text);
	return -1;
}

static int
parse_day(struct parser *ps, int *day)
{
	int i;

	for (i = 0; i < 7; i++) {
		if (strncasecmp(ps->p, day_names[i], 3) == 0 &&
		    !isalpha((unsigned char)ps->p[3])) {
			*day = i;
			ps->p += 3;
			return 0;
		}
	}
	return fail(ps, "expected a day (Mon Tue Wed Thu Fri Sat Sun)");
}

static int
parse_days(struct parser *ps, uint8_t *mask)
{
	int a, b, i;

	*mask = 0;
	for (;;) {
		skip_space(ps);
		if (parse_day(ps, &a) == -1)
			return -1;
		b = a;
		skip_space(ps);
		if (*ps->p == '-') {
			ps->p++;
			skip_space(ps);
			if (parse_day(ps, &b) == -1)
				return -1;
		}
		/* A span may wrap past Sunday: Fri-Mon. */
		for (i = a;; i = (i + 1) % 7) {
			*mask |= (uint8_t)(1u << i);
			if (i == b)
				break;
		}
		skip_space(ps);
		if (*ps->p != ',')
			return 0;
		/* "Mon,Wed 09:00-10:00": a comma followed by a day continues
		 * the days; followed by a digit it would be a range. */
		if (!isalpha((unsigned char)ps->p[1]) &&
		    !(ps->p[1] == ' ' && isalpha((unsigned char)ps->p[2])))
			return 0;
		ps->p++;
	}
}

static int
parse_clock(struct parser *ps, unsigned *minutes)
{
	const char *s = ps->p;
	unsigned h, m;

	if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) ||
	    s[2] != ':' || !isdigit((unsigned char)s[3]) ||
	    !isdigit((unsigned char)s[4]) || isdigit((unsigned char)s[5]))
		return fail(ps, "expected a time HH:MM");
	h = (unsigned)(s[0] - '0') * 10 + (unsigned)(s[1] - '0');
	m = (unsigned)(s[3] - '0') * 10 + (unsigned)(s[4] - '0');
	if (m > 59 || h > 24 || (h == 24 && m != 0))
		return fail(ps, "time out of range (00:00 to 24:00)");
	*minutes = h * 60 + m;
	ps->p += 5;
	return 0;
}

static void
push_range(struct parser *ps, uint8_t days, unsigned start, unsigned end)
{
	struct hours *h = ps->out;

	if (h->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 4;
		h->r = xreallocarray(h->r, ps->cap, sizeof(*h->r));
	}
	h->r[h->n].days = days;
	h->r[h->n].start = (uint16_t)start;
	h->r[h->n].end = (uint16_t)end;
	h->n++;
}

static int
parse_rule(struct parser *ps)
{
	uint8_t days;
	unsigned start, end;

	if (parse_days(ps, &days) == -1)
		return -1;
	skip_space(ps);
	for (;;) {
		if (parse_clock(ps, &start) == -1)
			return -1;
		if (start == 1440) {
			ps->p -= 5;
			return fail(ps, "a range cannot start at 24:00");
		}
		skip_space(ps);
		if (*ps->p != '-')
			return fail(ps, "expected '-' between two times");
		ps->p++;
		skip_space(ps);
		if (parse_clock(ps, &end) == -1)
			return -1;
		/* 24:00 is the end of the day; 00:00 as an end is the next
		 * midnight, the same instant. */
		if (end == 0)
			end = 1440;
		push_range(ps, days, start, end);
		skip_space(ps);
		if (*ps->p != ',')
			return 0;
		ps->p++;
		skip_space(ps);
	}
}

int
hours_parse(const char *text, struct hours *out, char *err, size_t errlen)
{
	struct parser ps;
	size_t len;
	const char *s = text;

	memset(out, 0, sizeof(*out));
	while (*s == ' ' || *s == '\t')
		s++;
	len = strlen(s);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len == 0) {
		snprintf(err, errlen, "empty hours (use \"24/7\", \"never\" or "
		    "e.g. \"Mon-Fri 08:00-17:00\")");
		return -1;
	}
	if (len == 4 && strncmp(s, "24/7", 4) == 0) {
		out->kind = HOURS_ALWAYS;
		return 0;
	}
	if (len == 5 && strncasecmp(s, "never", 5) == 0) {
		out->kind = HOURS_NEVER;
		return 0;
	}
	out->kind = HOURS_WEEKLY;
	ps.p = s;
	ps.text = text;
	ps.err = err;
	ps.errlen = errlen;
	ps.out = out;
	ps.cap = 0;
	for (;;) {
		if (parse_rule(&ps) == -1)
			goto bad;
		skip_space(&ps);
		if (*ps.p == '\0')
			return 0;
		if (*ps.p != ';') {
			fail(&ps, "expected ';' or the end");
			goto bad;
		}
		ps.p++;
		skip_space(&ps);
		if (*ps.p == '\0')	/* a trailing ';' is harmless */
			return 0;
	}
bad:
	hours_free(out);
	return -1;
}

void
hours_free(struct hours *h)
{
	free(h->r);
	memset(h, 0, sizeof(*h));
}

/*
 * The days of MASK as the grammar writes them, runs as spans. A run that
 * wraps from Sunday into Monday over three days or more starts the text
 * ("Fri-Mon", not "Mon,Fri-Sun"); otherwise the days go from Monday.
 */
static size_t
format_days(uint8_t mask, char *buf, size_t len)
{
	size_t o = 0;
	int first = 0, i, j, n;

#define DAY_SET(d)	((mask & (1u << (((d) % 7 + 7) % 7))) != 0)
	buf[0] = '\0';
	if ((mask & 0x7f) != 0x7f && DAY_SET(0) && DAY_SET(6)) {
		/* The wrapping run starts after the last day off. */
		for (first = 6; DAY_SET(first - 1); first--)
			;
		for (j = 0; DAY_SET(j + 1); j++)
			;
		if (7 - first + j + 1 < 3)
			first = 0;
	}
	for (n = 0; n < 7; n++) {
		i = first + n;
		if (!DAY_SET(i))
			continue;
		for (j = i; j + 1 < first + 7 && DAY_SET(j + 1); j++)
			;
		if (j == i)
			o += (size_t)snprintf(buf + o, len - o, "%s%s",
			    o ? "," : "", day_names[i % 7]);
		else
			o += (size_t)snprintf(buf + o, len - o, "%s%s-%s",
			    o ? "," : "", day_names[i % 7], day_names[j % 7]);
		if (o >= len)
			return len;
		n += j - i;
	}
#undef DAY_SET
	return o;
}

void
hours_format(const struct hours *h, char *buf, size_t len)
{
	size_t o = 0, i;
	char days[40];

	if (len == 0)
		return;
	buf[0] = '\0';
	if (h->kind == HOURS_ALWAYS) {
		snprintf(buf, len, "24/7");
		return;
	}
	if (h->kind == HOURS_NEVER) {
		snprintf(buf, len, "never");
		return;
	}
	for (i = 0; i < h->n && o < len; i++) {
		const struct hours_range *r = &h->r[i];

		if (i == 0 || r->days != h->r[i - 1].days) {
			format_days(r->days, days, sizeof(days));
			o += (size_t)snprintf(buf + o, len - o, "%s%s ",
			    i ? "; " : "", days);
		} else
			o += (size_t)snprintf(buf + o, len - o, ",");
		if (o >= len)
			break;
		o += (size_t)snprintf(buf + o, len - o, "%02u:%02u-%02u:%02u",
		    r->start / 60, r->start % 60, r->end / 60, r->end % 60);
	}
}

void
hours_expand(const struct hours *h, const struct tz *tz, int64_t from,
    int64_t to, struct ivset *out)
{
	int64_t day, first, last, ls, le, us, ue;
	size_t i;
	int wd;

	if (to <= from)
		return;
	if (h->kind == HOURS_ALWAYS) {
		ivset_add(out, from, to);
		return;
	}
	if (h->kind == HOURS_NEVER)
		return;
	/* UTC offsets lie within +-26 h, and a range may run into the next
	 * day: two days of margin on each side catch every range that can
	 * overlap [from, to). */
	first = days_of(from) - 2;
	last = days_of(to) + 2;
	for (day = first; day <= last; day++) {
		wd = weekday_of_days(day);
		for (i = 0; i < h->n; i++) {
			const struct hours_range *r = &h->r[i];

			if (!(r->days & (1u << wd)))
				continue;
			ls = day * SECS_PER_DAY + (int64_t)r->start * 60;
			le = (r->end <= r->start ? day + 1 : day) * SECS_PER_DAY
			    + (int64_t)r->end * 60;
			us = tz_to_utc(tz, ls);
			ue = tz_to_utc(tz, le);
			if (ue > from && us < to)
				ivset_add(out, us, ue);
		}
	}
}
