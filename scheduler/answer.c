/* answer.c - the protocol's JSON objects (SPEC 3.1). jansson is included by
 * this module and protocol.c only; everything here reads a snapshot and
 * never changes it. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "answer.h"
#include "diag.h"
#include "feed.h"
#include "route.h"
#include "snapshot.h"
#include "timefmt.h"
#include "tz.h"
#include "xmalloc.h"

static char *
dump(json_t *o)
{
	char *s;

	s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (s == NULL)
		abort();	/* only on out of memory */
	return s;
}

static json_t *
jstr(const char *s)
{
	json_t *j;

	if (s == NULL)
		return json_null();
	/* Configuration text is checked UTF-8 by libconfig's reader only
	 * loosely: never let a stray byte turn an answer into nothing. */
	if ((j = json_string(s)) == NULL)
		j = json_string("(invalid UTF-8)");
	return j;
}

static json_t *
jtime(int64_t t)
{
	char buf[TIMEFMT_LEN];

	if (t == SCHED_NEVER || t == SCHED_ALWAYS)
		return json_null();
	time_format_utc(t, buf);
	return json_string(buf);
}

static void
set_opt(json_t *o, const char *key, const char *v)
{
	if (v != NULL)
		json_object_set_new(o, key, jstr(v));
}

static json_t *
ok_object(void)
{
	json_t *o = json_object();

	json_object_set_new(o, "ok", json_true());
	return o;
}

/* Moves every member of FROM into TO, after TO's own. */
static json_t *
merge(json_t *to, json_t *from)
{
	json_object_update(to, from);
	json_decref(from);
	return to;
}

static json_t *
channel_facts(const struct team *t, const struct channel *ch)
{
	json_t *o = json_object();

	json_object_set_new(o, "team", jstr(t->id));
	json_object_set_new(o, "channel", jstr(ch->id));
	json_object_set_new(o, "type", jstr(channel_type_name(ch->type)));
	json_object_set_new(o, "address", jstr(ch->address));
	set_opt(o, "pgp_key_id", ch->pgp_key_id);
	set_opt(o, "pgp_fingerprint", ch->pgp_fingerprint);
	set_opt(o, "encryption", ch->encryption);
	set_opt(o, "urgent_subject_prefix", ch->urgent_subject_prefix);
	set_opt(o, "note", ch->note);
	return o;
}

static json_t *
target_object(const struct snapshot *snap, const struct step *st)
{
	const struct team *t = &snap->teams[st->team];

	return channel_facts(t, &t->channels[st->channel]);
}

static json_t *
team_object(const struct snapshot *snap, const struct team *t, int64_t at)
{
	struct sched_state st, cs;
	char buf[TIMEFMT_LEN];
	json_t *o = json_object(), *chs = json_array(), *c, *facts;
	size_t i;

	(void)snap;
	schedule_state(&t->sched, at, &st);
	json_object_set_new(o, "kind", json_string("team"));
	json_object_set_new(o, "id", jstr(t->id));
	json_object_set_new(o, "name", jstr(t->name));
	json_object_set_new(o, "short_name", jstr(t->short_name));
	set_opt(o, "organization", t->organization);
	json_object_set_new(o, "at", jtime(at));
	json_object_set_new(o, "timezone", jstr(t->timezone));
	time_format_local(at, tz_offset(t->tz, at), buf);
	json_object_set_new(o, "local_time", json_string(buf));
	json_object_set_new(o, "hours", jstr(t->hours_text));
	json_object_set_new(o, "staffed", json_boolean(st.staffed));
	json_object_set_new(o, "since", jtime(st.since));
	json_object_set_new(o, "next_change", jtime(st.next));
	set_opt(o, "note", t->note);
	for (i = 0; i < t->nchannels; i++) {
		const struct channel *ch = &t->channels[i];

		/* "id" first, as in SPEC 3.1's example. */
		c = json_object();
		json_object_set_new(c, "id", jstr(ch->id));
		facts = channel_facts(t, ch);
		json_object_del(facts, "team");
		json_object_del(facts, "channel");
		merge(c, facts);
		if (ch->hours_text != NULL) {
			schedule_state(&ch->sched, at, &cs);
			json_object_set_new(c, "hours", jstr(ch->hours_text));
		} else
			cs = st;
		json_object_set_new(c, "staffed", json_boolean(cs.staffed));
		json_object_set_new(c, "next_change", jtime(cs.next));
		json_array_append_new(chs, c);
	}
	json_object_set_new(o, "channels", chs);
	return o;
}

