/* http.c - the HTTP listener (SPEC 8) over libmicrohttpd, the one module
 * that includes microhttpd.h.
 *
 * MHD runs in its epoll mode without a thread of its own: the daemon's
 * loop watches MHD's epoll descriptor and calls MHD_run(), so requests are
 * answered in the daemon's one thread straight from the published
 * snapshot, with no lock and no hand-off. Every answer is computed in
 * microseconds from precomputed tables; nothing here blocks.
 *
 * /events streams are responses of unknown length whose reader suspends
 * the connection when it has nothing to send; http_push() queues an event
 * on each and resumes it.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <microhttpd.h>

#include "answer.h"
#include "feed.h"
#include "http.h"
#include "log.h"
#include "metrics.h"
#include "protocol.h"
#include "readfile.h"
#include "snapshot.h"
#include "urlmap.h"
#include "xmalloc.h"

#define FILE_MAX	(1 << 20)	/* a page file, a key or a certificate */
#define STREAM_BACKLOG	(1 << 20)	/* events waiting for a slow reader */
#define STREAM_BLOCK	4096

#if MHD_VERSION < 0x00097002
typedef int mhd_result;
#else
typedef enum MHD_Result mhd_result;
#endif

/* A feed as last served: rebuilt when the snapshot or the day changes. */
struct feed_cache {
	char	*id;
	char	*text;
	size_t	 len;
	char	 etag[24];
	int64_t	 day;
};

struct stream {
	struct http		*h;
	struct stream		*prev;
	struct stream		*next;
	struct MHD_Connection	*conn;
	char			*data;
	size_t			 off;
	size_t			 len;
	size_t			 cap;
	bool			 suspended;
	bool			 dropped;
};

struct http {
	struct MHD_Daemon	*mhd;
	struct http_hooks	 hooks;
	struct feed_cache	*feeds;
	size_t			 nfeeds;
	struct stream		*streams;
	uint64_t		 requests;
	bool			 stopping;
};

/* Per request: the target as sent, before MHD splits and decodes it. */
struct request {
	char	*target;
	bool	 counted;
	bool	 body;		/* a GET that sent one */
};

static int64_t
wallclock(void)
{
	return (int64_t)time(NULL);
}

static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	char	msg[512];
	size_t	n;

	(void)cls;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = '\0';
	log_warnx("http: %s", msg);
}

static void
common_headers(struct MHD_Response *r, const char *type)
{
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	if (strncmp(type, "application/json", 16) == 0)
		return;
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	/* The page asks nothing of any other host. */
	MHD_add_response_header(r, "Content-Security-Policy",
	    "default-src 'self'; img-src 'self' data:; "
	    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
}

static mhd_result
respond(struct MHD_Connection *conn, unsigned status, const char *type,
    const char *body, size_t len, const char *cache)
{
	struct MHD_Response	*r;
	mhd_result		 rc;

	r = MHD_create_response_from_buffer(len, (void *)(uintptr_t)body,
	    MHD_RESPMEM_MUST_COPY);
	if (r == NULL)
		return MHD_NO;
	common_headers(r, type);
	if (cache != NULL)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, cache);
	rc = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	return rc;
}

/* A protocol answer with its newline, as the socket sends it. */
static mhd_result
respond_json(struct MHD_Connection *conn, unsigned status, char *answer)
{
	mhd_result	rc;
	size_t		n;

	if (answer == NULL)
		return MHD_NO;
	n = strlen(answer);
	answer = xreallocarray(answer, n + 2, 1);
	answer[n] = '\n';
	answer[n + 1] = '\0';
	rc = respond(conn, status, "application/json", answer, n + 1,
	    "no-store");
	free(answer);
	return rc;
}

