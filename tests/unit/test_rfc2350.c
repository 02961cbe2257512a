/* test_rfc2350.c - the RFC 2350 reader (rfc2350_parse) on small documents
 * written for these tests: address obfuscations, phone numbers to E.164,
 * the many ways of writing operating hours, zones from names,
 * abbreviations, offsets and cities, fingerprints in every layout, key ids
 * that do not match, team members, section titles in other languages; and
 * the readings that must be marked uncertain rather than made silently.
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/rfc2350.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static struct rfc2350_doc doc;

static const struct rfc2350_team *
parse(const char *text)
{
	rfc2350_free(&doc);
	rfc2350_parse(text, strlen(text), &doc);
	ck_assert_uint_ge(doc.nteams, 1);
	return &doc.teams[0];
}

/* parse() of the text FMT formats. */
static const struct rfc2350_team *
parsef(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static const struct rfc2350_team *
parsef(const char *fmt, ...)
{
	char text[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	ck_assert_int_lt(n, (int)sizeof(text));
	return parse(text);
}

static void
teardown(void)
{
	rfc2350_free(&doc);
}

START_TEST(test_obfuscated_emails)
{
	static const char *const forms[] = {
		"cert(at)example.org", "cert [at] example [dot] org",
		"cert {at} example {dot} org", "cert@example.org.",
		"<cert(at)example.org>", "cert at example dot org",
		"cert[@]example[.]org", "mailto:cert@example.org",
		"CERT (AT) example (DOT) org", "cert<at>example.org",
		"cert<at>example<dot>org", "cert AT example.org",
		"cert @ example . org", "cert@example . org",
		"cert&#64;example.org", "cert&#x40;example&#46;org"
	};
	size_t i;

	for (i = 0; i < NELEM(forms); i++) {
		const struct rfc2350_team *t;

		t = parsef("2.1 Team name\nTeam name: X-CERT"
		    "\n2.8 Electronic mail address\nWrite to %s\n", forms[i]);
		ck_assert_msg(t->nemails == 1, "%s: %zu addresses", forms[i],
		    t->nemails);
		ck_assert_msg(strcasecmp(t->emails[0].address,
		    "cert@example.org") == 0, "%s: %s", forms[i],
		    t->emails[0].address);
	}
}
END_TEST

START_TEST(test_not_emails)
{
	static const char *const lines[] = {
		"Write to us @ example.org with questions.",
		"We meet at home.example on Fridays.",
		"Our office is AT the harbour."
	};
	size_t i;

	for (i = 0; i < NELEM(lines); i++) {
		const struct rfc2350_team *t;

		t = parsef("2.1 Team name\nTeam name: X-CERT"
		    "\n2.8 Electronic mail address\n%s\n", lines[i]);
		ck_assert_msg(t->nemails == 0, "%s: %s", lines[i],
		    t->nemails > 0 ? t->emails[0].address : "");
	}
}
END_TEST

START_TEST(test_e164)
{
	static const struct {
		const char *written, *country, *want;
	} cases[] = {
		{ "+33 4 42 36 50 00", NULL, "+33442365000" },
		{ "+49 (0)89 1234 5678", NULL, "+498912345678" },
		{ "0049 89 1234 5678", NULL, "+498912345678" },
		{ "01 23 45 67 89", "FR", "+33123456789" },
		{ "(217) 555-0100", "US", "+12175550100" },
		{ "1-217-555-0100", "US", "+12175550100" },
		{ "011 44 20 7946 0000", "US", "+442079460000" },
		{ "020 7946 0000", "GB", "+442079460000" },
		{ "01 23 45 67 89", NULL, NULL },
		{ "06 1 234 5678", "HU", NULL }
	};
	char buf[32];
	size_t i;
	int rc;

	for (i = 0; i < NELEM(cases); i++) {
		rc = rfc2350_e164(cases[i].written, cases[i].country, buf,
		    sizeof(buf));
		if (cases[i].want == NULL)
			ck_assert_msg(rc == -1, "%s: %s", cases[i].written, buf);
		else {
			ck_assert_msg(rc == 0, "%s", cases[i].written);
			ck_assert_str_eq(buf, cases[i].want);
		}
	}
}
END_TEST

/* The hours read from LINES under an "Operating hours" heading, which must
 * be WANT; the team, for more checks. */
static const struct rfc2350_team *
hours_of(const char *lines, const char *want)
{
	const struct rfc2350_team *t;

	t = parsef("Team name: X-CERT\n"
	    "Time zone: Europe/Paris\nOperating hours\n%s\n", lines);
	ck_assert_msg(t->hours.value != NULL, "\"%s\": no hours", lines);
	ck_assert_msg(strcmp(t->hours.value, want) == 0, "\"%s\": %s, want %s",
	    lines, t->hours.value, want);
	return t;
}

START_TEST(test_hours_forms)
{
	static const struct {
		const char *line, *want;
	} cases[] = {
		{ "Monday to Friday 8:00 -17:00", "Mon-Fri 08:00-17:00" },
		{ "Mon-Fri 09:00-17:30", "Mon-Fri 09:00-17:30" },
		{ "24/7", "24/7" },
		{ "The team works 24x7.", "24/7" },
		{ "available 24 hours a day", "24/7" },
		{ "24 hours a day, 7 days a week", "24/7" },
		{ "around the clock", "24/7" },
		{ "8am to 5pm, Monday through Friday", "Mon-Fri 08:00-17:00" },
		{ "9:00 AM - 5:00 PM, weekdays", "Mon-Fri 09:00-17:00" },
		{ "Monday-Thursday 08:00-16:30, Friday 08:00-14:00",
		    "Mon-Thu 08:00-16:30; Fri 08:00-14:00" },
		{ "Mon-Fri 08:00-12:00 and 13:00-17:00",
		    "Mon-Fri 08:00-12:00,13:00-17:00" },
		{ "Monday, Wednesday and Friday 10:00-14:00",
		    "Mon,Wed,Fri 10:00-14:00" },
		{ "du lundi au vendredi de 9h00 a 18h00", "Mon-Fri 09:00-18:00" },
		{ "Montag bis Freitag 8:00 - 16:00 Uhr", "Mon-Fri 08:00-16:00" },
		{ "de lunes a viernes de 9:00 a 17:00", "Mon-Fri 09:00-17:00" },
		{ "Mo-Fr 0800-1700", "Mon-Fri 08:00-17:00" },
		{ "every day from 07:00 until 22:00", "Mon-Sun 07:00-22:00" },
		{ "weekdays between 9:00 and 17:00", "Mon-Fri 09:00-17:00" },
		{ "Saturday and Sunday 10:00-12:00", "Sat-Sun 10:00-12:00" },
		{ "Mon-Fri 22:00-06:00", "Mon-Fri 22:00-06:00" },
		{ "Mon-Fri 9-17", "Mon-Fri 09:00-17:00" },
		{ "Weekdays 8-16.", "Mon-Fri 08:00-16:00" },
		/* One stretch, not "Fri-Mon 22:00-06:00". */
		{ "Friday 22:00 to Monday 06:00",
		    "Fri 22:00-24:00; Sat-Sun 00:00-24:00; Mon 00:00-06:00" },
		{ "from Saturday 20:00 until Sunday 08:00",
		    "Sat 20:00-24:00; Sun 00:00-08:00" },
		{ "Freitag 18:00 bis Montag 07:00 Uhr",
		    "Fri 18:00-24:00; Sat-Sun 00:00-24:00; Mon 00:00-07:00" },
		{ "Mon-Fri 08:00-17:00 (closed 12:00-13:00 for lunch)",
		    "Mon-Fri 08:00-12:00,13:00-17:00" },
		{ "Mon-Fri 08:00-17:00, 12:00-13:00 lunch break",
		    "Mon-Fri 08:00-12:00,13:00-17:00" },
		{ "Mon-Fri 08:00-12:00 and, after the lunch break, 13:00-17:00",
		    "Mon-Fri 08:00-12:00,13:00-17:00" },
		{ "Operating hours: We are not available 24/7. Mon-Fri "
		    "09:00-17:00", "Mon-Fri 09:00-17:00" },
		{ "The team is not a 24/7 service. We work 08:30-12:00 and "
		    "13:00-16:30 on weekdays.", "Mon-Fri 08:30-12:00,13:00-16:30" },
		{ "We don't work around the clock: Mon-Fri 08:00-18:00",
		    "Mon-Fri 08:00-18:00" },
		{ "Mon-Fri 09:00-17:00 CET", "Mon-Fri 09:00-17:00" },
		/* Indonesian: day names, dotted times, "s.d."/"sampai",
		 * "hari kerja" (working days), "24 jam". */
		{ "Senin-Kamis 07.30-16.00, Jumat 07.30-16.30",
		    "Mon-Thu 07:30-16:00; Fri 07:30-16:30" },
		{ "Senin s.d. Jumat pukul 08.00-16.00", "Mon-Fri 08:00-16:00" },
		{ "Senin sampai Jumat, 08:00 - 17:00", "Mon-Fri 08:00-17:00" },
		{ "Hari kerja (Senin-Jumat) 08.00-16.00", "Mon-Fri 08:00-16:00" },
		{ "setiap hari kerja pukul 08.00 - 16.00", "Mon-Fri 08:00-16:00" },
		{ "Sabtu dan Minggu 09.00-12.00", "Sat-Sun 09:00-12:00" },
		{ "24 jam sehari, 7 hari seminggu", "24/7" },
		/* German, French, Spanish, Portuguese. */
		{ "Mo-Fr 8-17 Uhr", "Mon-Fri 08:00-17:00" },
		{ "werktags 8-17 Uhr", "Mon-Fri 08:00-17:00" },
		{ "du lundi au vendredi de 9h à 18h", "Mon-Fri 09:00-18:00" },
		{ "lundi-vendredi 8h30-12h00 et 13h30-17h30",
		    "Mon-Fri 08:30-12:00,13:30-17:30" },
		{ "24h/24, 7j/7", "24/7" },
		{ "Lunes a Jueves de 8:00 a 17:00 y Viernes de 8:00 a 14:00",
		    "Mon-Thu 08:00-17:00; Fri 08:00-14:00" },
		{ "segunda a sexta-feira, das 9h às 18h", "Mon-Fri 09:00-18:00" },
		{ "de segunda-feira a sexta-feira, das 08:00 às 17:00",
		    "Mon-Fri 08:00-17:00" },
		{ "24 horas por dia, 7 dias por semana", "24/7" }
	};
	size_t i;

	for (i = 0; i < NELEM(cases); i++)
		ck_assert_msg(!hours_of(cases[i].line, cases[i].want)->
		    hours.uncertain, "%s", cases[i].line);
}
END_TEST

/* Readings the text does not settle: a value, marked uncertain with a
 * remark that names the doubt. */
START_TEST(test_hours_doubts)
{
	static const struct {
		const char *lines, *want, *remark;
	} cases[] = {
		{ "Our monitoring systems run 24/7; the team works Monday to "
		    "Friday 9:00-17:00.", "Mon-Fri 09:00-17:00", "24/7" },
		{ "Our SOC partner operates 24/7. Team hours: Mon-Fri "
		    "09:00-17:00.", "Mon-Fri 09:00-17:00", "24/7" },
		{ "We are reachable 24/7.\nOffice hours: Mon-Fri 09:00-17:00",
		    "Mon-Fri 09:00-17:00", "also says 24/7 (line" },
		{ "Mon-Fri 07:00-16:00 UTC", "Mon-Fri 07:00-16:00",
		    "given in UTC" },
		{ "Mon-Fri 08:00-16:00 (UTC-5)", "Mon-Fri 08:00-16:00",
		    "given in UTC-5" },
		{ "Weekdays 7:30 a.m. to 4:30 p.m. during the academic year; "
		    "summer hours (June-August) 7:00 a.m. to 3:30 p.m.",
		    "Mon-Fri 07:30-16:30", "season" },
		{ "Mon-Fri 08:00-17:00\nIn winter: 09:00-16:00",
		    "Mon-Fri 08:00-17:00", "season" },
		{ "Monday 08:00 to Friday 18:00",
		    "Mon 08:00-24:00; Tue-Thu 00:00-24:00; Fri 00:00-18:00",
		    "one stretch" },
		{ "Mon-Thu 08:00-17:00, Fri 08:00-15:00 (closed 12:00-13:00)",
		    "Mon-Thu 08:00-12:00,13:00-17:00; Fri 08:00-12:00,"
		    "13:00-15:00", "every set of days" },
		{ "Mon-Fri 08:00-12:00 (closed 13:00-14:00)",
		    "Mon-Fri 08:00-12:00", "fits none" },
		{ "Mon-Fri 08:00-17:00 except Wednesday 13:00-17:00",
		    "Mon-Fri 08:00-17:00; Wed 13:00-17:00", "two sets" }
	};
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		const struct rfc2350_team *t;

		t = hours_of(cases[i].lines, cases[i].want);
		ck_assert_msg(t->hours.uncertain, "\"%s\": not uncertain",
		    cases[i].lines);
		ck_assert_msg(t->hours.remark != NULL &&
		    strstr(t->hours.remark, cases[i].remark) != NULL,
		    "\"%s\": remark %s", cases[i].lines, t->hours.remark);
	}
}
END_TEST

START_TEST(test_hours_not_stated)
{
	static const char *const lines[] = {
		"We answer within 24 hours.",
		"Version 1.2, 2016-2019.",
		"Reports are handled by priority.",
		"See https://example.org/24/7/ for more.",
		"We are not available 24/7.",
		"The team is not a 24x7 service.",
		"See pages 9-17 of the charter."
	};
	size_t i;

	for (i = 0; i < NELEM(lines); i++) {
		const struct rfc2350_team *t;

		t = parsef("Team name: X-CERT\n%s\n",
		    lines[i]);
		ck_assert_msg(t->hours.value == NULL, "\"%s\": %s", lines[i],
		    t->hours.value);
	}
}
END_TEST

START_TEST(test_holidays)
{
	const struct rfc2350_team *t = parse("Team name: X-CERT\n"
	    "Time zone: Europe/Berlin\n"
	    "Mon-Fri 9:00-17:00, except public holidays\n");
	size_t i;
	int found = 0;

	ck_assert_str_eq(t->hours.value, "Mon-Fri 09:00-17:00");
	for (i = 0; i < t->nnotes; i++)
		if (strstr(t->notes[i].text, "public holidays") != NULL)
			found = 1;
	ck_assert(found);

	/* The sentence wraps before "holidays". */
	t = parse("Team name: X-CERT\nTime zone: Europe/Berlin\n"
	    "Mon-Fri 9:00-17:00\nWe are not available on public\n"
	    "holidays.\n");
	for (i = 0, found = 0; i < t->nnotes; i++)
		if (strstr(t->notes[i].text, "public holidays") != NULL)
			found = 1;
	ck_assert(found);
}
END_TEST

/* An Indonesian government CSIRT's document, in the layout most of them
 * share: numbered Indonesian headings, the name on the first line of
 * "Nama Tim" and the short name labelled "Disingkat", day names and
 * dotted times, an exception for public holidays ("hari libur nasional"). */
START_TEST(test_indonesian)
{
	const struct rfc2350_team *t = parse(
	    "RFC 2350 KOTA-CSIRT\n"
	    "1. Informasi Mengenai Dokumen\n"
	    "1.1. Tanggal Update Terakhir\n"
	    "Versi 1.0, 1 Maret 2023.\n"
	    "2. Informasi Data/Kontak\n"
	    "2.1. Nama Tim\n"
	    "Computer Security Incident Response Team Kota Contoh\n"
	    "Disingkat: KOTA-CSIRT\n"
	    "2.2. Alamat\n"
	    "Jl. Merdeka No. 10, Makassar, Sulawesi Selatan, Indonesia 90111\n"
	    "2.3. Zona Waktu\n"
	    "Makassar (GMT+08:00)\n"
	    "2.4. Nomor Telepon\n"
	    "(0411) 123456\n"
	    "2.5. Nomor Fax\n"
	    "(0411) 654321\n"
	    "2.6. Alamat Surat Elektronik (E-mail)\n"
	    "csirt[at]kota.go.id\n"
	    "2.7. Jam Operasional\n"
	    "Senin-Kamis 07.30-16.00 WITA, Jumat 07.30-16.30 WITA, kecuali "
	    "hari libur nasional.\n");
	size_t i;
	int found = 0;

	ck_assert_str_eq(t->name.value,
	    "Computer Security Incident Response Team Kota Contoh");
	ck_assert_str_eq(t->short_name.value, "KOTA-CSIRT");
	ck_assert_str_eq(t->timezone.value, "Asia/Makassar");
	ck_assert(!t->timezone.uncertain);
	ck_assert_str_eq(t->hours.value, "Mon-Thu 07:30-16:00; Fri 07:30-16:30");
	ck_assert(!t->hours.uncertain);
	ck_assert_uint_eq(t->nemails, 1);
	ck_assert_str_eq(t->emails[0].address, "csirt@kota.go.id");
	ck_assert_uint_eq(t->nphones, 1);
	ck_assert_str_eq(t->phones[0].e164, "+62411123456");
	ck_assert_str_eq(doc.country, "ID");
	for (i = 0; i < t->nnotes; i++)
		if (strstr(t->notes[i].text, "public holidays") != NULL)
			found = 1;
	ck_assert(found);
}
END_TEST

/* The public holidays of the document's country, proposed as closures
 * for review, where the team closes on them or works on working days;
 * none where the country is unknown. */
START_TEST(test_holiday_closures)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "Address: Jl. Merdeka 1, Jakarta, Indonesia\n"
		    "Senin-Jumat 08.00-16.00, kecuali hari libur nasional",
		    "id" },
		{ "Address: 1 rue de la Paix, 75002 Paris, France\n"
		    "Du lundi au vendredi de 9h à 18h, sauf jours fériés", "fr" },
		{ "Telephone: +49 30 1234567\n"
		    "Erreichbarkeit: werktags 8-17 Uhr", "de" },
		{ "E-mail: cert@example.gov.br\n"
		    "Horário: dias úteis, das 9h às 18h", "br" },
		{ "Address: 1 rue de la Paix, 75002 Paris, France\n"
		    "Mon-Fri 09:00-18:00", NULL },
		{ "Hours: Mon-Fri 09:00-17:00, except public holidays", NULL }
	};
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		const struct rfc2350_team *t;

		t = parsef("Team name: X-CERT\n%s\n", cases[i].text);
		if (cases[i].want == NULL) {
			ck_assert_msg(t->holidays.value == NULL, "%s: %s",
			    cases[i].text, t->holidays.value);
			continue;
		}
		ck_assert_msg(t->holidays.value != NULL, "%s: none",
		    cases[i].text);
		ck_assert_str_eq(t->holidays.value, cases[i].want);
		ck_assert(t->holidays.uncertain);
		ck_assert(t->holidays.remark != NULL);
	}
}
END_TEST

