/* Inside a paragraph: runs and their marks, text, tabs, breaks, symbols, fields, hyperlinks,
 * note references, images and text boxes.
 *
 * Fields. A complex field is begin, instruction, separate, displayed result, end, and may span
 * runs and paragraphs and nest; a simple field (w:fldSimple) carries its instruction in an
 * attribute around its result. Only results are displayed, so text is kept exactly when no open
 * field is still in its instruction. A HYPERLINK field's result becomes a link. */
#include "config.h"

#include "docx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* An instruction longer than this is not a hyperlink worth following. */
#define INSTR_MAX 4096

static int inline_child(void *ctx) { return dx_inline(ctx); }

static int look_through(dx_para *pp) { return dx_children(pp->s, inline_child, pp); }

static int skip(dx_para *pp)
{
	return dx_skip(pp->s->x) < 0 ? dx_fail(pp->s->r, CB_E_SYNTAX) : 0;
}

static int tree_failed(dx_para *pp)
{
	return dx_tree_failed(pp->s->r, pp->b->doc, pp->s->part, cb_xml_line(pp->s->x));
}

/* --- runs ------------------------------------------------------------------------------------ */

static int read_rpr(dx_para *pp)
{
	cb_xml *x = pp->s->x;
	unsigned marks = 0;
	int depth = dx_open_depth(x), rc;
	if (depth >= 0) {
		while ((rc = dx_next_child(x, depth)) == 1) {
			if (dx_node_ns(x) == DX_NS_W && strcmp(dx_local(x), "rStyle") == 0) {
				char id[128];
				const dx_styles *st = &pp->s->r->styles;
				if (dx_attr_buf(x, DX_NS_W, "val", id, sizeof id))
					marks = dx_style_marks(st, dx_style_find(st, id), marks);
			} else if (dx_node_ns(x) == DX_NS_W) {
				unsigned set, mask = dx_run_property(x, &set);
				marks = (marks & ~mask) | set;
			}
			if (dx_skip(x) < 0)
				return dx_fail(pp->s->r, CB_E_SYNTAX);
		}
		if (rc < 0)
			return dx_fail(pp->s->r, CB_E_SYNTAX);
	}
	pp->marks = marks;
	return 0;
}

static int run_child(void *ctx)
{
	dx_para *pp = ctx;
	if (dx_node_ns(pp->s->x) == DX_NS_W && strcmp(dx_local(pp->s->x), "rPr") == 0)
		return read_rpr(pp);
	return dx_inline(pp);
}

/* Paragraph style formatting is the look of the block (a heading is bold because it is a
 * heading), not emphasis, so a run's marks come from its character style and its own
 * properties only. */
static int run(dx_para *pp)
{
	unsigned saved = pp->marks;
	pp->marks = 0;
	int rc = dx_children(pp->s, run_child, pp);
	pp->marks = saved;
	return rc;
}

static int text_piece(void *ctx, const char *s, size_t len) { return dx_add_text(ctx, s, len); }

static int text(dx_para *pp)
{
	if (dx_text(pp->s->x, text_piece, pp) < 0)
		return pp->s->r->status != CB_OK ? -1 : dx_fail(pp->s->r, CB_E_SYNTAX);
	return 0;
}

static int line_break(dx_para *pp)
{
	if (!dx_visible(pp->s))
		return 0;
	cb_node *parent = dx_inline_parent(pp);
	if (!parent)
		return -1;
	return cb_add_break(parent) ? 0 : tree_failed(pp);
}

/* Page and column breaks are layout: between two pieces of text they still separate them, so
 * they become a line break once text follows. */
static int w_break(dx_para *pp)
{
	char type[32] = "";
	dx_attr_buf(pp->s->x, DX_NS_W, "type", type, sizeof type);
	if (strcmp(type, "page") == 0 || strcmp(type, "column") == 0) {
		if (pp->node && dx_visible(pp->s))
			pp->pending_break = true;
		return 0;
	}
	return line_break(pp);
}

