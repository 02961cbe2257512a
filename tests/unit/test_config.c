/* test_config.c - configuration loading (SPEC 4): every class of mistake is
 * reported as "file:line: setting: problem", all of them in one pass, and
 * the shipped config/oncalld.conf loads with the seed documents' facts.
 *
 * The fixtures are under tests/data/config/; the tests run from the top of
 * the source tree, as "make check" runs them.
 */
#include <check.h>
#include <grp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "diag.h"
#include "snapshot.h"
#include "xmalloc.h"

#define D		"tests/data/config/"
#define NOW		INT64_C(1795420800)	/* 2026-11-23T08:00:00Z */

static struct diags	 diags;
static struct snapshot	*snap;

static void
setup(void)
{
	diags.v = NULL;
	diags.n = diags.cap = 0;
	snap = NULL;
}

static void
teardown(void)
{
	snapshot_free(snap);
	diags_free(&diags);
}

/* Every diagnostic, one a line, for failure messages. */
static const char *
all_diags(void)
{
	static char out[16384];
	char line[2048];
	size_t i;

	out[0] = '\0';
	for (i = 0; i < diags.n; i++) {
		diag_format(&diags.v[i], line, sizeof(line));
		strncat(out, "\n  ", sizeof(out) - strlen(out) - 1);
		strncat(out, line, sizeof(out) - strlen(out) - 1);
	}
	return out;
}

/* Loads PATH, which must fail with exactly N diagnostics. */
static void
load_bad(const char *path, size_t n)
{
	snap = snapshot_load(path, NOW, &diags);
	ck_assert_msg(snap == NULL, "%s loaded", path);
	ck_assert_msg(diags.n == n, "%s: %zu diagnostics, expected %zu:%s",
	    path, diags.n, n, all_diags());
}

/* Some diagnostic reads exactly TEXT. */
static void
expect(const char *text)
{
	char line[2048];
	size_t i;

	for (i = 0; i < diags.n; i++) {
		diag_format(&diags.v[i], line, sizeof(line));
		if (strcmp(line, text) == 0)
			return;
	}
	ck_abort_msg("no diagnostic\n  %s\namong:%s", text, all_diags());
}

/* Some diagnostic is for FILE at LINE and contains PART. */
static void
expect_part(const char *file, int line, const char *part)
{
	size_t i;

	for (i = 0; i < diags.n; i++)
		if (diags.v[i].file != NULL &&
		    strcmp(diags.v[i].file, file) == 0 &&
		    diags.v[i].line == line &&
		    strstr(diags.v[i].text, part) != NULL)
			return;
	ck_abort_msg("no diagnostic %s:%d containing \"%s\" among:%s", file,
	    line, part, all_diags());
}

/* ---- the shipped configuration ----------------------------------- */

static const struct team *
team(const char *id)
{
	const struct entity *e = snapshot_find(snap, id);

	ck_assert_msg(e != NULL && e->kind == ENTITY_TEAM, "no team %s", id);
	return &snap->teams[e->index];
}

static const struct route *
route(const char *id)
{
	const struct entity *e = snapshot_find(snap, id);

	ck_assert_msg(e != NULL && e->kind == ENTITY_ROUTE, "no route %s", id);
	return &snap->routes[e->index];
}

static const struct channel *
channel(const struct team *t, const char *id)
{
	size_t i;

	for (i = 0; i < t->nchannels; i++)
		if (strcmp(t->channels[i].id, id) == 0)
			return &t->channels[i];
	ck_abort_msg("team %s has no channel %s", t->id, id);
	return NULL;
}

static void
expect_step(const struct step *st, const char *team_id, const char *ch_id)
{
	const struct team *t = &snap->teams[st->team];

	ck_assert_str_eq(t->id, team_id);
	ck_assert_str_eq(t->channels[st->channel].id, ch_id);
}

