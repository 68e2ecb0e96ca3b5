/* Tables: rows, cells, column spans (w:gridSpan, legacy w:hMerge), row spans (w:vMerge), header
 * rows, and tables nested in cells.
 *
 * Word writes a vertically merged cell as a "restart" cell followed, in each row below, by a
 * "continue" cell at the same grid column. The model wants one cell with a row span and no
 * cells for the continuations, and a cell's spans are fixed when it is created, so a table is
 * built in a staging document of its own while its rows stream past, with each cell's spans
 * counted beside it, and copied into place with the final spans when it ends. A continuation's
 * content (usually an empty paragraph, sometimes text) is appended to the cell it continues, so
 * nothing written in a merged cell is lost. Nested tables are finished, with their own spans,
 * before their cell is.
 *
 * Header rows: the leading rows marked w:tblHeader (repeated on each page); without any, the
 * first row when the table's look has a header row (Word's "Header Row" option), together with
 * the rows that header cells extend into. */
#include "config.h"

#include "docx.h"

#include <stdlib.h>
#include <string.h>

/* Word tables have at most 63 columns; a span or grid beyond this is damage, not layout. */
#define MAX_COLUMNS 1000
#define NONE ((size_t)-1)

typedef struct cell_info {
	unsigned rowspan, colspan;
	bool header;
	size_t row;    /* the row it was last extended into */
	cb_node *node; /* in the staging document */
} cell_info;

typedef struct table {
	dx_story *s;
	cb_document *stage;
	cb_node *node;
	cell_info *cells;
	size_t ncells, cap;
	size_t open[MAX_COLUMNS]; /* per grid column: the cell a vertical merge would continue */
	unsigned width;           /* grid columns used so far */
	size_t rows;              /* rows begun */
	bool look_header;         /* tblLook says the first row is a header */
	bool header_run;          /* every row so far is a header row */
	/* the row being read */
	cb_node *row;
	unsigned col, first_col;
	unsigned grid_after;       /* grid columns left empty at its end */
	bool marked_header;        /* w:tblHeader */
	bool continues_header;     /* a cell of it continues a header cell downwards */
	size_t first_cell;         /* index of its first cell */
	long last_cell;            /* index of its last cell, -1 before the first */
} table;

static int fail_syntax(dx_story *s) { return dx_fail(s->r, CB_E_SYNTAX); }

static int stage_failed(table *t)
{
	return dx_tree_failed(t->s->r, t->stage, t->s->part, cb_xml_line(t->s->x));
}

static long val_long(cb_xml *x, long fallback)
{
	char v[32];
	if (!dx_attr_buf(x, DX_NS_W, "val", v, sizeof v))
		return fallback;
	char *end;
	long n = strtol(v, &end, 10);
	return end == v ? fallback : n;
}

/* w:tblLook: firstRow="1", or bit 0x0020 of the older hexadecimal val. */
static void read_look(table *t)
{
	cb_xml *x = t->s->x;
	char v[16];
	if (dx_attr_buf(x, DX_NS_W, "firstRow", v, sizeof v))
		t->look_header = strcmp(v, "1") == 0 || strcmp(v, "true") == 0 ||
		                 strcmp(v, "on") == 0;
	else if (dx_attr_buf(x, DX_NS_W, "val", v, sizeof v))
		t->look_header = (strtoul(v, NULL, 16) & 0x0020) != 0;
}

/* Reads the children of a property element with fn(t) on each; fn must pass over it. */
static int properties(table *t, void (*fn)(table *t, void *arg), void *arg)
{
	cb_xml *x = t->s->x;
	int depth = dx_open_depth(x), rc;
	if (depth < 0)
		return 0;
	while ((rc = dx_next_child(x, depth)) == 1) {
		if (dx_node_ns(x) == DX_NS_W)
			fn(t, arg);
		if (dx_skip(x) < 0)
			return fail_syntax(t->s);
	}
	return rc < 0 ? fail_syntax(t->s) : 0;
}

static void tbl_property(table *t, void *arg)
{
	(void)arg;
	if (strcmp(dx_local(t->s->x), "tblLook") == 0)
		read_look(t);
}

/* --- cells ----------------------------------------------------------------------------------- */

typedef struct cell_props {
	unsigned span;
	int vmerge; /* 0 none, 1 restart, 2 continue */
	int hmerge;
} cell_props;

static int merge_kind(cb_xml *x)
{
	char v[16] = "";
	dx_attr_buf(x, DX_NS_W, "val", v, sizeof v);
	return strcmp(v, "restart") == 0 ? 1 : 2; /* no value means continue */
}

static void tc_property(table *t, void *arg)
{
	cell_props *p = arg;
	cb_xml *x = t->s->x;
	const char *local = dx_local(x);
	if (strcmp(local, "gridSpan") == 0) {
		long n = val_long(x, 1);
		p->span = n < 1 ? 1 : n > MAX_COLUMNS ? MAX_COLUMNS : (unsigned)n;
	} else if (strcmp(local, "vMerge") == 0)
		p->vmerge = merge_kind(x);
	else if (strcmp(local, "hMerge") == 0)
		p->hmerge = merge_kind(x);
}

