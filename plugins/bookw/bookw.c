/* Reading a casebook document for the writers that lay it out (see bookw.h). */
#include "config.h"

#include "bookw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NO_AREA "미분류"
#define NO_LEVEL "미상"

bool bookw_is_div(const cb_node *n, const char *cls)
{
	const char *c = cb_div_class(n);
	return cb_node_get_kind(n) == CB_NODE_DIV && c && strcmp(c, cls) == 0;
}

bool bookw_is_casebook(const cb_document *doc)
{
	const cb_node *body = cb_document_body_const(doc);
	for (const cb_node *n = cb_node_first_child(body); n; n = cb_node_next(n))
		if (bookw_is_div(n, "case"))
			return true;
	return false;
}

const char *bookw_level_name(const char *level)
{
	static const char *const names[][2] = {
		{"초", "초등학교"}, {"중", "중학교"}, {"고", "고등학교"}, {"특수", "특수학교"}};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(level, names[i][0]) == 0)
			return names[i][1];
	return level;
}

const char *bookw_year(const cb_document *doc, size_t *len)
{
	const char *year = cb_document_meta(doc, "year");
	if (year && *year) {
		*len = strlen(year);
		return year;
	}
	const char *created = cb_document_meta(doc, "created");
	if (created && strlen(created) >= 4 && strspn(created, "0123456789") >= 4) {
		*len = 4;
		return created;
	}
	return NULL;
}

const char *bookw_case_area(const cb_node *div)
{
	const char *a = cb_div_attr(div, "area");
	return a ? a : NO_AREA;
}

const char *bookw_case_level(const cb_node *div)
{
	const char *l = cb_div_attr(div, "school_level");
	return l ? l : NO_LEVEL;
}

/* --- the field table ------------------------------------------------------------------------ */

/* "2026. 3. 3." for "2026-03-03"; other text as it is. */
static char *official_date(const char *iso)
{
	int y, m, d;
	char end, *out;
	if (strlen(iso) == 10 && sscanf(iso, "%4d-%2d-%2d%c", &y, &m, &d, &end) == 3)
		return asprintf(&out, "%d. %d. %d.", y, m, d) < 0 ? NULL : out;
	return strdup(iso);
}

/* "1,800,000원" for "1800000"; other text as it is. */
static char *won(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 30 || strspn(s, "0123456789") != n)
		return strdup(s);
	char *out = malloc(n + n / 3 + sizeof "원");
	if (!out)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = s[i];
	}
	strcpy(out + o, "원");
	return out;
}

static char *period(const cb_node *div)
{
	const char *start = cb_div_attr(div, "period_start"), *end = cb_div_attr(div, "period_end");
	if (!start || !end)
		return strdup(cb_div_attr(div, "period_original"));
	char *a = official_date(start), *b = official_date(end), *out = NULL;
	if (a && b && asprintf(&out, "%s ~ %s", a, b) < 0)
		out = NULL;
	free(a);
	free(b);
	return out;
}

static char *area(const cb_node *div)
{
	const char *a = cb_div_attr(div, "area"), *original = cb_div_attr(div, "area_original");
	char *out;
	if (a && original && strcmp(a, original) != 0)
		return asprintf(&out, "%s (%s)", a, original) < 0 ? NULL : out;
	return strdup(a ? a : original);
}

static char *officer(const cb_node *div)
{
	const char *o = cb_div_attr(div, "officer");
	return strdup(strcmp(o, "assigned") == 0 ? "배치" : "미배치");
}

