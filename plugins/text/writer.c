/* The plain text writer: what a person reads in a terminal or pastes into a mail.
 *
 *   headings     their text on one line, a blank line around them
 *   paragraphs   their text; line breaks become new lines
 *   lists        "- " or "N. " (N counts from the list's start); an item's content and nested
 *                lists are indented to the column after the marker; items and the blocks inside
 *                an item are on consecutive lines
 *   tables       one line a row, the cells separated by a tab (readable in a terminal and pasted
 *                as columns into a spreadsheet). A cell spanning columns is followed by empty
 *                fields and a cell spanning rows leaves empty fields below it, so columns line up.
 *                Tabs and line breaks inside a cell become spaces so that a row stays one line
 *   images       "[image: ALT]", or "[image]" without a text alternative
 *   notes        "[^ID] " and the note's text, where the note is in the document; continuation
 *                lines indented four spaces. References are "[^ID]"
 *   links        "TEXT <TARGET>", or just "<TARGET>" when the text is the target
 *   divs         just their content
 * Marks and metadata are not shown. The output ends with one newline (an empty document gives
 * an empty output) and no line ends in indentation.
 */
#include "config.h"

#include <casebook/plugin.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Deeper trees than this are refused rather than risking the stack (read documents stop at
 * max-depth, 256 by default, long before). */
#define TEXT_MAX_DEPTH 1000
/* A colspan beyond this is padded only this far: the spans come from the input and a hostile one
 * must not make the writer print billions of tabs. */
#define TEXT_MAX_SPAN 1000

/* A list item's or note's marker, written at the start of the first line that has content (so
 * that an item whose first block is a list puts both markers on one line). */
typedef struct marker {
	const char *text;
	size_t base; /* indentation of the line the marker starts */
	const struct marker *outer; /* a marker still pending from an enclosing item, or NULL */
} marker;

typedef struct tw {
	cb_output *out;
	size_t indent;        /* indentation of continuation lines */
	const marker *pend;   /* innermost pending marker */
	int want;             /* line ends owed before the next content: 0, 1 or 2 (blank line) */
	bool any;             /* anything written yet */
	bool flat;            /* inside a heading or table cell: everything stays on one line */
	bool flat_has;        /* flat: something written since flat began */
	bool flat_space;      /* flat: a space owed between blocks */
	unsigned depth;
	bool too_deep;
	bool nomem;
} tw;

static void spaces(tw *t, size_t n)
{
	static const char blank[] = "                                ";
	while (n > 0) {
		size_t chunk = n < sizeof blank - 1 ? n : sizeof blank - 1;
		cb_output_write(t->out, blank, chunk);
		n -= chunk;
	}
}

static void put_markers(tw *t, const marker *m, bool trim)
{
	if (m->outer)
		put_markers(t, m->outer, false);
	else
		spaces(t, m->base);
	size_t len = strlen(m->text);
	if (trim) /* a marker alone on its line gets no trailing space */
		while (len > 0 && m->text[len - 1] == ' ')
			len--;
	cb_output_write(t->out, m->text, len);
}

/* Ends the lines owed and indents (or writes pending markers) before content. */
static void begin_line(tw *t, bool trim)
{
	if (t->any)
		for (int i = 0; i < t->want; i++)
			cb_output_write(t->out, "\n", 1);
	t->want = 0;
	t->any = true;
	if (t->pend) {
		put_markers(t, t->pend, trim);
		t->pend = NULL;
	} else
		spaces(t, t->indent);
}

static void begin_content(tw *t)
{
	if (t->want > 0 || !t->any || t->pend)
		begin_line(t, false);
	if (t->flat) {
		if (t->flat_space && t->flat_has)
			cb_output_write(t->out, " ", 1);
		t->flat_space = false;
		t->flat_has = true;
	}
}

static void raw(tw *t, const char *s, size_t len)
{
	if (len == 0)
		return;
	begin_content(t);
	cb_output_write(t->out, s, len);
}

static void raw_str(tw *t, const char *s) { raw(t, s, strlen(s)); }

/* Asks for a line end (1) or a blank line (2) before whatever comes next. */
static void separate(tw *t, int lines)
{
	if (t->flat) {
		t->flat_space = true;
		return;
	}
	if (t->want < lines)
		t->want = lines;
}

/* Text with its line feeds as line ends (or, when flat, line feeds and tabs as spaces). */
static void text(tw *t, const char *s, size_t len)
{
	while (len > 0) {
		size_t run = 0;
		while (run < len && s[run] != '\n' && !(t->flat && s[run] == '\t'))
			run++;
		raw(t, s, run);
		if (run == len)
			break;
		if (t->flat)
			raw(t, " ", 1);
		else if (t->want < 2)
			t->want++;
		s += run + 1;
		len -= run + 1;
	}
}

