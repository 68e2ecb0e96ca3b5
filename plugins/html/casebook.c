/* A casebook as a web page. The casebook document (see docs/casebook-json.md, casebook.xml) is
 * a title heading, a division of class "statistics" whose attributes count the cases by area
 * ("area:학습") and by level ("level:초"), then for each area a heading and the cases: divisions
 * of class "case" whose attributes are the fields (school, school_level, officer, title, area,
 * target, period_start ...) and whose children are the title heading and the sections. The
 * page made of it:
 *
 *   cover        the year (metadata "year", or the start of "created") and the title
 *   contents     grouped by area, then school level, one link per case
 *   statistics   cases by area, by school level and with or without an officer, as inline SVG
 *   search       a search box and area and level filters; hidden until the script shows them,
 *                so that a page without scripts shows everything and no dead controls
 *   cases        one <article> per case: its title, a field table, its sections
 *   schools      every school with links to its cases, in 가나다 order
 *
 * Everything is also there without the script; the script only hides what a search leaves
 * out. */
#include "config.h"

#include "html.h"

#include "../bookw/bookw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct ccase {
	const cb_node *div;
	const char *id;   /* the case's id when it is safe as an anchor as it is, else NULL */
	size_t index;     /* in document order, for anchors of cases without an id and stable sorts */
	const char *area; /* never NULL: the area or 미분류 */
	const char *level; /* never NULL: the school level or 미상 */
	const char *school, *title; /* may be NULL */
} ccase;

/* The page as it is being written: the cases up front (from the head's outlines), and where the
 * writing has got to in the body. */
struct html_book {
	html *h;
	ccase *cases;
	size_t ncases;
	const cb_node *next; /* the body's next node to write */
	size_t k;            /* cases written */
	bool in_area, seen_block;
};
typedef struct html_book book;

/* An anchor for a case: its id when that is plain (case-0123abcd...), its position otherwise. */
static void case_anchor(html *h, const ccase *c)
{
	if (c->id)
		html_raw(h, c->id);
	else
		html_printf(h, "case-n%zu", c->index + 1);
}

static bool plain_id(const char *id)
{
	return id && strncmp(id, "case-", 5) == 0 && id[5] &&
	       strspn(id + 5, "0123456789abcdef") == strlen(id + 5);
}

static bool collect(book *b, html *h)
{
	b->h = h;
	const cb_node *body = cb_document_body_const(b->h->doc);
	size_t n = 0;
	for (const cb_node *c = cb_node_first_child(body); c; c = cb_node_next(c))
		n += bookw_is_div(c, "case");
	if (!(b->cases = calloc(n ? n : 1, sizeof *b->cases)))
		return false;
	for (const cb_node *c = cb_node_first_child(body); c; c = cb_node_next(c)) {
		if (!bookw_is_div(c, "case"))
			continue;
		ccase *k = &b->cases[b->ncases];
		const char *id = cb_div_attr(c, "id");
		*k = (ccase){.div = c, .id = plain_id(id) ? id : NULL, .index = b->ncases,
		             .area = bookw_case_area(c), .level = bookw_case_level(c),
		             .school = cb_div_attr(c, "school"), .title = cb_div_attr(c, "title")};
		/* The same id twice (a casebook put together by hand) would make two anchors one. */
		for (size_t i = 0; k->id && i < b->ncases; i++)
			if (b->cases[i].id && strcmp(b->cases[i].id, k->id) == 0)
				k->id = NULL;
		b->ncases++;
	}
	return true;
}

/* --- cover and contents ------------------------------------------------------------------- */

static void cover(book *b)
{
	html *h = b->h;
	const char *title = cb_document_meta(h->doc, "title");
	size_t year_len;
	const char *year = bookw_year(h->doc, &year_len);
	html_raw(h, "<header class=\"cover\" id=\"top\">\n");
	if (year) {
		html_raw(h, "<p class=\"cover-year\">");
		html_text(h, year, year_len);
		html_raw(h, "</p>\n");
	}
	html_raw(h, "<h1>");
	html_str(h, title ? title : "사례집");
	html_raw(h, "</h1>\n");
	if (cb_document_meta(h->doc, "subtitle")) {
		html_raw(h, "<p class=\"cover-subtitle\">");
		html_str(h, cb_document_meta(h->doc, "subtitle"));
		html_raw(h, "</p>\n");
	}
	html_printf(h, "<p class=\"cover-count\">사례 %zu편</p>\n", b->ncases);
	if (cb_document_meta(h->doc, "creator")) {
		html_raw(h, "<p class=\"cover-creator\">");
		html_str(h, cb_document_meta(h->doc, "creator"));
		html_raw(h, "</p>\n");
	}
	html_raw(h, "</header>\n");
}

