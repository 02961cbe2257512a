/* fetch.c - HTTP(S) requests on a libev loop through libcurl's multi socket
 * interface (see fetch.h), after curl's docs/examples/evhiperfifo.c:
 * libcurl says which sockets to watch and when to wake it (the socket and
 * timer callbacks below); the loop tells it what happened
 * (curl_multi_socket_action); finished transfers come out of
 * curl_multi_info_read and go to their callbacks.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <ev.h>

#include "fetch.h"
#include "xmalloc.h"

struct fetch {
	struct ev_loop	*loop;
	CURLM		*multi;
	ev_timer	 timer;		/* libcurl's timeout */
	struct xfer	*xfers;		/* pending, a list */
	size_t		 npending;
	int		 running;
};

/* One transfer. */
struct xfer {
	struct fetch		*f;
	struct xfer		*next, **prevp;
	CURL			*easy;
	struct curl_slist	*headers;
	fetch_done_fn		*done;
	void			*arg;
	char			*buf;
	size_t			 len, cap, max;
	bool			 toolarge;
	char			*etag, *last_modified;
	char			 errbuf[CURL_ERROR_SIZE];
};

/* A socket libcurl wants watched. */
struct sock {
	ev_io		 io;
	struct fetch	*f;
	curl_socket_t	 fd;
};

static void check_done(struct fetch *);

static void
xfer_free(struct xfer *x)
{
	curl_multi_remove_handle(x->f->multi, x->easy);
	curl_easy_cleanup(x->easy);
	curl_slist_free_all(x->headers);
	*x->prevp = x->next;
	if (x->next != NULL)
		x->next->prevp = x->prevp;
	x->f->npending--;
	free(x->buf);
	free(x->etag);
	free(x->last_modified);
	free(x);
}

static size_t
on_body(char *data, size_t size, size_t n, void *p)
{
	struct xfer *x = p;
	size_t len = size * n;

	if (len > x->max - x->len) {
		x->toolarge = true;
		return 0;		/* libcurl stops with a write error */
	}
	if (x->len + len + 1 > x->cap) {
		x->cap = (x->len + len + 1) * 2;
		if (x->cap > x->max + 1)
			x->cap = x->max + 1;
		x->buf = xreallocarray(x->buf, x->cap, 1);
	}
	memcpy(x->buf + x->len, data, len);
	x->len += len;
	return len;
}

/* Keeps the value of header NAME ("ETag") of line S (LEN bytes) in *OUT. */
static void
keep_header(const char *s, size_t len, const char *name, char **out)
{
	size_t n = strlen(name);

	if (len <= n + 1 || strncasecmp(s, name, n) != 0 || s[n] != ':')
		return;
	s += n + 1;
	len -= n + 1;
	while (len > 0 && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len > 0 && (s[len - 1] == '\r' || s[len - 1] == '\n' ||
	    s[len - 1] == ' '))
		len--;
	free(*out);
	*out = xmalloc(len + 1);
	memcpy(*out, s, len);
	(*out)[len] = '\0';
}

static size_t
on_header(char *data, size_t size, size_t n, void *p)
{
	struct xfer *x = p;
	size_t len = size * n;

	/* A new response (after a redirect) starts with its status line. */
	if (len > 5 && strncmp(data, "HTTP/", 5) == 0) {
		free(x->etag);
		free(x->last_modified);
		x->etag = x->last_modified = NULL;
	}
	keep_header(data, len, "ETag", &x->etag);
	keep_header(data, len, "Last-Modified", &x->last_modified);
	return len;
}

static void
finish(struct xfer *x, CURLcode code)
{
	struct fetch_result r;
	char why[CURL_ERROR_SIZE + 64];

	memset(&r, 0, sizeof(r));
	if (x->buf == NULL)
		x->buf = xmalloc(1);
	x->buf[x->len] = '\0';
	r.body = x->buf;
	r.len = x->len;
	r.etag = x->etag;
	r.last_modified = x->last_modified;
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &r.status);
	if (x->toolarge) {
		snprintf(why, sizeof(why), "the answer is larger than %zu "
		    "bytes", x->max);
		r.error = why;
	} else if (code == CURLE_OPERATION_TIMEDOUT) {
		snprintf(why, sizeof(why), "no complete answer in time (%s)",
		    x->errbuf[0] ? x->errbuf : curl_easy_strerror(code));
		r.error = why;
	} else if (code != CURLE_OK) {
		r.error = x->errbuf[0] ? x->errbuf : curl_easy_strerror(code);
	} else
		r.ok = 1;
	x->done(&r, x->arg);
	xfer_free(x);
}

static void
check_done(struct fetch *f)
{
	CURLMsg *m;
	struct xfer *x;
	int left;

	while ((m = curl_multi_info_read(f->multi, &left)) != NULL) {
		if (m->msg != CURLMSG_DONE)
			continue;
		x = NULL;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &x);
		finish(x, m->data.result);
	}
}

static void
on_io(struct ev_loop *loop, ev_io *w, int revents)
{
	struct sock *s = (struct sock *)w;
	struct fetch *f = s->f;		/* S may be freed by libcurl below */
	int action = (revents & EV_READ ? CURL_CSELECT_IN : 0) |
	    (revents & EV_WRITE ? CURL_CSELECT_OUT : 0);

	(void)loop;
	curl_multi_socket_action(f->multi, s->fd, action, &f->running);
	check_done(f);
}