/* "ACR: Full Name" on the first line of the "Name of the team" section. */
START_TEST(test_name_colon)
{
	const struct rfc2350_team *t = parse("2. Contact Information\n"
	    "2.1 Name of the Team\n"
	    "XY-CSIRT: Example Regional Incident Response Team\n"
	    "2.7 Electronic Mail Address\ncert@xy-csirt.example\n");

	ck_assert_str_eq(t->name.value,
	    "Example Regional Incident Response Team");
	ck_assert_str_eq(t->short_name.value, "XY-CSIRT");
}
END_TEST

START_TEST(test_zones)
{
	static const struct {
		const char *text, *want;
		int uncertain;
	} cases[] = {
		{ "Time zone: Europe/Paris", "Europe/Paris", 0 },
		{ "Time zone: CET/CEST\nAddress\nBerlin, Germany",
		    "Europe/Berlin", 0 },
		{ "Time zone: SAST", "Africa/Johannesburg", 0 },
		{ "Time zone: WIB", "Asia/Jakarta", 0 },
		{ "Time zone: WITA", "Asia/Makassar", 0 },
		{ "Time zone: EST", "America/New_York", 1 },
		{ "Time zone: EDT\nAddress\nBoston, MA, USA",
		    "America/New_York", 0 },
		{ "Time zone: IST", "Asia/Kolkata", 1 },
		{ "Time zone: IST\nAddress\nDublin 2, Ireland", "Europe/Dublin",
		    0 },
		{ "Time zone: UTC+05:30\nAddress\nPune, India", "Asia/Kolkata",
		    0 },
		{ "Time zone: UTC+1", "Etc/GMT-1", 1 },
		{ "Time zone: Amsterdam", "Europe/Amsterdam", 0 },
		{ "Time zone: New York", "America/New_York", 0 },
		{ "Time zone: Central European Time\nAddress\nVienna, Austria",
		    "Europe/Vienna", 0 },
		{ "Fuseau horaire : UTC+1\nAdresse\nParis, France",
		    "Europe/Paris", 0 },
		/* A place and its offset: the place names the zone. */
		{ "Zona Waktu: Jakarta (GMT+07:00)", "Asia/Jakarta", 0 },
		{ "Zona Waktu: Makassar (GMT+08:00)", "Asia/Makassar", 0 },
		{ "Zona Waktu: WITA (GMT+08:00)", "Asia/Makassar", 0 },
		{ "Time zone: Paris (UTC+1)", "Europe/Paris", 0 },
		/* The country from the address's postal code, the telephone
		 * numbers or the e-mail domain; its zones from tzdata. */
		{ "Time zone: CET\nAddress\nBundesgasse 1, CH-3003 Bern",
		    "Europe/Zurich", 0 },
		{ "Time zone: CET\nTelephone: +41 58 123 45 67",
		    "Europe/Zurich", 0 },
		{ "Time zone: CET\nE-mail: cert@example.admin.ch",
		    "Europe/Zurich", 0 },
		{ "Time zone: WIB\nE-mail: csirt@kota.go.id", "Asia/Jakarta", 0 },
		{ "Time zone: GMT-3\nAddress\nAv. Paulista 1000, Sao Paulo, "
		    "Brasil", "America/Sao_Paulo", 0 },
		/* "South" is not the city of Australia/South, a link. */
		{ "Time zone: South African Standard Time (UTC+02:00)",
		    "Africa/Johannesburg", 0 },
		/* A team spread over several zones: one is proposed, but
		 * the others are written too. */
		{ "Time zone\nOur team works in these zones:\n* EST/EDT\n"
		    "* CST/CDT\n* PST/PDT", "America/New_York", 1 },
		/* Zones of one country that keep different rules. */
		{ "Time zone: AEST\nE-mail: cert@example.com.au",
		    "Australia/Hobart", 1 },
		/* No zone stated: the one zone of the address's country. */
		{ "Address\nOrca Ltd.\n1 Harbour Road\nSingapore 018989\n"
		    "Hours: Mon-Fri 09:00-17:00", "Asia/Singapore", 1 }
	};
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		const struct rfc2350_team *t;

		t = parsef("Team name: X-CERT\n%s\n",
		    cases[i].text);
		ck_assert_msg(t->timezone.value != NULL, "%s: no zone",
		    cases[i].text);
		ck_assert_msg(strcmp(t->timezone.value, cases[i].want) == 0,
		    "%s: %s", cases[i].text, t->timezone.value);
		ck_assert_msg(t->timezone.uncertain == cases[i].uncertain,
		    "%s: uncertain %d", cases[i].text, t->timezone.uncertain);
	}
}
END_TEST

