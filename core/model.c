/* The document tree: construction under the content rules, and read access. */
#include "config.h"

#include "model_private.h"
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- documents --------------------------------------------------------------------------- */

cb_document *cb_document_new(void)
{
	cb_document *doc = calloc(1, sizeof *doc);
	if (!doc)
		return NULL;
	doc->arena = cbi_arena_new();
	doc->body = doc->arena ? cbi_arena_alloc(doc->arena, sizeof(cb_node)) : NULL;
	if (!doc->body) {
		cbi_arena_free(doc->arena);
		free(doc);
		return NULL;
	}
	doc->body->kind = CB_NODE_BODY;
	doc->body->doc = doc;
	return doc;
}

void cb_document_free(cb_document *doc)
{
	if (!doc)
		return;
	cbi_arena_free(doc->arena);
	free(doc->media);
	free(doc);
}

cb_node *cb_document_body(cb_document *doc) { return doc->body; }
const cb_node *cb_document_body_const(const cb_document *doc) { return doc->body; }
const char *cb_document_error(const cb_document *doc) { return doc->error; }
int cb_document_error_code(const cb_document *doc) { return doc->error_code; }
void cb_document_set_node_limit(cb_document *doc, uint64_t max) { doc->max_nodes = max; }
void cb_document_set_depth_limit(cb_document *doc, unsigned max) { doc->max_depth = max; }
uint64_t cb_document_node_count(const cb_document *doc) { return doc->nodes; }

/* Records why a builder call failed. The messages are static so that recording one can never
 * fail itself. */
static void fail(cb_document *doc, int code, const char *why)
{
	doc->error_code = code;
	doc->error = why;
}

void *cb_document_alloc(cb_document *doc, size_t size)
{
	void *p = cbi_arena_alloc(doc->arena, size);
	if (!p)
		fail(doc, CB_E_NOMEM, "out of memory");
	return p;
}

char *cb_document_strndup(cb_document *doc, const char *s, size_t len)
{
	char *p = cbi_arena_strndup(doc->arena, s, len);
	if (!p)
		fail(doc, CB_E_NOMEM, "out of memory");
	return p;
}

/* A copy of a caller's string, cleaned to the model's text rules; "" for NULL is not wanted, so
 * NULL stays NULL. */
static const char *copy_text(cb_document *doc, const char *s, size_t len, size_t *out_len)
{
	if (!s)
		return NULL;
	if (len == (size_t)-1)
		len = strlen(s);
	if (cbi_utf8_is_clean(s, len)) {
		if (out_len)
			*out_len = len;
		return cb_document_strndup(doc, s, len);
	}
	if (len > (SIZE_MAX - 1) / 3) {
		fail(doc, CB_E_LIMIT, "text too long");
		return NULL;
	}
	char *p = cb_document_alloc(doc, 3 * len + 1);
	if (!p)
		return NULL;
	size_t n = cbi_utf8_clean(s, len, p);
	if (out_len)
		*out_len = n;
	return p;
}

static const char *copy_str(cb_document *doc, const char *s)
{
	return copy_text(doc, s, (size_t)-1, NULL);
}

/* Ordered key/value lists (metadata, div attributes): an array in the arena that doubles as it
 * grows, so positional access is constant time, plus an index by key (made lazily for divs, which
 * mostly have a handful of pairs). Setting a key again replaces its value in place. */
typedef struct pair_list {
	cb_pair **items;
	size_t *count, *cap;
	cbi_map **index;
} pair_list;

enum { INDEX_AFTER = 8 }; /* below this many pairs a scan is as fast as a lookup */

static cb_pair *pairs_find(cb_pair *items, size_t count, const cbi_map *index, const char *key)
{
	if (index) {
		uintptr_t slot = (uintptr_t)cbi_map_get(index, key);
		return slot ? &items[slot - 1] : NULL;
	}
	for (size_t i = 0; i < count; i++)
		if (strcmp(items[i].key, key) == 0)
			return &items[i];
	return NULL;
}

static int index_pair(cb_document *doc, cbi_map *m, cb_pair *items, size_t i)
{
	if (cbi_map_put(doc->arena, m, items[i].key, (void *)(uintptr_t)(i + 1)) == 0)
		return 0;
	fail(doc, CB_E_NOMEM, "out of memory");
	return -1;
}