static mhd_result
serve_line(struct http *h, struct MHD_Connection *conn, const char *line)
{
	const struct snapshot	*snap = h->hooks.snapshot(h->hooks.arg);
	enum proto_verb		 verb;
	const char		*text;
	char			*ans;
	size_t			 len;

	/* NOW and PING come from the socket's answer cache, as they do for
	 * the socket's clients. */
	if ((text = h->hooks.cached(h->hooks.arg, line, strlen(line),
	    &len)) != NULL)
		return respond(conn, (unsigned)urlmap_status(text),
		    "application/json", text, len, "no-store");
	ans = protocol_answer(snap, line, strlen(line), wallclock(), &verb);
	if (ans == NULL)	/* only the stateful verbs; never mapped */
		ans = protocol_error("internal", "not answered over HTTP");
	return respond_json(conn, (unsigned)urlmap_status(ans), ans);
}

/* FNV-1a over the feed: the ETag changes exactly when the bytes do. */
static void
make_etag(const char *p, size_t len, char *out, size_t outlen)
{
	uint64_t	hash = UINT64_C(14695981039346656037);
	size_t		i;

	for (i = 0; i < len; i++) {
		hash ^= (unsigned char)p[i];
		hash *= UINT64_C(1099511628211);
	}
	snprintf(out, outlen, "\"%016" PRIx64 "\"", hash);
}

/*
 * The feed of a team, route, rotation or member, written as of the start
 * of the UTC day: its
 * horizon moves by whole days, as the exported files do, so that a feed
 * and its ETag stay the same all day until the configuration changes.
 */
static const struct feed_cache *
feed_get(struct http *h, const struct snapshot *snap, const struct entity *e)
{
	struct feed_cache	*fc = NULL;
	int64_t			 day = wallclock() / 86400;
	size_t			 i;

	for (i = 0; i < h->nfeeds; i++)
		if (strcmp(h->feeds[i].id, e->id) == 0) {
			fc = &h->feeds[i];
			break;
		}
	if (fc == NULL) {
		h->feeds = xreallocarray(h->feeds, h->nfeeds + 1,
		    sizeof(*h->feeds));
		fc = &h->feeds[h->nfeeds++];
		memset(fc, 0, sizeof(*fc));
		fc->id = xstrdup(e->id);
		fc->day = -1;
	}
	if (fc->text == NULL || fc->day != day) {
		free(fc->text);
		fc->text = feed_entity(snap, e, day * 86400);
		if (fc->text == NULL)
			fatalx("feed: out of memory");
		fc->len = strlen(fc->text);
		fc->day = day;
		make_etag(fc->text, fc->len, fc->etag, sizeof(fc->etag));
	}
	return fc;
}

static void
feeds_free(struct http *h)
{
	size_t	i;

	for (i = 0; i < h->nfeeds; i++) {
		free(h->feeds[i].id);
		free(h->feeds[i].text);
	}
	free(h->feeds);
	h->feeds = NULL;
	h->nfeeds = 0;
}

/* If-None-Match: a list of entity tags, or "*". */
static bool
etag_matches(const char *header, const char *etag)
{
	if (header == NULL)
		return false;
	return strstr(header, etag) != NULL || strcmp(header, "*") == 0;
}

static mhd_result
serve_feed(struct http *h, struct MHD_Connection *conn, const char *id)
{
	const struct snapshot	*snap = h->hooks.snapshot(h->hooks.arg);
	const struct entity	*e = snapshot_find(snap, id);
	const struct feed_cache	*fc;
	struct MHD_Response	*r;
	mhd_result		 rc;
	unsigned		 status = MHD_HTTP_OK;

	if (e == NULL)
		return respond_json(conn, MHD_HTTP_NOT_FOUND,
		    protocol_error("unknown_id", "no team or route has this "
		    "id"));
	fc = feed_get(h, snap, e);
	if (etag_matches(MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_IF_NONE_MATCH), fc->etag)) {
		status = MHD_HTTP_NOT_MODIFIED;
		r = MHD_create_response_from_buffer(0, NULL,
		    MHD_RESPMEM_PERSISTENT);
	} else
		r = MHD_create_response_from_buffer(fc->len, fc->text,
		    MHD_RESPMEM_MUST_COPY);
	if (r == NULL)
		return MHD_NO;
	if (status == MHD_HTTP_OK)
		common_headers(r, "text/calendar; charset=utf-8");
	MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, fc->etag);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
	    "no-cache");
	rc = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	return rc;
}

