/* text.c - growing strings, word search, and the text itself: any
 * encoding (UTF-8, Latin-1, Windows-1252) to clean UTF-8, and the folded
 * (ASCII, lower-case, unaccented) copy that every matcher reads.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "xmalloc.h"

/* ---- strings ------------------------------------------------------- */


void
sb_addn(struct sb *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->s = xreallocarray(b->s, b->cap, 1);
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

void
sb_adds(struct sb *b, const char *s)
{
	sb_addn(b, s, strlen(s));
}

void
sb_addc(struct sb *b, char c)
{
	sb_addn(b, &c, 1);
}

char *
sb_take(struct sb *b)
{
	if (b->s == NULL)
		return xstrdup("");
	return b->s;
}

char *
xprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) == -1)
		abort();
	va_end(ap);
	return s;
}

int
is_alnum(int c)
{
	return isalnum((unsigned char)c);
}

char *
strndup_trim(const char *s, size_t n)
{
	char *r;

	while (n > 0 && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	r = xmalloc(n + 1);
	memcpy(r, s, n);
	r[n] = '\0';
	return r;
}

/* The first occurrence of W in S that starts and ends on a word boundary
 * (where W starts or ends with a letter or digit). */
const char *
find_word(const char *s, const char *w)
{
	size_t wl = strlen(w);
	const char *p;

	if (wl == 0)
		return NULL;
	for (p = strstr(s, w); p != NULL; p = strstr(p + 1, w)) {
		if (is_alnum(w[0]) && p > s && is_alnum(p[-1]))
			continue;
		if (is_alnum(w[wl - 1]) && is_alnum(p[wl]))
			continue;
		return p;
	}
	return NULL;
}

int
has_any(const char *s, const char *const *words, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strstr(s, words[i]) != NULL)
			return 1;
	return 0;
}

int
starts_with(const char *s, const char *w)
{
	return strncmp(s, w, strlen(w)) == 0;
}

/* ---- text and lines ------------------------------------------------ */

/* Windows-1252's characters in 0x80..0x9f, for documents that are not
 * UTF-8 (0: undefined, read as a space). */
static const unsigned short cp1252[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178
};

/* Latin-1 and Latin Extended-A letters without their accents. */
static const char latin1_fold[] =
    "aaaaaaaceeeeiiiidnooooooouuuuyts" "aaaaaaaceeeeiiiidnooooooouuuuyty";
static const char latin_a_fold[] =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllll"
    "llnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

/* One code point of well-formed UTF-8 at P (N bytes left): its length, or 0
 * when the bytes are not UTF-8. */
static size_t
utf8_dec(const unsigned char *p, size_t n, unsigned *cp)
{
	size_t len, i;
	unsigned c;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		len = 2;
		c = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3;
		c = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4;
		c = p[0] & 0x07;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 ||
	    c > 0x10ffff)) || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

