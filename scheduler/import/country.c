/* country.c - countries: named in an address, by calling code, and
 * telephone numbers put in E.164 form (rfc2350_e164).
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "xmalloc.h"

const struct country countries[] = {
	{ "FR", "33", "0", "france" },
	{ "DE", "49", "0", "germany|deutschland" },
	{ "GB", "44", "0", "united kingdom|great britain|britain|england|"
	    "scotland|wales|northern ireland|uk" },
	{ "IE", "353", "0", "ireland|eire" },
	{ "NL", "31", "0", "netherlands|the netherlands|nederland|holland" },
	{ "BE", "32", "0", "belgium|belgique|belgie|belgien" },
	{ "LU", "352", "", "luxembourg|luxemburg" },
	{ "CH", "41", "0", "switzerland|suisse|schweiz|svizzera" },
	{ "AT", "43", "0", "austria|osterreich" },
	{ "IT", "39", NULL, "italy|italia" },
	{ "ES", "34", "", "spain|espana" },
	{ "PT", "351", "", "portugal" },
	{ "DK", "45", "", "denmark|danmark" },
	{ "NO", "47", "", "norway|norge" },
	{ "SE", "46", "0", "sweden|sverige" },
	{ "FI", "358", "0", "finland|suomi" },
	{ "PL", "48", "", "poland|polska" },
	{ "CZ", "420", "", "czech republic|czechia|ceska republika" },
	{ "SK", "421", "0", "slovakia|slovensko" },
	{ "HU", "36", NULL, "hungary|magyarorszag" },
	{ "SI", "386", "0", "slovenia|slovenija" },
	{ "HR", "385", "0", "croatia|hrvatska" },
	{ "RS", "381", "0", "serbia|srbija" },
	{ "RO", "40", "0", "romania" },
	{ "BG", "359", "0", "bulgaria" },
	{ "GR", "30", "", "greece|hellas" },
	{ "CY", "357", "", "cyprus" },
	{ "MT", "356", "", "malta" },
	{ "EE", "372", "", "estonia|eesti" },
	{ "LV", "371", "", "latvia|latvija" },
	{ "LT", "370", NULL, "lithuania|lietuva" },
	{ "IS", "354", "", "iceland|island" },
	{ "UA", "380", "0", "ukraine" },
	{ "RU", "7", NULL, "russia|russian federation" },
	{ "TR", "90", "0", "turkey|turkiye" },
	{ "IL", "972", "0", "israel" },
	{ "AE", "971", "0", "united arab emirates|uae" },
	{ "SA", "966", "0", "saudi arabia" },
	{ "QA", "974", "", "qatar" },
	{ "EG", "20", "0", "egypt" },
	{ "MA", "212", "0", "morocco|maroc" },
	{ "TN", "216", "", "tunisia|tunisie" },
	{ "ZA", "27", "0", "south africa" },
	{ "NG", "234", "0", "nigeria" },
	{ "KE", "254", "0", "kenya" },
	{ "IN", "91", "0", "india" },
	{ "PK", "92", "0", "pakistan" },
	{ "LK", "94", "0", "sri lanka" },
	{ "CN", "86", "0", "china|people's republic of china" },
	{ "HK", "852", "", "hong kong" },
	{ "TW", "886", "0", "taiwan" },
	{ "JP", "81", "0", "japan|nippon" },
	{ "KR", "82", "0", "south korea|republic of korea|korea" },
	{ "SG", "65", "", "singapore" },
	{ "MY", "60", "0", "malaysia" },
	{ "TH", "66", "0", "thailand" },
	{ "VN", "84", "0", "vietnam|viet nam" },
	{ "PH", "63", "0", "philippines" },
	{ "ID", "62", "0", "indonesia" },
	{ "AU", "61", "0", "australia" },
	{ "NZ", "64", "0", "new zealand|aotearoa" },
	{ "US", "1", "1", "united states of america|united states|usa|u.s.a" },
	{ "CA", "1", "1", "canada" },
	{ "MX", "52", "", "mexico" },
	{ "BR", "55", "0", "brazil|brasil" },
	{ "AR", "54", "0", "argentina" },
	{ "CL", "56", "", "chile" },
	{ "CO", "57", "", "colombia" },
	{ "PE", "51", "", "peru" }
};

/* ---- countries ----------------------------------------------------- */

