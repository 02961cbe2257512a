/* fuzz_config.c - the configuration loader, on a file holding the input,
 * next to a calendar and an include file it may name ("cal.ics",
 * "inc.conf"): any text either loads and compiles into a snapshot or is
 * refused with diagnostics. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fuzz.h"
#include "snapshot.h"

static const char cal[] =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//oncalld//fuzz//EN\r\n"
    "BEGIN:VEVENT\r\nUID:c1@fuzz\r\nDTSTAMP:20260101T000000Z\r\n"
    "DTSTART;VALUE=DATE:20261225\r\nRRULE:FREQ=YEARLY;COUNT=5\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n";
static const char inc[] =
    "teams = ( { id = \"inc\"; name = \"Inc\"; short_name = \"INC\";\n"
    "  hours = \"24/7\"; channels = ( { id = \"email\"; type = \"email\";\n"
    "  address = \"a@example.org\"; } ); } );\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *dir;
	struct diags d = DIAGS_INITIALIZER;
	struct snapshot *snap;
	char line[2048], *path;
	size_t i;

	if (dir == NULL) {
		dir = fuzz_tmpdir();
		free(fuzz_write(dir, "cal.ics", (const uint8_t *)cal,
		    sizeof(cal) - 1));
		free(fuzz_write(dir, "inc.conf", (const uint8_t *)inc,
		    sizeof(inc) - 1));
	}
	if (size > 65536)
		return 0;
	path = fuzz_write(dir, "oncalld.conf", data, size);
	snap = snapshot_load(path, FUZZ_NOW, &d);
	if (snap == NULL && d.n == 0) {
		fprintf(stderr, "refused without a diagnostic\n");
		abort();
	}
	for (i = 0; i < d.n; i++)
		diag_format(&d.v[i], line, sizeof(line));
	snapshot_free(snap);
	diags_free(&d);
	free(path);
	return 0;
}
