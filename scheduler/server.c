/* server.c - the daemon's shell around the core: the libev loop, client
 * connections on the Unix socket, reload transactions, staffing transitions
 * pushed to WATCH clients, the daily feed export and systemd notifications.
 *
 * Everything runs in one thread. Requests are answered synchronously from
 * the published snapshot, so answers to pipelined requests are queued in the
 * order the requests arrived without any bookkeeping.
 */
#include <sys/types.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <ev.h>

#include "alerts.h"
#include "answer.h"
#include "deliver.h"
#include "diag.h"
#include "feed.h"
#include "http.h"
#include "log.h"
#include "peer.h"
#include "protocol.h"
#include "route.h"
#include "schedule.h"
#include "server.h"
#include "snapshot.h"

#define BYE_ANSWER	"{\"ok\":true,\"bye\":true}"
/* Used when even an error object cannot be allocated. */
#define OOM_ANSWER	"{\"ok\":false,\"error\":{\"code\":\"internal\"," \
			"\"message\":\"out of memory\"}}"
#define READ_SLACK	4096		/* input room beyond one maximal line */
#define READS_PER_EVENT	8		/* then let other clients have a turn */
#define ACCEPT_PAUSE	0.5		/* seconds without accept after EMFILE */
#define FD_SPARE	32		/* descriptors besides the clients' */
#define STOP_GRACE	2.0		/* seconds to flush answers at exit */
#define DRAIN_AT_CLOSE	65536		/* unread input discarded before close */
#define CACHE_MAX_ANSWER 65536		/* longer answers are not kept */
/*
 * Fairness. A connection is answered a few requests at a time, and all the
 * connections together for at most TURN_BUDGET seconds per loop iteration;
 * what is left waits in a queue (new work first) for the next iteration.
 * A connection is not computed for while PAUSE_OUTPUT bytes of answers (or
 * max_output, if lower) wait for it, and the kernel keeps at most about
 * twice SOCK_SNDBUF more: a client that pipelines and never reads costs a
 * bounded amount of work and memory, and a fresh client's PING is answered
 * in the next iteration whatever the others do.
 */
#define REQS_PER_TURN	8
#define TURN_BUDGET	0.010
#define PAUSE_OUTPUT	65536
#define SOCK_SNDBUF	32768

struct buf {
	char	*data;
	size_t	 off;		/* first byte not yet sent */
	size_t	 len;
	size_t	 cap;
};

struct server;

struct conn {
	struct server	*srv;
	struct conn	*prev;
	struct conn	*next;
	int		 fd;
	struct peer	 peer;
	ev_io		 rio;
	ev_io		 wio;
	ev_timer	 idle;
	char		*in;
	size_t		 inlen;
	size_t		 incap;
	struct buf	 out;
	bool		 watching;
	bool		 eof;		/* the peer will send nothing more */
	bool		 closing;	/* close once the output is sent */
	bool		 paused;	/* not read while its output backs up */
	bool		 dead;		/* closed; freed by the reaper */
	bool		 busy;		/* inside conn_process() */
	bool		 waiting;	/* a write's answer waits for its commit */
	char		*held;		/* that answer */
	bool		 queued;	/* in a work queue: lines wait */
	struct conn	*qnext;
};

/* Connections with requests waiting for a turn, first come first served. */
struct workq {
	struct conn	*head;
	struct conn	*tail;
};

/* The state of every team and route at the last look, to tell what changed
 * at the next transition or reload. Indexes are the snapshot's. */
struct route_mark {
	bool	staffed;
	size_t	team;		/* the target step's team and channel */
	size_t	channel;
};

/* Who is on duty in a rotation; rotations are numbered across teams. */
struct rot_mark {
	bool		on;
	bool		override;
	uint32_t	member;
	size_t		team;
	size_t		rotation;
};

struct marks {
	bool			*team;
	struct route_mark	*route;
	struct rot_mark		*rot;
	size_t			 nrot;
};

/*
 * The last answer given to each cacheable request (protocol_key()): one
 * slot per team or route, one for PING and one for NOW of everything. A
 * NOW answer depends only on the snapshot, the entity and the whole second
 * asked about, so under load most requests are a copy of the previous
 * answer. Ids find their slot through a hash table: a binary search of
 * the sorted index touches a cold string at every step once there are
 * thousands of ids. Emptied whenever the snapshot is replaced or
 * recompiled.
 */
struct cached {
	int64_t	 at;
	char	*text;		/* the answer and its newline; NULL: empty */
	size_t	 len;
	size_t	 cap;
};

struct cache_id {
	const char	*id;		/* borrowed from the snapshot; NULL: free */
	size_t		 len;
	size_t		 slot;		/* = its index in snap->index */
};

struct answer_cache {
	struct cached	*slot;		/* snap->nindex + 2, or NULL */
	size_t		 nslots;
	struct cache_id	*ids;		/* open addressing, power of two */
	size_t		 mask;
};

struct server {
	struct ev_loop		*loop;
	const struct server_conf *conf;
	struct snapshot		*snap;
	struct marks		 marks;
	int64_t			 next_change;	/* armed transition, or SCHED_NEVER */
	int			 listen_fd;
	int			 spare_fd;	/* given up to refuse a client */
	ev_io			 accept_io;
	ev_timer		 accept_pause;
	ev_periodic		 transition;
	ev_periodic		 daily;
	ev_signal		 sighup;
	ev_signal		 sigterm;
	ev_signal		 sigint;
	ev_timer		 grace;
	ev_prepare		 reaper;
	ev_prepare		 turn;		/* starts each iteration's budget */
	ev_check		 work;		/* serves the queues */
	ev_idle			 nowait;	/* no blocking poll while they wait */
	struct workq		 fresh;		/* connections read from */
	struct workq		 again;		/* had a turn, want more */
	double			 turn_end;	/* monotonic seconds */
	struct conn		*conns;
	struct conn		*graveyard;
	struct answer_stats	 stats;
	struct answer_cache	 cache;
	struct alerts		*alerts;	/* NULL until the store is opened */
	struct deliverer	*deliver;
	ev_io			 alerts_io;	/* a group was committed */
	ev_prepare		 alerts_flush;	/* end of a loop iteration */
	ev_periodic		 escalation;	/* the earliest due move */
	struct http		*http;		/* NULL: no http group */
	ev_io			 http_io;
	ev_timer		 http_timer;
	bool			 stopping;
	bool			 fds_exhausted;	/* warned once until accept works */
};

static void	conn_close(struct conn *, const char *why);
static void	workq_remove(struct workq *, struct conn *);
static void	conn_flush(struct conn *);

static int64_t
wallclock(void)
{
	return (int64_t)time(NULL);
}

/*
 * systemd notifications, without libsystemd: one datagram to the socket
 * named in $NOTIFY_SOCKET ('@' names an abstract socket).
 */
void
server_notify(const char *state)
{
	struct sockaddr_un	 sun;
	const char		*path;
	socklen_t		 slen;
	size_t			 plen;
	int			 fd;

	if ((path = getenv("NOTIFY_SOCKET")) == NULL || *path == '\0')
		return;
	if (*path != '/' && *path != '@') {
		log_debug("NOTIFY_SOCKET %s: unsupported address", path);
		return;
	}
	plen = strlen(path);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (plen >= sizeof(sun.sun_path)) {
		log_warnx("NOTIFY_SOCKET: path too long");
		return;
	}
	memcpy(sun.sun_path, path, plen);
	if (*path == '@')
		sun.sun_path[0] = '\0';
	slen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + plen +
	    (*path == '@' ? 0 : 1));
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1) {
		log_warn("notify socket");
		return;
	}
	if (sendto(fd, state, strlen(state), MSG_NOSIGNAL,
	    (struct sockaddr *)&sun, slen) == -1)
		log_warn("notify %s", path);
	close(fd);
}

void
server_signals(int how)
{
	sigset_t	sigs;

	sigemptyset(&sigs);
	sigaddset(&sigs, SIGHUP);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	if (sigprocmask(how, &sigs, NULL) == -1)
		fatal("sigprocmask");
}

