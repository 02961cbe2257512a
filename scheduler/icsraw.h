/* icsraw.h - the raw text of an .ics file as lines: components and their
 * properties with the line each starts on, so that a message can name the
 * offending property's own line (libical keeps no line numbers).
 *
 * No libical here: the scanner unfolds lines the way RFC 5545 3.1 says,
 * checks that every END closes the innermost BEGIN, and records, for each
 * component, its properties in file order.
 */
#ifndef ICSRAW_H
#define ICSRAW_H

#include <stdbool.h>
#include <stddef.h>

struct diags;

struct icsprop {
	char		 name[40];	/* upper case, cut to fit */
	int		 line;
	bool		 empty;		/* nothing after the ':' */
	bool		 has_colon;	/* a NAME[;params]:value line at all */
	bool		 value_date;	/* a VALUE=DATE parameter */
	bool		 value_date_time; /* a VALUE=DATE-TIME parameter */
	int		 nvalues;	/* values split at ',' (libical makes
					 * one property of each) */
	char		*value;		/* owned, cut; the whole line when
					 * !has_colon */
};

struct icscomp {
	char		 name[32];	/* upper case, cut to fit */
	int		 line;
	char		*id;		/* owned: the UID (VEVENT) or TZID */
	struct icsprop	*pv;
	size_t		 pn, pcap;
	struct icscomp	**kids;		/* owned, file order */
	size_t		 kn, kcap;
	struct icscomp	*parent;
};

struct icsraw {
	struct icscomp	 root;		/* holds the top-level components */
	size_t		 skip;		/* bytes before line 1's content: a
					 * UTF-8 byte order mark, blanks */
	bool		 saw_vcalendar;	/* a BEGIN:VCALENDAR line */
	bool		 bad_nesting;	/* reported: an END closing nothing
					 * open, or another component */
};

/* Scans BUF (LEN bytes) of file PATH into R. Nesting errors are added to D
 * as "PATH:line: ..."; returns their number (0 or 1: the first mismatch
 * makes the rest meaningless). The parser should read BUF + R->skip. */
size_t	icsraw_scan(struct icsraw *r, const char *buf, size_t len,
	    const char *path, struct diags *d);
void	icsraw_free(struct icsraw *r);

/* The Nth child of C named NAME (0 for the first), or NULL. */
struct icscomp *icsraw_child(const struct icscomp *c, const char *name,
	    size_t n);
/* The first child of C named NAME whose id is ID, or NULL. */
struct icscomp *icsraw_child_by_id(const struct icscomp *c, const char *name,
	    const char *id);

#endif
