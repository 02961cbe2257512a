/* config.c - the libconfig file (SPEC 4) read strictly into the model.
 *
 * Nothing is reported one at a time: every problem is collected as
 * "file:line: setting: problem" so an operator fixes a file in one pass.
 * libconfig is included here only.
 */
#include <arpa/inet.h>

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <libconfig.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calendar.h"
#include "civil.h"
#include "config.h"
#include "diag.h"
#include "escalate.h"
#include "hours.h"
#include "readfile.h"
#include "snapshot.h"
#include "tz.h"
#include "xmalloc.h"

/*
 * One line of the text libconfig reads: the configuration file with every
 * @include replaced by the included file's lines. Each remembers where it
 * came from, so that a problem libconfig places on line N of that text is
 * reported at the file and line an operator can open.
 */
struct cline {
	const char	*file;		/* one of loader.files */
	int		 line;
	char		*text;		/* with its newline */
};

struct loader {
	config_t	  cf;
	const char	 *path;
	char		 *dir;		/* the config file's folder */
	char		**files;	/* every file read, as named in messages */
	size_t		  nfiles;
	struct cline	 *cl;
	size_t		  ncl;
	char		 *text;		/* all of cl[], what libconfig reads */
	size_t		  textlen;
	size_t		  textcap;
	struct diags	 *d;
	struct snapshot	 *snap;
	struct idref	 *ids;		/* team and route ids, sorted */
	size_t		  nids;
	struct calcache	 *cals;		/* calendars read so far */
	size_t		  ncals;
	int		  errors;
};

/* An id and where it was declared: teams first, then routes. */
struct idref {
	const char	*id;
	size_t		 pos;
};

/* A calendar file expanded in one zone: many teams of one organisation
 * share a holiday file, and reading it is by far the costliest step. */
struct calcache {
	char		*path;
	const struct tz	*tz;
	int		 ok;
	struct ivset	 iv;
};

static const char *const top_keys[] = {
	"daemon", "http", "teams", "routes", "notify", NULL
};
static const char *const http_keys[] = {
	"listen", "base_url", "tokens", "tls_cert", "tls_key", "insecure",
	"web_root", "max_connections", "per_ip_connections", "timeout",
	"max_request", NULL
};
static const char *const daemon_keys[] = {
	"socket", "socket_mode", "export_dir", "user", "max_clients",
	"max_clients_per_uid",
	"idle_timeout", "max_line", "max_output", "max_shift_days", "max_next",
	"allow_uids", "allow_gids", "reload_uids", "state_dir", "alert_uids",
	"alert_gids", "alert_retention", NULL
};
static const char *const team_keys[] = {
	"id", "name", "short_name", "organization", "timezone", "hours",
	"closures", "extra", "channels", "address", "services", "languages",
	"note", "members", "rotations", NULL
};
static const char *const member_keys[] = {
	"id", "name", "email", "phone", NULL
};
static const char *const rotation_keys[] = {
	"id", "members", "start", "length", "hours", "overrides", "contact",
	NULL
};
static const char *const channel_keys[] = {
	"id", "type", "address", "hours", "pgp_key_id", "pgp_fingerprint",
	"encryption", "urgent_subject_prefix", "note", NULL
};
static const char *const route_keys[] = {
	"id", "name", "steps", "unstaffed", "repeat", NULL
};
static const char *const step_keys[] = { "to", "ack_within", NULL };
static const char *const notify_keys[] = {
	"type", "command", "timeout", "retries", "webhook", NULL
};
static const char *const channel_types[] = {
	"email", "phone", "url", "other", NULL
};

