/* The value parsers, one form at a time: every date form DOMAIN.md lists (and ranges, and second
 * halves without a year or month), money in won, head counts; and the normaliser they read. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "normalise.h"
#include "values.h"

/* Parses s after full normalisation, as the pipeline does. */
static bool period_of(const char *s, int year, cbi_period *p)
{
	char *n = cbi_normalise(s, strlen(s));
	assert_non_null(n);
	bool ok = cbi_parse_period(n, year, p);
	free(n);
	return ok;
}

static void expect_period(const char *s, const char *start, const char *end)
{
	cbi_period p;
	if (!period_of(s, 0, &p))
		fail_msg("'%s' did not parse", s);
	if (strcmp(p.start, start) != 0 || strcmp(p.end, end) != 0)
		fail_msg("'%s': got %s..%s, want %s..%s", s, p.start, p.end, start, end);
}

static void single_dates_in_every_form(void **state)
{
	const char *forms[] = {"2026. 3. 2.", "2026.03.02.", "2026.3.2", "2026. 3. 2.(월)",
	                       "2026년 3월 2일", "2026년3월2일(월)", "\xE2\x80\x98" "26. 3. 2.",
	                       "'26. 3. 2.", "2026-03-02", "2026/03/02", "26. 3. 2.",
	                       "２０２６．３．２．"};
	for (size_t i = 0; i < sizeof forms / sizeof *forms; i++)
		expect_period(forms[i], "2026-03-02", "2026-03-02");
}

static void ranges_with_every_separator(void **state)
{
	expect_period("2026. 3. 2. ~ 2026. 12. 18.", "2026-03-02", "2026-12-18");
	expect_period("2026. 3. 2.~2026. 12. 18.", "2026-03-02", "2026-12-18");
	expect_period("2026. 3. 2. \xE2\x88\xBC 2026. 12. 18.", "2026-03-02", "2026-12-18"); /* ∼ */
	expect_period("2026. 3. 2. \xE3\x80\x9C 12. 18.", "2026-03-02", "2026-12-18");      /* 〜 */
	expect_period("2026. 3. 2. \xEF\xBD\x9E 12. 18.", "2026-03-02", "2026-12-18");      /* ～ */
	expect_period("2026. 3. 2. - 2026. 12. 18.", "2026-03-02", "2026-12-18");
	expect_period("2026.3.2-12.18", "2026-03-02", "2026-12-18");
	expect_period("2026. 3. 2. \xE2\x80\x93 12. 18.", "2026-03-02", "2026-12-18"); /* – */
	expect_period("2026-03-02 ~ 2026-12-18", "2026-03-02", "2026-12-18");
	expect_period("2026-03-02 - 2026-12-18", "2026-03-02", "2026-12-18");
	expect_period("2026-03-02-2026-12-18", "2026-03-02", "2026-12-18");
	expect_period("2026년 3월 2일 ~ 2026년 12월 18일", "2026-03-02", "2026-12-18");
	expect_period("2026년 3월 2일부터 12월 18일까지", "2026-03-02", "2026-12-18");
	expect_period("'26. 3. 2. ~ '26. 12. 18.", "2026-03-02", "2026-12-18");
	expect_period("2026. 3. 2.(월) ~ 12. 18.(금)", "2026-03-02", "2026-12-18");
	expect_period("2025. 12. 1. ~ 2026. 2. 27.", "2025-12-01", "2026-02-27");
}

static void second_half_omits_year_or_month(void **state)
{
	expect_period("2026. 3. 2. ~ 12. 18.", "2026-03-02", "2026-12-18");
	expect_period("2026.03.02.~12.18.", "2026-03-02", "2026-12-18");
	expect_period("2026년 3월 2일 ~ 12월 18일", "2026-03-02", "2026-12-18");
	expect_period("2026년 3월 2일 ~ 20일", "2026-03-02", "2026-03-20");
	expect_period("2026. 3. 2. ~ 20.", "2026-03-02", "2026-03-20");
	/* An end before the start: the next year when the year was left out (a school year runs
	 * into February), otherwise no end at all (found by fuzz/values). */
	expect_period("2026. 12. 1. ~ 2. 28.", "2026-12-01", "2027-02-28");
	expect_period("2026년 12월 1일 ~ 1월 5일", "2026-12-01", "2027-01-05");
	expect_period("2026. 3. 20. ~ 5.", "2026-03-20", "2026-03-20");
	expect_period("2026. 12. 1. ~ 2026. 2. 28.", "2026-12-01", "2026-12-01");
}

