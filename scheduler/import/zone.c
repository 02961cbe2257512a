/* zone.c - time zones from what the text says: IANA names, cities,
 * abbreviations, UTC offsets and countries, checked against tzdata.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "tz.h"
#include "xmalloc.h"

/* Abbreviations, and the zones that use them, the usual reading first. */
#define Z_CET	"Europe/Berlin Europe/Paris Europe/Rome Europe/Madrid " \
		"Europe/Amsterdam Europe/Brussels Europe/Vienna Europe/Zurich"
#define Z_EET	"Europe/Helsinki Europe/Athens Europe/Bucharest " \
		"Europe/Sofia Europe/Kyiv Europe/Riga Africa/Cairo"
static const struct {
	const char	*abbr;
	const char	*canon;		/* the name tzdata uses, or NULL */
	int		 dst;
	const char	*zones;
} abbrs[] = {
	{ "CET", NULL, 0, Z_CET }, { "CEST", NULL, 1, Z_CET },
	{ "MET", "CET", 0, Z_CET }, { "MEST", "CEST", 1, Z_CET },
	{ "MEZ", "CET", 0, Z_CET }, { "MESZ", "CEST", 1, Z_CET },
	{ "WET", NULL, 0, "Europe/Lisbon Atlantic/Canary" },
	{ "WEST", NULL, 1, "Europe/Lisbon Atlantic/Canary" },
	{ "EET", NULL, 0, Z_EET }, { "EEST", NULL, 1, Z_EET },
	{ "GMT", NULL, 0, "Europe/London Europe/Dublin UTC" },
	{ "BST", NULL, 1, "Europe/London" },
	{ "IST", NULL, 0, "Asia/Kolkata Europe/Dublin Asia/Jerusalem" },
	{ "IDT", NULL, 1, "Asia/Jerusalem" },
	{ "UTC", NULL, 0, "UTC" },
	{ "EST", NULL, 0, "America/New_York America/Toronto America/Panama "
	    "America/Jamaica America/Cancun" },
	{ "EDT", NULL, 1, "America/New_York America/Toronto" },
	{ "CST", NULL, 0, "America/Chicago America/Winnipeg "
	    "America/Mexico_City America/Regina Asia/Shanghai Asia/Taipei" },
	{ "CDT", NULL, 1, "America/Chicago America/Winnipeg" },
	{ "MST", NULL, 0, "America/Denver America/Edmonton America/Phoenix" },
	{ "MDT", NULL, 1, "America/Denver America/Edmonton" },
	{ "PST", NULL, 0, "America/Los_Angeles America/Vancouver "
	    "America/Tijuana Asia/Manila" },
	{ "PDT", NULL, 1, "America/Los_Angeles America/Vancouver "
	    "America/Tijuana" },
	{ "AKST", NULL, 0, "America/Anchorage" },
	{ "AKDT", NULL, 1, "America/Anchorage" },
	{ "HST", NULL, 0, "Pacific/Honolulu" },
	{ "AST", NULL, 0, "America/Halifax America/Puerto_Rico Asia/Riyadh" },
	{ "ADT", NULL, 1, "America/Halifax" },
	{ "NST", NULL, 0, "America/St_Johns" },
	{ "NDT", NULL, 1, "America/St_Johns" },
	{ "SAST", NULL, 0, "Africa/Johannesburg" },
	{ "CAT", NULL, 0, "Africa/Maputo Africa/Harare" },
	{ "EAT", NULL, 0, "Africa/Nairobi" },
	{ "WAT", NULL, 0, "Africa/Lagos" },
	{ "MSK", NULL, 0, "Europe/Moscow" },
	{ "TRT", NULL, 0, "Europe/Istanbul" },
	{ "GST", NULL, 0, "Asia/Dubai" },
	{ "PKT", NULL, 0, "Asia/Karachi" },
	{ "NPT", NULL, 0, "Asia/Kathmandu" },
	{ "ICT", NULL, 0, "Asia/Bangkok Asia/Ho_Chi_Minh" },
	{ "WIB", NULL, 0, "Asia/Jakarta" },
	{ "WITA", NULL, 0, "Asia/Makassar" },
	{ "WIT", NULL, 0, "Asia/Jayapura" },
	{ "SGT", NULL, 0, "Asia/Singapore" },
	{ "MYT", NULL, 0, "Asia/Kuala_Lumpur" },
	{ "PHT", NULL, 0, "Asia/Manila" }, { "PHST", NULL, 0, "Asia/Manila" },
	{ "HKT", NULL, 0, "Asia/Hong_Kong" },
	{ "JST", NULL, 0, "Asia/Tokyo" },
	{ "KST", NULL, 0, "Asia/Seoul" },
	{ "AEST", NULL, 0, "Australia/Sydney Australia/Melbourne "
	    "Australia/Brisbane" },
	{ "AEDT", NULL, 1, "Australia/Sydney Australia/Melbourne" },
	{ "ACST", NULL, 0, "Australia/Adelaide Australia/Darwin" },
	{ "ACDT", NULL, 1, "Australia/Adelaide" },
	{ "AWST", NULL, 0, "Australia/Perth" },
	{ "NZST", NULL, 0, "Pacific/Auckland" },
	{ "NZDT", NULL, 1, "Pacific/Auckland" },
	{ "BRT", NULL, 0, "America/Sao_Paulo" },
	{ "ART", NULL, 0, "America/Argentina/Buenos_Aires" },
	{ "CLT", NULL, 0, "America/Santiago" },
	{ "COT", NULL, 0, "America/Bogota" },
	{ "PET", NULL, 0, "America/Lima" }
};

