/* oncall-now.c - the command line client: asks oncalld over its socket, or
 * with -c answers in-process from the same core, and prints a table, JSON,
 * a feed or a single field (SPEC 3.2).
 *
 * Both modes send the same request lines and render the same JSON answers,
 * so their output is identical by construction.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "civil.h"
#include "diag.h"
#include "protocol.h"
#include "snapshot.h"
#include "timefmt.h"
#include "tz.h"
#include "xmalloc.h"

/* sysexits(3) */
#define EX_OK		0
#define EX_NOTSTAFFED	1
#define EX_USAGE	64
#define EX_DATAERR	65
#define EX_UNAVAILABLE	69
#define EX_SOFTWARE	70
#define EX_NOPERM	77
#define EX_CONFIG	78

enum mode {
	MODE_NOW,
	MODE_NEXT,
	MODE_SHIFTS,
	MODE_ICS,
	MODE_FIELD
};

struct client {
	struct snapshot	*snap;		/* -c: answer in-process */
	int		 fd;		/* else: the daemon's socket */
	const char	*socket;
	char		*buf;		/* bytes read past the last answer */
	size_t		 len;
	size_t		 cap;
	int64_t		 now;
};

static const char *progname = "oncall-now";

static void
usage(FILE *fp)
{
	fprintf(fp,
"usage: oncall-now [-c FILE | -s SOCKET] [-t TIME] [-j] [-n N]\n"
"                  [--from TIME --to TIME] [--ics] [--field KEY] [ID ...]\n"
"       oncall-now [-s SOCKET] [-j] --alert ROUTE KEY [SUMMARY] |\n"
"                  --ack ID [--by WHO] | --resolve ID [--by WHO] |\n"
"                  --alerts [--state STATE] [--route ROUTE] | --timeline ID\n"
"\n"
"Tells which teams and escalation routes are staffed, and where a route\n"
"goes now, and who is on duty. Without ID: every team and route. An ID is\n"
"a team, a route, TEAM/ROTATION (who is on duty) or TEAM/ROTATION/MEMBER\n"
"(one person's turns).\n"
"\n"
"  -c, --config FILE   answer in-process from FILE, without a daemon\n"
"  -s, --socket PATH   the daemon's socket (default: $ONCALLD_SOCKET, else\n"
"                      " ONCALLD_SOCKET ")\n"
"  -t, --time TIME     ask about TIME instead of now: RFC 3339\n"
"                      (2026-11-23T14:00:00Z, 2026-11-23T09:00:00-05:00)\n"
"                      or @<unix seconds>\n"
"  -j, --json          print the protocol's JSON answers, one per line\n"
"  -n, --next N        list the next N changes of each ID\n"
"      --from TIME     with --to: list the shifts (routes: who answers;\n"
"                      rotations: the turns and their members)\n"
"      --to TIME       in the window [from, to)\n"
"      --ics           print the iCalendar feed of each ID\n"
"      --field KEY     print one field of the current target, e.g. address\n"
"                      (a route's target, or a team's first staffed channel)\n"
"\n"
"Alerts (through the daemon):\n"
"      --alert ROUTE KEY [SUMMARY]\n"
"                      open an alert on ROUTE (or raise the count of the\n"
"                      open one with the same KEY)\n"
"      --ack ID        acknowledge alert ID (--by WHO says who)\n"
"      --resolve ID    resolve alert ID\n"
"      --alerts        list the open alerts (--state STATE: triggered,\n"
"                      acknowledged, resolved or all; --route ROUTE)\n"
"      --timeline ID   what happened to alert ID\n"
"  -h, --help          this help\n"
"  -V, --version       the version\n"
"\n"
"Exit status: 0 every named team/route staffed (or the listing done),\n"
"1 some not staffed, 64 usage, 65 unknown id or bad time, 69 daemon\n"
"unreachable, 78 configuration error. The alert options exit 0 when done,\n"
"65 for an unknown route or alert, 69 when the store cannot be written.\n");
}

static void __attribute__((format(printf, 2, 3), noreturn))
die(int code, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}

static void
client_connect(struct client *c)
{
	struct sockaddr_un sun;
	struct timeval tv = { 30, 0 };

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(c->socket) >= sizeof(sun.sun_path))
		die(EX_USAGE, "socket path too long: %s", c->socket);
	strcpy(sun.sun_path, c->socket);
	if ((c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		die(EX_UNAVAILABLE, "socket: %s", strerror(errno));
	if (connect(c->fd, (struct sockaddr *)&sun, sizeof(sun)) == -1)
		die(EX_UNAVAILABLE, "cannot reach oncalld at %s: %s\n"
		    "Start the daemon (oncalld -c FILE -s %s), point -s or "
		    "$ONCALLD_SOCKET at its socket,\nor answer without a "
		    "daemon: oncall-now -c FILE", c->socket, strerror(errno),
		    c->socket);
	setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
}

static void
send_all(struct client *c, const char *s, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = send(c->fd, s, n, MSG_NOSIGNAL);
		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1)
			die(EX_UNAVAILABLE, "writing to %s: %s", c->socket,
			    strerror(errno));
		s += w;
		n -= (size_t)w;
	}
}

