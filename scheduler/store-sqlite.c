/* store-sqlite.c - the alert store in SQLite (libsqlite3 is included here
 * only): one file, alerts.sqlite, in the state folder.
 *
 * Write-ahead logging with synchronous=FULL: a commit is on disk when it
 * returns, and readers go on reading the last commit while a writer
 * commits. The writer and the reader each have their own connection, so
 * the daemon's commit thread never holds up the requests it answers.
 * The schema's version is SQLite's user_version; each migration takes it
 * one step further, inside the transaction that applies it.
 */
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "schedule.h"
#include "store.h"
#include "xmalloc.h"

#define STORE_FILE	"alerts.sqlite"

/* migrations[i] takes the schema from version i to i + 1. */
static const char *const migrations[] = {
	"CREATE TABLE alerts ("
	"  id INTEGER PRIMARY KEY,"
	"  route TEXT NOT NULL,"
	"  key TEXT NOT NULL,"
	"  summary TEXT,"
	"  state INTEGER NOT NULL,"
	"  created INTEGER NOT NULL,"
	"  updated INTEGER NOT NULL,"
	"  count INTEGER NOT NULL,"
	"  step INTEGER NOT NULL,"
	"  round INTEGER NOT NULL,"
	"  since INTEGER NOT NULL,"
	"  due INTEGER NOT NULL,"
	"  exhausted INTEGER NOT NULL);"
	"CREATE INDEX alerts_state ON alerts (state, id);"
	"CREATE TABLE events ("
	"  seq INTEGER PRIMARY KEY,"
	"  alert INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,"
	"  at INTEGER NOT NULL,"
	"  kind INTEGER NOT NULL,"
	"  step INTEGER,"
	"  address TEXT,"
	"  by TEXT,"
	"  late INTEGER NOT NULL);"
	"CREATE INDEX events_alert ON events (alert, seq);",
};
#define SCHEMA_VERSION	((int)(sizeof(migrations) / sizeof(migrations[0])))

#define ALERT_COLUMNS	"id, route, key, summary, state, created, updated, " \
			"count, step, round, since, due, exhausted"

struct store {
	sqlite3		*w;		/* writer side */
	sqlite3		*r;		/* reader side */
	sqlite3_stmt	*put_alert;
	sqlite3_stmt	*put_event;
	int64_t		 last_id;
};

static void
db_error(sqlite3 *db, const char *what, char *err, size_t errlen)
{
	snprintf(err, errlen, "%s: %s", what, db != NULL ?
	    sqlite3_errmsg(db) : "out of memory");
}

static int
exec(sqlite3 *db, const char *sql, char *err, size_t errlen)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	snprintf(err, errlen, "%s", msg != NULL ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	return -1;
}

static sqlite3 *
connect(const char *path, int flags, char *err, size_t errlen)
{
	sqlite3 *db = NULL;

	if (sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		db_error(db, path, err, errlen);
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 10000);
	sqlite3_extended_result_codes(db, 1);
	return db;
}

static int
user_version(sqlite3 *db, int *v)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) !=
	    SQLITE_OK)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* Takes the schema to SCHEMA_VERSION, one migration a transaction. */
static int
migrate(sqlite3 *db, const char *path, char *err, size_t errlen)
{
	char sql[64], msg[256];
	int v;

	for (;;) {
		if (exec(db, "BEGIN IMMEDIATE", msg, sizeof(msg)) == -1 ||
		    user_version(db, &v) == -1) {
			snprintf(err, errlen, "%s: %s", path, msg);
			return -1;
		}
		if (v > SCHEMA_VERSION) {
			exec(db, "ROLLBACK", msg, sizeof(msg));
			snprintf(err, errlen, "%s: schema version %d is newer "
			    "than this oncalld's (%d)", path, v,
			    SCHEMA_VERSION);
			return -1;
		}
		if (v == SCHEMA_VERSION)
			return exec(db, "COMMIT", err, errlen);
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v + 1);
		if (exec(db, migrations[v], msg, sizeof(msg)) == -1 ||
		    exec(db, sql, msg, sizeof(msg)) == -1 ||
		    exec(db, "COMMIT", msg, sizeof(msg)) == -1) {
			exec(db, "ROLLBACK", sql, sizeof(sql));
			snprintf(err, errlen, "%s: migration to schema version "
			    "%d: %s", path, v + 1, msg);
			return -1;
		}
	}
}

