/* The example submissions against examples/expected.json: every field, the sections, the privacy
 * counts, and values that must never appear. It says which files it could not read (and with
 * which reader they were meant to be read) rather than stopping at the first, prints the
 * extraction accuracy, and fails on any difference. Then the README's main command: a build over
 * the whole folder, whose outputs must hold none of the masked values. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <casebook/build.h>

#include "minijson.h"
#include "testutil.h"

static mj *expected;

static int setup(void **state)
{
	char *path = cbt_src_path("examples/expected.json");
	char *text = cbt_read_file(path, NULL);
	expected = text ? mj_parse(text) : NULL;
	if (!expected)
		fprintf(stderr, "cannot read %s\n", path);
	free(text);
	free(path);
	return expected ? 0 : -1;
}

static int teardown(void **state)
{
	mj_free(expected);
	return 0;
}

typedef struct tally {
	size_t fields, fields_right, files, files_right;
	char unreadable[4096];
} tally;

/* Compares one submission; returns whether everything matched. */
static bool compare(cb_context *ctx, const cb_profile *p, const char *name, const mj *want,
                    tally *t)
{
	char *rel, *path;
	assert_true(asprintf(&rel, "examples/submissions/%s", name) > 0);
	path = cbt_src_path(rel);
	free(rel);
	const char *reader = mj_get(want, "reader")->string;
	cb_diags *d = cb_diags_new();
	cb_case *c = cb_case_extract_file(ctx, p, path, 0, d);
	const mj *fields = mj_get(want, "fields");
	t->files++;
	t->fields += fields->count;
	if (!c) {
		const char *why = cb_diags_count(d) ? cb_diag_message(cb_diags_at(d, 0)) : "?";
		size_t used = strlen(t->unreadable);
		snprintf(t->unreadable + used, sizeof t->unreadable - used,
		         "  %s (needs the %s reader): %s\n", name, reader, why);
		cb_diags_free(d);
		free(path);
		return false;
	}
	bool ok = true;
	const char *format = cb_case_get(c, "source.format");
	if (!format || strcmp(format, reader) != 0) {
		fprintf(stderr, "%s: read by '%s', expected '%s'\n", name, format ? format : "?", reader);
		ok = false;
	}
	for (size_t i = 0; i < fields->count; i++) {
		char buf[64];
		const char *key = fields->keys[i];
		const char *w = mj_text(fields->items[i], buf, sizeof buf);
		const char *got = cb_case_get(c, key);
		if ((!w && !got) || (w && got && strcmp(w, got) == 0)) {
			t->fields_right++;
			continue;
		}
		fprintf(stderr, "%s: %s is '%s', expected '%s'\n", name, key, got ? got : "null",
		        w ? w : "null");
		ok = false;
	}
	const mj *sections = mj_get(want, "sections");
	bool same = sections->count == cb_case_section_count(c);
	for (size_t i = 0; same && i < sections->count; i++) {
		const char *kind, *heading;
		cb_case_section_at(c, i, &kind, &heading);
		same = strcmp(kind, mj_at(sections, i)->string) == 0;
	}
	if (!same) {
		fprintf(stderr, "%s: sections are", name);
		const char *kind, *heading;
		for (size_t i = 0; cb_case_section_at(c, i, &kind, &heading); i++)
			fprintf(stderr, " %s", kind);
		fputc('\n', stderr);
		ok = false;
	}
	const mj *counts = mj_get(want, "redactions");
	for (size_t k = 0; cb_redaction_kind(k); k++) {
		const mj *n = mj_get(counts, cb_redaction_kind(k));
		size_t w = n ? (size_t)n->number : 0, got = cb_case_redactions(c, cb_redaction_kind(k));
		if (w != got) {
			fprintf(stderr, "%s: %zu %s masked, expected %zu\n", name, got,
			        cb_redaction_kind(k), w);
			ok = false;
		}
	}
	char *json = cb_case_to_json(c);
	const mj *secrets = mj_get(want, "secrets");
	for (size_t i = 0; i < secrets->count; i++)
		if (strstr(json, mj_at(secrets, i)->string)) {
			fprintf(stderr, "%s: '%s' leaked into the case\n", name, mj_at(secrets, i)->string);
			ok = false;
		}
	if (cb_diags_count_at_least(cb_case_diags(c), CB_SEV_WARNING)) {
		fprintf(stderr, "%s: unexpected warnings:\n", name);
		cbt_print_diags(cb_case_diags(c));
		ok = false;
	}
	free(json);
	cb_case_free(c);
	cb_diags_free(d);
	free(path);
	t->files_right += ok;
	return ok;
}

