/* The document tree as WordprocessingML (word/document.xml's body):
 *
 *   headings     paragraphs in the styles Heading1..Heading6 (deeper levels are Heading6)
 *   paragraphs   Normal; a line break is <w:br/>, a tab <w:tab/>
 *   marks        <w:b/> <w:i/> <w:strike/> <w:u/> <w:vertAlign/>
 *   links        <w:hyperlink> to an external relationship for http, https and mailto; other
 *                targets keep their text only
 *   images       an inline drawing of the picture copied into word/media (PNG, JPEG, GIF, BMP);
 *                others, and external images, become their text alternative in brackets
 *   lists        a numbering instance per list (numbering.xml), items at their nesting level;
 *                an item's later paragraphs are indented under it without a number
 *   tables       bordered (Table Grid), full width, header cells bold; spans as gridSpan and
 *                vMerge, the places a span covers filled in as Word requires
 *   notes        footnotes (footnotes.xml) where a reference points at them; a note nothing
 *                refers to stays where it is, as its paragraphs
 *   divs         their content
 */
#include "config.h"

#include "docxw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool enter(dw *w)
{
	if (w->depth >= DW_MAX_DEPTH) {
		w->too_deep = true;
		return false;
	}
	w->depth++;
	return true;
}

/* --- runs ---------------------------------------------------------------------------------- */

static void rpr_for_marks(pkgw_buf *b, const char *rstyle, unsigned marks)
{
	if (!rstyle && !(marks & CB_MARK_ALL_))
		return;
	pkgw_puts(b, "<w:rPr>");
	if (rstyle)
		pkgw_printf(b, "<w:rStyle w:val=\"%s\"/>", rstyle);
	if (marks & CB_MARK_BOLD)
		pkgw_puts(b, "<w:b/><w:bCs/>");
	if (marks & CB_MARK_ITALIC)
		pkgw_puts(b, "<w:i/><w:iCs/>");
	if (marks & CB_MARK_STRIKE)
		pkgw_puts(b, "<w:strike/>");
	if (marks & CB_MARK_UNDERLINE)
		pkgw_puts(b, "<w:u w:val=\"single\"/>");
	if (marks & (CB_MARK_SUPERSCRIPT | CB_MARK_SUBSCRIPT))
		pkgw_printf(b, "<w:vertAlign w:val=\"%s\"/>",
		            marks & CB_MARK_SUPERSCRIPT ? "superscript" : "subscript");
	pkgw_puts(b, "</w:rPr>");
}

/* The run's content: text in <w:t>, tabs and line feeds as their own elements. */
static void run_content(pkgw_buf *b, const char *s)
{
	while (*s) {
		size_t n = strcspn(s, "\t\n");
		if (n) {
			pkgw_puts(b, "<w:t xml:space=\"preserve\">");
			pkgw_xml_text(b, s, n);
			pkgw_puts(b, "</w:t>");
		}
		s += n;
		if (*s)
			pkgw_puts(b, *s++ == '\t' ? "<w:tab/>" : "<w:br/>");
	}
}

static void styled_run(dw *w, const char *rstyle, unsigned marks, const char *text)
{
	pkgw_puts(&w->body, "<w:r>");
	rpr_for_marks(&w->body, rstyle, marks);
	run_content(&w->body, text);
	pkgw_puts(&w->body, "</w:r>");
}

void dw_run(dw *w, const char *rpr, const char *text)
{
	pkgw_puts(&w->body, "<w:r>");
	if (rpr)
		pkgw_printf(&w->body, "<w:rPr>%s</w:rPr>", rpr);
	run_content(&w->body, text);
	pkgw_puts(&w->body, "</w:r>");
}

/* --- inlines ------------------------------------------------------------------------------- */

static void inlines(dw *w, const cb_node *parent, const char *rstyle);

static bool safe_target(const char *t)
{
	return strncmp(t, "https://", 8) == 0 || strncmp(t, "http://", 7) == 0 ||
	       strncmp(t, "mailto:", 7) == 0;
}