/* Zone names spelled out, folded, and the abbreviation they stand for. */
static const struct {
	const char	*words;
	const char	*abbr;
} zone_words[] = {
	{ "central european summer time", "CEST" },
	{ "central european time", "CET" },
	{ "heure d'europe centrale", "CET" },
	{ "heure normale d'europe centrale", "CET" },
	{ "mitteleuropaische sommerzeit", "CEST" },
	{ "mitteleuropaische zeit", "CET" },
	{ "hora central europea", "CET" },
	{ "eastern european summer time", "EEST" },
	{ "eastern european time", "EET" },
	{ "western european summer time", "WEST" },
	{ "western european time", "WET" },
	{ "greenwich mean time", "GMT" },
	{ "british summer time", "BST" },
	{ "coordinated universal time", "UTC" },
	{ "universal time", "UTC" },
	{ "eastern standard time", "EST" }, { "eastern daylight time", "EDT" },
	{ "us eastern", "EST" }, { "eastern time", "EST" },
	{ "central standard time", "CST" }, { "central daylight time", "CDT" },
	{ "us central", "CST" }, { "central time", "CST" },
	{ "mountain standard time", "MST" }, { "mountain time", "MST" },
	{ "pacific standard time", "PST" }, { "pacific daylight time", "PDT" },
	{ "pacific time", "PST" },
	{ "india standard time", "IST" }, { "indian standard time", "IST" },
	{ "japan standard time", "JST" }, { "korea standard time", "KST" },
	{ "south africa standard time", "SAST" },
	{ "south african standard time", "SAST" },
	{ "australian eastern standard time", "AEST" },
	{ "australian eastern daylight time", "AEDT" },
	{ "moscow time", "MSK" }, { "moscow standard time", "MSK" },
	{ "western indonesia time", "WIB" },
	{ "central indonesia time", "WITA" },
	{ "new zealand standard time", "NZST" },
	{ "singapore time", "SGT" }, { "hong kong time", "HKT" }
};

static const char *const zone_regions[] = {
	"Europe", "America", "Asia", "Africa", "Australia", "Pacific",
	"Atlantic", "Indian"
};

/* ---- time zones ---------------------------------------------------- */