START_TEST(test_fingerprints)
{
	static const char *const forms[] = {
		"Fingerprint: 920C 07B4 A1C5 85C7 8698 8659 9918 81ED 1532 593F",
		"Key fingerprint = 920C 07B4 A1C5 85C7 8698  8659 9918 81ED 1532 593F",
		"fingerprint: 920c07b4a1c585c78698865999 1881ed1532593f",
		"Fingerprint: 920C07B4A1C585C786988659991881ED1532593F",
		"Fingerprint: 920C 07B4 A1C5 85C7 8698\n  8659 9918 81ED 1532 593F",
		"Fingerprint:\n920C 07B4 A1C5 85C7 8698 8659 9918 81ED 1532 593F",
		"920C 07B4 A1C5 85C7 8698 8659 9918 81ED 1532 593F",
		"Fingerprint: 0x920C07B4A1C585C786988659991881ED1532593F",
		"Fingerprint: 920C-07B4-A1C5-85C7-8698-8659-9918-81ED-1532-593F",
		"Fingerprint: 92:0C:07:B4:A1:C5:85:C7:86:98:86:59:99:18:81:ED:"
		    "15:32:59:3F",
		"0x920C07B4A1C585C786988659991881ED1532593F"
	};
	size_t i;

	for (i = 0; i < NELEM(forms); i++) {
		const struct rfc2350_team *t;

		t = parsef("Team name: X-CERT\n"
		    "Public keys\nKey ID: 0x1532593F\n%s\n", forms[i]);
		ck_assert_msg(t->nkeys == 1, "%s: %zu keys", forms[i],
		    t->nkeys);
		ck_assert_str_eq(t->keys[0].fpr,
		    "920C07B4A1C585C786988659991881ED1532593F");
		ck_assert_str_eq(t->keys[0].key_id, "0x1532593F");
		ck_assert(!t->keys[0].mismatch);
	}
}
END_TEST

