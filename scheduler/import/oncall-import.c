/* oncall-import.c - turns a security team's RFC 2350 description into a
 * team entry for oncalld.conf, or into JSON lines, for an operator to
 * review (see oncall-import(1)).
 *
 * The reading is done by the reader in this folder (rfc2350.h); this file
 * only prints it.
 *
 * The printed entry is meant to be read by a person before it is used: every
 * value has the document line it came from above it, a reading that is not
 * the only one possible is marked UNCERTAIN, and a setting the document does
 * not give is printed commented out under an UNKNOWN mark, so that oncalld
 * refuses the entry until someone has decided.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf.h"
#include "readfile.h"
#include "rfc2350.h"
#include "xmalloc.h"

/* sysexits(3) */
#define EX_OK		0
#define EX_USAGE	64
#define EX_DATAERR	65
#define EX_NOINPUT	66

#define MAX_INPUT	(16 * 1024 * 1024)	/* no RFC 2350 text is near */
#define WRAP		80			/* columns of a comment */

static const char *progname = "oncall-import";
/* Where the package installs one public holiday calendar per country. */
static const char *holidays_dir = "/usr/share/oncalld/calendars/holidays";

static void
usage(FILE *fp)
{
	fprintf(fp,
"usage: oncall-import [--json] [--id ID]... [--holidays DIR] FILE...\n"
"\n"
"Reads RFC 2350 team descriptions (FILE: text, Markdown, HTML or PDF;\n"
"- for standard input) and\n"
"prints one entry of oncalld.conf's teams list per team described, each\n"
"value under the document line it came from. Review every UNCERTAIN and\n"
"UNKNOWN mark before using an entry.\n"
"\n"
"  -j, --json      print the facts as JSON lines, one object per team\n"
"  -i, --id ID     the id of the next team printed (repeat for several;\n"
"                  default: made from the team's short name)\n"
"  -H, --holidays DIR\n"
"                  the folder of the public holiday calendars proposed\n"
"                  as closures (default:\n"
"                  /usr/share/oncalld/calendars/holidays)\n"
"  -h, --help      this text\n");
}

static void
die(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));

static void
die(int status, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

/* The whole of FILE ("-": standard input), read like every input file
 * (readfile()); NULL with the reason in ERR on failure. */
static char *
slurp(const char *file, size_t *lenp, char *err, size_t errlen)
{
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (strcmp(file, "-") != 0)
		return readfile(file, MAX_INPUT, &buf, lenp, err, errlen) == 0 ?
		    buf : NULL;
	for (;;) {
		if (len + 65536 + 1 > cap) {
			cap = (len + 65536 + 1) * 2;
			buf = xreallocarray(buf, cap, 1);
		}
		n = fread(buf + len, 1, cap - len - 1, stdin);
		len += n;
		if (n == 0 || len > MAX_INPUT)
			break;
	}
	if (ferror(stdin) || len > MAX_INPUT) {
		snprintf(err, errlen, "%s", len > MAX_INPUT ? "larger than "
		    "16 MiB" : strerror(errno));
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	*lenp = len;
	return buf;
}

/* Why TEXT is not a document to read, or NULL: a NUL byte (binary data,
 * or UTF-16 text), or more than one control character in ten. Without
 * this, the reader would find a "team" in the junk of any binary file. */
static const char *
not_text(const char *text, size_t len)
{
	size_t i, ctl = 0;

	if (memchr(text, '\0', len) != NULL)
		return "it holds NUL bytes (binary data, or UTF-16 text to "
		    "convert to UTF-8 first)";
	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)text[i];

		if ((ch < 0x20 && strchr("\t\n\r\f\v", ch) == NULL) ||
		    ch == 0x7f)
			ctl++;
	}
	if (ctl > len / 10)
		return "it is mostly control characters";
	return NULL;
}

/* The ids oncalld accepts: lower-case letters, digits, '-', '_', '.'. */
static int
valid_id(const char *s)
{
	size_t len = strlen(s);

	return len > 0 && len <= 64 &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-_.") == len;
}

static int
taken(char **ids, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(ids[i], id) == 0)
			return 1;
	return 0;
}