/* The Symbol font's characters (Adobe's encoding), from 0x20. Empty where there is none. */
static const char *const symbol_font[224] = {
	" ", "!", "∀", "#", "∃", "%", "&", "∋", "(", ")", "∗", "+", ",", "−", ".", "/",
	"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", ":", ";", "<", "=", ">", "?",
	"≅", "Α", "Β", "Χ", "Δ", "Ε", "Φ", "Γ", "Η", "Ι", "ϑ", "Κ", "Λ", "Μ", "Ν", "Ο",
	"Π", "Θ", "Ρ", "Σ", "Τ", "Υ", "ς", "Ω", "Ξ", "Ψ", "Ζ", "[", "∴", "]", "⊥", "_",
	"‾", "α", "β", "χ", "δ", "ε", "φ", "γ", "η", "ι", "ϕ", "κ", "λ", "μ", "ν", "ο",
	"π", "θ", "ρ", "σ", "τ", "υ", "ϖ", "ω", "ξ", "ψ", "ζ", "{", "|", "}", "∼", "",
	"", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "",
	"", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "",
	"€", "ϒ", "′", "≤", "⁄", "∞", "ƒ", "♣", "♦", "♥", "♠", "↔", "←", "↑", "→", "↓",
	"°", "±", "″", "≥", "×", "∝", "∂", "•", "÷", "≠", "≡", "≈", "…", "⏐", "⎯", "↵",
	"ℵ", "ℑ", "ℜ", "℘", "⊗", "⊕", "∅", "∩", "∪", "⊃", "⊇", "⊄", "⊂", "⊆", "∈", "∉",
	"∠", "∇", "®", "©", "™", "∏", "√", "⋅", "¬", "∧", "∨", "⇔", "⇐", "⇑", "⇒", "⇓",
	"◊", "〈", "®", "©", "™", "∑", "⎛", "⎜", "⎝", "⎡", "⎢", "⎣", "⎧", "⎨", "⎩", "⎪",
	"", "〉", "∫", "⌠", "⎮", "⌡", "⎞", "⎟", "⎠", "⎤", "⎥", "⎦", "⎫", "⎬", "⎭", "",
};

/* The Wingdings characters forms use most: boxes, checks, bullets. */
static const struct {
	const char *font;
	unsigned code;
	const char *shown;
} dingbats[] = {
	{"Wingdings", 0x6C, "●"},   {"Wingdings", 0x6E, "■"},   {"Wingdings", 0x6F, "□"},
	{"Wingdings", 0x71, "❑"},   {"Wingdings", 0x75, "◆"},   {"Wingdings", 0x76, "❖"},
	{"Wingdings", 0xA7, "▪"},   {"Wingdings", 0xA8, "◻"},   {"Wingdings", 0xD8, "➢"},
	{"Wingdings", 0xFB, "✗"},   {"Wingdings", 0xFC, "✓"},   {"Wingdings", 0xFD, "☒"},
	{"Wingdings", 0xFE, "☑"},   {"Wingdings", 0x4A, "☺"},   {"Wingdings", 0x4C, "☹"},
	{"Wingdings 2", 0x50, "✓"}, {"Wingdings 2", 0x52, "☑"}, {"Wingdings 2", 0x54, "☒"},
	{"Wingdings 2", 0xA3, "☐"},
};

static size_t utf8_encode(unsigned c, char *out)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | c >> 6);
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | c >> 12);
		out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | c >> 18);
	out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* w:sym: a character of a symbol font, stored as the font's code (often plus U+F000). Shown as
 * the Unicode character it draws where that is known, else kept as it is. */