/* A fingerprint label whose value does not read is noted, not dropped. */
START_TEST(test_fingerprint_unread)
{
	static const char *const forms[] = {
		"Fingerprint: 920C 07B4 A1C5 85C7 8698 8659 9918 81ED 1532",
		"Key fingerprint: available on request",
		"Fingerprint:\nsee our web site"
	};
	size_t i, j;

	for (i = 0; i < NELEM(forms); i++) {
		const struct rfc2350_team *t;

		t = parsef("Team name: X-CERT\n"
		    "E-mail: cert@x.example\nPublic keys\n%s\n", forms[i]);
		ck_assert_msg(t->nkeys == 0, "%s: %zu keys", forms[i],
		    t->nkeys);
		for (j = 0; j < t->nnotes; j++)
			if (strstr(t->notes[j].text, "fingerprint") != NULL &&
			    t->notes[j].src.line == 4)
				break;
		ck_assert_msg(j < t->nnotes, "%s: no note", forms[i]);
	}
}
END_TEST

START_TEST(test_key_mismatch)
{
	const struct rfc2350_team *t = parse("Team name: X-CERT\n"
	    "Public keys\nKey ID: 0x1532593E\n"
	    "Fingerprint: 920C 07B4 A1C5 85C7 8698 8659 9918 81ED 1532 593F\n");

	ck_assert_uint_eq(t->nkeys, 1);
	ck_assert(t->keys[0].mismatch);
	ck_assert_str_eq(t->keys[0].key_id, "0x1532593E");
}
END_TEST

