/* The plugin loader: good plugins load, bad ones are refused with the right reason and code
 * before any of their code runs (their callbacks abort), and the search order holds. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "testutil.h"

static char *real_dir, *test_dir;

static int setup(void **state)
{
	if (asprintf(&real_dir, "%s/plugins/.libs", cbt_builddir()) < 0 ||
	    asprintf(&test_dir, "%s/tests/plugins/.libs", cbt_builddir()) < 0)
		return -1;
	/* Only the directories each test names. */
	setenv("CASEBOOK_PLUGIN_PATH", "", 1);
	setenv("CASEBOOK_PLUGIN_SYSTEM_PATH", "", 1);
	return 0;
}

static int teardown(void **state)
{
	free(real_dir);
	free(test_dir);
	return 0;
}

/* The refusal of the file whose name ends in suffix, or NULL. */
static const char *refusal(const cb_context *ctx, const char *suffix, cb_code *code)
{
	for (size_t i = 0; i < cb_context_refused_count(ctx); i++) {
		const char *path, *reason;
		cb_context_refused_at(ctx, i, &path, code, &reason);
		size_t n = strlen(path), m = strlen(suffix);
		if (n >= m && strcmp(path + n - m, suffix) == 0)
			return reason;
	}
	return NULL;
}

static void bundled_plugins_load(void **state)
{
	cb_context *ctx = cb_context_new();
	cb_context_add_plugin_dir(ctx, real_dir);
	size_t n = cb_context_load_plugins(ctx);
	assert_true(n >= 6);
	assert_int_equal(cb_context_refused_count(ctx), 0);
	const char *readers[] = {"text", "cbxml"};
	const char *writers[] = {"cbxml", "json", "markdown", "text"};
	for (size_t i = 0; i < 2; i++)
		assert_non_null(cb_context_find_plugin(ctx, CB_PLUGIN_READER, readers[i]));
	for (size_t i = 0; i < 4; i++) {
		const cb_plugin *p = cb_context_find_plugin(ctx, CB_PLUGIN_WRITER, writers[i]);
		assert_non_null(p);
		const cb_plugin_descriptor *d = cb_plugin_get_descriptor(p);
		assert_int_equal(d->abi, CB_PLUGIN_ABI);
		assert_string_equal(d->name, writers[i]);
		assert_non_null(strstr(cb_plugin_path(p), real_dir));
	}
	assert_string_equal(cb_plugin_get_descriptor(cb_context_find_writer_for_extension(ctx, "MD"))
	                        ->name,
	                    "markdown");
	assert_null(cb_context_find_writer_for_extension(ctx, "nope"));
	assert_int_equal(cb_context_load_plugins(ctx), n); /* a second call does nothing */
	cb_context_free(ctx);
}

static void bad_plugins_are_refused_with_reasons(void **state)
{
	cb_context *ctx = cb_context_new();
	cb_context_add_plugin_dir(ctx, real_dir);
	cb_context_add_plugin_dir(ctx, test_dir);
	cb_context_load_plugins(ctx);
	cb_code code;
	const char *why;

	why = refusal(ctx, "/bad-abi.so", &code);
	assert_non_null(why);
	assert_int_equal(code, CB_E_PLUGIN_ABI);
	assert_non_null(strstr(why, "built for plugin ABI 999, but this casebook uses ABI 2"));
	assert_null(cb_context_find_plugin(ctx, CB_PLUGIN_READER, "future"));

	why = refusal(ctx, "/no-entry.so", &code);
	assert_non_null(why);
	assert_int_equal(code, CB_E_PLUGIN_ENTRY);
	assert_non_null(strstr(why, "no entry symbol 'cb_plugin_entry'"));

	why = refusal(ctx, "/duplicate-name.so", &code);
	assert_non_null(why);
	assert_int_equal(code, CB_E_PLUGIN_DUPLICATE);
	assert_non_null(strstr(why, "duplicate reader name 'text': already loaded from"));
	assert_non_null(strstr(why, "text-reader.so"));

	why = refusal(ctx, "/bad-descriptor.so", &code);
	assert_non_null(why);
	assert_int_equal(code, CB_E_PLUGIN_DESCRIPTOR);
	assert_non_null(strstr(why, "reader 'halfdone' lacks its read callback"));

	why = refusal(ctx, "/unresolved.so", &code);
	assert_non_null(why);
	assert_int_equal(code, CB_E_PLUGIN_LOAD);
	assert_non_null(strstr(why, "cb_test_symbol_nobody_defines"));

	assert_int_equal(cb_context_refused_count(ctx), 5);
	/* The good ones are all there all the same. */
	assert_non_null(cb_context_find_plugin(ctx, CB_PLUGIN_WRITER, "markdown"));
	cb_context_free(ctx);
}

/* --plugin-dir comes before CASEBOOK_PLUGIN_PATH, which comes before the system directory: the
 * first "text" reader found wins. */
