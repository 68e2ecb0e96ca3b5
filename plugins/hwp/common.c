/* The Hangul document model, read from either spelling (see common.h).
 *
 * Reading is streaming: nodes arrive one at a time and go into the tree as they come, with three
 * exceptions that the model's append-only builder forces:
 *   - a table's cells are placed by their address, and HWPX gives a cell's address and spans only
 *     after its content, so a table is built in a scratch document, cell by cell, and copied into
 *     place, in address order, when it ends (nested tables the same way, one level at a time);
 *   - a note is added as the block after the paragraph that refers to it while that paragraph is
 *     still open (a node can gain children after it has gained later siblings);
 *   - HWPML keeps picture data after the body, so its pictures point at media ids that are filled
 *     in at the end (hwp_finish drops pictures whose data never came).
 * Everything else is decided from what is on the stacks when a node arrives.
 *
 * What is left out, on purpose: page headers and footers, hidden comments, shape comments (the
 * automatic "그림입니다" / "수식입니다" captions; a picture's own comment becomes its alt text when
 * a person wrote it), tracked deletions, automatic page numbers, layout caches. Equations are kept
 * as their script, in Hancom's equation language, inline where they stand. */
#include "config.h"

#include "common.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Levels of outlines, numbering and bullets Hangul offers (7 before Hangul 2022, 10 since). */
#define HWP_LEVELS 10
/* Ids of styles, shapes and numberings above this are ignored: real files stay far below, and
 * a table indexed by id must not grow at a hostile number's command. */
#define HWP_MAX_ID 65535ul
/* Tables larger than this are not checked for overlapping cells (the check needs a bit a
 * position); their cells are still placed by address. */
#define HWP_MAX_GRID (1ul << 24)
/* Rows and columns a table may claim: HWP stores both as 16-bit numbers. */
#define HWP_MAX_DIM 65535ul
/* Fields open at once. Real documents nest two or three (a click-here field around a
 * hyperlink); fields never closed must not make every piece of text search a long stack. */
#define HWP_MAX_FIELDS 64

/* --- the two spellings ------------------------------------------------------------------- */

/* Matched by local name, so the 2011 hancom.co.kr and the 2024 owpml.org namespaces (the same
 * names under other URIs) and files with undeclared prefixes all read alike. Hancom's own
 * spellings are listed as written ("supscript"); the standard's where it differs as well. */
/* Slots of the element-name table (hwp_reader): a power of two, at least twice the number of
 * names of either format, so that open addressing finds a name in one or two probes. */
#define NAME_SLOTS 256

static const hwp_name hwpx_elements[] = {
	{"sec", HWP_EL_SECTION}, {"p", HWP_EL_P}, {"run", HWP_EL_RUN}, {"t", HWP_EL_T},
	{"tab", HWP_EL_TAB}, {"lineBreak", HWP_EL_LINE_BREAK}, {"nbSpace", HWP_EL_NB_SPACE},
	{"fwSpace", HWP_EL_FW_SPACE}, {"hyphen", HWP_EL_HYPHEN},
	{"deleteBegin", HWP_EL_DELETE_BEGIN}, {"deleteEnd", HWP_EL_DELETE_END},
	{"tbl", HWP_EL_TABLE}, {"tr", HWP_EL_ROW}, {"tc", HWP_EL_CELL},
	{"cellAddr", HWP_EL_CELL_ADDR}, {"cellSpan", HWP_EL_CELL_SPAN},
	{"footNote", HWP_EL_FOOTNOTE}, {"endNote", HWP_EL_ENDNOTE}, {"autoNum", HWP_EL_AUTONUM},
	{"header", HWP_EL_SKIP}, {"footer", HWP_EL_SKIP}, {"hiddenComment", HWP_EL_SKIP},
	{"secPr", HWP_EL_SKIP}, {"linesegarray", HWP_EL_SKIP}, {"subText", HWP_EL_SKIP},
	{"shapeComment", HWP_EL_SHAPE_COMMENT}, {"pic", HWP_EL_PICTURE}, {"img", HWP_EL_IMAGE},
	{"script", HWP_EL_SCRIPT}, {"fieldBegin", HWP_EL_FIELD_BEGIN},
	{"fieldEnd", HWP_EL_FIELD_END}, {"stringParam", HWP_EL_STRING_PARAM},
	{"caption", HWP_EL_CAPTION}, {"drawText", HWP_EL_TEXT_BOX},
	{"switch", HWP_EL_SWITCH}, {"case", HWP_EL_CASE}, {"default", HWP_EL_DEFAULT},
	{"compose", HWP_EL_COMPOSE}, {"checkBtn", HWP_EL_CHECK_BUTTON},
	{"radioBtn", HWP_EL_RADIO_BUTTON}, {"mainText", HWP_EL_MAIN_TEXT},
	{"paraPr", HWP_EL_PARA_SHAPE}, {"heading", HWP_EL_HEADING}, {"style", HWP_EL_STYLE},
	{"charPr", HWP_EL_CHAR_SHAPE}, {"bold", HWP_EL_BOLD}, {"italic", HWP_EL_ITALIC},
	{"underline", HWP_EL_UNDERLINE}, {"strikeout", HWP_EL_STRIKEOUT},
	{"supscript", HWP_EL_SUPERSCRIPT}, {"superscript", HWP_EL_SUPERSCRIPT},
	{"subscript", HWP_EL_SUBSCRIPT}, {"numbering", HWP_EL_NUMBERING},
	{"bullet", HWP_EL_BULLET}, {"paraHead", HWP_EL_PARA_HEAD},
	{NULL, HWP_EL_OTHER},
};

_Static_assert(sizeof hwpx_elements / sizeof *hwpx_elements <= NAME_SLOTS / 2,
               "more HWPX element names than the name table holds");

const hwp_names hwp_names_hwpx = {
	.format = "HWPX",
	.elements = hwpx_elements,
	.attrs = {
		[HWP_AT_ID] = "id", [HWP_AT_PARA_SHAPE] = "paraPrIDRef",
		[HWP_AT_STYLE] = "styleIDRef", [HWP_AT_CHAR_SHAPE] = "charPrIDRef",
		[HWP_AT_NAME] = "name", [HWP_AT_ENG_NAME] = "engName",
		[HWP_AT_HEADING_TYPE] = "type", [HWP_AT_HEADING_REF] = "idRef",
		[HWP_AT_LEVEL] = "level", [HWP_AT_ROW_COUNT] = "rowCnt", [HWP_AT_COL_COUNT] = "colCnt",
		[HWP_AT_ROW_ADDR] = "rowAddr", [HWP_AT_COL_ADDR] = "colAddr",
		[HWP_AT_ROW_SPAN] = "rowSpan", [HWP_AT_COL_SPAN] = "colSpan",
		[HWP_AT_HEADER] = "header", [HWP_AT_BIN_REF] = "binaryItemIDRef",
		[HWP_AT_NUM] = "num", [HWP_AT_NUM_TYPE] = "numType", [HWP_AT_FIELD_TYPE] = "type",
		[HWP_AT_COMMAND] = NULL, /* a parameter element in HWPX */
		[HWP_AT_START] = "start", [HWP_AT_NUM_FORMAT] = "numFormat",
		[HWP_AT_BULLET_CHAR] = "char", [HWP_AT_UNDERLINE] = "type", [HWP_AT_STRIKE] = "shape",
		[HWP_AT_COMPOSE] = "composeText", [HWP_AT_CAPTION] = "caption",
		[HWP_AT_VALUE] = "value", [HWP_AT_REQUIRED_NS] = "required-namespace",
	},
};

/* HWPML 2.x. The forms of footnotes, fields, tabs and line breaks are the reported ones (no real
 * HML sample has them; see FORMATS.md); HWPML's own "HYPEN" is matched beside "HYPHEN". */
static const hwp_name hwpml_elements[] = {
	{"SECTION", HWP_EL_SECTION}, {"P", HWP_EL_P}, {"TEXT", HWP_EL_RUN}, {"CHAR", HWP_EL_T},
	{"TAB", HWP_EL_TAB}, {"LINEBREAK", HWP_EL_LINE_BREAK}, {"NBSPACE", HWP_EL_NB_SPACE},
	{"FWSPACE", HWP_EL_FW_SPACE}, {"HYPEN", HWP_EL_HYPHEN}, {"HYPHEN", HWP_EL_HYPHEN},
	{"TABLE", HWP_EL_TABLE}, {"ROW", HWP_EL_ROW}, {"CELL", HWP_EL_CELL},
	{"FOOTNOTE", HWP_EL_FOOTNOTE}, {"ENDNOTE", HWP_EL_ENDNOTE}, {"AUTONUM", HWP_EL_AUTONUM},
	{"HEADER", HWP_EL_SKIP}, {"FOOTER", HWP_EL_SKIP}, {"HIDDENCOMMENT", HWP_EL_SKIP},
	{"SECDEF", HWP_EL_SKIP}, {"SUBTEXT", HWP_EL_SKIP},
	{"SHAPECOMMENT", HWP_EL_SHAPE_COMMENT}, {"PICTURE", HWP_EL_PICTURE},
	{"IMAGE", HWP_EL_IMAGE}, {"SCRIPT", HWP_EL_SCRIPT}, {"FIELDBEGIN", HWP_EL_FIELD_BEGIN},
	{"FIELDEND", HWP_EL_FIELD_END}, {"CAPTION", HWP_EL_CAPTION},
	{"DRAWTEXT", HWP_EL_TEXT_BOX}, {"COMPOSE", HWP_EL_COMPOSE},
	{"CHECKBUTTON", HWP_EL_CHECK_BUTTON}, {"RADIOBUTTON", HWP_EL_RADIO_BUTTON},
	{"MAINTEXT", HWP_EL_MAIN_TEXT},
	{"PARASHAPE", HWP_EL_PARA_SHAPE}, {"STYLE", HWP_EL_STYLE},
	{"CHARSHAPE", HWP_EL_CHAR_SHAPE}, {"BOLD", HWP_EL_BOLD}, {"ITALIC", HWP_EL_ITALIC},
	{"UNDERLINE", HWP_EL_UNDERLINE}, {"STRIKEOUT", HWP_EL_STRIKEOUT},
	{"SUPERSCRIPT", HWP_EL_SUPERSCRIPT}, {"SUBSCRIPT", HWP_EL_SUBSCRIPT},
	{"NUMBERING", HWP_EL_NUMBERING}, {"BULLET", HWP_EL_BULLET},
	{"PARAHEAD", HWP_EL_PARA_HEAD},
	{NULL, HWP_EL_OTHER},
};

