/* The story parts: blocks, paragraphs and lists, and where notes and text boxes land.
 *
 * The parser is recursive descent over the pull reader: each function is entered on an
 * element's start tag and returns on its end tag, so the XML is never held whole and the C
 * stack follows the nesting, which max-depth bounds. Unknown elements are looked through, not
 * skipped, so text inside wrappers this reader does not know (smart tags, custom XML, content
 * controls, tracked insertions) is kept; only what is not displayed is skipped: deletions,
 * moved-away text, field instructions, property sets.
 *
 * Paragraphs are created on their first content. A numbered paragraph becomes an item of a list
 * nested by its level; consecutive items stay in one list while their numbering continues, and a
 * paragraph of another kind closes the lists. A note is placed after the paragraph that refers
 * to it, a text box after the paragraph it is anchored in, each once. */
#include "config.h"

#include "docx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A title longer than this is kept in the body but not copied into the metadata whole. */
#define TITLE_MAX 1024

bool dx_visible(const dx_story *s) { return s->hidden == 0; }

int dx_children(dx_story *s, int (*fn)(void *ctx), void *ctx)
{
	int depth = dx_open_depth(s->x), rc;
	if (depth < 0)
		return 0;
	while ((rc = dx_next_child(s->x, depth)) == 1)
		if (fn(ctx) < 0)
			return -1;
	return rc < 0 ? dx_fail(s->r, CB_E_SYNTAX) : 0;
}

/* Whether every prefix a mc:Choice requires names a namespace this reader understands. */
static bool choice_understood(cb_xml *x)
{
	char *req = dx_attr(x, DX_NS_NONE, "Requires");
	bool ok = req != NULL, any = false;
	for (char *save = NULL, *p = req ? strtok_r(req, " \t\r\n", &save) : NULL; p && ok;
	     p = strtok_r(NULL, " \t\r\n", &save)) {
		ok = dx_ns_understood(cb_xml_lookup_ns(x, p));
		any = true;
	}
	free(req);
	return ok && any;
}

int dx_alternate(dx_story *s, int (*fn)(void *ctx), void *ctx)
{
	int depth = dx_open_depth(s->x), rc;
	bool chosen = false;
	if (depth < 0)
		return 0;
	while ((rc = dx_next_child(s->x, depth)) == 1) {
		const char *local = dx_local(s->x);
		bool take = false;
		if (!chosen && dx_node_ns(s->x) == DX_NS_MC) {
			if (strcmp(local, "Choice") == 0)
				take = choice_understood(s->x);
			else if (strcmp(local, "Fallback") == 0)
				take = true;
		}
		if (take) {
			chosen = true;
			if (dx_children(s, fn, ctx) < 0)
				return -1;
		} else if (dx_skip(s->x) < 0)
			return dx_fail(s->r, CB_E_SYNTAX);
	}
	return rc < 0 ? dx_fail(s->r, CB_E_SYNTAX) : 0;
}

/* --- paragraphs ------------------------------------------------------------------------------ */

static int read_num_pr(dx_para *pp)
{
	cb_xml *x = pp->s->x;
	int depth = dx_open_depth(x), rc;
	if (depth < 0)
		return 0;
	while ((rc = dx_next_child(x, depth)) == 1) {
		char v[32];
		if (dx_node_ns(x) == DX_NS_W && dx_attr_buf(x, DX_NS_W, "val", v, sizeof v)) {
			if (strcmp(dx_local(x), "numId") == 0)
				pp->num_id = strtol(v, NULL, 10);
			else if (strcmp(dx_local(x), "ilvl") == 0)
				pp->num_level = (int)strtol(v, NULL, 10);
		}
		if (dx_skip(x) < 0)
			return dx_fail(pp->s->r, CB_E_SYNTAX);
	}
	return rc < 0 ? dx_fail(pp->s->r, CB_E_SYNTAX) : 0;
}