static void
utf8_put(struct sb *b, unsigned cp)
{
	char u[4];

	if (cp < 0x80)
		sb_addc(b, (char)cp);
	else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		sb_addn(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		sb_addn(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		sb_addn(b, u, 4);
	}
}

/* The document as well-formed UTF-8: bytes that are not UTF-8 are read as
 * Windows-1252, NULs as spaces, a byte-order mark is dropped. */
char *
to_utf8(const char *in, size_t len)
{
	const unsigned char *p = (const unsigned char *)in;
	struct sb b = { NULL, 0, 0 };
	size_t i = 0, n;
	unsigned cp;

	if (len >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		i = 3;
	while (i < len) {
		if ((n = utf8_dec(p + i, len - i, &cp)) == 0) {
			cp = p[i];
			if (cp >= 0x80 && cp < 0xa0)
				cp = cp1252[cp - 0x80] ? cp1252[cp - 0x80] : ' ';
			n = 1;
		}
		utf8_put(&b, cp == 0 ? ' ' : cp);
		i += n;
	}
	return sb_take(&b);
}

/* Typographic punctuation as its ASCII counterpart; 0 keeps the character,
 * -1 drops it. */
static int
punct_ascii(unsigned cp, const char **s)
{
	*s = NULL;
	if (cp == 0xa0 || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x202f ||
	    cp == 0x205f || cp == 0x3000)
		*s = " ";
	else if ((cp >= 0x200b && cp <= 0x200d) || cp == 0xfeff || cp == 0xad)
		return -1;
	else if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 ||
	    cp == 0xfe63 || cp == 0xff0d)
		*s = "-";
	else if ((cp >= 0x2018 && cp <= 0x201b) || cp == 0x2032 ||
	    cp == 0x2035)
		*s = "'";
	else if ((cp >= 0x201c && cp <= 0x201f) || cp == 0x2033 ||
	    cp == 0xab || cp == 0xbb)
		*s = "\"";
	else if (cp == 0x2022 || cp == 0x2023 || cp == 0x2043 ||
	    cp == 0x25aa || cp == 0x25cf || cp == 0x25e6 || cp == 0x25a0 ||
	    cp == 0xb7 || cp == 0xf0b7 || cp == 0xf0a7)
		*s = "*";
	else if (cp == 0x2026)
		*s = "...";
	else if (cp == 0xff20)
		*s = "@";
	else
		return 0;
	return 1;
}

/* LINE with its typography made ASCII and its markup (Markdown emphasis,
 * HTML tags, the angle brackets around addresses) removed; letters are
 * kept as written. */
char *
clean_text(const char *line)
{
	const unsigned char *p = (const unsigned char *)line;
	struct sb b = { NULL, 0, 0 }, o = { NULL, 0, 0 };
	size_t i = 0, n, j, k, len = strlen(line);
	const char *s, *t;
	unsigned cp;
	int r;

	while (i < len) {
		n = utf8_dec(p + i, len - i, &cp);
		if (n == 0)
			n = 1;
		if ((r = punct_ascii(cp, &s)) == 1)
			sb_adds(&b, s);
		else if (r == 0)
			sb_addn(&b, line + i, n);
		i += n;
	}
	t = b.s != NULL ? b.s : "";
	len = strlen(t);
	for (i = 0; i < len; i++) {
		if ((t[i] == '*' && t[i + 1] == '*') ||
		    (t[i] == '_' && t[i + 1] == '_')) {
			i++;
			continue;
		}
		if (t[i] == '`')
			continue;
		if (t[i] == '<') {
			/* An HTML tag: <i>, </i>, <span class="x">. */
			j = i + 1 + (t[i + 1] == '/');
			for (k = j; isalpha((unsigned char)t[k]) && k - j < 10; k++)
				;
			/* Not "cert<at>example<dot>org". */
			if (k > j && (t[k] == '>' || t[k] == ' ') &&
			    !(t[k] == '>' && ((k - j == 2 &&
			    strncasecmp(t + j, "at", 2) == 0) || (k - j == 3 &&
			    strncasecmp(t + j, "dot", 3) == 0)))) {
				while (t[k] != '\0' && t[k] != '>' && t[k] != '<' &&
				    t[k] != '@')
					k++;
				if (t[k] == '>') {
					i = k;
					continue;
				}
			}
			/* An address in angle brackets. */
			for (k = i + 1; t[k] != '\0' && t[k] != '>' &&
			    !isspace((unsigned char)t[k]); k++)
				;
			if (t[k] == '>' && (memchr(t + i, '@', k - i) != NULL ||
			    memmem(t + i, k - i, "://", 3) != NULL ||
			    memmem(t + i, k - i, "(at)", 4) != NULL ||
			    memmem(t + i, k - i, "[at]", 4) != NULL)) {
				sb_addc(&o, ' ');
				sb_addn(&o, t + i + 1, k - i - 1);
				sb_addc(&o, ' ');
				i = k;
				continue;
			}
		}
		sb_addc(&o, t[i]);
	}
	free(b.s);
	return sb_take(&o);
}

/* TEXT folded to lower-case ASCII for matching; MAP[i] is the offset in
 * TEXT of folded byte i. */
char *
fold_text(const char *text, int **map)
{
	const unsigned char *p = (const unsigned char *)text;
	struct sb b = { NULL, 0, 0 };
	size_t i = 0, n, len = strlen(text), cap = len * 2 + 2, m = 0;
	unsigned cp;
	int *mp;
	char c[3];

	mp = xcalloc(cap, sizeof(*mp));
	while (i < len) {
		n = utf8_dec(p + i, len - i, &cp);
		if (n == 0) {
			n = 1;
			cp = '?';
		}
		c[1] = c[2] = '\0';
		if (cp < 0x80)
			c[0] = (char)tolower((int)cp);
		else if (cp == 0xdf) {
			c[0] = 's';
			c[1] = 's';
		} else if (cp == 0xc6 || cp == 0xe6) {
			c[0] = 'a';
			c[1] = 'e';
		} else if (cp == 0x152 || cp == 0x153) {
			c[0] = 'o';
			c[1] = 'e';
		} else if (cp >= 0xc0 && cp <= 0xff && cp != 0xd7 && cp != 0xf7)
			c[0] = latin1_fold[cp - 0xc0];
		else if (cp >= 0x100 && cp < 0x180)
			c[0] = latin_a_fold[cp - 0x100];
		else
			c[0] = ' ';
		for (size_t k = 0; c[k] != '\0'; k++) {
			if (m + 1 >= cap) {
				cap *= 2;
				mp = xreallocarray(mp, cap, sizeof(*mp));
			}
			mp[m++] = (int)i;
			sb_addc(&b, c[k]);
		}
		i += n;
	}
	mp[m] = (int)len;
	*map = mp;
	return sb_take(&b);
}
