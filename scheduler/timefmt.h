/* timefmt.h - the protocol's time syntax: RFC 3339 or "@<unix seconds>" in,
 * RFC 3339 out (UTC with "Z", or local with its offset). */
#ifndef TIMEFMT_H
#define TIMEFMT_H

#include <stddef.h>
#include <stdint.h>

#define TIMEFMT_LEN	32

/* Parses "2026-11-23T08:00:00Z", "2026-11-23T03:00:00-05:00" (fractional
 * seconds are accepted and truncated; 't', 'z' and a space for 'T' too) or
 * "@1795420800". The instant must lie in [1970, 2100). Returns -1 with a
 * message in ERR otherwise. */
int	time_parse(const char *s, int64_t *out, char *err, size_t errlen);
/* As time_parse() for the end of a half-open window [from, to): it may also
 * be 2100-01-01T00:00:00Z (@4102444800), which covers the end of 2099. */
int	time_parse_end(const char *s, int64_t *out, char *err, size_t errlen);
/* "2026-11-23T08:00:00Z" */
void	time_format_utc(int64_t t, char buf[TIMEFMT_LEN]);
/* "2026-11-23T03:00:00-05:00"; OFFSET in seconds east of UTC. */
void	time_format_local(int64_t t, int32_t offset, char buf[TIMEFMT_LEN]);
/* Relative duration for people: "4h18m", "3d2h", "45s". */
void	time_format_span(int64_t secs, char *buf, size_t len);

#endif