static void link(dw *w, const cb_node *n, const char *rstyle)
{
	const char *target = cb_link_target(n);
	if (!safe_target(target) || strpbrk(target, " \t\n")) {
		inlines(w, n, rstyle);
		return;
	}
	unsigned rel = w->next_rel++;
	pkgw_printf(&w->rels, "<Relationship Id=\"rId%u\" Type=\"http://schemas.openxmlformats.org/"
	                      "officeDocument/2006/relationships/hyperlink\" Target=\"",
	            rel);
	pkgw_xml_str(&w->rels, target);
	pkgw_puts(&w->rels, "\" TargetMode=\"External\"/>");
	pkgw_printf(&w->body, "<w:hyperlink r:id=\"rId%u\">", rel);
	inlines(w, n, "Hyperlink");
	pkgw_puts(&w->body, "</w:hyperlink>");
}

static void drawing(dw *w, const dw_image *img, const char *alt)
{
	unsigned id = ++w->next_drawing;
	pkgw_buf *b = &w->body;
	pkgw_printf(b, "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">"
	               "<wp:extent cx=\"%ld\" cy=\"%ld\"/><wp:docPr id=\"%u\" name=\"그림 %u\" "
	               "descr=\"",
	            img->cx, img->cy, id, id);
	pkgw_xml_str(b, alt ? alt : "");
	pkgw_printf(b, "\"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect=\"1\"/>"
	               "</wp:cNvGraphicFramePr><a:graphic><a:graphicData uri=\"http://schemas."
	               "openxmlformats.org/drawingml/2006/picture\"><pic:pic><pic:nvPicPr>"
	               "<pic:cNvPr id=\"%u\" name=\"%s\"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill>"
	               "<a:blip r:embed=\"rId%u\"/><a:stretch><a:fillRect/></a:stretch>"
	               "</pic:blipFill><pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"%ld\" "
	               "cy=\"%ld\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom>"
	               "</pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing>"
	               "</w:r>",
	            id, img->part + 6, img->rel, img->cx, img->cy);
}

static void image(dw *w, const cb_node *n)
{
	const cb_media *m = cb_document_find_media(w->doc, cb_image_source(n));
	const dw_image *img = m ? dw_image_for(w, m) : NULL;
	if (img) {
		drawing(w, img, cb_image_alt(n));
		return;
	}
	/* Nothing is fetched from anywhere: what the picture was stays as text. */
	const char *alt = cb_image_alt(n);
	pkgw_puts(&w->body, "<w:r><w:t xml:space=\"preserve\">[그림");
	if (alt) {
		pkgw_puts(&w->body, ": ");
		pkgw_xml_str(&w->body, alt);
	}
	pkgw_puts(&w->body, "]</w:t></w:r>");
}

static long note_number(const dw *w, const char *id)
{
	for (size_t i = 0; i < w->nnotes; i++)
		if (strcmp(cb_note_id(w->notes[i]), id) == 0)
			return (long)i + 1;
	return 0;
}

static void noteref(dw *w, const cb_node *n)
{
	long num = note_number(w, cb_note_id(n));
	if (num) {
		pkgw_printf(&w->body, "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr>"
		                      "<w:footnoteReference w:id=\"%ld\"/></w:r>",
		            num);
		return;
	}
	/* A reference to no note keeps its label. */
	pkgw_puts(&w->body, "<w:r><w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr><w:t>");
	pkgw_xml_str(&w->body, cb_note_id(n));
	pkgw_puts(&w->body, "</w:t></w:r>");
}

static void inlines(dw *w, const cb_node *parent, const char *rstyle)
{
	for (const cb_node *c = cb_node_first_child(parent); c; c = cb_node_next(c)) {
		switch (cb_node_get_kind(c)) {
		case CB_NODE_TEXT:
			styled_run(w, rstyle, cb_text_marks(c), cb_text_get(c, NULL));
			break;
		case CB_NODE_BREAK:
			pkgw_puts(&w->body, "<w:r><w:br/></w:r>");
			break;
		case CB_NODE_LINK:
			link(w, c, rstyle);
			break;
		case CB_NODE_NOTEREF:
			noteref(w, c);
			break;
		case CB_NODE_IMAGE:
			image(w, c);
			break;
		default: /* a kind newer than this writer */
			break;
		}
	}
}