static void
on_timer(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct fetch *f = w->data;

	(void)loop;
	(void)revents;
	curl_multi_socket_action(f->multi, CURL_SOCKET_TIMEOUT, 0,
	    &f->running);
	check_done(f);
}

/* libcurl: watch FD for WHAT, or stop watching it. */
static int
sock_cb(CURL *easy, curl_socket_t fd, int what, void *userp, void *sockp)
{
	struct fetch *f = userp;
	struct sock *s = sockp;
	int events = (what & CURL_POLL_IN ? EV_READ : 0) |
	    (what & CURL_POLL_OUT ? EV_WRITE : 0);

	(void)easy;
	if (what == CURL_POLL_REMOVE) {
		if (s != NULL) {
			ev_io_stop(f->loop, &s->io);
			free(s);
		}
		return 0;
	}
	if (s == NULL) {
		s = xcalloc(1, sizeof(*s));
		s->f = f;
		s->fd = fd;
		curl_multi_assign(f->multi, fd, s);
	} else
		ev_io_stop(f->loop, &s->io);
	ev_io_init(&s->io, on_io, fd, events);
	ev_io_start(f->loop, &s->io);
	return 0;
}

/* libcurl: wake it in MS milliseconds (-1: never). */
static int
timer_cb(CURLM *multi, long ms, void *userp)
{
	struct fetch *f = userp;

	(void)multi;
	ev_timer_stop(f->loop, &f->timer);
	if (ms >= 0) {
		/* 0 means now, but never from within libcurl's own call. */
		ev_timer_set(&f->timer, ms / 1000.0, 0.);
		ev_timer_start(f->loop, &f->timer);
	}
	return 0;
}

struct fetch *
fetch_new(struct ev_loop *loop)
{
	static bool inited;
	struct fetch *f;

	if (!inited) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
			return NULL;
		inited = true;
	}
	f = xcalloc(1, sizeof(*f));
	f->loop = loop;
	if ((f->multi = curl_multi_init()) == NULL) {
		free(f);
		return NULL;
	}
	ev_timer_init(&f->timer, on_timer, 0., 0.);
	f->timer.data = f;
	curl_multi_setopt(f->multi, CURLMOPT_SOCKETFUNCTION, sock_cb);
	curl_multi_setopt(f->multi, CURLMOPT_SOCKETDATA, f);
	curl_multi_setopt(f->multi, CURLMOPT_TIMERFUNCTION, timer_cb);
	curl_multi_setopt(f->multi, CURLMOPT_TIMERDATA, f);
	return f;
}

int
fetch_start(struct fetch *f, const struct fetch_req *req, fetch_done_fn *done,
    void *arg, char *err, size_t errlen)
{
	struct xfer *x;
	size_t i;
	bool post = req->method != NULL && strcmp(req->method, "POST") == 0;

	if (strncasecmp(req->url, "http://", 7) != 0 &&
	    strncasecmp(req->url, "https://", 8) != 0) {
		snprintf(err, errlen, "not an http:// or https:// URL");
		return -1;
	}
	if (req->method != NULL && !post && strcmp(req->method, "GET") != 0) {
		snprintf(err, errlen, "method %s: only GET and POST",
		    req->method);
		return -1;
	}
	x = xcalloc(1, sizeof(*x));
	if ((x->easy = curl_easy_init()) == NULL) {
		free(x);
		snprintf(err, errlen, "libcurl cannot start a transfer");
		return -1;
	}
	x->f = f;
	x->done = done;
	x->arg = arg;
	x->max = req->max_bytes;
	for (i = 0; req->headers != NULL && req->headers[i] != NULL; i++)
		x->headers = curl_slist_append(x->headers, req->headers[i]);
	curl_easy_setopt(x->easy, CURLOPT_URL, req->url);
	curl_easy_setopt(x->easy, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(x->easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(x->easy, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(x->easy, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(x->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(x->easy, CURLOPT_TIMEOUT_MS, req->timeout_ms);
	curl_easy_setopt(x->easy, CURLOPT_CONNECTTIMEOUT_MS, req->timeout_ms);
	curl_easy_setopt(x->easy, CURLOPT_USERAGENT, "oncalld");
	curl_easy_setopt(x->easy, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(x->easy, CURLOPT_HTTPHEADER, x->headers);
	curl_easy_setopt(x->easy, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(x->easy, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(x->easy, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(x->easy, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(x->easy, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(x->easy, CURLOPT_PRIVATE, x);
	if (post) {
		curl_easy_setopt(x->easy, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)req->bodylen);
		curl_easy_setopt(x->easy, CURLOPT_COPYPOSTFIELDS,
		    req->body != NULL ? req->body : "");
	}
	x->next = f->xfers;
	if (x->next != NULL)
		x->next->prevp = &x->next;
	x->prevp = &f->xfers;
	f->xfers = x;
	f->npending++;
	if (curl_multi_add_handle(f->multi, x->easy) != CURLM_OK) {
		xfer_free(x);
		snprintf(err, errlen, "libcurl cannot add a transfer");
		return -1;
	}
	return 0;
}

size_t
fetch_pending(const struct fetch *f)
{
	return f->npending;
}

void
fetch_free(struct fetch *f)
{
	if (f == NULL)
		return;
	while (f->xfers != NULL)
		xfer_free(f->xfers);
	ev_timer_stop(f->loop, &f->timer);
	curl_multi_cleanup(f->multi);
	free(f);
}
