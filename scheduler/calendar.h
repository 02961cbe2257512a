/* calendar.h - closures and extra events from iCalendar (.ics) files.
 *
 * Each file is read with libical and every event expanded into UTC
 * intervals over the whole span the engine answers for, so that nothing is
 * parsed or expanded while answering.
 */
#ifndef CALENDAR_H
#define CALENDAR_H

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

#endif
