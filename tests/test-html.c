/* The HTML writer: a casebook page that runs nothing a submission holds, names its own code in
 * its Content-Security-Policy, needs nothing from outside, is Korean and printable, and works in
 * a real browser (headless Chromium, when installed: contents links, search, filters, no console
 * errors, scripts off, a screenshot under the build tree). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>
#include <nettle/sha2.h>

#include "publishutil.h"
#include "testutil.h"

static cb_context *ctx;

static int setup(void **state)
{
	(void)state;
	ctx = cbt_context();
	return ctx ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	cb_context_free(ctx);
	return 0;
}

/* What a hostile submission could hold, in every place a case carries text. */
static const char *const payloads[] = {
	"<script>window.__pwned=1</script>",
	"<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">",
	"\"><svg onload=alert(1)>",
	"</style><script>alert(2)</script>",
	"' onmouseover='alert(3)",
};

static void add_case(cb_node *body, const char *id, const char *school, const char *area,
                     const char *level, const char *payload)
{
	cb_node *c = cb_add_div(body, "case");
	assert_non_null(c);
	cb_div_set_attr(c, "id", id);
	cb_div_set_attr(c, "school", school);
	cb_div_set_attr(c, "school_level", level);
	cb_div_set_attr(c, "officer", "assigned");
	cb_div_set_attr(c, "title", payload);
	cb_div_set_attr(c, "area", area);
	cb_div_set_attr(c, "target", payload);
	cb_div_set_attr(c, "period_start", "2026-03-02");
	cb_div_set_attr(c, "period_end", "2026-12-18");
	cb_div_set_attr(c, "budget_krw", "1200000");
	cb_div_set_attr(c, "partners", payload);
	cb_add_text(cb_add_heading(c, 2), payload, (size_t)-1, 0);
	cb_node *s = cb_add_div(c, "section");
	cb_div_set_attr(s, "kind", "activities");
	cb_div_set_attr(s, "heading", "운영 내용");
	cb_add_text(cb_add_heading(s, 3), "운영 내용", (size_t)-1, 0);
	cb_node *p = cb_add_paragraph(s);
	cb_add_text(p, payload, (size_t)-1, 0);
	cb_node *bad = cb_add_link(p, "javascript:alert(document.domain)");
	cb_add_text(bad, "눌러 보세요", (size_t)-1, 0);
	cb_node *tabbed = cb_add_link(p, "java\tscript:alert(4)");
	cb_add_text(tabbed, "이것도", (size_t)-1, 0);
	cb_node *data = cb_add_link(p, "data:text/html,<script>alert(5)</script>");
	cb_add_text(data, "데이터", (size_t)-1, 0);
	cb_node *good = cb_add_link(p, "https://example.org/a?b=1&c=\"2\"");
	cb_add_text(good, "누리집", (size_t)-1, 0);
	cb_add_image(s, "https://example.org/tracker.png", payload);
}

/* A casebook of three cases carrying every payload, as cbi_casebook_document makes one. */
static cb_document *hostile_casebook(void)
{
	cb_document *doc = cb_document_new();
	cb_document_set_meta(doc, "title", "2026 사례집 <script>alert('title')</script>");
	cb_document_set_meta(doc, "year", "2026");
	cb_document_set_meta(doc, "language", "ko");
	cb_document_set_meta(doc, "producer", "casebook test");
	cb_node *body = cb_document_body(doc);
	cb_add_text(cb_add_heading(body, 1), "2026 사례집", (size_t)-1, 0);
	cb_node *st = cb_add_div(body, "statistics");
	cb_div_set_attr(st, "cases", "3");
	cb_div_set_attr(st, "area:학습", "2");
	cb_div_set_attr(st, "area:<b>영역</b>", "1");
	cb_div_set_attr(st, "level:초", "2");
	cb_div_set_attr(st, "level:중", "1");
	cb_add_text(cb_add_heading(body, 1), "학습", (size_t)-1, 0);
	add_case(body, "case-000000000001", "가온초등학교", "학습", "초", payloads[0]);
	add_case(body, "case-000000000002", payloads[1], "학습", "중", payloads[2]);
	cb_add_text(cb_add_heading(body, 1), "<b>영역</b>", (size_t)-1, 0);
	add_case(body, "case-\"x\" onclick=\"y", payloads[3], "<b>영역</b>", "초", payloads[4]);
	assert_null(cb_document_error(doc));
	return doc;
}