static int symbol(dx_para *pp)
{
	char font[64] = "", hex[16] = "", buf[8];
	dx_attr_buf(pp->s->x, DX_NS_W, "font", font, sizeof font);
	if (!dx_attr_buf(pp->s->x, DX_NS_W, "char", hex, sizeof hex))
		return 0;
	unsigned long c = strtoul(hex, NULL, 16);
	unsigned code = c >= 0xF000 && c <= 0xF0FF ? (unsigned)(c - 0xF000) : (unsigned)c;
	if (code < 0x100 && strcasecmp(font, "Symbol") == 0 && code >= 0x20 &&
	    *symbol_font[code - 0x20])
		return dx_add_text(pp, symbol_font[code - 0x20], strlen(symbol_font[code - 0x20]));
	for (size_t i = 0; code < 0x100 && i < sizeof dingbats / sizeof *dingbats; i++)
		if (dingbats[i].code == code && strcasecmp(dingbats[i].font, font) == 0)
			return dx_add_text(pp, dingbats[i].shown, strlen(dingbats[i].shown));
	if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	return dx_add_text(pp, buf, utf8_encode((unsigned)c, buf));
}

/* --- fields ---------------------------------------------------------------------------------- */

void dx_fields_clear(dx_story *s)
{
	for (unsigned i = 0; i < s->nfields; i++) {
		free(s->fields[i].instr);
		free(s->fields[i].link);
	}
	s->nfields = 0;
	s->lost_fields = 0;
	s->hidden = 0;
}

/* One argument of a field instruction (quoted or bare) into a new string; *p moves past it. */
static char *field_arg(const char **p)
{
	const char *s = *p, *start;
	size_t len;
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '"') {
		start = ++s;
		while (*s && *s != '"')
			s++;
		len = (size_t)(s - start);
		if (*s)
			s++;
	} else {
		start = s;
		while (*s && *s != ' ' && *s != '\t')
			s++;
		len = (size_t)(s - start);
	}
	*p = s;
	return len ? strndup(start, len) : NULL;
}

/* The target of HYPERLINK "url" [\l "anchor"] [\o "tip"] ..., or NULL for other fields. */
static char *hyperlink_target(const char *instr)
{
	const char *p = instr;
	while (*p == ' ' || *p == '\t')
		p++;
	if (strncasecmp(p, "HYPERLINK", 9) != 0 || (p[9] != ' ' && p[9] != '\t' && p[9] != '"'))
		return NULL;
	p += 9;
	char *url = NULL, *anchor = NULL;
	while (*p) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		if (*p == '\\' && p[1]) {
			char sw = p[1];
			p += 2;
			if (sw == 'l') {
				free(anchor);
				anchor = field_arg(&p);
			} else if (sw == 'o' || sw == 't') {
				free(field_arg(&p)); /* a tooltip or target frame: not the link */
			}
			continue;
		}
		char *arg = field_arg(&p);
		if (!url)
			url = arg;
		else
			free(arg);
	}
	char *target = NULL;
	if (url && anchor) {
		size_t n = strlen(url) + strlen(anchor) + 2;
		if ((target = malloc(n)))
			snprintf(target, n, "%s#%s", url, anchor);
	} else if (anchor) {
		size_t n = strlen(anchor) + 2;
		if ((target = malloc(n)))
			snprintf(target, n, "#%s", anchor);
	} else
		target = url, url = NULL;
	free(url);
	free(anchor);
	return target;
}

/* Ends the innermost field; its link, if any, stops taking inlines. */
static void field_pop(dx_para *pp)
{
	dx_story *s = pp->s;
	dx_field *f = &s->fields[--s->nfields];
	if (!f->result && s->hidden)
		s->hidden--;
	if (f->link && pp->link_for == f->link)
		pp->link = NULL, pp->link_for = NULL;
	free(f->instr);
	free(f->link);
	*f = (dx_field){0};
}