START_TEST(test_members)
{
	const struct rfc2350_team *t = parse("2.1 Name of the team\n"
	    "Team name: X-CERT\n"
	    "2.8 Electronic mail address\ncert(at)x.example\n"
	    "2.9 Team members\n"
	    "Jane Doe\tjane.doe(at)x.example\t0xBFC15E46\n"
	    "\tFingerprint: 6380 F846 C2E3 2F7D B7C2 EB96 F956 D4A8 BFC1 "
	    "5E46\n"
	    "2.10 Points of customer contact\nWrite to cert@x.example.\n");

	ck_assert_uint_eq(t->nemails, 1);
	ck_assert_str_eq(t->emails[0].address, "cert@x.example");
	ck_assert_uint_eq(t->nkeys, 0);
	ck_assert_uint_eq(doc.nmembers, 1);
	ck_assert_str_eq(doc.members[0].email, "jane.doe@x.example");
	ck_assert_str_eq(doc.members[0].key_id, "0xBFC15E46");
}
END_TEST

START_TEST(test_names)
{
	static const struct {
		const char *text, *name, *shortn;
	} cases[] = {
		{ "Team name: Example CERT\nShort name: EX-CERT",
		    "Example CERT", "EX-CERT" },
		{ "The registered name of the team is **Example CERT** and "
		    "the acronym is \"EX-CERT\".", "Example CERT", "EX-CERT" },
		{ "2.1 Name of the team\nExample CERT (EX-CERT)",
		    "Example CERT", "EX-CERT" },
		{ "2.1 Nom de l'équipe\nNom complet : Équipe Exemple\n"
		    "Nom abrégé : EX-CERT", "Équipe Exemple", "EX-CERT" },
		{ "2.1 Name des Teams\nName des Teams: Beispiel CERT\n"
		    "Kurzname: BSP-CERT", "Beispiel CERT", "BSP-CERT" },
		{ "2.1 Name des Teams\nVollständiger Name: Beispiel "
		    "Sicherheitsteam\nKurzname: BSP-CERT",
		    "Beispiel Sicherheitsteam", "BSP-CERT" }
	};
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		const struct rfc2350_team *t = parse(cases[i].text);

		ck_assert_msg(t->name.value != NULL &&
		    strcmp(t->name.value, cases[i].name) == 0, "%s: %s",
		    cases[i].text, t->name.value);
		ck_assert_msg(t->short_name.value != NULL &&
		    strcmp(t->short_name.value, cases[i].shortn) == 0,
		    "%s: %s", cases[i].text, t->short_name.value);
	}
}
END_TEST

