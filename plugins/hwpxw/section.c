/* The document tree as OWPML section XML (hs:sec > hp:p > hp:run > hp:t):
 *
 *   headings     paragraphs in the styles 개요 1 to 개요 6 (deeper levels are 개요 6)
 *   paragraphs   바탕글; a line break is <hp:lineBreak/>, a tab <hp:tab/>, inside hp:t
 *   marks        a character shape per combination of marks (bold, italic, underline,
 *                strikeout, superscript, subscript)
 *   lists        each item's first paragraph starts with its marker as text (1., 가., ①, □ ...)
 *                and hangs from it; nesting indents further. Hangul's own numbering would need a
 *                numbering definition per list, which readers of the text would not see
 *   tables       hp:tbl with cells placed by address and spans, bordered; header cells shaded
 *   links        their text, then the address in parentheses for http, https and mailto
 *   notes        where they stand, their text after "[id]"; a reference is "[id]" raised
 *   images       their text alternative in brackets (pictures are not embedded: lossy,
 *                reported once)
 *   divs         their content
 *
 * The paragraphs carry no hp:linesegarray: that is Hangul's cache of its own line layout, which
 * it rebuilds, and made-up positions would only mislead it. */
#include "config.h"

#include "hwpxw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS                                                                                    \
	"xmlns:ha=\"http://www.hancom.co.kr/hwpml/2011/app\" "                                    \
	"xmlns:hp=\"http://www.hancom.co.kr/hwpml/2011/paragraph\" "                              \
	"xmlns:hp10=\"http://www.hancom.co.kr/hwpml/2016/paragraph\" "                            \
	"xmlns:hs=\"http://www.hancom.co.kr/hwpml/2011/section\" "                                \
	"xmlns:hc=\"http://www.hancom.co.kr/hwpml/2011/core\" "                                   \
	"xmlns:hh=\"http://www.hancom.co.kr/hwpml/2011/head\" "                                   \
	"xmlns:hhs=\"http://www.hancom.co.kr/hwpml/2011/history\" "                               \
	"xmlns:hm=\"http://www.hancom.co.kr/hwpml/2011/master-page\" "                            \
	"xmlns:hpf=\"http://www.hancom.co.kr/schema/2011/hpf\" "                                  \
	"xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "                                          \
	"xmlns:opf=\"http://www.idpf.org/2007/opf/\" "                                            \
	"xmlns:ooxmlchart=\"http://www.hancom.co.kr/hwpml/2016/ooxmlchart\" "                     \
	"xmlns:epub=\"http://www.idpf.org/2007/ops\" "                                            \
	"xmlns:config=\"urn:oasis:names:tc:opendocument:xmlns:config:1.0\""

/* Paragraph ids count from here, as Hangul's do. */
#define FIRST_ID 2147483648UL

static bool enter(hw *w)
{
	if (w->depth >= HW_MAX_DEPTH) {
		w->too_deep = true;
		return false;
	}
	w->depth++;
	return true;
}

/* --- sections and paragraphs -------------------------------------------------------------- */

void hw_sections_spill(hw *w)
{
	if (!w->spool || w->spilled == w->nsecs)
		return;
	size_t i = w->nsecs - 1;
	pkgw_spool_put(w->spool, &w->secs[i]);
	w->extents[i][1] = w->spool->len - w->extents[i][0];
	pkgw_buf_free(&w->secs[i]);
	w->spilled = w->nsecs;
}

