/* casebook build, check and extract, run as a user runs them: exit codes, the four outputs and
 * their JSON contract (validated against docs/casebook.schema.json), a bad file among good ones,
 * skipped files, duplicates, the casebook's order, deterministic output, and casebook.xml read
 * back with the cbxml reader. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "minijson.h"
#include "testutil.h"

typedef struct run {
	int status;
	char *out, *err;
	size_t out_len;
} run;

#define CLI(...) cli((const char *const[]){__VA_ARGS__, NULL})

static run cli(const char *const *argv)
{
	run r;
	r.status = cbt_run_cli(argv, NULL, 0, &r.out, &r.out_len, &r.err);
	return r;
}

static void run_free(run *r)
{
	free(r->out);
	free(r->err);
}

static char *join(const char *dir, const char *name)
{
	char *p;
	assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
	return p;
}

static void put(const char *dir, const char *name, const void *data, size_t len)
{
	char *p = join(dir, name);
	assert_true(cbt_write_file(p, data, len));
	free(p);
}

static char *submission(const char *school, const char *title, const char *area,
                        const char *extra)
{
	char *text;
	assert_true(asprintf(&text,
	                     "학교명: %s\n교육복지사 배치: 배치\n사례명: %s\n영역: %s\n"
	                     "대상: 4~6학년 10명\n기간: 2026. 3. 2. ~ 12. 18.\n장소: 본교\n"
	                     "예산: 1,000,000원\n협력기관: 마을 도서관\n담당자: 교육복지사 조은별\n\n"
	                     "1. 추진 배경\n%s 학생들의 이야기이다.\n\n2. 운영 내용\n%s\n",
	                     school, title, area, school, extra) > 0);
	return text;
}

static void put_submission(const char *dir, const char *name, const char *school,
                           const char *title, const char *area, const char *extra)
{
	char *text = submission(school, title, area, extra);
	put(dir, name, text, strlen(text));
	free(text);
}

static mj *read_json(const char *dir, const char *name)
{
	char *p = join(dir, name);
	char *text = cbt_read_file(p, NULL);
	assert_non_null(text);
	mj *v = mj_parse(text);
	if (!v)
		fail_msg("%s is not JSON", p);
	free(text);
	free(p);
	return v;
}

/* The report entry of the input whose path ends with name. */
static const mj *input_entry(const mj *report, const char *name)
{
	const mj *inputs = mj_get(report, "inputs");
	for (size_t i = 0; i < (inputs ? inputs->count : 0); i++) {
		const char *path = mj_get(mj_at(inputs, i), "path")->string;
		size_t n = strlen(path), k = strlen(name);
		if (n >= k && strcmp(path + n - k, name) == 0)
			return mj_at(inputs, i);
	}
	fail_msg("no report entry for %s", name);
	return NULL;
}

static const char *str(const mj *obj, const char *key)
{
	const mj *v = mj_get(obj, key);
	return v && v->type == MJ_STRING ? v->string : NULL;
}

/* --- the JSON contract -------------------------------------------------------------------- */

static bool have_jsonschema(void)
{
	return system("python3 -c 'import jsonschema' >/dev/null 2>&1") == 0;
}

/* The shape the schema describes, checked in C where Python's jsonschema is not installed. */
static void check_case_shape(const mj *c)
{
	static const char *const keys[] = {
		"id", "school", "school_level", "officer", "title", "area", "area_original", "target",
		"participants", "period", "place", "budget_krw", "partners", "author", "sections",
		"source", "redactions", "diagnostics"};
	assert_int_equal(c->type, MJ_OBJECT);
	assert_int_equal(c->count, sizeof keys / sizeof *keys);
	for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
		if (!mj_get(c, keys[k]))
			fail_msg("a case lacks '%s'", keys[k]);
	assert_int_equal(strncmp(str(c, "id"), "case-", 5), 0);
	assert_int_equal(strlen(str(c, "id")), 17);
	const char *officer = str(c, "officer");
	assert_true(!strcmp(officer, "assigned") || !strcmp(officer, "none") ||
	            !strcmp(officer, "unknown"));
	const mj *level = mj_get(c, "school_level");
	assert_true(level->type == MJ_NULL || !strcmp(level->string, "초") ||
	            !strcmp(level->string, "중") || !strcmp(level->string, "고") ||
	            !strcmp(level->string, "특수"));
	const mj *period = mj_get(c, "period");
	if (period->type == MJ_OBJECT) {
		assert_non_null(mj_get(period, "start"));
		assert_non_null(mj_get(period, "end"));
		assert_int_equal(mj_get(period, "original")->type, MJ_STRING);
	}
	assert_true(mj_get(c, "participants")->type == MJ_NULL ||
	            mj_get(c, "participants")->type == MJ_NUMBER);
	assert_true(mj_get(c, "budget_krw")->type == MJ_NULL ||
	            mj_get(c, "budget_krw")->type == MJ_NUMBER);
	const mj *sections = mj_get(c, "sections");
	assert_int_equal(sections->type, MJ_ARRAY);
	for (size_t i = 0; i < sections->count; i++) {
		const mj *s = mj_at(sections, i);
		assert_non_null(str(s, "kind"));
		assert_non_null(mj_get(s, "heading"));
		assert_int_equal(mj_get(s, "blocks")->type, MJ_ARRAY);
	}
	const mj *source = mj_get(c, "source");
	assert_non_null(mj_get(source, "path"));
	assert_non_null(mj_get(source, "format"));
	assert_non_null(mj_get(source, "sha256"));
	assert_int_equal(mj_get(c, "redactions")->count, 7);
	assert_int_equal(mj_get(c, "diagnostics")->type, MJ_ARRAY);
}