static void
problem(struct loader *L, const config_setting_t *s, const char *where,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* The file and line of line LINE of the text libconfig read (0: unknown,
 * reported against the configuration file itself). */
static void
locate(const struct loader *L, unsigned line, const char **file, int *fline)
{
	if (line == 0 || line > L->ncl) {
		*file = L->path;
		*fline = 0;
		return;
	}
	*file = L->cl[line - 1].file;
	*fline = L->cl[line - 1].line;
}

static void
locate_setting(const struct loader *L, const config_setting_t *s,
    const char **file, int *fline)
{
	locate(L, s != NULL ? config_setting_source_line(s) : 0, file, fline);
}

static void
problem(struct loader *L, const config_setting_t *s, const char *where,
    const char *fmt, ...)
{
	va_list ap;
	char *msg;
	const char *file;
	int line;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		abort();
	va_end(ap);
	locate_setting(L, s, &file, &line);
	diags_add(L->d, file, line, "%s: %s", where, msg);
	free(msg);
	L->errors++;
}

static const char *
type_name(int type)
{
	switch (type) {
	case CONFIG_TYPE_GROUP:
		return "a group { }";
	case CONFIG_TYPE_INT:
	case CONFIG_TYPE_INT64:
		return "an integer";
	case CONFIG_TYPE_FLOAT:
		return "a number with a fraction";
	case CONFIG_TYPE_STRING:
		return "a string";
	case CONFIG_TYPE_BOOL:
		return "a boolean";
	case CONFIG_TYPE_ARRAY:
		return "an array [ ]";
	case CONFIG_TYPE_LIST:
		return "a list ( )";
	default:
		return "unknown";
	}
}

static void
check_keys(struct loader *L, const config_setting_t *group, const char *where,
    const char *const *allowed)
{
	const config_setting_t *m;
	const char *name;
	int i, j;

	for (i = 0; (m = config_setting_get_elem(group, (unsigned)i)) != NULL;
	    i++) {
		name = config_setting_name(m);
		if (name == NULL)
			continue;
		for (j = 0; allowed[j] != NULL; j++)
			if (strcmp(name, allowed[j]) == 0)
				break;
		if (allowed[j] == NULL)
			problem(L, m, where, "unknown setting \"%s\"", name);
	}
}

static char *
join(const char *a, const char *b)
{
	char *s;

	if (asprintf(&s, "%s.%s", a, b) == -1)
		abort();
	return s;
}

/*
 * Whether S is well-formed UTF-8 (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF). Every string setting is checked:
 * names and addresses end up in JSON answers and in .ics feeds, which
 * must be UTF-8.
 */
static int
utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned cp, min;
	int n, i;

	while (*p != '\0') {
		if (*p < 0x80) {
			p++;
			continue;
		}
		if ((*p & 0xe0) == 0xc0) {
			n = 1;
			cp = *p & 0x1f;
			min = 0x80;
		} else if ((*p & 0xf0) == 0xe0) {
			n = 2;
			cp = *p & 0x0f;
			min = 0x800;
		} else if ((*p & 0xf8) == 0xf0) {
			n = 3;
			cp = *p & 0x07;
			min = 0x10000;
		} else
			return 0;
		for (i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (p[i] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		p += n + 1;
	}
	return 1;
}

/* A string member NAME of GROUP; NULL when absent (an error if REQUIRED)
 * or of the wrong type. */
static const char *
get_string(struct loader *L, const config_setting_t *group, const char *where,
    const char *name, int required)
{
	const config_setting_t *s = config_setting_get_member(group, name);
	const char *v;
	char *w;

	if (s == NULL) {
		if (required)
			problem(L, group, where, "missing setting \"%s\"", name);
		return NULL;
	}
	w = join(where, name);
	if (config_setting_type(s) != CONFIG_TYPE_STRING) {
		problem(L, s, w, "must be a string, not %s",
		    type_name(config_setting_type(s)));
		free(w);
		return NULL;
	}
	v = config_setting_get_string(s);
	if (v == NULL || *v == '\0') {
		problem(L, s, w, "must not be empty");
		v = NULL;
	} else if (!utf8_valid(v)) {
		problem(L, s, w, "not valid UTF-8 (save the file as UTF-8)");
		v = NULL;
	}
	free(w);
	return v;
}

/*
 * libconfig 1.5's scanner ends a file quietly in the middle of a comment or
 * a string: an unclosed block comment drops the rest of the file, and so
 * does a quote left open where a setting name is expected (an "@include"
 * whose name lacks its closing quote, say); the file loads. Refuse both, at
 * the line they start on. Returns the number of problems added (0 or 1).
 */
static int
check_lexemes(struct loader *L, const char *path, const char *text,
    size_t len)
{
	const char *p, *end = text + len;
	size_t lineno = 1, open;

	for (p = text; p < end; p++) {
		if (*p == '\n')
			lineno++;
		else if (*p == '#' || (*p == '/' && p + 1 < end &&
		    p[1] == '/')) {
			while (p + 1 < end && p[1] != '\n')
				p++;
		} else if (*p == '/' && p + 1 < end && p[1] == '*') {
			open = lineno;
			for (p += 2; p < end && !(*p == '*' && p + 1 < end &&
			    p[1] == '/'); p++)
				if (*p == '\n')
					lineno++;
			if (p >= end) {
				diags_add(L->d, path, (int)open, "syntax: the "
				    "comment opened here with /* is not "
				    "closed: the rest of the file would be "
				    "ignored");
				return 1;
			}
			p++;
		} else if (*p == '"') {
			open = lineno;
			for (p++; p < end && *p != '"'; p++) {
				if (*p == '\\' && p + 1 < end && p[1] != '\n')
					p++;
				if (*p == '\n')
					lineno++;
			}
			if (p >= end) {
				diags_add(L->d, path, (int)open, "syntax: the "
				    "string opened here is not closed");
				return 1;
			}
		}
	}
	return 0;
}

/*
 * @include is resolved here, not by libconfig. libconfig 1.5 opens an
 * included file with fopen() (a FIFO blocks it, /dev/zero feeds it without
 * end) and hands it to its flex scanner, which calls exit() when reading
 * fails (a folder: "input in flex scanner failed"); it also opens an
 * absolute name as "<include dir>//<name>". So every file, the first one
 * included, is read with readfile() and the included lines are put in
 * place of their @include; libconfig parses the result from memory and
 * never opens a file. Relative names are relative to the configuration
 * file's folder (libconfig's include dir), absolute names are taken as
 * written.
 *
 * The scanner's rule for a directive: at the start of a line that is not
 * inside a comment or a string, blanks, "@include", blanks, then a name in
 * quotes in which \\ and \" stand for themselves and line breaks are
 * kept. Any other backslash falls to flex's default rule, which prints it
 * on standard output and drops it: refused. Scanning resumes after the
 * closing quote.
 */
#define CONFIG_MAX_BYTES	(64 * 1024 * 1024)	/* all files together */
#define INCLUDE_MAX_DEPTH	10			/* libconfig's own */

enum lex { LEX_CODE, LEX_COMMENT, LEX_STRING };

/* The scanner's state after the text [P, EOL) of one line, from ST. */
static enum lex
lex_line(enum lex st, const char *p, const char *eol)
{
	for (; p < eol; p++) {
		switch (st) {
		case LEX_CODE:
			if (*p == '#' || (*p == '/' && p + 1 < eol &&
			    p[1] == '/'))
				return LEX_CODE;
			if (*p == '/' && p + 1 < eol && p[1] == '*') {
				st = LEX_COMMENT;
				p++;
			} else if (*p == '"')
				st = LEX_STRING;
			break;
		case LEX_COMMENT:
			if (*p == '*' && p + 1 < eol && p[1] == '/') {
				st = LEX_CODE;
				p++;
			}
			break;
		case LEX_STRING:
			if (*p == '\\' && p + 1 < eol)
				p++;
			else if (*p == '"')
				st = LEX_CODE;
			break;
		}
	}
	return st;
}

/* Where the name of the @include directive on the line at P starts (after
 * its opening quote), or NULL when the line is no directive. */
static const char *
directive(const char *p, const char *eol)
{
	while (p < eol && (*p == ' ' || *p == '\t'))
		p++;
	if (eol - p < 9 || strncmp(p, "@include", 8) != 0 ||
	    (p[8] != ' ' && p[8] != '\t'))
		return NULL;
	for (p += 8; p < eol && (*p == ' ' || *p == '\t'); p++)
		;
	return p < eol && *p == '"' ? p + 1 : NULL;
}

static const char *
keep_file(struct loader *L, const char *path)
{
	L->files = xreallocarray(L->files, L->nfiles + 1, sizeof(*L->files));
	return L->files[L->nfiles++] = xstrdup(path);
}

/* Appends one line, [P, P + N), read from FILE:LINE. */
static void
emit(struct loader *L, const char *file, int line, const char *p, size_t n)
{
	struct cline *c;

	L->cl = xreallocarray(L->cl, L->ncl + 1, sizeof(*L->cl));
	c = &L->cl[L->ncl++];
	c->file = file;
	c->line = line;
	c->text = xmalloc(n + 2);
	memcpy(c->text, p, n);
	c->text[n] = '\n';
	c->text[n + 1] = '\0';
	if (L->textlen + n + 2 > L->textcap) {
		L->textcap = (L->textlen + n + 2) * 2;
		L->text = xreallocarray(L->text, L->textcap, 1);
	}
	memcpy(L->text + L->textlen, c->text, n + 2);
	L->textlen += n + 1;
}

/*
 * Appends PATH's lines, its includes expanded. FROM:FROMLINE is the
 * @include naming it as NAME (FROM is NULL for the configuration file).
 * Returns the number of problems added.
 */
static int
expand(struct loader *L, const char *path, const char *from, int fromline,
    const char *name, int depth)
{
	const char *file, *p, *q, *eol, *end;
	char *text, *nm, *full, why[256];
	size_t len, k;
	int lineno = 1, at, problems = 0, bad;
	enum lex st = LEX_CODE;

	if (readfile(path, CONFIG_MAX_BYTES, &text, &len, why,
	    sizeof(why)) == -1) {
		if (from == NULL)
			diags_add(L->d, path, 0, "cannot read the file: %s",
			    why);
		else if (strcmp(name, path) == 0)
			diags_add(L->d, from, fromline, "@include \"%s\": %s",
			    name, why);
		else
			diags_add(L->d, from, fromline, "@include \"%s\": "
			    "%s: %s", name, path, why);
		return 1;
	}
	file = keep_file(L, path);
	end = text + len;
	if ((p = memchr(text, '\0', len)) != NULL) {
		for (q = text; q < p; q++)
			if (*q == '\n')
				lineno++;
		diags_add(L->d, file, lineno, "syntax: a NUL byte (is this "
		    "a text file?)");
		free(text);
		return 1;
	}
	if (L->textlen + len > CONFIG_MAX_BYTES) {
		diags_add(L->d, from != NULL ? from : file, fromline,
		    "@include: the configuration and its included files are "
		    "larger than %d bytes together", CONFIG_MAX_BYTES);
		free(text);
		return 1;
	}
	if ((problems = check_lexemes(L, file, text, len)) > 0) {
		free(text);
		return problems;
	}
	for (p = text; p < end; lineno++, p = eol + 1) {
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end;
		if (st != LEX_CODE || (q = directive(p, eol)) == NULL) {
			emit(L, file, lineno, p, (size_t)(eol - p));
			st = lex_line(st, p, eol);
			continue;
		}
		at = lineno;
		nm = xmalloc((size_t)(end - q) + 1);
		bad = 0;
		for (k = 0; q < end && *q != '"'; q++) {
			if (*q == '\n')
				lineno++;
			if (*q == '\\') {
				if (q + 1 < end && (q[1] == '\\' || q[1] == '"'))
					q++;
				else {
					bad = 1;
					continue;
				}
			}
			nm[k++] = *q;
		}
		nm[k] = '\0';
		/* check_lexemes() saw the closing quote. */
		assert(q < end);
		if ((eol = memchr(q, '\n', (size_t)(end - q))) == NULL)
			eol = end;
		if (bad) {
			diags_add(L->d, file, at, "@include: a backslash in a "
			    "file name must be written \\\\ (or \\\" for a "
			    "quote)");
			problems++;
		} else if (strlen(nm) < k) {
			diags_add(L->d, file, at, "@include: the file name "
			    "holds a NUL byte");
			problems++;
		} else if (k == 0) {
			diags_add(L->d, file, at, "@include: the file name "
			    "is empty");
			problems++;
		} else if (depth >= INCLUDE_MAX_DEPTH) {
			diag_printable(nm, k + 1, nm);
			diags_add(L->d, file, at, "@include \"%s\": included "
			    "files nested more than %d deep (does a file "
			    "include itself?)", nm, INCLUDE_MAX_DEPTH);
			problems++;
		} else {
			if (nm[0] == '/')
				full = xstrdup(nm);
			else if (asprintf(&full, "%s/%s", L->dir, nm) == -1)
				abort();
			diag_printable(nm, k + 1, nm);
			problems += expand(L, full, file, at, nm, depth + 1);
			free(full);
		}
		free(nm);
		/* What follows the name on its line is read after the
		 * included text, as the scanner does. */
		emit(L, file, lineno, q + 1, (size_t)(eol - (q + 1)));
		st = lex_line(LEX_CODE, q + 1, eol);
	}
	free(text);
	return problems;
}

/*
 * libconfig 1.5 wraps integer literals that do not fit silently (3000000000
 * reads as -1294967296). Read every integer literal on the setting's source
 * line again with strtoll: the value must be one of those that fit in 64
 * bits. When it fails, LIT receives the literal as written
 * (the one that overflows, or whose low 32 bits libconfig kept) to quote to
 * the operator.
 */
static int
integer_is_literal(struct loader *L, const config_setting_t *s, long long v,
    char lit[32])
{
	unsigned line = config_setting_source_line(s);
	const char *p, *start, *text;
	char *end;
	long long x;
	int found = 0, neg;

	snprintf(lit, 32, "the value");
	if (line == 0 || line > L->ncl)
		return 1;	/* nothing to compare with: trust libconfig */
	p = text = L->cl[line - 1].text;
	while (*p != '\0') {
		if (*p == '"') {
			for (p++; *p != '\0' && *p != '"'; p++)
				if (*p == '\\' && p[1] != '\0')
					p++;
			if (*p == '"')
				p++;
			continue;
		}
		if (*p == '#' || (p[0] == '/' && p[1] == '/'))
			break;
		if (isalnum((unsigned char)*p) || *p == '_') {
			/* Skip names; a digit run inside a word is no number. */
			if (!isdigit((unsigned char)*p)) {
				while (isalnum((unsigned char)*p) || *p == '_')
					p++;
				continue;
			}
		}
		if (!isdigit((unsigned char)*p)) {
			p++;
			continue;
		}
		start = p;
		neg = start > text && start[-1] == '-';
		errno = 0;
		if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
			x = (long long)strtoull(p, &end, 16);
		else
			x = strtoll(p, &end, 10);
		if (errno == ERANGE || (!neg && (uint32_t)x == (uint32_t)v))
			snprintf(lit, 32, "%.*s", (int)(end - start < 28 ?
			    end - start : 28), start);
		if (neg)
			x = -x;
		/* An overflowing literal is no value: "( 0, 1e20-ish )"
		 * still reads its 0 right. */
		if (errno != ERANGE && x == v)
			found = 1;
		p = end;
		while (*p == 'L' || *p == 'l')
			p++;
		if (*p == '.' || *p == 'e' || *p == 'E') {	/* a float */
			while (isalnum((unsigned char)*p) || *p == '.' ||
			    *p == '-' || *p == '+')
				p++;
		}
	}
	return found;
}

/* An integer member in [min, max]; returns 0 when present and valid. */
static int
get_int(struct loader *L, const config_setting_t *group, const char *where,
    const char *name, long long min, long long max, long long *out)
{
	const config_setting_t *s = config_setting_get_member(group, name);
	char *w, lit[32];
	long long v;
	int rc = -1;

	if (s == NULL)
		return 1;
	w = join(where, name);
	if (config_setting_type(s) != CONFIG_TYPE_INT &&
	    config_setting_type(s) != CONFIG_TYPE_INT64)
		problem(L, s, w, "must be an integer, not %s",
		    type_name(config_setting_type(s)));
	else if (v = config_setting_get_int64(s),
	    !integer_is_literal(L, s, v, lit))
		problem(L, s, w, "%s is out of range (%lld to %lld)", lit, min,
		    max);
	else if (v < min || v > max)
		problem(L, s, w, "%lld is out of range (%lld to %lld)", v, min,
		    max);
	else {
		*out = v;
		rc = 0;
	}
	free(w);
	return rc;
}

/* A string or a list/array of strings; returns a NULL-free array of
 * borrowed strings (caller frees the array only) or NULL if absent. */
static const char **
get_strings(struct loader *L, const config_setting_t *group, const char *where,
    const char *name, size_t *n)
{
	const config_setting_t *s = config_setting_get_member(group, name);
	const config_setting_t *e;
	const char **v;
	char *w;
	int i, len;

	*n = 0;
	if (s == NULL)
		return NULL;
	w = join(where, name);
	if (config_setting_type(s) == CONFIG_TYPE_STRING) {
		v = xmalloc(sizeof(*v));
		if (utf8_valid(config_setting_get_string(s)))
			v[(*n)++] = config_setting_get_string(s);
		else
			problem(L, s, w, "not valid UTF-8 (save the file as "
			    "UTF-8)");
		free(w);
		return v;
	}
	if (config_setting_type(s) != CONFIG_TYPE_ARRAY &&
	    config_setting_type(s) != CONFIG_TYPE_LIST) {
		problem(L, s, w, "must be a string or an array of strings, "
		    "not %s", type_name(config_setting_type(s)));
		free(w);
		return NULL;
	}
	len = config_setting_length(s);
	v = xcalloc((size_t)len + 1, sizeof(*v));
	for (i = 0; i < len; i++) {
		e = config_setting_get_elem(s, (unsigned)i);
		if (config_setting_type(e) != CONFIG_TYPE_STRING) {
			problem(L, e, w, "element %d must be a string, not %s",
			    i + 1, type_name(config_setting_type(e)));
			continue;
		}
		if (!utf8_valid(config_setting_get_string(e))) {
			problem(L, e, w, "element %d is not valid UTF-8 (save "
			    "the file as UTF-8)", i + 1);
			continue;
		}
		v[(*n)++] = config_setting_get_string(e);
	}
	free(w);
	return v;
}

static char **
dup_strings(const char **v, size_t n)
{
	char **out = xcalloc(n + 1, sizeof(*out));
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = xstrdup(v[i]);
	return out;
}

/* Paths in the file are relative to the file's own folder. */
static char *
resolve_path(struct loader *L, const char *p)
{
	char *s;

	if (p[0] == '/')
		return xstrdup(p);
	if (asprintf(&s, "%s/%s", L->dir, p) == -1)
		abort();
	return s;
}

static int
valid_id(const char *s)
{
	const char *p;

	if (!islower((unsigned char)s[0]) && !isdigit((unsigned char)s[0]))
		return 0;
	for (p = s; *p != '\0'; p++)
		if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) &&
		    *p != '-' && *p != '_' && *p != '.')
			return 0;
	return p - s <= 64;
}