/* --- paragraphs --------------------------------------------------------------------------- */

/* Paragraph properties: a style, and the list numbering when num > 0 (num -1: indented under a
 * list item at ilvl without a number). */
static void ppr(dw *w, const char *style, int num, int ilvl)
{
	if (!style && num == 0)
		return;
	pkgw_puts(&w->body, "<w:pPr>");
	if (style)
		pkgw_printf(&w->body, "<w:pStyle w:val=\"%s\"/>", style);
	if (num > 0)
		pkgw_printf(&w->body, "<w:numPr><w:ilvl w:val=\"%d\"/><w:numId w:val=\"%d\"/>"
		                      "</w:numPr>",
		            ilvl, num);
	else if (num < 0)
		pkgw_printf(&w->body, "<w:ind w:left=\"%d\"/>", 400 * (ilvl + 1));
	pkgw_puts(&w->body, "</w:pPr>");
}

/* A footnote's first paragraph starts with the note's number. */
static void footnote_mark(dw *w)
{
	if (!w->footnote_ref)
		return;
	w->footnote_ref = false;
	pkgw_puts(&w->body, "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr>"
	                    "<w:footnoteRef/></w:r><w:r><w:t xml:space=\"preserve\"> </w:t></w:r>");
}

void dw_text_paragraph(dw *w, const char *style, const char *text)
{
	pkgw_puts(&w->body, "<w:p>");
	ppr(w, style, 0, 0);
	footnote_mark(w);
	if (text && *text)
		dw_run(w, NULL, text);
	pkgw_puts(&w->body, "</w:p>");
}

/* A paragraph of inlines. Inside a list (ilvl >= 0) the first paragraph of an item takes the
 * item's number (w->item_num), later ones are indented under it. */
static void paragraph(dw *w, const cb_node *n, const char *style, int ilvl)
{
	pkgw_puts(&w->body, "<w:p>");
	if (w->item_num) {
		ppr(w, style ? style : "ListParagraph", w->item_num, ilvl);
		w->item_num = 0;
	} else if (ilvl >= 0) {
		ppr(w, style ? style : "ListParagraph", -1, ilvl);
	} else {
		ppr(w, style ? style : w->pstyle, 0, 0);
	}
	footnote_mark(w);
	inlines(w, n, NULL);
	pkgw_puts(&w->body, "</w:p>");
}

static void heading(dw *w, const cb_node *n, int ilvl)
{
	int level = cb_heading_level(n);
	level = level < w->min_level ? w->min_level : level;
	char style[16];
	snprintf(style, sizeof style, "Heading%d", level < 1 ? 1 : level > 6 ? 6 : level);
	paragraph(w, n, style, ilvl);
}

/* --- lists --------------------------------------------------------------------------------- */

static int add_list(dw *w, const cb_node *n)
{
	if (w->nlists == w->caplists) {
		size_t cap = w->caplists ? w->caplists * 2 : 16;
		dw_list *grown = realloc(w->lists, cap * sizeof *grown);
		if (!grown) {
			w->nomem = true;
			return 0;
		}
		w->lists = grown;
		w->caplists = cap;
	}
	const char *style = cb_list_style(n);
	dw_list *l = &w->lists[w->nlists++];
	*l = (dw_list){.ordered = cb_list_ordered(n), .start = cb_list_start(n),
	              .has_style = style != NULL};
	if (style)
		snprintf(l->style, sizeof l->style, "%s", style);
	return (int)w->nlists;
}

static bool starts_with_text(const cb_node *item)
{
	const cb_node *first = cb_node_first_child(item);
	return first && (cb_node_get_kind(first) == CB_NODE_PARAGRAPH ||
	                 cb_node_get_kind(first) == CB_NODE_HEADING);
}

