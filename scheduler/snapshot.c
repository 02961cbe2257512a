/* snapshot.c - a loaded configuration compiled for answering: schedules,
 * the id index, warnings about likely mistakes, and freeing it all. */
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "diag.h"
#include "snapshot.h"
#include "timefmt.h"
#include "tz.h"
#include "xmalloc.h"

static const char *const type_names[] = { "email", "phone", "url", "other" };

const char *
channel_type_name(enum channel_type t)
{
	return type_names[t];
}

static int
entity_cmp(const void *a, const void *b)
{
	return strcmp(((const struct entity *)a)->id,
	    ((const struct entity *)b)->id);
}

const char *
member_address(const struct rotation *r, const struct member *m)
{
	return r->contact == CONTACT_PHONE ? m->phone : m->email;
}

/* Adds the ids of team I's rotations and of their members' turns. */
static size_t
index_rotations(struct snapshot *snap, size_t i, size_t at)
{
	const struct team *t = &snap->teams[i];
	size_t j, m;

	for (j = 0; j < t->nrotations; j++) {
		snap->index[at].id = t->rotations[j].path_id;
		snap->index[at].kind = ENTITY_ROTATION;
		snap->index[at].index = i;
		snap->index[at++].rotation = j;
		for (m = 0; m < t->nmembers; m++) {
			snap->index[at].id = t->rotations[j].member_ids[m];
			snap->index[at].kind = ENTITY_MEMBER;
			snap->index[at].index = i;
			snap->index[at].rotation = j;
			snap->index[at++].member = m;
		}
	}
	return at;
}

static void
build_index(struct snapshot *snap)
{
	size_t i, at;

	snap->nindex = snap->nteams + snap->nroutes;
	for (i = 0; i < snap->nteams; i++)
		snap->nindex += snap->teams[i].nrotations *
		    (1 + snap->teams[i].nmembers);
	snap->index = xcalloc(snap->nindex, sizeof(*snap->index));
	for (i = 0; i < snap->nteams; i++) {
		snap->index[i].id = snap->teams[i].id;
		snap->index[i].kind = ENTITY_TEAM;
		snap->index[i].index = i;
	}
	for (i = 0; i < snap->nroutes; i++) {
		snap->index[snap->nteams + i].id = snap->routes[i].id;
		snap->index[snap->nteams + i].kind = ENTITY_ROUTE;
		snap->index[snap->nteams + i].index = i;
	}
	at = snap->nteams + snap->nroutes;
	for (i = 0; i < snap->nteams; i++)
		at = index_rotations(snap, i, at);
	qsort(snap->index, snap->nindex, sizeof(*snap->index), entity_cmp);
}

const struct entity *
snapshot_find(const struct snapshot *snap, const char *id)
{
	struct entity key;

	key.id = id;
	return bsearch(&key, snap->index, snap->nindex, sizeof(key),
	    entity_cmp);
}

const struct schedule *
channel_schedule(const struct team *t, const struct channel *ch)
{
	return ch->hours_text != NULL || ch->rot != NULL ? &ch->sched :
	    &t->sched;
}

const char *
channel_address(const struct team *t, const struct channel *ch, int64_t at)
{
	struct rot_duty d;

	if (ch->rot == NULL)
		return ch->address;
	rotation_at(&ch->rot->rule, at, &d);
	return d.on ? member_address(ch->rot, &t->members[d.member]) : NULL;
}

void
channel_state(const struct team *t, const struct channel *ch, int64_t at,
    struct sched_state *st, struct rot_duty *duty)
{
	struct rot_duty d;

	if (ch->rot == NULL) {
		schedule_state(channel_schedule(t, ch), at, st);
		if (duty != NULL)
			memset(duty, 0, sizeof(*duty));
		return;
	}
	rotation_at(&ch->rot->rule, at, &d);
	st->staffed = d.on;
	st->since = d.since;
	st->next = d.until;
	if (duty != NULL)
		*duty = d;
}

/*
 * A rotation's channel is staffed when someone is on duty:
 * (hours n [start, oo)) u overrides, which the schedule's own shape
 * ((hours u extra) \ closures) gives with extra = the overrides and
 * closures = [1970, start) \ the overrides. The team's hours and closures
 * play no part (SPEC 6).
 */
