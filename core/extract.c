/* Field extraction. Submissions put their fields in a header table whose label cells are worded
 * differently by each school (학교명, 학 교 명, 기관명), or in "label: value" lines; the
 * profile's label patterns decide what a label is, and the table's grid (spans included) decides
 * where its value is. */
#include "config.h"

#include "extract.h"

#include "normalise.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

bool cbi_consumed_has(const cbi_consumed *c, const cb_node *node, size_t line)
{
	for (size_t i = 0; i < c->count; i++)
		if (c->items[i].node == node && (c->items[i].line == line || c->items[i].line == CBI_WHOLE))
			return true;
	return false;
}

static bool consume(cbi_consumed *c, const cb_node *node, size_t line)
{
	struct consumed_item *grown = realloc(c->items, (c->count + 1) * sizeof *grown);
	if (!grown)
		return false;
	c->items = grown;
	c->items[c->count++] = (struct consumed_item){node, line};
	return true;
}

void cbi_consumed_free(cbi_consumed *c)
{
	free(c->items);
	memset(c, 0, sizeof *c);
}

void cbi_values_free(cbi_value fields[CBI_F_COUNT])
{
	for (int f = 0; f < CBI_F_COUNT; f++) {
		free(fields[f].text);
		free(fields[f].original);
		fields[f] = (cbi_value){NULL, NULL, CBI_SRC_NONE};
	}
}

typedef struct extraction {
	const cb_profile *p;
	cbi_value *fields;
	cbi_consumed *consumed;
	bool in_section; /* scanning tables inside the profile's sections */
	bool failed;
} extraction;

/* Sets a field from light text (taking ownership); false if it was already set or is empty. */
static bool set_field(extraction *x, cbi_field f, char *light, cbi_source src)
{
	if (!light || !*light || x->fields[f].text) {
		free(light);
		return false;
	}
	char *full = cbi_norm_full(light);
	if (!full) {
		free(light);
		x->failed = true;
		return false;
	}
	x->fields[f] = (cbi_value){full, light, src};
	return true;
}

/* --- tables ------------------------------------------------------------------------------- */

/* A table's cells placed on their grid, spans included: at[r * cols + c] is the cell covering
 * row r, column c (NULL for a hole in a ragged table). */
typedef struct grid {
	size_t rows, cols;
	const cb_node **at;
} grid;

static bool grid_build(const cb_node *table, grid *g)
{
	size_t rows = 0, cols = 0, extra = 0;
	for (const cb_node *r = cb_node_first_child(table); r; r = cb_node_next(r)) {
		size_t sum = 0;
		for (const cb_node *c = cb_node_first_child(r); c; c = cb_node_next(c)) {
			sum += cb_cell_colspan(c);
			if (cb_cell_rowspan(c) > 1)
				extra += cb_cell_colspan(c);
		}
		cols = sum > cols ? sum : cols;
		rows++;
	}
	cols += extra;
	if (!rows || !cols || rows > 4096 || cols > 4096) {
		*g = (grid){0, 0, NULL};
		return rows == 0 || cols == 0;
	}
	g->rows = rows;
	g->cols = cols;
	g->at = calloc(rows * cols, sizeof *g->at);
	if (!g->at)
		return false;
	size_t r = 0;
	for (const cb_node *row = cb_node_first_child(table); row; row = cb_node_next(row), r++) {
		size_t c = 0;
		for (const cb_node *cell = cb_node_first_child(row); cell; cell = cb_node_next(cell)) {
			while (c < cols && g->at[r * cols + c])
				c++;
			if (c >= cols)
				break;
			size_t rs = cb_cell_rowspan(cell), cs = cb_cell_colspan(cell);
			for (size_t dr = 0; dr < rs && r + dr < rows; dr++)
				for (size_t dc = 0; dc < cs && c + dc < cols; dc++)
					if (!g->at[(r + dr) * cols + c + dc])
						g->at[(r + dr) * cols + c + dc] = cell;
			c += cs;
		}
	}
	return true;
}

static const cb_node *grid_at(const grid *g, size_t r, size_t c)
{
	return r < g->rows && c < g->cols ? g->at[r * g->cols + c] : NULL;
}