static void toc_case(html *h, const ccase *c)
{
	html_raw(h, "<li data-case=\"");
	case_anchor(h, c);
	html_raw(h, "\"><a href=\"#");
	case_anchor(h, c);
	html_raw(h, "\">");
	html_str(h, c->title ? c->title : "(제목 없음)");
	html_raw(h, "</a>");
	if (c->school) {
		html_raw(h, " <span class=\"toc-school\">");
		html_str(h, c->school);
		html_raw(h, "</span>");
	}
	html_raw(h, "</li>\n");
}

/* Contents grouped by area, then level: the cases are in that order already, so a group is a
 * run of cases with the same area (and level). */
static void contents(book *b)
{
	html *h = b->h;
	html_raw(h, "<nav class=\"toc\" id=\"toc\" aria-labelledby=\"toc-title\">\n"
	            "<h2 id=\"toc-title\">차례</h2>\n<ol class=\"toc-areas\">\n");
	for (size_t i = 0; i < b->ncases;) {
		const char *area = b->cases[i].area;
		size_t end = i;
		while (end < b->ncases && strcmp(b->cases[end].area, area) == 0)
			end++;
		html_raw(h, "<li class=\"toc-area\"><span class=\"toc-group\">");
		html_str(h, area);
		html_printf(h, "</span> <span class=\"toc-count\">%zu편</span>\n<ol class=\"toc-levels\">\n",
		            end - i);
		while (i < end) {
			const char *level = b->cases[i].level;
			html_raw(h, "<li class=\"toc-level\"><span class=\"toc-group\">");
			html_str(h, bookw_level_name(level));
			html_raw(h, "</span>\n<ol class=\"toc-cases\">\n");
			for (; i < end && strcmp(b->cases[i].level, level) == 0; i++)
				toc_case(h, &b->cases[i]);
			html_raw(h, "</ol></li>\n");
		}
		html_raw(h, "</ol></li>\n");
	}
	html_raw(h, "</ol>\n</nav>\n");
}

/* --- statistics ------------------------------------------------------------------------- */

#define CHART_WIDTH 420
#define CHART_LABEL 120 /* the right edge of the labels */
#define CHART_BAR 230   /* the longest bar */
#define CHART_ROW 30

static void bar_chart(html *h, const char *id, const char *caption, const bookw_counts *v,
                      bool levels)
{
	size_t max = 1;
	for (size_t i = 0; i < v->count; i++)
		max = v->counts[i] > max ? v->counts[i] : max;
	size_t height = v->count * CHART_ROW + 8;
	html_printf(h, "<figure class=\"chart\" id=\"%s\"><figcaption>", id);
	html_str(h, caption);
	html_printf(h, "</figcaption>\n<svg class=\"bars\" xmlns=\"http://www.w3.org/2000/svg\" "
	               "viewBox=\"0 0 %d %zu\" width=\"%d\" height=\"%zu\" role=\"img\" "
	               "aria-label=\"",
	            CHART_WIDTH, height, CHART_WIDTH, height);
	html_str(h, caption);
	for (size_t i = 0; i < v->count; i++) {
		html_raw(h, i ? ", " : ": ");
		html_str(h, levels ? bookw_level_name(v->names[i]) : v->names[i]);
		html_printf(h, " %zu", v->counts[i]);
	}
	html_raw(h, "\">\n");
	for (size_t i = 0; i < v->count; i++) {
		size_t y = i * CHART_ROW + 4;
		size_t w = v->counts[i] * CHART_BAR / max;
		html_printf(h, "<g class=\"row\"><text class=\"label\" x=\"%d\" y=\"%zu\" "
		               "text-anchor=\"end\">",
		            CHART_LABEL - 8, y + 17);
		html_str(h, levels ? bookw_level_name(v->names[i]) : v->names[i]);
		html_printf(h, "</text><rect class=\"bar\" x=\"%d\" y=\"%zu\" width=\"%zu\" "
		               "height=\"20\" rx=\"3\"/><text class=\"value\" x=\"%zu\" y=\"%zu\">%zu"
		               "</text></g>\n",
		            CHART_LABEL, y + 2, w ? w : 1, CHART_LABEL + (w ? w : 1) + 6, y + 17,
		            v->counts[i]);
	}
	html_raw(h, "</svg></figure>\n");
}

/* --- search and filters --------------------------------------------------------------- */

