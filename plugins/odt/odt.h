/* The OpenDocument Text reader: what its files share. Internal to the plugin.
 *
 * The reader is written against the public plugin API only (<casebook/plugin.h>, container.h,
 * xml.h), as an outside author would write one. It walks the parts of a package (or the one part
 * of a flat .fodt file) with the host's streaming XML parser, so memory grows with the depth of
 * the markup and the size of the tree, never with the size of a part.
 */
#ifndef CB_ODT_H
#define CB_ODT_H

/* strdup, strcasecmp: POSIX, which -std=c11 alone does not declare. The plugin builds from the
 * public headers alone, without the project's config.h, as an out-of-tree plugin would. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <casebook/xml.h>

#include <stdbool.h>

#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_STYLE "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_DRAW "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
#define NS_FO "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
#define NS_SVG "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
#define NS_META "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
#define NS_MANIFEST "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
#define NS_XLINK "http://www.w3.org/1999/xlink"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_XML "http://www.w3.org/XML/1998/namespace"

/* The marks a style decides (mask) and what it decides them to be (on): a style that says
 * nothing about weight leaves bold to its parent style or to the enclosing span. */
typedef struct odt_marks {
	unsigned mask, on;
} odt_marks;

/* What one level of a list style says about numbering. */
typedef struct odt_level {
	bool ordered;
	long start;
	const char *style; /* a model style name or a bullet character; NULL when unknown */
} odt_level;

typedef enum odt_family { ODT_PARAGRAPH, ODT_TEXT, ODT_LIST } odt_family;

typedef struct odt_style odt_style;
typedef struct odt_media odt_media;
typedef struct odt_listref odt_listref;

/* One read: the input, the document being built, the part being parsed and what the parts
 * before it taught us (styles, the manifest). */
typedef struct odt {
	cb_input *in;
	cb_document *doc;
	cb_zip *zip; /* NULL for a flat .fodt document */
	cb_xml *x;   /* the part being parsed */
	bool failed; /* an error was reported: stop */
	cb_code code;

	odt_style *styles;
	size_t nstyles, cap_styles;
	bool styles_sorted;

	char **manifest; /* path, media type, path, media type, ... (malloc'd) */
	size_t nmanifest;
	bool encrypted;

	odt_media *media; /* package images already in the media store, by path */
	size_t nmedia, cap_media;

	odt_listref *lists; /* numbering to continue, by list id and by style */
	size_t nlists, cap_lists;

	const char *list_style; /* the list style in force inside a list, NULL outside */
	int list_level;         /* 0 outside lists */
	unsigned notes;         /* notes seen, for ids the document leaves out */
	const char **note_ids;  /* the ids given to notes so far (the document owns the strings) */
	size_t nnote_ids, cap_note_ids;
	bool saw_body;
} odt;

/* --- walking the markup (reader.c) ----------------------------------------------------- */

/* An element whose children are being visited. */
typedef struct odt_scope {
	int depth;
	bool done;
} odt_scope;

/* Starts visiting the children of the element the parser is on. */
odt_scope odt_enter(odt *o);
/* Moves to the next direct child (element or text) of the scope: true, or false at the scope's
 * end or after an error. A child the caller does not visit is skipped with its subtree. */
bool odt_next_child(odt *o, odt_scope *s);
/* Whether the parser is on a start tag of this element. */
bool odt_is(odt *o, const char *ns, const char *local);
/* The current node's type (cb_xml_node_type). */
int odt_node_type(odt *o);
/* An attribute of the current element (a copy: free()), or NULL. */
char *odt_attr(odt *o, const char *ns, const char *local);
/* An attribute as a number: def when absent or not a number, clamped to lo..hi. */
long odt_attr_long(odt *o, const char *ns, const char *local, long def, long lo, long hi);
/* All the text inside the current element (malloc'd, NUL-terminated), NULL on failure. */
char *odt_text_content(odt *o);
/* Records a builder failure (the document says why) as the read's error. Returns false when
 * node is NULL, so that callers can write `if (!odt_built(o, n)) return;`. */
bool odt_built(odt *o, const void *node);
/* Reports an error at the current line and stops the read. */
void odt_fail(odt *o, cb_code code, const char *fmt, ...) CB_PRINTF(3, 4);
/* The media type the manifest gives a package path, or NULL. */
const char *odt_manifest_type(const odt *o, const char *path);

/* --- styles (styles.c) ----------------------------------------------------------------- */

/* Reads the styles inside the style container the parser is on (office:styles or
 * office:automatic-styles). A later definition of a name replaces an earlier one. */
void odt_styles_read(odt *o);
/* The marks a paragraph or text style sets, through its parents. */
odt_marks odt_style_marks(odt *o, odt_family family, const char *name);
/* The outline level a paragraph style gives its paragraphs (0: not a heading style). */
int odt_style_outline(odt *o, const char *name);
/* Numbering of a level (1-10) of a list style; unknown styles give an unordered list. */
odt_level odt_list_level(odt *o, const char *list_style, int level);
void odt_styles_free(odt *o);

/* Applies a style's marks over the marks in force. */
static inline unsigned odt_apply(unsigned marks, odt_marks m)
{
	return (marks & ~m.mask) | (m.on & m.mask);
}

/* --- the body (body.c) ------------------------------------------------------------------- */

/* Reads office:body (the parser is on it) into the document. */
void odt_body(odt *o);
void odt_body_free(odt *o);

#endif
