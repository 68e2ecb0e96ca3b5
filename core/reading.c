/* The casebook for writers that know nothing of cases (Markdown): what the casebook-aware
 * writers draw from the cases' attributes is spelt out as ordinary blocks.
 *
 *   # title                     then "2026 · 사례 14편"
 *   ## 통계                      the counts by area, by school level and by officer as tables
 *   ## area                     for each area, in the casebook's order
 *   ### case title              a table of its fields (항목 | 내용)
 *   #### section heading        its blocks; their own headings go below it (##### and deeper)
 *
 * Values are written for people: dates in the official form (2026. 3. 2.), the budget grouped
 * in won, the officer status in words. Everything was masked before it got here. */
#include "config.h"

#include "blocks.h"
#include "publish.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_div(const cb_node *n, const char *cls)
{
	const char *c = cb_div_class(n);
	return cb_node_get_kind(n) == CB_NODE_DIV && c && strcmp(c, cls) == 0;
}

static char *same_line(const void *data, const char *text)
{
	(void)data;
	return strdup(text);
}

static bool text_block(cb_node *n, const char *text)
{
	return n && cb_add_text(n, text, (size_t)-1, 0) == 0;
}

static bool row(cb_node *table, const char *label, const char *value, bool header)
{
	cb_node *r = cb_add_row(table);
	return r && text_block(cb_add_paragraph(cb_add_cell(r, 1, 1, header)), label) &&
	       text_block(cb_add_paragraph(cb_add_cell(r, 1, 1, header)), value);
}

/* --- the field table ------------------------------------------------------------------------ */

static char *official_date(const char *iso)
{
	int y, m, d;
	char end, *out;
	if (strlen(iso) == 10 && sscanf(iso, "%4d-%2d-%2d%c", &y, &m, &d, &end) == 3)
		return asprintf(&out, "%d. %d. %d.", y, m, d) < 0 ? NULL : out;
	return strdup(iso);
}

static char *won(const char *digits)
{
	size_t n = strlen(digits);
	if (n == 0 || n > 30 || strspn(digits, "0123456789") != n)
		return strdup(digits);
	char *out = malloc(n + n / 3 + sizeof "원");
	if (!out)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	strcpy(out + o, "원");
	return out;
}

/* The value of one row of a case's field table, or NULL (with *nomem false) when the case has
 * none. */
static char *field_value(const cb_node *c, const char *key, bool *nomem)
{
	const char *v = cb_div_attr(c, key);
	char *out = NULL;
	if (strcmp(key, "period") == 0) {
		const char *start = cb_div_attr(c, "period_start"), *end = cb_div_attr(c, "period_end");
		if (start && end) {
			char *a = official_date(start), *b = official_date(end);
			if (!a || !b || asprintf(&out, "%s ~ %s", a, b) < 0)
				out = NULL;
			free(a);
			free(b);
			*nomem = !out;
			return out;
		}
		v = cb_div_attr(c, "period_original");
	} else if (strcmp(key, "area") == 0) {
		const char *original = cb_div_attr(c, "area_original");
		if (v && original && strcmp(v, original) != 0) {
			*nomem = asprintf(&out, "%s (%s)", v, original) < 0;
			return *nomem ? NULL : out;
		}
		v = v ? v : original;
	} else if (strcmp(key, "officer") == 0) {
		v = !v ? NULL : strcmp(v, "assigned") == 0 ? "배치" : strcmp(v, "none") == 0 ? "미배치"
		                                                                           : NULL;
	} else if (v && strcmp(key, "budget_krw") == 0) {
		out = won(v);
		*nomem = !out;
		return out;
	}
	if (!v)
		return NULL;
	out = strdup(v);
	*nomem = !out;
	return out;
}

static bool field_table(cb_node *body, const cb_node *c)
{
	static const char *const rows[][2] = {
		{"학교", "school"},   {"영역", "area"},         {"대상", "target"},
		{"기간", "period"},   {"장소", "place"},        {"예산", "budget_krw"},
		{"협력기관", "partners"}, {"교육복지사", "officer"}, {"담당", "author"}};
	cb_node *table = cb_add_table(body);
	bool ok = table && row(table, "항목", "내용", true);
	for (size_t i = 0; ok && i < sizeof rows / sizeof *rows; i++) {
		bool nomem = false;
		char *v = field_value(c, rows[i][1], &nomem);
		ok = !nomem && (!v || row(table, rows[i][0], v, false));
		free(v);
	}
	return ok;
}

/* --- statistics ------------------------------------------------------------------------- */

/* "초등학교" for "초"; areas and other names as they are. */
static const char *level_name(const char *level)
{
	static const char *const names[][2] = {
		{"초", "초등학교"}, {"중", "중학교"}, {"고", "고등학교"}, {"특수", "특수학교"}};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(level, names[i][0]) == 0)
			return names[i][1];
	return level;
}

static bool count_table(cb_node *body, const cb_node *stats, const char *prefix,
                        const char *title)
{
	cb_node *table = cb_add_table(body);
	bool ok = table && row(table, title, "사례 수", true);
	size_t plen = strlen(prefix);
	const char *key, *value;
	for (size_t i = 0; ok && cb_div_attr_at(stats, i, &key, &value); i++)
		if (strncmp(key, prefix, plen) == 0)
			ok = row(table, level_name(key + plen), value, false);
	return ok;
}