void hw_section_begin(hw *w, bool page_numbers)
{
	/* The last section is done: with a spool, the rest of it goes there before this one's
	 * bytes do, so that each section is one run of the spool. */
	hw_sections_spill(w);
	if (w->nsecs == w->capsecs) {
		size_t cap = w->capsecs ? w->capsecs * 2 : 8;
		pkgw_buf *grown = realloc(w->secs, cap * sizeof *grown);
		uint64_t(*extents)[2] = grown && w->spool ? realloc(w->extents, cap * sizeof *extents)
		                                          : NULL;
		if (grown)
			w->secs = grown;
		if (extents)
			w->extents = extents;
		if (!grown || (w->spool && !extents)) {
			/* What follows goes nowhere; the write fails at the end. */
			w->nomem = true;
			w->sink.failed = true;
			w->cur = &w->sink;
			return;
		}
		w->capsecs = cap;
	}
	if (w->spool) {
		w->extents[w->nsecs][0] = w->spool->len;
		w->extents[w->nsecs][1] = 0;
	}
	w->cur = &w->secs[w->nsecs++];
	*w->cur = (pkgw_buf)PKGW_BUF_INIT;
	w->cur->spill = w->spool;
	if (!w->next_id)
		w->next_id = FIRST_ID;
	pkgw_printf(w->cur, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\" ?>"
	                    "<hs:sec " NS "><hp:p id=\"%lu\" paraPrIDRef=\"%d\" styleIDRef=\"%d\" "
	                    "pageBreak=\"0\" columnBreak=\"0\" merged=\"0\"><hp:run "
	                    "charPrIDRef=\"%d\">",
	            w->next_id++, PP_BODY, ST_NORMAL, CP_NORMAL);
	/* A4, the margins Hangul proposes, pages numbered on from the section before. */
	pkgw_puts(w->cur, "<hp:secPr id=\"\" textDirection=\"HORIZONTAL\" spaceColumns=\"1134\" "
	                  "tabStop=\"8000\" outlineShapeIDRef=\"1\" memoShapeIDRef=\"0\" "
	                  "textVerticalWidthHead=\"0\" masterPageCnt=\"0\"><hp:grid lineGrid=\"0\" "
	                  "charGrid=\"0\" wonggojiFormat=\"0\"/><hp:startNum pageStartsOn=\"BOTH\" "
	                  "page=\"0\" pic=\"0\" tbl=\"0\" equation=\"0\"/><hp:visibility "
	                  "hideFirstHeader=\"0\" hideFirstFooter=\"0\" hideFirstMasterPage=\"0\" "
	                  "border=\"SHOW_ALL\" fill=\"SHOW_ALL\" hideFirstPageNum=\"0\" "
	                  "hideFirstEmptyLine=\"0\" showLineNumber=\"0\"/><hp:pagePr "
	                  "landscape=\"WIDELY\" width=\"59528\" height=\"84188\" "
	                  "gutterType=\"LEFT_ONLY\"><hp:margin header=\"4252\" footer=\"4252\" "
	                  "gutter=\"0\" left=\"8504\" right=\"8504\" top=\"5668\" bottom=\"4252\"/>"
	                  "</hp:pagePr></hp:secPr><hp:ctrl><hp:colPr id=\"\" type=\"NEWSPAPER\" "
	                  "layout=\"LEFT\" colCount=\"1\" sameSz=\"1\" sameGap=\"0\"/></hp:ctrl>");
	if (page_numbers)
		pkgw_puts(w->cur, "<hp:ctrl><hp:pageNum pos=\"BOTTOM_CENTER\" formatType=\"DIGIT\" "
		                  "sideChar=\"-\"/></hp:ctrl>");
	pkgw_puts(w->cur, "</hp:run></hp:p>");
}

void hw_section_end(hw *w)
{
	pkgw_puts(w->cur, "</hs:sec>");
}

static void p_start(hw *w, int para, int style)
{
	pkgw_printf(w->cur, "<hp:p id=\"%lu\" paraPrIDRef=\"%d\" styleIDRef=\"%d\" pageBreak=\"0\" "
	                    "columnBreak=\"0\" merged=\"0\">",
	            w->next_id++, para, style);
}

static void p_end(hw *w) { pkgw_puts(w->cur, "</hp:p>"); }

/* The preview holds the start of the text, as Hangul's PrvText.txt does (about 1 KB). */
static void preview(hw *w, const char *s, size_t len)
{
	if (w->preview.len >= 1024)
		return;
	size_t room = 1024 - w->preview.len;
	if (len > room) {
		len = room;
		while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
			len--; /* never half a character */
	}
	pkgw_write(&w->preview, s, len);
}

/* A run of text: line feeds become line breaks and tabs tabs, inside one hp:t. */
static void run(hw *w, int chr, const char *s, size_t len)
{
	pkgw_printf(w->cur, "<hp:run charPrIDRef=\"%d\"><hp:t>", chr);
	size_t start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && s[i] != '\n' && s[i] != '\t')
			continue;
		pkgw_xml_text(w->cur, s + start, i - start);
		preview(w, s + start, i - start);
		if (i < len)
			pkgw_puts(w->cur, s[i] == '\n' ? "<hp:lineBreak/>"
			                               : "<hp:tab width=\"4000\" leader=\"0\" type=\"1\"/>");
		start = i + 1;
	}
	pkgw_puts(w->cur, "</hp:t></hp:run>");
}

static void run_str(hw *w, int chr, const char *s) { run(w, chr, s, strlen(s)); }

