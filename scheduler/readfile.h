/* readfile.h - the one way to read an input file: configuration and its
 * includes, calendars, zone files, and every file that later reads tokens,
 * keys or kept copies. Nothing else in the project may open an input file.
 *
 * The file is opened without blocking (a FIFO with no writer does not hang
 * the caller), its type and size are taken from the open descriptor (no
 * window between the check and the read), only regular files are read, at
 * most MAX bytes, from that same descriptor. Symbolic links are followed:
 * /etc/oncalld/oncalld.conf may be a link into a managed tree; what they
 * lead to must still be a regular file.
 */
#ifndef READFILE_H
#define READFILE_H

#include <stddef.h>

/*
 * Reads PATH whole. On success returns 0, *TEXTP receives the contents with
 * a NUL byte after them (caller frees) and *LENP their length (which does
 * not count that NUL; the contents may hold NUL bytes of their own). On
 * failure returns -1 and ERR receives why, without the path, fit to follow
 * "PATH: ": "is a FIFO, not a regular file", "larger than 1048576 bytes",
 * "No such file or directory". errno is left set to the cause.
 */
int	readfile(const char *path, size_t max, char **textp, size_t *lenp,
	    char *err, size_t errlen);

/* What a file of mode MODE is, for messages: "a FIFO", "a folder". */
const char *readfile_kind(unsigned mode);

#endif