const char *const tz_line_words[] = {
	"time zone", "timezone", "fuseau horaire", "zeitzone",
	"zona horaria", "fuso orario", "fuso horario", "tijdzone",
	"local time", "heure locale", "ortszeit", "hora local"
};
static const char *const not_cities[] = {
	"Time", "Zone", "Standard", "Summer", "Daylight", "Central",
	"Eastern", "Western", "European", "Mean", "Universal", "Coordinated",
	"The", "Our", "We", "Local", "Saving", "Savings", "Winter", "Hours",
	"Monday", "Friday", "Team", "Office", "Pacific", "Atlantic",
	"Mountain", "Indian"
};

static void
tzm_add(struct tzm **v, size_t *n, const struct tzm *m)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if ((*v)[i].kind == m->kind && (*v)[i].li == m->li &&
		    strcmp((*v)[i].zone, m->zone) == 0 &&
		    strcmp((*v)[i].abbr, m->abbr) == 0 &&
		    (*v)[i].off == m->off && (*v)[i].country == m->country)
			return;
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[(*n)++] = *m;
}

static int
abbr_index(const char *a)
{
	size_t i;

	for (i = 0; i < NELEM(abbrs); i++)
		if (strcmp(abbrs[i].abbr, a) == 0)
			return (int)i;
	return -1;
}

/* "+1", "+01:00", "-05", "+0530" at S: seconds east, or INT32_MIN. */
static int
offset_at(const char *s, size_t *len)
{
	const char *p = s;
	int sign, h, m = 0;

	while (*p == ' ')
		p++;
	if (*p != '+' && *p != '-')
		return INT32_MIN;
	sign = *p++ == '-' ? -1 : 1;
	while (*p == ' ')
		p++;
	if (!isdigit((unsigned char)*p))
		return INT32_MIN;
	h = *p++ - '0';
	if (isdigit((unsigned char)*p) && !(isdigit((unsigned char)p[1]) &&
	    !isdigit((unsigned char)p[2]) && h > 1))
		h = h * 10 + (*p++ - '0');
	if (*p == ':' && isdigit((unsigned char)p[1]) &&
	    isdigit((unsigned char)p[2])) {
		m = (p[1] - '0') * 10 + (p[2] - '0');
		p += 3;
	} else if (isdigit((unsigned char)p[0]) &&
	    isdigit((unsigned char)p[1]) && !isdigit((unsigned char)p[2])) {
		m = (p[0] - '0') * 10 + (p[1] - '0');
		p += 2;
	}
	if (h > 14 || m > 59 || isdigit((unsigned char)*p))
		return INT32_MIN;
	*len = (size_t)(p - s);
	return sign * (h * 3600 + m * 60);
}

/* Zone statements on line LI: IANA names, abbreviations, UTC offsets,
 * spelled-out names and, on a line about the time zone, cities and
 * countries. */
