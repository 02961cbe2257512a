/* teamhours.c - each team's hours and zone from the statements of
 * every line: which team they speak of, emergencies, holidays, seasons, and
 * whether the hours fit the zone.
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

const char *const holiday_words[] = {
	"public holiday", "bank holiday", "national holiday",
	"official holiday", "statutory holiday", "holidays", "jours feries",
	"jour ferie", "feiertag", "festivos", "festivi", "feestdagen",
	"feriados", "feriado", "hari libur", "libur nasional",
	"tanggal merah", "dias festivos"
};

const char *const emergency_words[] = {
	"emergenc", "urgent", "on-call", "on call", "hotline", "outside",
	"critical", "astreinte", "urgence", "notfall", "bereitschaft",
	"urgencia"
};
/* ---- hours and zones per team -------------------------------------- */

/* Days that are not public holidays, in the words of the hours. */
static const char *const workday_words[] = {
	"working day", "workday", "business day", "jours ouvres",
	"jours ouvrables", "werktag", "arbeitstag", "dias laborables",
	"dias habiles", "dias uteis", "hari kerja", "giorni lavorativi",
	"werkdagen"
};

/* Proposes, for review, the public holidays of the document's country as
 * the closures of team T, for the reason WHY read on line LI. */
static void
holidays_of(struct ctx *c, struct rfc2350_team *t, size_t li,
    const char *why)
{
	char iso[3], cn[64];

	if (c->country == NULL || t->holidays.value != NULL)
		return;
	iso[0] = (char)tolower((unsigned char)c->country->iso[0]);
	iso[1] = (char)tolower((unsigned char)c->country->iso[1]);
	iso[2] = '\0';
	country_name(c->country, cn, sizeof(cn));
	fact_set(c, &t->holidays, iso, (long)li, NULL);
	fact_remark(&t->holidays, 1, "%s: the public holidays of %s (the "
	    "country of %s) are proposed as closures; check that the "
	    "team keeps those and no others", why, cn, c->country_src);
}

#define MAXTOK	64

static int
is_tz_line(const struct line *l)
{
	return l->kind == K_TZ || l->lkind == K_TZ ||
	    has_any(l->low, tz_line_words, ntz_line_words);
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
	nz = country_zones(c, c->country->iso, &z);
	for (i = 0; i < nz; i++)
		zone_add(t, z[i]);
	if (nz >= 1 && zone_get(c, z[0]) != NULL &&
	    !tzdata_rules_differ(c, z, nz)) {
		country_name(c->country, cn, sizeof(cn));
		for (li = 0; li < (long)c->nl; li++)
			if (!c->l[li].heading && (c->l[li].kind == K_ADDRESS ||
			    c->l[li].lkind == K_ADDRESS) &&
			    country_in(c->l[li].low, NULL) == c->country)
				break;
		fact_set(c, &t->timezone, z[0], li < (long)c->nl ? li : -1,
		    cn);
		fact_remark(&t->timezone, 1, "the document states no time "
		    "zone; %s is the zone of %s, the country of %s", z[0], cn,
		    c->country_src);
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

void
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
			    (l->teams & (1u << k))) {
				note_add(c, &d->teams[k], (long)i, "holiday",
				    "The document says the team does not "
				    "work on public holidays: add a "
				    "\"closures\" calendar (see calendars/).");
				holidays_of(c, &d->teams[k], i, "the document "
				    "says the team does not work on public "
				    "holidays");
			}
		for (k = 0; nt > 0 && !closed && k < d->nteams; k++)
			if ((d->nteams == 1 || l->teams == 0 ||
			    (l->teams & (1u << k))) && has_any(l->low,
			    workday_words, NELEM(workday_words)))
				holidays_of(c, &d->teams[k], i, "the document "
				    "says the team works on working days, "
				    "which public holidays are not");
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
		if (nmine == 0)
			for (i = 0; i < ntm; i++)
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

const size_t nholiday_words = NELEM(holiday_words);

const size_t nemergency_words = NELEM(emergency_words);
