/* test_protocol.c - the socket protocol (SPEC 3.1) as protocol_answer()
 * speaks it, against the shipped teams (tests/data/config/teams.conf):
 * every verb, every time syntax, every error code, and lines of any bytes.
 * Each answer is parsed back with jansson, so an answer that is not one
 * valid JSON object fails whatever it says.
 */
#include <check.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "protocol.h"
#include "snapshot.h"

#define CONFIG		"tests/data/config/teams.conf"
#define ROUTE_ID	"schneider-vulnerability"
#define TEAM_ID		"cpcert"
#define ROUTE_LINE	"ALERT " ROUTE_ID " key=\"k 1\" " \
			"summary=\"disk \\\"db1\\\" \\\\ full\""
/* Wall-clock "now" of every request: Mon 2026-11-23T08:00:00Z. */
#define NOW		INT64_C(1795420800)
/* The SPEC's example instant: Sat 2026-11-28T14:00:00Z. */
#define SAT		"2026-11-28T14:00:00Z"

static struct snapshot	*snap;

static void
setup(void)
{
	struct diags d = DIAGS_INITIALIZER;

	snap = snapshot_load(CONFIG, NOW, &d);
	if (snap == NULL)
		diags_print(&d, stderr);
	ck_assert_ptr_nonnull(snap);
	diags_free(&d);
}

static void
teardown(void)
{
	snapshot_free(snap);
}

/* The answer to LEN bytes of LINE, parsed; sets *VERB if not NULL. */
static json_t *
ask_n(const char *line, size_t len, enum proto_verb *verb)
{
	enum proto_verb v;
	json_error_t je;
	json_t *o;
	char *text;

	text = protocol_answer(snap, line, len, NOW, &v);
	ck_assert_msg(text != NULL, "no answer to \"%.*s\"", (int)len, line);
	ck_assert_msg(strchr(text, '\n') == NULL, "answer spans lines: %s",
	    text);
	o = json_loads(text, 0, &je);
	ck_assert_msg(o != NULL, "not JSON (%s): %s", je.text, text);
	ck_assert_msg(json_is_object(o), "not an object: %s", text);
	free(text);
	if (verb != NULL)
		*verb = v;
	return o;
}

static json_t *
ask(const char *line)
{
	return ask_n(line, strlen(line), NULL);
}

/* An ok answer to LINE. */
static json_t *
ask_ok(const char *line)
{
	json_t *o = ask(line);
	char *s;

	if (!json_is_true(json_object_get(o, "ok"))) {
		s = json_dumps(o, 0);
		ck_abort_msg("\"%s\" failed: %s", line, s);
	}
	return o;
}

static const char *
str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	ck_assert_msg(json_is_string(v), "\"%s\" is not a string", key);
	return json_string_value(v);
}

static int
boolean(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	ck_assert_msg(json_is_boolean(v), "\"%s\" is not a boolean", key);
	return json_is_true(v);
}

static json_t *
array(json_t *o, const char *key, size_t n)
{
	json_t *v = json_object_get(o, key);

	ck_assert_msg(json_is_array(v), "\"%s\" is not an array", key);
	ck_assert_msg(json_array_size(v) == n, "\"%s\" has %zu elements, "
	    "expected %zu", key, json_array_size(v), n);
	return v;
}

/* The error answer to LEN bytes of LINE has CODE; returns its message. */
static void
expect_error_n(const char *line, size_t len, const char *code,
    const char *part)
{
	json_t *o = ask_n(line, len, NULL), *e;

	ck_assert_msg(json_is_false(json_object_get(o, "ok")),
	    "\"%.*s\" did not fail", (int)len, line);
	e = json_object_get(o, "error");
	ck_assert(json_is_object(e));
	ck_assert_msg(strcmp(str(e, "code"), code) == 0, "\"%.*s\": code %s, "
	    "expected %s (%s)", (int)len, line, str(e, "code"), code,
	    str(e, "message"));
	ck_assert_msg(*str(e, "message") != '\0', "empty message");
	if (part != NULL)
		ck_assert_msg(strstr(str(e, "message"), part) != NULL,
		    "\"%.*s\": message \"%s\" lacks \"%s\"", (int)len, line,
		    str(e, "message"), part);
	json_decref(o);
}

static void
expect_error(const char *line, const char *code, const char *part)
{
	expect_error_n(line, strlen(line), code, part);
}

/* ---- verbs ---------------------------------------------------------- */