void
tz_mentions(struct ctx *c, size_t li, int tzline, struct tzm **v, size_t *n)
{
	const struct line *l = &c->l[li];
	const char *t = l->text, *p;
	struct tzm m;
	size_t i, j, k, len;
	char name[80], word[40], word2[40];
	int off;

	memset(&m, 0, sizeof(m));
	m.li = li;
	m.teams = l->teams;
	for (k = 0; k <= NELEM(zone_regions); k++) {
		const char *reg = k < NELEM(zone_regions) ? zone_regions[k] :
		    "Etc";

		for (p = strstr(t, reg); p != NULL; p = strstr(p + 1, reg)) {
			len = strlen(reg);
			if ((p > t && is_alnum(p[-1])) || p[len] != '/')
				continue;
			while (is_alnum(p[len]) || (p[len] != '\0' &&
			    strchr("_/+-", p[len]) != NULL))
				len++;
			while (len > 0 && strchr("/-+", p[len - 1]) != NULL)
				len--;
			if (len >= sizeof(m.zone))
				continue;
			memcpy(m.zone, p, len);
			m.zone[len] = '\0';
			if (zone_get(c, m.zone) != NULL) {
				m.kind = TZK_IANA;
				tzm_add(v, n, &m);
			}
		}
	}
	memset(m.zone, 0, sizeof(m.zone));
	for (i = 0; t[i] != '\0'; i++) {
		if (!isupper((unsigned char)t[i]) || (i > 0 && is_alnum(t[i - 1])))
			continue;
		for (j = i; isupper((unsigned char)t[j]); j++)
			;
		if (j - i < 2 || j - i > 5 || islower((unsigned char)t[j]) ||
		    isdigit((unsigned char)t[j]))
			continue;
		snprintf(word, sizeof(word), "%.*s", (int)(j - i), t + i);
		if ((strcmp(word, "UTC") == 0 || strcmp(word, "GMT") == 0) &&
		    (off = offset_at(t + j, &len)) != INT32_MIN) {
			m.kind = TZK_OFFSET;
			m.off = off;
			snprintf(m.written, sizeof(m.written), "%.*s",
			    (int)(j + len - i), t + i);
			tzm_add(v, n, &m);
			m.off = 0;
			i = j + len - 1;
			continue;
		}
		if ((k = (size_t)abbr_index(word)) == (size_t)-1)
			continue;
		m.kind = TZK_ABBR;
		snprintf(m.abbr, sizeof(m.abbr), "%s", abbrs[k].canon != NULL ?
		    abbrs[k].canon : abbrs[k].abbr);
		snprintf(m.written, sizeof(m.written), "%.39s", word);
		tzm_add(v, n, &m);
		i = j - 1;
	}
	memset(m.abbr, 0, sizeof(m.abbr));
	for (k = 0; k < NELEM(zone_words); k++)
		if (find_word(l->low, zone_words[k].words) != NULL) {
			m.kind = TZK_ABBR;
			snprintf(m.abbr, sizeof(m.abbr), "%s",
			    zone_words[k].abbr);
			snprintf(m.written, sizeof(m.written), "%.39s",
			    zone_words[k].words);
			tzm_add(v, n, &m);
			break;
		}
	memset(m.abbr, 0, sizeof(m.abbr));
	memset(m.written, 0, sizeof(m.written));
	if (!tzline)
		return;
	for (i = 0; t[i] != '\0'; i++) {
		if (!isupper((unsigned char)t[i]) || (i > 0 &&
		    (is_alnum(t[i - 1]) || t[i - 1] == '/')))
			continue;
		for (j = i + 1; islower((unsigned char)t[j]); j++)
			;
		if (j - i < 3 || j - i >= sizeof(word) || is_alnum(t[j]))
			continue;
		snprintf(word, sizeof(word), "%.*s", (int)(j - i), t + i);
		for (k = 0; k < NELEM(not_cities); k++)
			if (strcmp(word, not_cities[k]) == 0)
				break;
		if (k < NELEM(not_cities))
			continue;
		word2[0] = '\0';
		if (t[j] == ' ' && isupper((unsigned char)t[j + 1])) {
			for (k = j + 2; islower((unsigned char)t[k]); k++)
				;
			if (k - j < sizeof(word2) && !is_alnum(t[k]))
				snprintf(word2, sizeof(word2), "_%.*s",
				    (int)(k - j - 1), t + j + 1);
		}
		for (k = 0; k < NELEM(zone_regions); k++) {
			snprintf(name, sizeof(name), "%s/%s%s",
			    zone_regions[k], word, word2);
			if (word2[0] != '\0' && zone_get(c, name) != NULL)
				break;
			snprintf(name, sizeof(name), "%s/%s", zone_regions[k],
			    word);
			if (zone_get(c, name) != NULL)
				break;
		}
		if (k < NELEM(zone_regions) && tzdata_is_zone(name)) {
			m.kind = TZK_CITY;
			snprintf(m.zone, sizeof(m.zone), "%.63s", name);
			snprintf(m.written, sizeof(m.written), "%.39s", word);
			tzm_add(v, n, &m);
		}
	}
	memset(m.zone, 0, sizeof(m.zone));
	if ((m.country = country_in(l->low, NULL)) != NULL) {
		m.kind = TZK_COUNTRY;
		tzm_add(v, n, &m);
	}
}