/* Type=notify-reload wants the monotonic time along with RELOADING=1. */
static void
notify_reloading(void)
{
	struct timespec	ts;
	char		msg[64];

	clock_gettime(CLOCK_MONOTONIC, &ts);
	snprintf(msg, sizeof(msg), "RELOADING=1\nMONOTONIC_USEC=%" PRIu64,
	    (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000);
	server_notify(msg);
}

static void
notify_ready(const struct server *s)
{
	char	msg[128];

	snprintf(msg, sizeof(msg), "READY=1\nSTATUS=serving %zu teams, "
	    "%zu routes", s->snap->nteams, s->snap->nroutes);
	server_notify(msg);
}

/*
 * Output buffers.
 */
static int
buf_append(struct buf *b, const char *p, size_t n)
{
	size_t	 need, cap;
	char	*nd;

	if (b->len + n > b->cap && b->off > 0) {
		memmove(b->data, b->data + b->off, b->len - b->off);
		b->len -= b->off;
		b->off = 0;
	}
	need = b->len + n;
	if (need > b->cap) {
		cap = b->cap ? b->cap : 4096;
		while (cap < need)
			cap *= 2;
		if ((nd = realloc(b->data, cap)) == NULL)
			return -1;
		b->data = nd;
		b->cap = cap;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
	return 0;
}

static size_t
buf_pending(const struct buf *b)
{
	return b->len - b->off;
}

/*
 * Connections.
 */
static size_t
max_output(const struct server *s)
{
	return s->snap->daemon.max_output > 0 ?
	    (size_t)s->snap->daemon.max_output : 1024 * 1024;
}

static size_t
pause_output(const struct server *s)
{
	return max_output(s) < PAUSE_OUTPUT ? max_output(s) : PAUSE_OUTPUT;
}

static size_t
max_line(const struct server *s)
{
	return s->snap->daemon.max_line > 0 ?
	    (size_t)s->snap->daemon.max_line : 4096;
}

/* Starts and stops the connection's watchers to match its state. */
static void
conn_update(struct conn *c)
{
	struct ev_loop	*loop = c->srv->loop;
	bool		 rd;

	rd = !c->dead && !c->eof && !c->closing && !c->paused &&
	    !c->waiting && !c->queued && !c->srv->stopping;
	if (rd && !ev_is_active(&c->rio))
		ev_io_start(loop, &c->rio);
	else if (!rd && ev_is_active(&c->rio))
		ev_io_stop(loop, &c->rio);
	if (!c->dead && buf_pending(&c->out) > 0) {
		if (!ev_is_active(&c->wio))
			ev_io_start(loop, &c->wio);
	} else if (ev_is_active(&c->wio))
		ev_io_stop(loop, &c->wio);
}

/* Any progress in either direction postpones the idle timeout. */
static void
conn_touch(struct conn *c)
{
	long	timeout = c->srv->snap->daemon.idle_timeout;

	if (c->dead)
		return;
	if (c->watching || timeout <= 0) {
		ev_timer_stop(c->srv->loop, &c->idle);
		return;
	}
	c->idle.repeat = (ev_tstamp)timeout;
	ev_timer_again(c->srv->loop, &c->idle);
}

static void
conn_queue(struct conn *c, const char *text)
{
	if (c->dead)
		return;
	if (buf_append(&c->out, text, strlen(text)) == -1 ||
	    buf_append(&c->out, "\n", 1) == -1)
		conn_close(c, "out of memory");
}

/*
 * The answer cache.
 */
static void
cache_clear(struct server *s)
{
	size_t	i;

	for (i = 0; i < s->cache.nslots; i++)
		free(s->cache.slot[i].text);
	free(s->cache.slot);
	free(s->cache.ids);
	memset(&s->cache, 0, sizeof(s->cache));
}

static size_t
cache_hash(const char *p, size_t len)
{
	uint64_t	h = 0xcbf29ce484222325u;	/* FNV-1a */

	while (len-- > 0)
		h = (h ^ (unsigned char)*p++) * 0x100000001b3u;
	return (size_t)(h ^ (h >> 29));
}

static int
cache_build(struct server *s)
{
	const struct snapshot	*snap = s->snap;
	struct answer_cache	*ca = &s->cache;
	size_t			 size = 16, i, h;

	while (size < 2 * snap->nindex)
		size *= 2;
	ca->slot = calloc(snap->nindex + 2, sizeof(*ca->slot));
	ca->ids = calloc(size, sizeof(*ca->ids));
	if (ca->slot == NULL || ca->ids == NULL) {
		cache_clear(s);
		return -1;
	}
	ca->nslots = snap->nindex + 2;
	ca->mask = size - 1;
	for (i = 0; i < snap->nindex; i++) {
		const char *id = snap->index[i].id;
		size_t len = strlen(id);

		for (h = cache_hash(id, len) & ca->mask; ca->ids[h].id != NULL;
		    h = (h + 1) & ca->mask)
			;
		ca->ids[h].id = id;
		ca->ids[h].len = len;
		ca->ids[h].slot = i;
	}
	return 0;
}

/* The slot of KEY, or NULL when there is none: an unknown id (its error
 * is answered in full) or no memory. */
static struct cached *
cache_slot(struct server *s, const struct proto_key *key)
{
	struct answer_cache	*ca = &s->cache;
	size_t			 h;

	if (ca->slot == NULL && cache_build(s) == -1)
		return NULL;
	if (key->verb == VERB_PING)
		return &ca->slot[ca->nslots - 2];
	if (key->id == NULL)
		return &ca->slot[ca->nslots - 1];
	for (h = cache_hash(key->id, key->idlen) & ca->mask;
	    ca->ids[h].id != NULL; h = (h + 1) & ca->mask)
		if (ca->ids[h].len == key->idlen &&
		    memcmp(ca->ids[h].id, key->id, key->idlen) == 0)
			return &ca->slot[ca->ids[h].slot];
	return NULL;
}

static void
cache_store(struct cached *slot, int64_t at, const char *ans)
{
	size_t	 len = strlen(ans);
	char	*p;

	if (len >= CACHE_MAX_ANSWER)
		return;
	if (len + 1 > slot->cap) {
		if ((p = realloc(slot->text, len + 1)) == NULL)
			return;
		slot->text = p;
		slot->cap = len + 1;
	}
	memcpy(slot->text, ans, len);
	slot->text[len] = '\n';
	slot->len = len + 1;
	slot->at = at;
}

/* Closing is deferred: callers up the stack may still look at C (they test
 * c->dead), so the memory is freed by the reaper before the next poll. */
static void
conn_close(struct conn *c, const char *why)
{
	struct server	*s = c->srv;
	char		 sink[4096];
	size_t		 drained = 0;
	ssize_t		 n;

	if (c->dead)
		return;
	log_debug("client fd %d (uid %u pid %d): closed: %s", c->fd,
	    (unsigned)c->peer.uid, (int)c->peer.pid, why);
	c->dead = true;
	if (c->queued) {
		workq_remove(&s->fresh, c);
		workq_remove(&s->again, c);
	}
	ev_io_stop(s->loop, &c->rio);
	ev_io_stop(s->loop, &c->wio);
	ev_timer_stop(s->loop, &c->idle);
	/*
	 * Closing a Unix socket with unread input makes the peer's next read
	 * fail with ECONNRESET instead of seeing the end of our answers:
	 * discard what is already there first.
	 */
	while (!c->eof && drained < DRAIN_AT_CLOSE &&
	    (n = recv(c->fd, sink, sizeof(sink), MSG_DONTWAIT)) > 0)
		drained += (size_t)n;
	close(c->fd);
	c->fd = -1;
	if (c->watching)
		s->stats.watchers--;
	s->stats.clients--;

	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		s->conns = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	c->prev = NULL;
	c->next = s->graveyard;
	s->graveyard = c;
	ev_prepare_start(s->loop, &s->reaper);

	if (s->stopping && s->conns == NULL)
		ev_break(s->loop, EVBREAK_ALL);
}

static void
conn_free(struct conn *c)
{
	free(c->held);
	peer_free(&c->peer);
	free(c->in);
	free(c->out.data);
	free(c);
}

static void
reaper_cb(struct ev_loop *loop, ev_prepare *w, int revents)
{
	struct server	*s = w->data;
	struct conn	*c;

	struct conn	*keep = NULL;

	(void)revents;
	/* A closed client whose write is being committed is freed once the
	 * commit has answered it (alerts_done). */
	while ((c = s->graveyard) != NULL) {
		s->graveyard = c->next;
		if (c->waiting) {
			c->next = keep;
			keep = c;
		} else
			conn_free(c);
	}
	s->graveyard = keep;
	if (keep == NULL)
		ev_prepare_stop(loop, w);
}

static char	*server_reload(struct server *, const char *who);
static void	 alerts_io_cb(struct ev_loop *, ev_io *, int);
static void	 stats_alerts(const struct server *, struct answer_stats *);
static char	*alert_request(struct conn *, const char *line, size_t len,
		    int64_t now);

/* Answers one request line, appending the answer to the output. */
static void
conn_request(struct conn *c, const char *line, size_t len)
{
	struct server		*s = c->srv;
	struct answer_stats	 st;
	enum proto_verb		 verb = VERB_UNKNOWN;
	struct proto_key	 key;
	struct cached		*slot = NULL;
	char			*ans;
	const char		*text;
	char			 who[64];
	int64_t			 now = wallclock();

	if (protocol_key(line, len, now, &key) == 0 &&
	    (slot = cache_slot(s, &key)) != NULL && slot->text != NULL &&
	    slot->at == key.at) {
		s->stats.requests++;
		if (!c->dead && buf_append(&c->out, slot->text, slot->len) == -1)
			conn_close(c, "out of memory");
		return;
	}
	ans = protocol_answer(s->snap, line, len, now, &verb);
	if (verb == VERB_NONE) {
		free(ans);
		return;
	}
	s->stats.requests++;
	if (slot != NULL && ans != NULL)
		cache_store(slot, key.at, ans);
	if (ans == NULL) {
		switch (verb) {
		case VERB_WATCH:
			if (!c->watching) {
				c->watching = true;
				s->stats.watchers++;
				ev_timer_stop(s->loop, &c->idle);
			}
			ans = answer_watching();
			break;
		case VERB_RELOAD:
			if (!peer_may_reload(&c->peer, &s->snap->daemon)) {
				ans = protocol_error("forbidden",
				    "RELOAD is not allowed for uid %u",
				    (unsigned)c->peer.uid);
				break;
			}
			snprintf(who, sizeof(who), "RELOAD from uid %u pid %d",
			    (unsigned)c->peer.uid, (int)c->peer.pid);
			ans = server_reload(s, who);
			break;
		case VERB_STATS:
			st = s->stats;
			st.now = wallclock();
			stats_alerts(s, &st);
			ans = answer_stats(s->snap, &st);
			break;
		case VERB_QUIT:
			ans = strdup(BYE_ANSWER);
			c->closing = true;
			break;
		case VERB_ALERT:
		case VERB_ACK:
		case VERB_RESOLVE:
		case VERB_ALERTS:
		case VERB_TIMELINE:
			ans = alert_request(c, line, len, now);
			if (ans == NULL)
				return;		/* answered after the commit */
			break;
		default:
			ans = protocol_error("internal", "request not answered");
			break;
		}
	}
	text = ans != NULL ? ans : OOM_ANSWER;
	if (strncmp(text, "{\"ok\":false", 11) == 0)
		s->stats.errors++;
	conn_queue(c, text);
	free(ans);
}

static void
conn_reject(struct conn *c, const char *code, const char *msg)
{
	char	*ans;

	c->srv->stats.errors++;
	ans = protocol_error(code, "%s", msg);
	conn_queue(c, ans != NULL ? ans : OOM_ANSWER);
	free(ans);
	c->closing = true;
}

/*
 * Work queues.
 */
static void
workq_push(struct workq *q, struct conn *c)
{
	if (c->queued)
		return;
	c->queued = true;
	c->qnext = NULL;
	if (q->tail != NULL)
		q->tail->qnext = c;
	else
		q->head = c;
	q->tail = c;
	ev_idle_start(c->srv->loop, &c->srv->nowait);
}

static struct conn *
workq_pop(struct workq *q)
{
	struct conn	*c = q->head;

	if (c != NULL) {
		if ((q->head = c->qnext) == NULL)
			q->tail = NULL;
		c->qnext = NULL;
		c->queued = false;
	}
	return c;
}

/* Takes C out of Q, if it is there (a connection closed while queued). */
static void
workq_remove(struct workq *q, struct conn *c)
{
	struct conn	**pp, *prev = NULL;

	for (pp = &q->head; *pp != NULL; prev = *pp, pp = &(*pp)->qnext)
		if (*pp == c) {
			*pp = c->qnext;
			if (q->tail == c)
				q->tail = prev;
			c->qnext = NULL;
			c->queued = false;
			return;
		}
}

static bool
turn_left(const struct server *s)
{
	return ev_time() < s->turn_end;
}

static void	conn_process(struct conn *);

/* New input on C: answered now while this iteration's budget lasts, else
 * queued for the next. */
static void
conn_work(struct conn *c)
{
	if (c->queued || c->dead)
		return;
	if (turn_left(c->srv))
		conn_process(c);
	else {
		workq_push(&c->srv->fresh, c);
		conn_update(c);
	}
}

static void
turn_cb(struct ev_loop *loop, ev_prepare *w, int revents)
{
	struct server	*s = w->data;

	(void)loop;
	(void)revents;
	s->turn_end = ev_time() + TURN_BUDGET;
}

/* After the clients read from in this iteration: the queued ones, new work
 * first, while the budget lasts. */
static void
work_cb(struct ev_loop *loop, ev_check *w, int revents)
{
	struct server	*s = w->data;
	struct conn	*c;

	(void)revents;
	s->turn_end = ev_time() + TURN_BUDGET;
	while (turn_left(s) && ((c = workq_pop(&s->fresh)) != NULL ||
	    (c = workq_pop(&s->again)) != NULL)) {
		conn_process(c);
		conn_flush(c);
	}
	if (s->fresh.head == NULL && s->again.head == NULL)
		ev_idle_stop(loop, &s->nowait);
}

static void
nowait_cb(struct ev_loop *loop, ev_idle *w, int revents)
{
	(void)loop;
	(void)w;
	(void)revents;
}

/*
 * Answers every complete line in the input, in order, until the output
 * backs up past max_output: the rest waits in the input buffer, and the
 * connection is not read until its client has taken its answers.
 */
static void
conn_process(struct conn *c)
{
	struct server	*s = c->srv;
	size_t		 start = 0, len, limit = max_line(s);
	char		*line, *nl;
	int		 n = 0;

	/* A RELOAD answered here pushes events, which flush this very
	 * connection: that flush must not start on the same lines again. */
	if (c->busy)
		return;
	c->busy = true;
	while (!c->dead && !c->closing && !c->waiting) {
		if (buf_pending(&c->out) > pause_output(s)) {
			c->paused = true;
			break;
		}
		c->paused = false;
		/* Its turn is over: the rest waits in the queue. */
		if (n == REQS_PER_TURN) {
			if (memchr(c->in + start, '\n', c->inlen - start) !=
			    NULL || (c->eof && c->inlen > start))
				workq_push(&s->again, c);
			break;
		}
		n++;
		line = c->in + start;
		nl = c->inlen > start ? memchr(line, '\n', c->inlen - start) :
		    NULL;
		if (nl == NULL) {
			len = c->inlen - start;
			/* one more byte: the line's optional '\r' */
			if (len > limit + 1)
				goto toolong;
			if (!c->eof || len == 0)
				break;
			/* A last line without its newline still counts. */
			nl = line + len;
		}
		len = (size_t)(nl - line);
		if (len > 0 && line[len - 1] == '\r')
			len--;
		if (len > limit)
			goto toolong;
		start = (size_t)(nl - c->in) + (nl < c->in + c->inlen);
		conn_request(c, line, len);
	}
	c->busy = false;
	if (c->dead)
		return;
	if (start > 0) {
		memmove(c->in, c->in + start, c->inlen - start);
		c->inlen -= start;
	}
	if (c->eof && c->inlen == 0 && !c->waiting)
		c->closing = true;
	conn_update(c);
	return;

toolong:
	c->busy = false;
	c->inlen = 0;
	conn_reject(c, "line_too_long", "request line longer than the limit");
	conn_update(c);
}

/* Sends what the socket takes now; the rest goes when it is writable. */
static void
conn_flush(struct conn *c)
{
	struct server	*s = c->srv;
	ssize_t		 n;

	while (!c->dead) {
		while (buf_pending(&c->out) > 0) {
			n = send(c->fd, c->out.data + c->out.off,
			    buf_pending(&c->out), MSG_NOSIGNAL | MSG_DONTWAIT);
			if (n == -1) {
				if (errno == EINTR)
					continue;
				if (errno == EAGAIN || errno == EWOULDBLOCK)
					break;
				conn_close(c, strerror(errno));
				return;
			}
			c->out.off += (size_t)n;
			conn_touch(c);
		}
		if (buf_pending(&c->out) == 0) {
			c->out.off = c->out.len = 0;
			/* Don't keep a large buffer for an idle client. */
			if (c->out.cap > 65536) {
				free(c->out.data);
				c->out.data = NULL;
				c->out.cap = 0;
			}
			if (c->closing && !c->waiting) {
				conn_close(c, c->eof ? "end of input" : "done");
				return;
			}
		}
		/* Resume once half the backlog is gone, in turn. */
		if (c->paused && buf_pending(&c->out) <= pause_output(s) / 2) {
			c->paused = false;
			conn_work(c);
			if (!c->paused && !c->queued)
				continue;
		}
		break;
	}
	if (!c->dead)
		conn_update(c);
}

static int
conn_reserve(struct conn *c)
{
	size_t	 need = max_line(c->srv) + 2 + READ_SLACK;
	char	*p;

	if (c->incap >= need)
		return 0;
	if ((p = realloc(c->in, need)) == NULL)
		return -1;
	c->in = p;
	c->incap = need;
	return 0;
}

static void
conn_read_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct conn	*c = w->data;
	ssize_t		 n;
	size_t		 room;
	int		 i;

	(void)loop;
	(void)revents;
	for (i = 0; i < READS_PER_EVENT && !c->dead; i++) {
		if (conn_reserve(c) == -1) {
			conn_close(c, "out of memory");
			return;
		}
		/* Only while paused, when the watcher is stopped anyway. */
		if (c->inlen == c->incap)
			break;
		room = c->incap - c->inlen;
		n = read(c->fd, c->in + c->inlen, room);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			conn_close(c, strerror(errno));
			return;
		}
		if (n == 0)
			c->eof = true;
		else {
			c->inlen += (size_t)n;
			conn_touch(c);
		}
		conn_work(c);
		if (c->eof || c->closing || c->paused || c->queued)
			break;
		/* A short read drained the socket: asking again would only
		 * cost a system call that says EAGAIN (the watcher is level
		 * triggered and calls again when more comes). */
		if ((size_t)n < room)
			break;
	}
	conn_flush(c);
}

