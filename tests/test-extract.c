/* Extraction on documents built in the test, the way a reader builds them: label/value tables of
 * 2 and 4 columns (labels in any cell, values right or below), "label: value" lines, metadata as
 * a last resort; officer status, school level and area from their wordings; sections under every
 * numbering style; validation warnings; what is not a submission. */
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

static cb_profile *profile;

static int setup(void **state)
{
	cb_diags *d = cb_diags_new();
	profile = cb_profile_load(NULL, d);
	if (!profile)
		cbt_print_diags(d);
	cb_diags_free(d);
	return profile ? 0 : -1;
}

static int teardown(void **state)
{
	cb_profile_free(profile);
	return 0;
}

/* --- building documents ------------------------------------------------------------------- */

/* A paragraph; '\n' in text becomes a line break. */
static void para(cb_node *parent, const char *text)
{
	cb_node *p = cb_add_paragraph(parent);
	assert_non_null(p);
	for (const char *s = text;;) {
		size_t n = strcspn(s, "\n");
		if (n)
			assert_int_equal(cb_add_text(p, s, n, 0), 0);
		if (!s[n])
			break;
		assert_non_null(cb_add_break(p));
		s += n + 1;
	}
}

static void heading(cb_node *parent, int level, const char *text)
{
	cb_node *h = cb_add_heading(parent, level);
	assert_non_null(h);
	assert_int_equal(cb_add_text(h, text, (size_t)-1, 0), 0);
}

/* A table of cols columns from cells in row order. A cell "<2>text" spans two columns. */
static void table(cb_node *parent, size_t cols, const char *const *cells, size_t n)
{
	cb_node *t = cb_add_table(parent), *row = NULL;
	assert_non_null(t);
	size_t used = cols;
	for (size_t i = 0; i < n; i++) {
		if (used >= cols) {
			row = cb_add_row(t);
			used = 0;
		}
		const char *text = cells[i];
		unsigned span = 1;
		if (text[0] == '<' && text[2] == '>') {
			span = (unsigned)(text[1] - '0');
			text += 3;
		}
		cb_node *cell = cb_add_cell(row, 1, span, false);
		assert_non_null(cell);
		para(cell, text);
		used += span;
	}
}

static void sections(cb_node *body)
{
	heading(body, 1, "1. 추진 배경");
	para(body, "정서 지원이 필요한 학생이 늘었다.");
	heading(body, 1, "2. 운영 목표");
	para(body, "관계 맺기 경험을 넓힌다.");
	heading(body, 1, "3. 운영 내용");
	para(body, "주 1회 놀이 활동을 하였다.");
	heading(body, 1, "4. 성과");
	para(body, "또래 관계 점수가 올랐다.");
	heading(body, 1, "5. 시사점");
	para(body, "방학 중에도 이어 간다.");
}

static cb_case *extract(const cb_document *doc, cb_diags *d)
{
	cb_case *c = cb_case_extract_document(profile, doc, "test.hwpx", "hwpx", NULL, 0, d);
	if (!c)
		cbt_print_diags(d);
	assert_non_null(c);
	return c;
}

static void expect(const cb_case *c, const char *key, const char *want)
{
	const char *got = cb_case_get(c, key);
	if (!want && !got)
		return;
	if (!want || !got || strcmp(want, got) != 0)
		fail_msg("%s: got '%s', want '%s'", key, got ? got : "(null)", want ? want : "(null)");
}

static bool has_case_diag(const cb_case *c, cb_code code, const char *text)
{
	return cbt_has_diag(cb_case_diags(c), code, text);
}

/* --- tables ------------------------------------------------------------------------------- */