int bookw_case_fields(const cb_node *div, bookw_field out[BOOKW_MAX_FIELDS])
{
	const char *o = cb_div_attr(div, "officer");
	const struct {
		const char *label;
		bool present;
		char *(*make)(const cb_node *div); /* NULL: the attribute as it is */
		const char *key;
	} rows[] = {
		{"학교", cb_div_attr(div, "school") != NULL, NULL, "school"},
		{"영역", cb_div_attr(div, "area") || cb_div_attr(div, "area_original"), area, NULL},
		{"대상", cb_div_attr(div, "target") != NULL, NULL, "target"},
		{"기간", (cb_div_attr(div, "period_start") && cb_div_attr(div, "period_end")) ||
		             cb_div_attr(div, "period_original"), period, NULL},
		{"장소", cb_div_attr(div, "place") != NULL, NULL, "place"},
		{"예산", cb_div_attr(div, "budget_krw") != NULL, NULL, "budget_krw"},
		{"협력기관", cb_div_attr(div, "partners") != NULL, NULL, "partners"},
		{"교육복지사", o && (strcmp(o, "assigned") == 0 || strcmp(o, "none") == 0), officer,
		 NULL},
		{"담당", cb_div_attr(div, "author") != NULL, NULL, "author"},
	};
	int n = 0;
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
		if (!rows[i].present)
			continue;
		char *value;
		if (rows[i].make)
			value = rows[i].make(div);
		else if (strcmp(rows[i].key, "budget_krw") == 0)
			value = won(cb_div_attr(div, rows[i].key));
		else
			value = strdup(cb_div_attr(div, rows[i].key));
		if (!value) {
			bookw_fields_free(out, n);
			return -1;
		}
		out[n].label = rows[i].label;
		out[n++].value = value;
	}
	return n;
}

void bookw_fields_free(bookw_field *f, int n)
{
	for (int i = 0; i < n; i++)
		free(f[i].value);
}

/* --- statistics ------------------------------------------------------------------------- */

static bool count_add(bookw_counts *c, const char *name, size_t n)
{
	for (size_t i = 0; i < c->count; i++)
		if (strcmp(c->names[i], name) == 0) {
			c->counts[i] += n;
			return true;
		}
	const char **names = realloc(c->names, (c->count + 1) * sizeof *names);
	if (names)
		c->names = names;
	size_t *counts = realloc(c->counts, (c->count + 1) * sizeof *counts);
	if (counts)
		c->counts = counts;
	if (!names || !counts)
		return false;
	c->names[c->count] = name;
	c->counts[c->count++] = n;
	return true;
}

void bookw_counts_free(bookw_counts *c)
{
	free(c->names);
	free(c->counts);
	*c = (bookw_counts){0};
}

/* The statistics' keys with that prefix, in order, at zero. */
static bool keys(const cb_node *stats, const char *prefix, bookw_counts *c)
{
	const char *key, *value;
	size_t plen = strlen(prefix);
	bool ok = true;
	for (size_t i = 0; ok && stats && cb_div_attr_at(stats, i, &key, &value); i++)
		if (strncmp(key, prefix, plen) == 0 && key[plen])
			ok = count_add(c, key + plen, 0);
	return ok;
}

bool bookw_statistics(const cb_document *doc, bookw_counts *areas, bookw_counts *levels,
                      bookw_counts *officers)
{
	*areas = *levels = *officers = (bookw_counts){0};
	const cb_node *body = cb_document_body_const(doc), *stats = NULL;
	for (const cb_node *n = cb_node_first_child(body); n && !stats; n = cb_node_next(n))
		if (bookw_is_div(n, "statistics"))
			stats = n;
	bool ok = keys(stats, "area:", areas) && keys(stats, "level:", levels) &&
	          count_add(officers, "배치", 0) && count_add(officers, "미배치", 0);
	size_t unknown = 0;
	for (const cb_node *n = cb_node_first_child(body); ok && n; n = cb_node_next(n)) {
		if (!bookw_is_div(n, "case"))
			continue;
		const char *o = cb_div_attr(n, "officer");
		ok = count_add(areas, bookw_case_area(n), 1) &&
		     count_add(levels, bookw_case_level(n), 1);
		if (o && strcmp(o, "assigned") == 0)
			officers->counts[0]++;
		else if (o && strcmp(o, "none") == 0)
			officers->counts[1]++;
		else
			unknown++;
	}
	return ok && (!unknown || count_add(officers, NO_LEVEL, unknown));
}