static void
conn_write_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	(void)loop;
	(void)revents;
	conn_flush(w->data);
}

static void
conn_idle_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)revents;
	conn_close(w->data, "idle");
}

/*
 * One uid may not hold every connection (WATCH ones included, which never
 * time out) and lock everyone else out: root excepted, it may hold
 * max_clients_per_uid of them, by default half of max_clients.
 */
static bool
uid_over_cap(const struct server *s, const struct conn *c)
{
	const struct daemon_conf *dc = &s->snap->daemon;
	const struct conn	*o;
	long			 cap, n = 0;

	if (c->peer.uid == 0)
		return false;
	cap = dc->max_clients_per_uid > 0 ? dc->max_clients_per_uid :
	    dc->max_clients / 2;
	if (cap < 1)
		cap = 1;
	for (o = s->conns; o != NULL; o = o->next)
		if (!o->dead && !o->closing && o->peer.uid == c->peer.uid &&
		    ++n > cap)
			return true;
	return false;
}

static void
conn_new(struct server *s, int fd)
{
	struct conn	*c;
	int		 sndbuf;

	if ((c = calloc(1, sizeof(*c))) == NULL) {
		log_warn("accepting a client");
		close(fd);
		return;
	}
	/* The kernel's share of a client's unread answers (see PAUSE_OUTPUT);
	 * a failure only leaves the default. */
	sndbuf = SOCK_SNDBUF;
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	if (peer_read(fd, &c->peer) == -1) {
		log_warn("client credentials (SO_PEERCRED, SO_PEERGROUPS)");
		free(c);
		close(fd);
		return;
	}
	c->srv = s;
	c->fd = fd;
	ev_io_init(&c->rio, conn_read_cb, fd, EV_READ);
	ev_io_init(&c->wio, conn_write_cb, fd, EV_WRITE);
	ev_init(&c->idle, conn_idle_cb);
	c->rio.data = c->wio.data = c->idle.data = c;

	c->next = s->conns;
	if (s->conns != NULL)
		s->conns->prev = c;
	s->conns = c;
	s->stats.connections++;
	s->stats.clients++;
	log_debug("client fd %d: uid %u gid %u pid %d", fd, (unsigned)c->peer.uid,
	    (unsigned)c->peer.gid, (int)c->peer.pid);

	/* The current client is already counted. */
	if (s->snap->daemon.max_clients > 0 &&
	    s->stats.clients > (uint64_t)s->snap->daemon.max_clients)
		conn_reject(c, "too_many_clients", "too many clients");
	else if (uid_over_cap(s, c))
		conn_reject(c, "too_many_clients", "too many connections for "
		    "this uid (daemon.max_clients_per_uid)");
	else if (!peer_allowed(&c->peer, &s->snap->daemon))
		conn_reject(c, "forbidden", "uid and gid not allowed");
	else
		conn_touch(c);
	conn_flush(c);
}

