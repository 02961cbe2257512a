/* test_tz.c - unit tests for tz.c: transition tables, RFC 5545 gap and
 * overlap resolution, the POSIX TZ footer rules, an independent cross-check
 * against glibc, and refused or corrupt input.
 *
 * Every instant is fixed; the random ones come from a seeded LCG so that a
 * failure always reproduces.
 */

#include <sys/stat.h>

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "civil.h"
#include "tz.h"

#define HOUR	3600

/* 2026-01-15 and 2026-07-15 at noon UTC: mid-winter and mid-summer. */
#define JAN2026	INT64_C(1768478400)
#define JUL2026	INT64_C(1784116800)

static char	 tmpdir[512];
static char	*saved_tzdir;

static uint64_t
lcg(uint64_t *s)
{
	*s = *s * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
	return *s >> 11;
}

static int64_t
local_time(int y, unsigned mo, unsigned d, int h, int mi)
{
	return days_from_civil(y, mo, d) * SECS_PER_DAY + h * HOUR + mi * 60;
}

static struct tz *
load(const char *name)
{
	struct tz	*tz;
	char		 err[512];

	err[0] = '\0';
	tz = tz_load(name, err, sizeof(err));
	ck_assert_msg(tz != NULL, "tz_load(%s): %s", name, err);
	ck_assert_str_eq(tz_name(tz), name);
	return tz;
}

/* Where the real zone files are, by the same rule tz.c follows. */
static const char *
zoneinfo_dir(void)
{
	const char	*d = getenv("TZDIR");

	return d != NULL && d[0] != '\0' ? d : "/usr/share/zoneinfo";
}

/*
 * Transitions, from zdump -v, each checked at the last second before and
 * the first second after.  Moscow 2011 and 2014 change the standard offset
 * and keep "MSK"; Lord_Howe shifts by 30 minutes.
 */