/* "1 Harbour Road" in an address is a street, not a section. */
START_TEST(test_address)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "2.2 Address\nOrca Shipping Ltd.\n1 Harbour Road\n"
		    "Singapore 018989\n2.3 Time zone\nAsia/Singapore",
		    "Orca Shipping Ltd, 1 Harbour Road, Singapore 018989" },
		{ "Address\nOrca Shipping Ltd.\n12 Harbour Road\n"
		    "Singapore 018989\nTime zone\nAsia/Singapore",
		    "Orca Shipping Ltd, 12 Harbour Road, Singapore 018989" },
		/* Numbered without dots: "3 ..." is the next section. */
		{ "1 About\nNothing.\n2 Address\nOrca Ltd.\n1 Harbour Road\n"
		    "Singapore 018989\n3 Date of establishment\nIn 2020.",
		    "Orca Ltd, 1 Harbour Road, Singapore 018989" },
		{ "Address: 7 Quay Street, Dublin 2, Ireland",
		    "7 Quay Street, Dublin 2, Ireland" }
	};
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		const struct rfc2350_team *t;

		t = parsef("Team name: X-CERT\n%s\n",
		    cases[i].text);
		ck_assert_msg(t->address.value != NULL &&
		    strcmp(t->address.value, cases[i].want) == 0, "%s: %s",
		    cases[i].text, t->address.value);
	}
}
END_TEST