static char *
read_line(struct client *c)
{
	char *nl, *line;
	ssize_t r;
	size_t n;

	for (;;) {
		if (c->len > 0 && (nl = memchr(c->buf, '\n', c->len)) != NULL) {
			n = (size_t)(nl - c->buf);
			line = xmalloc(n + 1);
			memcpy(line, c->buf, n);
			line[n] = '\0';
			memmove(c->buf, nl + 1, c->len - n - 1);
			c->len -= n + 1;
			return line;
		}
		if (c->cap - c->len < 65536) {
			c->cap = c->cap ? c->cap * 2 : 65536;
			c->buf = xreallocarray(c->buf, c->cap, 1);
		}
		r = recv(c->fd, c->buf + c->len, c->cap - c->len, 0);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			die(EX_UNAVAILABLE, "reading from %s: %s", c->socket,
			    errno == EAGAIN ? "no answer in 30 s" :
			    strerror(errno));
		if (r == 0)
			die(EX_UNAVAILABLE, "%s closed the connection before "
			    "answering", c->socket);
		c->len += (size_t)r;
	}
}

/* One request, one JSON answer (the caller frees). */
static char *
ask(struct client *c, const char *line)
{
	enum proto_verb verb;
	char *answer;

	if (c->snap != NULL) {
		answer = protocol_answer(c->snap, line, strlen(line), c->now,
		    &verb);
		if (answer == NULL)
			die(EX_SOFTWARE, "\"%s\" needs the daemon", line);
		return answer;
	}
	send_all(c, line, strlen(line));
	send_all(c, "\n", 1);
	return read_line(c);
}

/*
 * Exits with the error's status if the answer is an error. With ECHO (-j)
 * the answer is printed first, errors included: a script reading the JSON
 * lines gets the protocol's error code, not only the exit status.
 */
static json_t *
parse_answer(const char *text, bool echo)
{
	json_t *o, *err;
	json_error_t je;
	const char *code, *msg;
	char buf[1024];
	int status;

	if ((o = json_loads(text, 0, &je)) == NULL || !json_is_object(o))
		die(EX_SOFTWARE, "malformed answer: %.200s", text);
	if (echo)
		printf("%s\n", text);
	if (json_is_true(json_object_get(o, "ok")))
		return o;
	err = json_object_get(o, "error");
	code = json_string_value(json_object_get(err, "code"));
	msg = json_string_value(json_object_get(err, "message"));
	code = code ? code : "internal";
	if (strcmp(code, "unknown_id") == 0 || strcmp(code, "bad_time") == 0 ||
	    strcmp(code, "unknown_alert") == 0)
		status = EX_DATAERR;
	else if (strcmp(code, "bad_argument") == 0 ||
	    strcmp(code, "unknown_command") == 0)
		status = EX_USAGE;
	else if (strcmp(code, "config_invalid") == 0)
		status = EX_CONFIG;
	else if (strcmp(code, "forbidden") == 0)
		status = EX_NOPERM;
	else if (strcmp(code, "too_many_clients") == 0 ||
	    strcmp(code, "store_unavailable") == 0)
		status = EX_UNAVAILABLE;
	else
		status = EX_SOFTWARE;
	/* Freed before exiting, so that sanitizer builds exit with STATUS. */
	snprintf(buf, sizeof(buf), "%s", msg ? msg : code);
	json_decref(o);
	die(status, "%s", buf);
}

static const char *
jget(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static int64_t
jtime(json_t *o, const char *key, int64_t fallback)
{
	const char *s = json_string_value(json_object_get(o, key));
	char err[128];
	int64_t t;

	if (s == NULL || time_parse(s, &t, err, sizeof(err)) == -1)
		return fallback;
	return t;
}

/* Zones for rendering local times, loaded once each. */
static struct tz *
zone(const char *name)
{
	static struct tz **zones;
	static size_t n;
	char err[256];
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(tz_name(zones[i]), name) == 0)
			return zones[i];
	zones = xreallocarray(zones, n + 1, sizeof(*zones));
	if ((zones[n] = tz_load(name, err, sizeof(err))) == NULL &&
	    (zones[n] = tz_load("UTC", err, sizeof(err))) == NULL)
		die(EX_SOFTWARE, "%s", err);
	return zones[n++];
}

