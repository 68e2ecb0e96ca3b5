/* The CSV writer: index.csv as Excel opens Korean text correctly (UTF-8 with BOM, CRLF), one
 * row per case, RFC 4180 quoting, formulas neutralised; and the examples' index. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

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

static char *write_csv(const cb_document *doc, size_t *len, cb_diags *d)
{
	char *csv = NULL;
	if (cb_write_memory(ctx, doc, "csv", &csv, len, d) != CB_OK)
		cbt_print_diags(d);
	assert_non_null(csv);
	return csv;
}

#define HEADER "\xEF\xBB\xBF학교,학교급,교육복지사,영역,사례명,참여 인원,시작일,종료일,예산(원),원본 파일,상태\r\n"

static void rows_are_quoted_as_rfc_4180_says(void **state)
{
	(void)state;
	cb_document *doc = cb_document_new();
	cb_node *body = cb_document_body(doc);
	cb_add_text(cb_add_heading(body, 1), "사례집", (size_t)-1, 0);
	cb_node *c = cb_add_div(body, "case");
	cb_div_set_attr(c, "school", "빛고을초등학교");
	cb_div_set_attr(c, "school_level", "초");
	cb_div_set_attr(c, "officer", "assigned");
	cb_div_set_attr(c, "area", "학습");
	cb_div_set_attr(c, "title", "\"함께\", 크는\n마을");
	cb_div_set_attr(c, "participants", "12");
	cb_div_set_attr(c, "period_start", "2026-03-02");
	cb_div_set_attr(c, "period_end", "2026-12-18");
	cb_div_set_attr(c, "budget_krw", "1200000");
	cb_div_set_attr(c, "source_path", "in/a.txt");
	cb_div_set_attr(c, "status", "ok");
	c = cb_add_div(body, "case");
	cb_div_set_attr(c, "school", "=HYPERLINK(\"http://x\")");
	cb_div_set_attr(c, "officer", "unknown");
	cb_div_set_attr(c, "title", "-2+3");
	cb_div_set_attr(c, "source_path", "@in/b.txt");
	cb_div_set_attr(c, "status", "warning");
	cb_diags *d = cb_diags_new();
	size_t len;
	char *csv = write_csv(doc, &len, d);
	const char *want = HEADER
		"빛고을초등학교,초,배치,학습,\"\"\"함께\"\", 크는\n마을\",12,2026-03-02,2026-12-18,1200000,"
		"in/a.txt,정상\r\n"
		"\"'=HYPERLINK(\"\"http://x\"\")\",,,,\"'-2+3\",,,,,\"'@in/b.txt\",경고\r\n";
	assert_string_equal(csv, want);
	assert_int_equal(len, strlen(want));
	assert_int_equal(cb_diags_count(d), 0);
	free(csv);
	cb_diags_free(d);
	cb_document_free(doc);
}

static void a_document_without_cases_gives_the_header_and_a_warning(void **state)
{
	(void)state;
	cb_document *doc = cb_document_new();
	cb_add_text(cb_add_paragraph(cb_document_body(doc)), "글", (size_t)-1, 0);
	cb_diags *d = cb_diags_new();
	char *csv = write_csv(doc, NULL, d);
	assert_string_equal(csv, HEADER);
	assert_true(cbt_has_diag(d, CB_W_LOSSY, "no cases"));
	free(csv);
	cb_diags_free(d);
	cb_document_free(doc);
}

/* Splits one RFC 4180 record off *s into fields (at most max); returns how many. */
static size_t record(const char **s, char fields[][512], size_t max)
{
	size_t n = 0;
	const char *p = *s;
	for (;;) {
		size_t o = 0;
		if (*p == '"') {
			for (p++; *p && !(*p == '"' && p[1] != '"'); p++) {
				if (*p == '"')
					p++;
				if (o < 511)
					fields[n][o++] = *p;
			}
			p += *p == '"';
		} else {
			for (; *p && *p != ',' && *p != '\r'; p++)
				if (o < 511)
					fields[n][o++] = *p;
		}
		fields[n][o] = '\0';
		n += n < max;
		if (*p == ',') {
			p++;
			continue;
		}
		break;
	}
	assert_true(p[0] == '\r' && p[1] == '\n');
	*s = p + 2;
	return n;
}

static void the_examples_index_has_a_row_per_case(void **state)
{
	(void)state;
	mj *book = NULL;
	char *out = pub_examples("csv-examples", &book);
	assert_non_null(out);
	assert_non_null(book);
	char *path = pub_join(out, "index.csv");
	size_t len;
	char *csv = cbt_read_file(path, &len);
	assert_non_null(csv);
	assert_int_equal(memcmp(csv, HEADER, strlen(HEADER)), 0);
	const mj *cases = mj_get(book, "cases");
	const char *s = csv + strlen(HEADER);
	char fields[16][512];
	for (size_t i = 0; i < cases->count; i++) {
		assert_int_equal(record(&s, fields, 16), 11);
		const mj *c = mj_at(cases, i);
		assert_string_equal(fields[0], mj_get(c, "school")->string);
		assert_string_equal(fields[4], mj_get(c, "title")->string);
		assert_string_equal(fields[3], mj_get(c, "area")->string);
		assert_string_equal(fields[9], mj_get(mj_get(c, "source"), "path")->string);
		assert_string_equal(fields[10], "정상");
	}
	assert_int_equal(*s, '\0');
	/* Every line ends in CRLF, and no bare LF is left outside quotes. */
	size_t lf = 0, crlf = 0;
	for (size_t i = 0; i < len; i++)
		if (csv[i] == '\n') {
			lf++;
			crlf += i > 0 && csv[i - 1] == '\r';
		}
	assert_int_equal(lf, crlf);
	assert_int_equal(crlf, cases->count + 1);
	free(csv);
	free(path);
	mj_free(book);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rows_are_quoted_as_rfc_4180_says),
		cmocka_unit_test(a_document_without_cases_gives_the_header_and_a_warning),
		cmocka_unit_test(the_examples_index_has_a_row_per_case),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