static void months_times_and_surrounding_text(void **state)
{
	expect_period("2026. 3. ~ 2026. 12.", "2026-03-01", "2026-12-31");
	expect_period("2026. 3. ~ 12.", "2026-03-01", "2026-12-31");
	expect_period("2026년 2월 ~ 11월", "2026-02-01", "2026-11-30");
	expect_period("2028년 2월", "2028-02-01", "2028-02-29"); /* a leap year */
	expect_period("2026. 3월 ~ 12월", "2026-03-01", "2026-12-31");
	expect_period("2026. 5. 9.(토) 10:00~12:00", "2026-05-09", "2026-05-09");
	expect_period("매주 토요일 (2026. 3. 7. ~ 12. 19.)", "2026-03-07", "2026-12-19");
	expect_period("1학기 2026. 3. 2. ~ 7. 18.", "2026-03-02", "2026-07-18");
	/* Several ranges make one period; a later single date is a remark. */
	expect_period("1학기: 2026. 3. 2. ~ 7. 17.\n2학기: 2026. 8. 17. ~ 12. 18.", "2026-03-02",
	              "2026-12-18");
	expect_period("2026. 3. 2. ~ 12. 18. (결과 보고 2027. 1. 5.)", "2026-03-02", "2026-12-18");
	expect_period("2026. 3. 2.(월) 발대식, 2026. 3. 7. ~ 12. 19. 매주 토요일 10:00~12:00",
	              "2026-03-02", "2026-12-19");
}

static void a_missing_year_comes_from_the_profile(void **state)
{
	cbi_period p;
	assert_false(period_of("3. 2. ~ 12. 18.", 0, &p));
	assert_true(period_of("3. 2. ~ 12. 18.", 2026, &p));
	assert_string_equal(p.start, "2026-03-02");
	assert_string_equal(p.end, "2026-12-18");
	assert_true(period_of("3월 2일~7월 17일", 2027, &p));
	assert_string_equal(p.start, "2027-03-02");
	assert_string_equal(p.end, "2027-07-17");
}

static void impossible_dates_do_not_parse(void **state)
{
	const char *bad[] = {"연중", "2026. 2. 30.", "2026. 13. 1.", "수시", "", "2026학년도",
	                     "12:00~14:00", "2026. 0. 10."};
	cbi_period p;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (period_of(bad[i], 0, &p))
			fail_msg("'%s' parsed as %s..%s", bad[i], p.start, p.end);
}

static void expect_money(const char *s, long long want)
{
	long long got = -1;
	char *n = cbi_normalise(s, strlen(s));
	bool ok = cbi_parse_money(n, &got);
	free(n);
	if (!ok || got != want)
		fail_msg("'%s': got %lld (%s), want %lld", s, got, ok ? "parsed" : "failed", want);
}

static void money_in_every_form(void **state)
{
	expect_money("1,200,000원", 1200000);
	expect_money("1,200천원", 1200000);
	expect_money("금1,200,000원", 1200000);
	expect_money("금 1,200,000원", 1200000);
	expect_money("1,200,000", 1200000);
	expect_money("1200000원", 1200000);
	expect_money("120만 원", 1200000);
	expect_money("1억 2,000만원", 120000000);
	expect_money("1.5백만원", 1500000);
	expect_money("800천원", 800000);
	expect_money("총 1,500,000원(교육청 1,000,000원, 학교 500,000원)", 1500000);
	expect_money("교육청 1,000,000원, 학교 500,000원 (합계 1,500,000원)", 1500000);
	expect_money("없음", 0);
	expect_money("０원", 0);
	long long v;
	assert_false(cbi_parse_money("미정", &v));
	assert_false(cbi_parse_money("2026년", &v));
}

static void expect_count(const char *s, long want)
{
	long got = -1;
	bool ok = cbi_parse_headcount(s, &got);
	if (!ok || got != want)
		fail_msg("'%s': got %ld (%s), want %ld", s, got, ok ? "parsed" : "failed", want);
}

static void head_counts_inside_a_target(void **state)
{
	expect_count("4~6학년 12명", 12);
	expect_count("1학년 15명", 15);
	expect_count("12명(남 5명, 여 7명)", 12);
	expect_count("4학년 5명, 5학년 7명", 12);
	expect_count("총 20명(학생 12명, 보호자 8명)", 20);
	expect_count("전교생 중 희망자 30여 명", 30);
	expect_count("3~5학년 학생 9 명", 9);
	long n;
	assert_false(cbi_parse_headcount("4~6학년 희망 학생", &n));
	assert_false(cbi_parse_headcount("2학년 1반", &n));
}