static char *write_html(const cb_document *doc, size_t *len)
{
	cb_diags *d = cb_diags_new();
	char *html = NULL;
	if (cb_write_memory(ctx, doc, "html", &html, len, d) != CB_OK)
		cbt_print_diags(d);
	cb_diags_free(d);
	assert_non_null(html);
	return html;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void submission_text_runs_nothing(void **state)
{
	(void)state;
	cb_document *doc = hostile_casebook();
	char *html = write_html(doc, NULL);
	/* The page's own script, once; nothing a submission wrote became a tag or an attribute. */
	assert_int_equal(count(html, "<script"), 1);
	assert_int_equal(count(html, "</script>"), 1);
	const char *raw[] = {"<img src=x", "<svg onload", "onerror=\"", "onmouseover='", "</style><",
	                     "<b>영역", "href=\"javascript", "href=\"java", "href=\"data:",
	                     "onclick=\"y", "src=\"https://example.org/tracker"};
	for (size_t i = 0; i < sizeof raw / sizeof *raw; i++)
		if (strstr(html, raw[i]))
			fail_msg("'%s' reached the page unescaped", raw[i]);
	/* It shows as text instead. */
	assert_non_null(strstr(html, "&lt;script&gt;window.__pwned=1&lt;/script&gt;"));
	assert_non_null(strstr(html, "&lt;img src=x onerror=&quot;document.body.setAttribute("
	                             "&#39;data-pwned&#39;,&#39;1&#39;)&quot;&gt;"));
	assert_non_null(strstr(html, "<span class=\"link\">눌러 보세요</span>"));
	assert_non_null(strstr(html, "[그림: "));
	/* A safe link keeps its target, escaped, and tells nothing about the page it came from. */
	assert_non_null(strstr(html, "<a href=\"https://example.org/a?b=1&amp;c=&quot;2&quot;\" "
	                             "rel=\"noopener noreferrer\">누리집</a>"));
	/* An id that is not plain becomes an anchor of its own rather than an attribute. */
	assert_non_null(strstr(html, "id=\"case-n3\""));
	free(html);
	cb_document_free(doc);
}

/* The text between open and close (exclusive), copied; NULL when absent. */
static char *between(const char *s, const char *open, const char *close)
{
	const char *a = strstr(s, open);
	const char *b = a ? strstr(a + strlen(open), close) : NULL;
	if (!b)
		return NULL;
	a += strlen(open);
	return strndup(a, (size_t)(b - a));
}

static char *sha256_source(const char *code)
{
	struct sha256_ctx c;
	uint8_t digest[SHA256_DIGEST_SIZE];
	sha256_init(&c);
	sha256_update(&c, strlen(code), (const uint8_t *)code);
	sha256_digest(&c, sizeof digest, digest);
	char *b64 = cb_base64_encode(digest, sizeof digest, NULL), *source;
	assert_true(asprintf(&source, "'sha256-%s'", b64) > 0);
	free(b64);
	return source;
}

static void the_policy_allows_only_the_page_code(void **state)
{
	(void)state;
	cb_document *doc = hostile_casebook();
	char *html = write_html(doc, NULL);
	char *csp = between(html, "http-equiv=\"Content-Security-Policy\" content=\"", "\"");
	assert_non_null(csp);
	assert_non_null(strstr(csp, "default-src 'none'"));
	assert_non_null(strstr(csp, "img-src data:"));
	assert_null(strstr(csp, "unsafe"));
	assert_null(strstr(csp, "http"));
	char *style = between(html, "<style>", "</style>"), *script = between(html, "<script>",
	                                                                       "</script>");
	assert_non_null(style);
	assert_non_null(script);
	char *style_hash = sha256_source(style), *script_hash = sha256_source(script);
	char *want;
	assert_true(asprintf(&want, "style-src %s; script-src %s;", style_hash, script_hash) > 0);
	if (!strstr(csp, want))
		fail_msg("the policy '%s' does not name the page's code (%s)", csp, want);
	/* The policy comes before anything it governs. */
	assert_true(strstr(html, "Content-Security-Policy") < strstr(html, "<style>"));
	/* No style attribute anywhere: the policy would refuse it. */
	assert_null(strstr(html, " style=\""));
	free(want);
	free(style_hash);
	free(script_hash);
	free(style);
	free(script);
	free(csp);
	free(html);
	cb_document_free(doc);
}

static void the_page_is_self_contained_korean_and_printable(void **state)
{
	(void)state;
	cb_document *doc = hostile_casebook();
	char *html = write_html(doc, NULL);
	assert_int_equal(strncmp(html, "<!DOCTYPE html>\n<html lang=\"ko\">", 32), 0);
	assert_non_null(strstr(html, "<meta charset=\"utf-8\">"));
	assert_non_null(strstr(html, "word-break:keep-all"));
	assert_non_null(strstr(html, "\"Malgun Gothic\""));
	assert_non_null(strstr(html, "\"Noto Sans KR\""));
	assert_non_null(strstr(html, "@media print{"));
	assert_non_null(strstr(html, ".case{break-before:page"));
	const char *outside[] = {"<link", "@import", "url(", "src=\"http", "src=\"//", "<iframe"};
	for (size_t i = 0; i < sizeof outside / sizeof *outside; i++)
		if (strstr(html, outside[i]))
			fail_msg("the page reaches outside with '%s'", outside[i]);
	/* Cover, contents grouped by area then level, charts, controls, cases, school index. */
	const char *parts[] = {"<header class=\"cover\"", "<p class=\"cover-year\">2026</p>",
	                       "<nav class=\"toc\"", "<li class=\"toc-area\"",
	                       "<li class=\"toc-level\"><span class=\"toc-group\">초등학교</span>",
	                       "<svg class=\"bars\"", "id=\"chart-officer\"",
	                       "<div class=\"tools\" id=\"tools\" role=\"search\" hidden>",
	                       "<article class=\"case\" id=\"case-000000000001\" data-area=\"학습\" "
	                       "data-level=\"초\">",
	                       "<table class=\"fields\">", "<th scope=\"row\">예산</th><td>1,200,000원",
	                       "<th scope=\"row\">기간</th><td>2026. 3. 2. ~ 2026. 12. 18.",
	                       "<section class=\"schools\""};
	for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
		if (!strstr(html, parts[i]))
			fail_msg("the page lacks '%s'", parts[i]);
	/* The contents: one link per case, grouped as the cases are. */
	assert_int_equal(count(html, "<li data-case="), 3);
	assert_int_equal(count(html, "<li class=\"toc-area\">"), 2);
	free(html);
	cb_document_free(doc);
}

static void the_same_casebook_gives_the_same_bytes(void **state)
{
	(void)state;
	cb_document *doc = hostile_casebook();
	size_t a_len, b_len;
	char *a = write_html(doc, &a_len), *b = write_html(doc, &b_len);
	assert_int_equal(a_len, b_len);
	assert_memory_equal(a, b, a_len);
	free(a);
	free(b);
	cb_document_free(doc);
}

/* A document that is not a casebook: headings, marks, a table with spans, a list, a picture,
 * a note. */
static cb_document *plain_document(void)
{
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 0};
	cb_document *doc = cb_document_new();
	cb_document_set_meta(doc, "title", "2026 교육복지 사례집 <견본> & \"test\"");
	const char *img = cb_document_add_media(doc, "image1", "image/png", "pic.png", png,
	                                        sizeof png);
	cb_node *body = cb_document_body(doc);
	cb_add_text(cb_add_heading(body, 1), "Ⅰ. 추진 배경", (size_t)-1, 0);
	cb_node *p = cb_add_paragraph(body);
	cb_add_text(p, "평범한 글, ", (size_t)-1, 0);
	cb_add_text(p, "굵게", (size_t)-1, CB_MARK_BOLD);
	cb_add_noteref(p, "fn1");
	cb_node *list = cb_add_list(body, true, 3, "hangul");
	cb_add_text(cb_add_paragraph(cb_add_item(list)), "다. 항목", (size_t)-1, 0);
	cb_node *t = cb_add_table(body);
	cb_node *r = cb_add_row(t);
	cb_add_text(cb_add_paragraph(cb_add_cell(r, 2, 1, true)), "기간", (size_t)-1, 0);
	cb_add_text(cb_add_paragraph(cb_add_cell(r, 1, 1, false)), "1학기", (size_t)-1, 0);
	r = cb_add_row(t);
	cb_add_text(cb_add_paragraph(cb_add_cell(r, 1, 1, false)), "2학기", (size_t)-1, 0);
	cb_add_image(body, img, "활동 사진");
	cb_add_text(cb_add_paragraph(cb_add_note(body, "fn1", "footnote")), "각주", (size_t)-1, 0);
	assert_null(cb_document_error(doc));
	return doc;
}

