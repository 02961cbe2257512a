/* metrics.h - the Prometheus text exposition of /metrics (SPEC 8), built
 * from a snapshot and the daemon's counters at NOW. */
#ifndef METRICS_H
#define METRICS_H

#include <stdint.h>

struct snapshot;
struct answer_stats;

/* Caller frees; NULL only when out of memory. */
char	*metrics_text(const struct snapshot *, const struct answer_stats *,
	    uint64_t http_requests, int64_t now);

#endif
