/* test_interval.c - interval sets: normalization, set operations, lookup. */
#include <check.h>
#include <stdlib.h>

#include "interval.h"

static void
set_of(struct ivset *s, const int64_t *pairs, size_t n)
{
	size_t i;

	ivset_init(s);
	for (i = 0; i < n; i++)
		ivset_add(s, pairs[2 * i], pairs[2 * i + 1]);
	ivset_normalize(s);
}

static void
assert_set(const struct ivset *s, const int64_t *pairs, size_t n)
{
	size_t i;

	ck_assert_uint_eq(s->n, n);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(s->v[i].start, pairs[2 * i]);
		ck_assert_int_eq(s->v[i].end, pairs[2 * i + 1]);
	}
}

START_TEST(normalize_merges_overlapping_and_adjacent)
{
	static const int64_t in[] = { 50, 60, 10, 20, 20, 30, 15, 25, 40, 40,
	    70, 80, 75, 78 };
	static const int64_t want[] = { 10, 30, 50, 60, 70, 80 };
	struct ivset s;

	set_of(&s, in, 7);
	assert_set(&s, want, 3);
	ivset_free(&s);
}
END_TEST

START_TEST(set_operations)
{
	static const int64_t a[] = { 0, 10, 20, 30, 40, 50 };
	static const int64_t b[] = { 5, 25, 45, 60 };
	static const int64_t u[] = { 0, 30, 40, 60 };
	static const int64_t d[] = { 0, 5, 25, 30, 40, 45 };
	static const int64_t x[] = { 5, 10, 20, 25, 45, 50 };
	struct ivset sa, sb, out = IVSET_INITIALIZER;

	set_of(&sa, a, 3);
	set_of(&sb, b, 2);
	ivset_union(&out, &sa, &sb);
	assert_set(&out, u, 2);
	ivset_subtract(&out, &sa, &sb);
	assert_set(&out, d, 3);
	ivset_intersect(&out, &sa, &sb);
	assert_set(&out, x, 3);
	ivset_free(&sa);
	ivset_free(&sb);
	ivset_free(&out);
}
END_TEST

START_TEST(subtract_splits_and_swallows)
{
	static const int64_t a[] = { 0, 100 };
	static const int64_t b[] = { 10, 20, 30, 40, 90, 200 };
	static const int64_t want[] = { 0, 10, 20, 30, 40, 90 };
	static const int64_t all[] = { -5, 300 };
	struct ivset sa, sb, sc, out = IVSET_INITIALIZER;

	set_of(&sa, a, 1);
	set_of(&sb, b, 3);
	ivset_subtract(&out, &sa, &sb);
	assert_set(&out, want, 3);
	set_of(&sc, all, 1);
	ivset_subtract(&out, &sa, &sc);
	ck_assert_uint_eq(out.n, 0);
	ivset_free(&sa);
	ivset_free(&sb);
	ivset_free(&sc);
	ivset_free(&out);
}
END_TEST

START_TEST(lookup_is_half_open)
{
	static const int64_t a[] = { 10, 20, 30, 40 };
	struct ivset s;

	set_of(&s, a, 2);
	ck_assert(!ivset_contains(&s, 9));
	ck_assert(ivset_contains(&s, 10));
	ck_assert(ivset_contains(&s, 19));
	ck_assert(!ivset_contains(&s, 20));
	ck_assert(!ivset_contains(&s, 29));
	ck_assert(ivset_contains(&s, 30));
	ck_assert(!ivset_contains(&s, 40));
	ck_assert_uint_eq(ivset_search(&s, 5), 0);
	ck_assert_uint_eq(ivset_search(&s, 25), 1);
	ck_assert_uint_eq(ivset_search(&s, 40), 2);
	ivset_free(&s);
}
END_TEST

START_TEST(clip_keeps_the_inside)
{
	static const int64_t a[] = { 0, 10, 20, 30, 40, 50 };
	static const int64_t want[] = { 5, 10, 20, 30, 40, 45 };
	struct ivset s;

	set_of(&s, a, 3);
	ivset_clip(&s, 5, 45);
	assert_set(&s, want, 3);
	ivset_clip(&s, 100, 200);
	ck_assert_uint_eq(s.n, 0);
	ivset_free(&s);
}
END_TEST

/* Random sets against a bitmap over a small universe. */
START_TEST(random_against_bitmap)
{
	enum { U = 200 };
	unsigned seed = 12345, round, i;
	unsigned char ba[U], bb[U];
	struct ivset a, b, out = IVSET_INITIALIZER;

	for (round = 0; round < 500; round++) {
		ivset_init(&a);
		ivset_init(&b);
		for (i = 0; i < U; i++)
			ba[i] = bb[i] = 0;
		for (i = 0; i < 8; i++) {
			int64_t s, e, k;

			seed = seed * 1103515245 + 12345;
			s = (seed >> 8) % U;
			seed = seed * 1103515245 + 12345;
			e = s + (seed >> 8) % 30;
			if (e > U)
				e = U;
			ivset_add(i % 2 ? &a : &b, s, e);
			for (k = s; k < e; k++)
				(i % 2 ? ba : bb)[k] = 1;
		}
		ivset_normalize(&a);
		ivset_normalize(&b);
		ivset_union(&out, &a, &b);
		for (i = 0; i < U; i++)
			ck_assert_int_eq(ivset_contains(&out, i), ba[i] || bb[i]);
		ivset_subtract(&out, &a, &b);
		for (i = 0; i < U; i++)
			ck_assert_int_eq(ivset_contains(&out, i), ba[i] && !bb[i]);
		ivset_intersect(&out, &a, &b);
		for (i = 0; i < U; i++)
			ck_assert_int_eq(ivset_contains(&out, i), ba[i] && bb[i]);
		/* Results are normalized: no touching neighbours. */
		for (i = 1; i < out.n; i++)
			ck_assert(out.v[i].start > out.v[i - 1].end);
		ivset_free(&a);
		ivset_free(&b);
	}
	ivset_free(&out);
}
END_TEST

static Suite *
interval_suite(void)
{
	Suite *s = suite_create("interval");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, normalize_merges_overlapping_and_adjacent);
	tcase_add_test(tc, set_operations);
	tcase_add_test(tc, subtract_splits_and_swallows);
	tcase_add_test(tc, lookup_is_half_open);
	tcase_add_test(tc, clip_keeps_the_inside);
	tcase_add_test(tc, random_against_bitmap);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(interval_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