static const struct {
	const char	*zone;
	int64_t		 at;
	int32_t		 before;
	int32_t		 after;
	const char	*abbr;
} trans[] = {
	/* 1970-04-26 07:00Z: EST -> EDT */
	{ "America/New_York", 9961200, -18000, -14400, "EDT" },
	/* 1974-01-06 07:00Z: EST -> EDT (energy crisis) */
	{ "America/New_York", 126687600, -18000, -14400, "EDT" },
	/* 1975-10-26 06:00Z: EDT -> EST */
	{ "America/New_York", 183535200, -14400, -18000, "EST" },
	/* 2007-03-11 07:00Z: EST -> EDT (new US rule) */
	{ "America/New_York", 1173596400, -18000, -14400, "EDT" },
	/* 2007-11-04 06:00Z: EDT -> EST */
	{ "America/New_York", 1194156000, -14400, -18000, "EST" },
	/* 2026-03-08 07:00Z: EST -> EDT */
	{ "America/New_York", 1772953200, -18000, -14400, "EDT" },
	/* 2026-11-01 06:00Z: EDT -> EST */
	{ "America/New_York", 1793512800, -14400, -18000, "EST" },
	/* 2099-03-08 07:00Z: EST -> EDT (footer rule) */
	{ "America/New_York", 4076636400, -18000, -14400, "EDT" },
	/* 2099-11-01 06:00Z: EDT -> EST */
	{ "America/New_York", 4097196000, -14400, -18000, "EST" },
	/* 1976-03-28 00:00Z: CET -> CEST */
	{ "Europe/Paris", 196819200, 3600, 7200, "CEST" },
	/* 1976-09-25 23:00Z: CEST -> CET */
	{ "Europe/Paris", 212540400, 7200, 3600, "CET" },
	/* 1996-10-27 01:00Z: CEST -> CET (first October end) */
	{ "Europe/Paris", 846378000, 7200, 3600, "CET" },
	/* 2026-03-29 01:00Z: CET -> CEST */
	{ "Europe/Paris", 1774746000, 3600, 7200, "CEST" },
	/* 2026-10-25 01:00Z: CEST -> CET */
	{ "Europe/Paris", 1792890000, 7200, 3600, "CET" },
	/* 2099-03-29 01:00Z: CET -> CEST */
	{ "Europe/Paris", 4078429200, 3600, 7200, "CEST" },
	/* 2099-10-25 01:00Z: CEST -> CET */
	{ "Europe/Paris", 4096573200, 7200, 3600, "CET" },
	/* 1971-10-30 16:00Z: AEST -> AEDT */
	{ "Australia/Sydney", 57686400, 36000, 39600, "AEDT" },
	/* 1972-02-26 16:00Z: AEDT -> AEST */
	{ "Australia/Sydney", 67968000, 39600, 36000, "AEST" },
	/* 2008-04-05 16:00Z: AEDT -> AEST */
	{ "Australia/Sydney", 1207411200, 39600, 36000, "AEST" },
	/* 2008-10-04 16:00Z: AEST -> AEDT */
	{ "Australia/Sydney", 1223136000, 36000, 39600, "AEDT" },
	/* 2026-04-04 16:00Z: AEDT -> AEST */
	{ "Australia/Sydney", 1775318400, 39600, 36000, "AEST" },
	/* 2026-10-03 16:00Z: AEST -> AEDT */
	{ "Australia/Sydney", 1791043200, 36000, 39600, "AEDT" },
	/* 2099-04-04 16:00Z: AEDT -> AEST */
	{ "Australia/Sydney", 4079001600, 39600, 36000, "AEST" },
	/* 2099-10-03 16:00Z: AEST -> AEDT */
	{ "Australia/Sydney", 4094726400, 36000, 39600, "AEDT" },
	/* 1981-02-28 14:00Z: AEST -> +1030 (new standard) */
	{ "Australia/Lord_Howe", 352216800, 36000, 37800, "+1030" },
	/* 1981-10-24 15:30Z: +1030 -> +1130 (1-hour DST) */
	{ "Australia/Lord_Howe", 372785400, 37800, 41400, "+1130" },
	/* 1985-10-26 15:30Z: +1030 -> +11 (30-minute DST) */
	{ "Australia/Lord_Howe", 499188600, 37800, 39600, "+11" },
	/* 2026-04-04 15:00Z: +11 -> +1030 */
	{ "Australia/Lord_Howe", 1775314800, 39600, 37800, "+1030" },
	/* 2026-10-03 15:30Z: +1030 -> +11 */
	{ "Australia/Lord_Howe", 1791041400, 37800, 39600, "+11" },
	/* 2099-04-04 15:00Z: +11 -> +1030 */
	{ "Australia/Lord_Howe", 4078998000, 39600, 37800, "+1030" },
	/* 2099-10-03 15:30Z: +1030 -> +11 */
	{ "Australia/Lord_Howe", 4094724600, 37800, 39600, "+11" },
	/* 1981-03-31 21:00Z: MSK -> MSD */
	{ "Europe/Moscow", 354920400, 10800, 14400, "MSD" },
	/* 1991-09-29 00:00Z: EEST -> EET */
	{ "Europe/Moscow", 686102400, 10800, 7200, "EET" },
	/* 1992-01-19 00:00Z: EET -> MSK (standard +2 -> +3) */
	{ "Europe/Moscow", 695779200, 7200, 10800, "MSK" },
	/* 2010-10-30 23:00Z: MSD -> MSK */
	{ "Europe/Moscow", 1288479600, 14400, 10800, "MSK" },
	/* 2011-03-26 23:00Z: MSK +3 -> MSK +4, permanent */
	{ "Europe/Moscow", 1301180400, 10800, 14400, "MSK" },
	/* 2014-10-25 22:00Z: MSK +4 -> MSK +3 */
	{ "Europe/Moscow", 1414274400, 14400, 10800, "MSK" },
};

START_TEST(test_transition_table)
{
	struct tz	*tz = load(trans[_i].zone);
	int64_t		 at = trans[_i].at;

	ck_assert_int_eq(tz_offset(tz, at - 1), trans[_i].before);
	ck_assert_int_eq(tz_offset(tz, at), trans[_i].after);
	ck_assert_str_eq(tz_abbr(tz, at), trans[_i].abbr);
	ck_assert_int_eq(tz_next_transition(tz, at - 1), at);
	ck_assert_int_eq(tz_next_transition(tz, at - 86400), at);
	ck_assert_int_gt(tz_next_transition(tz, at), at);
	tz_free(tz);
}
END_TEST

/*
 * Local wall-clock time -> UTC.  Expected values worked out by hand from the
 * transitions above (and agreeing with Python's zoneinfo at fold=0, which
 * implements the same rule): a gap is read with the offset before the
 * transition, an overlap means its first occurrence.
 */
