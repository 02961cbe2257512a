/* tzdata.c - tzdata's own tables, read at run time from the zone folder
 * the zones themselves come from ($TZDIR, else /usr/share/zoneinfo):
 * zone1970.tab, which zones each country uses, and iso3166.tab, the
 * countries' codes and names. Which zone a country uses is never a list
 * of ours: it changes with the tzdata package.
 *
 * The tables are read once (through readfile()), on first use, and kept for the life of the
 * process. A missing or unreadable table leaves them empty: the reader then
 * knows no country's zones, and says so by giving none.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "readfile.h"
#include "tz.h"
#include "xmalloc.h"

#define TAB_MAX		(1024 * 1024)	/* each table is some 20 kB */

struct zrow {
	char	*codes;		/* "CH,DE,LI": the first is the zone's own */
	char	*zone;
};

struct crow {
	char	 iso[3];
	char	*name;
};

static struct zrow	*zrows;
static size_t		 nzrows;
static char		**places;	/* zones of zone.tab */
static size_t		 nplaces;
static struct crow	*crows;
static size_t		 ncrows;
static int		 loaded;

/* The table FILE of the zone folder, whole; NULL when it cannot be read. */
static char *
tab_read(const char *file)
{
	const char *dir = getenv("TZDIR");
	char path[4096], err[256], *text;
	size_t len;

	if (dir == NULL || dir[0] == '\0')
		dir = "/usr/share/zoneinfo";
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, file) >=
	    sizeof(path) || readfile(path, TAB_MAX, &text, &len, err,
	    sizeof(err)) == -1)
		return NULL;
	return text;
}

/* The tab-separated field N (0-based) of LINE, as a new string, or NULL. */
static char *
field(const char *line, int n)
{
	const char *p = line;

	while (n-- > 0) {
		if ((p = strchr(p, '\t')) == NULL)
			return NULL;
		p++;
	}
	return strndup_trim(p, strcspn(p, "\t\r"));
}

static void
load(void)
{
	char *text, *line, *next, *a, *b;

	if (loaded)
		return;
	loaded = 1;
	if ((text = tab_read("zone1970.tab")) != NULL) {
		for (line = text; line != NULL; line = next) {
			if ((next = strchr(line, '\n')) != NULL)
				*next++ = '\0';
			if (line[0] == '#' || line[0] == '\0')
				continue;
			a = field(line, 0);
			b = field(line, 2);
			if (a == NULL || b == NULL || *a == '\0' ||
			    *b == '\0') {
				free(a);
				free(b);
				continue;
			}
			zrows = xreallocarray(zrows, nzrows + 1,
			    sizeof(*zrows));
			zrows[nzrows].codes = a;
			zrows[nzrows++].zone = b;
		}
		free(text);
	}
	/* zone.tab still names the zones that zone1970.tab merged since
	 * 1970 (Europe/Amsterdam keeps Brussels' time): places too. */
	if ((text = tab_read("zone.tab")) != NULL) {
		for (line = text; line != NULL; line = next) {
			if ((next = strchr(line, '\n')) != NULL)
				*next++ = '\0';
			if (line[0] == '#' || (b = field(line, 2)) == NULL)
				continue;
			places = xreallocarray(places, nplaces + 1,
			    sizeof(*places));
			places[nplaces++] = b;
		}
		free(text);
	}
	if ((text = tab_read("iso3166.tab")) != NULL) {
		for (line = text; line != NULL; line = next) {
			if ((next = strchr(line, '\n')) != NULL)
				*next++ = '\0';
			if (!isupper((unsigned char)line[0]) ||
			    !isupper((unsigned char)line[1]) ||
			    line[2] != '\t')
				continue;
			crows = xreallocarray(crows, ncrows + 1,
			    sizeof(*crows));
			memcpy(crows[ncrows].iso, line, 2);
			crows[ncrows].iso[2] = '\0';
			crows[ncrows++].name = field(line, 1);
		}
		free(text);
	}
}

static int
has_code(const char *codes, const char *iso, int first)
{
	size_t n = strlen(iso);
	const char *p = codes;

	for (;;) {
		if (strncmp(p, iso, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return 1;
		if (first || (p = strchr(p, ',')) == NULL)
			return 0;
		p++;
	}
}

size_t
tzdata_country_zones(const char *iso, char ***out)
{
	size_t i, n = 0;
	int own;

	load();
	*out = NULL;
	/* The zones that are the country's own (its code first) before
	 * those it shares with a neighbour (Busingen keeps Zurich's time);
	 * research stations in Antarctica last. */
	for (own = 3; own >= 0; own--)
		for (i = 0; i < nzrows; i++) {
			if (has_code(zrows[i].codes, iso, 1) != (own & 1) ||
			    (strncmp(zrows[i].zone, "Antarctica/", 11) != 0)
			    != (own >> 1) || !has_code(zrows[i].codes, iso, 0))
				continue;
			*out = xreallocarray(*out, n + 1, sizeof(**out));
			(*out)[n++] = xstrdup(zrows[i].zone);
		}
	return n;
}

/* Whether NAME is a place's zone (zone1970.tab or zone.tab), not one of
 * tzdata's backward links ("Australia/South", "US/Eastern"). With no
 * table, every name that loads counts. */
int
tzdata_is_zone(const char *name)
{
	size_t i;

	load();
	if (nzrows == 0 && nplaces == 0)
		return 1;
	for (i = 0; i < nzrows; i++)
		if (strcmp(zrows[i].zone, name) == 0)
			return 1;
	for (i = 0; i < nplaces; i++)
		if (strcmp(places[i], name) == 0)
			return 1;
	return 0;
}

const char *
tzdata_country_name(const char *iso)
{
	size_t i;

	load();
	for (i = 0; i < ncrows; i++)
		if (strcmp(crows[i].iso, iso) == 0)
			return crows[i].name;
	return NULL;
}

int
tzdata_is_country(const char *iso)
{
	return tzdata_country_name(iso) != NULL;
}

/* Whether zones A and B keep the same UTC offsets from 2025 to 2037:
 * the hours the reader proposes are for now and the years ahead, where
 * zones that split before 1970 or merged since are one. */
int
tzdata_same_rules(struct ctx *c, const char *a, const char *b)
{
	const struct tz *za = zone_get(c, a), *zb = zone_get(c, b);
	const int64_t from = INT64_C(1735689600), to = INT64_C(2145916800);
	int64_t t, ta, tb;

	if (za == NULL || zb == NULL)
		return 0;
	for (t = from; t < to;) {
		if (tz_offset(za, t) != tz_offset(zb, t))
			return 0;
		ta = tz_next_transition(za, t);
		tb = tz_next_transition(zb, t);
		t = ta < tb ? ta : tb;
	}
	return 1;
}

int
tzdata_rules_differ(struct ctx *c, char *const *z, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (!tzdata_same_rules(c, z[0], z[i]))
			return 1;
	return 0;
}

const char *
rfc2350_country_name(const char *iso)
{
	return tzdata_country_name(iso);
}