static void
compile_rotation(struct team *t, struct rotation *r, int64_t now)
{
	struct channel *ch = &t->channels[r->channel];

	rotation_free(&r->rule);
	rotation_compile(&r->rule, now);
	schedule_free(&ch->sched);
	memset(&ch->sched, 0, sizeof(ch->sched));
	ch->sched.tz = t->tz;
	ch->sched.hours = &r->hours;
	ch->sched.extra = &r->ov_set;
	ch->sched.closures = &r->before;
	schedule_compile(&ch->sched, now);
}

void
snapshot_compile(struct snapshot *snap, int64_t now)
{
	size_t i, j;

	for (i = 0; i < snap->nteams; i++) {
		struct team *t = &snap->teams[i];

		schedule_free(&t->sched);
		t->sched.tz = t->tz;
		t->sched.hours = &t->hours;
		t->sched.narrow = NULL;
		t->sched.extra = &t->extra;
		t->sched.closures = &t->closures;
		schedule_compile(&t->sched, now);
		for (j = 0; j < t->nchannels; j++) {
			struct channel *ch = &t->channels[j];

			/* A channel without hours of its own shares the
			 * team's table. */
			if (ch->hours_text == NULL || ch->rot != NULL)
				continue;
			schedule_free(&ch->sched);
			ch->sched = t->sched;
			ch->sched.narrow = &ch->hours;
			ivset_init(&ch->sched.table);
			schedule_compile(&ch->sched, now);
		}
		for (j = 0; j < t->nrotations; j++)
			compile_rotation(t, &t->rotations[j], now);
	}
	snap->compiled_at = now;
}

struct snapshot *
snapshot_load(const char *path, int64_t now, struct diags *d)
{
	struct snapshot *snap = xcalloc(1, sizeof(*snap));
	size_t before = d->n;

	snap->path = xstrdup(path);
	if (config_load(path, snap, d) != 0 || d->n != before) {
		snapshot_free(snap);
		return NULL;
	}
	snapshot_compile(snap, now);
	build_index(snap);
	/* Give back what parsing used: libconfig's tree and the source text
	 * of a large file are freed between the snapshot's own allocations,
	 * where the heap cannot shrink by itself (a third of the RSS of
	 * 10,000 teams with rotations). */
	malloc_trim(0);
	return snap;
}

/* True when S is not staffed at NOW and never will be again. */
static bool
never_again(const struct schedule *s, int64_t now)
{
	struct sched_state st;

	schedule_state(s, now, &st);
	return !st.staffed && st.next == SCHED_NEVER;
}

void
snapshot_warnings(const struct snapshot *snap, int64_t now, struct diags *w)
{
	char at[TIMEFMT_LEN];
	size_t i, j;

	for (i = 0; i < snap->nteams; i++) {
		const struct team *t = &snap->teams[i];
		const struct ivset *cl = &t->closures, *ex = &t->extra;

		if (cl->n > 0 && cl->v[cl->n - 1].end <= now) {
			time_format_utc(cl->v[cl->n - 1].end, at);
			diags_add(w, t->closures_pos.file, t->closures_pos.line,
			    "teams.%s.closures: every closure has ended (the "
			    "last at %s): add the coming years to its "
			    "calendars", t->id, at);
		}
		if (never_again(&t->sched, now)) {
			const struct srcpos *pos = &t->closures_pos;
			const char *setting = "closures";
			char why[128];

			if (t->hours.kind != HOURS_NEVER)
				snprintf(why, sizeof(why), "its closures cover "
				    "all of its hours");
			else if (ex->n == 0)
				continue;	/* "never" and no extra: meant */
			else if (ex->v[ex->n - 1].end <= now) {
				pos = &t->extra_pos;
				setting = "extra";
				time_format_utc(ex->v[ex->n - 1].end, at);
				snprintf(why, sizeof(why), "its hours are "
				    "\"never\" and its last extra event ended "
				    "at %s", at);
			} else
				snprintf(why, sizeof(why), "its closures cover "
				    "all of its extra events");
			diags_add(w, pos->file, pos->line, "teams.%s.%s: the team "
			    "is never staffed from now on: %s", t->id, setting,
			    why);
			continue;
		}
		for (j = 0; j < t->nchannels; j++) {
			const struct channel *ch = &t->channels[j];

			if (ch->hours_text != NULL &&
			    never_again(&ch->sched, now))
				diags_add(w, ch->hours_pos.file,
				    ch->hours_pos.line, "teams.%s.channels.%s."
				    "hours: \"%s\" never meets the team's "
				    "staffed hours from now on: the channel is "
				    "never staffed", t->id, ch->id,
				    ch->hours_text);
		}
	}
}