static void two_column_table(void **state)
{
	cb_document *doc = cb_document_new();
	cb_node *body = cb_document_body(doc);
	para(body, "2026 교육복지 우수 사례");
	const char *cells[] = {
		"학교명", "빛고을초등학교",
		"교육복지사 배치", "배치",
		"사례명", "마음을 여는 토요 놀이터",
		"영역", "문화ㆍ체험",
		"대상", "4~6학년 12명",
		"운영 기간", "2026. 3. 2. ~ 12. 18.",
		"장소", "본교 상담실 및 강당",
		"예산", "1,200천원",
		"협력기관", "광산구 건강가정지원센터\n광주 청소년상담복지센터",
		"담당자", "교육복지사 김하늘(010-0000-1234)",
	};
	table(body, 2, cells, sizeof cells / sizeof *cells);
	sections(body);
	cb_diags *d = cb_diags_new();
	cb_case *c = extract(doc, d);
	expect(c, "school", "빛고을초등학교");
	expect(c, "school_level", "초");
	expect(c, "officer", "assigned");
	expect(c, "title", "마음을 여는 토요 놀이터");
	expect(c, "area", "문화·체험");
	expect(c, "area_original", "문화ㆍ체험"); /* the school's own dot */
	expect(c, "target", "4~6학년 12명");
	expect(c, "participants", "12");
	expect(c, "period.start", "2026-03-02");
	expect(c, "period.end", "2026-12-18");
	expect(c, "period.original", "2026. 3. 2. ~ 12. 18.");
	expect(c, "place", "본교 상담실 및 강당");
	expect(c, "budget_krw", "1200000");
	expect(c, "partners", "광산구 건강가정지원센터, 광주 청소년상담복지센터");
	expect(c, "author", "교육복지사 김하늘");
	expect(c, "source.path", "test.hwpx");
	expect(c, "source.format", "hwpx");
	assert_int_equal(cb_diags_count_at_least(cb_case_diags(c), CB_SEV_WARNING), 0);
	/* The header table is not content; the sections are, in order. */
	const char *want[] = {"other", "background", "goals", "activities", "outcomes",
	                      "reflections"};
	assert_int_equal(cb_case_section_count(c), 6);
	for (size_t i = 0; i < 6; i++) {
		const char *kind, *h;
		assert_true(cb_case_section_at(c, i, &kind, &h));
		assert_string_equal(kind, want[i]);
	}
	char *json = cb_case_to_json(c);
	assert_null(strstr(json, "교육복지사 배치"));
	assert_non_null(strstr(json, "\"heading\": \"추진 배경\""));
	assert_non_null(strstr(json, "2026 교육복지 우수 사례"));
	free(json);
	cb_case_free(c);
	cb_diags_free(d);
	cb_document_free(doc);
}

static void four_column_table_with_spans(void **state)
{
	cb_document *doc = cb_document_new();
	cb_node *body = cb_document_body(doc);
	const char *cells[] = {
		"학 교 명", "무등중학교", "교육복지사 배치", "미배치(협력형)",
		"프로그램명", "<3>진로 탐색 멘토링",
		"분 야", "학습", "참여대상", "1~2학년 8명",
		"일시", "2026.04.01.~2026.11.30.", "장소", "도서실",
		"소요예산", "800천원", "연계기관", "지역 대학 봉사 동아리",
		"작성자", "<3>교사 이수정 / 연락처: 010-0000-5678",
	};
	table(body, 4, cells, sizeof cells / sizeof *cells);
	sections(body);
	cb_diags *d = cb_diags_new();
	cb_case *c = extract(doc, d);
	expect(c, "school", "무등중학교");
	expect(c, "school_level", "중");
	expect(c, "officer", "none");
	expect(c, "title", "진로 탐색 멘토링");
	expect(c, "area", "학습");
	expect(c, "participants", "8");
	expect(c, "period.start", "2026-04-01");
	expect(c, "period.end", "2026-11-30");
	expect(c, "place", "도서실");
	expect(c, "budget_krw", "800000");
	expect(c, "partners", "지역 대학 봉사 동아리");
	expect(c, "author", "교사 이수정");
	cb_case_free(c);
	cb_diags_free(d);
	cb_document_free(doc);
}

static void labels_in_a_row_over_values(void **state)
{
	cb_document *doc = cb_document_new();
	cb_node *body = cb_document_body(doc);
	const char *cells[] = {"학교명", "사업명", "영역", "기간",
	                       "서석고등학교", "우리 마을 문화 탐방", "문화체험",
	                       "2026년 5월 9일 ~ 2026년 10월 24일"};
	table(body, 4, cells, sizeof cells / sizeof *cells);
	sections(body);
	cb_diags *d = cb_diags_new();
	cb_case *c = extract(doc, d);
	expect(c, "school", "서석고등학교");
	expect(c, "school_level", "고");
	expect(c, "title", "우리 마을 문화 탐방");
	expect(c, "area", "문화·체험");
	expect(c, "area_original", "문화체험");
	expect(c, "period.start", "2026-05-09");
	expect(c, "period.end", "2026-10-24");
	cb_case_free(c);
	cb_diags_free(d);
	cb_document_free(doc);
}