static void check_shape_in_c(const mj *book, const mj *report)
{
	assert_non_null(str(mj_get(book, "casebook"), "title"));
	assert_non_null(str(mj_get(book, "casebook"), "profile"));
	assert_non_null(str(mj_get(book, "casebook"), "generator"));
	const mj *stats = mj_get(book, "statistics");
	assert_non_null(mj_get(stats, "by_area"));
	assert_non_null(mj_get(stats, "by_level"));
	assert_non_null(mj_get(mj_get(stats, "by_officer"), "unknown"));
	const mj *cases = mj_get(book, "cases");
	assert_int_equal(mj_get(stats, "cases")->number, (double)cases->count);
	for (size_t i = 0; i < cases->count; i++)
		check_case_shape(mj_at(cases, i));
	const mj *inputs = mj_get(report, "inputs");
	for (size_t i = 0; i < inputs->count; i++) {
		const mj *x = mj_at(inputs, i);
		static const char *const keys[] = {"path", "status", "format", "case", "reason",
		                                   "diagnostics"};
		for (size_t k = 0; k < 6; k++)
			if (!mj_get(x, keys[k]))
				fail_msg("a report entry lacks '%s'", keys[k]);
		if (!strcmp(str(x, "status"), "failed"))
			assert_non_null(str(x, "reason"));
	}
}

/* Validates OUTDIR's casebook.json and report.json against the schema in docs/. */
static void validate_outputs(const char *outdir)
{
	char *book = join(outdir, "casebook.json"), *report = join(outdir, "report.json");
	char *schema = cbt_src_path("docs/casebook.schema.json");
	if (have_jsonschema()) {
		char *cmd;
		assert_true(asprintf(&cmd,
		                     "python3 -c \"import json,sys,jsonschema\n"
		                     "s=json.load(open(sys.argv[1]))\n"
		                     "jsonschema.Draft202012Validator.check_schema(s)\n"
		                     "jsonschema.validate(json.load(open(sys.argv[2])), s)\n"
		                     "r={'\\$schema': s['\\$schema'], '\\$ref': '#/\\$defs/report', "
		                     "'\\$defs': s['\\$defs']}\n"
		                     "jsonschema.validate(json.load(open(sys.argv[3])), r)\" "
		                     "'%s' '%s' '%s'",
		                     schema, book, report) > 0);
		int rc = system(cmd);
		free(cmd);
		if (rc != 0)
			fail_msg("%s or %s does not follow %s", book, report, schema);
	}
	/* The C checks run either way: they are all there is without jsonschema. */
	mj *b = read_json(outdir, "casebook.json"), *r = read_json(outdir, "report.json");
	check_shape_in_c(b, r);
	mj_free(b);
	mj_free(r);
	free(schema);
	free(book);
	free(report);
}

/* --- build -------------------------------------------------------------------------------- */