static void
free_strings(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
rotation_release(struct rotation *r, size_t nmembers)
{
	free(r->id);
	free(r->path_id);
	free_strings(r->member_ids, r->member_ids != NULL ? nmembers : 0);
	free(r->turns);
	free(r->start_text);
	free(r->length_text);
	free(r->hours_text);
	hours_free(&r->hours);
	free(r->overrides);
	free(r->ov);
	ivset_free(&r->ov_set);
	ivset_free(&r->before);
	rotation_free(&r->rule);
	memset(r, 0, sizeof(*r));
}

void
snapshot_free(struct snapshot *snap)
{
	size_t i, j;

	if (snap == NULL)
		return;
	for (i = 0; i < snap->nteams; i++) {
		struct team *t = &snap->teams[i];

		for (j = 0; j < t->nchannels; j++) {
			struct channel *ch = &t->channels[j];

			free(ch->id);
			free(ch->address);
			free(ch->hours_text);
			hours_free(&ch->hours);
			free(ch->pgp_key_id);
			free(ch->pgp_fingerprint);
			free(ch->encryption);
			free(ch->urgent_subject_prefix);
			free(ch->note);
			free(ch->hours_pos.file);
			schedule_free(&ch->sched);	/* empty if shared */
		}
		free(t->channels);
		for (j = 0; j < t->nmembers; j++) {
			free(t->members[j].id);
			free(t->members[j].name);
			free(t->members[j].email);
			free(t->members[j].phone);
		}
		for (j = 0; j < t->nrotations; j++)
			rotation_release(&t->rotations[j], t->nmembers);
		free(t->members);
		free(t->rotations);
		free(t->id);
		free(t->name);
		free(t->short_name);
		free(t->organization);
		free(t->timezone);
		free(t->hours_text);
		free(t->address);
		free(t->note);
		free(t->closures_pos.file);
		free(t->extra_pos.file);
		free_strings(t->services, t->nservices);
		free_strings(t->languages, t->nlanguages);
		hours_free(&t->hours);
		ivset_free(&t->extra);
		ivset_free(&t->closures);
		schedule_free(&t->sched);
	}
	free(snap->teams);
	for (i = 0; i < snap->nroutes; i++) {
		free(snap->routes[i].id);
		free(snap->routes[i].name);
		free(snap->routes[i].steps);
	}
	free(snap->routes);
	for (i = 0; i < snap->nnotify; i++) {
		free(snap->notify[i].command);
		for (j = 0; snap->notify[i].argv != NULL &&
		    snap->notify[i].argv[j] != NULL; j++)
			free(snap->notify[i].argv[j]);
		free(snap->notify[i].argv);
		free(snap->notify[i].pos.file);
	}
	free(snap->notify);
	for (i = 0; i < snap->nzones; i++)
		tz_free(snap->zones[i]);
	free(snap->zones);
	free(snap->index);
	free(snap->daemon.socket);
	free(snap->daemon.export_dir);
	free(snap->daemon.user);
	free(snap->daemon.allow_uids);
	free(snap->daemon.allow_gids);
	free(snap->daemon.reload_uids);
	free(snap->daemon.state_dir);
	free(snap->daemon.alert_uids);
	free(snap->daemon.alert_gids);
	free(snap->http.listen);
	free(snap->http.host);
	free(snap->http.base_url);
	free(snap->http.tokens);
	free(snap->http.tls_cert);
	free(snap->http.tls_key);
	free(snap->http.web_root);
	free(snap->path);
	free(snap);
}

const struct notify *
snapshot_notify(const struct snapshot *snap, enum channel_type type)
{
	size_t i;

	for (i = 0; i < snap->nnotify; i++)
		if (snap->notify[i].type == type)
			return &snap->notify[i];
	return NULL;
}
