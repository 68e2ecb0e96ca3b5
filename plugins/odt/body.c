/* The body: office:text into the model's blocks and inlines.
 *
 * One recursive walk over the streaming parser; each function starts on its element's start tag
 * and returns after its end tag, so the recursion is as deep as the markup, which the parser
 * bounds by the host's max-depth limit. What the model cannot hold is left out on purpose:
 * tracked deletions, comments, index templates, field declarations, embedded objects. */
#include "odt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Beyond what any office suite writes; keeps a hostile span or repeat count from making a
 * writer lay out a grid of billions of cells. */
#define MAX_SPAN 1000
#define MAX_REPEAT 64
#define MAX_SPACES 1000

struct odt_media {
	const char *path; /* the package path, or NULL for embedded data */
	const char *id;   /* its id in the media store */
};

/* A list whose numbering a later list may continue (text:continue-list, -numbering). */
struct odt_listref {
	const char *id;    /* xml:id, or NULL */
	const char *style; /* list style, or NULL */
	long next;         /* the number the next item would have had */
};

/* The paragraph or heading being built. Whitespace is held back until something follows it:
 * that drops it at both ends of the paragraph and collapses runs into one space, as ODF's
 * white-space rule says (the spaces a document means are written as text:s). */
typedef struct para {
	cb_node *container; /* where the paragraph sits: text boxes' blocks go there, after it */
	bool emitted;       /* the paragraph has content */
	bool space;         /* a space is pending ... */
	cb_node *space_parent; /* ... for this node (the paragraph or a link) */
	unsigned space_marks;
} para;

static void blocks(odt *o, cb_node *container);
static void block(odt *o, cb_node *container);
static void inlines(odt *o, para *p, cb_node *parent, unsigned marks);

static const char *keep(odt *o, const char *s)
{
	if (!s)
		return NULL;
	const char *copy = cb_document_strndup(o->doc, s, strlen(s));
	odt_built(o, copy);
	return copy;
}

/* Lists do not continue into table cells, notes or text boxes: their content starts afresh. */
typedef struct list_state {
	const char *style;
	int level;
} list_state;

static list_state list_reset(odt *o)
{
	list_state saved = {o->list_style, o->list_level};
	o->list_style = NULL;
	o->list_level = 0;
	return saved;
}

static void list_restore(odt *o, list_state saved)
{
	o->list_style = saved.style;
	o->list_level = saved.level;
}

/* --- inline content ------------------------------------------------------------------------ */

static void flush_space(odt *o, para *p)
{
	if (!p->space)
		return;
	p->space = false;
	if (cb_add_text(p->space_parent, " ", 1, p->space_marks) != 0)
		odt_built(o, NULL);
}

/* Adds content exactly as given (no white-space processing). */
static void literal(odt *o, para *p, cb_node *parent, const char *s, size_t n, unsigned marks)
{
	flush_space(o, p);
	if (!o->failed && cb_add_text(parent, s, n, marks) != 0)
		odt_built(o, NULL);
	p->emitted = true;
}

static bool is_xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void text(odt *o, para *p, cb_node *parent, const char *s, unsigned marks)
{
	while (*s && !o->failed) {
		size_t n = 0;
		while (s[n] && is_xml_space(s[n]))
			n++;
		if (n) {
			if (p->emitted && !p->space) {
				p->space = true;
				p->space_parent = parent;
				p->space_marks = marks;
			}
			s += n;
			continue;
		}
		while (s[n] && !is_xml_space(s[n]))
			n++;
		literal(o, p, parent, s, n, marks);
		s += n;
	}
}

static void spaces(odt *o, para *p, cb_node *parent, unsigned marks)
{
	static const char blanks[] = "                                ";
	long n = odt_attr_long(o, NS_TEXT, "c", 1, 1, MAX_SPACES);
	while (n > 0 && !o->failed) {
		size_t chunk = n > (long)sizeof blanks - 1 ? sizeof blanks - 1 : (size_t)n;
		literal(o, p, parent, blanks, chunk, marks);
		n -= (long)chunk;
	}
}