struct store *
store_open(const char *dir, char *err, size_t errlen)
{
	struct store *s = xcalloc(1, sizeof(*s));
	sqlite3_stmt *st;
	char *path;

	if (mkdir(dir, 0750) == -1 && errno != EEXIST) {
		snprintf(err, errlen, "%s: cannot create the state folder: %s",
		    dir, strerror(errno));
		free(s);
		return NULL;
	}
	if (asprintf(&path, "%s/%s", dir, STORE_FILE) == -1)
		abort();
	s->w = connect(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, err,
	    errlen);
	if (s->w == NULL)
		goto fail;
	if (exec(s->w, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
	    "PRAGMA foreign_keys = ON", err, errlen) == -1 ||
	    migrate(s->w, path, err, errlen) == -1)
		goto fail;
	s->r = connect(path, SQLITE_OPEN_READONLY, err, errlen);
	if (s->r == NULL)
		goto fail;
	if (sqlite3_prepare_v2(s->w, "INSERT INTO alerts (" ALERT_COLUMNS ") "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) "
	    "ON CONFLICT (id) DO UPDATE SET summary = ?4, state = ?5, "
	    "updated = ?7, count = ?8, step = ?9, round = ?10, since = ?11, "
	    "due = ?12, exhausted = ?13", -1, &s->put_alert, NULL) !=
	    SQLITE_OK ||
	    sqlite3_prepare_v2(s->w, "INSERT INTO events (alert, at, kind, "
	    "step, address, by, late) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	    -1, &s->put_event, NULL) != SQLITE_OK) {
		db_error(s->w, path, err, errlen);
		goto fail;
	}
	if (sqlite3_prepare_v2(s->r, "SELECT max(id) FROM alerts", -1, &st,
	    NULL) != SQLITE_OK) {
		db_error(s->r, path, err, errlen);
		goto fail;
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		s->last_id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	free(path);
	return s;
fail:
	free(path);
	store_close(s);
	return NULL;
}

void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	sqlite3_finalize(s->put_alert);
	sqlite3_finalize(s->put_event);
	sqlite3_close(s->r);
	sqlite3_close(s->w);
	free(s);
}

int64_t
store_last_id(struct store *s)
{
	return s->last_id;
}

static void
bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

static int
put_alert(struct store *s, const struct alert *a)
{
	sqlite3_stmt *st = s->put_alert;
	int rc;

	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, a->id);
	bind_text(st, 2, a->route);
	bind_text(st, 3, a->key);
	bind_text(st, 4, a->summary);
	sqlite3_bind_int(st, 5, (int)a->state);
	sqlite3_bind_int64(st, 6, a->created);
	sqlite3_bind_int64(st, 7, a->updated);
	sqlite3_bind_int64(st, 8, a->count);
	sqlite3_bind_int64(st, 9, (sqlite3_int64)a->esc.step);
	sqlite3_bind_int64(st, 10, a->esc.round);
	sqlite3_bind_int64(st, 11, a->esc.since);
	sqlite3_bind_int64(st, 12, a->esc.due);
	sqlite3_bind_int(st, 13, a->esc.exhausted);
	rc = sqlite3_step(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
put_event(struct store *s, const struct alert_event *e)
{
	sqlite3_stmt *st = s->put_event;
	int rc;

	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, e->alert);
	sqlite3_bind_int64(st, 2, e->at);
	sqlite3_bind_int(st, 3, (int)e->kind);
	if (e->step < 0)
		sqlite3_bind_null(st, 4);
	else
		sqlite3_bind_int64(st, 4, e->step);
	bind_text(st, 5, e->address);
	bind_text(st, 6, e->by);
	sqlite3_bind_int(st, 7, e->late);
	rc = sqlite3_step(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
store_write(struct store *s, const struct store_op *ops, size_t n, char *err,
    size_t errlen)
{
	char msg[64];
	size_t i;
	int64_t last = s->last_id;

	if (exec(s->w, "BEGIN IMMEDIATE", err, errlen) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (ops[i].alert != NULL ? put_alert(s, ops[i].alert) :
		    put_event(s, ops[i].event)) {
			db_error(s->w, "write", err, errlen);
			exec(s->w, "ROLLBACK", msg, sizeof(msg));
			return -1;
		}
		if (ops[i].alert != NULL && ops[i].alert->id > last)
			last = ops[i].alert->id;
	}
	if (exec(s->w, "COMMIT", err, errlen) == -1) {
		exec(s->w, "ROLLBACK", msg, sizeof(msg));
		return -1;
	}
	s->last_id = last;
	return 0;
}

long
store_purge(struct store *s, int64_t before, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->w, "DELETE FROM alerts WHERE state = ?1 AND "
	    "updated < ?2", -1, &st, NULL) != SQLITE_OK) {
		db_error(s->w, "purge", err, errlen);
		return -1;
	}
	sqlite3_bind_int(st, 1, ALERT_RESOLVED);
	sqlite3_bind_int64(st, 2, before);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_error(s->w, "purge", err, errlen);
		return -1;
	}
	return (long)sqlite3_changes(s->w);
}

