/* protocol.c - one request line in, one JSON answer out (SPEC 3.1).
 *
 * The line comes straight from a socket: it may hold any bytes. Tokens are
 * only ever compared, parsed as numbers or times, or quoted back in an
 * error after every byte outside printable ASCII has been replaced, so no
 * input can produce an answer that is not valid JSON.
 */
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "answer.h"
#include "protocol.h"
#include "snapshot.h"
#include "timefmt.h"

#define MAX_TOKENS	8
#define QUOTE_MAX	64
#define KEY_ID_MAX	256	/* longer ids take the full path */
#define KEY_TIME_MAX	64

struct verb_name {
	const char	*name;
	enum proto_verb	 verb;
};

static const struct verb_name verbs[] = {
	{ "PING", VERB_PING }, { "NOW", VERB_NOW }, { "NEXT", VERB_NEXT },
	{ "SHIFTS", VERB_SHIFTS }, { "ICS", VERB_ICS }, { "LIST", VERB_LIST },
	{ "HELP", VERB_HELP }, { "WATCH", VERB_WATCH },
	{ "RELOAD", VERB_RELOAD }, { "STATS", VERB_STATS },
	{ "QUIT", VERB_QUIT }, { NULL, VERB_UNKNOWN }
};

struct token {
	const char	*p;
	size_t		 len;
};

struct request {
	struct token	 tok[MAX_TOKENS];
	size_t		 ntok;
	char		*id;		/* NUL-terminated copies */
	char		*at;
	char		*count;
	char		*from;
	char		*to;
};

char *
protocol_error(const char *code, const char *fmt, ...)
{
	va_list ap;
	char msg[512];
	json_t *o, *e;
	char *s;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	o = json_object();
	e = json_object();
	json_object_set_new(o, "ok", json_false());
	json_object_set_new(e, "code", json_string(code));
	json_object_set_new(e, "message", json_string(msg));
	json_object_set_new(o, "error", e);
	if ((s = json_dumps(o, JSON_COMPACT)) == NULL)
		abort();
	json_decref(o);
	return s;
}

/* A printable copy of a token for error messages. */
static void
quote(const struct token *t, char buf[QUOTE_MAX + 4])
{
	size_t i, n = t->len < QUOTE_MAX ? t->len : QUOTE_MAX;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t->p[i];

		buf[i] = c >= 0x20 && c < 0x7f && c != '\\' && c != '"' ?
		    (char)c : '?';
	}
	if (t->len > QUOTE_MAX) {
		memcpy(buf + n, "...", 3);
		n += 3;
	}
	buf[n] = '\0';
}

static char *
token_dup(const struct token *t)
{
	char *s = malloc(t->len + 1);

	if (s == NULL)
		abort();
	memcpy(s, t->p, t->len);
	s[t->len] = '\0';
	return s;
}

static int
tokenize(const char *line, size_t len, struct request *rq)
{
	size_t i = 0, start;

	rq->ntok = 0;
	while (i < len) {
		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i == len)
			break;
		if (rq->ntok == MAX_TOKENS)
			return -1;
		start = i;
		while (i < len && line[i] != ' ' && line[i] != '\t')
			i++;
		rq->tok[rq->ntok].p = line + start;
		rq->tok[rq->ntok].len = i - start;
		rq->ntok++;
	}
	return 0;
}

static enum proto_verb
lookup_verb(const struct token *t)
{
	size_t i;

	for (i = 0; verbs[i].name != NULL; i++)
		if (strlen(verbs[i].name) == t->len &&
		    strncasecmp(verbs[i].name, t->p, t->len) == 0)
			return verbs[i].verb;
	return VERB_UNKNOWN;
}

/* Splits the arguments into the positional id and key=value options;
 * ALLOWED lists the options the verb takes. Returns an error answer or
 * NULL. */
