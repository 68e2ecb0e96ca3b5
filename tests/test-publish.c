/* casebook build -t: which formats are written by default and on request, a wrong list as a
 * usage error, byte-identical outputs for the same casebook (dates only from
 * SOURCE_DATE_EPOCH), Markdown that reads well, and privacy: no value the build masked reaches
 * any published file. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "publishutil.h"
#include "testutil.h"

static const char *const published[] = {"casebook.html", "casebook.docx", "casebook.hwpx",
                                        "casebook.md", "index.csv"};
#define NPUBLISHED (sizeof published / sizeof *published)

static bool exists(const char *dir, const char *name)
{
	char *p = pub_join(dir, name);
	struct stat st;
	bool ok = stat(p, &st) == 0;
	free(p);
	return ok;
}

static void put(const char *dir, const char *name, const char *school, const char *body)
{
	char *path = pub_join(dir, name), *text;
	assert_true(asprintf(&text,
	                     "학교명: %s\n사례명: %s의 사례\n영역: 학습\n기간: 2026. 4. 1. ~ 7. 17.\n"
	                     "담당자: 교사 오세훈 (010-0000-7777)\n대상: 김도현 학생 외 5명\n\n"
	                     "1. 추진 배경\n%s\n\n2. 운영 내용\n주 1회, 모두 함께\n",
	                     school, school, body) > 0);
	assert_true(cbt_write_file(path, text, strlen(text)));
	free(text);
	free(path);
}

/* A folder of two submissions; the same inputs the privacy tests mask. */
static char *inputs(const char *dir)
{
	char *in = pub_join(dir, "in");
	assert_int_equal(mkdir(in, 0777), 0);
	put(in, "a.txt", "빛고을초등학교",
	    "보호자 박영희 씨(010-0000-1111)와 김도현 학생의 변화를 나누었다.\n"
	    "도현이는 parent.park@example.com 으로 편지를 보냈다.\n"
	    "주민등록번호 150101-3000000 이 서류에 적혀 있었다.");
	put(in, "b_이서연_상담.txt", "무등중학교",
	    "이서연(2학년) 학생과 김도현이 함께 봉사하였다. 어머니 최수진 님도 왔다.");
	return in;
}

static void the_default_is_html_json_and_csv(void **state)
{
	(void)state;
	char *dir = cbt_tmpdir("publish-default"), *in = inputs(dir);
	char *out = pub_build(dir, in, NULL);
	assert_non_null(out);
	const char *yes[] = {"casebook.html", "index.csv", "casebook.json", "casebook.xml",
	                     "report.json", "report.txt"};
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		if (!exists(out, yes[i]))
			fail_msg("the default build did not write %s", yes[i]);
	const char *no[] = {"casebook.docx", "casebook.hwpx", "casebook.md"};
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		if (exists(out, no[i]))
			fail_msg("the default build wrote %s", no[i]);
	free(out);
	free(in);
	free(dir);
}

static void every_format_on_request(void **state)
{
	(void)state;
	char *dir = cbt_tmpdir("publish-all"), *in = inputs(dir);
	char *out = pub_build(dir, in, "html,docx,hwpx,md,csv");
	assert_non_null(out);
	for (size_t i = 0; i < NPUBLISHED; i++)
		if (!exists(out, published[i]))
			fail_msg("-t html,docx,hwpx,md,csv did not write %s", published[i]);
	free(out);
	/* json and xml name what every build writes: nothing else is published. */
	char *dir2 = cbt_tmpdir("publish-data-only");
	out = pub_build(dir2, in, "json, xml,markdown");
	assert_non_null(out);
	assert_true(exists(out, "casebook.json"));
	assert_true(exists(out, "casebook.md"));
	assert_false(exists(out, "casebook.html"));
	assert_false(exists(out, "index.csv"));
	free(out);
	free(dir2);
	free(in);
	free(dir);
}

static void a_wrong_list_is_a_usage_error(void **state)
{
	(void)state;
	char *dir = cbt_tmpdir("publish-usage"), *in = inputs(dir), *out = pub_join(dir, "out");
	const char *lists[] = {"html,pdf", "", "html,,csv", "html csv", "HTML"};
	for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
		char *o = NULL, *e = NULL;
		int status = cbt_run_cli((const char *const[]){"build", in, "-o", out, "-t", lists[i],
		                                               NULL},
		                         NULL, 0, &o, NULL, &e);
		if (status != 2 || !strstr(e, "expected formats among html, docx, hwpx"))
			fail_msg("-t '%s': exit %d, %s", lists[i], status, e);
		free(o);
		free(e);
	}
	struct stat st;
	assert_int_not_equal(stat(out, &st), 0); /* the build did not run */
	char *o = NULL, *e = NULL;
	assert_int_equal(cbt_run_cli((const char *const[]){"build", "--help", NULL}, NULL, 0, &o,
	                             NULL, &e),
	                 0);
	assert_non_null(strstr(o, "-t, --to FORMATS"));
	free(o);
	free(e);
	free(out);
	free(in);
	free(dir);
}

