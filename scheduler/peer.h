/* peer.h - who is on the other end of a client connection, and whether the
 * daemon's allow-lists admit it. */
#ifndef PEER_H
#define PEER_H

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>

struct daemon_conf;

struct peer {
	uid_t	 uid;
	gid_t	 gid;		/* primary */
	pid_t	 pid;
	gid_t	*groups;	/* supplementary; owned, see peer_free() */
	size_t	 ngroups;
};

/* The credentials of the process that connected FD, as the kernel took
 * them at connect(). Returns -1 with errno set when they cannot be had. */
int	peer_read(int fd, struct peer *);
void	peer_free(struct peer *);

/* Whether allow_uids and allow_gids admit P: root always; anyone when both
 * lists are empty; else its uid, or its primary or any supplementary
 * group, must be listed. */
bool	peer_allowed(const struct peer *p, const struct daemon_conf *);

/* Whether P may open, acknowledge and resolve alerts: root, the daemon's
 * own uid, anyone when alert_uids and alert_gids are both empty, else as
 * peer_allowed() with those lists. */
bool	peer_may_write_alerts(const struct peer *p, const struct daemon_conf *);

/* Whether P may send RELOAD: root, the daemon's own uid, reload_uids. */
bool	peer_may_reload(const struct peer *p, const struct daemon_conf *);

#endif
