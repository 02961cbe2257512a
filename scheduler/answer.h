/* answer.h - the JSON objects of the protocol (SPEC 3.1), built from a
 * snapshot. Every function returns a malloc'd single-line JSON text without
 * newline; the caller frees it. */
#ifndef ANSWER_H
#define ANSWER_H

#include <stddef.h>
#include <stdint.h>

struct snapshot;
struct entity;

char	*answer_ping(void);
char	*answer_list(const struct snapshot *);
/* Every team and route at AT. */
char	*answer_now_all(const struct snapshot *, int64_t at);
char	*answer_now(const struct snapshot *, const struct entity *, int64_t at);
char	*answer_next(const struct snapshot *, const struct entity *, int64_t at,
	    size_t count);
char	*answer_shifts(const struct snapshot *, const struct entity *,
	    int64_t from, int64_t to);
char	*answer_ics(const struct snapshot *, const struct entity *, int64_t now);
char	*answer_help(void);

#endif
