/* Value parsers. Hand-written scanners rather than patterns: each form DOMAIN.md lists differs
 * from the next by one separator or suffix, and the second half of a range inherits what the
 * first half said, which patterns express badly. */
#include "config.h"

#include "values.h"

#include "normalise.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CH_YEAR 0xB144  /* 년 */
#define CH_MONTH 0xC6D4 /* 월 */
#define CH_DAY 0xC77C   /* 일 */
#define CH_PERSON 0xBA85 /* 명 */

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* The code point at s[i] without advancing. */
static uint32_t peek(const char *s, size_t i)
{
	return s[i] ? cbi_utf8_next(s, &i) : 0;
}

static size_t skip_spaces(const char *s, size_t i)
{
	while (s[i] == ' ')
		i++;
	return i;
}

static bool is_apostrophe(uint32_t c)
{
	return c == '\'' || c == 0x2018 || c == 0x2019 || c == 0x2032 || c == '`';
}

/* --- dates -------------------------------------------------------------------------------- */

typedef struct component {
	int value, digits;
	bool apostrophe; /* '26 */
	char unit;       /* 'y', 'm', 'd' from 년, 월, 일; 0 when none */
} component;

typedef struct date_expr {
	component c[3];
	int n;
	char style; /* the separator between numbers: '.', '/', '-' or 0 */
} date_expr;

typedef struct ymd {
	int y, m, d; /* d == 0: the whole month */
} ymd;

/* Reads the numbers of one date at s[*i]: up to three, joined by '.', '/', '-' (only between
 * digits, and only in dash-style dates, since '-' also separates a range) or followed by 년/월/일.
 * True when it read at least one number. */
static bool read_date(const char *s, size_t *pos, date_expr *d)
{
	size_t i = skip_spaces(s, *pos);
	memset(d, 0, sizeof *d);
	while (d->n < 3) {
		component c = {0};
		size_t k = i;
		uint32_t ch = peek(s, k);
		if (is_apostrophe(ch)) {
			cbi_utf8_next(s, &k);
			c.apostrophe = true;
		}
		if (!is_digit(s[k]))
			break;
		while (is_digit(s[k]) && c.digits < 5) {
			c.value = c.value * 10 + (s[k] - '0');
			c.digits++;
			k++;
		}
		if (c.digits > 4 || is_digit(s[k]))
			break;
		size_t after = skip_spaces(s, k), u = after;
		uint32_t unit = peek(s, after);
		if (unit == CH_YEAR || unit == CH_MONTH || unit == CH_DAY) {
			c.unit = unit == CH_YEAR ? 'y' : unit == CH_MONTH ? 'm' : 'd';
			cbi_utf8_next(s, &u);
			k = u;
		}
		d->c[d->n++] = c;
		i = k;
		if (c.unit) {
			size_t next = skip_spaces(s, i);
			if (!is_digit(s[next]) || c.unit == 'd')
				break;
			i = next;
			continue;
		}
		if (d->n == 3) {
			/* The full stop after the day ends the date ("2026. 3. 2."); a dash there
			 * separates a range. */
			if (s[i] == '.' && d->style == '.')
				i++;
			break;
		}
		char sep = s[i];
		bool dash_ok = sep == '-' && (d->style == 0 || d->style == '-') && is_digit(s[i + 1]);
		if (sep == '.' || sep == '/' || dash_ok) {
			if (d->style && d->style != sep)
				break;
			d->style = sep;
			i++;
			if (sep == '-')
				continue;
			size_t next = skip_spaces(s, i);
			if (!is_digit(s[next]))
				break; /* a trailing dot ends the date: "2026. 3. 2." */
			i = next;
			continue;
		}
		break;
	}
	*pos = i;
	return d->n > 0;
}

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && leap(y) ? 29 : days[m - 1];
}

static int full_year(const component *c)
{
	return c->digits <= 2 ? 2000 + c->value : c->value;
}

/* What a date expression means. first is NULL for the first half; for the second half it supplies
 * the parts left out. */
