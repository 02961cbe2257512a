/* fuzz_timefmt.c - the protocol's time argument: whatever time_parse()
 * accepts lies in [1970, 2100) and survives a round trip through the UTC
 * and the local formats. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "fuzz.h"
#include "timefmt.h"

static void
roundtrip(const char *text, int64_t want)
{
	char err[160];
	int64_t t;

	if (time_parse(text, &t, err, sizeof(err)) == -1 || t != want) {
		fprintf(stderr, "\"%s\" does not read back as %lld: %s\n",
		    text, (long long)want, err);
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	char err[160], buf[TIMEFMT_LEN], span[64];
	int64_t t;
	int32_t off;

	memset(err, 'x', sizeof(err));
	if (time_parse(s, &t, err, sizeof(err)) == 0) {
		if (t < CIVIL_MIN || t >= CIVIL_MAX) {
			fprintf(stderr, "\"%s\" read as %lld, outside "
			    "1970-2099\n", s, (long long)t);
			abort();
		}
		time_format_utc(t, buf);
		roundtrip(buf, t);
		/* Any offset a zone may have, taken from the instant. */
		off = (int32_t)(t % (26 * 3600)) - 13 * 3600;
		off -= off % 60;
		time_format_local(t, off, buf);
		if (t + off >= CIVIL_MIN && t + off < CIVIL_MAX)
			roundtrip(buf, t);
		time_format_span(t, span, sizeof(span));
		time_format_span(-t, span, sizeof(span));
		time_format_span(t % 1000, span, 4);
	} else if (memchr(err, '\0', sizeof(err)) == NULL) {
		fprintf(stderr, "error message not terminated\n");
		abort();
	}
	free(s);
	return 0;
}
