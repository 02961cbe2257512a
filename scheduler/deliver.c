/* deliver.c - notify commands run from the event loop.
 *
 * Each attempt is a child started with posix_spawn() (no shell: the
 * command is the argv the configuration split), in its own process group
 * so that the timeout kills whatever it started too. Its standard input
 * is a nonblocking pipe fed the message; its standard output and error
 * share another, read and thrown away (the last bytes are kept for the
 * log), so a command that prints megabytes never blocks on a full pipe.
 * An ev_child watcher sees it end; a timer kills it at its timeout. A
 * failed attempt is retried after 5 s, 10 s, 20 s ... (at most 5 min),
 * "retries" times.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ev.h>

#include "deliver.h"
#include "escalate.h"
#include "log.h"
#include "message.h"
#include "snapshot.h"
#include "store.h"
#include "xmalloc.h"

#define BACKOFF_FIRST	5.
#define BACKOFF_MAX	300.
#define TAIL		160	/* bytes of output kept for the log */

extern char **environ;

struct job {
	struct deliverer	*d;
	struct job		*prev;
	struct job		*next;
	int64_t			 alert;
	long			 step;
	char			*address;
	char			**argv;
	char			**env;
	char			*cwd;
	char			*message;
	size_t			 msglen;
	size_t			 written;
	double			 timeout;
	long			 retries;
	long			 attempt;	/* 1 for the first */
	pid_t			 pid;
	bool			 timed_out;
	ev_child		 child;
	ev_timer		 kill_timer;
	ev_timer		 retry;
	ev_io			 in;		/* the child's stdin */
	ev_io			 out;		/* its stdout and stderr */
	char			 tail[TAIL + 1];
	size_t			 taillen;
};

struct deliverer {
	struct ev_loop		*loop;
	deliver_result_fn	*result;
	void			*arg;
	struct job		*jobs;
	size_t			 njobs;
};

static void	spawn(struct job *);

static char **
strv_dup(char *const *v)
{
	size_t n, i;
	char **c;

	for (n = 0; v[n] != NULL; n++)
		;
	c = xcalloc(n + 1, sizeof(*c));
	for (i = 0; i < n; i++)
		c[i] = xstrdup(v[i]);
	return c;
}

static void
strv_free(char **v)
{
	size_t i;

	for (i = 0; v != NULL && v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

static void
env_add(char ***env, size_t *n, const char *name, const char *value)
{
	*env = xreallocarray(*env, *n + 2, sizeof(**env));
	if (asprintf(&(*env)[*n], "%s=%s", name, value != NULL ? value :
	    "") == -1)
		abort();
	(*env)[++*n] = NULL;
}

static void
close_io(struct job *j, ev_io *w)
{
	if (w->fd < 0)
		return;
	ev_io_stop(j->d->loop, w);
	close(w->fd);
	ev_io_set(w, -1, w->events);
}

static void
job_free(struct job *j)
{
	struct deliverer *d = j->d;

	if (j->pid > 0) {
		kill(-j->pid, SIGKILL);
		ev_child_stop(d->loop, &j->child);
		waitpid(j->pid, NULL, 0);
	}
	close_io(j, &j->in);
	close_io(j, &j->out);
	ev_timer_stop(d->loop, &j->kill_timer);
	ev_timer_stop(d->loop, &j->retry);
	if (j->prev != NULL)
		j->prev->next = j->next;
	else
		d->jobs = j->next;
	if (j->next != NULL)
		j->next->prev = j->prev;
	d->njobs--;
	free(j->address);
	strv_free(j->argv);
	strv_free(j->env);
	free(j->cwd);
	free(j->message);
	free(j);
}

/* An attempt is over: report it, then retry or forget the job. */
static void
attempt_done(struct job *j, bool ok, const char *why)
{
	bool final = ok || j->attempt > j->retries;
	double delay;

	if (ok)
		log_info("alert %lld: sent to %s (attempt %ld)",
		    (long long)j->alert, j->address, j->attempt);
	else
		log_warnx("alert %lld: sending to %s failed (attempt %ld of "
		    "%ld): %s%s%.*s", (long long)j->alert, j->address,
		    j->attempt, j->retries + 1, why, j->taillen > 0 ?
		    "; output: " : "", (int)j->taillen, j->tail);
	j->d->result(j->alert, j->step, j->address, ok, final, j->d->arg);
	if (final) {
		job_free(j);
		return;
	}
	delay = BACKOFF_FIRST * (double)(1L << (j->attempt - 1 < 6 ?
	    j->attempt - 1 : 6));
	if (delay > BACKOFF_MAX)
		delay = BACKOFF_MAX;
	j->attempt++;
	ev_timer_set(&j->retry, delay, 0.);
	ev_timer_start(j->d->loop, &j->retry);
}

static void
retry_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)revents;
	spawn(w->data);
}

