/* test_message.c - the text of notifications (message.c) at a fixed time:
 * RFC 5322 headers for e-mail channels, RFC 2047 encoded-words that never
 * cut a character, no header injection from a client's summary, and the
 * plain body for other channels. Fixture: tests/data/deliver/message.conf.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "message.h"
#include "snapshot.h"
#include "store.h"

#define FIXTURE	"tests/data/deliver/message.conf"
/* Sun 2026-12-06T02:54:16Z */
#define NOW	INT64_C(1796525656)

static struct snapshot *snap;

static void
setup(void)
{
	struct diags d = DIAGS_INITIALIZER;

	snap = snapshot_load(FIXTURE, NOW, &d);
	ck_assert_msg(snap != NULL, "cannot load %s", FIXTURE);
	diags_free(&d);
}

static void
teardown(void)
{
	snapshot_free(snap);
}

static struct alert
alert(const char *summary)
{
	struct alert a;

	memset(&a, 0, sizeof(a));
	a.id = 12;
	a.route = (char *)(uintptr_t)"r";
	a.key = (char *)(uintptr_t)"k";
	a.summary = (char *)(uintptr_t)summary;
	a.created = NOW;
	a.count = 1;
	return a;
}

static const struct step *
step(size_t channel)
{
	static struct step st;

	st.team = 0;
	st.channel = channel;
	return &st;
}

START_TEST(email_headers)
{
	struct alert a = alert("disk full");
	char *m = message_text(snap, &a, step(0), NOW, "host.example");

	ck_assert_msg(strncmp(m, "To: soc@example.org\n"
	    "Subject: [URGENT] oncalld alert 12 on r: disk full\n"
	    "Date: Sun, 06 Dec 2026 02:54:16 +0000\n"
	    "Message-ID: <oncalld.12.0.1796525656@host.example>\n"
	    "MIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=utf-8\n"
	    "Content-Transfer-Encoding: 8bit\n"
	    "Auto-Submitted: auto-generated\n\n"
	    "Alert 12 on route r\n", 302) == 0, "%s", m);
	free(m);
}
END_TEST

START_TEST(no_header_injection)
{
	struct alert a = alert("x\r\nBcc: victim@example.org\n\nbody");
	char *m = message_text(snap, &a, step(0), NOW, "h");
	char *s = message_subject(snap, &a, step(0));

	ck_assert_ptr_null(strstr(m, "\nBcc:"));
	ck_assert_ptr_null(strchr(s, '\n'));
	ck_assert_ptr_null(strchr(s, '\r'));
	free(m);
	free(s);
}
END_TEST

/* Each encoded-word holds whole characters and stays within 75 bytes. */
START_TEST(encoded_words)
{
	struct alert a = alert("Überlastung — ラックの温度が高すぎます — "
	    "température élevée dans la salle serveurs numéro deux");
	char *m = message_text(snap, &a, step(0), NOW, "h");
	char *p = strstr(m, "Subject:"), *end = strstr(m, "\nDate:");
	char *w, *q;
	int words = 0;

	ck_assert_ptr_nonnull(p);
	for (w = strstr(p, "=?UTF-8?B?"); w != NULL && w < end;
	    w = strstr(q, "=?UTF-8?B?")) {
		q = strstr(w, "?=");
		ck_assert_ptr_nonnull(q);
		q += 2;
		ck_assert_int_le(q - w, 75);
		words++;
	}
	ck_assert_int_ge(words, 3);
	/* Python's email package decodes it back: see deliver.sh. */
	free(m);
}
END_TEST

START_TEST(plain_for_other_channels)
{
	struct alert a = alert(NULL);
	char *m = message_text(snap, &a, step(1), NOW, "h");

	ck_assert_msg(strcmp(m, "Alert 12 on route r\n"
	    "Key: k\n"
	    "Opened: 2026-12-06T02:54:16Z (seen 1 time)\n"
	    "Step 1: soc/pager +33 1 00 00 00 00\n"
	    "\nAcknowledge it, or it escalates:\n"
	    "  oncall-now --ack 12\n") == 0, "%s", m);
	free(m);
	m = message_subject(snap, &a, step(1));
	ck_assert_str_eq(m, "oncalld alert 12 on r: k");
	free(m);
}
END_TEST

static Suite *
message_suite(void)
{
	Suite *s = suite_create("message");
	TCase *tc = tcase_create("message");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, email_headers);
	tcase_add_test(tc, no_header_injection);
	tcase_add_test(tc, encoded_words);
	tcase_add_test(tc, plain_for_other_channels);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(message_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
