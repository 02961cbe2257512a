/* test_readfile.c - the one function that reads input files: regular files
 * whole, everything else refused at once with what it is (a FIFO with no
 * writer must not block, /dev/zero must not be read without end), a size
 * cap, symbolic links followed to what they name.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "readfile.h"

static char	 dir[] = "/tmp/test_readfile.XXXXXX";
static char	 path[512];
static char	*text;
static size_t	 len;
static char	 err[256];

static void
setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(dir));
	text = NULL;
}

static void
teardown(void)
{
	char cmd[600];

	free(text);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	strcpy(dir, "/tmp/test_readfile.XXXXXX");
}

static const char *
in_dir(const char *name)
{
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

static void
write_file(const char *name, const char *data, size_t n)
{
	FILE *fp;

	ck_assert_ptr_nonnull(fp = fopen(in_dir(name), "wb"));
	ck_assert_uint_eq(fwrite(data, 1, n, fp), n);
	ck_assert_int_eq(fclose(fp), 0);
}

static void
refused(const char *p, size_t max, const char *why)
{
	ck_assert_int_eq(readfile(p, max, &text, &len, err, sizeof(err)), -1);
	ck_assert_ptr_null(text);
	ck_assert_msg(strcmp(err, why) == 0, "%s: \"%s\", expected \"%s\"", p,
	    err, why);
}

START_TEST(regular)
{
	write_file("a", "one\0two", 7);
	ck_assert_int_eq(readfile(in_dir("a"), 100, &text, &len, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(len, 7);
	ck_assert_int_eq(memcmp(text, "one\0two", 8), 0);
}
END_TEST

START_TEST(empty)
{
	write_file("e", "", 0);
	ck_assert_int_eq(readfile(in_dir("e"), 100, &text, &len, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(len, 0);
	ck_assert_str_eq(text, "");
}
END_TEST

/* The cap is inclusive: MAX bytes are read, MAX + 1 refused. */
START_TEST(size_cap)
{
	write_file("big", "0123456789", 10);
	ck_assert_int_eq(readfile(in_dir("big"), 10, &text, &len, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(len, 10);
	free(text);
	text = NULL;
	refused(in_dir("big"), 9, "larger than 9 bytes");
	ck_assert_int_eq(errno, EFBIG);
}
END_TEST

/* Before: open() waited for a writer, for ever (check's timeout ends it). */
START_TEST(fifo)
{
	ck_assert_int_eq(mkfifo(in_dir("fifo"), 0600), 0);
	refused(path, 100, "is a FIFO, not a regular file");
}
END_TEST

/* Before: read until memory ran out. */
START_TEST(dev_zero)
{
	refused("/dev/zero", 1 << 20, "is a character device, not a regular "
	    "file");
	ck_assert_int_eq(symlink("/dev/zero", in_dir("zero.conf")), 0);
	refused(path, 1 << 20, "is a character device, not a regular file");
}
END_TEST

START_TEST(folder)
{
	refused(dir, 100, "is a folder, not a regular file");
	ck_assert_int_eq(errno, EISDIR);
}
END_TEST

START_TEST(unix_socket)
{
	struct sockaddr_un sun;
	int fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s/sock", dir);
	ck_assert_int_ne(fd = socket(AF_UNIX, SOCK_STREAM, 0), -1);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	refused(sun.sun_path, 100, "is a socket, not a regular file");
	close(fd);
}
END_TEST

START_TEST(missing)
{
	refused(in_dir("nothing"), 100, "No such file or directory");
	ck_assert_int_eq(errno, ENOENT);
}
END_TEST

/* A link to a regular file reads the file. */
START_TEST(link_to_file)
{
	write_file("real", "text\n", 5);
	ck_assert_int_eq(symlink("real", in_dir("link")), 0);
	ck_assert_int_eq(readfile(path, 100, &text, &len, err, sizeof(err)),
	    0);
	ck_assert_str_eq(text, "text\n");
}
END_TEST

START_TEST(kinds)
{
	ck_assert_str_eq(readfile_kind(S_IFIFO), "a FIFO");
	ck_assert_str_eq(readfile_kind(S_IFDIR), "a folder");
	ck_assert_str_eq(readfile_kind(S_IFBLK), "a block device");
	ck_assert_str_eq(readfile_kind(S_IFSOCK), "a socket");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("readfile");
	TCase *tc = tcase_create("readfile");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, regular);
	tcase_add_test(tc, empty);
	tcase_add_test(tc, size_cap);
	tcase_add_test(tc, fifo);
	tcase_add_test(tc, dev_zero);
	tcase_add_test(tc, folder);
	tcase_add_test(tc, unix_socket);
	tcase_add_test(tc, missing);
	tcase_add_test(tc, link_to_file);
	tcase_add_test(tc, kinds);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
