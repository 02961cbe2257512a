/* urlmap.c - HTTP request targets into socket requests (SPEC 8).
 *
 * The API answers are the socket's: a GET of /api/v1/now/cpcert?at=X is
 * turned into the line "NOW cpcert at=X" and answered by protocol.c, so
 * both interfaces give the same bytes. A decoded value could smuggle a
 * second argument into that line (a space, or an id such as "at=..."), so
 * values are limited to printable ASCII without spaces and ids may not
 * hold '='; nothing else is interpreted here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "protocol.h"
#include "urlmap.h"

#define MAX_PARAMS	4

struct param {
	const char	*name;
	char		*value;		/* decoded; NULL: absent */
};

struct endpoint {
	const char	*prefix;	/* path, or path prefix when it ends in / */
	const char	*verb;
	const char	*params[3];	/* allowed query parameters */
	int		 id;		/* 0: none, 1: optional, 2: required */
};

static const struct endpoint endpoints[] = {
	{ "/api/v1/now", "NOW", { "at", NULL, NULL }, 1 },
	{ "/api/v1/next", "NEXT", { "count", "at", NULL }, 2 },
	{ "/api/v1/shifts", "SHIFTS", { "from", "to", NULL }, 2 },
	{ "/api/v1/list", "LIST", { NULL, NULL, NULL }, 0 },
	{ NULL, NULL, { NULL, NULL, NULL }, 0 }
};

static const struct {
	const char	*path;
	const char	*file;
	const char	*type;
} files[] = {
	{ "/", "index.html", "text/html; charset=utf-8" },
	{ "/index.html", "index.html", "text/html; charset=utf-8" },
	{ "/style.css", "style.css", "text/css; charset=utf-8" },
	{ "/app.js", "app.js", "text/javascript; charset=utf-8" },
	{ NULL, NULL, NULL }
};