static void expect_choice(const char *s, const char *want)
{
	char *n = cbi_normalise(s, strlen(s));
	size_t a, z;
	bool ok = cbi_checked_choice(n, &a, &z);
	if (!want) {
		if (ok)
			fail_msg("'%s' gave '%.*s'", s, (int)(z - a), n + a);
	} else if (!ok || strlen(want) != z - a || memcmp(n + a, want, z - a) != 0) {
		fail_msg("'%s': got '%.*s', want '%s'", s, ok ? (int)(z - a) : 0, ok ? n + a : "",
		         want);
	}
	free(n);
}

static void check_boxes(void **state)
{
	expect_choice("■ 학습 □ 문화·체험 □ 심리·정서", "학습");
	expect_choice("□학습 □문화·체험 ■심리·정서 □보건·복지", "심리·정서");
	expect_choice("☐ 배치 ☑ 미배치(협력형)", "미배치(협력형)");
	expect_choice("☑배치, ☐미배치", "배치");
	expect_choice("(V) 학습 ( ) 문화체험", "학습");
	expect_choice("[ ] 배치교 [v] 협력형", "협력형");
	expect_choice("● 배치 ○ 미배치", "배치");
	expect_choice("학습", NULL);            /* not a row of boxes */
	expect_choice("□ 학습 □ 체험", NULL);   /* nothing ticked */
	expect_choice("■ 학습 ■ 체험", NULL);   /* two ticked */
	expect_choice("김○○ 학생", NULL);
}

static void normalisation_maps_variants(void **state)
{
	/* NFD Hangul (as macOS writes it) composes; every middle dot becomes U+00B7; private-use
	 * glyphs of Hangul map to what they show; white space collapses. */
	const char nfd[] = "\xE1\x84\x86\xE1\x85\xAE\xE1\x86\xAB"; /* 문 decomposed */
	char *n = cbi_normalise(nfd, strlen(nfd));
	assert_string_equal(n, "문");
	free(n);
	const char *dots[] = {"문화·체험", "문화ㆍ체험", "문화‧체험", "문화・체험", "문화･체험"};
	for (size_t i = 0; i < sizeof dots / sizeof *dots; i++) {
		n = cbi_normalise(dots[i], strlen(dots[i]));
		assert_string_equal(n, "문화\xC2\xB7체험");
		free(n);
	}
	const char pua[] = "\xF3\xB0\x8A\xB1 첫째 \xF3\xB0\x8B\xAF 항목 \xF3\xB0\x80\x80끝";
	n = cbi_normalise(pua, strlen(pua));
	assert_string_equal(n, "① 첫째 • 항목 끝");
	free(n);
	const char spaces[] = "  학\xE3\x80\x80교\t\t명 \xC2\xA0:  빛고을\xE2\x80\x8B초 \n\n 둘째 줄  ";
	n = cbi_normalise(spaces, strlen(spaces));
	assert_string_equal(n, "학 교 명 : 빛고을초\n둘째 줄");
	free(n);
	n = cbi_normalise("❍ 목표 ☐ 배경 ●", strlen("❍ 목표 ☐ 배경 ●"));
	assert_string_equal(n, "○ 목표 □ 배경 •");
	free(n);
	/* The light form keeps the school's own dot, and maps back from the full form. */
	char *light = cbi_norm_light("영역: 문화ㆍ체험", strlen("영역: 문화ㆍ체험"));
	char *full = cbi_norm_full(light);
	const char *at = strstr(full, "문화");
	char *slice = cbi_norm_light_slice(light, full, (size_t)(at - full), strlen(full));
	assert_string_equal(slice, "문화ㆍ체험");
	free(slice);
	free(full);
	free(light);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(single_dates_in_every_form),
		cmocka_unit_test(ranges_with_every_separator),
		cmocka_unit_test(second_half_omits_year_or_month),
		cmocka_unit_test(months_times_and_surrounding_text),
		cmocka_unit_test(a_missing_year_comes_from_the_profile),
		cmocka_unit_test(impossible_dates_do_not_parse),
		cmocka_unit_test(money_in_every_form),
		cmocka_unit_test(head_counts_inside_a_target),
		cmocka_unit_test(check_boxes),
		cmocka_unit_test(normalisation_maps_variants),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