static void list(dw *w, const cb_node *n, int ilvl)
{
	int num = add_list(w, n);
	int level = ilvl + 1 > 8 ? 8 : ilvl + 1;
	for (const cb_node *item = cb_node_first_child(n); item && num; item = cb_node_next(item)) {
		if (cb_node_get_kind(item) != CB_NODE_ITEM)
			continue;
		if (!starts_with_text(item)) {
			/* The number needs a paragraph of its own before a table or a nested list. */
			pkgw_puts(&w->body, "<w:p>");
			ppr(w, "ListParagraph", num, level);
			pkgw_puts(&w->body, "</w:p>");
		} else {
			w->item_num = num;
		}
		dw_blocks(w, item, level);
		w->item_num = 0;
	}
}

/* --- tables -------------------------------------------------------------------------------- */

/* Which grid places spans from rows above still cover: for the column a spanning cell starts
 * at, the rows it still covers and its width. */
typedef struct grid {
	unsigned *rem, *span;
	size_t cap;
} grid;

static bool grid_fit(grid *g, size_t n)
{
	if (n <= g->cap)
		return true;
	size_t cap = g->cap ? g->cap : 8;
	while (cap < n)
		cap *= 2;
	unsigned *rem = realloc(g->rem, cap * sizeof *rem);
	if (rem)
		g->rem = rem;
	unsigned *span = realloc(g->span, cap * sizeof *span);
	if (span)
		g->span = span;
	if (!rem || !span)
		return false;
	memset(g->rem + g->cap, 0, (cap - g->cap) * sizeof *rem);
	memset(g->span + g->cap, 0, (cap - g->cap) * sizeof *span);
	g->cap = cap;
	return true;
}

static const cb_node *next_cell(const cb_node *c)
{
	while (c && cb_node_get_kind(c) != CB_NODE_CELL)
		c = cb_node_next(c);
	return c;
}

/* The next column at or after col that a span from above covers, or cap when none. */
static size_t next_covered(const grid *g, size_t col)
{
	while (col < g->cap && g->rem[col] == 0)
		col++;
	return col;
}

static void tc_pr(dw *w, size_t col_width, unsigned span, const char *vmerge, bool header)
{
	pkgw_printf(&w->body, "<w:tc><w:tcPr><w:tcW w:w=\"%zu\" w:type=\"dxa\"/>",
	            col_width * span);
	if (span > 1)
		pkgw_printf(&w->body, "<w:gridSpan w:val=\"%u\"/>", span);
	if (vmerge)
		pkgw_puts(&w->body, vmerge);
	if (header)
		pkgw_puts(&w->body, "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"EDF1F7\"/>");
	pkgw_puts(&w->body, "</w:tcPr>");
}

static void empty_cell(dw *w, size_t col_width, unsigned span, const char *vmerge)
{
	tc_pr(w, col_width, span, vmerge, false);
	pkgw_puts(&w->body, "<w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr></w:p></w:tc>");
}

static void real_cell(dw *w, const cb_node *cell, size_t col_width)
{
	unsigned cs = cb_cell_colspan(cell), rs = cb_cell_rowspan(cell);
	bool header = cb_cell_header(cell);
	tc_pr(w, col_width, cs, rs > 1 ? "<w:vMerge w:val=\"restart\"/>" : NULL, header);
	const char *saved = w->pstyle;
	w->pstyle = header ? "TableHeading" : "TableText";
	dw_blocks(w, cell, -1);
	w->pstyle = saved;
	const cb_node *last = cb_node_last_child(cell);
	/* A cell ends with a paragraph, even after a nested table. */
	if (!last || cb_node_get_kind(last) != CB_NODE_PARAGRAPH)
		pkgw_puts(&w->body, "<w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr></w:p>");
	pkgw_puts(&w->body, "</w:tc>");
}

/* Lays one row out on the grid, and writes it when emit (ncols then is the grid's width).
 * Returns the width the row reached; 0 with w->nomem set when out of memory. */