/* A schedule table in the activities (기간 | 내용 | 장소) gives no fields. */
static void tables_inside_sections_do_not_override(void **state)
{
	cb_document *doc = cb_document_new();
	cb_node *body = cb_document_body(doc);
	para(body, "학교명: 새빛초등학교\n사례명: 함께 크는 마을\n영역: 교육공동체\n장소: 마을 도서관");
	heading(body, 1, "1. 운영 내용");
	const char *cells[] = {"기간", "내용", "장소", "3월", "발대식", "강당", "4월", "탐방",
	                       "시장"};
	table(body, 3, cells, sizeof cells / sizeof *cells);
	cb_diags *d = cb_diags_new();
	cb_case *c = extract(doc, d);
	expect(c, "place", "마을 도서관");
	expect(c, "period.original", NULL);
	assert_true(has_case_diag(c, CB_W_MISSING_FIELD, "'period'"));
	char *json = cb_case_to_json(c);
	assert_non_null(strstr(json, "\"발대식\""));
	free(json);
	cb_case_free(c);
	cb_diags_free(d);
	cb_document_free(doc);
}

/* --- lines and metadata ------------------------------------------------------------------- */

static void label_lines_and_bullets(void **state)
{
	cb_document *doc = cb_document_new();
	cb_node *body = cb_document_body(doc);
	para(body, "학교명 : 광주새빛특수학교\n교육복지사 배치: 배치교\n사업명: 몸과 마음 튼튼");
	cb_node *list = cb_add_list(body, false, 1, "□");
	para(cb_add_item(list), "□ 영역: 보건ㆍ복지");
	para(cb_add_item(list), "○ 참여 대상: 전 학년 희망자 9명");
	para(cb_add_item(list), "- 운영 기간(일시) : ‘26. 3. 9. ~ ‘26. 7. 17.");
	para(body, "예산(원): 금 950,000원\n협력기관: 새빛 보건소\n작성자: 교육복지사 박소율");
	sections(body);
	cb_diags *d = cb_diags_new();
	cb_case *c = extract(doc, d);
	expect(c, "school", "광주새빛특수학교");
	expect(c, "school_level", "특수");
	expect(c, "officer", "assigned");
	expect(c, "title", "몸과 마음 튼튼");
	expect(c, "area", "보건·복지");
	expect(c, "area_original", "보건ㆍ복지");
	expect(c, "participants", "9");
	expect(c, "period.start", "2026-03-09");
	expect(c, "period.end", "2026-07-17");
	expect(c, "budget_krw", "950000");
	expect(c, "partners", "새빛 보건소");
	expect(c, "author", "교육복지사 박소율");
	/* The label lines are fields, not content. */
	char *json = cb_case_to_json(c);
	assert_null(strstr(json, "협력기관"));
	assert_null(strstr(json, "참여 대상"));
	free(json);
	cb_case_free(c);
	cb_diags_free(d);
	cb_document_free(doc);
}

/* A table pasted into text keeps its cells apart with tabs or wide spaces; labels in brackets. */
static void rows_pasted_as_text_and_bracketed_labels(void **state)
{
	cb_document *doc = cb_document_new();
	cb_node *body = cb_document_body(doc);
	para(body, "장소: 본교 강당 / 협력기관: 빛고을 도서관 | 담당자: 교육복지사 김하늘");
	para(body, "학교명\t빛고을초등학교\t교육복지사 배치\t배치\n"
	           "사례명      마음을 여는 토요 놀이터\n"
	           "영역\t심리정서\t대상\t4~6학년 12명\n"
	           "[기간] 2026. 3. 2. ~ 12. 18.\n"
	           "【예산】 1,200천원\n"
	           "<담당자> 교육복지사 김하늘");
	sections(body);
	cb_diags *d = cb_diags_new();
	cb_case *c = extract(doc, d);
	expect(c, "school", "빛고을초등학교");
	expect(c, "officer", "assigned");
	expect(c, "title", "마음을 여는 토요 놀이터");
	expect(c, "area", "심리·정서");
	expect(c, "participants", "12");
	expect(c, "period.end", "2026-12-18");
	expect(c, "budget_krw", "1200000");
	expect(c, "author", "교육복지사 김하늘");
	expect(c, "place", "본교 강당");
	expect(c, "partners", "빛고을 도서관");
	char *json = cb_case_to_json(c);
	assert_null(strstr(json, "[기간]"));
	free(json);
	cb_case_free(c);
	cb_diags_free(d);
	cb_document_free(doc);
}

