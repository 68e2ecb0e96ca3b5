/* The casebook command, run as a user runs it: exit codes, standard streams, output naming, the
 * messages for bad inputs, plugins listing, and the cbxml round trip through a pipe. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "testutil.h"

typedef struct run {
	int status;
	char *out, *err;
	size_t out_len;
} run;

static run cli_in(const char *stdin_data, size_t stdin_len, const char *const *argv)
{
	run r;
	r.status = cbt_run_cli(argv, stdin_data, stdin_len, &r.out, &r.out_len, &r.err);
	return r;
}

#define CLI(...) cli_in(NULL, 0, (const char *const[]){__VA_ARGS__, NULL})

static void run_free(run *r)
{
	free(r->out);
	free(r->err);
}

static char *path_in(const char *dir, const char *name)
{
	char *p;
	return asprintf(&p, "%s/%s", dir, name) < 0 ? NULL : p;
}

static char *write_in(const char *dir, const char *name, const char *text)
{
	char *p = path_in(dir, name);
	assert_true(cbt_write_file(p, text, strlen(text)));
	return p;
}

static const char submission[] = "학교명: 빛고을초등학교\n사례명: 함께 크는 마을\n\n"
                                 "1. 추진 배경\n학생들의 정서 지원이 필요하였다.\n\n"
                                 "가. 운영 내용\n주 1회 상담을 운영하였다.\n";

static void version_and_help(void **state)
{
	run r = CLI("--version");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "casebook " CB_VERSION));
	run_free(&r);
	const char *const *helps[] = {
		(const char *const[]){"--help", NULL},
		(const char *const[]){"convert", "--help", NULL},
		(const char *const[]){"plugins", "--help", NULL},
		(const char *const[]){"help", "convert", NULL},
	};
	for (size_t i = 0; i < 4; i++) {
		r = cli_in(NULL, 0, helps[i]);
		assert_int_equal(r.status, 0);
		assert_non_null(strstr(r.out, "Usage: casebook"));
		assert_string_equal(r.err, "");
		run_free(&r);
	}
}

static void usage_errors_exit_2(void **state)
{
	char *dir = cbt_tmpdir("cli-usage");
	char *in = write_in(dir, "a.txt", "x\n");
	struct {
		const char *const *argv;
		const char *message;
	} cases[] = {
		{(const char *const[]){"frobnicate", NULL}, "unknown command 'frobnicate'"},
		{(const char *const[]){"--bogus", NULL}, "unknown option '--bogus'"},
		{(const char *const[]){"convert", "--bogus", in, NULL}, "unknown option '--bogus'"},
		{(const char *const[]){"convert", "-t", "nosuch", in, NULL}, "no writer named 'nosuch'"},
		{(const char *const[]){"convert", "-f", "nosuch", in, NULL}, "no reader named 'nosuch'"},
		{(const char *const[]){"convert", "-o", "out.unknownext", in, NULL},
		 "cannot tell the output format from 'out.unknownext': use -t FORMAT"},
		{(const char *const[]){"convert", in, in, NULL}, "2 inputs need an output directory"},
		{(const char *const[]){"convert", "-", "-", NULL}, "standard input ('-') can be read only"},
		{(const char *const[]){"convert", "--limit", "max-depth=lots", in, NULL},
		 "--limit max-depth=lots: expected NAME=NUMBER"},
		{(const char *const[]){"convert", "-t", NULL}, "lacks its argument"},
		{(const char *const[]){"plugins", "a", "b", NULL}, "at most one NAME"},
		{(const char *const[]){NULL}, "Usage: casebook"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		run r = cli_in(NULL, 0, cases[i].argv);
		if (!strstr(r.err, cases[i].message))
			fprintf(stderr, "case %zu: stderr was: %s\n", i, r.err);
		assert_int_equal(r.status, 2);
		assert_non_null(strstr(r.err, cases[i].message));
		assert_int_equal(r.out_len, 0);
		run_free(&r);
	}
	free(in);
	free(dir);
}

static void stdin_to_stdout(void **state)
{
	run r = cli_in(submission, sizeof submission - 1,
	               (const char *const[]){"convert", "-t", "markdown", NULL});
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "빛고을초등학교"));
	assert_non_null(strstr(r.out, "1. 추진 배경"));
	assert_string_equal(r.err, "");
	run_free(&r);
	/* The default writer is markdown, the default input standard input. */
	run d = cli_in(submission, sizeof submission - 1, (const char *const[]){"convert", "-", NULL});
	r = cli_in(submission, sizeof submission - 1,
	           (const char *const[]){"convert", "-t", "markdown", "-o", "-", NULL});
	assert_int_equal(d.status, 0);
	assert_string_equal(d.out, r.out);
	run_free(&d);
	run_free(&r);
}

