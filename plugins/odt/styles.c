/* Styles: what the paragraph, text and list styles of a document mean for the model.
 *
 * ODF keeps formatting out of the text: a span names a style, the style names its parent, and
 * bold is wherever in that chain a font weight is set. Only what the model can hold is kept:
 * the marks (bold, italic, underline, strike, super- and subscript), the outline level of
 * heading styles, and the numbering of each list level. Styles are read before the body in
 * every part order ODF allows, so lookups happen on a complete, sorted table. */
#include "odt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIST_LEVELS 10
/* Parent chains longer than this are loops or abuse; real documents use three or four. */
#define MAX_CHAIN 32

struct odt_style {
	odt_family family;
	const char *name;
	const char *parent;
	odt_marks marks;
	int outline;
	size_t seq; /* definition order: the later of two equal names wins */
	odt_level levels[LIST_LEVELS];
	bool has_level[LIST_LEVELS];
};

static const char *keep(odt *o, const char *s)
{
	if (!s)
		return NULL;
	const char *copy = cb_document_strndup(o->doc, s, strlen(s));
	odt_built(o, copy);
	return copy;
}

static odt_style *new_style(odt *o, odt_family family, const char *name)
{
	if (o->nstyles == o->cap_styles) {
		size_t cap = o->cap_styles ? o->cap_styles * 2 : 64;
		odt_style *grown = realloc(o->styles, cap * sizeof *grown);
		if (!grown) {
			odt_fail(o, CB_E_NOMEM, "out of memory");
			return NULL;
		}
		o->styles = grown;
		o->cap_styles = cap;
	}
	odt_style *s = &o->styles[o->nstyles];
	*s = (odt_style){.family = family, .seq = o->nstyles};
	if (!(s->name = keep(o, name)))
		return NULL;
	o->nstyles++;
	o->styles_sorted = false;
	return s;
}

/* --- marks ------------------------------------------------------------------------------- */

static bool is_bold_weight(const char *v)
{
	if (strcmp(v, "bold") == 0)
		return true;
	long w = strtol(v, NULL, 10);
	return w >= 600;
}

/* Korean text takes its weight and posture from the -asian attributes and other scripts from
 * fo: or -complex: office suites set all three together, other producers only one, so any of
 * them saying bold makes the text bold, and a style that sets one of them decides the mark. */
static void script_triplet(odt *o, odt_marks *m, unsigned mark, const char *fo_name,
                           const char *style_base, bool (*on)(const char *))
{
	char asian[48], complex[48];
	snprintf(asian, sizeof asian, "%s-asian", style_base);
	snprintf(complex, sizeof complex, "%s-complex", style_base);
	char *v[3] = {odt_attr(o, NS_FO, fo_name), odt_attr(o, NS_STYLE, asian),
	              odt_attr(o, NS_STYLE, complex)};
	for (int i = 0; i < 3; i++) {
		if (!v[i])
			continue;
		m->mask |= mark;
		if (on(v[i]))
			m->on |= mark;
		free(v[i]);
	}
}

static bool is_italic(const char *v)
{
	return strcmp(v, "italic") == 0 || strcmp(v, "oblique") == 0;
}

static bool is_drawn_line(const char *v)
{
	return strcmp(v, "none") != 0;
}

static void line_mark(odt *o, odt_marks *m, unsigned mark, const char *attr)
{
	char *v = odt_attr(o, NS_STYLE, attr);
	if (!v)
		return;
	m->mask |= mark;
	if (is_drawn_line(v))
		m->on |= mark;
	free(v);
}

/* style:text-position is "super", "sub", or a percentage (positive raises) and a size. */
static void position_mark(odt *o, odt_marks *m)
{
	char *v = odt_attr(o, NS_STYLE, "text-position");
	if (!v)
		return;
	m->mask |= CB_MARK_SUPERSCRIPT | CB_MARK_SUBSCRIPT;
	if (strncmp(v, "super", 5) == 0)
		m->on |= CB_MARK_SUPERSCRIPT;
	else if (strncmp(v, "sub", 3) == 0)
		m->on |= CB_MARK_SUBSCRIPT;
	else {
		double pct = strtod(v, NULL);
		if (pct > 0)
			m->on |= CB_MARK_SUPERSCRIPT;
		else if (pct < 0)
			m->on |= CB_MARK_SUBSCRIPT;
	}
	free(v);
}

