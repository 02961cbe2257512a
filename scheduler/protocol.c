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
	{ "QUIT", VERB_QUIT }, { "ALERT", VERB_ALERT }, { "ACK", VERB_ACK },
	{ "RESOLVE", VERB_RESOLVE }, { "ALERTS", VERB_ALERTS },
	{ "TIMELINE", VERB_TIMELINE }, { NULL, VERB_UNKNOWN }
};

struct token {
	const char	*p;
	size_t		 len;
	int		 quoted;	/* holds double quotes to take out */
};

struct request {
	struct token	 tok[MAX_TOKENS];
	size_t		 ntok;
	char		*id;		/* NUL-terminated copies */
	char		*at;
	char		*count;
	char		*from;
	char		*to;
	char		*key;
	char		*summary;
	char		*by;
	char		*state;
	char		*route;
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

/* The token's value: double quotes taken out, and inside them \\" and
 * \\\\ read as one character. */
static char *
token_dup(const struct token *t)
{
	char *s = malloc(t->len + 1);
	size_t i, n = 0;
	int in = 0;

	if (s == NULL)
		abort();
	for (i = 0; i < t->len; i++) {
		if (t->quoted && t->p[i] == '"')
			in = !in;
		else if (in && t->p[i] == '\\' && i + 1 < t->len &&
		    (t->p[i + 1] == '"' || t->p[i + 1] == '\\'))
			s[n++] = t->p[++i];
		else
			s[n++] = t->p[i];
	}
	s[n] = '\0';
	return s;
}

/* Words are separated by spaces or tabs, except inside double quotes.
 * Returns -1 for too many words, -2 for a quote left open. */
static int
tokenize(const char *line, size_t len, struct request *rq)
{
	size_t i = 0, start;
	int in, quoted;

	rq->ntok = 0;
	while (i < len) {
		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i == len)
			break;
		if (rq->ntok == MAX_TOKENS)
			return -1;
		start = i;
		in = quoted = 0;
		while (i < len && (in || (line[i] != ' ' && line[i] != '\t'))) {
			if (line[i] == '"') {
				in = !in;
				quoted = 1;
			} else if (in && line[i] == '\\' && i + 1 < len)
				i++;
			i++;
		}
		if (in)
			return -2;
		rq->tok[rq->ntok].p = line + start;
		rq->tok[rq->ntok].len = i - start;
		rq->tok[rq->ntok].quoted = quoted;
		rq->ntok++;
	}
	return 0;
}

static char *
tokenize_error(int rc)
{
	if (rc == -1)
		return protocol_error("bad_argument", "too many arguments (at "
		    "most %d words)", MAX_TOKENS);
	if (rc == -2)
		return protocol_error("bad_argument", "a double quote is not "
		    "closed");
	return NULL;
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
			else if (strcmp(allowed[k], "to") == 0)
				slot = &rq->to;
			else if (strcmp(allowed[k], "key") == 0)
				slot = &rq->key;
			else if (strcmp(allowed[k], "summary") == 0)
				slot = &rq->summary;
			else if (strcmp(allowed[k], "by") == 0)
				slot = &rq->by;
			else if (strcmp(allowed[k], "state") == 0)
				slot = &rq->state;
			else
				slot = &rq->route;
		}
		if (slot == NULL || *slot != NULL) {
			quote(t, q);
			return protocol_error("bad_argument", slot == NULL ?
			    "unknown option \"%s\"" : "option given twice: "
			    "\"%s\"", q);
		}
		*slot = token_dup(&(struct token){ eq + 1,
		    t->len - klen - 1, t->quoted });
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
		quote(&(struct token){ rq->id, strlen(rq->id), 0 }, q);
		return protocol_error("unknown_id", "no team or route \"%s\"",
		    q);
	}
	return NULL;
}

static void
request_free(struct request *rq)
{
	free(rq->id);
	free(rq->at);
	free(rq->count);
	free(rq->from);
	free(rq->to);
	free(rq->key);
	free(rq->summary);
	free(rq->by);
	free(rq->state);
	free(rq->route);
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
	if ((answer = tokenize_error(tokenize(line, len, &rq))) != NULL) {
		*verb = VERB_UNKNOWN;
		return answer;
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
	case VERB_ALERT:
	case VERB_ACK:
	case VERB_RESOLVE:
	case VERB_ALERTS:
	case VERB_TIMELINE:
		return NULL;
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
	request_free(&rq);
	return answer;
}


static char *
parse_alert_id(const char *s, int64_t *id)
{
	char *end;
	long long v;

	if (s == NULL)
		return protocol_error("bad_argument", "missing <alert-id> "
		    "(ALERTS lists them)");
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < 1) {
		char q[QUOTE_MAX + 4];

		quote(&(struct token){ s, strlen(s), 0 }, q);
		return protocol_error("bad_argument", "alert id \"%s\" must be "
		    "a whole number from 1", q);
	}
	*id = v;
	return NULL;
}

