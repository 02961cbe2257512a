/* http.h - the HTTP listener (SPEC 8): the socket's answers, feeds by URL,
 * metrics, the event stream and the status page, over libmicrohttpd.
 *
 * It runs in the daemon's thread, driven by the daemon's loop: the loop
 * watches http_fd() for reading and calls http_run() when it is readable
 * and when http_timeout() has passed. Nothing here blocks.
 */
#ifndef HTTP_H
#define HTTP_H

#include <stdint.h>

struct snapshot;
struct http_conf;
struct answer_stats;

struct http_hooks {
	void	*arg;
	/* The published snapshot (borrowed until the next loop iteration). */
	const struct snapshot *(*snapshot)(void *arg);
	/* The daemon's counters, for /metrics. */
	void	(*stats)(void *arg, struct answer_stats *);
};

struct http;

/* Listens as CONF says (copied), or returns NULL after logging why. */
struct http	*http_start(const struct http_conf *conf,
		    const struct http_hooks *hooks);
/* What the loop watches for reading. */
int		 http_fd(const struct http *);
/* Seconds until http_run() must run even without input; -1: no limit. */
double		 http_timeout(const struct http *);
void		 http_run(struct http *);
/* Sends the WATCH event JSON to every /events client. */
void		 http_push(struct http *, const char *json);
/* The snapshot was replaced: cached feeds go. */
void		 http_changed(struct http *);
/* HTTP requests answered since start. */
uint64_t	 http_requests(const struct http *);
/* Ends the event streams, closes every connection, frees H. */
void		 http_stop(struct http *);

#endif
