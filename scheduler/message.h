/* message.h - the text of a notification (SPEC 7): what the notify command
 * reads on its standard input, and its subject. Pure: the time and the
 * host name are parameters.
 */
#ifndef MESSAGE_H
#define MESSAGE_H

#include <stdint.h>

struct snapshot;
struct alert;
struct step;

/* "[URGENT] oncalld alert 12 on thales-incident: <summary or key>": the
 * channel's urgent_subject_prefix first when it has one. UTF-8, control
 * characters replaced by spaces. Caller frees. */
char	*message_subject(const struct snapshot *, const struct alert *,
	    const struct step *);
/*
 * The message for the step's channel at NOW: for an e-mail channel an
 * RFC 5322 message for "sendmail -t" (To, Subject as an RFC 2047
 * encoded-word when not ASCII, Date, Message-ID at HOST, MIME headers for
 * UTF-8 text), else the plain text body alone. Caller frees.
 */
char	*message_text(const struct snapshot *, const struct alert *,
	    const struct step *, int64_t now, const char *host);

#endif
