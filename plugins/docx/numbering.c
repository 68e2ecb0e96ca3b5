/* numbering.xml: list definitions and their counters.
 *
 * A paragraph says "numbering instance N, level L". The instance (w:num) points at an abstract
 * definition (w:abstractNum) holding nine levels of format, start value and label text, and may
 * override a level's start (a list that restarts at 1) or the whole level. Instances without
 * overrides share their abstract definition's counters, so two of them continue one sequence, as
 * Word shows them; an instance with overrides counts on its own. Counting an item at level L
 * restarts every deeper level. */
#include "config.h"

#include "docx.h"

#include <stdlib.h>
#include <string.h>

void dx_numbering_free(dx_numbering *n)
{
	for (size_t i = 0; i < n->nabstracts; i++)
		free(n->abstracts[i].num_style_link);
	free(n->abstracts);
	free(n->nums);
	*n = (dx_numbering){0};
}

static long attr_long(cb_xml *x, const char *local, long fallback)
{
	char v[32];
	if (!dx_attr_buf(x, DX_NS_W, local, v, sizeof v))
		return fallback;
	char *end;
	long n = strtol(v, &end, 10);
	return end == v ? fallback : n;
}

static int read_level(cb_xml *x, dx_level *lvl);

/* Newer Word puts w:numFmt in mc:AlternateContent: a w14 custom format ("001, 002") with a
 * plain fallback. The fallback is the one this reader maps. */
static int read_level_alternate(cb_xml *x, dx_level *lvl)
{
	int depth = dx_open_depth(x), rc = 0;
	if (depth < 0)
		return 0;
	while ((rc = dx_next_child(x, depth)) == 1) {
		if (dx_node_ns(x) == DX_NS_MC && strcmp(dx_local(x), "Fallback") == 0)
			rc = read_level(x, lvl);
		else
			rc = dx_skip(x);
		if (rc < 0)
			break;
	}
	return rc;
}

/* Reads the children of w:lvl (or of a fallback branch inside it). */
static int read_level(cb_xml *x, dx_level *lvl)
{
	int depth = dx_open_depth(x), rc = 0;
	if (depth < 0)
		return 0;
	lvl->defined = true;
	while ((rc = dx_next_child(x, depth)) == 1) {
		const char *local = dx_local(x);
		dx_ns ns = dx_node_ns(x);
		if (ns == DX_NS_MC && strcmp(local, "AlternateContent") == 0) {
			rc = read_level_alternate(x, lvl);
			continue;
		}
		if (ns == DX_NS_W && strcmp(local, "start") == 0)
			lvl->start = attr_long(x, "val", 1);
		else if (ns == DX_NS_W && strcmp(local, "numFmt") == 0)
			dx_attr_buf(x, DX_NS_W, "val", lvl->format, sizeof lvl->format);
		else if (ns == DX_NS_W && strcmp(local, "lvlText") == 0)
			dx_attr_buf(x, DX_NS_W, "val", lvl->text, sizeof lvl->text);
		if ((rc = dx_skip(x)) < 0)
			break;
	}
	return rc;
}

static void level_init(dx_level *lvl)
{
	*lvl = (dx_level){.start = 1};
	strcpy(lvl->format, "decimal");
}

static int read_abstract(cb_xml *x, dx_abstract *a)
{
	*a = (dx_abstract){.id = attr_long(x, "abstractNumId", -1)};
	for (int i = 0; i < DX_LEVELS; i++)
		level_init(&a->level[i]);
	int depth = dx_open_depth(x), rc = 0;
	if (depth < 0)
		return 0;
	while ((rc = dx_next_child(x, depth)) == 1) {
		const char *local = dx_local(x);
		if (dx_node_ns(x) != DX_NS_W)
			rc = dx_skip(x);
		else if (strcmp(local, "lvl") == 0) {
			long i = attr_long(x, "ilvl", -1);
			if (i >= 0 && i < DX_LEVELS)
				rc = read_level(x, &a->level[i]);
			else
				rc = dx_skip(x);
		} else if (strcmp(local, "numStyleLink") == 0 && !a->num_style_link)
			a->num_style_link = dx_attr(x, DX_NS_W, "val");
		else
			rc = dx_skip(x);
		if (rc < 0)
			break;
	}
	return rc;
}