/* A cell's text, lightly normalised, its lines joined by sep. Caller frees. */
static char *cell_light(const cb_node *cell, const char *sep)
{
	char *raw = cbi_node_text(cell);
	if (!raw)
		return NULL;
	char *light = cbi_norm_light(raw, strlen(raw));
	free(raw);
	if (!light || !strchr(light, '\n'))
		return light;
	cbi_buf b = CBI_BUF_INIT;
	for (const char *s = light;;) {
		size_t n = strcspn(s, "\n");
		cbi_buf_add(&b, s, n);
		if (!s[n])
			break;
		/* "기관,\n센터" already has its comma. */
		bool separated = b.len && strchr(",;/", b.data[b.len - 1]);
		cbi_buf_puts(&b, separated ? " " : sep);
		s += n + 1;
	}
	free(light);
	return cbi_buf_steal(&b);
}

/* The field whose label the whole of light text is, or -1. */
static int label_of_text(const extraction *x, const char *light)
{
	char *full = cbi_norm_full(light);
	int found = -1;
	for (int f = 0; full && *full && f < CBI_F_COUNT && found < 0; f++)
		if (cbi_patterns_find(&x->p->fields[f].cell, full, NULL, NULL) >= 0)
			found = f;
	free(full);
	return found;
}

/* The field whose label the cell is, or -1. */
static int label_of(const extraction *x, const cb_node *cell)
{
	char *light = cell ? cell_light(cell, " ") : NULL;
	int found = light ? label_of_text(x, light) : -1;
	free(light);
	return found;
}

static bool cell_empty(const cb_node *cell)
{
	char *light = cell_light(cell, " ");
	bool empty = !light || !*light;
	free(light);
	return empty;
}

/* Whether every cell of row r that holds text is a label: a row of labels over a row of values. */
static bool label_row(const extraction *x, const grid *g, size_t r)
{
	for (size_t c = 0; c < g->cols; c++) {
		const cb_node *cell = grid_at(g, r, c);
		if (cell && (c == 0 || grid_at(g, r, c - 1) != cell) && !cell_empty(cell) &&
		    label_of(x, cell) < 0)
			return false;
	}
	return true;
}

/* The cell that holds a label's value: to its right, or below it in a row of labels. */
static const cb_node *value_cell(const extraction *x, const grid *g, size_t r, size_t c)
{
	const cb_node *label = grid_at(g, r, c);
	size_t cc = c;
	while (cc < g->cols && grid_at(g, r, cc) == label)
		cc++;
	const cb_node *right = grid_at(g, r, cc);
	if (right && !cell_empty(right) && label_of(x, right) < 0)
		return right;
	size_t rr = r;
	while (rr < g->rows && grid_at(g, rr, c) == label)
		rr++;
	const cb_node *below = grid_at(g, rr, c);
	if (below && !cell_empty(below) && label_of(x, below) < 0 && label_row(x, g, r))
		return below;
	return NULL;
}

static int scan_lines(extraction *x, const cb_node *n);

/* Fields of one table; returns how many it gave. */
static int scan_table(extraction *x, const cb_node *table)
{
	bool had[CBI_F_COUNT];
	for (int f = 0; f < CBI_F_COUNT; f++)
		had[f] = x->fields[f].text != NULL;
	size_t consumed_before = x->consumed->count;
	grid g;
	if (!grid_build(table, &g)) {
		x->failed = true;
		return 0;
	}
	int used = 0;
	for (size_t r = 0; r < g.rows; r++) {
		for (size_t c = 0; c < g.cols; c++) {
			const cb_node *cell = grid_at(&g, r, c);
			if (!cell || (r > 0 && grid_at(&g, r - 1, c) == cell) ||
			    (c > 0 && grid_at(&g, r, c - 1) == cell))
				continue; /* a hole, or a spanning cell met again */
			int f = label_of(x, cell);
			if (f < 0) {
				used += scan_lines(x, cell);
				continue;
			}
			if (x->fields[f].text)
				continue;
			const cb_node *v = value_cell(x, &g, r, c);
			if (v && set_field(x, (cbi_field)f, cell_light(v, f == CBI_F_PARTNERS ? ", " : " "),
			                   CBI_SRC_TABLE))
				used++;
		}
	}
	free(g.at);
	/* Inside a section, a table is content (a schedule: 기간 | 내용 | 장소) unless it is
	 * plainly a label/value table: one stray label there is not a field. */
	if (x->in_section && used < 2) {
		for (int f = 0; f < CBI_F_COUNT; f++)
			if (!had[f] && x->fields[f].text) {
				free(x->fields[f].text);
				free(x->fields[f].original);
				x->fields[f] = (cbi_value){NULL, NULL, CBI_SRC_NONE};
			}
		x->consumed->count = consumed_before;
		used = 0;
	}
	return used;
}