static struct tz *
zone(struct loader *L, const char *name, char *err, size_t errlen)
{
	struct snapshot *snap = L->snap;
	struct tz *tz;
	size_t i;

	for (i = 0; i < snap->nzones; i++)
		if (strcmp(tz_name(snap->zones[i]), name) == 0)
			return snap->zones[i];
	if ((tz = tz_load(name, err, errlen)) == NULL)
		return NULL;
	snap->zones = xreallocarray(snap->zones, snap->nzones + 1,
	    sizeof(*snap->zones));
	snap->zones[snap->nzones++] = tz;
	return tz;
}

/* Parses an hours member; returns 0 and the text, or -1. */
static int
get_hours(struct loader *L, const config_setting_t *group, const char *where,
    int required, struct hours *h, char **text)
{
	const config_setting_t *s = config_setting_get_member(group, "hours");
	const char *v = get_string(L, group, where, "hours", required);
	char err[512], *w;

	*text = NULL;
	if (v == NULL)
		return -1;
	if (hours_parse(v, h, err, sizeof(err)) == -1) {
		w = join(where, "hours");
		problem(L, s, w, "%s", err);
		free(w);
		return -1;
	}
	*text = xstrdup(v);
	return 0;
}

/* PGP fingerprints are 40 hex digits, written in groups or not. */
static int
fingerprint_digits(const char *fp, char out[41])
{
	size_t n = 0;

	for (; *fp != '\0'; fp++) {
		if (*fp == ' ')
			continue;
		if (!isxdigit((unsigned char)*fp) || n == 40)
			return -1;
		out[n++] = (char)toupper((unsigned char)*fp);
	}
	out[n] = '\0';
	return n == 40 ? 0 : -1;
}

/* Records where S is written, for the snapshot's warnings. */
static void
record_pos(struct loader *L, const config_setting_t *s, struct srcpos *pos)
{
	const char *file;

	if (s == NULL)
		return;
	locate_setting(L, s, &file, &pos->line);
	pos->file = xstrdup(file);
}

static void
read_channel(struct loader *L, const config_setting_t *cs, const char *twhere,
    int index, struct channel *ch)
{
	char *where, fp[41];
	const char *v;
	size_t len;
	int i;

	memset(ch, 0, sizeof(*ch));
	ch->type = CHANNEL_OTHER;
	if (asprintf(&where, "%s.channels.[%d]", twhere, index + 1) == -1)
		abort();
	if (config_setting_type(cs) != CONFIG_TYPE_GROUP) {
		problem(L, cs, where, "must be a group { }, not %s",
		    type_name(config_setting_type(cs)));
		free(where);
		return;
	}
	if ((v = get_string(L, cs, where, "id", 1)) != NULL) {
		ch->id = xstrdup(v);
		if (!valid_id(v))
			problem(L, cs, where, "id \"%s\" must be lower-case "
			    "letters, digits, '-', '_' or '.' (at most 64)", v);
		else {
			free(where);
			if (asprintf(&where, "%s.channels.%s", twhere, v) == -1)
				abort();
		}
	}
	check_keys(L, cs, where, channel_keys);
	if ((v = get_string(L, cs, where, "type", 1)) != NULL) {
		for (i = 0; channel_types[i] != NULL; i++)
			if (strcmp(v, channel_types[i]) == 0)
				break;
		if (channel_types[i] == NULL)
			problem(L, config_setting_get_member(cs, "type"), where,
			    "type \"%s\" is not one of email, phone, url, other",
			    v);
		else
			ch->type = (enum channel_type)i;
	}
	if ((v = get_string(L, cs, where, "address", 1)) != NULL) {
		if (ch->type == CHANNEL_EMAIL && strchr(v, '@') == NULL)
			problem(L, config_setting_get_member(cs, "address"),
			    where, "e-mail address \"%s\" has no '@'", v);
		ch->address = xstrdup(v);
	}
	if (config_setting_get_member(cs, "hours") != NULL) {
		get_hours(L, cs, where, 0, &ch->hours, &ch->hours_text);
		record_pos(L, config_setting_get_member(cs, "hours"),
		    &ch->hours_pos);
	}
	ch->pgp_fingerprint = xstrdup_null(get_string(L, cs, where,
	    "pgp_fingerprint", 0));
	if (ch->pgp_fingerprint != NULL &&
	    fingerprint_digits(ch->pgp_fingerprint, fp) == -1)
		problem(L, config_setting_get_member(cs, "pgp_fingerprint"),
		    where, "pgp_fingerprint \"%s\" is not 40 hexadecimal digits",
		    ch->pgp_fingerprint);
	ch->pgp_key_id = xstrdup_null(get_string(L, cs, where, "pgp_key_id",
	    0));
	if ((v = ch->pgp_key_id) != NULL) {
		len = strlen(v);
		if (len < 2 || v[0] != '0' || (v[1] != 'x' && v[1] != 'X') ||
		    (len != 10 && len != 18) ||
		    strspn(v + 2, "0123456789abcdefABCDEF") != len - 2)
			problem(L, config_setting_get_member(cs, "pgp_key_id"),
			    where, "pgp_key_id \"%s\" is not 0x and 8 or 16 "
			    "hexadecimal digits", v);
		else if (ch->pgp_fingerprint != NULL &&
		    fingerprint_digits(ch->pgp_fingerprint, fp) == 0 &&
		    strcasecmp(fp + 40 - (len - 2), v + 2) != 0)
			problem(L, config_setting_get_member(cs, "pgp_key_id"),
			    where, "pgp_key_id %s does not match the end of "
			    "pgp_fingerprint", v);
	}
	if ((v = get_string(L, cs, where, "encryption", 0)) != NULL) {
		if (strcmp(v, "required") != 0 && strcmp(v, "preferred") != 0 &&
		    strcmp(v, "none") != 0)
			problem(L, config_setting_get_member(cs, "encryption"),
			    where, "encryption \"%s\" is not one of required, "
			    "preferred, none", v);
		ch->encryption = xstrdup(v);
	}
	ch->urgent_subject_prefix = xstrdup_null(get_string(L, cs, where,
	    "urgent_subject_prefix", 0));
	ch->note = xstrdup_null(get_string(L, cs, where, "note", 0));
	free(where);
}

static void
load_calendar(struct loader *L, const char *path, const struct tz *tz,
    struct ivset *out)
{
	struct ivset sum = IVSET_INITIALIZER;
	struct calcache *c = NULL;
	size_t i;

	for (i = 0; i < L->ncals; i++)
		if (L->cals[i].tz == tz && strcmp(L->cals[i].path, path) == 0)
			c = &L->cals[i];
	if (c == NULL) {
		L->cals = xreallocarray(L->cals, L->ncals + 1,
		    sizeof(*L->cals));
		c = &L->cals[L->ncals++];
		c->path = xstrdup(path);
		c->tz = tz;
		ivset_init(&c->iv);
		/* Its problems are reported once, at the first use. */
		c->ok = calendar_load(path, tz, &c->iv, L->d) == 0;
		if (!c->ok)
			L->errors++;
	}
	if (!c->ok)
		return;
	ivset_union(&sum, out, &c->iv);
	ivset_free(out);
	*out = sum;
}

