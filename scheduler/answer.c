/* answer.c - the protocol's JSON objects (SPEC 3.1). jansson is included by
 * this module and protocol.c only; everything here reads a snapshot and
 * never changes it. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "answer.h"
#include "diag.h"
#include "feed.h"
#include "escalate.h"
#include "route.h"
#include "snapshot.h"
#include "store.h"
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
member_object(const struct member *m)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", jstr(m->id));
	json_object_set_new(o, "name", jstr(m->name));
	json_object_set_new(o, "email", jstr(m->email));
	json_object_set_new(o, "phone", jstr(m->phone));
	return o;
}

/* The member on duty in D, or null. */
static json_t *
duty_member(const struct team *t, const struct rot_duty *d)
{
	return d->on ? member_object(&t->members[d->member]) : json_null();
}

/* A channel at AT: a rotation's carries the member on duty and gives the
 * member's address. */
static json_t *
channel_facts(const struct team *t, const struct channel *ch, int64_t at)
{
	json_t *o = json_object();
	struct rot_duty d;

	json_object_set_new(o, "team", jstr(t->id));
	json_object_set_new(o, "channel", jstr(ch->id));
	json_object_set_new(o, "type", jstr(channel_type_name(ch->type)));
	if (ch->rot != NULL) {
		rotation_at(&ch->rot->rule, at, &d);
		json_object_set_new(o, "rotation", jstr(ch->rot->path_id));
		json_object_set_new(o, "member", duty_member(t, &d));
		json_object_set_new(o, "address", jstr(d.on ?
		    member_address(ch->rot, &t->members[d.member]) : NULL));
	} else
		json_object_set_new(o, "address", jstr(ch->address));
	set_opt(o, "pgp_key_id", ch->pgp_key_id);
	set_opt(o, "pgp_fingerprint", ch->pgp_fingerprint);
	set_opt(o, "encryption", ch->encryption);
	set_opt(o, "urgent_subject_prefix", ch->urgent_subject_prefix);
	set_opt(o, "note", ch->note);
	return o;
}

static json_t *
target_object(const struct snapshot *snap, const struct step *st, int64_t at)
{
	const struct team *t = &snap->teams[st->team];

	return channel_facts(t, &t->channels[st->channel], at);
}

/* One rotation's entry of a team's "on_call" (SPEC 6). */
static json_t *
on_call_object(const struct team *t, const struct rotation *r, int64_t at)
{
	json_t *o = json_object();
	struct rot_duty d;

	rotation_at(&r->rule, at, &d);
	json_object_set_new(o, "rotation", jstr(r->id));
	json_object_set_new(o, "member", duty_member(t, &d));
	json_object_set_new(o, "since", jtime(d.since));
	json_object_set_new(o, "until", jtime(d.until));
	json_object_set_new(o, "override", json_boolean(d.override));
	return o;
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
		facts = channel_facts(t, ch, at);
		json_object_del(facts, "team");
		json_object_del(facts, "channel");
		merge(c, facts);
		if (ch->rot != NULL) {
			channel_state(t, ch, at, &cs, NULL);
			json_object_set_new(c, "hours", jstr(ch->rot->hours_text
			    != NULL ? ch->rot->hours_text : "24/7"));
		} else if (ch->hours_text != NULL) {
			schedule_state(&ch->sched, at, &cs);
			json_object_set_new(c, "hours", jstr(ch->hours_text));
		} else
			cs = st;
		json_object_set_new(c, "staffed", json_boolean(cs.staffed));
		json_object_set_new(c, "next_change", jtime(cs.next));
		json_array_append_new(chs, c);
	}
	json_object_set_new(o, "channels", chs);
	if (t->nrotations > 0) {
		json_t *oc = json_array();

		for (i = 0; i < t->nrotations; i++)
			json_array_append_new(oc, on_call_object(t,
			    &t->rotations[i], at));
		json_object_set_new(o, "on_call", oc);
	}
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
	    route_target(r, &rs), at));
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

static const char *
kind_name(enum entity_kind k)
{
	static const char *const names[] = { "team", "route", "rotation",
	    "member" };

	return names[k];
}

/* Whether member M is on duty in D. */
static bool
duty_of(const struct rot_duty *d, size_t m)
{
	return d->on && d->member == m;
}

/* When member M's state at AT (on duty or not) next changes; follows the
 * rotation's changes, a year's worth of turns at most. */
