/* casebook: the document model.
 *
 * Every reader produces, and every writer consumes, this one tree:
 *
 *   document (metadata, media store)
 *     body
 *       blocks:  heading, paragraph, list > item, table > row > cell, image, note, div
 *       inlines: text (with marks), break, link, noteref, image
 *
 * Content rules, enforced when a node is added (so a writer never meets a malformed tree):
 *   body, item, cell, note, div   hold blocks
 *   heading, paragraph            hold inlines
 *   link                          holds inlines other than links
 *   list holds items; table holds rows; row holds cells
 *   text, break, noteref, image   hold nothing
 *
 * Memory: every node, string and media object of a document lives in one arena owned by the
 * document; cb_document_free() releases the whole tree at once. Pointers returned by the
 * functions below stay valid until then, and are never to be freed by the caller.
 *
 * Text is always valid UTF-8 without NUL: the builder replaces invalid bytes with U+FFFD and drops
 * control characters other than tab and line feed, so writers need no defensive checks.
 *
 * Threading: a document is not locked. Different documents may be built and read from different
 * threads at once; one document is built by one thread at a time, and may be read by several
 * threads once nobody builds it any more. The name tables (cb_node_kind_name ...) are constant.
 */
#ifndef CASEBOOK_MODEL_H
#define CASEBOOK_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Opaque: a document (its metadata, media store and tree, in one arena), a node of its tree, and
 * an object of its media store. Nodes and media objects belong to their document. */
typedef struct cb_document cb_document;
typedef struct cb_node cb_node;
typedef struct cb_media cb_media;

/* Node kinds. Append-only: writers must skip kinds they do not know (new kinds are added at the
 * end with an ABI minor bump, see docs/ABI.md). */
typedef enum cb_node_kind {
	CB_NODE_BODY = 1,
	CB_NODE_HEADING,
	CB_NODE_PARAGRAPH,
	CB_NODE_LIST,
	CB_NODE_ITEM,
	CB_NODE_TABLE,
	CB_NODE_ROW,
	CB_NODE_CELL,
	CB_NODE_IMAGE,
	CB_NODE_NOTE,
	CB_NODE_DIV,
	CB_NODE_TEXT,
	CB_NODE_BREAK,
	CB_NODE_LINK,
	CB_NODE_NOTEREF,
	CB_NODE_KIND_END_ /* not a kind */
} cb_node_kind;

/* Marks on a text node, combined with |. */
enum {
	CB_MARK_BOLD = 1u << 0,
	CB_MARK_ITALIC = 1u << 1,
	CB_MARK_UNDERLINE = 1u << 2,
	CB_MARK_STRIKE = 1u << 3,
	CB_MARK_SUPERSCRIPT = 1u << 4,
	CB_MARK_SUBSCRIPT = 1u << 5,
	CB_MARK_ALL_ = (1u << 6) - 1 /* every mark this version knows */
};

/* Stable lower-case names used by every serialisation ("heading", "bold", ...). Static storage;
 * NULL for an unknown kind or a value that is not exactly one mark. */
const char *cb_node_kind_name(cb_node_kind kind);
const char *cb_mark_name(unsigned mark);
/* The reverse; 0 when the name is unknown. */
cb_node_kind cb_node_kind_from_name(const char *name);
unsigned cb_mark_from_name(const char *name);

/* --- documents --------------------------------------------------------------------------- */

/* A new empty document (with its empty body). Free with cb_document_free(). NULL if out of memory.
 * Readers never need this: the host passes them a new document. */
cb_document *cb_document_new(void);
/* Frees the document and everything in it (nodes, strings, media); NULL is allowed. Every
 * pointer obtained from the document is invalid afterwards. Readers never free the document they
 * were given. */
void cb_document_free(cb_document *doc);

/* The document's body, the root of its tree (always a CB_NODE_BODY): where a reader adds its
 * blocks and a writer starts its walk. Owned by the document. */
cb_node *cb_document_body(cb_document *doc);
const cb_node *cb_document_body_const(const cb_document *doc);

/* Why the last builder call on this document failed (NULL if none has). Static storage, like
 * every message the builder records. A reader that gets NULL from a builder passes this on. */
const char *cb_document_error(const cb_document *doc);
/* The code of that failure: CB_E_NOMEM, CB_E_LIMIT or CB_E_USAGE (a content rule broken). */
int cb_document_error_code(const cb_document *doc);

/* Limits a builder enforces (a node count and a nesting depth); 0 means unlimited. Set by the
 * host before a reader runs: readers leave them alone. The count of nodes added so far. */
