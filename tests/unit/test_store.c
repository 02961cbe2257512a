/* test_store.c - the SQLite alert store (store-sqlite.c) in a temporary
 * folder: groups written and read back across a reopen, filters, a failed
 * group leaving nothing behind, the schema version, and retention.
 */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "schedule.h"
#include "store.h"

static char dir[64];

static void
setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/oncalld-test-store.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static struct store *
open_store(void)
{
	char err[256];
	struct store *s = store_open(dir, err, sizeof(err));

	ck_assert_msg(s != NULL, "%s", err);
	return s;
}

static struct alert
make_alert(int64_t id, const char *route, const char *key,
    enum alert_state state, int64_t at)
{
	struct alert a;

	memset(&a, 0, sizeof(a));
	a.id = id;
	a.route = (char *)(uintptr_t)route;
	a.key = (char *)(uintptr_t)key;
	a.summary = (char *)(uintptr_t)"disk \"db1\" full";
	a.state = state;
	a.created = a.updated = at;
	a.count = 1;
	a.esc.step = 1;
	a.esc.round = 2;
	a.esc.since = at;
	a.esc.due = SCHED_NEVER;
	a.esc.exhausted = true;
	return a;
}

static void
write_ok(struct store *s, const struct store_op *ops, size_t n)
{
	char err[256];

	ck_assert_msg(store_write(s, ops, n, err, sizeof(err)) == 0, "%s",
	    err);
}

