/* icsraw.c - the raw text of an .ics file as components and properties with
 * their line numbers (see icsraw.h). */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "icsraw.h"
#include "xmalloc.h"

#define GROW(p, n, cap) do {						\
	if ((n) == (cap)) {						\
		(cap) = (cap) ? (cap) * 2 : 8;				\
		(p) = xreallocarray((p), (cap), sizeof(*(p)));		\
	}								\
} while (0)

/* How much of a value is kept for messages. */
#define VALUE_KEEP	200
/* VCALENDAR > VEVENT > VALARM is three; a calendar has no use for more
 * than a few, and the tree is freed recursively. */
#define ICSRAW_MAX_DEPTH	16

struct scan {
	struct icsraw	*r;
	const char	*path;
	struct diags	*d;
	size_t		 nerr;
	struct icscomp	*cur;		/* innermost open component */
	int		 depth;		/* of cur */
};

static bool
has_prefix(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && strncasecmp(s, prefix, n) == 0;
}

static void
copy_upper(char *dst, size_t size, const char *s, size_t n)
{
	size_t i;

	if (n > size - 1)
		n = size - 1;
	for (i = 0; i < n; i++)
		dst[i] = (s[i] >= 'a' && s[i] <= 'z') ? (char)(s[i] - 32) :
		    s[i];
	dst[n] = '\0';
}

static void nesting_error(struct scan *, int, const char *, ...)
	__attribute__((format(printf, 3, 4)));

static void
nesting_error(struct scan *st, int line, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (st->r->bad_nesting)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diags_add(st->d, st->path, line, "%s", msg);
	st->r->bad_nesting = true;
	st->nerr++;
}

/*
 * END:NAME at LINE must close the innermost open component. libical would
 * close whatever is open, and only print a warning on stderr for an END
 * with nothing open: the first mismatch is a clear error here instead.
 */
static void
end_component(struct scan *st, const char *name, size_t len, int line)
{
	char shown[32], opened[32];
	struct icscomp *c = st->cur;

	copy_upper(shown, sizeof(shown), name, len);
	diag_printable(shown, sizeof(shown), shown);
	if (c == &st->r->root) {
		nesting_error(st, line, "END:%s without a matching BEGIN",
		    shown);
		return;
	}
	if (strcmp(c->name, shown) != 0) {
		diag_printable(opened, sizeof(opened), c->name);
		nesting_error(st, line, "END:%s does not close BEGIN:%s of "
		    "line %d", shown, opened, c->line);
	}
	st->depth--;
	st->cur = c->parent;
}

static void
begin_component(struct scan *st, const char *name, size_t len, int line)
{
	struct icscomp *c, *p = st->cur;

	if (st->depth >= ICSRAW_MAX_DEPTH) {
		nesting_error(st, line, "components nested deeper than %d "
		    "levels", ICSRAW_MAX_DEPTH);
		return;
	}
	if (p == &st->r->root && len == 9 &&
	    strncasecmp(name, "VCALENDAR", 9) == 0)
		st->r->saw_vcalendar = true;
	c = xcalloc(1, sizeof(*c));
	copy_upper(c->name, sizeof(c->name), name, len);
	c->line = line;
	c->parent = p;
	GROW(p->kids, p->kn, p->kcap);
	p->kids[p->kn++] = c;
	st->cur = c;
	st->depth++;
}

/* Whether the parameters in S[0, END) hold NAME=VALUE (unquoted). */
static bool
param_is(const char *s, size_t end, const char *name, const char *value)
{
	size_t i, n = strlen(name), v = strlen(value);

	for (i = 0; i + n + v + 2 <= end; i++)
		if (s[i] == ';' && strncasecmp(s + i + 1, name, n) == 0 &&
		    s[i + 1 + n] == '=' &&
		    strncasecmp(s + i + 2 + n, value, v) == 0 &&
		    (i + 2 + n + v == end - 1 || s[i + 2 + n + v] == ';'))
			return true;
	return false;
}

/* A property line S of LEN bytes: its name, where its value starts (the
 * first ':' outside quoted parameter values), and how many values a
 * multi-valued property would split into. */
