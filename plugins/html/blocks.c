/* The document tree as HTML, for any document:
 *
 *   headings     <h1>..<h6>, shifted by h->shift and clamped at 6
 *   paragraphs   <p>, a line break <br>
 *   marks        <strong> <em> <u> <s> <sup> <sub>, nested in bit order
 *   links        <a href> for http, https, mailto and fragments; any other target (javascript:,
 *                data:, relative paths) keeps its text in a <span class="link"> and no href
 *   images       <img> with the media object as a data: URI (PNG, JPEG, GIF, WebP, BMP); an
 *                external image is not fetched: its text alternative shows instead
 *   lists        <ol start type> or <ul>; Korean numbering and bullets by class (style sheet)
 *   tables       <table> with <th>/<td>, rowspan and colspan
 *   notes        <aside class="note" id> after their block, referred to by <sup><a href>
 *   divs         <div>, their content only (a casebook's divisions are casebook.c's)
 *
 * No style attributes are written: the Content-Security-Policy allows the page's one style
 * sheet only. */
#include "config.h"

#include "html.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool enter(html *h)
{
	if (h->depth >= HTML_MAX_DEPTH) {
		h->too_deep = true;
		return false;
	}
	h->depth++;
	return true;
}

/* --- inlines ----------------------------------------------------------------------------- */

static const char *const mark_tags[] = {"strong", "em", "u", "s", "sup", "sub"};
#define NMARKS (sizeof mark_tags / sizeof *mark_tags)

static void write_text(html *h, const cb_node *n)
{
	unsigned marks = cb_text_marks(n);
	for (size_t i = 0; i < NMARKS; i++)
		if (marks & (1u << i))
			html_printf(h, "<%s>", mark_tags[i]);
	html_lines(h, cb_text_get(n, NULL));
	for (size_t i = NMARKS; i-- > 0;)
		if (marks & (1u << i))
			html_printf(h, "</%s>", mark_tags[i]);
}

static bool embeddable(const char *type)
{
	static const char *const types[] = {"image/png", "image/jpeg", "image/gif", "image/webp",
	                                    "image/bmp", NULL};
	for (size_t i = 0; types[i]; i++)
		if (strcmp(type, types[i]) == 0)
			return true;
	return false;
}

static void write_image(html *h, const cb_node *n)
{
	const char *alt = cb_image_alt(n);
	const cb_media *m = cb_document_find_media(h->doc, cb_image_source(n));
	size_t len;
	const unsigned char *data = m ? cb_media_data(m, &len) : NULL;
	if (!m || !embeddable(cb_media_type(m))) {
		/* Nothing is fetched from anywhere: what the picture was stays as text. */
		html_raw(h, "<span class=\"image-missing\">[그림");
		if (alt) {
			html_raw(h, ": ");
			html_str(h, alt);
		}
		html_raw(h, "]</span>");
		return;
	}
	char *b64 = cb_base64_encode(data, len, NULL);
	if (!b64) {
		h->nomem = true;
		return;
	}
	html_raw(h, "<img src=\"data:");
	html_str(h, cb_media_type(m));
	html_raw(h, ";base64,");
	html_raw(h, b64);
	html_raw(h, "\" alt=\"");
	html_str(h, alt ? alt : "");
	html_raw(h, "\">");
	free(b64);
}

static void write_link(html *h, const cb_node *n)
{
	const char *target = cb_link_target(n);
	if (!html_safe_href(target)) {
		html_raw(h, "<span class=\"link\">");
		html_inlines(h, n);
		html_raw(h, "</span>");
		return;
	}
	html_raw(h, "<a href=\"");
	html_str(h, target);
	html_raw(h, target[0] == '#' ? "\">" : "\" rel=\"noopener noreferrer\">");
	html_inlines(h, n);
	html_raw(h, "</a>");
}

void html_inlines(html *h, const cb_node *parent)
{
	for (const cb_node *c = cb_node_first_child(parent); c; c = cb_node_next(c)) {
		switch (cb_node_get_kind(c)) {
		case CB_NODE_TEXT:
			write_text(h, c);
			break;
		case CB_NODE_BREAK:
			html_raw(h, "<br>");
			break;
		case CB_NODE_LINK:
			write_link(h, c);
			break;
		case CB_NODE_NOTEREF:
			html_raw(h, "<sup class=\"noteref\"><a href=\"#");
			html_id(h, "note-", cb_note_id(c));
			html_raw(h, "\">");
			html_str(h, cb_note_id(c));
			html_raw(h, "</a></sup>");
			break;
		case CB_NODE_IMAGE:
			write_image(h, c);
			break;
		default: /* a kind newer than this writer */
			break;
		}
	}
}

/* --- blocks ------------------------------------------------------------------------------- */

static void write_heading(html *h, const cb_node *n)
{
	int level = cb_heading_level(n);
	level = (level < h->min_level ? h->min_level : level) + h->shift;
	level = level < 1 ? 1 : level > 6 ? 6 : level;
	html_printf(h, "<h%d>", level);
	html_inlines(h, n);
	html_printf(h, "</h%d>\n", level);
}

