/* The text reader: encodings and their detection, replacement warnings with their lines, line
 * endings, paragraphs, the headings of Korean official documents, binary and markup inputs that
 * are not text, inputs larger than a read, and limits. Each test reads bytes and compares the
 * resulting tree, serialised compactly ("H1[1. 추진 배경]P[line|line]"), with the expected one. */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "testutil.h"

#define FFFD "\xEF\xBF\xBD"

static cb_context *ctx;      /* every plugin of the build tree */
static cb_context *ctx_text; /* the text reader alone, so detection tests depend on no other */
static cb_diags *diags;

static int setup(void **state)
{
	ctx = cbt_context();
	ctx_text = cb_context_new();
	diags = cb_diags_new();
	if (!ctx || !ctx_text || !diags)
		return -1;
	const cb_plugin *text = cb_context_find_plugin(ctx, CB_PLUGIN_READER, "text");
	if (!text)
		return -1;
	return cb_context_register(ctx_text, cb_plugin_get_descriptor(text), diags) == CB_OK ? 0 : -1;
}

static int teardown(void **state)
{
	cb_diags_free(diags);
	cb_context_free(ctx_text); /* first: it borrows the descriptor ctx loaded */
	cb_context_free(ctx);
	return 0;
}

static int clear_diags(void **state)
{
	cb_diags_clear(diags);
	return 0;
}

/* --- helpers ----------------------------------------------------------------------------- */

static void put_inlines(FILE *f, const cb_node *parent)
{
	for (const cb_node *n = cb_node_first_child(parent); n; n = cb_node_next(n)) {
		if (cb_node_get_kind(n) == CB_NODE_TEXT)
			fputs(cb_text_get(n, NULL), f);
		else if (cb_node_get_kind(n) == CB_NODE_BREAK)
			fputc('|', f);
		else
			fprintf(f, "<%s>", cb_node_kind_name(cb_node_get_kind(n)));
	}
}

/* The body as "H<level>[text]" and "P[line|line]"; any other node shows as "<kind>". */
static char *tree(const cb_document *doc)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);
	assert_non_null(f);
	const cb_node *body = cb_document_body_const(doc);
	for (const cb_node *n = cb_node_first_child(body); n; n = cb_node_next(n)) {
		cb_node_kind kind = cb_node_get_kind(n);
		if (kind == CB_NODE_HEADING)
			fprintf(f, "H%d[", cb_heading_level(n));
		else if (kind == CB_NODE_PARAGRAPH)
			fputs("P[", f);
		else {
			fprintf(f, "<%s>", cb_node_kind_name(kind));
			continue;
		}
		put_inlines(f, n);
		fputc(']', f);
	}
	assert_int_equal(fclose(f), 0);
	return s;
}

/* Reads bytes with the named reader (NULL: by detection) in a context; NULL on failure. */
static cb_document *read_in(cb_context *c, const void *data, size_t len, const char *reader)
{
	cb_diags_clear(diags);
	return cb_read_memory(c, "sub.txt", data, len, reader, diags);
}

/* Reads with the text reader, which must succeed, and returns the serialised tree. */
static char *read_tree(const void *data, size_t len)
{
	cb_document *doc = read_in(ctx, data, len, "text");
	if (!doc)
		cbt_print_diags(diags);
	assert_non_null(doc);
	char *s = tree(doc);
	cb_document_free(doc);
	return s;
}

static void assert_reads_as(const void *data, size_t len, const char *want)
{
	char *got = read_tree(data, len);
	assert_string_equal(got, want);
	free(got);
}

/* UTF-8 text converted with iconv (a prefix such as a byte order mark first); caller frees. */
static char *convert(const char *to, const char *prefix, size_t prefix_len, const char *utf8,
                     size_t *len)
{
	iconv_t cd = iconv_open(to, "UTF-8");
	assert_true(cd != (iconv_t)-1);
	size_t in_left = strlen(utf8), cap = prefix_len + 4 * in_left + 8, out_left = cap - prefix_len;
	char *out = malloc(cap), *ip = (char *)utf8;
	assert_non_null(out);
	memcpy(out, prefix, prefix_len);
	char *op = out + prefix_len;
	assert_int_equal(iconv(cd, &ip, &in_left, &op, &out_left), 0);
	iconv_close(cd);
	*len = (size_t)(op - out);
	return out;
}