static int field_char(dx_para *pp)
{
	dx_story *s = pp->s;
	char type[32] = "";
	dx_attr_buf(s->x, DX_NS_W, "fldCharType", type, sizeof type);
	if (strcmp(type, "begin") == 0) {
		if (s->nfields == DX_MAX_FIELDS)
			s->lost_fields++;
		else {
			s->fields[s->nfields++] = (dx_field){0};
			s->hidden++;
		}
	} else if (strcmp(type, "separate") == 0) {
		dx_field *f = s->nfields ? &s->fields[s->nfields - 1] : NULL;
		if (!s->lost_fields && f && !f->result) {
			f->result = true;
			s->hidden--;
			if (f->instr && dx_visible(s))
				f->link = hyperlink_target(f->instr);
		}
	} else if (strcmp(type, "end") == 0) {
		if (s->lost_fields)
			s->lost_fields--;
		else if (s->nfields)
			field_pop(pp);
	}
	return skip(pp); /* w:ffData: a form field's settings */
}

static int instr_piece(void *ctx, const char *t, size_t len)
{
	dx_field *f = ctx;
	if (f->len + len > INSTR_MAX)
		return 0;
	char *grown = realloc(f->instr, f->len + len + 1);
	if (!grown)
		return -1;
	memcpy(grown + f->len, t, len);
	f->len += len;
	grown[f->len] = '\0';
	f->instr = grown;
	return 0;
}

static int instr_text(dx_para *pp)
{
	dx_story *s = pp->s;
	dx_field *f = s->nfields && !s->lost_fields ? &s->fields[s->nfields - 1] : NULL;
	if (!f || f->result)
		return skip(pp);
	if (dx_text(s->x, instr_piece, f) < 0) {
		if (s->r->status == CB_OK)
			cb_input_report(s->r->in, CB_SEV_ERROR, CB_E_NOMEM, s->part, 0,
			                "out of memory");
		return dx_fail(s->r, CB_E_NOMEM);
	}
	return 0;
}

/* w:fldSimple: the result is its content; a HYPERLINK one links it. */
static int simple_field(dx_para *pp)
{
	dx_story *s = pp->s;
	char *instr = dx_attr(s->x, DX_NS_W, "instr");
	char *link = instr && dx_visible(s) ? hyperlink_target(instr) : NULL;
	free(instr);
	if (!link || s->nfields == DX_MAX_FIELDS || s->lost_fields) {
		free(link);
		return look_through(pp);
	}
	s->fields[s->nfields++] = (dx_field){.result = true, .link = link};
	unsigned depth = s->nfields;
	int rc = look_through(pp);
	/* Complex fields left open inside it end with it. */
	while (s->nfields >= depth)
		field_pop(pp);
	return rc;
}

/* --- links and notes ------------------------------------------------------------------------- */

static int hyperlink(dx_para *pp)
{
	dx_story *s = pp->s;
	if (pp->hl_target)
		return look_through(pp); /* links do not nest: the outer one holds */
	char *rid = dx_attr(s->x, DX_NS_R, "id");
	char *anchor = dx_attr(s->x, DX_NS_W, "anchor");
	const dx_rel *rel = dx_rels_find(s->rels, rid);
	char *target = NULL;
	if (rid && !rel)
		dx_warn(s->r, s->part, cb_xml_line(s->x),
		        "hyperlink relationship '%s' not found: its text is kept without the link",
		        rid);
	if (rel || anchor) {
		const char *base = rel ? rel->target : "";
		size_t n = strlen(base) + (anchor ? strlen(anchor) + 1 : 0) + 1;
		if ((target = malloc(n)))
			snprintf(target, n, "%s%s%s", base, anchor ? "#" : "",
			         anchor ? anchor : "");
	}
	free(rid);
	free(anchor);
	if (!target)
		return look_through(pp);
	pp->hl_target = target;
	int rc = look_through(pp);
	pp->hl_target = NULL;
	pp->link = NULL;
	pp->link_for = NULL;
	free(target);
	return rc;
}

static dx_note *find_note(dx_reader *r, int kind, long id)
{
	for (size_t i = 0; i < r->nnotes; i++)
		if (r->notes[i].kind == kind && r->notes[i].xml_id == id)
			return &r->notes[i];
	return NULL;
}

