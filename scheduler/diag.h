/* diag.h - configuration diagnostics, collected so that every problem in a
 * file is reported at once as "file:line: setting: problem". */
#ifndef DIAG_H
#define DIAG_H

#include <stddef.h>
#include <stdio.h>

struct diag {
	char	*file;		/* may be NULL when no file is concerned */
	int	 line;		/* 0 when unknown */
	char	*text;		/* "setting: problem" */
};

struct diags {
	struct diag	*v;
	size_t		 n;
	size_t		 cap;
};

#define DIAGS_INITIALIZER	{ NULL, 0, 0 }

void	diags_add(struct diags *, const char *file, int line, const char *fmt,
	    ...) __attribute__((format(printf, 4, 5)));
void	diags_free(struct diags *);
/* One diagnostic per line, "file:line: text" (parts that are unknown left out). */
void	diags_print(const struct diags *, FILE *);
/* Formats diagnostic I into BUF the way diags_print() does, without newline. */
void	diag_format(const struct diag *, char *buf, size_t len);
/* Text from a file as a diagnostic quotes it: control characters as '?',
 * cut to fit DST's LEN bytes. DST may be SRC. */
void	diag_printable(char *dst, size_t len, const char *src);

#endif