START_TEST(ping)
{
	json_t *o = ask_ok("PING");

	ck_assert_str_eq(str(o, "version"), ONCALLD_VERSION);
	ck_assert_int_eq(json_integer_value(json_object_get(o, "protocol")), 1);
	ck_assert_int_eq(ONCALLD_PROTOCOL, 1);
	json_decref(o);
}
END_TEST

START_TEST(verbs_any_case)
{
	static const char *const lines[] = {
		"ping", "Ping", "pInG", "  PING  ", "\tPING", "list", "Help",
		"now cpcert AT=" SAT, "next cpcert Count=2", "Ics cpcert",
		"shifts cpcert FROM=" SAT " To=2026-11-29T00:00:00Z", NULL
	};
	json_t *o;
	size_t i;

	for (i = 0; lines[i] != NULL; i++) {
		o = ask_ok(lines[i]);
		json_decref(o);
	}
}
END_TEST

START_TEST(now_all)
{
	json_t *o = ask_ok("NOW at=" SAT), *teams, *routes;

	ck_assert_str_eq(str(o, "at"), SAT);
	teams = array(o, "teams", 3);
	routes = array(o, "routes", 3);
	ck_assert_str_eq(str(json_array_get(teams, 0), "id"), "se-cert");
	ck_assert_str_eq(str(json_array_get(teams, 1), "id"), "cpcert");
	ck_assert_str_eq(str(json_array_get(teams, 2), "id"), "tha-cert");
	ck_assert_str_eq(str(json_array_get(teams, 0), "kind"), "team");
	ck_assert_str_eq(str(json_array_get(routes, 0), "id"),
	    "schneider-incident");
	ck_assert_str_eq(str(json_array_get(routes, 1), "id"),
	    "schneider-vulnerability");
	ck_assert_str_eq(str(json_array_get(routes, 2), "id"),
	    "thales-incident");
	ck_assert_str_eq(str(json_array_get(routes, 0), "kind"), "route");
	json_decref(o);

	/* Without at=: now, as the caller gave it. */
	o = ask_ok("NOW");
	ck_assert_str_eq(str(o, "at"), "2026-11-23T08:00:00Z");
	json_decref(o);
}
END_TEST

/* The SPEC's example: Saturday, CPCERT closed until Monday 08:00 EST. */
static void
check_cpcert_saturday(json_t *o)
{
	json_t *chs, *ch;

	ck_assert_str_eq(str(o, "kind"), "team");
	ck_assert_str_eq(str(o, "id"), "cpcert");
	ck_assert_str_eq(str(o, "name"), "CPCERT Schneider Electric");
	ck_assert_str_eq(str(o, "short_name"), "CPCERT");
	ck_assert_str_eq(str(o, "at"), SAT);
	ck_assert_str_eq(str(o, "timezone"), "America/New_York");
	ck_assert_str_eq(str(o, "local_time"), "2026-11-28T09:00:00-05:00");
	ck_assert_int_eq(boolean(o, "staffed"), 0);
	ck_assert_str_eq(str(o, "since"), "2026-11-27T22:00:00Z");
	ck_assert_str_eq(str(o, "next_change"), "2026-11-30T13:00:00Z");
	chs = array(o, "channels", 1);
	ch = json_array_get(chs, 0);
	ck_assert_str_eq(str(ch, "id"), "email");
	ck_assert_str_eq(str(ch, "type"), "email");
	ck_assert_str_eq(str(ch, "address"), "cpcert@se.com");
	ck_assert_str_eq(str(ch, "pgp_key_id"), "0xCF9F652C");
	ck_assert_str_eq(str(ch, "pgp_fingerprint"),
	    "E38F 0E4A 8541 8B53 20A7 D84F 8233 2C33 CF9F 652C");
	ck_assert_int_eq(boolean(ch, "staffed"), 0);
	ck_assert_str_eq(str(ch, "next_change"), "2026-11-30T13:00:00Z");
}

START_TEST(now_team_time_syntaxes)
{
	static const char *const lines[] = {
		"NOW cpcert at=2026-11-28T14:00:00Z",
		"NOW cpcert at=2026-11-28T09:00:00-05:00",
		"NOW cpcert at=2026-11-28T15:00:00+01:00",
		"NOW cpcert at=2026-11-28t14:00:00z",
		"NOW cpcert at=2026-11-28T14:00:00.999Z",
		"NOW cpcert at=@1795874400",
		"NOW at=@1795874400 cpcert",
		NULL
	};
	json_t *o;
	size_t i;

	for (i = 0; lines[i] != NULL; i++) {
		o = ask_ok(lines[i]);
		check_cpcert_saturday(o);
		json_decref(o);
	}
}
END_TEST

