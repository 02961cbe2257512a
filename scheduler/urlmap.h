/* urlmap.h - what an HTTP request asks for (SPEC 8), decided from its
 * method and raw request target alone: a request line of the socket
 * protocol, a feed, the metrics, the event stream, a file of the status
 * page, or an error answer. Pure: no sockets, no snapshot, no clock, so
 * that every byte of a URL can be fuzzed.
 */
#ifndef URLMAP_H
#define URLMAP_H

#include <stddef.h>

#define URLMAP_MAX_TARGET	4096	/* longer request targets: 414 */
#define URLMAP_MAX_ID		256

enum urlmap_kind {
	URLMAP_ERROR,		/* status and body say why */
	URLMAP_LINE,		/* answer the socket request in line */
	URLMAP_FEED,		/* the .ics feed of id */
	URLMAP_METRICS,
	URLMAP_EVENTS,
	URLMAP_FILE		/* a file of the status page */
};

struct urlmap {
	enum urlmap_kind kind;
	int		 status;	/* URLMAP_ERROR: the HTTP status */
	char		*body;		/* URLMAP_ERROR: a protocol error object;
					 * the caller frees it */
	char		 line[URLMAP_MAX_TARGET + 64];	/* URLMAP_LINE */
	char		 id[URLMAP_MAX_ID + 1];		/* URLMAP_FEED */
	const char	*file;		/* URLMAP_FILE: a name in the web root */
	const char	*type;		/* URLMAP_FILE: its Content-Type */
};

/* Maps METHOD and TARGET (the request target as sent: path and query,
 * percent-encoded, NUL-terminated) into *M. Returns M->kind. */
enum urlmap_kind urlmap_map(const char *method, const char *target,
	    struct urlmap *m);

/* The HTTP status of the protocol answer ANSWER: 200 for "ok":true, else
 * the one its error code calls for (404 for an unknown id, 400 for a bad
 * argument or time, ...). */
int	urlmap_status(const char *answer);

#endif
