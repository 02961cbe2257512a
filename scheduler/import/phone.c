/* phone.c - telephone numbers of the team, not its fax or members.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "xmalloc.h"

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

int
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

void
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