START_TEST(shipped_config)
{
	const struct team *t;
	const struct channel *ch;
	const struct route *r;

	snap = snapshot_load("config/oncalld.conf", NOW, &diags);
	ck_assert_msg(snap != NULL, "config/oncalld.conf:%s", all_diags());
	ck_assert_uint_eq(diags.n, 0);
	ck_assert_uint_eq(snap->nteams, 3);
	ck_assert_uint_eq(snap->nroutes, 3);
	ck_assert_uint_eq(snap->nindex, 6);

	ck_assert_str_eq(snap->daemon.socket, "/run/oncalld/oncalld.sock");
	ck_assert_uint_eq(snap->daemon.socket_mode, 0660);
	ck_assert_str_eq(snap->daemon.export_dir, "/var/lib/oncalld/feeds");
	ck_assert_int_eq(snap->daemon.max_clients, 1024);
	ck_assert_int_eq(snap->daemon.idle_timeout, 300);
	ck_assert_int_eq(snap->daemon.max_line, 4096);
	ck_assert_int_eq(snap->daemon.max_output, 1048576);
	ck_assert_int_eq(snap->daemon.max_shift_days, 400);
	ck_assert_int_eq(snap->daemon.max_next, 1000);

	/* The facts below are copied by hand from the seed documents. */
	t = team("se-cert");
	ck_assert_str_eq(t->name, "CERT Schneider Electric");
	ck_assert_str_eq(t->short_name, "SE-CERT");
	ck_assert_str_eq(t->hours_text, "24/7");
	ck_assert_int_eq(t->hours.kind, HOURS_ALWAYS);
	ck_assert_uint_eq(t->nchannels, 1);
	ch = channel(t, "email");
	ck_assert_int_eq(ch->type, CHANNEL_EMAIL);
	ck_assert_str_eq(ch->address, "cert@se.com");
	ck_assert_str_eq(ch->pgp_key_id, "0x1532593F");
	ck_assert_str_eq(ch->pgp_fingerprint,
	    "920C 07B4 A1C5 85C7 8698 8659 9918 81ED 1532 593F");

	t = team("cpcert");
	ck_assert_str_eq(t->name, "CPCERT Schneider Electric");
	ck_assert_str_eq(t->short_name, "CPCERT");
	ck_assert_str_eq(t->timezone, "America/New_York");
	ck_assert_str_eq(t->hours_text, "Mon-Fri 08:00-17:00");
	ck_assert_int_eq(t->hours.kind, HOURS_WEEKLY);
	ck_assert_uint_eq(t->nchannels, 1);
	ch = channel(t, "email");
	ck_assert_int_eq(ch->type, CHANNEL_EMAIL);
	ck_assert_str_eq(ch->address, "cpcert@se.com");
	ck_assert_str_eq(ch->pgp_key_id, "0xCF9F652C");
	ck_assert_str_eq(ch->pgp_fingerprint,
	    "E38F 0E4A 8541 8B53 20A7 D84F 8233 2C33 CF9F 652C");

	t = team("tha-cert");
	ck_assert_str_eq(t->name, "Thales CERT");
	ck_assert_str_eq(t->short_name, "THA-CERT");
	ck_assert_str_eq(t->timezone, "Europe/Paris");
	ck_assert_str_eq(t->hours_text, "Mon-Fri 09:00-18:00");
	ck_assert_ptr_nonnull(t->note);
	ck_assert_ptr_nonnull(strstr(t->note, "assumption"));
	ck_assert_uint_eq(t->nchannels, 2);
	ch = channel(t, "email");
	ck_assert_int_eq(ch->type, CHANNEL_EMAIL);
	ck_assert_str_eq(ch->address, "cert@thalesgroup.com");
	ck_assert_str_eq(ch->pgp_key_id, "0x026A9D84");
	ck_assert_str_eq(ch->pgp_fingerprint,
	    "ECDF D820 845A AACD 9627 627E 4C52 0648 026A 9D84");
	ck_assert_str_eq(ch->urgent_subject_prefix, "[URGENT]");
	ch = channel(t, "phone");
	ck_assert_int_eq(ch->type, CHANNEL_PHONE);
	ck_assert_str_eq(ch->address, "+33 4 42 36 50 00");

	r = route("schneider-incident");
	ck_assert_uint_eq(r->nsteps, 1);
	expect_step(&r->steps[0], "se-cert", "email");
	expect_step(&r->unstaffed, "se-cert", "email");

	r = route("schneider-vulnerability");
	ck_assert_uint_eq(r->nsteps, 2);
	expect_step(&r->steps[0], "cpcert", "email");
	expect_step(&r->steps[1], "se-cert", "email");
	expect_step(&r->unstaffed, "cpcert", "email");

	r = route("thales-incident");
	ck_assert_uint_eq(r->nsteps, 2);
	expect_step(&r->steps[0], "tha-cert", "phone");
	expect_step(&r->steps[1], "tha-cert", "email");
	expect_step(&r->unstaffed, "tha-cert", "email");
}
END_TEST

/* config_load's count is the number of diagnostics it added. */
START_TEST(count_matches_diagnostics)
{
	struct snapshot *s = xcalloc(1, sizeof(*s));
	int n;

	diags_add(&diags, NULL, 0, "an earlier diagnostic");
	n = config_load(D "several.conf", s, &diags);
	ck_assert_int_eq(n, 12);
	ck_assert_uint_eq(diags.n, 13);
	snapshot_free(s);
}
END_TEST

/* ---- reading the file --------------------------------------------- */

START_TEST(syntax_error)
{
	load_bad(D "syntax.conf", 1);
	expect(D "syntax.conf:5: syntax: syntax error in \"name = ;\"");
}
END_TEST

START_TEST(missing_file)
{
	load_bad("/nonexistent/oncalld.conf", 1);
	expect("/nonexistent/oncalld.conf: cannot read the file: No such file "
	    "or directory");
}
END_TEST

START_TEST(directory)
{
	load_bad(D "include", 1);
	expect(D "include: cannot read the file: is a folder, not a regular "
	    "file");
}
END_TEST

/* An @include naming a folder is refused before libconfig's scanner reads
 * it (it would exit the process), and so is a backslash escaping nothing in
 * a file name (the scanner would print it on standard output). */
START_TEST(include_folder_escaped)
{
	load_bad(D "include-escape.conf", 2);
	expect(D "include-escape.conf:4: @include \"include\": "
	    D "include: is a folder, not a regular file");
	expect(D "include-escape.conf:3: @include: a backslash in a file name "
	    "must be written \\\\ (or \\\" for a quote)");
}
END_TEST

/* Loads the mode 000 file PATH: 0 when it is refused as unreadable. */
static int
load_unreadable(const char *path)
{
	snap = snapshot_load(path, NOW, &diags);
	return snap == NULL && diags.n == 1 && diags.v[0].file != NULL &&
	    strcmp(diags.v[0].file, path) == 0 &&
	    strcmp(diags.v[0].text, "cannot read the file: Permission "
	    "denied") == 0 ? 0 : 1;
}

/* Root reads a mode 000 file: as root, the load runs in a child that has
 * become nobody (65534). */
START_TEST(unreadable_file)
{
	char path[] = "/tmp/test_config.XXXXXX";
	FILE *fp;
	pid_t pid;
	int fd, status;

	ck_assert_int_ne(fd = mkstemp(path), -1);
	ck_assert_ptr_nonnull(fp = fdopen(fd, "w"));
	fputs("teams = ( );\n", fp);
	fclose(fp);
	chmod(path, 0);
	if (geteuid() != 0) {
		status = load_unreadable(path);
		unlink(path);
		ck_assert_msg(status == 0, "not refused as unreadable:%s",
		    all_diags());
		return;
	}
	ck_assert_int_ne(pid = fork(), -1);
	if (pid == 0) {
		if (setgroups(0, NULL) == -1 || setgid(65534) == -1 ||
		    setuid(65534) == -1)
			_exit(2);
		_exit(load_unreadable(path));
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	unlink(path);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "as nobody: %s", WIFEXITED(status) && WEXITSTATUS(status) == 2 ?
	    "cannot drop to uid 65534" : "not refused as unreadable");
}
END_TEST