static const struct {
	const char	*zone;
	int		 y;
	unsigned	 mo, d;
	int		 h, mi;
	int64_t		 utc;
} resolve[] = {
	/* 02:30 does not exist; EST (-5) gives 07:30Z = 03:30 EDT. */
	{ "America/New_York", 2026, 3, 8, 2, 30, 1772955000 },
	/* 06:59Z, EST */
	{ "America/New_York", 2026, 3, 8, 1, 59, 1772953140 },
	/* 07:00Z, EDT */
	{ "America/New_York", 2026, 3, 8, 3, 0, 1772953200 },
	/* 01:30 happens twice; the first is EDT (-4): 05:30Z. */
	{ "America/New_York", 2026, 11, 1, 1, 30, 1793511000 },
	/* 04:59Z, EDT */
	{ "America/New_York", 2026, 11, 1, 0, 59, 1793509140 },
	/* 07:00Z, EST */
	{ "America/New_York", 2026, 11, 1, 2, 0, 1793516400 },
	/* gap: 07:30Z */
	{ "America/New_York", 1974, 1, 6, 2, 30, 126689400 },
	/* gap start: 07:00Z */
	{ "America/New_York", 2099, 3, 8, 2, 0, 4076636400 },
	/* overlap start: 05:00Z */
	{ "America/New_York", 2099, 11, 1, 1, 0, 4097192400 },
	/* gap, CET: 01:30Z */
	{ "Europe/Paris", 2026, 3, 29, 2, 30, 1774747800 },
	/* overlap, CEST: 00:30Z */
	{ "Europe/Paris", 2026, 10, 25, 2, 30, 1792888200 },
	/* gap 01:00-02:00: 00:15Z */
	{ "Europe/Paris", 1976, 3, 28, 1, 15, 196820100 },
	/* overlap, CEST: 00:59Z */
	{ "Europe/Paris", 2099, 10, 25, 2, 59, 4096573140 },
	/* Southern hemisphere: the gap is in October, the overlap in April. */
	/* AEST: 10-03 16:30Z */
	{ "Australia/Sydney", 2026, 10, 4, 2, 30, 1791045000 },
	/* AEDT: 04-04 15:30Z */
	{ "Australia/Sydney", 2026, 4, 5, 2, 30, 1775316600 },
	/* AEDT: 04-04 15:00Z */
	{ "Australia/Sydney", 2099, 4, 5, 2, 0, 4078998000 },
	/* Lord Howe: 30-minute gap (02:00-02:30) and overlap (01:30-02:00). */
	/* +1030: 10-03 15:45Z */
	{ "Australia/Lord_Howe", 2026, 10, 4, 2, 15, 1791042300 },
	/* +11: 04-04 14:45Z */
	{ "Australia/Lord_Howe", 2026, 4, 5, 1, 45, 1775313900 },
	/* +1030: 04-04 15:30Z */
	{ "Australia/Lord_Howe", 2026, 4, 5, 2, 0, 1775316600 },
	/* +10 -> +1030 gap: 02-28 14:15Z */
	{ "Australia/Lord_Howe", 1981, 3, 1, 0, 15, 352217700 },
	/* +0530: 03-07 21:00Z */
	{ "Asia/Kolkata", 2026, 3, 8, 2, 30, 1772917200 },
	/* Standard-offset changes: forward makes a gap, backward an overlap. */
	/* gap, +3: 03-26 23:30Z */
	{ "Europe/Moscow", 2011, 3, 27, 2, 30, 1301182200 },
	/* overlap, +4: 10-25 21:30Z */
	{ "Europe/Moscow", 2014, 10, 26, 1, 30, 1414272600 },
	/* overlap, MSD: 10-30 22:30Z */
	{ "Europe/Moscow", 2010, 10, 31, 2, 30, 1288477800 },
	/* gap, EET +2: 00:30Z */
	{ "Europe/Moscow", 1992, 1, 19, 2, 30, 695781000 },
	/* overlap, EEST +3: 09-28 22:30Z */
	{ "Europe/Moscow", 1991, 9, 29, 1, 30, 686097000 },
};

START_TEST(test_resolve_table)
{
	struct tz	*tz = load(resolve[_i].zone);
	int64_t		 local;

	local = local_time(resolve[_i].y, resolve[_i].mo, resolve[_i].d,
	    resolve[_i].h, resolve[_i].mi);
	ck_assert_int_eq(tz_to_utc(tz, local), resolve[_i].utc);
	tz_free(tz);
}
END_TEST

START_TEST(test_utc)
{
	struct tz	*tz = load("UTC");
	int64_t		 t;

	for (t = 0; t < CIVIL_MAX; t += 86400 * 97 + 3601) {
		ck_assert_int_eq(tz_offset(tz, t), 0);
		ck_assert_int_eq(tz_to_utc(tz, t), t);
		ck_assert_str_eq(tz_abbr(tz, t), "UTC");
		ck_assert_int_eq(tz_next_transition(tz, t), INT64_MAX);
	}
	tz_free(tz);
}
END_TEST

START_TEST(test_no_dst)
{
	struct tz	*tz = load("Asia/Kolkata");

	ck_assert_int_eq(tz_offset(tz, 0), 19800);
	ck_assert_int_eq(tz_offset(tz, JUL2026), 19800);
	ck_assert_int_eq(tz_offset(tz, CIVIL_MAX - 1), 19800);
	ck_assert_str_eq(tz_abbr(tz, JAN2026), "IST");
	ck_assert_int_eq(tz_next_transition(tz, 0), INT64_MAX);
	tz_free(tz);
}
END_TEST