int
zone_uses(struct ctx *c, const char *zone, const char *abbr)
{
	const struct tz *z = zone_get(c, zone);

	return z != NULL && (strcmp(tz_abbr(z, REF_JAN), abbr) == 0 ||
	    strcmp(tz_abbr(z, REF_JUL), abbr) == 0);
}

int
zone_has_offset(struct ctx *c, const char *zone, int off)
{
	const struct tz *z = zone_get(c, zone);

	return z != NULL && (tz_offset(z, REF_JAN) == off ||
	    tz_offset(z, REF_JUL) == off);
}

static int
zone_has_dst(struct ctx *c, const char *zone)
{
	const struct tz *z = zone_get(c, zone);

	return z != NULL && tz_offset(z, REF_JAN) != tz_offset(z, REF_JUL);
}

/* Adds the zones of the space-separated list Z to V. */
size_t
zones_split(const char *z, char ***v, size_t n)
{
	const char *e;
	size_t i;
	char *w;

	while (*z != '\0') {
		e = z + strcspn(z, " ");
		w = strndup_trim(z, (size_t)(e - z));
		for (i = 0; i < n; i++)
			if (strcmp((*v)[i], w) == 0)
				break;
		if (i < n)
			free(w);
		else {
			*v = xreallocarray(*v, n + 1, sizeof(**v));
			(*v)[n++] = w;
		}
		z = e + (*e == ' ');
	}
	return n;
}

static void
list_candidates(struct sb *b, char **z, size_t n, size_t from)
{
	size_t i;

	for (i = from; i < n && i < from + 6; i++) {
		sb_adds(b, i > from ? ", " : "");
		sb_adds(b, z[i]);
	}
	if (n > from + 6)
		sb_adds(b, ", ...");
}

/* The zones of country ISO (tzdata's), the one whose city the address
 * names first: "Sao Paulo" picks America/Sao_Paulo out of Brazil's. */
size_t
country_zones(struct ctx *c, const char *iso, char ***out)
{
	size_t n = tzdata_country_zones(iso, out), i, li;
	char city[64], *p, *z;

	for (i = 1; i < n; i++) {
		if ((p = strrchr((*out)[i], '/')) == NULL)
			continue;
		snprintf(city, sizeof(city), "%s", p + 1);
		for (p = city; *p != '\0'; p++)
			*p = *p == '_' ? ' ' : (char)tolower((unsigned char)*p);
		for (li = 0; li < c->nl; li++)
			if ((c->l[li].kind == K_ADDRESS ||
			    c->l[li].lkind == K_ADDRESS) &&
			    find_word(c->l[li].low, city) != NULL)
				break;
		if (li < c->nl) {
			z = (*out)[i];
			memmove(*out + 1, *out, i * sizeof(**out));
			(*out)[0] = z;
			break;
		}
	}
	return n;
}

/* Chooses TEAM's zone from the mentions M that concern it: an IANA name
 * over a city over an abbreviation over an offset over a country. */