/* "Mon 2026-11-23 17:00 EST" in ZONE. */
static void
local_text(int64_t t, const char *zname, char *buf, size_t len)
{
	static const char *const wd[] = { "Mon", "Tue", "Wed", "Thu", "Fri",
	    "Sat", "Sun" };
	const struct tz *z = zone(zname);
	int64_t local = t + tz_offset(z, t), days = days_of(local);
	int64_t rem = local - days * SECS_PER_DAY;
	int y;
	unsigned m, d;

	civil_from_days(days, &y, &m, &d);
	snprintf(buf, len, "%s %04d-%02u-%02u %02d:%02d %s",
	    wd[weekday_of_days(days)], y, m, d, (int)(rem / 3600),
	    (int)(rem / 60 % 60), tz_abbr(z, t));
}

static void
when_text(int64_t t, int64_t at, const char *zname, char *buf, size_t len)
{
	char loc[64], span[32];

	if (t == INT64_MAX) {
		snprintf(buf, len, "never");
		return;
	}
	local_text(t, zname, loc, sizeof(loc));
	time_format_span(t - at, span, sizeof(span));
	snprintf(buf, len, "%s (in %s)", loc, span);
}

/* Rows of cells printed with aligned columns. */
struct table {
	char	**cell;
	size_t	  ncols;
	size_t	  nrows;
};

static void
table_row(struct table *tb, ...)
{
	va_list ap;
	size_t i;

	tb->cell = xreallocarray(tb->cell, (tb->nrows + 1) * tb->ncols,
	    sizeof(*tb->cell));
	va_start(ap, tb);
	for (i = 0; i < tb->ncols; i++)
		tb->cell[tb->nrows * tb->ncols + i] =
		    xstrdup(va_arg(ap, const char *));
	va_end(ap);
	tb->nrows++;
}

/* Prints the table if SHOW, and frees its cells. */
static void
table_print(struct table *tb, int show)
{
	size_t w[8] = { 0 }, r, c, l;

	for (r = 0; r < tb->nrows; r++)
		for (c = 0; c < tb->ncols; c++)
			if ((l = strlen(tb->cell[r * tb->ncols + c])) > w[c])
				w[c] = l;
	for (r = 0; r < tb->nrows; r++) {
		int ended = 0;

		for (c = 0; c < tb->ncols; c++) {
			const char *s = tb->cell[r * tb->ncols + c];

			size_t rest;

			/* No padding after the last non-empty cell, and one
			 * newline however many empty cells follow it. */
			for (rest = c + 1; rest < tb->ncols &&
			    tb->cell[r * tb->ncols + rest][0] == '\0'; rest++)
				;
			if (!show || ended)
				;
			else if (rest == tb->ncols) {
				printf("%s\n", s);
				ended = 1;
			} else
				printf("%-*s  ", (int)w[c], s);
			free(tb->cell[r * tb->ncols + c]);
		}
	}
	free(tb->cell);
	tb->cell = NULL;
	tb->nrows = 0;
}

static const char *zone_of(json_t *);

/* "Alice Martin +33 1 23 45 67 89" for a member object, "" for null. */
static void
member_text(json_t *m, const char *addr, char *buf, size_t len)
{
	const char *name;

	buf[0] = '\0';
	if (!json_is_object(m))
		return;
	name = json_string_value(json_object_get(m, "name"));
	snprintf(buf, len, "%s%s%s", name != NULL ? name : jget(m, "id"),
	    addr != NULL ? " " : "", addr != NULL ? addr : "");
}

/* The ON DUTY cell: each rotation's member, "duty: Alice Martin". */
static void
on_duty_text(json_t *t, char *buf, size_t len)
{
	json_t *oc, *ch;
	size_t i, j, o = 0;
	char who[256];

	buf[0] = '\0';
	json_array_foreach(json_object_get(t, "on_call"), i, oc) {
		const char *addr = NULL;

		json_array_foreach(json_object_get(t, "channels"), j, ch)
			if (strcmp(jget(ch, "id"), jget(oc, "rotation")) == 0)
				addr = json_string_value(json_object_get(ch,
				    "address"));
		member_text(json_object_get(oc, "member"), addr, who,
		    sizeof(who));
		o += (size_t)snprintf(buf + o, o < len ? len - o : 0, "%s%s: %s",
		    o > 0 ? "; " : "", jget(oc, "rotation"), who[0] != '\0' ?
		    who : "nobody");
		if (o >= len)
			break;
	}
}