static void a_bad_file_among_good_ones(void **state)
{
	char *dir = cbt_tmpdir("build-mixed"), *in = join(dir, "in"), *out = join(dir, "out");
	mkdir(in, 0777);
	put_submission(in, "a.txt", "빛고을초등학교", "함께 크는 마을", "교육공동체", "마을 탐방");
	put_submission(in, "b.txt", "무등중학교", "진로 탐색 멘토링", "학습", "주 1회 멘토링");
	put(in, "broken.docx", "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n", 15);
	put(in, "notes.txt", "회의록\n급식 일정을 논의하였다.\n", strlen("회의록\n급식 일정을 논의하였다.\n"));
	put(in, ".DS_Store", "x", 1);
	put(in, "~$a.docx", "x", 1);
	put_submission(in, "c.txt", "서석고등학교", "우리 마을 문화 탐방", "문화·체험", "탐방");
	run r = CLI("build", in, "-o", out);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "broken.docx: failed: unrecognised format: a PDF document"));
	assert_non_null(strstr(r.err, "notes.txt: failed: not a submission"));
	assert_non_null(strstr(r.out, "7 inputs: 3 ok, 0 warning, 2 failed, 0 duplicate, 2 skipped"));
	assert_non_null(strstr(r.out, "3 cases written to"));
	run_free(&r);

	mj *book = read_json(out, "casebook.json"), *report = read_json(out, "report.json");
	assert_int_equal(mj_get(book, "cases")->count, 3);
	const mj *broken = input_entry(report, "broken.docx");
	assert_string_equal(str(broken, "status"), "failed");
	assert_non_null(strstr(str(broken, "reason"), "unrecognised format"));
	assert_int_equal(mj_get(broken, "case")->type, MJ_NULL);
	assert_string_equal(str(input_entry(report, "notes.txt"), "status"), "failed");
	const mj *hidden = input_entry(report, ".DS_Store");
	assert_string_equal(str(hidden, "status"), "skipped");
	assert_string_equal(str(hidden, "reason"), "hidden file");
	assert_string_equal(str(input_entry(report, "~$a.docx"), "reason"), "an office lock file");
	const mj *a = input_entry(report, "a.txt");
	assert_string_equal(str(a, "status"), "ok");
	assert_string_equal(str(a, "format"), "text");
	assert_int_equal(strncmp(str(a, "case"), "case-", 5), 0);
	assert_int_equal(mj_get(mj_get(report, "summary"), "failed")->number, 2);
	mj_free(book);
	mj_free(report);
	char *txt_path = join(out, "report.txt");
	char *txt = cbt_read_file(txt_path, NULL);
	assert_non_null(strstr(txt, "failed     "));
	assert_non_null(strstr(txt, "reason: unrecognised format: a PDF document"));
	assert_non_null(strstr(txt, "skipped    "));
	free(txt);
	free(txt_path);
	validate_outputs(out);

	/* Without the bad ones, every input becomes a case: exit 0. */
	char *good = join(in, "a.txt"), *out2 = join(dir, "out2");
	r = CLI("build", good, "-o", out2);
	assert_int_equal(r.status, 0);
	run_free(&r);
	validate_outputs(out2);
	free(out2);
	free(good);
	free(in);
	free(out);
	free(dir);
}

/* A link back to a folder being read is listed as skipped, not followed round and round. */
static void folder_links_are_not_followed_twice(void **state)
{
	char *dir = cbt_tmpdir("build-links"), *in = join(dir, "in"), *sub = join(in, "sub");
	char *out = join(dir, "out"), *link = join(sub, "back");
	mkdir(in, 0777);
	mkdir(sub, 0777);
	put_submission(sub, "a.txt", "빛고을초등학교", "함께 크는 마을", "교육공동체", "탐방");
	assert_int_equal(symlink("..", link), 0);
	run r = CLI("build", in, "-o", out);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "2 inputs: 1 ok, 0 warning, 0 failed, 0 duplicate, 1 skipped"));
	run_free(&r);
	mj *report = read_json(out, "report.json");
	assert_string_equal(str(input_entry(report, "sub/back"), "reason"),
	                    "a link to a folder already being read");
	mj_free(report);
	free(link);
	free(out);
	free(sub);
	free(in);
	free(dir);
}