_Static_assert(sizeof hwpml_elements / sizeof *hwpml_elements <= NAME_SLOTS / 2,
               "more HWPML element names than the name table holds");

const hwp_names hwp_names_hwpml = {
	.format = "HWPML",
	.elements = hwpml_elements,
	.attrs = {
		[HWP_AT_ID] = "Id", [HWP_AT_PARA_SHAPE] = "ParaShape", [HWP_AT_STYLE] = "Style",
		[HWP_AT_CHAR_SHAPE] = "CharShape", [HWP_AT_NAME] = "Name",
		[HWP_AT_ENG_NAME] = "EngName", [HWP_AT_HEADING_TYPE] = "HeadingType",
		[HWP_AT_HEADING_REF] = "Heading", [HWP_AT_LEVEL] = "Level",
		[HWP_AT_ROW_COUNT] = "RowCount", [HWP_AT_COL_COUNT] = "ColCount",
		[HWP_AT_ROW_ADDR] = "RowAddr", [HWP_AT_COL_ADDR] = "ColAddr",
		[HWP_AT_ROW_SPAN] = "RowSpan", [HWP_AT_COL_SPAN] = "ColSpan",
		[HWP_AT_HEADER] = "Header", [HWP_AT_BIN_REF] = "BinItem", [HWP_AT_NUM] = "Number",
		[HWP_AT_NUM_TYPE] = "Type", [HWP_AT_FIELD_TYPE] = "Type", [HWP_AT_COMMAND] = "Command",
		[HWP_AT_START] = "Start", [HWP_AT_NUM_FORMAT] = "NumFormat",
		[HWP_AT_BULLET_CHAR] = "Char", [HWP_AT_UNDERLINE] = "Type", [HWP_AT_STRIKE] = "Type",
		[HWP_AT_COMPOSE] = "ComposeText", [HWP_AT_CAPTION] = "Caption",
		[HWP_AT_VALUE] = "Value", [HWP_AT_REQUIRED_NS] = NULL,
	},
};

/* --- state ------------------------------------------------------------------------------- */

enum heading_kind { HK_NONE, HK_OUTLINE, HK_NUMBER, HK_BULLET };

/* Each id-indexed entry starts with its "set" flag (see slot() and lookup()). */
typedef struct para_shape {
	bool set;
	unsigned char kind, level;
	unsigned long ref; /* numbering or bullet id */
} para_shape;

typedef struct style {
	bool set, has_para_shape;
	unsigned char outline; /* N of a style named 개요 N / Outline N, else 0 */
	unsigned long para_shape;
} style;

typedef struct char_shape {
	bool set;
	unsigned marks;
} char_shape;

typedef struct numbering {
	bool set;
	const char *style[HWP_LEVELS]; /* cb_list_style names, static strings */
	long start[HWP_LEVELS];
	long count[HWP_LEVELS]; /* the last number given at each level */
	bool counting[HWP_LEVELS];
} numbering;

typedef struct bullet {
	bool set;
	char text[8];
} bullet;

typedef struct idtab {
	unsigned char *items;
	size_t n, size;
} idtab;

typedef struct open_el {
	hwp_el el;
	unsigned saved_marks; /* RUN: the marks before it */
	bool taken;           /* SWITCH: a branch has been read */
	bool pushed_box;      /* CELL, notes, text boxes: a box to pop at the end */
} open_el;

/* A list open in a box, one a level. */
typedef struct open_list {
	cb_node *list, *item;
	unsigned char level, kind;
	unsigned long ref;
} open_list;

enum box_kind { BOX_BODY, BOX_CELL, BOX_NOTE, BOX_TEXT };

/* Somewhere blocks go: the body, a table cell, a note, a caption or text box. */
typedef struct box {
	cb_node *node;
	cb_document *doc; /* the one node lives in: the scratch document inside a table */
	enum box_kind kind;
	open_list lists[HWP_LEVELS];
	unsigned nlists;
} box;

typedef struct para {
	size_t box;      /* index of the box it is in */
	cb_node *parent; /* where its blocks go: the box's node or a list item */
	cb_node *inl;    /* the heading or paragraph being filled; NULL until content comes */
	cb_node *link;   /* a link open in inl */
	unsigned long link_field; /* the field link was opened for */
	int heading;     /* level, 0 for a paragraph */
	bool visible;    /* inl holds more than white space */
	bool split;      /* a block interrupted it; what follows is a new paragraph */
	bool skip_space; /* white space before the next text is dropped (a note's text after its
	                    number) */
} para;

typedef struct cell_info {
	cb_node *holder; /* a div in the scratch document with the cell's blocks */
	unsigned long row, col, rowspan, colspan;
	size_t tr, order;
	bool header, has_addr;
} cell_info;

typedef struct table {
	cb_node *dest; /* where the finished table goes */
	cb_document *dest_doc;
	cb_node *holder; /* a div in the scratch document holding the cells */
	unsigned long rows, cols;
	cell_info *cells;
	size_t ncells, cap;
	size_t tr; /* row elements seen */
} table;

typedef struct field {
	unsigned long serial;
	char *target; /* a hyperlink's target, NULL for other fields */
} field;

struct hwp_reader {
	cb_input *in;
	cb_document *doc;
	const hwp_names *names;
	unsigned char name_slot[NAME_SLOTS]; /* index + 1 into names->elements, 0 for none */
	hwp_media_fn media;
	void *media_ctx;
	cb_code status;
	cb_xml *x; /* the parser of the node being read, for messages */

	idtab para_shapes, styles, char_shapes, numberings, bullets;
	long cur_para_shape, cur_char_shape, cur_numbering; /* -1: none open */
	bool in_bullet;

	open_el *open;
	size_t nopen, capopen;
	unsigned skip; /* > 0: inside a subtree being skipped, this deep */
	unsigned marks;
	bool deleting;

	box *boxes;
	size_t nboxes, capboxes;
	para *paras;
	size_t nparas, capparas;
	table *tables;
	size_t ntables, captables;
	cb_document *scratch;

	field *fields;
	size_t nfields, capfields;
	unsigned long field_overflow; /* fields opened past HWP_MAX_FIELDS, not on the stack */
	unsigned long field_serial;
	bool field_pending; /* between a field's begin tag and its end tag */
	bool field_is_link;
	hwp_buf field_path, field_command;
	int param; /* the string parameter being read: 1 Path, 2 Command, 0 other */

	unsigned pic_depth;
	char *pic_ref;
	hwp_buf comment, script;

	unsigned long footnotes, endnotes;
	bool media_pending; /* a picture refers to media not (yet) in the store */
	bool warned_ids, warned_outside, warned_overlap, warned_fields;
};

/* --- small helpers ----------------------------------------------------------------------- */

bool hwp_buf_add(hwp_buf *b, const char *s, size_t len)
{
	if (b->len + len + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap < b->len + len + 1)
			cap *= 2;
		char *grown = realloc(b->s, cap);
		if (!grown)
			return false;
		b->s = grown;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, len);
	b->len += len;
	b->s[b->len] = '\0';
	return true;
}