static size_t layout_row(dw *w, grid *g, const cb_node *row, size_t ncols, bool emit)
{
	size_t col = 0, col_width = ncols ? DW_TEXT_WIDTH / ncols : DW_TEXT_WIDTH;
	const cb_node *cell = next_cell(cb_node_first_child(row));
	for (;;) {
		if (col < g->cap && g->rem[col] > 0) {
			unsigned sp = g->span[col] ? g->span[col] : 1;
			if (emit)
				empty_cell(w, col_width, sp, "<w:vMerge/>");
			g->rem[col]--;
			col += sp;
			continue;
		}
		if (cell) {
			unsigned cs = cb_cell_colspan(cell), rs = cb_cell_rowspan(cell);
			if (!grid_fit(g, col + cs)) {
				w->nomem = true;
				return 0;
			}
			if (emit)
				real_cell(w, cell, col_width);
			/* A span over places a span from above covers (a malformed table) ends that. */
			for (size_t k = col + 1; k < col + cs; k++)
				g->rem[k] = 0;
			g->rem[col] = rs - 1;
			g->span[col] = cs;
			col += cs;
			cell = next_cell(cb_node_next(cell));
			continue;
		}
		size_t covered = next_covered(g, col);
		size_t to = covered < g->cap ? covered : ncols;
		for (; emit && col < to; col++)
			empty_cell(w, col_width, 1, NULL);
		if (covered >= g->cap)
			break;
		col = covered;
	}
	return col;
}

static bool header_row(const cb_node *row)
{
	const cb_node *c = next_cell(cb_node_first_child(row));
	if (!c)
		return false;
	for (; c; c = next_cell(cb_node_next(c)))
		if (!cb_cell_header(c))
			return false;
	return true;
}

static void table(dw *w, const cb_node *t)
{
	grid g = {0};
	size_t ncols = 0;
	for (const cb_node *r = cb_node_first_child(t); r && !w->nomem; r = cb_node_next(r))
		if (cb_node_get_kind(r) == CB_NODE_ROW) {
			size_t n = layout_row(w, &g, r, 0, false);
			ncols = n > ncols ? n : ncols;
		}
	if (ncols == 0 || w->nomem) {
		free(g.rem);
		free(g.span);
		return;
	}
	memset(g.rem, 0, g.cap * sizeof *g.rem);
	pkgw_puts(&w->body, "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/>"
	                    "<w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblBorders>"
	                    "<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"
	                    "<w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"
	                    "<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"
	                    "<w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"
	                    "<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"
	                    "<w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"
	                    "</w:tblBorders><w:tblLook w:val=\"04A0\" w:firstRow=\"1\" "
	                    "w:lastRow=\"0\" w:firstColumn=\"1\" w:lastColumn=\"0\" "
	                    "w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>");
	for (size_t i = 0; i < ncols; i++)
		pkgw_printf(&w->body, "<w:gridCol w:w=\"%zu\"/>", (size_t)DW_TEXT_WIDTH / ncols);
	pkgw_puts(&w->body, "</w:tblGrid>");
	bool first = true;
	for (const cb_node *r = cb_node_first_child(t); r && !w->nomem; r = cb_node_next(r)) {
		if (cb_node_get_kind(r) != CB_NODE_ROW)
			continue;
		pkgw_puts(&w->body, "<w:tr>");
		/* A header row repeats at the top of every page the table runs over. */
		if (first && header_row(r))
			pkgw_puts(&w->body, "<w:trPr><w:tblHeader/></w:trPr>");
		first = false;
		layout_row(w, &g, r, ncols, true);
		pkgw_puts(&w->body, "</w:tr>");
	}
	pkgw_puts(&w->body, "</w:tbl>");
	free(g.rem);
	free(g.span);
}