static void write_blocks(tw *t, const cb_node *parent, int gap);

static void write_inlines(tw *t, const cb_node *parent);

/* A link whose only content is its own target, as autolinked addresses are. */
static bool link_is_bare(const cb_node *link)
{
	const cb_node *c = cb_node_first_child(link);
	if (!c || cb_node_next(c) || cb_node_get_kind(c) != CB_NODE_TEXT)
		return false;
	return strcmp(cb_text_get(c, NULL), cb_link_target(link)) == 0;
}

static void write_image(tw *t, const cb_node *img)
{
	const char *alt = cb_image_alt(img);
	if (alt && *alt) {
		raw_str(t, "[image: ");
		text(t, alt, strlen(alt));
		raw_str(t, "]");
	} else
		raw_str(t, "[image]");
}

static void write_inline(tw *t, const cb_node *n)
{
	size_t len;
	const char *s;
	switch (cb_node_get_kind(n)) {
	case CB_NODE_TEXT:
		s = cb_text_get(n, &len);
		text(t, s, len);
		break;
	case CB_NODE_BREAK:
		if (t->flat)
			raw(t, " ", 1);
		else if (t->want < 2)
			t->want++;
		break;
	case CB_NODE_LINK:
		if (!link_is_bare(n)) {
			write_inlines(t, n);
			raw_str(t, " ");
		}
		raw_str(t, "<");
		s = cb_link_target(n);
		text(t, s, strlen(s));
		raw_str(t, ">");
		break;
	case CB_NODE_NOTEREF:
		raw_str(t, "[^");
		raw_str(t, cb_note_id(n));
		raw_str(t, "]");
		break;
	case CB_NODE_IMAGE:
		write_image(t, n);
		break;
	default: /* a kind newer than this writer */
		break;
	}
}

static void write_inlines(tw *t, const cb_node *parent)
{
	for (const cb_node *c = cb_node_first_child(parent); c; c = cb_node_next(c))
		write_inline(t, c);
}

/* Content on one line: headings, and table cells. Saves the flat state so cells in cells work. */
static void write_flat(tw *t, const cb_node *n, bool blocks)
{
	bool flat = t->flat, has = t->flat_has, space = t->flat_space;
	if (!flat) {
		t->flat_has = false;
		t->flat_space = false;
	}
	t->flat = true;
	if (blocks)
		write_blocks(t, n, 1);
	else
		write_inlines(t, n);
	t->flat = flat;
	if (!flat) {
		t->flat_has = has;
		t->flat_space = space;
	}
}

/* Blocks with a marker in front (list items, notes); lines after the first are indented by
 * indent more than the marker's own line. */
static void write_marked(tw *t, const cb_node *n, const char *text_, size_t indent)
{
	if (t->flat) {
		raw_str(t, text_);
		write_blocks(t, n, 1);
		return;
	}
	marker m = {.text = text_, .base = t->indent, .outer = t->pend};
	size_t saved = t->indent;
	t->pend = &m;
	t->indent += indent;
	write_blocks(t, n, 1);
	if (t->pend == &m) /* nothing inside: the marker gets a line of its own */
		begin_line(t, true);
	t->indent = saved;
}

static void write_list(tw *t, const cb_node *list)
{
	bool ordered = cb_list_ordered(list);
	long number = cb_list_start(list);
	bool first = true;
	for (const cb_node *item = cb_node_first_child(list); item; item = cb_node_next(item)) {
		if (cb_node_get_kind(item) != CB_NODE_ITEM)
			continue;
		if (!first)
			separate(t, 1);
		first = false;
		char buf[32];
		if (ordered)
			snprintf(buf, sizeof buf, "%ld. ", number);
		else
			strcpy(buf, "- ");
		/* Wrap-around past LONG_MAX is harmless for a label; avoid the undefined overflow. */
		number = number == LONG_MAX ? number : number + 1;
		write_marked(t, item, buf, strlen(buf));
	}
}

/* Columns still covered by a cell above, for lining up rows of a table with row spans. */
typedef struct grid {
	unsigned *cover;
	size_t cap;
} grid;

static bool grid_reserve(tw *t, grid *g, size_t col)
{
	if (col < g->cap)
		return true;
	size_t cap = g->cap ? g->cap : 8;
	while (cap <= col)
		cap *= 2;
	unsigned *grown = realloc(g->cover, cap * sizeof *grown);
	if (!grown) {
		t->nomem = true;
		return false;
	}
	memset(grown + g->cap, 0, (cap - g->cap) * sizeof *grown);
	g->cover = grown;
	g->cap = cap;
	return true;
}

