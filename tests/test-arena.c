/* The arena: alignment, zeroing, growth past a chunk, large requests, overflow. */
#include "config.h"

#include <stdalign.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../core/arena.h"

static void allocations_are_aligned_and_zeroed(void **state)
{
	cb_arena *a = cbi_arena_new();
	assert_non_null(a);
	for (size_t size = 1; size < 200; size += 7) {
		unsigned char *p = cbi_arena_alloc(a, size);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
		for (size_t i = 0; i < size; i++)
			assert_int_equal(p[i], 0);
		memset(p, 0xAB, size);
	}
	cbi_arena_free(a);
}

static void grows_past_many_chunks_and_keeps_contents(void **state)
{
	cb_arena *a = cbi_arena_new();
	char *ptrs[5000];
	for (int i = 0; i < 5000; i++) {
		ptrs[i] = cbi_arena_alloc(a, 100);
		assert_non_null(ptrs[i]);
		memset(ptrs[i], i % 251, 100);
	}
	for (int i = 0; i < 5000; i++)
		for (int k = 0; k < 100; k++)
			assert_int_equal((unsigned char)ptrs[i][k], i % 251);
	assert_true(cbi_arena_used(a) >= 5000 * 100);
	cbi_arena_free(a);
}

static void large_request_gets_its_own_chunk(void **state)
{
	cb_arena *a = cbi_arena_new();
	char *small = cbi_arena_alloc(a, 16);
	char *big = cbi_arena_alloc(a, 10u << 20);
	assert_non_null(small);
	assert_non_null(big);
	big[(10u << 20) - 1] = 1;
	char *after = cbi_arena_alloc(a, 16);
	assert_non_null(after);
	cbi_arena_free(a);
}

static void overflowing_sizes_fail_cleanly(void **state)
{
	cb_arena *a = cbi_arena_new();
	assert_null(cbi_arena_alloc(a, SIZE_MAX));
	assert_null(cbi_arena_alloc(a, SIZE_MAX - 8));
	assert_null(cbi_arena_strndup(a, "x", SIZE_MAX));
	assert_non_null(cbi_arena_alloc(a, 8)); /* still usable */
	cbi_arena_free(a);
}

static void strndup_copies_and_terminates(void **state)
{
	cb_arena *a = cbi_arena_new();
	char *s = cbi_arena_strndup(a, "학교명: 빛고을", 9);
	assert_string_equal(s, "학교명");
	assert_string_equal(cbi_arena_strndup(a, "", 0), "");
	cbi_arena_free(a);
	cbi_arena_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(allocations_are_aligned_and_zeroed),
		cmocka_unit_test(grows_past_many_chunks_and_keeps_contents),
		cmocka_unit_test(large_request_gets_its_own_chunk),
		cmocka_unit_test(overflowing_sizes_fail_cleanly),
		cmocka_unit_test(strndup_copies_and_terminates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