static void usage_and_profile_errors_exit_2(void **state)
{
	char *dir = cbt_tmpdir("build-usage"), *out = join(dir, "out");
	put_submission(dir, "a.txt", "빛고을초등학교", "사례", "학습", "활동");
	char *in = join(dir, "a.txt"), *bad_profile = join(dir, "bad.xml");
	put(dir, "bad.xml", "<?xml version=\"1.0\"?>\n<profile>\n<oops>\n</profile>\n",
	    strlen("<?xml version=\"1.0\"?>\n<profile>\n<oops>\n</profile>\n"));
	struct {
		const char *const *argv;
		const char *message;
	} cases[] = {
		{(const char *const[]){"build", in, NULL}, "no output folder: -o OUTDIR"},
		{(const char *const[]){"build", "-o", out, NULL}, "no input"},
		{(const char *const[]){"build", "--bogus", in, "-o", out, NULL}, "unknown option"},
		{(const char *const[]){"build", in, "-o", out, "--profile", NULL}, "lacks its argument"},
		{(const char *const[]){"build", in, "-o", out, "--profile", bad_profile, NULL},
		 "bad.xml:4: "},
		{(const char *const[]){"check", NULL}, "no file to check"},
		{(const char *const[]){"check", "--profile", bad_profile, in, NULL}, "bad.xml:4: "},
		{(const char *const[]){"extract", NULL}, "exactly one FILE"},
		{(const char *const[]){"extract", in, in, NULL}, "exactly one FILE"},
		{(const char *const[]){"extract", "--profile", "/nonexistent.xml", in, NULL},
		 "nonexistent.xml"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		run r = cli(cases[i].argv);
		if (r.status != 2 || !strstr(r.err, cases[i].message))
			fail_msg("case %zu: status %d, stderr: %s", i, r.status, r.err);
		run_free(&r);
	}
	struct stat st;
	assert_int_not_equal(stat(out, &st), 0); /* nothing was written */
	free(bad_profile);
	free(in);
	free(out);
	free(dir);
}

static void helps(void **state)
{
	const char *cmds[] = {"build", "check", "extract"};
	for (size_t i = 0; i < 3; i++) {
		run r = CLI(cmds[i], "--help");
		assert_int_equal(r.status, 0);
		assert_non_null(strstr(r.out, "Usage: casebook "));
		assert_non_null(strstr(r.out, cmds[i]));
		assert_non_null(strstr(r.out, "--profile FILE"));
		assert_non_null(strstr(r.out, "--no-redact"));
		run_free(&r);
		r = CLI("help", cmds[i]);
		assert_int_equal(r.status, 0);
		run_free(&r);
	}
	run r = CLI("--help");
	assert_non_null(strstr(r.out, "  build "));
	assert_non_null(strstr(r.out, "  check "));
	assert_non_null(strstr(r.out, "  extract "));
	run_free(&r);
}

static void duplicates_are_reported_not_published_twice(void **state)
{
	char *dir = cbt_tmpdir("build-duplicates"), *in = join(dir, "in"), *out = join(dir, "out");
	mkdir(in, 0777);
	char *text = submission("빛고을초등학교", "함께 크는 마을", "교육공동체", "마을 탐방");
	put(in, "1-original.txt", text, strlen(text));
	put(in, "2-copy.txt", text, strlen(text));
	/* The same content in UTF-16 is the same content. */
	size_t n = strlen(text);
	unsigned char *utf16 = malloc(2 + 2 * n);
	size_t u = 0;
	utf16[u++] = 0xFF;
	utf16[u++] = 0xFE;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)text[i];
		unsigned cp;
		if (c < 0x80) {
			cp = c;
			i++;
		} else if (c < 0xE0) {
			cp = (c & 0x1Fu) << 6 | (text[i + 1] & 0x3Fu);
			i += 2;
		} else {
			cp = (c & 0x0Fu) << 12 | (text[i + 1] & 0x3Fu) << 6 | (text[i + 2] & 0x3Fu);
			i += 3;
		}
		utf16[u++] = (unsigned char)(cp & 0xFF);
		utf16[u++] = (unsigned char)(cp >> 8);
	}
	put(in, "3-utf16.txt", utf16, u);
	free(utf16);
	free(text);
	/* The same school and title, revised: a possible duplicate, both published. */
	put_submission(in, "4-revised.txt", "빛고을초등학교", "함께 크는 마을", "교육공동체",
	               "마을 탐방과 사진전");
	run r = CLI("build", in, "-o", out);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "4 inputs: 0 ok, 2 warning, 0 failed, 2 duplicate"));
	run_free(&r);
	mj *book = read_json(out, "casebook.json"), *report = read_json(out, "report.json");
	assert_int_equal(mj_get(book, "cases")->count, 2);
	const mj *original = input_entry(report, "1-original.txt");
	const mj *copy = input_entry(report, "2-copy.txt");
	const mj *utf = input_entry(report, "3-utf16.txt");
	const mj *revised = input_entry(report, "4-revised.txt");
	assert_string_equal(str(original, "status"), "warning");
	assert_string_equal(str(copy, "status"), "duplicate");
	assert_string_equal(str(utf, "status"), "duplicate");
	assert_string_equal(str(revised, "status"), "warning");
	assert_string_equal(str(copy, "case"), str(original, "case"));
	assert_string_equal(str(utf, "case"), str(original, "case"));
	assert_string_not_equal(str(revised, "case"), str(original, "case"));
	char *report_path = join(out, "report.json");
	char *copy_json = cbt_read_file(report_path, NULL);
	free(report_path);
	assert_non_null(strstr(copy_json, "\"code\": \"duplicate\""));
	assert_non_null(strstr(copy_json, "\"code\": \"possible-duplicate\""));
	free(copy_json);
	mj_free(book);
	mj_free(report);
	validate_outputs(out);
	free(in);
	free(out);
	free(dir);
}

