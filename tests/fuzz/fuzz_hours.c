/* fuzz_hours.c - the operating-hours grammar: what hours_parse() accepts
 * formats to a canonical text that parses to the same rules, and expands
 * into valid intervals in zones with and without daylight saving. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "hours.h"
#include "interval.h"
#include "tz.h"

static struct tz	*zones[3];
static const char	*zone_names[3] = { "UTC", "Europe/Paris",
			    "America/New_York" };

/* Windows around the 2026 spring and autumn changes, and 1970 and 2099. */
static const int64_t	windows[][2] = {
	{ INT64_C(1774137600), INT64_C(1775347200) },
	{ INT64_C(1792281600), INT64_C(1793491200) },
	{ INT64_C(0), INT64_C(1209600) },
	{ INT64_C(4101235200), INT64_C(4102444800) }
};

static void
load(void)
{
	char err[256];
	size_t i;

	for (i = 0; i < 3; i++)
		if ((zones[i] = tz_load(zone_names[i], err,
		    sizeof(err))) == NULL) {
			fprintf(stderr, "%s\n", err);
			abort();
		}
}

static int
same_hours(const struct hours *a, const struct hours *b)
{
	size_t i;

	if (a->kind != b->kind || a->n != b->n)
		return 0;
	/* Field by field: the struct has padding. */
	for (i = 0; i < a->n; i++)
		if (a->r[i].days != b->r[i].days ||
		    a->r[i].start != b->r[i].start ||
		    a->r[i].end != b->r[i].end)
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hours h, h2;
	struct ivset iv = IVSET_INITIALIZER;
	char err[256], text[4096], text2[4096];
	char *s;
	size_t i, j, k;

	if (zones[0] == NULL)
		load();
	if (size > 2048)
		return 0;
	s = fuzz_cstr(data, size);
	if (hours_parse(s, &h, err, sizeof(err)) == -1) {
		if (h.n != 0 || h.r != NULL) {
			fprintf(stderr, "error left rules behind\n");
			abort();
		}
		free(s);
		return 0;
	}
	for (i = 0; i < h.n; i++)
		if (h.r[i].days == 0 || h.r[i].days > 0x7f ||
		    h.r[i].start > 1440 || h.r[i].end > 1440) {
			fprintf(stderr, "rule %zu out of range\n", i);
			abort();
		}
	hours_format(&h, text, sizeof(text));
	if (hours_parse(text, &h2, err, sizeof(err)) == -1) {
		fprintf(stderr, "canonical \"%s\" of \"%s\" does not parse: "
		    "%s\n", text, s, err);
		abort();
	}
	hours_format(&h2, text2, sizeof(text2));
	if (strcmp(text, text2) != 0 || !same_hours(&h, &h2)) {
		fprintf(stderr, "\"%s\" -> \"%s\" -> \"%s\"\n", s, text,
		    text2);
		abort();
	}
	hours_free(&h2);
	for (i = 0; i < 3; i++)
		for (j = 0; j < sizeof(windows) / sizeof(windows[0]); j++) {
			ivset_clear(&iv);
			hours_expand(&h, zones[i], windows[j][0],
			    windows[j][1], &iv);
			for (k = 0; k < iv.n; k++)
				if (iv.v[k].start >= iv.v[k].end) {
					fprintf(stderr, "empty interval from "
					    "\"%s\"\n", s);
					abort();
				}
			ivset_normalize(&iv);
			for (k = 1; k < iv.n; k++)
				if (iv.v[k].start <= iv.v[k - 1].end) {
					fprintf(stderr, "not normalized\n");
					abort();
				}
		}
	ivset_free(&iv);
	hours_free(&h);
	free(s);
	return 0;
}
