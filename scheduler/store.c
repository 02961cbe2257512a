/* store.c - what every store backend shares: the alert and event records'
 * memory and their names on the wire. */
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "xmalloc.h"

static const char *const state_names[] = {
	"triggered", "acknowledged", "resolved"
};

static const char *const event_names[] = {
	"created", "sent", "send_failed", "escalated", "acknowledged",
	"resolved"
};

const char *
alert_state_name(enum alert_state s)
{
	return state_names[s];
}

const char *
alert_event_name(enum alert_event_kind k)
{
	return event_names[k];
}

void
alert_clear(struct alert *a)
{
	free(a->route);
	free(a->key);
	free(a->summary);
	memset(a, 0, sizeof(*a));
}

void
alert_copy(struct alert *dst, const struct alert *src)
{
	*dst = *src;
	dst->route = xstrdup(src->route);
	dst->key = xstrdup(src->key);
	dst->summary = xstrdup_null(src->summary);
}

void
store_free_alerts(struct alert *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		alert_clear(&v[i]);
	free(v);
}

void
store_free_events(struct alert_event *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].address);
		free(v[i].by);
	}
	free(v);
}