static void
in_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct job *j = w->data;
	ssize_t n;

	(void)loop;
	(void)revents;
	while (j->written < j->msglen) {
		n = write(w->fd, j->message + j->written,
		    j->msglen - j->written);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n == -1)
			break;		/* EPIPE: it stopped reading */
		j->written += (size_t)n;
	}
	close_io(j, &j->in);
}

static void
out_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct job *j = w->data;
	char buf[8192];
	ssize_t n;
	size_t k;
	int i;

	(void)loop;
	(void)revents;
	for (i = 0; i < 16; i++) {
		n = read(w->fd, buf, sizeof(buf));
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n <= 0) {
			close_io(j, &j->out);
			return;
		}
		/* Keep the last TAIL bytes, printable. */
		for (k = 0; k < (size_t)n; k++) {
			if (j->taillen == TAIL) {
				memmove(j->tail, j->tail + 1, TAIL - 1);
				j->taillen--;
			}
			j->tail[j->taillen++] = buf[k] >= 0x20 &&
			    buf[k] < 0x7f ? buf[k] : ' ';
		}
	}
}

static void
kill_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct job *j = w->data;

	(void)loop;
	(void)revents;
	j->timed_out = true;
	kill(-j->pid, SIGKILL);
}

static void
child_cb(struct ev_loop *loop, ev_child *w, int revents)
{
	struct job *j = w->data;
	int st = w->rstatus;
	char why[96];

	(void)revents;
	ev_child_stop(loop, w);
	ev_timer_stop(loop, &j->kill_timer);
	j->pid = 0;
	/* Whatever it left in the pipe is drained now, without waiting for
	 * children it may have left behind. */
	if (j->out.fd >= 0)
		out_cb(loop, &j->out, 0);
	close_io(j, &j->in);
	close_io(j, &j->out);
	if (j->timed_out)
		snprintf(why, sizeof(why), "killed after its timeout of %.0f s",
		    j->timeout);
	else if (WIFEXITED(st))
		snprintf(why, sizeof(why), "exit status %d", WEXITSTATUS(st));
	else
		snprintf(why, sizeof(why), "killed by signal %d",
		    WTERMSIG(st));
	attempt_done(j, !j->timed_out && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 0, why);
}

static void
spawn(struct job *j)
{
	struct ev_loop *loop = j->d->loop;
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, dflt;
	int in[2], out[2], rc;
	char why[160];

	j->written = 0;
	j->taillen = 0;
	j->timed_out = false;
	if (pipe2(in, O_CLOEXEC) == -1) {
		snprintf(why, sizeof(why), "pipe: %s", strerror(errno));
		attempt_done(j, false, why);
		return;
	}
	if (pipe2(out, O_CLOEXEC) == -1) {
		snprintf(why, sizeof(why), "pipe: %s", strerror(errno));
		close(in[0]);
		close(in[1]);
		attempt_done(j, false, why);
		return;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_adddup2(&fa, out[1], 2);
	posix_spawn_file_actions_addchdir_np(&fa, j->cwd);
	posix_spawnattr_init(&attr);
	/* The daemon ignores SIGPIPE and may block signals: the command
	 * starts with the defaults, in a process group of its own. */
	sigemptyset(&none);
	sigfillset(&dflt);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &dflt);
	posix_spawnattr_setpgroup(&attr, 0);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK |
	    POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
	rc = posix_spawn(&j->pid, j->argv[0], &fa, &attr, j->argv, j->env);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	close(in[0]);
	close(out[1]);
	if (rc != 0) {
		j->pid = 0;
		close(in[1]);
		close(out[0]);
		snprintf(why, sizeof(why), "cannot run %s: %s", j->argv[0],
		    strerror(rc));
		attempt_done(j, false, why);
		return;
	}
	fcntl(in[1], F_SETFL, fcntl(in[1], F_GETFL) | O_NONBLOCK);
	fcntl(out[0], F_SETFL, fcntl(out[0], F_GETFL) | O_NONBLOCK);
	ev_io_set(&j->in, in[1], EV_WRITE);
	ev_io_set(&j->out, out[0], EV_READ);
	ev_io_start(loop, &j->in);
	ev_io_start(loop, &j->out);
	ev_child_set(&j->child, j->pid, 0);
	ev_child_start(loop, &j->child);
	ev_timer_set(&j->kill_timer, j->timeout, 0.);
	ev_timer_start(loop, &j->kill_timer);
}

