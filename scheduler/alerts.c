/* alerts.c - open alerts in memory, their changes grouped per loop
 * iteration and committed by a thread (see alerts.h).
 *
 * Groups: the loop fills "current"; alerts_flush() hands it to the thread
 * when nothing is in flight, so while one group commits the next one
 * grows, and a burst of writes costs one fsync per commit, not per write.
 * The thread only ever touches the group it was given and the store's
 * writer side; the loop reads through the store's reader side.
 *
 * A group that fails to commit fails every request of it and of the group
 * behind it (which was built on its changes), and the open alerts are
 * read back from the store: memory never holds what the store lost.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "alerts.h"
#include "escalate.h"
#include "log.h"
#include "schedule.h"
#include "snapshot.h"
#include "xmalloc.h"

/* An escalation this much after its due time is marked late, and so is
 * every one that fell due before the store was opened (while the daemon
 * was down). */
#define LATE_AFTER	2

struct group {
	struct alert		*alerts;	/* copies, in order of change */
	bool			*send;		/* per copy: it was sent on */
	size_t			 nalerts;
	size_t			 capalerts;
	struct alert_event	*events;
	size_t			 nevents;
	size_t			 capevents;
	void			**waiters;
	size_t			 nwaiters;
	size_t			 capwaiters;
	int64_t			 purge_before;	/* 0: no purge */
	long			 purged;
	bool			 ok;
	char			 err[256];
};

struct alerts {
	struct store		*store;
	struct alert		*open;		/* by id */
	size_t			 nopen;
	size_t			 capopen;
	int64_t			 next_id;
	int64_t			 opened;	/* when alerts_open() ran */
	struct group		*current;
	struct group		*inflight;	/* owned by the thread until done */
	bool			 done;
	bool			 quit;
	pthread_t		 thread;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	int			 efd;
	struct alerts_stats	 stats;
};

static struct group *
group_new(void)
{
	return xcalloc(1, sizeof(struct group));
}

static void
group_free(struct group *g)
{
	size_t i;

	if (g == NULL)
		return;
	store_free_alerts(g->alerts, g->nalerts);
	free(g->send);
	for (i = 0; i < g->nevents; i++) {
		free(g->events[i].address);
		free(g->events[i].by);
	}
	free(g->events);
	free(g->waiters);
	free(g);
}

static bool
group_empty(const struct group *g)
{
	return g->nalerts == 0 && g->nevents == 0 && g->nwaiters == 0 &&
	    g->purge_before == 0;
}

static void
group_alert(struct group *g, const struct alert *a, bool send)
{
	if (g->nalerts == g->capalerts) {
		g->capalerts = g->capalerts ? g->capalerts * 2 : 16;
		g->alerts = xreallocarray(g->alerts, g->capalerts,
		    sizeof(*g->alerts));
		g->send = xreallocarray(g->send, g->capalerts,
		    sizeof(*g->send));
	}
	g->send[g->nalerts] = send;
	alert_copy(&g->alerts[g->nalerts++], a);
}

static void
group_event(struct group *g, const struct alert *a, int64_t at,
    enum alert_event_kind kind, long step, const char *address,
    const char *by, bool late)
{
	struct alert_event *e;

	if (g->nevents == g->capevents) {
		g->capevents = g->capevents ? g->capevents * 2 : 16;
		g->events = xreallocarray(g->events, g->capevents,
		    sizeof(*g->events));
	}
	e = &g->events[g->nevents++];
	e->alert = a->id;
	e->at = at;
	e->kind = kind;
	e->step = step;
	e->address = xstrdup_null(address);
	e->by = xstrdup_null(by);
	e->late = late;
}

static void
group_wait(struct group *g, void *waiter)
{
	if (g->nwaiters == g->capwaiters) {
		g->capwaiters = g->capwaiters ? g->capwaiters * 2 : 16;
		g->waiters = xreallocarray(g->waiters, g->capwaiters,
		    sizeof(*g->waiters));
	}
	g->waiters[g->nwaiters++] = waiter;
}