static char *
slug(const char *s)
{
	char *o = xmalloc(strlen(s) + 1);
	size_t n = 0;

	for (; *s != '\0' && n < 64; s++) {
		char ch = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;

		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		    ch == '.' || ch == '_')
			o[n++] = ch;
		else if (n > 0 && o[n - 1] != '-')
			o[n++] = '-';
	}
	while (n > 0 && o[n - 1] == '-')
		n--;
	o[n] = '\0';
	return o;
}

/* ---- configuration text -------------------------------------------- */

static void
indent(int depth)
{
	while (depth-- > 0)
		putchar('\t');
}

/* A comment, wrapped to WRAP columns at DEPTH tabs; continuation lines
 * are indented by two spaces. */
static void
comment(int depth, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
comment(int depth, const char *fmt, ...)
{
	va_list ap;
	char *s, *p;
	size_t width, len, cut, cols;
	int first = 1;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) == -1)
		abort();
	va_end(ap);
	width = WRAP > depth * 8 + 20 ? WRAP - (size_t)depth * 8 : 20;
	for (p = s; *p != '\0';) {
		len = strlen(p);
		cols = first ? width - 2 : width - 4;
		if (len <= cols)
			cut = len;
		else {
			for (cut = cols; cut > 0 && p[cut] != ' '; cut--)
				;
			if (cut == 0)
				for (cut = cols; p[cut] != '\0' &&
				    p[cut] != ' '; cut++)
					;
		}
		indent(depth);
		printf("#%s%.*s\n", first ? " " : "   ", (int)cut, p);
		p += cut;
		while (*p == ' ')
			p++;
		first = 0;
	}
	free(s);
}

static void
quote_comment(int depth, const struct rfc2350_src *src)
{
	if (src->line > 0 && src->quote != NULL)
		comment(depth, "line %d: \"%s\"", src->line, src->quote);
}

/* A libconfig string: quotes and backslashes escaped, controls blanked. */
static void
put_string(const char *s)
{
	putchar('"');
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			putchar('\\');
		putchar((unsigned char)*s < 0x20 ? ' ' : *s);
	}
	putchar('"');
}

static void
setting(int depth, const char *key, const char *value)
{
	indent(depth);
	printf("%s = ", key);
	put_string(value);
	printf(";\n");
}

/* A fact: its source, its remark, then the setting (or, when the document
 * does not give it, the setting commented out under WHY_UNKNOWN). */
static void
fact(int depth, const char *key, const struct rfc2350_fact *f,
    const char *why_unknown)
{
	if (f->value == NULL) {
		if (why_unknown == NULL)
			return;
		comment(depth, "UNKNOWN: %s", why_unknown);
		indent(depth);
		printf("# %s = \"\";\n", key);
		return;
	}
	quote_comment(depth, &f->src);
	if (f->remark != NULL)
		comment(depth, "%s%s.", f->uncertain ? "UNCERTAIN: " : "",
		    f->remark);
	setting(depth, key, f->value);
}

static void
format_fpr(const char *fpr, char *out)
{
	size_t i, n = 0;

	for (i = 0; i < 40; i++) {
		if (i > 0 && i % 4 == 0)
			out[n++] = ' ';
		out[n++] = fpr[i];
	}
	out[n] = '\0';
}

static void
key_settings(int depth, const struct rfc2350_key *k)
{
	char fp[64];

	if (k->key_id[0] != '\0' && k->mismatch) {
		quote_comment(depth, &k->id_src);
		comment(depth, "UNCERTAIN: the document gives key id %s beside "
		    "the fingerprint below, which ends in %s: one of them is "
		    "wrong. Left out; check the key and set it.", k->key_id,
		    k->fpr + 32);
		indent(depth);
		printf("# pgp_key_id = \"%s\";\n", k->key_id);
	} else if (k->key_id[0] != '\0') {
		if (k->key_id_derived)
			comment(depth, "The last 8 digits of the fingerprint "
			    "(the document gives no key id).");
		else
			quote_comment(depth, &k->id_src);
		setting(depth, "pgp_key_id", k->key_id);
	}
	if (k->fpr[0] != '\0') {
		format_fpr(k->fpr, fp);
		quote_comment(depth, &k->fpr_src);
		setting(depth, "pgp_fingerprint", fp);
	}
}

/* The name of country ISO for a remark (tzdata's), else its code. */
static const char *
country_word(const char *iso)
{
	const char *name = rfc2350_country_name(iso);

	return name != NULL ? name : iso;
}

