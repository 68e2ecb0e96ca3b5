/* Value parsers for the profile's value types: date ranges, money in won and head counts. Internal.
 * They read fully normalised text (normalise.h) and know nothing of profiles, so they can be
 * tested alone. */
#ifndef CB_VALUES_H
#define CB_VALUES_H

#include <stdbool.h>
#include <stddef.h>

typedef struct cbi_period {
	char start[11], end[11]; /* YYYY-MM-DD */
} cbi_period;

/* A date or a date range in any form DOMAIN.md lists: 2026. 3. 2. / 2026.03.02. / 2026. 3. 2.(월)
 * / 2026년 3월 2일 / '26. 3. 2. / 2026-03-02, ranges with ~, ∼, 〜, - or 부터...까지, and a
 * second half that omits the year, or the year and month (2026. 3. 2. ~ 12. 18., 3월 2일~20일).
 * A month without a day is the whole month (2026. 3. ~ 12. is 03-01 to 12-31). default_year
 * (0 for none) completes a first half without a year. A single date is a range of one day.
 * False when no valid date is found. */
bool cbi_parse_period(const char *s, int default_year, cbi_period *out);

/* An amount in won: 1,200,000원, 1,200천원, 금1,200,000원, 120만 원, 1억 2,000만원; the total
 * (총/합계/계) when the text names one, otherwise the first amount. "없음" is 0. */
bool cbi_parse_money(const char *s, long long *won);

/* A head count inside a target: 4~6학년 12명 -> 12. The number marked as the total (총, 전체,
 * 계, 합계) when there is one; one count alone; a first count that is the sum of the others
 * (12명(남 5명, 여 7명)); otherwise the sum of every count (4학년 5명, 5학년 7명). */
bool cbi_parse_headcount(const char *s, long *count);

/* In a row of check boxes ("■ 학습 □ 문화·체험", "☑배치 ☐미배치", "(V) 학습 ( ) 체험"), the
 * option checked: *start and *end get its text's offsets in s (fully normalised). False when s is
 * no such row, or when none or several options are checked. */
bool cbi_checked_choice(const char *s, size_t *start, size_t *end);

#endif
