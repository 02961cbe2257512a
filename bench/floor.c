/* floor.c - the physical floor of a request/answer round trip on a Unix
 * socket: a minimal libev server that answers every request line with one
 * fixed line of a chosen length, and does nothing else.
 *
 *	floor -s SOCKET [-r BYTES]
 *
 * It reads what is there, counts the newlines, queues that many copies of
 * its line and writes them in one call: the same shape as a well-made
 * daemon's read/write path with answers that cost nothing to produce.
 * SIGTERM or SIGINT stop it and remove the socket.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ev.h>

#define IN_SIZE		65536

struct client {
	ev_io	 rio;
	ev_io	 wio;
	int	 fd;
	char	*out;
	size_t	 off;
	size_t	 len;
	size_t	 cap;
};

static char	*answer;		/* the fixed line, newline included */
static size_t	 answer_len;
static const char *sock_path;

static void
client_free(struct ev_loop *loop, struct client *c)
{
	ev_io_stop(loop, &c->rio);
	ev_io_stop(loop, &c->wio);
	close(c->fd);
	free(c->out);
	free(c);
}

/* Sends what the socket takes; returns -1 when the client is gone. */
static int
client_flush(struct ev_loop *loop, struct client *c)
{
	ssize_t n;

	while (c->off < c->len) {
		n = send(c->fd, c->out + c->off, c->len - c->off,
		    MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			return -1;
		}
		c->off += (size_t)n;
	}
	if (c->off == c->len) {
		c->off = c->len = 0;
		ev_io_stop(loop, &c->wio);
		ev_io_start(loop, &c->rio);
	} else {
		/* Backpressure: read nothing more until the answers go. */
		ev_io_stop(loop, &c->rio);
		ev_io_start(loop, &c->wio);
	}
	return 0;
}

static void
read_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct client *c = w->data;
	static char in[IN_SIZE];
	size_t lines = 0, need;
	ssize_t n, i;
	char *p;

	(void)revents;
	n = read(c->fd, in, sizeof(in));
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		client_free(loop, c);
		return;
	}
	for (p = in; (p = memchr(p, '\n', (size_t)(in + n - p))) != NULL; p++)
		lines++;
	if (lines == 0)
		return;
	need = c->len + lines * answer_len;
	if (need > c->cap) {
		c->cap = need * 2;
		if ((c->out = realloc(c->out, c->cap)) == NULL)
			abort();
	}
	for (i = 0; i < (ssize_t)lines; i++) {
		memcpy(c->out + c->len, answer, answer_len);
		c->len += answer_len;
	}
	if (client_flush(loop, c) == -1)
		client_free(loop, c);
}

static void
write_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct client *c = w->data;

	(void)revents;
	if (client_flush(loop, c) == -1)
		client_free(loop, c);
}

static void
accept_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct client *c;
	int fd;

	(void)revents;
	while ((fd = accept4(w->fd, NULL, NULL, SOCK_NONBLOCK |
	    SOCK_CLOEXEC)) != -1) {
		if ((c = calloc(1, sizeof(*c))) == NULL)
			abort();
		c->fd = fd;
		ev_io_init(&c->rio, read_cb, fd, EV_READ);
		ev_io_init(&c->wio, write_cb, fd, EV_WRITE);
		c->rio.data = c->wio.data = c;
		ev_io_start(loop, &c->rio);
	}
}

static void
stop_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	(void)w;
	(void)revents;
	ev_break(loop, EVBREAK_ALL);
}

int
main(int argc, char *argv[])
{
	struct sockaddr_un sun;
	struct ev_loop *loop;
	ev_io accept_io;
	ev_signal sterm, sint;
	size_t bytes = 64, i;
	int ch, fd;

	while ((ch = getopt(argc, argv, "r:s:")) != -1) {
		switch (ch) {
		case 'r':
			bytes = strtoul(optarg, NULL, 10);
			break;
		case 's':
			sock_path = optarg;
			break;
		default:
			goto usage;
		}
	}
	if (sock_path == NULL || bytes < 16 || bytes > 65536)
		goto usage;

	/* {"ok":true,"pad":"xxx..."} followed by a newline: BYTES in all. */
	answer_len = bytes;
	if ((answer = malloc(answer_len)) == NULL)
		abort();
	memcpy(answer, "{\"ok\":true,\"pad\":\"", 18);
	for (i = 18; i < answer_len - 3; i++)
		answer[i] = 'x';
	memcpy(answer + answer_len - 3, "\"}\n", 3);

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(sock_path) >= sizeof(sun.sun_path)) {
		fprintf(stderr, "floor: socket path too long\n");
		return 1;
	}
	strcpy(sun.sun_path, sock_path);
	unlink(sock_path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0)) == -1 || bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    listen(fd, 1024) == -1) {
		perror("floor: socket");
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	loop = ev_default_loop(EVFLAG_AUTO);
	ev_io_init(&accept_io, accept_cb, fd, EV_READ);
	ev_io_start(loop, &accept_io);
	ev_signal_init(&sterm, stop_cb, SIGTERM);
	ev_signal_init(&sint, stop_cb, SIGINT);
	ev_signal_start(loop, &sterm);
	ev_signal_start(loop, &sint);
	ev_run(loop, 0);
	close(fd);
	unlink(sock_path);
	return 0;

usage:
	fprintf(stderr, "usage: floor -s socket [-r bytes]\n");
	return 64;
}
