/* email.c - e-mail addresses: de-obfuscated, ranked (the team's own
 * before forms and members), and the people a document lists.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "xmalloc.h"

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
char *
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

void
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

void
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

void
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
