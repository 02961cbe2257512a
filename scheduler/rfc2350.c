/* rfc2350.c - reads the facts of a security team's RFC 2350 description out
 * of its plain text (see rfc2350.h).
 *
 * The text is first cut into lines and sections: every line gets a section
 * kind (time zone, telephone, e-mail, keys, team members...) from the
 * numbered or plain heading above it, in several languages, so that a
 * number under "Facsimile" is not taken for the team's phone and an address
 * under "Team members" is not taken for the team's mailbox. Each fact is
 * then read by a small scanner of its own. A document may describe several
 * teams: lines are attributed to the team whose name or address they
 * mention, and a line that mentions none inherits the team of the line that
 * opened its block.
 *
 * Matching is done on a folded copy of each line (ASCII, lower case, accents
 * dropped); values are cut from the unfolded line so that names keep their
 * accents.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hours.h"
#include "rfc2350.h"
#include "tz.h"
#include "xmalloc.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define MAXTEAMS	16		/* team bit masks are unsigned */
#define QUOTE_MAX	110		/* bytes of a long line quoted */

/* Two instants in which zones show their winter and summer abbreviations
 * and offsets; fixed so that the output never depends on the day it runs. */
#define REF_JAN		INT64_C(1705320000)	/* 2024-01-15T12:00:00Z */
#define REF_JUL		INT64_C(1721044800)	/* 2024-07-15T12:00:00Z */

enum kind {
	K_NONE,		/* before the first heading */
	K_OTHER,
	K_DOC,		/* about the document itself: dates, history */
	K_NAME,
	K_ADDRESS,
	K_TZ,
	K_PHONE,
	K_FAX,
	K_OTHERTEL,
	K_EMAIL,
	K_PGP,
	K_MEMBERS,
	K_CONTACT,
	K_HOURS,
	K_FORMS
};

/* Section titles, folded. Order matters: the first match wins, so
 * "electronic mail address" is e-mail before it is an address. */
static const struct {
	enum kind	 kind;
	const char	*word;
} kind_words[] = {
	{ K_OTHER, "contact information" }, { K_OTHER, "coordonnees" },
	{ K_OTHER, "kontaktinformation" }, { K_OTHER, "contact details" },
	{ K_MEMBERS, "team members" }, { K_MEMBERS, "members" },
	{ K_MEMBERS, "membres" }, { K_MEMBERS, "mitglieder" },
	{ K_MEMBERS, "miembros" }, { K_MEMBERS, "membri" },
	{ K_MEMBERS, "membros" }, { K_MEMBERS, "leden" },
	{ K_DOC, "document" }, { K_DOC, "distribution list" },
	{ K_DOC, "last update" }, { K_DOC, "mise a jour" },
	{ K_DOC, "contents" }, { K_DOC, "sommaire" }, { K_DOC, "revision" },
	{ K_DOC, "history" }, { K_DOC, "approval" },
	{ K_FAX, "facsimile" }, { K_FAX, "fax" }, { K_FAX, "telecopie" },
	{ K_FAX, "telefax" }, { K_FAX, "faxnummer" },
	{ K_OTHERTEL, "other telecommunication" },
	{ K_OTHERTEL, "other telecom" }, { K_OTHERTEL, "autres moyens" },
	{ K_OTHERTEL, "andere telekommunikation" },
	{ K_OTHERTEL, "otras telecomunicaciones" },
	{ K_EMAIL, "electronic mail" }, { K_EMAIL, "e-mail" },
	{ K_EMAIL, "email" }, { K_EMAIL, "courrier electronique" },
	{ K_EMAIL, "courriel" }, { K_EMAIL, "adresse electronique" },
	{ K_EMAIL, "correo electronico" }, { K_EMAIL, "posta elettronica" },
	{ K_EMAIL, "messagerie" },
	{ K_PHONE, "telephone" }, { K_PHONE, "phone" },
	{ K_PHONE, "telefon" }, { K_PHONE, "telefono" },
	{ K_PHONE, "telefone" }, { K_PHONE, "telefoon" },
	{ K_PHONE, "hotline" }, { K_PHONE, "telefonnummer" },
	{ K_TZ, "time zone" }, { K_TZ, "timezone" },
	{ K_TZ, "fuseau horaire" }, { K_TZ, "zeitzone" },
	{ K_TZ, "zona horaria" }, { K_TZ, "fuso orario" },
	{ K_TZ, "fuso horario" }, { K_TZ, "tijdzone" },
	{ K_HOURS, "operating hours" }, { K_HOURS, "business hours" },
	{ K_HOURS, "office hours" }, { K_HOURS, "working hours" },
	{ K_HOURS, "hours of operation" }, { K_HOURS, "opening hours" },
	{ K_HOURS, "service hours" }, { K_HOURS, "availability" },
	{ K_HOURS, "heures d'ouverture" }, { K_HOURS, "horaires" },
	{ K_HOURS, "horario" }, { K_HOURS, "geschaftszeiten" },
	{ K_HOURS, "betriebszeiten" }, { K_HOURS, "erreichbarkeit" },
	{ K_HOURS, "servicezeiten" },
	{ K_PGP, "public key" }, { K_PGP, "encryption" }, { K_PGP, "pgp" },
	{ K_PGP, "gpg" }, { K_PGP, "cles publiques" },
	{ K_PGP, "chiffrement" }, { K_PGP, "schlussel" },
	{ K_PGP, "verschlusselung" }, { K_PGP, "claves publicas" },
	{ K_PGP, "cifrado" }, { K_PGP, "chiavi" }, { K_PGP, "chaves" },
	{ K_CONTACT, "customer contact" }, { K_CONTACT, "point of contact" },
	{ K_CONTACT, "points of contact" }, { K_CONTACT, "points de contact" },
	{ K_CONTACT, "point de contact" }, { K_CONTACT, "puntos de contacto" },
	{ K_CONTACT, "ansprechpartner" },
	{ K_NAME, "name of the team" }, { K_NAME, "team name" },
	{ K_NAME, "nom de l'equipe" }, { K_NAME, "name des teams" },
	{ K_NAME, "nombre del equipo" }, { K_NAME, "nome del team" },
	{ K_NAME, "nome da equipe" }, { K_NAME, "naam van het team" },
	{ K_NAME, "name" }, { K_NAME, "nom" }, { K_NAME, "nombre" },
	{ K_ADDRESS, "address" }, { K_ADDRESS, "adresse" },
	{ K_ADDRESS, "anschrift" }, { K_ADDRESS, "direccion" },
	{ K_ADDRESS, "indirizzo" }, { K_ADDRESS, "endereco" },
	{ K_ADDRESS, "adres" }, { K_ADDRESS, "postal" },
	{ K_FORMS, "reporting forms" }, { K_FORMS, "reporting form" },
	{ K_FORMS, "formulaires" }, { K_FORMS, "formulaire" },
	{ K_FORMS, "incident reporting" }, { K_FORMS, "incident report" }
};

/* Countries: ISO code, calling code, national trunk prefix (NULL: none, so
 * a national number cannot be put in E.164 form safely), names (folded,
 * '|' between) and zones, the usual one first. */
static const struct country {
	const char	*iso;
	const char	*cc;
	const char	*trunk;
	const char	*names;
	const char	*zones;
} countries[] = {
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

/* Days of the week, folded; SPAN: only as one end of a span ("Mo-Fr"),
 * being too short or too common a word otherwise. */
static const struct {
	const char	*name;
	int		 day;		/* 0 Monday .. 6 Sunday */
	int		 span;
} day_names[] = {
	{ "monday", 0, 0 }, { "mon", 0, 0 }, { "tuesday", 1, 0 },
	{ "tues", 1, 0 }, { "tue", 1, 0 }, { "wednesday", 2, 0 },
	{ "wed", 2, 0 }, { "thursday", 3, 0 }, { "thurs", 3, 0 },
	{ "thur", 3, 0 }, { "thu", 3, 0 }, { "friday", 4, 0 },
	{ "fri", 4, 0 }, { "saturday", 5, 0 }, { "sat", 5, 0 },
	{ "sunday", 6, 0 }, { "sun", 6, 0 },
	{ "mo", 0, 1 }, { "tu", 1, 1 }, { "we", 2, 1 }, { "th", 3, 1 },
	{ "fr", 4, 1 }, { "sa", 5, 1 }, { "su", 6, 1 },
	{ "lundi", 0, 0 }, { "mardi", 1, 0 }, { "mercredi", 2, 0 },
	{ "jeudi", 3, 0 }, { "vendredi", 4, 0 }, { "samedi", 5, 0 },
	{ "dimanche", 6, 0 }, { "lun", 0, 1 }, { "mar", 1, 1 },
	{ "mer", 2, 1 }, { "jeu", 3, 1 }, { "ven", 4, 1 }, { "sam", 5, 1 },
	{ "dim", 6, 1 },
	{ "montag", 0, 0 }, { "dienstag", 1, 0 }, { "mittwoch", 2, 0 },
	{ "donnerstag", 3, 0 }, { "freitag", 4, 0 }, { "samstag", 5, 0 },
	{ "sonnabend", 5, 0 }, { "sonntag", 6, 0 }, { "di", 1, 1 },
	{ "mi", 2, 1 }, { "do", 3, 1 }, { "so", 6, 1 },
	{ "lunes", 0, 0 }, { "martes", 1, 0 }, { "miercoles", 2, 0 },
	{ "jueves", 3, 0 }, { "viernes", 4, 0 }, { "sabado", 5, 0 },
	{ "domingo", 6, 0 },
	{ "lunedi", 0, 0 }, { "martedi", 1, 0 }, { "mercoledi", 2, 0 },
	{ "giovedi", 3, 0 }, { "venerdi", 4, 0 }, { "sabato", 5, 0 },
	{ "domenica", 6, 0 },
	{ "maandag", 0, 0 }, { "dinsdag", 1, 0 }, { "woensdag", 2, 0 },
	{ "donderdag", 3, 0 }, { "vrijdag", 4, 0 }, { "zaterdag", 5, 0 },
	{ "zondag", 6, 0 },
	{ "segunda-feira", 0, 0 }, { "terca-feira", 1, 0 },
	{ "quarta-feira", 2, 0 }, { "quinta-feira", 3, 0 },
	{ "sexta-feira", 4, 0 }
};

/* Phrases that name a set of days. */
static const struct {
	const char	*words;
	uint8_t		 mask;
} day_phrases[] = {
	{ "weekdays", 0x1f }, { "week days", 0x1f }, { "working days", 0x1f },
	{ "workdays", 0x1f }, { "business days", 0x1f },
	{ "jours ouvres", 0x1f }, { "jours ouvrables", 0x1f },
	{ "werktags", 0x1f }, { "werktagen", 0x1f }, { "arbeitstagen", 0x1f },
	{ "dias laborables", 0x1f }, { "dias habiles", 0x1f },
	{ "giorni lavorativi", 0x1f }, { "werkdagen", 0x1f },
	{ "dias uteis", 0x1f },
	{ "weekends", 0x60 }, { "weekend", 0x60 }, { "week-ends", 0x60 },
	{ "week-end", 0x60 }, { "wochenende", 0x60 },
	{ "every day", 0x7f }, { "everyday", 0x7f }, { "daily", 0x7f },
	{ "7 days a week", 0x7f }, { "seven days a week", 0x7f },
	{ "7 days per week", 0x7f }, { "7 days/week", 0x7f },
	{ "7/7", 0x7f }, { "7j/7", 0x7f }, { "tous les jours", 0x7f },
	{ "taglich", 0x7f }, { "todos los dias", 0x7f },
	{ "tutti i giorni", 0x7f }, { "dagelijks", 0x7f },
	{ "365 days", 0x7f }
};

/* Around the clock on every day, and 24 hours on the days stated. */
static const char *const always_words[] = {
	"24/7/365", "24x7x365", "24/7", "24x7", "24 x 7", "24*7", "24 / 7",
	"around the clock", "round the clock", "round-the-clock",
	"around-the-clock", "rund um die uhr"
};
static const char *const allday_words[] = {
	"24 hours a day", "24 hours per day", "24 hours/day", "24h a day",
	"24 hrs a day", "24 hours, 7 days", "24 hours 7 days", "24h/24",
	"24/24", "24 heures sur 24", "24 stunden", "24 horas", "24 ore su 24",
	"24 uur per dag"
};

static const char *const holiday_words[] = {
	"public holiday", "bank holiday", "national holiday",
	"official holiday", "statutory holiday", "holidays", "jours feries",
	"jour ferie", "feiertag", "festivos", "festivi", "feestdagen"
};

static const char *const emergency_words[] = {
	"emergenc", "urgent", "on-call", "on call", "hotline", "outside",
	"critical", "astreinte", "urgence", "notfall", "bereitschaft",
	"urgencia"
};

/* ---- strings ------------------------------------------------------- */

struct sb {
	char	*s;
	size_t	 n;
	size_t	 cap;
};

static void
sb_addn(struct sb *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->s = xreallocarray(b->s, b->cap, 1);
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void
sb_adds(struct sb *b, const char *s)
{
	sb_addn(b, s, strlen(s));
}

static void
sb_addc(struct sb *b, char c)
{
	sb_addn(b, &c, 1);
}

static char *
sb_take(struct sb *b)
{
	if (b->s == NULL)
		return xstrdup("");
	return b->s;
}

static char *
xprintf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static char *
xprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) == -1)
		abort();
	va_end(ap);
	return s;
}

static int
is_alnum(int c)
{
	return isalnum((unsigned char)c);
}

static char *
strndup_trim(const char *s, size_t n)
{
	char *r;

	while (n > 0 && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	r = xmalloc(n + 1);
	memcpy(r, s, n);
	r[n] = '\0';
	return r;
}

/* The first occurrence of W in S that starts and ends on a word boundary
 * (where W starts or ends with a letter or digit). */
static const char *
find_word(const char *s, const char *w)
{
	size_t wl = strlen(w);
	const char *p;

	if (wl == 0)
		return NULL;
	for (p = strstr(s, w); p != NULL; p = strstr(p + 1, w)) {
		if (is_alnum(w[0]) && p > s && is_alnum(p[-1]))
			continue;
		if (is_alnum(w[wl - 1]) && is_alnum(p[wl]))
			continue;
		return p;
	}
	return NULL;
}

static int
has_any(const char *s, const char *const *words, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strstr(s, words[i]) != NULL)
			return 1;
	return 0;
}

static int
starts_with(const char *s, const char *w)
{
	return strncmp(s, w, strlen(w)) == 0;
}

/* ---- text and lines ------------------------------------------------ */

/* Windows-1252's characters in 0x80..0x9f, for documents that are not
 * UTF-8 (0: undefined, read as a space). */
static const unsigned short cp1252[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178
};

/* Latin-1 and Latin Extended-A letters without their accents. */
static const char latin1_fold[] =
    "aaaaaaaceeeeiiiidnooooooouuuuyts" "aaaaaaaceeeeiiiidnooooooouuuuyty";
static const char latin_a_fold[] =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllll"
    "llnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

/* One code point of well-formed UTF-8 at P (N bytes left): its length, or 0
 * when the bytes are not UTF-8. */
static size_t
utf8_dec(const unsigned char *p, size_t n, unsigned *cp)
{
	size_t len, i;
	unsigned c;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		len = 2;
		c = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3;
		c = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4;
		c = p[0] & 0x07;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 ||
	    c > 0x10ffff)) || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