static int new_cell(table *t, unsigned span, cb_node **container)
{
	if (t->ncells == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		cell_info *grown = realloc(t->cells, cap * sizeof *grown);
		if (!grown) {
			cb_input_report(t->s->r->in, CB_SEV_ERROR, CB_E_NOMEM, t->s->part, 0,
			                "out of memory");
			return dx_fail(t->s->r, CB_E_NOMEM);
		}
		t->cells = grown;
		t->cap = cap;
	}
	cb_node *node = cb_add_cell(t->row, 1, 1, false);
	if (!node)
		return stage_failed(t);
	t->cells[t->ncells] = (cell_info){.rowspan = 1, .colspan = span, .row = t->rows,
	                                  .node = node};
	t->last_cell = (long)t->ncells++;
	*container = node;
	return 0;
}

/* Decides where a cell's content goes and records its spans. */
static int place_cell(table *t, const cell_props *p, cb_node **container)
{
	unsigned col = t->col, span = p->span ? p->span : 1;
	if (col + span > MAX_COLUMNS) {
		dx_warn(t->s->r, t->s->part, cb_xml_line(t->s->x),
		        "a table row wider than %d columns: the rest is read as narrower",
		        MAX_COLUMNS);
		col = col < MAX_COLUMNS ? col : MAX_COLUMNS - 1;
		span = MAX_COLUMNS - col;
	}
	t->col = col + span;
	if (t->col > t->width)
		t->width = t->col;
	size_t up = p->vmerge == 2 ? t->open[col] : NONE;
	if (up != NONE) {
		cell_info *c = &t->cells[up];
		if (c->row != t->rows) {
			c->rowspan++;
			c->row = t->rows;
		}
		if (c->header)
			t->continues_header = true;
		*container = c->node;
		return 0;
	}
	if (p->vmerge == 2)
		dx_warn(t->s->r, t->s->part, cb_xml_line(t->s->x),
		        "a merged cell continues nothing above it: read as a cell of its own");
	if (p->hmerge == 2 && t->last_cell >= 0 && (size_t)t->last_cell >= t->first_cell) {
		cell_info *c = &t->cells[t->last_cell];
		c->colspan += span;
		*container = c->node;
		return 0;
	}
	if (new_cell(t, span, container) < 0)
		return -1;
	for (unsigned i = col; i < col + span; i++)
		t->open[i] = p->vmerge == 1 ? (size_t)t->last_cell : NONE;
	return 0;
}

typedef struct cell_ctx {
	table *t;
	cell_props props;
	bool placed;
	dx_blocks blocks;
} cell_ctx;

static int place(cell_ctx *c)
{
	cb_node *container;
	if (place_cell(c->t, &c->props, &container) < 0)
		return -1;
	c->placed = true;
	c->blocks = (dx_blocks){.doc = c->t->stage, .container = container};
	return 0;
}

static int cell_child(void *ctx)
{
	cell_ctx *c = ctx;
	cb_xml *x = c->t->s->x;
	if (!c->placed && dx_node_ns(x) == DX_NS_W && strcmp(dx_local(x), "tcPr") == 0)
		return properties(c->t, tc_property, &c->props);
	if (!c->placed && place(c) < 0)
		return -1;
	return dx_block(c->t->s, &c->blocks);
}

static int cell(table *t)
{
	cell_ctx c = {.t = t};
	int rc = dx_children(t->s, cell_child, &c);
	if (rc == 0 && !c.placed)
		rc = place(&c);
	return rc;
}

/* --- rows ------------------------------------------------------------------------------------ */

typedef struct row_ctx {
	table *t;
	bool deleted; /* a tracked deletion of the whole row */
} row_ctx;

static void tr_property(table *t, void *arg)
{
	row_ctx *rc = arg;
	cb_xml *x = t->s->x;
	const char *local = dx_local(x);
	if (strcmp(local, "gridBefore") == 0 || strcmp(local, "gridAfter") == 0) {
		long n = val_long(x, 0);
		unsigned cols = n < 0 ? 0 : n >= MAX_COLUMNS ? MAX_COLUMNS - 1 : (unsigned)n;
		if (local[4] == 'B')
			t->first_col = cols;
		else
			t->grid_after = cols;
	} else if (strcmp(local, "tblHeader") == 0)
		t->marked_header = dx_on(x);
	else if (strcmp(local, "del") == 0)
		rc->deleted = true;
}

static const char *const wrappers[] = {
	"sdt", "sdtContent", "customXml", "ins", "moveTo", "smartTag",
};

static bool is_wrapper(const char *local)
{
	return dx_in(local, wrappers, sizeof wrappers / sizeof *wrappers);
}

/* Grid columns a row leaves empty (w:gridBefore, w:gridAfter) become an empty cell spanning
 * them, so that the row's cells stay under the columns they belong to. */
static int pad(table *t, unsigned cols)
{
	cb_node *ignored;
	cell_props p = {.span = cols};
	return cols ? place_cell(t, &p, &ignored) : 0;
}