void hwp_buf_clear(hwp_buf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

void hwp_buf_free(hwp_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

/* Grows an array of items of the given size to hold one more; false when out of memory. */
static bool grow(void **items, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return true;
	size_t want = *cap ? *cap * 2 : 8;
	void *p = realloc(*items, want * size);
	if (!p)
		return false;
	*items = p;
	*cap = want;
	return true;
}

/* Compares enumeration values across the spellings: "HANGUL_SYLLABLE" equals "HangulSyllable". */
static bool same_word(const char *a, const char *b)
{
	for (;;) {
		while (*a == '_')
			a++;
		while (*b == '_')
			b++;
		if (!*a || !*b)
			return !*a && !*b;
		char ca = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
		char cb = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
		if (ca != cb)
			return false;
		a++, b++;
	}
}

static bool parse_ulong(const char *s, unsigned long *out)
{
	char *end;
	while (*s == ' ')
		s++;
	if (*s < '0' || *s > '9')
		return false;
	unsigned long v = strtoul(s, &end, 10);
	*out = v;
	return true;
}

/* "1" and "true" (either spelling) are true. */
static bool parse_bool(const char *s)
{
	return strcmp(s, "1") == 0 || same_word(s, "true");
}

/* --- XML access -------------------------------------------------------------------------- */

const char *hwp_local_name(cb_xml *x)
{
	const char *n = cb_xml_name(x);
	const char *colon = strrchr(n, ':');
	return colon ? colon + 1 : n;
}

bool hwp_is_start(cb_xml *x)
{
	return cb_xml_type(x) == CB_XML_START;
}

bool hwp_is_end(cb_xml *x)
{
	return cb_xml_type(x) == CB_XML_END;
}

bool hwp_is_text(cb_xml *x) { return cb_xml_type(x) == CB_XML_TEXT; }

/* The value of the current element's attribute of that local name, or NULL. The pointer is good
 * until the parser moves on; callers copy what they keep. */
static const char *attr_value(cb_xml *x, const char *name)
{
	if (!name)
		return NULL;
	size_t count = cb_xml_attr_count(x);
	for (size_t i = 0; i < count; i++) {
		const char *n;
		const char *v = cb_xml_attr_at(x, i, NULL, &n);
		const char *colon = strrchr(n, ':');
		if (strcmp(colon ? colon + 1 : n, name) == 0)
			return v;
	}
	return NULL;
}

bool hwp_attr(cb_xml *x, const char *name, char *buf, size_t size)
{
	const char *v = attr_value(x, name);
	if (!v)
		return false;
	snprintf(buf, size, "%s", v);
	return true;
}

char *hwp_attr_dup(cb_xml *x, const char *name)
{
	const char *v = attr_value(x, name);
	return v ? strdup(v) : NULL;
}

/* An attribute by role, in the reader's spelling. */
static const char *at(hwp_reader *r, cb_xml *x, hwp_at a)
{
	return attr_value(x, r->names->attrs[a]);
}

static bool at_ulong(hwp_reader *r, cb_xml *x, hwp_at a, unsigned long *out)
{
	const char *v = at(r, x, a);
	return v && parse_ulong(v, out);
}

/* FNV-1a: every element of a body is looked up by name, so this is on the hot path. */
static unsigned name_hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return (unsigned)(h ^ (h >> 16)) & (NAME_SLOTS - 1);
}

static void index_names(hwp_reader *r)
{
	const hwp_name *el = r->names->elements;
	for (size_t i = 0; el[i].name; i++) { /* as many as NAME_SLOTS / 2: asserted above */
		unsigned h = name_hash(el[i].name);
		while (r->name_slot[h])
			h = (h + 1) & (NAME_SLOTS - 1);
		r->name_slot[h] = (unsigned char)(i + 1);
	}
}

static hwp_el element_of(hwp_reader *r, cb_xml *x)
{
	const char *name = hwp_local_name(x);
	const hwp_name *el = r->names->elements;
	for (unsigned h = name_hash(name); r->name_slot[h]; h = (h + 1) & (NAME_SLOTS - 1))
		if (strcmp(el[r->name_slot[h] - 1].name, name) == 0)
			return el[r->name_slot[h] - 1].el;
	return HWP_EL_OTHER;
}

/* --- failures ------------------------------------------------------------------------------ */

cb_input *hwp_reader_input(const hwp_reader *r) { return r->in; }
cb_document *hwp_reader_document(const hwp_reader *r) { return r->doc; }
cb_code hwp_reader_status(const hwp_reader *r) { return r->status; }

void hwp_reader_fail(hwp_reader *r, cb_code code)
{
	if (r->status == CB_OK)
		r->status = code ? code : CB_E_SYNTAX;
}

static void report(hwp_reader *r, cb_severity sev, cb_code code, const char *fmt, ...)
	CB_PRINTF(4, 5);
static void report(hwp_reader *r, cb_severity sev, cb_code code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (r->x)
		cb_xml_report(r->x, sev, code, "%s", msg);
	else
		cb_input_report(r->in, sev, code, NULL, 0, "%s", msg);
	if (sev == CB_SEV_ERROR)
		hwp_reader_fail(r, code);
}

static void out_of_memory(hwp_reader *r)
{
	if (r->status == CB_OK)
		report(r, CB_SEV_ERROR, CB_E_NOMEM, "out of memory");
}

/* A builder call on doc failed: says why (a limit, usually) and stops reading. */
static void build_failed(hwp_reader *r, cb_document *doc)
{
	if (r->status != CB_OK)
		return;
	int code = cb_document_error_code(doc);
	const char *why = cb_document_error(doc);
	report(r, CB_SEV_ERROR, code ? (cb_code)code : CB_E_NOMEM, "%s",
	       why ? why : "cannot build the document");
}

/* --- id tables ----------------------------------------------------------------------------- */

/* The entry for an id, created (zeroed) when new; NULL when the id is out of range (ignored,
 * with one warning) or memory runs out (reported). */
static void *slot(hwp_reader *r, idtab *t, unsigned long id)
{
	if (id > HWP_MAX_ID) {
		if (!r->warned_ids)
			report(r, CB_SEV_WARNING, CB_W_RECOVERED,
			       "a style or shape id above %lu was ignored", HWP_MAX_ID);
		r->warned_ids = true;
		return NULL;
	}
	if (id >= t->n) {
		size_t n = id + 1 > t->n * 2 ? id + 1 : t->n * 2;
		unsigned char *items = realloc(t->items, n * t->size);
		if (!items) {
			out_of_memory(r);
			return NULL;
		}
		memset(items + t->n * t->size, 0, (n - t->n) * t->size);
		t->items = items;
		t->n = n;
	}
	unsigned char *item = t->items + id * t->size;
	*(bool *)item = true;
	return item;
}

static const void *lookup(const idtab *t, unsigned long id)
{
	if (id >= t->n)
		return NULL;
	const unsigned char *item = t->items + id * t->size;
	return *(const bool *)item ? item : NULL;
}

static void *lookup_mut(idtab *t, unsigned long id) { return (void *)lookup(t, id); }

/* --- the reader ---------------------------------------------------------------------------- */

static bool push_box(hwp_reader *r, cb_node *node, cb_document *doc, enum box_kind kind)
{
	if (!grow((void **)&r->boxes, &r->capboxes, r->nboxes, sizeof *r->boxes)) {
		out_of_memory(r);
		return false;
	}
	box *b = &r->boxes[r->nboxes++];
	memset(b, 0, sizeof *b);
	b->node = node;
	b->doc = doc;
	b->kind = kind;
	return true;
}

hwp_reader *hwp_reader_new(cb_input *in, cb_document *doc, const hwp_names *names,
                           hwp_media_fn media, void *media_ctx)
{
	hwp_reader *r = calloc(1, sizeof *r);
	if (!r) {
		cb_input_report(in, CB_SEV_ERROR, CB_E_NOMEM, NULL, 0, "out of memory");
		return NULL;
	}
	r->in = in;
	r->doc = doc;
	r->names = names;
	index_names(r);
	r->media = media;
	r->media_ctx = media_ctx;
	r->para_shapes.size = sizeof(para_shape);
	r->styles.size = sizeof(style);
	r->char_shapes.size = sizeof(char_shape);
	r->numberings.size = sizeof(numbering);
	r->bullets.size = sizeof(bullet);
	r->cur_para_shape = r->cur_char_shape = r->cur_numbering = -1;
	if (!push_box(r, cb_document_body(doc), doc, BOX_BODY)) {
		hwp_reader_free(r);
		return NULL;
	}
	return r;
}

static void free_fields(hwp_reader *r)
{
	for (size_t i = 0; i < r->nfields; i++)
		free(r->fields[i].target);
	r->nfields = 0;
	r->field_overflow = 0;
}

void hwp_reader_free(hwp_reader *r)
{
	if (!r)
		return;
	free(r->para_shapes.items);
	free(r->styles.items);
	free(r->char_shapes.items);
	free(r->numberings.items);
	free(r->bullets.items);
	free(r->open);
	free(r->boxes);
	free(r->paras);
	for (size_t i = 0; i < r->ntables; i++)
		free(r->tables[i].cells);
	free(r->tables);
	cb_document_free(r->scratch);
	free_fields(r);
	free(r->fields);
	hwp_buf_free(&r->field_path);
	hwp_buf_free(&r->field_command);
	free(r->pic_ref);
	hwp_buf_free(&r->comment);
	hwp_buf_free(&r->script);
	free(r);
}

static open_el *push_open(hwp_reader *r, hwp_el el)
{
	if (!grow((void **)&r->open, &r->capopen, r->nopen, sizeof *r->open)) {
		out_of_memory(r);
		return NULL;
	}
	open_el *o = &r->open[r->nopen++];
	memset(o, 0, sizeof *o);
	o->el = el;
	return o;
}

static open_el *parent_open(hwp_reader *r)
{
	return r->nopen ? &r->open[r->nopen - 1] : NULL;
}

/* hp:switch holds alternative versions of the same content: exactly one is read. A case is
 * taken when it requires a namespace of Hancom's (every name in them is known here by its local
 * name), else the default. */
static bool switch_branch_taken(hwp_reader *r, cb_xml *x, hwp_el el)
{
	open_el *sw = parent_open(r);
	if (!sw || sw->el != HWP_EL_SWITCH)
		return true; /* not in a switch: an ordinary container */
	if (sw->taken)
		return false;
	if (el == HWP_EL_CASE) {
		const char *ns = at(r, x, HWP_AT_REQUIRED_NS);
		if (!ns || (!strstr(ns, "hancom.co.kr/hwpml/") && !strstr(ns, "owpml.org/owpml/")))
			return false;
	}
	sw->taken = true;
	return true;
}

/* --- the head: styles, shapes, numbering --------------------------------------------------- */

static unsigned char heading_kind(const char *v)
{
	if (!v)
		return HK_NONE;
	if (same_word(v, "outline"))
		return HK_OUTLINE;
	if (same_word(v, "number"))
		return HK_NUMBER;
	if (same_word(v, "bullet"))
		return HK_BULLET;
	return HK_NONE;
}

/* Reads heading type, level and numbering reference from the current element into the open
 * paragraph shape (HWPML has them on PARASHAPE, HWPX on its hh:heading child). */
static void read_heading(hwp_reader *r, cb_xml *x)
{
	if (r->cur_para_shape < 0)
		return;
	para_shape *ps = lookup_mut(&r->para_shapes, (unsigned long)r->cur_para_shape);
	const char *type = at(r, x, HWP_AT_HEADING_TYPE);
	if (!ps || !type)
		return;
	unsigned long level = 0, ref = 0;
	at_ulong(r, x, HWP_AT_LEVEL, &level);
	at_ulong(r, x, HWP_AT_HEADING_REF, &ref);
	ps->kind = heading_kind(type);
	ps->level = (unsigned char)(level < HWP_LEVELS ? level : HWP_LEVELS - 1);
	ps->ref = ref;
}

/* N of "개요 N" or "Outline N" (1-10), else 0. */
static unsigned char outline_of_name(const char *name)
{
	static const char *const prefixes[] = {"개요 ", "개요", "Outline ", NULL};
	if (!name)
		return 0;
	for (const char *const *p = prefixes; *p; p++) {
		size_t n = strlen(*p);
		unsigned long level;
		char *end;
		if (strncmp(name, *p, n) != 0 || name[n] < '1' || name[n] > '9')
			continue;
		level = strtoul(name + n, &end, 10);
		if (*end == '\0' && level >= 1 && level <= HWP_LEVELS)
			return (unsigned char)level;
	}
	return 0;
}

static void read_style(hwp_reader *r, cb_xml *x)
{
	unsigned long id, ps;
	if (!at_ulong(r, x, HWP_AT_ID, &id))
		return;
	style *st = slot(r, &r->styles, id);
	if (!st)
		return;
	st->has_para_shape = at_ulong(r, x, HWP_AT_PARA_SHAPE, &ps);
	st->para_shape = st->has_para_shape ? ps : 0;
	st->outline = outline_of_name(at(r, x, HWP_AT_NAME));
	if (!st->outline)
		st->outline = outline_of_name(at(r, x, HWP_AT_ENG_NAME));
}

/* Numbering formats as cb_list_style names; NULL for the ones the model has no name for. */
static const char *list_style_of(const char *format)
{
	static const struct {
		const char *format, *style;
	} map[] = {
		{"DIGIT", "decimal"}, {"CIRCLED_DIGIT", "circled"},
		{"ROMAN_CAPITAL", "upper-roman"}, {"ROMAN_SMALL", "lower-roman"},
		{"LATIN_CAPITAL", "upper-alpha"}, {"LATIN_SMALL", "lower-alpha"},
		{"HANGUL_SYLLABLE", "hangul"}, {"HANGUL_JAMO", "hangul-jamo"},
	};
	for (size_t i = 0; format && i < sizeof map / sizeof map[0]; i++)
		if (same_word(format, map[i].format))
			return map[i].style;
	return NULL;
}

static void read_para_head(hwp_reader *r, cb_xml *x)
{
	if (r->in_bullet || r->cur_numbering < 0)
		return;
	numbering *nb = lookup_mut(&r->numberings, (unsigned long)r->cur_numbering);
	unsigned long level, start;
	if (!nb || !at_ulong(r, x, HWP_AT_LEVEL, &level) || level < 1 || level > HWP_LEVELS)
		return;
	nb->style[level - 1] = list_style_of(at(r, x, HWP_AT_NUM_FORMAT));
	if (at_ulong(r, x, HWP_AT_START, &start) && start < LONG_MAX)
		nb->start[level - 1] = (long)start;
}

/* Symbol-font bullets (private-use code points) as the characters they show. */
static void bullet_text(const char *v, char *out, size_t size)
{
	static const struct {
		const char *pua, *shown;
	} map[] = {
		{"\xEF\x81\xAC", "●"}, {"\xEF\x82\x9F", "•"}, {"\xEF\x82\xA7", "▪"},
		{"\xEF\x82\xB7", "•"}, {"\xEF\x83\x98", "➢"}, {"\xEF\x83\xBC", "✓"},
		{"\xEF\x81\xAE", "■"}, {"\xEF\x81\xB5", "◆"}, {"\xEF\x81\xB6", "❖"},
	};
	const char *shown = v && *v ? v : "•";
	for (size_t i = 0; v && i < sizeof map / sizeof map[0]; i++)
		if (strcmp(v, map[i].pua) == 0)
			shown = map[i].shown;
	/* Any other private-use character (U+E000-U+F8FF) shows nothing readable elsewhere. */
	const unsigned char *u = (const unsigned char *)shown;
	if (u[0] == 0xEE || (u[0] == 0xEF && u[1] >= 0x80 && u[1] <= 0xA3))
		shown = "•";
	snprintf(out, size, "%s", shown);
}

/* Acts on a start tag of the head; returns false when its subtree is to be skipped (a switch
 * branch not taken). */
static bool head_start(hwp_reader *r, cb_xml *x, hwp_el el)
{
	unsigned long id;
	char_shape *cs = r->cur_char_shape >= 0
	                         ? lookup_mut(&r->char_shapes, (unsigned long)r->cur_char_shape)
	                         : NULL;
	const char *v;
	switch (el) {
	case HWP_EL_CASE:
	case HWP_EL_DEFAULT:
		return switch_branch_taken(r, x, el);
	case HWP_EL_PARA_SHAPE:
		r->cur_para_shape = at_ulong(r, x, HWP_AT_ID, &id) && slot(r, &r->para_shapes, id)
		                            ? (long)id
		                            : -1;
		read_heading(r, x);
		break;
	case HWP_EL_HEADING:
		read_heading(r, x);
		break;
	case HWP_EL_STYLE:
		read_style(r, x);
		break;
	case HWP_EL_CHAR_SHAPE:
		r->cur_char_shape = at_ulong(r, x, HWP_AT_ID, &id) && slot(r, &r->char_shapes, id)
		                            ? (long)id
		                            : -1;
		break;
	case HWP_EL_BOLD:
		if (cs)
			cs->marks |= CB_MARK_BOLD;
		break;
	case HWP_EL_ITALIC:
		if (cs)
			cs->marks |= CB_MARK_ITALIC;
		break;
	case HWP_EL_SUPERSCRIPT:
		if (cs)
			cs->marks |= CB_MARK_SUPERSCRIPT;
		break;
	case HWP_EL_SUBSCRIPT:
		if (cs)
			cs->marks |= CB_MARK_SUBSCRIPT;
		break;
	case HWP_EL_UNDERLINE: /* under the text, or through it */
		v = at(r, x, HWP_AT_UNDERLINE);
		if (cs && v && same_word(v, "bottom"))
			cs->marks |= CB_MARK_UNDERLINE;
		else if (cs && v && same_word(v, "center"))
			cs->marks |= CB_MARK_STRIKE;
		break;
	case HWP_EL_STRIKEOUT:
		/* Hancom writes shape="3D" on hundreds of character shapes of the corpus whose text
		 * is plainly not struck through, so 3D counts as no line. */
		v = at(r, x, HWP_AT_STRIKE);
		if (cs && v && !same_word(v, "none") && !same_word(v, "3d"))
			cs->marks |= CB_MARK_STRIKE;
		break;
	case HWP_EL_NUMBERING:
		r->in_bullet = false;
		r->cur_numbering = -1;
		if (at_ulong(r, x, HWP_AT_ID, &id)) {
			numbering *nb = slot(r, &r->numberings, id);
			if (nb) {
				r->cur_numbering = (long)id;
				for (int i = 0; i < HWP_LEVELS; i++)
					nb->start[i] = 1;
			}
		}
		break;
	case HWP_EL_BULLET:
		r->in_bullet = true;
		if (at_ulong(r, x, HWP_AT_ID, &id)) {
			bullet *b = slot(r, &r->bullets, id);
			if (b)
				bullet_text(at(r, x, HWP_AT_BULLET_CHAR), b->text, sizeof b->text);
		}
		break;
	case HWP_EL_PARA_HEAD:
		read_para_head(r, x);
		break;
	default:
		break;
	}
	return true;
}

static void head_end(hwp_reader *r, hwp_el el)
{
	switch (el) {
	case HWP_EL_PARA_SHAPE:
		r->cur_para_shape = -1;
		break;
	case HWP_EL_CHAR_SHAPE:
		r->cur_char_shape = -1;
		break;
	case HWP_EL_NUMBERING:
		r->cur_numbering = -1;
		break;
	case HWP_EL_BULLET:
		r->in_bullet = false;
		break;
	default:
		break;
	}
}

/* Skipped subtrees are only counted; everything else is pushed on start and popped on end. */
static bool skipping(hwp_reader *r, cb_xml *x)
{
	if (!r->skip)
		return false;
	if (hwp_is_start(x) && !cb_xml_is_empty(x))
		r->skip++;
	else if (hwp_is_end(x))
		r->skip--;
	return true;
}

void hwp_head_node(hwp_reader *r, cb_xml *x)
{
	if (r->status != CB_OK)
		return;
	r->x = x;
	if (skipping(r, x))
		return;
	if (hwp_is_start(x)) {
		hwp_el el = element_of(r, x);
		bool empty = cb_xml_is_empty(x);
		if (!head_start(r, x, el)) {
			if (!empty)
				r->skip = 1;
			return;
		}
		if (empty)
			head_end(r, el);
		else
			push_open(r, el);
	} else if (hwp_is_end(x) && r->nopen) {
		head_end(r, r->open[--r->nopen].el);
	}
}

/* --- building: boxes, paragraphs, lists ---------------------------------------------------- */

static box *top_box(hwp_reader *r) { return &r->boxes[r->nboxes - 1]; }

/* The paragraph being read in the innermost box, or NULL (between paragraphs). */
static para *cur_para(hwp_reader *r)
{
	if (!r->nparas)
		return NULL;
	para *p = &r->paras[r->nparas - 1];
	return p->box == r->nboxes - 1 ? p : NULL;
}

static cb_document *para_doc(hwp_reader *r, const para *p) { return r->boxes[p->box].doc; }

/* The innermost open hyperlink field, or NULL. */
static const field *cur_link(hwp_reader *r)
{
	for (size_t i = r->nfields; i-- > 0;)
		if (r->fields[i].target)
			return &r->fields[i];
	return NULL;
}

/* Where inline content of p goes now: its heading or paragraph (made on first use), or the link
 * open in it. NULL on failure (reported). */
static cb_node *inline_target(hwp_reader *r, para *p)
{
	cb_document *doc = para_doc(r, p);
	if (!p->inl) {
		p->inl = p->heading && !p->split ? cb_add_heading(p->parent, p->heading)
		                                 : cb_add_paragraph(p->parent);
		p->link = NULL;
		if (!p->inl) {
			build_failed(r, doc);
			return NULL;
		}
	}
	const field *f = cur_link(r);
	if (p->link && (!f || f->serial != p->link_field))
		p->link = NULL;
	if (f && !p->link) {
		p->link = cb_add_link(p->inl, f->target);
		p->link_field = f->serial;
		if (!p->link) {
			build_failed(r, doc);
			return NULL;
		}
	}
	return p->link ? p->link : p->inl;
}

/* The paragraph in the innermost box content goes to; warns (once) about content outside any
 * paragraph, which no Hangul writer produces. */
static para *content_para(hwp_reader *r)
{
	para *p = cur_para(r);
	if (!p && !r->warned_outside) {
		report(r, CB_SEV_WARNING, CB_W_RECOVERED, "text outside a paragraph was left out");
		r->warned_outside = true;
	}
	return p;
}

static bool all_space(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return false;
	return true;
}

/* Text of the paragraph being read (nothing inside a tracked deletion). */
static void emit_text(hwp_reader *r, const char *s, size_t len)
{
	if (r->deleting || !len)
		return;
	para *p = content_para(r);
	if (!p)
		return;
	if (p->skip_space) {
		while (len && (*s == ' ' || *s == '\t')) {
			s++;
			len--;
		}
		if (!len)
			return;
		p->skip_space = false;
	}
	cb_node *t = inline_target(r, p);
	if (!t)
		return;
	if (cb_add_text(t, s, len, r->marks) != 0)
		build_failed(r, para_doc(r, p));
	if (!all_space(s, len))
		p->visible = true;
}

static void emit_break(hwp_reader *r)
{
	if (r->deleting)
		return;
	para *p = content_para(r);
	cb_node *t = p ? inline_target(r, p) : NULL;
	if (t && !cb_add_break(t))
		build_failed(r, para_doc(r, p));
}

/* Ends the heading or paragraph being filled; one that got only white space is taken out again
 * (Hangul documents space their pages with empty paragraphs). */
static void close_segment(para *p)
{
	if (p->inl && !p->visible)
		cb_node_unlink(p->inl);
	p->inl = NULL;
	p->link = NULL;
	p->visible = false;
}

/* A table or text box interrupts the paragraph: its blocks go after what came so far, and the
 * text after them into a new paragraph. Returns where the blocks go. */
static cb_node *interrupt(hwp_reader *r, cb_document **doc)
{
	para *p = cur_para(r);
	box *b = top_box(r);
	*doc = b->doc;
	if (!p)
		return b->node;
	close_segment(p);
	p->split = true;
	return p->parent;
}

static numbering *numbering_of(hwp_reader *r, unsigned long ref)
{
	return lookup_mut(&r->numberings, ref);
}

/* Counts an item of a numbered list at level; returns its number. */
static long count_item(hwp_reader *r, unsigned long ref, unsigned level)
{
	numbering *nb = numbering_of(r, ref);
	if (!nb)
		return 1;
	if (!nb->counting[level]) {
		nb->count[level] = nb->start[level] - 1;
		nb->counting[level] = true;
	}
	for (unsigned i = level + 1; i < HWP_LEVELS; i++)
		nb->counting[i] = false;
	if (nb->count[level] < LONG_MAX)
		nb->count[level]++;
	return nb->count[level];
}

/* Puts a numbered or bulleted paragraph into the box's lists: continues the list of its level
 * when kind and numbering match, nests a new list in the last item of the level above, closes
 * deeper lists. Returns the new item, or NULL on failure (reported). */
static cb_node *list_item(hwp_reader *r, box *b, unsigned char kind, unsigned long ref,
                          unsigned level)
{
	long number = kind == HK_NUMBER ? count_item(r, ref, level) : 1;
	while (b->nlists && b->lists[b->nlists - 1].level > level)
		b->nlists--;
	if (b->nlists) {
		open_list *top = &b->lists[b->nlists - 1];
		if (top->level == level && (top->kind != kind || top->ref != ref))
			b->nlists--;
	}
	open_list *ol = b->nlists ? &b->lists[b->nlists - 1] : NULL;
	if (!ol || ol->level != level) {
		if (b->nlists == HWP_LEVELS)
			b->nlists--; /* cannot happen: levels are below HWP_LEVELS */
		cb_node *parent = b->nlists ? b->lists[b->nlists - 1].item : b->node;
		const char *shown = NULL;
		const bullet *bu = kind == HK_BULLET ? lookup(&r->bullets, ref) : NULL;
		const numbering *nb = kind == HK_NUMBER ? lookup(&r->numberings, ref) : NULL;
		if (bu)
			shown = bu->text;
		else if (kind == HK_BULLET)
			shown = "•";
		else if (nb)
			shown = nb->style[level];
		cb_node *list = cb_add_list(parent, kind == HK_NUMBER, number, shown);
		if (!list) {
			build_failed(r, b->doc);
			return NULL;
		}
		ol = &b->lists[b->nlists++];
		ol->list = list;
		ol->item = NULL;
		ol->level = (unsigned char)level;
		ol->kind = kind;
		ol->ref = ref;
	}
	ol->item = cb_add_item(ol->list);
	if (!ol->item)
		build_failed(r, b->doc);
	return ol->item;
}

/* What a paragraph is, from its paragraph shape (or its style's) and its style's name. */
static void classify(hwp_reader *r, cb_xml *x, int *heading, unsigned char *kind,
                     unsigned long *ref, unsigned *level)
{
	unsigned long ps_id, st_id;
	const para_shape *ps = at_ulong(r, x, HWP_AT_PARA_SHAPE, &ps_id)
	                               ? lookup(&r->para_shapes, ps_id)
	                               : NULL;
	const style *st = at_ulong(r, x, HWP_AT_STYLE, &st_id) ? lookup(&r->styles, st_id) : NULL;
	if (!ps && st && st->has_para_shape)
		ps = lookup(&r->para_shapes, st->para_shape);
	*heading = 0;
	*kind = HK_NONE;
	if (ps && ps->kind == HK_OUTLINE)
		*heading = ps->level + 1;
	else if (ps && (ps->kind == HK_NUMBER || ps->kind == HK_BULLET)) {
		*kind = ps->kind;
		*ref = ps->ref;
		*level = ps->level;
		return;
	}
	if (!*heading && st && st->outline)
		*heading = st->outline;
}

static void para_begin(hwp_reader *r, cb_xml *x)
{
	int heading;
	unsigned char kind;
	unsigned long ref = 0;
	unsigned level = 0;
	classify(r, x, &heading, &kind, &ref, &level);
	box *b = top_box(r);
	cb_node *parent = b->node;
	if (kind != HK_NONE) {
		if (!(parent = list_item(r, b, kind, ref, level)))
			return;
	} else
		b->nlists = 0;
	if (!grow((void **)&r->paras, &r->capparas, r->nparas, sizeof *r->paras)) {
		out_of_memory(r);
		return;
	}
	para *p = &r->paras[r->nparas++];
	memset(p, 0, sizeof *p);
	p->box = r->nboxes - 1;
	p->parent = parent;
	p->heading = heading;
}

static void para_end(hwp_reader *r)
{
	para *p = cur_para(r);
	if (!p)
		return;
	close_segment(p);
	r->nparas--;
}

/* --- building: tables ---------------------------------------------------------------------- */

static table *top_table(hwp_reader *r) { return r->ntables ? &r->tables[r->ntables - 1] : NULL; }

static void table_begin(hwp_reader *r, cb_xml *x)
{
	cb_document *dest_doc;
	cb_node *dest = interrupt(r, &dest_doc);
	if (!r->scratch) {
		r->scratch = cb_document_new();
		if (!r->scratch) {
			out_of_memory(r);
			return;
		}
		/* The cells wait here before they are copied: the same bounds as the document. */
		cb_document_set_node_limit(r->scratch, cb_input_limit(r->in, CB_LIMIT_NODES));
		uint64_t depth = cb_input_limit(r->in, CB_LIMIT_DEPTH);
		cb_document_set_depth_limit(r->scratch, depth > 0xFFFFFF ? 0xFFFFFF : (unsigned)depth);
	}
	if (!grow((void **)&r->tables, &r->captables, r->ntables, sizeof *r->tables)) {
		out_of_memory(r);
		return;
	}
	cb_node *holder = cb_add_div(cb_document_body(r->scratch), "table");
	if (!holder) {
		build_failed(r, r->scratch);
		return;
	}
	table *t = &r->tables[r->ntables++];
	memset(t, 0, sizeof *t);
	t->dest = dest;
	t->dest_doc = dest_doc;
	t->holder = holder;
	at_ulong(r, x, HWP_AT_ROW_COUNT, &t->rows);
	at_ulong(r, x, HWP_AT_COL_COUNT, &t->cols);
}

static cell_info *cur_cell(hwp_reader *r)
{
	table *t = top_table(r);
	return t && t->ncells ? &t->cells[t->ncells - 1] : NULL;
}

/* A cell's content goes into a box of its own in the scratch document. HWPML gives address and
 * spans here; HWPX in hp:cellAddr and hp:cellSpan after the content. */
static bool cell_begin(hwp_reader *r, cb_xml *x)
{
	table *t = top_table(r);
	if (!t)
		return false; /* a cell outside a table: its content flows where it stands */
	if (!grow((void **)&t->cells, &t->cap, t->ncells, sizeof *t->cells)) {
		out_of_memory(r);
		return false;
	}
	cb_node *holder = cb_add_div(t->holder, "cell");
	if (!holder) {
		build_failed(r, r->scratch);
		return false;
	}
	cell_info *c = &t->cells[t->ncells];
	memset(c, 0, sizeof *c);
	c->holder = holder;
	c->order = t->ncells++;
	c->tr = t->tr ? t->tr - 1 : 0;
	c->rowspan = c->colspan = 1;
	const char *h = at(r, x, HWP_AT_HEADER);
	c->header = h && parse_bool(h);
	c->has_addr = at_ulong(r, x, HWP_AT_ROW_ADDR, &c->row) &&
	              at_ulong(r, x, HWP_AT_COL_ADDR, &c->col);
	at_ulong(r, x, HWP_AT_ROW_SPAN, &c->rowspan);
	at_ulong(r, x, HWP_AT_COL_SPAN, &c->colspan);
	return push_box(r, holder, r->scratch, BOX_CELL);
}

static void cell_addr(hwp_reader *r, cb_xml *x)
{
	cell_info *c = cur_cell(r);
	if (c && at_ulong(r, x, HWP_AT_ROW_ADDR, &c->row) &&
	    at_ulong(r, x, HWP_AT_COL_ADDR, &c->col))
		c->has_addr = true;
}

static void cell_span(hwp_reader *r, cb_xml *x)
{
	cell_info *c = cur_cell(r);
	if (c) {
		at_ulong(r, x, HWP_AT_ROW_SPAN, &c->rowspan);
		at_ulong(r, x, HWP_AT_COL_SPAN, &c->colspan);
	}
}

/* A cell without an address (no Hangul writer leaves it out) goes after the cells before it in
 * its row element. */
static void cell_end(hwp_reader *r)
{
	table *t = top_table(r);
	cell_info *c = cur_cell(r);
	if (!c || c->has_addr)
		return;
	c->row = c->tr;
	c->col = 0;
	if (t->ncells > 1 && t->cells[t->ncells - 2].tr == c->tr) {
		const cell_info *prev = &t->cells[t->ncells - 2];
		c->col = prev->col + (prev->colspan ? prev->colspan : 1);
	}
	c->has_addr = true;
}

static int cell_order(const void *a, const void *b)
{
	const cell_info *x = a, *y = b;
	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static bool copy_children(hwp_reader *r, cb_document *dst_doc, cb_node *dst, const cb_node *src);

/* Copies one node (and what it holds) under dst. */
static bool copy_node(hwp_reader *r, cb_document *dst_doc, cb_node *dst, const cb_node *n)
{
	cb_node *m = NULL;
	size_t len;
	const char *s;
	switch (cb_node_get_kind(n)) {
	case CB_NODE_TEXT:
		s = cb_text_get(n, &len);
		if (cb_add_text(dst, s, len, cb_text_marks(n)) == 0)
			return true;
		build_failed(r, dst_doc);
		return false;
	case CB_NODE_HEADING: m = cb_add_heading(dst, cb_heading_level(n)); break;
	case CB_NODE_PARAGRAPH: m = cb_add_paragraph(dst); break;
	case CB_NODE_LIST:
		m = cb_add_list(dst, cb_list_ordered(n), cb_list_start(n), cb_list_style(n));
		break;
	case CB_NODE_ITEM: m = cb_add_item(dst); break;
	case CB_NODE_TABLE: m = cb_add_table(dst); break;
	case CB_NODE_ROW: m = cb_add_row(dst); break;
	case CB_NODE_CELL:
		m = cb_add_cell(dst, cb_cell_rowspan(n), cb_cell_colspan(n), cb_cell_header(n));
		break;
	case CB_NODE_IMAGE: m = cb_add_image(dst, cb_image_source(n), cb_image_alt(n)); break;
	case CB_NODE_NOTE: m = cb_add_note(dst, cb_note_id(n), cb_note_kind(n)); break;
	case CB_NODE_DIV: m = cb_add_div(dst, cb_div_class(n)); break;
	case CB_NODE_BREAK: m = cb_add_break(dst); break;
	case CB_NODE_LINK: m = cb_add_link(dst, cb_link_target(n)); break;
	case CB_NODE_NOTEREF: m = cb_add_noteref(dst, cb_note_id(n)); break;
	default: return true; /* this reader makes no other kind */
	}
	if (!m) {
		build_failed(r, dst_doc);
		return false;
	}
	return copy_children(r, dst_doc, m, n);
}

static bool copy_children(hwp_reader *r, cb_document *dst_doc, cb_node *dst, const cb_node *src)
{
	for (const cb_node *n = cb_node_first_child(src); n; n = cb_node_next(n))
		if (!copy_node(r, dst_doc, dst, n))
			return false;
	return true;
}

/* Which grid positions are taken, to find cells that overlap. Checking costs a step a position
 * a cell covers; past a budget (only hostile spans get there) the check is given up. */
typedef struct grid {
	unsigned char *bits;
	unsigned long cols;
	unsigned long budget;
} grid;

static bool taken(const grid *g, unsigned long i, unsigned long j)
{
	unsigned long k = i * g->cols + j;
	return g->bits[k / 8] & (1u << (k % 8));
}

/* Marks the positions a cell covers; false when one is taken already. */
static bool claim(grid *g, const cell_info *c)
{
	if (!g->bits)
		return true;
	unsigned long area = c->rowspan * c->colspan;
	if (area > g->budget) {
		free(g->bits);
		g->bits = NULL;
		return true;
	}
	g->budget -= area;
	for (unsigned long i = c->row; i < c->row + c->rowspan; i++)
		for (unsigned long j = c->col; j < c->col + c->colspan; j++)
			if (taken(g, i, j))
				return false;
	for (unsigned long i = c->row; i < c->row + c->rowspan; i++)
		for (unsigned long j = c->col; j < c->col + c->colspan; j++) {
			unsigned long k = i * g->cols + j;
			g->bits[k / 8] |= (unsigned char)(1u << (k % 8));
		}
	return true;
}

/* The table's extent: what it declares, grown to hold every cell's origin; spans are cut to it. */
static void table_extent(table *t, unsigned long *rows, unsigned long *cols)
{
	unsigned long nr = t->rows <= HWP_MAX_DIM ? t->rows : 0;
	unsigned long nc = t->cols <= HWP_MAX_DIM ? t->cols : 0;
	for (size_t i = 0; i < t->ncells; i++) {
		cell_info *c = &t->cells[i];
		if (c->row >= HWP_MAX_DIM)
			c->row = HWP_MAX_DIM - 1;
		if (c->col >= HWP_MAX_DIM)
			c->col = HWP_MAX_DIM - 1;
		if (c->row + 1 > nr)
			nr = c->row + 1;
		if (c->col + 1 > nc)
			nc = c->col + 1;
	}
	for (size_t i = 0; i < t->ncells; i++) {
		cell_info *c = &t->cells[i];
		if (c->rowspan < 1)
			c->rowspan = 1;
		if (c->colspan < 1)
			c->colspan = 1;
		if (c->rowspan > nr - c->row)
			c->rowspan = nr - c->row;
		if (c->colspan > nc - c->col)
			c->colspan = nc - c->col;
	}
	*rows = nr;
	*cols = nc;
}

static void overlap(hwp_reader *r, cell_info *c)
{
	if (!r->warned_overlap)
		report(r, CB_SEV_WARNING, CB_W_RECOVERED,
		       "table cells overlap at row %lu, column %lu; the cell was kept without its "
		       "spans", c->row + 1, c->col + 1);
	r->warned_overlap = true;
	c->rowspan = c->colspan = 1;
}

/* Writes the finished table where it belongs: rows in order, each cell in the row of its
 * address, covered positions left out (the model's spans say what they are). A row no cell
 * starts in is written only when a span from above covers it: rows a table merely declares are
 * not content. */
static void emit_table(hwp_reader *r, table *t)
{
	if (!t->ncells)
		return;
	unsigned long rows, cols;
	table_extent(t, &rows, &cols);
	qsort(t->cells, t->ncells, sizeof *t->cells, cell_order);
	grid g = {NULL, cols, 4 * HWP_MAX_GRID};
	if (rows * cols <= HWP_MAX_GRID && !(g.bits = calloc((rows * cols + 7) / 8, 1))) {
		out_of_memory(r);
		return;
	}
	cb_node *tn = cb_add_table(t->dest);
	if (!tn)
		build_failed(r, t->dest_doc);
	size_t k = 0;
	unsigned long covered = 0; /* rows below this are reached by a span from above */
	for (unsigned long row = 0; tn && row < rows && r->status == CB_OK; row++) {
		if (row >= covered && (k == t->ncells || t->cells[k].row != row))
			continue;
		cb_node *rn = cb_add_row(tn);
		if (!rn) {
			build_failed(r, t->dest_doc);
			break;
		}
		for (; k < t->ncells && t->cells[k].row == row && r->status == CB_OK; k++) {
			cell_info *c = &t->cells[k];
			if (!claim(&g, c))
				overlap(r, c);
			if (row + c->rowspan > covered)
				covered = row + c->rowspan;
			cb_node *cn = cb_add_cell(rn, (unsigned)c->rowspan, (unsigned)c->colspan,
			                          c->header);
			if (!cn)
				build_failed(r, t->dest_doc);
			else
				copy_children(r, t->dest_doc, cn, c->holder);
		}
	}
	free(g.bits);
}

static void table_end(hwp_reader *r)
{
	table *t = top_table(r);
	if (!t)
		return;
	if (r->status == CB_OK)
		emit_table(r, t);
	cb_node_unlink(t->holder);
	free(t->cells);
	r->ntables--;
	if (!r->ntables) {
		cb_document_free(r->scratch);
		r->scratch = NULL;
	}
}

/* --- building: notes, pictures, fields ------------------------------------------------------ */

static bool note_begin(hwp_reader *r, bool endnote)
{
	char id[32];
	if (endnote)
		snprintf(id, sizeof id, "en%lu", ++r->endnotes);
	else
		snprintf(id, sizeof id, "fn%lu", ++r->footnotes);
	para *p = cur_para(r);
	box *b = top_box(r);
	cb_document *doc = b->doc;
	cb_node *parent = p ? p->parent : b->node;
	if (p) {
		cb_node *t = inline_target(r, p);
		if (!t)
			return false;
		if (!cb_add_noteref(t, id)) {
			build_failed(r, doc);
			return false;
		}
		p->visible = true;
	}
	/* The note follows the block that refers to it, which can still grow afterwards. */
	cb_node *note = cb_add_note(parent, id, endnote ? "endnote" : "footnote");
	if (!note) {
		build_failed(r, doc);
		return false;
	}
	return push_box(r, note, doc, BOX_NOTE);
}

/* An automatic number: a note's own number is left out (the note has its id); picture, table and
 * equation numbers in captions are kept; page numbers mean nothing out of the page. */
static void autonum(hwp_reader *r, cb_xml *x)
{
	const char *type = at(r, x, HWP_AT_NUM_TYPE);
	const char *num = at(r, x, HWP_AT_NUM);
	para *p = cur_para(r);
	if (!type || !p)
		return;
	if (same_word(type, "footnote") || same_word(type, "endnote")) {
		if (top_box(r)->kind == BOX_NOTE)
			p->skip_space = true;
		return;
	}
	if (num && (same_word(type, "picture") || same_word(type, "table") ||
	            same_word(type, "equation")))
		emit_text(r, num, strlen(num));
}

static void picture_begin(hwp_reader *r)
{
	if (r->pic_depth++)
		return;
	free(r->pic_ref);
	r->pic_ref = NULL;
	hwp_buf_clear(&r->comment);
}

/* Hangul fills a picture's comment itself ("그림입니다.\n원본 그림의 이름: a.png\n원본 그림의
 * 크기: ..."): that is no alt text, but it names the original file. A comment a person wrote is
 * the alt text. */
static void comment_parts(char *comment, const char **alt, char *name, size_t size)
{
	static const char auto_prefix[] = "그림입니다.";
	static const char name_label[] = "원본 그림의 이름: ";
	*alt = NULL;
	name[0] = '\0';
	size_t len = strlen(comment);
	while (len && (comment[len - 1] == '\n' || comment[len - 1] == '\r' ||
	               comment[len - 1] == ' '))
		comment[--len] = '\0';
	const char *s = comment;
	while (*s == ' ' || *s == '\n' || *s == '\r')
		s++;
	if (strncmp(s, auto_prefix, sizeof auto_prefix - 1) != 0) {
		*alt = *s ? s : NULL;
		return;
	}
	const char *n = strstr(s, name_label);
	if (!n)
		return;
	n += sizeof name_label - 1;
	size_t k = strcspn(n, "\r\n");
	snprintf(name, size, "%.*s", (int)k, n);
}

static void picture_end(hwp_reader *r)
{
	if (!r->pic_depth || --r->pic_depth || !r->pic_ref)
		return;
	const char *alt;
	char name[256];
	if (r->comment.s)
		comment_parts(r->comment.s, &alt, name, sizeof name);
	else {
		alt = NULL;
		name[0] = '\0';
	}
	if (r->deleting)
		return;
	const char *id = r->media(r->media_ctx, r, r->pic_ref, name[0] ? name : NULL);
	if (!id || r->status != CB_OK)
		return;
	if (!cb_document_find_media(r->doc, id))
		r->media_pending = true; /* HWPML: the data comes after the body */
	para *p = cur_para(r);
	cb_node *parent = p ? inline_target(r, p) : top_box(r)->node;
	cb_document *doc = top_box(r)->doc;
	if (!parent)
		return;
	if (!cb_add_image(parent, id, alt))
		build_failed(r, doc);
	else if (p)
		p->visible = true;
}

/* A hyperlink's target from its Command: "TARGET|BOOKMARK;options", with ':', '?', ';' and '|'
 * escaped by a backslash ("http\://a.org;1;0;0;", "|얼라인;0;0;0;" for a bookmark of the
 * document itself). Other backslashes are a Windows path's own. */
static void command_target(const char *cmd, hwp_buf *out)
{
	const char *s = cmd;
	for (; *s && *s != ';' && *s != '|'; s++) {
		if (*s == '\\' && s[1] && strchr(":?;|\\", s[1]))
			s++;
		hwp_buf_add(out, s, 1);
	}
	if (out->len || *s != '|')
		return;
	hwp_buf_add(out, "#", 1);
	for (s++; *s && *s != ';'; s++) {
		if (*s == '\\' && s[1] && strchr(":?;|\\", s[1]))
			s++;
		hwp_buf_add(out, s, 1);
	}
	if (out->len == 1)
		hwp_buf_clear(out);
}

static void field_begin(hwp_reader *r, cb_xml *x)
{
	const char *type = at(r, x, HWP_AT_FIELD_TYPE);
	const char *cmd = at(r, x, HWP_AT_COMMAND);
	r->field_pending = true;
	r->field_is_link = type && same_word(type, "hyperlink");
	hwp_buf_clear(&r->field_path);
	hwp_buf_clear(&r->field_command);
	if (cmd && !hwp_buf_add(&r->field_command, cmd, strlen(cmd)))
		out_of_memory(r);
	r->param = 0;
}

static void string_param(hwp_reader *r, cb_xml *x)
{
	const char *name = attr_value(x, "name");
	r->param = !r->field_pending || !name ? 0 : strcmp(name, "Path") == 0 ? 1
	                                       : strcmp(name, "Command") == 0 ? 2 : 0;
}

/* The begin tag is complete (HWPX gives the target in parameters inside it): the field opens. */
static void field_open(hwp_reader *r)
{
	if (!r->field_pending)
		return;
	r->field_pending = false;
	if (r->nfields == HWP_MAX_FIELDS) {
		if (!r->warned_fields)
			report(r, CB_SEV_WARNING, CB_W_RECOVERED,
			       "more than %d fields are open at once; the inner ones were read as text",
			       HWP_MAX_FIELDS);
		r->warned_fields = true;
		r->field_overflow++;
		return;
	}
	if (!grow((void **)&r->fields, &r->capfields, r->nfields, sizeof *r->fields)) {
		out_of_memory(r);
		return;
	}
	field *f = &r->fields[r->nfields++];
	f->serial = ++r->field_serial;
	f->target = NULL;
	if (!r->field_is_link)
		return;
	hwp_buf target = {0};
	if (r->field_path.len)
		hwp_buf_add(&target, r->field_path.s, r->field_path.len);
	else if (r->field_command.len)
		command_target(r->field_command.s, &target);
	f->target = target.s && target.len ? target.s : NULL;
	if (!f->target)
		hwp_buf_free(&target);
}

static void field_close(hwp_reader *r)
{
	if (r->field_overflow)
		r->field_overflow--;
	else if (r->nfields)
		free(r->fields[--r->nfields].target);
}

/* Form controls show their label; the box shows whether it is ticked. */
static void button(hwp_reader *r, cb_xml *x, bool radio)
{
	const char *caption = at(r, x, HWP_AT_CAPTION);
	const char *value = at(r, x, HWP_AT_VALUE);
	bool on = value && same_word(value, "checked");
	const char *mark = radio ? (on ? "◉" : "○") : (on ? "☑" : "☐");
	emit_text(r, mark, strlen(mark));
	if (!caption || !*caption)
		return;
	emit_text(r, " ", 1);
	/* A Windows control caption: "&&" shows an ampersand ("R&&D"), a single '&' only
	 * underlines the key after it. */
	for (const char *s = caption; *s;) {
		size_t run = strcspn(s, "&");
		emit_text(r, s, run);
		s += run;
		if (*s == '&' && s[1] == '&') {
			emit_text(r, "&", 1);
			s += 2;
		} else if (*s == '&')
			s++;
	}
}

/* --- the body ------------------------------------------------------------------------------- */

static unsigned marks_of(hwp_reader *r, cb_xml *x)
{
	unsigned long id;
	const char_shape *cs = at_ulong(r, x, HWP_AT_CHAR_SHAPE, &id) ? lookup(&r->char_shapes, id)
	                                                               : NULL;
	return cs ? cs->marks : 0;
}

/* A new box for a caption or text box: its paragraphs are blocks where the interrupted
 * paragraph's blocks go. */
static bool text_box_begin(hwp_reader *r)
{
	cb_document *doc;
	cb_node *node = interrupt(r, &doc);
	return push_box(r, node, doc, BOX_TEXT);
}

/* Inline characters Hangul writes as elements inside hp:t. A fixed-width blank (고정폭 빈칸) is
 * as wide as a digit: U+2007 FIGURE SPACE. */
static void inline_char(hwp_reader *r, hwp_el el)
{
	static const char *const text[] = {
		[HWP_EL_TAB] = "\t", [HWP_EL_NB_SPACE] = "\xC2\xA0",
		[HWP_EL_FW_SPACE] = "\xE2\x80\x87", [HWP_EL_HYPHEN] = "-",
	};
	emit_text(r, text[el], strlen(text[el]));
}

/* Whether a start tag's subtree is left out: what is never content, the branches of a switch not
 * taken, and shape comments other than a picture's (which may be its alt text). */
static bool body_skips(hwp_reader *r, cb_xml *x, hwp_el el)
{
	switch (el) {
	case HWP_EL_SKIP:
		return true;
	case HWP_EL_CASE:
	case HWP_EL_DEFAULT:
		return !switch_branch_taken(r, x, el);
	case HWP_EL_SHAPE_COMMENT:
		return r->pic_depth == 0;
	default:
		return false;
	}
}

/* Acts on a start tag; o is its stack entry. */
static void body_start(hwp_reader *r, cb_xml *x, hwp_el el, open_el *o)
{
	const char *v;
	switch (el) {
	case HWP_EL_P:
		para_begin(r, x);
		break;
	case HWP_EL_RUN:
		o->saved_marks = r->marks;
		r->marks = marks_of(r, x);
		break;
	case HWP_EL_TAB:
	case HWP_EL_NB_SPACE:
	case HWP_EL_FW_SPACE:
	case HWP_EL_HYPHEN:
		inline_char(r, el);
		break;
	case HWP_EL_LINE_BREAK:
		emit_break(r);
		break;
	case HWP_EL_DELETE_BEGIN:
		r->deleting = true;
		break;
	case HWP_EL_DELETE_END:
		r->deleting = false;
		break;
	case HWP_EL_TABLE:
		table_begin(r, x);
		break;
	case HWP_EL_ROW:
		if (top_table(r))
			top_table(r)->tr++;
		break;
	case HWP_EL_CELL:
		o->pushed_box = cell_begin(r, x);
		break;
	case HWP_EL_CELL_ADDR:
		cell_addr(r, x);
		break;
	case HWP_EL_CELL_SPAN:
		cell_span(r, x);
		break;
	case HWP_EL_FOOTNOTE:
	case HWP_EL_ENDNOTE:
		o->pushed_box = note_begin(r, el == HWP_EL_ENDNOTE);
		break;
	case HWP_EL_AUTONUM:
		autonum(r, x);
		break;
	case HWP_EL_PICTURE:
		picture_begin(r);
		break;
	case HWP_EL_IMAGE:
		if (r->pic_depth && !r->pic_ref && (v = at(r, x, HWP_AT_BIN_REF)) &&
		    !(r->pic_ref = strdup(v)))
			out_of_memory(r);
		break;
	case HWP_EL_SCRIPT:
		hwp_buf_clear(&r->script);
		break;
	case HWP_EL_FIELD_BEGIN:
		field_begin(r, x);
		break;
	case HWP_EL_STRING_PARAM:
		string_param(r, x);
		break;
	case HWP_EL_FIELD_END:
		field_close(r);
		break;
	case HWP_EL_CAPTION:
	case HWP_EL_TEXT_BOX:
		o->pushed_box = text_box_begin(r);
		break;
	case HWP_EL_COMPOSE:
		if ((v = at(r, x, HWP_AT_COMPOSE)))
			emit_text(r, v, strlen(v));
		break;
	case HWP_EL_CHECK_BUTTON:
	case HWP_EL_RADIO_BUTTON:
		button(r, x, el == HWP_EL_RADIO_BUTTON);
		break;
	default:
		break;
	}
}

/* The script of an equation, kept as text: its line ends become spaces. */
static void emit_script(hwp_reader *r)
{
	for (size_t i = 0; i < r->script.len; i++)
		if (r->script.s[i] == '\n' || r->script.s[i] == '\r')
			r->script.s[i] = ' ';
	emit_text(r, r->script.s, r->script.len);
	hwp_buf_clear(&r->script);
}

static void body_end(hwp_reader *r, const open_el *o)
{
	switch (o->el) {
	case HWP_EL_P:
		para_end(r);
		break;
	case HWP_EL_RUN:
		r->marks = o->saved_marks;
		break;
	case HWP_EL_TABLE:
		table_end(r);
		break;
	case HWP_EL_CELL:
		cell_end(r);
		break;
	case HWP_EL_PICTURE:
		picture_end(r);
		break;
	case HWP_EL_SCRIPT:
		emit_script(r);
		break;
	case HWP_EL_FIELD_BEGIN:
		field_open(r);
		break;
	case HWP_EL_STRING_PARAM:
		r->param = 0;
		break;
	default:
		break;
	}
	if (o->pushed_box && r->nboxes > 1)
		r->nboxes--;
}

/* Text goes where the element right around it says: into the paragraph (hp:t, dutmal main text),
 * an equation's script, a field's parameter, or a picture's comment. */
static void body_text(hwp_reader *r, const char *s, size_t len)
{
	open_el *o = parent_open(r);
	if (!o || !len)
		return;
	switch (o->el) {
	case HWP_EL_T:
	case HWP_EL_MAIN_TEXT:
		emit_text(r, s, len);
		break;
	case HWP_EL_SCRIPT:
		if (!hwp_buf_add(&r->script, s, len))
			out_of_memory(r);
		break;
	case HWP_EL_STRING_PARAM:
		if (r->param && !hwp_buf_add(r->param == 1 ? &r->field_path : &r->field_command, s,
		                             len))
			out_of_memory(r);
		break;
	case HWP_EL_SHAPE_COMMENT:
		if (!hwp_buf_add(&r->comment, s, len))
			out_of_memory(r);
		break;
	default:
		break;
	}
}

void hwp_body_node(hwp_reader *r, cb_xml *x)
{
	if (r->status != CB_OK)
		return;
	r->x = x;
	if (skipping(r, x))
		return;
	if (hwp_is_start(x)) {
		hwp_el el = element_of(r, x);
		bool empty = cb_xml_is_empty(x);
		if (body_skips(r, x, el)) {
			if (!empty)
				r->skip = 1;
			return;
		}
		open_el *o = push_open(r, el);
		if (!o)
			return;
		body_start(r, x, el, o);
		if (empty && r->nopen) {
			open_el done = r->open[--r->nopen];
			body_end(r, &done);
		}
	} else if (hwp_is_end(x) && r->nopen) {
		open_el done = r->open[--r->nopen];
		body_end(r, &done);
	} else if (hwp_is_text(x)) {
		const char *s = cb_xml_text(x, NULL);
		if (s)
			body_text(r, s, strlen(s));
	}
}

void hwp_part_end(hwp_reader *r)
{
	if (r->deleting && r->status == CB_OK)
		report(r, CB_SEV_WARNING, CB_W_RECOVERED,
		       "a tracked deletion was never closed: the text after it was left out");
	r->deleting = false;
	r->nopen = 0;
	r->skip = 0;
	r->marks = 0;
	r->field_pending = false;
	r->pic_depth = 0;
	free_fields(r);
	while (r->ntables)
		table_end(r);
	r->nparas = 0;
	r->nboxes = 1;
	r->boxes[0].nlists = 0;
	r->x = NULL;
}

/* --- the end ------------------------------------------------------------------------------- */

/* Pictures pointing at media that never came (HWPML keeps the data after the body) are taken
 * out, so that no writer meets a dangling reference. */
static void drop_dangling_images(hwp_reader *r)
{
	const cb_node *root = cb_document_body(r->doc);
	const cb_node *n = cb_node_first_child(root);
	unsigned long dropped = 0;
	while (n) {
		const cb_node *next;
		if (cb_node_get_kind(n) == CB_NODE_IMAGE &&
		    !cb_document_find_media(r->doc, cb_image_source(n)) &&
		    !strchr(cb_image_source(n), ':')) {
			next = n;
			while (next != root && !cb_node_next(next))
				next = cb_node_parent(next);
			next = next == root ? NULL : cb_node_next(next);
			cb_node_unlink(cb_node_mut(r->doc, n));
			dropped++;
			n = next;
			continue;
		}
		if (cb_node_first_child(n)) {
			n = cb_node_first_child(n);
			continue;
		}
		while (n != root && !cb_node_next(n))
			n = cb_node_parent(n);
		n = n == root ? NULL : cb_node_next(n);
	}
	if (dropped)
		cb_input_report(r->in, CB_SEV_WARNING, CB_W_RECOVERED, NULL, 0,
		                "%lu picture%s left out: %s data is missing", dropped,
		                dropped == 1 ? " was" : "s were", dropped == 1 ? "its" : "their");
}

cb_code hwp_finish(hwp_reader *r)
{
	hwp_part_end(r);
	if (r->status == CB_OK && r->media_pending)
		drop_dangling_images(r);
	return r->status;
}

/* --- metadata ------------------------------------------------------------------------------ */

static bool read_number(const char **s, unsigned long *v)
{
	while (**s == ' ')
		(*s)++;
	if (**s < '0' || **s > '9')
		return false;
	char *end;
	*v = strtoul(*s, &end, 10);
	*s = end;
	return true;
}

static bool expect(const char **s, const char *word)
{
	while (**s == ' ')
		(*s)++;
	size_t n = strlen(word);
	if (strncmp(*s, word, n) != 0)
		return false;
	*s += n;
	return true;
}

/* "2019년 6월 25일 화요일 오후 8:52:57" as ISO 8601; false when it is not that. */
static bool korean_date(const char *s, char *out, size_t size)
{
	unsigned long y, mo, d, h = 0, mi = 0, sec = 0;
	if (!read_number(&s, &y) || !expect(&s, "년") || !read_number(&s, &mo) ||
	    !expect(&s, "월") || !read_number(&s, &d) || !expect(&s, "일"))
		return false;
	while (*s == ' ')
		s++;
	const char *day = strstr(s, "요일");
	if (day)
		s = day + strlen("요일");
	bool pm = expect(&s, "오후");
	bool time = pm || expect(&s, "오전");
	if (time && (!read_number(&s, &h) || !expect(&s, ":") || !read_number(&s, &mi)))
		return false;
	if (time && expect(&s, ":") && !read_number(&s, &sec))
		return false;
	if (pm && h < 12)
		h += 12;
	else if (time && !pm && h == 12)
		h = 0;
	if (y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return false;
	if (time)
		snprintf(out, size, "%04lu-%02lu-%02luT%02lu:%02lu:%02lu", y, mo, d, h, mi, sec);
	else
		snprintf(out, size, "%04lu-%02lu-%02lu", y, mo, d);
	return true;
}

bool hwp_set_meta(hwp_reader *r, const char *key, const char *value, bool is_date)
{
	if (!value)
		return true;
	while (*value == ' ' || *value == '\t' || *value == '\r' || *value == '\n')
		value++;
	size_t len = strlen(value);
	while (len && (value[len - 1] == ' ' || value[len - 1] == '\t' || value[len - 1] == '\r' ||
	               value[len - 1] == '\n'))
		len--;
	if (!len)
		return true;
	char buf[64];
	char *v = strndup(value, len);
	if (!v) {
		out_of_memory(r);
		return false;
	}
	const char *set = v;
	/* Hangul 2014 writes "2006-02-06 22:49:08"; HWPML and the free "date" the Korean form. */
	if (is_date && len == 19 && v[4] == '-' && v[7] == '-' && v[10] == ' ' && v[13] == ':')
		v[10] = 'T';
	else if (is_date && korean_date(v, buf, sizeof buf))
		set = buf;
	int rc = cb_document_set_meta(r->doc, key, set);
	free(v);
	if (rc != 0) {
		build_failed(r, r->doc);
		return false;
	}
	return true;
}

/* --- media types ------------------------------------------------------------------------- */

const char *hwp_sniff_image(const unsigned char *d, size_t len)
{
	if (len >= 8 && memcmp(d, "\x89PNG\r\n\x1A\n", 8) == 0)
		return "image/png";
	if (len >= 3 && memcmp(d, "\xFF\xD8\xFF", 3) == 0)
		return "image/jpeg";
	if (len >= 6 && (memcmp(d, "GIF87a", 6) == 0 || memcmp(d, "GIF89a", 6) == 0))
		return "image/gif";
	if (len >= 2 && memcmp(d, "BM", 2) == 0)
		return "image/bmp";
	if (len >= 4 && (memcmp(d, "II*\0", 4) == 0 || memcmp(d, "MM\0*", 4) == 0))
		return "image/tiff";
	if (len >= 4 && memcmp(d, "\xD7\xCD\xC6\x9A", 4) == 0)
		return "image/wmf";
	if (len >= 44 && memcmp(d, "\1\0\0\0", 4) == 0 && memcmp(d + 40, " EMF", 4) == 0)
		return "image/emf";
	if (len >= 12 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBP", 4) == 0)
		return "image/webp";
	return NULL;
}

const char *hwp_type_for_extension(const char *ext)
{
	static const struct {
		const char *ext, *type;
	} map[] = {
		{"png", "image/png"}, {"jpg", "image/jpeg"}, {"jpeg", "image/jpeg"},
		{"jpe", "image/jpeg"}, {"gif", "image/gif"}, {"bmp", "image/bmp"},
		{"tif", "image/tiff"}, {"tiff", "image/tiff"}, {"wmf", "image/wmf"},
		{"emf", "image/emf"}, {"svg", "image/svg+xml"}, {"webp", "image/webp"},
	};
	for (size_t i = 0; ext && i < sizeof map / sizeof map[0]; i++)
		if (strcasecmp(ext, map[i].ext) == 0)
			return map[i].type;
	return NULL;
}

/* --- binary Hangul documents ---------------------------------------------------------------- */

bool hwp_refuse_binary(cb_input *in)
{
	unsigned char head[32];
	size_t got = 0;
	if (cb_input_rewind(in) != 0)
		return false;
	while (got < sizeof head) {
		ssize_t n = cb_input_read(in, head + got, sizeof head - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	cb_input_rewind(in);
	if (got >= 8 && memcmp(head, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
		if (cb_input_cfb_has(in, "FileHeader"))
			cb_input_report(in, CB_SEV_ERROR, CB_E_UNSUPPORTED, NULL, 0,
			                "HWP 5 binary document: not supported yet; save it as HWPX");
		else
			cb_input_report(in, CB_SEV_ERROR, CB_E_UNSUPPORTED, NULL, 0,
			                "an OLE compound file (Word 97-2003, or an encrypted document), not "
			                "a Hangul XML document: save it as HWPX or DOCX");
		return true;
	}
	if (got >= 17 && memcmp(head, "HWP Document File", 17) == 0) {
		cb_input_report(in, CB_SEV_ERROR, CB_E_UNSUPPORTED, NULL, 0,
		                "HWP 3 binary document: not supported yet; save it as HWPX");
		return true;
	}
	return false;
}