static void
utf8_put(struct sb *b, unsigned cp)
{
	char u[4];

	if (cp < 0x80)
		sb_addc(b, (char)cp);
	else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		sb_addn(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		sb_addn(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		sb_addn(b, u, 4);
	}
}

/* The document as well-formed UTF-8: bytes that are not UTF-8 are read as
 * Windows-1252, NULs as spaces, a byte-order mark is dropped. */
static char *
to_utf8(const char *in, size_t len)
{
	const unsigned char *p = (const unsigned char *)in;
	struct sb b = { NULL, 0, 0 };
	size_t i = 0, n;
	unsigned cp;

	if (len >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		i = 3;
	while (i < len) {
		if ((n = utf8_dec(p + i, len - i, &cp)) == 0) {
			cp = p[i];
			if (cp >= 0x80 && cp < 0xa0)
				cp = cp1252[cp - 0x80] ? cp1252[cp - 0x80] : ' ';
			n = 1;
		}
		utf8_put(&b, cp == 0 ? ' ' : cp);
		i += n;
	}
	return sb_take(&b);
}

/* Typographic punctuation as its ASCII counterpart; 0 keeps the character,
 * -1 drops it. */
static int
punct_ascii(unsigned cp, const char **s)
{
	*s = NULL;
	if (cp == 0xa0 || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x202f ||
	    cp == 0x205f || cp == 0x3000)
		*s = " ";
	else if ((cp >= 0x200b && cp <= 0x200d) || cp == 0xfeff || cp == 0xad)
		return -1;
	else if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 ||
	    cp == 0xfe63 || cp == 0xff0d)
		*s = "-";
	else if ((cp >= 0x2018 && cp <= 0x201b) || cp == 0x2032 ||
	    cp == 0x2035)
		*s = "'";
	else if ((cp >= 0x201c && cp <= 0x201f) || cp == 0x2033 ||
	    cp == 0xab || cp == 0xbb)
		*s = "\"";
	else if (cp == 0x2022 || cp == 0x2023 || cp == 0x2043 ||
	    cp == 0x25aa || cp == 0x25cf || cp == 0x25e6 || cp == 0x25a0 ||
	    cp == 0xb7 || cp == 0xf0b7 || cp == 0xf0a7)
		*s = "*";
	else if (cp == 0x2026)
		*s = "...";
	else if (cp == 0xff20)
		*s = "@";
	else
		return 0;
	return 1;
}

/* LINE with its typography made ASCII and its markup (Markdown emphasis,
 * HTML tags, the angle brackets around addresses) removed; letters are
 * kept as written. */
static char *
clean_text(const char *line)
{
	const unsigned char *p = (const unsigned char *)line;
	struct sb b = { NULL, 0, 0 }, o = { NULL, 0, 0 };
	size_t i = 0, n, j, k, len = strlen(line);
	const char *s, *t;
	unsigned cp;
	int r;

	while (i < len) {
		n = utf8_dec(p + i, len - i, &cp);
		if (n == 0)
			n = 1;
		if ((r = punct_ascii(cp, &s)) == 1)
			sb_adds(&b, s);
		else if (r == 0)
			sb_addn(&b, line + i, n);
		i += n;
	}
	t = b.s != NULL ? b.s : "";
	len = strlen(t);
	for (i = 0; i < len; i++) {
		if ((t[i] == '*' && t[i + 1] == '*') ||
		    (t[i] == '_' && t[i + 1] == '_')) {
			i++;
			continue;
		}
		if (t[i] == '`')
			continue;
		if (t[i] == '<') {
			/* An HTML tag: <i>, </i>, <span class="x">. */
			j = i + 1 + (t[i + 1] == '/');
			for (k = j; isalpha((unsigned char)t[k]) && k - j < 10; k++)
				;
			/* Not "cert<at>example<dot>org". */
			if (k > j && (t[k] == '>' || t[k] == ' ') &&
			    !(t[k] == '>' && ((k - j == 2 &&
			    strncasecmp(t + j, "at", 2) == 0) || (k - j == 3 &&
			    strncasecmp(t + j, "dot", 3) == 0)))) {
				while (t[k] != '\0' && t[k] != '>' && t[k] != '<' &&
				    t[k] != '@')
					k++;
				if (t[k] == '>') {
					i = k;
					continue;
				}
			}
			/* An address in angle brackets. */
			for (k = i + 1; t[k] != '\0' && t[k] != '>' &&
			    !isspace((unsigned char)t[k]); k++)
				;
			if (t[k] == '>' && (memchr(t + i, '@', k - i) != NULL ||
			    memmem(t + i, k - i, "://", 3) != NULL ||
			    memmem(t + i, k - i, "(at)", 4) != NULL ||
			    memmem(t + i, k - i, "[at]", 4) != NULL)) {
				sb_addc(&o, ' ');
				sb_addn(&o, t + i + 1, k - i - 1);
				sb_addc(&o, ' ');
				i = k;
				continue;
			}
		}
		sb_addc(&o, t[i]);
	}
	free(b.s);
	return sb_take(&o);
}

/* TEXT folded to lower-case ASCII for matching; MAP[i] is the offset in
 * TEXT of folded byte i. */
static char *
fold_text(const char *text, int **map)
{
	const unsigned char *p = (const unsigned char *)text;
	struct sb b = { NULL, 0, 0 };
	size_t i = 0, n, len = strlen(text), cap = len * 2 + 2, m = 0;
	unsigned cp;
	int *mp;
	char c[3];

	mp = xcalloc(cap, sizeof(*mp));
	while (i < len) {
		n = utf8_dec(p + i, len - i, &cp);
		if (n == 0) {
			n = 1;
			cp = '?';
		}
		c[1] = c[2] = '\0';
		if (cp < 0x80)
			c[0] = (char)tolower((int)cp);
		else if (cp == 0xdf) {
			c[0] = 's';
			c[1] = 's';
		} else if (cp == 0xc6 || cp == 0xe6) {
			c[0] = 'a';
			c[1] = 'e';
		} else if (cp == 0x152 || cp == 0x153) {
			c[0] = 'o';
			c[1] = 'e';
		} else if (cp >= 0xc0 && cp <= 0xff && cp != 0xd7 && cp != 0xf7)
			c[0] = latin1_fold[cp - 0xc0];
		else if (cp >= 0x100 && cp < 0x180)
			c[0] = latin_a_fold[cp - 0x100];
		else
			c[0] = ' ';
		for (size_t k = 0; c[k] != '\0'; k++) {
			if (m + 1 >= cap) {
				cap *= 2;
				mp = xreallocarray(mp, cap, sizeof(*mp));
			}
			mp[m++] = (int)i;
			sb_addc(&b, c[k]);
		}
		i += n;
	}
	mp[m] = (int)len;
	*map = mp;
	return sb_take(&b);
}

struct line {
	char		*orig;		/* as written, tabs as spaces: quoted */
	char		*text;		/* clean_text() */
	char		*low;		/* fold_text() */
	int		*map;		/* low offset -> text offset */
	int		 no;		/* line number in the document */
	int		 page;		/* first line after a form feed */
	int		 heading;
	int		 sect;		/* index of its section */
	enum kind	 kind;		/* its section's kind */
	enum kind	 lkind;		/* kind of its "Label:", or K_NONE */
	unsigned	 teams;		/* the teams it speaks of */
};

struct tzm;
struct hstmt;

struct ctx {
	struct line		*l;
	size_t			 nl;
	struct rfc2350_doc	*doc;
	const struct country	*country;
	/* Names, short names and declared addresses, for attribution. */
	char			*tok_short[MAXTEAMS];
	char			*tok_name[MAXTEAMS];
	char			**tok_mail[MAXTEAMS];
	size_t			 ntok_mail[MAXTEAMS];
	/* Loaded zones, by name; a NULL zone is a name that did not load. */
	char			**zname;
	struct tz		**zone;
	size_t			 nzone;
};

static int
blank(const struct line *l)
{
	const char *p;

	for (p = l->text; *p != '\0'; p++)
		if (!isspace((unsigned char)*p))
			return 0;
	return 1;
}

static void
add_line(struct ctx *c, const char *s, size_t n, int no, int page)
{
	struct line *l;
	char *o;
	size_t i;

	c->l = xreallocarray(c->l, c->nl + 1, sizeof(*c->l));
	l = &c->l[c->nl++];
	memset(l, 0, sizeof(*l));
	o = xmalloc(n + 1);
	for (i = 0; i < n; i++)
		o[i] = (s[i] == '\t' || s[i] == '\v') ? ' ' : s[i];
	o[n] = '\0';
	l->orig = o;
	l->text = xmalloc(n + 1);
	memcpy(l->text, s, n);
	l->text[n] = '\0';
	o = clean_text(l->text);
	free(l->text);
	l->text = o;
	l->low = fold_text(l->text, &l->map);
	l->no = no;
	l->page = page;
}

/* Lines end at LF, CRLF or CR; a form feed (a PDF page break) also ends
 * one, without counting as a new line for the line numbers quoted. */
static void
split_lines(struct ctx *c, const char *s)
{
	size_t start = 0, i;
	int no = 1, page = 0;

	for (i = 0;; i++) {
		if (s[i] != '\0' && s[i] != '\n' && s[i] != '\r' &&
		    s[i] != '\f')
			continue;
		add_line(c, s + start, i - start, no, page);
		page = 0;
		if (s[i] == '\0')
			break;
		if (s[i] == '\f')
			page = 1;
		else {
			no++;
			if (s[i] == '\r' && s[i + 1] == '\n')
				i++;
		}
		start = i + 1;
	}
}

/* "Page 3", "3 / 11", "- 3 -", "Page 3 of 11": a page number line. */
static int
page_number(const char *low)
{
	const char *p = low;
	int digits = 0;

	while (*p == ' ' || *p == '-' || *p == '[')
		p++;
	if (starts_with(p, "page "))
		p += 5;
	while (*p != '\0') {
		if (isdigit((unsigned char)*p))
			digits++;
		else if (!strchr(" -/]", *p) && !starts_with(p, "of ") &&
		    !starts_with(p, "sur ") && !starts_with(p, "von "))
			return 0;
		else if (isalpha((unsigned char)*p))
			p += 2;
		p++;
	}
	return digits > 0 && digits <= 6;
}

/* PDF conversions repeat a page header and footer around each form feed;
 * they would split sentences and sections, so they are blanked. A line near
 * a page break is furniture when its text, digits aside, comes back near
 * another break, or when it is a page number. */
static void
drop_furniture(struct ctx *c)
{
	size_t i, j, k, nb = 0, *cand = NULL, ncand = 0;
	char **key;
	int count;

	for (i = 0; i < c->nl; i++)
		if (c->l[i].page)
			nb++;
	for (i = 0; i < c->nl; i++) {
		if (page_number(c->l[i].low) && !blank(&c->l[i]) &&
		    strstr(c->l[i].low, "page") != NULL) {
			c->l[i].text[0] = c->l[i].low[0] = '\0';
			continue;
		}
		if (!c->l[i].page)
			continue;
		/* Two non-blank lines after the break, two before it. */
		for (j = i, k = 0; j < c->nl && k < 2; j++)
			if (!blank(&c->l[j])) {
				cand = xreallocarray(cand, ncand + 1,
				    sizeof(*cand));
				cand[ncand++] = j;
				k++;
			}
		for (j = i, k = 0; j > 0 && k < 2; j--)
			if (!blank(&c->l[j - 1])) {
				cand = xreallocarray(cand, ncand + 1,
				    sizeof(*cand));
				cand[ncand++] = j - 1;
				k++;
			}
	}
	if (nb == 0) {
		free(cand);
		return;
	}
	key = xcalloc(ncand + 1, sizeof(*key));
	for (i = 0; i < ncand; i++) {
		key[i] = xstrdup(c->l[cand[i]].low);
		for (j = 0; key[i][j] != '\0'; j++)
			if (isdigit((unsigned char)key[i][j]))
				key[i][j] = '#';
	}
	for (i = 0; i < ncand; i++) {
		count = 0;
		for (j = 0; j < ncand; j++)
			if (cand[j] != cand[i] && strcmp(key[i], key[j]) == 0)
				count++;
		if (count > 0 || page_number(c->l[cand[i]].low))
			c->l[cand[i]].text[0] = c->l[cand[i]].low[0] = '\0';
	}
	for (i = 0; i < ncand; i++)
		free(key[i]);
	free(key);
	free(cand);
}

/* Whether W is in S as a word, or as a word with a plural 's'. */
static int
has_stem(const char *s, const char *w)
{
	size_t wl = strlen(w);
	const char *p;

	for (p = strstr(s, w); p != NULL; p = strstr(p + 1, w)) {
		if (p > s && is_alnum(p[-1]))
			continue;
		if (!is_alnum(p[wl]) || (p[wl] == 's' && !is_alnum(p[wl + 1])))
			return 1;
	}
	return 0;
}

static enum kind
kind_of(const char *low)
{
	size_t i;

	for (i = 0; i < NELEM(kind_words); i++)
		if (has_stem(low, kind_words[i].word))
			return kind_words[i].kind;
	return K_NONE;
}

static size_t
count_words(const char *s)
{
	size_t n = 0;
	int in = 0;

	for (; *s != '\0'; s++) {
		if (isspace((unsigned char)*s))
			in = 0;
		else if (!in) {
			in = 1;
			n++;
		}
	}
	return n;
}

/* Whether line L is a section heading, and its kind: "2.4 Time zone",
 * "2.4. Time zone", "## Time zone", "TIME ZONE", "Fuseau horaire :".
 * *NUM is its first number (0 when it has none), *DOTTED whether a dot
 * follows it, *KNOWN whether the title names a known section. */
static int
heading(const struct line *l, enum kind *kind, int *num, int *dotted,
    int *known)
{
	const char *low = l->low, *t;
	size_t len, i;
	char *title;
	int numbered = 0;

	*num = *dotted = *known = 0;

	while (*low == ' ' || *low == '#' || *low == '\t')
		low++;
	t = low;
	if (isdigit((unsigned char)*t)) {
		/* Section numbers are small: "35 rue Joseph Monier" and
		 * "13881 GEMENOS" are addresses. */
		*num = atoi(t);
		for (i = 0; i < 4; i++) {
			if (!isdigit((unsigned char)*t))
				break;
			if (atoi(t) > 30)
				return 0;
			while (isdigit((unsigned char)*t))
				t++;
			if (*t != '.')
				break;
			if (i == 0)
				*dotted = 1;
			t++;
		}
		if (*t == ')')
			t++;
		if (*t != ' ' && *t != '\t')
			return 0;
		while (*t == ' ' || *t == '\t' || *t == '-')
			t++;
		if (!isalpha((unsigned char)*t) ||
		    !isupper((unsigned char)l->text[l->map[t - l->low]]))
			return 0;
		numbered = 1;
	}
	len = strlen(t);
	while (len > 0 && (isspace((unsigned char)t[len - 1]) ||
	    t[len - 1] == ':'))
		len--;
	if (len == 0 || len > (numbered ? 90u : 60u) ||
	    memchr(t, '@', len) != NULL ||
	    (memchr(t, ',', len) != NULL && count_words(t) > 6))
		return 0;
	title = strndup_trim(t, len);
	*kind = kind_of(title);
	*known = *kind != K_NONE;
	if (!numbered) {
		/* A plain line is a heading only when it is short, has no
		 * value after a colon, does not end a sentence, begins with
		 * a capital letter and names a known section. */
		const char *tx = l->text;

		while (*tx == ' ' || *tx == '#' || *tx == '\t')
			tx++;
		/* Nor is a row of a table, its cells apart by tabs. */
		if (*kind == K_NONE || count_words(title) > 7 ||
		    title[strlen(title) - 1] == '.' ||
		    strchr(title, ':') != NULL || strchr(tx, '\t') != NULL ||
		    !isupper((unsigned char)*tx)) {
			free(title);
			return 0;
		}
	} else if (*kind == K_NONE)
		*kind = K_OTHER;
	free(title);
	return 1;
}

/* "Telephone: +49 ..." names the kind of its own value. */
static enum kind
label_kind(const char *low)
{
	const char *colon;
	char *label;
	enum kind k;

	while (*low == ' ' || *low == '-' || *low == '*' || *low == '\t')
		low++;
	if ((colon = strchr(low, ':')) == NULL || colon - low > 40 ||
	    colon == low)
		return K_NONE;
	label = strndup_trim(low, (size_t)(colon - low));
	k = count_words(label) <= 5 ? kind_of(label) : K_NONE;
	free(label);
	return k;
}

static void
sections(struct ctx *c)
{
	enum kind cur = K_NONE, k;
	size_t i;
	int sect = 0, num, dotted, known, last = 0, last_dotted = 0;

	for (i = 0; i < c->nl; i++) {
		struct line *l = &c->l[i];

		/* "1 Harbour Road" in an address is a street number: a
		 * number without a dot before a title of no known section
		 * makes a heading there only in a document numbered so, as
		 * the next section in turn. */
		if (!blank(l) && heading(l, &k, &num, &dotted, &known) &&
		    !(cur == K_ADDRESS && num > 0 && !dotted && !known &&
		    !(last > 0 && !last_dotted && num == last + 1))) {
			l->heading = 1;
			cur = k;
			sect++;
			if (num > 0) {
				last = num;
				last_dotted = dotted;
			}
		}
		l->sect = sect;
		l->kind = cur;
		l->lkind = l->heading ? K_NONE : label_kind(l->low);
	}
}

/* Text of line L from folded offset A to B, trimmed. */
static char *
cut(const struct line *l, size_t a, size_t b)
{
	size_t ta = (size_t)l->map[a], tb = (size_t)l->map[b];

	return strndup_trim(l->text + ta, tb - ta);
}

/* A copy of line L's words from the folded offset A to the end. */
static char *
cut_end(const struct line *l, size_t a)
{
	return cut(l, a, strlen(l->low));
}

/* ---- facts and their sources --------------------------------------- */

/* Quotes line LI into S: the whole line, or QUOTE_MAX bytes of a long one
 * around ANCHOR. */
static void
src_set(struct ctx *c, struct rfc2350_src *s, size_t li, const char *anchor)
{
	const char *o = c->l[li].orig, *p;
	struct sb b = { NULL, 0, 0 };
	size_t len, start, end, pos = 0;

	free(s->quote);
	s->line = c->l[li].no;
	while (isspace((unsigned char)*o))
		o++;
	len = strlen(o);
	while (len > 0 && isspace((unsigned char)o[len - 1]))
		len--;
	if (len <= QUOTE_MAX) {
		s->quote = strndup_trim(o, len);
		return;
	}
	if (anchor != NULL && *anchor != '\0' &&
	    (p = strcasestr(o, anchor)) != NULL && p < o + len)
		pos = (size_t)(p - o);
	start = pos > 40 ? pos - 40 : 0;
	while (start > 0 && !isspace((unsigned char)o[start - 1]) &&
	    pos - start < 60)
		start--;
	end = start + QUOTE_MAX;
	if (end >= len)
		end = len;
	else {
		while (end > start + 40 && !isspace((unsigned char)o[end]))
			end--;
		while (end > start && ((unsigned char)o[end] & 0xc0) == 0x80)
			end--;
	}
	while (start < end && ((unsigned char)o[start] & 0xc0) == 0x80)
		start++;
	if (start > 0)
		sb_adds(&b, "...");
	sb_addn(&b, o + start, end - start);
	if (end < len)
		sb_adds(&b, "...");
	s->quote = sb_take(&b);
}

static void
fact_set(struct ctx *c, struct rfc2350_fact *f, const char *value, long li,
    const char *anchor)
{
	free(f->value);
	f->value = xstrdup(value);
	if (li >= 0)
		src_set(c, &f->src, (size_t)li, anchor != NULL ? anchor : value);
}

/* F takes the value and the source of G. */
static void
fact_copy(struct rfc2350_fact *f, const struct rfc2350_fact *g)
{
	free(f->value);
	free(f->src.quote);
	f->value = xstrdup_null(g->value);
	f->src.line = g->src.line;
	f->src.quote = xstrdup_null(g->src.quote);
	f->uncertain = g->uncertain;
}

/* Sets (or with APPEND, adds to) the remark of F. */
static void
fact_vremark(struct rfc2350_fact *f, int uncertain, int append,
    const char *fmt, va_list ap)
{
	char *s, *o = f->remark;

	if (vasprintf(&s, fmt, ap) == -1)
		abort();
	if (append && o != NULL) {
		f->remark = xprintf("%s; %s", o, s);
		free(s);
	} else
		f->remark = s;
	free(o);
	f->uncertain |= uncertain;
}

static void
fact_remark(struct rfc2350_fact *f, int uncertain, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
fact_remark(struct rfc2350_fact *f, int uncertain, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fact_vremark(f, uncertain, 0, fmt, ap);
	va_end(ap);
}

/* Adds a remark to those of F. */
static void
fact_remark_add(struct rfc2350_fact *f, int uncertain, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
fact_remark_add(struct rfc2350_fact *f, int uncertain, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fact_vremark(f, uncertain, 1, fmt, ap);
	va_end(ap);
}

static void
note_add(struct ctx *c, struct rfc2350_team *t, long li, const char *anchor,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
note_add(struct ctx *c, struct rfc2350_team *t, long li, const char *anchor,
    const char *fmt, ...)
{
	struct rfc2350_note *n;
	va_list ap;
	char *s;
	size_t i;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) == -1)
		abort();
	va_end(ap);
	for (i = 0; i < t->nnotes; i++)
		if (strcmp(t->notes[i].text, s) == 0) {
			free(s);
			return;
		}
	t->notes = xreallocarray(t->notes, t->nnotes + 1, sizeof(*t->notes));
	n = &t->notes[t->nnotes++];
	memset(n, 0, sizeof(*n));
	n->text = s;
	if (li >= 0)
		src_set(c, &n->src, (size_t)li, anchor);
}

static void
zone_add(struct rfc2350_team *t, const char *z)
{
	size_t i;

	for (i = 0; i < t->nzones; i++)
		if (strcmp(t->zones[i], z) == 0)
			return;
	t->zones = xreallocarray(t->zones, t->nzones + 1, sizeof(*t->zones));
	t->zones[t->nzones++] = xstrdup(z);
}

/* Zone NAME from tzdata, loaded once per document; NULL if there is none. */
static const struct tz *
zone_get(struct ctx *c, const char *name)
{
	char err[256];
	size_t i;

	for (i = 0; i < c->nzone; i++)
		if (strcmp(c->zname[i], name) == 0)
			return c->zone[i];
	c->zname = xreallocarray(c->zname, c->nzone + 1, sizeof(*c->zname));
	c->zone = xreallocarray(c->zone, c->nzone + 1, sizeof(*c->zone));
	c->zname[c->nzone] = xstrdup(name);
	c->zone[c->nzone] = tz_load(name, err, sizeof(err));
	return c->zone[c->nzone++];
}

/* ---- countries ----------------------------------------------------- */

/* The country named last in the folded text LOW ("..., Paris, France"). */
static const struct country *
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
static void
country_name(const struct country *c, char *buf, size_t len)
{
	size_t i;

	snprintf(buf, len, "%.*s", (int)strcspn(c->names, "|"), c->names);
	for (i = 0; buf[i] != '\0'; i++)
		if (i == 0 || buf[i - 1] == ' ')
			buf[i] = (char)toupper((unsigned char)buf[i]);
}

static void
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

/* ---- team names ---------------------------------------------------- */

static const char *const short_labels[] = {
	"short team name", "short name of the team", "short name",
	"shortname", "team acronym", "acronym", "abbreviated name",
	"abbreviation", "nom abrege", "nom court", "acronyme", "sigle",
	"kurzname", "kurzbezeichnung", "abkurzung", "nombre corto",
	"acronimo", "sigla", "afkorting", "korte naam"
};
static const char *const name_labels[] = {
	"full team name", "team name", "name of the team",
	"full name of the team", "official team name",
	"registered team name", "nom de l'equipe", "nom complet",
	"name des teams", "teamname", "vollstandiger name",
	"vollstandiger teamname", "nombre del equipo", "nome del team",
	"nome da equipe", "naam van het team"
};
/* Too common to trust outside the "Name of the team" section. */
static const char *const weak_name_labels[] = {
	"full name", "official name", "registered name", "long name", "name",
	"nom", "nombre", "nome", "naam", "team", "equipe"
};
static const char *const mail_labels[] = {
	"e-mail", "email", "mail", "courriel"
};
static const char *const prose_name[] = {
	"registered name of the team is", "official name of the team is",
	"full name of the team is", "name of the team is", "team name is",
	"name of our team is", "team is called", "team is named",
	"team is known as", "nom de l'equipe est", "l'equipe s'appelle",
	"name des teams ist", "das team heisst", "nombre del equipo es"
};
static const char *const prose_short[] = {
	"acronym is", "short name is", "abbreviation is", "abbreviated as",
	"abbreviated to", "shortened to", "acronyme est", "sigle est",
	"nom abrege est", "kurzname ist", "abkurzung ist", "abgekurzt"
};

/* Strips quotes, emphasis and a closing full stop from a value. */
static char *
clean_value(char *v)
{
	size_t len;
	char *p = v;

	while (*p == '"' || *p == '\'' || *p == '*' || *p == ' ' ||
	    *p == '\t')
		p++;
	memmove(v, p, strlen(p) + 1);
	len = strlen(v);
	while (len > 0 && strchr("\"'*. \t,;:", v[len - 1]) != NULL)
		len--;
	v[len] = '\0';
	return v;
}

/* An acronym-like single word: "THA-CERT", "CERT-Bund", "CPCERT". */
static int
acronym_like(const char *s)
{
	size_t len = strlen(s), up = 0;

	if (len < 2 || len > 24)
		return 0;
	for (; *s != '\0'; s++) {
		if (isupper((unsigned char)*s))
			up++;
		else if (!isalnum((unsigned char)*s) && !strchr("-_.&/", *s))
			return 0;
	}
	return up >= 2;
}

/* "Label: value" on line L with one of LABELS: the value, or NULL. */
static char *
label_value(const struct line *l, const char *const *labels, size_t n)
{
	const char *low = l->low, *p;
	size_t i, len;

	while (*low == ' ' || *low == '-' || *low == '*' || *low == '\t' ||
	    *low == '>')
		low++;
	for (i = 0; i < n; i++) {
		len = strlen(labels[i]);
		if (strncmp(low, labels[i], len) != 0 || is_alnum(low[len]))
			continue;
		p = low + len;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == ':' || *p == '=')
			p++;
		else if (*p == '-' && (p[1] == ' ' || p[1] == '\t'))
			p++;
		else
			continue;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			continue;
		return clean_value(cut_end(l, (size_t)(p - l->low)));
	}
	return NULL;
}

/* The words after PHRASE on line L up to the end of the clause. */
static char *
prose_value(const struct line *l, const char *const *phrases, size_t n,
    int word)
{
	static const char *const ends[] = {
		" and ", " et ", " und ", " y ", ", ", "; ", ". ", " (", ")"
	};
	const char *p, *e, *q;
	size_t i, j;

	for (i = 0; i < n; i++) {
		if ((p = strstr(l->low, phrases[i])) == NULL)
			continue;
		p += strlen(phrases[i]);
		while (*p == ' ' || *p == '"' || *p == '\'' || *p == '*' ||
		    *p == ':')
			p++;
		e = p + strlen(p);
		if (word)
			e = p + strcspn(p, " ,;)\t");
		for (j = 0; j < NELEM(ends); j++)
			if ((q = strstr(p, ends[j])) != NULL && q < e)
				e = q;
		if (e == p)
			continue;
		return clean_value(cut(l, (size_t)(p - l->low),
		    (size_t)(e - l->low)));
	}
	return NULL;
}

struct decl {
	char	*name;
	char	*shortn;
	char	*mail;
	size_t	 li;
};

/* Splits "Full Name (ACR)", "ACR (Full Name)", "ACR - Full Name" into NAME
 * and SHORTN when one side is an acronym; else SHORTN stays NULL. */
static void
split_name(const char *v, char **name, char **shortn)
{
	const char *open, *close, *dash;
	char *a = NULL, *b = NULL;

	*name = *shortn = NULL;
	open = strrchr(v, '(');
	close = strrchr(v, ')');
	dash = strstr(v, " - ");
	if (open != NULL && close != NULL && close > open && close[1] == '\0') {
		a = clean_value(strndup_trim(v, (size_t)(open - v)));
		b = clean_value(strndup_trim(open + 1,
		    (size_t)(close - open - 1)));
	} else if (dash != NULL) {
		a = clean_value(strndup_trim(v, (size_t)(dash - v)));
		b = clean_value(xstrdup(dash + 3));
	}
	if (a != NULL && *a != '\0' && *b != '\0') {
		if (acronym_like(b) && !acronym_like(a)) {
			*name = a;
			*shortn = b;
			return;
		}
		if (acronym_like(a) && !acronym_like(b)) {
			*name = b;
			*shortn = a;
			return;
		}
	}
	free(a);
	free(b);
	*name = xstrdup(v);
}

static void
decl_add(struct decl **d, size_t *n, char *name, char *shortn, char *mail,
    size_t li)
{
	if ((name == NULL || *name == '\0') &&
	    (shortn == NULL || *shortn == '\0') && mail == NULL) {
		free(name);
		free(shortn);
		return;
	}
	*d = xreallocarray(*d, *n + 1, sizeof(**d));
	(*d)[*n].name = name;
	(*d)[*n].shortn = shortn;
	(*d)[*n].mail = mail;
	(*d)[*n].li = li;
	(*n)++;
}

static struct rfc2350_team *
team_new(struct ctx *c)
{
	struct rfc2350_doc *d = c->doc;

	d->teams = xreallocarray(d->teams, d->nteams + 1, sizeof(*d->teams));
	memset(&d->teams[d->nteams], 0, sizeof(d->teams[0]));
	return &d->teams[d->nteams++];
}

static int
same(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcasecmp(a, b) == 0;
}

/* Reads the team declarations: labelled ("Team Name: ...", "Short Team
 * Name: ..."), in prose ("the name of the team is X and the acronym is Y")
 * or the first line of the "Name of the team" section. A name declared
 * after a team already has one opens a new team. */
static void
find_teams(struct ctx *c)
{
	struct decl *d = NULL;
	struct rfc2350_team *t = NULL;
	size_t nd = 0, i, j;
	char *v, *n, *s;

	for (i = 0; i < c->nl; i++) {
		const struct line *l = &c->l[i];
		int weak = l->kind == K_NAME || l->kind == K_NONE;

		if (l->heading || blank(l) || l->kind == K_DOC ||
		    l->kind == K_MEMBERS)
			continue;
		if ((v = label_value(l, short_labels, NELEM(short_labels))) !=
		    NULL) {
			decl_add(&d, &nd, NULL, v, NULL, i);
			continue;
		}
		v = label_value(l, name_labels, NELEM(name_labels));
		if (v == NULL && weak)
			v = label_value(l, weak_name_labels,
			    NELEM(weak_name_labels));
		if (v != NULL) {
			split_name(v, &n, &s);
			free(v);
			decl_add(&d, &nd, n, s, NULL, i);
			continue;
		}
		if (l->kind == K_NAME && nd > 0 && (v = label_value(l,
		    mail_labels, NELEM(mail_labels))) != NULL) {
			decl_add(&d, &nd, NULL, NULL, v, i);
			continue;
		}
		n = prose_value(l, prose_name, NELEM(prose_name), 0);
		s = prose_value(l, prose_short, NELEM(prose_short), 1);
		if (n != NULL || s != NULL)
			decl_add(&d, &nd, n, s, NULL, i);
	}
	/* A "Name of the team" section that declares nothing in the forms
	 * above: its first line is the name. */
	for (i = 0; nd == 0 && i < c->nl; i++) {
		const struct line *l = &c->l[i];

		if (l->kind != K_NAME || l->heading || blank(l))
			continue;
		v = clean_value(strndup_trim(l->text, strlen(l->text)));
		if (*v != '\0' && count_words(v) <= 8 && strlen(v) <= 80) {
			split_name(v, &n, &s);
			decl_add(&d, &nd, n, s, NULL, i);
		}
		free(v);
		break;
	}
	for (i = 0; i < nd; i++) {
		if (d[i].mail != NULL) {
			if (t != NULL) {
				size_t k = (size_t)(t - c->doc->teams);

				c->tok_mail[k] = xreallocarray(c->tok_mail[k],
				    c->ntok_mail[k] + 1, sizeof(char *));
				c->tok_mail[k][c->ntok_mail[k]++] = d[i].mail;
				d[i].mail = NULL;
			}
			continue;
		}
		/* The same team named again confirms it. */
		for (j = 0; j < c->doc->nteams; j++) {
			struct rfc2350_team *o = &c->doc->teams[j];

			if (same(d[i].name, o->name.value) ||
			    same(d[i].name, o->short_name.value) ||
			    same(d[i].shortn, o->short_name.value))
				break;
		}
		if (j < c->doc->nteams) {
			t = &c->doc->teams[j];
			if (t->short_name.value == NULL && d[i].shortn != NULL)
				fact_set(c, &t->short_name, d[i].shortn,
				    (long)d[i].li, NULL);
			if (t->name.value == NULL && d[i].name != NULL &&
			    !same(d[i].name, t->short_name.value))
				fact_set(c, &t->name, d[i].name, (long)d[i].li,
				    NULL);
			continue;
		}
		if (t == NULL || (d[i].name != NULL && t->name.value != NULL) ||
		    (d[i].shortn != NULL && t->short_name.value != NULL)) {
			if (c->doc->nteams == MAXTEAMS)
				break;
			t = team_new(c);
		}
		if (d[i].name != NULL)
			fact_set(c, &t->name, d[i].name, (long)d[i].li, NULL);
		if (d[i].shortn != NULL)
			fact_set(c, &t->short_name, d[i].shortn, (long)d[i].li,
			    NULL);
	}
	for (i = 0; i < nd; i++) {
		free(d[i].name);
		free(d[i].shortn);
		free(d[i].mail);
	}
	free(d);
}

/* "... (ACR)" right after NAME somewhere in the text: the short name. */
static void
short_from_text(struct ctx *c, struct rfc2350_team *t)
{
	const char *p, *q;
	char *v;
	size_t i, len = strlen(t->name.value);

	for (i = 0; i < c->nl; i++) {
		for (p = strstr(c->l[i].text, t->name.value); p != NULL;
		    p = strstr(p + 1, t->name.value)) {
			q = p + len;
			while (*q == ' ')
				q++;
			if (*q != '(' || strchr(q, ')') == NULL)
				continue;
			v = clean_value(strndup_trim(q + 1,
			    strcspn(q + 1, ")")));
			if (acronym_like(v)) {
				fact_set(c, &t->short_name, v, (long)i, v);
				free(v);
				return;
			}
			free(v);
		}
	}
}

/* No declaration at all: the title ("RFC 2350 description for X") gives a
 * name, the most repeated CERT-like acronym a short name; both uncertain. */
static void
team_fallback(struct ctx *c)
{
	static const char *const title[] = {
		"description of ", "description for ", "profile of ",
		"profile for ", "rfc 2350 for ", "rfc2350 for ",
		"rfc-2350 for "
	};
	static const char *const stops[] = {
		" according", " in accordance", " as per", " rfc", " - ", "."
	};
	struct rfc2350_team *t = team_new(c);
	const char *p, *e, *q;
	char **tok = NULL, *v, *w;
	size_t *cnt = NULL, ntok = 0, i, j, k, best = 0;
	long bestli = -1;

	for (i = 0; i < c->nl && t->name.value == NULL; i++) {
		const struct line *l = &c->l[i];

		if (l->heading && l->kind != K_NONE)
			break;
		for (j = 0; j < NELEM(title); j++) {
			if ((p = strstr(l->low, title[j])) == NULL)
				continue;
			p += strlen(title[j]);
			e = p + strlen(p);
			for (k = 0; k < NELEM(stops); k++)
				if ((q = strstr(p, stops[k])) != NULL && q < e)
					e = q;
			v = clean_value(cut(l, (size_t)(p - l->low),
			    (size_t)(e - l->low)));
			if (*v != '\0' && count_words(v) <= 8) {
				fact_set(c, &t->name, v, (long)i, v);
				fact_remark(&t->name, 1, "read from the "
				    "document's title; no team name is "
				    "declared");
			}
			free(v);
			break;
		}
	}
	for (i = 0; i < c->nl; i++) {
		char *text = xstrdup(c->l[i].text), *save = NULL;

		for (w = strtok_r(text, " \t,;:()\"'/", &save); w != NULL;
		    w = strtok_r(NULL, " \t,;:()\"'/", &save)) {
			clean_value(w);
			if (!acronym_like(w) || strcmp(w, "CERT") == 0 ||
			    strcmp(w, "CSIRT") == 0 || strcmp(w, "PSIRT") == 0 ||
			    strcmp(w, "SOC") == 0 || (strstr(w, "CERT") == NULL &&
			    strstr(w, "CSIRT") == NULL &&
			    strstr(w, "CIRT") == NULL &&
			    strstr(w, "SIRT") == NULL && strstr(w, "SOC") == NULL))
				continue;
			for (j = 0; j < ntok; j++)
				if (strcmp(tok[j], w) == 0)
					break;
			if (j == ntok) {
				tok = xreallocarray(tok, ntok + 1, sizeof(*tok));
				cnt = xreallocarray(cnt, ntok + 1, sizeof(*cnt));
				tok[ntok] = xstrdup(w);
				cnt[ntok++] = 0;
			}
			if (++cnt[j] > best || (cnt[j] == best && bestli < 0)) {
				best = cnt[j];
				if (best >= 2) {
					fact_set(c, &t->short_name, tok[j],
					    (long)i, tok[j]);
					bestli = (long)i;
				}
			}
		}
		free(text);
	}
	if (t->short_name.value != NULL)
		fact_remark(&t->short_name, 1, "the acronym the document "
		    "uses most; no short name is declared");
	for (j = 0; j < ntok; j++)
		free(tok[j]);
	free(tok);
	free(cnt);
}

static void
complete_names(struct ctx *c)
{
	size_t i;

	if (c->doc->nteams == 0)
		team_fallback(c);
	for (i = 0; i < c->doc->nteams; i++) {
		struct rfc2350_team *t = &c->doc->teams[i];

		if (t->name.value != NULL && t->short_name.value == NULL) {
			if (acronym_like(t->name.value)) {
				fact_copy(&t->short_name, &t->name);
				fact_remark(&t->short_name, 0, "the document "
				    "gives one name");
			} else
				short_from_text(c, t);
		}
		if (t->name.value == NULL && t->short_name.value != NULL) {
			fact_copy(&t->name, &t->short_name);
			fact_remark(&t->name, 0, "the document gives only the "
			    "short name");
		}
	}
}

/* ---- which team a line speaks of ----------------------------------- */

static int
tok_char(int ch)
{
	return is_alnum(ch) || ch == '-' || ch == '_';
}

static int
has_token(const char *s, const char *tok, int icase)
{
	size_t len = strlen(tok);
	const char *p;

	if (len == 0)
		return 0;
	for (p = s; (p = icase ? strcasestr(p, tok) : strstr(p, tok)) != NULL;
	    p++)
		if ((p == s || !tok_char(p[-1])) && !tok_char(p[len]))
			return 1;
	return 0;
}

static int
has_mail(const char *s, const char *mail)
{
	size_t len = strlen(mail);
	const char *p;

	/* An empty address would match at every byte, and past the end. */
	if (len == 0)
		return 0;
	for (p = s; (p = strcasestr(p, mail)) != NULL; p++)
		if ((p == s || (!is_alnum(p[-1]) && !strchr("._%+-", p[-1]))) &&
		    !is_alnum(p[len]) && p[len] != '-' &&
		    !(p[len] == '.' && is_alnum(p[len + 1])))
			return 1;
	return 0;
}

static void
attribute(struct ctx *c)
{
	unsigned ctxmask = 0, m;
	size_t i, k, j, nt = c->doc->nteams;
	int sect = -1;

	for (k = 0; k < nt; k++) {
		c->tok_short[k] = c->doc->teams[k].short_name.value;
		c->tok_name[k] = c->doc->teams[k].name.value;
	}
	for (i = 0; i < c->nl; i++) {
		struct line *l = &c->l[i];

		if (nt == 1) {
			l->teams = 1;
			continue;
		}
		if (l->sect != sect) {
			sect = l->sect;
			ctxmask = 0;
		}
		m = 0;
		for (k = 0; k < nt; k++) {
			if ((c->tok_short[k] != NULL &&
			    has_token(l->text, c->tok_short[k], 0)) ||
			    (c->tok_name[k] != NULL &&
			    has_token(l->text, c->tok_name[k], 1)))
				m |= 1u << k;
			for (j = 0; j < c->ntok_mail[k]; j++)
				if (has_mail(l->text, c->tok_mail[k][j]))
					m |= 1u << k;
		}
		if (m != 0 && (m & (m - 1)) == 0)
			ctxmask = m;
		l->teams = m != 0 ? m : ctxmask;
	}
}

/* ---- e-mail addresses ---------------------------------------------- */

static int
local_char(int ch)
{
	return is_alnum(ch) || (ch != '\0' && strchr("._%+-", ch) != NULL);
}

static int
icase_at(const char *s, const char *w)
{
	return strncasecmp(s, w, strlen(w)) == 0;
}

/* S with "(at)", "[at]", "{at}", "<at>", "[@]", "(dot)", "[.]" and the
 * like, "name at example dot org", "name AT example.org", "name @ example
 * . org" and HTML's "&#64;", made '@' and '.' again. */
static char *
deobfuscate(const char *s)
{
	static const char *const at[] = { "at", "@", "a" };
	static const char *const dot[] = { "dot", ".", "punkt", "point" };
	static const struct {
		const char	*ent;
		char		 ch;
	} ents[] = {
		{ "&#64;", '@' }, { "&#x40;", '@' }, { "&commat;", '@' },
		{ "&#46;", '.' }, { "&#x2e;", '.' }, { "&period;", '.' }
	};
	/* "Write to us @ example.org" is not an address. */
	static const char *const pronouns[] = {
		"us", "me", "you", "them", "him", "her"
	};
	struct sb b = { NULL, 0, 0 };
	size_t i = 0, k, j, w, q;
	int spelled = 0, spaced = 0;
	char ch;

	while (s[i] != '\0') {
		if (s[i] == '&') {
			for (k = 0; k < NELEM(ents); k++)
				if (icase_at(s + i, ents[k].ent))
					break;
			if (k < NELEM(ents)) {
				sb_addc(&b, ents[k].ch);
				i += strlen(ents[k].ent);
				continue;
			}
		}
		for (j = i; s[j] == ' '; j++)
			;
		if (s[i] == ' ' && s[j] != '\0' && b.n > 0 &&
		    is_alnum(b.s[b.n - 1])) {
			for (k = j + 1; s[k] == ' '; k++)
				;
			for (w = b.n; w > 0 && local_char(b.s[w - 1]); w--)
				;
			/* "cert @ example . org". */
			if (s[j] == '@' && is_alnum(s[k])) {
				for (q = 0; q < NELEM(pronouns); q++)
					if (b.n - w == strlen(pronouns[q]) &&
					    strncasecmp(b.s + w, pronouns[q],
					    b.n - w) == 0)
						break;
				if (q == NELEM(pronouns)) {
					sb_addc(&b, '@');
					spaced = 1;
					i = k;
					continue;
				}
			}
			if (spaced && s[j] == '.' && islower((unsigned char)s[k])) {
				sb_addc(&b, '.');
				i = k;
				continue;
			}
		}
		if (strchr("([{<", s[i]) != NULL) {
			j = i + 1;
			while (s[j] == ' ')
				j++;
			ch = '\0';
			for (k = 0; k < NELEM(at) && ch == '\0'; k++)
				if (icase_at(s + j, at[k]) &&
				    !isalpha((unsigned char)s[j + strlen(at[k])]))
				{
					ch = '@';
					j += strlen(at[k]);
				}
			for (k = 0; k < NELEM(dot) && ch == '\0'; k++)
				if (icase_at(s + j, dot[k]) &&
				    !isalpha((unsigned char)s[j + strlen(dot[k])]))
				{
					ch = '.';
					j += strlen(dot[k]);
				}
			while (s[j] == ' ')
				j++;
			if (ch != '\0' && s[j] != '\0' &&
			    strchr(")]}>", s[j]) != NULL && b.n > 0 &&
			    local_char(b.s[b.n - 1 - (b.s[b.n - 1] == ' ' &&
			    b.n > 1)])) {
				while (b.n > 0 && b.s[b.n - 1] == ' ')
					b.s[--b.n] = '\0';
				sb_addc(&b, ch);
				i = j + 1;
				while (s[i] == ' ')
					i++;
				continue;
			}
		}
		/* "cert at example dot org": spelled out, only when a
		 * " dot " follows the domain's first label. */
		if (s[i] == ' ' && (icase_at(s + i, " at ") ||
		    (spelled && icase_at(s + i, " dot "))) && b.n > 0 &&
		    local_char(b.s[b.n - 1])) {
			int isat = icase_at(s + i, " at ");

			j = i + (isat ? 4 : 5);
			k = j;
			while (is_alnum(s[k]) || s[k] == '-')
				k++;
			/* Upper-case "AT" also before a dotted domain:
			 * "cert AT example.org", not "cert at home.". */
			if (k > j && (icase_at(s + k, " dot ") || (!isat &&
			    spelled) || (isat && strncmp(s + i, " AT ", 4) ==
			    0 && s[k] == '.' && isalpha((unsigned char)s[k + 1])))) {
				sb_addc(&b, isat ? '@' : '.');
				spelled = 1;
				i = j;
				continue;
			}
		}
		if (!is_alnum(s[i]) && s[i] != '-' && s[i] != ' ')
			spelled = 0;
		if (s[i] == '@' && b.n > 0 && local_char(b.s[b.n - 1]))
			spaced = 1;
		else if (!is_alnum(s[i]) && s[i] != '-' && s[i] != '.')
			spaced = 0;
		sb_addc(&b, s[i]);
		i++;
	}
	return sb_take(&b);
}

/* The addresses in S (already de-obfuscated), domains in lower case. */
static size_t
emails_in(const char *s, char ***out)
{
	size_t n = 0, a, e, dot, i;
	const char *p;
	char *m;

	*out = NULL;
	for (p = strchr(s, '@'); p != NULL; p = strchr(p + 1, '@')) {
		a = (size_t)(p - s);
		while (a > 0 && local_char(s[a - 1]))
			a--;
		while (s[a] == '.')
			a++;
		e = (size_t)(p - s) + 1;
		while (is_alnum(s[e]) || s[e] == '.' || s[e] == '-')
			e++;
		while (e > (size_t)(p - s) + 1 && (s[e - 1] == '.' ||
		    s[e - 1] == '-'))
			e--;
		if (a == (size_t)(p - s))
			continue;
		for (dot = e; dot > (size_t)(p - s) && s[dot - 1] != '.'; dot--)
			;
		if (dot <= (size_t)(p - s) + 1 || e - dot < 2)
			continue;
		for (i = dot; i < e; i++)
			if (!isalpha((unsigned char)s[i]))
				break;
		if (i < e)
			continue;
		m = strndup_trim(s + a, e - a);
		for (i = (size_t)(p - s) - a; m[i] != '\0'; i++)
			m[i] = (char)tolower((unsigned char)m[i]);
		*out = xreallocarray(*out, n + 1, sizeof(**out));
		(*out)[n++] = m;
	}
	return n;
}

static void
free_list(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static struct rfc2350_member *
member_find(struct rfc2350_doc *d, const char *email)
{
	size_t i;

	for (i = 0; i < d->nmembers; i++)
		if (d->members[i].email != NULL &&
		    strcasecmp(d->members[i].email, email) == 0)
			return &d->members[i];
	return NULL;
}

/* "first.last@": personal when "First Last" is also written on the line. */
static char *
personal_name(const struct line *l, const char *email)
{
	char first[64], last[64], phrase[130];
	const char *at = strchr(email, '@'), *dot = strchr(email, '.'), *p;
	size_t i;

	if (dot == NULL || dot > at || dot - email >= 64 || at - dot > 64)
		return NULL;
	snprintf(first, sizeof(first), "%.*s", (int)(dot - email), email);
	snprintf(last, sizeof(last), "%.*s", (int)(at - dot - 1), dot + 1);
	if (strlen(first) < 2 || strlen(last) < 2)
		return NULL;
	for (i = 0; first[i] != '\0'; i++)
		if (!isalpha((unsigned char)first[i]))
			return NULL;
	for (i = 0; last[i] != '\0'; i++)
		if (!isalpha((unsigned char)last[i]))
			return NULL;
	snprintf(phrase, sizeof(phrase), "%s %s", first, last);
	for (i = 0; phrase[i] != '\0'; i++)
		phrase[i] = (char)tolower((unsigned char)phrase[i]);
	if ((p = find_word(l->low, phrase)) == NULL)
		return NULL;
	return cut(l, (size_t)(p - l->low), (size_t)(p - l->low) +
	    strlen(phrase));
}

/* The first cell of a table row: "<i>Name</i>\taddress\t...". */
static char *
first_cell(const struct line *l)
{
	const char *t = l->text;
	size_t n;

	while (*t == ' ' || *t == '\t' || *t == '*' || *t == '-')
		t++;
	n = strcspn(t, "\t");
	if (strstr(t, "  ") != NULL && (size_t)(strstr(t, "  ") - t) < n)
		n = (size_t)(strstr(t, "  ") - t);
	if (n == 0 || memchr(t, '@', n) != NULL || count_words(t) == 0)
		return NULL;
	return clean_value(strndup_trim(t, n));
}

static void
find_members(struct ctx *c)
{
	struct rfc2350_doc *d = c->doc;
	struct rfc2350_member *m;
	char **mail, *deob, *name;
	size_t i, j, k, n;

	for (i = 0; i < c->nl; i++) {
		const struct line *l = &c->l[i];

		if (l->heading || l->kind == K_DOC)
			continue;
		deob = deobfuscate(l->text);
		n = emails_in(deob, &mail);
		for (j = 0; j < n; j++) {
			name = personal_name(l, mail[j]);
			if (l->kind != K_MEMBERS && name == NULL)
				continue;
			/* An address also written outside the members'
			 * list, and not personal, is the team's. */
			if (name == NULL) {
				for (k = 0; k < c->nl; k++) {
					char *o = c->l[k].kind == K_MEMBERS ?
					    NULL : deobfuscate(c->l[k].text);
					int hit = o != NULL &&
					    has_mail(o, mail[j]);

					free(o);
					if (hit)
						break;
				}
				if (k < c->nl)
					continue;
				name = first_cell(l);
			}
			if (member_find(d, mail[j]) != NULL) {
				free(name);
				continue;
			}
			d->members = xreallocarray(d->members, d->nmembers + 1,
			    sizeof(*d->members));
			m = &d->members[d->nmembers++];
			memset(m, 0, sizeof(*m));
			m->name = name;
			m->email = xstrdup(mail[j]);
			m->line = l->no;
		}
		free_list(mail, n);
		free(deob);
	}
}

static int
mail_rank(const struct line *l)
{
	switch (l->lkind != K_NONE ? l->lkind : l->kind) {
	case K_EMAIL:
		return 0;
	case K_NAME:
		return 1;
	case K_CONTACT:
		return 2;
	case K_PGP:
		return 3;
	case K_FORMS:
	case K_PHONE:
	case K_OTHERTEL:
	case K_NONE:
	case K_HOURS:
		return 4;
	default:
		return 5;
	}
}

struct found {
	char	*value;
	size_t	 li;
	int	 rank;
	unsigned teams;
};

static int
found_cmp(const void *a, const void *b)
{
	const struct found *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank - y->rank;
	return x->li < y->li ? -1 : x->li > y->li;
}

static int
domain_known(const struct found *f, size_t n, const char *mail)
{
	const char *dom = strchr(mail, '@');
	size_t i;

	for (i = 0; i < n; i++)
		if (f[i].rank <= 4 && strcasecmp(strchr(f[i].value, '@'),
		    dom) == 0)
			return 1;
	return 0;
}

static void
find_emails(struct ctx *c)
{
	struct rfc2350_doc *d = c->doc;
	struct found *f = NULL;
	char **mail, *deob, anchor[128];
	size_t nf = 0, i, j, k, n, q;
	unsigned m;

	for (i = 0; i < c->nl; i++) {
		const struct line *l = &c->l[i];

		if (l->kind == K_DOC || l->kind == K_MEMBERS)
			continue;
		deob = deobfuscate(l->text);
		n = emails_in(deob, &mail);
		for (j = 0; j < n; j++) {
			if (member_find(d, mail[j]) != NULL)
				continue;
			m = 0;
			for (k = 0; k < d->nteams; k++)
				for (q = 0; q < c->ntok_mail[k]; q++)
					if (strcasecmp(c->tok_mail[k][q],
					    mail[j]) == 0)
						m |= 1u << k;
			f = xreallocarray(f, nf + 1, sizeof(*f));
			f[nf].value = mail[j];
			f[nf].li = i;
			f[nf].rank = mail_rank(l);
			f[nf].teams = m != 0 ? m : l->teams;
			mail[j] = NULL;
			nf++;
		}
		free_list(mail, n);
		free(deob);
	}
	if (nf > 0)
		qsort(f, nf, sizeof(*f), found_cmp);
	for (i = 0; i < nf; i++) {
		if (f[i].rank == 5 && !domain_known(f, nf, f[i].value)) {
			for (k = 0; k < d->nteams; k++)
				note_add(c, &d->teams[k], (long)f[i].li,
				    f[i].value, "The document also mentions "
				    "%s, outside its contact sections; not "
				    "imported.", f[i].value);
			continue;
		}
		if (f[i].teams == 0) {
			for (k = 0; k < d->nteams; k++)
				note_add(c, &d->teams[k], (long)f[i].li,
				    f[i].value, "%s is not attributed to one "
				    "team by the document; not imported.",
				    f[i].value);
			continue;
		}
		for (k = 0; k < d->nteams; k++) {
			struct rfc2350_team *t = &d->teams[k];

			if (!(f[i].teams & (1u << k)))
				continue;
			for (j = 0; j < t->nemails; j++)
				if (strcasecmp(t->emails[j].address,
				    f[i].value) == 0)
					break;
			if (j < t->nemails)
				continue;
			t->emails = xreallocarray(t->emails, t->nemails + 1,
			    sizeof(*t->emails));
			memset(&t->emails[t->nemails], 0, sizeof(*t->emails));
			t->emails[t->nemails].address = xstrdup(f[i].value);
			snprintf(anchor, sizeof(anchor), "%.*s",
			    (int)strcspn(f[i].value, "@"), f[i].value);
			src_set(c, &t->emails[t->nemails].src, f[i].li,
			    anchor);
			t->nemails++;
		}
	}
	for (i = 0; i < nf; i++)
		free(f[i].value);
	free(f);
}

/* ---- telephone numbers --------------------------------------------- */

static const char *const phone_words[] = {
	"phone", "telephone", "tel", "hotline", "telefon", "telefono",
	"telefone", "telefoon", "mobile", "call us", "appeler", "anrufen"
};
static const char *const fax_words[] = {
	"fax", "facsimile", "telecopie", "telefax", "telecopieur"
};
static const char *const generic_phone_labels[] = {
	"phone", "telephone", "tel", "tel.", "telephone number",
	"phone number", "telefon", "telefonnummer", "telefono", "numero",
	"numero de telephone", "number", "hotline", "mobile"
};

static int
any_word(const char *low, const char *const *w, size_t n, const char **at)
{
	const char *p, *best = NULL;
	size_t i;

	for (i = 0; i < n; i++)
		if ((p = find_word(low, w[i])) != NULL &&
		    (best == NULL || p < best))
			best = p;
	if (at != NULL)
		*at = best;
	return best != NULL;
}

/* The telephone number starting at TEXT[I], or 0: its length. */
static size_t
phone_at(const char *t, size_t i)
{
	size_t j, digits = 0, open = 0, close = 0, k;

	if (!(t[i] == '+' && isdigit((unsigned char)t[i + 1])) &&
	    !(t[i] == '(' && (t[i + 1] == '+' ||
	    isdigit((unsigned char)t[i + 1]))) && !isdigit((unsigned char)t[i]))
		return 0;
	for (j = i; t[j] != '\0' && strchr("0123456789+()-./ ", t[j]); j++) {
		/* "+49 (0)89 ..." goes on; "... (office hours)" does not. */
		if (t[j] == ' ' && (t[j + 1] == ' ' || (t[j + 1] == '(' &&
		    !isdigit((unsigned char)t[j + 2]) && t[j + 2] != '+')))
			break;
		if (t[j] == '+' && j > i)
			break;
		if (isdigit((unsigned char)t[j]))
			digits++;
		open += t[j] == '(';
		close += t[j] == ')';
	}
	while (j > i && strchr(" -./(", t[j - 1]) != NULL) {
		open -= t[j - 1] == '(';
		j--;
	}
	while (j > i && t[j - 1] == ')' && close > open) {
		close--;
		j--;
	}
	if (isalpha((unsigned char)t[j]) || digits < 7 || digits > 16)
		return 0;
	/* Dates, years, versions. */
	if (t[i] != '+' && memchr(t + i, '/', j - i) != NULL)
		return 0;
	for (k = i; k < j && (isdigit((unsigned char)t[k]) || t[k] == '-' ||
	    t[k] == ' '); k++)
		;
	if (k == j && j - i <= 11 && isdigit((unsigned char)t[i]) &&
	    (t[i + 4] == '-' || t[i + 5] == '-') && digits == 8)
		return 0;
	return j - i;
}

static void
find_phones(struct ctx *c)
{
	struct rfc2350_doc *d = c->doc;
	struct rfc2350_phone *ph;
	const char *fax, *t;
	char *written, *note, *label, e164[24], digits[24], *lowlabel;
	size_t i, j, len, k, q, stop;
	int *mp;

	for (i = 0; i < c->nl; i++) {
		const struct line *l = &c->l[i];

		if (l->heading || l->kind == K_DOC || l->kind == K_MEMBERS ||
		    l->kind == K_FAX || l->lkind == K_FAX)
			continue;
		if (l->kind != K_PHONE && l->kind != K_OTHERTEL &&
		    l->lkind != K_PHONE &&
		    !any_word(l->low, phone_words, NELEM(phone_words), NULL))
			continue;
		t = l->text;
		stop = strlen(t);
		if (any_word(l->low, fax_words, NELEM(fax_words), &fax))
			stop = (size_t)l->map[fax - l->low];
		for (j = 0; j < stop; j++) {
			if (j > 0 && (is_alnum(t[j - 1]) ||
			    strchr(".:/,_-", t[j - 1]) != NULL))
				continue;
			if ((len = phone_at(t, j)) == 0)
				continue;
			written = strndup_trim(t + j, len);
			/* One space between groups, as in most documents. */
			for (k = q = 0; written[k] != '\0'; k++)
				if (!(isspace((unsigned char)written[k]) &&
				    q > 0 && written[q - 1] == ' '))
					written[q++] = isspace((unsigned char)
					    written[k]) ? ' ' : written[k];
			written[q] = '\0';
			note = NULL;
			k = j + len;
			while (t[k] == ' ')
				k++;
			if (t[k] == '(' && strchr(t + k, ')') != NULL)
				note = clean_value(strndup_trim(t + k + 1,
				    strcspn(t + k + 1, ")")));
			label = strndup_trim(t, j);
			clean_value(label);
			while (*label == '-' || *label == '*' || *label == ' ')
				memmove(label, label + 1, strlen(label));
			lowlabel = fold_text(label, &mp);
			free(mp);
			for (q = 0; q < NELEM(generic_phone_labels); q++)
				if (strcmp(lowlabel, generic_phone_labels[q]) == 0)
					break;
			if (note == NULL && *label != '\0' &&
			    q == NELEM(generic_phone_labels) &&
			    count_words(label) <= 6)
				note = xstrdup(label);
			free(label);
			free(lowlabel);
			for (k = q = 0; written[k] != '\0' && q < 23; k++)
				if (isdigit((unsigned char)written[k]))
					digits[q++] = written[k];
			digits[q] = '\0';
			for (k = 0; k < d->nteams; k++) {
				struct rfc2350_team *tm = &d->teams[k];
				size_t x;

				if (!(l->teams & (1u << k)))
					continue;
				for (x = 0; x < tm->nphones; x++)
					if (strcmp(tm->phones[x].written,
					    written) == 0)
						break;
				if (x < tm->nphones)
					continue;
				tm->phones = xreallocarray(tm->phones,
				    tm->nphones + 1, sizeof(*tm->phones));
				ph = &tm->phones[tm->nphones++];
				memset(ph, 0, sizeof(*ph));
				ph->written = xstrdup(written);
				ph->note = xstrdup_null(note);
				if (rfc2350_e164(written, NULL, e164,
				    sizeof(e164)) == 0)
					ph->e164 = xstrdup(e164);
				else if (c->country != NULL &&
				    rfc2350_e164(written, c->country->iso,
				    e164, sizeof(e164)) == 0) {
					ph->e164 = xstrdup(e164);
					ph->country = xstrdup(c->country->iso);
				}
				src_set(c, &ph->src, i, digits[0] != '\0' ?
				    written : NULL);
			}
			free(written);
			free(note);
			j += len;
		}
	}
}

/* ---- PGP keys ------------------------------------------------------ */

static const char *const fpr_words[] = {
	"fingerprint", "finger print", "fpr", "empreinte", "fingerabdruck",
	"huella", "impronta", "vingerafdruk", "key fingerprint"
};
static const char *const keyid_words[] = {
	"key id", "keyid", "key-id", "id de cle", "id de la cle",
	"identifiant de cle", "schlussel-id", "schlussel id", "key"
};

struct kid {
	char	 id[RFC2350_KEYID_LEN];
	size_t	 li;
	int	 used;
};

struct kfp {
	char	 fpr[RFC2350_FPR_LEN];
	size_t	 li;		/* where it starts */
	size_t	 li2;		/* where it ends (wrapped over two lines) */
	int	 used;
};

static int
is_hex_run(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return n > 0;
}

static void
kid_add(struct kid **v, size_t *n, const char *hex, size_t len, size_t li)
{
	char id[RFC2350_KEYID_LEN];
	size_t i;

	snprintf(id, sizeof(id), "0x%.*s", (int)len, hex);
	for (i = 2; id[i] != '\0'; i++)
		id[i] = (char)toupper((unsigned char)id[i]);
	for (i = 0; i < *n; i++)
		if ((*v)[i].li == li && strcmp((*v)[i].id, id) == 0)
			return;
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	memset(&(*v)[*n], 0, sizeof(**v));
	memcpy((*v)[*n].id, id, sizeof(id));
	(*v)[*n].li = li;
	(*n)++;
}

/* Key ids on line L: "0x1532593F", and "Key ID: 1532593F". */
static void
key_ids(const struct line *l, size_t li, struct kid **v, size_t *n)
{
	const char *t = l->text, *p;
	size_t i, k, len;

	for (i = 0; t[i] != '\0'; i++) {
		if (t[i] != '0' || (t[i + 1] != 'x' && t[i + 1] != 'X') ||
		    (i > 0 && is_alnum(t[i - 1])))
			continue;
		for (len = 0; isxdigit((unsigned char)t[i + 2 + len]); len++)
			;
		if ((len == 8 || len == 16) && !is_alnum(t[i + 2 + len]))
			kid_add(v, n, t + i + 2, len, li);
	}
	for (k = 0; k < NELEM(keyid_words); k++) {
		if ((p = find_word(l->low, keyid_words[k])) == NULL)
			continue;
		p += strlen(keyid_words[k]);
		while (*p != '\0' && strchr(" \t:=-", *p) != NULL)
			p++;
		if (p[0] == '0' && p[1] == 'x')
			continue;
		for (len = 0; isxdigit((unsigned char)p[len]); len++)
			;
		if ((len == 8 || len == 16) && !is_alnum(p[len]))
			kid_add(v, n, l->text + l->map[p - l->low], len, li);
		break;
	}
}

/* Hex groups from S into BUF (holding *N digits); stops at the first word
 * that is not hexadecimal. Returns 1 when 40 digits were reached. */
static int
hex_groups(const char *s, char *buf, size_t *n, int strict, size_t *groups)
{
	size_t len;

	for (;;) {
		/* Groups apart by spaces, colons or dashes; "0x" before
		 * the digits. */
		while (*s == ' ' || *s == '\t' || *s == ':' || *s == '=' ||
		    *s == '*' || *s == '-')
			s++;
		if (*n == 0 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
		    isxdigit((unsigned char)s[2]))
			s += 2;
		len = strcspn(s, " \t:*-");
		if (len == 0 || !is_hex_run(s, len))
			return *n == 40;
		if (strict && len != 4 && len != 40)
			return 0;
		if (*n + len > 40)
			return 0;
		memcpy(buf + *n, s, len);
		*n += len;
		(*groups)++;
		s += len;
		if (*n == 40)
			return 1;
	}
}

/* Fingerprints from line LI on: after a fingerprint keyword, 40 hex
 * digits in any grouping, possibly wrapped onto the next line; without a
 * keyword, ten groups of four. Returns 1 when one is read, -1 when a
 * "Fingerprint:" label is followed by nothing that reads as one, else
 * 0. */
static int
key_fprs(struct ctx *c, size_t li, struct kfp **v, size_t *n)
{
	const struct line *l = &c->l[li];
	const char *p, *kw = NULL, *t, *q;
	char buf[41];
	size_t k, got, groups, nx, i, kwlen = 0;
	int label = 0;

	for (k = 0; k < NELEM(fpr_words); k++)
		if ((p = find_word(l->low, fpr_words[k])) != NULL &&
		    (kw == NULL || p < kw)) {
			kw = p;
			kwlen = strlen(fpr_words[k]);
		}
	if (kw != NULL) {
		for (q = kw + kwlen; *q == ' '; q++)
			;
		label = *q == ':' || *q == '=' || (*q == '-' && q[1] == ' ');
	}
	t = kw != NULL ? l->text + l->map[kw - l->low] : l->text;
	for (p = t; *p != '\0'; p++) {
		if (p != t && p[-1] != ' ' && p[-1] != '\t' && p[-1] != ':' &&
		    p[-1] != '*')
			continue;
		if (!isxdigit((unsigned char)*p))
			continue;
		got = groups = 0;
		if (hex_groups(p, buf, &got, kw == NULL, &groups))
			goto found;
		if (got == 0 || (kw == NULL && got < 16))
			continue;
		/* The rest on the next non-blank line. */
		nx = li + 1;
		while (nx < c->nl && blank(&c->l[nx]))
			nx++;
		if (got > 0 && nx < c->nl &&
		    hex_groups(c->l[nx].text, buf, &got, kw == NULL,
		    &groups)) {
			li = nx;
			goto found;
		}
		if (kw != NULL)
			return label ? -1 : 0;
	}
	if (kw != NULL) {
		/* "Fingerprint:" alone, the digits below it. */
		nx = li + 1;
		while (nx < c->nl && blank(&c->l[nx]))
			nx++;
		got = groups = 0;
		if (nx < c->nl && !c->l[nx].heading &&
		    hex_groups(c->l[nx].text, buf, &got, 0, &groups)) {
			l = &c->l[nx];
			li = nx;
			goto found;
		}
	}
	return label ? -1 : 0;
found:
	buf[40] = '\0';
	for (i = 0; i < 40; i++)
		buf[i] = (char)toupper((unsigned char)buf[i]);
	for (i = 0; i < *n; i++)
		if (strcmp((*v)[i].fpr, buf) == 0 && (*v)[i].li2 == li)
			return 1;
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	memset(&(*v)[*n], 0, sizeof(**v));
	memcpy((*v)[*n].fpr, buf, sizeof(buf));
	(*v)[*n].li = (size_t)(l - c->l);
	(*v)[*n].li2 = li;
	(*n)++;
	return 1;
}

static int
id_matches(const char *id, const char *fpr)
{
	size_t len = strlen(id) - 2;

	return strcasecmp(fpr + 40 - len, id + 2) == 0;
}

/* The member whose row is line LI or one of the two rows above it. */
static struct rfc2350_member *
member_near(struct ctx *c, size_t li)
{
	struct rfc2350_doc *d = c->doc;
	size_t i, back;

	for (back = 0; back <= 2 && back <= li; back++)
		for (i = 0; i < d->nmembers; i++)
			if (d->members[i].line == c->l[li - back].no)
				return &d->members[i];
	return NULL;
}

/* The team address written on line LI or up to four lines above it in the
 * same section: the key's user id. */
static char *
key_uid(struct ctx *c, const struct rfc2350_team *t, size_t li)
{
	size_t back, j;
	char *deob;

	for (back = 0; back <= 4 && back <= li; back++) {
		const struct line *l = &c->l[li - back];

		if (l->sect != c->l[li].sect)
			break;
		deob = deobfuscate(l->text);
		for (j = 0; j < t->nemails; j++)
			if (has_mail(deob, t->emails[j].address)) {
				free(deob);
				return xstrdup(t->emails[j].address);
			}
		free(deob);
	}
	return NULL;
}

static void
key_to_team(struct ctx *c, const struct kid *id, const struct kfp *fp,
    int mismatch)
{
	struct rfc2350_doc *d = c->doc;
	struct rfc2350_member *m;
	struct rfc2350_key *k;
	size_t li = id != NULL ? id->li : fp->li, i, j;
	unsigned teams;

	if (c->l[li].kind == K_MEMBERS || (fp != NULL &&
	    c->l[fp->li].kind == K_MEMBERS)) {
		if ((m = member_near(c, li)) != NULL) {
			if (id != NULL)
				memcpy(m->key_id, id->id, sizeof(m->key_id));
			if (fp != NULL)
				memcpy(m->fpr, fp->fpr, sizeof(m->fpr));
		}
		return;
	}
	teams = c->l[li].teams | (fp != NULL ? c->l[fp->li].teams : 0);
	if (d->nteams > 1 && (teams & (teams - 1)) != 0 && id != NULL &&
	    fp != NULL)
		teams = c->l[li].teams;
	for (i = 0; i < d->nteams; i++) {
		struct rfc2350_team *t = &d->teams[i];

		if (!(teams & (1u << i)))
			continue;
		for (j = 0; j < t->nkeys; j++)
			if ((fp != NULL && strcmp(t->keys[j].fpr, fp->fpr) ==
			    0) || (fp == NULL && id != NULL &&
			    strcmp(t->keys[j].key_id, id->id) == 0))
				break;
		if (j < t->nkeys)
			continue;
		t->keys = xreallocarray(t->keys, t->nkeys + 1,
		    sizeof(*t->keys));
		k = &t->keys[t->nkeys++];
		memset(k, 0, sizeof(*k));
		if (fp != NULL) {
			memcpy(k->fpr, fp->fpr, sizeof(k->fpr));
			src_set(c, &k->fpr_src, fp->li, NULL);
			if (fp->li2 != fp->li) {
				/* Wrapped: quote both lines. */
				char *o = k->fpr_src.quote;
				const char *w = c->l[fp->li2].orig;

				while (isspace((unsigned char)*w))
					w++;
				k->fpr_src.quote = xprintf("%s / %s", o, w);
				free(o);
			}
		}
		if (id != NULL) {
			memcpy(k->key_id, id->id, sizeof(k->key_id));
			src_set(c, &k->id_src, id->li, id->id + 2);
		} else if (fp != NULL) {
			snprintf(k->key_id, sizeof(k->key_id), "0x%s",
			    fp->fpr + 32);
			k->key_id_derived = 1;
		}
		k->mismatch = mismatch;
		k->uid = key_uid(c, t, li);
	}
}

static void
find_keys(struct ctx *c)
{
	struct kid *ids = NULL;
	struct kfp *fps = NULL;
	size_t nid = 0, nfp = 0, i, j, best;
	long dist, bd;

	for (i = 0; i < c->nl; i++) {
		const struct line *l = &c->l[i];

		if (l->kind == K_DOC || blank(l))
			continue;
		key_ids(l, i, &ids, &nid);
		if (key_fprs(c, i, &fps, &nfp) >= 0 || l->kind == K_MEMBERS)
			continue;
		/* A fingerprint the reader cannot read is said, not
		 * dropped: the key may be the team's. */
		for (j = 0; j < c->doc->nteams; j++)
			if (c->doc->nteams == 1 || l->teams == 0 ||
			    (l->teams & (1u << j)))
				note_add(c, &c->doc->teams[j], (long)i,
				    "fingerprint", "A fingerprint is given "
				    "here, but not as 40 hexadecimal digits: "
				    "check the key and set pgp_fingerprint by "
				    "hand.");
	}
	/* A fingerprint and the key id that ends it, nearest first. */
	for (i = 0; i < nfp; i++) {
		best = nid;
		bd = 0;
		for (j = 0; j < nid; j++) {
			if (ids[j].used || !id_matches(ids[j].id, fps[i].fpr))
				continue;
			dist = labs((long)ids[j].li - (long)fps[i].li) +
			    (c->l[ids[j].li].sect != c->l[fps[i].li].sect ?
			    1000 : 0);
			if (best == nid || dist < bd) {
				best = j;
				bd = dist;
			}
		}
		if (best < nid && bd < 1000) {
			ids[best].used = fps[i].used = 1;
			key_to_team(c, &ids[best], &fps[i], 0);
		}
	}
	/* A key id beside a fingerprint it does not match: keep both, say
	 * so. */
	for (i = 0; i < nfp; i++) {
		if (fps[i].used)
			continue;
		for (j = 0; j < nid; j++)
			if (!ids[j].used && c->l[ids[j].li].sect ==
			    c->l[fps[i].li].sect && labs((long)ids[j].li -
			    (long)fps[i].li) <= 3 && c->l[ids[j].li].teams ==
			    c->l[fps[i].li].teams)
				break;
		fps[i].used = 1;
		if (j < nid) {
			ids[j].used = 1;
			key_to_team(c, &ids[j], &fps[i], 1);
		} else
			key_to_team(c, NULL, &fps[i], 0);
	}
	for (j = 0; j < nid; j++)
		if (!ids[j].used)
			key_to_team(c, &ids[j], NULL, 0);
	free(ids);
	free(fps);
}

/* ---- operating hours ----------------------------------------------- */

enum htok_type {
	T_DAYS,
	T_RANGE,
	T_ALWAYS,	/* around the clock, every day */
	T_ALLDAY,	/* 24 hours on the days stated */
	T_SPAN		/* "Friday 22:00 to Monday 06:00": one stretch */
};

struct htok {
	enum htok_type	 type;
	uint8_t		 mask;
	int		 start;
	int		 end;
	int		 day1;		/* T_SPAN: the days it starts and */
	int		 day2;		/* ends on, 0 Monday .. 6 Sunday */
	int		 closed;	/* T_RANGE: a break, not opening */
	size_t		 pos;		/* offset in the folded line */
};

#define MAXRANGES	8
#define MAXRULES	8

struct hrule {
	uint8_t		 mask;
	int		 n;
	int		 start[MAXRANGES];
	int		 end[MAXRANGES];
};

/* What one line says about hours. */
struct hstmt {
	size_t		 li;
	size_t		 li2;		/* the line of its times, when below */
	unsigned	 teams;
	int		 always;
	int		 nrules;
	struct hrule	 rule[MAXRULES];
	uint8_t		 days_only;	/* days without times */
	int		 nranges;	/* times without days */
	int		 start[MAXRANGES];
	int		 end[MAXRANGES];
	int		 emergency;
	int		 nclosed;	/* breaks ("closed 12:00-13:00") */
	int		 cstart[MAXRANGES];
	int		 cend[MAXRANGES];
	int		 cut;		/* breaks taken out of the rules */
	int		 cut_doubt;	/* breaks not taken out, or taken
					 * out of several sets of days */
	int		 span_doubt;	/* a stretch that may mean daily */
	int		 seasonal;	/* hours by season or month */
	int		 twice;		/* two sets of hours for one day */
};

static int
word_start(const char *s, size_t i)
{
	return i == 0 || !is_alnum(s[i - 1]);
}

/* A day name at LOW[I]: its day, and its length in *LEN; SPAN allows the
 * names that only count as one end of a span. */
static int
day_at(const char *low, size_t i, size_t *len, int span)
{
	size_t k, n;

	if (!word_start(low, i))
		return -1;
	for (k = 0; k < NELEM(day_names); k++) {
		n = strlen(day_names[k].name);
		if ((day_names[k].span && !span) ||
		    strncmp(low + i, day_names[k].name, n) != 0 ||
		    isalpha((unsigned char)low[i + n]))
			continue;
		if (low[i + n] == '.')
			n++;
		*len = n;
		return day_names[k].day;
	}
	return -1;
}

static uint8_t
span_mask(int a, int b)
{
	uint8_t m = 0;

	for (;;) {
		m |= (uint8_t)(1u << a);
		if (a == b)
			break;
		a = (a + 1) % 7;
	}
	return m;
}

static size_t
skip_connector(const char *low, size_t j, const char *const *conn,
    size_t n)
{
	size_t k, len, start = j;

	while (low[j] == ' ')
		j++;
	for (k = 0; k < n; k++) {
		len = strlen(conn[k]);
		if (strncmp(low + j, conn[k], len) == 0 &&
		    (!isalpha((unsigned char)conn[k][len - 1]) ||
		    !isalpha((unsigned char)low[j + len]))) {
			j += len;
			while (low[j] == ' ')
				j++;
			return j;
		}
	}
	return start;
}

static const char *const span_conn[] = {
	"-", "to", "through", "thru", "till", "until", "au", "a", "bis",
	"al", "t/m", "tot", "/"
};
static const char *const range_conn[] = {
	"-", "to", "till", "til", "until", "through", "thru", "a", "bis",
	"al", "alle", "tot", "~", "and", "et", "und", "y"
};

/* Days at LOW[I]: "Monday", "Mon-Fri", "lundi au vendredi". */
static int
days_at(const char *low, size_t i, size_t *len, uint8_t *mask)
{
	size_t l1, l2, j, k;
	int d1, d2;

	if ((d1 = day_at(low, i, &l1, 1)) < 0)
		return 0;
	j = i + l1;
	k = skip_connector(low, j, span_conn, NELEM(span_conn));
	if (k != j && (d2 = day_at(low, k, &l2, 1)) >= 0) {
		*mask = span_mask(d1, d2);
		*len = k + l2 - i;
		return 1;
	}
	if (day_at(low, i, &l1, 0) < 0)
		return 0;
	*mask = (uint8_t)(1u << d1);
	*len = l1;
	return 1;
}

/* A time of day at LOW[I], in minutes: "8:00", "08h30", "9h", "5 pm",
 * "17.00", "0800", "noon". *EXPLICIT tells a bare number ("9") from a
 * written time; *MIL a four-digit one. */
static int
time_at(const char *low, size_t i, size_t *len, int *explicit, int *mil,
    int *pm)
{
	size_t j = i, nd;
	int h = 0, m = 0;

	*explicit = *mil = *pm = 0;
	if (!word_start(low, i) || (i > 0 && strchr("+.:/", low[i - 1]) !=
	    NULL))
		return -1;
	if (starts_with(low + i, "noon") || starts_with(low + i, "midday") ||
	    starts_with(low + i, "midi")) {
		*len = starts_with(low + i, "midday") ? 6 :
		    starts_with(low + i, "noon") ? 4 : 4;
		*explicit = 1;
		return 720;
	}
	if (starts_with(low + i, "midnight") ||
	    starts_with(low + i, "minuit") ||
	    starts_with(low + i, "mitternacht")) {
		*len = strcspn(low + i, " ,;.)");
		*explicit = 2;
		return 0;
	}
	for (nd = 0; isdigit((unsigned char)low[j]); j++, nd++)
		;
	if (nd == 4 && !isdigit((unsigned char)low[j])) {
		/* "0800": on the quarter hour only, which years rarely are. */
		h = (low[i] - '0') * 10 + (low[i + 1] - '0');
		m = (low[i + 2] - '0') * 10 + (low[i + 3] - '0');
		if (m % 15 != 0)
			return -1;
		*mil = 1;
	} else if (nd == 1 || nd == 2) {
		h = atoi(low + i);
		if ((low[j] == ':' || low[j] == 'h' || low[j] == '.') &&
		    isdigit((unsigned char)low[j + 1]) &&
		    isdigit((unsigned char)low[j + 2]) &&
		    !isdigit((unsigned char)low[j + 3]) &&
		    !(low[j] == '.' && low[j + 3] == '.' &&
		    isdigit((unsigned char)low[j + 4]))) {
			m = (low[j + 1] - '0') * 10 + (low[j + 2] - '0');
			*explicit = 1;
			j += 3;
		} else if (low[j] == 'h' && !isalpha((unsigned char)low[j + 1])) {
			*explicit = 1;
			j++;
		}
	} else
		return -1;
	if (low[j] == ' ' && (starts_with(low + j + 1, "am") ||
	    starts_with(low + j + 1, "pm") || starts_with(low + j + 1, "a.m") ||
	    starts_with(low + j + 1, "p.m")))
		j++;
	if ((starts_with(low + j, "am") || starts_with(low + j, "pm")) &&
	    !isalpha((unsigned char)low[j + 2])) {
		*pm = low[j] == 'p' ? 2 : 1;
		j += 2;
	} else if (starts_with(low + j, "a.m.") || starts_with(low + j, "p.m.")) {
		*pm = low[j] == 'p' ? 2 : 1;
		j += 4;
	}
	if (*pm) {
		if (h < 1 || h > 12)
			return -1;
		h = h % 12 + (*pm == 2 ? 12 : 0);
		*explicit = 1;
	} else if (starts_with(low + j, " uhr") || starts_with(low + j, " h ") ||
	    starts_with(low + j, " hrs") || starts_with(low + j, " o'clock")) {
		*explicit = 1;
		j += strcspn(low + j + 1, " ,;.)") + 1;
	} else if (starts_with(low + j, "hrs") || starts_with(low + j, "uhr")) {
		*explicit = 1;
		j += 3;
	}
	if (h > 24 || m > 59 || (h == 24 && m != 0))
		return -1;
	*len = j - i;
	return h * 60 + m;
}

/* A range of times at LOW[I]: "8:00 -17:00", "9h à 18h", "8am to 5pm",
 * "between 9:00 and 17:00", "0800-1700". */
static int
range_at(const char *low, size_t i, size_t *len, int *start, int *end)
{
	size_t l1, l2, j, k;
	int a, b, e1, e2, m1, m2, p1, p2, between;

	if ((a = time_at(low, i, &l1, &e1, &m1, &p1)) < 0)
		return 0;
	j = i + l1;
	k = skip_connector(low, j, range_conn, NELEM(range_conn));
	if (k == j)
		return 0;
	/* "and" joins two times only after "between". */
	between = i >= 8 && (strstr(low + (i > 12 ? i - 12 : 0), "between") !=
	    NULL || strstr(low + (i > 12 ? i - 12 : 0), "entre") != NULL ||
	    strstr(low + (i > 12 ? i - 12 : 0), "zwischen") != NULL);
	if (!between && (strncmp(low + j + strspn(low + j, " "), "and", 3) ==
	    0 || strncmp(low + j + strspn(low + j, " "), "et", 2) == 0 ||
	    strncmp(low + j + strspn(low + j, " "), "und", 3) == 0 ||
	    strncmp(low + j + strspn(low + j, " "), "y ", 2) == 0))
		return 0;
	if ((b = time_at(low, k, &l2, &e2, &m2, &p2)) < 0)
		return 0;
	if (m1 != m2 || (!e1 && !e2 && !m1) || (!e2 && !m2))
		return 0;
	/* "9-5pm": the first time takes the second's half of the day when
	 * that makes a range of the day. */
	if (!p1 && p2 == 2 && a < 12 * 60 && a + 12 * 60 < b)
		a += 12 * 60;
	if (e2 == 2 || (b == 0 && a > 0))
		b = 24 * 60;
	if (a == b)
		return 0;
	*start = a;
	*end = b;
	*len = k + l2 - i;
	return 1;
}

static int
phrase_at(const char *low, size_t i, const char *w)
{
	size_t n = strlen(w);

	return word_start(low, i) && strncmp(low + i, w, n) == 0 &&
	    !is_alnum(low[i + n]) && (n == 0 || !isdigit((unsigned char)
	    low[i + n]) || !isdigit((unsigned char)w[n - 1]));
}

/* Whether the words just before LOW[I], in the same clause, deny what
 * follows: "not available 24/7", "not a 24/7 service", "kein 24/7-Dienst",
 * "n'est pas joignable 24h/24". */
static int
negated(const char *low, size_t i)
{
	static const char *const neg[] = {
		"not", "no", "non", "never", "nicht", "kein", "keine",
		"keinen", "nie", "pas", "jamais", "nunca", "niet", "geen"
	};
	size_t e = i, b, k, words;

	for (words = 0; words < 3; words++) {
		while (e > 0 && !is_alnum(low[e - 1])) {
			if (strchr(".;:!?", low[e - 1]) != NULL)
				return 0;
			e--;
		}
		if (e == 0)
			return 0;
		for (b = e; b > 0 && is_alnum(low[b - 1]); b--)
			;
		/* "isn't", "don't": folded, a "t" after "n'". */
		if (e - b == 1 && low[b] == 't' && b >= 2 &&
		    low[b - 1] == '\'' && low[b - 2] == 'n')
			return 1;
		for (k = 0; k < NELEM(neg); k++)
			if (e - b == strlen(neg[k]) &&
			    strncmp(low + b, neg[k], e - b) == 0)
				return 1;
		e = b;
	}
	return 0;
}

/* Words that make the range after them a break in the hours ("closed
 * 12:00-13:00 for lunch"), and those that do after it ("12:00-13:00 lunch
 * break"). */
static const char *const closed_before[] = {
	"closed", "closing", "lunch", "break", "pause", "except", "excluding",
	"ferme", "fermeture", "sauf", "geschlossen", "mittag", "ausser",
	"cerrado", "chiuso", "gesloten", "unavailable", "not available"
};
static const char *const closed_after[] = {
	"lunch", "for lunch", "break", "pause", "mittagspause"
};

/* Whether the range at LOW[I] (LEN bytes), after the text from GAP, is a
 * break: a closing word between the range before it and this one, or a
 * lunch word right after it. "After the lunch break, 13:00-17:00" opens. */
static int
closed_range(const char *low, size_t gap, size_t i, size_t len)
{
	char *g;
	size_t k, j = i + len;
	int hit = 0;

	g = xmalloc(i - gap + 1);
	memcpy(g, low + gap, i - gap);
	g[i - gap] = '\0';
	for (k = 0; k < NELEM(closed_before) && !hit; k++)
		if (find_word(g, closed_before[k]) != NULL)
			hit = 1;
	if (hit && (find_word(g, "after") != NULL ||
	    find_word(g, "apres") != NULL || find_word(g, "nach") != NULL ||
	    has_any(g, holiday_words, NELEM(holiday_words))))
		hit = 0;
	free(g);
	while (low[j] == ' ' || low[j] == '(' || low[j] == ',')
		j++;
	for (k = 0; k < NELEM(closed_after) && !hit; k++)
		if (phrase_at(low, j, closed_after[k]))
			hit = 1;
	return hit;
}

/* "9-17" right after days ("Mon-Fri 9-17"): bare hours, read only there
 * and only when rising, "9-5" meaning 17:00 as often as not. */
static int
bare_range_at(const char *low, size_t i, size_t *len, int *start, int *end)
{
	size_t j, k, e;
	int a, b;

	if (!word_start(low, i) || !isdigit((unsigned char)low[i]))
		return 0;
	for (j = i; isdigit((unsigned char)low[j]); j++)
		;
	if (j - i > 2)
		return 0;
	k = skip_connector(low, j, (const char *const[]){ "-", "to", "till",
	    "until", "bis", "au", "a" }, 7);
	if (k == j || !isdigit((unsigned char)low[k]))
		return 0;
	for (e = k; isdigit((unsigned char)low[e]); e++)
		;
	if (e - k > 2 || is_alnum(low[e]) || low[e] == ':' ||
	    low[e] == '/' || ((low[e] == '.' || low[e] == '-') &&
	    isdigit((unsigned char)low[e + 1])))
		return 0;
	a = atoi(low + i);
	b = atoi(low + k);
	if (a > 23 || b > 24 || b <= a)
		return 0;
	*start = a * 60;
	*end = b * 60;
	*len = e - i;
	return 1;
}

/* "Friday 22:00 to Monday 06:00" at LOW[I]: one stretch of time from a
 * day and hour to another, not the same hours on every day between. */
static int
span_at(const char *low, size_t i, size_t *len, struct htok *t)
{
	static const char *const lead[] = { ",", "from", "at", "ab", "des",
	    "a partir de" };
	static const char *const conn[] = { "-", "to", "till", "until",
	    "through", "thru", "au", "a", "bis", "al", "tot" };
	size_t l, j, k;
	int d1, d2, t1, t2, ex, mil, pm;

	if ((d1 = day_at(low, i, &l, 1)) < 0)
		return 0;
	j = skip_connector(low, i + l, lead, NELEM(lead));
	while (low[j] == ' ')
		j++;
	if ((t1 = time_at(low, j, &l, &ex, &mil, &pm)) < 0 || (!ex && !mil))
		return 0;
	k = skip_connector(low, j + l, conn, NELEM(conn));
	if (k == j + l || (d2 = day_at(low, k, &l, 1)) < 0)
		return 0;
	j = skip_connector(low, k + l, lead, NELEM(lead));
	while (low[j] == ' ')
		j++;
	if ((t2 = time_at(low, j, &l, &ex, &mil, &pm)) < 0 || (!ex && !mil))
		return 0;
	if (ex == 2)
		t2 = 24 * 60;
	t->type = T_SPAN;
	t->day1 = d1;
	t->day2 = d2;
	t->start = t1;
	t->end = t2;
	*len = j + l - i;
	return 1;
}

/* The hour tokens of folded line LOW. */
static size_t
hour_tokens(const char *low, struct htok *tok, size_t max)
{
	size_t i = 0, n = 0, len, k, gap = 0;
	uint8_t mask;
	int s, e, found;

	memset(tok, 0, max * sizeof(*tok));
	while (low[i] != '\0' && n < max) {
		found = 0;
		for (k = 0; k < NELEM(always_words) && !found; k++)
			if (phrase_at(low, i, always_words[k]) &&
			    (i == 0 || strchr("/.", low[i - 1]) == NULL)) {
				/* "not available 24/7" says no such thing. */
				if (!negated(low, i)) {
					tok[n].type = T_ALWAYS;
					tok[n].pos = i;
					tok[n++].mask = 0x7f;
				}
				i += strlen(always_words[k]);
				found = 1;
			}
		for (k = 0; k < NELEM(allday_words) && !found; k++)
			if (phrase_at(low, i, allday_words[k])) {
				if (!negated(low, i)) {
					tok[n].pos = i;
					tok[n++].type = T_ALLDAY;
				}
				i += strlen(allday_words[k]);
				found = 1;
			}
		for (k = 0; k < NELEM(day_phrases) && !found; k++)
			if (phrase_at(low, i, day_phrases[k].words)) {
				tok[n].type = T_DAYS;
				tok[n].pos = i;
				tok[n++].mask = day_phrases[k].mask;
				i += strlen(day_phrases[k].words);
				found = 1;
			}
		if (found) {
			gap = i;
			continue;
		}
		if (range_at(low, i, &len, &s, &e) || (n > 0 &&
		    tok[n - 1].type == T_DAYS &&
		    gap + strspn(low + gap, " ,:") == i &&
		    bare_range_at(low, i, &len, &s, &e))) {
			tok[n].type = T_RANGE;
			tok[n].pos = i;
			tok[n].start = s;
			tok[n].end = e;
			tok[n].closed = n > 0 && tok[n - 1].type == T_RANGE &&
			    closed_range(low, gap, i, len);
			n++;
			i += len;
			gap = i;
			continue;
		}
		if (span_at(low, i, &len, &tok[n])) {
			tok[n++].pos = i;
			i += len;
			gap = i;
			continue;
		}
		if (days_at(low, i, &len, &mask)) {
			/* "Monday, Wednesday and Friday": one set. */
			if (n > 0 && tok[n - 1].type == T_DAYS && tok[n - 1].start)
				tok[n - 1].mask |= mask;
			else {
				tok[n].type = T_DAYS;
				tok[n].pos = i;
				tok[n].mask = mask;
				n++;
			}
			tok[n - 1].start = 0;
			i += len;
			k = skip_connector(low, i, (const char *const[]){ ",",
			    "and", "&", "et", "und", "y", "e", "en" }, 8);
			if (k != i && days_at(low, k, &len, &mask)) {
				tok[n - 1].start = 1;	/* a list goes on */
				i = k;
			}
			gap = i;
			continue;
		}
		i++;
	}
	return n;
}

static void
rule_add(struct hstmt *h, uint8_t mask, const int *s, const int *e, int n)
{
	struct hrule *r;

	if (h->nrules == MAXRULES || n == 0)
		return;
	r = &h->rule[h->nrules++];
	r->mask = mask;
	r->n = n;
	memcpy(r->start, s, (size_t)n * sizeof(*s));
	memcpy(r->end, e, (size_t)n * sizeof(*e));
}

/* The stretch T ("Friday 22:00 to Monday 06:00") as rules: the rest of
 * its first day, the whole days between, the start of its last day. */
static void
span_rules(struct hstmt *h, const struct htok *t)
{
	int s, e, d;
	uint8_t mid = 0;

	if (t->day1 == t->day2) {
		/* "Monday 08:00 to Monday 12:00"; the other way round it
		 * would be the whole week but a few hours: not read. */
		if (t->start < t->end)
			rule_add(h, (uint8_t)(1u << t->day1), &t->start,
			    &t->end, 1);
		else
			h->span_doubt = 1;
		return;
	}
	for (d = (t->day1 + 1) % 7; d != t->day2; d = (d + 1) % 7)
		mid |= (uint8_t)(1u << d);
	if (t->start < 24 * 60) {
		e = 24 * 60;
		rule_add(h, (uint8_t)(1u << t->day1), &t->start, &e, 1);
	}
	if (mid != 0) {
		s = 0;
		e = 24 * 60;
		rule_add(h, mid, &s, &e, 1);
	}
	if (t->end > 0) {
		s = 0;
		rule_add(h, (uint8_t)(1u << t->day2), &s, &t->end, 1);
	}
	/* "Monday 08:00 to Friday 18:00" is as often written for the same
	 * hours on each of those days as for one stretch. */
	if (t->start < t->end)
		h->span_doubt = 1;
}

/* Takes the break [CS, CE) out of the ranges of rule R. Returns 0, leaving
 * R as it was, when no range holds any of it or a range runs past
 * midnight. */
static int
rule_cut(struct hrule *r, int cs, int ce)
{
	int s[MAXRANGES], e[MAXRANGES], n = 0, i, hit = 0;

	if (ce <= cs)
		return 0;
	for (i = 0; i < r->n; i++) {
		if (r->end[i] <= r->start[i])
			return 0;
		if (ce <= r->start[i] || cs >= r->end[i]) {
			if (n == MAXRANGES)
				return 0;
			s[n] = r->start[i];
			e[n++] = r->end[i];
			continue;
		}
		hit = 1;
		if (cs > r->start[i]) {
			if (n == MAXRANGES)
				return 0;
			s[n] = r->start[i];
			e[n++] = cs;
		}
		if (ce < r->end[i]) {
			if (n == MAXRANGES)
				return 0;
			s[n] = ce;
			e[n++] = r->end[i];
		}
	}
	if (!hit || n == 0)
		return 0;
	r->n = n;
	memcpy(r->start, s, sizeof(s));
	memcpy(r->end, e, sizeof(e));
	return 1;
}

/* "Mon-Fri 08:00-17:00 (closed 12:00-13:00 for lunch)": the break is
 * taken out of the hours. A break that fits no range, or that the line
 * does not tie to one set of days, leaves the reading in doubt. */
static void
take_breaks(struct hstmt *h)
{
	int i, r, n;

	for (i = 0; i < h->nclosed; i++) {
		for (r = 0, n = 0; r < h->nrules; r++)
			n += rule_cut(&h->rule[r], h->cstart[i], h->cend[i]);
		if (n == 0 || n > 1)
			h->cut_doubt = 1;
		if (n > 0)
			h->cut = 1;
	}
}

/* Whether the rules of H give a day two sets of hours ("Mon-Fri
 * 08:00-17:00 except Wednesday 13:00-17:00"), or one range twice. */
static int
rules_overlap(const struct hstmt *h)
{
	const struct hrule *r;
	int i, j, a, b;

	for (i = 0; i < h->nrules; i++)
		for (j = i + 1; j < h->nrules; j++)
			if (h->rule[i].mask & h->rule[j].mask)
				return 1;
	for (i = 0; i < h->nrules; i++) {
		r = &h->rule[i];
		for (a = 0; a < r->n; a++)
			for (b = a + 1; b < r->n; b++)
				if (r->start[a] < r->end[b] &&
				    r->start[b] < r->end[a])
					return 1;
	}
	return 0;
}

/* Days and times of one line (or of a line of days and the line of times
 * below it) as rules: each set of days takes the times next to it. */
static int
hour_statement(const struct htok *tok, size_t n, struct hstmt *h)
{
	int s[MAXRANGES], e[MAXRANGES], nr = 0, allday = 0;
	uint8_t days = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		switch (tok[i].type) {
		case T_ALWAYS:
			h->always = 1;
			break;
		case T_ALLDAY:
			allday = 1;
			break;
		case T_DAYS:
			if (nr > 0 && days == 0) {
				rule_add(h, tok[i].mask, s, e, nr);
				nr = 0;
			} else if (nr > 0) {
				rule_add(h, days, s, e, nr);
				nr = 0;
				days = tok[i].mask;
			} else
				days |= tok[i].mask;
			break;
		case T_RANGE:
			if (tok[i].closed) {
				if (h->nclosed < MAXRANGES) {
					h->cstart[h->nclosed] = tok[i].start;
					h->cend[h->nclosed++] = tok[i].end;
				}
			} else if (nr < MAXRANGES) {
				s[nr] = tok[i].start;
				e[nr++] = tok[i].end;
			}
			break;
		case T_SPAN:
			span_rules(h, &tok[i]);
			break;
		}
	}
	if (days != 0 && nr > 0)
		rule_add(h, days, s, e, nr);
	else if (days != 0 && allday) {
		if (days == 0x7f)
			h->always = 1;
		else {
			s[0] = 0;
			e[0] = 24 * 60;
			rule_add(h, days, s, e, 1);
		}
	} else if (nr > 0) {
		memcpy(h->start, s, sizeof(s));
		memcpy(h->end, e, sizeof(e));
		h->nranges = nr;
	} else if (allday)
		h->always = 1;
	else if (days != 0)
		h->days_only = days;
	/* Every day, all day, is around the clock. */
	if (h->nrules == 1 && h->rule[0].mask == 0x7f && h->rule[0].n == 1 &&
	    h->rule[0].start[0] == 0 && h->rule[0].end[0] == 24 * 60) {
		h->nrules = 0;
		h->always = 1;
	}
	take_breaks(h);
	h->twice = rules_overlap(h);
	return h->always || h->nrules > 0 || h->nranges > 0 ||
	    h->days_only != 0;
}

static void
format_mask(uint8_t mask, struct sb *b)
{
	static const char *const dn[] = {
		"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"
	};
	int d = 0, e, first = 1;

	while (d < 7) {
		if (!(mask & (1u << d))) {
			d++;
			continue;
		}
		for (e = d; e + 1 < 7 && (mask & (1u << (e + 1))); e++)
			;
		if (!first)
			sb_addc(b, ',');
		sb_adds(b, dn[d]);
		if (e > d) {
			sb_addc(b, '-');
			sb_adds(b, dn[e]);
		}
		first = 0;
		d = e + 1;
	}
}

static void
format_ranges(const int *s, const int *e, int n, struct sb *b)
{
	char buf[32];
	int i;

	for (i = 0; i < n; i++) {
		snprintf(buf, sizeof(buf), "%s%02d:%02d-%02d:%02d",
		    i ? "," : "", s[i] / 60, s[i] % 60, e[i] / 60, e[i] % 60);
		sb_adds(b, buf);
	}
}

/* RULES in the configuration's grammar, checked and made canonical by the
 * configuration's own parser; NULL if it refuses them. */
static char *
format_rules(const struct hrule *r, int n)
{
	struct sb b = { NULL, 0, 0 };
	struct hours h;
	char err[256], out[512];
	int i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			sb_adds(&b, "; ");
		format_mask(r[i].mask, &b);
		sb_addc(&b, ' ');
		format_ranges(r[i].start, r[i].end, r[i].n, &b);
	}
	if (b.s == NULL || hours_parse(b.s, &h, err, sizeof(err)) == -1) {
		free(b.s);
		return NULL;
	}
	hours_format(&h, out, sizeof(out));
	hours_free(&h);
	free(b.s);
	return xstrdup(out);
}