static int read_override(cb_xml *x, dx_num *num)
{
	long i = attr_long(x, "ilvl", -1);
	int depth = dx_open_depth(x), rc = 0;
	if (i < 0 || i >= DX_LEVELS)
		return dx_skip(x);
	if (depth < 0)
		return 0;
	while ((rc = dx_next_child(x, depth)) == 1) {
		const char *local = dx_local(x);
		if (dx_node_ns(x) == DX_NS_W && strcmp(local, "startOverride") == 0) {
			num->start_override[i] = true;
			num->start[i] = attr_long(x, "val", 1);
			num->has_override = true;
		} else if (dx_node_ns(x) == DX_NS_W && strcmp(local, "lvl") == 0) {
			level_init(&num->level[i]);
			if ((rc = read_level(x, &num->level[i])) < 0)
				break;
			/* A whole level given again starts again, at its own start value. */
			num->start_override[i] = true;
			num->start[i] = num->level[i].start;
			num->has_override = true;
			continue;
		}
		if ((rc = dx_skip(x)) < 0)
			break;
	}
	return rc;
}

static int read_num(cb_xml *x, dx_num *num)
{
	*num = (dx_num){.id = attr_long(x, "numId", -1), .abstract_id = -1};
	int depth = dx_open_depth(x), rc = 0;
	if (depth < 0)
		return 0;
	while ((rc = dx_next_child(x, depth)) == 1) {
		const char *local = dx_local(x);
		if (dx_node_ns(x) != DX_NS_W)
			rc = dx_skip(x);
		else if (strcmp(local, "abstractNumId") == 0)
			num->abstract_id = attr_long(x, "val", -1);
		else if (strcmp(local, "lvlOverride") == 0)
			rc = read_override(x, num);
		else
			rc = dx_skip(x);
		if (rc < 0)
			break;
	}
	return rc;
}

/* Grows an array by one element; false when memory runs out. */
static bool grow(void **v, size_t n, size_t size)
{
	void *grown = realloc(*v, (n + 1) * size);
	if (grown)
		*v = grown;
	return grown != NULL;
}

int dx_numbering_load(dx_reader *r, const char *part)
{
	dx_numbering *n = &r->numbering;
	cb_xml *x = cb_xml_open_zip_entry(r->z, part);
	if (!x)
		return dx_fail(r, CB_E_SYNTAX);
	int rc;
	while ((rc = cb_xml_next(x)) == 1) {
		if (cb_xml_type(x) != CB_XML_START ||
		    dx_node_ns(x) != DX_NS_W)
			continue;
		const char *local = dx_local(x);
		bool abstract = strcmp(local, "abstractNum") == 0;
		if (!abstract && strcmp(local, "num") != 0)
			continue;
		bool ok = abstract
		              ? grow((void **)&n->abstracts, n->nabstracts, sizeof *n->abstracts)
		              : grow((void **)&n->nums, n->nnums, sizeof *n->nums);
		if (!ok) {
			cb_xml_report(x, CB_SEV_ERROR, CB_E_NOMEM, "out of memory");
			cb_xml_close(x);
			return dx_fail(r, CB_E_NOMEM);
		}
		if (abstract)
			rc = read_abstract(x, &n->abstracts[n->nabstracts++]);
		else
			rc = read_num(x, &n->nums[n->nnums++]);
		if (rc < 0)
			break;
	}
	cb_xml_close(x);
	return rc < 0 ? dx_fail(r, CB_E_SYNTAX) : 0;
}

static dx_num *find_num(dx_numbering *n, long id)
{
	for (size_t i = 0; i < n->nnums; i++)
		if (n->nums[i].id == id)
			return &n->nums[i];
	return NULL;
}

static dx_abstract *find_abstract(dx_numbering *n, long id)
{
	for (size_t i = 0; i < n->nabstracts; i++)
		if (n->abstracts[i].id == id)
			return &n->abstracts[i];
	return NULL;
}

/* Decodes the first UTF-8 character of s (0 when empty or malformed). */
static unsigned first_char(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	if (u[0] < 0x80)
		return u[0];
	if ((u[0] & 0xE0) == 0xC0 && (u[1] & 0xC0) == 0x80)
		return (u[0] & 0x1Fu) << 6 | (u[1] & 0x3Fu);
	if ((u[0] & 0xF0) == 0xE0 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80)
		return (u[0] & 0x0Fu) << 12 | (u[1] & 0x3Fu) << 6 | (u[2] & 0x3Fu);
	return 0;
}

