/* xmalloc.h - allocation that cannot fail: running out of memory while
 * loading or answering leaves nothing sensible to keep, so it aborts. */
#ifndef XMALLOC_H
#define XMALLOC_H

#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
/* xstrdup() that passes NULL through. */
char	*xstrdup_null(const char *);

#endif