static void every_example_extracts_as_expected(void **state)
{
	cb_context *ctx = cbt_context();
	cb_diags *d = cb_diags_new();
	cb_profile *p = cb_profile_load(NULL, d);
	assert_non_null(p);
	const mj *subs = mj_get(expected, "submissions");
	assert_true(subs && subs->count >= 12);
	tally t = {0};
	bool all = true;
	for (size_t i = 0; i < subs->count; i++)
		all = compare(ctx, p, subs->keys[i], subs->items[i], &t) && all;
	fprintf(stderr, "examples: %zu of %zu fields right; %zu of %zu submissions entirely right\n",
	        t.fields_right, t.fields, t.files_right, t.files);
	if (t.unreadable[0])
		fprintf(stderr, "examples that could not be read:\n%s", t.unreadable);
	cb_profile_free(p);
	cb_diags_free(d);
	cb_context_free(ctx);
	assert_true(all);
}

/* Every expected file is in the folder and every file of the folder is expected, so the README's
 * build and this test look at the same submissions. */
static void the_folder_and_the_expectations_agree(void **state)
{
	char *dir = cbt_src_path("examples/submissions"), *cmd;
	assert_true(asprintf(&cmd, "ls '%s'", dir) > 0);
	FILE *ls = popen(cmd, "r");
	assert_non_null(ls);
	char line[512];
	size_t n = 0;
	const mj *subs = mj_get(expected, "submissions");
	while (fgets(line, sizeof line, ls)) {
		line[strcspn(line, "\n")] = '\0';
		if (!mj_get(subs, line))
			fail_msg("examples/submissions/%s has no expectations", line);
		n++;
	}
	pclose(ls);
	assert_int_equal(n, subs->count);
	free(cmd);
	free(dir);
}

static void the_readme_build_publishes_every_example(void **state)
{
	char *dir = cbt_tmpdir("examples-build"), *in = cbt_src_path("examples/submissions");
	char *out, *stdout_text, *stderr_text;
	assert_true(asprintf(&out, "%s/out", dir) > 0);
	int status = cbt_run_cli((const char *const[]){"build", in, "-o", out, NULL}, NULL, 0,
	                         &stdout_text, NULL, &stderr_text);
	if (status != 0)
		fprintf(stderr, "%s", stderr_text);
	assert_int_equal(status, 0);
	char want[64];
	const mj *subs = mj_get(expected, "submissions");
	snprintf(want, sizeof want, "%zu cases written", subs->count);
	assert_non_null(strstr(stdout_text, want));
	const char *outputs[] = {"casebook.json", "casebook.xml", "report.json", "report.txt"};
	for (size_t o = 0; o < 4; o++) {
		char *path;
		assert_true(asprintf(&path, "%s/%s", out, outputs[o]) > 0);
		char *text = cbt_read_file(path, NULL);
		assert_non_null(text);
		for (size_t i = 0; i < subs->count; i++) {
			const mj *secrets = mj_get(subs->items[i], "secrets");
			for (size_t k = 0; k < secrets->count; k++)
				if (strstr(text, mj_at(secrets, k)->string))
					fail_msg("'%s' leaked into %s", mj_at(secrets, k)->string, outputs[o]);
		}
		free(text);
		free(path);
	}
	free(stdout_text);
	free(stderr_text);
	free(out);
	free(in);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_example_extracts_as_expected),
		cmocka_unit_test(the_folder_and_the_expectations_agree),
		cmocka_unit_test(the_readme_build_publishes_every_example),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