/*
 * Each client takes a descriptor, and the soft limit on open files is 1024
 * by default on Debian, for shells and services alike: below max_clients
 * plus a margin, the clients over it would not be served. The soft limit
 * is raised as far as the hard one allows (the unit sets both).
 */
static void
fit_nofile(const struct snapshot *snap)
{
	struct rlimit	 rl;
	rlim_t		 want;

	want = (rlim_t)snap->daemon.max_clients + FD_SPARE;
	if (getrlimit(RLIMIT_NOFILE, &rl) == -1) {
		log_warn("getrlimit RLIMIT_NOFILE");
		return;
	}
	if (rl.rlim_cur >= want)
		return;
	rl.rlim_cur = rl.rlim_max < want ? rl.rlim_max : want;
	if (setrlimit(RLIMIT_NOFILE, &rl) == -1) {
		log_warn("setrlimit RLIMIT_NOFILE");
		if (getrlimit(RLIMIT_NOFILE, &rl) == -1)
			return;
	}
	if (rl.rlim_cur < want)
		log_warnx("open files are limited to %llu: fewer than "
		    "max_clients (%ld) clients can be served at once, the "
		    "others are refused; raise the limit (ulimit -n, "
		    "LimitNOFILE=) to %llu or lower max_clients",
		    (unsigned long long)rl.rlim_cur,
		    snap->daemon.max_clients, (unsigned long long)want);
}

/*
 * Out of descriptors (EMFILE, ENFILE): the spare one is given up for a
 * moment to accept the next client, tell it too_many_clients and close it,
 * rather than leave it waiting in the backlog with no answer. Returns
 * whether a client was refused.
 */
static bool
refuse_one(struct server *s)
{
	char	*ans;
	int	 fd;

	if (s->spare_fd == -1)
		return false;
	close(s->spare_fd);
	fd = accept4(s->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd != -1) {
		s->stats.connections++;
		s->stats.errors++;
		if ((ans = protocol_error("too_many_clients",
		    "too many clients")) != NULL) {
			/* A fresh socket's buffer takes one short line. */
			(void)send(fd, ans, strlen(ans), MSG_NOSIGNAL |
			    MSG_DONTWAIT);
			(void)send(fd, "\n", 1, MSG_NOSIGNAL | MSG_DONTWAIT);
			free(ans);
		}
		close(fd);
	}
	s->spare_fd = fcntl(s->listen_fd, F_DUPFD_CLOEXEC, 0);
	return fd != -1;
}

static void
accept_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct server	*s = w->data;
	int		 fd;

	(void)revents;
	for (;;) {
		fd = accept4(s->listen_fd, NULL, NULL,
		    SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd != -1) {
			s->fds_exhausted = false;
			conn_new(s, fd);
			continue;
		}
		switch (errno) {
		case EAGAIN:
#if EWOULDBLOCK != EAGAIN
		case EWOULDBLOCK:
#endif
			return;
		case EINTR:
		case ECONNABORTED:
		case EPROTO:
			continue;
		case EMFILE:
		case ENFILE:
			if (!s->fds_exhausted)
				log_warnx("out of file descriptors with %"
				    PRIu64 " clients: refusing new ones",
				    s->stats.clients);
			s->fds_exhausted = true;
			if (refuse_one(s))
				continue;
			/* FALLTHROUGH */
		case ENOBUFS:
		case ENOMEM:
			/*
			 * The pending connection stays in the backlog and the
			 * socket stays readable: stop watching it for a while
			 * rather than spin.
			 */
			if (!s->fds_exhausted)
				log_warn("accept (pausing new connections)");
			s->fds_exhausted = true;
			ev_io_stop(loop, &s->accept_io);
			ev_timer_set(&s->accept_pause, ACCEPT_PAUSE, 0.);
			ev_timer_start(loop, &s->accept_pause);
			return;
		default:
			log_warn("accept");
			return;
		}
	}
}

static void
accept_pause_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct server	*s = w->data;

	(void)revents;
	if (!s->stopping)
		ev_io_start(loop, &s->accept_io);
}

/*
 * The HTTP listener (http.c): MHD's epoll descriptor and its timeout.
 */
static void
http_arm(struct server *s)
{
	double	after;

	if (s->http == NULL)
		return;
	ev_timer_stop(s->loop, &s->http_timer);
	if ((after = http_timeout(s->http)) >= 0) {
		ev_timer_set(&s->http_timer, after, 0.);
		ev_timer_start(s->loop, &s->http_timer);
	}
}

static void
http_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct server	*s = w->data;

	(void)loop;
	(void)revents;
	http_run(s->http);
	http_arm(s);
}

static void
http_timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct server	*s = w->data;

	(void)loop;
	(void)revents;
	http_run(s->http);
	http_arm(s);
}

static const struct snapshot *
http_snapshot(void *arg)
{
	return ((struct server *)arg)->snap;
}

/* The answer to a NOW or PING line from the socket's answer cache, with its
 * newline: borrowed until the next request; NULL when the line is not one
 * the cache keeps (the listener then answers it itself). */
static const char *
http_cached(void *arg, const char *line, size_t len, size_t *outlen)
{
	struct server	*s = arg;
	struct proto_key key;
	struct cached	*slot;
	enum proto_verb	 verb;
	int64_t		 now = wallclock();
	char		*ans;

	if (protocol_key(line, len, now, &key) == -1 ||
	    (slot = cache_slot(s, &key)) == NULL)
		return NULL;
	if (slot->text == NULL || slot->at != key.at) {
		if ((ans = protocol_answer(s->snap, line, len, now,
		    &verb)) == NULL)
			return NULL;
		cache_store(slot, key.at, ans);
		free(ans);
		if (slot->text == NULL || slot->at != key.at)
			return NULL;	/* too long to keep */
	}
	*outlen = slot->len;
	return slot->text;
}

