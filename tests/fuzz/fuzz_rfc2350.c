/* fuzz_rfc2350.c - the RFC 2350 reader behind oncall-import: any text is
 * read without a crash, a leak or undefined behaviour, and what it finds
 * has the shape oncall-import prints and oncalld accepts: hours in the
 * hours grammar, fingerprints of 40 upper-case hexadecimal digits, key ids
 * that match them unless flagged, e-mail addresses with one '@' and no
 * space, E.164 numbers of digits after a '+', and a source line for every
 * value. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fuzz.h"
#include "hours.h"
#include "import/rfc2350.h"

static void
broken(const char *what, const char *value)
{
	fprintf(stderr, "%s: \"%s\"\n", what, value != NULL ? value : "");
	abort();
}

static int
all_hex(const char *s, size_t n, int upper)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]) ||
		    (upper && islower((unsigned char)s[i])))
			return 0;
	return s[n] == '\0';
}

static void
check_fact(const char *what, const struct rfc2350_fact *f)
{
	if (f->value == NULL)
		return;
	if (f->value[0] == '\0')
		broken(what, "empty value");
	if (f->src.line <= 0 && f->src.quote != NULL)
		broken(what, f->value);
}

static void
check_team(const struct rfc2350_team *t)
{
	struct hours h;
	char err[256];
	const char *at, *s;
	size_t i, n;

	check_fact("name", &t->name);
	check_fact("short_name", &t->short_name);
	check_fact("address", &t->address);
	check_fact("timezone", &t->timezone);
	check_fact("hours", &t->hours);
	check_fact("urgent_subject_prefix", &t->urgent_prefix);
	if (t->hours.value != NULL) {
		if (hours_parse(t->hours.value, &h, err, sizeof(err)) == -1) {
			fprintf(stderr, "%s\n", err);
			broken("hours not in the grammar", t->hours.value);
		}
		hours_free(&h);
	}
	for (i = 0; i < t->nemails; i++) {
		s = t->emails[i].address;
		if ((at = strchr(s, '@')) == NULL || at == s ||
		    at[1] == '\0' || strchr(at + 1, '@') != NULL)
			broken("e-mail address", s);
		for (; *s != '\0'; s++)
			if (isspace((unsigned char)*s) || iscntrl((unsigned char)*s))
				broken("e-mail address", t->emails[i].address);
	}
	for (i = 0; i < t->nphones; i++) {
		s = t->phones[i].e164;
		if (s == NULL)
			continue;
		n = strlen(s);
		if (n < 2 || s[0] != '+' || strspn(s + 1, "0123456789") != n - 1)
			broken("E.164 number", s);
	}
	for (i = 0; i < t->nkeys; i++) {
		const struct rfc2350_key *k = &t->keys[i];

		if (k->fpr[0] != '\0' && !all_hex(k->fpr, 40, 1))
			broken("fingerprint", k->fpr);
		if (k->key_id[0] == '\0')
			continue;
		n = strlen(k->key_id);
		if (strncmp(k->key_id, "0x", 2) != 0 || (n != 10 && n != 18) ||
		    !all_hex(k->key_id + 2, n - 2, 0))
			broken("key id", k->key_id);
		/* A key id that is not the end of its fingerprint is said. */
		if (k->fpr[0] != '\0' && !k->mismatch &&
		    strcasecmp(k->fpr + 40 - (n - 2), k->key_id + 2) != 0)
			broken("key id not flagged as a mismatch", k->key_id);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rfc2350_doc doc;
	char *text;
	size_t i;

	/* oncall-import refuses a file with a NUL byte before reading it,
	 * and hands the reader a NUL-terminated copy. */
	if (memchr(data, '\0', size) != NULL)
		return 0;
	text = fuzz_cstr(data, size);
	memset(&doc, 0, sizeof(doc));
	rfc2350_parse(text, size, &doc);
	for (i = 0; i < doc.nteams; i++)
		check_team(&doc.teams[i]);
	rfc2350_free(&doc);
	free(text);
	return 0;
}
