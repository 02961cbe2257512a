/* fuzz_config.c - the configuration loader, on a file holding the input,
 * next to calendars and an include file it may name ("cal.ics", the
 * rotation overrides "ov.ics", "inc.conf"): any text either loads and compiles into a snapshot or is
 * refused with diagnostics, and nothing is written on standard output
 * (libconfig's scanner prints what none of its rules match there). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "fuzz.h"
#include "snapshot.h"

static const char cal[] =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//oncalld//fuzz//EN\r\n"
    "BEGIN:VEVENT\r\nUID:c1@fuzz\r\nDTSTAMP:20260101T000000Z\r\n"
    "DTSTART;VALUE=DATE:20261225\r\nRRULE:FREQ=YEARLY;COUNT=5\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n";
static const char ov[] =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//oncalld//fuzz//EN\r\n"
    "BEGIN:VEVENT\r\nUID:o1@fuzz\r\nDTSTAMP:20260101T000000Z\r\n"
    "DTSTART:20261124T220000Z\r\nDTEND:20261126T060000Z\r\n"
    "SUMMARY:b\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:o2@fuzz\r\nDTSTAMP:20260101T000000Z\r\n"
    "DTSTART:20261125T000000Z\r\nDURATION:PT6H\r\nSUMMARY:x\r\n"
    "ATTENDEE:mailto:a@example.org\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n";
static const char inc[] =
    "teams = ( { id = \"inc\"; name = \"Inc\"; short_name = \"INC\";\n"
    "  hours = \"24/7\"; channels = ( { id = \"email\"; type = \"email\";\n"
    "  address = \"a@example.org\"; } ); } );\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *dir;
	static int out = -1;
	struct diags d = DIAGS_INITIALIZER;
	struct snapshot *snap;
	char line[2048], *path;
	size_t i;
	int saved;

	if (dir == NULL) {
		dir = fuzz_tmpdir();
		free(fuzz_write(dir, "cal.ics", (const uint8_t *)cal,
		    sizeof(cal) - 1));
		free(fuzz_write(dir, "ov.ics", (const uint8_t *)ov,
		    sizeof(ov) - 1));
		free(fuzz_write(dir, "inc.conf", (const uint8_t *)inc,
		    sizeof(inc) - 1));
		path = fuzz_write(dir, "stdout", data, 0);
		if ((out = open(path, O_RDWR)) == -1)
			abort();
		free(path);
	}
	if (size > 65536)
		return 0;
	path = fuzz_write(dir, "oncalld.conf", data, size);
	fflush(stdout);
	if ((saved = dup(STDOUT_FILENO)) == -1 ||
	    dup2(out, STDOUT_FILENO) == -1)
		abort();
	snap = snapshot_load(path, FUZZ_NOW, &d);
	fflush(stdout);
	if (dup2(saved, STDOUT_FILENO) == -1)
		abort();
	close(saved);
	if (lseek(out, 0, SEEK_END) != 0) {
		fprintf(stderr, "the loader wrote on standard output\n");
		abort();
	}
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