/* Moscow 1991-03-30 23:00Z went MSK +3 -> EEST +3: a new name, not a new
 * offset, so the next transition is the EEST -> EET one in September. */
START_TEST(test_abbr_only_change)
{
	struct tz	*tz = load("Europe/Moscow");

	ck_assert_str_eq(tz_abbr(tz, 670374000 - 1), "MSK");
	ck_assert_str_eq(tz_abbr(tz, 670374000), "EEST");
	ck_assert_int_eq(tz_offset(tz, 670374000 - 1), 10800);
	ck_assert_int_eq(tz_offset(tz, 670374000), 10800);
	ck_assert_int_eq(tz_next_transition(tz, 670374000 - 86400), 686102400);
	/* Since 2014 Moscow has had no change at all. */
	ck_assert_int_eq(tz_next_transition(tz, 1414274400), INT64_MAX);
	tz_free(tz);
}
END_TEST

START_TEST(test_end_of_range)
{
	struct tz	*tz = load("America/New_York");

	/* After 2099-11-01 06:00Z the next change would be in 2100. */
	ck_assert_int_eq(tz_next_transition(tz, 4097196000), INT64_MAX);
	ck_assert_int_eq(tz_offset(tz, CIVIL_MAX - 1), -18000);
	tz_free(tz);
}
END_TEST

/* Europe/Dublin has negative DST: IST (+1) is standard, GMT is "winter". */
START_TEST(test_negative_dst)
{
	struct tz	*tz = load("Europe/Dublin");

	ck_assert_int_eq(tz_offset(tz, JAN2026), 0);
	ck_assert_str_eq(tz_abbr(tz, JAN2026), "GMT");
	ck_assert_int_eq(tz_offset(tz, JUL2026), 3600);
	ck_assert_str_eq(tz_abbr(tz, JUL2026), "IST");
	/* 2026-03-29 01:00 local does not exist: GMT reads it as 01:00Z. */
	ck_assert_int_eq(tz_to_utc(tz, local_time(2026, 3, 29, 1, 0)),
	    1774746000);
	tz_free(tz);
}
END_TEST

/*
 * The independent cross-check.  glibc reads the same files with its own
 * code; we ask it through TZ and localtime_r() only.
 */
static const char *xzones[] = {
	"America/New_York", "Europe/Paris", "Australia/Sydney",
	"Australia/Lord_Howe", "Asia/Kolkata", "Europe/Moscow",
	"America/Sao_Paulo", "Pacific/Auckland", "Africa/Casablanca",
	"America/St_Johns", "Pacific/Chatham", "Asia/Tehran", "Europe/Dublin",
	"America/Santiago", "Pacific/Apia", "Asia/Gaza", "America/Godthab",
	"Antarctica/Troll", "Pacific/Kiritimati", "America/Havana",
	"Europe/London", "Asia/Jerusalem", "America/Asuncion",
};

static void
glibc_zone(const char *tzval)
{
	ck_assert_int_eq(setenv("TZ", tzval, 1), 0);
	tzset();
}

static long
glibc_off(int64_t u, const char **abbr)
{
	time_t		t = (time_t)u;
	struct tm	tm;

	ck_assert_ptr_nonnull(localtime_r(&t, &tm));
	if (abbr != NULL)
		*abbr = tm.tm_zone;
	return tm.tm_gmtoff;
}

/*
 * RFC 5545 by brute force: among the offsets glibc reports within a day of
 * LOCAL, every u = LOCAL - off whose glibc wall clock is LOCAL is an
 * occurrence; the smallest wins.  With none, LOCAL is in a gap, and the
 * answer is LOCAL read with the offset just before the transition, found by
 * bisection.
 */
static int64_t
brute_to_utc(int64_t local)
{
	int64_t	best = INT64_MAX, u, c, lo, hi, mid;
	long	o, ob, oa, offs[64];
	int	noffs = 0, i;

	for (u = local - SECS_PER_DAY; u <= local + SECS_PER_DAY; u += 1800) {
		o = glibc_off(u, NULL);
		for (i = 0; i < noffs && offs[i] != o; i++)
			continue;
		if (i == noffs)
			offs[noffs++] = o;
	}
	for (i = 0; i < noffs; i++) {
		c = local - offs[i];
		if (c + glibc_off(c, NULL) == local && c < best)
			best = c;
	}
	if (best != INT64_MAX)
		return best;
	for (u = local - SECS_PER_DAY; u < local + SECS_PER_DAY; u += 1800) {
		ob = glibc_off(u, NULL);
		oa = glibc_off(u + 1800, NULL);
		if (ob == oa)
			continue;
		lo = u;			/* last instant with ob */
		hi = u + 1800;		/* first instant with oa */
		while (hi - lo > 1) {
			mid = lo + (hi - lo) / 2;
			o = glibc_off(mid, NULL);
			if (o == ob)
				lo = mid;
			else
				hi = mid;
		}
		if (local >= hi + ob && local < hi + oa)
			return local - ob;
	}
	ck_abort_msg("local %lld: neither an occurrence nor a gap",
	    (long long)local);
	return 0;
}