static void tables_come_before_lines_and_metadata_last(void **state)
{
	cb_document *doc = cb_document_new();
	cb_document_set_meta(doc, "title", "메타데이터의 제목");
	cb_document_set_meta(doc, "creator", "kjihy");
	cb_node *body = cb_document_body(doc);
	para(body, "학교명: 줄에 적힌 학교\n영역: 학습");
	const char *cells[] = {"학교명", "표에 적힌 중학교", "기간", "2026. 3. 2."};
	table(body, 2, cells, 4);
	sections(body);
	cb_diags *d = cb_diags_new();
	cb_case *c = extract(doc, d);
	expect(c, "school", "표에 적힌 중학교");
	expect(c, "title", "메타데이터의 제목");
	expect(c, "author", NULL); /* "kjihy" is a user name, not an author */
	assert_true(has_case_diag(c, CB_N_DERIVED, "title taken from the document's metadata"));
	cb_case_free(c);
	cb_diags_free(d);
	cb_document_free(doc);
}

/* The whole form inside a one-cell frame, as Hangul users draw it. */
static void a_framed_submission(void **state)
{
	cb_document *doc = cb_document_new();
	cb_node *cell = cb_add_cell(cb_add_row(cb_add_table(cb_document_body(doc))), 1, 1, false);
	const char *cells[] = {"학교명", "빛고을초", "사례명", "틀 안의 사례", "영역", "심리정서",
	                       "기간", "2026. 3. 2. ~ 7. 17."};
	table(cell, 2, cells, sizeof cells / sizeof *cells);
	sections(cell);
	cb_diags *d = cb_diags_new();
	cb_case *c = extract(doc, d);
	expect(c, "school", "빛고을초");
	expect(c, "school_level", "초");
	expect(c, "area", "심리·정서");
	assert_int_equal(cb_case_section_count(c), 5);
	cb_case_free(c);
	cb_diags_free(d);
	cb_document_free(doc);

	/* A one-column layout table, a row per part of the form, headings drawn as a number box
	 * beside a title box. */
	doc = cb_document_new();
	cb_node *layout = cb_add_table(cb_document_body(doc));
	cell = cb_add_cell(cb_add_row(layout), 1, 1, false);
	table(cell, 2, cells, sizeof cells / sizeof *cells);
	const char *boxes[][2] = {{"1", "추진 배경"}, {"2", "운영 목표"}, {"3", "운영 내용"},
	                          {"4", "성과"}, {"5", "제언"}};
	for (size_t i = 0; i < 5; i++) {
		cell = cb_add_cell(cb_add_row(layout), 1, 1, false);
		table(cell, 2, boxes[i], 2);
		para(cell, "본문이 여기에 있다.");
	}
	d = cb_diags_new();
	c = extract(doc, d);
	expect(c, "school", "빛고을초");
	expect(c, "period.end", "2026-07-17");
	const char *want[] = {"background", "goals", "activities", "outcomes", "reflections"};
	assert_int_equal(cb_case_section_count(c), 5);
	for (size_t i = 0; i < 5; i++) {
		const char *kind, *h;
		assert_true(cb_case_section_at(c, i, &kind, &h));
		assert_string_equal(kind, want[i]);
	}
	cb_case_free(c);
	cb_diags_free(d);
	cb_document_free(doc);
}

/* --- values from wordings ----------------------------------------------------------------- */

static cb_case *one_field(const char *label, const char *value, cb_diags *d)
{
	cb_document *doc = cb_document_new();
	cb_node *body = cb_document_body(doc);
	char *line;
	assert_true(asprintf(&line, "학교명: 시험초등학교\n%s: %s", label, value) > 0);
	para(body, line);
	free(line);
	sections(body);
	cb_case *c = extract(doc, d);
	cb_document_free(doc);
	return c;
}

