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
	{ "FR", "33", "0", "france", "Europe/Paris" },
	{ "DE", "49", "0", "germany|deutschland", "Europe/Berlin" },
	{ "GB", "44", "0", "united kingdom|great britain|britain|england|"
	    "scotland|wales|northern ireland|uk", "Europe/London" },
	{ "IE", "353", "0", "ireland|eire", "Europe/Dublin" },
	{ "NL", "31", "0", "netherlands|the netherlands|nederland|holland",
	    "Europe/Amsterdam" },
	{ "BE", "32", "0", "belgium|belgique|belgie|belgien", "Europe/Brussels" },
	{ "LU", "352", "", "luxembourg|luxemburg", "Europe/Luxembourg" },
	{ "CH", "41", "0", "switzerland|suisse|schweiz|svizzera",
	    "Europe/Zurich" },
	{ "AT", "43", "0", "austria|osterreich", "Europe/Vienna" },
	{ "IT", "39", NULL, "italy|italia", "Europe/Rome" },
	{ "ES", "34", "", "spain|espana", "Europe/Madrid Atlantic/Canary" },
	{ "PT", "351", "", "portugal", "Europe/Lisbon Atlantic/Azores" },
	{ "DK", "45", "", "denmark|danmark", "Europe/Copenhagen" },
	{ "NO", "47", "", "norway|norge", "Europe/Oslo" },
	{ "SE", "46", "0", "sweden|sverige", "Europe/Stockholm" },
	{ "FI", "358", "0", "finland|suomi", "Europe/Helsinki" },
	{ "PL", "48", "", "poland|polska", "Europe/Warsaw" },
	{ "CZ", "420", "", "czech republic|czechia|ceska republika",
	    "Europe/Prague" },
	{ "SK", "421", "0", "slovakia|slovensko", "Europe/Bratislava" },
	{ "HU", "36", NULL, "hungary|magyarorszag", "Europe/Budapest" },
	{ "SI", "386", "0", "slovenia|slovenija", "Europe/Ljubljana" },
	{ "HR", "385", "0", "croatia|hrvatska", "Europe/Zagreb" },
	{ "RS", "381", "0", "serbia|srbija", "Europe/Belgrade" },
	{ "RO", "40", "0", "romania", "Europe/Bucharest" },
	{ "BG", "359", "0", "bulgaria", "Europe/Sofia" },
	{ "GR", "30", "", "greece|hellas", "Europe/Athens" },
	{ "CY", "357", "", "cyprus", "Asia/Nicosia" },
	{ "MT", "356", "", "malta", "Europe/Malta" },
	{ "EE", "372", "", "estonia|eesti", "Europe/Tallinn" },
	{ "LV", "371", "", "latvia|latvija", "Europe/Riga" },
	{ "LT", "370", NULL, "lithuania|lietuva", "Europe/Vilnius" },
	{ "IS", "354", "", "iceland|island", "Atlantic/Reykjavik" },
	{ "UA", "380", "0", "ukraine", "Europe/Kyiv" },
	{ "RU", "7", NULL, "russia|russian federation", "Europe/Moscow "
	    "Asia/Yekaterinburg Asia/Novosibirsk Asia/Vladivostok" },
	{ "TR", "90", "0", "turkey|turkiye", "Europe/Istanbul" },
	{ "IL", "972", "0", "israel", "Asia/Jerusalem" },
	{ "AE", "971", "0", "united arab emirates|uae", "Asia/Dubai" },
	{ "SA", "966", "0", "saudi arabia", "Asia/Riyadh" },
	{ "QA", "974", "", "qatar", "Asia/Qatar" },
	{ "EG", "20", "0", "egypt", "Africa/Cairo" },
	{ "MA", "212", "0", "morocco|maroc", "Africa/Casablanca" },
	{ "TN", "216", "", "tunisia|tunisie", "Africa/Tunis" },
	{ "ZA", "27", "0", "south africa", "Africa/Johannesburg" },
	{ "NG", "234", "0", "nigeria", "Africa/Lagos" },
	{ "KE", "254", "0", "kenya", "Africa/Nairobi" },
	{ "IN", "91", "0", "india", "Asia/Kolkata" },
	{ "PK", "92", "0", "pakistan", "Asia/Karachi" },
	{ "LK", "94", "0", "sri lanka", "Asia/Colombo" },
	{ "CN", "86", "0", "china|people's republic of china", "Asia/Shanghai" },
	{ "HK", "852", "", "hong kong", "Asia/Hong_Kong" },
	{ "TW", "886", "0", "taiwan", "Asia/Taipei" },
	{ "JP", "81", "0", "japan|nippon", "Asia/Tokyo" },
	{ "KR", "82", "0", "south korea|republic of korea|korea",
	    "Asia/Seoul" },
	{ "SG", "65", "", "singapore", "Asia/Singapore" },
	{ "MY", "60", "0", "malaysia", "Asia/Kuala_Lumpur" },
	{ "TH", "66", "0", "thailand", "Asia/Bangkok" },
	{ "VN", "84", "0", "vietnam|viet nam", "Asia/Ho_Chi_Minh" },
	{ "PH", "63", "0", "philippines", "Asia/Manila" },
	{ "ID", "62", "0", "indonesia", "Asia/Jakarta Asia/Makassar "
	    "Asia/Jayapura" },
	{ "AU", "61", "0", "australia", "Australia/Sydney Australia/Brisbane "
	    "Australia/Adelaide Australia/Darwin Australia/Perth" },
	{ "NZ", "64", "0", "new zealand|aotearoa", "Pacific/Auckland" },
	{ "US", "1", "1", "united states of america|united states|usa|u.s.a",
	    "America/New_York America/Chicago America/Denver America/Phoenix "
	    "America/Los_Angeles America/Anchorage Pacific/Honolulu" },
	{ "CA", "1", "1", "canada", "America/Toronto America/Halifax "
	    "America/St_Johns America/Winnipeg America/Regina "
	    "America/Edmonton America/Vancouver" },
	{ "MX", "52", "", "mexico", "America/Mexico_City America/Cancun "
	    "America/Tijuana" },
	{ "BR", "55", "0", "brazil|brasil", "America/Sao_Paulo America/Manaus" },
	{ "AR", "54", "0", "argentina", "America/Argentina/Buenos_Aires" },
	{ "CL", "56", "", "chile", "America/Santiago" },
	{ "CO", "57", "", "colombia", "America/Bogota" },
	{ "PE", "51", "", "peru", "America/Lima" }
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

/* The English name of a country, for remarks: its first name, capitalised. */
void
country_name(const struct country *c, char *buf, size_t len)
{
	size_t i;

	snprintf(buf, len, "%.*s", (int)strcspn(c->names, "|"), c->names);
	for (i = 0; buf[i] != '\0'; i++)
		if (i == 0 || buf[i - 1] == ' ')
			buf[i] = (char)toupper((unsigned char)buf[i]);
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
		if ((k = country_in(l->low, NULL)) != NULL)
			c->country = k;
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