static void
rotation_row(struct table *tb, json_t *r)
{
	char who[256], when[128], until[160];
	int64_t at = jtime(r, "at", 0);
	int member = strcmp(jget(r, "kind"), "member") == 0;
	int on = json_is_true(json_object_get(r, member ? "on_duty" :
	    "staffed"));

	member_text(json_object_get(r, "member"), member ? NULL :
	    json_string_value(json_object_get(r, "address")), who,
	    sizeof(who));
	when_text(jtime(r, "until", INT64_MAX), at, zone_of(r), when,
	    sizeof(when));
	snprintf(until, sizeof(until), "%s%s", strcmp(when, "never") == 0 ?
	    "" : "until ", when);
	table_row(tb, jget(r, "id"), member ? (on ? "on duty" : "off duty") :
	    (on ? "on duty" : "nobody"), who[0] != '\0' ? who : "-", until);
}

/* Removes column C (a column no row fills, such as ON DUTY without
 * rotations). */
static void
table_drop(struct table *tb, size_t c)
{
	size_t r, i, o = 0;

	for (r = 0; r < tb->nrows; r++)
		for (i = 0; i < tb->ncols; i++) {
			if (i == c)
				free(tb->cell[r * tb->ncols + i]);
			else
				tb->cell[o++] = tb->cell[r * tb->ncols + i];
		}
	tb->ncols--;
}

static void
team_row(struct table *tb, json_t *t)
{
	char local[64], when[128], next[160], duty[512];
	int64_t at = jtime(t, "at", 0), nx = jtime(t, "next_change", INT64_MAX);
	int staffed = json_is_true(json_object_get(t, "staffed"));
	const char *zname = jget(t, "timezone");

	local_text(at, zname, local, sizeof(local));
	when_text(nx, at, zname, when, sizeof(when));
	snprintf(next, sizeof(next), "%s%s", nx == INT64_MAX ? "" :
	    staffed ? "closes " : "opens ", when);
	on_duty_text(t, duty, sizeof(duty));
	table_row(tb, jget(t, "id"), jget(t, "short_name"),
	    staffed ? "staffed" : "closed", local, jget(t, "hours"), duty,
	    next);
}

static void
target_text(json_t *tg, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s %s", jget(tg, "team"), jget(tg, "channel"),
	    jget(tg, "address"));
}

static void
route_row(struct table *tb, json_t *r)
{
	char target[256], when[128], until[160], status[32];
	int64_t at = jtime(r, "at", 0);
	int staffed = json_is_true(json_object_get(r, "staffed"));
	int escalated = json_is_true(json_object_get(r, "escalated"));

	snprintf(status, sizeof(status), "%s", !staffed ? "queued" :
	    escalated ? "escalated" : "staffed");
	target_text(json_object_get(r, "target"), target, sizeof(target));
	when_text(jtime(r, staffed ? "until" : "opens", INT64_MAX), at, "UTC",
	    when, sizeof(when));
	snprintf(until, sizeof(until), "%s%s", strcmp(when, "never") == 0 ?
	    "" : staffed ? "until " : "first step opens ", when);
	table_row(tb, jget(r, "id"), status, target, until);
}

/* NOW: the table; returns 1 if anything listed is not staffed. */
static int
print_now(json_t **answers, size_t n, int all)
{
	struct table teams = { NULL, 7, 0 }, routes = { NULL, 4, 0 };
	struct table rots = { NULL, 4, 0 };
	json_t *a, *e;
	size_t i, k;
	int closed = 0;
	char at[TIMEFMT_LEN];

	table_row(&teams, "TEAM", "NAME", "STATUS", "LOCAL TIME", "HOURS",
	    "ON DUTY", "NEXT CHANGE");
	table_row(&rots, "ROTATION", "STATUS", "ON DUTY", "NEXT CHANGE");
	table_row(&routes, "ROUTE", "STATUS", "TARGET", "NEXT CHANGE");
	for (i = 0; i < n; i++) {
		a = answers[i];
		if (all) {
			json_array_foreach(json_object_get(a, "teams"), k, e)
				team_row(&teams, e);
			json_array_foreach(json_object_get(a, "routes"), k, e)
				route_row(&routes, e);
		} else if (strcmp(jget(a, "kind"), "team") == 0)
			team_row(&teams, a);
		else if (strcmp(jget(a, "kind"), "route") == 0)
			route_row(&routes, a);
		else
			rotation_row(&rots, a);
		if (!json_is_true(json_object_get(a, strcmp(jget(a, "kind"),
		    "member") == 0 ? "on_duty" : "staffed")))
			closed = 1;
	}
	for (k = 1; k < teams.nrows; k++)
		if (teams.cell[k * teams.ncols + 5][0] != '\0')
			break;
	if (k == teams.nrows)
		table_drop(&teams, 5);
	time_format_utc(jtime(answers[0], "at", 0), at);
	printf("At %s\n", at);
	/* A table holding only its header is not printed. */
	if (teams.nrows > 1)
		printf("\n");
	table_print(&teams, teams.nrows > 1);
	if (rots.nrows > 1)
		printf("\n");
	table_print(&rots, rots.nrows > 1);
	if (routes.nrows > 1)
		printf("\n");
	table_print(&routes, routes.nrows > 1);
	return all ? 0 : closed;
}