static enum urlmap_kind
fail(struct urlmap *m, int status, const char *code, const char *msg)
{
	m->kind = URLMAP_ERROR;
	m->status = status;
	m->body = protocol_error(code, "%s", msg);
	return m->kind;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Percent-decodes LEN bytes of P into OUT (room for LEN + 1 bytes); in a
 * query, '+' is a space. Returns -1 for a malformed escape or for any
 * decoded byte that is not printable ASCII or is a space.
 */
static int
decode(const char *p, size_t len, int query, char *out)
{
	size_t	i, o = 0;
	int	hi, lo;
	char	c;

	for (i = 0; i < len; i++) {
		c = p[i];
		if (c == '%') {
			if (i + 2 >= len)
				return -1;
			if ((hi = hexval(p[i + 1])) < 0 ||
			    (lo = hexval(p[i + 2])) < 0)
				return -1;
			c = (char)(hi << 4 | lo);
			i += 2;
		} else if (c == '+' && query)
			c = ' ';
		if ((unsigned char)c <= 0x20 || (unsigned char)c >= 0x7f)
			return -1;
		out[o++] = c;
	}
	out[o] = '\0';
	return 0;
}

/* Splits the query QUERY (LEN bytes) into the allowed parameters of E. */
static int
parse_query(const struct endpoint *e, const char *query, size_t len,
    struct param *pv, struct urlmap *m)
{
	const char	*p = query, *end = query + len, *amp, *eq;
	size_t		 k, nlen;

	for (k = 0; k < MAX_PARAMS; k++) {
		pv[k].name = k < 3 ? e->params[k] : NULL;
		pv[k].value = NULL;
	}
	while (p < end) {
		if ((amp = memchr(p, '&', (size_t)(end - p))) == NULL)
			amp = end;
		if (amp == p) {
			p++;
			continue;
		}
		if ((eq = memchr(p, '=', (size_t)(amp - p))) == NULL) {
			fail(m, 400, "bad_argument", "a query parameter "
			    "without a value (name=value)");
			return -1;
		}
		nlen = (size_t)(eq - p);
		for (k = 0; pv[k].name != NULL; k++)
			if (strlen(pv[k].name) == nlen &&
			    memcmp(pv[k].name, p, nlen) == 0)
				break;
		if (pv[k].name == NULL) {
			fail(m, 400, "bad_argument", "unknown query parameter "
			    "for this path");
			return -1;
		}
		if (pv[k].value != NULL) {
			fail(m, 400, "bad_argument", "a query parameter given "
			    "twice");
			return -1;
		}
		if ((pv[k].value = malloc((size_t)(amp - eq))) == NULL ||
		    decode(eq + 1, (size_t)(amp - eq - 1), 1,
		    pv[k].value) == -1 || pv[k].value[0] == '\0') {
			fail(m, 400, "bad_argument", "a query value must be "
			    "printable ASCII without spaces, percent-encoded "
			    "correctly, and not empty");
			return -1;
		}
		p = amp;
	}
	return 0;
}

static enum urlmap_kind
map_api(const struct endpoint *e, const char *rest, size_t restlen,
    const char *query, size_t qlen, struct urlmap *m)
{
	struct param	 pv[MAX_PARAMS];
	char		 id[URLMAP_MAX_TARGET + 1];
	size_t		 k, off;
	int		 n;

	id[0] = '\0';
	if (restlen > 0) {
		/* rest is "/<id>" */
		if (e->id == 0 || restlen == 1 ||
		    memchr(rest + 1, '/', restlen - 1) != NULL)
			return fail(m, 404, "unknown_command", "no such path "
			    "in the API (see /api/v1/list)");
		if (decode(rest + 1, restlen - 1, 0, id) == -1 ||
		    strchr(id, '=') != NULL || strlen(id) > URLMAP_MAX_ID)
			return fail(m, 404, "unknown_id", "no team or route has "
			    "this id");
	} else if (e->id == 2)
		return fail(m, 404, "unknown_command", "this path needs an "
		    "id: append /<id>");
	if (parse_query(e, query, qlen, pv, m) == -1) {
		for (k = 0; k < MAX_PARAMS; k++)
			free(pv[k].value);
		return m->kind;
	}
	off = (size_t)snprintf(m->line, sizeof(m->line), "%s", e->verb);
	if (id[0] != '\0')
		off += (size_t)snprintf(m->line + off, sizeof(m->line) - off,
		    " %s", id);
	for (k = 0; pv[k].name != NULL; k++) {
		if (pv[k].value == NULL)
			continue;
		n = snprintf(m->line + off, sizeof(m->line) - off, " %s=%s",
		    pv[k].name, pv[k].value);
		free(pv[k].value);
		if (n > 0)
			off += (size_t)n;
		if (off >= sizeof(m->line))
			off = sizeof(m->line) - 1;
	}
	m->kind = URLMAP_LINE;
	return m->kind;
}

enum urlmap_kind
urlmap_map(const char *method, const char *target, struct urlmap *m)
{
	const char	*q, *path = target;
	size_t		 plen, tlen, len, i;
	int		 get;

	memset(m, 0, sizeof(*m));
	tlen = strlen(target);
	if (tlen > URLMAP_MAX_TARGET)
		return fail(m, 414, "line_too_long", "the request target is "
		    "too long");
	if (target[0] != '/')
		return fail(m, 400, "bad_argument", "the request target must "
		    "be a path");
	q = memchr(target, '?', tlen);
	plen = q != NULL ? (size_t)(q - target) : tlen;
	if (q != NULL)
		q++;
	get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
	if (!get)
		return fail(m, 405, "unknown_command", "only GET and HEAD are "
		    "served here");

	for (i = 0; endpoints[i].prefix != NULL; i++) {
		len = strlen(endpoints[i].prefix);
		if (plen >= len && memcmp(path, endpoints[i].prefix, len) == 0 &&
		    (plen == len || path[len] == '/'))
			return map_api(&endpoints[i], path + len, plen - len,
			    q != NULL ? q : "", q != NULL ? tlen - plen - 1 : 0,
			    m);
	}
	if (plen >= 5 && memcmp(path, "/api/", 5) == 0)
		return fail(m, 404, "unknown_command", "no such path in the "
		    "API (see /api/v1/list)");
	if (plen > 11 && memcmp(path, "/feeds/", 7) == 0 &&
	    memcmp(path + plen - 4, ".ics", 4) == 0) {
		if (plen - 11 > URLMAP_MAX_ID ||
		    memchr(path + 7, '/', plen - 11) != NULL ||
		    decode(path + 7, plen - 11, 0, m->id) == -1)
			return fail(m, 404, "unknown_id", "no team or route has "
			    "this id");
		m->kind = URLMAP_FEED;
		return m->kind;
	}
	if (plen == 8 && memcmp(path, "/metrics", 8) == 0) {
		m->kind = URLMAP_METRICS;
		return m->kind;
	}
	if (plen == 7 && memcmp(path, "/events", 7) == 0) {
		m->kind = URLMAP_EVENTS;
		return m->kind;
	}
	for (i = 0; files[i].path != NULL; i++)
		if (strlen(files[i].path) == plen &&
		    memcmp(files[i].path, path, plen) == 0) {
			m->kind = URLMAP_FILE;
			m->file = files[i].file;
			m->type = files[i].type;
			return m->kind;
		}
	return fail(m, 404, "unknown_command", "nothing is served at this "
	    "path");
}

int
urlmap_status(const char *answer)
{
	static const struct {
		const char	*code;
		int		 status;
	} codes[] = {
		{ "unknown_id", 404 }, { "unknown_alert", 404 },
		{ "unknown_command", 404 }, { "bad_argument", 400 },
		{ "bad_time", 400 }, { "line_too_long", 400 },
		{ "forbidden", 403 }, { "too_many_clients", 503 },
		{ "store_unavailable", 503 }, { NULL, 0 }
	};
	static const char	 head[] = "{\"ok\":false,\"error\":{\"code\":\"";
	size_t			 i, n;

	if (strncmp(answer, "{\"ok\":true", 10) == 0)
		return 200;
	if (strncmp(answer, head, sizeof(head) - 1) != 0)
		return 500;
	answer += sizeof(head) - 1;
	for (i = 0; codes[i].code != NULL; i++) {
		n = strlen(codes[i].code);
		if (strncmp(answer, codes[i].code, n) == 0 && answer[n] == '"')
			return codes[i].status;
	}
	return 500;
}