struct deliverer *
deliver_new(struct ev_loop *loop, deliver_result_fn *result, void *arg)
{
	struct deliverer *d = xcalloc(1, sizeof(*d));

	d->loop = loop;
	d->result = result;
	d->arg = arg;
	return d;
}

void
deliver_free(struct deliverer *d)
{
	if (d == NULL)
		return;
	while (d->jobs != NULL)
		job_free(d->jobs);
	free(d);
}

size_t
deliver_pending(const struct deliverer *d)
{
	return d->njobs;
}

bool
deliver_send(struct deliverer *d, const struct snapshot *snap,
    const struct alert *a, const char *cwd, int64_t now)
{
	const struct entity *e = snapshot_find(snap, a->route);
	const struct route *r;
	const struct step *st;
	const struct team *tm;
	const struct channel *ch;
	const struct notify *nt;
	struct job *j;
	const char *address;
	char host[256], num[32], *subject;
	size_t n = 0;

	if (e == NULL || e->kind != ENTITY_ROUTE)
		return false;
	r = &snap->routes[e->index];
	st = escalate_step(r, &a->esc);
	tm = &snap->teams[st->team];
	ch = &tm->channels[st->channel];
	if ((nt = snapshot_notify(snap, ch->type)) == NULL || nt->argv == NULL)
		return false;
	/* A rotation's channel goes to whoever was on duty when the alert
	 * reached the step. */
	if ((address = channel_address(tm, ch, a->esc.since)) == NULL) {
		log_warnx("alert %lld: %s/%s has nobody on duty: not sent",
		    (long long)a->id, tm->id, ch->id);
		return false;
	}
	if (gethostname(host, sizeof(host)) == -1)
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';

	j = xcalloc(1, sizeof(*j));
	j->d = d;
	j->alert = a->id;
	j->step = (long)a->esc.step;
	j->address = xstrdup(address);
	j->argv = strv_dup(nt->argv);
	j->cwd = xstrdup(cwd);
	j->timeout = (double)nt->timeout;
	j->retries = nt->retries;
	j->attempt = 1;
	j->message = message_text(snap, a, st, now, host);
	j->msglen = strlen(j->message);
	subject = message_subject(snap, a, st);
	env_add(&j->env, &n, "PATH", "/usr/local/sbin:/usr/local/bin:"
	    "/usr/sbin:/usr/bin:/sbin:/bin");
	env_add(&j->env, &n, "LANG", "C.UTF-8");
	snprintf(num, sizeof(num), "%lld", (long long)a->id);
	env_add(&j->env, &n, "ONCALL_ALERT_ID", num);
	env_add(&j->env, &n, "ONCALL_ROUTE", a->route);
	env_add(&j->env, &n, "ONCALL_KEY", a->key);
	env_add(&j->env, &n, "ONCALL_SUMMARY", a->summary);
	env_add(&j->env, &n, "ONCALL_TEAM", tm->id);
	env_add(&j->env, &n, "ONCALL_CHANNEL", ch->id);
	env_add(&j->env, &n, "ONCALL_TYPE", channel_type_name(ch->type));
	env_add(&j->env, &n, "ONCALL_ADDRESS", address);
	snprintf(num, sizeof(num), "%zu", a->esc.step);
	env_add(&j->env, &n, "ONCALL_STEP", num);
	env_add(&j->env, &n, "ONCALL_SUBJECT", subject);
	env_add(&j->env, &n, "ONCALL_PGP_FINGERPRINT", ch->pgp_fingerprint);
	free(subject);
	ev_child_init(&j->child, child_cb, 0, 0);
	ev_timer_init(&j->kill_timer, kill_cb, 0., 0.);
	ev_timer_init(&j->retry, retry_cb, 0., 0.);
	ev_io_init(&j->in, in_cb, -1, EV_WRITE);
	ev_io_init(&j->out, out_cb, -1, EV_READ);
	j->child.data = j->kill_timer.data = j->retry.data = j->in.data =
	    j->out.data = j;
	j->next = d->jobs;
	if (d->jobs != NULL)
		d->jobs->prev = j;
	d->jobs = j;
	d->njobs++;
	/* The RFC 2350 promise: a channel that requires encryption never
	 * gets the alert in clear text. */
	if (ch->encryption != NULL && strcmp(ch->encryption, "required") == 0) {
		j->retries = 0;
		attempt_done(j, false, "the channel requires encryption, "
		    "which this oncalld cannot do: nothing was sent");
		return true;
	}
	spawn(j);
	return true;
}