/* Alerts first: the events refer to them. */
static void
group_commit(struct store *st, struct group *g)
{
	struct store_op *ops;
	size_t i, n = 0;

	ops = xcalloc(g->nalerts + g->nevents + 1, sizeof(*ops));
	for (i = 0; i < g->nalerts; i++)
		ops[n++].alert = &g->alerts[i];
	for (i = 0; i < g->nevents; i++)
		ops[n++].event = &g->events[i];
	g->ok = n == 0 || store_write(st, ops, n, g->err, sizeof(g->err)) == 0;
	free(ops);
	/* Retention: its own transaction, after the group's. */
	if (g->ok && g->purge_before != 0)
		g->purged = store_purge(st, g->purge_before, g->err,
		    sizeof(g->err));
}

static void *
committer(void *arg)
{
	struct alerts *al = arg;
	struct group *g;
	uint64_t one = 1;

	pthread_mutex_lock(&al->mu);
	for (;;) {
		while (!al->quit && (al->inflight == NULL || al->done))
			pthread_cond_wait(&al->cv, &al->mu);
		if (al->inflight == NULL || al->done)
			break;
		g = al->inflight;
		pthread_mutex_unlock(&al->mu);
		group_commit(al->store, g);
		pthread_mutex_lock(&al->mu);
		al->done = true;
		while (write(al->efd, &one, sizeof(one)) == -1 &&
		    errno == EINTR)
			;
	}
	pthread_mutex_unlock(&al->mu);
	return NULL;
}

static const struct route *
find_route(const struct snapshot *snap, const char *id)
{
	const struct entity *e = snapshot_find(snap, id);

	return e != NULL && e->kind == ENTITY_ROUTE ? &snap->routes[e->index] :
	    NULL;
}

/* Where A is on its route now, or NULL when its route is gone. */
static const char *
step_address(const struct snapshot *snap, const struct alert *a)
{
	const struct route *r = find_route(snap, a->route);
	const struct step *st;

	if (r == NULL)
		return NULL;
	st = escalate_step(r, &a->esc);
	/* A rotation's channel: the person on duty when it got there. */
	return channel_address(&snap->teams[st->team],
	    &snap->teams[st->team].channels[st->channel], a->esc.since);
}

/* An open alert of a route that a reload removed stays where it is and no
 * longer escalates; one of a changed route keeps its step. */
static void
rebase(const struct snapshot *snap, struct alert *a)
{
	const struct route *r = find_route(snap, a->route);

	if (a->state != ALERT_TRIGGERED || r == NULL) {
		a->esc.due = SCHED_NEVER;
		return;
	}
	escalate_rebase(snap, r, &a->esc);
}

static int
load_open(struct alerts *al, const struct snapshot *snap, char *err,
    size_t errlen)
{
	struct alert *v;
	size_t n, i;

	if (store_alerts(al->store, false, ALERT_TRIGGERED, true, NULL, &v,
	    &n, err, errlen) == -1)
		return -1;
	store_free_alerts(al->open, al->nopen);
	al->open = v;
	al->nopen = al->capopen = n;
	for (i = 0; i < n; i++)
		rebase(snap, &al->open[i]);
	al->stats.open = n;
	return 0;
}

struct alerts *
alerts_open(const char *dir, const struct snapshot *snap, int64_t now,
    char *err, size_t errlen)
{
	struct alerts *al = xcalloc(1, sizeof(*al));

	al->opened = now;
	if ((al->store = store_open(dir, err, errlen)) == NULL)
		goto fail;
	if (load_open(al, snap, err, errlen) == -1)
		goto fail;
	al->next_id = store_last_id(al->store) + 1;
	al->current = group_new();
	if ((al->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) == -1) {
		snprintf(err, errlen, "eventfd: %s", strerror(errno));
		goto fail;
	}
	pthread_mutex_init(&al->mu, NULL);
	pthread_cond_init(&al->cv, NULL);
	if ((errno = pthread_create(&al->thread, NULL, committer, al)) != 0) {
		snprintf(err, errlen, "cannot start the commit thread: %s",
		    strerror(errno));
		close(al->efd);
		goto fail;
	}
	return al;
fail:
	store_free_alerts(al->open, al->nopen);
	store_close(al->store);
	group_free(al->current);
	free(al);
	return NULL;
}

void
alerts_close(struct alerts *al)
{
	if (al == NULL)
		return;
	pthread_mutex_lock(&al->mu);
	al->quit = true;
	pthread_cond_signal(&al->cv);
	pthread_mutex_unlock(&al->mu);
	pthread_join(al->thread, NULL);
	pthread_mutex_destroy(&al->mu);
	pthread_cond_destroy(&al->cv);
	close(al->efd);
	group_free(al->inflight);
	group_free(al->current);
	store_free_alerts(al->open, al->nopen);
	store_close(al->store);
	free(al);
}