/*
 * libconfig's scanner would end the file quietly inside an unclosed block
 * comment or a string where a name is expected, and print a backslash that
 * escapes nothing in an @include name on standard output: each is refused
 * before libconfig reads the file, and nothing reaches standard output.
 * Loads TEXT from a temporary file, which must fail with one diagnostic
 * reading "FILE:LINE: WANT".
 */
static void
load_text_bad(const char *text, int line, const char *want)
{
	char path[] = "/tmp/test_config.XXXXXX";
	char expected[1024];
	FILE *fp;
	struct stat sb;
	int fd, out, saved;

	ck_assert_int_ne(fd = mkstemp(path), -1);
	ck_assert_ptr_nonnull(fp = fdopen(fd, "w"));
	fputs(text, fp);
	fclose(fp);
	fflush(stdout);
	ck_assert_ptr_nonnull(fp = tmpfile());
	ck_assert_int_ne(saved = dup(STDOUT_FILENO), -1);
	ck_assert_int_ne(dup2(out = fileno(fp), STDOUT_FILENO), -1);
	snap = snapshot_load(path, NOW, &diags);
	fflush(stdout);
	ck_assert_int_ne(dup2(saved, STDOUT_FILENO), -1);
	close(saved);
	ck_assert_int_eq(fstat(out, &sb), 0);
	fclose(fp);
	unlink(path);
	ck_assert_msg(sb.st_size == 0, "%lld bytes on standard output",
	    (long long)sb.st_size);
	ck_assert_msg(snap == NULL && diags.n == 1, "%zu diagnostics:%s",
	    diags.n, all_diags());
	snprintf(expected, sizeof(expected), "%s:%d: %s", path, line, want);
	expect(expected);
}

#define GOOD_TEAMS \
	"teams = ( { id = \"a\"; name = \"A\"; short_name = \"A\";\n" \
	"  hours = \"24/7\"; channels = ( { id = \"email\";\n" \
	"  type = \"email\"; address = \"a@example.org\"; } ); } );\n"

START_TEST(unclosed_comment)
{
	load_text_bad(GOOD_TEAMS "/* one day:\nroutes = ( );\n", 4,
	    "syntax: the comment opened here with /* is not closed: the "
	    "rest of the file would be ignored");
}
END_TEST

START_TEST(unclosed_string)
{
	load_text_bad(GOOD_TEAMS "\n@include \"partners.inc\n", 5,
	    "syntax: the string opened here is not closed");
}
END_TEST

/* The scanner would print the backslash on standard output and drop it. */
START_TEST(include_backslash)
{
	load_text_bad(GOOD_TEAMS "@include \"teams\\.inc\"\n", 4,
	    "@include: a backslash in a file name must be written \\\\ (or "
	    "\\\" for a quote)");
}
END_TEST

/* Comment marks inside strings and quotes inside comments are text. */
START_TEST(comment_marks_in_strings)
{
	char path[] = "/tmp/test_config.XXXXXX";
	FILE *fp;
	int fd;

	ck_assert_int_ne(fd = mkstemp(path), -1);
	ck_assert_ptr_nonnull(fp = fdopen(fd, "w"));
	fputs("# a quote \" in a comment\n/* and \" here,\n \" */\n"
	    "teams = ( { id = \"a\"; name = \"A /* # // \\\" \\\\\";\n"
	    "  short_name = \"A\"; hours = \"24/7\"; // \"\n"
	    "  channels = ( { id = \"url\"; type = \"url\";\n"
	    "  address = \"https://example.org/#team\"; } ); } );\n", fp);
	fclose(fp);
	snap = snapshot_load(path, NOW, &diags);
	unlink(path);
	ck_assert_msg(snap != NULL, "refused:%s", all_diags());
	ck_assert_str_eq(snap->teams[0].name, "A /* # // \" \\");
}
END_TEST

START_TEST(no_teams)
{
	load_bad(D "no-teams.conf", 1);
	expect(D "no-teams.conf: teams: missing: the file describes no team");
}
END_TEST

/* @include and calendar paths are relative to the config file's folder:
 * loaded from the top of the tree, teams.inc and closed.ics are only found
 * in tests/data/config/include/. */
START_TEST(include_relative)
{
	char cwd[4096], *path;
	const struct team *t;

	ck_assert_int_eq(access("teams.inc", F_OK), -1);
	snap = snapshot_load(D "include/main.conf", NOW, &diags);
	ck_assert_msg(snap != NULL, "include/main.conf:%s", all_diags());
	ck_assert_uint_eq(snap->nteams, 1);
	ck_assert_int_eq(snap->daemon.max_clients, 10);
	t = team("inc");
	ck_assert_uint_eq(t->closures.n, 1);
	snapshot_free(snap);
	snap = NULL;

	/* The same from another working directory, by absolute path. */
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	ck_assert_int_ne(asprintf(&path, "%s/" D "include/main.conf", cwd), -1);
	ck_assert_int_eq(chdir("/"), 0);
	snap = snapshot_load(path, NOW, &diags);
	ck_assert_int_eq(chdir(cwd), 0);
	free(path);
	ck_assert_msg(snap != NULL, "include/main.conf from /:%s",
	    all_diags());
	ck_assert_uint_eq(team("inc")->closures.n, 1);
}
END_TEST

/* A mistake in an included file is reported against that file, by a path
 * that reaches it. */
START_TEST(include_mistake)
{
	load_bad(D "include/bad.conf", 1);
	expect(D "include/bad-teams.inc:8: teams.inc.hours: expected a time "
	    "HH:MM at end of \"Mon-Fri\"");
}
END_TEST

START_TEST(include_syntax)
{
	load_bad(D "include/syntax.conf", 1);
	expect(D "include/syntax.inc:6: syntax: syntax error in "
	    "\"short_name = ;\"");
}
END_TEST

/* The wrapped-integer check re-reads the included file, not the main one. */
START_TEST(include_overflow)
{
	load_bad(D "include/overflow.conf", 1);
	expect(D "include/daemon.inc:4: daemon.max_clients: 3000000000 is out "
	    "of range (1 to 1000000)");
}
END_TEST

