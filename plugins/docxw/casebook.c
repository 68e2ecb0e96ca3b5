/* A casebook as a Word document, for print and for the office's final editing:
 *
 *   cover        the year and the title, centred on a page of its own, without a page number
 *   contents     a TOC field over the outline levels 1 and 2 (areas and cases), filled in with
 *                the entries already so that readers that do not update fields show them;
 *                Word updates it, page numbers included, when the file is opened
 *   statistics   cases by area, by school level, with and without an officer, as tables
 *   cases        one section each, starting on a new page: the area's heading (Heading 1) before
 *                its first case, the case's title (Heading 2), its field table, its sections
 *                (Heading 3 and their blocks)
 *   schools      every school with its cases, in 가나다 order
 *
 * Page numbers are in the footer of every section but the cover's. */
#include "config.h"

#include "docxw.h"

#include "../bookw/bookw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *case_title(const cb_node *div)
{
	const char *t = cb_div_attr(div, "title");
	return t ? t : cb_div_attr(div, "id") ? cb_div_attr(div, "id") : "(제목 없음)";
}

static size_t count_cases(const cb_node *body)
{
	size_t n = 0;
	for (const cb_node *c = cb_node_first_child(body); c; c = cb_node_next(c))
		n += bookw_is_div(c, "case");
	return n;
}

static void cover(dw *w, size_t ncases)
{
	size_t len;
	const char *year = bookw_year(w->doc, &len);
	if (year) {
		char text[16];
		snprintf(text, sizeof text, "%.*s", (int)(len < 15 ? len : 15), year);
		dw_text_paragraph(w, "CoverYear", text);
	}
	const char *title = cb_document_meta(w->doc, "title");
	dw_text_paragraph(w, "Title", title ? title : "사례집");
	char count[32];
	snprintf(count, sizeof count, "사례 %zu편", ncases);
	dw_text_paragraph(w, "Subtitle", count);
	if (cb_document_meta(w->doc, "creator"))
		dw_text_paragraph(w, "Subtitle", cb_document_meta(w->doc, "creator"));
	dw_sect_pr(w, true, false);
}

/* One entry of the contents' current result. */
static void toc_entry(dw *w, int level, const char *text, bool first)
{
	pkgw_printf(&w->body, "<w:p><w:pPr><w:pStyle w:val=\"TOC%d\"/></w:pPr>", level);
	if (first)
		pkgw_puts(&w->body, "<w:r><w:fldChar w:fldCharType=\"begin\" w:dirty=\"true\"/></w:r>"
		                    "<w:r><w:instrText xml:space=\"preserve\"> TOC \\o \"1-2\" \\h \\z "
		                    "\\u </w:instrText></w:r><w:r><w:fldChar "
		                    "w:fldCharType=\"separate\"/></w:r>");
	dw_run(w, NULL, text);
	pkgw_puts(&w->body, "</w:p>");
}

static void contents(dw *w)
{
	const cb_node *body = cb_document_body_const(w->doc);
	dw_text_paragraph(w, "TOCHeading", "차례");
	toc_entry(w, 1, "통계", true);
	const char *area = NULL;
	for (const cb_node *c = cb_node_first_child(body); c; c = cb_node_next(c)) {
		if (!bookw_is_div(c, "case"))
			continue;
		if (!area || strcmp(area, bookw_case_area(c)) != 0) {
			area = bookw_case_area(c);
			toc_entry(w, 1, area, false);
		}
		toc_entry(w, 2, case_title(c), false);
	}
	toc_entry(w, 1, "학교 찾아보기", false);
	pkgw_puts(&w->body, "<w:p><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>");
}

static void counts_table(dw *w, const char *caption, const bookw_counts *c, bool levels)
{
	const char **labels = calloc(c->count ? c->count : 1, sizeof *labels);
	char **values = calloc(c->count ? c->count : 1, sizeof *values);
	bool ok = labels && values;
	for (size_t i = 0; ok && i < c->count; i++) {
		labels[i] = levels ? bookw_level_name(c->names[i]) : c->names[i];
		ok = asprintf(&values[i], "%zu편", c->counts[i]) >= 0;
		if (!ok)
			values[i] = NULL;
	}
	if (ok) {
		dw_text_paragraph(w, "Heading3", caption);
		dw_field_table(w, labels, (const char *const *)values, c->count);
	} else {
		w->nomem = true;
	}
	for (size_t i = 0; values && i < c->count; i++)
		free(values[i]);
	free(values);
	free(labels);
}