static int pairs_set(cb_document *doc, pair_list l, const char *key, const char *value)
{
	if (!key || !*key || !value) {
		fail(doc, CB_E_USAGE, "a key and a value are required");
		return -1;
	}
	const char *v = copy_str(doc, value);
	if (!v)
		return -1;
	cb_pair *found = pairs_find(*l.items, *l.count, *l.index, key);
	if (found) {
		found->value = v;
		return 0;
	}
	const char *k = copy_str(doc, key);
	if (!k)
		return -1;
	if (*l.count == *l.cap) {
		size_t cap = *l.cap ? *l.cap * 2 : 4;
		cb_pair *grown = cb_document_alloc(doc, cap * sizeof *grown);
		if (!grown)
			return -1;
		if (*l.count)
			memcpy(grown, *l.items, *l.count * sizeof *grown);
		*l.items = grown;
		*l.cap = cap;
	}
	size_t at = (*l.count)++;
	(*l.items)[at] = (cb_pair){k, v};
	if (*l.index)
		return index_pair(doc, *l.index, *l.items, at);
	if (*l.count < INDEX_AFTER)
		return 0;
	cbi_map *m = cb_document_alloc(doc, sizeof *m);
	if (!m)
		return -1;
	for (size_t i = 0; i < *l.count; i++)
		if (index_pair(doc, m, *l.items, i) != 0)
			return -1;
	*l.index = m;
	return 0;
}

static const char *pairs_get(cb_pair *items, size_t count, const cbi_map *index, const char *key)
{
	const cb_pair *found = pairs_find(items, count, index, key);
	return found ? found->value : NULL;
}

static bool pairs_at(const cb_pair *items, size_t count, size_t i, const char **key,
                     const char **value)
{
	if (i >= count)
		return false;
	if (key)
		*key = items[i].key;
	if (value)
		*value = items[i].value;
	return true;
}

int cb_document_set_meta(cb_document *doc, const char *key, const char *value)
{
	pair_list l = {&doc->meta, &doc->meta_count, &doc->meta_cap, &doc->meta_index};
	return pairs_set(doc, l, key, value);
}

const char *cb_document_meta(const cb_document *doc, const char *key)
{
	return pairs_get(doc->meta, doc->meta_count, doc->meta_index, key);
}

size_t cb_document_meta_count(const cb_document *doc) { return doc->meta_count; }

bool cb_document_meta_at(const cb_document *doc, size_t i, const char **key, const char **value)
{
	return pairs_at(doc->meta, doc->meta_count, i, key, value);
}

/* --- media --------------------------------------------------------------------------------- */

const cb_media *cb_document_find_media(const cb_document *doc, const char *id)
{
	uintptr_t slot = (uintptr_t)cbi_map_get(&doc->media_index, id);
	return slot ? &doc->media[slot - 1] : NULL;
}

const char *cb_document_add_media(cb_document *doc, const char *id, const char *media_type,
                                  const char *name, const void *data, size_t len)
{
	if (!media_type || (!data && len)) {
		fail(doc, CB_E_USAGE, "a media object needs a type and its bytes");
		return NULL;
	}
	/* An id is unique within its document: a taken one gets "-2", "-3", ... */
	char buf[64];
	const char *want = id;
	if (!want) {
		snprintf(buf, sizeof buf, "media%lu", ++doc->media_serial);
		want = buf;
	}
	char *unique = NULL;
	for (unsigned n = 2; cb_document_find_media(doc, want); n++) {
		free(unique);
		if (asprintf(&unique, "%s-%u", id ? id : buf, n) < 0) {
			fail(doc, CB_E_NOMEM, "out of memory");
			return NULL;
		}
		want = unique;
	}
	if (doc->media_count == doc->media_cap) {
		size_t cap = doc->media_cap ? doc->media_cap * 2 : 4;
		cb_media *m = realloc(doc->media, cap * sizeof *m);
		if (!m) {
			free(unique);
			fail(doc, CB_E_NOMEM, "out of memory");
			return NULL;
		}
		doc->media = m;
		doc->media_cap = cap;
	}
	cb_media m = {0};
	m.id = copy_str(doc, want);
	free(unique);
	m.type = copy_str(doc, media_type);
	m.name = name ? copy_str(doc, name) : NULL;
	unsigned char *bytes = cb_document_alloc(doc, len);
	if (!m.id || !m.type || (name && !m.name) || !bytes)
		return NULL;
	if (cbi_map_put(doc->arena, &doc->media_index, m.id, (void *)(uintptr_t)(doc->media_count + 1))) {
		fail(doc, CB_E_NOMEM, "out of memory");
		return NULL;
	}
	if (len)
		memcpy(bytes, data, len);
	m.data = bytes;
	m.len = len;
	doc->media[doc->media_count++] = m;
	return m.id;
}