static void line_break(odt *o, para *p, cb_node *parent)
{
	flush_space(o, p);
	if (!o->failed)
		odt_built(o, cb_add_break(parent));
	p->emitted = true;
}

static void span(odt *o, para *p, cb_node *parent, unsigned marks)
{
	char *style = odt_attr(o, NS_TEXT, "style-name");
	unsigned inner = odt_apply(marks, odt_style_marks(o, ODT_TEXT, style));
	free(style);
	inlines(o, p, parent, inner);
}

/* text:a and draw:a. A link inside a link (which ODF forbids anyway) keeps only the outer. */
static void link(odt *o, para *p, cb_node *parent, unsigned marks)
{
	char *href = odt_attr(o, NS_XLINK, "href");
	if (!href || cb_node_get_kind(parent) == CB_NODE_LINK) {
		free(href);
		inlines(o, p, parent, marks);
		return;
	}
	flush_space(o, p);
	cb_node *a = o->failed ? NULL : cb_add_link(parent, href);
	free(href);
	if (!odt_built(o, a))
		return;
	inlines(o, p, a, marks);
	if (!cb_node_first_child(a))
		cb_node_unlink(a); /* an anchor with no text shows nothing */
}

static bool note_id_used(const odt *o, const char *id)
{
	for (size_t i = 0; i < o->nnote_ids; i++)
		if (strcmp(o->note_ids[i], id) == 0)
			return true;
	return false;
}

/* A footnote or endnote: the reference stays where it is and the note itself becomes a block
 * of the body, after the top-level block that refers to it, where every writer can place it.
 * Note ids must be unique (writers number notes by them): a note without one, or with one an
 * earlier note has, gets a fresh one (found by fuzz/odt). */
static void note(odt *o, para *p, cb_node *parent)
{
	char *id = odt_attr(o, NS_TEXT, "id");
	char *cls = odt_attr(o, NS_TEXT, "note-class");
	char made[32];
	o->notes++;
	const char *use = id;
	if (!id || !*id || note_id_used(o, id)) {
		unsigned k = o->notes;
		do
			snprintf(made, sizeof made, "note%u", k++);
		while (note_id_used(o, made));
		use = made;
	}
	if (o->nnote_ids == o->cap_note_ids) {
		size_t cap = o->cap_note_ids ? o->cap_note_ids * 2 : 8;
		const char **grown = realloc(o->note_ids, cap * sizeof *grown);
		if (!grown) {
			odt_fail(o, CB_E_NOMEM, "out of memory");
			free(id);
			free(cls);
			return;
		}
		o->note_ids = grown;
		o->cap_note_ids = cap;
	}
	const char *kind = cls && strcmp(cls, "endnote") == 0 ? "endnote" : "footnote";
	flush_space(o, p);
	cb_node *n = NULL;
	if (!o->failed && odt_built(o, cb_add_noteref(parent, use)))
		n = cb_add_note(cb_document_body(o->doc), use, kind);
	free(id);
	free(cls);
	p->emitted = true;
	if (!odt_built(o, n))
		return;
	o->note_ids[o->nnote_ids++] = cb_note_id(n);
	list_state saved = list_reset(o);
	odt_scope s = odt_enter(o);
	while (odt_next_child(o, &s))
		if (odt_is(o, NS_TEXT, "note-body"))
			blocks(o, n);
	list_restore(o, saved);
}

/* --- images ---------------------------------------------------------------------------- */