static int note_reference(dx_para *pp, int kind)
{
	dx_story *s = pp->s;
	dx_reader *r = s->r;
	char id[32];
	if (s->in_notes || !dx_visible(s) || !dx_attr_buf(s->x, DX_NS_W, "id", id, sizeof id))
		return skip(pp);
	if (dx_notes_need(r, kind) < 0)
		return -1;
	dx_note *note = find_note(r, kind, strtol(id, NULL, 10));
	if (!note) {
		dx_warn(r, s->part, cb_xml_line(s->x), "%s %s is referred to but not defined",
		        kind ? "endnote" : "footnote", id);
		return skip(pp);
	}
	bool first = !note->model_id;
	if (first) {
		char buf[32];
		snprintf(buf, sizeof buf, "%s%u", kind ? "en" : "fn", ++r->note_count[kind]);
		if (!(note->model_id = strdup(buf))) {
			cb_input_report(r->in, CB_SEV_ERROR, CB_E_NOMEM, s->part, 0,
			                "out of memory");
			return dx_fail(r, CB_E_NOMEM);
		}
	}
	cb_node *parent = dx_inline_parent(pp);
	if (!parent)
		return -1;
	if (!cb_add_noteref(parent, note->model_id))
		return tree_failed(pp);
	if (first && dx_pend(pp, (size_t)(note - r->notes), NULL) < 0)
		return -1;
	return skip(pp);
}

/* --- images and text boxes ------------------------------------------------------------------- */

static const char *media_id(dx_reader *r, const char *part)
{
	for (size_t i = 0; i < r->nmedia; i++)
		if (strcmp(r->media[i].part, part) == 0)
			return r->media[i].id;
	return NULL;
}

/* The media id of an image part, adding it to the store on first use. NULL on failure (the
 * container has reported why: missing, damaged, over a limit). */
static const char *store_image(dx_reader *r, const char *part)
{
	const char *id = media_id(r, part);
	if (id)
		return id;
	dx_media *grown = realloc(r->media, (r->nmedia + 1) * sizeof *grown);
	if (!grown) {
		cb_input_report(r->in, CB_SEV_ERROR, CB_E_NOMEM, part, 0, "out of memory");
		return NULL;
	}
	r->media = grown;
	size_t len;
	unsigned char *data = cb_zip_read(r->z, part, &len);
	if (!data)
		return NULL;
	if (dx_types_need(r) < 0) {
		free(data);
		return NULL;
	}
	const char *type = dx_types_of(&r->types, part);
	const char *slash = strrchr(part, '/');
	id = cb_document_add_media(r->doc, NULL, type ? type : "application/octet-stream",
	                           slash ? slash + 1 : part, data, len);
	free(data);
	char *copy = id ? strdup(part) : NULL;
	if (!copy) {
		if (id)
			cb_input_report(r->in, CB_SEV_ERROR, CB_E_NOMEM, part, 0, "out of memory");
		else
			dx_tree_failed(r, r->doc, part, 0);
		return NULL;
	}
	r->media[r->nmedia++] = (dx_media){copy, id};
	return id;
}

/* "https:", "file:": a URI with a scheme, which starts with a letter. */
static bool has_scheme(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");
	return n > 0 && s[n] == ':' && ((s[0] | 0x20) >= 'a' && (s[0] | 0x20) <= 'z');
}

static int image(dx_para *pp, const char *rid, const char *alt)
{
	dx_story *s = pp->s;
	dx_reader *r = s->r;
	if (!rid || !dx_visible(s))
		return 0;
	const dx_rel *rel = dx_rels_find(s->rels, rid);
	const char *source = NULL;
	char *part = NULL;
	if (!rel) {
		dx_warn(r, s->part, cb_xml_line(s->x), "image relationship '%s' not found", rid);
		return 0;
	}
	if (rel->external && !has_scheme(rel->target)) {
		/* A picture beside the document on disk, linked by a relative path: the model holds
		 * only pictures of the package and URIs. */
		dx_warn(r, s->part, cb_xml_line(s->x),
		        "a picture linked by a relative path ('%s') is left out", rel->target);
		return 0;
	}
	if (rel->external)
		source = rel->target;
	else if (!(part = dx_rel_part(r, s->rels, rel))) {
		dx_warn(r, s->part, cb_xml_line(s->x),
		        "image part '%s' is missing from the package", rel->target);
		return 0;
	} else if (!(source = store_image(r, part))) {
		free(part);
		return dx_fail(r, CB_E_INVALID);
	}
	free(part);
	cb_node *parent = dx_inline_parent(pp);
	if (!parent)
		return -1;
	return cb_add_image(parent, source, alt && *alt ? alt : NULL) ? 0 : tree_failed(pp);
}