/* convert -t cbxml IN | convert -f cbxml -t X  ==  convert -t X IN, for every text writer. */
static void cbxml_round_trip_through_a_pipe(void **state)
{
	char *dir = cbt_tmpdir("cli-roundtrip");
	char *in = write_in(dir, "sub.txt", submission);
	run x = CLI("convert", "-t", "cbxml", in);
	assert_int_equal(x.status, 0);
	assert_non_null(strstr(x.out, "urn:casebook:cbxml:1"));
	const char *writers[] = {"markdown", "json", "text", "cbxml"};
	for (size_t i = 0; i < 4; i++) {
		run direct = CLI("convert", "-t", writers[i], in);
		run piped = cli_in(x.out, x.out_len,
		                   (const char *const[]){"convert", "-f", "cbxml", "-t", writers[i], NULL});
		assert_int_equal(direct.status, 0);
		assert_int_equal(piped.status, 0);
		assert_true(direct.out_len > 0);
		assert_string_equal(direct.out, piped.out);
		run_free(&direct);
		run_free(&piped);
	}
	/* Detection finds cbxml by itself too. */
	run detected = cli_in(x.out, x.out_len, (const char *const[]){"convert", "-t", "cbxml", NULL});
	assert_int_equal(detected.status, 0);
	assert_string_equal(detected.out, x.out);
	run_free(&detected);
	run_free(&x);
	free(in);
	free(dir);
}

static void output_format_follows_the_extension(void **state)
{
	char *dir = cbt_tmpdir("cli-extension");
	char *in = write_in(dir, "sub.txt", submission);
	char *out = path_in(dir, "sub.json");
	run r = CLI("convert", in, "-o", out);
	assert_int_equal(r.status, 0);
	char *json = cbt_read_file(out, NULL);
	assert_non_null(json);
	assert_non_null(strstr(json, "\"format\": \"casebook\""));
	free(json);
	run_free(&r);
	free(out);
	free(in);
	free(dir);
}

static void bad_input_fails_alone_with_its_name(void **state)
{
	char *dir = cbt_tmpdir("cli-batch");
	char *good1 = write_in(dir, "good1.txt", "첫째 제출\n");
	char *bad = write_in(dir, "bad.docx", "%PDF-1.4\n%binary\n");
	char *good2 = write_in(dir, "good2.txt", "둘째 제출\n");
	char *outdir = path_in(dir, "out/");
	run r = CLI("convert", "-t", "markdown", "-o", outdir, good1, bad, good2);
	assert_int_equal(r.status, 1);
	char *want;
	assert_true(asprintf(&want, "casebook: %s: unrecognised format: a PDF document\n", bad) > 0);
	assert_non_null(strstr(r.err, want));
	assert_non_null(strstr(r.err, "casebook: 1 of 3 inputs failed"));
	free(want);
	char *o1 = path_in(dir, "out/good1.md"), *o2 = path_in(dir, "out/good2.md");
	char *badout = path_in(dir, "out/bad.md");
	char *t1 = cbt_read_file(o1, NULL), *t2 = cbt_read_file(o2, NULL);
	assert_non_null(t1);
	assert_non_null(t2);
	assert_non_null(strstr(t1, "첫째 제출"));
	assert_non_null(strstr(t2, "둘째 제출"));
	struct stat st;
	assert_int_not_equal(stat(badout, &st), 0);
	free(t1);
	free(t2);
	run_free(&r);

	/* A failed conversion never replaces an earlier good output. */
	assert_true(cbt_write_file(badout, "keep me\n", 8));
	r = CLI("convert", bad, "-o", badout);
	assert_int_equal(r.status, 1);
	char *kept = cbt_read_file(badout, NULL);
	assert_string_equal(kept, "keep me\n");
	free(kept);
	run_free(&r);

	/* A missing file and a directory are named too. */
	char *missing = path_in(dir, "missing.txt");
	r = CLI("convert", missing);
	assert_int_equal(r.status, 1);
	assert_true(asprintf(&want, "casebook: %s: cannot open: No such file or directory\n",
	                     missing) > 0);
	assert_string_equal(r.err, want);
	free(want);
	run_free(&r);
	free(missing);
	free(o1);
	free(o2);
	free(badout);
	free(good1);
	free(good2);
	free(bad);
	free(outdir);
	free(dir);
}