static const char *type_from_name(const char *path)
{
	static const struct {
		const char *ext, *type;
	} map[] = {
		{"png", "image/png"},   {"jpg", "image/jpeg"},    {"jpeg", "image/jpeg"},
		{"gif", "image/gif"},   {"svg", "image/svg+xml"}, {"bmp", "image/bmp"},
		{"tif", "image/tiff"},  {"tiff", "image/tiff"},   {"webp", "image/webp"},
		{"wmf", "image/x-wmf"}, {"emf", "image/x-emf"},
	};
	const char *dot = strrchr(path, '.');
	for (size_t i = 0; dot && i < sizeof map / sizeof *map; i++)
		if (strcasecmp(dot + 1, map[i].ext) == 0)
			return map[i].type;
	return NULL;
}

static const char *type_from_bytes(const unsigned char *d, size_t n)
{
	if (n >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (n >= 3 && memcmp(d, "\xFF\xD8\xFF", 3) == 0)
		return "image/jpeg";
	if (n >= 4 && memcmp(d, "GIF8", 4) == 0)
		return "image/gif";
	return "application/octet-stream";
}

/* A URI with a scheme ("https:", "file:") points outside the package; a scheme starts with a
 * letter. */
static bool is_external(const char *href)
{
	size_t n = strspn(href, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");
	return n > 1 && href[n] == ':' && ((href[0] | 0x20) >= 'a' && (href[0] | 0x20) <= 'z');
}

static const char *remember_media(odt *o, const char *path, const char *id)
{
	if (!id || !path)
		return id;
	if (o->nmedia == o->cap_media) {
		size_t cap = o->cap_media ? o->cap_media * 2 : 8;
		odt_media *grown = realloc(o->media, cap * sizeof *grown);
		if (!grown)
			return id; /* only the sharing of a repeated image is lost */
		o->media = grown;
		o->cap_media = cap;
	}
	const char *kept = keep(o, path);
	if (kept)
		o->media[o->nmedia++] = (odt_media){kept, id};
	return id;
}

/* The media id of a package image, adding it to the store the first time it is used. NULL when
 * it cannot be had: missing from the package (a warning: the rest of the document is fine), or
 * unreadable (an error, already reported: a damaged entry or a limit). */
static const char *package_image(odt *o, const char *href, const char *type)
{
	const char *path = strncmp(href, "./", 2) == 0 ? href + 2 : href;
	for (size_t i = 0; i < o->nmedia; i++)
		if (strcmp(o->media[i].path, path) == 0)
			return o->media[i].id;
	if (!cb_zip_has(o->zip, path)) {
		cb_input_report(o->in, CB_SEV_WARNING, CB_W_RECOVERED, path, 0,
		                "an image the document shows is missing from the package; left out");
		return NULL;
	}
	size_t len = 0;
	unsigned char *data = cb_zip_read(o->zip, path, &len);
	if (!data) {
		o->failed = true;
		o->code = CB_E_INVALID;
		return NULL;
	}
	if (!type)
		type = odt_manifest_type(o, path);
	if (!type || !*type)
		type = type_from_name(path);
	if (!type)
		type = type_from_bytes(data, len);
	const char *slash = strrchr(path, '/');
	const char *id = cb_document_add_media(o->doc, NULL, type, slash ? slash + 1 : path, data, len);
	free(data);
	if (!odt_built(o, id))
		return NULL;
	return remember_media(o, path, id);
}

static const char *embedded_image(odt *o, const char *base64, const char *type)
{
	size_t len = 0;
	unsigned char *data = cb_base64_decode(base64, strlen(base64), &len);
	if (!data) {
		cb_xml_report(o->x, CB_SEV_WARNING, CB_W_RECOVERED,
		              "an embedded image is not valid base64; left out");
		return NULL;
	}
	const char *id = cb_document_add_media(o->doc, NULL, type ? type : type_from_bytes(data, len),
	                                       NULL, data, len);
	free(data);
	odt_built(o, id);
	return id;
}

typedef struct frame_info {
	char *href, *type, *binary, *title, *desc;
	bool object;
} frame_info;

static void frame_image(odt *o, frame_info *f)
{
	/* The first image wins: LibreOffice follows an SVG with a PNG fallback in the same frame. */
	if (f->href || f->binary)
		return;
	f->href = odt_attr(o, NS_XLINK, "href");
	f->type = odt_attr(o, NS_DRAW, "mime-type");
	odt_scope s = odt_enter(o);
	while (odt_next_child(o, &s))
		if (odt_is(o, NS_OFFICE, "binary-data") && !f->binary)
			f->binary = odt_text_content(o);
}

static char *nonempty_text(odt *o)
{
	char *t = odt_text_content(o);
	size_t n = t ? strspn(t, " \t\r\n") : 0;
	if (t && !t[n]) {
		free(t);
		return NULL;
	}
	return t;
}

/* draw:frame, inside a paragraph (p set: the image is inline) or between blocks (p NULL). A text
 * box's paragraphs become blocks of the frame's container. Embedded objects (charts, formulas)
 * are left out with a note: their replacement pictures are in formats writers cannot show. */
static void frame(odt *o, para *p, cb_node *parent, cb_node *container)
{
	frame_info f = {0};
	odt_scope s = odt_enter(o);
	while (odt_next_child(o, &s)) {
		if (odt_is(o, NS_DRAW, "image"))
			frame_image(o, &f);
		else if (odt_is(o, NS_SVG, "title") && !f.title)
			f.title = nonempty_text(o);
		else if (odt_is(o, NS_SVG, "desc") && !f.desc)
			f.desc = nonempty_text(o);
		else if (odt_is(o, NS_DRAW, "object") || odt_is(o, NS_DRAW, "object-ole"))
			f.object = true;
		else if (odt_is(o, NS_DRAW, "text-box")) {
			list_state saved = list_reset(o);
			blocks(o, container);
			list_restore(o, saved);
		}
	}
	const char *source = NULL;
	if (o->failed) {
	} else if (f.object) {
		cb_input_report(o->in, CB_SEV_NOTE, CB_N_DETECTED, NULL, 0,
		                "an embedded object (chart, formula or OLE) is left out");
	} else if (f.binary) {
		source = embedded_image(o, f.binary, f.type);
	} else if (f.href && *f.href) {
		if (is_external(f.href))
			source = f.href; /* a linked picture: the model keeps the reference */
		else if (o->zip)
			source = package_image(o, f.href, f.type);
		else /* a flat document's picture beside it on disk: not ours to read (fuzz/odt) */
			cb_input_report(o->in, CB_SEV_WARNING, CB_W_RECOVERED, NULL, 0,
			                "a picture linked by a relative path ('%s') is left out", f.href);
	}
	if (source && !o->failed) {
		if (p)
			flush_space(o, p);
		if (!o->failed)
			odt_built(o, cb_add_image(parent, source, f.title ? f.title : f.desc));
		if (p)
			p->emitted = true;
	}
	free(f.href);
	free(f.type);
	free(f.binary);
	free(f.title);
	free(f.desc);
}

/* --- what is skipped ------------------------------------------------------------------- */

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Elements whose content is not document text: declarations, tracked deletions, comments,
 * ruby annotations, cached numbers, SVG titles of shapes, and generated indexes (a table of
 * contents repeats the headings, with the page numbers of a layout that is gone). */
static bool not_content(odt *o)
{
	static const char *const generated[] = {
		"table-of-content", "illustration-index", "table-index", "object-index",
		"user-index",       "alphabetical-index", "bibliography",
	};
	const char *l = cb_xml_name(o->x);
	const char *u = cb_xml_ns(o->x);
	if (!u)
		return false;
	if (strcmp(u, NS_TEXT) == 0) {
		for (size_t i = 0; i < sizeof generated / sizeof *generated; i++)
			if (strcmp(l, generated[i]) == 0)
				return true;
		return has_suffix(l, "-decls") || strcmp(l, "tracked-changes") == 0 ||
		       strcmp(l, "ruby-text") == 0 || strcmp(l, "note-citation") == 0 ||
		       strcmp(l, "number") == 0;
	}
	if (strcmp(u, NS_OFFICE) == 0)
		return strcmp(l, "annotation") == 0 || strcmp(l, "forms") == 0;
	return strcmp(u, NS_SVG) == 0;
}

static bool is_block_element(odt *o)
{
	return odt_is(o, NS_TEXT, "p") || odt_is(o, NS_TEXT, "h") || odt_is(o, NS_TEXT, "list") ||
	       odt_is(o, NS_TABLE, "table");
}

static void inline_element(odt *o, para *p, cb_node *parent, unsigned marks)
{
	if (odt_is(o, NS_TEXT, "span"))
		span(o, p, parent, marks);
	else if (odt_is(o, NS_TEXT, "a") || odt_is(o, NS_DRAW, "a"))
		link(o, p, parent, marks);
	else if (odt_is(o, NS_TEXT, "s"))
		spaces(o, p, parent, marks);
	else if (odt_is(o, NS_TEXT, "tab"))
		literal(o, p, parent, "\t", 1, marks);
	else if (odt_is(o, NS_TEXT, "line-break"))
		line_break(o, p, parent);
	else if (odt_is(o, NS_TEXT, "note"))
		note(o, p, parent);
	else if (odt_is(o, NS_DRAW, "frame"))
		frame(o, p, parent, p->container);
	else if (is_block_element(o))
		block(o, p->container); /* a shape's text inside a paragraph: blocks after it */
	else if (!not_content(o))
		inlines(o, p, parent, marks); /* fields, ruby bases, unknown wrappers: their text */
}

static void inlines(odt *o, para *p, cb_node *parent, unsigned marks)
{
	odt_scope s = odt_enter(o);
	while (odt_next_child(o, &s) && !o->failed) {
		int type = odt_node_type(o);
		if (type == CB_XML_START) {
			inline_element(o, p, parent, marks);
			continue;
		}
		if (type == CB_XML_TEXT) {
			const char *v = cb_xml_text(o->x, NULL);
			if (v)
				text(o, p, parent, v, marks);
		}
	}
}

/* --- blocks -------------------------------------------------------------------------------- */

/* text:p and text:h. A paragraph in a heading style (one with an outline level) is a heading
 * too. Headings take no marks from their paragraph style: every heading style is bold, and
 * saying so on every heading would only be noise. Empty paragraphs (spacing) are dropped. */
static void paragraph(odt *o, cb_node *container)
{
	char *style = odt_attr(o, NS_TEXT, "style-name");
	int level = odt_style_outline(o, style);
	if (odt_is(o, NS_TEXT, "h"))
		level = (int)odt_attr_long(o, NS_TEXT, "outline-level", level ? level : 1, 1, 10);
	unsigned marks = level ? 0 : odt_apply(0, odt_style_marks(o, ODT_PARAGRAPH, style));
	free(style);
	cb_node *node = level ? cb_add_heading(container, level > 9 ? 9 : level)
	                      : cb_add_paragraph(container);
	if (!odt_built(o, node))
		return;
	para p = {.container = container};
	inlines(o, &p, node, marks);
	if (!cb_node_first_child(node))
		cb_node_unlink(node);
}

static odt_listref *find_listref(odt *o, const char *id, const char *style)
{
	for (size_t i = o->nlists; i-- > 0;) {
		odt_listref *l = &o->lists[i];
		if (id ? l->id && strcmp(l->id, id) == 0
		       : !style || (l->style && strcmp(l->style, style) == 0))
			return l;
	}
	return NULL;
}

static void remember_list(odt *o, const char *id, const char *style, long next)
{
	if (o->nlists == o->cap_lists) {
		size_t cap = o->cap_lists ? o->cap_lists * 2 : 8;
		odt_listref *grown = realloc(o->lists, cap * sizeof *grown);
		if (!grown)
			return; /* only a later continuation's start number is lost */
		o->lists = grown;
		o->cap_lists = cap;
	}
	o->lists[o->nlists++] = (odt_listref){keep(o, id), keep(o, style), next};
}

/* Where a top-level list's numbering starts: its style's start value, unless it continues an
 * earlier list (text:continue-list names it; text:continue-numbering means the last one). */
static long list_start(odt *o, const char *style, long start)
{
	char *cont = odt_attr(o, NS_TEXT, "continue-list");
	char *numbering = odt_attr(o, NS_TEXT, "continue-numbering");
	const odt_listref *from = NULL;
	if (cont)
		from = find_listref(o, cont, NULL);
	else if (numbering && strcmp(numbering, "true") == 0)
		from = find_listref(o, NULL, style);
	free(cont);
	free(numbering);
	return from ? from->next : start;
}

/* A list being read: where it goes, and its node once an item needs it. */
typedef struct list_ctx {
	cb_node *container, *node;
	odt_level lv;
	long start, items;
} list_ctx;

/* Where an item without content of its own goes. ODF writes the deeper levels of a list as
 * items that hold only a nested list: they show no label and render under the item before them,
 * in this list or in the list just before it (LibreOffice writes Word's multi-level lists as a
 * run of such lists). NULL when there is no item before. */
static cb_node *item_before(odt *o, const list_ctx *lc)
{
	const cb_node *l = lc->node ? lc->node : cb_node_last_child(lc->container);
	if (!l || cb_node_get_kind(l) != CB_NODE_LIST)
		return NULL;
	return cb_node_mut(o->doc, cb_node_last_child(l));
}

static cb_node *new_item(odt *o, list_ctx *lc, long start_value)
{
	if (!lc->node) {
		lc->start = start_value;
		lc->node = cb_add_list(lc->container, lc->lv.ordered, start_value, lc->lv.style);
		if (!odt_built(o, lc->node))
			return NULL;
	}
	cb_node *item = cb_add_item(lc->node);
	return odt_built(o, item) ? item : NULL;
}

/* text:list-item and text:list-header: the item is made when its first block comes, so that an
 * item holding only a nested list can give it to the item before. */
static void list_item(odt *o, list_ctx *lc, bool header)
{
	long start_value = lc->node ? lc->start
	                            : odt_attr_long(o, NS_TEXT, "start-value", lc->start, 0,
	                                            1000000000L);
	cb_node *item = NULL, *into = NULL;
	odt_scope s = odt_enter(o);
	while (odt_next_child(o, &s) && !o->failed) {
		if (odt_node_type(o) != CB_XML_START)
			continue;
		if (!into && odt_is(o, NS_TEXT, "list"))
			into = item_before(o, lc);
		if (!into && header && !lc->node)
			into = lc->container; /* unnumbered lines before the first item */
		if (!into && !(into = item = new_item(o, lc, start_value)))
			return;
		block(o, into);
	}
	if (item && !cb_node_first_child(item))
		cb_node_unlink(item); /* a blank line in a list */
	else if (item && !header)
		lc->items++;
}

static void list(odt *o, cb_node *container)
{
	char *own_style = odt_attr(o, NS_TEXT, "style-name");
	char *xml_id = odt_attr(o, NS_XML, "id");
	list_state saved = {o->list_style, o->list_level};
	const char *style = own_style ? own_style : o->list_style;
	int level = o->list_level + 1;
	list_ctx lc = {.container = container, .lv = odt_list_level(o, style, level)};
	lc.start = level == 1 ? list_start(o, style, lc.lv.start) : lc.lv.start;
	o->list_style = style;
	o->list_level = level;
	odt_scope s = odt_enter(o);
	while (odt_next_child(o, &s) && !o->failed) {
		bool header = odt_is(o, NS_TEXT, "list-header");
		if (header || odt_is(o, NS_TEXT, "list-item"))
			list_item(o, &lc, header);
	}
	list_restore(o, saved);
	if (lc.node && !cb_node_first_child(lc.node))
		cb_node_unlink(lc.node);
	else if (lc.node && level == 1 && !o->failed)
		remember_list(o, xml_id, style, lc.start + lc.items);
	free(own_style);
	free(xml_id);
}

static unsigned span_attr(odt *o, const char *name)
{
	return (unsigned)odt_attr_long(o, NS_TABLE, name, 1, 1, MAX_SPAN);
}

static void row(odt *o, cb_node *table, bool header)
{
	cb_node *r = cb_add_row(table);
	if (!odt_built(o, r))
		return;
	odt_scope s = odt_enter(o);
	while (odt_next_child(o, &s) && !o->failed) {
		/* Covered cells are the places a spanning cell takes: the model leaves them out. */
		if (!odt_is(o, NS_TABLE, "table-cell"))
			continue;
		unsigned rows = span_attr(o, "number-rows-spanned");
		unsigned cols = span_attr(o, "number-columns-spanned");
		long repeat = odt_attr_long(o, NS_TABLE, "number-columns-repeated", 1, 1, MAX_REPEAT);
		cb_node *cell = cb_add_cell(r, rows, cols, header);
		if (!odt_built(o, cell))
			return;
		blocks(o, cell);
		/* Repeats are how empty runs of cells are written; their content is not repeated. */
		while (--repeat > 0 && odt_built(o, cb_add_cell(r, rows, cols, header))) {
		}
	}
}

static void rows(odt *o, cb_node *table, bool header)
{
	odt_scope s = odt_enter(o);
	while (odt_next_child(o, &s) && !o->failed) {
		if (odt_is(o, NS_TABLE, "table-row"))
			row(o, table, header);
		else if (odt_is(o, NS_TABLE, "table-header-rows"))
			rows(o, table, true);
		else if (odt_is(o, NS_TABLE, "table-rows") || odt_is(o, NS_TABLE, "table-row-group"))
			rows(o, table, header);
	}
}

static void table(odt *o, cb_node *container)
{
	cb_node *t = cb_add_table(container);
	if (!odt_built(o, t))
		return;
	list_state saved = list_reset(o);
	rows(o, t, false);
	list_restore(o, saved);
	if (!cb_node_first_child(t))
		cb_node_unlink(t);
}

static void block(odt *o, cb_node *container)
{
	if (odt_is(o, NS_TEXT, "p") || odt_is(o, NS_TEXT, "h"))
		paragraph(o, container);
	else if (odt_is(o, NS_TEXT, "list"))
		list(o, container);
	else if (odt_is(o, NS_TABLE, "table"))
		table(o, container);
	else if (odt_is(o, NS_DRAW, "frame"))
		frame(o, NULL, container, container);
	else if (!not_content(o))
		blocks(o, container); /* sections, index bodies, shapes: their blocks count */
}

static void blocks(odt *o, cb_node *container)
{
	odt_scope s = odt_enter(o);
	while (odt_next_child(o, &s) && !o->failed)
		if (odt_node_type(o) == CB_XML_START)
			block(o, container);
}

void odt_body(odt *o)
{
	o->saw_body = true;
	odt_scope s = odt_enter(o);
	while (odt_next_child(o, &s) && !o->failed) {
		if (odt_is(o, NS_OFFICE, "text")) {
			blocks(o, cb_document_body(o->doc));
			continue;
		}
		if (odt_node_type(o) != CB_XML_START)
			continue;
		const char *l = cb_xml_name(o->x);
		odt_fail(o, CB_E_UNSUPPORTED, "an OpenDocument %.32s document, not a text document",
		         l ? l : "other");
	}
}

void odt_body_free(odt *o)
{
	free(o->media);
	free(o->lists);
	free(o->note_ids);
	o->media = NULL;
	o->lists = NULL;
	o->note_ids = NULL;
	o->nnote_ids = o->cap_note_ids = 0;
	o->nmedia = o->cap_media = o->nlists = o->cap_lists = 0;
}