static mhd_result
serve_metrics(struct http *h, struct MHD_Connection *conn)
{
	struct answer_stats	 st;
	char			*text;
	mhd_result		 rc;

	memset(&st, 0, sizeof(st));
	h->hooks.stats(h->hooks.arg, &st);
	text = metrics_text(h->hooks.snapshot(h->hooks.arg), &st, h->requests,
	    wallclock());
	if (text == NULL)
		return MHD_NO;
	rc = respond(conn, MHD_HTTP_OK, "text/plain; version=0.0.4; "
	    "charset=utf-8", text, strlen(text), "no-store");
	free(text);
	return rc;
}

static mhd_result
serve_file(struct http *h, struct MHD_Connection *conn, const char *name,
    const char *type)
{
	const struct snapshot	*snap = h->hooks.snapshot(h->hooks.arg);
	char			*text, path[4096], err[256];
	size_t			 len;
	mhd_result		 rc;

	/* The folder is read at each request: a reload may move it. */
	snprintf(path, sizeof(path), "%s/%s", snap->http.web_root, name);
	if (readfile(path, FILE_MAX, &text, &len, err, sizeof(err)) == -1) {
		log_warnx("http: %s: %s", path, err);
		return respond_json(conn, MHD_HTTP_NOT_FOUND,
		    protocol_error("unknown_command", "the status page is not "
		    "installed (http.web_root)"));
	}
	rc = respond(conn, MHD_HTTP_OK, type, text, len, "no-cache");
	free(text);
	return rc;
}

/*
 * Event streams.
 */
static void
stream_append(struct stream *s, const char *p, size_t n)
{
	if (s->off > 0 && s->off == s->len)
		s->off = s->len = 0;
	if (s->len + n > s->cap) {
		s->cap = s->len + n + STREAM_BLOCK;
		s->data = xreallocarray(s->data, s->cap, 1);
	}
	memcpy(s->data + s->len, p, n);
	s->len += n;
}

static ssize_t
stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct stream	*s = cls;
	size_t		 n;

	(void)pos;
	if (s->dropped)
		return MHD_CONTENT_READER_END_WITH_ERROR;
	if (s->off == s->len) {
		if (s->h->stopping)
			return MHD_CONTENT_READER_END_OF_STREAM;
		/* Nothing to send: wait, off MHD's loop, for http_push(). */
		MHD_suspend_connection(s->conn);
		s->suspended = true;
		return 0;
	}
	n = s->len - s->off;
	if (n > max)
		n = max;
	memcpy(buf, s->data + s->off, n);
	s->off += n;
	return (ssize_t)n;
}

static void
stream_free(void *cls)
{
	struct stream	*s = cls;

	if (s->prev != NULL)
		s->prev->next = s->next;
	else
		s->h->streams = s->next;
	if (s->next != NULL)
		s->next->prev = s->prev;
	free(s->data);
	free(s);
}

static void
stream_wake(struct stream *s)
{
	if (s->suspended) {
		s->suspended = false;
		MHD_resume_connection(s->conn);
	}
}

static mhd_result
serve_events(struct http *h, struct MHD_Connection *conn)
{
	static const char	 hello[] = "retry: 5000\n\n";
	struct MHD_Response	*r;
	struct stream		*s;
	mhd_result		 rc;

	s = xcalloc(1, sizeof(*s));
	s->h = h;
	s->conn = conn;
	stream_append(s, hello, sizeof(hello) - 1);
	r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, STREAM_BLOCK,
	    stream_read, s, stream_free);
	if (r == NULL) {
		free(s->data);
		free(s);
		return MHD_NO;
	}
	if ((s->next = h->streams) != NULL)
		s->next->prev = s;
	h->streams = s;
	common_headers(r, "text/event-stream");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	/* A watcher is quiet between changes: no idle timeout for it. */
	MHD_set_connection_option(conn, MHD_CONNECTION_OPTION_TIMEOUT, 0);
	rc = MHD_queue_response(conn, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return rc;
}