void dw_field_table(dw *w, const char *const *labels, const char *const *values, size_t n)
{
	static const size_t label_width = 1900;
	pkgw_printf(&w->body, "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/>"
	                      "<w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblBorders>"
	                      "<w:top w:val=\"single\" w:sz=\"8\" w:space=\"0\" w:color=\"1F5FA8\"/>"
	                      "<w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"
	                      "<w:bottom w:val=\"single\" w:sz=\"8\" w:space=\"0\" "
	                      "w:color=\"1F5FA8\"/><w:right w:val=\"single\" w:sz=\"4\" "
	                      "w:space=\"0\" w:color=\"808080\"/><w:insideH w:val=\"single\" "
	                      "w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/><w:insideV "
	                      "w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"
	                      "</w:tblBorders><w:tblLook w:val=\"0080\" w:firstRow=\"0\" "
	                      "w:lastRow=\"0\" w:firstColumn=\"1\" w:lastColumn=\"0\" "
	                      "w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>"
	                      "<w:gridCol w:w=\"%zu\"/><w:gridCol w:w=\"%zu\"/></w:tblGrid>",
	            label_width, DW_TEXT_WIDTH - label_width);
	for (size_t i = 0; i < n; i++) {
		if (!values[i])
			continue;
		pkgw_puts(&w->body, "<w:tr><w:trPr><w:cantSplit/></w:trPr>");
		tc_pr(w, label_width, 1, NULL, true);
		dw_text_paragraph(w, "TableHeading", labels[i]);
		pkgw_puts(&w->body, "</w:tc>");
		tc_pr(w, DW_TEXT_WIDTH - label_width, 1, NULL, false);
		dw_text_paragraph(w, "TableText", values[i]);
		pkgw_puts(&w->body, "</w:tc></w:tr>");
	}
	pkgw_puts(&w->body, "</w:tbl><w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr></w:p>");
}

/* --- notes --------------------------------------------------------------------------------- */

typedef struct ids {
	const char **items;
	size_t count, cap;
} ids;

static bool ids_add(ids *s, const char *id)
{
	if (s->count == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		const char **grown = realloc(s->items, cap * sizeof *grown);
		if (!grown)
			return false;
		s->items = grown;
		s->cap = cap;
	}
	s->items[s->count++] = id;
	return true;
}

static bool ids_has(const ids *s, const char *id)
{
	for (size_t i = 0; i < s->count; i++)
		if (strcmp(s->items[i], id) == 0)
			return true;
	return false;
}

/* Every note reference's id, in the whole tree. */
static bool collect_refs(const cb_node *n, ids *refs, unsigned depth)
{
	if (depth > DW_MAX_DEPTH)
		return true; /* the body's own walk reports the depth */
	for (const cb_node *c = cb_node_first_child(n); c; c = cb_node_next(c)) {
		if (cb_node_get_kind(c) == CB_NODE_NOTEREF && !ids_add(refs, cb_note_id(c)))
			return false;
		if (!collect_refs(c, refs, depth + 1))
			return false;
	}
	return true;
}

static bool collect_notes(dw *w, const cb_node *n, const ids *refs, unsigned depth)
{
	if (depth > DW_MAX_DEPTH)
		return true;
	for (const cb_node *c = cb_node_first_child(n); c; c = cb_node_next(c)) {
		if (cb_node_get_kind(c) == CB_NODE_NOTE && ids_has(refs, cb_note_id(c)) &&
		    !note_number(w, cb_note_id(c))) {
			if (w->nnotes == w->capnotes) {
				size_t cap = w->capnotes ? w->capnotes * 2 : 16;
				const cb_node **grown = realloc(w->notes, cap * sizeof *grown);
				if (!grown)
					return false;
				w->notes = grown;
				w->capnotes = cap;
			}
			w->notes[w->nnotes++] = c;
			continue; /* notes hold no notes a reference outside could mean */
		}
		if (!collect_notes(w, c, refs, depth + 1))
			return false;
	}
	return true;
}

bool dw_collect_notes(dw *w, const cb_node *parent)
{
	ids refs = {0};
	bool ok = collect_refs(parent, &refs, 0) && (!refs.count || collect_notes(w, parent, &refs, 0));
	free(refs.items);
	return ok;
}