/* Several inputs are converted side by side (-j): the outputs, the messages and their order
 * are those of one input at a time, failures and same-named inputs included. */
static void threads_change_nothing_but_the_time(void **state)
{
	char *dir = cbt_tmpdir("cli-threads");
	char *sub = path_in(dir, "sub");
	mkdir(sub, 0777);
	enum { N = 16 };
	const char *argv[N + 8];
	char *paths[N];
	for (int i = 0; i < N; i++) {
		char name[32], text[128];
		/* Every fifth input is not a document, every fourth has a bad byte (a warning), and
		 * the last shares its name with the first, from another folder. */
		bool pdf = i % 5 == 2, bad_byte = i % 4 == 1;
		snprintf(name, sizeof name, i == N - 1 ? "sub/in0.txt" : pdf ? "in%d.docx" : "in%d.txt",
		         i);
		snprintf(text, sizeof text, pdf ? "%%PDF-1.4\n" : bad_byte ? "제출 %d\n\xff끝\n" : "제출 %d\n",
		         i);
		paths[i] = write_in(dir, name, text);
	}
	char *err[2], *outs[2];
	const char *jobs[2] = {"1", "4"};
	for (int t = 0; t < 2; t++) {
		char name[16];
		snprintf(name, sizeof name, "out%s/", jobs[t]);
		outs[t] = path_in(dir, name);
		int a = 0;
		argv[a++] = "convert";
		argv[a++] = "-j";
		argv[a++] = jobs[t];
		argv[a++] = "-t";
		argv[a++] = "text";
		argv[a++] = "-o";
		argv[a++] = outs[t];
		for (int i = 0; i < N; i++)
			argv[a++] = paths[i];
		argv[a] = NULL;
		run r = cli_in(NULL, 0, argv);
		assert_int_equal(r.status, 1);
		/* The messages name the output folder only where two inputs share an output. */
		char *at;
		while ((at = strstr(r.err, outs[t])))
			memmove(at, at + strlen(outs[t]), strlen(at + strlen(outs[t])) + 1);
		err[t] = r.err;
		free(r.out);
	}
	assert_string_equal(err[0], err[1]);
	assert_non_null(strstr(err[1], "unrecognised format: a PDF document"));
	assert_non_null(strstr(err[1], "was already written from another input of the same name"));
	assert_non_null(strstr(err[1], "casebook: 4 of 16 inputs failed"));
	/* In the order of the inputs: in2's failure is told before in7's. */
	assert_true(strstr(err[1], "in2.docx") < strstr(err[1], "in7.docx"));
	for (int i = 0; i < N - 1; i++) {
		char name[32];
		snprintf(name, sizeof name, "in%d.txt", i);
		char *a = path_in(outs[0], name), *b = path_in(outs[1], name);
		size_t la, lb;
		char *ta = cbt_read_file(a, &la), *tb = cbt_read_file(b, &lb);
		assert_true((ta == NULL) == (tb == NULL));
		if (ta) {
			assert_int_equal(la, lb);
			assert_memory_equal(ta, tb, la);
		}
		free(ta);
		free(tb);
		free(a);
		free(b);
	}
	/* A number of jobs is a number from 1. */
	run r = CLI("convert", "-j", "0", "-o", outs[0], paths[0]);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "-j 0: expected a number of inputs at a time"));
	run_free(&r);
	for (int t = 0; t < 2; t++) {
		free(err[t]);
		free(outs[t]);
	}
	for (int i = 0; i < N; i++)
		free(paths[i]);
	free(sub);
	free(dir);
}

static void same_named_inputs_do_not_overwrite_each_other(void **state)
{
	char *dir = cbt_tmpdir("cli-collision");
	char *sub = path_in(dir, "sub");
	mkdir(sub, 0777);
	char *a = write_in(dir, "a.txt", "one\n");
	char *b = write_in(dir, "sub/a.txt", "two\n");
	char *outdir = path_in(dir, "out");
	mkdir(outdir, 0777); /* an existing directory needs no trailing slash */
	run r = CLI("convert", "-t", "text", "-o", outdir, a, b);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "was already written from another input of the same name"));
	char *o = path_in(dir, "out/a.txt");
	char *text = cbt_read_file(o, NULL);
	assert_string_equal(text, "one\n");
	free(text);
	free(o);
	run_free(&r);
	free(a);
	free(b);
	free(sub);
	free(outdir);
	free(dir);
}