static void
read_calendars(struct loader *L, const config_setting_t *ts, const char *where,
    const char *name, const struct tz *tz, struct ivset *out)
{
	const char **files;
	size_t n, i;
	char *path, *w;

	files = get_strings(L, ts, where, name, &n);
	w = join(where, name);
	for (i = 0; i < n; i++) {
		path = resolve_path(L, files[i]);
		/* Name the setting that points at a file that is not there;
		 * problems inside a file are reported against the file. */
		if (access(path, R_OK) == -1)
			problem(L, config_setting_get_member(ts, name), w,
			    "cannot read \"%s\": %s", path, strerror(errno));
		else if (tz != NULL)
			load_calendar(L, path, tz, out);
		free(path);
	}
	free(w);
	free(files);
}


/* A list ( { ... } ) member NAME of GROUP; its length, or -1 if absent or
 * wrong (reported). */
static int
get_list(struct loader *L, const config_setting_t *group, const char *where,
    const char *name, const config_setting_t **out)
{
	const config_setting_t *s = config_setting_get_member(group, name);
	char *w;

	*out = s;
	if (s == NULL)
		return -1;
	if (config_setting_type(s) != CONFIG_TYPE_LIST) {
		w = join(where, name);
		problem(L, s, w, "must be a list ( { ... } ), not %s",
		    type_name(config_setting_type(s)));
		free(w);
		return -1;
	}
	return config_setting_length(s);
}

/* A group element of a list, with "id", as "WHERE.NAME.ID"; NULL (and a
 * problem) when it is not a group. Caller frees the name. */
static char *
element_where(struct loader *L, const config_setting_t *e, const char *where,
    const char *name, int index, const char **id)
{
	char *w;

	*id = NULL;
	if (asprintf(&w, "%s.%s.[%d]", where, name, index + 1) == -1)
		abort();
	if (config_setting_type(e) != CONFIG_TYPE_GROUP) {
		problem(L, e, w, "must be a group { }, not %s",
		    type_name(config_setting_type(e)));
		free(w);
		return NULL;
	}
	if ((*id = get_string(L, e, w, "id", 1)) == NULL)
		return w;
	if (!valid_id(*id)) {
		problem(L, e, w, "id \"%s\" must be lower-case letters, digits, "
		    "'-', '_' or '.' (at most 64)", *id);
		*id = NULL;
		return w;
	}
	free(w);
	if (asprintf(&w, "%s.%s.%s", where, name, *id) == -1)
		abort();
	return w;
}

static void
read_members(struct loader *L, const config_setting_t *ts, const char *where,
    struct team *t)
{
	const config_setting_t *ms, *e;
	const char *id, *v;
	char *w;
	int n, i, j;

	if ((n = get_list(L, ts, where, "members", &ms)) <= 0)
		return;
	t->members = xcalloc((size_t)n, sizeof(*t->members));
	for (i = 0; i < n; i++) {
		struct member *m = &t->members[t->nmembers];

		e = config_setting_get_elem(ms, (unsigned)i);
		if ((w = element_where(L, e, where, "members", i, &id)) == NULL)
			continue;
		check_keys(L, e, w, member_keys);
		for (j = 0; id != NULL && j < (int)t->nmembers; j++)
			if (strcmp(t->members[j].id, id) == 0) {
				problem(L, e, w, "duplicate member id \"%s\"",
				    id);
				id = NULL;
			}
		m->name = xstrdup_null(get_string(L, e, w, "name", 1));
		if ((v = get_string(L, e, w, "email", 0)) != NULL &&
		    strchr(v, '@') == NULL)
			problem(L, config_setting_get_member(e, "email"), w,
			    "e-mail address \"%s\" has no '@'", v);
		m->email = xstrdup_null(v);
		m->phone = xstrdup_null(get_string(L, e, w, "phone", 0));
		free(w);
		if (id == NULL) {
			free(m->name);
			free(m->email);
			free(m->phone);
			memset(m, 0, sizeof(*m));
			continue;
		}
		m->id = xstrdup(id);
		t->nmembers++;
	}
}

static int
find_member(const struct team *t, const char *id)
{
	size_t i;

	for (i = 0; i < t->nmembers; i++)
		if (strcmp(t->members[i].id, id) == 0)
			return (int)i;
	return -1;
}

/* "YYYY-MM-DD HH:MM" to local seconds; -1 if malformed. */
static int
parse_start(const char *v, int64_t *out)
{
	unsigned y, mo, d, h, mi;
	int len = 0;

	if (sscanf(v, "%4u-%2u-%2u %2u:%2u%n", &y, &mo, &d, &h, &mi,
	    &len) != 5 || v[len] != '\0' || strlen(v) != 16)
		return -1;
	if (y < 1970 || y > 2099 || mo < 1 || mo > 12 || d < 1 || h > 23 ||
	    mi > 59)
		return -1;
	if (d > (mo == 2 ? (is_leap_year(y) ? 29u : 28u) :
	    (mo == 4 || mo == 6 || mo == 9 || mo == 11) ? 30u : 31u))
		return -1;
	*out = days_from_civil(y, mo, d) * SECS_PER_DAY + h * 3600 + mi * 60;
	return 0;
}

/* "N" then h, d or w; N from 1 to a year's worth. */
static int
parse_length(const char *v, enum rot_unit *unit, int64_t *n)
{
	char *end;
	long long x;

	if (!isdigit((unsigned char)v[0]))
		return -1;
	errno = 0;
	x = strtoll(v, &end, 10);
	if (errno != 0 || end[0] == '\0' || end[1] != '\0')
		return -1;
	switch (end[0]) {
	case 'h': *unit = ROT_HOURS; break;
	case 'd': *unit = ROT_DAYS; break;
	case 'w': *unit = ROT_WEEKS; break;
	default: return -1;
	}
	if (x < 1 || x > (*unit == ROT_HOURS ? 8784 : *unit == ROT_DAYS ?
	    366 : 53))
		return -1;
	*n = x;
	return 0;
}

/* calendar_who_fn for an overrides calendar: a member id in SUMMARY, or a
 * member's e-mail as an ATTENDEE. */
static int
override_who(void *arg, const char *summary, const char *const *att,
    size_t natt)
{
	const struct team *t = arg;
	size_t i, j;
	int m;

	if (summary != NULL) {
		char id[80];
		size_t n = strlen(summary);

		/* Calendar programs leave spaces around a typed summary. */
		while (n > 0 && summary[n - 1] == ' ')
			n--;
		while (n > 0 && *summary == ' ') {
			summary++;
			n--;
		}
		if (n < sizeof(id)) {
			memcpy(id, summary, n);
			id[n] = '\0';
			if ((m = find_member(t, id)) >= 0)
				return m;
		}
	}
	for (i = 0; i < natt; i++)
		for (j = 0; j < t->nmembers; j++)
			if (t->members[j].email != NULL &&
			    strcasecmp(t->members[j].email, att[i]) == 0)
				return (int)j;
	return -1;
}

static void
read_overrides(struct loader *L, const config_setting_t *rs, const char *w,
    struct team *t, struct rotation *r)
{
	const config_setting_t *s = config_setting_get_member(rs, "overrides");
	struct calendar_occ *occ;
	const char *v = get_string(L, rs, w, "overrides", 0);
	size_t n, i;

	if (v == NULL || t->tz == NULL)
		return;
	r->overrides = resolve_path(L, v);
	if (access(r->overrides, R_OK) == -1) {
		char *ww = join(w, "overrides");

		problem(L, s, ww, "cannot read \"%s\": %s", r->overrides,
		    strerror(errno));
		free(ww);
		return;
	}
	if (calendar_load_tagged(r->overrides, t->tz, override_who, t, &occ,
	    &n, L->d) != 0) {
		L->errors++;
		return;
	}
	r->ov = xcalloc(n + 1, sizeof(*r->ov));
	for (i = 0; i < n; i++) {
		r->ov[i].start = occ[i].start;
		r->ov[i].end = occ[i].end;
		r->ov[i].member = (uint32_t)occ[i].who;
		r->ov[i].order = (uint32_t)occ[i].order;
		ivset_add(&r->ov_set, occ[i].start, occ[i].end);
	}
	r->nov = n;
	free(occ);
	rotation_sort_overrides(r->ov, r->nov);
	ivset_normalize(&r->ov_set);
}

/* Every member a rotation can put on duty needs the address it gives. */
static void
check_contacts(struct loader *L, const config_setting_t *rs, const char *w,
    const struct team *t, const struct rotation *r)
{
	bool *seen = xcalloc(t->nmembers + 1, sizeof(*seen));
	size_t i;

	for (i = 0; i < r->nturns; i++)
		seen[r->turns[i]] = true;
	for (i = 0; i < r->nov; i++)
		seen[r->ov[i].member] = true;
	for (i = 0; i < t->nmembers; i++)
		if (seen[i] && member_address(r, &t->members[i]) == NULL)
			problem(L, rs, w, "member \"%s\" has no %s, which "
			    "contact = \"%s\" gives", t->members[i].id,
			    r->contact == CONTACT_PHONE ? "phone" : "email",
			    r->contact == CONTACT_PHONE ? "phone" : "email");
	free(seen);
}

static void
read_rotation(struct loader *L, const config_setting_t *rs, const char *w,
    struct team *t, struct rotation *r)
{
	const config_setting_t *s;
	const char **list, *v;
	char *ww;
	size_t n, i;
	int m, bad = 0;