/* The channel that carries key K: the e-mail channel of its user id,
 * else the first. */
static size_t
key_channel(const struct rfc2350_team *t, const struct rfc2350_key *k)
{
	size_t i;

	if (k->uid != NULL)
		for (i = 0; i < t->nemails; i++)
			if (strcasecmp(t->emails[i].address, k->uid) == 0)
				return i;
	return 0;
}

static void
print_team(const struct rfc2350_doc *doc, const struct rfc2350_team *t,
    const char *id, const char *file, int last)
{
	const char *nozone;
	char *hint = NULL;
	size_t i, j, nch = 0;
	int *keyed, *printed;

	comment(1, "Imported from %s by oncall-import(1). Every value is "
	    "read from the line quoted above it. Resolve each UNCERTAIN and "
	    "UNKNOWN mark, then delete the mark.", file);
	printf("\t{\n");
	if (t->short_name.value != NULL)
		comment(2, "id: made from the short name.");
	else if (t->name.value != NULL)
		comment(2, "id: made from the name.");
	setting(2, "id", id);
	fact(2, "name", &t->name, "the document declares no team name.");
	fact(2, "short_name", &t->short_name, "the document declares no "
	    "short name.");
	fact(2, "address", &t->address, "the document gives no postal "
	    "address.");

	/* The zone: needed unless the hours are 24/7. */
	if (t->timezone.value != NULL) {
		fact(2, "timezone", &t->timezone, NULL);
	} else {
		if (t->nzones > 0) {
			size_t len = 1;

			for (i = 0; i < t->nzones; i++)
				len += strlen(t->zones[i]) + 2;
			hint = xcalloc(len, 1);
			for (i = 0; i < t->nzones; i++) {
				if (i > 0)
					strcat(hint, ", ");
				strcat(hint, t->zones[i]);
			}
		}
		if (t->hours.value != NULL &&
		    strcmp(t->hours.value, "24/7") == 0)
			comment(2, "The document states no time zone; a 24/7 "
			    "team needs none.");
		else {
			nozone = hint != NULL ? "the document states no time "
			    "zone; the address suggests: " : "the document "
			    "states no time zone (an IANA name such as "
			    "Europe/Paris is needed for weekly hours).";
			if (hint != NULL && doc->country[0] != '\0')
				comment(2, "UNKNOWN: the document states no "
				    "time zone; the address is in %s: %s?",
				    country_word(doc->country), hint);
			else
				comment(2, "UNKNOWN: %s%s", nozone,
				    hint != NULL ? hint : "");
			indent(2);
			printf("# timezone = \"\";\n");
		}
		free(hint);
	}
	fact(2, "hours", &t->hours, "the document states no operating hours. "
	    "Ask the team; then set them (\"24/7\", \"Mon-Fri 09:00-17:00\").");
	if (t->holidays.value != NULL) {
		/* A proposal only: commented out until someone has checked
		 * the calendar against what the team says. */
		quote_comment(2, &t->holidays.src);
		comment(2, "REVIEW: %s. Uncomment once checked.",
		    t->holidays.remark);
		indent(2);
		printf("# closures = [ \"%s/%s.ics\" ];\n", holidays_dir,
		    t->holidays.value);
	}

	printf("\t\tchannels = (\n");
	keyed = xcalloc(t->nemails + 1, sizeof(*keyed));
	printed = xcalloc(t->nkeys + 1, sizeof(*printed));
	for (i = 0; i < t->nemails; i++) {
		printf("%s\t\t\t{\n", nch++ > 0 ? ",\n" : "");
		if (i == 0)
			setting(4, "id", "email");
		else {
			indent(4);
			printf("id = \"email-%zu\";\n", i + 1);
		}
		setting(4, "type", "email");
		quote_comment(4, &t->emails[i].src);
		setting(4, "address", t->emails[i].address);
		for (j = 0; j < t->nkeys; j++) {
			if (key_channel(t, &t->keys[j]) != i || keyed[i])
				continue;
			key_settings(4, &t->keys[j]);
			keyed[i] = 1;
			printed[j] = 1;
		}
		if (i == 0 && t->nkeys == 0) {
			comment(4, "UNKNOWN: the document gives no PGP key of "
			    "the team.");
			indent(4);
			printf("# pgp_key_id = \"\";\n");
			indent(4);
			printf("# pgp_fingerprint = \"\";\n");
		}
		if (i == 0)
			fact(4, "urgent_subject_prefix", &t->urgent_prefix,
			    "the document gives no subject prefix for urgent "
			    "reports.");
		printf("\t\t\t}");
	}
	for (i = 0; i < t->nphones; i++) {
		const struct rfc2350_phone *p = &t->phones[i];

		printf("%s\t\t\t{\n", nch++ > 0 ? ",\n" : "");
		if (i == 0)
			setting(4, "id", "phone");
		else {
			indent(4);
			printf("id = \"phone-%zu\";\n", i + 1);
		}
		setting(4, "type", "phone");
		quote_comment(4, &p->src);
		if (p->e164 != NULL && p->country != NULL)
			comment(4, "UNCERTAIN: E.164 %s, assuming %s (the "
			    "address); the number has no country code.",
			    p->e164, country_word(p->country));
		else if (p->e164 != NULL)
			comment(4, "E.164: %s", p->e164);
		setting(4, "address", p->written);
		if (p->note != NULL) {
			comment(4, "The words beside the number on line %d.",
			    p->src.line);
			setting(4, "note", p->note);
		}
		printf("\t\t\t}");
	}
	if (nch == 0) {
		comment(3, "UNKNOWN: the document gives no e-mail address or "
		    "telephone number of the team; a team needs a channel:");
		printf("\t\t\t# { id = \"email\"; type = \"email\"; "
		    "address = \"\"; }\n");
	} else {
		printf("\n");
		if (t->nphones == 0) {
			comment(3, "UNKNOWN: the document gives no telephone "
			    "number of the team.");
			printf("\t\t\t# { id = \"phone\"; type = \"phone\"; "
			    "address = \"\"; }\n");
		}
	}
	printf("\t\t);\n");
	/* Settings of an e-mail channel, when there is none to hold them. */
	if (t->nemails == 0 && t->nkeys == 0)
		comment(2, "UNKNOWN: the document gives no PGP key of the "
		    "team.");
	if (t->nemails == 0 && t->urgent_prefix.value == NULL)
		comment(2, "UNKNOWN: the document gives no subject prefix for "
		    "urgent reports.");

	/* What the settings above do not hold. */
	for (j = 0; j < t->nkeys; j++) {
		char fp[64];

		if (printed[j])
			continue;
		format_fpr(t->keys[j].fpr, fp);
		quote_comment(2, t->keys[j].fpr[0] != '\0' ?
		    &t->keys[j].fpr_src : &t->keys[j].id_src);
		comment(2, "NOTE: %s key of the team: %s%s%s%s",
		    t->nemails > 0 ? "another" : "a", t->keys[j].key_id,
		    t->keys[j].fpr[0] != '\0' ? " (fingerprint " : "",
		    t->keys[j].fpr[0] != '\0' ? fp : "",
		    t->keys[j].fpr[0] != '\0' ? ")" : "");
	}
	if (t->urgent_prefix.value != NULL && t->nemails == 0) {
		quote_comment(2, &t->urgent_prefix.src);
		comment(2, "NOTE: urgent reports carry %s in the subject.",
		    t->urgent_prefix.value);
	}
	/* Notes without a source line repeat the UNKNOWN marks above. */
	for (i = 0; i < t->nnotes; i++) {
		if (t->notes[i].src.line == 0)
			continue;
		quote_comment(2, &t->notes[i].src);
		comment(2, "NOTE: %s", t->notes[i].text);
	}
	if (doc->nmembers > 0) {
		comment(2, "Not imported: the people the document lists as "
		    "team members (personal contacts, not the team's "
		    "channels):");
		for (i = 0; i < doc->nmembers; i++) {
			const struct rfc2350_member *m = &doc->members[i];

			comment(2, "  line %d: %s <%s>%s%s", m->line,
			    m->name != NULL ? m->name : "?", m->email,
			    m->key_id[0] != '\0' ? " key " : "", m->key_id);
		}
	}
	free(keyed);
	free(printed);
	printf("\t}%s\n", last ? "" : ",");
}