/* The messages of the duplicate and possible-duplicate diagnostics of a report entry, in order
 * (at most max of them); their number. */
static size_t duplicate_messages(const mj *entry, const char **msgs, size_t max)
{
	const mj *diags = mj_get(entry, "diagnostics");
	size_t n = 0;
	for (size_t i = 0; i < diags->count; i++) {
		const mj *d = mj_at(diags, i);
		const char *code = str(d, "code");
		if (strcmp(code, "duplicate") != 0 && strcmp(code, "possible-duplicate") != 0)
			continue;
		if (n < max)
			msgs[n] = str(d, "message");
		n++;
	}
	return n;
}

/* The single duplicate diagnostic of entry is "possibly a duplicate of" of's path and case,
 * then tail. */
static void expect_possible(const mj *entry, const mj *of, const char *tail)
{
	const char *msgs[3];
	assert_int_equal(duplicate_messages(entry, msgs, 3), 1);
	char *want;
	assert_true(asprintf(&want, "possibly a duplicate of %s (case %s)%s", str(of, "path"),
	                     str(of, "case"), tail) > 0);
	assert_string_equal(msgs[0], want);
	free(want);
}

/* Three or more inputs with the same school and title do not warn every pair: each later one
 * names the first, and the first names the second and counts the rest. A duplicate of a later
 * member is a member; a duplicate of the first is not. */
static void a_larger_group_warns_each_member_once(void **state)
{
	char *dir = cbt_tmpdir("build-duplicate-group"), *in = join(dir, "in"),
	     *out = join(dir, "out");
	mkdir(in, 0777);
	char *a = submission("빛고을초등학교", "함께 크는 마을", "교육공동체", "마을 탐방");
	char *b = submission("빛고을초등학교", "함께 크는 마을", "교육공동체", "마을 사진전");
	put(in, "1-a.txt", a, strlen(a));
	put(in, "2-b.txt", b, strlen(b));
	/* Spaces do not count in the school or the title. */
	put_submission(in, "3-c.txt", "빛고을 초등학교", "함께 크는 마을", "교육공동체", "마을 지도");
	put_submission(in, "4-d.txt", "빛고을초등학교", "함께크는 마을", "교육공동체", "마을 잔치");
	put(in, "5-copy-of-b.txt", b, strlen(b));
	put(in, "6-copy-of-a.txt", a, strlen(a));
	free(a);
	free(b);
	/* Three: the first counts one other. */
	put_submission(in, "7-x.txt", "무등중학교", "우리 동네 지도", "지역사회", "골목 걷기");
	put_submission(in, "8-y.txt", "무등중학교", "우리 동네 지도", "지역사회", "시장 걷기");
	put_submission(in, "9-z.txt", "무등중학교", "우리 동네 지도", "지역사회", "공원 걷기");
	run r = CLI("build", in, "-o", out);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "9 inputs: 0 ok, 7 warning, 0 failed, 2 duplicate"));
	run_free(&r);
	mj *report = read_json(out, "report.json");
	const mj *ea = input_entry(report, "1-a.txt"), *eb = input_entry(report, "2-b.txt");
	const mj *ec = input_entry(report, "3-c.txt"), *ed = input_entry(report, "4-d.txt");
	const mj *copy_b = input_entry(report, "5-copy-of-b.txt");
	const mj *copy_a = input_entry(report, "6-copy-of-a.txt");
	const mj *ex = input_entry(report, "7-x.txt"), *ey = input_entry(report, "8-y.txt");
	const mj *ez = input_entry(report, "9-z.txt");
	/* a, b, c, d and the copy of b: the first names b and counts three others. */
	expect_possible(ea, eb, " and 3 others: the same school and title");
	expect_possible(eb, ea, ": the same school and title");
	expect_possible(ec, ea, ": the same school and title");
	expect_possible(ed, ea, ": the same school and title");
	const mj *members[] = {ea, eb, ec, ed, ex, ey, ez};
	for (size_t i = 0; i < sizeof members / sizeof *members; i++)
		assert_string_equal(str(members[i], "status"), "warning");
	/* The copy of b: named the first, then a duplicate of b, as two inputs would have it. */
	const char *msgs[3];
	assert_string_equal(str(copy_b, "status"), "duplicate");
	assert_string_equal(str(copy_b, "case"), str(eb, "case"));
	assert_int_equal(duplicate_messages(copy_b, msgs, 3), 2);
	char *want;
	assert_true(asprintf(&want, "possibly a duplicate of %s (case %s): the same school and title",
	                     str(ea, "path"), str(ea, "case")) > 0);
	assert_string_equal(msgs[0], want);
	free(want);
	assert_true(asprintf(&want, "the same content as %s (case %s): not published twice",
	                     str(eb, "path"), str(eb, "case")) > 0);
	assert_string_equal(msgs[1], want);
	free(want);
	/* The copy of a is a duplicate, nothing more. */
	assert_string_equal(str(copy_a, "status"), "duplicate");
	assert_int_equal(duplicate_messages(copy_a, msgs, 3), 1);
	assert_true(asprintf(&want, "the same content as %s (case %s): not published twice",
	                     str(ea, "path"), str(ea, "case")) > 0);
	assert_string_equal(msgs[0], want);
	free(want);
	expect_possible(ex, ey, " and 1 other: the same school and title");
	expect_possible(ey, ex, ": the same school and title");
	expect_possible(ez, ex, ": the same school and title");
	mj_free(report);
	validate_outputs(out);
	free(in);
	free(out);
	free(dir);
}

