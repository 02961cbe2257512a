/* http-floor.c - the floor of the HTTP benchmarks: a bare libmicrohttpd
 * server in oncalld's mode (epoll, no thread of its own, driven by a libev
 * loop watching MHD's epoll descriptor and its timeout) that answers every
 * GET with the bytes of one file, as application/json. Whatever oncalld's
 * HTTP listener costs beyond this is oncalld's own.
 *
 * usage: http-floor FILE	prints "port N" once it listens on 127.0.0.1
 */
#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ev.h>
#include <microhttpd.h>

static struct MHD_Daemon	*mhd;
static ev_timer			 timer;
static char			*body;
static size_t			 body_len;

static enum MHD_Result
handle(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	static int		 seen;
	struct MHD_Response	*r;
	enum MHD_Result		 rc;

	(void)cls;
	(void)url;
	(void)method;
	(void)version;
	(void)upload;
	(void)upload_size;
	if (*con_cls == NULL) {
		*con_cls = &seen;
		return MHD_YES;
	}
	r = MHD_create_response_from_buffer(body_len, body,
	    MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
	    "application/json");
	rc = MHD_queue_response(conn, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return rc;
}

static void
arm(struct ev_loop *loop)
{
	MHD_UNSIGNED_LONG_LONG ms;

	ev_timer_stop(loop, &timer);
	if (MHD_get_timeout(mhd, &ms) == MHD_YES) {
		ev_timer_set(&timer, (double)ms / 1000., 0.);
		ev_timer_start(loop, &timer);
	}
}

static void
io_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	(void)w;
	(void)revents;
	MHD_run(mhd);
	arm(loop);
}

static void
timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)w;
	(void)revents;
	MHD_run(mhd);
	arm(loop);
}

int
main(int argc, char **argv)
{
	struct sockaddr_in	 sa;
	struct ev_loop		*loop = ev_default_loop(0);
	const union MHD_DaemonInfo *info;
	ev_io			 io;
	FILE			*f;
	long			 n;

	if (argc != 2 || (f = fopen(argv[1], "rb")) == NULL) {
		fprintf(stderr, "usage: http-floor FILE\n");
		return 64;
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	body = malloc((size_t)n + 1);
	body_len = fread(body, 1, (size_t)n, f);
	fclose(f);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	mhd = MHD_start_daemon(MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME, 0,
	    NULL, NULL, handle, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	    MHD_OPTION_CONNECTION_LIMIT, 256u,
	    MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_END);
	if (mhd == NULL) {
		fprintf(stderr, "http-floor: cannot listen\n");
		return 1;
	}
	info = MHD_get_daemon_info(mhd, MHD_DAEMON_INFO_BIND_PORT);
	printf("port %u\n", (unsigned)info->port);
	fflush(stdout);
	info = MHD_get_daemon_info(mhd, MHD_DAEMON_INFO_EPOLL_FD);
	ev_io_init(&io, io_cb, info->epoll_fd, EV_READ);
	ev_init(&timer, timer_cb);
	ev_io_start(loop, &io);
	arm(loop);
	ev_run(loop, 0);
	return 0;
}