static void
http_stats(void *arg, struct answer_stats *st)
{
	const struct server	*s = arg;

	*st = s->stats;
	stats_alerts(s, st);
}

static void
http_begin(struct server *s)
{
	struct http_hooks	hooks = { s, http_snapshot, http_stats,
				    http_cached };

	if (!s->snap->http.enabled)
		return;
	if ((s->http = http_start(&s->snap->http, &hooks)) == NULL)
		fatalx("cannot serve http.listen %s", s->snap->http.listen);
	ev_io_init(&s->http_io, http_cb, http_fd(s->http), EV_READ);
	ev_init(&s->http_timer, http_timer_cb);
	s->http_io.data = s->http_timer.data = s;
	ev_io_start(s->loop, &s->http_io);
	http_arm(s);
}

static void
http_end(struct server *s)
{
	if (s->http == NULL)
		return;
	ev_io_stop(s->loop, &s->http_io);
	ev_timer_stop(s->loop, &s->http_timer);
	http_stop(s->http);
	s->http = NULL;
}

/*
 * Watchers: pushed events, to WATCH clients and to /events streams.
 */
static void
server_push(struct server *s, const char *text)
{
	struct conn	*c, *next;

	if (text == NULL)
		return;
	if (s->http != NULL) {
		http_push(s->http, text);
		http_arm(s);
	}
	for (c = s->conns; c != NULL; c = next) {
		next = c->next;
		if (!c->watching || c->dead)
			continue;
		/* A watcher that never reads must not grow without bound. */
		if (buf_pending(&c->out) > 2 * max_output(s)) {
			log_warnx("dropping a WATCH client that does not read "
			    "(uid %u pid %d)", (unsigned)c->peer.uid, (int)c->peer.pid);
			conn_close(c, "watcher backlog");
			continue;
		}
		/* Sent from the write watcher: flushing here could resume
		 * a paused client's requests in the middle of a reload. */
		conn_queue(c, text);
		conn_update(c);
	}
}

static void
marks_free(struct marks *m)
{
	free(m->team);
	free(m->route);
	free(m->rot);
	m->team = NULL;
	m->route = NULL;
	m->rot = NULL;
	m->nrot = 0;
}

/* Who is on duty in every rotation at NOW; returns the earlier of NEXT and
 * the next handoff. */
static int64_t
marks_take_rotations(const struct snapshot *snap, int64_t now,
    struct marks *m, int64_t next)
{
	struct rot_duty d;
	size_t i, j, n = 0;

	for (i = 0; i < snap->nteams; i++)
		n += snap->teams[i].nrotations;
	m->rot = calloc(n + 1, sizeof(*m->rot));
	if (m->rot == NULL)
		fatal("staffing state");
	m->nrot = 0;
	for (i = 0; i < snap->nteams; i++)
		for (j = 0; j < snap->teams[i].nrotations; j++) {
			struct rot_mark *k = &m->rot[m->nrot++];

			rotation_at(&snap->teams[i].rotations[j].rule, now, &d);
			k->on = d.on;
			k->override = d.override;
			k->member = d.member;
			k->team = i;
			k->rotation = j;
			if (d.until < next)
				next = d.until;
		}
	return next;
}

/* Takes the state of everything in SNAP at NOW; returns the next change. */
static int64_t
marks_take(const struct snapshot *snap, int64_t now, struct marks *m)
{
	struct sched_state	 st;
	struct route_state	 rs;
	const struct step	*tgt;
	int64_t			 next = SCHED_NEVER;
	size_t			 i;

	m->team = calloc(snap->nteams + 1, sizeof(*m->team));
	m->route = calloc(snap->nroutes + 1, sizeof(*m->route));
	if (m->team == NULL || m->route == NULL)
		fatal("staffing state");
	for (i = 0; i < snap->nteams; i++) {
		schedule_state(&snap->teams[i].sched, now, &st);
		m->team[i] = st.staffed;
		if (st.next < next)
			next = st.next;
	}
	for (i = 0; i < snap->nroutes; i++) {
		route_resolve(snap, &snap->routes[i], now, &rs, NULL);
		tgt = route_target(&snap->routes[i], &rs);
		m->route[i].staffed = rs.staffed;
		m->route[i].team = tgt->team;
		m->route[i].channel = tgt->channel;
		if (rs.until < next)
			next = rs.until;
	}
	next = marks_take_rotations(snap, now, m, next);
	return next;
}

/* The rotation part of marks_compare(): a handoff is pushed. */
static void
marks_compare_rotations(struct server *s, const struct snapshot *old,
    const struct marks *om, const struct snapshot *new,
    const struct marks *nm, int64_t at)
{
	const struct rot_mark	*o, *n;
	const struct entity	*e;
	const struct team	*nt;
	const char		*oid, *nid;
	char			*ev;
	size_t			 i, j;

	for (i = 0; i < nm->nrot; i++) {
		n = &nm->rot[i];
		nt = &new->teams[n->team];
		nid = nt->rotations[n->rotation].path_id;
		o = NULL;
		if (old == new)
			o = &om->rot[i];
		else if ((e = snapshot_find(old, nid)) != NULL &&
		    e->kind == ENTITY_ROTATION)
			for (j = 0; j < om->nrot && o == NULL; j++)
				if (om->rot[j].team == e->index &&
				    om->rot[j].rotation == e->rotation)
					o = &om->rot[j];
		if (o == NULL)
			continue;
		/* Members are compared by id: a reload may renumber them. */
		oid = o->on ? old->teams[o->team].members[o->member].id : "";
		if (o->on == n->on && o->override == n->override &&
		    strcmp(oid, n->on ? nt->members[n->member].id : "") == 0)
			continue;
		log_info("rotation %s: %s%s", nid, n->on ?
		    nt->members[n->member].id : "nobody on duty",
		    n->override ? " (override)" : "");
		ev = answer_event_rotation(new, n->team, n->rotation, at);
		server_push(s, ev);
		free(ev);
	}
}

/*
 * Logs and pushes every difference between the states OM of OLD and NM of
 * NEW (the same snapshot at a transition; the outgoing and incoming ones at
 * a reload, where teams and routes are matched by id).
 */
static void
marks_compare(struct server *s, const struct snapshot *old,
    const struct marks *om, const struct snapshot *new,
    const struct marks *nm, int64_t at)
{
	const struct entity	*e;
	const struct route_mark	*o, *n;
	const struct team	*ot, *nt;
	char			*ev;
	size_t			 i, j;

	for (i = 0; i < new->nteams; i++) {
		j = i;
		if (old != new) {
			e = snapshot_find(old, new->teams[i].id);
			if (e == NULL || e->kind != ENTITY_TEAM)
				continue;
			j = e->index;
		}
		if (om->team[j] == nm->team[i])
			continue;
		log_info("team %s: %s", new->teams[i].id,
		    nm->team[i] ? "staffed" : "not staffed");
		ev = answer_event_team(new, i, at);
		server_push(s, ev);
		free(ev);
	}
	for (i = 0; i < new->nroutes; i++) {
		j = i;
		if (old != new) {
			e = snapshot_find(old, new->routes[i].id);
			if (e == NULL || e->kind != ENTITY_ROUTE)
				continue;
			j = e->index;
		}
		o = &om->route[j];
		n = &nm->route[i];
		ot = &old->teams[o->team];
		nt = &new->teams[n->team];
		if (o->staffed == n->staffed && strcmp(ot->id, nt->id) == 0 &&
		    strcmp(ot->channels[o->channel].id,
		    nt->channels[n->channel].id) == 0)
			continue;
		log_info("route %s: %s %s/%s", new->routes[i].id,
		    n->staffed ? "target" : "nothing staffed, queued to",
		    nt->id, nt->channels[n->channel].id);
		ev = answer_event_route(new, i, at);
		server_push(s, ev);
		free(ev);
	}
	marks_compare_rotations(s, old, om, new, nm, at);
}

static void
transition_arm(struct server *s, int64_t next, int64_t now)
{
	ev_periodic_stop(s->loop, &s->transition);
	s->next_change = next;
	if (next == SCHED_NEVER || s->stopping)
		return;
	/* Never busy-loop on a change that is already due. */
	if (next <= now)
		next = now + 1;
	ev_periodic_set(&s->transition, (ev_tstamp)next, 0., NULL);
	ev_periodic_start(s->loop, &s->transition);
	log_debug("next staffing change at %" PRId64, next);
}

static void
transition_cb(struct ev_loop *loop, ev_periodic *w, int revents)
{
	struct server	*s = w->data;
	struct marks	 nm;
	int64_t		 now = wallclock(), next;

	(void)loop;
	(void)revents;
	/* ev_periodic fires by the loop's clock, which may lead time(). */
	if (s->next_change != SCHED_NEVER && now < s->next_change)
		now = s->next_change;
	next = marks_take(s->snap, now, &nm);
	marks_compare(s, s->snap, &s->marks, s->snap, &nm, now);
	marks_free(&s->marks);
	s->marks = nm;
	transition_arm(s, next, now);
}