/* The row node, created with its leading padding once its properties are known. */
static int begin_row(table *t)
{
	if (t->row)
		return 0;
	if (!(t->row = cb_add_row(t->node)))
		return stage_failed(t);
	return pad(t, t->first_col);
}

static int row_child(void *ctx)
{
	row_ctx *c = ctx;
	table *t = c->t;
	cb_xml *x = t->s->x;
	const char *local = dx_local(x);
	dx_ns ns = dx_node_ns(x);
	if (ns == DX_NS_W && strcmp(local, "trPr") == 0)
		return properties(t, tr_property, c);
	if (c->deleted)
		return dx_skip(x) < 0 ? fail_syntax(t->s) : 0;
	if (begin_row(t) < 0)
		return -1;
	if (ns == DX_NS_W && strcmp(local, "tc") == 0)
		return cell(t);
	if (ns == DX_NS_W && is_wrapper(local))
		return dx_children(t->s, row_child, c);
	if (ns == DX_NS_MC && strcmp(local, "AlternateContent") == 0)
		return dx_alternate(t->s, row_child, c);
	return dx_skip(x) < 0 ? fail_syntax(t->s) : 0;
}

/* After a row: whether it was a header row, and which merges it interrupted. */
static void end_row(table *t)
{
	bool header = t->header_run && (t->marked_header || (t->rows == 0 && t->look_header) ||
	                                 (t->rows > 0 && t->continues_header));
	if (header)
		for (size_t i = t->first_cell; i < t->ncells; i++)
			t->cells[i].header = true;
	else
		t->header_run = false;
	/* A column the row did not reach ends any merge running down it. */
	for (unsigned i = t->col; i < t->width; i++)
		t->open[i] = NONE;
	t->rows++;
}

static int row(table *t)
{
	row_ctx c = {.t = t};
	t->row = NULL;
	t->col = t->first_col = t->grid_after = 0;
	t->marked_header = t->continues_header = false;
	t->first_cell = t->ncells;
	t->last_cell = -1;
	int rc = dx_children(t->s, row_child, &c);
	if (rc < 0)
		return rc;
	if (c.deleted)
		return 0;
	if (begin_row(t) < 0 || pad(t, t->grid_after) < 0)
		return -1;
	end_row(t);
	return 0;
}

/* --- tables ---------------------------------------------------------------------------------- */

static int table_child(void *ctx)
{
	table *t = ctx;
	cb_xml *x = t->s->x;
	const char *local = dx_local(x);
	dx_ns ns = dx_node_ns(x);
	if (ns == DX_NS_W && strcmp(local, "tblPr") == 0)
		return properties(t, tbl_property, NULL);
	if (ns == DX_NS_W && strcmp(local, "tr") == 0)
		return row(t);
	if (ns == DX_NS_W && is_wrapper(local))
		return dx_children(t->s, table_child, t);
	if (ns == DX_NS_MC && strcmp(local, "AlternateContent") == 0)
		return dx_alternate(t->s, table_child, t);
	return dx_skip(x) < 0 ? fail_syntax(t->s) : 0;
}

/* Copies the finished table into place with its final spans. Cells were created in the order
 * they are met here, so the i-th cell met is the i-th recorded. */
static int copy_table(table *t, dx_blocks *b)
{
	if (!cb_node_first_child(t->node))
		return 0; /* no rows: nothing to show */
	cb_node *dst = cb_add_table(b->container);
	size_t k = 0;
	for (const cb_node *r = cb_node_first_child(t->node); dst && r; r = cb_node_next(r)) {
		cb_node *row_node = cb_add_row(dst);
		if (!row_node)
			dst = NULL;
		for (const cb_node *c = cb_node_first_child(r); dst && c; c = cb_node_next(c)) {
			const cell_info *info = &t->cells[k++];
			cb_node *cell_node = cb_add_cell(row_node, info->rowspan, info->colspan,
			                                 info->header);
			if (!cell_node || dx_copy_children(cell_node, c) < 0)
				dst = NULL;
		}
	}
	if (!dst)
		return dx_tree_failed(t->s->r, b->doc, t->s->part, cb_xml_line(t->s->x));
	return 0;
}

int dx_table(dx_story *s, dx_blocks *b)
{
	table *t = calloc(1, sizeof *t);
	if (!t) {
		cb_input_report(s->r->in, CB_SEV_ERROR, CB_E_NOMEM, s->part, 0, "out of memory");
		return dx_fail(s->r, CB_E_NOMEM);
	}
	t->s = s;
	t->header_run = true;
	for (size_t i = 0; i < MAX_COLUMNS; i++)
		t->open[i] = NONE;
	int rc = -1;
	if ((t->stage = dx_stage_new(s->r))) {
		if (!(t->node = cb_add_table(cb_document_body(t->stage))))
			rc = stage_failed(t);
		else if ((rc = dx_children(s, table_child, t)) == 0)
			rc = copy_table(t, b);
	}
	cb_document_free(t->stage);
	free(t->cells);
	free(t);
	return rc;
}