static void warnings_and_notes_follow_quiet_and_verbose(void **state)
{
	const char bad_utf8[] = "첫 줄\n둘째 줄\n셋째 \xFF 줄\n";
	run r = cli_in(bad_utf8, sizeof bad_utf8 - 1, (const char *const[]){"convert", "-t", "text", NULL});
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.err, "casebook: -:3: warning: "));
	assert_null(strstr(r.err, "note:"));
	assert_non_null(strstr(r.out, "셋째 \xEF\xBF\xBD 줄"));
	run_free(&r);
	r = cli_in(bad_utf8, sizeof bad_utf8 - 1,
	           (const char *const[]){"convert", "-q", "-t", "text", NULL});
	assert_string_equal(r.err, "");
	run_free(&r);
	r = cli_in(bad_utf8, sizeof bad_utf8 - 1,
	           (const char *const[]){"convert", "-v", "-t", "text", NULL});
	assert_non_null(strstr(r.err, "note: "));
	run_free(&r);
}

static void limits_are_named_when_hit(void **state)
{
	run r = cli_in(submission, sizeof submission - 1,
	               (const char *const[]){"convert", "--limit", "max-input-bytes=10", NULL});
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "casebook: -: input is larger than max-input-bytes (10 bytes)"));
	run_free(&r);
}

static void plugins_lists_found_and_refused(void **state)
{
	run r = CLI("plugins");
	assert_int_equal(r.status, 0);
	const char *want[] = {"Readers:", "  text ", "  cbxml ", "Writers:", "  markdown ", "  json ",
	                      "  text "};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++)
		assert_non_null(strstr(r.out, want[i]));
	assert_null(strstr(r.out, "Refused:"));
	run_free(&r);

	char *testdir;
	assert_true(asprintf(&testdir, "%s/tests/plugins/.libs", cbt_builddir()) > 0);
	r = CLI("plugins", "--plugin-dir", testdir);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Refused:"));
	assert_non_null(strstr(r.out, "bad-abi.so: built for plugin ABI 999, but this casebook uses ABI 2"));
	assert_non_null(strstr(r.out, "no-entry.so: no entry symbol 'cb_plugin_entry'"));
	assert_non_null(strstr(r.out, "bad-descriptor.so: reader 'halfdone' lacks its read callback"));
	assert_non_null(strstr(r.out, "unresolved.so: cannot load: "));
	/* --plugin-dir comes first, so the test's "text" reader wins and the bundled one is refused. */
	assert_non_null(strstr(r.out, "text-reader.so: duplicate reader name 'text': already loaded "
	                              "from"));
	run_free(&r);
	/* The global option before the command works the same way. */
	r = CLI("--plugin-dir", testdir, "plugins", "-v");
	assert_non_null(strstr(r.out, "[plugin-abi]"));
	run_free(&r);
	free(testdir);

	r = CLI("plugins", "markdown");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "writer markdown\n"));
	assert_non_null(strstr(r.out, "extensions   md markdown"));
	assert_non_null(strstr(r.out, "markdown-writer.so"));
	run_free(&r);
	r = CLI("plugins", "text");
	assert_non_null(strstr(r.out, "reader text\n"));
	assert_non_null(strstr(r.out, "writer text\n"));
	run_free(&r);
	r = CLI("plugins", "nosuch");
	assert_int_equal(r.status, 1);
	assert_string_equal(r.err, "casebook: no plugin named 'nosuch' (run 'casebook plugins' to "
	                           "list them)\n");
	run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(version_and_help),
		cmocka_unit_test(usage_errors_exit_2),
		cmocka_unit_test(stdin_to_stdout),
		cmocka_unit_test(cbxml_round_trip_through_a_pipe),
		cmocka_unit_test(output_format_follows_the_extension),
		cmocka_unit_test(bad_input_fails_alone_with_its_name),
		cmocka_unit_test(same_named_inputs_do_not_overwrite_each_other),
		cmocka_unit_test(threads_change_nothing_but_the_time),
		cmocka_unit_test(warnings_and_notes_follow_quiet_and_verbose),
		cmocka_unit_test(limits_are_named_when_hit),
		cmocka_unit_test(plugins_lists_found_and_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