static int read_ppr(dx_para *pp)
{
	cb_xml *x = pp->s->x;
	int depth = dx_open_depth(x), rc;
	if (depth < 0)
		return 0;
	while ((rc = dx_next_child(x, depth)) == 1) {
		const char *local = dx_local(x);
		char v[16];
		if (dx_node_ns(x) != DX_NS_W)
			rc = dx_skip(x);
		else if (strcmp(local, "pStyle") == 0)
			pp->has_style = dx_attr_buf(x, DX_NS_W, "val", pp->style, sizeof pp->style);
		else if (strcmp(local, "numPr") == 0) {
			if (read_num_pr(pp) < 0)
				return -1;
		} else if (strcmp(local, "outlineLvl") == 0) {
			if (dx_attr_buf(x, DX_NS_W, "val", v, sizeof v)) {
				long lvl = strtol(v, NULL, 10);
				pp->outline = lvl >= 0 && lvl < 9 ? (int)lvl : 9;
			}
		} else
			rc = dx_skip(x);
		if (rc < 0)
			return dx_fail(pp->s->r, CB_E_SYNTAX);
	}
	return rc < 0 ? dx_fail(pp->s->r, CB_E_SYNTAX) : 0;
}

/* Works out what the paragraph is from its properties and style, once. Numbered paragraphs are
 * counted here even when empty, because Word gives an empty item its number too. */
static int resolve(dx_para *pp)
{
	if (pp->resolved)
		return 0;
	pp->resolved = true;
	dx_reader *r = pp->s->r;
	const dx_style *st = pp->has_style ? dx_style_find(&r->styles, pp->style)
	                                   : r->styles.default_para;
	if (pp->outline >= 0)
		pp->heading = pp->outline < 9 ? pp->outline + 1 : 0;
	else if (st)
		pp->heading = dx_style_heading(&r->styles, st);
	else if (pp->has_style)
		pp->heading = dx_heading_name_level(pp->style); /* a style id with no styles.xml */
	pp->title = st ? dx_style_title(&r->styles, st, false) : pp->has_style &&
	                                                            dx_title_name(pp->style);
	pp->subtitle = st && dx_style_title(&r->styles, st, true);
	if (pp->title && !pp->heading)
		pp->heading = 1;
	if (pp->heading)
		return 0; /* a numbered heading stays a heading; its number is not text */
	long num_id;
	int level;
	dx_style_numbering(&r->styles, st, &num_id, &level);
	if (pp->num_id >= 0)
		num_id = pp->num_id;
	if (pp->num_level >= 0)
		level = pp->num_level;
	if (level >= DX_LEVELS)
		level = DX_LEVELS - 1;
	pp->num_level = level;
	int numbered = dx_numbering_next(r, num_id, level, &pp->li);
	pp->numbered = numbered > 0;
	return numbered < 0 ? -1 : 0;
}

