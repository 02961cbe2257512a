/* metrics.c - the Prometheus text format (version 0.0.4) of the daemon's
 * counters and of every team's and route's state at NOW. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "answer.h"
#include "metrics.h"
#include "route.h"
#include "schedule.h"
#include "snapshot.h"

static void
header(FILE *f, const char *name, const char *type, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* A label value: backslash, double quote and newline escaped. */
static void
label(FILE *f, const char *v)
{
	for (; *v != '\0'; v++) {
		if (*v == '\\' || *v == '"')
			fputc('\\', f);
		if (*v == '\n')
			fputs("\\n", f);
		else
			fputc(*v, f);
	}
}

/* One gauge per route: whether it is escalated (ESCALATED) or staffed. */
static void
route_gauge(FILE *f, const struct snapshot *snap, int64_t now,
    const char *name, const char *help, bool escalated)
{
	struct route_state	rs;
	size_t			i;

	header(f, name, "gauge", help);
	for (i = 0; i < snap->nroutes; i++) {
		route_resolve(snap, &snap->routes[i], now, &rs, NULL);
		fprintf(f, "%s{route=\"", name);
		label(f, snap->routes[i].id);
		fprintf(f, "\"} %d\n", (escalated ? rs.escalated : rs.staffed) ?
		    1 : 0);
	}
}

char *
metrics_text(const struct snapshot *snap, const struct answer_stats *st,
    uint64_t http_requests, int64_t now)
{
	struct sched_state	 ss;
	char			*text = NULL;
	size_t			 len = 0, i;
	FILE			*f;

	if ((f = open_memstream(&text, &len)) == NULL)
		return NULL;
	header(f, "oncalld_requests_total", "counter",
	    "Requests answered, by interface.");
	fprintf(f, "oncalld_requests_total{interface=\"socket\"} %" PRIu64
	    "\n", st->requests);
	fprintf(f, "oncalld_requests_total{interface=\"http\"} %" PRIu64 "\n",
	    http_requests);
	header(f, "oncalld_errors_total", "counter",
	    "Socket answers with \"ok\":false.");
	fprintf(f, "oncalld_errors_total %" PRIu64 "\n", st->errors);
	header(f, "oncalld_reloads_total", "counter",
	    "Configuration reloads, by result.");
	fprintf(f, "oncalld_reloads_total{result=\"ok\"} %" PRIu64 "\n",
	    st->reloads);
	fprintf(f, "oncalld_reloads_total{result=\"failed\"} %" PRIu64 "\n",
	    st->reload_failures);
	header(f, "oncalld_clients", "gauge",
	    "Socket clients connected now.");
	fprintf(f, "oncalld_clients %" PRIu64 "\n", st->clients);
	header(f, "oncalld_start_time_seconds", "gauge",
	    "When the daemon started, in Unix seconds.");
	fprintf(f, "oncalld_start_time_seconds %" PRId64 "\n", st->started);

	header(f, "oncalld_team_staffed", "gauge",
	    "1 when the team is staffed now, else 0.");
	for (i = 0; i < snap->nteams; i++) {
		schedule_state(&snap->teams[i].sched, now, &ss);
		fputs("oncalld_team_staffed{team=\"", f);
		label(f, snap->teams[i].id);
		fprintf(f, "\"} %d\n", ss.staffed ? 1 : 0);
	}
	route_gauge(f, snap, now, "oncalld_route_staffed",
	    "1 when some step of the route is staffed now, else 0.", false);
	route_gauge(f, snap, now, "oncalld_route_escalated",
	    "1 when the route answers a step after its first now, else 0.",
	    true);
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}