static size_t count_code(cb_code code)
{
	size_t n = 0;
	for (size_t i = 0; i < cb_diags_count(diags); i++)
		n += cb_diag_code(cb_diags_at(diags, i)) == code;
	return n;
}

/* The i-th record with this code (which must exist). */
static const cb_diag *nth_with_code(cb_code code, size_t i)
{
	size_t seen = 0;
	for (size_t k = 0; k < cb_diags_count(diags); k++)
		if (cb_diag_code(cb_diags_at(diags, k)) == code && seen++ == i)
			return cb_diags_at(diags, k);
	cbt_print_diags(diags);
	fail_msg("no record %zu with code %s", i, cb_code_name(code));
	return NULL;
}

static void assert_warning(size_t i, unsigned long line, const char *text)
{
	const cb_diag *d = nth_with_code(CB_W_ENCODING, i);
	assert_int_equal(cb_diag_severity(d), CB_SEV_WARNING);
	assert_int_equal(cb_diag_line(d), line);
	if (!strstr(cb_diag_message(d), text))
		fail_msg("warning '%s' lacks '%s'", cb_diag_message(d), text);
}

static void assert_encoding_note(const char *text)
{
	assert_int_equal(count_code(CB_N_DETECTED), 1);
	const cb_diag *d = nth_with_code(CB_N_DETECTED, 0);
	assert_int_equal(cb_diag_severity(d), CB_SEV_NOTE);
	if (!strstr(cb_diag_message(d), text))
		fail_msg("note '%s' lacks '%s'", cb_diag_message(d), text);
}

/* --- encodings --------------------------------------------------------------------------- */

static void utf8_without_bom(void **state)
{
	const char in[] = "학교명: 빛고을초등학교\n사례명: 함께 크는 마을\n\n본문 첫 줄\n";
	assert_reads_as(in, sizeof in - 1, "P[학교명: 빛고을초등학교|사례명: 함께 크는 마을]P[본문 첫 줄]");
	assert_encoding_note("encoding: UTF-8");
	assert_int_equal(cb_diags_count_at_least(diags, CB_SEV_WARNING), 0);
	/* Detection picks the text reader for it among all readers. */
	cb_document *doc = read_in(ctx, in, sizeof in - 1, NULL);
	assert_non_null(doc);
	cb_document_free(doc);
}

static void utf8_bom_is_not_text(void **state)
{
	const char in[] = "\xEF\xBB\xBF첫 줄\n둘째";
	assert_reads_as(in, sizeof in - 1, "P[첫 줄|둘째]");
	assert_encoding_note("UTF-8 (with byte order mark)");
	assert_int_equal(cb_diags_count_at_least(diags, CB_SEV_WARNING), 0);
}

static void utf16le_with_bom(void **state)
{
	size_t len;
	char *in = convert("UTF-16LE", "\xFF\xFE", 2, "가나 다\r\n\r\n1. 제목\r\n끝 😀", &len);
	assert_reads_as(in, len, "P[가나 다]H1[1. 제목]P[끝 😀]");
	assert_encoding_note("UTF-16LE");
	assert_int_equal(cb_diags_count_at_least(diags, CB_SEV_WARNING), 0);
	cb_document *doc = read_in(ctx_text, in, len, NULL);
	assert_non_null(doc);
	cb_document_free(doc);
	free(in);
}

static void utf16be_with_bom(void **state)
{
	size_t len;
	char *in = convert("UTF-16BE", "\xFE\xFF", 2, "가나 다\n\n가. 세부\n끝", &len);
	assert_reads_as(in, len, "P[가나 다]H1[가. 세부]P[끝]");
	assert_encoding_note("UTF-16BE");
	free(in);
}