START_TEST(include_missing)
{
	char path[] = "/tmp/test_config.XXXXXX";
	char text[512];
	FILE *fp;
	int fd;

	ck_assert_int_ne(fd = mkstemp(path), -1);
	ck_assert_ptr_nonnull(fp = fdopen(fd, "w"));
	fputs("# nothing to include\n@include \"nope.inc\"\n", fp);
	fclose(fp);
	snap = snapshot_load(path, NOW, &diags);
	unlink(path);
	ck_assert_ptr_null(snap);
	ck_assert_uint_eq(diags.n, 1);
	snprintf(text, sizeof(text), "%s:2: @include \"nope.inc\": "
	    "/tmp/nope.inc: No such file or directory", path);
	expect(text);
}
END_TEST

/* ---- odd files: nothing is read without end, nothing blocks --------- */

static char tmpd[] = "/tmp/test_config.XXXXXX";

/* A fresh folder; returns the path of NAME in it. */
static const char *
tmp_path(const char *name)
{
	static char p[4][512];
	static int k;

	if (strcmp(tmpd, "/tmp/test_config.XXXXXX") == 0)
		ck_assert_ptr_nonnull(mkdtemp(tmpd));
	k = (k + 1) % 4;
	snprintf(p[k], sizeof(p[k]), "%s/%s", tmpd, name);
	return p[k];
}

static void
tmp_write(const char *name, const char *text)
{
	FILE *fp;

	ck_assert_ptr_nonnull(fp = fopen(tmp_path(name), "w"));
	fputs(text, fp);
	ck_assert_int_eq(fclose(fp), 0);
}

static void
tmp_remove(void)
{
	char cmd[600];

	if (strcmp(tmpd, "/tmp/test_config.XXXXXX") == 0)
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpd);
	ck_assert_int_eq(system(cmd), 0);
	strcpy(tmpd, "/tmp/test_config.XXXXXX");
}

/* Before: read until the OOM killer came (1.6 GB in 3 s). */
START_TEST(config_dev_zero)
{
	const char *link;

	load_bad("/dev/zero", 1);
	expect("/dev/zero: cannot read the file: is a character device, not "
	    "a regular file");
	diags_free(&diags);
	link = tmp_path("oncalld.conf");
	ck_assert_int_eq(symlink("/dev/zero", link), 0);
	load_bad(link, 1);
	tmp_remove();
}
END_TEST

/* An include of a FIFO by absolute path: before, the scanner blocked in
 * fopen() (check's timeout ends the test), or libconfig opened
 * "<dir>//<path>" and the guard looked at another file. */
START_TEST(include_fifo_absolute)
{
	const char *fifo = tmp_path("fifo.inc");
	char text[1024], want[1024];

	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	snprintf(text, sizeof(text), GOOD_TEAMS "@include \"%s\"\n", fifo);
	tmp_write("main.conf", text);
	load_bad(tmp_path("main.conf"), 1);
	snprintf(want, sizeof(want), "%s:4: @include \"%s\": is a FIFO, not "
	    "a regular file", tmp_path("main.conf"), fifo);
	expect(want);
	tmp_remove();
}
END_TEST

/* Loads TEXT as main.conf in the folder: one problem, at LINE, with PART. */
static void
tmp_load_bad(const char *text, int line, const char *part)
{
	tmp_write("main.conf", text);
	load_bad(tmp_path("main.conf"), 1);
	expect_part(tmp_path("main.conf"), line, part);
	tmp_remove();
}

START_TEST(include_dev_zero)
{
	tmp_load_bad(GOOD_TEAMS "\n@include \"/dev/zero\"\n", 5,
	    "@include \"/dev/zero\": is a character device, not a regular "
	    "file");
}
END_TEST

/* An absolute include is read where it says, and a mistake in it is
 * reported at its own file and line; lines after it in the including file
 * keep their numbers. */
START_TEST(include_absolute)
{
	char text[1024], want[1024];
	const char *inc;

	mkdir(tmp_path("elsewhere"), 0700);
	inc = tmp_path("elsewhere/daemon.inc");
	tmp_write("elsewhere/daemon.inc", "daemon = {\n  max_clients = 7;\n"
	    "};\n");
	snprintf(text, sizeof(text), "# absolute\n@include \"%s\"\n"
	    GOOD_TEAMS, inc);
	tmp_write("main.conf", text);
	snap = snapshot_load(tmp_path("main.conf"), NOW, &diags);
	ck_assert_msg(snap != NULL, "refused:%s", all_diags());
	ck_assert_int_eq(snap->daemon.max_clients, 7);
	snapshot_free(snap);
	snap = NULL;

	tmp_write("elsewhere/daemon.inc", "daemon = {\n  max_clients = 0;\n"
	    "};\n");
	snprintf(text, sizeof(text), "@include \"%s\"\n" GOOD_TEAMS
	    "routes = ( { id = \"r\"; steps = [ \"a/fax\" ]; } );\n", inc);
	tmp_write("main.conf", text);
	load_bad(tmp_path("main.conf"), 2);
	snprintf(want, sizeof(want), "%s:2: daemon.max_clients: 0 is out of "
	    "range (1 to 1000000)", inc);
	expect(want);
	expect_part(tmp_path("main.conf"), 5, "step \"a/fax\"");
	tmp_remove();
}
END_TEST

/* A file that includes itself stops at libconfig's depth, with a reason. */
START_TEST(include_itself)
{
	tmp_load_bad(GOOD_TEAMS "@include \"main.conf\"\n", 4, "included "
	    "files nested more than 10 deep (does a file include itself?)");
}
END_TEST

/* What follows the name on the @include line is read after the included
 * text, and an @include inside a comment or a string is no include. */
