/* test_answer_key.c - protocol_key(), which the daemon's answer cache
 * trusts: every request it accepts must get, from protocol_answer(), the
 * very bytes of any other request with the same key; everything else
 * (errors included) must be refused so that protocol_answer() answers it.
 * Against the shipped teams (tests/data/config/teams.conf).
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "protocol.h"
#include "snapshot.h"

#define CONFIG		"tests/data/config/teams.conf"
#define NOW		INT64_C(1795420800)	/* 2026-11-23T08:00:00Z */

static struct snapshot *snap;

static void
setup(void)
{
	struct diags d = DIAGS_INITIALIZER;

	snap = snapshot_load(CONFIG, NOW, &d);
	if (snap == NULL)
		diags_print(&d, stderr);
	ck_assert_ptr_nonnull(snap);
	diags_free(&d);
}

static void
teardown(void)
{
	snapshot_free(snap);
}

static char *
answer(const char *line, int64_t now)
{
	enum proto_verb verb;
	char *a = protocol_answer(snap, line, strlen(line), now, &verb);

	ck_assert_ptr_nonnull(a);
	return a;
}

/* As the daemon uses it: the key of a request naming an unknown id does
 * not stand for an answer. */
static int
key(const char *line, int64_t now, struct proto_key *k)
{
	char id[300];

	if (protocol_key(line, strlen(line), now, k) == -1)
		return -1;
	if (k->id != NULL) {
		ck_assert_uint_lt(k->idlen, sizeof(id));
		memcpy(id, k->id, k->idlen);
		id[k->idlen] = '\0';
		if (snapshot_find(snap, id) == NULL)
			return -1;
	}
	return 0;
}

static int
same_id(const struct proto_key *a, const struct proto_key *b)
{
	if (a->id == NULL || b->id == NULL)
		return a->id == b->id;
	return a->idlen == b->idlen && memcmp(a->id, b->id, a->idlen) == 0;
}

/* Each group: requests that must share one key and one answer. */
START_TEST(equal_keys_equal_answers)
{
	static const char *const groups[][6] = {
		{ "PING", "ping", " PING ", "\tPiNg", NULL },
		{ "NOW cpcert", "now cpcert", "NOW  cpcert ", "NOW\tcpcert",
		  "NOW cpcert at=@1795420800", NULL },
		{ "NOW cpcert at=2026-11-23T14:00:00Z", "NOW at=@1795442400 "
		  "cpcert", "now CPCERT at=x", NULL },	/* last: refused */
		{ "NOW cpcert AT=2026-11-23T09:00:00-05:00",
		  "NOW cpcert at=2026-11-23T14:00:00.9Z", NULL },
		{ "NOW schneider-vulnerability", "Now schneider-vulnerability "
		  "at=@1795420800", NULL },
		{ "NOW", "now at=@1795420800", "NOW at=2026-11-23T08:00:00Z",
		  NULL },
	};
	struct proto_key k0, k;
	char *a0, *a;
	size_t g, i;

	for (g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
		ck_assert_int_eq(key(groups[g][0], NOW, &k0), 0);
		a0 = answer(groups[g][0], NOW);
		for (i = 1; groups[g][i] != NULL; i++) {
			if (key(groups[g][i], NOW, &k) == -1)
				continue;	/* refused: answered in full */
			ck_assert_int_eq(k.verb, k0.verb);
			ck_assert(same_id(&k, &k0));
			ck_assert_int_eq(k.at, k0.at);
			a = answer(groups[g][i], NOW);
			ck_assert_str_eq(a, a0);
			free(a);
		}
		free(a0);
	}
}
END_TEST

/* The key holds the instant the answer is for, and the entity asked. */
START_TEST(key_fields)
{
	struct proto_key k;

	ck_assert_int_eq(key("NOW cpcert", NOW + 5, &k), 0);
	ck_assert_int_eq(k.verb, VERB_NOW);
	ck_assert_int_eq(k.at, NOW + 5);
	ck_assert_uint_eq(k.idlen, 6);
	ck_assert(memcmp(k.id, "cpcert", 6) == 0);
	ck_assert_int_eq(key("NOW tha-cert at=@1795442400", NOW, &k), 0);
	ck_assert_int_eq(k.at, INT64_C(1795442400));
	ck_assert_uint_eq(k.idlen, 8);
	ck_assert(memcmp(k.id, "tha-cert", 8) == 0);
	ck_assert_int_eq(key("NOW", NOW, &k), 0);
	ck_assert_ptr_null(k.id);
	ck_assert_int_eq(key("PING", NOW, &k), 0);
	ck_assert_int_eq(k.verb, VERB_PING);
	ck_assert_int_eq(k.at, 0);
}
END_TEST

/* Answers that are errors, or depend on more than the key, are refused. */
START_TEST(refused)
{
	static const char *const lines[] = {
		"", "   ", "PING x", "PING at=@1", "NOW nosuch", "NOW CPCERT",
		"NOW cpcert extra", "NOW cpcert at=@1 at=@2", "NOW cpcert at=",
		"NOW cpcert at=bad", "NOW cpcert count=3", "NOW cpcert x=1",
		"NOW cpcert at=@99999999999", "NEXT cpcert", "SHIFTS cpcert",
		"LIST", "HELP", "STATS", "WATCH", "RELOAD", "QUIT", "ICS cpcert",
		"NOWX cpcert", "a b c d e f g h i", NULL
	};
	struct proto_key k;
	size_t i;

	for (i = 0; lines[i] != NULL; i++)
		ck_assert_msg(key(lines[i], NOW, &k) == -1, "accepted: %s",
		    lines[i]);
	/* A NUL byte inside the line. */
	ck_assert_int_eq(protocol_key("NOW cpcert\0x", 12, NOW, &k), -1);
	ck_assert_int_eq(protocol_key("NOW cp\0cert", 11, NOW, &k), -1);
}
END_TEST

/* The cache's premise: the same key at a later call gives the same bytes
 * (nothing but the key and the snapshot goes into the answer). */
START_TEST(repeatable)
{
	static const char *const lines[] = {
		"NOW cpcert", "NOW tha-cert", "NOW se-cert",
		"NOW schneider-vulnerability", "NOW thales-incident", "NOW",
		NULL
	};
	int64_t t;
	size_t i;
	char *a, *b;

	for (i = 0; lines[i] != NULL; i++)
		for (t = NOW - 86400; t < NOW + 7 * 86400; t += 3 * 3600 + 7) {
			a = answer(lines[i], t);
			b = answer(lines[i], t);
			ck_assert_str_eq(a, b);
			free(a);
			free(b);
		}
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("answer_key");
	TCase *tc = tcase_create("key");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, equal_keys_equal_answers);
	tcase_add_test(tc, key_fields);
	tcase_add_test(tc, refused);
	tcase_add_test(tc, repeatable);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