/* The HTML type of an ordered list's numbering, or the class that the style sheet numbers. */
static void list_start_tag(html *h, const cb_node *n)
{
	static const struct {
		const char *style, *attr;
	} types[] = {{"lower-alpha", " type=\"a\""}, {"upper-alpha", " type=\"A\""},
	             {"lower-roman", " type=\"i\""}, {"upper-roman", " type=\"I\""},
	             {"hangul", " class=\"hangul\""}, {"hangul-jamo", " class=\"hangul-jamo\""},
	             {"circled", " class=\"circled\""}};
	static const struct {
		const char *bullet, *cls;
	} bullets[] = {{"□", "square"}, {"■", "square"}, {"○", "circle"}, {"◦", "circle"},
	               {"❍", "circle"}, {"-", "dash"}, {"·", "dot"}, {"•", "dot"}};
	const char *style = cb_list_style(n);
	if (!cb_list_ordered(n)) {
		html_raw(h, "<ul");
		for (size_t i = 0; style && i < sizeof bullets / sizeof *bullets; i++)
			if (strcmp(style, bullets[i].bullet) == 0) {
				html_printf(h, " class=\"%s\"", bullets[i].cls);
				break;
			}
		html_raw(h, ">\n");
		return;
	}
	html_raw(h, "<ol");
	if (cb_list_start(n) != 1)
		html_printf(h, " start=\"%ld\"", cb_list_start(n));
	for (size_t i = 0; style && i < sizeof types / sizeof *types; i++)
		if (strcmp(style, types[i].style) == 0) {
			html_raw(h, types[i].attr);
			break;
		}
	html_raw(h, ">\n");
}

static void write_list(html *h, const cb_node *n)
{
	list_start_tag(h, n);
	for (const cb_node *item = cb_node_first_child(n); item; item = cb_node_next(item)) {
		if (cb_node_get_kind(item) != CB_NODE_ITEM)
			continue;
		html_raw(h, "<li>");
		html_blocks(h, item);
		html_raw(h, "</li>\n");
	}
	html_raw(h, cb_list_ordered(n) ? "</ol>\n" : "</ul>\n");
}

static void write_table(html *h, const cb_node *n)
{
	html_raw(h, "<div class=\"table\"><table>\n");
	for (const cb_node *row = cb_node_first_child(n); row; row = cb_node_next(row)) {
		if (cb_node_get_kind(row) != CB_NODE_ROW)
			continue;
		html_raw(h, "<tr>");
		for (const cb_node *cell = cb_node_first_child(row); cell; cell = cb_node_next(cell)) {
			if (cb_node_get_kind(cell) != CB_NODE_CELL)
				continue;
			const char *tag = cb_cell_header(cell) ? "th" : "td";
			html_printf(h, "<%s", tag);
			if (cb_cell_rowspan(cell) > 1)
				html_printf(h, " rowspan=\"%u\"", cb_cell_rowspan(cell));
			if (cb_cell_colspan(cell) > 1)
				html_printf(h, " colspan=\"%u\"", cb_cell_colspan(cell));
			html_raw(h, ">");
			html_blocks(h, cell);
			html_printf(h, "</%s>", tag);
		}
		html_raw(h, "</tr>\n");
	}
	html_raw(h, "</table></div>\n");
}

static void write_note(html *h, const cb_node *n)
{
	html_raw(h, "<aside class=\"note\" id=\"");
	html_id(h, "note-", cb_note_id(n));
	html_raw(h, "\"><span class=\"note-id\">");
	html_str(h, cb_note_id(n));
	html_raw(h, "</span>\n");
	html_blocks(h, n);
	html_raw(h, "</aside>\n");
}

void html_block(html *h, const cb_node *n)
{
	switch (cb_node_get_kind(n)) {
	case CB_NODE_HEADING:
		write_heading(h, n);
		break;
	case CB_NODE_PARAGRAPH:
		html_raw(h, "<p>");
		html_inlines(h, n);
		html_raw(h, "</p>\n");
		break;
	case CB_NODE_LIST:
		write_list(h, n);
		break;
	case CB_NODE_TABLE:
		write_table(h, n);
		break;
	case CB_NODE_IMAGE:
		html_raw(h, "<figure>");
		write_image(h, n);
		html_raw(h, "</figure>\n");
		break;
	case CB_NODE_NOTE:
		write_note(h, n);
		break;
	case CB_NODE_DIV:
		html_raw(h, "<div>\n");
		html_blocks(h, n);
		html_raw(h, "</div>\n");
		break;
	default: /* a kind newer than this writer */
		break;
	}
}

void html_blocks(html *h, const cb_node *parent)
{
	if (!enter(h))
		return;
	for (const cb_node *c = cb_node_first_child(parent); c && !h->nomem; c = cb_node_next(c))
		html_block(h, c);
	h->depth--;
}