static json_t *
route_object(const struct snapshot *snap, const struct route *r, int64_t at)
{
	struct route_state rs;
	struct sched_state *steps;
	json_t *o = json_object(), *arr = json_array(), *s;
	size_t i;

	steps = xcalloc(r->nsteps, sizeof(*steps));
	route_resolve(snap, r, at, &rs, steps);
	json_object_set_new(o, "kind", json_string("route"));
	json_object_set_new(o, "id", jstr(r->id));
	set_opt(o, "name", r->name);
	json_object_set_new(o, "at", jtime(at));
	json_object_set_new(o, "staffed", json_boolean(rs.staffed));
	json_object_set_new(o, "escalated", json_boolean(rs.escalated));
	json_object_set_new(o, "target", target_object(snap,
	    route_target(r, &rs)));
	json_object_set_new(o, "until", jtime(rs.until));
	if (!rs.staffed)
		json_object_set_new(o, "opens", jtime(rs.opens));
	for (i = 0; i < r->nsteps; i++) {
		const struct team *t = &snap->teams[r->steps[i].team];

		s = json_object();
		json_object_set_new(s, "team", jstr(t->id));
		json_object_set_new(s, "channel",
		    jstr(t->channels[r->steps[i].channel].id));
		json_object_set_new(s, "staffed", json_boolean(steps[i].staffed));
		json_object_set_new(s, "next_change", jtime(steps[i].next));
		json_array_append_new(arr, s);
	}
	json_object_set_new(o, "steps", arr);
	free(steps);
	return o;
}

static json_t *
entity_object(const struct snapshot *snap, const struct entity *e, int64_t at)
{
	if (e->kind == ENTITY_TEAM)
		return team_object(snap, &snap->teams[e->index], at);
	return route_object(snap, &snap->routes[e->index], at);
}

char *
answer_ping(void)
{
	json_t *o = ok_object();

	json_object_set_new(o, "version", json_string(ONCALLD_VERSION));
	json_object_set_new(o, "protocol", json_integer(ONCALLD_PROTOCOL));
	return dump(o);
}

char *
answer_list(const struct snapshot *snap)
{
	json_t *o = ok_object(), *teams = json_array(), *routes = json_array();
	json_t *e;
	size_t i;

	for (i = 0; i < snap->nteams; i++) {
		e = json_object();
		json_object_set_new(e, "id", jstr(snap->teams[i].id));
		json_object_set_new(e, "kind", json_string("team"));
		json_object_set_new(e, "name", jstr(snap->teams[i].name));
		json_object_set_new(e, "short_name",
		    jstr(snap->teams[i].short_name));
		json_array_append_new(teams, e);
	}
	for (i = 0; i < snap->nroutes; i++) {
		e = json_object();
		json_object_set_new(e, "id", jstr(snap->routes[i].id));
		json_object_set_new(e, "kind", json_string("route"));
		json_object_set_new(e, "name", jstr(snap->routes[i].name));
		json_array_append_new(routes, e);
	}
	json_object_set_new(o, "teams", teams);
	json_object_set_new(o, "routes", routes);
	return dump(o);
}

char *
answer_now_all(const struct snapshot *snap, int64_t at)
{
	json_t *o = ok_object(), *teams = json_array(), *routes = json_array();
	size_t i;

	json_object_set_new(o, "at", jtime(at));
	for (i = 0; i < snap->nteams; i++)
		json_array_append_new(teams, team_object(snap,
		    &snap->teams[i], at));
	for (i = 0; i < snap->nroutes; i++)
		json_array_append_new(routes, route_object(snap,
		    &snap->routes[i], at));
	json_object_set_new(o, "teams", teams);
	json_object_set_new(o, "routes", routes);
	return dump(o);
}

char *
answer_now(const struct snapshot *snap, const struct entity *e, int64_t at)
{
	return dump(merge(ok_object(), entity_object(snap, e, at)));
}

static json_t *
route_change(const struct snapshot *snap, const struct route *r, int64_t at,
    const struct route_state *rs)
{
	json_t *c = json_object();

	json_object_set_new(c, "at", jtime(at));
	json_object_set_new(c, "staffed", json_boolean(rs->staffed));
	json_object_set_new(c, "escalated", json_boolean(rs->escalated));
	json_object_set_new(c, "target", target_object(snap,
	    route_target(r, rs)));
	return c;
}