static void set_alt(dx_para *pp, char *alt)
{
	if (alt && *alt) {
		free(pp->alt);
		pp->alt = alt;
	} else
		free(alt);
}

/* wp:inline and wp:anchor: the drawing's description (wp:docPr) is its alternative text. */
static int drawing_frame(dx_para *pp)
{
	char *saved = pp->alt;
	pp->alt = NULL;
	int rc = look_through(pp);
	free(pp->alt);
	pp->alt = saved;
	return rc;
}

static int drawing_properties(dx_para *pp)
{
	cb_xml *x = pp->s->x;
	char *alt = dx_attr(x, DX_NS_NONE, "descr");
	if (!alt || !*alt) {
		free(alt);
		alt = dx_attr(x, DX_NS_NONE, "title");
	}
	set_alt(pp, alt);
	return skip(pp);
}

/* A VML shape: its alt attribute, for the v:imagedata inside. */
static int vml_shape(dx_para *pp)
{
	char *saved = pp->alt;
	pp->alt = NULL;
	set_alt(pp, dx_attr(pp->s->x, DX_NS_NONE, "alt"));
	if (!pp->alt && saved)
		pp->alt = strdup(saved);
	int rc = look_through(pp);
	free(pp->alt);
	pp->alt = saved;
	return rc;
}

static int vml_image(dx_para *pp)
{
	cb_xml *x = pp->s->x;
	char *rid = dx_attr(x, DX_NS_R, "id");
	if (!rid)
		rid = dx_attr(x, DX_NS_O, "relid");
	char *title = pp->alt ? NULL : dx_attr(x, DX_NS_O, "title");
	int rc = image(pp, rid, pp->alt ? pp->alt : title);
	free(rid);
	free(title);
	return rc < 0 ? rc : skip(pp);
}

static int blip(dx_para *pp)
{
	cb_xml *x = pp->s->x;
	char *rid = dx_attr(x, DX_NS_R, "embed");
	if (!rid)
		rid = dx_attr(x, DX_NS_R, "link");
	int rc = image(pp, rid, pp->alt);
	free(rid);
	return rc < 0 ? rc : skip(pp);
}

/* w:txbxContent: blocks inside a run. They are read into a staging document as a story of
 * their own (fields do not cross into it) and placed after the paragraph. */
static int text_box(dx_para *pp)
{
	dx_story *s = pp->s;
	if (!dx_visible(s))
		return skip(pp);
	cb_document *box = dx_stage_new(s->r);
	if (!box)
		return -1;
	dx_story sub = {.r = s->r, .x = s->x, .part = s->part, .rels = s->rels,
	                .in_notes = s->in_notes};
	dx_blocks b = {.doc = box, .container = cb_document_body(box)};
	int rc = dx_blocks_children(&sub, &b);
	dx_fields_clear(&sub);
	if (rc < 0 || !cb_node_first_child(b.container)) {
		cb_document_free(box);
		return rc;
	}
	return dx_pend(pp, 0, box);
}

/* --- dispatch -------------------------------------------------------------------------------- */

/* Elements inside a paragraph with nothing displayed in them. */
static const char *const skipped[] = {
	"rPr", "pPr", "del", "moveFrom", "sdtPr", "sdtEndPr", "delText", "delInstrText",
	"fldData", "customXmlPr", "smartTagPr", "sectPr", "tblPr", "tblGrid", "trPr", "tcPr",
	"commentReference", "annotationRef", "separator", "continuationSeparator",
};