static void
print_next(json_t *a, const char *zname)
{
	struct table tb = { NULL, 3, 0 };
	int64_t at = jtime(a, "at", 0), t;
	char when[128], what[320];
	json_t *c;
	size_t i;

	printf("%s: next changes after %s\n", jget(a, "id"),
	    jget(a, "at"));
	json_array_foreach(json_object_get(a, "changes"), i, c) {
		t = jtime(c, "at", 0);
		when_text(t, at, zname, when, sizeof(when));
		if (json_object_get(c, "target") != NULL) {
			char tg[200];

			target_text(json_object_get(c, "target"), tg,
			    sizeof(tg));
			snprintf(what, sizeof(what), "%s %s",
			    !json_is_true(json_object_get(c, "staffed")) ?
			    "queued to" : json_is_true(json_object_get(c,
			    "escalated")) ? "escalates to" : "goes to", tg);
		} else if (json_object_get(c, "on_duty") != NULL)
			snprintf(what, sizeof(what), "%s",
			    json_is_true(json_object_get(c, "on_duty")) ?
			    "goes on duty" : "goes off duty");
		else if (json_object_get(c, "member") != NULL) {
			char who[256];

			member_text(json_object_get(c, "member"), NULL, who,
			    sizeof(who));
			snprintf(what, sizeof(what), "%s%s", who[0] != '\0' ?
			    who : "nobody on duty", json_is_true(
			    json_object_get(c, "override")) ? " (override)" :
			    "");
		} else
			snprintf(what, sizeof(what), "%s",
			    json_is_true(json_object_get(c, "staffed")) ?
			    "opens" : "closes");
		table_row(&tb, "", what, when);
	}
	if (tb.nrows == 0)
		printf("  no change before 2100\n");
	table_print(&tb, 1);
}

static void
print_shifts(json_t *a, const char *zname)
{
	struct table tb = { NULL, 5, 0 };
	char s[64], e[64], span[32], tg[256];
	json_t *x, *list;
	size_t i;
	int route = strcmp(jget(a, "kind"), "route") == 0;

	printf("%s: %s from %s to %s\n", jget(a, "id"), route ? "segments" :
	    "shifts", jget(a, "from"), jget(a, "to"));
	list = json_object_get(a, route ? "segments" : "shifts");
	json_array_foreach(list, i, x) {
		int64_t ts = jtime(x, "start", 0), te = jtime(x, "end", 0);

		local_text(ts, zname, s, sizeof(s));
		local_text(te, zname, e, sizeof(e));
		time_format_span(te - ts, span, sizeof(span));
		tg[0] = '\0';
		if (route) {
			char t[200];

			target_text(json_object_get(x, "target"), t, sizeof(t));
			snprintf(tg, sizeof(tg), "%s%s", t,
			    !json_is_true(json_object_get(x, "staffed")) ?
			    " (queued)" : json_is_true(json_object_get(x,
			    "escalated")) ? " (escalated)" : "");
		}
		if (json_object_get(x, "member") != NULL)
			snprintf(tg, sizeof(tg), "%s%s", jget(x, "member"),
			    json_is_true(json_object_get(x, "override")) ?
			    " (override)" : "");
		table_row(&tb, "", s, e, span, tg);
	}
	if (tb.nrows == 0)
		printf("  none\n");
	table_print(&tb, 1);
}

/* --field KEY of a route's target, or of a team's first staffed channel
 * (its first channel when none is). */
static int
print_field(json_t *a, const char *key)
{
	json_t *src = NULL, *ch;
	const char *v;
	size_t i;
	int staffed = json_is_true(json_object_get(a, "staffed"));

	if (strcmp(jget(a, "kind"), "route") == 0)
		src = json_object_get(a, "target");
	else {
		json_array_foreach(json_object_get(a, "channels"), i, ch) {
			if (src == NULL ||
			    (json_is_true(json_object_get(ch, "staffed")) &&
			    !json_is_true(json_object_get(src, "staffed"))))
				src = ch;
		}
	}
	if ((v = json_string_value(json_object_get(src, key))) == NULL)
		die(EX_DATAERR, "%s: no field \"%s\"", jget(a, "id"), key);
	printf("%s\n", v);
	return staffed ? 0 : 1;
}

