/* store.h - where alerts and their timelines are kept durably (SPEC 7).
 *
 * One small interface in the shape of Postfix's dict_* modules: the daemon
 * opens a store, writes changes in groups (one transaction, one fsync per
 * group), reads what it needs, and purges old history. Each backend lives
 * in its own file (store-sqlite.c) that nobody else includes.
 *
 * Threads: a store has a writer side (store_write, store_purge) and a
 * reader side (every other call). Each side may be used by one thread at a
 * time, the two sides by two threads at once: a commit in progress never
 * delays a read.
 */
#ifndef STORE_H
#define STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "escalate.h"

enum alert_state {
	ALERT_TRIGGERED,
	ALERT_ACKNOWLEDGED,
	ALERT_RESOLVED
};

struct alert {
	int64_t			 id;
	char			*route;
	char			*key;
	char			*summary;	/* may be NULL */
	enum alert_state	 state;
	int64_t			 created;
	int64_t			 updated;
	long			 count;
	struct escalation	 esc;
};

/* Timeline event names, as answered by TIMELINE. */
enum alert_event_kind {
	EVENT_CREATED,
	EVENT_SENT,
	EVENT_SEND_FAILED,
	EVENT_ESCALATED,
	EVENT_ACKNOWLEDGED,
	EVENT_RESOLVED
};

struct alert_event {
	int64_t			 alert;
	int64_t			 at;
	enum alert_event_kind	 kind;
	long			 step;		/* -1: none */
	char			*address;	/* may be NULL */
	char			*by;		/* may be NULL */
	bool			 late;
};

/* One change of a write group: the alert's whole new state, or an event. */
struct store_op {
	const struct alert	 *alert;	/* borrowed; NULL for an event */
	const struct alert_event *event;	/* borrowed */
};

struct store;

/* Opens (creating and migrating as needed) the store in DIR. NULL with a
 * message in ERR on failure. */
struct store	*store_open(const char *dir, char *err, size_t errlen);
void		 store_close(struct store *);

/* Writer side. Applies the N changes in one transaction, committed to
 * disk before it returns 0; on -1 (message in ERR) none was applied. */
int	store_write(struct store *, const struct store_op *ops, size_t n,
	    char *err, size_t errlen);
/* Removes resolved alerts (and their timelines) last changed before
 * BEFORE; returns how many, or -1. */
long	store_purge(struct store *, int64_t before, char *err, size_t errlen);

/* Reader side. The alerts in STATE (all states when ALL), of ROUTE when
 * not NULL, by id; *OUT is an array the caller frees with
 * store_free_alerts(). Returns 0 or -1. */
int	store_alerts(struct store *, bool all, enum alert_state state,
	    bool open_only, const char *route, struct alert **out, size_t *n,
	    char *err, size_t errlen);
/* One alert by id: 1 found, 0 not found, -1 error. */
int	store_alert(struct store *, int64_t id, struct alert *out,
	    char *err, size_t errlen);
/* The alert's events in order; caller frees with store_free_events(). */
int	store_events(struct store *, int64_t id, struct alert_event **out,
	    size_t *n, char *err, size_t errlen);
/* The highest alert id ever written (0 for none). */
int64_t	store_last_id(struct store *);

void	alert_clear(struct alert *);
void	alert_copy(struct alert *dst, const struct alert *src);
void	store_free_alerts(struct alert *, size_t n);
void	store_free_events(struct alert_event *, size_t n);
const char *alert_state_name(enum alert_state);
const char *alert_event_name(enum alert_event_kind);

#endif
