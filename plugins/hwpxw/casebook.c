/* A casebook as a Hangul document, one section (구역, a section XML of its own, which starts a
 * new page) for each part:
 *
 *   section0     the cover: year, title, number of cases; no page number
 *   section1     contents (areas and their cases, with the school) and statistics tables
 *   section2...  one per case: the area's heading (개요 1) before its first case, the case's
 *                title (개요 2), a line naming the school and area, the field table, then the
 *                sections (개요 3, their blocks; their own headings 개요 4 and below)
 *   last         the index of schools
 *
 * The line under a case's title repeats what its field table says first, so that text
 * extraction that skips tables (as some HWPX tools do) still tells which school a case is. */
#include "config.h"

#include "hwpxw.h"

#include "../bookw/bookw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *case_title(const cb_node *div)
{
	const char *t = cb_div_attr(div, "title");
	return t ? t : cb_div_attr(div, "id") ? cb_div_attr(div, "id") : "(제목 없음)";
}

static void cover(hw *w, size_t ncases)
{
	size_t len;
	const char *year = bookw_year(w->doc, &len);
	char text[64];
	hw_section_begin(w, false);
	if (year) {
		snprintf(text, sizeof text, "%.*s", (int)(len < 15 ? len : 15), year);
		hw_text_paragraph(w, PP_COVER, ST_NORMAL, CP_YEAR, text);
	}
	const char *title = cb_document_meta(w->doc, "title");
	hw_text_paragraph(w, year ? PP_CENTER : PP_COVER, ST_NORMAL, CP_TITLE,
	                  title ? title : "사례집");
	snprintf(text, sizeof text, "사례 %zu편", ncases);
	hw_text_paragraph(w, PP_CENTER, ST_NORMAL, CP_SUBTITLE, text);
	if (cb_document_meta(w->doc, "creator"))
		hw_text_paragraph(w, PP_CENTER, ST_NORMAL, CP_SUBTITLE,
		                  cb_document_meta(w->doc, "creator"));
	hw_section_end(w);
}

static void contents(hw *w)
{
	const cb_node *body = cb_document_body_const(w->doc);
	hw_text_paragraph(w, PP_CENTER, ST_NORMAL, CP_HEADING, "차례");
	const char *area = NULL;
	for (const cb_node *c = cb_node_first_child(body); c && !w->nomem; c = cb_node_next(c)) {
		if (!bookw_is_div(c, "case"))
			continue;
		if (!area || strcmp(area, bookw_case_area(c)) != 0) {
			area = bookw_case_area(c);
			hw_text_paragraph(w, PP_TOC1, ST_NORMAL, CP_LABEL, area);
		}
		char *line;
		const char *school = cb_div_attr(c, "school");
		if (asprintf(&line, "%s%s%s", case_title(c), school ? " · " : "", school ? school : "") <
		    0) {
			w->nomem = true;
			return;
		}
		hw_text_paragraph(w, PP_TOC2, ST_NORMAL, CP_NORMAL, line);
		free(line);
	}
}

static void counts_table(hw *w, const char *caption, const bookw_counts *c, bool levels)
{
	const char **labels = calloc(c->count ? c->count : 1, sizeof *labels);
	char **values = calloc(c->count ? c->count : 1, sizeof *values);
	bool ok = labels && values;
	for (size_t i = 0; ok && i < c->count; i++) {
		labels[i] = levels ? bookw_level_name(c->names[i]) : c->names[i];
		if (asprintf(&values[i], "%zu편", c->counts[i]) < 0) {
			values[i] = NULL;
			ok = false;
		}
	}
	if (ok) {
		hw_heading(w, 3, caption);
		hw_field_table(w, labels, (const char *const *)values, c->count);
	} else {
		w->nomem = true;
	}
	for (size_t i = 0; values && i < c->count; i++)
		free(values[i]);
	free(values);
	free(labels);
}

static void statistics(hw *w, size_t ncases)
{
	bookw_counts areas, levels, officers;
	if (bookw_statistics(w->doc, &areas, &levels, &officers)) {
		char total[32];
		snprintf(total, sizeof total, "모두 %zu편", ncases);
		hw_heading(w, 1, "통계");
		hw_text_paragraph(w, PP_BODY, ST_NORMAL, CP_NORMAL, total);
		counts_table(w, "영역별 사례 수", &areas, false);
		counts_table(w, "학교급별 사례 수", &levels, true);
		counts_table(w, "교육복지사 배치별 사례 수", &officers, false);
	} else {
		w->nomem = true;
	}
	bookw_counts_free(&areas);
	bookw_counts_free(&levels);
	bookw_counts_free(&officers);
}

static void one_case(hw *w, const cb_node *div)
{
	bookw_field f[BOOKW_MAX_FIELDS];
	int n = bookw_case_fields(div, f);
	if (n < 0) {
		w->nomem = true;
		return;
	}
	const cb_node *c = cb_node_first_child(div);
	if (c && cb_node_get_kind(c) == CB_NODE_HEADING) {
		hw_block(w, c, -1);
		c = cb_node_next(c);
	} else {
		hw_heading(w, 2, case_title(div));
	}
	const char *school = cb_div_attr(div, "school");
	char *line;
	if (asprintf(&line, "%s%s%s", school ? school : "", school ? " · " : "",
	             bookw_case_area(div)) < 0) {
		bookw_fields_free(f, n);
		w->nomem = true;
		return;
	}
	hw_text_paragraph(w, PP_BODY, ST_NORMAL, CP_SUBTITLE, line);
	free(line);
	const char *labels[BOOKW_MAX_FIELDS], *values[BOOKW_MAX_FIELDS];
	for (int i = 0; i < n; i++) {
		labels[i] = f[i].label;
		values[i] = f[i].value;
	}
	hw_field_table(w, labels, values, (size_t)n);
	bookw_fields_free(f, n);
	for (; c && !w->nomem; c = cb_node_next(c)) {
		if (!bookw_is_div(c, "section")) {
			hw_block(w, c, -1);
			continue;
		}
		const cb_node *s = cb_node_first_child(c);
		if (s && cb_node_get_kind(s) == CB_NODE_HEADING) {
			hw_block(w, s, -1);
			s = cb_node_next(s);
		}
		w->min_level = 4;
		for (; s && !w->nomem; s = cb_node_next(s))
			hw_block(w, s, -1);
		w->min_level = 0;
	}
}