static bool interpret(const date_expr *e, const ymd *first, int default_year, ymd *out)
{
	ymd r = {0, 0, 0};
	bool units = false;
	for (int k = 0; k < e->n; k++)
		units = units || e->c[k].unit;
	if (units) {
		for (int k = 0; k < e->n; k++) {
			const component *c = &e->c[k];
			/* "2026. 3월 ~ 12월": four digits without 년 are still a year. */
			if (c->unit == 'y' || (!c->unit && k == 0 && c->digits == 4))
				r.y = full_year(c);
			else if (c->unit == 'm')
				r.m = c->value;
			else if (c->unit == 'd')
				r.d = c->value;
		}
		if (!r.d && !r.m && !r.y)
			return false;
	} else if (e->n == 3) {
		r = (ymd){full_year(&e->c[0]), e->c[1].value, e->c[2].value};
	} else if (e->n == 2) {
		if (e->c[0].digits == 4 || e->c[0].apostrophe)
			r = (ymd){full_year(&e->c[0]), e->c[1].value, 0};
		else
			r = (ymd){0, e->c[0].value, e->c[1].value};
	} else if (first && !e->c[0].apostrophe && e->c[0].digits <= 2) {
		/* One number after a range separator: a day, or a month when the first half was one. */
		if (first->d)
			r.d = e->c[0].value;
		else
			r.m = e->c[0].value;
	} else {
		return false;
	}
	if (first) {
		if (!r.y)
			r.y = first->y;
		if (!r.m) {
			if (!first->d || !r.d)
				return false;
			r.m = first->m;
		}
	} else {
		if (!r.y)
			r.y = default_year;
		if (!r.m)
			return false;
	}
	if (r.y < 1900 || r.y > 2100 || r.m < 1 || r.m > 12)
		return false;
	if (r.d && (r.d < 1 || r.d > days_in(r.y, r.m)))
		return false;
	*out = r;
	return true;
}

/* Skips what may follow a date before a range separator: spaces, a weekday or other note in
 * parentheses ("(월)"), and times ("10:00"). */
static size_t skip_after_date(const char *s, size_t i)
{
	for (;;) {
		i = skip_spaces(s, i);
		if (s[i] == '(') {
			const char *close = strchr(s + i, ')');
			if (!close || close - (s + i) > 40)
				return i;
			i = (size_t)(close - s) + 1;
			continue;
		}
		if (is_digit(s[i])) {
			size_t k = i;
			while (is_digit(s[k]))
				k++;
			if (k - i <= 2 && s[k] == ':' && is_digit(s[k + 1])) {
				k++;
				while (is_digit(s[k]))
					k++;
				i = k;
				continue;
			}
		}
		return i;
	}
}

static bool is_time_at(const char *s, size_t i)
{
	i = skip_spaces(s, i);
	size_t k = i;
	while (is_digit(s[k]))
		k++;
	return k > i && k - i <= 2 && s[k] == ':' && is_digit(s[k + 1]);
}

/* A range separator at s[i]: its end, or 0. */
static size_t range_separator(const char *s, size_t i)
{
	size_t k = i;
	uint32_t c = peek(s, i);
	if (!c)
		return 0;
	cbi_utf8_next(s, &k);
	switch (c) {
	case '~': case '-': case 0x223C: case 0x301C: case 0xFF5E: case 0x2013: case 0x2014:
	case 0x2015: case 0x2212: case 0x2053:
		return k;
	default:
		break;
	}
	if (strncmp(s + i, "\xEB\xB6\x80\xED\x84\xB0", 6) == 0) /* 부터 */
		return i + 6;
	return 0;
}

static void format_ymd(const ymd *d, bool end, char out[11])
{
	int day = d->d ? d->d : end ? days_in(d->y, d->m) : 1;
	/* interpret() checked the ranges, so the unsigned forms below always fit. */
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)d->y % 10000u, (unsigned)d->m % 100u,
	         (unsigned)day % 100u);
}

static int ymd_compare(const ymd *a, bool a_end, const ymd *b, bool b_end)
{
	char x[11], y[11];
	format_ymd(a, a_end, x);
	format_ymd(b, b_end, y);
	return strcmp(x, y);
}