void hw_text_paragraph(hw *w, int para, int style, int chr, const char *text)
{
	p_start(w, para, style);
	if (text && *text)
		run_str(w, chr, text);
	else
		pkgw_printf(w->cur, "<hp:run charPrIDRef=\"%d\"/>", chr);
	p_end(w);
	preview(w, "\r\n", 2);
}

void hw_heading(hw *w, int level, const char *text)
{
	level = level < 1 ? 1 : level > 6 ? 6 : level;
	hw_text_paragraph(w, PP_HEADING + level - 1, ST_OUTLINE + level - 1, CP_HEADING + level - 1,
	                  text);
}

static void lossy_image(hw *w)
{
	if (!w->warned_image)
		cb_output_report(w->out, CB_SEV_WARNING, CB_W_LOSSY,
		                 "pictures are not embedded in HWPX: their text alternative is written");
	w->warned_image = true;
}

/* --- inlines ------------------------------------------------------------------------------- */

static bool safe_target(const char *t)
{
	return strncmp(t, "https://", 8) == 0 || strncmp(t, "http://", 7) == 0 ||
	       strncmp(t, "mailto:", 7) == 0;
}

/* Inline content as runs; chr >= 0 forces one character shape (headings). */
static void inlines(hw *w, const cb_node *parent, int chr)
{
	for (const cb_node *c = cb_node_first_child(parent); c; c = cb_node_next(c)) {
		switch (cb_node_get_kind(c)) {
		case CB_NODE_TEXT: {
			size_t len;
			const char *s = cb_text_get(c, &len);
			run(w, chr >= 0 ? chr : CP_MARKS + (int)(cb_text_marks(c) & 63u), s, len);
			break;
		}
		case CB_NODE_BREAK:
			pkgw_printf(w->cur, "<hp:run charPrIDRef=\"%d\"><hp:t><hp:lineBreak/></hp:t>"
			                    "</hp:run>",
			            chr >= 0 ? chr : CP_NORMAL);
			break;
		case CB_NODE_LINK:
			inlines(w, c, chr);
			if (safe_target(cb_link_target(c))) {
				run_str(w, chr >= 0 ? chr : CP_NORMAL, " (");
				run_str(w, chr >= 0 ? chr : CP_NORMAL, cb_link_target(c));
				run_str(w, chr >= 0 ? chr : CP_NORMAL, ")");
			}
			break;
		case CB_NODE_NOTEREF: {
			pkgw_printf(w->cur, "<hp:run charPrIDRef=\"%d\"><hp:t>[",
			            CP_MARKS + CB_MARK_SUPERSCRIPT);
			pkgw_xml_str(w->cur, cb_note_id(c));
			pkgw_puts(w->cur, "]</hp:t></hp:run>");
			break;
		}
		case CB_NODE_IMAGE: {
			const char *alt = cb_image_alt(c);
			lossy_image(w);
			run_str(w, chr >= 0 ? chr : CP_NORMAL, "[그림");
			if (alt) {
				run_str(w, chr >= 0 ? chr : CP_NORMAL, ": ");
				run_str(w, chr >= 0 ? chr : CP_NORMAL, alt);
			}
			run_str(w, chr >= 0 ? chr : CP_NORMAL, "]");
			break;
		}
		default: /* a kind newer than this writer */
			break;
		}
	}
}

/* --- blocks ------------------------------------------------------------------------------- */

