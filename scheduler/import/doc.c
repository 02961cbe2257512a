/* doc.c - the document as a whole (rfc2350_parse): the finders in order,
 * then the urgent subject prefix, postal address and notes.
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
		    nemergency_words);
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
	detect_country_contacts(&c);
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
		fact_free(&t->holidays);
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
