/* `casebook plugins --check`, run as a plugin author runs it: every bundled plugin passes; each
 * plugin the loader refuses fails with the loader's reason; plugins that load but crash, hang,
 * print, return invalid trees or write differently each time fail on exactly those rows. Also
 * the conformance API under it (samples, reference documents, the tree validator). */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <cmocka.h>

#include <casebook/conformance.h>

#include "testutil.h"

typedef struct run {
	int status;
	char *out, *err;
	size_t out_len;
} run;

static run check(const char *plugin, const char *extra1, const char *extra2)
{
	const char *argv[] = {"plugins", "--check", plugin, extra1, extra2, NULL};
	run r;
	r.status = cbt_run_cli(argv, NULL, 0, &r.out, &r.out_len, &r.err);
	if (getenv("CB_TEST_VERBOSE"))
		fprintf(stderr, "%s%s", r.out, r.err);
	return r;
}

static void run_free(run *r)
{
	free(r->out);
	free(r->err);
}

static char *built(const char *rel)
{
	char *p;
	return asprintf(&p, "%s/%s", cbt_builddir(), rel) < 0 ? NULL : p;
}

/* The table row for a check, as "PASS  name ..." or "FAIL  name ...", or NULL. */
static const char *row_of(const char *out, const char *result, const char *check)
{
	char want[256];
	snprintf(want, sizeof want, "  %s  %s ", result, check);
	return strstr(out, want);
}

static bool row_says(const char *out, const char *result, const char *check, const char *text)
{
	const char *r = row_of(out, result, check);
	if (!r)
		return false;
	const char *end = strchr(r, '\n');
	const char *found = strstr(r, text);
	return found && (!end || found < end);
}

static void every_bundled_plugin_passes(void **state)
{
	char *dir = built("plugins/.libs");
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	size_t checked = 0;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n < 4 || strcmp(e->d_name + n - 3, ".so") != 0)
			continue;
		char *path;
		assert_true(asprintf(&path, "%s/%s", dir, e->d_name) > 0);
		run r = check(path, NULL, NULL);
		if (r.status != 0)
			fprintf(stderr, "%s", r.out);
		assert_int_equal(r.status, 0);
		assert_non_null(strstr(r.out, "PASS: the plugin conforms"));
		assert_null(strstr(r.out, "  FAIL  "));
		assert_non_null(row_of(r.out, "PASS", "load"));
		assert_non_null(row_of(r.out, "PASS", "descriptor"));
		run_free(&r);
		free(path);
		checked++;
	}
	closedir(d);
	assert_true(checked >= 10);
	free(dir);
}

/* The reader rows: hostile inputs refused, its own sample read, others' samples left alone. */
static void a_reader_is_run_over_the_samples(void **state)
{
	char *odt = built("plugins/.libs/odt-reader.so");
	run r = check(odt, NULL, NULL);
	assert_int_equal(r.status, 0);
	assert_true(row_says(r.out, "PASS", "read sample.odt (odt)", "bid 90; read "));
	assert_true(row_says(r.out, "PASS", "read zip-bomb.zip", "refused (limit)"));
	assert_true(row_says(r.out, "PASS", "read entities.xml", "refused"));
	assert_true(row_says(r.out, "PASS", "read sample.docx (docx)", "bid 0"));
	run_free(&r);

	/* A corpus directory adds its files, by their path under it. */
	char *dir = cbt_tmpdir("check-corpus");
	char *src = cbt_src_path("tests/fixtures/odt/structure.odt");
	size_t len;
	char *bytes = cbt_read_file(src, &len);
	assert_non_null(bytes);
	char *to;
	assert_true(asprintf(&to, "%s/sub", dir) > 0);
	assert_int_equal(mkdir(to, 0777), 0);
	free(to);
	assert_true(asprintf(&to, "%s/sub/made-by-libreoffice.odt", dir) > 0);
	assert_true(cbt_write_file(to, bytes, len));
	free(to);
	assert_true(asprintf(&to, "%s/notes.txt", dir) > 0);
	assert_true(cbt_write_file(to, "그냥 글\n", strlen("그냥 글\n")));
	r = check(odt, "--corpus", dir);
	assert_int_equal(r.status, 0);
	assert_true(row_says(r.out, "PASS", "read sub/made-by-libreoffice.odt", "bid 90; read "));
	assert_true(row_says(r.out, "PASS", "read notes.txt", "bid 0"));
	run_free(&r);
	free(to);
	free(bytes);
	free(src);
	free(dir);
	free(odt);
}