int
alerts_fd(const struct alerts *al)
{
	return al->efd;
}

void
alerts_flush(struct alerts *al)
{
	pthread_mutex_lock(&al->mu);
	if (al->inflight == NULL && !group_empty(al->current)) {
		al->inflight = al->current;
		al->done = false;
		al->current = group_new();
		pthread_cond_signal(&al->cv);
	}
	pthread_mutex_unlock(&al->mu);
}

static void
fail_group(struct group *g, alerts_done_fn *done, void *arg)
{
	size_t i;

	for (i = 0; i < g->nwaiters; i++)
		done(g->waiters[i], false, arg);
}

void
alerts_complete(struct alerts *al, const struct snapshot *snap,
    alerts_done_fn *done, alerts_changed_fn *changed, void *arg)
{
	struct group *g;
	uint64_t n;
	char err[256];
	size_t i;

	while (read(al->efd, &n, sizeof(n)) == -1 && errno == EINTR)
		;
	pthread_mutex_lock(&al->mu);
	if (al->inflight == NULL || !al->done) {
		pthread_mutex_unlock(&al->mu);
		return;
	}
	g = al->inflight;
	al->inflight = NULL;
	pthread_mutex_unlock(&al->mu);
	if (g->purged > 0)
		log_info("store: %ld resolved alerts past their retention "
		    "removed", g->purged);
	else if (g->purged < 0)
		log_warnx("store: purge: %s", g->err);
	if (g->ok) {
		al->stats.commits++;
		for (i = 0; i < g->nwaiters; i++)
			done(g->waiters[i], true, arg);
		for (i = 0; i < g->nalerts; i++)
			changed(&g->alerts[i], g->send[i], arg);
		group_free(g);
		return;
	}
	log_warnx("store: a group of %zu changes was not committed: %s",
	    g->nalerts + g->nevents, g->err);
	al->stats.commit_failures++;
	fail_group(g, done, arg);
	group_free(g);
	g = al->current;
	al->current = group_new();
	fail_group(g, done, arg);
	group_free(g);
	if (load_open(al, snap, err, sizeof(err)) == -1)
		log_warnx("store: cannot read the open alerts back: %s", err);
}

void
alerts_rebase(struct alerts *al, const struct snapshot *snap)
{
	size_t i;

	for (i = 0; i < al->nopen; i++)
		rebase(snap, &al->open[i]);
}