START_TEST(include_rest_of_line)
{
	tmp_write("a.inc", "routes = ( { id = \"r\"; steps = [ \"a/email\" "
	    "] } );\n");
	tmp_write("main.conf", "/*\n@include \"nothing.inc\"\n*/\n"
	    GOOD_TEAMS "@include \"a.inc\" daemon = { max_clients = 5; };\n"
	    "teams_note = \"\n@include \\\"nothing.inc\\\"\";\n");
	snap = snapshot_load(tmp_path("main.conf"), NOW, &diags);
	/* teams_note is unknown: the only problem, on its own line. */
	ck_assert_msg(snap == NULL && diags.n == 1, "%s", all_diags());
	expect_part(tmp_path("main.conf"), 8, "unknown setting "
	    "\"teams_note\"");
	diags_free(&diags);
	tmp_write("main.conf", GOOD_TEAMS "@include \"a.inc\" daemon = { "
	    "max_clients = 5; };\n");
	snap = snapshot_load(tmp_path("main.conf"), NOW, &diags);
	ck_assert_msg(snap != NULL, "refused:%s", all_diags());
	ck_assert_int_eq(snap->daemon.max_clients, 5);
	ck_assert_uint_eq(snap->nroutes, 1);
	tmp_remove();
}
END_TEST

/* A calendar that is a FIFO: before, the reload blocked in open(). */
START_TEST(calendar_fifo)
{
	ck_assert_int_eq(mkfifo(tmp_path("closed.ics"), 0600), 0);
	tmp_write("main.conf", "teams = ( { id = \"a\"; name = \"A\";\n"
	    "  short_name = \"A\"; hours = \"24/7\"; closures = \"closed.ics\";\n"
	    "  channels = ( { id = \"email\"; type = \"email\";\n"
	    "  address = \"a@example.org\"; } ); } );\n");
	load_bad(tmp_path("main.conf"), 1);
	expect_part(tmp_path("closed.ics"), 0, "cannot read calendar: is a "
	    "FIFO, not a regular file");
	tmp_remove();
}
END_TEST

/* Names and every other string must be UTF-8: before, Latin-1 passed -n
 * and showed as "(invalid UTF-8)" in answers. */
START_TEST(invalid_utf8)
{
	tmp_write("main.conf", "teams = ( { id = \"a\"; name = \"CERT \xe9t\xe9\";\n"
	    "  short_name = \"A\"; hours = \"24/7\";\n"
	    "  languages = [ \"fr\", \"\xc0\xaf\" ];\n"
	    "  channels = ( { id = \"email\"; type = \"email\";\n"
	    "  address = \"a@example.org\"; note = \"\xed\xa0\x80\"; } ); } );\n");
	load_bad(tmp_path("main.conf"), 3);
	expect_part(tmp_path("main.conf"), 1, "teams.a.name: not valid UTF-8");
	expect_part(tmp_path("main.conf"), 3, "element 2 is not valid UTF-8");
	expect_part(tmp_path("main.conf"), 5, "note: not valid UTF-8");
	diags_free(&diags);
	/* Well-formed: accented, CJK, an emoji. */
	tmp_write("main.conf", "teams = ( { id = \"a\"; name = \"CERT \xc3\xa9t\xc3\xa9 \xe6\x97\xa5 \xf0\x9f\x94\x92\";\n"
	    "  short_name = \"A\"; hours = \"24/7\";\n"
	    "  channels = ( { id = \"email\"; type = \"email\";\n"
	    "  address = \"a@example.org\"; } ); } );\n");
	snap = snapshot_load(tmp_path("main.conf"), NOW, &diags);
	ck_assert_msg(snap != NULL, "refused:%s", all_diags());
	tmp_remove();
}
END_TEST

/* ---- settings ------------------------------------------------------ */

START_TEST(unknown_keys)
{
	load_bad(D "unknown-keys.conf", 5);
	expect(D "unknown-keys.conf:2: (top level): unknown setting \"colour\"");
	expect(D "unknown-keys.conf:5: daemon: unknown setting \"sockett\"");
	expect(D "unknown-keys.conf:13: teams.t1: unknown setting \"hourz\"");
	expect(D "unknown-keys.conf:19: teams.t1.channels.email: unknown "
	    "setting \"fax\"");
	expect(D "unknown-keys.conf:28: routes.r1: unknown setting "
	    "\"priority\"");
}
END_TEST

START_TEST(wrong_types)
{
	load_bad(D "types.conf", 11);
	expect(D "types.conf:3: daemon.max_clients: must be an integer, not a "
	    "string");
	expect(D "types.conf:4: daemon.idle_timeout: must be an integer, not a "
	    "number with a fraction");
	expect(D "types.conf:5: daemon.socket: must be a string, not an "
	    "integer");
	expect(D "types.conf:10: teams.t1.name: must be a string, not an "
	    "integer");
	expect(D "types.conf:12: teams.t1.hours: must be a string, not an "
	    "array [ ]");
	expect(D "types.conf:13: teams.t1.channels: must be a list ( { ... } ), "
	    "not a group { }");
	expect(D "types.conf:15: teams.[2]: must be a group { }, not a string");
	expect(D "types.conf:21: teams.t3.services: must be a string or an "
	    "array of strings, not an integer");
	expect(D "types.conf:26: teams.t3.channels.email.address: must be a "
	    "string, not a boolean");
	expect(D "types.conf:34: routes.r1.steps: must be a list of "
	    "\"team/channel\" strings or { to = ...; } groups, not a string");
	expect(D "types.conf:39: routes.r2.unstaffed: must be a string, not an "
	    "integer");
}
END_TEST

START_TEST(missing_keys)
{
	load_bad(D "missing.conf", 9);
	expect(D "missing.conf:3: teams.[1]: missing setting \"id\"");
	expect(D "missing.conf:9: teams.t2: missing setting \"name\"");
	expect(D "missing.conf:9: teams.t2: missing setting \"short_name\"");
	expect(D "missing.conf:14: teams.t3: missing setting \"hours\"");
	expect(D "missing.conf:20: teams.t4: missing setting \"channels\"");
	expect(D "missing.conf:32: teams.t5.channels.email: missing setting "
	    "\"type\"");
	expect(D "missing.conf:32: teams.t5.channels.email: missing setting "
	    "\"address\"");
	expect(D "missing.conf:39: routes.r1: missing setting \"steps\"");
	expect(D "missing.conf:42: routes.[2]: missing setting \"id\"");
}
END_TEST

/* libconfig 1.5 wraps 3000000000 to -1294967296 and 99999999999999999999
 * to some other number without a word: both must be caught. */
