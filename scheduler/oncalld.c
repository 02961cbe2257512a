/* oncalld.c - the daemon's entry point: options, the configuration check,
 * the listening socket (bound here or handed over by systemd) and the
 * privilege drop, before server.c's event loop takes over.
 */
#include <sys/types.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "log.h"
#include "server.h"
#include "snapshot.h"

/* sysexits(3) */
#define EXIT_USAGE	64
#define EXIT_CONFIG	78

#define SD_LISTEN_FDS_START	3

static void
usage(FILE *fp)
{
	fprintf(fp, "usage: oncalld [-fhnVv] [-c file] [-s socket]\n");
}

static long
env_long(const char *name)
{
	const char	*s = getenv(name);
	char		*end;
	long		 v;

	if (s == NULL || *s == '\0')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < 0)
		return -1;
	return v;
}

/*
 * systemd socket activation (sd_listen_fds(3) by hand): the first passed
 * descriptor, if it is meant for us and is a listening Unix stream socket.
 */
static int
activated_socket(void)
{
	struct sockaddr_un	 sun;
	socklen_t		 len;
	long			 pid, n;
	int			 type, listening, fl;

	pid = env_long("LISTEN_PID");
	n = env_long("LISTEN_FDS");
	if (pid == -1 || (pid_t)pid != getpid() || n < 1)
		return -1;
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	unsetenv("LISTEN_FDNAMES");
	if (n > 1)
		log_warnx("systemd passed %ld sockets: using the first", n);

	len = sizeof(type);
	if (getsockopt(SD_LISTEN_FDS_START, SOL_SOCKET, SO_TYPE, &type,
	    &len) == -1)
		fatal("socket from systemd");
	len = sizeof(listening);
	if (getsockopt(SD_LISTEN_FDS_START, SOL_SOCKET, SO_ACCEPTCONN,
	    &listening, &len) == -1)
		fatal("socket from systemd");
	len = sizeof(sun);
	memset(&sun, 0, sizeof(sun));
	if (getsockname(SD_LISTEN_FDS_START, (struct sockaddr *)&sun,
	    &len) == -1)
		fatal("socket from systemd");
	if (type != SOCK_STREAM || sun.sun_family != AF_UNIX || !listening)
		fatalx("socket from systemd: not a listening Unix stream "
		    "socket (check ListenStream= in oncalld.socket)");
	if ((fl = fcntl(SD_LISTEN_FDS_START, F_GETFL)) == -1 ||
	    fcntl(SD_LISTEN_FDS_START, F_SETFL, fl | O_NONBLOCK) == -1 ||
	    fcntl(SD_LISTEN_FDS_START, F_SETFD, FD_CLOEXEC) == -1)
		fatal("socket from systemd");
	log_info("listening on %s (socket activation)",
	    sun.sun_path[0] != '\0' ? sun.sun_path : "an abstract socket");
	return SD_LISTEN_FDS_START;
}

/*
 * The directory must exist: creating it is the service manager's job
 * (RuntimeDirectory=) and a typo should not leave stray folders.
 *
 * Started as root, the daemon refuses a folder that anyone but root and
 * OWNER (the daemon's user) can write to: whoever can change the folder can
 * replace the socket between two operations on its path. The socket is
 * then bound by the daemon's user, never by root (see main()).
 */
static void
check_socket_dir(const char *path, bool privileged, uid_t owner)
{
	struct stat	 sb;
	char		 dir[PATH_MAX];
	char		*slash;

	if (strlen(path) >= sizeof(dir))
		fatalx("socket path too long: %s", path);
	strcpy(dir, path);
	if ((slash = strrchr(dir, '/')) == NULL)
		strcpy(dir, ".");
	else if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	if (stat(dir, &sb) == -1) {
		if (errno == ENOENT)
			fatalx("socket directory %s does not exist: create it "
			    "or choose another socket with -s", dir);
		fatal("socket directory %s", dir);
	}
	if (!S_ISDIR(sb.st_mode))
		fatalx("socket directory %s is not a directory", dir);
	if (!privileged)
		return;
	if (sb.st_uid != 0 && sb.st_uid != owner)
		fatalx("socket directory %s belongs to uid %u: started as root, "
		    "oncalld wants it owned by root or by its daemon.user, so "
		    "that nobody else can swap the socket for a link",
		    dir, (unsigned)sb.st_uid);
	if ((sb.st_mode & S_IWOTH) != 0 ||
	    ((sb.st_mode & S_IWGRP) != 0 && sb.st_gid != 0))
		fatalx("socket directory %s is writable by %s: started as "
		    "root, oncalld wants it writable only by root and its "
		    "daemon.user (e.g. install -d -m 0755 -o USER %s)", dir,
		    (sb.st_mode & S_IWOTH) != 0 ? "everyone" : "its group",
		    dir);
}

