/* loadgen.c - a load generator for line protocols on a Unix socket.
 *
 *	loadgen -s SOCKET [-c CONNS] [-d DEPTH] [-t SECS] [-w SECS] [-n COUNT]
 *	        [-T FROM:TO] [-S SEED] (-r REQUEST ... | -f FILE)
 *
 * Each of CONNS connections sends a batch of DEPTH requests in one write
 * and waits for all DEPTH answer lines before sending the next batch
 * (DEPTH 1: strictly serial round trips). Every request of a batch is drawn
 * at random from the mix (-r, repeatable, or one request per line of -f);
 * "%T" in a request becomes "@<unix seconds>", random in [FROM, TO).
 *
 * After WARMUP seconds (default 0.3) it measures for SECS seconds (default
 * 2), or answers COUNT requests in all. A request's latency runs from the
 * write of its batch to the read that brought its answer. Prints one line:
 *	requests=N seconds=S rps=R p50_us=.. p99_us=.. p999_us=.. max_us=..
 *	errors=E answer_bytes=B answers=A
 * where errors counts answers beginning with {"ok":false, answer_bytes
 * is the mean length of an answer line, newline included, and answers
 * counts every answer of the run, warm-up included (to divide a server's
 * CPU time by).
 */
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS	1024
#define IN_SIZE		65536
#define ERR_PREFIX	"{\"ok\":false"
#define ERR_PREFIX_LEN	11

/* Log-linear latency histogram over nanoseconds: exact below 1024 ns,
 * then 512 buckets per power of two (0.2 % resolution). */
#define HIST_LINEAR	1024
#define HIST_SUB	512
#define HIST_EXP	40
#define HIST_SIZE	(HIST_LINEAR + HIST_EXP * HIST_SUB)

struct conn {
	int	 fd;
	size_t	 pending;	/* answers still expected for the batch */
	uint64_t sent_ns;	/* when the batch was written */
	size_t	 linepos;	/* bytes of the current answer line seen */
	char	 head[ERR_PREFIX_LEN];
};

struct request {
	char	*text;		/* without newline */
	size_t	 len;
	char	*mark;		/* "%T" in text, or NULL */
};

static struct request	*reqs;
static size_t		 nreqs;
static uint64_t		 hist[HIST_SIZE];
static uint64_t		 t_from, t_to;
static uint64_t		 rng = 0x9e3779b97f4a7c15u;
static char		*batch;
static size_t		 batch_cap;
static uint64_t		 errors;
static uint64_t		 answer_bytes;
static uint64_t		 answers_total;

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static size_t
hist_bucket(uint64_t v)
{
	int e;

	if (v < HIST_LINEAR)
		return (size_t)v;
	e = 63 - __builtin_clzll(v);		/* >= 10 */
	if (e - 10 >= HIST_EXP)
		return HIST_SIZE - 1;
	return HIST_LINEAR + (size_t)(e - 10) * HIST_SUB +
	    (size_t)((v >> (e - 9)) & (HIST_SUB - 1));
}

/* The lower edge of bucket B. */
static uint64_t
hist_value(size_t b)
{
	size_t e;

	if (b < HIST_LINEAR)
		return b;
	b -= HIST_LINEAR;
	e = b / HIST_SUB + 10;
	return ((uint64_t)1 << e) + ((uint64_t)(b % HIST_SUB) << (e - 9));
}

static double
hist_quantile(uint64_t total, double q)
{
	uint64_t want = (uint64_t)((double)total * q), seen = 0;
	size_t b;

	if (want >= total)
		want = total - 1;
	for (b = 0; b < HIST_SIZE; b++) {
		seen += hist[b];
		if (seen > want)
			return (double)hist_value(b) / 1000.0;
	}
	return 0;
}

static void
add_request(const char *s, size_t len)
{
	struct request *r;

	if ((reqs = realloc(reqs, (nreqs + 1) * sizeof(*reqs))) == NULL)
		abort();
	r = &reqs[nreqs++];
	if ((r->text = malloc(len + 1)) == NULL)
		abort();
	memcpy(r->text, s, len);
	r->text[len] = '\0';
	r->len = len;
	r->mark = strstr(r->text, "%T");
}

static void
read_file(const char *path)
{
	char line[4096];
	size_t n;
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL) {
		perror(path);
		exit(1);
	}
	while (fgets(line, sizeof(line), fp) != NULL) {
		n = strcspn(line, "\r\n");
		if (n > 0)
			add_request(line, n);
	}
	fclose(fp);
}