/* Many revisions of one submission (a school resending, a template title): the warnings grow
 * with the inputs, not with their pairs. */
static void many_inputs_with_one_title_warn_linearly(void **state)
{
	enum { N = 300 };
	char *dir = cbt_tmpdir("build-duplicate-many"), *in = join(dir, "in"),
	     *out = join(dir, "out");
	mkdir(in, 0777);
	for (int i = 0; i < N; i++) {
		char name[32], extra[64];
		snprintf(name, sizeof name, "%03d.txt", i);
		snprintf(extra, sizeof extra, "마을 탐방 %d회", i);
		put_submission(in, name, "빛고을초등학교", "함께 크는 마을", "교육공동체", extra);
	}
	run r = CLI("build", in, "-o", out);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "300 inputs: 0 ok, 300 warning, 0 failed, 0 duplicate"));
	run_free(&r);
	mj *report = read_json(out, "report.json");
	const mj *inputs = mj_get(report, "inputs");
	assert_int_equal(inputs->count, N);
	const mj *first = input_entry(report, "/000.txt"), *second = input_entry(report, "/001.txt");
	expect_possible(first, second, " and 298 others: the same school and title");
	for (size_t i = 0; i < inputs->count; i++) {
		const mj *e = mj_at(inputs, i);
		const char *msgs[3];
		assert_true(duplicate_messages(e, msgs, 3) <= 2);
		if (e != first)
			expect_possible(e, first, ": the same school and title");
	}
	mj_free(report);
	free(in);
	free(out);
	free(dir);
}