void cb_document_set_node_limit(cb_document *doc, uint64_t max_nodes);
void cb_document_set_depth_limit(cb_document *doc, unsigned max_depth);
uint64_t cb_document_node_count(const cb_document *doc);

/* Memory that lives and dies with the document (for a reader's scratch data): size bytes, or a
 * NUL-terminated copy of len bytes of s. Never freed by the caller; cb_document_free releases it.
 * NULL on failure (see cb_document_error). */
void *cb_document_alloc(cb_document *doc, size_t size);
char *cb_document_strndup(cb_document *doc, const char *s, size_t len);

/* Metadata: an ordered list of key/value pairs; setting a key again replaces its value. Keys in
 * use: title, subtitle, creator, created, modified, subject, keywords, description, language,
 * producer (the application that wrote the input), source (the input's path), format (the reader).
 * Returns 0, or -1 on failure (see cb_document_error). The strings are copied. */
int cb_document_set_meta(cb_document *doc, const char *key, const char *value);
const char *cb_document_meta(const cb_document *doc, const char *key);
size_t cb_document_meta_count(const cb_document *doc);
/* The i-th pair in insertion order; returns false past the end. */
bool cb_document_meta_at(const cb_document *doc, size_t i, const char **key, const char **value);

/* --- media store ------------------------------------------------------------------------- */

/* Add an object (an image, usually). id may be NULL for a generated one ("media1", ...); a given
 * id already in use gets a suffix. media_type is e.g. "image/png"; name is the original file name
 * or NULL. The bytes and strings are copied. Returns the object's id (owned by the document: use
 * it as the image's source), NULL on failure. */
const char *cb_document_add_media(cb_document *doc, const char *id, const char *media_type,
                                  const char *name, const void *data, size_t len);
/* The media objects in the order they were added: their number, the i-th (NULL past the end),
 * and the one with an id (NULL when there is none). Owned by the document. */
size_t cb_document_media_count(const cb_document *doc);
const cb_media *cb_document_media_at(const cb_document *doc, size_t i);
const cb_media *cb_document_find_media(const cb_document *doc, const char *id);
/* A media object's id, media type, original file name and bytes (*len gets their number). All
 * owned by the document. */
const char *cb_media_id(const cb_media *m);
const char *cb_media_type(const cb_media *m);
const char *cb_media_name(const cb_media *m); /* NULL if none */
const unsigned char *cb_media_data(const cb_media *m, size_t *len);

/* --- reading the tree -------------------------------------------------------------------- */
/* The accessors below return the field of a node of the right kind, and 0, false or NULL for a
 * node of another kind. Strings are owned by the document. */

/* A node's kind. Writers skip kinds they do not know (the enum grows). */
cb_node_kind cb_node_get_kind(const cb_node *n);
/* Navigation: the parent (NULL for the body), the first and last child, and the next and previous
 * sibling (NULL at the ends). Owned by the document; walk in document order with first_child and
 * next. Trees can be as deep as max-depth: writers that recurse should expect that. */
const cb_node *cb_node_parent(const cb_node *n);
const cb_node *cb_node_first_child(const cb_node *n);
const cb_node *cb_node_last_child(const cb_node *n);
const cb_node *cb_node_next(const cb_node *n);
const cb_node *cb_node_prev(const cb_node *n);
/* Whether a node is a block or an inline. An image is either: inline when its parent holds
 * inlines (a paragraph, a heading, a link), a block otherwise. */
bool cb_node_is_block(const cb_node *n);
bool cb_node_is_inline(const cb_node *n);

/* TEXT: its UTF-8 content (NUL-terminated, never empty; *len, if not NULL, gets its byte length)
 * and its marks (CB_MARK_* combined with |). */
const char *cb_text_get(const cb_node *n, size_t *len);
unsigned cb_text_marks(const cb_node *n);
/* HEADING: 1 (highest) to 9. */
int cb_heading_level(const cb_node *n);
/* LIST: ordered or bulleted, first number, and the numbering style ("decimal", "lower-alpha",
 * "upper-alpha", "lower-roman", "upper-roman", "hangul" (가나다), "hangul-jamo" (ㄱㄴㄷ),
 * "circled", or a bullet character for bulleted lists; NULL when unknown). */