size_t cb_document_media_count(const cb_document *doc) { return doc->media_count; }

const cb_media *cb_document_media_at(const cb_document *doc, size_t i)
{
	return i < doc->media_count ? &doc->media[i] : NULL;
}

const char *cb_media_id(const cb_media *m) { return m->id; }
const char *cb_media_type(const cb_media *m) { return m->type; }
const char *cb_media_name(const cb_media *m) { return m->name; }

const unsigned char *cb_media_data(const cb_media *m, size_t *len)
{
	if (len)
		*len = m->len;
	return m->data;
}

/* --- reading ------------------------------------------------------------------------------- */

static bool holds_blocks(cb_node_kind k)
{
	return k == CB_NODE_BODY || k == CB_NODE_ITEM || k == CB_NODE_CELL || k == CB_NODE_NOTE ||
	       k == CB_NODE_DIV;
}

static bool holds_inlines(cb_node_kind k)
{
	return k == CB_NODE_HEADING || k == CB_NODE_PARAGRAPH || k == CB_NODE_LINK;
}


cb_node_kind cb_node_get_kind(const cb_node *n) { return n->kind; }
const cb_node *cb_node_parent(const cb_node *n) { return n->parent; }
const cb_node *cb_node_first_child(const cb_node *n) { return n->first; }
const cb_node *cb_node_last_child(const cb_node *n) { return n->last; }
const cb_node *cb_node_next(const cb_node *n) { return n->next; }
const cb_node *cb_node_prev(const cb_node *n) { return n->prev; }

bool cb_node_is_inline(const cb_node *n)
{
	switch (n->kind) {
	case CB_NODE_TEXT:
	case CB_NODE_BREAK:
	case CB_NODE_LINK:
	case CB_NODE_NOTEREF:
		return true;
	case CB_NODE_IMAGE: /* an image is inline when its parent holds inlines */
		return n->parent && holds_inlines(n->parent->kind);
	default:
		return false;
	}
}

bool cb_node_is_block(const cb_node *n)
{
	switch (n->kind) {
	case CB_NODE_HEADING:
	case CB_NODE_PARAGRAPH:
	case CB_NODE_LIST:
	case CB_NODE_TABLE:
	case CB_NODE_NOTE:
	case CB_NODE_DIV:
		return true;
	case CB_NODE_IMAGE:
		return !n->parent || holds_blocks(n->parent->kind);
	default:
		return false;
	}
}

static const char *field_if(const cb_node *n, cb_node_kind k1, cb_node_kind k2, const char *v)
{
	return n->kind == k1 || n->kind == k2 ? v : NULL;
}

const char *cb_text_get(const cb_node *n, size_t *len)
{
	if (n->kind != CB_NODE_TEXT) {
		if (len)
			*len = 0;
		return NULL;
	}
	if (len)
		*len = n->text_len;
	return n->text;
}

unsigned cb_text_marks(const cb_node *n) { return n->kind == CB_NODE_TEXT ? n->marks : 0; }
int cb_heading_level(const cb_node *n) { return n->kind == CB_NODE_HEADING ? (int)n->number : 0; }
bool cb_list_ordered(const cb_node *n) { return n->kind == CB_NODE_LIST && n->flag; }
long cb_list_start(const cb_node *n) { return n->kind == CB_NODE_LIST ? n->number : 0; }
const char *cb_list_style(const cb_node *n) { return field_if(n, CB_NODE_LIST, 0, n->text); }
unsigned cb_cell_rowspan(const cb_node *n) { return n->kind == CB_NODE_CELL ? n->rowspan : 0; }
unsigned cb_cell_colspan(const cb_node *n) { return n->kind == CB_NODE_CELL ? n->colspan : 0; }
bool cb_cell_header(const cb_node *n) { return n->kind == CB_NODE_CELL && n->flag; }
const char *cb_link_target(const cb_node *n) { return field_if(n, CB_NODE_LINK, 0, n->text); }
const char *cb_image_source(const cb_node *n) { return field_if(n, CB_NODE_IMAGE, 0, n->text); }
const char *cb_image_alt(const cb_node *n) { return field_if(n, CB_NODE_IMAGE, 0, n->extra); }
const char *cb_note_id(const cb_node *n)
{
	return field_if(n, CB_NODE_NOTE, CB_NODE_NOTEREF, n->text);
}
const char *cb_note_kind(const cb_node *n) { return field_if(n, CB_NODE_NOTE, 0, n->extra); }
const char *cb_div_class(const cb_node *n) { return field_if(n, CB_NODE_DIV, 0, n->text); }
size_t cb_div_attr_count(const cb_node *n) { return n->kind == CB_NODE_DIV ? n->attr_count : 0; }