START_TEST(test_glibc_offsets)
{
	struct tz	*tz = load(xzones[_i]);
	char		 tzval[128];
	const char	*abbr;
	uint64_t	 seed = 20260101 + (uint64_t)_i;
	int64_t		 u, n;
	long		 off;
	int		 k;

	snprintf(tzval, sizeof(tzval), ":%s", xzones[_i]);
	glibc_zone(tzval);
	for (k = 0; k < 4000; k++) {
		u = (int64_t)(lcg(&seed) % (uint64_t)CIVIL_MAX);
		off = glibc_off(u, &abbr);
		ck_assert_msg(tz_offset(tz, u) == off,
		    "%s at %lld: %d, glibc %ld", xzones[_i], (long long)u,
		    tz_offset(tz, u), off);
		ck_assert_str_eq(tz_abbr(tz, u), abbr);
		if (k % 10 != 0)
			continue;
		n = tz_next_transition(tz, u);
		if (n == INT64_MAX) {
			ck_assert_int_eq(glibc_off(CIVIL_MAX - 1, NULL), off);
			continue;
		}
		ck_assert_int_gt(n, u);
		ck_assert_int_lt(n, CIVIL_MAX);
		ck_assert_int_eq(glibc_off(n - 1, NULL), off);
		ck_assert_int_ne(glibc_off(n, NULL), off);
	}
	tz_free(tz);
}
END_TEST

START_TEST(test_glibc_to_utc)
{
	struct tz	*tz = load(xzones[_i]);
	char		 tzval[128];
	uint64_t	 seed = 19700101 + (uint64_t)_i;
	int64_t		 local, got, want;
	int		 k;

	snprintf(tzval, sizeof(tzval), ":%s", xzones[_i]);
	glibc_zone(tzval);
	for (k = 0; k < 1500; k++) {
		local = 2 * SECS_PER_DAY + (int64_t)(lcg(&seed) %
		    (uint64_t)(CIVIL_MAX - 4 * SECS_PER_DAY));
		/* Every fourth lands near a transition, where it matters. */
		if (k % 4 == 0) {
			int64_t	n = tz_next_transition(tz, local);

			if (n < CIVIL_MAX - 2 * SECS_PER_DAY)
				local = n + tz_offset(tz, n) -
				    (int64_t)(lcg(&seed) % (3 * HOUR));
		}
		got = tz_to_utc(tz, local);
		want = brute_to_utc(local);
		ck_assert_msg(got == want, "%s local %lld: %lld, glibc %lld",
		    xzones[_i], (long long)local, (long long)got,
		    (long long)want);
	}
	tz_free(tz);
}
END_TEST

/*
 * Writes a minimal version 2 TZif file at DIR/NAME: one type and no
 * transitions, so that FOOTER alone governs every instant after 1900.
 */
static void
write_tzif(const char *name, int32_t off, const char *abbr,
    const char *footer)
{
	unsigned char	 hdr[44], tt[6];
	char		 path[1024];
	size_t		 alen = strlen(abbr) + 1;
	FILE		*f;
	int		 pass;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	ck_assert_ptr_nonnull(f = fopen(path, "wb"));
	memset(hdr, 0, sizeof(hdr));
	memcpy(hdr, "TZif2", 5);
	hdr[39] = 1;				/* typecnt */
	hdr[43] = (unsigned char)alen;		/* charcnt */
	tt[0] = (unsigned char)((uint32_t)off >> 24);
	tt[1] = (unsigned char)((uint32_t)off >> 16);
	tt[2] = (unsigned char)((uint32_t)off >> 8);
	tt[3] = (unsigned char)off;
	tt[4] = 0;
	tt[5] = 0;
	for (pass = 0; pass < 2; pass++) {
		fwrite(hdr, 1, sizeof(hdr), f);
		fwrite(tt, 1, sizeof(tt), f);
		fwrite(abbr, 1, alen, f);
	}
	fprintf(f, "\n%s\n", footer);
	ck_assert_int_eq(fclose(f), 0);
}

/* A private zone directory, made TZDIR until remove_tmpdir(). */
static void
make_tmpdir(void)
{
	const char	*t = getenv("TMPDIR");

	snprintf(tmpdir, sizeof(tmpdir), "%s/test_tz.XXXXXX",
	    t != NULL && t[0] != '\0' ? t : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	free(saved_tzdir);
	saved_tzdir = getenv("TZDIR") ? strdup(getenv("TZDIR")) : NULL;
	ck_assert_int_eq(setenv("TZDIR", tmpdir, 1), 0);
}

static void
remove_tmpdir(const char **names, size_t n)
{
	char	path[1024];
	size_t	i;

	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", tmpdir, names[i]);
		unlink(path);
	}
	rmdir(tmpdir);
	if (saved_tzdir != NULL)
		setenv("TZDIR", saved_tzdir, 1);
	else
		unsetenv("TZDIR");
	free(saved_tzdir);
	saved_tzdir = NULL;
}

