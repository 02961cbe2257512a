/* hours.h - the weekly operating-hours grammar of the configuration
 * ("Mon-Fri 08:00-17:00; Sat 09:00-12:00", "24/7", "never") and its
 * expansion into UTC intervals in a zone, without any recurrence library.
 */
#ifndef HOURS_H
#define HOURS_H

#include <stddef.h>
#include <stdint.h>

#include "interval.h"

struct tz;

enum hours_kind {
	HOURS_NEVER,
	HOURS_ALWAYS,
	HOURS_WEEKLY
};

/* One range on a set of weekdays. Bit 0 of DAYS is Monday, bit 6 Sunday.
 * START and END are minutes after local midnight, 0..1440; END <= START
 * means the range ends on the next day. */
struct hours_range {
	uint8_t		days;
	uint16_t	start;
	uint16_t	end;
};

struct hours {
	enum hours_kind		 kind;
	size_t			 n;
	struct hours_range	*r;
};

/* Parses TEXT. On error returns -1 and writes a message quoting the
 * offending text to ERR; OUT is then left empty. */
int	hours_parse(const char *text, struct hours *out, char *err, size_t errlen);
void	hours_free(struct hours *);
/* Canonical text: "Mon-Fri 08:00-17:00" style, rules joined by "; ". */
void	hours_format(const struct hours *, char *buf, size_t len);

/* Adds to OUT (unnormalized) every staffed interval that overlaps
 * [from, to), each range evaluated on each local date it applies to:
 * local start on that date to local end on that date (or the next date). */
void	hours_expand(const struct hours *, const struct tz *, int64_t from,
	    int64_t to, struct ivset *out);

#endif