char *
answer_next(const struct snapshot *snap, const struct entity *e, int64_t at,
    size_t count)
{
	json_t *o = ok_object(), *arr = json_array(), *c;
	struct route_state rs;
	int64_t *when;
	bool *staffed;
	size_t i, n;

	json_object_set_new(o, "id", jstr(e->id));
	json_object_set_new(o, "kind", json_string(e->kind == ENTITY_TEAM ?
	    "team" : "route"));
	json_object_set_new(o, "at", jtime(at));
	if (e->kind == ENTITY_TEAM) {
		json_object_set_new(o, "timezone",
		    jstr(snap->teams[e->index].timezone));
		when = xcalloc(count, sizeof(*when));
		staffed = xcalloc(count, sizeof(*staffed));
		n = schedule_changes(&snap->teams[e->index].sched, at, count,
		    when, staffed);
		for (i = 0; i < n; i++) {
			c = json_object();
			json_object_set_new(c, "at", jtime(when[i]));
			json_object_set_new(c, "staffed",
			    json_boolean(staffed[i]));
			json_array_append_new(arr, c);
		}
		free(when);
		free(staffed);
	} else {
		const struct route *r = &snap->routes[e->index];

		route_resolve(snap, r, at, &rs, NULL);
		for (i = 0; i < count && rs.until != SCHED_NEVER; i++) {
			int64_t t = rs.until;

			route_resolve(snap, r, t, &rs, NULL);
			json_array_append_new(arr, route_change(snap, r, t, &rs));
		}
	}
	json_object_set_new(o, "changes", arr);
	return dump(o);
}

char *
answer_shifts(const struct snapshot *snap, const struct entity *e,
    int64_t from, int64_t to)
{
	json_t *o = ok_object(), *arr = json_array(), *s;
	struct ivset iv = IVSET_INITIALIZER;
	struct route_state rs;
	size_t i;
	int64_t t, end;

	json_object_set_new(o, "id", jstr(e->id));
	json_object_set_new(o, "kind", json_string(e->kind == ENTITY_TEAM ?
	    "team" : "route"));
	json_object_set_new(o, "from", jtime(from));
	json_object_set_new(o, "to", jtime(to));
	if (e->kind == ENTITY_TEAM) {
		json_object_set_new(o, "timezone",
		    jstr(snap->teams[e->index].timezone));
		schedule_shifts(&snap->teams[e->index].sched, from, to, &iv);
		for (i = 0; i < iv.n; i++) {
			s = json_object();
			json_object_set_new(s, "start", jtime(iv.v[i].start));
			json_object_set_new(s, "end", jtime(iv.v[i].end));
			json_array_append_new(arr, s);
		}
		ivset_free(&iv);
		json_object_set_new(o, "shifts", arr);
	} else {
		const struct route *r = &snap->routes[e->index];

		for (t = from; t < to; t = end) {
			route_resolve(snap, r, t, &rs, NULL);
			end = rs.until < to ? rs.until : to;
			s = route_change(snap, r, t, &rs);
			json_object_del(s, "at");
			json_object_set_new(s, "start", jtime(t));
			json_object_set_new(s, "end", jtime(end));
			json_array_append_new(arr, s);
		}
		json_object_set_new(o, "segments", arr);
	}
	return dump(o);
}

char *
answer_ics(const struct snapshot *snap, const struct entity *e, int64_t now)
{
	json_t *o = ok_object();
	char *text;

	text = e->kind == ENTITY_TEAM ?
	    feed_team(snap, &snap->teams[e->index], now) :
	    feed_route(snap, &snap->routes[e->index], now);
	if (text == NULL)
		abort();
	json_object_set_new(o, "id", jstr(e->id));
	json_object_set_new(o, "kind", json_string(e->kind == ENTITY_TEAM ?
	    "team" : "route"));
	json_object_set_new(o, "ics", jstr(text));
	free(text);
	return dump(o);
}

char *
answer_help(void)
{
	static const char *const lines[] = {
		"PING",
		"NOW [<id>] [at=<time>]",
		"NEXT <id> [count=<n>] [at=<time>]",
		"SHIFTS <id> from=<time> to=<time>",
		"ICS <id> [at=<time>]",
		"LIST",
		"WATCH",
		"RELOAD",
		"STATS",
		"HELP",
		"QUIT",
		"<time>: RFC 3339 (2026-11-23T08:00:00Z) or @<unix seconds>",
		NULL
	};
	json_t *o = ok_object(), *arr = json_array();
	size_t i;

	for (i = 0; lines[i] != NULL; i++)
		json_array_append_new(arr, json_string(lines[i]));
	json_object_set_new(o, "commands", arr);
	return dump(o);
}

