/* Privacy: every context in which a student's or a guardian's name is found, consistency within a
 * case, numbers removed, authors credited without their phone number (or masked when the profile
 * says so), counts by kind, words that only look like names, and the guarantee: a build's outputs
 * and report hold none of the masked values, anywhere. */
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
	cb_diags_free(d);
	return profile ? 0 : -1;
}

static int teardown(void **state)
{
	cb_profile_free(profile);
	return 0;
}

static const char header[] = "학교명: 빛고을초등학교\n사례명: 마음을 여는 토요 놀이터\n"
                             "영역: 심리·정서\n기간: 2026. 3. 2. ~ 12. 18.\n"
                             "담당자: 교육복지사 김하늘 (010-0000-1234, sky@example.org)\n\n";

/* A case from the header and body text, through the text reader. */
static cb_case *case_of(const cb_profile *p, const char *body, unsigned flags, char **json)
{
	char *dir = cbt_tmpdir("privacy-case"), *path, *text;
	assert_true(asprintf(&path, "%s/sub.txt", dir) > 0);
	assert_true(asprintf(&text, "%s1. 추진 배경\n%s\n", header, body) > 0);
	assert_true(cbt_write_file(path, text, strlen(text)));
	cb_context *ctx = cbt_context();
	cb_diags *d = cb_diags_new();
	cb_case *c = cb_case_extract_file(ctx, p, path, flags, d);
	if (!c)
		cbt_print_diags(d);
	assert_non_null(c);
	*json = cb_case_to_json(c);
	assert_non_null(*json);
	cb_diags_free(d);
	cb_context_free(ctx);
	free(text);
	free(path);
	free(dir);
	return c;
}

static void expect_masked(const char *context, const char *name, const char *mask,
                          const char *kind)
{
	char *json;
	cb_case *c = case_of(profile, context, 0, &json);
	if (strstr(json, name))
		fail_msg("'%s' leaked from '%s'", name, context);
	if (!strstr(json, mask))
		fail_msg("'%s' not masked as '%s' in '%s'", name, mask, context);
	assert_int_equal(cb_case_redactions(c, kind), 1);
	free(json);
	cb_case_free(c);
}

static void student_names_in_every_context(void **state)
{
	expect_masked("김민준 학생이 처음 참여하였다.", "김민준", "김○○ 학생", "student_name");
	expect_masked("이서연학생은 그림을 좋아한다.", "이서연", "이○○학생", "student_name");
	expect_masked("대상 학생 박지호는 말수가 적었다.", "박지호", "박○○는", "student_name");
	expect_masked("김민준(5학년)은 매주 참여하였다.", "김민준", "김○○(5학년)", "student_name");
	expect_masked("최도윤(초5)이 발표하였다.", "최도윤", "최○○(초5)", "student_name");
	expect_masked("정우진 군은 리더 역할을 맡았다.", "정우진", "정○○ 군", "student_name");
	expect_masked("강하은 양이 편지를 읽었다.", "강하은", "강○○ 양", "student_name");
	expect_masked("남궁민수 학생도 함께했다.", "남궁민수", "남궁○○ 학생", "student_name");
	expect_masked("처음에 민준이는 말이 없었다.", "민준이", "○○이는", "student_name");
	expect_masked("서연이가 먼저 손을 들었다.", "서연이", "○○이가", "student_name");
	expect_masked("김민준 어머니와 통화하였다.", "김민준", "김○○ 어머니", "student_name");
	expect_masked("서하윤(가명)은 단짝 친구와 함께 왔다.", "서하윤", "서○○(가명)",
	              "student_name");
}

static void guardian_names(void **state)
{
	expect_masked("보호자 박영희 씨와 상담하였다.", "박영희", "보호자 박○○ 씨", "guardian_name");
	expect_masked("어머니 최수진 님이 참여하였다.", "최수진", "어머니 최○○ 님", "guardian_name");
	expect_masked("할머니 윤복순께서 오셨다.", "윤복순", "할머니 윤○○께서", "guardian_name");
	expect_masked("아버지 한상철은 야간 근무를 한다.", "한상철", "아버지 한○○은", "guardian_name");
}

/* A name found once is masked everywhere in the case, its given name too. */
static void masking_is_consistent_within_a_case(void **state)
{
	char *json;
	cb_case *c = case_of(profile,
	                     "처음 만난 날 김민준은 말이 없었다.\n"
	                     "3주째에 김민준 학생이 친구에게 먼저 말을 걸었다.\n"
	                     "민준이가 웃었고, 김민준의 보호자도 기뻐하였다.",
	                     0, &json);
	assert_null(strstr(json, "김민준"));
	assert_null(strstr(json, "민준이"));
	assert_non_null(strstr(json, "김○○은 말이 없었다"));
	assert_non_null(strstr(json, "○○이가 웃었고"));
	assert_non_null(strstr(json, "김○○의 보호자"));
	assert_int_equal(cb_case_redactions(c, "student_name"), 1);
	free(json);
	cb_case_free(c);
	/* "민준이 어머니" is the same child, not a 민씨 named 준이. */
	c = case_of(profile, "1학년 김민준 학생은 받침을 어려워했다. 민준이 어머니도 함께 읽었다.", 0,
	            &json);
	assert_non_null(strstr(json, "○○이 어머니도"));
	assert_int_equal(cb_case_redactions(c, "student_name"), 1);
	free(json);
	cb_case_free(c);
}