START_TEST(now_team_24_7)
{
	json_t *o = ask_ok("NOW se-cert at=" SAT);

	ck_assert_int_eq(boolean(o, "staffed"), 1);
	ck_assert(json_is_null(json_object_get(o, "next_change")));
	ck_assert(json_is_null(json_object_get(o, "since")));
	ck_assert_str_eq(str(o, "timezone"), "UTC");
	ck_assert_str_eq(str(o, "local_time"), "2026-11-28T14:00:00+00:00");
	json_decref(o);
}
END_TEST

/* The SPEC's example: CPCERT closed, the route escalates to SE-CERT. */
START_TEST(now_route_escalated)
{
	json_t *o = ask_ok("NOW schneider-vulnerability at=" SAT), *t, *steps;

	ck_assert_str_eq(str(o, "kind"), "route");
	ck_assert_str_eq(str(o, "id"), "schneider-vulnerability");
	ck_assert_str_eq(str(o, "at"), SAT);
	ck_assert_int_eq(boolean(o, "staffed"), 1);
	ck_assert_int_eq(boolean(o, "escalated"), 1);
	t = json_object_get(o, "target");
	ck_assert_str_eq(str(t, "team"), "se-cert");
	ck_assert_str_eq(str(t, "channel"), "email");
	ck_assert_str_eq(str(t, "type"), "email");
	ck_assert_str_eq(str(t, "address"), "cert@se.com");
	ck_assert_str_eq(str(t, "pgp_fingerprint"),
	    "920C 07B4 A1C5 85C7 8698 8659 9918 81ED 1532 593F");
	ck_assert_str_eq(str(o, "until"), "2026-11-30T13:00:00Z");
	ck_assert_ptr_null(json_object_get(o, "opens"));
	steps = array(o, "steps", 2);
	ck_assert_str_eq(str(json_array_get(steps, 0), "team"), "cpcert");
	ck_assert_int_eq(boolean(json_array_get(steps, 0), "staffed"), 0);
	ck_assert_str_eq(str(json_array_get(steps, 0), "next_change"),
	    "2026-11-30T13:00:00Z");
	ck_assert_str_eq(str(json_array_get(steps, 1), "team"), "se-cert");
	ck_assert_int_eq(boolean(json_array_get(steps, 1), "staffed"), 1);
	ck_assert(json_is_null(json_object_get(json_array_get(steps, 1),
	    "next_change")));
	json_decref(o);

	/* Monday 09:00 EST: the first step answers. */
	o = ask_ok("NOW schneider-vulnerability at=2026-11-30T14:00:00Z");
	ck_assert_int_eq(boolean(o, "staffed"), 1);
	ck_assert_int_eq(boolean(o, "escalated"), 0);
	ck_assert_str_eq(str(json_object_get(o, "target"), "address"),
	    "cpcert@se.com");
	ck_assert_str_eq(str(o, "until"), "2026-11-30T22:00:00Z");
	json_decref(o);
}
END_TEST

/* Nothing staffed: the unstaffed step, and when the first step opens. */
START_TEST(now_route_unstaffed)
{
	json_t *o = ask_ok("NOW thales-incident at=" SAT), *t;

	ck_assert_int_eq(boolean(o, "staffed"), 0);
	ck_assert_int_eq(boolean(o, "escalated"), 0);
	t = json_object_get(o, "target");
	ck_assert_str_eq(str(t, "team"), "tha-cert");
	ck_assert_str_eq(str(t, "channel"), "email");
	ck_assert_str_eq(str(t, "address"), "cert@thalesgroup.com");
	ck_assert_str_eq(str(t, "urgent_subject_prefix"), "[URGENT]");
	/* Monday 09:00 CET */
	ck_assert_str_eq(str(o, "opens"), "2026-11-30T08:00:00Z");
	ck_assert_str_eq(str(o, "until"), "2026-11-30T08:00:00Z");
	json_decref(o);
}
END_TEST