static void cp949_is_detected(void **state)
{
	/* 똠 exists only in CP949's extension, not in EUC-KR. */
	size_t len;
	char *in = convert("CP949", "", 0,
	                   "학교명: 무등중학교\n1. 추진 배경\n기초학력 진단에서 도움이 필요한 학생이 "
	                   "늘었다.\n똠방각하\n",
	                   &len);
	const char *want = "P[학교명: 무등중학교]H1[1. 추진 배경]"
	                   "P[기초학력 진단에서 도움이 필요한 학생이 늘었다.|똠방각하]";
	assert_reads_as(in, len, want);
	assert_encoding_note("encoding: CP949");
	assert_int_equal(cb_diags_count_at_least(diags, CB_SEV_WARNING), 0);
	cb_document *doc = read_in(ctx_text, in, len, NULL);
	assert_non_null(doc);
	char *got = tree(doc);
	assert_string_equal(got, want);
	free(got);
	cb_document_free(doc);
	free(in);
}

static void euc_kr_reads_as_cp949(void **state)
{
	size_t len;
	char *in = convert("EUC-KR", "", 0, "가. 운영 내용\n주 1회 상담을 운영하였다.\n", &len);
	assert_reads_as(in, len, "H1[가. 운영 내용]P[주 1회 상담을 운영하였다.]");
	assert_encoding_note("encoding: CP949");
	free(in);
}

static void invalid_utf8_is_replaced_and_its_line_named(void **state)
{
	const char in[] = "one\ntwo\nth\xFF"
	                  "ree\nfour\n";
	assert_reads_as(in, sizeof in - 1, "P[one|two|th" FFFD "ree|four]");
	assert_int_equal(count_code(CB_W_ENCODING), 1);
	assert_warning(0, 3, "invalid UTF-8 byte 0xFF replaced with U+FFFD");
	assert_encoding_note("UTF-8");

	/* A sequence cut short is one replacement; a CRLF before it counts as one line break. (The
	 * bytes are chosen to be no CP949 either, which short inputs could otherwise pass for.) */
	const char cut[] = "a\r\nb\xF0\x9F\x98"
	                   "c";
	assert_reads_as(cut, sizeof cut - 1, "P[a|b" FFFD "c]");
	assert_warning(0, 2, "invalid UTF-8 sequence 0xF0 0x9F 0x98");

	/* Past U+10FFFF, surrogates and overlong forms are not UTF-8 (and one warning per line). */
	const char beyond[] = "x\xF4\x90\x80\x80y\xED\xA0\x80z\xC0\xAF!";
	assert_reads_as(beyond, sizeof beyond - 1,
	                "P[x" FFFD FFFD FFFD FFFD "y" FFFD FFFD FFFD "z" FFFD FFFD "!]");
	assert_int_equal(count_code(CB_W_ENCODING), 1);

	/* Cut by the end of the input. */
	const char end[] = "abc\n\xF0\x9F\x98";
	assert_reads_as(end, sizeof end - 1, "P[abc|" FFFD "]");
	assert_warning(0, 2, "incomplete UTF-8 sequence 0xF0 0x9F 0x98 at the end of the input");
}

/* Whether this iconv decodes bytes as CP949. */
static bool cp949_decodes(const char *bytes, size_t len)
{
	iconv_t cd = iconv_open("UTF-8", "CP949");
	char out[16], *ip = (char *)bytes, *op = out;
	size_t il = len, ol = sizeof out;
	bool ok = iconv(cd, &ip, &il, &op, &ol) != (size_t)-1;
	iconv_close(cd);
	return ok;
}

static void put(char *buf, size_t *len, const char *s, size_t n)
{
	memcpy(buf + *len, s, n);
	*len += n;
}

static void put_cp949(char *buf, size_t *len, const char *utf8)
{
	size_t n;
	char *s = convert("CP949", "", 0, utf8, &n);
	put(buf, len, s, n);
	free(s);
}