/*
 * Feeds, replaced atomically: a calendar client never reads a partial file.
 */
static int
write_atomic(const char *dir, const char *name, const char *text)
{
	char	 path[4096], tmp[4096];
	size_t	 len = strlen(text), off = 0;
	ssize_t	 n;
	int	 fd;

	if (snprintf(path, sizeof(path), "%s/%s.ics", dir, name) >=
	    (int)sizeof(path) ||
	    snprintf(tmp, sizeof(tmp), "%s/.%s.ics.XXXXXX", dir, name) >=
	    (int)sizeof(tmp)) {
		log_warnx("feed %s: path too long", name);
		return -1;
	}
	if ((fd = mkostemps(tmp, 0, O_CLOEXEC)) == -1) {
		log_warn("feed %s", tmp);
		return -1;
	}
	/* Feeds are public by nature: a web server serves them. */
	if (fchmod(fd, 0644) == -1)
		goto fail;
	while (off < len) {
		if ((n = write(fd, text + off, len - off)) == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		off += (size_t)n;
	}
	if (fsync(fd) == -1)
		goto fail;
	if (close(fd) == -1) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) == -1)
		goto fail;
	return 0;
fail:
	log_warn("feed %s", path);
	if (fd != -1)
		close(fd);
	unlink(tmp);
	return -1;
}

static bool
feed_name_ok(const char *id)
{
	return *id != '\0' && *id != '.' && strchr(id, '/') == NULL;
}

/*
 * A daemon killed between mkostemps() and rename() leaves its temporary
 * ".<id>.ics.XXXXXX" behind; nobody else writes that shape of name here.
 */
static void
remove_stale_temps(int dfd)
{
	DIR		*dp;
	struct dirent	*de;
	const char	*suffix;
	int		 fd;

	if ((fd = dup(dfd)) == -1 || (dp = fdopendir(fd)) == NULL) {
		if (fd != -1)
			close(fd);
		return;
	}
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] != '.' ||
		    (suffix = strstr(de->d_name, ".ics.")) == NULL ||
		    strlen(suffix) != strlen(".ics.XXXXXX"))
			continue;
		if (unlinkat(dfd, de->d_name, 0) == 0)
			log_info("feeds: removed %s left by an interrupted "
			    "export", de->d_name);
	}
	closedir(dp);
}

/* Each rotation's feed, "<team>.<rotation>.ics", and each member's,
 * "<team>.<rotation>.<member>.ics" (SPEC 6). */
static void
export_rotation_feeds(const struct snapshot *snap, const char *dir,
    int64_t now, size_t *ok, size_t *failed)
{
	char	 name[256], *text;
	size_t	 i, j;
	int	 m;

	for (i = 0; i < snap->nteams; i++)
		for (j = 0; j < snap->teams[i].nrotations; j++)
			for (m = -1; m < (int)snap->teams[i].nmembers; m++) {
				const struct team *t = &snap->teams[i];
				const struct rotation *r = &t->rotations[j];

				if (m < 0)
					snprintf(name, sizeof(name), "%s.%s",
					    t->id, r->id);
				else
					snprintf(name, sizeof(name), "%s.%s.%s",
					    t->id, r->id, t->members[m].id);
				if ((text = feed_rotation(t, r, m, now)) ==
				    NULL) {
					(*failed)++;
					continue;
				}
				if (write_atomic(dir, name, text) == 0)
					(*ok)++;
				else
					(*failed)++;
				free(text);
			}
}

static void
export_feeds(struct server *s, int64_t now)
{
	const struct snapshot	*snap = s->snap;
	const char		*dir = snap->daemon.export_dir;
	char			*text;
	size_t			 i, ok = 0, failed = 0;
	int			 dfd;

	if (dir == NULL)
		return;
	/* One warning, not one per feed, when the folder is unusable. */
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		log_warn("feeds: not exported to %s", dir);
		return;
	}
	remove_stale_temps(dfd);
	for (i = 0; i < snap->nteams + snap->nroutes; i++) {
		const char *id = i < snap->nteams ? snap->teams[i].id :
		    snap->routes[i - snap->nteams].id;

		if (!feed_name_ok(id)) {
			log_warnx("feed %s: not a file name", id);
			failed++;
			continue;
		}
		text = i < snap->nteams ? feed_team(snap, &snap->teams[i], now) :
		    feed_route(snap, &snap->routes[i - snap->nteams], now);
		if (text == NULL) {
			log_warnx("feed %s: out of memory", id);
			failed++;
			continue;
		}
		if (write_atomic(dir, id, text) == 0)
			ok++;
		else
			failed++;
		free(text);
	}
	export_rotation_feeds(snap, dir, now, &ok, &failed);
	/* The renames are durable once the directory is. */
	if (fsync(dfd) == -1)
		log_warn("feeds: fsync %s", dir);
	close(dfd);
	if (failed > 0)
		log_warnx("feeds: %zu written to %s, %zu failed", ok, dir,
		    failed);
	else
		log_debug("feeds: %zu written to %s", ok, dir);
}

static void
daily_cb(struct ev_loop *loop, ev_periodic *w, int revents)
{
	struct server	*s = w->data;
	int64_t		 now = wallclock();

	(void)loop;
	(void)revents;
	/*
	 * Keep "now" inside the precomputed window so that queries stay
	 * binary searches. The loop is single-threaded and nothing holds a
	 * pointer into the tables between callbacks, so recompiling the
	 * published snapshot here is safe.
	 */
	if (now > s->snap->compiled_at + SCHEDULE_WINDOW_AFTER / 2) {
		log_debug("recompiling the schedule window");
		snapshot_compile(s->snap, now);
		cache_clear(s);
	}
	export_feeds(s, now);
	if (s->alerts != NULL)
		alerts_purge(s->alerts, now -
		    s->snap->daemon.alert_retention * 86400);
}

/* Logs what in SNAP is valid but most likely a mistake, seen from NOW. */
static void
log_config_warnings(const struct snapshot *snap, int64_t now)
{
	struct diags	 w = DIAGS_INITIALIZER;
	char		 line[1024];
	size_t		 i;

	snapshot_warnings(snap, now, &w);
	for (i = 0; i < w.n; i++) {
		diag_format(&w.v[i], line, sizeof(line));
		log_warnx("%s", line);
	}
	diags_free(&w);
}

/* Logs TEXT as a warning and adds it to NOTES, for RELOAD's answer. */
static void
note(struct diags *notes, const char *text)
{
	log_warnx("%s", text);
	diags_add(notes, NULL, 0, "%s", text);
}

/*
 * A socket_mode changed at reload. fchmod() on the listening descriptor
 * would change the socket's own inode, not the file clients open, and
 * chmod() by path would follow whatever the path has become: the file is
 * opened with O_PATH|O_NOFOLLOW, must be the very socket bound at start
 * (device and inode), and is changed through that descriptor.
 */
static void
apply_socket_mode(struct server *s, unsigned mode, struct diags *notes)
{
	const struct server_conf *conf = s->conf;
	struct stat	 sb;
	char		 proc[64], text[512];
	int		 fd;

	if (conf->unlink_path == NULL) {
		note(notes, "daemon.socket_mode changed: the socket is "
		    "systemd's, set SocketMode= in oncalld.socket");
		return;
	}
	if ((fd = open(conf->unlink_path, O_PATH | O_NOFOLLOW | O_CLOEXEC)) ==
	    -1 || fstat(fd, &sb) == -1 || !S_ISSOCK(sb.st_mode) ||
	    sb.st_dev != conf->sock_dev || sb.st_ino != conf->sock_ino) {
		snprintf(text, sizeof(text), "daemon.socket_mode changed: "
		    "takes effect at restart (%s is not the socket bound at "
		    "start)", conf->unlink_path);
		note(notes, text);
		if (fd != -1)
			close(fd);
		return;
	}
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	if (chmod(proc, (mode_t)mode) == -1) {
		snprintf(text, sizeof(text), "daemon.socket_mode changed: "
		    "takes effect at restart (chmod %s: %s)",
		    conf->unlink_path, strerror(errno));
		note(notes, text);
	} else
		log_info("daemon.socket_mode: %s is now %04o",
		    conf->unlink_path, mode);
	close(fd);
}

/* A reload that narrows the allow-lists closes the connections they no
 * longer admit (WATCH ones never time out). */
static void
recheck_peers(struct server *s)
{
	struct conn	*c, *next;
	size_t		 closed = 0;

	for (c = s->conns; c != NULL; c = next) {
		next = c->next;
		if (c->dead || c->closing ||
		    peer_allowed(&c->peer, &s->snap->daemon))
			continue;
		if (c->watching) {
			c->watching = false;
			s->stats.watchers--;
		}
		conn_reject(c, "forbidden", "uid and gid no longer allowed");
		/* Its pending requests are dropped with it. */
		c->inlen = 0;
		conn_flush(c);
		closed++;
	}
	if (closed > 0)
		log_info("reload: closed %zu connection%s the allow-lists no "
		    "longer admit", closed, closed == 1 ? "" : "s");
}