/* A socket file left by a daemon that died is removed; one that answers
 * belongs to a daemon that is running, and we refuse to steal it. */
static void
clear_stale_socket(const char *path, const struct sockaddr_un *sun)
{
	struct stat	sb;
	int		fd;

	if (lstat(path, &sb) == -1) {
		if (errno == ENOENT)
			return;
		fatal("%s", path);
	}
	if (!S_ISSOCK(sb.st_mode))
		fatalx("%s exists and is not a socket", path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0)) == -1)
		fatal("socket");
	if (connect(fd, (const struct sockaddr *)sun, sizeof(*sun)) == 0 ||
	    errno == EAGAIN)
		fatalx("another oncalld is running on %s", path);
	if (errno != ECONNREFUSED)
		fatal("%s", path);
	close(fd);
	log_info("removing stale socket %s", path);
	if (unlink(path) == -1 && errno != ENOENT)
		fatal("unlink %s", path);
}

static int
bind_socket(const char *path, unsigned mode, struct server_conf *conf)
{
	struct stat		sb;
	struct sockaddr_un	sun;
	mode_t			old;
	int			fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path))
		fatalx("socket path too long (%zu bytes at most): %s",
		    sizeof(sun.sun_path) - 1, path);
	strcpy(sun.sun_path, path);
	clear_stale_socket(path, &sun);

	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0)) == -1)
		fatal("socket");
	/*
	 * The umask makes bind() create the file with MODE exactly: no
	 * moment when it is more open than configured, and no chmod() by
	 * path afterwards, which would follow whatever the path has become.
	 * The owner is whoever binds: the daemon's user and primary group.
	 */
	old = umask(~(mode_t)mode & 0777);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		if (errno == EACCES && geteuid() != 0)
			fatal("bind %s (the socket's folder must be writable "
			    "by uid %u)", path, (unsigned)geteuid());
		fatal("bind %s", path);
	}
	umask(old);
	/* The file, to know it again at a reload (socket_mode). */
	if (lstat(path, &sb) == -1)
		fatal("%s", path);
	if (!S_ISSOCK(sb.st_mode))
		fatalx("%s was replaced after bind", path);
	conf->sock_dev = sb.st_dev;
	conf->sock_ino = sb.st_ino;
	if (listen(fd, SOMAXCONN) == -1)
		fatal("listen %s", path);
	log_info("listening on %s", path);
	return fd;
}

/* The account daemon.user names; fatal when there is none. */
static struct passwd *
daemon_user(const char *user)
{
	struct passwd	*pw;

	errno = 0;
	if ((pw = getpwnam(user)) == NULL) {
		if (errno != 0)
			fatal("daemon.user %s", user);
		fatalx("daemon.user %s: no such user", user);
	}
	return pw;
}

/*
 * For good: groups, gid, uid, and no way back through set-user-id
 * programs (PR_SET_NO_NEW_PRIVS, as systemd's NoNewPrivileges= does for
 * the shipped unit).
 */
static void
drop_privileges(const struct passwd *pw)
{
	uid_t	uid = pw->pw_uid;
	gid_t	gid = pw->pw_gid;

	if (initgroups(pw->pw_name, gid) == -1)
		fatal("initgroups %s", pw->pw_name);
	if (setresgid(gid, gid, gid) == -1)
		fatal("setresgid %u", (unsigned)gid);
	if (setresuid(uid, uid, uid) == -1)
		fatal("setresuid %u", (unsigned)uid);
	if (uid != 0 && setuid(0) != -1)
		fatalx("privileges could be regained after dropping them");
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		fatal("prctl(PR_SET_NO_NEW_PRIVS)");
	log_info("running as %s (uid %u, gid %u)", pw->pw_name, (unsigned)uid,
	    (unsigned)gid);
}

/* A reload reads the configuration as the user the daemon runs as: say so
 * now if that cannot work, rather than at the first RELOAD. */
static void
check_config_readable(const char *path)
{
	int	fd;

	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)) !=
	    -1) {
		close(fd);
		return;
	}
	log_warnx("%s: %s as uid %u: every reload will fail until the daemon's "
	    "user can read it", path, strerror(errno), (unsigned)geteuid());
}

/* Prints on stderr, as "file:line: warning: setting: problem", what in
 * SNAP is valid but most likely a mistake; returns how many. */