static bool statistics(cb_node *body, const cb_node *book_body, const cb_node *stats)
{
	size_t assigned = 0, none = 0, all = 0;
	for (const cb_node *c = cb_node_first_child(book_body); c; c = cb_node_next(c)) {
		if (!is_div(c, "case"))
			continue;
		const char *o = cb_div_attr(c, "officer");
		all++;
		assigned += o && strcmp(o, "assigned") == 0;
		none += o && strcmp(o, "none") == 0;
	}
	char a[32], n[32], u[32];
	snprintf(a, sizeof a, "%zu", assigned);
	snprintf(n, sizeof n, "%zu", none);
	snprintf(u, sizeof u, "%zu", all - assigned - none);
	cb_node *officers;
	return text_block(cb_add_heading(body, 2), "통계") &&
	       count_table(body, stats, "area:", "영역") &&
	       count_table(body, stats, "level:", "학교급") && (officers = cb_add_table(body)) &&
	       row(officers, "교육복지사", "사례 수", true) && row(officers, "배치", a, false) &&
	       row(officers, "미배치", n, false) &&
	       (all == assigned + none || row(officers, "미상", u, false));
}

/* --- cases ----------------------------------------------------------------------------- */

/* Copies a block to the end of parent, putting the headings it becomes at least at level
 * floor. */
static bool copy_block(cb_document *doc, cb_node *parent, const cb_node *b, int floor)
{
	cbi_copy how = {same_line, NULL, NULL, NULL};
	const cb_node *before = cb_node_last_child(parent);
	if (!cbi_copy_block(parent, b, &how))
		return false;
	for (const cb_node *n = before ? cb_node_next(before) : cb_node_first_child(parent); n;
	     n = cb_node_next(n))
		if (cb_heading_level(n) && cb_heading_level(n) < floor)
			cb_heading_set_level(cb_node_mut(doc, n), floor);
	return true;
}

/* The blocks a case becomes, appended to body (the document's, or a division standing for it). */
static bool one_case(cb_document *doc, cb_node *body, const cb_node *c)
{
	const char *title = cb_div_attr(c, "title");
	const cb_node *n = cb_node_first_child(c);
	if (n && cb_node_get_kind(n) == CB_NODE_HEADING)
		n = cb_node_next(n);
	if (!text_block(cb_add_heading(body, 3), title ? title : cb_div_attr(c, "id")) ||
	    !field_table(body, c))
		return false;
	for (; n; n = cb_node_next(n)) {
		if (!is_div(n, "section")) {
			if (!copy_block(doc, body, n, 5))
				return false;
			continue;
		}
		const cb_node *s = cb_node_first_child(n);
		const char *heading = cb_div_attr(n, "heading");
		if (s && cb_node_get_kind(s) == CB_NODE_HEADING)
			s = cb_node_next(s);
		if (heading && !text_block(cb_add_heading(body, 4), heading))
			return false;
		for (; s; s = cb_node_next(s))
			if (!copy_block(doc, body, s, 5))
				return false;
	}
	return true;
}

/* The reading copy of book; with outline (book being a casebook's head), each case is left as an
 * empty division of class "case" where its blocks are to go. */
static bool rewrite(cb_document *doc, const cb_document *book, bool outline)
{
	const char *key, *value;
	for (size_t i = 0; cb_document_meta_at(book, i, &key, &value); i++)
		if (cb_document_set_meta(doc, key, value) != 0)
			return false;
	const cb_node *book_body = cb_document_body_const(book);
	cb_node *body = cb_document_body(doc);
	const char *title = cb_document_meta(book, "title"), *year = cb_document_meta(book, "year");
	size_t ncases = 0;
	for (const cb_node *n = cb_node_first_child(book_body); n; n = cb_node_next(n))
		ncases += is_div(n, "case");
	char line[64];
	snprintf(line, sizeof line, "%s%s사례 %zu편", year ? year : "", year ? " · " : "", ncases);
	if (!text_block(cb_add_heading(body, 1), title ? title : "사례집") ||
	    !text_block(cb_add_paragraph(body), line))
		return false;
	bool seen_block = false;
	for (const cb_node *n = cb_node_first_child(book_body); n; n = cb_node_next(n)) {
		bool first_heading = !seen_block && cb_node_get_kind(n) == CB_NODE_HEADING;
		seen_block = true;
		bool ok = true;
		if (first_heading) /* the title, already written */
			continue;
		if (is_div(n, "statistics"))
			ok = statistics(body, book_body, n);
		else if (is_div(n, "case"))
			ok = outline ? cb_add_div(body, "case") != NULL : one_case(doc, body, n);
		else /* an area's heading (level 1) becomes level 2, under the title */
			ok = copy_block(doc, body, n, 2);
		if (!ok)
			return false;
	}
	return true;
}

cb_document *cbi_casebook_reading(const cb_document *book, bool outline)
{
	cb_document *doc = cb_document_new();
	if (doc && !rewrite(doc, book, outline)) {
		cb_document_free(doc);
		return NULL;
	}
	return doc;
}

cb_document *cbi_casebook_reading_case(const cb_node *c)
{
	cb_document *doc = cb_document_new();
	cb_node *div = doc ? cb_add_div(cb_document_body(doc), "case") : NULL;
	if (doc && (!div || !one_case(doc, div, c))) {
		cb_document_free(doc);
		return NULL;
	}
	return doc;
}