	check_keys(L, rs, w, rotation_keys);
	list = get_strings(L, rs, w, "members", &n);
	ww = join(w, "members");
	s = config_setting_get_member(rs, "members");
	if (s == NULL)
		problem(L, rs, w, "missing setting \"members\"");
	else if (n == 0 && list != NULL)
		problem(L, s, ww, "must name at least one member");
	r->turns = xcalloc(n + 1, sizeof(*r->turns));
	for (i = 0; i < n; i++) {
		if ((m = find_member(t, list[i])) < 0) {
			problem(L, s, ww, "unknown member \"%s\" (not in "
			    "teams.%s.members)", list[i], t->id);
			bad = 1;
			continue;
		}
		r->turns[r->nturns++] = (uint32_t)m;
	}
	free(list);
	free(ww);

	if ((v = get_string(L, rs, w, "start", 1)) != NULL) {
		r->start_text = xstrdup(v);
		if (parse_start(v, &r->rule.start_local) == -1) {
			ww = join(w, "start");
			problem(L, config_setting_get_member(rs, "start"), ww,
			    "\"%s\" is not a local date and time "
			    "\"YYYY-MM-DD HH:MM\" in 1970-2099", v);
			free(ww);
			bad = 1;
		}
	} else
		bad = 1;
	if ((v = get_string(L, rs, w, "length", 1)) != NULL) {
		r->length_text = xstrdup(v);
		if (parse_length(v, &r->rule.unit, &r->rule.length) == -1) {
			ww = join(w, "length");
			problem(L, config_setting_get_member(rs, "length"), ww,
			    "\"%s\" is not a number then h, d or w (at most "
			    "8784h, 366d, 53w)", v);
			free(ww);
			bad = 1;
		}
	} else
		bad = 1;
	if (config_setting_get_member(rs, "hours") != NULL) {
		if (get_hours(L, rs, w, 0, &r->hours, &r->hours_text) == -1)
			bad = 1;
	} else
		r->hours.kind = HOURS_ALWAYS;
	r->contact = CONTACT_EMAIL;
	if ((v = get_string(L, rs, w, "contact", 0)) != NULL) {
		if (strcmp(v, "phone") == 0)
			r->contact = CONTACT_PHONE;
		else if (strcmp(v, "email") != 0) {
			ww = join(w, "contact");
			problem(L, config_setting_get_member(rs, "contact"), ww,
			    "\"%s\" is not one of phone, email", v);
			free(ww);
		}
	}
	read_overrides(L, rs, w, t, r);
	check_contacts(L, rs, w, t, r);
	if (bad || r->nturns == 0 || t->tz == NULL)
		return;
	r->rule.tz = t->tz;
	r->rule.hours = &r->hours;
	r->rule.turns = r->turns;
	r->rule.nturns = r->nturns;
	r->rule.ov = r->ov;
	r->rule.nov = r->nov;
	/* The channel's closures: before the first handoff, where no
	 * override puts someone on duty. */
	{
		struct ivset pre = IVSET_INITIALIZER;

		ivset_add(&pre, CIVIL_MIN, tz_to_utc(t->tz,
		    r->rule.start_local));
		ivset_subtract(&r->before, &pre, &r->ov_set);
		ivset_free(&pre);
	}
}

/* The team's rotations, each also a channel appended to its channels. */
static void
read_rotations(struct loader *L, const config_setting_t *ts,
    const char *where, struct team *t)
{
	const config_setting_t *rl, *e;
	const char *id;
	char *w;
	size_t j, k, nplain = t->nchannels;
	int n, i;

	if ((n = get_list(L, ts, where, "rotations", &rl)) <= 0)
		return;
	t->rotations = xcalloc((size_t)n, sizeof(*t->rotations));
	t->channels = xreallocarray(t->channels, nplain + (size_t)n,
	    sizeof(*t->channels));
	for (i = 0; i < n; i++) {
		struct rotation *r = &t->rotations[t->nrotations];
		struct channel *ch;

		e = config_setting_get_elem(rl, (unsigned)i);
		if ((w = element_where(L, e, where, "rotations", i, &id)) ==
		    NULL)
			continue;
		for (j = 0; id != NULL && j < t->nchannels; j++)
			if (t->channels[j].id != NULL &&
			    strcmp(t->channels[j].id, id) == 0) {
				problem(L, e, w, "rotation id \"%s\" is already "
				    "the id of a %s of team %s", id,
				    t->channels[j].rot != NULL ? "rotation" :
				    "channel", t->id);
				id = NULL;
			}
		ivset_init(&r->ov_set);
		ivset_init(&r->before);
		read_rotation(L, e, w, t, r);
		free(w);
		if (id == NULL) {
			/* Checked for its own mistakes, then dropped. */
			rotation_release(r, t->nmembers);
			continue;
		}
		r->id = xstrdup(id);
		if (asprintf(&r->path_id, "%s/%s", t->id, id) == -1)
			abort();
		r->member_ids = xcalloc(t->nmembers + 1, sizeof(char *));
		for (k = 0; k < t->nmembers; k++)
			if (asprintf(&r->member_ids[k], "%s/%s/%s", t->id, id,
			    t->members[k].id) == -1)
				abort();
		r->channel = t->nchannels;
		ch = &t->channels[t->nchannels++];
		memset(ch, 0, sizeof(*ch));
		ch->id = xstrdup(id);
		ch->type = r->contact == CONTACT_PHONE ? CHANNEL_PHONE :
		    CHANNEL_EMAIL;
		t->nrotations++;
	}
	/* The array is final: point the channels at their rotations. */
	for (j = 0; j < t->nrotations; j++)
		t->channels[t->rotations[j].channel].rot = &t->rotations[j];
}

static void
read_team(struct loader *L, const config_setting_t *ts, int index,
    struct team *t)
{
	const config_setting_t *chs;
	const char **list, *v;
	char *where, *w, err[512];
	size_t n, i, j;
	int hours_ok;

	memset(t, 0, sizeof(*t));
	ivset_init(&t->extra);
	ivset_init(&t->closures);
	if (asprintf(&where, "teams.[%d]", index + 1) == -1)
		abort();
	if (config_setting_type(ts) != CONFIG_TYPE_GROUP) {
		problem(L, ts, where, "must be a group { }, not %s",
		    type_name(config_setting_type(ts)));
		free(where);
		return;
	}
	if ((v = get_string(L, ts, where, "id", 1)) != NULL) {
		t->id = xstrdup(v);
		if (!valid_id(v))
			problem(L, ts, where, "id \"%s\" must be lower-case "
			    "letters, digits, '-', '_' or '.' (at most 64)", v);
		else {
			free(where);
			if (asprintf(&where, "teams.%s", v) == -1)
				abort();
		}
	}
	check_keys(L, ts, where, team_keys);
	record_pos(L, config_setting_get_member(ts, "closures"),
	    &t->closures_pos);
	record_pos(L, config_setting_get_member(ts, "extra"), &t->extra_pos);
	t->name = xstrdup_null(get_string(L, ts, where, "name", 1));
	t->short_name = xstrdup_null(get_string(L, ts, where, "short_name", 1));
	t->organization = xstrdup_null(get_string(L, ts, where, "organization",
	    0));
	t->address = xstrdup_null(get_string(L, ts, where, "address", 0));
	t->note = xstrdup_null(get_string(L, ts, where, "note", 0));
	list = get_strings(L, ts, where, "services", &n);
	t->services = dup_strings(list, n);
	t->nservices = n;
	free(list);
	list = get_strings(L, ts, where, "languages", &n);
	t->languages = dup_strings(list, n);
	t->nlanguages = n;
	free(list);

	hours_ok = get_hours(L, ts, where, 1, &t->hours, &t->hours_text) == 0;
	v = get_string(L, ts, where, "timezone", 0);
	if (v == NULL && hours_ok && t->hours.kind == HOURS_WEEKLY &&
	    config_setting_get_member(ts, "timezone") == NULL)
		problem(L, ts, where, "missing setting \"timezone\" (required "
		    "unless hours are \"24/7\" or \"never\")");
	t->timezone = xstrdup(v != NULL ? v : "UTC");
	if ((t->tz = zone(L, t->timezone, err, sizeof(err))) == NULL) {
		w = join(where, "timezone");
		problem(L, config_setting_get_member(ts, "timezone"), w, "%s",
		    err);
		free(w);
	}

	read_calendars(L, ts, where, "closures", t->tz, &t->closures);
	read_calendars(L, ts, where, "extra", t->tz, &t->extra);

	chs = config_setting_get_member(ts, "channels");
	w = join(where, "channels");
	if (chs == NULL)
		problem(L, ts, where, "missing setting \"channels\"");
	else if (config_setting_type(chs) != CONFIG_TYPE_LIST)
		problem(L, chs, w, "must be a list ( { ... } ), not %s",
		    type_name(config_setting_type(chs)));
	else if (config_setting_length(chs) == 0)
		problem(L, chs, w, "must list at least one channel");
	else {
		t->nchannels = (size_t)config_setting_length(chs);
		t->channels = xcalloc(t->nchannels, sizeof(*t->channels));
		for (i = 0; i < t->nchannels; i++) {
			read_channel(L, config_setting_get_elem(chs,
			    (unsigned)i), where, (int)i, &t->channels[i]);
			for (j = 0; j < i; j++)
				if (t->channels[i].id != NULL &&
				    t->channels[j].id != NULL &&
				    strcmp(t->channels[i].id,
				    t->channels[j].id) == 0)
					problem(L, config_setting_get_elem(chs,
					    (unsigned)i), w, "duplicate "
					    "channel id \"%s\"",
					    t->channels[i].id);
			/* Weekly channel hours need a zone, never UTC by
			 * default; a 24/7 team may leave its zone out. */
			if (t->channels[i].hours.kind == HOURS_WEEKLY &&
			    hours_ok && t->hours.kind != HOURS_WEEKLY &&
			    config_setting_get_member(ts, "timezone") == NULL)
				problem(L, config_setting_get_member(
				    config_setting_get_elem(chs, (unsigned)i),
				    "hours"), w, "channel \"%s\" has weekly "
				    "hours: the team needs a \"timezone\"",
				    t->channels[i].id != NULL ?
				    t->channels[i].id : "?");
		}
	}
	free(w);
	if (t->id != NULL) {
		read_members(L, ts, where, t);
		read_rotations(L, ts, where, t);
	}
	free(where);
}