/*
 * POSIX TZ strings as footers, against glibc parsing the same string from
 * TZ.  They cover quoted names, hh:mm:ss offsets, the Jn, n and Mm.w.d
 * forms, and RFC 8536's negative and >24 hour rule times.
 */
static const char *footers[] = {
	"EST5EDT,M3.2.0,M11.1.0",
	"CET-1CEST,M3.5.0,M10.5.0/3",
	"<+0330>-3:30<+0430>,J79/24,J263/24",
	"<-03>3<-02>,M3.5.0/-2,M10.5.0/-1",
	"IST-1GMT0,M10.5.0,M3.5.0/1",
	"<+1030>-10:30<+11>-11,M10.1.0,M4.1.0",
	"NZST-12NZDT,M9.5.0,M4.1.0/3",
	"<-04>4<-03>,M9.1.6/24,M4.1.6/24",
	"AAA3:30:15BBB2:00:15,100/1:02:03,300/100",
	"XXX-5YYY,J60/0,J300/-5",
	"ZZZ-2WWW,59/0,300/23:59:59",
	"<-0130>1:30",
	"PST8PDT,M4.1.0/-167,M10.5.6/167",
};

START_TEST(test_footer_rules)
{
	struct tz	*tz;
	const char	*abbr, *names[] = { "Footer" };
	uint64_t	 seed = 42 + (uint64_t)_i;
	int64_t		 u;
	long		 off;
	int		 k;

	make_tmpdir();
	/* Type 0 only matters before 1900; any plausible value will do. */
	write_tzif("Footer", 0, "LMT", footers[_i]);
	tz = load("Footer");
	glibc_zone(footers[_i]);
	for (k = 0; k < 3000; k++) {
		u = (int64_t)(lcg(&seed) % (uint64_t)CIVIL_MAX);
		off = glibc_off(u, &abbr);
		ck_assert_msg(tz_offset(tz, u) == off, "\"%s\" at %lld: %d, "
		    "glibc %ld", footers[_i], (long long)u,
		    tz_offset(tz, u), off);
		ck_assert_str_eq(tz_abbr(tz, u), abbr);
	}
	tz_free(tz);
	remove_tmpdir(names, 1);
}
END_TEST

/*
 * Two rules where glibc only looks at the rules of the current UTC year and
 * so disagrees with tzcode and RFC 8536; the answers here are tzcode's.
 */
START_TEST(test_footer_year_crossing)
{
	const char	*names[] = { "Always", "Crossing" };
	struct tz	*tz;
	int64_t		 u;

	make_tmpdir();
	/* RFC 8536 section 3.3.1: DST all year, no transitions at all. */
	write_tzif("Always", -18000, "EST", "EST5EDT,0/0,J365/25");
	tz = load("Always");
	for (u = 0; u < CIVIL_MAX; u += 86400 * 7 + 3599) {
		ck_assert_int_eq(tz_offset(tz, u), -14400);
		ck_assert_str_eq(tz_abbr(tz, u), "EDT");
	}
	ck_assert_int_eq(tz_next_transition(tz, 0), INT64_MAX);
	tz_free(tz);

	/*
	 * Zero-based day 365 of 1985, which has 365 days, is 1986-01-01:
	 * DST (+3) ends at 1986-01-01 23:59:59 local = 20:59:59Z.
	 */
	write_tzif("Crossing", 7200, "ZZZ", "ZZZ-2WWW,59/0,365/23:59:59");
	tz = load("Crossing");
	ck_assert_int_eq(tz_offset(tz, 504997199 - 1), 10800);
	ck_assert_int_eq(tz_offset(tz, 504997199), 7200);
	ck_assert_int_eq(tz_next_transition(tz, 504921600), 504997199);
	tz_free(tz);
	remove_tmpdir(names, 2);
}
END_TEST

/* Footers tz.c must refuse: each is written as a zone and loaded. */
static const char *bad_footers[] = {
	"EST5EDT",			/* DST without a rule */
	"EST5EDT,M3.2.0",		/* one rule */
	"ES5",				/* name too short */
	"EST",				/* no offset */
	"EST25",			/* hour out of range */
	"EST5EDT,M13.1.0,M11.1.0",	/* month 13 */
	"EST5EDT,M3.6.0,M11.1.0",	/* week 6 */
	"EST5EDT,M3.2.7,M11.1.0",	/* weekday 7 */
	"EST5EDT,J0,J100",		/* Julian day 0 */
	"EST5EDT,1,366",		/* zero-based day 366 */
	"EST5EDT,M3.2.0/168,M11.1.0",	/* rule hour beyond 167 */
	"EST5:60",			/* minutes 60 */
	"<EST5",			/* unterminated quote */
	"EST5EDT,M3.2.0,M11.1.0x",	/* trailing junk */
};