static void statistics(dw *w, size_t ncases)
{
	bookw_counts areas, levels, officers;
	if (bookw_statistics(w->doc, &areas, &levels, &officers)) {
		char total[32];
		snprintf(total, sizeof total, "모두 %zu편", ncases);
		dw_text_paragraph(w, "Heading1", "통계");
		dw_text_paragraph(w, NULL, total);
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

static void one_case(dw *w, const cb_node *div)
{
	bookw_field f[BOOKW_MAX_FIELDS];
	int n = bookw_case_fields(div, f);
	if (n < 0) {
		w->nomem = true;
		return;
	}
	const cb_node *c = cb_node_first_child(div);
	if (c && cb_node_get_kind(c) == CB_NODE_HEADING) {
		dw_block(w, c, -1);
		c = cb_node_next(c);
	} else {
		dw_text_paragraph(w, "Heading2", case_title(div));
	}
	const char *labels[BOOKW_MAX_FIELDS], *values[BOOKW_MAX_FIELDS];
	for (int i = 0; i < n; i++) {
		labels[i] = f[i].label;
		values[i] = f[i].value;
	}
	dw_field_table(w, labels, values, (size_t)n);
	bookw_fields_free(f, n);
	for (; c && !w->nomem; c = cb_node_next(c)) {
		if (!bookw_is_div(c, "section")) {
			dw_block(w, c, -1);
			continue;
		}
		/* A section's heading, then its blocks, whose own headings go below it. */
		const cb_node *s = cb_node_first_child(c);
		if (s && cb_node_get_kind(s) == CB_NODE_HEADING) {
			dw_block(w, s, -1);
			s = cb_node_next(s);
		}
		w->min_level = 4;
		for (; s && !w->nomem; s = cb_node_next(s))
			dw_block(w, s, -1);
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

static void school_index(dw *w, size_t ncases)
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
	/* qsort is not stable, so a school's titles are gathered from the body, in its order. */
	if (ok)
		qsort(order, n, sizeof *order, by_school);
	for (size_t i = 0; ok && i < n; rows++) {
		const char *school = cb_div_attr(order[i], "school");
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
		labels[rows] = school ? school : "(학교 미상)";
		/* Every school's titles wait for the table: trimmed to their length, not the buffer's
		 * first 4 KB, since a season has as many schools as cases. */
		char *trimmed = titles.data ? realloc(titles.data, titles.len + 1) : NULL;
		values[rows] = trimmed ? trimmed : titles.data;
		i = end;
	}
	if (ok) {
		dw_text_paragraph(w, "Heading1", "학교 찾아보기");
		dw_field_table(w, labels, (const char *const *)values, rows);
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
static void body_node(dw_book *b, const cb_node *n, const cb_node *full)
{
	dw *w = b->w;
	bool title = !b->seen_block && cb_node_get_kind(n) == CB_NODE_HEADING;
	b->seen_block = true;
	if (title || bookw_is_div(n, "statistics"))
		return;
	if (bookw_is_div(n, "case")) {
		/* The area's heading opens the section of its first case. */
		if (b->area)
			dw_block(w, b->area, -1);
		b->area = NULL;
		one_case(w, full);
		dw_sect_pr(w, false, false);
	} else if (cb_node_get_kind(n) == CB_NODE_HEADING && cb_heading_level(n) == 1) {
		b->area = n;
	} else {
		dw_block(w, n, -1);
	}
}

/* The body's nodes up to the next case. */
static void until_case(dw_book *b)
{
	while (b->next && !bookw_is_div(b->next, "case") && !b->w->nomem) {
		body_node(b, b->next, b->next);
		b->next = cb_node_next(b->next);
	}
}

void dw_casebook_begin(dw_book *b, dw *w)
{
	const cb_node *body = cb_document_body_const(w->doc);
	*b = (dw_book){.w = w, .ncases = count_cases(body), .next = cb_node_first_child(body)};
	cover(w, b->ncases);
	contents(w);
	statistics(w, b->ncases);
	dw_sect_pr(w, false, false);
	until_case(b);
}

void dw_casebook_case(dw_book *b, const cb_node *div)
{
	if (!b->next || b->w->nomem)
		return; /* more cases than the head has: nothing to do */
	body_node(b, b->next, div);
	b->next = cb_node_next(b->next);
	until_case(b);
}

void dw_casebook_end(dw_book *b)
{
	until_case(b);
	if (b->area)
		dw_block(b->w, b->area, -1);
	school_index(b->w, b->ncases);
	dw_sect_pr(b->w, false, true);
}

void dw_casebook_body(dw *w)
{
	dw_book b;
	dw_casebook_begin(&b, w);
	/* The document is its own head: each case's outline is its full division. */
	while (b.next && !w->nomem)
		dw_casebook_case(&b, b.next);
	dw_casebook_end(&b);
}