static int
idref_cmp(const void *a, const void *b)
{
	const struct idref *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	if (c != 0)
		return c;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* Sorts the ids of the teams (and, once read, the routes). */
static void
index_ids(struct loader *L, int with_routes)
{
	struct snapshot *snap = L->snap;
	size_t i, n = snap->nteams + (with_routes ? snap->nroutes : 0);

	free(L->ids);
	L->ids = xcalloc(n, sizeof(*L->ids));
	L->nids = 0;
	for (i = 0; i < n; i++) {
		const char *id = i < snap->nteams ? snap->teams[i].id :
		    snap->routes[i - snap->nteams].id;

		if (id == NULL)
			continue;
		L->ids[L->nids].id = id;
		L->ids[L->nids++].pos = i;
	}
	qsort(L->ids, L->nids, sizeof(*L->ids), idref_cmp);
}

/* The first team whose id is the TLEN bytes at NAME, or nteams. */
static size_t
find_team(struct loader *L, const char *name, size_t tlen)
{
	size_t lo = 0, hi = L->nids, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strncmp(L->ids[mid].id, name, tlen);
		if (c == 0 && L->ids[mid].id[tlen] != '\0')
			c = 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < L->nids && strncmp(L->ids[lo].id, name, tlen) == 0 &&
	    L->ids[lo].id[tlen] == '\0')
		return L->ids[lo].pos;
	return L->snap->nteams;
}

/* "team/channel" to indices; -1 with a problem reported otherwise. */
static int
resolve_step(struct loader *L, const config_setting_t *s, const char *where,
    const char *text, struct step *out)
{
	const struct snapshot *snap = L->snap;
	const char *slash = strchr(text, '/');
	size_t i, j, tlen;

	if (slash == NULL || slash == text || slash[1] == '\0') {
		problem(L, s, where, "step \"%s\" must be \"team/channel\"",
		    text);
		return -1;
	}
	tlen = (size_t)(slash - text);
	if ((i = find_team(L, text, tlen)) < snap->nteams) {
		const struct team *t = &snap->teams[i];

		for (j = 0; j < t->nchannels; j++) {
			if (t->channels[j].id != NULL &&
			    strcmp(t->channels[j].id, slash + 1) == 0) {
				out->team = i;
				out->channel = j;
				return 0;
			}
		}
		problem(L, s, where, "step \"%s\": team %s has no channel "
		    "\"%s\"", text, t->id, slash + 1);
		return -1;
	}
	problem(L, s, where, "step \"%s\": no team \"%.*s\"", text, (int)tlen,
	    text);
	return -1;
}

/* A step written as a group: { to = "team/channel"; ack_within = "30m"; } */
static void
read_step(struct loader *L, const config_setting_t *e, const char *where,
    int index, struct step *st)
{
	const config_setting_t *a;
	const char *v;
	char *w, err[160];

	if (asprintf(&w, "%s.[%d]", where, index + 1) == -1)
		abort();
	check_keys(L, e, w, step_keys);
	if ((v = get_string(L, e, w, "to", 1)) != NULL)
		resolve_step(L, config_setting_get_member(e, "to"), w, v, st);
	if ((v = get_string(L, e, w, "ack_within", 0)) != NULL) {
		a = config_setting_get_member(e, "ack_within");
		free(w);
		if (asprintf(&w, "%s.[%d].ack_within", where, index + 1) == -1)
			abort();
		if (escalate_parse_duration(v, &st->ack_within,
		    &st->ack_staffed, err, sizeof(err)) == -1)
			problem(L, a, w, "%s", err);
	}
	free(w);
}

static void
read_route(struct loader *L, const config_setting_t *rs, int index,
    struct route *r)
{
	const config_setting_t *steps, *e;
	const char *v;
	char *where, *w;
	long long n;
	int i, len;

	memset(r, 0, sizeof(*r));
	if (asprintf(&where, "routes.[%d]", index + 1) == -1)
		abort();
	if (config_setting_type(rs) != CONFIG_TYPE_GROUP) {
		problem(L, rs, where, "must be a group { }, not %s",
		    type_name(config_setting_type(rs)));
		free(where);
		return;
	}
	if ((v = get_string(L, rs, where, "id", 1)) != NULL) {
		r->id = xstrdup(v);
		if (!valid_id(v))
			problem(L, rs, where, "id \"%s\" must be lower-case "
			    "letters, digits, '-', '_' or '.' (at most 64)", v);
		else {
			free(where);
			if (asprintf(&where, "routes.%s", v) == -1)
				abort();
		}
	}
	check_keys(L, rs, where, route_keys);
	r->name = xstrdup_null(get_string(L, rs, where, "name", 0));
	steps = config_setting_get_member(rs, "steps");
	w = join(where, "steps");
	if (steps == NULL)
		problem(L, rs, where, "missing setting \"steps\"");
	else if (config_setting_type(steps) != CONFIG_TYPE_ARRAY &&
	    config_setting_type(steps) != CONFIG_TYPE_LIST)
		problem(L, steps, w, "must be a list of \"team/channel\" "
		    "strings or { to = ...; } groups, not %s",
		    type_name(config_setting_type(steps)));
	else if ((len = config_setting_length(steps)) == 0)
		problem(L, steps, w, "must not be empty");
	else {
		r->steps = xcalloc((size_t)len, sizeof(*r->steps));
		for (i = 0; i < len; i++) {
			e = config_setting_get_elem(steps, (unsigned)i);
			if (config_setting_type(e) == CONFIG_TYPE_GROUP)
				read_step(L, e, w, i, &r->steps[i]);
			else if (config_setting_type(e) != CONFIG_TYPE_STRING)
				problem(L, e, w, "step %d must be a string "
				    "\"team/channel\" or a group { to = ...; }, "
				    "not %s", i + 1,
				    type_name(config_setting_type(e)));
			else
				resolve_step(L, e, w,
				    config_setting_get_string(e), &r->steps[i]);
		}
		r->nsteps = (size_t)len;
		r->unstaffed = r->steps[0];
	}
	free(w);
	if ((v = get_string(L, rs, where, "unstaffed", 0)) != NULL) {
		w = join(where, "unstaffed");
		resolve_step(L, config_setting_get_member(rs, "unstaffed"),
		    w, v, &r->unstaffed);
		free(w);
	}
	if (get_int(L, rs, where, "repeat", 0, 100, &n) == 0)
		r->repeat = (long)n;
	free(where);
}

/* Splits a notify command into words: spaces separate, double quotes
 * group (with \\" and \\\\ inside). No shell ever sees it. Returns NULL
 * with a message in ERR on an unbalanced quote. */
static char **
split_command(const char *cmd, char *err, size_t errlen)
{
	char **argv = xcalloc(strlen(cmd) / 2 + 2, sizeof(*argv));
	char *word = xmalloc(strlen(cmd) + 1);
	const char *p = cmd;
	size_t n = 0, k;
	int quoted;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		k = 0;
		quoted = 0;
		while (*p != '\0' && (quoted || (*p != ' ' && *p != '\t'))) {
			if (*p == '"')
				quoted = !quoted;
			else if (quoted && *p == '\\' &&
			    (p[1] == '"' || p[1] == '\\'))
				word[k++] = *++p;
			else
				word[k++] = *p;
			p++;
		}
		if (quoted) {
			snprintf(err, errlen, "unbalanced double quote in "
			    "\"%s\"", cmd);
			free(word);
			while (n > 0)
				free(argv[--n]);
			free(argv);
			return NULL;
		}
		word[k] = '\0';
		argv[n++] = xstrdup(word);
	}
	free(word);
	return argv;
}

/* TYPED[i]: entry i has a valid type, for the check of duplicates. */
static void
read_notify(struct loader *L, const config_setting_t *ns, int index,
    struct notify *nt, char *typed)
{
	const config_setting_t *m;
	const char *v;
	char *where, *w, err[160];
	long long n;
	size_t i;
	int j;

	memset(nt, 0, sizeof(*nt));
	nt->timeout = 30;
	nt->retries = 3;
	record_pos(L, ns, &nt->pos);
	if (asprintf(&where, "notify.[%d]", index + 1) == -1)
		abort();
	if (config_setting_type(ns) != CONFIG_TYPE_GROUP) {
		problem(L, ns, where, "must be a group { }, not %s",
		    type_name(config_setting_type(ns)));
		free(where);
		return;
	}
	check_keys(L, ns, where, notify_keys);
	if ((v = get_string(L, ns, where, "type", 1)) != NULL) {
		for (j = 0; channel_types[j] != NULL; j++)
			if (strcmp(v, channel_types[j]) == 0)
				break;
		if (channel_types[j] == NULL)
			problem(L, config_setting_get_member(ns, "type"),
			    where, "type \"%s\" must be email, phone, url or "
			    "other", v);
		else {
			nt->type = (enum channel_type)j;
			for (i = 0; i < (size_t)index; i++)
				if (typed[i] && L->snap->notify[i].type ==
				    nt->type)
					problem(L, ns, where, "type \"%s\" "
					    "already has its notify entry at "
					    "line %d", v,
					    L->snap->notify[i].pos.line);
			typed[index] = 1;
			free(where);
			if (asprintf(&where, "notify.%s", v) == -1)
				abort();
		}
	}
	if ((m = config_setting_get_member(ns, "webhook")) != NULL) {
		w = join(where, "webhook");
		if (config_setting_type(m) != CONFIG_TYPE_BOOL)
			problem(L, m, w, "must be true or false, not %s",
			    type_name(config_setting_type(m)));
		else if ((nt->webhook = config_setting_get_bool(m) != 0))
			problem(L, m, w, "webhooks are not supported by this "
			    "oncalld yet: run a command that posts instead");
		free(w);
	}
	if ((v = get_string(L, ns, where, "command", 0)) != NULL) {
		m = config_setting_get_member(ns, "command");
		w = join(where, "command");
		nt->command = xstrdup(v);
		if ((nt->argv = split_command(v, err, sizeof(err))) == NULL)
			problem(L, m, w, "%s", err);
		else if (nt->argv[0] == NULL)
			problem(L, m, w, "names no program");
		else if (nt->argv[0][0] != '/')
			problem(L, m, w, "\"%s\" must be an absolute path: "
			    "no shell or PATH search runs it", nt->argv[0]);
		if (nt->webhook)
			problem(L, m, w, "a webhook entry posts to the "
			    "channel's address and runs no command");
		free(w);
	} else if (!nt->webhook)
		problem(L, ns, where, "needs a command (or webhook = true)");
	if (get_int(L, ns, where, "timeout", 1, 3600, &n) == 0)
		nt->timeout = (long)n;
	if (get_int(L, ns, where, "retries", 0, 100, &n) == 0)
		nt->retries = (long)n;
	free(where);
}