START_TEST(test_bad_footer)
{
	const char	*names[] = { "Bad" };
	char		 err[512];
	struct tz	*tz;

	make_tmpdir();
	write_tzif("Bad", 0, "LMT", bad_footers[_i]);
	tz = tz_load("Bad", err, sizeof(err));
	ck_assert_msg(tz == NULL, "footer \"%s\" accepted", bad_footers[_i]);
	ck_assert_msg(strstr(err, "footer") != NULL, "%s", err);
	remove_tmpdir(names, 1);
}
END_TEST

START_TEST(test_unknown_zone)
{
	char	err[512];

	err[0] = '\0';
	ck_assert_ptr_null(tz_load("Mars/Olympus_Mons", err, sizeof(err)));
	ck_assert_msg(strstr(err, "Mars/Olympus_Mons") != NULL &&
	    strstr(err, "unknown") != NULL, "%s", err);
	/* A directory of zones is not a zone. */
	ck_assert_ptr_null(tz_load("America", err, sizeof(err)));
	ck_assert_msg(strstr(err, "America") != NULL, "%s", err);
	/* NULL or zero-sized error buffers are allowed. */
	ck_assert_ptr_null(tz_load("Mars/Olympus_Mons", NULL, 0));
}
END_TEST

static const char *bad_names[] = {
	"../etc/passwd", "/etc/localtime", "Europe/Paris\n", "",
	"Europe/../Europe/Paris", "Europe/Paris ", "Europe\\Paris",
	"Europe/Paris;ls", "Europe/Paris.tab", "~/Paris",
	"Europe/Paris\t", "..", "Eur\xc3\xb6pe/Paris",
};

START_TEST(test_bad_names)
{
	char	err[512];

	err[0] = '\0';
	ck_assert_ptr_null(tz_load(bad_names[_i], err, sizeof(err)));
	ck_assert_msg(strstr(err, "invalid name") != NULL, "%s", err);
	ck_assert_ptr_null(strchr(err, '\n'));
}
END_TEST

