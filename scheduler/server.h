/* server.h - the daemon's event loop: the socket protocol's connections,
 * reloads, staffing transitions pushed to WATCH clients, feed export and
 * the systemd notifications. The only module that knows libev.
 */
#ifndef SERVER_H
#define SERVER_H

#include <sys/types.h>

#include <stdint.h>

struct snapshot;

struct server_conf {
	const char	*config_path;	/* reloaded on SIGHUP and RELOAD */
	int		 listen_fd;	/* bound and listening; the server closes it */
	const char	*unlink_path;	/* removed at exit; NULL: socket activated */
	dev_t		 sock_dev;	/* the socket file bound at unlink_path, */
	ino_t		 sock_ino;	/* for a socket_mode changed at reload */
	int64_t		 started;	/* UTC seconds */
};

/* Serves until SIGTERM or SIGINT. Takes ownership of SNAP (a published
 * snapshot: it is freed when a reload replaces it). Returns the exit status. */
int	server_run(struct snapshot *snap, const struct server_conf *);

/* Blocks (SIG_BLOCK) or unblocks (SIG_UNBLOCK) the signals the loop takes:
 * HUP, INT, TERM. server_run() unblocks them once it can take them. */
void	server_signals(int how);

/* Sends STATE ("READY=1", ...) to systemd's $NOTIFY_SOCKET, if set. */
void	server_notify(const char *state);

#endif