START_TEST(next_team)
{
	json_t *o = ask_ok("NEXT cpcert count=3 at=" SAT), *c;

	ck_assert_str_eq(str(o, "id"), "cpcert");
	c = array(o, "changes", 3);
	ck_assert_str_eq(str(json_array_get(c, 0), "at"),
	    "2026-11-30T13:00:00Z");
	ck_assert_int_eq(boolean(json_array_get(c, 0), "staffed"), 1);
	ck_assert_str_eq(str(json_array_get(c, 1), "at"),
	    "2026-11-30T22:00:00Z");
	ck_assert_int_eq(boolean(json_array_get(c, 1), "staffed"), 0);
	ck_assert_str_eq(str(json_array_get(c, 2), "at"),
	    "2026-12-01T13:00:00Z");
	ck_assert_int_eq(boolean(json_array_get(c, 2), "staffed"), 1);
	json_decref(o);

	/* The default is ten; the limit (max_next) is allowed. */
	o = ask_ok("NEXT cpcert at=" SAT);
	array(o, "changes", 10);
	json_decref(o);
	o = ask_ok("NEXT cpcert count=1000 at=" SAT);
	array(o, "changes", 1000);
	json_decref(o);

	/* 24/7: nothing ever changes. */
	o = ask_ok("NEXT se-cert count=5");
	array(o, "changes", 0);
	json_decref(o);
}
END_TEST

START_TEST(next_route)
{
	json_t *o = ask_ok("NEXT schneider-vulnerability count=2 at=" SAT), *c;

	c = array(o, "changes", 2);
	ck_assert_str_eq(str(json_array_get(c, 0), "at"),
	    "2026-11-30T13:00:00Z");
	ck_assert_int_eq(boolean(json_array_get(c, 0), "escalated"), 0);
	ck_assert_str_eq(str(json_object_get(json_array_get(c, 0), "target"),
	    "address"), "cpcert@se.com");
	ck_assert_str_eq(str(json_array_get(c, 1), "at"),
	    "2026-11-30T22:00:00Z");
	ck_assert_int_eq(boolean(json_array_get(c, 1), "escalated"), 1);
	ck_assert_str_eq(str(json_object_get(json_array_get(c, 1), "target"),
	    "address"), "cert@se.com");
	json_decref(o);
}
END_TEST

START_TEST(shifts_team)
{
	json_t *o, *s;

	/* Fri 27 to Tue 1: Friday and Monday, 08:00-17:00 EST. */
	o = ask_ok("SHIFTS cpcert from=2026-11-27T00:00:00Z "
	    "to=2026-12-01T00:00:00Z");
	ck_assert_str_eq(str(o, "id"), "cpcert");
	s = array(o, "shifts", 2);
	ck_assert_str_eq(str(json_array_get(s, 0), "start"),
	    "2026-11-27T13:00:00Z");
	ck_assert_str_eq(str(json_array_get(s, 0), "end"),
	    "2026-11-27T22:00:00Z");
	ck_assert_str_eq(str(json_array_get(s, 1), "start"),
	    "2026-11-30T13:00:00Z");
	ck_assert_str_eq(str(json_array_get(s, 1), "end"),
	    "2026-11-30T22:00:00Z");
	json_decref(o);

	/* Clipped to the window; across the US spring change (Mar 8). */
	o = ask_ok("SHIFTS cpcert from=2026-03-06T15:00:00Z "
	    "to=2026-03-09T12:30:00Z");
	s = array(o, "shifts", 2);
	ck_assert_str_eq(str(json_array_get(s, 0), "start"),
	    "2026-03-06T15:00:00Z");
	ck_assert_str_eq(str(json_array_get(s, 0), "end"),
	    "2026-03-06T22:00:00Z");
	ck_assert_str_eq(str(json_array_get(s, 1), "start"),
	    "2026-03-09T12:00:00Z");
	ck_assert_str_eq(str(json_array_get(s, 1), "end"),
	    "2026-03-09T12:30:00Z");
	json_decref(o);

	/* Exactly max_shift_days (400) is allowed. */
	o = ask_ok("SHIFTS se-cert from=@1795420800 to=@1829980800");
	s = array(o, "shifts", 1);
	json_decref(o);

	/* The window is half-open: it may end at 2100-01-01T00:00:00Z, the
	 * end of 2099; a start there is refused. */
	o = ask_ok("SHIFTS se-cert from=2099-12-01T00:00:00Z "
	    "to=2100-01-01T00:00:00Z");
	ck_assert_str_eq(str(o, "to"), "2100-01-01T00:00:00Z");
	json_decref(o);
	expect_error("SHIFTS se-cert from=2100-01-01T00:00:00Z "
	    "to=2100-01-01T00:00:00Z", "bad_time", NULL);
}
END_TEST

