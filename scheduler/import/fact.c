/* fact.c - facts and where they were read: the quoted source line, the
 * remark and the UNCERTAIN mark, notes, and the zones loaded from tzdata.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "tz.h"
#include "xmalloc.h"

/* ---- facts and their sources --------------------------------------- */

/* Quotes line LI into S: the whole line, or QUOTE_MAX bytes of a long one
 * around ANCHOR. */
void
src_set(struct ctx *c, struct rfc2350_src *s, size_t li, const char *anchor)
{
	const char *o = c->l[li].orig, *p;
	struct sb b = { NULL, 0, 0 };
	size_t len, start, end, pos = 0;

	free(s->quote);
	s->line = c->l[li].no;
	while (isspace((unsigned char)*o))
		o++;
	len = strlen(o);
	while (len > 0 && isspace((unsigned char)o[len - 1]))
		len--;
	if (len <= QUOTE_MAX) {
		s->quote = strndup_trim(o, len);
		return;
	}
	if (anchor != NULL && *anchor != '\0' &&
	    (p = strcasestr(o, anchor)) != NULL && p < o + len)
		pos = (size_t)(p - o);
	start = pos > 40 ? pos - 40 : 0;
	while (start > 0 && !isspace((unsigned char)o[start - 1]) &&
	    pos - start < 60)
		start--;
	end = start + QUOTE_MAX;
	if (end >= len)
		end = len;
	else {
		while (end > start + 40 && !isspace((unsigned char)o[end]))
			end--;
		while (end > start && ((unsigned char)o[end] & 0xc0) == 0x80)
			end--;
	}
	while (start < end && ((unsigned char)o[start] & 0xc0) == 0x80)
		start++;
	if (start > 0)
		sb_adds(&b, "...");
	sb_addn(&b, o + start, end - start);
	if (end < len)
		sb_adds(&b, "...");
	s->quote = sb_take(&b);
}

void
fact_set(struct ctx *c, struct rfc2350_fact *f, const char *value, long li,
    const char *anchor)
{
	free(f->value);
	f->value = xstrdup(value);
	if (li >= 0)
		src_set(c, &f->src, (size_t)li, anchor != NULL ? anchor : value);
}

/* F takes the value and the source of G. */
void
fact_copy(struct rfc2350_fact *f, const struct rfc2350_fact *g)
{
	free(f->value);
	free(f->src.quote);
	f->value = xstrdup_null(g->value);
	f->src.line = g->src.line;
	f->src.quote = xstrdup_null(g->src.quote);
	f->uncertain = g->uncertain;
}

/* Sets (or with APPEND, adds to) the remark of F. */
static void
fact_vremark(struct rfc2350_fact *f, int uncertain, int append,
    const char *fmt, va_list ap)
{
	char *s, *o = f->remark;

	if (vasprintf(&s, fmt, ap) == -1)
		abort();
	if (append && o != NULL) {
		f->remark = xprintf("%s; %s", o, s);
		free(s);
	} else
		f->remark = s;
	free(o);
	f->uncertain |= uncertain;
}

void
fact_remark(struct rfc2350_fact *f, int uncertain, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fact_vremark(f, uncertain, 0, fmt, ap);
	va_end(ap);
}

/* Adds a remark to those of F. */
void
fact_remark_add(struct rfc2350_fact *f, int uncertain, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fact_vremark(f, uncertain, 1, fmt, ap);
	va_end(ap);
}

void
note_add(struct ctx *c, struct rfc2350_team *t, long li, const char *anchor,
    const char *fmt, ...)
{
	struct rfc2350_note *n;
	va_list ap;
	char *s;
	size_t i;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) == -1)
		abort();
	va_end(ap);
	for (i = 0; i < t->nnotes; i++)
		if (strcmp(t->notes[i].text, s) == 0) {
			free(s);
			return;
		}
	t->notes = xreallocarray(t->notes, t->nnotes + 1, sizeof(*t->notes));
	n = &t->notes[t->nnotes++];
	memset(n, 0, sizeof(*n));
	n->text = s;
	if (li >= 0)
		src_set(c, &n->src, (size_t)li, anchor);
}

void
zone_add(struct rfc2350_team *t, const char *z)
{
	size_t i;

	for (i = 0; i < t->nzones; i++)
		if (strcmp(t->zones[i], z) == 0)
			return;
	t->zones = xreallocarray(t->zones, t->nzones + 1, sizeof(*t->zones));
	t->zones[t->nzones++] = xstrdup(z);
}

/* Zone NAME from tzdata, loaded once per document; NULL if there is none. */
const struct tz *
zone_get(struct ctx *c, const char *name)
{
	char err[256];
	size_t i;

	for (i = 0; i < c->nzone; i++)
		if (strcmp(c->zname[i], name) == 0)
			return c->zone[i];
	c->zname = xreallocarray(c->zname, c->nzone + 1, sizeof(*c->zname));
	c->zone = xreallocarray(c->zone, c->nzone + 1, sizeof(*c->zone));
	c->zname[c->nzone] = xstrdup(name);
	c->zone[c->nzone] = tz_load(name, err, sizeof(err));
	return c->zone[c->nzone++];
}