void
http_push(struct http *h, const char *json)
{
	struct stream	*s;

	if (h == NULL || json == NULL)
		return;
	for (s = h->streams; s != NULL; s = s->next) {
		if (s->dropped)
			continue;
		if (s->len - s->off > STREAM_BACKLOG) {
			log_warnx("http: dropping an /events client that does "
			    "not read");
			s->dropped = true;
		} else {
			stream_append(s, "data: ", 6);
			stream_append(s, json, strlen(json));
			stream_append(s, "\n\n", 2);
		}
		stream_wake(s);
	}
	/* A resumed connection does not wake MHD's epoll descriptor: run
	 * MHD now so that it takes the resumed streams back and writes. */
	MHD_run(h->mhd);
}

/*
 * Requests.
 */
static void *
uri_logger(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct request	*rq = xcalloc(1, sizeof(*rq));

	(void)cls;
	(void)conn;
	rq->target = xstrdup(uri);
	return rq;
}

static void
request_done(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct request	*rq = *con_cls;

	(void)cls;
	(void)conn;
	(void)toe;
	if (rq != NULL) {
		free(rq->target);
		free(rq);
		*con_cls = NULL;
	}
}

static mhd_result
handle(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	struct http	*h = cls;
	struct request	*rq = *con_cls;
	struct urlmap	 m;
	mhd_result	 rc;

	(void)url;
	(void)version;
	(void)upload;
	if (rq == NULL)		/* the target logger always runs first */
		return MHD_NO;
	/*
	 * MHD calls back once with the headers, then for the body, then once
	 * more. A response queued before the body is read closes the
	 * connection: that is what a request that may have no body gets
	 * (anything but GET and HEAD, or a GET that sends one); the rest are
	 * answered at the last call and keep their connection.
	 */
	if (!rq->counted) {
		rq->counted = true;
		h->requests++;
		if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0)
			return MHD_YES;
	} else if (*upload_size != 0) {
		rq->body = true;
		*upload_size = 0;
		return MHD_YES;
	}
	if (rq->body)
		return respond_json(conn, MHD_HTTP_BAD_REQUEST,
		    protocol_error("bad_argument", "a GET has no body"));
	switch (urlmap_map(method, rq->target, &m)) {
	case URLMAP_ERROR:
		rc = respond_json(conn, (unsigned)m.status, m.body);
		break;
	case URLMAP_LINE:
		rc = serve_line(h, conn, m.line);
		break;
	case URLMAP_FEED:
		rc = serve_feed(h, conn, m.id);
		break;
	case URLMAP_METRICS:
		rc = serve_metrics(h, conn);
		break;
	case URLMAP_EVENTS:
		rc = serve_events(h, conn);
		break;
	case URLMAP_FILE:
		rc = serve_file(h, conn, m.file, m.type);
		break;
	default:
		rc = MHD_NO;
	}
	return rc;
}

static int
load_tls(const struct http_conf *conf, char **cert, char **key)
{
	char	err[256];
	size_t	len;

	if (readfile(conf->tls_cert, FILE_MAX, cert, &len, err,
	    sizeof(err)) == -1) {
		log_warnx("http.tls_cert %s: %s", conf->tls_cert, err);
		return -1;
	}
	if (readfile(conf->tls_key, FILE_MAX, key, &len, err,
	    sizeof(err)) == -1) {
		log_warnx("http.tls_key %s: %s", conf->tls_key, err);
		free(*cert);
		return -1;
	}
	return 0;
}