START_TEST(numbers)
{
	load_bad(D "numbers.conf", 6);
	expect(D "numbers.conf:3: daemon.max_clients: 3000000000 is out of "
	    "range (1 to 1000000)");
	expect(D "numbers.conf:4: daemon.idle_timeout: 99999999999999999999 is "
	    "out of range (1 to 604800)");
	expect(D "numbers.conf:5: daemon.max_line: 10 is out of range (64 to "
	    "1048576)");
	expect(D "numbers.conf:6: daemon.max_output: 4294967296 is out of range "
	    "(4096 to 1073741824)");
	expect(D "numbers.conf:7: daemon.max_shift_days: -1 is out of range (1 "
	    "to 47482)");
	expect(D "numbers.conf:8: daemon.max_next: 0 is out of range (1 to "
	    "100000)");
}
END_TEST

/* Users and groups: names that exist, ids that fit, the overflow on a
 * line with another number reported once. */
START_TEST(user_ids)
{
	load_bad(D "ids.conf", 5);
	expect(D "ids.conf:3: daemon.allow_uids: id -1 is out of range (0 to "
	    "4294967294)");
	expect(D "ids.conf:4: daemon.allow_gids: no group named "
	    "\"no-such-group-oncalld\"");
	expect(D "ids.conf:5: daemon.reload_uids: id 99999999999999999999 is "
	    "out of range (0 to 4294967294)");
	expect(D "ids.conf:5: daemon.reload_uids: element 3 must be a name or "
	    "an id, not a number with a fraction");
	expect(D "ids.conf:6: daemon.user: no user named "
	    "\"no-such-user-oncalld\"");
}
END_TEST

START_TEST(socket_mode)
{
	load_bad(D "socket-mode.conf", 1);
	expect(D "socket-mode.conf:3: daemon.socket_mode: \"0698\" is not an "
	    "octal mode from 0000 to 0777");
	diags_free(&diags);
	load_bad(D "socket-mode-big.conf", 1);
	expect(D "socket-mode-big.conf:3: daemon.socket_mode: \"01777\" is not "
	    "an octal mode from 0000 to 0777");
	diags_free(&diags);
	load_bad(D "socket-mode-int.conf", 1);
	expect(D "socket-mode-int.conf:3: daemon.socket_mode: must be an octal "
	    "string such as \"0660\"");
}
END_TEST

/* Duplicates are reported even when the file has other mistakes. */
START_TEST(duplicate_ids)
{
	load_bad(D "dup-ids.conf", 3);
	expect(D "dup-ids.conf:10: teams.alpha.channels: duplicate channel id "
	    "\"email\"");
	expect(D "dup-ids.conf:13: teams.alpha: id \"alpha\" is already used by "
	    "the team at line 3");
	expect(D "dup-ids.conf:22: routes.alpha: id \"alpha\" is already used "
	    "by the team at line 3");
}
END_TEST

START_TEST(route_id_is_team_id)
{
	load_bad(D "route-team.conf", 1);
	expect(D "route-team.conf:12: routes.alpha: id \"alpha\" is already "
	    "used by the team at line 3");
}
END_TEST

START_TEST(dangling_steps)
{
	load_bad(D "steps.conf", 7);
	expect(D "steps.conf:15: routes.r1.steps: step \"nosuch/email\": no "
	    "team \"nosuch\"");
	expect(D "steps.conf:16: routes.r1.steps: step \"t1/fax\": team t1 has "
	    "no channel \"fax\"");
	expect(D "steps.conf:17: routes.r1.steps: step \"cpcert\" must be "
	    "\"team/channel\"");
	expect(D "steps.conf:18: routes.r1.steps: step \"/email\" must be "
	    "\"team/channel\"");
	expect(D "steps.conf:20: routes.r1.steps: step \"t1/\" must be "
	    "\"team/channel\"");
	expect(D "steps.conf:25: routes.r2.unstaffed: step \"t1/pager\": team "
	    "t1 has no channel \"pager\"");
	expect(D "steps.conf:29: routes.r3.steps: must not be empty");
}
END_TEST

START_TEST(alert_settings)
{
	load_bad(D "alerts.conf", 21);
	expect(D "alerts.conf:2: daemon.alert_retention: 0 is out of range (1 "
	    "to 36500)");
	expect(D "alerts.conf:2: daemon.state_dir: must be a string, not an "
	    "integer");
	expect(D "alerts.conf:2: daemon.alert_uids: no user named "
	    "\"nosuchuser-oncalld\"");
	expect(D "alerts.conf:16: routes.r1.steps.[1].ack_within: \"30x\": "
	    "the number must be followed by s, m, h or d");
	expect(D "alerts.conf:17: routes.r1.steps.[2].ack_within: \"1d busy\": "
	    "only \"staffed\" may follow the duration");
	expect(D "alerts.conf:18: routes.r1.steps.[3]: missing setting \"to\"");
	expect(D "alerts.conf:18: routes.r1.steps.[3].ack_within: \"0m\" is "
	    "out of range (1s to 366d)");
	expect(D "alerts.conf:19: routes.r1.steps.[4]: unknown setting "
	    "\"wait\"");
	expect(D "alerts.conf:20: routes.r1.steps.[5].ack_within: \"400d\" is "
	    "out of range (1s to 366d)");
	expect(D "alerts.conf:21: routes.r1.steps: step 6 must be a string "
	    "\"team/channel\" or a group { to = ...; }, not an integer");
	expect(D "alerts.conf:23: routes.r1.repeat: 101 is out of range (0 to "
	    "100)");
	expect(D "alerts.conf:27: notify.email.command: \"sendmail\" must be "
	    "an absolute path: no shell or PATH search runs it");
	expect(D "alerts.conf:28: notify.[2]: type \"email\" already has its "
	    "notify entry at line 27");
	expect(D "alerts.conf:28: notify.email.command: unbalanced double "
	    "quote in \"/usr/sbin/sendmail \"-t\"");
	expect(D "alerts.conf:29: notify.[3]: type \"fax\" must be email, "
	    "phone, url or other");
	expect(D "alerts.conf:30: notify.phone: needs a command (or webhook = "
	    "true)");
	expect(D "alerts.conf:31: notify.url.command: a webhook entry posts "
	    "to the channel's address and runs no command");
	expect(D "alerts.conf:31: notify.url.timeout: 0 is out of range (1 to "
	    "3600)");
	expect(D "alerts.conf:31: notify.url.webhook: webhooks are not "
	    "supported by this oncalld yet: run a command that posts instead");
	expect(D "alerts.conf:32: notify.other.webhook: must be true or false, "
	    "not a string");
	expect(D "alerts.conf:32: notify.other.retries: -1 is out of range (0 "
	    "to 100)");
}
END_TEST