static void numbers_are_removed(void **state)
{
	char *json;
	cb_case *c = case_of(profile,
	                     "보호자 연락처 010-0000-5678, 학교 (062)000-1234, 010 0000 9999로 안내.\n"
	                     "해외 번호 +82-10-0000-4321, 교무실 062-000-5555.\n"
	                     "메일 parent.kim@example.com 으로 보냈다.\n"
	                     "주민등록번호 150101-3000000 은 받지 않는다. 150101-3****** 도.\n"
	                     "주소: 광주광역시 북구 어딘가로 1",
	                     0, &json);
	const char *gone[] = {"010-0000-5678", "000-1234", "0000 9999", "0000-4321", "000-5555",
	                      "parent.kim@example.com",
	                      "150101-3000000", "150101-3******", "어딘가로"};
	for (size_t i = 0; i < sizeof gone / sizeof *gone; i++)
		if (strstr(json, gone[i]))
			fail_msg("'%s' leaked", gone[i]);
	assert_non_null(strstr(json, "[전화번호]"));
	assert_non_null(strstr(json, "[이메일]"));
	assert_non_null(strstr(json, "[주민등록번호]"));
	assert_non_null(strstr(json, "주소: [주소]"));
	/* The author's phone and e-mail (in the header) count too. */
	assert_int_equal(cb_case_redactions(c, "phone"), 6);
	assert_int_equal(cb_case_redactions(c, "email"), 2);
	assert_int_equal(cb_case_redactions(c, "rrn"), 2);
	assert_int_equal(cb_case_redactions(c, "address"), 1);
	free(json);
	cb_case_free(c);
}

static void authors_keep_their_name_but_never_their_phone(void **state)
{
	char *json;
	cb_case *c = case_of(profile, "교육복지사 김하늘 선생님이 김민준 학생을 만났다.", 0, &json);
	assert_string_equal(cb_case_get(c, "author"), "교육복지사 김하늘");
	assert_non_null(strstr(json, "\"author\": \"교육복지사 김하늘\""));
	assert_non_null(strstr(json, "교육복지사 김하늘 선생님이"));
	assert_null(strstr(json, "010-0000-1234"));
	assert_null(strstr(json, "sky@example.org"));
	assert_int_equal(cb_case_redactions(c, "author_name"), 0);
	free(json);
	cb_case_free(c);

	/* A profile that masks authors too. */
	char *default_path = cbt_src_path("data/profile-default.xml");
	char *text = cbt_read_file(default_path, NULL);
	free(default_path);
	assert_non_null(text);
	char *at = strstr(text, "mask-author=\"false\"");
	assert_non_null(at);
	memcpy(at, "mask-author=\"true\" ", 19);
	char *dir = cbt_tmpdir("privacy-profile"), *path;
	assert_true(asprintf(&path, "%s/masking.xml", dir) > 0);
	assert_true(cbt_write_file(path, text, strlen(text)));
	cb_diags *d = cb_diags_new();
	cb_profile *masking = cb_profile_load(path, d);
	if (!masking)
		cbt_print_diags(d);
	assert_non_null(masking);
	c = case_of(masking, "교육복지사 김하늘 선생님이 안내하였다.", 0, &json);
	assert_string_equal(cb_case_get(c, "author"), "교육복지사 김○○");
	assert_null(strstr(json, "김하늘"));
	assert_int_equal(cb_case_redactions(c, "author_name"), 1);
	free(json);
	cb_case_free(c);
	cb_profile_free(masking);
	cb_diags_free(d);
	free(path);
	free(dir);
	free(text);
}

static void words_that_only_look_like_names(void **state)
{
	char *json;
	cb_case *c = case_of(profile,
	                     "초등학생과 중학생, 고등학생 모두 참여했다. 전체 학생 중 정서 지원이 "
	                     "필요한 학생을 골랐다. 어린이는 놀이를 좋아한다. 고양이를 그렸다. "
	                     "학생 상담을 하였다. 다문화 학생 6명과 한부모 학생이 있다.",
	                     0, &json);
	const char *kept[] = {"초등학생", "중학생", "고등학생", "전체 학생", "정서 지원이",
	                      "어린이는", "고양이를", "학생 상담을", "한부모 학생"};
	for (size_t i = 0; i < sizeof kept / sizeof *kept; i++)
		if (!strstr(json, kept[i]))
			fail_msg("'%s' was masked", kept[i]);
	assert_int_equal(cb_case_redactions(c, "student_name"), 0);
	free(json);
	cb_case_free(c);
}

