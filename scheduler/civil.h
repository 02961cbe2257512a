/* civil.h - proleptic Gregorian calendar arithmetic on 64-bit seconds.
 *
 * "Local seconds" throughout the project are wall-clock fields counted as if
 * they were UTC: days_from_civil(y, m, d) * 86400 + h * 3600 + mi * 60 + s.
 * They make wall-clock arithmetic (add a day, take the weekday) trivial and
 * leave the one hard step, local -> UTC, to tz_to_utc().
 */
#ifndef CIVIL_H
#define CIVIL_H

#include <stdint.h>

#define SECS_PER_DAY	86400

/* The span the engine answers for: [1970-01-01, 2100-01-01) UTC. */
#define CIVIL_MIN	INT64_C(0)
#define CIVIL_MAX	INT64_C(4102444800)

/* Days since 1970-01-01 of a Gregorian date (Howard Hinnant's algorithm). */
static inline int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static inline void
civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Floor division of seconds into days, correct for negative values. */
static inline int64_t
days_of(int64_t secs)
{
	return secs >= 0 ? secs / SECS_PER_DAY
	    : -((-secs + SECS_PER_DAY - 1) / SECS_PER_DAY);
}

/* ISO weekday of a day number: 0 = Monday .. 6 = Sunday. */
static inline int
weekday_of_days(int64_t days)
{
	int64_t w = (days + 3) % 7;	/* 1970-01-01 was a Thursday */

	return (int)(w < 0 ? w + 7 : w);
}

static inline int
is_leap_year(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

#endif
