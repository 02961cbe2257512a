/* peer.c - a client's credentials and the allow-lists.
 *
 * The supplementary groups come from SO_PEERGROUPS (Linux 4.13): the
 * kernel's copy of the groups the peer had when it connected, kept with the
 * socket. Reading /proc/<pid>/status instead would race with the peer's
 * exit and the reuse of its pid, and getgrouplist() of its uid would say
 * what the group database says now, not what the process has: after
 * "adduser nagios oncalld", nagios's running processes are not in the group
 * until they log in again, and the kernel agrees with that.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "peer.h"
#include "snapshot.h"

#ifndef SO_PEERGROUPS
#define SO_PEERGROUPS	59	/* <asm-generic/socket.h>, Linux 4.13 */
#endif

int
peer_read(int fd, struct peer *p)
{
	struct ucred	 cred;
	socklen_t	 len = sizeof(cred);
	gid_t		*g = NULL, *ng;
	size_t		 n = 16;

	p->groups = NULL;
	p->ngroups = 0;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == -1)
		return -1;
	p->uid = cred.uid;
	p->gid = cred.gid;
	p->pid = cred.pid;
	for (;;) {
		if ((ng = realloc(g, n * sizeof(*g))) == NULL) {
			free(g);
			return -1;
		}
		g = ng;
		len = (socklen_t)(n * sizeof(*g));
		if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, g, &len) == 0)
			break;
		/* ERANGE: LEN now says how much room the list needs. */
		if (errno != ERANGE || len / sizeof(*g) <= n) {
			free(g);
			return -1;
		}
		n = len / sizeof(*g);
	}
	p->groups = g;
	p->ngroups = len / sizeof(*g);
	return 0;
}

void
peer_free(struct peer *p)
{
	free(p->groups);
	p->groups = NULL;
	p->ngroups = 0;
}

static bool
gid_listed(gid_t gid, const gid_t *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (v[i] == gid)
			return true;
	return false;
}

bool
peer_may_reload(const struct peer *p, const struct daemon_conf *dc)
{
	size_t	i;

	if (p->uid == 0 || p->uid == geteuid())
		return true;
	for (i = 0; i < dc->nreload_uids; i++)
		if (dc->reload_uids[i] == p->uid)
			return true;
	return false;
}

/* Whether P's uid is in UIDS, or its primary or a supplementary group in
 * GIDS. */
static bool
listed(const struct peer *p, const uid_t *uids, size_t nuids,
    const gid_t *gids, size_t ngids)
{
	size_t	i;

	for (i = 0; i < nuids; i++)
		if (uids[i] == p->uid)
			return true;
	if (gid_listed(p->gid, gids, ngids))
		return true;
	for (i = 0; i < p->ngroups; i++)
		if (gid_listed(p->groups[i], gids, ngids))
			return true;
	return false;
}

bool
peer_allowed(const struct peer *p, const struct daemon_conf *dc)
{
	if (p->uid == 0 || (dc->nallow_uids == 0 && dc->nallow_gids == 0))
		return true;
	return listed(p, dc->allow_uids, dc->nallow_uids, dc->allow_gids,
	    dc->nallow_gids);
}

bool
peer_may_write_alerts(const struct peer *p, const struct daemon_conf *dc)
{
	if (p->uid == 0 || p->uid == geteuid() ||
	    (dc->nalert_uids == 0 && dc->nalert_gids == 0))
		return true;
	return listed(p, dc->alert_uids, dc->nalert_uids, dc->alert_gids,
	    dc->nalert_gids);
}