/* Whether a date expression writes its year, or its month (first: the first half it follows),
 * as interpret() reads them. */
static bool names_year(const date_expr *e)
{
	bool units = false;
	for (int k = 0; k < e->n; k++) {
		units = units || e->c[k].unit;
		if (e->c[k].unit == 'y')
			return true;
	}
	if (units)
		return !e->c[0].unit && e->c[0].digits == 4;
	return e->n == 3 || (e->n == 2 && (e->c[0].digits == 4 || e->c[0].apostrophe));
}

static bool names_month(const date_expr *e, const ymd *first)
{
	bool units = false;
	for (int k = 0; k < e->n; k++) {
		units = units || e->c[k].unit;
		if (e->c[k].unit == 'm')
			return true;
	}
	return !units && (e->n >= 2 || !first->d);
}

/* Tries a period starting at s[p]: the dates (first and last the same for one date), whether
 * it was a range, and where it ended. A second half that would end before the first begins is
 * in the next year when it leaves the year out ("2026. 12. 1. ~ 2. 28.": a school year runs
 * from March to February); otherwise it is no end at all, and the first date stands alone. */
static bool period_at(const char *s, size_t p, int default_year, ymd *from, ymd *to,
                      bool *range, size_t *end)
{
	size_t i = p;
	date_expr a, b;
	if (!read_date(s, &i, &a) || !interpret(&a, NULL, default_year, from))
		return false;
	*to = *from;
	*range = false;
	i = skip_after_date(s, i);
	size_t after = range_separator(s, i);
	if (after && !is_time_at(s, after)) {
		size_t k = after;
		if (!read_date(s, &k, &b) || !interpret(&b, from, default_year, to))
			return false;
		if (ymd_compare(to, true, from, false) < 0) {
			ymd next = *from;
			next.y++;
			if (names_year(&b) || !names_month(&b, from) ||
			    !interpret(&b, &next, default_year, to) ||
			    ymd_compare(to, true, from, false) < 0) {
				*to = *from;
				*end = i;
				return true;
			}
		}
		*range = true;
		i = k;
	}
	*end = i > p ? i : p + 1;
	return true;
}

bool cbi_parse_period(const char *s, int default_year, cbi_period *out)
{
	ymd start = {0, 0, 0}, end = {0, 0, 0};
	bool found = false;
	for (size_t p = 0; s[p];) {
		size_t next = p;
		uint32_t c = cbi_utf8_next(s, &next);
		bool starts = (is_digit(s[p]) && (p == 0 || !is_digit(s[p - 1]))) ||
		              (is_apostrophe(c) && is_digit(s[next]));
		ymd from, to;
		bool range;
		size_t stop;
		if (starts && period_at(s, p, default_year, &from, &to, &range, &stop)) {
			/* The first date or range, widened by every later range ("1학기: 3. 2.~7. 17.
			 * 2학기: 8. 17.~12. 18."); a later single date is a remark (a report date). */
			if (!found) {
				start = from;
				end = to;
				found = true;
			} else if (range) {
				if (ymd_compare(&from, false, &start, false) < 0)
					start = from;
				if (ymd_compare(&to, true, &end, true) > 0)
					end = to;
			}
			p = stop;
			continue;
		}
		p = next;
	}
	if (!found)
		return false;
	format_ymd(&start, false, out->start);
	format_ymd(&end, true, out->end);
	return true;
}

/* --- numbers with units -------------------------------------------------------------------- */

/* A number with thousands commas and an optional fraction at s[*i]: its value. */
static bool read_number(const char *s, size_t *pos, double *value, bool *had_commas)
{
	size_t i = *pos;
	if (!is_digit(s[i]))
		return false;
	double v = 0;
	*had_commas = false;
	for (;;) {
		if (is_digit(s[i]))
			v = v * 10 + (s[i++] - '0');
		else if (s[i] == ',' && is_digit(s[i + 1]) && is_digit(s[i + 2]) && is_digit(s[i + 3]) &&
		         !is_digit(s[i + 4])) {
			*had_commas = true;
			i++;
		} else
			break;
	}
	if (s[i] == '.' && is_digit(s[i + 1])) {
		double scale = 0.1;
		for (i++; is_digit(s[i]); i++, scale /= 10)
			v += (s[i] - '0') * scale;
	}
	*value = v;
	*pos = i;
	return true;
}