static void invalid_cp949_is_replaced(void **state)
{
	/* 0xFF is never a CP949 byte; A2 F0 is a pair of the EUC-KR area with no character; A2 E8
	 * is one that glibc steps over before it fails, which the reader must undo (if this glibc
	 * knows a character there, the test uses A2 F0 instead). */
	const char *pair = cp949_decodes("\xA2\xE8", 2) ? "\xA2\xF0" : "\xA2\xE8";
	char in[512];
	size_t len = 0;
	put_cp949(in, &len, "가나다라마바사아자차카타파하가나다라마바사아자차카타파하"
	                    "가나다라마바사아자차카타파하\n둘째 ");
	put(in, &len, "\xFF", 1);
	put_cp949(in, &len, " 끝\n셋째");
	put(in, &len, pair, 2);
	put_cp949(in, &len, "넷\n");
	put(in, &len, "\xA2\xF0", 2);
	assert_reads_as(in, len,
	                "P[가나다라마바사아자차카타파하가나다라마바사아자차카타파하"
	                "가나다라마바사아자차카타파하|둘째 " FFFD " 끝|셋째" FFFD "넷|" FFFD "]");
	assert_encoding_note("encoding: CP949");
	assert_int_equal(count_code(CB_W_ENCODING), 3);
	assert_warning(0, 2, "invalid CP949 byte 0xFF");
	assert_warning(1, 3, pair[1] == '\xE8' ? "invalid CP949 sequence 0xA2 0xE8"
	                                      : "invalid CP949 sequence 0xA2 0xF0");
	assert_warning(2, 4, "invalid CP949 sequence 0xA2 0xF0");
}

static void unpaired_utf16_surrogates_are_replaced(void **state)
{
	/* a D800 b \n DC00 c \n d D83D DE00 (a pair) e D800 (cut by the end) */
	const char in[] = "\xFF\xFE"
	                  "a\0\x00\xD8"
	                  "b\0\n\0\x00\xDC"
	                  "c\0\n\0d\0\x3D\xD8\x00\xDE"
	                  "e\0\x00\xD8";
	assert_reads_as(in, sizeof in - 1, "P[a" FFFD "b|" FFFD "c|d😀e" FFFD "]");
	assert_int_equal(count_code(CB_W_ENCODING), 3);
	assert_warning(0, 1, "unpaired UTF-16 surrogate 0xD800");
	assert_warning(1, 2, "unpaired UTF-16 surrogate 0xDC00");
	assert_warning(2, 3, "incomplete UTF-16LE sequence 0x00 0xD8 at the end of the input");

	/* A NUL code unit is no reason to call UTF-16 binary. */
	const char nul[] = "\xFE\xFF\0a\0\0\0b";
	assert_reads_as(nul, sizeof nul - 1, "P[ab]");
}

static void further_warnings_are_capped(void **state)
{
	char in[100 * 6];
	for (int i = 0; i < 100; i++)
		memcpy(in + 6 * i, "x\xFFy\xFEz\n", 6);
	char *got = read_tree(in, sizeof in);
	assert_int_equal(count_code(CB_W_ENCODING), 21);
	for (size_t i = 0; i < 20; i++)
		assert_warning(i, i + 1, "invalid UTF-8 byte 0xFF");
	assert_warning(20, 21, "further invalid bytes not reported");
	const char start[] = "P[x" FFFD "y" FFFD "z|x" FFFD;
	assert_memory_equal(got, start, sizeof start - 1);
	free(got);
}

/* --- lines and paragraphs ---------------------------------------------------------------- */

static void line_endings_give_identical_trees(void **state)
{
	const char *inputs[] = {"a\nb\n\nc\n", "a\r\nb\r\n\r\nc\r\n", "a\rb\r\rc\r", "a\nb\r\n\rc"};
	for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++)
		assert_reads_as(inputs[i], strlen(inputs[i]), "P[a|b]P[c]");
}

static void blank_lines_separate_paragraphs(void **state)
{
	const char in[] = "  이름: 홍길동  \n\t학년: 3\xE3\x80\x80\n \t \xE3\x80\x80\n\n"
	                  "\xE3\x80\x80다음   문단\n\n\n";
	assert_reads_as(in, sizeof in - 1, "P[이름: 홍길동|학년: 3]P[다음   문단]");
	assert_reads_as("\n\n   \n", 4, "");
}