static int64_t
member_until(const struct rotation *r, size_t m, int64_t at)
{
	struct rot_duty d;
	bool on;
	int i;

	rotation_at(&r->rule, at, &d);
	on = duty_of(&d, m);
	for (i = 0; i < 20000 && d.until != SCHED_NEVER; i++) {
		at = d.until;
		rotation_at(&r->rule, at, &d);
		if (duty_of(&d, m) != on)
			return at;
	}
	return SCHED_NEVER;
}

/* NOW <team>/<rotation> and <team>/<rotation>/<member>. */
static json_t *
rotation_object(const struct snapshot *snap, const struct entity *e,
    int64_t at)
{
	const struct team *t = &snap->teams[e->index];
	const struct rotation *r = &t->rotations[e->rotation];
	struct rot_duty d;
	char buf[TIMEFMT_LEN];
	json_t *o = json_object();

	rotation_at(&r->rule, at, &d);
	json_object_set_new(o, "kind", json_string(kind_name(e->kind)));
	json_object_set_new(o, "id", jstr(e->id));
	json_object_set_new(o, "team", jstr(t->id));
	json_object_set_new(o, "rotation", jstr(r->id));
	json_object_set_new(o, "at", jtime(at));
	json_object_set_new(o, "timezone", jstr(t->timezone));
	time_format_local(at, tz_offset(t->tz, at), buf);
	json_object_set_new(o, "local_time", json_string(buf));
	if (e->kind == ENTITY_MEMBER) {
		json_object_set_new(o, "member",
		    member_object(&t->members[e->member]));
		json_object_set_new(o, "on_duty", json_boolean(duty_of(&d,
		    e->member)));
		json_object_set_new(o, "override", json_boolean(duty_of(&d,
		    e->member) && d.override));
		json_object_set_new(o, "until", jtime(member_until(r,
		    e->member, at)));
		return o;
	}
	json_object_set_new(o, "staffed", json_boolean(d.on));
	json_object_set_new(o, "member", duty_member(t, &d));
	json_object_set_new(o, "address", jstr(d.on ? member_address(r,
	    &t->members[d.member]) : NULL));
	json_object_set_new(o, "override", json_boolean(d.override));
	json_object_set_new(o, "since", jtime(d.since));
	json_object_set_new(o, "until", jtime(d.until));
	return o;
}

static json_t *
entity_object(const struct snapshot *snap, const struct entity *e, int64_t at)
{
	if (e->kind == ENTITY_TEAM)
		return team_object(snap, &snap->teams[e->index], at);
	if (e->kind == ENTITY_ROUTE)
		return route_object(snap, &snap->routes[e->index], at);
	return rotation_object(snap, e, at);
}

char *
answer_ping(void)
{
	json_t *o = ok_object();

	json_object_set_new(o, "version", json_string(ONCALLD_VERSION));
	json_object_set_new(o, "protocol", json_integer(ONCALLD_PROTOCOL));
	return dump(o);
}

/* LIST's "rotations" of a team: ids, rules and members. */
static json_t *
list_rotations(const struct team *t)
{
	json_t *arr = json_array(), *e, *ms;
	size_t i, j;

	for (i = 0; i < t->nrotations; i++) {
		const struct rotation *r = &t->rotations[i];

		e = json_object();
		json_object_set_new(e, "id", jstr(r->path_id));
		json_object_set_new(e, "kind", json_string("rotation"));
		json_object_set_new(e, "start", jstr(r->start_text));
		json_object_set_new(e, "length", jstr(r->length_text));
		json_object_set_new(e, "hours", jstr(r->hours_text != NULL ?
		    r->hours_text : "24/7"));
		json_object_set_new(e, "contact", json_string(r->contact ==
		    CONTACT_PHONE ? "phone" : "email"));
		ms = json_array();
		for (j = 0; j < r->nturns; j++)
			json_array_append_new(ms, jstr(t->members[
			    r->turns[j]].id));
		json_object_set_new(e, "turns", ms);
		ms = json_array();
		for (j = 0; j < t->nmembers; j++) {
			json_t *m = member_object(&t->members[j]);

			json_object_set_new(m, "shifts_id",
			    jstr(r->member_ids[j]));
			json_array_append_new(ms, m);
		}
		json_object_set_new(e, "members", ms);
		json_array_append_new(arr, e);
	}
	return arr;
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
		if (snap->teams[i].nrotations > 0)
			json_object_set_new(e, "rotations",
			    list_rotations(&snap->teams[i]));
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
	    route_target(r, rs), at));
	return c;
}

/* NEXT for a rotation (every change of who is on duty) or a member (each
 * start and end of their duty). */
