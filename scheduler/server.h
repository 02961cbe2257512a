/* server.h - the daemon's event loop: the socket protocol's connections,
 * reloads, staffing transitions pushed to WATCH clients, feed export and
 * the systemd notifications. The only module that knows libev.
 */
#ifndef SERVER_H
#define SERVER_H

#include <stdint.h>

struct snapshot;

struct server_conf {
	const char	*config_path;	/* reloaded on SIGHUP and RELOAD */
	int		 listen_fd;	/* bound and listening; the server closes it */
	const char	*unlink_path;	/* removed at exit; NULL: socket activated */
	int64_t		 started;	/* UTC seconds */
};

/* Serves until SIGTERM or SIGINT. Takes ownership of SNAP (a published
 * snapshot: it is freed when a reload replaces it). Returns the exit status. */
int	server_run(struct snapshot *snap, const struct server_conf *);

/* Sends STATE ("READY=1", ...) to systemd's $NOTIFY_SOCKET, if set. */
void	server_notify(const char *state);

#endif