/* A Korean numeral unit of money at s[i]: its multiplier and end, or 0. */
static double money_unit(const char *s, size_t i, size_t *end)
{
	static const struct {
		const char *text;
		double mult;
	} units[] = {
		{"\xEC\xB2\x9C\xEB\xA7\x8C", 1e7}, /* 천만 */
		{"\xEB\xB0\xB1\xEB\xA7\x8C", 1e6}, /* 백만 */
		{"\xEC\x96\xB5", 1e8},             /* 억 */
		{"\xEB\xA7\x8C", 1e4},             /* 만 */
		{"\xEC\xB2\x9C", 1e3},             /* 천 */
	};
	for (size_t k = 0; k < sizeof units / sizeof *units; k++) {
		size_t n = strlen(units[k].text);
		if (strncmp(s + i, units[k].text, n) == 0) {
			*end = i + n;
			return units[k].mult;
		}
	}
	return 0;
}

#define WON "\xEC\x9B\x90" /* 원 */

/* Reads an amount at s[*i]: number-unit terms (1억 2,000만원) up to 원. True when it reads like
 * money: it ends in 원, has a unit, or has thousands commas. */
static bool read_amount(const char *s, size_t *pos, long long *won)
{
	size_t i = *pos;
	double total = 0;
	bool money = false, any = false;
	for (;;) {
		double v;
		bool commas;
		size_t k = i;
		if (!read_number(s, &k, &v, &commas))
			break;
		any = true;
		money = money || commas;
		k = skip_spaces(s, k);
		size_t end;
		double mult = money_unit(s, k, &end);
		if (mult > 0) {
			money = true;
			v *= mult;
			k = skip_spaces(s, end);
		}
		total += v;
		i = k;
		if (strncmp(s + i, WON, 3) == 0) {
			i += 3;
			money = true;
			break;
		}
		if (mult == 0)
			break;
		/* 1억 2,000만원: another term may follow a unit. */
		if (!is_digit(s[i]))
			break;
	}
	*pos = i > *pos ? i : *pos + 1;
	/* Past a thousand trillion won it is no budget but a run of digits, and past 2^63 it would
	 * not even convert (found by fuzz/values). */
	if (!any || !money || !(total < 1e15))
		return false;
	*won = (long long)(total + 0.5);
	return true;
}

/* Whether a total marker (총, 합계, 계, 전체) stands just before s[p]. */
static bool total_before(const char *s, size_t p)
{
	static const char *const marks[] = {"\xEC\xB4\x9D",             /* 총 */
	                                    "\xED\x95\xA9\xEA\xB3\x84", /* 합계 */
	                                    "\xEA\xB3\x84",             /* 계 */
	                                    "\xEC\xA0\x84\xEC\xB2\xB4", /* 전체 */
	                                    "\xEC\xB4\x9D\xEC\x95\xA1"}; /* 총액 */
	size_t k = p;
	while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == ':' || s[k - 1] == '('))
		k--;
	for (size_t m = 0; m < sizeof marks / sizeof *marks; m++) {
		size_t n = strlen(marks[m]);
		if (k >= n && strncmp(s + k - n, marks[m], n) == 0)
			return true;
	}
	return false;
}

bool cbi_parse_money(const char *s, long long *won)
{
	bool found = false;
	long long first = 0;
	for (size_t i = 0; s[i];) {
		if (!is_digit(s[i]) || (i > 0 && (is_digit(s[i - 1]) || s[i - 1] == '.'))) {
			i++;
			continue;
		}
		size_t start = i;
		long long v;
		if (read_amount(s, &i, &v)) {
			if (total_before(s, start)) {
				*won = v;
				return true;
			}
			if (!found)
				first = v;
			found = true;
		}
	}
	if (found) {
		*won = first;
		return true;
	}
	/* "없음", "해당 없음": the document says there is no budget. */
	if (strstr(s, "\xEC\x97\x86\xEC\x9D\x8C")) {
		*won = 0;
		return true;
	}
	return false;
}

