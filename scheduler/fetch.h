/* fetch.h - HTTP(S) requests on the daemon's libev loop, through libcurl's
 * multi socket interface: a request never blocks the loop, and its result
 * comes back to a callback. The one module that includes curl.h; calendar
 * fetching and webhooks both go through it.
 */
#ifndef FETCH_H
#define FETCH_H

#include <stddef.h>

struct ev_loop;
struct fetch;

struct fetch_req {
	const char		*url;		/* http:// or https:// only */
	const char		*method;	/* "GET" (NULL too) or "POST" */
	const char *const	*headers;	/* "Name: value", NULL-ended;
						 * may be NULL */
	const char		*body;		/* POST body, BODYLEN bytes */
	size_t			 bodylen;
	size_t			 max_bytes;	/* larger bodies fail */
	long			 timeout_ms;	/* the whole transfer */
};

struct fetch_result {
	int		 ok;		/* an HTTP answer came, whatever status */
	long		 status;	/* its status, 0 without one */
	const char	*body;		/* NUL-terminated; borrowed */
	size_t		 len;
	const char	*etag;		/* response headers, or NULL; borrowed */
	const char	*last_modified;
	const char	*error;		/* why !ok, in words; borrowed */
};

/* Called once per request, from the loop; RESULT is valid during the call
 * only. */
typedef void	fetch_done_fn(const struct fetch_result *result, void *arg);

/* One set of requests on LOOP. NULL if libcurl cannot start. */
struct fetch	*fetch_new(struct ev_loop *loop);
/* Starts REQ; DONE(ARG) follows later, never from within this call.
 * Returns -1 with a message in ERR for a request that cannot start. */
int	fetch_start(struct fetch *f, const struct fetch_req *req,
	    fetch_done_fn *done, void *arg, char *err, size_t errlen);
/* Requests started and not yet done. */
size_t	fetch_pending(const struct fetch *f);
/* Cancels what is pending (no callbacks) and frees F. */
void	fetch_free(struct fetch *f);

#endif