static void
rotation_next(const struct snapshot *snap, const struct entity *e, int64_t at,
    size_t count, json_t *arr)
{
	const struct team *t = &snap->teams[e->index];
	const struct rotation *r = &t->rotations[e->rotation];
	struct rot_duty d;
	json_t *c;
	bool on = false;
	size_t n = 0;
	int guard = 0;

	rotation_at(&r->rule, at, &d);
	if (e->kind == ENTITY_MEMBER)
		on = duty_of(&d, e->member);
	while (n < count && d.until != SCHED_NEVER && guard++ < 1000000) {
		at = d.until;
		rotation_at(&r->rule, at, &d);
		c = json_object();
		json_object_set_new(c, "at", jtime(at));
		if (e->kind == ENTITY_MEMBER) {
			if (duty_of(&d, e->member) == on) {
				json_decref(c);
				continue;
			}
			on = !on;
			json_object_set_new(c, "on_duty", json_boolean(on));
		} else {
			json_object_set_new(c, "staffed", json_boolean(d.on));
			json_object_set_new(c, "member", duty_member(t, &d));
			json_object_set_new(c, "override",
			    json_boolean(d.override));
		}
		json_array_append_new(arr, c);
		n++;
	}
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
	json_object_set_new(o, "kind", json_string(kind_name(e->kind)));
	json_object_set_new(o, "at", jtime(at));
	if (e->kind == ENTITY_ROTATION || e->kind == ENTITY_MEMBER)
		rotation_next(snap, e, at, count, arr);
	else if (e->kind == ENTITY_TEAM) {
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

/* SHIFTS of a rotation (each turn with its member) or of one member. */
static void
rotation_shifts(const struct snapshot *snap, const struct entity *e,
    int64_t from, int64_t to, json_t *arr)
{
	const struct team *t = &snap->teams[e->index];
	const struct rotation *r = &t->rotations[e->rotation];
	struct rot_segs segs = ROT_SEGS_INITIALIZER;
	json_t *s;
	size_t i;

	rotation_segments(&r->rule, from, to, &segs);
	for (i = 0; i < segs.n; i++) {
		if (e->kind == ENTITY_MEMBER && segs.v[i].member != e->member)
			continue;
		s = json_object();
		json_object_set_new(s, "start", jtime(segs.v[i].start));
		json_object_set_new(s, "end", jtime(segs.v[i].end));
		json_object_set_new(s, "member",
		    jstr(t->members[segs.v[i].member].id));
		json_object_set_new(s, "override",
		    json_boolean(segs.v[i].override));
		json_array_append_new(arr, s);
	}
	rot_segs_free(&segs);
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
	json_object_set_new(o, "kind", json_string(kind_name(e->kind)));
	json_object_set_new(o, "from", jtime(from));
	json_object_set_new(o, "to", jtime(to));
	if (e->kind == ENTITY_ROTATION || e->kind == ENTITY_MEMBER) {
		json_object_set_new(o, "timezone",
		    jstr(snap->teams[e->index].timezone));
		rotation_shifts(snap, e, from, to, arr);
		json_object_set_new(o, "shifts", arr);
	} else if (e->kind == ENTITY_TEAM) {
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

	text = feed_entity(snap, e, now);
	if (text == NULL)
		abort();
	json_object_set_new(o, "id", jstr(e->id));
	json_object_set_new(o, "kind", json_string(kind_name(e->kind)));
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
		"ALERT <route> key=<key> [summary=<text>]",
		"ACK <alert-id> [by=<who>]",
		"RESOLVE <alert-id> [by=<who>]",
		"ALERTS [state=open|triggered|acknowledged|resolved|all] "
		    "[route=<id>]",
		"TIMELINE <alert-id>",
		"HELP",
		"QUIT",
		"<id>: a team, a route, <team>/<rotation> or "
		    "<team>/<rotation>/<member>",
		"<time>: RFC 3339 (2026-11-23T08:00:00Z) or @<unix seconds>",
		"values with spaces in double quotes, \\\" and \\\\ inside: "
		    "summary=\"disk \\\"db1\\\" full\"",
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
	json_object_set_new(o, "alerts_open", json_integer(
	    (json_int_t)st->alerts_open));
	json_object_set_new(o, "alerts_triggered", json_integer(
	    (json_int_t)st->alerts_triggered));
	json_object_set_new(o, "alerts_deduplicated", json_integer(
	    (json_int_t)st->alerts_deduplicated));
	json_object_set_new(o, "alerts_acknowledged", json_integer(
	    (json_int_t)st->alerts_acknowledged));
	json_object_set_new(o, "alerts_resolved", json_integer(
	    (json_int_t)st->alerts_resolved));
	json_object_set_new(o, "escalations", json_integer(
	    (json_int_t)st->escalations));
	json_object_set_new(o, "store_commits", json_integer(
	    (json_int_t)st->store_commits));
	json_object_set_new(o, "store_failures", json_integer(
	    (json_int_t)st->store_failures));
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
	    route_target(r, &rs), at));
	json_object_set_new(o, "until", jtime(rs.until));
	return dump(o);
}

char *
answer_event_rotation(const struct snapshot *snap, size_t team,
    size_t rotation, int64_t at)
{
	const struct team *t = &snap->teams[team];
	const struct rotation *r = &t->rotations[rotation];
	struct rot_duty d;
	json_t *o = json_object();

	rotation_at(&r->rule, at, &d);
	json_object_set_new(o, "event", json_string("change"));
	json_object_set_new(o, "at", jtime(at));
	json_object_set_new(o, "kind", json_string("rotation"));
	json_object_set_new(o, "id", jstr(r->path_id));
	json_object_set_new(o, "staffed", json_boolean(d.on));
	json_object_set_new(o, "member", duty_member(t, &d));
	json_object_set_new(o, "address", jstr(d.on ? member_address(r,
	    &t->members[d.member]) : NULL));
	json_object_set_new(o, "override", json_boolean(d.override));
	json_object_set_new(o, "until", jtime(d.until));
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

/* The alert as SPEC 7 shows it; "target" is null when a reload removed
 * its route. */
static json_t *
alert_object(const struct snapshot *snap, const struct alert *a, bool dedup)
{
	const struct entity *e = snapshot_find(snap, a->route);
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(a->id));
	json_object_set_new(o, "route", jstr(a->route));
	json_object_set_new(o, "key", jstr(a->key));
	json_object_set_new(o, "summary", jstr(a->summary));
	json_object_set_new(o, "state", json_string(alert_state_name(
	    a->state)));
	json_object_set_new(o, "created", jtime(a->created));
	json_object_set_new(o, "updated", jtime(a->updated));
	json_object_set_new(o, "count", json_integer(a->count));
	json_object_set_new(o, "dedup", json_boolean(dedup));
	json_object_set_new(o, "step", json_integer((json_int_t)a->esc.step));
	json_object_set_new(o, "round", json_integer(a->esc.round));
	/* The target as it was when the alert reached its step: for a
	 * rotation channel, the person it was sent to. */
	json_object_set_new(o, "target", e != NULL && e->kind == ENTITY_ROUTE ?
	    target_object(snap, escalate_step(&snap->routes[e->index],
	    &a->esc), a->esc.since) : json_null());
	json_object_set_new(o, "next_escalation",
	    a->state == ALERT_TRIGGERED ? jtime(a->esc.due) : json_null());
	json_object_set_new(o, "exhausted", json_boolean(a->esc.exhausted));
	return o;
}

char *
answer_alert(const struct snapshot *snap, const struct alert *a, bool dedup)
{
	json_t *o = ok_object();

	json_object_set_new(o, "alert", alert_object(snap, a, dedup));
	return dump(o);
}

char *
answer_alerts(const struct snapshot *snap, const struct alert *v, size_t n)
{
	json_t *o = ok_object(), *arr = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(arr, alert_object(snap, &v[i], false));
	json_object_set_new(o, "alerts", arr);
	return dump(o);
}

char *
answer_timeline(int64_t id, const struct alert_event *v, size_t n)
{
	json_t *o = ok_object(), *arr = json_array(), *e;
	size_t i;

	json_object_set_new(o, "id", json_integer(id));
	for (i = 0; i < n; i++) {
		e = json_object();
		json_object_set_new(e, "at", jtime(v[i].at));
		json_object_set_new(e, "event", json_string(alert_event_name(
		    v[i].kind)));
		json_object_set_new(e, "step", v[i].step < 0 ? json_null() :
		    json_integer(v[i].step));
		json_object_set_new(e, "address", jstr(v[i].address));
		json_object_set_new(e, "by", jstr(v[i].by));
		json_object_set_new(e, "late", json_boolean(v[i].late));
		json_array_append_new(arr, e);
	}
	json_object_set_new(o, "events", arr);
	return dump(o);
}

char *
answer_event_alert(const struct snapshot *snap, const struct alert *a)
{
	json_t *o = json_object();

	json_object_set_new(o, "event", json_string("alert"));
	json_object_set_new(o, "alert", alert_object(snap, a, false));
	return dump(o);
}
