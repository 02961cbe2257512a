/* fuzz_calendar.c - the .ics loader, on a file holding the input: any
 * text either loads into a normalized set of intervals within 1970-2099 or
 * fails with at least one diagnostic naming the file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "civil.h"
#include "diag.h"
#include "fuzz.h"
#include "interval.h"
#include "tz.h"

static struct tz	*zone;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d = DIAGS_INITIALIZER;
	struct ivset iv = IVSET_INITIALIZER;
	char err[256], *path;
	size_t i;
	int rc;

	if (zone == NULL && (zone = tz_load("Europe/Paris", err,
	    sizeof(err))) == NULL) {
		fprintf(stderr, "%s\n", err);
		abort();
	}
	if (size > 65536)
		return 0;
	path = fuzz_write(fuzz_tmpdir(), "fuzz.ics", data, size);
	rc = calendar_load(path, zone, &iv, &d);
	if (rc == 0) {
		for (i = 0; i < iv.n; i++)
			if (iv.v[i].start >= iv.v[i].end ||
			    iv.v[i].start < CIVIL_MIN ||
			    iv.v[i].end > CIVIL_MAX ||
			    (i > 0 && iv.v[i].start <= iv.v[i - 1].end)) {
				fprintf(stderr, "interval %zu invalid\n", i);
				abort();
			}
	} else if (d.n == 0) {
		fprintf(stderr, "failed without a diagnostic\n");
		abort();
	}
	for (i = 0; i < d.n; i++) {
		char line[1024];

		diag_format(&d.v[i], line, sizeof(line));
	}
	diags_free(&d);
	ivset_free(&iv);
	free(path);
	return 0;
}