static void lines_longer_than_the_buffer(void **state)
{
	size_t n = 100000;
	char *in = malloc(3 * n + 64), *want = malloc(3 * n + 64);
	assert_non_null(in);
	assert_non_null(want);
	/* A line of 300 kB with trailing white space, then another line. */
	size_t len = 0;
	for (size_t i = 0; i < n; i++)
		put(in, &len, "가", 3);
	memcpy(want, "P[", 2);
	memcpy(want + 2, in, len);
	strcpy(want + 2 + len, "|다음]");
	const char tail[] = "  \t\xE3\x80\x80\n다음";
	put(in, &len, tail, sizeof tail - 1);
	assert_reads_as(in, len, want);

	/* A blank line of 100 kB still separates paragraphs, and indentation of any length is
	 * dropped before a heading. */
	len = 0;
	put(in, &len, "첫째\n", strlen("첫째\n"));
	memset(in + len, ' ', n);
	len += n;
	put(in, &len, "\n둘째\n", strlen("\n둘째\n"));
	memset(in + len, ' ', n);
	len += n;
	put(in, &len, "1. 제목\n", strlen("1. 제목\n"));
	assert_reads_as(in, len, "P[첫째]P[둘째]H1[1. 제목]");
	free(in);
	free(want);
}

/* --- headings ---------------------------------------------------------------------------- */

static void every_marker_kind_is_a_heading(void **state)
{
	const char in[] = "Ⅰ. 서론\n1. 추진 배경\n□ 현황\n가. 세부 내용\n1) 첫째\n가) 둘째\n"
	                  "(1) 셋째\n(가) 넷째\n① 다섯째\nII. 본론\n■ 요약\n⑮ 열다섯째\n"
	                  "Ⅻ.열둘\nXIV. 열넷\n본문입니다.\n";
	assert_reads_as(in, sizeof in - 1,
	                "H1[Ⅰ. 서론]H2[1. 추진 배경]H3[□ 현황]H4[가. 세부 내용]H5[1) 첫째]"
	                "H6[가) 둘째]H7[(1) 셋째]H8[(가) 넷째]H9[① 다섯째]H1[II. 본론]H3[■ 요약]"
	                "H9[⑮ 열다섯째]H1[Ⅻ.열둘]H1[XIV. 열넷]P[본문입니다.]");
}

static void levels_are_renumbered_densely(void **state)
{
	const char in[] = "1. 개요\n내용 첫 줄\n가. 세부\n나. 다음\n\n2. 결론\n";
	assert_reads_as(in, sizeof in - 1, "H1[1. 개요]P[내용 첫 줄]H2[가. 세부]H2[나. 다음]H1[2. 결론]");
	const char deep[] = "(1) 하나\n① 둘\n(2) 셋";
	assert_reads_as(deep, sizeof deep - 1, "H1[(1) 하나]H2[① 둘]H1[(2) 셋]");
	/* The layout of the example submissions: □ sections with ○ items as lines. */
	const char box[] = "□ 추진 배경\n문화 체험 기회가 적었다.\n\n□ 운영 내용\n○ 5월: 탐방\n○ 7월: 관람\n";
	assert_reads_as(box, sizeof box - 1,
	                "H1[□ 추진 배경]P[문화 체험 기회가 적었다.]H1[□ 운영 내용]P[○ 5월: 탐방|○ 7월: 관람]");
	const char roman[] = "Ⅰ. 추진 배경\n본문\nⅡ. 운영 목표\n1. 관계 맺기\n가. 놀이\n";
	assert_reads_as(roman, sizeof roman - 1,
	                "H1[Ⅰ. 추진 배경]P[본문]H1[Ⅱ. 운영 목표]H2[1. 관계 맺기]H3[가. 놀이]");
}

static void a_heading_ends_the_paragraph(void **state)
{
	const char in[] = "본문 첫 줄\n1. 제목\n본문 둘째 줄";
	assert_reads_as(in, sizeof in - 1, "P[본문 첫 줄]H1[1. 제목]P[본문 둘째 줄]");
}

static void sentences_are_not_headings(void **state)
{
	static const char *const prose[] = {
		"1. 우리 학교는 2024년에 새로운 돌봄 프로그램을 시작하여 학생과 학부모 모두에게 큰 "
		"호응을 얻었다.",
		"2. 상담을 주 1회 운영하였다",
		"가. 이것이 질문입니까?",
		"1) 준비물:",
		"(가) 끝났다!",
		"1.5배 증가",
		"(1)",
		"2024. 3. 2. 운영 시작",
		"IIII. 네 번째",
		"VIVID. 단어",
		"I.e. 예를 들면",
		"3. 가나다라마바사아자차카타파하가나다라마바사아자차카타파하가나다라마바사아자차카타"
		"파하가나다라마바사아자",
	};
	for (size_t i = 0; i < sizeof prose / sizeof *prose; i++) {
		char *want;
		assert_true(asprintf(&want, "P[%s]", prose[i]) > 0);
		assert_reads_as(prose[i], strlen(prose[i]), want);
		free(want);
	}
	/* Fifty characters after the marker are still a title. */
	const char fifty[] = "3. 가나다라마바사아자차카타파하가나다라마바사아자차카타파하가나다라마바사아"
	                     "자차카타파하가나다라마바사아";
	char *want;
	assert_true(asprintf(&want, "H1[%s]", fifty) > 0);
	assert_reads_as(fifty, sizeof fifty - 1, want);
	free(want);
}

