/* alerts.h - the daemon's open alerts and their durable groups of changes
 * (SPEC 7): ALERT, ACK and RESOLVE change an alert in memory and add the
 * change to the group of the current loop iteration; the group is committed
 * by a thread of its own, and only then are the requests answered.
 *
 * Knows no event loop: the server watches alerts_fd() and calls
 * alerts_flush() once per loop iteration and alerts_complete() when the fd
 * is readable.
 */
#ifndef ALERTS_H
#define ALERTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"

struct snapshot;
struct alerts;

/* Called for each request of a finished group, in order: OK is false when
 * the group could not be committed (answer store_unavailable). */
typedef void	alerts_done_fn(void *waiter, bool ok, void *arg);
/* Called for each alert changed by a committed group, in order; SEND when
 * the change sent it somewhere (opened, or escalated to a step). */
typedef void	alerts_changed_fn(const struct alert *, bool send, void *arg);

/* Opens the store in DIR at NOW, loads the open alerts and puts them on
 * SNAP's routes (escalate_rebase); a move that fell due before NOW is made
 * late. NULL with a message in ERR on failure. */
struct alerts	*alerts_open(const char *dir, const struct snapshot *,
		    int64_t now, char *err, size_t errlen);
/* Waits for the group in flight, then closes the store. */
void		 alerts_close(struct alerts *);
int		 alerts_fd(const struct alerts *);
/* Hands the current group, if any, to the commit thread unless one is
 * still in flight. */
void		 alerts_flush(struct alerts *);
/* Delivers the finished groups' results. */
void		 alerts_complete(struct alerts *, const struct snapshot *,
		    alerts_done_fn *, alerts_changed_fn *, void *arg);
/* A reload: every open alert is put on the new snapshot's routes. */
void		 alerts_rebase(struct alerts *, const struct snapshot *);

/*
 * The writes. Each fills OUT with the alert as the answer shows it
 * (caller clears it) and queues WAITER to be told when it is committed;
 * a return of 0 means nothing was written (answer at once), 1 that the
 * answer waits for WAITER's turn, -1 an unknown alert.
 */
int	alerts_trigger(struct alerts *, const struct snapshot *,
	    const char *route, const char *key, const char *summary,
	    int64_t now, void *waiter, struct alert *out, bool *dedup);
int	alerts_ack(struct alerts *, int64_t id, const char *by, int64_t now,
	    void *waiter, struct alert *out);
int	alerts_resolve(struct alerts *, int64_t id, const char *by,
	    int64_t now, void *waiter, struct alert *out);

/* Records an event of alert ID (a send's outcome) in the current group. */
void	alerts_note(struct alerts *, int64_t id, int64_t at,
	    enum alert_event_kind, long step, const char *address);

/* The next group also removes the resolved alerts (and their timelines)
 * last changed before BEFORE. */
void	alerts_purge(struct alerts *, int64_t before);

/* Moves every alert whose escalation is due at NOW; returns how many. */
size_t	alerts_escalate(struct alerts *, const struct snapshot *, int64_t now);
/* The earliest due escalation, or SCHED_NEVER. */
int64_t	alerts_next_due(const struct alerts *);

/* The reads, from committed state only (see store.h). */
struct store	*alerts_store(struct alerts *);

struct alerts_stats {
	uint64_t	open;		/* triggered or acknowledged now */
	uint64_t	triggered;	/* since start */
	uint64_t	deduplicated;
	uint64_t	acknowledged;
	uint64_t	resolved;
	uint64_t	escalations;
	uint64_t	commits;
	uint64_t	commit_failures;
};
void	alerts_stats(const struct alerts *, struct alerts_stats *);

#endif
