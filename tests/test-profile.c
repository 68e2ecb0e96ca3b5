/* Profiles: the default one loads; a broken one is refused with the file and the line, whether the
 * XML is malformed, the schema is broken, a pattern does not compile or a pattern backtracks
 * catastrophically. */
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

#include "testutil.h"

/* A small valid profile; %s is put in place of the school field's label (line 9). */
static const char profile_template[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                               /* 1 */
	"<profile xmlns=\"urn:casebook:profile:1\" version=\"1\" name=\"test\">\n" /* 2 */
	"  <title>시험 사례집</title>\n"                                             /* 3 */
	"  <areas>\n"                                                                /* 4 */
	"    <area name=\"학습\"><variant>학습</variant></area>\n"                   /* 5 */
	"  </areas>\n"                                                               /* 6 */
	"  <fields>\n"                                                               /* 7 */
	"    <field name=\"school\" type=\"school\" required=\"true\">\n"            /* 8 */
	"      <label>%s</label>\n"                                                  /* 9 */
	"    </field>\n"                                                             /* 10 */
	"  </fields>\n"
	"  <officer><none>미배치</none><assigned>배치</assigned></officer>\n"
	"  <levels><level name=\"초\"><pattern>초등학교</pattern></level></levels>\n"
	"  <sections><section kind=\"goals\"><heading>목표</heading></section></sections>\n"
	"  <privacy><context kind=\"student\">{name} 학생</context></privacy>\n"
	"  <order><key>area</key></order>\n"
	"</profile>\n";

static char *write_profile(const char *test, const char *text)
{
	char *dir = cbt_tmpdir(test), *path = NULL;
	assert_non_null(dir);
	int n = asprintf(&path, "%s/profile.xml", dir);
	assert_true(n > 0);
	assert_true(cbt_write_file(path, text, strlen(text)));
	free(dir);
	return path;
}

static char *from_template(const char *label)
{
	size_t size = sizeof profile_template + strlen(label);
	char *text = malloc(size);
	assert_non_null(text);
	snprintf(text, size, profile_template, label);
	return text;
}

/* Loads the profile at path, expecting failure with a CB_E_PROFILE error on line (any line but
 * 0 when line is 0) whose message contains text. */
static void expect_refused(const char *path, unsigned long line, const char *text)
{
	cb_diags *d = cb_diags_new();
	cb_profile *p = cb_profile_load(path, d);
	if (p || !cbt_has_diag(d, CB_E_PROFILE, text))
		cbt_print_diags(d);
	assert_null(p);
	bool found = false;
	for (size_t i = 0; i < cb_diags_count(d); i++) {
		const cb_diag *r = cb_diags_at(d, i);
		if (cb_diag_code(r) == CB_E_PROFILE && strstr(cb_diag_message(r), text)) {
			assert_string_equal(cb_diag_path(r), path);
			if (line)
				assert_int_equal(cb_diag_line(r), line);
			else
				assert_true(cb_diag_line(r) > 0);
			found = true;
		}
	}
	if (!found)
		cbt_print_diags(d);
	assert_true(found);
	cb_diags_free(d);
}

static void the_default_profile_loads(void **state)
{
	cb_diags *d = cb_diags_new();
	cb_profile *p = cb_profile_load(NULL, d);
	if (!p)
		cbt_print_diags(d);
	assert_non_null(p);
	assert_string_equal(cb_profile_name(p), "default-2026");
	assert_non_null(strstr(cb_profile_title(p), "사례집"));
	assert_int_equal(cb_diags_count(d), 0);
	cb_profile_free(p);
	cb_diags_free(d);
}

static void a_valid_custom_profile_loads(void **state)
{
	char *text = from_template("학\\s*교\\s*명");
	char *path = write_profile("profile-valid", text);
	cb_diags *d = cb_diags_new();
	cb_profile *p = cb_profile_load(path, d);
	if (!p)
		cbt_print_diags(d);
	assert_non_null(p);
	assert_string_equal(cb_profile_name(p), "test");
	assert_string_equal(cb_profile_title(p), "시험 사례집");
	cb_profile_free(p);
	cb_diags_free(d);
	free(path);
	free(text);
}

static void malformed_xml_names_its_line(void **state)
{
	char *text = from_template("학교<<명");
	char *path = write_profile("profile-malformed", text);
	expect_refused(path, 9, "StartTag: invalid element name");
	free(path);
	free(text);
}

static void schema_violations_name_their_line(void **state)
{
	/* A field the schema does not know. */
	char *unknown = from_template("학교명");
	memcpy(strstr(unknown, "name=\"school\""), "name=\"schoel\"", 13);
	char *path1 = write_profile("profile-schema", unknown);
	expect_refused(path1, 8, "does not follow the profile schema");
	free(path1);
	free(unknown);

	/* A required element left out: the title (the error is where the schema expected it). */
	char *untitled = from_template("학교명");
	char *title = strstr(untitled, "  <title>");
	char *next = strchr(title, '\n') + 1;
	memmove(title, next, strlen(next) + 1);
	char *path2 = write_profile("profile-schema2", untitled);
	expect_refused(path2, 0, "does not follow the profile schema");
	free(path2);
	free(untitled);

	/* A value type that is not the field's. */
	char *mistyped = from_template("학교명");
	memcpy(strstr(mistyped, "type=\"school\""), "type=\"money\" ", 13);
	char *path3 = write_profile("profile-type", mistyped);
	expect_refused(path3, 8, "field 'school' has the value type 'school', not 'money'");
	free(path3);
	free(mistyped);
}

static void bad_patterns_name_their_line(void **state)
{
	char *text = from_template("학교(명");
	char *path = write_profile("profile-regex", text);
	expect_refused(path, 9, "pattern '학교(명' does not compile");
	free(path);
	free(text);
}

static void catastrophic_patterns_are_refused(void **state)
{
	const char *patterns[] = {"(a+)+$", "(a|aa)+$", "(\\s*)*x", "(\\d+)+:", "(학+)+명",
	                          "^(\\w+\\s?)*$"};
	for (size_t i = 0; i < sizeof patterns / sizeof *patterns; i++) {
		char *text = from_template(patterns[i]);
		char *path = write_profile("profile-catastrophic", text);
		expect_refused(path, 9, "backtracks catastrophically");
		free(path);
		free(text);
	}
}

static void a_missing_profile_is_an_error(void **state)
{
	cb_diags *d = cb_diags_new();
	assert_null(cb_profile_load("/nonexistent/profile.xml", d));
	assert_true(cb_diags_count_at_least(d, CB_SEV_ERROR) > 0);
	assert_true(cbt_has_diag(d, CB_E_PROFILE, NULL));
	cb_diags_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_default_profile_loads),
		cmocka_unit_test(a_valid_custom_profile_loads),
		cmocka_unit_test(malformed_xml_names_its_line),
		cmocka_unit_test(schema_violations_name_their_line),
		cmocka_unit_test(bad_patterns_name_their_line),
		cmocka_unit_test(catastrophic_patterns_are_refused),
		cmocka_unit_test(a_missing_profile_is_an_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
