/* The DOCX reader's internal interface: the package (parts, relationships, content types),
 * styles, numbering, metadata, and the streaming parser of the story parts (document, notes,
 * text boxes) that builds the document model.
 *
 * Everything here is internal to the plugin; only the descriptor leaves the shared object. */
#ifndef CB_DOCX_H
#define CB_DOCX_H

#include <casebook/container.h>
#include <casebook/model.h>
#include <casebook/plugin.h>
#include <casebook/xml.h>

#include <stdbool.h>
#include <stddef.h>

/* --- XML ------------------------------------------------------------------------------------- */

/* Namespaces the reader acts on, whatever prefix a file gives them (pandoc's tests include a file
 * whose main namespace is spelled ns0:). Transitional and strict OOXML map to the same value. */
typedef enum dx_ns {
	DX_NS_NONE = 0, /* no namespace (attributes of the package parts) */
	DX_NS_OTHER,    /* one the reader does not act on */
	DX_NS_W,       /* WordprocessingML */
	DX_NS_R,       /* relationship ids in markup */
	DX_NS_MC,      /* markup compatibility (mc:AlternateContent) */
	DX_NS_WP,      /* DrawingML placement in Word (wp:inline, wp:anchor) */
	DX_NS_A,       /* DrawingML */
	DX_NS_PIC,     /* DrawingML pictures */
	DX_NS_V,       /* VML */
	DX_NS_O,       /* VML's Office extensions */
	DX_NS_M,       /* Office Math */
	DX_NS_REL,     /* package relationships (.rels parts) */
	DX_NS_CT,      /* [Content_Types].xml */
	DX_NS_CP,      /* core properties */
	DX_NS_DC,      /* Dublin Core elements */
	DX_NS_DCTERMS, /* Dublin Core terms */
	DX_NS_EP       /* extended (application) properties */
} dx_ns;

/* The namespace of the reader's current node. */
dx_ns dx_node_ns(cb_xml *x);
/* Whether the reader knows what to do with markup in this namespace (for mc:Choice Requires). */
bool dx_ns_understood(const char *uri);
/* The current element's local name (owned by the parser, valid until it moves). */
const char *dx_local(cb_xml *x);
/* The value of the current element's attribute local in namespace ns (DX_NS_NONE for an
 * unprefixed attribute), or NULL. Caller frees with free(). */
char *dx_attr(cb_xml *x, dx_ns ns, const char *local);
/* The same into buf (truncated to size - 1 bytes); false when absent. */
bool dx_attr_buf(cb_xml *x, dx_ns ns, const char *local, char *buf, size_t size);
/* Whether name is one of the n strings of list. */
bool dx_in(const char *name, const char *const *list, size_t n);
/* A w:val-style on/off property: absent or "true", "1", "on" mean on. */
bool dx_on(cb_xml *x);
/* Moves to the next child element of the element at depth. 1 on a child, 0 when that element
 * ends, -1 on error (reported). Skips text, comments and processing instructions. */
int dx_next_child(cb_xml *x, int depth);
/* The depth of the current node, for dx_next_child; -1 when the current element is empty
 * (has no children to visit). */
int dx_open_depth(cb_xml *x);
/* Passes over the current element and everything in it. 0, or -1 on error. */
int dx_skip(cb_xml *x);
/* Calls fn with the character data of the current element (and of its descendants), piece by
 * piece; stops at the element's end. 0, or -1 on error (or when fn returns -1). */
int dx_text(cb_xml *x, int (*fn)(void *ctx, const char *s, size_t len), void *ctx);
/* The text of the current element, whitespace-trimmed, malloc'd; NULL when empty or on error
 * (*failed tells which). */
char *dx_text_dup(cb_xml *x, bool *failed);

/* --- the package ----------------------------------------------------------------------------- */

typedef struct dx_rel {
	char *id;
	char *type;   /* the full relationship type URI */
	char *target; /* as written */
	bool external;
} dx_rel;

typedef struct dx_rels {
	char *source; /* the part the relationships belong to ("" for the package) */
	dx_rel *v;
	size_t n;
} dx_rels;

typedef struct dx_type {
	char *key; /* an extension (lower case) or a part name */
	char *type;
} dx_type;

typedef struct dx_types {
	dx_type *defaults, *overrides;
	size_t ndefaults, noverrides;
} dx_types;