static char *
parse_args(struct request *rq, int want_id, const char *const *allowed)
{
	char q[QUOTE_MAX + 4];
	size_t i, k, klen;
	const char *eq;
	char **slot;

	for (i = 1; i < rq->ntok; i++) {
		const struct token *t = &rq->tok[i];

		eq = memchr(t->p, '=', t->len);
		if (eq == NULL) {
			if (want_id && rq->id == NULL) {
				rq->id = token_dup(t);
				continue;
			}
			quote(t, q);
			return protocol_error("bad_argument", "unexpected "
			    "argument \"%s\"", q);
		}
		klen = (size_t)(eq - t->p);
		slot = NULL;
		for (k = 0; allowed[k] != NULL; k++) {
			if (strlen(allowed[k]) == klen &&
			    strncasecmp(allowed[k], t->p, klen) == 0)
				break;
		}
		if (allowed[k] != NULL) {
			if (strcmp(allowed[k], "at") == 0)
				slot = &rq->at;
			else if (strcmp(allowed[k], "count") == 0)
				slot = &rq->count;
			else if (strcmp(allowed[k], "from") == 0)
				slot = &rq->from;
			else
				slot = &rq->to;
		}
		if (slot == NULL || *slot != NULL) {
			quote(t, q);
			return protocol_error("bad_argument", slot == NULL ?
			    "unknown option \"%s\"" : "option given twice: "
			    "\"%s\"", q);
		}
		*slot = token_dup(&(struct token){ eq + 1,
		    t->len - klen - 1 });
	}
	return NULL;
}

/* A time argument NAME; END for the end of a window (time_parse_end()). */
static char *
parse_time_arg(const char *s, const char *name, int end, int64_t *out)
{
	char err[160];

	if ((end ? time_parse_end(s, out, err, sizeof(err)) :
	    time_parse(s, out, err, sizeof(err))) == -1) {
		size_t i;

		/* The message quotes the client's text: keep it printable. */
		for (i = 0; err[i] != '\0'; i++)
			if ((unsigned char)err[i] < 0x20 ||
			    (unsigned char)err[i] >= 0x7f)
				err[i] = '?';
		return protocol_error("bad_time", "%s: %s", name, err);
	}
	return NULL;
}

static char *
parse_time(const char *s, const char *name, int64_t *out)
{
	return parse_time_arg(s, name, 0, out);
}

static char *
find_entity(const struct snapshot *snap, const struct request *rq,
    const struct entity **e)
{
	char q[QUOTE_MAX + 4];

	if (rq->id == NULL)
		return protocol_error("bad_argument", "missing <id>: a team or "
		    "route id (LIST shows them)");
	if ((*e = snapshot_find(snap, rq->id)) == NULL) {
		quote(&(struct token){ rq->id, strlen(rq->id) }, q);
		return protocol_error("unknown_id", "no team or route \"%s\"",
		    q);
	}
	return NULL;
}

static char *
dispatch(const struct snapshot *snap, enum proto_verb verb,
    struct request *rq, int64_t now)
{
	static const char *const no_opts[] = { NULL };
	static const char *const now_opts[] = { "at", NULL };
	static const char *const next_opts[] = { "count", "at", NULL };
	static const char *const shifts_opts[] = { "from", "to", NULL };
	const struct daemon_conf *dc = &snap->daemon;
	const struct entity *e = NULL;
	int64_t at = now, from, to;
	long long count = 10;
	char *err, *end;

	switch (verb) {
	case VERB_PING:
	case VERB_LIST:
	case VERB_HELP:
		if ((err = parse_args(rq, 0, no_opts)) != NULL)
			return err;
		return verb == VERB_PING ? answer_ping() :
		    verb == VERB_LIST ? answer_list(snap) : answer_help();
	case VERB_NOW:
		if ((err = parse_args(rq, 1, now_opts)) != NULL)
			return err;
		if (rq->at != NULL && (err = parse_time(rq->at, "at", &at)))
			return err;
		if (rq->id == NULL)
			return answer_now_all(snap, at);
		if ((err = find_entity(snap, rq, &e)) != NULL)
			return err;
		return answer_now(snap, e, at);
	case VERB_NEXT:
		if ((err = parse_args(rq, 1, next_opts)) != NULL)
			return err;
		if ((err = find_entity(snap, rq, &e)) != NULL)
			return err;
		if (rq->at != NULL && (err = parse_time(rq->at, "at", &at)))
			return err;
		if (rq->count != NULL) {
			errno = 0;
			count = strtoll(rq->count, &end, 10);
			if (errno != 0 || end == rq->count || *end != '\0' ||
			    count < 1 || count > dc->max_next)
				return protocol_error("bad_argument", "count "
				    "must be a whole number from 1 to %ld",
				    dc->max_next);
		}
		return answer_next(snap, e, at, (size_t)count);
	case VERB_SHIFTS:
		if ((err = parse_args(rq, 1, shifts_opts)) != NULL)
			return err;
		if ((err = find_entity(snap, rq, &e)) != NULL)
			return err;
		if (rq->from == NULL || rq->to == NULL)
			return protocol_error("bad_argument", "SHIFTS needs "
			    "from=<time> and to=<time>");
		if ((err = parse_time(rq->from, "from", &from)) != NULL ||
		    (err = parse_time_arg(rq->to, "to", 1, &to)) != NULL)
			return err;
		if (to <= from)
			return protocol_error("bad_argument", "to must be after "
			    "from");
		if (to - from > (int64_t)dc->max_shift_days * 86400)
			return protocol_error("bad_argument", "the window is "
			    "longer than %ld days", dc->max_shift_days);
		return answer_shifts(snap, e, from, to);
	case VERB_ICS:
		/* at= moves the feed's horizon, so a feed can be reproduced. */
		if ((err = parse_args(rq, 1, now_opts)) != NULL)
			return err;
		if ((err = find_entity(snap, rq, &e)) != NULL)
			return err;
		if (rq->at != NULL && (err = parse_time(rq->at, "at", &at)))
			return err;
		return answer_ics(snap, e, at);
	default:
		break;
	}
	return protocol_error("internal", "unhandled verb");
}