static void search_order_decides_duplicates(void **state)
{
	cb_context *ctx = cb_context_new();
	cb_context_add_plugin_dir(ctx, test_dir);
	setenv("CASEBOOK_PLUGIN_PATH", real_dir, 1);
	cb_context_load_plugins(ctx);
	const cb_plugin *text = cb_context_find_plugin(ctx, CB_PLUGIN_READER, "text");
	assert_non_null(strstr(cb_plugin_path(text), "duplicate-name.so"));
	cb_code code;
	assert_non_null(refusal(ctx, "/text-reader.so", &code));
	assert_int_equal(code, CB_E_PLUGIN_DUPLICATE);
	cb_context_free(ctx);

	/* The environment alone, with several directories and empty elements. */
	char *list;
	assert_true(asprintf(&list, "::%s:/nonexistent:%s", real_dir, test_dir) > 0);
	setenv("CASEBOOK_PLUGIN_PATH", list, 1);
	ctx = cb_context_new();
	cb_context_load_plugins(ctx);
	text = cb_context_find_plugin(ctx, CB_PLUGIN_READER, "text");
	assert_non_null(strstr(cb_plugin_path(text), "text-reader.so"));
	cb_context_free(ctx);

	/* The system directory comes last and can be replaced through its variable. */
	setenv("CASEBOOK_PLUGIN_PATH", "", 1);
	setenv("CASEBOOK_PLUGIN_SYSTEM_PATH", real_dir, 1);
	ctx = cb_context_new();
	assert_true(cb_context_load_plugins(ctx) >= 6);
	cb_context_free(ctx);
	setenv("CASEBOOK_PLUGIN_SYSTEM_PATH", "", 1);
	free(list);
}

static int dummy_bid(const cb_probe *p) { return 1; }
static cb_code dummy_read(cb_input *in, cb_document *doc) { return CB_OK; }
static cb_code dummy_write(const cb_document *doc, cb_output *out) { return CB_OK; }
static const char *const exts[] = {"dmy", NULL};

static void registered_descriptors_get_the_same_checks(void **state)
{
	cb_plugin_descriptor good = {
		.abi = CB_PLUGIN_ABI, .size = sizeof good, .name = "dummy", .version = "1",
		.licence = "MIT", .kind = CB_PLUGIN_READER, .bid = dummy_bid, .read = dummy_read,
	};
	cb_context *ctx = cb_context_new();
	cb_diags *d = cb_diags_new();
	assert_int_equal(cb_context_register(ctx, &good, d), CB_OK);
	assert_int_equal(cb_context_register(ctx, &good, d), CB_E_PLUGIN_DUPLICATE);
	assert_true(cbt_has_diag(d, CB_E_PLUGIN_DUPLICATE, "already loaded from the program itself"));

	cb_plugin_descriptor w = good;
	w.kind = CB_PLUGIN_WRITER;
	w.write = dummy_write;
	assert_int_equal(cb_context_register(ctx, &w, d), CB_E_PLUGIN_DESCRIPTOR); /* no extension */
	w.extensions = exts;
	assert_int_equal(cb_context_register(ctx, &w, d), CB_OK); /* same name, other kind: fine */

	cb_plugin_descriptor bad = good;
	bad.name = "Upper Case";
	assert_int_equal(cb_context_register(ctx, &bad, d), CB_E_PLUGIN_DESCRIPTOR);
	bad = good;
	bad.name = "other";
	bad.size = 8;
	assert_int_equal(cb_context_register(ctx, &bad, d), CB_E_PLUGIN_DESCRIPTOR);
	bad.size = sizeof bad;
	bad.abi = 0;
	assert_int_equal(cb_context_register(ctx, &bad, d), CB_E_PLUGIN_ABI);
	bad.abi = CB_PLUGIN_ABI;
	bad.kind = 7;
	assert_int_equal(cb_context_register(ctx, &bad, d), CB_E_PLUGIN_DESCRIPTOR);
	bad.kind = CB_PLUGIN_READER;
	bad.licence = NULL;
	assert_int_equal(cb_context_register(ctx, &bad, d), CB_E_PLUGIN_DESCRIPTOR);
	assert_true(cbt_has_diag(d, CB_E_PLUGIN_DESCRIPTOR, "does not say its licence"));
	assert_int_equal(cb_context_plugin_count(ctx), 2);
	assert_null(cb_plugin_path(cb_context_plugin_at(ctx, 0)));
	cb_diags_free(d);
	cb_context_free(ctx);
}

static void limits_parse_and_name_themselves(void **state)
{
	cb_context *ctx = cb_context_new();
	assert_int_equal(cb_context_set_limit_option(ctx, "max-input-bytes=2M"), CB_OK);
	assert_int_equal(cb_context_limit(ctx, CB_LIMIT_INPUT_BYTES), 2u << 20);
	assert_int_equal(cb_context_set_limit_option(ctx, "max-depth=64"), CB_OK);
	assert_int_equal(cb_context_limit(ctx, CB_LIMIT_DEPTH), 64);
	assert_int_equal(cb_context_set_limit_option(ctx, "max-nodes=0"), CB_OK); /* unlimited */
	assert_int_equal(cb_context_limit(ctx, CB_LIMIT_NODES), 0);
	assert_int_equal(cb_context_set_limit_option(ctx, "max-depth"), CB_E_USAGE);
	assert_int_equal(cb_context_set_limit_option(ctx, "max-depth=-1"), CB_E_USAGE);
	assert_int_equal(cb_context_set_limit_option(ctx, "max-depth=12x"), CB_E_USAGE);
	assert_int_equal(cb_context_set_limit_option(ctx, "no-such=1"), CB_E_USAGE);
	assert_int_equal(cb_context_set_limit_option(ctx, "max-nodes=99999999999G"), CB_E_USAGE);
	assert_string_equal(cb_limit_name(CB_LIMIT_UNCOMPRESSED), "max-uncompressed-bytes");
	cb_context_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bundled_plugins_load),
		cmocka_unit_test(bad_plugins_are_refused_with_reasons),
		cmocka_unit_test(search_order_decides_duplicates),
		cmocka_unit_test(registered_descriptors_get_the_same_checks),
		cmocka_unit_test(limits_parse_and_name_themselves),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
