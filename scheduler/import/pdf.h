/* pdf.h - the text of a PDF document, for oncall-import: the one module
 * that includes poppler's header and links poppler-glib. */
#ifndef PDF_H
#define PDF_H

#include <stddef.h>

/* Whether the LEN bytes at DATA are a PDF file ("%PDF-" first). */
int	pdf_is(const char *data, size_t len);

/* The text of every page of the PDF file DATA (LEN bytes), in reading
 * order, with a form feed between pages (the reader takes it for a page
 * break); *OUTLEN receives its length. The caller frees it. On failure
 * (not a PDF, damaged, encrypted) returns NULL with the reason in ERR. */
char	*pdf_text(const char *data, size_t len, size_t *outlen, char *err,
	    size_t errlen);

#endif