START_TEST(alert_settings_valid)
{
	const struct route *r;
	const struct notify *nt;

	snap = snapshot_load(D "alerts-ok.conf", NOW, &diags);
	ck_assert_msg(snap != NULL, "%s", all_diags());
	ck_assert_str_eq(snap->daemon.state_dir, D "state");
	ck_assert_int_eq(snap->daemon.alert_retention, 30);
	ck_assert_uint_eq(snap->daemon.nalert_uids, 1);
	ck_assert_uint_eq(snap->daemon.nalert_gids, 1);
	r = route("r1");
	ck_assert_uint_eq(r->nsteps, 3);
	ck_assert_int_eq(r->repeat, 2);
	ck_assert_int_eq(r->steps[0].ack_within, 86400);
	ck_assert(r->steps[0].ack_staffed);
	ck_assert_int_eq(r->steps[1].ack_within, 0);
	ck_assert_int_eq(r->steps[2].ack_within, 45 * 60);
	ck_assert(!r->steps[2].ack_staffed);
	expect_step(&r->unstaffed, "t1", "email");
	nt = snapshot_notify(snap, CHANNEL_EMAIL);
	ck_assert_ptr_nonnull(nt);
	ck_assert_int_eq(nt->timeout, 10);
	ck_assert_int_eq(nt->retries, 5);
	ck_assert_str_eq(nt->argv[0], "/usr/sbin/sendmail");
	ck_assert_str_eq(nt->argv[3], "-F oncall \"duty\"");
	ck_assert_ptr_null(nt->argv[4]);
	nt = snapshot_notify(snap, CHANNEL_URL);
	ck_assert_ptr_nonnull(nt);
	ck_assert(!nt->webhook);
	ck_assert_str_eq(nt->argv[0], "/usr/local/bin/post");
	ck_assert_ptr_null(snapshot_notify(snap, CHANNEL_PHONE));
}
END_TEST

START_TEST(zones)
{
	load_bad(D "zones.conf", 3);
	expect(D "zones.conf:8: teams.t1.timezone: time zone \"Mars/Olympus\": "
	    "/usr/share/zoneinfo/Mars/Olympus: unknown zone (no such file)");
	expect(D "zones.conf:12: teams.t2: missing setting \"timezone\" "
	    "(required unless hours are \"24/7\" or \"never\")");
	expect(D "zones.conf:29: teams.t3.channels: channel \"phone\" has "
	    "weekly hours: the team needs a \"timezone\"");
}
END_TEST

START_TEST(bad_hours)
{
	load_bad(D "hours.conf", 3);
	expect(D "hours.conf:8: teams.t1.hours: expected a time HH:MM at "
	    "\"9-17\" in \"Mon-Fri 9-17\"");
	expect(D "hours.conf:22: teams.t2.channels.phone.hours: expected a day "
	    "(Mon Tue Wed Thu Fri Sat Sun) at \"Xyz 10:00-11:00\" in "
	    "\"Xyz 10:00-11:00\"");
	expect_part(D "hours.conf", 31, "\"Mon-Fri 08:00-25:00\"");
	expect_part(D "hours.conf", 31, "teams.t3.hours: ");
}
END_TEST

START_TEST(pgp_and_channels)
{
	load_bad(D "pgp.conf", 7);
	expect(D "pgp.conf:13: teams.t1.channels.short: pgp_fingerprint \"920C "
	    "07B4 A1C5 85C7 8698 8659 9918 81ED 1532 593\" is not 40 "
	    "hexadecimal digits");
	expect(D "pgp.conf:19: teams.t1.channels.nothex: pgp_fingerprint \"920C "
	    "07B4 A1C5 85C7 8698 8659 9918 81ED 1532 593G\" is not 40 "
	    "hexadecimal digits");
	expect(D "pgp.conf:25: teams.t1.channels.mismatch: pgp_key_id "
	    "0xCF9F652C does not match the end of pgp_fingerprint");
	expect(D "pgp.conf:32: teams.t1.channels.badkeyid: pgp_key_id "
	    "\"1532593F\" is not 0x and 8 or 16 hexadecimal digits");
	expect(D "pgp.conf:38: teams.t1.channels.crypto: encryption \"maybe\" "
	    "is not one of required, preferred, none");
	expect(D "pgp.conf:43: teams.t1.channels.noat: e-mail address "
	    "\"nobody.example.org\" has no '@'");
	expect(D "pgp.conf:47: teams.t1.channels.pigeon: type \"pigeon\" is not "
	    "one of email, phone, url, other");
}
END_TEST

START_TEST(closures_missing)
{
	load_bad(D "closures.conf", 1);
	expect(D "closures.conf:9: teams.t1.closures: cannot read "
	    "\"" D "no-such-calendar.ics\": No such file or directory");
}
END_TEST