/* The country named last in the folded text LOW ("..., Paris, France"). */
const struct country *
country_in(const char *low, const char **where)
{
	const struct country *best = NULL;
	const char *p, *bp = NULL, *n, *bar;
	char name[64];
	size_t i, len;

	for (i = 0; i < NELEM(countries); i++) {
		for (n = countries[i].names; *n != '\0'; n = bar + (*bar != '\0')) {
			bar = strchr(n, '|');
			if (bar == NULL)
				bar = n + strlen(n);
			len = (size_t)(bar - n);
			if (len >= sizeof(name))
				continue;
			memcpy(name, n, len);
			name[len] = '\0';
			for (p = find_word(low, name); p != NULL;
			    p = find_word(p + 1, name))
				if (bp == NULL || p > bp) {
					bp = p;
					best = &countries[i];
				}
		}
	}
	if (where != NULL)
		*where = bp;
	return best;
}

static const struct country *
country_by_iso(const char *iso)
{
	size_t i;

	for (i = 0; i < NELEM(countries); i++)
		if (strcmp(countries[i].iso, iso) == 0)
			return &countries[i];
	return NULL;
}

/* The English name of a country, for remarks: tzdata's (iso3166.tab),
 * else its first name here, capitalised. */
void
country_name(const struct country *c, char *buf, size_t len)
{
	const char *tab = tzdata_country_name(c->iso);
	size_t i;

	if (tab != NULL) {
		snprintf(buf, len, "%s", tab);
		return;
	}
	snprintf(buf, len, "%.*s", (int)strcspn(c->names, "|"), c->names);
	for (i = 0; buf[i] != '\0'; i++)
		if (i == 0 || buf[i - 1] == ' ')
			buf[i] = (char)toupper((unsigned char)buf[i]);
}

/* The country of a European postal code written with its country's
 * vehicle letters before it: "CH-3003 Bern", "D-10117 Berlin". */
static const struct country *
postal_prefix(const char *text)
{
	static const struct {
		const char *prefix, *iso;
	} pre[] = {
		{ "CH", "CH" }, { "D", "DE" }, { "F", "FR" }, { "A", "AT" },
		{ "I", "IT" }, { "B", "BE" }, { "L", "LU" }, { "NL", "NL" },
		{ "E", "ES" }, { "P", "PT" }, { "S", "SE" }, { "N", "NO" },
		{ "DK", "DK" }, { "FI", "FI" }, { "PL", "PL" }, { "CZ", "CZ" }
	};
	const char *p;
	size_t i, n, d;

	for (p = text; *p != '\0'; p++) {
		if (!isupper((unsigned char)*p) || (p > text && is_alnum(p[-1])))
			continue;
		for (n = 0; isupper((unsigned char)p[n]); n++)
			;
		if (n > 2 || p[n] != '-')
			continue;
		for (d = 0; isdigit((unsigned char)p[n + 1 + d]); d++)
			;
		if (d < 4 || d > 5 || is_alnum(p[n + 1 + d]))
			continue;
		for (i = 0; i < NELEM(pre); i++)
			if (strlen(pre[i].prefix) == n &&
			    strncmp(p, pre[i].prefix, n) == 0)
				return country_by_iso(pre[i].iso);
	}
	return NULL;
}

void
detect_country(struct ctx *c)
{
	const struct country *k;
	size_t i;

	for (i = 0; i < c->nl; i++) {
		const struct line *l = &c->l[i];

		if (l->heading || (l->kind != K_ADDRESS &&
		    l->lkind != K_ADDRESS))
			continue;
		if ((k = country_in(l->low, NULL)) != NULL ||
		    (k = postal_prefix(l->text)) != NULL)
			c->country = k;
	}
	if (c->country != NULL)
		c->country_src = "the address";
	if (c->country != NULL)
		snprintf(c->doc->country, sizeof(c->doc->country), "%s",
		    c->country->iso);
}

/* A document whose address names no country: the country every
 * telephone number of the teams is in (by its calling code, when no other
 * country shares it), else that of the teams' e-mail domains (a country
 * code top-level domain of tzdata's table: .ch, .id; .uk is GB). */