/* The marker of the item'th item (0-based) of a list, as text. */
static void marker(const cb_node *list, long item, char *buf, size_t size)
{
	static const char *const ganada[] = {"가", "나", "다", "라", "마", "바", "사",
	                                     "아", "자", "차", "카", "타", "파", "하"};
	static const char *const jamo[] = {"ㄱ", "ㄴ", "ㄷ", "ㄹ", "ㅁ", "ㅂ", "ㅅ",
	                                   "ㅇ", "ㅈ", "ㅊ", "ㅋ", "ㅌ", "ㅍ", "ㅎ"};
	static const char *const roman[] = {"i", "ii", "iii", "iv", "v", "vi", "vii",
	                                    "viii", "ix", "x", "xi", "xii"};
	const char *style = cb_list_style(list);
	if (!cb_list_ordered(list)) {
		snprintf(buf, size, "%s ", style && strlen(style) <= 4 ? style : "•");
		return;
	}
	long n = cb_list_start(list) + item;
	long k = n - 1; /* 0-based, for lettered styles */
	if (style && strcmp(style, "hangul") == 0 && k >= 0 && k < 14)
		snprintf(buf, size, "%s. ", ganada[k]);
	else if (style && strcmp(style, "hangul-jamo") == 0 && k >= 0 && k < 14)
		snprintf(buf, size, "%s. ", jamo[k]);
	else if (style && strcmp(style, "circled") == 0 && n >= 1 && n <= 20)
		/* ① is U+2460: three UTF-8 bytes E2 91 A0 + (n - 1). */
		snprintf(buf, size, "%c%c%c ", 0xE2, 0x91, (char)(0xA0 + n - 1));
	else if (style && (strcmp(style, "lower-alpha") == 0 || strcmp(style, "upper-alpha") == 0) &&
	         k >= 0 && k < 26)
		snprintf(buf, size, "%c. ", (style[0] == 'l' ? 'a' : 'A') + (int)k);
	else if (style && strcmp(style, "lower-roman") == 0 && k >= 0 && k < 12)
		snprintf(buf, size, "%s. ", roman[k]);
	else
		snprintf(buf, size, "%ld. ", n);
}

static void list(hw *w, const cb_node *n, int level)
{
	int lvl = level + 1 > 8 ? 8 : level + 1;
	long i = 0;
	int saved = w->pp;
	for (const cb_node *item = cb_node_first_child(n); item; item = cb_node_next(item)) {
		if (cb_node_get_kind(item) != CB_NODE_ITEM)
			continue;
		char mark[32];
		marker(n, i++, mark, sizeof mark);
		const cb_node *first = cb_node_first_child(item);
		w->pp = PP_LIST + lvl;
		if (first && cb_node_get_kind(first) == CB_NODE_PARAGRAPH) {
			p_start(w, w->pp, ST_NORMAL);
			run_str(w, CP_NORMAL, mark);
			inlines(w, first, -1);
			p_end(w);
			preview(w, "\r\n", 2);
			first = cb_node_next(first);
		} else {
			hw_text_paragraph(w, w->pp, ST_NORMAL, CP_NORMAL, mark);
		}
		for (; first && !w->nomem; first = cb_node_next(first))
			hw_block(w, first, lvl);
	}
	w->pp = saved;
}

/* Grid places taken by cells (and the rows and columns they span), one row at a time. */
typedef struct grid {
	unsigned char *taken; /* rows x cols, grown as needed */
	size_t rows, cols;
} grid;

static bool grid_take(grid *g, size_t r, size_t c)
{
	if (r >= g->rows || c >= g->cols) {
		size_t rows = r >= g->rows ? r + 8 : g->rows, cols = c >= g->cols ? c + 8 : g->cols;
		unsigned char *t = calloc(rows * cols, 1);
		if (!t)
			return false;
		for (size_t i = 0; i < g->rows; i++)
			memcpy(t + i * cols, g->taken + i * g->cols, g->cols);
		free(g->taken);
		g->taken = t;
		g->rows = rows;
		g->cols = cols;
	}
	g->taken[r * g->cols + c] = 1;
	return true;
}

static bool grid_is_taken(const grid *g, size_t r, size_t c)
{
	return r < g->rows && c < g->cols && g->taken[r * g->cols + c];
}

/* Places every cell: the first free column of its row, then marks what it spans. Returns the
 * table's width (columns) and height (rows); 0 when out of memory or empty. */
static size_t place(const cb_node *t, grid *g, size_t *nrows, size_t *cols_out)
{
	size_t r = 0, width = 0, height = 0, i = 0;
	for (const cb_node *row = cb_node_first_child(t); row; row = cb_node_next(row)) {
		if (cb_node_get_kind(row) != CB_NODE_ROW)
			continue;
		size_t c = 0;
		for (const cb_node *cell = cb_node_first_child(row); cell; cell = cb_node_next(cell)) {
			if (cb_node_get_kind(cell) != CB_NODE_CELL)
				continue;
			while (grid_is_taken(g, r, c))
				c++;
			unsigned rs = cb_cell_rowspan(cell), cs = cb_cell_colspan(cell);
			for (size_t y = r; y < r + rs; y++)
				for (size_t x = c; x < c + cs; x++)
					if (!grid_take(g, y, x))
						return 0;
			cols_out[i++] = c;
			c += cs;
			width = c > width ? c : width;
			height = r + rs > height ? r + rs : height;
		}
		r++;
	}
	*nrows = height > r ? height : r;
	return width;
}