/* --- styles and numbering -------------------------------------------------------------------- */

typedef struct dx_style {
	char *id;
	char *based_on;
	char *name;
	bool paragraph;  /* a paragraph style (else character, table or numbering) */
	bool is_default;
	int outline;     /* w:outlineLvl 0-9, or -1 when not set */
	int name_level;  /* 1-9 when the name says "heading N" in some language, else 0 */
	bool title, subtitle;
	unsigned marks_on, marks_off; /* run properties the style sets and clears */
	long num_id;     /* numbering the style applies (-1 none given, 0 explicitly none) */
	int num_level;   /* its level, or -1 */
} dx_style;

typedef struct dx_styles {
	dx_style *v; /* sorted by id */
	size_t n;
	const dx_style *default_para;
	char *language; /* the default run language, if any */
} dx_styles;

typedef struct dx_level {
	bool defined;
	long start;
	char format[32];  /* w:numFmt */
	char text[32];    /* w:lvlText (UTF-8) */
} dx_level;

#define DX_LEVELS 9

typedef struct dx_counters {
	long value[DX_LEVELS];
	bool started[DX_LEVELS];
} dx_counters;

typedef struct dx_abstract {
	long id;
	dx_level level[DX_LEVELS];
	char *num_style_link; /* the numbering style whose definition this one uses */
	dx_counters counters;
} dx_abstract;

typedef struct dx_num {
	long id;
	long abstract_id;
	bool has_override;           /* some level restarts for this instance */
	bool start_override[DX_LEVELS];
	long start[DX_LEVELS];
	dx_level level[DX_LEVELS];   /* whole-level overrides (defined when given) */
	dx_counters counters;        /* used when has_override */
} dx_num;

typedef struct dx_numbering {
	dx_abstract *abstracts;
	size_t nabstracts;
	dx_num *nums;
	size_t nnums;
} dx_numbering;

/* What a numbered paragraph shows. */
typedef struct dx_list_info {
	bool ordered;
	const char *style; /* static storage or the level's text; NULL when unknown */
	long value;        /* this item's number */
} dx_list_info;

/* --- the reader ------------------------------------------------------------------------------ */

typedef struct dx_note {
	int kind;        /* 0 footnote, 1 endnote */
	long xml_id;
	const cb_node *content; /* a div in the notes document */
	char *model_id;  /* "fn1", once referenced */
} dx_note;

typedef struct dx_media {
	char *part;
	const char *id; /* owned by the document */
} dx_media;

typedef struct dx_reader {
	cb_input *in;
	cb_document *doc;
	cb_zip *z;
	/* Parts read on first need, so that a document without images, lists or notes does not pay
	 * for parsing them (Word writes numbering and note parts into nearly every file). */
	dx_types types;
	bool types_loaded;
	dx_styles styles;
	dx_numbering numbering;
	char *numbering_part;
	bool numbering_loaded;
	char *notes_part[2];
	bool notes_loaded[2];
	cb_document *notes_doc; /* where note bodies are built before they are placed */
	dx_note *notes;
	size_t nnotes;
	unsigned note_count[2]; /* references numbered so far, per kind */
	dx_media *media;
	size_t nmedia;
	bool title_from_body;
	cb_code status; /* the first failure (reported), CB_OK while none */
} dx_reader;

/* Records a failure; the first one decides the read's status. Returns -1 for convenience. */
int dx_fail(dx_reader *r, cb_code code);
/* Reports a builder failure of doc (the document, or a staging document) and fails. */
int dx_tree_failed(dx_reader *r, const cb_document *doc, const char *part, unsigned long line);
/* A recoverable oddity: a warning, never a failure. */
void dx_warn(dx_reader *r, const char *part, unsigned long line, const char *fmt, ...)
	CB_PRINTF(4, 5);
/* A new staging document with the limits of the real one. NULL (reported) on failure. */
cb_document *dx_stage_new(dx_reader *r);