START_TEST(shifts_route)
{
	json_t *o = ask_ok("SHIFTS schneider-vulnerability "
	    "from=2026-11-30T00:00:00Z to=2026-12-01T00:00:00Z"), *s;

	s = array(o, "segments", 3);
	ck_assert_str_eq(str(json_array_get(s, 0), "start"),
	    "2026-11-30T00:00:00Z");
	ck_assert_str_eq(str(json_array_get(s, 0), "end"),
	    "2026-11-30T13:00:00Z");
	ck_assert_str_eq(str(json_object_get(json_array_get(s, 0), "target"),
	    "team"), "se-cert");
	ck_assert_str_eq(str(json_array_get(s, 1), "end"),
	    "2026-11-30T22:00:00Z");
	ck_assert_str_eq(str(json_object_get(json_array_get(s, 1), "target"),
	    "team"), "cpcert");
	ck_assert_str_eq(str(json_array_get(s, 2), "end"),
	    "2026-12-01T00:00:00Z");
	ck_assert_str_eq(str(json_object_get(json_array_get(s, 2), "target"),
	    "team"), "se-cert");
	json_decref(o);
}
END_TEST

START_TEST(ics_feed)
{
	json_t *o = ask_ok("ICS cpcert");
	const char *ics = str(o, "ics");

	ck_assert_str_eq(str(o, "id"), "cpcert");
	ck_assert_int_eq(strncmp(ics, "BEGIN:VCALENDAR\r\n", 17), 0);
	ck_assert_ptr_nonnull(strstr(ics, "X-WR-CALNAME"));
	ck_assert_ptr_nonnull(strstr(ics, "BEGIN:VTIMEZONE"));
	ck_assert_ptr_nonnull(strstr(ics, "TZID:America/New_York"));
	ck_assert_ptr_nonnull(strstr(ics, "END:VCALENDAR"));
	json_decref(o);

	o = ask_ok("ICS thales-incident");
	ck_assert_int_eq(strncmp(str(o, "ics"), "BEGIN:VCALENDAR", 15), 0);
	json_decref(o);
}
END_TEST

START_TEST(list)
{
	json_t *o = ask_ok("LIST"), *t, *r;

	t = array(o, "teams", 3);
	r = array(o, "routes", 3);
	ck_assert_str_eq(str(json_array_get(t, 1), "id"), "cpcert");
	ck_assert_str_eq(str(json_array_get(t, 1), "kind"), "team");
	ck_assert_str_eq(str(json_array_get(t, 1), "name"),
	    "CPCERT Schneider Electric");
	ck_assert_str_eq(str(json_array_get(t, 1), "short_name"), "CPCERT");
	ck_assert_str_eq(str(json_array_get(r, 2), "id"), "thales-incident");
	ck_assert_str_eq(str(json_array_get(r, 2), "kind"), "route");
	ck_assert_str_eq(str(json_array_get(r, 2), "name"),
	    "Thales security incident");
	json_decref(o);
}
END_TEST

START_TEST(help)
{
	static const char *const verbs[] = { "PING", "NOW", "NEXT", "SHIFTS",
	    "ICS", "LIST", "WATCH", "RELOAD", "STATS", "HELP", "QUIT", NULL };
	json_t *o = ask_ok("HELP"), *c = json_object_get(o, "commands"), *l;
	size_t i, j;
	int found;

	ck_assert(json_is_array(c));
	for (i = 0; verbs[i] != NULL; i++) {
		found = 0;
		json_array_foreach(c, j, l)
			if (strncmp(json_string_value(l), verbs[i],
			    strlen(verbs[i])) == 0)
				found = 1;
		ck_assert_msg(found, "HELP lacks %s", verbs[i]);
	}
	json_decref(o);
}
END_TEST

/* WATCH, RELOAD, STATS and QUIT are the daemon's: NULL, verb set. */
START_TEST(stateful_verbs)
{
	static const struct {
		const char	*line;
		enum proto_verb	 verb;
	} t[] = {
		{ "WATCH", VERB_WATCH }, { "reload", VERB_RELOAD },
		{ "Stats", VERB_STATS }, { "QUIT", VERB_QUIT },
		{ "  quit ", VERB_QUIT }, { "", VERB_NONE }, { "   ", VERB_NONE },
	};
	enum proto_verb verb;
	size_t i;
	char *a;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		verb = VERB_UNKNOWN;
		a = protocol_answer(snap, t[i].line, strlen(t[i].line), NOW,
		    &verb);
		ck_assert_msg(a == NULL, "\"%s\" answered %s", t[i].line, a);
		ck_assert_int_eq(verb, t[i].verb);
	}
	expect_error("WATCH now", "bad_argument", "takes no arguments");
}
END_TEST

/* The alert verbs are the daemon's too; protocol_alert() reads them, with
 * values in double quotes and \\" and \\\\ inside. */