START_TEST(test_line_endings)
{
	const struct rfc2350_team *t = parse("Team name: X-CERT\r\n"
	    "Time zone: Europe/Paris\r\n\fX-CERT RFC 2350 Page 2\r\n"
	    "Hours: Mon-Fri 9:00-17:00\r\n");

	ck_assert_str_eq(t->hours.value, "Mon-Fri 09:00-17:00");
	ck_assert_str_eq(t->timezone.value, "Europe/Paris");
}
END_TEST

START_TEST(test_prefix)
{
	const struct rfc2350_team *t = parse("Team name: X-CERT\n"
	    "E-mail: cert@x.example\n"
	    "For emergencies, prefix your email's subject with [URGENT].\n");

	ck_assert_str_eq(t->urgent_prefix.value, "[URGENT]");
}
END_TEST

START_TEST(test_garbage)
{
	static const char bytes[] = "\xff\xfe\x00\x01\r\r\n\f\f\x80\x92"
	    "Team\tname:\t\xe9quipe\n0x 0x1 24/ 7 +\n(at)(dot)@@..";

	rfc2350_free(&doc);
	rfc2350_parse(bytes, sizeof(bytes) - 1, &doc);
	ck_assert_uint_ge(doc.nteams, 1);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("rfc2350");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_obfuscated_emails);
	tcase_add_test(tc, test_not_emails);
	tcase_add_test(tc, test_e164);
	tcase_add_test(tc, test_hours_forms);
	tcase_add_test(tc, test_hours_doubts);
	tcase_add_test(tc, test_hours_not_stated);
	tcase_add_test(tc, test_holidays);
	tcase_add_test(tc, test_zones);
	tcase_add_test(tc, test_indonesian);
	tcase_add_test(tc, test_holiday_closures);
	tcase_add_test(tc, test_name_colon);
	tcase_add_test(tc, test_fingerprints);
	tcase_add_test(tc, test_fingerprint_unread);
	tcase_add_test(tc, test_key_mismatch);
	tcase_add_test(tc, test_members);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_address);
	tcase_add_test(tc, test_line_endings);
	tcase_add_test(tc, test_prefix);
	tcase_add_test(tc, test_garbage);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
