/* pdf.c - the text of a PDF document through poppler-glib, so that
 * oncall-import reads the PDFs teams publish without a conversion step.
 * Pages are joined with a form feed, which the reader takes for a page
 * break (their headers and footers are then dropped as furniture).
 */
#include <stdio.h>
#include <string.h>

#include <poppler.h>

#include "pdf.h"
#include "xmalloc.h"

#define PDF_MAX_PAGES	500	/* no RFC 2350 document is near */

int
pdf_is(const char *data, size_t len)
{
	return len >= 5 && memcmp(data, "%PDF-", 5) == 0;
}

char *
pdf_text(const char *data, size_t len, size_t *outlen, char *err,
    size_t errlen)
{
	PopplerDocument *doc;
	PopplerPage *page;
	GBytes *bytes;
	GError *gerr = NULL;
	char *out = NULL, *text;
	size_t n = 0, tl;
	int i, npages;

	bytes = g_bytes_new(data, len);
	doc = poppler_document_new_from_bytes(bytes, NULL, &gerr);
	g_bytes_unref(bytes);
	if (doc == NULL) {
		snprintf(err, errlen, "not a PDF file poppler can read: %s",
		    gerr != NULL ? gerr->message : "unknown error");
		if (gerr != NULL)
			g_error_free(gerr);
		return NULL;
	}
	npages = poppler_document_get_n_pages(doc);
	if (npages > PDF_MAX_PAGES) {
		snprintf(err, errlen, "%d pages, more than the %d an RFC 2350 "
		    "document could have", npages, PDF_MAX_PAGES);
		g_object_unref(doc);
		return NULL;
	}
	out = xmalloc(1);
	for (i = 0; i < npages; i++) {
		if ((page = poppler_document_get_page(doc, i)) == NULL)
			continue;
		text = poppler_page_get_text(page);
		tl = text != NULL ? strlen(text) : 0;
		out = xreallocarray(out, n + tl + 3, 1);
		if (i > 0)
			out[n++] = '\f';
		if (tl > 0)
			memcpy(out + n, text, tl);
		n += tl;
		if (tl > 0 && text[tl - 1] != '\n')
			out[n++] = '\n';
		g_free(text);
		g_object_unref(page);
	}
	out[n] = '\0';
	g_object_unref(doc);
	if (n == 0 || strspn(out, " \t\r\n\f") == n) {
		snprintf(err, errlen, "the PDF holds no text (a scanned "
		    "image?): run OCR on it first");
		free(out);
		return NULL;
	}
	*outlen = n;
	return out;
}
