/* calendar.h - closures and extra events from iCalendar (.ics) files.
 *
 * Each file is read with libical and every event expanded into UTC
 * intervals over the whole span the engine answers for, so that nothing is
 * parsed or expanded while answering.
 */
#ifndef CALENDAR_H
#define CALENDAR_H

#include <stddef.h>
#include <stdint.h>

#include "interval.h"

struct tz;
struct diags;

/* Reads PATH and adds every event occurrence to OUT, normalized. Times with a
 * TZID resolve through the system's tzdata (an IANA name, or a VTIMEZONE in
 * the file whose TZID ends in one) or the file's own VTIMEZONE; floating
 * times and all-day dates are read in ZONE (the team's zone; all-day means
 * the whole local day). Every problem is added to D as "PATH:line: UID: ..."
 * and the function returns -1; 0 on success. */
int	calendar_load(const char *path, const struct tz *zone, struct ivset *out,
	    struct diags *d);

/*
 * The same for a calendar whose events name someone (rotation overrides,
 * SPEC 6): WHO is called once per event with its SUMMARY (may be NULL) and
 * the addresses of its ATTENDEEs without "mailto:", and returns a tag >= 0,
 * or -1 when the event names nobody known (an error "PATH:line: UID ...").
 * On success *OCC (caller frees) holds every occurrence with its event's
 * tag and the event's position in the file, unsorted.
 */
struct calendar_occ {
	int64_t	start;
	int64_t	end;
	int	who;
	size_t	order;
};

typedef int (*calendar_who_fn)(void *arg, const char *summary,
    const char *const *attendees, size_t nattendees);

int	calendar_load_tagged(const char *path, const struct tz *zone,
	    calendar_who_fn who, void *arg, struct calendar_occ **occ,
	    size_t *nocc, struct diags *d);

#endif
