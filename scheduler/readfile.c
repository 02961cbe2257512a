/* readfile.c - reading an input file safely (see readfile.h for why each
 * step is there).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "readfile.h"

const char *
readfile_kind(unsigned mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG:
		return "a regular file";
	case S_IFDIR:
		return "a folder";
	case S_IFIFO:
		return "a FIFO";
	case S_IFCHR:
		return "a character device";
	case S_IFBLK:
		return "a block device";
	case S_IFSOCK:
		return "a socket";
	case S_IFLNK:
		return "a symbolic link";
	default:
		return "not a file";
	}
}

static int
fail(int e, char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
fail(int e, char *err, size_t errlen, const char *fmt, ...)
{
	va_list	ap;

	if (errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	errno = e;
	return -1;
}

int
readfile(const char *path, size_t max, char **textp, size_t *lenp,
    char *err, size_t errlen)
{
	struct stat	 sb;
	char		*buf = NULL, *nb;
	size_t		 len = 0, cap;
	ssize_t		 n;
	int		 fd, e;

	*textp = NULL;
	*lenp = 0;
	/*
	 * O_NONBLOCK: opening a FIFO for reading otherwise waits for a
	 * writer, and a tape or terminal may wait for anything. O_NOCTTY: a
	 * terminal named by mistake must not become ours.
	 */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)) ==
	    -1) {
		e = errno;
		/* A socket cannot be opened at all: say what it is. */
		if (e == ENXIO && stat(path, &sb) == 0 && !S_ISREG(sb.st_mode))
			return fail(e, err, errlen, "is %s, not a regular file",
			    readfile_kind((unsigned)sb.st_mode));
		return fail(e, err, errlen, "%s", strerror(e));
	}
	if (fstat(fd, &sb) == -1) {
		e = errno;
		close(fd);
		return fail(e, err, errlen, "%s", strerror(e));
	}
	if (!S_ISREG(sb.st_mode)) {
		close(fd);
		return fail(S_ISDIR(sb.st_mode) ? EISDIR : EINVAL, err, errlen,
		    "is %s, not a regular file",
		    readfile_kind((unsigned)sb.st_mode));
	}
	if (sb.st_size < 0 || (unsigned long long)sb.st_size > max) {
		close(fd);
		return fail(EFBIG, err, errlen, "larger than %zu bytes", max);
	}
	/*
	 * The size is a hint: a file that grows while it is read is read up
	 * to MAX and refused past it; the spare byte tells the two apart.
	 */
	cap = (size_t)sb.st_size + 1;
	for (;;) {
		if (buf == NULL || len == cap) {
			if (buf != NULL)
				cap = cap > max / 2 ? max + 1 : cap * 2;
			if ((nb = realloc(buf, cap + 1)) == NULL) {
				free(buf);
				close(fd);
				return fail(ENOMEM, err, errlen,
				    "out of memory");
			}
			buf = nb;
		}
		n = read(fd, buf + len, cap - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			e = errno;
			free(buf);
			close(fd);
			return fail(e, err, errlen, "%s", strerror(e));
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > max) {
			free(buf);
			close(fd);
			return fail(EFBIG, err, errlen, "larger than %zu bytes",
			    max);
		}
	}
	close(fd);
	buf[len] = '\0';
	*textp = buf;
	*lenp = len;
	return 0;
}