static unsigned char *
slurp(const char *path, size_t *len)
{
	unsigned char	*buf;
	FILE		*f;
	long		 n;

	ck_assert_ptr_nonnull(f = fopen(path, "rb"));
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	ck_assert_int_gt(n = ftell(f), 0);
	rewind(f);
	ck_assert_ptr_nonnull(buf = malloc((size_t)n));
	ck_assert_int_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static void
spew(const char *name, const unsigned char *buf, size_t len)
{
	char	 path[1024];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	ck_assert_ptr_nonnull(f = fopen(path, "wb"));
	ck_assert_int_eq(fwrite(buf, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

START_TEST(test_corrupt_files)
{
	const char	*names[] = { "Paris" };
	char		 path[1024], err[512];
	unsigned char	*buf, *copy;
	size_t		 len, i, cuts[10];
	struct tz	*tz, *ref;

	snprintf(path, sizeof(path), "%s/Europe/Paris", zoneinfo_dir());
	buf = slurp(path, &len);
	ref = load("Europe/Paris");
	make_tmpdir();

	/* An intact copy loads and agrees: TZDIR is honoured. */
	spew("Paris", buf, len);
	tz = load("Paris");
	ck_assert_int_eq(tz_offset(tz, JUL2026), tz_offset(ref, JUL2026));
	ck_assert_int_eq(tz_next_transition(tz, JAN2026),
	    tz_next_transition(ref, JAN2026));
	tz_free(tz);
	/* "UTC" does not depend on the directory. */
	tz = load("UTC");
	tz_free(tz);

	cuts[0] = 0;
	cuts[1] = 4;
	cuts[2] = 43;
	cuts[3] = 44;
	cuts[4] = 100;
	cuts[5] = len / 2;
	cuts[6] = len - 40;
	cuts[7] = len - 2;
	cuts[8] = len - 1;
	cuts[9] = len - 30;
	for (i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		spew("Paris", buf, cuts[i]);
		err[0] = '\0';
		ck_assert_msg(tz_load("Paris", err, sizeof(err)) == NULL,
		    "truncated at %zu of %zu accepted", cuts[i], len);
		ck_assert_msg(strstr(err, "TZif") != NULL, "%s", err);
	}

	ck_assert_ptr_nonnull(copy = malloc(len + 8));
	/* Bad magic; version 1 only; trailing garbage after the footer. */
	memcpy(copy, buf, len);
	copy[0] = 'X';
	spew("Paris", copy, len);
	ck_assert_ptr_null(tz_load("Paris", err, sizeof(err)));
	ck_assert_msg(strstr(err, "not a TZif") != NULL, "%s", err);
	memcpy(copy, buf, len);
	copy[4] = '\0';
	spew("Paris", copy, len);
	ck_assert_ptr_null(tz_load("Paris", err, sizeof(err)));
	memcpy(copy, buf, len);
	memcpy(copy + len, "junk\n", 5);
	spew("Paris", copy, len + 5);
	ck_assert_ptr_null(tz_load("Paris", err, sizeof(err)));

	free(copy);
	free(buf);
	tz_free(ref);
	remove_tmpdir(names, 1);
}
END_TEST

/* Random damage must never crash the loader nor yield a zone that
 * misbehaves; what it accepts is answered within the RFC 8536 bounds. */
START_TEST(test_damaged_files)
{
	const char	*names[] = { "Damaged" };
	char		 path[1024], err[512];
	unsigned char	*buf, *copy;
	size_t		 len;
	uint64_t	 seed = 7;
	struct tz	*tz;
	int		 k, j, loaded = 0;
	int64_t		 u;

	snprintf(path, sizeof(path), "%s/America/New_York", zoneinfo_dir());
	buf = slurp(path, &len);
	ck_assert_ptr_nonnull(copy = malloc(len));
	make_tmpdir();
	for (k = 0; k < 1500; k++) {
		memcpy(copy, buf, len);
		for (j = 0; j < 1 + k % 4; j++)
			copy[lcg(&seed) % len] = (unsigned char)lcg(&seed);
		spew("Damaged", copy, len);
		if ((tz = tz_load("Damaged", err, sizeof(err))) == NULL) {
			ck_assert_int_gt(strlen(err), 0);
			continue;
		}
		loaded++;
		for (u = 0; u < CIVIL_MAX; u += 86400 * 61) {
			ck_assert_int_ge(tz_offset(tz, u), -89999);
			ck_assert_int_le(tz_offset(tz, u), 93599);
			ck_assert_int_gt(tz_next_transition(tz, u), u);
			(void)tz_to_utc(tz, u);
			(void)tz_abbr(tz, u);
		}
		tz_free(tz);
	}
	/* Damage to the 32-bit block goes unnoticed, so some do load. */
	ck_assert_int_gt(loaded, 0);
	free(copy);
	free(buf);
	remove_tmpdir(names, 1);
}
END_TEST

#define NELEM(a)	((int)(sizeof(a) / sizeof((a)[0])))

/* A zone file that is a FIFO is refused at once: before, open() waited
 * for a writer and blocked the daemon's reload (check's timeout ends it). */
START_TEST(test_fifo_zone)
{
	static const char *names[] = { "Fifo" };
	char		path[1024], err[256];
	struct tz	*tz;

	make_tmpdir();
	snprintf(path, sizeof(path), "%s/Fifo", tmpdir);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	tz = tz_load("Fifo", err, sizeof(err));
	remove_tmpdir(names, 1);
	ck_assert_ptr_null(tz);
	ck_assert_msg(strstr(err, "/Fifo: is a FIFO, not a regular file")
	    != NULL, "%s", err);
}
END_TEST

static Suite *
tz_suite(void)
{
	Suite	*s = suite_create("tz");
	TCase	*tc;

	tc = tcase_create("tables");
	tcase_add_loop_test(tc, test_transition_table, 0, NELEM(trans));
	tcase_add_loop_test(tc, test_resolve_table, 0, NELEM(resolve));
	tcase_add_test(tc, test_utc);
	tcase_add_test(tc, test_no_dst);
	tcase_add_test(tc, test_abbr_only_change);
	tcase_add_test(tc, test_end_of_range);
	tcase_add_test(tc, test_negative_dst);
	suite_add_tcase(s, tc);

	tc = tcase_create("glibc");
	tcase_set_timeout(tc, 300);
	tcase_add_loop_test(tc, test_glibc_offsets, 0, NELEM(xzones));
	tcase_add_loop_test(tc, test_glibc_to_utc, 0, NELEM(xzones));
	tcase_add_loop_test(tc, test_footer_rules, 0, NELEM(footers));
	tcase_add_test(tc, test_footer_year_crossing);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_bad_footer, 0, NELEM(bad_footers));
	tcase_add_test(tc, test_unknown_zone);
	tcase_add_loop_test(tc, test_bad_names, 0, NELEM(bad_names));
	tcase_add_test(tc, test_corrupt_files);
	tcase_add_test(tc, test_damaged_files);
	tcase_add_test(tc, test_fifo_zone);
	suite_add_tcase(s, tc);
	return s;
}


int
main(void)
{
	SRunner	*sr = srunner_create(tz_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