START_TEST(alert_requests)
{
	struct proto_alert rq;
	enum proto_verb verb = VERB_UNKNOWN;
	char *a;

	a = protocol_answer(snap, "alert x key=y", 13, NOW, &verb);
	ck_assert_ptr_null(a);
	ck_assert_int_eq(verb, VERB_ALERT);

	a = protocol_alert(snap, ROUTE_LINE, strlen(ROUTE_LINE), &rq);
	ck_assert_msg(a == NULL, "%s", a);
	ck_assert_int_eq(rq.verb, VERB_ALERT);
	ck_assert_str_eq(rq.route, ROUTE_ID);
	ck_assert_str_eq(rq.key, "k 1");
	ck_assert_str_eq(rq.summary, "disk \"db1\" \\ full");
	protocol_alert_free(&rq);

	a = protocol_alert(snap, "ACK 42 by=\"a b\"", 15, &rq);
	ck_assert_msg(a == NULL, "%s", a);
	ck_assert_int_eq(rq.id, 42);
	ck_assert_str_eq(rq.by, "a b");
	protocol_alert_free(&rq);

	a = protocol_alert(snap, "ALERTS", 6, &rq);
	ck_assert_msg(a == NULL, "%s", a);
	ck_assert(rq.open_only);
	ck_assert_int_eq(rq.state, -1);
	protocol_alert_free(&rq);
	a = protocol_alert(snap, "ALERTS state=resolved", 21, &rq);
	ck_assert_msg(a == NULL, "%s", a);
	ck_assert(!rq.open_only);
	ck_assert_int_eq(rq.state, 2);
	protocol_alert_free(&rq);

#define BAD(line, code) do {						\
	a = protocol_alert(snap, line, strlen(line), &rq);		\
	ck_assert_msg(a != NULL && strstr(a, "\"code\":\"" code "\"") !=	\
	    NULL, "%s: %s", line, a);					\
	free(a);							\
} while (0)
	BAD("ALERT " ROUTE_ID " key=\"open", "bad_argument");
	BAD("ALERT " ROUTE_ID, "bad_argument");
	BAD("ALERT " ROUTE_ID " key=", "bad_argument");
	BAD("ALERT nosuch key=x", "unknown_id");
	BAD("ALERT " TEAM_ID " key=x", "unknown_id");
	BAD("ALERT " ROUTE_ID " key=x colour=red", "bad_argument");
	BAD("ACK", "bad_argument");
	BAD("ACK 0", "bad_argument");
	BAD("ACK -3", "bad_argument");
	BAD("ACK 99999999999999999999", "bad_argument");
	BAD("RESOLVE 1 summary=x", "bad_argument");
	BAD("TIMELINE 1 by=x", "bad_argument");
	BAD("ALERTS state=closed", "bad_argument");
#undef BAD
	/* A quote elsewhere is now read too: an unclosed one is an error. */
	expect_error("NOW \"x", "bad_argument", "not closed");
}
END_TEST

START_TEST(verb_is_reported)
{
	enum proto_verb verb;
	json_t *o;

	o = ask_n("NOW cpcert", 10, &verb);
	ck_assert_int_eq(verb, VERB_NOW);
	json_decref(o);
	o = ask_n("bogus", 5, &verb);
	ck_assert_int_eq(verb, VERB_UNKNOWN);
	json_decref(o);
}
END_TEST

/* The caller strips "\r\n"; a '\r' left in the line is a byte like any. */
START_TEST(carriage_return)
{
	json_t *o;

	expect_error("PING\r", "unknown_command", "PING?");
	expect_error("NOW cpcert\r", "unknown_id", "cpcert?");
	/* LEN bounds the line: what follows is not read. */
	o = ask_n("PING\r\n", 4, NULL);
	ck_assert(json_is_true(json_object_get(o, "ok")));
	json_decref(o);
}
END_TEST

/* ---- errors --------------------------------------------------------- */

START_TEST(unknown_command)
{
	expect_error("FROB", "unknown_command", "\"FROB\"");
	expect_error("PINGX", "unknown_command", NULL);
	expect_error("cpcert", "unknown_command", NULL);
}
END_TEST

START_TEST(unknown_id)
{
	expect_error("NOW nosuch", "unknown_id", "\"nosuch\"");
	expect_error("NEXT CPCERT", "unknown_id", NULL);	/* ids are exact */
	expect_error("SHIFTS nosuch from=@0 to=@1", "unknown_id", NULL);
	expect_error("ICS nosuch", "unknown_id", NULL);
}
END_TEST