static void field_separator(tw *t, size_t col)
{
	if (col > 0)
		raw_str(t, t->flat ? " | " : "\t");
}

static void write_row(tw *t, grid *g, const cb_node *row)
{
	size_t col = 0;
	for (const cb_node *cell = cb_node_first_child(row); cell; cell = cb_node_next(cell)) {
		if (cb_node_get_kind(cell) != CB_NODE_CELL)
			continue;
		for (; col < g->cap && g->cover[col] > 0; col++) {
			g->cover[col]--;
			field_separator(t, col);
		}
		unsigned span = cb_cell_colspan(cell);
		if (span > TEXT_MAX_SPAN)
			span = TEXT_MAX_SPAN;
		if (!grid_reserve(t, g, col + span))
			return;
		field_separator(t, col);
		write_flat(t, cell, true);
		for (unsigned k = 0; k < span; k++, col++) {
			g->cover[col] = cb_cell_rowspan(cell) - 1;
			if (k > 0)
				field_separator(t, col);
		}
	}
	/* Covered columns after the last cell: no trailing empty fields, but the cover runs out. */
	for (; col < g->cap; col++)
		if (g->cover[col] > 0)
			g->cover[col]--;
}

static void write_table(tw *t, const cb_node *table)
{
	grid g = {0};
	for (const cb_node *row = cb_node_first_child(table); row && !t->nomem;
	     row = cb_node_next(row)) {
		if (cb_node_get_kind(row) != CB_NODE_ROW)
			continue;
		separate(t, 1);
		write_row(t, &g, row);
	}
	free(g.cover);
}

static void write_note(tw *t, const cb_node *note)
{
	const char *id = cb_note_id(note);
	size_t len = strlen(id) + 4;
	char *label = malloc(len + 1);
	if (!label) {
		t->nomem = true;
		return;
	}
	snprintf(label, len + 1, "[^%s] ", id);
	write_marked(t, note, label, 4);
	free(label);
}

static void write_block(tw *t, const cb_node *n, int gap)
{
	switch (cb_node_get_kind(n)) {
	case CB_NODE_HEADING:
		write_flat(t, n, false);
		break;
	case CB_NODE_PARAGRAPH:
		write_inlines(t, n);
		break;
	case CB_NODE_LIST:
		write_list(t, n);
		break;
	case CB_NODE_TABLE:
		write_table(t, n);
		break;
	case CB_NODE_IMAGE:
		write_image(t, n);
		break;
	case CB_NODE_NOTE:
		write_note(t, n);
		break;
	case CB_NODE_DIV: /* transparent: its blocks are spaced like its siblings */
		write_blocks(t, n, gap);
		break;
	default: /* a kind newer than this writer */
		break;
	}
}

/* Blocks separated by gap line ends: a blank line at the top level, one line end inside list
 * items and notes, a space inside table cells (see separate). */
static void write_blocks(tw *t, const cb_node *parent, int gap)
{
	if (t->depth >= TEXT_MAX_DEPTH) {
		t->too_deep = true;
		return;
	}
	t->depth++;
	bool first = true;
	for (const cb_node *c = cb_node_first_child(parent); c && !t->nomem; c = cb_node_next(c)) {
		if (!first)
			separate(t, gap);
		first = false;
		write_block(t, c, gap);
	}
	t->depth--;
}

static cb_code text_write(const cb_document *doc, cb_output *out)
{
	tw t = {.out = out};
	write_blocks(&t, cb_document_body_const(doc), 2);
	if (t.any)
		cb_output_write(out, "\n", 1);
	if (t.nomem) {
		cb_output_report(out, CB_SEV_ERROR, CB_E_NOMEM, "out of memory writing text");
		return CB_E_NOMEM;
	}
	if (t.too_deep) {
		cb_output_report(out, CB_SEV_ERROR, CB_E_LIMIT,
		                 "the document nests deeper than %d levels", TEXT_MAX_DEPTH);
		return CB_E_LIMIT;
	}
	return CB_OK;
}

static const char *const text_extensions[] = {"txt", "text", NULL};
static const char *const text_media_types[] = {"text/plain", NULL};

CB_PLUGIN_EXPORT = {
	.abi = CB_PLUGIN_ABI,
	.size = sizeof(cb_plugin_descriptor),
	.name = "text",
	.version = "0.1.0",
	.licence = "MIT",
	.summary = "plain UTF-8 text: headings, paragraphs, indented lists, tab-separated tables",
	.kind = CB_PLUGIN_WRITER,
	.extensions = text_extensions,
	.media_types = text_media_types,
	.write = text_write,
};