/* A uid or gid list: integers or names. */
static void
read_ids(struct loader *L, const config_setting_t *ds, const char *name,
    int groups, unsigned **out, size_t *n)
{
	const config_setting_t *s = config_setting_get_member(ds, name);
	const config_setting_t *e;
	char *w;
	int i, len, literal;
	long long v;
	char lit[32];

	*n = 0;
	*out = NULL;
	if (s == NULL)
		return;
	w = join("daemon", name);
	if (config_setting_type(s) != CONFIG_TYPE_ARRAY &&
	    config_setting_type(s) != CONFIG_TYPE_LIST) {
		problem(L, s, w, "must be an array of %s names or numbers",
		    groups ? "group" : "user");
		free(w);
		return;
	}
	len = config_setting_length(s);
	*out = xcalloc((size_t)len + 1, sizeof(**out));
	for (i = 0; i < len; i++) {
		e = config_setting_get_elem(s, (unsigned)i);
		if (config_setting_type(e) == CONFIG_TYPE_STRING) {
			const char *nm = config_setting_get_string(e);
			struct passwd *pw;
			struct group *gr;

			if (groups && (gr = getgrnam(nm)) != NULL)
				(*out)[(*n)++] = gr->gr_gid;
			else if (!groups && (pw = getpwnam(nm)) != NULL)
				(*out)[(*n)++] = pw->pw_uid;
			else
				problem(L, e, w, "no %s named \"%s\"",
				    groups ? "group" : "user", nm);
		} else if (config_setting_type(e) == CONFIG_TYPE_INT ||
		    config_setting_type(e) == CONFIG_TYPE_INT64) {
			v = config_setting_get_int64(e);
			literal = integer_is_literal(L, e, v, lit);
			if (literal)
				snprintf(lit, sizeof(lit), "%lld", v);
			if (!literal || v < 0 || v > (long long)UINT32_MAX - 1)
				problem(L, e, w, "id %s is out of range (0 to "
				    "%lld)", lit, (long long)UINT32_MAX - 1);
			else
				(*out)[(*n)++] = (unsigned)v;
		} else
			problem(L, e, w, "element %d must be a name or an id, "
			    "not %s", i + 1, type_name(config_setting_type(e)));
	}
	free(w);
}

static void
read_daemon(struct loader *L, const config_setting_t *ds)
{
	struct daemon_conf *dc = &L->snap->daemon;
	const char *v;
	char *end;
	long long n;
	unsigned long mode;

	if (ds == NULL)
		return;
	if (config_setting_type(ds) != CONFIG_TYPE_GROUP) {
		problem(L, ds, "daemon", "must be a group { }, not %s",
		    type_name(config_setting_type(ds)));
		return;
	}
	check_keys(L, ds, "daemon", daemon_keys);
	if ((v = get_string(L, ds, "daemon", "socket", 0)) != NULL) {
		free(dc->socket);
		dc->socket = resolve_path(L, v);
	}
	if (config_setting_get_member(ds, "socket_mode") != NULL &&
	    config_setting_type(config_setting_get_member(ds, "socket_mode")) !=
	    CONFIG_TYPE_STRING)
		problem(L, config_setting_get_member(ds, "socket_mode"),
		    "daemon.socket_mode", "must be an octal string such as "
		    "\"0660\"");
	else if ((v = get_string(L, ds, "daemon", "socket_mode", 0)) != NULL) {
		errno = 0;
		mode = strtoul(v, &end, 8);
		if (errno != 0 || *end != '\0' || mode > 0777 ||
		    strspn(v, "01234567") != strlen(v))
			problem(L, config_setting_get_member(ds, "socket_mode"),
			    "daemon.socket_mode", "\"%s\" is not an octal mode "
			    "from 0000 to 0777", v);
		else
			dc->socket_mode = (unsigned)mode;
	}
	if ((v = get_string(L, ds, "daemon", "export_dir", 0)) != NULL)
		dc->export_dir = resolve_path(L, v);
	dc->user = xstrdup_null(get_string(L, ds, "daemon", "user", 0));
	if (dc->user != NULL && getpwnam(dc->user) == NULL)
		problem(L, config_setting_get_member(ds, "user"), "daemon.user",
		    "no user named \"%s\"", dc->user);
	if (get_int(L, ds, "daemon", "max_clients", 1, 1000000, &n) == 0)
		dc->max_clients = (long)n;
	if (get_int(L, ds, "daemon", "max_clients_per_uid", 1, 1000000,
	    &n) == 0)
		dc->max_clients_per_uid = (long)n;
	if (get_int(L, ds, "daemon", "idle_timeout", 1, 7 * 86400, &n) == 0)
		dc->idle_timeout = (long)n;
	if (get_int(L, ds, "daemon", "max_line", 64, 1 << 20, &n) == 0)
		dc->max_line = (long)n;
	if (get_int(L, ds, "daemon", "max_output", 4096, 1 << 30, &n) == 0)
		dc->max_output = (long)n;
	if (get_int(L, ds, "daemon", "max_shift_days", 1, 47482, &n) == 0)
		dc->max_shift_days = (long)n;
	if (get_int(L, ds, "daemon", "max_next", 1, 100000, &n) == 0)
		dc->max_next = (long)n;
	read_ids(L, ds, "allow_uids", 0, &dc->allow_uids, &dc->nallow_uids);
	read_ids(L, ds, "allow_gids", 1, &dc->allow_gids, &dc->nallow_gids);
	read_ids(L, ds, "reload_uids", 0, &dc->reload_uids,
	    &dc->nreload_uids);
	if (get_int(L, ds, "daemon", "alert_retention", 1, 36500, &n) == 0)
		dc->alert_retention = n;
	read_ids(L, ds, "alert_uids", 0, &dc->alert_uids, &dc->nalert_uids);
	read_ids(L, ds, "alert_gids", 1, &dc->alert_gids, &dc->nalert_gids);
	if ((v = get_string(L, ds, "daemon", "state_dir", 0)) != NULL) {
		free(dc->state_dir);
		dc->state_dir = resolve_path(L, v);
	}
}

static void
read_notifies(struct loader *L, const config_setting_t *ns)
{
	struct snapshot *snap = L->snap;
	char *typed;
	int len;

	if (ns == NULL)
		return;
	if (config_setting_type(ns) != CONFIG_TYPE_LIST) {
		problem(L, ns, "notify", "must be a list ( { ... }, ... ), "
		    "not %s", type_name(config_setting_type(ns)));
		return;
	}
	len = config_setting_length(ns);
	snap->notify = xcalloc((size_t)len + 1, sizeof(*snap->notify));
	typed = xcalloc((size_t)len + 1, 1);
	for (; snap->nnotify < (size_t)len; snap->nnotify++)
		read_notify(L, config_setting_get_elem(ns,
		    (unsigned)snap->nnotify), (int)snap->nnotify,
		    &snap->notify[snap->nnotify], typed);
	free(typed);
}

/*
 * http.listen: "host:port" with an address literal ("[::1]:8353" for IPv6);
 * no name is looked up, so that where the page is served never depends on
 * a resolver at start-up.
 */
static int
parse_listen(struct http_conf *hc, const char *v)
{
	struct in6_addr	 a6;
	struct in_addr	 a4;
	const char	*colon, *h;
	char		*end, host[INET6_ADDRSTRLEN + 1];
	size_t		 hl;
	long		 port;

	if ((colon = strrchr(v, ':')) == NULL)
		return -1;
	h = v;
	hl = (size_t)(colon - v);
	if (*v == '[') {
		if (hl < 2 || v[hl - 1] != ']')
			return -1;
		h++;
		hl -= 2;
	}
	if (hl == 0 || hl >= sizeof(host))
		return -1;
	memcpy(host, h, hl);
	host[hl] = '\0';
	errno = 0;
	port = strtol(colon + 1, &end, 10);
	if (errno != 0 || *end != '\0' || !isdigit((unsigned char)colon[1]) ||
	    port < 0 || port > 65535)
		return -1;
	if (inet_pton(AF_INET, host, &a4) == 1) {
		if (*v == '[')
			return -1;
		hc->loopback = (ntohl(a4.s_addr) >> 24) == 127;
	} else if (*v == '[' && inet_pton(AF_INET6, host, &a6) == 1)
		hc->loopback = IN6_IS_ADDR_LOOPBACK(&a6);
	else
		return -1;
	hc->host = xstrdup(host);
	hc->port = (int)port;
	return 0;
}