void
detect_country_contacts(struct ctx *c)
{
	const struct country *k = NULL, *o;
	const struct rfc2350_team *t;
	size_t i, j, n, same;
	char iso[3];
	const char *d;
	int mixed = 0;

	if (c->country != NULL)
		return;
	for (i = 0; i < c->doc->nteams && !mixed; i++)
		for (j = 0, t = &c->doc->teams[i]; j < t->nphones; j++) {
			if (t->phones[j].e164 == NULL ||
			    t->phones[j].country != NULL)
				continue;
			o = NULL;
			for (n = 0, same = 0; n < NELEM(countries); n++)
				if (strncmp(t->phones[j].e164 + 1,
				    countries[n].cc, strlen(countries[n].cc))
				    == 0 && (o == NULL || strlen(countries[n].cc)
				    >= strlen(o->cc))) {
					same = o != NULL && strcmp(o->cc,
					    countries[n].cc) == 0;
					o = &countries[n];
				}
			if (o == NULL || same || (k != NULL && k != o))
				mixed = 1;
			k = o;
		}
	if (k != NULL && !mixed) {
		c->country = k;
		c->country_src = "its telephone numbers";
	}
	for (i = 0; c->country == NULL && i < c->doc->nteams; i++)
		for (j = 0, t = &c->doc->teams[i]; j < t->nemails; j++) {
			d = strrchr(t->emails[j].address, '.');
			if (d == NULL || strlen(d + 1) != 2)
				continue;
			iso[0] = (char)toupper((unsigned char)d[1]);
			iso[1] = (char)toupper((unsigned char)d[2]);
			iso[2] = '\0';
			if (strcmp(iso, "UK") == 0)
				memcpy(iso, "GB", 3);
			if (!tzdata_is_country(iso) ||
			    (o = country_by_iso(iso)) == NULL)
				continue;
			if (k != NULL && k != o) {
				k = NULL;
				break;
			}
			k = o;
		}
	if (c->country == NULL && k != NULL) {
		c->country = k;
		c->country_src = "its e-mail domain";
	}
	if (c->country != NULL)
		snprintf(c->doc->country, sizeof(c->doc->country), "%s",
		    c->country->iso);
}

/* ---- phone numbers ------------------------------------------------- */

int
rfc2350_e164(const char *written, const char *iso, char *buf, size_t len)
{
	const struct country *c = NULL;
	char d[32];
	const char *p = written;
	size_t n = 0;
	int plus = 0;

	while (isspace((unsigned char)*p) || *p == '(')
		p++;
	if (*p == '+') {
		plus = 1;
		p++;
	}
	for (; *p != '\0'; p++) {
		/* "+49 (0)30 ...": the national trunk prefix in brackets is
		 * dialled only from inside the country. */
		if (plus && p[0] == '(' && p[1] == '0' && p[2] == ')') {
			p += 2;
			continue;
		}
		if (isdigit((unsigned char)*p)) {
			if (n + 1 >= sizeof(d))
				return -1;
			d[n++] = *p;
		} else if (!strchr(" -./()", *p))
			break;
	}
	d[n] = '\0';
	if (!plus && strncmp(d, "00", 2) == 0 && d[2] != '0') {
		memmove(d, d + 2, n - 1);
		n -= 2;
		plus = 1;
	}
	if (iso != NULL)
		c = country_by_iso(iso);
	if (!plus && c != NULL && strcmp(c->cc, "1") == 0 &&
	    strncmp(d, "011", 3) == 0) {
		memmove(d, d + 3, n - 2);
		n -= 3;
		plus = 1;
	}
	if (!plus) {
		if (c == NULL || c->trunk == NULL)
			return -1;
		if (strcmp(c->cc, "1") == 0) {
			if (n == 11 && d[0] == '1') {
				memmove(d, d + 1, n);
				n--;
			}
			if (n != 10)
				return -1;
		} else if (c->trunk[0] != '\0') {
			if (strncmp(d, c->trunk, strlen(c->trunk)) != 0)
				return -1;
			memmove(d, d + strlen(c->trunk),
			    n - strlen(c->trunk) + 1);
			n -= strlen(c->trunk);
		}
		if (n + strlen(c->cc) + 2 > len)
			return -1;
		snprintf(buf, len, "+%s%s", c->cc, d);
		return n + strlen(c->cc) >= 8 && n + strlen(c->cc) <= 15 ? 0 :
		    -1;
	}
	if (n < 8 || n > 15 || d[0] == '0' || n + 2 > len)
		return -1;
	snprintf(buf, len, "+%s", d);
	return 0;
}

const size_t ncountries = NELEM(countries);