/* Builds DEPTH random requests into the batch buffer; returns its length. */
static size_t
build_batch(size_t depth)
{
	size_t len = 0, i, need;
	const struct request *r;
	char at[32];
	int atlen;

	for (i = 0; i < depth; i++) {
		r = &reqs[nreqs == 1 ? 0 : rnd() % nreqs];
		need = len + r->len + 32;
		if (need > batch_cap) {
			batch_cap = need * 2;
			if ((batch = realloc(batch, batch_cap)) == NULL)
				abort();
		}
		if (r->mark == NULL) {
			memcpy(batch + len, r->text, r->len);
			len += r->len;
		} else {
			size_t pre = (size_t)(r->mark - r->text);

			atlen = snprintf(at, sizeof(at), "@%" PRIu64, t_from +
			    (t_to > t_from ? rnd() % (t_to - t_from) : 0));
			memcpy(batch + len, r->text, pre);
			len += pre;
			memcpy(batch + len, at, (size_t)atlen);
			len += (size_t)atlen;
			memcpy(batch + len, r->mark + 2, r->len - pre - 2);
			len += r->len - pre - 2;
		}
		batch[len++] = '\n';
	}
	return len;
}

static void
send_all(int fd, const char *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = send(fd, p, len, MSG_NOSIGNAL);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN) {
				/* Only with many connections: wait a little. */
				struct timespec ts = { 0, 10000 };

				nanosleep(&ts, NULL);
				continue;
			}
			perror("loadgen: send");
			exit(1);
		}
		p += n;
		len -= (size_t)n;
	}
}

static void
batch_send(struct conn *c, size_t depth)
{
	size_t len = build_batch(depth);

	c->pending = depth;
	c->sent_ns = now_ns();
	send_all(c->fd, batch, len);
}

/*
 * Takes the answers in BUF; returns how many lines ended in it. Only the
 * first bytes of each line are kept (to count error answers), and the
 * newlines are found with memchr: the client's own work per answer must
 * stay small next to either server's, since all of them may share a CPU.
 */
static size_t
take_answers(struct conn *c, const char *buf, size_t n, uint64_t t,
    bool measure)
{
	const char *p = buf, *end = buf + n, *nl;
	size_t len, lines = 0;

	answer_bytes += n;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		len = (size_t)((nl != NULL ? nl : end) - p);
		if (c->linepos < ERR_PREFIX_LEN)
			memcpy(c->head + c->linepos, p,
			    len < ERR_PREFIX_LEN - c->linepos ? len :
			    ERR_PREFIX_LEN - c->linepos);
		c->linepos += len;
		if (nl == NULL)
			break;
		if (c->linepos >= ERR_PREFIX_LEN &&
		    memcmp(c->head, ERR_PREFIX, ERR_PREFIX_LEN) == 0)
			errors++;
		c->linepos = 0;
		lines++;
		answers_total++;
		if (measure)
			hist[hist_bucket(t - c->sent_ns)]++;
		p = nl + 1;
	}
	return lines;
}

static int
connect_to(const char *path)
{
	struct sockaddr_un sun;
	int fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		fprintf(stderr, "loadgen: socket path too long\n");
		exit(1);
	}
	strcpy(sun.sun_path, path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1 ||
	    connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		perror(path);
		exit(1);
	}
	return fd;
}

static void
usage(void)
{
	fprintf(stderr, "usage: loadgen -s socket [-c conns] [-d depth] "
	    "[-t secs] [-w secs] [-n count] [-T from:to] [-S seed] "
	    "(-r request ... | -f file)\n");
	exit(64);
}

