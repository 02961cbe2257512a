/* fuzz_common.c - helpers shared by the fuzz targets (fuzz.h). */
#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

static char	tmpdir[64];

static void
remove_tmpdir(void)
{
	DIR *dp;
	struct dirent *de;
	char path[512];

	if (tmpdir[0] == '\0' || (dp = opendir(tmpdir)) == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", tmpdir, de->d_name);
		unlink(path);
	}
	closedir(dp);
	rmdir(tmpdir);
}

const char *
fuzz_tmpdir(void)
{
	const char *base;

	if (tmpdir[0] != '\0')
		return tmpdir;
	if ((base = getenv("TMPDIR")) == NULL || strlen(base) > 32)
		base = "/tmp";
	snprintf(tmpdir, sizeof(tmpdir), "%s/oncalld-fuzz.XXXXXX", base);
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		abort();
	}
	atexit(remove_tmpdir);
	return tmpdir;
}

char *
fuzz_write(const char *dir, const char *name, const uint8_t *data,
    size_t size)
{
	char *path;
	FILE *fp;
	size_t len = strlen(dir) + strlen(name) + 2;

	if ((path = malloc(len)) == NULL)
		abort();
	snprintf(path, len, "%s/%s", dir, name);
	if ((fp = fopen(path, "wb")) == NULL ||
	    (size > 0 && fwrite(data, 1, size, fp) != size) ||
	    fclose(fp) != 0) {
		perror(path);
		abort();
	}
	return path;
}

char *
fuzz_data_path(const char *rel)
{
	const char *base = getenv("ONCALLD_FUZZ_DIR");
	char *path;
	size_t len;

	if (base == NULL || *base == '\0')
		base = "tests/fuzz";
	len = strlen(base) + strlen(rel) + 2;
	if ((path = malloc(len)) == NULL)
		abort();
	snprintf(path, len, "%s/%s", base, rel);
	return path;
}

char *
fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}