static size_t count_cells(const cb_node *t)
{
	size_t n = 0;
	for (const cb_node *row = cb_node_first_child(t); row; row = cb_node_next(row))
		for (const cb_node *c = cb_node_first_child(row); c; c = cb_node_next(c))
			n += cb_node_get_kind(c) == CB_NODE_CELL;
	return n;
}

static void tbl_start(hw *w, size_t rows, size_t cols)
{
	p_start(w, w->pp, ST_NORMAL);
	pkgw_printf(w->cur, "<hp:run charPrIDRef=\"%d\"><hp:tbl id=\"%lu\" zOrder=\"0\" "
	                    "numberingType=\"TABLE\" textWrap=\"TOP_AND_BOTTOM\" "
	                    "textFlow=\"BOTH_SIDES\" lock=\"0\" dropcapstyle=\"None\" "
	                    "pageBreak=\"CELL\" repeatHeader=\"1\" rowCnt=\"%zu\" colCnt=\"%zu\" "
	                    "cellSpacing=\"0\" borderFillIDRef=\"%d\" noAdjust=\"0\"><hp:sz "
	                    "width=\"%d\" widthRelTo=\"ABSOLUTE\" height=\"%zu\" "
	                    "heightRelTo=\"ABSOLUTE\" protect=\"0\"/><hp:pos treatAsChar=\"1\" "
	                    "affectLSpacing=\"0\" flowWithText=\"1\" allowOverlap=\"0\" "
	                    "holdAnchorAndSO=\"0\" vertRelTo=\"PARA\" horzRelTo=\"COLUMN\" "
	                    "vertAlign=\"TOP\" horzAlign=\"LEFT\" vertOffset=\"0\" horzOffset=\"0\"/>"
	                    "<hp:outMargin left=\"283\" right=\"283\" top=\"283\" bottom=\"283\"/>"
	                    "<hp:inMargin left=\"510\" right=\"510\" top=\"141\" bottom=\"141\"/>",
	            CP_NORMAL, w->next_id++ % 2000000000UL, rows, cols, BF_CELL, HW_TEXT_WIDTH,
	            rows * 2000);
}

static void tbl_end(hw *w)
{
	pkgw_puts(w->cur, "</hp:tbl><hp:t/></hp:run>");
	p_end(w);
}

static void tc_start(hw *w, bool header)
{
	pkgw_printf(w->cur, "<hp:tc name=\"\" header=\"%d\" hasMargin=\"0\" protect=\"0\" "
	                    "editable=\"0\" dirty=\"0\" borderFillIDRef=\"%d\"><hp:subList id=\"\" "
	                    "textDirection=\"HORIZONTAL\" lineWrap=\"BREAK\" vertAlign=\"CENTER\" "
	                    "linkListIDRef=\"0\" linkListNextIDRef=\"0\" textWidth=\"0\" "
	                    "textHeight=\"0\" hasTextRef=\"0\" hasNumRef=\"0\">",
	            header, header ? BF_LABEL : BF_CELL);
}

static void tc_end(hw *w, size_t col, size_t row, unsigned cs, unsigned rs, size_t width)
{
	pkgw_printf(w->cur, "</hp:subList><hp:cellAddr colAddr=\"%zu\" rowAddr=\"%zu\"/>"
	                    "<hp:cellSpan colSpan=\"%u\" rowSpan=\"%u\"/><hp:cellSz width=\"%zu\" "
	                    "height=\"2000\"/><hp:cellMargin left=\"510\" right=\"510\" top=\"141\" "
	                    "bottom=\"141\"/></hp:tc>",
	            col, row, cs, rs, width);
}

static void table(hw *w, const cb_node *t)
{
	size_t ncells = count_cells(t), rows = 0;
	size_t *cols = malloc((ncells ? ncells : 1) * sizeof *cols);
	grid g = {0};
	size_t width = cols ? place(t, &g, &rows, cols) : 0;
	free(g.taken);
	if (!cols || (ncells && !width)) {
		w->nomem = true;
		free(cols);
		return;
	}
	if (!width) {
		free(cols);
		return;
	}
	size_t colw = HW_TEXT_WIDTH / width, i = 0, r = 0;
	int saved = w->pp;
	tbl_start(w, rows, width);
	for (const cb_node *row = cb_node_first_child(t); row; row = cb_node_next(row)) {
		if (cb_node_get_kind(row) != CB_NODE_ROW)
			continue;
		pkgw_puts(w->cur, "<hp:tr>");
		for (const cb_node *c = cb_node_first_child(row); c; c = cb_node_next(c)) {
			if (cb_node_get_kind(c) != CB_NODE_CELL)
				continue;
			tc_start(w, cb_cell_header(c));
			w->pp = PP_CELL;
			if (cb_node_first_child(c))
				hw_blocks(w, c, -1);
			else
				hw_text_paragraph(w, PP_CELL, ST_NORMAL, CP_NORMAL, NULL);
			tc_end(w, cols[i++], r, cb_cell_colspan(c), cb_cell_rowspan(c),
			       colw * cb_cell_colspan(c));
		}
		pkgw_puts(w->cur, "</hp:tr>");
		r++;
	}
	w->pp = saved;
	tbl_end(w);
	free(cols);
}