/* --- lines -------------------------------------------------------------------------------- */

/* A line that is a table row pasted into text: cells apart by tabs or wide spaces
 * ("학교명<TAB>빛고을초<TAB>교육복지사 배치<TAB>배치"). Each label takes the cell after it. True
 * when the line held a label. */
static bool scan_row_line(extraction *x, const cb_node *para, size_t index, const char *raw)
{
	char *cells[16];
	size_t n = 0;
	for (const char *s = raw; *s && n < 16;) {
		while (*s == ' ' || *s == '\t')
			s++;
		const char *e = s;
		while (*e && *e != '\t' && !(e[0] == ' ' && e[1] == ' '))
			e++;
		if (e > s && !(cells[n] = cbi_norm_light(s, (size_t)(e - s))))
			x->failed = true;
		else if (e > s)
			n++;
		s = e;
	}
	bool any = false;
	for (size_t i = 0; n >= 2 && i < n; i++) {
		int f = label_of_text(x, cells[i]);
		if (f < 0)
			continue;
		any = true;
		if (i + 1 < n && label_of_text(x, cells[i + 1]) < 0) {
			set_field(x, (cbi_field)f, cells[i + 1], CBI_SRC_LINE);
			cells[++i] = NULL;
		}
	}
	for (size_t i = 0; i < n; i++)
		free(cells[i]);
	if (any && !consume(x->consumed, para, index))
		x->failed = true;
	return any;
}

/* Whether a "label: value" of some field begins text (fully normalised). */
static bool begins_with_label(const extraction *x, const char *full)
{
	for (int f = 0; f < CBI_F_COUNT; f++)
		if (cbi_patterns_find(&x->p->fields[f].line, full, NULL, NULL) >= 0)
			return true;
	return false;
}

/* The "label: value" pairs of a line, light and fully normalised: several may share a line
 * ("학교명: 가온초 / 담당: 김하늘"), each value ending where the next label begins. True when
 * the line began with a label. */
static bool scan_pairs(extraction *x, const char *light, const char *full, int depth)
{
	for (int f = 0; *full && f < CBI_F_COUNT; f++) {
		const cbi_patterns *ps = &x->p->fields[f].line;
		for (size_t i = 0; i < ps->count; i++) {
			cbi_match m;
			int g = cbi_regex_group(ps->items[i].re, "value");
			if (g < 0 || cbi_regex_find(ps->items[i].re, full, strlen(full), 0, &m) != 1 ||
			    m.group_start[g] == (size_t)-1)
				continue;
			size_t vs = m.group_start[g], ve = m.group_end[g], next = 0;
			for (size_t p = vs; depth < 8 && p < ve && !next; p++)
				if (full[p] == ' ' && begins_with_label(x, full + p + 1))
					next = p + 1;
			size_t cut = next ? next - 1 : ve;
			while (cut > vs && strchr(" /|,", full[cut - 1]))
				cut--;
			/* The label is this field's even when the field is already known: the text is
			 * spent either way, and no other field may read it. */
			char *value = cbi_norm_light_slice(light, full, vs, cut);
			if (value && *value && !x->fields[f].text)
				set_field(x, (cbi_field)f, value, CBI_SRC_LINE);
			else
				free(value);
			if (next) {
				char *light2 = cbi_norm_light_slice(light, full, next, strlen(full));
				if (light2)
					scan_pairs(x, light2, full + next, depth + 1);
				free(light2);
			}
			return true;
		}
	}
	return false;
}

