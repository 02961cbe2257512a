/* fuzz_readfile.c - readfile(), the one way input files are read, on odd
 * file types. The first byte chooses what the path is (a regular file
 * holding the rest of the input, a FIFO with or without a writer, a link to
 * /dev/zero, a folder, a socket, a dangling link, a link to the regular
 * file); the second the size cap. Oracle: a regular file, or a link to one,
 * reads back byte for byte (or is refused as larger than the cap exactly
 * when it is); anything else is refused at once with a message, and never
 * blocks (libFuzzer's -timeout catches a hang). */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "readfile.h"

static void
must_refuse(const char *path, size_t cap, const char *what)
{
	char *text, err[256];
	size_t len;

	err[0] = '\0';
	if (readfile(path, cap, &text, &len, err, sizeof(err)) != -1 ||
	    text != NULL || err[0] == '\0') {
		fprintf(stderr, "%s (%s) not refused with a reason\n", path,
		    what);
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = fuzz_tmpdir();
	struct sockaddr_un sun;
	char path[256], link[256], *file, *text, err[256];
	size_t cap, len;
	int kind, fd, wfd;

	if (size < 2)
		return 0;
	kind = data[0] % 8;
	/* 0: as small as 0; the cap is at most 255 times 64 bytes. */
	cap = (size_t)data[1] * 64;
	data += 2;
	size -= 2;
	snprintf(path, sizeof(path), "%s/odd", dir);
	snprintf(link, sizeof(link), "%s/link", dir);
	unlink(path);
	rmdir(path);
	unlink(link);
	file = fuzz_write(dir, "file", data, size);
	switch (kind) {
	case 0:
	case 1:
		if (kind == 1 && symlink(file, link) == -1)
			abort();
		if (readfile(kind == 1 ? link : file, cap, &text, &len, err,
		    sizeof(err)) == -1) {
			if (size <= cap || errno != EFBIG) {
				fprintf(stderr, "%zu bytes under a cap of %zu "
				    "refused: %s\n", size, cap, err);
				abort();
			}
		} else if (size > cap || len != size ||
		    memcmp(text, data, size) != 0 || text[len] != '\0') {
			fprintf(stderr, "%zu bytes, cap %zu: read back %zu "
			    "bytes, not the same\n", size, cap, len);
			abort();
		} else
			free(text);
		break;
	case 2:		/* a FIFO nobody writes to */
		if (mkfifo(path, 0600) == -1)
			abort();
		must_refuse(path, cap, "FIFO");
		break;
	case 3:		/* a FIFO with a writer that wrote the input */
		if (mkfifo(path, 0600) == -1 ||
		    (fd = open(path, O_RDONLY | O_NONBLOCK)) == -1 ||
		    (wfd = open(path, O_WRONLY | O_NONBLOCK)) == -1)
			abort();
		(void)!write(wfd, data, size < 4096 ? size : 4096);
		must_refuse(path, cap, "FIFO with data");
		close(wfd);
		close(fd);
		break;
	case 4:
		if (symlink("/dev/zero", path) == -1)
			abort();
		must_refuse(path, cap, "link to /dev/zero");
		break;
	case 5:
		if (mkdir(path, 0700) == -1)
			abort();
		must_refuse(path, cap, "folder");
		break;
	case 6:
		memset(&sun, 0, sizeof(sun));
		sun.sun_family = AF_UNIX;
		/* fuzz_tmpdir() is short: the path fits. */
		if (strlen(path) >= sizeof(sun.sun_path))
			abort();
		memcpy(sun.sun_path, path, strlen(path) + 1);
		if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
		    bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1)
			abort();
		must_refuse(path, cap, "socket");
		close(fd);
		break;
	default:
		if (symlink("nothing-here", path) == -1)
			abort();
		must_refuse(path, cap, "dangling link");
		break;
	}
	unlink(path);
	rmdir(path);
	unlink(link);
	free(file);
	return 0;
}
