/* fuzz_http.c - HTTP methods and request targets (urlmap.c) against the
 * protocol's snapshot: "METHOD\nTARGET". Whatever a target holds, its
 * socket request line is one printable line whose words after the id are
 * the endpoint's own arguments (nothing smuggled in by a decoded space or
 * an id that looks like an argument), and the status of its answer is one
 * the API documents. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fuzz.h"
#include "protocol.h"
#include "snapshot.h"
#include "urlmap.h"

static struct snapshot *snap;

static void
load(void)
{
	struct diags d = DIAGS_INITIALIZER;
	char *path = fuzz_data_path("protocol/snapshot.conf");

	if ((snap = snapshot_load(path, FUZZ_NOW, &d)) == NULL) {
		diags_print(&d, stderr);
		fprintf(stderr, "%s: cannot load the fuzz snapshot\n", path);
		abort();
	}
	diags_free(&d);
	free(path);
}

static void
bad(const char *why, const char *target, const char *line)
{
	fprintf(stderr, "%s\ntarget: %s\nline: %s\n", why, target,
	    line != NULL ? line : "");
	abort();
}

/* Every word after the verb and the id is name=value with a known name. */
static void
check_line(const char *target, const char *line)
{
	static const char *const args[] = { "at=", "count=", "from=", "to=",
	    NULL };
	const char *p, *w;
	size_t i, n, word = 0;

	for (p = line; *p != '\0'; p++)
		if (!isprint((unsigned char)*p))
			bad("a byte that is not printable", target, line);
	for (w = line; *w != '\0'; w += n + (w[n] == ' ')) {
		n = strcspn(w, " ");
		if (n == 0)
			bad("an empty word", target, line);
		word++;
		if (word == 2 && memchr(w, '=', n) == NULL)
			continue;	/* the id */
		if (word == 1)
			continue;
		for (i = 0; args[i] != NULL; i++)
			if (strncmp(w, args[i], strlen(args[i])) == 0)
				break;
		/* The value may hold '=': the protocol splits a word at its
		 * first one. */
		if (args[i] == NULL)
			bad("a word that is no argument", target, line);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size), *target, *ans;
	enum proto_verb verb;
	struct urlmap m;
	int st;

	if (snap == NULL)
		load();
	if ((target = strchr(s, '\n')) == NULL) {
		free(s);
		return 0;
	}
	*target++ = '\0';
	switch (urlmap_map(s, target, &m)) {
	case URLMAP_ERROR:
		if (m.body == NULL || strncmp(m.body, "{\"ok\":false,", 12) != 0)
			bad("an error without its error object", target, m.body);
		if (m.status != 400 && m.status != 404 && m.status != 405 &&
		    m.status != 414)
			bad("an undocumented status", target, m.body);
		free(m.body);
		break;
	case URLMAP_LINE:
		check_line(target, m.line);
		ans = protocol_answer(snap, m.line, strlen(m.line), FUZZ_NOW,
		    &verb);
		if (ans == NULL)
			bad("a stateful verb", target, m.line);
		st = urlmap_status(ans);
		if (st != 200 && st != 400 && st != 404)
			bad("an answer with an undocumented status", target,
			    ans);
		free(ans);
		break;
	case URLMAP_FEED:
		if (strlen(m.id) == 0 || strchr(m.id, ' ') != NULL)
			bad("a feed id that is empty or holds a space", target,
			    m.id);
		break;
	case URLMAP_FILE:
		if (strchr(m.file, '/') != NULL)
			bad("a page file outside the web root", target, m.file);
		break;
	default:
		break;
	}
	free(s);
	return 0;
}
