/* calexpand.c - prints what calendar_load() makes of one .ics file, for the
 * cross-check against an independent expander (tests/calcheck.py):
 *
 *	calexpand ZONE FILE
 *	calexpand -c ZONE FILE...
 *
 * On success one "start end" line of UTC seconds per merged interval and
 * exit 0; on refusal the diagnostics ("file:line: text") on stdout and
 * exit 1; 2 for a usage error or an unknown ZONE. With -c, only loads
 * every FILE, prints the diagnostics of those refused and exits 1 if any
 * was (the shipped calendars' check, in one process).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "diag.h"
#include "interval.h"
#include "tz.h"

static int
check_all(const struct tz *zone, char **files, int n)
{
	struct diags d = DIAGS_INITIALIZER;
	struct ivset set;
	int i, bad = 0;

	for (i = 0; i < n; i++) {
		ivset_init(&set);
		if (calendar_load(files[i], zone, &set, &d) != 0)
			bad++;
		ivset_free(&set);
	}
	diags_print(&d, stdout);
	diags_free(&d);
	printf("%d calendars, %d refused\n", n, bad);
	return bad == 0 ? 0 : 1;
}

int
main(int argc, char **argv)
{
	struct diags d = DIAGS_INITIALIZER;
	struct ivset set;
	struct tz *zone;
	char err[256];
	size_t i;
	int rc, check = argc > 1 && strcmp(argv[1], "-c") == 0;

	if (argc < 3 + check || (!check && argc != 3)) {
		fprintf(stderr, "usage: calexpand ZONE FILE\n"
		    "       calexpand -c ZONE FILE...\n");
		return 2;
	}
	if ((zone = tz_load(argv[1 + check], err, sizeof(err))) == NULL) {
		fprintf(stderr, "calexpand: %s: %s\n", argv[1 + check], err);
		return 2;
	}
	if (check) {
		rc = check_all(zone, argv + 3, argc - 3);
		tz_free(zone);
		return rc;
	}
	ivset_init(&set);
	rc = calendar_load(argv[2], zone, &set, &d);
	if (rc == 0)
		for (i = 0; i < set.n; i++)
			printf("%lld %lld\n", (long long)set.v[i].start,
			    (long long)set.v[i].end);
	else
		diags_print(&d, stdout);
	ivset_free(&set);
	diags_free(&d);
	tz_free(zone);
	return rc == 0 ? 0 : 1;
}