static void officer_status_wordings(void **state)
{
	static const struct {
		const char *value, *want;
	} cases[] = {
		{"배치", "assigned"},   {"배치교", "assigned"},  {"배 치", "assigned"},
		{"미배치", "none"},     {"협력형", "none"},      {"미배치(협력형)", "none"},
		{"협력형 학교", "none"}, {"O", "assigned"},      {"없음", "none"},
		{"교육복지사 1명", "assigned"}, {"교육복지사 미배치", "none"},
		{"김하늘", "assigned"}, {"■ 배치 □ 미배치", "assigned"},
		{"☐ 배치교 ☑ 협력형", "none"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		cb_diags *d = cb_diags_new();
		cb_case *c = one_field("교육복지사 배치", cases[i].value, d);
		if (strcmp(cb_case_get(c, "officer"), cases[i].want) != 0)
			fail_msg("'%s': got %s", cases[i].value, cb_case_get(c, "officer"));
		cb_case_free(c);
		cb_diags_free(d);
	}
	cb_diags *d = cb_diags_new();
	cb_case *c = one_field("교육복지사 배치", "잘 모르겠음", d);
	expect(c, "officer", "unknown");
	assert_true(has_case_diag(c, CB_W_UNPARSABLE, "neither assigned nor none"));
	cb_case_free(c);
	c = one_field("담당자", "교육복지사 김하늘", d);
	expect(c, "officer", "assigned");
	assert_true(has_case_diag(c, CB_N_DERIVED, "the author is an officer"));
	cb_case_free(c);
	c = one_field("담당자", "교사 김하늘", d);
	expect(c, "officer", "unknown");
	cb_case_free(c);
	cb_diags_free(d);
}

static void a_head_count_of_its_own(void **state)
{
	cb_document *doc = cb_document_new();
	cb_node *body = cb_document_body(doc);
	const char *cells[] = {"학교명", "가온초등학교", "대상", "4~6학년 희망 학생", "참여 인원",
	                       "15명"};
	table(body, 2, cells, sizeof cells / sizeof *cells);
	sections(body);
	cb_diags *d = cb_diags_new();
	cb_case *c = extract(doc, d);
	expect(c, "target", "4~6학년 희망 학생");
	expect(c, "participants", "15");
	cb_case_free(c);
	cb_diags_free(d);
	cb_document_free(doc);
}

static void authors_are_credited_without_contacts(void **state)
{
	static const struct {
		const char *written, *credited;
	} authors[] = {
		{"교육복지사 윤슬기 (T. 062-000-7788 / E. seulgi@example.org)", "교육복지사 윤슬기"},
		{"교사 김하늘(☎ 010-0000-1234)", "교사 김하늘"},
		{"교사 김하늘, 연락처: 010-0000-1234", "교사 김하늘"},
		{"교사 김하늘 (학년부장)", "교사 김하늘 (학년부장)"},
		{"교사 김하늘 [HP: 010-0000-1234, E-mail: sky@example.org]", "교사 김하늘"},
	};
	for (size_t i = 0; i < sizeof authors / sizeof *authors; i++) {
		cb_diags *d = cb_diags_new();
		cb_case *c = one_field("담당자", authors[i].written, d);
		expect(c, "author", authors[i].credited);
		cb_case_free(c);
		cb_diags_free(d);
	}
}

static void school_levels_from_names(void **state)
{
	static const struct {
		const char *name, *level;
	} cases[] = {
		{"빛고을초등학교", "초"}, {"광주동초", "초"},          {"무등중학교", "중"},
		{"상무여자중학교", "중"}, {"서석고등학교", "고"},      {"광주여고", "고"},
		{"새빛특수학교", "특수"}, {"중앙초등학교", "초"},      {"고려중학교", "중"},
		{"동성중·고등학교", "고"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		cb_document *doc = cb_document_new();
		cb_node *body = cb_document_body(doc);
		char *line;
		assert_true(asprintf(&line, "학교명: %s", cases[i].name) > 0);
		para(body, line);
		free(line);
		sections(body);
		cb_diags *d = cb_diags_new();
		cb_case *c = extract(doc, d);
		if (!cb_case_get(c, "school_level") ||
		    strcmp(cb_case_get(c, "school_level"), cases[i].level) != 0)
			fail_msg("'%s': got %s", cases[i].name, cb_case_get(c, "school_level"));
		cb_case_free(c);
		cb_diags_free(d);
		cb_document_free(doc);
	}
}

static void areas_in_every_spelling(void **state)
{
	static const struct {
		const char *written, *area;
	} cases[] = {
		{"학습", "학습"},
		{"문화·체험", "문화·체험"},  {"문화ㆍ체험", "문화·체험"}, {"문화‧체험", "문화·체험"},
		{"문화・체험", "문화·체험"}, {"문화체험", "문화·체험"},   {"문화 체험", "문화·체험"},
		{"심리·정서", "심리·정서"},  {"심리ㆍ정서", "심리·정서"}, {"심리정서", "심리·정서"},
		{"심리・정서 지원", "심리·정서"},
		{"보건·복지", "보건·복지"},  {"보건ㆍ복지", "보건·복지"}, {"보건복지", "보건·복지"},
		{"보육·복지", "보건·복지"},  {"복지", "보건·복지"},
		{"교육공동체", "교육공동체"}, {"지역사회 연계", "교육공동체"},
		{"지역 연계", "교육공동체"}, {"마을교육공동체", "교육공동체"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		cb_diags *d = cb_diags_new();
		cb_case *c = one_field("영역", cases[i].written, d);
		const char *got = cb_case_get(c, "area");
		if (!got || strcmp(got, cases[i].area) != 0)
			fail_msg("'%s': got %s", cases[i].written, got ? got : "(null)");
		assert_string_equal(cb_case_get(c, "area_original"), cases[i].written);
		cb_case_free(c);
		cb_diags_free(d);
	}
	cb_diags *d = cb_diags_new();
	cb_case *boxes = one_field("영역", "□ 학습 □ 문화ㆍ체험 ■ 심리ㆍ정서 □ 보건·복지", d);
	expect(boxes, "area", "심리·정서");
	expect(boxes, "area_original", "심리ㆍ정서");
	cb_case_free(boxes);
	cb_case *c = one_field("영역", "기타", d);
	expect(c, "area", NULL);
	expect(c, "area_original", "기타");
	assert_true(has_case_diag(c, CB_W_UNKNOWN_AREA, "'기타'"));
	cb_case_free(c);
	cb_diags_free(d);
}

/* --- sections ----------------------------------------------------------------------------- */

static const char *const kinds[] = {"background", "goals", "activities", "outcomes",
                                    "reflections"};
static const char *const titles[] = {"추진 배경", "운영 목표", "운영 내용", "성과",
                                     "시사점 및 제언"};

static void expect_sections(const cb_document *doc, const char *style)
{
	cb_diags *d = cb_diags_new();
	cb_case *c = extract(doc, d);
	if (cb_case_section_count(c) != 5)
		fail_msg("style '%s': %zu sections", style, cb_case_section_count(c));
	for (size_t i = 0; i < 5; i++) {
		const char *kind, *h;
		assert_true(cb_case_section_at(c, i, &kind, &h));
		if (strcmp(kind, kinds[i]) != 0 || !h || strcmp(h, titles[i]) != 0)
			fail_msg("style '%s', section %zu: %s '%s'", style, i, kind, h ? h : "");
	}
	cb_case_free(c);
	cb_diags_free(d);
}

static void sections_under_every_numbering_style(void **state)
{
	/* Each section's number or bullet is put before its title, then the suffix. */
	static const struct {
		const char *before, *after;
		const char *marks[5];
	} styles[] = {
		{"", ". ", {"1", "2", "3", "4", "5"}},     {"", ". ", {"Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ", "Ⅴ"}},
		{"", ". ", {"I", "II", "III", "IV", "V"}}, {"", ". ", {"가", "나", "다", "라", "마"}},
		{"", ") ", {"1", "2", "3", "4", "5"}},     {"", ") ", {"가", "나", "다", "라", "마"}},
		{"(", ") ", {"1", "2", "3", "4", "5"}},    {"", " ", {"①", "②", "③", "④", "⑤"}},
		{"", " ", {"□", "□", "□", "□", "□"}},      {"", " ", {"■", "■", "■", "■", "■"}},
		{"", " ", {"○", "○", "○", "○", "○"}},      {"", "", {"", "", "", "", ""}},
		{"", ".", {"1", "2", "3", "4", "5"}},      {"", " ", {"❍", "❍", "❍", "❍", "❍"}},
	};
	for (size_t s = 0; s < sizeof styles / sizeof *styles; s++) {
		/* As paragraphs (what Word and Hangul users type) and as heading nodes. */
		for (int as_heading = 0; as_heading < 2; as_heading++) {
			cb_document *doc = cb_document_new();
			cb_node *body = cb_document_body(doc);
			para(body, "학교명: 시험초등학교");
			for (size_t i = 0; i < 5; i++) {
				char *line;
				assert_true(asprintf(&line, "%s%s%s%s", styles[s].before, styles[s].marks[i],
				                     styles[s].after, titles[i]) > 0);
				if (as_heading)
					heading(body, 2, line);
				else
					para(body, line);
				free(line);
				para(body, "본문 문장이 여기에 있다.");
			}
			char label[64];
			snprintf(label, sizeof label, "%s%s%s%s", styles[s].before, styles[s].marks[0],
			         styles[s].after, as_heading ? " (heading)" : "");
			expect_sections(doc, label);
			cb_document_free(doc);
		}
	}
	/* Brackets around a heading are numbering too. */
	cb_document *doc = cb_document_new();
	cb_node *body = cb_document_body(doc);
	para(body, "학교명: 시험초등학교");
	const char *bracketed[] = {"[추진 배경]", "【운영 목표】", "<운영 내용>", "〈성과〉",
	                           "[시사점 및 제언]"};
	for (size_t i = 0; i < 5; i++) {
		para(body, bracketed[i]);
		para(body, "본문.");
	}
	expect_sections(doc, "brackets");
	cb_document_free(doc);

	/* Other wordings offices use. */
	static const struct {
		const char *heading, *kind;
	} wordings[] = {
		{"1. 추진 배경 및 필요성", "background"}, {"Ⅰ. 들어가며", "background"},
		{"가. 사례 선정 이유", "background"},     {"3. 세부 추진 내용", "activities"},
		{"Ⅲ. 사례 개입 과정", "activities"},      {"4. 운영 결과 및 성과", "outcomes"},
		{"Ⅳ. 변화된 모습", "outcomes"},           {"5. 향후 발전 방안", "reflections"},
		{"Ⅵ. 맺음말", "reflections"},             {"마치며", "reflections"},
	};
	for (size_t i = 0; i < sizeof wordings / sizeof *wordings; i++) {
		cb_document *one = cb_document_new();
		cb_node *b = cb_document_body(one);
		para(b, "학교명: 시험초등학교");
		para(b, wordings[i].heading);
		para(b, "본문.");
		cb_diags *d = cb_diags_new();
		cb_case *c = extract(one, d);
		const char *kind, *h;
		assert_true(cb_case_section_at(c, 0, &kind, &h));
		if (strcmp(kind, wordings[i].kind) != 0)
			fail_msg("'%s': %s", wordings[i].heading, kind);
		cb_case_free(c);
		cb_diags_free(d);
		cb_document_free(one);
	}
}

static void sub_headings_stay_inside_their_section(void **state)
{
	cb_document *doc = cb_document_new();
	cb_node *body = cb_document_body(doc);
	para(body, "학교명: 시험초등학교");
	heading(body, 1, "Ⅰ. 추진 배경");
	heading(body, 2, "1. 학교 현황");
	para(body, "전교생 300명의 학교이다.");
	heading(body, 1, "Ⅱ. 운영 목표");
	heading(body, 2, "1. 또래와 함께하는 놀이로 관계 맺기");
	heading(body, 1, "Ⅲ. 운영 내용");
	heading(body, 2, "가. 토요 놀이 프로그램");
	heading(body, 2, "나. 보호자 참여 활동");
	heading(body, 1, "Ⅳ. 성과");
	heading(body, 2, "1. 학생의 변화");
	heading(body, 2, "2. 학부모 평가");
	heading(body, 1, "Ⅴ. 시사점 및 향후 과제");
	heading(body, 2, "1. 성과 확산을 위한 과제");
	cb_diags *d = cb_diags_new();
	cb_case *c = extract(doc, d);
	assert_int_equal(cb_case_section_count(c), 5);
	char *json = cb_case_to_json(c);
	assert_non_null(strstr(json, "\"text\": \"1. 학생의 변화\""));
	assert_non_null(strstr(json, "\"text\": \"1. 성과 확산을 위한 과제\""));
	free(json);
	cb_case_free(c);
	cb_diags_free(d);
	cb_document_free(doc);
}

/* --- validation --------------------------------------------------------------------------- */

static void warnings_have_codes(void **state)
{
	cb_document *doc = cb_document_new();
	cb_node *body = cb_document_body(doc);
	para(body, "사례명: 이름 없는 학교의 사례\n기간: 연중\n예산: 미정\n영역: 체험학습");
	sections(body);
	cb_diags *d = cb_diags_new();
	cb_case *c = extract(doc, d);
	assert_true(has_case_diag(c, CB_W_MISSING_FIELD, "'school' (학교명)"));
	assert_true(has_case_diag(c, CB_W_UNPARSABLE, "period '연중'"));
	assert_true(has_case_diag(c, CB_W_UNPARSABLE, "budget '미정'"));
	expect(c, "school", NULL);
	expect(c, "school_level", NULL);
	expect(c, "period.start", NULL);
	expect(c, "period.original", "연중");
	expect(c, "budget_krw", NULL);
	char *json = cb_case_to_json(c);
	assert_non_null(strstr(json, "\"school\": null"));
	assert_non_null(strstr(json, "\"budget_krw\": null"));
	assert_non_null(strstr(json, "\"code\": \"missing-field\""));
	assert_non_null(strstr(json, "\"code\": \"unparsable-value\""));
	free(json);
	cb_case_free(c);
	cb_diags_free(d);
	cb_document_free(doc);
}

static void what_is_not_a_submission(void **state)
{
	cb_document *doc = cb_document_new();
	para(cb_document_body(doc), "회의록\n오늘 회의에서는 급식 일정을 논의하였다.");
	cb_diags *d = cb_diags_new();
	assert_null(cb_case_extract_document(profile, doc, "notes.txt", "text", NULL, 0, d));
	assert_true(cbt_has_diag(d, CB_E_NOT_SUBMISSION, "not a submission"));
	cb_diags_free(d);
	cb_document_free(doc);
}

/* The text reader's output (a text file on disk) takes the same road. */
static void a_text_file_through_its_reader(void **state)
{
	char *dir = cbt_tmpdir("extract-text");
	char *path;
	assert_true(asprintf(&path, "%s/sub.txt", dir) > 0);
	const char text[] = "학교명: 빛고을초등학교\n사례명: 함께 크는 마을\n영역: 교육공동체\n"
	                    "기간: 2026. 3. 2. ~ 7. 17.\n\n1. 추진 배경\n배경 문장이다.\n\n"
	                    "가. 운영 내용\n주 1회 운영하였다.\n";
	assert_true(cbt_write_file(path, text, sizeof text - 1));
	cb_context *ctx = cbt_context();
	cb_diags *d = cb_diags_new();
	cb_case *c = cb_case_extract_file(ctx, profile, path, 0, d);
	if (!c)
		cbt_print_diags(d);
	assert_non_null(c);
	expect(c, "source.format", "text");
	assert_int_equal(strlen(cb_case_get(c, "source.sha256")), 64);
	expect(c, "title", "함께 크는 마을");
	expect(c, "period.end", "2026-07-17");
	assert_int_equal(cb_case_section_count(c), 2);
	assert_int_equal(strncmp(cb_case_get(c, "id"), "case-", 5), 0);
	cb_case_free(c);
	cb_diags_free(d);
	cb_context_free(ctx);
	free(path);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(two_column_table),
		cmocka_unit_test(four_column_table_with_spans),
		cmocka_unit_test(labels_in_a_row_over_values),
		cmocka_unit_test(tables_inside_sections_do_not_override),
		cmocka_unit_test(label_lines_and_bullets),
		cmocka_unit_test(rows_pasted_as_text_and_bracketed_labels),
		cmocka_unit_test(tables_come_before_lines_and_metadata_last),
		cmocka_unit_test(a_framed_submission),
		cmocka_unit_test(officer_status_wordings),
		cmocka_unit_test(a_head_count_of_its_own),
		cmocka_unit_test(authors_are_credited_without_contacts),
		cmocka_unit_test(school_levels_from_names),
		cmocka_unit_test(areas_in_every_spelling),
		cmocka_unit_test(sections_under_every_numbering_style),
		cmocka_unit_test(sub_headings_stay_inside_their_section),
		cmocka_unit_test(warnings_have_codes),
		cmocka_unit_test(what_is_not_a_submission),
		cmocka_unit_test(a_text_file_through_its_reader),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