static void
read_http(struct loader *L, const config_setting_t *hs)
{
	struct http_conf *hc = &L->snap->http;
	const config_setting_t *s;
	const char *v;
	long long n;

	if (hs == NULL)
		return;
	if (config_setting_type(hs) != CONFIG_TYPE_GROUP) {
		problem(L, hs, "http", "must be a group { }, not %s",
		    type_name(config_setting_type(hs)));
		return;
	}
	check_keys(L, hs, "http", http_keys);
	hc->enabled = true;
	if ((v = get_string(L, hs, "http", "listen", 0)) != NULL) {
		free(hc->listen);
		hc->listen = xstrdup(v);
		free(hc->host);
		hc->host = NULL;
		if (parse_listen(hc, v) == -1)
			problem(L, config_setting_get_member(hs, "listen"),
			    "http.listen", "\"%s\" is not address:port (an "
			    "IPv4 address, or an IPv6 one in [ ], and a port "
			    "from 0 to 65535, 0 for any free one)", v);
	}
	if ((v = get_string(L, hs, "http", "base_url", 0)) != NULL) {
		if (strncmp(v, "https://", 8) != 0 &&
		    strncmp(v, "http://", 7) != 0)
			problem(L, config_setting_get_member(hs, "base_url"),
			    "http.base_url", "\"%s\" must start with https:// "
			    "or http://", v);
		else
			hc->base_url = xstrdup(v);
	}
	if ((v = get_string(L, hs, "http", "tokens", 0)) != NULL)
		hc->tokens = resolve_path(L, v);
	if ((v = get_string(L, hs, "http", "tls_cert", 0)) != NULL)
		hc->tls_cert = resolve_path(L, v);
	if ((v = get_string(L, hs, "http", "tls_key", 0)) != NULL)
		hc->tls_key = resolve_path(L, v);
	if ((v = get_string(L, hs, "http", "web_root", 0)) != NULL) {
		free(hc->web_root);
		hc->web_root = resolve_path(L, v);
	}
	if ((s = config_setting_get_member(hs, "insecure")) != NULL) {
		if (config_setting_type(s) != CONFIG_TYPE_BOOL)
			problem(L, s, "http.insecure", "must be true or false, "
			    "not %s", type_name(config_setting_type(s)));
		else
			hc->insecure = config_setting_get_bool(s) != 0;
	}
	if (get_int(L, hs, "http", "max_connections", 1, 100000, &n) == 0)
		hc->max_connections = (long)n;
	if (get_int(L, hs, "http", "per_ip_connections", 1, 100000, &n) == 0)
		hc->per_ip_connections = (long)n;
	if (get_int(L, hs, "http", "timeout", 1, 3600, &n) == 0)
		hc->timeout = (long)n;
	if (get_int(L, hs, "http", "max_request", 1024, 1 << 20, &n) == 0)
		hc->max_request = (long)n;

	if ((hc->tls_cert == NULL) != (hc->tls_key == NULL))
		problem(L, hs, "http", "tls_cert and tls_key go together: "
		    "set both or neither");
	else if (hc->host != NULL && !hc->loopback && hc->tls_cert == NULL &&
	    !hc->insecure)
		problem(L, config_setting_get_member(hs, "listen"),
		    "http.listen", "\"%s\" is off loopback without TLS: set "
		    "tls_cert and tls_key, or insecure = true to serve plain "
		    "HTTP there", hc->listen);
}

/* Teams and routes share one namespace of ids. */
static void
check_unique_ids(struct loader *L, const config_setting_t *teams,
    const config_setting_t *routes)
{
	struct snapshot *snap = L->snap;
	const config_setting_t *si, *sj;
	const char *file, *ifile;
	size_t i, first = 0;
	int line, iline;
	char *w;

	index_ids(L, 1);
	/* Sorted by id, then by position: a run of equal ids starts with
	 * the first declaration, and every later one is reported. */
	for (i = 1; i < L->nids; i++) {
		const struct idref *a = &L->ids[i], *b;

		if (strcmp(a->id, L->ids[i - 1].id) != 0) {
			first = i;
			continue;
		}
		b = &L->ids[first];
		si = a->pos < snap->nteams ?
		    config_setting_get_elem(teams, (unsigned)a->pos) :
		    config_setting_get_elem(routes,
		    (unsigned)(a->pos - snap->nteams));
		sj = b->pos < snap->nteams ?
		    config_setting_get_elem(teams, (unsigned)b->pos) :
		    config_setting_get_elem(routes,
		    (unsigned)(b->pos - snap->nteams));
		w = join(a->pos < snap->nteams ? "teams" : "routes", a->id);
		locate_setting(L, sj, &file, &line);
		locate_setting(L, si, &ifile, &iline);
		if (strcmp(file, ifile) == 0)
			problem(L, si, w, "id \"%s\" is already used by the "
			    "%s at line %d", a->id, b->pos < snap->nteams ?
			    "team" : "route", line);
		else
			problem(L, si, w, "id \"%s\" is already used by the "
			    "%s at %s:%d", a->id, b->pos < snap->nteams ?
			    "team" : "route", file, line);
		free(w);
	}
}

/* libconfig's messages do not quote the text: "cannot open include file"
 * does not say which. Quote the line the error is on. */
static void
syntax_error(struct loader *L)
{
	const char *text = config_error_text(&L->cf), *file;
	int cline = config_error_line(&L->cf), line;
	char *p, *q;

	locate(L, cline > 0 ? (unsigned)cline : 0, &file, &line);
	if (line > 0) {
		for (p = L->cl[cline - 1].text; *p == ' ' || *p == '\t'; p++)
			;
		q = p + strcspn(p, "\r\n");
		if (q > p) {
			diags_add(L->d, file, line, "syntax: %s in \"%.*s\"",
			    text, (int)(q - p < 60 ? q - p : 60), p);
			return;
		}
	}
	diags_add(L->d, file, line, "syntax: %s", text);
}

int
config_load(const char *path, struct snapshot *snap, struct diags *d)
{
	struct loader L;
	const config_setting_t *root, *teams, *routes;
	char *slash;
	size_t i, first = d->n;
	int len, n;

	memset(&L, 0, sizeof(L));
	L.path = path;
	L.d = d;
	L.snap = snap;
	L.dir = xstrdup(path);
	if ((slash = strrchr(L.dir, '/')) != NULL)
		*slash = '\0';
	else {
		free(L.dir);
		L.dir = xstrdup(".");
	}
	if (L.dir[0] == '\0') {
		free(L.dir);
		L.dir = xstrdup("/");
	}

	snap->daemon.socket = xstrdup(ONCALLD_SOCKET);
	snap->daemon.socket_mode = 0660;
	snap->daemon.max_clients = 1024;
	snap->daemon.idle_timeout = 300;
	snap->daemon.max_line = 4096;
	snap->daemon.max_output = 1 << 20;
	snap->daemon.max_shift_days = 400;
	snap->daemon.max_next = 1000;
	snap->daemon.state_dir = xstrdup(ONCALLD_STATE_DIR);
	snap->daemon.alert_retention = 90;
	snap->http.listen = xstrdup("127.0.0.1:8353");
	snap->http.host = xstrdup("127.0.0.1");
	snap->http.port = 8353;
	snap->http.loopback = true;
	snap->http.web_root = xstrdup(ONCALLD_WEB_ROOT);
	snap->http.max_connections = 256;
	snap->http.per_ip_connections = 64;
	snap->http.timeout = 30;
	snap->http.max_request = 16384;

	config_init(&L.cf);
	if ((n = expand(&L, path, NULL, 0, NULL, 0)) > 0) {
		L.errors += n;
		goto done;
	}
	if (config_read_string(&L.cf, L.text != NULL ? L.text : "") ==
	    CONFIG_FALSE) {
		syntax_error(&L);
		L.errors++;
		goto done;
	}
	root = config_root_setting(&L.cf);
	check_keys(&L, root, "(top level)", top_keys);
	read_daemon(&L, config_setting_get_member(root, "daemon"));
	read_http(&L, config_setting_get_member(root, "http"));

	teams = config_setting_get_member(root, "teams");
	if (teams == NULL)
		problem(&L, root, "teams", "missing: the file describes no "
		    "team");
	else if (config_setting_type(teams) != CONFIG_TYPE_LIST)
		problem(&L, teams, "teams", "must be a list ( { ... }, ... ), "
		    "not %s", type_name(config_setting_type(teams)));
	else if (config_setting_length(teams) == 0)
		problem(&L, teams, "teams", "must list at least one team");
	else {
		len = config_setting_length(teams);
		snap->teams = xcalloc((size_t)len, sizeof(*snap->teams));
		for (; snap->nteams < (size_t)len; snap->nteams++)
			read_team(&L, config_setting_get_elem(teams,
			    (unsigned)snap->nteams), (int)snap->nteams,
			    &snap->teams[snap->nteams]);
	}
	routes = config_setting_get_member(root, "routes");
	index_ids(&L, 0);	/* for resolve_step() */
	if (routes != NULL && config_setting_type(routes) != CONFIG_TYPE_LIST)
		problem(&L, routes, "routes", "must be a list ( { ... }, ... ), "
		    "not %s", type_name(config_setting_type(routes)));
	else if (routes != NULL) {
		len = config_setting_length(routes);
		snap->routes = xcalloc((size_t)len, sizeof(*snap->routes));
		for (; snap->nroutes < (size_t)len; snap->nroutes++)
			read_route(&L, config_setting_get_elem(routes,
			    (unsigned)snap->nroutes), (int)snap->nroutes,
			    &snap->routes[snap->nroutes]);
	}
	check_unique_ids(&L, teams, routes);
	read_notifies(&L, config_setting_get_member(root, "notify"));
done:
	config_destroy(&L.cf);
	for (i = 0; i < L.ncl; i++)
		free(L.cl[i].text);
	free(L.cl);
	free(L.text);
	free(L.ids);
	for (i = 0; i < L.ncals; i++) {
		free(L.cals[i].path);
		ivset_free(&L.cals[i].iv);
	}
	free(L.cals);
	for (i = 0; i < L.nfiles; i++)
		free(L.files[i]);
	free(L.files);
	free(L.dir);
	/* A calendar may report several problems for one file. */
	return (int)(d->n - first) > L.errors ? (int)(d->n - first) :
	    L.errors;
}