static void text_properties(odt *o, odt_style *s)
{
	odt_marks m = s->marks;
	script_triplet(o, &m, CB_MARK_BOLD, "font-weight", "font-weight", is_bold_weight);
	script_triplet(o, &m, CB_MARK_ITALIC, "font-style", "font-style", is_italic);
	line_mark(o, &m, CB_MARK_UNDERLINE, "text-underline-style");
	line_mark(o, &m, CB_MARK_STRIKE, "text-line-through-style");
	position_mark(o, &m);
	s->marks = m;
}

/* --- reading the definitions --------------------------------------------------------------- */

static void read_style(odt *o)
{
	char *family = odt_attr(o, NS_STYLE, "family");
	char *name = odt_attr(o, NS_STYLE, "name");
	odt_family f = ODT_TEXT;
	bool wanted = family && name;
	if (wanted && strcmp(family, "paragraph") == 0)
		f = ODT_PARAGRAPH;
	else if (!wanted || strcmp(family, "text") != 0)
		wanted = false;
	odt_style *s = wanted ? new_style(o, f, name) : NULL;
	free(family);
	free(name);
	if (!s)
		return;
	char *parent = odt_attr(o, NS_STYLE, "parent-style-name");
	s->parent = keep(o, parent);
	free(parent);
	s->outline = (int)odt_attr_long(o, NS_STYLE, "default-outline-level", 0, 0, 10);
	/* s may move when a later style grows the table; remember its place. */
	size_t at = (size_t)(s - o->styles);
	odt_scope sc = odt_enter(o);
	while (odt_next_child(o, &sc))
		if (odt_is(o, NS_STYLE, "text-properties"))
			text_properties(o, &o->styles[at]);
}

/* LibreOffice spells the Korean and circled numberings as a sample of their sequence
 * ("가, 나, 다, ..."); ODF's own formats are single letters. */
static const char *numbering_style(const char *fmt)
{
	static const struct {
		const char *prefix, *style;
	} map[] = {
		{"1", "decimal"},       {"a", "lower-alpha"},  {"A", "upper-alpha"},
		{"i", "lower-roman"},   {"I", "upper-roman"},  {"가", "hangul"},
		{"ㄱ", "hangul-jamo"}, {"①", "circled"},
	};
	for (size_t i = 0; i < sizeof map / sizeof *map; i++) {
		size_t n = strlen(map[i].prefix);
		if (strncmp(fmt, map[i].prefix, n) == 0 && (fmt[n] == '\0' || fmt[n] == ','))
			return map[i].style;
	}
	return NULL;
}

static void read_list_level(odt *o, odt_style *s)
{
	long level = odt_attr_long(o, NS_TEXT, "level", 0, 0, LIST_LEVELS);
	if (level < 1)
		return;
	odt_level lv = {.start = 1};
	if (odt_is(o, NS_TEXT, "list-level-style-number")) {
		char *fmt = odt_attr(o, NS_STYLE, "num-format");
		/* An empty format means "no number": the items are not numbered at all. */
		lv.ordered = fmt && *fmt;
		lv.style = lv.ordered ? numbering_style(fmt) : NULL;
		free(fmt);
		lv.start = odt_attr_long(o, NS_TEXT, "start-value", 1, 0, 1000000000L);
	} else if (odt_is(o, NS_TEXT, "list-level-style-bullet")) {
		char *bullet = odt_attr(o, NS_TEXT, "bullet-char");
		lv.style = bullet && *bullet ? keep(o, bullet) : NULL;
		free(bullet);
	}
	s->levels[level - 1] = lv;
	s->has_level[level - 1] = true;
}