/*
 * Alerts (SPEC 7). The store is opened at start when it holds alerts, else
 * at the first alert request, so that a daemon never asked about alerts
 * writes nothing to its state folder.
 */
#define STORE_FILE_NAME	"alerts.sqlite"

static void	escalation_arm(struct server *);

static int
alerts_ready(struct server *s, bool create)
{
	char err[512], *path;
	struct stat sb;
	int exists;

	if (s->alerts != NULL)
		return 0;
	if (asprintf(&path, "%s/%s", s->snap->daemon.state_dir,
	    STORE_FILE_NAME) == -1)
		return -1;
	exists = stat(path, &sb) == 0;
	free(path);
	if (!exists && !create)
		return -1;
	s->alerts = alerts_open(s->snap->daemon.state_dir, s->snap,
	    wallclock(), err, sizeof(err));
	if (s->alerts == NULL) {
		log_warnx("alert store: %s", err);
		return -1;
	}
	ev_io_init(&s->alerts_io, alerts_io_cb, alerts_fd(s->alerts), EV_READ);
	s->alerts_io.data = s;
	ev_io_start(s->loop, &s->alerts_io);
	ev_prepare_start(s->loop, &s->alerts_flush);
	log_info("alert store %s/%s open", s->snap->daemon.state_dir,
	    STORE_FILE_NAME);
	alerts_purge(s->alerts, wallclock() -
	    s->snap->daemon.alert_retention * 86400);
	escalation_arm(s);
	return 0;
}

static char *
store_unavailable(void)
{
	return protocol_error("store_unavailable", "the alert store cannot "
	    "be written now; the request was not applied");
}

/* Holds ANSWER until C's write is committed. */
static void
hold(struct conn *c, char *answer)
{
	c->held = answer;
	c->waiting = true;
}

static char *
alert_request(struct conn *c, const char *line, size_t len, int64_t now)
{
	struct server *s = c->srv;
	struct proto_alert rq;
	struct alert a, *v;
	struct alert_event *ev;
	char *err, msg[256];
	bool dedup = false, write;
	size_t n;
	int rc;

	if ((err = protocol_alert(s->snap, line, len, &rq)) != NULL)
		return err;
	write = rq.verb == VERB_ALERT || rq.verb == VERB_ACK ||
	    rq.verb == VERB_RESOLVE;
	if (write && !peer_may_write_alerts(&c->peer, &s->snap->daemon)) {
		protocol_alert_free(&rq);
		return protocol_error("forbidden", "alerts may not be changed "
		    "by uid %u", (unsigned)c->peer.uid);
	}
	if (alerts_ready(s, write) == -1) {
		protocol_alert_free(&rq);
		if (write)
			return store_unavailable();
		/* No store yet: no alert was ever written. */
		if (rq.verb == VERB_ALERTS)
			return answer_alerts(s->snap, NULL, 0);
		return protocol_error("unknown_alert", "no alert %" PRId64,
		    rq.id);
	}
	memset(&a, 0, sizeof(a));
	err = NULL;
	switch (rq.verb) {
	case VERB_ALERT:
		rc = alerts_trigger(s->alerts, s->snap, rq.route, rq.key,
		    rq.summary, now, c, &a, &dedup);
		break;
	case VERB_ACK:
		rc = alerts_ack(s->alerts, rq.id, rq.by, now, c, &a);
		break;
	case VERB_RESOLVE:
		rc = alerts_resolve(s->alerts, rq.id, rq.by, now, c, &a);
		break;
	case VERB_ALERTS:
		if (store_alerts(alerts_store(s->alerts), rq.state < 0 &&
		    !rq.open_only, rq.state < 0 ? 0 : (enum alert_state)rq.state,
		    rq.open_only, rq.route, &v, &n, msg, sizeof(msg)) == -1) {
			log_warnx("alert store: %s", msg);
			err = store_unavailable();
		} else {
			err = answer_alerts(s->snap, v, n);
			store_free_alerts(v, n);
		}
		protocol_alert_free(&rq);
		return err;
	default:	/* VERB_TIMELINE */
		rc = store_alert(alerts_store(s->alerts), rq.id, &a, msg,
		    sizeof(msg));
		if (rc == 1 && store_events(alerts_store(s->alerts), rq.id,
		    &ev, &n, msg, sizeof(msg)) == 0) {
			err = answer_timeline(rq.id, ev, n);
			store_free_events(ev, n);
		} else if (rc == 0)
			err = protocol_error("unknown_alert", "no alert %"
			    PRId64, rq.id);
		else {
			log_warnx("alert store: %s", msg);
			err = store_unavailable();
		}
		alert_clear(&a);
		protocol_alert_free(&rq);
		return err;
	}
	if (rc == -1)
		err = protocol_error("unknown_alert", "no alert %" PRId64,
		    rq.id);
	else if (rc == 0)
		err = answer_alert(s->snap, &a, dedup);
	else {
		hold(c, answer_alert(s->snap, &a, dedup));
		escalation_arm(s);
	}
	alert_clear(&a);
	protocol_alert_free(&rq);
	return err;
}

/* A write of C was committed (OK) or not. */
static void
alerts_done(void *waiter, bool ok, void *arg)
{
	struct conn *c = waiter;
	char *ans;

	(void)arg;
	c->waiting = false;
	if (c->dead) {
		free(c->held);
		c->held = NULL;
		ev_prepare_start(c->srv->loop, &c->srv->reaper);
		return;
	}
	if (ok)
		ans = c->held;
	else {
		free(c->held);
		ans = store_unavailable();
		c->srv->stats.errors++;
	}
	c->held = NULL;
	conn_queue(c, ans);
	free(ans);
	/* The lines that came after the write, in this iteration's turn. */
	conn_work(c);
	conn_flush(c);
}

static void
stats_alerts(const struct server *s, struct answer_stats *st)
{
	struct alerts_stats as;

	if (s->alerts == NULL)
		return;
	alerts_stats(s->alerts, &as);
	st->alerts_open = as.open;
	st->alerts_triggered = as.triggered;
	st->alerts_deduplicated = as.deduplicated;
	st->alerts_acknowledged = as.acknowledged;
	st->alerts_resolved = as.resolved;
	st->escalations = as.escalations;
	st->store_commits = as.commits;
	st->store_failures = as.commit_failures;
}

/* A committed change: pushed to WATCH clients, and sent on when it moved
 * the alert to a step (at least once: a send starts only once the move is
 * on disk). */
static void
alerts_changed(const struct alert *a, bool send, void *arg)
{
	struct server *s = arg;
	char *ev = answer_event_alert(s->snap, a);

	server_push(s, ev);
	free(ev);
	if (send)
		deliver_send(s->deliver, s->snap, a, s->snap->daemon.state_dir,
		    wallclock());
}

/* One attempt of a send ended: in the timeline. */
static void
delivered(int64_t alert, long step, const char *address, bool ok,
    bool final, void *arg)
{
	struct server *s = arg;

	(void)final;
	if (s->alerts != NULL)
		alerts_note(s->alerts, alert, wallclock(), ok ? EVENT_SENT :
		    EVENT_SEND_FAILED, step, address);
}

static void
alerts_io_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct server *s = w->data;

	(void)loop;
	(void)revents;
	alerts_complete(s->alerts, s->snap, alerts_done, alerts_changed, s);
	escalation_arm(s);
}

static void
alerts_flush_cb(struct ev_loop *loop, ev_prepare *w, int revents)
{
	struct server *s = w->data;

	(void)loop;
	(void)revents;
	if (s->alerts != NULL)
		alerts_flush(s->alerts);
}

static void
escalation_cb(struct ev_loop *loop, ev_periodic *w, int revents)
{
	struct server *s = w->data;
	size_t n;

	(void)loop;
	(void)revents;
	n = alerts_escalate(s->alerts, s->snap, wallclock());
	if (n > 0)
		log_info("%zu alerts escalated", n);
	escalation_arm(s);
}

/* Arms the timer at the earliest due move (at once when overdue). */
static void
escalation_arm(struct server *s)
{
	int64_t due;

	if (s->alerts == NULL || s->stopping)
		return;
	due = alerts_next_due(s->alerts);
	ev_periodic_stop(s->loop, &s->escalation);
	if (due == SCHED_NEVER)
		return;
	ev_periodic_set(&s->escalation, (ev_tstamp)due, 0., NULL);
	ev_periodic_start(s->loop, &s->escalation);
}

/*
 * Reload: a transaction. The new snapshot is built aside; the old one keeps
 * answering if anything is wrong with the new configuration.
 */