static const char *const alert_states[] = {
	"triggered", "acknowledged", "resolved", NULL
};

static char *
alert_args(const struct snapshot *snap, struct request *rq,
    struct proto_alert *out)
{
	static const char *const alert_opts[] = { "key", "summary", NULL };
	static const char *const by_opts[] = { "by", NULL };
	static const char *const list_opts[] = { "state", "route", NULL };
	static const char *const no_opts[] = { NULL };
	const struct entity *e;
	char *err, q[QUOTE_MAX + 4];
	int i;

	switch (out->verb) {
	case VERB_ALERT:
		if ((err = parse_args(rq, 1, alert_opts)) != NULL)
			return err;
		if (rq->id == NULL)
			return protocol_error("bad_argument", "missing <route> "
			    "(LIST shows them)");
		e = snapshot_find(snap, rq->id);
		if (e == NULL || e->kind != ENTITY_ROUTE) {
			quote(&(struct token){ rq->id, strlen(rq->id), 0 }, q);
			return protocol_error("unknown_id", "no route \"%s\"",
			    q);
		}
		if (rq->key == NULL || rq->key[0] == '\0')
			return protocol_error("bad_argument", "ALERT needs "
			    "key=<key>");
		out->route = rq->id;
		rq->id = NULL;
		out->key = rq->key;
		rq->key = NULL;
		out->summary = rq->summary;
		rq->summary = NULL;
		return NULL;
	case VERB_ACK:
	case VERB_RESOLVE:
	case VERB_TIMELINE:
		if ((err = parse_args(rq, 1, out->verb == VERB_TIMELINE ?
		    no_opts : by_opts)) != NULL)
			return err;
		if ((err = parse_alert_id(rq->id, &out->id)) != NULL)
			return err;
		out->by = rq->by;
		rq->by = NULL;
		return NULL;
	case VERB_ALERTS:
		if ((err = parse_args(rq, 0, list_opts)) != NULL)
			return err;
		out->open_only = rq->state == NULL ||
		    strcmp(rq->state, "open") == 0;
		if (rq->state != NULL && !out->open_only &&
		    strcmp(rq->state, "all") != 0) {
			for (i = 0; alert_states[i] != NULL; i++)
				if (strcmp(rq->state, alert_states[i]) == 0)
					break;
			if (alert_states[i] == NULL) {
				quote(&(struct token){ rq->state,
				    strlen(rq->state), 0 }, q);
				return protocol_error("bad_argument", "state "
				    "\"%s\" must be open, triggered, "
				    "acknowledged, resolved or all", q);
			}
			out->state = i;
		}
		out->route = rq->route;
		rq->route = NULL;
		return NULL;
	default:
		break;
	}
	return protocol_error("internal", "not an alert verb");
}

char *
protocol_alert(const struct snapshot *snap, const char *line, size_t len,
    struct proto_alert *out)
{
	struct request rq;
	char *err;

	memset(&rq, 0, sizeof(rq));
	memset(out, 0, sizeof(*out));
	out->state = -1;
	if ((err = tokenize_error(tokenize(line, len, &rq))) != NULL)
		return err;
	if (rq.ntok == 0)
		return protocol_error("bad_argument", "empty request");
	if (memchr(line, '\0', len) != NULL)
		return protocol_error("bad_argument", "the request holds a NUL "
		    "byte");
	out->verb = lookup_verb(&rq.tok[0]);
	err = alert_args(snap, &rq, out);
	request_free(&rq);
	if (err != NULL)
		protocol_alert_free(out);
	return err;
}

void
protocol_alert_free(struct proto_alert *rq)
{
	free(rq->route);
	free(rq->key);
	free(rq->summary);
	free(rq->by);
	rq->route = rq->key = rq->summary = rq->by = NULL;
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
	    tokenize(line, len, &rq) != 0 || rq.ntok == 0 || rq.ntok > 3)
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
		if (t->quoted)
			return -1;
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
