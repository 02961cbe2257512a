/* tz.h - IANA time zones read from the system's tzdata, and the local->UTC
 * resolver that follows RFC 5545 section 3.3.5.
 *
 * A zone is loaded once from its TZif file (transitions plus the POSIX TZ
 * rule that extends them past the last one) and is immutable afterwards, so
 * it can be shared between snapshots and read from any number of requests.
 */
#ifndef TZ_H
#define TZ_H

#include <stddef.h>
#include <stdint.h>

struct tz;

/* Loads zone NAME ("Europe/Paris", "UTC") from $TZDIR or /usr/share/zoneinfo.
 * Names with "..", a leading '/' or characters outside the tzdata set are
 * refused. Returns NULL and writes a message to ERR on failure; never falls
 * back to UTC. The caller frees with tz_free(). */
struct tz	*tz_load(const char *name, char *err, size_t errlen);
void		 tz_free(struct tz *);
const char	*tz_name(const struct tz *);

/* UTC offset in seconds east of Greenwich in force at instant UTC. */
int32_t		 tz_offset(const struct tz *, int64_t utc);

/* Abbreviation in force at UTC ("CEST"); borrowed from the zone. */
const char	*tz_abbr(const struct tz *, int64_t utc);

/* The UTC instant of local wall-clock time LOCAL (see civil.h). A time in a
 * spring-forward gap is read with the offset in force before the transition;
 * an ambiguous time in a fall-back overlap means its first occurrence. */
int64_t		 tz_to_utc(const struct tz *, int64_t local);

/* The first offset change strictly after UTC, or INT64_MAX if none before
 * the year 2100. */
int64_t		 tz_next_transition(const struct tz *, int64_t utc);

#endif