/* Appends " NAME=VALUE" to LINE with VALUE in double quotes. */
static void
add_value(char **line, const char *name, const char *value)
{
	size_t n = strlen(*line), k;
	const char *p;

	if (strpbrk(value, "\r\n") != NULL)
		die(EX_DATAERR, "%s: a value cannot hold a line break", name);
	*line = xreallocarray(*line, n + strlen(name) + 2 * strlen(value) + 6,
	    1);
	k = n + (size_t)sprintf(*line + n, " %s=\"", name);
	for (p = value; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			(*line)[k++] = '\\';
		(*line)[k++] = *p;
	}
	(*line)[k++] = '"';
	(*line)[k] = '\0';
}

static void
print_alert(json_t *a)
{
	json_t *t = json_object_get(a, "target");
	const char *next = jget(a, "next_escalation");

	printf("alert %lld on %s, key %s: %s", (long long)json_integer_value(
	    json_object_get(a, "id")), jget(a, "route"), jget(a, "key"),
	    jget(a, "state"));
	if (json_is_true(json_object_get(a, "dedup")))
		printf(" (already open: seen %lld times)", (long long)
		    json_integer_value(json_object_get(a, "count")));
	printf("\n");
	if (json_is_object(t))
		printf("  at step %lld: %s/%s %s\n", (long long)
		    json_integer_value(json_object_get(a, "step")) + 1,
		    jget(t, "team"), jget(t, "channel"), jget(t, "address"));
	if (*next != '\0')
		printf("  escalates at %s unless acknowledged\n", next);
	else if (json_is_true(json_object_get(a, "exhausted")))
		printf("  no step left to escalate to\n");
	if (*jget(a, "summary") != '\0')
		printf("  %s\n", jget(a, "summary"));
}

/* --alert, --ack, --resolve, --alerts, --timeline: one request, printed. */
static int
alert_mode(struct client *c, int mode, char **argv, int argc, const char *by,
    const char *state, const char *route, bool json)
{
	json_t *o, *e;
	char *line = NULL, *text;
	size_t i;

	switch (mode) {
	case 'A':
		if (argc < 2 || argc > 3)
			die(EX_USAGE, "--alert needs ROUTE KEY [SUMMARY]");
		if (strpbrk(argv[0], " \t\r\n=\"") != NULL)
			die(EX_DATAERR, "no route \"%s\"", argv[0]);
		if (asprintf(&line, "ALERT %s", argv[0]) == -1)
			abort();
		add_value(&line, "key", argv[1]);
		if (argc == 3)
			add_value(&line, "summary", argv[2]);
		break;
	case 'a':
	case 'r':
	case 'L':
		if (argc != 1 || strspn(argv[0], "0123456789") !=
		    strlen(argv[0]) || argv[0][0] == '\0')
			die(EX_USAGE, "--%s needs one alert ID, a number",
			    mode == 'a' ? "ack" : mode == 'r' ? "resolve" :
			    "timeline");
		if (asprintf(&line, "%s %s", mode == 'a' ? "ACK" : mode == 'r' ?
		    "RESOLVE" : "TIMELINE", argv[0]) == -1)
			abort();
		if (by != NULL && mode != 'L')
			add_value(&line, "by", by);
		break;
	default:	/* --alerts */
		if (argc != 0)
			die(EX_USAGE, "--alerts takes no ID");
		line = xstrdup("ALERTS");
		if (state != NULL)
			add_value(&line, "state", state);
		if (route != NULL)
			add_value(&line, "route", route);
		break;
	}
	text = ask(c, line);
	free(line);
	o = parse_answer(text, json);
	free(text);
	if (json) {
		json_decref(o);
		return EX_OK;
	}
	if (mode == 'l') {
		json_array_foreach(json_object_get(o, "alerts"), i, e)
			print_alert(e);
		if (json_array_size(json_object_get(o, "alerts")) == 0)
			printf("no alerts\n");
	} else if (mode == 'L') {
		json_array_foreach(json_object_get(o, "events"), i, e) {
			printf("%s  %-12s", jget(e, "at"), jget(e, "event"));
			if (json_is_integer(json_object_get(e, "step")))
				printf(" step %lld", (long long)
				    json_integer_value(json_object_get(e,
				    "step")) + 1);
			if (*jget(e, "address") != '\0')
				printf(" %s", jget(e, "address"));
			if (*jget(e, "by") != '\0')
				printf(" by %s", jget(e, "by"));
			if (json_is_true(json_object_get(e, "late")))
				printf(" (late)");
			printf("\n");
		}
	} else
		print_alert(json_object_get(o, "alert"));
	json_decref(o);
	return EX_OK;
}

