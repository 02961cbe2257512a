/* answer.h - the JSON objects of the protocol (SPEC 3.1), built from a
 * snapshot. Every function returns a malloc'd single-line JSON text without
 * newline; the caller frees it. */
#ifndef ANSWER_H
#define ANSWER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct snapshot;
struct entity;

char	*answer_ping(void);
char	*answer_list(const struct snapshot *);
/* Every team and route at AT. */
char	*answer_now_all(const struct snapshot *, int64_t at);
char	*answer_now(const struct snapshot *, const struct entity *, int64_t at);
char	*answer_next(const struct snapshot *, const struct entity *, int64_t at,
	    size_t count);
char	*answer_shifts(const struct snapshot *, const struct entity *,
	    int64_t from, int64_t to);
char	*answer_ics(const struct snapshot *, const struct entity *, int64_t now);
char	*answer_help(void);

/* The daemon's own answers and pushed events, so that only this module
 * speaks JSON. */
struct diags;

struct answer_stats {
	int64_t		started;	/* daemon start, UTC seconds */
	int64_t		now;
	uint64_t	connections;	/* accepted since start */
	uint64_t	clients;	/* connected now */
	uint64_t	requests;
	uint64_t	errors;		/* answers with "ok":false */
	uint64_t	reloads;	/* successful */
	uint64_t	reload_failures;
	uint64_t	watchers;
	/* Alerts (SPEC 7): open now, then counts since start. */
	uint64_t	alerts_open;
	uint64_t	alerts_triggered;
	uint64_t	alerts_deduplicated;
	uint64_t	alerts_acknowledged;
	uint64_t	alerts_resolved;
	uint64_t	escalations;
	uint64_t	store_commits;
	uint64_t	store_failures;
};

char	*answer_stats(const struct snapshot *, const struct answer_stats *);
char	*answer_watching(void);
/* RELOAD's answer: success when D is NULL or empty, with NOTES (may be
 * NULL: what the reload could not apply until a restart) as "notes"; else
 * config_invalid with every diagnostic in "diagnostics". */
char	*answer_reload(const struct snapshot *, const struct diags *d,
	    const struct diags *notes);
/* {"event":"change","at":...,"kind":"team","id":...,"staffed":...} */
char	*answer_event_team(const struct snapshot *, size_t team, int64_t at);
/* {"event":"change","at":...,"kind":"route","id":...,"staffed":...,"target":{...}} */
char	*answer_event_route(const struct snapshot *, size_t route, int64_t at);
/* {"event":"change","at":...,"kind":"rotation","id":"team/rotation",
 * "staffed":...,"member":{...}|null,"override":...,"until":...} */
char	*answer_event_rotation(const struct snapshot *, size_t team,
	    size_t rotation, int64_t at);
/* {"event":"reload","at":...,"teams":N,"routes":N} */
char	*answer_event_reload(const struct snapshot *, int64_t at);

/* The alert objects of SPEC 7. */
struct alert;
struct alert_event;

/* {"ok":true,"alert":{...}} */
char	*answer_alert(const struct snapshot *, const struct alert *, bool dedup);
/* {"ok":true,"alerts":[...]} */
char	*answer_alerts(const struct snapshot *, const struct alert *, size_t n);
/* {"ok":true,"id":...,"events":[...]} */
char	*answer_timeline(int64_t id, const struct alert_event *, size_t n);
/* {"event":"alert","alert":{...}} */
char	*answer_event_alert(const struct snapshot *, const struct alert *);

#endif