static void the_casebook_is_in_the_profiles_order(void **state)
{
	char *dir = cbt_tmpdir("build-order"), *in = join(dir, "in"), *out = join(dir, "out");
	mkdir(in, 0777);
	put_submission(in, "1.txt", "동명고등학교", "고교 학습", "학습", "a");
	put_submission(in, "2.txt", "나래초등학교", "나래 학습", "학습", "b");
	put_submission(in, "3.txt", "가온초등학교", "가온 체험", "문화체험", "c");
	put_submission(in, "4.txt", "가온초등학교", "가온 학습", "학습", "d");
	put_submission(in, "5.txt", "새빛특수학교", "특수 학습", "학습", "e");
	put_submission(in, "6.txt", "다솜중학교", "중학 학습", "학습", "f");
	run r = CLI("build", in, "-o", out);
	assert_int_equal(r.status, 0);
	run_free(&r);
	mj *book = read_json(out, "casebook.json");
	const char *want[] = {"가온초등학교", "나래초등학교", "다솜중학교", "동명고등학교",
	                      "새빛특수학교", "가온초등학교"};
	const char *areas[] = {"학습", "학습", "학습", "학습", "학습", "문화·체험"};
	const mj *cases = mj_get(book, "cases");
	assert_int_equal(cases->count, 6);
	for (size_t i = 0; i < 6; i++) {
		assert_string_equal(str(mj_at(cases, i), "school"), want[i]);
		assert_string_equal(str(mj_at(cases, i), "area"), areas[i]);
	}
	const mj *stats = mj_get(book, "statistics");
	assert_int_equal(mj_get(mj_get(stats, "by_area"), "학습")->number, 5);
	assert_int_equal(mj_get(mj_get(stats, "by_area"), "문화·체험")->number, 1);
	assert_int_equal(mj_get(mj_get(stats, "by_level"), "초")->number, 3);
	assert_int_equal(mj_get(mj_get(stats, "by_level"), "특수")->number, 1);
	assert_int_equal(mj_get(mj_get(stats, "by_officer"), "assigned")->number, 6);
	mj_free(book);

	/* casebook.xml holds the same cases, in the same order, as divisions of class "case". */
	char *xml = join(out, "casebook.xml");
	cb_context *ctx = cbt_context();
	cb_diags *d = cb_diags_new();
	cb_document *doc = cb_read_file(ctx, xml, "cbxml", d);
	if (!doc)
		cbt_print_diags(d);
	assert_non_null(doc);
	size_t k = 0;
	for (const cb_node *n = cb_node_first_child(cb_document_body_const(doc)); n;
	     n = cb_node_next(n)) {
		if (cb_node_get_kind(n) != CB_NODE_DIV || strcmp(cb_div_class(n), "case") != 0)
			continue;
		assert_true(k < 6);
		assert_string_equal(cb_div_attr(n, "school"), want[k]);
		assert_string_equal(cb_div_attr(n, "officer"), "assigned");
		assert_string_equal(cb_div_attr(n, "period_start"), "2026-03-02");
		assert_string_equal(cb_div_attr(n, "budget_krw"), "1000000");
		assert_null(cb_div_attr(n, "nonexistent"));
		k++;
	}
	assert_int_equal(k, 6);
	cb_document_free(doc);
	cb_diags_free(d);
	cb_context_free(ctx);
	free(xml);
	free(in);
	free(out);
	free(dir);
}

static bool same_file(const char *a, const char *b)
{
	size_t la, lb;
	char *x = cbt_read_file(a, &la), *y = cbt_read_file(b, &lb);
	bool same = x && y && la == lb && memcmp(x, y, la) == 0;
	free(x);
	free(y);
	return same;
}

static void output_is_deterministic(void **state)
{
	char *dir = cbt_tmpdir("build-determinism"), *in = join(dir, "in");
	mkdir(in, 0777);
	put_submission(in, "a.txt", "빛고을초등학교", "함께 크는 마을", "교육공동체",
	               "김민준 학생과 보호자 박영희 씨가 참여하였다. 010-0000-2222");
	put_submission(in, "b.txt", "무등중학교", "진로 탐색", "학습", "이서연(2학년)이 발표하였다.");
	put_submission(in, "c.txt", "서석고등학교", "문화 탐방", "문화·체험", "탐방");
	char *outs[2] = {join(dir, "one"), join(dir, "two")};
	char *a = join(in, "a.txt"), *b = join(in, "b.txt"), *c = join(in, "c.txt");
	run r = CLI("build", in, "-o", outs[0]);
	assert_int_equal(r.status, 0);
	run_free(&r);
	r = CLI("build", in, "-o", outs[1]);
	assert_int_equal(r.status, 0);
	run_free(&r);
	const char *files[] = {"casebook.json", "casebook.xml", "report.json", "report.txt"};
	for (size_t i = 0; i < 4; i++) {
		char *x = join(outs[0], files[i]), *y = join(outs[1], files[i]);
		if (!same_file(x, y))
			fail_msg("%s differs between two runs", files[i]);
		free(x);
		free(y);
	}
	/* The casebook does not depend on the order the inputs were given in. */
	char *three = join(dir, "three");
	r = CLI("build", c, a, b, "-o", three);
	assert_int_equal(r.status, 0);
	run_free(&r);
	char *x = join(outs[0], "casebook.xml"), *y = join(three, "casebook.xml");
	assert_true(same_file(x, y));
	free(x);
	free(y);
	free(three);
	free(a);
	free(b);
	free(c);
	free(outs[0]);
	free(outs[1]);
	free(in);
	free(dir);
}