int
main(int argc, char *argv[])
{
	static char in[IN_SIZE];
	struct epoll_event ev, evs[64];
	struct conn *conns;
	const char *path = NULL;
	double secs = 2.0, warm = 0.3;
	uint64_t count = 0, t0, tstart, tend, measured = 0, done = 0, t;
	size_t nconns = 1, depth = 1, i, got;
	bool measure, stopping = false;
	ssize_t n;
	int ch, ep = -1, k, nev;

	while ((ch = getopt(argc, argv, "c:d:f:n:r:s:S:t:T:w:")) != -1) {
		switch (ch) {
		case 'c':
			nconns = strtoul(optarg, NULL, 10);
			break;
		case 'd':
			depth = strtoul(optarg, NULL, 10);
			break;
		case 'f':
			read_file(optarg);
			break;
		case 'n':
			count = strtoull(optarg, NULL, 10);
			break;
		case 'r':
			add_request(optarg, strlen(optarg));
			break;
		case 's':
			path = optarg;
			break;
		case 'S':
			rng = strtoull(optarg, NULL, 10) | 1;
			break;
		case 't':
			secs = strtod(optarg, NULL);
			break;
		case 'T':
			if (sscanf(optarg, "%" SCNu64 ":%" SCNu64, &t_from,
			    &t_to) != 2)
				usage();
			break;
		case 'w':
			warm = strtod(optarg, NULL);
			break;
		default:
			usage();
		}
	}
	if (path == NULL || nreqs == 0 || nconns < 1 || nconns > MAX_CONNS ||
	    depth < 1 || depth > 4096 || secs <= 0)
		usage();
	if (count > 0)
		warm = 0;

	if ((conns = calloc(nconns, sizeof(*conns))) == NULL)
		abort();
	if (nconns > 1 && (ep = epoll_create1(EPOLL_CLOEXEC)) == -1) {
		perror("epoll_create1");
		return 1;
	}
	for (i = 0; i < nconns; i++) {
		conns[i].fd = connect_to(path);
		if (ep != -1) {
			ev.events = EPOLLIN;
			ev.data.u64 = i;
			if (epoll_ctl(ep, EPOLL_CTL_ADD, conns[i].fd, &ev) == -1) {
				perror("epoll_ctl");
				return 1;
			}
		}
	}

	t0 = now_ns();
	tstart = t0 + (uint64_t)(warm * 1e9);
	tend = tstart + (uint64_t)(secs * 1e9);
	for (i = 0; i < nconns; i++)
		batch_send(&conns[i], depth);
	for (;;) {
		if (ep == -1) {
			/* One connection: blocking reads, no poll. */
			n = read(conns[0].fd, in, sizeof(in));
			nev = 1;
			evs[0].data.u64 = 0;
		} else {
			nev = epoll_wait(ep, evs, 64, -1);
			if (nev == -1) {
				if (errno == EINTR)
					continue;
				perror("epoll_wait");
				return 1;
			}
			n = 0;
		}
		for (k = 0; k < nev; k++) {
			struct conn *c = &conns[evs[k].data.u64];

			if (ep != -1)
				n = read(c->fd, in, sizeof(in));
			if (n == -1 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (n <= 0) {
				fprintf(stderr, "loadgen: server closed the "
				    "connection\n");
				return 1;
			}
			t = now_ns();
			measure = count > 0 || (c->sent_ns >= tstart &&
			    t < tend);
			got = take_answers(c, in, (size_t)n, t, measure);
			if (measure)
				measured += got;
			done += got;
			c->pending -= got < c->pending ? got : c->pending;
			if (c->pending > 0)
				continue;
			if (count > 0 ? done >= count : t >= tend) {
				stopping = true;
				continue;
			}
			batch_send(c, count > 0 && count - done < depth ?
			    count - done : depth);
		}
		if (stopping) {
			for (i = 0; i < nconns; i++)
				if (conns[i].pending > 0)
					break;
			if (i == nconns)
				break;
		}
	}
	t = now_ns();
	{
		double span = count > 0 ? (double)(t - t0) / 1e9 :
		    (double)(tend - tstart) / 1e9;

		if (measured == 0) {
			fprintf(stderr, "loadgen: nothing measured\n");
			return 1;
		}
		printf("requests=%" PRIu64 " seconds=%.3f rps=%.0f "
		    "p50_us=%.2f p99_us=%.2f p999_us=%.2f max_us=%.2f "
		    "errors=%" PRIu64 " answer_bytes=%.0f answers=%" PRIu64
		    "\n", measured, span,
		    (double)measured / span, hist_quantile(measured, 0.5),
		    hist_quantile(measured, 0.99),
		    hist_quantile(measured, 0.999),
		    hist_quantile(measured, 1.0), errors,
		    (double)answer_bytes / (double)answers_total,
		    answers_total);
	}
	for (i = 0; i < nconns; i++)
		close(conns[i].fd);
	return errors > 0 ? 2 : 0;
}