/* ---- time zones ---------------------------------------------------- */

enum tzkind {
	TZK_IANA = 1,
	TZK_CITY,
	TZK_ABBR,
	TZK_OFFSET,
	TZK_COUNTRY
};

struct tzm {
	enum tzkind		 kind;
	char			 zone[64];
	char			 abbr[8];	/* as tzdata spells it */
	char			 written[40];	/* as the document does */
	int			 off;		/* seconds east of UTC */
	const struct country	*country;
	size_t			 li;
	unsigned		 teams;
};

static const char *const tz_line_words[] = {
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
static void
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
		if (k < NELEM(zone_regions)) {
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

static int
zone_uses(struct ctx *c, const char *zone, const char *abbr)
{
	const struct tz *z = zone_get(c, zone);

	return z != NULL && (strcmp(tz_abbr(z, REF_JAN), abbr) == 0 ||
	    strcmp(tz_abbr(z, REF_JUL), abbr) == 0);
}

static int
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
static size_t
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

/* Chooses TEAM's zone from the mentions M that concern it: an IANA name
 * over a city over an abbreviation over an offset over a country. */
static void
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
			size_t nk = zones_split(k->zones, &kz, 0);

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
			uncertain = nm > 1;
			if (nm == 1)
				fact_remark(&t->timezone, 0, "\"%s\" as written, "
				    "in %s (the address)", abbr_set, cn);
			else {
				list_candidates(&r, match, nm, 1);
				fact_remark(&t->timezone, uncertain, "\"%s\" as "
				    "written: several zones of %s use it; "
				    "also: %s", abbr_set, cn, r.s);
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
			    k != NULL ? " (the address) uses it" : "",
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
			size_t nk = zones_split(k->zones, &kz, 0);

			for (j = 0; j < nk; j++)
				if (zone_has_offset(c, kz[j], best->off))
					nm = zones_split(kz[j], &match, nm);
			free_list(kz, nk);
		}
		if (nm > 0) {
			fact_set(c, &t->timezone, match[0], (long)best->li,
			    best->written);
			list_candidates(&r, match, nm, 1);
			fact_remark(&t->timezone, nm > 1, "\"%s\" as written, "
			    "in %s (the address)%s%s", best->written, cn,
			    nm > 1 ? "; also: " : "", nm > 1 ? r.s : "");
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
		for (i = 0; i < NELEM(countries); i++) {
			char **kz = NULL;
			size_t nk = zones_split(countries[i].zones, &kz, 0);

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
		fact_remark(&t->timezone, nc > 1, "\"%s\" as written: an "
		    "offset, not a zone%s%s", best->written,
		    nc > 1 ? "; also: " : "", nc > 1 ? r.s : "");
		for (i = 0; i < nc; i++)
			zone_add(t, cand[i]);
		break;
	case TZK_COUNTRY:
		nc = zones_split(best->country->zones, &cand, 0);
		country_name(best->country, cn, sizeof(cn));
		fact_set(c, &t->timezone, cand[0], (long)best->li, cn);
		list_candidates(&r, cand, nc, 1);
		fact_remark(&t->timezone, nc > 1, "the time of %s%s%s", cn,
		    nc > 1 ? "; also: " : "", nc > 1 ? r.s : "");
		for (i = 0; i < nc; i++)
			zone_add(t, cand[i]);
		break;
	}
	free(r.s);
	free(abbr_set);
	free_list(cand, nc);
	free_list(match, nm);
}

/* ---- hours and zones per team -------------------------------------- */

#define MAXTOK	64

static int
is_tz_line(const struct line *l)
{
	return l->kind == K_TZ || l->lkind == K_TZ ||
	    has_any(l->low, tz_line_words, NELEM(tz_line_words));
}

static void
describe_stmt(const struct hstmt *h, struct sb *b)
{
	char *v;

	if (h->nrules > 0 && (v = format_rules(h->rule, h->nrules)) != NULL) {
		sb_adds(b, v);
		free(v);
	} else if (h->always)
		sb_adds(b, "24/7");
}

static int
stmt_applies(const struct ctx *c, const struct hstmt *h, size_t k)
{
	return c->doc->nteams == 1 || h->teams == 0 || (h->teams & (1u << k));
}

/* Line LI for a remark: line 12: "...". */
static char *
line_ref(struct ctx *c, size_t li)
{
	struct rfc2350_src s = { 0, NULL };
	char *r;

	src_set(c, &s, li, NULL);
	r = xprintf("line %d: \"%s\"", s.line, s.quote);
	free(s.quote);
	return r;
}

/* The doubts and cuts of statement H, added to the remark of F; only
 * that of the season for times without days ("In summer: 08:00-14:00"). */
static void
stmt_remarks(struct ctx *c, struct rfc2350_fact *f, const struct hstmt *h)
{
	struct sb b = { NULL, 0, 0 };
	char *q;

	if (h->nrules == 0 && !h->always)
		goto season;
	format_ranges(h->cstart, h->cend, h->nclosed, &b);
	if (h->cut && !h->cut_doubt)
		fact_remark_add(f, 0, "the break %s that line %d gives is "
		    "taken out", b.s, c->l[h->li].no);
	else if (h->cut)
		fact_remark_add(f, 1, "the break %s taken out of every set of "
		    "days it fits (line %d): check that it applies to each",
		    b.s, c->l[h->li].no);
	else if (h->cut_doubt)
		fact_remark_add(f, 1, "the document also gives a break (%s, "
		    "line %d) that fits none of these hours; not taken out",
		    b.s, c->l[h->li].no);
	free(b.s);
	if (h->twice)
		fact_remark_add(f, 1, "line %d gives some day two sets of hours, "
		    "both kept: check which apply", c->l[h->li].no);
	if (h->span_doubt)
		fact_remark_add(f, 1, "line %d is read as one stretch of time "
		    "from one day to another, not as the same hours on each "
		    "day between: check which is meant", c->l[h->li].no);
season:
	if (h->seasonal && c->l[h->li].no == f->src.line)
		fact_remark_add(f, 1, "the hours change with the season or "
		    "the month: these are the first period's; check which "
		    "to use");
	else if (h->seasonal) {
		q = line_ref(c, h->li);
		fact_remark_add(f, 1, "the hours change with the season or "
		    "the month (%s): check which to use", q);
		free(q);
	}
}

/* Chooses TEAM K's hours among the statements ST; USED gets those the
 * value was made of (room for NS), and the count is returned. */
static size_t
team_hours(struct ctx *c, size_t k, const struct hstmt *st, size_t ns,
    const struct hstmt **used)
{
	struct rfc2350_team *t = &c->doc->teams[k];
	struct hrule rules[MAXRULES];
	const struct hstmt *first = NULL, *also = NULL;
	struct sb other = { NULL, 0, 0 };
	size_t i, nused = 0;
	int nr = 0, r, emergency, overlap;
	uint8_t seen = 0;
	char *v, *q;

	for (emergency = 0; emergency <= 1 && first == NULL; emergency++) {
		/* Weekly hours before any 24/7: beside them, a 24/7 is as
		 * often said of something else (the monitoring, a partner,
		 * a hotline) as of the team, and a team whose document
		 * gives weekly hours is never made 24/7 silently. */
		for (i = 0; i < ns; i++) {
			const struct hstmt *h = &st[i];

			if (!stmt_applies(c, h, k) ||
			    h->emergency != emergency || h->nrules == 0)
				continue;
			if (h->always && also == NULL)
				also = h;
			if (first == NULL)
				first = h;
			for (r = 0, overlap = 0; r < h->nrules; r++)
				if (seen & h->rule[r].mask)
					overlap = 1;
			if (overlap) {
				if (other.n > 0)
					sb_adds(&other, "; ");
				describe_stmt(h, &other);
				continue;
			}
			for (r = 0; r < h->nrules && nr < MAXRULES; r++) {
				seen |= h->rule[r].mask;
				rules[nr++] = h->rule[r];
			}
			used[nused++] = h;
		}
		for (i = 0; i < ns; i++) {
			const struct hstmt *h = &st[i];

			if (!stmt_applies(c, h, k) ||
			    h->emergency != emergency || !h->always ||
			    h->nrules > 0)
				continue;
			if (first == NULL) {
				first = h;
				used[nused++] = h;
			} else if (first->nrules > 0 && also == NULL)
				also = h;
		}
	}
	emergency--;
	if (first == NULL) {
		for (i = 0; i < ns; i++) {
			if (!stmt_applies(c, &st[i], k))
				continue;
			if (st[i].nranges > 0) {
				struct sb b = { NULL, 0, 0 };

				format_ranges(st[i].start, st[i].end,
				    st[i].nranges, &b);
				note_add(c, t, (long)st[i].li, NULL, "The "
				    "document gives times (%s) without the "
				    "days they apply to.", b.s);
				free(b.s);
			} else if (st[i].days_only != 0) {
				struct sb b = { NULL, 0, 0 };

				format_mask(st[i].days_only, &b);
				note_add(c, t, (long)st[i].li, NULL, "The "
				    "document gives days (%s) without times.",
				    b.s);
				free(b.s);
			}
		}
		free(other.s);
		return 0;
	}
	if (first->nrules == 0)
		v = xstrdup("24/7");
	else if ((v = format_rules(rules, nr)) == NULL) {
		free(other.s);
		return 0;
	}
	fact_set(c, &t->hours, v, (long)first->li, NULL);
	free(v);
	if (first->li2 != first->li) {
		/* Read from two lines: quote both. */
		const char *w = c->l[first->li2].orig;

		while (isspace((unsigned char)*w))
			w++;
		q = t->hours.src.quote;
		t->hours.src.quote = xprintf("%s / %s", q, w);
		free(q);
	}
	if (nused > 1 && other.n == 0)
		fact_remark_add(&t->hours, 0, "combined from %zu lines of the "
		    "document", nused);
	if (other.n > 0)
		fact_remark_add(&t->hours, 1, "the document also states: %s",
		    other.s);
	if (also != NULL && also->li == first->li)
		fact_remark_add(&t->hours, 1, "the same line also says 24/7; "
		    "the weekly hours it gives are used");
	else if (also != NULL) {
		q = line_ref(c, also->li);
		fact_remark_add(&t->hours, 1, "the document also says 24/7 "
		    "(%s); the weekly hours it gives are used", q);
		free(q);
	}
	if (emergency)
		fact_remark_add(&t->hours, 1, "stated for emergencies only; "
		    "the document gives no other hours");
	for (i = 0; i < ns; i++)
		if (stmt_applies(c, &st[i], k) &&
		    st[i].emergency == emergency && (st[i].nrules > 0 ||
		    st[i].always || st[i].nranges > 0))
			stmt_remarks(c, &t->hours, &st[i]);
	/* Times whose days were not understood, on a line the hours were
	 * not read from, may belong to them: never dropped silently. */
	for (i = 0; i < ns; i++) {
		const struct hstmt *h = &st[i];
		struct sb b = { NULL, 0, 0 };
		size_t u;

		if (!stmt_applies(c, h, k) || h->emergency != emergency ||
		    h->nrules > 0 || h->always || h->nranges == 0)
			continue;
		for (u = 0; u < nused; u++)
			if (h->li == used[u]->li || h->li == used[u]->li2)
				break;
		if (u < nused)
			continue;
		format_ranges(h->start, h->end, h->nranges, &b);
		q = line_ref(c, h->li);
		fact_remark_add(&t->hours, 1, "the document also gives times "
		    "(%s) without the days they apply to (%s): check whether "
		    "they belong here", b.s, q);
		free(q);
		free(b.s);
	}
	if (!emergency)
		for (i = 0; i < ns; i++)
			if (stmt_applies(c, &st[i], k) && st[i].emergency &&
			    (st[i].always || st[i].nrules > 0)) {
				struct sb b = { NULL, 0, 0 };

				describe_stmt(&st[i], &b);
				note_add(c, t, (long)st[i].li, NULL, "The "
				    "document also gives hours for emergencies "
				    "(%s). If a channel is staffed around the "
				    "clock, give the team those hours and the "
				    "other channels their own \"hours\".",
				    b.s != NULL ? b.s : "?");
				free(b.s);
			}
	free(other.s);
	return nused;
}

/* Words that tie hours to a season or to months, folded. "May" and the
 * French "mar" (Tuesday) are left out, being other words too. */
static const char *const season_words[] = {
	"summer", "winter", "spring", "autumn", "ete", "hiver", "printemps",
	"automne", "sommer", "fruhling", "herbst", "verano", "invierno",
	"estate", "inverno", "zomer", "academic year", "semester",
	"term time", "school holidays", "vacances", "schulferien",
	"january", "february", "march", "april", "june", "july", "august",
	"september", "october", "november", "december", "janvier", "fevrier",
	"mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
	"octobre", "novembre", "decembre", "januar", "februar", "marz",
	"juni", "juli", "oktober", "dezember", "enero", "febrero", "marzo",
	"abril", "junio", "julio", "agosto", "septiembre", "octubre",
	"noviembre", "diciembre", "jan", "feb", "apr", "jun", "jul", "aug",
	"sep", "sept", "oct", "nov", "dec"
};

/* Where folded line LOW first names a season or a month, or -1. "Summer
 * time" is daylight saving time, not a season's hours. */
static long
season_at(const char *low)
{
	const char *p, *best = NULL;
	size_t k, n;

	for (k = 0; k < NELEM(season_words); k++) {
		n = strlen(season_words[k]);
		for (p = find_word(low, season_words[k]); p != NULL;
		    p = find_word(p + 1, season_words[k])) {
			if (starts_with(p + n, " time") ||
			    starts_with(p + n, "time"))
				continue;
			if (best == NULL || p < best)
				best = p;
			break;
		}
	}
	return best != NULL ? (long)(best - low) : -1;
}

/* What zone mention M says fits ZONE. */
static int
zone_fits(struct ctx *c, const char *zone, const struct tzm *m)
{
	switch (m->kind) {
	case TZK_IANA:
	case TZK_CITY:
		return strcmp(zone, m->zone) == 0;
	case TZK_ABBR:
		return zone_uses(c, zone, m->abbr);
	case TZK_OFFSET:
		return zone_has_offset(c, zone, m->off);
	case TZK_COUNTRY:
		break;
	}
	return 1;
}

/* Hours written in another zone than the team's ("Mon-Fri 07:00-16:00
 * UTC" of a team in Europe/Berlin) are marked, not converted: a fixed
 * offset and a zone with summer time differ for half of the year. */
static void
hours_zone_check(struct ctx *c, struct rfc2350_team *t,
    const struct hstmt **used, size_t nused, const struct tzm *m, size_t n)
{
	size_t i, j;

	if (t->hours.value == NULL || t->timezone.value == NULL ||
	    strcmp(t->hours.value, "24/7") == 0)
		return;
	for (i = 0; i < nused; i++)
		for (j = 0; j < n; j++) {
			if ((m[j].li != used[i]->li &&
			    m[j].li != used[i]->li2) ||
			    zone_fits(c, t->timezone.value, &m[j]))
				continue;
			fact_remark_add(&t->hours, 1, "the hours are given in "
			    "%s (line %d), not in %s, the team's zone: convert "
			    "them, or make the team's zone match",
			    m[j].kind == TZK_IANA || m[j].kind == TZK_CITY ?
			    m[j].zone : m[j].written, c->l[m[j].li].no,
			    t->timezone.value);
			return;
		}
}

/* No zone stated: the zone of the country of the address when it has
 * one, marked; else the country's zones as candidates. A 24/7 team needs
 * none. */
static void
zone_from_country(struct ctx *c, struct rfc2350_team *t)
{
	char **z = NULL, cn[64];
	size_t nz, i;
	long li;

	if (c->country == NULL || t->timezone.value != NULL ||
	    (t->hours.value != NULL && strcmp(t->hours.value, "24/7") == 0))
		return;
	nz = zones_split(c->country->zones, &z, 0);
	for (i = 0; i < nz; i++)
		zone_add(t, z[i]);
	if (nz == 1 && zone_get(c, z[0]) != NULL) {
		country_name(c->country, cn, sizeof(cn));
		for (li = 0; li < (long)c->nl; li++)
			if (!c->l[li].heading && (c->l[li].kind == K_ADDRESS ||
			    c->l[li].lkind == K_ADDRESS) &&
			    country_in(c->l[li].low, NULL) == c->country)
				break;
		fact_set(c, &t->timezone, z[0], li < (long)c->nl ? li : -1,
		    cn);
		fact_remark(&t->timezone, 1, "the document states no time "
		    "zone; %s is the zone of %s, the country of the address",
		    z[0], cn);
	}
	free_list(z, nz);
}

/* Whether the sentence of line I goes on on the line right below it. */
static int
wraps(struct ctx *c, size_t i)
{
	const char *low = c->l[i].low;
	size_t len = strlen(low);

	while (len > 0 && low[len - 1] == ' ')
		len--;
	return len > 0 && strchr(".:;!?", low[len - 1]) == NULL &&
	    i + 1 < c->nl && !blank(&c->l[i + 1]) && !c->l[i + 1].heading;
}

/* Whether line L, or L and the start of the line after it when the
 * sentence goes on there, says the team is closed on public holidays. */
static int
holiday_closed(struct ctx *c, size_t i, size_t nt)
{
	static const char *const closing[] = {
		"except", "exclud", "closed", "sauf", "ausser", "not available",
		"unavailable", "geschlossen", "ferme"
	};
	const struct line *l = &c->l[i];
	char *joined;
	int hit;

	if (wraps(c, i))
		joined = xprintf("%s %.*s", l->low,
		    (int)strcspn(c->l[i + 1].low, ".;:,"), c->l[i + 1].low);
	else
		joined = xstrdup(l->low);
	hit = has_any(joined, holiday_words, NELEM(holiday_words)) &&
	    (nt > 0 || l->kind == K_HOURS || l->kind == K_TZ ||
	    has_any(joined, closing, NELEM(closing)));
	free(joined);
	return hit;
}

static void
find_hours_zones(struct ctx *c)
{
	struct rfc2350_doc *d = c->doc;
	struct hstmt *st = NULL, h2;
	const struct hstmt **used;
	struct tzm *tm = NULL, *mine;
	struct htok tok[2 * MAXTOK];
	size_t ns = 0, ntm = 0, i, k, nt, nt2, nx, nmine, nb, nused;
	size_t joined_next = (size_t)-1;
	long sp;
	int tzline, closed;

	for (i = 0; i < c->nl; i++) {
		const struct line *l = &c->l[i];
		struct hstmt h;

		if (l->kind == K_DOC || l->kind == K_MEMBERS || blank(l))
			continue;
		memset(&h, 0, sizeof(h));
		h.li = h.li2 = i;
		h.teams = l->teams;
		h.emergency = has_any(l->low, emergency_words,
		    NELEM(emergency_words));
		nt = hour_tokens(l->low, tok, MAXTOK);
		tzline = is_tz_line(l);
		/* Hours by season or month: those of the first period, when
		 * the line gives some before it names another. */
		if ((sp = season_at(l->low)) >= 0) {
			for (nb = 0; nb < nt && tok[nb].pos < (size_t)sp; nb++)
				;
			h2 = h;
			if (nb > 0 && nb < nt && hour_statement(tok, nb, &h2) &&
			    (h2.always || h2.nrules > 0))
				nt = nb;
		}
		if (i == joined_next) {
			/* Read with the line above. */
		} else if (nt > 0 && hour_statement(tok, nt, &h)) {
			if (h.days_only != 0) {
				/* Days on one line, their times on the
				 * next. */
				nx = i + 1;
				while (nx < c->nl && blank(&c->l[nx]))
					nx++;
				if (nx < c->nl && !c->l[nx].heading &&
				    (nt2 = hour_tokens(c->l[nx].low, tok + nt,
				    MAXTOK)) > 0 && tok[nt].type == T_RANGE) {
					memset(&h, 0, sizeof(h));
					h.li = i;
					h.li2 = nx;
					h.teams = l->teams;
					h.emergency = has_any(l->low,
					    emergency_words,
					    NELEM(emergency_words));
					hour_statement(tok, nt + nt2, &h);
					h.seasonal = season_at(c->l[nx].low) >= 0;
					tz_mentions(c, nx, tzline, &tm, &ntm);
				}
			} else if (h.nrules == 0 && !h.always &&
			    h.nranges > 0 && wraps(c, i) &&
			    hour_tokens(c->l[i + 1].low, tok + nt,
			    MAXTOK) > 0) {
				/* Times whose days come on the next line: "We
				 * work 08:30-12:00 and" / "13:30-17:30 from
				 * Monday to Friday". Read together, and the
				 * next line not again on its own. */
				char *joined = xprintf("%s %s", l->low,
				    c->l[i + 1].low);
				struct hstmt h3;

				memset(&h3, 0, sizeof(h3));
				h3.li = i;
				h3.li2 = i + 1;
				h3.teams = l->teams;
				h3.emergency = has_any(joined, emergency_words,
				    NELEM(emergency_words));
				nt2 = hour_tokens(joined, tok, 2 * MAXTOK);
				if (hour_statement(tok, nt2, &h3) &&
				    h3.nrules > 0 && !h3.always) {
					h3.seasonal = season_at(joined) >= 0;
					h = h3;
					joined_next = i + 1;
					tz_mentions(c, i + 1, tzline, &tm,
					    &ntm);
				}
				free(joined);
			} else if (h.nrules > 0 && wraps(c, i) &&
			    (nt2 = hour_tokens(c->l[i + 1].low, tok + nt,
			    MAXTOK)) > 0 && tok[nt].type == T_RANGE &&
			    tok[nt].pos < 4) {
				/* The sentence goes on with times on the
				 * next line: "Mon-Fri 08:00-17:00 (closed" /
				 * "12:00-13:00 for lunch)". */
				char *joined = xprintf("%s %s", l->low,
				    c->l[i + 1].low);

				nt = hour_tokens(joined, tok, 2 * MAXTOK);
				memset(&h, 0, sizeof(h));
				h.li = i;
				h.li2 = i + 1;
				h.teams = l->teams;
				h.emergency = has_any(joined, emergency_words,
				    NELEM(emergency_words));
				hour_statement(tok, nt, &h);
				h.seasonal = season_at(joined) >= 0;
				free(joined);
				tz_mentions(c, i + 1, tzline, &tm, &ntm);
			}
			h.seasonal |= sp >= 0;
			st = xreallocarray(st, ns + 1, sizeof(*st));
			st[ns++] = h;
			tz_mentions(c, i, tzline, &tm, &ntm);
		} else if (tzline && !l->heading)
			tz_mentions(c, i, 1, &tm, &ntm);
		closed = holiday_closed(c, i, nt);
		for (k = 0; closed && k < d->nteams; k++)
			if (d->nteams == 1 || l->teams == 0 ||
			    (l->teams & (1u << k)))
				note_add(c, &d->teams[k], (long)i, "holiday",
				    "The document says the team does not "
				    "work on public holidays: add a "
				    "\"closures\" calendar (see calendars/).");
	}
	used = xcalloc(ns + 1, sizeof(*used));
	for (k = 0; k < d->nteams; k++) {
		nused = team_hours(c, k, st, ns, used);
		mine = xcalloc(ntm + 1, sizeof(*mine));
		nmine = 0;
		/* A zone said of this team wins over one said of all. */
		for (i = 0; i < ntm; i++)
			if (d->nteams > 1 && (tm[i].teams & (1u << k)))
				mine[nmine++] = tm[i];
		for (i = 0; i < ntm && nmine == 0; i++)
			if (d->nteams == 1 || tm[i].teams == 0)
				mine[nmine++] = tm[i];
		resolve_zone(c, &d->teams[k], mine, nmine);
		if (nmine == 0)
			zone_from_country(c, &d->teams[k]);
		hours_zone_check(c, &d->teams[k], used, nused, tm, ntm);
		free(mine);
	}
	free(used);
	free(st);
	free(tm);
}

/* ---- subject prefix, address, notes -------------------------------- */

static const char *const subject_words[] = {
	"subject", "objet", "betreff", "asunto", "oggetto", "assunto",
	"onderwerp"
};
static const char *const urgent_tokens[] = {
	"URGENT", "EMERGENCY", "CRITICAL", "URGENCE", "DRINGEND", "NOTFALL",
	"URGENTE", "ALERT", "INCIDENT"
};

/* A bracketed or quoted tag on a line about the subject of an e-mail:
 * "[URGENT]", "'EMERGENCY'". */
static char *
subject_tag(const char *s)
{
	const char *p, *e;
	char *v;
	size_t len;

	for (p = s; (p = strpbrk(p, "[\"'")) != NULL; p++) {
		char close = *p == '[' ? ']' : *p;

		if ((e = strchr(p + 1, close)) == NULL)
			continue;
		len = (size_t)(e - p - 1);
		if (len == 0 || len > 40 || memchr(p + 1, '@', len) != NULL ||
		    !isupper((unsigned char)p[1]) || memchr(p + 1, ' ', len) !=
		    NULL) {
			continue;
		}
		if (close == ']')
			v = strndup_trim(p, len + 2);
		else
			v = strndup_trim(p + 1, len);
		return v;
	}
	return NULL;
}

static void
find_prefix(struct ctx *c)
{
	struct rfc2350_doc *d = c->doc;
	char *deob, *tag;
	size_t i, k, q;
	int urgent;

	for (i = 0; i < c->nl; i++) {
		const struct line *l = &c->l[i];

		if (l->kind == K_DOC || l->kind == K_MEMBERS ||
		    !any_word(l->low, subject_words, NELEM(subject_words),
		    NULL))
			continue;
		deob = deobfuscate(l->text);
		tag = subject_tag(deob);
		free(deob);
		if (tag == NULL)
			continue;
		urgent = has_any(l->low, emergency_words,
		    NELEM(emergency_words));
		for (q = 0; q < NELEM(urgent_tokens); q++)
			if (strstr(tag, urgent_tokens[q]) != NULL)
				urgent = 1;
		for (k = 0; k < d->nteams; k++) {
			struct rfc2350_team *t = &d->teams[k];

			if (d->nteams > 1 && !(l->teams & (1u << k)))
				continue;
			if (!urgent)
				note_add(c, t, (long)i, tag, "The document "
				    "asks for %s in the subject of reports "
				    "(not said to be for emergencies).", tag);
			else if (t->urgent_prefix.value == NULL)
				fact_set(c, &t->urgent_prefix, tag, (long)i,
				    tag);
			else if (strcmp(t->urgent_prefix.value, tag) != 0)
				fact_remark(&t->urgent_prefix, 1, "the "
				    "document also gives %s", tag);
		}
		free(tag);
	}
}

static const char *const postal_labels[] = {
	"address", "adresse", "postal address", "anschrift", "postanschrift",
	"mailing address", "adresse postale", "direccion", "indirizzo"
};

static void
find_address(struct ctx *c)
{
	struct sb b = { NULL, 0, 0 };
	size_t i, k, n = 0;
	long first = -1;
	char *v;

	for (i = 0; i < c->nl && n < 8; i++) {
		const struct line *l = &c->l[i];
		/* "Address: ..." outside an address section: that line. */
		int alone = l->kind != K_ADDRESS && l->lkind == K_ADDRESS &&
		    first < 0;

		if ((l->kind != K_ADDRESS && !alone) || l->heading || blank(l))
			continue;
		if (first >= 0 && c->l[first].sect != l->sect)
			break;
		if (l->lkind != K_NONE && l->lkind != K_ADDRESS)
			break;
		v = l->lkind == K_ADDRESS ? label_value(l, postal_labels,
		    NELEM(postal_labels)) : NULL;
		if (v == NULL && alone)
			continue;
		if (v == NULL)
			v = clean_value(strndup_trim(l->text, strlen(l->text)));
		if (*v == '\0' || strchr(v, '@') != NULL) {
			free(v);
			continue;
		}
		/* "CERT - PO 63": keep the dash; join lines with commas. */
		if (b.n > 0)
			sb_adds(&b, ", ");
		sb_adds(&b, v);
		free(v);
		if (first < 0)
			first = (long)i;
		n++;
		if (alone)
			break;
	}
	if (b.s == NULL)
		return;
	for (k = 0; k < c->doc->nteams; k++) {
		fact_set(c, &c->doc->teams[k].address, b.s, first, NULL);
		if (n > 1)
			fact_remark(&c->doc->teams[k].address, 0, "%zu lines "
			    "joined", n);
	}
	free(b.s);
}

/* The sentence of TEXT around P. */
static char *
sentence(const char *text, const char *p)
{
	const char *a = p, *e;

	while (a > text && !(a[-1] == ' ' && a - 1 > text &&
	    (a[-2] == '.' || a[-2] == ':' || a[-2] == ';')))
		a--;
	for (e = p; *e != '\0' && !(e[0] == '.' && (e[1] == ' ' ||
	    e[1] == '\0')); e++)
		;
	if (*e == '.')
		e++;
	return strndup_trim(a, (size_t)(e - a));
}

/* Emergency instructions: what to do outside hours, how to mark an urgent
 * report. Quoted, not interpreted. */
static void
find_emergency(struct ctx *c)
{
	static const char *const words[] = {
		"emergenc", "urgen", "outside", "notfall", "crisis", "crise"
	};
	struct rfc2350_doc *d = c->doc;
	const char *p;
	char *s;
	size_t i, k, w;

	for (i = 0; i < c->nl; i++) {
		const struct line *l = &c->l[i];

		if (l->heading || (l->kind != K_CONTACT && l->kind != K_FORMS &&
		    l->kind != K_EMAIL && l->kind != K_PHONE &&
		    l->kind != K_HOURS && l->kind != K_TZ &&
		    l->kind != K_OTHERTEL))
			continue;
		for (w = 0, p = NULL; w < NELEM(words) && p == NULL; w++)
			p = strstr(l->low, words[w]);
		if (p == NULL)
			continue;
		s = sentence(l->text, l->text + l->map[p - l->low]);
		for (k = 0; k < d->nteams; k++)
			if (d->nteams == 1 || (l->teams & (1u << k)))
				note_add(c, &d->teams[k], (long)i, s,
				    "Emergency instructions: \"%s\"", s);
		free(s);
	}
}

/* Says what the document leaves out, for the JSON reader. */
static void
find_missing(struct ctx *c)
{
	size_t k;

	for (k = 0; k < c->doc->nteams; k++) {
		struct rfc2350_team *t = &c->doc->teams[k];

		if (t->hours.value == NULL)
			note_add(c, t, -1, NULL, "The document states no "
			    "operating hours.");
		if (t->timezone.value == NULL && (t->hours.value == NULL ||
		    strcmp(t->hours.value, "24/7") != 0))
			note_add(c, t, -1, NULL, "The document states no time "
			    "zone.");
		if (t->nemails == 0 && t->nphones == 0)
			note_add(c, t, -1, NULL, "The document gives no e-mail "
			    "address or telephone number of the team.");
		else if (t->nphones == 0)
			note_add(c, t, -1, NULL, "The document gives no "
			    "telephone number of the team.");
		if (t->address.value == NULL)
			note_add(c, t, -1, NULL, "The document gives no postal "
			    "address.");
		if (t->nkeys == 0)
			note_add(c, t, -1, NULL, "The document gives no PGP key "
			    "of the team.");
		if (t->urgent_prefix.value == NULL)
			note_add(c, t, -1, NULL, "The document gives no subject "
			    "prefix for urgent reports.");
	}
}

/* ---- the document -------------------------------------------------- */

void
rfc2350_parse(const char *text, size_t len, struct rfc2350_doc *doc)
{
	struct ctx c;
	char *utf8;
	size_t i;

	memset(doc, 0, sizeof(*doc));
	memset(&c, 0, sizeof(c));
	c.doc = doc;
	utf8 = to_utf8(text, len);
	split_lines(&c, utf8);
	free(utf8);
	drop_furniture(&c);
	sections(&c);
	detect_country(&c);
	find_teams(&c);
	complete_names(&c);
	attribute(&c);
	find_members(&c);
	find_emails(&c);
	find_phones(&c);
	find_keys(&c);
	find_hours_zones(&c);
	find_prefix(&c);
	find_address(&c);
	find_emergency(&c);
	find_missing(&c);

	for (i = 0; i < c.nl; i++) {
		free(c.l[i].orig);
		free(c.l[i].text);
		free(c.l[i].low);
		free(c.l[i].map);
	}
	free(c.l);
	for (i = 0; i < MAXTEAMS; i++)
		free_list(c.tok_mail[i], c.ntok_mail[i]);
	for (i = 0; i < c.nzone; i++) {
		free(c.zname[i]);
		if (c.zone[i] != NULL)
			tz_free(c.zone[i]);
	}
	free(c.zname);
	free(c.zone);
}

size_t
rfc2350_found(const struct rfc2350_team *t)
{
	return (t->name.value != NULL) + (t->short_name.value != NULL) +
	    t->nemails + t->nphones + t->nkeys + (t->hours.value != NULL) +
	    (t->timezone.value != NULL);
}

static void
fact_free(struct rfc2350_fact *f)
{
	free(f->value);
	free(f->src.quote);
	free(f->remark);
}

void
rfc2350_free(struct rfc2350_doc *doc)
{
	size_t i, j;

	for (i = 0; i < doc->nteams; i++) {
		struct rfc2350_team *t = &doc->teams[i];

		fact_free(&t->name);
		fact_free(&t->short_name);
		fact_free(&t->address);
		fact_free(&t->timezone);
		fact_free(&t->hours);
		fact_free(&t->urgent_prefix);
		free_list(t->zones, t->nzones);
		for (j = 0; j < t->nemails; j++) {
			free(t->emails[j].address);
			free(t->emails[j].src.quote);
		}
		free(t->emails);
		for (j = 0; j < t->nphones; j++) {
			free(t->phones[j].written);
			free(t->phones[j].e164);
			free(t->phones[j].country);
			free(t->phones[j].note);
			free(t->phones[j].src.quote);
		}
		free(t->phones);
		for (j = 0; j < t->nkeys; j++) {
			free(t->keys[j].uid);
			free(t->keys[j].id_src.quote);
			free(t->keys[j].fpr_src.quote);
		}
		free(t->keys);
		for (j = 0; j < t->nnotes; j++) {
			free(t->notes[j].text);
			free(t->notes[j].src.quote);
		}
		free(t->notes);
	}
	free(doc->teams);
	for (i = 0; i < doc->nmembers; i++) {
		free(doc->members[i].name);
		free(doc->members[i].email);
	}
	free(doc->members);
	memset(doc, 0, sizeof(*doc));
}