bool cb_div_attr_at(const cb_node *n, size_t i, const char **key, const char **value)
{
	return n->kind == CB_NODE_DIV && pairs_at(n->attrs, n->attr_count, i, key, value);
}

const char *cb_div_attr(const cb_node *n, const char *key)
{
	return n->kind == CB_NODE_DIV ? pairs_get(n->attrs, n->attr_count, n->attr_index, key) : NULL;
}

/* --- building ------------------------------------------------------------------------------ */

/* The content rules of model.h in one place. */
static bool allowed(cb_node_kind parent, cb_node_kind child)
{
	switch (child) {
	case CB_NODE_HEADING:
	case CB_NODE_PARAGRAPH:
	case CB_NODE_LIST:
	case CB_NODE_TABLE:
	case CB_NODE_NOTE:
	case CB_NODE_DIV:
		return holds_blocks(parent);
	case CB_NODE_ITEM:
		return parent == CB_NODE_LIST;
	case CB_NODE_ROW:
		return parent == CB_NODE_TABLE;
	case CB_NODE_CELL:
		return parent == CB_NODE_ROW;
	case CB_NODE_IMAGE:
		return holds_blocks(parent) || holds_inlines(parent);
	case CB_NODE_TEXT:
	case CB_NODE_BREAK:
	case CB_NODE_NOTEREF:
		return holds_inlines(parent);
	case CB_NODE_LINK:
		return parent == CB_NODE_HEADING || parent == CB_NODE_PARAGRAPH;
	default:
		return false;
	}
}

static cb_node *append(cb_node *parent, cb_node_kind kind)
{
	if (!parent)
		return NULL;
	cb_document *doc = parent->doc;
	if (!allowed(parent->kind, kind)) {
		fail(doc, CB_E_USAGE, "the content rules do not allow that node there");
		return NULL;
	}
	if (doc->max_nodes && doc->nodes >= doc->max_nodes) {
		fail(doc, CB_E_LIMIT, "the document has more nodes than max-nodes allows");
		return NULL;
	}
	if (doc->max_depth && parent->depth + 1 > doc->max_depth) {
		fail(doc, CB_E_LIMIT, "the document nests deeper than max-depth allows");
		return NULL;
	}
	cb_node *n = cb_document_alloc(doc, sizeof *n);
	if (!n)
		return NULL;
	n->kind = kind;
	n->doc = doc;
	n->depth = parent->depth + 1;
	n->parent = parent;
	n->prev = parent->last;
	if (parent->last)
		parent->last->next = n;
	else
		parent->first = n;
	parent->last = n;
	doc->nodes++;
	return n;
}

/* Sets a node's string field; a failed copy undoes the node so no half-made node stays. */
static cb_node *with_text(cb_node *n, const char **field, const char *value)
{
	if (!n || !value)
		return n;
	*field = copy_str(n->doc, value);
	if (!*field) {
		cb_node_unlink(n);
		return NULL;
	}
	return n;
}

cb_node *cb_add_heading(cb_node *parent, int level)
{
	cb_node *n = append(parent, CB_NODE_HEADING);
	if (n)
		cb_heading_set_level(n, level);
	return n;
}

void cb_heading_set_level(cb_node *n, int level)
{
	if (n->kind == CB_NODE_HEADING)
		n->number = level < 1 ? 1 : level > 9 ? 9 : level;
}

cb_node *cb_add_paragraph(cb_node *parent) { return append(parent, CB_NODE_PARAGRAPH); }

cb_node *cb_add_list(cb_node *parent, bool ordered, long start, const char *style)
{
	cb_node *n = append(parent, CB_NODE_LIST);
	if (!n)
		return NULL;
	n->flag = ordered;
	n->number = start;
	return with_text(n, &n->text, style);
}

cb_node *cb_add_item(cb_node *list) { return append(list, CB_NODE_ITEM); }
cb_node *cb_add_table(cb_node *parent) { return append(parent, CB_NODE_TABLE); }
cb_node *cb_add_row(cb_node *table) { return append(table, CB_NODE_ROW); }