START_TEST(bad_argument)
{
	expect_error("NEXT", "bad_argument", "missing <id>");
	expect_error("NEXT count=3", "bad_argument", "missing <id>");
	expect_error("SHIFTS from=@1795420800 to=@1795507200", "bad_argument",
	    "missing <id>");
	expect_error("ICS", "bad_argument", "missing <id>");
	expect_error("NOW cpcert when=@0", "bad_argument",
	    "unknown option \"when=@0\"");
	expect_error("NOW cpcert count=3", "bad_argument", "unknown option");
	expect_error("PING at=@0", "bad_argument", "unknown option");
	expect_error("NOW cpcert at=@1795420800 at=@1795420801", "bad_argument",
	    "option given twice");
	expect_error("NOW cpcert AT=@1795420800 at=@1795420801",
	    "bad_argument", "option given twice");
	expect_error("NOW cpcert se-cert", "bad_argument",
	    "unexpected argument \"se-cert\"");
	expect_error("PING extra", "bad_argument", "unexpected argument");
	expect_error("NEXT cpcert count=0", "bad_argument", "1 to 1000");
	expect_error("NEXT cpcert count=1001", "bad_argument", "1 to 1000");
	expect_error("NEXT cpcert count=-1", "bad_argument", NULL);
	expect_error("NEXT cpcert count=", "bad_argument", NULL);
	expect_error("NEXT cpcert count=3x", "bad_argument", NULL);
	expect_error("NEXT cpcert count=99999999999999999999", "bad_argument",
	    NULL);
	expect_error("SHIFTS cpcert from=@1795420800", "bad_argument",
	    "from=<time> and to=<time>");
	expect_error("SHIFTS cpcert", "bad_argument", NULL);
	/* 400 days and one second */
	expect_error("SHIFTS cpcert from=@1795420800 to=@1829980801",
	    "bad_argument", "400 days");
	expect_error("SHIFTS cpcert from=@1795420800 to=@1795420800",
	    "bad_argument", "to must be after from");
	expect_error("SHIFTS cpcert from=@1795420800 to=@1795420000",
	    "bad_argument", "to must be after from");
	/* Eight words are the most. */
	expect_error("NOW a b c d e f g h", "bad_argument", "too many");
	expect_error("NOW a b c d e f g", "bad_argument", "unexpected");
}
END_TEST

START_TEST(bad_time)
{
	static const char *const times[] = {
		"garbage", "", "@", "@12x", "@1e9", "@-1", "@4102444800",
		"1969-12-31T23:59:59Z", "2100-01-01T00:00:00Z",
		"1970-01-01T00:30:00+01:00", "2026-02-30T00:00:00Z",
		"2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
		"2026-11-28T24:00:00Z", "2026-11-28T14:60:00Z",
		"2026-11-28T14:00:00", "2026-11-28T14:00:00+0500",
		"2026-11-28T14:00:00+24:00", "2026-11-28", "2026-11-28T14:00Z",
		"2026-11-28T14:00:00.Z", "2026-11-28T14:00:00Zjunk",
		"99999-11-28T14:00:00Z", "@99999999999999999999",
		NULL
	};
	char line[256];
	size_t i;

	for (i = 0; times[i] != NULL; i++) {
		snprintf(line, sizeof(line), "NOW cpcert at=%s", times[i]);
		expect_error(line, "bad_time", "at: ");
	}
	expect_error("NOW at=garbage", "bad_time", NULL);
	expect_error("NEXT cpcert at=1969-01-01T00:00:00Z", "bad_time",
	    "1970-2099");
	expect_error("SHIFTS cpcert from=2026-02-30T00:00:00Z "
	    "to=2026-03-02T00:00:00Z", "bad_time", "from: ");
	expect_error("SHIFTS cpcert from=2026-02-01T00:00:00Z "
	    "to=2100-01-01T00:00:01Z", "bad_time", "to: ");
}
END_TEST

START_TEST(edge_times)
{
	json_t *o;

	o = ask_ok("NOW cpcert at=1970-01-01T00:00:00Z");
	ck_assert_str_eq(str(o, "local_time"), "1969-12-31T19:00:00-05:00");
	json_decref(o);
	o = ask_ok("NOW cpcert at=2099-12-31T23:59:59Z");
	ck_assert_str_eq(str(o, "at"), "2099-12-31T23:59:59Z");
	json_decref(o);
	o = ask_ok("NOW cpcert at=2028-02-29T14:00:00Z");
	ck_assert_int_eq(boolean(o, "staffed"), 1);
	json_decref(o);
	o = ask_ok("NOW cpcert at=@0");
	json_decref(o);
}
END_TEST

