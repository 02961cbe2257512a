/* fetchget.c - one request through fetch.c on a libev loop, for
 * tests/blackbox/fetch.sh:
 *
 *	fetchget URL MAX-BYTES TIMEOUT-MS [HEADER...]
 *
 * Prints "ok STATUS LEN", then "etag ...", "last-modified ..." when the
 * answer has them and the body, or "error WHY"; and, on stderr, how many
 * times a 10 ms timer of the same loop fired meanwhile ("ticks N"), which
 * shows that the request never blocked the loop. Exits 0 for an answer,
 * 1 for an error, 2 for a usage error.
 */
#include <stdio.h>
#include <stdlib.h>

#include <ev.h>

#include "fetch.h"

static int	ticks, failed;

static void
on_tick(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)w;
	(void)revents;
	ticks++;
}

static void
on_done(const struct fetch_result *r, void *arg)
{
	struct ev_loop *loop = arg;

	if (r->ok) {
		printf("ok %ld %zu\n", r->status, r->len);
		if (r->etag != NULL)
			printf("etag %s\n", r->etag);
		if (r->last_modified != NULL)
			printf("last-modified %s\n", r->last_modified);
		fwrite(r->body, 1, r->len, stdout);
	} else {
		printf("error %s\n", r->error);
		failed = 1;
	}
	ev_break(loop, EVBREAK_ALL);
}

int
main(int argc, char **argv)
{
	struct ev_loop *loop = EV_DEFAULT;
	struct fetch_req req = { 0 };
	struct fetch *f;
	ev_timer tick;
	char err[256];

	if (argc < 4) {
		fprintf(stderr, "usage: fetchget URL MAX-BYTES TIMEOUT-MS "
		    "[HEADER...]\n");
		return 2;
	}
	req.url = argv[1];
	req.max_bytes = strtoul(argv[2], NULL, 10);
	req.timeout_ms = strtol(argv[3], NULL, 10);
	req.headers = (const char *const *)(argv + 4);
	if ((f = fetch_new(loop)) == NULL) {
		fprintf(stderr, "fetchget: libcurl cannot start\n");
		return 2;
	}
	if (fetch_start(f, &req, on_done, loop, err, sizeof(err)) == -1) {
		printf("error %s\n", err);
		fetch_free(f);
		return 1;
	}
	ev_timer_init(&tick, on_tick, 0.01, 0.01);
	ev_timer_start(loop, &tick);
	ev_run(loop, 0);
	ev_timer_stop(loop, &tick);
	fprintf(stderr, "ticks %d\n", ticks);
	fetch_free(f);
	return failed;
}