/* --- what is not text -------------------------------------------------------------------- */

static void nul_bytes_mean_binary(void **state)
{
	const char in[] = "첫 줄\n둘\0째 줄\n";
	assert_null(read_in(ctx_text, in, sizeof in - 1, NULL));
	assert_true(cbt_has_diag(diags, CB_E_UNRECOGNISED, "unrecognised format"));
	assert_null(read_in(ctx, in, sizeof in - 1, "text"));
	assert_int_equal(count_code(CB_E_UNSUPPORTED), 1);
	const cb_diag *d = nth_with_code(CB_E_UNSUPPORTED, 0);
	assert_int_equal(cb_diag_severity(d), CB_SEV_ERROR);
	assert_int_equal(cb_diag_line(d), 2);
	assert_string_equal(cb_diag_message(d), "contains NUL bytes (binary data, not text)");
}

static void markup_is_not_claimed(void **state)
{
	static const char *const markup[] = {
		"<?xml version=\"1.0\"?>\n<doc/>",
		"<!DOCTYPE html><html></html>",
		"\n  <html lang=\"ko\">\n<body>본문</body>",
		"<!-- 주석 -->",
		"\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?><hml/>",
		"{\\rtf1\\ansi 본문}",
		"%PDF-1.7\n",
	};
	for (size_t i = 0; i < sizeof markup / sizeof *markup; i++) {
		assert_null(read_in(ctx_text, markup[i], strlen(markup[i]), NULL));
		assert_true(cbt_has_diag(diags, CB_E_UNRECOGNISED, "unrecognised format"));
	}
	size_t len;
	char *utf16 = convert("UTF-16LE", "\xFF\xFE", 2, "<?xml version=\"1.0\"?><a/>", &len);
	assert_null(read_in(ctx_text, utf16, len, NULL));
	free(utf16);
	/* Angle brackets around Korean words are text. */
	const char text[] = "<요약> 본문\n";
	cb_document *doc = read_in(ctx_text, text, sizeof text - 1, NULL);
	assert_non_null(doc);
	char *got = tree(doc);
	assert_string_equal(got, "P[<요약> 본문]");
	free(got);
	cb_document_free(doc);
}

static void empty_input_is_an_empty_document(void **state)
{
	static const char *const inputs[] = {"", "\xEF\xBB\xBF", "\xFF\xFE", " \n\t\n"};
	for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
		size_t len = strlen(inputs[i]);
		cb_document *doc = read_in(ctx_text, inputs[i], len, NULL);
		assert_non_null(doc);
		assert_null(cb_node_first_child(cb_document_body_const(doc)));
		assert_int_equal(cb_document_meta_count(doc), 0);
		cb_document_free(doc);
		assert_reads_as(inputs[i], len, "");
	}
}

/* The example submissions of the source tree, one per encoding, read cleanly with headings. */
static void example_submissions_read_cleanly(void **state)
{
	static const struct {
		const char *file, *encoding, *heading;
	} examples[] = {
		{"빛고을초등학교_사례.txt", "encoding: UTF-8", "H1[Ⅰ. 추진 배경]"},
		{"무등중학교_사례_cp949.txt", "encoding: CP949", "H1[1. 추진 배경]"},
		{"서석고등학교_사례_utf16.txt", "encoding: UTF-16LE", "H1[□ 추진 배경]"},
	};
	for (size_t i = 0; i < sizeof examples / sizeof *examples; i++) {
		char *rel, *path;
		assert_true(asprintf(&rel, "examples/submissions/%s", examples[i].file) > 0);
		assert_non_null(path = cbt_src_path(rel));
		cb_diags_clear(diags);
		cb_document *doc = cb_read_file(ctx, path, NULL, diags);
		if (!doc)
			cbt_print_diags(diags);
		assert_non_null(doc);
		assert_encoding_note(examples[i].encoding);
		assert_int_equal(cb_diags_count_at_least(diags, CB_SEV_WARNING), 0);
		char *got = tree(doc);
		if (!strstr(got, examples[i].heading))
			fail_msg("%s: no %s in %s", examples[i].file, examples[i].heading, got);
		free(got);
		cb_document_free(doc);
		free(path);
		free(rel);
	}
}