char *
protocol_answer(const struct snapshot *snap, const char *line, size_t len,
    int64_t now, enum proto_verb *verb)
{
	struct request rq;
	char q[QUOTE_MAX + 4], *answer;

	memset(&rq, 0, sizeof(rq));
	if (tokenize(line, len, &rq) == -1) {
		*verb = VERB_UNKNOWN;
		return protocol_error("bad_argument", "too many arguments (at "
		    "most %d words)", MAX_TOKENS);
	}
	if (rq.ntok == 0) {
		*verb = VERB_NONE;
		return NULL;
	}
	*verb = lookup_verb(&rq.tok[0]);
	switch (*verb) {
	case VERB_UNKNOWN:
		quote(&rq.tok[0], q);
		return protocol_error("unknown_command", "unknown command "
		    "\"%s\" (HELP lists the commands)", q);
	case VERB_WATCH:
	case VERB_RELOAD:
	case VERB_STATS:
	case VERB_QUIT:
		if (rq.ntok > 1) {
			quote(&rq.tok[0], q);
			*verb = VERB_UNKNOWN;
			return protocol_error("bad_argument", "%s takes no "
			    "arguments", q);
		}
		return NULL;
	default:
		break;
	}
	/* Arguments are used as C strings: a NUL byte would cut "NOW
	 * cpcert\0junk" down to "NOW cpcert" and answer what was not asked. */
	if (memchr(line, '\0', len) != NULL)
		return protocol_error("bad_argument", "the request holds a NUL "
		    "byte");
	answer = dispatch(snap, *verb, &rq, now);
	free(rq.id);
	free(rq.at);
	free(rq.count);
	free(rq.from);
	free(rq.to);
	return answer;
}

/*
 * The same reading as protocol_answer() and parse_args(), restricted to the
 * requests whose answer is a function of (verb, id, instant): every
 * request it accepts that names a known id, protocol_answer() answers with
 * answer_ping(), answer_now() or answer_now_all() of exactly those
 * arguments. Anything else, errors included, is left to protocol_answer().
 */
int
protocol_key(const char *line, size_t len, int64_t now, struct proto_key *key)
{
	struct request rq;
	const struct token *id = NULL, *at = NULL, *t;
	char buf[KEY_TIME_MAX + 1], err[160];
	size_t i;

	if (len == 0 || memchr(line, '\0', len) != NULL ||
	    tokenize(line, len, &rq) == -1 || rq.ntok == 0 || rq.ntok > 3)
		return -1;
	key->verb = lookup_verb(&rq.tok[0]);
	key->id = NULL;
	key->idlen = 0;
	key->at = 0;
	if (key->verb == VERB_PING)
		return rq.ntok == 1 ? 0 : -1;
	if (key->verb != VERB_NOW)
		return -1;
	key->at = now;
	for (i = 1; i < rq.ntok; i++) {
		t = &rq.tok[i];
		if (memchr(t->p, '=', t->len) == NULL && id == NULL)
			id = t;
		else if (at == NULL && t->len > 3 &&
		    strncasecmp(t->p, "at=", 3) == 0)
			at = t;
		else
			return -1;
	}
	if (at != NULL) {
		if (at->len - 3 > KEY_TIME_MAX)
			return -1;
		memcpy(buf, at->p + 3, at->len - 3);
		buf[at->len - 3] = '\0';
		if (time_parse(buf, &key->at, err, sizeof(err)) == -1)
			return -1;
	}
	if (id != NULL) {
		if (id->len > KEY_ID_MAX)
			return -1;
		key->id = id->p;
		key->idlen = id->len;
	}
	return 0;
}