/* Tries the line patterns on one line of a paragraph; true when it gave a field. */
static bool scan_line(extraction *x, const cb_node *para, size_t index, const char *raw)
{
	if ((strchr(raw, '\t') || strstr(raw, "  ")) && scan_row_line(x, para, index, raw))
		return true;
	char *light = cbi_norm_light(raw, strlen(raw));
	char *full = light ? cbi_norm_full(light) : NULL;
	bool used = full && scan_pairs(x, light, full, 0);
	if (used && !consume(x->consumed, para, index))
		x->failed = true;
	free(light);
	free(full);
	return used;
}

/* Every line of every paragraph in n (a paragraph, a list, a cell). Returns fields found. */
static int scan_lines(extraction *x, const cb_node *n)
{
	cb_node_kind k = cb_node_get_kind(n);
	if (k == CB_NODE_PARAGRAPH || k == CB_NODE_HEADING) {
		int used = 0;
		char *line;
		for (size_t i = 0; (line = cbi_node_line(n, i)); i++) {
			bool was_found[CBI_F_COUNT];
			for (int f = 0; f < CBI_F_COUNT; f++)
				was_found[f] = x->fields[f].text != NULL;
			if (scan_line(x, n, i, line))
				for (int f = 0; f < CBI_F_COUNT; f++)
					used += !was_found[f] && x->fields[f].text;
			free(line);
		}
		return used;
	}
	if (k == CB_NODE_TABLE)
		return 0;
	int used = 0;
	for (const cb_node *c = cb_node_first_child(n); c; c = cb_node_next(c))
		used += scan_lines(x, c);
	return used;
}

/* --- metadata ----------------------------------------------------------------------------- */

static bool has_hangul(const char *s)
{
	for (size_t i = 0; s[i];)
		if (cbi_is_syllable(cbi_utf8_next(s, &i)))
			return true;
	return false;
}

/* A title or creator in the document's metadata, when it reads like one (file titles such as
 * "1111" and user names such as "kjihy" are what editors leave there). */
static void from_meta(extraction *x, const cb_document *doc, cbi_field f, const char *key)
{
	const char *v = cb_document_meta(doc, key);
	if (!v || x->fields[f].text || !x->p->fields[f].declared || !has_hangul(v))
		return;
	set_field(x, f, cbi_norm_light(v, strlen(v)), CBI_SRC_META);
}

/* --- the passes --------------------------------------------------------------------------- */

static void scan_tables(extraction *x, const cbi_blocks *b, const cbi_outline *o, bool known)
{
	for (size_t i = 0; i < b->count && !x->failed; i++) {
		const cb_node *n = b->items[i];
		if (cb_node_get_kind(n) != CB_NODE_TABLE || cbi_consumed_has(x->consumed, n, CBI_WHOLE))
			continue;
		const cbi_section *s = &o->items[cbi_outline_section_of(o, i)];
		if (cbi_section_is_known(s) != known)
			continue;
		x->in_section = known;
		/* A table that gave two fields or more is the header table: it is not content. */
		if (scan_table(x, n) >= 2 && !consume(x->consumed, n, CBI_WHOLE))
			x->failed = true;
	}
}

bool cbi_extract_fields(const cb_profile *p, const cb_document *doc, const cbi_blocks *b,
                        const cbi_outline *o, cbi_value fields[CBI_F_COUNT],
                        cbi_consumed *consumed)
{
	extraction x = {p, fields, consumed, false, false};
	scan_tables(&x, b, o, false);
	for (size_t i = 0; i < b->count && !x.failed; i++) {
		const cbi_section *s = &o->items[cbi_outline_section_of(o, i)];
		if (!cbi_section_is_known(s) && s->heading_block != i &&
		    cb_node_get_kind(b->items[i]) != CB_NODE_TABLE)
			scan_lines(&x, b->items[i]);
	}
	scan_tables(&x, b, o, true);
	from_meta(&x, doc, CBI_F_TITLE, "title");
	from_meta(&x, doc, CBI_F_AUTHOR, "creator");
	return !x.failed;
}