char *
answer_stats(const struct snapshot *snap, const struct answer_stats *st)
{
	json_t *o = ok_object();

	json_object_set_new(o, "version", json_string(ONCALLD_VERSION));
	json_object_set_new(o, "started", jtime(st->started));
	json_object_set_new(o, "uptime", json_integer(st->now - st->started));
	json_object_set_new(o, "connections", json_integer(
	    (json_int_t)st->connections));
	json_object_set_new(o, "clients", json_integer(
	    (json_int_t)st->clients));
	json_object_set_new(o, "requests", json_integer(
	    (json_int_t)st->requests));
	json_object_set_new(o, "errors", json_integer((json_int_t)st->errors));
	json_object_set_new(o, "reloads", json_integer(
	    (json_int_t)st->reloads));
	json_object_set_new(o, "reload_failures", json_integer(
	    (json_int_t)st->reload_failures));
	json_object_set_new(o, "teams", json_integer((json_int_t)snap->nteams));
	json_object_set_new(o, "routes", json_integer(
	    (json_int_t)snap->nroutes));
	json_object_set_new(o, "watchers", json_integer(
	    (json_int_t)st->watchers));
	json_object_set_new(o, "config", jstr(snap->path));
	return dump(o);
}

char *
answer_watching(void)
{
	json_t *o = ok_object();

	json_object_set_new(o, "watching", json_true());
	return dump(o);
}

char *
answer_reload(const struct snapshot *snap, const struct diags *d,
    const struct diags *notes)
{
	json_t *o, *err, *arr;
	char buf[2048];
	size_t i;

	if (d == NULL || d->n == 0) {
		o = ok_object();
		json_object_set_new(o, "reloaded", json_true());
		json_object_set_new(o, "config", jstr(snap->path));
		json_object_set_new(o, "teams",
		    json_integer((json_int_t)snap->nteams));
		json_object_set_new(o, "routes",
		    json_integer((json_int_t)snap->nroutes));
		if (notes != NULL && notes->n > 0) {
			arr = json_array();
			for (i = 0; i < notes->n; i++) {
				diag_format(&notes->v[i], buf, sizeof(buf));
				json_array_append_new(arr, jstr(buf));
			}
			json_object_set_new(o, "notes", arr);
		}
		return dump(o);
	}
	o = json_object();
	json_object_set_new(o, "ok", json_false());
	err = json_object();
	json_object_set_new(err, "code", json_string("config_invalid"));
	snprintf(buf, sizeof(buf), "%zu problem%s in %s; still serving the "
	    "previous configuration", d->n, d->n == 1 ? "" : "s", snap->path);
	json_object_set_new(err, "message", jstr(buf));
	arr = json_array();
	for (i = 0; i < d->n; i++) {
		diag_format(&d->v[i], buf, sizeof(buf));
		json_array_append_new(arr, jstr(buf));
	}
	json_object_set_new(err, "diagnostics", arr);
	json_object_set_new(o, "error", err);
	return dump(o);
}

char *
answer_event_team(const struct snapshot *snap, size_t team, int64_t at)
{
	const struct team *t = &snap->teams[team];
	struct sched_state st;
	json_t *o = json_object();

	schedule_state(&t->sched, at, &st);
	json_object_set_new(o, "event", json_string("change"));
	json_object_set_new(o, "at", jtime(at));
	json_object_set_new(o, "kind", json_string("team"));
	json_object_set_new(o, "id", jstr(t->id));
	json_object_set_new(o, "staffed", json_boolean(st.staffed));
	json_object_set_new(o, "next_change", jtime(st.next));
	return dump(o);
}

char *
answer_event_route(const struct snapshot *snap, size_t route, int64_t at)
{
	const struct route *r = &snap->routes[route];
	struct route_state rs;
	json_t *o = json_object();

	route_resolve(snap, r, at, &rs, NULL);
	json_object_set_new(o, "event", json_string("change"));
	json_object_set_new(o, "at", jtime(at));
	json_object_set_new(o, "kind", json_string("route"));
	json_object_set_new(o, "id", jstr(r->id));
	json_object_set_new(o, "staffed", json_boolean(rs.staffed));
	json_object_set_new(o, "escalated", json_boolean(rs.escalated));
	json_object_set_new(o, "target", target_object(snap,
	    route_target(r, &rs)));
	json_object_set_new(o, "until", jtime(rs.until));
	return dump(o);
}

char *
answer_event_reload(const struct snapshot *snap, int64_t at)
{
	json_t *o = json_object();

	json_object_set_new(o, "event", json_string("reload"));
	json_object_set_new(o, "at", jtime(at));
	json_object_set_new(o, "config", jstr(snap->path));
	json_object_set_new(o, "teams", json_integer((json_int_t)snap->nteams));
	json_object_set_new(o, "routes", json_integer(
	    (json_int_t)snap->nroutes));
	return dump(o);
}