START_TEST(write_reopen_read)
{
	struct store *s = open_store();
	struct alert a = make_alert(7, "r1", "k1", ALERT_TRIGGERED, 1000), b;
	struct alert_event ev = { 7, 1000, EVENT_CREATED, 0, NULL, NULL,
	    false };
	struct alert_event sent = { 7, 1001, EVENT_SENT, 1,
	    (char *)(uintptr_t)"a@example.org", NULL, true };
	struct store_op ops[] = { { &a, NULL }, { NULL, &ev },
	    { NULL, &sent } };
	struct alert_event *evs;
	struct stat sb;
	char err[256], wal[128];
	size_t n;

	write_ok(s, ops, 3);
	ck_assert_int_eq(store_last_id(s), 7);
	/* Write-ahead logging. */
	snprintf(wal, sizeof(wal), "%s/alerts.sqlite-wal", dir);
	ck_assert_int_eq(stat(wal, &sb), 0);
	store_close(s);

	s = open_store();
	ck_assert_int_eq(store_last_id(s), 7);
	ck_assert_int_eq(store_alert(s, 7, &b, err, sizeof(err)), 1);
	ck_assert_str_eq(b.route, "r1");
	ck_assert_str_eq(b.key, "k1");
	ck_assert_str_eq(b.summary, "disk \"db1\" full");
	ck_assert_int_eq(b.state, ALERT_TRIGGERED);
	ck_assert_int_eq(b.esc.step, 1);
	ck_assert_int_eq(b.esc.round, 2);
	ck_assert(b.esc.due == SCHED_NEVER);
	ck_assert(b.esc.exhausted);
	alert_clear(&b);
	ck_assert_int_eq(store_alert(s, 8, &b, err, sizeof(err)), 0);

	ck_assert_int_eq(store_events(s, 7, &evs, &n, err, sizeof(err)), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(evs[0].kind, EVENT_CREATED);
	ck_assert_int_eq(evs[0].step, 0);
	ck_assert_ptr_null(evs[0].address);
	ck_assert_int_eq(evs[1].kind, EVENT_SENT);
	ck_assert_str_eq(evs[1].address, "a@example.org");
	ck_assert(evs[1].late);
	store_free_events(evs, n);

	/* The same id again is an update of the whole state. */
	a.state = ALERT_ACKNOWLEDGED;
	a.count = 3;
	a.updated = 1100;
	write_ok(s, ops, 1);
	ck_assert_int_eq(store_alert(s, 7, &b, err, sizeof(err)), 1);
	ck_assert_int_eq(b.state, ALERT_ACKNOWLEDGED);
	ck_assert_int_eq(b.count, 3);
	ck_assert_int_eq(b.created, 1000);
	ck_assert_int_eq(b.updated, 1100);
	alert_clear(&b);
	store_close(s);
}
END_TEST

START_TEST(filters)
{
	struct store *s = open_store();
	struct alert a1 = make_alert(1, "r1", "k", ALERT_TRIGGERED, 10);
	struct alert a2 = make_alert(2, "r2", "k", ALERT_ACKNOWLEDGED, 10);
	struct alert a3 = make_alert(3, "r1", "j", ALERT_RESOLVED, 10);
	struct store_op ops[] = { { &a1, NULL }, { &a2, NULL },
	    { &a3, NULL } };
	struct alert *v;
	char err[256];
	size_t n;

	write_ok(s, ops, 3);
	ck_assert_int_eq(store_alerts(s, false, 0, true, NULL, &v, &n, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(v[0].id, 1);
	ck_assert_int_eq(v[1].id, 2);
	store_free_alerts(v, n);
	ck_assert_int_eq(store_alerts(s, true, 0, false, NULL, &v, &n, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(n, 3);
	store_free_alerts(v, n);
	ck_assert_int_eq(store_alerts(s, false, ALERT_RESOLVED, false, NULL,
	    &v, &n, err, sizeof(err)), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(v[0].id, 3);
	store_free_alerts(v, n);
	ck_assert_int_eq(store_alerts(s, true, 0, false, "r1", &v, &n, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(v[0].id, 1);
	ck_assert_int_eq(v[1].id, 3);
	store_free_alerts(v, n);
	store_close(s);
}
END_TEST

START_TEST(failed_group_leaves_nothing)
{
	struct store *s = open_store();
	struct alert a = make_alert(5, "r1", "k", ALERT_TRIGGERED, 10), b;
	/* An event of an alert that does not exist breaks the group. */
	struct alert_event orphan = { 99, 10, EVENT_CREATED, 0, NULL, NULL,
	    false };
	struct store_op ops[] = { { &a, NULL }, { NULL, &orphan } };
	char err[256];

	ck_assert_int_eq(store_write(s, ops, 2, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "FOREIGN KEY") != NULL, "%s", err);
	ck_assert_int_eq(store_alert(s, 5, &b, err, sizeof(err)), 0);
	ck_assert_int_eq(store_last_id(s), 0);
	/* The store goes on working. */
	write_ok(s, ops, 1);
	ck_assert_int_eq(store_last_id(s), 5);
	store_close(s);
}
END_TEST

START_TEST(newer_schema_refused)
{
	char cmd[256], err[256];
	struct store *s = open_store();

	store_close(s);
	snprintf(cmd, sizeof(cmd), "python3 -c \"import sqlite3; "
	    "c = sqlite3.connect('%s/alerts.sqlite'); "
	    "c.execute('PRAGMA user_version = 99'); c.commit()\"", dir);
	ck_assert_int_eq(system(cmd), 0);
	s = store_open(dir, err, sizeof(err));
	ck_assert_ptr_null(s);
	ck_assert_msg(strstr(err, "schema version 99 is newer than this "
	    "oncalld's (1)") != NULL, "%s", err);
}
END_TEST

START_TEST(unwritable_folder)
{
	char err[256], path[128];
	struct store *s;

	snprintf(path, sizeof(path), "%s/no/such/folder", dir);
	s = store_open(path, err, sizeof(err));
	ck_assert_ptr_null(s);
	ck_assert_msg(strstr(err, "cannot create the state folder") != NULL,
	    "%s", err);
}
END_TEST

START_TEST(retention)
{
	struct store *s = open_store();
	struct alert old = make_alert(1, "r1", "a", ALERT_RESOLVED, 100);
	struct alert young = make_alert(2, "r1", "b", ALERT_RESOLVED, 5000);
	struct alert open = make_alert(3, "r1", "c", ALERT_TRIGGERED, 100);
	struct alert_event ev = { 1, 100, EVENT_CREATED, 0, NULL, NULL,
	    false };
	struct store_op ops[] = { { &old, NULL }, { &young, NULL },
	    { &open, NULL }, { NULL, &ev } };
	struct alert_event *evs;
	struct alert b;
	char err[256];
	size_t n;

	write_ok(s, ops, 4);
	ck_assert_int_eq(store_purge(s, 1000, err, sizeof(err)), 1);
	ck_assert_int_eq(store_alert(s, 1, &b, err, sizeof(err)), 0);
	ck_assert_int_eq(store_alert(s, 2, &b, err, sizeof(err)), 1);
	alert_clear(&b);
	ck_assert_int_eq(store_alert(s, 3, &b, err, sizeof(err)), 1);
	alert_clear(&b);
	/* Its timeline went with it. */
	ck_assert_int_eq(store_events(s, 1, &evs, &n, err, sizeof(err)), 0);
	ck_assert_uint_eq(n, 0);
	free(evs);
	store_close(s);
}
END_TEST

static Suite *
store_suite(void)
{
	Suite *s = suite_create("store");
	TCase *tc = tcase_create("sqlite");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, write_reopen_read);
	tcase_add_test(tc, filters);
	tcase_add_test(tc, failed_group_leaves_nothing);
	tcase_add_test(tc, newer_schema_refused);
	tcase_add_test(tc, unwritable_folder);
	tcase_add_test(tc, retention);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(store_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
