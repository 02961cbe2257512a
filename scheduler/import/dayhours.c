/* dayhours.c - reading operating hours out of one line of prose in
 * several languages: days, spans, times, breaks, "24/7" phrasings, into
 * rules of the hours grammar of oncalld.conf(5).
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "hours.h"
#include "xmalloc.h"

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
	{ "sexta-feira", 4, 0 }, { "segunda", 0, 1 }, { "terca", 1, 1 },
	{ "quarta", 2, 1 }, { "quinta", 3, 1 }, { "sexta", 4, 1 },
	{ "seg", 0, 1 }, { "sex", 4, 1 },
	{ "senin", 0, 0 }, { "selasa", 1, 0 }, { "rabu", 2, 0 },
	{ "kamis", 3, 0 }, { "jumat", 4, 0 }, { "jum'at", 4, 0 },
	{ "sabtu", 5, 0 }, { "minggu", 6, 0 }, { "ahad", 6, 0 }
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
	{ "dias uteis", 0x1f }, { "hari kerja", 0x1f },
	{ "jours de semaine", 0x1f }, { "arbeitstage", 0x1f },
	{ "weekends", 0x60 }, { "weekend", 0x60 }, { "week-ends", 0x60 },
	{ "week-end", 0x60 }, { "wochenende", 0x60 },
	{ "every day", 0x7f }, { "everyday", 0x7f }, { "daily", 0x7f },
	{ "7 days a week", 0x7f }, { "seven days a week", 0x7f },
	{ "7 days per week", 0x7f }, { "7 days/week", 0x7f },
	{ "7/7", 0x7f }, { "7j/7", 0x7f }, { "tous les jours", 0x7f },
	{ "taglich", 0x7f }, { "todos los dias", 0x7f },
	{ "tutti i giorni", 0x7f }, { "dagelijks", 0x7f },
	{ "365 days", 0x7f }, { "todos os dias", 0x7f },
	{ "setiap hari kerja", 0x1f }, { "setiap hari", 0x7f },
	{ "7 hari seminggu", 0x7f },
	{ "7 hari dalam seminggu", 0x7f }, { "7 dias por semana", 0x7f },
	{ "7 dias na semana", 0x7f }, { "7 tage die woche", 0x7f },
	{ "7 tage pro woche", 0x7f }, { "7 jours sur 7", 0x7f }
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
	"24 uur per dag", "24 jam"
};
/* ---- operating hours ----------------------------------------------- */






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
	"al", "t/m", "tot", "sampai dengan", "sampai", "hingga", "s.d.",
	"s.d", "s/d", "/"
};
static const char *const range_conn[] = {
	"-", "to", "till", "til", "until", "through", "thru", "a", "bis",
	"al", "alle", "tot", "~", "as", "sampai dengan", "sampai", "hingga",
	"s.d.", "s.d", "s/d", "and", "et", "und", "y"
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
	    has_any(g, holiday_words, nholiday_words)))
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
size_t
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
int
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

void
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

void
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
char *
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