static bool same_style(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Whether an item continues the open list of its level: the same kind of list, and for
 * numbered ones the next number. */
static bool continues(const dx_open_list *open, const dx_list_info *li)
{
	return open->ordered == li->ordered && same_style(open->style, li->style) &&
	       (!li->ordered || li->value == open->value + 1);
}

static cb_node *open_item(dx_para *pp)
{
	dx_blocks *b = pp->b;
	const dx_list_info *li = &pp->li;
	int level = pp->num_level;
	while (b->nlists && b->lists[b->nlists - 1].level > level)
		b->nlists--;
	dx_open_list *top = b->nlists ? &b->lists[b->nlists - 1] : NULL;
	if (top && top->level == level) {
		if (continues(top, li)) {
			top->value = li->value;
			return top->item = cb_add_item(top->list);
		}
		b->nlists--;
		top = b->nlists ? &b->lists[b->nlists - 1] : NULL;
	}
	cb_node *list = cb_add_list(top ? top->item : b->container, li->ordered,
	                            li->ordered ? li->value : 1, li->style);
	cb_node *item = list ? cb_add_item(list) : NULL;
	if (!item)
		return NULL;
	b->lists[b->nlists++] = (dx_open_list){.list = list, .item = item, .level = level,
	                                       .value = li->value, .ordered = li->ordered,
	                                       .style = li->style};
	return item;
}

/* The block holding the paragraph: its list item, or the container (closing any lists). */
static cb_node *para_host(dx_para *pp)
{
	if (resolve(pp) < 0)
		return NULL;
	if (pp->host)
		return pp->host;
	if (!pp->numbered) {
		pp->b->nlists = 0;
		pp->host = pp->b->container;
	} else
		pp->host = open_item(pp);
	if (!pp->host)
		dx_tree_failed(pp->s->r, pp->b->doc, pp->s->part, cb_xml_line(pp->s->x));
	return pp->host;
}

/* The target inlines should link to now: the open w:hyperlink, else a HYPERLINK field whose
 * result is being read. */
static const char *link_target(const dx_para *pp)
{
	if (pp->hl_target)
		return pp->hl_target;
	for (unsigned i = pp->s->nfields; i-- > 0;)
		if (pp->s->fields[i].link)
			return pp->s->fields[i].link;
	return NULL;
}

/* Adds the waiting text to the tree, before anything else is added after it. */
static int flush_text(dx_para *pp)
{
	if (!pp->text_len)
		return 0;
	int rc = cb_add_text(pp->text_parent, pp->text, pp->text_len, pp->text_marks);
	pp->text_len = 0;
	if (rc != 0)
		return dx_tree_failed(pp->s->r, pp->b->doc, pp->s->part, cb_xml_line(pp->s->x));
	return 0;
}

cb_node *dx_inline_parent(dx_para *pp)
{
	dx_reader *r = pp->s->r;
	if (flush_text(pp) < 0)
		return NULL;
	if (!pp->node) {
		cb_node *host = para_host(pp);
		if (!host)
			return NULL;
		pp->node = pp->heading ? cb_add_heading(host, pp->heading) : cb_add_paragraph(host);
		if (!pp->node) {
			dx_tree_failed(r, pp->b->doc, pp->s->part, cb_xml_line(pp->s->x));
			return NULL;
		}
	}
	cb_node *parent = pp->node;
	const char *target = link_target(pp);
	if (!target)
		pp->link = NULL;
	else if (pp->link && pp->link_for == target)
		parent = pp->link;
	else if ((pp->link = cb_add_link(pp->node, target))) {
		pp->link_for = target;
		parent = pp->link;
	} else {
		dx_tree_failed(r, pp->b->doc, pp->s->part, cb_xml_line(pp->s->x));
		return NULL;
	}
	if (pp->pending_break) {
		pp->pending_break = false;
		if (!cb_add_break(parent)) {
			dx_tree_failed(r, pp->b->doc, pp->s->part, cb_xml_line(pp->s->x));
			return NULL;
		}
	}
	return parent;
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

int dx_add_text(dx_para *pp, const char *t, size_t len)
{
	if (!dx_visible(pp->s) || len == 0)
		return 0;
	if (pp->trim_lead) {
		while (len && is_space(*t))
			t++, len--;
		if (!len)
			return 0;
		pp->trim_lead = false;
	}
	/* Text continues the waiting text when it would go to the same place with the same marks;
	 * otherwise that is added first and this starts anew. */
	const char *target = link_target(pp);
	bool same = pp->text_len && pp->text_marks == pp->marks && !pp->pending_break &&
	            pp->text_parent == (target ? pp->link : pp->node) &&
	            (!target || pp->link_for == target);
	if (!same) {
		cb_node *parent = dx_inline_parent(pp);
		if (!parent)
			return -1;
		pp->text_parent = parent;
		pp->text_marks = pp->marks;
	}
	if (pp->text_len + len + 1 > pp->text_cap) {
		size_t cap = (pp->text_len + len + 1) * 2;
		char *grown = realloc(pp->text, cap);
		if (!grown) {
			cb_input_report(pp->s->r->in, CB_SEV_ERROR, CB_E_NOMEM, pp->s->part, 0,
			                "out of memory");
			return dx_fail(pp->s->r, CB_E_NOMEM);
		}
		pp->text = grown;
		pp->text_cap = cap;
	}
	memcpy(pp->text + pp->text_len, t, len);
	pp->text_len += len;
	return 0;
}

int dx_pend(dx_para *pp, size_t note, cb_document *box)
{
	if (pp->npending == pp->cap_pending) {
		size_t cap = pp->cap_pending ? pp->cap_pending * 2 : 4;
		dx_pending *grown = realloc(pp->pending, cap * sizeof *grown);
		if (!grown) {
			cb_document_free(box);
			cb_input_report(pp->s->r->in, CB_SEV_ERROR, CB_E_NOMEM, pp->s->part, 0,
			                "out of memory");
			return dx_fail(pp->s->r, CB_E_NOMEM);
		}
		pp->pending = grown;
		pp->cap_pending = cap;
	}
	pp->pending[pp->npending++] = (dx_pending){.note = note, .box = box};
	return 0;
}

/* Appends the text of a heading to buf (TITLE_MAX bytes, NUL-terminated), for the metadata. */
static void collect_text(const cb_node *n, char *buf, size_t *used)
{
	for (const cb_node *c = cb_node_first_child(n); c; c = cb_node_next(c)) {
		size_t len;
		const char *t = NULL;
		if (cb_node_get_kind(c) == CB_NODE_TEXT)
			t = cb_text_get(c, &len);
		else if (cb_node_get_kind(c) == CB_NODE_BREAK)
			t = " ", len = 1;
		else if (cb_node_get_kind(c) == CB_NODE_LINK)
			collect_text(c, buf, used);
		if (t && *used + len < TITLE_MAX) {
			memcpy(buf + *used, t, len);
			*used += len;
		}
	}
	buf[*used] = '\0';
}

/* The Title style's text names the document better than core.xml, whose title is often left
 * over from a template, so the first titled paragraph wins. */
static int set_title(dx_para *pp, const char *key)
{
	dx_reader *r = pp->s->r;
	char buf[TITLE_MAX];
	size_t used = 0;
	collect_text(pp->node, buf, &used);
	size_t start = 0;
	while (start < used && is_space(buf[start]))
		start++;
	while (used > start && is_space(buf[used - 1]))
		buf[--used] = '\0';
	if (start == used)
		return 0;
	if (cb_document_set_meta(r->doc, key, buf + start) != 0)
		return dx_tree_failed(r, r->doc, pp->s->part, 0);
	if (!pp->subtitle)
		r->title_from_body = true;
	return 0;
}

static int place(dx_para *pp, cb_node *host, const dx_pending *p)
{
	dx_reader *r = pp->s->r;
	cb_node *to;
	const cb_node *from;
	if (p->box) {
		to = cb_add_div(host, "textbox");
		from = cb_document_body(p->box);
	} else {
		const dx_note *note = &r->notes[p->note];
		to = cb_add_note(host, note->model_id, note->kind ? "endnote" : "footnote");
		from = note->content;
	}
	if (!to || dx_copy_children(to, from) < 0)
		return dx_tree_failed(r, pp->b->doc, pp->s->part, cb_xml_line(pp->s->x));
	return 0;
}

/* Whether a paragraph holds only white space (Word's way of adding vertical space). */
static bool blank(const cb_node *n)
{
	for (const cb_node *c = cb_node_first_child(n); c; c = cb_node_next(c)) {
		if (cb_node_get_kind(c) != CB_NODE_TEXT)
			return false;
		for (const char *t = cb_text_get(c, NULL); *t; t++) {
			if (strncmp(t, "\xC2\xA0", 2) == 0 || strncmp(t, "\xE3\x80\x80", 3) == 0)
				t += t[0] == '\xC2' ? 1 : 2; /* no-break and ideographic spaces */
			else if (!is_space(*t))
				return false;
		}
	}
	return true;
}

static int finish_paragraph(dx_para *pp)
{
	dx_reader *r = pp->s->r;
	if (resolve(pp) < 0 || flush_text(pp) < 0)
		return -1;
	if (pp->node && blank(pp->node)) {
		cb_node_unlink(pp->node);
		pp->node = NULL;
	}
	if (pp->node && pp->title && !r->title_from_body && !pp->s->in_notes &&
	    set_title(pp, "title") < 0)
		return -1;
	if (pp->node && pp->subtitle && !pp->s->in_notes && set_title(pp, "subtitle") < 0)
		return -1;
	if (!pp->npending)
		return 0;
	cb_node *host = para_host(pp);
	if (!host)
		return -1;
	for (size_t i = 0; i < pp->npending; i++)
		if (place(pp, host, &pp->pending[i]) < 0)
			return -1;
	return 0;
}

static void para_free(dx_para *pp)
{
	for (size_t i = 0; i < pp->npending; i++)
		cb_document_free(pp->pending[i].box);
	free(pp->pending);
	free(pp->alt);
	free(pp->text);
}

static int para_child(void *ctx)
{
	dx_para *pp = ctx;
	if (dx_node_ns(pp->s->x) == DX_NS_W && strcmp(dx_local(pp->s->x), "pPr") == 0)
		return read_ppr(pp);
	return dx_inline(pp);
}

static void para_init(dx_para *pp, dx_story *s, dx_blocks *b)
{
	*pp = (dx_para){.s = s, .b = b, .num_id = -1, .num_level = -1, .outline = -1};
}

static int paragraph(dx_story *s, dx_blocks *b)
{
	dx_para pp;
	para_init(&pp, s, b);
	int rc = dx_children(s, para_child, &pp);
	if (rc == 0)
		rc = finish_paragraph(&pp);
	para_free(&pp);
	return rc;
}

/* Inline markup where blocks belong (a run straight in a cell, say): read as a paragraph of
 * its own rather than lost. */
static int stray_inline(dx_story *s, dx_blocks *b)
{
	dx_para pp;
	para_init(&pp, s, b);
	int rc = dx_inline(&pp);
	if (rc == 0 && (pp.node || pp.npending))
		rc = finish_paragraph(&pp);
	para_free(&pp);
	return rc;
}

/* --- blocks ---------------------------------------------------------------------------------- */

typedef struct block_ctx {
	dx_story *s;
	dx_blocks *b;
} block_ctx;

static int block_child(void *ctx);

/* Block-level elements whose content is displayed as if they were not there. */
static const char *const block_wrappers[] = {
	"sdt", "sdtContent", "customXml", "ins", "moveTo", "smartTag", "body", "docPartBody",
};
/* Block-level elements with nothing to display. */
static const char *const block_skipped[] = {
	"del", "moveFrom", "sectPr", "sdtPr", "sdtEndPr", "customXmlPr", "background",
	"bookmarkStart", "bookmarkEnd", "commentRangeStart", "commentRangeEnd", "proofErr",
	"permStart", "permEnd", "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart",
	"moveToRangeEnd",
};

static int block_w(block_ctx *c, const char *local)
{
	dx_story *s = c->s;
	if (strcmp(local, "p") == 0)
		return paragraph(s, c->b);
	if (strcmp(local, "tbl") == 0) {
		c->b->nlists = 0;
		return dx_table(s, c->b);
	}
	if (dx_in(local, block_wrappers, sizeof block_wrappers / sizeof *block_wrappers))
		return dx_children(s, block_child, c);
	if (dx_in(local, block_skipped, sizeof block_skipped / sizeof *block_skipped))
		return dx_skip(s->x) < 0 ? dx_fail(s->r, CB_E_SYNTAX) : 0;
	if (strcmp(local, "altChunk") == 0) {
		dx_warn(s->r, s->part, cb_xml_line(s->x),
		        "an imported part (w:altChunk) is not read: open and save the document in "
		        "Word to merge it");
		return dx_skip(s->x) < 0 ? dx_fail(s->r, CB_E_SYNTAX) : 0;
	}
	return stray_inline(s, c->b);
}

static int block_child(void *ctx)
{
	block_ctx *c = ctx;
	cb_xml *x = c->s->x;
	switch (dx_node_ns(x)) {
	case DX_NS_W:
		return block_w(c, dx_local(x));
	case DX_NS_MC:
		if (strcmp(dx_local(x), "AlternateContent") == 0)
			return dx_alternate(c->s, block_child, c);
		return dx_skip(x) < 0 ? dx_fail(c->s->r, CB_E_SYNTAX) : 0;
	case DX_NS_M:
		return stray_inline(c->s, c->b);
	default:
		return dx_children(c->s, block_child, c);
	}
}

int dx_block(dx_story *s, dx_blocks *b)
{
	block_ctx c = {s, b};
	return block_child(&c);
}

int dx_blocks_children(dx_story *s, dx_blocks *b)
{
	block_ctx c = {s, b};
	return dx_children(s, block_child, &c);
}

/* --- parts ----------------------------------------------------------------------------------- */

/* Moves to the root element; false (reported) when the part has none. */
static bool to_root(dx_story *s)
{
	int rc;
	while ((rc = cb_xml_next(s->x)) == 1)
		if (cb_xml_type(s->x) == CB_XML_START)
			return true;
	if (rc == 0)
		cb_xml_report(s->x, CB_SEV_ERROR, CB_E_SYNTAX, "the part has no root element");
	dx_fail(s->r, CB_E_SYNTAX);
	return false;
}

int dx_body_load(dx_reader *r, const char *part, const dx_rels *rels)
{
	dx_story s = {.r = r, .part = part, .rels = rels};
	if (!(s.x = cb_xml_open_zip_entry(r->z, part)))
		return dx_fail(r, CB_E_SYNTAX);
	int rc = -1;
	if (to_root(&s)) {
		if (dx_node_ns(s.x) != DX_NS_W || strcmp(dx_local(s.x), "document") != 0) {
			cb_xml_report(s.x, CB_SEV_ERROR, CB_E_INVALID,
			              "the main part is not a WordprocessingML document "
			              "(root <%s>)",
			              dx_local(s.x));
			dx_fail(r, CB_E_INVALID);
		} else {
			dx_blocks b = {.doc = r->doc, .container = cb_document_body(r->doc)};
			rc = dx_blocks_children(&s, &b);
		}
	}
	dx_fields_clear(&s);
	cb_xml_close(s.x);
	return rc;
}

static int add_note(dx_reader *r, int kind, long id, const cb_node *content)
{
	dx_note *grown = realloc(r->notes, (r->nnotes + 1) * sizeof *grown);
	if (!grown) {
		cb_input_report(r->in, CB_SEV_ERROR, CB_E_NOMEM, NULL, 0, "out of memory");
		return dx_fail(r, CB_E_NOMEM);
	}
	r->notes = grown;
	r->notes[r->nnotes++] = (dx_note){.kind = kind, .xml_id = id, .content = content};
	return 0;
}

/* One w:footnote or w:endnote: its blocks go into a div of the notes document. Separators are
 * page furniture, not notes. */
static int read_note(dx_story *s, int kind)
{
	char type[32] = "", id[32] = "";
	dx_attr_buf(s->x, DX_NS_W, "type", type, sizeof type);
	bool has_id = dx_attr_buf(s->x, DX_NS_W, "id", id, sizeof id);
	if ((*type && strcmp(type, "normal") != 0) || !has_id)
		return dx_skip(s->x) < 0 ? dx_fail(s->r, CB_E_SYNTAX) : 0;
	dx_reader *r = s->r;
	cb_node *div = cb_add_div(cb_document_body(r->notes_doc), "note");
	if (!div)
		return dx_tree_failed(r, r->notes_doc, s->part, cb_xml_line(s->x));
	dx_blocks b = {.doc = r->notes_doc, .container = div};
	int rc = dx_blocks_children(s, &b);
	dx_fields_clear(s);
	return rc < 0 ? rc : add_note(r, kind, strtol(id, NULL, 10), div);
}

int dx_notes_load(dx_reader *r, const char *part, const dx_rels *rels, int kind)
{
	if (!r->notes_doc && !(r->notes_doc = dx_stage_new(r)))
		return -1;
	dx_story s = {.r = r, .part = part, .rels = rels, .in_notes = true};
	if (!(s.x = cb_xml_open_zip_entry(r->z, part)))
		return dx_fail(r, CB_E_SYNTAX);
	int rc = -1;
	if (to_root(&s)) {
		const char *element = kind ? "endnote" : "footnote";
		int depth = dx_open_depth(s.x);
		rc = 0;
		while (depth >= 0 && rc == 0 && (rc = dx_next_child(s.x, depth)) == 1) {
			if (dx_node_ns(s.x) == DX_NS_W && strcmp(dx_local(s.x), element) == 0)
				rc = read_note(&s, kind);
			else
				rc = dx_skip(s.x);
		}
		if (rc < 0)
			rc = dx_fail(r, CB_E_SYNTAX);
	}
	cb_xml_close(s.x);
	return rc;
}