/* Word's bullets are often characters of the Symbol or Wingdings fonts, stored in the Private
 * Use Area (U+F000 + the font's code): shown as what they look like. */
static const char *bullet(const dx_level *lvl)
{
	static const struct {
		unsigned code;
		const char *shown;
	} symbols[] = {
		{0xF0B7, "•"}, {0xF0A7, "▪"}, {0xF0D8, "➢"}, {0xF076, "❖"}, {0xF0FC, "✓"},
		{0xF06E, "■"}, {0xF06C, "●"}, {0xF071, "❑"}, {0xF075, "◆"}, {0xF0A8, "◻"},
		{0xF0E0, "➔"}, {0xF0F0, "⇨"}, {0xF0D7, "►"}, {0xF02D, "–"},
	};
	unsigned c = first_char(lvl->text);
	if (c == 0)
		return "•";
	if (c == 'o' && lvl->text[1] == '\0')
		return "◦"; /* Word's second-level bullet: a Courier New 'o' */
	if (c >= 0xE000 && c <= 0xF8FF) {
		for (size_t i = 0; i < sizeof symbols / sizeof *symbols; i++)
			if (symbols[i].code == c)
				return symbols[i].shown;
		return "•";
	}
	return lvl->text;
}

static void describe(const dx_level *lvl, dx_list_info *out)
{
	static const struct {
		const char *format, *style;
	} formats[] = {
		{"decimal", "decimal"},
		{"decimalZero", "decimal"},
		{"decimalFullWidth", "decimal"},
		{"decimalFullWidth2", "decimal"},
		{"decimalHalfWidth", "decimal"},
		{"lowerLetter", "lower-alpha"},
		{"upperLetter", "upper-alpha"},
		{"lowerRoman", "lower-roman"},
		{"upperRoman", "upper-roman"},
		{"ganada", "hangul"},
		{"chosung", "hangul-jamo"},
		{"decimalEnclosedCircle", "circled"},
		{"decimalEnclosedCircleChinese", "circled"},
	};
	out->ordered = true;
	out->style = NULL;
	if (strcmp(lvl->format, "bullet") == 0) {
		out->ordered = false;
		out->style = bullet(lvl);
		return;
	}
	if (strcmp(lvl->format, "none") == 0) {
		out->ordered = false;
		return;
	}
	for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
		if (strcmp(lvl->format, formats[i].format) == 0)
			out->style = formats[i].style;
}

/* The abstract definition of num, following a numbering style link once. */
static dx_abstract *definition(dx_reader *r, const dx_num *num)
{
	dx_abstract *a = find_abstract(&r->numbering, num->abstract_id);
	if (a && a->num_style_link) {
		long linked;
		int level;
		const dx_style *st = dx_style_find(&r->styles, a->num_style_link);
		dx_style_numbering(&r->styles, st, &linked, &level);
		dx_num *other = linked > 0 && linked != num->id ? find_num(&r->numbering, linked)
		                                                : NULL;
		dx_abstract *b = other ? find_abstract(&r->numbering, other->abstract_id) : NULL;
		if (b && !b->num_style_link)
			return b;
	}
	return a;
}

int dx_numbering_next(dx_reader *r, long num_id, int level, dx_list_info *out)
{
	if (num_id <= 0 || level < 0 || level >= DX_LEVELS)
		return 0;
	if (!r->numbering_loaded) {
		r->numbering_loaded = true;
		if (r->numbering_part && dx_numbering_load(r, r->numbering_part) < 0)
			return -1;
	}
	dx_num *num = find_num(&r->numbering, num_id);
	dx_abstract *a = num ? definition(r, num) : NULL;
	if (!a)
		return 0;
	const dx_level *lvl = num->level[level].defined ? &num->level[level] : &a->level[level];
	dx_counters *c = num->has_override ? &num->counters : &a->counters;
	if (!c->started[level])
		c->value[level] = num->start_override[level] ? num->start[level] : lvl->start;
	else
		c->value[level]++;
	c->started[level] = true;
	for (int i = level + 1; i < DX_LEVELS; i++)
		c->started[i] = false;
	describe(lvl, out);
	out->value = c->value[level];
	return 1;
}
