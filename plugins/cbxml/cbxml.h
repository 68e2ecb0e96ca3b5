/* cbxml: names and numbers the reader and the writer share, so that the two plugins (each its own
 * shared object) cannot drift apart. The format is described in docs/cbxml.md and, formally, in
 * data/cbxml.rng; a change here is a change of the format and needs a new namespace. */
#ifndef CBXML_H
#define CBXML_H

#define CBXML_NS "urn:casebook:cbxml:1"
#define CBXML_FORMAT_VERSION "1"
#define CBXML_MEDIA_TYPE "application/x-casebook+xml"
#define CBXML_PLUGIN_VERSION "0.1.0"

/* Largest rowspan or colspan the format allows: far beyond any real table, small enough that a
 * consumer laying the table out cannot be made to allocate without bound. */
#define CBXML_MAX_SPAN 10000u

/* The longest run of character data (one text node, one attribute value) libxml2 accepts when it
 * is not in its "huge" mode, which the reader never enables (XML_MAX_TEXT_LENGTH). The writer
 * refuses to write a longer run rather than produce a file the reader cannot read back. */
#define CBXML_MAX_RUN 10000000u

/* Elements, in no particular order but one that is handy for tables indexed by them. */
enum cbxml_element {
	CBXML_DOCUMENT,
	CBXML_META,
	CBXML_ENTRY,
	CBXML_MEDIA,
	CBXML_OBJECT,
	CBXML_BODY,
	CBXML_HEADING,
	CBXML_P,
	CBXML_LIST,
	CBXML_ITEM,
	CBXML_TABLE,
	CBXML_ROW,
	CBXML_CELL,
	CBXML_IMAGE,
	CBXML_NOTE,
	CBXML_DIV,
	CBXML_ATTR,
	CBXML_T,
	CBXML_BR,
	CBXML_LINK,
	CBXML_NOTEREF,
	CBXML_ELEMENT_COUNT /* not an element */
};

/* Attributes (none of them in a namespace). */
enum cbxml_attribute {
	CBXML_A_VERSION,
	CBXML_A_KEY,
	CBXML_A_ID,
	CBXML_A_TYPE,
	CBXML_A_NAME,
	CBXML_A_LEVEL,
	CBXML_A_ORDERED,
	CBXML_A_START,
	CBXML_A_STYLE,
	CBXML_A_ROWSPAN,
	CBXML_A_COLSPAN,
	CBXML_A_HEADER,
	CBXML_A_SRC,
	CBXML_A_ALT,
	CBXML_A_KIND,
	CBXML_A_CLASS,
	CBXML_A_M,
	CBXML_A_HREF,
	CBXML_ATTRIBUTE_COUNT /* not an attribute */
};

/* Inline functions rather than shared arrays: an array one plugin did not use would be a warning,
 * and there is no shared object to hold it. */
static inline const char *cbxml_element_name(enum cbxml_element e)
{
	static const char *const names[CBXML_ELEMENT_COUNT] = {
		[CBXML_DOCUMENT] = "document", [CBXML_META] = "meta",   [CBXML_ENTRY] = "entry",
		[CBXML_MEDIA] = "media",       [CBXML_OBJECT] = "object", [CBXML_BODY] = "body",
		[CBXML_HEADING] = "heading",   [CBXML_P] = "p",         [CBXML_LIST] = "list",
		[CBXML_ITEM] = "item",         [CBXML_TABLE] = "table", [CBXML_ROW] = "row",
		[CBXML_CELL] = "cell",         [CBXML_IMAGE] = "image", [CBXML_NOTE] = "note",
		[CBXML_DIV] = "div",           [CBXML_ATTR] = "attr",   [CBXML_T] = "t",
		[CBXML_BR] = "br",             [CBXML_LINK] = "link",   [CBXML_NOTEREF] = "noteref",
	};
	return (unsigned)e < CBXML_ELEMENT_COUNT ? names[e] : "?";
}

static inline const char *cbxml_attribute_name(enum cbxml_attribute a)
{
	static const char *const names[CBXML_ATTRIBUTE_COUNT] = {
		[CBXML_A_VERSION] = "version", [CBXML_A_KEY] = "key",         [CBXML_A_ID] = "id",
		[CBXML_A_TYPE] = "type",       [CBXML_A_NAME] = "name",       [CBXML_A_LEVEL] = "level",
		[CBXML_A_ORDERED] = "ordered", [CBXML_A_START] = "start",     [CBXML_A_STYLE] = "style",
		[CBXML_A_ROWSPAN] = "rowspan", [CBXML_A_COLSPAN] = "colspan", [CBXML_A_HEADER] = "header",
		[CBXML_A_SRC] = "src",         [CBXML_A_ALT] = "alt",         [CBXML_A_KIND] = "kind",
		[CBXML_A_CLASS] = "class",     [CBXML_A_M] = "m",             [CBXML_A_HREF] = "href",
	};
	return (unsigned)a < CBXML_ATTRIBUTE_COUNT ? names[a] : "?";
}

/* After reading (refs.c): note ids unique, note references and image sources resolved, media
 * types of the form type/subtype. CB_OK, or the error (reported) that refuses the document. */
#include <casebook/plugin.h>
cb_code cbxml_check_references(cb_input *in, const cb_document *doc);

#endif