static const char *
zone_of(json_t *now_answer)
{
	const char *z = json_string_value(json_object_get(now_answer,
	    "timezone"));

	return z ? z : "UTC";
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "socket", required_argument, NULL, 's' },
		{ "time", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ "next", required_argument, NULL, 'n' },
		{ "from", required_argument, NULL, 'F' },
		{ "to", required_argument, NULL, 'T' },
		{ "ics", no_argument, NULL, 'I' },
		{ "field", required_argument, NULL, 'f' },
		{ "alert", no_argument, NULL, 'A' },
		{ "ack", no_argument, NULL, 'a' },
		{ "resolve", no_argument, NULL, 'r' },
		{ "alerts", no_argument, NULL, 'l' },
		{ "timeline", no_argument, NULL, 'L' },
		{ "by", required_argument, NULL, 'b' },
		{ "state", required_argument, NULL, 'S' },
		{ "route", required_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *by = NULL, *state = NULL, *route = NULL;
	int amode = 0;
	struct client c;
	struct diags d = DIAGS_INITIALIZER;
	enum mode mode = MODE_NOW;
	const char *config = NULL, *timearg = NULL, *from = NULL, *to = NULL;
	const char *field = NULL;
	char err[256], line[512], *text, **ids;
	json_t **answers, *zones_src;
	int64_t at, tfrom = 0, tto = 0;
	long count = 0;
	int ch, json = 0, modes = 0, status = EX_OK, nids, i;
	char *end;

	memset(&c, 0, sizeof(c));
	c.fd = -1;
	c.socket = getenv("ONCALLD_SOCKET");
	while ((ch = getopt_long(argc, argv, "c:s:t:jn:hV", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'c':
			config = optarg;
			break;
		case 's':
			c.socket = optarg;
			if (config != NULL)
				die(EX_USAGE, "-c and -s exclude each other");
			break;
		case 't':
			timearg = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'n':
			errno = 0;
			count = strtol(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || count < 1)
				die(EX_USAGE, "-n needs a whole number of "
				    "changes, 1 or more");
			mode = MODE_NEXT;
			modes++;
			break;
		case 'F':
			from = optarg;
			break;
		case 'T':
			to = optarg;
			break;
		case 'I':
			mode = MODE_ICS;
			modes++;
			break;
		case 'f':
			field = optarg;
			mode = MODE_FIELD;
			modes++;
			break;
		case 'A':
		case 'a':
		case 'r':
		case 'l':
		case 'L':
			if (amode != 0 && amode != ch)
				die(EX_USAGE, "choose one of --alert, --ack, "
				    "--resolve, --alerts, --timeline");
			amode = ch;
			break;
		case 'b':
			by = optarg;
			break;
		case 'S':
			state = optarg;
			break;
		case 'R':
			route = optarg;
			break;
		case 'h':
			usage(stdout);
			return EX_OK;
		case 'V':
			printf("oncall-now %s (protocol %d)\n", ONCALLD_VERSION,
			    ONCALLD_PROTOCOL);
			return EX_OK;
		default:
			usage(stderr);
			return EX_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (config != NULL && c.socket != NULL && getenv("ONCALLD_SOCKET") !=
	    c.socket)
		die(EX_USAGE, "-c and -s exclude each other");
	if (amode != 0) {
		if (config != NULL)
			die(EX_USAGE, "alerts live in the daemon: use -s, not "
			    "-c");
		if (modes > 0 || from != NULL || to != NULL || timearg != NULL)
			die(EX_USAGE, "the alert options go with -s and -j "
			    "only");
		if ((by != NULL && amode != 'a' && amode != 'r') ||
		    ((state != NULL || route != NULL) && amode != 'l'))
			die(EX_USAGE, "--by goes with --ack and --resolve, "
			    "--state and --route with --alerts");
		if (c.socket == NULL)
			c.socket = ONCALLD_SOCKET;
		client_connect(&c);
		status = alert_mode(&c, amode, argv, argc, by, state, route,
		    json);
		close(c.fd);
		free(c.buf);
		return status;
	}
	if (by != NULL || state != NULL || route != NULL)
		die(EX_USAGE, "--by, --state and --route go with the alert "
		    "options");
	if ((from != NULL) != (to != NULL))
		die(EX_USAGE, "--from and --to go together");
	if (from != NULL) {
		mode = MODE_SHIFTS;
		modes++;
	}
	if (modes > 1)
		die(EX_USAGE, "choose one of -n, --from/--to, --ics, --field");
	if (json && mode == MODE_FIELD)
		die(EX_USAGE, "--field prints text: it does not go with -j");
	/* Checked before the ids default to every team and route below. */
	if (mode == MODE_FIELD && argc == 0)
		die(EX_USAGE, "--field needs an ID");

	c.now = (int64_t)time(NULL);
	at = c.now;
	if (timearg != NULL && time_parse(timearg, &at, err, sizeof(err)) == -1)
		die(EX_DATAERR, "-t: %s", err);
	if (from != NULL && (time_parse(from, &tfrom, err, sizeof(err)) == -1 ||
	    time_parse_end(to, &tto, err, sizeof(err)) == -1))
		die(EX_DATAERR, "--from/--to: %s", err);
	if (from != NULL && tto <= tfrom)
		die(EX_USAGE, "--to must be after --from");

	if (config != NULL) {
		if ((c.snap = snapshot_load(config, c.now, &d)) == NULL) {
			diags_print(&d, stderr);
			fprintf(stderr, "%s: %s: %zu problem%s: nothing "
			    "answered\n", progname, config, d.n,
			    d.n == 1 ? "" : "s");
			diags_free(&d);
			return EX_CONFIG;
		}
	} else {
		if (c.socket == NULL)
			c.socket = ONCALLD_SOCKET;
		client_connect(&c);
	}

	/* Without ids, the modes that need one take every team and route. */
	nids = argc;
	ids = argv;
	if (nids == 0 && mode != MODE_NOW) {
		json_t *list, *e;
		size_t k;

		text = ask(&c, "LIST");
		list = parse_answer(text, false);
		free(text);
		ids = NULL;
		json_array_foreach(json_object_get(list, "teams"), k, e) {
			ids = xreallocarray(ids, (size_t)nids + 1, sizeof(*ids));
			ids[nids++] = xstrdup(jget(e, "id"));
		}
		json_array_foreach(json_object_get(list, "routes"), k, e) {
			ids = xreallocarray(ids, (size_t)nids + 1, sizeof(*ids));
			ids[nids++] = xstrdup(jget(e, "id"));
		}
		json_decref(list);
	}

	answers = xcalloc((size_t)nids + 1, sizeof(*answers));
	for (i = 0; i < (nids == 0 ? 1 : nids); i++) {
		const char *id = nids == 0 ? NULL : ids[i];

		/* Such an id would be read as more words or as an option
		 * ("at=..."), not as the id it is not. */
		if (strpbrk(id ? id : "", " \t\r\n=") != NULL)
			die(EX_DATAERR, "no team or route \"%s\"", id);
		switch (mode) {
		case MODE_NOW:
		case MODE_FIELD:
			snprintf(line, sizeof(line), "NOW%s%s at=@%lld",
			    id ? " " : "", id ? id : "", (long long)at);
			break;
		case MODE_NEXT:
			snprintf(line, sizeof(line), "NEXT %s count=%ld "
			    "at=@%lld", id, count, (long long)at);
			break;
		case MODE_SHIFTS:
			snprintf(line, sizeof(line), "SHIFTS %s from=@%lld "
			    "to=@%lld", id, (long long)tfrom, (long long)tto);
			break;
		case MODE_ICS:
			snprintf(line, sizeof(line), "ICS %s at=@%lld", id,
			    (long long)at);
			break;
		}
		text = ask(&c, line);
		answers[i] = parse_answer(text, json);
		free(text);
	}
	if (!json) {
		switch (mode) {
		case MODE_NOW:
			status = print_now(answers, nids == 0 ? 1 :
			    (size_t)nids, nids == 0);
			break;
		case MODE_FIELD:
			for (i = 0; i < nids; i++)
				if (print_field(answers[i], field) != 0)
					status = EX_NOTSTAFFED;
			break;
		case MODE_ICS:
			for (i = 0; i < nids; i++)
				fputs(jget(answers[i], "ics"), stdout);
			break;
		case MODE_NEXT:
		case MODE_SHIFTS:
			for (i = 0; i < nids; i++) {
				/* Teams in their zone, routes in UTC. */
				zones_src = answers[i];
				if (i > 0)
					printf("\n");
				if (mode == MODE_NEXT)
					print_next(answers[i],
					    zone_of(zones_src));
				else
					print_shifts(answers[i],
					    zone_of(zones_src));
			}
			break;
		}
	} else if (mode == MODE_NOW) {
		for (i = 0; i < nids; i++)
			if (!json_is_true(json_object_get(answers[i],
			    "staffed")))
				status = EX_NOTSTAFFED;
	}
	for (i = 0; i < (nids == 0 ? 1 : nids); i++)
		json_decref(answers[i]);
	free(answers);
	if (ids != argv) {
		for (i = 0; i < nids; i++)
			free(ids[i]);
		free(ids);
	}
	if (c.fd != -1)
		close(c.fd);
	free(c.buf);
	snapshot_free(c.snap);
	if (fflush(stdout) == EOF)
		die(EX_SOFTWARE, "writing the output: %s", strerror(errno));
	return status;
}
