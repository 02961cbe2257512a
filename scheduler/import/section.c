/* section.c - the document cut into lines, page furniture (headers,
 * footers, page numbers of PDF conversions) dropped, and each line given
 * the kind of the section it sits in from the headings above it.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "xmalloc.h"

/* Section titles, folded. Order matters: the first match wins, so
 * "electronic mail address" is e-mail before it is an address. */
static const struct {
	enum kind	 kind;
	const char	*word;
} kind_words[] = {
	{ K_OTHER, "contact information" }, { K_OTHER, "coordonnees" },
	{ K_OTHER, "kontaktinformation" }, { K_OTHER, "contact details" },
	{ K_OTHER, "informasi data/kontak" }, { K_OTHER, "data/kontak" },
	{ K_OTHER, "informacion de contacto" },
	{ K_OTHER, "informacoes de contato" },
	{ K_MEMBERS, "anggota tim" }, { K_MEMBERS, "anggota" },
	{ K_MEMBERS, "team members" }, { K_MEMBERS, "members" },
	{ K_MEMBERS, "membres" }, { K_MEMBERS, "mitglieder" },
	{ K_MEMBERS, "miembros" }, { K_MEMBERS, "membri" },
	{ K_MEMBERS, "membros" }, { K_MEMBERS, "leden" },
	{ K_DOC, "document" }, { K_DOC, "distribution list" },
	{ K_DOC, "last update" }, { K_DOC, "mise a jour" },
	{ K_DOC, "contents" }, { K_DOC, "sommaire" }, { K_DOC, "revision" },
	{ K_DOC, "history" }, { K_DOC, "approval" },
	{ K_DOC, "mengenai dokumen" }, { K_DOC, "tanggal update" },
	{ K_DOC, "daftar distribusi" }, { K_DOC, "dokumen" },
	{ K_DOC, "ultima actualizacion" }, { K_DOC, "ultima atualizacao" },
	{ K_DOC, "letzte aktualisierung" }, { K_DOC, "dokument" },
	{ K_FAX, "facsimile" }, { K_FAX, "fax" }, { K_FAX, "telecopie" },
	{ K_FAX, "telefax" }, { K_FAX, "faxnummer" }, { K_FAX, "faksimili" },
	{ K_FAX, "faksimile" }, { K_FAX, "nomor fax" },
	{ K_OTHERTEL, "other telecommunication" },
	{ K_OTHERTEL, "other telecom" }, { K_OTHERTEL, "autres moyens" },
	{ K_OTHERTEL, "andere telekommunikation" },
	{ K_OTHERTEL, "otras telecomunicaciones" },
	{ K_OTHERTEL, "telekomunikasi lain" },
	{ K_OTHERTEL, "outras telecomunicacoes" },
	{ K_EMAIL, "electronic mail" }, { K_EMAIL, "e-mail" },
	{ K_EMAIL, "email" }, { K_EMAIL, "courrier electronique" },
	{ K_EMAIL, "courriel" }, { K_EMAIL, "adresse electronique" },
	{ K_EMAIL, "correo electronico" }, { K_EMAIL, "posta elettronica" },
	{ K_EMAIL, "messagerie" }, { K_EMAIL, "surat elektronik" },
	{ K_EMAIL, "correio eletronico" },
	{ K_PHONE, "telephone" }, { K_PHONE, "phone" },
	{ K_PHONE, "telefon" }, { K_PHONE, "telefono" },
	{ K_PHONE, "telefone" }, { K_PHONE, "telefoon" },
	{ K_PHONE, "hotline" }, { K_PHONE, "telefonnummer" },
	{ K_PHONE, "telepon" },
	{ K_TZ, "time zone" }, { K_TZ, "timezone" },
	{ K_TZ, "fuseau horaire" }, { K_TZ, "zeitzone" },
	{ K_TZ, "zona horaria" }, { K_TZ, "fuso orario" },
	{ K_TZ, "fuso horario" }, { K_TZ, "tijdzone" },
	{ K_TZ, "zona waktu" },
	{ K_HOURS, "operating hours" }, { K_HOURS, "business hours" },
	{ K_HOURS, "office hours" }, { K_HOURS, "working hours" },
	{ K_HOURS, "hours of operation" }, { K_HOURS, "opening hours" },
	{ K_HOURS, "service hours" }, { K_HOURS, "availability" },
	{ K_HOURS, "heures d'ouverture" }, { K_HOURS, "horaires" },
	{ K_HOURS, "horario" }, { K_HOURS, "geschaftszeiten" },
	{ K_HOURS, "betriebszeiten" }, { K_HOURS, "erreichbarkeit" },
	{ K_HOURS, "servicezeiten" }, { K_HOURS, "offnungszeiten" },
	{ K_HOURS, "arbeitszeiten" }, { K_HOURS, "jam operasional" },
	{ K_HOURS, "jam kerja" }, { K_HOURS, "jam layanan" },
	{ K_HOURS, "waktu operasional" }, { K_HOURS, "waktu layanan" },
	{ K_HOURS, "horario de funcionamento" },
	{ K_HOURS, "horario de atendimento" }, { K_HOURS, "heures de service" },
	{ K_PGP, "public key" }, { K_PGP, "encryption" }, { K_PGP, "pgp" },
	{ K_PGP, "gpg" }, { K_PGP, "cles publiques" },
	{ K_PGP, "chiffrement" }, { K_PGP, "schlussel" },
	{ K_PGP, "verschlusselung" }, { K_PGP, "claves publicas" },
	{ K_PGP, "cifrado" }, { K_PGP, "chiavi" }, { K_PGP, "chaves" },
	{ K_PGP, "kunci publik" }, { K_PGP, "enkripsi" },
	{ K_PGP, "chave publica" }, { K_PGP, "criptografia" },
	{ K_CONTACT, "customer contact" }, { K_CONTACT, "point of contact" },
	{ K_CONTACT, "points of contact" }, { K_CONTACT, "points de contact" },
	{ K_CONTACT, "point de contact" }, { K_CONTACT, "puntos de contacto" },
	{ K_CONTACT, "ansprechpartner" }, { K_CONTACT, "titik kontak" },
	{ K_CONTACT, "kontak pelanggan" }, { K_CONTACT, "pontos de contato" },
	{ K_NAME, "name of the team" }, { K_NAME, "team name" },
	{ K_NAME, "nom de l'equipe" }, { K_NAME, "name des teams" },
	{ K_NAME, "nombre del equipo" }, { K_NAME, "nome del team" },
	{ K_NAME, "nome da equipe" }, { K_NAME, "naam van het team" },
	{ K_NAME, "nome da equipa" }, { K_NAME, "nama tim" },
	{ K_NAME, "name" }, { K_NAME, "nom" }, { K_NAME, "nombre" },
	{ K_ADDRESS, "address" }, { K_ADDRESS, "adresse" },
	{ K_ADDRESS, "anschrift" }, { K_ADDRESS, "direccion" },
	{ K_ADDRESS, "indirizzo" }, { K_ADDRESS, "endereco" },
	{ K_ADDRESS, "adres" }, { K_ADDRESS, "postal" },
	{ K_ADDRESS, "alamat" },
	{ K_FORMS, "reporting forms" }, { K_FORMS, "reporting form" },
	{ K_FORMS, "formulaires" }, { K_FORMS, "formulaire" },
	{ K_FORMS, "incident reporting" }, { K_FORMS, "incident report" }
};

int
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
void
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
void
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

size_t
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

void
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
char *
cut(const struct line *l, size_t a, size_t b)
{
	size_t ta = (size_t)l->map[a], tb = (size_t)l->map[b];

	return strndup_trim(l->text + ta, tb - ta);
}

/* A copy of line L's words from the folded offset A to the end. */
char *
cut_end(const struct line *l, size_t a)
{
	return cut(l, a, strlen(l->low));
}