static void read_list_style(odt *o)
{
	char *name = odt_attr(o, NS_STYLE, "name");
	odt_style *s = name ? new_style(o, ODT_LIST, name) : NULL;
	free(name);
	if (!s)
		return;
	size_t at = (size_t)(s - o->styles);
	odt_scope sc = odt_enter(o);
	while (odt_next_child(o, &sc))
		if (odt_is(o, NS_TEXT, "list-level-style-number") ||
		    odt_is(o, NS_TEXT, "list-level-style-bullet") ||
		    odt_is(o, NS_TEXT, "list-level-style-image"))
			read_list_level(o, &o->styles[at]);
}

void odt_styles_read(odt *o)
{
	odt_scope sc = odt_enter(o);
	while (odt_next_child(o, &sc) && !o->failed) {
		if (odt_is(o, NS_STYLE, "style"))
			read_style(o);
		else if (odt_is(o, NS_TEXT, "list-style"))
			read_list_style(o);
	}
}

/* --- lookups ----------------------------------------------------------------------------- */

static int by_key(const void *a, const void *b)
{
	const odt_style *x = a, *y = b;
	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	int c = strcmp(x->name, y->name);
	if (c)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Sorts by family and name and keeps, of equal names, the one defined last (content.xml's
 * automatic styles come after styles.xml's common ones). */
static void sort_styles(odt *o)
{
	qsort(o->styles, o->nstyles, sizeof *o->styles, by_key);
	size_t kept = 0;
	for (size_t i = 0; i < o->nstyles; i++) {
		if (i + 1 < o->nstyles && o->styles[i + 1].family == o->styles[i].family &&
		    strcmp(o->styles[i + 1].name, o->styles[i].name) == 0)
			continue;
		o->styles[kept++] = o->styles[i];
	}
	o->nstyles = kept;
	o->styles_sorted = true;
}

static const odt_style *find(odt *o, odt_family family, const char *name)
{
	if (!name || !o->nstyles)
		return NULL;
	if (!o->styles_sorted)
		sort_styles(o);
	odt_style key = {.family = family, .name = name};
	size_t lo = 0, hi = o->nstyles;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const odt_style *s = &o->styles[mid];
		int c = s->family != family ? (s->family < family ? -1 : 1) : strcmp(s->name, key.name);
		if (c == 0)
			return s;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

odt_marks odt_style_marks(odt *o, odt_family family, const char *name)
{
	/* Walk from the named style up to its root, then apply from the root down, so that the
	 * nearest style's setting wins. */
	const odt_style *chain[MAX_CHAIN];
	size_t n = 0;
	for (const odt_style *s = find(o, family, name); s && n < MAX_CHAIN;
	     s = find(o, family, s->parent))
		chain[n++] = s;
	odt_marks m = {0, 0};
	while (n--) {
		m.on = (m.on & ~chain[n]->marks.mask) | (chain[n]->marks.on & chain[n]->marks.mask);
		m.mask |= chain[n]->marks.mask;
	}
	return m;
}

int odt_style_outline(odt *o, const char *name)
{
	size_t n = 0;
	for (const odt_style *s = find(o, ODT_PARAGRAPH, name); s && n < MAX_CHAIN;
	     s = find(o, ODT_PARAGRAPH, s->parent), n++)
		if (s->outline > 0)
			return s->outline;
	return 0;
}

odt_level odt_list_level(odt *o, const char *list_style, int level)
{
	odt_level none = {.ordered = false, .start = 1, .style = NULL};
	const odt_style *s = find(o, ODT_LIST, list_style);
	if (!s || level < 1)
		return none;
	if (level > LIST_LEVELS)
		level = LIST_LEVELS;
	return s->has_level[level - 1] ? s->levels[level - 1] : none;
}

void odt_styles_free(odt *o)
{
	free(o->styles);
	o->styles = NULL;
	o->nstyles = o->cap_styles = 0;
}
