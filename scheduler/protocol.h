/* protocol.h - the request language of the socket (one line in, one JSON
 * line out), shared by the daemon and by oncall-now's in-process mode so
 * that both give the same answers.
 */
#ifndef PROTOCOL_H
#define PROTOCOL_H

#include <stddef.h>
#include <stdint.h>

struct snapshot;

enum proto_verb {
	VERB_NONE,		/* empty line: no answer */
	VERB_PING,
	VERB_NOW,
	VERB_NEXT,
	VERB_SHIFTS,
	VERB_ICS,
	VERB_LIST,
	VERB_HELP,
	VERB_WATCH,		/* stateful: answered by the daemon */
	VERB_RELOAD,		/* stateful */
	VERB_STATS,		/* stateful */
	VERB_QUIT,		/* stateful */
	VERB_ALERT,		/* stateful: the alert verbs of SPEC 7 */
	VERB_ACK,
	VERB_RESOLVE,
	VERB_ALERTS,
	VERB_TIMELINE,
	VERB_UNKNOWN
};

/* Answers the request LINE (LEN bytes, no newline; may hold any bytes) at
 * wall-clock time NOW. Returns the JSON answer without newline, which the
 * caller frees, and sets *VERB. For the stateful verbs returns NULL: the
 * caller answers them. Errors come back as error objects, never NULL. */
char	*protocol_answer(const struct snapshot *, const char *line, size_t len,
	    int64_t now, enum proto_verb *verb);

/*
 * What the answer to a request depends on, for a caller that reuses
 * answers: on the same snapshot, two requests with equal keys get
 * byte-identical answers from protocol_answer().
 */
struct proto_key {
	enum proto_verb	 verb;		/* VERB_PING or VERB_NOW */
	const char	*id;		/* NOW <id>: the id, inside the line
					 * (borrowed, not NUL-terminated);
					 * NOW, PING: NULL */
	size_t		 idlen;
	int64_t		 at;		/* NOW: the instant; PING: 0 */
};

/* Fills KEY and returns 0 when LINE (LEN bytes) is a well-formed PING or
 * NOW [<id>] [at=<time>] (answered at NOW without at=); returns -1 for
 * anything else, which only protocol_answer() may answer. The id is not
 * looked up: the caller treats an unknown one as a request to answer in
 * full. Allocates nothing. */
int	protocol_key(const char *line, size_t len, int64_t now,
	    struct proto_key *key);

/* An alert verb's request, read by protocol_alert(). Strings are owned. */
struct proto_alert {
	enum proto_verb	 verb;
	char		*route;		/* ALERT; ALERTS' route= filter */
	char		*key;		/* ALERT */
	char		*summary;	/* ALERT; NULL when not given */
	int64_t		 id;		/* ACK, RESOLVE, TIMELINE */
	char		*by;		/* ACK, RESOLVE; NULL when not given */
	int		 state;		/* ALERTS: enum alert_state, or -1 */
	int		 open_only;	/* ALERTS: state=open (the default) */
};

/* Reads LINE as one of the alert verbs (values may be written in double
 * quotes with \" and \\ escapes). Returns NULL with RQ filled, or the
 * error answer (caller frees). RQ is freed with protocol_alert_free(). */
char	*protocol_alert(const struct snapshot *, const char *line, size_t len,
	    struct proto_alert *rq);
void	 protocol_alert_free(struct proto_alert *);

/* {"ok":false,"error":{"code":CODE,"message":...}}; caller frees. */
char	*protocol_error(const char *code, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
