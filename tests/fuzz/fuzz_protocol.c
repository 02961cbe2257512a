/* fuzz_protocol.c - request lines against a fixed snapshot: every line must
 * get exactly one answer (or none for an empty line or a stateful verb;
 * the alert verbs are read by protocol_alert(), which must give a valid
 * request or one error answer),
 * and every answer must be one line of valid JSON, an object with "ok" or
 * a team or route object. A line protocol_key() accepts (the daemon's
 * answer cache serves it the answer of any line with the same key) must
 * get the very answer of its key's canonical line. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fuzz.h"
#include "protocol.h"
#include "snapshot.h"

#define MAX_LINES	32

static struct snapshot *snap;

static void
load(void)
{
	struct diags d = DIAGS_INITIALIZER;
	char *path = fuzz_data_path("protocol/snapshot.conf");

	if ((snap = snapshot_load(path, FUZZ_NOW, &d)) == NULL) {
		diags_print(&d, stderr);
		fprintf(stderr, "%s: cannot load the fuzz snapshot (run from "
		    "the repository root or set ONCALLD_FUZZ_DIR)\n", path);
		abort();
	}
	diags_free(&d);
	free(path);
}

static void
check_answer(const char *answer)
{
	json_error_t err;
	json_t *o;

	if (strchr(answer, '\n') != NULL || strchr(answer, '\r') != NULL) {
		fprintf(stderr, "answer holds a line break: %s\n", answer);
		abort();
	}
	o = json_loads(answer, JSON_REJECT_DUPLICATES, &err);
	if (o == NULL || !json_is_object(o) ||
	    (json_object_get(o, "ok") == NULL &&
	    json_object_get(o, "kind") == NULL)) {
		fprintf(stderr, "not a JSON answer (%s): %s\n",
		    o == NULL ? err.text : "no ok", answer);
		abort();
	}
	json_decref(o);
}

/*
 * The daemon caches an answer per key of a known id (or none): the answer
 * to LINE must then be the answer to "PING", "NOW at=@T" or "NOW ID
 * at=@T", whatever the spelling, spacing or time syntax of LINE.
 */
static void
check_key(const char *line, size_t len, const char *answer)
{
	struct proto_key key;
	enum proto_verb verb;
	char id[512], canon[640], *again;
	int n;

	if (protocol_key(line, len, FUZZ_NOW, &key) == -1)
		return;
	if (key.verb == VERB_PING)
		n = snprintf(canon, sizeof(canon), "PING");
	else if (key.id == NULL)
		n = snprintf(canon, sizeof(canon), "NOW at=@%lld",
		    (long long)key.at);
	else {
		if (key.idlen >= sizeof(id)) {
			fprintf(stderr, "key id of %zu bytes\n", key.idlen);
			abort();
		}
		memcpy(id, key.id, key.idlen);
		id[key.idlen] = '\0';
		if (snapshot_find(snap, id) == NULL)
			return;		/* not cached: answered in full */
		n = snprintf(canon, sizeof(canon), "NOW %s at=@%lld", id,
		    (long long)key.at);
	}
	again = protocol_answer(snap, canon, (size_t)n, FUZZ_NOW, &verb);
	if (again == NULL || strcmp(again, answer) != 0) {
		fprintf(stderr, "the cache would answer %.*s\nwith  %s\n"
		    "(the answer to %s)\nnot   %s\n", (int)len, line,
		    again != NULL ? again : "(none)", canon, answer);
		abort();
	}
	free(again);
}

/* An alert verb: a request whose values hold what was written, or an
 * error answer. */
static void
check_alert(const char *line, size_t len)
{
	struct proto_alert rq;
	char *err = protocol_alert(snap, line, len, &rq);

	if (err != NULL) {
		check_answer(err);
		free(err);
		return;
	}
	if ((rq.verb == VERB_ALERT && (rq.route == NULL || rq.key == NULL ||
	    rq.key[0] == '\0' || snapshot_find(snap, rq.route) == NULL)) ||
	    ((rq.verb == VERB_ACK || rq.verb == VERB_RESOLVE ||
	    rq.verb == VERB_TIMELINE) && rq.id < 1)) {
		fprintf(stderr, "accepted a bad alert request: %.*s\n",
		    (int)len, line);
		abort();
	}
	protocol_alert_free(&rq);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *nl;
	enum proto_verb verb;
	char *answer;
	size_t len;
	int n;

	if (snap == NULL)
		load();
	/* Lines are cut the way the server cuts them: at '\n', one '\r'
	 * before it removed. */
	for (n = 0; p < end && n < MAX_LINES; n++) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		len = (size_t)(nl - p);
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (len <= 4096) {
			answer = protocol_answer(snap, p, len, FUZZ_NOW,
			    &verb);
			if (answer != NULL) {
				if (verb == VERB_NONE) {
					fprintf(stderr, "answer to an empty "
					    "line\n");
					abort();
				}
				check_answer(answer);
				check_key(p, len, answer);
				free(answer);
			} else if (verb == VERB_ALERT || verb == VERB_ACK ||
			    verb == VERB_RESOLVE || verb == VERB_ALERTS ||
			    verb == VERB_TIMELINE) {
				check_alert(p, len);
			} else if (verb != VERB_NONE && verb != VERB_WATCH &&
			    verb != VERB_RELOAD && verb != VERB_STATS &&
			    verb != VERB_QUIT) {
				fprintf(stderr, "no answer for verb %d\n",
				    (int)verb);
				abort();
			}
		}
		p = nl + 1;
	}
	return 0;
}
