/* message.c - the text of a notification: a plain body, and for e-mail
 * channels the RFC 5322 headers around it.
 *
 * Everything that comes from a client (key, summary) is made safe for the
 * header it lands in: control characters become spaces, so no value can
 * add a header line, and a subject outside ASCII is an RFC 2047
 * encoded-word cut on character boundaries.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "civil.h"
#include "message.h"
#include "snapshot.h"
#include "store.h"
#include "timefmt.h"
#include "xmalloc.h"

/* Bytes of UTF-8 text per encoded-word: 60 characters of base64, so that
 * "=?UTF-8?B?...?=" stays within RFC 2047's 75. */
#define WORD_BYTES	45

struct text {
	char	*p;
	size_t	 len;
	size_t	 cap;
};

static void
put(struct text *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		t->cap = (t->len + n + 1) * 2;
		t->p = xreallocarray(t->p, t->cap, 1);
	}
	memcpy(t->p + t->len, s, n);
	t->len += n;
	t->p[t->len] = '\0';
}

static void __attribute__((format(printf, 2, 3)))
putf(struct text *t, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	put(t, s, (size_t)n);
	free(s);
}

/* A copy with every control character (CR and LF included) a space. */
static char *
flat(const char *s)
{
	char *c = xstrdup(s != NULL ? s : ""), *p;

	for (p = c; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return c;
}

char *
message_subject(const struct snapshot *snap, const struct alert *a,
    const struct step *st)
{
	const struct channel *ch = &snap->teams[st->team].channels[st->channel];
	char *what = flat(a->summary != NULL ? a->summary : a->key), *s;

	if (asprintf(&s, "%s%soncalld alert %lld on %s: %s",
	    ch->urgent_subject_prefix != NULL ? ch->urgent_subject_prefix : "",
	    ch->urgent_subject_prefix != NULL ? " " : "", (long long)a->id,
	    a->route, what) == -1)
		abort();
	free(what);
	return s;
}

static void
base64(struct text *t, const unsigned char *s, size_t n)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char out[4];
	size_t i;
	unsigned v;

	for (i = 0; i < n; i += 3) {
		v = (unsigned)s[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)s[i + 1] << 8;
		if (i + 2 < n)
			v |= s[i + 2];
		out[0] = b64[(v >> 18) & 63];
		out[1] = b64[(v >> 12) & 63];
		out[2] = i + 1 < n ? b64[(v >> 6) & 63] : '=';
		out[3] = i + 2 < n ? b64[v & 63] : '=';
		put(t, out, 4);
	}
}

/* "Subject: " and the subject, as encoded-words on folded lines when it
 * is not all printable ASCII. */
static void
subject_header(struct text *t, const char *s)
{
	size_t n = strlen(s), i, k;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x7f)
			break;
	if (i == n) {
		putf(t, "Subject: %s\n", s);
		return;
	}
	put(t, "Subject:", 8);
	for (i = 0; i < n; i += k) {
		k = n - i < WORD_BYTES ? n - i : WORD_BYTES;
		/* Never cut a character: back up over continuation bytes. */
		while (i + k < n && k > 1 &&
		    ((unsigned char)s[i + k] & 0xc0) == 0x80)
			k--;
		put(t, i == 0 ? " =?UTF-8?B?" : "\n =?UTF-8?B?", i == 0 ? 11 : 12);
		base64(t, (const unsigned char *)s + i, k);
		put(t, "?=", 2);
	}
	put(t, "\n", 1);
}

/* "Sun, 06 Dec 2026 02:54:16 +0000" */
static void
rfc5322_date(int64_t now, char buf[40])
{
	static const char *const wd[] = { "Thu", "Fri", "Sat", "Sun", "Mon",
	    "Tue", "Wed" };
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int64_t days = now / SECS_PER_DAY, secs = now % SECS_PER_DAY;
	int y;
	unsigned m, d;

	if (secs < 0) {
		secs += SECS_PER_DAY;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	snprintf(buf, 40, "%s, %02u %s %04d %02d:%02d:%02d +0000",
	    wd[((days % 7) + 7) % 7], d, mon[m - 1], y, (int)(secs / 3600),
	    (int)(secs / 60 % 60), (int)(secs % 60));
}

char *
message_text(const struct snapshot *snap, const struct alert *a,
    const struct step *st, int64_t now, const char *host)
{
	const struct team *tm = &snap->teams[st->team];
	const struct channel *ch = &tm->channels[st->channel];
	const char *address = channel_address(tm, ch, a->esc.since);
	struct text t = { NULL, 0, 0 };
	char date[40], created[TIMEFMT_LEN], *subject, *key, *summary;

	if (address == NULL)
		address = "(nobody on duty)";
	key = flat(a->key);
	summary = flat(a->summary);
	if (ch->type == CHANNEL_EMAIL) {
		subject = message_subject(snap, a, st);
		rfc5322_date(now, date);
		putf(&t, "To: %s\n", address);
		subject_header(&t, subject);
		putf(&t, "Date: %s\n", date);
		putf(&t, "Message-ID: <oncalld.%lld.%zu.%lld@%s>\n",
		    (long long)a->id, a->esc.step, (long long)now, host);
		putf(&t, "%s", "MIME-Version: 1.0\n"
		    "Content-Type: text/plain; charset=utf-8\n"
		    "Content-Transfer-Encoding: 8bit\n"
		    "Auto-Submitted: auto-generated\n\n");
		free(subject);
	}
	time_format_utc(a->created, created);
	putf(&t, "Alert %lld on route %s\n", (long long)a->id, a->route);
	putf(&t, "Key: %s\n", key);
	if (a->summary != NULL)
		putf(&t, "Summary: %s\n", summary);
	putf(&t, "Opened: %s (seen %ld time%s)\n", created, a->count,
	    a->count == 1 ? "" : "s");
	putf(&t, "Step %zu: %s/%s %s\n", a->esc.step + 1, tm->id, ch->id,
	    address);
	putf(&t, "\nAcknowledge it, or it escalates:\n"
	    "  oncall-now --ack %lld\n", (long long)a->id);
	free(key);
	free(summary);
	return t.p;
}
