/* diag.c - collected configuration diagnostics. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "xmalloc.h"

void
diags_add(struct diags *d, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) == -1)
		abort();
	va_end(ap);
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 8;
		d->v = xreallocarray(d->v, d->cap, sizeof(*d->v));
	}
	d->v[d->n].file = xstrdup_null(file);
	d->v[d->n].line = line;
	d->v[d->n].text = text;
	d->n++;
}

void
diags_free(struct diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].text);
	}
	free(d->v);
	d->v = NULL;
	d->n = d->cap = 0;
}

void
diag_format(const struct diag *g, char *buf, size_t len)
{
	if (g->file != NULL && g->line > 0)
		snprintf(buf, len, "%s:%d: %s", g->file, g->line, g->text);
	else if (g->file != NULL)
		snprintf(buf, len, "%s: %s", g->file, g->text);
	else
		snprintf(buf, len, "%s", g->text);
}

void
diags_print(const struct diags *d, FILE *fp)
{
	char buf[2048];
	size_t i;

	for (i = 0; i < d->n; i++) {
		diag_format(&d->v[i], buf, sizeof(buf));
		fprintf(fp, "%s\n", buf);
	}
}

void
diag_printable(char *dst, size_t len, const char *src)
{
	size_t i;

	if (len == 0)
		return;
	for (i = 0; src[i] != '\0' && i + 1 < len; i++) {
		unsigned char ch = (unsigned char)src[i];

		dst[i] = ch < 0x20 || ch == 0x7f ? '?' : (char)ch;
	}
	dst[i] = '\0';
}