/* --- large inputs and limits ------------------------------------------------------------- */

/* Over 1 MiB of text in which a multi-byte character straddles every 4096-byte boundary (so every
 * read boundary of any chunk size that is a multiple of 4 KiB), with lines of ASCII between. mb
 * lists the characters to place in turn, each with the offset of its first byte before the
 * boundary; an odd number of them lets each kind meet boundaries of every power of two. */
typedef struct straddler {
	const char *bytes;
	size_t len, before;
} straddler;

static char *big_input(const char *bom, size_t bom_len, const char *unit, size_t unit_len,
                       const char *nl, const straddler *mb, size_t nmb, size_t *out_len)
{
	size_t cap = (1u << 20) + (64u << 10);
	char *s = malloc(cap);
	assert_non_null(s);
	memcpy(s, bom, bom_len);
	size_t len = bom_len, units = 0;
	for (size_t k = 0; len < (1u << 20); k++) {
		const straddler *m = &mb[k % nmb];
		size_t at = (len / 4096 + 1) * 4096 - m->before;
		if (at < len)
			at += 4096;
		size_t after_mb = len;
		while (len < at) {
			/* Line feeds never touch a straddler: "\r\n" + "\n" would make a blank line. */
			bool nl_ok = len != after_mb && len + unit_len != at;
			memcpy(s + len, ++units % 97 == 0 && nl_ok ? nl : unit, unit_len);
			len += unit_len;
		}
		assert_int_equal(len, at);
		memcpy(s + len, m->bytes, m->len);
		len += m->len;
	}
	*out_len = len;
	return s;
}

/* What a big input must read as: its glibc conversion with line feeds as breaks. */
static char *big_expected(const char *from, const char *s, size_t len)
{
	iconv_t cd = iconv_open("UTF-8", from);
	assert_true(cd != (iconv_t)-1);
	size_t out_cap = 2 * len + 8, out_left = out_cap;
	char *out = malloc(out_cap + 3), *op = out + 2, *ip = (char *)s;
	assert_non_null(out);
	out_left -= 2;
	memcpy(out, "P[", 2);
	assert_int_equal(iconv(cd, &ip, &len, &op, &out_left), 0);
	iconv_close(cd);
	*op++ = ']';
	*op = '\0';
	char *w = out;
	for (const char *c = out; *c; c++)
		if (*c != '\r')
			*w++ = *c == '\n' ? '|' : *c;
	if (w - out >= 2 && w[-2] == '|') { /* a line feed that ends the input ends no line */
		w[-2] = ']';
		w--;
	}
	*w = '\0';
	return out;
}

static void check_big(const char *from, const char *bom, size_t bom_len, const char *unit,
                      size_t unit_len, const char *nl, const straddler *mb, size_t nmb)
{
	size_t len;
	char *in = big_input(bom, bom_len, unit, unit_len, nl, mb, nmb, &len);
	char *want = big_expected(from, in + bom_len, len - bom_len);
	char *got = read_tree(in, len);
	assert_int_equal(cb_diags_count_at_least(diags, CB_SEV_WARNING), 0);
	assert_true(strcmp(got, want) == 0);
	free(got);
	/* The same from a file, which the host reads with pread rather than from memory. */
	char *dir = cbt_tmpdir("text-reader-big"), *path;
	assert_non_null(dir);
	assert_true(asprintf(&path, "%s/big.txt", dir) > 0);
	assert_true(cbt_write_file(path, in, len));
	cb_diags_clear(diags);
	cb_document *doc = cb_read_file(ctx, path, "text", diags);
	assert_non_null(doc);
	got = tree(doc);
	assert_true(strcmp(got, want) == 0);
	free(got);
	cb_document_free(doc);
	free(path);
	free(dir);
	free(want);
	free(in);
}