void dw_footnotes(dw *w)
{
	/* The note's blocks are written by the same code as the body's, into this part. */
	pkgw_buf body = w->body;
	w->body = w->footnotes;
	pkgw_puts(&w->body, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	                    "<w:footnotes xmlns:w=\"http://schemas.openxmlformats.org/"
	                    "wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/"
	                    "officeDocument/2006/relationships\" xmlns:wp=\"http://schemas."
	                    "openxmlformats.org/drawingml/2006/wordprocessingDrawing\" xmlns:a=\""
	                    "http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:pic=\""
	                    "http://schemas.openxmlformats.org/drawingml/2006/picture\">"
	                    "<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/>"
	                    "</w:r></w:p></w:footnote><w:footnote w:type=\"continuationSeparator\" "
	                    "w:id=\"0\"><w:p><w:r><w:continuationSeparator/></w:r></w:p>"
	                    "</w:footnote>\n");
	const char *saved = w->pstyle;
	w->pstyle = "FootnoteText";
	for (size_t i = 0; i < w->nnotes; i++) {
		pkgw_printf(&w->body, "<w:footnote w:id=\"%zu\">", i + 1);
		w->footnote_ref = true;
		dw_blocks(w, w->notes[i], -1);
		if (w->footnote_ref) /* a note without a paragraph still shows its number */
			dw_text_paragraph(w, "FootnoteText", NULL);
		pkgw_puts(&w->body, "</w:footnote>\n");
	}
	w->pstyle = saved;
	pkgw_puts(&w->body, "</w:footnotes>\n");
	w->footnotes = w->body;
	w->body = body;
}

/* --- blocks -------------------------------------------------------------------------------- */

void dw_block(dw *w, const cb_node *n, int ilvl)
{
	switch (cb_node_get_kind(n)) {
	case CB_NODE_HEADING:
		heading(w, n, ilvl);
		break;
	case CB_NODE_PARAGRAPH:
		paragraph(w, n, NULL, ilvl);
		break;
	case CB_NODE_LIST:
		list(w, n, ilvl);
		break;
	case CB_NODE_TABLE:
		table(w, n);
		break;
	case CB_NODE_IMAGE:
		pkgw_puts(&w->body, "<w:p>");
		ppr(w, w->pstyle, 0, 0);
		image(w, n);
		pkgw_puts(&w->body, "</w:p>");
		break;
	case CB_NODE_NOTE:
		if (!note_number(w, cb_note_id(n))) /* nothing refers to it: it stays here */
			dw_blocks(w, n, ilvl);
		break;
	case CB_NODE_DIV:
		dw_blocks(w, n, ilvl);
		break;
	default: /* a kind newer than this writer */
		break;
	}
}

void dw_blocks(dw *w, const cb_node *parent, int ilvl)
{
	if (!enter(w))
		return;
	for (const cb_node *c = cb_node_first_child(parent); c && !w->nomem; c = cb_node_next(c))
		dw_block(w, c, ilvl);
	w->depth--;
}

/* --- sections ------------------------------------------------------------------------------ */

void dw_sect_pr(dw *w, bool cover, bool last)
{
	if (!last)
		pkgw_puts(&w->body, "<w:p><w:pPr>");
	pkgw_puts(&w->body, "<w:sectPr>");
	if (!cover)
		pkgw_puts(&w->body, "<w:footerReference w:type=\"default\" r:id=\"rId5\"/>");
	pkgw_puts(&w->body, "<w:type w:val=\"nextPage\"/><w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
	                    "<w:pgMar w:top=\"1418\" w:right=\"1134\" w:bottom=\"1418\" "
	                    "w:left=\"1134\" w:header=\"851\" w:footer=\"851\" w:gutter=\"0\"/>"
	                    "<w:cols w:space=\"425\"/>");
	if (cover)
		pkgw_puts(&w->body, "<w:vAlign w:val=\"center\"/>");
	pkgw_puts(&w->body, "<w:docGrid w:linePitch=\"360\"/></w:sectPr>");
	if (!last)
		pkgw_puts(&w->body, "</w:pPr></w:p>");
}