static void compare_outputs(const char *a, const char *b)
{
	for (size_t i = 0; i < NPUBLISHED; i++) {
		char *x = pub_join(a, published[i]), *y = pub_join(b, published[i]);
		if (!pub_same_file(x, y))
			fail_msg("%s differs between two builds of the same inputs", published[i]);
		free(x);
		free(y);
	}
}

static void the_same_casebook_gives_the_same_bytes(void **state)
{
	(void)state;
	char *dir = cbt_tmpdir("publish-same"), *in = inputs(dir);
	char *d1 = pub_join(dir, "1"), *d2 = pub_join(dir, "2");
	assert_int_equal(mkdir(d1, 0777), 0);
	assert_int_equal(mkdir(d2, 0777), 0);
	char *o1 = pub_build(d1, in, "html,docx,hwpx,md,csv");
	sleep(1); /* a clock that leaked into an output would now differ */
	char *o2 = pub_build(d2, in, "html,docx,hwpx,md,csv");
	assert_non_null(o1);
	assert_non_null(o2);
	compare_outputs(o1, o2);
	char *docx = pub_join(o1, "casebook.docx");
	char *core = pub_zip_entry(docx, "docProps/core.xml", NULL);
	assert_non_null(core);
	assert_null(strstr(core, "dcterms:created"));
	free(core);
	free(docx);

	/* With SOURCE_DATE_EPOCH, its date is the documents' own, and still the same each time. */
	setenv("SOURCE_DATE_EPOCH", "1767225600", 1); /* 2026-01-01 00:00:00 UTC */
	char *d3 = pub_join(dir, "3"), *d4 = pub_join(dir, "4");
	assert_int_equal(mkdir(d3, 0777), 0);
	assert_int_equal(mkdir(d4, 0777), 0);
	char *o3 = pub_build(d3, in, "html,docx,hwpx,md,csv");
	char *o4 = pub_build(d4, in, "html,docx,hwpx,md,csv");
	unsetenv("SOURCE_DATE_EPOCH");
	assert_non_null(o3);
	assert_non_null(o4);
	compare_outputs(o3, o4);
	docx = pub_join(o3, "casebook.docx");
	core = pub_zip_entry(docx, "docProps/core.xml", NULL);
	assert_non_null(strstr(core, ">2026-01-01T00:00:00Z</dcterms:created>"));
	char *hwpx = pub_join(o3, "casebook.hwpx");
	char *hpf = pub_zip_entry(hwpx, "Contents/content.hpf", NULL);
	assert_non_null(strstr(hpf, "<opf:meta name=\"CreatedDate\" content=\"text\">"
	                            "2026-01-01T00:00:00Z</opf:meta>"));
	free(hpf);
	free(hwpx);
	free(core);
	free(docx);
	free(o4);
	free(o3);
	free(d4);
	free(d3);
	free(o2);
	free(o1);
	free(d2);
	free(d1);
	free(in);
	free(dir);
}

/* A published file as text: ZIP packages with every entry unpacked. */
static char *published_text(const char *out, const char *name)
{
	char *path = pub_join(out, name);
	size_t n = strlen(name);
	char *text = n > 5 && (strcmp(name + n - 5, ".docx") == 0 || strcmp(name + n - 5, ".hwpx") == 0)
	                     ? pub_zip_all(path)
	                     : cbt_read_file(path, NULL);
	if (!text)
		fail_msg("cannot read %s", path);
	free(path);
	return text;
}

static void no_masked_value_is_published(void **state)
{
	(void)state;
	char *dir = cbt_tmpdir("publish-privacy"), *in = inputs(dir);
	char *out = pub_build(dir, in, "html,docx,hwpx,md,csv");
	assert_non_null(out);
	const char *secrets[] = {"김도현", "도현이", "박영희", "이서연", "최수진", "010-0000-1111",
	                         "010-0000-7777", "parent.park@example.com", "150101-3000000"};
	for (size_t o = 0; o < NPUBLISHED; o++) {
		char *text = published_text(out, published[o]);
		for (size_t s = 0; s < sizeof secrets / sizeof *secrets; s++)
			if (strstr(text, secrets[s]))
				fail_msg("'%s' leaked into %s", secrets[s], published[o]);
		/* The masks themselves are there: the text was published, masked (the index has no
		 * names but the masked file name). */
		if (!strstr(text, "○○"))
			fail_msg("%s does not show the masked name", published[o]);
		free(text);
	}
	free(out);
	free(in);
	free(dir);
}