static char *
server_reload(struct server *s, const char *who)
{
	struct diags	 d = DIAGS_INITIALIZER, notes = DIAGS_INITIALIZER;
	struct snapshot	*old = s->snap, *new;
	struct marks	 nm;
	char		*ans, line[1024];
	int64_t		 now = wallclock(), next;
	size_t		 i;

	notify_reloading();
	log_info("reloading %s (%s)", s->conf->config_path, who);
	new = snapshot_load(s->conf->config_path, now, &d);
	if (new == NULL) {
		s->stats.reload_failures++;
		log_warnx("reload failed, still serving the previous "
		    "configuration:");
		for (i = 0; i < d.n; i++) {
			diag_format(&d.v[i], line, sizeof(line));
			log_warnx("%s", line);
		}
		ans = answer_reload(old, &d, NULL);
		diags_free(&d);
		notify_ready(s);
		return ans;
	}
	diags_free(&d);
	log_config_warnings(new, now);

	/* What was fixed at start-up stays until a restart: said in the
	 * log and in the answer. */
	if (old->daemon.socket != NULL && new->daemon.socket != NULL &&
	    strcmp(old->daemon.socket, new->daemon.socket) != 0)
		note(&notes, "daemon.socket changed: takes effect at restart");
	if (old->http.enabled != new->http.enabled ||
	    strcmp(old->http.listen, new->http.listen) != 0 ||
	    (old->http.tls_cert == NULL) != (new->http.tls_cert == NULL))
		note(&notes, "http.listen or its TLS changed: takes effect at "
		    "restart");
	if ((old->daemon.user == NULL) != (new->daemon.user == NULL) ||
	    (old->daemon.user != NULL &&
	    strcmp(old->daemon.user, new->daemon.user) != 0))
		note(&notes, "daemon.user changed: takes effect at restart");
	if (old->daemon.socket_mode != new->daemon.socket_mode)
		apply_socket_mode(s, new->daemon.socket_mode, &notes);

	next = marks_take(new, now, &nm);
	marks_compare(s, old, &s->marks, new, &nm, now);
	marks_free(&s->marks);
	s->marks = nm;
	s->snap = new;
	cache_clear(s);
	if (s->alerts != NULL) {
		alerts_rebase(s->alerts, new);
		escalation_arm(s);
	}
	http_changed(s->http);
	snapshot_free(old);
	fit_nofile(new);
	recheck_peers(s);
	transition_arm(s, next, now);
	export_feeds(s, now);
	if ((ans = answer_event_reload(new, now)) != NULL) {
		server_push(s, ans);
		free(ans);
	}
	s->stats.reloads++;
	log_info("configuration reloaded: %zu teams, %zu routes",
	    new->nteams, new->nroutes);
	notify_ready(s);
	ans = answer_reload(new, NULL, &notes);
	diags_free(&notes);
	return ans;
}

/*
 * Signals.
 */
static void
sighup_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	(void)loop;
	(void)revents;
	free(server_reload(w->data, "SIGHUP"));
}

static void
grace_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct server	*s = w->data;

	(void)revents;
	log_warnx("%" PRIu64 " clients did not take their answers in time",
	    s->stats.clients);
	ev_break(loop, EVBREAK_ALL);
}

/* Stops accepting, lets every client take the answers already queued for
 * it, then ends the loop. */
static void
stop_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	struct server	*s = w->data;
	struct conn	*c, *next;

	(void)revents;
	if (s->stopping) {
		ev_break(loop, EVBREAK_ALL);
		return;
	}
	log_info("%s: shutting down",
	    w->signum == SIGINT ? "SIGINT" : "SIGTERM");
	server_notify("STOPPING=1");
	s->stopping = true;
	ev_io_stop(loop, &s->accept_io);
	ev_timer_stop(loop, &s->accept_pause);
	ev_periodic_stop(loop, &s->transition);
	ev_periodic_stop(loop, &s->daily);
	ev_periodic_stop(loop, &s->escalation);
	ev_signal_stop(loop, &s->sighup);
	http_end(s);
	/* The spare descriptor is the listening socket too: both go, so
	 * that new clients are refused by the kernel from now on. */
	close(s->listen_fd);
	s->listen_fd = -1;
	if (s->spare_fd != -1) {
		close(s->spare_fd);
		s->spare_fd = -1;
	}
	if (s->conf->unlink_path != NULL &&
	    unlink(s->conf->unlink_path) == -1 && errno != ENOENT)
		log_warn("unlink %s", s->conf->unlink_path);
	for (c = s->conns; c != NULL; c = next) {
		next = c->next;
		c->closing = true;
		conn_flush(c);
	}
	if (s->conns == NULL)
		ev_break(loop, EVBREAK_ALL);
	else
		ev_timer_start(loop, &s->grace);
}

int
server_run(struct snapshot *snap, const struct server_conf *conf)
{
	struct server	 s;
	struct conn	*c;
	int64_t		 now, next;

	memset(&s, 0, sizeof(s));
	if ((s.loop = ev_default_loop(EVFLAG_AUTO)) == NULL)
		fatalx("cannot initialize the event loop");
	s.conf = conf;
	s.snap = snap;
	s.listen_fd = conf->listen_fd;
	s.spare_fd = fcntl(s.listen_fd, F_DUPFD_CLOEXEC, 0);
	s.stats.started = conf->started;
	signal(SIGPIPE, SIG_IGN);
	fit_nofile(s.snap);

	ev_io_init(&s.accept_io, accept_cb, s.listen_fd, EV_READ);
	/*
	 * Clients already connected go first in each loop iteration: their
	 * answers, and above all their ends of input, so that a client that
	 * closes and reconnects is not counted twice against max_clients.
	 */
	ev_set_priority(&s.accept_io, EV_MINPRI);
	ev_init(&s.accept_pause, accept_pause_cb);
	ev_periodic_init(&s.transition, transition_cb, 0., 0., NULL);
	/* Midnight UTC: the feeds' horizon moves by whole days. */
	ev_periodic_init(&s.daily, daily_cb, 0., 86400., NULL);
	ev_signal_init(&s.sighup, sighup_cb, SIGHUP);
	ev_signal_init(&s.sigterm, stop_cb, SIGTERM);
	ev_signal_init(&s.sigint, stop_cb, SIGINT);
	ev_timer_init(&s.grace, grace_cb, STOP_GRACE, 0.);
	ev_prepare_init(&s.reaper, reaper_cb);
	ev_prepare_init(&s.alerts_flush, alerts_flush_cb);
	ev_periodic_init(&s.escalation, escalation_cb, 0., 0., NULL);
	s.alerts_flush.data = s.escalation.data = &s;
	ev_prepare_init(&s.turn, turn_cb);
	ev_check_init(&s.work, work_cb);
	/* After every client's read callback of the iteration. */
	ev_set_priority(&s.work, EV_MINPRI);
	ev_idle_init(&s.nowait, nowait_cb);
	s.turn.data = s.work.data = s.nowait.data = &s;
	s.accept_io.data = s.accept_pause.data = s.transition.data =
	    s.daily.data = s.sighup.data = s.sigterm.data = s.sigint.data =
	    s.grace.data = s.reaper.data = &s;

	now = wallclock();
	log_config_warnings(s.snap, now);
	next = marks_take(s.snap, now, &s.marks);
	transition_arm(&s, next, now);
	export_feeds(&s, now);
	/* Open alerts resume: their overdue moves happen at once. */
	s.deliver = deliver_new(s.loop, delivered, &s);
	alerts_ready(&s, false);

	http_begin(&s);
	ev_io_start(s.loop, &s.accept_io);
	ev_prepare_start(s.loop, &s.turn);
	ev_check_start(s.loop, &s.work);
	ev_periodic_start(s.loop, &s.daily);
	ev_signal_start(s.loop, &s.sighup);
	ev_signal_start(s.loop, &s.sigterm);
	ev_signal_start(s.loop, &s.sigint);
	/* main() blocked them until now: one that came during start is
	 * taken at the loop's first turn (a HUP reloads, once). */
	server_signals(SIG_UNBLOCK);

	log_info("serving %zu teams and %zu routes (version %s)",
	    s.snap->nteams, s.snap->nroutes, ONCALLD_VERSION);
	notify_ready(&s);
	ev_run(s.loop, 0);

	while ((c = s.conns) != NULL)
		conn_close(c, "exit");
	reaper_cb(s.loop, &s.reaper, 0);
	http_end(&s);
	if (s.listen_fd != -1) {
		close(s.listen_fd);
		if (conf->unlink_path != NULL)
			unlink(conf->unlink_path);
	}
	if (s.spare_fd != -1)
		close(s.spare_fd);
	deliver_free(s.deliver);
	if (s.alerts != NULL) {
		alerts_close(s.alerts);
		while ((c = s.graveyard) != NULL) {
			s.graveyard = c->next;
			conn_free(c);
		}
	}
	marks_free(&s.marks);
	cache_clear(&s);
	snapshot_free(s.snap);
	log_info("exiting");
	return 0;
}