/* package.c */
/* The name of the relationships part of a part ("word/_rels/document.xml.rels"). Caller frees. */
char *dx_rels_name(const char *part);
/* Loads the relationships of part ("" for the package). A missing .rels is an empty set. */
int dx_rels_load(dx_reader *r, const char *part, dx_rels *out);
void dx_rels_free(dx_rels *rels);
const dx_rel *dx_rels_find(const dx_rels *rels, const char *id);
/* The first relationship whose type ends in "/" + suffix (so transitional and strict match). */
const dx_rel *dx_rels_by_type(const dx_rels *rels, const char *suffix);
/* The part a relationship targets, resolved against its source and normalised, as it is named
 * in the ZIP (matched without regard to case when the exact name is absent). Caller frees; NULL
 * when it names nothing in the package. */
char *dx_rel_part(dx_reader *r, const dx_rels *rels, const dx_rel *rel);
/* Resolves a target against the directory of source; caller frees. */
char *dx_resolve(const char *source, const char *target);
/* Loads [Content_Types].xml once. 0, or -1 on failure (reported). */
int dx_types_need(dx_reader *r);
void dx_types_free(dx_types *t);
/* The content type of a part (from an override or its extension's default), or NULL. */
const char *dx_types_of(const dx_types *t, const char *part);
/* The first part whose override has this content type, or NULL. */
const char *dx_types_find_part(const dx_types *t, const char *type);

/* styles.c */
int dx_styles_load(dx_reader *r, const char *part);
/* The fast reading of styles.xml's text into r->styles (stylescan.c): 1 when it read the part,
 * 0 when it declined (r->styles left empty: parse the part with libxml2), -1 when out of
 * memory (reported). */
int dx_styles_scan(dx_reader *r, const char *text, size_t len);
/* Where Word's w:latentStyles list is in styles.xml's text, when it has the plain shape the
 * reader passes over (empty lsdException elements only): [*start, *stop). False otherwise. */
bool dx_latent_styles_span(const char *text, size_t len, const char **start, const char **stop);
/* Whether a style name is a subtitle's, in some language. */
bool dx_subtitle_name(const char *name);
void dx_styles_free(dx_styles *s);
const dx_style *dx_style_find(const dx_styles *s, const char *id);
/* Whether a paragraph style (or one it is based on) is the title, or the subtitle. */
bool dx_style_title(const dx_styles *s, const dx_style *st, bool subtitle);
/* Heading level 1-9 of a paragraph style (following basedOn), or 0. */
int dx_style_heading(const dx_styles *s, const dx_style *st);
/* For an element inside w:rPr: the marks it concerns (0 for other properties), and in *set
 * those it turns on. */
unsigned dx_run_property(cb_xml *x, unsigned *set);
/* The marks a character style applies to marks. */
unsigned dx_style_marks(const dx_styles *s, const dx_style *st, unsigned marks);
/* The numbering a paragraph style carries: numId (0 none) and level. */
void dx_style_numbering(const dx_styles *s, const dx_style *st, long *num_id, int *level);
/* Heading level of a style name ("heading 2", "제목 2", ...), or 0; whether it names the title. */
int dx_heading_name_level(const char *name);
bool dx_title_name(const char *name);

/* numbering.c */
int dx_numbering_load(dx_reader *r, const char *part);
void dx_numbering_free(dx_numbering *n);
/* Counts one more paragraph numbered (num_id, level) and says what it shows: 1, or 0 when the
 * numbering is unknown (the paragraph is then not a list item), -1 when numbering.xml could not
 * be read (reported). */
int dx_numbering_next(dx_reader *r, long num_id, int level, dx_list_info *out);

/* meta.c */
int dx_meta_load(dx_reader *r, const dx_rels *package);

/* copy.c */
/* Appends copies of src's children to dst (another document's node). 0, or -1 when the
 * builder refused (see cb_document_error of dst's document). */
int dx_copy_children(cb_node *dst, const cb_node *src);

/* --- parsing stories ------------------------------------------------------------------------ */

/* Complex fields open at once; deeper ones are passed over (their result still shows). */
#define DX_MAX_FIELDS 32

typedef struct dx_field {
	bool result;  /* past w:fldChar separate: what follows is the displayed result */
	char *instr;  /* the instruction so far (bounded) */
	size_t len;
	char *link;   /* the target of a HYPERLINK field, once its result begins */
} dx_field;

