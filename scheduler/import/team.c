/* team.c - which teams a document describes (their names, short names
 * and declared addresses) and which team each line speaks of.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "xmalloc.h"

/* ---- team names ---------------------------------------------------- */

static const char *const short_labels[] = {
	"short team name", "short name of the team", "short name",
	"shortname", "team acronym", "acronym", "abbreviated name",
	"abbreviation", "nom abrege", "nom court", "acronyme", "sigle",
	"kurzname", "kurzbezeichnung", "abkurzung", "nombre corto",
	"acronimo", "sigla", "afkorting", "korte naam", "disingkat",
	"singkatan", "nama singkat", "nama pendek", "nome abreviado",
	"nombre abreviado"
};
static const char *const name_labels[] = {
	"full team name", "team name", "name of the team",
	"full name of the team", "official team name",
	"registered team name", "nom de l'equipe", "nom complet",
	"name des teams", "teamname", "vollstandiger name",
	"vollstandiger teamname", "nombre del equipo", "nome del team",
	"nome da equipe", "naam van het team", "nama tim", "nama lengkap",
	"nome da equipa", "nombre completo"
};
/* Too common to trust outside the "Name of the team" section. */
static const char *const weak_name_labels[] = {
	"full name", "official name", "registered name", "long name", "name",
	"nom", "nombre", "nome", "naam", "team", "equipe", "nama"
};
static const char *const mail_labels[] = {
	"e-mail", "email", "mail", "courriel", "surel"
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
	"nom abrege est", "kurzname ist", "abkurzung ist", "abgekurzt",
	"disingkat", "disingkat menjadi", "singkatan", "sigla e",
	"siglas son"
};

/* Strips quotes, emphasis and a closing full stop from a value. */
char *
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
char *
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

/* Splits "Full Name (ACR)", "ACR (Full Name)", "ACR - Full Name",
 * "ACR: Full Name" into NAME
 * and SHORTN when one side is an acronym; else SHORTN stays NULL. */
static void
split_name(const char *v, char **name, char **shortn)
{
	const char *open, *close, *dash;
	char *a = NULL, *b = NULL;
	size_t seplen = 3;

	*name = *shortn = NULL;
	open = strrchr(v, '(');
	close = strrchr(v, ')');
	if ((dash = strstr(v, " - ")) == NULL &&
	    (dash = strstr(v, ": ")) != NULL)
		seplen = 2;	/* "ACR: Full Name" */
	if (open != NULL && close != NULL && close > open && close[1] == '\0') {
		a = clean_value(strndup_trim(v, (size_t)(open - v)));
		b = clean_value(strndup_trim(open + 1,
		    (size_t)(close - open - 1)));
	} else if (dash != NULL) {
		a = clean_value(strndup_trim(v, (size_t)(dash - v)));
		b = clean_value(xstrdup(dash + seplen));
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
void
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
	/* A "Name of the team" section that declares no name in the forms
	 * above (a short name at most, "Disingkat: X"): its first line
	 * that is not such a declaration is the name. */
	for (j = 0; j < nd && d[j].name == NULL; j++)
		;
	for (i = 0; j == nd && i < c->nl; i++) {
		const struct line *l = &c->l[i];
		size_t k;

		if (l->kind != K_NAME || l->heading || blank(l))
			continue;
		for (k = 0; k < nd && d[k].li != i; k++)
			;
		if (k < nd)
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

void
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

int
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

void
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