bool cb_list_ordered(const cb_node *n);
long cb_list_start(const cb_node *n);
const char *cb_list_style(const cb_node *n);
/* CELL: spans (at least 1) and whether it is a header cell. */
unsigned cb_cell_rowspan(const cb_node *n);
unsigned cb_cell_colspan(const cb_node *n);
bool cb_cell_header(const cb_node *n);
/* LINK: the target. */
const char *cb_link_target(const cb_node *n);
/* IMAGE: the media id it shows (or an external URI) and its text alternative (may be NULL). */
const char *cb_image_source(const cb_node *n);
const char *cb_image_alt(const cb_node *n);
/* NOTE and NOTEREF: the id tying a reference to its note; NOTE also has a kind ("footnote",
 * "endnote", or NULL). */
const char *cb_note_id(const cb_node *n);
const char *cb_note_kind(const cb_node *n);
/* DIV: its class and its attributes (ordered key/value pairs). */
const char *cb_div_class(const cb_node *n);
size_t cb_div_attr_count(const cb_node *n);
bool cb_div_attr_at(const cb_node *n, size_t i, const char **key, const char **value);
const char *cb_div_attr(const cb_node *n, const char *key);

/* --- building the tree ------------------------------------------------------------------- */
/* Each adder appends a child to parent and returns it, or NULL when the content rules forbid that
 * child there, a limit is reached or memory runs out (cb_document_error says which; a reader
 * reports it and fails). The strings are copied into the document's arena. NULL as parent gives
 * NULL. Nodes can be appended to any node already built, not only the last one. */

/* A heading of level 1 (highest) to 9; other levels are clamped. */
cb_node *cb_add_heading(cb_node *parent, int level);
/* A paragraph, to be filled with inlines. */
cb_node *cb_add_paragraph(cb_node *parent);
/* A list: ordered (numbered) or bulleted, the first item's number, and a numbering style name or
 * bullet character (see cb_list_style; NULL when unknown). Holds items only. */
cb_node *cb_add_list(cb_node *parent, bool ordered, long start, const char *style);
/* An item of a list, to be filled with blocks. */
cb_node *cb_add_item(cb_node *list);
/* A table (holds rows), a row of it (holds cells), and a cell, to be filled with blocks. A cell
 * spanning rows or columns is added once, where it starts; the places it covers get no cells.
 * Spans of 0 become 1. */
cb_node *cb_add_table(cb_node *parent);
cb_node *cb_add_row(cb_node *table);
cb_node *cb_add_cell(cb_node *row, unsigned rowspan, unsigned colspan, bool header);
/* An image, as a block or inline (by its parent). source is the id of a media object of the
 * document (add the bytes first with cb_document_add_media) or an external URI ("https:...");
 * alt, the text alternative, may be NULL. */
cb_node *cb_add_image(cb_node *parent, const char *source, const char *alt);
/* A note (footnote or endnote), to be filled with blocks. id ties it to its references (every
 * reference needs its note; ids are unique in a document); kind is "footnote", "endnote" or
 * NULL. Readers put notes in the body, after the block that refers to them. */
cb_node *cb_add_note(cb_node *parent, const char *id, const char *kind);
/* A division with a class (may be NULL) and attributes: a grouping the format had (a section, a
 * text box) or one the pipeline makes (a case is a div of class "case"). Holds blocks. */
cb_node *cb_add_div(cb_node *parent, const char *class_name);
/* Sets (or replaces) an attribute of a div. 0, or -1 on failure. */
int cb_div_set_attr(cb_node *div, const char *key, const char *value);
/* A line break inside a paragraph or heading. */
cb_node *cb_add_break(cb_node *parent);
/* A link to target (a URI, as the source document gave it), to be filled with inlines other
 * than links. */
cb_node *cb_add_link(cb_node *parent, const char *target);
/* A reference to the note with this id (add the note too, before or after). */
cb_node *cb_add_noteref(cb_node *parent, const char *id);
/* Appends text with the given marks. Text that follows a text node with the same marks joins it,
 * so a tree has one canonical shape whatever the chunks it was built from. len may be (size_t)-1
 * for a NUL-terminated string. Returns 0, or -1 on failure. */
int cb_add_text(cb_node *parent, const char *utf8, size_t len, unsigned marks);

/* The mutable view of a node a reader built (for readers that revisit their own nodes); NULL when
 * n is not a node of doc. */
cb_node *cb_node_mut(cb_document *doc, const cb_node *n);
/* Change a heading's level afterwards (readers that learn the outline late). */
void cb_heading_set_level(cb_node *n, int level);
/* Remove a node and its subtree from the tree (its memory goes when the document does; it still
 * counts against max-nodes). Readers use it to drop what turned out empty. */
void cb_node_unlink(cb_node *n);

#ifdef __cplusplus
}
#endif
#endif