/* ---- JSON ---------------------------------------------------------- */

static void
json_str(const char *s)
{
	if (s == NULL) {
		fputs("null", stdout);
		return;
	}
	putchar('"');
	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", stdout);
		else if (ch == '\t')
			fputs("\\t", stdout);
		else if (ch < 0x20)
			printf("\\u%04x", ch);
		else
			putchar(ch);
	}
	putchar('"');
}

static void
json_team(const struct rfc2350_doc *doc, const struct rfc2350_team *t,
    const char *id, const char *file)
{
	const char *unc[10];
	size_t i, nunc = 0;
	char *s;

	printf("{\"id\":");
	json_str(id);
	printf(",\"source\":");
	json_str(file);
	printf(",\"name\":");
	json_str(t->name.value);
	printf(",\"short_name\":");
	json_str(t->short_name.value);
	printf(",\"address\":");
	json_str(t->address.value);
	printf(",\"emails\":[");
	for (i = 0; i < t->nemails; i++) {
		printf("%s", i ? "," : "");
		json_str(t->emails[i].address);
	}
	printf("],\"phones\":[");
	for (i = 0; i < t->nphones; i++) {
		printf("%s", i ? "," : "");
		json_str(t->phones[i].e164 != NULL ? t->phones[i].e164 :
		    t->phones[i].written);
	}
	printf("],\"timezone\":");
	json_str(t->timezone.value);
	printf(",\"timezone_candidates\":[");
	for (i = 0; i < t->nzones; i++) {
		printf("%s", i ? "," : "");
		json_str(t->zones[i]);
	}
	printf("],\"hours\":");
	json_str(t->hours.value);
	printf(",\"closures\":[");
	if (t->holidays.value != NULL) {
		if (asprintf(&s, "%s/%s.ics", holidays_dir,
		    t->holidays.value) == -1)
			abort();
		json_str(s);
		free(s);
	}
	printf("]");
	printf(",\"pgp\":[");
	for (i = 0; i < t->nkeys; i++) {
		printf("%s{\"key_id\":", i ? "," : "");
		json_str(t->keys[i].key_id[0] != '\0' ? t->keys[i].key_id :
		    NULL);
		printf(",\"fingerprint\":");
		json_str(t->keys[i].fpr[0] != '\0' ? t->keys[i].fpr : NULL);
		printf(",\"key_id_matches\":%s}", t->keys[i].mismatch ?
		    "false" : "true");
	}
	printf("],\"urgent_subject_prefix\":");
	json_str(t->urgent_prefix.value);
	printf(",\"notes\":[");
	for (i = 0; i < t->nnotes; i++) {
		printf("%s", i ? "," : "");
		if (t->notes[i].src.line > 0) {
			if (asprintf(&s, "%s (line %d)", t->notes[i].text,
			    t->notes[i].src.line) == -1)
				abort();
			json_str(s);
			free(s);
		} else
			json_str(t->notes[i].text);
	}
	printf("],\"uncertain\":[");
	if (t->name.uncertain)
		unc[nunc++] = "name";
	if (t->short_name.uncertain)
		unc[nunc++] = "short_name";
	if (t->address.uncertain)
		unc[nunc++] = "address";
	if (t->timezone.uncertain)
		unc[nunc++] = "timezone";
	if (t->hours.uncertain)
		unc[nunc++] = "hours";
	if (t->urgent_prefix.uncertain)
		unc[nunc++] = "urgent_subject_prefix";
	if (t->holidays.uncertain)
		unc[nunc++] = "closures";
	for (i = 0; i < t->nkeys; i++)
		if (t->keys[i].mismatch) {
			unc[nunc++] = "pgp";
			break;
		}
	for (i = 0; i < t->nphones; i++)
		if (t->phones[i].country != NULL) {
			unc[nunc++] = "phones";
			break;
		}
	for (i = 0; i < nunc; i++) {
		printf("%s", i ? "," : "");
		json_str(unc[i]);
	}
	printf("],\"members\":[");
	for (i = 0; i < doc->nmembers; i++) {
		printf("%s{\"name\":", i ? "," : "");
		json_str(doc->members[i].name);
		printf(",\"email\":");
		json_str(doc->members[i].email);
		printf(",\"key_id\":");
		json_str(doc->members[i].key_id[0] != '\0' ?
		    doc->members[i].key_id : NULL);
		printf(",\"fingerprint\":");
		json_str(doc->members[i].fpr[0] != '\0' ?
		    doc->members[i].fpr : NULL);
		printf("}");
	}
	printf("]}\n");
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "id", required_argument, NULL, 'i' },
		{ "holidays", required_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct rfc2350_doc *docs;
	char **ids = NULL, **given = NULL, *text, *s, *base;
	const char *why;
	char err[256];
	size_t nids = 0, ngiven = 0, len, i, k, n;
	int ch, json = 0, status = EX_OK, nfiles, f;

	while ((ch = getopt_long(argc, argv, "ji:H:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'j':
			json = 1;
			break;
		case 'i':
			if (!valid_id(optarg))
				die(EX_USAGE, "id \"%s\" must be lower-case "
				    "letters, digits, '-', '_' or '.' (at most "
				    "64)", optarg);
			given = xreallocarray(given, ngiven + 1,
			    sizeof(*given));
			given[ngiven++] = optarg;
			break;
		case 'H':
			holidays_dir = optarg;
			break;
		case 'h':
			usage(stdout);
			return EX_OK;
		default:
			usage(stderr);
			return EX_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		usage(stderr);
		return EX_USAGE;
	}
	nfiles = argc;
	docs = xcalloc((size_t)nfiles, sizeof(*docs));
	for (f = 0; f < nfiles; f++) {
		if ((text = slurp(argv[f], &len, err, sizeof(err))) == NULL) {
			fprintf(stderr, "%s: %s: %s\n", progname, argv[f], err);
			status = EX_NOINPUT;
			continue;
		}
		if (pdf_is(text, len)) {
			s = pdf_text(text, len, &len, err, sizeof(err));
			free(text);
			if ((text = s) == NULL) {
				fprintf(stderr, "%s: %s: %s\n", progname,
				    argv[f], err);
				if (status == EX_OK)
					status = EX_DATAERR;
				continue;
			}
		}
		if ((why = not_text(text, len)) != NULL) {
			fprintf(stderr, "%s: %s: not a text document: %s\n",
			    progname, argv[f], why);
			free(text);
			if (status == EX_OK)
				status = EX_DATAERR;
			continue;
		}
		rfc2350_parse(text, len, &docs[f]);
		free(text);
		for (i = 0, n = 0; i < docs[f].nteams; i++)
			n += rfc2350_found(&docs[f].teams[i]);
		if (n == 0) {
			fprintf(stderr, "%s: %s: no team description found\n",
			    progname, argv[f]);
			rfc2350_free(&docs[f]);
			if (status == EX_OK)
				status = EX_DATAERR;
		}
	}
	/* Ids: as given, else from the short name, made unique. */
	for (f = 0; f < nfiles; f++)
		for (i = 0; i < docs[f].nteams; i++) {
			const struct rfc2350_team *t = &docs[f].teams[i];

			if (nids < ngiven)
				s = xstrdup(given[nids]);
			else {
				s = slug(t->short_name.value != NULL ?
				    t->short_name.value : t->name.value !=
				    NULL ? t->name.value : "team");
				if (*s == '\0') {
					free(s);
					s = xstrdup("team");
				}
			}
			base = s;
			s = xstrdup(base);
			for (k = 2; taken(ids, nids, s); k++) {
				free(s);
				if (asprintf(&s, "%s-%zu", base, k) == -1)
					abort();
			}
			free(base);
			ids = xreallocarray(ids, nids + 1, sizeof(*ids));
			ids[nids++] = s;
		}
	if (ngiven > nids)
		fprintf(stderr, "%s: %zu --id given for %zu teams; the rest "
		    "are not used\n", progname, ngiven, nids);
	if (!json && nids > 0)
		printf("# Entries for the teams = ( ... ) list of "
		    "oncalld.conf(5).\n");
	for (f = 0, k = 0; f < nfiles; f++)
		for (i = 0; i < docs[f].nteams; i++, k++) {
			if (json)
				json_team(&docs[f], &docs[f].teams[i], ids[k],
				    argv[f]);
			else
				print_team(&docs[f], &docs[f].teams[i], ids[k],
				    strcmp(argv[f], "-") == 0 ?
				    "standard input" : argv[f], k + 1 == nids);
		}
	for (f = 0; f < nfiles; f++)
		rfc2350_free(&docs[f]);
	free(docs);
	for (i = 0; i < nids; i++)
		free(ids[i]);
	free(ids);
	free(given);
	if (fflush(stdout) == EOF || ferror(stdout))
		die(1, "standard output: %s", strerror(errno));
	return status;
}