static void any_document_is_a_plain_page(void **state)
{
	(void)state;
	cb_document *doc = plain_document();
	char *html = write_html(doc, NULL);
	assert_null(strstr(html, "<script"));
	assert_non_null(strstr(html, "script-src 'none'"));
	assert_non_null(strstr(html, "<title>2026 교육복지 사례집 &lt;견본&gt; &amp; &quot;test&quot;"
	                             "</title>"));
	assert_non_null(strstr(html, "<h1>Ⅰ. 추진 배경</h1>"));
	assert_non_null(strstr(html, "<strong>굵게</strong>"));
	assert_non_null(strstr(html, "<th rowspan=\"2\">"));
	assert_non_null(strstr(html, "<ol start=\"3\" class=\"hangul\">"));
	assert_non_null(strstr(html, "<img src=\"data:image/png;base64,"));
	assert_non_null(strstr(html, "href=\"#note-fn1\""));
	assert_non_null(strstr(html, "id=\"note-fn1\""));
	free(html);
	cb_document_free(doc);
}

/* --- in a browser ------------------------------------------------------------------------ */

static void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", *s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

static const char *text_or(const mj *v, const char *fallback)
{
	return v && v->type == MJ_STRING ? v->string : fallback;
}

/* What check.cjs is to find: the casebook's title, its cases and the payloads' text. */
static void write_expectations(const char *path, const mj *book, const char *const *shown,
                               size_t nshown)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("{\"title\": ", f);
	json_string(f, text_or(mj_get(mj_get(book, "casebook"), "title"), ""));
	fputs(", \"cases\": [", f);
	const mj *cases = mj_get(book, "cases");
	for (size_t i = 0; i < cases->count; i++) {
		const mj *c = mj_at(cases, i);
		fputs(i ? ", {\"id\": " : "{\"id\": ", f);
		json_string(f, text_or(mj_get(c, "id"), ""));
		fputs(", \"school\": ", f);
		json_string(f, text_or(mj_get(c, "school"), ""));
		fputs(", \"area\": ", f);
		json_string(f, text_or(mj_get(c, "area"), "미분류"));
		fputs(", \"level\": ", f);
		json_string(f, text_or(mj_get(c, "school_level"), "미상"));
		fputs("}", f);
	}
	fputs("], \"payloads\": [", f);
	for (size_t i = 0; i < nshown; i++) {
		fputs(i ? ", " : "", f);
		json_string(f, shown[i]);
	}
	fputs("]}\n", f);
	assert_int_equal(fclose(f), 0);
}