cb_node *cb_add_cell(cb_node *row, unsigned rowspan, unsigned colspan, bool header)
{
	cb_node *n = append(row, CB_NODE_CELL);
	if (n) {
		n->rowspan = rowspan ? rowspan : 1;
		n->colspan = colspan ? colspan : 1;
		n->flag = header;
	}
	return n;
}

cb_node *cb_add_image(cb_node *parent, const char *source, const char *alt)
{
	if (parent && !source) {
		fail(parent->doc, CB_E_USAGE, "an image needs a source");
		return NULL;
	}
	cb_node *n = append(parent, CB_NODE_IMAGE);
	n = n ? with_text(n, &n->text, source) : NULL;
	return n ? with_text(n, &n->extra, alt) : NULL;
}

cb_node *cb_add_note(cb_node *parent, const char *id, const char *kind)
{
	if (parent && (!id || !*id)) {
		fail(parent->doc, CB_E_USAGE, "a note needs an id");
		return NULL;
	}
	cb_node *n = append(parent, CB_NODE_NOTE);
	n = n ? with_text(n, &n->text, id) : NULL;
	return n ? with_text(n, &n->extra, kind) : NULL;
}

cb_node *cb_add_noteref(cb_node *parent, const char *id)
{
	if (parent && (!id || !*id)) {
		fail(parent->doc, CB_E_USAGE, "a note reference needs an id");
		return NULL;
	}
	cb_node *n = append(parent, CB_NODE_NOTEREF);
	return n ? with_text(n, &n->text, id) : NULL;
}

cb_node *cb_add_div(cb_node *parent, const char *class_name)
{
	cb_node *n = append(parent, CB_NODE_DIV);
	return n ? with_text(n, &n->text, class_name) : NULL;
}

int cb_div_set_attr(cb_node *div, const char *key, const char *value)
{
	if (div->kind != CB_NODE_DIV) {
		fail(div->doc, CB_E_USAGE, "only a div has attributes");
		return -1;
	}
	pair_list l = {&div->attrs, &div->attr_count, &div->attr_cap, &div->attr_index};
	return pairs_set(div->doc, l, key, value);
}

cb_node *cb_add_break(cb_node *parent) { return append(parent, CB_NODE_BREAK); }

cb_node *cb_add_link(cb_node *parent, const char *target)
{
	if (parent && !target) {
		fail(parent->doc, CB_E_USAGE, "a link needs a target");
		return NULL;
	}
	cb_node *n = append(parent, CB_NODE_LINK);
	return n ? with_text(n, &n->text, target) : NULL;
}

int cb_add_text(cb_node *parent, const char *utf8, size_t len, unsigned marks)
{
	if (!parent || !utf8)
		return -1;
	if (len == (size_t)-1)
		len = strlen(utf8);
	if (len == 0)
		return 0;
	cb_document *doc = parent->doc;
	marks &= CB_MARK_ALL_;
	size_t clean_len;
	const char *clean = copy_text(doc, utf8, len, &clean_len);
	if (!clean)
		return -1;
	if (clean_len == 0) /* only characters the model does not hold */
		return 0;
	cb_node *last = parent->last;
	if (last && last->kind == CB_NODE_TEXT && last->marks == marks) {
		if (!allowed(parent->kind, CB_NODE_TEXT))
			return -1;
		/* Readers often deliver one run in many chunks (Word splits Korean text into a run per
		 * few characters), so the run grows by doubling its capacity: linear, not quadratic. */
		size_t need = last->text_len + clean_len + 1;
		if (need > last->text_cap) {
			size_t cap = need * 2;
			char *grown = cb_document_alloc(doc, cap);
			if (!grown)
				return -1;
			memcpy(grown, last->text, last->text_len);
			last->text = grown;
			last->text_cap = cap;
		}
		memcpy((char *)last->text + last->text_len, clean, clean_len + 1);
		last->text_len += clean_len;
		return 0;
	}
	cb_node *n = append(parent, CB_NODE_TEXT);
	if (!n)
		return -1;
	n->text = clean;
	n->text_len = clean_len;
	n->marks = marks;
	return 0;
}

cb_node *cb_node_mut(cb_document *doc, const cb_node *n)
{
	return n && n->doc == doc ? (cb_node *)n : NULL;
}

void cb_node_unlink(cb_node *n)
{
	if (!n || !n->parent)
		return;
	if (n->prev)
		n->prev->next = n->next;
	else
		n->parent->first = n->next;
	if (n->next)
		n->next->prev = n->prev;
	else
		n->parent->last = n->prev;
	n->parent = n->prev = n->next = NULL;
}