static void a_writer_is_run_over_the_reference_documents(void **state)
{
	char *md = built("plugins/.libs/markdown-writer.so");
	run r = check(md, NULL, NULL);
	assert_int_equal(r.status, 0);
	for (size_t i = 0; i < cb_conformance_reference_count(); i++) {
		const char *name;
		cb_document_free(cb_conformance_reference(i, &name));
		char row[64];
		snprintf(row, sizeof row, "write %s", name);
		assert_true(row_says(r.out, "PASS", row, "the same twice"));
	}
	run_free(&r);
	free(md);
}

static void refused_plugins_fail_with_the_reason(void **state)
{
	static const struct {
		const char *file, *check, *says;
	} cases[] = {
		{"bad-abi.so", "load", "built for plugin ABI 999, but this casebook uses ABI 2"},
		{"no-entry.so", "load", "no entry symbol 'cb_plugin_entry'"},
		{"bad-descriptor.so", "load", "reader 'halfdone' lacks its read callback"},
		{"unresolved.so", "load", "cb_test_symbol_nobody_defines"},
		{"duplicate-name.so", "name", "duplicate reader name 'text': already used by"},
		{"duplicate-name.so", "read random.bin", "failed (unsupported) without reporting"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *rel, *path;
		assert_true(asprintf(&rel, "tests/plugins/.libs/%s", cases[i].file) > 0);
		path = built(rel);
		run r = check(path, NULL, NULL);
		if (!row_says(r.out, "FAIL", cases[i].check, cases[i].says))
			fprintf(stderr, "case %zu:\n%s", i, r.out);
		assert_int_equal(r.status, 1);
		assert_true(row_says(r.out, "FAIL", cases[i].check, cases[i].says));
		assert_non_null(strstr(r.out, "FAIL: the plugin does not conform"));
		run_free(&r);
		free(path);
		free(rel);
	}
}

static void misbehaving_plugins_fail_on_their_rows(void **state)
{
	char *crash = built("tests/plugins/misbehaving/.libs/crash.so");
	run r = check(crash, NULL, NULL);
	assert_int_equal(r.status, 1);
	assert_true(row_says(r.out, "FAIL", "read document.pdf", "crashed: "));
	assert_true(row_says(r.out, "FAIL", "read photo.jpg", "printed \"crash: reading a JPEG\""));
	assert_true(row_says(r.out, "PASS", "read plain.txt (text)", "read 2 nodes"));
	assert_non_null(strstr(r.out, "19 checks: 17 passed, 2 failed"));
	run_free(&r);
	free(crash);

	char *hang = built("tests/plugins/misbehaving/.libs/hang.so");
	r = check(hang, "--timeout", "2");
	assert_int_equal(r.status, 1);
	assert_true(row_says(r.out, "FAIL", "read empty", "hung: no answer within 2 s (killed)"));
	assert_true(row_says(r.out, "PASS", "read random.bin", "read 2 nodes"));
	run_free(&r);
	free(hang);

	char *bad = built("tests/plugins/misbehaving/.libs/bad-tree.so");
	r = check(bad, NULL, NULL);
	assert_int_equal(r.status, 1);
	assert_true(row_says(r.out, "FAIL", "read plain.txt (text)",
	                     "image source 'media7' is neither a media object"));
	assert_true(row_says(r.out, "FAIL", "read plain.txt (text)", "and 1 more"));
	run_free(&r);
	free(bad);

	char *unstable = built("tests/plugins/misbehaving/.libs/unstable.so");
	r = check(unstable, NULL, NULL);
	assert_int_equal(r.status, 1);
	assert_true(row_says(r.out, "FAIL", "write every-kind", "two runs differ from byte 4"));
	run_free(&r);
	free(unstable);
}

static void usage_errors(void **state)
{
	const char *const *cases[] = {
		(const char *const[]){"plugins", "--corpus", "/tmp", NULL},
		(const char *const[]){"plugins", "--check", "x.so", "--timeout", "0", NULL},
		(const char *const[]){"plugins", "--check", "x.so", "text", NULL},
		(const char *const[]){"plugins", "--check", NULL},
	};
	const char *says[] = {"--corpus goes with --check", "--timeout 0: expected 1 to 3600",
	                      "--check takes no NAME", "option '--check' lacks its argument"};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		run r;
		r.status = cbt_run_cli(cases[i], NULL, 0, &r.out, &r.out_len, &r.err);
		if (!strstr(r.err, says[i]))
			fprintf(stderr, "case %zu: %s", i, r.err);
		assert_int_equal(r.status, 2);
		assert_non_null(strstr(r.err, says[i]));
		run_free(&r);
	}
}