static void the_page_works_in_a_real_browser(void **state)
{
	(void)state;
	const char *chromium = getenv("CB_CHROMIUM") ? getenv("CB_CHROMIUM") : "/usr/bin/chromium";
	struct stat st;
	if (stat(chromium, &st) != 0) {
		fprintf(stderr, "skipped: no Chromium at %s (scripts/install-deps --test installs it)\n",
		        chromium);
		skip();
	}
	char *modules = pub_node_modules();
	if (!modules) {
		fprintf(stderr, "skipped: node, npm or the npm registry is not available\n");
		skip();
	}
	/* The examples, and a submission that tries to inject script into the page. */
	char *dir = cbt_tmpdir("html-browser"), *in = pub_join(dir, "in");
	assert_int_equal(mkdir(in, 0777), 0);
	char *cmd;
	char *examples = cbt_src_path("examples/submissions");
	assert_true(asprintf(&cmd, "cp '%s'/* '%s'/", examples, in) > 0);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	const char *script = "<script>window.__pwned=1;document.title='pwned'</script>";
	const char *img = "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">";
	char *text;
	assert_true(asprintf(&text,
	                     "학교명: 가온초등학교\n교육복지사 배치: 배치\n사례명: 안전한 페이지 시험\n"
	                     "영역: 학습\n대상: 3학년 5명\n기간: 2026. 4. 1. ~ 7. 17.\n"
	                     "담당자: 교사 한결\n\n1. 추진 배경\n%s\n%s\n"
	                     "javascript:alert(document.domain)\n\n2. 운영 내용\n주 1회 모임\n",
	                     script, img) > 0);
	char *hostile = pub_join(in, "가온초등학교_사례.txt");
	assert_true(cbt_write_file(hostile, text, strlen(text)));
	char *out = pub_build(dir, in, "html");
	assert_non_null(out);
	char *json_path = pub_join(out, "casebook.json"), *json = cbt_read_file(json_path, NULL);
	mj *book = mj_parse(json);
	assert_non_null(book);
	char *expect = pub_join(dir, "expected.json"), *html = pub_join(out, "casebook.html");
	const char *shown[] = {script, img};
	write_expectations(expect, book, shown, 2);
	char *checker = cbt_src_path("tests/browser/check.cjs"), *log = pub_join(dir, "check.log");
	assert_true(asprintf(&cmd, "NODE_PATH='%s' CB_CHROMIUM='%s' timeout 600 node '%s' '%s' '%s' "
	                           "'%s'",
	                     modules, chromium, checker, html, expect, dir) > 0);
	int status = pub_shell(cmd, log);
	char *result = cbt_read_file(log, NULL);
	fprintf(stderr, "%s", result ? result : "(no output)\n");
	if (status != 0)
		fail_msg("the browser check failed (exit %d): see %s", status, log);
	/* The screenshots stay under the build tree for people to look at. */
	const char *shots[] = {"casebook.png", "cover.png", "statistics.png"};
	for (size_t i = 0; i < 3; i++) {
		char *p = pub_join(dir, shots[i]);
		assert_int_equal(stat(p, &st), 0);
		assert_true(st.st_size > 1000);
		fprintf(stderr, "screenshot: %s\n", p);
		free(p);
	}
	free(result);
	free(cmd);
	free(log);
	free(checker);
	free(html);
	free(expect);
	mj_free(book);
	free(json);
	free(json_path);
	free(out);
	free(hostile);
	free(text);
	free(examples);
	free(in);
	free(dir);
	free(modules);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(submission_text_runs_nothing),
		cmocka_unit_test(the_policy_allows_only_the_page_code),
		cmocka_unit_test(the_page_is_self_contained_korean_and_printable),
		cmocka_unit_test(the_same_casebook_gives_the_same_bytes),
		cmocka_unit_test(any_document_is_a_plain_page),
		cmocka_unit_test(the_page_works_in_a_real_browser),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