/* The choices of a filter: the values some case has. */
static void options(html *h, const bookw_counts *v, bool levels)
{
	html_raw(h, "<option value=\"\">전체</option>");
	for (size_t i = 0; i < v->count; i++) {
		if (!v->counts[i])
			continue;
		html_raw(h, "<option value=\"");
		html_str(h, v->names[i]);
		html_raw(h, "\">");
		html_str(h, levels ? bookw_level_name(v->names[i]) : v->names[i]);
		html_raw(h, "</option>");
	}
}

static void tools(html *h, const bookw_counts *areas, const bookw_counts *levels)
{
	html_raw(h, "<div class=\"tools\" id=\"tools\" role=\"search\" hidden>\n"
	            "<label for=\"q\">검색</label> <input id=\"q\" type=\"search\" "
	            "placeholder=\"학교, 제목, 내용\" autocomplete=\"off\">\n"
	            "<label for=\"f-area\">영역</label> <select id=\"f-area\">");
	options(h, areas, false);
	html_raw(h, "</select>\n<label for=\"f-level\">학교급</label> <select id=\"f-level\">");
	options(h, levels, true);
	html_raw(h, "</select>\n<output id=\"count\" for=\"q f-area f-level\" "
	            "aria-live=\"polite\"></output>\n</div>\n");
}

static bool statistics(book *b)
{
	html *h = b->h;
	bookw_counts areas, levels, officers;
	bool ok = bookw_statistics(h->doc, &areas, &levels, &officers);
	if (ok) {
		html_raw(h, "<section class=\"statistics\" id=\"statistics\" "
		            "aria-labelledby=\"stats-title\">\n<h2 id=\"stats-title\">통계</h2>\n");
		html_printf(h, "<p class=\"stats-total\">모두 %zu편</p>\n<div class=\"charts\">\n",
		            b->ncases);
		bar_chart(h, "chart-area", "영역별 사례 수", &areas, false);
		bar_chart(h, "chart-level", "학교급별 사례 수", &levels, true);
		bar_chart(h, "chart-officer", "교육복지사 배치별 사례 수", &officers, false);
		html_raw(h, "</div>\n</section>\n");
		tools(h, &areas, &levels);
	}
	bookw_counts_free(&areas);
	bookw_counts_free(&levels);
	bookw_counts_free(&officers);
	return ok;
}

/* --- cases ----------------------------------------------------------------------------- */

static bool field_table(html *h, const cb_node *div)
{
	bookw_field f[BOOKW_MAX_FIELDS];
	int n = bookw_case_fields(div, f);
	if (n < 0)
		return false;
	html_raw(h, "<table class=\"fields\">\n<tbody>\n");
	for (int i = 0; i < n; i++) {
		html_raw(h, "<tr><th scope=\"row\">");
		html_raw(h, f[i].label);
		html_raw(h, "</th><td>");
		html_lines(h, f[i].value);
		html_raw(h, "</td></tr>\n");
	}
	html_raw(h, "</tbody>\n</table>\n");
	bookw_fields_free(f, n);
	return true;
}

/* A case's section: its heading, then its blocks, whose own headings go below it. */
static void section(html *h, const cb_node *div)
{
	const cb_node *n = cb_node_first_child(div);
	if (n && cb_node_get_kind(n) == CB_NODE_HEADING) {
		html_block(h, n);
		n = cb_node_next(n);
	}
	h->min_level = cb_heading_level(cb_node_first_child(div)) + 1;
	h->min_level = h->min_level < 4 ? 4 : h->min_level;
	for (; n && !h->nomem; n = cb_node_next(n))
		html_block(h, n);
	h->min_level = 0;
}

static void article(html *h, const ccase *c)
{
	html_raw(h, "<article class=\"case\" id=\"");
	case_anchor(h, c);
	html_raw(h, "\" data-area=\"");
	html_str(h, c->area);
	html_raw(h, "\" data-level=\"");
	html_str(h, c->level);
	html_raw(h, "\">\n");
	/* The field table goes right under the title (or first, when there is none). */
	const cb_node *n = cb_node_first_child(c->div);
	if (n && cb_node_get_kind(n) == CB_NODE_HEADING) {
		html_block(h, n);
		n = cb_node_next(n);
	}
	if (!field_table(h, c->div))
		h->nomem = true;
	for (; n && !h->nomem; n = cb_node_next(n)) {
		if (bookw_is_div(n, "section")) {
			html_raw(h, "<section class=\"part\">\n");
			section(h, n);
			html_raw(h, "</section>\n");
		} else {
			html_block(h, n);
		}
	}
	html_raw(h, "<p class=\"back\"><a href=\"#toc\">차례로</a></p>\n</article>\n");
}