void
resolve_zone(struct ctx *c, struct rfc2350_team *t, const struct tzm *m,
    size_t n)
{
	const struct tzm *best = NULL;
	const struct country *k = c->country;
	char **cand = NULL, **match = NULL, cn[64], *abbr_set = NULL;
	struct sb r = { NULL, 0, 0 };
	size_t i, j, nc = 0, nm = 0;
	int dst = 0, uncertain;

	for (i = 0; i < n; i++) {
		if (best == NULL || m[i].kind < best->kind)
			best = &m[i];
		if (m[i].kind == TZK_ABBR && abbr_index(m[i].abbr) >= 0 &&
		    abbrs[abbr_index(m[i].abbr)].dst)
			dst = 1;
		if (m[i].kind == TZK_ABBR) {
			if (abbr_set == NULL)
				abbr_set = xstrdup(m[i].abbr);
			else if (strstr(abbr_set, m[i].abbr) == NULL) {
				char *o = abbr_set;

				abbr_set = xprintf("%s/%s", o, m[i].abbr);
				free(o);
			}
		}
		if (find_word(c->l[m[i].li].low, "dst") != NULL ||
		    strstr(c->l[m[i].li].low, "summer") != NULL ||
		    strstr(c->l[m[i].li].low, "daylight") != NULL)
			dst = 1;
	}
	if (best == NULL) {
		free(abbr_set);
		return;
	}
	if (k != NULL)
		country_name(k, cn, sizeof(cn));
	switch (best->kind) {
	case TZK_IANA:
	case TZK_CITY:
		fact_set(c, &t->timezone, best->zone, (long)best->li,
		    best->kind == TZK_CITY ? best->written :
		    strchr(best->zone, '/') + 1);
		if (best->kind == TZK_CITY)
			fact_remark(&t->timezone, 0, "the zone of the city "
			    "the document names");
		zone_add(t, best->zone);
		/* Cross-check the abbreviations written beside it. */
		for (i = 0; i < n; i++)
			if (m[i].kind == TZK_ABBR &&
			    !zone_uses(c, best->zone, m[i].abbr) &&
			    strcmp(m[i].abbr, "UTC") != 0 &&
			    strcmp(m[i].abbr, "GMT") != 0)
				fact_remark(&t->timezone, 1, "the document "
				    "also says \"%s\", which %s does not use",
				    m[i].written, best->zone);
		break;
	case TZK_ABBR:
		i = (size_t)abbr_index(best->abbr);
		nc = zones_split(abbrs[i].zones, &cand, 0);
		/* Zones that fit every abbreviation written. */
		for (j = 0; j < n; j++)
			if (m[j].kind == TZK_ABBR && m[j].li == best->li &&
			    strcmp(m[j].abbr, best->abbr) != 0) {
				size_t a, w = 0;

				for (a = 0; a < nc; a++)
					if (zone_uses(c, cand[a], m[j].abbr))
						cand[w++] = cand[a];
					else
						free(cand[a]);
				if (w > 0)
					nc = w;
				else
					nc = zones_split(abbrs[abbr_index(
					    best->abbr)].zones, &cand, 0);
			}
		if (k != NULL) {
			char **kz = NULL;
			size_t nk = country_zones(c, k->iso, &kz);

			for (j = 0; j < nk; j++) {
				int fits = zone_uses(c, kz[j], best->abbr);

				for (i = 0; i < nc && !fits; i++)
					fits = strcmp(cand[i], kz[j]) == 0;
				if (fits)
					nm = zones_split(kz[j], &match, nm);
			}
			free_list(kz, nk);
		}
		if (nm > 0) {
			fact_set(c, &t->timezone, match[0], (long)best->li,
			    best->written);
			uncertain = tzdata_rules_differ(c, match, nm);
			if (nm == 1)
				fact_remark(&t->timezone, 0, "\"%s\" as written, "
				    "in %s (%s)", abbr_set, cn, c->country_src);
			else {
				list_candidates(&r, match, nm, 1);
				fact_remark(&t->timezone, uncertain, "\"%s\" as "
				    "written: several zones of %s use it%s; "
				    "also: %s", abbr_set, cn, uncertain ? "" :
				    ", all with the same rules from 2025", r.s);
			}
			for (i = 0; i < nm; i++)
				zone_add(t, match[i]);
		} else {
			fact_set(c, &t->timezone, cand[0], (long)best->li,
			    best->written);
			uncertain = nc > 1 || k != NULL;
			list_candidates(&r, cand, nc, 1);
			fact_remark(&t->timezone, uncertain, "\"%s\" as "
			    "written%s%s%s; read as %s%s%s%s", abbr_set,
			    k != NULL ? "; no zone of " : "",
			    k != NULL ? cn : "",
			    k != NULL ? ", the country of the document, "
			    "uses it" : "",
			    cand[0], zone_has_dst(c, cand[0]) ? ", which "
			    "observes daylight saving time" : "",
			    nc > 1 ? "; other zones using it: " : "",
			    nc > 1 ? r.s : "");
			for (i = 0; i < nc; i++)
				zone_add(t, cand[i]);
		}
		break;
	case TZK_OFFSET:
		if (k != NULL) {
			char **kz = NULL;
			size_t nk = country_zones(c, k->iso, &kz);

			for (j = 0; j < nk; j++)
				if (zone_has_offset(c, kz[j], best->off))
					nm = zones_split(kz[j], &match, nm);
			free_list(kz, nk);
		}
		if (nm > 0) {
			fact_set(c, &t->timezone, match[0], (long)best->li,
			    best->written);
			list_candidates(&r, match, nm, 1);
			fact_remark(&t->timezone, tzdata_rules_differ(c, match,
			    nm), "\"%s\" as written, in %s (%s)%s%s",
			    best->written, cn, c->country_src, nm > 1 ?
			    "; also, with the same offset: " : "", nm > 1 ?
			    r.s : "");
			for (i = 0; i < nm; i++)
				zone_add(t, match[i]);
			break;
		}
		/* Every zone of the table at that offset; the fixed-offset
		 * zone first unless the text speaks of summer time. */
		if (best->off % 3600 == 0) {
			char etc[32];

			snprintf(etc, sizeof(etc), "Etc/GMT%+d",
			    -best->off / 3600);
			if (best->off == 0)
				snprintf(etc, sizeof(etc), "UTC");
			if (!dst)
				nc = zones_split(etc, &cand, nc);
		}
		for (i = 0; i < ncountries; i++) {
			char **kz = NULL;
			size_t nk = country_zones(c, countries[i].iso,
			    &kz);

			for (j = 0; j < nk; j++)
				if (zone_has_offset(c, kz[j], best->off) &&
				    (!dst || zone_has_dst(c, kz[j])))
					nc = zones_split(kz[j], &cand, nc);
			free_list(kz, nk);
		}
		if (nc == 0)
			break;
		fact_set(c, &t->timezone, cand[0], (long)best->li,
		    best->written);
		list_candidates(&r, cand, nc, 1);
		fact_remark(&t->timezone, tzdata_rules_differ(c, cand, nc),
		    "\"%s\" as written: an offset, not a zone%s%s",
		    best->written,
		    nc > 1 ? "; also: " : "", nc > 1 ? r.s : "");
		for (i = 0; i < nc; i++)
			zone_add(t, cand[i]);
		break;
	case TZK_COUNTRY:
		nc = country_zones(c, best->country->iso, &cand);
		if (nc == 0)
			break;
		country_name(best->country, cn, sizeof(cn));
		fact_set(c, &t->timezone, cand[0], (long)best->li, cn);
		list_candidates(&r, cand, nc, 1);
		fact_remark(&t->timezone, tzdata_rules_differ(c, cand, nc),
		    "the time of %s%s%s", cn,
		    nc > 1 ? "; also: " : "", nc > 1 ? r.s : "");
		for (i = 0; i < nc; i++)
			zone_add(t, cand[i]);
		break;
	}
	/* Abbreviations and offsets written elsewhere that the zone chosen
	 * does not use: a team spread over several zones ("EST/EDT",
	 * "CST/CDT", "PST/PDT" in a list), or a zone misstated. */
	for (i = 0; t->timezone.value != NULL && best->kind != TZK_IANA &&
	    best->kind != TZK_CITY && i < n; i++) {
		if (m[i].kind == TZK_ABBR && strcmp(m[i].abbr, "UTC") != 0 &&
		    strcmp(m[i].abbr, "GMT") != 0 &&
		    !zone_uses(c, t->timezone.value, m[i].abbr))
			fact_remark_add(&t->timezone, 1, "the document also "
			    "says \"%s\", which %s does not use", m[i].written,
			    t->timezone.value);
		else if (m[i].kind == TZK_OFFSET &&
		    !zone_has_offset(c, t->timezone.value, m[i].off))
			fact_remark_add(&t->timezone, 1, "the document also "
			    "says \"%s\", an offset %s does not have",
			    m[i].written, t->timezone.value);
	}
	free(r.s);
	free(abbr_set);
	free_list(cand, nc);
	free_list(match, nm);
}

const size_t ntz_line_words = NELEM(tz_line_words);