static void no_redact_keeps_everything_and_says_so(void **state)
{
	char *json;
	cb_case *c = case_of(profile, "김민준 학생, 보호자 010-0000-5678.", CB_BUILD_NO_REDACT,
	                     &json);
	assert_non_null(strstr(json, "김민준 학생"));
	assert_non_null(strstr(json, "010-0000-5678"));
	assert_true(cbt_has_diag(cb_case_diags(c), CB_W_NOT_REDACTED, "--no-redact"));
	assert_int_equal(cb_case_redactions(c, "student_name"), 0);
	/* Even then the author is credited without a phone number. */
	assert_string_equal(cb_case_get(c, "author"), "교육복지사 김하늘");
	free(json);
	cb_case_free(c);
}

/* --- the guarantee, over a whole build ------------------------------------------------------ */

static char *join(const char *dir, const char *name)
{
	char *p;
	assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
	return p;
}

static void write_submission(const char *dir, const char *name, const char *school,
                             const char *body)
{
	char *path = join(dir, name), *text;
	assert_true(asprintf(&text,
	                     "학교명: %s\n사례명: %s의 사례\n영역: 학습\n기간: 2026. 4. 1. ~ 7. 17.\n"
	                     "담당자: 교사 오세훈 (010-0000-7777)\n대상: 김도현 학생 외 5명\n\n"
	                     "1. 추진 배경\n%s\n",
	                     school, school, body) > 0);
	assert_true(cbt_write_file(path, text, strlen(text)));
	free(text);
	free(path);
}

static void no_masked_value_reaches_any_output(void **state)
{
	char *dir = cbt_tmpdir("privacy-build");
	char *in = join(dir, "in");
	char *mk;
	assert_true(asprintf(&mk, "mkdir -p '%s'", in) > 0);
	assert_int_equal(system(mk), 0);
	free(mk);
	write_submission(in, "a.txt", "빛고을초등학교",
	                 "보호자 박영희 씨(010-0000-1111)와 김도현 학생의 변화를 나누었다.\n"
	                 "도현이는 parent.park@example.com 으로 편지를 보냈다.\n"
	                 "주민등록번호 150101-3000000 이 서류에 적혀 있었다.");
	/* The second case names the first one's student without any context: the build's mask
	 * still catches it. Its file name holds a student's name too. */
	write_submission(in, "b_이서연_상담.txt", "무등중학교",
	                 "이서연(2학년) 학생과 김도현이 함께 봉사하였다. 어머니 최수진 님도 왔다.");
	char *out = join(dir, "out");
	char *errs = NULL, *stdout_text = NULL;
	int status = cbt_run_cli((const char *const[]){"build", in, "-o", out, NULL}, NULL, 0,
	                         &stdout_text, NULL, &errs);
	if (status != 0)
		fprintf(stderr, "%s", errs);
	assert_int_equal(status, 0);
	const char *secrets[] = {"김도현", "도현이", "박영희", "이서연", "최수진",
	                         "010-0000-1111", "010-0000-7777", "parent.park@example.com",
	                         "150101-3000000"};
	const char *outputs[] = {"casebook.json", "casebook.xml", "report.json", "report.txt"};
	for (size_t o = 0; o < 4; o++) {
		char *path = join(out, outputs[o]);
		char *text = cbt_read_file(path, NULL);
		assert_non_null(text);
		for (size_t s = 0; s < sizeof secrets / sizeof *secrets; s++)
			if (strstr(text, secrets[s]))
				fail_msg("'%s' leaked into %s", secrets[s], outputs[o]);
		free(text);
		free(path);
	}
	/* The author is credited; the masks are there. */
	char *cbpath = join(out, "casebook.json");
	char *cbjson = cbt_read_file(cbpath, NULL);
	free(cbpath);
	assert_non_null(strstr(cbjson, "\"author\": \"교사 오세훈\""));
	assert_non_null(strstr(cbjson, "김○○ 학생 외 5명"));
	assert_non_null(strstr(cbjson, "b_이○○_상담.txt"));
	assert_non_null(strstr(cbjson, "\"student_name\": 2"));
	free(cbjson);
	free(errs);
	free(stdout_text);
	free(out);
	free(in);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(student_names_in_every_context),
		cmocka_unit_test(guardian_names),
		cmocka_unit_test(masking_is_consistent_within_a_case),
		cmocka_unit_test(numbers_are_removed),
		cmocka_unit_test(authors_keep_their_name_but_never_their_phone),
		cmocka_unit_test(words_that_only_look_like_names),
		cmocka_unit_test(no_redact_keeps_everything_and_says_so),
		cmocka_unit_test(no_masked_value_reaches_any_output),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
