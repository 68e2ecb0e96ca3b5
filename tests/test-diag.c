/* Diagnostics: records, formatting, counts, stable code names. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <casebook/diag.h>

static void records_keep_every_field(void **state)
{
	cb_diags *d = cb_diags_new();
	cb_diags_add(d, CB_SEV_WARNING, CB_W_ENCODING, "case017.hwpx", "Contents/section0.xml", 212,
	             "invalid byte 0x%02X", 0xFF);
	assert_int_equal(cb_diags_count(d), 1);
	const cb_diag *r = cb_diags_at(d, 0);
	assert_int_equal(cb_diag_severity(r), CB_SEV_WARNING);
	assert_int_equal(cb_diag_code(r), CB_W_ENCODING);
	assert_string_equal(cb_diag_path(r), "case017.hwpx");
	assert_string_equal(cb_diag_part(r), "Contents/section0.xml");
	assert_int_equal(cb_diag_line(r), 212);
	assert_string_equal(cb_diag_message(r), "invalid byte 0xFF");
	assert_null(cb_diags_at(d, 1));
	cb_diags_free(d);
}

static void format_names_file_part_and_line(void **state)
{
	cb_diags *d = cb_diags_new();
	cb_diags_add(d, CB_SEV_WARNING, CB_W_ENCODING, "case017.hwpx", "Contents/section0.xml", 212,
	             "bad");
	cb_diags_add(d, CB_SEV_ERROR, CB_E_UNRECOGNISED, "a.pdf", NULL, 0, "unrecognised format");
	cb_diags_add(d, CB_SEV_NOTE, CB_N_DETECTED, "a.txt", NULL, 3, "encoding: CP949");
	cb_diags_add(d, CB_SEV_ERROR, CB_E_USAGE, NULL, NULL, 0, "no path");
	const char *want[] = {
		"case017.hwpx:Contents/section0.xml:212: warning: bad",
		"a.pdf: unrecognised format",
		"a.txt:3: note: encoding: CP949",
		"no path",
	};
	for (size_t i = 0; i < 4; i++) {
		char *s = cb_diag_format(cb_diags_at(d, i));
		assert_string_equal(s, want[i]);
		free(s);
	}
	cb_diags_free(d);
}

static void counts_by_severity_and_clear(void **state)
{
	cb_diags *d = cb_diags_new();
	cb_diags_add(d, CB_SEV_NOTE, CB_N_DETECTED, "x", NULL, 0, "n");
	cb_diags_add(d, CB_SEV_WARNING, CB_W_LOSSY, "x", NULL, 0, "w");
	cb_diags_add(d, CB_SEV_ERROR, CB_E_IO, "x", NULL, 0, "e");
	assert_int_equal(cb_diags_count_at_least(d, CB_SEV_NOTE), 3);
	assert_int_equal(cb_diags_count_at_least(d, CB_SEV_WARNING), 2);
	assert_int_equal(cb_diags_count_at_least(d, CB_SEV_ERROR), 1);
	cb_diags_clear(d);
	assert_int_equal(cb_diags_count(d), 0);
	for (int i = 0; i < 1000; i++) /* growth */
		cb_diags_add(d, CB_SEV_WARNING, CB_W_LOSSY, "x", NULL, (unsigned long)i, "w%d", i);
	assert_int_equal(cb_diags_count(d), 1000);
	assert_int_equal(cb_diag_line(cb_diags_at(d, 999)), 999);
	assert_string_equal(cb_diag_message(cb_diags_at(d, 500)), "w500");
	cb_diags_free(d);
	cb_diags_free(NULL);
}

/* Every code has its own stable name: reports and scripts match on them. */
static void code_names_are_unique_and_stable(void **state)
{
	for (int a = 0; a < CB_CODE_COUNT_; a++) {
		assert_string_not_equal(cb_code_name((cb_code)a), "unknown");
		assert_string_not_equal(cb_code_describe((cb_code)a), "unknown code");
		for (int b = a + 1; b < CB_CODE_COUNT_; b++)
			assert_string_not_equal(cb_code_name((cb_code)a), cb_code_name((cb_code)b));
	}
	/* The published numbers and names; changing one breaks users. */
	assert_int_equal(CB_E_UNRECOGNISED, 3);
	assert_string_equal(cb_code_name(CB_E_UNRECOGNISED), "unrecognised-format");
	assert_int_equal(CB_E_PLUGIN_ABI, 7);
	assert_string_equal(cb_code_name(CB_E_PLUGIN_ABI), "plugin-abi");
	assert_string_equal(cb_code_name(CB_W_ENCODING), "encoding");
	assert_string_equal(cb_code_name((cb_code)9999), "unknown");
	assert_string_equal(cb_severity_name(CB_SEV_WARNING), "warning");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(records_keep_every_field),
		cmocka_unit_test(format_names_file_part_and_line),
		cmocka_unit_test(counts_by_severity_and_clear),
		cmocka_unit_test(code_names_are_unique_and_stable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