/* The body in order: areas' headings open sections, cases become articles, the rest is
 * written as any document's blocks. The title heading is the cover's and the statistics have
 * their own section, so both are left out here. One node of the body at a time, so that the
 * cases can come one by one (html_casebook_case); a case's outline in the body is written from
 * its full division. */
static void body_node(html_book *b, const cb_node *n, const cb_node *full)
{
	html *h = b->h;
	bool title = !b->seen_block && cb_node_get_kind(n) == CB_NODE_HEADING;
	b->seen_block = true;
	if (title || bookw_is_div(n, "statistics"))
		return;
	if (bookw_is_div(n, "case")) {
		ccase c = b->cases[b->k++];
		c.div = full;
		article(h, &c);
	} else if (cb_node_get_kind(n) == CB_NODE_HEADING && cb_heading_level(n) == 1) {
		html_raw(h, b->in_area ? "</section>\n" : "");
		html_raw(h, "<section class=\"area\">\n");
		html_block(h, n);
		b->in_area = true;
	} else {
		html_block(h, n);
	}
}

/* The body's nodes up to the next case. */
static void until_case(html_book *b)
{
	while (b->next && !bookw_is_div(b->next, "case") && !b->h->nomem) {
		body_node(b, b->next, b->next);
		b->next = cb_node_next(b->next);
	}
}

/* --- school index ---------------------------------------------------------------------- */

static int by_school(const void *pa, const void *pb)
{
	const ccase *a = *(const ccase *const *)pa, *b = *(const ccase *const *)pb;
	if (!a->school || !b->school) {
		if (a->school || b->school)
			return a->school ? -1 : 1;
	} else {
		/* Hangul syllables are encoded in 가나다 order, so byte order is 가나다 order. */
		int d = strcmp(a->school, b->school);
		if (d)
			return d;
	}
	return a->index < b->index ? -1 : a->index > b->index;
}

static bool school_index(book *b)
{
	html *h = b->h;
	const ccase **order = malloc((b->ncases ? b->ncases : 1) * sizeof *order);
	if (!order)
		return false;
	for (size_t i = 0; i < b->ncases; i++)
		order[i] = &b->cases[i];
	qsort(order, b->ncases, sizeof *order, by_school);
	html_raw(h, "<section class=\"schools\" id=\"schools\" aria-labelledby=\"schools-title\">\n"
	            "<h2 id=\"schools-title\">학교 찾아보기</h2>\n<ul class=\"school-index\">\n");
	for (size_t i = 0; i < b->ncases;) {
		const char *school = order[i]->school;
		html_raw(h, "<li><span class=\"school-name\">");
		html_str(h, school ? school : "(학교 미상)");
		html_raw(h, "</span> ");
		size_t first = i;
		for (; i < b->ncases && (school ? order[i]->school && !strcmp(order[i]->school, school)
		                                : !order[i]->school);
		     i++) {
			html_raw(h, i > first ? ", <a href=\"#" : "<a href=\"#");
			case_anchor(h, order[i]);
			html_raw(h, "\">");
			html_str(h, order[i]->title ? order[i]->title : "(제목 없음)");
			html_raw(h, "</a>");
		}
		html_raw(h, "</li>\n");
	}
	html_raw(h, "</ul>\n</section>\n");
	free(order);
	return true;
}

html_book *html_casebook_begin(html *h)
{
	html_book *b = calloc(1, sizeof *b);
	if (!b || !collect(b, h)) {
		html_casebook_free(b);
		h->nomem = true;
		return NULL;
	}
	h->shift = 1;
	cover(b);
	contents(b);
	if (!statistics(b))
		h->nomem = true;
	html_raw(h, "<main id=\"cases\">\n");
	b->next = cb_node_first_child(cb_document_body_const(h->doc));
	until_case(b);
	return b;
}

void html_casebook_case(html_book *b, const cb_node *div)
{
	if (!b->next || b->h->nomem)
		return; /* more cases than the head has: the host's mistake, and nothing to do */
	body_node(b, b->next, div);
	b->next = cb_node_next(b->next);
	until_case(b);
}

void html_casebook_end(html_book *b)
{
	html *h = b->h;
	until_case(b);
	html_raw(h, b->in_area ? "</section>\n</main>\n" : "</main>\n");
	if (!school_index(b))
		h->nomem = true;
	html_casebook_free(b);
}

void html_casebook_free(html_book *b)
{
	if (b)
		free(b->cases);
	free(b);
}

void html_casebook_body(html *h)
{
	html_book *b = html_casebook_begin(h);
	if (!b)
		return;
	/* The document is its own head: each case's outline is its full division. */
	while (b->next && !h->nomem)
		html_casebook_case(b, b->next);
	html_casebook_end(b);
}