/* Twelve mistakes of eight kinds: all reported in one pass. */
START_TEST(several_mistakes)
{
	load_bad(D "several.conf", 12);
	expect(D "several.conf:3: (top level): unknown setting \"colour\"");
	expect(D "several.conf:5: daemon.max_clients: 3000000000 is out of "
	    "range (1 to 1000000)");
	expect(D "several.conf:6: daemon.socket_mode: \"999\" is not an octal "
	    "mode from 0000 to 0777");
	expect(D "several.conf:9: teams.[1]: id \"Bad Id\" must be lower-case "
	    "letters, digits, '-', '_' or '.' (at most 64)");
	expect_part(D "several.conf", 13, "teams.[1].timezone: time zone "
	    "\"Mars/Olympus\"");
	expect(D "several.conf:17: teams.t2: missing setting \"short_name\"");
	expect_part(D "several.conf", 21, "teams.t2.hours: ");
	expect_part(D "several.conf", 21, "\"Mon-Fry 09:00-17:00\"");
	expect(D "several.conf:27: teams.t2.channels.email: pgp_key_id "
	    "0x12345678 does not match the end of pgp_fingerprint");
	expect(D "several.conf:29: teams.t2.channels.email: encryption "
	    "\"always\" is not one of required, preferred, none");
	expect(D "several.conf:33: teams.t2: id \"t2\" is already used by the "
	    "team at line 17");
	expect(D "several.conf:44: routes.r1.steps: step \"t9/email\": no team "
	    "\"t9\"");
	expect(D "several.conf:45: routes.r1.unstaffed: step \"t2\" must be "
	    "\"team/channel\"");
}
END_TEST

/*
 * Valid settings that are most likely mistakes are warnings, not errors:
 * the file loads, and snapshot_warnings() names each at its line. The
 * fixture's events lie in 2020 or run to the end of 2099.
 */
START_TEST(warnings)
{
	snap = snapshot_load(D "warnings.conf", NOW, &diags);
	ck_assert_msg(snap != NULL, "warnings.conf:%s", all_diags());
	ck_assert_uint_eq(diags.n, 0);
	snapshot_warnings(snap, NOW, &diags);
	ck_assert_msg(diags.n == 5, "%zu warnings:%s", diags.n, all_diags());
	expect(D "warnings.conf:25: teams.old-closures.closures: every "
	    "closure has ended (the last at 2020-07-14T22:00:00Z): add the "
	    "coming years to its calendars");
	expect(D "warnings.conf:34: teams.shut.closures: the team is never "
	    "staffed from now on: its closures cover all of its hours");
	expect(D "warnings.conf:46: teams.narrow.channels.phone.hours: "
	    "\"Sat-Sun 10:00-12:00\" never meets the team's staffed hours "
	    "from now on: the channel is never staffed");
	expect(D "warnings.conf:55: teams.drill.extra: the team is never "
	    "staffed from now on: its hours are \"never\" and its last "
	    "extra event ended at 2020-07-14T22:00:00Z");
	expect(D "warnings.conf:65: teams.covered.closures: the team is "
	    "never staffed from now on: its closures cover all of its extra "
	    "events");
}
END_TEST

/* Seen from before the 2020 events, those are still to come: only the
 * warnings that do not depend on them remain. */
START_TEST(warnings_depend_on_now)
{
	const int64_t before = INT64_C(1577836800);	/* 2020-01-01T00:00:00Z */

	snap = snapshot_load(D "warnings.conf", before, &diags);
	ck_assert_msg(snap != NULL, "warnings.conf:%s", all_diags());
	snapshot_warnings(snap, before, &diags);
	ck_assert_msg(diags.n == 3, "%zu warnings:%s", diags.n, all_diags());
	expect_part(D "warnings.conf", 34, "teams.shut.closures: the team is "
	    "never staffed");
	expect_part(D "warnings.conf", 46, "teams.narrow.channels.phone.hours");
	expect_part(D "warnings.conf", 65, "teams.covered.closures");
}
END_TEST

/* The shipped configuration draws no warning. */
START_TEST(shipped_no_warnings)
{
	snap = snapshot_load("config/oncalld.conf", NOW, &diags);
	ck_assert_msg(snap != NULL, "config/oncalld.conf:%s", all_diags());
	snapshot_warnings(snap, NOW, &diags);
	ck_assert_msg(diags.n == 0, "%zu warnings:%s", diags.n, all_diags());
}
END_TEST

static Suite *
config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc;

	tc = tcase_create("shipped");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, shipped_config);
	tcase_add_test(tc, count_matches_diagnostics);
	tcase_add_test(tc, shipped_no_warnings);
	suite_add_tcase(s, tc);

	tc = tcase_create("file");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, syntax_error);
	tcase_add_test(tc, missing_file);
	tcase_add_test(tc, directory);
	tcase_add_test(tc, include_folder_escaped);
	tcase_add_test(tc, unreadable_file);
	tcase_add_test(tc, unclosed_comment);
	tcase_add_test(tc, unclosed_string);
	tcase_add_test(tc, include_backslash);
	tcase_add_test(tc, comment_marks_in_strings);
	tcase_add_test(tc, no_teams);
	tcase_add_test(tc, include_relative);
	tcase_add_test(tc, include_mistake);
	tcase_add_test(tc, include_syntax);
	tcase_add_test(tc, include_overflow);
	tcase_add_test(tc, config_dev_zero);
	tcase_add_test(tc, include_fifo_absolute);
	tcase_add_test(tc, include_dev_zero);
	tcase_add_test(tc, include_absolute);
	tcase_add_test(tc, include_itself);
	tcase_add_test(tc, include_rest_of_line);
	tcase_add_test(tc, calendar_fifo);
	tcase_add_test(tc, invalid_utf8);
	tcase_add_test(tc, include_missing);
	suite_add_tcase(s, tc);

	tc = tcase_create("settings");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, unknown_keys);
	tcase_add_test(tc, wrong_types);
	tcase_add_test(tc, missing_keys);
	tcase_add_test(tc, numbers);
	tcase_add_test(tc, user_ids);
	tcase_add_test(tc, socket_mode);
	tcase_add_test(tc, duplicate_ids);
	tcase_add_test(tc, route_id_is_team_id);
	tcase_add_test(tc, dangling_steps);
	tcase_add_test(tc, alert_settings);
	tcase_add_test(tc, alert_settings_valid);
	tcase_add_test(tc, zones);
	tcase_add_test(tc, bad_hours);
	tcase_add_test(tc, pgp_and_channels);
	tcase_add_test(tc, closures_missing);
	tcase_add_test(tc, several_mistakes);
	tcase_add_test(tc, warnings);
	tcase_add_test(tc, warnings_depend_on_now);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(config_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