static struct alert *
find_open(struct alerts *al, int64_t id)
{
	size_t lo = 0, hi = al->nopen, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (al->open[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < al->nopen && al->open[lo].id == id ? &al->open[lo] : NULL;
}

/* A resolved alert leaves memory. */
static void
drop_open(struct alerts *al, struct alert *a)
{
	size_t i = (size_t)(a - al->open);

	alert_clear(a);
	memmove(&al->open[i], &al->open[i + 1],
	    (al->nopen - i - 1) * sizeof(*al->open));
	al->nopen--;
	al->stats.open = al->nopen;
}

int
alerts_trigger(struct alerts *al, const struct snapshot *snap,
    const char *route, const char *key, const char *summary, int64_t now,
    void *waiter, struct alert *out, bool *dedup)
{
	const struct route *r = find_route(snap, route);
	struct alert *a;
	size_t i;

	for (i = 0; i < al->nopen; i++) {
		a = &al->open[i];
		if (strcmp(a->route, route) == 0 && strcmp(a->key, key) == 0) {
			a->count++;
			a->updated = now;
			*dedup = true;
			al->stats.deduplicated++;
			group_alert(al->current, a, false);
			group_wait(al->current, waiter);
			alert_copy(out, a);
			return 1;
		}
	}
	*dedup = false;
	if (al->nopen == al->capopen) {
		al->capopen = al->capopen ? al->capopen * 2 : 64;
		al->open = xreallocarray(al->open, al->capopen,
		    sizeof(*al->open));
	}
	a = &al->open[al->nopen++];
	memset(a, 0, sizeof(*a));
	a->id = al->next_id++;
	a->route = xstrdup(route);
	a->key = xstrdup(key);
	a->summary = xstrdup_null(summary);
	a->state = ALERT_TRIGGERED;
	a->created = a->updated = now;
	a->count = 1;
	escalate_open(snap, r, now, &a->esc);
	al->stats.open = al->nopen;
	al->stats.triggered++;
	group_alert(al->current, a, true);
	group_event(al->current, a, now, EVENT_CREATED, (long)a->esc.step,
	    step_address(snap, a), NULL, false);
	group_wait(al->current, waiter);
	alert_copy(out, a);
	return 1;
}

/* ACK and RESOLVE: the alert from memory, or a resolved one from the
 * store (answered as it is). */
static int
change_state(struct alerts *al, int64_t id, enum alert_state to,
    const char *by, int64_t now, void *waiter, struct alert *out)
{
	struct alert *a = find_open(al, id);
	char err[256];
	int rc;

	if (a == NULL) {
		rc = store_alert(al->store, id, out, err, sizeof(err));
		if (rc == -1)
			log_warnx("store: %s", err);
		return rc == 1 ? 0 : -1;
	}
	if (a->state == to) {
		alert_copy(out, a);
		return 0;
	}
	a->state = to;
	a->updated = now;
	a->esc.due = SCHED_NEVER;
	group_alert(al->current, a, false);
	group_event(al->current, a, now, to == ALERT_RESOLVED ?
	    EVENT_RESOLVED : EVENT_ACKNOWLEDGED, (long)a->esc.step, NULL, by,
	    false);
	group_wait(al->current, waiter);
	alert_copy(out, a);
	if (to == ALERT_RESOLVED) {
		al->stats.resolved++;
		drop_open(al, a);
	} else
		al->stats.acknowledged++;
	return 1;
}

int
alerts_ack(struct alerts *al, int64_t id, const char *by, int64_t now,
    void *waiter, struct alert *out)
{
	struct alert *a = find_open(al, id);

	/* Acknowledging says someone has it: it does not reopen. */
	if (a == NULL) {
		char err[256];
		int rc = store_alert(al->store, id, out, err, sizeof(err));

		return rc == 1 ? 0 : -1;
	}
	return change_state(al, id, ALERT_ACKNOWLEDGED, by, now, waiter, out);
}

int
alerts_resolve(struct alerts *al, int64_t id, const char *by, int64_t now,
    void *waiter, struct alert *out)
{
	return change_state(al, id, ALERT_RESOLVED, by, now, waiter, out);
}

size_t
alerts_escalate(struct alerts *al, const struct snapshot *snap, int64_t now)
{
	const struct route *r;
	struct alert *a;
	int64_t due;
	size_t i, moved = 0;

	for (i = 0; i < al->nopen; i++) {
		a = &al->open[i];
		/* Several moves may have fallen due while the daemon was
		 * down: each is made and recorded, late. */
		while (a->state == ALERT_TRIGGERED && a->esc.due <= now &&
		    (r = find_route(snap, a->route)) != NULL) {
			due = a->esc.due;
			if (!escalate_move(snap, r, &a->esc))
				break;
			a->updated = now;
			if (!a->esc.exhausted)
				group_event(al->current, a, now,
				    EVENT_ESCALATED, (long)a->esc.step,
				    step_address(snap, a), NULL,
				    now - due >= LATE_AFTER || due < al->opened);
			group_alert(al->current, a, !a->esc.exhausted);
			moved++;
			al->stats.escalations++;
		}
	}
	return moved;
}

void
alerts_purge(struct alerts *al, int64_t before)
{
	al->current->purge_before = before;
}

void
alerts_note(struct alerts *al, int64_t id, int64_t at,
    enum alert_event_kind kind, long step, const char *address)
{
	struct alert a;

	memset(&a, 0, sizeof(a));
	a.id = id;
	group_event(al->current, &a, at, kind, step, address, NULL, false);
}

int64_t
alerts_next_due(const struct alerts *al)
{
	int64_t due = SCHED_NEVER;
	size_t i;

	for (i = 0; i < al->nopen; i++)
		if (al->open[i].state == ALERT_TRIGGERED &&
		    al->open[i].esc.due < due)
			due = al->open[i].esc.due;
	return due;
}

struct store *
alerts_store(struct alerts *al)
{
	return al->store;
}

void
alerts_stats(const struct alerts *al, struct alerts_stats *st)
{
	*st = al->stats;
}