struct http *
http_start(const struct http_conf *conf, const struct http_hooks *hooks)
{
	struct sockaddr_in6	 a6;
	struct sockaddr_in	 a4;
	struct sockaddr		*sa;
	const union MHD_DaemonInfo *info;
	struct http		*h;
	char			*cert = NULL, *key = NULL;
	unsigned		 flags = MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME |
				    MHD_USE_ERROR_LOG;

	memset(&a4, 0, sizeof(a4));
	memset(&a6, 0, sizeof(a6));
	if (inet_pton(AF_INET, conf->host, &a4.sin_addr) == 1) {
		a4.sin_family = AF_INET;
		a4.sin_port = htons((uint16_t)conf->port);
		sa = (struct sockaddr *)&a4;
	} else if (inet_pton(AF_INET6, conf->host, &a6.sin6_addr) == 1) {
		a6.sin6_family = AF_INET6;
		a6.sin6_port = htons((uint16_t)conf->port);
		sa = (struct sockaddr *)&a6;
		flags |= MHD_USE_IPv6;
	} else {
		log_warnx("http.listen %s: not an address", conf->listen);
		return NULL;
	}
	if (conf->tls_cert != NULL) {
		if (load_tls(conf, &cert, &key) == -1)
			return NULL;
		flags |= MHD_USE_TLS;
	}
	h = xcalloc(1, sizeof(*h));
	h->hooks = *hooks;
	h->mhd = MHD_start_daemon(flags, (uint16_t)conf->port, NULL, NULL,
	    handle, h,
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
	    MHD_OPTION_SOCK_ADDR, sa,
	    MHD_OPTION_URI_LOG_CALLBACK, uri_logger, NULL,
	    MHD_OPTION_NOTIFY_COMPLETED, request_done, NULL,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)conf->max_connections,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT,
	    (unsigned)conf->per_ip_connections,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)conf->timeout,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)conf->max_request,
	    cert != NULL ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, cert,
	    MHD_OPTION_HTTPS_MEM_KEY, key,
	    MHD_OPTION_END);
	if (key != NULL) {
		explicit_bzero(key, strlen(key));
		free(key);
	}
	free(cert);
	if (h->mhd == NULL) {
		/* libmicrohttpd has logged why (through mhd_log). */
		log_warnx("http: cannot listen on %s", conf->listen);
		free(h);
		return NULL;
	}
	/* With port 0 the kernel chose one: say which. */
	info = MHD_get_daemon_info(h->mhd, MHD_DAEMON_INFO_BIND_PORT);
	log_info("http: serving %s://%s%s%s:%u/",
	    conf->tls_cert != NULL ? "https" : "http",
	    sa->sa_family == AF_INET6 ? "[" : "", conf->host,
	    sa->sa_family == AF_INET6 ? "]" : "",
	    info != NULL ? (unsigned)info->port : (unsigned)conf->port);
	return h;
}

int
http_fd(const struct http *h)
{
	const union MHD_DaemonInfo *info;

	info = MHD_get_daemon_info(h->mhd, MHD_DAEMON_INFO_EPOLL_FD);
	return info != NULL ? info->epoll_fd : -1;
}

double
http_timeout(const struct http *h)
{
	MHD_UNSIGNED_LONG_LONG	ms;

	if (MHD_get_timeout(h->mhd, &ms) != MHD_YES)
		return -1;
	return (double)ms / 1000.;
}

void
http_run(struct http *h)
{
	MHD_run(h->mhd);
}

void
http_changed(struct http *h)
{
	if (h != NULL)
		feeds_free(h);
}

uint64_t
http_requests(const struct http *h)
{
	return h != NULL ? h->requests : 0;
}

void
http_stop(struct http *h)
{
	struct stream	*s;

	if (h == NULL)
		return;
	/* MHD stops only with every connection resumed. */
	h->stopping = true;
	for (s = h->streams; s != NULL; s = s->next)
		stream_wake(s);
	MHD_run(h->mhd);
	MHD_stop_daemon(h->mhd);
	feeds_free(h);
	free(h);
}