static void
read_alert(sqlite3_stmt *st, struct alert *a)
{
	const char *v;

	memset(a, 0, sizeof(*a));
	a->id = sqlite3_column_int64(st, 0);
	a->route = xstrdup((const char *)sqlite3_column_text(st, 1));
	a->key = xstrdup((const char *)sqlite3_column_text(st, 2));
	v = (const char *)sqlite3_column_text(st, 3);
	a->summary = xstrdup_null(v);
	a->state = (enum alert_state)sqlite3_column_int(st, 4);
	if (a->state > ALERT_RESOLVED)
		a->state = ALERT_TRIGGERED;
	a->created = sqlite3_column_int64(st, 5);
	a->updated = sqlite3_column_int64(st, 6);
	a->count = (long)sqlite3_column_int64(st, 7);
	a->esc.step = (size_t)sqlite3_column_int64(st, 8);
	a->esc.round = (long)sqlite3_column_int64(st, 9);
	a->esc.since = sqlite3_column_int64(st, 10);
	a->esc.due = sqlite3_column_int64(st, 11);
	a->esc.exhausted = sqlite3_column_int(st, 12) != 0;
}

int
store_alerts(struct store *s, bool all, enum alert_state state,
    bool open_only, const char *route, struct alert **out, size_t *n,
    char *err, size_t errlen)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(s->r, "SELECT " ALERT_COLUMNS " FROM alerts "
	    "WHERE (?1 OR state = ?2) AND (NOT ?3 OR state != ?4) AND "
	    "(?5 IS NULL OR route = ?5) ORDER BY id", -1, &st, NULL) !=
	    SQLITE_OK) {
		db_error(s->r, "read", err, errlen);
		return -1;
	}
	sqlite3_bind_int(st, 1, all || open_only);
	sqlite3_bind_int(st, 2, (int)state);
	sqlite3_bind_int(st, 3, open_only);
	sqlite3_bind_int(st, 4, ALERT_RESOLVED);
	bind_text(st, 5, route);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xreallocarray(*out, cap, sizeof(**out));
		}
		read_alert(st, &(*out)[(*n)++]);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_error(s->r, "read", err, errlen);
		store_free_alerts(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

int
store_alert(struct store *s, int64_t id, struct alert *out, char *err,
    size_t errlen)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->r, "SELECT " ALERT_COLUMNS " FROM alerts "
	    "WHERE id = ?1", -1, &st, NULL) != SQLITE_OK) {
		db_error(s->r, "read", err, errlen);
		return -1;
	}
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_alert(st, out);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	db_error(s->r, "read", err, errlen);
	return -1;
}

int
store_events(struct store *s, int64_t id, struct alert_event **out,
    size_t *n, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	struct alert_event *e;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(s->r, "SELECT at, kind, step, address, by, "
	    "late FROM events WHERE alert = ?1 ORDER BY seq", -1, &st,
	    NULL) != SQLITE_OK) {
		db_error(s->r, "read", err, errlen);
		return -1;
	}
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xreallocarray(*out, cap, sizeof(**out));
		}
		e = &(*out)[(*n)++];
		memset(e, 0, sizeof(*e));
		e->alert = id;
		e->at = sqlite3_column_int64(st, 0);
		e->kind = (enum alert_event_kind)sqlite3_column_int(st, 1);
		if (e->kind > EVENT_RESOLVED)
			e->kind = EVENT_CREATED;
		e->step = sqlite3_column_type(st, 2) == SQLITE_NULL ? -1 :
		    (long)sqlite3_column_int64(st, 2);
		e->address = xstrdup_null((const char *)
		    sqlite3_column_text(st, 3));
		e->by = xstrdup_null((const char *)sqlite3_column_text(st, 4));
		e->late = sqlite3_column_int(st, 5) != 0;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_error(s->r, "read", err, errlen);
		store_free_events(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}