static void no_redact_warns_and_keeps(void **state)
{
	char *dir = cbt_tmpdir("build-noredact"), *out = join(dir, "out");
	put_submission(dir, "a.txt", "빛고을초등학교", "사례", "학습", "김민준 학생이 참여하였다.");
	char *in = join(dir, "a.txt");
	run r = CLI("build", "--no-redact", in, "-o", out);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.err, "warning: privacy masking is off (--no-redact)"));
	run_free(&r);
	char *p = join(out, "casebook.json");
	char *json = cbt_read_file(p, NULL);
	assert_non_null(strstr(json, "김민준 학생"));
	assert_non_null(strstr(json, "\"redacted\": false"));
	free(json);
	free(p);
	free(in);
	free(out);
	free(dir);
}

/* --- check and extract -------------------------------------------------------------------- */

static void check_shows_what_the_office_will_see(void **state)
{
	char *dir = cbt_tmpdir("check");
	put_submission(dir, "good.txt", "빛고을초등학교", "함께 크는 마을", "교육공동체",
	               "김민준 학생과 보호자 박영희 씨가 함께했다.");
	const char partial[] = "사례명: 학교 이름이 없는 사례\n영역: 기타\n기간: 연중\n\n"
	                       "1. 추진 배경\n배경.\n";
	put(dir, "partial.txt", partial, sizeof partial - 1);
	put(dir, "broken.docx", "%PDF-1.4\n", 9);
	char *good = join(dir, "good.txt"), *part = join(dir, "partial.txt");
	char *broken = join(dir, "broken.docx");
	run r = CLI("check", good);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "good.txt: ok"));
	assert_non_null(strstr(r.out, "빛고을초등학교"));
	assert_non_null(strstr(r.out, "background"));
	assert_non_null(strstr(r.out, "would mask: 1 student_name, 1 guardian_name"));
	assert_null(strstr(r.out, "김민준"));
	assert_null(strstr(r.out, "박영희"));
	run_free(&r);
	r = CLI("check", good, part);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.out, "partial.txt: warning"));
	assert_non_null(strstr(r.out, "[missing-field]"));
	assert_non_null(strstr(r.out, "[unknown-area]"));
	assert_non_null(strstr(r.out, "[unparsable-value]"));
	assert_non_null(strstr(r.out, "(not found)"));
	run_free(&r);
	r = CLI("check", broken);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.out, "broken.docx: failed"));
	assert_non_null(strstr(r.err, "unrecognised format"));
	run_free(&r);
	free(good);
	free(part);
	free(broken);
	free(dir);
}

static void extract_prints_one_case(void **state)
{
	char *dir = cbt_tmpdir("extract");
	put_submission(dir, "good.txt", "빛고을초등학교", "함께 크는 마을", "교육공동체",
	               "김민준 학생이 참여하였다.");
	put(dir, "broken.docx", "%PDF-1.4\n", 9);
	char *good = join(dir, "good.txt"), *broken = join(dir, "broken.docx");
	run r = CLI("extract", good);
	assert_int_equal(r.status, 0);
	mj *c = mj_parse(r.out);
	assert_non_null(c);
	check_case_shape(c);
	assert_string_equal(str(c, "school"), "빛고을초등학교");
	assert_string_equal(str(c, "area"), "교육공동체");
	assert_int_equal(mj_get(c, "participants")->number, 10);
	assert_int_equal(mj_get(mj_get(c, "redactions"), "student_name")->number, 1);
	assert_null(strstr(r.out, "김민준"));
	mj_free(c);
	run_free(&r);
	r = CLI("extract", "--no-redact", good);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "김민준"));
	assert_non_null(strstr(r.err, "--no-redact"));
	run_free(&r);
	r = CLI("extract", broken);
	assert_int_equal(r.status, 1);
	assert_int_equal(r.out_len, 0);
	assert_non_null(strstr(r.err, "unrecognised format"));
	run_free(&r);
	free(good);
	free(broken);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_bad_file_among_good_ones),
		cmocka_unit_test(folder_links_are_not_followed_twice),
		cmocka_unit_test(usage_and_profile_errors_exit_2),
		cmocka_unit_test(helps),
		cmocka_unit_test(duplicates_are_reported_not_published_twice),
		cmocka_unit_test(a_larger_group_warns_each_member_once),
		cmocka_unit_test(many_inputs_with_one_title_warn_linearly),
		cmocka_unit_test(the_casebook_is_in_the_profiles_order),
		cmocka_unit_test(output_is_deterministic),
		cmocka_unit_test(no_redact_warns_and_keeps),
		cmocka_unit_test(check_shows_what_the_office_will_see),
		cmocka_unit_test(extract_prints_one_case),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