static int w_inline(dx_para *pp, const char *local)
{
	switch (local[0]) {
	case 'b':
		if (strcmp(local, "br") == 0)
			return w_break(pp);
		break;
	case 'c':
		if (strcmp(local, "cr") == 0)
			return line_break(pp);
		break;
	case 'e':
		if (strcmp(local, "endnoteReference") == 0)
			return note_reference(pp, 1);
		if (strcmp(local, "endnoteRef") == 0) {
			pp->trim_lead = true;
			return skip(pp);
		}
		break;
	case 'f':
		if (strcmp(local, "fldChar") == 0)
			return field_char(pp);
		if (strcmp(local, "fldSimple") == 0)
			return simple_field(pp);
		if (strcmp(local, "footnoteReference") == 0)
			return note_reference(pp, 0);
		if (strcmp(local, "footnoteRef") == 0) {
			pp->trim_lead = true;
			return skip(pp);
		}
		break;
	case 'h':
		if (strcmp(local, "hyperlink") == 0)
			return hyperlink(pp);
		break;
	case 'i':
		if (strcmp(local, "instrText") == 0)
			return instr_text(pp);
		break;
	case 'n':
		if (strcmp(local, "noBreakHyphen") == 0)
			return dx_add_text(pp, "\u2011", strlen("\u2011"));
		break;
	case 'p':
		if (strcmp(local, "ptab") == 0)
			return dx_add_text(pp, "\t", 1);
		break;
	case 'r':
		if (strcmp(local, "r") == 0)
			return run(pp);
		break;
	case 's':
		if (strcmp(local, "sym") == 0)
			return symbol(pp) < 0 ? -1 : skip(pp);
		if (strcmp(local, "softHyphen") == 0)
			return 0; /* a hyphenation hint, invisible in running text */
		break;
	case 't':
		if (strcmp(local, "t") == 0)
			return text(pp);
		if (strcmp(local, "tab") == 0)
			return dx_add_text(pp, "\t", 1) < 0 ? -1 : skip(pp);
		if (strcmp(local, "txbxContent") == 0)
			return text_box(pp);
		break;
	default:
		break;
	}
	if (dx_in(local, skipped, sizeof skipped / sizeof *skipped))
		return skip(pp);
	return look_through(pp);
}

int dx_inline(dx_para *pp)
{
	cb_xml *x = pp->s->x;
	const char *local = dx_local(x);
	switch (dx_node_ns(x)) {
	case DX_NS_W:
		return w_inline(pp, local);
	case DX_NS_MC:
		if (strcmp(local, "AlternateContent") == 0)
			return dx_alternate(pp->s, inline_child, pp);
		return skip(pp);
	case DX_NS_M:
		if (strcmp(local, "t") == 0)
			return text(pp);
		break;
	case DX_NS_WP:
		if (strcmp(local, "docPr") == 0)
			return drawing_properties(pp);
		if (strcmp(local, "inline") == 0 || strcmp(local, "anchor") == 0)
			return drawing_frame(pp);
		break;
	case DX_NS_PIC:
		if (strcmp(local, "cNvPr") == 0) {
			char *descr = dx_attr(x, DX_NS_NONE, "descr");
			set_alt(pp, descr);
			return skip(pp);
		}
		break;
	case DX_NS_A:
		if (strcmp(local, "blip") == 0)
			return blip(pp);
		break;
	case DX_NS_V:
		if (strcmp(local, "imagedata") == 0)
			return vml_image(pp);
		if (strcmp(local, "shapetype") == 0 || strcmp(local, "formulas") == 0)
			return skip(pp);
		if (strcmp(local, "textbox") != 0 && strcmp(local, "fill") != 0 &&
		    strcmp(local, "stroke") != 0)
			return vml_shape(pp);
		break;
	case DX_NS_O:
		return skip(pp); /* OLE object data, locks, callouts: nothing displayed */
	default:
		break;
	}
	return look_through(pp);
}