/* --- head counts -------------------------------------------------------------------------- */

#define MAX_COUNTS 16

bool cbi_parse_headcount(const char *s, long *count)
{
	long counts[MAX_COUNTS];
	int n = 0;
	for (size_t i = 0; s[i] && n < MAX_COUNTS;) {
		if (!is_digit(s[i]) || (i > 0 && is_digit(s[i - 1]))) {
			i++;
			continue;
		}
		size_t start = i;
		long v = 0;
		while (is_digit(s[i]) && v < 1000000)
			v = v * 10 + (s[i++] - '0');
		size_t k = skip_spaces(s, i);
		if (strncmp(s + k, "\xEC\x97\xAC", 3) == 0) /* 10여 명 */
			k = skip_spaces(s, k + 3);
		if (peek(s, k) != CH_PERSON)
			continue;
		if (total_before(s, start)) {
			*count = v;
			return true;
		}
		counts[n++] = v;
	}
	if (n == 0)
		return false;
	long rest = 0;
	for (int k = 1; k < n; k++)
		rest += counts[k];
	if (n == 1 || counts[0] == rest) {
		*count = counts[0];
		return true;
	}
	*count = counts[0] + rest;
	return true;
}

/* --- check boxes -------------------------------------------------------------------------- */

typedef struct box {
	size_t at, after; /* the mark, and where its option's text begins */
	bool checked;
} box;

/* A check box at s[i]: its kind (1 checked, 0 not, -1 no box) and its end. */
static int box_at(const char *s, size_t i, size_t *end)
{
	size_t k = i;
	uint32_t c = cbi_utf8_next(s, &k);
	switch (c) {
	case 0x2611: case 0x2612: case 0x2714: case 0x2713: case 0x25A0: case 0x2022:
	case 0x25A3: case 0x25C9: case 0x2705: /* ☑ ☒ ✔ ✓ ■ • ▣ ◉ ✅ */
		*end = k;
		return 1;
	case 0x25A1: case 0x25CB: case 0x25C7: /* □ ○ ◇ */
		*end = k;
		return 0;
	default:
		break;
	}
	if (c != '(' && c != '[')
		return -1;
	/* (V), [v], (O), ( ○ ) are ticked; ( ), [  ] are not. */
	char close = c == '(' ? ')' : ']';
	k = skip_spaces(s, k);
	if (s[k] == close) {
		*end = k + 1;
		return 0;
	}
	if (!s[k]) /* the text ends inside the box: decoding on would step past its end */
		return -1;
	size_t m = k;
	uint32_t mark = cbi_utf8_next(s, &m);
	m = skip_spaces(s, m);
	if (s[m] == close && (mark == 'V' || mark == 'v' || mark == 'O' || mark == 'o' ||
	                      mark == 0x25CB || mark == 0x2714 || mark == 0x2713)) {
		*end = m + 1;
		return 1;
	}
	return -1;
}

bool cbi_checked_choice(const char *s, size_t *start, size_t *end)
{
	box boxes[16];
	size_t n = 0, checked = 0, which = 0;
	for (size_t i = 0; s[i] && n < 16;) {
		size_t after;
		int kind = box_at(s, i, &after);
		if (kind < 0) {
			cbi_utf8_next(s, &i);
			continue;
		}
		boxes[n] = (box){i, after, kind == 1};
		if (kind == 1) {
			checked++;
			which = n;
		}
		n++;
		i = after;
	}
	if (n < 2 || checked != 1)
		return false;
	size_t a = skip_spaces(s, boxes[which].after);
	size_t z = which + 1 < n ? boxes[which + 1].at : strlen(s);
	while (z > a && strchr(" ,/", s[z - 1]))
		z--;
	if (z <= a)
		return false;
	*start = a;
	*end = z;
	return true;
}