/* Any bytes in, one valid JSON object out, with the right code. */
START_TEST(binary_garbage)
{
	static const char nul_verb[] = "PI\0NG";
	static const char nul_id[] = "NOW cpcert\0junk";
	static const char nul_at[] = "NOW cpcert at=@1795420800\0junk";
	static const char nul_only[] = "\0\0\0";
	static const char latin1[] = "NOW caf\xe9";
	static const char bad_utf8[] = "NOW \xc3\x28 at=@0";
	static const char overlong[] = "NOW \xc0\xaf";
	static const char surrogate[] = "NOW \xed\xa0\x80";
	static const char quote_bs[] = "NOW \"\\\"\\";
	static const char ctl[] = "\x1b[31mNOW";
	static const char utf8_verb[] = "N\xc3\x98W";
	static const char bad_at[] = "NOW cpcert at=\xff\xfe\"\\\x01";
	unsigned char all[256];
	size_t i;

	expect_error_n(nul_verb, sizeof(nul_verb) - 1, "unknown_command", NULL);
	expect_error_n(nul_id, sizeof(nul_id) - 1, "bad_argument", "NUL");
	expect_error_n(nul_at, sizeof(nul_at) - 1, "bad_argument", "NUL");
	expect_error_n(nul_only, sizeof(nul_only) - 1, "unknown_command",
	    NULL);
	expect_error(latin1, "unknown_id", "\"caf?\"");
	expect_error(bad_utf8, "unknown_id", NULL);
	expect_error(overlong, "unknown_id", NULL);
	expect_error(surrogate, "unknown_id", NULL);
	/* Double quotes are syntax (SPEC 7): one left open is an error. */
	expect_error(quote_bs, "bad_argument", "not closed");
	expect_error(ctl, "unknown_command", NULL);
	expect_error(utf8_verb, "unknown_command", NULL);
	expect_error(bad_at, "bad_argument", "not closed");

	/* Every byte value, as a verb and as an id (but the separators, NUL,
	 * '=', which makes an option, and '"', which opens a quoted value). */
	for (i = 0; i < 256; i++)
		all[i] = (unsigned char)(255 - i == '"' ? 'x' : 255 - i);
	expect_error_n((const char *)all, sizeof(all), "unknown_command",
	    NULL);
	{
		char line[4 + 256];

		memcpy(line, "NOW ", 4);
		for (i = 0; i < 256; i++)
			line[4 + i] = (char)(i == ' ' || i == '\t' || i == 0 ||
			    i == '=' || i == '"' ? 'x' : i);
		expect_error_n(line, sizeof(line), "unknown_id", NULL);
	}
}
END_TEST

/* A long line: the message quotes a bounded part of it. */
START_TEST(long_tokens)
{
	char line[5000];

	memcpy(line, "NOW ", 4);
	memset(line + 4, 'a', sizeof(line) - 5);
	line[sizeof(line) - 1] = '\0';
	expect_error(line, "unknown_id", "...");
	memset(line, 'Z', sizeof(line) - 1);
	expect_error(line, "unknown_command", "...");
}
END_TEST

static Suite *
protocol_suite(void)
{
	Suite *s = suite_create("protocol");
	TCase *tc;

	tc = tcase_create("verbs");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, ping);
	tcase_add_test(tc, verbs_any_case);
	tcase_add_test(tc, now_all);
	tcase_add_test(tc, now_team_time_syntaxes);
	tcase_add_test(tc, now_team_24_7);
	tcase_add_test(tc, now_route_escalated);
	tcase_add_test(tc, now_route_unstaffed);
	tcase_add_test(tc, next_team);
	tcase_add_test(tc, next_route);
	tcase_add_test(tc, shifts_team);
	tcase_add_test(tc, shifts_route);
	tcase_add_test(tc, ics_feed);
	tcase_add_test(tc, list);
	tcase_add_test(tc, help);
	tcase_add_test(tc, stateful_verbs);
	tcase_add_test(tc, alert_requests);
	tcase_add_test(tc, verb_is_reported);
	tcase_add_test(tc, carriage_return);
	tcase_add_test(tc, edge_times);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, unknown_command);
	tcase_add_test(tc, unknown_id);
	tcase_add_test(tc, bad_argument);
	tcase_add_test(tc, bad_time);
	tcase_add_test(tc, binary_garbage);
	tcase_add_test(tc, long_tokens);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(protocol_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