void hw_field_table(hw *w, const char *const *labels, const char *const *values, size_t n)
{
	static const size_t label_width = 9000;
	size_t rows = 0;
	for (size_t i = 0; i < n; i++)
		rows += values[i] != NULL;
	if (!rows)
		return;
	int saved = w->pp;
	tbl_start(w, rows, 2);
	for (size_t i = 0, r = 0; i < n; i++) {
		if (!values[i])
			continue;
		pkgw_puts(w->cur, "<hp:tr>");
		tc_start(w, true);
		hw_text_paragraph(w, PP_CELL, ST_NORMAL, CP_LABEL, labels[i]);
		tc_end(w, 0, r, 1, 1, label_width);
		tc_start(w, false);
		hw_text_paragraph(w, PP_CELL, ST_NORMAL, CP_NORMAL, values[i]);
		tc_end(w, 1, r++, 1, 1, HW_TEXT_WIDTH - label_width);
		pkgw_puts(w->cur, "</hp:tr>");
	}
	w->pp = saved;
	tbl_end(w);
}

static void heading(hw *w, const cb_node *n)
{
	int level = cb_heading_level(n);
	level = level < w->min_level ? w->min_level : level;
	level = level > 6 ? 6 : level;
	p_start(w, PP_HEADING + level - 1, ST_OUTLINE + level - 1);
	inlines(w, n, CP_HEADING + level - 1);
	if (!cb_node_first_child(n))
		pkgw_printf(w->cur, "<hp:run charPrIDRef=\"%d\"/>", CP_HEADING + level - 1);
	p_end(w);
	preview(w, "\r\n", 2);
}

static void note(hw *w, const cb_node *n, int level)
{
	p_start(w, w->pp, ST_NORMAL);
	pkgw_printf(w->cur, "<hp:run charPrIDRef=\"%d\"><hp:t>[", CP_MARKS + CB_MARK_SUPERSCRIPT);
	pkgw_xml_str(w->cur, cb_note_id(n));
	pkgw_puts(w->cur, "]</hp:t></hp:run>");
	p_end(w);
	hw_blocks(w, n, level);
}

void hw_block(hw *w, const cb_node *n, int level)
{
	switch (cb_node_get_kind(n)) {
	case CB_NODE_HEADING:
		heading(w, n);
		break;
	case CB_NODE_PARAGRAPH:
		p_start(w, w->pp, ST_NORMAL);
		inlines(w, n, -1);
		if (!cb_node_first_child(n))
			pkgw_printf(w->cur, "<hp:run charPrIDRef=\"%d\"/>", CP_NORMAL);
		p_end(w);
		preview(w, "\r\n", 2);
		break;
	case CB_NODE_LIST:
		list(w, n, level);
		break;
	case CB_NODE_TABLE:
		table(w, n);
		break;
	case CB_NODE_IMAGE:
		lossy_image(w);
		p_start(w, w->pp, ST_NORMAL);
		run_str(w, CP_NORMAL, "[그림");
		if (cb_image_alt(n)) {
			run_str(w, CP_NORMAL, ": ");
			run_str(w, CP_NORMAL, cb_image_alt(n));
		}
		run_str(w, CP_NORMAL, "]");
		p_end(w);
		break;
	case CB_NODE_NOTE:
		note(w, n, level);
		break;
	case CB_NODE_DIV:
		hw_blocks(w, n, level);
		break;
	default: /* a kind newer than this writer */
		break;
	}
}

void hw_blocks(hw *w, const cb_node *parent, int level)
{
	if (!enter(w))
		return;
	for (const cb_node *c = cb_node_first_child(parent); c && !w->nomem; c = cb_node_next(c))
		hw_block(w, c, level);
	w->depth--;
}