static int by_school(const void *pa, const void *pb)
{
	const cb_node *a = *(const cb_node *const *)pa, *b = *(const cb_node *const *)pb;
	const char *sa = cb_div_attr(a, "school"), *sb = cb_div_attr(b, "school");
	if (!sa || !sb)
		return !sa && !sb ? 0 : sa ? -1 : 1;
	return strcmp(sa, sb); /* Hangul syllables are encoded in 가나다 order */
}

/* Every school with its cases' titles; a school's titles in the casebook's order (qsort is not
 * stable, so they are gathered from the body). */
static void school_index(hw *w, size_t ncases)
{
	const cb_node *body = cb_document_body_const(w->doc);
	const cb_node **order = malloc((ncases ? ncases : 1) * sizeof *order);
	const char **labels = calloc(ncases ? ncases : 1, sizeof *labels);
	char **values = calloc(ncases ? ncases : 1, sizeof *values);
	size_t n = 0, rows = 0;
	bool ok = order && labels && values;
	for (const cb_node *c = cb_node_first_child(body); ok && c; c = cb_node_next(c))
		if (bookw_is_div(c, "case"))
			order[n++] = c;
	if (ok)
		qsort(order, n, sizeof *order, by_school);
	for (size_t i = 0; ok && i < n; rows++) {
		size_t end = i + 1;
		while (end < n && by_school(&order[i], &order[end]) == 0)
			end++;
		pkgw_buf titles = PKGW_BUF_INIT;
		for (const cb_node *c = cb_node_first_child(body); c; c = cb_node_next(c))
			for (size_t k = i; k < end; k++)
				if (order[k] == c) {
					pkgw_puts(&titles, titles.len ? "\n" : "");
					pkgw_puts(&titles, case_title(c));
				}
		ok = !titles.failed;
		const char *school = cb_div_attr(order[i], "school");
		labels[rows] = school ? school : "(학교 미상)";
		/* Every school's titles wait for the table: trimmed to their length, not the buffer's
		 * first 4 KB, since a season has as many schools as cases. */
		char *trimmed = titles.data ? realloc(titles.data, titles.len + 1) : NULL;
		values[rows] = trimmed ? trimmed : titles.data;
		i = end;
	}
	if (ok) {
		hw_heading(w, 1, "학교 찾아보기");
		hw_field_table(w, labels, (const char *const *)values, rows);
	} else {
		w->nomem = true;
	}
	for (size_t i = 0; values && i < rows; i++)
		free(values[i]);
	free(values);
	free(labels);
	free(order);
}

/* One node of the body, a case being written from full (its outline's full division). */
static void body_node(hw_book *b, const cb_node *n, const cb_node *full)
{
	hw *w = b->w;
	bool title = !b->seen_block && cb_node_get_kind(n) == CB_NODE_HEADING;
	b->seen_block = true;
	if (title || bookw_is_div(n, "statistics"))
		return;
	if (bookw_is_div(n, "case")) {
		if (b->open)
			hw_section_end(w);
		hw_section_begin(w, true);
		b->open = true;
		/* The area's heading opens the section of its first case. */
		if (b->area)
			hw_block(w, b->area, -1);
		b->area = NULL;
		one_case(w, full);
	} else if (cb_node_get_kind(n) == CB_NODE_HEADING && cb_heading_level(n) == 1) {
		b->area = n;
	} else {
		if (!b->open)
			hw_section_begin(w, true);
		b->open = true;
		hw_block(w, n, -1);
	}
}

/* The body's nodes up to the next case. */
static void until_case(hw_book *b)
{
	while (b->next && !bookw_is_div(b->next, "case") && !b->w->nomem) {
		body_node(b, b->next, b->next);
		b->next = cb_node_next(b->next);
	}
}

void hw_casebook_begin(hw_book *b, hw *w)
{
	const cb_node *body = cb_document_body_const(w->doc);
	*b = (hw_book){.w = w, .next = cb_node_first_child(body)};
	for (const cb_node *c = cb_node_first_child(body); c; c = cb_node_next(c))
		b->ncases += bookw_is_div(c, "case");
	cover(w, b->ncases);
	hw_section_begin(w, true);
	contents(w);
	statistics(w, b->ncases);
	hw_section_end(w);
	until_case(b);
}

void hw_casebook_case(hw_book *b, const cb_node *div)
{
	if (!b->next || b->w->nomem)
		return; /* more cases than the head has: nothing to do */
	body_node(b, b->next, div);
	b->next = cb_node_next(b->next);
	until_case(b);
}

void hw_casebook_end(hw_book *b)
{
	hw *w = b->w;
	until_case(b);
	if (b->open)
		hw_section_end(w);
	hw_section_begin(w, true);
	if (b->area)
		hw_block(w, b->area, -1);
	school_index(w, b->ncases);
	hw_section_end(w);
}

void hw_casebook(hw *w)
{
	hw_book b;
	hw_casebook_begin(&b, w);
	/* The document is its own head: each case's outline is its full division. */
	while (b.next && !w->nomem)
		hw_casebook_case(&b, b.next);
	hw_casebook_end(&b);
}