static size_t
print_warnings(const struct snapshot *snap, int64_t now)
{
	struct diags	 w = DIAGS_INITIALIZER;
	struct diag	 g;
	char		*text, line[2048];
	size_t		 i, n;

	snapshot_warnings(snap, now, &w);
	for (i = 0; i < w.n; i++) {
		g = w.v[i];
		if (asprintf(&text, "warning: %s", g.text) == -1)
			fatal("asprintf");
		g.text = text;
		diag_format(&g, line, sizeof(line));
		fprintf(stderr, "%s\n", line);
		free(text);
	}
	n = w.n;
	diags_free(&w);
	return n;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "config",	required_argument,	NULL,	'c' },
		{ "socket",	required_argument,	NULL,	's' },
		{ "check",	no_argument,		NULL,	'n' },
		{ "verbose",	no_argument,		NULL,	'v' },
		{ "foreground",	no_argument,		NULL,	'f' },
		{ "help",	no_argument,		NULL,	'h' },
		{ "version",	no_argument,		NULL,	'V' },
		{ NULL,		0,			NULL,	0 }
	};
	struct diags		 d = DIAGS_INITIALIZER;
	struct server_conf	 conf;
	struct snapshot		*snap;
	const char		*config = ONCALLD_CONFIG, *sockpath = NULL;
	char			*abs, *sockcopy = NULL;
	struct passwd		*pw;
	bool			 check = false, activated, privileged;
	int			 ch, verbose = 0, fd;
	size_t			 nwarn;
	int64_t			 now;

	/*
	 * A HUP, INT or TERM that comes while the configuration loads waits
	 * until the loop can take it (server_run() unblocks them): before,
	 * a HUP during start killed the daemon with its socket bound.
	 */
	server_signals(SIG_BLOCK);

	log_init("oncalld", LOG_LEVEL_INFO);
	while ((ch = getopt_long(argc, argv, "c:s:nvfhV", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'c':
			config = optarg;
			break;
		case 's':
			sockpath = optarg;
			break;
		case 'n':
			check = true;
			break;
		case 'v':
			verbose++;
			break;
		case 'f':
			/* Always in the foreground; kept for old scripts. */
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("oncalld %s (protocol %d)\n", ONCALLD_VERSION,
			    ONCALLD_PROTOCOL);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (sockpath != NULL && *sockpath == '\0') {
		log_warnx("-s: empty socket path");
		return EXIT_USAGE;
	}
	log_init("oncalld", verbose ? LOG_LEVEL_DEBUG : LOG_LEVEL_INFO);

	/* Reloads read the same file even if a relative path was given. */
	if ((abs = realpath(config, NULL)) != NULL)
		config = abs;
	now = (int64_t)time(NULL);
	snap = snapshot_load(config, now, &d);
	if (snap == NULL) {
		diags_print(&d, stderr);
		diags_free(&d);
		if (!check)
			log_warnx("%s: configuration invalid, not starting",
			    config);
		free(abs);
		return EXIT_CONFIG;
	}
	diags_print(&d, stderr);
	diags_free(&d);
	if (check) {
		nwarn = print_warnings(snap, now);
		printf("configuration OK: %zu teams, %zu routes", snap->nteams,
		    snap->nroutes);
		if (nwarn > 0)
			printf(", %zu warning%s", nwarn, nwarn > 1 ? "s" : "");
		printf("\n");
		snapshot_free(snap);
		free(abs);
		return 0;
	}

	memset(&conf, 0, sizeof(conf));
	if (sockpath == NULL)
		sockpath = snap->daemon.socket != NULL ?
		    snap->daemon.socket : ONCALLD_SOCKET;
	fd = activated_socket();
	activated = fd != -1;
	/*
	 * Privileges go before the socket is made, as chrony does: root
	 * never operates on a path in a folder that someone else may change.
	 */
	privileged = geteuid() == 0;
	pw = NULL;
	if (privileged && snap->daemon.user != NULL)
		pw = daemon_user(snap->daemon.user);
	else if (privileged)
		log_warnx("running as root: set daemon.user to drop "
		    "privileges");
	if (!activated)
		check_socket_dir(sockpath, privileged,
		    pw != NULL ? pw->pw_uid : 0);
	if (pw != NULL) {
		drop_privileges(pw);
		check_config_readable(config);
	}
	if (!activated)
		fd = bind_socket(sockpath, snap->daemon.socket_mode, &conf);

	conf.config_path = config;
	conf.listen_fd = fd;
	/* SOCKPATH may point into SNAP, which a reload frees. */
	if (!activated && (sockcopy = strdup(sockpath)) == NULL)
		fatal("strdup");
	conf.unlink_path = sockcopy;
	conf.started = now;
	ch = server_run(snap, &conf);
	free(sockcopy);
	free(abs);
	return ch;
}