/* Ids and hashes are casebook's own and are never masked, even when their hex digits read as a
 * phone number (this submission's id, case-07013195244b, holds "070-1319-5244" to the
 * pattern): casebook.xml, the web page and the index must name the case by the id
 * casebook.json gives, and the index must show its status. */
static char *read_output(const char *out, const char *name)
{
	char *path = pub_join(out, name), *text = cbt_read_file(path, NULL);
	free(path);
	assert_non_null(text);
	return text;
}

static void ids_are_never_masked(void **state)
{
	(void)state;
	char *dir = cbt_tmpdir("publish-ids"), *in = pub_join(dir, "in");
	assert_int_equal(mkdir(in, 0777), 0);
	char *src = cbt_src_path("tests/fixtures/publish/phone-like-id.txt");
	char *dst = pub_join(in, "phone-like-id.txt");
	size_t len;
	char *text = cbt_read_file(src, &len);
	assert_non_null(text);
	assert_true(cbt_write_file(dst, text, len));
	free(text);
	char *out = pub_build(dir, in, "html,csv");
	assert_non_null(out);
	const char *id = "case-07013195244b";
	char *json = read_output(out, "casebook.json");
	/* The fixture still gives the id the test is about (else regenerate it). */
	assert_non_null(strstr(json, id));
	char *xml = read_output(out, "casebook.xml");
	assert_non_null(strstr(xml, id));
	assert_null(strstr(xml, "case-07[")); /* the masked form */
	char *csv = read_output(out, "index.csv");
	const char *row = strstr(csv, "phone-like-id.txt,");
	assert_non_null(row);
	const char *status = row + strlen("phone-like-id.txt,");
	assert_true(*status != '\r' && *status != '\n' && *status != '\0');
	/* The web page's contents link to the case by that id too (its outline is made apart from
	 * the case, for writers that take a casebook a case at a time). */
	char *html = read_output(out, "casebook.html");
	assert_non_null(strstr(html, "href=\"#case-07013195244b\""));
	assert_non_null(strstr(html, "id=\"case-07013195244b\""));
	free(html);
	free(csv);
	free(xml);
	free(json);
	free(out);
	free(dst);
	free(src);
	free(in);
	free(dir);
}

static void the_examples_secrets_stay_out_too(void **state)
{
	(void)state;
	char *out = pub_examples("publish-examples", NULL);
	assert_non_null(out);
	char *path = cbt_src_path("examples/expected.json"), *json = cbt_read_file(path, NULL);
	mj *expected = mj_parse(json);
	assert_non_null(expected);
	const mj *subs = mj_get(expected, "submissions");
	for (size_t o = 0; o < NPUBLISHED; o++) {
		char *text = published_text(out, published[o]);
		for (size_t i = 0; i < subs->count; i++) {
			const mj *secrets = mj_get(mj_at(subs, i), "secrets");
			for (size_t k = 0; secrets && k < secrets->count; k++)
				if (strstr(text, mj_at(secrets, k)->string))
					fail_msg("'%s' leaked into %s", mj_at(secrets, k)->string, published[o]);
		}
		free(text);
	}
	mj_free(expected);
	free(json);
	free(path);
	free(out);
}

static void the_markdown_reads_well(void **state)
{
	(void)state;
	char *out = pub_examples("publish-markdown", NULL);
	assert_non_null(out);
	char *md = published_text(out, "casebook.md");
	const char *start = "# 2026 교육복지우선지원사업 우수 사례집\n\n2026 · 사례 14편\n";
	assert_int_equal(strncmp(md, start, strlen(start)), 0);
	const char *want[] = {"\n## 통계\n", "| 영역 | 사례 수 |", "| 초등학교 | 4 |",
	                      "| 교육복지사 | 사례 수 |", "\n## 학습\n",
	                      "\n### 기초가 튼튼한 방과후 공부방\n", "| 항목 | 내용 |",
	                      "| 학교 | 동림초등학교 |", "| 예산 | 1,800,000원 |",
	                      "| 기간 | 2026. 3. 3. \\~ 2027. 2. 12. |", "\n#### 추진 배경\n",
	                      "\n##### 1) 멘토링 결연식\n"};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++)
		if (!strstr(md, want[i]))
			fail_msg("casebook.md lacks '%s'", want[i]);
	/* Nothing a reader of Markdown would see as markup noise. */
	assert_null(strstr(md, "<div"));
	assert_null(strstr(md, "data-"));
	free(md);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_default_is_html_json_and_csv),
		cmocka_unit_test(every_format_on_request),
		cmocka_unit_test(a_wrong_list_is_a_usage_error),
		cmocka_unit_test(the_same_casebook_gives_the_same_bytes),
		cmocka_unit_test(no_masked_value_is_published),
		cmocka_unit_test(ids_are_never_masked),
		cmocka_unit_test(the_examples_secrets_stay_out_too),
		cmocka_unit_test(the_markdown_reads_well),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
