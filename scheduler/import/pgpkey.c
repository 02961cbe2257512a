/* pgpkey.c - PGP key ids and fingerprints, matched to each other and
 * to the team (or member) they belong to.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "xmalloc.h"

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

void
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