/* --- the API under the command -------------------------------------------------------------- */

static void samples_are_deterministic_and_named(void **state)
{
	size_t owned = 0;
	for (size_t i = 0; i < cb_conformance_sample_count(); i++) {
		const char *name, *owner;
		unsigned char *a, *b;
		size_t alen, blen;
		assert_int_equal(cb_conformance_sample(i, &name, &owner, &a, &alen), CB_OK);
		assert_int_equal(cb_conformance_sample(i, NULL, NULL, &b, &blen), CB_OK);
		assert_non_null(name);
		assert_int_equal(alen, blen);
		assert_memory_equal(a, b, alen);
		owned += owner != NULL;
		free(a);
		free(b);
	}
	assert_true(owned >= 6);
	unsigned char *none;
	size_t len;
	assert_int_equal(cb_conformance_sample(cb_conformance_sample_count(), NULL, NULL, &none, &len),
	                 CB_E_USAGE);
	assert_null(none);
}

static void references_are_valid_and_cover_every_kind(void **state)
{
	bool seen[CB_NODE_KIND_END_] = {false};
	for (size_t i = 0; i < cb_conformance_reference_count(); i++) {
		cb_document *doc = cb_conformance_reference(i, NULL);
		assert_non_null(doc);
		cb_diags *problems = cb_diags_new();
		if (cb_conformance_validate(doc, "reference", problems) != 0)
			cbt_print_diags(problems);
		assert_int_equal(cb_diags_count(problems), 0);
		cb_diags_free(problems);
		const cb_node *n = cb_document_body_const(doc);
		while (n) { /* document order, without recursion */
			seen[cb_node_get_kind(n)] = true;
			if (cb_node_first_child(n)) {
				n = cb_node_first_child(n);
				continue;
			}
			while (n && !cb_node_next(n))
				n = cb_node_parent(n);
			n = n ? cb_node_next(n) : NULL;
		}
		cb_document_free(doc);
	}
	for (int k = CB_NODE_BODY; k < CB_NODE_KIND_END_; k++) {
		if (!seen[k])
			fprintf(stderr, "kind %s not in any reference document\n", cb_node_kind_name(k));
		assert_true(seen[k]);
	}
	assert_null(cb_conformance_reference(cb_conformance_reference_count(), NULL));
}

static void the_validator_finds_what_writers_trip_on(void **state)
{
	cb_document *doc = cb_document_new();
	cb_node *p = cb_add_paragraph(cb_document_body(doc));
	cb_add_text(p, "x", 1, 0);
	cb_add_image(p, "nowhere", NULL);          /* neither media nor URI */
	cb_add_image(p, "https://example.org/a.png", NULL); /* external: fine */
	cb_add_noteref(p, "missing");
	cb_add_note(cb_document_body(doc), "twice", NULL);
	cb_add_note(cb_document_body(doc), "twice", NULL);
	cb_document_add_media(doc, "m", "png", NULL, "x", 1);
	cb_diags *problems = cb_diags_new();
	assert_int_equal(cb_conformance_validate(doc, "t", problems), 4);
	assert_true(cbt_has_diag(problems, CB_E_INVALID, "image source 'nowhere'"));
	assert_true(cbt_has_diag(problems, CB_E_INVALID, "no note has that id"));
	assert_true(cbt_has_diag(problems, CB_E_INVALID, "two notes have the id 'twice'"));
	assert_true(cbt_has_diag(problems, CB_E_INVALID, "not type/subtype"));
	cb_diags_free(problems);
	cb_document_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_bundled_plugin_passes),
		cmocka_unit_test(a_reader_is_run_over_the_samples),
		cmocka_unit_test(a_writer_is_run_over_the_reference_documents),
		cmocka_unit_test(refused_plugins_fail_with_the_reason),
		cmocka_unit_test(misbehaving_plugins_fail_on_their_rows),
		cmocka_unit_test(usage_errors),
		cmocka_unit_test(samples_are_deterministic_and_named),
		cmocka_unit_test(references_are_valid_and_cover_every_kind),
		cmocka_unit_test(the_validator_finds_what_writers_trip_on),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
