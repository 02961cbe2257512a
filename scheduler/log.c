/* log.c - leveled logging to stderr for the daemon and the CLI.
 *
 * Under systemd, stderr is a journal stream: there the line starts with the
 * kernel-style "<N>" priority journald understands, instead of the program
 * name, so that the journal records the level and shows no duplicate name.
 */
#include <sys/stat.h>

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

static const char	*log_progname = "oncalld";
static enum log_level	 log_max = LOG_LEVEL_INFO;
static bool		 log_journal;

static bool
stderr_is_journal(void)
{
	const char		*env;
	struct stat		 sb;
	uintmax_t		 dev, ino;
	char			 c;

	if ((env = getenv("JOURNAL_STREAM")) == NULL)
		return false;
	if (sscanf(env, "%ju:%ju%c", &dev, &ino, &c) != 2)
		return false;
	if (fstat(STDERR_FILENO, &sb) == -1)
		return false;
	return (uintmax_t)sb.st_dev == dev && (uintmax_t)sb.st_ino == ino;
}

void
log_init(const char *progname, enum log_level level)
{
	if (progname != NULL)
		log_progname = progname;
	log_max = level;
	log_journal = stderr_is_journal();
}

static void vlog(enum log_level, const char *, const char *, va_list)
	    __attribute__((format(printf, 3, 0)));

static void
vlog(enum log_level level, const char *errstr, const char *fmt, va_list ap)
{
	/* syslog(3) priorities: err, warning, info, debug */
	static const int	 prio[] = { 3, 4, 6, 7 };
	static const char	*name[] = { "error", "warning", "info", "debug" };
	char			 msg[2048];

	if (level > log_max)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	/* One fprintf per line, so that lines from a crash dump stay whole. */
	if (log_journal) {
		if (errstr != NULL)
			fprintf(stderr, "<%d>%s: %s\n", prio[level], msg, errstr);
		else
			fprintf(stderr, "<%d>%s\n", prio[level], msg);
	} else {
		if (errstr != NULL)
			fprintf(stderr, "%s: %s: %s: %s\n", log_progname,
			    name[level], msg, errstr);
		else
			fprintf(stderr, "%s: %s: %s\n", log_progname,
			    name[level], msg);
	}
	fflush(stderr);
}

void
log_warn(const char *fmt, ...)
{
	va_list	ap;
	int	saved = errno;

	va_start(ap, fmt);
	vlog(LOG_LEVEL_WARN, strerror(saved), fmt, ap);
	va_end(ap);
	errno = saved;
}

void
log_warnx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vlog(LOG_LEVEL_WARN, NULL, fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vlog(LOG_LEVEL_INFO, NULL, fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vlog(LOG_LEVEL_DEBUG, NULL, fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list	ap;
	int	saved = errno;

	va_start(ap, fmt);
	vlog(LOG_LEVEL_ERR, strerror(saved), fmt, ap);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vlog(LOG_LEVEL_ERR, NULL, fmt, ap);
	va_end(ap);
	exit(1);
}