/* One story part being parsed: the main document, a notes part, or a text box inside either. */
typedef struct dx_story {
	dx_reader *r;
	cb_xml *x;
	const char *part;
	const dx_rels *rels;
	dx_field fields[DX_MAX_FIELDS];
	unsigned nfields;
	unsigned lost_fields; /* begun past DX_MAX_FIELDS, ended without being tracked */
	unsigned hidden;      /* open fields still in their instruction: nothing of it shows */
	bool in_notes;        /* references inside notes are not notes of their own */
} dx_story;

typedef struct dx_open_list {
	cb_node *list, *item;
	int level;
	long value; /* the number of the last item */
	bool ordered;
	const char *style;
} dx_open_list;

/* A place that holds blocks (the body, a cell, a note, a text box) and the lists open in it. */
typedef struct dx_blocks {
	cb_document *doc; /* the document container belongs to (maybe a staging one) */
	cb_node *container;
	dx_open_list lists[DX_LEVELS];
	int nlists;
} dx_blocks;

/* What goes after a paragraph: a note it refers to, or a text box anchored in it. */
typedef struct dx_pending {
	size_t note;      /* index in the reader's notes, when box is NULL */
	cb_document *box; /* a staging document holding the text box's blocks */
} dx_pending;

/* A paragraph being read. Its node is created on its first content, so that empty paragraphs
 * (Word writes many) leave nothing behind and do not interrupt lists. */
typedef struct dx_para {
	dx_story *s;
	dx_blocks *b;
	char style[128];
	bool has_style;
	long num_id;   /* direct numbering: -1 when not given */
	int num_level; /* -1 when not given */
	int outline;   /* direct outline level, -1 when not given */
	bool resolved;
	int heading;   /* 1-9, 0 for a paragraph */
	bool title, subtitle, numbered;
	dx_list_info li;
	cb_node *host; /* the container or list item holding the paragraph */
	cb_node *node; /* the paragraph or heading */
	unsigned marks;
	const char *hl_target; /* the open w:hyperlink's target */
	cb_node *link;         /* the link node inlines go into now */
	const char *link_for;  /* the target it was made for */
	bool pending_break;    /* a page break waits for content after it */
	bool trim_lead;        /* after a note's own number: drop the space that follows */
	char *alt;             /* alternative text of the drawing being read */
	/* Text waiting to be added in one piece: Word splits text into a run per few characters,
	 * and adding each piece to the tree would cost a copy and a node-join apiece. */
	char *text;
	size_t text_len, text_cap;
	unsigned text_marks;
	cb_node *text_parent;
	dx_pending *pending;
	size_t npending, cap_pending;
} dx_para;

/* body.c */
/* Reads the current element as a block (or blocks) into b. */
int dx_block(dx_story *s, dx_blocks *b);
/* Visits the children of the current element as blocks. */
int dx_blocks_children(dx_story *s, dx_blocks *b);
/* Where inlines go now (creating the paragraph, its list item, its link); NULL on failure. */
cb_node *dx_inline_parent(dx_para *pp);
/* Whether text read now is displayed (not inside a field instruction). */
bool dx_visible(const dx_story *s);
/* Adds displayed text with the paragraph's current marks. */
int dx_add_text(dx_para *pp, const char *t, size_t len);
/* Queues blocks for after the paragraph. */
int dx_pend(dx_para *pp, size_t note, cb_document *box);
/* Visits the children of mc:AlternateContent's chosen branch with fn. */
int dx_alternate(dx_story *s, int (*fn)(void *ctx), void *ctx);
/* Visits the children of the current element with fn. */
int dx_children(dx_story *s, int (*fn)(void *ctx), void *ctx);

/* inline.c */
/* Reads the current element (and its content) inside a paragraph. */
int dx_inline(dx_para *pp);
/* Forgets the fields of a story. */
void dx_fields_clear(dx_story *s);

/* table.c */
/* Reads the current w:tbl into b's container. */
int dx_table(dx_story *s, dx_blocks *b);

/* reader.c */
/* Loads the notes of a kind (0 footnotes, 1 endnotes) once. 0, or -1 on failure (reported). */
int dx_notes_need(dx_reader *r, int kind);

/* body.c */
/* Parses a story part: the main document into the body, or (notes) every footnote or endnote
 * into the notes document for placing at its reference. */
int dx_body_load(dx_reader *r, const char *part, const dx_rels *rels);
int dx_notes_load(dx_reader *r, const char *part, const dx_rels *rels, int kind);

#endif