static void big_utf8_with_characters_across_reads(void **state)
{
	const straddler mb[] = {{"가", 3, 1}, {"가", 3, 2}, {"😀", 4, 1}, {"😀", 4, 2}, {"😀", 4, 3}};
	check_big("UTF-8", "", 0, "a", 1, "\n", mb, 5);
	/* CRLF split by the boundary must stay one line break. */
	const straddler crlf[] = {{"\r\n", 2, 1}, {"나", 3, 2}, {"\r\n", 2, 1}};
	check_big("UTF-8", "", 0, "b", 1, "\n", crlf, 3);
}

static void big_cp949_with_characters_across_reads(void **state)
{
	const straddler mb[] = {{"\xB0\xA1", 2, 1}, {"\x8C\x63", 2, 1}, {"\xA4\xA1", 2, 1}}; /* 가똠ㄱ */
	check_big("CP949", "", 0, "a", 1, "\n", mb, 3);
	assert_encoding_note("CP949");
}

static void big_utf16_with_characters_across_reads(void **state)
{
	/* A surrogate pair split between its halves; a character of two bytes cannot straddle. */
	const straddler mb[] = {{"\x3D\xD8\x00\xDE", 4, 2}}; /* 😀 */
	check_big("UTF-16LE", "\xFF\xFE", 2, "a\0", 2, "\n\0", mb, 1);
}

static void node_limit_is_an_error(void **state)
{
	cb_context *small = cbt_context();
	assert_non_null(small);
	cb_context_set_limit(small, CB_LIMIT_NODES, 10);
	char in[200];
	for (int i = 0; i < 50; i++)
		memcpy(in + 4 * i, "x\n\n\n", 4);
	cb_diags_clear(diags);
	assert_null(cb_read_memory(small, "sub.txt", in, sizeof in, "text", diags));
	assert_true(cbt_has_diag(diags, CB_E_LIMIT, "max-nodes"));
	cb_context_free(small);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(utf8_without_bom, clear_diags),
		cmocka_unit_test_setup(utf8_bom_is_not_text, clear_diags),
		cmocka_unit_test_setup(utf16le_with_bom, clear_diags),
		cmocka_unit_test_setup(utf16be_with_bom, clear_diags),
		cmocka_unit_test_setup(cp949_is_detected, clear_diags),
		cmocka_unit_test_setup(euc_kr_reads_as_cp949, clear_diags),
		cmocka_unit_test_setup(invalid_utf8_is_replaced_and_its_line_named, clear_diags),
		cmocka_unit_test_setup(invalid_cp949_is_replaced, clear_diags),
		cmocka_unit_test_setup(unpaired_utf16_surrogates_are_replaced, clear_diags),
		cmocka_unit_test_setup(further_warnings_are_capped, clear_diags),
		cmocka_unit_test_setup(line_endings_give_identical_trees, clear_diags),
		cmocka_unit_test_setup(blank_lines_separate_paragraphs, clear_diags),
		cmocka_unit_test_setup(lines_longer_than_the_buffer, clear_diags),
		cmocka_unit_test_setup(every_marker_kind_is_a_heading, clear_diags),
		cmocka_unit_test_setup(levels_are_renumbered_densely, clear_diags),
		cmocka_unit_test_setup(a_heading_ends_the_paragraph, clear_diags),
		cmocka_unit_test_setup(sentences_are_not_headings, clear_diags),
		cmocka_unit_test_setup(nul_bytes_mean_binary, clear_diags),
		cmocka_unit_test_setup(markup_is_not_claimed, clear_diags),
		cmocka_unit_test_setup(empty_input_is_an_empty_document, clear_diags),
		cmocka_unit_test_setup(example_submissions_read_cleanly, clear_diags),
		cmocka_unit_test_setup(big_utf8_with_characters_across_reads, clear_diags),
		cmocka_unit_test_setup(big_cp949_with_characters_across_reads, clear_diags),
		cmocka_unit_test_setup(big_utf16_with_characters_across_reads, clear_diags),
		cmocka_unit_test_setup(node_limit_is_an_error, clear_diags),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