static void
add_property(struct scan *st, const char *s, size_t len, int line)
{
	struct icscomp *c = st->cur;
	struct icsprop *p;
	size_t i, n, vstart = len;
	bool quoted = false;

	GROW(c->pv, c->pn, c->pcap);
	p = &c->pv[c->pn++];
	memset(p, 0, sizeof(*p));
	p->line = line;
	for (n = 0; n < len && s[n] != ':' && s[n] != ';'; n++)
		;
	copy_upper(p->name, sizeof(p->name), s, n);
	for (i = n; i < len; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (s[i] == ':' && !quoted) {
			vstart = i + 1;
			p->has_colon = true;
			break;
		}
	}
	if (!p->has_colon) {
		n = len < VALUE_KEEP ? len : VALUE_KEEP;
		p->value = xmalloc(n + 1);
		memcpy(p->value, s, n);
		p->value[n] = '\0';
		return;
	}
	p->value_date = param_is(s, vstart, "VALUE", "DATE");
	p->value_date_time = param_is(s, vstart, "VALUE", "DATE-TIME");
	p->empty = vstart == len;
	p->nvalues = 1;
	for (i = vstart; i < len; i++)
		if (s[i] == '\\' && i + 1 < len)
			i++;
		else if (s[i] == ',')
			p->nvalues++;
	n = len - vstart < VALUE_KEEP ? len - vstart : VALUE_KEEP;
	p->value = xmalloc(n + 1);
	memcpy(p->value, s + vstart, n);
	p->value[n] = '\0';
	/* The UID of an event, the TZID of a time zone: the first one. */
	if (c->id == NULL && ((strcmp(p->name, "UID") == 0 &&
	    strcmp(c->name, "VEVENT") == 0) || (strcmp(p->name, "TZID") == 0 &&
	    strcmp(c->name, "VTIMEZONE") == 0))) {
		n = len - vstart;
		c->id = xmalloc(n + 1);
		memcpy(c->id, s + vstart, n);
		c->id[n] = '\0';
	}
}

static void
scan_logical(struct scan *st, const char *s, size_t len, int line)
{
	if (len == 0)
		return;
	/* libical would take these for BEGIN and END whatever follows. */
	if (has_prefix(s, len, "BEGIN;") || has_prefix(s, len, "END;")) {
		nesting_error(st, line, "%s takes no parameters",
		    (s[0] == 'B' || s[0] == 'b') ? "BEGIN" : "END");
		return;
	}
	if (has_prefix(s, len, "BEGIN:"))
		begin_component(st, s + 6, len - 6, line);
	else if (has_prefix(s, len, "END:"))
		end_component(st, s + 4, len - 4, line);
	else if (st->cur != &st->r->root)
		add_property(st, s, len, line);
}

/*
 * What comes before line 1's content: a UTF-8 byte order mark (Windows
 * programs write one) and blanks. libical would take a line starting with
 * a blank for the continuation of a line before it, and the mark for part
 * of the first property's name.
 */
static size_t
leading_skip(const char *buf, size_t len)
{
	size_t i = 0;

	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && (buf[i] == ' ' || buf[i] == '\t'))
		i++;
	return i;
}

size_t
icsraw_scan(struct icsraw *r, const char *buf, size_t len, const char *path,
    struct diags *d)
{
	struct scan st;
	const char *p, *end = buf + len, *eol;
	char *lg = NULL;
	size_t lglen = 0, lgcap = 0, n;
	int line = 0, lgline = 0;

	memset(r, 0, sizeof(*r));
	strcpy(r->root.name, "");
	memset(&st, 0, sizeof(st));
	st.r = r;
	st.path = path;
	st.d = d;
	st.cur = &r->root;
	r->skip = leading_skip(buf, len);
	p = buf + r->skip;
	while (p < end) {
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end;
		n = (size_t)(eol - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		line++;
		if (n > 0 && (*p == ' ' || *p == '\t') && lgline > 0) {
			/* A folded line: drop the break and one blank. */
			p++;
			n--;
		} else {
			if (lgline > 0)
				scan_logical(&st, lg, lglen, lgline);
			lglen = 0;
			lgline = line;
		}
		if (lglen + n + 1 > lgcap) {
			lgcap = lglen + n + 1;
			lg = xreallocarray(lg, lgcap, 1);
		}
		memcpy(lg + lglen, p, n);
		lglen += n;
		p = eol < end ? eol + 1 : end;
	}
	if (lgline > 0)
		scan_logical(&st, lg, lglen, lgline);
	free(lg);
	return st.nerr;
}

static void
comp_free(struct icscomp *c)
{
	size_t i;

	for (i = 0; i < c->pn; i++)
		free(c->pv[i].value);
	for (i = 0; i < c->kn; i++) {
		comp_free(c->kids[i]);
		free(c->kids[i]);
	}
	free(c->pv);
	free(c->kids);
	free(c->id);
}

void
icsraw_free(struct icsraw *r)
{
	comp_free(&r->root);
	memset(r, 0, sizeof(*r));
}

struct icscomp *
icsraw_child(const struct icscomp *c, const char *name, size_t n)
{
	size_t i;

	for (i = 0; c != NULL && i < c->kn; i++)
		if (strcmp(c->kids[i]->name, name) == 0 && n-- == 0)
			return c->kids[i];
	return NULL;
}

struct icscomp *
icsraw_child_by_id(const struct icscomp *c, const char *name, const char *id)
{
	size_t i;

	for (i = 0; c != NULL && id != NULL && i < c->kn; i++)
		if (strcmp(c->kids[i]->name, name) == 0 &&
		    c->kids[i]->id != NULL && strcmp(c->kids[i]->id, id) == 0)
			return c->kids[i];
	return NULL;
}
